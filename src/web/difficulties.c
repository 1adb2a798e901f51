/*
 * difficulties.c - الصعوبات, the circular's last request: a court's
 * prosecutor reports a difficulty met in these cases; the Presidency
 * reads every court's, answers and closes them. A court sees its own, a
 * Court of Appeal its district's (the store applies the scope).
 */
#include "handlers.h"

#include <stdio.h>
#include <string.h>

#include "../store/store.h"
#include "../lib/banned.h"

static void status_tag(struct web_request *r, enum difficulty_status s)
{
	page_html(r, "<span class=\"tag status-");
	page_text(r, difficulty_status_name(s));
	page_html(r, "\">");
	page_t(r, s == DIFFICULTY_OPEN ? TX_DIFF_OPEN : s == DIFFICULTY_ANSWERED ? TX_DIFF_ANSWERED : TX_DIFF_CLOSED);
	page_html(r, "</span>");
}

static void difficulty_item(struct web_request *r, const struct difficulty *d)
{
	page_html(r, "<article class=\"card difficulty\" id=\"d-");
	page_int(r, d->id);
	page_html(r, "\"><h2>");
	page_text(r, d->title);
	page_html(r, " ");
	status_tag(r, d->status);
	page_html(r, "</h2><p class=\"meta\">");
	page_text(r, web_court_name(r, d->court));
	page_html(r, " · ");
	page_text(r, d->author ? d->author : "—");
	page_html(r, " · <bdi dir=\"ltr\">");
	page_text(r, d->created_at);
	page_html(r, "</bdi></p><p class=\"pre\">");
	page_text(r, d->body);
	page_html(r, "</p>");
	if (d->answer) {
		page_html(r, "<div class=\"answer\"><h3>");
		page_t(r, TX_DIFF_ANSWER);
		page_html(r, "</h3><p class=\"pre\">");
		page_text(r, d->answer);
		page_html(r, "</p><p class=\"meta\">");
		page_text(r, d->answered_by ? d->answered_by : "—");
		page_html(r, " · <bdi dir=\"ltr\">");
		page_text(r, d->answered_at ? d->answered_at : "");
		page_html(r, "</bdi></p></div>");
	}
	if (r->user.role == USER_PRESIDENCY && d->status != DIFFICULTY_CLOSED) {
		char action[64];
		snprintf(action, sizeof(action), "/difficulties/%lld/answer", (long long)d->id);
		page_html(r, "<form method=\"post\" class=\"grid\" action=\"");
		page_text(r, action);
		page_html(r, "\">");
		page_csrf(r);
		page_html(r, "<div class=\"field wide\"><label for=\"a-");
		page_int(r, d->id);
		page_html(r, "\">");
		page_t(r, TX_DIFF_ANSWER);
		page_html(r, "</label><textarea id=\"a-");
		page_int(r, d->id);
		page_html(r, "\" name=\"answer\" rows=\"3\" maxlength=\"8000\" required></textarea></div>"
			     "<div class=\"actions\"><button type=\"submit\" class=\"primary\">");
		page_t(r, TX_DIFF_REPLY);
		page_html(r, "</button></div></form><form method=\"post\" action=\"");
		snprintf(action, sizeof(action), "/difficulties/%lld/close", (long long)d->id);
		page_text(r, action);
		page_html(r, "\">");
		page_csrf(r);
		page_html(r, "<button type=\"submit\">");
		page_t(r, TX_DIFF_CLOSE);
		page_html(r, "</button></form>");
	}
	page_html(r, "</article>\n");
}

