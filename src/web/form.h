/*
 * form.h - what the case forms share: reading a submitted field (present,
 * well formed, a known code) into a value or an error text in the user's
 * language, and drawing a field with its label, the value typed (so a
 * refused form comes back as it was sent) and its error.
 *
 * Each reader returns NULL when the field is good (or absent and
 * optional), else the text to show next to it. Each drawer takes the
 * form's name ("open", "decision", "fix-12") so that ids stay unique on
 * a page holding several forms.
 */
#ifndef HIMAYA_WEB_FORM_H
#define HIMAYA_WEB_FORM_H

#include <stdbool.h>
#include <stdint.h>

#include "page.h"
#include "../core/code.h"
#include "../core/vocab.h"

#define FORM_TEXT_MAX 4000   /* notes */
#define FORM_NUMBER_MAX 100  /* file numbers, units */

/*
 * A date typed by hand or sent by a date picker: "DD/MM/YYYY" (the
 * customary form in Morocco; one-digit day and month accepted, '.' or
 * '-' too) or "YYYY-MM-DD" (ISO, what the CLI and the API take).
 */
bool form_date_parse(const char *text, date_t *out);
/* "DD/MM/YYYY" into buf (DATE_ISO_LEN bytes), "" for DATE_NONE. */
void form_date_format(date_t day, char buf[DATE_ISO_LEN]);

const char *form_read_date(struct web_request *r, const char *name, date_t *out);
/* An optional whole number in [min, max]; *out untouched when empty. */
const char *form_read_int(struct web_request *r, const char *name, int64_t min, int64_t max,
			  int64_t *out);
/* Text (validated UTF-8, at most max bytes) copied into *out (owned). */
const char *form_read_text(struct web_request *r, const char *name, bool multiline, size_t max,
			   bool required, char **out);
/* A code of the vocabulary chosen in a <select>. */
const char *form_read_vocab(struct web_request *r, const char *name, enum vocab_kind kind,
			    bool required, char out[CODE_MAX]);
/* The checked boxes "prefix_CODE" of a vocabulary kind. */
const char *form_read_checks(struct web_request *r, const char *prefix, enum vocab_kind kind,
			     bool required, struct code_list *out);

void form_label(struct web_request *r, const char *id, enum text_id text);
/* An <input> of type "text" or "number" with its label, value and error. */
void form_input(struct web_request *r, const char *form, const char *name, enum text_id text,
		const char *type, const char *error);
/* A date field: a text input labelled with the format it takes. */
void form_date(struct web_request *r, const char *form, const char *name, enum text_id text,
	       const char *error);
void form_textarea(struct web_request *r, const char *form, const char *name, enum text_id text,
		   const char *error);
void form_select_vocab(struct web_request *r, const char *form, const char *name, enum text_id text,
		       enum vocab_kind kind, unsigned levels, bool required, const char *error);
/* One checkbox per code of kind; preset: codes checked when the form is fresh. */
void form_checks(struct web_request *r, const char *prefix, enum text_id text, enum vocab_kind kind,
		 const struct code_list *preset, const char *error);

#endif
