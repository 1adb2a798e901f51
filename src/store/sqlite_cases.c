/*
 * sqlite_cases.c - cases and events in the SQLite backend.
 *
 * Every read goes through scope_sql(), the SQL twin of scope_includes(),
 * so a query cannot be written without its scope.
 */
#include "sqlite_internal.h"
#include "sqlite_query.h"

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
	" (SELECT group_concat(subject, ',') FROM (SELECT subject FROM case_subjects" \
	"   WHERE case_id = c.id ORDER BY position))," \
	" (SELECT group_concat(platform, ',') FROM (SELECT platform FROM case_platforms" \
	"   WHERE case_id = c.id ORDER BY position))," \
	" c.registered_inferred, c.inferred_dates"

/* Bits of cases.inferred_dates (005_inferred_dates.sql). */
enum { INFERRED_DECISION = 1, INFERRED_FIRST = 2, INFERRED_APPEAL = 4, INFERRED_CASSATION = 8 };

static void read_level(sqlite3_stmt *s, int col, struct level_outcome *lo, bool sentence)
{
	sq_col_code(s, col, lo->code);
	lo->date = sq_col_date(s, col + 1);
	lo->event_id = sq_col_opt_int(s, col + 2);
	if (lo->event_id < 0)
		lo->event_id = 0;
	if (sentence) {
		lo->sentence.prison_months = (int)sq_col_opt_int(s, col + 3);
		lo->sentence.suspended_months = (int)sq_col_opt_int(s, col + 4);
		lo->sentence.fine_mad = sq_col_opt_int(s, col + 5);
	}
}

static void read_case_row(sqlite3_stmt *s, struct case_record *c)
{
	const char *list;

	c->id = sqlite3_column_int64(s, 0);
	sq_col_code(s, 1, c->court);
	sq_col_code(s, 2, c->district);
	c->file_number = sq_col_dup(s, 3);
	c->registered = sq_col_date(s, 4);
	sq_col_code(s, 5, c->body);
	c->unit = sq_col_dup(s, 6);
	c->suspects = sqlite3_column_int(s, 7);
	c->notes = sq_col_dup(s, 8);
	c->version = sqlite3_column_int64(s, 9);
	c->created_at = sq_col_dup(s, 10);
	c->created_by = sq_col_dup(s, 11);
	case_state_init(&c->state);
	case_stage_parse((const char *)sqlite3_column_text(s, 12), &c->state.stage);
	sq_col_code(s, 13, c->state.decision);
	c->state.decision_date = sq_col_date(s, 14);
	c->state.decision_event_id = sq_col_opt_int(s, 15) < 0 ? 0 : sq_col_opt_int(s, 15);
	read_level(s, 16, &c->state.first, true);
	read_level(s, 22, &c->state.appeal, true);
	read_level(s, 28, &c->state.cassation, false);
	c->state.last_event_date = sq_col_date(s, 31);
	list = (const char *)sqlite3_column_text(s, 32);
	if (list)
		code_list_parse(&c->subjects, list);
	list = (const char *)sqlite3_column_text(s, 33);
	if (list)
		code_list_parse(&c->platforms, list);
	c->registered_inferred = sqlite3_column_int(s, 34) != 0;
	int inferred = sqlite3_column_int(s, 35);
	c->state.decision_date_inferred = inferred & INFERRED_DECISION;
	c->state.first.date_inferred = inferred & INFERRED_FIRST;
	c->state.appeal.date_inferred = inferred & INFERRED_APPEAL;
	c->state.cassation.date_inferred = inferred & INFERRED_CASSATION;
}

static int insert_codes(struct store *st, const char *sql, int64_t id, const struct code_list *l,
			struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = sq_prepare(st, &s, sql, err)) != HIM_OK)
		return rc;
	for (size_t i = 0; i < l->n && rc == HIM_OK; i++) {
		sqlite3_bind_int64(s, 1, id);
		sq_bind_text(s, 2, l->code[i]);
		sqlite3_bind_int(s, 3, (int)i);
		if (sqlite3_step(s) != SQLITE_DONE)
			rc = sq_error(st, err, "storing a code list");
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	return rc;
}

