/*
 * subject_backend.h - what a database backend provides for subjects
 * (store_subjects.c holds the flow: transactions, audit). The backend
 * table (backend.h) points at one of these.
 */
#ifndef HIMAYA_SUBJECT_BACKEND_H
#define HIMAYA_SUBJECT_BACKEND_H

#include "store.h"

struct subject_backend {
	int (*idents_each)(struct store *st, store_link_ident_fn fn, void *ctx, struct err *err);
	int (*ident_matches)(struct store *st, int64_t referral_id, bool per_subject, store_link_ident_fn fn,
			     void *ctx, struct err *err);
	/* subject_id 0: every sighting; else that subject's. */
	int (*ips_each)(struct store *st, int64_t subject_id, store_link_ip_fn fn, void *ctx, struct err *err);
	int (*ip_neighbours)(struct store *st, int64_t referral_id, int64_t window, store_link_ip_pair_fn fn,
			     void *ctx, struct err *err);
	/* Optional (NULL: store_subjects.c calls the two above per referral):
	 * both for many referrals, with statements prepared once. */
	int (*around_each)(struct store *st, const int64_t *ids, size_t n, int64_t window, bool per_subject,
			   store_link_around_fn start, store_link_ident_fn ident_fn, store_link_ip_pair_fn ip_fn,
			   void *ctx, struct err *err);
	int (*pending)(struct store *st, store_link_pending_fn fn, void *ctx, struct err *err);
	int (*counts)(struct store *st, struct link_counts *out, struct err *err);
	int (*members)(struct store *st, int64_t subject_id, store_subject_member_fn fn, void *ctx,
		       struct err *err);
	/* Optional: around write's transaction, off then on: the per-row
	 * foreign-key checks of the linker's rows (store_subjects_write). */
	int (*write_checks)(struct store *st, bool on, struct err *err);
	/* Inside a write transaction store.c opened. */
	int (*write)(struct store *st, const struct subject_update *u, struct err *err);
	/* link_state's value of key ("window", "generation", "exclusions");
	 * -1 when none. write() keeps them. */
	int (*state)(struct store *st, const char *key, int64_t *out, struct err *err);
	int (*common_values)(struct store *st, int64_t min, int64_t limit, store_link_common_fn fn, void *ctx,
			     struct err *err);
	/* Inside a write transaction. */
	int (*decision_insert)(struct store *st, const char *kind, const int64_t *side0, size_t n0,
			       const int64_t *side1, size_t n1, const char *note, const char *now,
			       const char *actor, int64_t *id, struct err *err);
	int (*decisions_each)(struct store *st, store_decision_fn fn, void *ctx, struct err *err);
	int (*list)(struct store *st, int64_t subject_id, store_subject_fn fn, void *ctx, struct err *err);
	int (*links)(struct store *st, int64_t subject_id, store_subject_link_fn fn, void *ctx, struct err *err);
	int (*same_content)(struct store *st, int64_t subject_id, store_same_content_fn fn, void *ctx,
			    struct err *err);
	int (*locations)(struct store *st, int64_t subject_id, store_subject_location_fn fn, void *ctx,
			 struct err *err);
	int (*cases)(struct store *st, store_subject_case_fn fn, void *ctx, struct err *err);
	int (*ip_times)(struct store *st, int64_t subject_id, store_subject_ip_time_fn fn, void *ctx,
			struct err *err);
};

#endif
