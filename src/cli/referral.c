/*
 * referral.c - `himaya referral list|show`: the referrals imported from
 * NCMEC and CPS, as they were given (platform, report id, priority,
 * incident type, ESP or P2P network, identifiers, IP events, files and
 * hashes, locations), their revisions, and the case each led to.
 *
 * Referrals are not routed to courts yet: the CLI reads them in the
 * national scope, like the other commands until users and roles exist.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/ident.h"
#include "../lib/strbuf.h"
#include "../lib/banned.h"

#define USAGE_LIST \
	"usage: himaya referral list [--platform ncmec|cps] [--linked|--unlinked]\n" \
	"                            [--ip ADDRESS|CIDR] [--ident VALUE] [--from DATE] [--to DATE]\n" \
	"                            [--after ID] [--limit N] [--json]\n"
#define USAGE_SHOW \
	"usage: himaya referral show ID|PLATFORM:REPORTID [--json]\n"

static const char usage_list[] = USAGE_LIST;
static const char usage_show[] = USAGE_SHOW;
static const char usage[] = USAGE_LIST USAGE_SHOW;

int cli_referral_resolve(struct store *st, const char *ref, int64_t *id, struct err *err)
{
	const char *colon = strchr(ref, ':');
	struct scope national = scope_national();
	struct referral_record rec;
	int rc;

	if (!colon) {
		if (cli_parse_int64("referral", ref, 1, INT64_MAX, id, err) != HIM_OK)
			return err_set(err, HIM_EUSAGE, "'%s' is not a referral (an id, or PLATFORM:REPORTID such"
				       " as ncmec:120334455)", ref);
		return HIM_OK;
	}
	{
		char platform[CODE_MAX];
		struct strbuf p = STRBUF_INIT;

		strbuf_add(&p, ref, (size_t)(colon - ref));
		rc = cli_parse_code("referral", p.buf, platform, err);
		strbuf_release(&p);
		if (rc != HIM_OK || !colon[1] || cli_check_text("referral", colon + 1, false, err) != HIM_OK)
			return err_set(err, HIM_EUSAGE, "'%s' is not a referral (an id, or PLATFORM:REPORTID)", ref);
		referral_record_init(&rec);
		rc = store_referral_find(st, &national, platform, colon + 1, &rec, err);
		*id = rec.id;
		referral_record_release(&rec);
	}
	return rc;
}

static json_t *time_json(utc_time_t t)
{
	char buf[IDENT_TIME_TEXT_MAX];

	if (t == TIME_NONE)
		return json_null();
	ident_time_format(t, buf);
	return json_string(buf);
}

static json_t *summary_json(const struct vocab *v, const struct referral_record *rec)
{
	const struct referral *r = &rec->r;
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(rec->id));
	cli_json_add_code(o, "platform", v, VOCAB_PLATFORM, r->platform);
	json_object_set_new(o, "external_id", json_string(r->external_id));
	json_object_set_new(o, "priority", cli_json_text(r->priority));
	json_object_set_new(o, "escalation", cli_json_text(r->escalation));
	json_object_set_new(o, "incident_type", cli_json_text(r->incident_type));
	json_object_set_new(o, "esp", cli_json_text(r->esp));
	json_object_set_new(o, "network", cli_json_text(r->network));
	json_object_set_new(o, "client", cli_json_text(r->client));
	json_object_set_new(o, "received_at", time_json(r->received_at));
	json_object_set_new(o, "case_id", rec->case_id ? json_integer(rec->case_id) : json_null());
	json_object_set_new(o, "identifiers", json_integer(rec->nidents));
	json_object_set_new(o, "ip_events", json_integer(rec->nip_events));
	json_object_set_new(o, "files", json_integer(rec->nfiles));
	return o;
}

/* --- list --- */

struct list_ctx {
	struct cli *cli;
	const struct vocab *v;
	json_t *rows; /* NULL: text */
	int64_t n;
};

