/*
 * backfill_map.c - matching the table's free text to codes: the columns,
 * the mappings file, the vocabulary, the courts (see backfill_map.h for
 * the order of the tiers and why).
 *
 * Every known phrase is kept once in its normal form with its words, as a
 * candidate for the columns it may appear in; matching a cell is then a
 * scan of the candidates, which are a few hundred at most.
 */
#include "backfill_map.h"

#include <stdlib.h>
#include <string.h>

#include "../core/arabic.h"
#include "../lib/strbuf.h"
#include "../lib/tsv.h"
#include "../lib/banned.h"

/* --- the columns ------------------------------------------------------ */

struct column_def {
	const char *name;
	const char *key;
	const char *aliases[6];
};

static const struct column_def COLUMNS[BACKFILL_COLUMN_COUNT] = {
	[BACKFILL_COURT] = { "المحكمة", "court", { "اسم المحكمة", NULL } },
	[BACKFILL_BODY] = { "الجهة المكلفة بالبحث", "body",
			    { "الجهة المكلفة", "جهة البحث", "الجهة المكلفة بالبحث والوحدة", NULL } },
	[BACKFILL_SUBJECT] = { "موضوع الإشعار", "subject", { "موضوع الإخبار", "نوع الجريمة", NULL } },
	[BACKFILL_PLATFORM] = { "المنصة المعنية", "platform", { "المنصة", NULL } },
	[BACKFILL_DECISION] = { "المتابعة", "decision", { "قرار النيابة العامة", NULL } },
	[BACKFILL_FIRST] = { "ابتدائيا", "first_instance",
			     { "مآل القضية ابتدائيا", "المرحلة الابتدائية", NULL } },
	[BACKFILL_APPEAL] = { "استئنافيا", "appeal",
			      { "مآل القضية استئنافيا", "المرحلة الاستئنافية", NULL } },
	[BACKFILL_CASSATION] = { "النقض", "cassation",
				 { "مآل القضية النقض", "مآل القضية في النقض", "محكمة النقض", NULL } },
	[BACKFILL_FILE_NUMBER] = { "رقم الملف", "file_number", { "عدد الملف", "رقم القضية", NULL } },
	[BACKFILL_REGISTERED] = { "تاريخ التسجيل", "registered",
				  { "تاريخ تسجيل الملف", "تاريخ تسجيل القضية", NULL } },
	[BACKFILL_YEAR] = { "السنة", "year", { "سنة التسجيل", NULL } },
};

const char *backfill_column_name(enum backfill_column col)
{
	return col < BACKFILL_COLUMN_COUNT ? COLUMNS[col].name : "?";
}

const char *backfill_column_key(enum backfill_column col)
{
	return col < BACKFILL_COLUMN_COUNT ? COLUMNS[col].key : "?";
}

/* The match form: normalised, punctuation as word breaks. */
static bool match_form(const char *text, size_t len, struct strbuf *out)
{
	strbuf_reset(out);
	return arabic_normalise(text, len, ARABIC_PUNCT_AS_SPACE, out, NULL) == HIM_OK;
}

/* text without its parenthesised parts: "المنصة المعنية (CPS / NECMEC)". */
static void drop_parentheses(const char *text, size_t len, struct strbuf *out)
{
	int depth = 0;

	strbuf_reset(out);
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '(')
			depth++;
		else if (text[i] == ')' && depth > 0)
			depth--;
		else if (depth == 0)
			strbuf_addch(out, text[i]);
	}
}

