/*
 * pg_accounts.c - the PostgreSQL primitives of users, sessions and server
 * secrets (migrations/pg/003_accounts.sql); the twin of sqlite_accounts.c.
 * The flows and their audit entries are in store_accounts.c; nothing here
 * opens or commits a transaction.
 *
 * PostgreSQL: disabled is a boolean, created/updated stamps timestamptz,
 * the server secrets bytea (sent and read in binary, no escaping). Every
 * lookup is by a unique key (users.name, users.id, sessions.token_hash,
 * server_secrets.name), so each is one index probe; ending every session
 * of a user uses sessions_user. Sessions live in the database, not in a
 * process: every node of a cluster sees a login or a logout at once.
 * A failed statement aborts the whole transaction on PostgreSQL, so the
 * secret is stored with ON CONFLICT DO NOTHING (never "insert and ignore
 * the error") and two processes racing still agree on one value.
 */
#include "pg_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

static void copy_text(char *out, size_t size, const PGresult *res, int r, int c)
{
	const char *t = PQgetisnull(res, r, c) ? "" : PQgetvalue(res, r, c);
	size_t n = strlen(t);

	if (n >= size)
		n = size - 1;
	memcpy(out, t, n);
	out[n] = '\0';
}

int pg_account_insert(struct store *st, struct account *a, const char *now, struct err *err)
{
	static const char sql[] =
		"INSERT INTO users (name, role, court, body, unit, lang, password_hash, totp_secret,"
		" totp_last_step, disabled, failed_count, locked_until, created_at, updated_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id";
	struct pg_params p;
	PGresult *res;
	int rc;

	pg_params_init(&p);
	pg_param_text(&p, a->name);
	pg_param_text(&p, a->role);
	pg_param_text(&p, a->court);
	pg_param_text(&p, a->body);
	pg_param_text(&p, a->unit);
	pg_param_text(&p, a->lang[0] ? a->lang : "ar");
	pg_param_text(&p, a->password_hash);
	pg_param_text(&p, a->totp_secret);
	pg_param_int(&p, a->totp_last_step);
	pg_param_bool(&p, a->disabled);
	pg_param_int(&p, a->failed_count);
	pg_param_int(&p, a->locked_until);
	pg_param_text(&p, now);
	rc = pg_query(st, sql, &p, &res, "adding a user", err);
	if (rc != HIM_OK) {
		/* The name's uniqueness is the one constraint a caller's input
		 * can break (role and lang are checked before): say so, as
		 * SQLite's twin does. */
		if (rc == HIM_ECONFLICT)
			err_set(err, HIM_ECONFLICT, "a user named '%s' already exists", a->name);
		return rc;
	}
	a->id = pg_col_int(res, 0, 0);
	PQclear(res);
	return HIM_OK;
}

#define ACCOUNT_COLUMNS "id, name, role, court, body, unit, lang, totp_last_step, disabled, failed_count," \
	" locked_until, password_hash, totp_secret"

/* The account in ACCOUNT_COLUMNS' order from column c of row r on. */
static void account_row(const PGresult *res, int r, int c, bool secrets, struct account *a)
{
	a->id = pg_col_int(res, r, c);
	copy_text(a->name, sizeof(a->name), res, r, c + 1);
	copy_text(a->role, sizeof(a->role), res, r, c + 2);
	copy_text(a->court, sizeof(a->court), res, r, c + 3);
	copy_text(a->body, sizeof(a->body), res, r, c + 4);
	copy_text(a->unit, sizeof(a->unit), res, r, c + 5);
	copy_text(a->lang, sizeof(a->lang), res, r, c + 6);
	a->totp_last_step = pg_col_int(res, r, c + 7);
	a->disabled = pg_col_bool(res, r, c + 8);
	a->failed_count = pg_col_int(res, r, c + 9);
	a->locked_until = pg_col_int(res, r, c + 10);
	free(a->password_hash);
	free(a->totp_secret);
	a->password_hash = secrets ? pg_col_dup(res, r, c + 11) : NULL;
	a->totp_secret = secrets ? pg_col_dup(res, r, c + 12) : NULL;
}

