/*
 * sqlite_subjects.c - the SQLite primitives of subjects: the linker's
 * identifier and sighting indexes (range scans on referral_idents_value
 * and ip_events_addr, no pair table), its results, people's decisions,
 * and the backend table (the reads for pages, routing and triage are
 * sqlite_subject_read.c's).
 */
#include "sqlite_subject_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/ident.h"
#include "../lib/strbuf.h"
#include "../lib/banned.h"

#define LINK_KINDS "('email', 'phone', 'p2p_guid', 'esp_account', 'screen_name')"

/* --- the linker's inputs --- */

/*
 * The linker's reads run on the mapped file (PRAGMA mmap_size) instead of
 * a pread and a copy per page: an incremental link's lookups land all
 * over the identifier index and spent a third of their time in the kernel
 * (1.06 s -> 0.77 s for 10,000 referrals against 1,000,000, measured).
 * Only for these reads: on a mapped file an I/O error is a signal, not an
 * error code, so the rest of Himaya reads as before. SQLite caps the size
 * at its build's limit (Debian: 2 GiB); pages beyond it are read as usual.
 */
static int mapped(struct store *st, bool on, struct err *err)
{
	return sq_exec(st, on ? "PRAGMA mmap_size = 17179869184" : "PRAGMA mmap_size = 0", err);
}

/* Run a linker read (rc its result) with the file mapped, then unmap:
 * the first error wins. */
static int mapped_end(struct store *st, int rc, struct err *err)
{
	struct err ignored = ERR_INIT;
	int off = mapped(st, false, rc == HIM_OK ? err : &ignored);

	return rc != HIM_OK ? rc : off;
}

/* sq_each_row (which finalizes s) with the file mapped. */
static int each_row_mapped(struct store *st, sqlite3_stmt *s, sq_row_fn row, void *ctx, struct err *err,
			   const char *what)
{
	int rc;

	if ((rc = mapped(st, true, err)) != HIM_OK) {
		sqlite3_finalize(s);
		return rc;
	}
	return mapped_end(st, sq_each_row(st, s, row, ctx, err, what), err);
}

struct ident_ctx {
	store_link_ident_fn fn;
	void *ctx;
};

static int ident_row(sqlite3_stmt *s, void *ctx)
{
	struct ident_ctx *ic = ctx;
	struct link_ident_row r;

	r.referral_id = sqlite3_column_int64(s, 0);
	if (!ident_kind_parse(sq_subject_text(s, 1), &r.kind))
		return HIM_OK;
	r.value = sq_subject_text(s, 2);
	r.service = sq_subject_text(s, 3);
	r.subject_id = sqlite3_column_count(s) > 4 ? sqlite3_column_int64(s, 4) : 0;
	if (!link_ident_links(r.kind, IDENT_ROLE_REPORTED, r.service))
		return HIM_OK;
	return ic->fn(&r, ic->ctx);
}

static int sq_idents_each(struct store *st, store_link_ident_fn fn, void *ctx, struct err *err)
{
	struct ident_ctx ic = { fn, ctx };
	sqlite3_stmt *s;
	int rc;

	if ((rc = sq_prepare(st, &s, "SELECT referral_id, kind, value, service FROM referral_idents"
			     " WHERE role = 'reported' AND kind IN " LINK_KINDS
			     /* The covering index's own order: (value, kind), then
			      * its primary key's (referral_id, kind, role, value,
			      * service), so one referral's services come in order
			      * too. Asking for service before referral_id sorted
			      * each value's rows again (a third of the read,
			      * measured); the linker keeps services apart itself. */
			     " ORDER BY value, kind, referral_id", err)) != HIM_OK)
		return rc;
	return each_row_mapped(st, s, ident_row, &ic, err, "reading the identifiers to link");
}

/* Each other referral sharing one of referral ?1's identifiers, with its
 * stored subject: in the indexes' own order (kind, value, service, then
 * referral), so each subject's smallest referral comes first for each
 * value, and per_subject_row keeps only that one. Grouping by subject in
 * SQL sorted each referral's rows again for nothing. */
