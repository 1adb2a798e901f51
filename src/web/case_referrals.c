/*
 * case_referrals.c - the referrals a case came from, on the case page:
 * the list (each a link to its referral page), and for those who may
 * write the case, a form to link a referral by its number or by its
 * platform and report number (as the police information report gives
 * it: "ncmec:120334455"), and a button to undo a link.
 *
 * Linking is the store's (store_case_link_referral): within the writer's
 * scope, audited, and the referral's platform joins the case's, so the
 * table's platform column comes from real data. A refusal comes back to
 * the case page as a code in the query string, shown as a sentence of
 * text.h: nothing typed is echoed into the page from the URL.
 */
#include "handlers.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/store.h"
#include "../lib/banned.h"

int web_case_referrals_read(struct web_request *r, int64_t case_id, struct web_referral_rows *out,
			    struct err *err)
{
	return store_case_referrals(r->st, &r->read_scope, case_id, web_referral_rows_add, out, err);
}

static void notice(struct web_request *r)
{
	const char *code = web_query(r, "referral");
	enum text_id msg;

	if (!code)
		return;
	if (strcmp(code, "linked") == 0 || strcmp(code, "unlinked") == 0) {
		page_html(r, "<p class=\"notice ok\" role=\"status\">");
		page_t(r, TX_SAVED);
		page_html(r, "</p>\n");
		return;
	}
	if (strcmp(code, "unknown") == 0)
		msg = TX_BAD_REFERRAL_REF;
	else if (strcmp(code, "taken") == 0)
		msg = TX_REFERRAL_TAKEN;
	else
		return;
	page_html(r, "<p class=\"notice error\" role=\"alert\">");
	page_t(r, TX_REFUSED);
	page_html(r, " ");
	page_t(r, msg);
	page_html(r, "</p>\n");
}

static void unlink_button(struct web_request *r, const struct case_record *c, int64_t referral_id)
{
	page_html(r, "<form method=\"post\" class=\"inline\" action=\"/cases/");
	page_int(r, c->id);
	page_html(r, "/referrals/");
	page_int(r, referral_id);
	page_html(r, "/unlink\">");
	page_csrf(r);
	page_html(r, "<button type=\"submit\">");
	page_t(r, TX_UNLINK);
	page_html(r, "</button></form>");
}

static void link_form(struct web_request *r, const struct case_record *c)
{
	page_html(r, "<form method=\"post\" class=\"filters\" id=\"link-referral\" action=\"/cases/");
	page_int(r, c->id);
	page_html(r, "/referrals\">");
	page_csrf(r);
	page_html(r, "<div class=\"field\"><label for=\"link-referral-ref\">");
	page_t(r, TX_REFERRAL_REF);
	page_html(r, "</label><input id=\"link-referral-ref\" name=\"referral\" dir=\"ltr\" required"
		     " maxlength=\"200\"></div><div class=\"actions\"><button type=\"submit\">");
	page_t(r, TX_LINK_REFERRAL);
	page_html(r, "</button></div></form>\n");
}

void web_case_referrals_render(struct web_request *r, const struct case_record *c,
			       const struct web_referral_rows *l, bool writable)
{
	page_html(r, "<section class=\"card\" id=\"referrals\"><h2>");
	page_t(r, TX_CASE_REFERRALS);
	page_html(r, "</h2>\n");
	notice(r);
	if (l->n == 0) {
		page_html(r, "<p class=\"muted\">");
		page_t(r, TX_NO_CASE_REFERRALS);
		page_html(r, "</p>\n");
	} else {
		page_html(r, "<div class=\"scroll\"><table class=\"list\">\n<thead><tr><th>");
		page_t(r, TX_REFERRAL);
		page_html(r, "</th><th>");
		page_t(r, TX_PLATFORM);
		page_html(r, "</th><th>");
		page_t(r, TX_REPORT_ID);
		page_html(r, "</th><th>");
		page_t(r, TX_PRIORITY);
		page_html_if(r, writable, "</th><th></th></tr></thead>\n<tbody>\n", "</th></tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < l->n; i++) {
			const struct web_referral_row *x = &l->items[i];
			page_html(r, "<tr>");
			web_referral_cells(r, x);
			page_html(r, "<td>");
			web_referral_priority(r, x);
			page_html(r, "</td>");
			if (writable) {
				page_html(r, "<td>");
				unlink_button(r, c, x->id);
				page_html(r, "</td>");
			}
			page_html(r, "</tr>\n");
		}
		page_html(r, "</tbody></table></div>\n");
	}
	if (writable)
		link_form(r, c);
	page_html(r, "</section>\n");
}

