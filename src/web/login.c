/*
 * login.c - signing in (name, password and TOTP code), signing out (this
 * session or every session of the user) and the language switch.
 *
 * The session cookie is HttpOnly (no script can read it), SameSite=Strict
 * (no other site's page sends it) and Secure when the server speaks TLS.
 * The login form itself carries a pre-login token (double-submit cookie)
 * so that another site cannot sign a prosecutor in to an account of its
 * choosing. A refused login never says which factor was wrong.
 */
#include "handlers.h"

#include <string.h>

#include "../store/store.h"
#include "../lib/banned.h"

void web_prelogin_token(struct web_request *r, char out[65]);

static void login_page(struct web_request *r, const char *name, bool failed)
{
	char token[65];

	web_prelogin_token(r, token);
	page_begin(r, TX_LOGIN, NULL, NAV_NONE);
	if (failed) {
		page_html(r, "<p class=\"notice error\" role=\"alert\">");
		page_t(r, TX_LOGIN_FAILED);
		page_html(r, "</p>\n");
	}
	page_html(r, "<form method=\"post\" action=\"/login\" class=\"card narrow\" autocomplete=\"off\">\n");
	page_hidden(r, "csrf", token);
	page_html(r, "<label for=\"name\">");
	page_t(r, TX_USERNAME);
	page_html(r, "</label>\n<input id=\"name\" name=\"name\" required maxlength=\"63\" dir=\"ltr\" "
		     "autocomplete=\"username\" autofocus value=\"");
	page_text(r, name ? name : "");
	page_html(r, "\">\n<label for=\"password\">");
	page_t(r, TX_PASSWORD);
	page_html(r, "</label>\n<input id=\"password\" name=\"password\" type=\"password\" required "
		     "maxlength=\"1024\" dir=\"ltr\" autocomplete=\"current-password\">\n<label for=\"totp\">");
	page_t(r, TX_TOTP);
	page_html(r, "</label>\n<input id=\"totp\" name=\"totp\" required inputmode=\"numeric\" "
		     "pattern=\"[0-9]{6,8}\" maxlength=\"8\" dir=\"ltr\" autocomplete=\"one-time-code\">\n"
		     "<button type=\"submit\" class=\"primary\">");
	page_t(r, TX_LOGIN);
	page_html(r, "</button>\n</form>\n<p class=\"hint\">");
	page_t(r, TX_LOGIN_HINT);
	page_html(r, "</p>");
	page_end(r);
}

void web_login_form(struct web_request *r)
{
	if (r->signed_in) {
		web_response_redirect(&r->resp, "/");
		return;
	}
	login_page(r, NULL, false);
}

void web_login_submit(struct web_request *r)
{
	const char *name = web_form(r, "name");
	const char *password = web_form(r, "password");
	const char *totp = web_form(r, "totp");
	char token[SESSION_TOKEN_HEX];
	struct auth_policy pol;
	struct err err = ERR_INIT;
	struct user u;
	int rc;

	if (!name || !password || !totp || !web_field_clean(r, &r->form, "name", false, USER_NAME_MAX - 1) ||
	    !web_field_clean(r, &r->form, "password", false, 1024) ||
	    !web_field_clean(r, &r->form, "totp", false, 16)) {
		r->resp.status = 403;
		login_page(r, NULL, true);
		return;
	}
	auth_policy_default(&pol);
	rc = auth_login(r->st, &pol, name, password, totp, r->client[0] ? r->client : NULL, token, &u, &err);
	if (rc == HIM_OK) {
		struct strbuf cookie = STRBUF_INIT;

		strbuf_addf(&cookie, "himaya_session=%s; HttpOnly; SameSite=Strict; Path=/%s", token,
			    r->tls ? "; Secure" : "");
		web_response_header(&r->resp, "Set-Cookie", cookie.buf);
		strbuf_release(&cookie);
		web_response_redirect(&r->resp, u.role == USER_ADMIN ? "/admin" : "/");
		return;
	}
	if (rc != HIM_EFORBIDDEN && rc != HIM_ENOTFOUND && rc != HIM_EINPUT) {
		web_internal_error(r, &err);
		return;
	}
	r->resp.status = 403;
	login_page(r, name, true);
}

void web_logout(struct web_request *r)
{
	struct err err = ERR_INIT;
	const char *everywhere = web_form(r, "everywhere");

	if (auth_logout(r->st, r->session, everywhere && *everywhere, &err) != HIM_OK) {
		web_internal_error(r, &err);
		return;
	}
	web_response_header(&r->resp, "Set-Cookie",
			    r->tls ? "himaya_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0; Secure"
				   : "himaya_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
	web_response_redirect(&r->resp, "/login");
}

/* A "back" path is local: one leading '/', no scheme, no CR/LF/backslash. */
static bool local_path(const char *p)
{
	if (!p || p[0] != '/' || p[1] == '/' || strlen(p) > 512)
		return false;
	for (; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == '\\' || (unsigned char)*p >= 0x7f)
			return false;
	return true;
}

void web_lang_set(struct web_request *r)
{
	const char *l = web_form(r, "lang");
	const char *back = web_form(r, "back");
	struct err err = ERR_INIT;
	enum lang lang;

	if (!l || !lang_parse(l, &lang) || lang == LANG_EN) {
		page_error(r, 400, TX_BAD_REQUEST);
		return;
	}
	if (auth_user_set_lang(r->st, r->user.id, lang, &err) != HIM_OK) {
		web_internal_error(r, &err);
		return;
	}
	web_response_redirect(&r->resp, local_path(back) ? back : "/");
}
