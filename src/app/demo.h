/*
 * demo.h - the demo data set: a realistic, synthetic set of cases and
 * their histories, for trying Himaya, for screenshots and for tests.
 *
 * It is a use case above the store: it calls store.h only, so every case
 * is validated by case_prepare_new and every event by the stage machine,
 * exactly as if a prosecutor had typed them. Nothing in it is real.
 *
 * Deterministic: the same seed on the same reference data gives the same
 * cases and events (its own PRNG, no clock). Registrations span
 * DEMO_FIRST_DAY..DEMO_LAST_DAY over several districts (Courts of
 * Appeal's own felony cases and First Instance cases), both platforms and
 * both investigating bodies; with the default number of cases, every
 * stage and every decision and outcome code of the vocabulary (but the
 * never-recorded "pending") appears, with a filing and its reason, a
 * reopened filing, corrections and a retraction, and a cassation with
 * remand followed by a new appeal judgment.
 *
 * It fills an empty database only: on a database that already holds
 * cases it refuses (HIM_ECONFLICT) and changes nothing, rather than mix
 * invented cases with real ones or add a second copy of itself.
 */
#ifndef HIMAYA_APP_DEMO_H
#define HIMAYA_APP_DEMO_H

#include <stdint.h>

#include "../core/case.h"
#include "../lib/err.h"
#include "../store/store.h"

#define DEMO_DEFAULT_SEED 2021
#define DEMO_DEFAULT_CASES 120
#define DEMO_MAX_CASES 100000

/* The span of the data set; events are never later than the last day. */
#define DEMO_FIRST_DAY "2021-01-01"
#define DEMO_LAST_DAY "2025-06-30"

struct demo_report {
	int cases;
	int events;         /* corrections included */
	int corrections;
	int courts;         /* distinct originating courts */
	int districts;
	date_t first_registered, last_registered;
	int stages[STAGE_COUNT]; /* cases by final stage */
};

/*
 * Fill the (empty) database behind st with `cases` cases (1 to
 * DEMO_MAX_CASES) drawn from seed. Writes are recorded with actor "demo"
 * (store_set_actor), which is how a later run recognises demo data.
 */
int demo_generate(struct store *st, uint64_t seed, int cases, struct demo_report *report,
		  struct err *err);

#define DEMO_DEFAULT_REFERRALS 80

struct demo_referrals_report {
	int referrals; /* stored (a second run stores none) */
	int linked;    /* of them, linked to a demo case */
};

/*
 * Referrals for the demo (demo_referrals.c): one behind each demo case
 * that came from NCMEC or CPS, linked to it, and n without a case,
 * received during the year before today, some about the same people.
 * Deterministic for seed and today; idempotent.
 */
int demo_referrals(struct store *st, uint64_t seed, int n, date_t today, struct demo_referrals_report *out,
		   struct err *err);

#endif
