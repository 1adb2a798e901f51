/*
 * pg_stats.c - statistics in the PostgreSQL backend, the twin of
 * sqlite_stats.c: GROUP BY over the case rows (whose derived columns the
 * store keeps in step with the events), so a national figure never loads
 * the cases into memory.
 *
 * PostgreSQL: every dimension is compared and sorted COLLATE "C", the byte
 * order SQLite uses, so groups come in the same order on both backends
 * whatever the database's locale. A median is one query, count(*) and
 * percentile_cont(0.5) over the day differences (date - date is a whole
 * number of days): for an even count percentile_cont gives the mean of the
 * two middle values, as SQLite's ORDER BY / OFFSET reading does.
 */
#include "pg_query.h"

#include <string.h>

#include "../lib/banned.h"

/* The SQL expression of each dimension over cases c, platforms p, subjects sj. */
static const char *dim_expr(enum stats_dim dim)
{
	switch (dim) {
	case STATS_COURT: return "c.court";
	case STATS_DISTRICT: return "c.district";
	case STATS_YEAR: return "to_char(c.registered, 'YYYY')";
	case STATS_PLATFORM: return "coalesce(p.platform, '')";
	case STATS_BODY: return "c.body";
	case STATS_SUBJECT: return "coalesce(sj.subject, '')";
	case STATS_DECISION: return "coalesce(c.decision, '')";
	case STATS_FIRST: return "coalesce(c.first_outcome, '')";
	case STATS_APPEAL: return "coalesce(c.appeal_outcome, '')";
	case STATS_CASSATION: return "coalesce(c.cassation_outcome, '')";
	case STATS_STAGE: return "c.stage";
	case STATS_DIM_COUNT: break;
	}
	return "''";
}

int pg_stats_group(struct store *st, const struct scope *scope, const struct case_filter *f,
		   const enum stats_dim *dims, size_t ndims, store_stats_fn fn, void *ctx,
		   struct err *err)
{
	struct query q = QUERY_INIT_PG;
	struct case_filter unpaged = *f;
	bool platforms = false, subjects = false;
	struct pg_params p;
	PGresult *res;
	int rc;

	unpaged.after_id = 0;
	unpaged.limit = 0;
	strbuf_adds(&q.sql, "SELECT ");
	for (size_t i = 0; i < ndims; i++) {
		strbuf_addf(&q.sql, "(%s) COLLATE \"C\", ", dim_expr(dims[i]));
		platforms |= dims[i] == STATS_PLATFORM;
		subjects |= dims[i] == STATS_SUBJECT;
	}
	/* count(*) is SQLite's count(DISTINCT c.id) here, without the sort
	 * PostgreSQL spends on DISTINCT: a platform or subject table is joined
	 * only when its dimension is grouped, and (case_id, platform) and
	 * (case_id, subject) are primary keys, so a case is one row in each
	 * group it belongs to. */
	strbuf_adds(&q.sql, "count(*) FROM cases c");
	if (platforms)
		strbuf_adds(&q.sql, " LEFT JOIN case_platforms p ON p.case_id = c.id");
	if (subjects)
		strbuf_adds(&q.sql, " LEFT JOIN case_subjects sj ON sj.case_id = c.id");
	strbuf_adds(&q.sql, " WHERE 1 = 1");
	scope_sql(&q, scope);
	filter_sql(&q, &unpaged);
	for (size_t i = 0; i < ndims; i++)
		strbuf_addf(&q.sql, "%s%zu", i ? ", " : " GROUP BY ", i + 1);
	for (size_t i = 0; i < ndims; i++)
		strbuf_addf(&q.sql, "%s%zu", i ? ", " : " ORDER BY ", i + 1);

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
