/*
 * sqlite_referral_read.c - reading referrals in the SQLite backend (one
 * with its details, or a filtered list streamed in id order) and the link
 * between a referral and its case. The writes of an import are in
 * sqlite_referrals.c.
 */
#include "sqlite_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/banned.h"

/* Step a statement that returns no row, then make it ready for reuse. */
static int run(struct store *st, sqlite3_stmt *s, struct err *err, const char *what)
{
	int rc = sqlite3_step(s) == SQLITE_DONE ? HIM_OK : sq_error(st, err, what);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc;
}

static utc_time_t col_time(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? TIME_NONE : sqlite3_column_int64(s, i);
}

/* --- reads --- */

#define READ_COLUMNS \
	"r.id, r.platform, r.external_id, " FIELDS_R ", r.content_dropped, r.fingerprint," \
	" r.source_file, r.source_line, r.created_at, r.updated_at, coalesce(rc.case_id, 0)," \
	" (SELECT count(*) FROM referral_idents WHERE referral_id = r.id)," \
	" (SELECT count(*) FROM ip_events WHERE referral_id = r.id)," \
	" (SELECT count(*) FROM referral_files WHERE referral_id = r.id)"
#define FIELDS_R "r.priority, r.escalation, r.incident_type, r.esp, r.network, r.client," \
	" r.annotations, r.received_at, r.incident_at, r.notes"
#define READ_FROM " FROM referrals r LEFT JOIN referral_cases rc ON rc.referral_id = r.id"

static void copy_code(char out[CODE_MAX], const unsigned char *t)
{
	snprintf(out, CODE_MAX, "%s", t ? (const char *)t : "");
}

static void read_row(sqlite3_stmt *s, struct referral_record *rec)
{
	struct referral *r = &rec->r;
	const unsigned char *fp;

	rec->id = sqlite3_column_int64(s, 0);
	copy_code(r->platform, sqlite3_column_text(s, 1));
	r->external_id = sq_col_dup(s, 2);
	r->priority = sq_col_dup(s, 3);
	r->escalation = sq_col_dup(s, 4);
	r->incident_type = sq_col_dup(s, 5);
	r->esp = sq_col_dup(s, 6);
	r->network = sq_col_dup(s, 7);
	r->client = sq_col_dup(s, 8);
	r->annotations = sq_col_dup(s, 9);
	r->received_at = col_time(s, 10);
	r->incident_at = col_time(s, 11);
	r->notes = sq_col_dup(s, 12);
	r->content_dropped = sqlite3_column_int(s, 13);
	fp = sqlite3_column_text(s, 14);
	snprintf(rec->fingerprint, sizeof(rec->fingerprint), "%s", fp ? (const char *)fp : "");
	r->source_file = sq_col_dup(s, 15);
	r->source_line = sqlite3_column_type(s, 16) == SQLITE_NULL ? 0 : (long)sqlite3_column_int64(s, 16);
	rec->created_at = sq_col_dup(s, 17);
	rec->updated_at = sq_col_dup(s, 18);
	rec->case_id = sqlite3_column_int64(s, 19);
	rec->nidents = sqlite3_column_int64(s, 20);
	rec->nip_events = sqlite3_column_int64(s, 21);
	rec->nfiles = sqlite3_column_int64(s, 22);
}

/* NULL for '' (the child tables' "absent"). */
static char *col_opt(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t && *t ? xstrdup((const char *)t) : NULL;
}

static void col_hash(sqlite3_stmt *s, int i, char *out, size_t size)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	snprintf(out, size, "%s", t ? (const char *)t : "");
}

