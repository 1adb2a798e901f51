/*
 * pg_subject_read.c - the PostgreSQL reads of subjects for pages, routing
 * and triage (the twin of the second half of sqlite_subjects.c: the same
 * rows in the same order), and the two row loops of the subject files.
 *
 * PostgreSQL: the reads that may return a row per referral (every
 * subject, every location, every sighting) go through a cursor, a batch
 * at a time, in one snapshot: SQLite steps its statement, and a national
 * database does not fit one PGresult. Instants are timestamptz, read as
 * epoch seconds; text is ordered COLLATE "C" (SQLite's byte order) where
 * the order shows; the same-content query adds "o.h <> ''" to each arm so
 * that the planner can use the hash's partial index.
 */
#include "pg_subject_internal.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/banned.h"

/* Rows per FETCH of a cursor. */
#define FETCH_ROWS 10000

/* Run a prepared query (sql: a string constant), calling row for each. */
int pg_each_row(struct store *st, const char *sql, const struct pg_params *p, pg_row_fn row, void *ctx,
		const char *what, struct err *err)
{
	PGresult *res;
	int rc, r, n;

	if ((rc = pg_query(st, sql, p, &res, what, err)) != HIM_OK)
		return rc;
	n = PQntuples(res);
	for (r = 0; r < n && rc == HIM_OK; r++)
		rc = row(res, r, ctx);
	PQclear(res);
	return rc;
}

/*
 * Run a query that may return a row per referral through a cursor,
 * FETCH_ROWS at a time: memory stays bounded however large the database.
 * Outside a transaction it opens a read-only one of its own, so every
 * batch reads the same snapshot (as one SQLite statement does).
 */
int pg_each_batched(struct store *st, const char *sql, const struct pg_params *p, pg_row_fn row, void *ctx,
		    const char *what, struct err *err)
{
	static atomic_uint counter;
	struct strbuf cmd = STRBUF_INIT;
	char name[32];
	bool own = PQtransactionStatus(pg_conn(st)) == PQTRANS_IDLE;
	int rc = HIM_OK, r, n;

	/* Distinct names: a callback may read through another cursor. */
	snprintf(name, sizeof(name), "himaya_subjects_%u", atomic_fetch_add(&counter, 1));
	if (own && (rc = pg_exec(st, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err)) != HIM_OK)
		return err_prefix(err, "%s", what);
	strbuf_addf(&cmd, "DECLARE %s NO SCROLL CURSOR FOR %s", name, sql);
	rc = pg_query_dynamic(st, cmd.buf, p, NULL, what, err);
	strbuf_reset(&cmd);
	strbuf_addf(&cmd, "FETCH %d FROM %s", FETCH_ROWS, name);
	while (rc == HIM_OK) {
		PGresult *res;

		if ((rc = pg_query_dynamic(st, cmd.buf, NULL, &res, what, err)) != HIM_OK)
			break;
		n = PQntuples(res);
		for (r = 0; r < n && rc == HIM_OK; r++)
			rc = row(res, r, ctx);
		PQclear(res);
		if (n < FETCH_ROWS)
			break;
	}
	if (own) {
		/* Ending the transaction closes the cursor. */
		if (rc == HIM_OK)
			rc = pg_exec(st, "COMMIT", err);
		else
			pg_exec(st, "ROLLBACK", NULL);
	} else if (PQtransactionStatus(pg_conn(st)) == PQTRANS_INTRANS) {
		strbuf_reset(&cmd);
		strbuf_addf(&cmd, "CLOSE %s", name);
		if (rc == HIM_OK)
			rc = pg_exec(st, cmd.buf, err);
		else
			pg_exec(st, cmd.buf, NULL);
	}
	strbuf_release(&cmd);
	return rc;
}

/* --- reads for pages, routing and triage --- */

struct list_ctx {
	store_subject_fn fn;
	void *ctx;
};

static int list_row(const PGresult *res, int r, void *ctx)
{
	struct list_ctx *lc = ctx;
	struct subject_summary sum;

	sum.id = pg_col_int(res, r, 0);
	sum.referrals = pg_col_int(res, r, 1);
	sum.needs_port = pg_col_int(res, r, 2);
	sum.with_case = pg_col_int(res, r, 3);
	sum.first_received = PQgetisnull(res, r, 4) ? TIME_NONE : pg_col_int(res, r, 4);
	sum.last_received = PQgetisnull(res, r, 5) ? TIME_NONE : pg_col_int(res, r, 5);
	sum.escalated = pg_col_bool(res, r, 6);
	sum.priority_rank = (int)pg_col_int(res, r, 7);
	snprintf(sum.platform, sizeof(sum.platform), "%s", PQgetvalue(res, r, 8));
	return lc->fn(&sum, lc->ctx);
}

