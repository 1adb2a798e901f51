/*
 * pg_subjects.c - the PostgreSQL primitives of subjects: the linker's
 * identifier and sighting indexes (no pair table), its results, people's
 * decisions, and the backend table (the reads of pages, routing and triage
 * are in pg_subject_read.c). The twin of sqlite_subjects.c: the same rows
 * in the same order, so the linker gives the same subjects, the same link
 * reasons and the same ids on both backends.
 *
 * PostgreSQL: addresses are inet, instants timestamptz (read back as epoch
 * seconds). The linker walks sightings in the order of SQLite's 16-byte
 * address (an IPv4 address as ::ffff:a.b.c.d), not inet's (every IPv4
 * before every IPv6), because the order decides which of two equivalent
 * links is kept as the reason: himaya_addr_block() (006_subjects.sql)
 * gives it. Text is ordered COLLATE "C" (SQLite's byte order) in any
 * database locale. A rebuild's whole indexes are read through a cursor
 * (pg_each_batched); an incremental run's questions about its new
 * referrals are asked a thousand referrals per query (around_each), not
 * two round trips per referral. The linker's results are written a chunk
 * of rows per statement (arrays through unnest), not a round trip per row
 * as SQLite can afford in-process; the upsert keeps SQLite's row-by-row
 * meaning.
 */
#include "pg_subject_internal.h"
#include "pg_array.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/ident.h"
#include "../lib/strbuf.h"
#include "../lib/banned.h"

#define LINK_KINDS "('email', 'phone', 'p2p_guid', 'esp_account', 'screen_name')"
/* Rows per statement of a bulk write. */
#define WRITE_ROWS 20000

/* --- the linker's inputs --- */

struct ident_ctx {
	store_link_ident_fn fn;
	void *ctx;
	int col; /* the row's first column: referral, kind, value, service */
};

static int ident_row(const PGresult *res, int i, void *ctx)
{
	struct ident_ctx *ic = ctx;
	struct link_ident_row r;
	int c = ic->col;

	r.referral_id = pg_col_int(res, i, c);
	if (!ident_kind_parse(PQgetvalue(res, i, c + 1), &r.kind))
		return HIM_OK;
	r.value = PQgetvalue(res, i, c + 2);
	r.service = PQgetvalue(res, i, c + 3);
	r.subject_id = PQnfields(res) > c + 4 ? pg_col_int(res, i, c + 4) : 0;
	if (!link_ident_links(r.kind, IDENT_ROLE_REPORTED, r.service))
		return HIM_OK;
	return ic->fn(&r, ic->ctx);
}

static int pg_idents_each(struct store *st, store_link_ident_fn fn, void *ctx, struct err *err)
{
	/* SQLite's order (its index's: value, kind, referral, service). */
	static const char sql[] =
		"SELECT referral_id, kind, value, service FROM referral_idents"
		" WHERE role = 'reported' AND kind IN " LINK_KINDS
		" ORDER BY value COLLATE \"C\", kind COLLATE \"C\", referral_id, service COLLATE \"C\"";
	struct ident_ctx ic = { fn, ctx, 0 };

	return pg_each_batched(st, sql, NULL, ident_row, &ic, "reading the identifiers to link", err);
}

