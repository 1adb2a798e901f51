/*
 * Unit tests of the store's cases and events, on SQLite and (with
 * HIMAYA_TEST_PG) on PostgreSQL: migrations, reference data, case and
 * event round trips, atomic refusals, scopes (a scoped read never returns
 * another court's case), filters and append-only history. The file name
 * is historical; the few checks that reach past the store into the
 * database itself have one branch per backend.
 */
#include "storeutil.h"

#include <sqlite3.h>
#include <unistd.h>

#include "store/migration.h"
#include "store/store.h"

struct fx {
	struct test_db db;
};

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	test_db_open(&fx->db, "test");
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

static const date_t TODAY = 20000; /* 2024-10-04 */

static int64_t open_case(struct fx *fx, const char *court, const char *number, const char *date,
			 const char *platforms)
{
	struct case_record c;
	struct err err = ERR_INIT;
	struct scope national = scope_national();
	int64_t id;

	case_record_init(&c);
	memcpy(c.court, court, strlen(court) + 1);
	c.file_number = strdup(number);
	c.registered = D(date);
	memcpy(c.body, "dgsn", 5);
	c.unit = strdup("الفرقة الجهوية للشرطة القضائية");
	code_list_add(&c.subjects, "csam_distribution");
	code_list_add(&c.subjects, "sextortion");
	code_list_parse(&c.platforms, platforms);
	c.suspects = 2;
	c.notes = strdup("ملاحظات\nsecond line");
	if (store_case_open(fx->db.st, &national, &c, TODAY, &err) != HIM_OK)
		fail_msg("case open: %s", err.msg);
	id = c.id;
	case_record_release(&c);
	return id;
}

static int add_event(struct fx *fx, int64_t id, const char *type, const char *date, const char *code,
		     enum stage_refusal *why)
{
	return test_case_add_event(fx->db.st, id, type, date, code, TODAY, why);
}

static void migrations_and_reopen(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	struct reference_sync_report rep;
	struct store *again;

	int latest = 0;
	for (const struct migration *m = test_db_is_pg() ? pg_migrations : sqlite_migrations; m->sql; m++) {
		assert_true(m->version > latest); /* strictly increasing */
		latest = m->version;
	}
	assert_true(latest >= 1);
	assert_int_equal(store_schema_version(fx->db.st), latest);
	assert_string_equal(store_backend_name(fx->db.st), test_db_is_pg() ? "postgresql" : "sqlite");
	assert_true(store_has_reference(fx->db.st));
	/* A second process opening the same database migrates nothing. */
	assert_int_equal(store_open(&again, fx->db.path, &err), HIM_OK);
	assert_int_equal(store_schema_version(again), latest);
	assert_true(store_has_reference(again));
	assert_int_equal(store_court_map(again)->n, fx->db.map.n);
	assert_int_equal(store_vocab(again)->n, fx->db.vocab.n);
	/* Syncing the same files again changes nothing. */
	assert_int_equal(store_reference_sync(again, &fx->db.map, &fx->db.vocab, &rep, &err), HIM_OK);
	assert_int_equal(rep.courts_added, 0);
	assert_int_equal(rep.courts_updated, 0);
	assert_int_equal(rep.vocab_added, 0);
	assert_int_equal(rep.vocab_updated, 0);
	assert_int_equal(rep.court_terms, (int)fx->db.map.n);
	store_close(again);
	/* A PostgreSQL server that does not answer: a plain error, no store. */
	assert_int_equal(store_open(&again, "postgresql://himaya@127.0.0.1:1/himaya?connect_timeout=5", &err), HIM_EIO);
	assert_null(again);
	assert_non_null(strstr(err.msg, "cannot connect to PostgreSQL"));
}

static void no_reference_no_cases(void **state)
{
	(void)state;
	struct store *st;
	struct err err = ERR_INIT;
	struct case_record c;
	struct scope national = scope_national();
	char path[512] = "/tmp/himaya-empty-XXXXXX";
	char name[64] = "";
	char sql[128];

	/* An empty database: on PostgreSQL from template0, not from the
	 * tests' template, which already holds the reference data. */
	if (test_db_is_pg()) {
		snprintf(name, sizeof(name), "t_empty_%d", (int)getpid());
		snprintf(sql, sizeof(sql), "CREATE DATABASE \"%s\" TEMPLATE template0", name);
		test_pg_admin(sql);
		test_pg_url(path, sizeof(path), name);
	} else {
		int fd = mkstemp(path);
		close(fd);
		unlink(path);
	}
	assert_int_equal(store_open(&st, path, &err), HIM_OK);
	assert_false(store_has_reference(st));
	case_record_init(&c);
	assert_int_equal(store_case_open(st, &national, &c, TODAY, &err), HIM_EUSAGE);
	assert_non_null(strstr(err.msg, "himaya init"));
	store_close(st);
	if (name[0]) {
		snprintf(sql, sizeof(sql), "DROP DATABASE \"%s\" WITH (FORCE)", name);
		test_pg_admin(sql);
	} else {
		unlink(path);
	}
}

static void case_round_trip(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	struct case_record c;
	struct scope national = scope_national();
	int64_t id = open_case(fx, "tpi-dakhla", "2022/2105/1", "2022-02-03", "ncmec,cps");

	assert_true(id > 0);
	case_record_init(&c);
	assert_int_equal(store_case_get(fx->db.st, &national, id, &c, &err), HIM_OK);
	assert_int_equal(c.id, id);
	assert_string_equal(c.court, "tpi-dakhla");
	assert_string_equal(c.district, "ca-laayoune"); /* the map of 2022 */
	assert_string_equal(c.file_number, "2022/2105/1");
	assert_int_equal(c.registered, D("2022-02-03"));
	assert_string_equal(c.body, "dgsn");
	assert_string_equal(c.unit, "الفرقة الجهوية للشرطة القضائية");
	assert_int_equal(c.subjects.n, 2);
	assert_string_equal(c.subjects.code[0], "csam_distribution");
	assert_string_equal(c.subjects.code[1], "sextortion");
	assert_int_equal(c.platforms.n, 2);
	assert_string_equal(c.platforms.code[0], "ncmec");
	assert_int_equal(c.suspects, 2);
	assert_string_equal(c.notes, "ملاحظات\nsecond line");
	assert_int_equal(c.version, 1);
	assert_non_null(c.created_at);
	assert_int_equal(c.state.stage, STAGE_REGISTERED);
	case_record_release(&c);

	assert_int_equal(store_case_get(fx->db.st, &national, id + 1000, &c, &err), HIM_ENOTFOUND);
}

