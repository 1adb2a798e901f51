/*
 * pg_array.h - PostgreSQL array literals ("{1,2,3}", '{"a","b"}') built
 * in a strbuf: many rows in one statement (unnest), one parameter each,
 * instead of a round trip per row.
 */
#ifndef HIMAYA_PG_ARRAY_H
#define HIMAYA_PG_ARRAY_H

#include <stdbool.h>
#include <stdint.h>

#include "../lib/strbuf.h"

static inline void array_open(struct strbuf *a)
{
	strbuf_reset(a);
	strbuf_addch(a, '{');
}

static inline void array_sep(struct strbuf *a)
{
	if (a->len > 1)
		strbuf_addch(a, ',');
}

static inline void array_int(struct strbuf *a, int64_t v)
{
	array_sep(a);
	strbuf_addf(a, "%lld", (long long)v);
}

/* An element NULL when v < 0. */
static inline void array_opt_int(struct strbuf *a, int64_t v)
{
	if (v < 0) {
		array_sep(a);
		strbuf_adds(a, "NULL");
	} else {
		array_int(a, v);
	}
}

static inline void array_bool(struct strbuf *a, bool v)
{
	array_sep(a);
	strbuf_addch(a, v ? 't' : 'f');
}

/* A text element, quoted: only " and \ need a backslash inside quotes. */
static inline void array_text(struct strbuf *a, const char *s)
{
	array_sep(a);
	strbuf_addch(a, '"');
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			strbuf_addch(a, '\\');
		strbuf_addch(a, *s);
	}
	strbuf_addch(a, '"');
}

static inline void array_close(struct strbuf *a)
{
	strbuf_addch(a, '}');
}

#endif
