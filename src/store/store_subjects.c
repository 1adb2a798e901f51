/*
 * store_subjects.c - the backend-neutral half of subjects: the linker's
 * reads pass through, its results and people's decisions are written in
 * one transaction each (a decision with its audit entry). The rules live
 * in core/link.c and the flow of a run in app/link.c.
 */
#include "backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "subject_backend.h"
#include "../lib/strbuf.h"
#include "../lib/banned.h"

void subject_update_init(struct subject_update *u)
{
	memset(u, 0, sizeof(*u));
	u->generation = -1;
	u->exclusions = -1;
}

void subject_update_release(struct subject_update *u)
{
	size_t i;

	for (i = 0; i < u->nlinks; i++) {
		free(u->links[i].value);
		free(u->links[i].service);
		free(u->links[i].detail);
	}
	free(u->links);
	free(u->assign);
	subject_update_init(u);
}

void subject_update_assign(struct subject_update *u, int64_t referral_id, int64_t subject_id, bool needs_port)
{
	if (u->nassign == u->assign_alloc) {
		u->assign_alloc = u->assign_alloc ? u->assign_alloc * 2 : 256;
		u->assign = xrealloc(u->assign, u->assign_alloc * sizeof(*u->assign));
	}
	u->assign[u->nassign].referral_id = referral_id;
	u->assign[u->nassign].subject_id = subject_id;
	u->assign[u->nassign].needs_port = needs_port;
	u->nassign++;
}

void subject_update_link(struct subject_update *u, int64_t a, int64_t b, const char *kind, const char *value,
			 const char *service, const char *detail, int64_t decision_id)
{
	struct subject_link *l;

	if (u->nlinks == u->links_alloc) {
		u->links_alloc = u->links_alloc ? u->links_alloc * 2 : 256;
		u->links = xrealloc(u->links, u->links_alloc * sizeof(*u->links));
	}
	l = &u->links[u->nlinks++];
	l->a = a;
	l->b = b;
	snprintf(l->kind, sizeof(l->kind), "%s", kind);
	l->value = xstrdup(value ? value : "");
	l->service = xstrdup(service ? service : "");
	l->detail = xstrdup(detail ? detail : "");
	l->decision_id = decision_id;
}

int store_link_idents_each(struct store *st, store_link_ident_fn fn, void *ctx, struct err *err)
{
	return st->be->subjects->idents_each(st, fn, ctx, err);
}

int store_link_ident_matches(struct store *st, int64_t referral_id, bool per_subject, store_link_ident_fn fn,
			     void *ctx, struct err *err)
{
	return st->be->subjects->ident_matches(st, referral_id, per_subject, fn, ctx, err);
}

int store_link_ips_each(struct store *st, store_link_ip_fn fn, void *ctx, struct err *err)
{
	return st->be->subjects->ips_each(st, 0, fn, ctx, err);
}

int store_subject_ips_each(struct store *st, int64_t subject_id, store_link_ip_fn fn, void *ctx,
			   struct err *err)
{
	if (subject_id <= 0)
		return err_set(err, HIM_EUSAGE, "no subject %lld", (long long)subject_id);
	return st->be->subjects->ips_each(st, subject_id, fn, ctx, err);
}

int store_link_ip_neighbours(struct store *st, int64_t referral_id, int64_t window, store_link_ip_pair_fn fn,
			     void *ctx, struct err *err)
{
	return st->be->subjects->ip_neighbours(st, referral_id, window, fn, ctx, err);
}

int store_link_around_each(struct store *st, const int64_t *ids, size_t n, int64_t window, bool per_subject,
			   store_link_around_fn start, store_link_ident_fn ident_fn, store_link_ip_pair_fn ip_fn,
			   void *ctx, struct err *err)
{
	const struct subject_backend *be = st->be->subjects;
	size_t i;
	int rc = HIM_OK;

	if (be->around_each)
		return be->around_each(st, ids, n, window, per_subject, start, ident_fn, ip_fn, ctx, err);
	for (i = 0; i < n && rc == HIM_OK; i++)
		if ((rc = start(ids[i], ctx)) == HIM_OK &&
		    (rc = be->ident_matches(st, ids[i], per_subject, ident_fn, ctx, err)) == HIM_OK)
			rc = be->ip_neighbours(st, ids[i], window, ip_fn, ctx, err);
	return rc;
}

int store_link_pending(struct store *st, store_link_pending_fn fn, void *ctx, struct err *err)
{
	return st->be->subjects->pending(st, fn, ctx, err);
}

int store_link_counts(struct store *st, struct link_counts *out, struct err *err)
{
	memset(out, 0, sizeof(*out));
	return st->be->subjects->counts(st, out, err);
}

int store_subject_members(struct store *st, int64_t subject_id, store_subject_member_fn fn, void *ctx,
			  struct err *err)
{
	return st->be->subjects->members(st, subject_id, fn, ctx, err);
}

/* Inside the write transaction, so no other write of subjects can come
 * between the check and this write. */
static int generation_check(struct store *st, const struct subject_update *u, struct err *err)
{
	int64_t now;
	int rc;

	if (u->generation < 0)
		return HIM_OK;
	if ((rc = store_link_generation(st, &now, err)) != HIM_OK)
		return rc;
	if (now != u->generation)
		return err_set(err, HIM_ECONFLICT, "the subjects were changed by another link run or decision while this"
			       " one read them: nothing was written; run it again");
	return HIM_OK;
}

