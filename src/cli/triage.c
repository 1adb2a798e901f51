/*
 * triage.c - `himaya triage`: a police unit's queue, the subjects not yet
 * led to a case, most urgent first (NCMEC escalation, priority, the ISP's
 * log-retention deadline, recency; core/route.h), filterable by proposed
 * court or to the route-by-hand queue.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/triage.h"
#include "../lib/banned.h"

static const char usage[] =
	"usage: himaya triage [--court CODE | --by-hand | --body dgsn|gr --unit NAME] [--geoip FILE] [--json]\n"
	"  Subjects without a case, most urgent first: escalated, then NCMEC priority (E, 1, 2,\n"
	"  3, informational), then the nearest log-retention deadline (IP time + the ISP's period\n"
	"  in data/retention.tsv, 12 months by default; 'near' within 30 days, 'past' after it),\n"
	"  then the most recent. --court: those proposed for that court; --by-hand: those with no\n"
	"  location or several courts; --body/--unit: a police unit's queue, the subjects proposed\n"
	"  for the courts of the cases it investigates. --geoip FILE (or HIMAYA_GEOIP): a MaxMind\n"
	"  DB; a subject whose referrals name no place is routed by its IP addresses ('geoip').\n";

int cli_triage_command(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "court", required_argument, NULL, 'c' },
		{ "by-hand", no_argument, NULL, 'b' },
		{ "geoip", required_argument, NULL, 'g' },
		{ "body", required_argument, NULL, 'B' },
		{ "unit", required_argument, NULL, 'u' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct triage_options o;
	struct route_table places, retention;
	struct triage_list rows;
	struct err err = ERR_INIT;
	struct store *st;
	char court[CODE_MAX];
	const char *geoip_path = NULL, *body = NULL, *unit = NULL;
	struct geoip *geoip = NULL;
	struct triage_courts courts;
	bool json = false;
	json_t *arr = NULL;
	size_t i;
	int ch, rc;

	memset(&o, 0, sizeof(o));
	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (ch) {
		case 'c':
			if (cli_parse_code("--court", optarg, court, &err) != HIM_OK) {
				err.code = HIM_EUSAGE;
				return cli_fail(&err, usage);
			}
			o.court = court;
			break;
		case 'b': o.by_hand = true; break;
		case 'g': geoip_path = optarg; break;
		case 'B': body = optarg; break;
		case 'u': unit = optarg; break;
		case 'j': json = true; break;
		case 'h': return cli_help(usage);
		default:
			cli_option_error(argv, ch, &err);
			return cli_fail(&err, usage);
		}
	}
	if (optind < argc || (o.court && o.by_hand)) {
		err_set(&err, HIM_EUSAGE, optind < argc ? "triage: unexpected argument" : "triage: --court or --by-hand, not both");
		return cli_fail(&err, usage);
	}
	if ((body != NULL) != (unit != NULL) || (unit && (o.court || o.by_hand))) {
		err_set(&err, HIM_EUSAGE, unit && !body ? "triage: --unit needs --body"
			: "triage: a unit is --body and --unit together, without --court or --by-hand");
		return cli_fail(&err, usage);
	}
	if ((rc = cli_store_get(cli, true, &st, &err)) != HIM_OK)
		return cli_fail(&err, NULL);
	if (o.court && !court_map_latest(store_court_map(st), o.court)) {
		err_set(&err, HIM_EUSAGE, "--court: '%s' is not a court (himaya court list)", o.court);
		return cli_fail(&err, usage);
	}
	route_table_init(&places);
	route_table_init(&retention);
	triage_list_init(&rows);
	triage_courts_init(&courts);
	rc = cli_link_tables(cli, st, &places, &retention, &err);
	if (rc == HIM_OK && unit) {
		const struct vocab_entry *e = vocab_find(store_vocab(st), VOCAB_BODY, body);

		if (!e)
			rc = err_set(&err, HIM_EUSAGE, "--body: '%s' is not an investigating body (dgsn, gr)", body);
		else if ((rc = triage_unit_courts(st, e->code, unit, &courts, &err)) == HIM_OK)
			o.courts = &courts;
		if (e)
			body = e->code; /* an alias ("police") names its code */
	}
	if (rc == HIM_OK)
		rc = cli_geoip_open(geoip_path, &geoip, &err);
	o.geoip = geoip;
	o.places = &places;
	o.retention = &retention;
	o.now = (utc_time_t)cli->today * 86400;
	if (rc == HIM_OK)
		rc = triage_build(st, &o, 0, &rows, &err);
	if (rc == HIM_OK) {
		arr = json ? json_array() : NULL;
		for (i = 0; i < rows.n; i++) {
			if (json)
				json_array_append_new(arr, cli_subject_row_json(st, &rows.rows[i]));
			else
				cli_subject_row_text(cli, &rows.rows[i]);
		}
		if (!json && unit && courts.n == 0)
			puts(cli_pick(cli, "this unit has no case yet, so no court: its queue is empty",
				      "cette unité n'a encore aucun dossier, donc aucun tribunal : sa file est vide",
				      "لا قضية لهذه الوحدة بعد، فلا محكمة لها: قائمتها فارغة"));
		else if (!json && rows.n == 0)
			puts(cli_pick(cli, "nothing to do", "rien à traiter", "لا شيء للمعالجة"));
	}
	if (rc == HIM_OK && json) {
		json_t *obj = json_object();
		json_object_set_new(obj, "count", json_integer((json_int_t)rows.n));
		if (unit) {
			json_t *u = json_object(), *c = json_array();

			for (i = 0; i < courts.n; i++)
				json_array_append_new(c, json_string(courts.code[i]));
			json_object_set_new(u, "body", json_string(body));
			json_object_set_new(u, "unit", json_string(unit));
			json_object_set_new(u, "courts", c);
			json_object_set_new(obj, "unit", u);
		}
		json_object_set_new(obj, "subjects", arr);
		rc = cli_json_print(obj, &err);
	}
	triage_list_release(&rows);
	triage_courts_release(&courts);
	geoip_free(geoip);
	route_table_release(&places);
	route_table_release(&retention);
	return rc == HIM_OK ? CLI_EXIT_OK : cli_fail(&err, NULL);
}
