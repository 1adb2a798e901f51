/*
 * case_show.c - `himaya case show`, and the JSON form of a case that
 * open, show and list share.
 *
 * A case is shown as the store derives it (stage, decision, the outcome
 * at each level) and with its whole history: corrections are events of
 * their own, and the events they replaced stay visible, marked, because
 * history in Himaya is never overwritten. JSON carries codes for programs
 * and, beside each, the Arabic and French labels for people.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/court.h"
#include "../lib/strbuf.h"
#include "../lib/banned.h"

static const char usage[] =
	"usage: himaya case show ID [--json]\n";

/* The court's term on the registration date (its names then), else its latest. */
static const struct court_term *case_court_term(const struct court_map *map, const char *code, date_t day)
{
	const struct court_term *t = court_map_on(map, code, day);
	return t ? t : court_map_latest(map, code);
}

static void add_court(json_t *o, const char *key, const struct court_map *map, const char *code, date_t day)
{
	const struct court_term *t = code[0] ? case_court_term(map, code, day) : NULL;
	struct strbuf k = STRBUF_INIT;

	json_object_set_new(o, key, code[0] ? json_string(code) : json_null());
	strbuf_addf(&k, "%s_name_ar", key);
	json_object_set_new(o, k.buf, t ? json_string(t->name_ar) : json_null());
	strbuf_reset(&k);
	strbuf_addf(&k, "%s_name_fr", key);
	json_object_set_new(o, k.buf, t ? json_string(t->name_fr) : json_null());
	strbuf_release(&k);
}

static json_t *opt_int(int64_t v)
{
	return v < 0 ? json_null() : json_integer((json_int_t)v);
}

static json_t *sentence_json(const struct sentence *s)
{
	if (!sentence_given(s))
		return json_null();
	return json_pack("{s:o, s:o, s:o}", "prison_months", opt_int(s->prison_months),
			 "suspended_months", opt_int(s->suspended_months), "fine_mad", opt_int(s->fine_mad));
}

static json_t *level_json(const struct vocab *v, const struct level_outcome *lo, bool sentence)
{
	json_t *o;

	if (!lo->code[0])
		return json_null();
	o = cli_json_code(v, VOCAB_OUTCOME, lo->code);
	json_object_set_new(o, "date", cli_json_date(lo->date));
	json_object_set_new(o, "date_inferred", json_boolean(lo->date_inferred));
	json_object_set_new(o, "event_id", lo->event_id ? json_integer(lo->event_id) : json_null());
	if (sentence)
		json_object_set_new(o, "sentence", sentence_json(&lo->sentence));
	return o;
}

json_t *cli_case_json(const struct store *st, const struct case_record *c, bool with_meta)
{
	const struct vocab *v = store_vocab(st);
	const struct court_map *map = store_court_map(st);
	const struct case_state *s = &c->state;
	json_t *o = json_object(), *d;

	json_object_set_new(o, "id", json_integer(c->id));
	add_court(o, "court", map, c->court, c->registered);
	add_court(o, "district", map, c->district, c->registered);
	json_object_set_new(o, "file_number", cli_json_text(c->file_number));
	json_object_set_new(o, "registered", cli_json_date(c->registered));
	json_object_set_new(o, "registered_inferred", json_boolean(c->registered_inferred));
	cli_json_add_code(o, "body", v, VOCAB_BODY, c->body);
	json_object_set_new(o, "unit", cli_json_text(c->unit));
	json_object_set_new(o, "subjects", cli_json_code_list(v, VOCAB_SUBJECT, &c->subjects));
	json_object_set_new(o, "platforms", cli_json_code_list(v, VOCAB_PLATFORM, &c->platforms));
	json_object_set_new(o, "suspects", json_integer(c->suspects));
	json_object_set_new(o, "notes", cli_json_text(c->notes));
	json_object_set_new(o, "stage", json_string(case_stage_name(s->stage)));
	json_object_set_new(o, "stage_label_ar", json_string(case_stage_label(s->stage, LANG_AR)));
	json_object_set_new(o, "stage_label_fr", json_string(case_stage_label(s->stage, LANG_FR)));
	d = cli_json_code(v, VOCAB_DECISION, s->decision);
	if (json_is_object(d)) {
		json_object_set_new(d, "date", cli_json_date(s->decision_date));
		json_object_set_new(d, "date_inferred", json_boolean(s->decision_date_inferred));
		json_object_set_new(d, "event_id", s->decision_event_id ? json_integer(s->decision_event_id) : json_null());
	}
	json_object_set_new(o, "decision", d);
	json_object_set_new(o, "first_instance", level_json(v, &s->first, true));
	json_object_set_new(o, "appeal", level_json(v, &s->appeal, true));
	json_object_set_new(o, "cassation", level_json(v, &s->cassation, false));
	json_object_set_new(o, "last_event_date", cli_json_date(s->last_event_date));
	json_object_set_new(o, "version", json_integer(c->version));
	if (with_meta) {
		json_object_set_new(o, "created_at", cli_json_text(c->created_at));
		json_object_set_new(o, "created_by", cli_json_text(c->created_by));
	}
	return o;
}

