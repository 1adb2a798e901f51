/*
 * sheet.h - rows of a spreadsheet, from a CSV or an XLSX file, one at a
 * time: the backfill's readers.
 *
 * Both readers stream (memory bounded by one row, plus an XLSX file's
 * shared strings) and hand each row to a callback with the line a person
 * would look up: the file's physical line for CSV (where a row spanning
 * lines starts), the row number Excel shows for XLSX. Cells are handed as
 * read, not validated: a cell may be invalid UTF-8 and the caller decides
 * what that means for its row.
 */
#ifndef HIMAYA_INGEST_SHEET_H
#define HIMAYA_INGEST_SHEET_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/err.h"

struct sheet_row {
	int line;
	size_t n;            /* cells in this row (XLSX rows omit trailing empty cells) */
	char **cells;        /* NUL-terminated */
	size_t *lens;        /* byte lengths (a cell may hold a NUL byte) */
	bool *numeric;       /* XLSX: a number cell (a date serial, a year); CSV: all false */
	bool date1904;       /* XLSX: serial dates count from 1904 (old Mac workbooks) */
};

/* Called for each row; a nonzero return stops the reading and is returned. */
typedef int (*sheet_row_fn)(const struct sheet_row *row, void *ctx, struct err *err);

/*
 * A CSV file: RFC 4180 quoting, UTF-8 with or without a BOM, CRLF or LF.
 * The delimiter is the one of ',' ';' TAB most frequent in the first lines
 * (French-locale Excel writes ';'). Blank lines are skipped. A quoted field
 * never closed at the end of the file is reported through bad_fn (line,
 * message), after the rows before it.
 */
typedef void (*sheet_problem_fn)(int line, const char *message, void *ctx);
int csv_read_rows(const char *path, sheet_row_fn fn, sheet_problem_fn bad_fn, void *ctx,
		  struct err *err);

/*
 * The first worksheet of an XLSX workbook: shared and inline strings,
 * numbers as written in the file (so a date is its serial number), and
 * booleans as TRUE/FALSE. HIM_EINPUT if the file is not a workbook.
 */
int xlsx_read_rows(const char *path, sheet_row_fn fn, void *ctx, struct err *err);

/* Does the file start like a ZIP archive (an XLSX workbook)? */
bool sheet_is_zip(const char *path);

/* --- building rows, for the readers ------------------------------------ */

struct sheet_row_buf {
	struct sheet_row row;
	size_t alloc;
};

void sheet_row_buf_init(struct sheet_row_buf *b);
/* Set cell col (0-based) to a copy of data[0..len); cells before it that
 * were not set are empty. */
void sheet_row_buf_set(struct sheet_row_buf *b, size_t col, const char *data, size_t len, bool numeric);
/* Empty the row (keeping the allocation). */
void sheet_row_buf_reset(struct sheet_row_buf *b);
void sheet_row_buf_release(struct sheet_row_buf *b);

#endif
