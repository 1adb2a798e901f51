/*
 * cache.c - the stamp-validated result cache of cache.h: a fixed array of
 * entries under one mutex (lookups are a few string compares; the costly
 * work they save is tens to hundreds of milliseconds of SQL).
 */
#include "cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../store/store.h"
#include "../lib/banned.h"

#define CACHE_ENTRIES 64

struct cache_entry {
	char *key;
	int64_t stamp;
	char *value;
	size_t len;
	uint64_t used; /* clock of the last use, for replacement */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct cache_entry entries[CACHE_ENTRIES];
static uint64_t clock_;

int web_cache_stamp(struct web_request *r, int64_t *stamp, struct err *err)
{
	return store_data_version(r->st, stamp, err);
}

bool web_cache_get(const char *key, int64_t stamp, struct strbuf *out)
{
	bool hit = false;

	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < CACHE_ENTRIES; i++) {
		struct cache_entry *e = &entries[i];
		if (e->key && e->stamp == stamp && strcmp(e->key, key) == 0) {
			strbuf_add(out, e->value, e->len);
			e->used = ++clock_;
			hit = true;
			break;
		}
	}
	pthread_mutex_unlock(&lock);
	return hit;
}

void web_cache_put(const char *key, int64_t stamp, const char *value, size_t len)
{
	struct cache_entry *slot = NULL;

	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < CACHE_ENTRIES && !slot; i++)
		if (entries[i].key && strcmp(entries[i].key, key) == 0)
			slot = &entries[i];
	for (size_t i = 0; i < CACHE_ENTRIES && !slot; i++)
		if (!entries[i].key)
			slot = &entries[i];
	if (!slot) {
		slot = &entries[0];
		for (size_t i = 1; i < CACHE_ENTRIES; i++)
			if (entries[i].used < slot->used)
				slot = &entries[i];
	}
	/* A newer stamp may already be there (another thread was faster). */
	if (!slot->key || strcmp(slot->key, key) != 0 || slot->stamp <= stamp) {
		free(slot->key);
		free(slot->value);
		slot->key = xstrdup(key);
		slot->value = xmalloc(len + 1);
		memcpy(slot->value, value, len);
		slot->value[len] = '\0';
		slot->len = len;
		slot->stamp = stamp;
		slot->used = ++clock_;
	}
	pthread_mutex_unlock(&lock);
}

void web_cache_key_scope(const struct web_request *r, struct strbuf *key)
{
	const struct scope *s = &r->read_scope;

	/* Fields separated by a byte no code, unit or date contains. */
	strbuf_addf(key, "%d\x1f%s\x1f%s\x1f%s\x1f%d\x1f%d\x1f", (int)s->kind, s->code, s->unit ? s->unit : "",
		    lang_name(r->lang), (int)r->today, r->stalled_days);
}

void web_cache_clear(void)
{
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < CACHE_ENTRIES; i++) {
		free(entries[i].key);
		free(entries[i].value);
		memset(&entries[i], 0, sizeof(entries[i]));
	}
	pthread_mutex_unlock(&lock);
}
