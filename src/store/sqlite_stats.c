/*
 * sqlite_stats.c - statistics in the SQLite backend: GROUP BY over the
 * case rows (whose derived columns the store keeps in step with the
 * events; the query is query.c's stats_group_sql), and medians of intervals by ORDER BY / OFFSET, so a national
 * figure never loads the cases into memory.
 */
#include "sqlite_query.h"

#include <string.h>

#include "../lib/banned.h"

int sq_stats_group(struct store *st, const struct scope *scope, const struct case_filter *f,
		   const enum stats_dim *dims, size_t ndims, store_stats_fn fn, void *ctx,
		   struct err *err)
{
	struct query q = QUERY_INIT;
	sqlite3_stmt *s;
	int rc, step;

	stats_group_sql(&q, scope, f, dims, ndims);
	rc = sq_prepare(st, &s, q.sql.buf, err);
	if (rc == HIM_OK) {
		query_bind(&q, s);
		while ((step = sqlite3_step(s)) == SQLITE_ROW) {
			struct stats_cell cell;

			memset(&cell, 0, sizeof(cell));
			cell.ndims = ndims;
			for (size_t i = 0; i < ndims; i++) {
				cell.dims[i] = dims[i];
				sq_col_code(s, (int)i, cell.values[i]);
			}
			cell.count = sqlite3_column_int64(s, (int)ndims);
			/* An empty scope still answers one row with count 0 when
			 * there are no dimensions; groups are never empty. */
			if ((rc = fn(&cell, ctx)) != 0)
				break;
		}
		if (rc == HIM_OK && step != SQLITE_DONE)
			rc = sq_error(st, err, "computing statistics");
		sqlite3_finalize(s);
	}
	strbuf_release(&q.sql);
	return rc;
}

int sq_stats_median(struct store *st, const struct scope *scope, const struct case_filter *f,
		    enum stats_interval interval, double *median_days, int64_t *n, struct err *err)
{
	struct query q = QUERY_INIT;
	struct case_filter unpaged = *f;
	const char *from, *to, *known;
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = interval_sql(&q, interval, &from, &to, &known, err)) != HIM_OK)
		return rc;
	unpaged.after_id = 0;
	unpaged.limit = 0;
	*median_days = 0;
	*n = 0;
	strbuf_addf(&q.sql, "SELECT julianday(%s) - julianday(%s) AS d FROM cases c"
			    " WHERE %s IS NOT NULL AND %s IS NOT NULL AND %s", to, from, from, to, known);
	scope_sql(&q, scope);
	filter_sql(&q, &unpaged);

	/* Count, then read the middle one or two values in order. */
	struct strbuf sql = STRBUF_INIT;
	strbuf_addf(&sql, "SELECT count(*) FROM (%s)", q.sql.buf);
	rc = sq_prepare(st, &s, sql.buf, err);
	if (rc == HIM_OK) {
		query_bind(&q, s);
		if (sqlite3_step(s) == SQLITE_ROW)
			*n = sqlite3_column_int64(s, 0);
		else
			rc = sq_error(st, err, "computing a median");
		sqlite3_finalize(s);
	}
	if (rc == HIM_OK && *n > 0) {
		int64_t offset = (*n - 1) / 2;
		int want = *n % 2 ? 1 : 2;
		strbuf_reset(&sql);
		strbuf_addf(&sql, "%s ORDER BY d LIMIT %d OFFSET %lld", q.sql.buf, want, (long long)offset);
		rc = sq_prepare(st, &s, sql.buf, err);
		if (rc == HIM_OK) {
			double sum = 0;
			int got = 0;
			query_bind(&q, s);
			while (sqlite3_step(s) == SQLITE_ROW) {
				sum += sqlite3_column_double(s, 0);
				got++;
			}
			sqlite3_finalize(s);
			if (got != want)
				rc = err_set(err, HIM_EDB, "computing a median: expected %d values, read %d", want, got);
			else
				*median_days = sum / got;
		}
	}
	strbuf_release(&sql);
	strbuf_release(&q.sql);
	return rc;
}
