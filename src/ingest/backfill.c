/*
 * backfill.c - one case per row of the circular's table (see backfill.h).
 *
 * A row goes through: its header (found among the first rows, so a sheet
 * that still carries the template's title block reads as well as a bare
 * CSV; "مآل القضية" over three sub-columns is read from the row below),
 * its cells (valid UTF-8, each mapped by backfill_map), its registration
 * date, its key, then the stage machine, then the store.
 *
 * Decisions a reader should know:
 *   - Registration date: the تاريخ التسجيل column (YYYY-MM-DD, DD/MM/YYYY,
 *     or an XLSX date serial); else 1 January of the السنة column; else
 *     1 January of --year. 1 January keeps the case in the right year of
 *     the statistics and is never in the future for the current year.
 *   - Event dates: the template has no column for them. A date written in
 *     the cell ("الإدانة بتاريخ 12/05/2022") is used; otherwise the event
 *     takes the date of the event before it (the registration date for
 *     the decision), the earliest date the stage machine allows, and its
 *     note says the date was not in the table; the event is flagged
 *     date_inferred, so the table shows no date for it and the medians
 *     leave it out (a registration known only by its year likewise).
 *   - Key: court + رقم الملف. A row without a number gets "BF-" and the
 *     first 12 hex digits of the SHA-256 (libsodium) of the normal form of
 *     the cells that identify a case and do not change as it progresses
 *     (court, body, subject, platform and the registration date), plus,
 *     for the k-th identical row of the file (k > 1), "#k". Outcome cells
 *     are left out so that next year's copy of the same table, with the
 *     appeal now decided, still finds its cases; the occurrence number
 *     keeps identical rows apart without depending on their line numbers.
 *   - A filing with no reason in the table is recorded with a note saying
 *     so: the table never had a reason column, and inventing one would be
 *     worse than saying it is unknown.
 */
#include "backfill.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "../core/arabic.h"
#include "../core/counting.h"
#include "../core/sentence.h"
#include "../lib/utf8.h"
#include "sheet.h"
#include "../lib/banned.h"

#define HEADER_SEARCH_ROWS 30 /* title block rows allowed above the header */
#define CELL_NOTE_MAX 1500    /* bytes of one cell kept in notes */

void backfill_options_init(struct backfill_options *o)
{
	memset(o, 0, sizeof(*o));
	o->today = DATE_NONE;
	o->scope = scope_national();
}

/* --- fingerprints seen in this file ------------------------------------ */

struct seen_table {
	unsigned char (*keys)[crypto_hash_sha256_BYTES];
	int *counts;
	size_t cap, n;
};

/* Count one more row with this identity; returns how many so far. */
static int seen_bump(struct seen_table *t, const unsigned char *key)
{
	size_t i;

	if (2 * (t->n + 1) > t->cap) {
		struct seen_table bigger = { NULL, NULL, t->cap ? t->cap * 2 : 64, 0 };
		bigger.keys = xcalloc(bigger.cap, sizeof(*bigger.keys));
		bigger.counts = xcalloc(bigger.cap, sizeof(*bigger.counts));
		for (size_t k = 0; k < t->cap; k++)
			if (t->counts[k]) {
				size_t j;
				memcpy(&j, t->keys[k], sizeof(j));
				for (j %= bigger.cap; bigger.counts[j]; j = (j + 1) % bigger.cap)
					;
				memcpy(bigger.keys[j], t->keys[k], sizeof(bigger.keys[j]));
				bigger.counts[j] = t->counts[k];
				bigger.n++;
			}
		free(t->keys);
		free(t->counts);
		*t = bigger;
	}
	memcpy(&i, key, sizeof(i));
	for (i %= t->cap; t->counts[i]; i = (i + 1) % t->cap)
		if (memcmp(t->keys[i], key, sizeof(t->keys[i])) == 0)
			return ++t->counts[i];
	memcpy(t->keys[i], key, sizeof(t->keys[i]));
	t->counts[i] = 1;
	t->n++;
	return 1;
}

/* --- the import --------------------------------------------------------- */

enum importer_state { LOOKING_FOR_HEADER, READING_SUBHEADER, READING_ROWS };

