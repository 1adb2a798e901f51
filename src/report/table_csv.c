/*
 * table_csv.c - the circular's table as CSV: one row per case, for
 * spreadsheets and scripts.
 *
 * UTF-8 with a byte order mark (without it Excel reads the Arabic as
 * Windows-1256 mojibake), RFC 4180: CRLF line ends, a field quoted when it
 * holds a comma, quote, CR or LF, quotes doubled. The file number and the
 * registration date lead, then the template's eight columns; group
 * headings and counts are left out so that every line is a case (the JSON
 * and the other formats carry the counts).
 */
#include "table.h"

#include <string.h>

#include "../lib/banned.h"

struct csv {
	FILE *out;
	struct strbuf line;
};

static void csv_field(struct strbuf *line, const char *s, bool first)
{
	bool quote = strpbrk(s, ",\"\r\n") != NULL;

	if (!first)
		strbuf_addch(line, ',');
	/* A cell that starts like a formula would be run by a spreadsheet
	 * (CSV injection): a leading apostrophe makes it text. Codes, dates
	 * and labels never start so; only typed text (a unit, a file number)
	 * can. */
	if (strchr("=+-@\t\r", *s) && *s) {
		quote = true;
		strbuf_adds(line, "\"'");
	} else if (quote) {
		strbuf_addch(line, '"');
	}
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			strbuf_addch(line, '"');
		strbuf_addch(line, *p);
	}
	if (quote)
		strbuf_addch(line, '"');
}

static int csv_flush(struct csv *x, struct err *err)
{
	strbuf_adds(&x->line, "\r\n");
	if (fwrite(x->line.buf, 1, x->line.len, x->out) != x->line.len)
		return err_set(err, HIM_EIO, "cannot write the CSV table");
	strbuf_reset(&x->line);
	return 0;
}

static int csv_begin(void *ctx, const struct table_header *h, struct err *err)
{
	struct csv *x = ctx;
	const struct table_text *t = h->text;

	strbuf_adds(&x->line, "\xEF\xBB\xBF");
	csv_field(&x->line, t->file_number, true);
	csv_field(&x->line, t->registered, false);
	for (size_t i = 0; i < TABLE_COLUMNS; i++) {
		if (i >= TABLE_COL_FIRST) {
			struct strbuf name = STRBUF_INIT;
			strbuf_addf(&name, "%s - %s", t->outcome, t->columns[i]);
			csv_field(&x->line, name.buf, false);
			strbuf_release(&name);
		} else {
			csv_field(&x->line, t->columns[i], false);
		}
	}
	return csv_flush(x, err);
}

static int csv_row(void *ctx, const struct table_row *r, struct err *err)
{
	struct csv *x = ctx;
	char day[DATE_ISO_LEN];

	table_registered_text(r->c, day);
	csv_field(&x->line, r->c->file_number ? r->c->file_number : "", true);
	csv_field(&x->line, day, false);
	for (size_t i = 0; i < TABLE_COLUMNS; i++)
		csv_field(&x->line, r->cells[i], false);
	return csv_flush(x, err);
}

int table_render_csv(struct store *st, const struct table_request *req, FILE *out, struct err *err)
{
	static const struct table_visitor vis = { .begin = csv_begin, .row = csv_row };
	struct csv x = { .out = out, .line = STRBUF_INIT };
	int rc = table_walk(st, req, &vis, &x, err);

	strbuf_release(&x.line);
	if (rc == 0 && fflush(out) != 0)
		rc = err_set(err, HIM_EIO, "cannot write the CSV table");
	return rc;
}
