/*
 * pg.c - the PostgreSQL backend: connection, parameters and results,
 * schema migrations, transactions. Reference data is in pg_reference.c,
 * cases and events in pg_cases.c, and so on, one file per area.
 *
 * Write transactions take one database-wide advisory lock, the same
 * discipline as SQLite's BEGIN IMMEDIATE: writers, on every node, run one
 * at a time, so a check made inside a write transaction (the stage
 * machine, "is this file already imported") cannot be raced by another
 * node. Writes are short (an event, a batch of an import), and every
 * audited write serialises on the audit chain's tail anyway; readers never
 * wait for it.
 */
#include "pg_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migration.h"
#include "pg_import_bulk.h"
#include "../lib/strbuf.h"
#include "../lib/banned.h"

/* Advisory lock keys: arbitrary, fixed, distinct ("Himaya" in ASCII). */
#define PG_LOCK_WRITE   79617643870561 /* 0x48696d617961, decimal: it is pasted into SQL */
#define PG_LOCK_MIGRATE INT64_C(79617643870562)

void pg_params_init(struct pg_params *p)
{
	p->n = 0;
}

static int pg_param_slot(struct pg_params *p)
{
	/* A query with more parameters than this is a programming error:
	 * stop loudly rather than send a wrong query. */
	if (p->n >= PG_PARAMS_MAX)
		abort();
	p->lengths[p->n] = 0;
	p->formats[p->n] = 0;
	return p->n++;
}

void pg_param_text(struct pg_params *p, const char *v)
{
	int i = pg_param_slot(p);
	p->values[i] = v;
}

void pg_param_int(struct pg_params *p, int64_t v)
{
	int i = pg_param_slot(p);
	snprintf(p->buf[i], sizeof(p->buf[i]), "%" PRId64, v);
	p->values[i] = p->buf[i];
}

void pg_param_opt_int(struct pg_params *p, int64_t v)
{
	if (v < 0)
		pg_param_text(p, NULL);
	else
		pg_param_int(p, v);
}

void pg_param_date(struct pg_params *p, date_t d)
{
	int i = pg_param_slot(p);

	if (d == DATE_NONE) {
		p->values[i] = NULL;
		return;
	}
	date_format(d, p->buf[i]);
	p->values[i] = p->buf[i];
}

void pg_param_bool(struct pg_params *p, bool v)
{
	pg_param_text(p, v ? "t" : "f");
}

void pg_param_bytes(struct pg_params *p, const void *v, size_t len)
{
	int i = pg_param_slot(p);
	p->values[i] = v;
	p->lengths[i] = (int)len;
	p->formats[i] = 1;
}

/* Map a failed result to err: constraint violations (class 23) and
 * serialisation failures are conflicts the caller can explain; the rest
 * is the database failing. */
static int pg_result_error(struct store *st, const PGresult *res, const char *what, struct err *err)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	int code = HIM_EDB;

	if (state && (strncmp(state, "23", 2) == 0 || strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0))
		code = HIM_ECONFLICT;
	if (!msg || !*msg)
		msg = PQerrorMessage(pg_conn(st));
	return err_set(err, code, "%s: %s", what, msg && *msg ? msg : "unknown error");
}

static bool pg_result_ok(const PGresult *res)
{
	ExecStatusType s = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_COPY_IN;
}

static int pg_finish(struct store *st, PGresult *res, PGresult **out, const char *what, struct err *err)
{
	if (!pg_result_ok(res)) {
		int rc = pg_result_error(st, res, what, err);
		PQclear(res);
		if (out)
			*out = NULL;
		return rc;
	}
	if (out)
		*out = res;
	else
		PQclear(res);
	return HIM_OK;
}

/* The prepared statement of sql on this connection, preparing it the first
 * time. NULL with err set when the server refuses it. */
static const char *pg_prepared_name(struct store *st, const char *sql, int nparams, struct err *err)
{
	struct pg_impl *impl = st->impl;
	struct pg_prepared *p;
	PGresult *res;

	for (size_t i = 0; i < impl->nprepared; i++)
		if (impl->prepared[i].sql == sql)
			return impl->prepared[i].name;
	if (impl->nprepared == impl->cap) {
		impl->cap = impl->cap ? impl->cap * 2 : 64;
		impl->prepared = xrealloc(impl->prepared, impl->cap * sizeof(*impl->prepared));
	}
	p = &impl->prepared[impl->nprepared];
	snprintf(p->name, sizeof(p->name), "h%zu", impl->nprepared);
	res = PQprepare(impl->conn, p->name, sql, nparams, NULL);
	if (!pg_result_ok(res)) {
		pg_result_error(st, res, "preparing a query", err);
		PQclear(res);
		return NULL;
	}
	PQclear(res);
	p->sql = sql;
	impl->nprepared++;
	return p->name;
}

