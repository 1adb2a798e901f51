/*
 * counting.c - the footnote's counting rule and the checks on a new case.
 */
#include "counting.h"

#include <string.h>

#include "../lib/utf8.h"
#include "../lib/banned.h"

const char *counting_court(const struct case_record *c)
{
	return c->court;
}

bool counting_in_table(const struct case_record *c, const char *table_court)
{
	return strcmp(counting_court(c), table_court) == 0;
}

void counting_row(const struct case_record *c, struct counting_row *row)
{
	row->court = counting_court(c);
	row->body = c->body;
	row->unit = c->unit;
	row->subjects = &c->subjects;
	row->platforms = &c->platforms;
	row->decision = c->state.decision;
	row->first = &c->state.first;
	row->appeal = &c->state.appeal;
	row->cassation = &c->state.cassation;
}

/* Replace each code of l by its canonical vocabulary code. */
static int resolve_codes(struct code_list *l, const struct vocab *v, enum vocab_kind kind,
			 const char *what, struct err *err)
{
	struct code_list out = { 0 };

	if (l->n == 0)
		return err_set(err, HIM_EINPUT, "a case needs at least one %s", what);
	for (size_t i = 0; i < l->n; i++) {
		const struct vocab_entry *e = vocab_find(v, kind, l->code[i]);
		if (!e)
			return err_set(err, HIM_EINPUT, "unknown %s '%s'", what, l->code[i]);
		code_list_add(&out, e->code);
	}
	*l = out;
	return HIM_OK;
}

int case_prepare_new(struct case_record *c, const struct court_map *map,
		     const struct vocab *v, date_t today, struct err *err)
{
	char day[DATE_ISO_LEN];
	const struct vocab_entry *body;
	const char *district;
	int rc;

	if (!c->file_number || !*c->file_number)
		return err_set(err, HIM_EINPUT, "a case needs the court's file number");
	if (!utf8_text_ok(c->file_number, false) || strlen(c->file_number) > 64)
		return err_set(err, HIM_EINPUT, "the file number must be at most 64 characters of UTF-8 text on one line");
	if (c->registered == DATE_NONE)
		return err_set(err, HIM_EINPUT, "a case needs its registration date");
	date_format(c->registered, day);
	if (today != DATE_NONE && c->registered > today)
		return err_set(err, HIM_EINPUT, "the registration date %s is in the future", day);
	if (!court_map_latest(map, c->court))
		return err_set(err, HIM_EINPUT, "court '%s' is not in the judicial map", c->court);
	district = court_map_district_on(map, c->court, c->registered);
	if (!district)
		return err_set(err, HIM_EINPUT, "court '%s' did not exist on %s under the judicial map", c->court, day);
	memcpy(c->district, district, strlen(district) + 1);

	body = vocab_find(v, VOCAB_BODY, c->body);
	if (!body)
		return err_set(err, HIM_EINPUT, "unknown investigating body '%s'", c->body);
	memcpy(c->body, body->code, sizeof(c->body));
	if (c->unit && (!utf8_text_ok(c->unit, false) || strlen(c->unit) > 200))
		return err_set(err, HIM_EINPUT, "the unit must be at most 200 bytes of UTF-8 text on one line");
	if ((rc = resolve_codes(&c->subjects, v, VOCAB_SUBJECT, "subject", err)) != HIM_OK)
		return rc;
	if ((rc = resolve_codes(&c->platforms, v, VOCAB_PLATFORM, "platform", err)) != HIM_OK)
		return rc;
	if (c->suspects < 0 || c->suspects > 10000)
		return err_set(err, HIM_EINPUT, "the number of suspects must be between 0 and 10000");
	if (c->notes && (!utf8_text_ok(c->notes, true) || strlen(c->notes) > 20000))
		return err_set(err, HIM_EINPUT, "notes must be UTF-8 text of at most 20000 bytes");
	return HIM_OK;
}
