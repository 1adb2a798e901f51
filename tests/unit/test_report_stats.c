/*
 * Unit tests of the aggregates (report/stats.c): totals, labels, rates,
 * medians, pending cases, and the filters that explain one figure.
 */
#include "storeutil.h"

#include <unistd.h>

#include "report/stats.h"

static struct test_db db;
static struct store *st;
static const date_t TODAY = 19700; /* 2023-12-09 */

static int64_t open_case(const char *court, const char *number, const char *date, const char *platforms,
			 const char *subject)
{
	struct case_record c;
	struct err err = ERR_INIT;
	struct scope national = scope_national();
	int64_t id;

	case_record_init(&c);
	memcpy(c.court, court, strlen(court) + 1);
	c.file_number = strdup(number);
	c.registered = D(date);
	memcpy(c.body, "gr", 3);
	code_list_add(&c.subjects, subject);
	code_list_parse(&c.platforms, platforms);
	if (store_case_open(st, &national, &c, TODAY, &err) != HIM_OK)
		fail_msg("%s", err.msg);
	id = c.id;
	case_record_release(&c);
	return id;
}

static void event(int64_t id, const char *type, const char *date, const char *code, const char *reason)
{
	struct case_event ev;
	struct err err = ERR_INIT;
	struct scope national = scope_national();

	case_event_init(&ev);
	event_type_parse(type, &ev.type);
	ev.date = D(date);
	memcpy(ev.code, code, strlen(code) + 1);
	if (reason)
		memcpy(ev.reason, reason, strlen(reason) + 1);
	if (store_case_add_event(st, &national, id, &ev, TODAY, NULL, &err) != HIM_OK)
		fail_msg("%s", err.msg);
	case_event_release(&ev);
}

static int setup(void **state)
{
	(void)state;
	test_db_open(&db, "stats");
	st = db.st;

	int64_t a = open_case("tpi-sale", "1", "2021-01-01", "ncmec", "csam_possession");
	int64_t b = open_case("tpi-sale", "2", "2021-06-01", "ncmec,cps", "sextortion");
	int64_t c = open_case("tpi-rabat", "3", "2022-01-01", "cps", "csam_possession");
	int64_t d = open_case("ca-rabat", "4", "2022-03-01", "ncmec", "csam_production");
	open_case("tpi-fes", "5", "2022-05-01", "cps", "other"); /* pending since May 2022 */
	event(a, "decision", "2021-01-11", "detained", NULL);          /* 10 days */
	event(a, "judgment", "2021-03-12", "conviction", NULL);        /* 60 days */
	event(a, "appeal", "2021-06-10", "upheld", NULL);
	event(b, "decision", "2021-07-01", "filed", "no_crime");       /* 30 days */
	event(c, "decision", "2022-01-21", "at_liberty", NULL);        /* 20 days */
	event(c, "judgment", "2022-02-20", "acquittal", NULL);         /* 30 days */
	event(d, "decision", "2022-03-31", "instruction", NULL);       /* 30 days */
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	test_db_close(&db);
	st = NULL;
	return 0;
}

static int64_t count_of(json_t *stats, const char *dim, const char *code)
{
	json_t *cells = json_object_get(json_object_get(stats, "by"), dim), *cell;
	size_t i;

	json_array_foreach(cells, i, cell) {
		json_t *v = json_object_get(cell, dim);
		if ((code == NULL && json_is_null(v)) || (code && json_is_string(v) && strcmp(json_string_value(v), code) == 0))
			return json_integer_value(json_object_get(cell, "count"));
	}
	return 0;
}

