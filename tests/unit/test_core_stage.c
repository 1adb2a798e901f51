/*
 * Unit tests of the stage machine: every event type from every stage
 * (allowed or refused, and why), the date rules, corrections, reopening,
 * remand, outcome levels and sentences.
 */
#include "testutil.h"

#include "core/stage.h"

static struct vocab V;

static int setup(void **state)
{
	(void)state;
	test_load_vocab(&V);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	vocab_release(&V);
	return 0;
}

/* A case registered on 2021-01-10, and a growing list of recorded events. */
struct fixture {
	struct case_record c;
	struct event_list events;
	int64_t next_id;
};

static void fx_init(struct fixture *fx)
{
	case_record_init(&fx->c);
	fx->c.registered = D("2021-01-10");
	event_list_init(&fx->events);
	fx->next_id = 1;
}

static void fx_release(struct fixture *fx)
{
	event_list_release(&fx->events);
	case_record_release(&fx->c);
}

static struct case_event mk(enum event_type type, const char *date, const char *code)
{
	struct case_event ev;
	case_event_init(&ev);
	ev.type = type;
	ev.date = date ? D(date) : DATE_NONE;
	if (code)
		memcpy(ev.code, code, strlen(code) + 1);
	return ev;
}

/* Try to append ev; on success record it (with an id) and return HIM_OK. */
static int fx_try(struct fixture *fx, struct case_event ev, struct case_state *st, enum stage_refusal *why)
{
	struct err err = ERR_INIT;
	int rc;

	ev.id = fx->next_id; /* as the store does, so the state names it */
	rc = stage_check_append(&V, &fx->c, &fx->events, &ev, D("2026-01-01"), st, why, &err);
	if (rc == HIM_OK) {
		struct case_event *rec = event_list_push(&fx->events);
		*rec = ev;
		fx->next_id++;
	} else {
		assert_int_equal(rc, HIM_EINPUT);
		assert_true(strlen(err.msg) > 0);
		case_event_release(&ev);
	}
	return rc;
}

static void fx_ok(struct fixture *fx, struct case_event ev, struct case_state *st)
{
	enum stage_refusal why = REFUSE_NONE;
	int rc = fx_try(fx, ev, st, &why);
	if (rc != HIM_OK)
		fail_msg("expected the event to be accepted, refused: %s", stage_refusal_name(why));
}

static void fx_refused(struct fixture *fx, struct case_event ev, enum stage_refusal expected)
{
	enum stage_refusal why = REFUSE_NONE;
	struct case_state st;
	size_t before = fx->events.n;
	int rc = fx_try(fx, ev, &st, &why);
	if (rc == HIM_OK)
		fail_msg("expected refusal %s, the event was accepted", stage_refusal_name(expected));
	if (why != expected)
		fail_msg("expected refusal %s, got %s", stage_refusal_name(expected), stage_refusal_name(why));
	assert_int_equal(fx->events.n, before);
}

static struct case_event filing(const char *date)
{
	struct case_event ev = mk(EVENT_DECISION, date, "filed");
	memcpy(ev.reason, "no_crime", sizeof("no_crime"));
	return ev;
}

/* Bring the fixture to a stage through the canonical path. */
static void reach(struct fixture *fx, enum case_stage stage)
{
	struct case_state st;

	switch (stage) {
	case STAGE_REGISTERED:
		return;
	case STAGE_INVESTIGATION:
		fx_ok(fx, mk(EVENT_INVESTIGATION, "2021-02-01", NULL), &st);
		break;
	case STAGE_FILED:
		fx_ok(fx, filing("2021-02-01"), &st);
		break;
	case STAGE_PROSECUTED:
		fx_ok(fx, mk(EVENT_DECISION, "2021-02-01", "detained"), &st);
		break;
	case STAGE_FIRST_JUDGED:
		reach(fx, STAGE_PROSECUTED);
		fx_ok(fx, mk(EVENT_JUDGMENT, "2021-03-01", "conviction"), &st);
		break;
	case STAGE_APPEAL_JUDGED:
		reach(fx, STAGE_FIRST_JUDGED);
		fx_ok(fx, mk(EVENT_APPEAL, "2021-04-01", "upheld"), &st);
		break;
	case STAGE_REMANDED:
		reach(fx, STAGE_APPEAL_JUDGED);
		fx_ok(fx, mk(EVENT_CASSATION, "2021-05-01", "quashed"), &st);
		break;
	case STAGE_CASSATION_RULED:
		reach(fx, STAGE_APPEAL_JUDGED);
		fx_ok(fx, mk(EVENT_CASSATION, "2021-05-01", "rejected"), &st);
		break;
	default:
		fail_msg("no path to stage %d", stage);
	}
	assert_int_equal(st.stage, stage);
}

