/*
 * arabic.c - the normal form of Arabic free text, and word matching that
 * tolerates attached proclitics.
 *
 * Normalising is two passes: the first folds each character (letters to
 * their bare form, digits to ASCII, invisible marks dropped, punctuation
 * to ASCII, every kind of space to ' '); the second, now byte-oriented,
 * decides what punctuation means and collapses whitespace.
 */
#include "arabic.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/utf8.h"
#include "../lib/banned.h"

/* Decode one code point of valid UTF-8 (the caller validated it). */
static unsigned decode(const unsigned char *s, size_t *n)
{
	if (s[0] < 0x80) {
		*n = 1;
		return s[0];
	}
	if (s[0] < 0xE0) {
		*n = 2;
		return ((unsigned)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
	}
	if (s[0] < 0xF0) {
		*n = 3;
		return ((unsigned)(s[0] & 0x0F) << 12) | ((unsigned)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
	}
	*n = 4;
	return ((unsigned)(s[0] & 0x07) << 18) | ((unsigned)(s[1] & 0x3F) << 12) |
	       ((unsigned)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
}

static void encode(struct strbuf *sb, unsigned cp)
{
	if (cp < 0x80) {
		strbuf_addch(sb, (char)cp);
	} else if (cp < 0x800) {
		strbuf_addch(sb, (char)(0xC0 | (cp >> 6)));
		strbuf_addch(sb, (char)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		strbuf_addch(sb, (char)(0xE0 | (cp >> 12)));
		strbuf_addch(sb, (char)(0x80 | ((cp >> 6) & 0x3F)));
		strbuf_addch(sb, (char)(0x80 | (cp & 0x3F)));
	} else {
		strbuf_addch(sb, (char)(0xF0 | (cp >> 18)));
		strbuf_addch(sb, (char)(0x80 | ((cp >> 12) & 0x3F)));
		strbuf_addch(sb, (char)(0x80 | ((cp >> 6) & 0x3F)));
		strbuf_addch(sb, (char)(0x80 | (cp & 0x3F)));
	}
}

#define DROP 0xFFFFFFFFu

/* The folded form of one code point, or DROP for characters that carry no
 * meaning for matching (diacritics, tatweel, direction marks). */
static unsigned fold(unsigned cp)
{
	if (cp < 0x80) {
		if (cp < 0x20 || cp == 0x7F)
			return ' ';
		if (cp >= 'A' && cp <= 'Z')
			return cp + ('a' - 'A');
		return cp;
	}
	/* Latin-1 capitals, for French labels typed into a cell. */
	if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
		return cp + 0x20;
	switch (cp) {
	case 0x00A0: return ' ';
	case 0x00AD: return DROP;          /* soft hyphen */
	case 0x00AB: case 0x00BB: return '"';
	case 0x060C: return ',';           /* Arabic comma */
	case 0x061B: return ';';
	case 0x061F: return '?';
	case 0x066A: return '%';
	case 0x066B: return '.';           /* Arabic decimal separator */
	case 0x066C: return ',';           /* Arabic thousands separator */
	case 0x06D4: return '.';
	case 0x061C: return DROP;          /* Arabic letter mark */
	case 0x0622: case 0x0623: case 0x0625: case 0x0671: case 0x0672: case 0x0673:
		return 0x0627;             /* hamza and madda seats on alef: ا */
	case 0x0624: return 0x0648;        /* ؤ -> و */
	case 0x0626: return 0x064A;        /* ئ -> ي */
	case 0x0629: return 0x0647;        /* ة -> ه */
	case 0x0649: return 0x064A;        /* ى -> ي */
	case 0x06CC: return 0x064A;        /* Persian yeh, from some keyboards */
	case 0x06A9: return 0x0643;        /* keheh -> ك */
	case 0x0640: return DROP;          /* tatweel */
	case 0x0670: return DROP;          /* superscript alef */
	case 0x2026: return '.';
	case 0x2212: return '-';
	case 0x2018: case 0x2019: case 0x201A: case 0x201B: return '\'';
	case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000: return ' ';
	case 0xFEFF: return DROP;
	default: break;
	}
	if (cp >= 0x064B && cp <= 0x065F)   /* harakat, tanwin, shadda, sukun ... */
		return DROP;
	if ((cp >= 0x0610 && cp <= 0x061A) || (cp >= 0x06D6 && cp <= 0x06ED))
		return DROP;               /* Quranic annotation signs */
	if (cp >= 0x0660 && cp <= 0x0669)
		return '0' + (cp - 0x0660);
	if (cp >= 0x06F0 && cp <= 0x06F9)
		return '0' + (cp - 0x06F0);
	if (cp >= 0x2000 && cp <= 0x200A)
		return ' ';
	if ((cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
	    (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069))
		return DROP;               /* zero-width and bidirectional controls */
	if (cp >= 0x2010 && cp <= 0x2015)
		return '-';
	if (cp >= 0x201C && cp <= 0x201F)
		return '"';
	return cp;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_ascii_punct(char c)
{
	return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) ||
	       (c >= 0x7B && c <= 0x7E);
}

int arabic_normalise(const char *text, size_t len, unsigned flags, struct strbuf *out,
		     struct err *err)
{
	struct strbuf folded = STRBUF_INIT;
	const unsigned char *s = (const unsigned char *)text;
	bool pending_space = false, any = false;
	size_t i, n;

	if (!utf8_valid(text, len))
		return err_set(err, HIM_EINPUT, "the text is not valid UTF-8");
	for (i = 0; i < len; i += n) {
		unsigned cp = fold(decode(s + i, &n));
		if (cp != DROP)
			encode(&folded, cp);
	}
	for (i = 0; i < folded.len; i++) {
		char c = folded.buf[i];

		if ((flags & ARABIC_PUNCT_AS_SPACE) && is_ascii_punct(c) &&
		    !(i > 0 && is_digit(folded.buf[i - 1]) && i + 1 < folded.len &&
		      is_digit(folded.buf[i + 1])))
			c = ' ';
		if (c == ' ') {
			pending_space = true;
			continue;
		}
		/* One space between words, none at either end. */
		if (pending_space && any)
			strbuf_addch(out, ' ');
		pending_space = false;
		any = true;
		strbuf_addch(out, c);
	}
	strbuf_release(&folded);
	return HIM_OK;
}

/* UTF-8 of the letters that may be attached in front of a word. */
#define WAW "\xd9\x88"
#define FA "\xd9\x81"
#define BA "\xd8\xa8"
#define LAM "\xd9\x84"
#define KAF "\xd9\x83"
#define ALEF "\xd8\xa7"

static size_t count_letters(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

static bool starts(const char *s, size_t len, const char *prefix)
{
	size_t p = strlen(prefix);
	return len >= p && memcmp(s, prefix, p) == 0;
}

#define STEMS_MAX 12

/*
 * Byte offsets at which a word may start once its proclitics are removed:
 * the conjunctions و ف, then the prepositions ب ل ك, then the article
 * ال (or لل, ل before the article whose alef is not written). Offsets that
 * would leave fewer than two letters are not produced.
 */
static size_t stems(const char *w, size_t len, size_t out[STEMS_MAX])
{
	size_t n = 0, first, k;

	out[n++] = 0;
	if ((starts(w, len, WAW) || starts(w, len, FA)) && count_letters(w + 2, len - 2) >= 2)
		out[n++] = 2;
	first = n;
	for (k = 0; k < first; k++) {
		size_t o = out[k];
		if ((starts(w + o, len - o, BA) || starts(w + o, len - o, LAM) || starts(w + o, len - o, KAF)) &&
		    count_letters(w + o + 2, len - o - 2) >= 2)
			out[n++] = o + 2;
	}
	first = n;
	for (k = 0; k < first && n < STEMS_MAX; k++) {
		size_t o = out[k];
		if ((starts(w + o, len - o, ALEF LAM) || starts(w + o, len - o, LAM LAM)) &&
		    count_letters(w + o + 4, len - o - 4) >= 2)
			out[n++] = o + 4;
	}
	return n;
}

bool arabic_word_match(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t sa[STEMS_MAX], sb[STEMS_MAX];
	size_t na, nb;

	if (alen == blen && memcmp(a, b, alen) == 0)
		return true;
	na = stems(a, alen, sa);
	nb = stems(b, blen, sb);
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb; j++)
			if (alen - sa[i] == blen - sb[j] && memcmp(a + sa[i], b + sb[j], alen - sa[i]) == 0)
				return true;
	return false;
}

bool arabic_word_has_stem_prefix(const char *w, size_t len, const char *prefix)
{
	size_t s[STEMS_MAX];
	size_t n = stems(w, len, s);

	for (size_t i = 0; i < n; i++)
		if (starts(w + s[i], len - s[i], prefix))
			return true;
	return false;
}

void arabic_words_init(struct arabic_words *words)
{
	words->w = NULL;
	words->n = words->alloc = 0;
}

void arabic_words_release(struct arabic_words *words)
{
	free(words->w);
	arabic_words_init(words);
}

void arabic_words_split(struct arabic_words *words, const char *text)
{
	const char *p = text;

	words->n = 0;
	while (*p) {
		const char *start;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		start = p;
		while (*p && *p != ' ')
			p++;
		if (words->n == words->alloc) {
			words->alloc = words->alloc ? words->alloc * 2 : 8;
			words->w = xrealloc(words->w, words->alloc * sizeof(*words->w));
		}
		words->w[words->n].s = start;
		words->w[words->n].len = (size_t)(p - start);
		words->n++;
	}
}

bool arabic_words_find(const struct arabic_words *text, const struct arabic_words *phrase,
		       size_t from, size_t *at)
{
	if (phrase->n == 0 || phrase->n > text->n)
		return false;
	for (size_t i = from; i + phrase->n <= text->n; i++) {
		size_t k;
		for (k = 0; k < phrase->n; k++)
			if (!arabic_word_match(text->w[i + k].s, text->w[i + k].len, phrase->w[k].s,
					       phrase->w[k].len))
				break;
		if (k == phrase->n) {
			*at = i;
			return true;
		}
	}
	return false;
}
