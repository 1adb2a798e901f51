/*
 * pg_referrals.c - referrals in the PostgreSQL backend: the upsert
 * primitives an import batch uses and the import log (the twin of
 * sqlite_referrals.c, with the same results and error codes). Reads and
 * the referral-case link are in pg_referral_read.c.
 *
 * PostgreSQL: the referrals a batch creates, with their children, are held
 * in memory (pg_referral_buffer.c) and sent with COPY when the batch is
 * flushed (referral_stmts_flush, before the commit), when the buffer is
 * full (on a thread of its own while the import reads on:
 * pg_referral_send.c), or before a statement that must see them in the
 * database (a supplement replacing one of them, a revision naming one).
 * Every statement here first waits for a sending in flight: one thread at
 * a time uses the connection. Their ids are given here: max(id) + 1 read
 * under the write lock that begin() holds, counting up, as SQLite's rowid
 * does, so both backends number referrals alike; the identity sequence is
 * moved past them at the flush. During a large import the lookup of a new
 * identity is answered from memory (pg_import_bulk.c).
 *
 * Rows added to a referral already in the database (a lead's rows in a
 * later batch or file) go in one statement per call: every child table's
 * INSERT ... SELECT FROM unnest(arrays) ... ON CONFLICT DO NOTHING in one
 * WITH, which counts the rows it added. The de-duplicating keys are the
 * child tables' unique indexes (002_referrals.sql). Nothing here tries a
 * statement and falls back on its failure: an error aborts a PostgreSQL
 * transaction.
 */
#include "pg_internal.h"
#include "pg_import_bulk.h"
#include "pg_referral_buffer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/ident.h"
#include "../lib/strbuf.h"
#include "../lib/banned.h"

struct pg_batch {
	struct pg_referral_buffer buf;
	bool inserted;         /* ids were given: move the sequence on */
	struct strbuf arrays[23]; /* children_add's array parameters */
};

/* A time parameter: ISO-8601 UTC text, which timestamptz reads. */
struct pg_time_text {
	char buf[IDENT_TIME_TEXT_MAX];
};

static const char *time_text(struct pg_time_text *t, utc_time_t v)
{
	if (v == TIME_NONE)
		return NULL;
	ident_time_format(v, t->buf);
	return t->buf;
}

int pg_referral_stmts_open(struct store *st, void **state, struct err *err)
{
	static const char sql[] = "SELECT coalesce(max(id), 0) FROM referrals";
	struct pg_batch *t;
	PGresult *res;
	int64_t max_id;
	int rc;

	*state = NULL;
	if ((rc = pg_query(st, sql, NULL, &res, "reading the referrals", err)) != HIM_OK)
		return rc;
	max_id = pg_col_int(res, 0, 0);
	PQclear(res);
	if ((rc = pg_import_bulk_batch_open(st, max_id, err)) != HIM_OK)
		return rc;
	t = xcalloc(1, sizeof(*t));
	pg_referral_buffer_init(&t->buf, max_id + 1);
	for (size_t i = 0; i < sizeof(t->arrays) / sizeof(t->arrays[0]); i++)
		strbuf_init(&t->arrays[i]);
	*state = t;
	return HIM_OK;
}

int pg_referral_stmts_flush(struct store *st, void *state, struct err *err)
{
	static const char seq_sql[] = "SELECT setval(pg_get_serial_sequence('referrals', 'id'), $1)";
	struct pg_batch *t = state;
	struct pg_params p;
	int rc;

	if (!t)
		return HIM_OK;
	rc = pg_referral_buffer_send(st, &t->buf, true, err);
	if (rc == HIM_OK && t->inserted) {
		pg_params_init(&p);
		pg_param_int(&p, t->buf.next_id - 1);
		rc = pg_query(st, seq_sql, &p, NULL, "numbering the referrals", err);
		t->inserted = false;
	}
	return rc;
}

