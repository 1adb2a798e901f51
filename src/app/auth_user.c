/*
 * auth_user.c - the administration of accounts: adding a user (checked
 * against the judicial map and the password policy), changing its
 * password, disabling it, re-enrolling its TOTP, its language; listing
 * users; the otpauth:// URI an authenticator app enrols from. Each change
 * is audited by the store in the transaction that makes it.
 */
#include "auth_internal.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/account.h"
#include "../lib/strbuf.h"
#include "../lib/utf8.h"
#include "../lib/banned.h"

/* The court, body and unit a role needs, and nothing it does not. */
static int check_placement(struct store *st, const struct user *u, struct err *err)
{
	const struct court_term *t;
	bool needs_court = u->role == USER_APPEAL || u->role == USER_COURT;
	bool police = u->role == USER_POLICE;

	if (needs_court && !u->court[0])
		return err_set(err, HIM_EINPUT, "a %s user needs --court (the %s)", user_role_name(u->role),
			       u->role == USER_APPEAL ? "Court of Appeal" : "First Instance Court");
	if (!needs_court && u->court[0])
		return err_set(err, HIM_EINPUT, "a %s user has no court ('%s' given)", user_role_name(u->role),
			       u->court);
	if (needs_court) {
		if (!store_has_reference(st))
			return err_set(err, HIM_EUSAGE, "the database has no judicial map: run 'himaya init' first");
		t = court_map_latest(store_court_map(st), u->court);
		if (!t)
			return err_set(err, HIM_EINPUT, "court '%s' is not in the judicial map", u->court);
		if (u->role == USER_APPEAL && t->kind != COURT_APPEAL)
			return err_set(err, HIM_EINPUT, "an appeal user needs a Court of Appeal; '%s' is a First Instance Court",
				       u->court);
		if (u->role == USER_COURT && t->kind != COURT_FIRST)
			return err_set(err, HIM_EINPUT, "a court user needs a First Instance Court; '%s' is a Court of Appeal",
				       u->court);
	}
	if (police) {
		if (!u->body[0] || !u->unit[0])
			return err_set(err, HIM_EINPUT, "a police user needs --body (the investigating body) and --unit");
		if (!store_has_reference(st))
			return err_set(err, HIM_EUSAGE, "the database has no vocabulary: run 'himaya init' first");
		if (!vocab_find(store_vocab(st), VOCAB_BODY, u->body))
			return err_set(err, HIM_EINPUT, "'%s' is not an investigating body of the vocabulary", u->body);
		if (!utf8_text_ok(u->unit, false))
			return err_set(err, HIM_EINPUT, "the unit's name is not valid UTF-8 text");
	} else if (u->body[0] || u->unit[0]) {
		return err_set(err, HIM_EINPUT, "only a police user has a body and a unit");
	}
	return HIM_OK;
}

int auth_user_add(struct store *st, const struct user *u, const char *password,
		  char **totp_secret_b32, struct err *err)
{
	struct account a;
	char *secret = NULL;
	int rc;

	*totp_secret_b32 = NULL;
	if (!account_name_valid(u->name))
		return err_set(err, HIM_EINPUT,
			       "'%s' is not a user name: 1 to 63 of a-z, 0-9, '.', '_', '-', starting with a letter or digit",
			       utf8_text_ok(u->name, false) ? u->name : "?");
	if ((unsigned)u->role > USER_POLICE)
		return err_set(err, HIM_EINPUT, "unknown role");
	if ((rc = check_placement(st, u, err)) != HIM_OK)
		return rc;
	if ((rc = account_password_check(password, err)) != HIM_OK)
		return rc;
	account_init(&a);
	snprintf(a.name, sizeof(a.name), "%s", u->name);
	snprintf(a.role, sizeof(a.role), "%s", user_role_name(u->role));
	snprintf(a.court, sizeof(a.court), "%s", u->court);
	snprintf(a.body, sizeof(a.body), "%s", u->body);
	snprintf(a.unit, sizeof(a.unit), "%s", u->unit);
	snprintf(a.lang, sizeof(a.lang), "%s", lang_name(u->lang == LANG_FR ? LANG_FR : LANG_AR));
	a.disabled = u->disabled;
	rc = auth_password_hash(password, &a.password_hash, err);
	if (rc == HIM_OK)
		rc = auth_totp_new_secret(&secret, err);
	if (rc == HIM_OK) {
		a.totp_secret = xstrdup(secret);
		rc = store_account_add(st, &a, err);
	}
	account_release(&a);
	if (rc == HIM_OK)
		*totp_secret_b32 = secret;
	else
		free(secret);
	return rc;
}

