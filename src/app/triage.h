/*
 * triage.h - a police unit's queue of subjects (not yet led to a case),
 * each with its proposed court (core/route.h) and its log-retention
 * deadline, in the order of urgency triage_compare gives.
 */
#ifndef HIMAYA_APP_TRIAGE_H
#define HIMAYA_APP_TRIAGE_H

#include "../core/route.h"
#include "../ingest/geoip.h"
#include "../store/store.h"

/* The courts one police unit's queue covers (triage_unit_courts). */
struct triage_courts {
	char (*code)[CODE_MAX];
	size_t n, alloc;
};

void triage_courts_init(struct triage_courts *c);
void triage_courts_release(struct triage_courts *c);

/*
 * A police unit's queue (docs/linking.md): the subjects proposed for the
 * courts the unit works with, which are the courts of the cases it
 * investigates (scope_unit(body, unit)). A unit with no case yet has no
 * court, so an empty queue: the Presidency or a court routes its first
 * subjects. body and unit are the account's.
 */
int triage_unit_courts(struct store *st, const char *body, const char *unit, struct triage_courts *out,
		       struct err *err);

/*
 * The courts whose subjects a reader of scope may see in a queue (the web
 * application's triage page): a court, its own; a district, its First
 * Instance Courts as the map has them now; a police unit, its courts
 * (triage_unit_courts). National: *all is true and out stays empty (every
 * subject, those to route by hand included).
 */
int triage_scope_courts(struct store *st, const struct scope *scope, struct triage_courts *out, bool *all,
			struct err *err);

struct triage_options {
	const char *court;               /* only subjects proposed for this court; NULL: all */
	const struct triage_courts *courts; /* only subjects proposed for one of these; NULL: all */
	bool by_hand;                    /* only subjects to route by hand */
	bool with_cases;                 /* also subjects already led to a case */
	utc_time_t now;
	struct route_table *places;      /* data/locations.tsv */
	struct route_table *retention;   /* data/retention.tsv; NULL: the default for all */
	/* An IP geolocation database: a subject whose referrals give no
	 * Moroccan place is routed from its sightings' addresses. NULL: not. */
	struct geoip *geoip;
};

struct triage_row {
	struct triage_item item;
	struct subject_summary sum;
	struct route route;
	struct deadline deadline;
	int64_t sightings;               /* timed IP sightings */
	bool geoip;                      /* route's places came from IP geolocation */
};

struct triage_list {
	struct triage_row *rows;
	size_t n, alloc;
};

void triage_list_init(struct triage_list *l);
void triage_list_release(struct triage_list *l);

/* Subject subject_id (0: every subject) routed and dated, queue-ordered,
 * filtered as o says. */
int triage_build(struct store *st, const struct triage_options *o, int64_t subject_id, struct triage_list *out,
		 struct err *err);

#endif
