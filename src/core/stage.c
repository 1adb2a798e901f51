/*
 * stage.c - replaying a case's events through the rules of procedure.
 */
#include "stage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/banned.h"

struct refusal_text {
	const char *name, *en, *ar, *fr;
};

static const struct refusal_text refusals[REFUSE_COUNT] = {
	[REFUSE_NONE] = { "none", "", "", "" },
	[REFUSE_DATE_MISSING] = { "date_missing", "the event needs a date",
		"يجب تحديد تاريخ الإجراء", "la date de l'acte est obligatoire" },
	[REFUSE_DATE_FUTURE] = { "date_future", "the date is in the future",
		"التاريخ لاحق لتاريخ اليوم", "la date est dans le futur" },
	[REFUSE_DATE_BEFORE_REGISTRATION] = { "date_before_registration",
		"the date is before the case was registered",
		"التاريخ سابق لتاريخ تسجيل القضية", "la date précède l'enregistrement de l'affaire" },
	[REFUSE_DATE_BACKWARDS] = { "date_backwards", "the date is before the previous event's date",
		"التاريخ سابق لتاريخ الإجراء السابق", "la date précède celle de l'acte précédent" },
	[REFUSE_FIELD_NOT_ALLOWED] = { "field_not_allowed", "this kind of event takes no such field",
		"هذا الإجراء لا يقبل هذه المعطيات", "ce type d'acte n'accepte pas ce champ" },
	[REFUSE_INVESTIGATION_AFTER_PROSECUTION] = { "investigation_after_prosecution",
		"the public action has already been started",
		"سبق تحريك الدعوى العمومية", "l'action publique est déjà mise en mouvement" },
	[REFUSE_DECISION_UNKNOWN] = { "decision_unknown", "unknown prosecution decision",
		"قرار النيابة العامة غير معروف", "décision du parquet inconnue" },
	[REFUSE_DECISION_ALREADY_TAKEN] = { "decision_already_taken",
		"a prosecution decision is already recorded; record a correction to change it",
		"سبق تسجيل قرار المتابعة، ويمكن تصحيحه بإجراء تصحيحي",
		"une décision de poursuite est déjà enregistrée ; enregistrez une rectification" },
	[REFUSE_REASON_REQUIRED] = { "reason_required", "a filing must give its reason",
		"يجب بيان سبب الحفظ", "le classement doit être motivé" },
	[REFUSE_REASON_UNKNOWN] = { "reason_unknown", "unknown reason for filing",
		"سبب الحفظ غير معروف", "motif de classement inconnu" },
	[REFUSE_CHARGE_UNKNOWN] = { "charge_unknown", "unknown charge",
		"التهمة غير معروفة", "chef d'accusation inconnu" },
	[REFUSE_ACCUSED_INVALID] = { "accused_invalid", "the number of accused must be at least 1",
		"يجب أن يكون عدد المتابعين واحدا على الأقل", "le nombre de poursuivis doit être au moins 1" },
	[REFUSE_JUDGMENT_WITHOUT_DECISION] = { "judgment_without_decision",
		"no judgment before a decision to prosecute",
		"لا حكم قبل قرار المتابعة", "pas de jugement avant la décision de poursuite" },
	[REFUSE_JUDGMENT_ON_FILED_CASE] = { "judgment_on_filed_case", "no judgment on a filed case",
		"لا حكم في قضية محفوظة", "pas de jugement dans une affaire classée" },
	[REFUSE_JUDGMENT_TWICE] = { "judgment_twice",
		"the first-instance judgment is already recorded; record a correction to change it",
		"سبق تسجيل الحكم الابتدائي، ويمكن تصحيحه بإجراء تصحيحي",
		"le jugement de première instance est déjà enregistré ; enregistrez une rectification" },
	[REFUSE_APPEAL_BEFORE_JUDGMENT] = { "appeal_before_judgment",
		"no appeal judgment before a first-instance judgment",
		"لا قرار استئنافي قبل صدور الحكم الابتدائي", "pas d'arrêt d'appel avant le jugement de première instance" },
	[REFUSE_APPEAL_TWICE] = { "appeal_twice",
		"the appeal judgment is already recorded; record a correction to change it",
		"سبق تسجيل القرار الاستئنافي، ويمكن تصحيحه بإجراء تصحيحي",
		"l'arrêt d'appel est déjà enregistré ; enregistrez une rectification" },
	[REFUSE_CASSATION_BEFORE_APPEAL] = { "cassation_before_appeal",
		"no cassation ruling before an appeal judgment",
		"لا قرار لمحكمة النقض قبل صدور القرار الاستئنافي", "pas d'arrêt de cassation avant l'arrêt d'appel" },
	[REFUSE_CASSATION_TWICE] = { "cassation_twice",
		"the cassation ruling is already recorded; record a correction to change it",
		"سبق تسجيل قرار محكمة النقض، ويمكن تصحيحه بإجراء تصحيحي",
		"l'arrêt de cassation est déjà enregistré ; enregistrez une rectification" },
	[REFUSE_CASE_CLOSED] = { "case_closed", "the Court of Cassation has ruled finally; nothing can follow",
		"صدر قرار نهائي لمحكمة النقض، ولا يمكن تسجيل أي إجراء بعده",
		"la Cour de cassation a statué définitivement ; aucun acte ne peut suivre" },
	[REFUSE_OUTCOME_UNKNOWN] = { "outcome_unknown", "unknown outcome",
		"منطوق الحكم غير معروف", "issue inconnue" },
	[REFUSE_OUTCOME_LEVEL] = { "outcome_level", "this outcome cannot be given at this level",
		"هذا المنطوق لا يصدر في هذه الدرجة", "cette issue n'existe pas à ce degré" },
	[REFUSE_OUTCOME_PENDING] = { "outcome_pending",
		"'pending' is the absence of a ruling; record the ruling when it is given",
		"\"رائجة\" تعني عدم صدور حكم بعد؛ يسجل الحكم عند صدوره",
		"« en cours » signifie l'absence de décision ; enregistrez la décision rendue" },
	[REFUSE_SENTENCE_NOT_ALLOWED] = { "sentence_not_allowed", "this outcome carries no sentence",
		"هذا المنطوق لا يتضمن عقوبة", "cette issue ne comporte pas de peine" },
	[REFUSE_SENTENCE_INVALID] = { "sentence_invalid",
		"a sentence needs non-negative figures, and no more suspended months than prison months",
		"يجب أن تكون العقوبة أرقاما موجبة وألا تتجاوز مدة الموقوف مدة الحبس",
		"la peine doit être positive et le sursis ne peut dépasser l'emprisonnement" },
	[REFUSE_CORRECTION_TARGET] = { "correction_target",
		"a correction must supersede an earlier event of this case that is not already superseded",
		"يجب أن ينصب التصحيح على إجراء سابق في نفس القضية لم يسبق تصحيحه",
		"une rectification doit viser un acte antérieur de l'affaire non encore rectifié" },
	[REFUSE_CORRECTION_TYPE] = { "correction_type",
		"a correction must be of the same kind as the event it corrects (retract it and record a new one instead)",
		"يجب أن يكون التصحيح من نفس نوع الإجراء المصحح",
		"une rectification doit être du même type que l'acte rectifié" },
};

