/*
 * Unit tests of the NCMEC XML reader (ingest/ncmec_xml.c) on the
 * hand-written fixtures of tests/fixtures/ncmec/: every element Himaya
 * reads, a bare <report>, bad reports rejected alone with line and path,
 * truncated and malformed files, supplements and duplicates, hostile XML
 * (entity bombs, external entities) and embedded file content.
 */
#include "referral_collect.h"

#include <unistd.h>

#define FX "tests/fixtures/ncmec/"

static int read_xml(const char *name, struct collected *c, struct err *err)
{
	struct strbuf path = STRBUF_INIT;
	int rc;

	memset(c, 0, sizeof(*c));
	strbuf_addf(&path, FX "%s", name);
	rc = ncmec_xml_read(path.buf, &COLLECT_OPS, c, test_now(), err);
	strbuf_release(&path);
	return rc;
}

static void every_element(void **state)
{
	struct collected c;
	struct err err = ERR_INIT;
	(void)state;

	assert_int_equal(read_xml("full.xml", &c, &err), HIM_OK);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.nrej, 0);
	has_line(&c, 0, "ncmec/120334455 line=4 fragment=0");
	has_line(&c, 0, "priority=2 escalation=The user threatens to meet the child this weekend");
	has_line(&c, 0, "type=Child Pornography (possession, manufacture, and distribution) esp=Example Chat network=- client=Shareaza");
	has_line(&c, 0, "annotations=sextortion,minorToMinorInteraction,futureAnnotation received=2022-03-04T10:11:12Z incident=2022-03-01T22:05:00Z dropped=0");
	/* Identifiers, each with its role and, for accounts, its service. */
	has_line(&c, 0, "ident url reported https://example.invalid/p/1 service=-");
	has_line(&c, 0, "ident url reported https://example.invalid/p/2 service=-");
	has_line(&c, 0, "ident phone reported +212612345678 service=-");
	has_line(&c, 0, "ident phone reported +33612345678 service=-");
	has_line(&c, 0, "ident email reported user@example.invalid service=-");
	has_line(&c, 0, "ident profile_url reported https://example.invalid/u/someone service=-");
	has_line(&c, 0, "ident device reported IMEI:356938035643809 service=-");
	has_line(&c, 0, "ident email recipient child@example.invalid service=-");
	has_line(&c, 0, "ident phone victim +212522001122 service=-");
	has_line(&c, 0, "ident esp_account reported 998877 service=example chat");
	has_line(&c, 0, "ident screen_name reported someone service=example chat");
	has_line(&c, 0, "ident display_name reported Some One service=example chat");
	has_line(&c, 0, "ident esp_account reported assoc-1 service=other social");
	has_line(&c, 0, "ident screen_name reported someone_alt service=other social");
	has_line(&c, 0, "ident screen_name recipient kid service=example chat");
	has_line(&c, 0, "ident esp_account victim vict-7 service=example chat");
	count_lines(&c, 0, "ident ", 16);
	/* Several ipCaptureEvents: IPv6 compressed, IPv4-mapped made IPv4, offsets to UTC. */
	has_line(&c, 0, "ip 2001:db8::1 v6=1 at=2022-02-28T08:00:00Z port=-1 proxy=-1 event= role=reported");
	has_line(&c, 0, "ip 105.66.1.2 v6=0 at=2022-03-01T22:04:00Z port=51123 proxy=0 event=Upload role=reported");
	has_line(&c, 0, "ip 105.66.1.3 v6=0 at=2022-03-01T20:00:00Z port=-1 proxy=1 event=Login role=reported");
	has_line(&c, 0, "ip 2a01:cb00::12 v6=1 at=2022-01-01T00:29:59Z port=-1 proxy=-1 event=Registration role=reported");
	has_line(&c, 0, "ip 41.248.0.9 v6=0 at= port=-1 proxy=-1 event= role=recipient");
	count_lines(&c, 0, "ip ", 5); /* the file's upload event repeats the person's: kept once */
	has_line(&c, 0, "file ملف.avi md5= sha1= sha256= md4= infohash= class=-");
	has_line(&c, 0, "file a.jpg md5=0123456789abcdef0123456789abcdef sha1=0123456789abcdef0123456789abcdef01234567 sha256= md4= infohash= class=A1");
	has_line(&c, 0, "location ip=- country=MA region=Casablanca-Settat city=Casablanca isp=- asn=-");
	has_line(&c, 0, "location ip=105.66.1.2 country=MA region=Casablanca-Settat city=Casablanca isp=Maroc Telecom asn=6713");
	/* What could not be kept is said in the notes, not silently lost. */
	assert_non_null(strstr(c.ref[0], "email not kept: 'not-an-email' is not an e-mail address"));
	assert_non_null(strstr(c.ref[0], "hash not kept: hash type 'PhotoDNA' is not one Himaya keeps"));
	assert_non_null(strstr(c.ref[0], "additionalInfo: Sent from the ESP's batch system"));
	/* Officers' and the reporter's own contacts are not identifiers of anyone reported. */
	assert_null(strstr(c.ref[0], "officer@police.invalid"));
	assert_null(strstr(c.ref[0], "safety@esp.example"));

	/* Second report: escalateToHighPriority "false" is no escalation; a date-only
	 * receivedDateTime; the ESP named by its contact's domain; padded IPv4. */
	has_line(&c, 1, "ncmec/120334456 line=96 fragment=0");
	has_line(&c, 1, "priority=E escalation=-");
	has_line(&c, 1, "type=Online Enticement of Children for Sexual Acts esp=esp2.example network=- client=-");
	has_line(&c, 1, "annotations=batchedReport received=2022-03-05T00:00:00Z incident=2022-03-02T10:00:00Z dropped=0");
	has_line(&c, 1, "ident screen_name reported lonely service=esp2.example");
	has_line(&c, 1, "ip 105.66.1.2 v6=0 at=2022-03-02T09:59:00Z port=-1 proxy=-1 event= role=reported");
	has_line(&c, 1, "notes=batchedReport: VIRAL_POTENTIAL_MEME");
	assert_true(c.progress_calls >= 1);
	collected_release(&c);
}

