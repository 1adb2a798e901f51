/*
 * libFuzzer target: the Arabic normal form and the sentence parser on any
 * bytes. Properties: normalising is idempotent (the normal form of a
 * normal form is itself), the result has no leading, trailing or double
 * spaces, and a parsed sentence never has a suspended part above its
 * prison term or negative fields other than -1.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arabic.h"
#include "core/sentence.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf once = STRBUF_INIT, twice = STRBUF_INIT;
	struct arabic_words words;
	struct sentence s;
	const char *text = (const char *)data;

	for (unsigned flags = 0; flags <= ARABIC_PUNCT_AS_SPACE; flags++) {
		strbuf_reset(&once);
		strbuf_reset(&twice);
		if (arabic_normalise(text, size, flags, &once, NULL) != HIM_OK)
			break;
		if (arabic_normalise(once.buf, once.len, flags, &twice, NULL) != HIM_OK ||
		    strcmp(once.buf, twice.buf) != 0)
			__builtin_trap();
		if (once.len && (once.buf[0] == ' ' || once.buf[once.len - 1] == ' ' || strstr(once.buf, "  ")))
			__builtin_trap();
		arabic_words_init(&words);
		arabic_words_split(&words, once.buf);
		for (size_t i = 0; i + 1 < words.n; i++)
			(void)arabic_word_match(words.w[i].s, words.w[i].len, words.w[i + 1].s, words.w[i + 1].len);
		arabic_words_release(&words);
	}
	if (sentence_parse(text, size, &s, NULL) == HIM_OK) {
		if (s.prison_months < -1 || s.suspended_months < -1 || s.fine_mad < -1)
			__builtin_trap();
		if (s.suspended_months > s.prison_months && s.prison_months >= 0 && s.suspended_months >= 0)
			__builtin_trap();
	}
	strbuf_release(&once);
	strbuf_release(&twice);
	return 0;
}
