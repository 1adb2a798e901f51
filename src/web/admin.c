/*
 * admin.c - administration: the users (list, add, reset a second factor,
 * through app/auth.h so that passwords are hashed and the TOTP secret
 * made there; a new secret is shown once, as text and as a QR code), the
 * judicial map (read-only: it changes with decrees, through data files)
 * and the vocabulary. An administrator reads no case data.
 */
#include "handlers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/qr.h"
#include "../store/store.h"
#include "../lib/banned.h"

static int user_row(const struct account *a, void *ctx)
{
	struct web_request *r = ctx;

	page_html(r, "<tr><td><code>");
	page_text(r, a->name);
	page_html(r, "</code></td><td>");
	page_text(r, a->role);
	page_html(r, "</td><td>");
	if (a->court[0])
		page_text(r, web_court_name(r, a->court));
	if (a->unit[0]) {
		page_text(r, a->body);
		page_html(r, " — ");
		page_text(r, a->unit);
	}
	page_html(r, "</td><td>");
	page_t(r, a->disabled ? TX_DISABLED : TX_ACTIVE);
	/* A lost phone: a new secret replaces the old one at once. */
	page_html(r, "</td><td><form method=\"post\" action=\"/admin/totp\" class=\"inline\">");
	page_csrf(r);
	page_hidden(r, "name", a->name);
	/* The old secret stops working and the user's sessions end at once:
	 * a box to tick first, so that a stray click does not lock someone out. */
	page_html(r, "<label class=\"check\"><input type=\"checkbox\" name=\"confirm\" value=\"1\" required> ");
	page_t(r, TX_CONFIRM);
	page_html(r, "</label> <button type=\"submit\">");
	page_t(r, TX_TOTP_RESET);
	page_html(r, "</button></form></td></tr>\n");
	return 0;
}

static void users_section(struct web_request *r)
{
	struct err err = ERR_INIT;
	static const char *const roles[] = { "court", "appeal", "presidency", "police", "admin" };
	const struct court_map *map = store_court_map(r->st);

	page_html(r, "<section class=\"card\"><h2>");
	page_t(r, TX_USERS);
	page_html(r, "</h2><div class=\"scroll\"><table class=\"list\"><thead><tr><th>");
	page_t(r, TX_USERNAME);
	page_html(r, "</th><th>");
	page_t(r, TX_ROLE);
	page_html(r, "</th><th>");
	page_t(r, TX_SCOPE);
	page_html(r, "</th><th>");
	page_t(r, TX_STATUS);
	page_html(r, "</th><th></th></tr></thead><tbody>\n");
	if (store_account_each(r->st, user_row, r, &err) != HIM_OK)
		fprintf(stderr, "himaya serve: listing users: %s\n", err.msg);
	page_html(r, "</tbody></table></div>\n<h2>");
	page_t(r, TX_ADD_USER);
	page_html(r, "</h2><form method=\"post\" action=\"/admin/users\" class=\"grid\" autocomplete=\"off\">");
	page_csrf(r);
	page_html(r, "<div class=\"field\"><label for=\"u-name\">");
	page_t(r, TX_USERNAME);
	page_html(r, "</label><input id=\"u-name\" name=\"name\" required maxlength=\"63\" dir=\"ltr\"></div>"
		     "<div class=\"field\"><label for=\"u-role\">");
	page_t(r, TX_ROLE);
	page_html(r, "</label><select id=\"u-role\" name=\"role\">");
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		page_html(r, "<option>");
		page_text(r, roles[i]);
		page_html(r, "</option>");
	}
	page_html(r, "</select></div><div class=\"field\"><label for=\"u-court\">");
	page_t(r, TX_COURT);
	page_html(r, "</label><select id=\"u-court\" name=\"court\"><option value=\"\">—</option>");
	for (size_t i = 0; i < map->n; i++) {
		const struct court_term *t = &map->terms[i];
		if (court_map_latest(map, t->code) != t)
			continue;
		page_html(r, "<option value=\"");
		page_text(r, t->code);
		page_html(r, "\">");
		page_text(r, court_term_name(t, r->lang));
		page_html(r, "</option>");
	}
	page_html(r, "</select></div><div class=\"field\"><label for=\"u-body\">");
	page_t(r, TX_BODY);
	page_html(r, "</label><select id=\"u-body\" name=\"body\">");
	web_vocab_options(r, VOCAB_BODY, 0, NULL);
	page_html(r, "</select></div><div class=\"field\"><label for=\"u-unit\">");
	page_t(r, TX_UNIT);
	page_html(r, "</label><input id=\"u-unit\" name=\"unit\" maxlength=\"127\"></div>"
		     "<div class=\"field\"><label for=\"u-password\">");
	page_t(r, TX_PASSWORD);
	page_html(r, "</label><input id=\"u-password\" name=\"password\" type=\"password\" required minlength=\"12\" "
		     "maxlength=\"1024\" autocomplete=\"new-password\"></div><div class=\"actions\">"
		     "<button type=\"submit\" class=\"primary\">");
	page_t(r, TX_ADD_USER);
	page_html(r, "</button></div></form></section>\n");
}

