/*
 * form.c - reading and drawing the fields of the case forms (form.h).
 * The rules of procedure are not here: a field is only checked for being
 * present, well formed and a known code; the stage machine judges the
 * event in the store.
 */
#include "handlers.h"
#include "form.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/store.h"
#include "../lib/banned.h"

/* --- dates --- */

/* Digits at *p, at most max of them, at least one; advances *p. */
static bool digits(const char **p, int min, int max, int *out)
{
	int n = 0, v = 0;

	while (**p >= '0' && **p <= '9' && n < max) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	*out = v;
	return n >= min;
}

bool form_date_parse(const char *text, date_t *out)
{
	const char *p = text;
	int d, m, y;
	char sep;

	if (!text)
		return false;
	if (date_parse(text, out))
		return true;
	if (!digits(&p, 1, 2, &d))
		return false;
	sep = *p;
	if (sep != '/' && sep != '.' && sep != '-')
		return false;
	p++;
	if (!digits(&p, 1, 2, &m) || *p != sep)
		return false;
	p++;
	if (!digits(&p, 4, 4, &y) || *p)
		return false;
	if (y < 1900 || y > 2999 || !date_ymd_valid(y, m, d))
		return false;
	*out = date_from_ymd(y, m, d);
	return true;
}

void form_date_format(date_t day, char buf[DATE_ISO_LEN])
{
	int y, m, d;

	if (day == DATE_NONE) {
		buf[0] = '\0';
		return;
	}
	date_to_ymd(day, &y, &m, &d);
	snprintf(buf, DATE_ISO_LEN, "%02u/%02u/%04u", (unsigned)d % 100u, (unsigned)m % 100u, (unsigned)y % 10000u);
}

/* --- reading --- */

const char *form_read_date(struct web_request *r, const char *name, date_t *out)
{
	const char *v = web_form(r, name);

	if (!v || !*v)
		return web_t(r, TX_REQUIRED);
	if (!web_field_clean(r, &r->form, name, false, 16) || !form_date_parse(v, out))
		return web_t(r, TX_BAD_DATE);
	return NULL;
}

const char *form_read_int(struct web_request *r, const char *name, int64_t min, int64_t max, int64_t *out)
{
	const char *v = web_form(r, name);
	char *end;
	long long n;

	if (!v || !*v)
		return NULL;
	if (!web_field_clean(r, &r->form, name, false, 20) || v[0] < '0' || v[0] > '9')
		return web_t(r, TX_BAD_NUMBER);
	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno || *end || n < min || n > max)
		return web_t(r, TX_BAD_NUMBER);
	*out = n;
	return NULL;
}

const char *form_read_text(struct web_request *r, const char *name, bool multiline, size_t max,
			   bool required, char **out)
{
	const char *v = web_form(r, name);

	if (!web_field_clean(r, &r->form, name, multiline, max))
		return web_t(r, TX_BAD_TEXT);
	if (!v || !*v)
		return required ? web_t(r, TX_REQUIRED) : NULL;
	*out = xstrdup(v);
	return NULL;
}

const char *form_read_vocab(struct web_request *r, const char *name, enum vocab_kind kind,
			    bool required, char out[CODE_MAX])
{
	const char *v = web_form(r, name);
	const struct vocab_entry *e;

	if (!v || !*v)
		return required ? web_t(r, TX_REQUIRED) : NULL;
	if (!web_field_clean(r, &r->form, name, false, CODE_MAX - 1) || !code_valid(v) ||
	    !(e = vocab_find(store_vocab(r->st), kind, v)))
		return web_t(r, TX_BAD_CHOICE);
	memcpy(out, e->code, CODE_MAX);
	return NULL;
}

const char *form_read_checks(struct web_request *r, const char *prefix, enum vocab_kind kind,
			     bool required, struct code_list *out)
{
	const struct vocab *v = store_vocab(r->st);
	struct strbuf name = STRBUF_INIT;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < v->n; i++) {
		if (v->entries[i].kind != kind)
			continue;
		strbuf_reset(&name);
		strbuf_addf(&name, "%s_%s", prefix, v->entries[i].code);
		if (web_form(r, name.buf))
			code_list_add(out, v->entries[i].code);
	}
	strbuf_release(&name);
	return required && out->n == 0 ? web_t(r, TX_REQUIRED) : NULL;
}

/* --- drawing --- */

void web_vocab_options(struct web_request *r, enum vocab_kind kind, unsigned levels, const char *selected)
{
	const struct vocab *v = store_vocab(r->st);

	page_html(r, "<option value=\"\">");
	page_t(r, TX_CHOOSE);
	page_html(r, "</option>");
	for (size_t i = 0; i < v->n; i++) {
		const struct vocab_entry *e = &v->entries[i];
		if (e->kind != kind || (kind == VOCAB_OUTCOME && (e->pending || (levels && !(e->levels & levels)))))
			continue;
		page_html(r, "<option value=\"");
		page_text(r, e->code);
		page_html(r, "\"");
		if (selected && strcmp(selected, e->code) == 0)
			page_html(r, " selected");
		page_html(r, ">");
		page_text(r, vocab_label(e, r->lang));
		page_html(r, "</option>");
	}
}

void form_label(struct web_request *r, const char *id, enum text_id text)
{
	page_html(r, "<label for=\"");
	page_text(r, id);
	page_html(r, "\">");
	page_t(r, text);
	page_html(r, "</label>");
}

/* An <input>'s opening up to its type; the caller adds its own attributes,
 * then input_end. */
