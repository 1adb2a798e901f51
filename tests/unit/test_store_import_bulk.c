/*
 * Unit tests of a large import (one whose file is big next to the
 * referrals stored: backend.h's import_bulk_begin), on either backend
 * (storeutil.h). The backend may set indexes aside and answer "not stored"
 * from memory (PostgreSQL: pg_import_bulk.c), and sends its rows on a
 * thread while the import reads on (pg_referral_send.c); none of it may
 * change an outcome:
 *   - a referral another process stored between two batches of the import
 *     is found by the next batch (a duplicate, or a supplement), never
 *     stored twice;
 *   - a row the database refuses in a piece sent mid-batch fails that
 *     batch, with nothing of it kept, and the next batch works;
 *   - at the end of the import, the referrals and the queries that use the
 *     indexes set aside answer as before.
 */
#include "storeutil.h"

#include "core/ident.h"
#include "store/store.h"

struct fx {
	struct test_db db;
	struct store *other; /* a second connection, as another process */
};

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	struct err err = ERR_INIT;

	test_db_open(&fx->db, "bulk");
	if (store_open(&fx->other, fx->db.path, &err) != HIM_OK)
		fail_msg("second store_open: %s", err.msg);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;

	store_close(fx->other);
	test_db_close(&fx->db);
	free(fx);
	return 0;
}

/* A whole report weighing about 4 kB (its notes), with one address. */
static void report(struct referral *r, int i, const char *priority)
{
	char id[32], email[64], notes[4001];
	struct ident_ip parsed;
	struct ip_event ev;
	struct err err = ERR_INIT;
	char ip[32];

	referral_init(r);
	memcpy(r->platform, "ncmec", 6);
	snprintf(id, sizeof(id), "B-%d", i);
	r->external_id = strdup(id);
	r->source_file = strdup("bulk.xml");
	r->source_line = i + 1;
	r->priority = strdup(priority);
	r->received_at = 1646388672 + i;
	memset(notes, 'a' + i % 26, sizeof(notes) - 1);
	notes[sizeof(notes) - 1] = '\0';
	r->notes = strdup(notes);
	snprintf(email, sizeof(email), "b%d@example.invalid", i);
	assert_true(referral_add_ident(r, IDENT_EMAIL, IDENT_ROLE_REPORTED, email, NULL));
	snprintf(ip, sizeof(ip), "41.%d.%d.7", 100 + i / 250, i % 250);
	if (ident_ip_parse(ip, &parsed, &err) != HIM_OK)
		fail_msg("%s: %s", ip, err.msg);
	ip_event_init(&ev);
	memcpy(ev.ip, parsed.text, sizeof(ev.ip));
	memcpy(ev.addr, parsed.addr, 16);
	ev.v6 = parsed.v6;
	ev.at = 1646172240 + i;
	ev.port = 443;
	memcpy(ev.event, "Login", 6);
	assert_true(referral_add_ip_event(r, &ev));
}

static int64_t import_begin(struct store *st, const char *sha)
{
	struct scope national = scope_national();
	struct import_log log;
	struct err err = ERR_INIT;

	/* 1 GB announced: far more than the (empty) database holds. */
	if (store_import_begin(st, &national, "ncmec-xml", "bulk.xml", sha, INT64_C(1) << 30, &log, &err) != HIM_OK)
		fail_msg("import: %s", err.msg);
	return log.id;
}

static void import_finish(struct store *st, int64_t id)
{
	struct import_counts counts;
	struct err err = ERR_INIT;

	memset(&counts, 0, sizeof(counts));
	if (store_import_finish(st, id, &counts, &err) != HIM_OK)
		fail_msg("import finish: %s", err.msg);
}

static int64_t count(struct store *st, const char *ip_cidr)
{
	struct referral_filter f;
	struct err err = ERR_INIT;

	referral_filter_init(&f);
	if (ip_cidr && referral_filter_ip(&f, ip_cidr, &err) != HIM_OK)
		fail_msg("%s: %s", ip_cidr, err.msg);
	return test_referral_count(st, &f);
}

