/*
 * demo.c - `himaya demo`: fill an empty database with the demo data set
 * (src/app/demo.c) and say in one line what was made. A database that
 * already holds cases is refused (exit 1): the demo never mixes invented
 * cases with real ones, nor adds a second copy of itself.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

#include "../app/demo.h"
#include "../app/link.h"
#include "../lib/strbuf.h"
#include "../lib/banned.h"

static const char usage[] =
	"usage: himaya demo [--seed N] [--cases N] [--referrals N] [--json]\n"
	"  fills an empty, initialised database with a synthetic data set,\n"
	"  the same for the same seed (default seed 2021, 120 cases);\n"
	"  --referrals N: also a referral behind each case from NCMEC or CPS, and\n"
	"  N referrals without a case received during the year before today,\n"
	"  linked into subjects (himaya link) for the triage queue\n";

/* The referrals and the subjects they make. */
static int demo_referrals_add(struct cli *cli, struct store *st, uint64_t seed, int n,
			      struct demo_referrals_report *rep, struct link_summary *linked, struct err *err)
{
	struct link_options o;
	struct cli_link_data data;
	int rc;

	cli_link_data_init(&data);
	rc = demo_referrals(st, seed, n, cli->today, rep, err);
	if (rc == HIM_OK)
		rc = cli_link_options(cli, st, &o, &data, err);
	if (rc == HIM_OK)
		rc = link_run(st, &o, linked, err);
	cli_link_data_release(&data);
	return rc;
}

int cli_demo_command(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "cases", required_argument, NULL, 'n' },
		{ "referrals", required_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct demo_report report;
	struct demo_referrals_report rep = { 0, 0 };
	struct link_summary linked;
	struct err err = ERR_INIT;
	struct store *st;
	int64_t seed = DEMO_DEFAULT_SEED;
	int cases = DEMO_DEFAULT_CASES, referrals = -1;
	bool json = false;
	int ch, rc;
	char from[DATE_ISO_LEN], to[DATE_ISO_LEN];

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (ch) {
		case 's':
			if (cli_parse_int64("--seed", optarg, 0, INT64_MAX, &seed, &err) != HIM_OK)
				return cli_fail(&err, usage);
			break;
		case 'n':
			if (cli_parse_int("--cases", optarg, 1, DEMO_MAX_CASES, &cases, &err) != HIM_OK)
				return cli_fail(&err, usage);
			break;
		case 'r':
			if (cli_parse_int("--referrals", optarg, 0, DEMO_MAX_CASES, &referrals, &err) != HIM_OK)
				return cli_fail(&err, usage);
			break;
		case 'j': json = true; break;
		case 'h': return cli_help(usage);
		default:
			cli_option_error(argv, ch, &err);
			return cli_fail(&err, usage);
		}
	}
	if (optind < argc) {
		err_set(&err, HIM_EUSAGE, "demo takes no argument ('%s')", argv[optind]);
		return cli_fail(&err, usage);
	}
	if ((rc = cli_store_get(cli, true, &st, &err)) != HIM_OK)
		return cli_fail(&err, usage);
	if ((rc = demo_generate(st, (uint64_t)seed, cases, &report, &err)) != HIM_OK)
		return cli_fail(&err, usage);
	memset(&linked, 0, sizeof(linked));
	if (referrals >= 0 &&
	    (rc = demo_referrals_add(cli, st, (uint64_t)seed, referrals, &rep, &linked, &err)) != HIM_OK)
		return cli_fail(&err, NULL);

	date_format(report.first_registered, from);
	date_format(report.last_registered, to);
	if (json) {
		json_t *o = json_object(), *stages = json_object();
		for (int s = 0; s < STAGE_COUNT; s++)
			json_object_set_new(stages, case_stage_name((enum case_stage)s), json_integer(report.stages[s]));
		json_object_set_new(o, "seed", json_integer(seed));
		json_object_set_new(o, "cases", json_integer(report.cases));
		json_object_set_new(o, "events", json_integer(report.events));
		json_object_set_new(o, "corrections", json_integer(report.corrections));
		json_object_set_new(o, "courts", json_integer(report.courts));
		json_object_set_new(o, "districts", json_integer(report.districts));
		json_object_set_new(o, "first_registered", cli_json_date(report.first_registered));
		json_object_set_new(o, "last_registered", cli_json_date(report.last_registered));
		json_object_set_new(o, "stages", stages);
		if (referrals >= 0) {
			json_object_set_new(o, "referrals", json_integer(rep.referrals));
			json_object_set_new(o, "referrals_linked_to_cases", json_integer(rep.linked));
			json_object_set_new(o, "subjects", json_integer(linked.subjects));
		}
		if ((rc = cli_json_print(o, &err)) != HIM_OK)
			return cli_fail(&err, NULL);
		return CLI_EXIT_OK;
	}
	printf("demo: %d cases (seed %lld) registered %s to %s at %d courts in %d districts, "
	       "%d events of which %d corrections\n", report.cases, (long long)seed, from, to,
	       report.courts, report.districts, report.events, report.corrections);
	if (referrals >= 0)
		printf("demo: %d referrals (%d behind cases), %lld subjects\n", rep.referrals, rep.linked,
		       (long long)linked.subjects);
	return CLI_EXIT_OK;
}