#define IDENT_MATCHES_PER_SUBJECT \
	"SELECT o.referral_id, o.kind, o.value, o.service, coalesce(rs.subject_id, 0)" \
	" FROM referral_idents m JOIN referral_idents o" \
	"   ON o.value = m.value AND o.kind = m.kind AND o.service = m.service" \
	"  AND o.role = 'reported' AND o.referral_id <> m.referral_id" \
	" LEFT JOIN referral_subjects rs ON rs.referral_id = o.referral_id" \
	" WHERE m.referral_id = ?1 AND m.role = 'reported' AND m.kind IN " LINK_KINDS \
	" ORDER BY m.kind, m.value, m.service, o.referral_id"
#define IDENT_MATCHES_ALL \
	"SELECT DISTINCT o.referral_id, o.kind, o.value, o.service" \
	" FROM referral_idents m JOIN referral_idents o" \
	"   ON o.value = m.value AND o.kind = m.kind AND o.service = m.service" \
	"  AND o.role = 'reported' AND o.referral_id <> m.referral_id" \
	" WHERE m.referral_id = ?1 AND m.role = 'reported' AND m.kind IN " LINK_KINDS \
	" ORDER BY o.kind, o.service, o.value, o.referral_id"

/* Run a prepared query to its end for one binding, calling row for each
 * row; the statement is reset for the next binding, not finalized. */
static int each_row_reset(struct store *st, sqlite3_stmt *s, int (*row)(sqlite3_stmt *s, void *ctx), void *ctx,
			  struct err *err, const char *what)
{
	int rc = HIM_OK, step;

	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = row(s, ctx)) != HIM_OK)
			break;
	if (rc == HIM_OK && step != SQLITE_DONE)
		rc = sq_error(st, err, what);
	sqlite3_reset(s);
	return rc;
}

/* The subjects already given for the identifier being read. */
struct per_subject_ctx {
	struct ident_ctx ic;
	struct strbuf kind, value, service;
	int64_t *subjects;
	size_t n, alloc;
};

/* A referral without a subject is one of its own: always passed on. */
static int per_subject_row(sqlite3_stmt *s, void *ctx)
{
	struct per_subject_ctx *pc = ctx;
	const char *kind = sq_subject_text(s, 1), *value = sq_subject_text(s, 2), *service = sq_subject_text(s, 3);
	int64_t subject = sqlite3_column_int64(s, 4);
	size_t i;

	if (strcmp(pc->kind.buf, kind) != 0 || strcmp(pc->value.buf, value) != 0 ||
	    strcmp(pc->service.buf, service) != 0) {
		strbuf_reset(&pc->kind);
		strbuf_adds(&pc->kind, kind);
		strbuf_reset(&pc->value);
		strbuf_adds(&pc->value, value);
		strbuf_reset(&pc->service);
		strbuf_adds(&pc->service, service);
		pc->n = 0;
	}
	if (subject > 0) {
		for (i = 0; i < pc->n; i++)
			if (pc->subjects[i] == subject)
				return HIM_OK;
		if (pc->n == pc->alloc) {
			pc->alloc = pc->alloc ? pc->alloc * 2 : 16;
			pc->subjects = xrealloc(pc->subjects, pc->alloc * sizeof(*pc->subjects));
		}
		pc->subjects[pc->n++] = subject;
	}
	return ident_row(s, &pc->ic);
}

static void per_subject_init(struct per_subject_ctx *pc, store_link_ident_fn fn, void *ctx)
{
	memset(pc, 0, sizeof(*pc));
	pc->ic.fn = fn;
	pc->ic.ctx = ctx;
	strbuf_init(&pc->kind);
	strbuf_init(&pc->value);
	strbuf_init(&pc->service);
}

/* Ready for the next referral's rows. */
static void per_subject_reset(struct per_subject_ctx *pc)
{
	strbuf_reset(&pc->kind);
	strbuf_reset(&pc->value);
	strbuf_reset(&pc->service);
	pc->n = 0;
}

static void per_subject_release(struct per_subject_ctx *pc)
{
	strbuf_release(&pc->kind);
	strbuf_release(&pc->value);
	strbuf_release(&pc->service);
	free(pc->subjects);
}

