/*
 * store.h - Himaya's one storage API, in domain terms.
 *
 * Only store/ speaks SQL. Everything above it (use cases, CLI, web) calls
 * these functions, which are the same whatever the backend: the embedded
 * SQLite database now, PostgreSQL for the national deployment later. No
 * SQLite-only notion (rowid, PRAGMA, file paths beyond the URL) appears
 * here.
 *
 * Contracts that hold for every function:
 *   - returns HIM_OK or a negative HIM_E* code with err filled;
 *   - every read of case data takes the caller's scope; a case outside it
 *     is HIM_ENOTFOUND, exactly as if it did not exist;
 *   - every write is one transaction: it happens entirely or not at all;
 *   - rules of the domain are checked by core/ inside that transaction
 *     (case_prepare_new, stage_check_append), so no caller can bypass them;
 *   - out-parameters are initialised by the caller (case_record_init, ...)
 *     and owned by the caller afterwards.
 */
#ifndef HIMAYA_STORE_H
#define HIMAYA_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/case.h"
#include "../core/court.h"
#include "../core/scope.h"
#include "../core/stage.h"
#include "../core/vocab.h"
#include "../lib/err.h"

struct store;

/*
 * Open the database named by url: a file path or "sqlite:PATH" for the
 * embedded backend, "postgresql://..." (a libpq connection URI) for the
 * national one. Creates the SQLite file if needed and applies pending
 * schema migrations, each in its own transaction (on PostgreSQL under an
 * advisory lock, so that nodes starting together do not race). Loads the
 * reference data if the database has it (see store_has_reference).
 */
int store_open(struct store **out, const char *url, struct err *err);
/* Does url name a PostgreSQL database? */
bool store_url_is_pg(const char *url);
void store_close(struct store *st);

/* The schema version after migrations, and the name of the backend. */
int store_schema_version(struct store *st);
const char *store_backend_name(const struct store *st);

/* Who is acting, recorded with every write (NULL: unknown, e.g. the CLI's
 * "system"). The string is copied. */
void store_set_actor(struct store *st, const char *actor);

/* --- reference data ------------------------------------------------- */

struct reference_sync_report {
	int courts_added, courts_updated, court_terms;
	int vocab_added, vocab_updated;
	int vocab_kept; /* codes no longer in the file, kept because data may use them */
};

/*
 * Make the database's reference data match the files' (one transaction):
 * courts and their terms are replaced by the map's, vocabulary entries
 * added or relabelled. A court or code that cases use is never dropped:
 * a court missing from the new map while cases use it is refused.
 */
int store_reference_sync(struct store *st, const struct court_map *map, const struct vocab *v,
			 struct reference_sync_report *report, struct err *err);

bool store_has_reference(const struct store *st);

/* The reference data as last loaded or synced; valid until the next sync. */
const struct court_map *store_court_map(const struct store *st);
const struct vocab *store_vocab(const struct store *st);

/* --- cases ---------------------------------------------------------- */

/*
 * Open a case. c is validated and completed by case_prepare_new (district,
 * canonical codes); the case must fall within scope (the writer's). On
 * success c->id, c->version, c->created_at are set. A second case with the
 * same court and file number is HIM_ECONFLICT.
 */
int store_case_open(struct store *st, const struct scope *scope, struct case_record *c,
		    date_t today, struct err *err);

/* Read one case (with its derived state) within scope. */
int store_case_get(struct store *st, const struct scope *scope, int64_t id,
		   struct case_record *out, struct err *err);

/* All recorded events of a case, corrections included, in recording order. */
int store_case_events(struct store *st, const struct scope *scope, int64_t case_id,
		      struct event_list *out, struct err *err);

/*
 * Record an event: within one transaction, the case's events are read, the
 * stage machine checks the new list (stage_check_append), the event is
 * appended and the case's derived state updated. On refusal nothing
 * changes, HIM_EINPUT is returned and *why (if not NULL) says why. On
 * success ev->id and ev->recorded_at are set.
 */
int store_case_add_event(struct store *st, const struct scope *scope, int64_t case_id,
			 struct case_event *ev, date_t today, enum stage_refusal *why,
			 struct err *err);

/*
 * Who changed a case last, for the "changed by X at T, reload" message of
 * store_case_add_event_at.
 */
struct case_change {
	int64_t version; /* the case's version now */
	char by[72];     /* who recorded its latest change ("" unknown) */
	char at[24];     /* when, "YYYY-MM-DDTHH:MM:SSZ" ("" unknown) */
};

/*
 * store_case_add_event, for a person who edited the case as it was at
 * expected_version (the version shown on their page): if the case has been
 * changed since (by another prosecutor, on any node), nothing is written,
 * HIM_ECONFLICT is returned and *changed (if not NULL) says by whom and
 * when, so that no update is lost silently. expected_version 0: no check.
 */
