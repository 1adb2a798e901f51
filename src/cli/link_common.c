/*
 * link_common.c - `himaya link common`: the linking identifier values
 * reported in the most referrals, each with whether data/link-exclude.tsv
 * already keeps it from linking. A value in hundreds of reports is rarely
 * one person: a platform's placeholder, a support account, a shared
 * number. The list is for a person to decide; nothing is excluded here.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

#include "../lib/banned.h"

static const char usage[] =
	"usage: himaya link common [--min N] [--limit N] [--json]\n"
	"  The reported e-mails, phones, P2P GUIDs, accounts and screen names found in at least\n"
	"  --min referrals (default 20), the most common first (at most --limit, default 50), and\n"
	"  whether data/link-exclude.tsv keeps each from linking. docs/linking.md.\n";

struct common_out {
	struct cli *cli;
	const struct link_exclusions *exclude;
	json_t *rows; /* NULL: text */
	int64_t n;
};

static int common_value(const struct link_common_value *v, void *ctx)
{
	struct common_out *co = ctx;
	bool excluded = link_exclusions_has(co->exclude, v->kind, v->value, v->service);

	co->n++;
	if (co->rows) {
		json_t *row = json_object();

		json_object_set_new(row, "kind", json_string(ident_kind_name(v->kind)));
		json_object_set_new(row, "value", json_string(v->value));
		json_object_set_new(row, "service", v->service[0] ? json_string(v->service) : json_null());
		json_object_set_new(row, "referrals", json_integer(v->referrals));
		json_object_set_new(row, "excluded", json_boolean(excluded));
		json_array_append_new(co->rows, row);
		return HIM_OK;
	}
	printf("%8lld  %-12s %s%s%s%s\n", (long long)v->referrals, ident_kind_name(v->kind), v->value,
	       v->service[0] ? " @ " : "", v->service,
	       excluded ? cli_pick(co->cli, "  (excluded)", "  (exclu)", "  (مستبعد)") : "");
	return HIM_OK;
}

int cli_link_common(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "min", required_argument, NULL, 'm' },
		{ "limit", required_argument, NULL, 'l' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct link_exclusions exclude;
	struct common_out co;
	struct err err = ERR_INIT;
	struct store *st;
	int64_t min = 20, limit = 50;
	bool json = false;
	int ch, rc;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (ch) {
		case 'm':
			if (cli_parse_int64("--min", optarg, 2, 1000000, &min, &err) != HIM_OK) {
				err.code = HIM_EUSAGE;
				return cli_fail(&err, usage);
			}
			break;
		case 'l':
			if (cli_parse_int64("--limit", optarg, 1, 1000000, &limit, &err) != HIM_OK) {
				err.code = HIM_EUSAGE;
				return cli_fail(&err, usage);
			}
			break;
		case 'j': json = true; break;
		case 'h': return cli_help(usage);
		default:
			cli_option_error(argv, ch, &err);
			return cli_fail(&err, usage);
		}
	}
	if (optind < argc) {
		err_set(&err, HIM_EUSAGE, "link common: unexpected argument '%s'", argv[optind]);
		return cli_fail(&err, usage);
	}
	if (cli_store_get(cli, true, &st, &err) != HIM_OK)
		return cli_fail(&err, NULL);
	link_exclusions_init(&exclude);
	memset(&co, 0, sizeof(co));
	co.cli = cli;
	co.exclude = &exclude;
	co.rows = json ? json_array() : NULL;
	rc = cli_link_exclusions(cli, &exclude, &err);
	if (rc == HIM_OK)
		rc = store_link_common_values(st, min, limit, common_value, &co, &err);
	link_exclusions_release(&exclude);
	if (rc != HIM_OK) {
		json_decref(co.rows);
		return cli_fail(&err, NULL);
	}
	if (json) {
		json_t *obj = json_object();

		json_object_set_new(obj, "min_referrals", json_integer(min));
		json_object_set_new(obj, "values", co.rows);
		if (cli_json_print(obj, &err) != HIM_OK)
			return cli_fail(&err, NULL);
	} else if (co.n == 0) {
		printf("%s\n", cli_pick(cli, "no value is reported that often",
					"aucune valeur n'est signalée aussi souvent", "لا توجد قيمة مبلغ عنها بهذا التكرار"));
	}
	return CLI_EXIT_OK;
}
