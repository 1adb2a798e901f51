/*
 * sqlite_referrals.c - referrals in the SQLite backend: the upsert
 * primitives an import batch uses (prepared once per batch) and the
 * import log. Reads and the referral-case link are in
 * sqlite_referral_read.c.
 *
 * The de-duplication of a re-imported row is the primary key of the child
 * tables (002_referrals.sql; for referral_files, its UNIQUE (referral_id,
 * file_key) since 011_file_key.sql): "INSERT ... ON CONFLICT DO NOTHING" adds a
 * sighting, identifier or file only if it is new, and sqlite3_changes()
 * says whether it was. ON CONFLICT (not INSERT OR IGNORE) so that only the
 * uniqueness of the key is ignored: any other constraint failing is a
 * fault, reported.
 */
#include "sqlite_internal.h"
#include "sqlite_referral_held.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/banned.h"

#define FIELDS "priority, escalation, incident_type, esp, network, client, annotations," \
	" received_at, incident_at, notes"
#define NFIELDS 10

#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)

enum {
	S_LOOKUP, S_INSERT, S_INSERT_HELD, S_NEXT_ID, S_REPLACE, S_DEL_IDENTS, S_DEL_EVENTS, S_DEL_FILES, S_DEL_LOCS,
	S_FILL, S_SET_FP, S_ADD_IDENT, S_ADD_EVENT, S_ADD_FILE, S_ADD_LOC, S_REV_SEEN, S_REV_ADD,
	S_COUNT
};

static const char *const stmt_sql[S_COUNT] = {
	[S_LOOKUP] = "SELECT id, fingerprint, coalesce(import_id, 0) FROM referrals"
		     " WHERE platform = ? AND external_id = ?",
	[S_INSERT] = "INSERT INTO referrals (" FIELDS ", content_dropped, fingerprint, source_file,"
		     " source_line, import_id, created_at, platform, external_id)"
		     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[S_INSERT_HELD] = "INSERT INTO referrals (" FIELDS ", content_dropped, fingerprint, source_file,"
			  " source_line, import_id, created_at, platform, external_id, updated_at, id)"
			  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	/* The rowid SQLite gives the next row it inserts. */
	[S_NEXT_ID] = "SELECT coalesce(max(id), 0) + 1 FROM referrals",
	[S_REPLACE] = "UPDATE referrals SET priority = ?, escalation = ?, incident_type = ?, esp = ?,"
		      " network = ?, client = ?, annotations = ?, received_at = ?, incident_at = ?,"
		      " notes = ?, content_dropped = ?, fingerprint = ?, source_file = ?, source_line = ?,"
		      " updated_at = ? WHERE id = ?",
	[S_DEL_IDENTS] = "DELETE FROM referral_idents WHERE referral_id = ?",
	[S_DEL_EVENTS] = "DELETE FROM ip_events WHERE referral_id = ?",
	[S_DEL_FILES] = "DELETE FROM referral_files WHERE referral_id = ?",
	[S_DEL_LOCS] = "DELETE FROM referral_locations WHERE referral_id = ?",
	/* Fill what is empty; received_at is the earliest any row gives, so
	 * that the result does not depend on the order rows arrive in. */
	[S_FILL] = "UPDATE referrals SET priority = coalesce(priority, ?2),"
		   " escalation = coalesce(escalation, ?3), incident_type = coalesce(incident_type, ?4),"
		   " esp = coalesce(esp, ?5), network = coalesce(network, ?6), client = coalesce(client, ?7),"
		   " annotations = coalesce(annotations, ?8),"
		   " received_at = min(coalesce(received_at, ?9), coalesce(?9, received_at)),"
		   " incident_at = coalesce(incident_at, ?10), notes = coalesce(notes, ?11)"
		   " WHERE id = ?1 AND ((priority IS NULL AND ?2 IS NOT NULL)"
		   " OR (escalation IS NULL AND ?3 IS NOT NULL) OR (incident_type IS NULL AND ?4 IS NOT NULL)"
		   " OR (esp IS NULL AND ?5 IS NOT NULL) OR (network IS NULL AND ?6 IS NOT NULL)"
		   " OR (client IS NULL AND ?7 IS NOT NULL) OR (annotations IS NULL AND ?8 IS NOT NULL)"
		   " OR (?9 IS NOT NULL AND (received_at IS NULL OR ?9 < received_at))"
		   " OR (incident_at IS NULL AND ?10 IS NOT NULL) OR (notes IS NULL AND ?11 IS NOT NULL))",
	[S_SET_FP] = "UPDATE referrals SET fingerprint = ?, updated_at = ? WHERE id = ?",
	[S_ADD_IDENT] = "INSERT INTO referral_idents (referral_id, kind, role, value, service, position)"
			" VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
	[S_ADD_EVENT] = "INSERT INTO ip_events (referral_id, addr, at, port, event, role, ip, proxy, position)"
			" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
	[S_ADD_FILE] = "INSERT INTO referral_files (referral_id, name, md5, sha1, sha256, md4, infohash,"
		       " industry_class, position, file_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
		       " himaya_file_key(?2, ?3, ?4, ?5, ?6, ?7)) ON CONFLICT DO NOTHING",
	[S_ADD_LOC] = "INSERT INTO referral_locations (referral_id, ip, country, region, city, isp, asn,"
		      " position) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
	[S_REV_SEEN] = "SELECT 1 FROM referral_revisions WHERE referral_id = ? AND import_id = ?",
	[S_REV_ADD] = "INSERT INTO referral_revisions (referral_id, kind, at, import_id, source_file,"
		      " old_fingerprint, new_fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?)",
};

