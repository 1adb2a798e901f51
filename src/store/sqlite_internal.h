/*
 * sqlite_internal.h - shared between the files of the SQLite backend.
 */
#ifndef HIMAYA_SQLITE_INTERNAL_H
#define HIMAYA_SQLITE_INTERNAL_H

#include <sqlite3.h>

#include "backend.h"

/* How long a writer waits for another process's write lock. */
#define SQ_BUSY_TIMEOUT_MS 10000

/* This process's queue of writers to one file (sqlite_writer.c). */
struct sq_writer;
struct sq_writer *sq_writer_of(const char *path);
bool sq_writer_enter(struct sq_writer *w); /* false: timed out, not entered */
void sq_writer_leave(struct sq_writer *w);

struct sqlite_impl {
	sqlite3 *db;
	char *path;
	struct sq_writer *writer;
	bool writing;   /* between begin and its commit or rollback: holds writer */
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

/* SQL functions the schema relies on (sqlite_functions.c), on every connection. */
int sq_functions_register(sqlite3 *db, struct err *err);

/* The referral primitives (sqlite_referrals.c). */
int sq_referral_stmts_open(struct store *st, void **state, struct err *err);
void sq_referral_stmts_close(struct store *st, void *state);
/* Write what the batch holds in memory (before its commit). */
int sq_referral_stmts_flush(struct store *st, void *state, struct err *err);
struct strbuf;
/* sqlite_index_aside.c: inside a write transaction, drop table's
 * secondary indexes, appending their definitions to defs; restore builds
 * them again from defs. */
int sq_indexes_set_aside(struct store *st, const char *table, struct strbuf *defs, struct err *err);
int sq_indexes_restore(struct store *st, const struct strbuf *defs, struct err *err);
int sq_import_bulk_begin(struct store *st, int64_t size, struct err *err); /* sqlite_import_bulk.c */
int sq_import_bulk_end(struct store *st, struct err *err);
/* At open: build missing deferred indexes if the write lock is free now. */
void sq_import_bulk_repair(struct store *st);
int sq_referral_lookup(struct store *st, void *state, const char *platform, const char *external_id,
		       int64_t *id, char fingerprint[33], int64_t *import_id, struct err *err);
int sq_referral_insert(struct store *st, void *state, const struct referral *r, const char *fingerprint,
		       int64_t import_id, const char *now, int64_t *id, struct err *err);
int sq_referral_replace(struct store *st, void *state, int64_t id, const struct referral *r,
			const char *fingerprint, const char *now, struct err *err);
int sq_referral_fill(struct store *st, void *state, int64_t id, const struct referral *r, bool *filled,
		     struct err *err);
int sq_referral_set_fingerprint(struct store *st, void *state, int64_t id, const char *fingerprint,
				const char *now, struct err *err);
int sq_referral_children_add(struct store *st, void *state, int64_t id, const struct referral *r,
			     int *added, struct err *err);
int sq_referral_revision_add(struct store *st, void *state, int64_t id, const char *kind, int64_t import_id,
			     const char *source_file, const char *old_fp, const char *new_fp, const char *now,
			     bool once_per_import, struct err *err);
int sq_import_open(struct store *st, const char *kind, const char *file, const char *sha256, int64_t size,
		   const char *now, const char *actor, struct import_log *out, struct err *err);
int sq_import_write(struct store *st, int64_t id, int64_t records_done, const struct import_counts *c,
		    const char *finished_at, struct err *err);
int sq_referral_read(struct store *st, int64_t id, const char *platform, const char *external_id,
		     bool children, struct referral_record *out, struct err *err);
int sq_referral_each(struct store *st, const struct referral_filter *f, int64_t case_id,
		     store_referral_fn fn, void *ctx, struct err *err);
int sq_referral_link_write(struct store *st, int64_t referral_id, int64_t case_id, const char *platform,
			   const char *now, const char *actor, struct err *err);
int sq_referral_unlink_write(struct store *st, int64_t referral_id, int64_t case_id, const char *platform,
			     struct err *err);

/* The account and session primitives (sqlite_accounts.c). */
int sq_account_insert(struct store *st, struct account *a, const char *now, struct err *err);
int sq_account_read(struct store *st, const char *name, int64_t id, bool secrets, struct account *out,
		    struct err *err);
int sq_account_write(struct store *st, const struct account *a, const char *now, struct err *err);
int sq_account_each(struct store *st, store_account_fn fn, void *ctx, struct err *err);
int sq_session_insert(struct store *st, const struct session_row *s, struct err *err);
int sq_session_read(struct store *st, const char *token_hash, struct session_row *out, struct account *user,
		    struct err *err);
int sq_session_touch(struct store *st, const char *token_hash, int64_t now, struct err *err);
int sq_session_delete(struct store *st, const char *token_hash, int64_t user_id, struct err *err);
int sq_secret_ensure(struct store *st, const char *name, const unsigned char *candidate, size_t len,
		     unsigned char *out, struct err *err);

/* The audit primitives (sqlite_audit.c). */
int sq_audit_tail(struct store *st, int64_t *id, char hash[AUDIT_HASH_HEX], struct err *err);
int sq_audit_insert(struct store *st, const struct audit_entry *e, struct err *err);
int sq_data_version_bump(struct store *st, struct err *err);
int sq_data_version_read(struct store *st, int64_t *out, struct err *err);
int sq_audit_each(struct store *st, const struct audit_filter *f, store_audit_fn fn, void *ctx,
		  struct err *err);

/* The difficulties primitives (sqlite_difficulties.c). */
int sq_difficulty_insert(struct store *st, struct difficulty *d, struct err *err);
int sq_difficulty_list(struct store *st, const struct scope *scope, int64_t id, struct difficulty_list *out,
		       struct err *err);
int sq_difficulty_update(struct store *st, int64_t id, const char *answer, const char *by, const char *now,
			 enum difficulty_status status, struct err *err);

/* The subject primitives (sqlite_subjects.c). */
extern const struct subject_backend sq_subject_backend;

#endif
