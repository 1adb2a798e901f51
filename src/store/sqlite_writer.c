/*
 * sqlite_writer.c - one writer at a time per database file within this
 * process. The web server's request threads each hold a connection; when
 * several write at once (every audited page view is a write), SQLite lets
 * one take the write lock and the others meet SQLITE_BUSY, whose handler
 * sleeps 1, 2, 5, 10, ... 100 ms between tries: under a burst the p99 of
 * a page was the sleep, not the work (bench/web.sh, 8 connections: 162 ms
 * at 2,650 r/s). Threads of one process now queue on a mutex before
 * BEGIN IMMEDIATE and are woken the moment the writer commits. Other
 * processes (the command line, an import) still meet SQLite's lock and
 * its busy timeout, as before.
 *
 * Files are told apart by the path the store was opened with; the same
 * file under two spellings only loses the queueing, never correctness.
 * Entries are few (the files a process opens) and kept for its life.
 */
#include "sqlite_internal.h"

#include <pthread.h>
#include <string.h>
#include <time.h>

#include "../lib/strbuf.h"
#include "../lib/banned.h"

struct sq_writer {
	char *path;
	pthread_mutex_t mutex;
	struct sq_writer *next;
};

static pthread_mutex_t registry = PTHREAD_MUTEX_INITIALIZER;
static struct sq_writer *writers;

struct sq_writer *sq_writer_of(const char *path)
{
	struct sq_writer *w;

	pthread_mutex_lock(&registry);
	for (w = writers; w; w = w->next)
		if (strcmp(w->path, path) == 0)
			break;
	if (!w) {
		w = xcalloc(1, sizeof(*w));
		w->path = xstrdup(path);
		pthread_mutex_init(&w->mutex, NULL);
		w->next = writers;
		writers = w;
	}
	pthread_mutex_unlock(&registry);
	return w;
}

bool sq_writer_enter(struct sq_writer *w)
{
	struct timespec until;

	/* Never longer than SQLite itself would wait: a writer that somehow
	 * kept its transaction open must not hang the others for ever; past
	 * the timeout they go to SQLite's lock as they did without a queue. */
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += SQ_BUSY_TIMEOUT_MS / 1000;
	return pthread_mutex_timedlock(&w->mutex, &until) == 0;
}

void sq_writer_leave(struct sq_writer *w)
{
	pthread_mutex_unlock(&w->mutex);
}
