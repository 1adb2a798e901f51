/*
 * api.c - the JSON API under /api/v1/: cases, a case's events (read and
 * record), and the circular's table. Same session cookie, same roles and
 * scopes, same audit as the pages; a POST carries the session's CSRF
 * token in the X-CSRF-Token header (checked by the router), so another
 * site's page cannot post on a user's behalf.
 *
 * Errors are {"error": CODE, "message": TEXT}; a refused event adds the
 * stage machine's reason in Arabic and French.
 */
#include "handlers.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../report/table.h"
#include "../store/store.h"
#include "../lib/utf8.h"
#include "../lib/banned.h"

static void api_send(struct web_request *r, int status, json_t *o)
{
	char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;

	json_decref(o);
	if (!text) {
		struct err err = ERR_INIT;
		err_set(&err, HIM_ENOMEM, "cannot build JSON");
		web_internal_error(r, &err);
		return;
	}
	r->resp.status = status;
	r->resp.content_type = "application/json; charset=utf-8";
	strbuf_reset(&r->resp.body);
	strbuf_adds(&r->resp.body, text);
	strbuf_addch(&r->resp.body, '\n');
	free(text);
}

void web_api_error(struct web_request *r, int status, const char *code, const char *message)
{
	json_t *o = json_pack("{s:s, s:s}", "error", code, "message", message);
	char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;

	json_decref(o);
	r->resp.status = status;
	r->resp.content_type = "application/json; charset=utf-8";
	strbuf_reset(&r->resp.body);
	strbuf_adds(&r->resp.body, text ? text : "{\"error\":\"internal\"}");
	strbuf_addch(&r->resp.body, '\n');
	free(text);
}

static json_t *date_json(date_t d)
{
	char buf[DATE_ISO_LEN];

	if (d == DATE_NONE)
		return json_null();
	date_format(d, buf);
	return json_string(buf);
}

static json_t *codes_json(const struct code_list *l)
{
	json_t *a = json_array();

	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, json_string(l->code[i]));
	return a;
}

static json_t *code_or_null(const char *code)
{
	return code[0] ? json_string(code) : json_null();
}

static json_t *outcome_json(const struct level_outcome *o)
{
	if (!o->code[0])
		return json_null();
	return json_pack("{s:s, s:o, s:I, s:I, s:I}", "code", o->code, "date", date_json(o->date),
			 "prison_months", (json_int_t)o->sentence.prison_months,
			 "suspended_months", (json_int_t)o->sentence.suspended_months,
			 "fine_mad", (json_int_t)o->sentence.fine_mad);
}

static json_t *case_json(const struct web_request *r, const struct case_record *c)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(c->id));
	json_object_set_new(o, "court", json_string(c->court));
	json_object_set_new(o, "court_name", json_string(web_court_name(r, c->court)));
	json_object_set_new(o, "district", json_string(c->district));
	json_object_set_new(o, "file_number", json_string(c->file_number ? c->file_number : ""));
	json_object_set_new(o, "version", json_integer(c->version));
	json_object_set_new(o, "registered", date_json(c->registered));
	json_object_set_new(o, "body", json_string(c->body));
	json_object_set_new(o, "unit", c->unit ? json_string(c->unit) : json_null());
	json_object_set_new(o, "subjects", codes_json(&c->subjects));
	json_object_set_new(o, "platforms", codes_json(&c->platforms));
	json_object_set_new(o, "suspects", json_integer(c->suspects));
	json_object_set_new(o, "stage", json_string(case_stage_name(c->state.stage)));
	json_object_set_new(o, "decision", code_or_null(c->state.decision));
	json_object_set_new(o, "decision_date", date_json(c->state.decision_date));
	json_object_set_new(o, "first_instance", outcome_json(&c->state.first));
	json_object_set_new(o, "appeal", outcome_json(&c->state.appeal));
	json_object_set_new(o, "cassation", outcome_json(&c->state.cassation));
	json_object_set_new(o, "last_event_date", date_json(c->state.last_event_date));
	return o;
}

