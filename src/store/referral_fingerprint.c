/*
 * referral_fingerprint.c - the digest of a referral's content (see
 * referral_fingerprint.h).
 */
#include "referral_fingerprint.h"

#include <sodium.h>
#include <string.h>

#include "../lib/banned.h"

static void ser_text(struct strbuf *sb, const char *s)
{
	if (s)
		strbuf_adds(sb, s);
	else
		strbuf_addch(sb, '\x02'); /* NULL differs from "" */
	strbuf_addch(sb, '\x1f');
}

static void ser_num(struct strbuf *sb, int64_t v)
{
	strbuf_addi64(sb, v);
	strbuf_addch(sb, '\x1f');
}

static void digest_hex(const unsigned char *in, size_t len, char out[33])
{
	unsigned char h[16];

	crypto_generichash(h, sizeof(h), in, len, NULL, 0);
	sodium_bin2hex(out, 33, h, sizeof(h));
}

void referral_fingerprint(const struct referral *r, struct strbuf *sb, char out[33])
{
	strbuf_reset(sb);
	ser_text(sb, r->platform);
	ser_text(sb, r->external_id);
	ser_text(sb, r->priority);
	ser_text(sb, r->escalation);
	ser_text(sb, r->incident_type);
	ser_text(sb, r->esp);
	ser_text(sb, r->network);
	ser_text(sb, r->client);
	ser_text(sb, r->annotations);
	ser_num(sb, r->received_at);
	ser_num(sb, r->incident_at);
	ser_text(sb, r->notes);
	for (size_t i = 0; i < r->nidents; i++) {
		const struct referral_ident *x = &r->idents[i];
		strbuf_adds(sb, "\x1e" "I");
		ser_num(sb, x->kind);
		ser_num(sb, x->role);
		ser_text(sb, x->value);
		ser_text(sb, x->service);
	}
	for (size_t i = 0; i < r->nip_events; i++) {
		const struct ip_event *e = &r->ip_events[i];
		strbuf_adds(sb, "\x1e" "E");
		ser_text(sb, e->ip);
		ser_num(sb, e->at);
		ser_num(sb, e->port);
		ser_num(sb, e->proxy);
		ser_text(sb, e->event);
		ser_num(sb, e->role);
	}
	for (size_t i = 0; i < r->nfiles; i++) {
		const struct referral_file *f = &r->files[i];
		strbuf_adds(sb, "\x1e" "F");
		ser_text(sb, f->name);
		ser_text(sb, f->md5);
		ser_text(sb, f->sha1);
		ser_text(sb, f->sha256);
		ser_text(sb, f->md4);
		ser_text(sb, f->infohash);
		ser_text(sb, f->industry_class);
	}
	for (size_t i = 0; i < r->nlocations; i++) {
		const struct referral_location *l = &r->locations[i];
		strbuf_adds(sb, "\x1e" "L");
		ser_text(sb, l->ip);
		ser_text(sb, l->country);
		ser_text(sb, l->region);
		ser_text(sb, l->city);
		ser_text(sb, l->isp);
		ser_text(sb, l->asn);
	}
	digest_hex((const unsigned char *)sb->buf, sb->len, out);
}

void referral_fingerprint_chain(const char old[33], const char row[33], char out[33])
{
	char both[64];

	memcpy(both, old, 32);
	memcpy(both + 32, row, 32);
	digest_hex((const unsigned char *)both, sizeof(both), out);
}