struct importer {
	struct store *st;
	const struct backfill_options *opt;
	struct backfill_report *rep;
	const struct court_map *map;
	const struct vocab *vocab;
	const char *path;
	const char *name;          /* the file's name without its directories, for notes */
	bool csv;
	enum importer_state state;
	int rows_seen;
	int col[BACKFILL_COLUMN_COUNT]; /* cell index of each column, -1 if absent */
	size_t header_n;
	struct seen_table seen;
};

static char *vformat(const char *fmt, va_list ap)
{
	va_list copy;
	int n;
	char *s;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return xstrdup("?");
	s = xmalloc((size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

static void add_error(struct importer *imp, int line, int column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void add_error(struct importer *imp, int line, int column, const char *fmt, ...)
{
	struct backfill_report *r = imp->rep;
	struct backfill_error *e;
	va_list ap;

	if (r->nerrors == r->errors_alloc) {
		r->errors_alloc = r->errors_alloc ? r->errors_alloc * 2 : 16;
		r->errors = xrealloc(r->errors, r->errors_alloc * sizeof(*r->errors));
	}
	e = &r->errors[r->nerrors++];
	e->file = xstrdup(imp->path);
	e->line = line;
	e->column = column;
	va_start(ap, fmt);
	e->reason = vformat(fmt, ap);
	va_end(ap);
}

/* A cell as kept in notes and messages: one line, trimmed, bounded. The
 * text must be valid UTF-8 (checked before). */
static void clean_cell(const char *s, size_t len, struct strbuf *out)
{
	bool space = false;
	size_t start = out->len;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7F || c == ' ') {
			space = out->len > start;
			continue;
		}
		if (out->len - start >= CELL_NOTE_MAX && (c & 0xC0) != 0x80) {
			strbuf_adds(out, "…");
			return;
		}
		if (space)
			strbuf_addch(out, ' ');
		space = false;
		strbuf_addch(out, (char)c);
	}
}

static void add_unmapped(struct importer *imp, enum backfill_column col, const char *text, size_t len)
{
	struct backfill_report *r = imp->rep;
	struct strbuf key = STRBUF_INIT, shown = STRBUF_INIT;
	struct backfill_unmapped *u;

	arabic_normalise(text, len, ARABIC_PUNCT_AS_SPACE, &key, NULL);
	for (size_t i = 0; i < r->nunmapped; i++)
		if (r->unmapped[i].column == col && strcmp(r->unmapped[i].key, key.buf) == 0) {
			r->unmapped[i].count++;
			strbuf_release(&key);
			return;
		}
	if (r->nunmapped == r->unmapped_alloc) {
		r->unmapped_alloc = r->unmapped_alloc ? r->unmapped_alloc * 2 : 16;
		r->unmapped = xrealloc(r->unmapped, r->unmapped_alloc * sizeof(*r->unmapped));
	}
	clean_cell(text, len, &shown);
	u = &r->unmapped[r->nunmapped++];
	u->column = col;
	u->value = strbuf_detach(&shown, NULL);
	u->key = strbuf_detach(&key, NULL);
	u->count = 1;
}

/* The text of column col in row ("" when the file has no such column). */
static const char *cell(const struct importer *imp, const struct sheet_row *row, enum backfill_column col,
			size_t *len)
{
	int i = imp->col[col];

	if (i < 0 || (size_t)i >= row->n) {
		*len = 0;
		return "";
	}
	*len = row->lens[i];
	return row->cells[i];
}

static bool cell_numeric(const struct importer *imp, const struct sheet_row *row, enum backfill_column col)
{
	int i = imp->col[col];
	return i >= 0 && (size_t)i < row->n && row->numeric[i];
}

static bool text_blank(const char *s, size_t len)
{
	struct strbuf form = STRBUF_INIT;
	bool blank = arabic_normalise(s, len, 0, &form, NULL) == HIM_OK && form.len == 0;

	strbuf_release(&form);
	return blank;
}

static bool row_blank(const struct sheet_row *row)
{
	for (size_t i = 0; i < row->n; i++)
		if (!text_blank(row->cells[i], row->lens[i]))
			return false;
	return true;
}

/* A totals line under the table ("المجموع: 25") is not a case. */
static bool row_is_total(const struct sheet_row *row)
{
	for (size_t i = 0; i < row->n; i++) {
		struct strbuf form = STRBUF_INIT;
		bool total;
		if (text_blank(row->cells[i], row->lens[i]))
			continue;
		arabic_normalise(row->cells[i], row->lens[i], ARABIC_PUNCT_AS_SPACE, &form, NULL);
		total = strncmp(form.buf, "المجموع", strlen("المجموع")) == 0 ||
			strncmp(form.buf, "مجموع", strlen("مجموع")) == 0;
		strbuf_release(&form);
		return total;
	}
	return false;
}

/* --- the header --------------------------------------------------------- */

static int check_required(struct importer *imp, int line, struct err *err)
{
	for (int c = BACKFILL_COURT; c <= BACKFILL_CASSATION; c++) {
		if (imp->col[c] >= 0 || (c == BACKFILL_COURT && imp->opt->court))
			continue;
		return err_set(err, HIM_EINPUT, "%s:%d: the header has no column «%s»%s", imp->path, line,
			       backfill_column_name((enum backfill_column)c),
			       c == BACKFILL_COURT ? " (or give --court)" : "");
	}
	imp->state = READING_ROWS;
	return HIM_OK;
}

static bool is_outcome_group(const char *s, size_t len)
{
	struct strbuf form = STRBUF_INIT;
	bool yes = arabic_normalise(s, len, ARABIC_PUNCT_AS_SPACE, &form, NULL) == HIM_OK &&
		   strcmp(form.buf, "مال القضيه") == 0;

	strbuf_release(&form);
	return yes;
}

/* Is this row the header? Yes if three of its cells name distinct columns. */
static int try_header(struct importer *imp, const struct sheet_row *row, struct err *err)
{
	int found[BACKFILL_COLUMN_COUNT];
	int distinct = 0, duplicate = -1;
	bool group = false;

	for (int c = 0; c < BACKFILL_COLUMN_COUNT; c++)
		found[c] = -1;
	for (size_t i = 0; i < row->n; i++) {
		enum backfill_column col;
		if (!utf8_valid(row->cells[i], row->lens[i]))
			continue;
		if (backfill_column_parse(row->cells[i], row->lens[i], &col)) {
			if (found[col] >= 0)
				duplicate = (int)col;
			else {
				found[col] = (int)i;
				distinct++;
			}
		} else if (is_outcome_group(row->cells[i], row->lens[i])) {
			group = true;
		}
	}
	if (distinct < 3) {
		if (++imp->rows_seen >= HEADER_SEARCH_ROWS)
			return err_set(err, HIM_EINPUT,
				       "%s: no header row with the template's columns (%s, %s, ...) in the first %d rows%s",
				       imp->path, backfill_column_name(BACKFILL_COURT),
				       backfill_column_name(BACKFILL_BODY), HEADER_SEARCH_ROWS,
				       imp->csv ? "; is the file UTF-8?" : "");
		return HIM_OK;
	}
	if (duplicate >= 0)
		return err_set(err, HIM_EINPUT, "%s:%d: the header has two columns «%s»", imp->path, row->line,
			       backfill_column_name((enum backfill_column)duplicate));
	memcpy(imp->col, found, sizeof(found));
	imp->header_n = row->n;
	if (group && (found[BACKFILL_FIRST] < 0 || found[BACKFILL_APPEAL] < 0 || found[BACKFILL_CASSATION] < 0)) {
		imp->state = READING_SUBHEADER;
		return HIM_OK;
	}
	return check_required(imp, row->line, err);
}

/* The row under "مآل القضية": ابتدائيا · استئنافيا · النقض. */
static int read_subheader(struct importer *imp, const struct sheet_row *row, struct err *err)
{
	for (size_t i = 0; i < row->n; i++) {
		enum backfill_column col;
		if (utf8_valid(row->cells[i], row->lens[i]) &&
		    backfill_column_parse(row->cells[i], row->lens[i], &col) && col >= BACKFILL_FIRST &&
		    col <= BACKFILL_CASSATION && imp->col[col] < 0)
			imp->col[col] = (int)i;
	}
	return check_required(imp, row->line, err);
}

/* --- dates -------------------------------------------------------------- */

/* "2022-03-04", "2022/03/04", "04/03/2022", "4-3-2022", "04.03.2022",
 * with an optional time after a space or 'T'. Two-digit years are refused:
 * "12/05/22" could be read two ways. */
static bool parse_date_words(const char *s, size_t len, date_t *out)
{
	long part[3] = { 0, 0, 0 };
	size_t digits[3] = { 0, 0, 0 };
	int k = 0;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == ' ' || c == 'T')
			break;
		if (c >= '0' && c <= '9') {
			if (digits[k] >= 4)
				return false;
			part[k] = part[k] * 10 + (c - '0');
			digits[k]++;
		} else if ((c == '-' || c == '/' || c == '.') && digits[k] > 0 && k < 2) {
			k++;
		} else {
			return false;
		}
	}
	if (k != 2 || !digits[2])
		return false;
	if (digits[0] == 4 && digits[1] <= 2 && digits[2] <= 2 &&
	    date_ymd_valid((int)part[0], (int)part[1], (int)part[2])) {
		*out = date_from_ymd((int)part[0], (int)part[1], (int)part[2]);
		return true;
	}
	if (digits[2] == 4 && digits[0] <= 2 && digits[1] <= 2 &&
	    date_ymd_valid((int)part[2], (int)part[1], (int)part[0])) {
		*out = date_from_ymd((int)part[2], (int)part[1], (int)part[0]);
		return true;
	}
	return false;
}