static int write_tx(struct store *st, const struct subject_update *u, struct err *err)
{
	int rc;

	if ((rc = st->be->begin(st, err)) != HIM_OK)
		return rc;
	if ((rc = generation_check(st, u, err)) != HIM_OK) {
		st->be->rollback(st);
		return rc;
	}
	/* Subjects are data the triage pages show (store_data_version). A
	 * failed COMMIT may leave the transaction open: rolled back too. */
	if ((rc = st->be->subjects->write(st, u, err)) != HIM_OK ||
	    (rc = st->be->data_version_bump(st, err)) != HIM_OK || (rc = st->be->commit(st, err)) != HIM_OK)
		st->be->rollback(st);
	return rc;
}

/*
 * The rows name referrals (and decisions) the caller has just read, and
 * neither is ever deleted: the per-row foreign-key checks (a lookup in
 * the wide referrals table per row, a fifth of a SQLite rebuild) guard
 * nothing here. PostgreSQL's subject tables carry no such key to
 * referrals (006_subjects.sql), for the same reason.
 */
int store_subjects_write(struct store *st, const struct subject_update *u, struct err *err)
{
	const struct subject_backend *sb = st->be->subjects;
	struct err restore = ERR_INIT;
	int rc;

	if (!sb->write_checks)
		return write_tx(st, u, err);
	if ((rc = sb->write_checks(st, false, err)) != HIM_OK)
		return rc;
	rc = write_tx(st, u, err);
	if (sb->write_checks(st, true, &restore) != HIM_OK && rc == HIM_OK) {
		*err = restore;
		rc = restore.code;
	}
	return rc;
}

int store_link_generation(struct store *st, int64_t *out, struct err *err)
{
	int rc = st->be->subjects->state(st, "generation", out, err);

	if (rc == HIM_OK && *out < 0)
		*out = 0;
	return rc;
}

int store_link_window(struct store *st, int64_t *window, struct err *err)
{
	return st->be->subjects->state(st, "window", window, err);
}

int store_link_exclusions(struct store *st, int64_t *fingerprint, struct err *err)
{
	int rc = st->be->subjects->state(st, "exclusions", fingerprint, err);

	if (rc == HIM_OK && *fingerprint < 0)
		*fingerprint = 0;
	return rc;
}

int store_link_common_values(struct store *st, int64_t min, int64_t limit, store_link_common_fn fn, void *ctx,
			     struct err *err)
{
	return st->be->subjects->common_values(st, min, limit, fn, ctx, err);
}

int store_subject_decision_add(struct store *st, const char *kind, const int64_t *side0, size_t n0,
			       const int64_t *side1, size_t n1, const char *note, int64_t *id,
			       struct err *err)
{
	struct strbuf detail = STRBUF_INIT, object = STRBUF_INIT;
	char *now;
	size_t i;
	int rc;

	if (strcmp(kind, "merge") != 0 && strcmp(kind, "split") != 0)
		return err_set(err, HIM_EUSAGE, "a subject decision is 'merge' or 'split', not '%s'", kind);
	if (n0 == 0 || n1 == 0)
		return err_set(err, HIM_EINPUT, "a %s needs referrals on both sides", kind);
	now = store_now_iso();
	for (i = 0; i < n0 + n1; i++)
		strbuf_addf(&detail, "%s%lld", i == 0 ? "referrals " : i == n0 ? " | " : ",",
			    (long long)(i < n0 ? side0[i] : side1[i - n0]));
	if ((rc = st->be->begin(st, err)) != HIM_OK)
		goto out;
	rc = st->be->subjects->decision_insert(st, kind, side0, n0, side1, n1, note, now, st->actor, id, err);
	if (rc == HIM_OK) {
		strbuf_addf(&object, "subject_decision:%lld", (long long)*id);
		rc = store_audit_append_tx(st, st->actor ? st->actor : "system",
					   strcmp(kind, "merge") == 0 ? "subject_merge" : "subject_split",
					   object.buf, detail.buf, err);
	}
	if (rc == HIM_OK)
		rc = st->be->commit(st, err);
	if (rc != HIM_OK)
		st->be->rollback(st);
out:
	free(now);
	strbuf_release(&detail);
	strbuf_release(&object);
	return rc;
}

int store_subject_decisions_each(struct store *st, store_decision_fn fn, void *ctx, struct err *err)
{
	return st->be->subjects->decisions_each(st, fn, ctx, err);
}

int store_subject_list(struct store *st, int64_t subject_id, store_subject_fn fn, void *ctx, struct err *err)
{
	return st->be->subjects->list(st, subject_id, fn, ctx, err);
}

int store_subject_links(struct store *st, int64_t subject_id, store_subject_link_fn fn, void *ctx,
			struct err *err)
{
	return st->be->subjects->links(st, subject_id, fn, ctx, err);
}

int store_subject_same_content(struct store *st, int64_t subject_id, store_same_content_fn fn, void *ctx,
			       struct err *err)
{
	return st->be->subjects->same_content(st, subject_id, fn, ctx, err);
}

int store_subject_locations(struct store *st, int64_t subject_id, store_subject_location_fn fn, void *ctx,
			    struct err *err)
{
	return st->be->subjects->locations(st, subject_id, fn, ctx, err);
}

int store_subject_ip_times(struct store *st, int64_t subject_id, store_subject_ip_time_fn fn, void *ctx,
			   struct err *err)
{
	return st->be->subjects->ip_times(st, subject_id, fn, ctx, err);
}

int store_subject_cases(struct store *st, store_subject_case_fn fn, void *ctx, struct err *err)
{
	return st->be->subjects->cases(st, fn, ctx, err);
}
