/*
 * pg_import_bulk.c - a large import into a small PostgreSQL database (the
 * backend's import_bulk_begin / import_bulk_end; the twin of
 * sqlite_import_bulk.c, plus an identity filter).
 *
 * Why, measured on bench/pg.sh's CPS file (server CPU of COPY): PostgreSQL
 * pays about a microsecond per index entry, and more once an index on
 * random keys outgrows the caches - ip_events 1.7 s with its (addr, at)
 * index, 0.9 s without at 200,000 rows, 12-17 s and 5-6 s at 1,000,000;
 * referral_files (md5, sha1) 1.7 s and 0.8 s, then 16 s and 4 s - while
 * building the same indexes afterwards, in one sorted pass each, costs
 * 4-5 s for all of them at 1,000,000 rows. So an import that
 * will at least double the referrals (the file's size says how many it
 * brings, about 2 KB each) sets those indexes aside first and builds them
 * at its end. The unique keys that de-duplicate rows and the identity
 * index that lookups use are never set aside: idempotence does not depend
 * on this, only speed.
 *
 * Crashes and other nodes: the definitions are copied, from pg_indexes,
 * into import_deferred_indexes (008_import_speed.sql) in the transaction
 * that drops them, so a rebuild makes exactly what the migrations made.
 * The import holds a session advisory lock from then to its end; a
 * process killed mid-way loses the lock with its connection. Any open
 * that finds definitions waiting and the lock free rebuilds them
 * (pg_import_bulk_repair); an open during the import finds the lock taken
 * and leaves them to it. Readers meanwhile get the same answers, slower.
 *
 * The identity filter: each new referral is first looked up by identity
 * (platform, external id) - one round trip per referral, 30% of the
 * import's own CPU on a fresh database, and nearly always "not there".
 * During a large import the filter holds a 64-bit hash of every stored
 * identity: absent from it means not stored, and no round trip. It is
 * loaded at the first batch (the table is small: that is what "large
 * import" means), and each batch, under the write lock, takes in what
 * other processes stored since (ids only grow: the store gives max + 1
 * under the same lock, and no referral is ever deleted). A hash that is
 * present, including a collision or an id of a batch that rolled back,
 * only sends the lookup to the database as before.
 */
#include "pg_internal.h"
#include "pg_import_bulk.h"
#include "pg_query.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/keyset.h"
#include "../lib/banned.h"

/* A session advisory lock key, next to pg.c's write and migration keys. */
#define PG_LOCK_BULK INT64_C(79617643870563)

/* A referral takes about 2 KB of input (an NCMEC report; a CPS lead's
 * rows): an import of size bytes brings about size / 2048 referrals. */
#define BYTES_PER_REFERRAL 2048

/* The secondary indexes of 002_referrals.sql an import maintains for
 * queries only; test_import_bulk.sh checks the schema after an import is a
 * fresh database's. Not the partial indexes of the hashes files seldom
 * carry (sha256, md4, infohash): a row without one costs them nothing,
 * while building each again reads the whole table (0.1-0.2 s at 200,000
 * CPS rows, for an index with no entry). */
static const char deferred_names[] =
	"{referrals_received,referral_idents_value,ip_events_addr,referral_files_md5,referral_files_sha1}";
static const char drop_sql[] =
	"DROP INDEX IF EXISTS referrals_received, referral_idents_value, ip_events_addr, referral_files_md5,"
	" referral_files_sha1";

struct pg_import_bulk {
	bool own_lock;          /* this connection set the indexes aside */
	uint64_t *slots;        /* the filter: hashes, 0 for an empty slot */
	size_t cap, n;
	int64_t covered;        /* every referral with id <= covered is in it */
	int64_t mine_first;     /* ids given by this connection's batch */
	int64_t mine_last;      /* (mine_last < mine_first: none) */
	bool ready;             /* a batch has brought it up to date */
};

static struct pg_import_bulk **bulk_of(struct store *st)
{
	return &((struct pg_impl *)st->impl)->bulk;
}

/* --- the filter --- */

static uint64_t identity_hash(const char *platform, const char *external_id)
{
	size_t lp = strlen(platform), le = strlen(external_id);
	char stack[256];
	char *buf = lp + le + 1 <= sizeof(stack) ? stack : xmalloc(lp + le + 1);
	uint64_t h;

	/* The platform is a code (no NUL inside): NUL separates the two. */
	memcpy(buf, platform, lp);
	buf[lp] = '\0';
	memcpy(buf + lp + 1, external_id, le);
	h = key_hash_bytes(buf, lp + 1 + le);
	if (buf != stack)
		free(buf);
	return h;
}

