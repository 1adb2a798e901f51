/*
 * router.c - the route table and the checks every request passes before
 * its handler: body limits, the session, the role, the CSRF token.
 *
 * A route names a method, a path pattern ("/cases/{id}/events", where
 * {id} is a positive integer), the handler, and the roles that may use
 * it. Routes without roles are public (the login page, static files).
 * The store still checks the scope of every read and write: the role
 * check here decides which pages exist for a user, the store decides
 * which cases they contain.
 */
#include "handlers.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server.h"
#include "../store/store.h"
#include "../lib/banned.h"

#define ROLE(x) (1u << (x))
#define R_ADMIN ROLE(USER_ADMIN)
#define R_PRESIDENCY ROLE(USER_PRESIDENCY)
#define R_APPEAL ROLE(USER_APPEAL)
#define R_COURT ROLE(USER_COURT)
#define R_POLICE ROLE(USER_POLICE)
#define R_READERS (R_PRESIDENCY | R_APPEAL | R_COURT | R_POLICE)
#define R_WRITERS (R_APPEAL | R_COURT | R_POLICE)
#define R_PROSECUTION (R_PRESIDENCY | R_APPEAL | R_COURT)
#define R_ANY (R_ADMIN | R_READERS)

enum { ROUTE_PAGE = 0, ROUTE_API = 1, ROUTE_LOGIN = 2 };

struct route {
	const char *method;
	const char *pattern;
	web_handler handler;
	unsigned roles; /* 0: public */
	int kind;
};

static const struct route routes[] = {
	{ "GET", "/login", web_login_form, 0, ROUTE_PAGE },
	{ "POST", "/login", web_login_submit, 0, ROUTE_LOGIN },
	{ "POST", "/logout", web_logout, R_ANY, ROUTE_PAGE },
	{ "POST", "/lang", web_lang_set, R_ANY, ROUTE_PAGE },
	{ "GET", "/", web_dashboard, R_READERS, ROUTE_PAGE }, /* admin: redirected to /admin */
	{ "GET", "/cases", web_cases_list, R_READERS, ROUTE_PAGE },
	{ "POST", "/cases", web_case_create, R_WRITERS, ROUTE_PAGE },
	{ "GET", "/cases/new", web_case_new_form, R_WRITERS, ROUTE_PAGE },
	{ "GET", "/cases/{id}", web_case_page, R_READERS, ROUTE_PAGE },
	{ "POST", "/cases/{id}/events", web_case_event_add, R_WRITERS, ROUTE_PAGE },
	{ "GET", "/triage", web_triage_page, R_READERS, ROUTE_PAGE },
	{ "GET", "/subjects/{id}", web_subject_page, R_READERS, ROUTE_PAGE },
	{ "GET", "/referrals", web_referrals_list, R_PRESIDENCY | R_POLICE, ROUTE_PAGE },
	{ "GET", "/referrals/{id}", web_referral_page, R_READERS, ROUTE_PAGE },
	{ "POST", "/cases/{id}/referrals", web_case_referral_link, R_WRITERS, ROUTE_PAGE },
	{ "POST", "/cases/{id}/referrals/{id}/unlink", web_case_referral_unlink, R_WRITERS, ROUTE_PAGE },
	{ "GET", "/table", web_table_page, R_PROSECUTION, ROUTE_PAGE },
	{ "GET", "/table/download", web_table_download, R_PROSECUTION, ROUTE_PAGE },
	{ "GET", "/difficulties", web_difficulties, R_PROSECUTION, ROUTE_PAGE },
	{ "POST", "/difficulties", web_difficulty_add, R_APPEAL | R_COURT, ROUTE_PAGE },
	{ "POST", "/difficulties/{id}/answer", web_difficulty_answer, R_PRESIDENCY, ROUTE_PAGE },
	{ "POST", "/difficulties/{id}/close", web_difficulty_close, R_PRESIDENCY, ROUTE_PAGE },
	{ "GET", "/admin", web_admin, R_ADMIN, ROUTE_PAGE },
	{ "POST", "/admin/users", web_admin_user_add, R_ADMIN, ROUTE_PAGE },
	{ "POST", "/admin/totp", web_admin_totp_reset, R_ADMIN, ROUTE_PAGE },
	{ "GET", "/audit", web_audit_page, R_ADMIN, ROUTE_PAGE },
	{ "GET", "/api/v1/cases", web_api_cases, R_READERS, ROUTE_API },
	{ "GET", "/api/v1/cases/{id}", web_api_case, R_READERS, ROUTE_API },
	{ "GET", "/api/v1/cases/{id}/events", web_api_events, R_READERS, ROUTE_API },
	{ "POST", "/api/v1/cases/{id}/events", web_api_event_add, R_WRITERS, ROUTE_API },
	{ "GET", "/api/v1/table", web_api_table, R_PROSECUTION, ROUTE_API },
};

