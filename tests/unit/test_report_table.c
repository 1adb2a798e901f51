/*
 * Unit tests of the circular's table (report/table*.c): the counting rule
 * across a district (a Court of Appeal's table never holds the First
 * Instance case whose appeal it heard; the district's holds both, once),
 * cell wording (sentences, "رائجة", "البحث جار"), filters, errors, and
 * each format: CSV and JSON byte for byte against tests/fixtures/table/,
 * HTML escaped and RTL, XLSX read back from its sheet XML, PDF through
 * pdftotext.
 *
 * HIMAYA_UPDATE_GOLDEN=1 rewrites the golden files (then read them before
 * committing them).
 */
#include "storeutil.h"

#include <jansson.h>
#include <unistd.h>

#include "core/sentence.h"
#include "report/table.h"

#define GOLDEN_DIR "tests/fixtures/table/"

/*
 * fontconfig leaks a few bytes once per process while it parses its
 * configuration (FcInitLoadConfigAndFonts, on pango's loader thread). It
 * has no frame pointers, so the stack names only the library: memory
 * allocated by fontconfig itself is not reported, and nothing else.
 * (The PDF renderer frees its own font map and caches; a leak there would
 * show in pango or cairo frames.)
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

static struct test_db db;
static char path[] = "/tmp/himaya-table-XXXXXX"; /* prefix of the rendered files */
static struct store *st;
static const date_t STORE_TODAY = 20000; /* 2024-10-04: every event is in the past */

static int64_t open_case(const char *court, const char *number, const char *date, const char *body,
			 const char *unit, const char *subjects, const char *platforms)
{
	struct case_record c;
	struct err err = ERR_INIT;
	struct scope national = scope_national();
	int64_t id;

	case_record_init(&c);
	memcpy(c.court, court, strlen(court) + 1);
	c.file_number = strdup(number);
	c.registered = D(date);
	memcpy(c.body, body, strlen(body) + 1);
	c.unit = unit ? strdup(unit) : NULL;
	code_list_parse(&c.subjects, subjects);
	code_list_parse(&c.platforms, platforms);
	c.suspects = 1;
	if (store_case_open(st, &national, &c, STORE_TODAY, &err) != HIM_OK)
		fail_msg("case open %s: %s", number, err.msg);
	id = c.id;
	case_record_release(&c);
	return id;
}

static void event(int64_t id, const char *type, const char *date, const char *code, const char *reason,
		  int prison, int suspended, int64_t fine)
{
	struct case_event ev;
	struct err err = ERR_INIT;
	struct scope national = scope_national();

	case_event_init(&ev);
	assert_true(event_type_parse(type, &ev.type));
	ev.date = D(date);
	memcpy(ev.code, code, strlen(code) + 1);
	if (reason)
		memcpy(ev.reason, reason, strlen(reason) + 1);
	ev.sentence.prison_months = prison;
	ev.sentence.suspended_months = suspended;
	ev.sentence.fine_mad = fine;
	if (store_case_add_event(st, &national, id, &ev, STORE_TODAY, NULL, &err) != HIM_OK)
		fail_msg("event %s on case %lld: %s", type, (long long)id, err.msg);
	case_event_release(&ev);
}

/*
 * The fixed data set: two districts.
 *   ca-rabat: ca-rabat (a felony first registered there), tpi-sale (a case
 *   judged at first instance, on appeal by ca-rabat, and in cassation; a
 *   case quashed with remand), tpi-rabat (a filing; a 2021 case).
 *   ca-casablanca: tpi-casablanca-penal (prosecuted, awaiting judgment; a
 *   unit name with markup and CSV specials), tpi-mohammedia (acquitted
 *   four days before the table's date: still open to appeal).
 */
