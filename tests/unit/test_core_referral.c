/*
 * Unit tests of core/referral.c: lifecycle, the append helpers (copies,
 * ownership, exact duplicates dropped), notes capped, and the names of
 * identifier kinds and roles both ways.
 */
#include "testutil.h"

#include "core/referral.h"

static void appends_copy_and_drop_exact_duplicates(void **state)
{
	struct referral r;
	struct ip_event ev;
	struct referral_file f;
	struct referral_location loc;
	char value[] = "someone";
	(void)state;

	referral_init(&r);
	assert_int_equal(r.received_at, TIME_NONE);
	assert_int_equal(r.incident_at, TIME_NONE);
	assert_true(referral_add_ident(&r, IDENT_SCREEN_NAME, IDENT_ROLE_REPORTED, value, "chat"));
	value[0] = 'X'; /* the referral holds its own copy */
	assert_string_equal(r.idents[0].value, "someone");
	assert_true(referral_add_ident(&r, IDENT_SCREEN_NAME, IDENT_ROLE_REPORTED, "someone", "chat"));
	assert_true(referral_add_ident(&r, IDENT_SCREEN_NAME, IDENT_ROLE_VICTIM, "someone", "chat"));
	assert_true(referral_add_ident(&r, IDENT_SCREEN_NAME, IDENT_ROLE_REPORTED, "someone", "other"));
	assert_true(referral_add_ident(&r, IDENT_SCREEN_NAME, IDENT_ROLE_REPORTED, "someone", NULL));
	assert_false(referral_add_ident(&r, IDENT_EMAIL, IDENT_ROLE_REPORTED, NULL, NULL));
	assert_int_equal(r.nidents, 4);
	assert_null(r.idents[3].service);

	ip_event_init(&ev);
	assert_int_equal(ev.port, -1);
	assert_int_equal(ev.proxy, -1);
	assert_int_equal(ev.at, TIME_NONE);
	memcpy(ev.ip, "105.66.1.2", 11);
	ev.addr[10] = ev.addr[11] = 0xff;
	ev.addr[12] = 105;
	assert_true(referral_add_ip_event(&r, &ev));
	ev.proxy = 1; /* the same event, now with its proxy flag: merged, not repeated */
	assert_true(referral_add_ip_event(&r, &ev));
	assert_int_equal(r.nip_events, 1);
	assert_int_equal(r.ip_events[0].proxy, 1);
	ev.port = 443;
	assert_true(referral_add_ip_event(&r, &ev));
	assert_int_equal(r.nip_events, 2);

	memset(&f, 0, sizeof(f));
	f.name = strdup("a.jpg");
	memcpy(f.md5, "0123456789abcdef0123456789abcdef", 33);
	assert_true(referral_add_file(&r, &f)); /* takes ownership of the name */
	assert_int_equal(r.nfiles, 1);

	memset(&loc, 0, sizeof(loc));
	loc.country = strdup("MA");
	loc.city = strdup("Salé");
	assert_true(referral_add_location(&r, &loc));
	memset(&loc, 0, sizeof(loc));
	loc.country = strdup("MA");
	loc.city = strdup("Salé");
	assert_true(referral_add_location(&r, &loc)); /* repeat: freed, not added */
	assert_int_equal(r.nlocations, 1);

	assert_true(referral_set_str(&r.priority, "E"));
	assert_true(referral_set_str(&r.priority, "1"));
	assert_string_equal(r.priority, "1");
	assert_true(referral_add_note(&r, "a", "first"));
	assert_true(referral_add_note(&r, NULL, "second"));
	assert_string_equal(r.notes, "a: first\nsecond");
	for (int i = 0; i < 2000; i++)
		referral_add_note(&r, "x", "0123456789");
	assert_true(strlen(r.notes) < REFERRAL_NOTES_MAX + 64);

	referral_release(&r); /* ASan: nothing leaks */
	assert_int_equal(r.nidents, 0);
	assert_null(r.idents);
	assert_int_equal(r.received_at, TIME_NONE);
	referral_release(&r); /* twice is harmless */
}

/* The rule the store applies to a lead's later rows, in memory. */
static void fill_takes_what_is_missing_and_the_earliest_reception(void **state)
{
	struct referral into, from;
	bool filled;

	(void)state;
	referral_init(&into);
	referral_init(&from);
	into.network = strdup("Gnutella");
	into.received_at = 2000;
	from.network = strdup("eDonkey");
	from.client = strdup("Shareaza");
	from.received_at = 3000;
	from.incident_at = 1500;
	assert_true(referral_fill(&into, &from, &filled));
	assert_true(filled);
	assert_string_equal(into.network, "Gnutella"); /* kept: already given */
	assert_string_equal(into.client, "Shareaza"); /* filled */
	assert_int_equal(into.received_at, 2000);      /* the earlier stays */
	assert_int_equal(into.incident_at, 1500);
	/* The same row again adds nothing. */
	assert_true(referral_fill(&into, &from, &filled));
	assert_false(filled);
	/* An earlier reception is taken. */
	from.received_at = 1000;
	assert_true(referral_fill(&into, &from, &filled));
	assert_true(filled);
	assert_int_equal(into.received_at, 1000);
	/* A row that gives nothing changes nothing. */
	referral_release(&from);
	assert_true(referral_fill(&into, &from, &filled));
	assert_false(filled);
	assert_int_equal(into.received_at, 1000);
	referral_release(&into);
}

static void names_both_ways(void **state)
{
	enum ident_kind k;
	enum ident_role role;
	(void)state;

	for (int i = IDENT_EMAIL; i <= IDENT_URL; i++) {
		assert_true(ident_kind_parse(ident_kind_name((enum ident_kind)i), &k));
		assert_int_equal(k, i);
	}
	assert_string_equal(ident_kind_name(IDENT_ESP_ACCOUNT), "esp_account");
	assert_string_equal(ident_kind_name((enum ident_kind)99), "");
	assert_false(ident_kind_parse("mail", &k));
	assert_false(ident_kind_parse(NULL, &k));
	for (int i = IDENT_ROLE_REPORTED; i <= IDENT_ROLE_VICTIM; i++) {
		assert_true(ident_role_parse(ident_role_name((enum ident_role)i), &role));
		assert_int_equal(role, i);
	}
	assert_string_equal(ident_role_name(IDENT_ROLE_RECIPIENT), "recipient");
	assert_false(ident_role_parse("suspect", &role));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(appends_copy_and_drop_exact_duplicates),
		cmocka_unit_test(fill_takes_what_is_missing_and_the_earliest_reception),
		cmocka_unit_test(names_both_ways),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