bool backfill_column_parse(const char *text, size_t len, enum backfill_column *out)
{
	struct strbuf bare = STRBUF_INIT, cell = STRBUF_INIT, known = STRBUF_INIT;
	struct arabic_words cw, kw;
	size_t best_len = 0;
	int best = -1;
	bool tie = false, found = false;

	arabic_words_init(&cw);
	arabic_words_init(&kw);
	drop_parentheses(text, len, &bare);
	if (!match_form(bare.buf, bare.len, &cell) || cell.len == 0)
		goto done;
	arabic_words_split(&cw, cell.buf);
	for (int c = 0; c < BACKFILL_COLUMN_COUNT && !found; c++) {
		const char *names[8] = { COLUMNS[c].name, COLUMNS[c].key };
		size_t nn = 2;
		for (size_t a = 0; COLUMNS[c].aliases[a]; a++)
			names[nn++] = COLUMNS[c].aliases[a];
		for (size_t k = 0; k < nn; k++) {
			size_t at;
			match_form(names[k], strlen(names[k]), &known);
			if (strcmp(known.buf, cell.buf) == 0) {
				*out = (enum backfill_column)c;
				found = true;
				break;
			}
			arabic_words_split(&kw, known.buf);
			if (arabic_words_find(&cw, &kw, 0, &at)) {
				if (kw.n > best_len) {
					best_len = kw.n;
					best = c;
					tie = false;
				} else if (kw.n == best_len && best != c) {
					tie = true;
				}
			}
		}
	}
	if (!found && best >= 0 && !tie) {
		*out = (enum backfill_column)best;
		found = true;
	}
done:
	arabic_words_release(&cw);
	arabic_words_release(&kw);
	strbuf_release(&bare);
	strbuf_release(&cell);
	strbuf_release(&known);
	return found;
}

/* --- candidates ------------------------------------------------------- */

#define KIND_COURT VOCAB_KIND_COUNT
#define KIND_NONE (VOCAB_KIND_COUNT + 1)
#define COL(c) (1u << (c))

struct candidate {
	char *text;                 /* match form, owned */
	struct arabic_words words;  /* into text */
	int kind;                   /* enum vocab_kind, KIND_COURT or KIND_NONE */
	char code[CODE_MAX];
	unsigned columns;           /* COL() bits of the columns it may appear in */
	bool from_file;
};

/* A court's name reduced to what tells it apart: the town and any
 * qualifier ("الزجرية"), without "المحكمة" and the kind words. */
struct court_key {
	char code[CODE_MAX];
	enum court_kind kind;
	char *text;
	struct arabic_words words;
};

struct backfill_matcher {
	const struct vocab *vocab;
	const struct court_map *map;
	struct candidate *c;
	size_t n, alloc;
	struct court_key *courts;
	size_t ncourts, courts_alloc;
};

static void add_candidate(struct backfill_matcher *m, const char *text, size_t len, int kind,
			  const char *code, unsigned columns, bool from_file)
{
	struct strbuf form = STRBUF_INIT;
	struct candidate *c;

	if (!match_form(text, len, &form) || form.len == 0) {
		strbuf_release(&form);
		return;
	}
	if (m->n == m->alloc) {
		m->alloc = m->alloc ? m->alloc * 2 : 64;
		m->c = xrealloc(m->c, m->alloc * sizeof(*m->c));
	}
	c = &m->c[m->n++];
	memset(c, 0, sizeof(*c));
	c->text = strbuf_detach(&form, NULL);
	arabic_words_init(&c->words);
	arabic_words_split(&c->words, c->text);
	c->kind = kind;
	memcpy(c->code, code, strlen(code) + 1);
	c->columns = columns;
	c->from_file = from_file;
}

static const unsigned OUTCOME_COLUMNS[] = { [BACKFILL_FIRST] = LEVEL_FIRST,
					    [BACKFILL_APPEAL] = LEVEL_APPEAL,
					    [BACKFILL_CASSATION] = LEVEL_CASSATION };

/* The columns an entry of the vocabulary may be written in. */
static unsigned entry_columns(const struct vocab_entry *e)
{
	switch (e->kind) {
	case VOCAB_PLATFORM: return COL(BACKFILL_PLATFORM);
	case VOCAB_BODY: return COL(BACKFILL_BODY);
	case VOCAB_SUBJECT: return COL(BACKFILL_SUBJECT);
	case VOCAB_DECISION:
	case VOCAB_CLOSING_REASON: return COL(BACKFILL_DECISION);
	case VOCAB_OUTCOME: {
		unsigned cols = 0;
		for (int c = BACKFILL_FIRST; c <= BACKFILL_CASSATION; c++)
			if (e->levels & OUTCOME_COLUMNS[c])
				cols |= COL(c);
		return cols;
	}
	default: return 0;
	}
}

