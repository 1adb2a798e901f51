/*
 * migrate.c - moving a court's database into another one (migrate.h):
 * the order of the steps, the maps from the source's ids to the
 * destination's, and the bookkeeping that makes a second run copy nothing.
 *
 * The audit log's part is migrate_audit.c.
 *
 * Memory: the maps hold one small entry per case and per referral of the
 * source (a court's database: thousands), never whole records; records
 * are read one at a time, and audit entries in batches.
 */
#include "migrate.h"
#include "migrate_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/banned.h"

#define REFERRAL_BATCH 500

void migrate_report_init(struct migrate_report *r)
{
	memset(r, 0, sizeof(*r));
}

void migrate_report_release(struct migrate_report *r)
{
	for (size_t i = 0; i < r->nrefused; i++) {
		free(r->refused[i].what);
		free(r->refused[i].why);
	}
	free(r->refused);
	migrate_report_init(r);
}

const char *migrate_phase_name(enum migrate_phase phase)
{
	switch (phase) {
	case MIGRATE_USERS: return "users";
	case MIGRATE_CASES: return "cases";
	case MIGRATE_REFERRALS: return "referrals";
	case MIGRATE_DIFFICULTIES: return "difficulties";
	case MIGRATE_AUDIT: return "audit";
	}
	return "?";
}

void migrate_refuse(struct migrate_report *r, const char *what, const char *why)
{
	if (r->nrefused == r->alloc) {
		r->alloc = r->alloc ? 2 * r->alloc : 8;
		r->refused = xrealloc(r->refused, r->alloc * sizeof(*r->refused));
	}
	r->refused[r->nrefused].what = xstrdup(what);
	r->refused[r->nrefused].why = xstrdup(why);
	r->nrefused++;
}

/* --- id lists and maps --- */

static void id_push(struct id_list *l, int64_t id)
{
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 64;
		l->id = xrealloc(l->id, l->alloc * sizeof(*l->id));
	}
	l->id[l->n++] = id;
}

static void id_map_add(struct id_map *m, int64_t from, int64_t to)
{
	id_push(&m->from, from);
	id_push(&m->to, to);
}

int64_t migrate_id_map_get(const struct id_map *m, int64_t from)
{
	size_t lo = 0, hi = m->from.n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->from.id[mid] < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < m->from.n && m->from.id[lo] == from ? m->to.id[lo] : 0;
}

static void id_map_release(struct id_map *m)
{
	free(m->from.id);
	free(m->to.id);
}

/* (court, file number) -> id of the destination's cases. */
struct key_id {
	char *key;
	int64_t id;
};
struct key_map {
	struct key_id *items;
	size_t n, alloc;
};

static char *case_key(const char *court, const char *file_number)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s\t%s", court, file_number ? file_number : "");
	return strbuf_detach(&sb, NULL);
}

static int key_cmp(const void *a, const void *b)
{
	return strcmp(((const struct key_id *)a)->key, ((const struct key_id *)b)->key);
}

static int key_collect(const struct case_record *c, void *ctx)
{
	struct key_map *m = ctx;

	if (m->n == m->alloc) {
		m->alloc = m->alloc ? 2 * m->alloc : 256;
		m->items = xrealloc(m->items, m->alloc * sizeof(*m->items));
	}
	m->items[m->n].key = case_key(c->court, c->file_number);
	m->items[m->n].id = c->id;
	m->n++;
	return 0;
}

static int64_t key_get(const struct key_map *m, const char *court, const char *file_number)
{
	struct key_id probe = { case_key(court, file_number), 0 };
	const struct key_id *hit = m->n ? bsearch(&probe, m->items, m->n, sizeof(*m->items), key_cmp) : NULL;

	free(probe.key);
	return hit ? hit->id : 0;
}

static void key_map_release(struct key_map *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->items[i].key);
	free(m->items);
}

/* --- users --- */

static int name_collect(const struct account *a, void *ctx)
{
	struct strbuf *names = ctx;

	strbuf_adds(names, a->name);
	strbuf_addch(names, '\n');
	return 0;
}

static int copy_user(struct store *from, struct store *to, const char *name, struct migrate_report *out,
		     struct err *err)
{
	struct account src, here;
	struct strbuf what = STRBUF_INIT;
	int rc;

