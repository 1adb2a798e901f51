/*
 * sqlite_audit.c - the SQLite primitives of the audit log: read the tail
 * of the chain, insert an entry, stream entries by filter. The chain
 * itself (hashing, verification) is backend-neutral, in store_audit.c.
 *
 * Serialisation: store_audit.c reads the tail and inserts the next entry
 * inside a BEGIN IMMEDIATE transaction, which holds SQLite's one write
 * lock from the start, so no two appends can read the same tail.
 */
#include "sqlite_internal.h"

#include <string.h>

#include "sqlite_query.h"
#include "../lib/banned.h"

static void copy_sized(char *out, size_t size, sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	size_t n = t ? strlen((const char *)t) : 0;

	if (n >= size)
		n = size - 1;
	if (n)
		memcpy(out, t, n);
	out[n] = '\0';
}

int sq_audit_tail(struct store *st, int64_t *id, char hash[AUDIT_HASH_HEX], struct err *err)
{
	sqlite3_stmt *s;
	int rc, step;

	if ((rc = sq_prepare(st, &s, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", err)) != HIM_OK)
		return rc;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		copy_sized(hash, AUDIT_HASH_HEX, s, 1);
	} else if (step == SQLITE_DONE) {
		*id = 0;
		memset(hash, '0', AUDIT_HASH_HEX - 1);
		hash[AUDIT_HASH_HEX - 1] = '\0';
	} else {
		rc = sq_error(st, err, "reading the audit log's last entry");
	}
	sqlite3_finalize(s);
	return rc;
}

int sq_data_version_bump(struct store *st, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = sq_prepare(st, &s, "UPDATE data_version SET n = n + 1 WHERE id = 1", err)) != HIM_OK)
		return rc;
	rc = sqlite3_step(s) == SQLITE_DONE ? HIM_OK : sq_error(st, err, "moving the data version");
	sqlite3_finalize(s);
	return rc;
}

int sq_data_version_read(struct store *st, int64_t *out, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	*out = 0;
	if ((rc = sq_prepare(st, &s, "SELECT n FROM data_version WHERE id = 1", err)) != HIM_OK)
		return rc;
	if (sqlite3_step(s) == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	else
		rc = sq_error(st, err, "reading the data version");
	sqlite3_finalize(s);
	return rc;
}

int sq_audit_insert(struct store *st, const struct audit_entry *e, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	rc = sq_prepare(st, &s, "INSERT INTO audit (id, at, actor, action, object, detail, prev_hash, hash)"
				" VALUES (?, ?, ?, ?, ?, ?, ?, ?)", err);
	if (rc != HIM_OK)
		return rc;
	sqlite3_bind_int64(s, 1, e->id);
	sq_bind_text(s, 2, e->at);
	sq_bind_text(s, 3, e->actor);
	sq_bind_text(s, 4, e->action);
	sq_bind_text(s, 5, e->object);
	sq_bind_text(s, 6, e->detail);
	sq_bind_text(s, 7, e->prev_hash);
	sq_bind_text(s, 8, e->hash);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = sq_error(st, err, "appending to the audit log");
	sqlite3_finalize(s);
	return rc;
}

static const char *col(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t ? (const char *)t : "";
}

int sq_audit_each(struct store *st, const struct audit_filter *f, store_audit_fn fn, void *ctx,
		  struct err *err)
{
	struct query q = QUERY_INIT;
	struct audit_entry e;
	sqlite3_stmt *s;
	int rc, step;

	strbuf_adds(&q.sql, "SELECT id, at, actor, action, object, detail, prev_hash, hash FROM audit WHERE 1");
	if (f && f->actor)
		query_text(&q, " AND actor = ?", f->actor);
	if (f && f->object)
		query_text(&q, " AND object = ?", f->object);
	if (f && f->since)
		query_text(&q, " AND at >= ?", f->since);
	if (f && f->after_id > 0)
		query_num(&q, " AND id > ?", f->after_id, BIND_INT);
	if (f && f->before_id > 0)
		query_num(&q, " AND id < ?", f->before_id, BIND_INT);
	strbuf_adds(&q.sql, f && f->newest_first ? " ORDER BY id DESC" : " ORDER BY id");
	if (f && f->limit > 0)
		query_num(&q, " LIMIT ?", f->limit, BIND_INT);
	rc = sq_prepare(st, &s, q.sql.buf, err);
	if (rc == HIM_OK) {
		query_bind(&q, s);
		while ((step = sqlite3_step(s)) == SQLITE_ROW) {
			memset(&e, 0, sizeof(e));
			e.id = sqlite3_column_int64(s, 0);
			copy_sized(e.at, sizeof(e.at), s, 1);
			e.actor = col(s, 2);
			e.action = col(s, 3);
			e.object = col(s, 4);
			e.detail = col(s, 5);
			copy_sized(e.prev_hash, sizeof(e.prev_hash), s, 6);
			copy_sized(e.hash, sizeof(e.hash), s, 7);
			if ((rc = fn(&e, ctx)) != 0)
				break;
		}
		if (rc == HIM_OK && step != SQLITE_DONE)
			rc = sq_error(st, err, "reading the audit log");
		sqlite3_finalize(s);
	}
	strbuf_release(&q.sql);
	return rc;
}