static int sq_ident_matches(struct store *st, int64_t referral_id, bool per_subject, store_link_ident_fn fn,
			    void *ctx, struct err *err)
{
	struct per_subject_ctx pc;
	sqlite3_stmt *s;
	int rc;

	if ((rc = sq_prepare(st, &s, per_subject ? IDENT_MATCHES_PER_SUBJECT : IDENT_MATCHES_ALL, err)) != HIM_OK)
		return rc;
	sqlite3_bind_int64(s, 1, referral_id);
	per_subject_init(&pc, fn, ctx);
	rc = sq_each_row(st, s, per_subject ? per_subject_row : ident_row, per_subject ? (void *)&pc : (void *)&pc.ic,
			 err, "finding a referral's identifiers elsewhere");
	per_subject_release(&pc);
	return rc;
}

static void read_ip(sqlite3_stmt *s, int i, struct link_ip_event *ev)
{
	const void *addr = sqlite3_column_blob(s, i + 1);

	memset(ev, 0, sizeof(*ev));
	ev->referral_id = sqlite3_column_int64(s, i);
	if (addr && sqlite3_column_bytes(s, i + 1) == 16)
		memcpy(ev->addr, addr, 16);
	snprintf(ev->ip, sizeof(ev->ip), "%s", sq_subject_text(s, i + 2));
	ev->at = sqlite3_column_int64(s, i + 3);
	if (ev->at < 0)
		ev->at = TIME_NONE;
	ev->port = sqlite3_column_int(s, i + 4);
	ev->proxy = sqlite3_column_type(s, i + 5) == SQLITE_NULL ? -1 : sqlite3_column_int(s, i + 5);
}

struct ip_ctx {
	store_link_ip_fn fn;
	store_link_ip_pair_fn pair;
	void *ctx;
};

static int ip_row(sqlite3_stmt *s, void *ctx)
{
	struct ip_ctx *ic = ctx;
	struct link_ip_event ev;

	read_ip(s, 0, &ev);
	return ic->fn(&ev, ic->ctx);
}

static int ip_pair_row(sqlite3_stmt *s, void *ctx)
{
	struct ip_ctx *ic = ctx;
	struct link_ip_event mine, other;

	read_ip(s, 0, &mine);
	read_ip(s, 6, &other);
	mine.subject_id = sqlite3_column_int64(s, 12);
	other.subject_id = sqlite3_column_int64(s, 13);
	return ic->pair(&mine, &other, ic->ctx);
}

#define IP_COLS(t) t ".referral_id, " t ".addr, " t ".ip, " t ".at, " t ".port, " t ".proxy"

/* Every sighting, from the address index alone (010_link_sightings.sql):
 * its order, no table lookups, no sort. The text is made from the bytes,
 * once per address. */
struct all_ips_ctx {
	store_link_ip_fn fn;
	void *ctx;
	struct link_ip_event ev;
};

static int all_ips_row(sqlite3_stmt *s, void *ctx)
{
	struct all_ips_ctx *ac = ctx;
	struct link_ip_event *ev = &ac->ev;
	const void *addr = sqlite3_column_blob(s, 1);

	if (!addr || sqlite3_column_bytes(s, 1) != 16)
		return HIM_OK; /* the table's CHECK makes this impossible */
	if (!ev->ip[0] || memcmp(ev->addr, addr, 16) != 0) {
		memcpy(ev->addr, addr, 16);
		ident_ip_format(ev->addr, ev->ip);
	}
	ev->referral_id = sqlite3_column_int64(s, 0);
	ev->at = sqlite3_column_int64(s, 2);
	ev->port = sqlite3_column_int(s, 3);
	ev->proxy = sqlite3_column_type(s, 4) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 4);
	ev->subject_id = 0;
	return ac->fn(ev, ac->ctx);
}

