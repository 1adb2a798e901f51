/*
 * triage_page.c - GET /triage: the queue of subjects (referrals about one
 * reported person, docs/linking.md) that have led to no case yet, most
 * urgent first, exactly in triage_build's order (`himaya triage`), within
 * what the user may see:
 *
 *   - a police analyst: its unit's queue, the subjects proposed for the
 *     courts of the cases the unit investigates (`triage --body --unit`);
 *     a unit with no case has no court, so an empty queue, and says so;
 *   - a First Instance prosecutor: the subjects proposed for its court;
 *     a Court of Appeal: for the First Instance Courts of its district;
 *   - the Presidency: every subject, filterable by proposed court
 *     (?court=CODE) and to the route-by-hand queue (?by_hand=1).
 *
 * Also the pieces the subject page shares (the scope's view of one
 * subject, the urgency, deadline and court cells). The routing tables are
 * the server's, loaded once at start (server.h). Every read is audited.
 */
#include "triage_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "server.h"
#include "../core/ident.h"
#include "../lib/banned.h"

/* A national queue may hold tens of thousands of subjects: the page shows
 * the most urgent ones and says how many there are. */
#define TRIAGE_ROWS_SHOWN 200

int web_triage_view_init(struct web_request *r, struct web_triage_view *v, struct err *err)
{
	triage_courts_init(&v->courts);
	v->all = false;
	return triage_scope_courts(r->st, &r->read_scope, &v->courts, &v->all, err);
}

void web_triage_view_release(struct web_triage_view *v)
{
	triage_courts_release(&v->courts);
}

int web_triage_build(struct web_request *r, const struct web_triage_view *v, const struct web_triage_filter *f,
		     int64_t subject_id, struct triage_list *out, struct err *err)
{
	const struct web_routing *routing = web_server_routing();
	struct triage_options o;
	bool all = v->all;

	if (!routing->places)
		return err_set(err, HIM_EUSAGE, "the routing tables are not loaded (web_serve loads them)");
	if (!all && v->courts.n == 0)
		return HIM_OK; /* no court, so no subject: nothing to read */
	memset(&o, 0, sizeof(o));
	o.places = routing->places;
	o.retention = routing->retention;
	o.geoip = routing->geoip;
	o.now = (utc_time_t)r->today * 86400;
	o.courts = all ? NULL : &v->courts;
	o.court = f && f->court[0] ? f->court : NULL;
	/* Subjects to route by hand are in no court's queue: the filter is the
	 * Presidency's (for anyone else it would only empty the page). */
	o.by_hand = f && f->by_hand && all;
	/* The Presidency may open any subject, one that led to a case too;
	 * anyone else sees a subject only while it is in their queue. */
	o.with_cases = all && subject_id != 0;
	return triage_build(r->st, &o, subject_id, out, err);
}

void web_time(struct web_request *r, utc_time_t t, bool with_time)
{
	char buf[IDENT_TIME_TEXT_MAX];

	if (t == TIME_NONE)
		return;
	if (!with_time) {
		page_date(r, (date_t)(t >= 0 ? t / 86400 : -((-t + 86399) / 86400)));
		return;
	}
	ident_time_format(t, buf);
	page_instant(r, buf);
}

static const char *priority_code(int rank)
{
	static const char *const codes[] = { "E", "1", "2", "3", "informational" };
	return rank >= 0 && rank < 5 ? codes[rank] : NULL;
}

void web_triage_urgency(struct web_request *r, const struct triage_row *row)
{
	const char *prio = priority_code(row->sum.priority_rank);

	if (row->sum.escalated) {
		page_html(r, "<span class=\"flag escalated\">");
		page_t(r, TX_ESCALATED);
		page_html(r, "</span> ");
	}
	if (prio) {
		page_html(r, "<span class=\"prio\" title=\"");
		page_t(r, TX_PRIORITY);
		page_html(r, "\">");
		if (row->sum.priority_rank == 4)
			page_t(r, TX_PRIORITY_INFO);
		else
			page_text(r, prio);
		page_html(r, "</span>");
	} else if (!row->sum.escalated) {
		page_html(r, "<span class=\"muted\">—</span>");
	}
	if (row->sum.needs_port) {
		page_html(r, " <span class=\"tag warn\">");
		page_t(r, TX_NEEDS_PORT);
		page_html(r, "</span>");
	}
}

