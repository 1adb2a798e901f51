/*
 * code.h - stable identifiers of the reference data (court codes and
 * vocabulary codes such as "tpi-rabat" or "csam_possession"), the small
 * fixed lists of them a case carries, and the interface languages.
 *
 * Codes are ASCII [a-z0-9_-], 1 to CODE_MAX-1 bytes, so they fit in fixed
 * buffers: they are never free text typed by a person.
 */
#ifndef HIMAYA_CODE_H
#define HIMAYA_CODE_H

#include <stdbool.h>
#include <stddef.h>

#define CODE_MAX 48
#define CODE_LIST_MAX 16

enum lang { LANG_AR, LANG_FR, LANG_EN };

struct code_list {
	size_t n;
	char code[CODE_LIST_MAX][CODE_MAX];
};

bool code_valid(const char *s);

/* Append code unless present; false if the list is full or code invalid. */
bool code_list_add(struct code_list *l, const char *code);
bool code_list_has(const struct code_list *l, const char *code);

/*
 * Parse "a,b,c" into l (cleared first). Spaces around items are ignored.
 * Returns false for an empty list, an invalid code or too many codes.
 */
bool code_list_parse(struct code_list *l, const char *csv);

/* "ar", "fr", "en" -> enum lang. */
bool lang_parse(const char *s, enum lang *out);
const char *lang_name(enum lang lang);

#endif
