/*
 * import_pipe.h - a referral parser on a thread of its own, its records
 * delivered on the calling thread.
 *
 * Why: an import is two jobs of about the same weight, parsing
 * (libxml2/libcsv, normalising every identifier) and storing (SQLite or
 * PostgreSQL). One after the other they use one core; through this pipe
 * the parser reads ahead while the store writes, and an import uses two.
 *
 * The records reach ops in exactly the order the parser delivered them
 * (good ones, rejected ones and progress interleaved as they came), so the
 * import's resume rule ("the first N good records") and its error report
 * are those of a parser called directly. Only the calling thread calls
 * ops: the store is never touched by the parser's thread.
 *
 * Memory stays bounded: at most IMPORT_PIPE_RECORDS records are in flight
 * between the two threads; the parser waits when the store is behind.
 */
#ifndef HIMAYA_IMPORT_PIPE_H
#define HIMAYA_IMPORT_PIPE_H

#include "../ingest/referral_reader.h"

#define IMPORT_PIPE_RECORDS 512

/* A parser run: one of the readers of referral_reader.h, with its file. */
typedef int (*import_read_fn)(void *arg, const struct referral_reader_ops *ops, void *ctx, struct err *err);

/*
 * Run read(arg, ...) on a thread and deliver what it reads to ops/ctx here.
 * As from a parser, what ops get is theirs only during the call: the
 * callee copies what it keeps (the referral's strings are in the pipe's
 * memory, not the callee's to free).
 *
 * Returns what a direct call of the reader would have: HIM_OK, the
 * reader's error (err filled from the reader), or the first nonzero return
 * of ops->on_referral (err then left to the callback, which filled it);
 * after that return no further record is delivered and the parser is
 * stopped. Without a thread (none can be made), the reader runs here.
 */
int import_pipe_run(import_read_fn read, void *arg, const struct referral_reader_ops *ops, void *ctx,
		    struct err *err);

#endif
