/*
 * Unit tests of the courts a reader's triage queue covers
 * (triage_scope_courts in app/triage.c), on a real database of either
 * backend: the Presidency every subject, a First Instance Court its own,
 * a Court of Appeal the First Instance Courts of its district as the map
 * has them now (never itself, never another district's), a police unit
 * the courts of its cases (none before its first case).
 */
#include "storeutil.h"

#include "app/triage.h"
#include "store/store.h"

static struct test_db db;

static int setup(void **state)
{
	(void)state;
	test_db_open(&db, "triage");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	test_db_close(&db);
	return 0;
}

static bool has(const struct triage_courts *c, const char *code)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->code[i], code) == 0)
			return true;
	return false;
}

static void courts_of(const struct scope *s, struct triage_courts *out, bool *all)
{
	struct err err = ERR_INIT;

	triage_courts_init(out);
	if (triage_scope_courts(db.st, s, out, all, &err) != HIM_OK)
		fail_msg("%s", err.msg);
}

static void national_sees_all(void **state)
{
	struct scope s = scope_national();
	struct triage_courts c;
	bool all = false;
	(void)state;

	courts_of(&s, &c, &all);
	assert_true(all);
	assert_int_equal(c.n, 0);
	triage_courts_release(&c);
}

static void a_court_its_own(void **state)
{
	struct scope s = scope_court("tpi-sale");
	struct triage_courts c;
	bool all = true;
	(void)state;

	courts_of(&s, &c, &all);
	assert_false(all);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.code[0], "tpi-sale");
	triage_courts_release(&c);
}

static void a_district_its_first_instance_courts(void **state)
{
	struct scope s = scope_district("ca-rabat");
	const struct court_map *map = store_court_map(db.st);
	struct triage_courts c;
	bool all = true;
	(void)state;

	courts_of(&s, &c, &all);
	assert_false(all);
	assert_true(has(&c, "tpi-rabat"));
	assert_true(has(&c, "tpi-sale"));
	assert_true(has(&c, "tpi-temara"));
	assert_false(has(&c, "ca-rabat"));  /* subjects go to First Instance Courts only */
	assert_false(has(&c, "tpi-fes"));   /* another district */
	assert_false(has(&c, "tpi-casablanca-penal"));
	for (size_t i = 0; i < c.n; i++) {
		const struct court_term *t = court_map_latest(map, c.code[i]);

		assert_non_null(t);
		assert_int_equal(t->kind, COURT_FIRST);
		assert_string_equal(t->appeal_court, "ca-rabat");
		for (size_t k = 0; k < i; k++) /* each court once, whatever its terms */
			assert_string_not_equal(c.code[k], c.code[i]);
	}
	triage_courts_release(&c);
}

static void a_unit_the_courts_of_its_cases(void **state)
{
	struct scope unit = scope_unit("dgsn", "BRPJ Salé");
	struct scope national = scope_national();
	struct triage_courts c;
	struct case_record k;
	struct err err = ERR_INIT;
	bool all = true;
	(void)state;

	courts_of(&unit, &c, &all);
	assert_false(all);
	assert_int_equal(c.n, 0); /* no case yet: no court, an empty queue */
	triage_courts_release(&c);

	case_record_init(&k);
	memcpy(k.court, "tpi-sale", sizeof("tpi-sale"));
	k.file_number = strdup("2024/1/1");
	k.registered = D("2024-03-01");
	memcpy(k.body, "dgsn", sizeof("dgsn"));
	k.unit = strdup("BRPJ Salé");
	code_list_add(&k.subjects, "csam_distribution");
	code_list_parse(&k.platforms, "ncmec");
	if (store_case_open(db.st, &national, &k, D("2024-12-20"), &err) != HIM_OK)
		fail_msg("%s", err.msg);
	case_record_release(&k);

	courts_of(&unit, &c, &all);
	assert_false(all);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.code[0], "tpi-sale");
	triage_courts_release(&c);

	/* Another body's unit of the same name has no case. */
	unit = scope_unit("gr", "BRPJ Salé");
	courts_of(&unit, &c, &all);
	assert_int_equal(c.n, 0);
	triage_courts_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(national_sees_all),
		cmocka_unit_test(a_court_its_own),
		cmocka_unit_test(a_district_its_first_instance_courts),
		cmocka_unit_test(a_unit_the_courts_of_its_cases),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