/* An XLSX date serial: days since 1899-12-30 (or 1904-01-01). */
static bool parse_serial(const char *s, bool date1904, date_t *out)
{
	char *end;
	double v = strtod(s, &end);
	long days;

	if (end == s || *end || v < 1 || v > 2958465)
		return false;
	days = (long)v;
	*out = (date_t)(days - 25569 + (date1904 ? 1462 : 0));
	return date_year(*out) >= 1900;
}

static bool parse_date_cell(const char *text, size_t len, bool numeric, bool date1904, date_t *out)
{
	struct strbuf form = STRBUF_INIT;
	bool ok;

	arabic_normalise(text, len, 0, &form, NULL);
	ok = numeric ? parse_serial(form.buf, date1904, out) : parse_date_words(form.buf, form.len, out);
	strbuf_release(&form);
	return ok;
}

/* The first date written among the words of a cell, if any. */
static bool find_date(const char *text, size_t len, date_t *out)
{
	struct strbuf form = STRBUF_INIT;
	struct arabic_words words;
	bool found = false;

	arabic_words_init(&words);
	arabic_normalise(text, len, ARABIC_PUNCT_AS_SPACE, &form, NULL);
	arabic_words_split(&words, form.buf);
	for (size_t i = 0; i < words.n && !found; i++)
		found = parse_date_words(words.w[i].s, words.w[i].len, out);
	arabic_words_release(&words);
	strbuf_release(&form);
	return found;
}