static int pg_ident_matches(struct store *st, int64_t referral_id, bool per_subject, store_link_ident_fn fn,
			    void *ctx, struct err *err)
{
	/* A value a thousand referrals share is one row per subject, not a
	 * thousand: a referral not linked yet counts as its own subject. */
	static const char per_subject_sql[] =
		"SELECT min(o.referral_id), o.kind, o.value, o.service, coalesce(max(rs.subject_id), 0)"
		" FROM referral_idents m JOIN referral_idents o"
		"   ON o.value = m.value AND o.kind = m.kind AND o.service = m.service"
		"  AND o.role = 'reported' AND o.referral_id <> m.referral_id"
		" LEFT JOIN referral_subjects rs ON rs.referral_id = o.referral_id"
		" WHERE m.referral_id = $1 AND m.role = 'reported' AND m.kind IN " LINK_KINDS
		" GROUP BY o.kind, o.service, o.value, coalesce(rs.subject_id, -o.referral_id)"
		" ORDER BY o.kind COLLATE \"C\", o.value COLLATE \"C\", o.service COLLATE \"C\", 1";
	static const char each_sql[] =
		"SELECT DISTINCT o.referral_id, o.kind COLLATE \"C\" AS k, o.value COLLATE \"C\" AS v,"
		" o.service COLLATE \"C\" AS s"
		" FROM referral_idents m JOIN referral_idents o"
		"   ON o.value = m.value AND o.kind = m.kind AND o.service = m.service"
		"  AND o.role = 'reported' AND o.referral_id <> m.referral_id"
		" WHERE m.referral_id = $1 AND m.role = 'reported' AND m.kind IN " LINK_KINDS
		" ORDER BY k, s, v, 1";
	struct ident_ctx ic = { fn, ctx, 0 };
	struct pg_params p;

	pg_params_init(&p);
	pg_param_int(&p, referral_id);
	return pg_each_row(st, per_subject ? per_subject_sql : each_sql, &p, ident_row, &ic,
			   "finding a referral's identifiers elsewhere", err);
}

/* A sighting from columns c.. (referral_id, ip, at, port, proxy). The
 * address's 16 bytes and canonical text come from core's parser, as they
 * did when the sighting was imported. */
static int read_ip(const PGresult *res, int r, int c, struct link_ip_event *ev, struct err *err)
{
	struct ident_ip parsed;

	memset(ev, 0, sizeof(*ev));
	ev->referral_id = pg_col_int(res, r, c);
	if (ident_ip_parse(PQgetvalue(res, r, c + 1), &parsed, err) != HIM_OK)
		return err_prefix(err, "the sightings of referral %lld", (long long)ev->referral_id);
	memcpy(ev->addr, parsed.addr, 16);
	snprintf(ev->ip, sizeof(ev->ip), "%s", parsed.text);
	ev->at = PQgetisnull(res, r, c + 2) ? TIME_NONE : pg_col_int(res, r, c + 2);
	ev->port = PQgetisnull(res, r, c + 3) ? -1 : (int)pg_col_int(res, r, c + 3);
	ev->proxy = PQgetisnull(res, r, c + 4) ? -1 : pg_col_bool(res, r, c + 4) ? 1 : 0;
	return HIM_OK;
}

struct ip_ctx {
	store_link_ip_fn fn;
	store_link_ip_pair_fn pair;
	void *ctx;
	struct err *err;
	int col; /* the row's first column */
};

static int ip_row(const PGresult *res, int r, void *ctx)
{
	struct ip_ctx *ic = ctx;
	struct link_ip_event ev;
	int rc;

	if ((rc = read_ip(res, r, 0, &ev, ic->err)) != HIM_OK)
		return rc;
	return ic->fn(&ev, ic->ctx);
}

static int ip_pair_row(const PGresult *res, int r, void *ctx)
{
	struct ip_ctx *ic = ctx;
	struct link_ip_event mine, other;
	int rc;

	if ((rc = read_ip(res, r, ic->col, &mine, ic->err)) != HIM_OK ||
	    (rc = read_ip(res, r, ic->col + 5, &other, ic->err)) != HIM_OK)
		return rc;
	mine.subject_id = pg_col_int(res, r, ic->col + 10);
	other.subject_id = pg_col_int(res, r, ic->col + 11);
	return ic->pair(&mine, &other, ic->ctx);
}

#define IP_COLS(t) t ".referral_id, host(" t ".addr), " PG_EPOCH(t ".at") ", " t ".port, " t ".proxy"
/* A pair's two referrals' stored subjects (0: none), after both sightings. */
#define IP_SUBJECTS "coalesce(ms.subject_id, 0), coalesce(os.subject_id, 0)"
#define IP_SUBJECTS_JOIN \
	" LEFT JOIN referral_subjects ms ON ms.referral_id = m.referral_id" \
	" LEFT JOIN referral_subjects os ON os.referral_id = o.referral_id"

