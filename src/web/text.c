/*
 * text.c - the interface strings of text.h, looked up by id.
 */
#include "text.h"

#include "../lib/banned.h"

struct text_pair {
	const char *ar, *fr;
};

static const struct text_pair texts[] = {
#define WEB_TEXT_PAIR(id, ar, fr) { ar, fr },
	WEB_TEXTS(WEB_TEXT_PAIR)
#undef WEB_TEXT_PAIR
};

const char *web_text(enum text_id id, enum lang lang)
{
	if ((unsigned)id >= TX_COUNT_)
		return "?";
	return lang == LANG_AR ? texts[id].ar : texts[id].fr;
}