	account_init(&src);
	account_init(&here);
	strbuf_addf(&what, "user %s", name);
	rc = store_account_get(from, name, 0, &src, err);
	if (rc == HIM_OK)
		rc = store_account_get(to, name, 0, &here, err);
	if (rc == HIM_ENOTFOUND) {
		/* The password hash and the TOTP secret move as they are: the
		 * person signs in with the same password and authenticator. */
		src.id = 0;
		rc = store_account_add(to, &src, err);
		if (rc == HIM_OK)
			out->users.copied++;
	} else if (rc == HIM_OK) {
		if (strcmp(src.password_hash, here.password_hash) == 0 && strcmp(src.totp_secret, here.totp_secret) == 0 &&
		    strcmp(src.role, here.role) == 0 && strcmp(src.court, here.court) == 0) {
			out->users.present++;
		} else {
			migrate_refuse(out, what.buf, "a different account with this name exists in the destination:"
			       " it is kept as it is; rename one of them, or align them, and run again");
		}
	}
	if (rc == HIM_EINPUT || rc == HIM_ECONFLICT) {
		migrate_refuse(out, what.buf, err->msg);
		rc = HIM_OK;
	}
	account_release(&src);
	account_release(&here);
	strbuf_release(&what);
	return rc;
}

static int copy_users(struct store *from, struct store *to, migrate_progress_fn progress, void *ctx,
		      struct migrate_report *out, struct err *err)
{
	struct strbuf names = STRBUF_INIT;
	int64_t done = 0;
	int rc;

	rc = store_account_each(from, name_collect, &names, err);
	for (char *p = names.buf, *nl; rc == HIM_OK && p && *p; p = nl + 1) {
		nl = strchr(p, '\n');
		*nl = '\0';
		rc = copy_user(from, to, p, out, err);
		if (progress && rc == HIM_OK)
			progress(MIGRATE_USERS, ++done, ctx);
	}
	strbuf_release(&names);
	return rc;
}

/* --- cases --- */

struct source_cases {
	struct id_list ids;
	struct strbuf courts; /* "\tcode\t" of each distinct court */
};

static int source_case_collect(const struct case_record *c, void *ctx)
{
	struct source_cases *s = ctx;
	char needle[CODE_MAX + 3];

	id_push(&s->ids, c->id);
	snprintf(needle, sizeof(needle), "\t%s\t", c->court);
	if (!s->courts.len || !strstr(s->courts.buf, needle)) {
		strbuf_adds(&s->courts, needle);
	}
	return 0;
}

/* The destination's cases of the courts the source has, by key. */
static int dest_keys(struct store *to, const struct source_cases *s, struct key_map *keys, struct err *err)
{
	struct scope national = scope_national();
	struct case_filter f;
	int rc = HIM_OK;

	for (const char *p = s->courts.buf; rc == HIM_OK && p && *p == '\t' && p[1];) {
		const char *end = strchr(p + 1, '\t');
		char court[CODE_MAX];

		snprintf(court, sizeof(court), "%.*s", (int)(end - p - 1), p + 1);
		case_filter_init(&f);
		f.court = court;
		rc = store_case_each(to, &national, &f, key_collect, keys, err);
		p = end + 1;
	}
	if (keys->n)
		qsort(keys->items, keys->n, sizeof(*keys->items), key_cmp);
	return rc;
}

static int copy_case(struct store *from, struct store *to, const char *origin, int64_t id,
		     const struct key_map *keys, struct id_map *cases, struct migrate_report *out, struct err *err)
{
	struct scope national = scope_national();
	struct case_record c;
	struct event_list events;
	struct case_copy copy;
	enum stage_refusal why = REFUSE_NONE;
	int64_t *event_ids = NULL;
	int rc;

	case_record_init(&c);
	event_list_init(&events);
	rc = store_case_get(from, &national, id, &c, err);
	if (rc == HIM_OK)
		rc = store_case_events(from, &national, id, &events, err);
	if (rc == HIM_OK) {
		event_ids = xcalloc(events.n + 1, sizeof(*event_ids));
		rc = store_case_copy(to, &c, &events, key_get(keys, c.court, c.file_number), origin, event_ids, &copy,
				     &why, err);
	}
	if (rc == HIM_OK) {
		id_map_add(cases, id, copy.case_id);
		if (copy.opened)
			out->cases.copied++;
		else
			out->cases.present++;
		out->events.copied += copy.events_copied;
		out->events.present += copy.events_present;
	} else if (rc == HIM_EINPUT || rc == HIM_ECONFLICT) {
		struct strbuf what = STRBUF_INIT;

		strbuf_addf(&what, "case %s %s (#%lld)", c.court, c.file_number ? c.file_number : "", (long long)id);
		migrate_refuse(out, what.buf, err->msg);
		strbuf_release(&what);
		rc = HIM_OK;
	}
	free(event_ids);
	event_list_release(&events);
	case_record_release(&c);
	return rc;
}

