/*
 * static.c - the stylesheets (and the little script there is), embedded
 * in the binary at build time (scripts/embed-text.sh), served with a
 * strong ETag and a cache lifetime.
 *
 * Why embedded rather than read from web/static/ at run time: one file to
 * deploy and nothing on disk for a path-traversal bug to reach; the page
 * and its stylesheet can never come from two different versions.
 */
#include "server.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../report/table.h"
#include "../lib/banned.h"

extern const char web_app_css[];

struct static_file {
	const char *name;
	const char *type;
	const char *data;
	size_t len;
	char etag[24];
};

static struct static_file files[] = {
	{ "app.css", "text/css; charset=utf-8", web_app_css, 0, "" },
	{ "table.css", "text/css; charset=utf-8", table_css, 0, "" },
};

/* FNV-1a: a content hash is enough for an ETag (not a security check). */
static uint64_t fnv1a(const char *s, size_t n)
{
	uint64_t h = UINT64_C(14695981039346656037);

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= UINT64_C(1099511628211);
	}
	return h;
}

void web_static_prepare(void)
{
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		files[i].len = strlen(files[i].data);
		snprintf(files[i].etag, sizeof(files[i].etag), "\"%016llx\"",
			 (unsigned long long)fnv1a(files[i].data, files[i].len));
	}
}

bool web_static_serve(struct web_request *r, const char *name)
{
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		const char *inm;

		if (strcmp(files[i].name, name) != 0)
			continue;
		if (!files[i].len)
			web_static_prepare();
		r->resp.cache = WEB_CACHE_STATIC;
		r->resp.content_type = files[i].type;
		web_response_header(&r->resp, "ETag", files[i].etag);
		inm = web_header(r, "If-None-Match");
		if (inm && strcmp(inm, files[i].etag) == 0) {
			r->resp.status = 304;
			return true;
		}
		r->resp.status = 200;
		r->resp.fixed = files[i].data;
		r->resp.fixed_len = files[i].len;
		return true;
	}
	return false;
}
