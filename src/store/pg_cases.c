/*
 * pg_cases.c - cases and events in the PostgreSQL backend, the twin of
 * sqlite_cases.c: same results, same errors.
 *
 * Every read goes through scope_sql() (query.h), the SQL twin of
 * scope_includes(), so a query cannot be written without its scope.
 *
 * PostgreSQL: dates are date, instants timestamptz (given back in the
 * store's "YYYY-MM-DDTHH:MM:SSZ" form), flags boolean. A case is inserted
 * with its subjects and platforms in one statement (data-modifying CTEs
 * fed by unnest() of a text[]), an event with its charges likewise: one
 * round trip each. A duplicate file number is found by the INSERT's own
 * NOT EXISTS rather than by a failed INSERT, which would abort the
 * transaction and, like ON CONFLICT, spend an id: SQLite reuses the id of
 * a refused insert, and the two backends give the same ids to the same
 * cases. An event's charges come with it (string_agg), not by one
 * query per decision. Lists go through a cursor (pg_stream) so a national
 * walk stays in constant memory; text sort keys are COLLATE "C", the byte
 * order SQLite uses, whatever the database's locale.
 */
#include "pg_query.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/banned.h"

#define CASE_COLUMNS \
	"c.id, c.court, c.district, c.file_number, c.registered, c.body, c.unit, c.suspects," \
	" c.notes, c.version, c.created_at, c.created_by, c.stage, c.decision, c.decision_date," \
	" c.decision_event, c.first_outcome, c.first_date, c.first_event, c.first_prison_months," \
	" c.first_suspended_months, c.first_fine_mad, c.appeal_outcome, c.appeal_date," \
	" c.appeal_event, c.appeal_prison_months, c.appeal_suspended_months, c.appeal_fine_mad," \
	" c.cassation_outcome, c.cassation_date, c.cassation_event, c.last_event_date," \
	" (SELECT string_agg(subject, ',' ORDER BY position) FROM case_subjects WHERE case_id = c.id)," \
	" (SELECT string_agg(platform, ',' ORDER BY position) FROM case_platforms WHERE case_id = c.id)," \
	" c.registered_inferred, c.inferred_dates"

/* Bits of cases.inferred_dates (001_init.sql). */
enum { INFERRED_DECISION = 1, INFERRED_FIRST = 2, INFERRED_APPEAL = 4, INFERRED_CASSATION = 8 };

/* A page of the case list is read in one result; longer walks stream. */
#define CASE_PAGE_MAX 1000

static void read_level(const PGresult *res, int r, int col, struct level_outcome *lo, bool sentence)
{
	pg_col_code(res, r, col, lo->code);
	lo->date = pg_col_date(res, r, col + 1);
	lo->event_id = pg_col_opt_int(res, r, col + 2);
	if (lo->event_id < 0)
		lo->event_id = 0;
	if (sentence) {
		lo->sentence.prison_months = (int)pg_col_opt_int(res, r, col + 3);
		lo->sentence.suspended_months = (int)pg_col_opt_int(res, r, col + 4);
		lo->sentence.fine_mad = pg_col_opt_int(res, r, col + 5);
	}
}

static void read_case_row(const PGresult *res, int r, struct case_record *c)
{
	int inferred;

	c->id = pg_col_int(res, r, 0);
	pg_col_code(res, r, 1, c->court);
	pg_col_code(res, r, 2, c->district);
	c->file_number = pg_col_dup(res, r, 3);
	c->registered = pg_col_date(res, r, 4);
	pg_col_code(res, r, 5, c->body);
	c->unit = pg_col_dup(res, r, 6);
	c->suspects = (int)pg_col_int(res, r, 7);
	c->notes = pg_col_dup(res, r, 8);
	c->version = pg_col_int(res, r, 9);
	c->created_at = pg_col_time(res, r, 10);
	c->created_by = pg_col_dup(res, r, 11);
	case_state_init(&c->state);
	case_stage_parse(PQgetvalue(res, r, 12), &c->state.stage);
	pg_col_code(res, r, 13, c->state.decision);
	c->state.decision_date = pg_col_date(res, r, 14);
	c->state.decision_event_id = pg_col_opt_int(res, r, 15) < 0 ? 0 : pg_col_opt_int(res, r, 15);
	read_level(res, r, 16, &c->state.first, true);
	read_level(res, r, 22, &c->state.appeal, true);
	read_level(res, r, 28, &c->state.cassation, false);
	c->state.last_event_date = pg_col_date(res, r, 31);
	if (!PQgetisnull(res, r, 32))
		code_list_parse(&c->subjects, PQgetvalue(res, r, 32));
	if (!PQgetisnull(res, r, 33))
		code_list_parse(&c->platforms, PQgetvalue(res, r, 33));
	c->registered_inferred = pg_col_bool(res, r, 34);
	inferred = (int)pg_col_int(res, r, 35);
	c->state.decision_date_inferred = inferred & INFERRED_DECISION;
	c->state.first.date_inferred = inferred & INFERRED_FIRST;
	c->state.appeal.date_inferred = inferred & INFERRED_APPEAL;
	c->state.cassation.date_inferred = inferred & INFERRED_CASSATION;
}

