/*
 * Unit tests of the backfill: matching clerks' spellings (courts, bodies,
 * subjects, platforms, decisions, outcomes), the mappings file, then whole
 * imports into a temporary database: messy spellings, bad rows around good
 * ones, the template's title block and two-row header, an XLSX workbook
 * written here with libxlsxwriter, re-import, and a mapping added between
 * two runs. Fixtures: tests/fixtures/backfill/.
 */
#include "storeutil.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include "ingest/backfill.h"
#include "store/store.h"

#define FIXTURES "tests/fixtures/backfill/"

struct fx {
	struct test_db db;
	char *mappings;
	size_t mappings_len;
	struct backfill_matcher *matcher;
};

static const date_t TODAY = 20000; /* 2024-10-04 */

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	struct err err = ERR_INIT;

	test_db_open(&fx->db, "bf");
	fx->mappings = test_read_file("backfill-mappings.tsv", &fx->mappings_len);
	if (backfill_matcher_new(&fx->matcher, store_vocab(fx->db.st), store_court_map(fx->db.st), fx->mappings,
				 fx->mappings_len, "backfill-mappings.tsv", &err) != HIM_OK)
		fail_msg("mappings: %s", err.msg);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;

	backfill_matcher_free(fx->matcher);
	free(fx->mappings);
	test_db_close(&fx->db);
	free(fx);
	return 0;
}

/* --- matching ----------------------------------------------------------- */

static const char *court_of(struct fx *fx, const char *text)
{
	static char code[CODE_MAX];
	struct err err = ERR_INIT;

	if (backfill_match_court(fx->matcher, text, strlen(text), code, &err) != HIM_OK)
		return NULL;
	return code;
}

static void courts_are_found_however_written(void **state)
{
	struct fx *fx = *state;

	assert_string_equal(court_of(fx, "المحكمة الابتدائية بسلا"), "tpi-sale");
	assert_string_equal(court_of(fx, "ابتدائية سلا"), "tpi-sale");
	assert_string_equal(court_of(fx, "المحكمة الابتدائية بسـلا"), "tpi-sale");
	assert_string_equal(court_of(fx, "سلا"), "tpi-sale"); /* only one court there */
	assert_string_equal(court_of(fx, "استئنافية الرباط"), "ca-rabat");
	assert_string_equal(court_of(fx, "محكمة الاستئناف بالرباط"), "ca-rabat");
	assert_string_equal(court_of(fx, "ابتدائية الرباط"), "tpi-rabat");
	assert_string_equal(court_of(fx, "tpi-temara"), "tpi-temara");
	assert_string_equal(court_of(fx, "Tribunal de première instance de Salé"), "tpi-sale");
	assert_string_equal(court_of(fx, "ابتدائية وزان"), "tpi-ouazzane");
	assert_string_equal(court_of(fx, "ابتدائية سوق السبت"), "tpi-souk-sebt");
	assert_string_equal(court_of(fx, "المحكمة الزجرية بالدار البيضاء"), "tpi-casablanca-penal");
	assert_string_equal(court_of(fx, "ابتدائية الدار البيضاء"), "tpi-casablanca-penal"); /* the mappings file */
	assert_null(court_of(fx, "الرباط"));     /* a Court of Appeal and a First Instance Court */
	assert_null(court_of(fx, "ابتدائية باريس"));
	assert_null(court_of(fx, ""));
}

static int value_of(struct fx *fx, enum backfill_column col, const char *text, struct backfill_value *v)
{
	struct err err = ERR_INIT;
	return backfill_match_value(fx->matcher, col, text, strlen(text), v, &err);
}

static const char *one_code(struct fx *fx, enum backfill_column col, const char *text)
{
	static struct backfill_value v;

	if (value_of(fx, col, text, &v) != HIM_OK || v.nothing || v.codes.n != 1)
		return NULL;
	return v.codes.code[0];
}

