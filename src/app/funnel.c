/*
 * funnel.c - the funnel of referrals (see funnel.h): the subjects with
 * their route and retention state (triage.c), the cases their referrals
 * led to (the furthest one counts: a conviction over a prosecution over a
 * filing), classified and grouped.
 */
#include "funnel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/vocab.h"
#include "../lib/date.h"
#include "../lib/strbuf.h"
#include "../lib/banned.h"

void funnel_init(struct funnel *f)
{
	memset(f, 0, sizeof(*f));
}

void funnel_release(struct funnel *f)
{
	free(f->groups);
	funnel_init(f);
}

static void reason_add(struct funnel_reasons *r, const char *code)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->items[i].code, code) == 0) {
			r->items[i].n++;
			return;
		}
	/* The last slot is kept for "other" once the others are taken. */
	if (r->n >= FUNNEL_REASONS_MAX - 1 && strcmp(code, "other") != 0) {
		reason_add(r, "other");
		return;
	}
	snprintf(r->items[r->n].code, CODE_MAX, "%s", code);
	r->items[r->n++].n = 1;
}

/* The furthest case of each subject. */
struct best {
	int64_t subject_id;
	struct subject_case c;
	int rank; /* 0 none yet, 1 filed, 2 prosecuted, 3 convicted */
};

struct cases_ctx {
	const struct vocab *v;
	struct best *b;
	size_t n, alloc;
};

static int case_rank(const struct vocab *v, const struct subject_case *c)
{
	const struct vocab_entry *e = c->decision[0] ? vocab_find(v, VOCAB_DECISION, c->decision) : NULL;

	if (!e)
		return 0;
	if (e->klass == DECISION_FILED)
		return 1;
	if (e->klass != DECISION_PROSECUTED)
		return 0;
	return strcmp(c->first_outcome, "conviction") == 0 ? 3 : 2;
}

static int add_case(const struct subject_case *c, void *ctx)
{
	struct cases_ctx *cc = ctx;
	int rank = case_rank(cc->v, c);

	if (cc->n && cc->b[cc->n - 1].subject_id == c->subject_id) {
		if (rank > cc->b[cc->n - 1].rank) {
			cc->b[cc->n - 1].c = *c;
			cc->b[cc->n - 1].rank = rank;
		}
		return HIM_OK;
	}
	if (cc->n == cc->alloc) {
		cc->alloc = cc->alloc ? cc->alloc * 2 : 64;
		cc->b = xrealloc(cc->b, cc->alloc * sizeof(*cc->b));
	}
	cc->b[cc->n].subject_id = c->subject_id;
	cc->b[cc->n].c = *c;
	cc->b[cc->n].rank = rank;
	cc->n++;
	return HIM_OK;
}

static const struct best *best_of(const struct cases_ctx *cc, int64_t subject_id)
{
	size_t lo = 0, hi = cc->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cc->b[mid].subject_id < subject_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < cc->n && cc->b[lo].subject_id == subject_id ? &cc->b[lo] : NULL;
}

static struct funnel_group *group_of(struct funnel *f, const char *court, int year, const char *platform)
{
	size_t i;
	struct funnel_group *g;

	for (i = 0; i < f->n; i++)
		if (f->groups[i].year == year && strcmp(f->groups[i].court, court) == 0 &&
		    strcmp(f->groups[i].platform, platform) == 0)
			return &f->groups[i];
	if (f->n == f->alloc) {
		f->alloc = f->alloc ? f->alloc * 2 : 32;
		f->groups = xrealloc(f->groups, f->alloc * sizeof(*f->groups));
	}
	g = &f->groups[f->n++];
	memset(g, 0, sizeof(*g));
	snprintf(g->court, CODE_MAX, "%s", court);
	g->year = year;
	snprintf(g->platform, CODE_MAX, "%s", platform);
	return g;
}

static int group_cmp(const void *x, const void *y)
{
	const struct funnel_group *a = x, *b = y;
	int c = strcmp(a->court, b->court);

	if (c)
		return c;
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	return strcmp(a->platform, b->platform);
}

static void count(struct funnel_group *g, const struct triage_row *r, const struct best *b)
{
	g->referrals += r->sum.referrals;
	g->subjects++;
	if (!b) {
		/* Why no case: the first of these that holds. */
		if (r->item.state == DEADLINE_PAST)
			reason_add(&g->not_opened, "logs_expired");
		else if (r->sum.needs_port > 0)
			reason_add(&g->not_opened, "cgnat_no_port");
		else if (route_status(&r->route) != ROUTE_PROPOSED)
			reason_add(&g->not_opened, "route_by_hand");
		else
			reason_add(&g->not_opened, "waiting");
		return;
	}
	g->cases++;
	if (b->rank == 0) {
		reason_add(&g->not_prosecuted, "pending");
		return;
	}
	if (b->rank == 1) {
		reason_add(&g->not_prosecuted, b->c.reason[0] ? b->c.reason : b->c.decision);
		return;
	}
	g->prosecuted++;
	if (b->rank == 3)
		g->convicted++;
	else
		reason_add(&g->not_convicted, b->c.first_outcome[0] ? b->c.first_outcome : "pending");
}

int funnel_build(struct store *st, const struct funnel_options *o, struct funnel *out, struct err *err)
{
	struct triage_options to;
	struct triage_list rows;
	struct cases_ctx cc;
	size_t i;
	int rc;

	memset(&to, 0, sizeof(to));
	to.with_cases = true;
	to.now = o->now;
	to.places = o->places;
	to.retention = o->retention;
	to.geoip = o->geoip;
	triage_list_init(&rows);
	memset(&cc, 0, sizeof(cc));
	cc.v = store_vocab(st);
	if ((rc = triage_build(st, &to, 0, &rows, err)) != HIM_OK)
		goto out;
	if ((rc = store_subject_cases(st, add_case, &cc, err)) != HIM_OK)
		goto out;
	for (i = 0; i < rows.n; i++) {
		const struct triage_row *r = &rows.rows[i];
		const struct best *b = best_of(&cc, r->sum.id);
		const char *court = b ? b->c.court : route_status(&r->route) == ROUTE_PROPOSED ? r->route.court : "";
		int year = r->sum.first_received == TIME_NONE ? 0
			: date_year((date_t)(r->sum.first_received / 86400));

		if (o->year && year != o->year)
			continue;
		if (o->court && strcmp(court, o->court) != 0)
			continue;
		if (o->platform && strcmp(r->sum.platform, o->platform) != 0)
			continue;
		if (o->total)
			count(group_of(out, "", 0, ""), r, b);
		else
			count(group_of(out, court, year, r->sum.platform), r, b);
	}
	if (out->n)
		qsort(out->groups, out->n, sizeof(*out->groups), group_cmp);
out:
	triage_list_release(&rows);
	free(cc.b);
	return rc;
}
