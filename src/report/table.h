/*
 * table.h - the circular's statistics table: its model, the walk that
 * produces it from the store, and the five renderers (HTML, CSV, JSON,
 * XLSX, PDF).
 *
 * The table is the template attached to the circular: a header block
 * (المملكة المغربية, the Court of Appeal and/or First Instance Court, or
 * the Presidency), the title, the period, eight columns (court,
 * investigating body, subject, platform, prosecution, and the case's
 * outcome at first instance, on appeal and in cassation) and, for Courts
 * of Appeal, the footnote. One row per case, counted once at its
 * originating court (counting.h): a Court of Appeal's table never holds a
 * First Instance case whose appeal it heard; that appeal fills column 7 of
 * the First Instance case's own row.
 *
 * table_walk() streams the cases from the store in table order
 * (store_case_each, CASE_ORDER_COURT) and hands a visitor the header,
 * groups (national: district, then court; district: court; court: the
 * court itself), each row with every cell already labelled, and the group
 * counts. Memory is constant whatever the number of cases: a row and its
 * strings live only during the visitor's call. Every renderer is such a
 * visitor, so all five formats say the same thing.
 *
 * Empty outcome cells (documented rule, see table_level): a level with no
 * ruling reads "رائجة" (pending) only when the case is known to await it:
 *   - first instance: the prosecution decision started the public action
 *     and no judgment is recorded yet;
 *   - appeal: the Court of Cassation quashed with remand, or the
 *     first-instance judgment is recent enough to be appealed still
 *     (TABLE_APPEAL_DAYS after it, Code of Criminal Procedure art. 400);
 *   - cassation: the appeal judgment can still be taken to cassation
 *     (TABLE_APPEAL_DAYS, art. 527).
 * Otherwise the cell is empty: Himaya records judgments, not the lodging
 * of an appeal, so a ruling past its deadline with nothing after it is
 * shown as final rather than as pending forever.
 */
#ifndef HIMAYA_REPORT_TABLE_H
#define HIMAYA_REPORT_TABLE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../lib/strbuf.h"
#include "../store/store.h"

/* Days within which a judgment can be appealed or taken to cassation. */
#define TABLE_APPEAL_DAYS 10

/* The template's eight columns, in its order (right to left as printed). */
enum table_column {
	TABLE_COL_COURT,     /* المحكمة */
	TABLE_COL_BODY,      /* الجهة المكلفة بالبحث */
	TABLE_COL_SUBJECT,   /* موضوع الإشعار */
	TABLE_COL_PLATFORM,  /* المنصة المعنية (CPS / NCMEC) */
	TABLE_COL_DECISION,  /* المتابعة */
	TABLE_COL_FIRST,     /* مآل القضية: ابتدائيا */
	TABLE_COL_APPEAL,    /* مآل القضية: استئنافيا */
	TABLE_COL_CASSATION, /* مآل القضية: النقض */
	TABLE_COLUMNS
};

/* The three court levels of the outcome columns. */
enum table_level_index { TABLE_FIRST, TABLE_APPEAL, TABLE_CASSATION, TABLE_LEVELS };

/* What table to draw. Initialise with table_request_init. */
struct table_request {
	struct scope scope;   /* national, a district or a court (not a police unit) */
	date_t from, to;      /* registration dates, inclusive; DATE_NONE: open */
	int year;             /* when the period is a calendar year (for its wording); 0 otherwise */
	const char *platform; /* a platform code, or NULL for both */
	enum lang lang;       /* LANG_AR, or LANG_FR (LANG_EN falls back to French) */
	date_t map_date;      /* the judicial map that names courts; DATE_NONE: the period's end, else the latest */
	date_t today;         /* for "رائجة" on appeal and cassation; DATE_NONE: never within a deadline */
};

void table_request_init(struct table_request *r);

/* Set the period to one calendar year. */
void table_request_set_year(struct table_request *r, int year);

/* The template's fixed wording in one language. */
struct table_text {
	const char *kingdom;        /* المملكة المغربية */
	const char *presidency;     /* رئاسة النيابة العامة */
	const char *title;          /* جدول الإحصائيات ... CPS / NCMEC */
	const char *footnote;       /* the Courts of Appeal footnote */
	const char *columns[TABLE_COLUMNS]; /* column headings; the outcome ones are the sub-headings */
	const char *outcome;        /* مآل القضية, over the three outcome columns */
	const char *file_number;    /* the spreadsheets' extra leading columns */
	const char *registered;
	const char *file_prefix;    /* "ملف عدد" before a file number in a court cell */
	const char *platform_line;  /* "المنصة المعنية:" before a platform filter */
	const char *count_court;    /* "عدد القضايا" */
	const char *count_district; /* "مجموع الدائرة القضائية" */
	const char *count_total;    /* "المجموع العام" */
	const char *district_of;    /* "الدائرة القضائية ل" + the Court of Appeal's name */
	const char *summary;        /* the summary sheet's name */
	const char *district;       /* summary column headings */
	const char *court;
	const char *count;
	const char *page;           /* "صفحة %d من %d" */
	const char *no_cases;       /* "لا توجد قضايا" */
	bool rtl;
};

const struct table_text *table_text_of(enum lang lang);

/* The table's language for a requested one: Arabic, else French (the
 * judicial map and the vocabulary have no English names). */
enum lang table_lang(enum lang lang);

