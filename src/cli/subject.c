/*
 * subject.c - `himaya subject list|show|merge|split`: the subjects the
 * linker made, each with its referrals, why they are linked, the same
 * content seen with other subjects (never a link), its proposed court and
 * its log-retention deadline; and a person's corrections, which every
 * later `link` run replays.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/link.h"
#include "../app/triage.h"
#include "../core/court.h"
#include "../core/ident.h"
#include "../lib/strbuf.h"
#include "../lib/banned.h"

#define USAGE_LIST "usage: himaya subject list [--several] [--geoip FILE] [--json [--members]]\n"
#define USAGE_SHOW "usage: himaya subject show ID [--geoip FILE] [--json]\n"
#define USAGE_MERGE "usage: himaya subject merge ID ID [--note TEXT] [--json]\n"
#define USAGE_SPLIT "usage: himaya subject split ID --referrals REF[,REF...] [--note TEXT] [--json]\n"
static const char usage[] = USAGE_LIST USAGE_SHOW USAGE_MERGE USAGE_SPLIT;

static json_t *time_json(utc_time_t t)
{
	char buf[IDENT_TIME_TEXT_MAX];

	if (t == TIME_NONE)
		return json_null();
	ident_time_format(t, buf);
	return json_string(buf);
}

static const char *priority_name(int rank)
{
	static const char *const names[] = { "E", "1", "2", "3", "informational" };
	return rank >= 0 && rank < 5 ? names[rank] : NULL;
}

/* The row's routing and urgency as JSON fields of o. */
static void add_route_json(struct store *st, json_t *o, const struct triage_row *r)
{
	enum route_status s = route_status(&r->route);
	const struct court_term *t = s == ROUTE_PROPOSED ? court_map_latest(store_court_map(st), r->route.court) : NULL;

	json_object_set_new(o, "route", json_string(route_status_name(s)));
	json_object_set_new(o, "court", s == ROUTE_PROPOSED ? json_string(r->route.court) : json_null());
	/* How sure the proposal is: the referrals' own places, or where the
	 * IP geolocation database puts the addresses ("geoip"). */
	json_object_set_new(o, "court_reason",
			    json_string(s != ROUTE_PROPOSED ? "by_hand" : r->geoip ? "geoip" : "place"));
	json_object_set_new(o, "court_label_ar", t ? json_string(t->name_ar) : json_null());
	json_object_set_new(o, "court_label_fr", t ? json_string(t->name_fr) : json_null());
	if (s == ROUTE_SEVERAL) {
		json_t *c = json_array();
		json_array_append_new(c, json_string(r->route.court));
		json_array_append_new(c, json_string(r->route.other));
		json_object_set_new(o, "courts", c);
	}
	json_object_set_new(o, "escalated", json_boolean(r->sum.escalated));
	json_object_set_new(o, "priority", priority_name(r->sum.priority_rank) ?
			    json_string(priority_name(r->sum.priority_rank)) : json_null());
	json_object_set_new(o, "retention", json_string(deadline_state_name(r->item.state)));
	json_object_set_new(o, "retention_deadline", time_json(r->item.deadline));
}

json_t *cli_subject_row_json(struct store *st, const struct triage_row *r)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(r->sum.id));
	json_object_set_new(o, "referrals", json_integer(r->sum.referrals));
	json_object_set_new(o, "needs_port", json_integer(r->sum.needs_port));
	json_object_set_new(o, "with_case", json_integer(r->sum.with_case));
	json_object_set_new(o, "first_received", time_json(r->sum.first_received));
	json_object_set_new(o, "last_received", time_json(r->sum.last_received));
	add_route_json(st, o, r);
	return o;
}

void cli_subject_row_text(struct cli *cli, const struct triage_row *r)
{
	enum route_status s = route_status(&r->route);
	char when[IDENT_TIME_TEXT_MAX] = "";

	if (r->item.deadline != TIME_NONE)
		ident_time_format(r->item.deadline, when);
	const char *prio = priority_name(r->sum.priority_rank);

	if (r->sum.priority_rank == 4)
		prio = "inf"; /* informational, shortened to keep the columns */
	printf("%-7lld %3lld %-3s %-2s %-22s", (long long)r->sum.id, (long long)r->sum.referrals, prio ? prio : "-",
	       r->sum.escalated ? "!" : "", s == ROUTE_PROPOSED ? r->route.court
	       : cli_pick(cli, "(route by hand)", "(à orienter)", "(توجيه يدوي)"));
	if (s == ROUTE_PROPOSED && r->geoip)
		printf(" (geoip)");
	if (r->item.state == DEADLINE_NEAR)
		printf(" %s %s", cli_pick(cli, "logs expire", "logs expirent", "تنتهي السجلات"), when);
	else if (r->item.state == DEADLINE_PAST)
		printf(" %s", cli_pick(cli, "past retention", "conservation dépassée", "تجاوز مدة الحفظ"));
	if (r->sum.needs_port)
		printf(" [%s]", cli_pick(cli, "needs port", "port requis", "يلزم المنفذ"));
	if (r->sum.with_case)
		printf(" %s", cli_pick(cli, "(case)", "(dossier)", "(قضية)"));
	putchar('\n');
}

