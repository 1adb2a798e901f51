/*
 * table_pdf.c - the circular's table as a PDF (cairo + pango): A4
 * landscape, the template's header block, title, period and two-row
 * column heads on every page, bordered cells whose text wraps (nothing is
 * ever cut: a row grows to hold its longest cell), group headings and
 * counts, the footnote, and "صفحة N من M" at the foot of every page.
 *
 * Arabic is shaped and ordered by pango (HarfBuzz and fribidi) in the
 * Amiri font (Noto Naskh Arabic if Amiri is missing); paragraphs are laid
 * out right to left, columns run from the right edge.
 *
 * "of M" needs the page count before the first page is finished, so the
 * table is walked twice. The first pass measures every item (a row, a
 * heading, a count, the footnote) and plans the page breaks, keeping a
 * heading with what follows it and a count with the row before it (a
 * chain of such items moves to the next page together); it keeps only the
 * current page's item heights and the list of breaks. The second pass
 * draws, breaking where the plan says. Both passes stream from the store,
 * so memory stays constant; if the cases change between the two walks the
 * export is refused (HIM_ECONFLICT) rather than numbered wrongly.
 */
#include "table.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "../lib/banned.h"

#define PAGE_W 841.89 /* A4 landscape, in points */
#define PAGE_H 595.28
#define MARGIN 28.0
#define PAD 3.0
#define FOOT 22.0     /* room for the page number */
#define FONTS "Amiri, Noto Naskh Arabic"
#define CELL_SIZE 8.5
#define MIN_SIZE 4.0

/* Shares of the table's width, as in table.css; "(CPS / NCMEC)" needs 86 points in bold. */
static const double col_share[TABLE_COLUMNS] = { 11, 12.5, 12, 12, 11, 13.83, 13.83, 13.84 };

