/*
 * link.c - the linker's runs (see link.h). Edges are "two referrals share
 * a linking identifier" and "two sightings of one address link"
 * (core/link.h), minus the pairs a person's split separates. A rebuild
 * streams the whole identifier and sighting indexes in key order and
 * joins neighbours; an incremental run asks the indexes only about the
 * referrals of the queue (imported or changed since their last run). Both
 * see the same edges, so both give the same partition, and the union-find
 * names each subject by its smallest referral id: the same subjects with
 * the same ids (a test checks it). A run whose write finds that another
 * wrote subjects since it began reads again (store_subjects_write's
 * generation). People's merges and splits are link_people.c's.
 */
#include "link.h"
#include "link_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/ident.h"
#include "../lib/strbuf.h"
#include "../lib/banned.h"

static const char *const kinds[LINK_KIND_COUNT] = {
	"email", "phone", "esp_account", "screen_name", "p2p_guid", "ip", "manual",
};

const char *link_kind_at(int i)
{
	return i >= 0 && i < LINK_KIND_COUNT ? kinds[i] : "";
}

static int kind_index(const char *kind)
{
	int i;

	for (i = 0; i < LINK_KIND_COUNT; i++)
		if (strcmp(kinds[i], kind) == 0)
			return i;
	return -1;
}

void link_options_init(struct link_options *o)
{
	o->window = LINK_WINDOW_DEFAULT;
	o->rebuild = false;
	o->shared = NULL;
	o->exclude = NULL;
}

/* --- one run --- */


void link_mark(uint8_t **arr, size_t *n, int64_t id)
{
	if (id <= 0)
		return;
	if ((size_t)id >= *n) {
		size_t m = *n ? *n : 1024;

		while (m <= (size_t)id)
			m *= 2;
		*arr = xrealloc(*arr, m);
		memset(*arr + *n, 0, m - *n);
		*n = m;
	}
	(*arr)[id] = 1;
}

bool link_marked(const uint8_t *arr, size_t n, int64_t id)
{
	return id > 0 && (size_t)id < n && arr[id];
}

static void join(struct linker *lk, int64_t a, int64_t b, const char *kind, const char *value,
		 const char *service, const char *detail, int64_t decision_id)
{
	int k;

	if (!uf_union(&lk->uf, a, b))
		return;
	subject_update_link(&lk->up, a < b ? a : b, a < b ? b : a, kind, value, service, detail, decision_id);
	if ((k = kind_index(kind)) >= 0)
		lk->links[k]++;
}

/*
 * An incremental run's view of the stored partition, one referral at a
 * time: referral joins its stored subject (not a link: it is one
 * already). False when the referral has no subject and is not this run's:
 * it was imported since the run read its queue, and its own run will link
 * it (from its side, to the same effect).
 */
static bool seed(struct linker *lk, int64_t referral, int64_t subject)
{
	if (!lk->lazy)
		return true;
	if (subject <= 0)
		return link_marked(lk->queued, lk->nqueued, referral);
	uf_add(&lk->uf, referral);
	uf_add(&lk->uf, subject);
	uf_union(&lk->uf, referral, subject);
	if (!link_marked(lk->seen, lk->nseen, subject)) {
		link_mark(&lk->seen, &lk->nseen, subject);
		if (lk->nsubjects == lk->subjects_alloc) {
			lk->subjects_alloc = lk->subjects_alloc ? lk->subjects_alloc * 2 : 256;
			lk->subjects = xrealloc(lk->subjects, lk->subjects_alloc * sizeof(*lk->subjects));
		}
		lk->subjects[lk->nsubjects++] = subject;
	}
	return true;
}

static void edge(struct linker *lk, int64_t a, int64_t b, const char *kind, const char *value,
		 const char *service, const char *detail)
{
	if (a == b)
		return;
	if (lk->in && (!link_marked(lk->in, lk->nin, a) || !link_marked(lk->in, lk->nin, b)))
		return;
	if (link_decisions_separate(&lk->dec, a, b, 0))
		return;
	join(lk, a, b, kind, value, service, detail, 0);
}

