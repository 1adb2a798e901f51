/*
 * sqlite_link_pending.c - the linker's queue on SQLite: the referrals
 * imported or changed since a run last linked them (link_pending, filled
 * by 009_link_pending.sql's triggers), deleting the rows a run read, and
 * what the stored subjects add up to. The twin of pg_link_pending.c.
 */
#include "sqlite_subject_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/banned.h"

struct pending_row {
	int64_t id, referral_id, subject_id;
	bool needs_port;
};

struct pending_rows {
	struct pending_row *r;
	size_t n, alloc;
};

static int pending_row(sqlite3_stmt *s, void *ctx)
{
	struct pending_rows *pr = ctx;

	if (pr->n == pr->alloc) {
		pr->alloc = pr->alloc ? pr->alloc * 2 : 1024;
		pr->r = xrealloc(pr->r, pr->alloc * sizeof(*pr->r));
	}
	pr->r[pr->n].id = sqlite3_column_int64(s, 0);
	pr->r[pr->n].referral_id = sqlite3_column_int64(s, 1);
	pr->r[pr->n].subject_id = sqlite3_column_int64(s, 2);
	pr->r[pr->n].needs_port = sqlite3_column_int(s, 3) != 0;
	pr->n++;
	return HIM_OK;
}

static int cmp_pending(const void *a, const void *b)
{
	const struct pending_row *x = a, *y = b;

	if (x->referral_id != y->referral_id)
		return (x->referral_id > y->referral_id) - (x->referral_id < y->referral_id);
	return (x->id > y->id) - (x->id < y->id);
}

/*
 * Read in the table's order and sorted here: the queue holds every
 * referral after a first import (1,000,000 rows), which SQLite's sorter
 * took 0.3 s to order by referral; qsort of the rows, already nearly in
 * that order, takes about 0.1 s (measured on 1,000,000).
 */
int sq_link_pending(struct store *st, store_link_pending_fn fn, void *ctx, struct err *err)
{
	struct pending_rows pr = { NULL, 0, 0 };
	sqlite3_stmt *s;
	size_t i;
	int rc;

	if ((rc = sq_prepare(st, &s, "SELECT p.id, p.referral_id, coalesce(s.subject_id, 0), coalesce(s.needs_port, 0)"
			     " FROM link_pending p LEFT JOIN referral_subjects s ON s.referral_id = p.referral_id",
			     err)) != HIM_OK)
		return rc;
	rc = sq_each_row(st, s, pending_row, &pr, err, "reading the referrals waiting to be linked");
	if (rc == HIM_OK && pr.n > 1)
		qsort(pr.r, pr.n, sizeof(*pr.r), cmp_pending);
	for (i = 0; i < pr.n && rc == HIM_OK; i++)
		rc = fn(pr.r[i].id, pr.r[i].referral_id, pr.r[i].subject_id, pr.r[i].needs_port, ctx);
	free(pr.r);
	return rc;
}

int sq_link_counts(struct store *st, struct link_counts *out, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	/* Both from referral_subjects' two indexes, not the referrals table. */
	if ((rc = sq_prepare(st, &s, "SELECT (SELECT count(*) FROM referral_subjects),"
			     " (SELECT count(*) FROM referral_subjects WHERE needs_port = 1),"
			     " count(*), coalesce(sum(n > 1), 0)"
			     " FROM (SELECT count(*) AS n FROM referral_subjects GROUP BY subject_id)", err)) != HIM_OK)
		return rc;
	if (sqlite3_step(s) == SQLITE_ROW) {
		out->referrals = sqlite3_column_int64(s, 0);
		out->needs_port = sqlite3_column_int64(s, 1);
		out->subjects = sqlite3_column_int64(s, 2);
		out->multi_subjects = sqlite3_column_int64(s, 3);
	} else {
		rc = sq_error(st, err, "counting the subjects");
	}
	sqlite3_finalize(s);
	return rc;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Exactly the rows the run read: one appended since waits for the next.
 * Rows are read in referral order, their ids mostly consecutive (a first
 * import: all of them): one DELETE per run of consecutive ids. */
int sq_link_pending_forget(struct store *st, const int64_t *rows, size_t n, struct err *err)
{
	sqlite3_stmt *del;
	int64_t *ids;
	size_t i, j;
	int rc;

	if (n == 0)
		return HIM_OK;
	if ((rc = sq_prepare(st, &del, "DELETE FROM link_pending WHERE id BETWEEN ?1 AND ?2", err)) != HIM_OK)
		return rc;
	ids = xcalloc(n, sizeof(*ids));
	memcpy(ids, rows, n * sizeof(*ids));
	qsort(ids, n, sizeof(*ids), cmp_id);
	for (i = 0; i < n && rc == HIM_OK; i = j) {
		for (j = i + 1; j < n && ids[j] == ids[j - 1] + 1; j++)
			;
		sqlite3_bind_int64(del, 1, ids[i]);
		sqlite3_bind_int64(del, 2, ids[j - 1]);
		if (sqlite3_step(del) != SQLITE_DONE)
			rc = sq_error(st, err, "forgetting the referrals linked");
		sqlite3_reset(del);
	}
	free(ids);
	sqlite3_finalize(del);
	return rc;
}