int pg_account_read(struct store *st, const char *name, int64_t id, bool secrets, struct account *out,
		    struct err *err)
{
	static const char by_name[] = "SELECT " ACCOUNT_COLUMNS " FROM users WHERE name = $1";
	static const char by_id[] = "SELECT " ACCOUNT_COLUMNS " FROM users WHERE id = $1";
	struct pg_params p;
	PGresult *res;
	int rc;

	pg_params_init(&p);
	if (name)
		pg_param_text(&p, name);
	else
		pg_param_int(&p, id);
	if ((rc = pg_query(st, name ? by_name : by_id, &p, &res, "reading a user", err)) != HIM_OK)
		return rc;
	if (PQntuples(res) > 0)
		account_row(res, 0, 0, secrets, out);
	else if (name)
		rc = err_set(err, HIM_ENOTFOUND, "no user named '%s'", name);
	else
		rc = err_set(err, HIM_ENOTFOUND, "no user with id %lld", (long long)id);
	PQclear(res);
	return rc;
}

int pg_account_write(struct store *st, const struct account *a, const char *now, struct err *err)
{
	static const char sql[] =
		"UPDATE users SET lang = $1, password_hash = coalesce($2, password_hash),"
		" totp_secret = coalesce($3, totp_secret), totp_last_step = $4, disabled = $5,"
		" failed_count = $6, locked_until = $7, updated_at = coalesce($8, updated_at) WHERE id = $9";
	struct pg_params p;

	pg_params_init(&p);
	pg_param_text(&p, a->lang);
	pg_param_text(&p, a->password_hash);
	pg_param_text(&p, a->totp_secret);
	pg_param_int(&p, a->totp_last_step);
	pg_param_bool(&p, a->disabled);
	pg_param_int(&p, a->failed_count);
	pg_param_int(&p, a->locked_until);
	pg_param_text(&p, now);
	pg_param_int(&p, a->id);
	return pg_query(st, sql, &p, NULL, "updating a user", err);
}

int pg_account_each(struct store *st, store_account_fn fn, void *ctx, struct err *err)
{
	/* COLLATE "C": byte order, as SQLite sorts, whatever the server's
	 * locale. There are a few hundred accounts at most: one result. */
	static const char sql[] = "SELECT " ACCOUNT_COLUMNS " FROM users ORDER BY name COLLATE \"C\"";
	struct account a;
	PGresult *res;
	int rc;

	if ((rc = pg_query(st, sql, NULL, &res, "listing users", err)) != HIM_OK)
		return rc;
	account_init(&a);
	for (int r = 0; r < PQntuples(res) && rc == HIM_OK; r++) {
		account_row(res, r, 0, false, &a);
		rc = fn(&a, ctx);
	}
	account_release(&a);
	PQclear(res);
	return rc;
}

int pg_session_insert(struct store *st, const struct session_row *r, struct err *err)
{
	static const char sql[] =
		"INSERT INTO sessions (token_hash, user_id, created, last_used, expires, client, kind)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7)";
	struct pg_params p;

	pg_params_init(&p);
	pg_param_text(&p, r->token_hash);
	pg_param_int(&p, r->user_id);
	pg_param_int(&p, r->created);
	pg_param_int(&p, r->last_used);
	pg_param_int(&p, r->expires);
	pg_param_text(&p, r->client);
	pg_param_text(&p, strcmp(r->kind, "api") == 0 ? "api" : "web");
	return pg_query(st, sql, &p, NULL, "creating a session", err);
}

int pg_session_read(struct store *st, const char *token_hash, struct session_row *out, struct account *user,
		    struct err *err)
{
	static const char sql[] = "SELECT token_hash, user_id, created, last_used, expires, client, kind"
				  " FROM sessions WHERE token_hash = $1";
	/* Every signed-in request asks for both: one round trip, not two. */
	static const char with_user[] =
		"SELECT s.token_hash, s.user_id, s.created, s.last_used, s.expires, s.client, s.kind,"
		" u.id, u.name, u.role, u.court, u.body, u.unit, u.lang, u.totp_last_step, u.disabled,"
		" u.failed_count, u.locked_until FROM sessions s JOIN users u ON u.id = s.user_id"
		" WHERE s.token_hash = $1";
	struct pg_params p;
	PGresult *res;
	int rc;