static int pg_ips_each(struct store *st, int64_t subject_id, store_link_ip_fn fn, void *ctx, struct err *err)
{
	/* Ties (one referral, one address, one time, two ports) in the order
	 * of SQLite's index: port, then event. */
	static const char sql[] =
		"SELECT " IP_COLS("e") " FROM ip_events e"
		" WHERE e.role = 'reported' AND e.at IS NOT NULL"
		" ORDER BY himaya_addr_block(e.addr), e.addr, e.at, e.referral_id, e.port NULLS FIRST, e.event COLLATE \"C\"";
	static const char one_sql[] =
		"SELECT " IP_COLS("e") " FROM referral_subjects rs JOIN ip_events e ON e.referral_id = rs.referral_id"
		" WHERE rs.subject_id = $1 AND e.role = 'reported' AND e.at IS NOT NULL"
		" ORDER BY himaya_addr_block(e.addr), e.addr, e.at, e.referral_id, e.port NULLS FIRST, e.event COLLATE \"C\"";
	struct ip_ctx ic = { fn, NULL, ctx, err, 0 };
	struct pg_params p;

	if (!subject_id)
		return pg_each_batched(st, sql, NULL, ip_row, &ic, "reading the IP sightings to link", err);
	pg_params_init(&p);
	pg_param_int(&p, subject_id);
	return pg_each_row(st, one_sql, &p, ip_row, &ic, "reading a subject's IP sightings", err);
}

static int pg_ip_neighbours(struct store *st, int64_t referral_id, int64_t window, store_link_ip_pair_fn fn,
			    void *ctx, struct err *err)
{
	/* o.addr = m.addr AND o.at BETWEEN ...: one range of the (ip, at) index. */
	static const char sql[] =
		"SELECT " IP_COLS("m") ", " IP_COLS("o") ", " IP_SUBJECTS
		" FROM ip_events m JOIN ip_events o"
		"   ON o.addr = m.addr AND o.at BETWEEN m.at - make_interval(secs => $2) AND m.at + make_interval(secs => $2)"
		"  AND o.role = 'reported' AND o.referral_id <> m.referral_id"
		IP_SUBJECTS_JOIN
		" WHERE m.referral_id = $1 AND m.role = 'reported' AND m.at IS NOT NULL"
		" ORDER BY himaya_addr_block(m.addr), m.addr, m.at, m.port NULLS FIRST, m.event COLLATE \"C\","
		" o.at, o.referral_id, o.port NULLS FIRST, o.event COLLATE \"C\"";
	struct ip_ctx ic = { NULL, fn, ctx, err, 0 };
	struct pg_params p;

	pg_params_init(&p);
	pg_param_int(&p, referral_id);
	pg_param_int(&p, window);
	return pg_each_row(st, sql, &p, ip_pair_row, &ic, "finding a referral's IP neighbours", err);
}

/*
 * ident_matches and ip_neighbours for many referrals: AROUND_IDS at a time,
 * two queries for the lot instead of two round trips per referral (an
 * incremental run asks about every new referral). Each row carries its
 * referral's place in ids (q.n); the rest of each ORDER BY is the one of
 * the single-referral queries above, so the rows are the same in the same
 * order. Subjects are read as stored before the run, as those do.
 */
#define AROUND_IDS 1000