struct pdf {
	PangoFontMap *fonts;   /* our own, freed after the export with its caches */
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoContext *pango;   /* one for both passes, so laid-out text is reused */
	PangoLayout *layout;   /* the template every laid-out text is copied from */
	PangoLayout *current;  /* the text last laid out, what show_at draws */
	/* Laid-out texts by (size, weight, alignment, width, text): shaping
	 * Arabic with Amiri is the export's main cost, and a table repeats
	 * labels on every row and lays each cell out to measure, then to
	 * draw, in both passes. Bounded: emptied when full. */
	GHashTable *laid_out;
	PangoFontDescription *font;
	bool draw;             /* second pass */
	bool rtl;
	const struct table_header *h;
	double colx[TABLE_COLUMNS], colw[TABLE_COLUMNS]; /* left edge and width of each column */
	double y;              /* where the next row goes */
	double table_top;      /* first row's top on a page, below the heads */
	int page, pages;       /* current page; total pages (known in the second pass) */
	int64_t rows;
	/* Page planning (first pass): the items on the current page, and the
	 * number of the item that starts each page after the first. */
	int64_t item;          /* items placed so far */
	int64_t page_first;    /* number of the current page's first item */
	double *page_h;        /* heights of the current page's items */
	bool *page_bound;      /* item bound to the one before it */
	size_t page_n, page_alloc;
	int64_t *breaks;
	size_t nbreaks, breaks_alloc, next_break;
	bool after_heading;    /* the last item was a heading */
	FILE *out;
	bool write_failed;
};

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int length)
{
	struct pdf *p = closure;

	if (fwrite(data, 1, length, p->out) != length) {
		p->write_failed = true;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t write_nowhere(void *closure, const unsigned char *data, unsigned int length)
{
	(void)closure;
	(void)data;
	(void)length;
	return CAIRO_STATUS_SUCCESS;
}

static double bottom(void)
{
	return PAGE_H - MARGIN - FOOT;
}

#define LAID_OUT_MAX 4096

/* Lay text out in a box of width w (into p->current): returns its height. */
static double layout_text(struct pdf *p, const char *text, double w, double size, bool bold,
			  PangoAlignment align)
{
	int lw, lh;
	struct strbuf key = STRBUF_INIT;
	PangoLayout *layout;

	strbuf_addf(&key, "%d|%d|%d|%d|", (int)(size * PANGO_SCALE), bold, (int)align, (int)(w * PANGO_SCALE));
	size_t prefix = key.len;
	if (p->rtl)
		table_mark_numbers(text, &key);
	else
		strbuf_adds(&key, text);
	layout = g_hash_table_lookup(p->laid_out, key.buf);
	if (!layout) {
		if (g_hash_table_size(p->laid_out) >= LAID_OUT_MAX)
			g_hash_table_remove_all(p->laid_out);
		layout = pango_layout_copy(p->layout);
		pango_font_description_set_size(p->font, (gint)(size * PANGO_SCALE));
		pango_font_description_set_weight(p->font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
		pango_layout_set_font_description(layout, p->font);
		pango_layout_set_width(layout, (int)(w * PANGO_SCALE));
		pango_layout_set_alignment(layout, align);
		pango_layout_set_text(layout, key.buf + prefix, -1);
		g_hash_table_insert(p->laid_out, g_strdup(key.buf), layout);
	}
	strbuf_release(&key);
	p->current = layout;
	pango_layout_get_size(layout, &lw, &lh);
	return (double)lh / PANGO_SCALE;
}

/* The paragraph's start side: right in Arabic, left in French. */
static PangoAlignment start_align(const struct pdf *p)
{
	return p->rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
}

static void show_at(struct pdf *p, double x, double y)
{
	if (!p->draw)
		return;
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, p->current);
}

static void box(struct pdf *p, double x, double y, double w, double h, double gray)
{
	if (!p->draw)
		return;
	if (gray < 1.0) {
		cairo_set_source_rgb(p->cr, gray, gray, gray);
		cairo_rectangle(p->cr, x, y, w, h);
		cairo_fill(p->cr);
	}
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	cairo_set_line_width(p->cr, 0.6);
	cairo_rectangle(p->cr, x, y, w, h);
	cairo_stroke(p->cr);
}

/* Text in a cell of the given box, vertically at the top or centred. */
static void cell_text(struct pdf *p, const char *text, double x, double y, double w, double h,
		      double size, bool bold, PangoAlignment align, bool middle)
{
	double th = layout_text(p, text, w - 2 * PAD, size, bold, align);

	cairo_set_source_rgb(p->cr, 0, 0, 0);
	show_at(p, x + PAD, middle ? y + (h - th) / 2 : y + PAD);
}

static void column_geometry(struct pdf *p)
{
	double total = 0, width = PAGE_W - 2 * MARGIN, edge;

	for (size_t i = 0; i < TABLE_COLUMNS; i++)
		total += col_share[i];
	edge = p->rtl ? PAGE_W - MARGIN : MARGIN;
	for (size_t i = 0; i < TABLE_COLUMNS; i++) {
		p->colw[i] = width * col_share[i] / total;
		if (p->rtl) {
			edge -= p->colw[i];
			p->colx[i] = edge;
		} else {
			p->colx[i] = edge;
			edge += p->colw[i];
		}
	}
}

/* A column heading with its parenthesis on a line of its own, so that
 * "(CPS / NCMEC)" is never broken inside a narrow column. */
static const char *heading(const char *text, struct strbuf *sb)
{
	const char *paren = strstr(text, " (");

	strbuf_reset(sb);
	if (!paren)
		return text;
	strbuf_add(sb, text, (size_t)(paren - text));
	strbuf_addch(sb, '\n');
	strbuf_adds(sb, paren + 1);
	return sb->buf;
}

/* The header block, title, period and the column heads: every page. */
static void draw_page_head(struct pdf *p)
{
	const struct table_header *h = p->h;
	const struct table_text *t = h->text;
	double width = PAGE_W - 2 * MARGIN, y = MARGIN, lh;
	const char *lines[4];
	size_t n = 0;
	double top_h, sub_h = 0, all_h = 0;
	double ox = p->rtl ? p->colx[TABLE_COLUMNS - 1] : p->colx[TABLE_COL_FIRST];
	double ow = 0;
	struct strbuf hb = STRBUF_INIT;

	lines[n++] = t->kingdom;
	for (size_t i = 0; i < h->nlines; i++)
		lines[n++] = h->lines[i];
	for (size_t i = 0; i < n; i++) {
		lh = layout_text(p, lines[i], width, 10.5, true, start_align(p));
		show_at(p, MARGIN, y);
		y += lh;
	}
	y += 4;
	lh = layout_text(p, t->title, width * 0.8, 13, true, PANGO_ALIGN_CENTER);
	show_at(p, MARGIN + width * 0.1, y);
	y += lh;
	lh = layout_text(p, h->period, width, 10.5, true, PANGO_ALIGN_CENTER);
	show_at(p, MARGIN, y);
	y += lh;
	if (h->platform) {
		struct strbuf line = STRBUF_INIT;
		strbuf_addf(&line, "%s %s", t->platform_line, h->platform);
		lh = layout_text(p, line.buf, width, 10, true, PANGO_ALIGN_CENTER);
		show_at(p, MARGIN, y);
		y += lh;
		strbuf_release(&line);
	}
	y += 6;

	/* Two rows of heads: مآل القضية over its three levels. */
	for (size_t i = TABLE_COL_FIRST; i < TABLE_COLUMNS; i++) {
		double sh = layout_text(p, t->columns[i], p->colw[i] - 2 * PAD, 9, true, PANGO_ALIGN_CENTER) + 2 * PAD;
		if (sh > sub_h)
			sub_h = sh;
		ow += p->colw[i];
	}
	top_h = layout_text(p, t->outcome, ow - 2 * PAD, 9, true, PANGO_ALIGN_CENTER) + 2 * PAD;
	all_h = top_h + sub_h;
	for (size_t i = 0; i < TABLE_COL_FIRST; i++) {
		double ch = layout_text(p, heading(t->columns[i], &hb), p->colw[i] - 2 * PAD, 9, true, PANGO_ALIGN_CENTER) + 2 * PAD;
		if (ch > all_h)
			all_h = ch;
	}
	top_h = all_h - sub_h;
	for (size_t i = 0; i < TABLE_COL_FIRST; i++) {
		box(p, p->colx[i], y, p->colw[i], all_h, 0.88);
		cell_text(p, heading(t->columns[i], &hb), p->colx[i], y, p->colw[i], all_h, 9, true, PANGO_ALIGN_CENTER, true);
	}
	strbuf_release(&hb);
	box(p, ox, y, ow, top_h, 0.88);
	cell_text(p, t->outcome, ox, y, ow, top_h, 9, true, PANGO_ALIGN_CENTER, true);
	for (size_t i = TABLE_COL_FIRST; i < TABLE_COLUMNS; i++) {
		box(p, p->colx[i], y + top_h, p->colw[i], sub_h, 0.88);
		cell_text(p, t->columns[i], p->colx[i], y + top_h, p->colw[i], sub_h, 9, true, PANGO_ALIGN_CENTER, true);
	}
	p->table_top = y + all_h;
	p->y = p->table_top;
}

static void start_page(struct pdf *p)
{
	p->page++;
	draw_page_head(p);
}

static void finish_page(struct pdf *p)
{
	if (p->draw) {
		struct strbuf line = STRBUF_INIT;
		double width = PAGE_W - 2 * MARGIN;
		strbuf_addf(&line, p->h->text->page, p->page, p->pages);
		layout_text(p, line.buf, width, 9, false, PANGO_ALIGN_CENTER);
		cairo_set_source_rgb(p->cr, 0, 0, 0);
		show_at(p, MARGIN, PAGE_H - MARGIN - 4);
		strbuf_release(&line);
		cairo_show_page(p->cr);
	}
}

/*
 * Place an item of height h; bound: it must stay on the page of the item
 * before it. Returns the y it is drawn at. The first pass plans: when an
 * item does not fit, the chain of bound items it ends moves with it to a
 * new page (unless the chain fills the page already). The second pass
 * follows the plan.
 */
static double place(struct pdf *p, double h, bool bound)
{
	int64_t i = p->item++;
	double y;

	if (p->draw) {
		if (p->next_break < p->nbreaks && p->breaks[p->next_break] == i) {
			p->next_break++;
			finish_page(p);
			start_page(p);
		}
		y = p->y;
		p->y += h;
		return y;
	}
	if (p->y + h > bottom() && p->page_n > 0) {
		size_t start = p->page_n;
		bool b = bound;
		double moved = 0;

		while (start > 0 && b) {
			start--;
			b = p->page_bound[start];
		}
		if (start == 0)
			start = p->page_n; /* the chain fills the page: break here */
		for (size_t k = start; k < p->page_n; k++)
			moved += p->page_h[k];
		if (p->nbreaks == p->breaks_alloc) {
			p->breaks_alloc = p->breaks_alloc ? 2 * p->breaks_alloc : 16;
			p->breaks = xrealloc(p->breaks, p->breaks_alloc * sizeof(*p->breaks));
		}
		p->breaks[p->nbreaks++] = p->page_first + (int64_t)start;
		memmove(p->page_h, p->page_h + start, (p->page_n - start) * sizeof(*p->page_h));
		memmove(p->page_bound, p->page_bound + start, (p->page_n - start) * sizeof(*p->page_bound));
		p->page_n -= start;
		p->page_first += (int64_t)start;
		p->page++;
		p->y = p->table_top + moved;
	}
	if (p->page_n == p->page_alloc) {
		p->page_alloc = p->page_alloc ? 2 * p->page_alloc : 64;
		p->page_h = xrealloc(p->page_h, p->page_alloc * sizeof(*p->page_h));
		p->page_bound = xrealloc(p->page_bound, p->page_alloc * sizeof(*p->page_bound));
	}
	p->page_h[p->page_n] = h;
	p->page_bound[p->page_n] = bound;
	p->page_n++;
	y = p->y;
	p->y += h;
	return y;
}

/* A row across the whole table: a group heading (kept with what follows)
 * or a count (kept with what precedes). */
static void wide_row(struct pdf *p, const char *text, double size, bool bold, double gray, bool heading)
{
	double width = PAGE_W - 2 * MARGIN;
	double h = layout_text(p, text, width - 2 * PAD, size, bold, start_align(p)) + 2 * PAD;
	double y = place(p, h, heading ? p->after_heading : true);

	box(p, MARGIN, y, width, h, gray);
	cell_text(p, text, MARGIN, y, width, h, size, bold, start_align(p), false);
	p->after_heading = heading;
}

static void count_row(struct pdf *p, const char *label, int64_t count, double gray)
{
	struct strbuf line = STRBUF_INIT;

	strbuf_addf(&line, "%s: %lld", label, (long long)count);
	wide_row(p, line.buf, 9.5, true, gray, false);
	strbuf_release(&line);
}

static int p_begin(void *ctx, const struct table_header *h, struct err *err)
{
	struct pdf *p = ctx;

	(void)err;
	p->h = h;
	p->rtl = h->text->rtl;
	pango_context_set_base_dir(p->pango, p->rtl ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR);
	pango_layout_context_changed(p->layout);
	column_geometry(p);
	if (p->draw) {
		cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_TITLE, h->text->title);
		cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_SUBJECT, h->scope_name);
		cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR, "Himaya");
	}
	start_page(p);
	return 0;
}

