/*
 * Unit tests of the counting rule (the circular's footnote), scopes, and
 * the checks on a case being opened.
 */
#include "testutil.h"

#include "core/counting.h"
#include "core/stage.h"

static struct court_map M;
static struct vocab V;

static int setup(void **state)
{
	(void)state;
	test_load_map(&M);
	test_load_vocab(&V);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	court_map_release(&M);
	vocab_release(&V);
	return 0;
}

static void new_case(struct case_record *c, const char *court, const char *date)
{
	case_record_init(c);
	memcpy(c->court, court, strlen(court) + 1);
	c->file_number = strdup("2022/2105/17");
	c->registered = D(date);
	memcpy(c->body, "dgsn", 5);
	code_list_add(&c->subjects, "csam_possession");
	code_list_add(&c->platforms, "ncmec");
}

static void prepare_derives_the_district_of_that_day(void **state)
{
	(void)state;
	struct case_record c;
	struct err err = ERR_INIT;

	new_case(&c, "tpi-dakhla", "2022-03-01");
	assert_int_equal(case_prepare_new(&c, &M, &V, D("2026-01-01"), &err), HIM_OK);
	assert_string_equal(c.district, "ca-laayoune");
	case_record_release(&c);

	new_case(&c, "tpi-dakhla", "2024-03-01");
	assert_int_equal(case_prepare_new(&c, &M, &V, D("2026-01-01"), &err), HIM_OK);
	assert_string_equal(c.district, "ca-dakhla");
	case_record_release(&c);

	new_case(&c, "ca-casablanca", "2022-03-01"); /* a felony first registered at the CA */
	assert_int_equal(case_prepare_new(&c, &M, &V, DATE_NONE, &err), HIM_OK);
	assert_string_equal(c.district, "ca-casablanca");
	case_record_release(&c);
}

static void prepare_refuses_bad_cases(void **state)
{
	(void)state;
	struct case_record c;
	struct err err = ERR_INIT;

	new_case(&c, "ca-dakhla", "2022-03-01"); /* created by the 2023 decree */
	assert_int_equal(case_prepare_new(&c, &M, &V, DATE_NONE, &err), HIM_EINPUT);
	assert_non_null(strstr(err.msg, "did not exist on 2022-03-01"));
	case_record_release(&c);

	new_case(&c, "tpi-atlantis", "2022-03-01");
	assert_int_equal(case_prepare_new(&c, &M, &V, DATE_NONE, &err), HIM_EINPUT);
	assert_non_null(strstr(err.msg, "not in the judicial map"));
	case_record_release(&c);

	new_case(&c, "tpi-rabat", "2022-03-01");
	assert_int_equal(case_prepare_new(&c, &M, &V, D("2022-02-28"), &err), HIM_EINPUT);
	assert_non_null(strstr(err.msg, "future"));
	case_record_release(&c);

	new_case(&c, "tpi-rabat", "2022-03-01");
	memcpy(c.body, "fbi", 4);
	assert_int_equal(case_prepare_new(&c, &M, &V, DATE_NONE, &err), HIM_EINPUT);
	assert_non_null(strstr(err.msg, "investigating body"));
	case_record_release(&c);

	new_case(&c, "tpi-rabat", "2022-03-01");
	c.subjects.n = 0;
	assert_int_equal(case_prepare_new(&c, &M, &V, DATE_NONE, &err), HIM_EINPUT);
	assert_non_null(strstr(err.msg, "at least one subject"));
	case_record_release(&c);

	new_case(&c, "tpi-rabat", "2022-03-01");
	code_list_add(&c.platforms, "interpol");
	assert_int_equal(case_prepare_new(&c, &M, &V, DATE_NONE, &err), HIM_EINPUT);
	assert_non_null(strstr(err.msg, "unknown platform 'interpol'"));
	case_record_release(&c);

	new_case(&c, "tpi-rabat", "2022-03-01");
	free(c.file_number);
	c.file_number = strdup("");
	assert_int_equal(case_prepare_new(&c, &M, &V, DATE_NONE, &err), HIM_EINPUT);
	case_record_release(&c);

	new_case(&c, "tpi-rabat", "2022-03-01");
	c.unit = strdup("bad\xC3");
	assert_int_equal(case_prepare_new(&c, &M, &V, DATE_NONE, &err), HIM_EINPUT);
	case_record_release(&c);

	new_case(&c, "tpi-rabat", "2022-03-01");
	c.suspects = -1;
	assert_int_equal(case_prepare_new(&c, &M, &V, DATE_NONE, &err), HIM_EINPUT);
	case_record_release(&c);
}

