/*
 * referral_import.c - the import driver: identify the file, walk it with
 * the parser of its format, put the records into the store in batches,
 * count everything and keep the reasons of the refused records.
 *
 * Resuming: the file's SHA-256 names it in the import log. The records a
 * parser delivers come in file order, so "the first N good records" is
 * the same set on every run; records_done = N is committed with each
 * batch, and a later run passes over those N without a database lookup
 * (they count as duplicates). Only then does it write again. A file whose
 * last run went to its end with nothing refused is not read at all.
 */
#include "referral_import.h"
#include "import_pipe.h"

#include <errno.h>
#include <openssl/evp.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../store/referral_fingerprint.h"
#include "../lib/strbuf.h"
#include "../lib/banned.h"

/*
 * Records per transaction. Every commit writes each page the batch
 * dirtied to the WAL, and the hash and address indexes take their rows at
 * scattered places, so a batch dirties nearly as many pages as it has
 * rows: 2,000-record batches rewrote the same index pages 25 times as
 * often as 50,000-record ones (CPS 200,000 rows: 13.7 s at 2,000, 7.2 s
 * at 100,000). A kill loses at most one batch, which the re-run redoes.
 */
#define BATCH_DEFAULT 50000

const char *referral_format_kind(enum referral_format format)
{
	switch (format) {
	case REFERRAL_NCMEC_XML: return "ncmec-xml";
	case REFERRAL_NCMEC_JSON: return "ncmec-json";
	case REFERRAL_NCMEC_TIPLIST: return "ncmec-tiplist";
	case REFERRAL_CPS_CSV: return "cps-csv";
	}
	return "unknown";
}

void referral_import_report_init(struct referral_import_report *rep)
{
	memset(rep, 0, sizeof(*rep));
}

void referral_import_report_release(struct referral_import_report *rep)
{
	for (size_t i = 0; i < rep->nerrors; i++) {
		struct referral_import_error *e = &rep->errors[i];
		free(e->file);
		free(e->path);
		free(e->record_id);
		free(e->reason);
	}
	free(rep->errors);
	referral_import_report_init(rep);
}

void referral_import_options_init(struct referral_import_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->scope = scope_national();
	opt->batch_size = BATCH_DEFAULT;
	opt->now = TIME_NONE;
}

