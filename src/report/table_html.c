/*
 * table_html.c - the circular's table as an HTML page: the template's
 * header block, title and period, the eight columns under a two-row head
 * ("مآل القضية" over its three levels), district and court groups with
 * their counts, and the Courts of Appeal footnote.
 *
 * Escaped by construction: markup comes only from string literals here,
 * and every piece of data goes through html_escape (put_text). The style
 * is web/static/table.css: linked by the web app (whose CSP forbids inline
 * style), inlined in a standalone download so that the file is complete
 * on its own. Printing gives A4 landscape with the column heads repeated
 * on every page (thead as a table-header-group).
 */
#include "table.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/html.h"
#include "../lib/banned.h"

struct html {
	FILE *out;
	const struct table_html_options *opt;
	const struct table_header *h;
	struct strbuf sb;
};

static void put(struct html *x, const char *markup)
{
	strbuf_adds(&x->sb, markup);
}

static void put_text(struct html *x, const char *text)
{
	html_escape(&x->sb, text);
}

/* Text as shown: numbers kept whole in a right-to-left line, then escaped. */
static void put_shown(struct html *x, const char *text)
{
	struct strbuf marked = STRBUF_INIT;

	if (x->h->text->rtl) {
		table_mark_numbers(text, &marked);
		text = marked.buf;
	}
	html_escape(&x->sb, text);
	strbuf_release(&marked);
}

/*
 * A heading: its parenthesis on a line of its own, and a Latin phrase
 * ("CPS / NCMEC") isolated and never broken, which in a right-to-left
 * line would otherwise come out as "(/ CPS" and "NCMEC)".
 */
static void put_heading(struct html *x, const char *text)
{
	const char *paren = strstr(text, " (");
	const char *latin = strstr(text, "CPS / NCMEC");
	char *before;

	if (paren) {
		before = xstrndup(text, (size_t)(paren - text));
		put_text(x, before);
		free(before);
		put(x, "<br><bdi class=\"keep\">");
		put_text(x, paren + 1);
		put(x, "</bdi>");
	} else if (latin) {
		before = xstrndup(text, (size_t)(latin - text));
		put_text(x, before);
		free(before);
		put(x, "<bdi class=\"keep\">CPS / NCMEC</bdi>");
		put_text(x, latin + strlen("CPS / NCMEC"));
	} else {
		put_text(x, text);
	}
}

/* Lines of a cell, each escaped, joined by <br>. */
static void put_lines(struct html *x, const char *block)
{
	const char *nl;

	while ((nl = strchr(block, '\n')) != NULL) {
		char *line = xstrndup(block, (size_t)(nl - block));
		put_shown(x, line);
		put(x, "<br>");
		free(line);
		block = nl + 1;
	}
	put_shown(x, block);
}

static int flush(struct html *x, struct err *err)
{
	if (x->sb.len && fwrite(x->sb.buf, 1, x->sb.len, x->out) != x->sb.len)
		return err_set(err, HIM_EIO, "cannot write the HTML table");
	strbuf_reset(&x->sb);
	return 0;
}

/* A row that spans the whole table: a group heading or a count. */
static void put_wide(struct html *x, const char *tr_class, const char *cell, const char *text, int64_t count)
{
	strbuf_addf(&x->sb, "<tr class=\"%s\"><%s colspan=\"%d\"%s>", tr_class, cell, TABLE_COLUMNS,
		    strcmp(cell, "th") == 0 ? " scope=\"rowgroup\"" : "");
	put_text(x, text);
	if (count >= 0)
		strbuf_addf(&x->sb, ": %lld", (long long)count);
	strbuf_addf(&x->sb, "</%s></tr>\n", cell);
}

