/*
 * migrate_audit.c - the audit log's part of a migration (migrate.h): the
 * source's entries appended to the destination's chain in batches, their
 * objects translated into the destination's ids, each batch closed by an
 * entry that says how far the source was moved ("migration:<the source's
 * database id>" ... "up to #N"), so that a later run, or a run
 * after a crash, resumes right after it.
 */
#include "migrate_internal.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/banned.h"

#define AUDIT_BATCH 2000

struct audit_batch {
	struct audit_entry *e;
	char **objects; /* translated, or NULL */
	size_t n, alloc;
	const struct id_map *cases;
};

static char *translate_object(const struct id_map *cases, const char *object)
{
	struct strbuf sb = STRBUF_INIT;
	char *end;
	long long id;

	if (strncmp(object, "case:", 5) != 0)
		return NULL;
	id = strtoll(object + 5, &end, 10);
	if (end == object + 5 || *end || id <= 0)
		return NULL;
	if (migrate_id_map_get(cases, id))
		strbuf_addf(&sb, "case:%lld", (long long)migrate_id_map_get(cases, id));
	else
		/* A case that was not copied: its entries must not name
		 * whichever case has that id here. */
		strbuf_addf(&sb, "source-case:%lld", id);
	return strbuf_detach(&sb, NULL);
}

static int audit_collect(const struct audit_entry *e, void *ctx)
{
	struct audit_batch *b = ctx;
	struct audit_entry *c;

	if (b->n == b->alloc) {
		b->alloc = b->alloc ? 2 * b->alloc : 64;
		b->e = xrealloc(b->e, b->alloc * sizeof(*b->e));
		b->objects = xrealloc(b->objects, b->alloc * sizeof(*b->objects));
	}
	c = &b->e[b->n];
	*c = *e;
	c->actor = xstrdup(e->actor);
	c->action = xstrdup(e->action);
	c->object = xstrdup(e->object);
	c->detail = xstrdup(e->detail);
	b->objects[b->n] = translate_object(b->cases, e->object);
	b->n++;
	return 0;
}

static void audit_batch_clear(struct audit_batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free((char *)b->e[i].actor);
		free((char *)b->e[i].action);
		free((char *)b->e[i].object);
		free((char *)b->e[i].detail);
		free(b->objects[i]);
	}
	b->n = 0;
}

/* "... up to #N" in the destination's last marker of this source. */
static int keep_up_to(const struct audit_entry *e, void *ctx)
{
	const char *p = strstr(e->detail, "up to #");
	int64_t *up_to = ctx;

	if (p)
		*up_to = strtoll(p + 7, NULL, 10);
	return 0;
}

static void final_detail(struct strbuf *sb, const char *origin, const struct migrate_report *r, int64_t moved)
{
	strbuf_addf(sb, "migrate from %s: %" PRId64 " cases, %" PRId64 " events, %" PRId64 " referrals, %" PRId64
		    " users, %" PRId64 " difficulties, %" PRId64 " audit entries; source audit up to #%" PRId64,
		    origin, r->cases.copied, r->events.copied, r->referrals.copied, r->users.copied,
		    r->difficulties.copied, moved, r->audit_up_to);
}

int migrate_audit_move(struct store *from, struct store *to, const char *origin, const struct id_map *cases,
		      migrate_progress_fn progress, void *ctx, struct migrate_report *out, struct err *err)
{
	struct strbuf marker = STRBUF_INIT, detail = STRBUF_INIT;
	struct audit_batch b = { NULL, NULL, 0, 0, cases };
	struct audit_filter last = { NULL, NULL, NULL, 0, 0, true, 1 };
	int rc;
	bool done = false;

	strbuf_addf(&marker, "migration:%s", out->origin_id);
	last.object = marker.buf;
	rc = store_audit_list(to, &last, keep_up_to, &out->audit_up_to, err);
	out->audit.present = out->audit_up_to;
	while (rc == HIM_OK && !done) {
		struct audit_filter next = { NULL, NULL, NULL, out->audit_up_to, 0, false, AUDIT_BATCH };

		rc = store_audit_list(from, &next, audit_collect, &b, err);
		if (rc != HIM_OK)
			break;
		done = b.n < AUDIT_BATCH;
		if (b.n)
			out->audit_up_to = b.e[b.n - 1].id;
		strbuf_reset(&detail);
		if (done) {
			/* The last batch is closed by the record of the move. */
			final_detail(&detail, origin, out, out->audit.copied + (int64_t)b.n);
		} else {
			strbuf_addf(&detail, "migrate from %s: source audit up to #%" PRId64, origin, out->audit_up_to);
		}
		rc = store_audit_move(to, b.e, (const char *const *)b.objects, b.n, origin, done ? "migrate" : "migrate_audit",
				      marker.buf, detail.buf, err);
		if (rc == HIM_OK) {
			out->audit.copied += (int64_t)b.n;
			if (progress)
				progress(MIGRATE_AUDIT, out->audit.copied, ctx);
		}
		audit_batch_clear(&b);
	}
	free(b.e);
	free(b.objects);
	strbuf_release(&marker);
	strbuf_release(&detail);
	return rc;
}

#define DATABASE_ID_NAME "database_id"
#define DATABASE_ID_BYTES 16

/* A database's identity: random bytes drawn the first time it is asked
 * for and kept in the database (store_secret_get), so that neither a
 * path, nor a first audit entry two databases initialised alike may
 * share, decides what a later run resumes. */
static int database_id(struct store *st, char out[2 * DATABASE_ID_BYTES + 1], struct err *err)
{
	unsigned char candidate[DATABASE_ID_BYTES], id[DATABASE_ID_BYTES];
	int rc;

	if (sodium_init() < 0)
		return err_set(err, HIM_EUSAGE, "libsodium cannot be initialised");
	randombytes_buf(candidate, sizeof(candidate));
	if ((rc = store_secret_get(st, DATABASE_ID_NAME, candidate, sizeof(candidate), id, err)) != HIM_OK)
		return rc;
	sodium_bin2hex(out, 2 * DATABASE_ID_BYTES + 1, id, sizeof(id));
	return HIM_OK;
}

int migrate_audit_origin(struct store *from, struct migrate_report *out, struct err *err)
{
	return database_id(from, out->origin_id, err);
}

int migrate_audit_same_origin(struct store *to, const struct migrate_report *out, struct err *err)
{
	char here[2 * DATABASE_ID_BYTES + 1];
	int rc;

	if ((rc = database_id(to, here, err)) != HIM_OK)
		return rc;
	if (strcmp(here, out->origin_id) == 0)
		return err_set(err, HIM_EUSAGE, "the destination is the source database itself, or a copy of it:"
			       " nothing is copied");
	return HIM_OK;
}
