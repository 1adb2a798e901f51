/*
 * store_referrals.c - the backend-neutral half of referrals: the upsert
 * rule (a whole report replaces, a fragment merges; a fingerprint tells a
 * duplicate from a supplement), import batches and the import log, reads
 * within a scope, and the link between a referral and its case.
 *
 * The fingerprint is a 128-bit BLAKE2b digest of the referral's content in
 * a canonical serialisation (fields and children in order, with separators
 * that cannot occur in normalised text). For a lead built from rows
 * (fragments), the stored fingerprint is the chain of the digests of the
 * rows that added something: it changes exactly when the content changes.
 */
#include "backend.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/ident.h"
#include "referral_fingerprint.h"
#include "../lib/strbuf.h"
#include "../lib/banned.h"

struct referral_batch {
	struct store *st;
	void *stmts;        /* the backend's prepared statements */
	int64_t import_id;  /* 0 outside an import */
	char *now;
	struct strbuf ser;  /* scratch for the serialisation */
	/*
	 * The last lead a fragment went to. Rows of one lead usually follow
	 * one another: the lookup is skipped and the chained fingerprint is
	 * written once when the batch moves on, not once per row.
	 */
	struct {
		bool valid, dirty;
		char platform[CODE_MAX];
		char *external_id;
		int64_t id, import_id;
		char fp[33];
	} last;
};

/* --- scopes --- */

/* Referrals are the referral units' until they are routed to courts. */
static int referral_scope_check(const struct scope *scope, const char *what, struct err *err)
{
	if (scope->kind == SCOPE_NATIONAL || scope->kind == SCOPE_UNIT)
		return HIM_OK;
	return err_set(err, HIM_EFORBIDDEN, "%s: referrals are not routed to courts yet; only the national"
		       " and police-unit scopes may do this", what);
}

/* --- the import log --- */

int store_import_begin(struct store *st, const struct scope *scope, const char *kind,
		       const char *file, const char *sha256, int64_t size, struct import_log *out,
		       struct err *err)
{
	char *now;
	int rc;

	if ((rc = referral_scope_check(scope, "import", err)) != HIM_OK)
		return rc;
	if ((rc = st->be->begin(st, err)) != HIM_OK)
		return rc;
	now = store_now_iso();
	rc = st->be->import_open(st, kind, file, sha256, size, now, st->actor, out, err);
	free(now);
	if (rc == HIM_OK)
		rc = st->be->commit(st, err);
	else
		st->be->rollback(st);
	/* A large import into a small table: see backend.h. */
	if (rc == HIM_OK && !out->finished && st->be->import_bulk_begin)
		rc = st->be->import_bulk_begin(st, size, err);
	return rc;
}

int store_import_finish(struct store *st, int64_t import_id, const struct import_counts *counts,
			struct err *err)
{
	char *now;
	int rc;

	if ((rc = st->be->begin(st, err)) != HIM_OK)
		return rc;
	now = store_now_iso();
	rc = st->be->import_write(st, import_id, 0, counts, now, err);
	free(now);
	if (rc == HIM_OK)
		rc = st->be->commit(st, err);
	else
		st->be->rollback(st);
	if (rc == HIM_OK && st->be->import_bulk_end)
		rc = st->be->import_bulk_end(st, err);
	return rc;
}

/* --- batches --- */

static void batch_free(struct referral_batch *b)
{
	b->st->be->referral_stmts_close(b->st, b->stmts);
	free(b->now);
	free(b->last.external_id);
	strbuf_release(&b->ser);
	free(b);
}

int store_referral_batch_begin(struct store *st, const struct scope *scope, int64_t import_id,
			       struct referral_batch **out, struct err *err)
{
	struct referral_batch *b;
	int rc;

