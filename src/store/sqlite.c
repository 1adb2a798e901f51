/*
 * sqlite.c - the embedded SQLite backend: connection, schema migrations,
 * transactions and reference data. Cases and events are in
 * sqlite_cases.c.
 *
 * The database runs in WAL mode (readers never block the writer), with
 * foreign keys enforced and a busy timeout so that a second process (an
 * import while the server runs) waits instead of failing. Write
 * transactions are BEGIN IMMEDIATE: the write lock is taken before the
 * reads that a check depends on, so two writers cannot both check against
 * the same old state.
 */
#include "sqlite_internal.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "migration.h"
#include "../lib/strbuf.h"
#include "../lib/banned.h"

int sq_error(struct store *st, struct err *err, const char *what)
{
	sqlite3 *db = sq_db(st);
	int ext = sqlite3_extended_errcode(db);
	int code = (ext & 0xff) == SQLITE_CONSTRAINT ? HIM_ECONFLICT : HIM_EDB;

	return err_set(err, code, "%s: %s", what, sqlite3_errmsg(db));
}

int sq_prepare(struct store *st, sqlite3_stmt **stmt, const char *sql, struct err *err)
{
	if (sqlite3_prepare_v2(sq_db(st), sql, -1, stmt, NULL) != SQLITE_OK) {
		*stmt = NULL;
		return sq_error(st, err, "preparing a query");
	}
	return HIM_OK;
}

int sq_exec(struct store *st, const char *sql, struct err *err)
{
	char *msg = NULL;

	if (sqlite3_exec(sq_db(st), sql, NULL, NULL, &msg) != SQLITE_OK) {
		int rc = err_set(err, HIM_EDB, "database: %s", msg ? msg : "unknown error");
		sqlite3_free(msg);
		return rc;
	}
	return HIM_OK;
}

int sq_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (!v)
		return sqlite3_bind_null(s, i);
	return sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
}

int sq_bind_date(sqlite3_stmt *s, int i, date_t d)
{
	char buf[DATE_ISO_LEN];

	if (d == DATE_NONE)
		return sqlite3_bind_null(s, i);
	date_format(d, buf);
	return sqlite3_bind_text(s, i, buf, -1, SQLITE_TRANSIENT);
}

int sq_bind_opt_int(sqlite3_stmt *s, int i, int64_t v)
{
	if (v < 0)
		return sqlite3_bind_null(s, i);
	return sqlite3_bind_int64(s, i, v);
}

char *sq_col_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t ? xstrdup((const char *)t) : NULL;
}

void sq_col_code(sqlite3_stmt *s, int i, char out[CODE_MAX])
{
	const unsigned char *t = sqlite3_column_text(s, i);
	size_t n = t ? strlen((const char *)t) : 0;

	if (n >= CODE_MAX)
		n = CODE_MAX - 1;
	if (n)
		memcpy(out, t, n);
	out[n] = '\0';
}

date_t sq_col_date(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	date_t d;

	if (!t || !date_parse((const char *)t, &d))
		return DATE_NONE;
	return d;
}

int64_t sq_col_opt_int(sqlite3_stmt *s, int i)
{
	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return -1;
	return sqlite3_column_int64(s, i);
}

static int sq_schema_version_read(struct store *st, int *out, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = sq_prepare(st, &s, "SELECT coalesce(max(version), 0) FROM schema_version", err)) != HIM_OK)
		return rc;
	if (sqlite3_step(s) == SQLITE_ROW) {
		*out = sqlite3_column_int(s, 0);
		rc = HIM_OK;
	} else {
		rc = sq_error(st, err, "reading the schema version");
	}
	sqlite3_finalize(s);
	return rc;
}

static int sq_schema_version(struct store *st)
{
	int v = -1;
	struct err err = ERR_INIT;

	sq_schema_version_read(st, &v, &err);
	return v;
}

/* The process's other threads wait on the file's writer queue, woken at
 * once, rather than in SQLite's sleeping busy handler (sqlite_writer.c). */