enum probe { P_INVESTIGATION, P_REPORT, P_DECIDE, P_DECIDE_PENDING, P_FILE, P_JUDGMENT, P_APPEAL,
	     P_CASSATION, P_COUNT };

static struct case_event probe_event(enum probe p)
{
	const char *date = "2021-06-01"; /* after every event of reach() */
	switch (p) {
	case P_INVESTIGATION: return mk(EVENT_INVESTIGATION, date, NULL);
	case P_REPORT: return mk(EVENT_REPORT, date, NULL);
	case P_DECIDE: return mk(EVENT_DECISION, date, "at_liberty");
	case P_DECIDE_PENDING: return mk(EVENT_DECISION, date, "investigating");
	case P_FILE: return filing(date);
	case P_JUDGMENT: return mk(EVENT_JUDGMENT, date, "acquittal");
	case P_APPEAL: return mk(EVENT_APPEAL, date, "reversed");
	case P_CASSATION: return mk(EVENT_CASSATION, date, "inadmissible");
	case P_COUNT: break;
	}
	return mk(EVENT_REPORT, date, NULL);
}

#define OK(stage) { true, REFUSE_NONE, stage }
#define NO(why) { false, why, 0 }
struct expect {
	bool allowed;
	enum stage_refusal why;
	enum case_stage then;
};

/* The whole transition table: rows are stages, columns probes. */
static const struct expect table[STAGE_COUNT][P_COUNT] = {
	[STAGE_REGISTERED] = {
		OK(STAGE_INVESTIGATION), OK(STAGE_INVESTIGATION), OK(STAGE_PROSECUTED), OK(STAGE_INVESTIGATION),
		OK(STAGE_FILED), NO(REFUSE_JUDGMENT_WITHOUT_DECISION), NO(REFUSE_APPEAL_BEFORE_JUDGMENT),
		NO(REFUSE_CASSATION_BEFORE_APPEAL) },
	[STAGE_INVESTIGATION] = {
		OK(STAGE_INVESTIGATION), OK(STAGE_INVESTIGATION), OK(STAGE_PROSECUTED), OK(STAGE_INVESTIGATION),
		OK(STAGE_FILED), NO(REFUSE_JUDGMENT_WITHOUT_DECISION), NO(REFUSE_APPEAL_BEFORE_JUDGMENT),
		NO(REFUSE_CASSATION_BEFORE_APPEAL) },
	[STAGE_FILED] = {
		OK(STAGE_INVESTIGATION), OK(STAGE_INVESTIGATION), OK(STAGE_PROSECUTED), OK(STAGE_INVESTIGATION),
		OK(STAGE_FILED), NO(REFUSE_JUDGMENT_ON_FILED_CASE), NO(REFUSE_APPEAL_BEFORE_JUDGMENT),
		NO(REFUSE_CASSATION_BEFORE_APPEAL) },
	[STAGE_PROSECUTED] = {
		NO(REFUSE_INVESTIGATION_AFTER_PROSECUTION), NO(REFUSE_INVESTIGATION_AFTER_PROSECUTION),
		NO(REFUSE_DECISION_ALREADY_TAKEN), NO(REFUSE_DECISION_ALREADY_TAKEN), NO(REFUSE_DECISION_ALREADY_TAKEN),
		OK(STAGE_FIRST_JUDGED), NO(REFUSE_APPEAL_BEFORE_JUDGMENT), NO(REFUSE_CASSATION_BEFORE_APPEAL) },
	[STAGE_FIRST_JUDGED] = {
		NO(REFUSE_INVESTIGATION_AFTER_PROSECUTION), NO(REFUSE_INVESTIGATION_AFTER_PROSECUTION),
		NO(REFUSE_DECISION_ALREADY_TAKEN), NO(REFUSE_DECISION_ALREADY_TAKEN), NO(REFUSE_DECISION_ALREADY_TAKEN),
		NO(REFUSE_JUDGMENT_TWICE), OK(STAGE_APPEAL_JUDGED), NO(REFUSE_CASSATION_BEFORE_APPEAL) },
	[STAGE_APPEAL_JUDGED] = {
		NO(REFUSE_INVESTIGATION_AFTER_PROSECUTION), NO(REFUSE_INVESTIGATION_AFTER_PROSECUTION),
		NO(REFUSE_DECISION_ALREADY_TAKEN), NO(REFUSE_DECISION_ALREADY_TAKEN), NO(REFUSE_DECISION_ALREADY_TAKEN),
		NO(REFUSE_JUDGMENT_TWICE), NO(REFUSE_APPEAL_TWICE), OK(STAGE_CASSATION_RULED) },
	[STAGE_REMANDED] = {
		NO(REFUSE_INVESTIGATION_AFTER_PROSECUTION), NO(REFUSE_INVESTIGATION_AFTER_PROSECUTION),
		NO(REFUSE_DECISION_ALREADY_TAKEN), NO(REFUSE_DECISION_ALREADY_TAKEN), NO(REFUSE_DECISION_ALREADY_TAKEN),
		NO(REFUSE_JUDGMENT_TWICE), OK(STAGE_APPEAL_JUDGED), NO(REFUSE_CASSATION_BEFORE_APPEAL) },
	[STAGE_CASSATION_RULED] = {
		NO(REFUSE_CASE_CLOSED), NO(REFUSE_CASE_CLOSED), NO(REFUSE_CASE_CLOSED), NO(REFUSE_CASE_CLOSED),
		NO(REFUSE_CASE_CLOSED), NO(REFUSE_CASE_CLOSED), NO(REFUSE_CASE_CLOSED), NO(REFUSE_CASE_CLOSED) },
};