int store_case_add_event_at(struct store *st, const struct scope *scope, int64_t case_id, int64_t expected_version,
			    struct case_event *ev, date_t today, enum stage_refusal *why,
			    struct case_change *changed, struct err *err);

enum case_order {
	CASE_ORDER_ID,    /* registration in the database: stable, for paging */
	CASE_ORDER_COURT, /* district, court, registration date, id (one court: date, id): the table's order */
};

struct case_filter {
	const char *court;     /* NULL: any */
	const char *district;  /* NULL: any */
	int year;              /* of registration; 0: any */
	date_t from, to;       /* registration date range, inclusive; DATE_NONE: open */
	const char *platform;  /* NULL: any */
	const char *subject;   /* NULL: any */
	const char *body;      /* NULL: any */
	/* Decision and outcomes: NULL any, "" none yet, else the code. */
	const char *decision;
	const char *first;
	const char *appeal;
	const char *cassation;
	int stage;             /* enum case_stage, or -1: any */
	unsigned stages;       /* bit (1 << enum case_stage) set; 0: any */
	int64_t after_id;      /* keyset paging: ids greater than this */
	int limit;             /* 0: no limit */
	enum case_order order;
	/* Cases whose last effective event (their registration when they have
	 * none) is strictly before this date: the stalled cases. 0 (as left by
	 * case_filter_init) or DATE_NONE: any. */
	date_t last_event_before;
};

void case_filter_init(struct case_filter *f);

/*
 * Call fn for each case within scope matching f, in f->order, streaming:
 * memory stays constant whatever the number of cases. The record is valid
 * only during the call. A nonzero return from fn stops the walk and is
 * returned (fn sets err if it wants a message).
 */
typedef int (*store_case_fn)(const struct case_record *c, void *ctx);
int store_case_each(struct store *st, const struct scope *scope, const struct case_filter *f,
		    store_case_fn fn, void *ctx, struct err *err);

/* Cases within scope matching f, collected into out (for pages of cases). */
int store_case_list(struct store *st, const struct scope *scope, const struct case_filter *f,
		    struct case_list *out, struct err *err);

/* How many cases within scope match f. */
int store_case_count(struct store *st, const struct scope *scope, const struct case_filter *f,
		     int64_t *out, struct err *err);

/* --- statistics ------------------------------------------------------ */

/*
 * Dimensions a count can be grouped by. A case with two platforms (or
 * subjects) is counted once under each; every other dimension partitions
 * the cases. Values are codes ("" for none: no decision yet, no ruling).
 */
enum stats_dim {
	STATS_COURT,
	STATS_DISTRICT,
	STATS_YEAR,      /* of registration, "2022" */
	STATS_PLATFORM,
	STATS_BODY,
	STATS_SUBJECT,
	STATS_DECISION,
	STATS_FIRST,     /* first-instance outcome */
	STATS_APPEAL,
	STATS_CASSATION,
	STATS_STAGE,
	STATS_DIM_COUNT
};

const char *stats_dim_name(enum stats_dim dim);
bool stats_dim_parse(const char *s, enum stats_dim *out);

#define STATS_DIMS_MAX 6

struct stats_cell {
	size_t ndims;
	enum stats_dim dims[STATS_DIMS_MAX];
	char values[STATS_DIMS_MAX][CODE_MAX];
	int64_t count; /* distinct cases */
};

typedef int (*store_stats_fn)(const struct stats_cell *cell, void *ctx);

/*
 * Count the cases within scope matching f, grouped by dims (SQL GROUP BY
 * in the database, not by loading cases), calling fn for each group in
 * the order of the dimension values.
 */
int store_stats_group(struct store *st, const struct scope *scope, const struct case_filter *f,
		      const enum stats_dim *dims, size_t ndims, store_stats_fn fn, void *ctx,
		      struct err *err);

enum stats_interval {
	INTERVAL_REGISTRATION_TO_DECISION,
	INTERVAL_DECISION_TO_JUDGMENT,
	INTERVAL_JUDGMENT_TO_APPEAL,
};

/* Median number of days of an interval over the cases that have both ends
 * (*n of them; *median_days is 0 when n is 0). A date the source did not
 * give (date_inferred, registered_inferred) is no end: such cases are left
 * out rather than counted as 0 days. */
int store_stats_median(struct store *st, const struct scope *scope, const struct case_filter *f,
		       enum stats_interval interval, double *median_days, int64_t *n, struct err *err);

/* --- referrals ------------------------------------------------------- */

/*
 * Referrals (core/referral.h): NCMEC reports and CPS leads, and the case
 * each led to. Referrals are not routed to courts yet (a later issue):
 * only the national scope and police-unit scopes import, list and read
 * them directly (a unit sees every referral until routing exists); a
 * district or court scope is refused by store_referral_list and sees a
 * referral through store_referral_get only when it is linked to a case of
 * its own. Every function takes the scope anyway, so that routing changes
 * the store, not its callers.
 */
