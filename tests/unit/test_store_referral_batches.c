/*
 * Unit tests of large referral batches in the store, on either backend
 * (storeutil.h): a batch larger than what a backend holds in memory
 * (PostgreSQL sends its rows with COPY in pieces of a few MiB) keeps every
 * upsert outcome - duplicates and supplements within the batch, rows of a
 * lead across pieces -, text that COPY must escape and values longer than
 * an index entry survive both write paths, referral ids are the same on
 * both backends (no gap after a rolled-back batch), and a row the
 * database refuses fails the batch (at put or at commit) with nothing of
 * it kept.
 */
#include "storeutil.h"

#include "core/ident.h"
#include "store/store.h"

struct fx {
	struct test_db db;
};

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	test_db_open(&fx->db, "batch");
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;

	test_db_close(&fx->db);
	free(fx);
	return 0;
}

static void add_ip(struct referral *r, const char *ip, utc_time_t at, int port)
{
	struct ident_ip parsed;
	struct ip_event ev;
	struct err err = ERR_INIT;

	if (ident_ip_parse(ip, &parsed, &err) != HIM_OK)
		fail_msg("%s: %s", ip, err.msg);
	ip_event_init(&ev);
	memcpy(ev.ip, parsed.text, sizeof(ev.ip));
	memcpy(ev.addr, parsed.addr, 16);
	ev.v6 = parsed.v6;
	ev.at = at;
	ev.port = port;
	memcpy(ev.event, "Upload", 7);
	assert_true(referral_add_ip_event(r, &ev));
}

static void add_file(struct referral *r, const char *name, const char *md5)
{
	struct referral_file f;

	memset(&f, 0, sizeof(f));
	f.name = strdup(name);
	snprintf(f.md5, sizeof(f.md5), "%s", md5);
	assert_true(referral_add_file(r, &f));
}

/* A whole report whose notes make it weigh about 4 kB. */
static void report(struct referral *r, int i, const char *priority)
{
	char id[32], email[64], ip[32], notes[4001];

	referral_init(r);
	memcpy(r->platform, "ncmec", 6);
	snprintf(id, sizeof(id), "R-%d", i);
	r->external_id = strdup(id);
	r->source_file = strdup("big.xml");
	r->source_line = i + 1;
	r->priority = strdup(priority);
	r->received_at = 1646388672 + i;
	memset(notes, 'a' + i % 26, sizeof(notes) - 1);
	notes[sizeof(notes) - 1] = '\0';
	r->notes = strdup(notes);
	snprintf(email, sizeof(email), "u%d@example.invalid", i);
	assert_true(referral_add_ident(r, IDENT_EMAIL, IDENT_ROLE_REPORTED, email, NULL));
	snprintf(ip, sizeof(ip), "105.66.%d.%d", i / 250, i % 250 + 1);
	add_ip(r, ip, 1646172240 + i, 51123);
	add_file(r, "a.jpg", "0123456789abcdef0123456789abcdef");
}

static void find(struct fx *fx, const char *platform, const char *id, struct referral_record *rec)
{
	struct scope national = scope_national();
	struct err err = ERR_INIT;

	referral_record_init(rec);
	if (store_referral_find(fx->db.st, &national, platform, id, rec, &err) != HIM_OK)
		fail_msg("find %s:%s: %s", platform, id, err.msg);
}

static int64_t import_id(struct fx *fx, const char *sha)
{
	struct scope national = scope_national();
	struct import_log log;
	struct err err = ERR_INIT;

	if (store_import_begin(fx->db.st, &national, "ncmec-xml", "big.xml", sha, 10, &log, &err) != HIM_OK)
		fail_msg("import: %s", err.msg);
	return log.id;
}

#define NREPORTS 1500 /* about 6 MB of notes: more than one piece */