int pg_query(struct store *st, const char *sql, const struct pg_params *p, PGresult **res, const char *what,
	     struct err *err)
{
	int n = p ? p->n : 0;
	const char *name = pg_prepared_name(st, sql, n, err);

	if (!name) {
		if (res)
			*res = NULL;
		return err_prefix(err, "%s", what);
	}
	return pg_finish(st,
			 PQexecPrepared(pg_conn(st), name, n, p ? p->values : NULL, p ? p->lengths : NULL,
					p ? p->formats : NULL, 0),
			 res, what, err);
}

/* One query's results in pipeline mode, up to its NULL: the first
 * failure (or a server-side ROLLBACK at COMMIT) set in err. */
static int pipeline_results(struct store *st, bool commit, const char *what, struct err *err)
{
	PGresult *res;
	int rc = HIM_OK;

	while ((res = PQgetResult(pg_conn(st)))) {
		if (rc == HIM_OK && !pg_result_ok(res))
			rc = PQresultStatus(res) == PGRES_PIPELINE_ABORTED
				     ? err_set(err, HIM_EDB, "%s: not run after an earlier failure", what)
				     : pg_result_error(st, res, what, err);
		else if (rc == HIM_OK && commit && strcmp(PQcmdStatus(res), "ROLLBACK") == 0)
			rc = err_set(err, HIM_EDB, "commit: the transaction had failed and was rolled back");
		PQclear(res);
	}
	return rc;
}

int pg_query_commit(struct store *st, const char *sql, const struct pg_params *p, const char *what,
		    struct err *err)
{
	PGconn *c = pg_conn(st);
	struct err ignored = ERR_INIT;
	int n = p ? p->n : 0, rc, rc2;
	const char *name = pg_prepared_name(st, sql, n, err);
	PGresult *sync;

	if (!name)
		return err_prefix(err, "%s", what);
	if (!PQenterPipelineMode(c))
		return err_set(err, HIM_EDB, "%s: %s", what, PQerrorMessage(c));
	if (!PQsendQueryPrepared(c, name, n, p ? p->values : NULL, p ? p->lengths : NULL, p ? p->formats : NULL, 0) ||
	    !PQsendQueryParams(c, "COMMIT", 0, NULL, NULL, NULL, NULL, 0) || !PQpipelineSync(c)) {
		/* The connection is gone; what was sent is lost with it. */
		rc = err_set(err, HIM_EDB, "%s: %s", what, PQerrorMessage(c));
		PQexitPipelineMode(c);
		return rc;
	}
	rc = pipeline_results(st, false, what, err);
	rc2 = pipeline_results(st, true, "commit", rc == HIM_OK ? err : &ignored);
	if (rc == HIM_OK)
		rc = rc2;
	sync = PQgetResult(c);
	if (rc == HIM_OK && PQresultStatus(sync) != PGRES_PIPELINE_SYNC)
		rc = err_set(err, HIM_EDB, "%s: the pipeline did not end as sent", what);
	PQclear(sync);
	if (!PQexitPipelineMode(c) && rc == HIM_OK)
		rc = err_set(err, HIM_EDB, "%s: %s", what, PQerrorMessage(c));
	return rc;
}

int pg_query_dynamic(struct store *st, const char *sql, const struct pg_params *p, PGresult **res,
		     const char *what, struct err *err)
{
	int n = p ? p->n : 0;

	return pg_finish(st,
			 PQexecParams(pg_conn(st), sql, n, NULL, p ? p->values : NULL, p ? p->lengths : NULL,
				      p ? p->formats : NULL, 0),
			 res, what, err);
}

int64_t pg_affected(const PGresult *res)
{
	const char *n = PQcmdTuples((PGresult *)res);
	return n && *n ? strtoll(n, NULL, 10) : 0;
}

int pg_exec(struct store *st, const char *sql, struct err *err)
{
	return pg_finish(st, PQexec(pg_conn(st), sql), NULL, "database", err);
}

int pg_exec_result(struct store *st, const char *sql, PGresult **out, const char *what, struct err *err)
{
	return pg_finish(st, PQexec(pg_conn(st), sql), out, what, err);
}

char *pg_col_dup(const PGresult *res, int r, int c)
{
	return PQgetisnull(res, r, c) ? NULL : xstrdup(PQgetvalue(res, r, c));
}

void pg_col_code(const PGresult *res, int r, int c, char out[CODE_MAX])
{
	const char *t = PQgetisnull(res, r, c) ? "" : PQgetvalue(res, r, c);
	size_t n = strlen(t);

	if (n >= CODE_MAX)
		n = CODE_MAX - 1;
	memcpy(out, t, n);
	out[n] = '\0';
}

date_t pg_col_date(const PGresult *res, int r, int c)
{
	date_t d;

	if (PQgetisnull(res, r, c) || !date_parse(PQgetvalue(res, r, c), &d))
		return DATE_NONE;
	return d;
}

