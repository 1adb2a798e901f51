/*
 * sentence.c - prison months, suspended months and fine from the words of
 * an outcome cell.
 *
 * The text is normalised (arabic.h) and cut into tokens: numbers (with
 * their thousands groups joined), dates (skipped), words. Durations are a
 * number (or number word) before a unit word, or a dual unit alone; each
 * takes the qualifier (نافذ / موقوف) that follows it, or failing that the
 * one before it. All words below are in the normal form: "سنه", not "سنة".
 */
#include "sentence.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "arabic.h"
#include "../lib/banned.h"

enum token_kind { TOK_WORD, TOK_NUMBER, TOK_OTHER };

struct token {
	const char *s;
	size_t len;
	enum token_kind kind;
	long long value; /* TOK_NUMBER */
};

struct tokens {
	struct token *t;
	size_t n, alloc;
};

static void tokens_push(struct tokens *ts, const char *s, size_t len, enum token_kind kind, long long v)
{
	if (ts->n == ts->alloc) {
		ts->alloc = ts->alloc ? ts->alloc * 2 : 16;
		ts->t = xrealloc(ts->t, ts->alloc * sizeof(*ts->t));
	}
	ts->t[ts->n].s = s;
	ts->t[ts->n].len = len;
	ts->t[ts->n].kind = kind;
	ts->t[ts->n].value = v;
	ts->n++;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * A run of digits, dots, commas, slashes and dashes: "6", "5.000",
 * "5,000,000", "1500.50" are numbers (a group of exactly three digits
 * after a separator is a thousands group, anything else a decimal part
 * that is dropped); "12/05/2022" or "2022-05-12" is a date, not a number.
 */
static void push_numeric(struct tokens *ts, const char *s, size_t len)
{
	long long v = 0;
	size_t i = 0;

	for (size_t k = 0; k < len; k++)
		if (s[k] == '/' || s[k] == '-') {
			tokens_push(ts, s, len, TOK_OTHER, 0);
			return;
		}
	while (i < len && is_digit(s[i])) {
		if (v < 100000000000LL)
			v = v * 10 + (s[i] - '0');
		i++;
	}
	while (i < len && (s[i] == '.' || s[i] == ',')) {
		size_t j = i + 1, digits = 0;
		while (j < len && is_digit(s[j])) {
			j++;
			digits++;
		}
		if (digits != 3)
			break; /* a decimal part: dirhams are counted whole */
		for (size_t k = i + 1; k < j; k++)
			if (v < 100000000000LL)
				v = v * 10 + (s[k] - '0');
		i = j;
	}
	tokens_push(ts, s, len, TOK_NUMBER, v);
}

/* Split a word further where letters meet digits ("ب6", "و6أشهر"). */
static void push_word(struct tokens *ts, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t j = i;
		if (is_digit(s[i])) {
			while (j < len && (is_digit(s[j]) || ((s[j] == '.' || s[j] == ',' || s[j] == '/' || s[j] == '-') &&
							      j + 1 < len && is_digit(s[j + 1]))))
				j++;
			push_numeric(ts, s + i, j - i);
		} else {
			while (j < len && !is_digit(s[j]))
				j++;
			tokens_push(ts, s + i, j - i, TOK_WORD, 0);
		}
		i = j;
	}
}

static bool word_is(const struct token *t, const char *w)
{
	return t->kind == TOK_WORD && arabic_word_match(t->s, t->len, w, strlen(w));
}

static bool word_in(const struct token *t, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (word_is(t, list[i]))
			return true;
	return false;
}

static const char *const MONTHS[] = { "شهر", "شهرا", "اشهر", "شهور", NULL };
static const char *const MONTHS_2[] = { "شهرين", "شهران", NULL };
static const char *const YEARS[] = { "سنه", "سنوات", "سنين", "عام", "اعوام", NULL };
static const char *const YEARS_2[] = { "سنتين", "سنتان", "عامين", "عامان", NULL };
static const char *const ONE[] = { "واحد", "واحده", NULL };
static const char *const FIRM[] = { "نافذ", NULL };        /* stem prefix */
static const char *const SUSPENDED[] = { "موقوف", NULL };  /* stem prefix */
static const char *const PART_OF[] = { "منها", "منه", "ضمنها", NULL };
static const char *const DIRHAM[] = { "درهم", "دراهم", "درهما", "dh", "dhs", "mad", NULL };
static const char *const FINE[] = { "غرامه", NULL };
static const char *const THOUSAND[] = { "الف", "الاف", "االاف", NULL };

struct number_word {
	const char *w;
	int v;
};

