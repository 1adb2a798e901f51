/*
 * referral.c - the referral model of referral.h: lifecycle, append
 * helpers and the names of identifier kinds and roles.
 *
 * The append helpers drop exact duplicates (the same e-mail given twice
 * for one person, the same capture event listed under the person and
 * under the file), so that a referral lists each fact once and the store
 * need not de-duplicate what one record said twice.
 */
#include "referral.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/banned.h"

void referral_init(struct referral *r)
{
	memset(r, 0, sizeof(*r));
	r->received_at = TIME_NONE;
	r->incident_at = TIME_NONE;
}

static void file_release(struct referral_file *f)
{
	free(f->name);
	free(f->industry_class);
}

static void location_release(struct referral_location *l)
{
	free(l->ip);
	free(l->country);
	free(l->region);
	free(l->city);
	free(l->isp);
	free(l->asn);
}

void referral_release(struct referral *r)
{
	free(r->external_id);
	free(r->priority);
	free(r->escalation);
	free(r->incident_type);
	free(r->esp);
	free(r->network);
	free(r->client);
	free(r->annotations);
	for (size_t i = 0; i < r->nidents; i++) {
		free(r->idents[i].value);
		free(r->idents[i].service);
	}
	free(r->idents);
	free(r->ip_events);
	for (size_t i = 0; i < r->nfiles; i++)
		file_release(&r->files[i]);
	free(r->files);
	for (size_t i = 0; i < r->nlocations; i++)
		location_release(&r->locations[i]);
	free(r->locations);
	free(r->notes);
	free(r->source_file);
	referral_init(r);
}

/*
 * Make room in an array of n elements of size sz for one more; false on
 * overflow or allocation failure. The capacity is implied by n (4, then
 * each power of two): growing one element at a time copied the whole
 * array each time, quadratic in a lead of thousands of sightings. Only the
 * append helpers below grow these arrays.
 */
static bool grow(void **arr, size_t n, size_t sz)
{
	size_t cap;
	void *p;

	if (n && (n < 4 || (n & (n - 1)) != 0))
		return true; /* below the implied capacity */
	cap = n ? 2 * n : 4;
	if (cap > SIZE_MAX / sz)
		return false;
	p = realloc(*arr, cap * sz);
	if (!p)
		return false;
	*arr = p;
	return true;
}

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

bool referral_add_ident(struct referral *r, enum ident_kind kind, enum ident_role role,
			const char *value, const char *service)
{
	struct referral_ident *id;

	if (!value)
		return false;
	for (size_t i = 0; i < r->nidents; i++) {
		id = &r->idents[i];
		if (id->kind == kind && id->role == role && strcmp(id->value, value) == 0 &&
		    same_str(id->service, service))
			return true;
	}
	if (!grow((void **)&r->idents, r->nidents, sizeof(*r->idents)))
		return false;
	id = &r->idents[r->nidents];
	id->kind = kind;
	id->role = role;
	id->value = strdup(value);
	id->service = service ? strdup(service) : NULL;
	if (!id->value || (service && !id->service)) {
		free(id->value);
		free(id->service);
		return false;
	}
	r->nidents++;
	return true;
}

bool referral_add_ip_event(struct referral *r, const struct ip_event *ev)
{
	for (size_t i = 0; i < r->nip_events; i++) {
		const struct ip_event *e = &r->ip_events[i];
		if (memcmp(e->addr, ev->addr, 16) == 0 && e->at == ev->at && e->port == ev->port &&
		    e->role == ev->role && strcmp(e->event, ev->event) == 0) {
			if (e->proxy < 0)
				r->ip_events[i].proxy = ev->proxy;
			return true;
		}
	}
	if (!grow((void **)&r->ip_events, r->nip_events, sizeof(*r->ip_events)))
		return false;
	r->ip_events[r->nip_events++] = *ev;
	return true;
}

bool referral_add_file(struct referral *r, const struct referral_file *f)
{
	if (!grow((void **)&r->files, r->nfiles, sizeof(*r->files)))
		return false;
	r->files[r->nfiles++] = *f;
	return true;
}

