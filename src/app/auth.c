/*
 * auth.c - what the account and session halves share: initialising
 * libsodium and liboath, hashing passwords (Argon2id) and making TOTP
 * secrets, roles and the scopes each role gets, and audit_append.
 * Accounts are in auth_user.c, logins and sessions in auth_session.c.
 */
#include "auth_internal.h"

#include <liboath/oath.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../lib/strbuf.h"
#include "../lib/banned.h"

static pthread_once_t libs_once = PTHREAD_ONCE_INIT;
static bool libs_ok;

static void libs_init(void)
{
	libs_ok = sodium_init() >= 0 && oath_init() == OATH_OK;
}

int auth_libs_init(struct err *err)
{
	pthread_once(&libs_once, libs_init);
	if (!libs_ok)
		return err_set(err, HIM_EUSAGE, "cannot initialise libsodium or liboath");
	return HIM_OK;
}

/*
 * Argon2id with libsodium's interactive limits (64 MiB, 2 passes). The
 * sanitized test build, and it alone, may ask for the minimum cost with
 * HIMAYA_TEST_FAST_KDF=1 so the suite's hundred logins take seconds; the
 * production binary ignores the variable. A hash records its own cost,
 * so verification needs no setting.
 */
static void kdf_limits(unsigned long long *ops, size_t *mem)
{
	*ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
	*mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
#if defined(__SANITIZE_ADDRESS__)
	{
		const char *fast = getenv("HIMAYA_TEST_FAST_KDF");
		if (fast && strcmp(fast, "1") == 0) {
			*ops = crypto_pwhash_OPSLIMIT_MIN;
			*mem = crypto_pwhash_MEMLIMIT_MIN;
		}
	}
#endif
}

int auth_password_hash(const char *password, char **out, struct err *err)
{
	char hash[crypto_pwhash_STRBYTES];
	unsigned long long ops;
	size_t mem;
	int rc;

	*out = NULL;
	if ((rc = auth_libs_init(err)) != HIM_OK)
		return rc;
	kdf_limits(&ops, &mem);
	if (crypto_pwhash_str_alg(hash, password, strlen(password), ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return err_set(err, HIM_ENOMEM, "not enough memory to hash the password (Argon2id needs 64 MiB)");
	*out = xstrdup(hash);
	return HIM_OK;
}

int auth_totp_new_secret(char **out_b32, struct err *err)
{
	unsigned char raw[20];
	char *b32 = NULL;
	size_t len = 0;
	int rc;

	*out_b32 = NULL;
	if ((rc = auth_libs_init(err)) != HIM_OK)
		return rc;
	randombytes_buf(raw, sizeof(raw));
	if (oath_base32_encode((const char *)raw, sizeof(raw), &b32, &len) != OATH_OK || !b32) {
		sodium_memzero(raw, sizeof(raw));
		return err_set(err, HIM_ENOMEM, "cannot encode the TOTP secret");
	}
	sodium_memzero(raw, sizeof(raw));
	*out_b32 = xstrdup(b32);
	sodium_memzero(b32, len);
	free(b32);
	return HIM_OK;
}

static const char *const role_names[] = { "admin", "presidency", "appeal", "court", "police" };

const char *user_role_name(enum user_role role)
{
	return (unsigned)role < sizeof(role_names) / sizeof(role_names[0]) ? role_names[role] : "?";
}

bool user_role_parse(const char *s, enum user_role *out)
{
	for (size_t i = 0; s && i < sizeof(role_names) / sizeof(role_names[0]); i++)
		if (strcmp(s, role_names[i]) == 0) {
			*out = (enum user_role)i;
			return true;
		}
	return false;
}

bool auth_user_from_account(const struct account *a, struct user *out)
{
	memset(out, 0, sizeof(*out));
	out->id = a->id;
	memcpy(out->name, a->name, sizeof(out->name));
	memcpy(out->court, a->court, sizeof(out->court));
	memcpy(out->body, a->body, sizeof(out->body));
	memcpy(out->unit, a->unit, sizeof(out->unit));
	if (!lang_parse(a->lang, &out->lang))
		out->lang = LANG_AR;
	out->disabled = a->disabled;
	return user_role_parse(a->role, &out->role);
}

/*
 * The roles of the circular's hierarchy. A Court of Appeal's prosecutor
 * supervises the First Instance Courts of its district (reads them) but
 * writes only the cases registered at its own court; the Presidency
 * supervises the whole country and keeps no case files of its own. The
 * administrator manages accounts and reference data, not prosecutions:
 * separating the two means no single account can both grant itself
 * access and read the files.
 */
void auth_user_scopes(const struct user *u, struct scope *read, bool *may_read,
		      struct scope *write, bool *may_write)
{
	*may_read = false;
	*may_write = false;
	*read = scope_court("");
	*write = scope_court("");
	if (u->disabled)
		return;
	switch (u->role) {
	case USER_ADMIN:
		break;
	case USER_PRESIDENCY:
		*read = scope_national();
		*may_read = true;
		break;
	case USER_APPEAL:
		/* A district is named by its Court of Appeal. */
		*read = scope_district(u->court);
		*write = scope_court(u->court);
		*may_read = *may_write = u->court[0] != '\0';
		break;
	case USER_COURT:
		*read = scope_court(u->court);
		*write = scope_court(u->court);
		*may_read = *may_write = u->court[0] != '\0';
		break;
	case USER_POLICE:
		*read = scope_unit(u->body, u->unit);
		*write = scope_unit(u->body, u->unit);
		*may_read = *may_write = u->body[0] != '\0' && u->unit[0] != '\0';
		break;
	}
}

void auth_policy_default(struct auth_policy *p)
{
	memset(p, 0, sizeof(*p));
	p->idle_minutes = 30;
	p->absolute_minutes = 12 * 60;
	p->lock_after = 5;
	p->now = 0;
}

int64_t auth_policy_now(const struct auth_policy *p)
{
	return p && p->now > 0 ? p->now : (int64_t)time(NULL);
}

int audit_append(struct store *st, const char *actor, const char *action, const char *object,
		 const char *detail, struct err *err)
{
	return store_audit_append(st, actor, action, object, detail, err);
}