void pg_referral_stmts_close(struct store *st, void *state)
{
	struct pg_batch *t = state;

	(void)st;
	if (!t)
		return;
	/* What was not flushed goes with the transaction's rollback. */
	pg_referral_buffer_release(&t->buf);
	for (size_t i = 0; i < sizeof(t->arrays) / sizeof(t->arrays[0]); i++)
		strbuf_release(&t->arrays[i]);
	free(t);
}

/* Send the buffer if id is held in it: the next statement must see it.
 * Either way, the connection is free for that statement when it returns
 * (a sending in flight is waited for). */
static int send_if_held(struct store *st, struct pg_batch *t, int64_t id, struct err *err)
{
	return pg_referral_buffer_get(&t->buf, id) ? pg_referral_stmts_flush(st, t, err)
						   : pg_referral_buffer_wait(&t->buf, err);
}

/*
 * A full buffer goes on a thread of its own while the import reads on.
 * Sent when a new referral comes, not in the middle of one: the rows that
 * follow (a CPS lead's next rows) find it still held, where filling it
 * costs nothing, rather than in the database, where each would wait for
 * the sending (that waiting undid the overlap: 200,000 CPS rows took the
 * sum of both sides' CPU). Only a referral far larger than a buffer is
 * sent in the middle, to bound memory.
 */
static int send_if_full(struct store *st, struct pg_batch *t, bool new_referral, struct err *err)
{
	if (new_referral ? pg_referral_buffer_full(&t->buf) : pg_referral_buffer_overflowing(&t->buf))
		return pg_referral_buffer_send(st, &t->buf, false, err);
	return HIM_OK;
}

int pg_referral_lookup(struct store *st, void *state, const char *platform, const char *external_id,
		       int64_t *id, char fingerprint[33], int64_t *import_id, struct err *err)
{
	static const char sql[] = "SELECT id, fingerprint, coalesce(import_id, 0) FROM referrals"
				  " WHERE platform = $1 AND external_id = $2";
	struct pg_batch *t = state;
	struct pg_buffered *x = pg_referral_buffer_find(&t->buf, platform, external_id);
	struct pg_params p;
	PGresult *res;
	int rc;

	if (x) {
		*id = x->id;
		memcpy(fingerprint, x->fingerprint, 33);
		*import_id = x->import_id > 0 ? x->import_id : 0;
		return HIM_OK;
	}
	if (pg_import_bulk_absent(st, platform, external_id))
		return HIM_ENOTFOUND;
	if ((rc = pg_referral_buffer_wait(&t->buf, err)) != HIM_OK)
		return rc;
	pg_params_init(&p);
	pg_param_text(&p, platform);
	pg_param_text(&p, external_id);
	if ((rc = pg_query(st, sql, &p, &res, "looking up a referral", err)) != HIM_OK)
		return rc;
	if (PQntuples(res) == 0) {
		rc = HIM_ENOTFOUND;
	} else {
		*id = pg_col_int(res, 0, 0);
		snprintf(fingerprint, 33, "%s", PQgetvalue(res, 0, 1));
		*import_id = pg_col_int(res, 0, 2);
	}
	PQclear(res);
	return rc;
}

int pg_referral_insert(struct store *st, void *state, const struct referral *r, const char *fingerprint,
		       int64_t import_id, const char *now, int64_t *id, struct err *err)
{
	struct pg_batch *t = state;
	int rc;

	if ((rc = send_if_full(st, t, true, err)) != HIM_OK)
		return rc;
	*id = pg_referral_buffer_add(&t->buf, r, fingerprint, import_id, now)->id;
	pg_import_bulk_note(st, r->platform, r->external_id, *id);
	t->inserted = true;
	return HIM_OK;
}

/* The ten fields both insert and replace write, from $first on. */
static void param_fields(struct pg_params *p, const struct referral *r, struct pg_time_text tt[2])
{
	pg_param_text(p, r->priority);
	pg_param_text(p, r->escalation);
	pg_param_text(p, r->incident_type);
	pg_param_text(p, r->esp);
	pg_param_text(p, r->network);
	pg_param_text(p, r->client);
	pg_param_text(p, r->annotations);
	pg_param_text(p, time_text(&tt[0], r->received_at));
	pg_param_text(p, time_text(&tt[1], r->incident_at));
	pg_param_text(p, r->notes);
}