static void duplicate_file_number_is_a_conflict(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	struct case_record c;
	struct scope national = scope_national();
	struct case_filter f;
	int64_t n;

	open_case(fx, "tpi-rabat", "2022/1/1", "2022-02-03", "cps");
	case_record_init(&c);
	memcpy(c.court, "tpi-rabat", 10);
	c.file_number = strdup("2022/1/1");
	c.registered = D("2022-05-05");
	memcpy(c.body, "gr", 3);
	code_list_add(&c.subjects, "other");
	code_list_add(&c.platforms, "cps");
	assert_int_equal(store_case_open(fx->db.st, &national, &c, TODAY, &err), HIM_ECONFLICT);
	assert_non_null(strstr(err.msg, "already has a case"));
	assert_int_equal(c.id, 0);
	case_record_release(&c);
	case_filter_init(&f);
	assert_int_equal(store_case_count(fx->db.st, &national, &f, &n, &err), HIM_OK);
	assert_int_equal(n, 1);
	/* The same number at another court is another case. */
	open_case(fx, "tpi-sale", "2022/1/1", "2022-02-03", "cps");
}

static void lifecycle_is_persisted(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	struct scope national = scope_national();
	struct case_record c;
	struct event_list events;
	struct case_event ev;
	int64_t id = open_case(fx, "tpi-sale", "2021/7/7", "2021-03-01", "ncmec");

	assert_int_equal(add_event(fx, id, "investigation", "2021-03-02", NULL, NULL), HIM_OK);
	assert_int_equal(add_event(fx, id, "report", "2021-04-02", NULL, NULL), HIM_OK);
	case_event_init(&ev);
	ev.type = EVENT_DECISION;
	ev.date = D("2021-04-03");
	memcpy(ev.code, "detained", 9);
	code_list_add(&ev.charges, "csam_distribution");
	ev.accused = 1;
	ev.note = strdup("أمر بالإيداع");
	assert_int_equal(store_case_add_event(fx->db.st, &national, id, &ev, TODAY, NULL, &err), HIM_OK);
	assert_true(ev.id > 0);
	assert_non_null(ev.recorded_at);
	case_event_release(&ev);
	case_event_init(&ev);
	ev.type = EVENT_JUDGMENT;
	ev.date = D("2021-06-03");
	memcpy(ev.code, "conviction", 11);
	ev.sentence.prison_months = 24;
	ev.sentence.suspended_months = 0;
	ev.sentence.fine_mad = 5000;
	assert_int_equal(store_case_add_event(fx->db.st, &national, id, &ev, TODAY, NULL, &err), HIM_OK);
	int64_t judgment_id = ev.id;
	case_event_release(&ev);
	assert_int_equal(add_event(fx, id, "appeal", "2021-11-03", "upheld", NULL), HIM_OK);

	case_record_init(&c);
	assert_int_equal(store_case_get(fx->db.st, &national, id, &c, &err), HIM_OK);
	assert_int_equal(c.state.stage, STAGE_APPEAL_JUDGED);
	assert_string_equal(c.state.decision, "detained");
	assert_int_equal(c.state.decision_date, D("2021-04-03"));
	assert_string_equal(c.state.first.code, "conviction");
	assert_int_equal(c.state.first.event_id, judgment_id);
	assert_int_equal(c.state.first.sentence.prison_months, 24);
	assert_int_equal(c.state.first.sentence.suspended_months, 0);
	assert_int_equal(c.state.first.sentence.fine_mad, 5000);
	assert_string_equal(c.state.appeal.code, "upheld");
	assert_int_equal(c.state.appeal.date, D("2021-11-03"));
	assert_string_equal(c.state.cassation.code, "");
	assert_int_equal(c.state.last_event_date, D("2021-11-03"));
	assert_int_equal(c.version, 6);
	case_record_release(&c);

	event_list_init(&events);
	assert_int_equal(store_case_events(fx->db.st, &national, id, &events, &err), HIM_OK);
	assert_int_equal(events.n, 5);
	assert_int_equal(events.items[0].type, EVENT_INVESTIGATION);
	assert_int_equal(events.items[2].type, EVENT_DECISION);
	assert_int_equal(events.items[2].charges.n, 1);
	assert_string_equal(events.items[2].charges.code[0], "csam_distribution");
	assert_int_equal(events.items[2].accused, 1);
	assert_string_equal(events.items[2].note, "أمر بالإيداع");
	assert_int_equal(events.items[3].sentence.fine_mad, 5000);
	assert_int_equal(events.items[1].accused, -1);
	assert_int_equal(events.items[1].sentence.prison_months, -1);
	assert_true(events.items[0].id < events.items[4].id);
	event_list_release(&events);
}