static void aliases_become_codes(void **state)
{
	(void)state;
	struct case_record c;
	struct err err = ERR_INIT;

	new_case(&c, "tpi-rabat", "2022-03-01");
	c.platforms.n = 0;
	code_list_add(&c.platforms, "necmec");
	code_list_add(&c.platforms, "cps");
	memcpy(c.body, "gendarmerie", 12);
	assert_int_equal(case_prepare_new(&c, &M, &V, DATE_NONE, &err), HIM_OK);
	assert_string_equal(c.platforms.code[0], "ncmec");
	assert_string_equal(c.platforms.code[1], "cps");
	assert_string_equal(c.body, "gr");
	case_record_release(&c);
}

/* A First Instance case that went to appeal and cassation. */
static void appealed_case(struct case_record *c, struct event_list *events)
{
	struct err err = ERR_INIT;
	const char *steps[][3] = {
		{ "decision", "2022-04-01", "detained" },
		{ "judgment", "2022-06-01", "conviction" },
		{ "appeal", "2022-10-01", "modified" },
		{ "cassation", "2023-03-01", "rejected" },
	};

	new_case(c, "tpi-sale", "2022-03-01");
	assert_int_equal(case_prepare_new(c, &M, &V, DATE_NONE, &err), HIM_OK);
	event_list_init(events);
	for (size_t i = 0; i < 4; i++) {
		struct case_event ev;
		case_event_init(&ev);
		event_type_parse(steps[i][0], &ev.type);
		ev.date = D(steps[i][1]);
		ev.id = (int64_t)i + 1;
		memcpy(ev.code, steps[i][2], strlen(steps[i][2]) + 1);
		assert_int_equal(stage_check_append(&V, c, events, &ev, DATE_NONE, &c->state, NULL, &err), HIM_OK);
		*event_list_push(events) = ev;
	}
}

static void an_appeal_is_a_column_not_a_case(void **state)
{
	(void)state;
	struct case_record c;
	struct event_list events;
	struct counting_row row;

	appealed_case(&c, &events);
	/* Counted at the First Instance Court where it was registered ... */
	assert_string_equal(counting_court(&c), "tpi-sale");
	assert_true(counting_in_table(&c, "tpi-sale"));
	/* ... never in the table of the Court of Appeal that heard the appeal. */
	assert_false(counting_in_table(&c, "ca-rabat"));
	/* Its appeal and cassation fill columns 7 and 8 of its own row. */
	counting_row(&c, &row);
	assert_string_equal(row.court, "tpi-sale");
	assert_string_equal(row.decision, "detained");
	assert_string_equal(row.first->code, "conviction");
	assert_string_equal(row.appeal->code, "modified");
	assert_string_equal(row.cassation->code, "rejected");
	assert_int_equal(row.appeal->date, D("2022-10-01"));
	/* The district sees it once, as the district's case. */
	struct scope district = scope_district("ca-rabat");
	struct scope ca_court = scope_court("ca-rabat");
	assert_true(scope_includes(&district, &c));
	assert_false(scope_includes(&ca_court, &c));
	event_list_release(&events);
	case_record_release(&c);
}

static void scopes(void **state)
{
	(void)state;
	struct case_record c;
	struct err err = ERR_INIT;
	struct scope s;

	new_case(&c, "tpi-sale", "2022-03-01");
	c.unit = strdup("الفرقة الجهوية للشرطة القضائية بسلا");
	assert_int_equal(case_prepare_new(&c, &M, &V, DATE_NONE, &err), HIM_OK);

	s = scope_national();
	assert_true(scope_includes(&s, &c));
	s = scope_district("ca-rabat");
	assert_true(scope_includes(&s, &c));
	s = scope_district("ca-casablanca");
	assert_false(scope_includes(&s, &c));
	s = scope_court("tpi-sale");
	assert_true(scope_includes(&s, &c));
	s = scope_court("tpi-rabat");
	assert_false(scope_includes(&s, &c));
	s = scope_unit("dgsn", "الفرقة الجهوية للشرطة القضائية بسلا");
	assert_true(scope_includes(&s, &c));
	s = scope_unit("gr", "الفرقة الجهوية للشرطة القضائية بسلا");
	assert_false(scope_includes(&s, &c));
	s = scope_unit("dgsn", "another unit");
	assert_false(scope_includes(&s, &c));

	s = scope_district("tpi-sale");
	assert_int_equal(scope_validate(&s, &M, &err), HIM_EINPUT);
	s = scope_district("ca-rabat");
	assert_int_equal(scope_validate(&s, &M, &err), HIM_OK);
	s = scope_court("tpi-nowhere");
	assert_int_equal(scope_validate(&s, &M, &err), HIM_EINPUT);
	char *d = scope_describe(&s);
	assert_string_equal(d, "court:tpi-nowhere");
	free(d);
	case_record_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(prepare_derives_the_district_of_that_day),
		cmocka_unit_test(prepare_refuses_bad_cases),
		cmocka_unit_test(aliases_become_codes),
		cmocka_unit_test(an_appeal_is_a_column_not_a_case),
		cmocka_unit_test(scopes),
	};
	return cmocka_run_group_tests_name("counting", tests, setup, teardown);
}
