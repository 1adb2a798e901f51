/*
 * triage.c - building a police unit's queue (see triage.h): the subjects
 * as the store sums them, their referrals' places through the place table,
 * their IP sightings through each ISP's retention, then filtered and
 * sorted. Three streaming reads, one pass each, whatever the number of
 * subjects.
 */
#include "triage.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/banned.h"

void triage_list_init(struct triage_list *l)
{
	memset(l, 0, sizeof(*l));
}

void triage_list_release(struct triage_list *l)
{
	free(l->rows);
	triage_list_init(l);
}

struct build {
	const struct triage_options *o;
	struct triage_list *l;
	int64_t only;
};

static int add_subject(const struct subject_summary *s, void *ctx)
{
	struct build *b = ctx;
	struct triage_row *r;

	if (b->only && s->id != b->only)
		return HIM_OK;
	if (b->l->n == b->l->alloc) {
		b->l->alloc = b->l->alloc ? b->l->alloc * 2 : 256;
		b->l->rows = xrealloc(b->l->rows, b->l->alloc * sizeof(*b->l->rows));
	}
	r = &b->l->rows[b->l->n++];
	memset(r, 0, sizeof(*r));
	r->sum = *s;
	route_init(&r->route);
	deadline_init(&r->deadline);
	return HIM_OK;
}

/* Rows are in subject order: a binary search finds a subject's. */
static struct triage_row *find(struct triage_list *l, int64_t id)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (l->rows[mid].sum.id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < l->n && l->rows[lo].sum.id == id ? &l->rows[lo] : NULL;
}

static int add_location(int64_t subject_id, const char *country, const char *region, const char *city, void *ctx)
{
	struct build *b = ctx;
	struct triage_row *r = find(b->l, subject_id);

	if (r)
		route_add(&r->route, b->o->places, country, region, city);
	return HIM_OK;
}

static int add_sighting(int64_t subject_id, utc_time_t at, const char *isp, void *ctx)
{
	struct build *b = ctx;
	struct triage_row *r = find(b->l, subject_id);
	const char *months = isp[0] && b->o->retention ? route_table_find(b->o->retention, isp) : NULL;

	if (!r)
		return HIM_OK;
	r->sightings++;
	deadline_add(&r->deadline, retention_deadline(at, months ? (int)strtol(months, NULL, 10) : RETENTION_MONTHS_DEFAULT),
		     b->o->now);
	return HIM_OK;
}

static int row_cmp(const void *x, const void *y)
{
	return triage_compare(&((const struct triage_row *)x)->item, &((const struct triage_row *)y)->item);
}

static bool keep(const struct triage_options *o, const struct triage_row *r)
{
	enum route_status s = route_status(&r->route);

	if (!o->with_cases && r->sum.with_case > 0)
		return false;
	if (o->by_hand && s == ROUTE_PROPOSED)
		return false;
	if (o->court && (s != ROUTE_PROPOSED || strcmp(r->route.court, o->court) != 0))
		return false;
	return true;
}

int triage_build(struct store *st, const struct triage_options *o, int64_t subject_id, struct triage_list *out,
		 struct err *err)
{
	struct build b = { o, out, subject_id };
	size_t i, n = 0;
	int rc;

	if ((rc = store_subject_list(st, subject_id, add_subject, &b, err)) != HIM_OK)
		return rc;
	if ((rc = store_subject_locations(st, add_location, &b, err)) != HIM_OK)
		return rc;
	if ((rc = store_subject_ip_times(st, add_sighting, &b, err)) != HIM_OK)
		return rc;
	for (i = 0; i < out->n; i++) {
		struct triage_row *r = &out->rows[i];

		if (!keep(o, r))
			continue;
		r->item.subject_id = r->sum.id;
		r->item.escalated = r->sum.escalated;
		r->item.priority_rank = r->sum.priority_rank;
		r->item.state = deadline_state(&r->deadline, o->now);
		r->item.deadline = deadline_value(&r->deadline);
		r->item.last_received = r->sum.last_received;
		out->rows[n++] = *r;
	}
	out->n = n;
	if (n)
		qsort(out->rows, n, sizeof(*out->rows), row_cmp);
	return HIM_OK;
}
