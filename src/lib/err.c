/*
 * err.c - filling struct err. Messages longer than ERR_MSG_MAX are cut at
 * a UTF-8 character boundary so that an Arabic message never ends in half
 * a character.
 */
#include "err.h"

#include <stdio.h>
#include <string.h>

static void trim_utf8_tail(char *s)
{
	size_t n = strlen(s);
	size_t i = n;

	if (n < ERR_MSG_MAX - 1)
		return;
	/* Step back over continuation bytes to the lead byte, then check that
	 * the character it starts is complete. */
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i > 0) {
		unsigned char lead = (unsigned char)s[i - 1];
		size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
		if (n - (i - 1) < need)
			s[i - 1] = '\0';
	}
}

int err_setv(struct err *err, int code, const char *fmt, va_list ap)
{
	if (!err)
		return code;
	err->code = code;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	trim_utf8_tail(err->msg);
	return code;
}

int err_set(struct err *err, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_setv(err, code, fmt, ap);
	va_end(ap);
	return code;
}

int err_prefix(struct err *err, const char *fmt, ...)
{
	char prefix[ERR_MSG_MAX];
	char old[ERR_MSG_MAX];
	va_list ap;

	if (!err)
		return HIM_EUSAGE;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	/* Truncation is intended: a message is cut, never overflowed. */
	size_t n = strlen(prefix);
	memcpy(err->msg, prefix, n);
	size_t room = sizeof(err->msg) - 1 - n;
	size_t add = strlen(old) + 2 < room ? strlen(old) + 2 : room;
	memcpy(err->msg + n, ": ", add < 2 ? add : 2);
	if (add > 2)
		memcpy(err->msg + n + 2, old, add - 2);
	err->msg[n + add] = '\0';
	trim_utf8_tail(err->msg);
	return err->code;
}

void err_clear(struct err *err)
{
	if (!err)
		return;
	err->code = HIM_OK;
	err->msg[0] = '\0';
}

const char *err_code_name(int code)
{
	switch (code) {
	case HIM_OK: return "ok";
	case HIM_EINPUT: return "input";
	case HIM_ENOTFOUND: return "not_found";
	case HIM_ECONFLICT: return "conflict";
	case HIM_EFORBIDDEN: return "forbidden";
	case HIM_EDB: return "database";
	case HIM_EIO: return "io";
	case HIM_ENOMEM: return "no_memory";
	case HIM_EUSAGE: return "usage";
	}
	return "unknown";
}