static void values_map_exactly_or_by_keyword(void **state)
{
	struct fx *fx = *state;
	struct backfill_value v;

	/* Bodies: labels, mappings, spellings, and a unit around the name. */
	assert_string_equal(one_code(fx, BACKFILL_BODY, "الأمن الوطني"), "dgsn");
	assert_string_equal(one_code(fx, BACKFILL_BODY, "الامن الوطنى"), "dgsn");
	assert_string_equal(one_code(fx, BACKFILL_BODY, "المديرية العامة للأمن الوطني"), "dgsn");
	assert_string_equal(one_code(fx, BACKFILL_BODY, "الفرقة الجهوية للشرطة القضائية بسلا"), "dgsn");
	assert_string_equal(one_code(fx, BACKFILL_BODY, "الدرك"), "gr");
	assert_string_equal(one_code(fx, BACKFILL_BODY, "سرية الدرك الملكي بتمارة"), "gr");
	assert_string_equal(one_code(fx, BACKFILL_BODY, "Gendarmerie"), "gr");
	assert_int_equal(value_of(fx, BACKFILL_BODY, "الشرطة والدرك", &v), HIM_ENOTFOUND); /* two bodies */

	/* Platforms: the circular's NECMEC, lists, "both". */
	assert_string_equal(one_code(fx, BACKFILL_PLATFORM, "NECMEC"), "ncmec");
	assert_string_equal(one_code(fx, BACKFILL_PLATFORM, "ncmec"), "ncmec");
	assert_string_equal(one_code(fx, BACKFILL_PLATFORM, " cps "), "cps");
	assert_int_equal(value_of(fx, BACKFILL_PLATFORM, "المنصتين", &v), HIM_OK);
	assert_int_equal(v.codes.n, 2);
	assert_int_equal(value_of(fx, BACKFILL_PLATFORM, "NCMEC / CPS", &v), HIM_OK);
	assert_int_equal(v.codes.n, 2);
	assert_int_equal(value_of(fx, BACKFILL_PLATFORM, "NCMEC و CPS", &v), HIM_OK);
	assert_int_equal(v.codes.n, 2);
	assert_int_equal(value_of(fx, BACKFILL_PLATFORM, "NCMEC / فيسبوك", &v), HIM_ENOTFOUND);

	/* Subjects, with hamza, ta marbuta, diacritics and tatweel variants. */
	assert_string_equal(one_code(fx, BACKFILL_SUBJECT, "حيازة مواد إباحية للأطفال"), "csam_possession");
	assert_string_equal(one_code(fx, BACKFILL_SUBJECT, "حيازه مواد اباحيه للاطفال"), "csam_possession");
	assert_string_equal(one_code(fx, BACKFILL_SUBJECT, "حِيازَة مـواد إباحيّة"), "csam_possession");
	assert_string_equal(one_code(fx, BACKFILL_SUBJECT, "الابتزاز الجنسي لقاصر"), "sextortion");
	assert_string_equal(one_code(fx, BACKFILL_SUBJECT, "استغلال جنسي للأطفال عبر الانترنت"), "other");
	assert_int_equal(value_of(fx, BACKFILL_SUBJECT, "هتك عرض قاصر / الابتزاز الجنسي", &v), HIM_OK);
	assert_int_equal(v.codes.n, 2);
	assert_int_equal(value_of(fx, BACKFILL_SUBJECT, "سرقة هاتف", &v), HIM_ENOTFOUND);

	/* Decisions: the longer phrase wins, a filing carries its reason. */
	assert_string_equal(one_code(fx, BACKFILL_DECISION, "في حالة اعتقال"), "detained");
	assert_string_equal(one_code(fx, BACKFILL_DECISION, "متابعة في حالة سراح من أجل الحيازة"), "at_liberty");
	assert_string_equal(one_code(fx, BACKFILL_DECISION, "حفظ لكون الفاعل مجهولا"), "unknown_author");
	assert_int_equal(value_of(fx, BACKFILL_DECISION, "الحفظ لعدم كفاية الأدلة", &v), HIM_OK);
	assert_string_equal(v.codes.code[0], "filed");
	assert_string_equal(v.reason, "other");
	assert_int_equal(value_of(fx, BACKFILL_DECISION, "حفظ لانتفاء الجريمة", &v), HIM_OK);
	assert_string_equal(v.codes.code[0], "filed");
	assert_string_equal(v.reason, "no_crime");
	assert_int_equal(value_of(fx, BACKFILL_DECISION, "حفظ", &v), HIM_OK);
	assert_string_equal(v.reason, "");
	assert_int_equal(value_of(fx, BACKFILL_DECISION, "اعتقال ثم سراح", &v), HIM_ENOTFOUND);

	/* Outcomes at their level; pending and "nothing" record nothing. */
	assert_string_equal(one_code(fx, BACKFILL_FIRST, "الإدانة بـ 6 أشهر حبسا نافذا"), "conviction");
	assert_string_equal(one_code(fx, BACKFILL_FIRST, "ادانة"), "conviction");
	assert_string_equal(one_code(fx, BACKFILL_FIRST, "براءة"), "acquittal");
	assert_string_equal(one_code(fx, BACKFILL_APPEAL, "تأييد"), "upheld");
	assert_string_equal(one_code(fx, BACKFILL_APPEAL, "تأييد الحكم الابتدائي القاضي بالإدانة"), "upheld");
	assert_string_equal(one_code(fx, BACKFILL_APPEAL, "إلغاء الحكم الابتدائي والحكم بالبراءة"), "reversed");
	assert_string_equal(one_code(fx, BACKFILL_CASSATION, "رفض الطلب"), "rejected");
	assert_string_equal(one_code(fx, BACKFILL_CASSATION, "النقض والإحالة"), "quashed");
	assert_null(one_code(fx, BACKFILL_FIRST, "تأييد"));  /* not a first-instance outcome */
	assert_null(one_code(fx, BACKFILL_CASSATION, "الإدانة"));
	for (const char *const *p = (const char *const[]){ "رائجة", "جارية", "في طور المناقشة", "", "-", "لا يوجد", NULL };
	     *p; p++) {
		assert_int_equal(value_of(fx, BACKFILL_APPEAL, *p, &v), HIM_OK);
		assert_true(v.nothing);
	}
}

