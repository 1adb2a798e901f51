/*
 * case_forms.c - the forms that change cases: open a case, record an
 * event. The form fields are checked here (present, well formed, known
 * codes); the rules of procedure are the stage machine's, applied by the
 * store in the transaction that appends the event. A refusal is shown
 * next to the field it concerns, in the user's language
 * (stage_refusal_text), and nothing is stored.
 *
 * Multi-valued choices (subjects, platforms, charges) are one checkbox
 * per code named "subject_CODE": a field name appears once per form, so
 * the POST processor's pieces always belong to one value.
 */
#include "handlers.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/store.h"
#include "../lib/banned.h"

#define TEXT_MAX 4000   /* notes */
#define NUMBER_MAX 100  /* file numbers, units */

/* --- small field parsers: each returns an error text or NULL --- */

static const char *field_date(struct web_request *r, const char *name, date_t *out)
{
	const char *v = web_form(r, name);

	if (!v || !*v)
		return web_t(r, TX_REQUIRED);
	if (!web_field_clean(r, &r->form, name, false, 16) || !date_parse(v, out))
		return web_t(r, TX_BAD_DATE);
	return NULL;
}

/* An optional whole number in [min, max]; *out untouched when empty. */
static const char *field_int(struct web_request *r, const char *name, int64_t min, int64_t max,
			     int64_t *out)
{
	const char *v = web_form(r, name);
	char *end;
	long long n;

	if (!v || !*v)
		return NULL;
	if (!web_field_clean(r, &r->form, name, false, 20) || v[0] < '0' || v[0] > '9')
		return web_t(r, TX_BAD_NUMBER);
	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno || *end || n < min || n > max)
		return web_t(r, TX_BAD_NUMBER);
	*out = n;
	return NULL;
}

static const char *field_text(struct web_request *r, const char *name, bool multiline, size_t max,
			      bool required, char **out)
{
	const char *v = web_form(r, name);

	if (!web_field_clean(r, &r->form, name, multiline, max))
		return web_t(r, TX_BAD_TEXT);
	if (!v || !*v)
		return required ? web_t(r, TX_REQUIRED) : NULL;
	*out = xstrdup(v);
	return NULL;
}

/* A code of the vocabulary chosen in a <select>. */
static const char *field_vocab(struct web_request *r, const char *name, enum vocab_kind kind,
			       bool required, char out[CODE_MAX])
{
	const char *v = web_form(r, name);
	const struct vocab_entry *e;

	if (!v || !*v)
		return required ? web_t(r, TX_REQUIRED) : NULL;
	if (!web_field_clean(r, &r->form, name, false, CODE_MAX - 1) || !code_valid(v) ||
	    !(e = vocab_find(store_vocab(r->st), kind, v)))
		return web_t(r, TX_BAD_CHOICE);
	memcpy(out, e->code, CODE_MAX);
	return NULL;
}

/* Checked boxes "prefix_CODE" of a vocabulary kind. */
static const char *field_checks(struct web_request *r, const char *prefix, enum vocab_kind kind,
				bool required, struct code_list *out)
{
	const struct vocab *v = store_vocab(r->st);
	struct strbuf name = STRBUF_INIT;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < v->n; i++) {
		if (v->entries[i].kind != kind)
			continue;
		strbuf_reset(&name);
		strbuf_addf(&name, "%s_%s", prefix, v->entries[i].code);
		if (web_form(r, name.buf))
			code_list_add(out, v->entries[i].code);
	}
	strbuf_release(&name);
	return required && out->n == 0 ? web_t(r, TX_REQUIRED) : NULL;
}

/* --- rendering helpers --- */

void web_vocab_options(struct web_request *r, enum vocab_kind kind, unsigned levels, const char *selected)
{
	const struct vocab *v = store_vocab(r->st);

	page_html(r, "<option value=\"\">");
	page_t(r, TX_CHOOSE);
	page_html(r, "</option>");
	for (size_t i = 0; i < v->n; i++) {
		const struct vocab_entry *e = &v->entries[i];
		if (e->kind != kind || (kind == VOCAB_OUTCOME && (e->pending || (levels && !(e->levels & levels)))))
			continue;
		page_html(r, "<option value=\"");
		page_text(r, e->code);
		page_html(r, "\"");
		if (selected && strcmp(selected, e->code) == 0)
			page_html(r, " selected");
		page_html(r, ">");
		page_text(r, vocab_label(e, r->lang));
		page_html(r, "</option>");
	}
}

