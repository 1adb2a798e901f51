/*
 * Unit tests of reading a sentence from an outcome cell: durations in
 * digits and words, firm and suspended parts, "منها", fines with their
 * thousands separators, and what must not be read as a duration.
 */
#include "testutil.h"

#include "core/sentence.h"

static struct sentence parse(const char *text)
{
	struct sentence s;
	struct err err = ERR_INIT;

	if (sentence_parse(text, strlen(text), &s, &err) != HIM_OK)
		fail_msg("sentence_parse: %s", err.msg);
	return s;
}

#define assert_sentence(text, prison, suspended, fine)               \
	do {                                                         \
		struct sentence s_ = parse(text);                    \
		assert_int_equal(s_.prison_months, prison);          \
		assert_int_equal(s_.suspended_months, suspended);    \
		assert_int_equal(s_.fine_mad, fine);                 \
	} while (0)

static void firm_prison_in_months(void **state)
{
	(void)state;
	assert_sentence("الإدانة بـ 6 أشهر حبسا نافذا", 6, 0, -1);
	assert_sentence("الادانة ب٦ اشهر حبسا نافذا", 6, 0, -1);
	assert_sentence("الإدانة: ستة أشهر حبسا نافذة", 6, 0, -1);
	assert_sentence("10 أشهر حبسا نافذا", 10, 0, -1);
	assert_sentence("شهر واحد حبسا نافذا", 1, 0, -1);
	assert_sentence("شهرين حبسا نافذا", 2, 0, -1);
}

static void years_and_compounds(void **state)
{
	(void)state;
	assert_sentence("سنة حبسا نافذا", 12, 0, -1);
	assert_sentence("سنتين حبسا نافذا", 24, 0, -1);
	assert_sentence("3 سنوات سجنا نافذا", 36, 0, -1);
	assert_sentence("سنة و 6 أشهر حبسا نافذا", 18, 0, -1);
	assert_sentence("خمس سنوات سجنا", 60, -1, -1);
}

static void suspended_parts(void **state)
{
	(void)state;
	assert_sentence("6 أشهر حبسا موقوف التنفيذ", 6, 6, -1);
	assert_sentence("ستة أشهر حبسا مع وقف التنفيذ", 6, 6, -1);
	assert_sentence("سنة حبسا نافذا و 6 أشهر موقوفة التنفيذ", 18, 6, -1);
	assert_sentence("سنتين حبسا منها سنة موقوفة التنفيذ", 24, 12, -1);
	assert_sentence("سنتين حبسا منها 8 أشهر نافذة والباقي موقوف", 24, 16, -1);
	/* Said without نافذ or موقوف: the suspended part is not known. */
	assert_sentence("الإدانة بـ 6 أشهر", 6, -1, -1);
}

static void fines(void **state)
{
	(void)state;
	assert_sentence("غرامة 5000 درهم", -1, -1, 5000);
	assert_sentence("6 أشهر حبسا نافذا وغرامة نافذة قدرها 5.000 درهم", 6, 0, 5000);
	assert_sentence("4 أشهر موقوفة وغرامة ٢٠٠٠ درهم", 4, 4, 2000);
	assert_sentence("غرامة قدرها 10 000 درهم", -1, -1, 10000);
	assert_sentence("غرامة قدرها ٥٬٠٠٠ درهم", -1, -1, 5000);
	assert_sentence("غرامة 5 آلاف درهم", -1, -1, 5000);
	assert_sentence("غرامة 1500.50 درهم", -1, -1, 1500);
	assert_sentence("غرامة نافذة قدرها 3000", -1, -1, 3000);
}

static void no_sentence_where_none_is_written(void **state)
{
	(void)state;
	assert_sentence("البراءة", -1, -1, -1);
	assert_sentence("", -1, -1, -1);
	assert_sentence("الإدانة بتاريخ 12/05/2022", -1, -1, -1);
	assert_sentence("حكم صادر سنة 2021", -1, -1, -1);
	assert_sentence("ملف عدد 2022/2106/154", -1, -1, -1);
}

static void invalid_utf8_is_an_error(void **state)
{
	struct sentence s;
	struct err err = ERR_INIT;
	const char bad[] = { '6', ' ', (char)0xFF, 0 };
	(void)state;

	assert_int_equal(sentence_parse(bad, 3, &s, &err), HIM_EINPUT);
	assert_int_equal(s.prison_months, -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(firm_prison_in_months),
		cmocka_unit_test(years_and_compounds),
		cmocka_unit_test(suspended_parts),
		cmocka_unit_test(fines),
		cmocka_unit_test(no_sentence_where_none_is_written),
		cmocka_unit_test(invalid_utf8_is_an_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
