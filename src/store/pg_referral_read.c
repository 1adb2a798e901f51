/*
 * pg_referral_read.c - reading referrals in the PostgreSQL backend (one
 * with its details, or a filtered list streamed in id order) and the link
 * between a referral and its case: the twin of sqlite_referral_read.c.
 * The writes of an import are in pg_referrals.c.
 *
 * PostgreSQL: times are timestamptz, read back as seconds since 1970
 * (extract(epoch ...)); an IP sighting's address is one inet column whose
 * host() is the canonical text SQLite keeps beside its 16-byte blob, and
 * an IP range filter becomes "addr BETWEEN low AND high" on the btree of
 * (addr, at) - one range for IPv4 and one for IPv6, since inet sorts every
 * IPv4 address before every IPv6 one while the blob puts IPv4 (as
 * ::ffff:a.b.c.d) among them. Orders name their ties and NULLs ("at NULLS
 * FIRST", as SQLite's -1 for "no time"; text in COLLATE "C", byte order
 * like SQLite) so that both backends list details in the same order.
 */
#include "pg_internal.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/ident.h"
#include "../lib/strbuf.h"
#include "../lib/banned.h"

/* --- reads --- */

#define FIELDS_R "r.priority, r.escalation, r.incident_type, r.esp, r.network, r.client," \
	" r.annotations, extract(epoch FROM r.received_at)::bigint," \
	" extract(epoch FROM r.incident_at)::bigint, r.notes"
#define READ_COLUMNS \
	"r.id, r.platform, r.external_id, " FIELDS_R ", r.content_dropped, r.fingerprint," \
	" r.source_file, r.source_line, r.created_at, r.updated_at, coalesce(rc.case_id, 0)," \
	" (SELECT count(*) FROM referral_idents WHERE referral_id = r.id)," \
	" (SELECT count(*) FROM ip_events WHERE referral_id = r.id)," \
	" (SELECT count(*) FROM referral_files WHERE referral_id = r.id)"
#define READ_FROM " FROM referrals r LEFT JOIN referral_cases rc ON rc.referral_id = r.id"

static utc_time_t col_time(const PGresult *res, int row, int c)
{
	return PQgetisnull(res, row, c) ? TIME_NONE : pg_col_int(res, row, c);
}

static void col_copy(const PGresult *res, int row, int c, char *out, size_t size)
{
	snprintf(out, size, "%s", PQgetisnull(res, row, c) ? "" : PQgetvalue(res, row, c));
}

/* NULL for '' (the child tables' "absent") and for NULL. */
static char *col_opt(const PGresult *res, int row, int c)
{
	const char *t = PQgetisnull(res, row, c) ? NULL : PQgetvalue(res, row, c);
	return t && *t ? xstrdup(t) : NULL;
}

static void read_row(const PGresult *res, int row, struct referral_record *rec)
{
	struct referral *r = &rec->r;

	rec->id = pg_col_int(res, row, 0);
	pg_col_code(res, row, 1, r->platform);
	r->external_id = pg_col_dup(res, row, 2);
	r->priority = pg_col_dup(res, row, 3);
	r->escalation = pg_col_dup(res, row, 4);
	r->incident_type = pg_col_dup(res, row, 5);
	r->esp = pg_col_dup(res, row, 6);
	r->network = pg_col_dup(res, row, 7);
	r->client = pg_col_dup(res, row, 8);
	r->annotations = pg_col_dup(res, row, 9);
	r->received_at = col_time(res, row, 10);
	r->incident_at = col_time(res, row, 11);
	r->notes = pg_col_dup(res, row, 12);
	r->content_dropped = (int)pg_col_int(res, row, 13);
	col_copy(res, row, 14, rec->fingerprint, sizeof(rec->fingerprint));
	r->source_file = pg_col_dup(res, row, 15);
	r->source_line = (long)pg_col_int(res, row, 16);
	rec->created_at = pg_col_time(res, row, 17);
	rec->updated_at = pg_col_time(res, row, 18);
	rec->case_id = pg_col_int(res, row, 19);
	rec->nidents = pg_col_int(res, row, 20);
	rec->nip_events = pg_col_int(res, row, 21);
	rec->nfiles = pg_col_int(res, row, 22);
}