static int sq_ips_each(struct store *st, int64_t subject_id, store_link_ip_fn fn, void *ctx, struct err *err)
{
	struct ip_ctx ic = { fn, NULL, ctx };
	struct all_ips_ctx ac;
	sqlite3_stmt *s;
	int rc;

	if (subject_id == 0) {
		memset(&ac, 0, sizeof(ac));
		ac.fn = fn;
		ac.ctx = ctx;
		if ((rc = sq_prepare(st, &s, "SELECT referral_id, addr, at, port, proxy FROM ip_events"
				     " WHERE role = 'reported' AND at >= 0"
				     " ORDER BY addr, at, referral_id, port, event", err)) != HIM_OK)
			return rc;
		return each_row_mapped(st, s, all_ips_row, &ac, err, "reading the IP sightings to link");
	}
	if ((rc = sq_prepare(st, &s, "SELECT " IP_COLS("e") " FROM referral_subjects rs"
			     " JOIN ip_events e ON e.referral_id = rs.referral_id"
			     " WHERE rs.subject_id = ?1 AND e.role = 'reported' AND e.at >= 0"
			     " ORDER BY e.addr, e.at, e.referral_id", err)) != HIM_OK)
		return rc;
	sqlite3_bind_int64(s, 1, subject_id);
	return sq_each_row(st, s, ip_row, &ic, err, "reading the IP sightings to link");
}

#define IP_NEIGHBOURS \
	"SELECT " IP_COLS("m") ", " IP_COLS("o") ", coalesce(ms.subject_id, 0), coalesce(os.subject_id, 0)" \
	" FROM ip_events m JOIN ip_events o" \
	"   ON o.addr = m.addr AND o.at BETWEEN m.at - ?2 AND m.at + ?2" \
	"  AND o.role = 'reported' AND o.referral_id <> m.referral_id" \
	" LEFT JOIN referral_subjects ms ON ms.referral_id = m.referral_id" \
	" LEFT JOIN referral_subjects os ON os.referral_id = o.referral_id" \
	" WHERE m.referral_id = ?1 AND m.role = 'reported' AND m.at >= 0" \
	" ORDER BY m.addr, m.at, o.at, o.referral_id"

static int sq_ip_neighbours(struct store *st, int64_t referral_id, int64_t window, store_link_ip_pair_fn fn,
			    void *ctx, struct err *err)
{
	struct ip_ctx ic = { NULL, fn, ctx };
	sqlite3_stmt *s;
	int rc;

	if ((rc = sq_prepare(st, &s, IP_NEIGHBOURS, err)) != HIM_OK)
		return rc;
	sqlite3_bind_int64(s, 1, referral_id);
	sqlite3_bind_int64(s, 2, window);
	return sq_each_row(st, s, ip_pair_row, &ic, err, "finding a referral's IP neighbours");
}

/*
 * Both of the above for many referrals: the two statements are prepared
 * once for the run, not once per referral (preparing was a fifth of an
 * incremental run's time, measured).
 */
static int sq_around_each(struct store *st, const int64_t *ids, size_t n, int64_t window, bool per_subject,
			  store_link_around_fn start, store_link_ident_fn ident_fn, store_link_ip_pair_fn ip_fn,
			  void *ctx, struct err *err)
{
	struct per_subject_ctx ps;
	struct ip_ctx pc = { NULL, ip_fn, ctx };
	sqlite3_stmt *idents = NULL, *ips = NULL;
	size_t i;
	int rc;

	per_subject_init(&ps, ident_fn, ctx);
	if ((rc = mapped(st, true, err)) != HIM_OK)
		goto out;
	if ((rc = sq_prepare(st, &idents, per_subject ? IDENT_MATCHES_PER_SUBJECT : IDENT_MATCHES_ALL, err)) != HIM_OK)
		goto out;
	if ((rc = sq_prepare(st, &ips, IP_NEIGHBOURS, err)) != HIM_OK)
		goto out;
	sqlite3_bind_int64(ips, 2, window);
	for (i = 0; i < n && rc == HIM_OK; i++) {
		if ((rc = start(ids[i], ctx)) != HIM_OK)
			break;
		sqlite3_bind_int64(idents, 1, ids[i]);
		per_subject_reset(&ps);
		rc = each_row_reset(st, idents, per_subject ? per_subject_row : ident_row,
				    per_subject ? (void *)&ps : (void *)&ps.ic, err,
				    "finding a referral's identifiers elsewhere");
		if (rc == HIM_OK) {
			sqlite3_bind_int64(ips, 1, ids[i]);
			rc = each_row_reset(st, ips, ip_pair_row, &pc, err, "finding a referral's IP neighbours");
		}
	}
out:
	sqlite3_finalize(idents);
	sqlite3_finalize(ips);
	per_subject_release(&ps);
	return mapped_end(st, rc, err);
}

