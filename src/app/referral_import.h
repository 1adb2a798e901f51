/*
 * referral_import.h - importing referral files (NCMEC XML, JSON and tip
 * lists; CPS CSV) into the store: the parser of the format streams the
 * file, the records go to the store in batches of one transaction each,
 * and a report counts every record and keeps the reasons of the refused.
 *
 * Crash safety: each batch commits with the import's progress (how many
 * good records of the file are stored) in the same transaction. A kill at
 * any moment leaves the database consistent, and the same import run
 * again recognises the file (kind + SHA-256), passes over the records
 * already committed without touching the database, and stores the rest;
 * the upserts are idempotent besides, so nothing is ever doubled.
 */
#ifndef HIMAYA_REFERRAL_IMPORT_H
#define HIMAYA_REFERRAL_IMPORT_H

#include <stdint.h>

#include "../core/scope.h"
#include "../ingest/referral_reader.h"
#include "../store/store.h"

enum referral_format {
	REFERRAL_NCMEC_XML,
	REFERRAL_NCMEC_JSON,
	REFERRAL_NCMEC_TIPLIST,
	REFERRAL_CPS_CSV,
};

/* "ncmec-xml", "ncmec-json", "ncmec-tiplist", "cps-csv": the import log's kind. */
const char *referral_format_kind(enum referral_format format);

struct referral_import_error {
	char *file;
	long line;        /* 0 if unknown */
	char *path;       /* XML element path, JSON key or CSV column; NULL */
	char *record_id;  /* NULL if it could not be read */
	char *reason;
};

/* How many errors a report keeps in memory; all are counted. */
#define REFERRAL_IMPORT_ERRORS_KEPT 1000

struct referral_import_report {
	struct import_counts counts;  /* summed over the files imported */
	int64_t resumed;              /* records passed over: already stored by an earlier run */
	struct referral_import_error *errors; /* the first REFERRAL_IMPORT_ERRORS_KEPT */
	size_t nerrors;
	int64_t errors_total;
};

void referral_import_report_init(struct referral_import_report *rep);
void referral_import_report_release(struct referral_import_report *rep);

struct referral_import_progress {
	const char *file;
	int64_t records;       /* read so far in this file, good and refused */
	uint64_t bytes_read;   /* of this file */
	uint64_t bytes_total;  /* its size, 0 if unknown */
};

typedef void (*referral_progress_fn)(const struct referral_import_progress *p, void *ctx);

struct referral_import_options {
	enum referral_format format;
	const struct cps_columns *columns; /* CPS only; NULL: the default header names */
	struct scope scope;                /* the importer's: national or a police unit */
	int batch_size;                    /* records per transaction (default 50,000) */
	utc_time_t now;                    /* dates after now + a day are refused */
	referral_progress_fn progress;     /* optional */
	void *progress_ctx;
};

void referral_import_options_init(struct referral_import_options *opt);

/*
 * Import one file, adding its counts and errors to rep. Returns HIM_OK
 * when the file was read to its end (some records may have been refused:
 * rep says which) or when it broke past recovery after some records (the
 * break is then one more refused record in rep: the good records before
 * it are kept). HIM_EIO when the file cannot be read at all; a store error
 * (HIM_EDB, ...) stops the import, keeping the batches already committed.
 */
int referral_import_file(struct store *st, const char *path, const struct referral_import_options *opt,
			 struct referral_import_report *rep, struct err *err);

#endif
