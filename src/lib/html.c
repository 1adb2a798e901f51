/*
 * html.c - HTML escaping (see html.h). Both quote characters are escaped
 * so that one function serves element content and attribute values alike.
 */
#include "html.h"

#include <string.h>

#include "banned.h"

void html_escape(struct strbuf *out, const char *text)
{
	const char *run = text;

	for (const char *p = text; *p; p++) {
		const char *ref;

		switch (*p) {
		case '&': ref = "&amp;"; break;
		case '<': ref = "&lt;"; break;
		case '>': ref = "&gt;"; break;
		case '"': ref = "&quot;"; break;
		case '\'': ref = "&#39;"; break;
		default: continue;
		}
		strbuf_add(out, run, (size_t)(p - run));
		strbuf_adds(out, ref);
		run = p + 1;
	}
	strbuf_adds(out, run);
}