int sq_case_insert(struct store *st, struct case_record *c, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	rc = sq_prepare(st, &s,
			"INSERT INTO cases (court, district, file_number, registered, body, unit, suspects,"
			" notes, version, created_at, created_by, stage, registered_inferred)"
			" VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)", err);
	if (rc != HIM_OK)
		return rc;
	sq_bind_text(s, 1, c->court);
	sq_bind_text(s, 2, c->district);
	sq_bind_text(s, 3, c->file_number);
	sq_bind_date(s, 4, c->registered);
	sq_bind_text(s, 5, c->body);
	sq_bind_text(s, 6, c->unit);
	sqlite3_bind_int(s, 7, c->suspects);
	sq_bind_text(s, 8, c->notes);
	sq_bind_text(s, 9, c->created_at);
	sq_bind_text(s, 10, c->created_by);
	sq_bind_text(s, 11, case_stage_name(c->state.stage));
	sqlite3_bind_int(s, 12, c->registered_inferred);
	if (sqlite3_step(s) != SQLITE_DONE) {
		/* Only the (court, file_number) key makes a duplicate; any other
		 * constraint failing is a fault, not the user's conflict. */
		bool duplicate = sqlite3_extended_errcode(sq_db(st)) == SQLITE_CONSTRAINT_UNIQUE;
		rc = sq_error(st, err, "opening the case");
		if (duplicate)
			rc = err_set(err, HIM_ECONFLICT, "court '%s' already has a case with file number '%s'",
				     c->court, c->file_number);
	}
	sqlite3_finalize(s);
	if (rc != HIM_OK)
		return rc;
	c->id = sqlite3_last_insert_rowid(sq_db(st));
	c->version = 1;
	rc = insert_codes(st, "INSERT INTO case_subjects (case_id, subject, position) VALUES (?, ?, ?)",
			  c->id, &c->subjects, err);
	if (rc == HIM_OK)
		rc = insert_codes(st, "INSERT INTO case_platforms (case_id, platform, position) VALUES (?, ?, ?)",
				  c->id, &c->platforms, err);
	return rc;
}

int sq_case_read(struct store *st, const struct scope *scope, int64_t id, bool for_update,
		 struct case_record *out, struct err *err)
{
	struct query q = QUERY_INIT;
	sqlite3_stmt *s;
	int rc, step;

	/* SQLite's BEGIN IMMEDIATE already holds the write lock: for_update
	 * needs nothing more here (PostgreSQL will say FOR UPDATE). */
	(void)for_update;
	strbuf_adds(&q.sql, "SELECT " CASE_COLUMNS " FROM cases c WHERE 1 = 1");
	query_num(&q, " AND c.id = ?", id, BIND_INT);
	scope_sql(&q, scope);
	rc = sq_prepare(st, &s, q.sql.buf, err);
	if (rc == HIM_OK) {
		query_bind(&q, s);
		step = sqlite3_step(s);
		if (step == SQLITE_ROW) {
			case_record_release(out);
			read_case_row(s, out);
		} else if (step == SQLITE_DONE) {
			rc = err_set(err, HIM_ENOTFOUND, "no case %lld", (long long)id);
		} else {
			rc = sq_error(st, err, "reading a case");
		}
		sqlite3_finalize(s);
	}
	strbuf_release(&q.sql);
	return rc;
}

