/*
 * Unit tests of the difficulties in the store, on either backend: the
 * district taken from the judicial map, reading within scopes (a court
 * its own, a district its courts', national all, a police unit none),
 * the fields as written (Arabic, several lines, times in the store's
 * ISO form), answering and closing, an unknown id, the audit entries, and
 * the triggers that keep a court's text unchanged and every row.
 */
#include "storeutil.h"

#include <sqlite3.h>

#include "store/store.h"

struct fx {
	struct test_db db;
};

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	test_db_open(&fx->db, "difficulties");
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

/* Run SQL from a second connection, as someone with the database's
 * credentials would; 0 when it ran. */
static int raw_sql(struct fx *fx, const char *sql)
{
	sqlite3 *db;
	PGconn *c;
	PGresult *r;
	int rc;

	if (test_db_is_pg()) {
		c = PQconnectdb(fx->db.path);
		if (PQstatus(c) != CONNECTION_OK)
			fail_msg("%s: %s", fx->db.path, PQerrorMessage(c));
		r = PQexec(c, sql);
		rc = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : 1;
		PQclear(r);
		PQfinish(c);
		return rc;
	}
	assert_int_equal(sqlite3_open(fx->db.path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 2000);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

static int64_t add(struct fx *fx, const char *actor, const char *court, const char *title, const char *body)
{
	struct err err = ERR_INIT;
	int64_t id = 0;

	store_set_actor(fx->db.st, actor);
	if (store_difficulty_add(fx->db.st, court, title, body, &id, &err) != HIM_OK)
		fail_msg("difficulty add: %s", err.msg);
	return id;
}

/* "YYYY-MM-DDTHH:MM:SSZ" */
static bool iso_time(const char *s)
{
	if (!s || strlen(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
	    s[19] != 'Z')
		return false;
	for (int i = 0; i < 19; i++)
		if ((i == 4 || i == 7 || i == 10 || i == 13 || i == 16) ? false : (s[i] < '0' || s[i] > '9'))
			return false;
	return true;
}

static size_t list_n(struct fx *fx, struct scope scope, int64_t *first)
{
	struct difficulty_list l;
	struct err err = ERR_INIT;
	size_t n;

	difficulty_list_init(&l);
	assert_int_equal(store_difficulty_list(fx->db.st, &scope, &l, &err), HIM_OK);
	n = l.n;
	if (first)
		*first = n ? l.items[0].id : 0;
	difficulty_list_release(&l);
	return n;
}

static void scopes(void **state)
{
	struct fx *fx = *state;
	int64_t sale, rabat, marr, first;

	sale = add(fx, "sale", "tpi-sale", "t1", "b1");
	rabat = add(fx, "ca", "ca-rabat", "t2", "b2");
	marr = add(fx, "marr", "tpi-marrakech", "t3", "b3");
	assert_true(sale < rabat && rabat < marr);
	/* National: all, newest first. */
	assert_int_equal(list_n(fx, scope_national(), &first), 3);
	assert_int_equal(first, marr);
	/* A district: its first-instance courts' and its own. */
	assert_int_equal(list_n(fx, scope_district("ca-rabat"), &first), 2);
	assert_int_equal(first, rabat);
	assert_int_equal(list_n(fx, scope_district("ca-marrakech"), &first), 1);
	assert_int_equal(first, marr);
	/* A court: its own only. */
	assert_int_equal(list_n(fx, scope_court("tpi-sale"), &first), 1);
	assert_int_equal(first, sale);
	assert_int_equal(list_n(fx, scope_court("tpi-rabat"), NULL), 0);
	/* A police unit: none. */
	assert_int_equal(list_n(fx, scope_unit("dgsn", "x"), NULL), 0);
}

static void fields_answer_close(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	struct difficulty d;
	struct scope court = scope_court("tpi-sale"), other = scope_court("tpi-marrakech");
	struct scope district = scope_district("ca-rabat"), national = scope_national();
	const char *body = "لم نتوصل بالمعطيات التقنية.\nالسطر الثاني";
	int64_t id = add(fx, "sale", "tpi-sale", "تأخر أجوبة المنصة", body);

	difficulty_init(&d);
	assert_int_equal(store_difficulty_get(fx->db.st, &court, id, &d, &err), HIM_OK);
	assert_int_equal(d.id, id);
	assert_string_equal(d.court, "tpi-sale");
	assert_string_equal(d.district, "ca-rabat");
	assert_string_equal(d.title, "تأخر أجوبة المنصة");
	assert_string_equal(d.body, body);
	assert_string_equal(d.author, "sale");
	assert_true(iso_time(d.created_at));
	assert_int_equal(d.status, DIFFICULTY_OPEN);
	assert_null(d.answer);
	assert_null(d.answered_by);
	assert_null(d.answered_at);
	difficulty_release(&d);
	/* Out of scope is as good as missing. */
	difficulty_init(&d);
	assert_int_equal(store_difficulty_get(fx->db.st, &other, id, &d, &err), HIM_ENOTFOUND);
	assert_int_equal(store_difficulty_get(fx->db.st, &national, id + 100, &d, &err), HIM_ENOTFOUND);
	difficulty_release(&d);

	/* The Presidency answers... */
	store_set_actor(fx->db.st, "pres");
	assert_int_equal(store_difficulty_answer(fx->db.st, id, "تمت مراسلة المنصة.", &err), HIM_OK);
	difficulty_init(&d);
	assert_int_equal(store_difficulty_get(fx->db.st, &district, id, &d, &err), HIM_OK);
	assert_int_equal(d.status, DIFFICULTY_ANSWERED);
	assert_string_equal(d.answer, "تمت مراسلة المنصة.");
	assert_string_equal(d.answered_by, "pres");
	assert_true(iso_time(d.answered_at));
	assert_string_equal(d.title, "تأخر أجوبة المنصة"); /* the court's text is kept */
	difficulty_release(&d);
	/* ... and closes: the answer stays. */
	assert_int_equal(store_difficulty_close(fx->db.st, id, &err), HIM_OK);
	difficulty_init(&d);
	assert_int_equal(store_difficulty_get(fx->db.st, &national, id, &d, &err), HIM_OK);
	assert_int_equal(d.status, DIFFICULTY_CLOSED);
	assert_string_equal(d.answer, "تمت مراسلة المنصة.");
	assert_string_equal(d.answered_by, "pres");
	difficulty_release(&d);
}

struct actions {
	char seen[256];
};

static int collect_actions(const struct audit_entry *e, void *ctx)
{
	struct actions *a = ctx;
	size_t len = strlen(a->seen);

	snprintf(a->seen + len, sizeof(a->seen) - len, "%s%s", len ? "," : "", e->action);
	return 0;
}

static void unknown_and_refused(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	struct audit_filter f;
	struct actions a = { "" };
	int64_t bad = -1, id;

	id = add(fx, "sale", "tpi-sale", "t", "b");
	store_set_actor(fx->db.st, "pres");
	assert_int_equal(store_difficulty_answer(fx->db.st, id + 1, "x", &err), HIM_ENOTFOUND);
	assert_non_null(strstr(err.msg, "no difficulty"));
	assert_int_equal(store_difficulty_close(fx->db.st, id + 1, &err), HIM_ENOTFOUND);
	assert_int_equal(store_difficulty_answer(fx->db.st, id, "", &err), HIM_EINPUT);
	assert_int_equal(store_difficulty_add(fx->db.st, "tpi-nowhere", "t", "b", NULL, &err), HIM_EINPUT);
	assert_int_equal(store_difficulty_add(fx->db.st, "tpi-sale", "", "b", NULL, &err), HIM_EINPUT);
	assert_int_equal(store_difficulty_add(fx->db.st, "tpi-sale", "a\nb", "b", NULL, &err), HIM_EINPUT);
	assert_int_equal(list_n(fx, scope_national(), NULL), 1);
	/* Only what was done is audited: one add, no refused move. */
	assert_int_equal(store_difficulty_close(fx->db.st, id, &err), HIM_OK);
	memset(&f, 0, sizeof(f));
	f.object = "difficulty:1";
	assert_int_equal(id, 1);
	assert_int_equal(store_audit_list(fx->db.st, &f, collect_actions, &a, &err), HIM_OK);
	assert_string_equal(a.seen, "difficulty_add,difficulty_close");
	assert_int_equal(store_audit_verify(fx->db.st, &bad, NULL, &err), HIM_OK);
	assert_int_equal(bad, 0);
	/* The database itself keeps the court's text and every row. */
	assert_int_not_equal(raw_sql(fx, "UPDATE difficulties SET title = 'changed' WHERE id = 1"), 0);
	assert_int_not_equal(raw_sql(fx, "UPDATE difficulties SET body = 'changed', status = 'open' WHERE id = 1"), 0);
	assert_int_not_equal(raw_sql(fx, "DELETE FROM difficulties WHERE id = 1"), 0);
	assert_int_equal(raw_sql(fx, "UPDATE difficulties SET status = 'answered' WHERE id = 1"), 0);
	assert_int_equal(list_n(fx, scope_national(), NULL), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(scopes, setup, teardown),
		cmocka_unit_test_setup_teardown(fields_answer_close, setup, teardown),
		cmocka_unit_test_setup_teardown(unknown_and_refused, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
