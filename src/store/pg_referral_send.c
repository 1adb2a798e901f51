/*
 * pg_referral_send.c - sending an import buffer's rows to PostgreSQL: one
 * COPY ... FROM STDIN per table, on a thread of its own (see
 * pg_referral_buffer.h's struct pg_copy_job for the contract).
 *
 * Why a thread: an import alternates between reading records (this
 * process's CPU) and loading them (the server's CPU). Sent from the
 * reading thread, each waits for the other; sent from a thread of its
 * own, the server loads one buffer while the next is read, and on two
 * cores the import takes about the longer of the two rather than their
 * sum (bench/pg.sh). The connection is used by one thread at a time, as
 * libpq requires: the import's thread waits for the sending before any
 * other statement, and the batch's commit comes after the last sending
 * has been waited for, so a failed COPY still fails its batch.
 */
#include "pg_internal.h"
#include "pg_referral_buffer.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

static const struct {
	const char *sql, *what;
} copies[PGB_NTABLES] = {
	[PGB_REFERRALS] = { "COPY referrals (id, platform, external_id, priority, escalation, incident_type, esp,"
			    " network, client, annotations, received_at, incident_at, notes, content_dropped,"
			    " fingerprint, source_file, source_line, import_id, created_at, updated_at) FROM STDIN",
			    "storing referrals" },
	[PGB_IDENTS] = { "COPY referral_idents (referral_id, kind, role, value, service, position) FROM STDIN",
			 "storing identifiers" },
	[PGB_EVENTS] = { "COPY ip_events (referral_id, addr, at, port, event, role, proxy, position) FROM STDIN",
			 "storing IP events" },
	[PGB_FILES] = { "COPY referral_files (referral_id, name, md5, sha1, sha256, md4, infohash, industry_class,"
			" position) FROM STDIN",
			"storing files' hashes" },
	[PGB_LOCATIONS] = { "COPY referral_locations (referral_id, ip, country, region, city, isp, asn, position)"
			    " FROM STDIN",
			    "storing locations" },
};

/* The server's verdict on a COPY: a constraint violation (class 23) is a
 * conflict the caller can explain, as with any other statement. */
static int copy_error(PGconn *conn, const PGresult *res, const char *what, struct err *err)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;

	if (!msg || !*msg)
		msg = PQerrorMessage(conn);
	return err_set(err, state && strncmp(state, "23", 2) == 0 ? HIM_ECONFLICT : HIM_EDB, "%s: %s", what,
		       msg && *msg ? msg : "unknown error");
}

/* One COPY ... FROM STDIN of the rows in data. */
static int copy_send(PGconn *conn, const char *sql, const struct strbuf *data, const char *what, struct err *err)
{
	PGresult *res;
	int rc = HIM_OK;

	if (!data->len)
		return HIM_OK;
	res = PQexec(conn, sql);
	if (PQresultStatus(res) != PGRES_COPY_IN) {
		rc = copy_error(conn, res, what, err);
		PQclear(res);
		return rc;
	}
	PQclear(res);
	/* PQputCopyData takes an int: send in pieces of at most 1 MiB. */
	for (size_t off = 0; off < data->len && rc == HIM_OK;) {
		size_t n = data->len - off < (1u << 20) ? data->len - off : (1u << 20);
		if (PQputCopyData(conn, data->buf + off, (int)n) != 1)
			rc = copy_error(conn, NULL, what, err);
		off += n;
	}
	if (PQputCopyEnd(conn, rc == HIM_OK ? NULL : "himaya: sending failed") != 1 && rc == HIM_OK)
		rc = copy_error(conn, NULL, what, err);
	while ((res = PQgetResult(conn)) != NULL) {
		if (rc == HIM_OK && PQresultStatus(res) != PGRES_COMMAND_OK)
			rc = copy_error(conn, res, what, err);
		PQclear(res);
	}
	return rc;
}

/*
 * The referrals' import must be in the import log: one query per sending
 * instead of a foreign key, whose trigger ran a query per referral and
 * cost half of the referrals' COPY (008_import_speed.sql). Refused like
 * the foreign key refused it: a conflict that fails the batch.
 */
static int imports_check(PGconn *conn, const struct pg_copy_job *job, struct err *err)
{
	struct strbuf ids = STRBUF_INIT;
	const char *values[1];
	PGresult *res;
	int rc = HIM_OK;

	if (!job->nimports)
		return HIM_OK;
	strbuf_addch(&ids, '{');
	for (size_t i = 0; i < job->nimports; i++)
		strbuf_addf(&ids, "%s%lld", i ? "," : "", (long long)job->imports[i]);
	strbuf_addch(&ids, '}');
	values[0] = ids.buf;
	res = PQexecParams(conn, "SELECT count(*) FROM imports WHERE id = ANY ($1::bigint[])", 1, NULL, values, NULL,
			   NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		rc = copy_error(conn, res, "storing referrals", err);
	else if (strtoll(PQgetvalue(res, 0, 0), NULL, 10) != (long long)job->nimports)
		rc = err_set(err, HIM_ECONFLICT, "storing referrals: they name an import (%lld%s) the import log"
			     " does not hold", (long long)job->imports[0], job->nimports > 1 ? ", ..." : "");
	PQclear(res);
	strbuf_release(&ids);
	return rc;
}

static int job_run(struct pg_copy_job *job)
{
	PGconn *conn = pg_conn(job->st);
	int rc = job->rows[PGB_REFERRALS].len ? imports_check(conn, job, job->err) : HIM_OK;

	for (int i = 0; i < PGB_NTABLES && rc == HIM_OK; i++)
		rc = copy_send(conn, copies[i].sql, &job->rows[i], copies[i].what, job->err);
	return rc;
}

static void *job_thread(void *arg)
{
	struct pg_copy_job *job = arg;

	job->rc = job_run(job);
	return NULL;
}

void pg_copy_job_init(struct pg_copy_job *job)
{
	memset(job, 0, sizeof(*job));
	for (int i = 0; i < PGB_NTABLES; i++)
		strbuf_init(&job->rows[i]);
	job->err = xcalloc(1, sizeof(*job->err));
}

void pg_copy_job_release(struct pg_copy_job *job)
{
	pg_copy_job_wait(job, NULL);
	for (int i = 0; i < PGB_NTABLES; i++)
		strbuf_release(&job->rows[i]);
	free(job->imports);
	job->imports = NULL;
	free(job->err);
	job->err = NULL;
}

static bool job_empty(const struct pg_copy_job *job)
{
	for (int i = 0; i < PGB_NTABLES; i++)
		if (job->rows[i].len)
			return false;
	return true;
}

int pg_copy_job_start(struct pg_copy_job *job, struct store *st, bool wait, struct err *err)
{
	if (job_empty(job))
		return HIM_OK;
	job->st = st;
	job->rc = HIM_OK;
	err_clear(job->err);
	/* Without a thread (none could be made, or the caller waits anyway)
	 * the rows go from this one. */
	if (!wait && pthread_create(&job->thread, NULL, job_thread, job) == 0) {
		job->running = true;
		return HIM_OK;
	}
	job->rc = job_run(job);
	return pg_copy_job_wait(job, err);
}

int pg_copy_job_wait(struct pg_copy_job *job, struct err *err)
{
	int rc;

	if (job->running) {
		pthread_join(job->thread, NULL);
		job->running = false;
	}
	rc = job->rc;
	if (rc != HIM_OK && err)
		*err = *job->err;
	/* Reported once: the batch fails with it and is rolled back. */
	job->rc = HIM_OK;
	return rc;
}