static void headers_are_recognised(void **state)
{
	enum backfill_column col;
	(void)state;

	assert_true(backfill_column_parse("المحكمة", strlen("المحكمة"), &col));
	assert_int_equal(col, BACKFILL_COURT);
	assert_true(backfill_column_parse("المنصة المعنية (CPS / NECMEC)", strlen("المنصة المعنية (CPS / NECMEC)"), &col));
	assert_int_equal(col, BACKFILL_PLATFORM);
	assert_true(backfill_column_parse("موضوع الاشعار", strlen("موضوع الاشعار"), &col));
	assert_int_equal(col, BACKFILL_SUBJECT);
	assert_true(backfill_column_parse("مآل القضية - استئنافيا", strlen("مآل القضية - استئنافيا"), &col));
	assert_int_equal(col, BACKFILL_APPEAL);
	assert_true(backfill_column_parse("عدد الملف", strlen("عدد الملف"), &col));
	assert_int_equal(col, BACKFILL_FILE_NUMBER);
	assert_true(backfill_column_parse("first_instance", strlen("first_instance"), &col));
	assert_int_equal(col, BACKFILL_FIRST);
	assert_false(backfill_column_parse("ملاحظات", strlen("ملاحظات"), &col));
}

static void bad_mapping_lines_are_refused(void **state)
{
	struct fx *fx = *state;
	struct backfill_matcher *m;
	struct err err = ERR_INIT;
	const char *bad[] = {
		"body\tالشرطة\tbody\n",                      /* three fields */
		"body\tالشرطة\tbody\tpolice-nationale\n",    /* no such code */
		"body\tالشرطة\tplanet\tdgsn\n",              /* no such kind */
		"subject\tالشرطة\tbody\tdgsn\n",             /* a body is not a subject */
		"first_instance\tتأييد\toutcome\tupheld\n",  /* upheld is an appeal outcome */
		"court\tسلا\tcourt\ttpi-paris\n",
		"the_moon\tسلا\tcourt\ttpi-sale\n",
		"outcome\tلا شيء\tnone\tnothing\n",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err_clear(&err);
		assert_int_equal(backfill_matcher_new(&m, &fx->db.vocab, &fx->db.map, bad[i], strlen(bad[i]), "m.tsv", &err),
				 HIM_EINPUT);
		assert_null(m);
		assert_non_null(strstr(err.msg, "m.tsv:1:"));
	}
	/* Arabic column names work as well as keys. */
	const char *good = "# a comment\nالجهة المكلفة بالبحث\tمصلحة الجرائم المعلوماتية\tbody\tdgsn\n";
	assert_int_equal(backfill_matcher_new(&m, &fx->db.vocab, &fx->db.map, good, strlen(good), "m.tsv", &err), HIM_OK);
	backfill_matcher_free(m);
}

/* --- importing ---------------------------------------------------------- */

static int import(struct fx *fx, const char *file, const char *court, int year, struct backfill_report *rep,
		  struct err *err)
{
	struct backfill_options opt;

	backfill_options_init(&opt);
	opt.today = TODAY;
	opt.court = court;
	opt.year = year;
	opt.matcher = fx->matcher;
	backfill_report_init(rep);
	return backfill_import_file(fx->db.st, file, &opt, rep, err);
}

