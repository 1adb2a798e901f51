/*
 * import_pipe.c - a referral parser on a thread of its own (see
 * import_pipe.h for the contract).
 *
 * The parser's callbacks here copy each event (a good record moved, a
 * rejected one's strings copied, a progress mark) into a chunk; a full
 * chunk goes to a small bounded queue under one mutex, so the lock is
 * taken once per CHUNK_ITEMS records, not once per record. The calling
 * thread takes chunks in order and replays their events on the caller's
 * ops. When the caller's callback fails, the pipe stops: the parser is
 * told at its next chunk (its callback returns PIPE_STOPPED, which ends
 * its walk) and what is still queued is released unread.
 */
#include "import_pipe.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/banned.h"

#define CHUNK_ITEMS 64
#define QUEUE_CHUNKS (IMPORT_PIPE_RECORDS / CHUNK_ITEMS - 2) /* + one filling, one replaying */

/* What the parser's callback returns once the pipe is stopped: any nonzero
 * value ends a walk, and this one is never shown (the caller's error is). */
#define PIPE_STOPPED HIM_EUSAGE

enum item_kind { ITEM_REFERRAL, ITEM_REJECT, ITEM_PROGRESS };

struct item {
	enum item_kind kind;
	struct referral r;       /* its strings and arrays in the chunk's arena */
	struct ingest_reject rej; /* likewise */
	uint64_t bytes_read, bytes_total;
};

/* The strings and arrays of a chunk's items live in its arena, and a chunk
 * goes back to the parser's thread once replayed: no block is allocated by
 * one thread and freed by the other (with a malloc per string, freed
 * across the threads, glibc's malloc made the import slower than with no
 * thread at all). */
#define ARENA_BYTES (128u << 10)

struct chunk {
	size_t n;
	struct item items[CHUNK_ITEMS];
	char *arena;
	size_t used, cap;
};

struct pipe {
	pthread_mutex_t mu;
	pthread_cond_t can_put, can_take;
	struct chunk *queue[QUEUE_CHUNKS];
	size_t head, count;
	struct chunk *spare[QUEUE_CHUNKS + 2]; /* replayed, for the parser to refill */
	size_t nspare;
	bool done;    /* the parser has returned; nothing more will come */
	bool stopped; /* the caller failed: the parser must stop */

	/* The parser thread's own. */
	struct chunk *filling;
	import_read_fn read;
	void *arg;
	int read_rc;
	struct err read_err;
};

static void chunk_free(struct chunk *c)
{
	if (c) {
		free(c->arena);
		free(c);
	}
}

/* --- copies into an arena --- */

/* A copier: with base NULL it only counts the bytes a copy needs. */
struct arena {
	char *base;
	size_t used;
};

static void *arena_copy(struct arena *a, const void *src, size_t len)
{
	size_t at = (a->used + 15) & ~(size_t)15;

	if (!len)
		return NULL;
	a->used = at + len;
	if (!a->base)
		return NULL;
	memcpy(a->base + at, src, len);
	return a->base + at;
}

static char *arena_str(struct arena *a, const char *s)
{
	return s ? arena_copy(a, s, strlen(s) + 1) : NULL;
}