int pg_case_insert(struct store *st, struct case_record *c, struct err *err)
{
	static const char sql[] =
		"WITH c AS (INSERT INTO cases (court, district, file_number, registered, body, unit, suspects,"
		"  notes, version, created_at, created_by, stage, registered_inferred)"
		"  SELECT $1, $2, $3, $4::date, $5, $6, $7::integer, $8, 1, $9::timestamptz, $10, $11, $12::boolean"
		"  WHERE NOT EXISTS (SELECT 1 FROM cases WHERE court = $1 AND file_number = $3)"
		"  RETURNING id),"
		" s AS (INSERT INTO case_subjects (case_id, subject, position)"
		"  SELECT c.id, u.code, u.n - 1 FROM c, unnest($13::text[]) WITH ORDINALITY AS u (code, n)),"
		" p AS (INSERT INTO case_platforms (case_id, platform, position)"
		"  SELECT c.id, u.code, u.n - 1 FROM c, unnest($14::text[]) WITH ORDINALITY AS u (code, n))"
		" SELECT id FROM c";
	struct strbuf subjects = STRBUF_INIT, platforms = STRBUF_INIT;
	struct pg_params p;
	PGresult *res;
	int rc;

	pg_array_codes(&subjects, &c->subjects);
	pg_array_codes(&platforms, &c->platforms);
	pg_params_init(&p);
	pg_param_text(&p, c->court);
	pg_param_text(&p, c->district);
	pg_param_text(&p, c->file_number);
	pg_param_date(&p, c->registered);
	pg_param_text(&p, c->body);
	pg_param_text(&p, c->unit);
	pg_param_int(&p, c->suspects);
	pg_param_text(&p, c->notes);
	pg_param_text(&p, c->created_at);
	pg_param_text(&p, c->created_by);
	pg_param_text(&p, case_stage_name(c->state.stage));
	pg_param_bool(&p, c->registered_inferred);
	pg_param_text(&p, subjects.buf);
	pg_param_text(&p, platforms.buf);
	rc = pg_query(st, sql, &p, &res, "opening the case", err);
	strbuf_release(&subjects);
	strbuf_release(&platforms);
	if (rc != HIM_OK)
		return rc;
	/* Only the (court, file_number) key makes a duplicate (no row came
	 * back); any other constraint failing is the error above. */
	if (PQntuples(res) != 1) {
		PQclear(res);
		return err_set(err, HIM_ECONFLICT, "court '%s' already has a case with file number '%s'", c->court,
			       c->file_number);
	}
	c->id = pg_col_int(res, 0, 0);
	c->version = 1;
	PQclear(res);
	return HIM_OK;
}

int pg_case_read(struct store *st, const struct scope *scope, int64_t id, bool for_update,
		 struct case_record *out, struct err *err)
{
	struct query q = QUERY_INIT_PG;
	struct pg_params p;
	PGresult *res;
	int rc;

	strbuf_adds(&q.sql, "SELECT " CASE_COLUMNS " FROM cases c WHERE 1 = 1");
	query_num(&q, " AND c.id = ?", id, BIND_INT);
	scope_sql(&q, scope);
	/* begin() already serialises writers; the row lock also keeps the
	 * case still against anything that writes without it. */
	if (for_update)
		strbuf_adds(&q.sql, " FOR UPDATE OF c");
	query_pg_params(&q, &p);
	rc = pg_query_built(st, q.sql.buf, &p, &res, "reading a case", err);
	if (rc == HIM_OK) {
		if (PQntuples(res) == 1) {
			case_record_release(out);
			read_case_row(res, 0, out);
		} else {
			rc = err_set(err, HIM_ENOTFOUND, "no case %lld", (long long)id);
		}
		PQclear(res);
	}
	query_release(&q);
	return rc;
}