struct stmts {
	sqlite3_stmt *s[S_COUNT];
	struct sq_held held; /* a new lead whose rows are still coming */
};

/*
 * An import touches the referrals table and five indexes at scattered
 * places: with SQLite's default 2 MiB page cache most of its time went
 * to re-reading and re-writing the same index pages through the kernel.
 * 24 MiB keeps the hot pages of a large database in memory while the
 * whole import stays under its 64 MiB budget: with 32 MiB, the parser's
 * thread and its chunks, 1 GiB of NCMEC XML peaked at 62 MiB; with 24,
 * at 56 MiB, and the import took about as long (28.8 s and 30.8 s,
 * within this machine's noise).
 */
#define IMPORT_CACHE_KIB 24576

int sq_referral_stmts_open(struct store *st, void **state, struct err *err)
{
	struct stmts *t = xcalloc(1, sizeof(*t));
	int rc;

	sq_held_init(&t->held);
	rc = sq_exec(st, "PRAGMA cache_size = -" STRINGIFY(IMPORT_CACHE_KIB), err);
	/* Checkpoint every 64 MiB of WAL instead of every 4 MiB: an import
	 * rewrites the same index pages batch after batch, and each
	 * checkpoint copies them to the database file and syncs it. */
	if (rc == HIM_OK)
		rc = sq_exec(st, "PRAGMA wal_autocheckpoint = 16384", err);
	for (int i = 0; i < S_COUNT && rc == HIM_OK; i++)
		rc = sq_prepare(st, &t->s[i], stmt_sql[i], err);
	if (rc != HIM_OK) {
		sq_referral_stmts_close(st, t);
		t = NULL;
	}
	*state = t;
	return rc;
}

void sq_referral_stmts_close(struct store *st, void *state)
{
	struct stmts *t = state;

	(void)st;
	if (!t)
		return;
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(t->s[i]);
	sq_held_release(&t->held); /* not written: the batch is rolled back */
	free(t);
}

/* Step a statement that returns no row, then make it ready for reuse. */
static int run(struct store *st, sqlite3_stmt *s, struct err *err, const char *what)
{
	int rc = sqlite3_step(s) == SQLITE_DONE ? HIM_OK : sq_error(st, err, what);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc;
}

static void bind_time(sqlite3_stmt *s, int i, utc_time_t t)
{
	if (t == TIME_NONE)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int64(s, i, t);
}

/* "" for NULL: the child tables' key columns are NOT NULL. */
static void bind_key(sqlite3_stmt *s, int i, const char *v)
{
	sqlite3_bind_text(s, i, v ? v : "", -1, SQLITE_STATIC);
}

