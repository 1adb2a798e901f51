/*
 * Unit tests of the parser thread of an import (app/import_pipe.c): what
 * a reader delivers reaches the callbacks whole and in its order, on the
 * calling thread; a record larger than a chunk's memory arrives intact; a
 * reader's error comes back after the records before it; a failing
 * callback stops the reader early and nothing after it is delivered.
 */
#include "testutil.h"

#include <pthread.h>

#include "app/import_pipe.h"
#include "core/referral.h"

/* --- a reader that makes its records up --- */

struct fake {
	int records;         /* good records to deliver */
	int reject_every;    /* one rejected record after every n good ones; 0: none */
	int fail_after;      /* return HIM_EINPUT after this many; -1: never */
	size_t notes_bytes;  /* size of each record's notes */
	pthread_t thread;    /* the thread it ran on */
	int delivered;       /* calls of on_referral that returned 0 */
	int stopped_at;      /* the record whose on_referral returned nonzero; -1 */
};

static char *notes_of(int i, size_t len)
{
	char *s = malloc(len + 1);

	for (size_t k = 0; k < len; k++)
		s[k] = (char)('a' + (i + (int)k) % 26);
	s[len] = '\0';
	return s;
}

static void make_referral(struct referral *r, int i, size_t notes_bytes)
{
	struct ip_event ev;
	struct referral_file f;
	struct referral_location loc = { 0 };
	char id[32], ip[32];

	referral_init(r);
	snprintf(r->platform, sizeof(r->platform), "cps");
	snprintf(id, sizeof(id), "LEAD-%06d", i);
	r->external_id = strdup(id);
	r->fragment = i % 2;
	r->priority = i % 3 ? strdup("2") : NULL;
	r->received_at = 1700000000 + i;
	r->incident_at = TIME_NONE;
	r->notes = notes_bytes ? notes_of(i, notes_bytes) : NULL;
	r->source_file = strdup("made-up.csv");
	r->source_line = i + 2;
	r->content_dropped = i % 5;
	assert_true(referral_add_ident(r, IDENT_P2P_GUID, IDENT_ROLE_REPORTED, id, NULL));
	assert_true(referral_add_ident(r, IDENT_SCREEN_NAME, IDENT_ROLE_REPORTED, "nick", "svc"));
	for (int k = 0; k < 1 + i % 3; k++) {
		ip_event_init(&ev);
		snprintf(ip, sizeof(ip), "10.0.%d.%d", i % 250, k);
		snprintf(ev.ip, sizeof(ev.ip), "%s", ip);
		ev.addr[15] = (uint8_t)k;
		ev.at = 1700000000 + i + k;
		ev.port = 1000 + k;
		snprintf(ev.event, sizeof(ev.event), "Seen");
		assert_true(referral_add_ip_event(r, &ev));
	}
	memset(&f, 0, sizeof(f));
	f.name = strdup("file.avi");
	snprintf(f.sha1, sizeof(f.sha1), "%040d", i);
	assert_true(referral_add_file(r, &f));
	loc.city = strdup("Oujda");
	loc.country = strdup("MA");
	assert_true(referral_add_location(r, &loc));
}

static int fake_read(void *arg, const struct referral_reader_ops *ops, void *ctx, struct err *err)
{
	struct fake *fk = arg;

	fk->thread = pthread_self();
	for (int i = 0; i < fk->records; i++) {
		struct referral r;
		int rc;

		if (fk->fail_after == i)
			return err_set(err, HIM_EINPUT, "made-up.csv:%d: broken here", i + 2);
		make_referral(&r, i, fk->notes_bytes);
		rc = ops->on_referral(&r, ctx);
		referral_release(&r);
		if (rc != HIM_OK) {
			fk->stopped_at = i;
			return rc;
		}
		fk->delivered++;
		if (fk->reject_every && (i + 1) % fk->reject_every == 0) {
			char reason[64];
			snprintf(reason, sizeof(reason), "bad row after %d", i);
			struct ingest_reject rej = { .file = "made-up.csv", .line = 1000 + i, .path = "ip",
						     .record_id = NULL, .reason = reason, .content_dropped = 1 };
			ops->on_reject(&rej, ctx);
		}
		if (ops->on_progress && i % 100 == 0)
			ops->on_progress((uint64_t)i, (uint64_t)fk->records, ctx);
	}
	return HIM_OK;
}