struct member_ctx {
	store_subject_member_fn fn;
	void *ctx;
};

static int member_row(sqlite3_stmt *s, void *ctx)
{
	struct member_ctx *mc = ctx;

	return mc->fn(sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1), sqlite3_column_int(s, 2) != 0,
		      mc->ctx);
}

static int sq_members(struct store *st, int64_t subject_id, store_subject_member_fn fn, void *ctx,
		      struct err *err)
{
	struct member_ctx mc = { fn, ctx };
	sqlite3_stmt *s;
	int rc;

	if (subject_id == 0)
		rc = sq_prepare(st, &s, "SELECT r.id, coalesce(s.subject_id, 0), coalesce(s.needs_port, 0)"
				" FROM referrals r LEFT JOIN referral_subjects s ON s.referral_id = r.id"
				" ORDER BY r.id", err);
	else
		rc = sq_prepare(st, &s, "SELECT referral_id, subject_id, needs_port FROM referral_subjects"
				" WHERE subject_id = ?1 ORDER BY referral_id", err);
	if (rc != HIM_OK)
		return rc;
	if (subject_id)
		sqlite3_bind_int64(s, 1, subject_id);
	return sq_each_row(st, s, member_row, &mc, err, "reading the subjects' members");
}

/* --- the linker's results --- */

static int step_done(struct store *st, sqlite3_stmt *s, struct err *err, const char *what)
{
	int rc = sqlite3_step(s) == SQLITE_DONE ? HIM_OK : sq_error(st, err, what);

	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc;
}

static int write_reset(struct store *st, const struct subject_update *u, struct err *err)
{
	sqlite3_stmt *del_links = NULL, *del_subj = NULL;
	size_t i;
	int rc;

	if (u->rebuild)
		return sq_exec(st, "DELETE FROM subject_links; DELETE FROM referral_subjects;", err);
	if ((rc = sq_prepare(st, &del_links, "DELETE FROM subject_links WHERE referral_a = ?1 OR referral_b = ?1",
			     err)) != HIM_OK)
		return rc;
	if ((rc = sq_prepare(st, &del_subj, "DELETE FROM referral_subjects WHERE referral_id = ?1", err)) != HIM_OK)
		goto out;
	for (i = 0; i < u->nreset && rc == HIM_OK; i++) {
		sqlite3_bind_int64(del_links, 1, u->reset[i]);
		rc = step_done(st, del_links, err, "forgetting a referral's links");
		if (rc == HIM_OK) {
			sqlite3_bind_int64(del_subj, 1, u->reset[i]);
			rc = step_done(st, del_subj, err, "forgetting a referral's subject");
		}
	}
out:
	sqlite3_finalize(del_links);
	sqlite3_finalize(del_subj);
	return rc;
}

/* The connection's page cache setting (PRAGMA cache_size). */
static int cache_size(struct store *st, int64_t *out, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = sq_prepare(st, &s, "PRAGMA cache_size", err)) != HIM_OK)
		return rc;
	if (sqlite3_step(s) == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	else
		rc = sq_error(st, err, "reading the page cache size");
	sqlite3_finalize(s);
	return rc;
}

