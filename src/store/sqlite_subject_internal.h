/*
 * sqlite_subject_internal.h - shared by the two files of the SQLite
 * subject primitives: sqlite_subjects.c (the linker's inputs and results,
 * decisions, the backend table) and sqlite_subject_read.c (what subject
 * pages, routing and triage read, and the row loop both use).
 */
#ifndef HIMAYA_SQLITE_SUBJECT_INTERNAL_H
#define HIMAYA_SQLITE_SUBJECT_INTERNAL_H

#include "sqlite_internal.h"
#include "subject_backend.h"

/* Called for each row; anything but HIM_OK stops the loop. */
typedef int (*sq_row_fn)(sqlite3_stmt *s, void *ctx);

/* Column i as text, "" for NULL. */
const char *sq_subject_text(sqlite3_stmt *s, int i);
/* Run a prepared query to its end, calling row for each row; finalizes. */
int sq_each_row(struct store *st, sqlite3_stmt *s, sq_row_fn row, void *ctx, struct err *err, const char *what);

/* subject_backend's reads (the contracts are store.h's). */
int sq_subject_list(struct store *st, int64_t subject_id, store_subject_fn fn, void *ctx, struct err *err);
int sq_subject_links(struct store *st, int64_t subject_id, store_subject_link_fn fn, void *ctx, struct err *err);
int sq_subject_same_content(struct store *st, int64_t subject_id, store_same_content_fn fn, void *ctx,
			    struct err *err);
int sq_subject_locations(struct store *st, int64_t subject_id, store_subject_location_fn fn, void *ctx,
			 struct err *err);
int sq_subject_ip_times(struct store *st, int64_t subject_id, store_subject_ip_time_fn fn, void *ctx,
			struct err *err);
int sq_subject_cases(struct store *st, store_subject_case_fn fn, void *ctx, struct err *err);
/* The values reported most often (sqlite_link_common.c). */
int sq_link_common_values(struct store *st, int64_t min, int64_t limit, store_link_common_fn fn, void *ctx,
			  struct err *err);

/* sqlite_link_pending.c: the linker's queue and tallies. */
int sq_link_pending(struct store *st, store_link_pending_fn fn, void *ctx, struct err *err);
int sq_link_pending_forget(struct store *st, const int64_t *rows, size_t n, struct err *err);
int sq_link_counts(struct store *st, struct link_counts *out, struct err *err);

#endif