static bool parse_year(const char *text, size_t len, int *year)
{
	struct strbuf form = STRBUF_INIT;
	char *end;
	double v;
	bool ok;

	arabic_normalise(text, len, 0, &form, NULL);
	v = strtod(form.buf, &end);
	ok = end != form.buf && *end == '\0' && v >= 1990 && v <= 2100 && v == (double)(int)v;
	*year = ok ? (int)v : 0;
	strbuf_release(&form);
	return ok;
}

/* The registration date, by the rule in the header comment. */
static bool resolve_registered(struct importer *imp, const struct sheet_row *row, date_t *out,
			       bool *inferred)
{
	size_t dlen, ylen;
	const char *date = cell(imp, row, BACKFILL_REGISTERED, &dlen);
	const char *year = cell(imp, row, BACKFILL_YEAR, &ylen);
	int y = 0;
	bool has_year = !text_blank(year, ylen);

	*inferred = text_blank(date, dlen);
	if (has_year && !parse_year(year, ylen, &y)) {
		add_error(imp, row->line, BACKFILL_YEAR, "unreadable year «%.*s»", (int)ylen, year);
		return false;
	}
	if (!text_blank(date, dlen)) {
		if (!parse_date_cell(date, dlen, cell_numeric(imp, row, BACKFILL_REGISTERED), row->date1904, out)) {
			add_error(imp, row->line, BACKFILL_REGISTERED,
				  "unreadable date «%.*s» (write YYYY-MM-DD or DD/MM/YYYY)", (int)dlen, date);
			return false;
		}
		if (has_year && date_year(*out) != y) {
			add_error(imp, row->line, BACKFILL_REGISTERED, "the date is not in the year %d of column «%s»",
				  y, backfill_column_name(BACKFILL_YEAR));
			return false;
		}
	} else if (has_year) {
		*out = date_from_ymd(y, 1, 1);
	} else if (imp->opt->year) {
		*out = date_from_ymd(imp->opt->year, 1, 1);
	} else {
		add_error(imp, row->line, -1, "no registration date: the row has no «%s» or «%s», and no --year was given",
			  backfill_column_name(BACKFILL_REGISTERED), backfill_column_name(BACKFILL_YEAR));
		return false;
	}
	if (imp->opt->today != DATE_NONE && *out > imp->opt->today) {
		add_error(imp, row->line, BACKFILL_REGISTERED, "the registration date is in the future");
		return false;
	}
	return true;
}

