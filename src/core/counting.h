/*
 * counting.h - the counting rule of the circular's footnote, and the
 * opening of a case under it.
 *
 * "Courts of Appeal report only the cases first registered before them,
 * not the cases they hear as a second-degree court." A case is counted
 * once, at its originating court. An appeal heard by a Court of Appeal is
 * an event (EVENT_APPEAL) of the First Instance Court's case and fills
 * column 7 (استئنافيا) of that case's row, never a row of its own; a Court
 * of Appeal's own rows are the cases first registered there (felonies,
 * tried first by its criminal chamber).
 *
 * Here the rule is code: counting_row() projects a case onto the template's
 * columns, and counting_in_table() says whose table a case belongs to.
 * case_prepare_new() validates a case to be opened and derives its district.
 */
#ifndef HIMAYA_COUNTING_H
#define HIMAYA_COUNTING_H

#include <stdbool.h>

#include "../lib/err.h"
#include "case.h"
#include "court.h"
#include "scope.h"
#include "vocab.h"

/* One row of the circular's table: the template's eight columns. */
struct counting_row {
	const char *court;                 /* 1 المحكمة: the originating court */
	const char *body;                  /* 2 الجهة المكلفة بالبحث */
	const char *unit;
	const struct code_list *subjects;  /* 3 موضوع الإشعار */
	const struct code_list *platforms; /* 4 المنصة المعنية */
	const char *decision;              /* 5 المتابعة ("" = pending) */
	const struct level_outcome *first;     /* 6 ابتدائيا */
	const struct level_outcome *appeal;    /* 7 استئنافيا */
	const struct level_outcome *cassation; /* 8 النقض */
};

/* The court whose table holds the case: always its originating court. */
const char *counting_court(const struct case_record *c);

/*
 * Is the case a row of the table of table_court? Only if it was first
 * registered there: for a Court of Appeal, its own first-degree cases,
 * never the First Instance cases whose appeals it heard.
 */
bool counting_in_table(const struct case_record *c, const char *table_court);

/* Project a case onto its row (pointers into c; valid while c lives). */
void counting_row(const struct case_record *c, struct counting_row *row);

/*
 * Validate a case about to be opened and complete it: the court must exist
 * in the map on the registration date (c->district is set to its district
 * on that day), codes are resolved through the vocabulary (aliases such
 * as "NECMEC" become "ncmec"), text must be valid UTF-8, dates not in the
 * future (today may be DATE_NONE to skip that check).
 */
int case_prepare_new(struct case_record *c, const struct court_map *map,
		     const struct vocab *v, date_t today, struct err *err);

#endif