/* geoip_path: --geoip's (NULL: HIMAYA_GEOIP's, if any); the database is
 * closed before returning. */
static int tables_and_rows(struct cli *cli, struct store *st, struct triage_options *o, int64_t subject_id,
			   const char *geoip_path, struct route_table *places, struct route_table *retention,
			   struct triage_list *rows, struct err *err)
{
	int rc;

	route_table_init(places);
	route_table_init(retention);
	triage_list_init(rows);
	if ((rc = cli_link_tables(cli, st, places, retention, err)) != HIM_OK)
		return rc;
	if ((rc = cli_geoip_open(geoip_path, &o->geoip, err)) != HIM_OK)
		return rc;
	o->places = places;
	o->retention = retention;
	o->now = (utc_time_t)cli->today * 86400;
	rc = triage_build(st, o, subject_id, rows, err);
	geoip_free(o->geoip);
	o->geoip = NULL;
	return rc;
}

/* --members: each referral into its subject's row (rows keyed by id). */
static int add_member(int64_t referral_id, int64_t subject_id, bool needs_port, void *ctx)
{
	char key[32];
	json_t *row;
	(void)needs_port;

	snprintf(key, sizeof(key), "%lld", (long long)subject_id);
	if ((row = json_object_get(ctx, key)) != NULL)
		json_array_append_new(json_object_get(row, "members"), json_integer(referral_id));
	return HIM_OK;
}

static int by_id(const void *x, const void *y)
{
	int64_t a = ((const struct triage_row *)x)->sum.id, b = ((const struct triage_row *)y)->sum.id;
	return a < b ? -1 : a > b;
}

