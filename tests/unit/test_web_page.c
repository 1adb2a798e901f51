/* Unit tests of the web front end's pieces that need no server: route
 * patterns, request fields (pieces appended, hostile values refused),
 * escaping by construction, the layout's language and direction, the
 * interface texts in both languages. */
#include "testutil.h"

#include "web/page.h"
#include "web/request.h"
#include "web/server.h"

static void routes_match_ids_only(void **state)
{
	int64_t ids[WEB_ROUTE_IDS] = { 0, 0 };
	(void)state;
	assert_true(web_route_match("/cases/{id}/events", "/cases/42/events", ids));
	assert_int_equal(ids[0], 42);
	assert_true(web_route_match("/cases", "/cases", ids));
	assert_false(web_route_match("/cases/{id}", "/cases/new", ids));
	assert_false(web_route_match("/cases/{id}", "/cases/0", ids));       /* ids start at 1 */
	assert_false(web_route_match("/cases/{id}", "/cases/-1", ids));
	assert_false(web_route_match("/cases/{id}", "/cases/12abc", ids));
	assert_false(web_route_match("/cases/{id}", "/cases/12/", ids));
	assert_false(web_route_match("/cases/{id}", "/cases/99999999999999999999999", ids)); /* overflow */
	assert_false(web_route_match("/cases", "/cases/", ids));
	assert_false(web_route_match("/", "", ids));
}

static void form_values_arrive_in_pieces(void **state)
{
	struct web_fields f;
	struct web_field *fl;
	(void)state;
	web_fields_init(&f);
	fl = web_fields_add(&f, "note", 4);
	strbuf_adds(&fl->value, "first ");
	fl = web_fields_add(&f, "notes", 4); /* the same name, by length */
	strbuf_adds(&fl->value, "second");
	assert_int_equal(f.n, 1);
	assert_string_equal(web_fields_get(&f, "note")->value.buf, "first second");
	assert_null(web_fields_get(&f, "other"));
	web_fields_release(&f);
}

static void hostile_values_are_not_clean(void **state)
{
	struct web_request r;
	struct web_field *fl;
	(void)state;
	web_request_init(&r);
	fl = web_fields_add(&r.form, "nul", 3);
	strbuf_add(&fl->value, "a\0b", 3);
	fl = web_fields_add(&r.form, "utf8", 4);
	strbuf_adds(&fl->value, "\xC3\x28\xFF");
	fl = web_fields_add(&r.form, "ctl", 3);
	strbuf_adds(&fl->value, "a\x1b[31m");
	fl = web_fields_add(&r.form, "lines", 5);
	strbuf_adds(&fl->value, "سطر\nسطر");
	fl = web_fields_add(&r.form, "long", 4);
	for (int i = 0; i < 200; i++)
		strbuf_adds(&fl->value, "ب");
	assert_false(web_field_clean(&r, &r.form, "nul", true, 100));
	assert_false(web_field_clean(&r, &r.form, "utf8", true, 100));
	assert_false(web_field_clean(&r, &r.form, "ctl", true, 100));
	assert_false(web_field_clean(&r, &r.form, "lines", false, 100));
	assert_true(web_field_clean(&r, &r.form, "lines", true, 100));
	assert_false(web_field_clean(&r, &r.form, "long", false, 100));
	assert_true(web_field_clean(&r, &r.form, "long", false, 400));
	assert_true(web_field_clean(&r, &r.form, "absent", false, 1));
	web_request_release(&r);
}

static void secrets_compare_whole(void **state)
{
	(void)state;
	assert_true(web_secret_equal("abc123", "abc123"));
	assert_false(web_secret_equal("abc123", "abc124"));
	assert_false(web_secret_equal("abc123", "abc12"));
	assert_false(web_secret_equal("", "")); /* an empty token is never valid */
}

static void data_is_escaped_markup_is_not(void **state)
{
	struct web_request r;
	(void)state;
	web_request_init(&r);
	r.path = xstrdup("/cases");
	page_html(&r, "<p>");
	page_text(&r, "<script>alert('x')</script>&\"");
	page_html(&r, "</p>");
	assert_string_equal(r.resp.body.buf,
			    "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;</p>");
	web_request_release(&r);
}

static void layout_follows_the_language(void **state)
{
	struct web_request r;
	(void)state;
	web_request_init(&r);
	r.path = xstrdup("/login");
	page_begin(&r, TX_LOGIN, NULL, NAV_NONE);
	page_end(&r);
	assert_non_null(strstr(r.resp.body.buf, "<html lang=\"ar\" dir=\"rtl\">"));
	assert_non_null(strstr(r.resp.body.buf, "تسجيل الدخول"));
	assert_null(strstr(r.resp.body.buf, "style="));   /* the CSP forbids inline style */
	assert_null(strstr(r.resp.body.buf, "<script"));
	web_request_release(&r);

	web_request_init(&r);
	r.path = xstrdup("/login");
	r.lang = LANG_FR;
	page_begin(&r, TX_LOGIN, NULL, NAV_NONE);
	assert_non_null(strstr(r.resp.body.buf, "<html lang=\"fr\" dir=\"ltr\">"));
	assert_non_null(strstr(r.resp.body.buf, "Connexion"));
	assert_int_equal(r.resp.status, 200);
	web_request_release(&r);
}

static void every_text_has_both_languages(void **state)
{
	(void)state;
	for (int i = 0; i < TX_COUNT_; i++) {
		const char *ar = web_text((enum text_id)i, LANG_AR);
		const char *fr = web_text((enum text_id)i, LANG_FR);
		assert_true(ar[0] != '\0' && fr[0] != '\0');
		/* The Arabic text has Arabic letters (but for the app's name in
		 * the language switch, which names the other language). */
		if (i != TX_SWITCH_LANG)
			assert_non_null(strstr(ar, "\xD8") ? ar : strstr(ar, "\xD9"));
	}
	assert_string_equal(web_text(TX_LOGIN, LANG_EN), web_text(TX_LOGIN, LANG_FR));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(routes_match_ids_only),
		cmocka_unit_test(form_values_arrive_in_pieces),
		cmocka_unit_test(hostile_values_are_not_clean),
		cmocka_unit_test(secrets_compare_whole),
		cmocka_unit_test(data_is_escaped_markup_is_not),
		cmocka_unit_test(layout_follows_the_language),
		cmocka_unit_test(every_text_has_both_languages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
