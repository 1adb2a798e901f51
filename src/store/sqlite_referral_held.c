/*
 * sqlite_referral_held.c - the new referral an import batch holds while
 * its lead's rows come (see sqlite_referral_held.h). The writing itself is
 * in sqlite_referrals.c, with the other statements.
 */
#include "sqlite_referral_held.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

/* Write a lead with more children than this at once: memory stays small
 * whatever a lead's size, and the rows after it merge in the database. */
#define HELD_CHILDREN_MAX 4096

static char *dup_opt(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void sq_held_init(struct sq_held *h)
{
	memset(h, 0, sizeof(*h));
	referral_init(&h->r);
	key_set_init(&h->keys);
	strbuf_init(&h->scratch);
}

void sq_held_clear(struct sq_held *h)
{
	referral_release(&h->r);
	memset(h->rcap, 0, sizeof(h->rcap));
	key_set_clear(&h->keys);
	h->active = false;
}

void sq_held_release(struct sq_held *h)
{
	referral_release(&h->r);
	for (int k = 0; k < SQH_NKINDS; k++)
		free(h->pos[k]);
	key_set_release(&h->keys);
	strbuf_release(&h->scratch);
	memset(h, 0, sizeof(*h));
}

void sq_held_start(struct sq_held *h, int64_t id, const struct referral *r, const char *fingerprint,
		   int64_t import_id, const char *now)
{
	struct referral *x = &h->r;

	sq_held_clear(h);
	h->active = true;
	h->id = id;
	h->import_id = import_id;
	snprintf(x->platform, sizeof(x->platform), "%s", r->platform);
	x->external_id = xstrdup(r->external_id);
	x->fragment = r->fragment;
	x->priority = dup_opt(r->priority);
	x->escalation = dup_opt(r->escalation);
	x->incident_type = dup_opt(r->incident_type);
	x->esp = dup_opt(r->esp);
	x->network = dup_opt(r->network);
	x->client = dup_opt(r->client);
	x->annotations = dup_opt(r->annotations);
	x->received_at = r->received_at;
	x->incident_at = r->incident_at;
	x->notes = dup_opt(r->notes);
	x->content_dropped = r->content_dropped;
	x->source_file = dup_opt(r->source_file);
	x->source_line = r->source_line;
	snprintf(h->fingerprint, sizeof(h->fingerprint), "%s", fingerprint);
	snprintf(h->created_at, sizeof(h->created_at), "%s", now ? now : "");
	h->updated_at[0] = '\0';
}

bool sq_held_is(const struct sq_held *h, int64_t id)
{
	return h->active && h->id == id;
}

bool sq_held_named(const struct sq_held *h, const char *platform, const char *external_id)
{
	return h->active && strcmp(h->r.platform, platform) == 0 && strcmp(h->r.external_id, external_id) == 0;
}

/* arr (of n children of kind k) with room for one more, and room for its
 * position. The positions' arrays are kept from lead to lead; the
 * referral's arrays are freed with it (rcap back to 0). */
static void *room(struct sq_held *h, int k, void *arr, size_t n, size_t size)
{
	if (n == h->cap[k]) {
		h->cap[k] = h->cap[k] ? 2 * h->cap[k] : 8;
		h->pos[k] = xrealloc(h->pos[k], h->cap[k] * sizeof(*h->pos[k]));
	}
	if (n == h->rcap[k]) {
		h->rcap[k] = h->cap[k];
		arr = xrealloc(arr, h->rcap[k] * size);
	}
	return arr;
}

/* The key in h->scratch is new: remember it. */
static bool is_new(struct sq_held *h)
{
	return key_set_add(&h->keys, h->scratch.buf, h->scratch.len, 0);
}

void sq_held_children(struct sq_held *h, const struct referral *r, int *added)
{
	struct referral *x = &h->r;
	struct strbuf *k = &h->scratch;

	*added = 0;
	for (size_t i = 0; i < r->nidents; i++) {
		const struct referral_ident *id = &r->idents[i];
		strbuf_reset(k);
		strbuf_addch(k, 'I');
		key_num(k, id->kind);
		key_num(k, id->role);
		key_text(k, id->value);
		key_text(k, id->service);
		if (!is_new(h))
			continue;
		x->idents = room(h, SQH_IDENTS, x->idents, x->nidents, sizeof(*x->idents));
		x->idents[x->nidents] = (struct referral_ident){ id->kind, id->role, dup_opt(id->value),
								 dup_opt(id->service) };
		h->pos[SQH_IDENTS][x->nidents++] = i;
		(*added)++;
	}
	for (size_t i = 0; i < r->nip_events; i++) {
		const struct ip_event *e = &r->ip_events[i];
		strbuf_reset(k);
		strbuf_addch(k, 'E');
		key_part(k, e->addr, 16);
		key_num(k, e->at == TIME_NONE ? -1 : e->at); /* as the table stores it */
		key_num(k, e->port >= 0 ? e->port : -1);
		key_text(k, e->event);
		key_num(k, e->role);
		if (!is_new(h))
			continue;
		x->ip_events = room(h, SQH_EVENTS, x->ip_events, x->nip_events, sizeof(*x->ip_events));
		x->ip_events[x->nip_events] = *e;
		h->pos[SQH_EVENTS][x->nip_events++] = i;
		(*added)++;
	}
	for (size_t i = 0; i < r->nfiles; i++) {
		const struct referral_file *f = &r->files[i];
		strbuf_reset(k);
		strbuf_addch(k, 'F');
		key_text(k, f->name);
		key_text(k, f->md5);
		key_text(k, f->sha1);
		key_text(k, f->sha256);
		key_text(k, f->md4);
		key_text(k, f->infohash);
		if (!is_new(h))
			continue;
		x->files = room(h, SQH_FILES, x->files, x->nfiles, sizeof(*x->files));
		x->files[x->nfiles] = *f;
		x->files[x->nfiles].name = dup_opt(f->name);
		x->files[x->nfiles].industry_class = dup_opt(f->industry_class);
		h->pos[SQH_FILES][x->nfiles++] = i;
		(*added)++;
	}
	for (size_t i = 0; i < r->nlocations; i++) {
		const struct referral_location *l = &r->locations[i];
		strbuf_reset(k);
		strbuf_addch(k, 'L');
		key_text(k, l->ip);
		key_text(k, l->country);
		key_text(k, l->region);
		key_text(k, l->city);
		key_text(k, l->isp);
		key_text(k, l->asn);
		if (!is_new(h))
			continue;
		x->locations = room(h, SQH_LOCATIONS, x->locations, x->nlocations, sizeof(*x->locations));
		x->locations[x->nlocations] = (struct referral_location){
			dup_opt(l->ip), dup_opt(l->country), dup_opt(l->region),
			dup_opt(l->city), dup_opt(l->isp), dup_opt(l->asn),
		};
		h->pos[SQH_LOCATIONS][x->nlocations++] = i;
		(*added)++;
	}
}

bool sq_held_large(const struct sq_held *h)
{
	return h->keys.n > HELD_CHILDREN_MAX;
}