static int copy_cases(struct store *from, struct store *to, const char *origin, struct id_map *cases,
		      migrate_progress_fn progress, void *ctx, struct migrate_report *out, struct err *err)
{
	struct scope national = scope_national();
	struct source_cases s = { { NULL, 0, 0 }, STRBUF_INIT };
	struct key_map keys = { NULL, 0, 0 };
	struct case_filter f;
	int rc;

	case_filter_init(&f);
	f.order = CASE_ORDER_ID;
	rc = store_case_each(from, &national, &f, source_case_collect, &s, err);
	if (rc == HIM_OK)
		rc = dest_keys(to, &s, &keys, err);
	for (size_t i = 0; i < s.ids.n && rc == HIM_OK; i++) {
		rc = copy_case(from, to, origin, s.ids.id[i], &keys, cases, out, err);
		if (progress && rc == HIM_OK)
			progress(MIGRATE_CASES, (int64_t)i + 1, ctx);
	}
	key_map_release(&keys);
	free(s.ids.id);
	strbuf_release(&s.courts);
	return rc;
}

/* --- referrals and their cases --- */

static int referral_id_collect(const struct referral_record *rec, void *ctx)
{
	id_push(ctx, rec->id);
	return 0;
}

struct pending_link {
	char platform[CODE_MAX];
	char *external_id;
	int64_t source_case;
};

static int link_one(struct store *to, const struct pending_link *l, const struct id_map *cases,
		    struct migrate_report *out, struct err *err)
{
	struct scope national = scope_national();
	struct referral_record here;
	struct strbuf what = STRBUF_INIT;
	int64_t case_id = migrate_id_map_get(cases, l->source_case);
	int rc;

	strbuf_addf(&what, "link of referral %s:%s", l->platform, l->external_id);
	referral_record_init(&here);
	if (!case_id) {
		migrate_refuse(out, what.buf, "its case was not copied (see the case's refusal)");
		strbuf_release(&what);
		return HIM_OK;
	}
	rc = store_referral_find(to, &national, l->platform, l->external_id, &here, err);
	if (rc == HIM_OK && here.case_id == case_id) {
		out->links.present++;
	} else if (rc == HIM_OK && here.case_id) {
		struct strbuf why = STRBUF_INIT;
		strbuf_addf(&why, "the destination links it to case %lld, not to the copy of its case (%lld): unlink one",
			    (long long)here.case_id, (long long)case_id);
		migrate_refuse(out, what.buf, why.buf);
		strbuf_release(&why);
	} else if (rc == HIM_OK) {
		rc = store_case_link_referral(to, &national, case_id, here.id, err);
		if (rc == HIM_OK)
			out->links.copied++;
	}
	if (rc == HIM_EINPUT || rc == HIM_ECONFLICT || rc == HIM_ENOTFOUND) {
		migrate_refuse(out, what.buf, err->msg);
		rc = HIM_OK;
	}
	referral_record_release(&here);
	strbuf_release(&what);
	return rc;
}

static int copy_referral_batch(struct store *from, struct store *to, const int64_t *ids, size_t n,
			       const struct id_map *cases, struct migrate_report *out, struct err *err)
{
	struct scope national = scope_national();
	struct pending_link *links = xcalloc(n + 1, sizeof(*links));
	struct referral_batch *b = NULL;
	struct referral_record rec;
	size_t nlinks = 0;
	int rc;

	referral_record_init(&rec);
	rc = store_referral_batch_begin(to, &national, 0, &b, err);
	for (size_t i = 0; i < n && rc == HIM_OK; i++) {
		enum referral_outcome outcome;

		referral_record_release(&rec);
		if ((rc = store_referral_get(from, &national, ids[i], &rec, err)) != HIM_OK)
			break;
		/* As stored, the referral is whole: it replaces, never merges. */
		rec.r.fragment = false;
		rc = store_referral_put(b, &rec.r, &outcome, err);
		if (rc == HIM_EINPUT) {
			struct strbuf what = STRBUF_INIT;
			strbuf_addf(&what, "referral #%lld", (long long)ids[i]);
			migrate_refuse(out, what.buf, err->msg);
			strbuf_release(&what);
			rc = HIM_OK;
			continue;
		}
		if (rc != HIM_OK)
			break;
		if (outcome == REFERRAL_DUPLICATE)
			out->referrals.present++;
		else
			out->referrals.copied++;
		if (rec.case_id > 0) {
			memcpy(links[nlinks].platform, rec.r.platform, sizeof(links[nlinks].platform));
			links[nlinks].external_id = xstrdup(rec.r.external_id);
			links[nlinks].source_case = rec.case_id;
			nlinks++;
		}
	}
	if (rc == HIM_OK)
		rc = store_referral_batch_commit(b, 0, NULL, err);
	else if (b)
		store_referral_batch_abort(b);
	/* Links after the commit: the referrals exist in the destination now. */
	for (size_t i = 0; i < nlinks && rc == HIM_OK; i++)
		rc = link_one(to, &links[i], cases, out, err);
	for (size_t i = 0; i < nlinks; i++)
		free(links[i].external_id);
	free(links);
	referral_record_release(&rec);
	return rc;
}

