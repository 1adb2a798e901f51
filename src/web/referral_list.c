/*
 * referral_list.c - GET /referrals: the referrals as the platforms sent
 * them (NCMEC reports, CPS leads), for the police referral units and the
 * Presidency, whose scopes the store lets list them (referrals are not
 * routed to courts; a court sees a referral through its case). Filters:
 * platform, with or without a case, an IP address or block, an identifier
 * as a person types it, the received dates; keyset paging by id, the last
 * imported first.
 *
 * An identifier or an address searched for is a fact about a person: the
 * list is audited with its filter before it is shown. A filter value that
 * cannot be read is said next to its field, never silently dropped (a
 * search that ignored its identifier would list everyone).
 */
#include "handlers.h"
#include "triage_view.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "../core/ident.h"
#include "../store/store.h"
#include "../lib/banned.h"

#define PAGE_SIZE 50

struct referral_query {
	char platform[CODE_MAX];
	int linked;                 /* -1 any, 0 without a case, 1 with one */
	const char *ip, *ident;     /* as typed (request-owned), NULL if empty */
	date_t from, to;            /* DATE_NONE: open */
	int64_t after;
	const char *ip_error, *ident_error, *date_error; /* the reason, in the user's language */
	struct strbuf ident_norm;
	struct referral_filter f;
};

static const char *field(struct web_request *r, const char *name)
{
	const char *v = web_query(r, name);
	return v && *v ? v : NULL;
}

static date_t date_arg(struct web_request *r, const char *name, const char **error)
{
	const char *v = field(r, name);
	date_t d;

	if (!v)
		return DATE_NONE;
	if (!form_date_parse(v, &d)) {
		*error = web_t(r, TX_BAD_DATE);
		return DATE_NONE;
	}
	return d;
}

static void query_read(struct web_request *r, struct referral_query *q)
{
	const char *v;
	struct err err = ERR_INIT;
	char *end;

	memset(q, 0, sizeof(*q));
	strbuf_init(&q->ident_norm);
	referral_filter_init(&q->f);
	q->linked = -1;
	v = field(r, "platform");
	if (v && code_valid(v) && vocab_find(store_vocab(r->st), VOCAB_PLATFORM, v)) {
		memcpy(q->platform, v, strlen(v) + 1);
		q->f.platform = q->platform;
	}
	v = field(r, "linked");
	if (v && (strcmp(v, "yes") == 0 || strcmp(v, "no") == 0))
		q->f.linked = q->linked = strcmp(v, "yes") == 0;
	if ((q->ip = field(r, "ip")) && referral_filter_ip(&q->f, q->ip, &err) != HIM_OK)
		q->ip_error = web_t(r, TX_BAD_IP);
	if ((q->ident = field(r, "ident"))) {
		if (ident_search_normalise(q->ident, &q->ident_norm, &err) == HIM_OK)
			q->f.ident = q->ident_norm.buf;
		else
			q->ident_error = web_t(r, TX_BAD_IDENT);
	}
	q->from = date_arg(r, "from", &q->date_error);
	q->to = date_arg(r, "to", &q->date_error);
	if (q->from != DATE_NONE)
		q->f.from = (utc_time_t)q->from * 86400;
	if (q->to != DATE_NONE)
		q->f.to = (utc_time_t)q->to * 86400 + 86399;
	if ((v = field(r, "after"))) {
		errno = 0;
		q->after = strtoll(v, &end, 10);
		if (errno || *end || q->after < 0)
			q->after = 0;
	}
}

/* Percent-encode all but RFC 3986's unreserved characters. */
static void url_encode(struct strbuf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strchr("-._~", c)) {
			strbuf_addch(out, (char)c);
		} else {
			strbuf_addch(out, '%');
			strbuf_addch(out, hex[c >> 4]);
			strbuf_addch(out, hex[c & 15]);
		}
	}
}

/* The filter as a query string (without after), for the pager's links
 * and the audit entry. */
