/*
 * response.c - sending a response with the headers every response
 * carries. The security posture is the default: a handler cannot forget
 * the CSP or the cache policy, because it never adds them itself.
 */
#include "response.h"

#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

const char web_csp[] =
	"default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

void web_response_init(struct web_response *resp)
{
	memset(resp, 0, sizeof(*resp));
	strbuf_init(&resp->body);
}

void web_response_release(struct web_response *resp)
{
	strbuf_release(&resp->body);
	for (size_t i = 0; i < resp->nheaders; i++) {
		free(resp->names[i]);
		free(resp->values[i]);
	}
	web_response_init(resp);
}

void web_response_header(struct web_response *resp, const char *name, const char *value)
{
	if (resp->nheaders == WEB_HEADERS_MAX)
		abort(); /* a handler adds a handful of headers at most: a bug */
	resp->names[resp->nheaders] = xstrdup(name);
	resp->values[resp->nheaders] = xstrdup(value);
	resp->nheaders++;
}

void web_response_redirect(struct web_response *resp, const char *location)
{
	resp->status = 303;
	resp->content_type = "text/plain; charset=utf-8";
	strbuf_reset(&resp->body);
	web_response_header(resp, "Location", location);
}

bool web_response_send(struct MHD_Connection *conn, struct web_response *resp, bool head_only,
		       size_t *bytes)
{
	struct MHD_Response *mr;
	enum MHD_Result ok;
	size_t len;

	if (resp->fixed) {
		len = resp->fixed_len;
		mr = MHD_create_response_from_buffer(head_only ? 0 : len, (void *)resp->fixed,
						     MHD_RESPMEM_PERSISTENT);
	} else {
		char *buf = strbuf_detach(&resp->body, &len);
		if (head_only) {
			free(buf);
			mr = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
		} else {
			mr = MHD_create_response_from_buffer(len, buf, MHD_RESPMEM_MUST_FREE);
			if (!mr)
				free(buf);
		}
	}
	if (!mr)
		return false;
	*bytes = head_only ? 0 : len;
	MHD_add_response_header(mr, "Content-Type",
				resp->content_type ? resp->content_type : "text/html; charset=utf-8");
	MHD_add_response_header(mr, "Content-Security-Policy", web_csp);
	MHD_add_response_header(mr, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(mr, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(mr, "X-Frame-Options", "DENY");
	MHD_add_response_header(mr, "Cross-Origin-Opener-Policy", "same-origin");
	if (resp->cache == WEB_CACHE_STATIC)
		MHD_add_response_header(mr, "Cache-Control", "public, max-age=3600, must-revalidate");
	else
		MHD_add_response_header(mr, "Cache-Control", "no-store");
	for (size_t i = 0; i < resp->nheaders; i++)
		MHD_add_response_header(mr, resp->names[i], resp->values[i]);
	ok = MHD_queue_response(conn, (unsigned)(resp->status ? resp->status : 500), mr);
	MHD_destroy_response(mr);
	return ok == MHD_YES;
}