/* --- linking and unlinking ------------------------------------------------ */

/* "123" or "PLATFORM:REPORT" to a referral id; 0 if there is none. */
static int64_t resolve(struct web_request *r, const char *ref, struct err *err)
{
	struct scope national = scope_national();
	struct referral_record rec;
	char platform[CODE_MAX];
	const char *colon = strchr(ref, ':');
	size_t plen = colon ? (size_t)(colon - ref) : 0;
	int64_t id = 0;
	char *end;

	if (!colon) {
		errno = 0;
		id = strtoll(ref, &end, 10);
		if (errno || *end || id < 1)
			return 0;
		referral_record_init(&rec);
		if (store_referral_get(r->st, &national, id, &rec, err) != HIM_OK)
			id = 0;
		referral_record_release(&rec);
		return id;
	}
	if (plen == 0 || plen >= sizeof(platform) || !colon[1])
		return 0;
	memcpy(platform, ref, plen);
	platform[plen] = '\0';
	for (size_t i = 0; i < plen; i++)
		platform[i] = (char)(platform[i] >= 'A' && platform[i] <= 'Z' ? platform[i] + 32 : platform[i]);
	if (!code_valid(platform))
		return 0;
	/* The number on the police report is proof enough of the referral:
	 * it is looked up nationally, and linking is checked against the
	 * writer's scope for the case. */
	referral_record_init(&rec);
	if (store_referral_find(r->st, &national, platform, colon + 1, &rec, err) == HIM_OK)
		id = rec.id;
	referral_record_release(&rec);
	return id;
}

static void back_to_case(struct web_request *r, int64_t case_id, const char *code)
{
	char where[96];

	snprintf(where, sizeof(where), "/cases/%lld?referral=%s#referrals", (long long)case_id, code);
	web_response_redirect(&r->resp, where);
}

/* After a link or unlink: back to the case, or the page the store's
 * refusal deserves. */
static void answer(struct web_request *r, int64_t case_id, int rc, const struct err *err, const char *done)
{
	switch (rc) {
	case HIM_OK: back_to_case(r, case_id, done); break;
	case HIM_ENOTFOUND: page_error(r, 404, TX_NOT_FOUND); break;
	case HIM_EFORBIDDEN: page_error(r, 403, TX_FORBIDDEN); break;
	case HIM_ECONFLICT: back_to_case(r, case_id, "taken"); break;
	default: web_internal_error(r, err); break;
	}
}

/* May the user write the case of this request? If not, the answer is
 * given: 404 when the case is out of sight, as for a case that does not
 * exist, 403 when the user sees it but does not write it. */
static bool case_writable(struct web_request *r)
{
	struct case_record c;
	struct err err = ERR_INIT;
	bool ok = false;
	int rc;

	case_record_init(&c);
	rc = store_case_get(r->st, &r->read_scope, r->ids[0], &c, &err);
	if (rc == HIM_ENOTFOUND)
		page_error(r, 404, TX_NOT_FOUND);
	else if (rc != HIM_OK)
		web_internal_error(r, &err);
	else if (!web_may_write_case(r, &c))
		page_error(r, 403, TX_FORBIDDEN);
	else
		ok = true;
	case_record_release(&c);
	return ok;
}

void web_case_referral_link(struct web_request *r)
{
	const char *ref = web_form(r, "referral");
	struct err err = ERR_INIT;
	struct strbuf trimmed = STRBUF_INIT;
	int64_t referral_id = 0;
	size_t len;

	if (!case_writable(r))
		return;
	while (ref && (*ref == ' ' || *ref == '\t'))
		ref++;
	len = ref ? strlen(ref) : 0;
	while (len && (ref[len - 1] == ' ' || ref[len - 1] == '\t'))
		len--;
	if (len) {
		strbuf_add(&trimmed, ref, len);
		referral_id = resolve(r, trimmed.buf, &err);
	}
	strbuf_release(&trimmed);
	/* The referral exists (resolve found it): a refusal from here on is
	 * about the case and the writer's scope. */
	if (!referral_id)
		back_to_case(r, r->ids[0], "unknown");
	else
		answer(r, r->ids[0], store_case_link_referral(r->st, &r->write_scope, r->ids[0], referral_id, &err),
		       &err, "linked");
}

void web_case_referral_unlink(struct web_request *r)
{
	struct err err = ERR_INIT;

	if (case_writable(r))
		answer(r, r->ids[0], store_case_unlink_referral(r->st, &r->write_scope, r->ids[0], r->ids[1], &err),
		       &err, "unlinked");
}
