/*
 * Unit tests of accounts and sessions (app/auth.h): roles and scopes,
 * Argon2id, TOTP against RFC 6238's vectors and its window, refusal of a
 * code used twice, lock-out with back-off on a controlled clock, idle and
 * absolute session expiry, logout and logout everywhere, tokens stored
 * only hashed, CSRF tokens per session and per database, the QR code.
 */
#include "storeutil.h"

#include <liboath/oath.h>
#include <sodium.h>
#include <sqlite3.h>
#include <unistd.h>

#include "app/auth.h"
#include "app/qr.h"
#include "core/account.h"
#include "store/store.h"

struct fx {
	struct test_db db;
};

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	test_db_open(&fx->db, "auth");
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;

	test_db_close(&fx->db);
	free(fx);
	return 0;
}

static const char PASSWORD[] = "a long pass phrase";
static const int64_t T0 = 1750000000; /* a fixed clock, on a step boundary + 10 s */

static char *add_user(struct fx *fx, const char *name, enum user_role role, const char *court)
{
	struct user u;
	struct err err = ERR_INIT;
	char *secret = NULL;

	memset(&u, 0, sizeof(u));
	snprintf(u.name, sizeof(u.name), "%s", name);
	u.role = role;
	snprintf(u.court, sizeof(u.court), "%s", court ? court : "");
	if (auth_user_add(fx->db.st, &u, PASSWORD, &secret, &err) != HIM_OK)
		fail_msg("user add: %s", err.msg);
	assert_non_null(secret);
	return secret;
}

/* The 6-digit code of secret (base32) at t, computed by liboath. */
static void code_at(const char *secret_b32, int64_t t, char out[7])
{
	char *raw = NULL;
	size_t len = 0;

	assert_int_equal(oath_base32_decode(secret_b32, strlen(secret_b32), &raw, &len), OATH_OK);
	assert_int_equal(oath_totp_generate(raw, len, (time_t)t, 30, 0, 6, out), OATH_OK);
	free(raw);
}

static int login(struct fx *fx, const char *name, const char *password, const char *secret, int64_t now,
		 char token[SESSION_TOKEN_HEX], struct err *err)
{
	struct auth_policy p;
	struct user u;
	char code[7];

	auth_policy_default(&p);
	p.now = now;
	code_at(secret, now, code);
	return auth_login(fx->db.st, &p, name, password, code, "192.0.2.7", token, &u, err);
}

static int session_at(struct fx *fx, const char *token, int64_t now, struct user *u)
{
	struct auth_policy p;
	struct err err = ERR_INIT;

	auth_policy_default(&p);
	p.now = now;
	return auth_session_user(fx->db.st, &p, token, u, &err);
}

/* --- roles and scopes ------------------------------------------------------- */

