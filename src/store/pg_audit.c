/*
 * pg_audit.c - the PostgreSQL primitives of the audit log: read the tail
 * of the chain, insert an entry, stream entries by filter. The chain
 * itself (hashing, verification) is backend-neutral, in store_audit.c;
 * this is the twin of sqlite_audit.c.
 *
 * PostgreSQL: the chain must stay one chain however many processes (web
 * nodes, imports, the command line) write to the database. audit_tail
 * takes a transaction-level advisory lock of the chain's own before it
 * reads the tail, so two transactions can never read the same tail: the
 * second waits until the first commits or rolls back, then (READ
 * COMMITTED: each statement sees what committed before it began) reads
 * the entry the first appended. A write's begin() already holds the
 * database-wide write lock, taken before this one, so the order is always
 * write lock then chain lock and the two cannot deadlock; an audited read
 * (begin_audit) takes the chain's lock alone, so reads audited on every
 * node never wait for writes, and the chain stays whole. Ids are the tail's + 1, never a sequence (a rolled-back sequence
 * value would leave a gap the verifier reports).
 *
 * at is a timestamptz (range queries on --since use the audit_at index);
 * the store writes whole-second "YYYY-MM-DDTHH:MM:SSZ" stamps and
 * pg_col_time gives them back byte for byte, so the hashes verify.
 * Listing pages through the log by id (keyset), a few thousand rows per
 * query, so verifying millions of entries never holds them all in memory
 * and no transaction stays open during the walk; each filter's shape is
 * prepared once per connection (pg_query_built): the web's page cache
 * reads the newest id on every request.
 */
#include "pg_query.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/date.h"
#include "../lib/strbuf.h"
#include "../lib/banned.h"

/* The chain's advisory lock key ("HimayA"): distinct from pg.c's. */
#define PG_LOCK_AUDIT 79634623979841 /* 0x486d61796141: written in decimal, as SQL reads it */

/* Rows fetched per query when listing. */
#define AUDIT_PAGE 4096

static void copy_sized(char *out, size_t size, const PGresult *res, int r, int c)
{
	const char *t = PQgetisnull(res, r, c) ? "" : PQgetvalue(res, r, c);
	size_t n = strlen(t);

	if (n >= size)
		n = size - 1;
	memcpy(out, t, n);
	out[n] = '\0';
}

#define PG_STR_(x) #x
#define PG_STR(x) PG_STR_(x)
#define LOCK_AND_TAIL "SELECT pg_advisory_xact_lock(" PG_STR(PG_LOCK_AUDIT) ");" \
	" SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1"

/* An audited read's transaction: its BEGIN goes with the chain's lock
 * and the tail (pg_audit_tail), one round trip instead of two, and it
 * takes no write lock: reads audited on every node do not queue behind
 * (or hold up) writes, only behind other appends to the chain. */
int pg_begin_audit(struct store *st, struct err *err)
{
	(void)st;
	(void)err;
	return HIM_OK;
}

int pg_audit_tail(struct store *st, int64_t *id, char hash[AUDIT_HASH_HEX], struct err *err)
{
	static const char in_tx[] = LOCK_AND_TAIL;
	static const char with_begin[] = "BEGIN; " LOCK_AND_TAIL;
	PGresult *res;
	int rc;

	/* The lock and the read in one round trip: under READ COMMITTED each
	 * statement of a simple query takes its own snapshot, so the SELECT,
	 * run once the lock is granted, sees every append committed before. */
	rc = pg_exec_result(st, PQtransactionStatus(pg_conn(st)) == PQTRANS_IDLE ? with_begin : in_tx, &res,
			    "reading the audit log's last entry", err);
	if (rc != HIM_OK)
		return rc;
	if (PQntuples(res) > 0) {
		*id = pg_col_int(res, 0, 0);
		copy_sized(hash, AUDIT_HASH_HEX, res, 0, 1);
	} else {
		*id = 0;
		memset(hash, '0', AUDIT_HASH_HEX - 1);
		hash[AUDIT_HASH_HEX - 1] = '\0';
	}
	PQclear(res);
	return HIM_OK;
}

