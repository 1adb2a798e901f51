/*
 * tsv.h - splitting the reference data files (tab-separated, '#'
 * comments) held in memory. Pure: reading the file is the caller's job.
 */
#ifndef HIMAYA_TSV_H
#define HIMAYA_TSV_H

#include <stddef.h>

struct tsv_reader {
	const char *pos, *end;
	int line;           /* 1-based number of the line last returned */
	char *copy;         /* the current line, fields NUL-separated */
	size_t copy_alloc;
};

void tsv_reader_init(struct tsv_reader *r, const char *text, size_t len);
void tsv_reader_release(struct tsv_reader *r);

/*
 * Return the next non-blank, non-comment line split on tabs into at most
 * max fields (stored in fields[], pointing into the reader's copy, valid
 * until the next call). Returns the number of fields (which may exceed
 * max: the extra ones are not stored), or 0 at end of input. A trailing
 * '\r' is dropped, so files edited on Windows still load.
 */
int tsv_reader_next(struct tsv_reader *r, char **fields, int max);

#endif