static void roles_and_scopes(void **state)
{
	struct user u;
	struct scope r, w;
	bool may_r, may_w;
	enum user_role role;

	(void)state;
	for (int i = USER_ADMIN; i <= USER_POLICE; i++) {
		assert_true(user_role_parse(user_role_name((enum user_role)i), &role));
		assert_int_equal(role, i);
	}
	assert_false(user_role_parse("root", &role));
	memset(&u, 0, sizeof(u));
	u.role = USER_ADMIN;
	auth_user_scopes(&u, &r, &may_r, &w, &may_w);
	assert_false(may_r);
	assert_false(may_w);
	u.role = USER_PRESIDENCY;
	auth_user_scopes(&u, &r, &may_r, &w, &may_w);
	assert_true(may_r);
	assert_false(may_w);
	assert_int_equal(r.kind, SCOPE_NATIONAL);
	u.role = USER_APPEAL;
	memcpy(u.court, "ca-rabat", 9);
	auth_user_scopes(&u, &r, &may_r, &w, &may_w);
	assert_true(may_r && may_w);
	assert_int_equal(r.kind, SCOPE_DISTRICT);
	assert_string_equal(r.code, "ca-rabat");
	assert_int_equal(w.kind, SCOPE_COURT);
	assert_string_equal(w.code, "ca-rabat");
	u.role = USER_COURT;
	memcpy(u.court, "tpi-sale", 9);
	auth_user_scopes(&u, &r, &may_r, &w, &may_w);
	assert_int_equal(r.kind, SCOPE_COURT);
	assert_int_equal(w.kind, SCOPE_COURT);
	assert_string_equal(r.code, "tpi-sale");
	u.role = USER_POLICE;
	u.court[0] = '\0';
	memcpy(u.body, "dgsn", 5);
	memcpy(u.unit, "BRPJ Salé", 11);
	auth_user_scopes(&u, &r, &may_r, &w, &may_w);
	assert_true(may_r && may_w);
	assert_int_equal(r.kind, SCOPE_UNIT);
	assert_string_equal(r.code, "dgsn");
	assert_string_equal(r.unit, "BRPJ Salé");
	/* A disabled user gets nothing, whatever the role. */
	u.disabled = true;
	auth_user_scopes(&u, &r, &may_r, &w, &may_w);
	assert_false(may_r || may_w);
}

static void user_add_checks_role_and_court(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	struct user u;
	char *secret = NULL;

	memset(&u, 0, sizeof(u));
	memcpy(u.name, "p1", 3);
	u.role = USER_APPEAL;
	memcpy(u.court, "tpi-sale", 9);
	assert_int_equal(auth_user_add(fx->db.st, &u, PASSWORD, &secret, &err), HIM_EINPUT);
	assert_non_null(strstr(err.msg, "Court of Appeal"));
	u.role = USER_COURT;
	memcpy(u.court, "ca-rabat", 9);
	assert_int_equal(auth_user_add(fx->db.st, &u, PASSWORD, &secret, &err), HIM_EINPUT);
	memcpy(u.court, "tpi-nowhere", 12);
	assert_int_equal(auth_user_add(fx->db.st, &u, PASSWORD, &secret, &err), HIM_EINPUT);
	assert_non_null(strstr(err.msg, "tpi-nowhere"));
	memcpy(u.court, "tpi-sale", 9);
	assert_int_equal(auth_user_add(fx->db.st, &u, "too short", &secret, &err), HIM_EINPUT);
	assert_non_null(strstr(err.msg, "12"));
	u.role = USER_POLICE;
	assert_int_equal(auth_user_add(fx->db.st, &u, PASSWORD, &secret, &err), HIM_EINPUT);
	u.court[0] = '\0';
	memcpy(u.body, "dgsn", 5);
	assert_int_equal(auth_user_add(fx->db.st, &u, PASSWORD, &secret, &err), HIM_EINPUT); /* no unit */
	memcpy(u.unit, "BRPJ", 5);
	assert_int_equal(auth_user_add(fx->db.st, &u, PASSWORD, &secret, &err), HIM_OK);
	assert_int_equal(strlen(secret), 32); /* 20 bytes in base32 */
	free(secret);
	secret = NULL;
	assert_int_equal(auth_user_add(fx->db.st, &u, PASSWORD, &secret, &err), HIM_ECONFLICT);
	assert_null(secret);
	memcpy(u.name, "Bad Name", 9);
	assert_int_equal(auth_user_add(fx->db.st, &u, PASSWORD, &secret, &err), HIM_EINPUT);
}

/* --- passwords ------------------------------------------------------------------- */