/* --- one row ------------------------------------------------------------ */

struct row_values {
	char court[CODE_MAX];
	date_t registered;
	bool registered_inferred; /* only the year was given */
	char *file_number;
	struct backfill_value v[BACKFILL_COLUMN_COUNT];
};

/* "BF-" + 12 hex digits: see the header comment. */
static char *fingerprint(struct importer *imp, const struct sheet_row *row, date_t registered)
{
	static const enum backfill_column identity[] = { BACKFILL_COURT, BACKFILL_BODY, BACKFILL_SUBJECT,
							 BACKFILL_PLATFORM };
	unsigned char hash[crypto_hash_sha256_BYTES];
	struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;
	char day[DATE_ISO_LEN];
	int k;

	strbuf_adds(&in, "himaya-backfill-v1");
	for (size_t i = 0; i < sizeof(identity) / sizeof(identity[0]); i++) {
		size_t len;
		const char *text = cell(imp, row, identity[i], &len);
		strbuf_addch(&in, '\x1f');
		arabic_normalise(text, len, ARABIC_PUNCT_AS_SPACE, &in, NULL);
	}
	date_format(registered, day);
	strbuf_addf(&in, "\x1f%s", day);
	crypto_hash_sha256(hash, (const unsigned char *)in.buf, in.len);
	k = seen_bump(&imp->seen, hash);
	if (k > 1) {
		strbuf_addf(&in, "\x1f#%d", k);
		crypto_hash_sha256(hash, (const unsigned char *)in.buf, in.len);
	}
	strbuf_adds(&out, "BF-");
	for (int i = 0; i < 6; i++)
		strbuf_addf(&out, "%02x", hash[i]);
	strbuf_release(&in);
	return strbuf_detach(&out, NULL);
}

/* The file number as written, with Arabic-Indic digits made ASCII and
 * spaces collapsed, so that "٢٠٢٢/١٥٤" and "2022/154" are one key. Letters
 * are kept as they are: they are part of the court's numbering. */
static char *file_number_of(const char *text, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	bool space = false;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		char digit = 0;

		if (i + 1 < len && c == 0xD9 && (unsigned char)text[i + 1] >= 0xA0 && (unsigned char)text[i + 1] <= 0xA9)
			digit = (char)('0' + ((unsigned char)text[i + 1] - 0xA0)); /* U+0660.. */
		else if (i + 1 < len && c == 0xDB && (unsigned char)text[i + 1] >= 0xB0 &&
			 (unsigned char)text[i + 1] <= 0xB9)
			digit = (char)('0' + ((unsigned char)text[i + 1] - 0xB0)); /* U+06F0.. */
		if (c <= 0x20 || c == 0x7F) {
			space = sb.len > 0;
			continue;
		}
		if (space)
			strbuf_addch(&sb, ' ');
		space = false;
		if (digit) {
			strbuf_addch(&sb, digit);
			i++;
		} else {
			strbuf_addch(&sb, (char)c);
		}
	}
	return strbuf_detach(&sb, NULL);
}

static void map_values(struct importer *imp, const struct sheet_row *row, struct row_values *rv)
{
	for (int c = BACKFILL_BODY; c <= BACKFILL_CASSATION; c++) {
		struct err e = ERR_INIT;
		size_t len;
		const char *text = cell(imp, row, (enum backfill_column)c, &len);
		int rc = backfill_match_value(imp->opt->matcher, (enum backfill_column)c, text, len, &rv->v[c], &e);

		if (rc == HIM_ENOTFOUND) {
			struct strbuf shown = STRBUF_INIT;
			clean_cell(text, len, &shown);
			add_unmapped(imp, (enum backfill_column)c, text, len);
			add_error(imp, row->line, c, "unmapped value «%s»: %s", shown.buf, e.msg);
			strbuf_release(&shown);
		} else if (rc != HIM_OK) {
			add_error(imp, row->line, c, "%s", e.msg);
		}
	}
	if (rv->v[BACKFILL_BODY].nothing)
		add_error(imp, row->line, BACKFILL_BODY, "empty: a case needs its investigating body");
	if (rv->v[BACKFILL_SUBJECT].nothing)
		add_error(imp, row->line, BACKFILL_SUBJECT, "empty: a case needs at least one subject");
	if (rv->v[BACKFILL_PLATFORM].nothing)
		add_error(imp, row->line, BACKFILL_PLATFORM, "empty: a case needs at least one platform");
}