static int list_row(const struct referral_record *rec, void *ctx)
{
	struct list_ctx *lc = ctx;
	const struct referral *r = &rec->r;
	char when[IDENT_TIME_TEXT_MAX];

	lc->n++;
	if (lc->rows)
		return json_array_append_new(lc->rows, summary_json(lc->v, rec)) == 0 ? 0 : HIM_ENOMEM;
	ident_time_format(r->received_at, when);
	printf("%-6lld %-6s %-14s %-3s %-20s %3lld IP  ", (long long)rec->id, r->platform, r->external_id,
	       r->priority ? r->priority : "-", when[0] ? when : "-", (long long)rec->nip_events);
	if (rec->case_id)
		printf("%s %lld\n", cli_pick(lc->cli, "case", "dossier", "القضية"), (long long)rec->case_id);
	else
		printf("%s\n", cli_pick(lc->cli, "(no case)", "(sans dossier)", "(بدون قضية)"));
	return 0;
}

static int time_option(const char *option, const char *text, bool end, utc_time_t *out, struct err *err)
{
	date_t d;

	if (cli_parse_date(option, text, &d, err) != HIM_OK)
		return err->code;
	*out = (utc_time_t)d * 86400 + (end ? 86399 : 0);
	return HIM_OK;
}

/* Print the referrals f matches, as a list or JSON; an exit status. */
static int list_print(struct cli *cli, const struct referral_filter *f, bool json)
{
	struct scope national = scope_national();
	struct list_ctx lc;
	struct err err = ERR_INIT;
	struct store *st;
	int rc;

	if ((rc = cli_store_get(cli, true, &st, &err)) != HIM_OK)
		return cli_fail(&err, NULL);
	memset(&lc, 0, sizeof(lc));
	lc.cli = cli;
	lc.v = store_vocab(st);
	lc.rows = json ? json_array() : NULL;
	rc = store_referral_list(st, &national, f, list_row, &lc, &err);
	if (rc != HIM_OK) {
		json_decref(lc.rows);
		return cli_fail(&err, NULL);
	}
	if (json) {
		json_t *o = json_object();
		json_object_set_new(o, "count", json_integer(lc.n));
		json_object_set_new(o, "referrals", lc.rows);
		if (cli_json_print(o, &err) != HIM_OK)
			return cli_fail(&err, NULL);
	} else if (lc.n == 0) {
		puts(cli_pick(cli, "no referral", "aucun signalement", "لا توجد إحالة"));
	}
	return CLI_EXIT_OK;
}

static int referral_list(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "platform", required_argument, NULL, 'p' },
		{ "linked", no_argument, NULL, 'L' },
		{ "unlinked", no_argument, NULL, 'U' },
		{ "ip", required_argument, NULL, 'i' },
		{ "ident", required_argument, NULL, 'I' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "after", required_argument, NULL, 'a' },
		{ "limit", required_argument, NULL, 'l' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct referral_filter f;
	struct err err = ERR_INIT;
	struct strbuf ident = STRBUF_INIT;
	char platform[CODE_MAX];
	bool json = false;
	int ch, rc = HIM_OK;

	referral_filter_init(&f);
	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		rc = HIM_OK;
		switch (ch) {
		case 'p':
			if ((rc = cli_parse_code("--platform", optarg, platform, &err)) == HIM_OK)
				f.platform = platform;
			break;
		case 'L': f.linked = 1; break;
		case 'U': f.linked = 0; break;
		case 'i': rc = referral_filter_ip(&f, optarg, &err); break;
		case 'I':
			/* As stored: "06 12 34 56 78" finds +212612345678. */
			if ((rc = ident_search_normalise(optarg, &ident, &err)) == HIM_OK)
				f.ident = ident.buf;
			else
				err_prefix(&err, "--ident: ");
			break;
		case 'f': rc = time_option("--from", optarg, false, &f.from, &err); break;
		case 't': rc = time_option("--to", optarg, true, &f.to, &err); break;
		case 'a': rc = cli_parse_int64("--after", optarg, 0, INT64_MAX, &f.after_id, &err); break;
		case 'l': rc = cli_parse_int("--limit", optarg, 1, 1000000, &f.limit, &err); break;
		case 'j': json = true; break;
		case 'h':
			strbuf_release(&ident);
			return cli_help(usage_list);
		default:
			cli_option_error(argv, ch, &err);
			rc = HIM_EUSAGE;
		}
		if (rc != HIM_OK)
			break;
	}
	if (rc == HIM_OK && optind < argc)
		rc = err_set(&err, HIM_EUSAGE, "referral list: unexpected argument '%s'", argv[optind]);
	if (rc != HIM_OK) {
		err.code = HIM_EUSAGE;
		strbuf_release(&ident);
		return cli_fail(&err, usage_list);
	}
	rc = list_print(cli, &f, json);
	strbuf_release(&ident);
	return rc;
}

