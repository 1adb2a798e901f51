/*
 * Unit tests of the NCMEC tip-list CSV reader (ingest/ncmec_tiplist.c):
 * BOM, CRLF, RFC 4180 quotes, Arabic text, rows as fragments, bad rows
 * (IP, date, field count, UTF-8, no id) rejected alone with line and
 * column, a header without report_id refused whole.
 */
#include "referral_collect.h"

#define FX "tests/fixtures/ncmec/"

static int read_tips(const char *name, struct collected *c, struct err *err)
{
	memset(c, 0, sizeof(*c));
	return ncmec_tiplist_read(name, &COLLECT_OPS, c, test_now(), err);
}

static void rows_are_fragments_of_reports(void **state)
{
	struct collected c;
	struct err err = ERR_INIT;
	(void)state;

	assert_int_equal(read_tips(FX "tiplist.csv", &c, &err), HIM_OK);
	assert_int_equal(c.n, 3);
	has_line(&c, 0, "ncmec/140001 line=2 fragment=1");
	has_line(&c, 0, "priority=2 escalation=-");
	has_line(&c, 0, "type=Child Pornography (possession, manufacture, and distribution) esp=Example Chat network=- client=-");
	has_line(&c, 0, "annotations=- received=2022-06-01T00:00:00Z incident= dropped=0");
	has_line(&c, 0, "ident email reported someone@example.invalid service=-");
	has_line(&c, 0, "ident phone reported +212661234567 service=-");
	has_line(&c, 0, "ident screen_name reported some_one service=example chat");
	has_line(&c, 0, "ip 105.66.3.1 v6=0 at=2022-05-30T10:00:00Z port=443 proxy=-1 event= role=reported");
	has_line(&c, 0, "file - md5=0123456789abcdef0123456789abcdef sha1= sha256= md4= infohash= class=-");
	has_line(&c, 0, "location ip=105.66.3.1 country=MA region=Rabat-Salé-Kénitra city=Salé isp=Maroc Telecom asn=-");
	/* The same report's second IP event, IPv6 and an offset. */
	has_line(&c, 1, "ncmec/140001 line=3 fragment=1");
	has_line(&c, 1, "ip 2001:db8::7 v6=1 at=2022-05-31T10:00:00Z port=-1 proxy=-1 event= role=reported");
	/* Arabic cells, a phone with its trunk zero in parentheses. */
	has_line(&c, 2, "ncmec/140005 line=7 fragment=1");
	has_line(&c, 2, "ident phone reported +212700112233 service=-");
	has_line(&c, 2, "ident screen_name reported اسم_مستعار service=example");
	has_line(&c, 2, "location ip=105.66.3.5 country=MA region=الدار البيضاء - سطات city=الدار البيضاء isp=إنوي asn=-");

	assert_int_equal(c.nrej, 4);
	assert_string_equal(c.rej[0], "4|ip|140002|0|'105.66.3.300' is not an IP address: 300 is above 255");
	assert_string_equal(c.rej[1], "5|ip|140003|0|'not a date' is not a date: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ");
	assert_string_equal(c.rej[2], "6|-|-|0|6 fields where the header has 16");
	assert_string_equal(c.rej[3], "8|report_id|-|0|no report id in this row");
	assert_true(c.progress_calls >= 1);
	collected_release(&c);
}

static void bad_bytes_and_bad_headers(void **state)
{
	struct collected c;
	struct err err = ERR_INIT;
	(void)state;

	assert_int_equal(read_tips(FX "tiplist_bad_utf8.csv", &c, &err), HIM_OK);
	assert_int_equal(c.n, 2);
	has_line(&c, 0, "ncmec/150001 line=2 fragment=1");
	has_line(&c, 1, "ncmec/150003 line=4 fragment=1");
	assert_int_equal(c.nrej, 1);
	assert_string_equal(c.rej[0], "3|screen_name|-|0|invalid UTF-8 in column 3 (screen_name)");
	collected_release(&c);

	assert_int_equal(read_tips(FX "tiplist_no_id.csv", &c, &err), HIM_EINPUT);
	assert_string_equal(err.msg, FX "tiplist_no_id.csv:1: the header has no 'report_id' column");
	assert_int_equal(c.n, 0);
	collected_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rows_are_fragments_of_reports),
		cmocka_unit_test(bad_bytes_and_bad_headers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
