/*
 * audit_page.c - the audit log for administrators: newest first, fifty
 * entries a page (keyset paging on the id), filtered by actor or object,
 * each with its hash so that a printed page can be checked against the
 * chain (`himaya audit verify` checks the whole chain).
 */
#include "handlers.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../store/store.h"
#include "../lib/banned.h"

#define AUDIT_PAGE 50

struct audit_ctx {
	struct web_request *r;
	int64_t last_id;
	int n;
};

static int audit_row(const struct audit_entry *e, void *ctx)
{
	struct audit_ctx *a = ctx;
	struct web_request *r = a->r;

	a->n++;
	a->last_id = e->id;
	page_html(r, "<tr><td>");
	page_int(r, e->id);
	page_html(r, "</td><td><bdi dir=\"ltr\">");
	page_text(r, e->at);
	page_html(r, "</bdi></td><td><code>");
	page_text(r, e->actor);
	page_html(r, "</code></td><td><code>");
	page_text(r, e->action);
	page_html(r, "</code></td><td><code>");
	page_text(r, e->object);
	page_html(r, "</code></td><td>");
	page_text(r, e->detail);
	page_html(r, "</td><td><code class=\"hash\">");
	strbuf_add(&r->resp.body, e->hash, 12);
	page_html(r, "…</code></td></tr>\n");
	return 0;
}

void web_audit_page(struct web_request *r)
{
	const char *actor = web_query(r, "actor");
	const char *object = web_query(r, "object");
	const char *before = web_query(r, "before");
	struct audit_filter f;
	struct audit_ctx a = { r, 0, 0 };
	struct err err = ERR_INIT;
	size_t mark;

	memset(&f, 0, sizeof(f));
	f.actor = actor && *actor && web_field_clean(r, &r->query, "actor", false, 64) ? actor : NULL;
	f.object = object && *object && web_field_clean(r, &r->query, "object", false, 128) ? object : NULL;
	f.newest_first = true;
	f.limit = AUDIT_PAGE;
	if (before) {
		char *end;
		long long v;
		errno = 0;
		v = strtoll(before, &end, 10);
		if (!errno && !*end && v > 0)
			f.before_id = v;
	}
	page_begin(r, TX_AUDIT, NULL, NAV_AUDIT);
	page_html(r, "<form method=\"get\" action=\"/audit\" class=\"filters\"><div class=\"field\"><label for=\"a-actor\">");
	page_t(r, TX_ACTOR);
	page_html(r, "</label><input id=\"a-actor\" name=\"actor\" dir=\"ltr\" value=\"");
	page_text(r, f.actor ? f.actor : "");
	page_html(r, "\"></div><div class=\"field\"><label for=\"a-object\">");
	page_t(r, TX_OBJECT);
	page_html(r, "</label><input id=\"a-object\" name=\"object\" dir=\"ltr\" placeholder=\"case:42\" value=\"");
	page_text(r, f.object ? f.object : "");
	page_html(r, "\"></div><div class=\"actions\"><button type=\"submit\">");
	page_t(r, TX_FILTER);
	page_html(r, "</button></div></form>\n<div class=\"scroll\"><table class=\"list\"><thead><tr><th>");
	page_t(r, TX_ID);
	page_html(r, "</th><th>");
	page_t(r, TX_WHEN);
	page_html(r, "</th><th>");
	page_t(r, TX_ACTOR);
	page_html(r, "</th><th>");
	page_t(r, TX_ACTION);
	page_html(r, "</th><th>");
	page_t(r, TX_OBJECT);
	page_html(r, "</th><th>");
	page_t(r, TX_DETAIL);
	page_html(r, "</th><th>SHA-256</th></tr></thead><tbody>\n");
	mark = r->resp.body.len;
	if (store_audit_list(r->st, &f, audit_row, &a, &err) != HIM_OK) {
		r->resp.body.len = mark;
		r->resp.body.buf[mark] = '\0';
		web_internal_error(r, &err);
		return;
	}
	page_html(r, "</tbody></table></div>\n");
	if (a.n == AUDIT_PAGE) {
		struct strbuf q = STRBUF_INIT;
		strbuf_addf(&q, "/audit?before=%lld", (long long)a.last_id);
		page_html(r, "<nav class=\"pager\"><a rel=\"next\" href=\"");
		page_text(r, q.buf);
		if (f.actor) {
			page_html(r, "&amp;actor=");
			page_text(r, f.actor);
		}
		page_html(r, "\">");
		page_t(r, TX_NEXT_PAGE);
		page_html(r, "</a></nav>\n");
		strbuf_release(&q);
	}
	page_end(r);
	/* Reading the audit log is itself audited. */
	web_audit(r, "audit_read", "audit", NULL);
}
