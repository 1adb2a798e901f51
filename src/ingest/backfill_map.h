/*
 * backfill_map.h - from the free text clerks write in the circular's
 * table to Himaya's codes: the template's columns, the deployment's
 * mappings file (data/backfill-mappings.tsv), the vocabulary's labels and
 * aliases, and the names of the judicial map's courts.
 *
 * A cell is matched in its normal form (core/arabic.h), in this order:
 *   1. exactly, against the mappings file (the deployment's own word wins);
 *   2. exactly, against the vocabulary: Arabic and French labels, codes,
 *      aliases (for courts: the map's names and codes);
 *   3. by keyword: the known phrases the cell contains as whole words
 *      (proclitics allowed: "بالإدانة" contains "الإدانة"). Clerks add
 *      qualifiers around a value ("الإدانة بـ 6 أشهر حبسا نافذا",
 *      "الفرقة الجهوية للشرطة القضائية بسلا"), so the phrase names the
 *      value and the rest qualifies it. A phrase inside a longer one that
 *      also matched counts only as the longer one ("حفظ" inside "حفظ لكون
 *      الفاعل مجهولا"). If what remains names more than one value of a
 *      one-valued column the cell is ambiguous, and unmapped: a wrong code
 *      in the Presidency's statistics is worse than a value listed for a
 *      person to map. One exception, because the appeal column's own words
 *      say what the Court of Appeal did: there, an appeal-only outcome
 *      (تأييد / إلغاء / تعديل) wins over a conviction or acquittal named
 *      beside it ("تأييد الحكم الابتدائي القاضي بالإدانة" is upheld).
 * A cell that maps to nothing is never guessed: the caller lists it.
 */
#ifndef HIMAYA_INGEST_BACKFILL_MAP_H
#define HIMAYA_INGEST_BACKFILL_MAP_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/code.h"
#include "../core/court.h"
#include "../core/vocab.h"
#include "../lib/err.h"

/* The template's eight columns, then the optional three. */
enum backfill_column {
	BACKFILL_COURT,       /* المحكمة */
	BACKFILL_BODY,        /* الجهة المكلفة بالبحث */
	BACKFILL_SUBJECT,     /* موضوع الإشعار */
	BACKFILL_PLATFORM,    /* المنصة المعنية */
	BACKFILL_DECISION,    /* المتابعة */
	BACKFILL_FIRST,       /* مآل القضية: ابتدائيا */
	BACKFILL_APPEAL,      /* استئنافيا */
	BACKFILL_CASSATION,   /* النقض */
	BACKFILL_FILE_NUMBER, /* رقم الملف */
	BACKFILL_REGISTERED,  /* تاريخ التسجيل */
	BACKFILL_YEAR,        /* السنة */
	BACKFILL_COLUMN_COUNT
};

/* The column's Arabic header as the template prints it. */
const char *backfill_column_name(enum backfill_column col);
/* Its ASCII key ("court", "first_instance", ...), for the mappings file. */
const char *backfill_column_key(enum backfill_column col);

/*
 * Recognise a header cell (or the column field of the mappings file): the
 * template's name or a common variant, in any spelling, with or without a
 * parenthesised note ("المنصة المعنية (CPS / NECMEC)"), or the ASCII key.
 */
bool backfill_column_parse(const char *text, size_t len, enum backfill_column *out);

struct backfill_matcher;

/*
 * Build a matcher from the vocabulary, the judicial map (both borrowed:
 * they must outlive the matcher) and the text of the mappings file
 * (text may be NULL: labels and names only). `source` names the file in
 * messages. A bad line of the file is HIM_EINPUT "source:LINE: reason".
 */
int backfill_matcher_new(struct backfill_matcher **out, const struct vocab *v,
			 const struct court_map *map, const char *text, size_t len,
			 const char *source, struct err *err);
void backfill_matcher_free(struct backfill_matcher *m);

/* What a cell says. */
struct backfill_value {
	struct code_list codes;  /* one code, or several for subjects and platforms */
	char reason[CODE_MAX];   /* decision column: the closing reason, "" if none */
	bool nothing;            /* the cell says there is nothing to record: "رائجة", "-" */
	bool exact;              /* matched whole, not by keyword */
};

/*
 * Map a cell of column col (BACKFILL_BODY .. BACKFILL_CASSATION). An empty
 * cell is HIM_OK with v->nothing set. A cell that maps to nothing, or
 * ambiguously, is HIM_ENOTFOUND with err saying why; invalid UTF-8 is
 * HIM_EINPUT.
 */
int backfill_match_value(const struct backfill_matcher *m, enum backfill_column col,
			 const char *text, size_t len, struct backfill_value *out, struct err *err);

/*
 * Map the text of the المحكمة column to a court code: the mappings file,
 * then a code or a name of the map ("المحكمة الابتدائية بسلا"), then the
 * shortened forms clerks write ("ابتدائية سلا", "استئنافية الرباط"): the
 * kind of court from "ابتدائية" / "استئناف", the town from the rest. A
 * town with both kinds and no kind written ("الرباط") is ambiguous.
 * HIM_ENOTFOUND when it names no court, or several.
 */
int backfill_match_court(const struct backfill_matcher *m, const char *text, size_t len,
			 char code[CODE_MAX], struct err *err);

#endif