#define PRELOGIN_COOKIE "himaya_prelogin"

bool web_route_match(const char *pattern, const char *path, int64_t ids[WEB_ROUTE_IDS])
{
	int nid = 0;

	while (*pattern && *path) {
		if (strncmp(pattern, "{id}", 4) == 0) {
			char *end;
			long long v;
			if (*path < '1' || *path > '9')
				return false;
			errno = 0;
			v = strtoll(path, &end, 10);
			if (errno || (*end && *end != '/') || nid == WEB_ROUTE_IDS)
				return false;
			ids[nid++] = v;
			pattern += 4;
			path = end;
			continue;
		}
		if (*pattern != *path)
			return false;
		pattern++;
		path++;
	}
	return *pattern == '\0' && *path == '\0';
}

static date_t utc_today(void)
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

void web_internal_error(struct web_request *r, const struct err *err)
{
	fprintf(stderr, "himaya serve: %s %s: %s\n", r->method, r->path,
		err && err->msg[0] ? err->msg : "internal error");
	strbuf_reset(&r->resp.body);
	r->resp.status = 0;
	if (strncmp(r->path, "/api/", 5) == 0)
		web_api_error(r, 500, "internal", "internal error");
	else
		page_error(r, 500, TX_INTERNAL);
}

/* The language of a visitor not signed in: ?lang=, else the cookie. */
static void anonymous_lang(struct web_request *r)
{
	const char *q = web_query(r, "lang");
	const char *c = web_cookie(r, "himaya_lang");
	enum lang l;

	if (q && lang_parse(q, &l) && l != LANG_EN) {
		r->lang = l;
		web_response_header(&r->resp, "Set-Cookie",
				    l == LANG_FR ? "himaya_lang=fr; Path=/; SameSite=Strict; Max-Age=31536000"
						 : "himaya_lang=ar; Path=/; SameSite=Strict; Max-Age=31536000");
	} else if (c && lang_parse(c, &l) && l != LANG_EN) {
		r->lang = l;
	}
}

static void session_load(struct web_request *r)
{
	const char *token = web_cookie(r, "himaya_session");
	struct auth_policy pol;
	struct err err = ERR_INIT;

	if (!token || strlen(token) != SESSION_TOKEN_HEX - 1)
		return;
	auth_policy_default(&pol);
	if (auth_session_user(r->st, &pol, token, &r->user, &err) != HIM_OK)
		return;
	r->signed_in = true;
	memcpy(r->session, token, SESSION_TOKEN_HEX);
	auth_csrf_token(token, r->csrf);
	r->lang = r->user.lang == LANG_FR ? LANG_FR : LANG_AR;
	auth_user_scopes(&r->user, &r->read_scope, &r->may_read, &r->write_scope, &r->may_write);
	store_set_actor(r->st, r->user.name);
}

/* The token a POST must carry: the session's, or before login the
 * pre-login cookie's (a login form from another site cannot know it). */
static bool csrf_ok(struct web_request *r, int kind)
{
	const char *sent = kind == ROUTE_API ? web_header(r, "X-CSRF-Token") : web_form(r, "csrf");

	if (!sent)
		return false;
	if (kind == ROUTE_LOGIN) {
		const char *cookie = web_cookie(r, PRELOGIN_COOKIE);
		return cookie && strlen(cookie) == 64 && web_secret_equal(sent, cookie);
	}
	return r->signed_in && web_secret_equal(sent, r->csrf);
}