static void argon2id_round_trip(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	struct account a;
	char token[SESSION_TOKEN_HEX];
	char *secret;

	/* With the production cost: interactive limits, Argon2id. */
	unsetenv("HIMAYA_TEST_FAST_KDF");
	secret = add_user(fx, "alice", USER_COURT, "tpi-sale");
	setenv("HIMAYA_TEST_FAST_KDF", "1", 1);
	account_init(&a);
	assert_int_equal(store_account_get(fx->db.st, "alice", 0, &a, &err), HIM_OK);
	assert_non_null(strstr(a.password_hash, "$argon2id$v=19$m=65536,t=2,p=1$"));
	assert_null(strstr(a.password_hash, PASSWORD));
	assert_int_equal(crypto_pwhash_str_verify(a.password_hash, PASSWORD, strlen(PASSWORD)), 0);
	assert_int_not_equal(crypto_pwhash_str_verify(a.password_hash, "a long pass phrasE", 18), 0);
	account_release(&a);
	assert_int_equal(login(fx, "alice", PASSWORD, secret, T0, token, &err), HIM_OK);
	assert_int_equal(strlen(token), 64);
	/* Wrong password, unknown user: the same words, not which factor. */
	assert_int_equal(login(fx, "alice", "a long pass phrasE", secret, T0 + 30, token, &err), HIM_EFORBIDDEN);
	assert_string_equal(err.msg, "wrong name, password or code");
	assert_string_equal(token, "");
	assert_int_equal(login(fx, "nobody", PASSWORD, secret, T0 + 30, token, &err), HIM_EFORBIDDEN);
	assert_string_equal(err.msg, "wrong name, password or code");
	/* A new password works, the old one no longer does. */
	assert_int_equal(auth_user_passwd(fx->db.st, "alice", "another long phrase", &err), HIM_OK);
	assert_int_equal(login(fx, "alice", PASSWORD, secret, T0 + 60, token, &err), HIM_EFORBIDDEN);
	assert_int_equal(login(fx, "alice", "another long phrase", secret, T0 + 90, token, &err), HIM_OK);
	free(secret);
}

/* --- TOTP ------------------------------------------------------------------------ */

static void totp_rfc6238_vectors(void **state)
{
	/* RFC 6238 appendix B, SHA-1, secret "12345678901234567890". */
	static const struct { int64_t t; const char *otp8; } v[] = {
		{ 59, "94287082" }, { 1111111109, "07081804" }, { 1111111111, "14050471" },
		{ 1234567890, "89005924" }, { 2000000000, "69279037" }, { 20000000000, "65353130" },
	};
	const char *raw = "12345678901234567890";
	char *b32 = NULL, out[9];
	size_t len = 0;
	struct err err = ERR_INIT;
	int64_t step;

	(void)state;
	assert_int_equal(oath_init(), OATH_OK);
	assert_int_equal(oath_base32_encode(raw, 20, &b32, &len), OATH_OK);
	assert_string_equal(b32, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		assert_int_equal(oath_totp_generate(raw, 20, (time_t)v[i].t, 30, 0, 8, out), OATH_OK);
		assert_string_equal(out, v[i].otp8);
		/* Our check takes the last six digits, the codes apps show. */
		assert_int_equal(auth_totp_check(b32, v[i].otp8 + 2, v[i].t, &step, &err), HIM_OK);
		assert_int_equal(step, v[i].t / 30);
	}
	assert_int_equal(auth_totp_check(b32, "287083", 59, &step, &err), HIM_EFORBIDDEN);
	assert_int_equal(auth_totp_check(b32, "28708", 59, &step, &err), HIM_EFORBIDDEN);
	assert_int_equal(auth_totp_check(b32, "28708x", 59, &step, &err), HIM_EFORBIDDEN);
	free(b32);
}

static void totp_window_is_one_step(void **state)
{
	const char *b32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
	struct err err = ERR_INIT;
	char code[7];
	int64_t step;

	(void)state;
	code_at(b32, T0 - 30, code);
	assert_int_equal(auth_totp_check(b32, code, T0, &step, &err), HIM_OK);
	assert_int_equal(step, T0 / 30 - 1);
	code_at(b32, T0 + 30, code);
	assert_int_equal(auth_totp_check(b32, code, T0, &step, &err), HIM_OK);
	assert_int_equal(step, T0 / 30 + 1);
	code_at(b32, T0 - 60, code);
	assert_int_equal(auth_totp_check(b32, code, T0, &step, &err), HIM_EFORBIDDEN);
	code_at(b32, T0 + 60, code);
	assert_int_equal(auth_totp_check(b32, code, T0, &step, &err), HIM_EFORBIDDEN);
}

