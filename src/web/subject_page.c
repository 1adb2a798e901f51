/*
 * subject_page.c - GET /subjects/{id}: one subject (the referrals about
 * one reported person, docs/linking.md) as `himaya subject show` gives
 * it: its proposed court and why, its urgency and log-retention deadline,
 * its referrals, why each link between them was made (which identifier,
 * which times and ports, or whose decision), and the same content seen
 * with other subjects (a lead, never a link).
 *
 * Who may open it: whoever has it in their triage queue (triage_page.c's
 * view: the same courts, the same rule), the Presidency any subject.
 * Anyone else gets 404, byte for byte the page of a subject that does not
 * exist, so the page never confirms that a subject exists elsewhere.
 * The read is audited before the page is served.
 */
#include "triage_view.h"

#include <stdio.h>
#include <string.h>

#include "../store/store.h"
#include "../lib/banned.h"

/* A subject may gather thousands of referrals (a shared account): the page
 * lists the first ones and says how many there are. */
#define SUBJECT_ROWS_SHOWN 500

static void dt(struct web_request *r, enum text_id label)
{
	page_html(r, "<dt>");
	page_t(r, label);
	page_html(r, "</dt><dd>");
}

static void summary(struct web_request *r, const struct triage_row *row)
{
	page_html(r, "<section class=\"card\"><dl class=\"facts\">\n");
	dt(r, TX_PROPOSED_COURT);
	web_triage_court(r, row);
	page_html(r, "</dd>\n");
	dt(r, TX_URGENCY);
	web_triage_urgency(r, row);
	page_html(r, "</dd>\n");
	dt(r, TX_DEADLINE);
	web_triage_deadline(r, row);
	page_html(r, "</dd>\n");
	dt(r, TX_REFERRALS);
	page_int(r, row->sum.referrals);
	if (row->sum.with_case) {
		page_html(r, " <span class=\"tag\">");
		page_t(r, TX_WITH_CASE);
		page_html(r, "</span>");
	}
	page_html(r, "</dd>\n");
	dt(r, TX_FIRST_RECEIVED);
	web_time(r, row->sum.first_received, true);
	page_html(r, "</dd>\n");
	dt(r, TX_LAST_RECEIVED);
	web_time(r, row->sum.last_received, true);
	page_html(r, "</dd>\n</dl></section>\n");
}

/* One section's table: its header is written with its first row, so a
 * section without rows says so instead of showing an empty table. */
struct rows_ctx {
	struct web_request *r;
	struct err *err;
	const enum text_id *cols;
	size_t ncols;
	size_t n;
};

static void thead(struct web_request *r, const enum text_id *cols, size_t n)
{
	page_html(r, "<div class=\"scroll\"><table class=\"list\">\n<thead><tr>");
	for (size_t i = 0; i < n; i++) {
		page_html(r, "<th>");
		page_t(r, cols[i]);
		page_html(r, "</th>");
	}
	page_html(r, "</tr></thead>\n<tbody>\n");
}

/* Count a row; false when it is past the ones shown. */
static bool row_start(struct rows_ctx *c)
{
	if (++c->n > SUBJECT_ROWS_SHOWN)
		return false;
	if (c->n == 1)
		thead(c->r, c->cols, c->ncols);
	return true;
}

/* Close the table, or say there is none; and how many were left out. */
static void rows_end(struct rows_ctx *c, enum text_id none)
{
	struct web_request *r = c->r;

	if (c->n == 0) {
		page_html(r, "<p class=\"muted\">");
		page_t(r, none);
		page_html(r, "</p>\n");
		return;
	}
	page_html(r, "</tbody></table></div>\n");
	if (c->n > SUBJECT_ROWS_SHOWN) {
		page_html(r, "<p class=\"count\">");
		page_t(r, TX_SHOWN_FIRST);
		page_html(r, " ");
		page_int(r, SUBJECT_ROWS_SHOWN);
		page_html(r, " ");
		page_t(r, TX_SHOWN_OF);
		page_html(r, " ");
		page_int(r, (int64_t)c->n);
		page_html(r, "</p>\n");
	}
}

