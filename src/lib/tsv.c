/*
 * tsv.c - line and field splitting for the reference data files.
 */
#include "tsv.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "banned.h"

void tsv_reader_init(struct tsv_reader *r, const char *text, size_t len)
{
	r->pos = text;
	r->end = text + len;
	r->line = 0;
	r->copy = NULL;
	r->copy_alloc = 0;
}

void tsv_reader_release(struct tsv_reader *r)
{
	free(r->copy);
	r->copy = NULL;
	r->copy_alloc = 0;
}

int tsv_reader_next(struct tsv_reader *r, char **fields, int max)
{
	while (r->pos < r->end) {
		const char *start = r->pos;
		const char *nl = memchr(start, '\n', (size_t)(r->end - start));
		const char *stop = nl ? nl : r->end;
		size_t len = (size_t)(stop - start);

		r->pos = nl ? nl + 1 : r->end;
		r->line++;
		if (len && start[len - 1] == '\r')
			len--;
		if (len == 0 || start[0] == '#')
			continue;
		if (len + 1 > r->copy_alloc) {
			r->copy = xrealloc(r->copy, len + 1);
			r->copy_alloc = len + 1;
		}
		memcpy(r->copy, start, len);
		r->copy[len] = '\0';

		int n = 0;
		char *f = r->copy;
		for (;;) {
			char *tab = strchr(f, '\t');
			if (n < max)
				fields[n] = f;
			n++;
			if (!tab)
				break;
			*tab = '\0';
			f = tab + 1;
		}
		return n;
	}
	return 0;
}
