/*
 * sqlite_referral_held.h - the one new referral an import batch holds in
 * memory while the rows of its lead keep coming (sqlite_referral_held.c).
 *
 * Why: a CPS lead is a run of rows, one per detection, and each row used
 * to cost a statement per child (the lead's GUID and location again and
 * again, each an ON CONFLICT that found its row), a fill of the lead's
 * fields and a rewrite of its fingerprint. Held, the lead's later rows are
 * merged here (the same key semantics as the child tables' primary keys,
 * the same fill rule as the SQL, referral_fill) and the lead is written
 * once, when the batch moves to another referral or commits.
 *
 * The referral keeps the id SQLite would have given it (the next rowid,
 * asked when it is held) and each child the position it had in its row,
 * so that the database holds exactly what the row-by-row writes made.
 *
 * Ownership: the holder owns copies of everything it holds.
 */
#ifndef HIMAYA_SQLITE_REFERRAL_HELD_H
#define HIMAYA_SQLITE_REFERRAL_HELD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/referral.h"
#include "../lib/keyset.h"
#include "../lib/strbuf.h"

enum { SQH_IDENTS, SQH_EVENTS, SQH_FILES, SQH_LOCATIONS, SQH_NKINDS };

struct sq_held {
	bool active;
	int64_t id, import_id;
	struct referral r;        /* fields and the children held, owned */
	size_t *pos[SQH_NKINDS];  /* each child's position in its own row */
	size_t cap[SQH_NKINDS];   /* of pos[k] */
	size_t rcap[SQH_NKINDS];  /* of the referral's array of kind k */
	char fingerprint[33];
	char created_at[32];
	char updated_at[32];      /* "" for NULL */
	struct key_set keys;      /* the children held */
	struct strbuf scratch;
};

void sq_held_init(struct sq_held *h);
void sq_held_release(struct sq_held *h);
/* Forget what is held (written, or rolled back). */
void sq_held_clear(struct sq_held *h);

/* Hold r's fields as referral id (its children come by sq_held_children). */
void sq_held_start(struct sq_held *h, int64_t id, const struct referral *r, const char *fingerprint,
		   int64_t import_id, const char *now);
bool sq_held_is(const struct sq_held *h, int64_t id);
bool sq_held_named(const struct sq_held *h, const char *platform, const char *external_id);

/* Hold r's children not held yet; *added counts them. */
void sq_held_children(struct sq_held *h, const struct referral *r, int *added);
/* True when it holds enough that it should be written now (bounds memory). */
bool sq_held_large(const struct sq_held *h);

#endif
