/*
 * Unit tests of the audit log of the store, on either backend: the hash
 * chain (canonical hashes, links, verification naming the first broken
 * entry after tampering by raw SQL), the append-only triggers, several
 * processes appending at once, the audit of case writes in the same
 * transaction as the write, filters and keyset paging. The account,
 * login and session flows are in test_store_accounts.c.
 */
#include "storeutil.h"

#include <sodium.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/account.h"
#include "store/store.h"

struct fx {
	struct test_db db;
	int base; /* entries after setup: the reference sync's (1 on a new
		   * database; 2 on a copy of the PostgreSQL template, synced
		   * once when made and once more by test_db_open) */
};

static int count_entries(struct fx *fx);

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	test_db_open(&fx->db, "audit");
	fx->base = count_entries(fx);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;

	test_db_close(&fx->db);
	free(fx);
	return 0;
}

static const date_t TODAY = 20000;

/* Run SQL on the database from a second connection, as an attacker with
 * the file (SQLite) or the table owner's password (PostgreSQL) would: the
 * backend's dialect of the same attack. 0 when the SQL ran, else nonzero. */
static int raw_sql(struct fx *fx, const char *sqlite_sql, const char *pg_sql)
{
	sqlite3 *db;
	PGconn *c;
	PGresult *r;
	int rc;

	if (test_db_is_pg()) {
		c = PQconnectdb(fx->db.path);
		if (PQstatus(c) != CONNECTION_OK)
			fail_msg("%s: %s", fx->db.path, PQerrorMessage(c));
		r = PQexec(c, pg_sql);
		rc = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK ? 0 : 1;
		PQclear(r);
		PQfinish(c);
		return rc;
	}
	assert_int_equal(sqlite3_open(fx->db.path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 2000);
	rc = sqlite3_exec(db, sqlite_sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

/* The same SQL on both backends. */
static int raw_sql_both(struct fx *fx, const char *sql)
{
	return raw_sql(fx, sql, sql);
}

struct collected {
	int n;
	int64_t ids[64];
	char actors[64][32];
	char actions[64][32];
	char objects[64][32];
	char details[64][96];
};

static int collect(const struct audit_entry *e, void *ctx)
{
	struct collected *c = ctx;

	if (c->n < 64) {
		c->ids[c->n] = e->id;
		snprintf(c->actors[c->n], 32, "%s", e->actor);
		snprintf(c->actions[c->n], 32, "%s", e->action);
		snprintf(c->objects[c->n], 32, "%s", e->object);
		snprintf(c->details[c->n], 96, "%s", e->detail);
	}
	c->n++;
	return 0;
}

static int count_entries(struct fx *fx)
{
	struct collected c = { 0 };
	struct err err = ERR_INIT;

	assert_int_equal(store_audit_list(fx->db.st, NULL, collect, &c, &err), HIM_OK);
	return c.n;
}

static void verify_ok(struct fx *fx, int64_t expect_checked)
{
	struct err err = ERR_INIT;
	int64_t bad = -1, checked = 0;

	assert_int_equal(store_audit_verify(fx->db.st, &bad, &checked, &err), HIM_OK);
	assert_int_equal(bad, 0);
	assert_int_equal(checked, expect_checked);
}

static int64_t verify_bad(struct fx *fx)
{
	struct err err = ERR_INIT;
	int64_t bad = 0;

	assert_int_equal(store_audit_verify(fx->db.st, &bad, NULL, &err), HIM_OK);
	return bad;
}

/* Five entries: ids base+1 .. base+5; alice on case:7 (base+1, +3, +5),
 * bob on case:8 (base+2, +4). */
static void append_five(struct fx *fx)
{
	struct err err = ERR_INIT;
	char object[16];

	for (int i = 1; i <= 5; i++) {
		snprintf(object, sizeof(object), "case:%d", i % 2 ? 7 : 8);
		if (store_audit_append(fx->db.st, i % 2 ? "alice" : "bob", "case_read", object, "seen", &err) != HIM_OK)
			fail_msg("append: %s", err.msg);
	}
}

/* --- the chain ------------------------------------------------------------- */

struct chain {
	int n;
	char prev[AUDIT_HASH_HEX];
	bool ok;
};

static int check_links(const struct audit_entry *e, void *ctx)
{
	struct chain *c = ctx;
	char hash[AUDIT_HASH_HEX];

	audit_entry_hash(e, hash);
	c->ok = c->ok && strcmp(hash, e->hash) == 0 && strcmp(e->prev_hash, c->prev) == 0 &&
		e->id == c->n + 1 && strlen(e->hash) == 64 && strlen(e->at) == 20;
	memcpy(c->prev, e->hash, AUDIT_HASH_HEX);
	c->n++;
	return 0;
}

static void chain_links_and_verifies(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	struct chain c = { 0, "", true };

	/* The reference sync of setup is the first entry. */
	assert_true(fx->base >= 1);
	verify_ok(fx, fx->base);
	append_five(fx);
	memset(c.prev, '0', 64);
	assert_int_equal(store_audit_list(fx->db.st, NULL, check_links, &c, &err), HIM_OK);
	assert_int_equal(c.n, fx->base + 5);
	assert_true(c.ok);
	verify_ok(fx, fx->base + 5);
}

static void canonical_hash_is_injective(void **state)
{
	struct audit_entry a, b;
	char ha[AUDIT_HASH_HEX], hb[AUDIT_HASH_HEX];
	unsigned char digest[32];
	char expect[AUDIT_HASH_HEX];
	const char *enc;

	(void)state;
	memset(&a, 0, sizeof(a));
	memset(a.prev_hash, '0', 64);
	a.id = 1;
	memcpy(a.at, "2026-01-01T00:00:00Z", 21);
	a.actor = "ab";
	a.action = "c";
	a.object = "";
	a.detail = "";
	b = a;
	b.actor = "a";
	b.action = "bc"; /* same concatenation, different fields */
	audit_entry_hash(&a, ha);
	audit_entry_hash(&b, hb);
	assert_string_not_equal(ha, hb);
	/* The documented encoding, computed independently. */
	enc = "himaya-audit-v1"
	      "64:0000000000000000000000000000000000000000000000000000000000000000,"
	      "1:1,20:2026-01-01T00:00:00Z,2:ab,1:c,0:,0:,";
	crypto_hash_sha256(digest, (const unsigned char *)enc, strlen(enc));
	for (int i = 0; i < 32; i++)
		snprintf(expect + 2 * i, 3, "%02x", digest[i]);
	assert_string_equal(ha, expect);
}

static void tampering_is_named(void **state)
{
	struct fx *fx = *state;

	append_five(fx); /* entries 2..6 */
	verify_ok(fx, fx->base + 5);
	/* The triggers refuse changes while they exist. */
	assert_int_not_equal(raw_sql_both(fx, "UPDATE audit SET detail = 'x' WHERE id = 3"), 0);
	assert_int_not_equal(raw_sql_both(fx, "DELETE FROM audit WHERE id = 3"), 0);
	assert_int_not_equal(raw_sql(fx, "DELETE FROM audit", "TRUNCATE audit"), 0);
	verify_ok(fx, fx->base + 5);
	/* Someone with the file drops them and rewrites entry 3. */
	assert_int_equal(raw_sql(fx,
				 "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;"
				 "UPDATE audit SET detail = 'nothing to see' WHERE id = 3",
				 "ALTER TABLE audit DISABLE TRIGGER audit_append_only;"
				 "UPDATE audit SET detail = 'nothing to see' WHERE id = 3"),
			 0);
	assert_int_equal(verify_bad(fx), 3);
}

struct fetched {
	int64_t id;
	char at[32], prev[AUDIT_HASH_HEX];
	char actor[64], action[64], object[64], detail[128];
};

static int fetch_one(const struct audit_entry *e, void *ctx)
{
	struct fetched *f = ctx;

	f->id = e->id;
	snprintf(f->at, sizeof(f->at), "%s", e->at);
	snprintf(f->prev, sizeof(f->prev), "%s", e->prev_hash);
	snprintf(f->actor, sizeof(f->actor), "%s", e->actor);
	snprintf(f->action, sizeof(f->action), "%s", e->action);
	snprintf(f->object, sizeof(f->object), "%s", e->object);
	snprintf(f->detail, sizeof(f->detail), "%s", e->detail);
	return 0;
}

static void rehashed_tampering_breaks_the_next_link(void **state)
{
	struct fx *fx = *state;
	struct audit_filter f = { NULL, NULL, NULL, 3, 0, false, 1 };
	struct err err = ERR_INIT;
	struct fetched got;
	struct audit_entry forged;
	char hash[AUDIT_HASH_HEX], sql[512], pg_sql[512];

	append_five(fx);
	/* A forger rewrites entry 4's actor and gives it a correct hash of
	 * its own: entry 5 still holds the old hash as its prev_hash, so
	 * verify names 5 (the chain is intact up to 4 as rewritten). */
	assert_int_equal(store_audit_list(fx->db.st, &f, fetch_one, &got, &err), HIM_OK);
	assert_int_equal(got.id, 4);
	memset(&forged, 0, sizeof(forged));
	forged.id = got.id;
	memcpy(forged.at, got.at, sizeof(forged.at));
	memcpy(forged.prev_hash, got.prev, sizeof(forged.prev_hash));
	forged.actor = "mallory";
	forged.action = got.action;
	forged.object = got.object;
	forged.detail = got.detail;
	audit_entry_hash(&forged, hash);
	snprintf(sql, sizeof(sql), "DROP TRIGGER audit_no_update;"
				   "UPDATE audit SET actor = 'mallory', hash = '%s' WHERE id = 4", hash);
	snprintf(pg_sql, sizeof(pg_sql), "DROP TRIGGER audit_append_only ON audit;"
					 "UPDATE audit SET actor = 'mallory', hash = '%s' WHERE id = 4", hash);
	assert_int_equal(raw_sql(fx, sql, pg_sql), 0);
	assert_int_equal(verify_bad(fx), 5);
}

static void removal_is_named(void **state)
{
	struct fx *fx = *state;

	append_five(fx);
	assert_int_equal(raw_sql(fx, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 4",
				 "DROP TRIGGER audit_append_only ON audit; DELETE FROM audit WHERE id = 4"),
			 0);
	assert_int_equal(verify_bad(fx), 5);
}

static void inserted_entry_is_named(void **state)
{
	struct fx *fx = *state;

	append_five(fx);
	/* An entry slipped in with an id out of sequence. */
	assert_int_equal(raw_sql_both(fx, "INSERT INTO audit (id, at, actor, action, object, detail, prev_hash, hash)"
					  " VALUES (100, '2026-01-01T00:00:00Z', 'x', 'y', '', '', 'p', 'h')"),
			 0);
	assert_int_equal(verify_bad(fx), 100);
}

/* --- several writers -------------------------------------------------------- */

#define WRITERS 3
#define APPENDS 40

/* One writer process: its own connection, APPENDS entries, each in its
 * own transaction. Exits 0 when every append succeeded. */
static int writer(const char *path, int n)
{
	struct store *st;
	struct err err = ERR_INIT;
	char actor[24];

	if (store_open(&st, path, &err) != HIM_OK) {
		fprintf(stderr, "writer %d: %s\n", n, err.msg);
		return 1;
	}
	snprintf(actor, sizeof(actor), "writer%d", n);
	for (int i = 0; i < APPENDS; i++)
		if (store_audit_append(st, actor, "case_read", "case:1", "seen", &err) != HIM_OK) {
			fprintf(stderr, "writer %d: %s\n", n, err.msg);
			store_close(st);
			return 1;
		}
	store_close(st);
	return 0;
}

static void concurrent_appends_make_one_chain(void **state)
{
	struct fx *fx = *state;
	struct collected c = { 0 };
	struct err err = ERR_INIT;
	pid_t pids[WRITERS];
	int status;

	/* Processes, not threads: each has its own connection, as web nodes
	 * and the command line do. They all append at once; the chain must
	 * come out whole, ids 1..N without a gap or a fork. */
	for (int i = 0; i < WRITERS; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0)
			_exit(writer(fx->db.path, i));
	}
	for (int i = 0; i < WRITERS; i++) {
		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	verify_ok(fx, fx->base + WRITERS * APPENDS);
	assert_int_equal(store_audit_list(fx->db.st, NULL, collect, &c, &err), HIM_OK);
	assert_int_equal(c.n, fx->base + WRITERS * APPENDS);
}

/* A moved entry keeps its time as text inside the hash: a time the backend
 * cannot give back byte for byte must not make a chain that no longer
 * verifies. SQLite keeps any text; PostgreSQL's timestamptz keeps whole
 * seconds in UTC, so it refuses the rest and nothing is appended. */
static void moved_entry_times_keep_the_chain(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	struct audit_entry e;
	int rc;

	memset(&e, 0, sizeof(e));
	e.id = 7;
	memcpy(e.at, "2024-05-01T10:00:00Z", 21);
	e.actor = "alice";
	e.action = "case_read";
	e.object = "case:3";
	e.detail = "seen";
	assert_int_equal(store_audit_move(fx->db.st, &e, NULL, 1, "court.db", "migrate", "db:court", "1 entry", &err),
			 HIM_OK);
	verify_ok(fx, fx->base + 2);
	memcpy(e.at, "2024-05-01T10:00:00.5Z", 23);
	rc = store_audit_move(fx->db.st, &e, NULL, 1, "court.db", "migrate", "db:court", "1 entry", &err);
	if (test_db_is_pg()) {
		assert_int_equal(rc, HIM_EINPUT);
		assert_non_null(strstr(err.msg, "YYYY-MM-DDTHH:MM:SSZ"));
		verify_ok(fx, fx->base + 2);
	} else {
		assert_int_equal(rc, HIM_OK);
		verify_ok(fx, fx->base + 4);
	}
}

/* --- filters ---------------------------------------------------------------- */

static void filters_and_paging(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	struct collected c = { 0 };
	struct audit_filter f;

	int b;

	append_five(fx);
	b = fx->base;
	memset(&f, 0, sizeof(f));
	f.actor = "alice";
	assert_int_equal(store_audit_list(fx->db.st, &f, collect, &c, &err), HIM_OK);
	assert_int_equal(c.n, 3);
	assert_int_equal(c.ids[0], b + 1);
	assert_int_equal(c.ids[2], b + 5);
	memset(&c, 0, sizeof(c));
	memset(&f, 0, sizeof(f));
	f.object = "case:8";
	assert_int_equal(store_audit_list(fx->db.st, &f, collect, &c, &err), HIM_OK);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.actors[0], "bob");
	/* Keyset paging: two at a time after the first of the five. */
	memset(&c, 0, sizeof(c));
	memset(&f, 0, sizeof(f));
	f.after_id = b + 1;
	f.limit = 2;
	assert_int_equal(store_audit_list(fx->db.st, &f, collect, &c, &err), HIM_OK);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.ids[0], b + 2);
	assert_int_equal(c.ids[1], b + 3);
	/* Newest first from before an id. */
	memset(&c, 0, sizeof(c));
	memset(&f, 0, sizeof(f));
	f.before_id = b + 5;
	f.newest_first = true;
	f.actor = "alice";
	assert_int_equal(store_audit_list(fx->db.st, &f, collect, &c, &err), HIM_OK);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.ids[0], b + 3);
	assert_int_equal(c.ids[1], b + 1);
	/* Newest first. */
	memset(&c, 0, sizeof(c));
	memset(&f, 0, sizeof(f));
	f.newest_first = true;
	f.limit = 1;
	assert_int_equal(store_audit_list(fx->db.st, &f, collect, &c, &err), HIM_OK);
	assert_int_equal(c.ids[0], b + 5);
	/* Since a date: all of today's, none of the future's. */
	memset(&c, 0, sizeof(c));
	memset(&f, 0, sizeof(f));
	f.since = "2000-01-01";
	assert_int_equal(store_audit_list(fx->db.st, &f, collect, &c, &err), HIM_OK);
	assert_int_equal(c.n, b + 5);
	memset(&c, 0, sizeof(c));
	f.since = "2999-01-01";
	assert_int_equal(store_audit_list(fx->db.st, &f, collect, &c, &err), HIM_OK);
	assert_int_equal(c.n, 0);
}