/* The event that replaced events[i], or 0. */
static int64_t superseded_by(const struct event_list *l, size_t i)
{
	for (size_t j = i + 1; j < l->n; j++)
		if (l->items[j].supersedes == l->items[i].id)
			return l->items[j].id;
	return 0;
}

static enum vocab_kind event_code_kind(enum event_type type)
{
	return type == EVENT_DECISION ? VOCAB_DECISION : VOCAB_OUTCOME;
}

json_t *cli_event_json(const struct vocab *v, const struct case_event *ev, int64_t by)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(ev->id));
	json_object_set_new(o, "type", json_string(event_type_name(ev->type)));
	json_object_set_new(o, "date", cli_json_date(ev->date));
	json_object_set_new(o, "date_inferred", json_boolean(ev->date_inferred));
	json_object_set_new(o, "supersedes", ev->supersedes ? json_integer(ev->supersedes) : json_null());
	json_object_set_new(o, "retracts", json_boolean(ev->retracts));
	json_object_set_new(o, "superseded_by", by ? json_integer(by) : json_null());
	/* Effective: part of the history the state is derived from. */
	json_object_set_new(o, "effective", json_boolean(!by && !ev->retracts));
	cli_json_add_code(o, "", v, event_code_kind(ev->type), ev->code);
	cli_json_add_code(o, "reason", v, VOCAB_CLOSING_REASON, ev->reason);
	json_object_set_new(o, "note", cli_json_text(ev->note));
	json_object_set_new(o, "charges", cli_json_code_list(v, VOCAB_SUBJECT, &ev->charges));
	json_object_set_new(o, "accused", opt_int(ev->accused));
	json_object_set_new(o, "sentence", sentence_json(&ev->sentence));
	json_object_set_new(o, "recorded_at", cli_json_text(ev->recorded_at));
	json_object_set_new(o, "recorded_by", cli_json_text(ev->recorded_by));
	return o;
}

/* --- human output --------------------------------------------------- */

static const char *event_type_label(const struct cli *cli, enum event_type type)
{
	switch (type) {
	case EVENT_INVESTIGATION: return cli_pick(cli, "investigation ordered", "enquête ordonnée", "الأمر بإجراء بحث");
	case EVENT_REPORT: return cli_pick(cli, "information report", "rapport d'information", "تقرير إخباري");
	case EVENT_DECISION: return cli_pick(cli, "prosecution decision", "décision du parquet", "قرار النيابة العامة");
	case EVENT_JUDGMENT: return cli_pick(cli, "first-instance judgment", "jugement de première instance", "حكم ابتدائي");
	case EVENT_APPEAL: return cli_pick(cli, "appeal judgment", "arrêt d'appel", "قرار استئنافي");
	case EVENT_CASSATION: return cli_pick(cli, "cassation ruling", "arrêt de cassation", "قرار محكمة النقض");
	}
	return "?";
}

static void sentence_text(const struct cli *cli, const struct sentence *s, struct strbuf *out)
{
	if (!sentence_given(s))
		return;
	if (s->prison_months >= 0)
		strbuf_addf(out, cli_pick(cli, "; %d months' prison", "; %d mois d'emprisonnement", "؛ %d شهرا حبسا"),
			    s->prison_months);
	if (s->suspended_months >= 0)
		strbuf_addf(out, cli_pick(cli, " (%d suspended)", " (dont %d avec sursis)", " (منها %d موقوفة التنفيذ)"),
			    s->suspended_months);
	if (s->fine_mad >= 0)
		strbuf_addf(out, cli_pick(cli, "; fine %lld MAD", "; amende %lld MAD", "؛ غرامة %lld درهم"),
			    (long long)s->fine_mad);
}

static void code_text(const struct cli *cli, const struct vocab *v, enum vocab_kind kind, const char *code,
		      struct strbuf *out)
{
	strbuf_addf(out, "%s (%s)", code, vocab_label_of(v, kind, code, cli->lang));
}