static void another_writer_between_batches(void **state)
{
	struct fx *fx = *state;
	struct scope national = scope_national();
	enum referral_outcome out;
	struct referral_batch *b;
	struct referral r;
	struct err err = ERR_INIT;
	int64_t id = import_begin(fx->db.st, "b1");

	b = test_referral_batch(fx->db.st, id);
	for (int i = 0; i < 3; i++) {
		report(&r, i, "2");
		assert_int_equal(test_referral_put(b, &r), REFERRAL_IMPORTED);
	}
	test_referral_commit(b);

	/* Between two batches of the import, another process stores two. */
	report(&r, 10, "2");
	assert_int_equal(store_referral_put_one(fx->other, &national, &r, &out, &err), HIM_OK);
	referral_release(&r);
	assert_int_equal(out, REFERRAL_IMPORTED);
	report(&r, 11, "2");
	assert_int_equal(store_referral_put_one(fx->other, &national, &r, &out, &err), HIM_OK);
	referral_release(&r);

	/* The import's next batch knows them: the same report is a duplicate,
	 * another content a supplement; and its own first batch's too. */
	b = test_referral_batch(fx->db.st, id);
	report(&r, 10, "2");
	assert_int_equal(test_referral_put(b, &r), REFERRAL_DUPLICATE);
	report(&r, 11, "1");
	assert_int_equal(test_referral_put(b, &r), REFERRAL_UPDATED);
	report(&r, 1, "2");
	assert_int_equal(test_referral_put(b, &r), REFERRAL_DUPLICATE);
	report(&r, 12, "2");
	assert_int_equal(test_referral_put(b, &r), REFERRAL_IMPORTED);
	test_referral_commit(b);
	import_finish(fx->db.st, id);
	assert_true(count(fx->db.st, NULL) == 6);
	assert_true(count(fx->other, NULL) == 6);
}

#define NREPORTS 1500 /* about 6 MB of notes: pieces sent mid-batch */

static void a_refused_piece_fails_its_batch(void **state)
{
	struct fx *fx = *state;
	struct referral_batch *b;
	struct referral r;
	struct err err = ERR_INIT;
	int64_t id = import_begin(fx->db.st, "b2");
	int rc = HIM_OK, i;

	b = test_referral_batch(fx->db.st, id);
	report(&r, 0, "2");
	test_referral_put(b, &r);
	test_referral_commit(b);

	/* An import that does not exist: every referral breaks the foreign
	 * key; whether the database says so at a put, at a piece sent on the
	 * side or at the commit, the batch fails with a conflict. */
	b = test_referral_batch(fx->db.st, 424242);
	for (i = 1; i <= NREPORTS && rc == HIM_OK; i++) {
		report(&r, i, "2");
		rc = store_referral_put(b, &r, NULL, &err);
		referral_release(&r);
	}
	if (rc == HIM_OK)
		rc = store_referral_batch_commit(b, 0, NULL, &err);
	else
		store_referral_batch_abort(b);
	assert_int_equal(rc, HIM_ECONFLICT);
	assert_true(strlen(err.msg) > 0);
	assert_true(count(fx->db.st, NULL) == 1);

	/* The next batch of the import works, and numbers on from 2. */
	b = test_referral_batch(fx->db.st, id);
	for (i = 1; i <= NREPORTS; i++) {
		report(&r, i, "2");
		assert_int_equal(test_referral_put(b, &r), REFERRAL_IMPORTED);
	}
	test_referral_commit(b);
	import_finish(fx->db.st, id);
	assert_true(count(fx->db.st, NULL) == NREPORTS + 1);
	/* The addresses 41.100.0.0/16 hold reports 0-249 (the address index,
	 * set aside during the import, is back or never left). */
	assert_true(count(fx->db.st, "41.100.0.0/16") == 250);
	assert_true(count(fx->other, "41.100.0.0/16") == 250);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(another_writer_between_batches, setup, teardown),
		cmocka_unit_test_setup_teardown(a_refused_piece_fails_its_batch, setup, teardown),
	};

	return cmocka_run_group_tests_name("store_import_bulk", tests, NULL, NULL);
}