static int around_chunk(struct store *st, const int64_t *ids, size_t n, int64_t window, bool per_subject,
			store_link_around_fn start, store_link_ident_fn ident_fn, store_link_ip_pair_fn ip_fn,
			void *ctx, struct err *err)
{
	static const char per_subject_sql[] =
		"SELECT q.n, min(o.referral_id), o.kind, o.value, o.service, coalesce(max(rs.subject_id), 0)"
		" FROM unnest($1::bigint[]) WITH ORDINALITY AS q (id, n)"
		" JOIN referral_idents m ON m.referral_id = q.id JOIN referral_idents o"
		"   ON o.value = m.value AND o.kind = m.kind AND o.service = m.service"
		"  AND o.role = 'reported' AND o.referral_id <> m.referral_id"
		" LEFT JOIN referral_subjects rs ON rs.referral_id = o.referral_id"
		" WHERE m.role = 'reported' AND m.kind IN " LINK_KINDS
		" GROUP BY q.n, o.kind, o.service, o.value, coalesce(rs.subject_id, -o.referral_id)"
		" ORDER BY q.n, o.kind COLLATE \"C\", o.service COLLATE \"C\", o.value COLLATE \"C\", 2";
	static const char each_sql[] =
		"SELECT DISTINCT q.n, o.referral_id, o.kind COLLATE \"C\" AS k, o.value COLLATE \"C\" AS v,"
		" o.service COLLATE \"C\" AS s"
		" FROM unnest($1::bigint[]) WITH ORDINALITY AS q (id, n)"
		" JOIN referral_idents m ON m.referral_id = q.id JOIN referral_idents o"
		"   ON o.value = m.value AND o.kind = m.kind AND o.service = m.service"
		"  AND o.role = 'reported' AND o.referral_id <> m.referral_id"
		" WHERE m.role = 'reported' AND m.kind IN " LINK_KINDS
		" ORDER BY 1, k, s, v, 2";
	static const char ip_sql[] =
		"SELECT q.n, " IP_COLS("m") ", " IP_COLS("o") ", " IP_SUBJECTS
		" FROM unnest($1::bigint[]) WITH ORDINALITY AS q (id, n)"
		" JOIN ip_events m ON m.referral_id = q.id JOIN ip_events o"
		"   ON o.addr = m.addr AND o.at BETWEEN m.at - make_interval(secs => $2) AND m.at + make_interval(secs => $2)"
		"  AND o.role = 'reported' AND o.referral_id <> m.referral_id"
		IP_SUBJECTS_JOIN
		" WHERE m.role = 'reported' AND m.at IS NOT NULL"
		" ORDER BY q.n, himaya_addr_block(m.addr), m.addr, m.at, m.port NULLS FIRST, m.event COLLATE \"C\","
		" o.at, o.referral_id, o.port NULLS FIRST, o.event COLLATE \"C\"";
	struct ident_ctx ic = { ident_fn, ctx, 1 };
	struct ip_ctx pc = { NULL, ip_fn, ctx, err, 1 };
	struct strbuf arr = STRBUF_INIT;
	struct pg_params p;
	PGresult *idents = NULL, *ips = NULL;
	int rc, ri = 0, rp = 0, ni, np;
	size_t i;

	array_open(&arr);
	for (i = 0; i < n; i++)
		array_int(&arr, ids[i]);
	array_close(&arr);
	pg_params_init(&p);
	pg_param_text(&p, arr.buf);
	rc = pg_query(st, per_subject ? per_subject_sql : each_sql, &p, &idents,
		      "finding referrals' identifiers elsewhere", err);
	pg_param_int(&p, window);
	if (rc == HIM_OK)
		rc = pg_query(st, ip_sql, &p, &ips, "finding referrals' IP neighbours", err);
	strbuf_release(&arr);
	if (rc != HIM_OK)
		goto out;
	ni = PQntuples(idents);
	np = PQntuples(ips);
	for (i = 0; i < n && rc == HIM_OK; i++) {
		int64_t place = (int64_t)i + 1;

		rc = start(ids[i], ctx);
		for (; rc == HIM_OK && ri < ni && pg_col_int(idents, ri, 0) == place; ri++)
			rc = ident_row(idents, ri, &ic);
		for (; rc == HIM_OK && rp < np && pg_col_int(ips, rp, 0) == place; rp++)
			rc = ip_pair_row(ips, rp, &pc);
	}
out:
	PQclear(idents);
	PQclear(ips);
	return rc;
}

static int pg_around_each(struct store *st, const int64_t *ids, size_t n, int64_t window, bool per_subject,
			  store_link_around_fn start, store_link_ident_fn ident_fn, store_link_ip_pair_fn ip_fn,
			  void *ctx, struct err *err)
{
	size_t i, k;
	int rc = HIM_OK;

	for (i = 0; i < n && rc == HIM_OK; i += k) {
		k = n - i < AROUND_IDS ? n - i : AROUND_IDS;
		rc = around_chunk(st, ids + i, k, window, per_subject, start, ident_fn, ip_fn, ctx, err);
	}
	return rc;
}