int pg_events_read(struct store *st, int64_t case_id, struct event_list *out, struct err *err)
{
	static const char sql[] =
		"SELECT e.id, e.case_id, e.type, e.date, e.supersedes, e.retracts, e.code, e.reason, e.note,"
		" e.accused, e.prison_months, e.suspended_months, e.fine_mad, e.recorded_at, e.recorded_by,"
		" e.date_inferred,"
		" CASE WHEN e.type = 'decision' THEN (SELECT string_agg(subject, ',' ORDER BY position)"
		"  FROM event_charges WHERE event_id = e.id) END"
		" FROM case_events e WHERE e.case_id = $1 ORDER BY e.id";
	struct pg_params p;
	PGresult *res;
	int rc, n;

	pg_params_init(&p);
	pg_param_int(&p, case_id);
	if ((rc = pg_query(st, sql, &p, &res, "reading events", err)) != HIM_OK)
		return rc;
	n = PQntuples(res);
	for (int r = 0; r < n; r++) {
		struct case_event *ev = event_list_push(out);

		ev->id = pg_col_int(res, r, 0);
		ev->case_id = pg_col_int(res, r, 1);
		event_type_parse(PQgetvalue(res, r, 2), &ev->type);
		ev->date = pg_col_date(res, r, 3);
		ev->supersedes = pg_col_opt_int(res, r, 4) < 0 ? 0 : pg_col_opt_int(res, r, 4);
		ev->retracts = pg_col_bool(res, r, 5);
		pg_col_code(res, r, 6, ev->code);
		pg_col_code(res, r, 7, ev->reason);
		ev->note = pg_col_dup(res, r, 8);
		ev->accused = (int)pg_col_opt_int(res, r, 9);
		ev->sentence.prison_months = (int)pg_col_opt_int(res, r, 10);
		ev->sentence.suspended_months = (int)pg_col_opt_int(res, r, 11);
		ev->sentence.fine_mad = pg_col_opt_int(res, r, 12);
		ev->recorded_at = pg_col_time(res, r, 13);
		ev->recorded_by = pg_col_dup(res, r, 14);
		ev->date_inferred = pg_col_bool(res, r, 15);
		if (ev->type == EVENT_DECISION && !PQgetisnull(res, r, 16))
			code_list_parse(&ev->charges, PQgetvalue(res, r, 16));
	}
	PQclear(res);
	return HIM_OK;
}

int pg_event_insert(struct store *st, struct case_event *ev, struct err *err)
{
	static const char sql[] =
		"WITH e AS (INSERT INTO case_events (case_id, type, date, supersedes, retracts, code, reason,"
		"  note, accused, prison_months, suspended_months, fine_mad, recorded_at, recorded_by,"
		"  date_inferred)"
		"  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id),"
		" ch AS (INSERT INTO event_charges (event_id, subject, position)"
		"  SELECT e.id, u.code, u.n - 1 FROM e, unnest($16::text[]) WITH ORDINALITY AS u (code, n))"
		" SELECT id FROM e";
	struct strbuf charges = STRBUF_INIT;
	struct pg_params p;
	PGresult *res;
	int rc;

	pg_array_codes(&charges, &ev->charges);
	pg_params_init(&p);
	pg_param_int(&p, ev->case_id);
	pg_param_text(&p, event_type_name(ev->type));
	pg_param_date(&p, ev->date);
	pg_param_opt_int(&p, ev->supersedes ? ev->supersedes : -1);
	pg_param_bool(&p, ev->retracts);
	pg_param_text(&p, ev->code[0] ? ev->code : NULL);
	pg_param_text(&p, ev->reason[0] ? ev->reason : NULL);
	pg_param_text(&p, ev->note);
	pg_param_opt_int(&p, ev->accused);
	pg_param_opt_int(&p, ev->sentence.prison_months);
	pg_param_opt_int(&p, ev->sentence.suspended_months);
	pg_param_opt_int(&p, ev->sentence.fine_mad);
	pg_param_text(&p, ev->recorded_at);
	pg_param_text(&p, ev->recorded_by);
	pg_param_bool(&p, ev->date_inferred);
	pg_param_text(&p, charges.buf);
	rc = pg_query(st, sql, &p, &res, "recording the event", err);
	strbuf_release(&charges);
	if (rc != HIM_OK)
		return rc;
	ev->id = pg_col_int(res, 0, 0);
	PQclear(res);
	return HIM_OK;
}

static void param_level(struct pg_params *p, const struct level_outcome *lo, bool sentence)
{
	pg_param_text(p, lo->code[0] ? lo->code : NULL);
	pg_param_date(p, lo->date);
	pg_param_opt_int(p, lo->event_id ? lo->event_id : -1);
	if (sentence) {
		pg_param_opt_int(p, lo->sentence.prison_months);
		pg_param_opt_int(p, lo->sentence.suspended_months);
		pg_param_opt_int(p, lo->sentence.fine_mad);
	}
}