/* A label, its parts around " / ", its text outside and inside parentheses. */
static void add_label(struct backfill_matcher *m, const char *label, const struct vocab_entry *e,
		      unsigned cols)
{
	struct strbuf outside = STRBUF_INIT;
	const char *open, *close, *p;

	if (!label || !*label)
		return;
	add_candidate(m, label, strlen(label), (int)e->kind, e->code, cols, false);
	drop_parentheses(label, strlen(label), &outside);
	add_candidate(m, outside.buf, outside.len, (int)e->kind, e->code, cols, false);
	open = strchr(label, '(');
	close = open ? strchr(open, ')') : NULL;
	if (open && close)
		add_candidate(m, open + 1, (size_t)(close - open - 1), (int)e->kind, e->code, cols, false);
	if (strchr(label, '/')) {
		for (p = label;;) {
			const char *slash = strchr(p, '/');
			size_t n = slash ? (size_t)(slash - p) : strlen(p);
			add_candidate(m, p, n, (int)e->kind, e->code, cols, false);
			if (!slash)
				break;
			p = slash + 1;
		}
	}
	strbuf_release(&outside);
}

static void add_vocabulary(struct backfill_matcher *m)
{
	for (size_t i = 0; i < m->vocab->n; i++) {
		const struct vocab_entry *e = &m->vocab->entries[i];
		unsigned cols = entry_columns(e);
		const char *p;

		if (!cols)
			continue;
		add_label(m, e->label_ar, e, cols);
		add_label(m, e->label_fr, e, cols);
		add_candidate(m, e->code, strlen(e->code), (int)e->kind, e->code, cols, false);
		for (p = e->aliases; p && *p;) {
			const char *comma = strchr(p, ',');
			size_t n = comma ? (size_t)(comma - p) : strlen(p);
			add_candidate(m, p, n, (int)e->kind, e->code, cols, false);
			p = comma ? comma + 1 : p + n;
		}
	}
}

static bool word_contains(const struct arabic_word *w, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; i + n <= w->len; i++)
		if (memcmp(w->s + i, needle, n) == 0)
			return true;
	return false;
}

/* Words that say what kind of court, not which one. */
static bool court_kind_word(const struct arabic_word *w, int *kind)
{
	static const char *const generic[] = { "محكمه", "لدي", NULL };

	if (word_contains(w, "ابتدا")) {
		*kind = COURT_FIRST;
		return true;
	}
	if (word_contains(w, "استيناف")) {
		*kind = COURT_APPEAL;
		return true;
	}
	for (size_t i = 0; generic[i]; i++)
		if (arabic_word_match(w->s, w->len, generic[i], strlen(generic[i])))
			return true;
	return false;
}

/* The distinguishing words of a court name or cell, into out ("" if none);
 * *kind is the kind the words name, or -1. */
static void court_words(const char *form, struct strbuf *out, int *kind)
{
	struct arabic_words words;

	arabic_words_init(&words);
	arabic_words_split(&words, form);
	strbuf_reset(out);
	*kind = -1;
	for (size_t i = 0; i < words.n; i++) {
		if (court_kind_word(&words.w[i], kind))
			continue;
		if (out->len)
			strbuf_addch(out, ' ');
		strbuf_add(out, words.w[i].s, words.w[i].len);
	}
	arabic_words_release(&words);
}

static void add_courts(struct backfill_matcher *m)
{
	struct strbuf form = STRBUF_INIT, key = STRBUF_INIT;

	for (size_t i = 0; i < m->map->n; i++) {
		const struct court_term *t = &m->map->terms[i];
		struct court_key *k;
		bool seen = false;
		int kind;

		/* The exact names and the code, as candidates of the court column. */
		add_candidate(m, t->name_ar, strlen(t->name_ar), KIND_COURT, t->code, COL(BACKFILL_COURT), false);
		add_candidate(m, t->name_fr, strlen(t->name_fr), KIND_COURT, t->code, COL(BACKFILL_COURT), false);
		if (!match_form(t->name_ar, strlen(t->name_ar), &form))
			continue;
		court_words(form.buf, &key, &kind);
		for (size_t j = 0; j < m->ncourts; j++)
			if (strcmp(m->courts[j].code, t->code) == 0 && strcmp(m->courts[j].text, key.buf) == 0)
				seen = true;
		if (seen || key.len == 0)
			continue;
		if (m->ncourts == m->courts_alloc) {
			m->courts_alloc = m->courts_alloc ? m->courts_alloc * 2 : 128;
			m->courts = xrealloc(m->courts, m->courts_alloc * sizeof(*m->courts));
		}
		k = &m->courts[m->ncourts++];
		memcpy(k->code, t->code, sizeof(k->code));
		k->kind = t->kind;
		k->text = xstrdup(key.buf);
		arabic_words_init(&k->words);
		arabic_words_split(&k->words, k->text);
	}
	strbuf_release(&form);
	strbuf_release(&key);
}