static void refused_event_changes_nothing(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	struct scope national = scope_national();
	struct case_record before, after;
	struct event_list events;
	enum stage_refusal why;
	int64_t id = open_case(fx, "tpi-sale", "2021/8/8", "2021-03-01", "ncmec");

	assert_int_equal(add_event(fx, id, "decision", "2021-04-03", "at_liberty", NULL), HIM_OK);
	case_record_init(&before);
	assert_int_equal(store_case_get(fx->db.st, &national, id, &before, &err), HIM_OK);

	assert_int_equal(add_event(fx, id, "appeal", "2021-05-01", "upheld", &why), HIM_EINPUT);
	assert_int_equal(why, REFUSE_APPEAL_BEFORE_JUDGMENT);
	assert_int_equal(add_event(fx, id, "judgment", "2021-04-02", "acquittal", &why), HIM_EINPUT);
	assert_int_equal(why, REFUSE_DATE_BACKWARDS);
	assert_int_equal(add_event(fx, id, "judgment", "2030-01-01", "acquittal", &why), HIM_EINPUT);
	assert_int_equal(why, REFUSE_DATE_FUTURE);

	case_record_init(&after);
	assert_int_equal(store_case_get(fx->db.st, &national, id, &after, &err), HIM_OK);
	assert_int_equal(after.version, before.version);
	assert_int_equal(after.state.stage, before.state.stage);
	event_list_init(&events);
	assert_int_equal(store_case_events(fx->db.st, &national, id, &events, &err), HIM_OK);
	assert_int_equal(events.n, 1);
	event_list_release(&events);
	case_record_release(&before);
	case_record_release(&after);

	/* A correction that would leave a judgment on a filed case. */
	assert_int_equal(add_event(fx, id, "judgment", "2021-06-01", "acquittal", NULL), HIM_OK);
	struct case_event ev;
	case_event_init(&ev);
	ev.type = EVENT_DECISION;
	ev.date = D("2021-04-03");
	ev.supersedes = 0;
	memcpy(ev.code, "filed", 6);
	memcpy(ev.reason, "no_crime", 9);
	event_list_init(&events);
	assert_int_equal(store_case_events(fx->db.st, &national, id, &events, &err), HIM_OK);
	ev.supersedes = events.items[0].id;
	event_list_release(&events);
	assert_int_equal(store_case_add_event(fx->db.st, &national, id, &ev, TODAY, &why, &err), HIM_EINPUT);
	assert_int_equal(why, REFUSE_JUDGMENT_ON_FILED_CASE);
	assert_int_equal(ev.id, 0);
	/* A correction superseding another case's event is refused too. */
	int64_t other = open_case(fx, "tpi-sale", "2021/8/9", "2021-03-01", "ncmec");
	memcpy(ev.code, "detained", 9);
	ev.reason[0] = '\0';
	assert_int_equal(store_case_add_event(fx->db.st, &national, other, &ev, TODAY, &why, &err), HIM_EINPUT);
	assert_int_equal(why, REFUSE_CORRECTION_TARGET);
	case_event_release(&ev);
}

static void history_is_append_only(void **state)
{
	struct fx *fx = *state;
	int64_t id = open_case(fx, "tpi-rabat", "2021/9/9", "2021-03-01", "cps");
	static const struct {
		const char *sql, *reason;
	} rewrites[] = {
		{ "UPDATE case_events SET date = '2021-01-01'", "append-only" },
		{ "DELETE FROM case_events", "append-only" },
		{ "UPDATE event_charges SET subject = 'other'", "append-only" },
		{ "DELETE FROM event_charges", "append-only" },
		{ "DELETE FROM cases", "never deleted" },
	};
	struct scope national = scope_national();
	struct event_list events;
	struct err err = ERR_INIT;

	struct case_event decision;

	assert_int_equal(add_event(fx, id, "report", "2021-03-02", NULL, NULL), HIM_OK);
	case_event_init(&decision);
	decision.type = EVENT_DECISION;
	decision.date = D("2021-03-03");
	memcpy(decision.code, "detained", 9);
	code_list_add(&decision.charges, "sextortion");
	decision.accused = 1;
	assert_int_equal(store_case_add_event(fx->db.st, &national, id, &decision, TODAY, NULL, &err), HIM_OK);
	case_event_release(&decision);
	/* Even someone with direct access to the database cannot rewrite
	 * history: the triggers refuse, with the reason. */
	for (size_t i = 0; i < sizeof(rewrites) / sizeof(rewrites[0]); i++) {
		if (test_db_is_pg()) {
			PGconn *c = PQconnectdb(fx->db.path);
			PGresult *r;

			assert_int_equal(PQstatus(c), CONNECTION_OK);
			bool refused, said;

			r = PQexec(c, rewrites[i].sql);
			refused = PQresultStatus(r) == PGRES_FATAL_ERROR;
			said = strstr(PQresultErrorMessage(r), rewrites[i].reason) != NULL;
			PQclear(r);
			PQfinish(c);
			assert_true(refused);
			assert_true(said);
		} else {
			sqlite3 *db;
			char *msg = NULL;

			assert_int_equal(sqlite3_open(fx->db.path, &db), SQLITE_OK);
			assert_int_not_equal(sqlite3_exec(db, rewrites[i].sql, NULL, NULL, &msg), SQLITE_OK);
			assert_non_null(msg);
			assert_non_null(strstr(msg, rewrites[i].reason));
			sqlite3_free(msg);
			sqlite3_close(db);
		}
	}
	event_list_init(&events);
	assert_int_equal(store_case_events(fx->db.st, &national, id, &events, &err), HIM_OK);
	assert_int_equal(events.n, 2);
	assert_int_equal(events.items[0].date, D("2021-03-02"));
	assert_int_equal(events.items[1].charges.n, 1);
	assert_string_equal(events.items[1].charges.code[0], "sextortion");
	event_list_release(&events);
}

/* Deterministic pseudo-random numbers for the property tests. */
static uint64_t rng_state = 42;
static uint64_t rnd(uint64_t n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (rng_state >> 33) % n;
}