static void bind_fields(sqlite3_stmt *s, int first, const struct referral *r)
{
	sq_bind_text(s, first + 0, r->priority);
	sq_bind_text(s, first + 1, r->escalation);
	sq_bind_text(s, first + 2, r->incident_type);
	sq_bind_text(s, first + 3, r->esp);
	sq_bind_text(s, first + 4, r->network);
	sq_bind_text(s, first + 5, r->client);
	sq_bind_text(s, first + 6, r->annotations);
	bind_time(s, first + 7, r->received_at);
	bind_time(s, first + 8, r->incident_at);
	sq_bind_text(s, first + 9, r->notes);
}

/* --- child rows --- */

static void bind_ident(sqlite3_stmt *s, int64_t id, const struct referral_ident *x, size_t pos)
{
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, ident_kind_name(x->kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, ident_role_name(x->role), -1, SQLITE_STATIC);
	bind_key(s, 4, x->value);
	bind_key(s, 5, x->service);
	sqlite3_bind_int64(s, 6, (int64_t)pos);
}

static void bind_event(sqlite3_stmt *s, int64_t id, const struct ip_event *e, size_t pos)
{
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_blob(s, 2, e->addr, 16, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, e->at == TIME_NONE ? -1 : e->at);
	sqlite3_bind_int(s, 4, e->port >= 0 ? e->port : -1);
	sqlite3_bind_text(s, 5, e->event, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, ident_role_name(e->role), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, e->ip, -1, SQLITE_STATIC);
	sq_bind_opt_int(s, 8, e->proxy);
	sqlite3_bind_int64(s, 9, (int64_t)pos);
}

static void bind_file(sqlite3_stmt *s, int64_t id, const struct referral_file *f, size_t pos)
{
	sqlite3_bind_int64(s, 1, id);
	bind_key(s, 2, f->name);
	bind_key(s, 3, f->md5);
	bind_key(s, 4, f->sha1);
	bind_key(s, 5, f->sha256);
	bind_key(s, 6, f->md4);
	bind_key(s, 7, f->infohash);
	sq_bind_text(s, 8, f->industry_class);
	sqlite3_bind_int64(s, 9, (int64_t)pos);
}

static void bind_location(sqlite3_stmt *s, int64_t id, const struct referral_location *l, size_t pos)
{
	sqlite3_bind_int64(s, 1, id);
	bind_key(s, 2, l->ip);
	bind_key(s, 3, l->country);
	bind_key(s, 4, l->region);
	bind_key(s, 5, l->city);
	bind_key(s, 6, l->isp);
	bind_key(s, 7, l->asn);
	sqlite3_bind_int64(s, 8, (int64_t)pos);
}

/* Run an ON CONFLICT DO NOTHING insert; count it in *added if it added. */
static int add_row(struct store *st, sqlite3_stmt *s, int *added, struct err *err, const char *what)
{
	int rc = run(st, s, err, what);
	if (rc == HIM_OK && sqlite3_changes(sq_db(st)) > 0)
		(*added)++;
	return rc;
}

/* r's children under referral id; pos[k][i] the position of the i-th child
 * of kind k, or NULL for i (each child's index in r). */
static int children_write(struct store *st, struct stmts *t, int64_t id, const struct referral *r,
			  size_t *const pos[SQH_NKINDS], int *added, struct err *err)
{
	int rc = HIM_OK;

#define POS(k, i) (pos ? pos[k][i] : (i))
	*added = 0;
	for (size_t i = 0; i < r->nidents && rc == HIM_OK; i++) {
		bind_ident(t->s[S_ADD_IDENT], id, &r->idents[i], POS(SQH_IDENTS, i));
		rc = add_row(st, t->s[S_ADD_IDENT], added, err, "storing an identifier");
	}
	for (size_t i = 0; i < r->nip_events && rc == HIM_OK; i++) {
		bind_event(t->s[S_ADD_EVENT], id, &r->ip_events[i], POS(SQH_EVENTS, i));
		rc = add_row(st, t->s[S_ADD_EVENT], added, err, "storing an IP event");
	}
	for (size_t i = 0; i < r->nfiles && rc == HIM_OK; i++) {
		bind_file(t->s[S_ADD_FILE], id, &r->files[i], POS(SQH_FILES, i));
		rc = add_row(st, t->s[S_ADD_FILE], added, err, "storing a file's hashes");
	}
	for (size_t i = 0; i < r->nlocations && rc == HIM_OK; i++) {
		bind_location(t->s[S_ADD_LOC], id, &r->locations[i], POS(SQH_LOCATIONS, i));
		rc = add_row(st, t->s[S_ADD_LOC], added, err, "storing a location");
	}
#undef POS
	return rc;
}