/* --- what the callbacks saw --- */

struct seen {
	pthread_t thread;
	bool other_thread;   /* a callback ran on a thread not the caller's */
	int referrals, rejects, progress;
	int next;            /* the record expected next */
	int events;          /* the order of all events, checked as they come */
	int fail_at;         /* on_referral fails at this record; -1 never */
	uint64_t last_bytes;
	size_t notes_bytes;
};

static void check_thread(struct seen *s)
{
	if (!pthread_equal(s->thread, pthread_self()))
		s->other_thread = true;
}

static int seen_referral(struct referral *r, void *ctx)
{
	struct seen *s = ctx;
	struct referral want;

	check_thread(s);
	make_referral(&want, s->next, s->notes_bytes);
	assert_string_equal(r->platform, want.platform);
	assert_string_equal(r->external_id, want.external_id);
	assert_int_equal(r->fragment, want.fragment);
	if (want.priority)
		assert_string_equal(r->priority, want.priority);
	else
		assert_null(r->priority);
	assert_int_equal(r->received_at, want.received_at);
	assert_int_equal(r->incident_at, TIME_NONE);
	if (want.notes)
		assert_string_equal(r->notes, want.notes);
	else
		assert_null(r->notes);
	assert_string_equal(r->source_file, want.source_file);
	assert_int_equal(r->source_line, want.source_line);
	assert_int_equal(r->content_dropped, want.content_dropped);
	assert_int_equal(r->nidents, want.nidents);
	for (size_t i = 0; i < r->nidents; i++) {
		assert_int_equal(r->idents[i].kind, want.idents[i].kind);
		assert_string_equal(r->idents[i].value, want.idents[i].value);
		if (want.idents[i].service)
			assert_string_equal(r->idents[i].service, want.idents[i].service);
		else
			assert_null(r->idents[i].service);
	}
	assert_int_equal(r->nip_events, want.nip_events);
	for (size_t i = 0; i < r->nip_events; i++) {
		assert_string_equal(r->ip_events[i].ip, want.ip_events[i].ip);
		assert_memory_equal(r->ip_events[i].addr, want.ip_events[i].addr, 16);
		assert_int_equal(r->ip_events[i].at, want.ip_events[i].at);
		assert_int_equal(r->ip_events[i].port, want.ip_events[i].port);
	}
	assert_int_equal(r->nfiles, 1);
	assert_string_equal(r->files[0].name, "file.avi");
	assert_string_equal(r->files[0].sha1, want.files[0].sha1);
	assert_null(r->files[0].industry_class);
	assert_int_equal(r->nlocations, 1);
	assert_string_equal(r->locations[0].city, "Oujda");
	assert_string_equal(r->locations[0].country, "MA");
	assert_null(r->locations[0].ip);
	referral_release(&want);
	if (s->next == s->fail_at)
		return HIM_EDB;
	s->next++;
	s->referrals++;
	s->events++;
	return HIM_OK;
}

static void seen_reject(const struct ingest_reject *rej, void *ctx)
{
	struct seen *s = ctx;
	char reason[64];

	check_thread(s);
	/* It comes right after the record it follows in the file. */
	snprintf(reason, sizeof(reason), "bad row after %d", s->next - 1);
	assert_string_equal(rej->reason, reason);
	assert_string_equal(rej->file, "made-up.csv");
	assert_string_equal(rej->path, "ip");
	assert_null(rej->record_id);
	assert_int_equal(rej->line, 1000 + s->next - 1);
	assert_int_equal(rej->content_dropped, 1);
	s->rejects++;
	s->events++;
}