static void bad_entries_refused(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;

	assert_int_equal(store_audit_append(fx->db.st, "a", "", "o", NULL, &err), HIM_EUSAGE);
	assert_int_equal(store_audit_append(fx->db.st, "a\x01b", "x", "o", NULL, &err), HIM_EINPUT);
	assert_int_equal(store_audit_append(fx->db.st, "a", "x", "o", "\xff\xfe", &err), HIM_EINPUT);
	assert_int_equal(count_entries(fx), fx->base);
	/* No actor given: the store's, else "system". */
	assert_int_equal(store_audit_append(fx->db.st, NULL, "x", NULL, NULL, &err), HIM_OK);
	store_set_actor(fx->db.st, "carol");
	assert_int_equal(store_audit_append(fx->db.st, NULL, "x", NULL, NULL, &err), HIM_OK);
	{
		struct collected c = { 0 };
		assert_int_equal(store_audit_list(fx->db.st, NULL, collect, &c, &err), HIM_OK);
		assert_int_equal(c.n, fx->base + 2);
		assert_string_equal(c.actors[fx->base], "system");
		assert_string_equal(c.actors[fx->base + 1], "carol");
	}
	verify_ok(fx, fx->base + 2);
}

/* --- case writes ---------------------------------------------------------------- */

static int64_t open_case(struct fx *fx, const char *number, int *rc_out)
{
	struct case_record c;
	struct err err = ERR_INIT;
	struct scope national = scope_national();
	int64_t id;
	int rc;

	case_record_init(&c);
	memcpy(c.court, "tpi-sale", 9);
	c.file_number = strdup(number);
	c.registered = D("2022-03-01");
	memcpy(c.body, "dgsn", 5);
	code_list_add(&c.subjects, "csam_distribution");
	code_list_parse(&c.platforms, "ncmec");
	c.suspects = 1;
	rc = store_case_open(fx->db.st, &national, &c, TODAY, &err);
	if (rc_out)
		*rc_out = rc;
	else if (rc != HIM_OK)
		fail_msg("case open: %s", err.msg);
	id = c.id;
	case_record_release(&c);
	return id;
}

