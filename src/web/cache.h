/*
 * cache.h - results of costly scoped reads (the dashboard's figures, the
 * number of cases a list filter matches), kept in memory and reused while
 * the case data have not changed.
 *
 * "Not changed" is exact, not a time to live: every write of data is
 * audited by the store in the write's own transaction, which moves the
 * store's data version (store_data_version, web_cache_stamp) with every
 * write, from this server, another node or the CLI; the audited reads of
 * the pages themselves do not move it. An entry is used only when its
 * stamp is the current one. The stamp is read before the result is computed, so a
 * write landing in between makes the entry stale, never wrong.
 *
 * Keys must hold everything the result depends on (the scope, the
 * language, the day, the filter); values are opaque bytes. Thread-safe;
 * a small fixed number of entries, the least recently used replaced.
 */
#ifndef HIMAYA_WEB_CACHE_H
#define HIMAYA_WEB_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "../lib/strbuf.h"
#include "request.h"

/* The current stamp of the data (the store's data version). */
int web_cache_stamp(struct web_request *r, int64_t *stamp, struct err *err);

/* Append the value of key, if stored with this stamp, to out. */
bool web_cache_get(const char *key, int64_t stamp, struct strbuf *out);
void web_cache_put(const char *key, int64_t stamp, const char *value, size_t len);

/* The part of a key that names the request's read scope and language. */
void web_cache_key_scope(const struct web_request *r, struct strbuf *key);

/* Drop every entry (at shutdown, so that leak checkers stay quiet). */
void web_cache_clear(void);

#endif
