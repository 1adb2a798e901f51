/*
 * Unit tests of the account rows of the store, on either backend: users
 * (unique names, changes that keep what they were not given), failed
 * logins and the lock-out back-off, sessions (a TOTP step used once,
 * touch, logout everywhere), the per-database secret created once; each
 * change audited in its transaction.
 */
#include "storeutil.h"

#include "core/account.h"
#include "store/store.h"

struct fx {
	struct test_db db;
	int base; /* audit entries after setup (the reference sync's) */
};

struct collected {
	int n;
	char objects[16][32];
	char actions[16][32];
};

static int collect(const struct audit_entry *e, void *ctx)
{
	struct collected *c = ctx;

	if (c->n < 16) {
		snprintf(c->objects[c->n], 32, "%s", e->object);
		snprintf(c->actions[c->n], 32, "%s", e->action);
	}
	c->n++;
	return 0;
}

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	struct collected c = { 0 };
	struct err err = ERR_INIT;

	test_db_open(&fx->db, "accounts");
	assert_int_equal(store_audit_list(fx->db.st, NULL, collect, &c, &err), HIM_OK);
	fx->base = c.n;
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

static void verify_ok(struct fx *fx, int64_t expect_checked)
{
	struct err err = ERR_INIT;
	int64_t bad = -1, checked = 0;

	assert_int_equal(store_audit_verify(fx->db.st, &bad, &checked, &err), HIM_OK);
	assert_int_equal(bad, 0);
	assert_int_equal(checked, expect_checked);
}

/* --- accounts, logins, sessions -------------------------------------------------- */

