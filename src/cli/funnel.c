/*
 * funnel.c - `himaya stats --funnel`: referrals -> subjects -> cases
 * opened -> prosecuted -> convicted at first instance, per court, year and
 * platform, with the share lost at each step and why (app/funnel.h).
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/funnel.h"
#include "../lib/banned.h"

static const char usage[] =
	"usage: himaya stats --funnel [--court CODE] [--year Y] [--platform ncmec|cps] [--total]\n"
	"                             [--geoip FILE] [--json]\n"
	"  referrals -> subjects -> cases opened -> prosecuted -> convicted at first instance, per\n"
	"  court (the case's, else the proposed one), year and platform of the first referral;\n"
	"  what each step lost and why. Run 'himaya link' first. --geoip (or HIMAYA_GEOIP): a\n"
	"  MaxMind DB routing the subjects that name no place by their IP addresses.\n";

/* 1 - next/prev, or null when prev is 0. */
static json_t *lost_share(int64_t prev, int64_t next)
{
	return prev ? json_real((double)(prev - next) / (double)prev) : json_null();
}

static json_t *reasons_json(const struct funnel_reasons *r)
{
	json_t *o = json_object();
	size_t i;

	for (i = 0; i < r->n; i++)
		json_object_set_new(o, r->items[i].code, json_integer(r->items[i].n));
	return o;
}

static json_t *group_json(const struct funnel_group *g, bool total)
{
	json_t *o = json_object();

	if (!total) {
		json_object_set_new(o, "court", g->court[0] ? json_string(g->court) : json_null());
		json_object_set_new(o, "year", g->year ? json_integer(g->year) : json_null());
		json_object_set_new(o, "platform", json_string(g->platform));
	}
	json_object_set_new(o, "referrals", json_integer(g->referrals));
	json_object_set_new(o, "subjects", json_integer(g->subjects));
	json_object_set_new(o, "cases", json_integer(g->cases));
	json_object_set_new(o, "prosecuted", json_integer(g->prosecuted));
	json_object_set_new(o, "convicted", json_integer(g->convicted));
	json_object_set_new(o, "lost_no_case", lost_share(g->subjects, g->cases));
	json_object_set_new(o, "lost_not_prosecuted", lost_share(g->cases, g->prosecuted));
	json_object_set_new(o, "lost_not_convicted", lost_share(g->prosecuted, g->convicted));
	json_object_set_new(o, "no_case_why", reasons_json(&g->not_opened));
	json_object_set_new(o, "not_prosecuted_why", reasons_json(&g->not_prosecuted));
	json_object_set_new(o, "not_convicted_why", reasons_json(&g->not_convicted));
	return o;
}

static void reasons_text(const struct funnel_reasons *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		printf(" %s %lld", r->items[i].code, (long long)r->items[i].n);
}

static void group_text(struct cli *cli, const struct funnel_group *g, bool total)
{
	if (total)
		printf("%s\n", cli_pick(cli, "all", "total", "المجموع"));
	else
		printf("%s %d %s\n", g->court[0] ? g->court : cli_pick(cli, "(no court)", "(sans tribunal)", "(بدون محكمة)"),
		       g->year, g->platform);
	printf("  %s %lld -> %s %lld -> %s %lld -> %s %lld -> %s %lld\n",
	       cli_pick(cli, "referrals", "signalements", "الإحالات"), (long long)g->referrals,
	       cli_pick(cli, "subjects", "personnes", "الأشخاص"), (long long)g->subjects,
	       cli_pick(cli, "cases", "dossiers", "القضايا"), (long long)g->cases,
	       cli_pick(cli, "prosecuted", "poursuivis", "المتابعة"), (long long)g->prosecuted,
	       cli_pick(cli, "convicted", "condamnés", "الإدانة"), (long long)g->convicted);
	if (g->not_opened.n) {
		printf("  %s:", cli_pick(cli, "no case", "sans dossier", "بدون قضية"));
		reasons_text(&g->not_opened);
		putchar('\n');
	}
	if (g->not_prosecuted.n) {
		printf("  %s:", cli_pick(cli, "not prosecuted", "non poursuivis", "بدون متابعة"));
		reasons_text(&g->not_prosecuted);
		putchar('\n');
	}
	if (g->not_convicted.n) {
		printf("  %s:", cli_pick(cli, "not convicted", "non condamnés", "بدون إدانة"));
		reasons_text(&g->not_convicted);
		putchar('\n');
	}
}