/* The 16-byte form of host(addr): IPv4 as ::ffff:a.b.c.d (referral.h). */
static void addr_bytes(const char *text, uint8_t out[16], bool *v6)
{
	memset(out, 0, 16);
	*v6 = strchr(text, ':') != NULL;
	if (*v6) {
		if (inet_pton(AF_INET6, text, out) != 1)
			memset(out, 0, 16);
		return;
	}
	out[10] = out[11] = 0xff;
	if (inet_pton(AF_INET, text, out + 12) != 1)
		memset(out + 12, 0, 4);
}

static int read_idents(struct store *st, struct pg_params *p, struct referral *r, struct err *err)
{
	static const char sql[] = "SELECT kind, role, value, service FROM referral_idents WHERE referral_id = $1"
				  " ORDER BY position, kind COLLATE \"C\", value COLLATE \"C\","
				  " role COLLATE \"C\", service COLLATE \"C\"";
	PGresult *res;
	int rc = pg_query(st, sql, p, &res, "reading a referral's identifiers", err);

	for (int i = 0; rc == HIM_OK && i < PQntuples(res); i++) {
		enum ident_kind kind;
		enum ident_role role = IDENT_ROLE_REPORTED;
		char *service = col_opt(res, i, 3);
		if (ident_kind_parse(PQgetvalue(res, i, 0), &kind)) {
			ident_role_parse(PQgetvalue(res, i, 1), &role);
			referral_add_ident(r, kind, role, PQgetvalue(res, i, 2), service);
		}
		free(service);
	}
	if (rc == HIM_OK)
		PQclear(res);
	return rc;
}

static int read_events(struct store *st, struct pg_params *p, struct referral *r, struct err *err)
{
	/* In time order; the ties as SQLite's primary key orders them. */
	static const char sql[] = "SELECT host(addr), extract(epoch FROM at)::bigint, port, event, role, proxy"
				  " FROM ip_events WHERE referral_id = $1"
				  " ORDER BY at NULLS FIRST, position, addr, port NULLS FIRST,"
				  " event COLLATE \"C\", role COLLATE \"C\"";
	PGresult *res;
	int rc = pg_query(st, sql, p, &res, "reading a referral's IP events", err);

	for (int i = 0; rc == HIM_OK && i < PQntuples(res); i++) {
		struct ip_event ev;
		memset(&ev, 0, sizeof(ev));
		col_copy(res, i, 0, ev.ip, sizeof(ev.ip));
		addr_bytes(ev.ip, ev.addr, &ev.v6);
		ev.at = col_time(res, i, 1);
		ev.port = (int)pg_col_opt_int(res, i, 2);
		col_copy(res, i, 3, ev.event, sizeof(ev.event));
		ev.role = IDENT_ROLE_REPORTED;
		ident_role_parse(PQgetvalue(res, i, 4), &ev.role);
		ev.proxy = PQgetisnull(res, i, 5) ? -1 : pg_col_bool(res, i, 5) ? 1 : 0;
		referral_add_ip_event(r, &ev);
	}
	if (rc == HIM_OK)
		PQclear(res);
	return rc;
}

static int read_files(struct store *st, struct pg_params *p, struct referral *r, struct err *err)
{
	static const char sql[] = "SELECT name, md5, sha1, sha256, md4, infohash, industry_class"
				  " FROM referral_files WHERE referral_id = $1 ORDER BY position, name COLLATE \"C\","
				  " md5, sha1, sha256, md4, infohash";
	PGresult *res;
	int rc = pg_query(st, sql, p, &res, "reading a referral's files", err);

	for (int i = 0; rc == HIM_OK && i < PQntuples(res); i++) {
		struct referral_file f;
		memset(&f, 0, sizeof(f));
		f.name = col_opt(res, i, 0);
		col_copy(res, i, 1, f.md5, sizeof(f.md5));
		col_copy(res, i, 2, f.sha1, sizeof(f.sha1));
		col_copy(res, i, 3, f.sha256, sizeof(f.sha256));
		col_copy(res, i, 4, f.md4, sizeof(f.md4));
		col_copy(res, i, 5, f.infohash, sizeof(f.infohash));
		f.industry_class = col_opt(res, i, 6);
		if (!referral_add_file(r, &f)) {
			free(f.name);
			free(f.industry_class);
		}
	}
	if (rc == HIM_OK)
		PQclear(res);
	return rc;
}