static json_t *event_json(const struct case_event *ev)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(ev->id));
	json_object_set_new(o, "type", json_string(event_type_name(ev->type)));
	json_object_set_new(o, "date", date_json(ev->date));
	json_object_set_new(o, "supersedes", ev->supersedes ? json_integer(ev->supersedes) : json_null());
	json_object_set_new(o, "retracts", json_boolean(ev->retracts));
	json_object_set_new(o, "code", code_or_null(ev->code));
	json_object_set_new(o, "reason", code_or_null(ev->reason));
	json_object_set_new(o, "charges", codes_json(&ev->charges));
	json_object_set_new(o, "accused", ev->accused >= 0 ? json_integer(ev->accused) : json_null());
	json_object_set_new(o, "prison_months", ev->sentence.prison_months >= 0 ? json_integer(ev->sentence.prison_months) : json_null());
	json_object_set_new(o, "suspended_months", ev->sentence.suspended_months >= 0 ? json_integer(ev->sentence.suspended_months) : json_null());
	json_object_set_new(o, "fine_mad", ev->sentence.fine_mad >= 0 ? json_integer(ev->sentence.fine_mad) : json_null());
	json_object_set_new(o, "note", ev->note ? json_string(ev->note) : json_null());
	json_object_set_new(o, "recorded_at", ev->recorded_at ? json_string(ev->recorded_at) : json_null());
	json_object_set_new(o, "recorded_by", ev->recorded_by ? json_string(ev->recorded_by) : json_null());
	return o;
}

static int64_t query_int(struct web_request *r, const char *name, int64_t min, int64_t max, int64_t dflt)
{
	const char *v = web_query(r, name);
	char *end;
	long long n;

	if (!v || v[0] < '0' || v[0] > '9')
		return dflt;
	errno = 0;
	n = strtoll(v, &end, 10);
	return errno || *end || n < min || n > max ? dflt : n;
}

void web_api_cases(struct web_request *r)
{
	const char *court = web_query(r, "court");
	struct case_filter f;
	struct case_list l;
	struct err err = ERR_INIT;
	json_t *o, *a;
	int64_t total = 0;
	char detail[96];
	int rc;

	case_filter_init(&f);
	f.court = court && code_valid(court) ? court : NULL;
	f.year = (int)query_int(r, "year", 1900, 2999, 0);
	f.order = CASE_ORDER_ID;
	rc = store_case_count(r->st, &r->read_scope, &f, &total, &err);
	f.after_id = query_int(r, "after", 1, INT64_MAX, 0);
	f.limit = (int)query_int(r, "limit", 1, 500, 100);
	case_list_init(&l);
	if (rc == HIM_OK)
		rc = store_case_list(r->st, &r->read_scope, &f, &l, &err);
	if (rc != HIM_OK) {
		case_list_release(&l);
		web_internal_error(r, &err);
		return;
	}
	snprintf(detail, sizeof(detail), "api court=%s year=%d after=%lld", f.court ? f.court : "", f.year,
		 (long long)f.after_id);
	if (!web_audit(r, "case_list", "cases", detail)) {
		case_list_release(&l);
		return;
	}
	o = json_object();
	a = json_array();
	for (size_t i = 0; i < l.n; i++)
		json_array_append_new(a, case_json(r, &l.items[i]));
	json_object_set_new(o, "count", json_integer(total));
	json_object_set_new(o, "cases", a);
	json_object_set_new(o, "next_after", l.n == (size_t)f.limit ? json_integer(l.items[l.n - 1].id) : json_null());
	case_list_release(&l);
	api_send(r, 200, o);
}

/* Read case r->ids[0] within the read scope; answers 404/500 itself. */
static bool case_load(struct web_request *r, struct case_record *c, struct event_list *events)
{
	struct err err = ERR_INIT;
	char object[32];
	int rc;

	rc = store_case_get(r->st, &r->read_scope, r->ids[0], c, &err);
	if (rc == HIM_OK && events)
		rc = store_case_events(r->st, &r->read_scope, r->ids[0], events, &err);
	if (rc == HIM_ENOTFOUND) {
		web_api_error(r, 404, "not_found", "no such case");
		return false;
	}
	if (rc != HIM_OK) {
		web_internal_error(r, &err);
		return false;
	}
	snprintf(object, sizeof(object), "case:%lld", (long long)c->id);
	return web_audit(r, "case_read", object, "api");
}