static void every_transition(void **state)
{
	(void)state;
	for (int s = 0; s < STAGE_COUNT; s++) {
		for (int p = 0; p < P_COUNT; p++) {
			struct fixture fx;
			const struct expect *e = &table[s][p];

			fx_init(&fx);
			reach(&fx, (enum case_stage)s);
			if (e->allowed) {
				struct case_state st;
				fx_ok(&fx, probe_event((enum probe)p), &st);
				if (st.stage != e->then)
					fail_msg("stage %s, probe %d: expected stage %s, got %s",
						 case_stage_name((enum case_stage)s), p,
						 case_stage_name(e->then), case_stage_name(st.stage));
			} else {
				fx_refused(&fx, probe_event((enum probe)p), e->why);
			}
			fx_release(&fx);
		}
	}
}

static void dates_never_go_backwards(void **state)
{
	(void)state;
	struct fixture fx;
	struct case_state st;

	fx_init(&fx);
	fx_refused(&fx, mk(EVENT_REPORT, "2021-01-09", NULL), REFUSE_DATE_BEFORE_REGISTRATION);
	fx_refused(&fx, mk(EVENT_REPORT, NULL, NULL), REFUSE_DATE_MISSING);
	fx_refused(&fx, mk(EVENT_REPORT, "2026-01-02", NULL), REFUSE_DATE_FUTURE);
	fx_ok(&fx, mk(EVENT_REPORT, "2021-01-10", NULL), &st); /* same day as registration */
	fx_ok(&fx, mk(EVENT_DECISION, "2021-03-01", "detained"), &st);
	fx_refused(&fx, mk(EVENT_JUDGMENT, "2021-02-28", "conviction"), REFUSE_DATE_BACKWARDS);
	fx_ok(&fx, mk(EVENT_JUDGMENT, "2021-03-01", "conviction"), &st); /* same day is fine */
	assert_int_equal(st.last_event_date, D("2021-03-01"));
	assert_int_equal(st.effective_events, 3);
	fx_release(&fx);
}

