/*
 * store_accounts.c - the flows of users and sessions: each change of an
 * account or session is one transaction together with its audit entry,
 * so the log cannot miss a change that happened, nor record one that did
 * not. The checks of passwords and TOTP codes are app/auth.c's; the
 * lock-out arithmetic is core's (account_lockout_seconds).
 */
#include "backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/account.h"
#include "../lib/strbuf.h"
#include "../lib/banned.h"

void account_init(struct account *a)
{
	memset(a, 0, sizeof(*a));
	a->totp_last_step = -1;
}

void account_release(struct account *a)
{
	free(a->password_hash);
	free(a->totp_secret);
	account_init(a);
}

static const char *actor_of(const struct store *st)
{
	return st->actor && *st->actor ? st->actor : "system";
}

static int finish(struct store *st, int rc, struct err *err)
{
	if (rc == HIM_OK)
		return st->be->commit(st, err);
	st->be->rollback(st);
	return rc;
}

int store_account_add(struct store *st, struct account *a, struct err *err)
{
	struct strbuf object = STRBUF_INIT, detail = STRBUF_INIT;
	char *now;
	int rc;

	if (!account_name_valid(a->name))
		return err_set(err, HIM_EINPUT, "'%s' is not a user name (a-z, 0-9, '.', '_', '-'; up to 63)",
			       a->name);
	if (!a->password_hash || !a->totp_secret)
		return err_set(err, HIM_EUSAGE, "a user needs a password hash and a TOTP secret");
	if ((rc = st->be->begin(st, err)) != HIM_OK)
		return rc;
	now = store_now_iso();
	rc = st->be->account_insert(st, a, now, err);
	free(now);
	if (rc == HIM_OK) {
		strbuf_addf(&object, "user:%s", a->name);
		strbuf_addf(&detail, "role %s", a->role);
		if (a->court[0])
			strbuf_addf(&detail, " court %s", a->court);
		if (a->body[0])
			strbuf_addf(&detail, " body %s unit %s", a->body, a->unit);
		rc = store_audit_append_tx(st, actor_of(st), "user_add", object.buf, detail.buf, err);
	}
	strbuf_release(&object);
	strbuf_release(&detail);
	rc = finish(st, rc, err);
	if (rc != HIM_OK)
		a->id = 0;
	return rc;
}

int store_account_get(struct store *st, const char *name, int64_t id, struct account *out,
		      struct err *err)
{
	return st->be->account_read(st, id ? NULL : name, id, true, out, err);
}

int store_account_change(struct store *st, const char *name, const struct account_change *c,
			 const char *action, const char *detail, struct err *err)
{
	struct strbuf object = STRBUF_INIT;
	struct account a;
	char *now;
	int rc;

	account_init(&a);
	if ((rc = st->be->begin(st, err)) != HIM_OK)
		return rc;
	rc = st->be->account_read(st, name, 0, false, &a, err);
	if (rc == HIM_OK) {
		/* NULL hash and secret leave the stored ones (coalesce). */
		a.password_hash = c->password_hash ? xstrdup(c->password_hash) : NULL;
		a.totp_secret = c->totp_secret ? xstrdup(c->totp_secret) : NULL;
		if (c->totp_secret)
			a.totp_last_step = -1;
		if (c->lang)
			snprintf(a.lang, sizeof(a.lang), "%s", c->lang);
		if (c->disabled >= 0)
			a.disabled = c->disabled != 0;
		if (c->password_hash) {
			/* A new password is also how an administrator unlocks. */
			a.failed_count = 0;
			a.locked_until = 0;
		}
		now = store_now_iso();
		rc = st->be->account_write(st, &a, now, err);
		free(now);
	}
	if (rc == HIM_OK && (c->end_sessions || c->password_hash || c->totp_secret || c->disabled == 1))
		rc = st->be->session_delete(st, NULL, a.id, err);
	if (rc == HIM_OK) {
		strbuf_addf(&object, "user:%s", a.name);
		rc = store_audit_append_tx(st, actor_of(st), action, object.buf, detail, err);
	}
	strbuf_release(&object);
	account_release(&a);
	return finish(st, rc, err);
}