static size_t filter_find(const struct pg_import_bulk *b, uint64_t h)
{
	size_t mask = b->cap - 1, i = (size_t)h & mask;

	while (b->slots[i] && b->slots[i] != h)
		i = (i + 1) & mask;
	return i;
}

static void filter_add(struct pg_import_bulk *b, uint64_t h)
{
	size_t i;

	if (2 * (b->n + 1) > b->cap) {
		uint64_t *old = b->slots;
		size_t oldcap = b->cap;

		b->cap = b->cap ? 2 * b->cap : 4096;
		b->slots = xcalloc(b->cap, sizeof(*b->slots));
		for (size_t k = 0; k < oldcap; k++)
			if (old[k])
				b->slots[filter_find(b, old[k])] = old[k];
		free(old);
	}
	i = filter_find(b, h);
	if (!b->slots[i]) {
		b->slots[i] = h;
		b->n++;
	}
}

static int filter_row(const PGresult *res, int r, void *ctx)
{
	filter_add(ctx, identity_hash(PQgetvalue(res, r, 0), PQgetvalue(res, r, 1)));
	return 0;
}

int pg_import_bulk_batch_open(struct store *st, int64_t max_id, struct err *err)
{
	static const char sql[] = "SELECT platform, external_id FROM referrals WHERE id > $1 AND id <= $2";
	struct pg_import_bulk *b = *bulk_of(st);
	struct pg_params p;
	int rc = HIM_OK;

	if (!b)
		return HIM_OK;
	/* Ids above covered are this connection's last batch (in the filter
	 * already) or another process's: read them unless they are all ours. */
	if (max_id > b->covered && !(b->mine_first == b->covered + 1 && b->mine_last == max_id)) {
		pg_params_init(&p);
		pg_param_int(&p, b->covered);
		pg_param_int(&p, max_id);
		rc = pg_stream(st, sql, &p, filter_row, b, "reading the stored referrals' identities", err);
	}
	if (rc == HIM_OK && max_id > b->covered)
		b->covered = max_id;
	b->mine_first = max_id + 1;
	b->mine_last = max_id;
	b->ready = rc == HIM_OK;
	return rc;
}

bool pg_import_bulk_absent(struct store *st, const char *platform, const char *external_id)
{
	const struct pg_import_bulk *b = *bulk_of(st);

	return b && b->ready && (!b->cap || !b->slots[filter_find(b, identity_hash(platform, external_id))]);
}

void pg_import_bulk_note(struct store *st, const char *platform, const char *external_id, int64_t id)
{
	struct pg_import_bulk *b = *bulk_of(st);

	if (!b)
		return;
	filter_add(b, identity_hash(platform, external_id));
	if (id > b->mine_last)
		b->mine_last = id;
}

/* --- the indexes --- */

static int lock_call(struct store *st, const char *sql, bool *got, struct err *err)
{
	struct pg_params p;
	PGresult *res;
	int rc;

	pg_params_init(&p);
	pg_param_int(&p, PG_LOCK_BULK);
	if ((rc = pg_query(st, sql, &p, &res, "the bulk import lock", err)) != HIM_OK)
		return rc;
	if (got)
		*got = pg_col_bool(res, 0, 0);
	PQclear(res);
	return HIM_OK;
}

static int lock_try(struct store *st, bool *got, struct err *err)
{
	static const char sql[] = "SELECT pg_try_advisory_lock($1)";
	return lock_call(st, sql, got, err);
}

static void lock_release(struct store *st)
{
	static const char sql[] = "SELECT pg_advisory_unlock($1)";
	lock_call(st, sql, NULL, NULL);
}

/* Build every index set aside, in one transaction under the write lock
 * (taken first, as every writer does: no lock-order inversion with an
 * import's batch). */
static int rebuild(struct store *st, struct err *err)
{
	static const char list_sql[] =
		"SELECT definition FROM import_deferred_indexes WHERE to_regclass(name) IS NULL ORDER BY name";
	static const char done_sql[] = "DELETE FROM import_deferred_indexes";
	PGresult *res = NULL;
	int rc;

	if ((rc = st->be->begin(st, err)) != HIM_OK)
		return rc;
	/* A sort of the whole table per index: in memory rather than in
	 * temporary files for a few million rows. */
	rc = pg_exec(st, "SET LOCAL maintenance_work_mem = '256MB'", err);
	if (rc == HIM_OK)
		rc = pg_query(st, list_sql, NULL, &res, "reading the indexes set aside", err);
	for (int i = 0; rc == HIM_OK && i < PQntuples(res); i++) {
		rc = pg_exec(st, PQgetvalue(res, i, 0), err);
		if (rc != HIM_OK)
			err_prefix(err, "building the index set aside for the import (%s)", PQgetvalue(res, i, 0));
	}
	PQclear(res);
	if (rc == HIM_OK)
		rc = pg_query(st, done_sql, NULL, NULL, "recording the indexes built", err);
	if (rc == HIM_OK)
		rc = st->be->commit(st, err);
	if (rc != HIM_OK)
		st->be->rollback(st);
	return rc;
}

