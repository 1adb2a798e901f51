/*
 * query.c - building the WHERE clauses of case queries: the scope (the SQL
 * twin of scope_includes()) and the filter, with their bind values
 * collected in order. The SQL here is the part both dialects share;
 * placeholders are written "?" and numbered for PostgreSQL as they are
 * appended.
 */
#include "query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

/* The number of conditions is fixed by the code, not by input: running
 * out of bind slots is a programming error. */
static void query_room(struct query *q)
{
	if (q->n >= QUERY_BINDS_MAX) {
		fprintf(stderr, "himaya: too many query parameters\n");
		abort();
	}
}

/* Append fragment; its "?" becomes "$n" (n the value's position) in the
 * PostgreSQL style. Fragments are constants of this code, never input. */
static void query_fragment(struct query *q, const char *fragment)
{
	const char *mark;

	if (q->style == QUERY_QMARK || !(mark = strchr(fragment, '?'))) {
		strbuf_adds(&q->sql, fragment);
		return;
	}
	strbuf_add(&q->sql, fragment, (size_t)(mark - fragment));
	strbuf_addf(&q->sql, "$%d", q->n + 1);
	strbuf_adds(&q->sql, mark + 1);
}

void query_text(struct query *q, const char *fragment, const char *value)
{
	query_room(q);
	query_fragment(q, fragment);
	q->binds[q->n].type = BIND_TEXT;
	q->binds[q->n].text = value;
	q->n++;
}

void query_num(struct query *q, const char *fragment, int64_t value, int type)
{
	query_room(q);
	query_fragment(q, fragment);
	q->binds[q->n].type = type;
	q->binds[q->n].num = value;
	q->n++;
}

void query_release(struct query *q)
{
	strbuf_release(&q->sql);
	q->n = 0;
}

void scope_sql(struct query *q, const struct scope *scope)
{
	switch (scope->kind) {
	case SCOPE_NATIONAL:
		break;
	case SCOPE_DISTRICT:
		query_text(q, " AND c.district = ?", scope->code);
		break;
	case SCOPE_COURT:
		query_text(q, " AND c.court = ?", scope->code);
		break;
	case SCOPE_UNIT:
		query_text(q, " AND c.body = ?", scope->code);
		query_text(q, " AND c.unit = ?", scope->unit ? scope->unit : "");
		break;
	}
}

void filter_sql(struct query *q, const struct case_filter *f)
{
	if (f->court)
		query_text(q, " AND c.court = ?", f->court);
	if (f->district)
		query_text(q, " AND c.district = ?", f->district);
	if (f->year) {
		query_num(q, " AND c.registered >= ?", date_from_ymd(f->year, 1, 1), BIND_DATE);
		query_num(q, " AND c.registered < ?", date_from_ymd(f->year + 1, 1, 1), BIND_DATE);
	}
	if (f->from != DATE_NONE)
		query_num(q, " AND c.registered >= ?", f->from, BIND_DATE);
	if (f->to != DATE_NONE)
		query_num(q, " AND c.registered <= ?", f->to, BIND_DATE);
	if (f->platform)
		query_text(q, " AND EXISTS (SELECT 1 FROM case_platforms p WHERE p.case_id = c.id AND p.platform = ?)",
			   f->platform);
	if (f->subject)
		query_text(q, " AND EXISTS (SELECT 1 FROM case_subjects s WHERE s.case_id = c.id AND s.subject = ?)",
			   f->subject);
	if (f->body)
		query_text(q, " AND c.body = ?", f->body);
	if (f->decision)
		query_text(q, " AND coalesce(c.decision, '') = ?", f->decision);
	if (f->first)
		query_text(q, " AND coalesce(c.first_outcome, '') = ?", f->first);
	if (f->appeal)
		query_text(q, " AND coalesce(c.appeal_outcome, '') = ?", f->appeal);
	if (f->cassation)
		query_text(q, " AND coalesce(c.cassation_outcome, '') = ?", f->cassation);
	if (f->stage >= 0)
		query_text(q, " AND c.stage = ?", case_stage_name((enum case_stage)f->stage));
	if (f->stages) {
		bool first = true;
		strbuf_adds(&q->sql, " AND c.stage IN (");
		for (int s = 0; s < STAGE_COUNT; s++) {
			if (!(f->stages & (1u << s)))
				continue;
			query_text(q, first ? "?" : ", ?", case_stage_name((enum case_stage)s));
			first = false;
		}
		strbuf_adds(&q->sql, ")");
	}
	if (f->last_event_before != 0 && f->last_event_before != DATE_NONE)
		query_num(q, " AND coalesce(c.last_event_date, c.registered) < ?", f->last_event_before, BIND_DATE);
	if (f->after_id > 0)
		query_num(q, " AND c.id > ?", f->after_id, BIND_INT);
}