const char *stage_refusal_name(enum stage_refusal why)
{
	return (unsigned)why < REFUSE_COUNT ? refusals[why].name : "?";
}

const char *stage_refusal_text(enum stage_refusal why, enum lang lang)
{
	if ((unsigned)why >= REFUSE_COUNT)
		return "?";
	switch (lang) {
	case LANG_AR: return refusals[why].ar;
	case LANG_FR: return refusals[why].fr;
	case LANG_EN: return refusals[why].en;
	}
	return refusals[why].en;
}

/* Refuse ev with reason why; the message names the event. */
static int refuse(const struct case_event *ev, enum stage_refusal why, enum stage_refusal *whyp,
		  struct err *err, const char *detail)
{
	char day[DATE_ISO_LEN];
	char who[64];

	if (whyp)
		*whyp = why;
	date_format(ev->date, day);
	if (ev->id)
		snprintf(who, sizeof(who), "event %lld", (long long)ev->id);
	else
		snprintf(who, sizeof(who), "new event");
	return err_set(err, HIM_EINPUT, "%s (%s%s%s%s): %s%s%s", who,
		       ev->supersedes ? "correction of " : "", event_type_name(ev->type),
		       day[0] ? " of " : "", day, refusals[why].en,
		       detail ? ": " : "", detail ? detail : "");
}

