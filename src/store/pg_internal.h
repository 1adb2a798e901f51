/*
 * pg_internal.h - shared between the files of the PostgreSQL backend.
 *
 * Every query goes through pg_query() with its parameters as text (libpq's
 * text protocol: PostgreSQL converts them to the column's type, so a date
 * is sent as "2026-11-29" and a timestamp as "2026-11-29T08:56:30Z").
 * A query whose SQL is a string constant is prepared once per connection
 * and reused (keyed by the constant's address); a query built at run time
 * goes through pg_query_dynamic() unprepared.
 *
 * The connection runs with TimeZone UTC and DateStyle ISO, so timestamps
 * come back as "2026-11-29 08:56:30+00"; pg_col_time() gives them back in
 * the store's ISO-8601 "2026-11-29T08:56:30Z" form.
 */
#ifndef HIMAYA_PG_INTERNAL_H
#define HIMAYA_PG_INTERNAL_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "backend.h"

struct pg_prepared {
	const char *sql; /* the constant's address is the key */
	char name[16];
};

struct pg_impl {
	PGconn *conn;
	char *url;
	struct pg_prepared *prepared;
	size_t nprepared, cap;
	struct pg_import_bulk *bulk; /* a large import's state (pg_import_bulk.c), or NULL */
};

static inline PGconn *pg_conn(struct store *st)
{
	return ((struct pg_impl *)st->impl)->conn;
}

#define PG_PARAMS_MAX 64

/* Parameters of one query. Text values are not copied (they must outlive
 * the query); numbers and dates are formatted into the struct itself. */
struct pg_params {
	int n;
	const char *values[PG_PARAMS_MAX];
	int lengths[PG_PARAMS_MAX];
	int formats[PG_PARAMS_MAX];
	char buf[PG_PARAMS_MAX][24];
};

void pg_params_init(struct pg_params *p);
void pg_param_text(struct pg_params *p, const char *v);     /* NULL -> SQL NULL */
void pg_param_int(struct pg_params *p, int64_t v);
void pg_param_opt_int(struct pg_params *p, int64_t v);      /* v < 0 -> NULL */
void pg_param_date(struct pg_params *p, date_t d);          /* DATE_NONE -> NULL */
void pg_param_bool(struct pg_params *p, bool v);
void pg_param_bytes(struct pg_params *p, const void *v, size_t len); /* bytea, binary */

/* Run sql (a string constant) with p (may be NULL); *res (may be NULL when
 * the caller needs no rows) holds the result, to PQclear. On failure err
 * says "what: the server's message"; a unique, foreign-key or check
 * violation is HIM_ECONFLICT, a serialisation failure too, anything else
 * HIM_EDB. */
int pg_query(struct store *st, const char *sql, const struct pg_params *p, PGresult **res, const char *what,
	     struct err *err);
/* A prepared statement (sql: a string constant) and the COMMIT of its
 * transaction, in one round trip (libpq's pipeline mode): for a
 * transaction whose last statement is its only write. A failure leaves
 * the transaction open and aborted: the caller rolls it back. */
int pg_query_commit(struct store *st, const char *sql, const struct pg_params *p, const char *what,
		    struct err *err);
/* The same for SQL built at run time (not prepared). */
int pg_query_dynamic(struct store *st, const char *sql, const struct pg_params *p, PGresult **res,
		     const char *what, struct err *err);
/* Rows a command changed (PQcmdTuples), after pg_query with *res. */
int64_t pg_affected(const PGresult *res);
/* Run one or more statements without parameters (PQexec). */
int pg_exec(struct store *st, const char *sql, struct err *err);
/* The same, keeping the last statement's result (caller PQclears). */
int pg_exec_result(struct store *st, const char *sql, PGresult **out, const char *what, struct err *err);

/* Column helpers (row r, column c). */
char *pg_col_dup(const PGresult *res, int r, int c);            /* NULL for SQL NULL */
void pg_col_code(const PGresult *res, int r, int c, char out[CODE_MAX]); /* "" for NULL */
date_t pg_col_date(const PGresult *res, int r, int c);          /* DATE_NONE for NULL */
int64_t pg_col_int(const PGresult *res, int r, int c);          /* 0 for NULL */
int64_t pg_col_opt_int(const PGresult *res, int r, int c);      /* -1 for NULL */
bool pg_col_bool(const PGresult *res, int r, int c);            /* 't' */
double pg_col_double(const PGresult *res, int r, int c);
/* A timestamptz as "YYYY-MM-DDTHH:MM:SSZ" (caller frees), NULL for NULL. */
char *pg_col_time(const PGresult *res, int r, int c);

/* Reference data (pg_reference.c). */
int pg_reference_read(struct store *st, struct court_map *map, struct vocab *v, struct err *err);
int pg_reference_write(struct store *st, const struct court_map *map, const struct vocab *v,
		       struct reference_sync_report *report, struct err *err);

/* The primitives, one file per area (pg_cases.c, pg_stats.c, ...), with
 * the same contracts as backend.h's table. */
int pg_case_insert(struct store *st, struct case_record *c, struct err *err);
int pg_case_read(struct store *st, const struct scope *scope, int64_t id, bool for_update,
		 struct case_record *out, struct err *err);
