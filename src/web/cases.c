/*
 * cases.c - the list of cases in the user's scope, with filters (court,
 * year, platform, subject, stage, decision) and keyset paging: a page
 * asks for the cases after the last id shown, so paging costs the same
 * on page 1 and page 2,000, and a case registered meanwhile never makes
 * a row appear twice.
 *
 * Filter values come from the query string: each must be a known code
 * (or a year, an id); anything else is ignored rather than echoed.
 */
#include "handlers.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "../store/store.h"
#include "../lib/banned.h"

#define PAGE_SIZE 50

struct list_filters {
	char court[CODE_MAX], platform[CODE_MAX], subject[CODE_MAX], decision[CODE_MAX];
	int year;
	int stage; /* -1 any */
	int64_t after;
};

static void code_arg(struct web_request *r, const char *name, enum vocab_kind kind, char out[CODE_MAX])
{
	const char *v = web_query(r, name);

	out[0] = '\0';
	if (!v || !code_valid(v))
		return;
	if ((int)kind >= 0 && !vocab_find(store_vocab(r->st), kind, v) && strcmp(v, "none") != 0)
		return;
	memcpy(out, v, strlen(v) + 1);
}

static int64_t number_arg(struct web_request *r, const char *name, int64_t min, int64_t max)
{
	const char *v = web_query(r, name);
	char *end;
	long long n;

	if (!v || v[0] < '0' || v[0] > '9')
		return 0;
	errno = 0;
	n = strtoll(v, &end, 10);
	return errno || *end || n < min || n > max ? 0 : n;
}

static void filters_read(struct web_request *r, struct list_filters *lf)
{
	const char *stage = web_query(r, "stage");
	enum case_stage s;

	memset(lf, 0, sizeof(*lf));
	code_arg(r, "court", (enum vocab_kind)-1, lf->court);
	if (lf->court[0] && !court_map_latest(store_court_map(r->st), lf->court))
		lf->court[0] = '\0';
	code_arg(r, "platform", VOCAB_PLATFORM, lf->platform);
	code_arg(r, "subject", VOCAB_SUBJECT, lf->subject);
	code_arg(r, "decision", VOCAB_DECISION, lf->decision);
	lf->year = (int)number_arg(r, "year", 1900, 2999);
	lf->after = number_arg(r, "after", 1, INT64_MAX);
	lf->stage = stage && case_stage_parse(stage, &s) ? (int)s : -1;
}

/* The courts a filter may offer: those of the user's read scope. */
static bool court_in_scope(const struct web_request *r, const struct court_term *t)
{
	switch (r->read_scope.kind) {
	case SCOPE_NATIONAL:
	case SCOPE_UNIT:
		return true;
	case SCOPE_DISTRICT:
		return strcmp(t->code, r->read_scope.code) == 0 || strcmp(t->appeal_court, r->read_scope.code) == 0;
	case SCOPE_COURT:
		return strcmp(t->code, r->read_scope.code) == 0;
	}
	return false;
}

static void select_open(struct web_request *r, const char *name, enum text_id label)
{
	page_html(r, "<div class=\"field\"><label for=\"f-");
	page_text(r, name);
	page_html(r, "\">");
	page_t(r, label);
	page_html(r, "</label><select id=\"f-");
	page_text(r, name);
	page_html(r, "\" name=\"");
	page_text(r, name);
	page_html(r, "\"><option value=\"\">");
	page_t(r, TX_ANY);
	page_html(r, "</option>");
}

static void option(struct web_request *r, const char *value, const char *label, bool selected)
{
	page_html(r, "<option value=\"");
	page_text(r, value);
	page_html_if(r, selected, "\" selected>", "\">");
	page_text(r, label);
	page_html(r, "</option>");
}

static void vocab_select(struct web_request *r, const char *name, enum text_id label, enum vocab_kind kind,
			 const char *chosen, bool with_none)
{
	const struct vocab *v = store_vocab(r->st);

	select_open(r, name, label);
	if (with_none)
		option(r, "none", web_t(r, TX_NONE_YET), strcmp(chosen, "none") == 0);
	for (size_t i = 0; i < v->n; i++)
		if (v->entries[i].kind == kind)
			option(r, v->entries[i].code, vocab_label(&v->entries[i], r->lang),
			       strcmp(chosen, v->entries[i].code) == 0);
	page_html(r, "</select></div>\n");
}

