/*
 * storeutil.h - a fresh database for one unit test, migrated, with the
 * real reference data synced into it, removed afterwards; and the steps
 * of writing cases, events and referrals that several store tests take.
 * Store-tier tests and above.
 *
 * Which backend: by default a temporary SQLite file (removed with its WAL
 * and shared-memory files). With HIMAYA_TEST_PG set to a PostgreSQL URL
 * (tests/run.sh sets it for its PostgreSQL pass), a new database on that
 * server, created from HIMAYA_TEST_PG_TEMPLATE when given (a database
 * already migrated and synced: much faster than migrating each time) and
 * dropped at the end. A server that cannot be reached fails the test; it
 * never falls back to SQLite.
 */
#ifndef HIMAYA_STOREUTIL_H
#define HIMAYA_STOREUTIL_H

#include <libpq-fe.h>
#include <unistd.h>

#include "testutil.h"
#include "store/store.h"

/* Do the tests run on PostgreSQL (HIMAYA_TEST_PG set)? */
static inline bool test_db_is_pg(void)
{
	const char *url = getenv("HIMAYA_TEST_PG");
	return url && *url;
}

struct test_db {
	char path[512];    /* the SQLite file, or the PostgreSQL URL */
	char pg_name[64];  /* the PostgreSQL database, "" on SQLite */
	struct store *st;
	struct court_map map; /* the reference data as the files give it */
	struct vocab vocab;
};

/* Run one statement on the server of HIMAYA_TEST_PG (CREATE/DROP DATABASE
 * cannot run through the store: they are not the store's business). */
static inline void test_pg_admin(const char *sql)
{
	PGconn *c = PQconnectdb(getenv("HIMAYA_TEST_PG"));
	PGresult *r;

	if (PQstatus(c) != CONNECTION_OK)
		fail_msg("HIMAYA_TEST_PG: cannot connect: %s", PQerrorMessage(c));
	r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		fail_msg("%s: %s", sql, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
}

/* The URL of HIMAYA_TEST_PG with its database name replaced by name. */
static inline void test_pg_url(char *out, size_t size, const char *name)
{
	const char *base = getenv("HIMAYA_TEST_PG");
	const char *slash = strrchr(base, '/');
	const char *query = strchr(slash, '?');

	snprintf(out, size, "%.*s/%s%s", (int)(slash - base), base, name, query ? query : "");
}

/* A new database on the test server, from the template when there is one. */
static inline void test_pg_create(struct test_db *db, const char *prefix)
{
	static unsigned counter;
	const char *tmpl = getenv("HIMAYA_TEST_PG_TEMPLATE");
	char sql[256];

	snprintf(db->pg_name, sizeof(db->pg_name), "t_%s_%d_%u", prefix, (int)getpid(), counter++);
	snprintf(sql, sizeof(sql), "CREATE DATABASE \"%s\" TEMPLATE \"%s\" STRATEGY FILE_COPY", db->pg_name,
		 tmpl && *tmpl ? tmpl : "template0");
	test_pg_admin(sql);
	test_pg_url(db->path, sizeof(db->path), db->pg_name);
}

/* Open a new database named after prefix ("audit" -> /tmp/himaya-audit-XXXXXX,
 * or a PostgreSQL database t_audit_PID_N). */
static inline void test_db_open(struct test_db *db, const char *prefix)
{
	struct err err = ERR_INIT;
	int fd;

	memset(db, 0, sizeof(*db));
	if (test_db_is_pg()) {
		test_pg_create(db, prefix);
	} else {
		snprintf(db->path, sizeof(db->path), "/tmp/himaya-%s-XXXXXX", prefix);
		fd = mkstemp(db->path);
		assert_true(fd >= 0);
		close(fd);
		unlink(db->path);
	}
	if (store_open(&db->st, db->path, &err) != HIM_OK)
		fail_msg("store_open: %s", err.msg);
	test_load_map(&db->map);
	test_load_vocab(&db->vocab);
	if (store_reference_sync(db->st, &db->map, &db->vocab, NULL, &err) != HIM_OK)
		fail_msg("sync: %s", err.msg);
}

static inline void test_db_close(struct test_db *db)
{
	char side[600];

	store_close(db->st);
	court_map_release(&db->map);
	vocab_release(&db->vocab);
	db->st = NULL;
	if (db->pg_name[0]) {
		snprintf(side, sizeof(side), "DROP DATABASE \"%s\" WITH (FORCE)", db->pg_name);
		test_pg_admin(side);
		return;
	}
	unlink(db->path);
	snprintf(side, sizeof(side), "%s-wal", db->path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", db->path);
	unlink(side);
}

/*
 * Append an event to case id as a national user on today, the date given
 * as YYYY-MM-DD and code "" when NULL; the store's answer is returned so
 * that a test can expect a refusal (why may be NULL).
 */
static inline int test_case_add_event(struct store *st, int64_t id, const char *type, const char *date,
				      const char *code, date_t today, enum stage_refusal *why)
{
	struct case_event ev;
	struct err err = ERR_INIT;
	struct scope national = scope_national();
	int rc;

	case_event_init(&ev);
	assert_true(event_type_parse(type, &ev.type));
	ev.date = D(date);
	if (code)
		memcpy(ev.code, code, strlen(code) + 1);
	rc = store_case_add_event(st, &national, id, &ev, today, why, &err);
	case_event_release(&ev);
	return rc;
}

/* --- referral batches, written nationally; a refusal fails the test --- */

static inline struct referral_batch *test_referral_batch(struct store *st, int64_t import_id)
{
	struct scope national = scope_national();
	struct referral_batch *b;
	struct err err = ERR_INIT;

	if (store_referral_batch_begin(st, &national, import_id, &b, &err) != HIM_OK)
		fail_msg("batch: %s", err.msg);
	return b;
}

/* Put r into the batch and release it. */
static inline enum referral_outcome test_referral_put(struct referral_batch *b, struct referral *r)
{
	enum referral_outcome out;
	struct err err = ERR_INIT;

	if (store_referral_put(b, r, &out, &err) != HIM_OK)
		fail_msg("put %s: %s", r->external_id, err.msg);
	referral_release(r);
	return out;
}

static inline void test_referral_commit(struct referral_batch *b)
{
	struct err err = ERR_INIT;

	if (store_referral_batch_commit(b, 0, NULL, &err) != HIM_OK)
		fail_msg("commit: %s", err.msg);
}

static inline int test_referral_count_one(const struct referral_record *rec, void *ctx)
{
	(void)rec;
	(*(int64_t *)ctx)++;
	return 0;
}

/* The referrals of the whole country that f lets through (NULL: all). */
static inline int64_t test_referral_count(struct store *st, const struct referral_filter *f)
{
	struct scope national = scope_national();
	struct referral_filter all;
	struct err err = ERR_INIT;
	int64_t n = 0;

	referral_filter_init(&all);
	if (store_referral_list(st, &national, f ? f : &all, test_referral_count_one, &n, &err) != HIM_OK)
		fail_msg("list: %s", err.msg);
	return n;
}

#endif
