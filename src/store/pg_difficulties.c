/*
 * pg_difficulties.c - the PostgreSQL primitives of the difficulties
 * (store_difficulties.c holds the flow and the audit); the twin of
 * sqlite_difficulties.c.
 *
 * PostgreSQL: instants are timestamptz, given back by pg_col_time in the
 * store's "YYYY-MM-DDTHH:MM:SSZ" form. The list has one statement per
 * kind of scope instead of SQLite's one statement with OR-ed conditions:
 * a prepared statement's generic plan cannot choose an index through an
 * OR on a parameter, while "WHERE court = $1 ORDER BY id DESC" is a
 * backward scan of difficulties_court (district: difficulties_district)
 * that stops after the limit.
 */
#include "pg_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

int pg_difficulty_insert(struct store *st, struct difficulty *d, struct err *err)
{
	static const char sql[] = "INSERT INTO difficulties (court, district, title, body, author, created_at)"
				  " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
	struct pg_params p;
	PGresult *res;
	int rc;

	pg_params_init(&p);
	pg_param_text(&p, d->court);
	pg_param_text(&p, d->district);
	pg_param_text(&p, d->title);
	pg_param_text(&p, d->body);
	pg_param_text(&p, d->author);
	pg_param_text(&p, d->created_at);
	if ((rc = pg_query(st, sql, &p, &res, "recording a difficulty", err)) != HIM_OK)
		return rc;
	d->id = pg_col_int(res, 0, 0);
	PQclear(res);
	return HIM_OK;
}

static enum difficulty_status status_parse(const char *s)
{
	if (s && strcmp(s, "answered") == 0)
		return DIFFICULTY_ANSWERED;
	if (s && strcmp(s, "closed") == 0)
		return DIFFICULTY_CLOSED;
	return DIFFICULTY_OPEN;
}

#define DIFFICULTY_COLUMNS "SELECT id, court, district, title, body, author, created_at, status," \
	" answer, answered_by, answered_at FROM difficulties"

int pg_difficulty_list(struct store *st, const struct scope *scope, int64_t id, struct difficulty_list *out,
		       struct err *err)
{
	static const char all_sql[] = DIFFICULTY_COLUMNS " ORDER BY id DESC LIMIT 1000";
	static const char district_sql[] = DIFFICULTY_COLUMNS " WHERE district = $1 ORDER BY id DESC LIMIT 1000";
	static const char court_sql[] = DIFFICULTY_COLUMNS " WHERE court = $1 ORDER BY id DESC LIMIT 1000";
	/* One id: $1 the scope's kind, $2 its code, $3 the id. */
	static const char one_sql[] = DIFFICULTY_COLUMNS " WHERE id = $3"
				      " AND ($1 = 'national' OR ($1 = 'district' AND district = $2)"
				      "      OR ($1 = 'court' AND court = $2))";
	struct pg_params p;
	const char *sql;
	PGresult *res;
	int rc;

	pg_params_init(&p);
	if (id != 0) {
		sql = one_sql;
		pg_param_text(&p, scope->kind == SCOPE_NATIONAL   ? "national"
				  : scope->kind == SCOPE_DISTRICT ? "district"
				  : scope->kind == SCOPE_COURT    ? "court"
								  : "none");
		pg_param_text(&p, scope->code);
		pg_param_int(&p, id);
	} else if (scope->kind == SCOPE_NATIONAL) {
		sql = all_sql;
	} else if (scope->kind == SCOPE_DISTRICT || scope->kind == SCOPE_COURT) {
		sql = scope->kind == SCOPE_DISTRICT ? district_sql : court_sql;
		pg_param_text(&p, scope->code);
	} else {
		/* A police unit sees no difficulties. */
		return HIM_OK;
	}
	if ((rc = pg_query(st, sql, &p, &res, "reading difficulties", err)) != HIM_OK)
		return rc;
	for (int r = 0; r < PQntuples(res); r++) {
		struct difficulty *d = difficulty_list_push(out);

		d->id = pg_col_int(res, r, 0);
		pg_col_code(res, r, 1, d->court);
		pg_col_code(res, r, 2, d->district);
		d->title = pg_col_dup(res, r, 3);
		d->body = pg_col_dup(res, r, 4);
		d->author = pg_col_dup(res, r, 5);
		d->created_at = pg_col_time(res, r, 6);
		d->status = status_parse(PQgetisnull(res, r, 7) ? NULL : PQgetvalue(res, r, 7));
		d->answer = pg_col_dup(res, r, 8);
		d->answered_by = pg_col_dup(res, r, 9);
		d->answered_at = pg_col_time(res, r, 10);
	}
	PQclear(res);
	return HIM_OK;
}

int pg_difficulty_update(struct store *st, int64_t id, const char *answer, const char *by, const char *now,
			 enum difficulty_status status, struct err *err)
{
	/* $3 (the answer) is NULL when only the status moves: the answer, who
	 * gave it and when are then kept. The casts give each parameter one
	 * type where PostgreSQL sees it in two places. */
	static const char sql[] = "UPDATE difficulties SET status = $2::text,"
				  " answer = coalesce($3::text, answer),"
				  " answered_by = CASE WHEN $3::text IS NULL THEN answered_by ELSE $4::text END,"
				  " answered_at = CASE WHEN $3::text IS NULL THEN answered_at ELSE $5::timestamptz END,"
				  " closed_at = CASE WHEN $2::text = 'closed' THEN $5::timestamptz ELSE closed_at END"
				  " WHERE id = $1";
	struct pg_params p;
	PGresult *res;
	int rc;

	pg_params_init(&p);
	pg_param_int(&p, id);
	pg_param_text(&p, difficulty_status_name(status));
	pg_param_text(&p, answer);
	pg_param_text(&p, by);
	pg_param_text(&p, now);
	if ((rc = pg_query(st, sql, &p, &res, "updating a difficulty", err)) != HIM_OK)
		return rc;
	if (pg_affected(res) == 0)
		rc = err_set(err, HIM_ENOTFOUND, "no difficulty %lld", (long long)id);
	PQclear(res);
	return rc;
}
