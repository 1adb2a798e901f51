/*
 * link.c - `himaya link`: group the referrals into subjects (incremental
 * after imports, --rebuild from scratch), and say what there is: referrals,
 * subjects, links made by kind, referrals that need a source port. Also
 * the loading of the data files the subject commands share.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/link.h"
#include "../ingest/geoip.h"
#include "../ingest/link_data.h"
#include "../lib/strbuf.h"
#include "../lib/banned.h"

static const char usage[] =
	"usage: himaya link [--rebuild] [--window MINUTES] [--json]\n"
	"       himaya link common [--min N] [--limit N] [--json]\n"
	"  Link referrals into subjects: the same reported e-mail, phone, P2P GUID, account or\n"
	"  screen name (within one service), or the same IP address within the window (default\n"
	"  60 minutes; on CGNAT or proxy addresses only with the same source port). Without\n"
	"  --rebuild only referrals not linked yet are looked at. Values listed in\n"
	"  data/link-exclude.tsv never link; 'link common' shows the candidates. docs/linking.md.\n";

void cli_link_data_init(struct cli_link_data *d)
{
	ip_range_list_init(&d->shared);
	link_exclusions_init(&d->exclude);
}

void cli_link_data_release(struct cli_link_data *d)
{
	ip_range_list_release(&d->shared);
	link_exclusions_release(&d->exclude);
}

int cli_link_exclusions(struct cli *cli, struct link_exclusions *out, struct err *err)
{
	struct strbuf path = STRBUF_INIT;
	int rc;

	strbuf_addf(&path, "%s/link-exclude.tsv", cli->data_dir);
	rc = link_data_exclusions(path.buf, out, err);
	strbuf_release(&path);
	return rc;
}

int cli_link_options(struct cli *cli, struct store *st, struct link_options *o, struct cli_link_data *d,
		     struct err *err)
{
	struct strbuf path = STRBUF_INIT;
	int64_t stored;
	int rc;

	link_options_init(o);
	if ((rc = store_link_window(st, &stored, err)) != HIM_OK)
		return rc;
	if (stored >= 0)
		o->window = stored;
	strbuf_addf(&path, "%s/cgnat.tsv", cli->data_dir);
	rc = link_data_cgnat(path.buf, &d->shared, err);
	strbuf_release(&path);
	if (rc == HIM_OK)
		rc = cli_link_exclusions(cli, &d->exclude, err);
	o->shared = &d->shared;
	o->exclude = &d->exclude;
	return rc;
}

int cli_link_tables(struct cli *cli, struct store *st, struct route_table *places, struct route_table *retention,
		    struct err *err)
{
	return link_data_tables(cli->data_dir, store_court_map(st), places, retention, err);
}

int cli_geoip_open(const char *option, struct geoip **out, struct err *err)
{
	const char *path = option ? option : getenv("HIMAYA_GEOIP");

	*out = NULL;
	if (!path || !path[0]) {
		if (option)
			return err_set(err, HIM_EUSAGE, "--geoip: which MaxMind DB file?");
		return HIM_OK;
	}
	return geoip_open(path, out, err);
}

static void print_text(struct cli *cli, const struct link_summary *s)
{
	int i;
	bool any = false;

	if (s->rebuilt)
		puts(cli_pick(cli, "rebuilt from scratch", "recalculé entièrement", "أعيد الحساب كاملا"));
	printf("%s: %lld (%s: %lld, %s: %lld)\n", cli_pick(cli, "referrals", "signalements", "الإحالات"),
	       (long long)s->referrals, cli_pick(cli, "new", "nouveaux", "جديدة"), (long long)s->new_referrals,
	       cli_pick(cli, "changed since linked", "modifiés depuis le lien", "تغيرت منذ ربطها"),
	       (long long)s->changed_referrals);
	printf("%s: %lld (%s: %lld)\n", cli_pick(cli, "subjects", "personnes", "الأشخاص المعنيون"),
	       (long long)s->subjects, cli_pick(cli, "with several referrals", "avec plusieurs signalements",
						  "بعدة إحالات"),
	       (long long)s->multi_subjects);
	printf("%s:", cli_pick(cli, "links made", "liens établis", "الروابط المنشأة"));
	for (i = 0; i < LINK_KIND_COUNT; i++)
		if (s->links[i]) {
			printf(" %s %lld", link_kind_at(i), (long long)s->links[i]);
			any = true;
		}
	printf("%s\n", any ? "" : " 0");
	printf("%s: %lld\n", cli_pick(cli, "needs port", "port requis", "يلزم المنفذ"), (long long)s->needs_port);
	if (s->excluded_values)
		printf("%s: %lld\n", cli_pick(cli, "values that never link (data/link-exclude.tsv)",
					      "valeurs qui ne lient jamais (data/link-exclude.tsv)",
					      "قيم لا تربط أبدا (data/link-exclude.tsv)"),
		       (long long)s->excluded_values);
}

int cli_link_command(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "rebuild", no_argument, NULL, 'r' },
		{ "window", required_argument, NULL, 'w' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct link_options o;
	struct link_summary s;
	struct cli_link_data data;
	struct err err = ERR_INIT;
	struct store *st;
	bool json = false, rebuild = false;
	int64_t window = -1;
	int ch, rc, i;

	if (argc > 1 && strcmp(argv[1], "common") == 0)
		return cli_link_common(cli, argc - 1, argv + 1);
	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (ch) {
		case 'r': rebuild = true; break;
		case 'w':
			if (cli_parse_int64("--window", optarg, 0, 7 * 24 * 60, &window, &err) != HIM_OK) {
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
		err_set(&err, HIM_EUSAGE, "link: unexpected argument '%s'", argv[optind]);
		return cli_fail(&err, usage);
	}
	if ((rc = cli_store_get(cli, true, &st, &err)) != HIM_OK)
		return cli_fail(&err, NULL);
	cli_link_data_init(&data);
	if ((rc = cli_link_options(cli, st, &o, &data, &err)) == HIM_OK) {
		if (window >= 0)
			o.window = window * 60;
		o.rebuild = rebuild;
		rc = link_run(st, &o, &s, &err);
	}
	cli_link_data_release(&data);
	if (rc != HIM_OK)
		return cli_fail(&err, NULL);
	if (json) {
		json_t *obj = json_object(), *links = json_object();

		json_object_set_new(obj, "rebuilt", json_boolean(s.rebuilt));
		json_object_set_new(obj, "window_minutes", json_integer(o.window / 60));
		json_object_set_new(obj, "referrals", json_integer(s.referrals));
		json_object_set_new(obj, "new_referrals", json_integer(s.new_referrals));
		json_object_set_new(obj, "changed_referrals", json_integer(s.changed_referrals));
		json_object_set_new(obj, "subjects", json_integer(s.subjects));
		json_object_set_new(obj, "subjects_with_several", json_integer(s.multi_subjects));
		for (i = 0; i < LINK_KIND_COUNT; i++)
			json_object_set_new(links, link_kind_at(i), json_integer(s.links[i]));
		json_object_set_new(obj, "links", links);
		json_object_set_new(obj, "needs_port", json_integer(s.needs_port));
		json_object_set_new(obj, "excluded_values", json_integer(s.excluded_values));
		if (cli_json_print(obj, &err) != HIM_OK)
			return cli_fail(&err, NULL);
	} else {
		print_text(cli, &s);
	}
	return CLI_EXIT_OK;
}