/* --- the mappings file ------------------------------------------------ */

static int parse_kind(const char *s)
{
	enum vocab_kind k;

	if (strcmp(s, "court") == 0)
		return KIND_COURT;
	if (strcmp(s, "none") == 0)
		return KIND_NONE;
	return vocab_kind_parse(s, &k) ? (int)k : -1;
}

/* The columns a line of the file names: one column, or "outcome" for the
 * three outcome columns. 0 if the field names none. */
static unsigned parse_columns(const char *s)
{
	enum backfill_column col;
	struct strbuf form = STRBUF_INIT;
	unsigned cols = 0;

	if (strcmp(s, "outcome") == 0)
		return COL(BACKFILL_FIRST) | COL(BACKFILL_APPEAL) | COL(BACKFILL_CASSATION);
	match_form(s, strlen(s), &form);
	if (strcmp(form.buf, "مال القضيه") == 0)
		cols = COL(BACKFILL_FIRST) | COL(BACKFILL_APPEAL) | COL(BACKFILL_CASSATION);
	else if (backfill_column_parse(s, strlen(s), &col) && col <= BACKFILL_CASSATION)
		cols = COL(col);
	strbuf_release(&form);
	return cols;
}

/* The columns where a value of kind may be written. */
static unsigned kind_columns(int kind)
{
	switch (kind) {
	case KIND_COURT: return COL(BACKFILL_COURT);
	case KIND_NONE: return ~0u;
	case VOCAB_PLATFORM: return COL(BACKFILL_PLATFORM);
	case VOCAB_BODY: return COL(BACKFILL_BODY);
	case VOCAB_SUBJECT: return COL(BACKFILL_SUBJECT);
	case VOCAB_DECISION:
	case VOCAB_CLOSING_REASON: return COL(BACKFILL_DECISION);
	case VOCAB_OUTCOME: return COL(BACKFILL_FIRST) | COL(BACKFILL_APPEAL) | COL(BACKFILL_CASSATION);
	default: return 0;
	}
}

static int parse_mappings(struct backfill_matcher *m, const char *text, size_t len,
			  const char *source, struct err *err)
{
	struct tsv_reader r;
	char *f[5];
	int nf, rc = HIM_OK;

	tsv_reader_init(&r, text, len);
	while ((nf = tsv_reader_next(&r, f, 5)) > 0) {
		unsigned cols;
		int kind;
		const char *code = f[3];

		if (nf != 4) {
			rc = err_set(err, HIM_EINPUT, "%s:%d: %d fields; a mapping has 4: column, text, kind, code",
				     source, r.line, nf);
			break;
		}
		cols = parse_columns(f[0]);
		kind = parse_kind(f[2]);
		if (!cols) {
			rc = err_set(err, HIM_EINPUT, "%s:%d: '%s' is not a column of the table", source, r.line, f[0]);
			break;
		}
		if (kind < 0) {
			rc = err_set(err, HIM_EINPUT,
				     "%s:%d: unknown kind '%s' (court, platform, body, subject, decision, closing_reason, outcome, none)",
				     source, r.line, f[2]);
			break;
		}
		if (!(cols & kind_columns(kind))) {
			rc = err_set(err, HIM_EINPUT, "%s:%d: a %s is not written in column '%s'", source, r.line,
				     f[2], f[0]);
			break;
		}
		cols &= kind_columns(kind);
		if (kind == KIND_NONE) {
			if (strcmp(code, "-") != 0) {
				rc = err_set(err, HIM_EINPUT, "%s:%d: the code of kind none is '-'", source, r.line);
				break;
			}
		} else if (kind == KIND_COURT) {
			if (!court_map_latest(m->map, code)) {
				rc = err_set(err, HIM_EINPUT, "%s:%d: court '%s' is not in the judicial map", source,
					     r.line, code);
				break;
			}
		} else {
			const struct vocab_entry *e = vocab_find(m->vocab, (enum vocab_kind)kind, code);
			if (!e) {
				rc = err_set(err, HIM_EINPUT, "%s:%d: '%s' is not a code of kind %s in the vocabulary",
					     source, r.line, code, f[2]);
				break;
			}
			code = e->code;
			if (kind == VOCAB_OUTCOME)
				cols &= entry_columns(e);
			if (!cols) {
				rc = err_set(err, HIM_EINPUT, "%s:%d: outcome '%s' is not given at the level of column '%s'",
					     source, r.line, code, f[0]);
				break;
			}
		}
		{
			size_t before = m->n;
			add_candidate(m, f[1], strlen(f[1]), kind, code, cols, true);
			if (m->n == before) {
				rc = err_set(err, HIM_EINPUT, "%s:%d: the text is empty or not UTF-8", source, r.line);
				break;
			}
		}
	}
	tsv_reader_release(&r);
	return rc;
}