/* The SQL expression of each dimension over cases c, platforms p, subjects sj. */
static const char *dim_expr(const struct query *q, enum stats_dim dim)
{
	switch (dim) {
	case STATS_COURT: return "c.court";
	case STATS_DISTRICT: return "c.district";
	case STATS_YEAR: return q->style == QUERY_DOLLAR ? "to_char(c.registered, 'YYYY')" : "substr(c.registered, 1, 4)";
	case STATS_PLATFORM: return "coalesce(p.platform, '')";
	case STATS_BODY: return "c.body";
	case STATS_SUBJECT: return "coalesce(sj.subject, '')";
	case STATS_DECISION: return "coalesce(c.decision, '')";
	case STATS_FIRST: return "coalesce(c.first_outcome, '')";
	case STATS_APPEAL: return "coalesce(c.appeal_outcome, '')";
	case STATS_CASSATION: return "coalesce(c.cassation_outcome, '')";
	case STATS_STAGE: return "c.stage";
	case STATS_DIM_COUNT: break;
	}
	return "''";
}

void stats_group_sql(struct query *q, const struct scope *scope, const struct case_filter *f,
		     const enum stats_dim *dims, size_t ndims)
{
	struct case_filter unpaged = *f;
	bool pg = q->style == QUERY_DOLLAR, platforms = false, subjects = false;
	size_t i;

	unpaged.after_id = 0;
	unpaged.limit = 0;
	strbuf_adds(&q->sql, "SELECT ");
	for (i = 0; i < ndims; i++) {
		strbuf_addf(&q->sql, pg ? "(%s) COLLATE \"C\", " : "%s, ", dim_expr(q, dims[i]));
		platforms |= dims[i] == STATS_PLATFORM;
		subjects |= dims[i] == STATS_SUBJECT;
	}
	/* A platform or subject table is joined only when its dimension is
	 * grouped, and (case_id, platform), (case_id, subject) are primary
	 * keys, so a case is one row in each group it belongs to: PostgreSQL
	 * counts rows, without the sort it spends on DISTINCT. */
	strbuf_adds(&q->sql, pg ? "count(*) FROM cases c" : "count(DISTINCT c.id) FROM cases c");
	if (platforms)
		strbuf_adds(&q->sql, " LEFT JOIN case_platforms p ON p.case_id = c.id");
	if (subjects)
		strbuf_adds(&q->sql, " LEFT JOIN case_subjects sj ON sj.case_id = c.id");
	strbuf_adds(&q->sql, " WHERE 1 = 1");
	scope_sql(q, scope);
	filter_sql(q, &unpaged);
	for (i = 0; i < ndims; i++)
		strbuf_addf(&q->sql, "%s%zu", i ? ", " : " GROUP BY ", i + 1);
	for (i = 0; i < ndims; i++)
		strbuf_addf(&q->sql, "%s%zu", i ? ", " : " ORDER BY ", i + 1);
}

int interval_sql(const struct query *q, enum stats_interval interval, const char **from, const char **to,
		 const char **known, struct err *err)
{
	/* Bits of inferred_dates: 1 decision, 2 first instance, 4 appeal. */
	switch (interval) {
	case INTERVAL_REGISTRATION_TO_DECISION:
		*from = "c.registered";
		*to = "c.decision_date";
		*known = q->style == QUERY_DOLLAR ? "NOT c.registered_inferred AND (c.inferred_dates & 1) = 0"
						  : "c.registered_inferred = 0 AND (c.inferred_dates & 1) = 0";
		return HIM_OK;
	case INTERVAL_DECISION_TO_JUDGMENT:
		*from = "c.decision_date";
		*to = "c.first_date";
		*known = "(c.inferred_dates & 3) = 0";
		return HIM_OK;
	case INTERVAL_JUDGMENT_TO_APPEAL:
		*from = "c.first_date";
		*to = "c.appeal_date";
		*known = "(c.inferred_dates & 6) = 0";
		return HIM_OK;
	}
	return err_set(err, HIM_EUSAGE, "unknown interval");
}