static bool sentence_ok(const struct sentence *s)
{
	if (s->prison_months < -1 || s->suspended_months < -1 || s->fine_mad < -1)
		return false;
	if (s->suspended_months >= 0 && s->suspended_months > (s->prison_months < 0 ? 0 : s->prison_months))
		return false;
	return true;
}

/* Shared checks of a ruling at one level: outcome and sentence. */
static int check_outcome(const struct vocab *v, const struct case_event *ev, unsigned level,
			 const struct vocab_entry **outp, enum stage_refusal *why, struct err *err)
{
	const struct vocab_entry *o = vocab_find(v, VOCAB_OUTCOME, ev->code);

	if (!o)
		return refuse(ev, REFUSE_OUTCOME_UNKNOWN, why, err, ev->code[0] ? ev->code : "none given");
	if (o->pending)
		return refuse(ev, REFUSE_OUTCOME_PENDING, why, err, NULL);
	if (!(o->levels & level))
		return refuse(ev, REFUSE_OUTCOME_LEVEL, why, err, o->code);
	if (sentence_given(&ev->sentence) && !o->sentence)
		return refuse(ev, REFUSE_SENTENCE_NOT_ALLOWED, why, err, o->code);
	if (!sentence_ok(&ev->sentence))
		return refuse(ev, REFUSE_SENTENCE_INVALID, why, err, NULL);
	if (ev->reason[0] || ev->charges.n || ev->accused != -1)
		return refuse(ev, REFUSE_FIELD_NOT_ALLOWED, why, err, "reason, charges or accused on a ruling");
	*outp = o;
	return HIM_OK;
}

static void set_level(struct level_outcome *lo, const struct vocab_entry *o, const struct case_event *ev)
{
	memcpy(lo->code, o->code, sizeof(lo->code));
	lo->date = ev->date;
	lo->date_inferred = ev->date_inferred;
	lo->sentence = ev->sentence;
	lo->event_id = ev->id;
}

static void clear_level(struct level_outcome *lo)
{
	lo->code[0] = '\0';
	lo->date = DATE_NONE;
	lo->date_inferred = false;
	lo->sentence.prison_months = lo->sentence.suspended_months = -1;
	lo->sentence.fine_mad = -1;
	lo->event_id = 0;
}

static int apply_decision(const struct vocab *v, struct case_state *st, const struct case_event *ev,
			  enum stage_refusal *why, struct err *err)
{
	const struct vocab_entry *d = vocab_find(v, VOCAB_DECISION, ev->code);

	if (!d)
		return refuse(ev, REFUSE_DECISION_UNKNOWN, why, err, ev->code[0] ? ev->code : "none given");
	if (st->stage != STAGE_REGISTERED && st->stage != STAGE_INVESTIGATION && st->stage != STAGE_FILED)
		return refuse(ev, REFUSE_DECISION_ALREADY_TAKEN, why, err, st->decision);
	if (sentence_given(&ev->sentence))
		return refuse(ev, REFUSE_FIELD_NOT_ALLOWED, why, err, "a sentence on a decision");
	if (d->klass == DECISION_FILED) {
		if (ev->reason[0] && !vocab_find(v, VOCAB_CLOSING_REASON, ev->reason))
			return refuse(ev, REFUSE_REASON_UNKNOWN, why, err, ev->reason);
		if (d->reason_required && !ev->reason[0] && !(ev->note && ev->note[0]))
			return refuse(ev, REFUSE_REASON_REQUIRED, why, err, NULL);
	} else if (ev->reason[0]) {
		return refuse(ev, REFUSE_FIELD_NOT_ALLOWED, why, err, "a reason for filing on a decision that is not a filing");
	}
	if (d->klass != DECISION_PROSECUTED && (ev->charges.n || ev->accused != -1))
		return refuse(ev, REFUSE_FIELD_NOT_ALLOWED, why, err, "charges or accused without a prosecution");
	for (size_t i = 0; i < ev->charges.n; i++)
		if (!vocab_find(v, VOCAB_SUBJECT, ev->charges.code[i]))
			return refuse(ev, REFUSE_CHARGE_UNKNOWN, why, err, ev->charges.code[i]);
	if (ev->accused != -1 && ev->accused < 1)
		return refuse(ev, REFUSE_ACCUSED_INVALID, why, err, NULL);