static void ip_relation(struct linker *lk, const struct link_ip_event *x, const struct link_ip_event *y)
{
	enum link_ip_verdict v = link_ip_pair(x, y, lk->window, link_ip_shared(lk->shared, x, y));

	if (v == LINK_IP_LINK) {
		char tx[IDENT_TIME_TEXT_MAX], ty[IDENT_TIME_TEXT_MAX];
		struct strbuf detail = STRBUF_INIT;
		const struct link_ip_event *first = x->referral_id < y->referral_id ? x : y;
		const struct link_ip_event *second = first == x ? y : x;

		ident_time_format(first->at, tx);
		ident_time_format(second->at, ty);
		strbuf_addf(&detail, "%s", tx);
		if (first->port >= 0)
			strbuf_addf(&detail, " port %d", first->port);
		strbuf_addf(&detail, " ~ %s", ty);
		if (second->port >= 0)
			strbuf_addf(&detail, " port %d", second->port);
		edge(lk, first->referral_id, second->referral_id, "ip", x->ip, "", detail.buf);
		strbuf_release(&detail);
	} else if (v == LINK_IP_NEEDS_PORT) {
		link_mark(&lk->flag, &lk->nflag, x->referral_id);
		link_mark(&lk->flag, &lk->nflag, y->referral_id);
	}
}

/* --- rebuild: the indexes in key order --- */

/* The members of one (kind, value, service) met so far. */
struct ident_service {
	struct strbuf service;
	int64_t rep;            /* the first member no decision names */
	int64_t *named;         /* members some decision names */
	size_t nnamed, named_alloc;
};

/* The rows of one (kind, value): one service for an e-mail or a phone, as
 * many as the platforms for an account name (their rows interleave, in
 * referral order). */
struct ident_group {
	struct linker *lk;
	bool open;
	enum ident_kind kind;
	struct strbuf value;
	struct ident_service *svc;
	size_t nsvc, svc_alloc;  /* nsvc in use; svc_alloc initialised */
};

static struct ident_service *group_service(struct ident_group *g, const char *service)
{
	struct ident_service *sv;
	size_t i;

	for (i = 0; i < g->nsvc; i++)
		if (strcmp(g->svc[i].service.buf, service) == 0)
			return &g->svc[i];
	if (g->nsvc == g->svc_alloc) {
		size_t m = g->svc_alloc ? g->svc_alloc * 2 : 4;

		g->svc = xrealloc(g->svc, m * sizeof(*g->svc));
		memset(&g->svc[g->svc_alloc], 0, (m - g->svc_alloc) * sizeof(*g->svc));
		for (i = g->svc_alloc; i < m; i++)
			strbuf_init(&g->svc[i].service);
		g->svc_alloc = m;
	}
	sv = &g->svc[g->nsvc++];
	strbuf_reset(&sv->service);
	strbuf_adds(&sv->service, service);
	sv->rep = 0;
	sv->nnamed = 0;
	return sv;
}

static void ident_group_release(struct ident_group *g)
{
	size_t i;

	strbuf_release(&g->value);
	for (i = 0; i < g->svc_alloc; i++) {
		strbuf_release(&g->svc[i].service);
		free(g->svc[i].named);
	}
	free(g->svc);
}

/*
 * Members no decision names are all pairwise linked, so one of them (rep)
 * stands for them all; members a decision names are tried one by one.
 * Linear in the group, not quadratic, however common the value.
 */
static int rebuild_ident(const struct link_ident_row *row, void *ctx)
{
	struct ident_group *g = ctx;
	struct linker *lk = g->lk;
	const char *kind = ident_kind_name(row->kind);
	struct ident_service *sv;
	size_t i;

	if (link_exclusions_has(lk->exclude, row->kind, row->value, row->service))
		return HIM_OK;
	if (!g->open || g->kind != row->kind || strcmp(g->value.buf, row->value) != 0) {
		g->open = true;
		g->kind = row->kind;
		strbuf_reset(&g->value);
		strbuf_adds(&g->value, row->value);
		g->nsvc = 0;
	}
	sv = group_service(g, row->service);
	if (sv->rep)
		edge(lk, sv->rep, row->referral_id, kind, row->value, row->service, "");
	for (i = 0; i < sv->nnamed; i++)
		edge(lk, sv->named[i], row->referral_id, kind, row->value, row->service, "");
	if (!link_decisions_involve(&lk->dec, row->referral_id)) {
		if (!sv->rep)
			sv->rep = row->referral_id;
	} else {
		if (sv->nnamed == sv->named_alloc) {
			sv->named_alloc = sv->named_alloc ? sv->named_alloc * 2 : 16;
			sv->named = xrealloc(sv->named, sv->named_alloc * sizeof(*sv->named));
		}
		sv->named[sv->nnamed++] = row->referral_id;
	}
	return HIM_OK;
}