static int p_group_begin(void *ctx, const struct table_group *g, struct err *err)
{
	struct pdf *p = ctx;
	enum scope_kind scope = p->h->request->scope.kind;

	(void)err;
	if (g->kind == TABLE_GROUP_DISTRICT && scope == SCOPE_NATIONAL)
		wide_row(p, g->heading, 10.5, true, 0.80, true);
	else if (g->kind == TABLE_GROUP_COURT && scope != SCOPE_COURT)
		wide_row(p, g->heading, 10, true, 0.93, true);
	return 0;
}

static double row_height(struct pdf *p, const struct table_row *r, double size)
{
	double h = 0;

	for (size_t i = 0; i < TABLE_COLUMNS; i++) {
		double ch = layout_text(p, r->blocks[i], p->colw[i] - 2 * PAD, size, false, start_align(p));
		if (ch > h)
			h = ch;
	}
	return h + 2 * PAD;
}

static int p_row(void *ctx, const struct table_row *r, struct err *err)
{
	struct pdf *p = ctx;
	double size = CELL_SIZE, h = row_height(p, r, size);
	double room = bottom() - p->table_top, y;

	(void)err;
	/* A row taller than a whole page (a case with very many subjects)
	 * is set smaller rather than cut. */
	while (h > room && size > MIN_SIZE) {
		size = size * room / h - 0.1;
		if (size < MIN_SIZE)
			size = MIN_SIZE;
		h = row_height(p, r, size);
	}
	y = place(p, h, p->after_heading);
	p->after_heading = false;
	for (size_t i = 0; i < TABLE_COLUMNS; i++) {
		box(p, p->colx[i], y, p->colw[i], h, 1.0);
		cell_text(p, r->blocks[i], p->colx[i], y, p->colw[i], h, size, false, start_align(p), false);
	}
	p->rows++;
	return 0;
}

