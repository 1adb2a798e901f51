/*
 * Unit tests of the subject store (store_subjects.c, sqlite_subjects.c)
 * on a real SQLite file: the identifier index gives only the reported
 * person's linking identifiers, in key order, and the matches of one
 * referral; the sighting index its neighbours within a window; results
 * written and read back (upsert keeps a needs-port flag; a rebuild
 * forgets); decisions and their audit; same content across subjects.
 */
#include "storeutil.h"

#include <unistd.h>

#include "core/ident.h"
#include "store/store.h"

struct fx {
	struct test_db db;
	int64_t ids[4];
};

static void make(struct referral *r, const char *id)
{
	referral_init(r);
	snprintf(r->platform, sizeof(r->platform), "ncmec");
	r->external_id = strdup(id);
	r->source_file = strdup("test.xml");
	r->source_line = 1;
}

static void add_ip(struct referral *r, const char *ip, utc_time_t at, int port)
{
	struct ident_ip parsed;
	struct ip_event ev;
	struct err err = ERR_INIT;

	if (ident_ip_parse(ip, &parsed, &err) != HIM_OK)
		fail_msg("%s: %s", ip, err.msg);
	ip_event_init(&ev);
	memcpy(ev.ip, parsed.text, sizeof(ev.ip));
	memcpy(ev.addr, parsed.addr, 16);
	ev.at = at;
	ev.port = port;
	assert_true(referral_add_ip_event(r, &ev));
}

static void add_md5(struct referral *r, const char *md5)
{
	struct referral_file f;

	memset(&f, 0, sizeof(f));
	snprintf(f.md5, sizeof(f.md5), "%s", md5);
	assert_true(referral_add_file(r, &f));
}

static int64_t put(struct fx *fx, struct referral *r)
{
	struct scope national = scope_national();
	struct referral_record rec;
	enum referral_outcome out;
	struct err err = ERR_INIT;
	int64_t id;

	if (store_referral_put_one(fx->db.st, &national, r, &out, &err) != HIM_OK)
		fail_msg("put: %s", err.msg);
	referral_record_init(&rec);
	assert_int_equal(store_referral_find(fx->db.st, &national, r->platform, r->external_id, &rec, &err), HIM_OK);
	id = rec.id;
	referral_record_release(&rec);
	referral_release(r);
	return id;
}

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	struct referral r;

	test_db_open(&fx->db, "sub");

	/* 1: reported e-mail, a victim phone, an IP; 2: the same e-mail and
	 * phone as a victim's; 3: the phone as the reported person's, an IP
	 * 20 minutes after 1's; 4: an account without a service, 1's file. */
	make(&r, "1");
	assert_true(referral_add_ident(&r, IDENT_EMAIL, IDENT_ROLE_REPORTED, "a@x.invalid", NULL));
	assert_true(referral_add_ident(&r, IDENT_PHONE, IDENT_ROLE_VICTIM, "+212600000001", NULL));
	add_ip(&r, "105.66.1.1", 1000000, 5000);
	add_md5(&r, "00112233445566778899aabbccddeeff");
	fx->ids[0] = put(fx, &r);
	make(&r, "2");
	assert_true(referral_add_ident(&r, IDENT_EMAIL, IDENT_ROLE_REPORTED, "a@x.invalid", NULL));
	assert_true(referral_add_ident(&r, IDENT_PHONE, IDENT_ROLE_VICTIM, "+212600000001", NULL));
	fx->ids[1] = put(fx, &r);
	make(&r, "3");
	assert_true(referral_add_ident(&r, IDENT_PHONE, IDENT_ROLE_REPORTED, "+212600000001", NULL));
	add_ip(&r, "105.66.1.1", 1000000 + 1200, -1);
	add_ip(&r, "105.66.1.1", 1000000 + 7200, -1);
	fx->ids[2] = put(fx, &r);
	make(&r, "4");
	assert_true(referral_add_ident(&r, IDENT_ESP_ACCOUNT, IDENT_ROLE_REPORTED, "77", NULL));
	add_md5(&r, "00112233445566778899aabbccddeeff");
	fx->ids[3] = put(fx, &r);
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

