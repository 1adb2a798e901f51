/*
 * geoip.h - where an IP address is, from a MaxMind DB file (GeoIP2 or
 * GeoLite2 City layout, or any database with the same keys) a deployment
 * provides. Used to route a subject whose referrals name no Moroccan place
 * (docs/linking.md): the names found here are matched against
 * data/locations.tsv like a referral's own. The only file that includes
 * maxminddb.h.
 */
#ifndef HIMAYA_GEOIP_H
#define HIMAYA_GEOIP_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/err.h"
#include "../lib/strbuf.h"

struct geoip; /* an open database */

/* Open path; a missing, unreadable or corrupt file is HIM_EIO naming it. */
int geoip_open(const char *path, struct geoip **out, struct err *err);
void geoip_free(struct geoip *g);
const char *geoip_path(const struct geoip *g);

#define GEOIP_NAMES_MAX 8

/* What the database says of one address. */
struct geoip_place {
	bool found;                /* the address is in the database */
	char country[3];           /* ISO 3166 code ("MA"), "" if not given */
	/* The place's names to try, most precise first: the city (English,
	 * French), then each subdivision from the smallest (a province) to the
	 * largest (a region). Duplicates are left out. */
	struct strbuf names[GEOIP_NAMES_MAX];
	size_t nnames;
	size_t ncity;              /* how many of names are the city's */
};

void geoip_place_init(struct geoip_place *p);
void geoip_place_release(struct geoip_place *p);

/* Look ip (text, IPv4 or IPv6) up; p->found says whether it is there.
 * HIM_EINPUT for text that is not an address, HIM_EIO for a database
 * that cannot be read at that point. */
int geoip_lookup(struct geoip *g, const char *ip, struct geoip_place *p, struct err *err);

#endif
