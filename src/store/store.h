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
 * embedded backend ("postgresql://..." is reserved for the national
 * backend). Creates the database if needed and applies pending schema
 * migrations, each in its own transaction. Loads the reference data if
 * the database has it (see store_has_reference).
 */
int store_open(struct store **out, const char *url, struct err *err);
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

#endif