static int add_event(struct fx *fx, int64_t id, const char *type, const char *date, const char *code)
{
	return test_case_add_event(fx->db.st, id, type, date, code, TODAY, NULL);
}

static void case_writes_are_audited(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	struct collected c = { 0 };
	struct audit_filter f;
	int64_t id;

	store_set_actor(fx->db.st, "alice");
	id = open_case(fx, "2022/2105/17", NULL);
	assert_int_equal(add_event(fx, id, "investigation", "2022-03-02", NULL), HIM_OK);
	memset(&f, 0, sizeof(f));
	f.object = "case:1";
	assert_int_equal(store_audit_list(fx->db.st, &f, collect, &c, &err), HIM_OK);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.actors[0], "alice");
	assert_string_equal(c.actions[0], "case_write");
	assert_string_equal(c.details[0], "open tpi-sale 2022/2105/17");
	assert_string_equal(c.details[1], "event 1 investigation 2022-03-02");
	/* A refused event (a judgment before any decision) writes nothing,
	 * and so audits no write. */
	assert_int_equal(add_event(fx, id, "judgment", "2022-03-03", "conviction"), HIM_EINPUT);
	memset(&c, 0, sizeof(c));
	assert_int_equal(store_audit_list(fx->db.st, &f, collect, &c, &err), HIM_OK);
	assert_int_equal(c.n, 2);
	/* A duplicate case is refused: no entry either. */
	{
		int rc;
		open_case(fx, "2022/2105/17", &rc);
		assert_int_equal(rc, HIM_ECONFLICT);
	}
	assert_int_equal(count_entries(fx), fx->base + 2);
	verify_ok(fx, fx->base + 2);
}

