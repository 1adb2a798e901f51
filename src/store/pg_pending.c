/*
 * pg_pending.c - TEMPORARY: primitives of the PostgreSQL backend not written
 * yet. Each area's file replaces its part; this file is deleted when empty.
 */
#include "pg_internal.h"
#include "subject_backend.h"

int pg_case_insert(struct store *st, struct case_record *c, struct err *err)
{
	(void)st;
	(void)c;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_case_read(struct store *st, const struct scope *scope, int64_t id, bool for_update, struct case_record *out, struct err *err)
{
	(void)st;
	(void)scope;
	(void)id;
	(void)for_update;
	(void)out;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_events_read(struct store *st, int64_t case_id, struct event_list *out, struct err *err)
{
	(void)st;
	(void)case_id;
	(void)out;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_event_insert(struct store *st, struct case_event *ev, struct err *err)
{
	(void)st;
	(void)ev;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_case_state_write(struct store *st, int64_t case_id, const struct case_state *state, struct err *err)
{
	(void)st;
	(void)case_id;
	(void)state;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_case_each(struct store *st, const struct scope *scope, const struct case_filter *f, store_case_fn fn, void *ctx, struct err *err)
{
	(void)st;
	(void)scope;
	(void)f;
	(void)fn;
	(void)ctx;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_case_count(struct store *st, const struct scope *scope, const struct case_filter *f, int64_t *out, struct err *err)
{
	(void)st;
	(void)scope;
	(void)f;
	(void)out;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_stats_group(struct store *st, const struct scope *scope, const struct case_filter *f, const enum stats_dim *dims, size_t ndims, store_stats_fn fn, void *ctx, struct err *err)
{
	(void)st;
	(void)scope;
	(void)f;
	(void)dims;
	(void)ndims;
	(void)fn;
	(void)ctx;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_stats_median(struct store *st, const struct scope *scope, const struct case_filter *f, enum stats_interval interval, double *median_days, int64_t *n, struct err *err)
{
	(void)st;
	(void)scope;
	(void)f;
	(void)interval;
	(void)median_days;
	(void)n;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_referral_stmts_open(struct store *st, void **state, struct err *err)
{
	(void)st;
	(void)state;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

void pg_referral_stmts_close(struct store *st, void *state)
{
	(void)st;
	(void)state;
}

int pg_referral_lookup(struct store *st, void *state, const char *platform, const char *external_id, int64_t *id, char fingerprint[33], int64_t *import_id, struct err *err)
{
	(void)st;
	(void)state;
	(void)platform;
	(void)external_id;
	(void)id;
	(void)fingerprint;
	(void)import_id;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_referral_insert(struct store *st, void *state, const struct referral *r, const char *fingerprint, int64_t import_id, const char *now, int64_t *id, struct err *err)
{
	(void)st;
	(void)state;
	(void)r;
	(void)fingerprint;
	(void)import_id;
	(void)now;
	(void)id;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_referral_replace(struct store *st, void *state, int64_t id, const struct referral *r, const char *fingerprint, const char *now, struct err *err)
{
	(void)st;
	(void)state;
	(void)id;
	(void)r;
	(void)fingerprint;
	(void)now;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_referral_fill(struct store *st, void *state, int64_t id, const struct referral *r, bool *filled, struct err *err)
{
	(void)st;
	(void)state;
	(void)id;
	(void)r;
	(void)filled;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_referral_set_fingerprint(struct store *st, void *state, int64_t id, const char *fingerprint, const char *now, struct err *err)
{
	(void)st;
	(void)state;
	(void)id;
	(void)fingerprint;
	(void)now;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_referral_children_add(struct store *st, void *state, int64_t id, const struct referral *r, int *added, struct err *err)
{
	(void)st;
	(void)state;
	(void)id;
	(void)r;
	(void)added;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_referral_revision_add(struct store *st, void *state, int64_t id, const char *kind, int64_t import_id, const char *source_file, const char *old_fp, const char *new_fp, const char *now, bool once_per_import, struct err *err)
{
	(void)st;
	(void)state;
	(void)id;
	(void)kind;
	(void)import_id;
	(void)source_file;
	(void)old_fp;
	(void)new_fp;
	(void)now;
	(void)once_per_import;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_import_open(struct store *st, const char *kind, const char *file, const char *sha256, int64_t size, const char *now, const char *actor, struct import_log *out, struct err *err)
{
	(void)st;
	(void)kind;
	(void)file;
	(void)sha256;
	(void)size;
	(void)now;
	(void)actor;
	(void)out;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_import_write(struct store *st, int64_t id, int64_t records_done, const struct import_counts *c, const char *finished_at, struct err *err)
{
	(void)st;
	(void)id;
	(void)records_done;
	(void)c;
	(void)finished_at;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_referral_read(struct store *st, int64_t id, const char *platform, const char *external_id, bool children, struct referral_record *out, struct err *err)
{
	(void)st;
	(void)id;
	(void)platform;
	(void)external_id;
	(void)children;
	(void)out;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_referral_each(struct store *st, const struct referral_filter *f, int64_t case_id, store_referral_fn fn, void *ctx, struct err *err)
{
	(void)st;
	(void)f;
	(void)case_id;
	(void)fn;
	(void)ctx;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_referral_link_write(struct store *st, int64_t referral_id, int64_t case_id, const char *platform, const char *now, const char *actor, struct err *err)
{
	(void)st;
	(void)referral_id;
	(void)case_id;
	(void)platform;
	(void)now;
	(void)actor;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_referral_unlink_write(struct store *st, int64_t referral_id, int64_t case_id, const char *platform, struct err *err)
{
	(void)st;
	(void)referral_id;
	(void)case_id;
	(void)platform;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_account_insert(struct store *st, struct account *a, const char *now, struct err *err)
{
	(void)st;
	(void)a;
	(void)now;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_account_read(struct store *st, const char *name, int64_t id, bool secrets, struct account *out, struct err *err)
{
	(void)st;
	(void)name;
	(void)id;
	(void)secrets;
	(void)out;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_account_write(struct store *st, const struct account *a, const char *now, struct err *err)
{
	(void)st;
	(void)a;
	(void)now;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_account_each(struct store *st, store_account_fn fn, void *ctx, struct err *err)
{
	(void)st;
	(void)fn;
	(void)ctx;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_session_insert(struct store *st, const struct session_row *s, struct err *err)
{
	(void)st;
	(void)s;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_session_read(struct store *st, const char *token_hash, struct session_row *out, struct err *err)
{
	(void)st;
	(void)token_hash;
	(void)out;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_session_touch(struct store *st, const char *token_hash, int64_t now, struct err *err)
{
	(void)st;
	(void)token_hash;
	(void)now;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_session_delete(struct store *st, const char *token_hash, int64_t user_id, struct err *err)
{
	(void)st;
	(void)token_hash;
	(void)user_id;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_secret_ensure(struct store *st, const char *name, const unsigned char *candidate, size_t len, unsigned char *out, struct err *err)
{
	(void)st;
	(void)name;
	(void)candidate;
	(void)len;
	(void)out;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_audit_tail(struct store *st, int64_t *id, char hash[AUDIT_HASH_HEX], struct err *err)
{
	(void)st;
	(void)id;
	(void)hash;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_audit_insert(struct store *st, const struct audit_entry *e, struct err *err)
{
	(void)st;
	(void)e;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_audit_each(struct store *st, const struct audit_filter *f, store_audit_fn fn, void *ctx, struct err *err)
{
	(void)st;
	(void)f;
	(void)fn;
	(void)ctx;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_difficulty_insert(struct store *st, struct difficulty *d, struct err *err)
{
	(void)st;
	(void)d;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_difficulty_list(struct store *st, const struct scope *scope, int64_t id, struct difficulty_list *out, struct err *err)
{
	(void)st;
	(void)scope;
	(void)id;
	(void)out;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

int pg_difficulty_update(struct store *st, int64_t id, const char *answer, const char *by, const char *now, enum difficulty_status status, struct err *err)
{
	(void)st;
	(void)id;
	(void)answer;
	(void)by;
	(void)now;
	(void)status;
	return err_set(err, HIM_EDB, "%s: not written yet", __func__);
}

const struct subject_backend pg_subject_backend;
