/*
 * stats.h - the Presidency's aggregates: counts by every dimension of the
 * circular's table, per year, prosecution and conviction rates, median
 * delays and pending cases, for a scope and period; and the cases behind
 * any one figure (--explain).
 *
 * Every figure comes from store_stats_group / store_stats_median (SQL in
 * the database); this module only names, labels and combines them, and
 * applies the vocabulary's meaning (which outcomes are convictions).
 */
#ifndef HIMAYA_REPORT_STATS_H
#define HIMAYA_REPORT_STATS_H

#include <jansson.h>

#include "../lib/strbuf.h"
#include "../store/store.h"

struct stats_request {
	struct scope scope;
	struct case_filter filter;   /* period, platform, court ... */
	date_t today;
	int pending_days;            /* "pending for more than N days" */
	const enum stats_dim *cross; /* optional cross-tabulation, NULL if none */
	size_t ncross;
};

void stats_request_init(struct stats_request *r);

/* The stages in which a case awaits a decision or a first-instance judgment. */
unsigned stats_pending_stages(void);

/*
 * Compute every aggregate into a new JSON object (*out, owned by the
 * caller: json_decref). Codes come with their Arabic and French labels.
 */
int stats_build(struct store *st, const struct stats_request *r, json_t **out, struct err *err);

/*
 * Narrow f to the cases behind one figure: "court=tpi-sale", "year=2022",
 * "first_instance=conviction", "decision=" (none yet), "pending=365".
 * value is borrowed: it must outlive f.
 */
int stats_filter_add(struct case_filter *f, const char *field, const char *value, date_t today,
		     struct err *err);

/* A human-readable rendering of a stats_build() object, in lang. */
void stats_render_text(const json_t *stats, enum lang lang, struct strbuf *out);

#endif
