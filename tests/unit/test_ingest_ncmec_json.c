/*
 * Unit tests of the NCMEC Case Management Tool JSON reader
 * (ingest/ncmec_json.c): one report per file, an array streamed element
 * by element with bad elements rejected alone, a truncated array, invalid
 * UTF-8, and file content in a key.
 */
#include "referral_collect.h"

#define FX "tests/fixtures/ncmec/"

static int read_json(const char *name, struct collected *c, struct err *err)
{
	memset(c, 0, sizeof(*c));
	return ncmec_json_read(name, &COLLECT_OPS, c, test_now(), err);
}

static void one_report(void **state)
{
	struct collected c;
	struct err err = ERR_INIT;
	(void)state;

	assert_int_equal(read_json(FX "report.json", &c, &err), HIM_OK);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.nrej, 0);
	has_line(&c, 0, "ncmec/130001122 line=1 fragment=0");
	has_line(&c, 0, "priority=1 escalation=-");
	has_line(&c, 0, "type=Online Enticement of Children for Sexual Acts esp=Example Social network=- client=-");
	has_line(&c, 0, "annotations=- received=2023-02-01T08:30:00Z incident=2023-01-30T20:15:00Z dropped=1");
	has_line(&c, 0, "ident email reported night.owl@mail.example service=-");
	has_line(&c, 0, "ident phone reported +212661234567 service=-");
	has_line(&c, 0, "ident phone reported +212612345678 service=-");
	has_line(&c, 0, "ident esp_account reported u-4455 service=example messenger");
	has_line(&c, 0, "ident screen_name reported night_owl service=example messenger");
	has_line(&c, 0, "ident screen_name recipient girl_2010 service=example social");
	count_lines(&c, 0, "ident ", 6);
	has_line(&c, 0, "ip 196.200.1.1 v6=0 at=2023-01-30T20:00:00Z port=443 proxy=-1 event=Login role=reported");
	has_line(&c, 0, "ip 2a02:4780:8::1 v6=1 at=2023-01-29T10:00:00Z port=-1 proxy=-1 event=Registration role=reported");
	has_line(&c, 0, "ip 196.200.1.1 v6=0 at=2023-01-30T20:00:00Z port=-1 proxy=-1 event=Upload role=reported");
	count_lines(&c, 0, "ip ", 3); /* the "Device" capture is not an IP */
	has_line(&c, 0, "file صورة.jpg md5=d41d8cd98f00b204e9800998ecf8427e sha1= sha256= md4= infohash= class=B1");
	assert_non_null(strstr(c.ref[0], "additionalInformation: Account disabled by the ESP\nadditionalInformation: second note"));
	nowhere(&c, "iVBORw0KGgo");
	collected_release(&c);
}

static void an_array_is_streamed_and_bad_elements_rejected_alone(void **state)
{
	struct collected c;
	struct err err = ERR_INIT;
	(void)state;

	assert_int_equal(read_json(FX "reports.json", &c, &err), HIM_OK);
	assert_int_equal(c.n, 2);
	has_line(&c, 0, "ncmec/1 line=2 fragment=0");
	has_line(&c, 0, "ident esp_account reported acc1 service=chat");
	has_line(&c, 1, "ncmec/6 line=7 fragment=0");
	assert_int_equal(c.nrej, 4);
	assert_string_equal(c.rej[0], "3|reportedInformation.reportedPeople.reportedPersons[0].sourceInformation.sourceCaptures[0]|2|0|"
				      "'105.66.1.999' is not an IP address: 999 is above 255");
	assert_string_equal(c.rej[1], "4|dateReceived|3|0|'yesterday' is not a date: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ");
	assert_string_equal(c.rej[2], "5|reportId|-|0|no reportId");
	assert_string_equal(c.rej[3], "6|-|-|0|a report must be a JSON object");
	collected_release(&c);
}

static void broken_and_bad_bytes(void **state)
{
	struct collected c;
	struct err err = ERR_INIT;
	(void)state;

	assert_int_equal(read_json(FX "truncated.json", &c, &err), HIM_EINPUT);
	assert_int_equal(c.n, 2);
	assert_non_null(strstr(err.msg, "truncated.json:4: malformed JSON, reading stopped here"));
	collected_release(&c);

	assert_int_equal(read_json(FX "bad_utf8.json", &c, &err), HIM_OK);
	assert_int_equal(c.n, 2);
	has_line(&c, 0, "ncmec/1 line=2 fragment=0");
	has_line(&c, 1, "ncmec/3 line=4 fragment=0");
	assert_int_equal(c.nrej, 1);
	assert_string_equal(c.rej[0], "3|espUserId|2|0|invalid UTF-8 (bytes that are not text)");
	nowhere(&c, "\xEF\xBF\xBD");
	collected_release(&c);

	assert_int_equal(read_json(FX "full.xml", &c, &err), HIM_EINPUT);
	assert_non_null(strstr(err.msg, "not a CyberTipline JSON export"));
	assert_int_equal(c.n, 0);
	collected_release(&c);
	assert_int_equal(read_json(FX "absent.json", &c, &err), HIM_EIO);
	collected_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_report),
		cmocka_unit_test(an_array_is_streamed_and_bad_elements_rejected_alone),
		cmocka_unit_test(broken_and_bad_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
