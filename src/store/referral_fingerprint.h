/*
 * referral_fingerprint.h - the digest that tells a re-delivered referral
 * from a changed one.
 *
 * A 128-bit BLAKE2b digest (32 hex digits) of the referral's content in a
 * canonical serialisation: fields and children in order, with separators
 * that cannot occur in normalised text, NULL distinct from "". The store
 * keeps it with each referral: the same digest again is a duplicate, a
 * different one a supplement. For a lead built from rows (fragments) the
 * stored digest is the chain of the digests of the rows that added
 * something (referral_fingerprint_chain).
 *
 * An importer may compute it ahead, on its parser's thread, into
 * referral.fingerprint; the store computes it when that is empty.
 * libsodium must be initialised (sodium_init) before the first call.
 */
#ifndef HIMAYA_REFERRAL_FINGERPRINT_H
#define HIMAYA_REFERRAL_FINGERPRINT_H

#include "../core/referral.h"
#include "../lib/strbuf.h"

/* r's digest into out; scratch is reused for the serialisation. */
void referral_fingerprint(const struct referral *r, struct strbuf *scratch, char out[33]);
/* A lead's digest after a row with digest row added to it: H(old || row). */
void referral_fingerprint_chain(const char old[33], const char row[33], char out[33]);

#endif
