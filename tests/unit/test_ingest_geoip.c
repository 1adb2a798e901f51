/*
 * Unit tests of ingest/geoip.c on the small database
 * tests/fixtures/geoip/make-mmdb.pl writes (built here, with Debian's
 * libmaxmind-db-writer-perl): a city in both languages, subdivisions from
 * the smallest, a place abroad, IPv6, an address not in the database,
 * text that is not an address, and a missing or corrupt file refused
 * with its name.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest/geoip.h"

static char dir[] = "/tmp/himaya-geoip-XXXXXX";
static char mmdb[sizeof(dir) + 32];

static int setup(void **state)
{
	char cmd[256];
	(void)state;

	if (!mkdtemp(dir))
		return -1;
	snprintf(mmdb, sizeof(mmdb), "%s/test.mmdb", dir);
	snprintf(cmd, sizeof(cmd), "perl tests/fixtures/geoip/make-mmdb.pl '%s'", mmdb);
	return system(cmd) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	char path[sizeof(dir) + 32];
	(void)state;

	unlink(mmdb);
	snprintf(path, sizeof(path), "%s/bad.mmdb", dir);
	unlink(path);
	rmdir(dir);
	return 0;
}

static void city_and_subdivisions(void **state)
{
	struct geoip *g = NULL;
	struct geoip_place p;
	struct err err = ERR_INIT;
	(void)state;

	assert_int_equal(geoip_open(mmdb, &g, &err), HIM_OK);
	geoip_place_init(&p);
	assert_int_equal(geoip_lookup(g, "196.200.12.34", &p, &err), HIM_OK);
	assert_true(p.found);
	assert_string_equal(p.country, "MA");
	/* The city in English then French, then the region. */
	assert_int_equal(p.ncity, 2);
	assert_int_equal(p.nnames, 4);
	assert_string_equal(p.names[0].buf, "Fez");
	assert_string_equal(p.names[1].buf, "Fès");
	assert_string_equal(p.names[2].buf, "Fes-Meknes");
	assert_string_equal(p.names[3].buf, "Fès-Meknès");

	/* No city: the province (the last subdivision) before the region;
	 * a name the same in both languages is given once. */
	assert_int_equal(geoip_lookup(g, "105.160.200.1", &p, &err), HIM_OK);
	assert_true(p.found);
	assert_int_equal(p.ncity, 0);
	assert_int_equal(p.nnames, 3);
	assert_string_equal(p.names[0].buf, "Taza");
	assert_string_equal(p.names[1].buf, "Fes-Meknes");

	/* Abroad: found, with its country. */
	assert_int_equal(geoip_lookup(g, "81.200.1.1", &p, &err), HIM_OK);
	assert_true(p.found);
	assert_string_equal(p.country, "FR");
	assert_string_equal(p.names[0].buf, "Paris");

	/* IPv6. */
	assert_int_equal(geoip_lookup(g, "2c0f:fa00::99", &p, &err), HIM_OK);
	assert_true(p.found);
	assert_string_equal(p.country, "MA");
	assert_string_equal(p.names[0].buf, "Rabat");

	/* Not in the database: nothing left from the previous lookup. */
	assert_int_equal(geoip_lookup(g, "10.1.2.3", &p, &err), HIM_OK);
	assert_false(p.found);
	assert_int_equal(p.nnames, 0);
	assert_string_equal(p.country, "");

	assert_int_equal(geoip_lookup(g, "not an address", &p, &err), HIM_EINPUT);
	assert_non_null(strstr(err.msg, "not an address"));

	geoip_place_release(&p);
	geoip_free(g);
}

static void bad_files_are_named(void **state)
{
	struct geoip *g = NULL;
	struct err err = ERR_INIT;
	char bad[sizeof(dir) + 32];
	FILE *f;
	(void)state;

	assert_int_equal(geoip_open("/nonexistent/geo.mmdb", &g, &err), HIM_EIO);
	assert_null(g);
	assert_non_null(strstr(err.msg, "/nonexistent/geo.mmdb"));

	snprintf(bad, sizeof(bad), "%s/bad.mmdb", dir);
	assert_non_null(f = fopen(bad, "w"));
	fputs("this is not a MaxMind database\n", f);
	fclose(f);
	err_clear(&err);
	assert_int_equal(geoip_open(bad, &g, &err), HIM_EIO);
	assert_null(g);
	assert_non_null(strstr(err.msg, bad));
	assert_non_null(strstr(err.msg, "MaxMind"));

	assert_int_equal(geoip_open("", &g, &err), HIM_EUSAGE);
	geoip_free(NULL); /* harmless */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(city_and_subdivisions),
		cmocka_unit_test(bad_files_are_named),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