static void totp_code_is_used_once(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	char token[SESSION_TOKEN_HEX];
	char *secret = add_user(fx, "bob", USER_COURT, "tpi-sale");

	assert_int_equal(login(fx, "bob", PASSWORD, secret, T0, token, &err), HIM_OK);
	/* The same code, seconds later (same step): refused. */
	assert_int_equal(login(fx, "bob", PASSWORD, secret, T0 + 5, token, &err), HIM_EFORBIDDEN);
	/* The previous step's code, still in the window: refused too. */
	{
		struct auth_policy p;
		struct user u;
		char code[7];
		auth_policy_default(&p);
		p.now = T0 + 30;
		code_at(secret, T0, code);
		assert_int_equal(auth_login(fx->db.st, &p, "bob", PASSWORD, code, NULL, token, &u, &err), HIM_EFORBIDDEN);
	}
	/* The next step's code: accepted. */
	assert_int_equal(login(fx, "bob", PASSWORD, secret, T0 + 30, token, &err), HIM_OK);
	/* After a reset, the old secret's codes no longer work. */
	{
		char *fresh = NULL;
		assert_int_equal(auth_user_reset_totp(fx->db.st, "bob", &fresh, &err), HIM_OK);
		assert_string_not_equal(fresh, secret);
		assert_int_equal(login(fx, "bob", PASSWORD, secret, T0 + 90, token, &err), HIM_EFORBIDDEN);
		assert_int_equal(login(fx, "bob", PASSWORD, fresh, T0 + 120, token, &err), HIM_OK);
		free(fresh);
	}
	free(secret);
}

/* --- lock-out -------------------------------------------------------------------- */

static void lockout_with_back_off(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	char token[SESSION_TOKEN_HEX];
	char *secret = add_user(fx, "carol", USER_COURT, "tpi-sale");
	int64_t t = T0;

	for (int i = 0; i < 5; i++, t += 30)
		assert_int_equal(login(fx, "carol", "wrong but long enough", secret, t, token, &err), HIM_EFORBIDDEN);
	/* Locked for a minute from the fifth failure: even the right
	 * password and code are refused, and the message says to wait. */
	assert_int_equal(login(fx, "carol", PASSWORD, secret, t, token, &err), HIM_EFORBIDDEN);
	assert_non_null(strstr(err.msg, "try again in 1 minute"));
	t = T0 + 4 * 30 + 60; /* the lock's end */
	assert_int_equal(login(fx, "carol", "wrong but long enough", secret, t, token, &err), HIM_EFORBIDDEN);
	/* The sixth failure locks for two minutes. */
	assert_int_equal(login(fx, "carol", PASSWORD, secret, t + 90, token, &err), HIM_EFORBIDDEN);
	assert_non_null(strstr(err.msg, "try again in 1 minute"));
	assert_int_equal(login(fx, "carol", PASSWORD, secret, t + 120, token, &err), HIM_OK);
	/* Success resets the count: one failure does not lock again. */
	assert_int_equal(login(fx, "carol", "wrong but long enough", secret, t + 150, token, &err), HIM_EFORBIDDEN);
	assert_int_equal(login(fx, "carol", PASSWORD, secret, t + 180, token, &err), HIM_OK);
	free(secret);
}

