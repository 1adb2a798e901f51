/*
 * ident.c - the identifier normalisers of ident.h.
 *
 * Every rule here exists so that the same address, account or file named
 * by two referrals compares equal byte for byte in the store; where a
 * value is ambiguous (a bare 9-digit number, an IPv4 part "010") the rule
 * chosen is the one the referral units' files use, and docs/formats.md
 * says so.
 */
#include "ident.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "../lib/date.h"
#include "../lib/utf8.h"
#include "../lib/banned.h"

/* Shown in messages: a value cut to a readable length. */
static const char *shown(const char *s, char buf[48])
{
	size_t n = strlen(s);

	if (n < 44 && utf8_valid(s, n)) {
		memcpy(buf, s, n + 1);
		return buf;
	}
	if (n > 40)
		n = 40;
	/* Do not cut a UTF-8 sequence in two, and never show invalid bytes. */
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	if (!utf8_valid(s, n))
		return "(invalid UTF-8)";
	memcpy(buf, s, n);
	memcpy(buf + n, "...", 4);
	return buf;
}

static void trim(const char **s, size_t *len)
{
	while (*len && isspace((unsigned char)(*s)[0])) {
		(*s)++;
		(*len)--;
	}
	while (*len && isspace((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

/* --- IP addresses ------------------------------------------------------- */

static int parse_ipv4(const char *s, size_t len, uint8_t out[4], char *why, size_t whysz)
{
	size_t i = 0;

	for (int part = 0; part < 4; part++) {
		unsigned v = 0;
		size_t digits = 0;

		while (i < len && s[i] >= '0' && s[i] <= '9') {
			v = v * 10 + (unsigned)(s[i] - '0');
			if (++digits > 3) {
				snprintf(why, whysz, "part %d has more than 3 digits", part + 1);
				return -1;
			}
			i++;
		}
		if (!digits) {
			snprintf(why, whysz, "part %d is not a number", part + 1);
			return -1;
		}
		if (v > 255) {
			snprintf(why, whysz, "%u is above 255", v);
			return -1;
		}
		out[part] = (uint8_t)v;
		if (part < 3) {
			if (i >= len || s[i] != '.') {
				snprintf(why, whysz, "an IPv4 address has 4 parts");
				return -1;
			}
			i++;
		}
	}
	if (i != len) {
		snprintf(why, whysz, "unexpected '%c' after the fourth part", s[i]);
		return -1;
	}
	return 0;
}

/* IPv4 addresses are stored as ::ffff:a.b.c.d. */
static const uint8_t v4_mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

int ident_ip_parse(const char *s, struct ident_ip *out, struct err *err)
{
	char sh[48], why[64] = "";
	char buf[IDENT_IP_TEXT_MAX + 2];
	size_t len = s ? strlen(s) : 0;
	uint8_t v4[4];

	memset(out, 0, sizeof(*out));
	trim(&s, &len);
	if (!len)
		return err_set(err, HIM_EINPUT, "empty IP address");
	if (len >= 2 && s[0] == '[' && s[len - 1] == ']') {
		s++;
		len -= 2;
	}
	if (len >= sizeof(buf))
		return err_set(err, HIM_EINPUT, "'%s' is not an IP address: too long",
			       shown(s, sh));
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (!memchr(buf, ':', len)) {
		if (parse_ipv4(buf, len, v4, why, sizeof(why)) != 0)
			return err_set(err, HIM_EINPUT, "'%s' is not an IP address: %s", shown(buf, sh), why);
	} else {
		if (memchr(buf, '%', len))
			return err_set(err, HIM_EINPUT,
				       "'%s' is not an IP address: a zone index (%%...) names a local link, not a host",
				       shown(buf, sh));
		if (inet_pton(AF_INET6, buf, out->addr) != 1)
			return err_set(err, HIM_EINPUT, "'%s' is not an IP address", shown(buf, sh));
		if (memcmp(out->addr, v4_mapped, 12) != 0) {
			out->v6 = true;
			ident_ip_format(out->addr, out->text);
			return HIM_OK;
		}
		/* ::ffff:a.b.c.d is the IPv4 host a.b.c.d: one host, one form. */
		memcpy(v4, out->addr + 12, 4);
	}
	memset(out->addr, 0, 10);
	out->addr[10] = out->addr[11] = 0xff;
	memcpy(out->addr + 12, v4, 4);
	out->v6 = false;
	ident_ip_format(out->addr, out->text);
	return HIM_OK;
}

void ident_ip_format(const uint8_t addr[16], char out[IDENT_IP_TEXT_MAX])
{
	if (memcmp(addr, v4_mapped, 12) == 0)
		snprintf(out, IDENT_IP_TEXT_MAX, "%u.%u.%u.%u", addr[12], addr[13], addr[14], addr[15]);
	else if (!inet_ntop(AF_INET6, addr, out, IDENT_IP_TEXT_MAX))
		out[0] = '\0'; /* cannot happen: 16 bytes always have a text that fits */
}

/* --- time --------------------------------------------------------------- */

static int num(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

utc_time_t ident_time_from_fields(int y, int mo, int d, int h, int mi, int s)
{
	return (utc_time_t)date_from_ymd(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

int ident_time_parse(const char *s, unsigned flags, utc_time_t now, utc_time_t *out, struct err *err)
{
	char sh[48];
	const char *orig = s;
	size_t len = s ? strlen(s) : 0;
	int y, mo, d, h = 0, mi = 0, sec = 0, off = 0;
	size_t i;

	trim(&s, &len);
	if (!len)
		return err_set(err, HIM_EINPUT, "empty date");
	if (len < 10 || s[4] != '-' || s[7] != '-' || (y = num(s, 4)) < 0 || (mo = num(s + 5, 2)) < 0 ||
	    (d = num(s + 8, 2)) < 0)
		return err_set(err, HIM_EINPUT, "'%s' is not a date: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ",
			       shown(orig, sh));
	if (!date_ymd_valid(y, mo, d))
		return err_set(err, HIM_EINPUT, "'%s' is not a date: no such day (or a year outside 1900-2999)",
			       shown(orig, sh));
	i = 10;
	if (i == len) {
		if (!(flags & IDENT_TIME_DATE_OK))
			return err_set(err, HIM_EINPUT, "'%s' has no time of day", shown(orig, sh));
	} else {
		if ((s[i] != 'T' && s[i] != 't' && s[i] != ' ') || len < i + 6 || s[i + 3] != ':' ||
		    (h = num(s + i + 1, 2)) < 0 || (mi = num(s + i + 4, 2)) < 0)
			return err_set(err, HIM_EINPUT, "'%s' is not a time: expected THH:MM:SS after the date",
				       shown(orig, sh));
		i += 6;
		if (i < len && s[i] == ':') {
			if (len < i + 3 || (sec = num(s + i + 1, 2)) < 0)
				return err_set(err, HIM_EINPUT, "'%s' is not a time: bad seconds", shown(orig, sh));
			i += 3;
			if (i < len && (s[i] == '.' || s[i] == ',')) {
				size_t k = i + 1;
				while (k < len && s[k] >= '0' && s[k] <= '9')
					k++;
				if (k == i + 1)
					return err_set(err, HIM_EINPUT, "'%s' is not a time: bad fraction of a second",
						       shown(orig, sh));
				i = k; /* fractions are dropped: seconds are the store's grain */
			}
		}
		if (h > 23 || mi > 59 || sec > 59)
			return err_set(err, HIM_EINPUT, "'%s' is not a time: hour, minute or second out of range",
				       shown(orig, sh));
		if (i < len) {
			if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == len) {
				i++;
			} else if (s[i] == '+' || s[i] == '-') {
				int sign = s[i] == '-' ? -1 : 1, oh, om = 0;
				size_t rest = len - i - 1;
				const char *z = s + i + 1;

				if (rest == 2 && (oh = num(z, 2)) >= 0)
					;
				else if (rest == 4 && (oh = num(z, 2)) >= 0 && (om = num(z + 2, 2)) >= 0)
					;
				else if (rest == 5 && z[2] == ':' && (oh = num(z, 2)) >= 0 && (om = num(z + 3, 2)) >= 0)
					;
				else
					return err_set(err, HIM_EINPUT, "'%s' has an unreadable time zone: expected Z or +HH:MM",
						       shown(orig, sh));
				if (oh > 14 || om > 59)
					return err_set(err, HIM_EINPUT, "'%s' has a time zone offset out of range",
						       shown(orig, sh));
				off = sign * (oh * 3600 + om * 60);
				i = len;
			} else {
				return err_set(err, HIM_EINPUT, "'%s' is not a time: unexpected text after it",
					       shown(orig, sh));
			}
		}
	}
	/* Local time = UTC + offset, so UTC = local - offset. */
	*out = ident_time_from_fields(y, mo, d, h, mi, sec) - off;
	if (*out < ident_time_from_fields(1900, 1, 1, 0, 0, 0) || *out >= ident_time_from_fields(3000, 1, 1, 0, 0, 0))
		return err_set(err, HIM_EINPUT, "'%s' is outside the years 1900-2999 in UTC", shown(orig, sh));
	if (now != TIME_NONE && *out > now + IDENT_FUTURE_TOLERANCE) {
		char a[IDENT_TIME_TEXT_MAX], b[IDENT_TIME_TEXT_MAX];
		ident_time_format(*out, a);
		ident_time_format(now, b);
		return err_set(err, HIM_EINPUT, "'%s' is in the future (%s UTC, now is %s UTC)", shown(orig, sh),
			       a, b);
	}
	return HIM_OK;
}

void ident_time_format(utc_time_t t, char buf[IDENT_TIME_TEXT_MAX])
{
	int y, mo, d;
	int64_t day, secs;

	if (t == TIME_NONE) {
		buf[0] = '\0';
		return;
	}
	day = t / 86400;
	secs = t % 86400;
	if (secs < 0) {
		secs += 86400;
		day--;
	}
	date_to_ymd((date_t)day, &y, &mo, &d);
	/* Written digit by digit: each field's width is fixed by construction. */
	const int f[6] = { ((y % 10000) + 10000) % 10000, mo, d, (int)(secs / 3600), (int)(secs / 60 % 60),
			   (int)(secs % 60) };
	char *p = buf;
	for (int k = 0; k < 6; k++) {
		int w = k == 0 ? 4 : 2, v = f[k];
		for (int j = w - 1; j >= 0; j--, v /= 10)
			p[j] = (char)('0' + v % 10);
		p += w;
		*p++ = "--T::Z"[k];
	}
	*p = '\0';
}

/* --- e-mail --------------------------------------------------------------- */

int ident_email_normalise(const char *s, struct strbuf *out, struct err *err)
{
	char sh[48];
	size_t len = s ? strlen(s) : 0;
	const char *at, *p;

	strbuf_reset(out);
	trim(&s, &len);
	if (len >= 7 && strncasecmp(s, "mailto:", 7) == 0) {
		s += 7;
		len -= 7;
	}
	if (!len)
		return err_set(err, HIM_EINPUT, "empty e-mail address");
	if (!utf8_valid(s, len))
		return err_set(err, HIM_EINPUT, "e-mail address is not valid UTF-8");
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c == 0x7f || c == ',' || c == ';' || c == '<' || c == '>' || c == '"')
			return err_set(err, HIM_EINPUT, "'%s' is not an e-mail address: it contains '%s'",
				       shown(s, sh), c <= ' ' ? "a space" : (char[]){ (char)c, 0 });
		strbuf_addch(out, (char)(c < 0x80 ? tolower(c) : c));
	}
	at = strchr(out->buf, '@');
	if (!at || at == out->buf || strchr(at + 1, '@'))
		return err_set(err, HIM_EINPUT, "'%s' is not an e-mail address: it needs one '@' after a name",
			       shown(out->buf, sh));
	if (at - out->buf > 64)
		return err_set(err, HIM_EINPUT, "'%s' is not an e-mail address: the name before '@' is over 64 bytes",
			       shown(out->buf, sh));
	p = at + 1;
	if (!strchr(p, '.') || p[0] == '.' || p[0] == '-' || out->buf[out->len - 1] == '.' || strstr(p, ".."))
		return err_set(err, HIM_EINPUT, "'%s' is not an e-mail address: '%s' is not a domain name",
			       shown(out->buf, sh), p);
	for (; *p; p++)
		if ((unsigned char)*p < 0x80 && !isalnum((unsigned char)*p) && *p != '.' && *p != '-')
			return err_set(err, HIM_EINPUT, "'%s' is not an e-mail address: '%c' in the domain",
				       shown(out->buf, sh), *p);
	return HIM_OK;
}

/* --- phones -------------------------------------------------------------- */

int ident_phone_normalise(const char *s, const char *country_code, struct strbuf *out,
			  struct err *err)
{
	char sh[48];
	char digits[40];
	size_t n = 0, len = s ? strlen(s) : 0;
	bool plus = false;

	strbuf_reset(out);
	trim(&s, &len);
	if (len >= 4 && strncasecmp(s, "tel:", 4) == 0) {
		s += 4;
		len -= 4;
	}
	if (!len)
		return err_set(err, HIM_EINPUT, "empty phone number");
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '+' && n == 0 && !plus)
			plus = true;
		else if (c >= '0' && c <= '9') {
			if (n + 1 >= sizeof(digits))
				return err_set(err, HIM_EINPUT, "'%s' is not a phone number: too many digits",
					       shown(s, sh));
			digits[n++] = c;
		} else if (c == ' ' || c == '.' || c == '-' || c == '(' || c == ')' || c == '/' || c == '\t')
			continue;
		else
			return err_set(err, HIM_EINPUT, "'%s' is not a phone number: unexpected '%c'%s", shown(s, sh),
				       isprint((unsigned char)c) ? c : '?',
				       (c == 'x' || c == 'X' || c == 'e') ? " (give an extension separately)" : "");
	}
	digits[n] = '\0';
	if (!n)
		return err_set(err, HIM_EINPUT, "'%s' is not a phone number: no digits", shown(s, sh));

	const char *intl = NULL; /* the digits after the country code's '+' */
	if (plus)
		intl = digits;
	else if (n > 2 && digits[0] == '0' && digits[1] == '0')
		intl = digits + 2;
	else if (n == 12 && memcmp(digits, "212", 3) == 0 && digits[3] >= '5' && digits[3] <= '8')
		intl = digits; /* 2126XXXXXXXX: +212 written without its plus */
	else if (n == 10 && digits[0] == '0' && digits[1] >= '5' && digits[1] <= '8' &&
		 (!country_code || strcmp(country_code, "+212") == 0)) {
		strbuf_adds(out, "+212");
		strbuf_adds(out, digits + 1);
		return HIM_OK;
	} else if (country_code) {
		const char *cc = country_code[0] == '+' ? country_code + 1 : country_code;
		size_t cl = strlen(cc);
		if (cl < 1 || cl > 3 || strspn(cc, "0123456789") != cl)
			return err_set(err, HIM_EINPUT, "'%s' is not a country calling code", shown(country_code, sh));
		strbuf_addch(out, '+');
		strbuf_adds(out, cc);
		strbuf_adds(out, digits[0] == '0' ? digits + 1 : digits); /* the national trunk prefix */
		n = out->len - 1;
		intl = NULL;
	} else {
		return err_set(err, HIM_EINPUT,
			       "'%s' is not a phone number Himaya can place: not Moroccan (05/06/07/08 and 8 digits) "
			       "and no country code (+ or 00)",
			       shown(s, sh));
	}
	if (intl) {
		strbuf_addch(out, '+');
		if (strncmp(intl, "2120", 4) == 0) {
			strbuf_adds(out, "212"); /* "+212 (0)6...": the trunk 0 is not dialled */
			strbuf_adds(out, intl + 4);
		} else {
			strbuf_adds(out, intl);
		}
	}
	n = out->len - 1;
	if (out->buf[1] == '0')
		return err_set(err, HIM_EINPUT, "'%s' is not a phone number: a country code never starts with 0",
			       shown(s, sh));
	if (n < 7 || n > 15)
		return err_set(err, HIM_EINPUT, "'%s' is not a phone number: E.164 numbers have 7 to 15 digits",
			       shown(s, sh));
	if (strncmp(out->buf, "+212", 4) == 0 && (n != 12 || out->buf[4] < '5' || out->buf[4] > '8'))
		return err_set(err, HIM_EINPUT,
			       "'%s' is not a Moroccan number: +212 is followed by 9 digits starting with 5, 6, 7 or 8",
			       shown(s, sh));
	return HIM_OK;
}

/* --- hashes --------------------------------------------------------------- */

static const struct {
	const char *name;
	enum hash_type type;
} hash_names[] = {
	{ "md5", HASH_MD5 },       { "sha1", HASH_SHA1 },   { "sha-1", HASH_SHA1 },
	{ "sha256", HASH_SHA256 }, { "sha-256", HASH_SHA256 }, { "md4", HASH_MD4 },
	{ "ed2k", HASH_MD4 },      { "edonkey", HASH_MD4 }, { "infohash", HASH_INFOHASH },
	{ "btih", HASH_INFOHASH }, { "bittorrent", HASH_INFOHASH },
};

const char *ident_hash_type_name(enum hash_type type)
{
	switch (type) {
	case HASH_MD5: return "md5";
	case HASH_SHA1: return "sha1";
	case HASH_SHA256: return "sha256";
	case HASH_MD4: return "md4";
	case HASH_INFOHASH: return "infohash";
	case HASH_NONE: break;
	}
	return "";
}

static size_t hash_len(enum hash_type t)
{
	return t == HASH_SHA256 ? 64 : (t == HASH_SHA1 || t == HASH_INFOHASH) ? 40 : 32;
}

/* RFC 4648 base32 of 20 bytes (32 characters) to 40 hex digits. */
static bool base32_to_hex(const char *s, size_t len, char out[IDENT_HASH_MAX])
{
	static const char hex[] = "0123456789abcdef";
	uint8_t bytes[20];
	uint64_t acc = 0;
	int bits = 0;
	size_t nb = 0;

	if (len != 32)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = (char)toupper((unsigned char)s[i]);
		int v = c >= 'A' && c <= 'Z' ? c - 'A' : c >= '2' && c <= '7' ? c - '2' + 26 : -1;
		if (v < 0)
			return false;
		acc = (acc << 5) | (unsigned)v;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			bytes[nb++] = (uint8_t)(acc >> bits);
		}
	}
	for (size_t i = 0; i < 20; i++) {
		out[2 * i] = hex[bytes[i] >> 4];
		out[2 * i + 1] = hex[bytes[i] & 15];
	}
	out[40] = '\0';
	return true;
}