static void deny(struct web_request *r, int kind, int status, enum text_id msg)
{
	if (kind == ROUTE_API)
		web_api_error(r, status, status == 401 ? "unauthenticated" : status == 403 ? "forbidden"
				 : status == 404 ? "not_found" : status == 413 ? "too_large" : "bad_request",
			      web_text(msg, LANG_FR));
	else
		page_error(r, status, msg);
}

/* A fresh pre-login token in a cookie, for the login form. */
void web_prelogin_token(struct web_request *r, char out[65]);
void web_prelogin_token(struct web_request *r, char out[65])
{
	const char *have = web_cookie(r, PRELOGIN_COOKIE);
	unsigned char raw[32];
	struct strbuf cookie = STRBUF_INIT;

	if (have && strlen(have) == 64 && strspn(have, "0123456789abcdef") == 64) {
		memcpy(out, have, 65);
		return;
	}
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(out, 65, raw, sizeof(raw));
	strbuf_addf(&cookie, PRELOGIN_COOKIE "=%s; HttpOnly; SameSite=Strict; Path=/login%s", out,
		    r->tls ? "; Secure" : "");
	web_response_header(&r->resp, "Set-Cookie", cookie.buf);
	strbuf_release(&cookie);
}

void web_route(struct web_request *r)
{
	const struct route *found = NULL;
	const char *method = strcmp(r->method, "HEAD") == 0 ? "GET" : r->method;
	const struct web_options *o = web_server_options();
	struct strbuf allow = STRBUF_INIT;
	struct err err = ERR_INIT;
	int kind = strncmp(r->path, "/api/", 5) == 0 ? ROUTE_API : ROUTE_PAGE;
	bool healthy = true;

	r->today = o->today != DATE_NONE ? o->today : utc_today();
	r->stalled_days = o->stalled_days;

	if (r->body_too_large) {
		deny(r, kind, 413, TX_TOO_LARGE);
		return;
	}
	if (strncmp(r->path, "/static/", 8) == 0 && strcmp(method, "GET") == 0) {
		if (!web_static_serve(r, r->path + 8))
			deny(r, kind, 404, TX_NOT_FOUND);
		return;
	}
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		int64_t ids[WEB_ROUTE_IDS] = { 0, 0 };
		if (!web_route_match(routes[i].pattern, r->path, ids))
			continue;
		if (strcmp(routes[i].method, method) == 0) {
			found = &routes[i];
			memcpy(r->ids, ids, sizeof(ids));
			break;
		}
		strbuf_addf(&allow, "%s%s", allow.len ? ", " : "", routes[i].method);
		if (strcmp(routes[i].method, "GET") == 0)
			strbuf_adds(&allow, ", HEAD");
	}

	if (web_store_acquire(&r->st, &err) != HIM_OK) {
		web_internal_error(r, &err);
		strbuf_release(&allow);
		return;
	}
	session_load(r);
	if (!r->signed_in)
		anonymous_lang(r);

	if (!found) {
		if (allow.len) {
			web_response_header(&r->resp, "Allow", allow.buf);
			deny(r, kind, 405, TX_METHOD);
		} else {
			deny(r, kind, 404, TX_NOT_FOUND);
		}
		goto out;
	}
	kind = found->kind;
	if (r->body_bad) {
		deny(r, kind, 400, TX_BAD_REQUEST);
		goto out;
	}
	if (found->roles && !r->signed_in) {
		if (kind == ROUTE_API)
			deny(r, kind, 401, TX_LOGIN);
		else
			web_response_redirect(&r->resp, "/login");
		goto out;
	}
	if (found->roles && !(found->roles & ROLE(r->user.role))) {
		/* The dashboard of an administrator is the administration. */
		if (found->handler == web_dashboard)
			web_response_redirect(&r->resp, "/admin");
		else
			deny(r, kind, 403, TX_FORBIDDEN);
		goto out;
	}
	if (strcmp(method, "POST") == 0 && !csrf_ok(r, kind)) {
		deny(r, kind, 403, TX_CSRF);
		goto out;
	}
	found->handler(r);
	if (r->resp.status >= 500)
		healthy = false;
out:
	web_store_release(r->st, healthy);
	r->st = NULL;
	strbuf_release(&allow);
}
