/*
 * utf8.h - validation of text that comes from people and files.
 * Himaya stores only valid UTF-8 without control characters (other than
 * tab and newline where a field allows them), so that every export and
 * page can trust what the store returns.
 */
#ifndef HIMAYA_UTF8_H
#define HIMAYA_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True if s[0..len) is well-formed UTF-8 (no overlongs, no surrogates). */
bool utf8_valid(const char *s, size_t len);

/* True if s is valid UTF-8 and has no C0/DEL control characters, except
 * '\n' and '\t' when multiline is set. */
bool utf8_text_ok(const char *s, bool multiline);

#endif