/* --- show --- */

static json_t *record_json(struct store *st, const struct referral_record *rec)
{
	const struct referral *r = &rec->r;
	json_t *o = summary_json(store_vocab(st), rec);
	json_t *a;

	json_object_set_new(o, "annotations", cli_json_text(r->annotations));
	json_object_set_new(o, "incident_at", time_json(r->incident_at));
	json_object_set_new(o, "notes", cli_json_text(r->notes));
	json_object_set_new(o, "content_dropped", json_integer(r->content_dropped));
	json_object_set_new(o, "fingerprint", json_string(rec->fingerprint));
	json_object_set_new(o, "source_file", cli_json_text(r->source_file));
	json_object_set_new(o, "source_line", r->source_line > 0 ? json_integer(r->source_line) : json_null());
	json_object_set_new(o, "created_at", cli_json_text(rec->created_at));
	json_object_set_new(o, "updated_at", cli_json_text(rec->updated_at));

	a = json_array();
	for (size_t i = 0; i < r->nidents; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:o}", "kind", ident_kind_name(r->idents[i].kind),
						   "role", ident_role_name(r->idents[i].role), "value", r->idents[i].value,
						   "service", cli_json_text(r->idents[i].service)));
	json_object_set_new(o, "identifiers", a);
	a = json_array();
	for (size_t i = 0; i < r->nip_events; i++) {
		const struct ip_event *e = &r->ip_events[i];
		json_array_append_new(a, json_pack("{s:s, s:o, s:o, s:o, s:o, s:s}", "ip", e->ip, "at", time_json(e->at),
						   "port", e->port >= 0 ? json_integer(e->port) : json_null(),
						   "proxy", e->proxy < 0 ? json_null() : json_boolean(e->proxy),
						   "event", e->event[0] ? json_string(e->event) : json_null(),
						   "role", ident_role_name(e->role)));
	}
	json_object_set_new(o, "ip_events", a);
	a = json_array();
	for (size_t i = 0; i < r->nfiles; i++) {
		const struct referral_file *f = &r->files[i];
		json_t *x = json_object();
		json_object_set_new(x, "name", cli_json_text(f->name));
		json_object_set_new(x, "md5", f->md5[0] ? json_string(f->md5) : json_null());
		json_object_set_new(x, "sha1", f->sha1[0] ? json_string(f->sha1) : json_null());
		json_object_set_new(x, "sha256", f->sha256[0] ? json_string(f->sha256) : json_null());
		json_object_set_new(x, "md4", f->md4[0] ? json_string(f->md4) : json_null());
		json_object_set_new(x, "infohash", f->infohash[0] ? json_string(f->infohash) : json_null());
		json_object_set_new(x, "industry_class", cli_json_text(f->industry_class));
		json_array_append_new(a, x);
	}
	json_object_set_new(o, "files", a);
	a = json_array();
	for (size_t i = 0; i < r->nlocations; i++) {
		const struct referral_location *l = &r->locations[i];
		json_array_append_new(a, json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "ip", cli_json_text(l->ip),
						   "country", cli_json_text(l->country), "region", cli_json_text(l->region),
						   "city", cli_json_text(l->city), "isp", cli_json_text(l->isp),
						   "asn", cli_json_text(l->asn)));
	}
	json_object_set_new(o, "locations", a);
	a = json_array();
	for (size_t i = 0; i < rec->nrevisions; i++) {
		const struct referral_revision *v = &rec->revisions[i];
		json_array_append_new(a, json_pack("{s:s, s:o, s:o, s:s, s:s}", "kind", v->kind, "at", cli_json_text(v->at),
						   "source_file", cli_json_text(v->source_file),
						   "old_fingerprint", v->old_fingerprint, "new_fingerprint", v->new_fingerprint));
	}
	json_object_set_new(o, "revisions", a);
	if (rec->case_id) {
		struct scope national = scope_national();
		struct case_record c;
		struct err err = ERR_INIT;
		case_record_init(&c);
		if (store_case_get(st, &national, rec->case_id, &c, &err) == HIM_OK)
			json_object_set_new(o, "case", cli_case_json(st, &c, false));
		case_record_release(&c);
	} else {
		json_object_set_new(o, "case", json_null());
	}
	return o;
}