static void scoped_reads_never_leak(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	struct scope national = scope_national();
	struct case_list all;
	struct case_filter f;
	const char *courts[] = { "tpi-rabat", "tpi-sale", "ca-rabat", "tpi-casablanca-penal", "ca-casablanca",
				 "tpi-dakhla", "ca-laayoune", "tpi-fes" };
	const char *units[] = { "unit-a", "unit-b" };

	for (int i = 0; i < 160; i++) {
		struct case_record c;
		char number[32];
		case_record_init(&c);
		const char *court = courts[rnd(8)];
		memcpy(c.court, court, strlen(court) + 1);
		snprintf(number, sizeof(number), "R/%d", i);
		c.file_number = strdup(number);
		c.registered = date_from_ymd(2021 + (int)rnd(3), 1 + (int)rnd(12), 1 + (int)rnd(28));
		{ const char *b = rnd(2) ? "dgsn" : "gr"; memcpy(c.body, b, strlen(b) + 1); }
		c.unit = strdup(units[rnd(2)]);
		code_list_add(&c.subjects, "other");
		code_list_add(&c.platforms, rnd(2) ? "ncmec" : "cps");
		assert_int_equal(store_case_open(fx->db.st, &national, &c, TODAY, &err), HIM_OK);
		case_record_release(&c);
	}
	case_list_init(&all);
	case_filter_init(&f);
	assert_int_equal(store_case_list(fx->db.st, &national, &f, &all, &err), HIM_OK);
	assert_int_equal(all.n, 160);

	struct scope scopes[] = {
		scope_district("ca-rabat"), scope_district("ca-casablanca"), scope_district("ca-laayoune"),
		scope_district("ca-dakhla"), scope_court("tpi-rabat"), scope_court("ca-rabat"),
		scope_court("tpi-dakhla"), scope_unit("dgsn", "unit-a"), scope_unit("gr", "unit-b"),
	};
	for (size_t s = 0; s < sizeof(scopes) / sizeof(scopes[0]); s++) {
		struct case_list got;
		size_t expected = 0, k = 0;
		int64_t count;

		case_list_init(&got);
		assert_int_equal(store_case_list(fx->db.st, &scopes[s], &f, &got, &err), HIM_OK);
		assert_int_equal(store_case_count(fx->db.st, &scopes[s], &f, &count, &err), HIM_OK);
		assert_int_equal((size_t)count, got.n);
		for (size_t i = 0; i < all.n; i++) {
			struct case_record one;
			bool in = scope_includes(&scopes[s], &all.items[i]);
			case_record_init(&one);
			int rc = store_case_get(fx->db.st, &scopes[s], all.items[i].id, &one, &err);
			assert_int_equal(rc, in ? HIM_OK : HIM_ENOTFOUND);
			case_record_release(&one);
			if (!in)
				continue;
			expected++;
			assert_true(k < got.n);
			assert_int_equal(got.items[k].id, all.items[i].id);
			k++;
		}
		assert_int_equal(got.n, expected);
		case_list_release(&got);
	}

	/* Out of scope is not found, for events and writes too. */
	struct scope sale = scope_court("tpi-sale");
	struct event_list events;
	struct case_event ev;
	int64_t rabat_case = 0;
	for (size_t i = 0; i < all.n && !rabat_case; i++)
		if (strcmp(all.items[i].court, "tpi-rabat") == 0)
			rabat_case = all.items[i].id;
	event_list_init(&events);
	assert_int_equal(store_case_events(fx->db.st, &sale, rabat_case, &events, &err), HIM_ENOTFOUND);
	case_event_init(&ev);
	ev.type = EVENT_REPORT;
	ev.date = D("2025-01-01");
	assert_int_equal(store_case_add_event(fx->db.st, &sale, rabat_case, &ev, DATE_NONE, NULL, &err), HIM_ENOTFOUND);
	/* Opening a case at a court outside one's scope is forbidden. */
	struct case_record c;
	case_record_init(&c);
	memcpy(c.court, "tpi-rabat", 10);
	c.file_number = strdup("X/1");
	c.registered = D("2022-01-01");
	memcpy(c.body, "dgsn", 5);
	code_list_add(&c.subjects, "other");
	code_list_add(&c.platforms, "cps");
	assert_int_equal(store_case_open(fx->db.st, &sale, &c, TODAY, &err), HIM_EFORBIDDEN);
	case_record_release(&c);
	case_list_release(&all);
}

static void filters_and_paging(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	struct scope national = scope_national();
	struct case_filter f;
	struct case_list l;
	int64_t n;

	int64_t a = open_case(fx, "tpi-rabat", "F/1", "2021-05-01", "ncmec");
	int64_t b = open_case(fx, "tpi-rabat", "F/2", "2022-05-01", "cps");
	int64_t c = open_case(fx, "tpi-sale", "F/3", "2022-12-31", "ncmec,cps");
	assert_int_equal(add_event(fx, b, "decision", "2022-06-01", "detained", NULL), HIM_OK);

	case_filter_init(&f);
	f.year = 2022;
	assert_int_equal(store_case_count(fx->db.st, &national, &f, &n, &err), HIM_OK);
	assert_int_equal(n, 2);
	f.platform = "ncmec";
	case_list_init(&l);
	assert_int_equal(store_case_list(fx->db.st, &national, &f, &l, &err), HIM_OK);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.items[0].id, c);
	case_list_release(&l);

	case_filter_init(&f);
	f.decision = "detained";
	assert_int_equal(store_case_count(fx->db.st, &national, &f, &n, &err), HIM_OK);
	assert_int_equal(n, 1);
	case_filter_init(&f);
	f.stage = STAGE_REGISTERED;
	assert_int_equal(store_case_count(fx->db.st, &national, &f, &n, &err), HIM_OK);
	assert_int_equal(n, 2);
	case_filter_init(&f);
	f.from = D("2021-05-01");
	f.to = D("2022-05-01");
	assert_int_equal(store_case_count(fx->db.st, &national, &f, &n, &err), HIM_OK);
	assert_int_equal(n, 2); /* inclusive on both ends */
	case_filter_init(&f);
	f.court = "tpi-rabat";
	f.subject = "sextortion";
	assert_int_equal(store_case_count(fx->db.st, &national, &f, &n, &err), HIM_OK);
	assert_int_equal(n, 2);

	/* Keyset paging walks every case exactly once. */
	case_filter_init(&f);
	f.limit = 2;
	int64_t seen[3];
	size_t k = 0;
	for (;;) {
		case_list_init(&l);
		assert_int_equal(store_case_list(fx->db.st, &national, &f, &l, &err), HIM_OK);
		if (l.n == 0) {
			case_list_release(&l);
			break;
		}
		for (size_t i = 0; i < l.n; i++) {
			assert_true(k < 3);
			seen[k++] = l.items[i].id;
		}
		f.after_id = l.items[l.n - 1].id;
		case_list_release(&l);
	}
	assert_int_equal(k, 3);
	assert_int_equal(seen[0], a);
	assert_int_equal(seen[1], b);
	assert_int_equal(seen[2], c);
}