static void core_back_off_rule(void **state)
{
	(void)state;
	assert_int_equal(account_lockout_seconds(4, 5), 0);
	assert_int_equal(account_lockout_seconds(5, 5), 60);
	assert_int_equal(account_lockout_seconds(6, 5), 120);
	assert_int_equal(account_lockout_seconds(7, 5), 240);
	assert_int_equal(account_lockout_seconds(50, 5), 3600);
	assert_true(account_name_valid("a.b-c_9"));
	assert_false(account_name_valid("-a"));
	assert_false(account_name_valid("Ali"));
	assert_false(account_name_valid(""));
}

/* --- sessions -------------------------------------------------------------------- */

static void session_idle_and_absolute_expiry(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	char token[SESSION_TOKEN_HEX];
	char *secret = add_user(fx, "dan", USER_COURT, "tpi-sale");
	struct user u;
	int64_t t;

	assert_int_equal(login(fx, "dan", PASSWORD, secret, T0, token, &err), HIM_OK);
	assert_int_equal(session_at(fx, token, T0 + 29 * 60, &u), HIM_OK);
	assert_string_equal(u.name, "dan");
	assert_string_equal(u.court, "tpi-sale");
	/* Idle: 30 minutes after the last use it is gone, for good. */
	assert_int_equal(session_at(fx, token, T0 + 29 * 60 + 30 * 60, &u), HIM_ENOTFOUND);
	assert_int_equal(session_at(fx, token, T0 + 29 * 60 + 1, &u), HIM_ENOTFOUND);
	/* Absolute: used every 20 minutes, it still ends after 12 hours. */
	assert_int_equal(login(fx, "dan", PASSWORD, secret, T0 + 3600, token, &err), HIM_OK);
	for (t = T0 + 3600; t < T0 + 3600 + 12 * 3600; t += 20 * 60)
		assert_int_equal(session_at(fx, token, t, &u), HIM_OK);
	assert_int_equal(session_at(fx, token, T0 + 3600 + 12 * 3600, &u), HIM_ENOTFOUND);
	/* Malformed tokens are simply unknown. */
	assert_int_equal(session_at(fx, "abc", T0, &u), HIM_ENOTFOUND);
	assert_int_equal(session_at(fx, NULL, T0, &u), HIM_ENOTFOUND);
	free(secret);
}

static void logout_and_logout_everywhere(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	char a[SESSION_TOKEN_HEX], b[SESSION_TOKEN_HEX], c[SESSION_TOKEN_HEX];
	char *secret = add_user(fx, "erin", USER_COURT, "tpi-sale");
	struct user u;

	assert_int_equal(login(fx, "erin", PASSWORD, secret, T0, a, &err), HIM_OK);
	assert_int_equal(login(fx, "erin", PASSWORD, secret, T0 + 30, b, &err), HIM_OK);
	assert_int_equal(login(fx, "erin", PASSWORD, secret, T0 + 60, c, &err), HIM_OK);
	assert_string_not_equal(a, b);
	assert_int_equal(auth_logout(fx->db.st, a, false, &err), HIM_OK);
	assert_int_equal(session_at(fx, a, T0 + 90, &u), HIM_ENOTFOUND);
	assert_int_equal(session_at(fx, b, T0 + 90, &u), HIM_OK);
	assert_int_equal(auth_logout(fx->db.st, b, true, &err), HIM_OK);
	assert_int_equal(session_at(fx, b, T0 + 90, &u), HIM_ENOTFOUND);
	assert_int_equal(session_at(fx, c, T0 + 90, &u), HIM_ENOTFOUND);
	/* Logging out twice is harmless. */
	assert_int_equal(auth_logout(fx->db.st, b, true, &err), HIM_OK);
	/* Disabling ends sessions and refuses logins. */
	assert_int_equal(login(fx, "erin", PASSWORD, secret, T0 + 120, a, &err), HIM_OK);
	assert_int_equal(auth_user_disable(fx->db.st, "erin", true, &err), HIM_OK);
	assert_int_equal(session_at(fx, a, T0 + 130, &u), HIM_ENOTFOUND);
	assert_int_equal(login(fx, "erin", PASSWORD, secret, T0 + 150, a, &err), HIM_EFORBIDDEN);
	assert_int_equal(auth_user_disable(fx->db.st, "erin", false, &err), HIM_OK);
	assert_int_equal(login(fx, "erin", PASSWORD, secret, T0 + 180, a, &err), HIM_OK);
	free(secret);
}

