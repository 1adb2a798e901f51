/*
 * query.h - building the WHERE clauses of case queries, for every backend.
 *
 * Every query on cases goes through scope_sql(), so none can be written
 * without its scope; filter_sql() adds the filter. Conditions are written
 * once, with "?" for their value; the query's style decides what the SQL
 * says: "?" as written (SQLite), or "$1", "$2", ... numbered in order
 * (PostgreSQL). The values are collected in the same order, and each
 * backend binds them in its own way (sqlite_query.h, pg_query.h).
 */
#ifndef HIMAYA_QUERY_H
#define HIMAYA_QUERY_H

#include <stdint.h>

#include "store.h"
#include "../lib/strbuf.h"

/* A bind value collected while building a query. */
struct bind {
	enum { BIND_TEXT, BIND_INT, BIND_DATE } type;
	const char *text; /* not copied: it must outlive the query */
	int64_t num;
};

#define QUERY_BINDS_MAX 32

enum query_style {
	QUERY_QMARK,  /* "?" (SQLite) */
	QUERY_DOLLAR, /* "$1", "$2", ... (PostgreSQL) */
};

struct query {
	struct strbuf sql;
	struct bind binds[QUERY_BINDS_MAX];
	int n;
	enum query_style style;
};

#define QUERY_INIT { STRBUF_INIT, { { 0 } }, 0, QUERY_QMARK }
#define QUERY_INIT_PG { STRBUF_INIT, { { 0 } }, 0, QUERY_DOLLAR }

/* Append fragment, whose one "?" stands for value (text, or a number or a
 * date with type BIND_INT / BIND_DATE). */
void query_text(struct query *q, const char *fragment, const char *value);
void query_num(struct query *q, const char *fragment, int64_t value, int type);
void query_release(struct query *q);

/* Append " AND <the scope's condition on cases c>". */
void scope_sql(struct query *q, const struct scope *scope);
/* Append the filter's conditions on cases c (after the scope's). */
void filter_sql(struct query *q, const struct case_filter *f);

/*
 * The whole query of store_stats_group: each dimension's value, then the
 * number of cases, grouped and ordered by the dimensions, over cases c
 * (with their platforms p and subjects sj joined only when grouped by
 * them). PostgreSQL: every dimension COLLATE "C", SQLite's byte order,
 * so groups come in the same order on both backends in any locale.
 */
void stats_group_sql(struct query *q, const struct scope *scope, const struct case_filter *f,
		     const enum stats_dim *dims, size_t ndims);

/*
 * The two date columns of cases c an interval runs between, and the
 * condition that both ends were given by the source rather than inferred,
 * in the query's dialect. HIM_EUSAGE for an unknown interval.
 */
int interval_sql(const struct query *q, enum stats_interval interval, const char **from, const char **to,
		 const char **known, struct err *err);

#endif
