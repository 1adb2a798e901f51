/*
 * route.c - place names to courts, retention deadlines and the triage
 * order (see route.h). Pure.
 */
#include "route.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arabic.h"
#include "../lib/date.h"
#include "../lib/banned.h"

/* Latin letters with the accents French and Moroccan spellings use. */
static const struct {
	const char *from;
	char to;
} accents[] = {
	{ "\xc3\xa0", 'a' }, { "\xc3\xa2", 'a' }, { "\xc3\xa4", 'a' }, { "\xc3\x80", 'a' }, { "\xc3\x82", 'a' },
	{ "\xc3\xa7", 'c' }, { "\xc3\x87", 'c' },
	{ "\xc3\xa8", 'e' }, { "\xc3\xa9", 'e' }, { "\xc3\xaa", 'e' }, { "\xc3\xab", 'e' },
	{ "\xc3\x88", 'e' }, { "\xc3\x89", 'e' }, { "\xc3\x8a", 'e' }, { "\xc3\x8b", 'e' },
	{ "\xc3\xae", 'i' }, { "\xc3\xaf", 'i' }, { "\xc3\x8e", 'i' }, { "\xc3\x8f", 'i' },
	{ "\xc3\xb4", 'o' }, { "\xc3\xb6", 'o' }, { "\xc3\x94", 'o' },
	{ "\xc3\xb9", 'u' }, { "\xc3\xbb", 'u' }, { "\xc3\xbc", 'u' }, { "\xc3\x9b", 'u' },
};

int route_key(const char *text, struct strbuf *out, struct err *err)
{
	struct strbuf norm = STRBUF_INIT;
	const char *p;
	int rc;

	strbuf_reset(out);
	if ((rc = arabic_normalise(text, strlen(text), ARABIC_PUNCT_AS_SPACE, &norm, err)) != HIM_OK) {
		strbuf_release(&norm);
		return rc;
	}
	p = norm.buf;
	/* The article: "ال" at the start of the name. */
	if (strncmp(p, "\xd8\xa7\xd9\x84", 4) == 0 && strlen(p) > 8)
		p += 4;
	while (*p) {
		size_t i;
		bool folded = false;

		if (*p == ' ' || *p == '-' || *p == '\'' || *p == '.' || *p == '_') {
			p++;
			continue;
		}
		for (i = 0; i < sizeof(accents) / sizeof(accents[0]) && !folded; i++)
			if (strncmp(p, accents[i].from, 2) == 0) {
				strbuf_addch(out, accents[i].to);
				p += 2;
				folded = true;
			}
		if (folded)
			continue;
		strbuf_addch(out, (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p);
		p++;
	}
	strbuf_release(&norm);
	return HIM_OK;
}

void route_table_init(struct route_table *t)
{
	memset(t, 0, sizeof(*t));
}

void route_table_release(struct route_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->items[i].key);
	free(t->items);
	route_table_init(t);
}

static int entry_cmp(const void *x, const void *y)
{
	return strcmp(((const struct route_entry *)x)->key, ((const struct route_entry *)y)->key);
}

static struct route_entry *table_lookup(struct route_table *t, const char *key)
{
	struct route_entry probe;

	if (!t->sorted) {
		if (t->n)
			qsort(t->items, t->n, sizeof(*t->items), entry_cmp);
		t->sorted = true;
	}
	probe.key = (char *)key;
	return t->n ? bsearch(&probe, t->items, t->n, sizeof(*t->items), entry_cmp) : NULL;
}

int route_table_add(struct route_table *t, const char *name, const char *value, struct err *err)
{
	struct strbuf key = STRBUF_INIT;
	struct route_entry *e;
	int rc;

	if ((rc = route_key(name, &key, err)) != HIM_OK) {
		strbuf_release(&key);
		return rc;
	}
	if (key.len == 0) {
		strbuf_release(&key);
		return err_set(err, HIM_EINPUT, "an empty name");
	}
	if ((e = table_lookup(t, key.buf)) != NULL) {
		rc = strcmp(e->value, value) == 0 ? HIM_OK
			: err_set(err, HIM_ECONFLICT, "'%s' is already given as %s, not %s", name, e->value, value);
		strbuf_release(&key);
		return rc;
	}
	if (t->n == t->alloc) {
		t->alloc = t->alloc ? t->alloc * 2 : 64;
		t->items = xrealloc(t->items, t->alloc * sizeof(*t->items));
	}
	t->items[t->n].key = strbuf_detach(&key, NULL);
	snprintf(t->items[t->n].value, CODE_MAX, "%s", value);
	t->n++;
	t->sorted = false;
	return HIM_OK;
}