static int p_group_end(void *ctx, const struct table_group *g, struct err *err)
{
	struct pdf *p = ctx;
	const struct table_text *t = p->h->text;

	(void)err;
	if (g->count == 0)
		wide_row(p, t->no_cases, 9.5, false, 1.0, false);
	if (g->kind == TABLE_GROUP_COURT)
		count_row(p, t->count_court, g->count, 0.96);
	else
		count_row(p, t->count_district, g->count, 0.90);
	return 0;
}

static int p_end(void *ctx, int64_t total, struct err *err)
{
	struct pdf *p = ctx;
	const struct table_header *h = p->h;
	double width = PAGE_W - 2 * MARGIN;

	(void)err;
	if (h->request->scope.kind == SCOPE_NATIONAL) {
		if (total == 0)
			wide_row(p, h->text->no_cases, 9.5, false, 1.0, false);
		count_row(p, h->text->count_total, total, 0.85);
	}
	if (h->footnote) {
		/* Kept on the page of the last row, 6 points under it. */
		double fh = layout_text(p, h->text->footnote, width, 9, false, start_align(p)) + 6;
		double y = place(p, fh, true);
		show_at(p, MARGIN, y + 6);
	}
	finish_page(p);
	return 0;
}

/* One pass: draw (or only measure) the whole table onto a new surface. */
static int pdf_pass(struct store *st, const struct table_request *req, struct pdf *p, struct err *err)
{
	static const struct table_visitor vis = {
		.begin = p_begin, .group_begin = p_group_begin, .row = p_row,
		.group_end = p_group_end, .end = p_end,
	};
	cairo_status_t status;
	int rc;

	p->surface = cairo_pdf_surface_create_for_stream(p->draw ? write_out : write_nowhere, p, PAGE_W, PAGE_H);
	p->cr = cairo_create(p->surface);
	/* Both passes draw on a PDF surface with the same options: the
	 * context does not change, so texts laid out in the first pass are
	 * drawn as they are in the second. */
	pango_cairo_update_context(p->cr, p->pango);
	p->page = 0;
	p->rows = 0;
	p->item = 0;
	p->page_first = 0;
	p->page_n = 0;
	p->next_break = 0;
	p->after_heading = false;

	rc = table_walk(st, req, &vis, p, err);

	cairo_destroy(p->cr);
	cairo_surface_finish(p->surface);
	status = cairo_surface_status(p->surface);
	cairo_surface_destroy(p->surface);
	if (rc == 0 && (status != CAIRO_STATUS_SUCCESS || p->write_failed))
		rc = err_set(err, HIM_EIO, "cannot write the PDF table: %s", cairo_status_to_string(status));
	return rc;
}