static void label_for(struct web_request *r, const char *id, enum text_id text)
{
	page_html(r, "<label for=\"");
	page_text(r, id);
	page_html(r, "\">");
	page_t(r, text);
	page_html(r, "</label>");
}

/* An <input> with its label, its previous value and its error. */
static void input(struct web_request *r, const char *form, const char *name, enum text_id text,
		  const char *type, const char *error)
{
	struct strbuf id = STRBUF_INIT;
	const char *value = web_form(r, name);

	strbuf_addf(&id, "%s-%s", form, name);
	page_html(r, "<div class=\"field\">");
	label_for(r, id.buf, text);
	page_html(r, "<input id=\"");
	page_text(r, id.buf);
	page_html(r, "\" name=\"");
	page_text(r, name);
	page_html(r, "\" type=\"");
	page_text(r, type);
	page_html(r, "\"");
	if (strcmp(type, "number") == 0)
		page_html(r, " min=\"0\" step=\"1\" inputmode=\"numeric\"");
	if (strcmp(type, "date") == 0)
		page_html(r, " required");
	if (error)
		page_html(r, " aria-invalid=\"true\"");
	page_html(r, " value=\"");
	page_text(r, value ? value : "");
	page_html(r, "\">");
	page_field_error(r, error);
	page_html(r, "</div>\n");
	strbuf_release(&id);
}

static void textarea(struct web_request *r, const char *form, const char *name, enum text_id text,
		     const char *error)
{
	struct strbuf id = STRBUF_INIT;
	const char *value = web_form(r, name);

	strbuf_addf(&id, "%s-%s", form, name);
	page_html(r, "<div class=\"field wide\">");
	label_for(r, id.buf, text);
	page_html(r, "<textarea id=\"");
	page_text(r, id.buf);
	page_html(r, "\" name=\"");
	page_text(r, name);
	page_html(r, "\" rows=\"2\" maxlength=\"4000\">");
	page_text(r, value ? value : "");
	page_html(r, "</textarea>");
	page_field_error(r, error);
	page_html(r, "</div>\n");
	strbuf_release(&id);
}

static void select_vocab(struct web_request *r, const char *form, const char *name, enum text_id text,
			 enum vocab_kind kind, unsigned levels, bool required, const char *error)
{
	struct strbuf id = STRBUF_INIT;

	strbuf_addf(&id, "%s-%s", form, name);
	page_html(r, "<div class=\"field\">");
	label_for(r, id.buf, text);
	page_html(r, "<select id=\"");
	page_text(r, id.buf);
	page_html(r, "\" name=\"");
	page_text(r, name);
	page_html_if(r, required, "\" required", "\"");
	if (error)
		page_html(r, " aria-invalid=\"true\"");
	page_html(r, ">");
	web_vocab_options(r, kind, levels, web_form(r, name));
	page_html(r, "</select>");
	page_field_error(r, error);
	page_html(r, "</div>\n");
	strbuf_release(&id);
}

static void checks(struct web_request *r, const char *prefix, enum text_id text, enum vocab_kind kind,
		   const struct code_list *preset, const char *error)
{
	const struct vocab *v = store_vocab(r->st);
	struct strbuf name = STRBUF_INIT;

	page_html(r, "<fieldset class=\"field wide\"><legend>");
	page_t(r, text);
	page_html(r, "</legend><div class=\"checks\">");
	for (size_t i = 0; i < v->n; i++) {
		const struct vocab_entry *e = &v->entries[i];
		if (e->kind != kind)
			continue;
		strbuf_reset(&name);
		strbuf_addf(&name, "%s_%s", prefix, e->code);
		page_html(r, "<label class=\"check\"><input type=\"checkbox\" name=\"");
		page_text(r, name.buf);
		page_html(r, "\" value=\"1\"");
		if (web_form(r, name.buf) || (preset && code_list_has(preset, e->code)))
			page_html(r, " checked");
		page_html(r, "> ");
		page_text(r, vocab_label(e, r->lang));
		if (e->articles && *e->articles) {
			/* "503-2" is an article number: kept left to right in Arabic text. */
			page_html(r, " <span class=\"muted\">(<bdi dir=\"ltr\">");
			page_text(r, e->articles);
			page_html(r, "</bdi>)</span>");
		}
		page_html(r, "</label>");
	}
	page_html(r, "</div>");
	page_field_error(r, error);
	page_html(r, "</fieldset>\n");
	strbuf_release(&name);
}