static void bare_reports(void **state)
{
	struct collected c;
	struct err err = ERR_INIT;
	(void)state;

	assert_int_equal(read_xml("bare.xml", &c, &err), HIM_OK);
	assert_int_equal(c.n, 1);
	has_line(&c, 0, "ncmec/777 line=2 fragment=0");
	has_line(&c, 0, "ident esp_account reported 55 service=-");
	has_line(&c, 0, "ip 2001:db8::2 v6=1 at= port=-1 proxy=-1 event= role=reported");
	collected_release(&c);

	assert_int_equal(read_xml("bare_child_id.xml", &c, &err), HIM_OK);
	assert_int_equal(c.n, 1);
	has_line(&c, 0, "ncmec/888 line=1 fragment=0");
	has_line(&c, 0, "type=Child Sex Tourism esp=- network=- client=-");
	collected_release(&c);
}

static void bad_reports_are_rejected_alone(void **state)
{
	struct collected c;
	struct err err = ERR_INIT;
	(void)state;

	assert_int_equal(read_xml("bad_reports.xml", &c, &err), HIM_OK);
	assert_int_equal(c.n, 2);
	has_line(&c, 0, "ncmec/1001 line=3 fragment=0");
	has_line(&c, 1, "ncmec/1009 line=31 fragment=0");
	has_line(&c, 1, "ident screen_name reported last good & fine service=-");
	assert_int_equal(c.nrej, 7);
	assert_string_equal(c.rej[0], "6|-|-|0|no reportId (an attribute of cyberTiplineReport or report, or a reportId element)");
	assert_string_equal(c.rej[1], "12|reports/cyberTiplineReport[3]/report/personOrUserReported/ipCaptureEvent|1003|0|"
				      "'105.66.1.256' is not an IP address: 256 is above 255");
	assert_string_equal(c.rej[2], "17|reports/cyberTiplineReport[4]/report/incidentSummary/incidentDateTime|1004|0|"
				      "'2031-01-01T00:00:00Z' is in the future (2031-01-01T00:00:00Z UTC, now is 2024-06-01T00:00:00Z UTC)");
	assert_string_equal(c.rej[3], "20|reports/cyberTiplineReport[5]/report/personOrUserReported/screenName|1005|0|"
				      "invalid UTF-8 (bytes that are not text)");
	assert_string_equal(c.rej[4], "22|reports/cyberTiplineReport[6]/@receivedDateTime|1006|0|"
				      "'2022-13-01T00:00:00Z' is not a date: no such day (or a year outside 1900-2999)");
	assert_string_equal(c.rej[5], "26|reports/cyberTiplineReport[7]/report/fileDetails/originalFileHash|1007|0|"
				      "'0123456789abcdef' is not a md5 hash: 16 hex digits where it has 32");
	assert_string_equal(c.rej[6], "29|reports/cyberTiplineReport[8]/report/personOrUserReported/ipCaptureEvent|1008|0|"
				      "port '70000' is not a number from 0 to 65535");
	nowhere(&c, "\xEF\xBF\xBD"); /* the replaced bytes are never delivered */
	collected_release(&c);
}