static int read_children(struct store *st, int64_t id, struct referral_record *rec, struct err *err)
{
	struct referral *r = &rec->r;
	sqlite3_stmt *s;
	int rc, step;

	/* Identifiers. */
	if ((rc = sq_prepare(st, &s, "SELECT kind, role, value, service FROM referral_idents"
				     " WHERE referral_id = ? ORDER BY position, kind, value", err)) != HIM_OK)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		enum ident_kind kind;
		enum ident_role role = IDENT_ROLE_REPORTED;
		char *service = col_opt(s, 3);
		if (ident_kind_parse((const char *)sqlite3_column_text(s, 0), &kind)) {
			ident_role_parse((const char *)sqlite3_column_text(s, 1), &role);
			referral_add_ident(r, kind, role, (const char *)sqlite3_column_text(s, 2), service);
		}
		free(service);
	}
	sqlite3_finalize(s);
	if (step != SQLITE_DONE)
		return sq_error(st, err, "reading a referral's identifiers");

	/* IP events, in time order. */
	if ((rc = sq_prepare(st, &s, "SELECT addr, at, port, event, role, ip, proxy FROM ip_events"
				     " WHERE referral_id = ? ORDER BY at, position", err)) != HIM_OK)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct ip_event ev;
		const void *addr = sqlite3_column_blob(s, 0);
		memset(&ev, 0, sizeof(ev));
		if (addr && sqlite3_column_bytes(s, 0) == 16)
			memcpy(ev.addr, addr, 16);
		ev.v6 = !(memcmp(ev.addr, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) == 0);
		ev.at = sqlite3_column_int64(s, 1) < 0 ? TIME_NONE : sqlite3_column_int64(s, 1);
		ev.port = sqlite3_column_int(s, 2);
		col_hash(s, 3, ev.event, sizeof(ev.event));
		ev.role = IDENT_ROLE_REPORTED;
		ident_role_parse((const char *)sqlite3_column_text(s, 4), &ev.role);
		col_hash(s, 5, ev.ip, sizeof(ev.ip));
		ev.proxy = (int)sq_col_opt_int(s, 6);
		referral_add_ip_event(r, &ev);
	}
	sqlite3_finalize(s);
	if (step != SQLITE_DONE)
		return sq_error(st, err, "reading a referral's IP events");

	/* Files. */
	if ((rc = sq_prepare(st, &s, "SELECT name, md5, sha1, sha256, md4, infohash, industry_class"
				     " FROM referral_files WHERE referral_id = ? ORDER BY position, name", err)) != HIM_OK)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct referral_file f;
		memset(&f, 0, sizeof(f));
		f.name = col_opt(s, 0);
		col_hash(s, 1, f.md5, sizeof(f.md5));
		col_hash(s, 2, f.sha1, sizeof(f.sha1));
		col_hash(s, 3, f.sha256, sizeof(f.sha256));
		col_hash(s, 4, f.md4, sizeof(f.md4));
		col_hash(s, 5, f.infohash, sizeof(f.infohash));
		f.industry_class = col_opt(s, 6);
		if (!referral_add_file(r, &f)) {
			free(f.name);
			free(f.industry_class);
		}
	}
	sqlite3_finalize(s);
	if (step != SQLITE_DONE)
		return sq_error(st, err, "reading a referral's files");

	/* Locations as given. */
	if ((rc = sq_prepare(st, &s, "SELECT ip, country, region, city, isp, asn FROM referral_locations"
				     " WHERE referral_id = ? ORDER BY position, ip", err)) != HIM_OK)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct referral_location l;
		l.ip = col_opt(s, 0);
		l.country = col_opt(s, 1);
		l.region = col_opt(s, 2);
		l.city = col_opt(s, 3);
		l.isp = col_opt(s, 4);
		l.asn = col_opt(s, 5);
		if (!referral_add_location(r, &l)) {
			free(l.ip); free(l.country); free(l.region);
			free(l.city); free(l.isp); free(l.asn);
		}
	}
	sqlite3_finalize(s);
	if (step != SQLITE_DONE)
		return sq_error(st, err, "reading a referral's locations");

	/* Revisions, oldest first. */
	if ((rc = sq_prepare(st, &s, "SELECT kind, at, source_file, old_fingerprint, new_fingerprint"
				     " FROM referral_revisions WHERE referral_id = ? ORDER BY id", err)) != HIM_OK)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct referral_revision *v;
		rec->revisions = xrealloc(rec->revisions, (rec->nrevisions + 1) * sizeof(*rec->revisions));
		v = &rec->revisions[rec->nrevisions++];
		col_hash(s, 0, v->kind, sizeof(v->kind));
		v->at = sq_col_dup(s, 1);
		v->source_file = sq_col_dup(s, 2);
		col_hash(s, 3, v->old_fingerprint, sizeof(v->old_fingerprint));
		col_hash(s, 4, v->new_fingerprint, sizeof(v->new_fingerprint));
	}
	sqlite3_finalize(s);
	if (step != SQLITE_DONE)
		return sq_error(st, err, "reading a referral's revisions");
	return HIM_OK;
}

