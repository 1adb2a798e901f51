/*
 * geoip.c - MaxMind DB lookups through libmaxminddb (see geoip.h). The
 * database is memory-mapped once; a lookup reads the GeoIP2 City keys
 * country.iso_code, city.names.{en,fr} and subdivisions[i].names.{en,fr}.
 */
#include "geoip.h"

#include <errno.h>
#include <maxminddb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

struct geoip {
	MMDB_s mmdb;
	char *path;
};

int geoip_open(const char *path, struct geoip **out, struct err *err)
{
	struct geoip *g;
	int status;

	*out = NULL;
	if (!path || !path[0])
		return err_set(err, HIM_EUSAGE, "no IP geolocation database named");
	g = xcalloc(1, sizeof(*g));
	errno = 0;
	status = MMDB_open(path, MMDB_MODE_MMAP, &g->mmdb);
	if (status != MMDB_SUCCESS) {
		int saved = errno;

		free(g);
		if (status == MMDB_FILE_OPEN_ERROR || status == MMDB_IO_ERROR)
			return err_set(err, HIM_EIO, "%s: cannot read the IP geolocation database: %s", path,
				       saved ? strerror(saved) : MMDB_strerror(status));
		return err_set(err, HIM_EIO, "%s: not a usable MaxMind DB file (%s)", path, MMDB_strerror(status));
	}
	g->path = xstrdup(path);
	*out = g;
	return HIM_OK;
}

void geoip_free(struct geoip *g)
{
	if (!g)
		return;
	MMDB_close(&g->mmdb);
	free(g->path);
	free(g);
}

const char *geoip_path(const struct geoip *g)
{
	return g ? g->path : "";
}

void geoip_place_init(struct geoip_place *p)
{
	size_t i;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < GEOIP_NAMES_MAX; i++)
		strbuf_init(&p->names[i]);
}

void geoip_place_release(struct geoip_place *p)
{
	size_t i;

	for (i = 0; i < GEOIP_NAMES_MAX; i++)
		strbuf_release(&p->names[i]);
	p->nnames = p->ncity = 0;
	p->found = false;
	p->country[0] = '\0';
}

static void place_reset(struct geoip_place *p)
{
	size_t i;

	for (i = 0; i < GEOIP_NAMES_MAX; i++)
		strbuf_reset(&p->names[i]);
	p->nnames = p->ncity = 0;
	p->found = false;
	p->country[0] = '\0';
}

/* The string at path (a NULL-ended list of keys) of the entry, or NULL
 * when absent or not a string; *len its length. A damaged entry counts as
 * absent: one bad record must not stop a queue. */
static const char *entry_string(MMDB_entry_s *e, uint32_t *len, const char *const *path)
{
	MMDB_entry_data_s data;

	if (MMDB_aget_value(e, &data, path) != MMDB_SUCCESS || !data.has_data || data.type != MMDB_DATA_TYPE_UTF8_STRING)
		return NULL;
	*len = data.data_size;
	return data.utf8_string;
}

static void add_name(struct geoip_place *p, const char *s, uint32_t len)
{
	size_t i;

	if (!s || len == 0 || p->nnames == GEOIP_NAMES_MAX)
		return;
	for (i = 0; i < p->nnames; i++)
		if (p->names[i].len == len && memcmp(p->names[i].buf, s, len) == 0)
			return;
	strbuf_add(&p->names[p->nnames++], s, len);
}

static void add_names(struct geoip_place *p, MMDB_entry_s *e, const char *top, const char *index)
{
	static const char *const langs[] = { "en", "fr" };
	size_t i;

	for (i = 0; i < sizeof(langs) / sizeof(langs[0]); i++) {
		const char *path[5];
		const char *s;
		uint32_t len = 0;
		int k = 0;

		path[k++] = top;
		if (index)
			path[k++] = index;
		path[k++] = "names";
		path[k++] = langs[i];
		path[k] = NULL;
		if ((s = entry_string(e, &len, path)) != NULL)
			add_name(p, s, len);
	}
}

int geoip_lookup(struct geoip *g, const char *ip, struct geoip_place *p, struct err *err)
{
	static const char *const country_path[] = { "country", "iso_code", NULL };
	static const char *const subdivisions_path[] = { "subdivisions", NULL };
	MMDB_lookup_result_s res;
	MMDB_entry_data_s data;
	const char *s;
	uint32_t len = 0;
	int gai = 0, status = MMDB_SUCCESS;

	place_reset(p);
	res = MMDB_lookup_string(&g->mmdb, ip, &gai, &status);
	if (gai != 0)
		return err_set(err, HIM_EINPUT, "'%s' is not an IP address", ip);
	if (status == MMDB_IPV6_LOOKUP_IN_IPV4_DATABASE_ERROR)
		return HIM_OK; /* an IPv6 address in an IPv4 database: not there */
	if (status != MMDB_SUCCESS)
		return err_set(err, HIM_EIO, "%s: looking up %s: %s", g->path, ip, MMDB_strerror(status));
	if (!res.found_entry)
		return HIM_OK;
	p->found = true;
	if ((s = entry_string(&res.entry, &len, country_path)) != NULL && len == 2) {
		memcpy(p->country, s, 2);
		p->country[2] = '\0';
	}
	add_names(p, &res.entry, "city", NULL);
	p->ncity = p->nnames;
	/* Subdivisions run from the largest (region) to the smallest
	 * (province): the smallest names one court more often. */
	if (MMDB_aget_value(&res.entry, &data, subdivisions_path) == MMDB_SUCCESS && data.has_data &&
	    data.type == MMDB_DATA_TYPE_ARRAY) {
		uint32_t i = data.data_size;

		while (i-- > 0) {
			char index[16];

			snprintf(index, sizeof(index), "%u", (unsigned)i);
			add_names(p, &res.entry, "subdivisions", index);
		}
	}
	return HIM_OK;
}