static int sq_write(struct store *st, const struct subject_update *u, struct err *err)
{
	sqlite3_stmt *assign = NULL, *link = NULL, *state = NULL;
	struct strbuf defs = STRBUF_INIT;
	bool aside;
	int64_t saved_cache = -2000;
	size_t i;
	int rc;

	if ((rc = cache_size(st, &saved_cache, err)) != HIM_OK)
		return rc;
	/* A run writes every referral's row and a link per union: the
	 * indexes take random inserts (subjects are not in referral order),
	 * which SQLite's default 2 MiB page cache turns into a read per
	 * insert. A larger cache for this write only (pages are allocated as
	 * used, at most 128 MiB); restored below. */
	if (u->nassign + u->nlinks > 10000 && (rc = sq_exec(st, "PRAGMA cache_size = -131072", err)) != HIM_OK)
		return rc;
	/* A large rebuild: its indexes built after its rows (sqlite_index_aside.c). */
	aside = u->rebuild && u->nassign + u->nlinks > 10000;
	if (aside && ((rc = sq_indexes_set_aside(st, "referral_subjects", &defs, err)) != HIM_OK ||
		      (rc = sq_indexes_set_aside(st, "subject_links", &defs, err)) != HIM_OK))
		goto out;
	if ((rc = write_reset(st, u, err)) != HIM_OK)
		goto out;
	if ((rc = sq_prepare(st, &assign, "INSERT INTO referral_subjects (referral_id, subject_id, needs_port)"
			     " VALUES (?1, ?2, ?3) ON CONFLICT (referral_id) DO UPDATE SET"
			     " subject_id = excluded.subject_id,"
			     " needs_port = max(needs_port, excluded.needs_port)", err)) != HIM_OK)
		goto out;
	if ((rc = sq_prepare(st, &link, "INSERT INTO subject_links (referral_a, referral_b, kind, value, service,"
			     " detail, decision_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", err)) != HIM_OK)
		goto out;
	for (i = 0; i < u->nassign && rc == HIM_OK; i++) {
		sqlite3_bind_int64(assign, 1, u->assign[i].referral_id);
		sqlite3_bind_int64(assign, 2, u->assign[i].subject_id);
		sqlite3_bind_int(assign, 3, u->assign[i].needs_port ? 1 : 0);
		rc = step_done(st, assign, err, "writing a referral's subject");
	}
	for (i = 0; i < u->nlinks && rc == HIM_OK; i++) {
		const struct subject_link *l = &u->links[i];

		sqlite3_bind_int64(link, 1, l->a);
		sqlite3_bind_int64(link, 2, l->b);
		sq_bind_text(link, 3, l->kind);
		sq_bind_text(link, 4, l->value);
		sq_bind_text(link, 5, l->service);
		sq_bind_text(link, 6, l->detail);
		sq_bind_opt_int(link, 7, l->decision_id > 0 ? l->decision_id : -1);
		rc = step_done(st, link, err, "writing why two referrals are linked");
	}
	if (rc == HIM_OK && aside)
		rc = sq_indexes_restore(st, &defs, err);
	if (rc == HIM_OK)
		rc = sq_link_pending_forget(st, u->done, u->ndone, err);
	if (rc == HIM_OK && (rc = sq_prepare(st, &state, "INSERT INTO link_state (key, value) VALUES ('window', ?1)"
					     " ON CONFLICT (key) DO UPDATE SET value = excluded.value", err)) == HIM_OK) {
		sqlite3_bind_int64(state, 1, u->window);
		rc = step_done(st, state, err, "remembering the link window");
	}
	if (rc == HIM_OK && u->exclusions >= 0) {
		sqlite3_finalize(state);
		state = NULL;
		if ((rc = sq_prepare(st, &state, "INSERT INTO link_state (key, value) VALUES ('exclusions', ?1)"
				     " ON CONFLICT (key) DO UPDATE SET value = excluded.value", err)) == HIM_OK) {
			sqlite3_bind_int64(state, 1, u->exclusions);
			rc = step_done(st, state, err, "remembering the values that never link");
		}
	}
	if (rc == HIM_OK)
		rc = sq_exec(st, "INSERT INTO link_state (key, value) VALUES ('generation', 1)"
			     " ON CONFLICT (key) DO UPDATE SET value = link_state.value + 1", err);
out:
	sqlite3_finalize(assign);
	sqlite3_finalize(link);
	sqlite3_finalize(state);
	strbuf_release(&defs);
	if (u->nassign + u->nlinks > 10000) {
		struct strbuf restore = STRBUF_INIT;
		struct err ignored = ERR_INIT;

		strbuf_addf(&restore, "PRAGMA cache_size = %lld", (long long)saved_cache);
		if (sq_exec(st, restore.buf, rc == HIM_OK ? err : &ignored) != HIM_OK && rc == HIM_OK)
			rc = err->code;
		strbuf_release(&restore);
	}
	return rc;
}

