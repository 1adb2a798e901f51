/*
 * table_page.c - the circular's table on a page, for the scope, period
 * and platform chosen there, and its downloads (HTML, CSV, XLSX, PDF).
 * The renderers are report/table.h's, the same as `himaya table`, so the
 * page and every file say the same thing. Every download is audited.
 *
 * Scopes a user may ask for: the Presidency any court, district or the
 * nation; a Court of Appeal's prosecutor its district or a court of it;
 * a First Instance prosecutor their court. Anything else is 403.
 */
#include "handlers.h"
#include "form.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../report/table.h"
#include "../store/store.h"
#include "../lib/banned.h"

struct table_choice {
	char kind[16];        /* "national", "district", "court" */
	char code[CODE_MAX];
	int year;
	date_t from, to;
	char platform[CODE_MAX];
};

static int latest_year(const struct stats_cell *cell, void *ctx)
{
	int *year = ctx;
	int y = (int)strtol(cell->values[0], NULL, 10);
	if (y > *year)
		*year = y;
	return 0;
}

/* The default: the user's own scope, the last year with cases. */
static void choice_default(struct web_request *r, struct table_choice *tc)
{
	enum stats_dim dim = STATS_YEAR;
	struct case_filter f;
	struct err err = ERR_INIT;

	memset(tc, 0, sizeof(*tc));
	tc->from = tc->to = DATE_NONE;
	switch (r->read_scope.kind) {
	case SCOPE_NATIONAL: memcpy(tc->kind, "national", 9); break;
	case SCOPE_DISTRICT: memcpy(tc->kind, "district", 9); break;
	default: memcpy(tc->kind, "court", 6); break;
	}
	memcpy(tc->code, r->read_scope.code, CODE_MAX);
	case_filter_init(&f);
	store_stats_group(r->st, &r->read_scope, &f, &dim, 1, latest_year, &tc->year, &err);
	if (!tc->year)
		tc->year = date_year(r->today);
}

/* Read the query over the defaults; false if malformed. */
static bool choice_read(struct web_request *r, struct table_choice *tc)
{
	const char *kind = web_query(r, "scope");
	const char *code = web_query(r, "code");
	const char *year = web_query(r, "year");
	const char *from = web_query(r, "from");
	const char *to = web_query(r, "to");
	const char *platform = web_query(r, "platform");

	choice_default(r, tc);
	if (kind && *kind) {
		if (strcmp(kind, "national") != 0 && strcmp(kind, "district") != 0 && strcmp(kind, "court") != 0)
			return false;
		memcpy(tc->kind, kind, strlen(kind) + 1);
		if (strcmp(kind, "national") != 0) {
			if (!code || !code_valid(code) || !court_map_latest(store_court_map(r->st), code))
				return false;
			memcpy(tc->code, code, strlen(code) + 1);
		}
	}
	if (from && *from && to && *to) {
		if (!form_date_parse(from, &tc->from) || !form_date_parse(to, &tc->to) || tc->to < tc->from)
			return false;
		tc->year = 0;
	} else if (year && *year) {
		char *end;
		long y;
		errno = 0;
		y = strtol(year, &end, 10);
		if (errno || *end || y < 1900 || y > 2999)
			return false;
		tc->year = (int)y;
	}
	if (platform && *platform) {
		if (!code_valid(platform) || !vocab_find(store_vocab(r->st), VOCAB_PLATFORM, platform))
			return false;
		memcpy(tc->platform, platform, strlen(platform) + 1);
	}
	return true;
}

/* May this user see the table of this scope? */
static bool choice_allowed(const struct web_request *r, const struct table_choice *tc)
{
	const struct court_map *map = store_court_map(r->st);
	const struct court_term *t;

	if (r->read_scope.kind == SCOPE_NATIONAL)
		return true;
	if (strcmp(tc->kind, "national") == 0)
		return false;
	if (r->read_scope.kind == SCOPE_COURT)
		return strcmp(tc->kind, "court") == 0 && strcmp(tc->code, r->read_scope.code) == 0;
	if (r->read_scope.kind != SCOPE_DISTRICT)
		return false;
	if (strcmp(tc->code, r->read_scope.code) == 0)
		return true;
	t = court_map_latest(map, tc->code);
	return strcmp(tc->kind, "court") == 0 && t && strcmp(t->appeal_court, r->read_scope.code) == 0;
}

