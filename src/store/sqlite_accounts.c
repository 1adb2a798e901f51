/*
 * sqlite_accounts.c - the SQLite primitives of users, sessions and server
 * secrets (003_accounts.sql). The flows and their audit entries are in
 * store_accounts.c; nothing here opens or commits a transaction.
 */
#include "sqlite_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/banned.h"

static void copy_text(char *out, size_t size, sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	size_t n = t ? strlen((const char *)t) : 0;

	if (n >= size)
		n = size - 1;
	if (n)
		memcpy(out, t, n);
	out[n] = '\0';
}

static int step_done(struct store *st, sqlite3_stmt *s, const char *what, struct err *err)
{
	int rc = sqlite3_step(s) == SQLITE_DONE ? HIM_OK : sq_error(st, err, what);

	sqlite3_finalize(s);
	return rc;
}

int sq_account_insert(struct store *st, struct account *a, const char *now, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	rc = sq_prepare(st, &s,
			"INSERT INTO users (name, role, court, body, unit, lang, password_hash, totp_secret,"
			" totp_last_step, disabled, failed_count, locked_until, created_at, updated_at)"
			" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", err);
	if (rc != HIM_OK)
		return rc;
	sq_bind_text(s, 1, a->name);
	sq_bind_text(s, 2, a->role);
	sq_bind_text(s, 3, a->court);
	sq_bind_text(s, 4, a->body);
	sq_bind_text(s, 5, a->unit);
	sq_bind_text(s, 6, a->lang[0] ? a->lang : "ar");
	sq_bind_text(s, 7, a->password_hash);
	sq_bind_text(s, 8, a->totp_secret);
	sqlite3_bind_int64(s, 9, a->totp_last_step);
	sqlite3_bind_int(s, 10, a->disabled);
	sqlite3_bind_int64(s, 11, a->failed_count);
	sqlite3_bind_int64(s, 12, a->locked_until);
	sq_bind_text(s, 13, now);
	sq_bind_text(s, 14, now);
	if (sqlite3_step(s) != SQLITE_DONE) {
		rc = sq_error(st, err, "adding a user");
		if (rc == HIM_ECONFLICT)
			err_set(err, HIM_ECONFLICT, "a user named '%s' already exists", a->name);
		sqlite3_finalize(s);
		return rc;
	}
	sqlite3_finalize(s);
	a->id = sqlite3_last_insert_rowid(sq_db(st));
	return HIM_OK;
}

#define ACCOUNT_COLUMNS "id, name, role, court, body, unit, lang, totp_last_step, disabled, failed_count," \
	" locked_until, password_hash, totp_secret"

/* The account in ACCOUNT_COLUMNS' order from column c on. */
static void account_row(sqlite3_stmt *s, int c, bool secrets, struct account *a)
{
	a->id = sqlite3_column_int64(s, c);
	copy_text(a->name, sizeof(a->name), s, c + 1);
	copy_text(a->role, sizeof(a->role), s, c + 2);
	copy_text(a->court, sizeof(a->court), s, c + 3);
	copy_text(a->body, sizeof(a->body), s, c + 4);
	copy_text(a->unit, sizeof(a->unit), s, c + 5);
	copy_text(a->lang, sizeof(a->lang), s, c + 6);
	a->totp_last_step = sqlite3_column_int64(s, c + 7);
	a->disabled = sqlite3_column_int(s, c + 8) != 0;
	a->failed_count = sqlite3_column_int64(s, c + 9);
	a->locked_until = sqlite3_column_int64(s, c + 10);
	free(a->password_hash);
	free(a->totp_secret);
	a->password_hash = secrets ? sq_col_dup(s, c + 11) : NULL;
	a->totp_secret = secrets ? sq_col_dup(s, c + 12) : NULL;
}

int sq_account_read(struct store *st, const char *name, int64_t id, bool secrets, struct account *out,
		    struct err *err)
{
	sqlite3_stmt *s;
	int rc, step;

	rc = sq_prepare(st, &s, name ? "SELECT " ACCOUNT_COLUMNS " FROM users WHERE name = ?"
				     : "SELECT " ACCOUNT_COLUMNS " FROM users WHERE id = ?", err);
	if (rc != HIM_OK)
		return rc;
	if (name)
		sq_bind_text(s, 1, name);
	else
		sqlite3_bind_int64(s, 1, id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		account_row(s, 0, secrets, out);
		rc = HIM_OK;
	} else if (step == SQLITE_DONE) {
		rc = name ? err_set(err, HIM_ENOTFOUND, "no user named '%s'", name)
			  : err_set(err, HIM_ENOTFOUND, "no user with id %lld", (long long)id);
	} else {
		rc = sq_error(st, err, "reading a user");
	}
	sqlite3_finalize(s);
	return rc;
}

int sq_account_write(struct store *st, const struct account *a, const char *now, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	rc = sq_prepare(st, &s,
			"UPDATE users SET lang = ?, password_hash = coalesce(?, password_hash),"
			" totp_secret = coalesce(?, totp_secret), totp_last_step = ?, disabled = ?,"
			" failed_count = ?, locked_until = ?, updated_at = coalesce(?, updated_at) WHERE id = ?", err);
	if (rc != HIM_OK)
		return rc;
	sq_bind_text(s, 1, a->lang);
	sq_bind_text(s, 2, a->password_hash);
	sq_bind_text(s, 3, a->totp_secret);
	sqlite3_bind_int64(s, 4, a->totp_last_step);
	sqlite3_bind_int(s, 5, a->disabled);
	sqlite3_bind_int64(s, 6, a->failed_count);
	sqlite3_bind_int64(s, 7, a->locked_until);
	sq_bind_text(s, 8, now);
	sqlite3_bind_int64(s, 9, a->id);
	return step_done(st, s, "updating a user", err);
}