int sq_referral_read(struct store *st, int64_t id, const char *platform, const char *external_id,
		     bool children, struct referral_record *out, struct err *err)
{
	sqlite3_stmt *s;
	int rc, step;

	rc = sq_prepare(st, &s, platform ? "SELECT " READ_COLUMNS READ_FROM
					   " WHERE r.platform = ? AND r.external_id = ?"
					 : "SELECT " READ_COLUMNS READ_FROM " WHERE r.id = ?", err);
	if (rc != HIM_OK)
		return rc;
	if (platform) {
		sq_bind_text(s, 1, platform);
		sq_bind_text(s, 2, external_id);
	} else {
		sqlite3_bind_int64(s, 1, id);
	}
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		referral_record_release(out);
		read_row(s, out);
	} else if (step == SQLITE_DONE) {
		rc = platform ? err_set(err, HIM_ENOTFOUND, "no referral %s:%s", platform, external_id)
			      : err_set(err, HIM_ENOTFOUND, "no referral %lld", (long long)id);
	} else {
		rc = sq_error(st, err, "reading a referral");
	}
	sqlite3_finalize(s);
	if (rc == HIM_OK && children)
		rc = read_children(st, out->id, out, err);
	return rc;
}

/* A bind value of a list query: the IP range is a blob, which the shared
 * query builder (sqlite_query.h) does not carry. */
struct lbind {
	enum { LB_TEXT, LB_INT, LB_BLOB } type;
	const void *p;
	int64_t num;
};

int sq_referral_each(struct store *st, const struct referral_filter *f, int64_t case_id,
		     store_referral_fn fn, void *ctx, struct err *err)
{
	struct strbuf sql = STRBUF_INIT;
	struct lbind b[12];
	int nb = 0, rc, step;
	sqlite3_stmt *s;

	strbuf_adds(&sql, "SELECT " READ_COLUMNS READ_FROM " WHERE 1 = 1");
	if (case_id > 0) {
		strbuf_adds(&sql, " AND rc.case_id = ?");
		b[nb++] = (struct lbind){ LB_INT, NULL, case_id };
	}
	if (f->platform) {
		strbuf_adds(&sql, " AND r.platform = ?");
		b[nb++] = (struct lbind){ LB_TEXT, f->platform, 0 };
	}
	if (f->from != TIME_NONE) {
		strbuf_adds(&sql, " AND r.received_at >= ?");
		b[nb++] = (struct lbind){ LB_INT, NULL, f->from };
	}
	if (f->to != TIME_NONE) {
		strbuf_adds(&sql, " AND r.received_at <= ?");
		b[nb++] = (struct lbind){ LB_INT, NULL, f->to };
	}
	if (f->linked == 0)
		strbuf_adds(&sql, " AND rc.case_id IS NULL");
	else if (f->linked == 1)
		strbuf_adds(&sql, " AND rc.case_id IS NOT NULL");
	if (f->has_ip) {
		strbuf_adds(&sql, " AND r.id IN (SELECT referral_id FROM ip_events WHERE addr BETWEEN ? AND ?)");
		b[nb++] = (struct lbind){ LB_BLOB, f->ip_low, 0 };
		b[nb++] = (struct lbind){ LB_BLOB, f->ip_high, 0 };
	}
	if (f->ident) {
		strbuf_adds(&sql, " AND r.id IN (SELECT referral_id FROM referral_idents WHERE value = ?)");
		b[nb++] = (struct lbind){ LB_TEXT, f->ident, 0 };
	}
	if (f->after_id > 0) {
		strbuf_adds(&sql, f->newest_first ? " AND r.id < ?" : " AND r.id > ?");
		b[nb++] = (struct lbind){ LB_INT, NULL, f->after_id };
	}
	strbuf_adds(&sql, f->newest_first ? " ORDER BY r.id DESC" : " ORDER BY r.id");
	if (f->limit > 0) {
		strbuf_adds(&sql, " LIMIT ?");
		b[nb++] = (struct lbind){ LB_INT, NULL, f->limit };
	}
	rc = sq_prepare(st, &s, sql.buf, err);
	strbuf_release(&sql);
	if (rc != HIM_OK)
		return rc;
	for (int i = 0; i < nb; i++) {
		switch (b[i].type) {
		case LB_TEXT: sqlite3_bind_text(s, i + 1, b[i].p, -1, SQLITE_STATIC); break;
		case LB_INT: sqlite3_bind_int64(s, i + 1, b[i].num); break;
		case LB_BLOB: sqlite3_bind_blob(s, i + 1, b[i].p, 16, SQLITE_STATIC); break;
		}
	}
	while (rc == HIM_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct referral_record rec;
		referral_record_init(&rec);
		read_row(s, &rec);
		rc = fn(&rec, ctx);
		referral_record_release(&rec);
	}
	if (rc == HIM_OK && step != SQLITE_DONE)
		rc = sq_error(st, err, "listing referrals");
	sqlite3_finalize(s);
	return rc;
}