/* Outside a transaction (SQLite ignores the pragma inside one). */
static int sq_write_checks(struct store *st, bool on, struct err *err)
{
	return sq_exec(st, on ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF", err);
}

static int sq_state(struct store *st, const char *key, int64_t *out, struct err *err)
{
	sqlite3_stmt *s;
	int rc, step;

	*out = -1;
	if ((rc = sq_prepare(st, &s, "SELECT value FROM link_state WHERE key = ?1", err)) != HIM_OK)
		return rc;
	sq_bind_text(s, 1, key);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	else if (step != SQLITE_DONE)
		rc = sq_error(st, err, "reading the linker's state");
	sqlite3_finalize(s);
	return rc;
}

/* --- decisions --- */

static int sq_decision_insert(struct store *st, const char *kind, const int64_t *side0, size_t n0,
			      const int64_t *side1, size_t n1, const char *note, const char *now,
			      const char *actor, int64_t *id, struct err *err)
{
	sqlite3_stmt *d = NULL, *m = NULL;
	size_t i;
	int rc;

	if ((rc = sq_prepare(st, &d, "INSERT INTO subject_decisions (kind, at, actor, note) VALUES (?1, ?2, ?3, ?4)",
			     err)) != HIM_OK)
		return rc;
	sq_bind_text(d, 1, kind);
	sq_bind_text(d, 2, now);
	sq_bind_text(d, 3, actor);
	sq_bind_text(d, 4, note);
	if ((rc = step_done(st, d, err, "recording a decision")) != HIM_OK)
		goto out;
	*id = sqlite3_last_insert_rowid(sq_db(st));
	if ((rc = sq_prepare(st, &m, "INSERT OR IGNORE INTO subject_decision_members (decision_id, referral_id, side)"
			     " VALUES (?1, ?2, ?3)", err)) != HIM_OK)
		goto out;
	for (i = 0; i < n0 + n1 && rc == HIM_OK; i++) {
		sqlite3_bind_int64(m, 1, *id);
		sqlite3_bind_int64(m, 2, i < n0 ? side0[i] : side1[i - n0]);
		sqlite3_bind_int(m, 3, i < n0 ? 0 : 1);
		rc = step_done(st, m, err, "recording a decision's referrals");
	}
out:
	sqlite3_finalize(d);
	sqlite3_finalize(m);
	return rc;
}

struct decision_ctx {
	store_decision_fn fn;
	void *ctx;
};

static int decision_row(sqlite3_stmt *s, void *ctx)
{
	struct decision_ctx *dc = ctx;

	return dc->fn(sqlite3_column_int64(s, 0), sq_subject_text(s, 1), sqlite3_column_int64(s, 2),
		      sqlite3_column_int(s, 3), dc->ctx);
}

static int sq_decisions_each(struct store *st, store_decision_fn fn, void *ctx, struct err *err)
{
	struct decision_ctx dc = { fn, ctx };
	sqlite3_stmt *s;
	int rc;

	if ((rc = sq_prepare(st, &s, "SELECT d.id, d.kind, m.referral_id, m.side FROM subject_decisions d"
			     " JOIN subject_decision_members m ON m.decision_id = d.id"
			     " ORDER BY d.id, m.side, m.referral_id", err)) != HIM_OK)
		return rc;
	return sq_each_row(st, s, decision_row, &dc, err, "reading the split and merge decisions");
}

const struct subject_backend sq_subject_backend = {
	.cases = sq_subject_cases,
	.idents_each = sq_idents_each,
	.ident_matches = sq_ident_matches,
	.ips_each = sq_ips_each,
	.ip_neighbours = sq_ip_neighbours,
	.around_each = sq_around_each,
	.pending = sq_link_pending,
	.counts = sq_link_counts,
	.members = sq_members,
	.write_checks = sq_write_checks,
	.write = sq_write,
	.state = sq_state,
	.common_values = sq_link_common_values,
	.decision_insert = sq_decision_insert,
	.decisions_each = sq_decisions_each,
	.list = sq_subject_list,
	.links = sq_subject_links,
	.same_content = sq_subject_same_content,
	.locations = sq_subject_locations,
	.ip_times = sq_subject_ip_times,
};