static void reference_sections(struct web_request *r)
{
	const struct court_map *map = store_court_map(r->st);
	const struct vocab *v = store_vocab(r->st);

	page_html(r, "<section class=\"card\"><h2>");
	page_t(r, TX_COURTS);
	page_html(r, "</h2><div class=\"scroll\"><table class=\"list\"><thead><tr><th>");
	page_t(r, TX_CODE);
	page_html(r, "</th><th>");
	page_t(r, TX_LABEL_AR);
	page_html(r, "</th><th>");
	page_t(r, TX_LABEL_FR);
	page_html(r, "</th><th>");
	page_t(r, TX_DISTRICT);
	page_html(r, "</th><th>");
	page_t(r, TX_PERIOD);
	page_html(r, "</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < map->n; i++) {
		const struct court_term *t = &map->terms[i];
		page_html(r, "<tr><td><code>");
		page_text(r, t->code);
		page_html(r, "</code></td><td>");
		page_text(r, t->name_ar);
		page_html(r, "</td><td lang=\"fr\">");
		page_text(r, t->name_fr);
		page_html(r, "</td><td><code>");
		page_text(r, t->appeal_court[0] ? t->appeal_court : t->code);
		page_html(r, "</code></td><td>");
		if (t->valid_from != DATE_NONE)
			page_date(r, t->valid_from);
		page_html(r, " → ");
		if (t->valid_to != DATE_NONE)
			page_date(r, t->valid_to);
		page_html(r, "</td></tr>\n");
	}
	page_html(r, "</tbody></table></div></section>\n<section class=\"card\"><h2>");
	page_t(r, TX_VOCABULARY);
	page_html(r, "</h2><div class=\"scroll\"><table class=\"list\"><thead><tr><th>");
	page_t(r, TX_KIND);
	page_html(r, "</th><th>");
	page_t(r, TX_CODE);
	page_html(r, "</th><th>");
	page_t(r, TX_LABEL_AR);
	page_html(r, "</th><th>");
	page_t(r, TX_LABEL_FR);
	page_html(r, "</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < v->n; i++) {
		const struct vocab_entry *e = &v->entries[i];
		page_html(r, "<tr><td>");
		page_text(r, vocab_kind_name(e->kind));
		page_html(r, "</td><td><code>");
		page_text(r, e->code);
		page_html(r, "</code></td><td>");
		page_text(r, e->label_ar);
		page_html(r, "</td><td lang=\"fr\">");
		page_text(r, e->label_fr);
		page_html(r, "</td></tr>\n");
	}
	page_html(r, "</tbody></table></div></section>\n");
}

/*
 * A new TOTP secret, shown once: the QR code an authenticator app scans,
 * and beside it the secret and the URI as text for typing by hand. The
 * code is an inline <svg> (the CSP allows no inline style, and it has
 * none): qr_svg's output holds only numbers and fixed markup.
 */
static void enrolment(struct web_request *r, enum text_id what, const char *name, const char *secret)
{
	struct err err = ERR_INIT;
	char *uri = auth_otpauth_uri(name, secret);
	char *svg = NULL;

	if (uri && qr_svg(uri, 4, &svg, &err) != HIM_OK)
		fprintf(stderr, "himaya serve: QR code of %s: %s\n", name, err.msg);
	page_html(r, "<div class=\"notice ok enrolment\" role=\"status\"><p>");
	page_t(r, what);
	page_html(r, " <code>");
	page_text(r, name);
	page_html(r, "</code></p><div class=\"qr-pair\">");
	if (svg) {
		page_html(r, "<div class=\"qr\">");
		page_markup(r, svg);
		page_html(r, "</div>");
	}
	page_html(r, "<div><p class=\"secret\"><code dir=\"ltr\">");
	page_text(r, secret);
	page_html(r, "</code></p><p><code class=\"uri\" dir=\"ltr\">");
	page_text(r, uri ? uri : "");
	page_html(r, "</code></p><p class=\"muted\">");
	page_t(r, TX_QR_HINT);
	page_html(r, "</p></div></div></div>\n");
	free(svg);
	free(uri);
}

