/*
 * scope.c - scopes of reading.
 */
#include "scope.h"

#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/banned.h"

static struct scope make(enum scope_kind kind, const char *code, const char *unit)
{
	struct scope s;

	memset(&s, 0, sizeof(s));
	s.kind = kind;
	if (code) {
		size_t n = strlen(code);
		if (n >= CODE_MAX)
			n = CODE_MAX - 1;
		memcpy(s.code, code, n);
		s.code[n] = '\0';
	}
	s.unit = unit;
	return s;
}

struct scope scope_national(void) { return make(SCOPE_NATIONAL, NULL, NULL); }
struct scope scope_district(const char *appeal_court) { return make(SCOPE_DISTRICT, appeal_court, NULL); }
struct scope scope_court(const char *court) { return make(SCOPE_COURT, court, NULL); }
struct scope scope_unit(const char *body, const char *unit) { return make(SCOPE_UNIT, body, unit); }

bool scope_includes(const struct scope *s, const struct case_record *c)
{
	switch (s->kind) {
	case SCOPE_NATIONAL:
		return true;
	case SCOPE_DISTRICT:
		return strcmp(c->district, s->code) == 0;
	case SCOPE_COURT:
		return strcmp(c->court, s->code) == 0;
	case SCOPE_UNIT:
		return strcmp(c->body, s->code) == 0 && s->unit && c->unit && strcmp(c->unit, s->unit) == 0;
	}
	return false;
}

int scope_validate(const struct scope *s, const struct court_map *map, struct err *err)
{
	const struct court_term *t;

	switch (s->kind) {
	case SCOPE_NATIONAL:
		return HIM_OK;
	case SCOPE_DISTRICT:
		t = court_map_latest(map, s->code);
		if (!t || t->kind != COURT_APPEAL)
			return err_set(err, HIM_EINPUT, "'%s' is not a Court of Appeal: a district is named by its Court of Appeal", s->code);
		return HIM_OK;
	case SCOPE_COURT:
		if (!court_map_latest(map, s->code))
			return err_set(err, HIM_EINPUT, "court '%s' is not in the judicial map", s->code);
		return HIM_OK;
	case SCOPE_UNIT:
		if (!code_valid(s->code) || !s->unit || !*s->unit)
			return err_set(err, HIM_EINPUT, "a unit scope needs a body code and a unit name");
		return HIM_OK;
	}
	return err_set(err, HIM_EUSAGE, "unknown scope kind");
}

char *scope_describe(const struct scope *s)
{
	struct strbuf sb = STRBUF_INIT;

	switch (s->kind) {
	case SCOPE_NATIONAL: strbuf_adds(&sb, "national"); break;
	case SCOPE_DISTRICT: strbuf_addf(&sb, "district:%s", s->code); break;
	case SCOPE_COURT: strbuf_addf(&sb, "court:%s", s->code); break;
	case SCOPE_UNIT: strbuf_addf(&sb, "unit:%s/%s", s->code, s->unit ? s->unit : ""); break;
	}
	return strbuf_detach(&sb, NULL);
}
