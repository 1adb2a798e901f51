/*
 * link_decisions.c - people's split and merge decisions as the linker
 * replays them (see link_internal.h): loaded once per run, sorted by
 * referral so that "does a split separate a and b?" is two binary searches
 * and a merge walk, whatever the number of decisions.
 */
#include "link_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/banned.h"

static int decision_row(int64_t decision_id, const char *kind, int64_t referral_id, int side, void *ctx)
{
	struct link_decisions *d = ctx;
	bool split = strcmp(kind, "split") == 0;

	if (d->n == d->alloc) {
		d->alloc = d->alloc ? d->alloc * 2 : 64;
		d->m = xrealloc(d->m, d->alloc * sizeof(*d->m));
	}
	d->m[d->n].referral = referral_id;
	d->m[d->n].decision = decision_id;
	d->m[d->n].side = side;
	d->m[d->n].split = split;
	d->n++;
	if (!split) {
		/* A merge has one referral per side: side 0 comes first. */
		if (side == 0) {
			if (d->nmerges == d->merges_alloc) {
				d->merges_alloc = d->merges_alloc ? d->merges_alloc * 2 : 16;
				d->merges = xrealloc(d->merges, d->merges_alloc * sizeof(*d->merges));
			}
			d->merges[d->nmerges].id = decision_id;
			d->merges[d->nmerges].a = referral_id;
			d->merges[d->nmerges].b = 0;
			d->nmerges++;
		} else if (d->nmerges && d->merges[d->nmerges - 1].id == decision_id) {
			d->merges[d->nmerges - 1].b = referral_id;
		}
	}
	return HIM_OK;
}

static int dmember_cmp(const void *x, const void *y)
{
	const struct link_dmember *a = x, *b = y;

	if (a->referral != b->referral)
		return a->referral < b->referral ? -1 : 1;
	return a->decision < b->decision ? -1 : a->decision > b->decision;
}

void link_decisions_release(struct link_decisions *d)
{
	free(d->m);
	free(d->merges);
	memset(d, 0, sizeof(*d));
}

int link_decisions_load(struct store *st, struct link_decisions *d, struct err *err)
{
	int rc;

	memset(d, 0, sizeof(*d));
	if ((rc = store_subject_decisions_each(st, decision_row, d, err)) != HIM_OK)
		return rc;
	if (d->n)
		qsort(d->m, d->n, sizeof(*d->m), dmember_cmp);
	return HIM_OK;
}

/* The first entry of referral r, or d->n. */
static size_t decisions_find(const struct link_decisions *d, int64_t r)
{
	size_t lo = 0, hi = d->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->m[mid].referral < r)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool link_decisions_involve(const struct link_decisions *d, int64_t r)
{
	size_t i = decisions_find(d, r);

	return i < d->n && d->m[i].referral == r;
}

/* Whether a split later than decision `after` puts a and b on opposite sides. */
bool link_decisions_separate(const struct link_decisions *d, int64_t a, int64_t b, int64_t after)
{
	size_t i = decisions_find(d, a), j = decisions_find(d, b);

	while (i < d->n && d->m[i].referral == a && j < d->n && d->m[j].referral == b) {
		if (d->m[i].decision < d->m[j].decision) {
			i++;
		} else if (d->m[i].decision > d->m[j].decision) {
			j++;
		} else {
			if (d->m[i].split && d->m[i].decision > after && d->m[i].side != d->m[j].side)
				return true;
			i++;
			j++;
		}
	}
	return false;
}