static void line(struct cli *cli, const char *en, const char *fr, const char *ar, const char *value)
{
	if (value && *value)
		printf("%s: %s\n", cli_pick(cli, en, fr, ar), value);
}

static void record_print(struct cli *cli, struct store *st, const struct referral_record *rec)
{
	const struct referral *r = &rec->r;
	const struct vocab_entry *pe = vocab_find(store_vocab(st), VOCAB_PLATFORM, r->platform);
	char when[IDENT_TIME_TEXT_MAX];
	struct strbuf sb = STRBUF_INIT;

	printf("%s %lld — %s:%s\n", cli_pick(cli, "Referral", "Signalement", "الإحالة"), (long long)rec->id,
	       r->platform, r->external_id);
	line(cli, "Platform", "Plateforme", "المنصة",
	     pe ? (cli->lang == LANG_AR ? pe->label_ar : pe->label_fr) : r->platform);
	line(cli, "Priority", "Priorité", "الأولوية", r->priority);
	line(cli, "Escalation", "Urgence signalée", "خطر داهم", r->escalation);
	line(cli, "Incident type", "Type d'incident", "نوع الواقعة", r->incident_type);
	line(cli, "ESP", "Fournisseur", "مزود الخدمة", r->esp);
	line(cli, "P2P network", "Réseau P2P", "شبكة الند للند", r->network);
	line(cli, "P2P client", "Client P2P", "برنامج الند للند", r->client);
	line(cli, "Annotations", "Annotations", "ملاحظات المنصة", r->annotations);
	ident_time_format(r->received_at, when);
	line(cli, "Received", "Reçu le", "تاريخ التوصل", when);
	ident_time_format(r->incident_at, when);
	line(cli, "Incident", "Incident le", "تاريخ الواقعة", when);
	for (size_t i = 0; i < r->nidents; i++) {
		const struct referral_ident *x = &r->idents[i];
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s %s (%s)%s%s", ident_kind_name(x->kind), x->value, ident_role_name(x->role),
			    x->service ? " @ " : "", x->service ? x->service : "");
		line(cli, "Identifier", "Identifiant", "معرّف", sb.buf);
	}
	for (size_t i = 0; i < r->nip_events; i++) {
		const struct ip_event *e = &r->ip_events[i];
		ident_time_format(e->at, when);
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s %s", e->ip, when[0] ? when : "-");
		if (e->port >= 0)
			strbuf_addf(&sb, " port %d", e->port);
		if (e->event[0])
			strbuf_addf(&sb, " %s", e->event);
		if (e->proxy == 1)
			strbuf_adds(&sb, " proxy");
		line(cli, "IP event", "Événement IP", "عنوان IP", sb.buf);
	}
	for (size_t i = 0; i < r->nfiles; i++) {
		const struct referral_file *f = &r->files[i];
		strbuf_reset(&sb);
		strbuf_adds(&sb, f->name ? f->name : "-");
		if (f->md5[0]) strbuf_addf(&sb, " md5:%s", f->md5);
		if (f->sha1[0]) strbuf_addf(&sb, " sha1:%s", f->sha1);
		if (f->sha256[0]) strbuf_addf(&sb, " sha256:%s", f->sha256);
		if (f->md4[0]) strbuf_addf(&sb, " md4:%s", f->md4);
		if (f->infohash[0]) strbuf_addf(&sb, " btih:%s", f->infohash);
		line(cli, "File", "Fichier", "ملف", sb.buf);
	}
	for (size_t i = 0; i < r->nlocations; i++) {
		const struct referral_location *l = &r->locations[i];
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s %s %s %s %s %s", l->ip ? l->ip : "", l->country ? l->country : "",
			    l->region ? l->region : "", l->city ? l->city : "", l->isp ? l->isp : "",
			    l->asn ? l->asn : "");
		line(cli, "Location (as given)", "Localisation (telle que donnée)", "الموقع (كما ورد)", sb.buf);
	}
	for (size_t i = 0; i < rec->nrevisions; i++) {
		const struct referral_revision *v = &rec->revisions[i];
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s %s %s", v->kind, v->at, v->source_file ? v->source_file : "");
		line(cli, "Revision", "Révision", "تحيين", sb.buf);
	}
	strbuf_reset(&sb);
	if (rec->case_id)
		strbuf_addf(&sb, "%lld", (long long)rec->case_id);
	else
		strbuf_adds(&sb, cli_pick(cli, "none yet", "aucun pour l'instant", "لا توجد بعد"));
	line(cli, "Case", "Dossier", "القضية", sb.buf);
	strbuf_release(&sb);
}

