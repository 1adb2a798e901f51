/*
 * sqlite_subject_read.c - what subject pages, routing and triage read on
 * SQLite: subjects with their sums, each subject's links and the same
 * content elsewhere, the places, IP sightings and cases of all subjects
 * (one pass each, in subject order), and the row loop the subject files
 * share.
 */
#include "sqlite_subject_internal.h"

#include <stdio.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/banned.h"

const char *sq_subject_text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t ? (const char *)t : "";
}

int sq_each_row(struct store *st, sqlite3_stmt *s, sq_row_fn row, void *ctx, struct err *err, const char *what)
{
	int rc = HIM_OK, step;

	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = row(s, ctx)) != HIM_OK)
			break;
	if (rc == HIM_OK && step != SQLITE_DONE)
		rc = sq_error(st, err, what);
	sqlite3_finalize(s);
	return rc;
}

struct list_ctx {
	store_subject_fn fn;
	void *ctx;
};

static int list_row(sqlite3_stmt *s, void *ctx)
{
	struct list_ctx *lc = ctx;
	struct subject_summary sum;

	sum.id = sqlite3_column_int64(s, 0);
	sum.referrals = sqlite3_column_int64(s, 1);
	sum.needs_port = sqlite3_column_int64(s, 2);
	sum.with_case = sqlite3_column_int64(s, 3);
	sum.first_received = sqlite3_column_type(s, 4) == SQLITE_NULL ? TIME_NONE : sqlite3_column_int64(s, 4);
	sum.last_received = sqlite3_column_type(s, 5) == SQLITE_NULL ? TIME_NONE : sqlite3_column_int64(s, 5);
	sum.escalated = sqlite3_column_int(s, 6) != 0;
	sum.priority_rank = sqlite3_column_int(s, 7);
	snprintf(sum.platform, sizeof(sum.platform), "%s", sq_subject_text(s, 8));
	return lc->fn(&sum, lc->ctx);
}

int sq_subject_list(struct store *st, int64_t subject_id, store_subject_fn fn, void *ctx, struct err *err)
{
	struct list_ctx lc = { fn, ctx };
	sqlite3_stmt *s;
	int rc;

	if ((rc = sq_prepare(st, &s, "SELECT s.subject_id, count(*), sum(s.needs_port), count(rc.case_id),"
			     " min(r.received_at), max(r.received_at), max(r.escalation IS NOT NULL),"
			     " min(CASE r.priority WHEN 'E' THEN 0 WHEN '1' THEN 1 WHEN '2' THEN 2 WHEN '3' THEN 3"
			     "     WHEN 'informational' THEN 4 ELSE 5 END),"
			     " (SELECT platform FROM referrals WHERE id = s.subject_id)"
			     " FROM referral_subjects s JOIN referrals r ON r.id = s.referral_id"
			     " LEFT JOIN referral_cases rc ON rc.referral_id = s.referral_id"
			     " WHERE ?1 = 0 OR s.subject_id = ?1"
			     " GROUP BY s.subject_id ORDER BY s.subject_id", err)) != HIM_OK)
		return rc;
	sqlite3_bind_int64(s, 1, subject_id);
	return sq_each_row(st, s, list_row, &lc, err, "listing subjects");
}

struct link_ctx {
	store_subject_link_fn fn;
	void *ctx;
};

static int link_row(sqlite3_stmt *s, void *ctx)
{
	struct link_ctx *lc = ctx;
	struct subject_link l;

	l.a = sqlite3_column_int64(s, 0);
	l.b = sqlite3_column_int64(s, 1);
	snprintf(l.kind, sizeof(l.kind), "%s", sq_subject_text(s, 2));
	l.value = (char *)sq_subject_text(s, 3);
	l.service = (char *)sq_subject_text(s, 4);
	l.detail = (char *)sq_subject_text(s, 5);
	l.decision_id = sqlite3_column_int64(s, 6);
	return lc->fn(&l, lc->ctx);
}

int sq_subject_links(struct store *st, int64_t subject_id, store_subject_link_fn fn, void *ctx, struct err *err)
{
	struct link_ctx lc = { fn, ctx };
	sqlite3_stmt *s;
	int rc;

	if ((rc = sq_prepare(st, &s, "SELECT l.referral_a, l.referral_b, l.kind, l.value, l.service, l.detail,"
			     " coalesce(l.decision_id, 0) FROM subject_links l"
			     " JOIN referral_subjects s ON s.referral_id = l.referral_a"
			     " WHERE s.subject_id = ?1 ORDER BY l.id", err)) != HIM_OK)
		return rc;
	sqlite3_bind_int64(s, 1, subject_id);
	return sq_each_row(st, s, link_row, &lc, err, "reading a subject's links");
}

struct same_ctx {
	store_same_content_fn fn;
	void *ctx;
};

static int same_row(sqlite3_stmt *s, void *ctx)
{
	struct same_ctx *sc = ctx;

	return sc->fn(sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1), sq_subject_text(s, 2), sq_subject_text(s, 3),
		      sc->ctx);
}

int sq_subject_same_content(struct store *st, int64_t subject_id, store_same_content_fn fn, void *ctx,
			     struct err *err)
{
	struct same_ctx sc = { fn, ctx };
	struct strbuf sql = STRBUF_INIT;
	static const char *const hashes[] = { "md5", "sha1", "sha256", "md4", "infohash" };
	sqlite3_stmt *s;
	size_t i;
	int rc;