#include "../core/referral.h"

enum referral_outcome {
	REFERRAL_IMPORTED,  /* a new referral, or a row of a lead this import created */
	REFERRAL_UPDATED,   /* a supplement replaced it, or a row added to an older lead */
	REFERRAL_DUPLICATE, /* nothing new: same fingerprint, or a row adding nothing */
};

/* The counts of one import, as written in its log entry. */
struct import_counts {
	int64_t read, imported, updated, duplicates, rejected, content_dropped;
};

/* What the store knows of a file being imported. */
struct import_log {
	int64_t id;
	int64_t records_done; /* good records of this file already committed */
	bool finished;        /* a run went to the end of the file */
	int64_t rejected, content_dropped; /* as the last run counted them */
};

/*
 * Start importing a file, identified by kind ("ncmec-xml", "ncmec-json",
 * "ncmec-tiplist", "cps-csv") and the SHA-256 (hex) of its bytes. If the
 * same file was imported before (finished or cut short by a crash), its
 * log entry is returned and reused: records_done says how many of its
 * good records, in file order, are already in the store.
 */
int store_import_begin(struct store *st, const struct scope *scope, const char *kind,
		       const char *file, const char *sha256, int64_t size, struct import_log *out,
		       struct err *err);
/* Mark the import finished with the counts of its last run. */
int store_import_finish(struct store *st, int64_t import_id, const struct import_counts *counts,
			struct err *err);

/*
 * A batch: one write transaction holding many store_referral_put calls,
 * with prepared statements kept for its length. Commit writes the import's
 * progress (records_done and counts) in the same transaction, so a crash
 * loses at most the uncommitted batch and a re-run resumes exactly after
 * the last commit. Commit and abort free the batch.
 */
struct referral_batch;
int store_referral_batch_begin(struct store *st, const struct scope *scope, int64_t import_id,
			       struct referral_batch **out, struct err *err);
int store_referral_batch_commit(struct referral_batch *b, int64_t records_done,
				const struct import_counts *counts, struct err *err);
void store_referral_batch_abort(struct referral_batch *b);

/*
 * Store one referral (an upsert on (platform, external_id)):
 *   - a whole report (r->fragment false) that is new is IMPORTED; with the
 *     fingerprint of the stored one, a DUPLICATE; otherwise it replaces the
 *     stored content, the supplement is recorded in the referral's
 *     revisions, and it is UPDATED;
 *   - a fragment (a CSV row) is merged: identifiers, IP events, files and
 *     locations not yet present are added and empty fields filled; a row
 *     adding nothing is a DUPLICATE.
 * r must be normalised (parsers do that). Its external_id and platform are
 * required.
 */
int store_referral_put(struct referral_batch *b, const struct referral *r,
		       enum referral_outcome *outcome, struct err *err);
/* The same in its own transaction, outside any import. */
int store_referral_put_one(struct store *st, const struct scope *scope, const struct referral *r,
			   enum referral_outcome *outcome, struct err *err);

struct referral_revision {
	char kind[16];         /* "supplement" or "merge" */
	char *at;              /* ISO-8601 UTC */
	char *source_file;     /* NULL if unknown */
	char old_fingerprint[33];
	char new_fingerprint[33];
};

/* A referral as stored, with what the store adds to it. */
struct referral_record {
	int64_t id;
	struct referral r;          /* with its identifiers, events, files, locations */
	char fingerprint[33];
	char *created_at, *updated_at; /* ISO-8601 UTC; updated_at NULL if never */
	int64_t case_id;            /* the case it led to, 0 if none */
	struct referral_revision *revisions;
	size_t nrevisions;
	/* Counts, set also by store_referral_list (which reads no children). */
	int64_t nidents, nip_events, nfiles;
};

void referral_record_init(struct referral_record *rec);
void referral_record_release(struct referral_record *rec);

/* Read one referral by id, or by platform and external id. */
int store_referral_get(struct store *st, const struct scope *scope, int64_t id,
		       struct referral_record *out, struct err *err);
int store_referral_find(struct store *st, const struct scope *scope, const char *platform,
			const char *external_id, struct referral_record *out, struct err *err);

struct referral_filter {
	const char *platform;     /* NULL: any */
	utc_time_t from, to;      /* received_at range, inclusive; TIME_NONE: open */
	int linked;               /* -1 any, 0 without a case, 1 with a case */
	bool has_ip;              /* an IP event within [ip_low, ip_high] */
	uint8_t ip_low[16], ip_high[16];
	const char *ident;        /* an identifier with this normalised value */
	bool newest_first;        /* descending id order (the last imported first) */
	int64_t after_id;         /* keyset paging: the ids after this one in the
				   * list's order (greater; smaller when newest_first) */
	int limit;                /* 0: no limit */
};

