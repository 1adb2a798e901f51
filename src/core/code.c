/*
 * code.c - reference codes and code lists.
 */
#include "code.h"

#include <string.h>

#include "../lib/banned.h"

bool code_valid(const char *s)
{
	size_t n = 0;

	if (!s || !*s)
		return false;
	for (; s[n]; n++) {
		char c = s[n];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return false;
	}
	return n < CODE_MAX;
}

bool code_list_has(const struct code_list *l, const char *code)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->code[i], code) == 0)
			return true;
	return false;
}

bool code_list_add(struct code_list *l, const char *code)
{
	if (!code_valid(code))
		return false;
	if (code_list_has(l, code))
		return true;
	if (l->n >= CODE_LIST_MAX)
		return false;
	memcpy(l->code[l->n], code, strlen(code) + 1);
	l->n++;
	return true;
}

bool code_list_parse(struct code_list *l, const char *csv)
{
	const char *p = csv;

	l->n = 0;
	if (!csv)
		return false;
	while (*p) {
		const char *comma = strchr(p, ',');
		const char *stop = comma ? comma : p + strlen(p);
		char item[CODE_MAX];

		while (p < stop && *p == ' ')
			p++;
		const char *q = stop;
		while (q > p && q[-1] == ' ')
			q--;
		size_t len = (size_t)(q - p);
		if (len == 0 || len >= CODE_MAX)
			return false;
		memcpy(item, p, len);
		item[len] = '\0';
		if (!code_list_add(l, item))
			return false;
		if (!comma)
			break;
		p = comma + 1;
		if (!*p)
			return false; /* trailing comma */
	}
	return l->n > 0;
}

bool lang_parse(const char *s, enum lang *out)
{
	if (!s)
		return false;
	if (strcmp(s, "ar") == 0)
		*out = LANG_AR;
	else if (strcmp(s, "fr") == 0)
		*out = LANG_FR;
	else if (strcmp(s, "en") == 0)
		*out = LANG_EN;
	else
		return false;
	return true;
}

const char *lang_name(enum lang lang)
{
	switch (lang) {
	case LANG_AR: return "ar";
	case LANG_FR: return "fr";
	case LANG_EN: return "en";
	}
	return "ar";
}
