/*
 * referral_reader.h - what every referral parser hands to its caller.
 *
 * A parser streams one file (constant memory whatever its size) and calls
 * back once per record: on_referral for a good one, on_reject for a bad one
 * (with file, line, element path or column, and why). A bad record never
 * stops the file: the records around it are still delivered. Only a fatal
 * error (file unreadable, XML so broken that nothing further can be read)
 * ends the walk early, after every good record before it was delivered.
 *
 * The parsers never touch the store: the import driver (app/) does that,
 * in batches, so that parsing is testable on its own.
 */
#ifndef HIMAYA_REFERRAL_READER_H
#define HIMAYA_REFERRAL_READER_H

#include <stdint.h>

#include "../core/referral.h"
#include "../lib/err.h"

struct ingest_reject {
	const char *file;
	long line;            /* 1-based; 0 if unknown */
	const char *path;     /* XML element path "reports/cyberTiplineReport[3]/report/…",
			       * JSON key path, or CSV column name; NULL if none */
	const char *record_id; /* the report / lead id if it could be read; NULL */
	const char *reason;
	int content_dropped;  /* file content dropped from this rejected record */
};

struct referral_reader_ops {
	/*
	 * A good record. r belongs to the parser and is released after the
	 * call: the callee copies what it keeps. A nonzero return stops the
	 * walk and is returned by the parser (the callee fills err if it
	 * wants a message).
	 */
	int (*on_referral)(struct referral *r, void *ctx);
	/* A rejected record; the walk goes on. */
	void (*on_reject)(const struct ingest_reject *rej, void *ctx);
	/* Optional (may be NULL): bytes of the file read so far, and its size
	 * (0 if unknown), called at most every few thousand records. */
	void (*on_progress)(uint64_t bytes_read, uint64_t bytes_total, void *ctx);
};

/*
 * The readers. now is the import's current time: dates more than a small
 * tolerance (one day) after it are refused as "in the future". Return
 * HIM_OK when the whole file was walked (some records may have been
 * rejected), HIM_EIO when it cannot be read, HIM_EINPUT when it is broken
 * past recovery (err says where), or the callback's nonzero return.
 */
int ncmec_xml_read(const char *path, const struct referral_reader_ops *ops, void *ctx,
		   utc_time_t now, struct err *err);
int ncmec_json_read(const char *path, const struct referral_reader_ops *ops, void *ctx,
		    utc_time_t now, struct err *err);
/* The hand-keyed tip list: one row per IP event, fragments of a report. */
int ncmec_tiplist_read(const char *path, const struct referral_reader_ops *ops, void *ctx,
		       utc_time_t now, struct err *err);

/* The CPS CSV's column map: which header names mean which field. Loaded
 * from data/cps-columns.tsv so a deployment can match the exports it gets. */
struct cps_columns;
int cps_columns_load(const char *path, struct cps_columns **out, struct err *err);
void cps_columns_free(struct cps_columns *map);
/* One row per detection, a fragment of its lead. map NULL: the default
 * header names of FORMATS.md. */
int cps_csv_read(const char *path, const struct cps_columns *map,
		 const struct referral_reader_ops *ops, void *ctx, utc_time_t now, struct err *err);

#endif
