/*
 * ident_search.c - what a person types to find an identifier, put in the
 * form the importers store it in (ident.h), so that "Ahmed@Example.MA",
 * "06 12 34 56 78" or "{0a1b…}" find what the referrals gave as
 * "ahmed@example.ma", "+212612345678" or "0A1B…". A search box does not
 * say what kind of identifier it holds: the form of the text decides, and
 * text that is no e-mail, phone number or GUID is searched as it is
 * stored (trimmed, inner white space made one space).
 */
#include "ident.h"

#include <ctype.h>
#include <string.h>

#include "../lib/banned.h"

/* Only what a written phone number holds: digits, a leading '+', and
 * separators. */
static bool phone_shaped(const char *s, size_t *digits)
{
	*digits = 0;
	for (size_t i = 0; s[i]; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9')
			(*digits)++;
		else if (!(c == '+' && i == 0) && !strchr(" .-()/", c))
			return false;
	}
	return *digits > 0;
}

/* International ("+…", "00…") or a Moroccan national number ("0[5-7]"
 * and ten digits). A bare string of digits is more often an account id. */
static bool phone_number(const char *s)
{
	size_t digits;
	const char *d = s;

	if (!phone_shaped(s, &digits))
		return false;
	if (s[0] == '+')
		return digits >= 8;
	while (*d && !(*d >= '0' && *d <= '9'))
		d++;
	if (d[0] == '0' && d[1] == '0')
		return digits >= 10;
	return d[0] == '0' && d[1] >= '5' && d[1] <= '7' && digits == 10;
}

static bool guid_shaped(const char *s)
{
	size_t hex = 0, len = strlen(s);

	if (len >= 2 && s[0] == '{' && s[len - 1] == '}') {
		s++;
		len -= 2;
	}
	for (size_t i = 0; i < len; i++) {
		if (isxdigit((unsigned char)s[i]))
			hex++;
		else if (s[i] != '-')
			return false;
	}
	return hex == 32;
}

int ident_search_normalise(const char *s, struct strbuf *out, struct err *err)
{
	struct strbuf trimmed = STRBUF_INIT;
	char guid[IDENT_GUID_MAX];
	int rc;

	/* Trimmed first, so that the form is judged on what was meant. */
	if ((rc = ident_text_normalise(s, &trimmed, err)) != HIM_OK) {
		strbuf_release(&trimmed);
		strbuf_reset(out);
		return rc;
	}
	if (strchr(trimmed.buf, '@')) {
		rc = ident_email_normalise(trimmed.buf, out, err);
	} else if (phone_number(trimmed.buf)) {
		rc = ident_phone_normalise(trimmed.buf, "+212", out, err);
	} else if (guid_shaped(trimmed.buf)) {
		if ((rc = ident_guid_normalise(trimmed.buf, guid, err)) == HIM_OK) {
			strbuf_reset(out);
			strbuf_adds(out, guid);
		}
	} else {
		strbuf_reset(out);
		strbuf_add(out, trimmed.buf, trimmed.len);
	}
	strbuf_release(&trimmed);
	return rc;
}
