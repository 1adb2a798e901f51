/*
 * cps_columns.c - the CPS CSV's column map (data/cps-columns.tsv): which
 * header names a deployment's exports use for each field. CPS publishes
 * no export format, so the names are data, not code: one line per
 * accepted name, "field<TAB>header name". A field's own name is always
 * accepted, map or not; names match ignoring case and surrounding spaces.
 */
#include "referral_reader.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "referral_csv.h"
#include "../lib/tsv.h"
#include "../lib/utf8.h"
#include "../lib/banned.h"

void cps_columns_free(struct cps_columns *map)
{
	if (!map)
		return;
	for (size_t i = 0; i < map->n; i++) {
		free(map->alias[i].field);
		free(map->alias[i].header);
	}
	free(map->alias);
	free(map);
}

static bool known_field(const char *name)
{
	for (int f = 0; f < cps_nfields; f++)
		if (strcmp(name, cps_field_names[f]) == 0)
			return true;
	return false;
}

int cps_columns_load(const char *path, struct cps_columns **out, struct err *err)
{
	struct strbuf text = STRBUF_INIT;
	struct tsv_reader rd;
	struct cps_columns *map;
	char chunk[4096], *fields[3];
	size_t n;
	int nf, rc = HIM_OK;
	FILE *f = fopen(path, "rb");

	*out = NULL;
	if (!f)
		return err_set(err, HIM_EIO, "%s: %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		strbuf_add(&text, chunk, n);
	if (ferror(f))
		rc = err_set(err, HIM_EIO, "%s: %s", path, strerror(errno));
	fclose(f);
	if (rc != HIM_OK) {
		strbuf_release(&text);
		return rc;
	}
	map = xcalloc(1, sizeof(*map));
	tsv_reader_init(&rd, text.buf, text.len);
	while (rc == HIM_OK && (nf = tsv_reader_next(&rd, fields, 3)) > 0) {
		if (nf != 2)
			rc = err_set(err, HIM_EINPUT, "%s:%d: expected 2 tab-separated columns (field, header name), found %d",
				     path, rd.line, nf);
		else if (!known_field(fields[0]))
			rc = err_set(err, HIM_EINPUT, "%s:%d: '%s' is not a CPS field (see the comment at the top of the file)",
				     path, rd.line, fields[0]);
		else if (!*fields[1] || !utf8_text_ok(fields[1], false))
			rc = err_set(err, HIM_EINPUT, "%s:%d: the header name is empty or not valid UTF-8 text", path,
				     rd.line);
		else {
			map->alias = xrealloc(map->alias, (map->n + 1) * sizeof(*map->alias));
			map->alias[map->n].field = xstrdup(fields[0]);
			map->alias[map->n].header = xstrdup(fields[1]);
			map->n++;
		}
	}
	tsv_reader_release(&rd);
	strbuf_release(&text);
	if (rc != HIM_OK) {
		cps_columns_free(map);
		return rc;
	}
	*out = map;
	return HIM_OK;
}