int sq_account_each(struct store *st, store_account_fn fn, void *ctx, struct err *err)
{
	struct account a;
	sqlite3_stmt *s;
	int rc, step;

	if ((rc = sq_prepare(st, &s, "SELECT " ACCOUNT_COLUMNS " FROM users ORDER BY name", err)) != HIM_OK)
		return rc;
	account_init(&a);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		account_row(s, 0, false, &a);
		if ((rc = fn(&a, ctx)) != 0)
			break;
	}
	if (rc == HIM_OK && step != SQLITE_DONE)
		rc = sq_error(st, err, "listing users");
	account_release(&a);
	sqlite3_finalize(s);
	return rc;
}

int sq_session_insert(struct store *st, const struct session_row *r, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	rc = sq_prepare(st, &s, "INSERT INTO sessions (token_hash, user_id, created, last_used, expires, client, kind)"
				" VALUES (?, ?, ?, ?, ?, ?, ?)", err);
	if (rc != HIM_OK)
		return rc;
	sq_bind_text(s, 1, r->token_hash);
	sqlite3_bind_int64(s, 2, r->user_id);
	sqlite3_bind_int64(s, 3, r->created);
	sqlite3_bind_int64(s, 4, r->last_used);
	sqlite3_bind_int64(s, 5, r->expires);
	sq_bind_text(s, 6, r->client);
	sq_bind_text(s, 7, strcmp(r->kind, "api") == 0 ? "api" : "web");
	return step_done(st, s, "creating a session", err);
}

int sq_session_read(struct store *st, const char *token_hash, struct session_row *out, struct account *user,
		    struct err *err)
{
	sqlite3_stmt *s;
	int rc, step;

	rc = sq_prepare(st, &s, user ? "SELECT s.token_hash, s.user_id, s.created, s.last_used, s.expires, s.client,"
				       " s.kind, u.id, u.name, u.role, u.court, u.body, u.unit, u.lang,"
				       " u.totp_last_step, u.disabled, u.failed_count, u.locked_until"
				       " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?"
				     : "SELECT token_hash, user_id, created, last_used, expires, client, kind FROM sessions"
				       " WHERE token_hash = ?", err);
	if (rc != HIM_OK)
		return rc;
	sq_bind_text(s, 1, token_hash);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		copy_text(out->token_hash, sizeof(out->token_hash), s, 0);
		out->user_id = sqlite3_column_int64(s, 1);
		out->created = sqlite3_column_int64(s, 2);
		out->last_used = sqlite3_column_int64(s, 3);
		out->expires = sqlite3_column_int64(s, 4);
		copy_text(out->client, sizeof(out->client), s, 5);
		copy_text(out->kind, sizeof(out->kind), s, 6);
		if (user)
			account_row(s, 7, false, user);
		rc = HIM_OK;
	} else if (step == SQLITE_DONE) {
		rc = err_set(err, HIM_ENOTFOUND, "no such session");
	} else {
		rc = sq_error(st, err, "reading a session");
	}
	sqlite3_finalize(s);
	return rc;
}

int sq_session_touch(struct store *st, const char *token_hash, int64_t now, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = sq_prepare(st, &s, "UPDATE sessions SET last_used = ? WHERE token_hash = ?", err)) != HIM_OK)
		return rc;
	sqlite3_bind_int64(s, 1, now);
	sq_bind_text(s, 2, token_hash);
	return step_done(st, s, "updating a session", err);
}

int sq_session_delete(struct store *st, const char *token_hash, int64_t user_id, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	rc = sq_prepare(st, &s, token_hash ? "DELETE FROM sessions WHERE token_hash = ?"
					   : "DELETE FROM sessions WHERE user_id = ?", err);
	if (rc != HIM_OK)
		return rc;
	if (token_hash)
		sq_bind_text(s, 1, token_hash);
	else
		sqlite3_bind_int64(s, 1, user_id);
	return step_done(st, s, "ending sessions", err);
}

int sq_secret_ensure(struct store *st, const char *name, const unsigned char *candidate, size_t len,
		     unsigned char *out, struct err *err)
{
	sqlite3_stmt *s;
	int rc, step;

	/* INSERT OR IGNORE then read: whoever inserted first wins, and every
	 * process reads the same value. Without a candidate, only read. */
	if (candidate) {
		rc = sq_prepare(st, &s, "INSERT OR IGNORE INTO server_secrets (name, value) VALUES (?, ?)", err);
		if (rc != HIM_OK)
			return rc;
		sq_bind_text(s, 1, name);
		sqlite3_bind_blob(s, 2, candidate, (int)len, SQLITE_TRANSIENT);
		if ((rc = step_done(st, s, "storing a server secret", err)) != HIM_OK)
			return rc;
	}
	if ((rc = sq_prepare(st, &s, "SELECT value FROM server_secrets WHERE name = ?", err)) != HIM_OK)
		return rc;
	sq_bind_text(s, 1, name);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW && (size_t)sqlite3_column_bytes(s, 0) == len) {
		memcpy(out, sqlite3_column_blob(s, 0), len);
		rc = HIM_OK;
	} else if (step == SQLITE_ROW) {
		rc = err_set(err, HIM_EDB, "server secret '%s' has %d bytes, not %zu", name,
			     sqlite3_column_bytes(s, 0), len);
	} else if (step == SQLITE_DONE) {
		rc = err_set(err, HIM_ENOTFOUND, "no server secret '%s' yet", name);
	} else {
		rc = sq_error(st, err, "reading a server secret");
	}
	sqlite3_finalize(s);
	return rc;
}
