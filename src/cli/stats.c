/*
 * stats.c - `himaya stats`: the Presidency's aggregates for a court, a
 * district or the nation over a period (report/stats.c), and with
 * --explain the cases behind one of its figures.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../report/stats.h"
#include "../lib/strbuf.h"
#include "../lib/banned.h"

static const char usage[] =
	"usage: himaya stats (--court CODE | --district CA_CODE | --national)\n"
	"                    [--year Y | --from YYYY-MM-DD --to YYYY-MM-DD] [--platform ncmec|cps]\n"
	"                    [--by DIM[,DIM...]] [--pending-days N] [--json]\n"
	"       himaya stats ... --explain FIELD=VALUE[,FIELD=VALUE...] [--json]\n"
	"       himaya stats --funnel [--court CODE] [--year Y] [--platform P] [--total] [--json]\n"
	"DIM and FIELD: court, district, year, platform, body, subject, decision,\n"
	"first_instance, appeal, cassation, stage; FIELD also pending=DAYS.\n"
	"An empty VALUE means none yet (decision= : no decision recorded).\n";

/* Parse "a,b,c" dimension names. */
static int parse_dims(const char *text, enum stats_dim *dims, size_t *n, struct err *err)
{
	char *copy = strdup(text), *p = copy, *comma;
	int rc = HIM_OK;

	*n = 0;
	if (!copy)
		return err_set(err, HIM_ENOMEM, "out of memory");
	do {
		comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		if (*n == STATS_DIMS_MAX) {
			rc = err_set(err, HIM_EUSAGE, "--by: at most %d dimensions", STATS_DIMS_MAX);
			break;
		}
		if (!stats_dim_parse(p, &dims[*n])) {
			rc = err_set(err, HIM_EUSAGE, "--by: unknown dimension '%s'", p);
			break;
		}
		(*n)++;
		p = comma + 1;
	} while (comma);
	free(copy);
	return rc;
}

/* Apply "f=v,f=v" to the filter; the pieces live in *storage. */
static int parse_explain(char *text, struct case_filter *f, date_t today, struct err *err)
{
	char *p = text, *comma;
	int rc = HIM_OK;

	do {
		comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		char *eq = strchr(p, '=');
		if (!eq)
			return err_set(err, HIM_EUSAGE, "--explain: '%s' is not FIELD=VALUE", p);
		*eq = '\0';
		if ((rc = stats_filter_add(f, p, eq + 1, today, err)) != HIM_OK)
			return err_prefix(err, "--explain");
		p = comma + 1;
	} while (comma);
	return rc;
}

static int explain(struct cli *cli, struct store *st, const struct scope *scope,
		   const struct case_filter *f, bool json)
{
	struct err err = ERR_INIT;
	struct case_list l;
	int rc;

	case_list_init(&l);
	if ((rc = store_case_list(st, scope, f, &l, &err)) != HIM_OK) {
		case_list_release(&l);
		return cli_fail(&err, NULL);
	}
	if (json) {
		json_t *root = json_object(), *cases = json_array();
		for (size_t i = 0; i < l.n; i++)
			json_array_append_new(cases, cli_case_json(st, &l.items[i], false));
		json_object_set_new(root, "count", json_integer((json_int_t)l.n));
		json_object_set_new(root, "cases", cases);
		rc = cli_json_print(root, &err);
	} else {
		printf("%zu %s\n", l.n, cli_pick(cli, "cases", "affaires", "قضية"));
		for (size_t i = 0; i < l.n; i++) {
			char day[DATE_ISO_LEN];
			date_format(l.items[i].registered, day);
			printf("%6lld  %-22s %-18s %s  %s\n", (long long)l.items[i].id, l.items[i].court,
			       l.items[i].file_number, day, case_stage_name(l.items[i].state.stage));
		}
	}
	case_list_release(&l);
	return rc == HIM_OK ? CLI_EXIT_OK : cli_fail(&err, NULL);
}

int cli_stats_command(struct cli *cli, int argc, char **argv)
{
	/* The funnel of referrals has its own options (funnel.c). */
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--funnel") == 0)
			return cli_stats_funnel(cli, argc, argv);
	static const struct option options[] = {
		CLI_REPORT_OPTIONS,
		{ "by", required_argument, NULL, 'b' },
		{ "pending-days", required_argument, NULL, 'P' },
		{ "explain", required_argument, NULL, 'e' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct err err = ERR_INIT;
	struct stats_request r;
	struct cli_report_options report;
	enum stats_dim cross[STATS_DIMS_MAX];
	size_t ncross = 0;
	int c, rc;
	bool json = false;
	char *explain_text = NULL;
	struct store *st;

	stats_request_init(&r);
	r.today = cli->today;
	cli_report_options_init(&report);
	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		rc = HIM_OK;
		switch (c) {
		case 'c':
		case 'd':
		case 'n':
		case 'y':
		case 'f':
		case 't':
		case 'p':
			rc = cli_report_option(&report, c, optarg, &err);
			break;
		case 'b':
			rc = parse_dims(optarg, cross, &ncross, &err);
			break;
		case 'P':
			rc = cli_parse_int("--pending-days", optarg, 0, 100000, &r.pending_days, &err);
			break;
		case 'e':
			explain_text = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			return cli_help(usage);
		default:
			cli_option_error(argv, c, &err);
			return cli_fail(&err, usage);
		}
		if (rc != HIM_OK)
			return cli_fail(&err, usage);
	}
	if (optind < argc) {
		err_set(&err, HIM_EUSAGE, "stats takes no argument ('%s')", argv[optind]);
		return cli_fail(&err, usage);
	}
	if (cli_scope_option_check(&report.scope, &err) != HIM_OK)
		return cli_fail(&err, usage);
	r.scope = report.scope.scope;
	if (cli_period_check(report.year, report.from, report.to, &err) != HIM_OK)
		return cli_fail(&err, usage);
	r.filter.year = report.year;
	r.filter.from = report.from;
	r.filter.to = report.to;
	r.cross = ncross ? cross : NULL;
	r.ncross = ncross;
	if ((rc = cli_store_get(cli, true, &st, &err)) != HIM_OK)
		return cli_fail(&err, usage);
	if ((rc = scope_validate(&r.scope, store_court_map(st), &err)) != HIM_OK)
		return cli_fail(&err, usage);
	if (report.platform[0]) {
		const struct vocab_entry *e = vocab_find(store_vocab(st), VOCAB_PLATFORM, report.platform);
		if (!e) {
			err_set(&err, HIM_EINPUT, "--platform: unknown platform '%s'", report.platform);
			return cli_fail(&err, usage);
		}
		r.filter.platform = e->code;
	}

	if (explain_text) {
		char *copy = strdup(explain_text);
		if (!copy)
			return cli_fail(&err, NULL);
		rc = parse_explain(copy, &r.filter, cli->today, &err);
		if (rc == HIM_OK)
			rc = explain(cli, st, &r.scope, &r.filter, json);
		else
			rc = cli_fail(&err, usage);
		free(copy);
		return rc;
	}

	json_t *stats;
	if ((rc = stats_build(st, &r, &stats, &err)) != HIM_OK)
		return cli_fail(&err, NULL);
	if (json)
		return cli_json_print(stats, &err) == HIM_OK ? CLI_EXIT_OK : cli_fail(&err, NULL);
	struct strbuf text = STRBUF_INIT;
	stats_render_text(stats, cli->lang, &text);
	fputs(text.buf, stdout);
	strbuf_release(&text);
	json_decref(stats);
	return CLI_EXIT_OK;
}
