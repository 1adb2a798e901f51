/*
 * pg_subject_internal.h - shared by the two files of the PostgreSQL
 * subject primitives: pg_subjects.c (the linker's inputs and results,
 * decisions, the backend table) and pg_subject_read.c (what subject
 * pages, routing and triage read, and the row loops both use).
 */
#ifndef HIMAYA_PG_SUBJECT_INTERNAL_H
#define HIMAYA_PG_SUBJECT_INTERNAL_H

#include "pg_internal.h"
#include "subject_backend.h"

/* An instant (timestamptz) as the store's UTC seconds. */
#define PG_EPOCH(col) "extract(epoch FROM " col ")::bigint"

/* Called for row r of res; anything but HIM_OK stops the loop. */
typedef int (*pg_row_fn)(const PGresult *res, int r, void *ctx);

/* Run a prepared query (sql: a string constant), calling row for each. */
int pg_each_row(struct store *st, const char *sql, const struct pg_params *p, pg_row_fn row, void *ctx,
		const char *what, struct err *err);
/* The same through a cursor, a batch of rows at a time, for a query that
 * may return a row per referral (see pg_subject_read.c). */
int pg_each_batched(struct store *st, const char *sql, const struct pg_params *p, pg_row_fn row, void *ctx,
		    const char *what, struct err *err);

/* subject_backend's reads (the contracts are store.h's). */
int pg_subject_list(struct store *st, int64_t subject_id, store_subject_fn fn, void *ctx, struct err *err);
int pg_subject_links(struct store *st, int64_t subject_id, store_subject_link_fn fn, void *ctx, struct err *err);
int pg_subject_same_content(struct store *st, int64_t subject_id, store_same_content_fn fn, void *ctx,
			    struct err *err);
int pg_subject_locations(struct store *st, int64_t subject_id, store_subject_location_fn fn, void *ctx,
			 struct err *err);
int pg_subject_ip_times(struct store *st, int64_t subject_id, store_subject_ip_time_fn fn, void *ctx,
			struct err *err);
int pg_subject_cases(struct store *st, store_subject_case_fn fn, void *ctx, struct err *err);
/* The values reported most often (pg_link_common.c). */
int pg_link_common_values(struct store *st, int64_t min, int64_t limit, store_link_common_fn fn, void *ctx,
			  struct err *err);

/* The linker's queue and tallies (pg_link_pending.c). */
int pg_link_pending(struct store *st, store_link_pending_fn fn, void *ctx, struct err *err);
int pg_link_pending_forget(struct store *st, const int64_t *rows, size_t n, struct err *err);
int pg_link_counts(struct store *st, struct link_counts *out, struct err *err);

#endif
