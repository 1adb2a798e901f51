/*
 * referral_source.h - the bytes of a referral file as the XML and JSON
 * parsers see them: read in chunks, lines counted, and invalid UTF-8
 * (and C0 control characters other than tab, CR, LF) replaced by U+FFFD
 * with the line of each replacement remembered.
 *
 * Why: libxml2 and jansson both stop the whole file at the first invalid
 * byte, but one bad report must be rejected alone. With the bytes made
 * valid here, the parser goes on; a field that then holds U+FFFD where the
 * source replaced something is refused with its line ("invalid UTF-8"),
 * and no replaced byte is ever stored.
 */
#ifndef HIMAYA_INGEST_REFERRAL_SOURCE_H
#define HIMAYA_INGEST_REFERRAL_SOURCE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../lib/err.h"

#define REFERRAL_SOURCE_RAW 16384
#define REFERRAL_SOURCE_BAD_MAX 256

struct referral_source {
	FILE *f;
	uint64_t bytes_read; /* raw bytes read from the file */
	uint64_t size;       /* the file's size, 0 if unknown */
	long line;           /* 1-based line of the next byte handed out */
	long fill_line;      /* 1-based line of the next raw byte examined (ahead of line) */
	bool check;          /* validate UTF-8 (false for a declared non-UTF-8 XML encoding) */
	bool xml;            /* look at the XML declaration's encoding */
	bool started, eof;
	unsigned char raw[REFERRAL_SOURCE_RAW];
	size_t rawlen;       /* bytes carried over (an incomplete sequence) */
	unsigned char out[3 * REFERRAL_SOURCE_RAW + 8];
	size_t outpos, outlen;
	long bad[REFERRAL_SOURCE_BAD_MAX]; /* lines of replaced bytes, oldest first */
	size_t nbad;
	long bad_total;
};

/* xml: honour an XML declaration naming another encoding (no check then). */
int referral_source_open(struct referral_source *s, const char *path, bool xml, struct err *err);
void referral_source_close(struct referral_source *s);

/* Up to len cleaned bytes into buf; 0 at the end of the file, -1 on a read error. */
long referral_source_read(struct referral_source *s, char *buf, size_t len);

/* Does text hold U+FFFD while a byte was replaced on a line >= from?
 * *line gets the first such line. */
bool referral_source_bad_text(const struct referral_source *s, const char *text, long from, long *line);

/* Forget replacements before line from (records before it are done). */
void referral_source_forget(struct referral_source *s, long from);

#endif