/* --- the held referral (sqlite_referral_held.h) --- */

/* Write the held referral, if any, and forget it. */
static int held_write(struct store *st, struct stmts *t, struct err *err)
{
	struct sq_held *h = &t->held;
	sqlite3_stmt *s = t->s[S_INSERT_HELD];
	int added, rc;

	if (!h->active)
		return HIM_OK;
	bind_fields(s, 1, &h->r);
	sqlite3_bind_int(s, NFIELDS + 1, h->r.content_dropped);
	sq_bind_text(s, NFIELDS + 2, h->fingerprint);
	sq_bind_text(s, NFIELDS + 3, h->r.source_file);
	sq_bind_opt_int(s, NFIELDS + 4, h->r.source_line > 0 ? h->r.source_line : -1);
	sq_bind_opt_int(s, NFIELDS + 5, h->import_id > 0 ? h->import_id : -1);
	sq_bind_text(s, NFIELDS + 6, h->created_at);
	sq_bind_text(s, NFIELDS + 7, h->r.platform);
	sq_bind_text(s, NFIELDS + 8, h->r.external_id);
	sq_bind_text(s, NFIELDS + 9, h->updated_at[0] ? h->updated_at : NULL);
	sqlite3_bind_int64(s, NFIELDS + 10, h->id);
	rc = run(st, s, err, "storing a referral");
	if (rc == HIM_OK)
		rc = children_write(st, t, h->id, &h->r, h->pos, &added, err);
	sq_held_clear(h);
	return rc;
}

int sq_referral_stmts_flush(struct store *st, void *state, struct err *err)
{
	return held_write(st, state, err);
}

/* --- the primitives --- */

int sq_referral_lookup(struct store *st, void *state, const char *platform, const char *external_id,
		       int64_t *id, char fingerprint[33], int64_t *import_id, struct err *err)
{
	struct stmts *t = state;
	sqlite3_stmt *s = t->s[S_LOOKUP];
	int step, rc = HIM_OK;

	if (sq_held_named(&t->held, platform, external_id)) {
		*id = t->held.id;
		memcpy(fingerprint, t->held.fingerprint, 33);
		*import_id = t->held.import_id > 0 ? t->held.import_id : 0;
		return HIM_OK;
	}
	sqlite3_bind_text(s, 1, platform, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, external_id, -1, SQLITE_STATIC);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		const char *fp = (const char *)sqlite3_column_text(s, 1);
		*id = sqlite3_column_int64(s, 0);
		snprintf(fingerprint, 33, "%s", fp ? fp : "");
		*import_id = sqlite3_column_int64(s, 2);
	} else if (step == SQLITE_DONE) {
		rc = HIM_ENOTFOUND;
	} else {
		rc = sq_error(st, err, "looking up a referral");
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc;
}