static void outcomes_belong_to_their_level(void **state)
{
	(void)state;
	struct fixture fx;
	struct case_state st;

	fx_init(&fx);
	reach(&fx, STAGE_PROSECUTED);
	fx_refused(&fx, mk(EVENT_JUDGMENT, "2021-03-01", "upheld"), REFUSE_OUTCOME_LEVEL);
	fx_refused(&fx, mk(EVENT_JUDGMENT, "2021-03-01", "rejected"), REFUSE_OUTCOME_LEVEL);
	fx_refused(&fx, mk(EVENT_JUDGMENT, "2021-03-01", "pending"), REFUSE_OUTCOME_PENDING);
	fx_refused(&fx, mk(EVENT_JUDGMENT, "2021-03-01", "nonsense"), REFUSE_OUTCOME_UNKNOWN);
	fx_refused(&fx, mk(EVENT_JUDGMENT, "2021-03-01", NULL), REFUSE_OUTCOME_UNKNOWN);
	fx_ok(&fx, mk(EVENT_JUDGMENT, "2021-03-01", "conviction"), &st);
	fx_refused(&fx, mk(EVENT_APPEAL, "2021-04-01", "quashed"), REFUSE_OUTCOME_LEVEL);
	fx_ok(&fx, mk(EVENT_APPEAL, "2021-04-01", "modified"), &st);
	fx_refused(&fx, mk(EVENT_CASSATION, "2021-05-01", "conviction"), REFUSE_OUTCOME_LEVEL);
	fx_ok(&fx, mk(EVENT_CASSATION, "2021-05-01", "quashed_final"), &st);
	assert_int_equal(st.stage, STAGE_CASSATION_RULED);
	assert_string_equal(st.first.code, "conviction");
	assert_string_equal(st.appeal.code, "modified");
	assert_string_equal(st.cassation.code, "quashed_final");
	fx_release(&fx);
}

static void sentences(void **state)
{
	(void)state;
	struct fixture fx;
	struct case_state st;
	struct case_event ev;

	fx_init(&fx);
	reach(&fx, STAGE_PROSECUTED);
	ev = mk(EVENT_JUDGMENT, "2021-03-01", "acquittal");
	ev.sentence.prison_months = 6;
	fx_refused(&fx, ev, REFUSE_SENTENCE_NOT_ALLOWED);
	ev = mk(EVENT_JUDGMENT, "2021-03-01", "conviction");
	ev.sentence.prison_months = 6;
	ev.sentence.suspended_months = 12;
	fx_refused(&fx, ev, REFUSE_SENTENCE_INVALID);
	ev = mk(EVENT_JUDGMENT, "2021-03-01", "conviction");
	ev.sentence.fine_mad = -5;
	fx_refused(&fx, ev, REFUSE_SENTENCE_INVALID);
	ev = mk(EVENT_JUDGMENT, "2021-03-01", "conviction");
	ev.sentence.prison_months = 24;
	ev.sentence.suspended_months = 6;
	ev.sentence.fine_mad = 5000;
	fx_ok(&fx, ev, &st);
	assert_int_equal(st.first.sentence.prison_months, 24);
	assert_int_equal(st.first.sentence.suspended_months, 6);
	assert_int_equal(st.first.sentence.fine_mad, 5000);
	assert_int_equal(st.first.date, D("2021-03-01"));
	fx_release(&fx);
}

static void decisions_and_their_fields(void **state)
{
	(void)state;
	struct fixture fx;
	struct case_state st;
	struct case_event ev;

	fx_init(&fx);
	fx_refused(&fx, mk(EVENT_DECISION, "2021-02-01", "hanged"), REFUSE_DECISION_UNKNOWN);
	fx_refused(&fx, mk(EVENT_DECISION, "2021-02-01", "filed"), REFUSE_REASON_REQUIRED);
	ev = mk(EVENT_DECISION, "2021-02-01", "filed");
	memcpy(ev.reason, "bogus", 6);
	fx_refused(&fx, ev, REFUSE_REASON_UNKNOWN);
	ev = mk(EVENT_DECISION, "2021-02-01", "detained");
	memcpy(ev.reason, "no_crime", 9);
	fx_refused(&fx, ev, REFUSE_FIELD_NOT_ALLOWED);
	ev = mk(EVENT_DECISION, "2021-02-01", "filed");
	ev.note = strdup("the platform's report concerned an adult");
	fx_ok(&fx, ev, &st); /* a written reason will do */
	assert_int_equal(st.stage, STAGE_FILED);
	fx_release(&fx);

	fx_init(&fx);
	fx_ok(&fx, mk(EVENT_DECISION, "2021-02-01", "unknown_author"), &st); /* its reason is its name */
	fx_release(&fx);

	fx_init(&fx);
	ev = mk(EVENT_DECISION, "2021-02-01", "juvenile");
	code_list_add(&ev.charges, "nonexistent");
	fx_refused(&fx, ev, REFUSE_CHARGE_UNKNOWN);
	ev = mk(EVENT_DECISION, "2021-02-01", "juvenile");
	ev.accused = 0;
	fx_refused(&fx, ev, REFUSE_ACCUSED_INVALID);
	ev = mk(EVENT_DECISION, "2021-02-01", "filed");
	memcpy(ev.reason, "no_crime", 9);
	ev.accused = 2;
	fx_refused(&fx, ev, REFUSE_FIELD_NOT_ALLOWED);
	ev = mk(EVENT_DECISION, "2021-02-01", "juvenile");
	code_list_add(&ev.charges, "csam_possession");
	code_list_add(&ev.charges, "sextortion");
	ev.accused = 2;
	fx_ok(&fx, ev, &st);
	assert_string_equal(st.decision, "juvenile");
	assert_int_equal(st.decision_event_id, 1);
	fx_refused(&fx, mk(EVENT_REPORT, "2021-02-02", NULL), REFUSE_INVESTIGATION_AFTER_PROSECUTION);
	fx_release(&fx);

	fx_init(&fx);
	fx_refused(&fx, mk(EVENT_REPORT, "2021-02-02", "conviction"), REFUSE_FIELD_NOT_ALLOWED);
	ev = mk(EVENT_JUDGMENT, "2021-03-01", "conviction");
	fx_ok(&fx, mk(EVENT_DECISION, "2021-02-01", "detained"), &st);
	ev.accused = 1;
	fx_refused(&fx, ev, REFUSE_FIELD_NOT_ALLOWED);
	fx_release(&fx);
}