static int subject_list(struct cli *cli, struct store *st, int argc, char **argv)
{
	static const struct option options[] = {
		{ "several", no_argument, NULL, 's' },
		{ "members", no_argument, NULL, 'm' },
		{ "geoip", required_argument, NULL, 'g' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct triage_options o;
	struct route_table places, retention;
	struct triage_list rows;
	struct err err = ERR_INIT;
	bool json = false, several = false, members = false;
	const char *geoip_path = NULL;
	json_t *arr = NULL, *byid = NULL;
	size_t i, n = 0;
	int ch, rc;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (ch) {
		case 's': several = true; break;
		case 'm': members = true; break;
		case 'g': geoip_path = optarg; break;
		case 'j': json = true; break;
		case 'h': return cli_help(USAGE_LIST);
		default:
			cli_option_error(argv, ch, &err);
			return cli_fail(&err, USAGE_LIST);
		}
	}
	if (optind < argc) {
		err_set(&err, HIM_EUSAGE, "subject list: unexpected argument '%s'", argv[optind]);
		return cli_fail(&err, USAGE_LIST);
	}
	memset(&o, 0, sizeof(o));
	o.with_cases = true;
	rc = tables_and_rows(cli, st, &o, 0, geoip_path, &places, &retention, &rows, &err);
	if (rc == HIM_OK) {
		if (rows.n)
			qsort(rows.rows, rows.n, sizeof(*rows.rows), by_id);
		arr = json ? json_array() : NULL;
		byid = members && json ? json_object() : NULL;
		for (i = 0; i < rows.n; i++) {
			if (several && rows.rows[i].sum.referrals < 2)
				continue;
			n++;
			if (json) {
				json_t *row = cli_subject_row_json(st, &rows.rows[i]);

				json_array_append_new(arr, row);
				if (byid) {
					char key[32];

					snprintf(key, sizeof(key), "%lld", (long long)rows.rows[i].sum.id);
					json_object_set_new(row, "members", json_array());
					json_object_set(byid, key, row);
				}
			} else {
				cli_subject_row_text(cli, &rows.rows[i]);
			}
		}
		if (byid)
			rc = store_subject_members(st, 0, add_member, byid, &err);
		json_decref(byid);
	}
	triage_list_release(&rows);
	route_table_release(&places);
	route_table_release(&retention);
	if (rc != HIM_OK) {
		json_decref(arr);
		return cli_fail(&err, NULL);
	}
	if (json) {
		json_t *obj = json_object();
		json_object_set_new(obj, "count", json_integer((json_int_t)n));
		json_object_set_new(obj, "subjects", arr);
		if (cli_json_print(obj, &err) != HIM_OK)
			return cli_fail(&err, NULL);
	} else if (n == 0) {
		puts(cli_pick(cli, "no subject (run 'himaya link')", "aucune personne (lancer 'himaya link')",
			      "لا يوجد شخص (شغّل 'himaya link')"));
	}
	return CLI_EXIT_OK;
}

/* --- show --- */

struct show_ctx {
	struct cli *cli;
	struct store *st;
	json_t *arr;
	int rc;
	struct err *err;
};

static int show_member(int64_t referral_id, int64_t subject_id, bool needs_port, void *ctx)
{
	struct show_ctx *sc = ctx;
	struct scope national = scope_national();
	struct referral_record rec;
	char when[IDENT_TIME_TEXT_MAX];
	int rc;
	(void)subject_id;

	referral_record_init(&rec);
	if ((rc = store_referral_get(sc->st, &national, referral_id, &rec, sc->err)) != HIM_OK) {
		referral_record_release(&rec);
		return rc;
	}
	if (sc->arr) {
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(rec.id));
		json_object_set_new(o, "platform", json_string(rec.r.platform));
		json_object_set_new(o, "external_id", json_string(rec.r.external_id));
		json_object_set_new(o, "priority", cli_json_text(rec.r.priority));
		json_object_set_new(o, "escalation", cli_json_text(rec.r.escalation));
		json_object_set_new(o, "received_at", time_json(rec.r.received_at));
		json_object_set_new(o, "case_id", rec.case_id ? json_integer(rec.case_id) : json_null());
		json_object_set_new(o, "needs_port", json_boolean(needs_port));
		json_array_append_new(sc->arr, o);
	} else {
		ident_time_format(rec.r.received_at, when);
		printf("  %-6lld %s:%-14s %-3s %s%s\n", (long long)rec.id, rec.r.platform, rec.r.external_id,
		       rec.r.priority ? rec.r.priority : "-", when,
		       needs_port ? cli_pick(sc->cli, "  [needs port]", "  [port requis]", "  [يلزم المنفذ]") : "");
	}
	referral_record_release(&rec);
	return HIM_OK;
}

static int show_link(const struct subject_link *l, void *ctx)
{
	struct show_ctx *sc = ctx;

	if (sc->arr) {
		json_t *o = json_object();
		json_object_set_new(o, "a", json_integer(l->a));
		json_object_set_new(o, "b", json_integer(l->b));
		json_object_set_new(o, "kind", json_string(l->kind));
		json_object_set_new(o, "value", json_string(l->value));
		json_object_set_new(o, "service", l->service[0] ? json_string(l->service) : json_null());
		json_object_set_new(o, "detail", l->detail[0] ? json_string(l->detail) : json_null());
		json_object_set_new(o, "decision", l->decision_id ? json_integer(l->decision_id) : json_null());
		json_array_append_new(sc->arr, o);
	} else {
		printf("  %lld - %lld  %s %s%s%s%s%s\n", (long long)l->a, (long long)l->b, l->kind, l->value,
		       l->service[0] ? " @" : "", l->service, l->detail[0] ? "  " : "", l->detail);
	}
	return HIM_OK;
}

static int show_same(int64_t other_subject, int64_t other_referral, const char *kind, const char *hash, void *ctx)
{
	struct show_ctx *sc = ctx;

	if (sc->arr) {
		json_t *o = json_object();
		json_object_set_new(o, "subject", json_integer(other_subject));
		json_object_set_new(o, "referral", json_integer(other_referral));
		json_object_set_new(o, "hash_type", json_string(kind));
		json_object_set_new(o, "hash", json_string(hash));
		json_array_append_new(sc->arr, o);
	} else {
		printf("  %s %lld (%s %lld)  %s %s\n", cli_pick(sc->cli, "subject", "personne", "الشخص"),
		       (long long)other_subject, cli_pick(sc->cli, "referral", "signalement", "الإحالة"),
		       (long long)other_referral, kind, hash);
	}
	return HIM_OK;
}

