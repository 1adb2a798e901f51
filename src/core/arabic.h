/*
 * arabic.h - normalising Arabic free text so that the ways clerks spell a
 * value compare equal, and finding words and phrases in it.
 *
 * The same court or outcome reaches Himaya as "الإدانة", "الادانة",
 * "الإدانـــة" or "الإدانَة"; a number as "٦", "۶" or "6". Matching happens
 * on a normal form only: hamza seats folded to their bare letter, ta
 * marbuta to ha, alef maqsura to ya, tatweel and diacritics removed,
 * Arabic-Indic digits made ASCII, Arabic punctuation folded to ASCII,
 * Latin lower-cased, whitespace collapsed. The normal form is for
 * comparison, never for storage: what a person wrote is kept as written.
 *
 * Pure: no I/O, no locale.
 */
#ifndef HIMAYA_ARABIC_H
#define HIMAYA_ARABIC_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/err.h"
#include "../lib/strbuf.h"

enum arabic_flags {
	/* Punctuation becomes a word break, except between two digits
	 * ("12/05/2022", "5.000", "503-2" stay whole): the form to match
	 * words in. Without it punctuation is folded to ASCII and kept. */
	ARABIC_PUNCT_AS_SPACE = 1,
};

/*
 * Append the normal form of text[0..len) to out (which is not reset).
 * HIM_EINPUT, with nothing appended, if the text is not valid UTF-8.
 */
int arabic_normalise(const char *text, size_t len, unsigned flags, struct strbuf *out,
		     struct err *err);

/*
 * Do two normalised words mean the same word, up to the proclitics Arabic
 * writes attached to it (و ف, then ب ل ك, then the article ال, or لل)?
 * "بالرباط" matches "الرباط" and "رباط"; "بسلا" matches "سلا". A stripped
 * form must keep at least two letters, so "بن" never becomes "ن".
 */
bool arabic_word_match(const char *a, size_t alen, const char *b, size_t blen);

/* The words of a normalised text: spans into it, split on spaces. */
struct arabic_word {
	const char *s;
	size_t len;
};

struct arabic_words {
	struct arabic_word *w;
	size_t n, alloc;
};

void arabic_words_init(struct arabic_words *words);
void arabic_words_release(struct arabic_words *words);
/* Split text (normalised, so one space between words) into words (reset first). */
void arabic_words_split(struct arabic_words *words, const char *text);

/*
 * Find phrase as consecutive words of text, each pair matching by
 * arabic_word_match, starting at word index `from`. Sets *at to the index
 * of the first matching word. False if the phrase is empty or absent.
 */
bool arabic_words_find(const struct arabic_words *text, const struct arabic_words *phrase,
		       size_t from, size_t *at);

/* Does the word start with prefix (after its proclitics)? For "نافذا", "نافذة". */
bool arabic_word_has_stem_prefix(const char *w, size_t len, const char *prefix);

#endif
