/*
 * court.c - parsing and querying the judicial map.
 */
#include "court.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/tsv.h"
#include "../lib/utf8.h"
#include "../lib/banned.h"

void court_map_init(struct court_map *map)
{
	map->terms = NULL;
	map->n = map->alloc = 0;
}

void court_map_release(struct court_map *map)
{
	for (size_t i = 0; i < map->n; i++) {
		free(map->terms[i].name_ar);
		free(map->terms[i].name_fr);
	}
	free(map->terms);
	court_map_init(map);
}

void court_map_add(struct court_map *map, const struct court_term *term)
{
	if (map->n == map->alloc) {
		map->alloc = map->alloc ? map->alloc * 2 : 128;
		map->terms = xrealloc(map->terms, map->alloc * sizeof(*map->terms));
	}
	struct court_term *t = &map->terms[map->n++];
	*t = *term;
	t->name_ar = xstrdup(term->name_ar ? term->name_ar : "");
	t->name_fr = xstrdup(term->name_fr ? term->name_fr : "");
}

const char *court_kind_name(enum court_kind kind)
{
	return kind == COURT_APPEAL ? "appeal" : "first";
}

static bool parse_optional_date(const char *s, date_t *out)
{
	if (!*s) {
		*out = DATE_NONE;
		return true;
	}
	return date_parse(s, out);
}

int court_map_parse(struct court_map *map, const char *text, size_t len,
		    const char *source, struct err *err)
{
	struct tsv_reader r;
	char *f[8];
	int n, rc = HIM_OK;

	tsv_reader_init(&r, text, len);
	while ((n = tsv_reader_next(&r, f, 8)) > 0) {
		struct court_term t;

		if (n != 7) {
			rc = err_set(err, HIM_EINPUT, "%s:%d: expected 7 tab-separated fields, found %d",
				     source, r.line, n);
			break;
		}
		if (!code_valid(f[0]) || strlen(f[0]) >= CODE_MAX) {
			rc = err_set(err, HIM_EINPUT, "%s:%d: invalid court code '%s'", source, r.line, f[0]);
			break;
		}
		memset(&t, 0, sizeof(t));
		memcpy(t.code, f[0], strlen(f[0]) + 1);
		if (strcmp(f[1], "appeal") == 0) {
			t.kind = COURT_APPEAL;
		} else if (strcmp(f[1], "first") == 0) {
			t.kind = COURT_FIRST;
		} else {
			rc = err_set(err, HIM_EINPUT, "%s:%d: kind must be 'appeal' or 'first', not '%s'",
				     source, r.line, f[1]);
			break;
		}
		if (*f[2] && !code_valid(f[2])) {
			rc = err_set(err, HIM_EINPUT, "%s:%d: invalid appeal court code '%s'", source, r.line, f[2]);
			break;
		}
		memcpy(t.appeal_court, f[2], strlen(f[2]) + 1);
		if (!*f[3] || !*f[4] || !utf8_text_ok(f[3], false) || !utf8_text_ok(f[4], false)) {
			rc = err_set(err, HIM_EINPUT, "%s:%d: court '%s' needs an Arabic and a French name in UTF-8",
				     source, r.line, t.code);
			break;
		}
		t.name_ar = f[3];
		t.name_fr = f[4];
		if (!parse_optional_date(f[5], &t.valid_from) || !parse_optional_date(f[6], &t.valid_to)) {
			rc = err_set(err, HIM_EINPUT, "%s:%d: validity dates must be YYYY-MM-DD or empty",
				     source, r.line);
			break;
		}
		court_map_add(map, &t);
	}
	tsv_reader_release(&r);
	if (rc == HIM_OK && map->n == 0)
		rc = err_set(err, HIM_EINPUT, "%s: no courts in the file", source);
	if (rc == HIM_OK && (rc = court_map_validate(map, err)) != HIM_OK)
		err_prefix(err, "%s", source);
	if (rc != HIM_OK)
		court_map_release(map);
	return rc;
}