int pg_referral_replace(struct store *st, void *state, int64_t id, const struct referral *r,
			const char *fingerprint, const char *now, struct err *err)
{
	/* One statement: the row's new content, its old children gone. */
	static const char sql[] =
		"WITH di AS (DELETE FROM referral_idents WHERE referral_id = $16),"
		" de AS (DELETE FROM ip_events WHERE referral_id = $16),"
		" df AS (DELETE FROM referral_files WHERE referral_id = $16),"
		" dl AS (DELETE FROM referral_locations WHERE referral_id = $16)"
		" UPDATE referrals SET priority = $1, escalation = $2, incident_type = $3, esp = $4,"
		" network = $5, client = $6, annotations = $7, received_at = $8, incident_at = $9,"
		" notes = $10, content_dropped = $11, fingerprint = $12, source_file = $13, source_line = $14,"
		" updated_at = $15 WHERE id = $16";
	struct pg_time_text tt[2];
	struct pg_params p;
	int rc;

	if ((rc = send_if_held(st, state, id, err)) != HIM_OK)
		return rc;
	pg_params_init(&p);
	param_fields(&p, r, tt);
	pg_param_int(&p, r->content_dropped);
	pg_param_text(&p, fingerprint);
	pg_param_text(&p, r->source_file);
	pg_param_opt_int(&p, r->source_line > 0 ? r->source_line : -1);
	pg_param_text(&p, now);
	pg_param_int(&p, id);
	return pg_query(st, sql, &p, NULL, "updating a referral", err);
}

int pg_referral_fill(struct store *st, void *state, int64_t id, const struct referral *r, bool *filled,
		     struct err *err)
{
	/* Fill what is empty; received_at is the earliest any row gives, so
	 * that the result does not depend on the order rows arrive in
	 * (least() passes over a NULL, as SQLite's two-sided min does here). */
	static const char sql[] =
		"UPDATE referrals SET priority = coalesce(priority, $2),"
		" escalation = coalesce(escalation, $3), incident_type = coalesce(incident_type, $4),"
		" esp = coalesce(esp, $5), network = coalesce(network, $6), client = coalesce(client, $7),"
		" annotations = coalesce(annotations, $8),"
		" received_at = least(received_at, $9::timestamptz),"
		" incident_at = coalesce(incident_at, $10::timestamptz), notes = coalesce(notes, $11)"
		" WHERE id = $1 AND ((priority IS NULL AND $2::text IS NOT NULL)"
		" OR (escalation IS NULL AND $3::text IS NOT NULL) OR (incident_type IS NULL AND $4::text IS NOT NULL)"
		" OR (esp IS NULL AND $5::text IS NOT NULL) OR (network IS NULL AND $6::text IS NOT NULL)"
		" OR (client IS NULL AND $7::text IS NOT NULL) OR (annotations IS NULL AND $8::text IS NOT NULL)"
		" OR ($9::timestamptz IS NOT NULL AND (received_at IS NULL OR $9::timestamptz < received_at))"
		" OR (incident_at IS NULL AND $10::timestamptz IS NOT NULL)"
		" OR (notes IS NULL AND $11::text IS NOT NULL))";
	struct pg_batch *t = state;
	struct pg_buffered *x = pg_referral_buffer_get(&t->buf, id);
	struct pg_time_text tt[2];
	struct pg_params p;
	PGresult *res;
	int rc;

	if (x) {
		*filled = pg_referral_buffer_fill(x, r);
		return HIM_OK;
	}
	*filled = false;
	if ((rc = pg_referral_buffer_wait(&t->buf, err)) != HIM_OK)
		return rc;
	pg_params_init(&p);
	pg_param_int(&p, id);
	param_fields(&p, r, tt);
	rc = pg_query(st, sql, &p, &res, "merging a referral", err);
	*filled = rc == HIM_OK && pg_affected(res) > 0;
	if (rc == HIM_OK)
		PQclear(res);
	return rc;
}

