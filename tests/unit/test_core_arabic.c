/*
 * Unit tests of the Arabic normal form: every folding rule, whitespace and
 * punctuation, invalid UTF-8, and word matching across proclitics.
 */
#include "testutil.h"

#include "core/arabic.h"

static char *norm(const char *s, unsigned flags)
{
	struct strbuf sb = STRBUF_INIT;
	struct err err = ERR_INIT;

	if (arabic_normalise(s, strlen(s), flags, &sb, &err) != HIM_OK)
		fail_msg("normalise: %s", err.msg);
	return strbuf_detach(&sb, NULL);
}

#define assert_norm(in, flags, want)                 \
	do {                                         \
		char *got_ = norm(in, flags);        \
		assert_string_equal(got_, want);     \
		free(got_);                          \
	} while (0)

static void hamza_forms_fold_to_their_seat(void **state)
{
	(void)state;
	assert_norm("أإآٱ", 0, "اااا");
	assert_norm("مؤسسة", 0, "موسسه");
	assert_norm("استئناف", 0, "استيناف");
	assert_norm("الإدانة", 0, "الادانه");
	assert_norm("البراءة", 0, "البراءه"); /* a lone hamza stays */
}

static void ta_marbuta_and_alef_maqsura(void **state)
{
	(void)state;
	assert_norm("المحكمة", 0, "المحكمه");
	assert_norm("على", 0, "علي");
	assert_norm("ی", 0, "ي");  /* Persian yeh from some keyboards */
	assert_norm("ک", 0, "ك");
}

static void tatweel_and_diacritics_disappear(void **state)
{
	(void)state;
	assert_norm("الإدانـــــة", 0, "الادانه");
	assert_norm("بـ", 0, "ب");
	assert_norm("الْمُحْكَمَةُ الاِبْتِدَائِيَّةُ", 0, "المحكمه الابتداييه");
	assert_norm("هٰذا", 0, "هذا");  /* superscript alef U+0670 */
	assert_norm("حَبْسًا نَافِذًا", 0, "حبسا نافذا");
	/* U+064B..U+065F, all of them */
	assert_norm("ب\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0656\u0657\u0658\u0659\u065a\u065b\u065c\u065d\u065e\u065fب", 0, "بب");
}

static void digits_become_ascii(void **state)
{
	(void)state;
	assert_norm("٠١٢٣٤٥٦٧٨٩", 0, "0123456789");
	assert_norm("۰۱۲۳۴۵۶۷۸۹", 0, "0123456789");
	assert_norm("٦ أشهر", 0, "6 اشهر");
	assert_norm("٥٬٠٠٠ درهم", 0, "5,000 درهم");
	assert_norm("٢٫٥", 0, "2.5");
}

static void punctuation_folds_to_ascii(void **state)
{
	(void)state;
	assert_norm("حفظ، ثم متابعة؛ لماذا؟", 0, "حفظ, ثم متابعه; لماذا?");
	assert_norm("«الإدانة»", 0, "\"الادانه\"");
	assert_norm("503–2", 0, "503-2");
	/* As word breaks, except inside numbers and dates. */
	assert_norm("الإدانة: 6 أشهر.", ARABIC_PUNCT_AS_SPACE, "الادانه 6 اشهر");
	assert_norm("NCMEC/CPS", ARABIC_PUNCT_AS_SPACE, "ncmec cps");
	assert_norm("بتاريخ 12/05/2022", ARABIC_PUNCT_AS_SPACE, "بتاريخ 12/05/2022");
	assert_norm("5.000 درهم", ARABIC_PUNCT_AS_SPACE, "5.000 درهم");
	assert_norm("(حيازة)-(نشر)", ARABIC_PUNCT_AS_SPACE, "حيازه نشر");
}

static void whitespace_collapses_and_invisible_marks_go(void **state)
{
	(void)state;
	assert_norm("  الدرك \t\n الملكي  ", 0, "الدرك الملكي");
	assert_norm("\u00a0الدرك\u2003الملكي\u202f", 0, "الدرك الملكي");
	assert_norm("\u200fالدرك\u200e \u202bالملكي\u202c\ufeff", 0, "الدرك الملكي");
	assert_norm("الدرك\r\nالملكي", 0, "الدرك الملكي");
	assert_norm("", 0, "");
	assert_norm("   ", 0, "");
}