/* --- open a case --- */

struct open_errors {
	const char *court, *number, *date, *body, *unit, *subjects, *platforms, *suspects, *notes;
	const char *general;
	const char *detail; /* the store's own message (English), shown under general */
};

static void court_select(struct web_request *r, const char *error)
{
	const struct court_map *map = store_court_map(r->st);
	const char *chosen = web_form(r, "court");

	page_html(r, "<div class=\"field\">");
	label_for(r, "open-court", TX_COURT);
	page_html(r, "<select id=\"open-court\" name=\"court\" required>");
	if (r->user.role == USER_APPEAL || r->user.role == USER_COURT) {
		/* A prosecutor opens cases at their own court only. */
		page_html(r, "<option value=\"");
		page_text(r, r->user.court);
		page_html(r, "\" selected>");
		page_text(r, web_court_name(r, r->user.court));
		page_html(r, "</option>");
	} else {
		page_html(r, "<option value=\"\">");
		page_t(r, TX_CHOOSE);
		page_html(r, "</option>");
		for (size_t i = 0; i < map->n; i++) {
			const struct court_term *t = &map->terms[i];
			if (t->valid_to != DATE_NONE || court_map_latest(map, t->code) != t)
				continue;
			page_html(r, "<option value=\"");
			page_text(r, t->code);
			page_html(r, "\"");
			if (chosen && strcmp(chosen, t->code) == 0)
				page_html(r, " selected");
			page_html(r, ">");
			page_text(r, court_term_name(t, r->lang));
			page_html(r, "</option>");
		}
	}
	page_html(r, "</select>");
	page_field_error(r, error);
	page_html(r, "</div>\n");
}

static void open_form(struct web_request *r, const struct open_errors *e)
{
	char today[DATE_ISO_LEN];
	struct code_list none;

	memset(&none, 0, sizeof(none));
	page_begin(r, TX_NEW_CASE, NULL, NAV_NEW_CASE);
	if (e && e->general) {
		page_html(r, "<div class=\"notice error\" role=\"alert\"><p>");
		page_text(r, e->general);
		page_html(r, "</p>");
		if (e->detail) {
			page_html(r, "<p class=\"muted\" lang=\"en\" dir=\"ltr\">");
			page_text(r, e->detail);
			page_html(r, "</p>");
		}
		page_html(r, "</div>\n");
	}
	page_html(r, "<form method=\"post\" action=\"/cases\" class=\"card grid\">\n");
	page_csrf(r);
	court_select(r, e ? e->court : NULL);
	input(r, "open", "number", TX_FILE_NUMBER, "text", e ? e->number : NULL);
	if (!web_form(r, "registered")) {
		/* Default the date to today: most cases are registered the day they come in. */
		date_format(r->today, today);
		page_html(r, "<div class=\"field\">");
		label_for(r, "open-registered", TX_REGISTERED);
		page_html(r, "<input id=\"open-registered\" name=\"registered\" type=\"date\" required value=\"");
		page_text(r, today);
		page_html(r, "\"></div>\n");
	} else {
		input(r, "open", "registered", TX_REGISTERED, "date", e ? e->date : NULL);
	}
	if (r->user.role == USER_POLICE) {
		page_html(r, "<div class=\"field\"><span class=\"label\">");
		page_t(r, TX_BODY);
		page_html(r, "</span><p class=\"fixed\">");
		page_text(r, vocab_label_of(store_vocab(r->st), VOCAB_BODY, r->user.body, r->lang));
		page_html(r, " — ");
		page_text(r, r->user.unit);
		page_html(r, "</p></div>\n");
	} else {
		select_vocab(r, "open", "body", TX_BODY, VOCAB_BODY, 0, true, e ? e->body : NULL);
		input(r, "open", "unit", TX_UNIT, "text", e ? e->unit : NULL);
	}
	input(r, "open", "suspects", TX_SUSPECTS, "number", e ? e->suspects : NULL);
	checks(r, "platform", TX_PLATFORM, VOCAB_PLATFORM, NULL, e ? e->platforms : NULL);
	checks(r, "subject", TX_SUBJECT, VOCAB_SUBJECT, NULL, e ? e->subjects : NULL);
	textarea(r, "open", "notes", TX_NOTES, e ? e->notes : NULL);
	page_html(r, "<div class=\"actions\"><button type=\"submit\" class=\"primary\">");
	page_t(r, TX_OPEN_CASE_BUTTON);
	page_html(r, "</button></div>\n</form>\n");
	page_end(r);
}

