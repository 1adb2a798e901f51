/*
 * pg_query.c - the PostgreSQL side of built queries: binding their values,
 * preparing the few shapes they take, streaming large results through a
 * cursor, and text[] literals.
 */
#include "pg_query.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

void query_pg_params(const struct query *q, struct pg_params *p)
{
	pg_params_init(p);
	for (int i = 0; i < q->n; i++) {
		switch (q->binds[i].type) {
		case BIND_TEXT: pg_param_text(p, q->binds[i].text); break;
		case BIND_INT: pg_param_int(p, q->binds[i].num); break;
		case BIND_DATE: pg_param_date(p, (date_t)q->binds[i].num); break;
		}
	}
}

/* Interned query texts: process-wide (the web server's threads each hold a
 * connection, and share the shapes), never freed, bounded. */
#define INTERN_MAX 512

static pthread_mutex_t intern_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	uint64_t hash;
	char *sql;
} interned[INTERN_MAX];
static size_t ninterned;

static uint64_t text_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The interned copy of sql, or NULL when the table is full. */
static const char *intern(const char *sql)
{
	uint64_t h = text_hash(sql);
	const char *found = NULL;

	pthread_mutex_lock(&intern_lock);
	for (size_t i = 0; i < ninterned && !found; i++)
		if (interned[i].hash == h && strcmp(interned[i].sql, sql) == 0)
			found = interned[i].sql;
	if (!found && ninterned < INTERN_MAX) {
		interned[ninterned].hash = h;
		interned[ninterned].sql = xstrdup(sql);
		found = interned[ninterned++].sql;
	}
	pthread_mutex_unlock(&intern_lock);
	return found;
}

int pg_query_built(struct store *st, const char *sql, const struct pg_params *p, PGresult **res,
		   const char *what, struct err *err)
{
	const char *key = intern(sql);

	if (!key)
		return pg_query_dynamic(st, sql, p, res, what, err);
	return pg_query(st, key, p, res, what, err);
}

#define STREAM_FETCH 1000

/* Cursor names must differ when a row callback walks another result. */
static _Thread_local int stream_depth;

int pg_stream(struct store *st, const char *sql, const struct pg_params *p, pg_row_fn row, void *ctx,
	      const char *what, struct err *err)
{
	struct strbuf cmd = STRBUF_INIT, fetch = STRBUF_INIT, close_cmd = STRBUF_INIT;
	PGTransactionStatusType ts = PQtransactionStatus(pg_conn(st));
	bool own = ts == PQTRANS_IDLE;
	PGresult *res = NULL;
	int depth = stream_depth++;
	int rc = HIM_OK;

	if (ts != PQTRANS_IDLE && ts != PQTRANS_INTRANS) {
		stream_depth--;
		return err_set(err, HIM_EDB, "%s: the connection is not ready (transaction status %d)", what, (int)ts);
	}
	if (own && (rc = pg_exec(st, "BEGIN READ ONLY", err)) != HIM_OK) {
		stream_depth--;
		return err_prefix(err, "%s", what);
	}
	strbuf_addf(&cmd, "DECLARE himaya_stream_%d NO SCROLL CURSOR FOR %s", depth, sql);
	strbuf_addf(&fetch, "FETCH %d FROM himaya_stream_%d", STREAM_FETCH, depth);
	strbuf_addf(&close_cmd, "CLOSE himaya_stream_%d", depth);
	rc = pg_query_dynamic(st, cmd.buf, p, NULL, what, err);
	while (rc == HIM_OK) {
		int n;

		if ((rc = pg_query_dynamic(st, fetch.buf, NULL, &res, what, err)) != HIM_OK)
			break;
		n = PQntuples(res);
		for (int r = 0; r < n && rc == HIM_OK; r++)
			rc = row(res, r, ctx);
		PQclear(res);
		if (n < STREAM_FETCH)
			break;
	}
	/* Closed even when row stopped the walk: a later walk at this depth,
	 * in the same transaction, reuses the name. */
	if (PQtransactionStatus(pg_conn(st)) == PQTRANS_INTRANS) {
		int closed = pg_exec(st, close_cmd.buf, rc == HIM_OK ? err : NULL);
		if (rc == HIM_OK)
			rc = closed;
	}
	if (own) {
		if (rc == HIM_OK)
			rc = pg_exec(st, "COMMIT", err);
		else
			pg_exec(st, "ROLLBACK", NULL);
	}
	stream_depth--;
	strbuf_release(&cmd);
	strbuf_release(&fetch);
	strbuf_release(&close_cmd);
	return rc;
}

void pg_array_codes(struct strbuf *sb, const struct code_list *l)
{
	strbuf_addch(sb, '{');
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			strbuf_addch(sb, ',');
		strbuf_addch(sb, '"');
		for (const char *s = l->code[i]; *s; s++) {
			if (*s == '"' || *s == '\\')
				strbuf_addch(sb, '\\');
			strbuf_addch(sb, *s);
		}
		strbuf_addch(sb, '"');
	}
	strbuf_addch(sb, '}');
}