/* The case of court with this file number (there must be one). */
static void get_case(struct fx *fx, const char *court, const char *number, struct case_record *out)
{
	struct case_filter f;
	struct case_list l;
	struct err err = ERR_INIT;
	struct scope national = scope_national();
	size_t i;

	case_filter_init(&f);
	f.court = court;
	case_list_init(&l);
	if (store_case_list(fx->db.st, &national, &f, &l, &err) != HIM_OK)
		fail_msg("list: %s", err.msg);
	for (i = 0; i < l.n; i++)
		if (strcmp(l.items[i].file_number, number) == 0)
			break;
	if (i == l.n)
		fail_msg("no case %s %s", court, number);
	case_record_copy(out, &l.items[i]);
	case_list_release(&l);
}

static int64_t count_cases(struct fx *fx, const char *court)
{
	struct case_filter f;
	struct err err = ERR_INIT;
	struct scope national = scope_national();
	int64_t n;

	case_filter_init(&f);
	f.court = court;
	assert_int_equal(store_case_count(fx->db.st, &national, &f, &n, &err), HIM_OK);
	return n;
}

static void dump(const struct backfill_report *rep)
{
	for (size_t i = 0; i < rep->nerrors; i++) {
		struct strbuf sb = STRBUF_INIT;
		backfill_error_format(&rep->errors[i], &sb);
		print_message("# %s\n", sb.buf);
		strbuf_release(&sb);
	}
}

static void messy_spellings_import(void **state)
{
	struct fx *fx = *state;
	struct backfill_report rep;
	struct err err = ERR_INIT;
	struct case_record c;
	struct event_list evs;
	struct scope national = scope_national();

	assert_int_equal(import(fx, FIXTURES "messy.csv", NULL, 0, &rep, &err), HIM_OK);
	dump(&rep);
	assert_int_equal(rep.read, 8);
	assert_int_equal(rep.imported, 8);
	assert_int_equal(rep.rejected, 0);
	assert_int_equal(rep.nunmapped, 0);

	/* Line 2: NECMEC, detained, conviction with its sentence, upheld. */
	case_record_init(&c);
	get_case(fx, "tpi-sale", "2022/2106/154", &c);
	assert_string_equal(c.body, "dgsn");
	assert_null(c.unit);
	assert_string_equal(c.platforms.code[0], "ncmec");
	assert_string_equal(c.subjects.code[0], "csam_possession");
	assert_int_equal(c.registered, D("2022-03-15"));
	assert_string_equal(c.state.decision, "detained");
	assert_string_equal(c.state.first.code, "conviction");
	assert_int_equal(c.state.first.sentence.prison_months, 6);
	assert_int_equal(c.state.first.sentence.suspended_months, 0);
	assert_string_equal(c.state.appeal.code, "upheld");
	assert_int_equal(c.state.stage, STAGE_APPEAL_JUDGED);
	assert_non_null(strstr(c.notes, "backfill: messy.csv:2"));
	assert_non_null(strstr(c.notes, "الإدانة بـ 6 أشهر حبسا نافذا"));
	/* The original text is kept beside each event's code. */
	event_list_init(&evs);
	assert_int_equal(store_case_events(fx->db.st, &national, c.id, &evs, &err), HIM_OK);
	assert_int_equal(evs.n, 3);
	assert_non_null(strstr(evs.items[1].note, "الأصل: الإدانة بـ 6 أشهر حبسا نافذا"));
	assert_non_null(strstr(evs.items[1].note, "date: none in the table"));
	assert_int_equal(evs.items[1].date, D("2022-03-15"));
	event_list_release(&evs);
	case_record_release(&c);

	/* Line 3: Eastern digits in the number and the date, tatweel, diacritics. */
	get_case(fx, "tpi-sale", "2022/2106/155", &c);
	assert_string_equal(c.body, "gr");
	assert_string_equal(c.subjects.code[0], "csam_distribution");
	assert_int_equal(c.registered, D("2022-04-15"));
	assert_string_equal(c.state.decision, "at_liberty");
	assert_string_equal(c.state.first.code, "acquittal");
	case_record_release(&c);

	/* Lines 4 and 8: identical rows without a file number are two cases,
	 * each with a fingerprint; the unit is the body cell's text. */
	assert_int_equal(count_cases(fx, "ca-rabat"), 2);

	/* Line 5: a filing and its reason. */
	get_case(fx, "tpi-temara", "2021/99", &c);
	assert_string_equal(c.state.decision, "filed");
	assert_int_equal(c.platforms.n, 2);
	assert_int_equal(c.registered, D("2021-02-01"));
	case_record_release(&c);

	/* Line 6: the whole chain, a quoted cell over two lines, a sentence
	 * with a suspended part and a fine. */
	get_case(fx, "tpi-rabat", "2021/12", &c);
	assert_string_equal(c.state.first.code, "conviction");
	assert_int_equal(c.state.first.sentence.prison_months, 24);
	assert_int_equal(c.state.first.sentence.suspended_months, 12);
	assert_int_equal(c.state.first.sentence.fine_mad, 5000);
	assert_string_equal(c.state.appeal.code, "upheld");
	assert_string_equal(c.state.cassation.code, "rejected");
	assert_int_equal(c.state.stage, STAGE_CASSATION_RULED);
	assert_string_equal(c.subjects.code[0], "enticement");
	case_record_release(&c);

	/* Line 8 (after the two-line cell, the line numbers still match the file). */
	get_case(fx, "tpi-rabat", "2021/13", &c);
	assert_string_equal(c.state.decision, "filed");
	assert_non_null(strstr(c.notes, "messy.csv:8"));
	event_list_init(&evs);
	assert_int_equal(store_case_events(fx->db.st, &national, c.id, &evs, &err), HIM_OK);
	assert_non_null(strstr(evs.items[0].note, "reason not given in the table"));
	event_list_release(&evs);
	case_record_release(&c);

	/* Line 9: a date written in the outcome cell dates the judgment. */
	get_case(fx, "tpi-sale", "2022/7", &c);
	assert_int_equal(c.state.first.date, D("2022-05-12"));
	assert_int_equal(c.state.first.sentence.prison_months, 4);
	assert_int_equal(c.state.first.sentence.suspended_months, 4);
	case_record_release(&c);
	backfill_report_release(&rep);
}

