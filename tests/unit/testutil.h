/*
 * testutil.h - shared helpers of the unit tests (cmocka).
 * Tests may do I/O: they read the real reference data files, so a broken
 * data/courts.tsv or data/vocabulary.tsv fails the suite.
 */
#ifndef HIMAYA_TESTUTIL_H
#define HIMAYA_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/court.h"
#include "core/vocab.h"
#include "lib/strbuf.h"

static inline char *test_read_file(const char *name, size_t *len)
{
	const char *dir = getenv("HIMAYA_DATA");
	struct strbuf path = STRBUF_INIT, body = STRBUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *f;

	strbuf_addf(&path, "%s/%s", dir ? dir : "data", name);
	f = fopen(path.buf, "rb");
	if (!f)
		fail_msg("cannot open %s", path.buf);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		strbuf_add(&body, chunk, n);
	fclose(f);
	strbuf_release(&path);
	return strbuf_detach(&body, len);
}

static inline void test_load_map(struct court_map *map)
{
	size_t len;
	char *text = test_read_file("courts.tsv", &len);
	struct err err = ERR_INIT;

	court_map_init(map);
	if (court_map_parse(map, text, len, "courts.tsv", &err) != HIM_OK)
		fail_msg("courts.tsv: %s", err.msg);
	free(text);
}

static inline void test_load_vocab(struct vocab *v)
{
	size_t len;
	char *text = test_read_file("vocabulary.tsv", &len);
	struct err err = ERR_INIT;

	vocab_init(v);
	if (vocab_parse(v, text, len, "vocabulary.tsv", &err) != HIM_OK)
		fail_msg("vocabulary.tsv: %s", err.msg);
	free(text);
}

static inline date_t D(const char *iso)
{
	date_t d;
	if (!date_parse(iso, &d))
		fail_msg("bad test date %s", iso);
	return d;
}

#endif