static int find_token(void *ctx, int n, char **values, char **names)
{
	const char *token = ctx;

	(void)names;
	for (int i = 0; i < n; i++)
		if (values[i] && strstr(values[i], token))
			fail_msg("the raw session token is stored in the database");
	return 0;
}

/* The same check on PostgreSQL: every value of every row of query. The
 * query must return at least the one session (or audit entry) made. */
static void pg_find_token(const char *url, const char *query, const char *token)
{
	PGconn *c = PQconnectdb(url);
	PGresult *r;

	if (PQstatus(c) != CONNECTION_OK)
		fail_msg("%s: %s", url, PQerrorMessage(c));
	r = PQexec(c, query);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		fail_msg("%s: %s", query, PQerrorMessage(c));
	assert_true(PQntuples(r) > 0);
	for (int i = 0; i < PQntuples(r); i++)
		for (int j = 0; j < PQnfields(r); j++)
			if (strstr(PQgetvalue(r, i, j), token))
				fail_msg("the raw session token is stored in the database");
	PQclear(r);
	PQfinish(c);
}

static void token_stored_only_hashed(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	char token[SESSION_TOKEN_HEX], hash[65];
	unsigned char digest[32];
	char *secret = add_user(fx, "fay", USER_COURT, "tpi-sale");
	sqlite3 *db;
	struct session_row s;

	assert_int_equal(login(fx, "fay", PASSWORD, secret, T0, token, &err), HIM_OK);
	if (test_db_is_pg()) {
		pg_find_token(fx->db.path, "SELECT * FROM sessions", token);
		pg_find_token(fx->db.path, "SELECT * FROM audit", token);
	} else {
		assert_int_equal(sqlite3_open(fx->db.path, &db), SQLITE_OK);
		assert_int_equal(sqlite3_exec(db, "SELECT * FROM sessions", find_token, token, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_exec(db, "SELECT * FROM audit", find_token, token, NULL), SQLITE_OK);
		sqlite3_close(db);
	}
	crypto_hash_sha256(digest, (const unsigned char *)token, 64);
	sodium_bin2hex(hash, sizeof(hash), digest, sizeof(digest));
	assert_int_equal(store_session_get(fx->db.st, hash, &s, &err), HIM_OK);
	assert_int_equal(s.expires, T0 + 12 * 3600);
	assert_string_equal(s.client, "192.0.2.7");
	free(secret);
}

static void csrf_per_session_and_database(void **state)
{
	struct fx *fx = *state, other;
	struct err err = ERR_INIT;
	char a[SESSION_TOKEN_HEX], b[SESSION_TOKEN_HEX];
	char ca[SESSION_TOKEN_HEX], cb[SESSION_TOKEN_HEX], ca2[SESSION_TOKEN_HEX], co[SESSION_TOKEN_HEX];
	char *secret = add_user(fx, "gus", USER_COURT, "tpi-sale");
	struct user u;
	void *op = &other;

	assert_int_equal(login(fx, "gus", PASSWORD, secret, T0, a, &err), HIM_OK);
	assert_int_equal(login(fx, "gus", PASSWORD, secret, T0 + 30, b, &err), HIM_OK);
	assert_int_equal(auth_csrf_token_for(fx->db.st, a, ca, &err), HIM_OK);
	assert_int_equal(auth_csrf_token_for(fx->db.st, b, cb, &err), HIM_OK);
	assert_int_equal(strlen(ca), 64);
	assert_string_not_equal(ca, cb);
	assert_string_not_equal(ca, a);
	/* The store-less form, after the session was loaded on this thread. */
	assert_int_equal(session_at(fx, a, T0 + 40, &u), HIM_OK);
	auth_csrf_token(a, ca2);
	assert_string_equal(ca, ca2);
	/* Another database has another secret: the same token gives another
	 * CSRF token. */
	setup(&op);
	{
		struct fx *o = op;
		assert_int_equal(auth_csrf_token_for(o->db.st, a, co, &err), HIM_OK);
		assert_string_not_equal(ca, co);
		teardown(&op);
	}
	free(secret);
}

static void api_tokens(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	struct auth_policy p;
	char api[SESSION_TOKEN_HEX], web[SESSION_TOKEN_HEX];
	char *secret = add_user(fx, "ivy", USER_COURT, "tpi-sale");
	struct user u;

	auth_policy_default(&p);
	p.now = T0;
	assert_int_equal(auth_api_token_create(fx->db.st, &p, "ivy", 30, "stats-script", api, &err), HIM_OK);
	assert_int_equal(strlen(api), 64);
	assert_int_equal(login(fx, "ivy", PASSWORD, secret, T0, web, &err), HIM_OK);
	/* No idle timeout for a program, but an expiry. */
	p.now = T0 + 5 * 3600;
	assert_int_equal(auth_api_token_user(fx->db.st, &p, api, &u, &err), HIM_OK);
	assert_string_equal(u.name, "ivy");
	p.now = T0 + 29 * 86400;
	assert_int_equal(auth_api_token_user(fx->db.st, &p, api, &u, &err), HIM_OK);
	/* Each kind of token only where it belongs. */
	assert_int_equal(auth_session_user(fx->db.st, &p, api, &u, &err), HIM_ENOTFOUND);
	p.now = T0 + 60;
	assert_int_equal(auth_api_token_user(fx->db.st, &p, web, &u, &err), HIM_ENOTFOUND);
	assert_int_equal(auth_session_user(fx->db.st, &p, web, &u, &err), HIM_OK);
	p.now = T0 + 30 * 86400;
	assert_int_equal(auth_api_token_user(fx->db.st, &p, api, &u, &err), HIM_ENOTFOUND);
	/* Refused: bad lengths and labels, unknown users. */
	p.now = T0;
	assert_int_equal(auth_api_token_create(fx->db.st, &p, "ivy", 0, NULL, api, &err), HIM_EINPUT);
	assert_int_equal(auth_api_token_create(fx->db.st, &p, "ivy", 400, NULL, api, &err), HIM_EINPUT);
	assert_int_equal(auth_api_token_create(fx->db.st, &p, "ivy", 30, "<script>", api, &err), HIM_EINPUT);
	assert_int_equal(auth_api_token_create(fx->db.st, &p, "nobody", 30, NULL, api, &err), HIM_ENOTFOUND);
	/* A new password revokes API tokens too. */
	assert_int_equal(auth_api_token_create(fx->db.st, &p, "ivy", 30, NULL, api, &err), HIM_OK);
	assert_int_equal(auth_user_passwd(fx->db.st, "ivy", "another long phrase", &err), HIM_OK);
	assert_int_equal(auth_api_token_user(fx->db.st, &p, api, &u, &err), HIM_ENOTFOUND);
	free(secret);
}

/* --- the rest -------------------------------------------------------------------- */

struct actions {
	int n;
	char a[8][32];
	char detail[8][128];
};

static int collect_actions(const struct audit_entry *e, void *ctx)
{
	struct actions *got = ctx;

	if (got->n < 8) {
		snprintf(got->a[got->n], 32, "%s", e->action);
		snprintf(got->detail[got->n], 128, "%s", e->detail);
	}
	got->n++;
	return 0;
}

static void logins_are_audited(void **state)
{
	struct fx *fx = *state;
	struct actions got;
	struct audit_filter f;
	struct err err = ERR_INIT;
	char token[SESSION_TOKEN_HEX];
	char *secret = add_user(fx, "hal", USER_COURT, "tpi-sale");
	int64_t bad = -1;

	assert_int_equal(login(fx, "hal", "wrong but long enough", secret, T0, token, &err), HIM_EFORBIDDEN);
	assert_int_equal(login(fx, "hal", PASSWORD, secret, T0 + 30, token, &err), HIM_OK);
	assert_int_equal(auth_logout(fx->db.st, token, false, &err), HIM_OK);
	assert_int_equal(audit_append(fx->db.st, "hal", "export", "table:court:tpi-sale:2022", "xlsx", &err), HIM_OK);
	memset(&got, 0, sizeof(got));
	memset(&f, 0, sizeof(f));
	f.actor = "hal";
	assert_int_equal(store_audit_list(fx->db.st, &f, collect_actions, &got, &err), HIM_OK);
	assert_int_equal(got.n, 4);
	assert_string_equal(got.a[0], "login_failed");
	assert_string_equal(got.a[1], "login");
	assert_string_equal(got.a[2], "logout");
	assert_string_equal(got.a[3], "export");
	assert_non_null(strstr(got.detail[0], "wrong password"));
	assert_non_null(strstr(got.detail[0], "192.0.2.7"));
	assert_null(strstr(got.detail[0], "wrong but long enough")); /* never the password */
	assert_int_equal(store_audit_verify(fx->db.st, &bad, NULL, &err), HIM_OK);
	assert_int_equal(bad, 0);
	free(secret);
}

static void otpauth_uri_and_qr(void **state)
{
	struct err err = ERR_INIT;
	char *uri = auth_otpauth_uri("alice", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
	char *svg = NULL, *term = NULL;

	(void)state;
	assert_string_equal(uri, "otpauth://totp/Himaya:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
				 "&issuer=Himaya&algorithm=SHA1&digits=6&period=30");
	assert_int_equal(qr_svg(uri, 4, &svg, &err), HIM_OK);
	assert_true(strncmp(svg, "<svg ", 5) == 0);
	assert_non_null(strstr(svg, "</svg>"));
	/* No byte of the text gets into the markup. */
	assert_null(strstr(svg, "alice"));
	assert_null(strstr(svg, "GEZD"));
	assert_int_equal(qr_terminal(uri, &term, &err), HIM_OK);
	assert_non_null(strstr(term, "\xe2\x96\x88"));
	free(svg);
	assert_int_not_equal(qr_svg("", 4, &svg, &err), HIM_OK);
	assert_null(svg);
	free(uri);
	free(term);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(roles_and_scopes),
		cmocka_unit_test_setup_teardown(user_add_checks_role_and_court, setup, teardown),
		cmocka_unit_test_setup_teardown(argon2id_round_trip, setup, teardown),
		cmocka_unit_test(totp_rfc6238_vectors),
		cmocka_unit_test(totp_window_is_one_step),
		cmocka_unit_test_setup_teardown(totp_code_is_used_once, setup, teardown),
		cmocka_unit_test_setup_teardown(lockout_with_back_off, setup, teardown),
		cmocka_unit_test(core_back_off_rule),
		cmocka_unit_test_setup_teardown(session_idle_and_absolute_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(logout_and_logout_everywhere, setup, teardown),
		cmocka_unit_test_setup_teardown(token_stored_only_hashed, setup, teardown),
		cmocka_unit_test_setup_teardown(csrf_per_session_and_database, setup, teardown),
		cmocka_unit_test_setup_teardown(api_tokens, setup, teardown),
		cmocka_unit_test_setup_teardown(logins_are_audited, setup, teardown),
		cmocka_unit_test(otpauth_uri_and_qr),
	};
	int rc;

	/* The sanitized build's fast Argon2 setting (see auth.c); one test
	 * checks the production cost explicitly. */
	setenv("HIMAYA_TEST_FAST_KDF", "1", 1);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	return rc;
}