static void reimport_adds_nothing(void **state)
{
	struct fx *fx = *state;
	struct backfill_report rep;
	struct err err = ERR_INIT;

	assert_int_equal(import(fx, FIXTURES "messy.csv", NULL, 0, &rep, &err), HIM_OK);
	assert_int_equal(rep.imported, 8);
	backfill_report_release(&rep);
	assert_int_equal(import(fx, FIXTURES "messy.csv", NULL, 0, &rep, &err), HIM_OK);
	assert_int_equal(rep.read, 8);
	assert_int_equal(rep.imported, 0);
	assert_int_equal(rep.duplicates, 8);
	assert_int_equal(rep.rejected, 0);
	assert_int_equal(count_cases(fx, NULL), 8);
	backfill_report_release(&rep);
}

static const struct backfill_error *error_at(const struct backfill_report *rep, int line)
{
	for (size_t i = 0; i < rep->nerrors; i++)
		if (rep->errors[i].line == line)
			return &rep->errors[i];
	fail_msg("no error at line %d", line);
	return NULL;
}

static void bad_rows_are_rejected_alone(void **state)
{
	struct fx *fx = *state;
	struct backfill_report rep;
	struct err err = ERR_INIT;
	struct case_record c;
	const struct backfill_error *e;
	json_t *j;
	char *text;

	assert_int_equal(import(fx, FIXTURES "bad.csv", NULL, 0, &rep, &err), HIM_OK);
	dump(&rep);
	assert_int_equal(rep.read, 9);
	assert_int_equal(rep.imported, 2);
	assert_int_equal(rep.rejected, 7);

	e = error_at(&rep, 3);
	assert_int_equal(e->column, -1);
	assert_non_null(strstr(e->reason, "5 fields"));
	e = error_at(&rep, 4);
	assert_int_equal(e->column, BACKFILL_COURT);
	assert_non_null(strstr(e->reason, "بباريس"));
	e = error_at(&rep, 5);
	assert_int_equal(e->column, BACKFILL_APPEAL);
	e = error_at(&rep, 6);
	assert_int_equal(e->column, BACKFILL_BODY);
	assert_non_null(strstr(e->reason, "UTF-8"));
	e = error_at(&rep, 7);
	assert_int_equal(e->column, BACKFILL_SUBJECT);
	assert_non_null(strstr(e->reason, "سرقة هاتف"));
	e = error_at(&rep, 8);
	assert_int_equal(e->column, BACKFILL_REGISTERED);

	/* The same unmapped value on two rows is listed once, counted twice. */
	assert_int_equal(rep.nunmapped, 2);
	assert_int_equal(rep.unmapped[1].column, BACKFILL_SUBJECT);
	assert_string_equal(rep.unmapped[1].value, "سرقة هاتف");
	assert_int_equal(rep.unmapped[1].count, 2);

	/* The good rows around the bad ones are there; an appeal's reversal
	 * carries its sentence. */
	case_record_init(&c);
	get_case(fx, "tpi-sale", "B/1", &c);
	assert_string_equal(c.state.first.code, "conviction");
	assert_int_equal(c.state.first.sentence.prison_months, -1);
	case_record_release(&c);
	get_case(fx, "tpi-sale", "B/8", &c);
	assert_string_equal(c.state.appeal.code, "reversed");
	assert_int_equal(c.state.appeal.sentence.prison_months, 12);
	case_record_release(&c);
	assert_int_equal(count_cases(fx, NULL), 2);

	/* The summary's JSON: counts, unmapped values, errors; never the bytes
	 * that were not UTF-8. */
	j = backfill_report_json(&rep);
	assert_int_equal(json_integer_value(json_object_get(j, "read")), 9);
	assert_int_equal(json_integer_value(json_object_get(j, "rejected")), 7);
	assert_int_equal(json_array_size(json_object_get(j, "errors")), rep.nerrors);
	text = json_dumps(j, JSON_COMPACT);
	assert_non_null(text);
	assert_null(strstr(text, "\xe9\xe9"));
	assert_non_null(strstr(text, "\"column\":\"موضوع الإشعار\",\"value\":\"سرقة هاتف\",\"count\":2"));
	free(text);
	json_decref(j);
	backfill_report_release(&rep);
}