/*
 * One referral of the subject. Referrals are national in the store (they
 * are not routed to courts there), so each is read in the national scope:
 * the user's right to this subject, and so to its referrals, was checked
 * by the triage rule before any was read.
 */
static int member_row(int64_t referral_id, int64_t subject_id, bool needs_port, void *ctx)
{
	struct rows_ctx *c = ctx;
	struct web_request *r = c->r;
	struct scope national = scope_national();
	struct referral_record rec;
	int rc;

	if (!row_start(c))
		return HIM_OK;
	referral_record_init(&rec);
	if ((rc = store_referral_get(r->st, &national, referral_id, &rec, c->err)) != HIM_OK) {
		referral_record_release(&rec);
		return rc;
	}
	page_html(r, "<tr id=\"referral-");
	page_int(r, rec.id);
	page_html(r, "\"><td>");
	/* The referral page opens for a court through this subject of its
	 * queue (referral_page.c checks it again): the subject goes along. */
	page_html(r, "<a href=\"/referrals/");
	page_int(r, rec.id);
	page_html(r, "?subject=");
	page_int(r, subject_id);
	page_html(r, "\">");
	page_int(r, rec.id);
	page_html(r, "</a>");
	page_html(r, "</td><td>");
	page_text(r, vocab_label_of(store_vocab(r->st), VOCAB_PLATFORM, rec.r.platform, r->lang));
	page_html(r, "</td><td><bdi class=\"mono\">");
	page_text(r, rec.r.external_id);
	page_html(r, "</bdi></td><td>");
	web_time(r, rec.r.received_at, true);
	page_html(r, "</td><td>");
	if (rec.r.escalation) {
		page_html(r, "<span class=\"flag escalated\">");
		page_t(r, TX_ESCALATED);
		page_html(r, "</span> <span class=\"hint\">");
		page_text(r, rec.r.escalation);
		page_html(r, "</span> ");
	}
	if (rec.r.priority && strcmp(rec.r.priority, "informational") == 0)
		page_t(r, TX_PRIORITY_INFO);
	else
		page_text(r, rec.r.priority);
	if (needs_port) {
		page_html(r, " <span class=\"tag warn\">");
		page_t(r, TX_NEEDS_PORT);
		page_html(r, "</span>");
	}
	page_html(r, "</td><td>");
	if (rec.case_id) {
		/* The case page applies the user's own scope (404 outside it). */
		page_html(r, "<a href=\"/cases/");
		page_int(r, rec.case_id);
		page_html(r, "\">");
		page_t(r, TX_CASE);
		page_html(r, " ");
		page_int(r, rec.case_id);
		page_html(r, "</a>");
	}
	page_html(r, "</td></tr>\n");
	referral_record_release(&rec);
	return HIM_OK;
}

/* What made the link, in the reader's language (the store keeps codes). */
static void link_kind(struct web_request *r, const char *kind)
{
	enum ident_kind k;

	if (ident_kind_parse(kind, &k))
		page_t(r, web_ident_kind_text(k));
	else if (strcmp(kind, "ip") == 0)
		page_t(r, TX_LINK_IP);
	else if (strcmp(kind, "manual") == 0)
		page_t(r, TX_LINK_MANUAL);
	else
		page_text(r, kind);
}

static int link_row(const struct subject_link *l, void *ctx)
{
	struct rows_ctx *c = ctx;
	struct web_request *r = c->r;

	if (!row_start(c))
		return HIM_OK;
	/* Each referral to its row of this page's list above. */
	page_html(r, "<tr><td><a href=\"#referral-");
	page_int(r, l->a);
	page_html(r, "\">");
	page_int(r, l->a);
	page_html(r, "</a> – <a href=\"#referral-");
	page_int(r, l->b);
	page_html(r, "\">");
	page_int(r, l->b);
	page_html(r, "</a></td><td class=\"link-kind\">");
	link_kind(r, l->kind);
	page_html(r, "</td><td><bdi class=\"mono\">");
	page_text(r, l->value);
	page_html(r, "</bdi></td><td>");
	page_text(r, l->service);
	page_html(r, "</td><td><bdi class=\"mono\">");
	page_text(r, l->detail);
	page_html(r, "</bdi></td></tr>\n");
	return HIM_OK;
}