static void filter_form(struct web_request *r, const struct list_filters *lf)
{
	const struct court_map *map = store_court_map(r->st);

	page_html(r, "<form method=\"get\" action=\"/cases\" class=\"filters\">\n");
	if (r->read_scope.kind != SCOPE_COURT) {
		select_open(r, "court", TX_COURT);
		for (size_t i = 0; i < map->n; i++) {
			const struct court_term *t = &map->terms[i];
			if (court_map_latest(map, t->code) != t || !court_in_scope(r, t))
				continue;
			option(r, t->code, court_term_name(t, r->lang), strcmp(lf->court, t->code) == 0);
		}
		page_html(r, "</select></div>\n");
	}
	page_html(r, "<div class=\"field\"><label for=\"f-year\">");
	page_t(r, TX_YEAR);
	page_html(r, "</label><input id=\"f-year\" name=\"year\" type=\"number\" min=\"2000\" max=\"2999\" value=\"");
	if (lf->year)
		page_int(r, lf->year);
	page_html(r, "\"></div>\n");
	vocab_select(r, "platform", TX_PLATFORM, VOCAB_PLATFORM, lf->platform, false);
	vocab_select(r, "subject", TX_SUBJECT, VOCAB_SUBJECT, lf->subject, false);
	select_open(r, "stage", TX_STAGE);
	for (int s = 0; s < STAGE_COUNT; s++)
		option(r, case_stage_name((enum case_stage)s), case_stage_label((enum case_stage)s, r->lang),
		       lf->stage == s);
	page_html(r, "</select></div>\n");
	vocab_select(r, "decision", TX_DECISION, VOCAB_DECISION, lf->decision, true);
	page_html(r, "<div class=\"actions\"><button type=\"submit\">");
	page_t(r, TX_FILTER);
	page_html(r, "</button></div>\n</form>\n");
}

static void filters_query(const struct list_filters *lf, struct strbuf *q)
{
	if (lf->court[0]) strbuf_addf(q, "&court=%s", lf->court);
	if (lf->year) strbuf_addf(q, "&year=%d", lf->year);
	if (lf->platform[0]) strbuf_addf(q, "&platform=%s", lf->platform);
	if (lf->subject[0]) strbuf_addf(q, "&subject=%s", lf->subject);
	if (lf->stage >= 0) strbuf_addf(q, "&stage=%s", case_stage_name((enum case_stage)lf->stage));
	if (lf->decision[0]) strbuf_addf(q, "&decision=%s", lf->decision);
}

static void outcome_cell(struct web_request *r, const struct level_outcome *o)
{
	page_html(r, "<td>");
	if (o->code[0])
		page_text(r, vocab_label_of(store_vocab(r->st), VOCAB_OUTCOME, o->code, r->lang));
	page_html(r, "</td>");
}

/*
 * How many cases the filter matches: a COUNT over the whole scope (all
 * 100,000 cases for the Presidency), the same for every page of a list,
 * so kept in the stamp-validated cache (cache.h) until case data change.
 */
static int cached_count(struct web_request *r, const struct case_filter *f, int64_t *total, struct err *err)
{
	struct strbuf key = STRBUF_INIT, value = STRBUF_INIT;
	int64_t stamp;
	int rc;

	strbuf_adds(&key, "count\x1f");
	web_cache_key_scope(r, &key);
	strbuf_addf(&key, "%s\x1f%d\x1f%s\x1f%s\x1f%s\x1f%d", f->court ? f->court : "", f->year,
		    f->platform ? f->platform : "", f->subject ? f->subject : "",
		    f->decision ? (*f->decision ? f->decision : "none") : "", f->stage);
	rc = web_cache_stamp(r, &stamp, err);
	if (rc == HIM_OK && web_cache_get(key.buf, stamp, &value)) {
		*total = strtoll(value.buf, NULL, 10);
	} else if (rc == HIM_OK && (rc = store_case_count(r->st, &r->read_scope, f, total, err)) == HIM_OK) {
		strbuf_addf(&value, "%lld", (long long)*total);
		web_cache_put(key.buf, stamp, value.buf, value.len);
	}
	strbuf_release(&key);
	strbuf_release(&value);
	return rc;
}

