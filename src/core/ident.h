/*
 * ident.h - normalising the identifiers a referral carries, so that two
 * referrals naming the same address, account or file compare equal.
 *
 * Pure functions (no I/O, no clock: "now" is a parameter). Each normaliser
 * returns HIM_OK and writes the canonical form, or HIM_EINPUT with a
 * reason a person can act on ("'105.66.1.256' is not an IP address: 256 is
 * above 255"); the parser prefixes it with the file, line and element.
 *
 * The canonical forms (docs/formats.md lists them with examples):
 *   IP       IPv4 dotted decimal without leading zeros; IPv6 as inet_ntop
 *            writes it (RFC 5952: lower case, longest zero run as ::);
 *            an IPv4-mapped IPv6 address (::ffff:a.b.c.d) is the IPv4
 *            address it maps. The 16-byte form stores IPv4 as ::ffff:a.b.c.d
 *            so that one byte order sorts and ranges both families.
 *   time     UTC seconds; ISO 8601 with Z, an offset, or no zone (= UTC).
 *   e-mail   lower case, one '@', a domain with a dot.
 *   phone    E.164 "+<digits>"; Moroccan national numbers (05, 06, 07, 08
 *            followed by 8 digits) become +212 followed by 9 digits.
 *   hash     lower-case hex of the length its type requires.
 *   GUID     32 upper-case hex digits, braces and dashes removed.
 */
#ifndef HIMAYA_IDENT_H
#define HIMAYA_IDENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/err.h"
#include "../lib/strbuf.h"
#include "referral.h"

#define IDENT_IP_TEXT_MAX 46

struct ident_ip {
	char text[IDENT_IP_TEXT_MAX];
	uint8_t addr[16]; /* network order; IPv4 as ::ffff:a.b.c.d */
	bool v6;
};

/* Surrounding spaces and an IPv6 address in brackets are accepted; a zone
 * ("%eth0"), a port, a prefix length or anything else is refused. IPv4
 * parts may carry leading zeros ("105.066.001.002"): they are decimal, as
 * hand-keyed lists pad them, never octal. */
int ident_ip_parse(const char *s, struct ident_ip *out, struct err *err);
/* The canonical text of a stored address, the text ident_ip_parse gave
 * it: "a.b.c.d" for ::ffff:a.b.c.d, inet_ntop's form for IPv6. */
void ident_ip_format(const uint8_t addr[16], char out[IDENT_IP_TEXT_MAX]);

/* Time. Accepted: YYYY-MM-DD[T| ]HH:MM[:SS[.fraction]][Z|+HH:MM|-HH:MM|+HHMM|+HH],
 * and YYYY-MM-DD alone (midnight UTC) when IDENT_TIME_DATE_OK is given.
 * Years 1900-2999. With now != TIME_NONE, a time more than
 * IDENT_FUTURE_TOLERANCE seconds after now is refused as in the future. */
#define IDENT_TIME_DATE_OK 1u
#define IDENT_FUTURE_TOLERANCE 86400
int ident_time_parse(const char *s, unsigned flags, utc_time_t now, utc_time_t *out, struct err *err);
/* "YYYY-MM-DDTHH:MM:SSZ" (21 bytes with the NUL); "" for TIME_NONE. */
#define IDENT_TIME_TEXT_MAX 21
void ident_time_format(utc_time_t t, char buf[IDENT_TIME_TEXT_MAX]);
/* From civil UTC fields (no range check beyond the calendar's). */
utc_time_t ident_time_from_fields(int y, int mo, int d, int h, int mi, int s);

/* E-mail: trimmed, "mailto:" dropped, lower-cased. out is reset first. */
int ident_email_normalise(const char *s, struct strbuf *out, struct err *err);

/* Phone to E.164. country_code: the schema's countryCallingCode ("+212"),
 * or NULL; it applies to a number written without + or 00. Spaces, dots,
 * dashes, slashes and parentheses are removed; a trunk "0" after +212 is
 * dropped ("+212 (0)6 …"). out is reset first. */
int ident_phone_normalise(const char *s, const char *country_code, struct strbuf *out,
			  struct err *err);

enum hash_type {
	HASH_NONE = 0,
	HASH_MD5,
	HASH_SHA1,
	HASH_SHA256,
	HASH_MD4,      /* eDonkey */
	HASH_INFOHASH, /* BitTorrent v1 */
};
#define IDENT_HASH_MAX 65

/* type_name: a hashType attribute ("MD5", "SHA-1", "sha256", "ed2k",
 * "btih", ...) or NULL to infer it from the length (32 MD5, 40 SHA-1,
 * 64 SHA-256). HIM_ENOTFOUND for a hash type Himaya does not keep (such
 * as PhotoDNA): not an error in the referral, the caller skips it.
 * Gnutella's "urn:sha1:" base32 and "urn:btih:" forms are converted to
 * hex. */
int ident_hash_normalise(const char *s, const char *type_name, enum hash_type *type,
			 char out[IDENT_HASH_MAX], struct err *err);
const char *ident_hash_type_name(enum hash_type type); /* "md5", ... */

/* P2P client GUID: 32 hex digits, optionally in braces or with dashes. */
#define IDENT_GUID_MAX 33
int ident_guid_normalise(const char *s, char out[IDENT_GUID_MAX], struct err *err);

/* A value typed to search for an identifier, in the form the importers
 * store it: an e-mail (it has '@') as ident_email_normalise, a phone
 * number written internationally or as a Moroccan national number (06…,
 * 07…, 05…) in E.164, a P2P GUID as ident_guid_normalise, anything else
 * as ident_text_normalise. out is reset first (ident_search.c). */
int ident_search_normalise(const char *s, struct strbuf *out, struct err *err);

/* Free text of an identifier (screen name, account id, device id, URL):
 * valid UTF-8 without control characters, trimmed, inner runs of white
 * space made one space. Empty after trimming is HIM_EINPUT too. */
int ident_text_normalise(const char *s, struct strbuf *out, struct err *err);
/* An ESP service name scoping an account: as ident_text_normalise, then
 * ASCII lower case, so "Example Chat" and "example chat" are one scope. */
int ident_service_normalise(const char *s, struct strbuf *out, struct err *err);

/* NCMEC ipCaptureEvent/eventName: Login, Registration, Purchase, Upload,
 * Other, Unknown, any case; false for another value. */
bool ident_event_name(const char *s, char out[16]);

/* xs:boolean: "true"/"1" -> 1, "false"/"0" -> 0, else -1. */
int ident_bool(const char *s);

/* ISO 3166-1 alpha-2 country code in upper case, or false. */
bool ident_country(const char *s, char out[3]);

/*
 * Does this text carry file content? A data: URL, or a long run (256
 * bytes or more) of nothing but base64 characters and line breaks: the
 * shape of an embedded image, never of a name, hash, URL or sentence.
 * Looks at most at the first 4096 bytes, so a caller can decide from a
 * prefix without reading the rest.
 */
#define IDENT_CONTENT_MIN 256
bool ident_is_file_content(const char *s, size_t len);

/* Is this element or column name one that holds file content by its name
 * (fileContent, fileData, base64, thumbnail, image, attachment, content,
 * ...)? Case-insensitive. */
bool ident_is_content_name(const char *name);

#endif