static void filed_case_reopens(void **state)
{
	(void)state;
	struct fixture fx;
	struct case_state st;

	fx_init(&fx);
	fx_ok(&fx, filing("2021-02-01"), &st);
	assert_string_equal(st.decision, "filed");
	fx_ok(&fx, mk(EVENT_REPORT, "2021-05-01", NULL), &st);
	assert_int_equal(st.stage, STAGE_INVESTIGATION);
	assert_string_equal(st.decision, "");
	fx_ok(&fx, mk(EVENT_DECISION, "2021-06-01", "at_liberty"), &st);
	fx_ok(&fx, mk(EVENT_JUDGMENT, "2021-09-01", "conviction"), &st);
	assert_int_equal(st.stage, STAGE_FIRST_JUDGED);
	fx_release(&fx);
}

static void remand_clears_quashed_appeal(void **state)
{
	(void)state;
	struct fixture fx;
	struct case_state st;

	fx_init(&fx);
	reach(&fx, STAGE_APPEAL_JUDGED);
	fx_ok(&fx, mk(EVENT_CASSATION, "2021-05-01", "quashed"), &st);
	assert_int_equal(st.stage, STAGE_REMANDED);
	assert_string_equal(st.appeal.code, "");
	assert_string_equal(st.cassation.code, "quashed");
	fx_ok(&fx, mk(EVENT_APPEAL, "2021-08-01", "reversed"), &st);
	assert_string_equal(st.appeal.code, "reversed");
	assert_int_equal(st.stage, STAGE_APPEAL_JUDGED);
	fx_ok(&fx, mk(EVENT_CASSATION, "2021-11-01", "rejected"), &st);
	assert_string_equal(st.cassation.code, "rejected");
	assert_int_equal(st.stage, STAGE_CASSATION_RULED);
	fx_release(&fx);
}

static struct case_event correction(struct case_event ev, int64_t target)
{
	ev.supersedes = target;
	return ev;
}

