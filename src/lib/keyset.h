/*
 * keyset.h - a set of byte strings, each with a value: open addressing,
 * the keys' bytes kept one after the other in one buffer.
 *
 * Used where an import must recognise a row it already holds in memory
 * (the child tables' primary-key semantics, before COPY or before a held
 * referral is written). Keys are built with key_text/key_num/key_part:
 * each part carries its length, so that no two different sequences of
 * parts make the same key.
 *
 * Ownership: the set owns its slots and its keys' bytes; _release frees
 * them. Values are the caller's integers.
 */
#ifndef HIMAYA_KEYSET_H
#define HIMAYA_KEYSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

struct key_slot;

struct key_set {
	struct key_slot *slots;
	size_t cap, n;
	struct strbuf keys; /* the keys' bytes, one after the other */
};

void key_set_init(struct key_set *s);
/* Empty it, keeping its memory for the next keys. */
void key_set_clear(struct key_set *s);
void key_set_release(struct key_set *s);

/* The value of key, or -1 when absent. */
int64_t key_set_get(struct key_set *s, const char *key, size_t len);
/* Add key with value; false (and nothing changed) when it is there. */
bool key_set_add(struct key_set *s, const char *key, size_t len, int64_t value);
/* What its slots take (they stay allocated at the size they grew to). */
size_t key_set_slot_bytes(const struct key_set *s);

/* A fast 64-bit hash of bytes (not cryptographic). */
uint64_t key_hash_bytes(const void *p, size_t len);

/* Key parts: each with its length in front. NULL text is "" (as the child
 * tables store it). */
void key_part(struct strbuf *sb, const void *p, size_t len);
void key_text(struct strbuf *sb, const char *s);
void key_num(struct strbuf *sb, int64_t v);

#endif