static void resolve_court(struct importer *imp, const struct sheet_row *row, struct row_values *rv)
{
	struct err e = ERR_INIT;
	size_t len;
	const char *text;

	text = cell(imp, row, BACKFILL_COURT, &len);
	/* --court fills the rows that do not name their court, and those
	 * whose spelling no mapping knows (a court writing its own name its
	 * own way); a row that names another court is that court's case, and
	 * filing it under --court would count it at the wrong court. */
	if (imp->opt->court) {
		char named[CODE_MAX];
		if (!text_blank(text, len) &&
		    backfill_match_court(imp->opt->matcher, text, len, named, &e) == HIM_OK &&
		    strcmp(named, imp->opt->court) != 0) {
			add_error(imp, row->line, BACKFILL_COURT, "the row names court %s, not --court %s",
				  named, imp->opt->court);
			return;
		}
		memcpy(rv->court, imp->opt->court, strlen(imp->opt->court) + 1);
		return;
	}
	if (backfill_match_court(imp->opt->matcher, text, len, rv->court, &e) != HIM_OK) {
		struct strbuf shown = STRBUF_INIT;
		clean_cell(text, len, &shown);
		if (shown.len) {
			add_unmapped(imp, BACKFILL_COURT, text, len);
			add_error(imp, row->line, BACKFILL_COURT, "unknown court «%s»: %s", shown.buf, e.msg);
		} else {
			add_error(imp, row->line, BACKFILL_COURT, "empty (write the court, or give --court)");
		}
		strbuf_release(&shown);
	}
}

static char *case_notes(struct importer *imp, const struct sheet_row *row, const char *file_number,
			bool fingerprinted)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "backfill: %s:%d", imp->name, row->line);
	if (fingerprinted)
		strbuf_addf(&sb, " (no file number in the table; %s is the row's fingerprint)", file_number);
	strbuf_adds(&sb, "\nالأصل:");
	for (int c = 0; c < BACKFILL_COLUMN_COUNT; c++) {
		size_t len;
		const char *text = cell(imp, row, (enum backfill_column)c, &len);
		if (text_blank(text, len))
			continue;
		strbuf_addf(&sb, "\n%s: ", backfill_column_name((enum backfill_column)c));
		clean_cell(text, len, &sb);
	}
	return strbuf_detach(&sb, NULL);
}

static char *event_note(struct importer *imp, const struct sheet_row *row, enum backfill_column col,
			bool dated, bool unknown_reason)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len;
	const char *text = cell(imp, row, col, &len);

	strbuf_addf(&sb, "backfill: %s:%d; الأصل: ", imp->name, row->line);
	clean_cell(text, len, &sb);
	if (!dated)
		strbuf_adds(&sb, "; date: none in the table (the date of the previous step)");
	if (unknown_reason)
		strbuf_adds(&sb, "; سبب الحفظ غير مذكور في الجدول (reason not given in the table)");
	return strbuf_detach(&sb, NULL);
}

static const enum event_type EVENT_OF[BACKFILL_COLUMN_COUNT] = {
	[BACKFILL_DECISION] = EVENT_DECISION,
	[BACKFILL_FIRST] = EVENT_JUDGMENT,
	[BACKFILL_APPEAL] = EVENT_APPEAL,
	[BACKFILL_CASSATION] = EVENT_CASSATION,
};

/* The events the row implies, in procedural order; col_of[i] is the
 * column of events->items[i]. */
static void build_events(struct importer *imp, const struct sheet_row *row, const struct row_values *rv,
			 struct event_list *events, enum backfill_column col_of[4])
{
	date_t previous = rv->registered;