const char *route_table_find(struct route_table *t, const char *name)
{
	struct strbuf key = STRBUF_INIT;
	struct err err = ERR_INIT;
	struct route_entry *e = NULL;

	if (name && route_key(name, &key, &err) == HIM_OK && key.len)
		e = table_lookup(t, key.buf);
	strbuf_release(&key);
	return e ? e->value : NULL;
}

void route_init(struct route *r)
{
	memset(r, 0, sizeof(*r));
}

void route_add(struct route *r, struct route_table *places, const char *country, const char *region,
	       const char *city)
{
	const char *court = NULL;

	if (country && country[0] && strcmp(country, "MA") != 0)
		return;
	if ((!city || !city[0]) && (!region || !region[0]))
		return;
	r->places++;
	if (city && city[0])
		court = route_table_find(places, city);
	if (!court && region && region[0])
		court = route_table_find(places, region);
	if (!court) {
		r->unknown++;
		return;
	}
	if (!r->court[0])
		snprintf(r->court, CODE_MAX, "%s", court);
	else if (strcmp(r->court, court) != 0 && !r->other[0])
		snprintf(r->other, CODE_MAX, "%s", court);
}

enum route_status route_status(const struct route *r)
{
	if (r->other[0])
		return ROUTE_SEVERAL;
	if (r->court[0])
		return ROUTE_PROPOSED;
	return r->places ? ROUTE_UNKNOWN : ROUTE_NO_LOCATION;
}

const char *route_status_name(enum route_status s)
{
	switch (s) {
	case ROUTE_PROPOSED: return "proposed";
	case ROUTE_NO_LOCATION: return "no_location";
	case ROUTE_UNKNOWN: return "unknown_place";
	case ROUTE_SEVERAL: return "several_courts";
	}
	return "";
}

/* --- retention --- */

utc_time_t retention_deadline(utc_time_t at, int months)
{
	int64_t days = at >= 0 ? at / 86400 : -((-at + 86399) / 86400);
	utc_time_t secs = at - days * 86400;
	int y, m, d, dim;

	date_to_ymd((date_t)days, &y, &m, &d);
	m += months;
	y += (m - 1) / 12;
	m = (m - 1) % 12 + 1;
	/* 31 March + 1 month is 30 April: the logs are kept a month, not more. */
	for (dim = 31; dim > 27 && !date_ymd_valid(y, m, dim); dim--)
		;
	if (d > dim)
		d = dim;
	return (utc_time_t)date_from_ymd(y, m, d) * 86400 + secs;
}

const char *deadline_state_name(enum deadline_state s)
{
	switch (s) {
	case DEADLINE_NONE: return "none";
	case DEADLINE_OPEN: return "open";
	case DEADLINE_NEAR: return "near";
	case DEADLINE_PAST: return "past";
	}
	return "";
}

void deadline_init(struct deadline *d)
{
	d->next = d->last = TIME_NONE;
}

void deadline_add(struct deadline *d, utc_time_t deadline, utc_time_t now)
{
	if (deadline >= now) {
		if (d->next == TIME_NONE || deadline < d->next)
			d->next = deadline;
	} else if (d->last == TIME_NONE || deadline > d->last) {
		d->last = deadline;
	}
}

enum deadline_state deadline_state(const struct deadline *d, utc_time_t now)
{
	if (d->next != TIME_NONE)
		return d->next - now <= (utc_time_t)RETENTION_NEAR_DAYS * 86400 ? DEADLINE_NEAR : DEADLINE_OPEN;
	return d->last != TIME_NONE ? DEADLINE_PAST : DEADLINE_NONE;
}

utc_time_t deadline_value(const struct deadline *d)
{
	return d->next != TIME_NONE ? d->next : d->last;
}

/* Live deadlines first (nearest first), then none, then past. */
static int deadline_group(const struct triage_item *t)
{
	switch (t->state) {
	case DEADLINE_NEAR:
	case DEADLINE_OPEN: return 0;
	case DEADLINE_NONE: return 1;
	case DEADLINE_PAST: return 2;
	}
	return 3;
}

int triage_compare(const struct triage_item *a, const struct triage_item *b)
{
	int ga, gb;

	if (a->escalated != b->escalated)
		return a->escalated ? -1 : 1;
	if (a->priority_rank != b->priority_rank)
		return a->priority_rank < b->priority_rank ? -1 : 1;
	ga = deadline_group(a);
	gb = deadline_group(b);
	if (ga != gb)
		return ga < gb ? -1 : 1;
	if (ga == 0 && a->deadline != b->deadline)
		return a->deadline < b->deadline ? -1 : 1;
	if (a->last_received != b->last_received) {
		if (a->last_received == TIME_NONE)
			return 1;
		if (b->last_received == TIME_NONE)
			return -1;
		return a->last_received > b->last_received ? -1 : 1;
	}
	return a->subject_id < b->subject_id ? -1 : a->subject_id > b->subject_id;
}