/* last_event_before: the last effective event (a correction's date, not
 * the corrected one's), else the registration; strictly before; scoped. */
struct stalled_tally {
	date_t before;
	int64_t n;
};

static int tally_stalled(const struct case_record *c, void *ctx)
{
	struct stalled_tally *t = ctx;
	date_t last = c->state.last_event_date != DATE_NONE ? c->state.last_event_date : c->registered;

	t->n += last < t->before;
	return 0;
}

static void stalled_filter(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	struct scope national = scope_national(), rabat = scope_court("tpi-rabat");
	struct case_filter f;
	struct case_list l;
	struct case_event ev;
	struct stalled_tally t;
	int64_t n;

	int64_t a = open_case(fx, "tpi-rabat", "S/1", "2022-01-10", "ncmec");
	int64_t b = open_case(fx, "tpi-rabat", "S/2", "2022-01-10", "ncmec");
	int64_t c = open_case(fx, "tpi-rabat", "S/3", "2022-03-01", "cps");
	int64_t d = open_case(fx, "tpi-sale", "S/4", "2021-01-01", "cps");
	assert_int_equal(add_event(fx, b, "investigation", "2022-03-01", NULL, NULL), HIM_OK);
	assert_int_equal(add_event(fx, c, "investigation", "2024-09-01", NULL, NULL), HIM_OK);
	/* b's investigation corrected to a later date: that date counts. */
	case_list_init(&l);
	{
		struct event_list evs;
		event_list_init(&evs);
		assert_int_equal(store_case_events(fx->db.st, &national, b, &evs, &err), HIM_OK);
		assert_int_equal(evs.n, 1);
		case_event_init(&ev);
		ev.type = EVENT_INVESTIGATION;
		ev.date = D("2024-05-01");
		ev.supersedes = evs.items[0].id;
		assert_int_equal(store_case_add_event(fx->db.st, &national, b, &ev, TODAY, NULL, &err), HIM_OK);
		case_event_release(&ev);
		event_list_release(&evs);
	}

	case_filter_init(&f);
	f.last_event_before = D("2022-03-01");
	assert_int_equal(store_case_list(fx->db.st, &national, &f, &l, &err), HIM_OK);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.items[0].id, a);
	assert_int_equal(l.items[1].id, d);
	case_list_release(&l);
	assert_int_equal(store_case_count(fx->db.st, &rabat, &f, &n, &err), HIM_OK);
	assert_int_equal(n, 1);
	f.last_event_before = D("2022-01-10"); /* strictly before */
	assert_int_equal(store_case_count(fx->db.st, &national, &f, &n, &err), HIM_OK);
	assert_int_equal(n, 1);

	/* The SQL agrees with the case records, for every cut-off. */
	for (date_t cut = D("2020-12-31"); cut <= D("2024-10-01"); cut += 97) {
		t.before = cut;
		t.n = 0;
		case_filter_init(&f);
		assert_int_equal(store_case_each(fx->db.st, &national, &f, tally_stalled, &t, &err), HIM_OK);
		f.last_event_before = cut;
		assert_int_equal(store_case_count(fx->db.st, &national, &f, &n, &err), HIM_OK);
		assert_int_equal(n, t.n);
	}
	/* Left at its initial value, the filter takes every case. */
	case_filter_init(&f);
	assert_int_equal(store_case_count(fx->db.st, &national, &f, &n, &err), HIM_OK);
	assert_int_equal(n, 4);
}

struct walk {
	char last[2 * CODE_MAX + DATE_ISO_LEN + 2];
	int seen, stop_after;
};

static int walk_case(const struct case_record *c, void *ctx)
{
	struct walk *w = ctx;
	char key[sizeof(w->last)], day[DATE_ISO_LEN];

	date_format(c->registered, day);
	snprintf(key, sizeof(key), "%s|%s|%s", c->district, c->court, day);
	assert_true(strcmp(w->last, key) <= 0); /* district, court, date order */
	memcpy(w->last, key, sizeof(key));
	w->seen++;
	return w->seen == w->stop_after ? 7 : 0;
}

static void streaming_in_table_order(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	struct scope national = scope_national();
	struct case_filter f;
	struct walk w = { "", 0, 0 };

	open_case(fx, "tpi-sale", "W/1", "2022-05-01", "cps");
	open_case(fx, "tpi-casablanca-penal", "W/2", "2022-01-01", "cps");
	open_case(fx, "tpi-sale", "W/3", "2021-05-01", "cps");
	open_case(fx, "ca-rabat", "W/4", "2022-07-01", "cps");
	open_case(fx, "tpi-rabat", "W/5", "2021-01-01", "ncmec");
	case_filter_init(&f);
	f.order = CASE_ORDER_COURT;
	assert_int_equal(store_case_each(fx->db.st, &national, &f, walk_case, &w, &err), HIM_OK);
	assert_int_equal(w.seen, 5);
	/* A nonzero return stops the walk and is handed back. */
	memset(&w, 0, sizeof(w));
	w.stop_after = 2;
	assert_int_equal(store_case_each(fx->db.st, &national, &f, walk_case, &w, &err), 7);
	assert_int_equal(w.seen, 2);
}