static void a_large_batch_keeps_every_outcome(void **state)
{
	struct fx *fx = *state;
	struct referral_batch *b = test_referral_batch(fx->db.st, import_id(fx, "aa"));
	struct referral_record rec;
	struct referral r;

	for (int i = 0; i < NREPORTS; i++) {
		report(&r, i, "2");
		assert_int_equal(test_referral_put(b, &r), REFERRAL_IMPORTED);
	}
	/* Within the same batch: an early report again (long sent), the same
	 * with other content (a supplement), and the last one (still held by
	 * a backend that buffers) with other content. */
	report(&r, 5, "2");
	assert_int_equal(test_referral_put(b, &r), REFERRAL_DUPLICATE);
	report(&r, 7, "1");
	assert_int_equal(test_referral_put(b, &r), REFERRAL_UPDATED);
	report(&r, NREPORTS - 1, "E");
	add_ip(&r, "2001:db8::7", 1646172999, -1);
	assert_int_equal(test_referral_put(b, &r), REFERRAL_UPDATED);
	report(&r, NREPORTS - 1, "E");
	add_ip(&r, "2001:db8::7", 1646172999, -1);
	assert_int_equal(test_referral_put(b, &r), REFERRAL_DUPLICATE);
	test_referral_commit(b);

	assert_true(test_referral_count(fx->db.st, NULL) == NREPORTS);
	/* Ids in order, none skipped: the same on both backends. */
	find(fx, "ncmec", "R-0", &rec);
	assert_true(rec.id == 1);
	assert_int_equal(strlen(rec.r.notes), 4000);
	assert_int_equal(rec.r.nidents, 1);
	assert_int_equal(rec.r.nip_events, 1);
	assert_int_equal(rec.r.nfiles, 1);
	assert_true(rec.r.ip_events[0].at == 1646172240);
	referral_record_release(&rec);
	find(fx, "ncmec", "R-7", &rec);
	assert_true(rec.id == 8);
	assert_string_equal(rec.r.priority, "1");
	assert_int_equal(rec.nrevisions, 1);
	assert_string_equal(rec.revisions[0].kind, "supplement");
	assert_int_equal(rec.r.nip_events, 1); /* replaced, not added to */
	referral_record_release(&rec);
	find(fx, "ncmec", "R-1499", &rec);
	assert_true(rec.id == NREPORTS);
	assert_string_equal(rec.r.priority, "E");
	assert_int_equal(rec.nrevisions, 1);
	assert_int_equal(rec.r.nip_events, 2);
	/* In time order: the IPv6 sighting is the earlier. */
	assert_string_equal(rec.r.ip_events[0].ip, "2001:db8::7");
	assert_true(rec.r.ip_events[0].v6);
	assert_int_equal(rec.r.ip_events[0].port, -1);
	assert_int_equal(rec.r.ip_events[0].proxy, -1);
	assert_string_equal(rec.r.ip_events[1].ip, "105.66.5.250");
	assert_false(rec.r.ip_events[1].v6);
	assert_string_equal(rec.r.idents[0].value, "u1499@example.invalid");
	referral_record_release(&rec);
}

/* One row of a lead: a sighting and a file whose long name makes the row
 * weigh about 2 kB. */
static void row(struct referral *r, int lead, int k, utc_time_t at)
{
	char id[32], ip[32], name[2048];

	referral_init(r);
	memcpy(r->platform, "cps", 4);
	snprintf(id, sizeof(id), "L-%d", lead);
	r->external_id = strdup(id);
	r->fragment = true;
	r->source_file = strdup("leads.csv");
	r->source_line = lead * 4 + k + 2;
	r->received_at = at;
	assert_true(referral_add_ident(r, IDENT_P2P_GUID, IDENT_ROLE_REPORTED, "0123456789ABCDEF0123456789ABCDEF",
				       NULL));
	snprintf(ip, sizeof(ip), "41.%d.%d.%d", lead / 250, lead % 250, k + 1);
	add_ip(r, ip, at, 6881);
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	snprintf(name, 40, "file-%d-%d-", lead, k);
	name[strlen(name)] = 'n';
	add_file(r, name, "ffffffffffffffffffffffffffffffff");
}

#define NLEADS 1000 /* four rows each, about 6 MB: leads cross the pieces */