void web_case_new_form(struct web_request *r)
{
	open_form(r, NULL);
}

void web_case_create(struct web_request *r)
{
	struct open_errors e;
	struct case_record c;
	struct err err = ERR_INIT;
	int64_t suspects = 0;
	char *unit = NULL;
	int rc;

	memset(&e, 0, sizeof(e));
	case_record_init(&c);
	if (r->user.role == USER_APPEAL || r->user.role == USER_COURT) {
		memcpy(c.court, r->user.court, CODE_MAX);
	} else {
		const char *v = web_form(r, "court");
		if (!v || !*v)
			e.court = web_t(r, TX_REQUIRED);
		else if (!web_field_clean(r, &r->form, "court", false, CODE_MAX - 1) || !code_valid(v))
			e.court = web_t(r, TX_BAD_CHOICE);
		else
			memcpy(c.court, v, strlen(v) + 1);
	}
	e.number = field_text(r, "number", false, NUMBER_MAX, true, &c.file_number);
	e.date = field_date(r, "registered", &c.registered);
	if (r->user.role == USER_POLICE) {
		memcpy(c.body, r->user.body, CODE_MAX);
		c.unit = xstrdup(r->user.unit);
	} else {
		e.body = field_vocab(r, "body", VOCAB_BODY, true, c.body);
		e.unit = field_text(r, "unit", false, NUMBER_MAX * 2, false, &unit);
		c.unit = unit;
	}
	e.suspects = field_int(r, "suspects", 0, 10000, &suspects);
	c.suspects = (int)suspects;
	e.platforms = field_checks(r, "platform", VOCAB_PLATFORM, true, &c.platforms);
	e.subjects = field_checks(r, "subject", VOCAB_SUBJECT, true, &c.subjects);
	e.notes = field_text(r, "notes", true, TEXT_MAX, false, &c.notes);
	if (e.court || e.number || e.date || e.body || e.unit || e.suspects || e.platforms || e.subjects || e.notes) {
		e.general = web_t(r, TX_FORM_ERRORS);
		r->resp.status = 422;
		open_form(r, &e);
		goto out;
	}
	rc = store_case_open(r->st, &r->write_scope, &c, r->today, &err);
	if (rc == HIM_OK) {
		/* The store audits the write in its own transaction. */
		struct strbuf loc = STRBUF_INIT;
		strbuf_addf(&loc, "/cases/%lld?saved=1", (long long)c.id);
		web_response_redirect(&r->resp, loc.buf);
		strbuf_release(&loc);
		goto out;
	}
	switch (rc) {
	case HIM_ECONFLICT:
		e.number = web_t(r, TX_CASE_EXISTS);
		r->resp.status = 409;
		break;
	case HIM_EFORBIDDEN:
	case HIM_ENOTFOUND:
		e.court = web_t(r, TX_OUT_OF_SCOPE);
		r->resp.status = 403;
		break;
	case HIM_EINPUT:
		e.detail = err.msg;
		r->resp.status = 422;
		break;
	default:
		web_internal_error(r, &err);
		goto out;
	}
	e.general = web_t(r, TX_FORM_ERRORS);
	open_form(r, &e);
out:
	case_record_release(&c);
}

/* --- record an event --- */

