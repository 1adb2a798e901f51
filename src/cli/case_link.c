/*
 * case_link.c - `himaya case link-referral CASE REF` and
 * `unlink-referral`: saying which referral (NCMEC report, CPS lead) a case
 * came from. The store adds the referral's platform to the case's, so the
 * table's platform column and the statistics come from real data; an
 * unlink removes a platform only the link gave.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

#include "../lib/banned.h"

static const char usage_link[] =
	"usage: himaya case link-referral CASE ID|PLATFORM:REPORTID [--json]\n"
	"       himaya case unlink-referral CASE ID|PLATFORM:REPORTID [--json]\n";

static int link_run(struct cli *cli, int argc, char **argv, bool link)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	/* Writes use the national scope until users and roles exist (as case open). */
	struct scope national = scope_national();
	struct case_record c;
	struct err err = ERR_INIT;
	struct store *st;
	int64_t case_id, referral_id;
	bool json = false;
	int ch, rc;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (ch) {
		case 'j': json = true; break;
		case 'h': return cli_help(usage_link);
		default:
			cli_option_error(argv, ch, &err);
			return cli_fail(&err, usage_link);
		}
	}
	if (optind + 2 != argc) {
		err_set(&err, HIM_EUSAGE, "%s: which case and which referral?", argv[0]);
		return cli_fail(&err, usage_link);
	}
	if (cli_parse_int64("CASE", argv[optind], 1, INT64_MAX, &case_id, &err) != HIM_OK) {
		err.code = HIM_EUSAGE;
		return cli_fail(&err, usage_link);
	}
	if ((rc = cli_store_get(cli, true, &st, &err)) != HIM_OK)
		return cli_fail(&err, NULL);
	if ((rc = cli_referral_resolve(st, argv[optind + 1], &referral_id, &err)) != HIM_OK)
		return cli_fail(&err, usage_link);
	rc = link ? store_case_link_referral(st, &national, case_id, referral_id, &err)
		  : store_case_unlink_referral(st, &national, case_id, referral_id, &err);
	if (rc != HIM_OK)
		return cli_fail(&err, NULL);
	case_record_init(&c);
	rc = store_case_get(st, &national, case_id, &c, &err);
	if (rc == HIM_OK && json) {
		json_t *o = json_object();
		json_object_set_new(o, "case_id", json_integer(case_id));
		json_object_set_new(o, "referral_id", json_integer(referral_id));
		json_object_set_new(o, "linked", json_boolean(link));
		json_object_set_new(o, "platforms", cli_json_code_list(store_vocab(st), VOCAB_PLATFORM, &c.platforms));
		rc = cli_json_print(o, &err);
	} else if (rc == HIM_OK) {
		printf(link ? cli_pick(cli, "referral %lld linked to case %lld\n", "signalement %lld lié au dossier %lld\n",
				       "الإحالة %lld مرتبطة بالقضية %lld\n")
			    : cli_pick(cli, "referral %lld unlinked from case %lld\n",
				       "signalement %lld détaché du dossier %lld\n", "الإحالة %lld لم تعد مرتبطة بالقضية %lld\n"),
		       (long long)referral_id, (long long)case_id);
	}
	case_record_release(&c);
	return rc == HIM_OK ? CLI_EXIT_OK : cli_fail(&err, NULL);
}

int cli_case_link_referral(struct cli *cli, int argc, char **argv)
{
	return link_run(cli, argc, argv, true);
}

int cli_case_unlink_referral(struct cli *cli, int argc, char **argv)
{
	return link_run(cli, argc, argv, false);
}