static const struct number_word NUMBER_WORDS[] = {
	{ "واحد", 1 }, { "واحده", 1 }, { "ثلاث", 3 }, { "ثلاثه", 3 }, { "اربع", 4 }, { "اربعه", 4 },
	{ "خمس", 5 }, { "خمسه", 5 }, { "ست", 6 }, { "سته", 6 }, { "سبع", 7 }, { "سبعه", 7 },
	{ "ثمان", 8 }, { "ثماني", 8 }, { "ثمانيه", 8 }, { "تسع", 9 }, { "تسعه", 9 }, { "عشر", 10 },
	{ "عشره", 10 }, { NULL, 0 }
};

static int number_word(const struct token *t)
{
	for (size_t i = 0; NUMBER_WORDS[i].w; i++)
		if (word_is(t, NUMBER_WORDS[i].w))
			return NUMBER_WORDS[i].v;
	return 0;
}

static bool has_prefix(const struct token *t, const char *const *list)
{
	if (t->kind != TOK_WORD)
		return false;
	for (size_t i = 0; list[i]; i++)
		if (arabic_word_has_stem_prefix(t->s, t->len, list[i]))
			return true;
	return false;
}

enum qualifier { QUAL_NONE, QUAL_FIRM, QUAL_SUSPENDED };

struct term {
	size_t first, last; /* token span */
	int months;
	bool part;          /* "منها ...": a part of the previous term */
	enum qualifier qual;
};

/* Is token i the word "وقف" of "مع وقف التنفيذ", or a form of موقوف? */
static enum qualifier qualifier_at(const struct tokens *ts, size_t i)
{
	const struct token *t = &ts->t[i];

	if (has_prefix(t, SUSPENDED) || (t->kind == TOK_WORD && t->len == strlen("وقف") &&
					 memcmp(t->s, "وقف", t->len) == 0))
		return QUAL_SUSPENDED;
	if (has_prefix(t, FIRM))
		return QUAL_FIRM;
	return QUAL_NONE;
}

/* The duration whose unit word is token i, if any (fills months and span). */
static bool duration_at(const struct tokens *ts, size_t i, struct term *out)
{
	const struct token *t = &ts->t[i];
	int per, count = -1;
	bool dual;

	if (word_in(t, MONTHS_2) || word_in(t, YEARS_2)) {
		dual = true;
		per = word_in(t, YEARS_2) ? 12 : 1;
	} else if (word_in(t, MONTHS) || word_in(t, YEARS)) {
		dual = false;
		per = word_in(t, YEARS) ? 12 : 1;
	} else {
		return false;
	}
	/* "سنة 2021" names a year, not a duration. */
	if (i + 1 < ts->n && ts->t[i + 1].kind == TOK_NUMBER && ts->t[i + 1].value >= 1900 &&
	    ts->t[i + 1].value <= 2999)
		return false;
	out->first = out->last = i;
	if (dual) {
		count = 2;
	} else if (i > 0 && ts->t[i - 1].kind == TOK_NUMBER) {
		count = ts->t[i - 1].value > 1200 ? -1 : (int)ts->t[i - 1].value;
		out->first = i - 1;
	} else if (i > 0 && number_word(&ts->t[i - 1])) {
		count = number_word(&ts->t[i - 1]);
		out->first = i - 1;
	} else if (i + 1 < ts->n && word_in(&ts->t[i + 1], ONE)) {
		count = 1;
		out->last = i + 1;
	} else if (word_is(t, "شهر") || word_is(t, "شهرا") || word_is(t, "سنه") || word_is(t, "عام")) {
		count = 1; /* "سنة حبسا نافذا": a singular unit alone is one */
	}
	if (count < 0)
		return false;
	out->months = count * per;
	out->part = false;
	out->qual = QUAL_NONE;
	return true;
}

/* The fine: the amount before "درهم", else the first number after "غرامة". */
static long long find_fine(const struct tokens *ts)
{
	for (size_t i = 0; i < ts->n; i++) {
		if (!word_in(&ts->t[i], DIRHAM))
			continue;
		if (i > 0 && word_in(&ts->t[i - 1], THOUSAND)) {
			if (i > 1 && ts->t[i - 2].kind == TOK_NUMBER)
				return ts->t[i - 2].value * 1000;
			if (i > 1 && number_word(&ts->t[i - 2]))
				return number_word(&ts->t[i - 2]) * 1000LL;
			return 1000;
		}
		if (i > 0 && word_is(&ts->t[i - 1], "الفين"))
			return 2000;
		if (i > 0 && ts->t[i - 1].kind == TOK_NUMBER)
			return ts->t[i - 1].value;
	}
	for (size_t i = 0; i < ts->n; i++) {
		if (!word_in(&ts->t[i], FINE))
			continue;
		for (size_t j = i + 1; j < ts->n && j <= i + 4; j++)
			if (ts->t[j].kind == TOK_NUMBER) {
				long long v = ts->t[j].value;
				if (j + 1 < ts->n && word_in(&ts->t[j + 1], THOUSAND))
					v *= 1000;
				return v;
			}
	}
	return -1;
}

