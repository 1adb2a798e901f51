/*
 * auth_session.c - logging in (password, TOTP, lock-out), sessions (idle
 * and absolute timeouts, logout, logout everywhere) and CSRF tokens.
 *
 * A refused login says "wrong name, password or code" whatever was wrong,
 * so the form does not tell a guesser which factor it got right; the
 * audit log records the real reason. The Argon2id check runs even for an
 * unknown name (against a dummy hash), so timing does not tell either.
 * A locked account is refused before the password is checked: a guesser
 * cannot use the lock period to keep trying.
 */
#include "auth_internal.h"

#include <liboath/oath.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/banned.h"

#define TOTP_STEP 30
#define TOTP_DIGITS 6
#define TOTP_WINDOW 1
/* last_used is written at most this often: a page view need not take the
 * database's write lock; the idle timeout is exact to within it. */
#define SESSION_TOUCH_SECONDS 60

#define CSRF_SECRET_NAME "csrf"
#define CSRF_KEY_BYTES crypto_auth_hmacsha256_KEYBYTES

static const char refused[] = "wrong name, password or code";

/* --- TOTP ----------------------------------------------------------------- */

int auth_totp_check(const char *secret_b32, const char *code, int64_t now, int64_t *step,
		    struct err *err)
{
	char *secret = NULL;
	size_t len = 0;
	int pos = 0, rc;

	if ((rc = auth_libs_init(err)) != HIM_OK)
		return rc;
	if (!code || strlen(code) != TOTP_DIGITS || strspn(code, "0123456789") != TOTP_DIGITS)
		return err_set(err, HIM_EFORBIDDEN, "the code must be %d digits", TOTP_DIGITS);
	if (!secret_b32 || oath_base32_decode(secret_b32, strlen(secret_b32), &secret, &len) != OATH_OK)
		return err_set(err, HIM_EDB, "the stored TOTP secret is not base32");
	rc = oath_totp_validate2(secret, len, (time_t)now, TOTP_STEP, 0, TOTP_WINDOW, &pos, code);
	sodium_memzero(secret, len);
	free(secret);
	if (rc < 0)
		return err_set(err, HIM_EFORBIDDEN, "the code is not valid now");
	*step = now / TOTP_STEP + pos;
	return HIM_OK;
}

/* --- tokens ----------------------------------------------------------------- */

static void token_hash(const char *token, char out[65])
{
	unsigned char digest[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(digest, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, 65, digest, sizeof(digest));
}

static bool token_well_formed(const char *token)
{
	return token && strlen(token) == SESSION_TOKEN_HEX - 1 &&
	       strspn(token, "0123456789abcdef") == SESSION_TOKEN_HEX - 1;
}

/*
 * The CSRF key of the database this thread last authenticated against.
 * The web server gives each request thread its own store, and calls
 * auth_session_user then auth_csrf_token on that thread; a thread-local
 * copy keeps auth_csrf_token's signature free of a store.
 */
static _Thread_local unsigned char thread_key[CSRF_KEY_BYTES];
static _Thread_local bool thread_key_set;
static unsigned char process_key[CSRF_KEY_BYTES];
static pthread_once_t process_key_once = PTHREAD_ONCE_INIT;

static void process_key_init(void)
{
	randombytes_buf(process_key, sizeof(process_key));
}

static int csrf_key_load(struct store *st, unsigned char key[CSRF_KEY_BYTES], struct err *err)
{
	unsigned char candidate[CSRF_KEY_BYTES];
	int rc;

	randombytes_buf(candidate, sizeof(candidate));
	rc = store_secret_get(st, CSRF_SECRET_NAME, candidate, sizeof(candidate), key, err);
	sodium_memzero(candidate, sizeof(candidate));
	if (rc == HIM_OK) {
		memcpy(thread_key, key, CSRF_KEY_BYTES);
		thread_key_set = true;
	}
	return rc;
}

static void csrf_compute(const unsigned char key[CSRF_KEY_BYTES], const char *token, char out[SESSION_TOKEN_HEX])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];

	crypto_auth_hmacsha256(mac, (const unsigned char *)token, strlen(token), key);
	sodium_bin2hex(out, SESSION_TOKEN_HEX, mac, sizeof(mac));
}

void auth_csrf_token(const char *session_token, char out[SESSION_TOKEN_HEX])
{
	struct err err = ERR_INIT;

	if (auth_libs_init(&err) != HIM_OK) {
		out[0] = '\0';
		return;
	}
	if (!thread_key_set)
		pthread_once(&process_key_once, process_key_init);
	csrf_compute(thread_key_set ? thread_key : process_key, session_token ? session_token : "", out);
}

int auth_csrf_token_for(struct store *st, const char *session_token, char out[SESSION_TOKEN_HEX],
			struct err *err)
{
	unsigned char key[CSRF_KEY_BYTES];
	int rc;

	if ((rc = auth_libs_init(err)) != HIM_OK || (rc = csrf_key_load(st, key, err)) != HIM_OK)
		return rc;
	csrf_compute(key, session_token ? session_token : "", out);
	sodium_memzero(key, sizeof(key));
	return HIM_OK;
}

