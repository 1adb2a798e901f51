/*
 * Unit tests of moving a court's database into another one (app/migrate.c
 * and store_copy.c): the source is always a SQLite file, the destination
 * the backend under test (PostgreSQL with HIMAYA_TEST_PG). Corrections are
 * pointed at the new ids, a later run carries only the new events, a case
 * the destination's rules refuse is refused whole (and its audit entries
 * never name another case), long audit details keep their provenance, and
 * difficulties come over once.
 */
#include "storeutil.h"

#include "app/migrate.h"
#include "lib/strbuf.h"
#include "lib/utf8.h"
#include "store/store.h"

struct fx {
	struct test_db src, dst;
};

static const date_t TODAY = 20000; /* 2024-10-04 */

/* The court's database: a SQLite file whatever the backend under test. */
static void source_open(struct test_db *db)
{
	struct err err = ERR_INIT;
	int fd;

	memset(db, 0, sizeof(*db));
	snprintf(db->path, sizeof(db->path), "/tmp/himaya-migrate-src-XXXXXX");
	fd = mkstemp(db->path);
	assert_true(fd >= 0);
	close(fd);
	unlink(db->path);
	if (store_open(&db->st, db->path, &err) != HIM_OK)
		fail_msg("store_open: %s", err.msg);
	test_load_map(&db->map);
	test_load_vocab(&db->vocab);
	if (store_reference_sync(db->st, &db->map, &db->vocab, NULL, &err) != HIM_OK)
		fail_msg("sync: %s", err.msg);
	store_set_actor(db->st, "greffier.sale");
}

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	source_open(&fx->src);
	test_db_open(&fx->dst, "migrate");
	store_set_actor(fx->dst.st, "admin.presidency");
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;

	test_db_close(&fx->src);
	test_db_close(&fx->dst);
	free(fx);
	return 0;
}

static int64_t open_case(struct store *st, const char *court, const char *number, const char *date)
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
	code_list_add(&c.subjects, "csam_distribution");
	code_list_add(&c.platforms, "ncmec");
	c.suspects = 1;
	if (store_case_open(st, &national, &c, TODAY, &err) != HIM_OK)
		fail_msg("case open: %s", err.msg);
	id = c.id;
	case_record_release(&c);
	return id;
}

/* Record an event; returns its id. */
static int64_t add(struct store *st, int64_t case_id, enum event_type type, const char *date, const char *code,
		   int64_t supersedes, int prison)
{
	struct case_event ev;
	struct err err = ERR_INIT;
	struct scope national = scope_national();
	int64_t id;

	case_event_init(&ev);
	ev.type = type;
	ev.date = D(date);
	ev.supersedes = supersedes;
	if (code)
		memcpy(ev.code, code, strlen(code) + 1);
	if (type == EVENT_DECISION && code && strcmp(code, "detained") == 0) {
		code_list_add(&ev.charges, "csam_distribution");
		ev.accused = 1;
	}
	if (prison >= 0) {
		ev.sentence.prison_months = prison;
		ev.sentence.suspended_months = 0;
		ev.sentence.fine_mad = 1000;
	}
	if (store_case_add_event(st, &national, case_id, &ev, TODAY, NULL, &err) != HIM_OK)
		fail_msg("event: %s", err.msg);
	id = ev.id;
	case_event_release(&ev);
	return id;
}

static int run(struct fx *fx, struct migrate_report *r)
{
	struct err err = ERR_INIT;
	int rc;

	migrate_report_release(r);
	rc = migrate_run(fx->src.st, "sqlite:court.db", fx->dst.st, NULL, NULL, r, &err);
	if (rc != HIM_OK)
		fail_msg("migrate: %s", err.msg);
	return rc;
}

static int64_t verify(struct store *st)
{
	struct err err = ERR_INIT;
	int64_t bad = -1;

	assert_int_equal(store_audit_verify(st, &bad, NULL, &err), HIM_OK);
	return bad;
}

/* The only case of the destination with this file number. */
static int64_t dest_case(struct fx *fx, const char *number, struct case_record *c, struct event_list *events)
{
	struct scope national = scope_national();
	struct case_list l;
	struct case_filter f;
	struct err err = ERR_INIT;
	int64_t id = 0;

	case_list_init(&l);
	case_filter_init(&f);
	assert_int_equal(store_case_list(fx->dst.st, &national, &f, &l, &err), HIM_OK);
	for (size_t i = 0; i < l.n; i++)
		if (strcmp(l.items[i].file_number, number) == 0) {
			assert_int_equal(id, 0);
			id = l.items[i].id;
		}
	case_list_release(&l);
	assert_true(id > 0);
	assert_int_equal(store_case_get(fx->dst.st, &national, id, c, &err), HIM_OK);
	assert_int_equal(store_case_events(fx->dst.st, &national, id, events, &err), HIM_OK);
	return id;
}