struct member_ctx {
	store_subject_member_fn fn;
	void *ctx;
};

static int member_row(const PGresult *res, int r, void *ctx)
{
	struct member_ctx *mc = ctx;

	return mc->fn(pg_col_int(res, r, 0), pg_col_int(res, r, 1), pg_col_bool(res, r, 2), mc->ctx);
}

static int pg_members(struct store *st, int64_t subject_id, store_subject_member_fn fn, void *ctx,
		      struct err *err)
{
	static const char all_sql[] =
		"SELECT r.id, coalesce(s.subject_id, 0), coalesce(s.needs_port, false)"
		" FROM referrals r LEFT JOIN referral_subjects s ON s.referral_id = r.id ORDER BY r.id";
	static const char one_sql[] =
		"SELECT referral_id, subject_id, needs_port FROM referral_subjects"
		" WHERE subject_id = $1 ORDER BY referral_id";
	struct member_ctx mc = { fn, ctx };
	struct pg_params p;

	if (subject_id == 0)
		return pg_each_batched(st, all_sql, NULL, member_row, &mc, "reading the subjects' members", err);
	pg_params_init(&p);
	pg_param_int(&p, subject_id);
	return pg_each_row(st, one_sql, &p, member_row, &mc, "reading the subjects' members", err);
}

/* --- the linker's results --- */

static int write_reset(struct store *st, const struct subject_update *u, struct err *err)
{
	static const char del_links_sql[] =
		"DELETE FROM subject_links WHERE referral_a = ANY ($1::bigint[]) OR referral_b = ANY ($1::bigint[])";
	static const char del_subj_sql[] = "DELETE FROM referral_subjects WHERE referral_id = ANY ($1::bigint[])";
	struct strbuf ids = STRBUF_INIT;
	struct pg_params p;
	size_t i;
	int rc;

	/* DELETE, not TRUNCATE: readers keep their snapshot of the old
	 * subjects until the rebuild commits, as on SQLite. */
	if (u->rebuild)
		return pg_exec(st, "DELETE FROM subject_links; DELETE FROM referral_subjects", err);
	if (u->nreset == 0)
		return HIM_OK;
	array_open(&ids);
	for (i = 0; i < u->nreset; i++)
		array_int(&ids, u->reset[i]);
	array_close(&ids);
	pg_params_init(&p);
	pg_param_text(&p, ids.buf);
	rc = pg_query(st, del_links_sql, &p, NULL, "forgetting referrals' links", err);
	if (rc == HIM_OK)
		rc = pg_query(st, del_subj_sql, &p, NULL, "forgetting referrals' subjects", err);
	strbuf_release(&ids);
	return rc;
}

/*
 * Assignments n at a time. Within one statement a referral named twice
 * gets what two upserts in a row would give: the last subject, and the
 * needs-port flag if any set it (ON CONFLICT DO UPDATE may not touch a
 * row twice in one statement, hence DISTINCT ON).
 */
static int write_assign(struct store *st, const struct subject_assign *a, size_t n, struct err *err)
{
	static const char sql[] =
		"INSERT INTO referral_subjects (referral_id, subject_id, needs_port)"
		" SELECT DISTINCT ON (r) r, s, bool_or(np) OVER (PARTITION BY r)"
		" FROM unnest($1::bigint[], $2::bigint[], $3::boolean[]) WITH ORDINALITY AS u (r, s, np, i)"
		" ORDER BY r, i DESC"
		" ON CONFLICT (referral_id) DO UPDATE SET subject_id = excluded.subject_id,"
		" needs_port = referral_subjects.needs_port OR excluded.needs_port";
	struct strbuf ref = STRBUF_INIT, sub = STRBUF_INIT, np = STRBUF_INIT;
	struct pg_params p;
	size_t i;
	int rc;

	array_open(&ref);
	array_open(&sub);
	array_open(&np);
	for (i = 0; i < n; i++) {
		array_int(&ref, a[i].referral_id);
		array_int(&sub, a[i].subject_id);
		array_bool(&np, a[i].needs_port);
	}
	array_close(&ref);
	array_close(&sub);
	array_close(&np);
	pg_params_init(&p);
	pg_param_text(&p, ref.buf);
	pg_param_text(&p, sub.buf);
	pg_param_text(&p, np.buf);
	rc = pg_query(st, sql, &p, NULL, "writing referrals' subjects", err);
	strbuf_release(&ref);
	strbuf_release(&sub);
	strbuf_release(&np);
	return rc;
}