void web_triage_deadline(struct web_request *r, const struct triage_row *row)
{
	switch (row->item.state) {
	case DEADLINE_NONE:
		page_html(r, "<span class=\"deadline deadline-none muted\">");
		page_t(r, TX_DEADLINE_NONE);
		page_html(r, "</span>");
		return;
	case DEADLINE_OPEN:
		page_html(r, "<span class=\"deadline deadline-open\">");
		web_time(r, row->item.deadline, false);
		page_html(r, "</span>");
		return;
	case DEADLINE_NEAR:
		page_html(r, "<span class=\"deadline deadline-near\">");
		web_time(r, row->item.deadline, false);
		page_html(r, " <strong>");
		page_t(r, TX_DEADLINE_NEAR);
		page_html(r, "</strong></span>");
		return;
	case DEADLINE_PAST:
		page_html(r, "<span class=\"deadline deadline-past\">");
		web_time(r, row->item.deadline, false);
		page_html(r, " <strong>");
		page_t(r, TX_DEADLINE_PAST);
		page_html(r, "</strong></span>");
		return;
	}
}

void web_triage_court(struct web_request *r, const struct triage_row *row)
{
	enum route_status s = route_status(&row->route);

	if (s == ROUTE_PROPOSED) {
		page_html(r, "<span class=\"court\">");
		page_text(r, web_court_name(r, row->route.court));
		page_html(r, "</span> <span class=\"why\">(");
		page_t(r, row->geoip ? TX_REASON_GEOIP : TX_REASON_PLACE);
		page_html(r, ")</span>");
		return;
	}
	page_html(r, "<span class=\"tag by-hand\">");
	page_t(r, TX_BY_HAND);
	page_html(r, "</span> <span class=\"why\">");
	if (s == ROUTE_NO_LOCATION) {
		page_t(r, TX_BY_HAND_NO_PLACE);
	} else if (s == ROUTE_UNKNOWN) {
		page_t(r, TX_BY_HAND_UNKNOWN);
	} else {
		page_t(r, TX_BY_HAND_SEVERAL);
		page_html(r, " ");
		page_text(r, web_court_name(r, row->route.court));
		page_html_if(r, r->lang == LANG_AR, "، ", ", ");
		page_text(r, web_court_name(r, row->route.other));
	}
	page_html(r, "</span>");
}

/* --- the page ------------------------------------------------------------ */

/* ?court= is kept only when it names a First Instance Court the user's
 * queue covers; ?by_hand=1 only for the Presidency (web_triage_build). */
static void filter_read(struct web_request *r, const struct web_triage_view *v, struct web_triage_filter *f)
{
	const struct triage_courts *courts = &v->courts;
	bool all = v->all;
	const char *court = web_query(r, "court");
	const char *hand = web_query(r, "by_hand");
	const struct court_term *t;
	size_t i;

	memset(f, 0, sizeof(*f));
	f->by_hand = all && hand && strcmp(hand, "1") == 0;
	if (!court || !code_valid(court) || f->by_hand)
		return;
	t = court_map_latest(store_court_map(r->st), court);
	if (!t || t->kind != COURT_FIRST)
		return;
	for (i = 0; !all && i < courts->n; i++)
		if (strcmp(courts->code[i], court) == 0)
			break;
	if (all || i < courts->n)
		snprintf(f->court, sizeof(f->court), "%s", court);
}

static void court_option(struct web_request *r, const char *code, const char *chosen)
{
	page_html(r, "<option value=\"");
	page_text(r, code);
	page_html_if(r, strcmp(code, chosen) == 0, "\" selected>", "\">");
	page_text(r, web_court_name(r, code));
	page_html(r, "</option>");
}