static int sq_begin(struct store *st, struct err *err)
{
	struct sqlite_impl *impl = st->impl;
	bool entered = sq_writer_enter(impl->writer);
	int rc;

	if ((rc = sq_exec(st, "BEGIN IMMEDIATE", err)) != HIM_OK) {
		if (entered)
			sq_writer_leave(impl->writer);
		return rc;
	}
	impl->writing = entered;
	return HIM_OK;
}

static void writer_done(struct sqlite_impl *impl)
{
	if (impl->writing) {
		impl->writing = false;
		sq_writer_leave(impl->writer);
	}
}

static void sq_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(sq_db(st)))
		sqlite3_exec(sq_db(st), "ROLLBACK", NULL, NULL, NULL);
	writer_done(st->impl);
}

static int sq_commit(struct store *st, struct err *err)
{
	int rc = sq_exec(st, "COMMIT", err);

	/* A failed COMMIT (a full disk, an I/O error) leaves SQLite's
	 * transaction open: it is rolled back here, so that no caller is left
	 * holding it and the process's writer queue (a caller's own rollback
	 * after this is harmless). */
	if (rc == HIM_OK)
		writer_done(st->impl);
	else
		sq_rollback(st);
	return rc;
}

/* Is this version recorded in schema_version? (*out 1 or 0) */
static int sq_migration_applied(struct store *st, int version, int *out, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = sq_prepare(st, &s, "SELECT count(*) FROM schema_version WHERE version = ?", err)) != HIM_OK)
		return rc;
	sqlite3_bind_int(s, 1, version);
	if (sqlite3_step(s) == SQLITE_ROW)
		*out = sqlite3_column_int(s, 0) > 0;
	else
		rc = sq_error(st, err, "reading the schema version");
	sqlite3_finalize(s);
	return rc;
}

/* Apply every embedded migration the database has not recorded, one
 * transaction each, recording it in schema_version. By "not recorded"
 * rather than "newer than the highest": a migration numbered below one
 * already applied (branches merged in another order) is still applied. */
static int sq_migrate(struct store *st, struct err *err)
{
	int applied = 0, rc;

	rc = sq_exec(st, "CREATE TABLE IF NOT EXISTS schema_version ("
			 " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)", err);
	if (rc != HIM_OK)
		return rc;
	for (const struct migration *m = sqlite_migrations; m->sql; m++) {
		sqlite3_stmt *s;
		char *now;

		/* Already applied (the usual case): no write lock needed, so that
		 * opening the database (for a backup, a read) does not wait for
		 * a long import's transactions. */
		if ((rc = sq_migration_applied(st, m->version, &applied, err)) != HIM_OK)
			return rc;
		if (applied)
			continue;
		if ((rc = sq_begin(st, err)) != HIM_OK)
			return rc;
		/* Read the version inside the transaction: another process may
		 * have migrated while we waited for the lock. */
		if ((rc = sq_migration_applied(st, m->version, &applied, err)) != HIM_OK || applied) {
			sq_rollback(st);
			if (rc != HIM_OK)
				return rc;
			continue;
		}
		if ((rc = sq_exec(st, m->sql, err)) != HIM_OK) {
			sq_rollback(st);
			return err_prefix(err, "migration %s", m->name);
		}
		if ((rc = sq_prepare(st, &s, "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)", err)) != HIM_OK) {
			sq_rollback(st);
			return rc;
		}
		now = store_now_iso();
		sqlite3_bind_int(s, 1, m->version);
		sq_bind_text(s, 2, m->name);
		sq_bind_text(s, 3, now);
		free(now);
		if (sqlite3_step(s) != SQLITE_DONE) {
			rc = sq_error(st, err, "recording a migration");
			sqlite3_finalize(s);
			sq_rollback(st);
			return rc;
		}
		sqlite3_finalize(s);
		if ((rc = sq_commit(st, err)) != HIM_OK)
			return rc;
	}
	return HIM_OK;
}

