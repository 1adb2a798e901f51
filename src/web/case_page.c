/*
 * case_page.c - one case: what it is, where it stands, its timeline of
 * events (corrections shown, never hidden), and for a user who may write
 * it, the forms to record the next event and to correct or retract each
 * event that still stands (event_forms.c). Also the helpers other pages
 * share: the audit call, court names, the write-scope check.
 *
 * A case outside the user's read scope is a 404 exactly like a case that
 * does not exist: the store answers HIM_ENOTFOUND for both, and so do we.
 * Every read of a case page is audited before it is served.
 */
#include "handlers.h"

#include <stdio.h>
#include <string.h>

#include "../report/table.h"
#include "../store/store.h"
#include "../lib/banned.h"

bool web_audit(struct web_request *r, const char *action, const char *object, const char *detail)
{
	struct err err = ERR_INIT;

	if (audit_append(r->st, r->signed_in ? r->user.name : "anonymous", action, object, detail, &err) == HIM_OK)
		return true;
	web_internal_error(r, &err);
	return false;
}

const char *web_court_name(const struct web_request *r, const char *code)
{
	const struct court_term *t = court_map_latest(store_court_map(r->st), code);
	const char *name = t ? court_term_name(t, r->lang) : NULL;

	return name && *name ? name : code;
}

bool web_may_write_case(const struct web_request *r, const struct case_record *c)
{
	return r->may_write && scope_includes(&r->write_scope, c);
}

const char *web_event_label(const struct web_request *r, enum event_type type)
{
	switch (type) {
	case EVENT_INVESTIGATION: return web_t(r, TX_EV_INVESTIGATION);
	case EVENT_REPORT: return web_t(r, TX_EV_REPORT);
	case EVENT_DECISION: return web_t(r, TX_EV_DECISION);
	case EVENT_JUDGMENT: return web_t(r, TX_EV_JUDGMENT);
	case EVENT_APPEAL: return web_t(r, TX_EV_APPEAL);
	case EVENT_CASSATION: return web_t(r, TX_EV_CASSATION);
	}
	return "?";
}

static const char *label(const struct web_request *r, enum vocab_kind kind, const char *code)
{
	return vocab_label_of(store_vocab(r->st), kind, code, r->lang);
}

static void code_list_labels(struct web_request *r, enum vocab_kind kind, const struct code_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			page_html(r, "، ");
		page_text(r, label(r, kind, l->code[i]));
	}
}

static void dt(struct web_request *r, enum text_id name)
{
	page_html(r, "<dt>");
	page_t(r, name);
	page_html(r, "</dt><dd>");
}

static void outcome_dd(struct web_request *r, enum text_id name, const struct level_outcome *o)
{
	struct strbuf sentence = STRBUF_INIT;

	dt(r, name);
	if (!o->code[0]) {
		page_html(r, "<span class=\"muted\">—</span></dd>\n");
		return;
	}
	page_text(r, label(r, VOCAB_OUTCOME, o->code));
	table_sentence_text(&o->sentence, r->lang, &sentence);
	if (sentence.len) {
		page_html(r, ": ");
		page_text(r, sentence.buf);
	}
	strbuf_release(&sentence);
	page_html(r, " · ");
	page_date(r, o->date);
	page_html(r, "</dd>\n");
}

