/*
 * sqlite_query.c - binding the values a query builder (query.c) collected
 * to an SQLite statement, in order.
 */
#include "sqlite_query.h"

#include "../lib/banned.h"

void query_bind(struct query *q, sqlite3_stmt *s)
{
	for (int i = 0; i < q->n; i++) {
		switch (q->binds[i].type) {
		case BIND_TEXT: sq_bind_text(s, i + 1, q->binds[i].text); break;
		case BIND_INT: sqlite3_bind_int64(s, i + 1, q->binds[i].num); break;
		case BIND_DATE: sq_bind_date(s, i + 1, (date_t)q->binds[i].num); break;
		}
	}
}