int store_account_each(struct store *st, store_account_fn fn, void *ctx, struct err *err)
{
	return st->be->account_each(st, fn, ctx, err);
}

int store_login_failed(struct store *st, int64_t id, const char *name, int64_t now, int lock_after,
		       const char *why, const char *client, int64_t *locked_until, struct err *err)
{
	struct strbuf object = STRBUF_INIT, detail = STRBUF_INIT;
	struct account a;
	int rc;

	account_init(&a);
	if (locked_until)
		*locked_until = 0;
	if ((rc = st->be->begin(st, err)) != HIM_OK)
		return rc;
	strbuf_addf(&detail, "%s", why ? why : "refused");
	if (client && *client)
		strbuf_addf(&detail, "; client %s", client);
	if (id > 0) {
		rc = st->be->account_read(st, NULL, id, false, &a, err);
		if (rc == HIM_OK) {
			int64_t lock;

			a.failed_count++;
			lock = account_lockout_seconds(a.failed_count, lock_after);
			if (lock > 0)
				a.locked_until = now + lock;
			rc = st->be->account_write(st, &a, NULL, err);
			if (lock > 0)
				strbuf_addf(&detail, "; failure %lld, locked for %lld s", (long long)a.failed_count,
					    (long long)lock);
			if (locked_until)
				*locked_until = a.locked_until;
		}
		strbuf_addf(&object, "user:%s", a.name);
		if (rc == HIM_OK)
			rc = store_audit_append_tx(st, a.name, "login_failed", object.buf, detail.buf, err);
	} else {
		/* An unknown name: recorded as typed when it could be a name, so
		 * that guessing shows in the log, but never as the actor. */
		strbuf_addf(&object, "user:%s", name && account_name_valid(name) ? name : "?");
		rc = store_audit_append_tx(st, "anonymous", "login_failed", object.buf, detail.buf, err);
	}
	strbuf_release(&object);
	strbuf_release(&detail);
	account_release(&a);
	return finish(st, rc, err);
}

int store_login_ok(struct store *st, const struct session_row *s, int64_t totp_step, struct err *err)
{
	struct strbuf object = STRBUF_INIT, detail = STRBUF_INIT;
	struct account a;
	int rc;

	account_init(&a);
	if ((rc = st->be->begin(st, err)) != HIM_OK)
		return rc;
	/* Checked again inside the transaction: two logins racing with the
	 * same code cannot both pass. */
	rc = st->be->account_read(st, NULL, s->user_id, false, &a, err);
	if (rc == HIM_OK && totp_step <= a.totp_last_step)
		rc = err_set(err, HIM_ECONFLICT, "this code was already used: wait for the next one");
	if (rc == HIM_OK && a.disabled)
		rc = err_set(err, HIM_EFORBIDDEN, "the account is disabled");
	if (rc == HIM_OK) {
		a.totp_last_step = totp_step;
		a.failed_count = 0;
		a.locked_until = 0;
		rc = st->be->account_write(st, &a, NULL, err);
	}
	if (rc == HIM_OK)
		rc = st->be->session_insert(st, s, err);
	if (rc == HIM_OK) {
		strbuf_addf(&object, "user:%s", a.name);
		if (s->client[0])
			strbuf_addf(&detail, "client %s", s->client);
		rc = store_audit_append_tx(st, a.name, "login", object.buf, detail.buf, err);
	}
	strbuf_release(&object);
	strbuf_release(&detail);
	account_release(&a);
	return finish(st, rc, err);
}

