/*
 * Unit tests of core/route.c: place keys (Arabic, accents, article,
 * punctuation), the place table against the shipped data/locations.tsv
 * spellings, routing outcomes, retention deadlines at month ends, deadline
 * states and the triage order.
 */
#include "testutil.h"

#include "core/ident.h"
#include "core/route.h"

static void keys_fold_spellings(void **state)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct err err = ERR_INIT;
	static const char *const pairs[][2] = {
		{ "Fès", "FES" },
		{ "M'diq", "mdiq" },
		{ "El-Jadida", "el jadida" },
		{ "الدار البيضاء", "دار البيضاء" },
		{ "Laâyoune", "laayoune" },
		{ "Kénitra", "KENITRA" },
		{ "أصيلة", "اصيله" }, /* hamza and ta marbuta */
	};
	size_t i;
	(void)state;

	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		assert_int_equal(route_key(pairs[i][0], &a, &err), HIM_OK);
		assert_int_equal(route_key(pairs[i][1], &b, &err), HIM_OK);
		assert_string_equal(a.buf, b.buf);
	}
	assert_int_equal(route_key("Rabat", &a, &err), HIM_OK);
	assert_int_equal(route_key("Sale", &b, &err), HIM_OK);
	assert_string_not_equal(a.buf, b.buf);
	assert_int_equal(route_key("\xff", &a, &err), HIM_EINPUT);
	strbuf_release(&a);
	strbuf_release(&b);
}

static void table_and_routing(void **state)
{
	struct route_table t;
	struct route r;
	struct err err = ERR_INIT;
	(void)state;

	route_table_init(&t);
	assert_int_equal(route_table_add(&t, "Rabat", "tpi-rabat", &err), HIM_OK);
	assert_int_equal(route_table_add(&t, "الرباط", "tpi-rabat", &err), HIM_OK);
	assert_int_equal(route_table_add(&t, "Fès", "tpi-fes", &err), HIM_OK);
	assert_int_equal(route_table_add(&t, "Tanger", "tpi-tanger", &err), HIM_OK);
	assert_int_equal(route_table_add(&t, "RABAT", "tpi-rabat", &err), HIM_OK); /* the same, again */
	assert_int_equal(route_table_add(&t, "rabat", "tpi-sale", &err), HIM_ECONFLICT);
	assert_non_null(strstr(err.msg, "tpi-rabat"));
	assert_int_equal(route_table_add(&t, " - ", "tpi-sale", &err), HIM_EINPUT);
	assert_string_equal(route_table_find(&t, "fes"), "tpi-fes");
	assert_string_equal(route_table_find(&t, "رباط"), "tpi-rabat");
	assert_null(route_table_find(&t, "Casablanca"));
	assert_null(route_table_find(&t, NULL));

	route_init(&r);
	assert_int_equal(route_status(&r), ROUTE_NO_LOCATION);
	route_add(&r, &t, "FR", "", "Paris");                 /* abroad: not a place here */
	route_add(&r, &t, "", "", "");
	assert_int_equal(route_status(&r), ROUTE_NO_LOCATION);
	route_add(&r, &t, "MA", "Casablanca-Settat", "");     /* a region of several courts */
	assert_int_equal(route_status(&r), ROUTE_UNKNOWN);
	route_add(&r, &t, "MA", "Rabat-Salé-Kénitra", "Rabat"); /* the city wins over the region */
	assert_int_equal(route_status(&r), ROUTE_PROPOSED);
	assert_string_equal(r.court, "tpi-rabat");
	route_add(&r, &t, "", "", "الرباط");
	assert_int_equal(route_status(&r), ROUTE_PROPOSED);
	route_add(&r, &t, "", "Fès", "Unknown village");      /* falls back to the region */
	assert_int_equal(route_status(&r), ROUTE_SEVERAL);
	assert_string_equal(r.other, "tpi-fes");
	assert_string_equal(route_status_name(ROUTE_SEVERAL), "several_courts");
	route_table_release(&t);
}

static utc_time_t at(int y, int mo, int d, int h)
{
	return ident_time_from_fields(y, mo, d, h, 0, 0);
}

static void retention_deadlines(void **state)
{
	(void)state;
	assert_int_equal(retention_deadline(at(2024, 1, 10, 10), 12), at(2025, 1, 10, 10));
	assert_int_equal(retention_deadline(at(2024, 3, 31, 5), 1), at(2024, 4, 30, 5));
	assert_int_equal(retention_deadline(at(2024, 2, 29, 0), 12), at(2025, 2, 28, 0));
	assert_int_equal(retention_deadline(at(2024, 11, 15, 23), 3), at(2025, 2, 15, 23));
	assert_int_equal(retention_deadline(at(2023, 12, 31, 0), 6), at(2024, 6, 30, 0));
}

static void deadline_states(void **state)
{
	struct deadline d;
	utc_time_t now = at(2024, 12, 20, 0);
	(void)state;

	deadline_init(&d);
	assert_int_equal(deadline_state(&d, now), DEADLINE_NONE);
	deadline_add(&d, at(2024, 6, 1, 0), now);
	assert_int_equal(deadline_state(&d, now), DEADLINE_PAST);
	assert_int_equal(deadline_value(&d), at(2024, 6, 1, 0));
	deadline_add(&d, at(2025, 6, 1, 0), now);
	assert_int_equal(deadline_state(&d, now), DEADLINE_OPEN);
	deadline_add(&d, at(2025, 1, 19, 0), now); /* 30 days: near */
	assert_int_equal(deadline_state(&d, now), DEADLINE_NEAR);
	assert_int_equal(deadline_value(&d), at(2025, 1, 19, 0));
	deadline_init(&d);
	deadline_add(&d, at(2025, 1, 19, 0) + 1, now);
	assert_int_equal(deadline_state(&d, now), DEADLINE_OPEN);
	assert_string_equal(deadline_state_name(DEADLINE_NEAR), "near");
}

static int cmp(const void *a, const void *b)
{
	return triage_compare(a, b);
}

static void triage_order(void **state)
{
	struct triage_item it[] = {
		{ 1, false, 3, DEADLINE_NONE, TIME_NONE, 500 },
		{ 2, false, 1, DEADLINE_PAST, 100, 900 },
		{ 3, false, 1, DEADLINE_OPEN, 2000, 100 },
		{ 4, true, 5, DEADLINE_NONE, TIME_NONE, 1 },
		{ 5, false, 1, DEADLINE_NEAR, 1500, 50 },
		{ 6, false, 1, DEADLINE_NONE, TIME_NONE, 800 },
		{ 7, false, 1, DEADLINE_NONE, TIME_NONE, 700 },
		{ 8, false, 0, DEADLINE_PAST, 10, 10 },
	};
	const int64_t want[] = { 4, 8, 5, 3, 6, 7, 2, 1 };
	size_t i;
	(void)state;

	qsort(it, sizeof(it) / sizeof(it[0]), sizeof(it[0]), cmp);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_int_equal(it[i].subject_id, want[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keys_fold_spellings),
		cmocka_unit_test(table_and_routing),
		cmocka_unit_test(retention_deadlines),
		cmocka_unit_test(deadline_states),
		cmocka_unit_test(triage_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