int auth_user_passwd(struct store *st, const char *name, const char *password, struct err *err)
{
	struct account_change c = { NULL, NULL, NULL, -1, false };
	char *hash = NULL;
	int rc;

	if ((rc = account_password_check(password, err)) != HIM_OK)
		return rc;
	if ((rc = auth_password_hash(password, &hash, err)) != HIM_OK)
		return rc;
	c.password_hash = hash;
	rc = store_account_change(st, name, &c, "user_passwd", "password changed; sessions ended, lock cleared", err);
	free(hash);
	return rc;
}

int auth_user_disable(struct store *st, const char *name, bool disabled, struct err *err)
{
	struct account_change c = { NULL, NULL, NULL, disabled ? 1 : 0, disabled };

	return store_account_change(st, name, &c, disabled ? "user_disable" : "user_enable", NULL, err);
}

int auth_user_reset_totp(struct store *st, const char *name, char **totp_secret_b32, struct err *err)
{
	struct account_change c = { NULL, NULL, NULL, -1, true };
	char *secret = NULL;
	int rc;

	*totp_secret_b32 = NULL;
	if ((rc = auth_totp_new_secret(&secret, err)) != HIM_OK)
		return rc;
	c.totp_secret = secret;
	rc = store_account_change(st, name, &c, "user_reset_totp", "new TOTP secret; sessions ended", err);
	if (rc == HIM_OK)
		*totp_secret_b32 = secret;
	else
		free(secret);
	return rc;
}

int auth_user_set_lang(struct store *st, int64_t user_id, enum lang lang, struct err *err)
{
	struct account_change c = { NULL, NULL, NULL, -1, false };
	struct account a;
	int rc;

	account_init(&a);
	if ((rc = store_account_get(st, NULL, user_id, &a, err)) == HIM_OK) {
		c.lang = lang_name(lang);
		rc = store_account_change(st, a.name, &c, "user_lang", c.lang, err);
	}
	account_release(&a);
	return rc;
}

int auth_user_get(struct store *st, const char *name, struct user *out, struct err *err)
{
	struct account a;
	int rc;

	account_init(&a);
	rc = store_account_get(st, name, 0, &a, err);
	if (rc == HIM_OK && !auth_user_from_account(&a, out))
		rc = err_set(err, HIM_EDB, "user '%s' has an unknown role '%s'", a.name, a.role);
	account_release(&a);
	return rc;
}

struct each_ctx {
	auth_user_fn fn;
	void *ctx;
};

static int each_one(const struct account *a, void *ctx)
{
	struct each_ctx *e = ctx;
	struct user u;

	if (!auth_user_from_account(a, &u))
		return 0; /* a role this build does not know is not listed */
	return e->fn(&u, e->ctx);
}

int auth_user_each(struct store *st, auth_user_fn fn, void *ctx, struct err *err)
{
	struct each_ctx e = { fn, ctx };

	return store_account_each(st, each_one, &e, err);
}

/* Percent-encoding of a URI label: the name is [a-z0-9._-] already, the
 * secret base32; encoded anyway so the function is safe for any input. */
static void uri_escape(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
		    c == '.' || c == '_' || c == '~')
			strbuf_addch(sb, (char)c);
		else
			strbuf_addf(sb, "%%%02X", c);
	}
}

char *auth_otpauth_uri(const char *name, const char *secret_b32)
{
	struct strbuf sb = STRBUF_INIT;

	/* Authenticator apps want the secret without '=' padding. */
	struct strbuf secret = STRBUF_INIT;
	for (const char *p = secret_b32; *p && *p != '='; p++)
		strbuf_addch(&secret, *p);
	strbuf_adds(&sb, "otpauth://totp/Himaya:");
	uri_escape(&sb, name);
	strbuf_adds(&sb, "?secret=");
	uri_escape(&sb, secret.buf);
	strbuf_adds(&sb, "&issuer=Himaya&algorithm=SHA1&digits=6&period=30");
	strbuf_release(&secret);
	return strbuf_detach(&sb, NULL);
}