/* --- the link to a case --- */

static int exec_ids(struct store *st, const char *sql, int64_t a, int64_t b, const char *text,
		    struct err *err, const char *what)
{
	sqlite3_stmt *s;
	int rc = sq_prepare(st, &s, sql, err);

	if (rc != HIM_OK)
		return rc;
	sqlite3_bind_int64(s, 1, a);
	if (b)
		sqlite3_bind_int64(s, 2, b);
	if (text)
		sq_bind_text(s, 3, text);
	rc = run(st, s, err, what);
	sqlite3_finalize(s);
	return rc;
}

int sq_referral_link_write(struct store *st, int64_t referral_id, int64_t case_id, const char *platform,
			   const char *now, const char *actor, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	rc = sq_prepare(st, &s, "INSERT INTO referral_cases (referral_id, case_id, linked_at, linked_by)"
				" VALUES (?, ?, ?, ?)", err);
	if (rc != HIM_OK)
		return rc;
	sqlite3_bind_int64(s, 1, referral_id);
	sqlite3_bind_int64(s, 2, case_id);
	sq_bind_text(s, 3, now);
	sq_bind_text(s, 4, actor);
	rc = run(st, s, err, "linking a referral");
	sqlite3_finalize(s);
	/* The platform, unless the case already has it (declared or linked). */
	if (rc == HIM_OK)
		rc = exec_ids(st, "INSERT INTO case_platforms (case_id, platform, position, from_referral)"
				  " SELECT ?1, ?3, (SELECT coalesce(max(position) + 1, 0) FROM case_platforms"
				  "   WHERE case_id = ?1), 1"
				  " WHERE NOT EXISTS (SELECT 1 FROM case_platforms WHERE case_id = ?1 AND platform = ?3)"
				  " AND ?2 = ?2",
			      case_id, referral_id, platform, err, "adding the platform to the case");
	if (rc == HIM_OK)
		rc = exec_ids(st, "UPDATE cases SET version = version + 1 WHERE id = ?", case_id, 0, NULL, err,
			      "updating the case");
	return rc;
}

int sq_referral_unlink_write(struct store *st, int64_t referral_id, int64_t case_id, const char *platform,
			     struct err *err)
{
	int rc;

	rc = exec_ids(st, "DELETE FROM referral_cases WHERE referral_id = ?1 AND case_id = ?2 AND ?3 = ?3",
		      referral_id, case_id, platform, err, "unlinking a referral");
	if (rc == HIM_OK && sqlite3_changes(sq_db(st)) == 0)
		return err_set(err, HIM_ENOTFOUND, "referral %lld is not linked to case %lld",
			       (long long)referral_id, (long long)case_id);
	/* A platform only links gave goes with the last link that gave it. */
	if (rc == HIM_OK)
		rc = exec_ids(st, "DELETE FROM case_platforms WHERE case_id = ?1 AND platform = ?3"
				  " AND from_referral = 1 AND ?2 = ?2 AND NOT EXISTS (SELECT 1 FROM referral_cases rc"
				  "   JOIN referrals r ON r.id = rc.referral_id WHERE rc.case_id = ?1 AND r.platform = ?3)",
			      case_id, referral_id, platform, err, "removing the platform from the case");
	if (rc == HIM_OK)
		rc = exec_ids(st, "UPDATE cases SET version = version + 1 WHERE id = ?", case_id, 0, NULL, err,
			      "updating the case");
	return rc;
}