#define LIST_SQL(where)                                                                                    \
	"SELECT s.subject_id, count(*), count(*) FILTER (WHERE s.needs_port), count(rc.case_id),"          \
	" " PG_EPOCH("min(r.received_at)") ", " PG_EPOCH("max(r.received_at)") ","                         \
	" bool_or(r.escalation IS NOT NULL),"                                                              \
	" min(CASE r.priority WHEN 'E' THEN 0 WHEN '1' THEN 1 WHEN '2' THEN 2 WHEN '3' THEN 3"             \
	"     WHEN 'informational' THEN 4 ELSE 5 END),"                                                    \
	" (SELECT platform FROM referrals WHERE id = s.subject_id)"                                        \
	" FROM referral_subjects s JOIN referrals r ON r.id = s.referral_id"                               \
	" LEFT JOIN referral_cases rc ON rc.referral_id = s.referral_id" where                             \
	" GROUP BY s.subject_id ORDER BY s.subject_id"

int pg_subject_list(struct store *st, int64_t subject_id, store_subject_fn fn, void *ctx, struct err *err)
{
	static const char all_sql[] = LIST_SQL("");
	static const char one_sql[] = LIST_SQL(" WHERE s.subject_id = $1");
	struct list_ctx lc = { fn, ctx };
	struct pg_params p;

	if (subject_id == 0)
		return pg_each_batched(st, all_sql, NULL, list_row, &lc, "listing subjects", err);
	pg_params_init(&p);
	pg_param_int(&p, subject_id);
	return pg_each_row(st, one_sql, &p, list_row, &lc, "listing subjects", err);
}

struct link_ctx {
	store_subject_link_fn fn;
	void *ctx;
};

static int link_row(const PGresult *res, int r, void *ctx)
{
	struct link_ctx *lc = ctx;
	struct subject_link l;

	l.a = pg_col_int(res, r, 0);
	l.b = pg_col_int(res, r, 1);
	snprintf(l.kind, sizeof(l.kind), "%s", PQgetvalue(res, r, 2));
	l.value = PQgetvalue(res, r, 3);
	l.service = PQgetvalue(res, r, 4);
	l.detail = PQgetvalue(res, r, 5);
	l.decision_id = pg_col_int(res, r, 6);
	return lc->fn(&l, lc->ctx);
}

int pg_subject_links(struct store *st, int64_t subject_id, store_subject_link_fn fn, void *ctx, struct err *err)
{
	static const char sql[] =
		"SELECT l.referral_a, l.referral_b, l.kind, l.value, l.service, l.detail,"
		" coalesce(l.decision_id, 0) FROM subject_links l"
		" JOIN referral_subjects s ON s.referral_id = l.referral_a"
		" WHERE s.subject_id = $1 ORDER BY l.id";
	struct link_ctx lc = { fn, ctx };
	struct pg_params p;

	pg_params_init(&p);
	pg_param_int(&p, subject_id);
	return pg_each_row(st, sql, &p, link_row, &lc, "reading a subject's links", err);
}

struct same_ctx {
	store_same_content_fn fn;
	void *ctx;
};

static int same_row(const PGresult *res, int r, void *ctx)
{
	struct same_ctx *sc = ctx;

	return sc->fn(pg_col_int(res, r, 0), pg_col_int(res, r, 1), PQgetvalue(res, r, 2), PQgetvalue(res, r, 3),
		      sc->ctx);
}

/* One arm per hash column, each on its partial index (o.h <> '' lets the
 * planner prove the index's predicate). */
#define SAME_ARM(h)                                                                                        \
	"SELECT os.subject_id AS subject, o.referral_id AS referral, '" h "' AS kind, f." h " AS hash"     \
	" FROM referral_subjects ms JOIN referral_files f ON f.referral_id = ms.referral_id"               \
	" JOIN referral_files o ON o." h " = f." h " AND o.referral_id <> f.referral_id AND o." h " <> ''" \
	" JOIN referral_subjects os ON os.referral_id = o.referral_id"                                     \
	" WHERE ms.subject_id = $1 AND f." h " <> '' AND os.subject_id <> $1"

int pg_subject_same_content(struct store *st, int64_t subject_id, store_same_content_fn fn, void *ctx,
			    struct err *err)
{
	static const char sql[] =
		"SELECT subject, referral, kind, hash FROM (" SAME_ARM("md5") " UNION " SAME_ARM("sha1")
		" UNION " SAME_ARM("sha256") " UNION " SAME_ARM("md4") " UNION " SAME_ARM("infohash") ") u"
		" ORDER BY subject, referral, kind COLLATE \"C\", hash COLLATE \"C\"";
	struct same_ctx sc = { fn, ctx };
	struct pg_params p;