int ident_hash_normalise(const char *s, const char *type_name, enum hash_type *type,
			 char out[IDENT_HASH_MAX], struct err *err)
{
	char sh[48];
	size_t len = s ? strlen(s) : 0;
	enum hash_type t = HASH_NONE;

	out[0] = '\0';
	*type = HASH_NONE;
	trim(&s, &len);
	if (type_name && *type_name) {
		for (size_t i = 0; i < sizeof(hash_names) / sizeof(hash_names[0]); i++)
			if (strcasecmp(type_name, hash_names[i].name) == 0)
				t = hash_names[i].type;
		if (t == HASH_NONE)
			return err_set(err, HIM_ENOTFOUND, "hash type '%s' is not one Himaya keeps", shown(type_name, sh));
	}
	if (!len)
		return err_set(err, HIM_EINPUT, "empty hash");
	if (len > 9 && strncasecmp(s, "urn:sha1:", 9) == 0) {
		if (t != HASH_NONE && t != HASH_SHA1)
			return err_set(err, HIM_EINPUT, "'%s' is a SHA-1 URN but the hash type says %s", shown(s, sh),
				       ident_hash_type_name(t));
		s += 9;
		len -= 9;
		t = HASH_SHA1;
	} else if (len > 9 && strncasecmp(s, "urn:btih:", 9) == 0) {
		s += 9;
		len -= 9;
		t = HASH_INFOHASH;
	}
	if ((t == HASH_SHA1 || t == HASH_INFOHASH) && len == 32) {
		if (!base32_to_hex(s, len, out))
			return err_set(err, HIM_EINPUT, "'%s' is not a base32 %s hash", shown(s, sh),
				       ident_hash_type_name(t));
		*type = t;
		return HIM_OK;
	}
	if (len >= IDENT_HASH_MAX)
		return err_set(err, HIM_EINPUT, "'%s' is not a hash: %zu characters", shown(s, sh), len);
	for (size_t i = 0; i < len; i++) {
		if (!isxdigit((unsigned char)s[i])) {
			out[0] = '\0';
			return err_set(err, HIM_EINPUT, "'%s' is not a hexadecimal hash: '%c' at position %zu",
				       shown(s, sh), isprint((unsigned char)s[i]) ? s[i] : '?', i + 1);
		}
		out[i] = (char)tolower((unsigned char)s[i]);
	}
	out[len] = '\0';
	if (t == HASH_NONE)
		t = len == 32 ? HASH_MD5 : len == 40 ? HASH_SHA1 : len == 64 ? HASH_SHA256 : HASH_NONE;
	if (t == HASH_NONE || len != hash_len(t)) {
		out[0] = '\0';
		if (t == HASH_NONE)
			return err_set(err, HIM_EINPUT,
				       "'%s' is not a hash Himaya knows: %zu hex digits (MD5 has 32, SHA-1 40, SHA-256 64)",
				       shown(s, sh), len);
		return err_set(err, HIM_EINPUT, "'%s' is not a %s hash: %zu hex digits where it has %zu", shown(s, sh),
			       ident_hash_type_name(t), len, hash_len(t));
	}
	*type = t;
	return HIM_OK;
}

