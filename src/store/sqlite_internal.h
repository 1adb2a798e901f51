/*
 * sqlite_internal.h - shared between the files of the SQLite backend.
 */
#ifndef HIMAYA_SQLITE_INTERNAL_H
#define HIMAYA_SQLITE_INTERNAL_H

#include <sqlite3.h>

#include "backend.h"

struct sqlite_impl {
	sqlite3 *db;
	char *path;
};

static inline sqlite3 *sq_db(struct store *st)
{
	return ((struct sqlite_impl *)st->impl)->db;
}

/* Translate the connection's last error into err (HIM_EDB, or HIM_ECONFLICT
 * for a constraint violation). what says what was being done. */
int sq_error(struct store *st, struct err *err, const char *what);

int sq_prepare(struct store *st, sqlite3_stmt **stmt, const char *sql, struct err *err);
int sq_exec(struct store *st, const char *sql, struct err *err);

/* Bind helpers: NULL / DATE_NONE / negative "unknown" bind SQL NULL. */
int sq_bind_text(sqlite3_stmt *s, int i, const char *v);
int sq_bind_date(sqlite3_stmt *s, int i, date_t d);
int sq_bind_opt_int(sqlite3_stmt *s, int i, int64_t v); /* v < 0 -> NULL */

/* Column helpers. */
char *sq_col_dup(sqlite3_stmt *s, int i);          /* NULL for SQL NULL */
void sq_col_code(sqlite3_stmt *s, int i, char out[CODE_MAX]); /* "" for NULL */
date_t sq_col_date(sqlite3_stmt *s, int i);        /* DATE_NONE for NULL */
int64_t sq_col_opt_int(sqlite3_stmt *s, int i);    /* -1 for NULL */

/* The case and event primitives (sqlite_cases.c). */
int sq_case_insert(struct store *st, struct case_record *c, struct err *err);
int sq_case_read(struct store *st, const struct scope *scope, int64_t id, bool for_update,
		 struct case_record *out, struct err *err);
int sq_events_read(struct store *st, int64_t case_id, struct event_list *out, struct err *err);
int sq_event_insert(struct store *st, struct case_event *ev, struct err *err);
int sq_case_state_write(struct store *st, int64_t case_id, const struct case_state *state,
			struct err *err);
int sq_case_each(struct store *st, const struct scope *scope, const struct case_filter *f,
		 store_case_fn fn, void *ctx, struct err *err);
int sq_case_count(struct store *st, const struct scope *scope, const struct case_filter *f,
		  int64_t *out, struct err *err);

int sq_stats_group(struct store *st, const struct scope *scope, const struct case_filter *f,
		   const enum stats_dim *dims, size_t ndims, store_stats_fn fn, void *ctx,
		   struct err *err);
int sq_stats_median(struct store *st, const struct scope *scope, const struct case_filter *f,
		    enum stats_interval interval, double *median_days, int64_t *n, struct err *err);

#endif