int backfill_matcher_new(struct backfill_matcher **out, const struct vocab *v,
			 const struct court_map *map, const char *text, size_t len,
			 const char *source, struct err *err)
{
	struct backfill_matcher *m = xcalloc(1, sizeof(*m));
	int rc;

	m->vocab = v;
	m->map = map;
	*out = NULL;
	if (text && (rc = parse_mappings(m, text, len, source ? source : "mappings", err)) != HIM_OK) {
		backfill_matcher_free(m);
		return rc;
	}
	add_vocabulary(m);
	add_courts(m);
	*out = m;
	return HIM_OK;
}

void backfill_matcher_free(struct backfill_matcher *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++) {
		free(m->c[i].text);
		arabic_words_release(&m->c[i].words);
	}
	for (size_t i = 0; i < m->ncourts; i++) {
		free(m->courts[i].text);
		arabic_words_release(&m->courts[i].words);
	}
	free(m->c);
	free(m->courts);
	free(m);
}

/* --- matching a cell -------------------------------------------------- */

struct hit {
	const struct candidate *c;
	size_t at, n; /* word span */
};

struct hits {
	struct hit *h;
	size_t n, alloc;
};

static void hits_add(struct hits *hs, const struct candidate *c, size_t at, size_t n)
{
	if (hs->n == hs->alloc) {
		hs->alloc = hs->alloc ? hs->alloc * 2 : 16;
		hs->h = xrealloc(hs->h, hs->alloc * sizeof(*hs->h));
	}
	hs->h[hs->n].c = c;
	hs->h[hs->n].at = at;
	hs->h[hs->n].n = n;
	hs->n++;
}

/* Exact matches of form in column col: the file's if any, else the labels'. */
static void find_exact(const struct backfill_matcher *m, enum backfill_column col, const char *form,
		       struct hits *hs)
{
	for (int pass = 0; pass < 2 && hs->n == 0; pass++)
		for (size_t i = 0; i < m->n; i++) {
			const struct candidate *c = &m->c[i];
			if ((c->columns & COL(col)) && c->from_file == (pass == 0) && strcmp(c->text, form) == 0)
				hits_add(hs, c, 0, c->words.n);
		}
}

/* Every known phrase of column col in the words, minus those inside a
 * longer phrase that also matched. */
static void find_keywords(const struct backfill_matcher *m, enum backfill_column col,
			  const struct arabic_words *words, struct hits *hs)
{
	size_t kept = 0;

	for (size_t i = 0; i < m->n; i++) {
		const struct candidate *c = &m->c[i];
		size_t at, from = 0;
		if (!(c->columns & COL(col)))
			continue;
		while (from < words->n && arabic_words_find(words, &c->words, from, &at)) {
			hits_add(hs, c, at, c->words.n);
			from = at + 1;
		}
	}
	for (size_t i = 0; i < hs->n; i++) {
		bool inside = false;
		for (size_t j = 0; j < hs->n && !inside; j++)
			inside = j != i && hs->h[j].n > hs->h[i].n && hs->h[j].at <= hs->h[i].at &&
				 hs->h[i].at + hs->h[i].n <= hs->h[j].at + hs->h[j].n;
		if (!inside)
			hs->h[kept++] = hs->h[i];
	}
	hs->n = kept;
}

/*
 * Turn the hits of a cell into its value. One-valued columns need exactly
 * one code; the decision column may add one closing reason; a "none" or
 * pending hit alone means nothing to record.
 */
