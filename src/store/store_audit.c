/*
 * store_audit.c - the hash-chained audit log, backend-neutral: the
 * canonical encoding and hash of an entry, appending inside a write
 * transaction, verifying the whole chain, listing entries, and appending
 * the entries of another database's chain (store_audit_move, for
 * app/migrate.c: their times and actors kept, the hashes this chain's).
 *
 * The canonical encoding (version 1) of an entry is the ASCII bytes
 * "himaya-audit-v1" followed by seven netstrings, "<length>:<bytes>,"
 * with the length in decimal bytes, of: prev_hash (64 lower-case hex
 * digits), id (decimal), at, actor, action, object, detail. Netstrings
 * make the encoding injective: no choice of field values can make two
 * different entries encode alike. The hash is the SHA-256 of those bytes
 * in lower-case hex; the first entry's prev_hash is 64 zeros.
 */
#include "backend.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/utf8.h"
#include "../lib/banned.h"

#define AUDIT_ENCODING "himaya-audit-v1"

static void netstring(struct strbuf *sb, const char *s)
{
	s = s ? s : "";
	strbuf_addf(sb, "%zu:", strlen(s));
	strbuf_adds(sb, s);
	strbuf_addch(sb, ',');
}

void audit_entry_hash(const struct audit_entry *e, char out[AUDIT_HASH_HEX])
{
	struct strbuf sb = STRBUF_INIT;
	unsigned char digest[crypto_hash_sha256_BYTES];
	char id[24];

	snprintf(id, sizeof(id), "%lld", (long long)e->id);
	strbuf_adds(&sb, AUDIT_ENCODING);
	netstring(&sb, e->prev_hash);
	netstring(&sb, id);
	netstring(&sb, e->at);
	netstring(&sb, e->actor);
	netstring(&sb, e->action);
	netstring(&sb, e->object);
	netstring(&sb, e->detail);
	crypto_hash_sha256(digest, (const unsigned char *)sb.buf, sb.len);
	sodium_bin2hex(out, AUDIT_HASH_HEX, digest, sizeof(digest));
	strbuf_release(&sb);
}

static int check_field(const char *what, const char *s, size_t max, bool multiline, struct err *err)
{
	if (strlen(s) > max)
		return err_set(err, HIM_EINPUT, "audit entry: the %s is longer than %zu bytes", what, max);
	if (!utf8_text_ok(s, multiline))
		return err_set(err, HIM_EINPUT, "audit entry: the %s is not valid UTF-8 text", what);
	return HIM_OK;
}

/* The next entry of the chain at the given time (NULL: now), its tail
 * read inside the caller's transaction: e's strings are the arguments. */
static int audit_entry_next(struct store *st, const char *at, const char *actor, const char *action,
			    const char *object, const char *detail, struct audit_entry *out, struct err *err)
{
	struct audit_entry e;
	char *now;
	int rc;

	memset(&e, 0, sizeof(e));
	if (!actor || !*actor)
		actor = st->actor;
	e.actor = actor && *actor ? actor : "system";
	e.action = action ? action : "";
	e.object = object ? object : "";
	e.detail = detail ? detail : "";
	if (!*e.action)
		return err_set(err, HIM_EUSAGE, "audit entry: no action given");
	if ((rc = check_field("actor", e.actor, 128, false, err)) != HIM_OK ||
	    (rc = check_field("action", e.action, 64, false, err)) != HIM_OK ||
	    (rc = check_field("object", e.object, 512, false, err)) != HIM_OK ||
	    (rc = check_field("detail", e.detail, 4096, true, err)) != HIM_OK)
		return rc;
	/* Reading the tail inside the write transaction serialises appends. */
	if ((rc = st->be->audit_tail(st, &e.id, e.prev_hash, err)) != HIM_OK)
		return rc;
	e.id++;
	now = at ? NULL : store_now_iso();
	snprintf(e.at, sizeof(e.at), "%s", at ? at : now);
	free(now);
	audit_entry_hash(&e, e.hash);
	*out = e;
	return HIM_OK;
}

/* Append one entry at the given time (NULL: now) inside the caller's write
 * transaction. */
static int audit_append_at(struct store *st, const char *at, const char *actor, const char *action,
			   const char *object, const char *detail, struct err *err)
{
	struct audit_entry e;
	int rc = audit_entry_next(st, at, actor, action, object, detail, &e, err);

	return rc == HIM_OK ? st->be->audit_insert(st, &e, err) : rc;
}

int store_audit_append_tx(struct store *st, const char *actor, const char *action, const char *object,
			  const char *detail, struct err *err)
{
	int rc = audit_append_at(st, NULL, actor, action, object, detail, err);

	/* Every write of data is audited here, in its own transaction: the
	 * data version moves with it, and with nothing else. */
	return rc == HIM_OK ? st->be->data_version_bump(st, err) : rc;
}

