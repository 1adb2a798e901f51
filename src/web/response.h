/*
 * response.h - what a handler answers: a status, a content type, a body
 * and a few headers. web_response_send() adds the security headers that
 * EVERY response carries (Content-Security-Policy without inline script
 * or style, nosniff, no referrer, frame-ancestors 'none') and the cache
 * policy: pages and data are no-store; static files are cacheable and
 * carry an ETag.
 */
#ifndef HIMAYA_WEB_RESPONSE_H
#define HIMAYA_WEB_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/strbuf.h"

struct MHD_Connection;

#define WEB_HEADERS_MAX 8

enum web_cache { WEB_NO_STORE, WEB_CACHE_STATIC };

struct web_response {
	int status;                /* 0 until a handler answers */
	const char *content_type;  /* a literal */
	struct strbuf body;        /* built by the handler */
	const char *fixed;         /* or a body that outlives the server (static files) */
	size_t fixed_len;
	enum web_cache cache;
	size_t nheaders;
	char *names[WEB_HEADERS_MAX];
	char *values[WEB_HEADERS_MAX];
};

void web_response_init(struct web_response *resp);
void web_response_release(struct web_response *resp);

/* Add a header (copied); extra headers beyond WEB_HEADERS_MAX are a bug. */
void web_response_header(struct web_response *resp, const char *name, const char *value);

/* A 303 to a local path (the Post/Redirect/Get pattern). */
void web_response_redirect(struct web_response *resp, const char *location);

/* The Content-Security-Policy every response carries. */
extern const char web_csp[];

/*
 * Queue resp on the connection with the common headers; *bytes is the
 * body size sent (for the access log). Returns false if MHD refused.
 */
bool web_response_send(struct MHD_Connection *conn, struct web_response *resp, bool head_only,
		       size_t *bytes);

#endif