void web_api_case(struct web_request *r)
{
	struct case_record c;

	case_record_init(&c);
	if (case_load(r, &c, NULL))
		api_send(r, 200, case_json(r, &c));
	case_record_release(&c);
}

void web_api_events(struct web_request *r)
{
	struct case_record c;
	struct event_list events;
	json_t *a;

	case_record_init(&c);
	event_list_init(&events);
	if (case_load(r, &c, &events)) {
		a = json_array();
		for (size_t i = 0; i < events.n; i++)
			json_array_append_new(a, event_json(&events.items[i]));
		api_send(r, 200, json_pack("{s:I, s:o}", "case_id", (json_int_t)c.id, "events", a));
	}
	event_list_release(&events);
	case_record_release(&c);
}

/* Fields of a JSON event into ev; false (with the 422 sent) if malformed. */
static bool event_from_json(struct web_request *r, const json_t *in, struct case_event *ev)
{
	const char *type = json_string_value(json_object_get(in, "type"));
	const char *date = json_string_value(json_object_get(in, "date"));
	const char *code = json_string_value(json_object_get(in, "code"));
	const char *reason = json_string_value(json_object_get(in, "reason"));
	const char *note = json_string_value(json_object_get(in, "note"));
	const json_t *charges = json_object_get(in, "charges");
	static const char *const ints[] = { "accused", "prison_months", "suspended_months", "fine_mad" };
	json_int_t v[4] = { -1, -1, -1, -1 };

	if (!type || !event_type_parse(type, &ev->type)) {
		web_api_error(r, 422, "invalid", "type: investigation, report, decision, judgment, appeal or cassation");
		return false;
	}
	if (!date || !date_parse(date, &ev->date)) {
		web_api_error(r, 422, "invalid", "date: YYYY-MM-DD");
		return false;
	}
	if ((code && (strlen(code) >= CODE_MAX || !code_valid(code))) ||
	    (reason && (strlen(reason) >= CODE_MAX || !code_valid(reason)))) {
		web_api_error(r, 422, "invalid", "code, reason: vocabulary codes");
		return false;
	}
	if (code)
		memcpy(ev->code, code, strlen(code) + 1);
	if (reason)
		memcpy(ev->reason, reason, strlen(reason) + 1);
	if (charges) {
		size_t i;
		const json_t *x;
		if (!json_is_array(charges)) {
			web_api_error(r, 422, "invalid", "charges: an array of subject codes");
			return false;
		}
		json_array_foreach(charges, i, x) {
			const char *s = json_string_value(x);
			if (!s || strlen(s) >= CODE_MAX || !code_list_add(&ev->charges, s)) {
				web_api_error(r, 422, "invalid", "charges: an array of subject codes");
				return false;
			}
		}
	}
	for (int i = 0; i < 4; i++) {
		const json_t *x = json_object_get(in, ints[i]);
		if (x && !json_is_null(x)) {
			if (!json_is_integer(x) || json_integer_value(x) < 0 || json_integer_value(x) > INT64_C(1000000000000) ||
			    (i < 3 && json_integer_value(x) > 100000)) {
				web_api_error(r, 422, "invalid", "accused, prison_months, suspended_months, fine_mad: whole numbers");
				return false;
			}
			v[i] = json_integer_value(x);
		}
	}
	/* A correction names the event it supersedes (and restates it whole),
	 * a retraction withdraws it; both are judged by the stage machine. */
	{
		const json_t *sup = json_object_get(in, "supersedes");
		const json_t *ret = json_object_get(in, "retracts");
		if (sup && !json_is_null(sup) && (!json_is_integer(sup) || json_integer_value(sup) < 1)) {
			web_api_error(r, 422, "invalid", "supersedes: the id of the event corrected");
			return false;
		}
		if (ret && !json_is_null(ret) && !json_is_boolean(ret)) {
			web_api_error(r, 422, "invalid", "retracts: true or false");
			return false;
		}
		ev->supersedes = sup && json_is_integer(sup) ? json_integer_value(sup) : 0;
		ev->retracts = ret && json_is_true(ret);
		if (ev->retracts && !ev->supersedes) {
			web_api_error(r, 422, "invalid", "retracts: needs supersedes, the id of the event retracted");
			return false;
		}
	}
	ev->accused = (int)v[0];
	ev->sentence.prison_months = (int)v[1];
	ev->sentence.suspended_months = (int)v[2];
	ev->sentence.fine_mad = v[3];
	if (note) {
		if (!utf8_text_ok(note, true) || strlen(note) > 4000) {
			web_api_error(r, 422, "invalid", "note: UTF-8 text without control characters, at most 4000 bytes");
			return false;
		}
		ev->note = xstrdup(note);
	}
	return true;
}