static void request_fill(const struct web_request *r, const struct table_choice *tc, struct table_request *req)
{
	table_request_init(req);
	if (strcmp(tc->kind, "national") == 0)
		req->scope = scope_national();
	else if (strcmp(tc->kind, "district") == 0)
		req->scope = scope_district(tc->code);
	else
		req->scope = scope_court(tc->code);
	if (tc->year) {
		table_request_set_year(req, tc->year);
	} else {
		req->from = tc->from;
		req->to = tc->to;
	}
	req->platform = tc->platform[0] ? tc->platform : NULL;
	req->lang = r->lang;
	req->today = r->today;
}

static void choice_query(const struct table_choice *tc, struct strbuf *q)
{
	char a[DATE_ISO_LEN], b[DATE_ISO_LEN];

	strbuf_addf(q, "scope=%s", tc->kind);
	if (strcmp(tc->kind, "national") != 0)
		strbuf_addf(q, "&code=%s", tc->code);
	if (tc->year) {
		strbuf_addf(q, "&year=%d", tc->year);
	} else {
		date_format(tc->from, a);
		date_format(tc->to, b);
		strbuf_addf(q, "&from=%s&to=%s", a, b);
	}
	if (tc->platform[0])
		strbuf_addf(q, "&platform=%s", tc->platform);
}

static void scope_options(struct web_request *r, const struct table_choice *tc)
{
	const struct court_map *map = store_court_map(r->st);
	struct table_choice probe = *tc;

	page_html(r, "<div class=\"field\"><label for=\"t-scope\">");
	page_t(r, TX_SCOPE);
	page_html(r, "</label><select id=\"t-scope\" name=\"target\">");
	if (r->read_scope.kind == SCOPE_NATIONAL) {
		page_html(r, "<option value=\"national\"");
		if (strcmp(tc->kind, "national") == 0)
			page_html(r, " selected");
		page_html(r, ">");
		page_t(r, TX_NATIONAL);
		page_html(r, "</option>");
	}
	for (int pass = 0; pass < 2; pass++) {
		const char *kind = pass == 0 ? "district" : "court";
		for (size_t i = 0; i < map->n; i++) {
			const struct court_term *t = &map->terms[i];
			if (court_map_latest(map, t->code) != t || (pass == 0 && t->kind != COURT_APPEAL))
				continue;
			memcpy(probe.kind, kind, strlen(kind) + 1);
			memcpy(probe.code, t->code, CODE_MAX);
			if (!choice_allowed(r, &probe))
				continue;
			page_html(r, "<option value=\"");
			page_text(r, kind);
			page_html(r, ":");
			page_text(r, t->code);
			page_html(r, "\"");
			if (strcmp(tc->kind, kind) == 0 && strcmp(tc->code, t->code) == 0)
				page_html(r, " selected");
			page_html(r, ">");
			if (pass == 0) {
				page_t(r, TX_DISTRICT);
				page_html(r, " — ");
			}
			page_text(r, court_term_name(t, r->lang));
			page_html(r, "</option>");
		}
	}
	page_html(r, "</select></div>\n");
}

/* The page's form sends target=KIND:CODE; turn it into scope and code. */
static void target_split(struct web_request *r)
{
	const char *t = web_query(r, "target");
	const char *colon = t ? strchr(t, ':') : NULL;
	struct web_field *f;

	if (!t || web_query(r, "scope"))
		return;
	f = web_fields_add(&r->query, "scope", 5);
	strbuf_add(&f->value, t, colon ? (size_t)(colon - t) : strlen(t));
	if (colon) {
		f = web_fields_add(&r->query, "code", 4);
		strbuf_adds(&f->value, colon + 1);
	}
}

/* The audit object of a table: "table:court:tpi-sale:2022", with the
 * period when it is not a year. */