	*out = NULL;
	if ((rc = referral_scope_check(scope, "import", err)) != HIM_OK)
		return rc;
	if (sodium_init() < 0)
		return err_set(err, HIM_EUSAGE, "libsodium cannot be initialised");
	if ((rc = st->be->begin(st, err)) != HIM_OK)
		return rc;
	b = xcalloc(1, sizeof(*b));
	b->st = st;
	b->import_id = import_id;
	b->now = store_now_iso();
	strbuf_init(&b->ser);
	if ((rc = st->be->referral_stmts_open(st, &b->stmts, err)) != HIM_OK) {
		st->be->rollback(st);
		batch_free(b);
		return rc;
	}
	*out = b;
	return HIM_OK;
}

/* Write the cached lead's chained fingerprint, and forget it. */
static int last_flush(struct referral_batch *b, struct err *err)
{
	int rc = HIM_OK;

	if (b->last.valid && b->last.dirty)
		rc = b->st->be->referral_set_fingerprint(b->st, b->stmts, b->last.id, b->last.fp, b->now, err);
	b->last.valid = false;
	b->last.dirty = false;
	return rc;
}

static void last_set(struct referral_batch *b, const struct referral *r, int64_t id, int64_t import_id,
		     const char fp[33])
{
	b->last.valid = true;
	b->last.dirty = false;
	snprintf(b->last.platform, sizeof(b->last.platform), "%s", r->platform);
	free(b->last.external_id);
	b->last.external_id = xstrdup(r->external_id);
	b->last.id = id;
	b->last.import_id = import_id;
	memcpy(b->last.fp, fp, 33);
}

static bool last_is(const struct referral_batch *b, const struct referral *r)
{
	return b->last.valid && strcmp(b->last.platform, r->platform) == 0 &&
	       strcmp(b->last.external_id, r->external_id) == 0;
}

int store_referral_batch_commit(struct referral_batch *b, int64_t records_done,
				const struct import_counts *counts, struct err *err)
{
	struct store *st = b->st;
	int rc = last_flush(b, err);

	if (rc == HIM_OK && st->be->referral_stmts_flush)
		rc = st->be->referral_stmts_flush(st, b->stmts, err);
	if (rc == HIM_OK && b->import_id > 0 && counts)
		rc = st->be->import_write(st, b->import_id, records_done, counts, NULL, err);
	/* Referrals are data the triage pages show (store_data_version). */
	if (rc == HIM_OK)
		rc = st->be->data_version_bump(st, err);
	st->be->referral_stmts_close(st, b->stmts);
	b->stmts = NULL;
	if (rc == HIM_OK)
		rc = st->be->commit(st, err);
	if (rc != HIM_OK)
		st->be->rollback(st);
	batch_free(b);
	return rc;
}

void store_referral_batch_abort(struct referral_batch *b)
{
	struct store *st;

	if (!b)
		return;
	st = b->st;
	st->be->referral_stmts_close(st, b->stmts);
	b->stmts = NULL;
	st->be->rollback(st);
	batch_free(b);
}

static int put_whole(struct referral_batch *b, const struct referral *r, const char fp[33],
		     enum referral_outcome *outcome, struct err *err)
{
	struct store *st = b->st;
	char old[33];
	int64_t id, creator;
	int added, rc;

	if ((rc = last_flush(b, err)) != HIM_OK)
		return rc;
	rc = st->be->referral_lookup(st, b->stmts, r->platform, r->external_id, &id, old, &creator, err);
	if (rc == HIM_ENOTFOUND) {
		rc = st->be->referral_insert(st, b->stmts, r, fp, b->import_id, b->now, &id, err);
		if (rc == HIM_OK)
			rc = st->be->referral_children_add(st, b->stmts, id, r, &added, err);
		*outcome = REFERRAL_IMPORTED;
		return rc;
	}
	if (rc != HIM_OK)
		return rc;
	if (strcmp(old, fp) == 0) {
		*outcome = REFERRAL_DUPLICATE;
		return HIM_OK;
	}
	/* A supplement: the later report is the referral now; the change is
	 * recorded, the earlier content is not kept (its fingerprint is). */
	rc = st->be->referral_replace(st, b->stmts, id, r, fp, b->now, err);
	if (rc == HIM_OK)
		rc = st->be->referral_children_add(st, b->stmts, id, r, &added, err);
	if (rc == HIM_OK)
		rc = st->be->referral_revision_add(st, b->stmts, id, "supplement", b->import_id, r->source_file,
						   old, fp, b->now, false, err);
	*outcome = REFERRAL_UPDATED;
	return rc;
}