static const char *refusal_field(enum stage_refusal why)
{
	switch (why) {
	case REFUSE_DATE_MISSING:
	case REFUSE_DATE_FUTURE:
	case REFUSE_DATE_BEFORE_REGISTRATION:
	case REFUSE_DATE_BACKWARDS:
		return "date";
	case REFUSE_DECISION_UNKNOWN:
	case REFUSE_DECISION_ALREADY_TAKEN:
	case REFUSE_OUTCOME_UNKNOWN:
	case REFUSE_OUTCOME_LEVEL:
	case REFUSE_OUTCOME_PENDING:
		return "code";
	case REFUSE_REASON_REQUIRED:
	case REFUSE_REASON_UNKNOWN:
		return "reason";
	case REFUSE_CHARGE_UNKNOWN:
		return "charges";
	case REFUSE_ACCUSED_INVALID:
		return "accused";
	case REFUSE_SENTENCE_NOT_ALLOWED:
	case REFUSE_SENTENCE_INVALID:
		return "sentence";
	default:
		return "";
	}
}

static const char *err_for(const struct event_form_error *f, enum event_type type, const char *field)
{
	if (!f || f->type != (int)type || strcmp(f->field, field) != 0)
		return NULL;
	return f->message;
}

static const char *const type_names[] = { NULL, "investigation", "report", "decision", "judgment",
					  "appeal", "cassation" };

static void event_form(struct web_request *r, const struct case_record *c, enum event_type type,
		       const struct event_form_error *f)
{
	const char *form = type_names[type];
	bool failed = f && f->type == (int)type;
	struct web_fields saved = r->form;
	char action[48];

	page_html(r, "<details class=\"event-form\"");
	if (failed)
		page_html(r, " open");
	page_html(r, "><summary>");
	page_text(r, web_event_label(r, type));
	page_html(r, "</summary>\n<form method=\"post\" action=\"");
	snprintf(action, sizeof(action), "/cases/%lld/events", (long long)c->id);
	page_text(r, action);
	page_html(r, "\" class=\"grid\">");
	page_csrf(r);
	page_hidden(r, "type", form);
	/* Values typed into a refused form come back; the other forms start
	 * empty (the submitted fields are set aside while they render). */
	if (failed)
		page_field_error(r, err_for(f, type, ""));
	else
		web_fields_init(&r->form);
	input(r, form, "date", TX_DATE, "date", err_for(f, type, "date"));
	switch (type) {
	case EVENT_DECISION:
		select_vocab(r, form, "code", TX_DECISION, VOCAB_DECISION, 0, true, err_for(f, type, "code"));
		select_vocab(r, form, "reason", TX_REASON, VOCAB_CLOSING_REASON, 0, false, err_for(f, type, "reason"));
		input(r, form, "accused", TX_ACCUSED, "number", err_for(f, type, "accused"));
		checks(r, "charge", TX_CHARGES, VOCAB_SUBJECT, web_form(r, "type") ? NULL : &c->subjects,
		       err_for(f, type, "charges"));
		break;
	case EVENT_JUDGMENT:
	case EVENT_APPEAL:
		select_vocab(r, form, "code", TX_OUTCOME, VOCAB_OUTCOME,
			     type == EVENT_JUDGMENT ? LEVEL_FIRST : LEVEL_APPEAL, true, err_for(f, type, "code"));
		input(r, form, "prison", TX_PRISON, "number", err_for(f, type, "sentence"));
		input(r, form, "suspended", TX_SUSPENDED, "number", NULL);
		input(r, form, "fine", TX_FINE, "number", NULL);
		break;
	case EVENT_CASSATION:
		select_vocab(r, form, "code", TX_OUTCOME, VOCAB_OUTCOME, LEVEL_CASSATION, true, err_for(f, type, "code"));
		break;
	default:
		break;
	}
	textarea(r, form, "note", TX_NOTE, err_for(f, type, "note"));
	page_html(r, "<div class=\"actions\"><button type=\"submit\" class=\"primary\">");
	page_t(r, TX_SAVE);
	page_html(r, "</button></div></form></details>\n");
	if (!failed) {
		web_fields_release(&r->form);
		r->form = saved;
	}
}

void web_event_forms(struct web_request *r, const struct case_record *c, const struct event_form_error *failed)
{
	page_html(r, "<section class=\"card\" id=\"record\"><h2>");
	page_t(r, TX_RECORD_EVENT);
	page_html(r, "</h2>\n");
	for (int t = EVENT_INVESTIGATION; t <= EVENT_CASSATION; t++)
		event_form(r, c, (enum event_type)t, failed);
	page_html(r, "</section>\n");
}

