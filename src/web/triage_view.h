/*
 * triage_view.h - what the triage page and the subject page share
 * (triage_page.c): which subjects a user may see, the queue built with
 * the server's routing tables, and the cells of a subject's row. Kept out
 * of handlers.h because app/triage.h's names (struct route) would clash
 * with the router's.
 */
#ifndef HIMAYA_WEB_TRIAGE_VIEW_H
#define HIMAYA_WEB_TRIAGE_VIEW_H

#include "handlers.h"
#include "../app/triage.h"

/* Which subjects the user may see: those proposed for courts (a court, a
 * district's courts, a police unit's courts), or all (the Presidency). */
struct web_triage_view {
	struct triage_courts courts;
	bool all;
};
int web_triage_view_init(struct web_request *r, struct web_triage_view *v, struct err *err);
void web_triage_view_release(struct web_triage_view *v);
/* The Presidency's filters: one proposed court ("": any), the by-hand queue. */
struct web_triage_filter {
	char court[CODE_MAX];
	bool by_hand;
};
/* The view's queue (subject_id 0), or subject_id alone if the user may see
 * it (out->n 0 otherwise), routed with the server's tables, queue-ordered. */
int web_triage_build(struct web_request *r, const struct web_triage_view *v, const struct web_triage_filter *f,
		     int64_t subject_id, struct triage_list *out, struct err *err);
/* Cells of a subject's row: NCMEC escalation and priority (and needs
 * port), the log-retention deadline flagged near or past, the proposed
 * court and why (place, geoip) or why by hand (the courts named). */
void web_triage_urgency(struct web_request *r, const struct triage_row *row);
void web_triage_deadline(struct web_request *r, const struct triage_row *row);
void web_triage_court(struct web_request *r, const struct triage_row *row);
/* A UTC time as its date (with_time false) or in full, left to right. */
void web_time(struct web_request *r, utc_time_t t, bool with_time);

#endif
