/*
 * dashboard.c - the home page of a user who reads cases: how many cases
 * their scope holds and how many are open, cases by stage, by platform,
 * by month of registration for a year, and the stalled cases (no event
 * for N days). Every figure is computed inside the user's scope by the
 * store (SQL GROUP BY / COUNT), never over cases the user may not see.
 *
 * The content is kept in the stamp-validated cache (cache.h): recomputed
 * after any write of case data, reused until then.
 *
 * Charts are SVG drawn here, with classes and presentation attributes
 * only (the CSP forbids inline style), mirrored for right-to-left pages.
 */
#include "handlers.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "../store/store.h"
#include "../lib/banned.h"

#define STALLED_SHOWN 10

struct bar {
	char key[CODE_MAX];
	int64_t count;
};

struct bars {
	struct bar items[32];
	size_t n;
};

static int bars_collect(const struct stats_cell *cell, void *ctx)
{
	struct bars *b = ctx;

	if (b->n < sizeof(b->items) / sizeof(b->items[0])) {
		memcpy(b->items[b->n].key, cell->values[0], CODE_MAX);
		b->items[b->n].count = cell->count;
		b->n++;
	}
	return 0;
}

static void svg_num(struct web_request *r, double v)
{
	strbuf_addf(&r->resp.body, "%.1f", v);
}

/* Horizontal bars in an HTML table: labels stay HTML text (Arabic shaping
 * and direction are the browser's), each bar is a small SVG. */
static void bar_rows(struct web_request *r, const char *const *labels, const int64_t *counts, size_t n)
{
	int64_t max = 1;

	for (size_t i = 0; i < n; i++)
		if (counts[i] > max)
			max = counts[i];
	page_html(r, "<table class=\"bars\"><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		double w = 100.0 * (double)counts[i] / (double)max;
		page_html(r, "<tr><th scope=\"row\">");
		page_text(r, labels[i]);
		page_html(r, "</th><td class=\"bar\"><svg viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" "
			     "aria-hidden=\"true\" focusable=\"false\"><rect class=\"bar-fill\" y=\"0\" height=\"10\" x=\"");
		svg_num(r, r->lang == LANG_AR ? 100.0 - w : 0.0);
		page_html(r, "\" width=\"");
		svg_num(r, w);
		page_html(r, "\"></rect></svg></td><td class=\"num\">");
		page_int(r, counts[i]);
		page_html(r, "</td></tr>\n");
	}
	page_html(r, "</tbody></table>\n");
}

static int by_stage(struct web_request *r, int64_t *open, int64_t *total, struct err *err)
{
	enum stats_dim dim = STATS_STAGE;
	struct case_filter f;
	struct bars b;
	const char *labels[STAGE_COUNT];
	int64_t counts[STAGE_COUNT];
	int rc;

	memset(&b, 0, sizeof(b));
	case_filter_init(&f);
	if ((rc = store_stats_group(r->st, &r->read_scope, &f, &dim, 1, bars_collect, &b, err)) != HIM_OK)
		return rc;
	*open = *total = 0;
	for (int s = 0; s < STAGE_COUNT; s++) {
		labels[s] = case_stage_label((enum case_stage)s, r->lang);
		counts[s] = 0;
		for (size_t i = 0; i < b.n; i++)
			if (strcmp(b.items[i].key, case_stage_name((enum case_stage)s)) == 0)
				counts[s] = b.items[i].count;
		*total += counts[s];
		if (s == STAGE_REGISTERED || s == STAGE_INVESTIGATION || s == STAGE_PROSECUTED || s == STAGE_REMANDED)
			*open += counts[s];
	}
	page_html(r, "<section class=\"card\"><h2>");
	page_t(r, TX_BY_STAGE);
	page_html(r, "</h2>\n");
	bar_rows(r, labels, counts, STAGE_COUNT);
	page_html(r, "</section>\n");
	return HIM_OK;
}

static int by_platform(struct web_request *r, struct err *err)
{
	enum stats_dim dim = STATS_PLATFORM;
	struct case_filter f;
	struct bars b;
	const char *labels[32];
	int64_t counts[32];
	int rc;

	memset(&b, 0, sizeof(b));
	case_filter_init(&f);
	if ((rc = store_stats_group(r->st, &r->read_scope, &f, &dim, 1, bars_collect, &b, err)) != HIM_OK)
		return rc;
	for (size_t i = 0; i < b.n; i++) {
		labels[i] = vocab_label_of(store_vocab(r->st), VOCAB_PLATFORM, b.items[i].key, r->lang);
		counts[i] = b.items[i].count;
	}
	page_html(r, "<section class=\"card\"><h2>");
	page_t(r, TX_BY_PLATFORM);
	page_html(r, "</h2>\n");
	bar_rows(r, labels, counts, b.n);
	page_html(r, "</section>\n");
	return HIM_OK;
}

