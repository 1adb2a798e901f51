/*
 * link_exclude.c - values that never link (see link_exclude.h).
 */
#include "link_exclude.h"

#include <stdlib.h>
#include <string.h>

#include "ident.h"
#include "link.h"
#include "../lib/strbuf.h"
#include "../lib/banned.h"

/* Morocco's: a phone written 06… in the list is the +2126… imported. */
#define EXCLUDE_COUNTRY_CODE "+212"

void link_exclusions_init(struct link_exclusions *x)
{
	x->items = NULL;
	x->n = x->alloc = 0;
}

void link_exclusions_release(struct link_exclusions *x)
{
	size_t i;

	for (i = 0; i < x->n; i++) {
		free(x->items[i].value);
		free(x->items[i].service);
	}
	free(x->items);
	link_exclusions_init(x);
}

static int compare(enum ident_kind ka, const char *va, const char *sa, enum ident_kind kb, const char *vb,
		   const char *sb)
{
	int c = strcmp(va, vb);

	if (c)
		return c;
	if (ka != kb)
		return ka < kb ? -1 : 1;
	return strcmp(sa, sb);
}

static int normalise(enum ident_kind kind, const char *value, struct strbuf *out, struct err *err)
{
	char guid[IDENT_GUID_MAX];
	int rc;

	switch (kind) {
	case IDENT_EMAIL:
		return ident_email_normalise(value, out, err);
	case IDENT_PHONE:
		return ident_phone_normalise(value, EXCLUDE_COUNTRY_CODE, out, err);
	case IDENT_P2P_GUID:
		if ((rc = ident_guid_normalise(value, guid, err)) == HIM_OK) {
			strbuf_reset(out);
			strbuf_adds(out, guid);
		}
		return rc;
	default:
		return ident_text_normalise(value, out, err);
	}
}

int link_exclusions_add(struct link_exclusions *x, const char *kind, const char *value, const char *service,
			struct err *err)
{
	struct strbuf v = STRBUF_INIT, s = STRBUF_INIT;
	enum ident_kind k;
	size_t lo = 0, hi = x->n;
	int rc;

	if (!ident_kind_parse(kind, &k) || !link_ident_links(k, IDENT_ROLE_REPORTED, "any"))
		return err_set(err, HIM_EINPUT, "'%s' is not a kind that links (email, phone, p2p_guid,"
			       " esp_account, screen_name)", kind);
	if ((rc = normalise(k, value, &v, err)) != HIM_OK)
		goto out;
	if (service && service[0] && (rc = ident_service_normalise(service, &s, err)) != HIM_OK)
		goto out;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct link_exclusion *e = &x->items[mid];
		int c = compare(e->kind, e->value, e->service, k, v.buf, s.buf);

		if (c == 0)
			goto out;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (x->n == x->alloc) {
		x->alloc = x->alloc ? x->alloc * 2 : 16;
		x->items = xrealloc(x->items, x->alloc * sizeof(*x->items));
	}
	memmove(&x->items[lo + 1], &x->items[lo], (x->n - lo) * sizeof(*x->items));
	x->items[lo].kind = k;
	x->items[lo].value = strbuf_detach(&v, NULL);
	x->items[lo].service = strbuf_detach(&s, NULL);
	x->n++;
out:
	strbuf_release(&v);
	strbuf_release(&s);
	return rc;
}

bool link_exclusions_has(const struct link_exclusions *x, enum ident_kind kind, const char *value,
			 const char *service)
{
	size_t lo = 0, hi;

	if (!x || x->n == 0)
		return false;
	/* The first entry of (value, kind): "" (every service) sorts first. */
	hi = x->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct link_exclusion *e = &x->items[mid];

		if (compare(e->kind, e->value, e->service, kind, value, "") < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < x->n && x->items[lo].kind == kind && strcmp(x->items[lo].value, value) == 0; lo++)
		if (!x->items[lo].service[0] || strcmp(x->items[lo].service, service ? service : "") == 0)
			return true;
	return false;
}

/* FNV-1a, 64 bits, over the sorted entries. */
static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

int64_t link_exclusions_fingerprint(const struct link_exclusions *x)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	if (x->n == 0)
		return 0;
	for (i = 0; i < x->n; i++) {
		const char *kind = ident_kind_name(x->items[i].kind);

		h = fnv(h, kind, strlen(kind) + 1);
		h = fnv(h, x->items[i].value, strlen(x->items[i].value) + 1);
		h = fnv(h, x->items[i].service, strlen(x->items[i].service) + 1);
	}
	h &= (UINT64_C(1) << 62) - 1;
	return h ? (int64_t)h : 1;
}