int pg_referral_set_fingerprint(struct store *st, void *state, int64_t id, const char *fingerprint,
				const char *now, struct err *err)
{
	static const char sql[] = "UPDATE referrals SET fingerprint = $1, updated_at = $2 WHERE id = $3";
	struct pg_batch *t = state;
	struct pg_buffered *x = pg_referral_buffer_get(&t->buf, id);
	struct pg_params p;
	int rc;

	if (x) {
		snprintf(x->fingerprint, sizeof(x->fingerprint), "%s", fingerprint ? fingerprint : "");
		snprintf(x->updated_at, sizeof(x->updated_at), "%s", now ? now : "");
		return HIM_OK;
	}
	if ((rc = pg_referral_buffer_wait(&t->buf, err)) != HIM_OK)
		return rc;
	pg_params_init(&p);
	pg_param_text(&p, fingerprint);
	pg_param_text(&p, now);
	pg_param_int(&p, id);
	return pg_query(st, sql, &p, NULL, "updating a referral", err);
}

/* --- children of a referral already in the database --- */

/* One element of a PostgreSQL array literal: quoted, with " and \
 * escaped; NULL unquoted. */
static void array_elem(struct strbuf *sb, const char *v)
{
	strbuf_addch(sb, sb->len ? ',' : '{');
	if (!v) {
		strbuf_adds(sb, "NULL");
		return;
	}
	strbuf_addch(sb, '"');
	for (;;) {
		size_t n = strcspn(v, "\"\\");
		strbuf_add(sb, v, n);
		v += n;
		if (!*v)
			break;
		strbuf_addch(sb, '\\');
		strbuf_addch(sb, *v++);
	}
	strbuf_addch(sb, '"');
}

static void array_num(struct strbuf *sb, int64_t v, bool null)
{
	char buf[24];

	if (null) {
		array_elem(sb, NULL);
		return;
	}
	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	array_elem(sb, buf);
}

static const char *array_done(struct strbuf *sb)
{
	if (!sb->len)
		strbuf_addch(sb, '{');
	strbuf_addch(sb, '}');
	return sb->buf;
}

/* Positions are each row's index in r's arrays (WITH ORDINALITY - 1), and a
 * row repeated within one call is added once: ON CONFLICT DO NOTHING sees
 * the rows the same statement inserted before it, in array order. */
static const char children_sql[] =
	"WITH i AS (INSERT INTO referral_idents (referral_id, kind, role, value, service, position)"
	"  SELECT $1::bigint, k, r, v, s, o - 1 FROM unnest($2::text[], $3::text[], $4::text[], $5::text[])"
	"  WITH ORDINALITY AS u (k, r, v, s, o) ON CONFLICT DO NOTHING RETURNING 1),"
	" e AS (INSERT INTO ip_events (referral_id, addr, at, port, event, role, proxy, position)"
	"  SELECT $1, a, t, p, ev, r, px, o - 1 FROM unnest($6::inet[], $7::timestamptz[], $8::int[], $9::text[],"
	"  $10::text[], $11::boolean[]) WITH ORDINALITY AS u (a, t, p, ev, r, px, o)"
	"  ON CONFLICT DO NOTHING RETURNING 1),"
	" f AS (INSERT INTO referral_files (referral_id, name, md5, sha1, sha256, md4, infohash, industry_class,"
	"  position) SELECT $1, n, m5, s1, s2, m4, ih, ic, o - 1 FROM unnest($12::text[], $13::text[],"
	"  $14::text[], $15::text[], $16::text[], $17::text[], $18::text[])"
	"  WITH ORDINALITY AS u (n, m5, s1, s2, m4, ih, ic, o) ON CONFLICT DO NOTHING RETURNING 1),"
	" l AS (INSERT INTO referral_locations (referral_id, ip, country, region, city, isp, asn, position)"
	"  SELECT $1, ip, c, rg, ct, isp, asn, o - 1 FROM unnest($19::text[], $20::text[], $21::text[],"
	"  $22::text[], $23::text[], $24::text[]) WITH ORDINALITY AS u (ip, c, rg, ct, isp, asn, o)"
	"  ON CONFLICT DO NOTHING RETURNING 1)"
	" SELECT (SELECT count(*) FROM i) + (SELECT count(*) FROM e) + (SELECT count(*) FROM f)"
	" + (SELECT count(*) FROM l)";

