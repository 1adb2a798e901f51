/*
 * storeutil.h - a fresh database for one unit test, migrated, with the
 * real reference data synced into it, removed afterwards. Store-tier tests
 * and above.
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

#endif
