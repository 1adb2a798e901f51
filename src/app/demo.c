/*
 * demo.c - generating the demo data set (see demo.h).
 *
 * Two kinds of cases are drawn. "Scripted" ones guarantee coverage: one
 * per code of the vocabulary (each decision, closing reason, outcome at
 * each level), per stage, and per feature the tests and the tour rely on
 * (a reopened filing, corrections, a retraction, remand then a new
 * appeal); they are registered early enough for their whole history to
 * fit before DEMO_LAST_DAY. The others follow plausible proportions
 * (many filings for want of an identifiable suspect, convictions far
 * more often than acquittals) and are cut short when their next event
 * would fall after the last day, so recent cases are, as in reality,
 * still under investigation.
 *
 * Plans are drawn first, then sorted by registration date and recorded
 * in that order, so case ids and each court's file numbers grow with the
 * date as they would in a prosecutor's office.
 */
#include "demo.h"

#include <stdlib.h>
#include <string.h>

#include "../core/court.h"
#include "../lib/strbuf.h"
#include "../lib/banned.h"

/* --- a small deterministic PRNG (splitmix64) ---------------------------- */

struct rng {
	uint64_t state;
};

static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->state += UINT64_C(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* 0..n-1 (n > 0); the modulo bias is irrelevant at these sizes. */
static int rng_below(struct rng *r, int n)
{
	return (int)(rng_next(r) % (uint64_t)n);
}

static int rng_range(struct rng *r, int lo, int hi)
{
	return lo + rng_below(r, hi - lo + 1);
}

static bool rng_percent(struct rng *r, int percent)
{
	return rng_below(r, 100) < percent;
}

/* --- the places and people of the data set ------------------------------ */

/*
 * Courts of several districts, with the preposition-joined city name that
 * unit names use ("بالرباط"). Courts of Appeal here open their own felony
 * cases. tpi-dakhla and tpi-guercif changed district by decree, and
 * tpi-chichaoua exists only from 2023-12-28: the map decides.
 */
struct demo_court {
	const char *code;
	const char *city;
	int weight;
};

static const struct demo_court demo_courts[] = {
	{ "tpi-rabat", "بالرباط", 10 },
	{ "tpi-sale", "بسلا", 8 },
	{ "tpi-temara", "بتمارة", 5 },
	{ "tpi-khemisset", "بالخميسات", 3 },
	{ "tpi-casablanca-penal", "بالدار البيضاء", 12 },
	{ "tpi-mohammedia", "بالمحمدية", 4 },
	{ "tpi-fes", "بفاس", 7 },
	{ "tpi-sefrou", "بصفرو", 2 },
	{ "tpi-marrakech", "بمراكش", 8 },
	{ "tpi-chichaoua", "بشيشاوة", 2 },
	{ "tpi-tanger", "بطنجة", 7 },
	{ "tpi-larache", "بالعرائش", 2 },
	{ "tpi-oujda", "بوجدة", 3 },
	{ "tpi-guercif", "بجرسيف", 2 },
	{ "tpi-laayoune", "بالعيون", 2 },
	{ "tpi-dakhla", "بالداخلة", 2 },
	{ "ca-rabat", "بالرباط", 4 },
	{ "ca-casablanca", "بالدار البيضاء", 4 },
	{ "ca-fes", "بفاس", 2 },
	{ "ca-marrakech", "بمراكش", 2 },
	{ "ca-tanger", "بطنجة", 2 },
};

#define DEMO_COURTS (sizeof(demo_courts) / sizeof(demo_courts[0]))

/* Units by body; the city is appended. Bodies not listed get no unit. */
struct demo_unit {
	const char *body;
	const char *prefix;
};

static const struct demo_unit demo_units[] = {
	{ "dgsn", "الفرقة الجهوية للشرطة القضائية" },
	{ "dgsn", "المصلحة الولائية للشرطة القضائية" },
	{ "dgsn", "فرقة مكافحة الجرائم المعلوماتية" },
	{ "gr", "المركز القضائي للدرك الملكي" },
	{ "gr", "سرية الدرك الملكي" },
	{ "gr", "مركز الدرك الملكي" },
};

static const char *const demo_case_notes[] = {
	"إشعار يتعلق بحساب على منصة للتواصل الاجتماعي",
	"رصد عبر نظام CPS لتبادل ملفات عبر شبكة الند للند",
	"تم حجز هاتف محمول وحاسوب محمول",
	"طلب معطيات الاتصال من مزود خدمة الأنترنت",
	"الضحية قاصر تم الاستماع إليها بحضور وليها",
};

/* A choice among codes, each with a weight; codes the vocabulary lacks
 * are skipped, so a deployment's edited vocabulary still works. */
struct weight {
	const char *code;
	int weight;
};

static const struct weight subject_weights[] = {
	{ "csam_distribution", 35 }, { "csam_possession", 30 }, { "sextortion", 10 },
	{ "enticement", 8 }, { "harassment", 5 }, { "image_privacy", 5 },
	{ "csam_production", 3 }, { "indecent_assault", 2 }, { "trafficking", 1 }, { "other", 1 },
};

/* Felonies, tried first by a Court of Appeal's criminal chamber. */
static const struct weight felony_weights[] = {
	{ "csam_production", 40 }, { "indecent_assault", 25 }, { "trafficking", 20 }, { "sextortion", 15 },
};

/* Of cases with one platform; about one in eight has both. */
static const struct weight platform_weights[] = { { "ncmec", 80 }, { "cps", 20 } };
static const struct weight body_weights[] = { { "dgsn", 70 }, { "gr", 30 } };

static const struct weight reason_weights[] = {
	{ "not_located", 25 }, { "cgnat_no_port", 20 }, { "logs_expired", 15 },
	{ "no_usable_info", 12 }, { "adult", 8 }, { "age_unknown", 6 }, { "unfounded", 5 },
	{ "no_crime", 3 }, { "false_report", 2 }, { "no_merit", 2 }, { "deceased", 1 }, { "other", 1 },
};

static const struct weight prosecution_weights[] = {
	{ "at_liberty", 45 }, { "detained", 35 }, { "juvenile", 10 }, { "instruction", 10 },
};

static const struct weight felony_prosecution_weights[] = { { "instruction", 50 }, { "detained", 50 } };

static const struct weight first_weights[] = {
	{ "conviction", 75 }, { "acquittal", 15 }, { "incompetence", 5 }, { "extinguished", 5 },
};

static const struct weight appeal_after_conviction[] = {
	{ "upheld", 55 }, { "modified", 25 }, { "acquittal", 10 }, { "reversed", 5 }, { "extinguished", 5 },
};

static const struct weight appeal_after_acquittal[] = {
	{ "upheld", 50 }, { "reversed", 40 }, { "conviction", 10 },
};

static const struct weight appeal_otherwise[] = { { "upheld", 70 }, { "reversed", 30 } };

static const struct weight cassation_weights[] = {
	{ "rejected", 50 }, { "inadmissible", 25 }, { "quashed", 15 }, { "quashed_final", 10 },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* --- plans ---------------------------------------------------------------- */

/* Days between steps, lowest and highest. */
enum { GAP_INVESTIGATION, GAP_REPORT, GAP_DECISION, GAP_REOPEN, GAP_JUDGMENT, GAP_APPEAL,
       GAP_CASSATION, GAP_COUNT };
static const int gap_lo[GAP_COUNT] = { 0, 10, 1, 30, 20, 45, 90 };
static const int gap_hi[GAP_COUNT] = { 7, 60, 30, 120, 180, 240, 300 };

struct plan {
	int index;        /* order of drawing: breaks ties between equal dates */
	bool scripted;    /* must be recorded whole */
	bool felony;      /* opened at a Court of Appeal */
	date_t registered;
	bool investigation, report, duplicate_report;
	const struct vocab_entry *decision, *reason;
	const char *reason_text;  /* a filing's reason in the prosecutor's words */
	const struct vocab_entry *decision2; /* after reopening a filed case */
	const struct vocab_entry *first, *appeal, *cassation, *appeal2, *cassation2;
	bool correct_decision, correct_first;
	int suspects;
};

struct demo {
	struct store *st;
	const struct vocab *v;
	const struct court_map *map;
	struct scope scope;
	struct rng rng;
	date_t first_day, last_day;
	struct demo_report *report;
	int serial[DEMO_COURTS][16]; /* last file serial per court and year */
	bool court_used[DEMO_COURTS];
};

static const struct vocab_entry *vfind(const struct demo *d, enum vocab_kind kind, const char *code)
{
	return vocab_find(d->v, kind, code);
}

/* Can this entry be chosen here? Outcomes: given at level, never "pending". */
static bool entry_fits(const struct vocab_entry *e, enum vocab_kind kind, unsigned level)
{
	if (e->kind != kind)
		return false;
	if (kind == VOCAB_OUTCOME)
		return !e->pending && (e->levels & level);
	return true;
}

/* An entry drawn by weight; if the vocabulary has none of the codes, the
 * first entry that fits (never NULL while the kind has entries). */
static const struct vocab_entry *pick(struct demo *d, enum vocab_kind kind, unsigned level,
				      const struct weight *w, size_t n)
{
	int total = 0, x;

	for (size_t i = 0; i < n; i++) {
		const struct vocab_entry *e = vfind(d, kind, w[i].code);
		if (e && entry_fits(e, kind, level))
			total += w[i].weight;
	}
	if (total > 0) {
		x = rng_below(&d->rng, total);
		for (size_t i = 0; i < n; i++) {
			const struct vocab_entry *e = vfind(d, kind, w[i].code);
			if (!e || !entry_fits(e, kind, level))
				continue;
			if (x < w[i].weight)
				return e;
			x -= w[i].weight;
		}
	}
	for (size_t i = 0; i < d->v->n; i++)
		if (entry_fits(&d->v->entries[i], kind, level))
			return &d->v->entries[i];
	return NULL;
}

static const struct vocab_entry *pick_decision_class(struct demo *d, int klass)
{
	for (size_t i = 0; i < d->v->n; i++)
		if (d->v->entries[i].kind == VOCAB_DECISION && d->v->entries[i].klass == klass)
			return &d->v->entries[i];
	return NULL;
}

/* A code that fits, preferring `code` when the vocabulary has it. */
static const struct vocab_entry *prefer(struct demo *d, enum vocab_kind kind, unsigned level, const char *code)
{
	const struct weight w = { code, 1 };
	return pick(d, kind, level, &w, 1);
}

static const struct vocab_entry *appeal_pick(struct demo *d, const struct vocab_entry *first)
{
	if (strcmp(first->code, "conviction") == 0)
		return pick(d, VOCAB_OUTCOME, LEVEL_APPEAL, appeal_after_conviction, N(appeal_after_conviction));
	if (strcmp(first->code, "acquittal") == 0)
		return pick(d, VOCAB_OUTCOME, LEVEL_APPEAL, appeal_after_acquittal, N(appeal_after_acquittal));
	return pick(d, VOCAB_OUTCOME, LEVEL_APPEAL, appeal_otherwise, N(appeal_otherwise));
}

/* The longest a plan's history can take, so a scripted case fits. */
static int plan_span(const struct plan *p)
{
	int span = 0;

	if (p->investigation) span += gap_hi[GAP_INVESTIGATION];
	if (p->report) span += gap_hi[GAP_REPORT] * (p->duplicate_report ? 2 : 1);
	if (p->decision) span += gap_hi[GAP_DECISION];
	if (p->decision2) span += gap_hi[GAP_REOPEN] + gap_hi[GAP_REPORT] + gap_hi[GAP_DECISION];
	if (p->first) span += gap_hi[GAP_JUDGMENT];
	if (p->appeal) span += gap_hi[GAP_APPEAL];
	if (p->cassation) span += gap_hi[GAP_CASSATION];
	if (p->appeal2) span += gap_hi[GAP_APPEAL];
	if (p->cassation2) span += gap_hi[GAP_CASSATION];
	return span;
}

static void plan_date(struct demo *d, struct plan *p)
{
	date_t last = p->scripted ? d->last_day - plan_span(p) : d->last_day - 5;

	if (last < d->first_day)
		last = d->first_day;
	p->registered = d->first_day + rng_below(&d->rng, (int)(last - d->first_day) + 1);
}

/* A prosecution ending at first instance with outcome first (NULL: awaiting judgment). */
static void plan_prosecution(struct demo *d, struct plan *p, const struct vocab_entry *decision,
			     const struct vocab_entry *first)
{
	p->investigation = p->report = true;
	p->decision = decision ? decision
		    : pick(d, VOCAB_DECISION, 0, prosecution_weights, N(prosecution_weights));
	p->first = first;
}

/* The next scripted plan, cleared; NULL when there is no room left. */
static struct plan *plan_next(struct plan *plans, size_t *n, size_t max)
{
	struct plan *p;

	if (*n >= max)
		return NULL;
	p = &plans[(*n)++];
	memset(p, 0, sizeof(*p));
	p->scripted = true;
	p->suspects = 1;
	return p;
}

/* The plans that make every code, stage and feature appear at least once. */
static size_t plans_scripted(struct demo *d, struct plan *plans, size_t max)
{
	const struct vocab_entry *conviction = prefer(d, VOCAB_OUTCOME, LEVEL_FIRST, "conviction");
	const struct vocab_entry *acquittal = prefer(d, VOCAB_OUTCOME, LEVEL_FIRST, "acquittal");
	const struct vocab_entry *upheld = prefer(d, VOCAB_OUTCOME, LEVEL_APPEAL, "upheld");
	const struct vocab_entry *filed = pick_decision_class(d, DECISION_FILED);
	const struct vocab_entry *pending = pick_decision_class(d, DECISION_PENDING);
	const struct vocab_entry *remand = NULL;
	const struct vocab_entry *filings[CODE_LIST_MAX];
	size_t n = 0, nfilings = 0, k = 0;
	struct plan *p;

#define NEXT() ((p = plan_next(plans, &n, max)) != NULL)

	for (size_t i = 0; i < d->v->n; i++) {
		const struct vocab_entry *e = &d->v->entries[i];
		if (e->kind == VOCAB_OUTCOME && e->remand && !e->pending && !remand)
			remand = e;
		if (e->kind == VOCAB_DECISION && e->klass == DECISION_FILED && nfilings < CODE_LIST_MAX)
			filings[nfilings++] = e;
	}

	/* registered: nothing recorded yet. */
	if (!NEXT())
		return n;
	/* Each decision awaiting results, and each closing reason (filings in turn). */
	for (size_t i = 0; i < d->v->n; i++) {
		const struct vocab_entry *e = &d->v->entries[i];
		if (e->kind == VOCAB_DECISION && e->klass == DECISION_PENDING) {
			if (!NEXT())
				return n;
			p->investigation = p->report = true;
			p->decision = e;
		}
		if (e->kind == VOCAB_CLOSING_REASON && nfilings) {
			if (!NEXT())
				return n;
			p->investigation = p->report = true;
			p->decision = filings[k++ % nfilings];
			p->reason = e;
			if (!p->decision->reason_required)
				p->suspects = 0;
		}
	}
	/* Every filing decision not yet used, and one filing in free words. */
	for (; k < nfilings; k++) {
		if (!NEXT())
			return n;
		p->investigation = p->report = true;
		p->decision = filings[k];
		p->suspects = 0;
	}
	if (filed && NEXT()) {
		p->investigation = p->report = true;
		p->decision = filed;
		p->reason_text = "عدم كفاية الأدلة بعد الاستماع إلى المشتبه فيه";
	}
	/* A report recorded twice by mistake, the duplicate retracted. */
	if (pending && NEXT()) {
		p->investigation = p->report = p->duplicate_report = true;
		p->decision = pending;
	}
	/* A filed case reopened on new evidence, then prosecuted and judged. */
	if (filed && NEXT()) {
		p->investigation = p->report = true;
		p->decision = filed;
		p->reason = prefer(d, VOCAB_CLOSING_REASON, 0, "logs_expired");
		p->decision2 = prefer(d, VOCAB_DECISION, 0, "at_liberty");
		p->first = conviction;
	}
	/* Each prosecution decision, awaiting judgment. */
	for (size_t i = 0; i < d->v->n; i++) {
		const struct vocab_entry *e = &d->v->entries[i];
		if (e->kind == VOCAB_DECISION && e->klass == DECISION_PROSECUTED) {
			if (!NEXT())
				return n;
			plan_prosecution(d, p, e, NULL);
		}
	}
	/* Each outcome at each level. */
	for (size_t i = 0; i < d->v->n; i++) {
		const struct vocab_entry *e = &d->v->entries[i];
		if (e->kind != VOCAB_OUTCOME || e->pending)
			continue;
		if (e->levels & LEVEL_FIRST) {
			if (!NEXT())
				return n;
			plan_prosecution(d, p, NULL, e);
		}
		if (e->levels & LEVEL_APPEAL) {
			if (!NEXT())
				return n;
			/* Reversing, or convicting on appeal, follows an acquittal. */
			plan_prosecution(d, p, NULL, strcmp(e->code, "reversed") == 0 ||
					 strcmp(e->code, "conviction") == 0 ? acquittal : conviction);
			p->appeal = e;
		}
		if (e->levels & LEVEL_CASSATION) {
			if (!NEXT())
				return n;
			plan_prosecution(d, p, NULL, conviction);
			p->appeal = upheld;
			p->cassation = e;
		}
	}
	/* Quashed with remand, judged again on appeal; and once more to cassation. */
	if (remand && NEXT()) {
		plan_prosecution(d, p, NULL, conviction);
		p->appeal = prefer(d, VOCAB_OUTCOME, LEVEL_APPEAL, "modified");
		p->cassation = remand;
		p->appeal2 = upheld;
	}
	if (remand && NEXT()) {
		plan_prosecution(d, p, NULL, conviction);
		p->appeal = upheld;
		p->cassation = remand;
		p->appeal2 = prefer(d, VOCAB_OUTCOME, LEVEL_APPEAL, "modified");
		p->cassation2 = prefer(d, VOCAB_OUTCOME, LEVEL_CASSATION, "rejected");
	}
	/* Corrections: a decision, and a first-instance sentence after the appeal. */
	if (NEXT()) {
		plan_prosecution(d, p, prefer(d, VOCAB_DECISION, 0, "at_liberty"), conviction);
		p->correct_decision = true;
	}
	if (NEXT()) {
		plan_prosecution(d, p, NULL, conviction);
		p->appeal = upheld;
		p->correct_first = true;
	}
	/* Felony cases of the Courts of Appeal, one judged on appeal. */
	if (NEXT()) {
		plan_prosecution(d, p, pick(d, VOCAB_DECISION, 0, felony_prosecution_weights,
					    N(felony_prosecution_weights)), conviction);
		p->felony = true;
		p->appeal = upheld;
	}
	if (NEXT()) {
		p->felony = true;
		p->investigation = true;
	}
#undef NEXT
	return n;
}

/* A case with a plausible history, cut short later if it runs out of time. */
static void plan_random(struct demo *d, struct plan *p)
{
	int roll = rng_below(&d->rng, 100);

	p->felony = rng_percent(&d->rng, 12);
	p->suspects = rng_percent(&d->rng, 80) ? 1 : rng_range(&d->rng, 2, 3);
	p->investigation = true;
	if (roll < 12)
		return; /* awaiting the unit's report */
	p->report = true;
	if (roll < 18) {
		p->decision = pick_decision_class(d, DECISION_PENDING);
		return;
	}
	if (roll < 45 && !p->felony) {
		p->decision = pick_decision_class(d, DECISION_FILED);
		if (!p->decision)
			return;
		if (rng_percent(&d->rng, 15)) {
			p->decision = prefer(d, VOCAB_DECISION, 0, "unknown_author");
			p->suspects = 0;
		}
		if (p->decision->reason_required || rng_percent(&d->rng, 50))
			p->reason = pick(d, VOCAB_CLOSING_REASON, 0, reason_weights, N(reason_weights));
		if (roll < 20) {
			p->decision2 = pick(d, VOCAB_DECISION, 0, prosecution_weights, N(prosecution_weights));
			p->suspects = 1;
		} else {
			return;
		}
	} else {
		p->decision = p->felony ? pick(d, VOCAB_DECISION, 0, felony_prosecution_weights,
					       N(felony_prosecution_weights))
			    : pick(d, VOCAB_DECISION, 0, prosecution_weights, N(prosecution_weights));
	}
	if (rng_percent(&d->rng, 15))
		return; /* awaiting judgment */
	p->first = pick(d, VOCAB_OUTCOME, LEVEL_FIRST, first_weights, N(first_weights));
	if (!rng_percent(&d->rng, 55))
		return;
	p->appeal = appeal_pick(d, p->first);
	if (!rng_percent(&d->rng, 25))
		return;
	p->cassation = pick(d, VOCAB_OUTCOME, LEVEL_CASSATION, cassation_weights, N(cassation_weights));
	if (p->cassation->remand && rng_percent(&d->rng, 70))
		p->appeal2 = appeal_pick(d, p->first);
}

static int plan_compare(const void *a, const void *b)
{
	const struct plan *x = a, *y = b;

	if (x->registered != y->registered)
		return x->registered < y->registered ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

/* --- recording ------------------------------------------------------------ */

/* Move the case's clock on by a gap; false if that passes the last day. */
static bool advance(struct demo *d, date_t *day, int gap)
{
	date_t next = *day + rng_range(&d->rng, gap_lo[gap], gap_hi[gap]);

	if (next > d->last_day)
		return false;
	*day = next;
	return true;
}

static int record(struct demo *d, int64_t case_id, struct case_event *ev, struct err *err)
{
	char day[DATE_ISO_LEN];
	int rc = store_case_add_event(d->st, &d->scope, case_id, ev, d->last_day, NULL, err);

	if (rc != HIM_OK) {
		date_format(ev->date, day);
		return err_prefix(err, "demo case %lld, %s of %s", (long long)case_id,
				  event_type_name(ev->type), day);
	}
	d->report->events++;
	if (ev->supersedes)
		d->report->corrections++;
	return HIM_OK;
}

/* Record a simple event (no code) and return its id in *id (if not NULL). */
static int record_plain(struct demo *d, int64_t case_id, enum event_type type, date_t day,
			const char *note, int64_t *id, struct err *err)
{
	struct case_event ev;
	int rc;

	case_event_init(&ev);
	ev.type = type;
	ev.date = day;
	ev.note = note ? xstrdup(note) : NULL;
	rc = record(d, case_id, &ev, err);
	if (id)
		*id = ev.id;
	case_event_release(&ev);
	return rc;
}

static int record_decision(struct demo *d, const struct case_record *c, const struct plan *p,
			   const struct vocab_entry *decision, date_t day, int64_t *id, struct err *err)
{
	struct case_event ev;
	int rc;

	case_event_init(&ev);
	ev.type = EVENT_DECISION;
	ev.date = day;
	memcpy(ev.code, decision->code, CODE_MAX);
	if (decision->klass == DECISION_FILED) {
		if (p->reason)
			memcpy(ev.reason, p->reason->code, CODE_MAX);
		else if (p->reason_text)
			ev.note = xstrdup(p->reason_text);
		else if (decision->reason_required)
			memcpy(ev.reason, pick(d, VOCAB_CLOSING_REASON, 0, reason_weights, N(reason_weights))->code, CODE_MAX);
	} else if (decision->klass == DECISION_PROSECUTED) {
		ev.charges = c->subjects;
		ev.accused = c->suspects > 0 ? c->suspects : 1;
	}
	rc = record(d, c->id, &ev, err);
	if (id)
		*id = ev.id;
	case_event_release(&ev);
	return rc;
}

static void sentence_draw(struct demo *d, struct sentence *s)
{
	static const int months[] = { 3, 6, 8, 10, 12, 18, 24, 30, 36, 48, 60 };
	int k = rng_below(&d->rng, 10);

	s->prison_months = months[rng_below(&d->rng, (int)N(months))];
	s->suspended_months = k < 5 ? 0 : k < 8 ? s->prison_months : s->prison_months / 2;
	/* Article 503-2: fines from 10,000 dirhams. */
	s->fine_mad = (int64_t)rng_range(&d->rng, 10, 100) * 1000;
}

/*
 * Record a ruling. A sentence goes with an outcome that may carry one,
 * except a reversal of a conviction (which acquits).
 */
static int record_ruling(struct demo *d, int64_t case_id, enum event_type type, const struct vocab_entry *o,
			 bool previous_convicted, date_t day, int64_t *id, struct err *err)
{
	struct case_event ev;
	int rc;

	case_event_init(&ev);
	ev.type = type;
	ev.date = day;
	memcpy(ev.code, o->code, CODE_MAX);
	if (o->sentence && !(strcmp(o->code, "reversed") == 0 && previous_convicted))
		sentence_draw(d, &ev.sentence);
	rc = record(d, case_id, &ev, err);
	if (id)
		*id = ev.id;
	case_event_release(&ev);
	return rc;
}

/* A correction restating an earlier ruling with another sentence. */
static int record_sentence_correction(struct demo *d, int64_t case_id, int64_t target,
				      const struct vocab_entry *o, date_t day, struct err *err)
{
	struct case_event ev;
	int rc;

	case_event_init(&ev);
	ev.type = EVENT_JUDGMENT;
	ev.date = day;
	ev.supersedes = target;
	memcpy(ev.code, o->code, CODE_MAX);
	ev.sentence.prison_months = 18;
	ev.sentence.suspended_months = 6;
	ev.sentence.fine_mad = 20000;
	ev.note = xstrdup("تصحيح خطأ مادي في مدة العقوبة");
	rc = record(d, case_id, &ev, err);
	case_event_release(&ev);
	return rc;
}

/* The originating court: drawn by weight among courts of the right kind,
 * moved on to the next one if the map says it did not exist that day. */
static int court_pick(struct demo *d, bool felony, date_t day, struct err *err)
{
	int total = 0, x, start = -1;

	for (size_t i = 0; i < DEMO_COURTS; i++)
		if ((strncmp(demo_courts[i].code, "ca-", 3) == 0) == felony)
			total += demo_courts[i].weight;
	x = rng_below(&d->rng, total);
	for (size_t i = 0; i < DEMO_COURTS && start < 0; i++) {
		if ((strncmp(demo_courts[i].code, "ca-", 3) == 0) != felony)
			continue;
		if (x < demo_courts[i].weight)
			start = (int)i;
		x -= demo_courts[i].weight;
	}
	for (size_t k = 0; k < DEMO_COURTS; k++) {
		size_t i = ((size_t)start + k) % DEMO_COURTS;
		if ((strncmp(demo_courts[i].code, "ca-", 3) == 0) != felony)
			continue;
		if (court_map_district_on(d->map, demo_courts[i].code, day))
			return (int)i;
	}
	return err_set(err, HIM_EINPUT, "the judicial map has none of the demo's courts");
}

/* "2022/2105/123": year, file series, serial growing within court and year. */
static void file_number(struct demo *d, int court, date_t day, struct strbuf *out)
{
	static const char *const series_first[] = { "2101", "2103", "2105" };
	static const char *const series_appeal[] = { "2601", "2611" };
	bool appeal = strncmp(demo_courts[court].code, "ca-", 3) == 0;
	int year = date_year(day);
	int *serial = &d->serial[court][(year - 2021) & 15];

	*serial += *serial ? rng_range(&d->rng, 1, 25) : rng_range(&d->rng, 1, 40);
	strbuf_addf(out, "%d/%s/%d", year,
		    appeal ? series_appeal[rng_below(&d->rng, 2)] : series_first[rng_below(&d->rng, 3)], *serial);
}

static int demo_case_open(struct demo *d, const struct plan *p, struct case_record *c, struct err *err)
{
	struct strbuf sb = STRBUF_INIT;
	const struct vocab_entry *e;
	int court, rc, nsubjects;

	if ((court = court_pick(d, p->felony, p->registered, err)) < 0)
		return court;
	d->court_used[court] = true;
	memcpy(c->court, demo_courts[court].code, strlen(demo_courts[court].code) + 1);
	c->registered = p->registered;
	file_number(d, court, p->registered, &sb);
	c->file_number = strbuf_detach(&sb, NULL);

	e = pick(d, VOCAB_BODY, 0, body_weights, N(body_weights));
	memcpy(c->body, e->code, CODE_MAX);
	{
		const struct demo_unit *units[N(demo_units)];
		size_t n = 0;
		for (size_t i = 0; i < N(demo_units); i++)
			if (strcmp(demo_units[i].body, c->body) == 0)
				units[n++] = &demo_units[i];
		if (n) {
			strbuf_addf(&sb, "%s %s", units[rng_below(&d->rng, (int)n)]->prefix, demo_courts[court].city);
			c->unit = strbuf_detach(&sb, NULL);
		}
	}
	nsubjects = rng_percent(&d->rng, 25) ? 2 : 1;
	for (int i = 0; i < nsubjects; i++) {
		e = p->felony ? pick(d, VOCAB_SUBJECT, 0, felony_weights, N(felony_weights))
			      : pick(d, VOCAB_SUBJECT, 0, subject_weights, N(subject_weights));
		code_list_add(&c->subjects, e->code);
	}
	e = pick(d, VOCAB_PLATFORM, 0, platform_weights, N(platform_weights));
	if (!e || rng_percent(&d->rng, 12)) {
		/* both platforms */
		for (size_t i = 0; i < d->v->n; i++)
			if (d->v->entries[i].kind == VOCAB_PLATFORM)
				code_list_add(&c->platforms, d->v->entries[i].code);
	} else {
		code_list_add(&c->platforms, e->code);
	}
	c->suspects = p->suspects;
	if (rng_percent(&d->rng, 20))
		c->notes = xstrdup(demo_case_notes[rng_below(&d->rng, (int)N(demo_case_notes))]);

	rc = store_case_open(d->st, &d->scope, c, d->last_day, err);
	if (rc != HIM_OK)
		return err_prefix(err, "demo case at %s, file %s", c->court, c->file_number);
	return HIM_OK;
}

static int plan_record(struct demo *d, const struct plan *p, struct case_record *c, struct err *err)
{
	date_t day = p->registered;
	int64_t id, decision_id = 0, first_id = 0;
	int rc;

	if ((rc = demo_case_open(d, p, c, err)) != HIM_OK)
		return rc;
	id = c->id;
#define STEP(gap) if (!advance(d, &day, gap)) return HIM_OK
	if (p->investigation) {
		STEP(GAP_INVESTIGATION);
		if ((rc = record_plain(d, id, EVENT_INVESTIGATION, day, NULL, NULL, err)) != HIM_OK)
			return rc;
	}
	if (p->report) {
		STEP(GAP_REPORT);
		if ((rc = record_plain(d, id, EVENT_REPORT, day, NULL, NULL, err)) != HIM_OK)
			return rc;
	}
	if (p->duplicate_report) {
		struct case_event ev;
		int64_t dup;

		if ((rc = record_plain(d, id, EVENT_REPORT, day, "سجل مرتين", &dup, err)) != HIM_OK)
			return rc;
		case_event_init(&ev);
		ev.type = EVENT_REPORT;
		ev.date = day;
		ev.supersedes = dup;
		ev.retracts = true;
		ev.note = xstrdup("تسجيل مكرر");
		rc = record(d, id, &ev, err);
		case_event_release(&ev);
		if (rc != HIM_OK)
			return rc;
	}
	if (p->decision) {
		STEP(GAP_DECISION);
		if ((rc = record_decision(d, c, p, p->decision, day, &decision_id, err)) != HIM_OK)
			return rc;
	}
	if (p->decision2) {
		/* New evidence reopens the filed case. */
		STEP(GAP_REOPEN);
		if ((rc = record_plain(d, id, EVENT_INVESTIGATION, day, "إعادة فتح البحث بناء على معطيات جديدة",
				       NULL, err)) != HIM_OK)
			return rc;
		STEP(GAP_REPORT);
		if ((rc = record_plain(d, id, EVENT_REPORT, day, NULL, NULL, err)) != HIM_OK)
			return rc;
		STEP(GAP_DECISION);
		if ((rc = record_decision(d, c, p, p->decision2, day, &decision_id, err)) != HIM_OK)
			return rc;
	}
	if (p->first) {
		STEP(GAP_JUDGMENT);
		if ((rc = record_ruling(d, id, EVENT_JUDGMENT, p->first, false, day, &first_id, err)) != HIM_OK)
			return rc;
	}
	if (p->correct_decision) {
		/* The decision was recorded as at liberty; the accused was in fact detained. */
		struct event_list evs;
		struct case_event ev;

		event_list_init(&evs);
		case_event_init(&ev);
		rc = store_case_events(d->st, &d->scope, id, &evs, err);
		for (size_t i = 0; rc == HIM_OK && i < evs.n; i++)
			if (evs.items[i].id == decision_id) {
				ev.type = EVENT_DECISION;
				ev.date = evs.items[i].date;
				ev.supersedes = decision_id;
				memcpy(ev.code, prefer(d, VOCAB_DECISION, 0, "detained")->code, CODE_MAX);
				ev.charges = evs.items[i].charges;
				ev.accused = evs.items[i].accused;
				ev.note = xstrdup("تصحيح: المتهم في حالة اعتقال");
				rc = record(d, id, &ev, err);
			}
		case_event_release(&ev);
		event_list_release(&evs);
		if (rc != HIM_OK)
			return rc;
	}
	if (p->appeal) {
		STEP(GAP_APPEAL);
		if ((rc = record_ruling(d, id, EVENT_APPEAL, p->appeal, p->first->sentence &&
					strcmp(p->first->code, "conviction") == 0, day, NULL, err)) != HIM_OK)
			return rc;
	}
	if (p->correct_first && first_id) {
		struct event_list evs;

		event_list_init(&evs);
		rc = store_case_events(d->st, &d->scope, id, &evs, err);
		for (size_t i = 0; rc == HIM_OK && i < evs.n; i++)
			if (evs.items[i].id == first_id)
				rc = record_sentence_correction(d, id, first_id, p->first, evs.items[i].date, err);
		event_list_release(&evs);
		if (rc != HIM_OK)
			return rc;
	}
	if (p->cassation) {
		STEP(GAP_CASSATION);
		if ((rc = record_ruling(d, id, EVENT_CASSATION, p->cassation, false, day, NULL, err)) != HIM_OK)
			return rc;
	}
	if (p->appeal2) {
		STEP(GAP_APPEAL);
		if ((rc = record_ruling(d, id, EVENT_APPEAL, p->appeal2, p->first->sentence &&
					strcmp(p->first->code, "conviction") == 0, day, NULL, err)) != HIM_OK)
			return rc;
	}
	if (p->cassation2) {
		STEP(GAP_CASSATION);
		if ((rc = record_ruling(d, id, EVENT_CASSATION, p->cassation2, false, day, NULL, err)) != HIM_OK)
			return rc;
	}
#undef STEP
	return HIM_OK;
}

/* Refuse a database that already holds cases, saying whose they are. */
static int demo_check_empty(struct demo *d, struct err *err)
{
	struct case_filter f;
	struct case_list l;
	int64_t n = 0;
	int rc;

	case_filter_init(&f);
	if ((rc = store_case_count(d->st, &d->scope, &f, &n, err)) != HIM_OK || n == 0)
		return rc;
	f.order = CASE_ORDER_ID;
	f.limit = 1;
	case_list_init(&l);
	rc = store_case_list(d->st, &d->scope, &f, &l, err);
	if (rc == HIM_OK) {
		if (l.n && l.items[0].created_by && strcmp(l.items[0].created_by, "demo") == 0)
			rc = err_set(err, HIM_ECONFLICT, "the database already holds demo data (%lld cases): "
				     "run demo on a new database", (long long)n);
		else
			rc = err_set(err, HIM_ECONFLICT, "the database already holds %lld cases: the demo data "
				     "set goes into an empty database only", (long long)n);
	}
	case_list_release(&l);
	return rc;
}

static int case_tally(struct demo *d, int64_t id, struct err *err)
{
	struct case_record c;
	int rc;

	case_record_init(&c);
	rc = store_case_get(d->st, &d->scope, id, &c, err);
	if (rc == HIM_OK) {
		d->report->cases++;
		if ((unsigned)c.state.stage < STAGE_COUNT)
			d->report->stages[c.state.stage]++;
		if (d->report->first_registered == DATE_NONE || c.registered < d->report->first_registered)
			d->report->first_registered = c.registered;
		if (d->report->last_registered == DATE_NONE || c.registered > d->report->last_registered)
			d->report->last_registered = c.registered;
	}
	case_record_release(&c);
	return rc;
}

static void districts_count(struct demo *d)
{
	const char *seen[DEMO_COURTS];
	int n = 0;

	/* A court that changed district counts in both: districts on the
	 * first and the last day of the data set. */
	for (size_t i = 0; i < DEMO_COURTS; i++) {
		if (!d->court_used[i])
			continue;
		d->report->courts++;
		for (int pass = 0; pass < 2; pass++) {
			const char *dist = court_map_district_on(d->map, demo_courts[i].code,
								 pass ? d->last_day : d->first_day);
			bool dup = !dist;
			for (int k = 0; k < n && !dup; k++)
				dup = strcmp(seen[k], dist) == 0;
			if (!dup && n < (int)DEMO_COURTS)
				seen[n++] = dist;
		}
	}
	d->report->districts = n;
}

int demo_generate(struct store *st, uint64_t seed, int cases, struct demo_report *report,
		  struct err *err)
{
	struct demo_report local;
	struct demo *d;
	struct plan *plans;
	size_t n;
	int rc;

	if (!report)
		report = &local;
	memset(report, 0, sizeof(*report));
	report->first_registered = report->last_registered = DATE_NONE;
	if (cases < 1 || cases > DEMO_MAX_CASES)
		return err_set(err, HIM_EINPUT, "the demo has 1 to %d cases, not %d", DEMO_MAX_CASES, cases);
	if (!store_has_reference(st))
		return err_set(err, HIM_EUSAGE, "the database has no reference data: run 'himaya init' first");

	d = xcalloc(1, sizeof(*d));
	d->st = st;
	d->v = store_vocab(st);
	d->map = store_court_map(st);
	d->scope = scope_national();
	d->rng.state = seed;
	d->report = report;
	date_parse(DEMO_FIRST_DAY, &d->first_day);
	date_parse(DEMO_LAST_DAY, &d->last_day);
	if ((rc = demo_check_empty(d, err)) != HIM_OK) {
		free(d);
		return rc;
	}
	store_set_actor(st, "demo");

	plans = xcalloc((size_t)cases, sizeof(*plans));
	n = plans_scripted(d, plans, (size_t)cases);
	for (size_t i = n; i < (size_t)cases; i++)
		plan_random(d, &plans[i]);
	for (size_t i = 0; i < (size_t)cases; i++) {
		plans[i].index = (int)i;
		plan_date(d, &plans[i]);
	}
	qsort(plans, (size_t)cases, sizeof(*plans), plan_compare);

	rc = HIM_OK;
	for (size_t i = 0; i < (size_t)cases && rc == HIM_OK; i++) {
		struct case_record c;

		case_record_init(&c);
		rc = plan_record(d, &plans[i], &c, err);
		if (rc == HIM_OK)
			rc = case_tally(d, c.id, err);
		case_record_release(&c);
	}
	if (rc == HIM_OK)
		districts_count(d);
	free(plans);
	free(d);
	return rc;
}
