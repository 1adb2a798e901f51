/* Unit tests of lib/: strbuf, utf8, tsv, err. */
#include "testutil.h"

#include "lib/err.h"
#include "lib/tsv.h"
#include "lib/utf8.h"

static void strbuf_grows_and_detaches(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	assert_string_equal(sb.buf, "");
	for (int i = 0; i < 1000; i++)
		strbuf_addf(&sb, "%d,", i);
	assert_true(sb.len > 3000);
	assert_int_equal(sb.buf[sb.len], '\0');
	assert_memory_equal(sb.buf, "0,1,2,", 6);
	strbuf_reset(&sb);
	assert_int_equal(sb.len, 0);
	strbuf_adds(&sb, "محكمة");
	size_t len;
	char *s = strbuf_detach(&sb, &len);
	assert_int_equal(len, strlen("محكمة"));
	assert_string_equal(sb.buf, "");
	free(s);
	s = strbuf_detach(&sb, NULL); /* never allocated: still a heap string */
	assert_string_equal(s, "");
	free(s);
}

/* strbuf_addi64 writes what "%lld" writes, at both ends of the range. */
static void strbuf_writes_integers_as_printf(void **state)
{
	static const int64_t values[] = { 0, 7, -7, 10, 1646388672, -1, INT64_MAX, INT64_MIN };
	char want[32];

	(void)state;
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_adds(&sb, "n=");
		strbuf_addi64(&sb, values[i]);
		snprintf(want, sizeof(want), "n=%lld", (long long)values[i]);
		assert_string_equal(sb.buf, want);
		strbuf_release(&sb);
	}
}

static void utf8_validation(void **state)
{
	(void)state;
	assert_true(utf8_valid("abc", 3));
	assert_true(utf8_valid("المحكمة الابتدائية", strlen("المحكمة الابتدائية")));
	assert_true(utf8_valid("\xF0\x9F\x98\x80", 4));      /* emoji */
	assert_false(utf8_valid("\xC0\xAF", 2));              /* overlong '/' */
	assert_false(utf8_valid("\xED\xA0\x80", 3));          /* surrogate */
	assert_false(utf8_valid("\xE0\x80\xAF", 3));          /* overlong */
	assert_false(utf8_valid("\xF4\x90\x80\x80", 4));      /* > U+10FFFF */
	assert_false(utf8_valid("\xD8", 1));                  /* truncated */
	assert_false(utf8_valid("\xE2\x82", 2));              /* truncated */
	assert_false(utf8_valid("\xFF", 1));
	assert_false(utf8_valid("a\x80", 2));
	assert_true(utf8_text_ok("line one", false));
	assert_false(utf8_text_ok("line\none", false));
	assert_true(utf8_text_ok("line\none\ttab", true));
	assert_false(utf8_text_ok("bell\a", true));
	assert_false(utf8_text_ok("del\x7f", true));
}

static void tsv_splits_lines_and_skips_comments(void **state)
{
	(void)state;
	const char *text = "# comment\n\na\tb\tc\r\n#x\nd\t\te\nlast";
	struct tsv_reader r;
	char *f[3];

	tsv_reader_init(&r, text, strlen(text));
	assert_int_equal(tsv_reader_next(&r, f, 3), 3);
	assert_int_equal(r.line, 3);
	assert_string_equal(f[0], "a");
	assert_string_equal(f[2], "c"); /* \r dropped */
	assert_int_equal(tsv_reader_next(&r, f, 3), 3);
	assert_int_equal(r.line, 5);
	assert_string_equal(f[1], "");
	assert_int_equal(tsv_reader_next(&r, f, 3), 1);
	assert_string_equal(f[0], "last");
	assert_int_equal(tsv_reader_next(&r, f, 3), 0);
	tsv_reader_release(&r);

	tsv_reader_init(&r, "a\tb\tc\td\te", 9);
	assert_int_equal(tsv_reader_next(&r, f, 3), 5); /* counts beyond max */
	tsv_reader_release(&r);
}

static void err_prefix_and_utf8_truncation(void **state)
{
	(void)state;
	struct err err = ERR_INIT;
	struct strbuf long_ar = STRBUF_INIT;

	assert_int_equal(err_set(&err, HIM_EINPUT, "bad %s", "thing"), HIM_EINPUT);
	err_prefix(&err, "file.tsv:%d", 3);
	assert_string_equal(err.msg, "file.tsv:3: bad thing");
	assert_int_equal(err.code, HIM_EINPUT);
	for (int i = 0; i < 400; i++)
		strbuf_adds(&long_ar, "ح");
	err_set(&err, HIM_EDB, "%s", long_ar.buf);
	assert_true(strlen(err.msg) < ERR_MSG_MAX);
	assert_true(utf8_valid(err.msg, strlen(err.msg)));
	err_prefix(&err, "x");
	assert_true(utf8_valid(err.msg, strlen(err.msg)));
	strbuf_release(&long_ar);
	assert_string_equal(err_code_name(HIM_ENOTFOUND), "not_found");
	assert_int_equal(err_set(NULL, HIM_EIO, "ignored"), HIM_EIO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(strbuf_grows_and_detaches),
		cmocka_unit_test(strbuf_writes_integers_as_printf),
		cmocka_unit_test(utf8_validation),
		cmocka_unit_test(tsv_splits_lines_and_skips_comments),
		cmocka_unit_test(err_prefix_and_utf8_truncation),
	};
	return cmocka_run_group_tests_name("lib", tests, NULL, NULL);
}