static void table_object(const struct table_choice *tc, struct strbuf *object)
{
	strbuf_addf(object, "table:%s%s%s:", tc->kind, tc->code[0] && strcmp(tc->kind, "national") ? ":" : "",
		    strcmp(tc->kind, "national") ? tc->code : "");
	if (tc->year) {
		strbuf_addf(object, "%d", tc->year);
	} else {
		char a[DATE_ISO_LEN], b[DATE_ISO_LEN];
		date_format(tc->from, a);
		date_format(tc->to, b);
		strbuf_addf(object, "%s..%s", a, b);
	}
}

void web_table_page(struct web_request *r)
{
	struct table_choice tc;
	struct table_request req;
	struct table_html_options opt = { NULL, true };
	struct err err = ERR_INIT;
	struct strbuf q = STRBUF_INIT;
	char *html = NULL;
	size_t html_len = 0;
	FILE *mem;
	int rc;

	target_split(r);
	if (!choice_read(r, &tc)) {
		page_error(r, 400, TX_BAD_REQUEST);
		return;
	}
	if (!choice_allowed(r, &tc)) {
		page_error(r, 403, TX_FORBIDDEN);
		return;
	}
	request_fill(r, &tc, &req);
	mem = open_memstream(&html, &html_len);
	if (!mem) {
		err_set(&err, HIM_ENOMEM, "out of memory");
		web_internal_error(r, &err);
		return;
	}
	rc = table_render_html(r->st, &req, &opt, mem, &err);
	fclose(mem);
	if (rc != HIM_OK) {
		free(html);
		if (rc == HIM_EINPUT)
			page_error(r, 400, TX_BAD_REQUEST);
		else
			web_internal_error(r, &err);
		return;
	}
	/* The table shows each case of the scope: a read, audited first. */
	table_object(&tc, &q);
	if (!web_audit(r, "table_read", q.buf, NULL)) {
		free(html);
		strbuf_release(&q);
		return;
	}
	strbuf_reset(&q);
	page_begin(r, TX_TABLE, NULL, NAV_TABLE);
	page_html(r, "<form method=\"get\" action=\"/table\" class=\"filters noprint\">\n");
	scope_options(r, &tc);
	page_html(r, "<div class=\"field\"><label for=\"t-year\">");
	page_t(r, TX_YEAR);
	page_html(r, "</label><input id=\"t-year\" name=\"year\" type=\"number\" min=\"2000\" max=\"2999\" value=\"");
	if (tc.year)
		page_int(r, tc.year);
	page_html(r, "\"></div>\n<div class=\"field\"><label for=\"t-from\">");
	page_t(r, TX_FROM);
	page_html(r, " <span class=\"muted\">");
	page_t(r, TX_DATE_FORMAT);
	page_html(r, "</span></label><input id=\"t-from\" name=\"from\" type=\"text\" dir=\"ltr\" class=\"date\" "
		     "inputmode=\"numeric\" maxlength=\"10\" value=\"");
	if (!tc.year) {
		char d[DATE_ISO_LEN];
		form_date_format(tc.from, d);
		page_text(r, d);
	}
	page_html(r, "\"></div>\n<div class=\"field\"><label for=\"t-to\">");
	page_t(r, TX_TO);
	page_html(r, " <span class=\"muted\">");
	page_t(r, TX_DATE_FORMAT);
	page_html(r, "</span></label><input id=\"t-to\" name=\"to\" type=\"text\" dir=\"ltr\" class=\"date\" "
		     "inputmode=\"numeric\" maxlength=\"10\" value=\"");
	if (!tc.year) {
		char d[DATE_ISO_LEN];
		form_date_format(tc.to, d);
		page_text(r, d);
	}
	page_html(r, "\"></div>\n<div class=\"field\"><label for=\"t-platform\">");
	page_t(r, TX_PLATFORM);
	page_html(r, "</label><select id=\"t-platform\" name=\"platform\"><option value=\"\">");
	page_t(r, TX_BOTH_PLATFORMS);
	page_html(r, "</option>");
	{
		const struct vocab *v = store_vocab(r->st);
		for (size_t i = 0; i < v->n; i++) {
			if (v->entries[i].kind != VOCAB_PLATFORM)
				continue;
			page_html(r, "<option value=\"");
			page_text(r, v->entries[i].code);
			page_html_if(r, strcmp(tc.platform, v->entries[i].code) == 0, "\" selected>", "\">");
			page_text(r, vocab_label(&v->entries[i], r->lang));
			page_html(r, "</option>");
		}
	}
	page_html(r, "</select></div>\n<div class=\"actions\"><button type=\"submit\">");
	page_t(r, TX_SHOW);
	page_html(r, "</button></div>\n</form>\n<p class=\"downloads noprint\">");
	page_t(r, TX_DOWNLOAD);
	choice_query(&tc, &q);
	for (int i = 0; i < 4; i++) {
		static const char *const formats[] = { "html", "csv", "xlsx", "pdf" };
		static const char *const names[] = { "HTML", "CSV", "XLSX", "PDF" };
		page_html(r, " <a class=\"button\" href=\"/table/download?format=");
		page_text(r, formats[i]);
		page_html(r, "&amp;");
		page_text(r, q.buf);
		page_html(r, "\">");
		page_text(r, names[i]);
		page_html(r, "</a>");
	}
	page_html(r, "</p>\n");
	/* The renderer's fragment: markup from report/table_html.c, which
	 * escapes every piece of data itself (html_escape). */
	strbuf_add(&r->resp.body, html, html_len);
	page_end(r);
	free(html);
	strbuf_release(&q);
}

