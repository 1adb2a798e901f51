/*
 * event_forms.c - recording what happens to a case: the form of each kind
 * of event (investigation, report, decision, judgment, appeal, cassation),
 * and on each event of the timeline the forms to correct it (a new event
 * of the same kind that takes its place) or to retract it (withdraw it
 * from the case's state). All post to /cases/{id}/events.
 *
 * History is never overwritten: a correction or a retraction is one more
 * event that names the one it supersedes; the corrected event stays in
 * the timeline, marked as such. Whether the procedure allows it is the
 * stage machine's answer, given by the store in the transaction that
 * appends the event; a refusal is shown next to the field it concerns,
 * in the user's language, on the form that was sent (opened, with the
 * values typed), and nothing is stored.
 */
#include "handlers.h"
#include "form.h"

#include <stdio.h>
#include <string.h>

#include "../store/store.h"
#include "../lib/banned.h"

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

/* Is f the refusal of this form (kind, corrected event, retraction)? */
static bool is_failed(const struct event_form_error *f, enum event_type type, int64_t target, bool retract)
{
	return f && f->type == (int)type && f->target == target && f->retract == retract;
}

static const char *err_for(const struct event_form_error *f, const char *field)
{
	return f && strcmp(f->field, field) == 0 ? f->message : NULL;
}

static const char *const type_names[] = { NULL, "investigation", "report", "decision", "judgment",
					  "appeal", "cassation" };

static void set_field(struct web_fields *fields, const char *name, const char *value)
{
	strbuf_adds(&web_fields_add(fields, name, strlen(name))->value, value);
}

static void set_int(struct web_fields *fields, const char *name, int64_t v)
{
	char buf[24];

	if (v < 0)
		return;
	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	set_field(fields, name, buf);
}

/* The fields of a correction form, restating the event it corrects. */
static void fields_of_event(struct web_fields *fields, const struct case_event *ev)
{
	char day[DATE_ISO_LEN];
	struct strbuf name = STRBUF_INIT;

	form_date_format(ev->date, day);
	set_field(fields, "date", day);
	if (ev->code[0])
		set_field(fields, "code", ev->code);
	if (ev->reason[0])
		set_field(fields, "reason", ev->reason);
	for (size_t i = 0; i < ev->charges.n; i++) {
		strbuf_reset(&name);
		strbuf_addf(&name, "charge_%s", ev->charges.code[i]);
		set_field(fields, name.buf, "1");
	}
	set_int(fields, "accused", ev->accused);
	set_int(fields, "prison", ev->sentence.prison_months);
	set_int(fields, "suspended", ev->sentence.suspended_months);
	set_int(fields, "fine", ev->sentence.fine_mad);
	if (ev->note)
		set_field(fields, "note", ev->note);
	strbuf_release(&name);
}

/* The fields that depend on the kind of event. */
static void kind_fields(struct web_request *r, const char *form, const struct case_record *c,
			enum event_type type, bool fresh, const struct event_form_error *f)
{
	switch (type) {
	case EVENT_DECISION:
		form_select_vocab(r, form, "code", TX_DECISION, VOCAB_DECISION, 0, true, err_for(f, "code"));
		form_select_vocab(r, form, "reason", TX_REASON, VOCAB_CLOSING_REASON, 0, false, err_for(f, "reason"));
		form_input(r, form, "accused", TX_ACCUSED, "number", err_for(f, "accused"));
		/* A fresh decision proposes the case's subjects as its charges. */
		form_checks(r, "charge", TX_CHARGES, VOCAB_SUBJECT, fresh ? &c->subjects : NULL,
			    err_for(f, "charges"));
		break;
	case EVENT_JUDGMENT:
	case EVENT_APPEAL:
		form_select_vocab(r, form, "code", TX_OUTCOME, VOCAB_OUTCOME,
				  type == EVENT_JUDGMENT ? LEVEL_FIRST : LEVEL_APPEAL, true, err_for(f, "code"));
		form_input(r, form, "prison", TX_PRISON, "number", err_for(f, "sentence"));
		form_input(r, form, "suspended", TX_SUSPENDED, "number", NULL);
		form_input(r, form, "fine", TX_FINE, "number", NULL);
		break;
	case EVENT_CASSATION:
		form_select_vocab(r, form, "code", TX_OUTCOME, VOCAB_OUTCOME, LEVEL_CASSATION, true, err_for(f, "code"));
		break;
	default:
		break;
	}
}