static void the_template_as_courts_keep_it(void **state)
{
	struct fx *fx = *state;
	struct backfill_report rep;
	struct err err = ERR_INIT;
	struct case_record c;

	/* Title block, "مآل القضية" over a second header row, ';' separators,
	 * the السنة column, identical rows, and a totals line. */
	assert_int_equal(import(fx, FIXTURES "template.csv", NULL, 0, &rep, &err), HIM_OK);
	dump(&rep);
	assert_int_equal(rep.read, 2);
	assert_int_equal(rep.imported, 2);
	assert_int_equal(count_cases(fx, "tpi-khemisset"), 2);
	case_record_init(&c);
	{
		struct case_list l;
		struct case_filter f;
		struct scope national = scope_national();
		case_filter_init(&f);
		f.court = "tpi-khemisset";
		case_list_init(&l);
		assert_int_equal(store_case_list(fx->db.st, &national, &f, &l, &err), HIM_OK);
		assert_int_equal(l.n, 2);
		assert_int_equal(l.items[0].registered, D("2021-01-01"));
		assert_int_equal(strncmp(l.items[0].file_number, "BF-", 3), 0);
		assert_int_equal(strlen(l.items[0].file_number), 15);
		assert_string_not_equal(l.items[0].file_number, l.items[1].file_number);
		assert_int_equal(l.items[0].state.first.sentence.suspended_months, 3);
		case_list_release(&l);
	}
	case_record_release(&c);
	backfill_report_release(&rep);

	/* Again: the fingerprints find both. */
	assert_int_equal(import(fx, FIXTURES "template.csv", NULL, 0, &rep, &err), HIM_OK);
	assert_int_equal(rep.duplicates, 2);
	assert_int_equal(rep.imported, 0);
	backfill_report_release(&rep);
}

static void court_and_year_options(void **state)
{
	struct fx *fx = *state;
	struct backfill_report rep;
	struct err err = ERR_INIT;

	/* --court never moves a row that names another court: that case
	 * belongs to the court it names (the counting rule). */
	assert_int_equal(import(fx, FIXTURES "unmapped.csv", "tpi-temara", 0, &rep, &err), HIM_OK);
	assert_int_equal(rep.imported, 0);
	assert_int_equal(rep.rejected, 2);
	assert_int_equal(count_cases(fx, "tpi-temara"), 0);
	assert_non_null(strstr(rep.errors[0].reason, "names court tpi-sale, not --court tpi-temara"));
	backfill_report_release(&rep);
	/* The court it names, given as --court, takes it. */
	assert_int_equal(import(fx, FIXTURES "unmapped.csv", "tpi-sale", 0, &rep, &err), HIM_OK);
	assert_int_equal(rep.imported, 1);
	assert_int_equal(count_cases(fx, "tpi-sale"), 1);
	backfill_report_release(&rep);
	assert_int_equal(import(fx, FIXTURES "unmapped.csv", "tpi-nowhere", 0, &rep, &err), HIM_EUSAGE);
	backfill_report_release(&rep);
}

