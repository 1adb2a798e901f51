/* Unit tests of the vocabulary: the real file, aliases, attributes, errors. */
#include "testutil.h"

static struct vocab V;

static int setup(void **state)
{
	(void)state;
	test_load_vocab(&V);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	vocab_release(&V);
	return 0;
}

static void the_taxonomy_is_there(void **state)
{
	(void)state;
	const char *subjects[] = { "csam_possession", "csam_distribution", "csam_production", "enticement",
				   "sextortion", "harassment", "indecent_assault", "image_privacy",
				   "trafficking", "other" };
	for (size_t i = 0; i < sizeof(subjects) / sizeof(subjects[0]); i++)
		assert_non_null(vocab_find(&V, VOCAB_SUBJECT, subjects[i]));
	assert_string_equal(vocab_find(&V, VOCAB_SUBJECT, "sextortion")->articles, "538, 503-2");
	assert_string_equal(vocab_label_of(&V, VOCAB_DECISION, "filed", LANG_AR), "حفظ");
	assert_string_equal(vocab_label_of(&V, VOCAB_DECISION, "filed", LANG_FR), "classement sans suite");
	assert_string_equal(vocab_label_of(&V, VOCAB_OUTCOME, "upheld", LANG_AR), "تأييد الحكم الابتدائي");
	assert_string_equal(vocab_label_of(&V, VOCAB_OUTCOME, "no-such", LANG_AR), "no-such");
}

static void aliases_accept_the_circulars_spelling(void **state)
{
	(void)state;
	const struct vocab_entry *e = vocab_find(&V, VOCAB_PLATFORM, "NECMEC");
	assert_non_null(e);
	assert_string_equal(e->code, "ncmec");
	assert_string_equal(vocab_find(&V, VOCAB_PLATFORM, "NCMEC")->code, "ncmec");
	assert_string_equal(vocab_find(&V, VOCAB_PLATFORM, "Cps")->code, "cps");
	assert_null(vocab_find(&V, VOCAB_PLATFORM, "necme"));
	assert_null(vocab_find(&V, VOCAB_SUBJECT, "ncmec")); /* kinds are separate */
}

static void attributes_drive_the_rules(void **state)
{
	(void)state;
	assert_int_equal(vocab_find(&V, VOCAB_DECISION, "detained")->klass, DECISION_PROSECUTED);
	assert_int_equal(vocab_find(&V, VOCAB_DECISION, "unknown_author")->klass, DECISION_FILED);
	assert_int_equal(vocab_find(&V, VOCAB_DECISION, "investigating")->klass, DECISION_PENDING);
	assert_true(vocab_find(&V, VOCAB_DECISION, "filed")->reason_required);
	const struct vocab_entry *c = vocab_find(&V, VOCAB_OUTCOME, "conviction");
	assert_int_equal(c->levels, LEVEL_FIRST | LEVEL_APPEAL);
	assert_true(c->sentence);
	assert_true(vocab_find(&V, VOCAB_OUTCOME, "quashed")->remand);
	assert_false(vocab_find(&V, VOCAB_OUTCOME, "quashed_final")->remand);
	assert_true(vocab_find(&V, VOCAB_OUTCOME, "pending")->pending);

	/* Attributes round-trip through their text form (the store keeps it). */
	for (size_t i = 0; i < V.n; i++) {
		struct vocab copy;
		struct err err = ERR_INIT;
		char *attrs = vocab_entry_attrs(&V.entries[i]);
		vocab_init(&copy);
		assert_int_equal(vocab_add(&copy, V.entries[i].kind, V.entries[i].code, V.entries[i].label_ar,
					   V.entries[i].label_fr, attrs, &err), HIM_OK);
		char *again = vocab_entry_attrs(&copy.entries[0]);
		assert_string_equal(attrs, again);
		assert_int_equal(copy.entries[0].levels, V.entries[i].levels);
		assert_int_equal(copy.entries[0].klass, V.entries[i].klass);
		free(attrs);
		free(again);
		vocab_release(&copy);
	}
}

static int parse_text(const char *text, struct err *err)
{
	struct vocab v;
	int rc;

	vocab_init(&v);
	rc = vocab_parse(&v, text, strlen(text), "v.tsv", err);
	vocab_release(&v);
	return rc;
}

static void bad_lines_are_named(void **state)
{
	(void)state;
	struct err err = ERR_INIT;

	assert_int_equal(parse_text("colour\tred\tأحمر\trouge\n", &err), HIM_EINPUT);
	assert_non_null(strstr(err.msg, "v.tsv:1: unknown vocabulary kind"));
	assert_int_equal(parse_text("platform\tncmec\tx\n", &err), HIM_EINPUT);
	assert_non_null(strstr(err.msg, "expected 4 or 5"));
	assert_int_equal(parse_text("platform\tNC MEC\tx\ty\n", &err), HIM_EINPUT);
	assert_non_null(strstr(err.msg, "invalid code"));
	assert_int_equal(parse_text("platform\tncmec\tx\ty\nplatform\tncmec\tx\ty\n", &err), HIM_EINPUT);
	assert_non_null(strstr(err.msg, "v.tsv:2"));
	assert_non_null(strstr(err.msg, "twice"));
	assert_int_equal(parse_text("outcome\tx\tا\tb\n", &err), HIM_EINPUT);
	assert_non_null(strstr(err.msg, "levels="));
	assert_int_equal(parse_text("outcome\tx\tا\tb\tlevels=supreme\n", &err), HIM_EINPUT);
	assert_int_equal(parse_text("decision\tx\tا\tb\tclass=maybe\n", &err), HIM_EINPUT);
	assert_int_equal(parse_text("platform\tx\tا\tb\tsentence\n", &err), HIM_EINPUT);
	assert_non_null(strstr(err.msg, "does not apply"));
	/* Every kind must be present. */
	assert_int_equal(parse_text("platform\tx\tا\tb\n", &err), HIM_EINPUT);
	assert_non_null(strstr(err.msg, "no entries of kind"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_taxonomy_is_there),
		cmocka_unit_test(aliases_accept_the_circulars_spelling),
		cmocka_unit_test(attributes_drive_the_rules),
		cmocka_unit_test(bad_lines_are_named),
	};
	return cmocka_run_group_tests_name("vocab", tests, setup, teardown);
}