int pg_data_version_bump(struct store *st, struct err *err)
{
	static const char sql[] = "UPDATE data_version SET n = n + 1 WHERE id = 1";

	return pg_query(st, sql, NULL, NULL, "moving the data version", err);
}

int pg_data_version_read(struct store *st, int64_t *out, struct err *err)
{
	static const char sql[] = "SELECT n FROM data_version WHERE id = 1";
	PGresult *res;
	int rc;

	*out = 0;
	if ((rc = pg_query(st, sql, NULL, &res, "reading the data version", err)) != HIM_OK)
		return rc;
	if (PQntuples(res) > 0)
		*out = pg_col_int(res, 0, 0);
	else
		rc = err_set(err, HIM_EDB, "the data version is missing (migration 009)");
	PQclear(res);
	return rc;
}

static void entry_params(struct pg_params *p, const struct audit_entry *e)
{
	pg_params_init(p);
	pg_param_int(p, e->id);
	pg_param_text(p, e->at);
	pg_param_text(p, e->actor);
	pg_param_text(p, e->action);
	pg_param_text(p, e->object);
	pg_param_text(p, e->detail);
	pg_param_text(p, e->prev_hash);
	pg_param_text(p, e->hash);
}

/*
 * An audited read's entry and its transaction's COMMIT in one round trip:
 * the chain's lock, taken with the tail, is held one round trip instead
 * of two, and every node's audited views queue on that lock. The time is
 * checked before (no RETURNING to check it after: the entry would be
 * committed by then).
 */
int pg_audit_insert_commit(struct store *st, const struct audit_entry *e, struct err *err)
{
	static const char sql[] = "INSERT INTO audit (id, at, actor, action, object, detail, prev_hash, hash)"
				  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
	struct pg_params p;

	/* The only form a timestamptz gives back byte for byte (the hash
	 * covers at as text). */
	if (!date_stamp_shaped(e->at))
		return err_set(err, HIM_EINPUT, "audit entry %lld: time '%s' is not of the form YYYY-MM-DDTHH:MM:SSZ",
			       (long long)e->id, e->at);
	entry_params(&p, e);
	return pg_query_commit(st, sql, &p, "appending to the audit log", err);
}

int pg_audit_insert(struct store *st, const struct audit_entry *e, struct err *err)
{
	static const char sql[] = "INSERT INTO audit (id, at, actor, action, object, detail, prev_hash, hash)"
				  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING at";
	struct pg_params p;
	PGresult *res;
	char *back;
	int rc;

	entry_params(&p, e);
	if ((rc = pg_query(st, sql, &p, &res, "appending to the audit log", err)) != HIM_OK)
		return rc;
	/* The hash covers at as text: a time the timestamptz would not give
	 * back byte for byte (a fraction of a second, another zone) would
	 * make a chain that verifies nowhere. Refuse it; the caller rolls
	 * the transaction back. */
	back = pg_col_time(res, 0, 0);
	if (!back || strcmp(back, e->at) != 0)
		rc = err_set(err, HIM_EINPUT, "audit entry %lld: time '%s' is not of the form YYYY-MM-DDTHH:MM:SSZ",
			     (long long)e->id, e->at);
	free(back);
	PQclear(res);
	return rc;
}

/* Append " AND <cond> $n" with the next parameter's number. */
static void add_cond(struct strbuf *sql, struct pg_params *p, const char *cond)
{
	strbuf_addf(sql, " AND %s $%d", cond, p->n + 1);
}

