/*
 * Unit tests of the case query builder (src/store/query.c) that both
 * backends share: the same conditions in each dialect's placeholders ("?"
 * for SQLite, "$1", "$2", ... in order for PostgreSQL), the values in the
 * same order, and no query without its scope.
 */
#include "testutil.h"

#include "store/query.h"

static void build(struct query *q, const struct scope *scope, const struct case_filter *f)
{
	strbuf_adds(&q->sql, "SELECT 1 FROM cases c WHERE 1 = 1");
	scope_sql(q, scope);
	filter_sql(q, f);
}

static void same_conditions_in_both_dialects(void **state)
{
	(void)state;
	struct query sq = QUERY_INIT, pg = QUERY_INIT_PG;
	struct scope court = scope_court("tpi-sale");
	struct case_filter f;

	case_filter_init(&f);
	f.year = 2022;
	f.platform = "ncmec";
	f.decision = "";
	f.stages = (1u << STAGE_PROSECUTED) | (1u << STAGE_FIRST_JUDGED);
	f.after_id = 41;
	build(&sq, &court, &f);
	build(&pg, &court, &f);
	assert_string_equal(sq.sql.buf,
			    "SELECT 1 FROM cases c WHERE 1 = 1 AND c.court = ? AND c.registered >= ?"
			    " AND c.registered < ?"
			    " AND EXISTS (SELECT 1 FROM case_platforms p WHERE p.case_id = c.id AND p.platform = ?)"
			    " AND coalesce(c.decision, '') = ? AND c.stage IN (?, ?) AND c.id > ?");
	assert_string_equal(pg.sql.buf,
			    "SELECT 1 FROM cases c WHERE 1 = 1 AND c.court = $1 AND c.registered >= $2"
			    " AND c.registered < $3"
			    " AND EXISTS (SELECT 1 FROM case_platforms p WHERE p.case_id = c.id AND p.platform = $4)"
			    " AND coalesce(c.decision, '') = $5 AND c.stage IN ($6, $7) AND c.id > $8");
	/* The same values, in the same order, whatever the dialect. */
	assert_int_equal(sq.n, 8);
	assert_int_equal(pg.n, 8);
	for (int i = 0; i < sq.n; i++) {
		assert_int_equal(sq.binds[i].type, pg.binds[i].type);
		assert_int_equal(sq.binds[i].num, pg.binds[i].num);
		assert_ptr_equal(sq.binds[i].text, pg.binds[i].text);
	}
	assert_string_equal(pg.binds[0].text, "tpi-sale");
	assert_int_equal(pg.binds[1].type, BIND_DATE);
	assert_int_equal(pg.binds[1].num, date_from_ymd(2022, 1, 1));
	assert_int_equal(pg.binds[2].num, date_from_ymd(2023, 1, 1));
	assert_string_equal(pg.binds[3].text, "ncmec");
	assert_string_equal(pg.binds[4].text, "");
	assert_string_equal(pg.binds[5].text, case_stage_name(STAGE_PROSECUTED));
	assert_string_equal(pg.binds[6].text, case_stage_name(STAGE_FIRST_JUDGED));
	assert_int_equal(pg.binds[7].type, BIND_INT);
	assert_int_equal(pg.binds[7].num, 41);
	query_release(&sq);
	query_release(&pg);
}

static void every_scope_restricts(void **state)
{
	(void)state;
	struct case_filter f;
	struct scope national = scope_national(), district = scope_district("ca-rabat");
	struct scope unit = scope_unit("dgsn", "الفرقة الجهوية");
	struct query q = QUERY_INIT_PG;

	case_filter_init(&f);
	build(&q, &national, &f);
	assert_string_equal(q.sql.buf, "SELECT 1 FROM cases c WHERE 1 = 1");
	assert_int_equal(q.n, 0);
	query_release(&q);

	q = (struct query)QUERY_INIT_PG;
	build(&q, &district, &f);
	assert_string_equal(q.sql.buf, "SELECT 1 FROM cases c WHERE 1 = 1 AND c.district = $1");
	assert_string_equal(q.binds[0].text, "ca-rabat");
	query_release(&q);

	/* A unit's query names its body and its unit; the numbering goes on
	 * into the filter's conditions. */
	f.to = date_from_ymd(2022, 12, 31);
	q = (struct query)QUERY_INIT_PG;
	build(&q, &unit, &f);
	assert_string_equal(q.sql.buf, "SELECT 1 FROM cases c WHERE 1 = 1 AND c.body = $1 AND c.unit = $2"
				       " AND c.registered <= $3");
	assert_string_equal(q.binds[0].text, "dgsn");
	assert_string_equal(q.binds[1].text, "الفرقة الجهوية");
	assert_int_equal(q.binds[2].num, date_from_ymd(2022, 12, 31));
	query_release(&q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_conditions_in_both_dialects),
		cmocka_unit_test(every_scope_restricts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