static void seen_progress(uint64_t bytes_read, uint64_t bytes_total, void *ctx)
{
	struct seen *s = ctx;

	check_thread(s);
	assert_int_equal(bytes_read, (uint64_t)(s->next - 1));
	assert_true(bytes_total > 0);
	assert_true(bytes_read >= s->last_bytes);
	s->last_bytes = bytes_read;
	s->progress++;
}

static const struct referral_reader_ops SEEN_OPS = { seen_referral, seen_reject, seen_progress };

static void seen_init(struct seen *s)
{
	memset(s, 0, sizeof(*s));
	s->thread = pthread_self();
	s->fail_at = -1;
}

static void fake_init(struct fake *fk, int records)
{
	memset(fk, 0, sizeof(*fk));
	fk->records = records;
	fk->fail_after = -1;
	fk->stopped_at = -1;
}

/* --- tests --- */

static void test_order_and_content(void **state)
{
	struct fake fk;
	struct seen s;
	struct err err = ERR_INIT;

	(void)state;
	fake_init(&fk, 5000);
	fk.reject_every = 7;
	fk.notes_bytes = 40;
	seen_init(&s);
	s.notes_bytes = 40;
	assert_int_equal(import_pipe_run(fake_read, &fk, &SEEN_OPS, &s, &err), HIM_OK);
	assert_int_equal(s.referrals, 5000);
	assert_int_equal(s.rejects, 5000 / 7);
	assert_int_equal(s.progress, 50);
	assert_false(s.other_thread);
	/* The reader ran on a thread of its own. */
	assert_false(pthread_equal(fk.thread, pthread_self()));
}

static void test_record_larger_than_a_chunk(void **state)
{
	struct fake fk;
	struct seen s;
	struct err err = ERR_INIT;

	(void)state;
	fake_init(&fk, 12);
	fk.notes_bytes = 700 * 1024; /* larger than a chunk's 128 KiB arena */
	seen_init(&s);
	s.notes_bytes = fk.notes_bytes;
	assert_int_equal(import_pipe_run(fake_read, &fk, &SEEN_OPS, &s, &err), HIM_OK);
	assert_int_equal(s.referrals, 12);
}

static void test_reader_error_after_good_records(void **state)
{
	struct fake fk;
	struct seen s;
	struct err err = ERR_INIT;

	(void)state;
	fake_init(&fk, 1000);
	fk.fail_after = 321;
	seen_init(&s);
	assert_int_equal(import_pipe_run(fake_read, &fk, &SEEN_OPS, &s, &err), HIM_EINPUT);
	assert_string_equal(err.msg, "made-up.csv:323: broken here");
	/* Every good record before the break was delivered. */
	assert_int_equal(s.referrals, 321);
}

static void test_callback_failure_stops_the_reader(void **state)
{
	struct fake fk;
	struct seen s;
	struct err err = ERR_INIT;

	(void)state;
	fake_init(&fk, 1000000);
	fk.reject_every = 3;
	seen_init(&s);
	s.fail_at = 100;
	err_set(&err, HIM_EDB, "the callback's own message");
	assert_int_equal(import_pipe_run(fake_read, &fk, &SEEN_OPS, &s, &err), HIM_EDB);
	/* The callback's message is kept, not the reader's. */
	assert_string_equal(err.msg, "the callback's own message");
	assert_int_equal(s.referrals, 100);
	/* Nothing after the failing record reached the callbacks... */
	assert_int_equal(s.rejects, 100 / 3);
	/* ...and the reader was stopped long before the end of its file. */
	assert_true(fk.stopped_at > 100);
	assert_true(fk.stopped_at < 100 + 2 * IMPORT_PIPE_RECORDS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_and_content),
		cmocka_unit_test(test_record_larger_than_a_chunk),
		cmocka_unit_test(test_reader_error_after_good_records),
		cmocka_unit_test(test_callback_failure_stops_the_reader),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