static int sq_reference_read(struct store *st, struct court_map *map, struct vocab *v, struct err *err)
{
	sqlite3_stmt *s;
	int rc, step;

	rc = sq_prepare(st, &s,
			"SELECT t.code, c.kind, coalesce(t.appeal_court, ''), t.name_ar, t.name_fr,"
			" t.valid_from, t.valid_to FROM court_terms t JOIN courts c ON c.code = t.code"
			" ORDER BY t.id", err);
	if (rc != HIM_OK)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct court_term t;

		memset(&t, 0, sizeof(t));
		sq_col_code(s, 0, t.code);
		t.kind = strcmp((const char *)sqlite3_column_text(s, 1), "appeal") == 0 ? COURT_APPEAL : COURT_FIRST;
		sq_col_code(s, 2, t.appeal_court);
		t.name_ar = (char *)sqlite3_column_text(s, 3);
		t.name_fr = (char *)sqlite3_column_text(s, 4);
		t.valid_from = sq_col_date(s, 5);
		t.valid_to = sq_col_date(s, 6);
		court_map_add(map, &t);
	}
	sqlite3_finalize(s);
	if (step != SQLITE_DONE)
		return sq_error(st, err, "reading the courts");

	rc = sq_prepare(st, &s, "SELECT kind, code, label_ar, label_fr, attrs FROM vocabulary ORDER BY position", err);
	if (rc != HIM_OK)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW && rc == HIM_OK) {
		enum vocab_kind kind;
		if (!vocab_kind_parse((const char *)sqlite3_column_text(s, 0), &kind))
			continue; /* a kind a newer release added: not ours to use */
		rc = vocab_add(v, kind, (const char *)sqlite3_column_text(s, 1),
			       (const char *)sqlite3_column_text(s, 2), (const char *)sqlite3_column_text(s, 3),
			       (const char *)sqlite3_column_text(s, 4), err);
	}
	sqlite3_finalize(s);
	if (rc == HIM_OK && step != SQLITE_DONE && step != SQLITE_ROW)
		return sq_error(st, err, "reading the vocabulary");
	return rc;
}

static int step_done(struct store *st, sqlite3_stmt *s, struct err *err, const char *what)
{
	int rc = sqlite3_step(s) == SQLITE_DONE ? HIM_OK : sq_error(st, err, what);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc;
}

static int sq_reference_write_courts(struct store *st, const struct court_map *map,
				     struct reference_sync_report *report, struct err *err)
{
	sqlite3_stmt *find = NULL, *ins = NULL, *upd = NULL, *term = NULL, *used = NULL;
	int rc;

	if ((rc = sq_prepare(st, &find, "SELECT kind, name_ar, name_fr FROM courts WHERE code = ?", err)) ||
	    (rc = sq_prepare(st, &ins, "INSERT INTO courts (code, kind, name_ar, name_fr) VALUES (?, ?, ?, ?)", err)) ||
	    (rc = sq_prepare(st, &upd, "UPDATE courts SET kind = ?, name_ar = ?, name_fr = ? WHERE code = ?", err)) ||
	    (rc = sq_prepare(st, &term, "INSERT INTO court_terms (code, appeal_court, name_ar, name_fr, valid_from, valid_to)"
				    " VALUES (?, ?, ?, ?, ?, ?)", err)) ||
	    (rc = sq_prepare(st, &used, "SELECT court FROM cases GROUP BY court", err)))
		goto out;