/*
 * One form: a new event of a kind (target NULL), the correction of target,
 * or its retraction. The submitted values come back only in the form that
 * was refused; the others are drawn from their own fields (empty, or the
 * corrected event's), the request's being set aside while they render.
 */
static void event_form(struct web_request *r, const struct case_record *c, enum event_type type,
		       const struct case_event *target, bool retract, const struct event_form_error *f)
{
	int64_t target_id = target ? target->id : 0;
	bool failed = is_failed(f, type, target_id, retract);
	struct web_fields saved = r->form;
	struct strbuf form = STRBUF_INIT, action = STRBUF_INIT;

	if (!failed)
		f = NULL;
	if (target)
		strbuf_addf(&form, "%s-%lld", retract ? "retract" : "fix", (long long)target_id);
	else
		strbuf_adds(&form, type_names[type]);
	if (target)
		page_html(r, "<details class=\"event-fix\"");
	else
		page_html(r, "<details class=\"event-form\"");
	if (failed)
		page_html(r, " open");
	page_html(r, "><summary>");
	if (target)
		page_t(r, retract ? TX_RETRACT : TX_FIX);
	else
		page_text(r, web_event_label(r, type));
	page_html(r, "</summary>\n<form method=\"post\" action=\"");
	strbuf_addf(&action, "/cases/%lld/events", (long long)c->id);
	page_text(r, action.buf);
	page_html(r, "\" class=\"grid\">");
	page_csrf(r);
	page_hidden(r, "type", type_names[type]);
	/* The version the person saw: a change by someone else meanwhile is
	 * refused with who and when (store_case_add_event_at). */
	{
		char version[24];
		snprintf(version, sizeof(version), "%lld", (long long)c->version);
		page_hidden(r, "version", version);
	}
	if (target) {
		char id[24];
		snprintf(id, sizeof(id), "%lld", (long long)target_id);
		page_hidden(r, "supersedes", id);
		if (retract)
			page_hidden(r, "retract", "1");
		page_html(r, "<p class=\"hint wide\">");
		page_t(r, retract ? TX_RETRACT_HINT : TX_FIX_HINT);
		page_html(r, "</p>");
	}
	if (failed) {
		page_field_error(r, err_for(f, ""));
	} else {
		web_fields_init(&r->form);
		if (target && !retract) {
			fields_of_event(&r->form, target);
		} else if (retract) {
			char today[DATE_ISO_LEN];
			form_date_format(r->today, today);
			set_field(&r->form, "date", today);
		}
	}
	form_date(r, form.buf, "date", retract ? TX_RETRACT_DATE : TX_DATE, err_for(f, "date"));
	if (!retract)
		kind_fields(r, form.buf, c, type, !failed && !target, f);
	form_textarea(r, form.buf, "note", retract ? TX_RETRACT_WHY : TX_NOTE, err_for(f, "note"));
	page_html_if(r, retract, "<div class=\"actions\"><button type=\"submit\" class=\"danger\">",
		     "<div class=\"actions\"><button type=\"submit\" class=\"primary\">");
	page_t(r, target ? (retract ? TX_RETRACT_SAVE : TX_FIX_SAVE) : TX_SAVE);
	page_html(r, "</button></div></form></details>\n");
	if (!failed) {
		web_fields_release(&r->form);
		r->form = saved;
	}
	strbuf_release(&form);
	strbuf_release(&action);
}

void web_event_forms(struct web_request *r, const struct case_record *c, const struct event_form_error *failed)
{
	page_html(r, "<section class=\"card\" id=\"record\"><h2>");
	page_t(r, TX_RECORD_EVENT);
	page_html(r, "</h2>\n");
	for (int t = EVENT_INVESTIGATION; t <= EVENT_CASSATION; t++)
		event_form(r, c, (enum event_type)t, NULL, false, failed);
	page_html(r, "</section>\n");
}

void web_event_fix_forms(struct web_request *r, const struct case_record *c, const struct case_event *ev,
			 const struct event_form_error *failed)
{
	page_html(r, "<div class=\"fixes\">");
	event_form(r, c, ev->type, ev, false, failed);
	event_form(r, c, ev->type, ev, true, failed);
	page_html(r, "</div>");
}