static void admin_page(struct web_request *r, const char *notice, const char *name, const char *secret,
		       enum text_id what)
{
	page_begin(r, TX_ADMIN, NULL, NAV_ADMIN);
	if (notice) {
		page_html(r, "<p class=\"notice error\" role=\"alert\">");
		page_text(r, notice);
		page_html(r, "</p>\n");
	}
	if (secret)
		enrolment(r, what, name, secret);
	users_section(r);
	reference_sections(r);
	page_end(r);
}

void web_admin(struct web_request *r)
{
	admin_page(r, NULL, NULL, NULL, TX_USER_ADDED);
}

void web_admin_user_add(struct web_request *r)
{
	const char *name = web_form(r, "name"), *role = web_form(r, "role"), *court = web_form(r, "court");
	const char *body = web_form(r, "body"), *unit = web_form(r, "unit"), *password = web_form(r, "password");
	struct err err = ERR_INIT;
	struct user u;
	char *secret = NULL;
	int rc;

	memset(&u, 0, sizeof(u));
	if (!name || !role || !password || !*name || strlen(name) >= USER_NAME_MAX || !user_role_parse(role, &u.role) ||
	    !web_field_clean(r, &r->form, "name", false, USER_NAME_MAX - 1) ||
	    !web_field_clean(r, &r->form, "unit", false, sizeof(u.unit) - 1) ||
	    !web_field_clean(r, &r->form, "password", false, 1024) ||
	    (court && *court && (strlen(court) >= CODE_MAX || !code_valid(court))) ||
	    (body && *body && (strlen(body) >= CODE_MAX || !code_valid(body)))) {
		r->resp.status = 422;
		admin_page(r, web_t(r, TX_FORM_ERRORS), NULL, NULL, TX_USER_ADDED);
		return;
	}
	memcpy(u.name, name, strlen(name) + 1);
	if (u.role == USER_APPEAL || u.role == USER_COURT)
		memcpy(u.court, court ? court : "", court ? strlen(court) + 1 : 1);
	if (u.role == USER_POLICE) {
		memcpy(u.body, body ? body : "", body ? strlen(body) + 1 : 1);
		memcpy(u.unit, unit ? unit : "", unit ? strlen(unit) + 1 : 1);
	}
	u.lang = LANG_AR;
	rc = auth_user_add(r->st, &u, password, &secret, &err);
	if (rc == HIM_OK) {
		admin_page(r, NULL, u.name, secret, TX_USER_ADDED);
	} else if (rc == HIM_EINPUT || rc == HIM_ECONFLICT) {
		r->resp.status = rc == HIM_ECONFLICT ? 409 : 422;
		admin_page(r, err.msg, NULL, NULL, TX_USER_ADDED);
	} else {
		web_internal_error(r, &err);
	}
	free(secret);
}

void web_admin_totp_reset(struct web_request *r)
{
	const char *name = web_form(r, "name");
	struct err err = ERR_INIT;
	char *secret = NULL;
	int rc;

	if (!name || !*name || !web_field_clean(r, &r->form, "name", false, USER_NAME_MAX - 1) ||
	    !web_form(r, "confirm")) {
		r->resp.status = 422;
		admin_page(r, web_t(r, TX_FORM_ERRORS), NULL, NULL, TX_USER_ADDED);
		return;
	}
	rc = auth_user_reset_totp(r->st, name, &secret, &err);
	if (rc == HIM_OK) {
		admin_page(r, NULL, name, secret, TX_TOTP_WAS_RESET);
	} else if (rc == HIM_ENOTFOUND || rc == HIM_EINPUT) {
		r->resp.status = rc == HIM_ENOTFOUND ? 404 : 422;
		admin_page(r, err.msg, NULL, NULL, TX_USER_ADDED);
	} else {
		web_internal_error(r, &err);
	}
	free(secret);
}