static void corrections_replace_without_overwriting(void **state)
{
	(void)state;
	struct fixture fx;
	struct case_state st;
	struct case_event ev;

	fx_init(&fx);
	fx_ok(&fx, mk(EVENT_DECISION, "2021-02-01", "detained"), &st);      /* 1 */
	fx_ok(&fx, mk(EVENT_JUDGMENT, "2021-03-01", "acquittal"), &st);     /* 2 */
	ev = mk(EVENT_JUDGMENT, "2021-03-02", "conviction");
	ev.sentence.prison_months = 12;
	fx_ok(&fx, correction(ev, 2), &st);                                 /* 3 */
	assert_string_equal(st.first.code, "conviction");
	assert_int_equal(st.first.event_id, 3);
	assert_int_equal(st.effective_events, 2);
	assert_int_equal(fx.events.n, 3); /* the history stays */

	/* An event can be superseded once; correct the correction instead. */
	fx_refused(&fx, correction(mk(EVENT_JUDGMENT, "2021-03-02", "acquittal"), 2), REFUSE_CORRECTION_TARGET);
	fx_ok(&fx, correction(mk(EVENT_JUDGMENT, "2021-03-02", "extinguished"), 3), &st); /* 4 */
	assert_string_equal(st.first.code, "extinguished");

	fx_refused(&fx, correction(mk(EVENT_APPEAL, "2021-03-02", "upheld"), 4), REFUSE_CORRECTION_TYPE);
	fx_refused(&fx, correction(mk(EVENT_JUDGMENT, "2021-03-02", "acquittal"), 99), REFUSE_CORRECTION_TARGET);

	/* A correction keeps its target's place: its date must still fit. */
	fx_ok(&fx, mk(EVENT_APPEAL, "2021-06-01", "upheld"), &st);          /* 5 */
	fx_refused(&fx, correction(mk(EVENT_JUDGMENT, "2021-07-01", "acquittal"), 4), REFUSE_DATE_BACKWARDS);

	/* Correcting the decision to a filing would leave a judgment on a
	 * filed case: refused, though the correction itself is well formed. */
	fx_refused(&fx, correction(filing("2021-02-01"), 1), REFUSE_JUDGMENT_ON_FILED_CASE);
	fx_release(&fx);
}

static void retraction_removes_an_event(void **state)
{
	(void)state;
	struct fixture fx;
	struct case_state st;
	struct case_event ev;

	fx_init(&fx);
	reach(&fx, STAGE_APPEAL_JUDGED); /* 1 decision, 2 judgment, 3 appeal */
	ev = correction(mk(EVENT_APPEAL, "2021-04-01", "upheld"), 3);
	ev.retracts = true;
	fx_ok(&fx, ev, &st);
	assert_int_equal(st.stage, STAGE_FIRST_JUDGED);
	assert_string_equal(st.appeal.code, "");
	/* Retracting the judgment while an appeal stands is refused. */
	fx_ok(&fx, mk(EVENT_APPEAL, "2021-07-01", "reversed"), &st); /* 5 */
	ev = correction(mk(EVENT_JUDGMENT, "2021-03-01", "conviction"), 2);
	ev.retracts = true;
	fx_refused(&fx, ev, REFUSE_APPEAL_BEFORE_JUDGMENT);
	/* A retracted event cannot be corrected again. */
	fx_refused(&fx, correction(mk(EVENT_APPEAL, "2021-04-01", "upheld"), 4), REFUSE_CORRECTION_TARGET);
	/* A retraction dated after today (2026-01-01 here) is refused too,
	 * though it stands in no slot of the timeline. */
	ev = correction(mk(EVENT_APPEAL, "2027-01-01", "reversed"), 5);
	ev.retracts = true;
	fx_refused(&fx, ev, REFUSE_DATE_FUTURE);
	fx_release(&fx);
}

static void refusal_texts_exist_in_every_language(void **state)
{
	(void)state;
	for (int i = 1; i < REFUSE_COUNT; i++) {
		assert_true(strlen(stage_refusal_text((enum stage_refusal)i, LANG_AR)) > 0);
		assert_true(strlen(stage_refusal_text((enum stage_refusal)i, LANG_FR)) > 0);
		assert_true(strlen(stage_refusal_text((enum stage_refusal)i, LANG_EN)) > 0);
		assert_string_not_equal(stage_refusal_name((enum stage_refusal)i), "?");
	}
	for (int s = 0; s < STAGE_COUNT; s++) {
		enum case_stage back;
		assert_true(case_stage_parse(case_stage_name((enum case_stage)s), &back));
		assert_int_equal(back, s);
		assert_true(strlen(case_stage_label((enum case_stage)s, LANG_AR)) > 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_transition),
		cmocka_unit_test(dates_never_go_backwards),
		cmocka_unit_test(outcomes_belong_to_their_level),
		cmocka_unit_test(sentences),
		cmocka_unit_test(decisions_and_their_fields),
		cmocka_unit_test(filed_case_reopens),
		cmocka_unit_test(remand_clears_quashed_appeal),
		cmocka_unit_test(corrections_replace_without_overwriting),
		cmocka_unit_test(retraction_removes_an_event),
		cmocka_unit_test(refusal_texts_exist_in_every_language),
	};
	return cmocka_run_group_tests_name("stage", tests, setup, teardown);
}