	for (int c = BACKFILL_DECISION; c <= BACKFILL_CASSATION; c++) {
		const struct backfill_value *v = &rv->v[c];
		const struct vocab_entry *e;
		struct case_event *ev;
		date_t when;
		size_t len;
		const char *text;
		bool dated, unknown_reason = false;

		if (v->nothing || v->codes.n == 0)
			continue;
		text = cell(imp, row, (enum backfill_column)c, &len);
		dated = find_date(text, len, &when);
		if (!dated)
			when = previous;
		col_of[events->n] = (enum backfill_column)c;
		ev = event_list_push(events);
		ev->type = EVENT_OF[c];
		ev->date = when;
		ev->date_inferred = !dated;
		memcpy(ev->code, v->codes.code[0], sizeof(ev->code));
		if (c == BACKFILL_DECISION) {
			e = vocab_find(imp->vocab, VOCAB_DECISION, ev->code);
			memcpy(ev->reason, v->reason, sizeof(ev->reason));
			unknown_reason = e && e->reason_required && !v->reason[0];
		} else {
			e = vocab_find(imp->vocab, VOCAB_OUTCOME, ev->code);
			if (e && e->sentence)
				sentence_parse(text, len, &ev->sentence, NULL);
		}
		ev->note = event_note(imp, row, (enum backfill_column)c, dated, unknown_reason);
		previous = when;
	}
}

/* The first event the stage machine refuses, with its column; -1 if none. */
static int first_refusal(struct importer *imp, const struct case_record *c, const struct event_list *events,
			 const enum backfill_column col_of[4], const struct sheet_row *row)
{
	const struct case_event *ptrs[4];

	for (size_t k = 0; k < events->n; k++) {
		struct case_state state;
		enum stage_refusal why = REFUSE_NONE;
		struct err e = ERR_INIT;

		ptrs[k] = &events->items[k];
		if (stage_replay(imp->vocab, c, ptrs, k + 1, imp->opt->today, &state, &why, &e) != HIM_OK) {
			add_error(imp, row->line, col_of[k], "%s", stage_refusal_text(why, LANG_EN));
			return (int)k;
		}
	}
	return -1;
}

static void import_row(struct importer *imp, const struct sheet_row *row)
{
	struct backfill_report *rep = imp->rep;
	size_t errors_before = rep->nerrors;
	struct row_values rv;
	struct case_record c;
	struct event_list events;
	enum backfill_column col_of[4];
	struct err e = ERR_INIT;
	size_t len;
	const char *number;
	bool fingerprinted = false;
	int rc;

	rep->read++;
	memset(&rv, 0, sizeof(rv));
	if (imp->csv && row->n != imp->header_n) {
		add_error(imp, row->line, -1, "the row has %zu fields, the header %zu", row->n, imp->header_n);
		rep->rejected++;
		return;
	}
	for (int col = 0; col < BACKFILL_COLUMN_COUNT; col++) {
		const char *text = cell(imp, row, (enum backfill_column)col, &len);
		if (!utf8_valid(text, len) || memchr(text, '\0', len))
			add_error(imp, row->line, col, "not valid UTF-8 text (save the file as UTF-8: Excel's \"CSV UTF-8\")");
	}
	if (rep->nerrors > errors_before) {
		rep->rejected++;
		return;
	}

	number = cell(imp, row, BACKFILL_FILE_NUMBER, &len);
	if (resolve_registered(imp, row, &rv.registered, &rv.registered_inferred)) {
		if (!text_blank(number, len)) {
			rv.file_number = file_number_of(number, len);
		} else {
			rv.file_number = fingerprint(imp, row, rv.registered);
			fingerprinted = true;
		}
	}
	resolve_court(imp, row, &rv);
	map_values(imp, row, &rv);
	if (rep->nerrors > errors_before) {
		free(rv.file_number);
		rep->rejected++;
		return;
	}

	case_record_init(&c);
	event_list_init(&events);
	memcpy(c.court, rv.court, sizeof(c.court));
	c.file_number = rv.file_number;
	c.registered = rv.registered;
	c.registered_inferred = rv.registered_inferred;
	memcpy(c.body, rv.v[BACKFILL_BODY].codes.code[0], sizeof(c.body));
	if (!rv.v[BACKFILL_BODY].exact) {
		/* Words beside the body's name name its unit: "الفرقة الجهوية
		 * للشرطة القضائية بسلا". */
		struct strbuf unit = STRBUF_INIT;
		const char *text = cell(imp, row, BACKFILL_BODY, &len);
		clean_cell(text, len, &unit);
		if (unit.len <= 200)
			c.unit = strbuf_detach(&unit, NULL);
		strbuf_release(&unit);
	}
	c.subjects = rv.v[BACKFILL_SUBJECT].codes;
	c.platforms = rv.v[BACKFILL_PLATFORM].codes;
	c.notes = case_notes(imp, row, rv.file_number, fingerprinted);
	build_events(imp, row, &rv, &events, col_of);

	if ((rc = case_prepare_new(&c, imp->map, imp->vocab, imp->opt->today, &e)) != HIM_OK) {
		add_error(imp, row->line, -1, "%s", e.msg);
	} else if (first_refusal(imp, &c, &events, col_of, row) < 0) {
		rc = store_case_open(imp->st, &imp->opt->scope, &c, imp->opt->today, &e);
		if (rc == HIM_ECONFLICT) {
			rep->duplicates++;
		} else if (rc != HIM_OK) {
			add_error(imp, row->line, -1, "%s", e.msg);
		} else {
			for (size_t k = 0; k < events.n && rc == HIM_OK; k++) {
				enum stage_refusal why;
				rc = store_case_add_event(imp->st, &imp->opt->scope, c.id, &events.items[k],
							  imp->opt->today, &why, &e);
				if (rc != HIM_OK)
					add_error(imp, row->line, col_of[k],
						  "case %lld was opened but this step was refused: %s", (long long)c.id,
						  e.msg);
			}
			if (rc == HIM_OK)
				rep->imported++;
		}
	}
	if (rep->nerrors > errors_before)
		rep->rejected++;
	event_list_release(&events);
	case_record_release(&c);
}

