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
};

struct store {
	const struct store_backend *be;
	void *impl;            /* the backend's own connection state */
	struct court_map map;  /* reference data, loaded at open and after sync */
	struct vocab vocab;
	bool has_reference;
	char *actor;           /* who writes, or NULL */
};

/* Backends' constructors: open the connection and migrate. */
int sqlite_backend_open(struct store *st, const char *path, struct err *err);

/* Current UTC time as ISO-8601 "YYYY-MM-DDTHH:MM:SSZ" (caller frees). */
char *store_now_iso(void);

#endif