static int64_t add_account(struct fx *fx, const char *name)
{
	struct account a;
	struct err err = ERR_INIT;
	int64_t id;

	account_init(&a);
	snprintf(a.name, sizeof(a.name), "%s", name);
	memcpy(a.role, "court", 6);
	memcpy(a.court, "tpi-sale", 9);
	memcpy(a.lang, "ar", 3);
	a.password_hash = strdup("$argon2id$not-a-real-hash");
	a.totp_secret = strdup("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
	if (store_account_add(fx->db.st, &a, &err) != HIM_OK)
		fail_msg("account add: %s", err.msg);
	id = a.id;
	account_release(&a);
	return id;
}

static void accounts_round_trip(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	struct account a, dup;
	int64_t id = add_account(fx, "alice");
	struct account_change ch = { NULL, NULL, "fr", 1, false };

	account_init(&a);
	assert_int_equal(store_account_get(fx->db.st, "alice", 0, &a, &err), HIM_OK);
	assert_int_equal(a.id, id);
	assert_string_equal(a.court, "tpi-sale");
	assert_string_equal(a.password_hash, "$argon2id$not-a-real-hash");
	assert_int_equal(a.totp_last_step, -1);
	account_release(&a);
	assert_int_equal(store_account_get(fx->db.st, "nobody", 0, &a, &err), HIM_ENOTFOUND);
	/* Names are unique, and must be names. */
	account_init(&dup);
	memcpy(dup.name, "alice", 6);
	memcpy(dup.role, "admin", 6);
	dup.password_hash = strdup("h");
	dup.totp_secret = strdup("s");
	assert_int_equal(store_account_add(fx->db.st, &dup, &err), HIM_ECONFLICT);
	memcpy(dup.name, "Alice X", 8);
	assert_int_equal(store_account_add(fx->db.st, &dup, &err), HIM_EINPUT);
	account_release(&dup);
	/* A change keeps the hash it was not given. */
	assert_int_equal(store_account_change(fx->db.st, "alice", &ch, "user_disable", NULL, &err), HIM_OK);
	assert_int_equal(store_account_get(fx->db.st, NULL, id, &a, &err), HIM_OK);
	assert_true(a.disabled);
	assert_string_equal(a.lang, "fr");
	assert_string_equal(a.password_hash, "$argon2id$not-a-real-hash");
	account_release(&a);
	assert_int_equal(store_account_change(fx->db.st, "nobody", &ch, "user_disable", NULL, &err), HIM_ENOTFOUND);
	verify_ok(fx, fx->base + 2); /* sync, user_add, user_disable */
}

static void failed_logins_lock_with_back_off(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	struct account a;
	int64_t id = add_account(fx, "bob"), until = 0;
	const int64_t now = 1700000000;

	for (int i = 1; i <= 4; i++) {
		assert_int_equal(store_login_failed(fx->db.st, id, "bob", now, 5, "wrong password", "10.0.0.1", &until, &err),
				 HIM_OK);
		assert_int_equal(until, 0);
	}
	assert_int_equal(store_login_failed(fx->db.st, id, "bob", now, 5, "wrong password", NULL, &until, &err), HIM_OK);
	assert_int_equal(until, now + 60);
	assert_int_equal(store_login_failed(fx->db.st, id, "bob", now + 61, 5, "wrong password", NULL, &until, &err), HIM_OK);
	assert_int_equal(until, now + 61 + 120);
	account_init(&a);
	assert_int_equal(store_account_get(fx->db.st, "bob", 0, &a, &err), HIM_OK);
	assert_int_equal(a.failed_count, 6);
	assert_int_equal(a.locked_until, now + 61 + 120);
	account_release(&a);
	/* An unknown name is audited as anonymous. */
	assert_int_equal(store_login_failed(fx->db.st, 0, "eve", now, 5, "unknown user", NULL, NULL, &err), HIM_OK);
	{
		struct collected c = { 0 };
		struct audit_filter f = { "anonymous", NULL, NULL, 0, 0, false, 0 };
		assert_int_equal(store_audit_list(fx->db.st, &f, collect, &c, &err), HIM_OK);
		assert_int_equal(c.n, 1);
		assert_string_equal(c.objects[0], "user:eve");
		assert_string_equal(c.actions[0], "login_failed");
	}
}

static void sessions_and_code_reuse(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	struct session_row s, got;
	struct account a;
	int64_t id = add_account(fx, "carol");

	memset(&s, 0, sizeof(s));
	memset(s.token_hash, 'a', 64);
	s.user_id = id;
	s.created = s.last_used = 1000;
	s.expires = 5000;
	assert_int_equal(store_login_ok(fx->db.st, &s, 42, &err), HIM_OK);
	/* The same TOTP step again (or an older one) is refused, and no
	 * session is created for it. */
	memset(s.token_hash, 'b', 64);
	assert_int_equal(store_login_ok(fx->db.st, &s, 42, &err), HIM_ECONFLICT);
	assert_int_equal(store_session_get(fx->db.st, s.token_hash, &got, &err), HIM_ENOTFOUND);
	assert_int_equal(store_login_ok(fx->db.st, &s, 43, &err), HIM_OK);
	account_init(&a);
	assert_int_equal(store_account_get(fx->db.st, NULL, id, &a, &err), HIM_OK);
	assert_int_equal(a.totp_last_step, 43);
	account_release(&a);
	assert_int_equal(store_session_touch(fx->db.st, s.token_hash, 1234, &err), HIM_OK);
	assert_int_equal(store_session_get(fx->db.st, s.token_hash, &got, &err), HIM_OK);
	assert_int_equal(got.last_used, 1234);
	assert_int_equal(got.user_id, id);
	/* What a signed-in request reads: the session and its account in one
	 * go, without the password hash or the TOTP secret. */
	account_init(&a);
	memset(&got, 0, sizeof(got));
	assert_int_equal(store_session_user_get(fx->db.st, s.token_hash, &got, &a, &err), HIM_OK);
	assert_int_equal(got.last_used, 1234);
	assert_int_equal(got.expires, 5000);
	assert_int_equal(a.id, id);
	assert_string_equal(a.name, "carol");
	assert_string_equal(a.role, "court");
	assert_string_equal(a.court, "tpi-sale");
	assert_int_equal(a.totp_last_step, 43);
	assert_false(a.disabled);
	assert_null(a.password_hash);
	assert_null(a.totp_secret);
	account_release(&a);
	/* Logout everywhere ends both sessions. */
	assert_int_equal(store_session_end(fx->db.st, s.token_hash, true, &err), HIM_OK);
	assert_int_equal(store_session_get(fx->db.st, s.token_hash, &got, &err), HIM_ENOTFOUND);
	account_init(&a);
	assert_int_equal(store_session_user_get(fx->db.st, s.token_hash, &got, &a, &err), HIM_ENOTFOUND);
	account_release(&a);
	memset(s.token_hash, 'a', 64);
	assert_int_equal(store_session_get(fx->db.st, s.token_hash, &got, &err), HIM_ENOTFOUND);
	/* Ending an unknown session is not an error. */
	assert_int_equal(store_session_end(fx->db.st, s.token_hash, false, &err), HIM_OK);
	verify_ok(fx, fx->base + 4); /* sync, user_add, login, login, logout_everywhere */
}

static void secrets_are_created_once(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	unsigned char c1[32], c2[32], out1[32], out2[32];

	memset(c1, 1, sizeof(c1));
	memset(c2, 2, sizeof(c2));
	assert_int_equal(store_secret_get(fx->db.st, "csrf", c1, 32, out1, &err), HIM_OK);
	assert_memory_equal(out1, c1, 32);
	assert_int_equal(store_secret_get(fx->db.st, "csrf", c2, 32, out2, &err), HIM_OK);
	assert_memory_equal(out2, c1, 32);
	/* Another connection (another node) that asks with its own candidate
	 * gets the stored secret too, and so does a second name's first use. */
	{
		struct store *other;

		assert_int_equal(store_open(&other, fx->db.path, &err), HIM_OK);
		memset(out2, 0, sizeof(out2));
		assert_int_equal(store_secret_get(other, "csrf", c2, 32, out2, &err), HIM_OK);
		assert_memory_equal(out2, c1, 32);
		assert_int_equal(store_secret_get(other, "database_id", c2, 32, out2, &err), HIM_OK);
		assert_memory_equal(out2, c2, 32);
		store_close(other);
	}
	assert_int_equal(store_secret_get(fx->db.st, "database_id", c1, 32, out1, &err), HIM_OK);
	assert_memory_equal(out1, c2, 32);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(accounts_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(failed_logins_lock_with_back_off, setup, teardown),
		cmocka_unit_test_setup_teardown(sessions_and_code_reuse, setup, teardown),
		cmocka_unit_test_setup_teardown(secrets_are_created_once, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