/* --- GUIDs, text, services ------------------------------------------------- */

int ident_guid_normalise(const char *s, char out[IDENT_GUID_MAX], struct err *err)
{
	char sh[48];
	size_t n = 0, len = s ? strlen(s) : 0;

	out[0] = '\0';
	trim(&s, &len);
	if (len >= 2 && s[0] == '{' && s[len - 1] == '}') {
		s++;
		len -= 2;
	}
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '-')
			continue;
		if (!isxdigit((unsigned char)s[i]) || n >= 32) {
			out[0] = '\0';
			return err_set(err, HIM_EINPUT, "'%s' is not a P2P GUID: expected 32 hexadecimal digits",
				       shown(s, sh));
		}
		out[n++] = (char)toupper((unsigned char)s[i]);
	}
	out[n] = '\0';
	if (n != 32) {
		out[0] = '\0';
		return err_set(err, HIM_EINPUT, "'%s' is not a P2P GUID: %zu hexadecimal digits, not 32", shown(s, sh), n);
	}
	return HIM_OK;
}

int ident_text_normalise(const char *s, struct strbuf *out, struct err *err)
{
	size_t len = s ? strlen(s) : 0;
	bool space = false;

	strbuf_reset(out);
	if (!utf8_valid(s ? s : "", len))
		return err_set(err, HIM_EINPUT, "text is not valid UTF-8");
	trim(&s, &len);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = true;
			continue;
		}
		if (c < ' ' || c == 0x7f)
			return err_set(err, HIM_EINPUT, "text contains a control character (byte %u)", c);
		if (space)
			strbuf_addch(out, ' ');
		space = false;
		strbuf_addch(out, (char)c);
	}
	if (!out->len)
		return err_set(err, HIM_EINPUT, "empty value");
	return HIM_OK;
}

