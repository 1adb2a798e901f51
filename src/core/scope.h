/*
 * scope.h - what part of the country a reader may see.
 *
 * Every read of case data in the store takes a scope, so that no handler
 * can forget one: national (the Presidency), one district (a Court of
 * Appeal and the First Instance Courts of its district), one court, or one
 * police unit (the cases a unit of a body investigates).
 *
 * A case's district is fixed when it is registered, from the judicial map
 * in force that day (court.h), so a court that a later decree moved keeps
 * its old cases in the district that supervised them.
 */
#ifndef HIMAYA_SCOPE_H
#define HIMAYA_SCOPE_H

#include <stdbool.h>

#include "../lib/err.h"
#include "case.h"
#include "code.h"
#include "court.h"

enum scope_kind { SCOPE_NATIONAL, SCOPE_DISTRICT, SCOPE_COURT, SCOPE_UNIT };

struct scope {
	enum scope_kind kind;
	char code[CODE_MAX]; /* district: its Court of Appeal; court: the court; unit: the body */
	const char *unit;    /* unit: the unit's name, borrowed from the caller */
};

struct scope scope_national(void);
struct scope scope_district(const char *appeal_court);
struct scope scope_court(const char *court);
struct scope scope_unit(const char *body, const char *unit);

/* Does the scope include this case? The store's SQL says the same thing. */
bool scope_includes(const struct scope *s, const struct case_record *c);

/*
 * Check that a scope names something that exists in the map (a district
 * is headed by a Court of Appeal; a court exists at some time).
 */
int scope_validate(const struct scope *s, const struct court_map *map, struct err *err);

/* "national", "district:ca-rabat", "court:tpi-sale", "unit:dgsn/…" (caller frees). */
char *scope_describe(const struct scope *s);

#endif