static void national_aggregates(void **state)
{
	(void)state;
	struct stats_request r;
	struct err err = ERR_INIT;
	json_t *s;

	stats_request_init(&r);
	r.today = TODAY;
	r.pending_days = 365;
	assert_int_equal(stats_build(st, &r, &s, &err), HIM_OK);
	assert_int_equal(json_integer_value(json_object_get(s, "total")), 5);
	assert_int_equal(count_of(s, "year", "2021"), 2);
	assert_int_equal(count_of(s, "year", "2022"), 3);
	assert_int_equal(count_of(s, "platform", "ncmec"), 3); /* b counts under both */
	assert_int_equal(count_of(s, "platform", "cps"), 3);
	assert_int_equal(count_of(s, "court", "tpi-sale"), 2);
	assert_int_equal(count_of(s, "court", "ca-rabat"), 1); /* its own case only */
	assert_int_equal(count_of(s, "district", "ca-rabat"), 4);
	assert_int_equal(count_of(s, "decision", NULL), 1);
	assert_int_equal(count_of(s, "first_instance", "conviction"), 1);
	assert_int_equal(count_of(s, "appeal", "upheld"), 1);
	assert_int_equal(count_of(s, "body", "gr"), 5);

	/* Labels sit beside the codes. */
	json_t *courts = json_object_get(json_object_get(s, "by"), "court");
	json_t *first = json_array_get(courts, 0);
	assert_non_null(json_string_value(json_object_get(first, "label_ar")));

	/* Prosecuted a, c, d; filed b: 3 of 4 decided. Convicted 1 of 2 judged. */
	json_t *pr = json_object_get(json_object_get(s, "rates"), "prosecution");
	assert_int_equal(json_integer_value(json_object_get(pr, "prosecuted")), 3);
	assert_int_equal(json_integer_value(json_object_get(pr, "decided")), 4);
	assert_true(json_real_value(json_object_get(pr, "rate")) > 0.749 && json_real_value(json_object_get(pr, "rate")) < 0.751);
	json_t *cv = json_object_get(json_object_get(s, "rates"), "conviction_first_instance");
	assert_int_equal(json_integer_value(json_object_get(cv, "convicted")), 1);
	assert_int_equal(json_integer_value(json_object_get(cv, "judged")), 2);

	/* Registration to decision: 10, 20, 30, 30 days → median 25. */
	json_t *m = json_object_get(json_object_get(s, "medians"), "registration_to_decision");
	assert_int_equal(json_integer_value(json_object_get(m, "cases")), 4);
	assert_true(json_real_value(json_object_get(m, "median_days")) == 25.0);
	m = json_object_get(json_object_get(s, "medians"), "decision_to_judgment");
	assert_true(json_real_value(json_object_get(m, "median_days")) == 45.0);

	/* Pending more than a year on 2023-12-09: the Fès case (no decision)
	 * and the case before the investigating judge. */
	json_t *p = json_object_get(s, "pending");
	assert_int_equal(json_integer_value(json_object_get(p, "count")), 2);

	struct strbuf text = STRBUF_INIT;
	stats_render_text(s, LANG_FR, &text);
	assert_non_null(strstr(text.buf, "Total des affaires: 5"));
	strbuf_release(&text);
	json_decref(s);
}

static void scoped_and_filtered(void **state)
{
	(void)state;
	struct stats_request r;
	struct err err = ERR_INIT;
	json_t *s;

	stats_request_init(&r);
	r.scope = scope_court("tpi-sale");
	assert_int_equal(stats_build(st, &r, &s, &err), HIM_OK);
	assert_int_equal(json_integer_value(json_object_get(s, "total")), 2);
	assert_int_equal(count_of(s, "court", "tpi-rabat"), 0); /* never leaks */
	json_decref(s);

	stats_request_init(&r);
	r.filter.year = 2022;
	r.filter.platform = "cps";
	enum stats_dim cross[] = { STATS_COURT, STATS_PLATFORM };
	r.cross = cross;
	r.ncross = 2;
	assert_int_equal(stats_build(st, &r, &s, &err), HIM_OK);
	assert_int_equal(json_integer_value(json_object_get(s, "total")), 2);
	assert_int_equal(json_array_size(json_object_get(s, "cross")), 2);
	json_decref(s);
}

static void explain_lists_the_cases_behind_a_figure(void **state)
{
	(void)state;
	struct case_filter f;
	struct err err = ERR_INIT;
	struct case_list l;
	struct scope national = scope_national();

	case_filter_init(&f);
	assert_int_equal(stats_filter_add(&f, "first_instance", "conviction", TODAY, &err), HIM_OK);
	case_list_init(&l);
	assert_int_equal(store_case_list(st, &national, &f, &l, &err), HIM_OK);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].file_number, "1");
	case_list_release(&l);

	case_filter_init(&f);
	assert_int_equal(stats_filter_add(&f, "decision", "", TODAY, &err), HIM_OK);
	assert_int_equal(stats_filter_add(&f, "year", "2022", TODAY, &err), HIM_OK);
	case_list_init(&l);
	assert_int_equal(store_case_list(st, &national, &f, &l, &err), HIM_OK);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].court, "tpi-fes");
	case_list_release(&l);

	case_filter_init(&f);
	assert_int_equal(stats_filter_add(&f, "pending", "365", TODAY, &err), HIM_OK);
	int64_t n;
	assert_int_equal(store_case_count(st, &national, &f, &n, &err), HIM_OK);
	assert_int_equal(n, 2);

	assert_int_equal(stats_filter_add(&f, "colour", "red", TODAY, &err), HIM_EINPUT);
	assert_int_equal(stats_filter_add(&f, "year", "20x2", TODAY, &err), HIM_EINPUT);
	assert_int_equal(stats_filter_add(&f, "stage", "limbo", TODAY, &err), HIM_EINPUT);
	assert_int_equal(stats_filter_add(&f, "pending", "-3", TODAY, &err), HIM_EINPUT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(national_aggregates),
		cmocka_unit_test(scoped_and_filtered),
		cmocka_unit_test(explain_lists_the_cases_behind_a_figure),
	};
	return cmocka_run_group_tests_name("report_stats", tests, setup, teardown);
}