static int resolve(const struct backfill_matcher *m, enum backfill_column col, const struct hits *hs,
		   const char *shown, struct backfill_value *out, struct err *err)
{
	bool multi = col == BACKFILL_SUBJECT || col == BACKFILL_PLATFORM;
	bool appeal_only = false, nothing = false;
	struct code_list codes = { 0 }, reasons = { 0 };

	for (size_t i = 0; i < hs->n; i++) {
		const struct candidate *c = hs->h[i].c;
		if (c->kind == VOCAB_OUTCOME && col == BACKFILL_APPEAL) {
			const struct vocab_entry *e = vocab_find(m->vocab, VOCAB_OUTCOME, c->code);
			if (e && e->levels == LEVEL_APPEAL)
				appeal_only = true;
		}
	}
	for (size_t i = 0; i < hs->n; i++) {
		const struct candidate *c = hs->h[i].c;
		const struct vocab_entry *e;

		if (c->kind == KIND_NONE) {
			nothing = true;
			continue;
		}
		if (c->kind == VOCAB_CLOSING_REASON) {
			code_list_add(&reasons, c->code);
			continue;
		}
		e = vocab_find(m->vocab, (enum vocab_kind)c->kind, c->code);
		if (c->kind == VOCAB_OUTCOME && e && e->pending) {
			nothing = true;
			continue;
		}
		if (appeal_only && e && e->levels != LEVEL_APPEAL)
			continue;
		code_list_add(&codes, c->code);
	}
	if (codes.n == 0 && nothing) {
		out->nothing = true;
		return HIM_OK;
	}
	if (codes.n == 0)
		return err_set(err, HIM_ENOTFOUND, "no known value%s%s%s", shown ? " in «" : "",
			       shown ? shown : "", shown ? "»" : "");
	if (!multi && codes.n > 1)
		return err_set(err, HIM_ENOTFOUND, "ambiguous: it names %s and %s", codes.code[0], codes.code[1]);
	if (reasons.n > 1)
		return err_set(err, HIM_ENOTFOUND, "ambiguous: it names the reasons %s and %s", reasons.code[0],
			       reasons.code[1]);
	for (size_t i = 0; i < codes.n; i++)
		code_list_add(&out->codes, codes.code[i]);
	if (col == BACKFILL_DECISION && reasons.n == 1) {
		const struct vocab_entry *d = vocab_find(m->vocab, VOCAB_DECISION, codes.code[0]);
		if (d && d->klass == DECISION_FILED)
			memcpy(out->reason, reasons.code[0], sizeof(out->reason));
	}
	return HIM_OK;
}

/* One part of a cell: exact, else by keyword. */
static int match_part(const struct backfill_matcher *m, enum backfill_column col, const char *form,
		      bool is_item, struct backfill_value *out, struct err *err)
{
	struct hits hs = { NULL, 0, 0 };
	struct arabic_words words;
	int rc;

	find_exact(m, col, form, &hs);
	if (hs.n) {
		out->exact = true;
	} else {
		arabic_words_init(&words);
		arabic_words_split(&words, form);
		find_keywords(m, col, &words, &hs);
		arabic_words_release(&words);
	}
	rc = resolve(m, col, &hs, is_item ? form : NULL, out, err);
	free(hs.h);
	return rc;
}

static bool is_list_separator(char c)
{
	return c == ',' || c == ';' || c == '/' || c == '+' || c == '|' || c == '\n';
}

