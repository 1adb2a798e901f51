/*
 * page.c - the shared layout, the escaping writers and the error page.
 *
 * The page's language decides lang and dir on <html>: Arabic right to
 * left, French left to right; the stylesheet uses logical properties
 * (start/end), so one stylesheet serves both directions.
 */
#include "page.h"

#include "handlers.h"

#include <inttypes.h>
#include <string.h>

#include "../lib/date.h"
#include "../lib/html.h"
#include "../lib/banned.h"

void page_markup(struct web_request *r, const char *markup)
{
	strbuf_adds(&r->resp.body, markup);
}

void page_text(struct web_request *r, const char *text)
{
	if (text)
		html_escape(&r->resp.body, text);
}

const char *web_t(const struct web_request *r, enum text_id id)
{
	return web_text(id, r->lang);
}

void page_t(struct web_request *r, enum text_id id)
{
	page_text(r, web_t(r, id));
}

void page_int(struct web_request *r, int64_t v)
{
	strbuf_addf(&r->resp.body, "%" PRId64, v);
}

void page_date(struct web_request *r, date_t day)
{
	char buf[DATE_ISO_LEN];

	date_format(day, buf);
	/* Inside right-to-left text a date must stay one left-to-right run. */
	page_html(r, "<bdi class=\"date\" dir=\"ltr\">");
	page_text(r, buf);
	page_html(r, "</bdi>");
}

void page_instant(struct web_request *r, const char *iso)
{
	char buf[sizeof("YYYY-MM-DD HH:MM:SS UTC")];

	if (!iso || !*iso)
		return;
	page_html(r, "<bdi class=\"date\" dir=\"ltr\">");
	if (!date_stamp_shaped(iso)) {
		page_text(r, iso); /* not a stamp the store wrote: as it is */
	} else {
		/* A person reads "2024-01-10 10:00:00 UTC", not the ISO stamp. */
		memcpy(buf, iso, 10);
		buf[10] = ' ';
		memcpy(buf + 11, iso + 11, 8);
		memcpy(buf + 19, " UTC", 5);
		page_text(r, buf);
	}
	page_html(r, "</bdi>");
}

void page_hidden(struct web_request *r, const char *name, const char *value)
{
	page_html(r, "<input type=\"hidden\" name=\"");
	page_text(r, name);
	page_html(r, "\" value=\"");
	page_text(r, value);
	page_html(r, "\">");
}

void page_csrf(struct web_request *r)
{
	page_hidden(r, "csrf", r->csrf);
}

void page_field_error(struct web_request *r, const char *message)
{
	if (!message || !*message)
		return;
	page_html(r, "<p class=\"field-error\" role=\"alert\">");
	page_text(r, message);
	page_html(r, "</p>");
}

void page_back_here(struct web_request *r)
{
	struct strbuf back = STRBUF_INIT;

	strbuf_adds(&back, r->path);
	for (size_t i = 0; i < r->query.n; i++) {
		/* Only ASCII-safe query values are kept in a "back" link. */
		const char *v = r->query.items[i].value.buf;
		bool plain = true;
		for (const char *p = v; *p; p++)
			if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
				plain = false;
		if (!plain || strcmp(r->query.items[i].name, "lang") == 0)
			continue;
		strbuf_addf(&back, "%c%s=%s", strchr(back.buf, '?') ? '&' : '?', r->query.items[i].name, v);
	}
	page_hidden(r, "back", back.buf);
	strbuf_release(&back);
}

static enum text_id role_text(enum user_role role)
{
	switch (role) {
	case USER_ADMIN: return TX_ROLE_ADMIN;
	case USER_PRESIDENCY: return TX_ROLE_PRESIDENCY;
	case USER_APPEAL: return TX_ROLE_APPEAL;
	case USER_COURT: return TX_ROLE_COURT;
	case USER_POLICE: return TX_ROLE_POLICE;
	}
	return TX_ROLE_ADMIN;
}

static void nav_link(struct web_request *r, const char *href, enum text_id label, bool current)
{
	page_html(r, "<a href=\"");
	page_text(r, href);
	page_html(r, "\"");
	if (current)
		page_html(r, " class=\"current\" aria-current=\"page\"");
	page_html(r, ">");
	page_t(r, label);
	page_html(r, "</a>");
}