static int by_month(struct web_request *r, int year, struct err *err)
{
	int64_t counts[12], max = 1;
	const double W = 600, H = 200, pad = 24;
	int rc;

	for (int m = 0; m < 12; m++) {
		struct case_filter f;
		case_filter_init(&f);
		f.from = date_from_ymd(year, m + 1, 1);
		f.to = (m == 11 ? date_from_ymd(year + 1, 1, 1) : date_from_ymd(year, m + 2, 1)) - 1;
		if ((rc = store_case_count(r->st, &r->read_scope, &f, &counts[m], err)) != HIM_OK)
			return rc;
		if (counts[m] > max)
			max = counts[m];
	}
	page_html(r, "<section class=\"card wide\"><h2>");
	page_t(r, TX_BY_MONTH);
	page_html(r, " <bdi>");
	page_int(r, year);
	page_html(r, "</bdi></h2>\n<nav class=\"years\"><a href=\"/?year=");
	page_int(r, year - 1);
	page_html(r, "\">");
	page_int(r, year - 1);
	page_html(r, "</a> <a href=\"/?year=");
	page_int(r, year + 1);
	page_html(r, "\">");
	page_int(r, year + 1);
	page_html(r, "</a></nav>\n<svg class=\"chart\" viewBox=\"0 0 600 230\" role=\"img\" aria-label=\"");
	page_t(r, TX_BY_MONTH);
	page_html(r, "\">\n<line class=\"axis\" x1=\"0\" y1=\"200\" x2=\"600\" y2=\"200\"></line>\n");
	for (int m = 0; m < 12; m++) {
		double slot = W / 12, h = (H - pad) * (double)counts[m] / (double)max;
		/* Right to left: January at the right, as the page reads. */
		int pos = r->lang == LANG_AR ? 11 - m : m;
		double x = slot * pos + slot * 0.15;
		page_html(r, "<g><title>");
		page_int(r, m + 1);
		page_html(r, ": ");
		page_int(r, counts[m]);
		page_html(r, "</title><rect class=\"bar-fill\" x=\"");
		svg_num(r, x);
		page_html(r, "\" y=\"");
		svg_num(r, H - h);
		page_html(r, "\" width=\"");
		svg_num(r, slot * 0.7);
		page_html(r, "\" height=\"");
		svg_num(r, h);
		page_html(r, "\"></rect><text class=\"value\" text-anchor=\"middle\" x=\"");
		svg_num(r, x + slot * 0.35);
		page_html(r, "\" y=\"");
		svg_num(r, H - h - 4);
		page_html(r, "\">");
		page_int(r, counts[m]);
		page_html(r, "</text><text class=\"month\" text-anchor=\"middle\" x=\"");
		svg_num(r, x + slot * 0.35);
		page_html(r, "\" y=\"220\">");
		page_int(r, m + 1);
		page_html(r, "</text></g>\n");
	}
	page_html(r, "</svg>\n</section>\n");
	return HIM_OK;
}

/* Open cases whose last event (or registration) is more than N days old:
 * counted and the first few listed by the store in SQL (the filter
 * last_event_before), never read one by one. */
static int stalled_cases(struct web_request *r, struct err *err)
{
	struct stalled {
		int64_t count;
		struct case_list shown;
	} s;
	struct case_filter f;
	int rc;

	memset(&s, 0, sizeof(s));
	case_list_init(&s.shown);
	case_filter_init(&f);
	f.stages = (1u << STAGE_REGISTERED) | (1u << STAGE_INVESTIGATION) | (1u << STAGE_PROSECUTED) |
		   (1u << STAGE_REMANDED);
	f.last_event_before = r->today - r->stalled_days + 1; /* on or before today - N */
	rc = store_case_count(r->st, &r->read_scope, &f, &s.count, err);
	f.limit = STALLED_SHOWN;
	if (rc == HIM_OK && s.count > 0)
		rc = store_case_list(r->st, &r->read_scope, &f, &s.shown, err);
	if (rc == HIM_OK) {
		page_html(r, "<section class=\"card wide\"><h2>");
		page_t(r, TX_STALLED);
		page_html(r, " ");
		page_int(r, r->stalled_days);
		page_html(r, " ");
		page_t(r, TX_DAYS);
		page_html(r, ": ");
		page_int(r, s.count);
		page_html(r, "</h2>\n");
		if (s.count == 0) {
			page_html(r, "<p class=\"muted\">");
			page_t(r, TX_NONE_STALLED);
			page_html(r, "</p>");
		} else {
			page_html(r, "<ul class=\"stalled\">");
			for (size_t i = 0; i < s.shown.n; i++) {
				const struct case_record *c = &s.shown.items[i];
				page_html(r, "<li><a href=\"/cases/");
				page_int(r, c->id);
				page_html(r, "\"><bdi>");
				page_text(r, c->file_number);
				page_html(r, "</bdi></a> · ");
				page_text(r, web_court_name(r, c->court));
				page_html(r, " · ");
				page_text(r, case_stage_label(c->state.stage, r->lang));
				page_html(r, " · ");
				page_date(r, c->state.last_event_date != DATE_NONE ? c->state.last_event_date : c->registered);
				page_html(r, "</li>");
			}
			page_html(r, "</ul>\n");
		}
		page_html(r, "</section>\n");
	}
	case_list_release(&s.shown);
	return rc;
}