static void corrections_follow_their_events(void **state)
{
	struct fx *fx = *state;
	struct migrate_report r;
	struct case_record c;
	struct event_list ev;
	int64_t a, b, judgment;

	/* A case in the destination first, so that ids differ on both sides. */
	open_case(fx->dst.st, "tpi-rabat", "2021/1/1", "2021-02-01");
	a = open_case(fx->src.st, "tpi-sale", "2021/7/7", "2021-03-01");
	b = open_case(fx->src.st, "tpi-sale", "2021/7/8", "2021-03-01");
	add(fx->src.st, b, EVENT_INVESTIGATION, "2021-03-02", NULL, 0, -1);
	add(fx->src.st, a, EVENT_DECISION, "2021-04-03", "detained", 0, -1);
	judgment = add(fx->src.st, a, EVENT_JUDGMENT, "2021-06-03", "conviction", 0, 24);
	add(fx->src.st, a, EVENT_JUDGMENT, "2021-06-03", "conviction", judgment, 18);

	migrate_report_init(&r);
	run(fx, &r);
	assert_int_equal(r.cases.copied, 2);
	assert_int_equal(r.events.copied, 4);
	assert_int_equal(r.nrefused, 0);

	case_record_init(&c);
	event_list_init(&ev);
	dest_case(fx, "2021/7/7", &c, &ev);
	assert_int_equal(ev.n, 3);
	/* The correction names the copy of the judgment, not the source's id. */
	assert_int_equal(ev.items[2].supersedes, ev.items[1].id);
	assert_int_equal(c.state.first.sentence.prison_months, 18);
	assert_int_equal(c.state.first.event_id, ev.items[2].id);
	assert_string_equal(ev.items[1].recorded_by, "greffier.sale");
	assert_string_equal(c.created_by, "greffier.sale");
	event_list_release(&ev);
	case_record_release(&c);

	/* The court goes on: the next run carries exactly the new event. */
	add(fx->src.st, a, EVENT_APPEAL, "2021-11-03", "upheld", 0, -1);
	run(fx, &r);
	assert_int_equal(r.cases.copied, 0);
	assert_int_equal(r.cases.present, 2);
	assert_int_equal(r.events.copied, 1);
	assert_int_equal(r.events.present, 4);
	case_record_init(&c);
	event_list_init(&ev);
	dest_case(fx, "2021/7/7", &c, &ev);
	assert_int_equal(ev.n, 4);
	assert_int_equal(c.state.stage, STAGE_APPEAL_JUDGED);
	event_list_release(&ev);
	case_record_release(&c);

	run(fx, &r);
	assert_int_equal(r.events.copied + r.cases.copied + r.audit.copied, 0);
	assert_int_equal(verify(fx->dst.st), 0);
	migrate_report_release(&r);
}

struct objects {
	int source_case, named_other;
	int64_t refused_source_id, other_id;
};

static int look_objects(const struct audit_entry *e, void *ctx)
{
	struct objects *o = ctx;
	char want[40];

	if (!strstr(e->detail, "[moved from sqlite:court.db #"))
		return 0;
	snprintf(want, sizeof(want), "source-case:%lld", (long long)o->refused_source_id);
	if (strcmp(e->object, want) == 0)
		o->source_case++;
	snprintf(want, sizeof(want), "case:%lld", (long long)o->other_id);
	if (strcmp(e->object, want) == 0)
		o->named_other++;
	return 0;
}

static void a_case_the_destination_refuses(void **state)
{
	struct fx *fx = *state;
	struct migrate_report r;
	struct case_record c;
	struct event_list ev;
	struct objects o = { 0, 0, 0, 0 };
	struct audit_filter all;
	struct err err = ERR_INIT;
	int64_t here, there;

	/* The same case already in the destination, judged there; the court's
	 * file has another history of it, which cannot follow that one. */
	here = open_case(fx->dst.st, "tpi-sale", "2022/5/5", "2022-01-10");
	add(fx->dst.st, here, EVENT_DECISION, "2022-01-20", "detained", 0, -1);
	add(fx->dst.st, here, EVENT_JUDGMENT, "2022-03-01", "conviction", 0, 12);
	there = open_case(fx->src.st, "tpi-sale", "2022/5/5", "2022-01-10");
	add(fx->src.st, there, EVENT_DECISION, "2022-01-21", "detained", 0, -1);
	open_case(fx->src.st, "tpi-sale", "2022/5/6", "2022-01-10");

	migrate_report_init(&r);
	run(fx, &r);
	assert_int_equal(r.nrefused, 1);
	assert_non_null(strstr(r.refused[0].what, "2022/5/5"));
	assert_int_equal(r.cases.copied, 1);
	/* Refused whole: the destination's case is as it was. */
	case_record_init(&c);
	event_list_init(&ev);
	dest_case(fx, "2022/5/5", &c, &ev);
	assert_int_equal(ev.n, 2);
	event_list_release(&ev);
	case_record_release(&c);
	/* Its audit entries do not name whatever case has its id here. */
	o.refused_source_id = there;
	o.other_id = there;
	memset(&all, 0, sizeof(all));
	assert_int_equal(store_audit_list(fx->dst.st, &all, look_objects, &o, &err), HIM_OK);
	assert_true(o.source_case >= 2); /* its opening and its decision */
	assert_int_equal(o.named_other, 0);
	assert_int_equal(verify(fx->dst.st), 0);
	migrate_report_release(&r);
}

