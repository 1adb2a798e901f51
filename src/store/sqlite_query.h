/*
 * sqlite_query.h - binding a built query (query.h) to an SQLite statement.
 * The WHERE clauses themselves (scope_sql, filter_sql) are shared with the
 * PostgreSQL backend in query.h.
 */
#ifndef HIMAYA_SQLITE_QUERY_H
#define HIMAYA_SQLITE_QUERY_H

#include "sqlite_internal.h"
#include "query.h"

/* Bind q's values, in order, to s (built with QUERY_INIT: "?" style). */
void query_bind(struct query *q, sqlite3_stmt *s);

#endif