void referral_filter_init(struct referral_filter *f);
/* Set the IP filter from "1.2.3.4", "2001:db8::1" or a CIDR block
 * "105.66.0.0/16" (HIM_EINPUT with the reason otherwise). */
int referral_filter_ip(struct referral_filter *f, const char *text, struct err *err);

/*
 * Call fn for each referral matching f, in id order (or the reverse: f's
 * newest_first), streaming. The record
 * has its fields, counts and case_id, not its children or revisions; it
 * is valid only during the call. A district or court scope is refused
 * (HIM_EFORBIDDEN): referrals are not routed to courts yet.
 */
typedef int (*store_referral_fn)(const struct referral_record *rec, void *ctx);
int store_referral_list(struct store *st, const struct scope *scope, const struct referral_filter *f,
			store_referral_fn fn, void *ctx, struct err *err);

/*
 * Link a referral to the case it led to (the case must be within the
 * writer's scope). The referral's platform joins the case's platforms
 * (marked as coming from a referral) so the table's platform column and
 * the statistics come from real data. Linking it again to the same case
 * changes nothing; to another case is HIM_ECONFLICT (unlink first).
 */
int store_case_link_referral(struct store *st, const struct scope *scope, int64_t case_id,
			     int64_t referral_id, struct err *err);
/* Undo a link; a platform that only this link gave the case is removed. */
int store_case_unlink_referral(struct store *st, const struct scope *scope, int64_t case_id,
			       int64_t referral_id, struct err *err);
/* The referrals linked to a case within scope (summaries, as list gives). */
int store_case_referrals(struct store *st, const struct scope *scope, int64_t case_id,
			 store_referral_fn fn, void *ctx, struct err *err);

/* --- users and sessions ---------------------------------------------- */

/*
 * Accounts as the store keeps them (app/auth.h gives them their meaning:
 * roles, scopes, password and TOTP checks). The store holds the rows and
 * makes each change one transaction with its audit entry; it computes no
 * hash and checks no password. Times the login rules use are seconds
 * since 1970 UTC, given by the caller (whose clock tests can set).
 */
#define ACCOUNT_NAME_MAX 64
#define ACCOUNT_UNIT_MAX 128

struct account {
	int64_t id;
	char name[ACCOUNT_NAME_MAX];
	char role[16];               /* "admin", "presidency", "appeal", "court", "police" */
	char court[CODE_MAX];        /* "" when the role has none */
	char body[CODE_MAX];
	char unit[ACCOUNT_UNIT_MAX];
	char lang[4];                /* "ar", "fr", "en" */
	char *password_hash;         /* crypto_pwhash_str's string (heap) */
	char *totp_secret;           /* base32 (heap) */
	int64_t totp_last_step;      /* -1: no code used yet */
	bool disabled;
	int64_t failed_count;
	int64_t locked_until;        /* seconds; 0: not locked */
};

void account_init(struct account *a);
void account_release(struct account *a);

/* Insert a (its name unused: HIM_ECONFLICT otherwise); sets a->id. Audited
 * as "user_add" by the store's actor. */
int store_account_add(struct store *st, struct account *a, struct err *err);
/* Read by name (id 0) or by id; HIM_ENOTFOUND when there is none. */
int store_account_get(struct store *st, const char *name, int64_t id, struct account *out,
		      struct err *err);

/* What store_account_change writes (fields left NULL / -1 are kept). */
struct account_change {
	const char *password_hash;
	const char *totp_secret;     /* also forgets the last used step */
	const char *lang;
	int disabled;                /* 0, 1, or -1: keep */
	bool end_sessions;           /* end every session of the account */
};

/* Change an account and audit it as action (detail may be NULL), in one
 * transaction. A new password, TOTP secret or disabling ends the sessions. */
int store_account_change(struct store *st, const char *name, const struct account_change *c,
			 const char *action, const char *detail, struct err *err);

typedef int (*store_account_fn)(const struct account *a, void *ctx);
/* Every account in name order (password hash and secret not filled). */
int store_account_each(struct store *st, store_account_fn fn, void *ctx, struct err *err);

/*
 * A failed login of account id at now: within one transaction the failure
 * count is incremented, the account locked until now + the back-off that
 * account_lockout_seconds (core/account.h) gives for it, and the attempt
 * audited (actor the account's name, detail why and client). *locked_until
 * (may be NULL) receives the new lock's end. id 0: an unknown name, only
 * audited (actor "anonymous").
 */
int store_login_failed(struct store *st, int64_t id, const char *name, int64_t now, int lock_after,
		       const char *why, const char *client, int64_t *locked_until, struct err *err);

struct session_row {
	char token_hash[65];         /* hex SHA-256 of the token */
	char kind[4];                /* "web" (a browser's) or "api" (an API token); "" is "web" */
	int64_t user_id;
	int64_t created, last_used, expires;
	char client[64];
};

