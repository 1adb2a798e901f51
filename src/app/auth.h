/*
 * auth.h - accounts, sessions and the audit log, as the front ends (the
 * web application, the CLI) use them.
 *
 * A user has one role and, with it, one scope: the Presidency reads the
 * whole country and writes no case; a Court of Appeal prosecutor reads its
 * district and writes its own court's cases; a First Instance prosecutor
 * reads and writes its court; a police analyst reads and writes the cases
 * its unit investigates; an administrator manages users and reference data
 * and reads no case data. The rules live in auth_user_scopes, so every
 * front end applies the same ones.
 *
 * Passwords are hashed with Argon2id (libsodium's crypto_pwhash_str); the
 * second factor is TOTP (RFC 6238, liboath), required for every role.
 * A session token is 256 random bits, shown to the client once as 64 hex
 * characters and stored only as its SHA-256, so a copy of the database
 * gives no session away.
 *
 * Every function returns HIM_OK or a negative HIM_E* code with err filled;
 * a refused login is HIM_EFORBIDDEN with a message that does not say which
 * factor was wrong.
 */
#ifndef HIMAYA_AUTH_H
#define HIMAYA_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/code.h"
#include "../core/scope.h"
#include "../lib/err.h"

struct store;

enum user_role {
	USER_ADMIN,
	USER_PRESIDENCY,
	USER_APPEAL, /* a Court of Appeal's prosecutor: court = that Court of Appeal */
	USER_COURT,  /* a First Instance Court's prosecutor: court = that court */
	USER_POLICE, /* a police analyst: body + unit */
};

const char *user_role_name(enum user_role role); /* "admin", "presidency", ... */
bool user_role_parse(const char *s, enum user_role *out);

#define USER_NAME_MAX 64
#define SESSION_TOKEN_HEX 65 /* 64 hex digits and a NUL */

struct user {
	int64_t id;
	char name[USER_NAME_MAX];
	enum user_role role;
	char court[CODE_MAX]; /* appeal, court: the court; "" otherwise */
	char body[CODE_MAX];  /* police: the investigating body code; "" otherwise */
	char unit[128];       /* police: the unit's name; "" otherwise */
	enum lang lang;       /* the interface language the user chose */
	bool disabled;
};

/*
 * What the user may read and write. A role that writes no case (presidency,
 * admin) gets *may_write false; admin also gets *may_read false.
 */
void auth_user_scopes(const struct user *u, struct scope *read, bool *may_read,
		      struct scope *write, bool *may_write);

/* --- accounts (administration, CLI `himaya user ...`) --- */

/*
 * Create a user; the password is hashed here. On success *totp_secret_b32
 * (caller frees) holds the new TOTP secret in base32, to be shown once with
 * auth_otpauth_uri.
 */
int auth_user_add(struct store *st, const struct user *u, const char *password,
		  char **totp_secret_b32, struct err *err);
int auth_user_passwd(struct store *st, const char *name, const char *password, struct err *err);
int auth_user_disable(struct store *st, const char *name, bool disabled, struct err *err);
int auth_user_reset_totp(struct store *st, const char *name, char **totp_secret_b32,
			 struct err *err);
int auth_user_set_lang(struct store *st, int64_t user_id, enum lang lang, struct err *err);
/* "otpauth://totp/Himaya:NAME?secret=...&issuer=Himaya" (caller frees). */
char *auth_otpauth_uri(const char *name, const char *secret_b32);

/* --- sessions --- */

struct auth_policy {
	int idle_minutes;      /* default 30 */
	int absolute_minutes;  /* default 12 hours */
	int lock_after;        /* failed attempts before lock-out, default 5 */
	int64_t now;           /* seconds since 1970 UTC; 0: the real clock (tests set it) */
};
void auth_policy_default(struct auth_policy *p);

/*
 * Check name, password and TOTP code; on success create a session and
 * write its token (hex) into token. Failed attempts lock the account with
 * a growing back-off; every attempt is audited with client (an IP, may be
 * NULL).
 */
int auth_login(struct store *st, const struct auth_policy *p, const char *name,
	       const char *password, const char *totp_code, const char *client,
	       char token[SESSION_TOKEN_HEX], struct user *out, struct err *err);

/* The user of a live session (idle and absolute timeouts checked, last use
 * updated); HIM_ENOTFOUND when the token is unknown or expired. */
int auth_session_user(struct store *st, const struct auth_policy *p, const char *token,
		      struct user *out, struct err *err);

/* A per-session secret for CSRF tokens (hex, derived from the token). */
void auth_csrf_token(const char *session_token, char out[SESSION_TOKEN_HEX]);

int auth_logout(struct store *st, const char *token, bool everywhere, struct err *err);

/* --- the audit log --- */

/*
 * Append an entry to the hash-chained audit log: actor (user name or
 * "system"), action ("login", "login_failed", "case_read", "case_write",
 * "export", ...), object ("case:42", "table:court:tpi-rabat:2022"), detail
 * (free text or NULL). Each entry holds the SHA-256 of the previous one.
 */
int audit_append(struct store *st, const char *actor, const char *action, const char *object,
		 const char *detail, struct err *err);

/* --- additions (accounts engineer) --- */

/* A user by name, without secrets; HIM_ENOTFOUND when there is none. */
int auth_user_get(struct store *st, const char *name, struct user *out, struct err *err);

/* Every user in name order (for the administration page and `user list`). */
typedef int (*auth_user_fn)(const struct user *u, void *ctx);
int auth_user_each(struct store *st, auth_user_fn fn, void *ctx, struct err *err);

/*
 * Check a TOTP code (6 digits, 30-second steps, RFC 6238 with HMAC-SHA1,
 * one step of clock drift either way) against a base32 secret at now;
 * *step receives the time step the code belongs to. HIM_EFORBIDDEN when
 * the code is wrong. Exposed for tests and for the enrolment page.
 */
int auth_totp_check(const char *secret_b32, const char *code, int64_t now, int64_t *step,
		    struct err *err);

/*
 * The CSRF token of a session: HMAC-SHA256 of the session token under this
 * database's secret (created at first use), so it cannot be computed by
 * anyone without the server's secret, differs per session and per
 * database. auth_csrf_token above gives the same value using the secret
 * this thread last loaded through auth_login or auth_session_user (call
 * it after one of them, as the web's request handling does); without
 * one it uses a per-process random key, which fails closed.
 */
int auth_csrf_token_for(struct store *st, const char *session_token, char out[SESSION_TOKEN_HEX],
			struct err *err);

/*
 * A per-user API token for the JSON API: 256 random bits, shown once as 64
 * hex digits (token), stored as its SHA-256 like a session, valid for days
 * (1 to 366) with no idle timeout; label (may be NULL) says what uses it.
 * Audited. It is revoked by auth_logout with it, and with every session of
 * its user by logout everywhere, a new password, a new TOTP secret or
 * disabling the account.
 */
int auth_api_token_create(struct store *st, const struct auth_policy *p, const char *name, int days,
			  const char *label, char token[SESSION_TOKEN_HEX], struct err *err);
/* The user of an API token; a browser session's token is not one (and an
 * API token is not a browser session for auth_session_user). */
int auth_api_token_user(struct store *st, const struct auth_policy *p, const char *token,
			struct user *out, struct err *err);

/* The UTC seconds the policy runs at (p->now, or the real clock). */
int64_t auth_policy_now(const struct auth_policy *p);

#endif
