/*
 * route.h - proposing a court for a subject and ordering the police's
 * work, with no I/O: place names (as referrals spell them) to First
 * Instance Courts, the ISP log-retention deadline of an IP sighting, and
 * the triage order. The tables come from data files read by the caller
 * (ingest/link_data.c); "now" is a parameter.
 */
#ifndef HIMAYA_ROUTE_H
#define HIMAYA_ROUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/err.h"
#include "../lib/strbuf.h"
#include "code.h"
#include "referral.h"

/*
 * The key a place or ISP name is matched by: Arabic normalised (hamza
 * forms, ta marbuta, alef maqsura, Eastern digits), Latin lower-cased with
 * accents folded, spaces, hyphens and apostrophes dropped, and a leading
 * Arabic article dropped ("الدار البيضاء" = "دار البيضاء", "Fès" = "FES",
 * "M'diq" = "Mdiq"). HIM_EINPUT for invalid UTF-8.
 */
int route_key(const char *text, struct strbuf *out, struct err *err);

/* A name -> value table matched by route_key. */
struct route_entry {
	char *key;
	char value[CODE_MAX]; /* a court code, or a number for retention */
};
struct route_table {
	struct route_entry *items;
	size_t n, alloc;
	bool sorted;
};

void route_table_init(struct route_table *t);
void route_table_release(struct route_table *t);
/* Add name -> value; the same key with another value is HIM_ECONFLICT. */
int route_table_add(struct route_table *t, const char *name, const char *value, struct err *err);
/* The value for name, or NULL. */
const char *route_table_find(struct route_table *t, const char *name);

enum route_status {
	ROUTE_PROPOSED,   /* one court */
	ROUTE_NO_LOCATION, /* no Moroccan place given */
	ROUTE_UNKNOWN,    /* places given, none in the table */
	ROUTE_SEVERAL,    /* places of several courts */
};

/* The courts a subject's locations point at. */
struct route {
	char court[CODE_MAX];   /* the first court found */
	char other[CODE_MAX];   /* a second, different court ("" if none) */
	int places;             /* Moroccan places given */
	int unknown;            /* of which not in the table */
};

void route_init(struct route *r);
/* Add one location as a referral gives it: the city is tried first, then
 * the region; a country other than MA is not a place for a Moroccan court. */
void route_add(struct route *r, struct route_table *places, const char *country, const char *region,
	       const char *city);
enum route_status route_status(const struct route *r);
const char *route_status_name(enum route_status s); /* "proposed", "no_location", "unknown_place", "several_courts" */

/* --- retention and triage --- */

#define RETENTION_MONTHS_DEFAULT 12
#define RETENTION_NEAR_DAYS 30

/* at + months calendar months (the same day of the month, clamped). */
utc_time_t retention_deadline(utc_time_t at, int months);

enum deadline_state {
	DEADLINE_NONE,  /* no timed IP sighting */
	DEADLINE_OPEN,  /* logs still kept, more than RETENTION_NEAR_DAYS left */
	DEADLINE_NEAR,  /* at most RETENTION_NEAR_DAYS left */
	DEADLINE_PAST,  /* every sighting's logs are past retention */
};
const char *deadline_state_name(enum deadline_state s); /* "none", "open", "near", "past" */

/* The deadline that matters for a subject: the earliest one still ahead
 * of now, else (all passed) the latest one. Feed each sighting's. */
struct deadline {
	utc_time_t next;  /* earliest >= now, TIME_NONE */
	utc_time_t last;  /* latest < now, TIME_NONE */
};
void deadline_init(struct deadline *d);
void deadline_add(struct deadline *d, utc_time_t deadline, utc_time_t now);
enum deadline_state deadline_state(const struct deadline *d, utc_time_t now);
utc_time_t deadline_value(const struct deadline *d);

/* One subject in a police unit's queue. */
struct triage_item {
	int64_t subject_id;
	bool escalated;           /* NCMEC: child in imminent danger */
	int priority_rank;        /* 0 E, 1, 2, 3, 4 informational, 5 none */
	enum deadline_state state;
	utc_time_t deadline;      /* deadline_value(), TIME_NONE */
	utc_time_t last_received; /* TIME_NONE */
};

/*
 * The queue's order: escalated first; then NCMEC priority (E, 1, 2, 3,
 * informational, none); then logs that can still be asked for, the nearest
 * deadline first, then subjects without a timed sighting, then those past
 * retention; then the most recent referral first; then subject id.
 */
int triage_compare(const struct triage_item *a, const struct triage_item *b);

#endif