static void difficulties_page(struct web_request *r, const char *error)
{
	struct difficulty_list l;
	struct err err = ERR_INIT;

	difficulty_list_init(&l);
	if (store_difficulty_list(r->st, &r->read_scope, &l, &err) != HIM_OK) {
		difficulty_list_release(&l);
		web_internal_error(r, &err);
		return;
	}
	page_begin(r, TX_DIFFICULTIES, NULL, NAV_DIFFICULTIES);
	if (error) {
		page_html(r, "<p class=\"notice error\" role=\"alert\">");
		page_text(r, error);
		page_html(r, "</p>\n");
	} else if (web_query(r, "saved")) {
		page_html(r, "<p class=\"notice ok\" role=\"status\">");
		page_t(r, TX_SAVED);
		page_html(r, "</p>\n");
	}
	if (r->user.role == USER_APPEAL || r->user.role == USER_COURT) {
		const char *title = error ? web_form(r, "title") : NULL;
		const char *body = error ? web_form(r, "body") : NULL;
		page_html(r, "<form method=\"post\" action=\"/difficulties\" class=\"card grid\"><h2 class=\"wide\">");
		page_t(r, TX_DIFF_NEW);
		page_html(r, "</h2>");
		page_csrf(r);
		page_html(r, "<div class=\"field wide\"><label for=\"d-title\">");
		page_t(r, TX_DIFF_TITLE);
		page_html(r, "</label><input id=\"d-title\" name=\"title\" required maxlength=\"300\" value=\"");
		page_text(r, title ? title : "");
		page_html(r, "\"></div><div class=\"field wide\"><label for=\"d-body\">");
		page_t(r, TX_DIFF_BODY);
		page_html(r, "</label><textarea id=\"d-body\" name=\"body\" rows=\"4\" required maxlength=\"8000\">");
		page_text(r, body ? body : "");
		page_html(r, "</textarea></div><div class=\"actions\"><button type=\"submit\" class=\"primary\">");
		page_t(r, TX_DIFF_SEND);
		page_html(r, "</button></div></form>\n");
	}
	if (l.n == 0) {
		page_html(r, "<p class=\"muted\">");
		page_t(r, TX_DIFF_NONE);
		page_html(r, "</p>\n");
	}
	for (size_t i = 0; i < l.n; i++)
		difficulty_item(r, &l.items[i]);
	page_end(r);
	difficulty_list_release(&l);
}

void web_difficulties(struct web_request *r)
{
	difficulties_page(r, NULL);
}

void web_difficulty_add(struct web_request *r)
{
	struct err err = ERR_INIT;
	int rc;

	if (!web_field_clean(r, &r->form, "title", false, 300) || !web_field_clean(r, &r->form, "body", true, 8000) ||
	    !web_form(r, "title") || !*web_form(r, "title") || !web_form(r, "body") || !*web_form(r, "body")) {
		r->resp.status = 422;
		difficulties_page(r, web_t(r, TX_FORM_ERRORS));
		return;
	}
	rc = store_difficulty_add(r->st, r->user.court, web_form(r, "title"), web_form(r, "body"), NULL, &err);
	if (rc == HIM_OK)
		web_response_redirect(&r->resp, "/difficulties?saved=1");
	else if (rc == HIM_EINPUT) {
		r->resp.status = 422;
		difficulties_page(r, web_t(r, TX_FORM_ERRORS));
	} else
		web_internal_error(r, &err);
}

/* The difficulty of the route, within the reader's scope (404 outside). */
static bool difficulty_find(struct web_request *r)
{
	struct difficulty d;
	struct err err = ERR_INIT;
	int rc;

	difficulty_init(&d);
	rc = store_difficulty_get(r->st, &r->read_scope, r->ids[0], &d, &err);
	difficulty_release(&d);
	if (rc == HIM_ENOTFOUND)
		page_error(r, 404, TX_NOT_FOUND);
	else if (rc != HIM_OK)
		web_internal_error(r, &err);
	return rc == HIM_OK;
}

void web_difficulty_answer(struct web_request *r)
{
	const char *answer = web_form(r, "answer");
	struct err err = ERR_INIT;
	int rc;

	if (!difficulty_find(r))
		return;
	if (!answer || !*answer || !web_field_clean(r, &r->form, "answer", true, 8000)) {
		r->resp.status = 422;
		difficulties_page(r, web_t(r, TX_FORM_ERRORS));
		return;
	}
	rc = store_difficulty_answer(r->st, r->ids[0], answer, &err);
	if (rc == HIM_OK)
		web_response_redirect(&r->resp, "/difficulties?saved=1");
	else
		web_internal_error(r, &err);
}

void web_difficulty_close(struct web_request *r)
{
	struct err err = ERR_INIT;

	if (!difficulty_find(r))
		return;
	if (store_difficulty_close(r->st, r->ids[0], &err) == HIM_OK)
		web_response_redirect(&r->resp, "/difficulties?saved=1");
	else
		web_internal_error(r, &err);
}