/* The data version moves with every write, from any connection, and not
 * with an audited read or a refused write. */
static void data_version_moves_with_writes_only(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	struct store *other;
	int64_t v0, v1, v2, v3, seen;
	int64_t id;
	int rc;

	assert_int_equal(store_data_version(fx->db.st, &v0, &err), HIM_OK);
	id = open_case(fx, "2022/2105/19", NULL);
	assert_int_equal(store_data_version(fx->db.st, &v1, &err), HIM_OK);
	assert_true(v1 > v0);
	assert_int_equal(store_audit_append(fx->db.st, "bob", "case_read", "case:1", NULL, &err), HIM_OK);
	assert_int_equal(store_audit_append(fx->db.st, "bob", "case_list", "cases", "after=0", &err), HIM_OK);
	assert_int_equal(store_data_version(fx->db.st, &v2, &err), HIM_OK);
	assert_int_equal(v2, v1);
	assert_int_equal(add_event(fx, id, "judgment", "2022-03-03", "conviction"), HIM_EINPUT);
	open_case(fx, "2022/2105/19", &rc);
	assert_int_equal(rc, HIM_ECONFLICT);
	assert_int_equal(store_data_version(fx->db.st, &v2, &err), HIM_OK);
	assert_int_equal(v2, v1);
	/* Another connection (another node) sees a write made here. */
	assert_int_equal(store_open(&other, fx->db.path, &err), HIM_OK);
	assert_int_equal(add_event(fx, id, "investigation", "2022-03-02", NULL), HIM_OK);
	assert_int_equal(store_data_version(fx->db.st, &v3, &err), HIM_OK);
	assert_true(v3 > v2);
	assert_int_equal(store_data_version(other, &seen, &err), HIM_OK);
	assert_int_equal(seen, v3);
	store_close(other);
}

