/*
 * Unit tests of core/link_exclude.c: values are matched in the form the
 * importers store them, a service scopes an account, the fingerprint
 * follows the list's content and not its order, and what cannot be an
 * excluded value is refused with the reason.
 */
#include "testutil.h"

#include <string.h>

#include "core/link_exclude.h"

static void values_match_as_imported(void **state)
{
	struct link_exclusions x;
	struct err err = ERR_INIT;
	(void)state;

	link_exclusions_init(&x);
	assert_false(link_exclusions_has(&x, IDENT_EMAIL, "a@b.example", ""));
	assert_int_equal(link_exclusions_add(&x, "email", " Unknown@Unknown.COM ", NULL, &err), HIM_OK);
	assert_int_equal(link_exclusions_add(&x, "phone", "06 00 00 00 00", "", &err), HIM_OK);
	assert_int_equal(link_exclusions_add(&x, "p2p_guid", "{01234567-89ab-cdef-0123-456789abcdef}", NULL, &err), HIM_OK);
	assert_true(link_exclusions_has(&x, IDENT_EMAIL, "unknown@unknown.com", ""));
	assert_true(link_exclusions_has(&x, IDENT_PHONE, "+212600000000", ""));
	assert_true(link_exclusions_has(&x, IDENT_P2P_GUID, "0123456789ABCDEF0123456789ABCDEF", ""));
	/* The same text as another kind is not excluded. */
	assert_false(link_exclusions_has(&x, IDENT_SCREEN_NAME, "unknown@unknown.com", "chat"));
	assert_false(link_exclusions_has(&x, IDENT_EMAIL, "unknown@unknown.co", ""));
	assert_int_equal(x.n, 3);
	/* Given again, written otherwise: kept once. */
	assert_int_equal(link_exclusions_add(&x, "email", "UNKNOWN@unknown.com", NULL, &err), HIM_OK);
	assert_int_equal(x.n, 3);
	link_exclusions_release(&x);
	assert_false(link_exclusions_has(NULL, IDENT_EMAIL, "unknown@unknown.com", ""));
}

static void a_service_scopes_an_account(void **state)
{
	struct link_exclusions x;
	struct err err = ERR_INIT;
	(void)state;

	link_exclusions_init(&x);
	assert_int_equal(link_exclusions_add(&x, "esp_account", "support", "Example Chat", &err), HIM_OK);
	assert_true(link_exclusions_has(&x, IDENT_ESP_ACCOUNT, "support", "example chat"));
	assert_false(link_exclusions_has(&x, IDENT_ESP_ACCOUNT, "support", "otherapp"));
	assert_false(link_exclusions_has(&x, IDENT_ESP_ACCOUNT, "Support", "example chat"));
	/* Without a service: every service, beside the scoped entry. */
	assert_int_equal(link_exclusions_add(&x, "screen_name", "admin", NULL, &err), HIM_OK);
	assert_int_equal(link_exclusions_add(&x, "screen_name", "admin", "zeta", &err), HIM_OK);
	assert_true(link_exclusions_has(&x, IDENT_SCREEN_NAME, "admin", "otherapp"));
	assert_true(link_exclusions_has(&x, IDENT_SCREEN_NAME, "admin", "zeta"));
	assert_false(link_exclusions_has(&x, IDENT_ESP_ACCOUNT, "admin", "zeta"));
	link_exclusions_release(&x);
}

static void fingerprint_follows_content_not_order(void **state)
{
	struct link_exclusions a, b;
	struct err err = ERR_INIT;
	int64_t fa, fb;
	(void)state;

	link_exclusions_init(&a);
	link_exclusions_init(&b);
	assert_int_equal(link_exclusions_fingerprint(&a), 0);
	assert_int_equal(link_exclusions_add(&a, "email", "x@y.example", NULL, &err), HIM_OK);
	assert_int_equal(link_exclusions_add(&a, "esp_account", "42", "chat", &err), HIM_OK);
	assert_int_equal(link_exclusions_add(&b, "esp_account", "42", "Chat", &err), HIM_OK);
	assert_int_equal(link_exclusions_add(&b, "email", "X@Y.example", NULL, &err), HIM_OK);
	fa = link_exclusions_fingerprint(&a);
	fb = link_exclusions_fingerprint(&b);
	assert_true(fa > 0);
	assert_true(fa < (INT64_C(1) << 62));
	assert_int_equal(fa, fb);
	/* One more value, or the same value in another service: another number. */
	assert_int_equal(link_exclusions_add(&b, "phone", "+212611111111", NULL, &err), HIM_OK);
	assert_int_not_equal(link_exclusions_fingerprint(&b), fa);
	link_exclusions_release(&b);
	link_exclusions_init(&b);
	assert_int_equal(link_exclusions_add(&b, "email", "x@y.example", NULL, &err), HIM_OK);
	assert_int_equal(link_exclusions_add(&b, "esp_account", "42", "otherapp", &err), HIM_OK);
	assert_int_not_equal(link_exclusions_fingerprint(&b), fa);
	link_exclusions_release(&a);
	link_exclusions_release(&b);
}

static void what_cannot_be_excluded_is_refused(void **state)
{
	struct link_exclusions x;
	struct err err = ERR_INIT;
	(void)state;

	link_exclusions_init(&x);
	assert_int_equal(link_exclusions_add(&x, "ip", "105.66.1.10", NULL, &err), HIM_EINPUT);
	assert_non_null(strstr(err.msg, "not a kind that links"));
	err_clear(&err);
	assert_int_equal(link_exclusions_add(&x, "display_name", "Ali", NULL, &err), HIM_EINPUT);
	err_clear(&err);
	assert_int_equal(link_exclusions_add(&x, "p2p_guid", "not-a-guid", NULL, &err), HIM_EINPUT);
	err_clear(&err);
	assert_int_equal(link_exclusions_add(&x, "screen_name", "   ", NULL, &err), HIM_EINPUT);
	assert_int_equal(x.n, 0);
	link_exclusions_release(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(values_match_as_imported),
		cmocka_unit_test(a_service_scopes_an_account),
		cmocka_unit_test(fingerprint_follows_content_not_order),
		cmocka_unit_test(what_cannot_be_excluded_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