static int same_row(int64_t other_subject, int64_t other_referral, const char *kind, const char *hash, void *ctx)
{
	struct rows_ctx *c = ctx;
	struct web_request *r = c->r;

	if (!row_start(c))
		return HIM_OK;
	/* The other subject's page applies its own rule (404 if not the user's). */
	page_html(r, "<tr><td><a href=\"/subjects/");
	page_int(r, other_subject);
	page_html(r, "\">");
	page_int(r, other_subject);
	page_html(r, "</a></td><td>");
	page_int(r, other_referral);
	page_html(r, "</td><td><code>");
	page_text(r, kind);
	page_html(r, "</code></td><td><code>");
	page_text(r, hash);
	page_html(r, "</code></td></tr>\n");
	return HIM_OK;
}

static int sections(struct web_request *r, int64_t id, struct err *err)
{
	static const enum text_id member_cols[] = { TX_ID, TX_PLATFORM, TX_REPORT_ID, TX_RECEIVED, TX_PRIORITY, TX_CASE };
	static const enum text_id link_cols[] = { TX_REFERRALS, TX_KIND, TX_IDENTIFIER, TX_SERVICE, TX_LINK_DETAIL };
	static const enum text_id same_cols[] = { TX_OTHER_SUBJECT, TX_REFERRALS, TX_KIND, TX_HASH };
	struct rows_ctx members = { r, err, member_cols, sizeof(member_cols) / sizeof(member_cols[0]), 0 };
	struct rows_ctx links = { r, err, link_cols, sizeof(link_cols) / sizeof(link_cols[0]), 0 };
	struct rows_ctx same = { r, err, same_cols, sizeof(same_cols) / sizeof(same_cols[0]), 0 };
	int rc;

	page_html(r, "<section class=\"card\" id=\"referrals\"><h2>");
	page_t(r, TX_REFERRALS);
	page_html(r, "</h2>\n");
	if ((rc = store_subject_members(r->st, id, member_row, &members, err)) != HIM_OK)
		return rc;
	rows_end(&members, TX_NO_LINKS);
	page_html(r, "</section>\n<section class=\"card\" id=\"links\"><h2>");
	page_t(r, TX_LINKED_BECAUSE);
	page_html(r, "</h2>\n");
	if ((rc = store_subject_links(r->st, id, link_row, &links, err)) != HIM_OK)
		return rc;
	rows_end(&links, TX_NO_LINKS);
	page_html(r, "</section>\n<section class=\"card\" id=\"same-content\"><h2>");
	page_t(r, TX_SAME_CONTENT);
	page_html(r, "</h2>\n<p class=\"hint\">");
	page_t(r, TX_SAME_CONTENT_HINT);
	page_html(r, "</p>\n");
	if ((rc = store_subject_same_content(r->st, id, same_row, &same, err)) != HIM_OK)
		return rc;
	rows_end(&same, TX_NO_SAME_CONTENT);
	page_html(r, "</section>\n");
	return HIM_OK;
}

void web_subject_page(struct web_request *r)
{
	struct web_triage_view v;
	struct triage_list rows;
	struct err err = ERR_INIT;
	int64_t id = r->ids[0];
	char object[40], title[24];
	int rc;

	triage_list_init(&rows);
	rc = web_triage_view_init(r, &v, &err);
	if (rc == HIM_OK)
		rc = web_triage_build(r, &v, NULL, id, &rows, &err);
	if (rc != HIM_OK) {
		web_internal_error(r, &err);
		goto out;
	}
	if (rows.n == 0) {
		page_error(r, 404, TX_NOT_FOUND);
		goto out;
	}
	snprintf(object, sizeof(object), "subject:%lld", (long long)id);
	if (!web_audit(r, "subject_read", object, NULL))
		goto out;
	snprintf(title, sizeof(title), "%lld", (long long)id);
	page_begin(r, TX_SUBJECT_PERSON, title, NAV_TRIAGE);
	summary(r, &rows.rows[0]);
	if (sections(r, id, &err) != HIM_OK) {
		web_internal_error(r, &err);
		goto out;
	}
	page_end(r);
out:
	triage_list_release(&rows);
	web_triage_view_release(&v);
}
