/*
 * Unit tests of core/ident.c: every normaliser, its canonical forms and
 * its refusals (IPv6 compression, IPv4-mapped addresses, leading zeros,
 * out-of-range parts; phones in each Moroccan form; time zones, leap days,
 * future dates; hashes by type and length; GUIDs; file content).
 */
#include "testutil.h"

#include "core/ident.h"

static void ip_ok(const char *in, const char *want, bool v6)
{
	struct ident_ip ip;
	struct err err = ERR_INIT;

	if (ident_ip_parse(in, &ip, &err) != HIM_OK)
		fail_msg("'%s' refused: %s", in, err.msg);
	assert_string_equal(ip.text, want);
	assert_int_equal(ip.v6, v6);
	/* The linker reads the 16 bytes and makes the text from them: it must
	 * be the text the importer stored. */
	char again[IDENT_IP_TEXT_MAX];
	ident_ip_format(ip.addr, again);
	assert_string_equal(again, want);
}

static void ip_bad(const char *in, const char *why)
{
	struct ident_ip ip;
	struct err err = ERR_INIT;

	assert_int_equal(ident_ip_parse(in, &ip, &err), HIM_EINPUT);
	if (!strstr(err.msg, why))
		fail_msg("'%s': message '%s' lacks '%s'", in, err.msg, why);
}

static void ip_addresses(void **state)
{
	struct ident_ip ip;
	(void)state;

	ip_ok("105.66.1.2", "105.66.1.2", false);
	ip_ok("  105.66.1.2\n", "105.66.1.2", false);
	ip_ok("105.066.001.002", "105.66.1.2", false); /* padded decimal, never octal */
	ip_ok("0.0.0.0", "0.0.0.0", false);
	ip_ok("255.255.255.255", "255.255.255.255", false);
	ip_ok("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1", true);
	ip_ok("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1", true); /* the first longest run */
	ip_ok("2a01:cb00:0:0::12", "2a01:cb00::12", true);
	ip_ok("[2001:db8::2]", "2001:db8::2", true);
	ip_ok("::1", "::1", true);
	ip_ok("::ffff:105.66.1.3", "105.66.1.3", false);
	ip_ok("::FFFF:6942:0103", "105.66.1.3", false);

	/* The 16-byte form: IPv4 as ::ffff:a.b.c.d, so both families sort together. */
	assert_int_equal(ident_ip_parse("105.66.1.2", &ip, NULL), HIM_OK);
	assert_memory_equal(ip.addr, "\0\0\0\0\0\0\0\0\0\0\xff\xff\x69\x42\x01\x02", 16);
	assert_int_equal(ident_ip_parse("2001:db8::1", &ip, NULL), HIM_OK);
	assert_int_equal(ip.addr[0], 0x20);
	assert_int_equal(ip.addr[1], 0x01);
	assert_int_equal(ip.addr[15], 1);

	/* Bytes no importer wrote still get a text (IPv4-compatible, zeros). */
	char text[IDENT_IP_TEXT_MAX];
	ident_ip_format((const uint8_t *)"\0\0\0\0\0\0\0\0\0\0\0\0\x69\x42\x01\x02", text);
	assert_string_equal(text, "::105.66.1.2");
	ident_ip_format((const uint8_t *)"\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", text);
	assert_string_equal(text, "::");

	ip_bad("105.66.1.256", "256 is above 255");
	ip_bad("105.66.1", "4 parts");
	ip_bad("105.66.1.2.3", "after the fourth part");
	ip_bad("105.66.1.0002", "more than 3 digits");
	ip_bad("105.66..2", "part 3 is not a number");
	ip_bad("105.66.1.2:8080", "not an IP address");
	ip_bad("fe80::1%eth0", "zone index");
	ip_bad("2001:db8::g", "not an IP address");
	ip_bad("2001:db8:::1", "not an IP address");
	ip_bad("1:2:3:4:5:6:7:8:9", "not an IP address");
	ip_bad("", "empty");
	ip_bad("localhost", "not an IP address");
	ip_bad("-1.2.3.4", "part 1 is not a number");
}

static utc_time_t T(const char *s)
{
	utc_time_t t;
	struct err err = ERR_INIT;

	if (ident_time_parse(s, IDENT_TIME_DATE_OK, TIME_NONE, &t, &err) != HIM_OK)
		fail_msg("'%s' refused: %s", s, err.msg);
	return t;
}

