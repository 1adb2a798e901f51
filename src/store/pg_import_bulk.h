/*
 * pg_import_bulk.h - a large import into a small PostgreSQL database:
 * secondary indexes set aside and rebuilt at the end, and an in-memory
 * filter that answers "not stored" without a round trip
 * (pg_import_bulk.c has the why and the measurements).
 *
 * Ownership: the state hangs off the connection (struct pg_impl's bulk),
 * made by _begin, freed by _end or _close.
 */
#ifndef HIMAYA_PG_IMPORT_BULK_H
#define HIMAYA_PG_IMPORT_BULK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;
struct err;

struct pg_import_bulk;

/* backend.h's import_bulk_begin / import_bulk_end. */
int pg_import_bulk_begin(struct store *st, int64_t size, struct err *err);
int pg_import_bulk_end(struct store *st, struct err *err);

/* At open: rebuild the indexes an import killed mid-way left set aside,
 * unless an import that set them aside is still running. Best effort: a
 * failure leaves queries correct, only slower, and the next open retries. */
void pg_import_bulk_repair(struct store *st);
/* At close: an import that failed before its end rebuilds its indexes
 * here; frees the state. */
void pg_import_bulk_close(struct store *st);

/* Called by each import batch under the write lock, with the highest
 * referral id stored: the filter takes in the referrals others stored
 * since the last batch. No-op outside a large import. */
int pg_import_bulk_batch_open(struct store *st, int64_t max_id, struct err *err);
/* True when (platform, external_id) is certainly not stored; false when it
 * may be (ask the database) or outside a large import. */
bool pg_import_bulk_absent(struct store *st, const char *platform, const char *external_id);
/* This batch gave id to (platform, external_id). */
void pg_import_bulk_note(struct store *st, const char *platform, const char *external_id, int64_t id);


#endif