static char *dup_opt(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void report_error(struct referral_import_report *rep, const char *file, long line, const char *path,
			 const char *record_id, const char *reason)
{
	struct referral_import_error *e;

	rep->errors_total++;
	if (rep->nerrors >= REFERRAL_IMPORT_ERRORS_KEPT)
		return;
	rep->errors = xrealloc(rep->errors, (rep->nerrors + 1) * sizeof(*rep->errors));
	e = &rep->errors[rep->nerrors++];
	e->file = xstrdup(file);
	e->line = line;
	e->path = dup_opt(path);
	e->record_id = dup_opt(record_id);
	e->reason = xstrdup(reason ? reason : "refused");
}

/* The state of one file's import, shared with the parser's callbacks. */
struct run {
	struct store *st;
	const struct referral_import_options *opt;
	struct referral_import_report *rep;
	const char *path;
	int64_t import_id;
	int64_t skip;           /* good records already stored by an earlier run */
	int64_t delivered;      /* good records delivered so far */
	int64_t records;        /* good and refused */
	int in_batch;
	uint64_t bytes_read, bytes_total;
	struct import_counts counts; /* this run's, for the import log */
	struct referral_batch *batch;
	bool stopped;           /* a callback stopped the walk */
	struct err err;         /* why */
};

static void progress(struct run *run)
{
	struct referral_import_progress p;

	if (!run->opt->progress)
		return;
	p.file = run->path;
	p.records = run->records;
	p.bytes_read = run->bytes_read;
	p.bytes_total = run->bytes_total;
	run->opt->progress(&p, run->opt->progress_ctx);
}

static int batch_commit(struct run *run)
{
	int rc = HIM_OK;

	if (run->batch) {
		rc = store_referral_batch_commit(run->batch, run->delivered, &run->counts, &run->err);
		run->batch = NULL;
	}
	run->in_batch = 0;
	return rc;
}

static int on_referral(struct referral *r, void *ctx)
{
	struct run *run = ctx;
	enum referral_outcome outcome;
	int rc;

	run->records++;
	run->delivered++;
	run->counts.read++;
	run->counts.content_dropped += r->content_dropped;
	if (run->delivered <= run->skip) {
		/* Stored by an earlier run of this same file. */
		run->counts.duplicates++;
		run->rep->resumed++;
		return HIM_OK;
	}
	if (!run->batch) {
		rc = store_referral_batch_begin(run->st, &run->opt->scope, run->import_id, &run->batch, &run->err);
		if (rc != HIM_OK) {
			run->stopped = true;
			return rc;
		}
	}
	rc = store_referral_put(run->batch, r, &outcome, &run->err);
	if (rc == HIM_EINPUT) {
		/* Refused before anything was written (no id, no platform). */
		run->counts.rejected++;
		report_error(run->rep, run->path, r->source_line, NULL, r->external_id, run->err.msg);
		err_clear(&run->err);
		return HIM_OK;
	}
	if (rc != HIM_OK) {
		store_referral_batch_abort(run->batch);
		run->batch = NULL;
		run->stopped = true;
		return err_prefix(&run->err, "%s:%ld", run->path, r->source_line);
	}
	switch (outcome) {
	case REFERRAL_IMPORTED: run->counts.imported++; break;
	case REFERRAL_UPDATED: run->counts.updated++; break;
	case REFERRAL_DUPLICATE: run->counts.duplicates++; break;
	}
	if (++run->in_batch >= run->opt->batch_size) {
		if ((rc = batch_commit(run)) != HIM_OK) {
			run->stopped = true;
			return rc;
		}
		progress(run);
	}
	return HIM_OK;
}

static void on_reject(const struct ingest_reject *rej, void *ctx)
{
	struct run *run = ctx;

	run->records++;
	run->counts.read++;
	run->counts.rejected++;
	run->counts.content_dropped += rej->content_dropped;
	report_error(run->rep, rej->file ? rej->file : run->path, rej->line, rej->path, rej->record_id,
		     rej->reason);
}

static void on_progress(uint64_t bytes_read, uint64_t bytes_total, void *ctx)
{
	struct run *run = ctx;

	run->bytes_read = bytes_read;
	if (bytes_total)
		run->bytes_total = bytes_total;
	progress(run);
}

/*
 * The file's SHA-256 (hex) and size: its identity in the import log.
 * OpenSSL's, not libsodium's: it uses the processor's SHA instructions,
 * four times as fast (256 MiB: 0.16 s against 0.68 s), and an import
 * reads its whole file once here before the first record.
 */
static int file_identity(const char *path, char hex[65], int64_t *size, struct err *err)
{
	static const size_t chunk = 1 << 20;
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int dlen = 0;
	unsigned char *buf;
	struct stat sb;
	EVP_MD_CTX *md;
	bool ok;
	size_t n;
	FILE *f;

	if (!(f = fopen(path, "rb")))
		return err_set(err, HIM_EIO, "cannot open %s: %s", path, strerror(errno));
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
		fclose(f);
		return err_set(err, HIM_EIO, "%s is not a regular file", path);
	}
	if (!(md = EVP_MD_CTX_new())) {
		fclose(f);
		return err_set(err, HIM_ENOMEM, "out of memory hashing %s", path);
	}
	buf = xmalloc(chunk);
	ok = EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1;
	while (ok && (n = fread(buf, 1, chunk, f)) > 0)
		ok = EVP_DigestUpdate(md, buf, n) == 1;
	free(buf);
	if (ok && ferror(f)) {
		EVP_MD_CTX_free(md);
		fclose(f);
		return err_set(err, HIM_EIO, "cannot read %s", path);
	}
	fclose(f);
	ok = ok && EVP_DigestFinal_ex(md, digest, &dlen) == 1 && dlen == 32;
	EVP_MD_CTX_free(md);
	if (!ok)
		return err_set(err, HIM_EIO, "cannot compute the SHA-256 of %s", path);
	sodium_bin2hex(hex, 65, digest, dlen);
	*size = (int64_t)sb.st_size;
	return HIM_OK;
}

/* The parser's records pass here, on its thread, on their way to the
 * pipe: their fingerprint is computed there, off the storing thread,
 * which is the slower of the two. */
struct ahead {
	const struct referral_reader_ops *ops;
	void *ctx;
	struct strbuf scratch;
	int64_t skip, delivered; /* records an earlier run stored: no digest needed */
};

static int ahead_referral(struct referral *r, void *ctx)
{
	struct ahead *a = ctx;

	if (++a->delivered > a->skip)
		referral_fingerprint(r, &a->scratch, r->fingerprint);
	return a->ops->on_referral ? a->ops->on_referral(r, a->ctx) : HIM_OK;
}

static void ahead_reject(const struct ingest_reject *rej, void *ctx)
{
	struct ahead *a = ctx;

	if (a->ops->on_reject)
		a->ops->on_reject(rej, a->ctx);
}

static void ahead_progress(uint64_t bytes_read, uint64_t bytes_total, void *ctx)
{
	struct ahead *a = ctx;

	if (a->ops->on_progress)
		a->ops->on_progress(bytes_read, bytes_total, a->ctx);
}

/* The parser of the file's format; on the pipe's thread (import_pipe.h),
 * which reads run's options, path and skip only (set before it starts). */