struct rows {
	char text[8][64];
	int n;
};

static int collect_ident(const struct link_ident_row *row, void *ctx)
{
	struct rows *rs = ctx;

	assert_true(rs->n < 8);
	snprintf(rs->text[rs->n++], 64, "%lld %s %s", (long long)row->referral_id, ident_kind_name(row->kind),
		 row->value);
	return HIM_OK;
}

static void identifier_index(void **state)
{
	struct fx *fx = *state;
	struct rows rs = { .n = 0 };
	struct err err = ERR_INIT;
	char want[64];

	assert_int_equal(store_link_idents_each(fx->db.st, collect_ident, &rs, &err), HIM_OK);
	/* The victim phones and the account without a service are not there. */
	assert_int_equal(rs.n, 3);
	snprintf(want, sizeof(want), "%lld email a@x.invalid", (long long)fx->ids[0]);
	assert_string_equal(rs.text[0], want);
	snprintf(want, sizeof(want), "%lld email a@x.invalid", (long long)fx->ids[1]);
	assert_string_equal(rs.text[1], want);
	snprintf(want, sizeof(want), "%lld phone +212600000001", (long long)fx->ids[2]);
	assert_string_equal(rs.text[2], want);

	rs.n = 0;
	assert_int_equal(store_link_ident_matches(fx->db.st, fx->ids[1], false, collect_ident, &rs, &err), HIM_OK);
	assert_int_equal(rs.n, 1);
	snprintf(want, sizeof(want), "%lld email a@x.invalid", (long long)fx->ids[0]);
	assert_string_equal(rs.text[0], want);
	rs.n = 0;
	/* The reported phone of 3 is only a victim's elsewhere: no match. */
	assert_int_equal(store_link_ident_matches(fx->db.st, fx->ids[2], true, collect_ident, &rs, &err), HIM_OK);
	assert_int_equal(rs.n, 0);
}

static int collect_pair(const struct link_ip_event *mine, const struct link_ip_event *other, void *ctx)
{
	struct rows *rs = ctx;

	snprintf(rs->text[rs->n++], 64, "%lld@%lld %lld@%lld p%d", (long long)mine->referral_id,
		 (long long)(mine->at - 1000000), (long long)other->referral_id,
		 (long long)(other->at - 1000000), other->port);
	return HIM_OK;
}

static void sighting_index(void **state)
{
	struct fx *fx = *state;
	struct rows rs = { .n = 0 };
	struct err err = ERR_INIT;
	char want[64];

	assert_int_equal(store_link_ip_neighbours(fx->db.st, fx->ids[0], 3600, collect_pair, &rs, &err), HIM_OK);
	assert_int_equal(rs.n, 1); /* the sighting two hours later is outside the window */
	snprintf(want, sizeof(want), "%lld@0 %lld@1200 p-1", (long long)fx->ids[0], (long long)fx->ids[2]);
	assert_string_equal(rs.text[0], want);
	rs.n = 0;
	assert_int_equal(store_link_ip_neighbours(fx->db.st, fx->ids[0], 7200, collect_pair, &rs, &err), HIM_OK);
	assert_int_equal(rs.n, 2);
}

struct member_rows {
	int64_t sub[8];
	bool np[8];
	int n;
};

static int collect_member(int64_t referral_id, int64_t subject_id, bool needs_port, void *ctx)
{
	struct member_rows *m = ctx;
	(void)referral_id;

	m->sub[m->n] = subject_id;
	m->np[m->n++] = needs_port;
	return HIM_OK;
}

static int count_same(int64_t other_subject, int64_t other_referral, const char *kind, const char *hash, void *ctx)
{
	(void)other_subject;
	(void)kind;
	(void)hash;
	*(int64_t *)ctx = other_referral;
	return HIM_OK;
}