static void failed_audit_undoes_the_write(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	struct case_list all;
	struct case_filter f;
	struct scope national = scope_national();
	int rc;

	/* If the audit entry cannot be written, the case is not either:
	 * both are one transaction. */
	assert_int_equal(raw_sql(fx,
				 "CREATE TRIGGER audit_jammed BEFORE INSERT ON audit"
				 " BEGIN SELECT RAISE(ABORT, 'jammed'); END",
				 "CREATE TRIGGER audit_jammed BEFORE INSERT ON audit"
				 " FOR EACH ROW EXECUTE FUNCTION himaya_refuse('jammed')"),
			 0);
	open_case(fx, "2022/2105/18", &rc);
	assert_int_not_equal(rc, HIM_OK);
	case_list_init(&all);
	case_filter_init(&f);
	assert_int_equal(store_case_list(fx->db.st, &national, &f, &all, &err), HIM_OK);
	assert_int_equal(all.n, 0);
	case_list_release(&all);
}

/*
 * An audited read whose entry the database refuses (PostgreSQL sends the
 * entry and the COMMIT together) reports the refusal, leaves nothing
 * behind, and the connection goes on: the next entry is appended and the
 * chain verifies.
 */
static void refused_read_entry_is_rolled_back(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	int before;

	append_five(fx);
	before = count_entries(fx);
	assert_int_equal(raw_sql(fx,
				 "CREATE TRIGGER audit_jammed BEFORE INSERT ON audit WHEN NEW.object = 'case:666'"
				 " BEGIN SELECT RAISE(ABORT, 'jammed'); END",
				 "CREATE TRIGGER audit_jammed BEFORE INSERT ON audit"
				 " FOR EACH ROW WHEN (NEW.object = 'case:666') EXECUTE FUNCTION himaya_refuse('jammed')"),
			 0);
	assert_int_not_equal(store_audit_append(fx->db.st, "alice", "case_read", "case:666", "seen", &err), HIM_OK);
	assert_non_null(strstr(err.msg, "jammed"));
	assert_int_equal(count_entries(fx), before);
	err = (struct err)ERR_INIT;
	assert_int_equal(store_audit_append(fx->db.st, "alice", "case_read", "case:7", "seen", &err), HIM_OK);
	assert_int_equal(count_entries(fx), before + 1);
	verify_ok(fx, before + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(chain_links_and_verifies, setup, teardown),
		cmocka_unit_test_setup_teardown(data_version_moves_with_writes_only, setup, teardown),
		cmocka_unit_test(canonical_hash_is_injective),
		cmocka_unit_test_setup_teardown(tampering_is_named, setup, teardown),
		cmocka_unit_test_setup_teardown(rehashed_tampering_breaks_the_next_link, setup, teardown),
		cmocka_unit_test_setup_teardown(removal_is_named, setup, teardown),
		cmocka_unit_test_setup_teardown(inserted_entry_is_named, setup, teardown),
		cmocka_unit_test_setup_teardown(concurrent_appends_make_one_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(moved_entry_times_keep_the_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(filters_and_paging, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_entries_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(refused_read_entry_is_rolled_back, setup, teardown),
		cmocka_unit_test_setup_teardown(case_writes_are_audited, setup, teardown),
		cmocka_unit_test_setup_teardown(failed_audit_undoes_the_write, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