/* Treat open ends as -inf / +inf for interval arithmetic. */
static date_t lo(date_t d) { return d == DATE_NONE ? INT32_MIN + 1 : d; }
static date_t hi(date_t d) { return d == DATE_NONE ? INT32_MAX : d; }

bool court_term_valid_on(const struct court_term *t, date_t day)
{
	if (day == DATE_NONE)
		return t->valid_to == DATE_NONE;
	return lo(t->valid_from) <= day && day < hi(t->valid_to);
}

/* True if the union of the appeal court's terms covers [from, to). */
static bool appeal_court_covers(const struct court_map *map, const char *code, date_t from, date_t to)
{
	date_t at = from;
	bool progressed = true;

	while (at < to && progressed) {
		progressed = false;
		for (size_t i = 0; i < map->n; i++) {
			const struct court_term *t = &map->terms[i];
			if (t->kind != COURT_APPEAL || strcmp(t->code, code) != 0)
				continue;
			if (lo(t->valid_from) <= at && at < hi(t->valid_to)) {
				at = hi(t->valid_to);
				progressed = true;
			}
		}
	}
	return at >= to;
}

int court_map_validate(const struct court_map *map, struct err *err)
{
	for (size_t i = 0; i < map->n; i++) {
		const struct court_term *a = &map->terms[i];

		if (!code_valid(a->code))
			return err_set(err, HIM_EINPUT, "invalid court code '%s'", a->code);
		if (a->valid_from != DATE_NONE && a->valid_to != DATE_NONE && a->valid_from >= a->valid_to)
			return err_set(err, HIM_EINPUT, "court '%s': valid_from is not before valid_to", a->code);
		if (a->kind == COURT_APPEAL && a->appeal_court[0])
			return err_set(err, HIM_EINPUT, "Court of Appeal '%s' cannot belong to another district ('%s')",
				       a->code, a->appeal_court);
		if (a->kind == COURT_FIRST) {
			if (!a->appeal_court[0])
				return err_set(err, HIM_EINPUT, "First Instance Court '%s' has no Court of Appeal", a->code);
			if (!appeal_court_covers(map, a->appeal_court, lo(a->valid_from), hi(a->valid_to)))
				return err_set(err, HIM_EINPUT,
					       "First Instance Court '%s' belongs to '%s', which is not a Court of Appeal for the whole of its term",
					       a->code, a->appeal_court);
		}
		for (size_t j = i + 1; j < map->n; j++) {
			const struct court_term *b = &map->terms[j];
			if (strcmp(a->code, b->code) != 0)
				continue;
			if (a->kind != b->kind)
				return err_set(err, HIM_EINPUT, "court '%s' is listed both as appeal and first", a->code);
			if (lo(a->valid_from) < hi(b->valid_to) && lo(b->valid_from) < hi(a->valid_to))
				return err_set(err, HIM_EINPUT, "court '%s' has overlapping validity periods", a->code);
		}
	}
	return HIM_OK;
}

const struct court_term *court_map_on(const struct court_map *map, const char *code, date_t day)
{
	for (size_t i = 0; i < map->n; i++)
		if (strcmp(map->terms[i].code, code) == 0 && court_term_valid_on(&map->terms[i], day))
			return &map->terms[i];
	return NULL;
}

const struct court_term *court_map_latest(const struct court_map *map, const char *code)
{
	const struct court_term *best = NULL;

	for (size_t i = 0; i < map->n; i++) {
		const struct court_term *t = &map->terms[i];
		if (strcmp(t->code, code) != 0)
			continue;
		if (!best || hi(t->valid_to) > hi(best->valid_to))
			best = t;
	}
	return best;
}

const char *court_map_district_on(const struct court_map *map, const char *code, date_t day)
{
	const struct court_term *t = court_map_on(map, code, day);

	if (!t)
		return NULL;
	return t->kind == COURT_APPEAL ? t->code : t->appeal_court;
}

const char *court_term_name(const struct court_term *t, enum lang lang)
{
	return lang == LANG_AR ? t->name_ar : t->name_fr;
}