/* "  label   value", the labels padded by characters, not bytes, so
 * that Arabic and French labels line up too. */
static void field(const char *label, const char *value)
{
	size_t w = 0;

	for (const char *p = label; *p; p++)
		if (((unsigned char)*p & 0xC0) != 0x80)
			w++;
	printf("  %s%*s %s\n", label, w < 22 ? (int)(22 - w) : 0, "", value);
}

/* A date, marked when the source did not give it (a backfilled table). */
static void add_day(const struct cli *cli, struct strbuf *sb, date_t day, bool inferred)
{
	char iso[DATE_ISO_LEN];

	date_format(day, iso);
	strbuf_adds(sb, iso);
	if (inferred)
		strbuf_adds(sb, cli_pick(cli, " (date not given)", " (date non indiquée)", " (تاريخ غير مذكور)"));
}

static void level_print(const struct cli *cli, const struct vocab *v, const char *label,
			const struct level_outcome *lo)
{
	struct strbuf sb = STRBUF_INIT;

	if (!lo->code[0]) {
		field(label, "-");
		return;
	}
	code_text(cli, v, VOCAB_OUTCOME, lo->code, &sb);
	strbuf_adds(&sb, " ");
	add_day(cli, &sb, lo->date, lo->date_inferred);
	sentence_text(cli, &lo->sentence, &sb);
	field(label, sb.buf);
	strbuf_release(&sb);
}

