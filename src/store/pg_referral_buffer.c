/*
 * pg_referral_buffer.c - the referrals an import batch creates, held in
 * memory and sent with COPY (see pg_referral_buffer.h for the contract).
 *
 * Why: an import writes, per record, a referral row and four to ten child
 * rows (identifiers, IP sightings, files, locations). One INSERT per row
 * is one round trip to the server per row; COPY sends them all in one
 * stream per table and PostgreSQL loads them in its fastest path. The
 * price is that what COPY would refuse must be settled here first: a child
 * row equal to one already held (SQLite's ON CONFLICT DO NOTHING) is
 * dropped by the key set, and a referral's later rows fill its held fields.
 *
 * COPY text format: columns separated by tabs, rows by newlines, \N for
 * NULL, and backslash, tab, newline and carriage return escaped. The
 * sending itself is in pg_referral_send.c: a full buffer's rows are handed
 * to a thread (their strbufs swapped, not copied) and the buffer fills
 * again meanwhile.
 */
#include "pg_internal.h"
#include "pg_import_bulk.h"
#include "pg_referral_buffer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/ident.h"
#include "../lib/banned.h"

/* Send what is held once it passes this many bytes: memory stays bounded
 * whatever the batch size, and COPY is as fast with 4 MiB as with more. */
#define PGB_SEND_BYTES (4u << 20)

/* --- COPY text --- */

static void copy_text(struct strbuf *sb, const char *s)
{
	if (!s) {
		strbuf_add(sb, "\\N", 2);
		return;
	}
	for (;;) {
		size_t n = strcspn(s, "\\\t\n\r");
		strbuf_add(sb, s, n);
		s += n;
		if (!*s)
			return;
		strbuf_addch(sb, '\\');
		strbuf_addch(sb, *s == '\t' ? 't' : *s == '\n' ? 'n' : *s == '\r' ? 'r' : '\\');
		s++;
	}
}

/* NULL and "" are both '' in the child tables' key columns. */
static void copy_key(struct strbuf *sb, const char *s)
{
	copy_text(sb, s ? s : "");
}

static void copy_num(struct strbuf *sb, int64_t v)
{
	strbuf_addi64(sb, v);
}

static void copy_opt_num(struct strbuf *sb, int64_t v)
{
	if (v < 0)
		strbuf_add(sb, "\\N", 2);
	else
		copy_num(sb, v);
}

/* A time as ISO-8601 UTC, which timestamptz reads. */
static void copy_time(struct strbuf *sb, utc_time_t t)
{
	char buf[IDENT_TIME_TEXT_MAX];

	if (t == TIME_NONE) {
		strbuf_add(sb, "\\N", 2);
		return;
	}
	ident_time_format(t, buf);
	strbuf_adds(sb, buf);
}

static void copy_sep(struct strbuf *sb)
{
	strbuf_addch(sb, '\t');
}

static void copy_end(struct strbuf *sb)
{
	strbuf_addch(sb, '\n');
}

/* --- the buffer --- */

void pg_referral_buffer_init(struct pg_referral_buffer *b, int64_t next_id)
{
	memset(b, 0, sizeof(*b));
	b->first_id = b->next_id = next_id;
	key_set_init(&b->names);
	key_set_init(&b->children);
	for (int i = 0; i < PGB_NTABLES; i++)
		strbuf_init(&b->rows[i]);
	pg_copy_job_init(&b->job);
	strbuf_init(&b->scratch);
}

static void buffered_release(struct pg_buffered *x)
{
	free(x->external_id);
	for (int i = 0; i < PGB_NTEXT; i++)
		free(x->text[i]);
	free(x->source_file);
}

/* Forget what is held; ids go on from next_id. */
static void buffer_empty(struct pg_referral_buffer *b)
{
	for (size_t i = 0; i < b->nrefs; i++)
		buffered_release(&b->refs[i]);
	b->nrefs = 0;
	b->first_id = b->next_id;
	key_set_clear(&b->names);
	key_set_clear(&b->children);
	for (int i = 0; i < PGB_NTABLES; i++)
		strbuf_reset(&b->rows[i]);
	b->bytes = 0;
}

void pg_referral_buffer_release(struct pg_referral_buffer *b)
{
	pg_copy_job_release(&b->job); /* waits for a sending in flight */
	buffer_empty(b);
	free(b->refs);
	key_set_release(&b->names);
	key_set_release(&b->children);
	for (int i = 0; i < PGB_NTABLES; i++)
		strbuf_release(&b->rows[i]);
	strbuf_release(&b->scratch);
	b->refs = NULL;
	b->cap = 0;
}