/* Links n at a time, in the given order (subject pages list them by id). */
static int write_links(struct store *st, const struct subject_link *l, size_t n, struct err *err)
{
	static const char sql[] =
		"INSERT INTO subject_links (referral_a, referral_b, kind, value, service, detail, decision_id)"
		" SELECT a, b, k, v, s, d, dec"
		" FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[])"
		"   WITH ORDINALITY AS u (a, b, k, v, s, d, dec, i)"
		" ORDER BY i";
	struct strbuf col[7];
	struct pg_params p;
	size_t i;
	int c, rc;

	for (c = 0; c < 7; c++) {
		strbuf_init(&col[c]);
		array_open(&col[c]);
	}
	for (i = 0; i < n; i++) {
		array_int(&col[0], l[i].a);
		array_int(&col[1], l[i].b);
		array_text(&col[2], l[i].kind);
		array_text(&col[3], l[i].value);
		array_text(&col[4], l[i].service);
		array_text(&col[5], l[i].detail);
		array_opt_int(&col[6], l[i].decision_id > 0 ? l[i].decision_id : -1);
	}
	pg_params_init(&p);
	for (c = 0; c < 7; c++) {
		array_close(&col[c]);
		pg_param_text(&p, col[c].buf);
	}
	rc = pg_query(st, sql, &p, NULL, "writing why referrals are linked", err);
	for (c = 0; c < 7; c++)
		strbuf_release(&col[c]);
	return rc;
}

static int pg_write(struct store *st, const struct subject_update *u, struct err *err)
{
	static const char generation_sql[] =
		"INSERT INTO link_state (key, value) VALUES ('generation', 1)"
		" ON CONFLICT (key) DO UPDATE SET value = link_state.value + 1";
	static const char state_sql[] =
		"INSERT INTO link_state (key, value) VALUES ('window', $1)"
		" ON CONFLICT (key) DO UPDATE SET value = excluded.value";
	static const char exclusions_sql[] =
		"INSERT INTO link_state (key, value) VALUES ('exclusions', $1)"
		" ON CONFLICT (key) DO UPDATE SET value = excluded.value";
	struct pg_params p;
	size_t i, n;
	int rc;

	if ((rc = write_reset(st, u, err)) != HIM_OK)
		return rc;
	for (i = 0; i < u->nassign && rc == HIM_OK; i += n) {
		n = u->nassign - i < WRITE_ROWS ? u->nassign - i : WRITE_ROWS;
		rc = write_assign(st, u->assign + i, n, err);
	}
	for (i = 0; i < u->nlinks && rc == HIM_OK; i += n) {
		n = u->nlinks - i < WRITE_ROWS ? u->nlinks - i : WRITE_ROWS;
		rc = write_links(st, u->links + i, n, err);
	}
	if (rc == HIM_OK)
		rc = pg_link_pending_forget(st, u->done, u->ndone, err);
	if (rc != HIM_OK)
		return rc;
	pg_params_init(&p);
	pg_param_int(&p, u->window);
	if ((rc = pg_query(st, state_sql, &p, NULL, "remembering the link window", err)) != HIM_OK)
		return rc;
	if (u->exclusions >= 0) {
		pg_params_init(&p);
		pg_param_int(&p, u->exclusions);
		if ((rc = pg_query(st, exclusions_sql, &p, NULL, "remembering the values that never link", err)) != HIM_OK)
			return rc;
	}
	return pg_query(st, generation_sql, NULL, NULL, "moving the link generation", err);
}