/* A walk longer than the PostgreSQL backend fetches at once (1,000 rows a
 * cursor fetch, pages of up to 1,000 read whole), stopped in its second
 * fetch, and a callback that reads through the store mid-walk, walks
 * included: each must see every row once, in order, and leave the
 * connection ready for a write. SQLite has no fetch to cross: the same
 * checks on fewer cases (each opening is a synced commit there). */
#define LONG_FETCH (test_db_is_pg() ? 1000 : 30)
#define LONG_WALK (LONG_FETCH + 50)

struct long_walk {
	struct store *st;
	int seen, stop_at;
	int64_t last_id;
	bool ordered, nested_ok;
};

static int count_case(const struct case_record *c, void *ctx)
{
	(void)c;
	(*(int *)ctx)++;
	return 0;
}

static int long_walk_case(const struct case_record *c, void *ctx)
{
	struct long_walk *w = ctx;
	struct scope national = scope_national();
	struct err err = ERR_INIT;

	if (c->id <= w->last_id)
		w->ordered = false;
	w->last_id = c->id;
	w->seen++;
	if (w->seen == 1 || w->seen == LONG_FETCH + 1) {
		struct case_filter f;
		struct case_record other;
		int64_t n = 0;
		int inner = 0;

		case_filter_init(&f);
		case_record_init(&other);
		w->nested_ok = w->nested_ok &&
			       store_case_count(w->st, &national, &f, &n, &err) == HIM_OK && n == LONG_WALK &&
			       store_case_get(w->st, &national, c->id, &other, &err) == HIM_OK &&
			       strcmp(other.file_number, c->file_number) == 0 &&
			       store_case_each(w->st, &national, &f, count_case, &inner, &err) == HIM_OK &&
			       inner == LONG_WALK;
		case_record_release(&other);
	}
	return w->seen == w->stop_at ? 9 : 0;
}

static void long_walks_stream(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	struct scope national = scope_national();
	struct case_filter f;
	struct long_walk w;
	char number[32];
	int n = 0;

	for (int i = 0; i < LONG_WALK; i++) {
		snprintf(number, sizeof(number), "L/%d", i);
		open_case(fx, i % 2 ? "tpi-sale" : "tpi-rabat", number, "2022-05-01", "cps");
	}
	case_filter_init(&f);
	memset(&w, 0, sizeof(w));
	w.st = fx->db.st;
	w.ordered = w.nested_ok = true;
	assert_int_equal(store_case_each(fx->db.st, &national, &f, long_walk_case, &w, &err), HIM_OK);
	assert_int_equal(w.seen, LONG_WALK);
	assert_true(w.ordered);
	assert_true(w.nested_ok);
	/* Stopped in the second fetch: the code comes back, and the next walk
	 * starts afresh. */
	memset(&w, 0, sizeof(w));
	w.st = fx->db.st;
	w.ordered = w.nested_ok = true;
	w.stop_at = LONG_FETCH + 20;
	assert_int_equal(store_case_each(fx->db.st, &national, &f, long_walk_case, &w, &err), 9);
	assert_int_equal(w.seen, LONG_FETCH + 20);
	assert_true(w.nested_ok);
	/* A limit above one page streams too, and stops at the limit. */
	f.limit = LONG_FETCH + 1;
	assert_int_equal(store_case_each(fx->db.st, &national, &f, count_case, &n, &err), HIM_OK);
	assert_int_equal(n, LONG_FETCH + 1);
	/* Paging by id reaches the end exactly. */
	f.limit = 0;
	f.after_id = LONG_FETCH;
	n = 0;
	assert_int_equal(store_case_each(fx->db.st, &national, &f, count_case, &n, &err), HIM_OK);
	assert_int_equal(n, LONG_WALK - LONG_FETCH);
	/* The connection is ready for a write. */
	assert_true(open_case(fx, "tpi-sale", "L/after", "2022-05-02", "ncmec") == LONG_WALK + 1);
}

struct dates_seen {
	date_t last;
	int seen;
	bool ascending;
	char districts[2][CODE_MAX];
};

static int walk_dates(const struct case_record *c, void *ctx)
{
	struct dates_seen *d = ctx;
	if (c->registered < d->last)
		d->ascending = false;
	d->last = c->registered;
	memcpy(d->districts[d->seen ? 1 : 0], c->district, CODE_MAX);
	d->seen++;
	return 0;
}

/* Decree 2.23.665 put Dakhla under the new Court of Appeal of Dakhla: the
 * court's older cases keep the district of Laayoune, and its own table
 * stays in date order although "ca-dakhla" sorts before "ca-laayoune". */
static void moved_court_table_in_date_order(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	struct scope national = scope_national();
	struct case_filter f;
	struct dates_seen d = { DATE_NONE, 0, true, { "", "" } };

	open_case(fx, "tpi-dakhla", "G/1", "2023-06-01", "cps");
	open_case(fx, "tpi-dakhla", "G/2", "2024-02-01", "cps");
	open_case(fx, "tpi-dakhla", "G/3", "2023-09-01", "ncmec");
	case_filter_init(&f);
	f.order = CASE_ORDER_COURT;
	f.court = "tpi-dakhla";
	assert_int_equal(store_case_each(fx->db.st, &national, &f, walk_dates, &d, &err), HIM_OK);
	assert_int_equal(d.seen, 3);
	assert_true(d.ascending);
	assert_string_equal(d.districts[0], "ca-laayoune");
	assert_string_equal(d.districts[1], "ca-dakhla"); /* the last one, 2024 */
}

struct tally {
	int64_t total;
	int cells;
	enum stats_dim dim;
	const char *value;
	int64_t value_count;
};

static int tally_cell(const struct stats_cell *cell, void *ctx)
{
	struct tally *t = ctx;
	t->total += cell->count;
	t->cells++;
	if (t->value && cell->ndims && strcmp(cell->values[0], t->value) == 0)
		t->value_count = cell->count;
	return 0;
}

/* The same count computed the slow way, from the streamed cases. */
struct slow {
	enum stats_dim dim;
	const char *value;
	int64_t count;
};