	/* Courts: insert new ones, update the names and kind of known ones
	 * from their latest term. Terms are replaced wholesale. */
	for (size_t i = 0; i < map->n && rc == HIM_OK; i++) {
		const struct court_term *t = court_map_latest(map, map->terms[i].code);
		if (t != &map->terms[i])
			continue;
		sqlite3_bind_text(find, 1, t->code, -1, SQLITE_STATIC);
		int step = sqlite3_step(find);
		if (step == SQLITE_ROW) {
			bool same = strcmp((const char *)sqlite3_column_text(find, 0), court_kind_name(t->kind)) == 0 &&
				    strcmp((const char *)sqlite3_column_text(find, 1), t->name_ar) == 0 &&
				    strcmp((const char *)sqlite3_column_text(find, 2), t->name_fr) == 0;
			sqlite3_reset(find);
			if (!same) {
				sq_bind_text(upd, 1, court_kind_name(t->kind));
				sq_bind_text(upd, 2, t->name_ar);
				sq_bind_text(upd, 3, t->name_fr);
				sq_bind_text(upd, 4, t->code);
				rc = step_done(st, upd, err, "updating a court");
				report->courts_updated++;
			}
		} else if (step == SQLITE_DONE) {
			sqlite3_reset(find);
			sq_bind_text(ins, 1, t->code);
			sq_bind_text(ins, 2, court_kind_name(t->kind));
			sq_bind_text(ins, 3, t->name_ar);
			sq_bind_text(ins, 4, t->name_fr);
			rc = step_done(st, ins, err, "adding a court");
			report->courts_added++;
		} else {
			rc = sq_error(st, err, "reading the courts");
		}
	}
	/* A court that cases use must stay in the map. */
	while (rc == HIM_OK && sqlite3_step(used) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(used, 0);
		if (!court_map_latest(map, code))
			rc = err_set(err, HIM_EINPUT, "court '%s' is used by cases but missing from the new judicial map", code);
	}
	if (rc == HIM_OK)
		rc = sq_exec(st, "DELETE FROM court_terms", err);
	for (size_t i = 0; i < map->n && rc == HIM_OK; i++) {
		const struct court_term *t = &map->terms[i];
		sq_bind_text(term, 1, t->code);
		sq_bind_text(term, 2, t->appeal_court[0] ? t->appeal_court : NULL);
		sq_bind_text(term, 3, t->name_ar);
		sq_bind_text(term, 4, t->name_fr);
		sq_bind_date(term, 5, t->valid_from);
		sq_bind_date(term, 6, t->valid_to);
		rc = step_done(st, term, err, "adding a court term");
		report->court_terms++;
	}
out:
	sqlite3_finalize(find);
	sqlite3_finalize(ins);
	sqlite3_finalize(upd);
	sqlite3_finalize(term);
	sqlite3_finalize(used);
	return rc;
}

static int sq_reference_write_vocab(struct store *st, const struct vocab *v,
				    struct reference_sync_report *report, struct err *err)
{
	sqlite3_stmt *find = NULL, *ins = NULL, *upd = NULL, *count = NULL;
	int rc;

	if ((rc = sq_prepare(st, &find, "SELECT label_ar, label_fr, attrs, position FROM vocabulary WHERE kind = ? AND code = ?", err)) ||
	    (rc = sq_prepare(st, &ins, "INSERT INTO vocabulary (kind, code, label_ar, label_fr, attrs, position) VALUES (?, ?, ?, ?, ?, ?)", err)) ||
	    (rc = sq_prepare(st, &upd, "UPDATE vocabulary SET label_ar = ?, label_fr = ?, attrs = ?, position = ? WHERE kind = ? AND code = ?", err)) ||
	    (rc = sq_prepare(st, &count, "SELECT count(*) FROM vocabulary", err)))
		goto out;
	for (size_t i = 0; i < v->n && rc == HIM_OK; i++) {
		const struct vocab_entry *e = &v->entries[i];
		const char *kind = vocab_kind_name(e->kind);
		char *attrs = vocab_entry_attrs(e);

		sq_bind_text(find, 1, kind);
		sq_bind_text(find, 2, e->code);
		int step = sqlite3_step(find);
		if (step == SQLITE_ROW) {
			bool same = strcmp((const char *)sqlite3_column_text(find, 0), e->label_ar) == 0 &&
				    strcmp((const char *)sqlite3_column_text(find, 1), e->label_fr) == 0 &&
				    strcmp((const char *)sqlite3_column_text(find, 2), attrs) == 0 &&
				    sqlite3_column_int(find, 3) == e->position;
			sqlite3_reset(find);
			if (!same) {
				sq_bind_text(upd, 1, e->label_ar);
				sq_bind_text(upd, 2, e->label_fr);
				sq_bind_text(upd, 3, attrs);
				sqlite3_bind_int(upd, 4, e->position);
				sq_bind_text(upd, 5, kind);
				sq_bind_text(upd, 6, e->code);
				rc = step_done(st, upd, err, "updating the vocabulary");
				report->vocab_updated++;
			}
		} else if (step == SQLITE_DONE) {
			sqlite3_reset(find);
			sq_bind_text(ins, 1, kind);
			sq_bind_text(ins, 2, e->code);
			sq_bind_text(ins, 3, e->label_ar);
			sq_bind_text(ins, 4, e->label_fr);
			sq_bind_text(ins, 5, attrs);
			sqlite3_bind_int(ins, 6, e->position);
			rc = step_done(st, ins, err, "adding to the vocabulary");
			report->vocab_added++;
		} else {
			rc = sq_error(st, err, "reading the vocabulary");
		}
		free(attrs);
	}
	/* Entries no longer in the file stay: cases may use their codes. */
	if (rc == HIM_OK && sqlite3_step(count) == SQLITE_ROW)
		report->vocab_kept = sqlite3_column_int(count, 0) - (int)v->n;
out:
	sqlite3_finalize(find);
	sqlite3_finalize(ins);
	sqlite3_finalize(upd);
	sqlite3_finalize(count);
	return rc;
}