static int setup(void **state)
{
	(void)state;
	int fd = mkstemp(path);
	int64_t a, b, c, d, e, f;

	close(fd);
	unlink(path);
	test_db_open(&db, "table");
	st = db.st;

	a = open_case("ca-rabat", "2022/2601/5", "2022-02-10", "gr", "المركز القضائي للدرك الملكي بالرباط",
		      "csam_production,sextortion", "ncmec");
	event(a, "decision", "2022-03-01", "instruction", NULL, -1, -1, -1);
	event(a, "judgment", "2022-09-15", "conviction", NULL, 96, 0, 20000);
	event(a, "appeal", "2023-02-01", "modified", NULL, 72, 0, 20000);

	b = open_case("tpi-sale", "2022/2105/17", "2022-03-01", "dgsn", "الفرقة الجهوية للشرطة القضائية بسلا",
		      "csam_distribution", "ncmec,cps");
	event(b, "decision", "2022-04-10", "detained", NULL, -1, -1, -1);
	event(b, "judgment", "2022-06-01", "conviction", NULL, 24, 0, 5000);
	event(b, "appeal", "2022-10-03", "modified", NULL, 18, 6, 5000);
	event(b, "cassation", "2023-03-01", "rejected", NULL, -1, -1, -1);

	c = open_case("tpi-sale", "2022/2105/30", "2022-09-01", "dgsn", NULL, "csam_possession", "cps");
	event(c, "decision", "2022-09-05", "at_liberty", NULL, -1, -1, -1);
	event(c, "judgment", "2022-10-01", "conviction", NULL, 12, 12, -1);
	event(c, "appeal", "2022-11-01", "upheld", NULL, -1, -1, -1);
	event(c, "cassation", "2023-01-10", "quashed", NULL, -1, -1, -1);

	d = open_case("tpi-rabat", "2022/1101/3", "2022-05-05", "dgsn", NULL, "csam_possession", "cps");
	event(d, "decision", "2022-06-01", "filed", "no_crime", -1, -1, -1);
	open_case("tpi-rabat", "2021/77", "2021-11-20", "dgsn", NULL, "other", "ncmec");

	e = open_case("tpi-casablanca-penal", "2022/3300/1", "2022-07-01", "dgsn",
		      "فرقة \"الأحداث\", <b>الدار البيضاء</b>", "enticement,image_privacy", "ncmec");
	event(e, "decision", "2022-07-15", "at_liberty", NULL, -1, -1, -1);

	f = open_case("tpi-mohammedia", "2022/50", "2022-08-01", "gr", NULL, "harassment", "cps");
	event(f, "decision", "2022-08-10", "juvenile", NULL, -1, -1, -1);
	event(f, "judgment", "2023-03-01", "acquittal", NULL, -1, -1, -1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	test_db_close(&db);
	st = NULL;
	return 0;
}

static struct table_request request(struct scope scope, int year, enum lang lang)
{
	struct table_request r;

	table_request_init(&r);
	r.scope = scope;
	if (year)
		table_request_set_year(&r, year);
	r.lang = lang;
	r.today = D("2023-03-05");
	return r;
}

/* --- a visitor that records what the walk gives --------------------- */

struct seen {
	struct strbuf log;  /* "begin|…", "group court tpi-sale", "row 2022/…", "end 3" */
	struct strbuf cells;
	int64_t rows;
};

static int seen_begin(void *ctx, const struct table_header *h, struct err *err)
{
	struct seen *s = ctx;
	(void)err;
	strbuf_addf(&s->log, "begin %zu", h->nlines);
	for (size_t i = 0; i < h->nlines; i++)
		strbuf_addf(&s->log, " [%s]", h->lines[i]);
	strbuf_addf(&s->log, " period=[%s] footnote=%d\n", h->period, h->footnote);
	return 0;
}

static int seen_group_begin(void *ctx, const struct table_group *g, struct err *err)
{
	struct seen *s = ctx;
	(void)err;
	strbuf_addf(&s->log, "%s %s\n", g->kind == TABLE_GROUP_DISTRICT ? "district" : "court", g->code);
	return 0;
}

static int seen_row(void *ctx, const struct table_row *r, struct err *err)
{
	struct seen *s = ctx;
	(void)err;
	strbuf_addf(&s->log, "  row %s\n", r->c->file_number);
	for (size_t i = 0; i < TABLE_COLUMNS; i++)
		strbuf_addf(&s->cells, "%s|", r->cells[i]);
	strbuf_addch(&s->cells, '\n');
	s->rows++;
	return 0;
}

static int seen_group_end(void *ctx, const struct table_group *g, struct err *err)
{
	struct seen *s = ctx;
	(void)err;
	strbuf_addf(&s->log, "end %s %lld\n", g->code, (long long)g->count);
	return 0;
}

static int seen_end(void *ctx, int64_t total, struct err *err)
{
	struct seen *s = ctx;
	(void)err;
	strbuf_addf(&s->log, "total %lld\n", (long long)total);
	return 0;
}

static const struct table_visitor seen_visitor = {
	seen_begin, seen_group_begin, seen_row, seen_group_end, seen_end,
};

static void walk(const struct table_request *r, struct seen *s)
{
	struct err err = ERR_INIT;

	strbuf_init(&s->log);
	strbuf_init(&s->cells);
	s->rows = 0;
	if (table_walk(st, r, &seen_visitor, s, &err) != HIM_OK)
		fail_msg("table_walk: %s", err.msg);
}

static void seen_release(struct seen *s)
{
	strbuf_release(&s->log);
	strbuf_release(&s->cells);
}

/* --- the counting rule ----------------------------------------------- */

static void court_of_appeal_table_has_only_its_own_cases(void **state)
{
	(void)state;
	struct table_request r = request(scope_court("ca-rabat"), 2022, LANG_AR);
	struct seen s;

	walk(&r, &s);
	/* tpi-sale's case was judged on appeal by ca-rabat: it is not here. */
	assert_string_equal(s.log.buf,
			    "begin 1 [محكمة الاستئناف بالرباط] period=[برسم سنة 2022] footnote=1\n"
			    "court ca-rabat\n"
			    "  row 2022/2601/5\n"
			    "end ca-rabat 1\n"
			    "total 1\n");
	seen_release(&s);
}

static void first_instance_table_carries_its_appeal_and_cassation(void **state)
{
	(void)state;
	struct table_request r = request(scope_court("tpi-sale"), 2022, LANG_AR);
	struct seen s;

	walk(&r, &s);
	assert_string_equal(s.log.buf,
			    "begin 2 [محكمة الاستئناف بالرباط] [المحكمة الابتدائية بسلا] period=[برسم سنة 2022] footnote=0\n"
			    "court tpi-sale\n"
			    "  row 2022/2105/17\n"
			    "  row 2022/2105/30\n"
			    "end tpi-sale 2\n"
			    "total 2\n");
	/* Columns 6, 7 and 8 of the First Instance case's own row. */
	assert_non_null(strstr(s.cells.buf,
		"الإدانة: 24 شهرا حبسا نافذا وغرامة 5000 درهم، بتاريخ 2022-06-01|"
		"تعديل الحكم الابتدائي: 12 شهرا حبسا نافذا و 6 أشهر حبسا موقوف التنفيذ وغرامة 5000 درهم، بتاريخ 2022-10-03|"
		"رفض الطلب، بتاريخ 2023-03-01|"));
	/* Quashed with remand: the appeal is pending again. */
	assert_non_null(strstr(s.cells.buf,
		"الإدانة: 12 شهرا حبسا موقوف التنفيذ، بتاريخ 2022-10-01|رائجة|نقض وإحالة، بتاريخ 2023-01-10|"));
	seen_release(&s);
}

/*
 * The district of ca-rabat in 2022 as the walk gives it: the same in the
 * district's own table and in the national one, which holds every
 * district whole.
 */
#define CA_RABAT_DISTRICT_2022 \
	"district ca-rabat\n" \
	"court ca-rabat\n" \
	"  row 2022/2601/5\n" \
	"end ca-rabat 1\n" \
	"court tpi-rabat\n" \
	"  row 2022/1101/3\n" \
	"end tpi-rabat 1\n" \
	"court tpi-sale\n" \
	"  row 2022/2105/17\n" \
	"  row 2022/2105/30\n" \
	"end tpi-sale 2\n" \
	"end ca-rabat 4\n"

static void district_table_holds_each_case_once(void **state)
{
	(void)state;
	struct table_request r = request(scope_district("ca-rabat"), 2022, LANG_AR);
	struct seen s;

	walk(&r, &s);
	assert_string_equal(s.log.buf,
			    "begin 1 [محكمة الاستئناف بالرباط] period=[برسم سنة 2022] footnote=1\n"
			    CA_RABAT_DISTRICT_2022
			    "total 4\n");
	seen_release(&s);
}

static void national_table_groups_districts_then_courts(void **state)
{
	(void)state;
	struct table_request r = request(scope_national(), 2022, LANG_AR);
	struct seen s;

	walk(&r, &s);
	assert_string_equal(s.log.buf,
			    "begin 1 [رئاسة النيابة العامة] period=[برسم سنة 2022] footnote=1\n"
			    "district ca-casablanca\n"
			    "court tpi-casablanca-penal\n"
			    "  row 2022/3300/1\n"
			    "end tpi-casablanca-penal 1\n"
			    "court tpi-mohammedia\n"
			    "  row 2022/50\n"
			    "end tpi-mohammedia 1\n"
			    "end ca-casablanca 2\n"
			    CA_RABAT_DISTRICT_2022
			    "total 6\n");
	seen_release(&s);
}

static void filters_period_and_platform(void **state)
{
	(void)state;
	struct table_request r = request(scope_national(), 0, LANG_AR);
	struct seen s;

	/* No period: every case, the 2021 one included. */
	walk(&r, &s);
	assert_int_equal(s.rows, 7);
	assert_non_null(strstr(s.log.buf, "period=[جميع القضايا المسجلة]"));
	seen_release(&s);

	r.from = D("2022-03-01");
	r.to = D("2022-07-31");
	r.platform = "NECMEC"; /* the circular's spelling */
	walk(&r, &s);
	assert_non_null(strstr(s.log.buf, "period=[من 2022-03-01 إلى 2022-07-31]"));
	assert_null(strstr(s.log.buf, "2022/2601/5")); /* February */
	assert_non_null(strstr(s.log.buf, "row 2022/2105/17"));
	assert_non_null(strstr(s.log.buf, "row 2022/3300/1"));
	assert_null(strstr(s.log.buf, "row 2022/1101/3")); /* CPS only */
	assert_int_equal(s.rows, 2);
	seen_release(&s);
}

static void an_empty_court_still_has_its_table(void **state)
{
	(void)state;
	struct table_request r = request(scope_court("tpi-temara"), 2022, LANG_AR);
	struct seen s;

	walk(&r, &s);
	assert_string_equal(s.log.buf,
			    "begin 2 [محكمة الاستئناف بالرباط] [المحكمة الابتدائية بتمارة] period=[برسم سنة 2022] footnote=0\n"
			    "court tpi-temara\n"
			    "end tpi-temara 0\n"
			    "total 0\n");
	seen_release(&s);
}

static void refusals(void **state)
{
	(void)state;
	struct table_request r = request(scope_unit("dgsn", "الفرقة"), 2022, LANG_AR);
	struct err err = ERR_INIT;
	struct seen s = { STRBUF_INIT, STRBUF_INIT, 0 };

	assert_int_equal(table_walk(st, &r, &seen_visitor, &s, &err), HIM_EUSAGE);
	r = request(scope_court("tpi-atlantis"), 2022, LANG_AR);
	assert_int_equal(table_walk(st, &r, &seen_visitor, &s, &err), HIM_EINPUT);
	assert_non_null(strstr(err.msg, "tpi-atlantis"));
	r = request(scope_district("tpi-sale"), 2022, LANG_AR);
	assert_int_equal(table_walk(st, &r, &seen_visitor, &s, &err), HIM_EINPUT);
	r = request(scope_national(), 2022, LANG_AR);
	r.platform = "myspace";
	assert_int_equal(table_walk(st, &r, &seen_visitor, &s, &err), HIM_EINPUT);
	r = request(scope_national(), 0, LANG_AR);
	r.from = D("2022-05-01");
	r.to = D("2022-04-01");
	assert_int_equal(table_walk(st, &r, &seen_visitor, &s, &err), HIM_EINPUT);
	assert_int_equal(s.log.len, 0);
	seen_release(&s);
}

/* --- cell wording ---------------------------------------------------- */

static void sentence(const char *want, enum lang lang, int prison, int suspended, int64_t fine)
{
	struct sentence s = { prison, suspended, fine };
	struct strbuf sb = STRBUF_INIT;

	table_sentence_text(&s, lang, &sb);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void sentences_split_firm_and_suspended(void **state)
{
	(void)state;
	sentence("24 شهرا حبسا نافذا وغرامة 5000 درهم", LANG_AR, 24, 0, 5000);
	sentence("18 شهرا حبسا نافذا و 6 أشهر حبسا موقوف التنفيذ", LANG_AR, 24, 6, -1);
	sentence("شهرين حبسا موقوف التنفيذ", LANG_AR, 2, 2, 0);
	sentence("شهرا واحدا حبسا نافذا", LANG_AR, 1, -1, -1);
	sentence("غرامة 10 دراهم", LANG_AR, -1, -1, 10);
	sentence("120 شهرا سجنا نافذا", LANG_AR, 120, 0, -1);
	sentence("", LANG_AR, 0, 0, 0);
	sentence("24 mois d'emprisonnement ferme et 5000 MAD d'amende", LANG_FR, 24, 0, 5000);
	sentence("18 mois d'emprisonnement ferme, 6 mois avec sursis et 2000 MAD d'amende", LANG_FR, 24, 6, 2000);
	sentence("12 mois d'emprisonnement avec sursis", LANG_FR, 12, 12, -1);
	/* Suspended above prison is refused by the stage machine; clamp anyway. */
	sentence("3 أشهر حبسا موقوف التنفيذ", LANG_AR, 3, 5, -1);
}

/* What the table writes, the backfill reads back (core/sentence.h): an
 * exported table can be imported again without losing a sentence. Not
 * given and zero mean the same here. */
static void sentences_read_back_by_the_backfill_parser(void **state)
{
	(void)state;
	static const int cases[][3] = {
		{ 24, 0, 5000 }, { 24, 6, -1 }, { 2, 2, 0 }, { 1, -1, -1 }, { -1, -1, 10 },
		{ 120, 0, -1 }, { 18, 6, 5000 }, { 12, 12, -1 }, { 3, 0, 200 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct sentence s = { cases[i][0], cases[i][1], cases[i][2] }, back;
		struct strbuf sb = STRBUF_INIT;
		struct err err = ERR_INIT;

		table_sentence_text(&s, LANG_AR, &sb);
		assert_int_equal(sentence_parse(sb.buf, sb.len, &back, &err), HIM_OK);
		if ((back.prison_months > 0 ? back.prison_months : 0) != (s.prison_months > 0 ? s.prison_months : 0) ||
		    (back.suspended_months > 0 ? back.suspended_months : 0) != (s.suspended_months > 0 ? s.suspended_months : 0) ||
		    (back.fine_mad > 0 ? back.fine_mad : 0) != (s.fine_mad > 0 ? s.fine_mad : 0))
			fail_msg("\"%s\" reads back as %d/%d/%lld", sb.buf, back.prison_months, back.suspended_months,
				 (long long)back.fine_mad);
		strbuf_release(&sb);
	}
}

static void short_names_for_sheets(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;

	table_court_short_name("المحكمة الابتدائية بسلا", LANG_AR, &sb);
	assert_string_equal(sb.buf, "ابتدائية بسلا");
	strbuf_reset(&sb);
	table_court_short_name("محكمة الاستئناف بالرباط", LANG_AR, &sb);
	assert_string_equal(sb.buf, "استئناف بالرباط");
	strbuf_reset(&sb);
	table_court_short_name("Cour d'appel de Rabat", LANG_FR, &sb);
	assert_string_equal(sb.buf, "CA de Rabat");
	strbuf_release(&sb);
}

static void pending_cells_follow_the_documented_rule(void **state)
{
	(void)state;
	struct table_request r = request(scope_district("ca-casablanca"), 2022, LANG_AR);
	struct seen s;

	walk(&r, &s);
	/* Prosecuted, no judgment yet: first instance رائجة, later levels empty. */
	assert_non_null(strstr(s.cells.buf, "متابعة في حالة سراح، بتاريخ 2022-07-15|رائجة|||"));
	/* Acquitted on 2023-03-01, table of 2023-03-05: can still be appealed. */
	assert_non_null(strstr(s.cells.buf, "البراءة، بتاريخ 2023-03-01|رائجة||"));
	seen_release(&s);

	r.today = D("2023-06-01"); /* past the deadline: shown as final */
	walk(&r, &s);
	assert_non_null(strstr(s.cells.buf, "البراءة، بتاريخ 2023-03-01|||"));
	seen_release(&s);

	r.today = DATE_NONE;
	walk(&r, &s);
	assert_non_null(strstr(s.cells.buf, "البراءة، بتاريخ 2023-03-01|||"));
	seen_release(&s);

	/* A filing: no first-instance level at all; no decision: البحث جار. */
	r = request(scope_court("tpi-rabat"), 0, LANG_AR);
	walk(&r, &s);
	assert_non_null(strstr(s.cells.buf, "|حفظ، بتاريخ 2022-06-01||||"));
	assert_non_null(strstr(s.cells.buf, "|البحث جار||||"));
	seen_release(&s);
}

static void french_labels(void **state)
{
	(void)state;
	struct table_request r = request(scope_court("tpi-sale"), 2022, LANG_FR);
	struct seen s;

	walk(&r, &s);
	assert_non_null(strstr(s.log.buf, "[Cour d'appel de Rabat] [Tribunal de première instance de Salé] period=[Année 2022]"));
	assert_non_null(strstr(s.cells.buf, "condamnation : 24 mois d'emprisonnement ferme et 5000 MAD d'amende, le 2022-06-01|"));
	assert_non_null(strstr(s.cells.buf, "|NCMEC / CPS|poursuite en état d'arrestation, le 2022-04-10|"));
	seen_release(&s);
}

/* --- formats --------------------------------------------------------- */

typedef int (*render_fn)(struct store *, const struct table_request *, FILE *, struct err *);

static char *render_to_memory(render_fn fn, const struct table_request *r, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	struct err err = ERR_INIT;

	assert_non_null(f);
	if (fn(st, r, f, &err) != HIM_OK)
		fail_msg("render: %s", err.msg);
	fclose(f);
	return buf;
}

static char *read_whole(const char *name, size_t *len)
{
	struct strbuf body = STRBUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *f = fopen(name, "rb");

	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		strbuf_add(&body, chunk, n);
	fclose(f);
	return strbuf_detach(&body, len);
}

/* Compare with the golden file byte for byte (or rewrite it). */
static void golden(const char *name, const char *got, size_t len)
{
	struct strbuf file = STRBUF_INIT;
	size_t want_len;
	char *want;
	const char *update = getenv("HIMAYA_UPDATE_GOLDEN");

	strbuf_addf(&file, GOLDEN_DIR "%s", name);
	if (update && *update == '1') {
		FILE *f = fopen(file.buf, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(got, 1, len, f), len);
		fclose(f);
	}
	want = read_whole(file.buf, &want_len);
	if (!want)
		fail_msg("missing golden file %s (HIMAYA_UPDATE_GOLDEN=1 writes it)", file.buf);
	if (want_len != len || memcmp(want, got, len) != 0) {
		size_t i = 0;
		while (i < len && i < want_len && want[i] == got[i])
			i++;
		fail_msg("%s differs at byte %zu (got %zu bytes, want %zu)", file.buf, i, len, want_len);
	}
	free(want);
	strbuf_release(&file);
}

static void csv_is_golden(void **state)
{
	(void)state;
	struct table_request r = request(scope_district("ca-rabat"), 2022, LANG_AR);
	size_t len;
	char *csv = render_to_memory(table_render_csv, &r, &len);

	assert_memory_equal(csv, "\xEF\xBB\xBF" "رقم الملف,تاريخ التسجيل,المحكمة,", 3 + 47);
	golden("district-ca-rabat-2022.csv", csv, len);
	free(csv);

	r = request(scope_national(), 2022, LANG_FR);
	csv = render_to_memory(table_render_csv, &r, &len);
	/* Quotes doubled, commas quoted, markup left as text. */
	assert_non_null(strstr(csv, "\"Direction Générale de la Sûreté Nationale — فرقة \"\"الأحداث\"\", <b>الدار البيضاء</b>\""));
	golden("national-2022-fr.csv", csv, len);
	free(csv);
}

static void json_is_golden(void **state)
{
	(void)state;
	struct table_request r = request(scope_national(), 2022, LANG_AR);
	size_t len;
	char *js = render_to_memory(table_render_json, &r, &len);
	json_error_t jerr;
	json_t *doc = json_loadb(js, len, 0, &jerr), *rows, *row;

	if (!doc)
		fail_msg("invalid JSON at %d: %s", jerr.position, jerr.text);
	assert_int_equal(json_integer_value(json_object_get(doc, "count")), 6);
	rows = json_object_get(doc, "rows");
	assert_int_equal(json_array_size(rows), 6);
	row = json_array_get(rows, 4); /* tpi-sale 2022/2105/17 */
	assert_string_equal(json_string_value(json_object_get(row, "file_number")), "2022/2105/17");
	assert_string_equal(json_string_value(json_object_get(row, "first_instance")), "conviction");
	assert_string_equal(json_string_value(json_object_get(row, "appeal")), "modified");
	assert_string_equal(json_string_value(json_object_get(row, "cassation")), "rejected");
	assert_string_equal(json_string_value(json_object_get(row, "platforms_text")), "NCMEC / CPS");
	row = json_array_get(rows, 0); /* prosecuted, not judged */
	assert_true(json_is_null(json_object_get(row, "first_instance")));
	assert_string_equal(json_string_value(json_object_get(row, "first_instance_text")), "رائجة");
	assert_int_equal(json_array_size(json_object_get(doc, "groups")), 7);
	json_decref(doc);
	golden("national-2022.json", js, len);
	free(js);

	/* An empty table is still a whole document. */
	r = request(scope_court("tpi-temara"), 2022, LANG_AR);
	js = render_to_memory(table_render_json, &r, &len);
	doc = json_loadb(js, len, 0, &jerr);
	assert_non_null(doc);
	assert_int_equal(json_integer_value(json_object_get(doc, "count")), 0);
	json_decref(doc);
	free(js);
}

static int html_standalone(struct store *s, const struct table_request *r, FILE *f, struct err *err)
{
	return table_render_html(s, r, NULL, f, err);
}

static int html_linked(struct store *s, const struct table_request *r, FILE *f, struct err *err)
{
	struct table_html_options o = { "/static/table.css", false };
	return table_render_html(s, r, &o, f, err);
}

static int html_fragment(struct store *s, const struct table_request *r, FILE *f, struct err *err)
{
	struct table_html_options o = { "/static/table.css", true };
	return table_render_html(s, r, &o, f, err);
}

static void html_is_the_template_escaped(void **state)
{
	(void)state;
	struct table_request r = request(scope_national(), 2022, LANG_AR);
	size_t len;
	char *html = render_to_memory(html_standalone, &r, &len);

	assert_true(strncmp(html, "<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">", 42) == 0);
	assert_non_null(strstr(html, "<style>"));
	assert_non_null(strstr(html, "size: A4 landscape;"));
	assert_non_null(strstr(html, "<thead>"));
	assert_non_null(strstr(html, "<th colspan=\"3\" scope=\"colgroup\">مآل القضية</th>"));
	assert_non_null(strstr(html, "<h1>جدول الإحصائيات بشأن قضايا الاستغلال الجنسي للأطفال عبر الأنترنت المتعلقة بمنصتي <bdi class=\"keep\">CPS / NCMEC</bdi></h1>"));
	assert_non_null(strstr(html, "<th rowspan=\"2\" scope=\"col\">المنصة المعنية<br><bdi class=\"keep\">(CPS / NCMEC)</bdi></th>"));
	/* The unit's markup is text, never markup. */
	assert_null(strstr(html, "<b>الدار"));
	assert_non_null(strstr(html, "فرقة &quot;الأحداث&quot;, &lt;b&gt;الدار البيضاء&lt;/b&gt;"));
	assert_non_null(strstr(html, "ملف عدد <bdi>2022/2105/17</bdi>"));
	/* Dates kept whole in a right-to-left line (U+200E before them). */
	assert_non_null(strstr(html, "بتاريخ \xE2\x80\x8E" "2022-06-01"));
	assert_non_null(strstr(html, "<td class=\"pending\">رائجة</td>"));
	assert_non_null(strstr(html, "المجموع العام: 6"));
	assert_non_null(strstr(html, "بالنسبة لمحاكم الاستئناف الرجاء الإشعار فقط"));
	assert_non_null(strstr(html, "</html>\n"));
	free(html);

	html = render_to_memory(html_linked, &r, &len);
	assert_null(strstr(html, "<style>"));
	assert_null(strstr(html, "style="));
	assert_non_null(strstr(html, "<link rel=\"stylesheet\" href=\"/static/table.css\">"));
	free(html);

	r = request(scope_court("tpi-sale"), 2022, LANG_FR);
	html = render_to_memory(html_fragment, &r, &len);
	assert_true(strncmp(html, "<section class=\"himaya-table\" lang=\"fr\" dir=\"ltr\">", 50) == 0);
	assert_null(strstr(html, "<html"));
	assert_null(strstr(html, "Cour d'appel")); /* escaped: Cour d&#39;appel */
	assert_non_null(strstr(html, "Cour d&#39;appel de Rabat"));
	assert_null(strstr(html, "tpl-footnote")); /* a First Instance Court's table */
	free(html);
}

/* --- XLSX and PDF, read back with the tools a reader would use ------- */

static char *render_to_file(render_fn fn, const struct table_request *r, const char *suffix)
{
	struct strbuf name = STRBUF_INIT;
	struct err err = ERR_INIT;
	FILE *f;

	strbuf_addf(&name, "%s%s", path, suffix);
	f = fopen(name.buf, "wb");
	assert_non_null(f);
	if (fn(st, r, f, &err) != HIM_OK)
		fail_msg("render: %s", err.msg);
	assert_int_equal(fclose(f), 0);
	return strbuf_detach(&name, NULL);
}

static char *run(const char *fmt, const char *arg, const char *member)
{
	struct strbuf cmd = STRBUF_INIT, out = STRBUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *p;

	strbuf_addf(&cmd, fmt, arg, member);
	p = popen(cmd.buf, "r");
	assert_non_null(p);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		strbuf_add(&out, chunk, n);
	if (pclose(p) != 0)
		fail_msg("failed: %s", cmd.buf);
	strbuf_release(&cmd);
	return strbuf_detach(&out, NULL);
}

static void xlsx_reads_back(void **state)
{
	(void)state;
	struct table_request r = request(scope_national(), 2022, LANG_AR);
	char *file = render_to_file(table_render_xlsx, &r, ".xlsx");
	char *wb = run("unzip -p '%s' %s", file, "xl/workbook.xml");
	char *summary = run("unzip -p '%s' %s", file, "xl/worksheets/sheet1.xml");
	char *sale = run("unzip -p '%s' %s", file, "xl/worksheets/sheet6.xml");
	char *ca = run("unzip -p '%s' %s", file, "xl/worksheets/sheet4.xml");

	/* The summary first, then a sheet per court in table order. */
	assert_non_null(strstr(wb, "<sheet name=\"ملخص\" sheetId=\"1\""));
	assert_non_null(strstr(wb, "<sheet name=\"ابتدائية الزجرية بالدار البيضاء\" sheetId=\"2\""));
	assert_non_null(strstr(wb, "<sheet name=\"استئناف بالرباط\" sheetId=\"4\""));
	assert_non_null(strstr(wb, "<sheet name=\"ابتدائية بسلا\" sheetId=\"6\""));

	/* The heads repeat on every printed page. */
	assert_non_null(strstr(wb, "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"5\">'ابتدائية بسلا'!$8:$9</definedName>"));
	assert_non_null(strstr(summary, "rightToLeft=\"1\""));
	assert_non_null(strstr(summary, "<t>المجموع العام</t>"));
	assert_non_null(strstr(summary, "<t>مجموع الدائرة القضائية</t>"));

	/* tpi-sale: header block on rows 1-3, title row 5, heads rows 8-9. */
	assert_non_null(strstr(sale, "rightToLeft=\"1\""));
	assert_non_null(strstr(sale, "<pane ySplit=\"9\" topLeftCell=\"A10\" activePane=\"bottomLeft\" state=\"frozen\"/>"));
	assert_non_null(strstr(sale, "<mergeCell ref=\"H8:J8\"/>"));
	assert_non_null(strstr(sale, "<mergeCell ref=\"A8:A9\"/>"));
	assert_non_null(strstr(sale, "<t>المملكة المغربية</t>"));
	assert_non_null(strstr(sale, "<t>محكمة الاستئناف بالرباط</t>"));
	assert_non_null(strstr(sale, "<t>المحكمة الابتدائية بسلا</t>"));
	assert_non_null(strstr(sale, "<t>مآل القضية</t>"));
	assert_non_null(strstr(sale, "<c r=\"A10\" s=\"5\" t=\"inlineStr\"><is><t>2022/2105/17</t></is></c>"));
	/* A cell's parts on lines of their own; the date kept whole (U+200E). */
	assert_non_null(strstr(sale, "<t>الإدانة: 24 شهرا حبسا نافذا وغرامة 5000 درهم\nبتاريخ \xE2\x80\x8E" "2022-06-01</t>"));
	assert_non_null(strstr(sale, "<c r=\"B10\" s=\"5\" t=\"inlineStr\"><is><t>2022-03-01</t></is></c>"));
	assert_non_null(strstr(sale, "<t>2022/2105/30</t>"));
	assert_null(strstr(sale, "بالنسبة لمحاكم الاستئناف")); /* not a Court of Appeal */
	assert_non_null(strstr(sale, "<cols>"));
	/* ca-rabat's own sheet: its one case and the footnote. */
	assert_non_null(strstr(ca, "<mergeCell ref=\"H7:J7\"/>"));
	assert_non_null(strstr(ca, "<t>2022/2601/5</t>"));
	assert_null(strstr(ca, "2022/2105/17"));
	assert_non_null(strstr(ca, "بالنسبة لمحاكم الاستئناف"));

	free(wb);
	free(summary);
	free(sale);
	free(ca);
	if (!getenv("HIMAYA_KEEP"))
		unlink(file);
	free(file);
}

/*
 * pdftotext gives Arabic in logical order, each line wrapped in bidi
 * embedding marks, and sometimes splits a word where Amiri positions its
 * glyphs; so text is compared with the marks, spaces and line breaks
 * taken out of both sides.
 */
static char *squeeze(const char *s)
{
	struct strbuf out = STRBUF_INIT;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x8E || p[2] == 0x8F || (p[2] >= 0xAA && p[2] <= 0xAE))) {
			p += 2;
			continue;
		}
		if (*p == ' ' || *p == '\n' || *p == '\f')
			continue;
		strbuf_addch(&out, (char)*p);
	}
	return strbuf_detach(&out, NULL);
}

static void assert_pdf_has(const char *squeezed, const char *want)
{
	char *w = squeeze(want);

	if (!strstr(squeezed, w))
		fail_msg("pdftotext does not find \"%s\"", want);
	free(w);
}

static void pdf_reads_back(void **state)
{
	(void)state;
	struct table_request r = request(scope_national(), 2022, LANG_AR);
	char *file = render_to_file(table_render_pdf, &r, ".pdf");
	char *info = run("pdfinfo '%s'%s", file, "");
	char *raw = run("pdftotext '%s' -%s", file, "");
	char *text = squeeze(raw);
	const char *numbers[] = { "2022/3300/1", "2022/50", "2022/2601/5", "2022/1101/3", "2022/2105/17", "2022/2105/30" };

	assert_non_null(strstr(info, "Page size:       841.89 x 595.28 pts (A4)"));
	assert_non_null(strstr(info, "Creator:         Himaya"));
	assert_pdf_has(text, "جدول الإحصائيات بشأن قضايا الاستغلال الجنسي للأطفال عبر الأنترنت المتعلقة بمنصتي");
	assert_pdf_has(text, "CPS / NCMEC");
	assert_pdf_has(text, "المملكة المغربية");
	assert_pdf_has(text, "رئاسة النيابة العامة");
	assert_pdf_has(text, "برسم سنة 2022");
	assert_pdf_has(text, "مآل القضية");
	assert_pdf_has(text, "الدائرة القضائية لمحكمة الاستئناف بالرباط");
	assert_pdf_has(text, "بالنسبة لمحاكم الاستئناف الرجاء الإشعار فقط");
	for (size_t i = 0; i < sizeof(numbers) / sizeof(*numbers); i++)
		assert_pdf_has(text, numbers[i]);
	assert_null(strstr(text, "2021/77"));
	free(info);
	free(raw);
	free(text);
	if (!getenv("HIMAYA_KEEP"))
		unlink(file);
	free(file);
}

/* Enough rows for several pages: each page says "صفحة N من M". */
static void pdf_numbers_every_page(void **state)
{
	(void)state;
	struct table_request r = request(scope_national(), 0, LANG_AR);
	char *file = render_to_file(table_render_pdf, &r, ".pdf");
	char *info = run("pdfinfo '%s'%s", file, "");
	char *pages = strstr(info, "Pages:");
	struct strbuf want = STRBUF_INIT, cmd = STRBUF_INIT;
	int n;

	assert_non_null(pages);
	n = (int)strtol(pages + 6, NULL, 10);
	assert_true(n >= 2);
	for (int i = 1; i <= n; i++) {
		char *raw, *text;
		strbuf_reset(&cmd);
		strbuf_addf(&cmd, "-f %d -l %d", i, i);
		raw = run("pdftotext %s '%s' -", cmd.buf, file);
		text = squeeze(raw);
		strbuf_reset(&want);
		strbuf_addf(&want, "صفحة %d من %d", i, n);
		assert_pdf_has(text, want.buf);
		/* The header block and the column heads on every page. */
		assert_pdf_has(text, "المملكة المغربية");
		assert_pdf_has(text, "الجهة المكلفة بالبحث");
		free(raw);
		free(text);
	}
	strbuf_release(&want);
	strbuf_release(&cmd);
	free(info);
	if (!getenv("HIMAYA_KEEP"))
		unlink(file);
	free(file);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(court_of_appeal_table_has_only_its_own_cases),
		cmocka_unit_test(first_instance_table_carries_its_appeal_and_cassation),
		cmocka_unit_test(district_table_holds_each_case_once),
		cmocka_unit_test(national_table_groups_districts_then_courts),
		cmocka_unit_test(filters_period_and_platform),
		cmocka_unit_test(an_empty_court_still_has_its_table),
		cmocka_unit_test(refusals),
		cmocka_unit_test(sentences_split_firm_and_suspended),
		cmocka_unit_test(sentences_read_back_by_the_backfill_parser),
		cmocka_unit_test(short_names_for_sheets),
		cmocka_unit_test(pending_cells_follow_the_documented_rule),
		cmocka_unit_test(french_labels),
		cmocka_unit_test(csv_is_golden),
		cmocka_unit_test(json_is_golden),
		cmocka_unit_test(html_is_the_template_escaped),
		cmocka_unit_test(xlsx_reads_back),
		cmocka_unit_test(pdf_reads_back),
		cmocka_unit_test(pdf_numbers_every_page),
	};
	return cmocka_run_group_tests_name("report_table", tests, setup, teardown);
}