static void copy_referral(struct arena *a, struct referral *to, const struct referral *r)
{
	*to = *r;
	to->external_id = arena_str(a, r->external_id);
	to->priority = arena_str(a, r->priority);
	to->escalation = arena_str(a, r->escalation);
	to->incident_type = arena_str(a, r->incident_type);
	to->esp = arena_str(a, r->esp);
	to->network = arena_str(a, r->network);
	to->client = arena_str(a, r->client);
	to->annotations = arena_str(a, r->annotations);
	to->notes = arena_str(a, r->notes);
	to->source_file = arena_str(a, r->source_file);
	to->ip_events = arena_copy(a, r->ip_events, r->nip_events * sizeof(*r->ip_events));
	to->idents = arena_copy(a, r->idents, r->nidents * sizeof(*r->idents));
	for (size_t i = 0; i < r->nidents; i++) {
		char *value = arena_str(a, r->idents[i].value), *service = arena_str(a, r->idents[i].service);
		if (to->idents) {
			to->idents[i].value = value;
			to->idents[i].service = service;
		}
	}
	to->files = arena_copy(a, r->files, r->nfiles * sizeof(*r->files));
	for (size_t i = 0; i < r->nfiles; i++) {
		char *name = arena_str(a, r->files[i].name), *cls = arena_str(a, r->files[i].industry_class);
		if (to->files) {
			to->files[i].name = name;
			to->files[i].industry_class = cls;
		}
	}
	to->locations = arena_copy(a, r->locations, r->nlocations * sizeof(*r->locations));
	for (size_t i = 0; i < r->nlocations; i++) {
		const struct referral_location *l = &r->locations[i];
		struct referral_location c = {
			arena_str(a, l->ip), arena_str(a, l->country), arena_str(a, l->region),
			arena_str(a, l->city), arena_str(a, l->isp), arena_str(a, l->asn),
		};
		if (to->locations)
			to->locations[i] = c;
	}
}

static void copy_reject(struct arena *a, struct ingest_reject *to, const struct ingest_reject *rej)
{
	*to = *rej;
	to->file = arena_str(a, rej->file);
	to->path = arena_str(a, rej->path);
	to->record_id = arena_str(a, rej->record_id);
	to->reason = arena_str(a, rej->reason);
}

/* --- the parser's side --- */

/* Hand the filling chunk to the queue; false when the pipe is stopped. */
static bool push(struct pipe *p)
{
	struct chunk *c = p->filling;
	bool stopped;

	p->filling = NULL;
	if (!c)
		return true;
	pthread_mutex_lock(&p->mu);
	while (p->count == QUEUE_CHUNKS && !p->stopped)
		pthread_cond_wait(&p->can_put, &p->mu);
	stopped = p->stopped;
	if (!stopped) {
		p->queue[(p->head + p->count) % QUEUE_CHUNKS] = c;
		p->count++;
		pthread_cond_signal(&p->can_take);
	}
	pthread_mutex_unlock(&p->mu);
	if (stopped)
		chunk_free(c);
	return !stopped;
}

/* An empty chunk whose arena holds at least bytes: a spare one if any. */
static struct chunk *chunk_get(struct pipe *p, size_t bytes)
{
	struct chunk *c = NULL;

	pthread_mutex_lock(&p->mu);
	if (p->nspare)
		c = p->spare[--p->nspare];
	pthread_mutex_unlock(&p->mu);
	if (!c)
		c = xcalloc(1, sizeof(*c));
	if (c->cap < bytes) {
		free(c->arena);
		c->cap = bytes > ARENA_BYTES ? bytes : ARENA_BYTES;
		c->arena = xmalloc(c->cap);
	}
	c->n = 0;
	c->used = 0;
	return c;
}

/* The next item of the filling chunk, with an arena of bytes at *a; NULL
 * when the pipe is stopped. */
static struct item *next_item(struct pipe *p, enum item_kind kind, size_t bytes, struct arena *a)
{
	struct chunk *c = p->filling;
	struct item *it;