int pg_events_read(struct store *st, int64_t case_id, struct event_list *out, struct err *err);
int pg_event_insert(struct store *st, struct case_event *ev, struct err *err);
int pg_case_state_write(struct store *st, int64_t case_id, const struct case_state *state,
			struct err *err);
int pg_case_each(struct store *st, const struct scope *scope, const struct case_filter *f,
		 store_case_fn fn, void *ctx, struct err *err);
int pg_case_count(struct store *st, const struct scope *scope, const struct case_filter *f,
		  int64_t *out, struct err *err);
int pg_stats_group(struct store *st, const struct scope *scope, const struct case_filter *f,
		   const enum stats_dim *dims, size_t ndims, store_stats_fn fn, void *ctx,
		   struct err *err);
int pg_stats_median(struct store *st, const struct scope *scope, const struct case_filter *f,
		    enum stats_interval interval, double *median_days, int64_t *n, struct err *err);

int pg_referral_stmts_open(struct store *st, void **state, struct err *err);
void pg_referral_stmts_close(struct store *st, void *state);
int pg_referral_stmts_flush(struct store *st, void *state, struct err *err);
int pg_referral_lookup(struct store *st, void *state, const char *platform, const char *external_id,
		       int64_t *id, char fingerprint[33], int64_t *import_id, struct err *err);
int pg_referral_insert(struct store *st, void *state, const struct referral *r, const char *fingerprint,
		       int64_t import_id, const char *now, int64_t *id, struct err *err);
int pg_referral_replace(struct store *st, void *state, int64_t id, const struct referral *r,
			const char *fingerprint, const char *now, struct err *err);
int pg_referral_fill(struct store *st, void *state, int64_t id, const struct referral *r, bool *filled,
		     struct err *err);
int pg_referral_set_fingerprint(struct store *st, void *state, int64_t id, const char *fingerprint,
				const char *now, struct err *err);
int pg_referral_children_add(struct store *st, void *state, int64_t id, const struct referral *r,
			     int *added, struct err *err);
int pg_referral_revision_add(struct store *st, void *state, int64_t id, const char *kind, int64_t import_id,
			     const char *source_file, const char *old_fp, const char *new_fp, const char *now,
			     bool once_per_import, struct err *err);
int pg_import_open(struct store *st, const char *kind, const char *file, const char *sha256, int64_t size,
		   const char *now, const char *actor, struct import_log *out, struct err *err);
int pg_import_write(struct store *st, int64_t id, int64_t records_done, const struct import_counts *c,
		    const char *finished_at, struct err *err);
int pg_referral_read(struct store *st, int64_t id, const char *platform, const char *external_id,
		     bool children, struct referral_record *out, struct err *err);
int pg_referral_each(struct store *st, const struct referral_filter *f, int64_t case_id,
		     store_referral_fn fn, void *ctx, struct err *err);
int pg_referral_link_write(struct store *st, int64_t referral_id, int64_t case_id, const char *platform,
			   const char *now, const char *actor, struct err *err);
int pg_referral_unlink_write(struct store *st, int64_t referral_id, int64_t case_id, const char *platform,
			     struct err *err);

int pg_account_insert(struct store *st, struct account *a, const char *now, struct err *err);
int pg_account_read(struct store *st, const char *name, int64_t id, bool secrets, struct account *out,
		    struct err *err);
int pg_account_write(struct store *st, const struct account *a, const char *now, struct err *err);
int pg_account_each(struct store *st, store_account_fn fn, void *ctx, struct err *err);
int pg_session_insert(struct store *st, const struct session_row *s, struct err *err);
int pg_session_read(struct store *st, const char *token_hash, struct session_row *out, struct account *user,
		    struct err *err);
int pg_session_touch(struct store *st, const char *token_hash, int64_t now, struct err *err);
int pg_session_delete(struct store *st, const char *token_hash, int64_t user_id, struct err *err);
int pg_secret_ensure(struct store *st, const char *name, const unsigned char *candidate, size_t len,
		     unsigned char *out, struct err *err);

int pg_begin_audit(struct store *st, struct err *err);
int pg_audit_tail(struct store *st, int64_t *id, char hash[AUDIT_HASH_HEX], struct err *err);
int pg_audit_insert(struct store *st, const struct audit_entry *e, struct err *err);
int pg_audit_insert_commit(struct store *st, const struct audit_entry *e, struct err *err);
int pg_data_version_bump(struct store *st, struct err *err);
int pg_data_version_read(struct store *st, int64_t *out, struct err *err);
int pg_audit_each(struct store *st, const struct audit_filter *f, store_audit_fn fn, void *ctx,
		  struct err *err);

int pg_difficulty_insert(struct store *st, struct difficulty *d, struct err *err);
int pg_difficulty_list(struct store *st, const struct scope *scope, int64_t id, struct difficulty_list *out,
		       struct err *err);
int pg_difficulty_update(struct store *st, int64_t id, const char *answer, const char *by, const char *now,
			 enum difficulty_status status, struct err *err);

extern const struct subject_backend pg_subject_backend;

#endif