/* Read the event form into ev; on a malformed field fill *fe. */
static bool event_read(struct web_request *r, enum event_type type, struct case_event *ev,
		       struct event_form_error *fe)
{
	const char *msg;
	int64_t n;

	fe->type = (int)type;
#define FAIL(field_name, text) do { fe->field = (field_name); fe->message = (text); return false; } while (0)
	ev->type = type;
	if ((msg = field_date(r, "date", &ev->date)))
		FAIL("date", msg);
	if (type == EVENT_DECISION) {
		if ((msg = field_vocab(r, "code", VOCAB_DECISION, true, ev->code)))
			FAIL("code", msg);
		if ((msg = field_vocab(r, "reason", VOCAB_CLOSING_REASON, false, ev->reason)))
			FAIL("reason", msg);
		field_checks(r, "charge", VOCAB_SUBJECT, false, &ev->charges);
		n = -1;
		if ((msg = field_int(r, "accused", 0, 100000, &n)))
			FAIL("accused", msg);
		ev->accused = (int)n;
	} else if (type == EVENT_JUDGMENT || type == EVENT_APPEAL || type == EVENT_CASSATION) {
		if ((msg = field_vocab(r, "code", VOCAB_OUTCOME, true, ev->code)))
			FAIL("code", msg);
	}
	if (type == EVENT_JUDGMENT || type == EVENT_APPEAL) {
		n = -1;
		if ((msg = field_int(r, "prison", 0, 1200, &n)))
			FAIL("sentence", msg);
		ev->sentence.prison_months = (int)n;
		n = -1;
		if ((msg = field_int(r, "suspended", 0, 1200, &n)))
			FAIL("sentence", msg);
		ev->sentence.suspended_months = (int)n;
		n = -1;
		if ((msg = field_int(r, "fine", 0, INT64_C(1000000000000), &n)))
			FAIL("sentence", msg);
		ev->sentence.fine_mad = n;
	}
	if ((msg = field_text(r, "note", true, TEXT_MAX, false, &ev->note)))
		FAIL("note", msg);
#undef FAIL
	return true;
}

void web_case_event_add(struct web_request *r)
{
	struct event_form_error fe = { 0, "", NULL };
	enum stage_refusal why = REFUSE_NONE;
	const char *type_text = web_form(r, "type");
	enum event_type type;
	struct case_record c;
	struct case_event ev;
	struct err err = ERR_INIT;
	int64_t id = r->ids[0];
	int rc;

	case_record_init(&c);
	case_event_init(&ev);
	/* Outside the read scope: 404, as if the case did not exist. */
	rc = store_case_get(r->st, &r->read_scope, id, &c, &err);
	if (rc == HIM_ENOTFOUND) {
		page_error(r, 404, TX_NOT_FOUND);
		goto out;
	}
	if (rc != HIM_OK) {
		web_internal_error(r, &err);
		goto out;
	}
	if (!web_may_write_case(r, &c)) {
		page_error(r, 403, TX_FORBIDDEN);
		goto out;
	}
	if (!type_text || !event_type_parse(type_text, &type)) {
		page_error(r, 400, TX_BAD_REQUEST);
		goto out;
	}
	if (!event_read(r, type, &ev, &fe)) {
		web_case_render(r, id, &fe);
		goto out;
	}
	rc = store_case_add_event(r->st, &r->write_scope, id, &ev, r->today, &why, &err);
	if (rc == HIM_OK) {
		struct strbuf loc = STRBUF_INIT;
		strbuf_addf(&loc, "/cases/%lld?saved=1#event-%lld", (long long)id, (long long)ev.id);
		web_response_redirect(&r->resp, loc.buf);
		strbuf_release(&loc);
		goto out;
	}
	if (rc == HIM_EINPUT) {
		fe.field = why != REFUSE_NONE ? refusal_field(why) : "";
		fe.message = why != REFUSE_NONE ? stage_refusal_text(why, r->lang) : err.msg;
		web_case_render(r, id, &fe);
		goto out;
	}
	if (rc == HIM_ENOTFOUND || rc == HIM_EFORBIDDEN) {
		page_error(r, 403, TX_FORBIDDEN);
		goto out;
	}
	web_internal_error(r, &err);
out:
	case_event_release(&ev);
	case_record_release(&c);
}