static int read_locations(struct store *st, struct pg_params *p, struct referral *r, struct err *err)
{
	static const char sql[] = "SELECT ip, country, region, city, isp, asn FROM referral_locations"
				  " WHERE referral_id = $1 ORDER BY position, ip COLLATE \"C\", country COLLATE \"C\","
				  " region COLLATE \"C\", city COLLATE \"C\", isp COLLATE \"C\", asn COLLATE \"C\"";
	PGresult *res;
	int rc = pg_query(st, sql, p, &res, "reading a referral's locations", err);

	for (int i = 0; rc == HIM_OK && i < PQntuples(res); i++) {
		struct referral_location l;
		l.ip = col_opt(res, i, 0);
		l.country = col_opt(res, i, 1);
		l.region = col_opt(res, i, 2);
		l.city = col_opt(res, i, 3);
		l.isp = col_opt(res, i, 4);
		l.asn = col_opt(res, i, 5);
		if (!referral_add_location(r, &l)) {
			free(l.ip); free(l.country); free(l.region);
			free(l.city); free(l.isp); free(l.asn);
		}
	}
	if (rc == HIM_OK)
		PQclear(res);
	return rc;
}

static int read_revisions(struct store *st, struct pg_params *p, struct referral_record *rec, struct err *err)
{
	static const char sql[] = "SELECT kind, at, source_file, old_fingerprint, new_fingerprint"
				  " FROM referral_revisions WHERE referral_id = $1 ORDER BY id";
	PGresult *res;
	int rc = pg_query(st, sql, p, &res, "reading a referral's revisions", err);

	for (int i = 0; rc == HIM_OK && i < PQntuples(res); i++) {
		struct referral_revision *v;
		rec->revisions = xrealloc(rec->revisions, (rec->nrevisions + 1) * sizeof(*rec->revisions));
		v = &rec->revisions[rec->nrevisions++];
		col_copy(res, i, 0, v->kind, sizeof(v->kind));
		v->at = pg_col_time(res, i, 1);
		v->source_file = pg_col_dup(res, i, 2);
		col_copy(res, i, 3, v->old_fingerprint, sizeof(v->old_fingerprint));
		col_copy(res, i, 4, v->new_fingerprint, sizeof(v->new_fingerprint));
	}
	if (rc == HIM_OK)
		PQclear(res);
	return rc;
}

static int read_children(struct store *st, int64_t id, struct referral_record *rec, struct err *err)
{
	struct pg_params p;
	int rc;

	pg_params_init(&p);
	pg_param_int(&p, id);
	rc = read_idents(st, &p, &rec->r, err);
	if (rc == HIM_OK)
		rc = read_events(st, &p, &rec->r, err);
	if (rc == HIM_OK)
		rc = read_files(st, &p, &rec->r, err);
	if (rc == HIM_OK)
		rc = read_locations(st, &p, &rec->r, err);
	if (rc == HIM_OK)
		rc = read_revisions(st, &p, rec, err);
	return rc;
}

int pg_referral_read(struct store *st, int64_t id, const char *platform, const char *external_id,
		     bool children, struct referral_record *out, struct err *err)
{
	static const char by_name_sql[] = "SELECT " READ_COLUMNS READ_FROM
					  " WHERE r.platform = $1 AND r.external_id = $2";
	static const char by_id_sql[] = "SELECT " READ_COLUMNS READ_FROM " WHERE r.id = $1";
	struct pg_params p;
	PGresult *res;
	int rc;

	pg_params_init(&p);
	if (platform) {
		pg_param_text(&p, platform);
		pg_param_text(&p, external_id);
	} else {
		pg_param_int(&p, id);
	}
	if ((rc = pg_query(st, platform ? by_name_sql : by_id_sql, &p, &res, "reading a referral", err)) != HIM_OK)
		return rc;
	if (PQntuples(res) > 0) {
		referral_record_release(out);
		read_row(res, 0, out);
	} else {
		rc = platform ? err_set(err, HIM_ENOTFOUND, "no referral %s:%s", platform, external_id)
			      : err_set(err, HIM_ENOTFOUND, "no referral %lld", (long long)id);
	}
	PQclear(res);
	if (rc == HIM_OK && children)
		rc = read_children(st, out->id, out, err);
	return rc;
}

/* The text of a 16-byte address as an inet of its family. */
static void addr_text(const uint8_t a[16], bool v4, char out[INET6_ADDRSTRLEN])
{
	if (v4)
		inet_ntop(AF_INET, a + 12, out, INET6_ADDRSTRLEN);
	else
		inet_ntop(AF_INET6, a, out, INET6_ADDRSTRLEN);
}

