/*
 * backend.h - what a database backend provides to store.c.
 *
 * store.c holds the flow that is the same on every database (validate with
 * core, open a transaction, read, check with the stage machine, write,
 * commit); a backend provides the primitive reads and writes in its own
 * SQL dialect. Adding PostgreSQL means writing one more of these tables,
 * nothing above store/ changes.
 *
 * Primitives that write run inside a transaction that store.c opened
 * with begin(); they never commit themselves.
 */
#ifndef HIMAYA_STORE_BACKEND_H
#define HIMAYA_STORE_BACKEND_H

#include "store.h"

struct store_backend {
	const char *name;
	void (*close)(struct store *st);
	int (*schema_version)(struct store *st);

	int (*begin)(struct store *st, struct err *err); /* a write transaction */
	int (*commit)(struct store *st, struct err *err);
	void (*rollback)(struct store *st);

	/* Reference data: read all, or replace it (in a transaction). */
	int (*reference_read)(struct store *st, struct court_map *map, struct vocab *v, struct err *err);
	int (*reference_write)(struct store *st, const struct court_map *map, const struct vocab *v,
			       struct reference_sync_report *report, struct err *err);

	/* Insert c (fields valid, district set); sets c->id, c->version. */
	int (*case_insert)(struct store *st, struct case_record *c, struct err *err);
	/* Read a case within scope; for_update locks it for the transaction. */
	int (*case_read)(struct store *st, const struct scope *scope, int64_t id, bool for_update,
			 struct case_record *out, struct err *err);
	int (*events_read)(struct store *st, int64_t case_id, struct event_list *out, struct err *err);
	/* Insert ev; sets ev->id. */
	int (*event_insert)(struct store *st, struct case_event *ev, struct err *err);
	/* Write the derived state of a case and bump its version. */
	int (*case_state_write)(struct store *st, int64_t case_id, const struct case_state *state,
				struct err *err);
	int (*case_each)(struct store *st, const struct scope *scope, const struct case_filter *f,
			 store_case_fn fn, void *ctx, struct err *err);
	int (*case_count)(struct store *st, const struct scope *scope, const struct case_filter *f,
			  int64_t *out, struct err *err);
	int (*stats_group)(struct store *st, const struct scope *scope, const struct case_filter *f,
			   const enum stats_dim *dims, size_t ndims, store_stats_fn fn, void *ctx,
			   struct err *err);
	int (*stats_median)(struct store *st, const struct scope *scope, const struct case_filter *f,
			    enum stats_interval interval, double *median_days, int64_t *n, struct err *err);

	/* --- referrals (store_referrals.c holds the flow). An import batch's
	 * prepared statements live in *state between referral_stmts_open and
	 * referral_stmts_close, inside one write transaction. --- */
	int (*referral_stmts_open)(struct store *st, void **state, struct err *err);
	void (*referral_stmts_close)(struct store *st, void *state);
	/* Write what the batch still holds (a backend may keep rows in *state
	 * and send them in bulk, e.g. PostgreSQL's COPY); called before the
	 * batch commits. Closing without it drops what is held. May be NULL
	 * (SQLite writes each row as it comes). */
	int (*referral_stmts_flush)(struct store *st, void *state, struct err *err);
	/* A large import into a small table (optional, may be NULL): the
	 * backend may set aside what makes row-by-row inserts slow (SQLite:
	 * the secondary indexes, rebuilt in one sorted pass by
	 * import_bulk_end, several times faster than maintained row by row).
	 * size is the file's, in bytes. Each runs in its own transaction.
	 * import_bulk_end must also repair what a crash between the two left
	 * (the SQLite backend calls it at every open). */
	int (*import_bulk_begin)(struct store *st, int64_t size, struct err *err);
	int (*import_bulk_end)(struct store *st, struct err *err);
	/* HIM_ENOTFOUND when (platform, external_id) is not stored. */
	int (*referral_lookup)(struct store *st, void *state, const char *platform, const char *external_id,
			       int64_t *id, char fingerprint[33], int64_t *import_id, struct err *err);
	int (*referral_insert)(struct store *st, void *state, const struct referral *r, const char *fingerprint,
			       int64_t import_id, const char *now, int64_t *id, struct err *err);
	/* Overwrite the fields of referral id with r's and delete its children. */
	int (*referral_replace)(struct store *st, void *state, int64_t id, const struct referral *r,
				const char *fingerprint, const char *now, struct err *err);
	/* Fill the fields of id still empty from r; *filled says if any was. */
	int (*referral_fill)(struct store *st, void *state, int64_t id, const struct referral *r, bool *filled,
			     struct err *err);
	int (*referral_set_fingerprint)(struct store *st, void *state, int64_t id, const char *fingerprint,
					const char *now, struct err *err);
	/* Insert r's children that id does not have yet; *added counts them. */
	int (*referral_children_add)(struct store *st, void *state, int64_t id, const struct referral *r,
				     int *added, struct err *err);
	/* Record a revision; with once_per_import, not if this import already did. */
	int (*referral_revision_add)(struct store *st, void *state, int64_t id, const char *kind, int64_t import_id,
				     const char *source_file, const char *old_fp, const char *new_fp, const char *now,
				     bool once_per_import, struct err *err);
	/* Find the log entry of (kind, sha256), or create one. */
	int (*import_open)(struct store *st, const char *kind, const char *file, const char *sha256, int64_t size,
			   const char *now, const char *actor, struct import_log *out, struct err *err);
	/* Write progress; finished_at non-NULL marks the end. */
	int (*import_write)(struct store *st, int64_t id, int64_t records_done, const struct import_counts *c,
			    const char *finished_at, struct err *err);
	/* Read one referral by id (platform NULL) or by identity; children and
	 * revisions only when asked. */
	int (*referral_read)(struct store *st, int64_t id, const char *platform, const char *external_id,
			     bool children, struct referral_record *out, struct err *err);
	/* Referrals matching f (case_id > 0: only that case's), in id order. */
	int (*referral_each)(struct store *st, const struct referral_filter *f, int64_t case_id,
			     store_referral_fn fn, void *ctx, struct err *err);
	/* Write the link and add platform to the case's (from_referral). */
	int (*referral_link_write)(struct store *st, int64_t referral_id, int64_t case_id, const char *platform,
				   const char *now, const char *actor, struct err *err);
	/* Remove the link, and platform if no other linked referral gives it. */
	int (*referral_unlink_write)(struct store *st, int64_t referral_id, int64_t case_id, const char *platform,
				     struct err *err);