static const char *level_code(const struct case_record *c, enum stats_dim dim, char year[8])
{
	switch (dim) {
	case STATS_COURT: return c->court;
	case STATS_DISTRICT: return c->district;
	case STATS_YEAR: snprintf(year, 8, "%d", date_year(c->registered)); return year;
	case STATS_BODY: return c->body;
	case STATS_DECISION: return c->state.decision;
	case STATS_FIRST: return c->state.first.code;
	case STATS_APPEAL: return c->state.appeal.code;
	case STATS_CASSATION: return c->state.cassation.code;
	case STATS_STAGE: return case_stage_name(c->state.stage);
	default: return NULL;
	}
}

static int slow_count(const struct case_record *c, void *ctx)
{
	struct slow *sl = ctx;
	char year[8];

	if (sl->dim == STATS_PLATFORM)
		sl->count += code_list_has(&c->platforms, sl->value);
	else if (sl->dim == STATS_SUBJECT)
		sl->count += code_list_has(&c->subjects, sl->value);
	else
		sl->count += strcmp(level_code(c, sl->dim, year), sl->value) == 0;
	return 0;
}

static void statistics_agree_with_the_cases(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	struct scope scopes[] = { scope_national(), scope_district("ca-rabat"), scope_court("tpi-sale") };
	const char *courts[] = { "tpi-rabat", "tpi-sale", "ca-rabat", "tpi-fes" };
	const char *outcomes[] = { "conviction", "acquittal", "extinguished" };
	struct case_filter f;

	rng_state = 7;
	for (int i = 0; i < 60; i++) {
		char number[16];
		char reg[DATE_ISO_LEN];
		snprintf(number, sizeof(number), "S/%d", i);
		date_format(date_from_ymd(2021 + (int)rnd(2), 1 + (int)rnd(6), 1 + (int)rnd(28)), reg);
		int64_t id = open_case(fx, courts[rnd(4)], number, reg, rnd(3) == 0 ? "ncmec,cps" : rnd(2) ? "ncmec" : "cps");
		int depth = (int)rnd(4);
		if (depth >= 1)
			assert_int_equal(add_event(fx, id, "decision", "2023-02-01", rnd(2) ? "detained" : "at_liberty", NULL), HIM_OK);
		if (depth >= 2)
			assert_int_equal(add_event(fx, id, "judgment", "2023-05-01", outcomes[rnd(3)], NULL), HIM_OK);
		if (depth >= 3)
			assert_int_equal(add_event(fx, id, "appeal", "2023-09-01", "upheld", NULL), HIM_OK);
	}
	struct { enum stats_dim dim; const char *value; } probes[] = {
		{ STATS_COURT, "tpi-sale" }, { STATS_DISTRICT, "ca-rabat" }, { STATS_YEAR, "2022" },
		{ STATS_PLATFORM, "ncmec" }, { STATS_PLATFORM, "cps" }, { STATS_SUBJECT, "sextortion" },
		{ STATS_BODY, "dgsn" }, { STATS_DECISION, "" }, { STATS_DECISION, "detained" },
		{ STATS_FIRST, "conviction" }, { STATS_FIRST, "" }, { STATS_APPEAL, "upheld" },
		{ STATS_CASSATION, "" }, { STATS_STAGE, "appeal_judged" },
	};
	for (size_t s = 0; s < sizeof(scopes) / sizeof(scopes[0]); s++) {
		int64_t total;
		case_filter_init(&f);
		assert_int_equal(store_case_count(fx->db.st, &scopes[s], &f, &total, &err), HIM_OK);
		for (size_t p = 0; p < sizeof(probes) / sizeof(probes[0]); p++) {
			struct tally t = { 0, 0, probes[p].dim, probes[p].value, 0 };
			struct slow sl = { probes[p].dim, probes[p].value, 0 };
			assert_int_equal(store_stats_group(fx->db.st, &scopes[s], &f, &probes[p].dim, 1, tally_cell, &t, &err), HIM_OK);
			assert_int_equal(store_case_each(fx->db.st, &scopes[s], &f, slow_count, &sl, &err), HIM_OK);
			if (t.value_count != sl.count)
				fail_msg("scope %zu, %s=%s: GROUP BY says %lld, the cases say %lld", s,
					 stats_dim_name(probes[p].dim), probes[p].value,
					 (long long)t.value_count, (long long)sl.count);
			/* Partitioning dimensions add up to the total. */
			if (probes[p].dim != STATS_PLATFORM && probes[p].dim != STATS_SUBJECT)
				assert_int_equal(t.total, total);
		}
	}
	/* Two dimensions, and a grand total with none. */
	enum stats_dim two[] = { STATS_COURT, STATS_PLATFORM };
	struct tally t = { 0 };
	case_filter_init(&f);
	assert_int_equal(store_stats_group(fx->db.st, &scopes[0], &f, two, 2, tally_cell, &t, &err), HIM_OK);
	assert_true(t.cells >= 4);
	struct tally none = { 0 };
	assert_int_equal(store_stats_group(fx->db.st, &scopes[0], &f, NULL, 0, tally_cell, &none, &err), HIM_OK);
	assert_int_equal(none.total, 60);
	enum stats_dim dup[] = { STATS_COURT, STATS_COURT };
	assert_int_equal(store_stats_group(fx->db.st, &scopes[0], &f, dup, 2, tally_cell, &t, &err), HIM_EUSAGE);
}