int sq_events_read(struct store *st, int64_t case_id, struct event_list *out, struct err *err)
{
	sqlite3_stmt *s, *ch;
	int rc, step;

	rc = sq_prepare(st, &s,
			"SELECT id, case_id, type, date, supersedes, retracts, code, reason, note, accused,"
			" prison_months, suspended_months, fine_mad, recorded_at, recorded_by, date_inferred"
			" FROM case_events WHERE case_id = ? ORDER BY id", err);
	if (rc != HIM_OK)
		return rc;
	if ((rc = sq_prepare(st, &ch, "SELECT subject FROM event_charges WHERE event_id = ? ORDER BY position", err)) != HIM_OK) {
		sqlite3_finalize(s);
		return rc;
	}
	sqlite3_bind_int64(s, 1, case_id);
	while (rc == HIM_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct case_event *ev = event_list_push(out);

		ev->id = sqlite3_column_int64(s, 0);
		ev->case_id = sqlite3_column_int64(s, 1);
		event_type_parse((const char *)sqlite3_column_text(s, 2), &ev->type);
		ev->date = sq_col_date(s, 3);
		ev->supersedes = sq_col_opt_int(s, 4) < 0 ? 0 : sq_col_opt_int(s, 4);
		ev->retracts = sqlite3_column_int(s, 5) != 0;
		sq_col_code(s, 6, ev->code);
		sq_col_code(s, 7, ev->reason);
		ev->note = sq_col_dup(s, 8);
		ev->accused = (int)sq_col_opt_int(s, 9);
		ev->sentence.prison_months = (int)sq_col_opt_int(s, 10);
		ev->sentence.suspended_months = (int)sq_col_opt_int(s, 11);
		ev->sentence.fine_mad = sq_col_opt_int(s, 12);
		ev->recorded_at = sq_col_dup(s, 13);
		ev->recorded_by = sq_col_dup(s, 14);
		ev->date_inferred = sqlite3_column_int(s, 15) != 0;
		if (ev->type == EVENT_DECISION) {
			sqlite3_bind_int64(ch, 1, ev->id);
			while (sqlite3_step(ch) == SQLITE_ROW)
				code_list_add(&ev->charges, (const char *)sqlite3_column_text(ch, 0));
			sqlite3_reset(ch);
		}
	}
	if (rc == HIM_OK && step != SQLITE_DONE)
		rc = sq_error(st, err, "reading events");
	sqlite3_finalize(s);
	sqlite3_finalize(ch);
	return rc;
}

int sq_event_insert(struct store *st, struct case_event *ev, struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	rc = sq_prepare(st, &s,
			"INSERT INTO case_events (case_id, type, date, supersedes, retracts, code, reason,"
			" note, accused, prison_months, suspended_months, fine_mad, recorded_at, recorded_by,"
			" date_inferred)"
			" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", err);
	if (rc != HIM_OK)
		return rc;
	sqlite3_bind_int64(s, 1, ev->case_id);
	sq_bind_text(s, 2, event_type_name(ev->type));
	sq_bind_date(s, 3, ev->date);
	if (ev->supersedes)
		sqlite3_bind_int64(s, 4, ev->supersedes);
	else
		sqlite3_bind_null(s, 4);
	sqlite3_bind_int(s, 5, ev->retracts);
	sq_bind_text(s, 6, ev->code[0] ? ev->code : NULL);
	sq_bind_text(s, 7, ev->reason[0] ? ev->reason : NULL);
	sq_bind_text(s, 8, ev->note);
	sq_bind_opt_int(s, 9, ev->accused);
	sq_bind_opt_int(s, 10, ev->sentence.prison_months);
	sq_bind_opt_int(s, 11, ev->sentence.suspended_months);
	sq_bind_opt_int(s, 12, ev->sentence.fine_mad);
	sq_bind_text(s, 13, ev->recorded_at);
	sq_bind_text(s, 14, ev->recorded_by);
	sqlite3_bind_int(s, 15, ev->date_inferred);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = sq_error(st, err, "recording the event");
	sqlite3_finalize(s);
	if (rc != HIM_OK)
		return rc;
	ev->id = sqlite3_last_insert_rowid(sq_db(st));
	return insert_codes(st, "INSERT INTO event_charges (event_id, subject, position) VALUES (?, ?, ?)",
			    ev->id, &ev->charges, err);
}

static void bind_level(sqlite3_stmt *s, int col, const struct level_outcome *lo, bool sentence)
{
	sq_bind_text(s, col, lo->code[0] ? lo->code : NULL);
	sq_bind_date(s, col + 1, lo->date);
	sq_bind_opt_int(s, col + 2, lo->event_id ? lo->event_id : -1);
	if (sentence) {
		sq_bind_opt_int(s, col + 3, lo->sentence.prison_months);
		sq_bind_opt_int(s, col + 4, lo->sentence.suspended_months);
		sq_bind_opt_int(s, col + 5, lo->sentence.fine_mad);
	}
}

