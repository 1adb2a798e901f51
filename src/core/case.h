/*
 * case.h - a case (قضية) and the dated events of its life.
 *
 * A case is opened at one court, its originating court, and is counted
 * there and only there (the circular's footnote; see counting.h). Its life
 * is an append-only list of events; the case's current state (stage,
 * decision, outcome at each level) is never typed in but derived from the
 * events by the stage machine (stage.h), so it cannot disagree with them.
 * A correction is itself an event that supersedes an earlier one: history
 * is never overwritten.
 */
#ifndef HIMAYA_CASE_H
#define HIMAYA_CASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/date.h"
#include "code.h"

enum event_type {
	EVENT_INVESTIGATION = 1, /* the prosecutor orders an investigation */
	EVENT_REPORT,            /* an information report (تقرير إخباري) is received */
	EVENT_DECISION,          /* the prosecution decision (المتابعة) */
	EVENT_JUDGMENT,          /* the first-instance judgment (ابتدائيا) */
	EVENT_APPEAL,            /* the appeal judgment (استئنافيا) */
	EVENT_CASSATION,         /* the Court of Cassation's ruling (النقض) */
};

const char *event_type_name(enum event_type type);
bool event_type_parse(const char *s, enum event_type *out);

/* A sentence on conviction. Fields are -1 when not given. */
struct sentence {
	int prison_months;
	int suspended_months; /* the part of prison_months that is suspended */
	int64_t fine_mad;
};

#define SENTENCE_NONE { -1, -1, -1 }
bool sentence_given(const struct sentence *s);

struct case_event {
	int64_t id;          /* 0 until stored */
	int64_t case_id;
	enum event_type type;
	date_t date;
	int64_t supersedes;  /* 0, or the event this one corrects */
	bool retracts;       /* a correction that withdraws the superseded event */
	char code[CODE_MAX]; /* decision or outcome code; "" for other types */
	char reason[CODE_MAX]; /* filing: a closing_reason code, "" if none */
	char *note;          /* free text, owned; NULL if none */
	struct code_list charges; /* prosecution: the charges (subject codes) */
	int accused;         /* prosecution: number of accused, -1 if not given */
	struct sentence sentence;
	/* The source gave no date (a backfilled table has no date columns):
	 * date is the earliest the stage machine allows, shown as unknown and
	 * left out of every duration. */
	bool date_inferred;
	char *recorded_at;   /* set by the store: UTC ISO-8601 timestamp, owned */
	char *recorded_by;   /* set by the store from the caller, owned; NULL if unknown */
};

void case_event_init(struct case_event *ev);
void case_event_release(struct case_event *ev);

struct event_list {
	struct case_event *items;
	size_t n, alloc;
};

void event_list_init(struct event_list *l);
void event_list_release(struct event_list *l);
/* Append a new zeroed event (initialised) and return it. */
struct case_event *event_list_push(struct event_list *l);

/* The result of one level of the court system, derived from events. */
struct level_outcome {
	char code[CODE_MAX]; /* "" while pending */
	date_t date;
	bool date_inferred;  /* see case_event.date_inferred */
	struct sentence sentence;
	int64_t event_id;
};

enum case_stage {
	STAGE_REGISTERED,     /* opened, nothing recorded since */
	STAGE_INVESTIGATION,  /* investigation ordered or report received, no decision */
	STAGE_FILED,          /* حفظ */
	STAGE_PROSECUTED,     /* public action started, awaiting first-instance judgment */
	STAGE_FIRST_JUDGED,   /* judged at first instance */
	STAGE_APPEAL_JUDGED,  /* judged on appeal */
	STAGE_REMANDED,       /* quashed with remand: awaiting a new appeal judgment */
	STAGE_CASSATION_RULED,/* the Court of Cassation has ruled */
	STAGE_COUNT
};

const char *case_stage_name(enum case_stage stage);
bool case_stage_parse(const char *s, enum case_stage *out);
const char *case_stage_label(enum case_stage stage, enum lang lang);

struct case_state {
	enum case_stage stage;
	char decision[CODE_MAX]; /* "" before any decision */
	date_t decision_date;
	bool decision_date_inferred;
	int64_t decision_event_id;
	struct level_outcome first, appeal, cassation;
	date_t last_event_date;  /* DATE_NONE when no event */
	size_t effective_events; /* events left after corrections */
};

void case_state_init(struct case_state *st);

struct case_record {
	int64_t id;               /* 0 until stored */
	char court[CODE_MAX];     /* originating court */
	char district[CODE_MAX];  /* its Court of Appeal on the registration date (derived) */
	char *file_number;        /* the court's own file number, owned */
	date_t registered;
	bool registered_inferred; /* the source gave only the year: 1 January */
	char body[CODE_MAX];      /* investigating body: dgsn, gr */
	char *unit;               /* the body's unit, owned; NULL if not given */
	struct code_list subjects;
	struct code_list platforms;
	int suspects;
	char *notes;              /* owned; NULL if none */
	int64_t version;          /* bumped by every change, for optimistic locking */
	char *created_at;         /* set by the store, owned */
	char *created_by;         /* owned; NULL if unknown */
	struct case_state state;  /* derived from the events */
};

void case_record_init(struct case_record *c);
void case_record_release(struct case_record *c);
/* Deep copy of src into an initialised dst (released first). */
void case_record_copy(struct case_record *dst, const struct case_record *src);

struct case_list {
	struct case_record *items;
	size_t n, alloc;
};

void case_list_init(struct case_list *l);
void case_list_release(struct case_list *l);
struct case_record *case_list_push(struct case_list *l);

#endif