struct ip_window {
	struct linker *lk;
	struct link_ip_event *ev; /* sightings of one address within the window, by time */
	size_t start, n, alloc;
};

static int rebuild_ip(const struct link_ip_event *cur, void *ctx)
{
	struct ip_window *w = ctx;
	size_t i;

	if (w->n > w->start && memcmp(w->ev[w->start].addr, cur->addr, 16) != 0)
		w->start = w->n = 0;
	while (w->start < w->n && w->ev[w->start].at < cur->at - w->lk->window)
		w->start++;
	for (i = w->start; i < w->n; i++)
		ip_relation(w->lk, &w->ev[i], cur);
	if (w->start > 0 && w->start * 2 >= w->n) {
		memmove(w->ev, w->ev + w->start, (w->n - w->start) * sizeof(*w->ev));
		w->n -= w->start;
		w->start = 0;
	}
	if (w->n == w->alloc) {
		w->alloc = w->alloc ? w->alloc * 2 : 64;
		w->ev = xrealloc(w->ev, w->alloc * sizeof(*w->ev));
	}
	w->ev[w->n++] = *cur;
	return HIM_OK;
}

static int rebuild_edges(struct linker *lk, struct err *err)
{
	struct ident_group g;
	struct ip_window w;
	int rc;

	memset(&g, 0, sizeof(g));
	g.lk = lk;
	strbuf_init(&g.value);
	rc = store_link_idents_each(lk->st, rebuild_ident, &g, err);
	ident_group_release(&g);
	if (rc != HIM_OK)
		return rc;
	memset(&w, 0, sizeof(w));
	w.lk = lk;
	rc = store_link_ips_each(lk->st, rebuild_ip, &w, err);
	free(w.ev);
	return rc;
}

/* --- incremental: the indexes around one referral --- */

struct around {
	struct linker *lk;
	int64_t id;
};

static int around_ident(const struct link_ident_row *row, void *ctx)
{
	struct around *a = ctx;

	/* Before seed: the other referral joins the run only through a link. */
	if (link_exclusions_has(a->lk->exclude, row->kind, row->value, row->service))
		return HIM_OK;
	if (!seed(a->lk, row->referral_id, row->subject_id))
		return HIM_OK;
	edge(a->lk, a->id, row->referral_id, ident_kind_name(row->kind), row->value, row->service, "");
	return HIM_OK;
}

static int around_ip(const struct link_ip_event *mine, const struct link_ip_event *other, void *ctx)
{
	struct around *a = ctx;

	if (!seed(a->lk, other->referral_id, other->subject_id))
		return HIM_OK;
	ip_relation(a->lk, mine, other);
	return HIM_OK;
}

static int around_start(int64_t id, void *ctx)
{
	((struct around *)ctx)->id = id;
	return HIM_OK;
}

/*
 * The links of referrals ids[0..n). per_subject (an incremental run) asks
 * for one referral per subject already made: joining one joins them all.
 * A split recomputes a subject from its own referrals, so it needs each.
 */
int link_around(struct linker *lk, const int64_t *ids, size_t n, bool per_subject, struct err *err)
{
	struct around a = { lk, 0 };

	return store_link_around_each(lk->st, ids, n, lk->window, per_subject, around_start, around_ident, around_ip,
				      &a, err);
}

/* Replay people's merges (a later split over the same referrals wins). */
void link_apply_merges(struct linker *lk)
{
	size_t i;

	for (i = 0; i < lk->dec.nmerges; i++) {
		const struct link_merge_rec *m = &lk->dec.merges[i];

		if (!m->a || !m->b)
			continue;
		if (lk->in && (!link_marked(lk->in, lk->nin, m->a) || !link_marked(lk->in, lk->nin, m->b)))
			continue;
		if (link_decisions_separate(&lk->dec, m->a, m->b, m->id))
			continue;
		join(lk, m->a, m->b, "manual", "", "", "", m->id);
	}
}

/* --- the stored partition --- */



int link_member_row(int64_t referral_id, int64_t subject_id, bool needs_port, void *ctx)
{
	struct members *ms = ctx;

	if (ms->n == ms->alloc) {
		ms->alloc = ms->alloc ? ms->alloc * 2 : 1024;
		ms->m = xrealloc(ms->m, ms->alloc * sizeof(*ms->m));
	}
	ms->m[ms->n].referral = referral_id;
	ms->m[ms->n].subject = subject_id;
	ms->m[ms->n].needs_port = needs_port;
	ms->n++;
	return HIM_OK;
}

