/*
 * pg_referral_buffer.h - the referrals an import batch creates, held in
 * memory and sent to PostgreSQL with COPY (pg_referral_buffer.c).
 *
 * A referral the batch inserts gets its id at once (the next id under the
 * write lock, as SQLite's rowid) and stays here with its children until
 * pg_referral_buffer_send(): the fields a later row of the same lead fills
 * or a chained fingerprint changes are changed here, and a child row that
 * repeats one already held (the primary-key semantics of the child tables)
 * is recognised here, so COPY never meets a conflict. Lookups by identity
 * look here first, then in the database.
 *
 * Ownership: the buffer owns every string it holds; _release frees them.
 */
#ifndef HIMAYA_PG_REFERRAL_BUFFER_H
#define HIMAYA_PG_REFERRAL_BUFFER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/referral.h"
#include "../lib/keyset.h"
#include "../lib/strbuf.h"

struct store;
struct err;

/* The text fields of a referral row, in the order of the table's columns. */
enum {
	PGB_PRIORITY, PGB_ESCALATION, PGB_INCIDENT_TYPE, PGB_ESP, PGB_NETWORK, PGB_CLIENT,
	PGB_ANNOTATIONS, PGB_NOTES, PGB_NTEXT
};

/* A referral inserted by this batch, not sent yet. */
struct pg_buffered {
	int64_t id, import_id;
	char platform[CODE_MAX];
	char *external_id;
	char *text[PGB_NTEXT];
	utc_time_t received_at, incident_at;
	int content_dropped;
	char fingerprint[33];
	char *source_file;
	long source_line;
	char created_at[32];
	char updated_at[32]; /* "" for NULL */
};

/* The tables a buffer fills, in the order they are sent. */
enum { PGB_REFERRALS, PGB_IDENTS, PGB_EVENTS, PGB_FILES, PGB_LOCATIONS, PGB_NTABLES };

/*
 * One sending of a buffer's rows: a COPY ... FROM STDIN per table, on a
 * thread of its own while the import reads the next rows (the server
 * loads one buffer while this process parses the next: two cores at work
 * instead of one after the other). While it runs, it alone uses the
 * connection: every other statement waits for it first
 * (pg_referral_buffer_wait).
 */
struct pg_copy_job {
	struct store *st;
	struct strbuf rows[PGB_NTABLES]; /* COPY text */
	int64_t *imports;                /* the imports the referrals name */
	size_t nimports, cap_imports;
	pthread_t thread;
	bool running;
	int rc;
	struct err *err; /* the job's own, allocated */
};

struct pg_referral_buffer {
	struct pg_buffered *refs;
	size_t nrefs, cap;
	int64_t first_id, next_id; /* refs[i].id == first_id + i */
	struct key_set names;     /* platform, external_id -> index in refs */
	struct key_set children;  /* the key of every child row held */
	struct strbuf rows[PGB_NTABLES]; /* COPY text of the children (referrals: at the send) */
	struct strbuf scratch;
	size_t bytes; /* what it holds, roughly */
	struct pg_copy_job job;      /* the sending in flight, if any */
};

/* next_id: the id the first referral inserted will get. */
void pg_referral_buffer_init(struct pg_referral_buffer *b, int64_t next_id);
void pg_referral_buffer_release(struct pg_referral_buffer *b);

/* The referral held under this identity or this id, or NULL. */
struct pg_buffered *pg_referral_buffer_find(struct pg_referral_buffer *b, const char *platform,
					    const char *external_id);
struct pg_buffered *pg_referral_buffer_get(struct pg_referral_buffer *b, int64_t id);

/* Hold a new referral (without its children); its id is the next one. */
struct pg_buffered *pg_referral_buffer_add(struct pg_referral_buffer *b, const struct referral *r,
					   const char *fingerprint, int64_t import_id, const char *now);

/* The semantics of the SQL fill (pg_referrals.c): set what is empty, keep
 * the earliest received_at; true if anything changed. */
bool pg_referral_buffer_fill(struct pg_buffered *x, const struct referral *r);

/* Hold r's children for buffered referral id, those not held yet; *added
 * counts them. */
void pg_referral_buffer_children(struct pg_referral_buffer *b, int64_t id, const struct referral *r, int *added);

/* True when it holds enough to be worth sending now (bounds memory). */
bool pg_referral_buffer_full(const struct pg_referral_buffer *b);
/* True when it holds several times that: send even in the middle of a
 * referral. */
bool pg_referral_buffer_overflowing(const struct pg_referral_buffer *b);

/* COPY every held row (referrals first, then their children) and empty
 * the buffer; the ids go on from where they were. With wait, the rows are
 * in the database when it returns; without, they are sent on a thread and
 * pg_referral_buffer_wait must come before any other statement (an error
 * of the sending is returned then). Either waits for an earlier sending
 * first. */
int pg_referral_buffer_send(struct store *st, struct pg_referral_buffer *b, bool wait, struct err *err);
/* Wait for the sending in flight, if any; its result. */
int pg_referral_buffer_wait(struct pg_referral_buffer *b, struct err *err);

/* The sending itself (pg_referral_send.c). */
void pg_copy_job_init(struct pg_copy_job *job);
void pg_copy_job_release(struct pg_copy_job *job);
/* Send job->rows, on a thread unless wait (or no thread can be made). */
int pg_copy_job_start(struct pg_copy_job *job, struct store *st, bool wait, struct err *err);
int pg_copy_job_wait(struct pg_copy_job *job, struct err *err);

#endif