static void rows_of_leads_across_pieces(void **state)
{
	struct fx *fx = *state;
	struct referral_batch *b = test_referral_batch(fx->db.st, import_id(fx, "bb"));
	struct referral_record rec;
	struct referral r;
	int imported = 0, duplicates = 0;

	for (int lead = 0; lead < NLEADS; lead++) {
		for (int k = 0; k < 4; k++) {
			/* The third row repeats the first: a duplicate. */
			int same = k == 2 ? 0 : k;
			row(&r, lead, same, 1700000000 - same * 100);
			enum referral_outcome out = test_referral_put(b, &r);
			imported += out == REFERRAL_IMPORTED;
			duplicates += out == REFERRAL_DUPLICATE;
		}
	}
	test_referral_commit(b);
	assert_int_equal(imported, 3 * NLEADS);
	assert_int_equal(duplicates, NLEADS);
	assert_true(test_referral_count(fx->db.st, NULL) == NLEADS);
	for (int lead = 0; lead < NLEADS; lead += 37) {
		char id[32];
		snprintf(id, sizeof(id), "L-%d", lead);
		find(fx, "cps", id, &rec);
		assert_true(rec.id == lead + 1);
		assert_int_equal(rec.r.nip_events, 3);
		assert_int_equal(rec.r.nfiles, 3);
		assert_int_equal(rec.r.nidents, 1);
		assert_true(rec.r.received_at == 1700000000 - 300); /* the earliest row */
		assert_int_equal(strlen(rec.r.files[0].name), 2047);
		assert_int_equal(rec.nrevisions, 0);
		referral_record_release(&rec);
	}
	/* A later import adds a row to a lead: updated, recorded once. */
	b = test_referral_batch(fx->db.st, import_id(fx, "cc"));
	row(&r, 3, 9, 1600000000);
	assert_int_equal(test_referral_put(b, &r), REFERRAL_UPDATED);
	row(&r, 3, 9, 1600000000);
	assert_int_equal(test_referral_put(b, &r), REFERRAL_DUPLICATE);
	test_referral_commit(b);
	find(fx, "cps", "L-3", &rec);
	assert_int_equal(rec.r.nip_events, 4);
	assert_true(rec.r.received_at == 1600000000);
	assert_true(rec.r.ip_events[0].at == 1600000000); /* in time order */
	assert_int_equal(rec.nrevisions, 1);
	assert_string_equal(rec.revisions[0].kind, "merge");
	referral_record_release(&rec);
}

/* A row of lead "lead" for the held-or-not test: k-th detection, with a
 * GUID every row repeats, a second sighting every third row repeats from
 * the row before, and a field only some rows give. */
static void lead_row(struct referral *r, const char *lead, int k)
{
	char ip[32], name[48];

	referral_init(r);
	memcpy(r->platform, "cps", 4);
	r->external_id = strdup(lead);
	r->fragment = true;
	r->source_file = strdup("leads.csv");
	r->source_line = k + 2;
	r->received_at = 1700000000 + (k % 7) * 60;
	if (k == 2)
		r->client = strdup("Shareaza 2.7");
	assert_true(referral_add_ident(r, IDENT_P2P_GUID, IDENT_ROLE_REPORTED, "0123456789ABCDEF0123456789ABCDEF",
				       NULL));
	if (k % 3 == 1) {
		snprintf(ip, sizeof(ip), "41.1.%d.%d", (k - 1) / 250 % 250, (k - 1) % 250 + 1);
		add_ip(r, ip, 1700000000 + k - 1, 6881); /* the row before's: a repeat */
	}
	snprintf(ip, sizeof(ip), "41.1.%d.%d", k / 250 % 250, k % 250 + 1);
	add_ip(r, ip, 1700000000 + k, 6881);
	snprintf(name, sizeof(name), "shared-%d.avi", k % 50); /* files repeat every 50 rows */
	add_file(r, name, "ffffffffffffffffffffffffffffffff");
}

static void same_record(struct fx *a, struct fx *b, const char *lead)
{
	struct referral_record x, y;

	find(a, "cps", lead, &x);
	find(b, "cps", lead, &y);
	assert_int_equal(x.id, y.id);
	assert_string_equal(x.fingerprint, y.fingerprint);
	assert_true(x.r.received_at == y.r.received_at);
	assert_true((x.r.client == NULL) == (y.r.client == NULL));
	assert_true((x.updated_at == NULL) == (y.updated_at == NULL));
	assert_int_equal(x.nrevisions, y.nrevisions);
	assert_int_equal(x.r.nidents, y.r.nidents);
	assert_int_equal(x.r.nip_events, y.r.nip_events);
	for (size_t i = 0; i < x.r.nip_events; i++) {
		assert_string_equal(x.r.ip_events[i].ip, y.r.ip_events[i].ip);
		assert_true(x.r.ip_events[i].at == y.r.ip_events[i].at);
	}
	assert_int_equal(x.r.nfiles, y.r.nfiles);
	for (size_t i = 0; i < x.r.nfiles; i++)
		assert_string_equal(x.r.files[i].name, y.r.files[i].name);
	referral_record_release(&x);
	referral_record_release(&y);
}

