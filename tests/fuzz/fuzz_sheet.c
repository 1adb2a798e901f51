/*
 * libFuzzer target: the backfill's spreadsheet readers, csv_read_rows and
 * xlsx_read_rows, on any bytes. They must never crash or leak, must hand
 * over rows whose cell count and lengths agree, and must return one of
 * their documented codes with a message.
 */
#include <stdint.h>

#include "fuzz_ingest_common.h"
#include "ingest/sheet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_row(const struct sheet_row *row, void *ctx, struct err *err)
{
	(void)ctx;
	(void)err;
	if (row->line < 1)
		__builtin_trap();
	for (size_t i = 0; i < row->n; i++)
		if (!row->cells[i] || row->cells[i][row->lens[i]] != '\0')
			__builtin_trap();
	return 0;
}

static void on_problem(int line, const char *message, void *ctx)
{
	(void)ctx;
	if (line < 1 || !message || !*message)
		__builtin_trap();
}

static void check(int rc, const struct err *err)
{
	if (rc != HIM_OK && rc != HIM_EINPUT && rc != HIM_EIO)
		__builtin_trap();
	if (rc != HIM_OK && !err->msg[0])
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct err err = ERR_INIT;
	const char *path = fuzz_write(data, size, ".sheet");

	check(csv_read_rows(path, on_row, on_problem, NULL, &err), &err);
	err_clear(&err);
	/* A workbook is a ZIP: inputs that start like one also go through the
	 * XLSX reader (libFuzzer finds the PK header from the seeds). */
	if (sheet_is_zip(path))
		check(xlsx_read_rows(path, on_row, NULL, &err), &err);
	return 0;
}