static void case_print(const struct cli *cli, const struct store *st, const struct case_record *c,
		       const struct event_list *events)
{
	const struct vocab *v = store_vocab(st);
	const struct court_term *court = case_court_term(store_court_map(st), c->court, c->registered);
	const struct court_term *district = case_court_term(store_court_map(st), c->district, c->registered);
	struct strbuf sb = STRBUF_INIT;

	printf("%s %lld\n", cli_pick(cli, "Case", "Affaire", "القضية"), (long long)c->id);
	strbuf_addf(&sb, "%s (%s)", c->court, court ? court_term_name(court, cli->lang) : "?");
	field(cli_pick(cli, "court", "tribunal", "المحكمة"), sb.buf);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s (%s)", c->district, district ? court_term_name(district, cli->lang) : "?");
	field(cli_pick(cli, "district", "ressort", "الدائرة القضائية"), sb.buf);
	field(cli_pick(cli, "file number", "numéro de dossier", "رقم الملف"), c->file_number ? c->file_number : "");
	strbuf_reset(&sb);
	add_day(cli, &sb, c->registered, c->registered_inferred);
	field(cli_pick(cli, "registered", "enregistrée le", "تاريخ التسجيل"), sb.buf);
	strbuf_reset(&sb);
	code_text(cli, v, VOCAB_BODY, c->body, &sb);
	if (c->unit)
		strbuf_addf(&sb, " - %s", c->unit);
	field(cli_pick(cli, "investigating body", "service enquêteur", "الجهة المكلفة بالبحث"), sb.buf);
	strbuf_reset(&sb);
	for (size_t i = 0; i < c->subjects.n; i++) {
		if (i)
			strbuf_adds(&sb, ", ");
		code_text(cli, v, VOCAB_SUBJECT, c->subjects.code[i], &sb);
	}
	field(cli_pick(cli, "subject", "objet", "موضوع الإشعار"), sb.buf);
	strbuf_reset(&sb);
	for (size_t i = 0; i < c->platforms.n; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", c->platforms.code[i]);
	field(cli_pick(cli, "platform", "plateforme", "المنصة المعنية"), sb.buf);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%d", c->suspects);
	field(cli_pick(cli, "suspects", "suspects", "عدد المشتبه فيهم"), sb.buf);
	if (c->notes)
		field(cli_pick(cli, "notes", "notes", "ملاحظات"), c->notes);

	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s (%s)", case_stage_name(c->state.stage), case_stage_label(c->state.stage, cli->lang));
	field(cli_pick(cli, "stage", "stade", "المرحلة"), sb.buf);
	strbuf_reset(&sb);
	if (c->state.decision[0]) {
		code_text(cli, v, VOCAB_DECISION, c->state.decision, &sb);
		strbuf_adds(&sb, " ");
		add_day(cli, &sb, c->state.decision_date, c->state.decision_date_inferred);
	} else {
		strbuf_adds(&sb, "-");
	}
	field(cli_pick(cli, "decision", "décision", "المتابعة"), sb.buf);
	level_print(cli, v, cli_pick(cli, "first instance", "première instance", "ابتدائيا"), &c->state.first);
	level_print(cli, v, cli_pick(cli, "appeal", "appel", "استئنافيا"), &c->state.appeal);
	level_print(cli, v, cli_pick(cli, "cassation", "cassation", "النقض"), &c->state.cassation);

	printf("%s\n", cli_pick(cli, "History", "Historique", "سجل الإجراءات"));
	for (size_t i = 0; i < events->n; i++) {
		const struct case_event *ev = &events->items[i];
		int64_t by = superseded_by(events, i);

		strbuf_reset(&sb);
		strbuf_addf(&sb, "  #%-4lld ", (long long)ev->id);
		add_day(cli, &sb, ev->date, ev->date_inferred);
		strbuf_addf(&sb, "  %s", event_type_label(cli, ev->type));
		if (ev->supersedes)
			strbuf_addf(&sb, cli_pick(cli, " [%s #%lld]", " [%s de #%lld]", " [%s #%lld]"),
				    ev->retracts ? cli_pick(cli, "retracts", "retrait", "سحب")
						 : cli_pick(cli, "corrects", "rectification", "تصحيح"),
				    (long long)ev->supersedes);
		if (ev->code[0]) {
			strbuf_adds(&sb, ": ");
			code_text(cli, v, event_code_kind(ev->type), ev->code, &sb);
		}
		if (ev->reason[0]) {
			strbuf_adds(&sb, cli_pick(cli, "; reason ", "; motif ", "؛ السبب "));
			code_text(cli, v, VOCAB_CLOSING_REASON, ev->reason, &sb);
		}
		for (size_t k = 0; k < ev->charges.n; k++)
			strbuf_addf(&sb, "%s%s", k ? "," : cli_pick(cli, "; charges ", "; chefs ", "؛ التهم "),
				    ev->charges.code[k]);
		if (ev->accused >= 0)
			strbuf_addf(&sb, cli_pick(cli, "; %d accused", "; %d poursuivi(s)", "؛ %d متابع"), ev->accused);
		sentence_text(cli, &ev->sentence, &sb);
		if (ev->note)
			strbuf_addf(&sb, " - %s", ev->note);
		if (by)
			strbuf_addf(&sb, cli_pick(cli, "  (superseded by #%lld)", "  (remplacé par #%lld)",
						  "  (عوض بالإجراء #%lld)"), (long long)by);
		puts(sb.buf);
	}
	if (!events->n)
		printf("  -\n");
	strbuf_release(&sb);
}

int cli_case_show(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct scope scope = scope_national();
	struct err err = ERR_INIT;
	struct case_record c;
	struct event_list events;
	struct store *st;
	bool json = false;
	int64_t id;
	int ch, rc;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (ch) {
		case 'j': json = true; break;
		case 'h': return cli_help(usage);
		default:
			cli_option_error(argv, ch, &err);
			return cli_fail(&err, usage);
		}
	}
	if (argc - optind != 1) {
		err_set(&err, HIM_EUSAGE, "case show takes one case id");
		return cli_fail(&err, usage);
	}
	if ((rc = cli_parse_int64("case id", argv[optind], 1, INT64_MAX, &id, &err)) != HIM_OK)
		return cli_fail(&err, usage);
	if ((rc = cli_store_get(cli, true, &st, &err)) != HIM_OK)
		return cli_fail(&err, usage);

	case_record_init(&c);
	event_list_init(&events);
	rc = store_case_get(st, &scope, id, &c, &err);
	if (rc == HIM_OK)
		rc = store_case_events(st, &scope, id, &events, &err);
	if (rc == HIM_OK) {
		/* Every read of a case is audited, before it is shown
		 * (docs/security.md); the actor is HIMAYA_ACTOR or "cli". */
		char object[32];
		snprintf(object, sizeof(object), "case:%lld", (long long)id);
		rc = store_audit_append(st, NULL, "case_read", object, "cli case show", &err);
	}
	if (rc == HIM_OK && json) {
		json_t *o = cli_case_json(st, &c, true), *a = json_array();
		for (size_t i = 0; i < events.n; i++)
			json_array_append_new(a, cli_event_json(store_vocab(st), &events.items[i],
								superseded_by(&events, i)));
		json_object_set_new(o, "events", a);
		rc = cli_json_print(o, &err);
	} else if (rc == HIM_OK) {
		case_print(cli, st, &c, &events);
	}
	event_list_release(&events);
	case_record_release(&c);
	return rc == HIM_OK ? CLI_EXIT_OK : cli_fail(&err, usage);
}
