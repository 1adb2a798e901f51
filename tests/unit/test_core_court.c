/*
 * Unit tests of the judicial map: the real data file (counts per decree,
 * districts, a court moved by a decree) and every kind of bad line.
 */
#include "testutil.h"

static struct court_map M;

static int setup(void **state)
{
	(void)state;
	test_load_map(&M);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	court_map_release(&M);
	return 0;
}

static void count_on(date_t day, int *appeal, int *first)
{
	*appeal = *first = 0;
	for (size_t i = 0; i < M.n; i++)
		if (court_term_valid_on(&M.terms[i], day))
			(*(M.terms[i].kind == COURT_APPEAL ? appeal : first))++;
}

static void counts_follow_the_decrees(void **state)
{
	(void)state;
	int a, f;

	/* Decree 2.17.688: 22 Courts of Appeal, 83 First Instance Courts. */
	count_on(D("2021-01-01"), &a, &f);
	assert_int_equal(a, 22);
	assert_int_equal(f, 83);
	count_on(D("2022-12-31"), &a, &f);
	assert_int_equal(a, 22);
	assert_int_equal(f, 83);
	/* Decree 2.23.665: 23 and 88. */
	count_on(D("2024-06-30"), &a, &f);
	assert_int_equal(a, 23);
	assert_int_equal(f, 88);
}

static void districts_and_moves(void **state)
{
	(void)state;
	assert_string_equal(court_map_district_on(&M, "tpi-sale", D("2022-01-01")), "ca-rabat");
	assert_string_equal(court_map_district_on(&M, "ca-rabat", D("2022-01-01")), "ca-rabat");
	/* Dakhla's court moved to the new Court of Appeal of Dakhla in 2023. */
	assert_string_equal(court_map_district_on(&M, "tpi-dakhla", D("2022-05-01")), "ca-laayoune");
	assert_string_equal(court_map_district_on(&M, "tpi-dakhla", D("2024-05-01")), "ca-dakhla");
	assert_null(court_map_district_on(&M, "ca-dakhla", D("2022-05-01")));
	assert_null(court_map_district_on(&M, "tpi-nowhere", D("2022-05-01")));
	const struct court_term *t = court_map_latest(&M, "tpi-dakhla");
	assert_non_null(t);
	assert_string_equal(t->appeal_court, "ca-dakhla");
	assert_string_equal(court_term_name(t, LANG_AR), "المحكمة الابتدائية بالداخلة");
	assert_string_equal(court_term_name(t, LANG_FR), "Tribunal de première instance de Dakhla");
}

static void every_court_has_names_and_a_district(void **state)
{
	(void)state;
	struct err err = ERR_INIT;
	assert_int_equal(court_map_validate(&M, &err), HIM_OK);
	for (size_t i = 0; i < M.n; i++) {
		const struct court_term *t = &M.terms[i];
		assert_true(strlen(t->name_ar) > 0);
		assert_true(strlen(t->name_fr) > 0);
		if (t->kind == COURT_FIRST)
			assert_string_equal(court_map_latest(&M, t->appeal_court)->code, t->appeal_court);
	}
}

static int parse_text(const char *text, struct err *err)
{
	struct court_map m;
	int rc;

	court_map_init(&m);
	rc = court_map_parse(&m, text, strlen(text), "t.tsv", err);
	court_map_release(&m);
	return rc;
}

static void bad_lines_are_named(void **state)
{
	(void)state;
	struct err err = ERR_INIT;
	const char *ok = "ca-x\tappeal\t\tمحكمة الاستئناف بكذا\tCour d'appel de X\t\t\n"
			 "tpi-y\tfirst\tca-x\tالمحكمة الابتدائية بكذا\tTPI de Y\t2017-12-07\t\n";
	assert_int_equal(parse_text(ok, &err), HIM_OK);

	assert_int_equal(parse_text("# only a comment\n", &err), HIM_EINPUT);
	assert_non_null(strstr(err.msg, "no courts"));

	assert_int_equal(parse_text("ca-x\tappeal\t\tا\tb\t\n", &err), HIM_EINPUT);
	assert_non_null(strstr(err.msg, "t.tsv:1: expected 7"));

	assert_int_equal(parse_text("# c\nca-x\tsupreme\t\tا\tb\t\t\n", &err), HIM_EINPUT);
	assert_non_null(strstr(err.msg, "t.tsv:2: kind"));

	assert_int_equal(parse_text("CA X\tappeal\t\tا\tb\t\t\n", &err), HIM_EINPUT);
	assert_non_null(strstr(err.msg, "invalid court code"));

	assert_int_equal(parse_text("ca-x\tappeal\t\t\tb\t\t\n", &err), HIM_EINPUT);
	assert_non_null(strstr(err.msg, "Arabic and a French name"));

	assert_int_equal(parse_text("ca-x\tappeal\t\tا\tb\t2022-02-30\t\n", &err), HIM_EINPUT);
	assert_non_null(strstr(err.msg, "validity dates"));

	assert_int_equal(parse_text("ca-x\tappeal\t\t\xff\tb\t\t\n", &err), HIM_EINPUT);

	/* A First Instance Court in a district that is no Court of Appeal. */
	assert_int_equal(parse_text("tpi-y\tfirst\tca-x\tا\tb\t\t\n", &err), HIM_EINPUT);
	assert_non_null(strstr(err.msg, "not a Court of Appeal"));
	/* ... or not for the whole of its term. */
	assert_int_equal(parse_text("ca-x\tappeal\t\tا\tb\t2020-01-01\t\n"
				    "tpi-y\tfirst\tca-x\tا\tb\t\t\n", &err), HIM_EINPUT);
	/* Overlapping terms of one court. */
	assert_int_equal(parse_text("ca-x\tappeal\t\tا\tb\t\t\n"
				    "tpi-y\tfirst\tca-x\tا\tb\t\t2020-01-01\n"
				    "tpi-y\tfirst\tca-x\tا\tb\t2019-01-01\t\n", &err), HIM_EINPUT);
	assert_non_null(strstr(err.msg, "overlapping"));
	/* Adjacent terms are fine. */
	assert_int_equal(parse_text("ca-x\tappeal\t\tا\tb\t\t\n"
				    "tpi-y\tfirst\tca-x\tا\tb\t\t2020-01-01\n"
				    "tpi-y\tfirst\tca-x\tا\tb\t2020-01-01\t\n", &err), HIM_OK);
	/* A Court of Appeal inside a district. */
	assert_int_equal(parse_text("ca-x\tappeal\tca-z\tا\tb\t\t\n", &err), HIM_EINPUT);
	/* Empty validity window. */
	assert_int_equal(parse_text("ca-x\tappeal\t\tا\tb\t2020-01-01\t2020-01-01\n", &err), HIM_EINPUT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counts_follow_the_decrees),
		cmocka_unit_test(districts_and_moves),
		cmocka_unit_test(every_court_has_names_and_a_district),
		cmocka_unit_test(bad_lines_are_named),
	};
	return cmocka_run_group_tests_name("court", tests, setup, teardown);
}