	memcpy(st->decision, d->code, sizeof(st->decision));
	st->decision_date = ev->date;
	st->decision_date_inferred = ev->date_inferred;
	st->decision_event_id = ev->id;
	st->stage = d->klass == DECISION_PROSECUTED ? STAGE_PROSECUTED
		  : d->klass == DECISION_FILED ? STAGE_FILED : STAGE_INVESTIGATION;
	return HIM_OK;
}

static int apply_event(const struct vocab *v, struct case_state *st, const struct case_event *ev,
		       enum stage_refusal *why, struct err *err)
{
	const struct vocab_entry *o;
	int rc;

	if (st->stage == STAGE_CASSATION_RULED)
		return refuse(ev, REFUSE_CASE_CLOSED, why, err, NULL);

	switch (ev->type) {
	case EVENT_INVESTIGATION:
	case EVENT_REPORT:
		if (ev->code[0] || ev->reason[0] || ev->charges.n || ev->accused != -1 ||
		    sentence_given(&ev->sentence))
			return refuse(ev, REFUSE_FIELD_NOT_ALLOWED, why, err,
				      "a decision, outcome, reason, charge or sentence");
		if (st->stage != STAGE_REGISTERED && st->stage != STAGE_INVESTIGATION && st->stage != STAGE_FILED)
			return refuse(ev, REFUSE_INVESTIGATION_AFTER_PROSECUTION, why, err, NULL);
		if (st->stage == STAGE_FILED) {
			/* New evidence reopens a filed case: the filing stays in
			 * the history, the case is under investigation again. */
			st->decision[0] = '\0';
			st->decision_date = DATE_NONE;
			st->decision_date_inferred = false;
			st->decision_event_id = 0;
		}
		st->stage = STAGE_INVESTIGATION;
		return HIM_OK;

	case EVENT_DECISION:
		return apply_decision(v, st, ev, why, err);

	case EVENT_JUDGMENT:
		if (st->stage == STAGE_FILED)
			return refuse(ev, REFUSE_JUDGMENT_ON_FILED_CASE, why, err, NULL);
		if (st->stage < STAGE_PROSECUTED)
			return refuse(ev, REFUSE_JUDGMENT_WITHOUT_DECISION, why, err, NULL);
		if (st->stage != STAGE_PROSECUTED)
			return refuse(ev, REFUSE_JUDGMENT_TWICE, why, err, NULL);
		if ((rc = check_outcome(v, ev, LEVEL_FIRST, &o, why, err)) != HIM_OK)
			return rc;
		set_level(&st->first, o, ev);
		st->stage = STAGE_FIRST_JUDGED;
		return HIM_OK;

	case EVENT_APPEAL:
		if (st->stage == STAGE_APPEAL_JUDGED)
			return refuse(ev, REFUSE_APPEAL_TWICE, why, err, NULL);
		if (st->stage != STAGE_FIRST_JUDGED && st->stage != STAGE_REMANDED)
			return refuse(ev, REFUSE_APPEAL_BEFORE_JUDGMENT, why, err, NULL);
		if ((rc = check_outcome(v, ev, LEVEL_APPEAL, &o, why, err)) != HIM_OK)
			return rc;
		set_level(&st->appeal, o, ev);
		st->stage = STAGE_APPEAL_JUDGED;
		return HIM_OK;

	case EVENT_CASSATION:
		if (st->stage != STAGE_APPEAL_JUDGED)
			return refuse(ev, REFUSE_CASSATION_BEFORE_APPEAL, why, err, NULL);
		if ((rc = check_outcome(v, ev, LEVEL_CASSATION, &o, why, err)) != HIM_OK)
			return rc;
		set_level(&st->cassation, o, ev);
		if (o->remand) {
			/* The quashed appeal judgment no longer stands; the
			 * Court of Appeal must judge again. */
			clear_level(&st->appeal);
			st->stage = STAGE_REMANDED;
		} else {
			st->stage = STAGE_CASSATION_RULED;
		}
		return HIM_OK;
	}
	return refuse(ev, REFUSE_FIELD_NOT_ALLOWED, why, err, "unknown event type");
}