/*
 * The IP filter: [low, high] of the 16-byte order, as inet ranges. IPv4
 * addresses are the block ::ffff:0.0.0.0-::ffff:255.255.255.255 of that
 * order, and stored as IPv4 inet values; no stored IPv6 value falls in it
 * (the parser makes ::ffff:a.b.c.d the IPv4 host). So: the part of the
 * range within the block as an IPv4 range, the rest as an IPv6 range.
 */
static void ip_filter(struct strbuf *sql, struct pg_params *p, const struct referral_filter *f,
		      char bounds[4][INET6_ADDRSTRLEN])
{
	static const uint8_t v4_low[16] = { [10] = 0xff, [11] = 0xff };
	static const uint8_t v4_high[16] = { [10] = 0xff, [11] = 0xff, 0xff, 0xff, 0xff, 0xff };
	bool v4 = memcmp(f->ip_low, v4_high, 16) <= 0 && memcmp(f->ip_high, v4_low, 16) >= 0;
	bool v6 = memcmp(f->ip_low, v4_low, 16) < 0 || memcmp(f->ip_high, v4_high, 16) > 0;
	const char *or = "";

	strbuf_adds(sql, " AND r.id IN (SELECT referral_id FROM ip_events WHERE");
	if (v4) {
		addr_text(memcmp(f->ip_low, v4_low, 16) > 0 ? f->ip_low : v4_low, true, bounds[0]);
		addr_text(memcmp(f->ip_high, v4_high, 16) < 0 ? f->ip_high : v4_high, true, bounds[1]);
		pg_param_text(p, bounds[0]);
		pg_param_text(p, bounds[1]);
		strbuf_addf(sql, " addr BETWEEN $%d::inet AND $%d::inet", p->n - 1, p->n);
		or = " OR";
	}
	if (v6) {
		addr_text(f->ip_low, false, bounds[2]);
		addr_text(f->ip_high, false, bounds[3]);
		pg_param_text(p, bounds[2]);
		pg_param_text(p, bounds[3]);
		strbuf_addf(sql, "%s addr BETWEEN $%d::inet AND $%d::inet", or, p->n - 1, p->n);
	}
	strbuf_adds(sql, ")");
}

/* Rows a list reads at once: the list streams in pages of the id order
 * (keyset paging), so memory stays bounded and fn may itself query. */
#define EACH_PAGE 1000

int pg_referral_each(struct store *st, const struct referral_filter *f, int64_t case_id,
		     store_referral_fn fn, void *ctx, struct err *err)
{
	struct strbuf sql = STRBUF_INIT;
	char bounds[4][INET6_ADDRSTRLEN], times[2][IDENT_TIME_TEXT_MAX];
	int64_t after = f->after_id > 0 ? f->after_id : f->newest_first ? INT64_MAX : 0;
	int64_t left = f->limit > 0 ? f->limit : INT64_MAX;
	struct pg_params p;
	int rc = HIM_OK, base;

	pg_params_init(&p);
	strbuf_adds(&sql, "SELECT " READ_COLUMNS READ_FROM " WHERE true");
	if (case_id > 0) {
		pg_param_int(&p, case_id);
		strbuf_addf(&sql, " AND rc.case_id = $%d", p.n);
	}
	if (f->platform) {
		pg_param_text(&p, f->platform);
		strbuf_addf(&sql, " AND r.platform = $%d", p.n);
	}
	if (f->from != TIME_NONE) {
		ident_time_format(f->from, times[0]);
		pg_param_text(&p, times[0]);
		strbuf_addf(&sql, " AND r.received_at >= $%d::timestamptz", p.n);
	}
	if (f->to != TIME_NONE) {
		ident_time_format(f->to, times[1]);
		pg_param_text(&p, times[1]);
		strbuf_addf(&sql, " AND r.received_at <= $%d::timestamptz", p.n);
	}
	if (f->linked == 0)
		strbuf_adds(&sql, " AND rc.case_id IS NULL");
	else if (f->linked == 1)
		strbuf_adds(&sql, " AND rc.case_id IS NOT NULL");
	if (f->has_ip)
		ip_filter(&sql, &p, f, bounds);
	if (f->ident) {
		pg_param_text(&p, f->ident);
		strbuf_addf(&sql, " AND r.id IN (SELECT referral_id FROM referral_idents WHERE value = $%d)", p.n);
	}
	base = p.n;
	if (f->newest_first)
		strbuf_addf(&sql, " AND r.id < $%d ORDER BY r.id DESC LIMIT $%d", base + 1, base + 2);
	else
		strbuf_addf(&sql, " AND r.id > $%d ORDER BY r.id LIMIT $%d", base + 1, base + 2);
	while (rc == HIM_OK && left > 0) {
		int64_t page = left < EACH_PAGE ? left : EACH_PAGE;
		PGresult *res;
		int n;

		p.n = base;
		pg_param_int(&p, after);
		pg_param_int(&p, page);
		if ((rc = pg_query_dynamic(st, sql.buf, &p, &res, "listing referrals", err)) != HIM_OK)
			break;
		n = PQntuples(res);
		for (int i = 0; rc == HIM_OK && i < n; i++) {
			struct referral_record rec;
			referral_record_init(&rec);
			read_row(res, i, &rec);
			after = rec.id;
			rc = fn(&rec, ctx);
			referral_record_release(&rec);
		}
		PQclear(res);
		left -= n;
		if (n < page)
			break;
	}
	strbuf_release(&sql);
	return rc;
}