static int h_begin(void *ctx, const struct table_header *h, struct err *err)
{
	static const char *const col_class[TABLE_COLUMNS] = {
		"c-court", "c-body", "c-subject", "c-platform", "c-decision", "c-outcome", "c-outcome", "c-outcome",
	};
	struct html *x = ctx;
	const struct table_text *t = h->text;
	const char *lang = t->rtl ? "ar" : "fr", *dir = t->rtl ? "rtl" : "ltr";

	x->h = h;
	if (!x->opt->fragment) {
		strbuf_addf(&x->sb, "<!DOCTYPE html>\n<html lang=\"%s\" dir=\"%s\">\n<head>\n", lang, dir);
		put(x, "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
		put(x, "<title>");
		put_text(x, t->title);
		put(x, " — ");
		put_text(x, h->scope_name);
		put(x, " — ");
		put_text(x, h->period);
		put(x, "</title>\n");
		if (x->opt->stylesheet_href) {
			put(x, "<link rel=\"stylesheet\" href=\"");
			put_text(x, x->opt->stylesheet_href);
			put(x, "\">\n");
		} else {
			put(x, "<style>\n");
			put(x, table_css); /* our own file, embedded at build time */
			put(x, "</style>\n");
		}
		put(x, "</head>\n<body>\n");
	}
	strbuf_addf(&x->sb, "<section class=\"himaya-table\" lang=\"%s\" dir=\"%s\">\n", lang, dir);
	put(x, "<header>\n<div class=\"tpl-institution\">\n<p>");
	put_text(x, t->kingdom);
	put(x, "</p>\n");
	for (size_t i = 0; i < h->nlines; i++) {
		put(x, "<p>");
		put_text(x, h->lines[i]);
		put(x, "</p>\n");
	}
	put(x, "</div>\n<h1>");
	put_heading(x, t->title);
	put(x, "</h1>\n<p class=\"tpl-period\">");
	put_shown(x, h->period);
	put(x, "</p>\n");
	if (h->platform) {
		put(x, "<p class=\"tpl-platform\">");
		put_text(x, t->platform_line);
		put(x, " ");
		put_text(x, h->platform);
		put(x, "</p>\n");
	}
	put(x, "</header>\n<table>\n<colgroup>");
	for (size_t i = 0; i < TABLE_COLUMNS; i++)
		strbuf_addf(&x->sb, "<col class=\"%s\">", col_class[i]);
	put(x, "</colgroup>\n<thead>\n<tr>");
	for (size_t i = 0; i < TABLE_COL_FIRST; i++) {
		put(x, "<th rowspan=\"2\" scope=\"col\">");
		put_heading(x, t->columns[i]);
		put(x, "</th>");
	}
	put(x, "<th colspan=\"3\" scope=\"colgroup\">");
	put_text(x, t->outcome);
	put(x, "</th></tr>\n<tr>");
	for (size_t i = TABLE_COL_FIRST; i < TABLE_COLUMNS; i++) {
		put(x, "<th scope=\"col\">");
		put_text(x, t->columns[i]);
		put(x, "</th>");
	}
	put(x, "</tr>\n</thead>\n<tbody>\n");
	return flush(x, err);
}

static int h_group_begin(void *ctx, const struct table_group *g, struct err *err)
{
	struct html *x = ctx;
	enum scope_kind scope = x->h->request->scope.kind;

	/* The scope's own group is the whole table: its name is in the header. */
	if (g->kind == TABLE_GROUP_DISTRICT && scope == SCOPE_NATIONAL)
		put_wide(x, "district", "th", g->heading, -1);
	else if (g->kind == TABLE_GROUP_COURT && scope != SCOPE_COURT)
		put_wide(x, "court", "th", g->heading, -1);
	return flush(x, err);
}

static int h_row(void *ctx, const struct table_row *r, struct err *err)
{
	struct html *x = ctx;

	put(x, "<tr>");
	for (size_t i = 0; i < TABLE_COLUMNS; i++) {
		bool pending = i >= TABLE_COL_FIRST && r->levels[i - TABLE_COL_FIRST].pending;

		put(x, pending ? "<td class=\"pending\">" : "<td>");
		if (i == TABLE_COL_COURT) {
			/* The file number under the court's name: the template has
			 * no column for it, and every row must trace to its case. */
			put_text(x, r->court_name);
			put(x, "<br><span class=\"file\">");
			put_text(x, x->h->text->file_prefix);
			put(x, " <bdi>");
			put_text(x, r->c->file_number ? r->c->file_number : "");
			put(x, "</bdi></span>");
		} else if (i == TABLE_COL_PLATFORM) {
			/* "NCMEC / CPS" stays in its order even when wrapped. */
			put(x, "<bdi>");
			put_lines(x, r->blocks[i]);
			put(x, "</bdi>");
		} else {
			put_lines(x, r->blocks[i]);
		}
		put(x, "</td>");
	}
	put(x, "</tr>\n");
	return flush(x, err);
}

static int h_group_end(void *ctx, const struct table_group *g, struct err *err)
{
	struct html *x = ctx;
	const struct table_text *t = x->h->text;

	if (g->count == 0)
		put_wide(x, "none", "td", t->no_cases, -1);
	if (g->kind == TABLE_GROUP_COURT)
		put_wide(x, "count", "td", t->count_court, g->count);
	else
		put_wide(x, "count district-count", "td", t->count_district, g->count);
	return flush(x, err);
}

static int h_end(void *ctx, int64_t total, struct err *err)
{
	struct html *x = ctx;
	const struct table_header *h = x->h;

	if (h->request->scope.kind == SCOPE_NATIONAL) {
		if (total == 0)
			put_wide(x, "none", "td", h->text->no_cases, -1);
		put_wide(x, "total", "td", h->text->count_total, total);
	}
	put(x, "</tbody>\n</table>\n");
	if (h->footnote) {
		put(x, "<p class=\"tpl-footnote\">");
		put_text(x, h->text->footnote);
		put(x, "</p>\n");
	}
	put(x, "</section>\n");
	if (!x->opt->fragment)
		put(x, "</body>\n</html>\n");
	return flush(x, err);
}

int table_render_html(struct store *st, const struct table_request *req,
		      const struct table_html_options *opt, FILE *out, struct err *err)
{
	static const struct table_visitor vis = {
		.begin = h_begin, .group_begin = h_group_begin, .row = h_row,
		.group_end = h_group_end, .end = h_end,
	};
	static const struct table_html_options standalone = { NULL, false };
	struct html x = { .out = out, .opt = opt ? opt : &standalone, .sb = STRBUF_INIT };
	int rc = table_walk(st, req, &vis, &x, err);

	strbuf_release(&x.sb);
	if (rc == 0 && fflush(out) != 0)
		rc = err_set(err, HIM_EIO, "cannot write the HTML table");
	return rc;
}
