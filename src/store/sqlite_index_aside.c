/*
 * sqlite_index_aside.c - a write that replaces a whole table's rows
 * (a link rebuild) builds the table's secondary indexes once, sorted,
 * after the rows, instead of inserting into them row by row.
 *
 * Why: a rebuild writes a subject per referral and a link per union, and
 * subjects are not in referral order, so each row lands at a random place
 * of each index; SQLite builds an index from a full table in one sorted
 * pass. Unlike a bulk import (sqlite_import_bulk.c), the drop, the rows
 * and the rebuild are one transaction: a crash rolls all three back, so
 * nothing is left to repair. The definitions are read from the schema
 * itself, so they cannot drift from the migrations.
 */
#include "sqlite_internal.h"

#include "../lib/strbuf.h"
#include "../lib/banned.h"

int sq_indexes_set_aside(struct store *st, const char *table, struct strbuf *defs, struct err *err)
{
	struct strbuf drop = STRBUF_INIT;
	sqlite3_stmt *s;
	int rc, step;

	if ((rc = sq_prepare(st, &s, "SELECT name, sql FROM sqlite_master"
			     " WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL ORDER BY name", err)) != HIM_OK)
		return rc;
	sq_bind_text(s, 1, table);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		strbuf_addf(defs, "%s;\n", (const char *)sqlite3_column_text(s, 1));
		strbuf_addf(&drop, "DROP INDEX \"%s\";\n", (const char *)sqlite3_column_text(s, 0));
	}
	if (step != SQLITE_DONE)
		rc = sq_error(st, err, "reading the indexes to set aside");
	sqlite3_finalize(s);
	if (rc == HIM_OK && drop.len)
		rc = sq_exec(st, drop.buf, err);
	strbuf_release(&drop);
	return rc;
}

int sq_indexes_restore(struct store *st, const struct strbuf *defs, struct err *err)
{
	return defs->len ? sq_exec(st, defs->buf, err) : HIM_OK;
}