static void nav(struct web_request *r, enum nav_item cur)
{
	enum user_role role = r->user.role;

	page_html(r, "<nav class=\"main\">");
	if (role != USER_ADMIN) {
		nav_link(r, "/", TX_DASHBOARD, cur == NAV_DASHBOARD);
		nav_link(r, "/cases", TX_CASES, cur == NAV_CASES);
		/* Every reader of cases has a queue: its courts', its unit's, or all. */
		nav_link(r, "/triage", TX_TRIAGE, cur == NAV_TRIAGE);
	}
	/* The referral units and the Presidency list referrals; a court sees
	 * them through its cases. */
	if (role == USER_PRESIDENCY || role == USER_POLICE)
		nav_link(r, "/referrals", TX_REFERRALS, cur == NAV_REFERRALS);
	if (r->may_write)
		nav_link(r, "/cases/new", TX_NEW_CASE, cur == NAV_NEW_CASE);
	if (role == USER_PRESIDENCY || role == USER_APPEAL || role == USER_COURT)
		nav_link(r, "/table", TX_TABLE, cur == NAV_TABLE);
	if (role == USER_PRESIDENCY || role == USER_APPEAL || role == USER_COURT)
		nav_link(r, "/difficulties", TX_DIFFICULTIES, cur == NAV_DIFFICULTIES);
	if (role == USER_ADMIN) {
		nav_link(r, "/admin", TX_ADMIN, cur == NAV_ADMIN);
		nav_link(r, "/audit", TX_AUDIT, cur == NAV_AUDIT);
	}
	page_html(r, "</nav>");
}

void page_begin(struct web_request *r, enum text_id title, const char *title_extra, enum nav_item cur)
{
	if (!r->resp.status)
		r->resp.status = 200;
	r->resp.content_type = "text/html; charset=utf-8";
	strbuf_reset(&r->resp.body);
	if (r->lang == LANG_AR)
		page_html(r, "<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">\n");
	else
		page_html(r, "<!DOCTYPE html>\n<html lang=\"fr\" dir=\"ltr\">\n");
	page_html(r, "<head>\n<meta charset=\"utf-8\">\n"
		     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		     "<meta name=\"referrer\" content=\"no-referrer\">\n<title>");
	page_t(r, title);
	if (title_extra) {
		page_html(r, " ");
		page_text(r, title_extra);
	}
	page_html(r, " · ");
	page_t(r, TX_APP);
	page_html(r, "</title>\n<link rel=\"icon\" href=\"data:,\">\n<link rel=\"stylesheet\" href=\"/static/app.css\">\n"
		     "<link rel=\"stylesheet\" href=\"/static/table.css\">\n</head>\n<body>\n"
		     "<header class=\"top\">\n<div class=\"brand\"><a href=\"/\">");
	page_t(r, TX_APP);
	page_html(r, "</a><span class=\"sub\">");
	page_t(r, TX_APP_SUB);
	page_html(r, "</span></div>\n<div class=\"who\">");
	if (r->signed_in) {
		page_html(r, "<span class=\"user\">");
		page_text(r, r->user.name);
		page_html(r, "</span> <span class=\"role\">");
		page_t(r, role_text(r->user.role));
		if (r->user.court[0]) {
			page_html(r, " · ");
			page_text(r, r->st ? web_court_name(r, r->user.court) : r->user.court);
		} else if (r->user.unit[0]) {
			page_html(r, " · ");
			page_text(r, r->user.unit);
		}
		page_html(r, "</span>\n<form method=\"post\" action=\"/lang\" class=\"inline\">");
		page_csrf(r);
		page_back_here(r);
		page_hidden(r, "lang", r->lang == LANG_AR ? "fr" : "ar");
		page_html(r, "<button type=\"submit\" class=\"link\" lang=\"");
		page_text(r, r->lang == LANG_AR ? "fr" : "ar");
		page_html(r, "\">");
		page_t(r, TX_SWITCH_LANG);
		page_html(r, "</button></form>\n<form method=\"post\" action=\"/logout\" class=\"inline\">");
		page_csrf(r);
		page_html(r, "<button type=\"submit\" class=\"link\">");
		page_t(r, TX_LOGOUT);
		page_html(r, "</button></form>");
	} else {
		page_html(r, "<a href=\"/login?lang=");
		page_text(r, r->lang == LANG_AR ? "fr" : "ar");
		page_html(r, "\" lang=\"");
		page_text(r, r->lang == LANG_AR ? "fr" : "ar");
		page_html(r, "\">");
		page_t(r, TX_SWITCH_LANG);
		page_html(r, "</a>");
	}
	page_html(r, "</div>\n</header>\n");
	if (r->signed_in)
		nav(r, cur);
	page_html(r, "<main>\n<h1>");
	page_t(r, title);
	if (title_extra) {
		page_html(r, " ");
		page_text(r, title_extra);
	}
	page_html(r, "</h1>\n");
}

void page_end(struct web_request *r)
{
	page_html(r, "\n</main>\n<footer>");
	page_t(r, TX_LOGIN_HINT);
	page_html(r, "</footer>\n</body>\n</html>\n");
}

void page_error(struct web_request *r, int status, enum text_id message)
{
	if (strncmp(r->path, "/api/", 5) == 0) {
		web_api_error(r, status, status == 404 ? "not_found" : status == 403 ? "forbidden"
				 : status == 400 ? "bad_request" : status >= 500 ? "internal" : "error",
			      web_text(message, LANG_FR));
		return;
	}
	r->resp.status = status;
	page_begin(r, TX_ERROR, NULL, NAV_NONE);
	page_html(r, "<p class=\"notice error\">");
	page_t(r, message);
	page_html(r, "</p>\n<p><a href=\"/\">");
	page_t(r, TX_BACK_HOME);
	page_html(r, "</a></p>");
	page_end(r);
}