int table_render_pdf(struct store *st, const struct table_request *req, FILE *out, struct err *err)
{
	struct pdf p;
	int64_t rows;
	int pages, rc;

	memset(&p, 0, sizeof(p));
	p.out = out;
	p.fonts = pango_cairo_font_map_new();
	p.pango = pango_font_map_create_context(p.fonts);
	p.layout = pango_layout_new(p.pango);
	p.font = pango_font_description_from_string(FONTS " 9");
	pango_layout_set_wrap(p.layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_auto_dir(p.layout, FALSE);
	/* Amiri's lines are tall (room for stacked marks the table never
	 * has): closer lines fit more rows on a page. */
	pango_layout_set_line_spacing(p.layout, 0.8f);
	/* A long file number broken across lines must not gain a hyphen:
	 * hyphens are part of file numbers. */
	{
		PangoAttrList *attrs = pango_attr_list_new();
		pango_attr_list_insert(attrs, pango_attr_insert_hyphens_new(FALSE));
		pango_layout_set_attributes(p.layout, attrs);
		pango_attr_list_unref(attrs);
	}
	p.laid_out = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);
	p.draw = false;
	rc = pdf_pass(st, req, &p, err);
	pages = p.page;
	rows = p.rows;
	p.pages = pages;
	p.draw = true;
	if (rc == 0)
		rc = pdf_pass(st, req, &p, err);
	g_hash_table_destroy(p.laid_out);
	pango_font_description_free(p.font);
	g_object_unref(p.layout);
	g_object_unref(p.pango);
	g_object_unref(p.fonts);
	free(p.page_h);
	free(p.page_bound);
	free(p.breaks);
	if (rc == 0 && (p.page != pages || p.rows != rows))
		rc = err_set(err, HIM_ECONFLICT,
			     "cases changed while the PDF was being made (%d pages, then %d): make it again",
			     pages, p.page);
	if (rc == 0 && fflush(out) != 0)
		rc = err_set(err, HIM_EIO, "cannot write the PDF table");
	return rc;
}