/* --- login -------------------------------------------------------------------- */

/* A hash to verify against when the name is unknown, so that a refusal
 * takes as long either way. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_init(void)
{
	char pw[33], *h = NULL;
	struct err err = ERR_INIT;

	randombytes_buf(pw, sizeof(pw) - 1);
	for (size_t i = 0; i < sizeof(pw) - 1; i++)
		pw[i] = (char)('a' + (unsigned char)pw[i] % 26);
	pw[sizeof(pw) - 1] = '\0';
	if (auth_password_hash(pw, &h, &err) == HIM_OK) {
		snprintf(dummy_hash, sizeof(dummy_hash), "%s", h);
		free(h);
	}
}

static int refuse(struct store *st, const struct auth_policy *p, const struct account *a, const char *name,
		  const char *why, const char *client, int64_t now, struct err *err)
{
	struct err audit_err = ERR_INIT;
	int rc = store_login_failed(st, a ? a->id : 0, name, now, p->lock_after, why, client, NULL, &audit_err);

	if (rc != HIM_OK)
		return err_set(err, rc, "%s", audit_err.msg);
	return err_set(err, HIM_EFORBIDDEN, "%s", refused);
}

int auth_login(struct store *st, const struct auth_policy *p, const char *name,
	       const char *password, const char *totp_code, const char *client,
	       char token[SESSION_TOKEN_HEX], struct user *out, struct err *err)
{
	unsigned char raw[32];
	unsigned char key[CSRF_KEY_BYTES];
	struct session_row s;
	struct account a;
	struct err inner = ERR_INIT;
	int64_t now = auth_policy_now(p), step = 0;
	char client_text[64] = "";
	int rc;

	token[0] = '\0';
	if ((rc = auth_libs_init(err)) != HIM_OK)
		return rc;
	if (client)
		snprintf(client_text, sizeof(client_text), "%s", client);
	if (!name || !password || !totp_code || strlen(name) >= USER_NAME_MAX || strlen(password) > 1024)
		return refuse(st, p, NULL, NULL, "malformed request", client_text, now, err);

	account_init(&a);
	rc = store_account_get(st, name, 0, &a, &inner);
	if (rc == HIM_ENOTFOUND) {
		pthread_once(&dummy_once, dummy_init);
		if (crypto_pwhash_str_verify(dummy_hash, password, strlen(password)) == 0)
			account_init(&a); /* cannot match: the dummy password is random */
		account_release(&a);
		return refuse(st, p, NULL, name, "unknown user", client_text, now, err);
	}
	if (rc != HIM_OK) {
		account_release(&a);
		return err_set(err, rc, "%s", inner.msg);
	}
	if (a.disabled) {
		rc = refuse(st, p, &a, name, "account disabled", client_text, now, err);
		goto out;
	}
	if (a.locked_until > now) {
		/* Not counted as a failure: the lock would otherwise grow with
		 * every attempt a guesser makes during it. Audited, though. */
		struct strbuf why = STRBUF_INIT, object = STRBUF_INIT;
		strbuf_addf(&why, "locked for %lld s more", (long long)(a.locked_until - now));
		if (client_text[0])
			strbuf_addf(&why, "; client %s", client_text);
		strbuf_addf(&object, "user:%s", a.name);
		rc = audit_append(st, a.name, "login_locked", object.buf, why.buf, err);
		strbuf_release(&why);
		strbuf_release(&object);
		if (rc == HIM_OK)
			rc = err_set(err, HIM_EFORBIDDEN, "too many failed attempts: try again in %lld minute(s)",
				     (long long)((a.locked_until - now + 59) / 60));
		goto out;
	}
	if (crypto_pwhash_str_verify(a.password_hash, password, strlen(password)) != 0) {
		rc = refuse(st, p, &a, name, "wrong password", client_text, now, err);
		goto out;
	}
	if (auth_totp_check(a.totp_secret, totp_code, now, &step, &inner) != HIM_OK) {
		rc = refuse(st, p, &a, name, inner.code == HIM_EFORBIDDEN ? "wrong TOTP code" : inner.msg,
			    client_text, now, err);
		goto out;
	}

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(token, SESSION_TOKEN_HEX, raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
	memset(&s, 0, sizeof(s));
	token_hash(token, s.token_hash);
	s.user_id = a.id;
	s.created = s.last_used = now;
	s.expires = now + (int64_t)p->absolute_minutes * 60;
	snprintf(s.client, sizeof(s.client), "%s", client_text);
	rc = store_login_ok(st, &s, step, &inner);
	if (rc == HIM_ECONFLICT) {
		rc = refuse(st, p, &a, name, "TOTP code used again", client_text, now, err);
		goto out;
	}
	if (rc != HIM_OK) {
		rc = err_set(err, rc, "%s", inner.msg);
		goto out;
	}
	if (out && !auth_user_from_account(&a, out)) {
		rc = err_set(err, HIM_EDB, "user '%s' has an unknown role '%s'", a.name, a.role);
		goto out;
	}
	if ((rc = csrf_key_load(st, key, err)) != HIM_OK)
		goto out;
	sodium_memzero(key, sizeof(key));
out:
	if (rc != HIM_OK)
		sodium_memzero(token, SESSION_TOKEN_HEX);
	account_release(&a);
	return rc;
}