struct last_moved {
	char detail[4200];
	int64_t n;
};

static int keep_last_moved(const struct audit_entry *e, void *ctx)
{
	struct last_moved *l = ctx;

	if (strcmp(e->action, "note") == 0) {
		snprintf(l->detail, sizeof(l->detail), "%s", e->detail);
		l->n++;
	}
	return 0;
}

static void long_audit_details_keep_their_provenance(void **state)
{
	struct fx *fx = *state;
	struct migrate_report r;
	struct last_moved l = { "", 0 };
	struct audit_filter all;
	struct strbuf sb = STRBUF_INIT;
	struct err err = ERR_INIT;
	const char *tail;

	/* 4,094 bytes of Arabic (two bytes a letter): at the limit. */
	for (int i = 0; i < 2047; i++)
		strbuf_adds(&sb, "ح");
	assert_int_equal(store_audit_append(fx->src.st, NULL, "note", "x", sb.buf, &err), HIM_OK);
	migrate_report_init(&r);
	run(fx, &r);
	memset(&all, 0, sizeof(all));
	assert_int_equal(store_audit_list(fx->dst.st, &all, keep_last_moved, &l, &err), HIM_OK);
	assert_int_equal(l.n, 1);
	assert_true(strlen(l.detail) <= 4096);
	assert_true(utf8_text_ok(l.detail, true));
	tail = strrchr(l.detail, '\n');
	assert_non_null(tail);
	assert_non_null(strstr(tail, "[moved from sqlite:court.db #"));
	/* What was cut is the source's text, at a letter's boundary. */
	assert_int_equal(strncmp(l.detail, sb.buf, (size_t)(tail - l.detail)), 0);
	assert_int_equal(verify(fx->dst.st), 0);
	strbuf_release(&sb);
	migrate_report_release(&r);
}

static void difficulties_come_over_once(void **state)
{
	struct fx *fx = *state;
	struct scope national = scope_national();
	struct migrate_report r;
	struct difficulty_list l;
	struct err err = ERR_INIT;
	int64_t id;

	assert_int_equal(store_difficulty_add(fx->src.st, "tpi-sale", "نقص في الخبرة التقنية", "نص الصعوبة", &id, &err),
			 HIM_OK);
	store_set_actor(fx->src.st, "presidency.ma");
	assert_int_equal(store_difficulty_answer(fx->src.st, id, "الجواب", &err), HIM_OK);
	migrate_report_init(&r);
	run(fx, &r);
	assert_int_equal(r.difficulties.copied, 1);
	run(fx, &r);
	assert_int_equal(r.difficulties.copied, 0);
	assert_int_equal(r.difficulties.present, 1);
	difficulty_list_init(&l);
	assert_int_equal(store_difficulty_list(fx->dst.st, &national, &l, &err), HIM_OK);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].author, "greffier.sale");
	assert_string_equal(l.items[0].answer, "الجواب");
	assert_string_equal(l.items[0].answered_by, "presidency.ma");
	assert_int_equal(l.items[0].status, DIFFICULTY_ANSWERED);
	difficulty_list_release(&l);
	migrate_report_release(&r);
}

static void a_destination_without_reference_data_is_refused(void **state)
{
	struct fx *fx = *state;
	struct test_db empty;
	struct migrate_report r;
	struct err err = ERR_INIT;

	(void)fx;
	memset(&empty, 0, sizeof(empty));
	snprintf(empty.path, sizeof(empty.path), "/tmp/himaya-migrate-empty-XXXXXX");
	int fd = mkstemp(empty.path);
	assert_true(fd >= 0);
	close(fd);
	unlink(empty.path);
	assert_int_equal(store_open(&empty.st, empty.path, &err), HIM_OK);
	migrate_report_init(&r);
	assert_int_equal(migrate_run(fx->src.st, "sqlite:court.db", empty.st, NULL, NULL, &r, &err), HIM_EUSAGE);
	assert_non_null(strstr(err.msg, "init"));
	migrate_report_release(&r);
	test_db_close(&empty);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(corrections_follow_their_events, setup, teardown),
		cmocka_unit_test_setup_teardown(a_case_the_destination_refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(long_audit_details_keep_their_provenance, setup, teardown),
		cmocka_unit_test_setup_teardown(difficulties_come_over_once, setup, teardown),
		cmocka_unit_test_setup_teardown(a_destination_without_reference_data_is_refused, setup, teardown),
	};
	return cmocka_run_group_tests_name("app_migrate", tests, NULL, NULL);
}