static int waiting(struct store *st, bool *any, struct err *err)
{
	static const char sql[] = "SELECT EXISTS (SELECT 1 FROM import_deferred_indexes)";
	PGresult *res;
	int rc = pg_query(st, sql, NULL, &res, "reading the indexes set aside", err);

	if (rc == HIM_OK) {
		*any = pg_col_bool(res, 0, 0);
		PQclear(res);
	}
	return rc;
}

/* Rebuild what is set aside unless another live import set it aside. */
static int rebuild_if_free(struct store *st, struct err *err)
{
	bool any = false, got = false;
	int rc;

	if ((rc = waiting(st, &any, err)) != HIM_OK || !any)
		return rc;
	if ((rc = lock_try(st, &got, err)) != HIM_OK || !got)
		return rc;
	rc = rebuild(st, err);
	lock_release(st);
	return rc;
}

static void bulk_free(struct store *st)
{
	struct pg_import_bulk **b = bulk_of(st);

	if (!*b)
		return;
	free((*b)->slots);
	free(*b);
	*b = NULL;
}

/* Set the indexes aside, if no other import has: their definitions kept,
 * then dropped, in the caller's transaction. */
static int set_aside(struct store *st, struct pg_import_bulk *b, struct err *err)
{
	static const char keep_sql[] =
		"INSERT INTO import_deferred_indexes (name, definition, set_aside)"
		" SELECT indexname, indexdef, now() FROM pg_indexes"
		" WHERE schemaname = current_schema() AND indexname = ANY ($1::text[])"
		" ON CONFLICT (name) DO NOTHING";
	struct pg_params p;
	bool got = false;
	int rc;

	if ((rc = lock_try(st, &got, err)) != HIM_OK || !got)
		return rc;
	b->own_lock = true;
	pg_params_init(&p);
	pg_param_text(&p, deferred_names);
	rc = pg_query(st, keep_sql, &p, NULL, "keeping the index definitions", err);
	if (rc == HIM_OK)
		rc = pg_exec(st, drop_sql, err);
	return rc;
}

int pg_import_bulk_begin(struct store *st, int64_t size, struct err *err)
{
	static const char count_sql[] = "SELECT coalesce(max(id), 0) FROM referrals";
	struct pg_import_bulk *b;
	PGresult *res;
	int64_t stored;
	int rc;

	pg_import_bulk_close(st); /* an earlier import of this process that failed */
	if ((rc = st->be->begin(st, err)) != HIM_OK)
		return rc;
	if ((rc = pg_query(st, count_sql, NULL, &res, "reading the referrals", err)) != HIM_OK) {
		st->be->rollback(st);
		return rc;
	}
	stored = pg_col_int(res, 0, 0);
	PQclear(res);
	if (size / BYTES_PER_REFERRAL <= stored) {
		/* A small import into a large table: maintain the indexes, and
		 * ask the database about each identity. */
		st->be->rollback(st);
		return HIM_OK;
	}
	b = xcalloc(1, sizeof(*b));
	b->mine_first = 1;
	*bulk_of(st) = b;
	rc = set_aside(st, b, err);
	if (rc == HIM_OK)
		rc = st->be->commit(st, err);
	if (rc != HIM_OK) {
		st->be->rollback(st);
		if (b->own_lock)
			lock_release(st);
		bulk_free(st);
	}
	return rc;
}

int pg_import_bulk_end(struct store *st, struct err *err)
{
	struct pg_import_bulk *b = *bulk_of(st);
	int rc;

	if (b && b->own_lock) {
		rc = rebuild(st, err);
		lock_release(st);
	} else {
		/* Not ours (or no large import): rebuild what a killed one
		 * left, as an open would. */
		rc = rebuild_if_free(st, err);
	}
	bulk_free(st);
	return rc;
}

void pg_import_bulk_repair(struct store *st)
{
	struct err ignored = ERR_INIT;

	rebuild_if_free(st, &ignored);
}

void pg_import_bulk_close(struct store *st)
{
	struct pg_import_bulk *b = *bulk_of(st);
	struct err ignored = ERR_INIT;

	if (b && b->own_lock && PQstatus(pg_conn(st)) == CONNECTION_OK) {
		st->be->rollback(st);
		rebuild(st, &ignored);
		lock_release(st);
	}
	bulk_free(st);
}