/* The filters: a court among those of the queue (the Presidency: any
 * First Instance Court), and for the Presidency the route-by-hand queue. */
static void filter_form(struct web_request *r, const struct web_triage_view *v, const struct web_triage_filter *f)
{
	const struct triage_courts *courts = &v->courts;
	bool all = v->all;
	const struct court_map *map = store_court_map(r->st);
	size_t i;

	if (!all && courts->n < 2)
		return;
	page_html(r, "<form method=\"get\" action=\"/triage\" class=\"filters\">\n"
		     "<div class=\"field\"><label for=\"f-court\">");
	page_t(r, TX_PROPOSED_COURT);
	page_html(r, "</label><select id=\"f-court\" name=\"court\"><option value=\"\">");
	page_t(r, TX_ANY);
	page_html(r, "</option>");
	if (all) {
		for (i = 0; i < map->n; i++) {
			const struct court_term *t = &map->terms[i];

			if (t->kind == COURT_FIRST && court_map_latest(map, t->code) == t)
				court_option(r, t->code, f->court);
		}
	} else {
		for (i = 0; i < courts->n; i++)
			court_option(r, courts->code[i], f->court);
	}
	page_html(r, "</select></div>\n");
	if (all) {
		page_html(r, "<div class=\"field\"><label class=\"check\"><input type=\"checkbox\" name=\"by_hand\" value=\"1\"");
		if (f->by_hand)
			page_html(r, " checked");
		page_html(r, "> ");
		page_t(r, TX_BY_HAND_ONLY);
		page_html(r, "</label></div>\n");
	}
	page_html(r, "<div class=\"actions\"><button type=\"submit\">");
	page_t(r, TX_FILTER);
	page_html(r, "</button></div>\n</form>\n");
}

static void queue_table(struct web_request *r, const struct triage_list *rows)
{
	size_t shown = rows->n > TRIAGE_ROWS_SHOWN ? TRIAGE_ROWS_SHOWN : rows->n;

	page_html(r, "<div class=\"scroll\"><table class=\"list triage\">\n<thead><tr><th>");
	page_t(r, TX_ID);
	page_html(r, "</th><th>");
	page_t(r, TX_URGENCY);
	page_html(r, "</th><th>");
	page_t(r, TX_DEADLINE);
	page_html(r, "</th><th>");
	page_t(r, TX_PROPOSED_COURT);
	page_html(r, "</th><th>");
	page_t(r, TX_REFERRALS);
	page_html(r, "</th><th>");
	page_t(r, TX_LAST_RECEIVED);
	page_html(r, "</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < shown; i++) {
		const struct triage_row *row = &rows->rows[i];

		page_html(r, "<tr id=\"subject-");
		page_int(r, row->sum.id);
		page_html(r, "\"");
		if (row->sum.escalated)
			page_html(r, " class=\"escalated\"");
		page_html(r, "><td><a href=\"/subjects/");
		page_int(r, row->sum.id);
		page_html(r, "\">");
		page_int(r, row->sum.id);
		page_html(r, "</a></td><td>");
		web_triage_urgency(r, row);
		page_html(r, "</td><td>");
		web_triage_deadline(r, row);
		page_html(r, "</td><td>");
		web_triage_court(r, row);
		page_html(r, "</td><td class=\"num\">");
		page_int(r, row->sum.referrals);
		page_html(r, "</td><td>");
		web_time(r, row->sum.last_received, false);
		page_html(r, "</td></tr>\n");
	}
	page_html(r, "</tbody></table></div>\n");
}

/* The page's content under its header, for the cache: the count of
 * subjects the audit records, a newline, then the HTML. */
