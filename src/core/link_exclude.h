/*
 * link_exclude.h - identifier values that never link referrals, however
 * many share them: the placeholders platforms put in reports
 * ("unknown@unknown.com", "+212600000000"), a service's own support
 * account, a number a family of strangers uses. A deployment lists them
 * (data/link-exclude.tsv); `himaya link common` shows the candidates.
 * No I/O: the values come in as text and are normalised as the importers
 * store them, so the list matches however its lines were written.
 */
#ifndef HIMAYA_LINK_EXCLUDE_H
#define HIMAYA_LINK_EXCLUDE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/err.h"
#include "referral.h"

struct link_exclusion {
	enum ident_kind kind;
	char *value;   /* normalised, owned */
	char *service; /* normalised; "" for every service */
};

struct link_exclusions {
	struct link_exclusion *items; /* sorted by (value, kind, service) */
	size_t n, alloc;
};

void link_exclusions_init(struct link_exclusions *x);
void link_exclusions_release(struct link_exclusions *x);

/*
 * Add kind ("email", "phone", "p2p_guid", "esp_account", "screen_name")
 * and value, for service (NULL or "": every service). HIM_EINPUT with the
 * reason for a kind that never links or a value that cannot be read; a
 * value given twice is kept once.
 */
int link_exclusions_add(struct link_exclusions *x, const char *kind, const char *value, const char *service,
			struct err *err);

/* Whether a stored (normalised) identifier is excluded. */
bool link_exclusions_has(const struct link_exclusions *x, enum ident_kind kind, const char *value,
			 const char *service);

/*
 * A number that changes when the list does (not its order): the linker
 * keeps it with its subjects and rebuilds them when the list changed. 0
 * for an empty list; otherwise positive, below 2^62.
 */
int64_t link_exclusions_fingerprint(const struct link_exclusions *x);

#endif
