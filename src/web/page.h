/*
 * page.h - the layout every page shares, and the only ways a handler
 * writes HTML: page_html() takes markup that must be a string literal
 * (enforced at compile time: it is pasted beside ""), page_text() escapes
 * data. So a hostile string from a form, the database or a file can
 * never become markup: escaping by construction.
 *
 * The layout is <html lang="ar" dir="rtl"> (or fr/ltr), a header with the
 * application's name, the user and the language switch, a navigation bar
 * holding what the user's role may open, then the page's main content.
 */
#ifndef HIMAYA_WEB_PAGE_H
#define HIMAYA_WEB_PAGE_H

#include <stdint.h>

#include "../core/vocab.h"
#include "../lib/date.h"
#include "request.h"
#include "text.h"

/* Markup from a literal. */
#define page_html(r, literal) page_markup((r), "" literal "")
/* One of two literals. */
#define page_html_if(r, cond, lit_true, lit_false) \
	((cond) ? page_markup((r), "" lit_true "") : page_markup((r), "" lit_false ""))
void page_markup(struct web_request *r, const char *markup);
/* Data, escaped for element content and quoted attributes. */
void page_text(struct web_request *r, const char *text);
/* A text of the interface in the request's language (escaped too). */
void page_t(struct web_request *r, enum text_id id);
void page_int(struct web_request *r, int64_t v);
void page_date(struct web_request *r, date_t day);
/* An instant the store wrote ("YYYY-MM-DDTHH:MM:SSZ") as people read it:
 * "YYYY-MM-DD HH:MM:SS UTC"; anything else as given. */
void page_instant(struct web_request *r, const char *iso);

/* The interface text in the request's language. */
const char *web_t(const struct web_request *r, enum text_id id);

/* Which entry of the navigation is current. */
enum nav_item { NAV_NONE, NAV_DASHBOARD, NAV_CASES, NAV_NEW_CASE, NAV_TABLE, NAV_DIFFICULTIES,
		NAV_ADMIN, NAV_AUDIT, NAV_TRIAGE, NAV_REFERRALS };

/* Start an HTML page (status 200 unless already set) and end it. */
void page_begin(struct web_request *r, enum text_id title, const char *title_extra, enum nav_item nav);
void page_end(struct web_request *r);

/* A whole page saying what went wrong, never with internals. */
void page_error(struct web_request *r, int status, enum text_id message);

/* Hidden inputs: the CSRF token of the session, or any value. */
void page_csrf(struct web_request *r);
void page_hidden(struct web_request *r, const char *name, const char *value);

/* <p class="field-error"> with the message, if any. */
void page_field_error(struct web_request *r, const char *message);

/* The request's path and query, escaped, for a "back" field. */
void page_back_here(struct web_request *r);

#endif
