/*
 * case_open_form.c - the form that opens a case (GET /cases/new, POST
 * /cases). Fields are checked here (form.h); whether the case may be
 * opened (scope, an existing file number at the court) is the store's
 * answer, shown next to the field it concerns, in the user's language,
 * with nothing stored.
 *
 * Multi-valued choices (subjects, platforms) are one checkbox per code
 * named "subject_CODE": a field name appears once per form, so the POST
 * processor's pieces always belong to one value.
 */
#include "handlers.h"
#include "form.h"

#include <string.h>

#include "../store/store.h"
#include "../lib/banned.h"

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
	form_label(r, "open-court", TX_COURT);
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
	form_input(r, "open", "number", TX_FILE_NUMBER, "text", e ? e->number : NULL);
	if (!web_form(r, "registered")) {
		/* Default the date to today: most cases are registered the day they come in. */
		char today[DATE_ISO_LEN];
		form_date_format(r->today, today);
		strbuf_adds(&web_fields_add(&r->form, "registered", strlen("registered"))->value, today);
	}
	form_date(r, "open", "registered", TX_REGISTERED, e ? e->date : NULL);
	if (r->user.role == USER_POLICE) {
		page_html(r, "<div class=\"field\"><span class=\"label\">");
		page_t(r, TX_BODY);
		page_html(r, "</span><p class=\"fixed\">");
		page_text(r, vocab_label_of(store_vocab(r->st), VOCAB_BODY, r->user.body, r->lang));
		page_html(r, " — ");
		page_text(r, r->user.unit);
		page_html(r, "</p></div>\n");
	} else {
		form_select_vocab(r, "open", "body", TX_BODY, VOCAB_BODY, 0, true, e ? e->body : NULL);
		form_input(r, "open", "unit", TX_UNIT, "text", e ? e->unit : NULL);
	}
	form_input(r, "open", "suspects", TX_SUSPECTS, "number", e ? e->suspects : NULL);
	form_checks(r, "platform", TX_PLATFORM, VOCAB_PLATFORM, NULL, e ? e->platforms : NULL);
	form_checks(r, "subject", TX_SUBJECT, VOCAB_SUBJECT, NULL, e ? e->subjects : NULL);
	form_textarea(r, "open", "notes", TX_NOTES, e ? e->notes : NULL);
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
	e.number = form_read_text(r, "number", false, FORM_NUMBER_MAX, true, &c.file_number);
	e.date = form_read_date(r, "registered", &c.registered);
	if (r->user.role == USER_POLICE) {
		memcpy(c.body, r->user.body, CODE_MAX);
		c.unit = xstrdup(r->user.unit);
	} else {
		e.body = form_read_vocab(r, "body", VOCAB_BODY, true, c.body);
		e.unit = form_read_text(r, "unit", false, FORM_NUMBER_MAX * 2, false, &unit);
		c.unit = unit;
	}
	e.suspects = form_read_int(r, "suspects", 0, 10000, &suspects);
	c.suspects = (int)suspects;
	e.platforms = form_read_checks(r, "platform", VOCAB_PLATFORM, true, &c.platforms);
	e.subjects = form_read_checks(r, "subject", VOCAB_SUBJECT, true, &c.subjects);
	e.notes = form_read_text(r, "notes", true, FORM_TEXT_MAX, false, &c.notes);
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