	pg_params_init(&p);
	pg_param_text(&p, token_hash);
	if ((rc = pg_query(st, user ? with_user : sql, &p, &res, "reading a session", err)) != HIM_OK)
		return rc;
	if (PQntuples(res) > 0) {
		copy_text(out->token_hash, sizeof(out->token_hash), res, 0, 0);
		out->user_id = pg_col_int(res, 0, 1);
		out->created = pg_col_int(res, 0, 2);
		out->last_used = pg_col_int(res, 0, 3);
		out->expires = pg_col_int(res, 0, 4);
		copy_text(out->client, sizeof(out->client), res, 0, 5);
		copy_text(out->kind, sizeof(out->kind), res, 0, 6);
		if (user)
			account_row(res, 0, 7, false, user);
	} else {
		rc = err_set(err, HIM_ENOTFOUND, "no such session");
	}
	PQclear(res);
	return rc;
}

int pg_session_touch(struct store *st, const char *token_hash, int64_t now, struct err *err)
{
	static const char sql[] = "UPDATE sessions SET last_used = $1 WHERE token_hash = $2";
	struct pg_params p;

	pg_params_init(&p);
	pg_param_int(&p, now);
	pg_param_text(&p, token_hash);
	return pg_query(st, sql, &p, NULL, "updating a session", err);
}

int pg_session_delete(struct store *st, const char *token_hash, int64_t user_id, struct err *err)
{
	static const char by_token[] = "DELETE FROM sessions WHERE token_hash = $1";
	static const char by_user[] = "DELETE FROM sessions WHERE user_id = $1";
	struct pg_params p;

	pg_params_init(&p);
	if (token_hash)
		pg_param_text(&p, token_hash);
	else
		pg_param_int(&p, user_id);
	return pg_query(st, token_hash ? by_token : by_user, &p, NULL, "ending sessions", err);
}

int pg_secret_ensure(struct store *st, const char *name, const unsigned char *candidate, size_t len,
		     unsigned char *out, struct err *err)
{
	static const char insert_sql[] = "INSERT INTO server_secrets (name, value) VALUES ($1, $2)"
					 " ON CONFLICT (name) DO NOTHING";
	static const char read_sql[] = "SELECT value FROM server_secrets WHERE name = $1";
	struct pg_params p;
	PGresult *res;
	size_t got;
	int rc;

	/* Insert unless there is one, then read: whoever inserted first wins,
	 * and every process reads the same value. Without a candidate, only
	 * read. */
	if (candidate) {
		pg_params_init(&p);
		pg_param_text(&p, name);
		pg_param_bytes(&p, candidate, len);
		if ((rc = pg_query(st, insert_sql, &p, NULL, "storing a server secret", err)) != HIM_OK)
			return rc;
	}
	pg_params_init(&p);
	pg_param_text(&p, name);
	/* The value comes back as bytea's hex text ("\x0a1b..."). */
	if ((rc = pg_query(st, read_sql, &p, &res, "reading a server secret", err)) != HIM_OK)
		return rc;
	if (PQntuples(res) == 0) {
		rc = err_set(err, HIM_ENOTFOUND, "no server secret '%s' yet", name);
	} else {
		unsigned char *bytes = PQunescapeBytea((const unsigned char *)PQgetvalue(res, 0, 0), &got);

		if (!bytes)
			rc = err_set(err, HIM_EDB, "server secret '%s' cannot be decoded", name);
		else if (got != len)
			rc = err_set(err, HIM_EDB, "server secret '%s' has %zu bytes, not %zu", name, got, len);
		else
			memcpy(out, bytes, len);
		PQfreemem(bytes);
	}
	PQclear(res);
	return rc;
}