static void a_new_mapping_maps_a_listed_value(void **state)
{
	struct fx *fx = *state;
	struct backfill_report rep;
	struct err err = ERR_INIT;
	struct strbuf more = STRBUF_INIT;
	struct case_record c;

	assert_int_equal(import(fx, FIXTURES "unmapped.csv", NULL, 0, &rep, &err), HIM_OK);
	assert_int_equal(rep.imported, 1);
	assert_int_equal(rep.rejected, 1);
	assert_int_equal(rep.nunmapped, 1);
	assert_int_equal(rep.unmapped[0].column, BACKFILL_BODY);
	assert_string_equal(rep.unmapped[0].value, "مصلحة مكافحة الجرائم المعلوماتية");
	backfill_report_release(&rep);

	/* A person adds the line the import listed; the same run maps it. */
	strbuf_add(&more, fx->mappings, fx->mappings_len);
	strbuf_adds(&more, "body\tمصلحة مكافحة الجرائم المعلوماتية\tbody\tdgsn\n");
	backfill_matcher_free(fx->matcher);
	assert_int_equal(backfill_matcher_new(&fx->matcher, store_vocab(fx->db.st), store_court_map(fx->db.st), more.buf,
					      more.len, "backfill-mappings.tsv", &err), HIM_OK);
	strbuf_release(&more);
	assert_int_equal(import(fx, FIXTURES "unmapped.csv", NULL, 0, &rep, &err), HIM_OK);
	assert_int_equal(rep.imported, 1);
	assert_int_equal(rep.duplicates, 1);
	assert_int_equal(rep.rejected, 0);
	assert_int_equal(rep.nunmapped, 0);
	case_record_init(&c);
	get_case(fx, "tpi-sale", "U/1", &c);
	assert_string_equal(c.body, "dgsn");
	case_record_release(&c);
	backfill_report_release(&rep);
}

static void unreadable_files_fail_whole(void **state)
{
	struct fx *fx = *state;
	struct backfill_report rep;
	struct err err = ERR_INIT;

	assert_int_equal(import(fx, FIXTURES "not-a-table.csv", NULL, 0, &rep, &err), HIM_EINPUT);
	assert_non_null(strstr(err.msg, "no header row"));
	backfill_report_release(&rep);
	assert_int_equal(import(fx, FIXTURES "no-such-file.csv", NULL, 0, &rep, &err), HIM_EIO);
	backfill_report_release(&rep);

	/* Malformed quoting costs its row; a quoted field never closed is
	 * reported, the rows before it are kept. */
	assert_int_equal(import(fx, FIXTURES "unclosed.csv", NULL, 0, &rep, &err), HIM_OK);
	dump(&rep);
	assert_int_equal(rep.imported, 1);
	assert_int_equal(rep.rejected, 2);
	assert_int_equal(rep.nerrors, 2);
	assert_int_equal(rep.errors[0].line, 3);
	assert_non_null(strstr(rep.errors[0].reason, "malformed quoting"));
	assert_int_equal(rep.errors[1].line, 4);
	assert_non_null(strstr(rep.errors[1].reason, "never closed"));
	backfill_report_release(&rep);
}

/* --- XLSX ----------------------------------------------------------------- */