static int on_row(const struct sheet_row *row, void *ctx, struct err *err)
{
	struct importer *imp = ctx;

	if (row_blank(row))
		return HIM_OK;
	switch (imp->state) {
	case LOOKING_FOR_HEADER:
		return try_header(imp, row, err);
	case READING_SUBHEADER:
		return read_subheader(imp, row, err);
	case READING_ROWS:
		if (!row_is_total(row))
			import_row(imp, row);
		return HIM_OK;
	}
	return HIM_OK;
}

static void on_problem(int line, const char *message, void *ctx)
{
	struct importer *imp = ctx;

	add_error(imp, line, -1, "%s", message);
	imp->rep->read++;
	imp->rep->rejected++;
}

int backfill_import_file(struct store *st, const char *path, const struct backfill_options *opt,
			 struct backfill_report *rep, struct err *err)
{
	struct importer imp;
	const char *slash = strrchr(path, '/');
	int rc;

	if (!opt->matcher)
		return err_set(err, HIM_EUSAGE, "backfill: no matcher");
	if (sodium_init() < 0)
		return err_set(err, HIM_ENOMEM, "libsodium could not start");
	if (opt->court && !court_map_latest(store_court_map(st), opt->court))
		return err_set(err, HIM_EUSAGE, "--court %s: not a court of the judicial map", opt->court);
	memset(&imp, 0, sizeof(imp));
	imp.st = st;
	imp.opt = opt;
	imp.rep = rep;
	imp.map = store_court_map(st);
	imp.vocab = store_vocab(st);
	imp.path = path;
	imp.name = slash ? slash + 1 : path;
	imp.state = LOOKING_FOR_HEADER;
	for (int c = 0; c < BACKFILL_COLUMN_COUNT; c++)
		imp.col[c] = -1;

	imp.csv = !sheet_is_zip(path);
	if (imp.csv)
		rc = csv_read_rows(path, on_row, on_problem, &imp, err);
	else
		rc = xlsx_read_rows(path, on_row, &imp, err);
	if (rc == HIM_OK && imp.state == LOOKING_FOR_HEADER)
		rc = err_set(err, HIM_EINPUT, "%s: no header row with the template's columns (%s, %s, ...)%s", path,
			     backfill_column_name(BACKFILL_COURT), backfill_column_name(BACKFILL_BODY),
			     imp.csv ? "; is the file UTF-8?" : "");
	else if (rc == HIM_OK && imp.state == READING_SUBHEADER)
		rc = check_required(&imp, 0, err);
	free(imp.seen.keys);
	free(imp.seen.counts);
	return rc;
}
