/*
 * pg_stats.c - statistics in the PostgreSQL backend, the twin of
 * sqlite_stats.c: GROUP BY over the case rows (whose derived columns the
 * store keeps in step with the events), so a national figure never loads
 * the cases into memory.
 *
 * The grouping query is query.c's (stats_group_sql). A median is one
 * query, count(*) and percentile_cont(0.5) over the day differences (date
 * - date is a whole number of days): for an even count percentile_cont
 * gives the mean of the two middle values, as SQLite's ORDER BY / OFFSET
 * reading does.
 */
#include "pg_query.h"

#include <string.h>

#include "../lib/banned.h"

int pg_stats_group(struct store *st, const struct scope *scope, const struct case_filter *f,
		   const enum stats_dim *dims, size_t ndims, store_stats_fn fn, void *ctx,
		   struct err *err)
{
	struct query q = QUERY_INIT_PG;
	struct pg_params p;
	PGresult *res;
	int rc;

	stats_group_sql(&q, scope, f, dims, ndims);
	query_pg_params(&q, &p);
	rc = pg_query_built(st, q.sql.buf, &p, &res, "computing statistics", err);
	if (rc == HIM_OK) {
		int n = PQntuples(res);

		for (int r = 0; r < n && rc == HIM_OK; r++) {
			struct stats_cell cell;

			memset(&cell, 0, sizeof(cell));
			cell.ndims = ndims;
			for (size_t i = 0; i < ndims; i++) {
				cell.dims[i] = dims[i];
				pg_col_code(res, r, (int)i, cell.values[i]);
			}
			cell.count = pg_col_int(res, r, (int)ndims);
			/* An empty scope still answers one row with count 0 when
			 * there are no dimensions; groups are never empty. */
			rc = fn(&cell, ctx);
		}
		PQclear(res);
	}
	query_release(&q);
	return rc;
}

int pg_stats_median(struct store *st, const struct scope *scope, const struct case_filter *f,
		    enum stats_interval interval, double *median_days, int64_t *n, struct err *err)
{
	struct query q = QUERY_INIT_PG;
	struct case_filter unpaged = *f;
	const char *from, *to, *known;
	struct pg_params p;
	PGresult *res;
	int rc;

	if ((rc = interval_sql(&q, interval, &from, &to, &known, err)) != HIM_OK)
		return rc;
	unpaged.after_id = 0;
	unpaged.limit = 0;
	*median_days = 0;
	*n = 0;
	strbuf_addf(&q.sql, "SELECT count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY %s - %s) FROM cases c"
			    " WHERE %s IS NOT NULL AND %s IS NOT NULL AND %s", to, from, from, to, known);
	scope_sql(&q, scope);
	filter_sql(&q, &unpaged);
	query_pg_params(&q, &p);
	rc = pg_query_built(st, q.sql.buf, &p, &res, "computing a median", err);
	if (rc == HIM_OK) {
		*n = pg_col_int(res, 0, 0);
		/* NULL (no value) reads as 0, as SQLite's answer for n = 0. */
		*median_days = pg_col_double(res, 0, 1);
		PQclear(res);
	}
	query_release(&q);
	return rc;
}
