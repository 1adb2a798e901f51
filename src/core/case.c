/*
 * case.c - lifecycle helpers of cases and events, and stage names.
 */
#include "case.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/banned.h"

static const char *const event_names[] = {
	[EVENT_INVESTIGATION] = "investigation",
	[EVENT_REPORT] = "report",
	[EVENT_DECISION] = "decision",
	[EVENT_JUDGMENT] = "judgment",
	[EVENT_APPEAL] = "appeal",
	[EVENT_CASSATION] = "cassation",
};

const char *event_type_name(enum event_type type)
{
	if (type < EVENT_INVESTIGATION || type > EVENT_CASSATION)
		return "?";
	return event_names[type];
}

bool event_type_parse(const char *s, enum event_type *out)
{
	for (int t = EVENT_INVESTIGATION; t <= EVENT_CASSATION; t++)
		if (s && strcmp(s, event_names[t]) == 0) {
			*out = (enum event_type)t;
			return true;
		}
	return false;
}

bool sentence_given(const struct sentence *s)
{
	return s->prison_months >= 0 || s->suspended_months >= 0 || s->fine_mad >= 0;
}

void case_event_init(struct case_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->date = DATE_NONE;
	ev->accused = -1;
	ev->sentence.prison_months = -1;
	ev->sentence.suspended_months = -1;
	ev->sentence.fine_mad = -1;
}

void case_event_release(struct case_event *ev)
{
	free(ev->note);
	free(ev->recorded_at);
	free(ev->recorded_by);
	case_event_init(ev);
}

void event_list_init(struct event_list *l)
{
	l->items = NULL;
	l->n = l->alloc = 0;
}

void event_list_release(struct event_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		case_event_release(&l->items[i]);
	free(l->items);
	event_list_init(l);
}

struct case_event *event_list_push(struct event_list *l)
{
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? l->alloc * 2 : 8;
		l->items = xrealloc(l->items, l->alloc * sizeof(*l->items));
	}
	case_event_init(&l->items[l->n]);
	return &l->items[l->n++];
}

static const char *const stage_names[STAGE_COUNT] = {
	"registered", "investigation", "filed", "prosecuted",
	"first_judged", "appeal_judged", "remanded", "cassation_ruled",
};

static const char *const stage_labels_ar[STAGE_COUNT] = {
	"مسجلة", "في طور البحث", "حفظ", "متابعة",
	"صدر حكم ابتدائي", "صدر قرار استئنافي", "نقض وإحالة: في انتظار قرار استئنافي جديد", "صدر قرار محكمة النقض",
};

static const char *const stage_labels_fr[STAGE_COUNT] = {
	"enregistrée", "enquête en cours", "classée", "poursuivie",
	"jugée en première instance", "jugée en appel", "renvoyée après cassation", "arrêt de cassation rendu",
};

static const char *const stage_labels_en[STAGE_COUNT] = {
	"registered", "under investigation", "filed", "prosecuted",
	"judged at first instance", "judged on appeal", "remanded after cassation", "cassation ruled",
};

const char *case_stage_name(enum case_stage stage)
{
	return (unsigned)stage < STAGE_COUNT ? stage_names[stage] : "?";
}

bool case_stage_parse(const char *s, enum case_stage *out)
{
	for (int i = 0; i < STAGE_COUNT; i++)
		if (s && strcmp(s, stage_names[i]) == 0) {
			*out = (enum case_stage)i;
			return true;
		}
	return false;
}

const char *case_stage_label(enum case_stage stage, enum lang lang)
{
	if ((unsigned)stage >= STAGE_COUNT)
		return "?";
	switch (lang) {
	case LANG_AR: return stage_labels_ar[stage];
	case LANG_FR: return stage_labels_fr[stage];
	case LANG_EN: return stage_labels_en[stage];
	}
	return stage_labels_ar[stage];
}

static void level_outcome_init(struct level_outcome *o)
{
	o->code[0] = '\0';
	o->date = DATE_NONE;
	o->sentence.prison_months = -1;
	o->sentence.suspended_months = -1;
	o->sentence.fine_mad = -1;
	o->event_id = 0;
}

void case_state_init(struct case_state *st)
{
	memset(st, 0, sizeof(*st));
	st->stage = STAGE_REGISTERED;
	st->decision_date = DATE_NONE;
	level_outcome_init(&st->first);
	level_outcome_init(&st->appeal);
	level_outcome_init(&st->cassation);
	st->last_event_date = DATE_NONE;
}

void case_record_init(struct case_record *c)
{
	memset(c, 0, sizeof(*c));
	c->registered = DATE_NONE;
	c->suspects = 1;
	case_state_init(&c->state);
}

void case_record_release(struct case_record *c)
{
	free(c->file_number);
	free(c->unit);
	free(c->notes);
	free(c->created_at);
	free(c->created_by);
	case_record_init(c);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void case_record_copy(struct case_record *dst, const struct case_record *src)
{
	case_record_release(dst);
	*dst = *src;
	dst->file_number = dup_or_null(src->file_number);
	dst->unit = dup_or_null(src->unit);
	dst->notes = dup_or_null(src->notes);
	dst->created_at = dup_or_null(src->created_at);
	dst->created_by = dup_or_null(src->created_by);
}

void case_list_init(struct case_list *l)
{
	l->items = NULL;
	l->n = l->alloc = 0;
}

void case_list_release(struct case_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		case_record_release(&l->items[i]);
	free(l->items);
	case_list_init(l);
}

struct case_record *case_list_push(struct case_list *l)
{
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? l->alloc * 2 : 16;
		l->items = xrealloc(l->items, l->alloc * sizeof(*l->items));
	}
	case_record_init(&l->items[l->n]);
	return &l->items[l->n++];
}
