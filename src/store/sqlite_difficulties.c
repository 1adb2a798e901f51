/*
 * sqlite_difficulties.c - the SQLite primitives of the difficulties
 * (store_difficulties.c holds the flow and the audit).
 */
#include "sqlite_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

int sq_difficulty_insert(struct store *st, struct difficulty *d, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = sq_prepare(st, &s, "INSERT INTO difficulties (court, district, title, body, author, created_at)"
			     " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", err)) != HIM_OK)
		return rc;
	sq_bind_text(s, 1, d->court);
	sq_bind_text(s, 2, d->district);
	sq_bind_text(s, 3, d->title);
	sq_bind_text(s, 4, d->body);
	sq_bind_text(s, 5, d->author);
	sq_bind_text(s, 6, d->created_at);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = sq_error(st, err, "recording a difficulty");
	else
		d->id = sqlite3_last_insert_rowid(sq_db(st));
	sqlite3_finalize(s);
	return rc;
}

static enum difficulty_status status_parse(const char *s)
{
	if (s && strcmp(s, "answered") == 0)
		return DIFFICULTY_ANSWERED;
	if (s && strcmp(s, "closed") == 0)
		return DIFFICULTY_CLOSED;
	return DIFFICULTY_OPEN;
}

int sq_difficulty_list(struct store *st, const struct scope *scope, int64_t id, struct difficulty_list *out,
		       struct err *err)
{
	sqlite3_stmt *s;
	int rc, step;

	/* ?1 the scope's kind, ?2 its code, ?3 one id or 0. */
	if ((rc = sq_prepare(st, &s, "SELECT id, court, district, title, body, author, created_at, status,"
			     " answer, answered_by, answered_at FROM difficulties"
			     " WHERE (?1 = 'national' OR (?1 = 'district' AND district = ?2)"
			     "        OR (?1 = 'court' AND court = ?2))"
			     "   AND (?3 = 0 OR id = ?3)"
			     " ORDER BY id DESC LIMIT 1000", err)) != HIM_OK)
		return rc;
	sq_bind_text(s, 1, scope->kind == SCOPE_NATIONAL ? "national" : scope->kind == SCOPE_DISTRICT ? "district"
			   : scope->kind == SCOPE_COURT ? "court" : "none");
	sq_bind_text(s, 2, scope->code);
	sqlite3_bind_int64(s, 3, id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct difficulty *d = difficulty_list_push(out);
		d->id = sqlite3_column_int64(s, 0);
		sq_col_code(s, 1, d->court);
		sq_col_code(s, 2, d->district);
		d->title = sq_col_dup(s, 3);
		d->body = sq_col_dup(s, 4);
		d->author = sq_col_dup(s, 5);
		d->created_at = sq_col_dup(s, 6);
		d->status = status_parse((const char *)sqlite3_column_text(s, 7));
		d->answer = sq_col_dup(s, 8);
		d->answered_by = sq_col_dup(s, 9);
		d->answered_at = sq_col_dup(s, 10);
	}
	if (step != SQLITE_DONE)
		rc = sq_error(st, err, "reading difficulties");
	sqlite3_finalize(s);
	return rc;
}

int sq_difficulty_update(struct store *st, int64_t id, const char *answer, const char *by, const char *now,
			 enum difficulty_status status, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = sq_prepare(st, &s, "UPDATE difficulties SET status = ?2,"
			     " answer = coalesce(?3, answer),"
			     " answered_by = CASE WHEN ?3 IS NULL THEN answered_by ELSE ?4 END,"
			     " answered_at = CASE WHEN ?3 IS NULL THEN answered_at ELSE ?5 END,"
			     " closed_at = CASE WHEN ?2 = 'closed' THEN ?5 ELSE closed_at END"
			     " WHERE id = ?1", err)) != HIM_OK)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	sq_bind_text(s, 2, difficulty_status_name(status));
	sq_bind_text(s, 3, answer);
	sq_bind_text(s, 4, by);
	sq_bind_text(s, 5, now);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = sq_error(st, err, "updating a difficulty");
	else if (sqlite3_changes(sq_db(st)) == 0)
		rc = err_set(err, HIM_ENOTFOUND, "no difficulty %lld", (long long)id);
	sqlite3_finalize(s);
	return rc;
}
