/*
 * keyset.c - a set of byte strings with a value each (see keyset.h).
 */
#include "keyset.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

struct key_slot {
	uint64_t hash;  /* 0: empty */
	size_t off, len;
	int64_t value;
};

void key_set_init(struct key_set *s)
{
	s->slots = NULL;
	s->cap = s->n = 0;
	strbuf_init(&s->keys);
}

void key_set_clear(struct key_set *s)
{
	/* A table grown far past what it held is freed, not wiped: a set
	 * emptied after every few keys must not wipe a large table each time. */
	if (s->cap > 16 * (s->n + 64)) {
		free(s->slots);
		s->slots = NULL;
		s->cap = 0;
	} else if (s->slots) {
		memset(s->slots, 0, s->cap * sizeof(*s->slots));
	}
	s->n = 0;
	strbuf_reset(&s->keys);
}

void key_set_release(struct key_set *s)
{
	free(s->slots);
	strbuf_release(&s->keys);
	key_set_init(s);
}

static struct key_slot *set_slot(struct key_set *s, const char *key, size_t len, uint64_t h)
{
	size_t mask = s->cap - 1;

	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct key_slot *slot = &s->slots[i];
		if (!slot->hash || (slot->hash == h && slot->len == len && memcmp(s->keys.buf + slot->off, key, len) == 0))
			return slot;
	}
}

static void set_grow(struct key_set *s)
{
	struct key_slot *old = s->slots;
	size_t oldcap = s->cap;

	s->cap = s->cap ? s->cap * 2 : 64;
	s->slots = xcalloc(s->cap, sizeof(*s->slots));
	for (size_t i = 0; i < oldcap; i++) {
		if (old[i].hash) {
			struct key_slot *slot = set_slot(s, s->keys.buf + old[i].off, old[i].len, old[i].hash);
			*slot = old[i];
		}
	}
	free(old);
}

/* The value of key, or -1 when absent. */
int64_t key_set_get(struct key_set *s, const char *key, size_t len)
{
	struct key_slot *slot;

	if (!s->n)
		return -1;
	slot = set_slot(s, key, len, key_hash_bytes(key, len));
	return slot->hash ? slot->value : -1;
}

/* Add key with value; false (and nothing changed) when it is there. */
bool key_set_add(struct key_set *s, const char *key, size_t len, int64_t value)
{
	uint64_t h = key_hash_bytes(key, len);
	struct key_slot *slot;

	if (2 * (s->n + 1) > s->cap)
		set_grow(s);
	slot = set_slot(s, key, len, h);
	if (slot->hash)
		return false;
	slot->hash = h;
	slot->off = s->keys.len;
	slot->len = len;
	slot->value = value;
	strbuf_add(&s->keys, key, len);
	s->n++;
	return true;
}

/* A key part with its length in front: no separator can be confused with
 * the text. NULL is "", as the child tables store it. */
void key_part(struct strbuf *sb, const void *p, size_t len)
{
	uint32_t n = (uint32_t)len;

	strbuf_add(sb, &n, sizeof(n));
	strbuf_add(sb, p, len);
}

void key_text(struct strbuf *sb, const char *s)
{
	key_part(sb, s ? s : "", s ? strlen(s) : 0);
}

void key_num(struct strbuf *sb, int64_t v)
{
	key_part(sb, &v, sizeof(v));
}


uint64_t key_hash_bytes(const void *p, size_t len)
{
	const unsigned char *s = p;
	uint64_t h = 0x9E3779B97F4A7C15ULL ^ ((uint64_t)len * 0xC2B2AE3D27D4EB4FULL), w;

	/* Eight bytes a step (FNV-1a's byte a step cost 13% of an import's
	 * CPU in the buffer's key sets), then murmur3's finaliser. */
	for (; len >= 8; s += 8, len -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, s, len);
	h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
	h ^= h >> 33;
	h *= 0xC4CEB9FE1A85EC53ULL;
	h ^= h >> 33;
	return h ? h : 1;
}

size_t key_set_slot_bytes(const struct key_set *s)
{
	return 2 * s->n * sizeof(struct key_slot);
}