static void query_string(const struct referral_query *q, struct strbuf *out)
{
	char day[DATE_ISO_LEN];

	if (q->platform[0])
		strbuf_addf(out, "&platform=%s", q->platform);
	if (q->linked >= 0)
		strbuf_addf(out, "&linked=%s", q->linked ? "yes" : "no");
	if (q->ip) {
		strbuf_adds(out, "&ip=");
		url_encode(out, q->ip);
	}
	if (q->ident) {
		strbuf_adds(out, "&ident=");
		url_encode(out, q->ident);
	}
	if (q->from != DATE_NONE) {
		date_format(q->from, day);
		strbuf_addf(out, "&from=%s", day);
	}
	if (q->to != DATE_NONE) {
		date_format(q->to, day);
		strbuf_addf(out, "&to=%s", day);
	}
}

static void text_field(struct web_request *r, const char *name, enum text_id label, const char *value,
		       const char *type, const char *error)
{
	page_html(r, "<div class=\"field\"><label for=\"f-");
	page_text(r, name);
	page_html(r, "\">");
	page_t(r, label);
	page_html(r, "</label><input id=\"f-");
	page_text(r, name);
	page_html(r, "\" name=\"");
	page_text(r, name);
	page_html(r, "\" type=\"");
	page_text(r, type);
	page_html(r, "\" dir=\"ltr\" value=\"");
	page_text(r, value ? value : "");
	page_html_if(r, error != NULL, "\" aria-invalid=\"true\">", "\">");
	page_field_error(r, error);
	page_html(r, "</div>\n");
}

static void filter_form(struct web_request *r, const struct referral_query *q)
{
	const struct vocab *v = store_vocab(r->st);
	char from[DATE_ISO_LEN] = "", to[DATE_ISO_LEN] = "";

	page_html(r, "<form method=\"get\" action=\"/referrals\" class=\"filters\">\n");
	page_html(r, "<div class=\"field\"><label for=\"f-platform\">");
	page_t(r, TX_PLATFORM);
	page_html(r, "</label><select id=\"f-platform\" name=\"platform\"><option value=\"\">");
	page_t(r, TX_ANY);
	page_html(r, "</option>");
	for (size_t i = 0; i < v->n; i++) {
		if (v->entries[i].kind != VOCAB_PLATFORM)
			continue;
		page_html(r, "<option value=\"");
		page_text(r, v->entries[i].code);
		page_html_if(r, strcmp(q->platform, v->entries[i].code) == 0, "\" selected>", "\">");
		page_text(r, vocab_label(&v->entries[i], r->lang));
		page_html(r, "</option>");
	}
	page_html(r, "</select></div>\n<div class=\"field\"><label for=\"f-linked\">");
	page_t(r, TX_CASE);
	page_html(r, "</label><select id=\"f-linked\" name=\"linked\"><option value=\"\">");
	page_t(r, TX_ANY);
	page_html_if(r, q->linked == 1, "</option><option value=\"yes\" selected>", "</option><option value=\"yes\">");
	page_t(r, TX_WITH_CASE);
	page_html_if(r, q->linked == 0, "</option><option value=\"no\" selected>", "</option><option value=\"no\">");
	page_t(r, TX_WITHOUT_CASE);
	page_html(r, "</option></select></div>\n");
	text_field(r, "ip", TX_IP_FILTER, q->ip, "text", q->ip_error);
	text_field(r, "ident", TX_IDENT_FILTER, q->ident, "search", q->ident_error);
	form_date_format(q->from, from);
	form_date_format(q->to, to);
	text_field(r, "from", TX_RECEIVED_FROM, from, "text", q->date_error);
	text_field(r, "to", TX_RECEIVED_TO, to, "text", NULL);
	page_html(r, "<div class=\"actions\"><button type=\"submit\">");
	page_t(r, TX_FILTER);
	page_html(r, "</button></div>\n</form>\n");
}