/* The id the next referral inserted gets. */
static int next_id(struct store *st, struct stmts *t, int64_t *id, struct err *err)
{
	sqlite3_stmt *s = t->s[S_NEXT_ID];
	int rc = HIM_OK;

	if (sqlite3_step(s) == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	else
		rc = sq_error(st, err, "reading the referrals' next id");
	sqlite3_reset(s);
	return rc;
}

int sq_referral_insert(struct store *st, void *state, const struct referral *r, const char *fingerprint,
		       int64_t import_id, const char *now, int64_t *id, struct err *err)
{
	struct stmts *t = state;
	sqlite3_stmt *s = t->s[S_INSERT];
	int rc;

	if ((rc = held_write(st, t, err)) != HIM_OK)
		return rc;
	/* The first row of a lead an import creates: its next rows follow. */
	if (r->fragment && import_id > 0) {
		if ((rc = next_id(st, t, id, err)) == HIM_OK)
			sq_held_start(&t->held, *id, r, fingerprint, import_id, now);
		return rc;
	}
	bind_fields(s, 1, r);
	sqlite3_bind_int(s, NFIELDS + 1, r->content_dropped);
	sq_bind_text(s, NFIELDS + 2, fingerprint);
	sq_bind_text(s, NFIELDS + 3, r->source_file);
	sq_bind_opt_int(s, NFIELDS + 4, r->source_line > 0 ? r->source_line : -1);
	sq_bind_opt_int(s, NFIELDS + 5, import_id > 0 ? import_id : -1);
	sq_bind_text(s, NFIELDS + 6, now);
	sq_bind_text(s, NFIELDS + 7, r->platform);
	sq_bind_text(s, NFIELDS + 8, r->external_id);
	if ((rc = run(st, s, err, "storing a referral")) != HIM_OK)
		return rc;
	*id = sqlite3_last_insert_rowid(sq_db(st));
	return HIM_OK;
}

int sq_referral_replace(struct store *st, void *state, int64_t id, const struct referral *r,
			const char *fingerprint, const char *now, struct err *err)
{
	struct stmts *t = state;
	sqlite3_stmt *s = t->s[S_REPLACE];
	int rc;

	if ((rc = held_write(st, t, err)) != HIM_OK)
		return rc;
	bind_fields(s, 1, r);
	sqlite3_bind_int(s, NFIELDS + 1, r->content_dropped);
	sq_bind_text(s, NFIELDS + 2, fingerprint);
	sq_bind_text(s, NFIELDS + 3, r->source_file);
	sq_bind_opt_int(s, NFIELDS + 4, r->source_line > 0 ? r->source_line : -1);
	sq_bind_text(s, NFIELDS + 5, now);
	sqlite3_bind_int64(s, NFIELDS + 6, id);
	if ((rc = run(st, s, err, "updating a referral")) != HIM_OK)
		return rc;
	for (int i = S_DEL_IDENTS; i <= S_DEL_LOCS && rc == HIM_OK; i++) {
		sqlite3_bind_int64(t->s[i], 1, id);
		rc = run(st, t->s[i], err, "replacing a referral's details");
	}
	return rc;
}

int sq_referral_fill(struct store *st, void *state, int64_t id, const struct referral *r, bool *filled,
		     struct err *err)
{
	struct stmts *t = state;
	sqlite3_stmt *s = t->s[S_FILL];
	int rc;

	if (sq_held_is(&t->held, id)) {
		if (!referral_fill(&t->held.r, r, filled))
			return err_set(err, HIM_ENOMEM, "out of memory merging a referral");
		return HIM_OK;
	}
	if ((rc = held_write(st, t, err)) != HIM_OK)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	bind_fields(s, 2, r);
	rc = run(st, s, err, "merging a referral");
	*filled = rc == HIM_OK && sqlite3_changes(sq_db(st)) > 0;
	return rc;
}

int sq_referral_set_fingerprint(struct store *st, void *state, int64_t id, const char *fingerprint,
				const char *now, struct err *err)
{
	struct stmts *t = state;
	sqlite3_stmt *s = t->s[S_SET_FP];
	int rc;

	if (sq_held_is(&t->held, id)) {
		snprintf(t->held.fingerprint, sizeof(t->held.fingerprint), "%s", fingerprint);
		snprintf(t->held.updated_at, sizeof(t->held.updated_at), "%s", now ? now : "");
		return HIM_OK;
	}
	if ((rc = held_write(st, t, err)) != HIM_OK)
		return rc;
	sq_bind_text(s, 1, fingerprint);
	sq_bind_text(s, 2, now);
	sqlite3_bind_int64(s, 3, id);
	return run(st, s, err, "updating a referral");
}

int sq_referral_children_add(struct store *st, void *state, int64_t id, const struct referral *r,
			     int *added, struct err *err)
{
	struct stmts *t = state;
	int rc;

	if (sq_held_is(&t->held, id)) {
		sq_held_children(&t->held, r, added);
		/* A very large lead is written now; its later rows merge in the
		 * database, as for a lead an earlier batch created. */
		return sq_held_large(&t->held) ? held_write(st, t, err) : HIM_OK;
	}
	if ((rc = held_write(st, t, err)) != HIM_OK)
		return rc;
	return children_write(st, t, id, r, NULL, added, err);
}

int sq_referral_revision_add(struct store *st, void *state, int64_t id, const char *kind, int64_t import_id,
			     const char *source_file, const char *old_fp, const char *new_fp, const char *now,
			     bool once_per_import, struct err *err)
{
	struct stmts *t = state;
	sqlite3_stmt *s;
	int rc;

	if ((rc = held_write(st, t, err)) != HIM_OK)
		return rc;
	if (once_per_import && import_id > 0) {
		int step;
		s = t->s[S_REV_SEEN];
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, 2, import_id);
		step = sqlite3_step(s);
		sqlite3_reset(s);
		if (step == SQLITE_ROW)
			return HIM_OK;
		if (step != SQLITE_DONE)
			return sq_error(st, err, "reading a referral's revisions");
	}
	s = t->s[S_REV_ADD];
	sqlite3_bind_int64(s, 1, id);
	sq_bind_text(s, 2, kind);
	sq_bind_text(s, 3, now);
	sq_bind_opt_int(s, 4, import_id > 0 ? import_id : -1);
	sq_bind_text(s, 5, source_file);
	sq_bind_text(s, 6, old_fp);
	sq_bind_text(s, 7, new_fp);
	return run(st, s, err, "recording a referral's revision");
}

