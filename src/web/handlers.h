/*
 * handlers.h - the request handlers, one file per page group, and what
 * they share. A handler is short: read and validate the request, call
 * the store or a use case within the user's scope, render. The router
 * has already checked the role, the session and (for POST) the CSRF
 * token; the store checks the scope of every read and write.
 */
#ifndef HIMAYA_WEB_HANDLERS_H
#define HIMAYA_WEB_HANDLERS_H

#include "page.h"
#include "request.h"
#include "../core/referral.h"

typedef void (*web_handler)(struct web_request *r);

/* login.c */
void web_login_form(struct web_request *r);
void web_login_submit(struct web_request *r);
void web_logout(struct web_request *r);
void web_lang_set(struct web_request *r);
/* dashboard.c */
void web_dashboard(struct web_request *r);
/* cases.c */
void web_cases_list(struct web_request *r);
/* case_page.c */
void web_case_page(struct web_request *r);
/* case_open_form.c */
void web_case_new_form(struct web_request *r);
void web_case_create(struct web_request *r);
/* event_forms.c: a new event, a correction or a retraction */
void web_case_event_add(struct web_request *r);
/* triage_page.c: the queue of subjects without a case, in the user's scope */
void web_triage_page(struct web_request *r);
/* subject_page.c: one subject, its referrals and why they are linked */
void web_subject_page(struct web_request *r);
/* referral_list.c, referral_page.c, case_referrals.c */
void web_referrals_list(struct web_request *r);
void web_referral_page(struct web_request *r);
void web_case_referral_link(struct web_request *r);
void web_case_referral_unlink(struct web_request *r);
/* table_page.c */
void web_table_page(struct web_request *r);
void web_table_download(struct web_request *r);
/* difficulties.c */
void web_difficulties(struct web_request *r);
void web_difficulty_add(struct web_request *r);
void web_difficulty_answer(struct web_request *r);
void web_difficulty_close(struct web_request *r);
/* admin.c */
void web_admin(struct web_request *r);
void web_admin_user_add(struct web_request *r);
void web_admin_totp_reset(struct web_request *r);
/* audit_page.c */
void web_audit_page(struct web_request *r);
/* api.c */
void web_api_cases(struct web_request *r);
void web_api_case(struct web_request *r);
void web_api_events(struct web_request *r);
void web_api_event_add(struct web_request *r);
void web_api_table(struct web_request *r);
/* Answer an API error as JSON {"error": code, "message": text}. */
void web_api_error(struct web_request *r, int status, const char *code, const char *message);

/* --- the case page and its event forms (case_page.c, event_forms.c) --- */

/* A refused event form: which form, which field, why (in the user's language). */
struct event_form_error {
	int type;            /* enum event_type, 0: none */
	int64_t target;      /* the event a correction or retraction supersedes, 0: a new event */
	bool retract;        /* the retraction form of target */
	const char *field;   /* "date", "code", "reason", "charges", "accused", "sentence", "note", or "" */
	const char *message;
};

/* The case page of case id, with a refused form shown open and its error. */
void web_case_render(struct web_request *r, int64_t id, const struct event_form_error *failed);
/* The forms to record each kind of event on case c. */
void web_event_forms(struct web_request *r, const struct case_record *c,
		     const struct event_form_error *failed);
/* The forms to correct and to retract event ev of case c (in the timeline). */
void web_event_fix_forms(struct web_request *r, const struct case_record *c, const struct case_event *ev,
			 const struct event_form_error *failed);
/* The label of an event type in the request's language. */
const char *web_event_label(const struct web_request *r, enum event_type type);
/* <option>s of a vocabulary kind; levels (LEVEL_*) filters outcomes, 0 for all. */
void web_vocab_options(struct web_request *r, enum vocab_kind kind, unsigned levels,
		       const char *selected);

/* --- referrals as lists show them (referral_rows.c) --- */
struct referral_record;
struct web_referral_row {
	int64_t id, case_id, nip_events;
	char platform[CODE_MAX];
	char *external_id;                 /* owned */
	char *priority, *escalation, *what; /* owned; NULL if none (what: incident type or P2P network) */
	utc_time_t received_at;
};
struct web_referral_rows {
	struct web_referral_row *items;
	size_t n, alloc;
};
void web_referral_rows_init(struct web_referral_rows *l);
void web_referral_rows_release(struct web_referral_rows *l);
/* A store_referral_fn appending rec to the struct web_referral_rows ctx. */
int web_referral_rows_add(const struct referral_record *rec, void *ctx);
/* A row's first cells: the number (a link to its page), platform, report number. */
void web_referral_cells(struct web_request *r, const struct web_referral_row *x);
/* An identifier kind's name in the reader's language. */
enum text_id web_ident_kind_text(enum ident_kind kind);
/* An incident type (or a CPS network) as a reader should see it. */
void web_incident_type(struct web_request *r, const char *given);
/* The priority cell's content: the escalation flag, then the priority. */
void web_referral_priority(struct web_request *r, const struct web_referral_row *x);

/* --- the referrals of a case on its page (case_referrals.c): read before
 * the page is written, rendered in it --- */
/* The referrals linked to case_id, within the user's read scope. */
int web_case_referrals_read(struct web_request *r, int64_t case_id, struct web_referral_rows *out,
			    struct err *err);
/* The section: the list, and to a writer the link form and unlink buttons. */
void web_case_referrals_render(struct web_request *r, const struct case_record *c,
			       const struct web_referral_rows *l, bool writable);

/* --- shared helpers (case_page.c) --- */

/* Audit an action of the signed-in user; failure is logged, and makes
 * the request fail (an unaudited read must not be served). */
bool web_audit(struct web_request *r, const char *action, const char *object, const char *detail);

/* The name of a court in the request's language (its latest term), or the code. */
const char *web_court_name(const struct web_request *r, const char *code);

/* Does the user's write scope include this case? */
bool web_may_write_case(const struct web_request *r, const struct case_record *c);

/* Log an internal failure (never shown to the user) and answer 500. */
void web_internal_error(struct web_request *r, const struct err *err);

#endif