int sq_case_state_write(struct store *st, int64_t case_id, const struct case_state *state,
			struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	rc = sq_prepare(st, &s,
			"UPDATE cases SET stage = ?1, decision = ?2, decision_date = ?3, decision_event = ?4,"
			" first_outcome = ?5, first_date = ?6, first_event = ?7, first_prison_months = ?8,"
			" first_suspended_months = ?9, first_fine_mad = ?10,"
			" appeal_outcome = ?11, appeal_date = ?12, appeal_event = ?13, appeal_prison_months = ?14,"
			" appeal_suspended_months = ?15, appeal_fine_mad = ?16,"
			" cassation_outcome = ?17, cassation_date = ?18, cassation_event = ?19,"
			" last_event_date = ?20, inferred_dates = ?22, version = version + 1 WHERE id = ?21", err);
	if (rc != HIM_OK)
		return rc;
	sq_bind_text(s, 1, case_stage_name(state->stage));
	sq_bind_text(s, 2, state->decision[0] ? state->decision : NULL);
	sq_bind_date(s, 3, state->decision_date);
	sq_bind_opt_int(s, 4, state->decision_event_id ? state->decision_event_id : -1);
	bind_level(s, 5, &state->first, true);
	bind_level(s, 11, &state->appeal, true);
	bind_level(s, 17, &state->cassation, false);
	sq_bind_date(s, 20, state->last_event_date);
	sqlite3_bind_int64(s, 21, case_id);
	sqlite3_bind_int(s, 22, (state->decision_date_inferred ? INFERRED_DECISION : 0) |
				(state->first.date_inferred ? INFERRED_FIRST : 0) |
				(state->appeal.date_inferred ? INFERRED_APPEAL : 0) |
				(state->cassation.date_inferred ? INFERRED_CASSATION : 0));
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = sq_error(st, err, "updating the case");
	else if (sqlite3_changes(sq_db(st)) != 1)
		rc = err_set(err, HIM_ENOTFOUND, "no case %lld", (long long)case_id);
	sqlite3_finalize(s);
	return rc;
}

int sq_case_each(struct store *st, const struct scope *scope, const struct case_filter *f,
		 store_case_fn fn, void *ctx, struct err *err)
{
	struct query q = QUERY_INIT;
	struct case_record c;
	sqlite3_stmt *s;
	int rc, step;

	strbuf_adds(&q.sql, "SELECT " CASE_COLUMNS " FROM cases c WHERE 1 = 1");
	scope_sql(&q, scope);
	filter_sql(&q, f);
	/* One court's table is in registration order even when a decree moved
	 * the court to another district mid-period (its cases keep the district
	 * of their registration). */
	if (f->order == CASE_ORDER_COURT && f->court)
		strbuf_adds(&q.sql, " ORDER BY c.registered, c.id");
	else if (f->order == CASE_ORDER_COURT)
		strbuf_adds(&q.sql, " ORDER BY c.district, c.court, c.registered, c.id");
	else
		strbuf_adds(&q.sql, " ORDER BY c.id");
	if (f->limit > 0)
		query_num(&q, " LIMIT ?", f->limit, BIND_INT);
	rc = sq_prepare(st, &s, q.sql.buf, err);
	if (rc == HIM_OK) {
		query_bind(&q, s);
		case_record_init(&c);
		while ((step = sqlite3_step(s)) == SQLITE_ROW) {
			case_record_release(&c);
			read_case_row(s, &c);
			if ((rc = fn(&c, ctx)) != 0)
				break;
		}
		case_record_release(&c);
		if (rc == HIM_OK && step != SQLITE_DONE)
			rc = sq_error(st, err, "listing cases");
		sqlite3_finalize(s);
	}
	strbuf_release(&q.sql);
	return rc;
}

int sq_case_count(struct store *st, const struct scope *scope, const struct case_filter *f,
		  int64_t *out, struct err *err)
{
	struct query q = QUERY_INIT;
	struct case_filter unpaged = *f;
	sqlite3_stmt *s;
	int rc;

	unpaged.after_id = 0;
	strbuf_adds(&q.sql, "SELECT count(*) FROM cases c WHERE 1 = 1");
	scope_sql(&q, scope);
	filter_sql(&q, &unpaged);
	rc = sq_prepare(st, &s, q.sql.buf, err);
	if (rc == HIM_OK) {
		query_bind(&q, s);
		if (sqlite3_step(s) == SQLITE_ROW)
			*out = sqlite3_column_int64(s, 0);
		else
			rc = sq_error(st, err, "counting cases");
		sqlite3_finalize(s);
	}
	strbuf_release(&q.sql);
	return rc;
}
