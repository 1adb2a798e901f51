/*
 * link_people.c - people's decisions on subjects (link.h): a merge joins
 * two subjects under the smaller id with a manual link naming the
 * decision; a split recomputes the subject from its own referrals with
 * the split's sides kept apart. Both are recorded first (audited) and
 * replayed by every later run, rebuild included (link_decisions.c).
 */
#include "link.h"
#include "link_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/banned.h"

static int subject_members(struct store *st, int64_t subject_id, struct members *ms, struct err *err)
{
	int rc;

	memset(ms, 0, sizeof(*ms));
	if ((rc = store_subject_members(st, subject_id, link_member_row, ms, err)) != HIM_OK)
		return rc;
	if (ms->n == 0)
		return err_set(err, HIM_ENOTFOUND, "no subject %lld (run 'himaya link' first; 'himaya subject list'"
			       " shows them)", (long long)subject_id);
	return HIM_OK;
}

static int window_in_use(struct store *st, const struct link_options *o, int64_t *window, struct err *err)
{
	int rc = store_link_window(st, window, err);

	if (rc == HIM_OK && *window < 0)
		*window = o->window;
	return rc;
}

int link_merge(struct store *st, const struct link_options *o, int64_t subject_a, int64_t subject_b,
	       const char *note, int64_t *merged, struct err *err)
{
	struct members a, b;
	struct subject_update up;
	int64_t decision, window, into = subject_a < subject_b ? subject_a : subject_b;
	size_t i;
	int rc;

	if (subject_a == subject_b)
		return err_set(err, HIM_EINPUT, "subject %lld cannot be merged with itself", (long long)subject_a);
	if ((rc = subject_members(st, subject_a, &a, err)) != HIM_OK)
		return rc;
	if ((rc = subject_members(st, subject_b, &b, err)) != HIM_OK) {
		free(a.m);
		return rc;
	}
	subject_update_init(&up);
	if ((rc = window_in_use(st, o, &window, err)) != HIM_OK)
		goto out;
	if ((rc = store_subject_decision_add(st, "merge", &subject_a, 1, &subject_b, 1, note, &decision, err)) != HIM_OK)
		goto out;
	up.window = window;
	for (i = 0; i < a.n; i++)
		subject_update_assign(&up, a.m[i].referral, into, false);
	for (i = 0; i < b.n; i++)
		subject_update_assign(&up, b.m[i].referral, into, false);
	subject_update_link(&up, into, subject_a == into ? subject_b : subject_a, "manual", note ? note : "", "",
			    "", decision);
	rc = store_subjects_write(st, &up, err);
	*merged = into;
out:
	subject_update_release(&up);
	free(a.m);
	free(b.m);
	return rc;
}

int link_split(struct store *st, const struct link_options *o, int64_t subject_id, const int64_t *ids,
	       size_t n, const char *note, struct err *err)
{
	struct ip_range_list fallback;
	struct members ms;
	struct linker lk;
	uint8_t *off = NULL;
	size_t noff = 0, i, nkeep = 0;
	int64_t *keep = NULL, *reset = NULL, decision, window;
	int rc;

	if ((rc = subject_members(st, subject_id, &ms, err)) != HIM_OK)
		return rc;
	ip_range_list_init(&fallback);
	memset(&lk, 0, sizeof(lk));
	for (i = 0; i < n; i++)
		link_mark(&off, &noff, ids[i]);
	keep = xcalloc(ms.n + 1, sizeof(*keep));
	reset = xcalloc(ms.n + 1, sizeof(*reset));
	for (i = 0; i < ms.n; i++) {
		reset[i] = ms.m[i].referral;
		if (!link_marked(off, noff, ms.m[i].referral))
			keep[nkeep++] = ms.m[i].referral;
	}
	for (i = 0; i < n; i++) {
		size_t j;
		bool found = false;

		for (j = 0; j < ms.n && !found; j++)
			found = ms.m[j].referral == ids[i];
		if (!found) {
			rc = err_set(err, HIM_EINPUT, "referral %lld is not in subject %lld", (long long)ids[i],
				     (long long)subject_id);
			goto out;
		}
	}
	if (nkeep == 0 || nkeep == ms.n) {
		rc = err_set(err, HIM_EINPUT, "a split of subject %lld must leave referrals on both sides (it has %zu)",
			     (long long)subject_id, ms.n);
		goto out;
	}
	if ((rc = window_in_use(st, o, &window, err)) != HIM_OK)
		goto out;
	if ((rc = store_subject_decision_add(st, "split", keep, nkeep, ids, n, note, &decision, err)) != HIM_OK)
		goto out;
	/* Recompute the subject alone: every edge of its referrals stays inside it. */
	if ((rc = link_open(&lk, st, o, window, &fallback, err)) != HIM_OK)
		goto out;
	for (i = 0; i < ms.n; i++) {
		link_mark(&lk.in, &lk.nin, ms.m[i].referral);
		uf_add(&lk.uf, ms.m[i].referral);
	}
	/* reset lists every member: each one's links, not one per subject. */
	if ((rc = link_around(&lk, reset, ms.n, false, err)) != HIM_OK)
		goto out;
	link_apply_merges(&lk);
	lk.up.reset = reset;
	lk.up.nreset = ms.n;
	for (i = 0; i < ms.n; i++)
		subject_update_assign(&lk.up, ms.m[i].referral, uf_find(&lk.uf, ms.m[i].referral),
				      link_marked(lk.flag, lk.nflag, ms.m[i].referral));
	rc = store_subjects_write(st, &lk.up, err);
out:
	link_close(&lk);
	ip_range_list_release(&fallback);
	free(ms.m);
	free(off);
	free(keep);
	free(reset);
	return rc;
}
