/*
 * court.h - the judicial map: Courts of Appeal and the First Instance
 * Courts of their districts, as decrees draw it over time.
 *
 * The map is a list of terms. A term says: between valid_from (inclusive)
 * and valid_to (exclusive) the court CODE existed, of this kind, in the
 * district of this Court of Appeal. A court that a decree moved to another
 * district has two terms with the same code. So "which district was
 * tpi-dakhla in on 2022-05-01" has one answer, and a year's statistics use
 * that year's map (decree 2.17.688 for 2021-2022, 2.23.665 after it).
 *
 * Pure: the text is parsed from memory; reading data/courts.tsv is the
 * caller's job.
 */
#ifndef HIMAYA_COURT_H
#define HIMAYA_COURT_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/date.h"
#include "../lib/err.h"
#include "code.h"

enum court_kind { COURT_APPEAL, COURT_FIRST };

struct court_term {
	char code[CODE_MAX];
	enum court_kind kind;
	char appeal_court[CODE_MAX]; /* "" for a Court of Appeal */
	char *name_ar;               /* owned by the map */
	char *name_fr;
	date_t valid_from;           /* DATE_NONE: since before the map's records */
	date_t valid_to;             /* DATE_NONE: still in force; exclusive */
};

struct court_map {
	struct court_term *terms;
	size_t n, alloc;
};

void court_map_init(struct court_map *map);
void court_map_release(struct court_map *map);

/*
 * Parse the text of data/courts.tsv (7 tab-separated columns: code, kind,
 * appeal_court, name_ar, name_fr, valid_from, valid_to) into an empty map,
 * then validate it. `source` names the file in messages
 * ("data/courts.tsv:12: ..."). On error the map is left empty.
 */
int court_map_parse(struct court_map *map, const char *text, size_t len,
		    const char *source, struct err *err);

/* Append a copy of term (no validation; call court_map_validate after). */
void court_map_add(struct court_map *map, const struct court_term *term);

/*
 * Check the whole map: codes valid, a code's terms of one kind and not
 * overlapping, every First Instance Court in the district of a Court of
 * Appeal that exists over the whole of its term.
 */
int court_map_validate(const struct court_map *map, struct err *err);

bool court_term_valid_on(const struct court_term *t, date_t day);

/* The term of code in force on day, or NULL. */
const struct court_term *court_map_on(const struct court_map *map, const char *code, date_t day);

/* The most recent term of code (its current names and district), or NULL. */
const struct court_term *court_map_latest(const struct court_map *map, const char *code);

/*
 * The district a court belonged to on day: its Court of Appeal's code
 * (a Court of Appeal is its own district's head). NULL if the court did
 * not exist on that day.
 */
const char *court_map_district_on(const struct court_map *map, const char *code, date_t day);

/* Localised name of the court ("" when the language has none, e.g. EN uses FR). */
const char *court_term_name(const struct court_term *t, enum lang lang);

const char *court_kind_name(enum court_kind kind);

#endif
