/*
 * fuzz_ingest_common.h - shared by the referral parsers' libFuzzer
 * targets: the input is written to a file (the parsers read paths, as the
 * importer does), and every delivered referral is checked for the
 * parsers' promises: an id, valid UTF-8 everywhere, IP events in
 * canonical form, hashes of their type's length. A broken promise traps.
 */
#ifndef HIMAYA_FUZZ_INGEST_COMMON_H
#define HIMAYA_FUZZ_INGEST_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/ident.h"
#include "ingest/referral_reader.h"
#include "lib/utf8.h"

static void fuzz_check_text(const char *s)
{
	if (s && !utf8_valid(s, strlen(s)))
		__builtin_trap();
}

static void fuzz_check_hex(const char *h, size_t want)
{
	size_t n = strlen(h);
	if (n && (n != want || strspn(h, "0123456789abcdef") != n))
		__builtin_trap();
}

static int fuzz_on_referral(struct referral *r, void *ctx)
{
	(void)ctx;
	if (!r->external_id || !*r->external_id || r->content_dropped < 0)
		__builtin_trap();
	fuzz_check_text(r->external_id);
	fuzz_check_text(r->priority);
	fuzz_check_text(r->escalation);
	fuzz_check_text(r->incident_type);
	fuzz_check_text(r->esp);
	fuzz_check_text(r->network);
	fuzz_check_text(r->client);
	fuzz_check_text(r->notes);
	for (size_t i = 0; i < r->nidents; i++) {
		fuzz_check_text(r->idents[i].value);
		fuzz_check_text(r->idents[i].service);
	}
	for (size_t i = 0; i < r->nip_events; i++) {
		struct ident_ip ip;
		/* Canonical: parsing the text again gives the same text and bytes. */
		if (ident_ip_parse(r->ip_events[i].ip, &ip, NULL) != HIM_OK ||
		    strcmp(ip.text, r->ip_events[i].ip) != 0 || memcmp(ip.addr, r->ip_events[i].addr, 16) != 0)
			__builtin_trap();
		if (r->ip_events[i].port < -1 || r->ip_events[i].port > 65535)
			__builtin_trap();
	}
	for (size_t i = 0; i < r->nfiles; i++) {
		fuzz_check_text(r->files[i].name);
		fuzz_check_hex(r->files[i].md5, 32);
		fuzz_check_hex(r->files[i].sha1, 40);
		fuzz_check_hex(r->files[i].sha256, 64);
		fuzz_check_hex(r->files[i].md4, 32);
		fuzz_check_hex(r->files[i].infohash, 40);
	}
	for (size_t i = 0; i < r->nlocations; i++) {
		fuzz_check_text(r->locations[i].city);
		fuzz_check_text(r->locations[i].region);
	}
	return 0;
}

static void fuzz_on_reject(const struct ingest_reject *rej, void *ctx)
{
	(void)ctx;
	if (!rej->reason || !rej->file)
		__builtin_trap();
}

static const struct referral_reader_ops FUZZ_OPS = { fuzz_on_referral, fuzz_on_reject, NULL };

static char fuzz_path[64];

static void fuzz_remove(void)
{
	unlink(fuzz_path);
}

/* The input as a file, one per process, reused and removed at exit. */
static const char *fuzz_write(const uint8_t *data, size_t size, const char *suffix)
{
	char *path = fuzz_path;
	FILE *f;

	if (!path[0])
		atexit(fuzz_remove);
	snprintf(path, sizeof(fuzz_path), "/tmp/himaya-fuzz-%ld%s", (long)getpid(), suffix);
	f = fopen(path, "wb");
	if (!f)
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	return path;
}

#endif
