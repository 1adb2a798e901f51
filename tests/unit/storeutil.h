/*
 * storeutil.h - a fresh database for one unit test: a temporary file,
 * migrated, with the real reference data synced into it, removed with its
 * WAL and shared-memory files afterwards. Store-tier tests and above.
 */
#ifndef HIMAYA_STOREUTIL_H
#define HIMAYA_STOREUTIL_H

#include <unistd.h>

#include "testutil.h"
#include "store/store.h"

struct test_db {
	char path[64];
	struct store *st;
	struct court_map map; /* the reference data as the files give it */
	struct vocab vocab;
};

/* Open a new database named after prefix ("audit" -> /tmp/himaya-audit-XXXXXX). */
static inline void test_db_open(struct test_db *db, const char *prefix)
{
	struct err err = ERR_INIT;
	int fd;

	memset(db, 0, sizeof(*db));
	snprintf(db->path, sizeof(db->path), "/tmp/himaya-%s-XXXXXX", prefix);
	fd = mkstemp(db->path);
	assert_true(fd >= 0);
	close(fd);
	unlink(db->path);
	if (store_open(&db->st, db->path, &err) != HIM_OK)
		fail_msg("store_open: %s", err.msg);
	test_load_map(&db->map);
	test_load_vocab(&db->vocab);
	if (store_reference_sync(db->st, &db->map, &db->vocab, NULL, &err) != HIM_OK)
		fail_msg("sync: %s", err.msg);
}

static inline void test_db_close(struct test_db *db)
{
	char side[80];

	store_close(db->st);
	court_map_release(&db->map);
	vocab_release(&db->vocab);
	unlink(db->path);
	snprintf(side, sizeof(side), "%s-wal", db->path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", db->path);
	unlink(side);
	db->st = NULL;
}

#endif