	/* --- users and sessions (store_accounts.c holds the flows) --- */
	int (*account_insert)(struct store *st, struct account *a, const char *now, struct err *err);
	/* By name, or by id when name is NULL; secrets only with secrets. */
	int (*account_read)(struct store *st, const char *name, int64_t id, bool secrets,
			    struct account *out, struct err *err);
	/* Write every mutable field of a (by a->id). */
	int (*account_write)(struct store *st, const struct account *a, const char *now, struct err *err);
	int (*account_each)(struct store *st, store_account_fn fn, void *ctx, struct err *err);
	int (*session_insert)(struct store *st, const struct session_row *s, struct err *err);
	/* The session, and with user its account (without its secrets). */
	int (*session_read)(struct store *st, const char *token_hash, struct session_row *out, struct account *user,
			    struct err *err);
	int (*session_touch)(struct store *st, const char *token_hash, int64_t now, struct err *err);
	/* Delete the session token_hash, or (token_hash NULL) every session of user_id. */
	int (*session_delete)(struct store *st, const char *token_hash, int64_t user_id, struct err *err);
	int (*secret_ensure)(struct store *st, const char *name, const unsigned char *candidate, size_t len,
			     unsigned char *out, struct err *err);

	/* --- audit (store_audit.c holds the chain) --- */
	/* The last entry's id and hash (0 and 64 zeros when empty), read inside
	 * the write transaction so that appends are serialised; a backend
	 * without a database-wide write lock takes one here (PostgreSQL:
	 * pg_advisory_xact_lock). */
	/* A transaction for an audit entry alone (an audited read): it needs
	 * the chain's lock (audit_tail's), not the database's write lock. */
	int (*begin_audit)(struct store *st, struct err *err);
	int (*audit_tail)(struct store *st, int64_t *id, char hash[AUDIT_HASH_HEX], struct err *err);
	int (*audit_insert)(struct store *st, const struct audit_entry *e, struct err *err);
	/* Optional: audit_insert and commit together (an audited read's
	 * transaction, begun by begin_audit); on failure the transaction is
	 * left for the caller to roll back. */
	int (*audit_insert_commit)(struct store *st, const struct audit_entry *e, struct err *err);
	/* The counter every committed write of data moves (store_data_version). */
	int (*data_version_bump)(struct store *st, struct err *err);
	int (*data_version_read)(struct store *st, int64_t *out, struct err *err);
	int (*audit_each)(struct store *st, const struct audit_filter *f, store_audit_fn fn, void *ctx,
			  struct err *err);

	/* --- backups (store_copy.c): a consistent copy of the whole database
	 * into the file path while others may write. NULL when the backend has
	 * none (PostgreSQL: pg_dump, outside Himaya). --- */
	int (*backup)(struct store *st, const char *path, struct err *err);

	/* --- difficulties (store_difficulties.c holds the flow) --- */
	int (*difficulty_insert)(struct store *st, struct difficulty *d, struct err *err);
	/* Within scope, newest first; id 0: all, else that one only. */
	int (*difficulty_list)(struct store *st, const struct scope *scope, int64_t id,
			       struct difficulty_list *out, struct err *err);
	/* Set the answer (if not NULL) and the status; HIM_ENOTFOUND if no such id. */
	int (*difficulty_update)(struct store *st, int64_t id, const char *answer, const char *by,
				 const char *now, enum difficulty_status status, struct err *err);

	/* --- subjects (store_subjects.c holds the flow; subject_backend.h) --- */
	const struct subject_backend *subjects;
};

struct store {
	const struct store_backend *be;
	void *impl;            /* the backend's own connection state */
	struct court_map map;  /* reference data, loaded at open and after sync */
	struct vocab vocab;
	bool has_reference;
	char *actor;           /* who writes, or NULL */
	/* Server secrets already read on this connection: once stored, a
	 * secret never changes (store_secret_get), so a page view need not
	 * ask the database for the CSRF key again. Wiped at close. */
	struct store_secret {
		char name[24];
		size_t len;
		unsigned char value[64];
	} secrets[4];
	size_t n_secrets;
};

/* Backends' constructors: open the connection and migrate. */
int sqlite_backend_open(struct store *st, const char *path, struct err *err);
int pg_backend_open(struct store *st, const char *url, struct err *err);

/* Current UTC time as ISO-8601 "YYYY-MM-DDTHH:MM:SSZ" (caller frees). */
char *store_now_iso(void);

/* Append an audit entry inside the write transaction the caller opened
 * (store_audit.c): the entry commits or rolls back with the write. */
int store_audit_append_tx(struct store *st, const char *actor, const char *action, const char *object,
			  const char *detail, struct err *err);

#endif
