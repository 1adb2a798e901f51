/*
 * triage.c - building a police unit's queue (see triage.h): the subjects
 * as the store sums them, their referrals' places through the place table,
 * their IP sightings through each ISP's retention, then filtered and
 * sorted. Three streaming reads, one pass each, whatever the number of
 * subjects; with an IP geolocation database, two more (members and
 * sightings) for the subjects that name no place. For one subject (its
 * page) each read is of that subject only, through the subject index.
 */
#include "triage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/banned.h"

void triage_courts_init(struct triage_courts *c)
{
	memset(c, 0, sizeof(*c));
}

void triage_courts_release(struct triage_courts *c)
{
	free(c->code);
	triage_courts_init(c);
}

static void courts_add(struct triage_courts *c, const char *code)
{
	if (c->n == c->alloc) {
		c->alloc = c->alloc ? c->alloc * 2 : 8;
		c->code = xrealloc(c->code, c->alloc * sizeof(*c->code));
	}
	snprintf(c->code[c->n++], CODE_MAX, "%s", code);
}

static int add_court(const struct stats_cell *cell, void *ctx)
{
	struct triage_courts *c = ctx;

	if (cell->ndims != 1 || !cell->values[0][0] || cell->count == 0)
		return HIM_OK;
	courts_add(c, cell->values[0]);
	return HIM_OK;
}

int triage_unit_courts(struct store *st, const char *body, const char *unit, struct triage_courts *out,
		       struct err *err)
{
	struct scope scope = scope_unit(body, unit);
	struct case_filter f;
	enum stats_dim dim = STATS_COURT;

	case_filter_init(&f);
	return store_stats_group(st, &scope, &f, &dim, 1, add_court, out, err);
}

int triage_scope_courts(struct store *st, const struct scope *scope, struct triage_courts *out, bool *all,
			struct err *err)
{
	const struct court_map *map = store_court_map(st);
	size_t i;

	*all = false;
	switch (scope->kind) {
	case SCOPE_NATIONAL:
		*all = true;
		return HIM_OK;
	case SCOPE_COURT:
		courts_add(out, scope->code);
		return HIM_OK;
	case SCOPE_DISTRICT:
		/* Subjects are proposed to First Instance Courts only; a court
		 * moved by a later decree is in its present district's view. */
		for (i = 0; i < map->n; i++) {
			const struct court_term *t = &map->terms[i];

			if (t->kind == COURT_FIRST && court_map_latest(map, t->code) == t &&
			    strcmp(t->appeal_court, scope->code) == 0)
				courts_add(out, t->code);
		}
		return HIM_OK;
	case SCOPE_UNIT:
		return triage_unit_courts(st, scope->code, scope->unit ? scope->unit : "", out, err);
	}
	return err_set(err, HIM_EUSAGE, "triage: unknown scope");
}

static bool in_courts(const struct triage_courts *c, const char *court)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->code[i], court) == 0)
			return true;
	return false;
}

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

/* --- IP geolocation, for subjects whose referrals name no place --- */

struct geo {
	struct build *b;
	int64_t *subject_of; /* by referral id: the subject, if it is a candidate; else 0 */
	size_t n;
	struct geoip_place place;
	struct err *err;
};

static int geo_member(int64_t referral_id, int64_t subject_id, bool needs_port, void *ctx)
{
	struct geo *g = ctx;
	struct triage_row *r;
	(void)needs_port;

	if (referral_id <= 0 || !subject_id || !(r = find(g->b->l, subject_id)) || !r->geoip)
		return HIM_OK;
	if ((size_t)referral_id >= g->n) {
		size_t m = g->n ? g->n : 1024;

		while (m <= (size_t)referral_id)
			m *= 2;
		g->subject_of = xrealloc(g->subject_of, m * sizeof(*g->subject_of));
		memset(g->subject_of + g->n, 0, (m - g->n) * sizeof(*g->subject_of));
		g->n = m;
	}
	g->subject_of[referral_id] = subject_id;
	return HIM_OK;
}

/*
 * One sighting of a candidate subject: its address's place, as the
 * database names it, joins the subject's route like a referral's own.
 * The first of the place's names the table knows is used (the city, then
 * the smallest subdivision); none known: the place counts as unknown, and
 * the subject stays to be routed by hand, as with a referral's place.
 */
static int geo_sighting(const struct link_ip_event *ev, void *ctx)
{
	struct geo *g = ctx;
	struct triage_row *r;
	const char *name = NULL;
	size_t i;
	int rc;

	if (ev->referral_id <= 0 || (size_t)ev->referral_id >= g->n || !g->subject_of[ev->referral_id])
		return HIM_OK;
	if (!(r = find(g->b->l, g->subject_of[ev->referral_id])))
		return HIM_OK;
	if ((rc = geoip_lookup(g->b->o->geoip, ev->ip, &g->place, g->err)) != HIM_OK)
		return rc == HIM_EINPUT ? HIM_OK : rc; /* a stored address is canonical; never mind one */
	if (!g->place.found || strcmp(g->place.country, "MA") != 0 || g->place.nnames == 0)
		return HIM_OK;
	for (i = 0; i < g->place.nnames && !name; i++)
		if (route_table_find(g->b->o->places, g->place.names[i].buf))
			name = g->place.names[i].buf;
	route_add(&r->route, g->b->o->places, "MA", NULL, name ? name : g->place.names[0].buf);
	return HIM_OK;
}

static int route_by_geoip(struct store *st, struct build *b, struct err *err)
{
	struct geo g;
	size_t i, candidates = 0;
	int rc;

	for (i = 0; i < b->l->n; i++) {
		struct triage_row *r = &b->l->rows[i];

		r->geoip = route_status(&r->route) == ROUTE_NO_LOCATION;
		candidates += r->geoip;
	}
	if (!candidates)
		return HIM_OK;
	memset(&g, 0, sizeof(g));
	g.b = b;
	g.err = err;
	geoip_place_init(&g.place);
	rc = store_subject_members(st, b->only, geo_member, &g, err);
	if (rc == HIM_OK && g.n)
		rc = b->only ? store_subject_ips_each(st, b->only, geo_sighting, &g, err)
			     : store_link_ips_each(st, geo_sighting, &g, err);
	for (i = 0; i < b->l->n; i++) {
		struct triage_row *r = &b->l->rows[i];

		/* Geolocated only if an address gave a Moroccan place. */
		r->geoip = r->geoip && r->route.places > 0;
	}
	geoip_place_release(&g.place);
	free(g.subject_of);
	return rc;
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
	if (o->courts && (s != ROUTE_PROPOSED || !in_courts(o->courts, r->route.court)))
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
	if ((rc = store_subject_locations(st, subject_id, add_location, &b, err)) != HIM_OK)
		return rc;
	if ((rc = store_subject_ip_times(st, subject_id, add_sighting, &b, err)) != HIM_OK)
		return rc;
	if (o->geoip && (rc = route_by_geoip(st, &b, err)) != HIM_OK)
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