int stage_replay(const struct vocab *v, const struct case_record *c,
		 const struct case_event *const *events, size_t n, date_t today,
		 struct case_state *out, enum stage_refusal *why, struct err *err)
{
	/* slots[i]: the event that currently stands in the place of events[i]
	 * (NULL once retracted); superseded[i]: events[i] was replaced. */
	const struct case_event **slots = xcalloc(n ? n : 1, sizeof(*slots));
	bool *superseded = xcalloc(n ? n : 1, sizeof(*superseded));
	size_t nslots = 0;
	int rc = HIM_OK;
	struct case_state st;

	if (why)
		*why = REFUSE_NONE;
	case_state_init(&st);

	for (size_t i = 0; i < n && rc == HIM_OK; i++) {
		const struct case_event *ev = events[i];
		size_t s, j;

		if (!ev->supersedes) {
			slots[nslots++] = ev;
			continue;
		}
		/* A correction replaces its target in the target's slot. */
		for (j = 0; j < i; j++)
			if (events[j]->id == ev->supersedes)
				break;
		if (j == i || superseded[j]) {
			rc = refuse(ev, REFUSE_CORRECTION_TARGET, why, err, NULL);
			break;
		}
		if (events[j]->type != ev->type) {
			rc = refuse(ev, REFUSE_CORRECTION_TYPE, why, err, event_type_name(events[j]->type));
			break;
		}
		/* A retraction stands in no slot, so the date checks below never
		 * see it: its own date must still not be in the future. */
		if (ev->retracts && ev->date != DATE_NONE && today != DATE_NONE && ev->date > today) {
			rc = refuse(ev, REFUSE_DATE_FUTURE, why, err, NULL);
			break;
		}
		superseded[j] = true;
		for (s = 0; s < nslots; s++)
			if (slots[s] == events[j])
				break;
		if (s == nslots) {
			rc = refuse(ev, REFUSE_CORRECTION_TARGET, why, err, "the event was retracted");
			break;
		}
		slots[s] = ev->retracts ? NULL : ev;
	}

	date_t last = c->registered;
	for (size_t s = 0; s < nslots && rc == HIM_OK; s++) {
		const struct case_event *ev = slots[s];
		if (!ev)
			continue;
		if (ev->date == DATE_NONE)
			rc = refuse(ev, REFUSE_DATE_MISSING, why, err, NULL);
		else if (today != DATE_NONE && ev->date > today)
			rc = refuse(ev, REFUSE_DATE_FUTURE, why, err, NULL);
		else if (c->registered != DATE_NONE && ev->date < c->registered)
			rc = refuse(ev, REFUSE_DATE_BEFORE_REGISTRATION, why, err, NULL);
		else if (ev->date < last)
			rc = refuse(ev, REFUSE_DATE_BACKWARDS, why, err, NULL);
		else
			rc = apply_event(v, &st, ev, why, err);
		if (rc == HIM_OK) {
			last = ev->date;
			st.last_event_date = ev->date;
			st.effective_events++;
		}
	}
	free(slots);
	free(superseded);
	if (rc == HIM_OK && out)
		*out = st;
	return rc;
}

int stage_check_append(const struct vocab *v, const struct case_record *c,
		       const struct event_list *recorded, const struct case_event *ev,
		       date_t today, struct case_state *out, enum stage_refusal *why,
		       struct err *err)
{
	const struct case_event **all = xcalloc(recorded->n + 1, sizeof(*all));
	int rc;

	for (size_t i = 0; i < recorded->n; i++)
		all[i] = &recorded->items[i];
	all[recorded->n] = ev;
	rc = stage_replay(v, c, all, recorded->n + 1, today, out, why, err);
	free(all);
	return rc;
}