bool referral_add_location(struct referral *r, const struct referral_location *loc)
{
	for (size_t i = 0; i < r->nlocations; i++) {
		const struct referral_location *l = &r->locations[i];
		if (same_str(l->ip, loc->ip) && same_str(l->country, loc->country) &&
		    same_str(l->region, loc->region) && same_str(l->city, loc->city) &&
		    same_str(l->isp, loc->isp) && same_str(l->asn, loc->asn)) {
			struct referral_location dup = *loc;
			location_release(&dup); /* we own it: an exact repeat adds nothing */
			return true;
		}
	}
	if (!grow((void **)&r->locations, r->nlocations, sizeof(*r->locations)))
		return false;
	r->locations[r->nlocations++] = *loc;
	return true;
}

bool referral_add_note(struct referral *r, const char *label, const char *text)
{
	struct strbuf sb = STRBUF_INIT;

	if (r->notes) {
		if (strlen(r->notes) >= REFERRAL_NOTES_MAX)
			return true; /* notes are a courtesy, not evidence: capped */
		strbuf_adds(&sb, r->notes);
		strbuf_addch(&sb, '\n');
	}
	if (label && *label)
		strbuf_addf(&sb, "%s: ", label);
	strbuf_adds(&sb, text);
	free(r->notes);
	r->notes = strbuf_detach(&sb, NULL);
	return true;
}

bool referral_set_str(char **field, const char *value)
{
	char *copy = value ? strdup(value) : NULL;

	if (value && !copy)
		return false;
	free(*field);
	*field = copy;
	return true;
}

/* Take b's copy when a has none; true if it did. */
static bool fill_str(char **a, const char *b, bool *failed)
{
	if (*a || !b)
		return false;
	if (!(*a = strdup(b)))
		*failed = true;
	return *a != NULL;
}

bool referral_fill(struct referral *into, const struct referral *from, bool *filled)
{
	bool failed = false, changed = false;

	changed |= fill_str(&into->priority, from->priority, &failed);
	changed |= fill_str(&into->escalation, from->escalation, &failed);
	changed |= fill_str(&into->incident_type, from->incident_type, &failed);
	changed |= fill_str(&into->esp, from->esp, &failed);
	changed |= fill_str(&into->network, from->network, &failed);
	changed |= fill_str(&into->client, from->client, &failed);
	changed |= fill_str(&into->annotations, from->annotations, &failed);
	changed |= fill_str(&into->notes, from->notes, &failed);
	if (from->received_at != TIME_NONE &&
	    (into->received_at == TIME_NONE || from->received_at < into->received_at)) {
		into->received_at = from->received_at;
		changed = true;
	}
	if (into->incident_at == TIME_NONE && from->incident_at != TIME_NONE) {
		into->incident_at = from->incident_at;
		changed = true;
	}
	*filled = changed;
	return !failed;
}

static const char *const kind_names[] = {
	[IDENT_EMAIL] = "email",         [IDENT_PHONE] = "phone",
	[IDENT_SCREEN_NAME] = "screen_name", [IDENT_DISPLAY_NAME] = "display_name",
	[IDENT_PROFILE_URL] = "profile_url", [IDENT_ESP_ACCOUNT] = "esp_account",
	[IDENT_DEVICE] = "device",       [IDENT_P2P_GUID] = "p2p_guid",
	[IDENT_URL] = "url",
};

const char *ident_kind_name(enum ident_kind kind)
{
	if ((int)kind < IDENT_EMAIL || (int)kind > IDENT_URL)
		return "";
	return kind_names[kind];
}

bool ident_kind_parse(const char *s, enum ident_kind *out)
{
	for (int k = IDENT_EMAIL; k <= IDENT_URL; k++)
		if (s && strcmp(s, kind_names[k]) == 0) {
			*out = (enum ident_kind)k;
			return true;
		}
	return false;
}

static const char *const role_names[] = { "reported", "recipient", "victim" };

const char *ident_role_name(enum ident_role role)
{
	if ((int)role < IDENT_ROLE_REPORTED || (int)role > IDENT_ROLE_VICTIM)
		return "";
	return role_names[role];
}

bool ident_role_parse(const char *s, enum ident_role *out)
{
	for (int k = IDENT_ROLE_REPORTED; k <= IDENT_ROLE_VICTIM; k++)
		if (s && strcmp(s, role_names[k]) == 0) {
			*out = (enum ident_role)k;
			return true;
		}
	return false;
}

void ip_event_init(struct ip_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->at = TIME_NONE;
	ev->port = -1;
	ev->proxy = -1;
}
