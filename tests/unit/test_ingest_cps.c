/*
 * Unit tests of the CPS detections CSV reader (ingest/cps_csv.c) and its
 * column map (ingest/cps_columns.c, data/cps-columns.tsv): header names
 * from the map, BOM, CRLF, quotes, Arabic file names, first/last seen as
 * IP events, hashes by column type (base32 SHA-1 URN, MD4, infohash), the
 * ip+GUID+day identity without lead_id, content columns never read, bad
 * rows rejected alone, a broken map refused with its line.
 */
#include "referral_collect.h"

#include <unistd.h>

#define FX "tests/fixtures/cps/"

static int read_cps(const char *name, const struct cps_columns *map, struct collected *c, struct err *err)
{
	memset(c, 0, sizeof(*c));
	return cps_csv_read(name, map, &COLLECT_OPS, c, test_now(), err);
}

static struct cps_columns *load_map(void)
{
	struct cps_columns *map = NULL;
	struct err err = ERR_INIT;

	if (cps_columns_load("data/cps-columns.tsv", &map, &err) != HIM_OK)
		fail_msg("%s", err.msg);
	return map;
}

static void detections_with_the_column_map(void **state)
{
	struct cps_columns *map = load_map();
	struct collected c;
	struct err err = ERR_INIT;
	(void)state;

	assert_int_equal(read_cps(FX "detections.csv", map, &c, &err), HIM_OK);
	assert_int_equal(c.n, 4);
	has_line(&c, 0, "cps/L-100 line=2 fragment=1");
	has_line(&c, 0, "type=- esp=- network=Gnutella client=Shareaza 2.7");
	has_line(&c, 0, "annotations=- received=2022-01-10T08:00:00Z incident= dropped=1"); /* the Thumbnail cell */
	has_line(&c, 0, "ident p2p_guid reported 0123456789ABCDEF0123456789ABCDEF service=-");
	has_line(&c, 0, "ip 105.66.5.1 v6=0 at=2022-01-10T08:00:00Z port=6346 proxy=-1 event=Seen role=reported");
	has_line(&c, 0, "ip 105.66.5.1 v6=0 at=2022-01-12T08:30:00Z port=6346 proxy=-1 event=Seen role=reported");
	has_line(&c, 0, "file vid, \"copy\".avi md5= sha1=7ae533a1f034a599cba54d1e055336a1b10c3ca1 sha256= md4= infohash= class=-");
	has_line(&c, 0, "location ip=105.66.5.1 country=MA region=Casablanca-Settat city=Casablanca isp=Maroc Telecom asn=6713");
	has_line(&c, 1, "cps/L-100 line=3 fragment=1");
	has_line(&c, 1, "file فيديو.avi md5= sha1=0123456789abcdef0123456789abcdef01234567 sha256= md4= infohash= class=-");
	count_lines(&c, 1, "ip ", 1); /* no last_seen: one sighting */
	/* No lead id: ip + GUID + day. */
	has_line(&c, 2, "cps/105.66.5.5/AABBCCDDEEFF00112233445566778899/2022-02-01 line=7 fragment=1");
	count_lines(&c, 2, "ip ", 2);
	/* A data: URL in a hash column is content: dropped, counted. */
	has_line(&c, 3, "cps/L-105 line=9 fragment=1");
	has_line(&c, 3, "annotations=- received=2022-01-10T08:00:00Z incident= dropped=1");
	assert_int_equal(c.dropped, 2);
	nowhere(&c, "data:");
	nowhere(&c, "VEhVTUJOQUlM"); /* base64 of "THUMBNAIL" */

	assert_int_equal(c.nrej, 4);
	assert_string_equal(c.rej[0], "4|IP Address|L-101|0|'105.66.5.999' is not an IP address: 999 is above 255");
	assert_string_equal(c.rej[1], "5|First Seen|L-102|0|'2022-01-10' has no time of day");
	assert_string_equal(c.rej[2], "6|-|-|0|3 fields where the header has 17");
	assert_string_equal(c.rej[3], "8|Last Seen|L-104|0|last_seen is before first_seen");
	collected_release(&c);
	cps_columns_free(map);
}

static void default_header_names(void **state)
{
	struct collected c;
	struct err err = ERR_INIT;
	(void)state;

	/* Without a map the field names themselves, any case; LF; quoted newlines. */
	assert_int_equal(read_cps(FX "default_headers.csv", NULL, &c, &err), HIM_OK);
	assert_int_equal(c.n, 3);
	has_line(&c, 0, "cps/L-200 line=2 fragment=1");
	has_line(&c, 0, "ip 2a02:4780::9 v6=1 at=2022-03-01T00:00:00Z port=4662 proxy=-1 event=Seen role=reported");
	count_lines(&c, 0, "ip ", 1); /* first_seen = last_seen: one sighting */
	has_line(&c, 0, "file a.avi md5= sha1= sha256= md4=31d6cfe0d16ae931b73c59d7e0c089c0 infohash= class=-");
	has_line(&c, 1, "file b.mkv md5= sha1= sha256= md4= infohash=c12fe1c06bba254a9dc9f519b335aa7c1367a88a class=-");
	has_line(&c, 2, "cps/L-202 line=4 fragment=1");
	has_line(&c, 2, "file multi line.avi md5= sha1= sha256= md4= infohash= class=-");
	assert_int_equal(c.nrej, 2);
	assert_string_equal(c.rej[0], "6|md4|L-203|0|'abcd' is not a md4 hash: 4 hex digits where it has 32");
	assert_string_equal(c.rej[1], "7|-|-|0|a quoted field opened here is never closed: the rest of the file is unreadable");
	collected_release(&c);

	assert_int_equal(read_cps(FX "no_ip_column.csv", NULL, &c, &err), HIM_EINPUT);
	assert_string_equal(err.msg, FX "no_ip_column.csv:1: the header has no 'ip' column");
	collected_release(&c);
	/* The map's names are not known without the map. */
	assert_int_equal(read_cps(FX "detections.csv", NULL, &c, &err), HIM_EINPUT);
	collected_release(&c);
}

static void broken_maps_are_refused(void **state)
{
	char path[] = "/tmp/himaya-cpsmap-XXXXXX";
	struct cps_columns *map = NULL;
	struct err err = ERR_INIT;
	FILE *f;
	(void)state;

	f = fdopen(mkstemp(path), "w");
	fputs("# comment\nlead_id\tLead\nleed_id\tLead number\n", f);
	fclose(f);
	assert_int_equal(cps_columns_load(path, &map, &err), HIM_EINPUT);
	assert_null(map);
	assert_non_null(strstr(err.msg, ":3: 'leed_id' is not a CPS field"));
	f = fopen(path, "w");
	fputs("ip\n", f);
	fclose(f);
	assert_int_equal(cps_columns_load(path, &map, &err), HIM_EINPUT);
	assert_non_null(strstr(err.msg, ":1: expected 2 tab-separated columns"));
	unlink(path);
	assert_int_equal(cps_columns_load(path, &map, &err), HIM_EIO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(detections_with_the_column_map),
		cmocka_unit_test(default_header_names),
		cmocka_unit_test(broken_maps_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
