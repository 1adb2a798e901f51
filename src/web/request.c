/*
 * request.c - the request's fields (query, cookies, form) and its
 * lifecycle. A field's value is a strbuf so that the POST processor can
 * append the pieces of one value as they arrive.
 */
#include "request.h"

#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/utf8.h"
#include "../lib/banned.h"

void web_fields_init(struct web_fields *f)
{
	memset(f, 0, sizeof(*f));
}

void web_fields_release(struct web_fields *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->items[i].name);
		strbuf_release(&f->items[i].value);
	}
	free(f->items);
	web_fields_init(f);
}

struct web_field *web_fields_add(struct web_fields *f, const char *name, size_t name_len)
{
	struct web_field *fl;

	/* The same name again continues that value (the POST processor's
	 * pieces); a repeated field in a query keeps its first value. */
	for (size_t i = 0; i < f->n; i++)
		if (strlen(f->items[i].name) == name_len && memcmp(f->items[i].name, name, name_len) == 0)
			return &f->items[i];
	if (f->n == f->alloc) {
		f->alloc = f->alloc ? f->alloc * 2 : 8;
		f->items = xrealloc(f->items, f->alloc * sizeof(*f->items));
	}
	fl = &f->items[f->n++];
	fl->name = xstrndup(name, name_len);
	strbuf_init(&fl->value);
	return fl;
}

const struct web_field *web_fields_get(const struct web_fields *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->items[i].name, name) == 0)
			return &f->items[i];
	return NULL;
}

void web_request_init(struct web_request *r)
{
	memset(r, 0, sizeof(*r));
	web_fields_init(&r->query);
	web_fields_init(&r->cookies);
	web_fields_init(&r->form);
	strbuf_init(&r->body);
	web_response_init(&r->resp);
	r->lang = LANG_AR;
	r->today = DATE_NONE;
}

void web_request_release(struct web_request *r)
{
	if (r->pp)
		MHD_destroy_post_processor(r->pp);
	free(r->path);
	web_fields_release(&r->query);
	web_fields_release(&r->cookies);
	web_fields_release(&r->form);
	strbuf_release(&r->body);
	web_response_release(&r->resp);
	memset(r, 0, sizeof(*r));
}

const char *web_form(const struct web_request *r, const char *name)
{
	const struct web_field *f = web_fields_get(&r->form, name);
	return f ? f->value.buf : NULL;
}

const char *web_query(const struct web_request *r, const char *name)
{
	const struct web_field *f = web_fields_get(&r->query, name);
	return f ? f->value.buf : NULL;
}

const char *web_cookie(const struct web_request *r, const char *name)
{
	const struct web_field *f = web_fields_get(&r->cookies, name);
	return f ? f->value.buf : NULL;
}

const char *web_header(const struct web_request *r, const char *name)
{
	if (!r->conn)
		return NULL;
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

bool web_field_clean(const struct web_request *r, const struct web_fields *f, const char *name,
		     bool multiline, size_t max)
{
	const struct web_field *fl = web_fields_get(f, name);

	(void)r;
	if (!fl)
		return true;
	if (fl->value.len > max || strlen(fl->value.buf) != fl->value.len)
		return false;
	return utf8_text_ok(fl->value.buf, multiline);
}

bool web_secret_equal(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	unsigned char diff = (unsigned char)(na != nb);

	for (size_t i = 0; i < na && i < nb; i++)
		diff |= (unsigned char)(a[i] ^ b[i]);
	return diff == 0 && na > 0;
}
