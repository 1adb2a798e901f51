/*
 * sheet.c - the row buffer the CSV and XLSX readers fill and hand on.
 */
#include "sheet.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/banned.h"

void sheet_row_buf_init(struct sheet_row_buf *b)
{
	memset(b, 0, sizeof(*b));
}

static void grow(struct sheet_row_buf *b, size_t n)
{
	size_t old = b->alloc;

	if (n <= b->alloc)
		return;
	b->alloc = b->alloc ? b->alloc * 2 : 16;
	while (b->alloc < n)
		b->alloc *= 2;
	b->row.cells = xrealloc(b->row.cells, b->alloc * sizeof(*b->row.cells));
	b->row.lens = xrealloc(b->row.lens, b->alloc * sizeof(*b->row.lens));
	b->row.numeric = xrealloc(b->row.numeric, b->alloc * sizeof(*b->row.numeric));
	for (size_t i = old; i < b->alloc; i++)
		b->row.cells[i] = NULL;
}

static void set_cell(struct sheet_row_buf *b, size_t i, const char *data, size_t len, bool numeric)
{
	free(b->row.cells[i]);
	b->row.cells[i] = xmalloc(len + 1);
	if (len)
		memcpy(b->row.cells[i], data, len);
	b->row.cells[i][len] = '\0';
	b->row.lens[i] = len;
	b->row.numeric[i] = numeric;
}

void sheet_row_buf_set(struct sheet_row_buf *b, size_t col, const char *data, size_t len, bool numeric)
{
	grow(b, col + 1);
	while (b->row.n < col)
		set_cell(b, b->row.n++, "", 0, false);
	set_cell(b, col, data, len, numeric);
	if (col >= b->row.n)
		b->row.n = col + 1;
}

void sheet_row_buf_reset(struct sheet_row_buf *b)
{
	for (size_t i = 0; i < b->row.n; i++) {
		free(b->row.cells[i]);
		b->row.cells[i] = NULL;
	}
	b->row.n = 0;
}

void sheet_row_buf_release(struct sheet_row_buf *b)
{
	sheet_row_buf_reset(b);
	free(b->row.cells);
	free(b->row.lens);
	free(b->row.numeric);
	sheet_row_buf_init(b);
}
