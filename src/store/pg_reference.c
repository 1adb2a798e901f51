/*
 * pg_reference.c - the PostgreSQL backend's reference data: the judicial
 * map's courts and terms, and the vocabulary (the same contract as
 * sqlite.c's: courts are added or renamed, terms replaced wholesale,
 * vocabulary entries no longer in the file kept for the cases using them).
 */
#include "pg_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

int pg_reference_read(struct store *st, struct court_map *map, struct vocab *v, struct err *err)
{
	static const char courts_sql[] =
		"SELECT t.code, c.kind, coalesce(t.appeal_court, ''), t.name_ar, t.name_fr,"
		" t.valid_from, t.valid_to FROM court_terms t JOIN courts c ON c.code = t.code ORDER BY t.id";
	static const char vocab_sql[] = "SELECT kind, code, label_ar, label_fr, attrs FROM vocabulary ORDER BY position";
	PGresult *res;
	int rc;

	if ((rc = pg_query(st, courts_sql, NULL, &res, "reading the courts", err)) != HIM_OK)
		return rc;
	for (int r = 0; r < PQntuples(res); r++) {
		struct court_term t;

		memset(&t, 0, sizeof(t));
		pg_col_code(res, r, 0, t.code);
		t.kind = strcmp(PQgetvalue(res, r, 1), "appeal") == 0 ? COURT_APPEAL : COURT_FIRST;
		pg_col_code(res, r, 2, t.appeal_court);
		t.name_ar = PQgetvalue(res, r, 3);
		t.name_fr = PQgetvalue(res, r, 4);
		t.valid_from = pg_col_date(res, r, 5);
		t.valid_to = pg_col_date(res, r, 6);
		court_map_add(map, &t);
	}
	PQclear(res);

	if ((rc = pg_query(st, vocab_sql, NULL, &res, "reading the vocabulary", err)) != HIM_OK)
		return rc;
	for (int r = 0; r < PQntuples(res) && rc == HIM_OK; r++) {
		enum vocab_kind kind;

		if (!vocab_kind_parse(PQgetvalue(res, r, 0), &kind))
			continue; /* a kind a newer release added: not ours to use */
		rc = vocab_add(v, kind, PQgetvalue(res, r, 1), PQgetvalue(res, r, 2), PQgetvalue(res, r, 3),
			       PQgetvalue(res, r, 4), err);
	}
	PQclear(res);
	return rc;
}

static int pg_reference_write_court(struct store *st, const struct court_term *t,
				    struct reference_sync_report *report, struct err *err)
{
	static const char find_sql[] = "SELECT kind, name_ar, name_fr FROM courts WHERE code = $1";
	static const char ins_sql[] = "INSERT INTO courts (code, kind, name_ar, name_fr) VALUES ($1, $2, $3, $4)";
	static const char upd_sql[] = "UPDATE courts SET kind = $2, name_ar = $3, name_fr = $4 WHERE code = $1";
	struct pg_params p;
	PGresult *res;
	bool found, same = false;
	int rc;

	pg_params_init(&p);
	pg_param_text(&p, t->code);
	if ((rc = pg_query(st, find_sql, &p, &res, "reading the courts", err)) != HIM_OK)
		return rc;
	found = PQntuples(res) > 0;
	if (found)
		same = strcmp(PQgetvalue(res, 0, 0), court_kind_name(t->kind)) == 0 &&
		       strcmp(PQgetvalue(res, 0, 1), t->name_ar) == 0 && strcmp(PQgetvalue(res, 0, 2), t->name_fr) == 0;
	PQclear(res);
	if (same)
		return HIM_OK;
	pg_param_text(&p, court_kind_name(t->kind));
	pg_param_text(&p, t->name_ar);
	pg_param_text(&p, t->name_fr);
	if (found) {
		report->courts_updated++;
		return pg_query(st, upd_sql, &p, NULL, "updating a court", err);
	}
	report->courts_added++;
	return pg_query(st, ins_sql, &p, NULL, "adding a court", err);
}

static int pg_reference_write_courts(struct store *st, const struct court_map *map,
				     struct reference_sync_report *report, struct err *err)
{
	static const char used_sql[] = "SELECT DISTINCT court FROM cases";
	static const char term_sql[] =
		"INSERT INTO court_terms (code, appeal_court, name_ar, name_fr, valid_from, valid_to)"
		" VALUES ($1, $2, $3, $4, $5, $6)";
	PGresult *res;
	int rc = HIM_OK;