/* The content under the page header: filters, count, rows, pager. */
static int list_body(struct web_request *r, const struct list_filters *lf_in, struct err *err)
{
	struct list_filters lf = *lf_in;
	struct case_filter f;
	struct case_list l;
	int64_t total = 0;
	size_t shown;
	int rc;

	case_filter_init(&f);
	f.court = lf.court[0] ? lf.court : NULL;
	f.year = lf.year;
	f.platform = lf.platform[0] ? lf.platform : NULL;
	f.subject = lf.subject[0] ? lf.subject : NULL;
	f.decision = strcmp(lf.decision, "none") == 0 ? "" : lf.decision[0] ? lf.decision : NULL;
	f.stage = lf.stage;
	f.order = CASE_ORDER_ID;
	rc = cached_count(r, &f, &total, err);
	f.after_id = lf.after;
	f.limit = PAGE_SIZE + 1; /* one more tells whether a next page exists */
	case_list_init(&l);
	if (rc == HIM_OK)
		rc = store_case_list(r->st, &r->read_scope, &f, &l, err);
	if (rc != HIM_OK) {
		case_list_release(&l);
		return rc;
	}
	filter_form(r, &lf);
	page_html(r, "<p class=\"count\">");
	page_t(r, TX_COUNT);
	page_html(r, ": <strong>");
	page_int(r, total);
	page_html(r, "</strong></p>\n");
	shown = l.n > PAGE_SIZE ? PAGE_SIZE : l.n;
	if (shown == 0) {
		page_html(r, "<p class=\"muted\">");
		page_t(r, TX_NO_CASES);
		page_html(r, "</p>\n");
	} else {
		page_html(r, "<div class=\"scroll\"><table class=\"list\">\n<thead><tr><th>");
		page_t(r, TX_FILE_NUMBER);
		page_html(r, "</th><th>");
		page_t(r, TX_COURT);
		page_html(r, "</th><th>");
		page_t(r, TX_REGISTERED);
		page_html(r, "</th><th>");
		page_t(r, TX_PLATFORM);
		page_html(r, "</th><th>");
		page_t(r, TX_STAGE);
		page_html(r, "</th><th>");
		page_t(r, TX_DECISION);
		page_html(r, "</th><th>");
		page_t(r, TX_FIRST);
		page_html(r, "</th><th>");
		page_t(r, TX_APPEAL);
		page_html(r, "</th></tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < shown; i++) {
			const struct case_record *c = &l.items[i];
			page_html(r, "<tr><td><a href=\"/cases/");
			page_int(r, c->id);
			page_html(r, "\"><bdi>");
			page_text(r, c->file_number);
			page_html(r, "</bdi></a></td><td>");
			page_text(r, web_court_name(r, c->court));
			page_html(r, "</td><td>");
			page_date(r, c->registered);
			page_html(r, "</td><td>");
			for (size_t k = 0; k < c->platforms.n; k++) {
				if (k)
					page_html(r, " · ");
				page_text(r, vocab_label_of(store_vocab(r->st), VOCAB_PLATFORM, c->platforms.code[k], r->lang));
			}
			page_html(r, "</td><td><span class=\"stage stage-");
			page_text(r, case_stage_name(c->state.stage));
			page_html(r, "\">");
			page_text(r, case_stage_label(c->state.stage, r->lang));
			page_html(r, "</span></td><td>");
			if (c->state.decision[0])
				page_text(r, vocab_label_of(store_vocab(r->st), VOCAB_DECISION, c->state.decision, r->lang));
			page_html(r, "</td>");
			outcome_cell(r, &c->state.first);
			outcome_cell(r, &c->state.appeal);
			page_html(r, "</tr>\n");
		}
		page_html(r, "</tbody></table></div>\n");
	}
	page_html(r, "<nav class=\"pager\">");
	if (lf.after) {
		struct strbuf q = STRBUF_INIT;
		strbuf_adds(&q, "/cases?");
		filters_query(&lf, &q);
		page_html(r, "<a href=\"");
		page_text(r, q.buf);
		page_html(r, "\">");
		page_t(r, TX_FIRST_PAGE);
		page_html(r, "</a> ");
		strbuf_release(&q);
	}
	if (l.n > PAGE_SIZE) {
		struct strbuf q = STRBUF_INIT;
		strbuf_addf(&q, "/cases?after=%lld", (long long)l.items[PAGE_SIZE - 1].id);
		filters_query(&lf, &q);
		page_html(r, "<a href=\"");
		page_text(r, q.buf);
		page_html(r, "\" rel=\"next\">");
		page_t(r, TX_NEXT_PAGE);
		page_html(r, "</a>");
		strbuf_release(&q);
	}
	page_html(r, "</nav>\n");
	case_list_release(&l);
	return HIM_OK;
}

/*
 * The same filters and page show the same content until case data change
 * (a new case, an event, a correction): kept in the stamp-validated cache.
 */
void web_cases_list(struct web_request *r)
{
	struct list_filters lf;
	struct strbuf key = STRBUF_INIT, detail = STRBUF_INIT;
	struct err err = ERR_INIT;
	int64_t stamp = 0;
	size_t mark;

	filters_read(r, &lf);
	strbuf_adds(&key, "cases\x1f");
	web_cache_key_scope(r, &key);
	strbuf_addf(&key, "%lld\x1f", (long long)lf.after);
	filters_query(&lf, &key);
	if (web_cache_stamp(r, &stamp, &err) != HIM_OK) {
		strbuf_release(&key);
		web_internal_error(r, &err);
		return;
	}
	/* A list shows cases: a read, audited (with its filter and page)
	 * before it is shown, cached or not. */
	strbuf_addf(&detail, "after=%lld", (long long)lf.after);
	filters_query(&lf, &detail);
	if (!web_audit(r, "case_list", "cases", detail.buf)) {
		strbuf_release(&key);
		strbuf_release(&detail);
		return;
	}
	strbuf_release(&detail);
	page_begin(r, TX_CASES, NULL, NAV_CASES);
	mark = r->resp.body.len;
	if (!web_cache_get(key.buf, stamp, &r->resp.body)) {
		if (list_body(r, &lf, &err) != HIM_OK) {
			strbuf_release(&key);
			web_internal_error(r, &err);
			return;
		}
		web_cache_put(key.buf, stamp, r->resp.body.buf + mark, r->resp.body.len - mark);
	}
	strbuf_release(&key);
	page_end(r);
}