/*
 * A successful login: within one transaction the TOTP step is checked
 * against the last one used (a code is accepted once: an older or equal
 * step is HIM_ECONFLICT and nothing is written), the failures reset, the
 * session inserted and the login audited.
 */
int store_login_ok(struct store *st, const struct session_row *s, int64_t totp_step,
		   struct err *err);
/* Create an API token's session row (kind "api"), audited as
 * "api_token_add" by the store's actor. */
int store_api_token_add(struct store *st, const struct session_row *s, struct err *err);
/* HIM_ENOTFOUND when no session has this hash. */
int store_session_get(struct store *st, const char *token_hash, struct session_row *out,
		      struct err *err);
/* The session and its account (secrets not read) in one read: what every
 * signed-in request needs. HIM_ENOTFOUND when no session has this hash. */
int store_session_user_get(struct store *st, const char *token_hash, struct session_row *out,
			   struct account *user, struct err *err);
int store_session_touch(struct store *st, const char *token_hash, int64_t now, struct err *err);
/* End one session (everywhere false) or every session of its user, audited
 * as "logout"; an unknown token ends nothing and is not an error. */
int store_session_end(struct store *st, const char *token_hash, bool everywhere, struct err *err);
/* Remove an expired session (not audited: nobody acted). */
int store_session_expire(struct store *st, const char *token_hash, struct err *err);

/*
 * The per-database secret named name (len bytes): the stored one, or, the
 * first time, candidate (fresh random bytes from the caller) stored and
 * returned. Two processes racing agree on one value.
 */
int store_secret_get(struct store *st, const char *name, const unsigned char *candidate, size_t len,
		     unsigned char *out, struct err *err);

/* --- audit ----------------------------------------------------------- */

/*
 * The append-only, hash-chained audit log (docs/security.md). Each entry's
 * hash is the SHA-256 of (prev_hash, id, at, actor, action, object,
 * detail) in a canonical encoding, prev_hash the previous entry's hash.
 * Appends are serialised by the write transaction. Every write of case
 * data made through this API is audited by the store in the same
 * transaction as the write; reads and exports are audited by the front
 * end that shows them (audit_append in app/auth.h).
 */
#define AUDIT_HASH_HEX 65

struct audit_entry {
	int64_t id;
	char at[32];                 /* "YYYY-MM-DDTHH:MM:SSZ" */
	const char *actor, *action, *object, *detail; /* never NULL when read */
	char prev_hash[AUDIT_HASH_HEX];
	char hash[AUDIT_HASH_HEX];
};

/*
 * A number that every committed write of data moves, from any process or
 * node: each audited write (store_audit_append_tx moves it in the write's
 * transaction), each batch of a referral import, each write of the
 * linker's subjects. Audited reads (store_audit_append) do not move it.
 * What the web's cached pages check before they are reused.
 */
int store_data_version(struct store *st, int64_t *out, struct err *err);

/* Append one entry in its own transaction, for a read, an export or a
 * refusal (the data version stays). A NULL actor is the store's
 * (store_set_actor), else "system"; NULL object/detail are "". */
int store_audit_append(struct store *st, const char *actor, const char *action, const char *object,
		       const char *detail, struct err *err);

/* The canonical hash of e (its prev_hash and fields), as hex. */
void audit_entry_hash(const struct audit_entry *e, char out[AUDIT_HASH_HEX]);

/*
 * Walk the whole chain, recomputing each hash. *first_bad is 0 when the
 * chain is intact, else the id of the first entry whose hash, prev_hash or
 * place in the sequence is wrong (an entry removed, changed or inserted).
 * *checked (may be NULL) counts the entries read. Streaming.
 */
int store_audit_verify(struct store *st, int64_t *first_bad, int64_t *checked, struct err *err);

struct audit_filter {
	const char *actor;           /* NULL: any */
	const char *object;          /* NULL: any; exact ("case:42") */
	const char *since;           /* ISO date or time, inclusive; NULL: any */
	int64_t after_id;            /* keyset paging: ids greater than this */
	int64_t before_id;           /* newest first from here (0: from the end) */
	bool newest_first;
	int limit;                   /* 0: no limit */
};

typedef int (*store_audit_fn)(const struct audit_entry *e, void *ctx);
/* Entries matching f, streaming (an entry is valid during the call). */
int store_audit_list(struct store *st, const struct audit_filter *f, store_audit_fn fn, void *ctx,
		     struct err *err);

/* --- difficulties ---------------------------------------------------- */

/*
 * The difficulties (الصعوبات) the circular asks courts to report: a
 * court's prosecutor writes one (store_set_actor names the author), the
 * Presidency answers and closes it. Read within the same scopes as cases
 * (a court its own, a district its courts', national all; a police unit
 * none). Text is never changed nor deleted; every write is audited in its
 * transaction.
 */
