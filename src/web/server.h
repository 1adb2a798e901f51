/*
 * server.h - what the router needs from the server: a pool of store
 * connections (SQLite connections are never shared between threads), the
 * options, and the static files embedded in the binary.
 */
#ifndef HIMAYA_WEB_SERVER_H
#define HIMAYA_WEB_SERVER_H

#include "request.h"
#include "web.h"

/* Take a store connection for this request's thread; give it back after. */
int web_store_acquire(struct store **out, struct err *err);
void web_store_release(struct store *st, bool healthy);

const struct web_options *web_server_options(void);

/* The routing tables (docs/linking.md), loaded once at start from
 * options.data_dir and options.geoip_path; read-only while serving. */
struct route_table;
struct geoip;
struct web_routing {
	struct route_table *places;    /* locations.tsv */
	struct route_table *retention; /* retention.tsv */
	struct geoip *geoip;           /* NULL: no IP geolocation */
};
const struct web_routing *web_server_routing(void);

/* Does path match pattern ("/cases/{id}/events", {id} a positive
 * integer)? Fills ids[] from the {id} segments. (router.c) */
bool web_route_match(const char *pattern, const char *path, int64_t ids[WEB_ROUTE_IDS]);

/* Route one complete request: fills r->resp. (router.c) */
void web_route(struct web_request *r);

/* The static files (static.c): true if path named one, resp filled. */
bool web_static_serve(struct web_request *r, const char *name);
void web_static_prepare(void);

#endif
