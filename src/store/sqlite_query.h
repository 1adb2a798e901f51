/*
 * sqlite_query.h - WHERE-clause building shared by the SQLite backend's
 * case and statistics queries. Every query on cases goes through
 * scope_sql(), so none can be written without its scope.
 */
#ifndef HIMAYA_SQLITE_QUERY_H
#define HIMAYA_SQLITE_QUERY_H

#include "sqlite_internal.h"
#include "../lib/strbuf.h"

/* A bind value collected while building a query. */
struct bind {
	enum { BIND_TEXT, BIND_INT, BIND_DATE } type;
	const char *text;
	int64_t num;
};

#define QUERY_BINDS_MAX 32

struct query {
	struct strbuf sql;
	struct bind binds[QUERY_BINDS_MAX];
	int n;
};

#define QUERY_INIT { STRBUF_INIT, { { 0 } }, 0 }

void query_text(struct query *q, const char *fragment, const char *value);
void query_num(struct query *q, const char *fragment, int64_t value, int type);
void query_bind(struct query *q, sqlite3_stmt *s);

/* Append " AND <the scope's condition on cases c>". */
void scope_sql(struct query *q, const struct scope *scope);
/* Append the filter's conditions on cases c (after the scope's). */
void filter_sql(struct query *q, const struct case_filter *f);

#endif