/* Read the event form into ev; on a malformed field fill *fe. */
static bool event_read(struct web_request *r, enum event_type type, bool retract, struct case_event *ev,
		       struct event_form_error *fe)
{
	const char *msg;
	int64_t n;

#define FAIL(field_name, text) do { fe->field = (field_name); fe->message = (text); return false; } while (0)
	ev->type = type;
	if ((msg = form_read_date(r, "date", &ev->date)))
		FAIL("date", msg);
	if (retract)
		goto note; /* a retraction restates nothing: a date and why */
	if (type == EVENT_DECISION) {
		if ((msg = form_read_vocab(r, "code", VOCAB_DECISION, true, ev->code)))
			FAIL("code", msg);
		if ((msg = form_read_vocab(r, "reason", VOCAB_CLOSING_REASON, false, ev->reason)))
			FAIL("reason", msg);
		form_read_checks(r, "charge", VOCAB_SUBJECT, false, &ev->charges);
		n = -1;
		if ((msg = form_read_int(r, "accused", 0, 100000, &n)))
			FAIL("accused", msg);
		ev->accused = (int)n;
	} else if (type == EVENT_JUDGMENT || type == EVENT_APPEAL || type == EVENT_CASSATION) {
		if ((msg = form_read_vocab(r, "code", VOCAB_OUTCOME, true, ev->code)))
			FAIL("code", msg);
	}
	if (type == EVENT_JUDGMENT || type == EVENT_APPEAL) {
		n = -1;
		if ((msg = form_read_int(r, "prison", 0, 1200, &n)))
			FAIL("sentence", msg);
		ev->sentence.prison_months = (int)n;
		n = -1;
		if ((msg = form_read_int(r, "suspended", 0, 1200, &n)))
			FAIL("sentence", msg);
		ev->sentence.suspended_months = (int)n;
		n = -1;
		if ((msg = form_read_int(r, "fine", 0, INT64_C(1000000000000), &n)))
			FAIL("sentence", msg);
		ev->sentence.fine_mad = n;
	}
note:
	if ((msg = form_read_text(r, "note", true, FORM_TEXT_MAX, false, &ev->note)))
		FAIL("note", msg);
#undef FAIL
	return true;
}

void web_case_event_add(struct web_request *r)
{
	struct event_form_error fe = { 0, 0, false, "", NULL };
	enum stage_refusal why = REFUSE_NONE;
	const char *type_text = web_form(r, "type");
	bool retract = web_form(r, "retract") != NULL;
	enum event_type type;
	struct case_record c;
	struct case_event ev;
	struct err err = ERR_INIT;
	int64_t id = r->ids[0], target = 0, version = 0;
	struct case_change changed;
	struct strbuf conflict = STRBUF_INIT;
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
	/* The event corrected is only named here: whether it belongs to this
	 * case, is of the same kind and still stands is the stage machine's
	 * judgement, refused with its reason like any other. */
	if (!type_text || !event_type_parse(type_text, &type) ||
	    form_read_int(r, "supersedes", 1, INT64_MAX, &target) || (retract && !target) ||
	    form_read_int(r, "version", 1, INT64_MAX, &version)) {
		page_error(r, 400, TX_BAD_REQUEST);
		goto out;
	}
	fe.type = (int)type;
	fe.target = target;
	fe.retract = retract;
	if (!event_read(r, type, retract, &ev, &fe)) {
		web_case_render(r, id, &fe);
		goto out;
	}
	ev.supersedes = target;
	ev.retracts = retract;
	rc = store_case_add_event_at(r->st, &r->write_scope, id, version, &ev, r->today, &why, &changed, &err);
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
	if (rc == HIM_ECONFLICT && version > 0) {
		/* 409: the form is shown again with what was typed, and who
		 * changed the case when, so nothing is lost either way. */
		strbuf_addf(&conflict, "%s %s %s %.10s %.5s UTC. %s", web_text(TX_CHANGED_BY, r->lang),
			    changed.by[0] ? changed.by : "?", web_text(TX_CHANGED_AT, r->lang), changed.at,
			    changed.at[0] ? changed.at + 11 : "", web_text(TX_CHANGED_RELOAD, r->lang));
		fe.field = "";
		fe.message = conflict.buf;
		web_case_render(r, id, &fe);
		r->resp.status = 409;
		goto out;
	}
	if (rc == HIM_ENOTFOUND || rc == HIM_EFORBIDDEN) {
		page_error(r, 403, TX_FORBIDDEN);
		goto out;
	}
	web_internal_error(r, &err);
out:
	strbuf_release(&conflict);
	case_event_release(&ev);
	case_record_release(&c);
}
