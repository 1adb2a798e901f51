/*
 * link_internal.h - shared by the files of the linker (link.c runs,
 * link_people.c people's merges and splits, link_decisions.c the
 * decisions' replay). Not part of the app's API.
 */
#ifndef HIMAYA_APP_LINK_INTERNAL_H
#define HIMAYA_APP_LINK_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "link.h"
#include "../store/store.h"

struct link_dmember {
	int64_t referral, decision;
	int side;
	bool split;
};

struct link_merge_rec {
	int64_t id, a, b;
};

struct link_decisions {
	struct link_dmember *m; /* sorted by (referral, decision) */
	size_t n, alloc;
	struct link_merge_rec *merges;
	size_t nmerges, merges_alloc;
};

int link_decisions_load(struct store *st, struct link_decisions *d, struct err *err);
void link_decisions_release(struct link_decisions *d);
/* Whether some decision names referral r. */
bool link_decisions_involve(const struct link_decisions *d, int64_t r);
/* Whether a split later than decision `after` puts a and b on opposite sides. */
bool link_decisions_separate(const struct link_decisions *d, int64_t a, int64_t b, int64_t after);

/* --- one run of the linker (link.c) --- */

struct linker {
	struct store *st;
	int64_t window;
	const struct ip_range_list *shared;
	const struct link_exclusions *exclude;
	struct link_decisions dec;
	struct uf uf;
	struct subject_update up;
	uint8_t *flag;  /* needs port, by referral id */
	uint8_t *in;    /* a split's recomputation: members of the subject; NULL: all */
	size_t nflag, nin;
	/* An incremental run: the stored partition is read lazily, each other
	 * referral's subject as the store names it beside the row. */
	bool lazy;
	uint8_t *queued;    /* the referrals this run links, by id */
	uint8_t *seen;      /* stored subjects met, by id */
	size_t nqueued, nseen;
	int64_t *subjects;  /* the same, in the order met */
	size_t nsubjects, subjects_alloc;
	int64_t links[LINK_KIND_COUNT];
};

struct member {
	int64_t referral, subject;
	bool needs_port;
};

struct members {
	struct member *m;
	size_t n, alloc;
};

/* A bit per referral id, grown as needed. */
void link_mark(uint8_t **arr, size_t *n, int64_t id);
bool link_marked(const uint8_t *arr, size_t n, int64_t id);
/* store_subject_member_fn appending to a struct members. */
int link_member_row(int64_t referral_id, int64_t subject_id, bool needs_port, void *ctx);
int link_open(struct linker *lk, struct store *st, const struct link_options *o, int64_t window,
	      struct ip_range_list *fallback, struct err *err);
void link_close(struct linker *lk);
/* The links of referrals ids[0..n) (see link.c). */
int link_around(struct linker *lk, const int64_t *ids, size_t n, bool per_subject, struct err *err);
/* Replay people's merges (a later split over the same referrals wins). */
void link_apply_merges(struct linker *lk);

#endif