int backfill_match_value(const struct backfill_matcher *m, enum backfill_column col,
			 const char *text, size_t len, struct backfill_value *out, struct err *err)
{
	struct strbuf plain = STRBUF_INIT, form = STRBUF_INIT;
	int rc;

	memset(out, 0, sizeof(*out));
	if (col < BACKFILL_BODY || col > BACKFILL_CASSATION)
		return err_set(err, HIM_EUSAGE, "column %s is not matched against the vocabulary",
			       backfill_column_key(col));
	if (arabic_normalise(text, len, ARABIC_PUNCT_AS_SPACE, &form, err) != HIM_OK) {
		strbuf_release(&form);
		return HIM_EINPUT;
	}
	if (form.len == 0) {
		out->nothing = true;
		strbuf_release(&form);
		return HIM_OK;
	}
	if (col != BACKFILL_SUBJECT && col != BACKFILL_PLATFORM) {
		rc = match_part(m, col, form.buf, false, out, err);
	} else {
		/* A list ("حيازة / نشر", "NCMEC، CPS"): the whole cell if it
		 * is one known text, else every item must map, so that no item
		 * is dropped unseen beside one that maps. */
		struct hits hs = { NULL, 0, 0 };
		const char *p;
		struct backfill_value part;

		find_exact(m, col, form.buf, &hs);
		rc = hs.n ? resolve(m, col, &hs, NULL, out, err) : HIM_ENOTFOUND;
		free(hs.h);
		if (rc == HIM_OK) {
			out->exact = true;
			goto done;
		}
		memset(out, 0, sizeof(*out));
		arabic_normalise(text, len, 0, &plain, NULL);
		rc = HIM_OK;
		for (p = plain.buf; *p && rc == HIM_OK;) {
			const char *q = p;
			while (*q && !is_list_separator(*q))
				q++;
			strbuf_reset(&form);
			arabic_normalise(p, (size_t)(q - p), ARABIC_PUNCT_AS_SPACE, &form, NULL);
			if (form.len) {
				memset(&part, 0, sizeof(part));
				rc = match_part(m, col, form.buf, q != p + strlen(p) || p != plain.buf, &part, err);
				for (size_t i = 0; rc == HIM_OK && i < part.codes.n; i++)
					code_list_add(&out->codes, part.codes.code[i]);
			}
			p = *q ? q + 1 : q;
		}
		if (rc == HIM_OK && out->codes.n == 0)
			out->nothing = true;
	}
done:
	strbuf_release(&plain);
	strbuf_release(&form);
	return rc;
}

/* Do all words of a match some distinct word of b (and, if equal, b all of a)? */
static bool words_within(const struct arabic_words *a, const struct arabic_words *b)
{
	bool used[64] = { false };

	if (a->n > b->n || b->n > 64)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		size_t j;
		for (j = 0; j < b->n; j++)
			if (!used[j] && arabic_word_match(a->w[i].s, a->w[i].len, b->w[j].s, b->w[j].len))
				break;
		if (j == b->n)
			return false;
		used[j] = true;
	}
	return true;
}

int backfill_match_court(const struct backfill_matcher *m, const char *text, size_t len,
			 char code[CODE_MAX], struct err *err)
{
	struct strbuf form = STRBUF_INIT, key = STRBUF_INIT, plain = STRBUF_INIT;
	struct hits hs = { NULL, 0, 0 };
	struct arabic_words words;
	struct code_list found = { 0 };
	int kind, rc = HIM_OK;

	arabic_words_init(&words);
	code[0] = '\0';
	if (arabic_normalise(text, len, ARABIC_PUNCT_AS_SPACE, &form, err) != HIM_OK) {
		rc = HIM_EINPUT;
		goto done;
	}
	if (form.len == 0) {
		rc = err_set(err, HIM_ENOTFOUND, "no court given");
		goto done;
	}
	/* A code typed as such ("tpi-sale"), then the file's and the map's names. */
	arabic_normalise(text, len, 0, &plain, NULL);
	if (code_valid(plain.buf) && court_map_latest(m->map, plain.buf)) {
		code_list_add(&found, plain.buf);
	} else {
		find_exact(m, BACKFILL_COURT, form.buf, &hs);
		for (size_t i = 0; i < hs.n; i++)
			code_list_add(&found, hs.h[i].c->code);
	}
	if (found.n == 0) {
		/* The town and qualifiers, compared word for word with each
		 * court's; then, failing that, contained in one court's. */
		court_words(form.buf, &key, &kind);
		arabic_words_split(&words, key.buf);
		for (int pass = 0; pass < 2 && found.n == 0 && words.n; pass++)
			for (size_t i = 0; i < m->ncourts; i++) {
				const struct court_key *k = &m->courts[i];
				if (kind >= 0 && (int)k->kind != kind)
					continue;
				if (pass == 0 ? (k->words.n == words.n && words_within(&words, &k->words))
					      : words_within(&words, &k->words))
					code_list_add(&found, k->code);
			}
	}
	if (found.n == 1)
		memcpy(code, found.code[0], CODE_MAX);
	else if (found.n == 0)
		rc = err_set(err, HIM_ENOTFOUND, "no court of the judicial map has this name");
	else
		rc = err_set(err, HIM_ENOTFOUND, "ambiguous: it may be %s or %s", found.code[0], found.code[1]);
done:
	free(hs.h);
	arabic_words_release(&words);
	strbuf_release(&form);
	strbuf_release(&key);
	strbuf_release(&plain);
	return rc;
}