	/* Courts: insert new ones, update the names and kind of known ones
	 * from their latest term. */
	for (size_t i = 0; i < map->n && rc == HIM_OK; i++) {
		const struct court_term *t = court_map_latest(map, map->terms[i].code);
		if (t == &map->terms[i])
			rc = pg_reference_write_court(st, t, report, err);
	}
	if (rc != HIM_OK)
		return rc;
	/* A court that cases use must stay in the map. */
	if ((rc = pg_query(st, used_sql, NULL, &res, "reading the courts in use", err)) != HIM_OK)
		return rc;
	for (int r = 0; r < PQntuples(res) && rc == HIM_OK; r++)
		if (!court_map_latest(map, PQgetvalue(res, r, 0)))
			rc = err_set(err, HIM_EINPUT, "court '%s' is used by cases but missing from the new judicial map",
				     PQgetvalue(res, r, 0));
	PQclear(res);
	if (rc == HIM_OK)
		rc = pg_exec(st, "DELETE FROM court_terms", err);
	for (size_t i = 0; i < map->n && rc == HIM_OK; i++) {
		const struct court_term *t = &map->terms[i];
		struct pg_params p;

		pg_params_init(&p);
		pg_param_text(&p, t->code);
		pg_param_text(&p, t->appeal_court[0] ? t->appeal_court : NULL);
		pg_param_text(&p, t->name_ar);
		pg_param_text(&p, t->name_fr);
		pg_param_date(&p, t->valid_from);
		pg_param_date(&p, t->valid_to);
		rc = pg_query(st, term_sql, &p, NULL, "adding a court term", err);
		report->court_terms++;
	}
	return rc;
}

static int pg_reference_write_entry(struct store *st, const struct vocab_entry *e,
				    struct reference_sync_report *report, struct err *err)
{
	static const char find_sql[] =
		"SELECT label_ar, label_fr, attrs, position FROM vocabulary WHERE kind = $1 AND code = $2";
	static const char ins_sql[] =
		"INSERT INTO vocabulary (kind, code, label_ar, label_fr, attrs, position) VALUES ($1, $2, $3, $4, $5, $6)";
	static const char upd_sql[] =
		"UPDATE vocabulary SET label_ar = $3, label_fr = $4, attrs = $5, position = $6 WHERE kind = $1 AND code = $2";
	char *attrs = vocab_entry_attrs(e);
	struct pg_params p;
	PGresult *res;
	bool found, same = false;
	int rc;

	pg_params_init(&p);
	pg_param_text(&p, vocab_kind_name(e->kind));
	pg_param_text(&p, e->code);
	if ((rc = pg_query(st, find_sql, &p, &res, "reading the vocabulary", err)) != HIM_OK) {
		free(attrs);
		return rc;
	}
	found = PQntuples(res) > 0;
	if (found)
		same = strcmp(PQgetvalue(res, 0, 0), e->label_ar) == 0 && strcmp(PQgetvalue(res, 0, 1), e->label_fr) == 0 &&
		       strcmp(PQgetvalue(res, 0, 2), attrs) == 0 && pg_col_int(res, 0, 3) == e->position;
	PQclear(res);
	if (!same) {
		pg_param_text(&p, e->label_ar);
		pg_param_text(&p, e->label_fr);
		pg_param_text(&p, attrs);
		pg_param_int(&p, e->position);
		if (found) {
			report->vocab_updated++;
			rc = pg_query(st, upd_sql, &p, NULL, "updating the vocabulary", err);
		} else {
			report->vocab_added++;
			rc = pg_query(st, ins_sql, &p, NULL, "adding to the vocabulary", err);
		}
	}
	free(attrs);
	return rc;
}

int pg_reference_write(struct store *st, const struct court_map *map, const struct vocab *v,
		       struct reference_sync_report *report, struct err *err)
{
	static const char count_sql[] = "SELECT count(*) FROM vocabulary";
	PGresult *res;
	int rc = pg_reference_write_courts(st, map, report, err);

	for (size_t i = 0; i < v->n && rc == HIM_OK; i++)
		rc = pg_reference_write_entry(st, &v->entries[i], report, err);
	/* Entries no longer in the file stay: cases may use their codes. */
	if (rc == HIM_OK && (rc = pg_query(st, count_sql, NULL, &res, "counting the vocabulary", err)) == HIM_OK) {
		report->vocab_kept = (int)pg_col_int(res, 0, 0) - (int)v->n;
		PQclear(res);
	}
	return rc;
}
