/*
 * account.h - the pure rules of accounts, with no I/O so that the core
 * tests can prove them: which names are accepted, the password policy,
 * and the lock-out back-off after failed logins.
 */
#ifndef HIMAYA_ACCOUNT_H
#define HIMAYA_ACCOUNT_H

#include <stdbool.h>
#include <stdint.h>

#include "../lib/err.h"

/* Shortest password accepted, in characters (code points, not bytes). */
#define ACCOUNT_PASSWORD_MIN 12
/* Longest, in bytes: Argon2 takes any length, the limit bounds the work
 * an anonymous login form can ask for. */
#define ACCOUNT_PASSWORD_MAX 1024

/* The first lock lasts this long, each further failure doubles it, up to
 * the cap: a guesser gets a few dozen tries a day, a person who mistyped
 * waits a minute. */
#define ACCOUNT_LOCK_FIRST_SECONDS 60
#define ACCOUNT_LOCK_MAX_SECONDS 3600

/*
 * A user name: 1 to 63 bytes of ASCII lower-case letters, digits, '.', '_'
 * and '-', starting with a letter or digit. ASCII on purpose: no two names
 * can look alike (Arabic and Latin homoglyphs), and a name is safe in a
 * URI, a log line and an audit entry as it is.
 */
bool account_name_valid(const char *name);

/* HIM_OK, or HIM_EINPUT saying what the password lacks (never echoing it). */
int account_password_check(const char *password, struct err *err);

/*
 * Seconds an account stays locked after its failures-th consecutive
 * failure: 0 below lock_after, then 60 s, doubling with each further
 * failure, capped at one hour.
 */
int64_t account_lockout_seconds(int64_t failures, int lock_after);

#endif
