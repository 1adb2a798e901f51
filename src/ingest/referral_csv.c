/*
 * referral_csv.c - header matching and row checks shared by the tip-list
 * and CPS readers (referral_csv.h).
 */
#include "referral_csv.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../lib/utf8.h"
#include "../lib/banned.h"

/* Header cell equal to name, ignoring case and surrounding spaces. */
static bool same_name(const char *cell, size_t len, const char *name)
{
	size_t n = strlen(name);

	while (len && isspace((unsigned char)*cell)) {
		cell++;
		len--;
	}
	while (len && isspace((unsigned char)cell[len - 1]))
		len--;
	return len == n && strncasecmp(cell, name, n) == 0;
}

static int field_of(const struct referral_csv *c, const char *cell, size_t len)
{
	for (int f = 0; f < c->nfields; f++) {
		if (same_name(cell, len, c->fields[f]))
			return f;
		for (size_t i = 0; c->map && i < c->map->n; i++)
			if (strcmp(c->map->alias[i].field, c->fields[f]) == 0 &&
			    same_name(cell, len, c->map->alias[i].header))
				return f;
	}
	return -1;
}

static int header(struct referral_csv *c, const struct sheet_row *row, struct err *err)
{
	c->ncols = row->n;
	c->colname = xcalloc(row->n, sizeof(*c->colname));
	c->content_col = xcalloc(row->n, sizeof(*c->content_col));
	for (size_t i = 0; i < row->n; i++) {
		int f;
		if (!utf8_valid(row->cells[i], row->lens[i]))
			return err_set(err, HIM_EINPUT, "%s:%d: header column %zu is not valid UTF-8", c->file, row->line,
				       i + 1);
		c->colname[i] = xstrdup(row->cells[i]);
		f = field_of(c, row->cells[i], row->lens[i]);
		if (f >= 0 && c->col[f] < 0)
			c->col[f] = (int)i;
		else if (f < 0 && ident_is_content_name(row->cells[i]))
			c->content_col[i] = true;
	}
	c->have_header = true;
	for (int k = 0; c->required[k] >= 0; k++)
		if (c->col[c->required[k]] < 0)
			return err_set(err, HIM_EINPUT, "%s:%d: the header has no '%s' column", c->file, row->line,
				       c->fields[c->required[k]]);
	return HIM_OK;
}

const char *referral_csv_colname(const struct referral_csv *c, int field)
{
	return c->col[field] >= 0 ? c->colname[c->col[field]] : c->fields[field];
}

const char *referral_csv_cell(struct referral_csv *c, const struct sheet_row *row, int field)
{
	int col = c->col[field];
	const char *v;

	if (col < 0 || (size_t)col >= row->n)
		return NULL;
	v = row->cells[col];
	while (*v == ' ' || *v == '\t')
		v++;
	if (!*v)
		return NULL;
	if (ident_is_file_content(v, strlen(v))) {
		c->rec.r.content_dropped++;
		return NULL;
	}
	return v;
}

static int on_row(const struct sheet_row *row, void *ctx, struct err *err)
{
	struct referral_csv *c = ctx;
	int rc;

	if (!c->have_header)
		return header(c, row, err);
	c->rows++;
	for (size_t i = 0; i < row->n; i++)
		c->bytes += row->lens[i] + 1;
	referral_rec_start(&c->rec, c->platform, row->line);
	c->rec.r.fragment = true;
	for (size_t i = 0; i < row->n && i < c->ncols; i++)
		if (c->content_col[i] && row->lens[i])
			c->rec.r.content_dropped++; /* never read */
	if (row->n != c->ncols) {
		referral_rec_fail(&c->rec, row->line, NULL, "%zu fields where the header has %zu", row->n, c->ncols);
	} else {
		for (size_t i = 0; i < row->n; i++)
			if (!c->content_col[i] && !utf8_valid(row->cells[i], row->lens[i])) {
				referral_rec_fail(&c->rec, row->line, c->colname[i],
						  "invalid UTF-8 in column %zu (%s)", i + 1, c->colname[i]);
				break;
			}
		if (!c->rec.bad)
			c->row_fn(c, row);
	}
	rc = referral_rec_deliver(&c->rec, c->ops, c->ctx, err);
	if (!rc && c->ops->on_progress && c->rows % 4096 == 0)
		c->ops->on_progress(c->bytes, c->size, c->ctx);
	return rc;
}

static void on_bad(int line, const char *message, void *ctx)
{
	struct referral_csv *c = ctx;
	struct ingest_reject rej = { .file = c->file, .line = line, .reason = message };

	if (c->ops->on_reject)
		c->ops->on_reject(&rej, c->ctx);
}

int referral_csv_read(struct referral_csv *c, const int *required, struct err *err)
{
	struct stat st;
	int rc;

	for (int f = 0; f < REFERRAL_CSV_FIELDS_MAX; f++)
		c->col[f] = -1;
	c->have_header = false;
	c->colname = NULL;
	c->content_col = NULL;
	c->ncols = 0;
	c->rows = 0;
	c->required = required;
	c->bytes = 0;
	c->size = stat(c->file, &st) == 0 ? (uint64_t)st.st_size : 0;
	rc = csv_read_rows(c->file, on_row, on_bad, c, err);
	if (rc == HIM_OK && !c->have_header)
		rc = err_set(err, HIM_EINPUT, "%s: empty file (no header row)", c->file);
	if (rc == HIM_OK && c->ops->on_progress)
		c->ops->on_progress(c->size, c->size, c->ctx);
	for (size_t i = 0; c->colname && i < c->ncols; i++)
		free(c->colname[i]);
	free(c->colname);
	free(c->content_col);
	return rc;
}