enum difficulty_status { DIFFICULTY_OPEN, DIFFICULTY_ANSWERED, DIFFICULTY_CLOSED };

struct difficulty {
	int64_t id;
	char court[CODE_MAX];
	char district[CODE_MAX];
	char *title, *body, *author, *created_at;     /* owned */
	enum difficulty_status status;
	char *answer, *answered_by, *answered_at;     /* owned; NULL until answered */
};

struct difficulty_list {
	struct difficulty *items;
	size_t n, alloc;
};

void difficulty_init(struct difficulty *d);
void difficulty_release(struct difficulty *d);
void difficulty_list_init(struct difficulty_list *l);
void difficulty_list_release(struct difficulty_list *l);
struct difficulty *difficulty_list_push(struct difficulty_list *l);
const char *difficulty_status_name(enum difficulty_status s);

/* A new difficulty of court (title at most 300 bytes, text 8000). */
int store_difficulty_add(struct store *st, const char *court, const char *title, const char *body,
			 int64_t *id, struct err *err);
/* Within scope, newest first. */
int store_difficulty_list(struct store *st, const struct scope *scope, struct difficulty_list *out,
			  struct err *err);
/* One within scope; HIM_ENOTFOUND outside it. */
int store_difficulty_get(struct store *st, const struct scope *scope, int64_t id, struct difficulty *out,
			 struct err *err);
/* The Presidency's answer (status answered), or closing it. */
int store_difficulty_answer(struct store *st, int64_t id, const char *answer, struct err *err);
int store_difficulty_close(struct store *st, int64_t id, struct err *err);

/* --- subjects -------------------------------------------------------- */

/*
 * Subjects (core/link.h, app/link.h): referrals grouped by the reported
 * person's strong identifiers and timed IP sightings. The store gives the
 * linker its inputs (identifier and sighting indexes, whole or around one
 * referral) and keeps its output (each referral's subject, why each link
 * was made, needs-port flags) and people's split and merge decisions.
 * National scope only, like referrals until routing reaches the store.
 */
#include "../core/link.h"

/* A reported identifier of a linking kind; service "" when none. */
struct link_ident_row {
	int64_t referral_id;
	enum ident_kind kind;
	const char *value, *service;
	int64_t subject_id;  /* per_subject reads: referral_id's stored subject (0: none); else 0 */
};
typedef int (*store_link_ident_fn)(const struct link_ident_row *row, void *ctx);
typedef int (*store_link_ip_fn)(const struct link_ip_event *ev, void *ctx);
typedef int (*store_link_ip_pair_fn)(const struct link_ip_event *mine, const struct link_ip_event *other,
				     void *ctx);

/* Every reported identifier that links, the rows of one (kind, value)
 * together in referral order (by value, kind, referral, service: SQLite's
 * index order), so the services of one account name interleave. Streaming. */
int store_link_idents_each(struct store *st, store_link_ident_fn fn, void *ctx, struct err *err);
/* The other referrals' identifiers equal to one of referral id's; with
 * per_subject, one referral (the smallest) per subject already made. */
int store_link_ident_matches(struct store *st, int64_t referral_id, bool per_subject, store_link_ident_fn fn,
			     void *ctx, struct err *err);
/* Every reported IP sighting with a time, ordered by (address, time, referral). */
int store_link_ips_each(struct store *st, store_link_ip_fn fn, void *ctx, struct err *err);
/* The same, of one subject's referrals only (in the same order). */
int store_subject_ips_each(struct store *st, int64_t subject_id, store_link_ip_fn fn, void *ctx,
			   struct err *err);
/* Each sighting of referral id with each other referral's sighting of the
 * same address at most window seconds apart. */
int store_link_ip_neighbours(struct store *st, int64_t referral_id, int64_t window, store_link_ip_pair_fn fn,
			     void *ctx, struct err *err);
/* For each of ids[0..n) in turn: start(id), then its identifier matches
 * (as store_link_ident_matches) and its IP neighbours (as
 * store_link_ip_neighbours). The same rows as those calls, cheaper. */
typedef int (*store_link_around_fn)(int64_t referral_id, void *ctx);
int store_link_around_each(struct store *st, const int64_t *ids, size_t n, int64_t window, bool per_subject,
			   store_link_around_fn start, store_link_ident_fn ident_fn, store_link_ip_pair_fn ip_fn,
			   void *ctx, struct err *err);

/* The referrals waiting for the linker: imported, or changed (an NCMEC
 * supplement), since a run last linked them. Each pending row (a referral
 * may have several) with its referral's stored subject (0: none) and
 * needs-port flag, in referral order. A run deletes the rows it read when
 * it writes its results (subject_update.done). */
typedef int (*store_link_pending_fn)(int64_t row_id, int64_t referral_id, int64_t subject_id, bool needs_port,
				     void *ctx);
int store_link_pending(struct store *st, store_link_pending_fn fn, void *ctx, struct err *err);