static const char *key_or_empty(const char *s)
{
	return s ? s : "";
}

static int children_insert(struct store *st, struct pg_batch *t, int64_t id, const struct referral *r,
			   int *added, struct err *err)
{
	struct strbuf *a = t->arrays;
	enum { NA = sizeof(t->arrays) / sizeof(t->arrays[0]) };
	struct pg_params p;
	PGresult *res;
	int rc;

	if ((rc = pg_referral_buffer_wait(&t->buf, err)) != HIM_OK)
		return rc;
	for (int k = 0; k < NA; k++)
		strbuf_reset(&a[k]);
	for (size_t i = 0; i < r->nidents; i++) {
		const struct referral_ident *x = &r->idents[i];
		array_elem(&a[0], ident_kind_name(x->kind));
		array_elem(&a[1], ident_role_name(x->role));
		array_elem(&a[2], key_or_empty(x->value));
		array_elem(&a[3], key_or_empty(x->service));
	}
	for (size_t i = 0; i < r->nip_events; i++) {
		const struct ip_event *e = &r->ip_events[i];
		struct pg_time_text tt;
		array_elem(&a[4], e->ip);
		array_elem(&a[5], time_text(&tt, e->at));
		array_num(&a[6], e->port, e->port < 0);
		array_elem(&a[7], e->event);
		array_elem(&a[8], ident_role_name(e->role));
		array_elem(&a[9], e->proxy < 0 ? NULL : e->proxy ? "t" : "f");
	}
	for (size_t i = 0; i < r->nfiles; i++) {
		const struct referral_file *f = &r->files[i];
		array_elem(&a[10], key_or_empty(f->name));
		array_elem(&a[11], f->md5);
		array_elem(&a[12], f->sha1);
		array_elem(&a[13], f->sha256);
		array_elem(&a[14], f->md4);
		array_elem(&a[15], f->infohash);
		array_elem(&a[16], f->industry_class);
	}
	for (size_t i = 0; i < r->nlocations; i++) {
		const struct referral_location *l = &r->locations[i];
		array_elem(&a[17], key_or_empty(l->ip));
		array_elem(&a[18], key_or_empty(l->country));
		array_elem(&a[19], key_or_empty(l->region));
		array_elem(&a[20], key_or_empty(l->city));
		array_elem(&a[21], key_or_empty(l->isp));
		array_elem(&a[22], key_or_empty(l->asn));
	}
	pg_params_init(&p);
	pg_param_int(&p, id);
	for (int k = 0; k < NA; k++)
		pg_param_text(&p, array_done(&a[k]));
	if ((rc = pg_query(st, children_sql, &p, &res, "storing a referral's details", err)) != HIM_OK)
		return rc;
	*added = (int)pg_col_int(res, 0, 0);
	PQclear(res);
	return HIM_OK;
}

int pg_referral_children_add(struct store *st, void *state, int64_t id, const struct referral *r,
			     int *added, struct err *err)
{
	struct pg_batch *t = state;

	*added = 0;
	if (!r->nidents && !r->nip_events && !r->nfiles && !r->nlocations)
		return HIM_OK;
	if (pg_referral_buffer_get(&t->buf, id)) {
		pg_referral_buffer_children(&t->buf, id, r, added);
		return send_if_full(st, t, false, err);
	}
	return children_insert(st, t, id, r, added, err);
}