/*
 * A new lead's rows merge in memory while they keep coming (SQLite holds
 * the lead; PostgreSQL buffers it for COPY) and in the database once it is
 * written: both ways must store the same referral, outcome for outcome.
 * One database takes the rows in one batch, leads interleaved and one
 * lead larger than what is held; the other commits after every row.
 */
#define BIG_ROWS 5000 /* a new sighting a row: past what a backend holds */

static void a_lead_merged_in_memory_or_row_by_row_is_the_same(void **state)
{
	static const char *const order[] = { "A", "A", "B", "A", "B", "B", "C", "A" };
	struct fx *one = *state, other;
	struct referral_batch *b1, *b2;
	struct referral r;
	int64_t id1 = import_id(one, "held"), id2;
	int k[3] = { 0, 0, 0 };

	test_db_open(&other.db, "batch-row");
	id2 = import_id(&other, "held");
	b1 = test_referral_batch(one->db.st, id1);
	for (int round = 0; round < 40; round++) {
		for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
			const char *lead = order[i];
			enum referral_outcome o1, o2;
			lead_row(&r, lead, k[lead[0] - 'A']);
			o1 = test_referral_put(b1, &r);
			lead_row(&r, lead, k[lead[0] - 'A']++);
			b2 = test_referral_batch(other.db.st, id2);
			o2 = test_referral_put(b2, &r);
			test_referral_commit(b2);
			assert_int_equal(o1, o2);
		}
	}
	for (int i = 0; i < BIG_ROWS; i++) {
		enum referral_outcome o1, o2;
		lead_row(&r, "BIG", i);
		o1 = test_referral_put(b1, &r);
		lead_row(&r, "BIG", i);
		if (i % 1000 == 0)
			b2 = test_referral_batch(other.db.st, id2);
		o2 = test_referral_put(b2, &r);
		if (i % 1000 == 999 || i == BIG_ROWS - 1)
			test_referral_commit(b2);
		assert_int_equal(o1, o2);
	}
	test_referral_commit(b1);
	same_record(one, &other, "A");
	same_record(one, &other, "B");
	same_record(one, &other, "C");
	same_record(one, &other, "BIG");
	{
		struct referral_record big;
		find(one, "cps", "BIG", &big);
		assert_int_equal(big.r.nip_events, BIG_ROWS);
		assert_int_equal(big.r.nfiles, 50);
		assert_int_equal(big.r.nidents, 1);
		assert_non_null(big.r.client);
		referral_record_release(&big);
	}
	test_db_close(&other.db);
}

/* Characters that COPY's text format and array literals escape, NULL's
 * spelling, and an identifier longer than a btree index entry may be. */
static const char *const odd[] = {
	"tab\there", "line\nbreak", "cr\rhere", "back\\slash", "\\N", "quote\"s {a,b}", "NULL",
	"عربي — حماية", "",
};

static void odd_row(struct referral *r, const char *lead, size_t i, const char *url)
{
	referral_init(r);
	memcpy(r->platform, "cps", 4);
	r->external_id = strdup(lead);
	r->fragment = true;
	r->client = strdup(odd[i]);
	assert_true(referral_add_ident(r, IDENT_SCREEN_NAME, IDENT_ROLE_REPORTED, odd[i], odd[(i + 1) % 9]));
	assert_true(referral_add_ident(r, IDENT_URL, IDENT_ROLE_REPORTED, url, NULL));
	add_file(r, odd[i], "");
}