static void case_summary(struct web_request *r, const struct case_record *c)
{
	page_html(r, "<div class=\"columns\">\n<section class=\"card\"><h2>");
	page_t(r, TX_CASE);
	page_html(r, "</h2>\n<dl class=\"facts\">\n");
	dt(r, TX_COURT);
	page_text(r, web_court_name(r, c->court));
	page_html(r, "</dd>\n");
	dt(r, TX_FILE_NUMBER);
	page_html(r, "<bdi>");
	page_text(r, c->file_number);
	page_html(r, "</bdi></dd>\n");
	dt(r, TX_REGISTERED);
	page_date(r, c->registered);
	page_html(r, "</dd>\n");
	dt(r, TX_BODY);
	page_text(r, label(r, VOCAB_BODY, c->body));
	if (c->unit) {
		page_html(r, " — ");
		page_text(r, c->unit);
	}
	page_html(r, "</dd>\n");
	dt(r, TX_SUBJECT);
	code_list_labels(r, VOCAB_SUBJECT, &c->subjects);
	page_html(r, "</dd>\n");
	dt(r, TX_PLATFORM);
	code_list_labels(r, VOCAB_PLATFORM, &c->platforms);
	page_html(r, "</dd>\n");
	dt(r, TX_SUSPECTS);
	page_int(r, c->suspects);
	page_html(r, "</dd>\n");
	if (c->notes) {
		dt(r, TX_NOTES);
		page_html(r, "<span class=\"pre\">");
		page_text(r, c->notes);
		page_html(r, "</span></dd>\n");
	}
	page_html(r, "</dl></section>\n<section class=\"card\"><h2>");
	page_t(r, TX_CASE_STATE);
	page_html(r, "</h2>\n<dl class=\"facts\">\n");
	dt(r, TX_STAGE);
	page_html(r, "<span class=\"stage stage-");
	page_text(r, case_stage_name(c->state.stage));
	page_html(r, "\">");
	page_text(r, case_stage_label(c->state.stage, r->lang));
	page_html(r, "</span></dd>\n");
	dt(r, TX_DECISION);
	if (c->state.decision[0]) {
		page_text(r, label(r, VOCAB_DECISION, c->state.decision));
		page_html(r, " · ");
		page_date(r, c->state.decision_date);
	} else {
		page_html(r, "<span class=\"muted\">—</span>");
	}
	page_html(r, "</dd>\n");
	outcome_dd(r, TX_FIRST, &c->state.first);
	outcome_dd(r, TX_APPEAL, &c->state.appeal);
	outcome_dd(r, TX_CASSATION, &c->state.cassation);
	page_html(r, "</dl></section>\n</div>\n");
}

/* The later event that corrects or retracts event id, or NULL. */
static const struct case_event *replaced_by(const struct event_list *l, int64_t id)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].supersedes == id)
			return &l->items[i];
	return NULL;
}

/*
 * One event of the timeline. An event still standing (neither corrected
 * nor retracted, and not itself a retraction) carries, for a user who may
 * write the case, the forms to correct or retract it.
 */
static void event_item(struct web_request *r, const struct case_record *c, const struct event_list *l,
		       const struct case_event *ev, bool writable, const struct event_form_error *failed)
{
	struct strbuf sentence = STRBUF_INIT;
	const struct case_event *by_ev = replaced_by(l, ev->id);
	int64_t by = by_ev ? by_ev->id : 0;

	page_html(r, "<li id=\"event-");
	page_int(r, ev->id);
	page_html_if(r, by, "\" class=\"replaced\">", "\">");
	page_html(r, "<div class=\"when\">");
	page_date(r, ev->date);
	page_html(r, "</div><div class=\"what\"><strong>");
	page_text(r, web_event_label(r, ev->type));
	page_html(r, "</strong> <span class=\"muted\">#");
	page_int(r, ev->id);
	page_html(r, "</span>");
	if (ev->retracts || ev->supersedes) {
		page_html(r, " <span class=\"tag\">");
		page_t(r, ev->retracts ? TX_RETRACTS : TX_CORRECTS);
		page_html(r, " <a href=\"#event-");
		page_int(r, ev->supersedes);
		page_html(r, "\">#");
		page_int(r, ev->supersedes);
		page_html(r, "</a></span>");
	}
	if (by) {
		page_html(r, " <span class=\"tag warn\">");
		page_t(r, by_ev->retracts ? TX_WAS_RETRACTED : TX_REPLACED);
		page_html(r, " (<a href=\"#event-");
		page_int(r, by);
		page_html(r, "\">#");
		page_int(r, by);
		page_html(r, "</a>)</span>");
	}
	if (ev->code[0]) {
		page_html(r, "<p>");
		page_text(r, label(r, ev->type == EVENT_DECISION ? VOCAB_DECISION : VOCAB_OUTCOME, ev->code));
		table_sentence_text(&ev->sentence, r->lang, &sentence);
		if (sentence.len) {
			page_html(r, ": ");
			page_text(r, sentence.buf);
		}
		page_html(r, "</p>");
	}
	if (ev->reason[0]) {
		page_html(r, "<p>");
		page_t(r, TX_REASON);
		page_html(r, ": ");
		page_text(r, label(r, VOCAB_CLOSING_REASON, ev->reason));
		page_html(r, "</p>");
	}
	if (ev->charges.n) {
		page_html(r, "<p>");
		page_t(r, TX_CHARGES);
		page_html(r, ": ");
		code_list_labels(r, VOCAB_SUBJECT, &ev->charges);
		if (ev->accused >= 0) {
			page_html(r, " · ");
			page_t(r, TX_ACCUSED);
			page_html(r, ": ");
			page_int(r, ev->accused);
		}
		page_html(r, "</p>");
	}
	if (ev->note) {
		page_html(r, "<p class=\"pre\">");
		page_text(r, ev->note);
		page_html(r, "</p>");
	}
	page_html(r, "<p class=\"meta\">");
	page_t(r, TX_RECORDED_BY);
	page_html(r, ": ");
	page_text(r, ev->recorded_by ? ev->recorded_by : "—");
	page_html(r, " · ");
	page_instant(r, ev->recorded_at);
	page_html(r, "</p>");
	if (writable && !by && !ev->retracts)
		web_event_fix_forms(r, c, ev, failed);
	page_html(r, "</div></li>\n");
	strbuf_release(&sentence);
}