void web_api_event_add(struct web_request *r)
{
	struct case_change changed;
	enum stage_refusal why = REFUSE_NONE;
	struct case_record c;
	struct case_event ev;
	struct err err = ERR_INIT;
	json_error_t jerr;
	json_t *in = NULL;
	int rc;

	case_record_init(&c);
	case_event_init(&ev);
	rc = store_case_get(r->st, &r->read_scope, r->ids[0], &c, &err);
	if (rc == HIM_ENOTFOUND) {
		web_api_error(r, 404, "not_found", "no such case");
		goto out;
	}
	if (rc != HIM_OK) {
		web_internal_error(r, &err);
		goto out;
	}
	if (!web_may_write_case(r, &c)) {
		web_api_error(r, 403, "forbidden", "this case is outside the scope you may write");
		goto out;
	}
	in = json_loadb(r->body.buf, r->body.len, JSON_REJECT_DUPLICATES, &jerr);
	if (!in || !json_is_object(in)) {
		web_api_error(r, 400, "bad_json", "the body must be a JSON object");
		goto out;
	}
	if (!event_from_json(r, in, &ev))
		goto out;
	/* "version": the case's version the client last read (optional):
	 * a change since then is a 409 naming who and when. */
	const json_t *ver = json_object_get(in, "version");
	if (ver && !json_is_null(ver) && (!json_is_integer(ver) || json_integer_value(ver) < 1)) {
		web_api_error(r, 422, "invalid", "version: the case's version you last read, a positive integer");
		goto out;
	}
	rc = store_case_add_event_at(r->st, &r->write_scope, c.id, ver && json_is_integer(ver) ? json_integer_value(ver) : 0,
				     &ev, r->today, &why, &changed, &err);
	if (rc == HIM_OK) {
		api_send(r, 201, event_json(&ev)); /* audited by the store with the write */
	} else if (rc == HIM_ECONFLICT && ver && json_is_integer(ver)) {
		api_send(r, 409, json_pack("{s:s, s:s, s:I, s:s, s:s}", "error", "changed", "message", err.msg,
					   "version", (json_int_t)changed.version, "changed_by", changed.by,
					   "changed_at", changed.at));
	} else if (rc == HIM_EINPUT) {
		api_send(r, 422, json_pack("{s:s, s:s, s:s, s:s, s:s}", "error", "refused",
					   "reason", stage_refusal_name(why), "message", err.msg,
					   "message_ar", stage_refusal_text(why, LANG_AR),
					   "message_fr", stage_refusal_text(why, LANG_FR)));
	} else if (rc == HIM_ENOTFOUND || rc == HIM_EFORBIDDEN) {
		web_api_error(r, 403, "forbidden", "this case is outside the scope you may write");
	} else {
		web_internal_error(r, &err);
	}
out:
	json_decref(in);
	case_event_release(&ev);
	case_record_release(&c);
}

/* The table as JSON: the query of the table page, format json. */
void web_api_table(struct web_request *r)
{
	struct web_field *f = web_fields_add(&r->query, "format", 6);

	strbuf_reset(&f->value);
	strbuf_adds(&f->value, "json");
	web_table_download(r);
	if (r->resp.status == 200)
		r->resp.content_type = "application/json; charset=utf-8";
}