/* Hand one page's rows to fn; *last receives the last id seen. */
static int audit_page(const PGresult *res, store_audit_fn fn, void *ctx, int64_t *last)
{
	struct audit_entry e;
	int rc = HIM_OK;

	for (int r = 0; r < PQntuples(res) && rc == HIM_OK; r++) {
		char *at;

		memset(&e, 0, sizeof(e));
		e.id = pg_col_int(res, r, 0);
		at = pg_col_time(res, r, 1);
		snprintf(e.at, sizeof(e.at), "%s", at ? at : "");
		free(at);
		e.actor = PQgetvalue(res, r, 2);
		e.action = PQgetvalue(res, r, 3);
		e.object = PQgetvalue(res, r, 4);
		e.detail = PQgetvalue(res, r, 5);
		copy_sized(e.prev_hash, sizeof(e.prev_hash), res, r, 6);
		copy_sized(e.hash, sizeof(e.hash), res, r, 7);
		*last = e.id;
		rc = fn(&e, ctx);
	}
	return rc;
}

int pg_audit_each(struct store *st, const struct audit_filter *f, store_audit_fn fn, void *ctx,
		  struct err *err)
{
	struct strbuf sql = STRBUF_INIT;
	struct pg_params base, p;
	bool desc = f && f->newest_first;
	int64_t left = f && f->limit > 0 ? f->limit : -1;
	int64_t cursor = desc ? INT64_MAX : 0;
	int rc = HIM_OK;

	pg_params_init(&base);
	strbuf_adds(&sql, "SELECT id, at, actor, action, object, detail, prev_hash, hash FROM audit WHERE true");
	if (f && f->actor) {
		add_cond(&sql, &base, "actor =");
		pg_param_text(&base, f->actor);
	}
	if (f && f->object) {
		add_cond(&sql, &base, "object =");
		pg_param_text(&base, f->object);
	}
	if (f && f->since) {
		/* Also "id at least the smallest id of an entry since then":
		 * implied by the first condition, so the rows are the same, but
		 * it lets the id-ordered scan start where the period starts.
		 * Alone, the planner scans the primary key from the beginning,
		 * filtering by time, through every older entry (seconds on a
		 * national log for "since yesterday"). The OFFSET 0 keeps the
		 * minimum an index-only scan of audit_at over the period. Not
		 * "id >= the first entry's of the period by time": moved
		 * entries (himaya migrate) keep their old times under new ids. */
		strbuf_addf(&sql, " AND at >= $%d AND id >= (SELECT min(id) FROM"
				  " (SELECT id FROM audit WHERE at >= $%d OFFSET 0) AS since)",
			    base.n + 1, base.n + 1);
		pg_param_text(&base, f->since);
	}
	if (f && f->after_id > 0) {
		add_cond(&sql, &base, "id >");
		pg_param_int(&base, f->after_id);
	}
	if (f && f->before_id > 0) {
		add_cond(&sql, &base, "id <");
		pg_param_int(&base, f->before_id);
	}
	/* The keyset cursor and the page size are the last two parameters. */
	strbuf_addf(&sql, desc ? " AND id < $%d ORDER BY id DESC LIMIT $%d" : " AND id > $%d ORDER BY id LIMIT $%d",
		    base.n + 1, base.n + 2);
	for (;;) {
		int64_t page = left >= 0 && left < AUDIT_PAGE ? left : AUDIT_PAGE;
		int64_t last = cursor;
		PGresult *res;
		int rows;

		if (page == 0)
			break;
		/* Copy the filter's parameters: the struct's own buffers hold
		 * the numbers, so copy by value and re-point them. */
		p = base;
		for (int i = 0; i < p.n; i++)
			if (base.values[i] == base.buf[i])
				p.values[i] = p.buf[i];
		pg_param_int(&p, cursor);
		pg_param_int(&p, page);
		if ((rc = pg_query_built(st, sql.buf, &p, &res, "reading the audit log", err)) != HIM_OK)
			break;
		rows = PQntuples(res);
		rc = audit_page(res, fn, ctx, &last);
		PQclear(res);
		if (rc != HIM_OK || rows < page)
			break;
		cursor = last;
		if (left > 0)
			left -= rows;
	}
	strbuf_release(&sql);
	return rc;
}