static int sq_reference_write(struct store *st, const struct court_map *map, const struct vocab *v,
			      struct reference_sync_report *report, struct err *err)
{
	int rc = sq_reference_write_courts(st, map, report, err);
	if (rc == HIM_OK)
		rc = sq_reference_write_vocab(st, v, report, err);
	return rc;
}

static void sq_close(struct store *st)
{
	struct sqlite_impl *impl = st->impl;

	if (!impl)
		return;
	writer_done(impl);
	sqlite3_close_v2(impl->db);
	free(impl->path);
	free(impl);
	st->impl = NULL;
}

/*
 * A backup with SQLite's online backup API: one sqlite3_backup_step(-1)
 * copies every page inside one read transaction, so the copy is the
 * database as of one instant even while another process writes (WAL
 * readers do not block the writer). The copy is written to a temporary
 * file beside path, switched to a rollback journal (one self-contained
 * file, no -wal beside it), synced, then renamed over path.
 */
static int sq_backup(struct store *st, const char *path, struct err *err)
{
	struct sqlite_impl *impl = st->impl;
	struct strbuf tmp = STRBUF_INIT;
	char *live = realpath(impl->path, NULL), *target = realpath(path, NULL);
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	int rc = HIM_OK, step = SQLITE_OK;

	if (live && target && strcmp(live, target) == 0)
		rc = err_set(err, HIM_EUSAGE, "'%s' is the database itself: back it up to another file", path);
	free(live);
	free(target);
	if (rc != HIM_OK)
		return rc;
	strbuf_addf(&tmp, "%s.tmp-%ld", path, (long)getpid());
	unlink(tmp.buf);
	if (sqlite3_open_v2(tmp.buf, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		rc = err_set(err, HIM_EIO, "cannot create '%s': %s", tmp.buf, dst ? sqlite3_errmsg(dst) : "out of memory");
		goto out;
	}
	b = sqlite3_backup_init(dst, "main", impl->db, "main");
	if (!b) {
		rc = err_set(err, HIM_EIO, "backup to '%s': %s", path, sqlite3_errmsg(dst));
		goto out;
	}
	/* A writer checkpointing at that moment can make the read busy for a
	 * while: retry, as the busy timeout would (10 s). */
	for (int tries = 0; tries < 100; tries++) {
		step = sqlite3_backup_step(b, -1);
		if (step != SQLITE_BUSY && step != SQLITE_LOCKED)
			break;
		sqlite3_sleep(100);
	}
	sqlite3_backup_finish(b);
	if (step != SQLITE_DONE) {
		rc = err_set(err, step == SQLITE_IOERR || step == SQLITE_FULL ? HIM_EIO : HIM_EDB,
			     "backup to '%s': %s", path, sqlite3_errstr(step));
		goto out;
	}
	if (sqlite3_exec(dst, "PRAGMA synchronous = FULL; PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK) {
		rc = err_set(err, HIM_EIO, "backup to '%s': %s", path, sqlite3_errmsg(dst));
		goto out;
	}
	if (sqlite3_close(dst) != SQLITE_OK) {
		rc = err_set(err, HIM_EIO, "backup to '%s': %s", path, sqlite3_errmsg(dst));
		goto out;
	}
	dst = NULL;
	if (rename(tmp.buf, path) != 0)
		rc = err_set(err, HIM_EIO, "cannot rename '%s' to '%s': %s", tmp.buf, path, strerror(errno));
out:
	if (dst)
		sqlite3_close_v2(dst);
	if (rc != HIM_OK)
		unlink(tmp.buf);
	strbuf_release(&tmp);
	return rc;
}

static const struct store_backend sqlite_backend = {
	.name = "sqlite",
	.close = sq_close,
	.schema_version = sq_schema_version,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.reference_read = sq_reference_read,
	.reference_write = sq_reference_write,
	.case_insert = sq_case_insert,
	.case_read = sq_case_read,
	.events_read = sq_events_read,
	.event_insert = sq_event_insert,
	.case_state_write = sq_case_state_write,
	.case_each = sq_case_each,
	.case_count = sq_case_count,
	.stats_group = sq_stats_group,
	.stats_median = sq_stats_median,
	.referral_stmts_open = sq_referral_stmts_open,
	.referral_stmts_close = sq_referral_stmts_close,
	.referral_stmts_flush = sq_referral_stmts_flush,
	.import_bulk_begin = sq_import_bulk_begin,
	.import_bulk_end = sq_import_bulk_end,
	.referral_lookup = sq_referral_lookup,
	.referral_insert = sq_referral_insert,
	.referral_replace = sq_referral_replace,
	.referral_fill = sq_referral_fill,
	.referral_set_fingerprint = sq_referral_set_fingerprint,
	.referral_children_add = sq_referral_children_add,
	.referral_revision_add = sq_referral_revision_add,
	.import_open = sq_import_open,
	.import_write = sq_import_write,
	.referral_read = sq_referral_read,
	.referral_each = sq_referral_each,
	.referral_link_write = sq_referral_link_write,
	.referral_unlink_write = sq_referral_unlink_write,
	.account_insert = sq_account_insert,
	.account_read = sq_account_read,
	.account_write = sq_account_write,
	.account_each = sq_account_each,
	.session_insert = sq_session_insert,
	.session_read = sq_session_read,
	.session_touch = sq_session_touch,
	.session_delete = sq_session_delete,
	.secret_ensure = sq_secret_ensure,
	.begin_audit = sq_begin, /* one write lock: the same transaction */
	.audit_tail = sq_audit_tail,
	.audit_insert = sq_audit_insert,
	.data_version_bump = sq_data_version_bump,
	.data_version_read = sq_data_version_read,
	.audit_each = sq_audit_each,
	.backup = sq_backup,
	.difficulty_insert = sq_difficulty_insert,
	.difficulty_list = sq_difficulty_list,
	.difficulty_update = sq_difficulty_update,
	.subjects = &sq_subject_backend,
};

int sqlite_backend_open(struct store *st, const char *path, struct err *err)
{
	struct sqlite_impl *impl = xcalloc(1, sizeof(*impl));
	int rc;

	st->be = &sqlite_backend;
	st->impl = impl;
	impl->path = xstrdup(path);
	impl->writer = sq_writer_of(path);
	if (sqlite3_open_v2(path, &impl->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		rc = err_set(err, HIM_EIO, "cannot open database '%s': %s", path,
			     impl->db ? sqlite3_errmsg(impl->db) : "out of memory");
		sq_close(st);
		return rc;
	}
	sqlite3_extended_result_codes(impl->db, 1);
	sqlite3_busy_timeout(impl->db, SQ_BUSY_TIMEOUT_MS);
	rc = sq_functions_register(impl->db, err);
	if (rc == HIM_OK)
		rc = sq_exec(st, "PRAGMA foreign_keys = ON", err);
	if (rc == HIM_OK)
		rc = sq_exec(st, "PRAGMA journal_mode = WAL", err);
	if (rc == HIM_OK)
		rc = sq_exec(st, "PRAGMA synchronous = NORMAL", err);
	if (rc == HIM_OK)
		rc = sq_migrate(st, err);
	/* Indexes a crashed bulk import left unbuilt (sqlite_import_bulk.c). */
	if (rc == HIM_OK)
		sq_import_bulk_repair(st);
	if (rc != HIM_OK) {
		err_prefix(err, "database '%s'", path);
		sq_close(st);
	}
	return rc;
}