static int referral_show(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct scope national = scope_national();
	struct referral_record rec;
	struct err err = ERR_INIT;
	struct store *st;
	bool json = false;
	int64_t id;
	int ch, rc;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (ch) {
		case 'j': json = true; break;
		case 'h': return cli_help(usage_show);
		default:
			cli_option_error(argv, ch, &err);
			return cli_fail(&err, usage_show);
		}
	}
	if (optind + 1 != argc) {
		err_set(&err, HIM_EUSAGE, "referral show: which referral? (one ID or PLATFORM:REPORTID)");
		return cli_fail(&err, usage_show);
	}
	if ((rc = cli_store_get(cli, true, &st, &err)) != HIM_OK)
		return cli_fail(&err, NULL);
	if ((rc = cli_referral_resolve(st, argv[optind], &id, &err)) != HIM_OK)
		return cli_fail(&err, usage_show);
	referral_record_init(&rec);
	rc = store_referral_get(st, &national, id, &rec, &err);
	if (rc == HIM_OK) {
		if (json)
			rc = cli_json_print(record_json(st, &rec), &err);
		else
			record_print(cli, st, &rec);
	}
	referral_record_release(&rec);
	return rc == HIM_OK ? CLI_EXIT_OK : cli_fail(&err, NULL);
}

int cli_referral_command(struct cli *cli, int argc, char **argv)
{
	struct err err = ERR_INIT;
	const char *sub = argc >= 2 ? argv[1] : NULL;

	if (!sub) {
		err_set(&err, HIM_EUSAGE, "referral: which subcommand? (list, show)");
		return cli_fail(&err, usage);
	}
	if (strcmp(sub, "list") == 0)
		return referral_list(cli, argc - 1, argv + 1);
	if (strcmp(sub, "show") == 0)
		return referral_show(cli, argc - 1, argv + 1);
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0)
		return cli_help(usage);
	err_set(&err, HIM_EUSAGE, "referral: unknown subcommand '%s'", sub);
	return cli_fail(&err, usage);
}
