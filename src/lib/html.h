/*
 * html.h - escaping text for HTML, so that every page and export is
 * escaped by construction: renderers write markup only from string
 * literals and pass all data (court names, units, file numbers, labels)
 * through html_escape.
 */
#ifndef HIMAYA_HTML_H
#define HIMAYA_HTML_H

#include "strbuf.h"

/*
 * Append text to out with & < > " ' replaced by character references.
 * The result is safe in element content and in quoted attribute values.
 */
void html_escape(struct strbuf *out, const char *text);

#endif
