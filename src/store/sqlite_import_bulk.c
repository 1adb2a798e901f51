/*
 * sqlite_import_bulk.c - large imports into the SQLite backend without
 * maintaining the secondary indexes row by row.
 *
 * Why: an import's rows land at scattered places of eight secondary
 * indexes (identifier values, addresses, file hashes, reception times);
 * maintained row by row they cost most of an import's time (perf: a CPS
 * import of 200,000 rows 14.3 s with them, 4.6 s without, and 1.0 s to
 * build them afterwards in one sorted pass each). So an import that will
 * at least double the referrals drops them first and builds them at the
 * end. The unique keys that de-duplicate rows (primary keys, UNIQUE) are
 * never dropped: idempotence does not depend on this.
 *
 * A crash between the two leaves the indexes missing, never wrong:
 * queries stay correct, only slower. The re-run that completes the import
 * builds them at its end, and so does any later open of the database that
 * finds the write lock free (sq_import_bulk_repair): an open while an
 * import holds the lock does not wait for it (it would fail after the busy
 * timeout, or rebuild the indexes in the middle of the import).
 */
#include "sqlite_internal.h"

#include <stdio.h>

#include "../lib/banned.h"

/* Must match the migrations (002_referrals.sql, 007_referrals_speed.sql, 011_file_key.sql,
 * 010_link_sightings.sql):
 * test_store_referrals checks that a bulk import leaves the schema
 * identical to a fresh database's. */
static const struct {
	const char *name;
	const char *create;
} deferred[] = {
	{ "referrals_received", "CREATE INDEX IF NOT EXISTS referrals_received ON referrals (received_at)" },
	{ "referral_idents_value", "CREATE INDEX IF NOT EXISTS referral_idents_value ON referral_idents (value, kind)" },
	{ "ip_events_addr", "CREATE INDEX IF NOT EXISTS ip_events_addr"
			    " ON ip_events (addr, at, referral_id, port, event, role, proxy)" },
	{ "referral_files_md5", "CREATE INDEX IF NOT EXISTS referral_files_md5 ON referral_files (md5) WHERE md5 <> ''" },
	{ "referral_files_sha1", "CREATE INDEX IF NOT EXISTS referral_files_sha1 ON referral_files (sha1) WHERE sha1 <> ''" },
	{ "referral_files_sha256",
	  "CREATE INDEX IF NOT EXISTS referral_files_sha256 ON referral_files (sha256) WHERE sha256 <> ''" },
	{ "referral_files_md4", "CREATE INDEX IF NOT EXISTS referral_files_md4 ON referral_files (md4) WHERE md4 <> ''" },
	{ "referral_files_infohash",
	  "CREATE INDEX IF NOT EXISTS referral_files_infohash ON referral_files (infohash) WHERE infohash <> ''" },
};
#define NDEFERRED (sizeof(deferred) / sizeof(deferred[0]))

/* A referral takes about 2 KB of input (an NCMEC report; a CPS lead's
 * rows): an import of size bytes brings about size / 2048 referrals. */
#define BYTES_PER_REFERRAL 2048

static int count_present(struct store *st, int *present, struct err *err)
{
	sqlite3_stmt *s;
	int rc = sq_prepare(st, &s, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?", err);

	*present = 0;
	for (size_t i = 0; i < NDEFERRED && rc == HIM_OK; i++) {
		sqlite3_bind_text(s, 1, deferred[i].name, -1, SQLITE_STATIC);
		if (sqlite3_step(s) == SQLITE_ROW)
			*present += sqlite3_column_int(s, 0);
		else
			rc = sq_error(st, err, "reading the schema");
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	return rc;
}

int sq_import_bulk_begin(struct store *st, int64_t size, struct err *err)
{
	sqlite3_stmt *s;
	int64_t referrals = 0;
	int rc;

	if ((rc = sq_prepare(st, &s, "SELECT coalesce(max(id), 0) FROM referrals", err)) != HIM_OK)
		return rc;
	if (sqlite3_step(s) == SQLITE_ROW)
		referrals = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (size / BYTES_PER_REFERRAL <= referrals)
		return HIM_OK; /* a small import into a large table: maintain them */
	if ((rc = sq_exec(st, "BEGIN IMMEDIATE", err)) != HIM_OK)
		return rc;
	for (size_t i = 0; i < NDEFERRED && rc == HIM_OK; i++) {
		char sql[96];
		snprintf(sql, sizeof(sql), "DROP INDEX IF EXISTS %s", deferred[i].name);
		rc = sq_exec(st, sql, err);
	}
	if (rc == HIM_OK)
		rc = sq_exec(st, "COMMIT", err);
	else
		sq_exec(st, "ROLLBACK", NULL);
	return rc;
}

int sq_import_bulk_end(struct store *st, struct err *err)
{
	int present, rc;

	if ((rc = count_present(st, &present, err)) != HIM_OK || present == (int)NDEFERRED)
		return rc;
	/* SQLite's sorter keeps up to the page cache's size in memory before
	 * spilling to temporary files: with the import's 32 MiB cache the
	 * sort passed the import's 64 MiB budget (67 MB peak on 200,000 CPS
	 * rows); with SQLite's default 2 MiB the peak is the import's own
	 * (56 MB) and the build no slower, its runs being sequential. */
	if ((rc = sq_exec(st, "PRAGMA cache_size = -2048", err)) != HIM_OK)
		return rc;
	/* The sorter may use a second core: the IP sightings' index of
	 * 2,000,000 rows (a CPS import of 1,000,000) built in 2.1-2.3 s
	 * instead of 2.7-2.8 s, for 4 MB more memory. */
	if ((rc = sq_exec(st, "PRAGMA threads = 2", err)) != HIM_OK)
		return rc;
	if ((rc = sq_exec(st, "BEGIN IMMEDIATE", err)) != HIM_OK)
		return rc;
	for (size_t i = 0; i < NDEFERRED && rc == HIM_OK; i++)
		rc = sq_exec(st, deferred[i].create, err);
	if (rc == HIM_OK)
		rc = sq_exec(st, "COMMIT", err);
	else
		sq_exec(st, "ROLLBACK", NULL);
	return rc;
}

void sq_import_bulk_repair(struct store *st)
{
	struct err ignored = ERR_INIT;
	int present;

	if (count_present(st, &present, &ignored) != HIM_OK || present == (int)NDEFERRED)
		return;
	sqlite3_busy_timeout(sq_db(st), 0);
	sq_import_bulk_end(st, &ignored);
	sqlite3_busy_timeout(sq_db(st), SQ_BUSY_TIMEOUT_MS);
}