static void time_bad(const char *s, unsigned flags, utc_time_t now, const char *why)
{
	utc_time_t t;
	struct err err = ERR_INIT;

	assert_int_equal(ident_time_parse(s, flags, now, &t, &err), HIM_EINPUT);
	if (!strstr(err.msg, why))
		fail_msg("'%s': message '%s' lacks '%s'", s, err.msg, why);
}

static void times(void **state)
{
	char buf[IDENT_TIME_TEXT_MAX];
	utc_time_t now = ident_time_from_fields(2024, 6, 1, 12, 0, 0);
	utc_time_t t;
	(void)state;

	assert_int_equal(T("1970-01-01T00:00:00Z"), 0);
	assert_int_equal(T("2022-03-04T10:11:12Z"), 1646388672);
	/* Offsets: local minus offset is UTC. */
	assert_int_equal(T("2022-03-04T11:11:12+01:00"), 1646388672);
	assert_int_equal(T("2022-03-04T11:11:12+0100"), 1646388672);
	assert_int_equal(T("2022-03-04T11:11:12+01"), 1646388672);
	assert_int_equal(T("2022-03-04T05:11:12-05:00"), 1646388672);
	assert_int_equal(T("2022-03-04T10:11:12"), 1646388672); /* no zone: UTC */
	assert_int_equal(T("2022-03-04 10:11:12"), 1646388672);
	assert_int_equal(T("2022-03-04T10:11:12.987Z"), 1646388672); /* fractions dropped */
	assert_int_equal(T("2022-03-04T10:11Z"), 1646388660);
	assert_int_equal(T("2022-03-04"), 1646352000);
	/* An offset that crosses midnight and the year. */
	ident_time_format(T("2021-12-31T23:59:59-00:30"), buf);
	assert_string_equal(buf, "2022-01-01T00:29:59Z");
	ident_time_format(T("2022-01-01T00:30:00+01:00"), buf);
	assert_string_equal(buf, "2021-12-31T23:30:00Z");
	/* Leap days. */
	ident_time_format(T("2024-02-29T12:00:00Z"), buf);
	assert_string_equal(buf, "2024-02-29T12:00:00Z");
	ident_time_format(T("2000-02-29"), buf);
	assert_string_equal(buf, "2000-02-29T00:00:00Z");
	time_bad("2023-02-29T00:00:00Z", 0, TIME_NONE, "no such day");
	time_bad("1900-02-29", IDENT_TIME_DATE_OK, TIME_NONE, "no such day");
	time_bad("2022-13-01T00:00:00Z", 0, TIME_NONE, "no such day");
	time_bad("2022-03-04", 0, TIME_NONE, "no time of day");
	time_bad("04/03/2022", 0, TIME_NONE, "not a date");
	time_bad("2022-03-04T24:00:00Z", 0, TIME_NONE, "out of range");
	time_bad("2022-03-04T23:59:60Z", 0, TIME_NONE, "out of range");
	time_bad("2022-03-04T10:11:12+15:00", 0, TIME_NONE, "offset out of range");
	time_bad("2022-03-04T10:11:12 CET", 0, TIME_NONE, "unexpected text");
	time_bad("2022-03-04T10:11:12+1", 0, TIME_NONE, "time zone");
	time_bad("2022-03-04T10:11:12Zjunk", 0, TIME_NONE, "unexpected text");
	time_bad("2022-03-04T10", 0, TIME_NONE, "not a time");
	time_bad("", 0, TIME_NONE, "empty");
	/* The future: one day of tolerance for clocks and zones, no more. */
	assert_int_equal(ident_time_parse("2024-06-02T11:00:00Z", 0, now, &t, NULL), HIM_OK);
	time_bad("2024-06-02T12:00:01Z", 0, now, "in the future");
	time_bad("2031-01-01", IDENT_TIME_DATE_OK, now, "in the future");
	ident_time_format(TIME_NONE, buf);
	assert_string_equal(buf, "");
}