void web_case_render(struct web_request *r, int64_t id, const struct event_form_error *failed)
{
	struct case_record c;
	struct event_list events;
	struct web_referral_rows referrals;
	struct err err = ERR_INIT;
	char object[32];
	bool writable;
	int rc;

	case_record_init(&c);
	event_list_init(&events);
	web_referral_rows_init(&referrals);
	rc = store_case_get(r->st, &r->read_scope, id, &c, &err);
	if (rc == HIM_OK)
		rc = store_case_events(r->st, &r->read_scope, id, &events, &err);
	if (rc == HIM_OK)
		rc = web_case_referrals_read(r, id, &referrals, &err);
	if (rc == HIM_ENOTFOUND) {
		page_error(r, 404, TX_NOT_FOUND);
		goto out;
	}
	if (rc != HIM_OK) {
		web_internal_error(r, &err);
		goto out;
	}
	snprintf(object, sizeof(object), "case:%lld", (long long)id);
	if (!web_audit(r, "case_read", object, NULL))
		goto out;
	writable = web_may_write_case(r, &c);
	if (failed && failed->type)
		r->resp.status = 422;
	page_begin(r, TX_CASE, c.file_number, NAV_CASES);
	if (failed && failed->type) {
		page_html(r, "<p class=\"notice error\" role=\"alert\">");
		page_t(r, TX_REFUSED);
		page_html(r, " ");
		page_text(r, failed->message);
		page_html(r, "</p>\n");
	} else if (web_query(r, "saved")) {
		page_html(r, "<p class=\"notice ok\" role=\"status\">");
		page_t(r, TX_SAVED);
		page_html(r, "</p>\n");
	}
	case_summary(r, &c);
	page_html(r, "<section class=\"card\"><h2>");
	page_t(r, TX_TIMELINE);
	page_html(r, "</h2>\n");
	if (events.n == 0) {
		page_html(r, "<p class=\"muted\">");
		page_t(r, TX_NO_EVENTS);
		page_html(r, "</p>\n");
	} else {
		page_html(r, "<ol class=\"timeline\">\n");
		for (size_t i = 0; i < events.n; i++)
			event_item(r, &c, &events, &events.items[i], writable, failed);
		page_html(r, "</ol>\n");
	}
	page_html(r, "</section>\n");
	web_case_referrals_render(r, &c, &referrals, writable);
	if (writable) {
		web_event_forms(r, &c, failed);
	} else {
		page_html(r, "<p class=\"notice\">");
		page_t(r, TX_READ_ONLY);
		page_html(r, "</p>\n");
	}
	page_end(r);
out:
	web_referral_rows_release(&referrals);
	event_list_release(&events);
	case_record_release(&c);
}

void web_case_page(struct web_request *r)
{
	web_case_render(r, r->ids[0], NULL);
}