int ident_service_normalise(const char *s, struct strbuf *out, struct err *err)
{
	int rc = ident_text_normalise(s, out, err);
	if (rc != HIM_OK)
		return rc;
	for (size_t i = 0; i < out->len; i++)
		if ((unsigned char)out->buf[i] < 0x80)
			out->buf[i] = (char)tolower((unsigned char)out->buf[i]);
	return HIM_OK;
}

bool ident_event_name(const char *s, char out[16])
{
	static const char *names[] = { "Login", "Registration", "Purchase", "Upload", "Other", "Unknown" };
	size_t len = s ? strlen(s) : 0;

	trim(&s, &len);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == len && strncasecmp(s, names[i], len) == 0) {
			memcpy(out, names[i], len + 1);
			return true;
		}
	return false;
}

int ident_bool(const char *s)
{
	size_t len = s ? strlen(s) : 0;

	trim(&s, &len);
	if ((len == 4 && strncasecmp(s, "true", 4) == 0) || (len == 1 && s[0] == '1') ||
	    (len == 3 && strncasecmp(s, "yes", 3) == 0))
		return 1;
	if ((len == 5 && strncasecmp(s, "false", 5) == 0) || (len == 1 && s[0] == '0') ||
	    (len == 2 && strncasecmp(s, "no", 2) == 0))
		return 0;
	return -1;
}

