/*
 * funnel.h - where referrals are lost between the platform and the court:
 * referrals -> subjects -> cases opened -> prosecuted -> convicted at first
 * instance, per court, year and platform, with why each step loses some
 * (a subject with no case: past the ISP's log retention, a shared address
 * without a port, no court to route to, or still waiting; a case not
 * prosecuted: its filing reason, or no decision yet; a prosecution without
 * a conviction: the first-instance outcome, or pending). The figures the
 * circular's "difficulties" section asks for.
 */
#ifndef HIMAYA_APP_FUNNEL_H
#define HIMAYA_APP_FUNNEL_H

#include "triage.h"

#define FUNNEL_REASONS_MAX 16

struct funnel_count {
	char code[CODE_MAX];
	int64_t n;
};

/* A list of (reason, count); past FUNNEL_REASONS_MAX, "other". */
struct funnel_reasons {
	struct funnel_count items[FUNNEL_REASONS_MAX];
	size_t n;
};

struct funnel_group {
	char court[CODE_MAX];      /* the case's court, else the proposed one; "" unrouted */
	int year;                  /* of the subject's first referral; 0 unknown */
	char platform[CODE_MAX];   /* of the subject's first referral */
	int64_t referrals, subjects, cases, prosecuted, convicted;
	struct funnel_reasons not_opened, not_prosecuted, not_convicted;
};

struct funnel_options {
	int year;                  /* 0: every year */
	const char *court;         /* NULL: every court */
	const char *platform;      /* NULL: both */
	bool total;                /* one group for everything instead of court/year/platform */
	utc_time_t now;
	struct route_table *places, *retention;
	struct geoip *geoip;       /* IP geolocation for subjects with no place; NULL: none */
};

struct funnel {
	struct funnel_group *groups; /* by court, year, platform */
	size_t n, alloc;
};

void funnel_init(struct funnel *f);
void funnel_release(struct funnel *f);
int funnel_build(struct store *st, const struct funnel_options *o, struct funnel *out, struct err *err);

#endif