	pg_params_init(&p);
	pg_param_int(&p, subject_id);
	return pg_each_row(st, sql, &p, same_row, &sc, "finding the same content elsewhere", err);
}

struct loc_ctx {
	store_subject_location_fn loc;
	store_subject_ip_time_fn ip;
	void *ctx;
};

static int loc_row(const PGresult *res, int r, void *ctx)
{
	struct loc_ctx *lc = ctx;

	return lc->loc(pg_col_int(res, r, 0), PQgetvalue(res, r, 1), PQgetvalue(res, r, 2), PQgetvalue(res, r, 3),
		       lc->ctx);
}

/* Every subject's rows, or one subject's (where, binding $1). */
#define LOCATIONS_SQL(where) \
	"SELECT s.subject_id, l.country, l.region, l.city FROM referral_subjects s" \
	" JOIN referral_locations l ON l.referral_id = s.referral_id" where \
	" ORDER BY s.subject_id, l.referral_id, l.position"

int pg_subject_locations(struct store *st, int64_t subject_id, store_subject_location_fn fn, void *ctx,
			 struct err *err)
{
	static const char all_sql[] = LOCATIONS_SQL("");
	static const char one_sql[] = LOCATIONS_SQL(" WHERE s.subject_id = $1");
	struct loc_ctx lc = { fn, NULL, ctx };
	struct pg_params p;

	if (!subject_id)
		return pg_each_batched(st, all_sql, NULL, loc_row, &lc, "reading the subjects' locations", err);
	pg_params_init(&p);
	pg_param_int(&p, subject_id);
	return pg_each_row(st, one_sql, &p, loc_row, &lc, "reading the subject's locations", err);
}

static int ip_time_row(const PGresult *res, int r, void *ctx)
{
	struct loc_ctx *lc = ctx;

	return lc->ip(pg_col_int(res, r, 0), pg_col_int(res, r, 1), PQgetvalue(res, r, 2), lc->ctx);
}

/* The ISP of the first location (in SQLite's key order) that names one
 * for the address. */
#define IP_TIMES_SQL(where) \
	"SELECT s.subject_id, " PG_EPOCH("e.at") ", coalesce((SELECT l.isp FROM referral_locations l" \
	"   WHERE l.referral_id = e.referral_id AND l.ip = host(e.addr) AND l.isp <> ''" \
	"   ORDER BY l.country COLLATE \"C\", l.region COLLATE \"C\", l.city COLLATE \"C\"," \
	"   l.isp COLLATE \"C\", l.asn COLLATE \"C\" LIMIT 1), '')" \
	" FROM referral_subjects s JOIN ip_events e ON e.referral_id = s.referral_id" \
	" WHERE e.role = 'reported' AND e.at IS NOT NULL" where " ORDER BY s.subject_id, e.at, e.referral_id"

int pg_subject_ip_times(struct store *st, int64_t subject_id, store_subject_ip_time_fn fn, void *ctx,
			struct err *err)
{
	static const char all_sql[] = IP_TIMES_SQL("");
	static const char one_sql[] = IP_TIMES_SQL(" AND s.subject_id = $1");
	struct loc_ctx lc = { NULL, fn, ctx };
	struct pg_params p;

	if (!subject_id)
		return pg_each_batched(st, all_sql, NULL, ip_time_row, &lc, "reading the subjects' IP sightings", err);
	pg_params_init(&p);
	pg_param_int(&p, subject_id);
	return pg_each_row(st, one_sql, &p, ip_time_row, &lc, "reading the subject's IP sightings", err);
}

struct case_ctx {
	store_subject_case_fn fn;
	void *ctx;
};

static int case_row(const PGresult *res, int r, void *ctx)
{
	struct case_ctx *cc = ctx;
	struct subject_case c;

	c.subject_id = pg_col_int(res, r, 0);
	c.case_id = pg_col_int(res, r, 1);
	pg_col_code(res, r, 2, c.court);
	pg_col_code(res, r, 3, c.decision);
	pg_col_code(res, r, 4, c.reason);
	pg_col_code(res, r, 5, c.first_outcome);
	return cc->fn(&c, cc->ctx);
}

int pg_subject_cases(struct store *st, store_subject_case_fn fn, void *ctx, struct err *err)
{
	static const char sql[] =
		"SELECT DISTINCT s.subject_id, c.id, c.court, c.decision, e.reason, c.first_outcome"
		" FROM referral_subjects s JOIN referral_cases rc ON rc.referral_id = s.referral_id"
		" JOIN cases c ON c.id = rc.case_id LEFT JOIN case_events e ON e.id = c.decision_event"
		" ORDER BY s.subject_id, c.id";
	struct case_ctx cc = { fn, ctx };

	return pg_each_batched(st, sql, NULL, case_row, &cc, "reading the cases of subjects", err);
}
