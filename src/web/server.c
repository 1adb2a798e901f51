/*
 * server.c - the HTTP daemon: GNU libmicrohttpd with a thread per
 * connection, hard limits, a pool of store connections, the access log,
 * and a graceful shutdown.
 *
 * Why a thread per connection: every handler blocks (SQLite, cairo for
 * the PDF table), and MHD's manual says blocking callbacks need their own
 * threads. With a connection limit, a per-IP limit and an idle timeout
 * (MHD's default is none), a slow or idle client holds one thread for a
 * bounded time and cannot exhaust the server.
 *
 * Request bodies are counted as they arrive; past the cap the rest is
 * discarded and the answer is 413. Per-request state is freed in the
 * NOTIFY_COMPLETED callback, which MHD calls however the request ended.
 *
 * Shutdown: SIGTERM/SIGINT are blocked in every thread and awaited by the
 * main thread with sigwait; it then quiesces the daemon (the listening
 * socket closes, no new connection), waits until the requests in flight
 * have been answered (up to a grace period) and stops the daemon.
 */
#include "server.h"
#include "cache.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../ingest/geoip.h"
#include "../ingest/link_data.h"
#include "../store/store.h"
#include "../lib/banned.h"

#define SHUTDOWN_GRACE_SECONDS 30

static struct web_options options;
static atomic_int in_flight;

/* --- the store pool ------------------------------------------------------ */

/* Idle connections are kept for reuse (each holds the reference data it
 * loaded at open); never more than the connection limit exist at once. */
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static struct store **pool;
static size_t pool_n, pool_cap;

int web_store_acquire(struct store **out, struct err *err)
{
	int rc;

	pthread_mutex_lock(&pool_lock);
	if (pool_n > 0) {
		*out = pool[--pool_n];
		pthread_mutex_unlock(&pool_lock);
		store_set_actor(*out, NULL);
		return HIM_OK;
	}
	pthread_mutex_unlock(&pool_lock);
	rc = store_open(out, options.db_url, err);
	if (rc == HIM_OK && !store_has_reference(*out)) {
		store_close(*out);
		*out = NULL;
		rc = err_set(err, HIM_EUSAGE, "database '%s' has no reference data", options.db_url);
	}
	return rc;
}

void web_store_release(struct store *st, bool healthy)
{
	if (!st)
		return;
	pthread_mutex_lock(&pool_lock);
	if (healthy && pool_n < pool_cap) {
		pool[pool_n++] = st;
		st = NULL;
	}
	pthread_mutex_unlock(&pool_lock);
	if (st)
		store_close(st);
}

static void pool_close_all(void)
{
	pthread_mutex_lock(&pool_lock);
	for (size_t i = 0; i < pool_n; i++)
		store_close(pool[i]);
	pool_n = 0;
	free(pool);
	pool = NULL;
	pthread_mutex_unlock(&pool_lock);
}

const struct web_options *web_server_options(void)
{
	return &options;
}

/* --- the routing tables -------------------------------------------------- */

/* Loaded once before the daemon starts and released after it stops: in
 * between every request thread only reads them (link_data_tables leaves
 * them sorted; libmaxminddb's lookups on an open database are
 * thread-safe), so they need no lock, and a request never reads a file. */
static struct route_table routing_places, routing_retention;
static struct web_routing routing;

const struct web_routing *web_server_routing(void)
{
	return &routing;
}

static void routing_release(void)
{
	geoip_free(routing.geoip);
	route_table_release(&routing_places);
	route_table_release(&routing_retention);
	memset(&routing, 0, sizeof(routing));
}

static int routing_load(const struct web_options *o, const struct court_map *map, struct err *err)
{
	int rc;

	route_table_init(&routing_places);
	route_table_init(&routing_retention);
	memset(&routing, 0, sizeof(routing));
	rc = link_data_tables(o->data_dir ? o->data_dir : "data", map, &routing_places, &routing_retention, err);
	if (rc != HIM_OK)
		err_prefix(err, "the routing tables (--data-dir)");
	if (rc == HIM_OK && o->geoip_path && (rc = geoip_open(o->geoip_path, &routing.geoip, err)) != HIM_OK)
		err_prefix(err, "--geoip");
	if (rc != HIM_OK) {
		routing_release();
		return rc;
	}
	routing.places = &routing_places;
	routing.retention = &routing_retention;
	return HIM_OK;
}