/* --- the link to a case --- */

int pg_referral_link_write(struct store *st, int64_t referral_id, int64_t case_id, const char *platform,
			   const char *now, const char *actor, struct err *err)
{
	static const char link_sql[] = "INSERT INTO referral_cases (referral_id, case_id, linked_at, linked_by)"
				       " VALUES ($1, $2, $3, $4)";
	/* The platform, unless the case already has it (declared or linked). */
	static const char platform_sql[] =
		"INSERT INTO case_platforms (case_id, platform, position, from_referral)"
		" SELECT $1::bigint, $2::text, (SELECT coalesce(max(position) + 1, 0) FROM case_platforms"
		"   WHERE case_id = $1::bigint), true"
		" WHERE NOT EXISTS (SELECT 1 FROM case_platforms WHERE case_id = $1::bigint AND platform = $2::text)";
	static const char version_sql[] = "UPDATE cases SET version = version + 1 WHERE id = $1";
	struct pg_params p;
	int rc;

	pg_params_init(&p);
	pg_param_int(&p, referral_id);
	pg_param_int(&p, case_id);
	pg_param_text(&p, now);
	pg_param_text(&p, actor);
	if ((rc = pg_query(st, link_sql, &p, NULL, "linking a referral", err)) != HIM_OK)
		return rc;
	pg_params_init(&p);
	pg_param_int(&p, case_id);
	pg_param_text(&p, platform);
	if ((rc = pg_query(st, platform_sql, &p, NULL, "adding the platform to the case", err)) != HIM_OK)
		return rc;
	pg_params_init(&p);
	pg_param_int(&p, case_id);
	return pg_query(st, version_sql, &p, NULL, "updating the case", err);
}

int pg_referral_unlink_write(struct store *st, int64_t referral_id, int64_t case_id, const char *platform,
			     struct err *err)
{
	static const char unlink_sql[] = "DELETE FROM referral_cases WHERE referral_id = $1 AND case_id = $2";
	/* A platform only links gave goes with the last link that gave it. */
	static const char platform_sql[] =
		"DELETE FROM case_platforms WHERE case_id = $1 AND platform = $2 AND from_referral"
		" AND NOT EXISTS (SELECT 1 FROM referral_cases rc JOIN referrals r ON r.id = rc.referral_id"
		"   WHERE rc.case_id = $1 AND r.platform = $2)";
	static const char version_sql[] = "UPDATE cases SET version = version + 1 WHERE id = $1";
	struct pg_params p;
	PGresult *res;
	int64_t n;
	int rc;

	pg_params_init(&p);
	pg_param_int(&p, referral_id);
	pg_param_int(&p, case_id);
	if ((rc = pg_query(st, unlink_sql, &p, &res, "unlinking a referral", err)) != HIM_OK)
		return rc;
	n = pg_affected(res);
	PQclear(res);
	if (n == 0)
		return err_set(err, HIM_ENOTFOUND, "referral %lld is not linked to case %lld",
			       (long long)referral_id, (long long)case_id);
	pg_params_init(&p);
	pg_param_int(&p, case_id);
	pg_param_text(&p, platform);
	if ((rc = pg_query(st, platform_sql, &p, NULL, "removing the platform from the case", err)) != HIM_OK)
		return rc;
	pg_params_init(&p);
	pg_param_int(&p, case_id);
	return pg_query(st, version_sql, &p, NULL, "updating the case", err);
}