/* Where the fine's words begin: qualifiers after it belong to the fine. */
static size_t fine_start(const struct tokens *ts)
{
	for (size_t i = 0; i < ts->n; i++)
		if (word_in(&ts->t[i], FINE) || word_in(&ts->t[i], DIRHAM))
			return i;
	return ts->n;
}

static void tokenize(const char *norm, struct tokens *ts)
{
	struct arabic_words words;

	arabic_words_init(&words);
	arabic_words_split(&words, norm);
	for (size_t i = 0; i < words.n; i++)
		push_word(ts, words.w[i].s, words.w[i].len);
	arabic_words_release(&words);
	/* Join "5 000": a number followed by a group of exactly three digits. */
	for (size_t i = 0; i + 1 < ts->n; i++) {
		struct token *a = &ts->t[i], *b = &ts->t[i + 1];
		if (a->kind == TOK_NUMBER && b->kind == TOK_NUMBER && b->len == 3 && a->value < 1000) {
			a->value = a->value * 1000 + b->value;
			memmove(b, b + 1, (ts->n - i - 2) * sizeof(*b));
			ts->n--;
		}
	}
}

int sentence_parse(const char *text, size_t len, struct sentence *out, struct err *err)
{
	struct sentence none = SENTENCE_NONE;
	struct strbuf norm = STRBUF_INIT;
	struct tokens ts = { NULL, 0, 0 };
	struct term *terms = NULL;
	size_t nterms = 0, stop;
	int rc;

	*out = none;
	if ((rc = arabic_normalise(text, len, ARABIC_PUNCT_AS_SPACE, &norm, err)) != HIM_OK)
		return rc;
	tokenize(norm.buf, &ts);
	terms = xcalloc(ts.n ? ts.n : 1, sizeof(*terms));
	stop = fine_start(&ts);

	for (size_t i = 0; i < ts.n; i++) {
		struct term t;
		if (!duration_at(&ts, i, &t))
			continue;
		/* "سنة و 6 أشهر": durations joined by "و" are one term. */
		if (nterms > 0) {
			struct term *prev = &terms[nterms - 1];
			bool joined = t.first == prev->last + 1 ||
				      (t.first == prev->last + 2 && word_is(&ts.t[prev->last + 1], "و"));
			if (joined && !t.part) {
				prev->months += t.months;
				prev->last = t.last;
				i = t.last;
				continue;
			}
			for (size_t k = prev->last + 1; k < t.first; k++)
				if (word_in(&ts.t[k], PART_OF))
					t.part = true;
		}
		terms[nterms++] = t;
		i = t.last;
	}

	/* Each term takes the qualifier after it (up to the next term or the
	 * fine), or else the one before it (back to the previous term). */
	for (size_t k = 0; k < nterms; k++) {
		size_t end = k + 1 < nterms ? terms[k + 1].first : stop;
		size_t begin = k > 0 ? terms[k - 1].last + 1 : 0;

		for (size_t i = terms[k].last + 1; i < end && i < ts.n && !terms[k].qual; i++)
			terms[k].qual = qualifier_at(&ts, i);
		for (size_t i = terms[k].first; i > begin && !terms[k].qual; i--)
			if (i - 1 < stop)
				terms[k].qual = qualifier_at(&ts, i - 1);
	}

	if (nterms > 0) {
		int prison = 0, suspended = 0;
		bool known = true;

		for (size_t k = 0; k < nterms; k++) {
			size_t j;
			bool has_parts = false;

			if (terms[k].part)
				continue;
			prison += terms[k].months;
			for (j = k + 1; j < nterms && terms[j].part; j++) {
				has_parts = true;
				if (terms[j].qual == QUAL_SUSPENDED)
					suspended += terms[j].months;
				else if (terms[j].qual == QUAL_FIRM)
					suspended += terms[k].months - terms[j].months;
				else
					known = false;
			}
			if (has_parts)
				continue;
			if (terms[k].qual == QUAL_SUSPENDED)
				suspended += terms[k].months;
			else if (terms[k].qual == QUAL_NONE)
				known = false;
		}
		out->prison_months = prison;
		out->suspended_months = known ? suspended : -1;
	}
	out->fine_mad = find_fine(&ts);

	free(terms);
	free(ts.t);
	strbuf_release(&norm);
	return HIM_OK;
}