int pg_case_state_write(struct store *st, int64_t case_id, const struct case_state *state,
			struct err *err)
{
	static const char sql[] =
		"UPDATE cases SET stage = $1, decision = $2, decision_date = $3, decision_event = $4,"
		" first_outcome = $5, first_date = $6, first_event = $7, first_prison_months = $8,"
		" first_suspended_months = $9, first_fine_mad = $10,"
		" appeal_outcome = $11, appeal_date = $12, appeal_event = $13, appeal_prison_months = $14,"
		" appeal_suspended_months = $15, appeal_fine_mad = $16,"
		" cassation_outcome = $17, cassation_date = $18, cassation_event = $19,"
		" last_event_date = $20, inferred_dates = $22, version = version + 1 WHERE id = $21";
	struct pg_params p;
	PGresult *res;
	int rc;

	pg_params_init(&p);
	pg_param_text(&p, case_stage_name(state->stage));
	pg_param_text(&p, state->decision[0] ? state->decision : NULL);
	pg_param_date(&p, state->decision_date);
	pg_param_opt_int(&p, state->decision_event_id ? state->decision_event_id : -1);
	param_level(&p, &state->first, true);
	param_level(&p, &state->appeal, true);
	param_level(&p, &state->cassation, false);
	pg_param_date(&p, state->last_event_date);
	pg_param_int(&p, case_id);
	pg_param_int(&p, (state->decision_date_inferred ? INFERRED_DECISION : 0) |
				 (state->first.date_inferred ? INFERRED_FIRST : 0) |
				 (state->appeal.date_inferred ? INFERRED_APPEAL : 0) |
				 (state->cassation.date_inferred ? INFERRED_CASSATION : 0));
	if ((rc = pg_query(st, sql, &p, &res, "updating the case", err)) != HIM_OK)
		return rc;
	if (pg_affected(res) != 1)
		rc = err_set(err, HIM_ENOTFOUND, "no case %lld", (long long)case_id);
	PQclear(res);
	return rc;
}

struct case_walk {
	store_case_fn fn;
	void *ctx;
	struct case_record c;
};

static int case_walk_row(const PGresult *res, int r, void *ctx)
{
	struct case_walk *w = ctx;

	case_record_release(&w->c);
	read_case_row(res, r, &w->c);
	return w->fn(&w->c, w->ctx);
}

int pg_case_each(struct store *st, const struct scope *scope, const struct case_filter *f,
		 store_case_fn fn, void *ctx, struct err *err)
{
	struct query q = QUERY_INIT_PG;
	struct case_walk w = { fn, ctx, { 0 } };
	struct pg_params p;
	int rc = HIM_OK;

	strbuf_adds(&q.sql, "SELECT " CASE_COLUMNS " FROM cases c WHERE 1 = 1");
	scope_sql(&q, scope);
	filter_sql(&q, f);
	/* One court's table is in registration order even when a decree moved
	 * the court to another district mid-period (its cases keep the district
	 * of their registration). */
	if (f->order == CASE_ORDER_COURT && f->court)
		strbuf_adds(&q.sql, " ORDER BY c.registered, c.id");
	else if (f->order == CASE_ORDER_COURT)
		strbuf_adds(&q.sql, " ORDER BY c.district COLLATE \"C\", c.court COLLATE \"C\", c.registered, c.id");
	else
		strbuf_adds(&q.sql, " ORDER BY c.id");
	if (f->limit > 0)
		query_num(&q, " LIMIT ?", f->limit, BIND_INT);
	query_pg_params(&q, &p);
	case_record_init(&w.c);
	if (f->limit > 0 && f->limit <= CASE_PAGE_MAX) {
		/* A page: one prepared query, no cursor. */
		PGresult *res;

		rc = pg_query_built(st, q.sql.buf, &p, &res, "listing cases", err);
		if (rc == HIM_OK) {
			int n = PQntuples(res);
			for (int r = 0; r < n && rc == HIM_OK; r++)
				rc = case_walk_row(res, r, &w);
			PQclear(res);
		}
	} else {
		rc = pg_stream(st, q.sql.buf, &p, case_walk_row, &w, "listing cases", err);
	}
	case_record_release(&w.c);
	query_release(&q);
	return rc;
}

int pg_case_count(struct store *st, const struct scope *scope, const struct case_filter *f,
		  int64_t *out, struct err *err)
{
	struct query q = QUERY_INIT_PG;
	struct case_filter unpaged = *f;
	struct pg_params p;
	PGresult *res;
	int rc;

	unpaged.after_id = 0;
	strbuf_adds(&q.sql, "SELECT count(*) FROM cases c WHERE 1 = 1");
	scope_sql(&q, scope);
	filter_sql(&q, &unpaged);
	query_pg_params(&q, &p);
	rc = pg_query_built(st, q.sql.buf, &p, &res, "counting cases", err);
	if (rc == HIM_OK) {
		*out = pg_col_int(res, 0, 0);
		PQclear(res);
	}
	query_release(&q);
	return rc;
}
