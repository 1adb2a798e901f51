/*
 * table_xlsx.c - the circular's table as an Excel workbook (libxlsxwriter).
 *
 * A court's table is one sheet; a district's or the nation's is a summary
 * sheet first (the count of every court, district subtotals, the total)
 * and then one sheet per court, each the template a court would send:
 * right to left, the header block, the title and period, "مآل القضية"
 * merged over its three levels, the heads frozen and repeated on printed
 * pages, the count, and the footnote on a Court of Appeal's sheet. The
 * file number and registration date lead each row, as in the CSV, so that
 * a sheet can be sorted and filtered and every row traced.
 *
 * The workbook is written in libxlsxwriter's constant-memory mode (rows
 * go to disk as they are finished), so a national export of any size
 * holds one row in memory. That mode needs every sheet written row after
 * row, which is how the walk comes. libxlsxwriter writes to a file name:
 * the workbook is made in a temporary file and copied to the caller's
 * stream.
 */
#include "table.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "../lib/banned.h"

#define XCOLS (2 + TABLE_COLUMNS)     /* file number, date, the template's columns */
#define XCOL_OUTCOME (2 + TABLE_COL_FIRST)
#define SHEET_NAME_MAX 31             /* Excel's limit, in characters */
#define WIDTH_MIN 9.0
#define WIDTH_MAX 42.0

struct sheet {
	lxw_worksheet *ws;
	lxw_row_t row;          /* the next row to write */
	double width[XCOLS];    /* widest content so far, in characters */
};

struct xlsx {
	lxw_workbook *wb;
	const struct table_header *h;
	lxw_format *f_bold, *f_title, *f_center, *f_head, *f_cell, *f_count, *f_note, *f_number;
	struct sheet summary, court;
	bool has_summary, has_court;
	char **names;           /* sheet names used so far (at most one per court) */
	size_t nnames;
	int64_t district_count;
};

/* Characters, not bytes: Excel's widths and the sheet-name limit count
 * characters, and Arabic letters are two bytes each. */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void note_width(struct sheet *s, int col, const char *text)
{
	/* Arabic letters are narrower than Excel's width unit (a digit of
	 * the default font); long text wraps within WIDTH_MAX. */
	double w = (double)utf8_chars(text) * 0.9 + 2;

	if (w > s->width[col])
		s->width[col] = w;
}

static int lxw_check(lxw_error e, struct err *err)
{
	if (e == LXW_NO_ERROR)
		return 0;
	return err_set(err, HIM_EIO, "cannot write the XLSX table: %s", lxw_strerror(e));
}