int store_api_token_add(struct store *st, const struct session_row *s, struct err *err)
{
	struct strbuf object = STRBUF_INIT, detail = STRBUF_INIT;
	struct session_row row = *s;
	struct account a;
	int rc;

	memcpy(row.kind, "api", 4);
	account_init(&a);
	if ((rc = st->be->begin(st, err)) != HIM_OK)
		return rc;
	rc = st->be->account_read(st, NULL, s->user_id, false, &a, err);
	if (rc == HIM_OK && a.disabled)
		rc = err_set(err, HIM_EFORBIDDEN, "the account '%s' is disabled", a.name);
	if (rc == HIM_OK)
		rc = st->be->session_insert(st, &row, err);
	if (rc == HIM_OK) {
		strbuf_addf(&object, "user:%s", a.name);
		/* The first 8 hex digits of the hash name the token in the log
		 * without giving it away. */
		strbuf_addf(&detail, "token %.8s, expires %lld%s%s", s->token_hash, (long long)s->expires,
			    s->client[0] ? ", " : "", s->client);
		rc = store_audit_append_tx(st, actor_of(st), "api_token_add", object.buf, detail.buf, err);
	}
	strbuf_release(&object);
	strbuf_release(&detail);
	account_release(&a);
	return finish(st, rc, err);
}

int store_session_get(struct store *st, const char *token_hash, struct session_row *out,
		      struct err *err)
{
	return st->be->session_read(st, token_hash, out, NULL, err);
}

int store_session_user_get(struct store *st, const char *token_hash, struct session_row *out,
			   struct account *user, struct err *err)
{
	return st->be->session_read(st, token_hash, out, user, err);
}

int store_session_touch(struct store *st, const char *token_hash, int64_t now, struct err *err)
{
	int rc;

	if ((rc = st->be->begin(st, err)) != HIM_OK)
		return rc;
	rc = st->be->session_touch(st, token_hash, now, err);
	return finish(st, rc, err);
}

int store_session_end(struct store *st, const char *token_hash, bool everywhere, struct err *err)
{
	struct strbuf object = STRBUF_INIT;
	struct session_row s;
	struct account a;
	int rc;

	account_init(&a);
	if ((rc = st->be->begin(st, err)) != HIM_OK)
		return rc;
	rc = st->be->session_read(st, token_hash, &s, NULL, err);
	if (rc == HIM_ENOTFOUND) {
		/* Already ended or expired: logging out again is not an error. */
		st->be->rollback(st);
		err_clear(err);
		return HIM_OK;
	}
	if (rc == HIM_OK)
		rc = st->be->account_read(st, NULL, s.user_id, false, &a, err);
	if (rc == HIM_OK)
		rc = st->be->session_delete(st, everywhere ? NULL : token_hash, s.user_id, err);
	if (rc == HIM_OK) {
		strbuf_addf(&object, "user:%s", a.name);
		rc = store_audit_append_tx(st, a.name, everywhere ? "logout_everywhere" : "logout", object.buf,
					   NULL, err);
	}
	strbuf_release(&object);
	account_release(&a);
	return finish(st, rc, err);
}

int store_session_expire(struct store *st, const char *token_hash, struct err *err)
{
	int rc;

	if ((rc = st->be->begin(st, err)) != HIM_OK)
		return rc;
	rc = st->be->session_delete(st, token_hash, 0, err);
	return finish(st, rc, err);
}

int store_secret_get(struct store *st, const char *name, const unsigned char *candidate, size_t len,
		     unsigned char *out, struct err *err)
{
	struct store_secret *kept;
	int rc;

	for (size_t i = 0; i < st->n_secrets; i++) {
		if (strcmp(st->secrets[i].name, name) == 0 && st->secrets[i].len == len) {
			memcpy(out, st->secrets[i].value, len);
			return HIM_OK;
		}
	}
	/* Read first without the write lock: the secret exists after the
	 * first use, and every request asks for it. */
	rc = st->be->secret_ensure(st, name, NULL, len, out, err);
	if (rc == HIM_ENOTFOUND) {
		err_clear(err);
		if ((rc = st->be->begin(st, err)) != HIM_OK)
			return rc;
		rc = st->be->secret_ensure(st, name, candidate, len, out, err);
		rc = finish(st, rc, err);
	}
	if (rc == HIM_OK && st->n_secrets < sizeof(st->secrets) / sizeof(st->secrets[0]) &&
	    strlen(name) < sizeof(kept->name) && len <= sizeof(kept->value)) {
		kept = &st->secrets[st->n_secrets++];
		memcpy(kept->name, name, strlen(name) + 1);
		kept->len = len;
		memcpy(kept->value, out, len);
	}
	return rc;
}