static int pg_state(struct store *st, const char *key, int64_t *out, struct err *err)
{
	static const char sql[] = "SELECT value FROM link_state WHERE key = $1";
	struct pg_params p;
	PGresult *res;
	int rc;

	*out = -1;
	pg_params_init(&p);
	pg_param_text(&p, key);
	if ((rc = pg_query(st, sql, &p, &res, "reading the linker's state", err)) != HIM_OK)
		return rc;
	if (PQntuples(res) > 0)
		*out = pg_col_int(res, 0, 0);
	PQclear(res);
	return HIM_OK;
}

/* --- decisions --- */

static int pg_decision_insert(struct store *st, const char *kind, const int64_t *side0, size_t n0,
			      const int64_t *side1, size_t n1, const char *note, const char *now,
			      const char *actor, int64_t *id, struct err *err)
{
	static const char decision_sql[] =
		"INSERT INTO subject_decisions (kind, at, actor, note) VALUES ($1, $2, $3, $4) RETURNING id";
	/* A referral named twice keeps its first side (INSERT OR IGNORE). */
	static const char members_sql[] =
		"INSERT INTO subject_decision_members (decision_id, referral_id, side)"
		" SELECT $1, r, sd FROM unnest($2::bigint[], $3::smallint[]) WITH ORDINALITY AS u (r, sd, i)"
		" ORDER BY i ON CONFLICT DO NOTHING";
	struct strbuf refs = STRBUF_INIT, sides = STRBUF_INIT;
	struct pg_params p;
	PGresult *res;
	size_t i;
	int rc;

	pg_params_init(&p);
	pg_param_text(&p, kind);
	pg_param_text(&p, now);
	pg_param_text(&p, actor);
	pg_param_text(&p, note);
	if ((rc = pg_query(st, decision_sql, &p, &res, "recording a decision", err)) != HIM_OK)
		return rc;
	*id = pg_col_int(res, 0, 0);
	PQclear(res);
	array_open(&refs);
	array_open(&sides);
	for (i = 0; i < n0 + n1; i++) {
		array_int(&refs, i < n0 ? side0[i] : side1[i - n0]);
		array_int(&sides, i < n0 ? 0 : 1);
	}
	array_close(&refs);
	array_close(&sides);
	pg_params_init(&p);
	pg_param_int(&p, *id);
	pg_param_text(&p, refs.buf);
	pg_param_text(&p, sides.buf);
	rc = pg_query(st, members_sql, &p, NULL, "recording a decision's referrals", err);
	strbuf_release(&refs);
	strbuf_release(&sides);
	return rc;
}

struct decision_ctx {
	store_decision_fn fn;
	void *ctx;
};

static int decision_row(const PGresult *res, int r, void *ctx)
{
	struct decision_ctx *dc = ctx;

	return dc->fn(pg_col_int(res, r, 0), PQgetvalue(res, r, 1), pg_col_int(res, r, 2), (int)pg_col_int(res, r, 3),
		      dc->ctx);
}

static int pg_decisions_each(struct store *st, store_decision_fn fn, void *ctx, struct err *err)
{
	static const char sql[] =
		"SELECT d.id, d.kind, m.referral_id, m.side FROM subject_decisions d"
		" JOIN subject_decision_members m ON m.decision_id = d.id"
		" ORDER BY d.id, m.side, m.referral_id";
	struct decision_ctx dc = { fn, ctx };

	return pg_each_batched(st, sql, NULL, decision_row, &dc, "reading the split and merge decisions", err);
}

const struct subject_backend pg_subject_backend = {
	.cases = pg_subject_cases,
	.idents_each = pg_idents_each,
	.ident_matches = pg_ident_matches,
	.ips_each = pg_ips_each,
	.ip_neighbours = pg_ip_neighbours,
	.around_each = pg_around_each,
	.pending = pg_link_pending,
	.counts = pg_link_counts,
	.members = pg_members,
	.write = pg_write,
	.state = pg_state,
	.common_values = pg_link_common_values,
	.decision_insert = pg_decision_insert,
	.decisions_each = pg_decisions_each,
	.list = pg_subject_list,
	.links = pg_subject_links,
	.same_content = pg_subject_same_content,
	.locations = pg_subject_locations,
	.ip_times = pg_subject_ip_times,
};