static int parse_subject(const char *text, int64_t *id, struct err *err)
{
	if (cli_parse_int64("subject", text, 1, INT64_MAX, id, err) != HIM_OK)
		return err_set(err, HIM_EUSAGE, "'%s' is not a subject id (see 'himaya subject list')", text);
	return HIM_OK;
}

static int subject_show(struct cli *cli, struct store *st, int argc, char **argv)
{
	struct triage_options o;
	struct route_table places, retention;
	struct triage_list rows;
	struct show_ctx sc;
	struct err err = ERR_INIT;
	bool json = false;
	int64_t id = 0;
	const char *idtext = NULL, *geoip_path = NULL;
	int i, rc;
	json_t *obj = NULL;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if (strcmp(argv[i], "--geoip") == 0 && i + 1 < argc)
			geoip_path = argv[++i];
		else if (strncmp(argv[i], "--geoip=", 8) == 0)
			geoip_path = argv[i] + 8;
		else if (strcmp(argv[i], "--help") == 0)
			return cli_help(USAGE_SHOW);
		else if (!idtext)
			idtext = argv[i];
		else {
			err_set(&err, HIM_EUSAGE, "subject show: unexpected argument '%s'", argv[i]);
			return cli_fail(&err, USAGE_SHOW);
		}
	}
	if (!idtext) {
		err_set(&err, HIM_EUSAGE, "subject show: which subject?");
		return cli_fail(&err, USAGE_SHOW);
	}
	if (parse_subject(idtext, &id, &err) != HIM_OK)
		return cli_fail(&err, USAGE_SHOW);
	memset(&o, 0, sizeof(o));
	o.with_cases = true;
	rc = tables_and_rows(cli, st, &o, id, geoip_path, &places, &retention, &rows, &err);
	if (rc == HIM_OK && rows.n == 0)
		rc = err_set(&err, HIM_ENOTFOUND, "no subject %lld (run 'himaya link'; 'himaya subject list' shows them)",
			     (long long)id);
	memset(&sc, 0, sizeof(sc));
	sc.cli = cli;
	sc.st = st;
	sc.err = &err;
	if (rc == HIM_OK) {
		if (json)
			obj = cli_subject_row_json(st, &rows.rows[0]);
		else
			cli_subject_row_text(cli, &rows.rows[0]);
		if (!json)
			puts(cli_pick(cli, "referrals:", "signalements :", "الإحالات:"));
		sc.arr = json ? json_array() : NULL;
		rc = store_subject_members(st, id, show_member, &sc, &err);
		if (json)
			json_object_set_new(obj, "members", sc.arr);
	}
	if (rc == HIM_OK) {
		if (!json)
			puts(cli_pick(cli, "linked because:", "liés parce que :", "سبب الربط:"));
		sc.arr = json ? json_array() : NULL;
		rc = store_subject_links(st, id, show_link, &sc, &err);
		if (json)
			json_object_set_new(obj, "links", sc.arr);
	}
	if (rc == HIM_OK) {
		if (!json)
			puts(cli_pick(cli, "same content (not a link):", "même contenu (pas un lien) :",
				      "نفس المحتوى (ليس ربطا):"));
		sc.arr = json ? json_array() : NULL;
		rc = store_subject_same_content(st, id, show_same, &sc, &err);
		if (json)
			json_object_set_new(obj, "same_content", sc.arr);
	}
	triage_list_release(&rows);
	route_table_release(&places);
	route_table_release(&retention);
	if (rc != HIM_OK) {
		json_decref(obj);
		return cli_fail(&err, NULL);
	}
	if (json && cli_json_print(obj, &err) != HIM_OK)
		return cli_fail(&err, NULL);
	return CLI_EXIT_OK;
}

/* --- merge and split --- */

static int parse_ids(const char *text, int64_t **ids, size_t *n, struct err *err)
{
	struct strbuf one = STRBUF_INIT;
	const char *p = text;
	int rc = HIM_OK;

	*ids = NULL;
	*n = 0;
	while (rc == HIM_OK && *p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		strbuf_reset(&one);
		strbuf_add(&one, p, len);
		*ids = xrealloc(*ids, (*n + 1) * sizeof(**ids));
		rc = cli_parse_int64("--referrals", one.buf, 1, INT64_MAX, &(*ids)[*n], err);
		(*n)++;
		p += len + (comma ? 1 : 0);
	}
	strbuf_release(&one);
	if (rc == HIM_OK && *n == 0)
		rc = err_set(err, HIM_EUSAGE, "--referrals: give referral ids, comma-separated");
	return rc;
}