static const struct strbuf *name_key(struct pg_referral_buffer *b, const char *platform, const char *external_id)
{
	strbuf_reset(&b->scratch);
	key_text(&b->scratch, platform);
	key_text(&b->scratch, external_id);
	return &b->scratch;
}

struct pg_buffered *pg_referral_buffer_find(struct pg_referral_buffer *b, const char *platform,
					    const char *external_id)
{
	const struct strbuf *k = name_key(b, platform, external_id);
	int64_t i = key_set_get(&b->names, k->buf, k->len);

	return i < 0 ? NULL : &b->refs[i];
}

struct pg_buffered *pg_referral_buffer_get(struct pg_referral_buffer *b, int64_t id)
{
	if (id < b->first_id || id >= b->next_id)
		return NULL;
	return &b->refs[id - b->first_id];
}

static char *dup_opt(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

struct pg_buffered *pg_referral_buffer_add(struct pg_referral_buffer *b, const struct referral *r,
					   const char *fingerprint, int64_t import_id, const char *now)
{
	const char *text[PGB_NTEXT] = {
		[PGB_PRIORITY] = r->priority, [PGB_ESCALATION] = r->escalation,
		[PGB_INCIDENT_TYPE] = r->incident_type, [PGB_ESP] = r->esp, [PGB_NETWORK] = r->network,
		[PGB_CLIENT] = r->client, [PGB_ANNOTATIONS] = r->annotations, [PGB_NOTES] = r->notes,
	};
	const struct strbuf *k;
	struct pg_buffered *x;

	if (b->nrefs == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 256;
		b->refs = xrealloc(b->refs, b->cap * sizeof(*b->refs));
	}
	x = &b->refs[b->nrefs];
	memset(x, 0, sizeof(*x));
	x->id = b->next_id;
	x->import_id = import_id;
	snprintf(x->platform, sizeof(x->platform), "%s", r->platform);
	x->external_id = xstrdup(r->external_id);
	for (int i = 0; i < PGB_NTEXT; i++) {
		x->text[i] = dup_opt(text[i]);
		b->bytes += text[i] ? strlen(text[i]) : 0;
	}
	x->received_at = r->received_at;
	x->incident_at = r->incident_at;
	x->content_dropped = r->content_dropped;
	snprintf(x->fingerprint, sizeof(x->fingerprint), "%s", fingerprint ? fingerprint : "");
	x->source_file = dup_opt(r->source_file);
	x->source_line = r->source_line;
	snprintf(x->created_at, sizeof(x->created_at), "%s", now ? now : "");
	k = name_key(b, r->platform, r->external_id);
	key_set_add(&b->names, k->buf, k->len, (int64_t)b->nrefs);
	b->nrefs++;
	b->next_id++;
	b->bytes += sizeof(*x) + k->len + strlen(r->external_id);
	return x;
}

bool pg_referral_buffer_fill(struct pg_buffered *x, const struct referral *r)
{
	const char *text[PGB_NTEXT] = {
		[PGB_PRIORITY] = r->priority, [PGB_ESCALATION] = r->escalation,
		[PGB_INCIDENT_TYPE] = r->incident_type, [PGB_ESP] = r->esp, [PGB_NETWORK] = r->network,
		[PGB_CLIENT] = r->client, [PGB_ANNOTATIONS] = r->annotations, [PGB_NOTES] = r->notes,
	};
	bool changed = false;

	for (int i = 0; i < PGB_NTEXT; i++) {
		if (!x->text[i] && text[i]) {
			x->text[i] = xstrdup(text[i]);
			changed = true;
		}
	}
	/* The earliest received_at any row gives (order-independent). */
	if (r->received_at != TIME_NONE && (x->received_at == TIME_NONE || r->received_at < x->received_at)) {
		x->received_at = r->received_at;
		changed = true;
	}
	if (x->incident_at == TIME_NONE && r->incident_at != TIME_NONE) {
		x->incident_at = r->incident_at;
		changed = true;
	}
	return changed;
}

/* Add the key in b->scratch; true if it is new. */
static bool child_new(struct pg_referral_buffer *b)
{
	return key_set_add(&b->children, b->scratch.buf, b->scratch.len, 0);
}

void pg_referral_buffer_children(struct pg_referral_buffer *b, int64_t id, const struct referral *r, int *added)
{
	size_t before = b->rows[PGB_IDENTS].len + b->rows[PGB_EVENTS].len + b->rows[PGB_FILES].len +
			b->rows[PGB_LOCATIONS].len + b->children.keys.len;

	*added = 0;
	for (size_t i = 0; i < r->nidents; i++) {
		const struct referral_ident *x = &r->idents[i];
		const char *kind = ident_kind_name(x->kind), *role = ident_role_name(x->role);
		struct strbuf *sb = &b->rows[PGB_IDENTS];

		strbuf_reset(&b->scratch);
		strbuf_addch(&b->scratch, 'I');
		key_num(&b->scratch, id);
		key_text(&b->scratch, kind);
		key_text(&b->scratch, role);
		key_text(&b->scratch, x->value);
		key_text(&b->scratch, x->service);
		if (!child_new(b))
			continue;
		(*added)++;
		copy_num(sb, id); copy_sep(sb);
		copy_text(sb, kind); copy_sep(sb);
		copy_text(sb, role); copy_sep(sb);
		copy_key(sb, x->value); copy_sep(sb);
		copy_key(sb, x->service); copy_sep(sb);
		copy_num(sb, (int64_t)i); copy_end(sb);
	}
	for (size_t i = 0; i < r->nip_events; i++) {
		const struct ip_event *e = &r->ip_events[i];
		const char *role = ident_role_name(e->role);
		struct strbuf *sb = &b->rows[PGB_EVENTS];

		strbuf_reset(&b->scratch);
		strbuf_addch(&b->scratch, 'E');
		key_num(&b->scratch, id);
		key_part(&b->scratch, e->addr, 16);
		key_num(&b->scratch, e->at);
		key_num(&b->scratch, e->port >= 0 ? e->port : -1);
		key_text(&b->scratch, e->event);
		key_text(&b->scratch, role);
		if (!child_new(b))
			continue;
		(*added)++;
		copy_num(sb, id); copy_sep(sb);
		copy_text(sb, e->ip); copy_sep(sb);
		copy_time(sb, e->at); copy_sep(sb);
		copy_opt_num(sb, e->port); copy_sep(sb);
		copy_text(sb, e->event); copy_sep(sb);
		copy_text(sb, role); copy_sep(sb);
		if (e->proxy < 0)
			strbuf_add(sb, "\\N", 2);
		else
			strbuf_addch(sb, e->proxy ? 't' : 'f');
		copy_sep(sb);
		copy_num(sb, (int64_t)i); copy_end(sb);
	}
	for (size_t i = 0; i < r->nfiles; i++) {
		const struct referral_file *f = &r->files[i];
		struct strbuf *sb = &b->rows[PGB_FILES];

		strbuf_reset(&b->scratch);
		strbuf_addch(&b->scratch, 'F');
		key_num(&b->scratch, id);
		key_text(&b->scratch, f->name);
		key_text(&b->scratch, f->md5);
		key_text(&b->scratch, f->sha1);
		key_text(&b->scratch, f->sha256);
		key_text(&b->scratch, f->md4);
		key_text(&b->scratch, f->infohash);
		if (!child_new(b))
			continue;
		(*added)++;
		copy_num(sb, id); copy_sep(sb);
		copy_key(sb, f->name); copy_sep(sb);
		copy_text(sb, f->md5); copy_sep(sb);
		copy_text(sb, f->sha1); copy_sep(sb);
		copy_text(sb, f->sha256); copy_sep(sb);
		copy_text(sb, f->md4); copy_sep(sb);
		copy_text(sb, f->infohash); copy_sep(sb);
		copy_text(sb, f->industry_class); copy_sep(sb);
		copy_num(sb, (int64_t)i); copy_end(sb);
	}
	for (size_t i = 0; i < r->nlocations; i++) {
		const struct referral_location *l = &r->locations[i];
		struct strbuf *sb = &b->rows[PGB_LOCATIONS];

		strbuf_reset(&b->scratch);
		strbuf_addch(&b->scratch, 'L');
		key_num(&b->scratch, id);
		key_text(&b->scratch, l->ip);
		key_text(&b->scratch, l->country);
		key_text(&b->scratch, l->region);
		key_text(&b->scratch, l->city);
		key_text(&b->scratch, l->isp);
		key_text(&b->scratch, l->asn);
		if (!child_new(b))
			continue;
		(*added)++;
		copy_num(sb, id); copy_sep(sb);
		copy_key(sb, l->ip); copy_sep(sb);
		copy_key(sb, l->country); copy_sep(sb);
		copy_key(sb, l->region); copy_sep(sb);
		copy_key(sb, l->city); copy_sep(sb);
		copy_key(sb, l->isp); copy_sep(sb);
		copy_key(sb, l->asn); copy_sep(sb);
		copy_num(sb, (int64_t)i); copy_end(sb);
	}
	b->bytes += b->rows[PGB_IDENTS].len + b->rows[PGB_EVENTS].len + b->rows[PGB_FILES].len +
		    b->rows[PGB_LOCATIONS].len + b->children.keys.len - before;
}

/* What it holds. The key set's slots count by what it holds (its table
 * stays allocated after a send, at the size it grew to). */
static size_t held(const struct pg_referral_buffer *b)
{
	return b->bytes + key_set_slot_bytes(&b->children) + key_set_slot_bytes(&b->names);
}

bool pg_referral_buffer_full(const struct pg_referral_buffer *b)
{
	return held(b) > PGB_SEND_BYTES;
}

bool pg_referral_buffer_overflowing(const struct pg_referral_buffer *b)
{
	return held(b) > 4 * PGB_SEND_BYTES;
}

/* --- sending --- */

static void copy_referral(struct strbuf *sb, const struct pg_buffered *x)
{
	copy_num(sb, x->id); copy_sep(sb);
	copy_text(sb, x->platform); copy_sep(sb);
	copy_text(sb, x->external_id); copy_sep(sb);
	for (int i = PGB_PRIORITY; i <= PGB_ANNOTATIONS; i++) {
		copy_text(sb, x->text[i]);
		copy_sep(sb);
	}
	copy_time(sb, x->received_at); copy_sep(sb);
	copy_time(sb, x->incident_at); copy_sep(sb);
	copy_text(sb, x->text[PGB_NOTES]); copy_sep(sb);
	copy_num(sb, x->content_dropped); copy_sep(sb);
	copy_text(sb, x->fingerprint); copy_sep(sb);
	copy_text(sb, x->source_file); copy_sep(sb);
	copy_opt_num(sb, x->source_line > 0 ? x->source_line : -1); copy_sep(sb);
	copy_opt_num(sb, x->import_id > 0 ? x->import_id : -1); copy_sep(sb);
	copy_text(sb, x->created_at); copy_sep(sb);
	copy_text(sb, x->updated_at[0] ? x->updated_at : NULL); copy_end(sb);
}

/* Note an import the referrals sent name (a batch's are all one). */
static void job_import(struct pg_copy_job *job, int64_t id)
{
	if (id <= 0 || (job->nimports && job->imports[job->nimports - 1] == id))
		return;
	for (size_t i = 0; i < job->nimports; i++)
		if (job->imports[i] == id)
			return;
	if (job->nimports == job->cap_imports) {
		job->cap_imports = job->cap_imports ? 2 * job->cap_imports : 4;
		job->imports = xrealloc(job->imports, job->cap_imports * sizeof(*job->imports));
	}
	job->imports[job->nimports++] = id;
}

int pg_referral_buffer_send(struct store *st, struct pg_referral_buffer *b, bool wait, struct err *err)
{
	struct pg_copy_job *job = &b->job;
	int rc = pg_copy_job_wait(job, err);

	if (rc != HIM_OK) {
		buffer_empty(b);
		return rc;
	}
	/* The job's buffers (sent, emptied) become the buffer's, and the
	 * buffer's rows the job's: no copy, and the memory is reused. */
	strbuf_reset(&job->rows[PGB_REFERRALS]);
	job->nimports = 0;
	for (size_t i = 0; i < b->nrefs; i++) {
		copy_referral(&job->rows[PGB_REFERRALS], &b->refs[i]);
		job_import(job, b->refs[i].import_id);
	}
	for (int i = PGB_IDENTS; i < PGB_NTABLES; i++) {
		struct strbuf t = job->rows[i];
		job->rows[i] = b->rows[i];
		b->rows[i] = t;
	}
	buffer_empty(b);
	return pg_copy_job_start(job, st, wait, err);
}

int pg_referral_buffer_wait(struct pg_referral_buffer *b, struct err *err)
{
	return pg_copy_job_wait(&b->job, err);
}