	/* Every copy starts 16-aligned, as the arena_copy offsets assume. */
	bytes = (bytes + 15) & ~(size_t)15;
	if (c && (c->n == CHUNK_ITEMS || c->cap - c->used < bytes)) {
		if (!push(p))
			return NULL;
		c = NULL;
	}
	if (!c)
		c = p->filling = chunk_get(p, bytes);
	it = &c->items[c->n++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	a->base = c->arena + c->used;
	a->used = 0;
	c->used += bytes;
	return it;
}

static int put_referral(struct referral *r, void *ctx)
{
	struct arena count = { NULL, 0 }, a;
	struct referral scratch;
	struct item *it;

	copy_referral(&count, &scratch, r);
	if (!(it = next_item(ctx, ITEM_REFERRAL, count.used, &a)))
		return PIPE_STOPPED;
	copy_referral(&a, &it->r, r);
	return HIM_OK;
}

static void put_reject(const struct ingest_reject *rej, void *ctx)
{
	struct arena count = { NULL, 0 }, a;
	struct ingest_reject scratch;
	struct item *it;

	copy_reject(&count, &scratch, rej);
	/* Stopped: dropped, and the parser ends at its next good record. */
	if ((it = next_item(ctx, ITEM_REJECT, count.used, &a)))
		copy_reject(&a, &it->rej, rej);
}

static void put_progress(uint64_t bytes_read, uint64_t bytes_total, void *ctx)
{
	struct arena none;
	struct item *it = next_item(ctx, ITEM_PROGRESS, 0, &none);

	if (it) {
		it->bytes_read = bytes_read;
		it->bytes_total = bytes_total;
	}
}

static void *parser_main(void *arg)
{
	static const struct referral_reader_ops ops = { put_referral, put_reject, put_progress };
	struct pipe *p = arg;

	p->read_rc = p->read(p->arg, &ops, p, &p->read_err);
	push(p);
	pthread_mutex_lock(&p->mu);
	p->done = true;
	pthread_cond_signal(&p->can_take);
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* --- the caller's side --- */

/* The next chunk in order; NULL when the parser is done and all is taken. */
static struct chunk *take(struct pipe *p)
{
	struct chunk *c = NULL;

	pthread_mutex_lock(&p->mu);
	while (!p->count && !p->done)
		pthread_cond_wait(&p->can_take, &p->mu);
	if (p->count) {
		c = p->queue[p->head];
		p->head = (p->head + 1) % QUEUE_CHUNKS;
		p->count--;
		pthread_cond_signal(&p->can_put);
	}
	pthread_mutex_unlock(&p->mu);
	return c;
}

/* A replayed chunk back to the parser's thread. */
static void recycle(struct pipe *p, struct chunk *c)
{
	pthread_mutex_lock(&p->mu);
	if (p->nspare < sizeof(p->spare) / sizeof(p->spare[0])) {
		p->spare[p->nspare++] = c;
		c = NULL;
	}
	pthread_mutex_unlock(&p->mu);
	chunk_free(c);
}

static void stop(struct pipe *p)
{
	pthread_mutex_lock(&p->mu);
	p->stopped = true;
	pthread_cond_broadcast(&p->can_put);
	pthread_mutex_unlock(&p->mu);
}

static int replay(struct item *it, const struct referral_reader_ops *ops, void *ctx)
{
	switch (it->kind) {
	case ITEM_REFERRAL:
		return ops->on_referral ? ops->on_referral(&it->r, ctx) : HIM_OK;
	case ITEM_REJECT:
		if (ops->on_reject)
			ops->on_reject(&it->rej, ctx);
		return HIM_OK;
	case ITEM_PROGRESS:
		if (ops->on_progress)
			ops->on_progress(it->bytes_read, it->bytes_total, ctx);
		return HIM_OK;
	}
	return HIM_OK;
}

int import_pipe_run(import_read_fn read, void *arg, const struct referral_reader_ops *ops, void *ctx,
		    struct err *err)
{
	struct pipe *p = xcalloc(1, sizeof(*p));
	struct chunk *c;
	pthread_t thread;
	int rc = HIM_OK;

	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->can_put, NULL);
	pthread_cond_init(&p->can_take, NULL);
	p->read = read;
	p->arg = arg;
	if (pthread_create(&thread, NULL, parser_main, p) != 0) {
		rc = read(arg, ops, ctx, err);
		goto out;
	}
	while ((c = take(p))) {
		for (size_t i = 0; i < c->n && rc == HIM_OK; i++)
			if ((rc = replay(&c->items[i], ops, ctx)) != HIM_OK)
				stop(p);
		recycle(p, c);
	}
	pthread_join(thread, NULL);
	chunk_free(p->filling);
	for (size_t i = 0; i < p->nspare; i++)
		chunk_free(p->spare[i]);
	if (rc == HIM_OK && (rc = p->read_rc) != HIM_OK)
		*err = p->read_err;
out:
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->can_put);
	pthread_cond_destroy(&p->can_take);
	free(p);
	return rc;
}