int64_t pg_col_int(const PGresult *res, int r, int c)
{
	return PQgetisnull(res, r, c) ? 0 : strtoll(PQgetvalue(res, r, c), NULL, 10);
}

int64_t pg_col_opt_int(const PGresult *res, int r, int c)
{
	return PQgetisnull(res, r, c) ? -1 : strtoll(PQgetvalue(res, r, c), NULL, 10);
}

bool pg_col_bool(const PGresult *res, int r, int c)
{
	return !PQgetisnull(res, r, c) && PQgetvalue(res, r, c)[0] == 't';
}

double pg_col_double(const PGresult *res, int r, int c)
{
	return PQgetisnull(res, r, c) ? 0.0 : strtod(PQgetvalue(res, r, c), NULL);
}

char *pg_col_time(const PGresult *res, int r, int c)
{
	const char *v;
	char buf[32];

	if (PQgetisnull(res, r, c))
		return NULL;
	/* "2026-11-29 08:56:30+00" or "2026-11-29 08:56:30.123+00" in UTC. */
	v = PQgetvalue(res, r, c);
	if (strlen(v) < 19)
		return xstrdup(v);
	memcpy(buf, v, 19);
	buf[10] = 'T';
	buf[19] = 'Z';
	buf[20] = '\0';
	return xstrdup(buf);
}

static int pg_schema_version_read(struct store *st, int *out, struct err *err)
{
	static const char sql[] = "SELECT coalesce(max(version), 0) FROM schema_version";
	PGresult *res;
	int rc = pg_query(st, sql, NULL, &res, "reading the schema version", err);

	if (rc == HIM_OK) {
		*out = (int)pg_col_int(res, 0, 0);
		PQclear(res);
	}
	return rc;
}

static int pg_schema_version(struct store *st)
{
	int v = -1;
	struct err err = ERR_INIT;

	pg_schema_version_read(st, &v, &err);
	return v;
}

static void pg_rollback(struct store *st);

#define PG_STR_(x) #x
#define PG_STR(x) PG_STR_(x)

/* BEGIN and the write lock in one round trip (a write on a busy machine
 * pays each round trip's scheduling). */
static int pg_begin(struct store *st, struct err *err)
{
	int rc = pg_exec(st, "BEGIN; SELECT pg_advisory_xact_lock(" PG_STR(PG_LOCK_WRITE) ")", err);

	if (rc != HIM_OK)
		pg_rollback(st);
	return rc;
}

static int pg_commit(struct store *st, struct err *err)
{
	PGresult *res = PQexec(pg_conn(st), "COMMIT");
	int rc;

	/* COMMIT of a transaction an earlier statement aborted "succeeds"
	 * with the tag ROLLBACK: nothing was written, and the caller must
	 * know. */
	if (pg_result_ok(res) && strcmp(PQcmdStatus(res), "ROLLBACK") == 0) {
		PQclear(res);
		return err_set(err, HIM_EDB, "commit: the transaction had failed and was rolled back");
	}
	rc = pg_finish(st, res, NULL, "commit", err);
	return rc;
}

static void pg_rollback(struct store *st)
{
	if (PQtransactionStatus(pg_conn(st)) != PQTRANS_IDLE)
		pg_exec(st, "ROLLBACK", NULL);
}

/* Apply every embedded migration the database has not recorded, each in its
 * own transaction, all under a session advisory lock: two processes
 * starting together on an empty database do not both create the schema;
 * the second waits, then finds every version recorded. */
static int pg_migrate(struct store *st, struct err *err)
{
	static const char applied_sql[] = "SELECT count(*) FROM schema_version WHERE version = $1";
	static const char record_sql[] = "INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, now())";
	static const char lock_sql[] = "SELECT pg_advisory_lock($1)";
	static const char unlock_sql[] = "SELECT pg_advisory_unlock($1)";
	struct pg_params p;
	int rc;

	pg_params_init(&p);
	pg_param_int(&p, PG_LOCK_MIGRATE);
	if ((rc = pg_query(st, lock_sql, &p, NULL, "waiting for the migration lock", err)) != HIM_OK)
		return rc;
	rc = pg_exec(st, "CREATE TABLE IF NOT EXISTS schema_version ("
			 " version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)", err);
	for (const struct migration *m = pg_migrations; rc == HIM_OK && m->sql; m++) {
		struct pg_params q;
		PGresult *res;
		bool applied;

		pg_params_init(&q);
		pg_param_int(&q, m->version);
		if ((rc = pg_query(st, applied_sql, &q, &res, "reading the schema version", err)) != HIM_OK)
			break;
		applied = pg_col_int(res, 0, 0) > 0;
		PQclear(res);
		if (applied)
			continue;
		if ((rc = pg_exec(st, "BEGIN", err)) != HIM_OK)
			break;
		if ((rc = pg_exec(st, m->sql, err)) != HIM_OK) {
			pg_rollback(st);
			err_prefix(err, "migration %s", m->name);
			break;
		}
		pg_param_text(&q, m->name);
		if ((rc = pg_query(st, record_sql, &q, NULL, "recording a migration", err)) != HIM_OK ||
		    (rc = pg_commit(st, err)) != HIM_OK) {
			pg_rollback(st);
			break;
		}
	}
	/* The lock is the session's: release it even after a failure. */
	pg_query(st, unlock_sql, &p, NULL, "releasing the migration lock", NULL);
	return rc;
}