struct table_header {
	const struct table_request *request;
	const struct table_text *text;
	const struct vocab *vocab;      /* for renderers that list labels */
	const char *lines[3];           /* institution lines under the kingdom */
	size_t nlines;
	const char *period;             /* "برسم سنة 2022", "من ... إلى ..." */
	const char *platform;           /* the filter's label, or NULL */
	const char *scope_name;         /* the scope in a few words (file and sheet titles) */
	bool footnote;                  /* the table may hold a Court of Appeal's rows */
};

enum table_group_kind { TABLE_GROUP_DISTRICT, TABLE_GROUP_COURT };

struct table_group {
	enum table_group_kind kind;
	const char *code;      /* the district's Court of Appeal, or the court */
	const char *district;  /* a court group's district */
	const char *name;      /* the court's name */
	const char *heading;   /* "الدائرة القضائية لمحكمة الاستئناف بالرباط", or the court's name */
	const char *ca_name;   /* a court group: its Court of Appeal's name ("" for a Court of Appeal) */
	bool appeal_court;     /* a Court of Appeal (its first-degree cases only) */
	int64_t count;         /* cases in the group: 0 at group_begin, the total at group_end */
};

/* One outcome cell. Strings are "" when they do not apply. */
struct table_level {
	const char *code;      /* the outcome's code; "" when no ruling */
	const char *label;     /* its label; "رائجة" when pending; "" when empty */
	const char *sentence;  /* "24 شهرا حبسا نافذا وغرامة 5000 درهم" */
	const struct sentence *given; /* the recorded sentence (fields -1 when not given) */
	date_t date;
	const char *summary;   /* label, and ": sentence" when there is one */
	const char *date_text; /* "بتاريخ 2022-06-01" */
	const char *text;      /* the cell on one line: summary، date_text */
	bool pending;
};

struct table_row {
	const struct case_record *c;  /* id, file number, dates, codes, unit */
	int64_t index;                /* 1-based, over the whole table */
	const char *court_name;
	const char *body_label;
	const char *decision_label;   /* "البحث جار" when there is no decision yet */
	const char *decision_date_text;
	struct table_level levels[TABLE_LEVELS];
	/* Each template cell on one line (CSV, JSON) ... */
	const char *cells[TABLE_COLUMNS];
	/* ... and as the printed table shows it, lines separated by '\n'. */
	const char *blocks[TABLE_COLUMNS];
};

/*
 * A renderer. Callbacks may be NULL. A nonzero return stops the walk and
 * is returned by table_walk (set err). Pointers are valid during the call
 * only, except the header's, which stay valid until table_walk returns.
 */
struct table_visitor {
	int (*begin)(void *ctx, const struct table_header *h, struct err *err);
	int (*group_begin)(void *ctx, const struct table_group *g, struct err *err);
	int (*row)(void *ctx, const struct table_row *r, struct err *err);
	int (*group_end)(void *ctx, const struct table_group *g, struct err *err);
	int (*end)(void *ctx, int64_t total, struct err *err);
};

/*
 * Walk the table of req: begin, then the groups and their rows in table
 * order, then end with the number of rows. The scope's own group is
 * always given (a court with no case in the period still has its table,
 * empty); courts and districts below it only when they have cases.
 * HIM_EUSAGE for a police-unit scope; HIM_EINPUT for an unknown court or
 * district or platform.
 */
int table_walk(struct store *st, const struct table_request *req, const struct table_visitor *vis,
	       void *ctx, struct err *err);

/* "24 شهرا حبسا نافذا وغرامة 5000 درهم": appended to out ("" if nothing given). */
void table_sentence_text(const struct sentence *s, enum lang lang, struct strbuf *out);

/*
 * Text as a right-to-left line must hold it: a left-to-right mark
 * (U+200E) before every number that has hyphens in it ("2022-03-01"). In
 * Arabic text the bidi algorithm reads such digits as Arabic numbers and
 * the hyphens as neutral, and shows the date backwards, 01-03-2022; the
 * mark keeps it whole. For the printed formats only (HTML, XLSX, PDF):
 * CSV and JSON carry the text unmarked. Appended to out.
 */
void table_mark_numbers(const char *text, struct strbuf *out);

/* A short name for a court, for sheet names ("ابتدائية سلا", "CA Rabat"). */
void table_court_short_name(const char *name, enum lang lang, struct strbuf *out);

/* --- renderers: each writes the whole table of req to out ------------ */

struct table_html_options {
	const char *stylesheet_href; /* link this stylesheet (the web app); NULL: inline the CSS */
	bool fragment;               /* only the table's <section>, for embedding in a page */
};

/* The table's stylesheet (web/static/table.css, embedded at build time). */
extern const char table_css[];

int table_render_html(struct store *st, const struct table_request *req,
		      const struct table_html_options *opt, FILE *out, struct err *err);
/* The registration date as the exports show it: "YYYY-MM-DD", or the year
 * alone when the source gave only the year (registered_inferred). */
void table_registered_text(const struct case_record *c, char buf[DATE_ISO_LEN]);

/* UTF-8 with a byte order mark, RFC 4180, CRLF; file number and registration date lead. */
int table_render_csv(struct store *st, const struct table_request *req, FILE *out, struct err *err);
/* {"scope":…,"rows":[…],"groups":[…],"count":N}, one row per line. */
int table_render_json(struct store *st, const struct table_request *req, FILE *out, struct err *err);
/* A workbook: a summary sheet and a sheet per court (district, national), or the court's sheet. */
int table_render_xlsx(struct store *st, const struct table_request *req, FILE *out, struct err *err);
/* A4 landscape, the header and column headings on every page, "صفحة N من M". */
int table_render_pdf(struct store *st, const struct table_request *req, FILE *out, struct err *err);

#endif