static void make_formats(struct xlsx *x, bool rtl)
{
	lxw_format *all[8];
	size_t n = 0;

	all[n++] = x->f_bold = workbook_add_format(x->wb);
	all[n++] = x->f_title = workbook_add_format(x->wb);
	all[n++] = x->f_center = workbook_add_format(x->wb);
	all[n++] = x->f_head = workbook_add_format(x->wb);
	all[n++] = x->f_cell = workbook_add_format(x->wb);
	all[n++] = x->f_count = workbook_add_format(x->wb);
	all[n++] = x->f_note = workbook_add_format(x->wb);
	all[n++] = x->f_number = workbook_add_format(x->wb);
	for (size_t i = 0; i < n; i++) {
		format_set_font_name(all[i], rtl ? "Arial" : "Calibri");
		format_set_font_size(all[i], 11);
		if (rtl)
			format_set_reading_order(all[i], 2);
	}
	format_set_bold(x->f_bold);
	format_set_bold(x->f_title);
	format_set_font_size(x->f_title, 14);
	format_set_align(x->f_title, LXW_ALIGN_CENTER);
	format_set_align(x->f_title, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(x->f_title);
	format_set_bold(x->f_center);
	format_set_align(x->f_center, LXW_ALIGN_CENTER);
	format_set_bold(x->f_head);
	format_set_align(x->f_head, LXW_ALIGN_CENTER);
	format_set_align(x->f_head, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(x->f_head);
	format_set_border(x->f_head, LXW_BORDER_THIN);
	format_set_bg_color(x->f_head, 0xE6E6E6);
	format_set_text_wrap(x->f_cell);
	format_set_align(x->f_cell, LXW_ALIGN_VERTICAL_TOP);
	format_set_border(x->f_cell, LXW_BORDER_THIN);
	format_set_bold(x->f_count);
	format_set_border(x->f_count, LXW_BORDER_THIN);
	format_set_bg_color(x->f_count, 0xF2F2F2);
	format_set_text_wrap(x->f_note);
	format_set_align(x->f_note, LXW_ALIGN_VERTICAL_TOP);
	format_set_border(x->f_number, LXW_BORDER_THIN);
	format_set_bold(x->f_number);
	format_set_bg_color(x->f_number, 0xF2F2F2);
}

/* A sheet name Excel accepts: no []:*?/\, at most 31 characters, not
 * starting or ending with an apostrophe, unique in the workbook. */
static char *sheet_name(struct xlsx *x, const char *wanted)
{
	struct strbuf sb = STRBUF_INIT;
	size_t chars = 0;

	for (const char *p = wanted; *p; p++) {
		bool lead = ((unsigned char)*p & 0xC0) != 0x80;
		if (lead && chars == SHEET_NAME_MAX)
			break;
		chars += lead;
		strbuf_addch(&sb, strchr("[]:*?/\\", *p) ? '-' : *p);
	}
	while (sb.len && sb.buf[sb.len - 1] == ' ')
		sb.buf[--sb.len] = '\0';
	if (!sb.len || sb.buf[0] == '\'' || sb.buf[sb.len - 1] == '\'')
		strbuf_adds(&sb, "-");
	for (int k = 2;; k++) {
		bool taken = false;
		for (size_t i = 0; i < x->nnames && !taken; i++)
			taken = strcmp(x->names[i], sb.buf) == 0;
		if (!taken)
			break;
		/* Shorten to make room for " (k)" and try again. */
		{
			struct strbuf alt = STRBUF_INIT, suffix = STRBUF_INIT;
			size_t keep = 0, c = 0;
			strbuf_addf(&suffix, " (%d)", k);
			for (const char *p = wanted; *p; p++) {
				bool lead = ((unsigned char)*p & 0xC0) != 0x80;
				if (lead && c + suffix.len >= SHEET_NAME_MAX)
					break;
				c += lead;
				keep++;
			}
			for (size_t i = 0; i < keep; i++)
				strbuf_addch(&alt, strchr("[]:*?/\\", wanted[i]) ? '-' : wanted[i]);
			strbuf_adds(&alt, suffix.buf);
			strbuf_release(&sb);
			sb = alt;
			strbuf_release(&suffix);
		}
	}
	x->names = xrealloc(x->names, (x->nnames + 1) * sizeof(*x->names));
	x->names[x->nnames++] = strbuf_detach(&sb, NULL);
	return x->names[x->nnames - 1];
}

static lxw_error put(struct sheet *s, lxw_row_t row, int col, const char *text, lxw_format *f)
{
	return worksheet_write_string(s->ws, row, (lxw_col_t)col, text, f);
}

/* Text as a right-to-left sheet shows it: dates kept whole (table.h). */
static const char *shown(const struct xlsx *x, const char *text, struct strbuf *sb)
{
	strbuf_reset(sb);
	if (!x->h->text->rtl)
		return text;
	table_mark_numbers(text, sb);
	return sb->buf;
}

/* The header block, title and period over ncols columns; returns the next row. */
static lxw_row_t put_header_block(struct xlsx *x, struct sheet *s, int ncols,
				  const char *const *lines, size_t nlines)
{
	const struct table_header *h = x->h;
	lxw_row_t r = 0;

	put(s, r++, 0, h->text->kingdom, x->f_bold);
	for (size_t i = 0; i < nlines; i++)
		put(s, r++, 0, lines[i], x->f_bold);
	r++;
	worksheet_set_row(s->ws, r, 36, NULL);
	worksheet_merge_range(s->ws, r, 0, r, (lxw_col_t)(ncols - 1), h->text->title, x->f_title);
	r++;
	{
		struct strbuf sb = STRBUF_INIT;
		worksheet_merge_range(s->ws, r, 0, r, (lxw_col_t)(ncols - 1), shown(x, h->period, &sb), x->f_center);
		strbuf_release(&sb);
	}
	r++;
	if (h->platform) {
		struct strbuf line = STRBUF_INIT;
		strbuf_addf(&line, "%s %s", h->text->platform_line, h->platform);
		worksheet_merge_range(s->ws, r, 0, r, (lxw_col_t)(ncols - 1), line.buf, x->f_center);
		strbuf_release(&line);
		r++;
	}
	return r + 1;
}

static void setup_sheet(struct xlsx *x, struct sheet *s)
{
	if (x->h->text->rtl)
		worksheet_right_to_left(s->ws);
	worksheet_set_landscape(s->ws);
	worksheet_set_paper(s->ws, 9); /* A4 */
	worksheet_fit_to_pages(s->ws, 1, 0);
	worksheet_set_margins(s->ws, 0.4, 0.4, 0.5, 0.6);
}

static void page_footer(struct xlsx *x, struct sheet *s)
{
	/* "صفحة &P من &N" with Excel's page fields. */
	struct strbuf f = STRBUF_INIT;
	const char *fmt = x->h->text->page;
	const char *first = strstr(fmt, "%d");
	const char *second = first ? strstr(first + 2, "%d") : NULL;

	strbuf_adds(&f, "&C");
	if (first && second) {
		strbuf_add(&f, fmt, (size_t)(first - fmt));
		strbuf_adds(&f, "&P");
		strbuf_add(&f, first + 2, (size_t)(second - first - 2));
		strbuf_adds(&f, "&N");
		strbuf_adds(&f, second + 2);
	} else {
		strbuf_adds(&f, "&P / &N");
	}
	worksheet_set_footer(s->ws, f.buf);
	strbuf_release(&f);
}

static void set_widths(struct sheet *s, int ncols)
{
	for (int i = 0; i < ncols; i++) {
		double w = s->width[i] < WIDTH_MIN ? WIDTH_MIN : s->width[i] > WIDTH_MAX ? WIDTH_MAX : s->width[i];
		worksheet_set_column(s->ws, (lxw_col_t)i, (lxw_col_t)i, w, NULL);
	}
}

static int x_begin(void *ctx, const struct table_header *h, struct err *err)
{
	struct xlsx *x = ctx;
	const struct table_text *t = h->text;
	struct sheet *s = &x->summary;
	const char *heads[3] = { t->district, t->court, t->count };

	x->h = h;
	make_formats(x, t->rtl);
	if (h->request->scope.kind == SCOPE_COURT)
		return 0;
	/* The summary sheet: the count of every court, first. */
	s->ws = workbook_add_worksheet(x->wb, sheet_name(x, t->summary));
	if (!s->ws)
		return err_set(err, HIM_EIO, "cannot add the summary sheet");
	x->has_summary = true;
	setup_sheet(x, s);
	page_footer(x, s);
	s->row = put_header_block(x, s, 3, h->lines, h->nlines);
	for (int i = 0; i < 3; i++) {
		put(s, s->row, i, heads[i], x->f_head);
		note_width(s, i, heads[i]);
	}
	s->row++;
	worksheet_freeze_panes(s->ws, s->row, 0);
	worksheet_repeat_rows(s->ws, s->row - 1, s->row - 1);
	return 0;
}

static int x_group_begin(void *ctx, const struct table_group *g, struct err *err)
{
	struct xlsx *x = ctx;
	const struct table_text *t = x->h->text;
	struct sheet *s = &x->court;
	struct strbuf name = STRBUF_INIT;
	const char *lines[2];
	size_t nlines = 0;
	lxw_row_t head;

	if (g->kind == TABLE_GROUP_DISTRICT) {
		x->district_count = 0;
		return 0;
	}
	memset(s, 0, sizeof(*s));
	table_court_short_name(g->name, t->rtl ? LANG_AR : LANG_FR, &name);
	s->ws = workbook_add_worksheet(x->wb, sheet_name(x, name.buf));
	strbuf_release(&name);
	if (!s->ws)
		return err_set(err, HIM_EIO, "cannot add the sheet of %s", g->code);
	x->has_court = true;
	setup_sheet(x, s);
	page_footer(x, s);
	/* A court's sheet has its own header block: its Court of Appeal, then itself. */
	if (*g->ca_name)
		lines[nlines++] = g->ca_name;
	lines[nlines++] = g->name;
	s->row = put_header_block(x, s, XCOLS, lines, nlines);

	/* Two heading rows: the first five columns (and the two leading ones)
	 * span both; مآل القضية spans its three levels. Row by row, as the
	 * constant-memory mode requires: the vertical merges are declared
	 * once the second row is being written. */
	head = s->row;
	put(s, head, 0, t->file_number, x->f_head);
	put(s, head, 1, t->registered, x->f_head);
	note_width(s, 0, t->file_number);
	note_width(s, 1, t->registered);
	for (int i = 0; i < TABLE_COL_FIRST; i++) {
		put(s, head, 2 + i, t->columns[i], x->f_head);
		note_width(s, 2 + i, t->columns[i]);
	}
	worksheet_merge_range(s->ws, head, XCOL_OUTCOME, head, XCOLS - 1, t->outcome, x->f_head);
	for (int i = TABLE_COL_FIRST; i < TABLE_COLUMNS; i++) {
		put(s, head + 1, 2 + i, t->columns[i], x->f_head);
		note_width(s, 2 + i, t->columns[i]);
	}
	for (int c = 0; c < XCOL_OUTCOME; c++)
		worksheet_merge_range(s->ws, head, (lxw_col_t)c, head + 1, (lxw_col_t)c,
				      c < 2 ? (c == 0 ? t->file_number : t->registered) : t->columns[c - 2], x->f_head);
	s->row = head + 2;
	worksheet_freeze_panes(s->ws, s->row, 0);
	worksheet_repeat_rows(s->ws, head, head + 1);
	return 0;
}

static int x_row(void *ctx, const struct table_row *r, struct err *err)
{
	struct xlsx *x = ctx;
	struct sheet *s = &x->court;
	char day[DATE_ISO_LEN];
	struct strbuf sb = STRBUF_INIT;
	lxw_error e;

	table_registered_text(r->c, day);
	e = put(s, s->row, 0, r->c->file_number ? r->c->file_number : "", x->f_cell);
	note_width(s, 0, r->c->file_number ? r->c->file_number : "");
	put(s, s->row, 1, day, x->f_cell);
	note_width(s, 1, day);
	/* The court's name alone (its file number has a column); the other
	 * cells as printed, one line per part (wrapped cells show them). */
	put(s, s->row, 2, r->cells[TABLE_COL_COURT], x->f_cell);
	note_width(s, 2, r->cells[TABLE_COL_COURT]);
	for (int i = 1; i < TABLE_COLUMNS; i++) {
		const char *block = r->blocks[i];
		const char *nl;
		put(s, s->row, 2 + i, shown(x, block, &sb), x->f_cell);
		/* Width: the longest line, not the whole cell. */
		while ((nl = strchr(block, '\n')) != NULL) {
			char *line = xstrndup(block, (size_t)(nl - block));
			note_width(s, 2 + i, line);
			free(line);
			block = nl + 1;
		}
		note_width(s, 2 + i, block);
	}
	strbuf_release(&sb);
	s->row++;
	return lxw_check(e, err);
}

static int x_group_end(void *ctx, const struct table_group *g, struct err *err)
{
	struct xlsx *x = ctx;
	const struct table_text *t = x->h->text;
	struct sheet *s = &x->court, *sum = &x->summary;

	(void)err;
	if (g->kind == TABLE_GROUP_DISTRICT) {
		if (x->has_summary && x->h->request->scope.kind == SCOPE_NATIONAL) {
			put(sum, sum->row, 0, t->count_district, x->f_count);
			put(sum, sum->row, 1, g->heading, x->f_count);
			note_width(sum, 1, g->heading);
			worksheet_write_number(sum->ws, sum->row, 2, (double)g->count, x->f_number);
			sum->row++;
		}
		return 0;
	}
	if (g->count == 0) {
		worksheet_merge_range(s->ws, s->row, 0, s->row, XCOLS - 1, t->no_cases, x->f_cell);
		s->row++;
	}
	put(s, s->row, 0, t->count_court, x->f_count);
	worksheet_write_number(s->ws, s->row, 1, (double)g->count, x->f_number);
	s->row += 2;
	if (g->appeal_court) {
		worksheet_set_row(s->ws, s->row, 32, NULL);
		worksheet_merge_range(s->ws, s->row, 0, s->row, XCOLS - 1, t->footnote, x->f_note);
		s->row++;
	}
	set_widths(s, XCOLS);

	if (x->has_summary) {
		/* A court's district is named by its Court of Appeal. */
		put(sum, sum->row, 0, *g->ca_name ? g->ca_name : g->name, x->f_cell);
		note_width(sum, 0, *g->ca_name ? g->ca_name : g->name);
		put(sum, sum->row, 1, g->name, x->f_cell);
		note_width(sum, 1, g->name);
		worksheet_write_number(sum->ws, sum->row, 2, (double)g->count, x->f_cell);
		sum->row++;
	}
	return 0;
}

static int x_end(void *ctx, int64_t total, struct err *err)
{
	struct xlsx *x = ctx;
	const struct table_text *t = x->h->text;
	struct sheet *s = &x->summary;

	(void)err;
	if (!x->has_summary)
		return 0;
	put(s, s->row, 0, t->count_total, x->f_count);
	put(s, s->row, 1, "", x->f_count);
	worksheet_write_number(s->ws, s->row, 2, (double)total, x->f_number);
	s->row += 2;
	if (x->h->footnote) {
		worksheet_set_row(s->ws, s->row, 48, NULL);
		worksheet_merge_range(s->ws, s->row, 0, s->row, 2, t->footnote, x->f_note);
	}
	set_widths(s, 3);
	return 0;
}

static int copy_file(const char *path, FILE *out, struct err *err)
{
	FILE *in = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int rc = 0;

	if (!in)
		return err_set(err, HIM_EIO, "cannot read back the workbook %s", path);
	while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0) {
		if (fwrite(chunk, 1, n, out) != n) {
			rc = err_set(err, HIM_EIO, "cannot write the XLSX table");
			break;
		}
	}
	if (rc == 0 && ferror(in))
		rc = err_set(err, HIM_EIO, "cannot read back the workbook %s", path);
	fclose(in);
	if (rc == 0 && fflush(out) != 0)
		rc = err_set(err, HIM_EIO, "cannot write the XLSX table");
	return rc;
}

int table_render_xlsx(struct store *st, const struct table_request *req, FILE *out, struct err *err)
{
	static const struct table_visitor vis = {
		.begin = x_begin, .group_begin = x_group_begin, .row = x_row,
		.group_end = x_group_end, .end = x_end,
	};
	const char *tmpdir = getenv("TMPDIR");
	struct strbuf path = STRBUF_INIT;
	lxw_workbook_options options = { .constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_FALSE };
	lxw_doc_properties props = { 0 };
	struct xlsx x;
	lxw_error e;
	int fd, rc;

	memset(&x, 0, sizeof(x));
	strbuf_addf(&path, "%s/himaya-table-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	fd = mkstemp(path.buf);
	if (fd < 0) {
		rc = err_set(err, HIM_EIO, "cannot create a temporary file in %s", tmpdir && *tmpdir ? tmpdir : "/tmp");
		strbuf_release(&path);
		return rc;
	}
	close(fd);
	x.wb = workbook_new_opt(path.buf, &options);
	if (!x.wb) {
		unlink(path.buf);
		strbuf_release(&path);
		return err_set(err, HIM_EIO, "cannot create the workbook");
	}
	rc = table_walk(st, req, &vis, &x, err);
	if (rc == 0 && !x.has_summary && !x.has_court)
		rc = err_set(err, HIM_EUSAGE, "the table produced no sheet");
	props.title = (char *)table_text_of(req->lang)->title;
	props.author = "Himaya";
	workbook_set_properties(x.wb, &props);
	e = workbook_close(x.wb); /* frees the workbook, whatever happened */
	if (rc == 0)
		rc = lxw_check(e, err);
	if (rc == 0)
		rc = copy_file(path.buf, out, err);
	unlink(path.buf);
	strbuf_release(&path);
	for (size_t i = 0; i < x.nnames; i++)
		free(x.names[i]);
	free(x.names);
	return rc;
}
