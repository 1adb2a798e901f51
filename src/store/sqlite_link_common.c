/*
 * sqlite_link_common.c - the linking identifier values reported most
 * often (store_link_common_values): the candidates for the list of values
 * that never link (core/link_exclude.h), on SQLite.
 */
#include "sqlite_subject_internal.h"

#include "../lib/banned.h"

struct common_ctx {
	store_link_common_fn fn;
	void *ctx;
};

static int common_row(sqlite3_stmt *s, void *ctx)
{
	struct common_ctx *cc = ctx;
	struct link_common_value v;

	if (!ident_kind_parse(sq_subject_text(s, 0), &v.kind))
		return HIM_OK;
	v.value = sq_subject_text(s, 1);
	v.service = sq_subject_text(s, 2);
	v.referrals = sqlite3_column_int64(s, 3);
	return cc->fn(&v, cc->ctx);
}

int sq_link_common_values(struct store *st, int64_t min, int64_t limit, store_link_common_fn fn, void *ctx,
			  struct err *err)
{
	struct common_ctx cc = { fn, ctx };
	sqlite3_stmt *s;
	int rc;

	/* An account or screen name links only within its service. */
	if ((rc = sq_prepare(st, &s, "SELECT kind, value, service, count(*) AS n FROM referral_idents"
			     " WHERE role = 'reported' AND (kind IN ('email', 'phone', 'p2p_guid')"
			     "   OR (kind IN ('esp_account', 'screen_name') AND service <> ''))"
			     " GROUP BY value, kind, service HAVING count(*) >= ?1"
			     " ORDER BY n DESC, kind, value, service LIMIT ?2", err)) != HIM_OK)
		return rc;
	sqlite3_bind_int64(s, 1, min);
	sqlite3_bind_int64(s, 2, limit);
	return sq_each_row(st, s, common_row, &cc, err, "counting the identifier values");
}
