/*
 * csv_read.c - rows of a CSV file with libcsv, with the line each row
 * starts on.
 *
 * The file is fed to libcsv one physical line at a time, so that when a
 * row ends we know the line it ends on; the row started that many lines
 * earlier as its quoted fields hold newlines. libcsv runs in its strict
 * mode, so that malformed quoting is reported instead of silently merging
 * rows; after such an error the parser starts again at the next line, so
 * one bad row costs that row only. A quoted field never closed at the end
 * of the file is reported too, rather than swallowing the rest of it.
 */
#include "sheet.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "../lib/strbuf.h"
#include "../lib/banned.h"

struct csv_state {
	struct sheet_row_buf rb;
	int line;           /* the line being fed */
	int last_row_line;  /* the line the last complete row ended on */
	size_t newlines;    /* newlines inside the fields of the row so far */
	sheet_row_fn fn;
	void *ctx;
	struct err *err;
	int rc;
};

static void on_field(void *data, size_t len, void *p)
{
	struct csv_state *s = p;
	const char *d = data;

	if (s->rc)
		return;
	for (size_t i = 0; i < len; i++)
		if (d[i] == '\n')
			s->newlines++;
	sheet_row_buf_set(&s->rb, s->rb.row.n, d ? d : "", d ? len : 0, false);
}

static void on_row(int c, void *p)
{
	struct csv_state *s = p;

	(void)c;
	if (s->rc)
		return;
	s->rb.row.line = s->line - (int)s->newlines;
	s->rc = s->fn(&s->rb.row, s->ctx, s->err);
	sheet_row_buf_reset(&s->rb);
	s->newlines = 0;
	s->last_row_line = s->line;
}

/* The delimiter most used, outside quotes, in the first lines. */
static unsigned char guess_delimiter(FILE *f)
{
	static const unsigned char choices[] = { ',', ';', '\t' };
	size_t counts[3] = { 0, 0, 0 };
	char buf[65536];
	size_t n = fread(buf, 1, sizeof(buf), f);
	bool quoted = false;
	int lines = 0;
	unsigned char best = ',';
	size_t best_count = 0;

	for (size_t i = 0; i < n && lines < 10; i++) {
		if (buf[i] == '"')
			quoted = !quoted;
		else if (!quoted && buf[i] == '\n')
			lines++;
		else if (!quoted)
			for (size_t k = 0; k < 3; k++)
				if ((unsigned char)buf[i] == choices[k])
					counts[k]++;
	}
	for (size_t k = 0; k < 3; k++)
		if (counts[k] > best_count) {
			best_count = counts[k];
			best = choices[k];
		}
	return best;
}

static const unsigned char CSV_OPTIONS = CSV_APPEND_NULL | CSV_STRICT | CSV_STRICT_FINI;

int csv_read_rows(const char *path, sheet_row_fn fn, sheet_problem_fn bad_fn, void *ctx,
		  struct err *err)
{
	struct csv_state s;
	struct csv_parser p;
	FILE *f = fopen(path, "rb");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	unsigned char delim;
	int rc = HIM_OK;

	if (!f)
		return err_set(err, HIM_EIO, "%s: %s", path, strerror(errno));
	if (csv_init(&p, CSV_OPTIONS) != 0) {
		fclose(f);
		return err_set(err, HIM_ENOMEM, "%s: cannot start the CSV parser", path);
	}
	delim = guess_delimiter(f);
	csv_set_delim(&p, delim);
	rewind(f);
	memset(&s, 0, sizeof(s));
	sheet_row_buf_init(&s.rb);
	s.fn = fn;
	s.ctx = ctx;
	s.err = err;

	while (!s.rc && (n = getline(&line, &cap, f)) > 0) {
		const char *data = line;
		size_t len = (size_t)n;

		s.line++;
		if (s.line == 1 && len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
			data += 3; /* the BOM Excel writes before UTF-8 */
			len -= 3;
		}
		if (csv_parse(&p, data, len, on_field, on_row, &s) != len && !s.rc) {
			if (csv_error(&p) != CSV_EPARSE) {
				rc = err_set(err, HIM_ENOMEM, "%s:%d: %s", path, s.line, csv_strerror(csv_error(&p)));
				break;
			}
			/* Drop the row in progress and start again on the next line. */
			if (bad_fn)
				bad_fn(s.line - (int)s.newlines,
				       "malformed quoting (a quote inside an unquoted field, or text after a closing quote)",
				       ctx);
			sheet_row_buf_reset(&s.rb);
			s.newlines = 0;
			s.last_row_line = s.line;
			csv_free(&p);
			if (csv_init(&p, CSV_OPTIONS) != 0) {
				rc = err_set(err, HIM_ENOMEM, "%s: cannot start the CSV parser", path);
				break;
			}
			csv_set_delim(&p, delim);
		}
	}
	if (ferror(f) && rc == HIM_OK && !s.rc)
		rc = err_set(err, HIM_EIO, "%s: %s", path, strerror(errno));
	if (rc == HIM_OK && !s.rc && csv_fini(&p, on_field, on_row, &s) != 0 && bad_fn)
		bad_fn(s.last_row_line + 1, "a quoted field opened here is never closed: the rest of the file is unreadable",
		       ctx);
	if (s.rc)
		rc = s.rc;
	free(line);
	csv_free(&p);
	sheet_row_buf_release(&s.rb);
	fclose(f);
	return rc;
}