bool ident_country(const char *s, char out[3])
{
	size_t len = s ? strlen(s) : 0;

	trim(&s, &len);
	if (len != 2 || !isalpha((unsigned char)s[0]) || !isalpha((unsigned char)s[1]))
		return false;
	out[0] = (char)toupper((unsigned char)s[0]);
	out[1] = (char)toupper((unsigned char)s[1]);
	out[2] = '\0';
	return true;
}

/* --- file content ----------------------------------------------------------- */

bool ident_is_file_content(const char *s, size_t len)
{
	size_t i = 0, run = 0;

	while (i < len && isspace((unsigned char)s[i]))
		i++;
	if (len - i >= 5 && strncasecmp(s + i, "data:", 5) == 0)
		return true;
	if (len - i < IDENT_CONTENT_MIN)
		return false;
	if (len > 4096)
		len = 4096;
	for (; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (isalnum(c) || c == '+' || c == '/' || c == '=' || c == '-' || c == '_')
			run++;
		else if (c != '\n' && c != '\r' && !(isspace(c) && i + 1 >= len))
			return false;
	}
	return run >= IDENT_CONTENT_MIN;
}

bool ident_is_content_name(const char *name)
{
	static const char *names[] = { "filecontent", "filedata", "base64", "base64data", "binary",
				       "bindata", "imagedata", "image", "thumbnail", "thumbnaildata",
				       "attachment", "blob", "content", "contentbase64", "data",
				       "file_content", "file_data", "image_data", "payload" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(name, names[i]) == 0)
			return true;
	return false;
}
