/*
 * table_json.c - the circular's table as JSON, for the API and the tests.
 *
 * Streamed: the header fields, then "rows" with one case per line as it
 * comes from the store, then "groups" (each district and court with its
 * count, a list as long as the map at most) and "count". Codes stand
 * beside their labels in the table's language; a code is null where the
 * case has none yet (no decision, no ruling), and the *_text fields say
 * what the printed cell says ("البحث جار", "رائجة").
 */
#include "table.h"

#include <jansson.h>
#include <string.h>

#include "../lib/banned.h"

struct json_out {
	FILE *out;
	json_t *groups;
	json_t *open[2]; /* the open district and court group objects (borrowed) */
	int64_t rows;
};

static json_t *json_date(date_t day)
{
	char iso[DATE_ISO_LEN];

	if (day == DATE_NONE)
		return json_null();
	date_format(day, iso);
	return json_string(iso);
}

static json_t *json_code(const char *code)
{
	return code && *code ? json_string(code) : json_null();
}

static json_t *json_text(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

/* Write s, a dumped object, without its closing brace. */
static int put_open(FILE *out, json_t *obj, const char *tail, struct err *err)
{
	char *s = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
	size_t n;
	int rc = 0;

	if (!s)
		return err_set(err, HIM_ENOMEM, "cannot encode the table as JSON");
	n = strlen(s);
	if (fwrite(s, 1, n - 1, out) != n - 1 || fputs(tail, out) == EOF)
		rc = err_set(err, HIM_EIO, "cannot write the JSON table");
	free(s);
	return rc;
}

static int jo_begin(void *ctx, const struct table_header *h, struct err *err)
{
	struct json_out *x = ctx;
	const struct table_request *r = h->request;
	json_t *top = json_object(), *scope = json_object(), *lines = json_array();
	int rc;

	json_object_set_new(scope, "kind", json_string(r->scope.kind == SCOPE_NATIONAL ? "national"
						       : r->scope.kind == SCOPE_DISTRICT ? "district" : "court"));
	json_object_set_new(scope, "code", json_code(r->scope.code));
	json_object_set_new(scope, "name", json_string(h->scope_name));
	json_object_set_new(top, "scope", scope);
	json_object_set_new(top, "lang", json_string(h->text->rtl ? "ar" : "fr"));
	json_object_set_new(top, "from", json_date(r->from));
	json_object_set_new(top, "to", json_date(r->to));
	json_object_set_new(top, "platform", json_code(r->platform));
	json_array_append_new(lines, json_string(h->text->kingdom));
	for (size_t i = 0; i < h->nlines; i++)
		json_array_append_new(lines, json_string(h->lines[i]));
	json_object_set_new(top, "header", lines);
	json_object_set_new(top, "title", json_string(h->text->title));
	json_object_set_new(top, "period", json_string(h->period));
	json_object_set_new(top, "footnote", h->footnote ? json_string(h->text->footnote) : json_null());
	/* Everything up to the rows' opening bracket. */
	rc = put_open(x->out, top, ",\"rows\":[", err);
	json_decref(top);
	return rc;
}

static json_t *level_json(json_t *row, const char *name, const struct table_level *lv)
{
	struct strbuf key = STRBUF_INIT;
	json_t *sentence = json_null();

	if (sentence_given(lv->given) && *lv->code) {
		sentence = json_object();
		json_object_set_new(sentence, "prison_months",
				    lv->given->prison_months >= 0 ? json_integer(lv->given->prison_months) : json_null());
		json_object_set_new(sentence, "suspended_months",
				    lv->given->suspended_months >= 0 ? json_integer(lv->given->suspended_months) : json_null());
		json_object_set_new(sentence, "fine_mad",
				    lv->given->fine_mad >= 0 ? json_integer(lv->given->fine_mad) : json_null());
	}
	json_object_set_new(row, name, json_code(lv->code));
	strbuf_addf(&key, "%s_label", name);
	json_object_set_new(row, key.buf, json_text(lv->label));
	strbuf_reset(&key);
	strbuf_addf(&key, "%s_date", name);
	json_object_set_new(row, key.buf, json_date(*lv->code ? lv->date : DATE_NONE));
	strbuf_reset(&key);
	strbuf_addf(&key, "%s_sentence", name);
	json_object_set_new(row, key.buf, sentence);
	strbuf_reset(&key);
	strbuf_addf(&key, "%s_text", name);
	json_object_set_new(row, key.buf, json_string(lv->text));
	strbuf_release(&key);
	return row;
}

static int jo_row(void *ctx, const struct table_row *r, struct err *err)
{
	struct json_out *x = ctx;
	const struct case_record *c = r->c;
	json_t *row = json_object(), *a, *cells = json_array();
	char *s;
	int rc = 0;

	json_object_set_new(row, "index", json_integer(r->index));
	json_object_set_new(row, "case_id", json_integer(c->id));
	json_object_set_new(row, "court", json_string(c->court));
	json_object_set_new(row, "court_label", json_string(r->court_name));
	json_object_set_new(row, "district", json_string(c->district));
	json_object_set_new(row, "file_number", json_string(c->file_number ? c->file_number : ""));
	json_object_set_new(row, "registered", json_date(c->registered_inferred ? DATE_NONE : c->registered));
	json_object_set_new(row, "body", json_string(c->body));
	json_object_set_new(row, "body_label", json_string(r->body_label));
	json_object_set_new(row, "unit", json_text(c->unit));
	a = json_array();
	for (size_t i = 0; i < c->subjects.n; i++)
		json_array_append_new(a, json_string(c->subjects.code[i]));
	json_object_set_new(row, "subjects", a);
	a = json_array();
	for (size_t i = 0; i < c->platforms.n; i++)
		json_array_append_new(a, json_string(c->platforms.code[i]));
	json_object_set_new(row, "platforms", a);
	json_object_set_new(row, "subjects_text", json_string(r->cells[TABLE_COL_SUBJECT]));
	json_object_set_new(row, "platforms_text", json_string(r->cells[TABLE_COL_PLATFORM]));
	json_object_set_new(row, "decision", json_code(c->state.decision));
	json_object_set_new(row, "decision_label", json_string(r->decision_label));
	json_object_set_new(row, "decision_date", json_date(*c->state.decision && !c->state.decision_date_inferred ? c->state.decision_date : DATE_NONE));
	level_json(row, "first_instance", &r->levels[TABLE_FIRST]);
	level_json(row, "appeal", &r->levels[TABLE_APPEAL]);
	level_json(row, "cassation", &r->levels[TABLE_CASSATION]);
	json_object_set_new(row, "stage", json_string(case_stage_name(c->state.stage)));
	for (size_t i = 0; i < TABLE_COLUMNS; i++)
		json_array_append_new(cells, json_string(r->cells[i]));
	json_object_set_new(row, "cells", cells);

	s = json_dumps(row, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (!s)
		rc = err_set(err, HIM_ENOMEM, "cannot encode a row as JSON");
	else if (fputs(x->rows ? ",\n" : "\n", x->out) == EOF || fputs(s, x->out) == EOF)
		rc = err_set(err, HIM_EIO, "cannot write the JSON table");
	free(s);
	json_decref(row);
	x->rows++;
	return rc;
}

static int jo_group_begin(void *ctx, const struct table_group *g, struct err *err)
{
	struct json_out *x = ctx;
	json_t *o = json_object();

	(void)err;
	json_object_set_new(o, "kind", json_string(g->kind == TABLE_GROUP_DISTRICT ? "district" : "court"));
	json_object_set_new(o, "code", json_string(g->code));
	json_object_set_new(o, "district", json_string(g->district));
	json_object_set_new(o, "name", json_string(g->name));
	json_object_set_new(o, "count", json_integer(0));
	json_array_append_new(x->groups, o);
	x->open[g->kind] = o;
	return 0;
}

static int jo_group_end(void *ctx, const struct table_group *g, struct err *err)
{
	struct json_out *x = ctx;

	(void)err;
	json_object_set_new(x->open[g->kind], "count", json_integer(g->count));
	return 0;
}

static int jo_end(void *ctx, int64_t total, struct err *err)
{
	struct json_out *x = ctx;
	json_t *tail = json_object();
	char *s;
	int rc = 0;

	json_object_set(tail, "groups", x->groups);
	json_object_set_new(tail, "count", json_integer(total));
	s = json_dumps(tail, JSON_COMPACT | JSON_PRESERVE_ORDER);
	/* s is {"groups":…,"count":N}: its inside closes the top object. */
	if (!s)
		rc = err_set(err, HIM_ENOMEM, "cannot encode the table as JSON");
	else if (fputs("\n],", x->out) == EOF || fputs(s + 1, x->out) == EOF || fputc('\n', x->out) == EOF)
		rc = err_set(err, HIM_EIO, "cannot write the JSON table");
	free(s);
	json_decref(tail);
	return rc;
}

int table_render_json(struct store *st, const struct table_request *req, FILE *out, struct err *err)
{
	static const struct table_visitor vis = {
		.begin = jo_begin, .row = jo_row, .group_begin = jo_group_begin,
		.group_end = jo_group_end, .end = jo_end,
	};
	struct json_out x = { .out = out, .groups = json_array() };
	int rc = table_walk(st, req, &vis, &x, err);

	json_decref(x.groups);
	if (rc == 0 && fflush(out) != 0)
		rc = err_set(err, HIM_EIO, "cannot write the JSON table");
	return rc;
}