/* --- sessions ------------------------------------------------------------------ */

/* The user of a token of kind api (an API token) or not (a browser's
 * session): each works only where it belongs, so a long-lived API token
 * cannot stand in for a session cookie and skip the idle timeout. */
static int token_user(struct store *st, const struct auth_policy *p, const char *token, bool api,
		      struct user *out, struct err *err)
{
	unsigned char key[CSRF_KEY_BYTES];
	struct session_row s;
	struct account a;
	struct err inner = ERR_INIT;
	int64_t now = auth_policy_now(p);
	char hash[65];
	int rc;

	if ((rc = auth_libs_init(err)) != HIM_OK)
		return rc;
	if (!token_well_formed(token))
		return err_set(err, HIM_ENOTFOUND, "no such session");
	token_hash(token, hash);
	account_init(&a);
	rc = store_session_user_get(st, hash, &s, &a, err);
	if (rc == HIM_OK && (strcmp(s.kind, "api") == 0) != api)
		rc = err_set(err, HIM_ENOTFOUND, "no such session");
	if (rc == HIM_OK && (now >= s.expires || (!api && (now >= s.created + (int64_t)p->absolute_minutes * 60 ||
							   now - s.last_used >= (int64_t)p->idle_minutes * 60)))) {
		rc = store_session_expire(st, hash, &inner);
		rc = rc != HIM_OK ? err_set(err, rc, "%s", inner.msg)
				  : err_set(err, HIM_ENOTFOUND, "the session has expired: sign in again");
	}
	if (rc != HIM_OK) {
		account_release(&a);
		return rc;
	}
	if (a.disabled) {
		store_session_expire(st, hash, &inner);
		rc = err_set(err, HIM_ENOTFOUND, "the account is disabled");
	}
	if (rc == HIM_OK && !auth_user_from_account(&a, out))
		rc = err_set(err, HIM_EDB, "user '%s' has an unknown role '%s'", a.name, a.role);
	if (rc == HIM_OK && now - s.last_used >= SESSION_TOUCH_SECONDS)
		rc = store_session_touch(st, hash, now, err);
	if (rc == HIM_OK)
		rc = csrf_key_load(st, key, err);
	sodium_memzero(key, sizeof(key));
	account_release(&a);
	return rc;
}

int auth_session_user(struct store *st, const struct auth_policy *p, const char *token,
		      struct user *out, struct err *err)
{
	return token_user(st, p, token, false, out, err);
}

int auth_api_token_user(struct store *st, const struct auth_policy *p, const char *token,
			struct user *out, struct err *err)
{
	return token_user(st, p, token, true, out, err);
}

int auth_api_token_create(struct store *st, const struct auth_policy *p, const char *name, int days,
			  const char *label, char token[SESSION_TOKEN_HEX], struct err *err)
{
	unsigned char raw[32];
	struct session_row s;
	struct account a;
	int64_t now = auth_policy_now(p);
	int rc;

	token[0] = '\0';
	if ((rc = auth_libs_init(err)) != HIM_OK)
		return rc;
	if (days < 1 || days > 366)
		return err_set(err, HIM_EINPUT, "an API token lasts 1 to 366 days (%d asked)", days);
	if (label && (strlen(label) >= sizeof(s.client) || strspn(label, "abcdefghijklmnopqrstuvwxyz"
								    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != strlen(label)))
		return err_set(err, HIM_EINPUT, "a token's label is up to %zu of A-Z, a-z, 0-9, '.', '_', '-'",
			       sizeof(s.client) - 1);
	account_init(&a);
	rc = store_account_get(st, name, 0, &a, err);
	if (rc == HIM_OK) {
		memset(&s, 0, sizeof(s));
		randombytes_buf(raw, sizeof(raw));
		sodium_bin2hex(token, SESSION_TOKEN_HEX, raw, sizeof(raw));
		sodium_memzero(raw, sizeof(raw));
		token_hash(token, s.token_hash);
		memcpy(s.kind, "api", 4);
		s.user_id = a.id;
		s.created = s.last_used = now;
		s.expires = now + (int64_t)days * 86400;
		snprintf(s.client, sizeof(s.client), "%s", label ? label : "");
		rc = store_api_token_add(st, &s, err);
	}
	if (rc != HIM_OK)
		sodium_memzero(token, SESSION_TOKEN_HEX);
	account_release(&a);
	return rc;
}

int auth_logout(struct store *st, const char *token, bool everywhere, struct err *err)
{
	char hash[65];
	int rc;

	if ((rc = auth_libs_init(err)) != HIM_OK)
		return rc;
	if (!token_well_formed(token))
		return HIM_OK; /* nothing to end */
	token_hash(token, hash);
	return store_session_end(st, hash, everywhere, err);
}