static void input_begin(struct web_request *r, const char *id, const char *name, const char *type)
{
	page_html(r, "<input id=\"");
	page_text(r, id);
	page_html(r, "\" name=\"");
	page_text(r, name);
	page_html(r, "\" type=\"");
	page_text(r, type);
	page_html(r, "\"");
}

/* The rest of the <input> and of its field: the value sent comes back, so
 * that a refused form shows what was typed, with the error under it. */
static void input_end(struct web_request *r, const char *name, const char *error)
{
	const char *value = web_form(r, name);

	if (error)
		page_html(r, " aria-invalid=\"true\"");
	page_html(r, " value=\"");
	page_text(r, value ? value : "");
	page_html(r, "\">");
	page_field_error(r, error);
	page_html(r, "</div>\n");
}

void form_input(struct web_request *r, const char *form, const char *name, enum text_id text,
		const char *type, const char *error)
{
	struct strbuf id = STRBUF_INIT;

	strbuf_addf(&id, "%s-%s", form, name);
	page_html(r, "<div class=\"field\">");
	form_label(r, id.buf, text);
	input_begin(r, id.buf, name, type);
	if (strcmp(type, "number") == 0)
		page_html(r, " min=\"0\" step=\"1\" inputmode=\"numeric\"");
	input_end(r, name, error);
	strbuf_release(&id);
}

/*
 * A text input, not type="date": a date picker shows the browser's own
 * format (mm/dd/yyyy in many builds) whatever the page's language, which
 * a prosecutor used to day/month/year misreads. The label names the
 * format; the server takes it and ISO dates alike (form_date_parse).
 */
void form_date(struct web_request *r, const char *form, const char *name, enum text_id text,
	       const char *error)
{
	struct strbuf id = STRBUF_INIT;

	strbuf_addf(&id, "%s-%s", form, name);
	page_html(r, "<div class=\"field\"><label for=\"");
	page_text(r, id.buf);
	page_html(r, "\">");
	page_t(r, text);
	page_html(r, " <span class=\"muted\">");
	page_t(r, TX_DATE_FORMAT);
	page_html(r, "</span></label>");
	input_begin(r, id.buf, name, "text");
	page_html(r, " dir=\"ltr\" class=\"date\" inputmode=\"numeric\" maxlength=\"10\" autocomplete=\"off\" "
		     "required");
	input_end(r, name, error);
	strbuf_release(&id);
}

void form_textarea(struct web_request *r, const char *form, const char *name, enum text_id text,
		   const char *error)
{
	struct strbuf id = STRBUF_INIT;
	const char *value = web_form(r, name);

	strbuf_addf(&id, "%s-%s", form, name);
	page_html(r, "<div class=\"field wide\">");
	form_label(r, id.buf, text);
	page_html(r, "<textarea id=\"");
	page_text(r, id.buf);
	page_html(r, "\" name=\"");
	page_text(r, name);
	page_html(r, "\" rows=\"2\" maxlength=\"4000\">");
	page_text(r, value ? value : "");
	page_html(r, "</textarea>");
	page_field_error(r, error);
	page_html(r, "</div>\n");
	strbuf_release(&id);
}

void form_select_vocab(struct web_request *r, const char *form, const char *name, enum text_id text,
		       enum vocab_kind kind, unsigned levels, bool required, const char *error)
{
	struct strbuf id = STRBUF_INIT;

	strbuf_addf(&id, "%s-%s", form, name);
	page_html(r, "<div class=\"field\">");
	form_label(r, id.buf, text);
	page_html(r, "<select id=\"");
	page_text(r, id.buf);
	page_html(r, "\" name=\"");
	page_text(r, name);
	page_html_if(r, required, "\" required", "\"");
	if (error)
		page_html(r, " aria-invalid=\"true\"");
	page_html(r, ">");
	web_vocab_options(r, kind, levels, web_form(r, name));
	page_html(r, "</select>");
	page_field_error(r, error);
	page_html(r, "</div>\n");
	strbuf_release(&id);
}

void form_checks(struct web_request *r, const char *prefix, enum text_id text, enum vocab_kind kind,
		 const struct code_list *preset, const char *error)
{
	const struct vocab *v = store_vocab(r->st);
	struct strbuf name = STRBUF_INIT;

	page_html(r, "<fieldset class=\"field wide\"><legend>");
	page_t(r, text);
	page_html(r, "</legend><div class=\"checks\">");
	for (size_t i = 0; i < v->n; i++) {
		const struct vocab_entry *e = &v->entries[i];
		if (e->kind != kind)
			continue;
		strbuf_reset(&name);
		strbuf_addf(&name, "%s_%s", prefix, e->code);
		page_html(r, "<label class=\"check\"><input type=\"checkbox\" name=\"");
		page_text(r, name.buf);
		page_html(r, "\" value=\"1\"");
		if (web_form(r, name.buf) || (preset && code_list_has(preset, e->code)))
			page_html(r, " checked");
		page_html(r, "> ");
		page_text(r, vocab_label(e, r->lang));
		if (e->articles && *e->articles) {
			/* "503-2" is an article number: kept left to right in Arabic text. */
			page_html(r, " <span class=\"muted\">(<bdi dir=\"ltr\">");
			page_text(r, e->articles);
			page_html(r, "</bdi>)</span>");
		}
		page_html(r, "</label>");
	}
	page_html(r, "</div>");
	page_field_error(r, error);
	page_html(r, "</fieldset>\n");
	strbuf_release(&name);
}
