/*
 * link.h - turning referrals into subjects (one suspect each): a run after
 * imports (incremental: only the referrals not linked yet are looked up,
 * through the store's identifier and sighting indexes), a rebuild from
 * scratch, and people's merges and splits, which every later run replays.
 * The rules are core/link.h's; docs/linking.md says why.
 */
#ifndef HIMAYA_APP_LINK_H
#define HIMAYA_APP_LINK_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/link.h"
#include "../core/link_exclude.h"
#include "../store/store.h"

#define LINK_WINDOW_DEFAULT 3600 /* seconds: two sightings an hour apart are one session */

struct link_options {
	int64_t window;     /* seconds */
	bool rebuild;
	const struct ip_range_list *shared; /* CGNAT ranges (with RFC 6598); NULL: RFC 6598 only */
	const struct link_exclusions *exclude; /* values that never link; NULL: none */
};

void link_options_init(struct link_options *o);

/* Link kinds counted in a summary. */
enum { LINK_KIND_COUNT = 7 };
const char *link_kind_at(int i); /* "email", "phone", "esp_account", "screen_name", "p2p_guid", "ip", "manual" */

struct link_summary {
	bool rebuilt;            /* the run recomputed everything */
	int64_t referrals;       /* referrals stored */
	int64_t new_referrals;   /* linked by this run for the first time */
	int64_t changed_referrals; /* linked before, linked again: their content changed (a supplement) */
	int64_t subjects;        /* subjects after the run (a referral alone is one) */
	int64_t multi_subjects;  /* subjects of more than one referral */
	int64_t needs_port;      /* referrals flagged "needs port" */
	int64_t links[LINK_KIND_COUNT]; /* links made by this run, by kind */
	int64_t excluded_values; /* values listed as never linking, in force */
};

/* Run the linker; *out says what it did and what there is. A window or
 * a list of excluded values different from the last run's forces a
 * rebuild. */
int link_run(struct store *st, const struct link_options *o, struct link_summary *out, struct err *err);

/* Merge two subjects (ids as listed); the decision is kept and replayed. */
int link_merge(struct store *st, const struct link_options *o, int64_t subject_a, int64_t subject_b,
	       const char *note, int64_t *merged, struct err *err);
/* Split referrals ids[0..n) off subject_id: no automatic link may join
 * them to the subject's other referrals again. The subject is recomputed. */
int link_split(struct store *st, const struct link_options *o, int64_t subject_id, const int64_t *ids,
	       size_t n, const char *note, struct err *err);

#endif