int store_data_version(struct store *st, int64_t *out, struct err *err)
{
	return st->be->data_version_read(st, out, err);
}

/*
 * A moved entry's detail: the source's, then where it came from. The
 * provenance line is never cut; the source's text is, at a UTF-8
 * character boundary, in the unlikely case that both exceed the limit.
 */
static void moved_detail(struct strbuf *sb, const struct audit_entry *e, const char *origin,
			 const char *object)
{
	struct strbuf tail = STRBUF_INIT;
	size_t keep = strlen(e->detail), room;

	strbuf_addf(&tail, "[moved from %s #%lld", origin, (long long)e->id);
	if (object && strcmp(object, e->object) != 0)
		strbuf_addf(&tail, ", object %s", e->object);
	strbuf_addch(&tail, ']');
	room = tail.len + 1 < 4096 ? 4096 - tail.len - 1 : 0;
	if (keep > room) {
		keep = room;
		while (keep > 0 && ((unsigned char)e->detail[keep] & 0xc0) == 0x80)
			keep--;
	}
	strbuf_reset(sb);
	strbuf_add(sb, e->detail, keep);
	if (keep)
		strbuf_addch(sb, '\n');
	strbuf_add(sb, tail.buf, tail.len);
	strbuf_release(&tail);
}

int store_audit_move(struct store *st, const struct audit_entry *entries, const char *const *objects,
		     size_t n, const char *origin, const char *close_action, const char *close_object,
		     const char *close_detail, struct err *err)
{
	struct strbuf detail = STRBUF_INIT;
	int rc;

	if ((rc = st->be->begin(st, err)) != HIM_OK)
		return rc;
	for (size_t i = 0; i < n && rc == HIM_OK; i++) {
		const struct audit_entry *e = &entries[i];
		const char *object = objects && objects[i] ? objects[i] : e->object;

		moved_detail(&detail, e, origin, object);
		rc = audit_append_at(st, e->at, e->actor, e->action, object, detail.buf, err);
		if (rc != HIM_OK)
			err_prefix(err, "moving audit entry #%lld of %s", (long long)e->id, origin);
	}
	if (rc == HIM_OK)
		rc = audit_append_at(st, NULL, NULL, close_action, close_object, close_detail, err);
	if (rc == HIM_OK)
		rc = st->be->commit(st, err);
	else
		st->be->rollback(st);
	strbuf_release(&detail);
	return rc;
}

int store_audit_append(struct store *st, const char *actor, const char *action, const char *object,
		       const char *detail, struct err *err)
{
	int rc;

	struct audit_entry e;

	if ((rc = st->be->begin_audit(st, err)) != HIM_OK)
		return rc;
	/* An audited read or refusal: no data changed, the version stays. */
	rc = audit_entry_next(st, NULL, actor, action, object, detail, &e, err);
	if (rc == HIM_OK && st->be->audit_insert_commit)
		rc = st->be->audit_insert_commit(st, &e, err);
	else if (rc == HIM_OK && (rc = st->be->audit_insert(st, &e, err)) == HIM_OK)
		rc = st->be->commit(st, err);
	if (rc != HIM_OK)
		st->be->rollback(st);
	return rc;
}

struct verify_walk {
	int64_t expect_id;
	char expect_prev[AUDIT_HASH_HEX];
	int64_t first_bad, checked;
};

static int verify_one(const struct audit_entry *e, void *ctx)
{
	struct verify_walk *w = ctx;
	char hash[AUDIT_HASH_HEX];

	w->checked++;
	audit_entry_hash(e, hash);
	/* An id out of sequence is a removed or inserted entry; a prev_hash
	 * that is not the previous hash, a reordered or rewritten one; a hash
	 * that does not match, an entry changed in place. */
	if (e->id != w->expect_id || strcmp(e->prev_hash, w->expect_prev) != 0 || strcmp(hash, e->hash) != 0) {
		w->first_bad = e->id;
		return 1;
	}
	w->expect_id = e->id + 1;
	memcpy(w->expect_prev, e->hash, AUDIT_HASH_HEX);
	return 0;
}

int store_audit_verify(struct store *st, int64_t *first_bad, int64_t *checked, struct err *err)
{
	struct verify_walk w;
	int rc;

	memset(&w, 0, sizeof(w));
	w.expect_id = 1;
	memset(w.expect_prev, '0', AUDIT_HASH_HEX - 1);
	rc = st->be->audit_each(st, NULL, verify_one, &w, err);
	if (rc == 1)
		rc = HIM_OK;
	*first_bad = w.first_bad;
	if (checked)
		*checked = w.checked;
	return rc;
}

int store_audit_list(struct store *st, const struct audit_filter *f, store_audit_fn fn, void *ctx,
		     struct err *err)
{
	return st->be->audit_each(st, f, fn, ctx, err);
}
