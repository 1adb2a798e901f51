/*
 * backfill.h - importing the circular's table as the courts already keep
 * it (the 2021 and 2022 statistics, and any court's spreadsheet): one case
 * per row, free Arabic text in each cell (FORMATS.md section 3).
 *
 * A use case over store.h: each row becomes a case opened at its court
 * with the events its cells imply (decision, first-instance judgment,
 * appeal, cassation), so the stage machine checks the row exactly as it
 * checks a case typed in. What a clerk wrote is kept beside each code: in
 * the case's notes (every cell) and in each event's note (its cell).
 *
 * Contracts:
 *   - a bad row is rejected alone, with every reason as FILE:LINE: column:
 *     reason; the rows around it are imported. A row is imported whole or
 *     not at all: its events are checked by the stage machine before the
 *     case is opened;
 *   - a row with a value that maps to nothing is not imported, and the
 *     value is listed: once a person maps it (the mappings file), running
 *     the same import again imports that row;
 *   - importing a file again adds no case twice: the key is the court and
 *     the file number (رقم الملف), or, for a row without one, a fingerprint
 *     of the row (see backfill.c);
 *   - invalid UTF-8 is reported, never stored.
 */
#ifndef HIMAYA_INGEST_BACKFILL_H
#define HIMAYA_INGEST_BACKFILL_H

#include <jansson.h>

#include "../lib/strbuf.h"
#include "../store/store.h"
#include "backfill_map.h"

struct backfill_options {
	const char *court;   /* --court: the court of every row (the column is then not
				mapped, only kept in the notes); NULL: the المحكمة column */
	int year;            /* --year: the year of rows with no date and no السنة; 0: none */
	date_t today;        /* no date may be later */
	struct scope scope;  /* the writer's scope */
	const struct backfill_matcher *matcher;
};

void backfill_options_init(struct backfill_options *o);

struct backfill_unmapped {
	enum backfill_column column;
	char *value;  /* as first written (cleaned of control characters) */
	char *key;    /* its normal form: the same value spelt otherwise counts here */
	int count;    /* rows */
};

struct backfill_error {
	char *file;
	int line;
	int column;   /* enum backfill_column, or -1 for the row as a whole */
	char *reason;
};

struct backfill_report {
	int read, imported, duplicates, rejected;
	struct backfill_unmapped *unmapped;
	size_t nunmapped, unmapped_alloc;
	struct backfill_error *errors;
	size_t nerrors, errors_alloc;
};

void backfill_report_init(struct backfill_report *r);
void backfill_report_release(struct backfill_report *r);

/*
 * Import path (CSV, or XLSX when it is a ZIP archive) into the store.
 * HIM_OK when the file was read to its end, whatever became of its rows
 * (see rep); negative, with err, when the file as a whole cannot be read:
 * unreadable, not a table (no header row with the template's columns in
 * its first rows), or a required column missing. Rows imported before a
 * failure stay imported (a new run skips them as duplicates).
 */
int backfill_import_file(struct store *st, const char *path, const struct backfill_options *opt,
			 struct backfill_report *rep, struct err *err);

/* The summary as JSON: {"read","imported","duplicates","rejected",
 * "unmapped":[{"column","value","count"}],"errors":[{"file","line","column","reason"}]}. */
json_t *backfill_report_json(const struct backfill_report *r);

/* One error as "FILE:LINE: column: reason" (appended to out). */
void backfill_error_format(const struct backfill_error *e, struct strbuf *out);

/* The summary for people: counts, then each unmapped value (appended to out). */
void backfill_report_render_text(const struct backfill_report *r, struct strbuf *out);

#endif