static int subject_change(struct cli *cli, struct store *st, int argc, char **argv, bool merge)
{
	static const struct option options[] = {
		{ "referrals", required_argument, NULL, 'r' },
		{ "note", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *use = merge ? USAGE_MERGE : USAGE_SPLIT;
	struct link_options o;
	struct cli_link_data data;
	struct err err = ERR_INIT;
	int64_t *ids = NULL, a = 0, b = 0, merged = 0;
	size_t n = 0;
	const char *note = NULL;
	bool json = false;
	int ch, rc;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		rc = HIM_OK;
		switch (ch) {
		case 'r':
			free(ids);
			rc = parse_ids(optarg, &ids, &n, &err);
			break;
		case 'n':
			if ((rc = cli_check_text("--note", optarg, false, &err)) == HIM_OK)
				note = optarg;
			break;
		case 'j': json = true; break;
		case 'h': free(ids); return cli_help(use);
		default:
			free(ids);
			cli_option_error(argv, ch, &err);
			return cli_fail(&err, use);
		}
		if (rc != HIM_OK) {
			free(ids);
			err.code = HIM_EUSAGE;
			return cli_fail(&err, use);
		}
	}
	rc = HIM_OK;
	if (merge && (argc - optind != 2 || n))
		rc = err_set(&err, HIM_EUSAGE, "subject merge: give two subject ids");
	else if (!merge && (argc - optind != 1 || !n))
		rc = err_set(&err, HIM_EUSAGE, "subject split: give one subject id and --referrals");
	if (rc == HIM_OK)
		rc = parse_subject(argv[optind], &a, &err);
	if (rc == HIM_OK && merge)
		rc = parse_subject(argv[optind + 1], &b, &err);
	if (rc != HIM_OK) {
		free(ids);
		return cli_fail(&err, use);
	}
	cli_link_data_init(&data);
	rc = cli_link_options(cli, st, &o, &data, &err);
	if (rc == HIM_OK)
		rc = merge ? link_merge(st, &o, a, b, note, &merged, &err) : link_split(st, &o, a, ids, n, note, &err);
	cli_link_data_release(&data);
	if (rc != HIM_OK) {
		free(ids);
		return cli_fail(&err, NULL);
	}
	if (json) {
		json_t *obj = json_object();
		json_object_set_new(obj, "decision", json_string(merge ? "merge" : "split"));
		json_object_set_new(obj, "subject", json_integer(merge ? merged : a));
		if (cli_json_print(obj, &err) != HIM_OK) {
			free(ids);
			return cli_fail(&err, NULL);
		}
	} else if (merge) {
		printf("%s %lld\n", cli_pick(cli, "merged into subject", "fusionnées dans la personne", "دمجا في الشخص"),
		       (long long)merged);
	} else {
		printf("%s %lld: %zu\n", cli_pick(cli, "split from subject", "séparés de la personne", "فصلت عن الشخص"),
		       (long long)a, n);
	}
	free(ids);
	return CLI_EXIT_OK;
}

int cli_subject_command(struct cli *cli, int argc, char **argv)
{
	struct err err = ERR_INIT;
	struct store *st;
	const char *sub = argc > 1 ? argv[1] : NULL;

	if (!sub || strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
		if (sub)
			return cli_help(usage);
		err_set(&err, HIM_EUSAGE, "subject: list, show, merge or split?");
		return cli_fail(&err, usage);
	}
	if (strcmp(sub, "list") != 0 && strcmp(sub, "show") != 0 && strcmp(sub, "merge") != 0 &&
	    strcmp(sub, "split") != 0) {
		err_set(&err, HIM_EUSAGE, "subject: unknown subcommand '%s'", sub);
		return cli_fail(&err, usage);
	}
	if (cli_store_get(cli, true, &st, &err) != HIM_OK)
		return cli_fail(&err, NULL);
	if (strcmp(sub, "list") == 0)
		return subject_list(cli, st, argc - 1, argv + 1);
	if (strcmp(sub, "show") == 0)
		return subject_show(cli, st, argc - 1, argv + 1);
	return subject_change(cli, st, argc - 1, argv + 1, strcmp(sub, "merge") == 0);
}