static int read_file(void *arg, const struct referral_reader_ops *pipe_ops, void *pipe_ctx, struct err *err)
{
	static const struct referral_reader_ops ops = { ahead_referral, ahead_reject, ahead_progress };
	const struct run *run = arg;
	const struct referral_import_options *opt = run->opt;
	struct ahead a = { pipe_ops, pipe_ctx, STRBUF_INIT, run->skip, 0 };
	int rc;

	switch (opt->format) {
	case REFERRAL_NCMEC_XML:
		rc = ncmec_xml_read(run->path, &ops, &a, opt->now, err);
		break;
	case REFERRAL_NCMEC_JSON:
		rc = ncmec_json_read(run->path, &ops, &a, opt->now, err);
		break;
	case REFERRAL_NCMEC_TIPLIST:
		rc = ncmec_tiplist_read(run->path, &ops, &a, opt->now, err);
		break;
	case REFERRAL_CPS_CSV:
		rc = cps_csv_read(run->path, opt->columns, &ops, &a, opt->now, err);
		break;
	default:
		rc = err_set(err, HIM_EUSAGE, "unknown referral format");
		break;
	}
	strbuf_release(&a.scratch);
	return rc;
}

/* A parser's fatal message is "FILE:LINE: reason": keep the line apart. */
static const char *break_reason(const char *path, const char *msg, long *line)
{
	size_t n = strlen(path);
	char *end;
	long v;

	if (strncmp(msg, path, n) != 0 || msg[n] != ':')
		return msg;
	v = strtol(msg + n + 1, &end, 10);
	if (end == msg + n + 1 || end[0] != ':')
		return msg;
	*line = v;
	return end[1] == ' ' ? end + 2 : end + 1;
}

static void add_counts(struct import_counts *to, const struct import_counts *c)
{
	to->read += c->read;
	to->imported += c->imported;
	to->updated += c->updated;
	to->duplicates += c->duplicates;
	to->rejected += c->rejected;
	to->content_dropped += c->content_dropped;
}

int referral_import_file(struct store *st, const char *path, const struct referral_import_options *opt,
			 struct referral_import_report *rep, struct err *err)
{
	struct referral_reader_ops ops = { on_referral, on_reject, on_progress };
	struct import_log log;
	struct run run;
	char sha[65];
	int64_t size = 0;
	int rc;

	memset(&run, 0, sizeof(run));
	run.st = st;
	run.opt = opt;
	run.rep = rep;
	run.path = path;
	if (opt->batch_size <= 0)
		return err_set(err, HIM_EUSAGE, "the batch size must be positive");
	if (sodium_init() < 0) /* before the parser's thread uses it */
		return err_set(err, HIM_EUSAGE, "libsodium cannot be initialised");
	if ((rc = file_identity(path, sha, &size, err)) != HIM_OK)
		return rc;
	rc = store_import_begin(st, &opt->scope, referral_format_kind(opt->format), path, sha, size, &log, err);
	if (rc != HIM_OK)
		return rc;
	run.import_id = log.id;
	run.skip = log.records_done;
	run.bytes_total = (uint64_t)size;
	if (log.finished && log.rejected == 0) {
		/* This very file went in to its end with nothing refused: each of
		 * its records is a duplicate, and there is no refusal to tell
		 * again. It is not read a second time (a year of files re-run
		 * takes the time of hashing them). */
		run.counts.read = run.counts.duplicates = log.records_done;
		run.counts.content_dropped = log.content_dropped;
		rep->resumed += log.records_done;
		run.records = log.records_done;
		run.bytes_read = run.bytes_total;
		rc = store_import_finish(st, run.import_id, &run.counts, &run.err);
		add_counts(&rep->counts, &run.counts);
		progress(&run);
		if (rc != HIM_OK)
			*err = run.err;
		return rc;
	}

	rc = import_pipe_run(read_file, &run, &ops, &run, &run.err);
	if (rc == HIM_EINPUT && !run.stopped) {
		/* Broken past recovery: the good records before the break are
		 * kept, the break is one more refused record. */
		long line = 0;
		const char *reason = break_reason(path, run.err.msg, &line);
		run.counts.read++;
		run.counts.rejected++;
		report_error(rep, path, line, NULL, NULL, reason);
		rc = HIM_OK;
	}
	if (rc == HIM_OK)
		rc = batch_commit(&run);
	else if (run.batch)
		store_referral_batch_abort(run.batch);
	if (rc == HIM_OK)
		rc = store_import_finish(st, run.import_id, &run.counts, &run.err);
	add_counts(&rep->counts, &run.counts);
	progress(&run);
	if (rc != HIM_OK) {
		*err = run.err;
		if (!err->code)
			err->code = rc;
	}
	return rc;
}
