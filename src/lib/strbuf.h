/*
 * strbuf.h - a growable, always NUL-terminated byte string (after git's
 * strbuf). All string building in Himaya goes through it; no fixed-size
 * buffers hold user data.
 *
 * Lifecycle: strbuf_init() (no allocation), strbuf_add*() (grows as
 * needed), strbuf_release() frees and re-initialises, strbuf_detach()
 * hands the heap string to the caller. Allocation failure aborts: Himaya
 * treats out-of-memory in string building as unrecoverable, as git does.
 */
#ifndef HIMAYA_STRBUF_H
#define HIMAYA_STRBUF_H

#include <stddef.h>
#include <stdint.h>

struct strbuf {
	size_t len;
	size_t alloc;
	char *buf; /* never NULL: points at a static "" until first growth */
};

extern char strbuf_empty[];
#define STRBUF_INIT { 0, 0, strbuf_empty }

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_reset(struct strbuf *sb);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, char c);
/* The decimal digits of v, as "%lld" would write them, without printf
 * (imports write millions of numbers; vfprintf was a visible share). */
void strbuf_addi64(struct strbuf *sb, int64_t v);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* malloc-or-die helpers for long-lived objects with an obvious owner. */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