int pg_referral_revision_add(struct store *st, void *state, int64_t id, const char *kind, int64_t import_id,
			     const char *source_file, const char *old_fp, const char *new_fp, const char *now,
			     bool once_per_import, struct err *err)
{
	/* With once_per_import, not when this import already recorded one. */
	static const char sql[] =
		"INSERT INTO referral_revisions (referral_id, kind, at, import_id, source_file, old_fingerprint,"
		" new_fingerprint) SELECT $1::bigint, $2::text, $3::timestamptz, $4::bigint, $5::text, $6::text,"
		" $7::text WHERE NOT $8::boolean OR NOT EXISTS (SELECT 1 FROM referral_revisions"
		" WHERE referral_id = $1::bigint AND import_id = $4::bigint)";
	struct pg_params p;
	int rc;

	if ((rc = send_if_held(st, state, id, err)) != HIM_OK)
		return rc;
	pg_params_init(&p);
	pg_param_int(&p, id);
	pg_param_text(&p, kind);
	pg_param_text(&p, now);
	pg_param_opt_int(&p, import_id > 0 ? import_id : -1);
	pg_param_text(&p, source_file);
	pg_param_text(&p, old_fp);
	pg_param_text(&p, new_fp);
	pg_param_bool(&p, once_per_import && import_id > 0);
	return pg_query(st, sql, &p, NULL, "recording a referral's revision", err);
}

/* --- the import log --- */

int pg_import_open(struct store *st, const char *kind, const char *file, const char *sha256, int64_t size,
		   const char *now, const char *actor, struct import_log *out, struct err *err)
{
	static const char find_sql[] = "SELECT id, records_done, finished_at IS NOT NULL, rejected, content_dropped"
				       " FROM imports WHERE kind = $1 AND sha256 = $2 ORDER BY id DESC LIMIT 1";
	static const char insert_sql[] = "INSERT INTO imports (kind, file, sha256, size, started_at, actor)"
					 " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
	struct pg_params p;
	PGresult *res;
	int rc;

	memset(out, 0, sizeof(*out));
	pg_params_init(&p);
	pg_param_text(&p, kind);
	pg_param_text(&p, sha256);
	if ((rc = pg_query(st, find_sql, &p, &res, "reading the import log", err)) != HIM_OK)
		return rc;
	if (PQntuples(res) > 0) {
		out->id = pg_col_int(res, 0, 0);
		out->records_done = pg_col_int(res, 0, 1);
		out->finished = pg_col_bool(res, 0, 2);
		out->rejected = pg_col_int(res, 0, 3);
		out->content_dropped = pg_col_int(res, 0, 4);
	}
	PQclear(res);
	if (out->id)
		return HIM_OK;
	pg_params_init(&p);
	pg_param_text(&p, kind);
	pg_param_text(&p, file);
	pg_param_text(&p, sha256);
	pg_param_int(&p, size);
	pg_param_text(&p, now);
	pg_param_text(&p, actor);
	if ((rc = pg_query(st, insert_sql, &p, &res, "writing the import log", err)) != HIM_OK)
		return rc;
	out->id = pg_col_int(res, 0, 0);
	PQclear(res);
	return HIM_OK;
}

int pg_import_write(struct store *st, int64_t id, int64_t records_done, const struct import_counts *c,
		    const char *finished_at, struct err *err)
{
	static const char sql[] =
		"UPDATE imports SET records_done = greatest(records_done, $1), read = $2, imported = $3,"
		" updated = $4, duplicates = $5, rejected = $6, content_dropped = $7,"
		" finished_at = coalesce($8, finished_at) WHERE id = $9";
	struct pg_params p;

	pg_params_init(&p);
	pg_param_int(&p, records_done);
	pg_param_int(&p, c->read);
	pg_param_int(&p, c->imported);
	pg_param_int(&p, c->updated);
	pg_param_int(&p, c->duplicates);
	pg_param_int(&p, c->rejected);
	pg_param_int(&p, c->content_dropped);
	pg_param_text(&p, finished_at);
	pg_param_int(&p, id);
	return pg_query(st, sql, &p, NULL, "writing the import log", err);
}
