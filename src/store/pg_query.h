/*
 * pg_query.h - the PostgreSQL side of built queries (query.h) and a few
 * helpers the backend's files share: binding a built query, running SQL
 * built at run time as a prepared statement, streaming a large result
 * through a cursor, and text[] literals for unnest().
 */
#ifndef HIMAYA_PG_QUERY_H
#define HIMAYA_PG_QUERY_H

#include "pg_internal.h"
#include "query.h"

/* Copy q's values (built with QUERY_INIT_PG), in order, into p. Text is
 * not copied: q's values must outlive the query. */
void query_pg_params(const struct query *q, struct pg_params *p);

/*
 * Run sql built at run time as a prepared statement. A query's text
 * depends only on which conditions are present, not on their values, so
 * the shapes are few: each is interned once per process (a stable address,
 * as pg_query() wants) and prepared once per connection. Past a bound on
 * the number of shapes it runs unprepared, so memory cannot grow with
 * use. Same results and errors as pg_query().
 */
int pg_query_built(struct store *st, const char *sql, const struct pg_params *p, PGresult **res,
		   const char *what, struct err *err);

/*
 * Call row(res, r, ctx) for each row of sql (a SELECT), fetching a few
 * hundred rows at a time through a cursor so memory stays constant
 * whatever the number of rows (libpq would otherwise hold the whole result
 * in memory). Outside a transaction it opens a read-only one for the
 * cursor: the rows are one snapshot, as SQLite's statement is. row may
 * read through the store (the cursor does not hold the connection) but not
 * write. A nonzero return from row stops the walk and is returned.
 */
typedef int (*pg_row_fn)(const PGresult *res, int r, void *ctx);
int pg_stream(struct store *st, const char *sql, const struct pg_params *p, pg_row_fn row, void *ctx,
	      const char *what, struct err *err);

/* Append l as a text[] literal ("{a,b}", each element quoted) for
 * unnest($n::text[]): a code list goes in one parameter, one round trip. */
void pg_array_codes(struct strbuf *sb, const struct code_list *l);

#endif
