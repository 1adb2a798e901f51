/*
 * account.c - the pure rules of accounts: names, the password policy and
 * the lock-out back-off (account.h).
 */
#include "account.h"

#include <string.h>

#include "../lib/utf8.h"
#include "../lib/banned.h"

bool account_name_valid(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	if (n == 0 || n > 63)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');

		if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-')))
			return false;
	}
	return true;
}

int account_password_check(const char *password, struct err *err)
{
	size_t bytes = password ? strlen(password) : 0, chars = 0;

	if (bytes > ACCOUNT_PASSWORD_MAX)
		return err_set(err, HIM_EINPUT, "the password is longer than %d bytes", ACCOUNT_PASSWORD_MAX);
	if (!password || !utf8_text_ok(password, false))
		return err_set(err, HIM_EINPUT, "the password is not valid UTF-8 text (or has control characters)");
	for (size_t i = 0; i < bytes; i++)
		if (((unsigned char)password[i] & 0xc0) != 0x80)
			chars++;
	if (chars < ACCOUNT_PASSWORD_MIN)
		return err_set(err, HIM_EINPUT, "the password has %zu characters; at least %d are required",
			       chars, ACCOUNT_PASSWORD_MIN);
	return HIM_OK;
}

int64_t account_lockout_seconds(int64_t failures, int lock_after)
{
	int64_t s = ACCOUNT_LOCK_FIRST_SECONDS;

	if (lock_after < 1)
		lock_after = 1;
	if (failures < lock_after)
		return 0;
	for (int64_t i = lock_after; i < failures && s < ACCOUNT_LOCK_MAX_SECONDS; i++)
		s *= 2;
	return s < ACCOUNT_LOCK_MAX_SECONDS ? s : ACCOUNT_LOCK_MAX_SECONDS;
}
