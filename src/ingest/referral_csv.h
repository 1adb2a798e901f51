/*
 * referral_csv.h - what the tip-list and CPS readers share on top of
 * csv_read_rows (sheet.h): the header row matched to fields by name (case
 * and surrounding spaces ignored, aliases from a column map), each data
 * row checked before its fields are read (field count, UTF-8), and the
 * columns that carry file content by their name never read.
 */
#ifndef HIMAYA_INGEST_REFERRAL_CSV_H
#define HIMAYA_INGEST_REFERRAL_CSV_H

#include <stdbool.h>
#include <stdint.h>

#include "referral_fields.h"
#include "sheet.h"

#define REFERRAL_CSV_FIELDS_MAX 24

struct cps_columns {
	size_t n;
	struct cps_alias {
		char *field; /* a field name of the reader */
		char *header;
	} *alias;
};

/* The CPS reader's field names (cps_csv.c), which a column map names. */
extern const char *const cps_field_names[];
extern const int cps_nfields;

struct referral_csv;
/* Fill rec from one checked data row; get cells with referral_csv_cell(). */
typedef void (*referral_csv_row_fn)(struct referral_csv *c, const struct sheet_row *row);

struct referral_csv {
	const char *file;
	const char *platform;      /* "ncmec" or "cps" */
	const int *required;       /* fields the header must have, -1 terminated */
	const char *const *fields; /* the reader's field names, in order */
	int nfields;
	const struct cps_columns *map;
	referral_csv_row_fn row_fn;
	const struct referral_reader_ops *ops;
	void *ctx;
	struct referral_rec rec;

	bool have_header;
	size_t ncols;
	int col[REFERRAL_CSV_FIELDS_MAX];  /* field -> column, or -1 */
	char **colname;                    /* header cells, for messages */
	bool *content_col;                 /* a column of file content */
	long rows;
	uint64_t bytes, size;      /* approximate bytes read (cells, separators), file size */
};

/* Read the file; HIM_EINPUT when the header lacks a column in required
 * (field indexes, -1 terminated). */
int referral_csv_read(struct referral_csv *c, const int *required, struct err *err);

/* The cell of a field in the current row, NULL if absent or empty, or
 * if it holds file content (then counted in rec.r.content_dropped). */
const char *referral_csv_cell(struct referral_csv *c, const struct sheet_row *row, int field);
/* The header name of a field's column, for paths in messages. */
const char *referral_csv_colname(const struct referral_csv *c, int field);

#endif