void web_table_download(struct web_request *r)
{
	static const struct {
		const char *name, *type, *ext;
	} formats[] = {
		{ "html", "text/html; charset=utf-8", "html" },
		{ "csv", "text/csv; charset=utf-8", "csv" },
		{ "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx" },
		{ "pdf", "application/pdf", "pdf" },
		{ "json", "application/json; charset=utf-8", "json" },
	};
	const char *format = web_query(r, "format");
	struct table_choice tc;
	struct table_request req;
	struct table_html_options opt = { NULL, false };
	struct err err = ERR_INIT;
	struct strbuf object = STRBUF_INIT, disp = STRBUF_INIT;
	char *data = NULL;
	size_t len = 0, k;
	FILE *mem;
	int rc;

	for (k = 0; k < 5; k++)
		if (format && strcmp(format, formats[k].name) == 0)
			break;
	if (k == 5 || !choice_read(r, &tc)) {
		page_error(r, 400, TX_BAD_REQUEST);
		return;
	}
	if (!choice_allowed(r, &tc)) {
		page_error(r, 403, TX_FORBIDDEN);
		return;
	}
	request_fill(r, &tc, &req);
	table_object(&tc, &object);
	if (!(mem = open_memstream(&data, &len))) {
		err_set(&err, HIM_ENOMEM, "out of memory");
		web_internal_error(r, &err);
		goto out;
	}
	switch (k) {
	case 0: rc = table_render_html(r->st, &req, &opt, mem, &err); break;
	case 1: rc = table_render_csv(r->st, &req, mem, &err); break;
	case 2: rc = table_render_xlsx(r->st, &req, mem, &err); break;
	case 3: rc = table_render_pdf(r->st, &req, mem, &err); break;
	default: rc = table_render_json(r->st, &req, mem, &err); break;
	}
	fclose(mem);
	if (rc != HIM_OK) {
		web_internal_error(r, &err);
		goto out;
	}
	if (!web_audit(r, "export", object.buf, formats[k].name))
		goto out;
	r->resp.status = 200;
	r->resp.content_type = formats[k].type;
	strbuf_add(&r->resp.body, data, len);
	strbuf_addf(&disp, "attachment; filename=\"himaya-table-%s%s%s-",
		    tc.kind, strcmp(tc.kind, "national") ? "-" : "", strcmp(tc.kind, "national") ? tc.code : "");
	if (tc.year)
		strbuf_addf(&disp, "%d", tc.year);
	else
		strbuf_adds(&disp, "period");
	strbuf_addf(&disp, ".%s\"", formats[k].ext);
	web_response_header(&r->resp, "Content-Disposition", disp.buf);
out:
	free(data);
	strbuf_release(&object);
	strbuf_release(&disp);
}