static void results_round_trip(void **state)
{
	struct fx *fx = *state;
	struct subject_update up;
	struct member_rows m = { .n = 0 };
	struct err err = ERR_INIT;
	int64_t window, same = 0, decision = 0;
	int i;

	assert_int_equal(store_link_window(fx->db.st, &window, &err), HIM_OK);
	assert_int_equal(window, -1);
	subject_update_init(&up);
	up.rebuild = true;
	up.window = 3600;
	for (i = 0; i < 4; i++)
		subject_update_assign(&up, fx->ids[i], i < 2 ? fx->ids[0] : fx->ids[i], i == 2);
	subject_update_link(&up, fx->ids[0], fx->ids[1], "email", "a@x.invalid", NULL, NULL, 0);
	assert_int_equal(store_subjects_write(fx->db.st, &up, &err), HIM_OK);
	subject_update_release(&up);
	assert_int_equal(store_link_window(fx->db.st, &window, &err), HIM_OK);
	assert_int_equal(window, 3600);
	assert_int_equal(store_subject_members(fx->db.st, 0, collect_member, &m, &err), HIM_OK);
	assert_int_equal(m.n, 4);
	assert_int_equal(m.sub[1], fx->ids[0]);
	assert_true(m.np[2]);

	/* An incremental write: the flag of 3 is kept though not set again. */
	subject_update_init(&up);
	up.window = 3600;
	subject_update_assign(&up, fx->ids[2], fx->ids[0], false);
	assert_int_equal(store_subjects_write(fx->db.st, &up, &err), HIM_OK);
	subject_update_release(&up);
	m.n = 0;
	assert_int_equal(store_subject_members(fx->db.st, fx->ids[0], collect_member, &m, &err), HIM_OK);
	assert_int_equal(m.n, 3);
	assert_true(m.np[2]);

	/* A new referral with 1's e-mail: per subject, 1 and 2 are one row
	 * (the smallest); without, each referral is one. */
	{
		struct referral r;
		struct rows rs = { .n = 0 };
		int64_t id5;

		make(&r, "5");
		assert_true(referral_add_ident(&r, IDENT_EMAIL, IDENT_ROLE_REPORTED, "a@x.invalid", NULL));
		id5 = put(fx, &r);
		assert_int_equal(store_link_ident_matches(fx->db.st, id5, true, collect_ident, &rs, &err), HIM_OK);
		assert_int_equal(rs.n, 1);
		assert_int_equal(strtoll(rs.text[0], NULL, 10), fx->ids[0]);
		rs.n = 0;
		assert_int_equal(store_link_ident_matches(fx->db.st, id5, false, collect_ident, &rs, &err), HIM_OK);
		assert_int_equal(rs.n, 2);
	}

	/* Same content: 4 shares 1's file from another subject. */
	assert_int_equal(store_subject_same_content(fx->db.st, fx->ids[0], count_same, &same, &err), HIM_OK);
	assert_int_equal(same, fx->ids[3]);

	/* A decision with both sides, audited; one side empty is refused. */
	assert_int_equal(store_subject_decision_add(fx->db.st, "split", &fx->ids[0], 1, &fx->ids[2], 1, "x", &decision,
						    &err), HIM_OK);
	assert_true(decision > 0);
	assert_int_equal(store_subject_decision_add(fx->db.st, "split", &fx->ids[0], 1, NULL, 0, NULL, &decision, &err),
			 HIM_EINPUT);
	assert_int_equal(store_subject_decision_add(fx->db.st, "join", &fx->ids[0], 1, &fx->ids[1], 1, NULL, &decision,
						    &err), HIM_EUSAGE);

	/* A rebuild forgets everything before writing. */
	subject_update_init(&up);
	up.rebuild = true;
	up.window = 600;
	subject_update_assign(&up, fx->ids[0], fx->ids[0], false);
	assert_int_equal(store_subjects_write(fx->db.st, &up, &err), HIM_OK);
	subject_update_release(&up);
	m.n = 0;
	assert_int_equal(store_subject_members(fx->db.st, 0, collect_member, &m, &err), HIM_OK);
	assert_int_equal(m.n, 5);
	assert_int_equal(m.sub[1], 0); /* not linked any more */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(identifier_index, setup, teardown),
		cmocka_unit_test_setup_teardown(sighting_index, setup, teardown),
		cmocka_unit_test_setup_teardown(results_round_trip, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
