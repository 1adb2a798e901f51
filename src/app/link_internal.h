/*
 * link_internal.h - shared by the files of the linker (link.c runs,
 * link_decisions.c people's decisions). Not part of the app's API.
 */
#ifndef HIMAYA_APP_LINK_INTERNAL_H
#define HIMAYA_APP_LINK_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

#endif
