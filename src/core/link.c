/*
 * link.c - the linking rules and the union-find (see link.h). Pure: the
 * store feeds identifiers and sightings in, the app writes subjects out.
 */
#include "link.h"

#include <stdlib.h>
#include <string.h>

#include "ident.h"
#include "../lib/strbuf.h"
#include "../lib/banned.h"

/* --- union-find --- */

void uf_init(struct uf *u)
{
	u->parent = NULL;
	u->n = 0;
}

void uf_release(struct uf *u)
{
	free(u->parent);
	uf_init(u);
}

void uf_add(struct uf *u, int64_t id)
{
	size_t need = (size_t)id + 1;

	if (id <= 0)
		return;
	if (need > u->n) {
		size_t n = u->n ? u->n : 1024;

		while (n < need)
			n *= 2;
		u->parent = xrealloc(u->parent, n * sizeof(*u->parent));
		memset(u->parent + u->n, 0, (n - u->n) * sizeof(*u->parent));
		u->n = n;
	}
	if (u->parent[id] == 0)
		u->parent[id] = id;
}

int64_t uf_find(struct uf *u, int64_t id)
{
	if (id <= 0 || (size_t)id >= u->n || u->parent[id] == 0)
		return id;
	/* Path halving: every other node on the way points to its grandparent. */
	while (u->parent[id] != id) {
		u->parent[id] = u->parent[u->parent[id]];
		id = u->parent[id];
	}
	return id;
}

bool uf_union(struct uf *u, int64_t a, int64_t b)
{
	int64_t ra, rb;

	uf_add(u, a);
	uf_add(u, b);
	ra = uf_find(u, a);
	rb = uf_find(u, b);
	if (ra == rb)
		return false;
	/* The smaller id stays the root: a subject is named by its first referral. */
	if (ra < rb)
		u->parent[rb] = ra;
	else
		u->parent[ra] = rb;
	return true;
}

/* --- identifiers --- */

bool link_ident_links(enum ident_kind kind, enum ident_role role, const char *service)
{
	if (role != IDENT_ROLE_REPORTED)
		return false;
	switch (kind) {
	case IDENT_EMAIL:
	case IDENT_PHONE:
	case IDENT_P2P_GUID:
		return true;
	case IDENT_ESP_ACCOUNT:
	case IDENT_SCREEN_NAME:
		return service && service[0];
	default:
		return false;
	}
}

/* --- IP ranges --- */

void ip_range_list_init(struct ip_range_list *l)
{
	l->items = NULL;
	l->n = l->alloc = 0;
}

void ip_range_list_release(struct ip_range_list *l)
{
	free(l->items);
	ip_range_list_init(l);
}

int ip_range_list_add(struct ip_range_list *l, const char *text, struct err *err)
{
	const char *slash = strchr(text, '/');
	struct strbuf addr = STRBUF_INIT;
	struct ident_ip ip;
	struct ip_range r;
	long prefix = -1;
	int rc, bits, i;

	strbuf_add(&addr, text, slash ? (size_t)(slash - text) : strlen(text));
	rc = ident_ip_parse(addr.buf, &ip, err);
	strbuf_release(&addr);
	if (rc != HIM_OK)
		return err_set(err, HIM_EINPUT, "'%s' is not an address or CIDR block", text);
	if (slash) {
		char *end;

		prefix = strtol(slash + 1, &end, 10);
		if (!slash[1] || *end || prefix < 0 || prefix > (ip.v6 ? 128 : 32))
			return err_set(err, HIM_EINPUT, "'%s': the prefix length must be 0-%d", text,
				       ip.v6 ? 128 : 32);
	}
	/* IPv4 lives in ::ffff:0:0/96: its prefix counts from bit 96. */
	bits = prefix < 0 ? 128 : (int)prefix + (ip.v6 ? 0 : 96);
	for (i = 0; i < 16; i++) {
		int keep = bits - i * 8;
		uint8_t mask = keep >= 8 ? 0xff : keep <= 0 ? 0 : (uint8_t)(0xff << (8 - keep));

		r.low[i] = ip.addr[i] & mask;
		r.high[i] = (uint8_t)(ip.addr[i] | (uint8_t)~mask);
	}
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? l->alloc * 2 : 8;
		l->items = xrealloc(l->items, l->alloc * sizeof(*l->items));
	}
	l->items[l->n++] = r;
	return HIM_OK;
}

bool ip_range_list_contains(const struct ip_range_list *l, const uint8_t addr[16])
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (memcmp(addr, l->items[i].low, 16) >= 0 && memcmp(addr, l->items[i].high, 16) <= 0)
			return true;
	return false;
}

/* --- IP sightings --- */

bool link_ip_shared(const struct ip_range_list *cgnat, const struct link_ip_event *a,
		    const struct link_ip_event *b)
{
	return a->proxy == 1 || b->proxy == 1 || (cgnat && ip_range_list_contains(cgnat, a->addr));
}

enum link_ip_verdict link_ip_pair(const struct link_ip_event *a, const struct link_ip_event *b,
				  int64_t window, bool shared)
{
	int64_t d;

	if (a->referral_id == b->referral_id || memcmp(a->addr, b->addr, 16) != 0)
		return LINK_IP_NONE;
	if (a->at == TIME_NONE || b->at == TIME_NONE)
		return LINK_IP_NONE;
	d = a->at > b->at ? a->at - b->at : b->at - a->at;
	if (d > window)
		return LINK_IP_NONE;
	if (!shared)
		return LINK_IP_LINK;
	if (a->port >= 0 && a->port == b->port)
		return LINK_IP_LINK;
	return LINK_IP_NEEDS_PORT;
}