int link_open(struct linker *lk, struct store *st, const struct link_options *o, int64_t window,
		       struct ip_range_list *fallback, struct err *err)
{
	memset(lk, 0, sizeof(*lk));
	lk->st = st;
	lk->window = window;
	lk->shared = o->shared;
	lk->exclude = o->exclude;
	if (!lk->shared) {
		ip_range_list_init(fallback);
		if (ip_range_list_add(fallback, LINK_CGNAT_RFC6598, err) != HIM_OK)
			return err->code;
		lk->shared = fallback;
	}
	uf_init(&lk->uf);
	subject_update_init(&lk->up);
	lk->up.window = window;
	return link_decisions_load(st, &lk->dec, err);
}

void link_close(struct linker *lk)
{
	link_decisions_release(&lk->dec);
	uf_release(&lk->uf);
	subject_update_release(&lk->up);
	free(lk->flag);
	free(lk->in);
	free(lk->queued);
	free(lk->seen);
	free(lk->subjects);
}

/* --- the queue: referrals imported or changed since their last run --- */

struct queue {
	int64_t *rows;          /* link_pending rows read (deleted by the write) */
	size_t nrows, rows_alloc;
	struct members ms;      /* their referrals, once each, in id order */
};

static int queue_row(int64_t row_id, int64_t referral_id, int64_t subject_id, bool needs_port, void *ctx)
{
	struct queue *q = ctx;

	if (q->nrows == q->rows_alloc) {
		q->rows_alloc = q->rows_alloc ? q->rows_alloc * 2 : 1024;
		q->rows = xrealloc(q->rows, q->rows_alloc * sizeof(*q->rows));
	}
	q->rows[q->nrows++] = row_id;
	if (q->ms.n > 0 && q->ms.m[q->ms.n - 1].referral == referral_id)
		return HIM_OK;
	return link_member_row(referral_id, subject_id, needs_port, &q->ms);
}

static void queue_release(struct queue *q)
{
	free(q->rows);
	free(q->ms.m);
}

/* Every referral, from scratch (people's merges replayed). */
static int run_rebuild(struct linker *lk, struct link_summary *out, struct err *err)
{
	struct members ms = { NULL, 0, 0 };
	size_t i;
	int rc;

	if ((rc = store_subject_members(lk->st, 0, link_member_row, &ms, err)) != HIM_OK)
		goto out;
	for (i = 0; i < ms.n; i++)
		uf_add(&lk->uf, ms.m[i].referral);
	lk->up.rebuild = true;
	if ((rc = rebuild_edges(lk, err)) != HIM_OK)
		goto out;
	link_apply_merges(lk);
	for (i = 0; i < ms.n; i++) {
		if (ms.m[i].subject == 0)
			out->new_referrals++;
		subject_update_assign(&lk->up, ms.m[i].referral, uf_find(&lk->uf, ms.m[i].referral),
				      link_marked(lk->flag, lk->nflag, ms.m[i].referral));
	}
out:
	free(ms.m);
	return rc;
}

struct reassign {
	struct linker *lk;
	uint8_t **done;
	size_t *ndone;
};

static int reassign_member(int64_t referral_id, int64_t subject_id, bool needs_port, void *ctx)
{
	struct reassign *r = ctx;

	(void)needs_port;
	if (link_marked(*r->done, *r->ndone, referral_id))
		return HIM_OK;
	link_mark(r->done, r->ndone, referral_id);
	/* Its subject's root: most members were never read into the union-find. */
	subject_update_assign(&r->lk->up, referral_id, uf_find(&r->lk->uf, subject_id),
			      link_marked(r->lk->flag, r->lk->nflag, referral_id));
	return HIM_OK;
}

/*
 * The queued referrals only: their links to each other and to the stored
 * subjects (one referral per subject, read with its subject), then the
 * referrals whose subject changed: the queued ones, every member of a
 * stored subject they joined to a smaller one, and any other referral an
 * address flagged. Nothing else of the store is read.
 */
