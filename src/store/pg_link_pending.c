/*
 * pg_link_pending.c - the linker's queue on PostgreSQL: the referrals
 * imported or changed since a run last linked them (link_pending, filled
 * by 010_link_pending.sql's triggers), deleting the rows a run read, and
 * what the stored subjects add up to. The twin of sqlite_link_pending.c.
 */
#include "pg_subject_internal.h"
#include "pg_array.h"

#include <stdio.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/banned.h"

/* Rows per DELETE: one array literal of ids each. */
#define FORGET_ROWS 20000

struct pending_ctx {
	store_link_pending_fn fn;
	void *ctx;
};

static int pending_row(const PGresult *res, int r, void *ctx)
{
	struct pending_ctx *pc = ctx;

	return pc->fn(pg_col_int(res, r, 0), pg_col_int(res, r, 1), pg_col_int(res, r, 2), pg_col_bool(res, r, 3),
		      pc->ctx);
}

int pg_link_pending(struct store *st, store_link_pending_fn fn, void *ctx, struct err *err)
{
	static const char sql[] =
		"SELECT p.id, p.referral_id, coalesce(s.subject_id, 0), coalesce(s.needs_port, false)"
		" FROM link_pending p LEFT JOIN referral_subjects s ON s.referral_id = p.referral_id"
		" ORDER BY p.referral_id, p.id";
	struct pending_ctx pc = { fn, ctx };

	/* After a first import the whole table is pending: through a cursor. */
	return pg_each_batched(st, sql, NULL, pending_row, &pc, "reading the referrals waiting to be linked", err);
}

/* Exactly the rows the run read, by id: a row committed since (even with
 * a smaller id) waits for the next run. */
int pg_link_pending_forget(struct store *st, const int64_t *rows, size_t n, struct err *err)
{
	static const char sql[] = "DELETE FROM link_pending WHERE id = ANY ($1::bigint[])";
	struct strbuf ids = STRBUF_INIT;
	struct pg_params p;
	size_t i, j;
	int rc = HIM_OK;

	for (i = 0; i < n && rc == HIM_OK; i = j) {
		array_open(&ids);
		for (j = i; j < n && j < i + FORGET_ROWS; j++)
			array_int(&ids, rows[j]);
		array_close(&ids);
		pg_params_init(&p);
		pg_param_text(&p, ids.buf);
		rc = pg_query(st, sql, &p, NULL, "forgetting the referrals linked", err);
	}
	strbuf_release(&ids);
	return rc;
}

int pg_link_counts(struct store *st, struct link_counts *out, struct err *err)
{
	static const char sql[] =
		"SELECT (SELECT count(*) FROM referral_subjects),"
		" (SELECT count(*) FROM referral_subjects WHERE needs_port),"
		" count(*), count(*) FILTER (WHERE n > 1)"
		" FROM (SELECT count(*) AS n FROM referral_subjects GROUP BY subject_id) AS s";
	PGresult *res;
	int rc;

	if ((rc = pg_query(st, sql, NULL, &res, "counting the subjects", err)) != HIM_OK)
		return rc;
	out->referrals = pg_col_int(res, 0, 0);
	out->needs_port = pg_col_int(res, 0, 1);
	out->subjects = pg_col_int(res, 0, 2);
	out->multi_subjects = pg_col_int(res, 0, 3);
	PQclear(res);
	return HIM_OK;
}