static void email_ok(const char *in, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	struct err err = ERR_INIT;

	if (ident_email_normalise(in, &sb, &err) != HIM_OK)
		fail_msg("'%s' refused: %s", in, err.msg);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void email_bad(const char *in, const char *why)
{
	struct strbuf sb = STRBUF_INIT;
	struct err err = ERR_INIT;

	assert_int_equal(ident_email_normalise(in, &sb, &err), HIM_EINPUT);
	if (!strstr(err.msg, why))
		fail_msg("'%s': message '%s' lacks '%s'", in, err.msg, why);
	strbuf_release(&sb);
}

static void emails(void **state)
{
	(void)state;
	email_ok("User@Example.INVALID", "user@example.invalid");
	email_ok("  mailto:A.B+tag@Mail.Example.ma ", "a.b+tag@mail.example.ma");
	email_ok("محمد@example.ma", "محمد@example.ma");
	email_bad("not-an-email", "one '@'");
	email_bad("a@b@c.ma", "one '@'");
	email_bad("@example.ma", "one '@'");
	email_bad("user@localhost", "not a domain name");
	email_bad("user@example..ma", "not a domain name");
	email_bad("user@exa_mple.ma", "'_' in the domain");
	email_bad("us er@example.ma", "a space");
	email_bad("a@b.ma,c@d.ma", "','");
	email_bad("", "empty");
	email_bad("bad\xff@example.ma", "UTF-8");
}

static void phone_ok(const char *in, const char *cc, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	struct err err = ERR_INIT;

	if (ident_phone_normalise(in, cc, &sb, &err) != HIM_OK)
		fail_msg("'%s' refused: %s", in, err.msg);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void phone_bad(const char *in, const char *cc, const char *why)
{
	struct strbuf sb = STRBUF_INIT;
	struct err err = ERR_INIT;

	assert_int_equal(ident_phone_normalise(in, cc, &sb, &err), HIM_EINPUT);
	if (!strstr(err.msg, why))
		fail_msg("'%s': message '%s' lacks '%s'", in, err.msg, why);
	strbuf_release(&sb);
}

static void phones(void **state)
{
	(void)state;
	/* Every way a Moroccan mobile is written becomes one number. */
	phone_ok("0612345678", NULL, "+212612345678");
	phone_ok("06 12 34 56 78", NULL, "+212612345678");
	phone_ok("06.12.34.56.78", NULL, "+212612345678");
	phone_ok("06-12-34-56-78", NULL, "+212612345678");
	phone_ok("+212612345678", NULL, "+212612345678");
	phone_ok("+212 6 12 34 56 78", NULL, "+212612345678");
	phone_ok("00212612345678", NULL, "+212612345678");
	phone_ok("00 212 6 12 34 56 78", NULL, "+212612345678");
	phone_ok("+212 (0)6 12 34 56 78", NULL, "+212612345678");
	phone_ok("00212 0612345678", NULL, "+212612345678");
	phone_ok("212612345678", NULL, "+212612345678");
	phone_ok("tel:+212-612-345678", NULL, "+212612345678");
	phone_ok("0712345678", NULL, "+212712345678");
	phone_ok("0522001122", NULL, "+212522001122"); /* fixed line */
	phone_ok("0808123456", NULL, "+212808123456");
	/* The schema's countryCallingCode places a national number. */
	phone_ok("612345678", "+212", "+212612345678");
	phone_ok("0612345678", "+212", "+212612345678");
	phone_ok("0612345678", "+33", "+33612345678");
	phone_ok("(202) 555-0143", "+1", "+12025550143");
	/* Other countries keep their E.164 form. */
	phone_ok("+33 6 12 34 56 78", NULL, "+33612345678");
	phone_ok("0033612345678", NULL, "+33612345678");
	phone_ok("+1 (202) 555-0143", NULL, "+12025550143");

	phone_bad("612345678", NULL, "not Moroccan");
	phone_bad("0412345678", NULL, "not Moroccan");
	phone_bad("+2126123456", NULL, "9 digits");
	phone_bad("+212912345678", NULL, "starting with 5, 6, 7 or 8");
	phone_bad("+0612345678", NULL, "never starts with 0");
	phone_bad("+12345", NULL, "7 to 15 digits");
	phone_bad("+1234567890123456", NULL, "7 to 15 digits");
	phone_bad("0612345678 x12", NULL, "extension");
	phone_bad("call me", NULL, "unexpected 'c'");
	phone_bad("612345678", "+2x", "not a country calling code");
	phone_bad("", NULL, "empty");
	phone_bad("---", NULL, "no digits");
}

static void hash_ok(const char *in, const char *type, enum hash_type want_type, const char *want)
{
	char out[IDENT_HASH_MAX];
	enum hash_type t;
	struct err err = ERR_INIT;

	if (ident_hash_normalise(in, type, &t, out, &err) != HIM_OK)
		fail_msg("'%s' refused: %s", in, err.msg);
	assert_int_equal(t, want_type);
	assert_string_equal(out, want);
}

static void hash_bad(const char *in, const char *type, int code, const char *why)
{
	char out[IDENT_HASH_MAX];
	enum hash_type t;
	struct err err = ERR_INIT;

	assert_int_equal(ident_hash_normalise(in, type, &t, out, &err), code);
	assert_string_equal(out, "");
	if (!strstr(err.msg, why))
		fail_msg("'%s': message '%s' lacks '%s'", in, err.msg, why);
}

static void hashes(void **state)
{
	const char *md5 = "0123456789abcdef0123456789abcdef";
	const char *sha1 = "0123456789abcdef0123456789abcdef01234567";
	const char *sha256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	(void)state;

	hash_ok("0123456789ABCDEF0123456789ABCDEF", "MD5", HASH_MD5, md5);
	hash_ok(md5, NULL, HASH_MD5, md5); /* by length */
	hash_ok(md5, "MD4", HASH_MD4, md5);
	hash_ok(md5, "ed2k", HASH_MD4, md5);
	hash_ok(sha1, "SHA1", HASH_SHA1, sha1);
	hash_ok(sha1, "SHA-1", HASH_SHA1, sha1);
	hash_ok(sha1, NULL, HASH_SHA1, sha1);
	hash_ok(sha1, "infohash", HASH_INFOHASH, sha1);
	hash_ok(sha256, "sha256", HASH_SHA256, sha256);
	hash_ok(sha256, NULL, HASH_SHA256, sha256);
	/* Gnutella's base32 SHA-1 URN and BitTorrent's magnet form. */
	hash_ok("urn:sha1:PLSTHIPQGSSZTS5FJUPAKUZWUGYQYPFB", NULL, HASH_SHA1,
		"7ae533a1f034a599cba54d1e055336a1b10c3ca1");
	hash_ok("PLSTHIPQGSSZTS5FJUPAKUZWUGYQYPFB", "sha1", HASH_SHA1, "7ae533a1f034a599cba54d1e055336a1b10c3ca1");
	hash_ok("urn:btih:C12FE1C06BBA254A9DC9F519B335AA7C1367A88A", NULL, HASH_INFOHASH,
		"c12fe1c06bba254a9dc9f519b335aa7c1367a88a");

	hash_bad("0123456789abcdef", "MD5", HIM_EINPUT, "16 hex digits where it has 32");
	hash_bad(sha1, "MD5", HIM_EINPUT, "40 hex digits where it has 32");
	hash_bad(md5, "sha256", HIM_EINPUT, "32 hex digits where it has 64");
	hash_bad("0123456789abcdef0123", NULL, HIM_EINPUT, "20 hex digits");
	hash_bad("0123456789abcdefg123456789abcdef", NULL, HIM_EINPUT, "'g' at position 17");
	hash_bad("AAECAwQFBgcICQ", "PhotoDNA", HIM_ENOTFOUND, "not one Himaya keeps");
	hash_bad("urn:sha1:PLSTHIPQGSSZTS5FJUPAKUZWUGYQYPF1", NULL, HIM_EINPUT, "base32");
	hash_bad("urn:sha1:PLSTHIPQGSSZTS5FJUPAKUZWUGYQYPFB", "md5", HIM_EINPUT, "SHA-1 URN");
	hash_bad("", "md5", HIM_EINPUT, "empty");
	assert_string_equal(ident_hash_type_name(HASH_INFOHASH), "infohash");
}

static void guids_text_and_small_values(void **state)
{
	char g[IDENT_GUID_MAX], ev[16], cc[3];
	struct strbuf sb = STRBUF_INIT;
	struct err err = ERR_INIT;
	(void)state;

	assert_int_equal(ident_guid_normalise("{0123-4567-89ab-cdef-0123-4567-89AB-CDEF}", g, &err), HIM_OK);
	assert_string_equal(g, "0123456789ABCDEF0123456789ABCDEF");
	assert_int_equal(ident_guid_normalise("aabbccddeeff00112233445566778899", g, &err), HIM_OK);
	assert_string_equal(g, "AABBCCDDEEFF00112233445566778899");
	assert_int_equal(ident_guid_normalise("aabbccddeeff0011223344556677889", g, &err), HIM_EINPUT);
	assert_non_null(strstr(err.msg, "31 hexadecimal digits"));
	assert_int_equal(ident_guid_normalise("zz", g, &err), HIM_EINPUT);
	assert_int_equal(ident_guid_normalise("aabbccddeeff001122334455667788990", g, &err), HIM_EINPUT);

	assert_int_equal(ident_text_normalise("  some \t  one\n", &sb, &err), HIM_OK);
	assert_string_equal(sb.buf, "some one");
	assert_int_equal(ident_text_normalise("a\x01z", &sb, &err), HIM_EINPUT);
	assert_int_equal(ident_text_normalise("bad\xc3\x28", &sb, &err), HIM_EINPUT);
	assert_int_equal(ident_text_normalise("   ", &sb, &err), HIM_EINPUT);
	assert_int_equal(ident_service_normalise(" Example  CHAT ", &sb, &err), HIM_OK);
	assert_string_equal(sb.buf, "example chat");

	assert_true(ident_event_name("login", ev));
	assert_string_equal(ev, "Login");
	assert_true(ident_event_name(" UPLOAD ", ev));
	assert_string_equal(ev, "Upload");
	assert_false(ident_event_name("Download", ev));
	assert_int_equal(ident_bool("true"), 1);
	assert_int_equal(ident_bool(" 0 "), 0);
	assert_int_equal(ident_bool("False"), 0);
	assert_int_equal(ident_bool("maybe"), -1);
	assert_true(ident_country("ma", cc));
	assert_string_equal(cc, "MA");
	assert_false(ident_country("MAR", cc));
	assert_false(ident_country("M1", cc));
	strbuf_release(&sb);
}

static void file_content_is_recognised(void **state)
{
	struct strbuf blob = STRBUF_INIT;
	(void)state;

	assert_true(ident_is_file_content("data:image/png;base64,iVBO", 26));
	assert_true(ident_is_file_content("  DATA:text/plain,x", 19));
	for (int i = 0; i < 20; i++)
		strbuf_adds(&blob, "iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB\n");
	assert_true(ident_is_file_content(blob.buf, blob.len));
	/* Short base64-looking values (hashes, ids) are not content. */
	assert_false(ident_is_file_content("0123456789abcdef0123456789abcdef", 32));
	/* Long text with spaces or dots is a sentence or a URL, not a blob. */
	strbuf_reset(&blob);
	for (int i = 0; i < 20; i++)
		strbuf_adds(&blob, "the user sent many messages ");
	assert_false(ident_is_file_content(blob.buf, blob.len));
	strbuf_reset(&blob);
	strbuf_adds(&blob, "https://example.invalid/");
	for (int i = 0; i < 30; i++)
		strbuf_adds(&blob, "abcdefghij");
	assert_false(ident_is_file_content(blob.buf, blob.len));
	strbuf_release(&blob);

	assert_true(ident_is_content_name("fileContent"));
	assert_true(ident_is_content_name("THUMBNAIL"));
	assert_true(ident_is_content_name("content"));
	assert_false(ident_is_content_name("originalFileName"));
	assert_false(ident_is_content_name("file_name"));
}

/* What a search box gets, as the importers store it. */
static void search_expect(const char *in, const char *want)
{
	struct strbuf out = STRBUF_INIT;
	struct err err = ERR_INIT;

	if (ident_search_normalise(in, &out, &err) != HIM_OK)
		fail_msg("'%s' refused: %s", in, err.msg);
	if (strcmp(out.buf, want) != 0)
		fail_msg("'%s' gave '%s', expected '%s'", in, out.buf, want);
	strbuf_release(&out);
}

static void searches(void **state)
{
	struct strbuf out = STRBUF_INIT;
	struct err err = ERR_INIT;
	(void)state;

	search_expect("  Ahmed.B@Example.MA ", "ahmed.b@example.ma");
	search_expect("06 12 34 56 78", "+212612345678");
	search_expect("07.12.34.56.78", "+212712345678");
	search_expect("+212 (0)6 12 34 56 78", "+212612345678");
	search_expect("00212612345678", "+212612345678");
	search_expect("+33 6 12 34 56 78", "+33612345678");
	/* Digits alone are an account id more often than a phone number. */
	search_expect("1234567890", "1234567890");
	search_expect("612345678", "612345678");
	search_expect("{0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9}", "0A1B2C3D4E5F60718293A4B5C6D7E8F9");
	search_expect("dark   knight_99", "dark knight_99");
	search_expect("https://example.com/u/12", "https://example.com/u/12");
	assert_int_equal(ident_search_normalise("   ", &out, &err), HIM_EINPUT);
	assert_int_equal(ident_search_normalise("a\x01b", &out, &err), HIM_EINPUT);
	assert_int_equal(ident_search_normalise("bad\xff", &out, &err), HIM_EINPUT);
	/* Looks like an e-mail but is not one: refused, not searched as text. */
	assert_int_equal(ident_search_normalise("a@", &out, &err), HIM_EINPUT);
	strbuf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ip_addresses),
		cmocka_unit_test(times),
		cmocka_unit_test(emails),
		cmocka_unit_test(phones),
		cmocka_unit_test(hashes),
		cmocka_unit_test(guids_text_and_small_values),
		cmocka_unit_test(file_content_is_recognised),
		cmocka_unit_test(searches),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
