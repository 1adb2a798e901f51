/* Unit tests of lib/date: the calendar arithmetic every deadline rests on. */
#include "testutil.h"

#include "lib/date.h"

static void epoch_and_known_days(void **state)
{
	(void)state;
	assert_int_equal(date_from_ymd(1970, 1, 1), 0);
	assert_int_equal(date_from_ymd(2000, 3, 1), 11017);
	assert_int_equal(date_from_ymd(2022, 1, 1) - date_from_ymd(2021, 1, 1), 365);
	assert_int_equal(date_from_ymd(2024, 3, 1) - date_from_ymd(2024, 2, 1), 29);
	assert_int_equal(date_from_ymd(1969, 12, 31), -1);
}

static void roundtrip_every_day_1900_2100(void **state)
{
	(void)state;
	date_t start = date_from_ymd(1900, 1, 1), end = date_from_ymd(2100, 12, 31);
	char buf[DATE_ISO_LEN];

	for (date_t d = start; d <= end; d++) {
		int y, m, dd;
		date_t back;
		date_to_ymd(d, &y, &m, &dd);
		assert_true(date_ymd_valid(y, m, dd));
		date_format(d, buf);
		assert_true(date_parse(buf, &back));
		assert_int_equal(back, d);
	}
}

static void parse_rejects_bad_dates(void **state)
{
	(void)state;
	const char *bad[] = { "", "2022-1-01", "2022-13-01", "2022-00-10", "2022-02-29",
			      "2100-02-29", "2022-04-31", "22-01-01", "2022/01/01", "2022-01-01x",
			      "２０２２-01-01", "1899-12-31", "2022-01-1", "abcd-ef-gh" };
	date_t d;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(date_parse(bad[i], &d));
	assert_true(date_parse("2024-02-29", &d));
	assert_true(date_parse("2000-02-29", &d));
	assert_false(date_parse(NULL, &d));
}

static void stamps_the_store_writes(void **state)
{
	static const char *const bad[] = { "", "2024-01-10", "2024-01-10T10:00:00", "2024-01-10T10:00:00Z ",
					   "2024-01-10 10:00:00Z", "2024-01-10T10:00:00+00:00", "2024-1-10T10:00:00Z",
					   "2024-01-10T10:00:0aZ", "2024-01-10T10:00:00.5Z" };
	(void)state;
	assert_true(date_stamp_shaped("2024-01-10T10:00:00Z"));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(date_stamp_shaped(bad[i]));
	assert_false(date_stamp_shaped(NULL));
}

static void format_none_is_empty(void **state)
{
	(void)state;
	char buf[DATE_ISO_LEN] = "x";
	date_format(DATE_NONE, buf);
	assert_string_equal(buf, "");
	assert_int_equal(date_year(date_from_ymd(2022, 12, 31)), 2022);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(epoch_and_known_days),
		cmocka_unit_test(roundtrip_every_day_1900_2100),
		cmocka_unit_test(parse_rejects_bad_dates),
		cmocka_unit_test(stamps_the_store_writes),
		cmocka_unit_test(format_none_is_empty),
	};
	return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
