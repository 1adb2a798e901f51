/*
 * referral_source.c - chunked reading with UTF-8 repair and line counts
 * (see referral_source.h for why).
 */
#include "referral_source.h"

#include <errno.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../lib/banned.h"

int referral_source_open(struct referral_source *s, const char *path, bool xml, struct err *err)
{
	struct stat st;

	memset(s, 0, sizeof(*s));
	s->f = fopen(path, "rb");
	if (!s->f)
		return err_set(err, HIM_EIO, "%s: %s", path, strerror(errno));
	if (fstat(fileno(s->f), &st) == 0 && S_ISREG(st.st_mode))
		s->size = (uint64_t)st.st_size;
	s->line = 1;
	s->fill_line = 1;
	s->check = true;
	s->xml = xml;
	return HIM_OK;
}

void referral_source_close(struct referral_source *s)
{
	if (s->f)
		fclose(s->f);
	s->f = NULL;
}

/* Another encoding declared (or a UTF-16 BOM): libxml2 converts it, and
 * the byte check here would be wrong. */
static void look_at_declaration(struct referral_source *s, size_t n)
{
	const char *p = (const char *)s->raw, *end, *enc;
	char val[32];
	size_t k = 0;

	if (n >= 2 && ((s->raw[0] == 0xFF && s->raw[1] == 0xFE) || (s->raw[0] == 0xFE && s->raw[1] == 0xFF))) {
		s->check = false;
		return;
	}
	if (n < 5 || memcmp(p, "<?xml", 5) != 0)
		return;
	end = memchr(p, '>', n);
	if (!end)
		return;
	for (enc = p; enc + 8 < end && memcmp(enc, "encoding", 8) != 0; enc++)
		;
	if (enc + 8 >= end)
		return;
	enc += 8;
	while (enc < end && (*enc == ' ' || *enc == '=' || *enc == '"' || *enc == '\''))
		enc++;
	while (enc < end && *enc != '"' && *enc != '\'' && k + 1 < sizeof(val))
		val[k++] = *enc++;
	val[k] = '\0';
	if (strcasecmp(val, "utf-8") != 0 && strcasecmp(val, "utf8") != 0 && strcasecmp(val, "us-ascii") != 0)
		s->check = false;
}

static void mark_bad(struct referral_source *s)
{
	if (s->nbad == REFERRAL_SOURCE_BAD_MAX) {
		memmove(s->bad, s->bad + 1, (REFERRAL_SOURCE_BAD_MAX - 1) * sizeof(s->bad[0]));
		s->nbad--;
	}
	s->bad[s->nbad++] = s->fill_line;
	s->bad_total++;
	memcpy(s->out + s->outlen, "\xEF\xBF\xBD", 3);
	s->outlen += 3;
}

/* Length of the valid UTF-8 sequence at p (n bytes available), 0 if it
 * is invalid, -1 if more bytes are needed to decide. */
static int seq_len(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];
	int need;
	unsigned char lo = 0x80, hi = 0xBF;

	if (c >= 0xC2 && c <= 0xDF)
		need = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		need = 3;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F; /* no surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else
		return 0;
	for (int i = 1; i < need; i++) {
		if ((size_t)i >= n)
			return -1;
		if (p[i] < (i == 1 ? lo : 0x80) || p[i] > (i == 1 ? hi : 0xBF))
			return 0;
	}
	return need;
}

static int fill(struct referral_source *s)
{
	size_t n = 0, i = 0, total;

	if (!s->eof) {
		n = fread(s->raw + s->rawlen, 1, sizeof(s->raw) - s->rawlen, s->f);
		if (n == 0) {
			if (ferror(s->f))
				return -1;
			s->eof = true;
		}
	}
	s->bytes_read += n;
	total = s->rawlen + n;
	if (!s->started) {
		s->started = true;
		if (s->xml)
			look_at_declaration(s, total);
	}
	s->outpos = s->outlen = 0;
	while (i < total) {
		unsigned char c = s->raw[i];
		if (!s->check || (c >= 0x20 && c < 0x80) || c == '\n' || c == '\r' || c == '\t') {
			if (c == '\n')
				s->fill_line++;
			s->out[s->outlen++] = c;
			i++;
			continue;
		}
		if (c < 0x80) { /* a control character: invalid in XML text and JSON strings */
			mark_bad(s);
			i++;
			continue;
		}
		int k = seq_len(s->raw + i, total - i);
		if (k < 0 && !s->eof)
			break; /* finish it with the next chunk */
		if (k <= 0) {
			mark_bad(s);
			i++;
			continue;
		}
		memcpy(s->out + s->outlen, s->raw + i, (size_t)k);
		s->outlen += (size_t)k;
		i += (size_t)k;
	}
	s->rawlen = total - i;
	memmove(s->raw, s->raw + i, s->rawlen);
	return 0;
}

long referral_source_read(struct referral_source *s, char *buf, size_t len)
{
	size_t n;

	while (s->outpos == s->outlen) {
		if (s->eof && s->rawlen == 0)
			return 0;
		if (fill(s) != 0)
			return -1;
	}
	n = s->outlen - s->outpos;
	if (n > len)
		n = len;
	memcpy(buf, s->out + s->outpos, n);
	for (size_t i = 0; i < n; i++)
		s->line += buf[i] == '\n';
	s->outpos += n;
	return (long)n;
}

bool referral_source_bad_text(const struct referral_source *s, const char *text, long from, long *line)
{
	if (!text || !strstr(text, "\xEF\xBF\xBD"))
		return false;
	for (size_t i = 0; i < s->nbad; i++)
		if (s->bad[i] >= from) {
			*line = s->bad[i];
			return true;
		}
	return false;
}

void referral_source_forget(struct referral_source *s, long from)
{
	size_t k = 0;

	while (k < s->nbad && s->bad[k] < from)
		k++;
	memmove(s->bad, s->bad + k, (s->nbad - k) * sizeof(s->bad[0]));
	s->nbad -= k;
}