static int put_fragment(struct referral_batch *b, const struct referral *r, const char fp[33],
			enum referral_outcome *outcome, struct err *err)
{
	struct store *st = b->st;
	char newfp[33];
	int added = 0, rc = HIM_OK;
	bool filled = false;

	if (!last_is(b, r)) {
		char old[33];
		int64_t id, creator;

		if ((rc = last_flush(b, err)) != HIM_OK)
			return rc;
		rc = st->be->referral_lookup(st, b->stmts, r->platform, r->external_id, &id, old, &creator, err);
		if (rc == HIM_ENOTFOUND) {
			rc = st->be->referral_insert(st, b->stmts, r, fp, b->import_id, b->now, &id, err);
			if (rc == HIM_OK)
				rc = st->be->referral_children_add(st, b->stmts, id, r, &added, err);
			if (rc == HIM_OK)
				last_set(b, r, id, b->import_id, fp);
			*outcome = REFERRAL_IMPORTED;
			return rc;
		}
		if (rc != HIM_OK)
			return rc;
		last_set(b, r, id, creator, old);
	}
	rc = st->be->referral_children_add(st, b->stmts, b->last.id, r, &added, err);
	if (rc == HIM_OK)
		rc = st->be->referral_fill(st, b->stmts, b->last.id, r, &filled, err);
	if (rc != HIM_OK)
		return rc;
	if (!added && !filled) {
		*outcome = REFERRAL_DUPLICATE;
		return HIM_OK;
	}
	referral_fingerprint_chain(b->last.fp, fp, newfp);
	/* A row of a lead this very import created is part of importing it;
	 * a row adding to an older lead updates it, recorded once per import. */
	if (b->import_id > 0 && b->last.import_id == b->import_id) {
		*outcome = REFERRAL_IMPORTED;
	} else {
		*outcome = REFERRAL_UPDATED;
		rc = st->be->referral_revision_add(st, b->stmts, b->last.id, "merge", b->import_id, r->source_file,
						   b->last.fp, newfp, b->now, true, err);
	}
	memcpy(b->last.fp, newfp, 33);
	b->last.dirty = true;
	return rc;
}

int store_referral_put(struct referral_batch *b, const struct referral *r,
		       enum referral_outcome *outcome, struct err *err)
{
	char fp[33];
	enum referral_outcome local;

	if (!outcome)
		outcome = &local;
	if (!r->platform[0] || !code_valid(r->platform))
		return err_set(err, HIM_EINPUT, "a referral needs its platform");
	if (!r->external_id || !*r->external_id)
		return err_set(err, HIM_EINPUT, "a referral needs its report or lead id");
	/* Computed ahead by the importer's parser thread, or here. */
	if (r->fingerprint[0])
		memcpy(fp, r->fingerprint, sizeof(fp));
	else
		referral_fingerprint(r, &b->ser, fp);
	return r->fragment ? put_fragment(b, r, fp, outcome, err) : put_whole(b, r, fp, outcome, err);
}

int store_referral_put_one(struct store *st, const struct scope *scope, const struct referral *r,
			   enum referral_outcome *outcome, struct err *err)
{
	struct referral_batch *b;
	int rc;

	if ((rc = store_referral_batch_begin(st, scope, 0, &b, err)) != HIM_OK)
		return rc;
	if ((rc = store_referral_put(b, r, outcome, err)) != HIM_OK) {
		store_referral_batch_abort(b);
		return rc;
	}
	return store_referral_batch_commit(b, 0, NULL, err);
}

/* --- records and filters --- */