static void table(struct web_request *r, const struct web_referral_rows *rows, size_t shown)
{
	static const enum text_id cols[] = { TX_REFERRAL, TX_PLATFORM, TX_REPORT_ID, TX_RECEIVED, TX_PRIORITY,
					     TX_INCIDENT_TYPE, TX_IP_EVENTS, TX_CASE };

	page_html(r, "<div class=\"scroll\"><table class=\"list\" id=\"referrals\">\n<thead><tr>");
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		page_html(r, "<th>");
		page_t(r, cols[i]);
		page_html(r, "</th>");
	}
	page_html(r, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < shown; i++) {
		const struct web_referral_row *x = &rows->items[i];
		page_html(r, "<tr>");
		web_referral_cells(r, x);
		page_html(r, "<td>");
		web_time(r, x->received_at, false);
		page_html(r, "</td><td>");
		web_referral_priority(r, x);
		page_html(r, "</td><td>");
		web_incident_type(r, x->what);
		page_html(r, "</td><td>");
		page_int(r, x->nip_events);
		page_html(r, "</td><td>");
		if (x->case_id) {
			page_html(r, "<a href=\"/cases/");
			page_int(r, x->case_id);
			page_html(r, "\">");
			page_int(r, x->case_id);
			page_html(r, "</a>");
		} else {
			page_html(r, "<span class=\"muted\">");
			page_t(r, TX_NONE_YET);
			page_html(r, "</span>");
		}
		page_html(r, "</td></tr>\n");
	}
	page_html(r, "</tbody></table></div>\n");
}

static void pager(struct web_request *r, const struct referral_query *q, const struct web_referral_rows *rows)
{
	struct strbuf link = STRBUF_INIT;

	page_html(r, "<nav class=\"pager\">");
	if (q->after) {
		strbuf_adds(&link, "/referrals?");
		query_string(q, &link);
		page_html(r, "<a href=\"");
		page_text(r, link.buf);
		page_html(r, "\">");
		page_t(r, TX_FIRST_PAGE);
		page_html(r, "</a> ");
	}
	if (rows->n > PAGE_SIZE) {
		strbuf_reset(&link);
		strbuf_addf(&link, "/referrals?after=%lld", (long long)rows->items[PAGE_SIZE - 1].id);
		query_string(q, &link);
		page_html(r, "<a href=\"");
		page_text(r, link.buf);
		page_html(r, "\" rel=\"next\">");
		page_t(r, TX_NEXT_PAGE);
		page_html(r, "</a>");
	}
	page_html(r, "</nav>\n");
	strbuf_release(&link);
}

void web_referrals_list(struct web_request *r)
{
	struct referral_query q;
	struct web_referral_rows rows;
	struct strbuf detail = STRBUF_INIT;
	struct err err = ERR_INIT;
	bool invalid;
	int rc = HIM_OK;

	web_referral_rows_init(&rows);
	query_read(r, &q);
	invalid = q.ip_error || q.ident_error || q.date_error;
	if (!invalid) {
		/* What arrived last first, as a unit reads its day's referrals;
		 * "after" is the next page's, older ones. */
		q.f.newest_first = true;
		q.f.after_id = q.after;
		q.f.limit = PAGE_SIZE + 1; /* one more tells whether a next page exists */
		rc = store_referral_list(r->st, &r->read_scope, &q.f, web_referral_rows_add, &rows, &err);
	}
	if (rc != HIM_OK) {
		web_internal_error(r, &err);
		goto out;
	}
	query_string(&q, &detail);
	if (!web_audit(r, "referral_list", "referrals", detail.len ? detail.buf + 1 : NULL))
		goto out;
	if (invalid)
		r->resp.status = 422;
	page_begin(r, TX_REFERRALS, NULL, NAV_REFERRALS);
	page_html(r, "<p class=\"hint\">");
	page_t(r, TX_REFERRALS_INTRO);
	page_html(r, "</p>\n");
	filter_form(r, &q);
	if (!invalid && rows.n == 0) {
		page_html(r, "<p class=\"muted\">");
		page_t(r, TX_NO_REFERRALS);
		page_html(r, "</p>\n");
	} else if (!invalid) {
		table(r, &rows, rows.n > PAGE_SIZE ? PAGE_SIZE : rows.n);
		pager(r, &q, &rows);
	}
	page_end(r);
out:
	web_referral_rows_release(&rows);
	strbuf_release(&detail);
	strbuf_release(&q.ident_norm);
}
