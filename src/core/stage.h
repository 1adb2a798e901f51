/*
 * stage.h - the stage machine of a case.
 *
 * A case's state is the replay of its events. Replay first applies the
 * corrections (an event with `supersedes` takes the place of the event it
 * corrects, or removes it when it `retracts`), then walks the effective
 * events in order and refuses any that the procedure does not allow:
 *
 *   - dates never go backwards, never precede the registration, and are
 *     not in the future;
 *   - investigation and information reports come before the public action
 *     is started (or after a filing, which reopens the case);
 *   - one prosecution decision (pending decisions and filings may be
 *     followed by another: a filed case can be reopened);
 *   - no first-instance judgment on a filed case or before the decision;
 *   - no appeal before a first-instance judgment, no cassation before an
 *     appeal judgment, and nothing after a final cassation ruling; a
 *     cassation with remand awaits a new appeal judgment;
 *   - outcomes only at the levels their vocabulary entry allows, and a
 *     sentence only with an outcome that carries one.
 *
 * Because recording an event is "append, then replay", a correction that
 * would make a later event impossible (a decision corrected to "filed"
 * while a judgment exists) is refused like any other bad event.
 */
#ifndef HIMAYA_STAGE_H
#define HIMAYA_STAGE_H

#include "../lib/err.h"
#include "case.h"
#include "vocab.h"

/* Why an event was refused, so front ends can say it in Arabic or French. */
enum stage_refusal {
	REFUSE_NONE,
	REFUSE_DATE_MISSING,
	REFUSE_DATE_FUTURE,
	REFUSE_DATE_BEFORE_REGISTRATION,
	REFUSE_DATE_BACKWARDS,
	REFUSE_FIELD_NOT_ALLOWED,
	REFUSE_INVESTIGATION_AFTER_PROSECUTION,
	REFUSE_DECISION_UNKNOWN,
	REFUSE_DECISION_ALREADY_TAKEN,
	REFUSE_REASON_REQUIRED,
	REFUSE_REASON_UNKNOWN,
	REFUSE_CHARGE_UNKNOWN,
	REFUSE_ACCUSED_INVALID,
	REFUSE_JUDGMENT_WITHOUT_DECISION,
	REFUSE_JUDGMENT_ON_FILED_CASE,
	REFUSE_JUDGMENT_TWICE,
	REFUSE_APPEAL_BEFORE_JUDGMENT,
	REFUSE_APPEAL_TWICE,
	REFUSE_CASSATION_BEFORE_APPEAL,
	REFUSE_CASSATION_TWICE,
	REFUSE_CASE_CLOSED,
	REFUSE_OUTCOME_UNKNOWN,
	REFUSE_OUTCOME_LEVEL,
	REFUSE_OUTCOME_PENDING,
	REFUSE_SENTENCE_NOT_ALLOWED,
	REFUSE_SENTENCE_INVALID,
	REFUSE_CORRECTION_TARGET,
	REFUSE_CORRECTION_TYPE,
	REFUSE_COUNT
};

const char *stage_refusal_name(enum stage_refusal why);
const char *stage_refusal_text(enum stage_refusal why, enum lang lang);

/*
 * Replay events[0..n) (in the order they were recorded) of case c and
 * fill *out. today (or DATE_NONE to skip the check) bounds event dates.
 * On refusal returns HIM_EINPUT, sets *why (if not NULL) and an English
 * message naming the event.
 */
int stage_replay(const struct vocab *v, const struct case_record *c,
		 const struct case_event *const *events, size_t n, date_t today,
		 struct case_state *out, enum stage_refusal *why, struct err *err);

/*
 * Would recording ev after the events already recorded be allowed? Same
 * contract as stage_replay, for the list with ev appended; *out is the
 * state the case would then have.
 */
int stage_check_append(const struct vocab *v, const struct case_record *c,
		       const struct event_list *recorded, const struct case_event *ev,
		       date_t today, struct case_state *out, enum stage_refusal *why,
		       struct err *err);

#endif
