/*
 * err.h - the one error shape of Himaya.
 *
 * Every function that can fail returns 0 on success or a negative HIM_E*
 * code, and fills a caller-provided struct err with a message a person can
 * act on ("court 'tpi-x' is not in the judicial map"). The code tells the
 * caller what kind of failure it is (rejected input, not found, database
 * trouble) so that front ends can map it to an exit status or HTTP status
 * without parsing messages.
 */
#ifndef HIMAYA_ERR_H
#define HIMAYA_ERR_H

#include <stdarg.h>

enum {
	HIM_OK = 0,
	HIM_EINPUT = -1,     /* the input was refused: a rule or format says no */
	HIM_ENOTFOUND = -2,  /* no such object, or not within the caller's scope */
	HIM_ECONFLICT = -3,  /* already exists, or changed by someone else */
	HIM_EFORBIDDEN = -4, /* exists and is visible, but may not be written */
	HIM_EDB = -5,        /* the database failed */
	HIM_EIO = -6,        /* a file could not be read or written */
	HIM_ENOMEM = -7,
	HIM_EUSAGE = -8,     /* a programming or command-line usage error */
};

#define ERR_MSG_MAX 512

struct err {
	int code;
	char msg[ERR_MSG_MAX];
};

#define ERR_INIT { HIM_OK, "" }

/* Record code and a formatted message in err (which may be NULL); returns code. */
int err_set(struct err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int err_setv(struct err *err, int code, const char *fmt, va_list ap);

/* Prefix the message already in err with "prefix: ", keeping the code. */
int err_prefix(struct err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void err_clear(struct err *err);

/* A short English name for a code, for logs and JSON ("input", "not_found"). */
const char *err_code_name(int code);

#endif