/* --- the import log --- */

int sq_import_open(struct store *st, const char *kind, const char *file, const char *sha256, int64_t size,
		   const char *now, const char *actor, struct import_log *out, struct err *err)
{
	sqlite3_stmt *s;
	int rc, step;

	memset(out, 0, sizeof(*out));
	rc = sq_prepare(st, &s, "SELECT id, records_done, finished_at IS NOT NULL, rejected, content_dropped"
				" FROM imports WHERE kind = ? AND sha256 = ? ORDER BY id DESC LIMIT 1", err);
	if (rc != HIM_OK)
		return rc;
	sq_bind_text(s, 1, kind);
	sq_bind_text(s, 2, sha256);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		out->id = sqlite3_column_int64(s, 0);
		out->records_done = sqlite3_column_int64(s, 1);
		out->finished = sqlite3_column_int(s, 2) != 0;
		out->rejected = sqlite3_column_int64(s, 3);
		out->content_dropped = sqlite3_column_int64(s, 4);
	} else if (step != SQLITE_DONE) {
		rc = sq_error(st, err, "reading the import log");
	}
	sqlite3_finalize(s);
	if (rc != HIM_OK || out->id)
		return rc;
	rc = sq_prepare(st, &s, "INSERT INTO imports (kind, file, sha256, size, started_at, actor)"
				" VALUES (?, ?, ?, ?, ?, ?)", err);
	if (rc != HIM_OK)
		return rc;
	sq_bind_text(s, 1, kind);
	sq_bind_text(s, 2, file);
	sq_bind_text(s, 3, sha256);
	sqlite3_bind_int64(s, 4, size);
	sq_bind_text(s, 5, now);
	sq_bind_text(s, 6, actor);
	rc = run(st, s, err, "writing the import log");
	if (rc == HIM_OK)
		out->id = sqlite3_last_insert_rowid(sq_db(st));
	sqlite3_finalize(s);
	return rc;
}

int sq_import_write(struct store *st, int64_t id, int64_t records_done, const struct import_counts *c,
		    const char *finished_at, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	rc = sq_prepare(st, &s, "UPDATE imports SET records_done = max(records_done, ?), read = ?, imported = ?,"
				" updated = ?, duplicates = ?, rejected = ?, content_dropped = ?,"
				" finished_at = coalesce(?, finished_at) WHERE id = ?", err);
	if (rc != HIM_OK)
		return rc;
	sqlite3_bind_int64(s, 1, records_done);
	sqlite3_bind_int64(s, 2, c->read);
	sqlite3_bind_int64(s, 3, c->imported);
	sqlite3_bind_int64(s, 4, c->updated);
	sqlite3_bind_int64(s, 5, c->duplicates);
	sqlite3_bind_int64(s, 6, c->rejected);
	sqlite3_bind_int64(s, 7, c->content_dropped);
	sq_bind_text(s, 8, finished_at);
	sqlite3_bind_int64(s, 9, id);
	rc = run(st, s, err, "writing the import log");
	sqlite3_finalize(s);
	return rc;
}