/* What the stored subjects add up to. */
struct link_counts {
	int64_t referrals;       /* linked referrals */
	int64_t subjects, multi_subjects, needs_port;
};
int store_link_counts(struct store *st, struct link_counts *out, struct err *err);

/* Referrals and their subject (0: not linked yet), in referral id order;
 * subject_id 0 lists every referral, else that subject's members. */
typedef int (*store_subject_member_fn)(int64_t referral_id, int64_t subject_id, bool needs_port, void *ctx);
int store_subject_members(struct store *st, int64_t subject_id, store_subject_member_fn fn, void *ctx,
			  struct err *err);

/* Why two referrals are one subject. */
struct subject_link {
	int64_t a, b;
	char kind[16];      /* ident_kind_name(), "ip" or "manual" */
	char *value;        /* owned: the shared value, the address, or the note */
	char *service;      /* owned; "" when none */
	char *detail;       /* owned: the times and ports of an IP link; "" */
	int64_t decision_id; /* the merge decision behind a manual link, else 0 */
};
struct subject_assign {
	int64_t referral_id, subject_id;
	bool needs_port;
};

/* One write of the linker's results, in one transaction. */
struct subject_update {
	bool rebuild;            /* forget every subject and link first */
	int64_t window;          /* the IP window used, remembered */
	/* link_exclusions_fingerprint of the excluded values used,
	 * remembered; -1 (subject_update_init): left as it was. */
	int64_t exclusions;
	const int64_t *reset;    /* referrals whose links and flags are forgotten first */
	size_t nreset;
	const int64_t *done;     /* link_pending rows this run read: deleted */
	size_t ndone;
	/* store_link_generation as the caller read it before reading the
	 * subjects it changes; -1 (subject_update_init): not checked. */
	int64_t generation;
	struct subject_assign *assign;
	size_t nassign, assign_alloc;
	struct subject_link *links;
	size_t nlinks, links_alloc;
};

void subject_update_init(struct subject_update *u);
void subject_update_release(struct subject_update *u);
void subject_update_assign(struct subject_update *u, int64_t referral_id, int64_t subject_id, bool needs_port);
/* Copies the strings (NULL is ""). */
void subject_update_link(struct subject_update *u, int64_t a, int64_t b, const char *kind, const char *value,
			 const char *service, const char *detail, int64_t decision_id);

/* Write u: assignments are upserts (a needs-port flag is kept once set,
 * except for reset referrals); links are appended. HIM_ECONFLICT, and
 * nothing written, when another write of subjects came after u's
 * generation was read (a link run or a person's decision at the same
 * time: this one read subjects that are no more). */
int store_subjects_write(struct store *st, const struct subject_update *u, struct err *err);
/* How many writes of subjects there have been (0: none). */
int store_link_generation(struct store *st, int64_t *out, struct err *err);
/* The window of the last run; *window -1 when linking never ran. */
int store_link_window(struct store *st, int64_t *window, struct err *err);
/* The fingerprint of the excluded values of the last run; 0 when none
 * were, or linking never ran. */
int store_link_exclusions(struct store *st, int64_t *fingerprint, struct err *err);

/* A linking identifier value and how many referrals report it. */
struct link_common_value {
	enum ident_kind kind;
	const char *value, *service;
	int64_t referrals;
};
typedef int (*store_link_common_fn)(const struct link_common_value *v, void *ctx);
/* The identifier values that link (link_ident_links) reported in at least
 * min referrals, the most common first (then by kind, value, service),
 * at most limit of them. */
int store_link_common_values(struct store *st, int64_t min, int64_t limit, store_link_common_fn fn, void *ctx,
			     struct err *err);

/* A person's decision (kind "merge" or "split") over two sides; audited. */
int store_subject_decision_add(struct store *st, const char *kind, const int64_t *side0, size_t n0,
			       const int64_t *side1, size_t n1, const char *note, int64_t *id,
			       struct err *err);
/* Every decision's members, ordered by decision id, side, referral. */
typedef int (*store_decision_fn)(int64_t decision_id, const char *kind, int64_t referral_id, int side,
				 void *ctx);
int store_subject_decisions_each(struct store *st, store_decision_fn fn, void *ctx, struct err *err);

/* A subject as lists show it. */
struct subject_summary {
	int64_t id;
	int64_t referrals, needs_port, with_case;
	utc_time_t first_received, last_received;
	int priority_rank;   /* 0 E, 1, 2, 3, 4 informational, 5 none */
	bool escalated;
	char platform[CODE_MAX]; /* the platform of its first referral */
};
typedef int (*store_subject_fn)(const struct subject_summary *s, void *ctx);
/* Every subject in id order (subject_id 0), or that one. */
int store_subject_list(struct store *st, int64_t subject_id, store_subject_fn fn, void *ctx, struct err *err);