static void broken_files_keep_the_reports_before(void **state)
{
	struct collected c;
	struct err err = ERR_INIT;
	(void)state;

	assert_int_equal(read_xml("truncated.xml", &c, &err), HIM_EINPUT);
	assert_int_equal(c.n, 2);
	has_line(&c, 0, "ncmec/2001 line=3 fragment=0");
	has_line(&c, 1, "ncmec/2002 line=6 fragment=0");
	assert_non_null(strstr(err.msg, "truncated.xml:10: malformed XML, reading stopped here"));
	assert_non_null(strstr(err.msg, "(2 reports before it read)"));
	collected_release(&c);

	err_clear(&err);
	assert_int_equal(read_xml("malformed.xml", &c, &err), HIM_EINPUT);
	assert_int_equal(c.n, 2); /* 2004, after the break, is not guessed at */
	assert_non_null(strstr(err.msg, "malformed.xml:10:"));
	assert_non_null(strstr(err.msg, "mismatch"));
	collected_release(&c);

	err_clear(&err);
	assert_int_equal(read_xml("no-such-file.xml", &c, &err), HIM_EIO);
	assert_non_null(strstr(err.msg, "no-such-file.xml"));
	collected_release(&c);

	/* A file with no report at all is refused, not imported as nothing. */
	{
		char path[] = "/tmp/himaya-xml-XXXXXX";
		int fd = mkstemp(path);
		FILE *f = fdopen(fd, "w");
		fputs("<?xml version=\"1.0\"?>\n<something/>\n", f);
		fclose(f);
		memset(&c, 0, sizeof(c));
		assert_int_equal(ncmec_xml_read(path, &COLLECT_OPS, &c, test_now(), &err), HIM_EINPUT);
		assert_non_null(strstr(err.msg, "no report in this file"));
		unlink(path);
	}
}

static void supplements_and_duplicates_are_delivered_as_read(void **state)
{
	struct collected c;
	struct err err = ERR_INIT;
	(void)state;

	/* The parser delivers; the store decides (same id: an update). */
	assert_int_equal(read_xml("supplement.xml", &c, &err), HIM_OK);
	assert_int_equal(c.n, 1);
	has_line(&c, 0, "ncmec/120334455 line=3 fragment=0");
	has_line(&c, 0, "priority=1 escalation=-");
	has_line(&c, 0, "ip 105.66.9.9 v6=0 at=2022-03-08T12:00:00Z port=-1 proxy=-1 event=Login role=reported");
	has_line(&c, 0, "ident esp_account reported 998877 service=example chat");
	collected_release(&c);

	assert_int_equal(read_xml("duplicates.xml", &c, &err), HIM_OK);
	assert_int_equal(c.n, 3);
	has_line(&c, 0, "ncmec/3001 line=3 fragment=0");
	has_line(&c, 1, "ncmec/3001 line=6 fragment=0");
	has_line(&c, 2, "ncmec/3002 line=9 fragment=0");
	collected_release(&c);
}

static void hostile_xml_is_refused(void **state)
{
	struct collected c;
	struct err err = ERR_INIT;
	(void)state;

	/* Billion laughs: libxml2's limits stop it; the report before it stays. */
	assert_int_equal(read_xml("billion_laughs.xml", &c, &err), HIM_EINPUT);
	assert_int_equal(c.n, 1);
	has_line(&c, 0, "ncmec/4001 line=15 fragment=0");
	nowhere(&c, "lollol");
	assert_non_null(strstr(err.msg, "malformed XML"));
	collected_release(&c);

	/* External entities are never fetched: the report naming one is
	 * refused, the next one is read, and the secret file's text appears
	 * nowhere. */
	err_clear(&err);
	assert_int_equal(read_xml("xxe.xml", &c, &err), HIM_OK);
	assert_int_equal(c.n, 1);
	has_line(&c, 0, "ncmec/5002 line=12 fragment=0");
	assert_int_equal(c.nrej, 1);
	assert_string_equal(c.rej[0], "10|reports/cyberTiplineReport[1]/report/personOrUserReported/screenName|5001|0|"
				      "an entity reference (&name;) in a field: Himaya expands no DTD entities");
	nowhere(&c, "XXE-SECRET-MARKER");
	collected_release(&c);
}

static void file_content_is_dropped_unread(void **state)
{
	struct collected c;
	struct err err = ERR_INIT;
	(void)state;

	assert_int_equal(read_xml("content.xml", &c, &err), HIM_OK);
	assert_int_equal(c.n, 1);
	/* data: URL, the chat's <content>, a base64 file name, <fileContent>, <thumbnail>. */
	has_line(&c, 0, "annotations=- received=2022-05-01T00:00:00Z incident= dropped=5");
	assert_int_equal(c.dropped, 5);
	has_line(&c, 0, "ident url reported https://example.invalid/ok service=-");
	has_line(&c, 0, "ident screen_name reported viewer service=-");
	has_line(&c, 0, "file - md5=00112233445566778899aabbccddeeff sha1= sha256= md4= infohash= class=-");
	count_lines(&c, 0, "ident ", 2);
	nowhere(&c, "data:");
	nowhere(&c, "/9j/4AAQ");
	nowhere(&c, "U0VDT05E");  /* base64 of "SECOND-BLOB-MARKER" */
	nowhere(&c, "UElYRUxEQVRB"); /* base64 of "PIXELDATA" */
	collected_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_element),
		cmocka_unit_test(bare_reports),
		cmocka_unit_test(bad_reports_are_rejected_alone),
		cmocka_unit_test(broken_files_keep_the_reports_before),
		cmocka_unit_test(supplements_and_duplicates_are_delivered_as_read),
		cmocka_unit_test(hostile_xml_is_refused),
		cmocka_unit_test(file_content_is_dropped_unread),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