/* --- options ------------------------------------------------------------- */

void web_options_init(struct web_options *o)
{
	memset(o, 0, sizeof(*o));
	o->host = "127.0.0.1";
	o->port = 8080;
	o->today = DATE_NONE;
	o->max_connections = 64;
	o->max_per_ip = 16;
	o->timeout_seconds = 30;
	o->max_body = 1024 * 1024;
	o->stalled_days = 90;
}

int web_listen_parse(const char *text, char *buf, size_t bufsize, struct web_options *o,
		     struct err *err)
{
	const char *colon = strrchr(text, ':');
	const char *port = colon ? colon + 1 : text;
	size_t hostlen = colon ? (size_t)(colon - text) : 0;
	char *end;
	long p;

	errno = 0;
	p = strtol(port, &end, 10);
	if (!*port || *end || errno || p < 1 || p > 65535)
		return err_set(err, HIM_EUSAGE, "--listen: '%s' is not HOST:PORT (port 1 to 65535)", text);
	if (hostlen + 1 > bufsize)
		return err_set(err, HIM_EUSAGE, "--listen: host too long");
	if (hostlen) {
		memcpy(buf, text, hostlen);
		buf[hostlen] = '\0';
		o->host = buf;
	}
	o->port = (uint16_t)p;
	return HIM_OK;
}

/* --- the access log ------------------------------------------------------ */