void referral_record_init(struct referral_record *rec)
{
	memset(rec, 0, sizeof(*rec));
	referral_init(&rec->r);
}

void referral_record_release(struct referral_record *rec)
{
	referral_release(&rec->r);
	free(rec->created_at);
	free(rec->updated_at);
	for (size_t i = 0; i < rec->nrevisions; i++) {
		free(rec->revisions[i].at);
		free(rec->revisions[i].source_file);
	}
	free(rec->revisions);
	referral_record_init(rec);
}

void referral_filter_init(struct referral_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->from = TIME_NONE;
	f->to = TIME_NONE;
	f->linked = -1;
}

int referral_filter_ip(struct referral_filter *f, const char *text, struct err *err)
{
	struct strbuf addr = STRBUF_INIT;
	struct ident_ip ip;
	const char *slash = strchr(text, '/');
	int prefix = -1, rc, bits, offset;

	strbuf_add(&addr, text, slash ? (size_t)(slash - text) : strlen(text));
	rc = ident_ip_parse(addr.buf, &ip, err);
	strbuf_release(&addr);
	if (rc != HIM_OK)
		return rc;
	bits = ip.v6 ? 128 : 32;
	offset = 128 - bits; /* IPv4 is the last 32 bits of ::ffff:a.b.c.d */
	if (slash) {
		char *end;
		long n = strtol(slash + 1, &end, 10);
		if (!slash[1] || *end || n < 0 || n > bits)
			return err_set(err, HIM_EINPUT, "'%s': the prefix length must be 0 to %d", text, bits);
		prefix = (int)n;
	} else {
		prefix = bits;
	}
	memcpy(f->ip_low, ip.addr, 16);
	memcpy(f->ip_high, ip.addr, 16);
	for (int i = offset + prefix; i < 128; i++) {
		uint8_t bit = (uint8_t)(0x80u >> (i % 8));
		f->ip_low[i / 8] &= (uint8_t)~bit;
		f->ip_high[i / 8] |= bit;
	}
	f->has_ip = true;
	return HIM_OK;
}

/* --- reads --- */

/* A court or district sees a referral only through a case of its own. */
static int visible(struct store *st, const struct scope *scope, struct referral_record *rec,
		   const char *name, struct err *err)
{
	struct case_record c;
	int rc;

	if (scope->kind == SCOPE_NATIONAL || scope->kind == SCOPE_UNIT)
		return HIM_OK;
	if (!rec->case_id) {
		referral_record_release(rec);
		return err_set(err, HIM_ENOTFOUND, "no referral %s", name);
	}
	case_record_init(&c);
	rc = st->be->case_read(st, scope, rec->case_id, false, &c, err);
	case_record_release(&c);
	if (rc == HIM_ENOTFOUND) {
		referral_record_release(rec);
		return err_set(err, HIM_ENOTFOUND, "no referral %s", name);
	}
	return rc;
}

int store_referral_get(struct store *st, const struct scope *scope, int64_t id,
		       struct referral_record *out, struct err *err)
{
	char name[32];
	int rc = st->be->referral_read(st, id, NULL, NULL, true, out, err);

	snprintf(name, sizeof(name), "%lld", (long long)id);
	return rc == HIM_OK ? visible(st, scope, out, name, err) : rc;
}

int store_referral_find(struct store *st, const struct scope *scope, const char *platform,
			const char *external_id, struct referral_record *out, struct err *err)
{
	struct strbuf name = STRBUF_INIT;
	int rc = st->be->referral_read(st, 0, platform, external_id, true, out, err);

	if (rc == HIM_OK) {
		strbuf_addf(&name, "%s:%s", platform, external_id);
		rc = visible(st, scope, out, name.buf, err);
		strbuf_release(&name);
	}
	return rc;
}

int store_referral_list(struct store *st, const struct scope *scope, const struct referral_filter *f,
			store_referral_fn fn, void *ctx, struct err *err)
{
	int rc;

	if ((rc = referral_scope_check(scope, "listing referrals", err)) != HIM_OK)
		return rc;
	return st->be->referral_each(st, f, 0, fn, ctx, err);
}