int cli_stats_funnel(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "funnel", no_argument, NULL, 'F' },
		{ "court", required_argument, NULL, 'c' },
		{ "year", required_argument, NULL, 'y' },
		{ "platform", required_argument, NULL, 'p' },
		{ "total", no_argument, NULL, 't' },
		{ "geoip", required_argument, NULL, 'g' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct funnel_options o;
	struct funnel f;
	struct route_table places, retention;
	struct err err = ERR_INIT;
	struct store *st;
	char court[CODE_MAX], platform[CODE_MAX];
	const char *geoip_path = NULL;
	struct geoip *geoip = NULL;
	bool json = false;
	size_t i;
	int ch, rc;

	memset(&o, 0, sizeof(o));
	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		rc = HIM_OK;
		switch (ch) {
		case 'F': break;
		case 'c':
			if ((rc = cli_parse_code("--court", optarg, court, &err)) == HIM_OK)
				o.court = court;
			break;
		case 'y': rc = cli_parse_int("--year", optarg, 1900, 2999, &o.year, &err); break;
		case 'p':
			if ((rc = cli_parse_code("--platform", optarg, platform, &err)) == HIM_OK)
				o.platform = platform;
			break;
		case 't': o.total = true; break;
		case 'g': geoip_path = optarg; break;
		case 'j': json = true; break;
		case 'h': return cli_help(usage);
		default:
			cli_option_error(argv, ch, &err);
			return cli_fail(&err, usage);
		}
		if (rc != HIM_OK) {
			err.code = HIM_EUSAGE;
			return cli_fail(&err, usage);
		}
	}
	if (optind < argc) {
		err_set(&err, HIM_EUSAGE, "stats --funnel: unexpected argument '%s'", argv[optind]);
		return cli_fail(&err, usage);
	}
	if ((rc = cli_store_get(cli, true, &st, &err)) != HIM_OK)
		return cli_fail(&err, NULL);
	route_table_init(&places);
	route_table_init(&retention);
	funnel_init(&f);
	rc = cli_link_tables(cli, st, &places, &retention, &err);
	if (rc == HIM_OK)
		rc = cli_geoip_open(geoip_path, &geoip, &err);
	o.geoip = geoip;
	o.places = &places;
	o.retention = &retention;
	o.now = (utc_time_t)cli->today * 86400;
	if (rc == HIM_OK)
		rc = funnel_build(st, &o, &f, &err);
	if (rc == HIM_OK && json) {
		json_t *obj = json_object(), *arr = json_array();

		for (i = 0; i < f.n; i++)
			json_array_append_new(arr, group_json(&f.groups[i], o.total));
		json_object_set_new(obj, "funnel", arr);
		rc = cli_json_print(obj, &err);
	} else if (rc == HIM_OK) {
		for (i = 0; i < f.n; i++)
			group_text(cli, &f.groups[i], o.total);
		if (f.n == 0)
			puts(cli_pick(cli, "no subject (run 'himaya link')", "aucune personne (lancer 'himaya link')",
				      "لا يوجد شخص (شغّل 'himaya link')"));
	}
	funnel_release(&f);
	geoip_free(geoip);
	route_table_release(&places);
	route_table_release(&retention);
	return rc == HIM_OK ? CLI_EXIT_OK : cli_fail(&err, NULL);
}
