/*
 * backfill_report.c - the summary of a backfill import: its lifecycle, its
 * JSON form (the CLI's --json and the API's), and its text for people.
 */
#include "backfill.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/utf8.h"
#include "../lib/banned.h"

void backfill_report_init(struct backfill_report *r)
{
	memset(r, 0, sizeof(*r));
}

void backfill_report_release(struct backfill_report *r)
{
	for (size_t i = 0; i < r->nunmapped; i++) {
		free(r->unmapped[i].value);
		free(r->unmapped[i].key);
	}
	for (size_t i = 0; i < r->nerrors; i++) {
		free(r->errors[i].file);
		free(r->errors[i].reason);
	}
	free(r->unmapped);
	free(r->errors);
	backfill_report_init(r);
}

/* --- the summary --------------------------------------------------------- */

/* A JSON string of text that may not be UTF-8 (a file name): bad bytes become '?'. */
static json_t *json_text(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *j;

	if (utf8_valid(s, strlen(s)))
		return json_string(s);
	for (const char *p = s; *p; p++)
		strbuf_addch(&sb, (unsigned char)*p < 0x80 ? *p : '?');
	j = json_string(sb.buf);
	strbuf_release(&sb);
	return j;
}

json_t *backfill_report_json(const struct backfill_report *r)
{
	json_t *o = json_object(), *unmapped = json_array(), *errors = json_array();

	json_object_set_new(o, "read", json_integer(r->read));
	json_object_set_new(o, "imported", json_integer(r->imported));
	json_object_set_new(o, "duplicates", json_integer(r->duplicates));
	json_object_set_new(o, "rejected", json_integer(r->rejected));
	for (size_t i = 0; i < r->nunmapped; i++) {
		json_t *u = json_object();
		json_object_set_new(u, "column", json_string(backfill_column_name(r->unmapped[i].column)));
		json_object_set_new(u, "value", json_text(r->unmapped[i].value));
		json_object_set_new(u, "count", json_integer(r->unmapped[i].count));
		json_array_append_new(unmapped, u);
	}
	for (size_t i = 0; i < r->nerrors; i++) {
		const struct backfill_error *e = &r->errors[i];
		json_t *j = json_object();
		json_object_set_new(j, "file", json_text(e->file));
		json_object_set_new(j, "line", json_integer(e->line));
		json_object_set_new(j, "column", e->column >= 0
			? json_string(backfill_column_name((enum backfill_column)e->column)) : json_null());
		json_object_set_new(j, "reason", json_text(e->reason));
		json_array_append_new(errors, j);
	}
	json_object_set_new(o, "unmapped", unmapped);
	json_object_set_new(o, "errors", errors);
	return o;
}

void backfill_error_format(const struct backfill_error *e, struct strbuf *out)
{
	strbuf_addf(out, "%s:%d: ", e->file, e->line);
	if (e->column >= 0)
		strbuf_addf(out, "%s: ", backfill_column_name((enum backfill_column)e->column));
	strbuf_adds(out, e->reason);
}

void backfill_report_render_text(const struct backfill_report *r, struct strbuf *out)
{
	strbuf_addf(out, "read %d, imported %d, duplicates %d, rejected %d\n", r->read, r->imported,
		    r->duplicates, r->rejected);
	if (r->nunmapped)
		strbuf_adds(out, "unmapped values (add them to data/backfill-mappings.tsv, then import again):\n");
	for (size_t i = 0; i < r->nunmapped; i++)
		strbuf_addf(out, "  %s: «%s» (%d %s)\n", backfill_column_name(r->unmapped[i].column),
			    r->unmapped[i].value, r->unmapped[i].count, r->unmapped[i].count == 1 ? "row" : "rows");
}