static int run_incremental(struct linker *lk, const struct members *q, struct link_summary *out, struct err *err)
{
	uint8_t *done = NULL;
	size_t ndone = 0, i;
	int64_t *ids = xcalloc(q->n + 1, sizeof(*ids));
	struct reassign ra = { lk, &done, &ndone };
	int rc;

	lk->lazy = true;
	for (i = 0; i < q->n; i++) {
		ids[i] = q->m[i].referral;
		link_mark(&lk->queued, &lk->nqueued, ids[i]);
		uf_add(&lk->uf, ids[i]);
	}
	for (i = 0; i < q->n; i++)
		seed(lk, q->m[i].referral, q->m[i].subject);
	rc = link_around(lk, ids, q->n, true, err);
	free(ids);
	if (rc != HIM_OK)
		return rc;
	for (i = 0; i < q->n; i++) {
		const struct member *m = &q->m[i];
		int64_t root = uf_find(&lk->uf, m->referral);
		bool flag = link_marked(lk->flag, lk->nflag, m->referral);

		if (m->subject == 0)
			out->new_referrals++;
		link_mark(&done, &ndone, m->referral);
		if (m->subject != root || (flag && !m->needs_port))
			subject_update_assign(&lk->up, m->referral, root, flag);
	}
	for (i = 0; i < lk->nsubjects && rc == HIM_OK; i++)
		if (uf_find(&lk->uf, lk->subjects[i]) != lk->subjects[i])
			rc = store_subject_members(lk->st, lk->subjects[i], reassign_member, &ra, err);
	/* An upsert keeps a flag once set: setting it again is harmless. */
	for (i = 1; i < lk->nflag && rc == HIM_OK; i++)
		if (lk->flag[i] && !link_marked(done, ndone, (int64_t)i))
			subject_update_assign(&lk->up, (int64_t)i, uf_find(&lk->uf, (int64_t)i), true);
	free(done);
	return rc;
}

static int run_once(struct store *st, const struct link_options *o, struct link_summary *out, struct err *err)
{
	struct ip_range_list fallback;
	struct queue q;
	struct linker lk;
	struct link_counts counts;
	int64_t stored, generation, excluded_before, excluded_now;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&q, 0, sizeof(q));
	/* Before anything is read: the write checks nobody wrote since. */
	if ((rc = store_link_generation(st, &generation, err)) != HIM_OK)
		return rc;
	if ((rc = store_link_window(st, &stored, err)) != HIM_OK)
		return rc;
	if ((rc = store_link_exclusions(st, &excluded_before, err)) != HIM_OK)
		return rc;
	excluded_now = o->exclude ? link_exclusions_fingerprint(o->exclude) : 0;
	/* Subjects made with another window, or with links through a value
	 * now excluded (or without one through a value no longer excluded),
	 * are not this run's: start over. */
	out->rebuilt = o->rebuild || stored < 0 || stored != o->window || excluded_before != excluded_now;
	out->excluded_values = o->exclude ? (int64_t)o->exclude->n : 0;
	ip_range_list_init(&fallback);
	if ((rc = link_open(&lk, st, o, o->window, &fallback, err)) != HIM_OK)
		goto out;
	/* Read before the referrals, so that a rebuild covers every row read. */
	if ((rc = store_link_pending(st, queue_row, &q, err)) != HIM_OK)
		goto out;
	rc = out->rebuilt ? run_rebuild(&lk, out, err) : run_incremental(&lk, &q.ms, out, err);
	if (rc != HIM_OK)
		goto out;
	for (size_t i = 0; i < q.ms.n; i++)
		out->changed_referrals += q.ms.m[i].subject != 0;
	lk.up.done = q.rows;
	lk.up.ndone = q.nrows;
	lk.up.generation = generation;
	lk.up.exclusions = excluded_now;
	if ((rc = store_subjects_write(st, &lk.up, err)) != HIM_OK)
		goto out;
	if ((rc = store_link_counts(st, &counts, err)) != HIM_OK)
		goto out;
	memcpy(out->links, lk.links, sizeof(out->links));
	out->referrals = counts.referrals;
	out->subjects = counts.subjects;
	out->multi_subjects = counts.multi_subjects;
	out->needs_port = counts.needs_port;
out:
	link_close(&lk);
	ip_range_list_release(&fallback);
	queue_release(&q);
	return rc;
}

/* Another run or a person's decision that wrote subjects while this run
 * read them makes its write refuse (HIM_ECONFLICT): it runs again on
 * what is now stored. */
#define LINK_ATTEMPTS 3

int link_run(struct store *st, const struct link_options *o, struct link_summary *out, struct err *err)
{
	int rc = HIM_ECONFLICT, attempt;

	if (o->window < 0)
		return err_set(err, HIM_EUSAGE, "the link window must not be negative");
	for (attempt = 0; attempt < LINK_ATTEMPTS && rc == HIM_ECONFLICT; attempt++)
		rc = run_once(st, o, out, err);
	return rc;
}

