/*
 * link_data.c - reading data/cgnat.tsv, data/locations.tsv and
 * data/retention.tsv into the core's tables (see link_data.h).
 */
#include "link_data.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/tsv.h"
#include "../lib/banned.h"

static int read_all(const char *path, struct strbuf *text, struct err *err)
{
	char chunk[4096];
	size_t n;
	int rc = HIM_OK;
	FILE *f = fopen(path, "rb");

	if (!f)
		return err_set(err, HIM_EIO, "%s: %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		strbuf_add(text, chunk, n);
	if (ferror(f))
		rc = err_set(err, HIM_EIO, "%s: %s", path, strerror(errno));
	fclose(f);
	return rc;
}

typedef int (*line_fn)(char **fields, int nf, void *ctx, struct err *err);

/* Call fn for each line; its refusal is prefixed with FILE:LINE. */
static int each_line(const char *path, int max, line_fn fn, void *ctx, struct err *err)
{
	struct strbuf text = STRBUF_INIT;
	struct tsv_reader rd;
	char *fields[4];
	int nf, rc;

	if ((rc = read_all(path, &text, err)) != HIM_OK) {
		strbuf_release(&text);
		return rc;
	}
	tsv_reader_init(&rd, text.buf, text.len);
	while (rc == HIM_OK && (nf = tsv_reader_next(&rd, fields, max)) > 0)
		if ((rc = fn(fields, nf, ctx, err)) != HIM_OK) {
			/* Whatever the table called it (a place given twice with
			 * two courts is a conflict to route_table_add), a line the
			 * file may not hold is bad input in that file. */
			rc = HIM_EINPUT;
			if (err)
				err->code = rc;
			err_prefix(err, "%s:%d", path, rd.line);
		}
	tsv_reader_release(&rd);
	strbuf_release(&text);
	return rc;
}

static int cgnat_line(char **fields, int nf, void *ctx, struct err *err)
{
	(void)nf;
	return ip_range_list_add(ctx, fields[0], err);
}

int link_data_cgnat(const char *path, struct ip_range_list *out, struct err *err)
{
	int rc = ip_range_list_add(out, LINK_CGNAT_RFC6598, err);

	return rc == HIM_OK ? each_line(path, 2, cgnat_line, out, err) : rc;
}

static int exclude_line(char **fields, int nf, void *ctx, struct err *err)
{
	if (nf < 2 || !fields[1][0])
		return err_set(err, HIM_EINPUT, "an excluded value needs a kind and a value: kind<TAB>value[<TAB>service]");
	return link_exclusions_add(ctx, fields[0], fields[1], nf > 2 ? fields[2] : NULL, err);
}

int link_data_exclusions(const char *path, struct link_exclusions *out, struct err *err)
{
	FILE *f = fopen(path, "rb");

	/* A deployment without the file excludes nothing. */
	if (!f && errno == ENOENT)
		return HIM_OK;
	if (f)
		fclose(f);
	return each_line(path, 3, exclude_line, out, err);
}

struct places_ctx {
	const struct court_map *map;
	struct route_table *t;
};

static int place_line(char **fields, int nf, void *ctx, struct err *err)
{
	struct places_ctx *pc = ctx;
	const struct court_term *term;

	if (nf < 2 || !fields[1][0])
		return err_set(err, HIM_EINPUT, "a place needs a court: place<TAB>court");
	if (pc->map) {
		term = court_map_latest(pc->map, fields[1]);
		if (!term)
			return err_set(err, HIM_EINPUT, "'%s' is not a court of data/courts.tsv", fields[1]);
		if (term->kind != COURT_FIRST)
			return err_set(err, HIM_EINPUT, "'%s' is not a First Instance Court", fields[1]);
	}
	return route_table_add(pc->t, fields[0], fields[1], err);
}

int link_data_places(const char *path, const struct court_map *map, struct route_table *out, struct err *err)
{
	struct places_ctx pc = { map, out };

	return each_line(path, 2, place_line, &pc, err);
}

static int retention_line(char **fields, int nf, void *ctx, struct err *err)
{
	char *end;
	long months;

	if (nf < 2)
		return err_set(err, HIM_EINPUT, "an ISP needs a number of months: isp<TAB>months");
	months = strtol(fields[1], &end, 10);
	if (!fields[1][0] || *end || months < 1 || months > 120)
		return err_set(err, HIM_EINPUT, "'%s' is not a number of months (1-120)", fields[1]);
	return route_table_add(ctx, fields[0], fields[1], err);
}

int link_data_retention(const char *path, struct route_table *out, struct err *err)
{
	return each_line(path, 2, retention_line, out, err);
}

int link_data_tables(const char *data_dir, const struct court_map *map, struct route_table *places,
		     struct route_table *retention, struct err *err)
{
	struct strbuf path = STRBUF_INIT;
	int rc;

	strbuf_addf(&path, "%s/locations.tsv", data_dir);
	rc = link_data_places(path.buf, map, places, err);
	if (rc == HIM_OK && retention) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/retention.tsv", data_dir);
		rc = link_data_retention(path.buf, retention, err);
	}
	strbuf_release(&path);
	/* A table sorts itself on its first lookup: do it now, so that the
	 * threads of the web server that share the tables only read them. */
	if (rc == HIM_OK) {
		route_table_find(places, "-");
		if (retention)
			route_table_find(retention, "-");
	}
	return rc;
}