static int copy_referrals(struct store *from, struct store *to, const struct id_map *cases,
			  migrate_progress_fn progress, void *ctx, struct migrate_report *out, struct err *err)
{
	struct scope national = scope_national();
	struct referral_filter f;
	struct id_list ids = { NULL, 0, 0 };
	int rc;

	referral_filter_init(&f);
	rc = store_referral_list(from, &national, &f, referral_id_collect, &ids, err);
	for (size_t i = 0; i < ids.n && rc == HIM_OK; i += REFERRAL_BATCH) {
		size_t n = ids.n - i < REFERRAL_BATCH ? ids.n - i : REFERRAL_BATCH;
		rc = copy_referral_batch(from, to, ids.id + i, n, cases, out, err);
		if (progress && rc == HIM_OK)
			progress(MIGRATE_REFERRALS, (int64_t)(i + n), ctx);
	}
	free(ids.id);
	return rc;
}

/* --- difficulties --- */

static int copy_difficulties(struct store *from, struct store *to, const char *origin, migrate_progress_fn progress,
			     void *ctx, struct migrate_report *out, struct err *err)
{
	struct scope national = scope_national();
	struct difficulty_list l;
	int rc;

	difficulty_list_init(&l);
	rc = store_difficulty_list(from, &national, &l, err);
	/* Oldest first, so that they keep their order in the destination. */
	for (size_t k = l.n; k > 0 && rc == HIM_OK; k--) {
		bool copied;
		rc = store_difficulty_copy(to, &l.items[k - 1], origin, &copied, err);
		if (rc == HIM_OK && copied)
			out->difficulties.copied++;
		else if (rc == HIM_OK)
			out->difficulties.present++;
		if (progress && rc == HIM_OK)
			progress(MIGRATE_DIFFICULTIES, (int64_t)(l.n - k + 1), ctx);
	}
	difficulty_list_release(&l);
	return rc;
}

/* --- the whole --- */

int migrate_run(struct store *from, const char *origin, struct store *to, migrate_progress_fn progress,
		void *ctx, struct migrate_report *out, struct err *err)
{
	struct id_map cases = { { NULL, 0, 0 }, { NULL, 0, 0 } };
	int64_t bad = 0;
	int rc;

	if (!store_has_reference(from))
		return err_set(err, HIM_EUSAGE, "%s is not an initialised Himaya database", origin);
	if (!store_has_reference(to))
		return err_set(err, HIM_EUSAGE, "the destination has no reference data: run 'himaya --db DEST init' first");
	/* A chain that does not verify is not carried into another one, where
	 * it would look intact: nothing is copied. */
	if ((rc = store_audit_verify(from, &bad, NULL, err)) != HIM_OK)
		return err_prefix(err, "verifying the audit log of %s", origin);
	if (bad)
		return err_set(err, HIM_EINPUT, "the audit log of %s is broken at entry #%lld ('audit verify' on it says"
			       " more): nothing was copied", origin, (long long)bad);
	if ((rc = migrate_audit_origin(from, out, err)) != HIM_OK)
		return rc;
	if ((rc = migrate_audit_same_origin(to, out, err)) != HIM_OK)
		return rc;
	rc = copy_users(from, to, progress, ctx, out, err);
	if (rc == HIM_OK)
		rc = copy_cases(from, to, origin, &cases, progress, ctx, out, err);
	if (rc == HIM_OK)
		rc = copy_referrals(from, to, &cases, progress, ctx, out, err);
	if (rc == HIM_OK)
		rc = copy_difficulties(from, to, origin, progress, ctx, out, err);
	if (rc == HIM_OK)
		rc = migrate_audit_move(from, to, origin, &cases, progress, ctx, out, err);
	id_map_release(&cases);
	return rc;
}