/* The links inside a subject (value, service, detail valid during the call). */
typedef int (*store_subject_link_fn)(const struct subject_link *l, void *ctx);
int store_subject_links(struct store *st, int64_t subject_id, store_subject_link_fn fn, void *ctx,
			struct err *err);
/* Same content: a file hash of subject_id's referrals also named by a
 * referral of another subject (never a link: strangers share files). */
typedef int (*store_same_content_fn)(int64_t other_subject, int64_t other_referral, const char *hash_kind,
				     const char *hash, void *ctx);
int store_subject_same_content(struct store *st, int64_t subject_id, store_same_content_fn fn, void *ctx,
			       struct err *err);

/* What routing and triage read, per subject, in subject order: the
 * locations its referrals give, and its reported IP sightings with the ISP
 * the referral names for that address ("" when none). subject_id 0: every
 * subject; else that one only (a subject page: its index, not every row). */
typedef int (*store_subject_location_fn)(int64_t subject_id, const char *country, const char *region,
					 const char *city, void *ctx);
int store_subject_locations(struct store *st, int64_t subject_id, store_subject_location_fn fn, void *ctx,
			    struct err *err);
/* The cases a subject's referrals led to, in subject then case order:
 * court, decision code ("" none yet), the decision's filing reason ("" none)
 * and the first-instance outcome ("" none yet). */
struct subject_case {
	int64_t subject_id, case_id;
	char court[CODE_MAX], decision[CODE_MAX], reason[CODE_MAX], first_outcome[CODE_MAX];
};
typedef int (*store_subject_case_fn)(const struct subject_case *c, void *ctx);
int store_subject_cases(struct store *st, store_subject_case_fn fn, void *ctx, struct err *err);
typedef int (*store_subject_ip_time_fn)(int64_t subject_id, utc_time_t at, const char *isp, void *ctx);
int store_subject_ip_times(struct store *st, int64_t subject_id, store_subject_ip_time_fn fn, void *ctx,
			   struct err *err);

/* --- moving a database, backups (store_copy.c; app/migrate.c) -------- */

/*
 * Copy a case of another database into this one with its events, keeping
 * what the store otherwise sets itself: the case's created_at/created_by
 * and each event's recorded_at/recorded_by. One transaction:
 *   - dest_id 0: the case is opened (case_prepare_new validates it against
 *     this database's reference data; a case with the same court and file
 *     number already here is HIM_ECONFLICT); else case dest_id is the copy
 *     and must have c's court and file number;
 *   - each of events (the source's, in recording order) that is not here
 *     yet is appended: an event is here when an event not matched before
 *     has the same type, date, fields, charges, recorded_at and
 *     recorded_by and corrects the same (mapped) event; a correction is
 *     pointed at the new id of the event it supersedes;
 *   - the whole history is replayed by the stage machine (a refusal is
 *     HIM_EINPUT with *why, and nothing is written) and the derived state
 *     written; the copy is audited as one "case_write" entry naming
 *     origin.
 * event_ids[i] receives the id here of events->items[i] (n entries).
 */
struct case_copy {
	int64_t case_id;        /* here */
	bool opened;            /* the case was not here before */
	int64_t events_copied, events_present;
};
int store_case_copy(struct store *st, const struct case_record *c, const struct event_list *events,
		    int64_t dest_id, const char *origin, int64_t *event_ids, struct case_copy *out,
		    enum stage_refusal *why, struct err *err);

/*
 * Copy a difficulty of another database (court, text, author, times,
 * answer, status) unless one with the same court, title, text and creation
 * time is here already; *copied says whether it was. Audited.
 */
int store_difficulty_copy(struct store *st, const struct difficulty *d, const char *origin, bool *copied,
			  struct err *err);

/*
 * Append entries of another database's audit chain to this one's, in one
 * transaction, then a closing entry (close_action, close_object,
 * close_detail, by the store's actor) by which the caller remembers how far
 * it went. Each moved entry keeps its time, actor and action; its object is
 * objects[i] when objects and objects[i] are not NULL (the caller's
 * translation of the source's ids into this database's), else the
 * source's; its detail is the source's followed by a line
 * "[moved from ORIGIN #ID]" (with ", object OLD" when the object was
 * translated; a detail too long for both is cut at a character boundary).
 * The hashes are this chain's own: ids and prev_hash follow this database.
 */
int store_audit_move(struct store *st, const struct audit_entry *entries, const char *const *objects,
		     size_t n, const char *origin, const char *close_action, const char *close_object,
		     const char *close_detail, struct err *err);

/*
 * A consistent copy of the whole database, taken while others may be
 * writing, into the file path (written beside it, then renamed over it:
 * path never holds half a backup). Restoring is opening the file. Only the
 * embedded backend has this: on PostgreSQL it is HIM_EUSAGE (use pg_dump).
 */
int store_backup(struct store *st, const char *path, struct err *err);

#endif