static void queue_body(struct web_request *r, const struct web_triage_view *v, const struct web_triage_filter *f,
		       const struct triage_list *rows)
{
	filter_form(r, v, f);
	if (!v->all && v->courts.n == 0) {
		page_html(r, "<p class=\"notice\" id=\"unit-empty\">");
		page_t(r, TX_TRIAGE_UNIT_EMPTY);
		page_html(r, "</p>\n");
		return;
	}
	page_html(r, "<p class=\"count\">");
	page_t(r, TX_SUBJECTS_COUNT);
	page_html(r, ": <strong id=\"total\">");
	page_int(r, (int64_t)rows->n);
	page_html(r, "</strong>");
	if (rows->n > TRIAGE_ROWS_SHOWN) {
		page_html(r, " · ");
		page_t(r, TX_SHOWN_FIRST);
		page_html(r, " ");
		page_int(r, TRIAGE_ROWS_SHOWN);
		page_html(r, " ");
		page_t(r, TX_SHOWN_OF);
		page_html(r, " ");
		page_int(r, (int64_t)rows->n);
	}
	page_html(r, "</p>\n");
	if (rows->n == 0) {
		page_html(r, "<p class=\"muted\">");
		page_t(r, TX_TRIAGE_EMPTY);
		page_html(r, "</p>\n");
	} else {
		queue_table(r, rows);
	}
}

/*
 * Building a national queue reads every subject and sighting (about a
 * second for 80,000 subjects): the page is kept in the stamp-validated
 * cache (cache.h) until data change — an import, a link run, a case —
 * keyed by the user's view, filter, language and day (deadlines are
 * "near" relative to today). Served from the cache or not, it is audited.
 */
void web_triage_page(struct web_request *r)
{
	struct web_triage_view v;
	struct triage_list rows;
	struct web_triage_filter f;
	struct strbuf object = STRBUF_INIT, detail = STRBUF_INIT, key = STRBUF_INIT, cached = STRBUF_INIT;
	struct err err = ERR_INIT;
	const char *html = NULL;
	char *scope = NULL, *end;
	int64_t stamp = 0;
	long long count = 0;
	size_t mark;
	int rc;

	triage_list_init(&rows);
	memset(&f, 0, sizeof(f));
	rc = web_triage_view_init(r, &v, &err);
	if (rc == HIM_OK) {
		filter_read(r, &v, &f);
		rc = web_cache_stamp(r, &stamp, &err);
	}
	if (rc == HIM_OK) {
		strbuf_adds(&key, "triage\x1f");
		web_cache_key_scope(r, &key);
		strbuf_addf(&key, "%s\x1f%d", f.court, f.by_hand);
		if (web_cache_get(key.buf, stamp, &cached) && (count = strtoll(cached.buf, &end, 10)) >= 0 &&
		    *end == '\n')
			html = end + 1;
		else
			rc = web_triage_build(r, &v, &f, 0, &rows, &err);
	}
	if (rc != HIM_OK) {
		web_internal_error(r, &err);
		goto out;
	}
	if (!html)
		count = (long long)rows.n;
	scope = scope_describe(&r->read_scope);
	strbuf_addf(&object, "triage:%s", scope);
	strbuf_addf(&detail, "subjects=%lld", count);
	if (f.court[0])
		strbuf_addf(&detail, " court=%s", f.court);
	if (f.by_hand)
		strbuf_adds(&detail, " by_hand");
	if (!web_audit(r, "triage_read", object.buf, detail.buf))
		goto out;

	page_begin(r, TX_TRIAGE, NULL, NAV_TRIAGE);
	page_html(r, "<p class=\"hint\">");
	page_t(r, TX_TRIAGE_INTRO);
	page_html(r, "</p>\n");
	if (html) {
		strbuf_adds(&r->resp.body, html);
	} else {
		mark = r->resp.body.len;
		queue_body(r, &v, &f, &rows);
		strbuf_reset(&cached);
		strbuf_addf(&cached, "%lld\n", count);
		strbuf_add(&cached, r->resp.body.buf + mark, r->resp.body.len - mark);
		web_cache_put(key.buf, stamp, cached.buf, cached.len);
	}
	page_end(r);
out:
	free(scope);
	strbuf_release(&object);
	strbuf_release(&detail);
	strbuf_release(&key);
	strbuf_release(&cached);
	triage_list_release(&rows);
	web_triage_view_release(&v);
}