static void latin_is_lower_cased(void **state)
{
	(void)state;
	assert_norm("NECMEC", 0, "necmec");
	assert_norm("Gendarmerie ROYALE", 0, "gendarmerie royale");
	assert_norm("SÛRETÉ", 0, "sûreté");
}

static void appends_without_resetting(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct err err = ERR_INIT;
	(void)state;

	strbuf_adds(&sb, "x:");
	assert_int_equal(arabic_normalise(" سلا ", 7, 0, &sb, &err), HIM_OK);
	assert_string_equal(sb.buf, "x:سلا");
	strbuf_release(&sb);
}

static void invalid_utf8_is_refused(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct err err = ERR_INIT;
	const char bad[] = { 'a', (char)0xC3, 0x28, 0 };
	const char cut[] = { (char)0xD8, 0 };             /* half an Arabic letter */
	const char latin1[] = { (char)0xE9, 't', 0 };     /* "ét" in ISO-8859-1 */
	(void)state;

	assert_int_equal(arabic_normalise(bad, 3, 0, &sb, &err), HIM_EINPUT);
	assert_int_equal(arabic_normalise(cut, 1, 0, &sb, &err), HIM_EINPUT);
	assert_int_equal(arabic_normalise(latin1, 2, 0, &sb, &err), HIM_EINPUT);
	assert_int_equal(sb.len, 0);
	assert_non_null(strstr(err.msg, "UTF-8"));
	strbuf_release(&sb);
}

static bool wm(const char *a, const char *b)
{
	return arabic_word_match(a, strlen(a), b, strlen(b));
}

static void words_match_across_proclitics(void **state)
{
	(void)state;
	assert_true(wm("بالرباط", "الرباط"));
	assert_true(wm("بالرباط", "رباط"));
	assert_true(wm("بسلا", "سلا"));
	assert_true(wm("للاطفال", "الاطفال"));
	assert_true(wm("والدرك", "الدرك"));
	assert_true(wm("ببنسليمان", "بنسليمان"));
	assert_true(wm("بوجده", "وجده"));
	assert_true(wm("ncmec", "ncmec"));
	assert_false(wm("بن", "ن"));          /* two letters at least remain */
	assert_false(wm("الرباط", "سلا"));
	assert_false(wm("ادانه", "براءه"));
	assert_false(wm("ncmec", "cps"));
	assert_true(arabic_word_has_stem_prefix("نافذا", strlen("نافذا"), "نافذ"));
	assert_true(arabic_word_has_stem_prefix("النافذه", strlen("النافذه"), "نافذ"));
	assert_false(arabic_word_has_stem_prefix("التنفيذ", strlen("التنفيذ"), "نافذ"));
}

static void phrases_are_found_as_consecutive_words(void **state)
{
	struct arabic_words text, phrase;
	size_t at = 99;
	(void)state;

	arabic_words_init(&text);
	arabic_words_init(&phrase);
	arabic_words_split(&text, "متابعه في حاله اعتقال من اجل حيازه مواد اباحيه");
	assert_int_equal(text.n, 9);
	arabic_words_split(&phrase, "حاله اعتقال");
	assert_true(arabic_words_find(&text, &phrase, 0, &at));
	assert_int_equal(at, 2);
	assert_false(arabic_words_find(&text, &phrase, 3, &at));
	arabic_words_split(&phrase, "اعتقال حاله");
	assert_false(arabic_words_find(&text, &phrase, 0, &at));
	arabic_words_split(&phrase, "");
	assert_int_equal(phrase.n, 0);
	assert_false(arabic_words_find(&text, &phrase, 0, &at));
	arabic_words_split(&text, "المحكمه الابتداييه بالرباط");
	arabic_words_split(&phrase, "الرباط");
	assert_true(arabic_words_find(&text, &phrase, 0, &at));
	assert_int_equal(at, 2);
	arabic_words_release(&text);
	arabic_words_release(&phrase);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hamza_forms_fold_to_their_seat),
		cmocka_unit_test(ta_marbuta_and_alef_maqsura),
		cmocka_unit_test(tatweel_and_diacritics_disappear),
		cmocka_unit_test(digits_become_ascii),
		cmocka_unit_test(punctuation_folds_to_ascii),
		cmocka_unit_test(whitespace_collapses_and_invisible_marks_go),
		cmocka_unit_test(latin_is_lower_cased),
		cmocka_unit_test(appends_without_resetting),
		cmocka_unit_test(invalid_utf8_is_refused),
		cmocka_unit_test(words_match_across_proclitics),
		cmocka_unit_test(phrases_are_found_as_consecutive_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
