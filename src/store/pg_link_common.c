/*
 * pg_link_common.c - the linking identifier values reported most often
 * (store_link_common_values): the candidates for the list of values that
 * never link (core/link_exclude.h), on PostgreSQL, in SQLite's order.
 */
#include "pg_subject_internal.h"

#include "../lib/banned.h"

struct common_ctx {
	store_link_common_fn fn;
	void *ctx;
};

static int common_row(const PGresult *res, int r, void *ctx)
{
	struct common_ctx *cc = ctx;
	struct link_common_value v;

	if (!ident_kind_parse(PQgetvalue(res, r, 0), &v.kind))
		return HIM_OK;
	v.value = PQgetvalue(res, r, 1);
	v.service = PQgetvalue(res, r, 2);
	v.referrals = pg_col_int(res, r, 3);
	return cc->fn(&v, cc->ctx);
}

int pg_link_common_values(struct store *st, int64_t min, int64_t limit, store_link_common_fn fn, void *ctx,
			  struct err *err)
{
	/* An account or screen name links only within its service. */
	static const char sql[] =
		"SELECT kind, value, service, count(*) AS n FROM referral_idents"
		" WHERE role = 'reported' AND (kind IN ('email', 'phone', 'p2p_guid')"
		"   OR (kind IN ('esp_account', 'screen_name') AND service <> ''))"
		" GROUP BY value, kind, service HAVING count(*) >= $1"
		" ORDER BY n DESC, kind COLLATE \"C\", value COLLATE \"C\", service COLLATE \"C\" LIMIT $2";
	struct common_ctx cc = { fn, ctx };
	struct pg_params p;

	pg_params_init(&p);
	pg_param_int(&p, min);
	pg_param_int(&p, limit);
	return pg_each_row(st, sql, &p, common_row, &cc, "counting the identifier values", err);
}
