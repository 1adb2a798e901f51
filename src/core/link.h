/*
 * link.h - the rules that make referrals one subject (one suspect), with
 * no I/O: which identifiers link, when two IP sightings link, and the
 * union-find that turns links into subjects.
 *
 * A subject is a connected component of referrals under "shares a strong
 * identifier of the reported person". The union-find always keeps the
 * smallest referral id of a component as its root, so a subject's id is
 * the smallest referral id in it: the same partition gives the same ids,
 * whether it was built at once (link --rebuild) or grown referral by
 * referral (after each import), and ids stay stable as subjects grow.
 */
#ifndef HIMAYA_LINK_H
#define HIMAYA_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/err.h"
#include "referral.h"

/* --- union-find over referral ids (1..n-1) --- */

struct uf {
	int64_t *parent; /* parent[i] == i for a root; 0 for an id never added */
	size_t n;        /* ids 0..n-1 have a slot */
};

void uf_init(struct uf *u);
void uf_release(struct uf *u);
/* Make id a singleton if it has no slot yet (ids grow the array). */
void uf_add(struct uf *u, int64_t id);
/* The root (smallest id) of id's component; id itself if never added. */
int64_t uf_find(struct uf *u, int64_t id);
/* Join the components of a and b; true when they were apart. */
bool uf_union(struct uf *u, int64_t a, int64_t b);

/* --- identifiers --- */

/*
 * Whether an identifier links referrals: only the reported person's, and
 * only strong ones - an e-mail, a phone, a P2P client GUID, and an ESP
 * account or screen name within one service (without the service, "john"
 * on two platforms is two people). Display names, profile and incident
 * URLs and device ids do not link.
 */
bool link_ident_links(enum ident_kind kind, enum ident_role role, const char *service);

/* --- IP sightings --- */

/* One IP sighting as the linker sees it. */
struct link_ip_event {
	int64_t referral_id;
	uint8_t addr[16];
	char ip[46];
	utc_time_t at;  /* TIME_NONE: not given (never links) */
	int port;       /* -1: not given */
	int proxy;      /* possibleProxy: 1, 0, -1 */
	int64_t subject_id; /* its referral's stored subject as the store read it (0: none) */
};

struct ip_range {
	uint8_t low[16], high[16];
};

struct ip_range_list {
	struct ip_range *items;
	size_t n, alloc;
};

void ip_range_list_init(struct ip_range_list *l);
void ip_range_list_release(struct ip_range_list *l);
/* Add a CIDR block ("100.64.0.0/10", "2001:db8::/32") or one address;
 * HIM_EINPUT with the reason otherwise. */
int ip_range_list_add(struct ip_range_list *l, const char *text, struct err *err);
bool ip_range_list_contains(const struct ip_range_list *l, const uint8_t addr[16]);

/* Carrier-grade NAT (RFC 6598), always shared whatever the data file says. */
#define LINK_CGNAT_RFC6598 "100.64.0.0/10"

enum link_ip_verdict {
	LINK_IP_NONE,       /* no relation */
	LINK_IP_LINK,       /* same person */
	LINK_IP_NEEDS_PORT, /* same shared address at the same time, no matching port */
};

/*
 * Two sightings of the same address link when both have a time and the
 * times are at most window seconds apart. When the address is shared
 * (shared true: a CGNAT range, or either sighting possibleProxy) many
 * people use it at once, so the source ports must also be given and
 * equal; otherwise the pair needs a port from the ISP. Sightings of the
 * same referral never relate.
 */
enum link_ip_verdict link_ip_pair(const struct link_ip_event *a, const struct link_ip_event *b,
				  int64_t window, bool shared);
/* Whether the pair's address is shared: in cgnat, or either marked a proxy. */
bool link_ip_shared(const struct ip_range_list *cgnat, const struct link_ip_event *a,
		    const struct link_ip_event *b);

#endif
