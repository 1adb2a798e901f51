/*
 * request.h - one HTTP request as the handlers see it, and its context.
 *
 * The server fills it in pieces: method, decoded path, query arguments
 * and cookies when the request arrives; form fields as the POST processor
 * hands them over (a value may come in several pieces: they are appended,
 * never overwritten); a raw JSON body for the API. The router then adds
 * the store connection, the signed-in user, their scopes and language,
 * and the CSRF token of their session. The handler writes the response.
 *
 * Every value from the client is a counted byte string that may hold
 * anything (NUL bytes, invalid UTF-8, markup): handlers read it through
 * web_form/web_query, which return NULL for a missing field, and must
 * validate it (web_text_ok) before storing or showing it.
 */
#ifndef HIMAYA_WEB_REQUEST_H
#define HIMAYA_WEB_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../app/auth.h"
#include "../core/scope.h"
#include "../lib/strbuf.h"
#include "response.h"

struct MHD_Connection;
struct MHD_PostProcessor;
struct store;

struct web_field {
	char *name;
	struct strbuf value;
};

struct web_fields {
	struct web_field *items;
	size_t n, alloc;
};

void web_fields_init(struct web_fields *f);
void web_fields_release(struct web_fields *f);
/* The field's value, appended to when the same field continues. */
struct web_field *web_fields_add(struct web_fields *f, const char *name, size_t name_len);
const struct web_field *web_fields_get(const struct web_fields *f, const char *name);

#define WEB_ROUTE_IDS 2

struct web_request {
	/* --- the request, filled by the server --- */
	struct MHD_Connection *conn;
	char method[8];
	char *path;                 /* decoded, without the query */
	struct web_fields query;
	struct web_fields cookies;
	struct web_fields form;     /* application/x-www-form-urlencoded or multipart */
	struct strbuf body;         /* application/json (API) */
	struct MHD_PostProcessor *pp;
	size_t body_bytes;
	bool body_too_large;
	bool body_bad;              /* a form that could not be parsed */
	bool answered;              /* the response is queued (early 413) */
	char client[64];            /* the peer's IP address */
	bool tls;
	double started;             /* monotonic seconds */

	/* --- the context, filled by the router --- */
	struct store *st;
	date_t today;
	int stalled_days;
	bool signed_in;
	struct user user;
	char session[SESSION_TOKEN_HEX];
	char csrf[SESSION_TOKEN_HEX];
	enum lang lang;
	struct scope read_scope, write_scope;
	bool may_read, may_write;
	int64_t ids[WEB_ROUTE_IDS]; /* the {id} segments of the route */

	/* --- the answer --- */
	struct web_response resp;
};

void web_request_init(struct web_request *r);
void web_request_release(struct web_request *r);

/* A form field or query argument, NUL-terminated; NULL when absent. A
 * value with an embedded NUL byte is reported as present but bad by
 * web_field_clean. */
const char *web_form(const struct web_request *r, const char *name);
const char *web_query(const struct web_request *r, const char *name);
const char *web_cookie(const struct web_request *r, const char *name);
/* A request header (e.g. "X-CSRF-Token"), or NULL. */
const char *web_header(const struct web_request *r, const char *name);

/*
 * Is the field absent, or valid UTF-8 text without control characters
 * (newlines allowed when multiline), without NUL, at most max bytes?
 */
bool web_field_clean(const struct web_request *r, const struct web_fields *f, const char *name,
		     bool multiline, size_t max);

/* Constant-time comparison of two NUL-terminated secrets. */
bool web_secret_equal(const char *a, const char *b);

#endif
