/*
 * referral_collect.h - for the referral parsers' unit tests: collect what
 * a parser delivers as text, one line per fact, so that a test asserts
 * exact fields ("ip 105.66.1.2 at=… port=51123 proxy=0 event=Upload
 * role=reported") and can search everything delivered for a marker that
 * must never get through (dropped file content).
 */
#ifndef HIMAYA_TEST_REFERRAL_COLLECT_H
#define HIMAYA_TEST_REFERRAL_COLLECT_H

#include "testutil.h"

#include "core/ident.h"
#include "ingest/referral_reader.h"

#define COLLECT_MAX 64

struct collected {
	int n, nrej;
	char *ref[COLLECT_MAX];  /* one text block per referral */
	char *rej[COLLECT_MAX];  /* "line|path|id|dropped|reason" */
	int dropped;             /* content_dropped over all records */
	int progress_calls;
};

static inline const char *opt(const char *s)
{
	return s ? s : "-";
}

static inline int collect_referral(struct referral *r, void *ctx)
{
	struct collected *c = ctx;
	struct strbuf sb = STRBUF_INIT;
	char t1[IDENT_TIME_TEXT_MAX], t2[IDENT_TIME_TEXT_MAX];

	ident_time_format(r->received_at, t1);
	ident_time_format(r->incident_at, t2);
	strbuf_addf(&sb, "%s/%s line=%ld fragment=%d\n", r->platform, r->external_id, r->source_line, r->fragment);
	strbuf_addf(&sb, "priority=%s escalation=%s\n", opt(r->priority), opt(r->escalation));
	strbuf_addf(&sb, "type=%s esp=%s network=%s client=%s\n", opt(r->incident_type), opt(r->esp),
		    opt(r->network), opt(r->client));
	strbuf_addf(&sb, "annotations=%s received=%s incident=%s dropped=%d\n", opt(r->annotations), t1, t2,
		    r->content_dropped);
	for (size_t i = 0; i < r->nidents; i++)
		strbuf_addf(&sb, "ident %s %s %s service=%s\n", ident_kind_name(r->idents[i].kind),
			    ident_role_name(r->idents[i].role), r->idents[i].value, opt(r->idents[i].service));
	for (size_t i = 0; i < r->nip_events; i++) {
		const struct ip_event *e = &r->ip_events[i];
		ident_time_format(e->at, t1);
		strbuf_addf(&sb, "ip %s v6=%d at=%s port=%d proxy=%d event=%s role=%s\n", e->ip, e->v6, t1, e->port,
			    e->proxy, e->event, ident_role_name(e->role));
	}
	for (size_t i = 0; i < r->nfiles; i++) {
		const struct referral_file *f = &r->files[i];
		strbuf_addf(&sb, "file %s md5=%s sha1=%s sha256=%s md4=%s infohash=%s class=%s\n", opt(f->name),
			    f->md5, f->sha1, f->sha256, f->md4, f->infohash, opt(f->industry_class));
	}
	for (size_t i = 0; i < r->nlocations; i++) {
		const struct referral_location *l = &r->locations[i];
		strbuf_addf(&sb, "location ip=%s country=%s region=%s city=%s isp=%s asn=%s\n", opt(l->ip),
			    opt(l->country), opt(l->region), opt(l->city), opt(l->isp), opt(l->asn));
	}
	if (r->notes)
		strbuf_addf(&sb, "notes=%s\n", r->notes);
	assert_non_null(r->source_file);
	c->dropped += r->content_dropped;
	if (c->n < COLLECT_MAX)
		c->ref[c->n] = strbuf_detach(&sb, NULL);
	else
		strbuf_release(&sb);
	c->n++;
	return 0;
}

static inline void collect_reject(const struct ingest_reject *rej, void *ctx)
{
	struct collected *c = ctx;
	struct strbuf sb = STRBUF_INIT;

	assert_non_null(rej->file);
	assert_non_null(rej->reason);
	strbuf_addf(&sb, "%ld|%s|%s|%d|%s", rej->line, opt(rej->path), opt(rej->record_id), rej->content_dropped,
		    rej->reason);
	c->dropped += rej->content_dropped;
	if (c->nrej < COLLECT_MAX)
		c->rej[c->nrej] = strbuf_detach(&sb, NULL);
	else
		strbuf_release(&sb);
	c->nrej++;
}

static inline void collect_progress(uint64_t done, uint64_t total, void *ctx)
{
	struct collected *c = ctx;
	assert_true(total == 0 || done <= total);
	c->progress_calls++;
}

static const struct referral_reader_ops COLLECT_OPS = { collect_referral, collect_reject, collect_progress };

static inline void collected_release(struct collected *c)
{
	for (int i = 0; i < c->n && i < COLLECT_MAX; i++)
		free(c->ref[i]);
	for (int i = 0; i < c->nrej && i < COLLECT_MAX; i++)
		free(c->rej[i]);
	memset(c, 0, sizeof(*c));
}

/* Referral i has this exact line. */
static inline void has_line(const struct collected *c, int i, const char *line)
{
	struct strbuf want = STRBUF_INIT;
	const char *p;

	if (i >= c->n)
		fail_msg("no referral %d (%d delivered)", i, c->n);
	strbuf_addf(&want, "%s\n", line);
	p = c->ref[i];
	if (strncmp(p, want.buf, want.len) != 0) {
		strbuf_reset(&want);
		strbuf_addf(&want, "\n%s\n", line);
		if (!strstr(p, want.buf))
			fail_msg("referral %d lacks the line\n  %s\nit is:\n%s", i, line, p);
	}
	strbuf_release(&want);
}

/* Referral i has exactly n lines starting with prefix ("ident ", "ip "). */
static inline void count_lines(const struct collected *c, int i, const char *prefix, int n)
{
	int k = 0;
	size_t len = strlen(prefix);

	for (const char *p = c->ref[i]; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		k += strncmp(p, prefix, len) == 0;
	if (k != n)
		fail_msg("referral %d has %d '%s' lines, not %d:\n%s", i, k, prefix, n, c->ref[i]);
}

/* Nothing delivered (referral or reject) contains needle. */
static inline void nowhere(const struct collected *c, const char *needle)
{
	for (int i = 0; i < c->n && i < COLLECT_MAX; i++)
		if (strstr(c->ref[i], needle))
			fail_msg("'%s' reached referral %d:\n%s", needle, i, c->ref[i]);
	for (int i = 0; i < c->nrej && i < COLLECT_MAX; i++)
		if (strstr(c->rej[i], needle))
			fail_msg("'%s' reached reject %d: %s", needle, i, c->rej[i]);
}

static inline utc_time_t test_now(void)
{
	return ident_time_from_fields(2024, 6, 1, 0, 0, 0);
}

#endif