static void pg_close(struct store *st)
{
	struct pg_impl *impl = st->impl;

	if (!impl)
		return;
	pg_import_bulk_close(st);
	PQfinish(impl->conn);
	free(impl->prepared);
	free(impl->url);
	free(impl);
	st->impl = NULL;
}

/* Keep the server's notices (CREATE TABLE IF NOT EXISTS ... skipping) off
 * the user's terminal. */
static void pg_notice_quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static const struct store_backend pg_backend = {
	.name = "postgresql",
	.close = pg_close,
	.schema_version = pg_schema_version,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.reference_read = pg_reference_read,
	.reference_write = pg_reference_write,
	.case_insert = pg_case_insert,
	.case_read = pg_case_read,
	.events_read = pg_events_read,
	.event_insert = pg_event_insert,
	.case_state_write = pg_case_state_write,
	.case_each = pg_case_each,
	.case_count = pg_case_count,
	.stats_group = pg_stats_group,
	.stats_median = pg_stats_median,
	.referral_stmts_open = pg_referral_stmts_open,
	.referral_stmts_close = pg_referral_stmts_close,
	.referral_stmts_flush = pg_referral_stmts_flush,
	.referral_lookup = pg_referral_lookup,
	.referral_insert = pg_referral_insert,
	.referral_replace = pg_referral_replace,
	.referral_fill = pg_referral_fill,
	.referral_set_fingerprint = pg_referral_set_fingerprint,
	.referral_children_add = pg_referral_children_add,
	.referral_revision_add = pg_referral_revision_add,
	.import_open = pg_import_open,
	.import_write = pg_import_write,
	.import_bulk_begin = pg_import_bulk_begin,
	.import_bulk_end = pg_import_bulk_end,
	.referral_read = pg_referral_read,
	.referral_each = pg_referral_each,
	.referral_link_write = pg_referral_link_write,
	.referral_unlink_write = pg_referral_unlink_write,
	.account_insert = pg_account_insert,
	.account_read = pg_account_read,
	.account_write = pg_account_write,
	.account_each = pg_account_each,
	.session_insert = pg_session_insert,
	.session_read = pg_session_read,
	.session_touch = pg_session_touch,
	.session_delete = pg_session_delete,
	.secret_ensure = pg_secret_ensure,
	.begin_audit = pg_begin_audit,
	.audit_tail = pg_audit_tail,
	.audit_insert = pg_audit_insert,
	.audit_insert_commit = pg_audit_insert_commit,
	.data_version_bump = pg_data_version_bump,
	.data_version_read = pg_data_version_read,
	.audit_each = pg_audit_each,
	.difficulty_insert = pg_difficulty_insert,
	.difficulty_list = pg_difficulty_list,
	.difficulty_update = pg_difficulty_update,
	.subjects = &pg_subject_backend,
};

int pg_backend_open(struct store *st, const char *url, struct err *err)
{
	struct pg_impl *impl = xcalloc(1, sizeof(*impl));
	int rc;

	st->be = &pg_backend;
	st->impl = impl;
	impl->url = xstrdup(url);
	impl->conn = PQconnectdb(url);
	if (!impl->conn || PQstatus(impl->conn) != CONNECTION_OK) {
		/* The message names host and port but never the password. */
		const char *msg = impl->conn ? PQerrorMessage(impl->conn) : "out of memory";
		int len = (int)strcspn(msg, "\n");
		rc = err_set(err, HIM_EIO, "cannot connect to PostgreSQL: %.*s", len, msg);
		pg_close(st);
		return rc;
	}
	PQsetNoticeProcessor(impl->conn, pg_notice_quiet, NULL);
	rc = pg_exec(st, "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET client_encoding = 'UTF8'", err);
	if (rc == HIM_OK)
		rc = pg_migrate(st, err);
	/* Indexes a killed large import left set aside (pg_import_bulk.c). */
	if (rc == HIM_OK)
		pg_import_bulk_repair(st);
	if (rc != HIM_OK) {
		err_prefix(err, "PostgreSQL database");
		pg_close(st);
	}
	return rc;
}