static int latest_year(const struct stats_cell *cell, void *ctx)
{
	int *year = ctx;
	int y = (int)strtol(cell->values[0], NULL, 10);
	if (y > *year)
		*year = y;
	return 0;
}

/*
 * The dashboard's content (everything under the page's header): the
 * year's default, the figures and the charts. Costly on a large scope
 * (several GROUP BYs over every case), so web_dashboard keeps it in the
 * stamp-validated cache.
 */
static int dashboard_body(struct web_request *r, int year, struct err *err)
{
	int64_t open = 0, total = 0;
	size_t mark;
	int rc;

	if (!year) {
		enum stats_dim dim = STATS_YEAR;
		struct case_filter f;
		case_filter_init(&f);
		rc = store_stats_group(r->st, &r->read_scope, &f, &dim, 1, latest_year, &year, err);
		if (rc != HIM_OK)
			return rc;
		if (!year)
			year = date_year(r->today);
	}
	/* The headline figures go first but are known only after the stage
	 * counts: render those into the page, then insert the figures. */
	mark = r->resp.body.len;
	page_html(r, "<div class=\"dashboard\">\n");
	rc = by_stage(r, &open, &total, err);
	if (rc == HIM_OK)
		rc = by_platform(r, err);
	if (rc == HIM_OK)
		rc = by_month(r, year, err);
	if (rc == HIM_OK)
		rc = stalled_cases(r, err);
	if (rc != HIM_OK)
		return rc;
	page_html(r, "</div>\n");
	{
		struct strbuf rest = STRBUF_INIT;
		strbuf_add(&rest, r->resp.body.buf + mark, r->resp.body.len - mark);
		r->resp.body.len = mark;
		r->resp.body.buf[mark] = '\0';
		page_html(r, "<div class=\"figures\"><div class=\"figure\"><span class=\"n\">");
		page_int(r, open);
		page_html(r, "</span><span class=\"l\">");
		page_t(r, TX_OPEN_CASES);
		page_html(r, "</span></div><div class=\"figure\"><span class=\"n\">");
		page_int(r, total);
		page_html(r, "</span><span class=\"l\">");
		page_t(r, TX_ALL_CASES);
		page_html(r, "</span></div></div>\n");
		strbuf_add(&r->resp.body, rest.buf, rest.len);
		strbuf_release(&rest);
	}
	return HIM_OK;
}

void web_dashboard(struct web_request *r)
{
	struct err err = ERR_INIT;
	struct strbuf key = STRBUF_INIT;
	const char *yq = web_query(r, "year");
	int64_t stamp = 0;
	size_t mark;
	int year = 0;
	char detail[24];

	if (yq) {
		char *end;
		long y;
		errno = 0;
		y = strtol(yq, &end, 10);
		if (!errno && !*end && y >= 1900 && y <= 2999)
			year = (int)y;
	}
	/* The content depends on the scope, language, day, N and year only. */
	strbuf_adds(&key, "dashboard\x1f");
	web_cache_key_scope(r, &key);
	strbuf_addf(&key, "%d", year);
	if (web_cache_stamp(r, &stamp, &err) != HIM_OK) {
		strbuf_release(&key);
		web_internal_error(r, &err);
		return;
	}
	/* The stalled cases are listed by file number: a read, audited. */
	snprintf(detail, sizeof(detail), "year=%d", year);
	if (!web_audit(r, "dashboard_read", "dashboard", year ? detail : NULL)) {
		strbuf_release(&key);
		return;
	}
	page_begin(r, TX_DASHBOARD, NULL, NAV_DASHBOARD);
	mark = r->resp.body.len;
	if (!web_cache_get(key.buf, stamp, &r->resp.body)) {
		if (dashboard_body(r, year, &err) != HIM_OK) {
			strbuf_release(&key);
			web_internal_error(r, &err);
			return;
		}
		web_cache_put(key.buf, stamp, r->resp.body.buf + mark, r->resp.body.len - mark);
	}
	strbuf_release(&key);
	page_end(r);
}