int store_case_referrals(struct store *st, const struct scope *scope, int64_t case_id,
			 store_referral_fn fn, void *ctx, struct err *err)
{
	struct referral_filter all;
	struct case_record c;
	int rc;

	/* Reading the case first applies the scope to its referrals. */
	case_record_init(&c);
	rc = st->be->case_read(st, scope, case_id, false, &c, err);
	case_record_release(&c);
	if (rc != HIM_OK)
		return rc;
	referral_filter_init(&all);
	return st->be->referral_each(st, &all, case_id, fn, ctx, err);
}

/* --- links --- */

/* Inside a write transaction: the case within scope, and the referral. */
static int link_read(struct store *st, const struct scope *scope, int64_t case_id, int64_t referral_id,
		     struct referral_record *rec, struct err *err)
{
	struct case_record c;
	int rc;

	case_record_init(&c);
	rc = st->be->case_read(st, scope, case_id, true, &c, err);
	case_record_release(&c);
	if (rc == HIM_OK)
		rc = st->be->referral_read(st, referral_id, NULL, NULL, false, rec, err);
	return rc;
}

/* A link changes the case (its platforms): audited as a case write, in
 * the link's own transaction, like every write of case data. */
static int audit_link(struct store *st, const char *what, int64_t case_id, const struct referral_record *rec,
		      struct err *err)
{
	struct strbuf object = STRBUF_INIT, detail = STRBUF_INIT;
	int rc;

	strbuf_addf(&object, "case:%lld", (long long)case_id);
	strbuf_addf(&detail, "%s %s:%s", what, rec->r.platform, rec->r.external_id);
	rc = store_audit_append_tx(st, st->actor && *st->actor ? st->actor : "system", "case_write", object.buf,
				   detail.buf, err);
	strbuf_release(&object);
	strbuf_release(&detail);
	return rc;
}

int store_case_link_referral(struct store *st, const struct scope *scope, int64_t case_id,
			     int64_t referral_id, struct err *err)
{
	struct referral_record rec;
	char *now;
	int rc;

	referral_record_init(&rec);
	if ((rc = st->be->begin(st, err)) != HIM_OK)
		return rc;
	rc = link_read(st, scope, case_id, referral_id, &rec, err);
	if (rc == HIM_OK && rec.case_id == case_id) {
		/* Already so: nothing to change. */
	} else if (rc == HIM_OK && rec.case_id) {
		rc = err_set(err, HIM_ECONFLICT, "referral %s:%s is already linked to case %lld; unlink it first",
			     rec.r.platform, rec.r.external_id, (long long)rec.case_id);
	} else if (rc == HIM_OK) {
		now = store_now_iso();
		rc = st->be->referral_link_write(st, referral_id, case_id, rec.r.platform, now, st->actor, err);
		free(now);
		if (rc == HIM_OK)
			rc = audit_link(st, "link_referral", case_id, &rec, err);
	}
	if (rc == HIM_OK)
		rc = st->be->commit(st, err);
	else
		st->be->rollback(st);
	referral_record_release(&rec);
	return rc;
}

int store_case_unlink_referral(struct store *st, const struct scope *scope, int64_t case_id,
			       int64_t referral_id, struct err *err)
{
	struct referral_record rec;
	int rc;

	referral_record_init(&rec);
	if ((rc = st->be->begin(st, err)) != HIM_OK)
		return rc;
	rc = link_read(st, scope, case_id, referral_id, &rec, err);
	if (rc == HIM_OK)
		rc = st->be->referral_unlink_write(st, referral_id, case_id, rec.r.platform, err);
	if (rc == HIM_OK)
		rc = audit_link(st, "unlink_referral", case_id, &rec, err);
	if (rc == HIM_OK)
		rc = st->be->commit(st, err);
	else
		st->be->rollback(st);
	referral_record_release(&rec);
	return rc;
}