static double now_monotonic(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The path as logged: printable ASCII kept, everything else %XX, so one
 * request is one line whatever the path holds; the query is never logged
 * (it may carry a search a prosecutor typed). */
static void log_path(struct strbuf *out, const char *path)
{
	for (const unsigned char *p = (const unsigned char *)path; p && *p; p++) {
		if (*p > 0x20 && *p < 0x7f && *p != '"' && *p != '\\' && *p != '%')
			strbuf_addch(out, (char)*p);
		else
			strbuf_addf(out, "%%%02X", *p);
	}
}

static void access_log(const struct web_request *r, size_t bytes)
{
	struct strbuf line = STRBUF_INIT;
	struct tm tm;
	time_t now = time(NULL);
	char when[32];

	if (options.quiet)
		return;
	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	strbuf_addf(&line, "time=%s method=%s path=\"", when, r->method[0] ? r->method : "-");
	log_path(&line, r->path);
	strbuf_addf(&line, "\" status=%d bytes=%zu ms=%.1f user=%s client=%s\n", r->resp.status, bytes,
		    (now_monotonic() - r->started) * 1000.0, r->signed_in ? r->user.name : "-",
		    r->client[0] ? r->client : "-");
	fputs(line.buf, stderr);
	strbuf_release(&line);
}

/* --- MHD callbacks ------------------------------------------------------- */

static enum MHD_Result collect_value(void *cls, enum MHD_ValueKind kind, const char *key,
				     size_t key_size, const char *value, size_t value_size)
{
	struct web_fields *f = cls;
	struct web_field *fl;

	(void)kind;
	if (!key || f->n >= 256) /* a page has a few dozen fields */
		return MHD_YES;
	fl = web_fields_add(f, key, key_size);
	if (fl->value.len == 0 && value)
		strbuf_add(&fl->value, value, value_size);
	return MHD_YES;
}

static enum MHD_Result post_piece(void *cls, enum MHD_ValueKind kind, const char *key,
				  const char *filename, const char *content_type,
				  const char *transfer_encoding, const char *data, uint64_t off,
				  size_t size)
{
	struct web_request *r = cls;
	struct web_field *fl;

	(void)kind; (void)filename; (void)content_type; (void)transfer_encoding;
	if (!key || (r->form.n >= 256 && !web_fields_get(&r->form, key)))
		return MHD_YES;
	fl = web_fields_add(&r->form, key, strlen(key));
	/* A value arrives in pieces at increasing offsets: append. */
	if (off != fl->value.len) {
		r->body_bad = true;
		return MHD_NO;
	}
	if (size)
		strbuf_add(&fl->value, data, size);
	return MHD_YES;
}

static bool is_form(const char *ct)
{
	return ct && (strncasecmp(ct, MHD_HTTP_POST_ENCODING_FORM_URLENCODED,
				  strlen(MHD_HTTP_POST_ENCODING_FORM_URLENCODED)) == 0 ||
		      strncasecmp(ct, MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA,
				  strlen(MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA)) == 0);
}

static void request_start(struct web_request *r, struct MHD_Connection *conn, const char *url,
			  const char *method)
{
	const union MHD_ConnectionInfo *ci;
	size_t n = strlen(method);

	r->conn = conn;
	r->started = now_monotonic();
	memcpy(r->method, method, n < sizeof(r->method) ? n + 1 : sizeof(r->method) - 1);
	r->path = xstrdup(url);
	r->tls = options.tls_cert != NULL;
	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
				  r->client, sizeof(r->client));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
				  r->client, sizeof(r->client));
	}
	MHD_get_connection_values_n(conn, MHD_GET_ARGUMENT_KIND, collect_value, &r->query);
	MHD_get_connection_values_n(conn, MHD_COOKIE_KIND, collect_value, &r->cookies);
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *conn, const char *url,
			      const char *method, const char *version, const char *upload_data,
			      size_t *upload_data_size, void **con_cls)
{
	struct web_request *r = *con_cls;
	size_t bytes = 0;

	(void)cls; (void)version;
	if (!r) {
		const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");

		r = xmalloc(sizeof(*r));
		web_request_init(r);
		*con_cls = r;
		atomic_fetch_add(&in_flight, 1);
		request_start(r, conn, url, method);
		if (cl && strtoull(cl, NULL, 10) > options.max_body)
			r->body_too_large = true;
		else if (strcmp(method, "POST") == 0 && is_form(ct))
			r->pp = MHD_create_post_processor(conn, 16 * 1024, post_piece, r);
		/* Refuse an oversized body before reading it. */
		if (!r->body_too_large)
			return MHD_YES;
	}
	if (r->answered) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		r->body_bytes += *upload_data_size;
		if (r->body_bytes > options.max_body && !r->body_too_large) {
			/* Answer 413 now rather than read the rest: MHD closes the
			 * connection after the response, unread body and all. */
			r->body_too_large = true;
			*upload_data_size = 0;
			web_route(r);
			if (!web_response_send(conn, &r->resp, false, &bytes))
				return MHD_NO;
			r->body_bytes = bytes;
			r->answered = true;
			return MHD_YES;
		}
		if (!r->body_too_large && !r->body_bad) {
			if (r->pp) {
				if (MHD_post_process(r->pp, upload_data, *upload_data_size) != MHD_YES)
					r->body_bad = true;
			} else {
				strbuf_add(&r->body, upload_data, *upload_data_size);
			}
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (r->resp.status == 0)
		web_route(r);
	if (!web_response_send(conn, &r->resp, strcmp(method, "HEAD") == 0, &bytes))
		return MHD_NO;
	r->answered = true;
	r->body_bytes = bytes; /* now the response's size, for the log */
	return MHD_YES;
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	struct web_request *r = *con_cls;

	(void)cls; (void)conn; (void)toe;
	if (!r)
		return;
	access_log(r, r->resp.status ? r->body_bytes : 0);
	web_request_release(r);
	free(r);
	*con_cls = NULL;
	atomic_fetch_sub(&in_flight, 1);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	if (options.quiet)
		return;
	fputs("himaya serve: ", stderr);
	vfprintf(stderr, fmt, ap);
}

/* --- start and stop ------------------------------------------------------ */

static int file_read(const char *path, char **out, struct err *err)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (!f)
		return err_set(err, HIM_EIO, "cannot read '%s': %s", path, strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0 && sb.len < 1024 * 1024)
		strbuf_add(&sb, buf, n);
	fclose(f);
	*out = strbuf_detach(&sb, NULL);
	return HIM_OK;
}