static void odd_text_survives_both_paths(void **state)
{
	struct fx *fx = *state;
	struct referral_record rec;
	struct referral r;
	size_t n = sizeof(odd) / sizeof(odd[0]);
	char *url = malloc(6001);
	struct referral_batch *b;

	memcpy(url, "https://example.invalid/", 24);
	for (int i = 24; i < 6000; i++)
		url[i] = (char)('a' + (i * 7919) % 26); /* does not compress to nothing */
	url[6000] = '\0';

	/* A new lead, every row in one batch (a buffering backend's path). */
	b = test_referral_batch(fx->db.st, 0);
	for (size_t i = 0; i < n; i++) {
		odd_row(&r, "ODD-1", i, url);
		test_referral_put(b, &r);
	}
	test_referral_commit(b);
	/* The same rows to a lead already stored (row by row). */
	b = test_referral_batch(fx->db.st, 0);
	odd_row(&r, "ODD-2", 0, url);
	test_referral_put(b, &r);
	test_referral_commit(b);
	for (size_t i = 0; i < n; i++) {
		b = test_referral_batch(fx->db.st, 0);
		odd_row(&r, "ODD-2", i, url);
		test_referral_put(b, &r);
		test_referral_commit(b);
	}
	for (int k = 1; k <= 2; k++) {
		find(fx, "cps", k == 1 ? "ODD-1" : "ODD-2", &rec);
		assert_string_equal(rec.r.client, odd[0]);
		assert_int_equal(rec.r.nidents, n + 1); /* the URL once */
		assert_int_equal(rec.r.nfiles, n);
		for (size_t i = 0; i < n; i++) {
			bool seen = false;
			for (size_t j = 0; j < rec.r.nidents; j++)
				if (rec.r.idents[j].kind == IDENT_SCREEN_NAME && strcmp(rec.r.idents[j].value, odd[i]) == 0) {
					seen = true;
					/* service '' reads back as none */
					if (*odd[(i + 1) % 9])
						assert_string_equal(rec.r.idents[j].service, odd[(i + 1) % 9]);
					else
						assert_null(rec.r.idents[j].service);
				}
			assert_true(seen);
		}
		bool url_seen = false;
		for (size_t j = 0; j < rec.r.nidents; j++)
			url_seen |= rec.r.idents[j].kind == IDENT_URL && strcmp(rec.r.idents[j].value, url) == 0;
		assert_true(url_seen);
		referral_record_release(&rec);
	}
	free(url);
}

static void ids_are_not_skipped_after_a_rollback(void **state)
{
	struct fx *fx = *state;
	struct referral_record rec;
	struct referral r;
	struct referral_batch *b;

	b = test_referral_batch(fx->db.st, 0);
	report(&r, 1, "2");
	test_referral_put(b, &r);
	report(&r, 2, "2");
	test_referral_put(b, &r);
	store_referral_batch_abort(b);
	assert_true(test_referral_count(fx->db.st, NULL) == 0);
	b = test_referral_batch(fx->db.st, 0);
	report(&r, 3, "2");
	test_referral_put(b, &r);
	test_referral_commit(b);
	b = test_referral_batch(fx->db.st, 0);
	report(&r, 4, "2");
	test_referral_put(b, &r);
	test_referral_commit(b);
	find(fx, "ncmec", "R-3", &rec);
	assert_true(rec.id == 1);
	referral_record_release(&rec);
	find(fx, "ncmec", "R-4", &rec);
	assert_true(rec.id == 2);
	referral_record_release(&rec);
}

/* A referral naming an import that does not exist breaks a foreign key:
 * SQLite refuses the row at once, a backend that sends rows in bulk at the
 * commit. Either way the batch fails with a conflict and keeps nothing,
 * and the next batch works. */
static void a_refused_row_fails_the_batch(void **state)
{
	struct fx *fx = *state;
	struct referral_batch *b;
	struct referral r;
	struct err err = ERR_INIT;
	int rc;

	b = test_referral_batch(fx->db.st, 0);
	report(&r, 1, "2");
	test_referral_put(b, &r);
	test_referral_commit(b);

	b = test_referral_batch(fx->db.st, 424242);
	report(&r, 2, "2");
	rc = store_referral_put(b, &r, NULL, &err);
	referral_release(&r);
	if (rc == HIM_OK) {
		rc = store_referral_batch_commit(b, 0, NULL, &err);
	} else {
		store_referral_batch_abort(b);
	}
	assert_int_equal(rc, HIM_ECONFLICT);
	assert_true(strlen(err.msg) > 0);
	assert_true(test_referral_count(fx->db.st, NULL) == 1);

	b = test_referral_batch(fx->db.st, 0);
	report(&r, 3, "2");
	test_referral_put(b, &r);
	test_referral_commit(b);
	assert_true(test_referral_count(fx->db.st, NULL) == 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_large_batch_keeps_every_outcome, setup, teardown),
		cmocka_unit_test_setup_teardown(rows_of_leads_across_pieces, setup, teardown),
		cmocka_unit_test_setup_teardown(odd_text_survives_both_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(a_lead_merged_in_memory_or_row_by_row_is_the_same, setup, teardown),
		cmocka_unit_test_setup_teardown(ids_are_not_skipped_after_a_rollback, setup, teardown),
		cmocka_unit_test_setup_teardown(a_refused_row_fails_the_batch, setup, teardown),
	};
	return cmocka_run_group_tests_name("store_referral_batches", tests, NULL, NULL);
}
