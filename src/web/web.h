/*
 * web.h - the web application's entry point: `himaya serve`.
 *
 * The server (server.c) runs GNU libmicrohttpd with a thread per
 * connection and hard limits, hands each complete request to the router
 * (router.c) and answers with pages rendered on the server (page.c and
 * one file per page group). See docs/web.md for the threading model, the
 * limits, the headers and the routes.
 */
#ifndef HIMAYA_WEB_H
#define HIMAYA_WEB_H

#include <stdbool.h>
#include <stdint.h>

#include "../lib/date.h"
#include "../lib/err.h"

struct web_options {
	const char *db_url;     /* the database (must exist and be initialised) */
	const char *host;       /* address to listen on, "127.0.0.1" */
	uint16_t port;          /* 8080 */
	const char *tls_cert;   /* PEM files; both or neither */
	const char *tls_key;
	date_t today;           /* fixed "today" (tests), or DATE_NONE: the UTC date of each request */
	unsigned max_connections;  /* whole server */
	unsigned max_per_ip;
	unsigned timeout_seconds;  /* idle connection */
	size_t max_body;           /* bytes of a request body; more is 413 */
	int stalled_days;          /* dashboard: no event for this many days */
	bool quiet;                /* no access log */
	/* Routing and triage (docs/linking.md): DIR/locations.tsv and
	 * DIR/retention.tsv, and an optional MaxMind DB, loaded once at start. */
	const char *data_dir;      /* NULL: "data" */
	const char *geoip_path;    /* NULL: none */
};

void web_options_init(struct web_options *o);

/*
 * Parse "HOST:PORT" (or ":PORT", "PORT") into o->host (pointing into a
 * copy the caller keeps: buf) and o->port.
 */
int web_listen_parse(const char *text, char *buf, size_t bufsize, struct web_options *o,
		     struct err *err);

/*
 * Serve until SIGTERM or SIGINT, then stop accepting, let in-flight
 * requests finish (up to a grace period) and return HIM_OK.
 */
int web_serve(const struct web_options *o, struct err *err);

#endif