static void medians(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	struct scope national = scope_national();
	struct case_filter f;
	double median;
	int64_t n;

	/* Decisions after 10, 20, 30 and 50 days: the median of four is 25. */
	int64_t a = open_case(fx, "tpi-rabat", "M/1", "2022-01-01", "cps");
	int64_t b = open_case(fx, "tpi-rabat", "M/2", "2022-01-01", "cps");
	int64_t c = open_case(fx, "tpi-rabat", "M/3", "2022-01-01", "cps");
	int64_t d = open_case(fx, "tpi-rabat", "M/4", "2022-01-01", "cps");
	open_case(fx, "tpi-rabat", "M/5", "2022-01-01", "cps"); /* no decision: not counted */
	assert_int_equal(add_event(fx, a, "decision", "2022-01-11", "detained", NULL), HIM_OK);
	assert_int_equal(add_event(fx, b, "decision", "2022-01-21", "detained", NULL), HIM_OK);
	assert_int_equal(add_event(fx, c, "decision", "2022-01-31", "detained", NULL), HIM_OK);
	assert_int_equal(add_event(fx, d, "decision", "2022-02-20", "detained", NULL), HIM_OK);
	case_filter_init(&f);
	assert_int_equal(store_stats_median(fx->db.st, &national, &f, INTERVAL_REGISTRATION_TO_DECISION, &median, &n, &err), HIM_OK);
	assert_int_equal(n, 4);
	assert_true(median > 24.99 && median < 25.01);
	assert_int_equal(add_event(fx, a, "judgment", "2022-03-11", "conviction", NULL), HIM_OK);
	assert_int_equal(store_stats_median(fx->db.st, &national, &f, INTERVAL_DECISION_TO_JUDGMENT, &median, &n, &err), HIM_OK);
	assert_int_equal(n, 1);
	assert_true(median > 58.99 && median < 59.01);
	assert_int_equal(store_stats_median(fx->db.st, &national, &f, INTERVAL_JUDGMENT_TO_APPEAL, &median, &n, &err), HIM_OK);
	assert_int_equal(n, 0);
	assert_true(median == 0);
	/* Filters apply: only the case at another court. */
	f.court = "tpi-sale";
	assert_int_equal(store_stats_median(fx->db.st, &national, &f, INTERVAL_REGISTRATION_TO_DECISION, &median, &n, &err), HIM_OK);
	assert_int_equal(n, 0);
}

/* Dates the source did not give (a backfilled table) are stored, read
 * back, and kept out of the medians instead of counting as 0 days. */
static void inferred_dates_stay_out_of_medians(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	struct scope national = scope_national();
	struct case_filter f;
	struct case_event ev;
	struct case_record c;
	struct event_list events;
	double median;
	int64_t n;

	int64_t known = open_case(fx, "tpi-rabat", "I/1", "2022-01-01", "cps");
	int64_t guessed = open_case(fx, "tpi-rabat", "I/2", "2022-01-01", "cps");
	assert_int_equal(add_event(fx, known, "decision", "2022-01-11", "detained", NULL), HIM_OK);
	case_event_init(&ev);
	ev.type = EVENT_DECISION;
	ev.date = D("2022-01-01");
	ev.date_inferred = true;
	memcpy(ev.code, "detained", sizeof("detained"));
	assert_int_equal(store_case_add_event(fx->db.st, &national, guessed, &ev, TODAY, NULL, &err), HIM_OK);
	case_event_release(&ev);

	case_filter_init(&f);
	assert_int_equal(store_stats_median(fx->db.st, &national, &f, INTERVAL_REGISTRATION_TO_DECISION, &median, &n, &err), HIM_OK);
	assert_int_equal(n, 1);
	assert_true(median > 9.99 && median < 10.01);

	case_record_init(&c);
	assert_int_equal(store_case_get(fx->db.st, &national, guessed, &c, &err), HIM_OK);
	assert_true(c.state.decision_date_inferred);
	assert_false(c.state.first.date_inferred);
	assert_int_equal(store_case_get(fx->db.st, &national, known, &c, &err), HIM_OK);
	assert_false(c.state.decision_date_inferred);
	case_record_release(&c);
	event_list_init(&events);
	assert_int_equal(store_case_events(fx->db.st, &national, guessed, &events, &err), HIM_OK);
	assert_int_equal(events.n, 1);
	assert_true(events.items[0].date_inferred);
	event_list_release(&events);
}

static void sync_keeps_courts_in_use(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	struct court_map small;
	const char *text = "ca-rabat\tappeal\t\tمحكمة الاستئناف بالرباط\tCour d'appel de Rabat\t\t\n";

	open_case(fx, "tpi-sale", "S/1", "2022-01-01", "cps");
	court_map_init(&small);
	assert_int_equal(court_map_parse(&small, text, strlen(text), "small", &err), HIM_OK);
	assert_int_equal(store_reference_sync(fx->db.st, &small, &fx->db.vocab, NULL, &err), HIM_EINPUT);
	assert_non_null(strstr(err.msg, "tpi-sale"));
	/* Nothing changed: the full map is still there. */
	assert_int_equal(store_court_map(fx->db.st)->n, fx->db.map.n);
	court_map_release(&small);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(migrations_and_reopen, setup, teardown),
		cmocka_unit_test(no_reference_no_cases),
		cmocka_unit_test_setup_teardown(case_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(duplicate_file_number_is_a_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(lifecycle_is_persisted, setup, teardown),
		cmocka_unit_test_setup_teardown(refused_event_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(history_is_append_only, setup, teardown),
		cmocka_unit_test_setup_teardown(scoped_reads_never_leak, setup, teardown),
		cmocka_unit_test_setup_teardown(filters_and_paging, setup, teardown),
		cmocka_unit_test_setup_teardown(stalled_filter, setup, teardown),
		cmocka_unit_test_setup_teardown(moved_court_table_in_date_order, setup, teardown),
		cmocka_unit_test_setup_teardown(streaming_in_table_order, setup, teardown),
		cmocka_unit_test_setup_teardown(long_walks_stream, setup, teardown),
		cmocka_unit_test_setup_teardown(statistics_agree_with_the_cases, setup, teardown),
		cmocka_unit_test_setup_teardown(medians, setup, teardown),
		cmocka_unit_test_setup_teardown(inferred_dates_stay_out_of_medians, setup, teardown),
		cmocka_unit_test_setup_teardown(sync_keeps_courts_in_use, setup, teardown),
	};
	return cmocka_run_group_tests_name("store_sqlite", tests, NULL, NULL);
}