int web_serve(const struct web_options *o, struct err *err)
{
	struct MHD_Daemon *d;
	struct sockaddr_in addr;
	struct store *probe = NULL;
	char *cert = NULL, *key = NULL;
	unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
			 MHD_USE_ITC | MHD_USE_ERROR_LOG;
	sigset_t sigs;
	int sig = 0, rc;

	options = *o;
	if ((o->tls_cert == NULL) != (o->tls_key == NULL))
		return err_set(err, HIM_EUSAGE, "--tls-cert and --tls-key go together");
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons(o->port);
	if (inet_pton(AF_INET, o->host, &addr.sin_addr) != 1)
		return err_set(err, HIM_EUSAGE, "--listen: '%s' is not an IPv4 address", o->host);

	/* Refuse to start on a database that is missing or empty. (A
	 * PostgreSQL URL is no file: connecting says whether it exists.) */
	if (!store_url_is_pg(o->db_url) && access(o->db_url, F_OK) != 0 && strncmp(o->db_url, "sqlite:", 7) != 0)
		return err_set(err, HIM_EUSAGE, "database '%s' does not exist: run 'himaya --db %s init' first",
			       o->db_url, o->db_url);
	pool_cap = o->max_connections;
	pool = xcalloc(pool_cap, sizeof(*pool));
	if ((rc = web_store_acquire(&probe, err)) != HIM_OK) {
		pool_close_all();
		return rc;
	}
	rc = routing_load(o, store_court_map(probe), err);
	web_store_release(probe, true);
	if (rc != HIM_OK) {
		pool_close_all();
		return rc;
	}
	web_static_prepare();

	if (o->tls_cert) {
		if (!MHD_is_feature_supported(MHD_FEATURE_TLS)) {
			pool_close_all();
			routing_release();
			return err_set(err, HIM_EUSAGE, "this libmicrohttpd has no TLS support");
		}
		if ((rc = file_read(o->tls_cert, &cert, err)) != HIM_OK ||
		    (rc = file_read(o->tls_key, &key, err)) != HIM_OK) {
			free(cert);
			pool_close_all();
			routing_release();
			return rc;
		}
		flags |= MHD_USE_TLS;
	}

	/* Block the signals in every thread MHD creates; only sigwait sees them. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (cert)
		d = MHD_start_daemon(flags, o->port, NULL, NULL, answer, NULL,
				     MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
				     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
				     MHD_OPTION_CONNECTION_LIMIT, o->max_connections,
				     MHD_OPTION_PER_IP_CONNECTION_LIMIT, o->max_per_ip,
				     MHD_OPTION_CONNECTION_TIMEOUT, o->timeout_seconds,
				     MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
				     MHD_OPTION_HTTPS_MEM_CERT, cert,
				     MHD_OPTION_HTTPS_MEM_KEY, key,
				     MHD_OPTION_END);
	else
		d = MHD_start_daemon(flags, o->port, NULL, NULL, answer, NULL,
				     MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
				     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
				     MHD_OPTION_CONNECTION_LIMIT, o->max_connections,
				     MHD_OPTION_PER_IP_CONNECTION_LIMIT, o->max_per_ip,
				     MHD_OPTION_CONNECTION_TIMEOUT, o->timeout_seconds,
				     MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
				     MHD_OPTION_END);
	if (!d) {
		free(cert);
		free(key);
		pool_close_all();
		routing_release();
		return err_set(err, HIM_EIO, "cannot listen on %s:%u (address in use, or no permission)",
			       o->host, (unsigned)o->port);
	}
	fprintf(stderr, "himaya serve: listening on %s://%s:%u/ (database %s)\n", cert ? "https" : "http",
		o->host, (unsigned)o->port, o->db_url);

	while (sigwait(&sigs, &sig) != 0)
		;
	fprintf(stderr, "himaya serve: signal %d: finishing the requests in flight\n", sig);
	{
		MHD_socket listener = MHD_quiesce_daemon(d);
		if (listener != MHD_INVALID_SOCKET)
			close(listener);
	}
	for (int i = 0; i < SHUTDOWN_GRACE_SECONDS * 20 && atomic_load(&in_flight) > 0; i++) {
		struct timespec ts = { 0, 50 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	MHD_stop_daemon(d);
	pool_close_all();
	routing_release();
	web_cache_clear();
	free(cert);
	free(key);
	fprintf(stderr, "himaya serve: stopped\n");
	return HIM_OK;
}