	/* One arm per hash column, each on its partial index: "o.x <> ''"
	 * lets SQLite use it (without, it built a temporary index over every
	 * file for each arm: 1.1 s a subject page on 200,000 files). */
	for (i = 0; i < sizeof(hashes) / sizeof(hashes[0]); i++)
		strbuf_addf(&sql, "%sSELECT os.subject_id, o.referral_id, '%s', f.%s"
			    " FROM referral_subjects ms JOIN referral_files f ON f.referral_id = ms.referral_id"
			    " JOIN referral_files o ON o.%s = f.%s AND o.%s <> '' AND o.referral_id <> f.referral_id"
			    " JOIN referral_subjects os ON os.referral_id = o.referral_id"
			    " WHERE ms.subject_id = ?1 AND f.%s <> '' AND os.subject_id <> ?1",
			    i ? " UNION " : "", hashes[i], hashes[i], hashes[i], hashes[i], hashes[i], hashes[i]);
	strbuf_adds(&sql, " ORDER BY 1, 2, 3, 4");
	rc = sq_prepare(st, &s, sql.buf, err);
	strbuf_release(&sql);
	if (rc != HIM_OK)
		return rc;
	sqlite3_bind_int64(s, 1, subject_id);
	return sq_each_row(st, s, same_row, &sc, err, "finding the same content elsewhere");
}

struct loc_ctx {
	store_subject_location_fn loc;
	store_subject_ip_time_fn ip;
	void *ctx;
};

static int loc_row(sqlite3_stmt *s, void *ctx)
{
	struct loc_ctx *lc = ctx;

	return lc->loc(sqlite3_column_int64(s, 0), sq_subject_text(s, 1), sq_subject_text(s, 2), sq_subject_text(s, 3), lc->ctx);
}

/* Every subject's rows, or one subject's (where): a statement of its own,
 * as "?1 = 0 OR" would keep SQLite from searching the subject index. */
#define LOCATIONS_SQL(where) \
	"SELECT s.subject_id, l.country, l.region, l.city FROM referral_subjects s" \
	" JOIN referral_locations l ON l.referral_id = s.referral_id" where \
	" ORDER BY s.subject_id, l.referral_id, l.position"
#define IP_TIMES_SQL(where) \
	"SELECT s.subject_id, e.at, coalesce((SELECT l.isp FROM referral_locations l" \
	"   WHERE l.referral_id = e.referral_id AND l.ip = e.ip AND l.isp <> '' LIMIT 1), '')" \
	" FROM referral_subjects s JOIN ip_events e ON e.referral_id = s.referral_id" \
	" WHERE e.role = 'reported' AND e.at >= 0" where " ORDER BY s.subject_id, e.at"

int sq_subject_locations(struct store *st, int64_t subject_id, store_subject_location_fn fn, void *ctx,
			 struct err *err)
{
	struct loc_ctx lc = { fn, NULL, ctx };
	sqlite3_stmt *s;
	int rc;

	if ((rc = sq_prepare(st, &s, subject_id ? LOCATIONS_SQL(" WHERE s.subject_id = ?1") : LOCATIONS_SQL(""),
			     err)) != HIM_OK)
		return rc;
	if (subject_id)
		sqlite3_bind_int64(s, 1, subject_id);
	return sq_each_row(st, s, loc_row, &lc, err, "reading the subjects' locations");
}

static int ip_time_row(sqlite3_stmt *s, void *ctx)
{
	struct loc_ctx *lc = ctx;

	return lc->ip(sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1), sq_subject_text(s, 2), lc->ctx);
}

int sq_subject_ip_times(struct store *st, int64_t subject_id, store_subject_ip_time_fn fn, void *ctx,
			struct err *err)
{
	struct loc_ctx lc = { NULL, fn, ctx };
	sqlite3_stmt *s;
	int rc;

	if ((rc = sq_prepare(st, &s, subject_id ? IP_TIMES_SQL(" AND s.subject_id = ?1") : IP_TIMES_SQL(""),
			     err)) != HIM_OK)
		return rc;
	if (subject_id)
		sqlite3_bind_int64(s, 1, subject_id);
	return sq_each_row(st, s, ip_time_row, &lc, err, "reading the subjects' IP sightings");
}

struct case_ctx {
	store_subject_case_fn fn;
	void *ctx;
};

static int case_row(sqlite3_stmt *s, void *ctx)
{
	struct case_ctx *cc = ctx;
	struct subject_case c;

	c.subject_id = sqlite3_column_int64(s, 0);
	c.case_id = sqlite3_column_int64(s, 1);
	sq_col_code(s, 2, c.court);
	sq_col_code(s, 3, c.decision);
	sq_col_code(s, 4, c.reason);
	sq_col_code(s, 5, c.first_outcome);
	return cc->fn(&c, cc->ctx);
}

int sq_subject_cases(struct store *st, store_subject_case_fn fn, void *ctx, struct err *err)
{
	struct case_ctx cc = { fn, ctx };
	sqlite3_stmt *s;
	int rc;

	if ((rc = sq_prepare(st, &s, "SELECT DISTINCT s.subject_id, c.id, c.court, c.decision, e.reason, c.first_outcome"
			     " FROM referral_subjects s JOIN referral_cases rc ON rc.referral_id = s.referral_id"
			     " JOIN cases c ON c.id = rc.case_id LEFT JOIN case_events e ON e.id = c.decision_event"
			     " ORDER BY s.subject_id, c.id", err)) != HIM_OK)
		return rc;
	return sq_each_row(st, s, case_row, &cc, err, "reading the cases of subjects");
}