static void write_workbook(const char *path)
{
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "2022");
	lxw_format *date = workbook_add_format(wb);
	lxw_datetime d1 = { 2022, 3, 15, 0, 0, 0 }, d2 = { 2022, 11, 2, 0, 0, 0 };
	const char *head[] = { "المحكمة", "الجهة المكلفة بالبحث", "موضوع الإشعار", "المنصة المعنية (CPS / NECMEC)",
			       "المتابعة", "مآل القضية" };

	format_set_num_format(date, "dd/mm/yyyy");
	worksheet_right_to_left(ws);
	/* The template's header block, then a two-row header. */
	worksheet_write_string(ws, 0, 0, "المملكة المغربية", NULL);
	worksheet_write_string(ws, 1, 0, "المحكمة الابتدائية بسلا", NULL);
	for (int i = 0; i < 6; i++)
		worksheet_write_string(ws, 3, (lxw_col_t)i, head[i], NULL);
	worksheet_merge_range(ws, 3, 5, 3, 7, "مآل القضية", NULL);
	worksheet_write_string(ws, 3, 8, "رقم الملف", NULL);
	worksheet_write_string(ws, 3, 9, "تاريخ التسجيل", NULL);
	worksheet_write_string(ws, 4, 5, "ابتدائيا", NULL);
	worksheet_write_string(ws, 4, 6, "استئنافيا", NULL);
	worksheet_write_string(ws, 4, 7, "النقض", NULL);
	/* Row 6: numbers where clerks type them; the date as a date. */
	worksheet_write_string(ws, 5, 0, "ابتدائية سلا", NULL);
	worksheet_write_string(ws, 5, 1, "الشرطة القضائية", NULL);
	worksheet_write_string(ws, 5, 2, "حيازة مواد إباحية", NULL);
	worksheet_write_string(ws, 5, 3, "NECMEC", NULL);
	worksheet_write_string(ws, 5, 4, "في حالة اعتقال", NULL);
	worksheet_write_string(ws, 5, 5, "الإدانة بـ ١٠ أشهر حبسا نافذا", NULL);
	worksheet_write_number(ws, 5, 8, 154, NULL);
	worksheet_write_datetime(ws, 5, 9, &d1, date);
	/* Row 7: the same text shared with row 6 (shared strings), empty cells skipped. */
	worksheet_write_string(ws, 6, 0, "ابتدائية سلا", NULL);
	worksheet_write_string(ws, 6, 1, "الدرك", NULL);
	worksheet_write_string(ws, 6, 2, "حيازة مواد إباحية", NULL);
	worksheet_write_string(ws, 6, 3, "CPS", NULL);
	worksheet_write_string(ws, 6, 4, "حفظ لكون الفاعل مجهولا", NULL);
	worksheet_write_number(ws, 6, 8, 155, NULL);
	worksheet_write_datetime(ws, 6, 9, &d2, date);
	/* Row 8: an appeal without a first-instance outcome. */
	worksheet_write_string(ws, 7, 0, "ابتدائية سلا", NULL);
	worksheet_write_string(ws, 7, 1, "الدرك", NULL);
	worksheet_write_string(ws, 7, 2, "حيازة مواد إباحية", NULL);
	worksheet_write_string(ws, 7, 3, "CPS", NULL);
	worksheet_write_string(ws, 7, 4, "معتقل", NULL);
	worksheet_write_string(ws, 7, 6, "تأييد", NULL);
	worksheet_write_number(ws, 7, 8, 156, NULL);
	worksheet_write_datetime(ws, 7, 9, &d2, date);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

static void xlsx_workbooks_import(void **state)
{
	struct fx *fx = *state;
	struct backfill_report rep;
	struct err err = ERR_INIT;
	struct case_record c;
	char path[64];
	int fd;

	memcpy(path, "/tmp/himaya-bf-xlsx-XXXXXX", 27);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	write_workbook(path);

	assert_int_equal(import(fx, path, NULL, 0, &rep, &err), HIM_OK);
	dump(&rep);
	assert_int_equal(rep.read, 3);
	assert_int_equal(rep.imported, 2);
	assert_int_equal(rep.rejected, 1);
	assert_int_equal(rep.errors[0].line, 8); /* the row number Excel shows */
	assert_int_equal(rep.errors[0].column, BACKFILL_APPEAL);

	case_record_init(&c);
	get_case(fx, "tpi-sale", "154", &c);
	assert_int_equal(c.registered, D("2022-03-15"));
	assert_string_equal(c.platforms.code[0], "ncmec");
	assert_int_equal(c.state.first.sentence.prison_months, 10);
	assert_non_null(strstr(c.notes, "himaya-bf-xlsx-"));
	case_record_release(&c);
	get_case(fx, "tpi-sale", "155", &c);
	assert_int_equal(c.registered, D("2022-11-02"));
	assert_string_equal(c.state.decision, "unknown_author");
	case_record_release(&c);
	backfill_report_release(&rep);

	assert_int_equal(import(fx, path, NULL, 0, &rep, &err), HIM_OK);
	assert_int_equal(rep.duplicates, 2);
	backfill_report_release(&rep);
	unlink(path);

	/* A ZIP that is not a workbook. */
	{
		FILE *f = fopen(path, "wb");
		fwrite("PK\x03\x04garbage", 1, 11, f);
		fclose(f);
	}
	assert_int_equal(import(fx, path, NULL, 0, &rep, &err), HIM_EINPUT);
	backfill_report_release(&rep);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(courts_are_found_however_written, setup, teardown),
		cmocka_unit_test_setup_teardown(values_map_exactly_or_by_keyword, setup, teardown),
		cmocka_unit_test_setup_teardown(headers_are_recognised, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_mapping_lines_are_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(messy_spellings_import, setup, teardown),
		cmocka_unit_test_setup_teardown(reimport_adds_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_rows_are_rejected_alone, setup, teardown),
		cmocka_unit_test_setup_teardown(the_template_as_courts_keep_it, setup, teardown),
		cmocka_unit_test_setup_teardown(court_and_year_options, setup, teardown),
		cmocka_unit_test_setup_teardown(a_new_mapping_maps_a_listed_value, setup, teardown),
		cmocka_unit_test_setup_teardown(unreadable_files_fail_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(xlsx_workbooks_import, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
