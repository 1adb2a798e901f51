/*
 * Unit tests of referrals in the store, on either backend (storeutil.h):
 * the upsert outcomes of whole reports and of fragments, supplements
 * recorded as revisions, batches that roll back, the import log that lets
 * a run resume, linking a referral to a case (its platform joins the
 * case's), scope refusals, and list filters (IP ranges, identifiers,
 * linked or not, paging). files_survive_the_rowid_migration is about
 * SQLite's migrations 007 and 011 and always runs on a SQLite file of its own.
 */
#include "storeutil.h"

#include <sqlite3.h>
#include <unistd.h>

#include "core/ident.h"
#include "store/migration.h"
#include "store/referral_fingerprint.h"
#include "store/store.h"

struct fx {
	struct test_db db;
};

static const date_t TODAY = 20000; /* 2024-10-04 */

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	test_db_open(&fx->db, "ref");
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

static void make(struct referral *r, const char *platform, const char *id, bool fragment)
{
	referral_init(r);
	snprintf(r->platform, sizeof(r->platform), "%s", platform);
	r->external_id = strdup(id);
	r->fragment = fragment;
	r->source_file = strdup("test.xml");
	r->source_line = 1;
}

static void add_ip(struct referral *r, const char *ip, utc_time_t at, int port)
{
	struct ident_ip parsed;
	struct ip_event ev;
	struct err err = ERR_INIT;

	if (ident_ip_parse(ip, &parsed, &err) != HIM_OK)
		fail_msg("%s: %s", ip, err.msg);
	memset(&ev, 0, sizeof(ev));
	memcpy(ev.ip, parsed.text, sizeof(ev.ip));
	memcpy(ev.addr, parsed.addr, 16);
	ev.v6 = parsed.v6;
	ev.at = at;
	ev.port = port;
	ev.proxy = -1;
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

static enum referral_outcome put(struct fx *fx, const struct referral *r)
{
	struct scope national = scope_national();
	enum referral_outcome out;
	struct err err = ERR_INIT;

	if (store_referral_put_one(fx->db.st, &national, r, &out, &err) != HIM_OK)
		fail_msg("put: %s", err.msg);
	return out;
}

static int count_fn(const struct referral_record *rec, void *ctx)
{
	(void)rec;
	(*(int64_t *)ctx)++;
	return 0;
}

static int64_t count_where(struct fx *fx, const struct referral_filter *f)
{
	struct scope national = scope_national();
	struct err err = ERR_INIT;
	int64_t n = 0;

	if (store_referral_list(fx->db.st, &national, f, count_fn, &n, &err) != HIM_OK)
		fail_msg("list: %s", err.msg);
	return n;
}

/* A whole NCMEC report with an e-mail, an IP event and a file. */
static void report(struct referral *r, const char *id, const char *email, const char *ip)
{
	make(r, "ncmec", id, false);
	r->priority = strdup("2");
	r->incident_type = strdup("Child Pornography (possession, manufacture, and distribution)");
	r->received_at = 1646388672; /* 2022-03-04T10:11:12Z */
	assert_true(referral_add_ident(r, IDENT_EMAIL, IDENT_ROLE_REPORTED, email, NULL));
	assert_true(referral_add_ident(r, IDENT_ESP_ACCOUNT, IDENT_ROLE_REPORTED, "998877", "example chat"));
	add_ip(r, ip, 1646172240, 51123);
	add_file(r, "a.jpg", "0123456789abcdef0123456789abcdef");
}

static void whole_reports_imported_duplicate_updated(void **state)
{
	struct fx *fx = *state;
	struct scope national = scope_national();
	struct referral_record rec;
	struct referral r;
	struct err err = ERR_INIT;
	char first_fp[33];

	report(&r, "120334455", "user@example.invalid", "105.66.1.2");
	assert_int_equal(put(fx, &r), REFERRAL_IMPORTED);
	assert_int_equal(put(fx, &r), REFERRAL_DUPLICATE);
	referral_release(&r);

	referral_record_init(&rec);
	assert_int_equal(store_referral_find(fx->db.st, &national, "ncmec", "120334455", &rec, &err), HIM_OK);
	assert_string_equal(rec.r.priority, "2");
	assert_int_equal(rec.r.nidents, 2);
	assert_int_equal(rec.r.nip_events, 1);
	assert_string_equal(rec.r.ip_events[0].ip, "105.66.1.2");
	assert_int_equal(rec.r.ip_events[0].port, 51123);
	assert_true(rec.r.ip_events[0].at == 1646172240);
	assert_int_equal(rec.r.nfiles, 1);
	assert_string_equal(rec.r.files[0].md5, "0123456789abcdef0123456789abcdef");
	assert_int_equal(rec.nrevisions, 0);
	assert_null(rec.updated_at);
	memcpy(first_fp, rec.fingerprint, 33);
	referral_record_release(&rec);

	/* A supplement: same report id, another e-mail. It replaces. */
	report(&r, "120334455", "other@example.invalid", "105.66.1.2");
	free(r.priority);
	r.priority = strdup("1");
	assert_int_equal(put(fx, &r), REFERRAL_UPDATED);
	assert_int_equal(put(fx, &r), REFERRAL_DUPLICATE);
	referral_release(&r);

	referral_record_init(&rec);
	assert_int_equal(store_referral_find(fx->db.st, &national, "ncmec", "120334455", &rec, &err), HIM_OK);
	assert_string_equal(rec.r.priority, "1");
	assert_int_equal(rec.r.nidents, 2);
	assert_string_equal(rec.r.idents[0].value, "other@example.invalid");
	assert_int_equal(rec.r.nip_events, 1);
	assert_int_equal(rec.nrevisions, 1);
	assert_string_equal(rec.revisions[0].kind, "supplement");
	assert_string_equal(rec.revisions[0].old_fingerprint, first_fp);
	assert_string_equal(rec.revisions[0].new_fingerprint, rec.fingerprint);
	assert_string_not_equal(rec.fingerprint, first_fp);
	assert_non_null(rec.updated_at);
	referral_record_release(&rec);

	/* One referral, not two. */
	{
		struct referral_filter all;
		referral_filter_init(&all);
		assert_true(count_where(fx, &all) == 1);
	}
}

/* The importer computes a record's fingerprint on its parser's thread,
 * ahead of the store: the same digest as the store's own, so that a
 * report delivered either way is the same report. */
static void a_fingerprint_computed_ahead_is_the_stores(void **state)
{
	struct fx *fx = *state;
	struct strbuf scratch = STRBUF_INIT;
	struct referral_record rec;
	struct referral r;
	struct scope national = scope_national();
	struct err err = ERR_INIT;
	char fp[33], changed[33], chained[33], reversed[33];

	report(&r, "77", "ahead@example.invalid", "105.66.1.9");
	referral_fingerprint(&r, &scratch, fp);
	assert_int_equal(strlen(fp), 32);
	assert_int_equal(put(fx, &r), REFERRAL_IMPORTED); /* the store computes it */
	referral_record_init(&rec);
	assert_int_equal(store_referral_find(fx->db.st, &national, "ncmec", "77", &rec, &err), HIM_OK);
	assert_string_equal(rec.fingerprint, fp);
	referral_record_release(&rec);
	/* Given ahead, the same: a duplicate. */
	memcpy(r.fingerprint, fp, 33);
	assert_int_equal(put(fx, &r), REFERRAL_DUPLICATE);
	/* Any change of content changes it; NULL is not "". */
	free(r.priority);
	r.priority = strdup("1");
	referral_fingerprint(&r, &scratch, changed);
	assert_string_not_equal(changed, fp);
	free(r.priority);
	r.priority = strdup("");
	referral_fingerprint(&r, &scratch, changed);
	assert_string_not_equal(changed, fp);
	free(r.priority);
	r.priority = NULL;
	referral_fingerprint(&r, &scratch, changed);
	assert_string_not_equal(changed, fp);
	/* The chain of a lead depends on both digests, and on their order. */
	referral_fingerprint_chain(fp, changed, chained);
	assert_string_not_equal(chained, fp);
	referral_fingerprint_chain(changed, fp, reversed);
	assert_string_not_equal(chained, reversed);
	referral_release(&r);
	strbuf_release(&scratch);
}

/* A CPS row: one sighting of a lead. */
static void row(struct referral *r, const char *lead, const char *ip, utc_time_t at, const char *guid)
{
	make(r, "cps", lead, true);
	r->network = strdup("BitTorrent");
	r->received_at = at;
	assert_true(referral_add_ident(r, IDENT_P2P_GUID, IDENT_ROLE_REPORTED, guid, NULL));
	add_ip(r, ip, at, 6881);
	add_file(r, "x.avi", "ffffffffffffffffffffffffffffffff");
}

static enum referral_outcome put_batch(struct fx *fx, int64_t import_id, const struct referral *r)
{
	struct scope national = scope_national();
	struct referral_batch *b;
	enum referral_outcome out;
	struct err err = ERR_INIT;

	if (store_referral_batch_begin(fx->db.st, &national, import_id, &b, &err) != HIM_OK)
		fail_msg("batch: %s", err.msg);
	if (store_referral_put(b, r, &out, &err) != HIM_OK)
		fail_msg("put: %s", err.msg);
	if (store_referral_batch_commit(b, 1, NULL, &err) != HIM_OK)
		fail_msg("commit: %s", err.msg);
	return out;
}

static int64_t import_id(struct fx *fx, const char *sha)
{
	struct scope national = scope_national();
	struct import_log log;
	struct err err = ERR_INIT;

	if (store_import_begin(fx->db.st, &national, "cps-csv", "leads.csv", sha, 10, &log, &err) != HIM_OK)
		fail_msg("import: %s", err.msg);
	return log.id;
}

static void fragments_merge(void **state)
{
	struct fx *fx = *state;
	struct scope national = scope_national();
	struct referral_record rec;
	struct referral r;
	struct err err = ERR_INIT;
	int64_t first = import_id(fx, "aa"), second = import_id(fx, "bb");
	const char *guid = "0123456789ABCDEF0123456789ABCDEF";

	assert_true(first != second);
	row(&r, "L-1", "105.66.1.2", 1700000000, guid);
	assert_int_equal(put_batch(fx, first, &r), REFERRAL_IMPORTED);
	assert_int_equal(put_batch(fx, first, &r), REFERRAL_DUPLICATE);
	referral_release(&r);
	/* Another sighting of the same lead in the same import: imported. */
	row(&r, "L-1", "105.66.1.3", 1690000000, guid);
	assert_int_equal(put_batch(fx, first, &r), REFERRAL_IMPORTED);
	referral_release(&r);

	referral_record_init(&rec);
	assert_int_equal(store_referral_find(fx->db.st, &national, "cps", "L-1", &rec, &err), HIM_OK);
	assert_int_equal(rec.r.nip_events, 2);
	assert_int_equal(rec.r.nidents, 1);  /* the GUID, once */
	assert_int_equal(rec.r.nfiles, 1);   /* the file, once */
	assert_true(rec.r.received_at == 1690000000); /* the earliest sighting */
	assert_int_equal(rec.nrevisions, 0);
	referral_record_release(&rec);

	/* A later file adds two sightings: updated, one revision for the import. */
	row(&r, "L-1", "105.66.1.4", 1700000500, guid);
	assert_int_equal(put_batch(fx, second, &r), REFERRAL_UPDATED);
	referral_release(&r);
	row(&r, "L-1", "105.66.1.5", 1700000600, guid);
	assert_int_equal(put_batch(fx, second, &r), REFERRAL_UPDATED);
	assert_int_equal(put_batch(fx, second, &r), REFERRAL_DUPLICATE);
	referral_release(&r);

	referral_record_init(&rec);
	assert_int_equal(store_referral_find(fx->db.st, &national, "cps", "L-1", &rec, &err), HIM_OK);
	assert_int_equal(rec.r.nip_events, 4);
	assert_int_equal(rec.nrevisions, 1);
	assert_string_equal(rec.revisions[0].kind, "merge");
	assert_string_not_equal(rec.revisions[0].old_fingerprint, rec.revisions[0].new_fingerprint);
	referral_record_release(&rec);
}

static void batch_abort_and_resume_point(void **state)
{
	struct fx *fx = *state;
	struct scope national = scope_national();
	struct referral_batch *b;
	struct referral r;
	struct import_log log;
	struct import_counts counts = { 3, 3, 0, 0, 0, 0 };
	struct err err = ERR_INIT;
	struct referral_filter all;

	assert_int_equal(store_import_begin(fx->db.st, &national, "ncmec-xml", "f.xml", "cafe", 99, &log, &err), HIM_OK);
	assert_int_equal(log.records_done, 0);
	assert_false(log.finished);

	/* A batch rolled back leaves nothing, and no progress. */
	assert_int_equal(store_referral_batch_begin(fx->db.st, &national, log.id, &b, &err), HIM_OK);
	report(&r, "1", "a@example.invalid", "41.1.1.1");
	assert_int_equal(store_referral_put(b, &r, NULL, &err), HIM_OK);
	referral_release(&r);
	store_referral_batch_abort(b);
	referral_filter_init(&all);
	assert_int_equal(count_where(fx, &all), 0);

	/* A committed batch writes its progress with it. */
	assert_int_equal(store_referral_batch_begin(fx->db.st, &national, log.id, &b, &err), HIM_OK);
	for (int i = 1; i <= 3; i++) {
		char id[16];
		snprintf(id, sizeof(id), "%d", i);
		report(&r, id, "a@example.invalid", "41.1.1.1");
		assert_int_equal(store_referral_put(b, &r, NULL, &err), HIM_OK);
		referral_release(&r);
	}
	assert_int_equal(store_referral_batch_commit(b, 3, &counts, &err), HIM_OK);
	assert_int_equal(count_where(fx, &all), 3);

	/* The same file again: the same log entry, resuming after 3. */
	struct import_log again;
	assert_int_equal(store_import_begin(fx->db.st, &national, "ncmec-xml", "f.xml", "cafe", 99, &again, &err), HIM_OK);
	assert_true(again.id == log.id);
	assert_true(again.records_done == 3);
	assert_false(again.finished);
	assert_int_equal(store_import_finish(fx->db.st, log.id, &counts, &err), HIM_OK);
	assert_int_equal(store_import_begin(fx->db.st, &national, "ncmec-xml", "f.xml", "cafe", 99, &again, &err), HIM_OK);
	assert_true(again.finished);
	/* Another file (other digest) is another import. */
	assert_int_equal(store_import_begin(fx->db.st, &national, "ncmec-xml", "f.xml", "beef", 99, &again, &err), HIM_OK);
	assert_true(again.id != log.id);
	assert_true(again.records_done == 0);
}

static int64_t open_case(struct fx *fx, const char *court, const char *number, const char *platforms)
{
	struct case_record c;
	struct err err = ERR_INIT;
	struct scope national = scope_national();
	int64_t id;

	case_record_init(&c);
	snprintf(c.court, sizeof(c.court), "%s", court);
	c.file_number = strdup(number);
	c.registered = D("2022-03-10");
	memcpy(c.body, "dgsn", 5);
	c.unit = strdup("الفرقة الجهوية للشرطة القضائية");
	code_list_add(&c.subjects, "csam_distribution");
	code_list_parse(&c.platforms, platforms);
	c.suspects = 1;
	if (store_case_open(fx->db.st, &national, &c, TODAY, &err) != HIM_OK)
		fail_msg("case open: %s", err.msg);
	id = c.id;
	case_record_release(&c);
	return id;
}

static char *case_platforms(struct fx *fx, int64_t id)
{
	struct scope national = scope_national();
	struct case_record c;
	struct err err = ERR_INIT;
	struct strbuf sb = STRBUF_INIT;

	case_record_init(&c);
	if (store_case_get(fx->db.st, &national, id, &c, &err) != HIM_OK)
		fail_msg("case get: %s", err.msg);
	for (size_t i = 0; i < c.platforms.n; i++)
		strbuf_addf(&sb, "%s%s", i ? "," : "", c.platforms.code[i]);
	case_record_release(&c);
	return strbuf_detach(&sb, NULL);
}

static int64_t referral_id(struct fx *fx, const char *platform, const char *ext)
{
	struct scope national = scope_national();
	struct referral_record rec;
	struct err err = ERR_INIT;
	int64_t id;

	referral_record_init(&rec);
	if (store_referral_find(fx->db.st, &national, platform, ext, &rec, &err) != HIM_OK)
		fail_msg("find: %s", err.msg);
	id = rec.id;
	referral_record_release(&rec);
	return id;
}

static void linking_adds_the_platform(void **state)
{
	struct fx *fx = *state;
	struct scope national = scope_national();
	struct scope rabat = scope_court("tpi-rabat"), sale = scope_court("tpi-sale");
	struct referral_record rec;
	struct referral r;
	struct err err = ERR_INIT;
	int64_t c1 = open_case(fx, "tpi-rabat", "2022/1", "ncmec");
	int64_t c2 = open_case(fx, "tpi-rabat", "2022/2", "ncmec");
	int64_t tip, lead;
	char *p;

	report(&r, "555", "u@example.invalid", "105.66.1.2");
	put(fx, &r);
	referral_release(&r);
	row(&r, "L-9", "105.66.9.9", 1700000000, "0123456789ABCDEF0123456789ABCDEF");
	put(fx, &r);
	referral_release(&r);
	tip = referral_id(fx, "ncmec", "555");
	lead = referral_id(fx, "cps", "L-9");

	/* A court that is not the case's cannot link it. */
	assert_int_equal(store_case_link_referral(fx->db.st, &sale, c1, lead, &err), HIM_ENOTFOUND);
	p = case_platforms(fx, c1);
	assert_string_equal(p, "ncmec");
	free(p);

	assert_int_equal(store_case_link_referral(fx->db.st, &rabat, c1, lead, &err), HIM_OK);
	p = case_platforms(fx, c1);
	assert_string_equal(p, "ncmec,cps");
	free(p);
	/* Again: nothing changes. To another case: a conflict. */
	assert_int_equal(store_case_link_referral(fx->db.st, &rabat, c1, lead, &err), HIM_OK);
	assert_int_equal(store_case_link_referral(fx->db.st, &rabat, c2, lead, &err), HIM_ECONFLICT);
	assert_non_null(strstr(err.msg, "unlink it first"));

	/* A declared platform stays when its referral is unlinked. */
	assert_int_equal(store_case_link_referral(fx->db.st, &national, c1, tip, &err), HIM_OK);
	assert_int_equal(store_case_unlink_referral(fx->db.st, &national, c1, tip, &err), HIM_OK);
	p = case_platforms(fx, c1);
	assert_string_equal(p, "ncmec,cps");
	free(p);
	/* One that only the link gave goes with it. */
	assert_int_equal(store_case_unlink_referral(fx->db.st, &national, c1, lead, &err), HIM_OK);
	p = case_platforms(fx, c1);
	assert_string_equal(p, "ncmec");
	free(p);
	assert_int_equal(store_case_unlink_referral(fx->db.st, &national, c1, lead, &err), HIM_ENOTFOUND);

	/* The case of a referral, and a case's referrals. */
	assert_int_equal(store_case_link_referral(fx->db.st, &national, c2, lead, &err), HIM_OK);
	referral_record_init(&rec);
	assert_int_equal(store_referral_get(fx->db.st, &national, lead, &rec, &err), HIM_OK);
	assert_true(rec.case_id == c2);
	referral_record_release(&rec);
	int64_t n = 0;
	assert_int_equal(store_case_referrals(fx->db.st, &rabat, c2, count_fn, &n, &err), HIM_OK);
	assert_true(n == 1);
	assert_int_equal(store_case_referrals(fx->db.st, &sale, c2, count_fn, &n, &err), HIM_ENOTFOUND);

	/* Stats count the case under the linked platform. */
	p = case_platforms(fx, c2);
	assert_string_equal(p, "ncmec,cps");
	free(p);
}

static void scopes(void **state)
{
	struct fx *fx = *state;
	struct scope national = scope_national();
	struct scope unit = scope_unit("dgsn", "الفرقة الجهوية للشرطة القضائية");
	struct scope rabat = scope_court("tpi-rabat"), sale = scope_court("tpi-sale");
	struct referral_filter all;
	struct referral_record rec;
	struct referral_batch *b = NULL;
	struct referral r;
	struct err err = ERR_INIT;
	int64_t n = 0, c1, id;

	report(&r, "777", "u@example.invalid", "105.66.1.2");
	assert_int_equal(store_referral_put_one(fx->db.st, &rabat, &r, NULL, &err), HIM_EFORBIDDEN);
	assert_int_equal(store_referral_put_one(fx->db.st, &unit, &r, NULL, &err), HIM_OK);
	referral_release(&r);
	assert_int_equal(store_referral_batch_begin(fx->db.st, &sale, 0, &b, &err), HIM_EFORBIDDEN);
	assert_null(b);

	referral_filter_init(&all);
	assert_int_equal(store_referral_list(fx->db.st, &rabat, &all, count_fn, &n, &err), HIM_EFORBIDDEN);
	assert_non_null(strstr(err.msg, "not routed"));
	assert_int_equal(store_referral_list(fx->db.st, &unit, &all, count_fn, &n, &err), HIM_OK);
	assert_true(n == 1);

	/* A court sees a referral only through a case of its own. */
	id = referral_id(fx, "ncmec", "777");
	referral_record_init(&rec);
	assert_int_equal(store_referral_get(fx->db.st, &rabat, id, &rec, &err), HIM_ENOTFOUND);
	c1 = open_case(fx, "tpi-rabat", "2022/7", "ncmec");
	assert_int_equal(store_case_link_referral(fx->db.st, &national, c1, id, &err), HIM_OK);
	assert_int_equal(store_referral_get(fx->db.st, &rabat, id, &rec, &err), HIM_OK);
	assert_string_equal(rec.r.external_id, "777");
	referral_record_release(&rec);
	assert_int_equal(store_referral_get(fx->db.st, &sale, id, &rec, &err), HIM_ENOTFOUND);
	referral_record_release(&rec);
}

static void filters_ip_ranges_identifiers_paging(void **state)
{
	struct fx *fx = *state;
	struct referral_filter f;
	struct referral r;
	struct err err = ERR_INIT;
	int64_t c1;

	report(&r, "1", "a@example.invalid", "105.66.1.2");
	put(fx, &r);
	referral_release(&r);
	report(&r, "2", "b@example.invalid", "105.66.200.1");
	put(fx, &r);
	referral_release(&r);
	report(&r, "3", "c@example.invalid", "41.1.1.1");
	put(fx, &r);
	referral_release(&r);
	report(&r, "4", "a@example.invalid", "2001:db8::1");
	put(fx, &r);
	referral_release(&r);

	referral_filter_init(&f);
	assert_int_equal(referral_filter_ip(&f, "105.66.0.0/16", &err), HIM_OK);
	assert_true(count_where(fx, &f) == 2);
	assert_int_equal(referral_filter_ip(&f, "105.66.1.0/24", &err), HIM_OK);
	assert_true(count_where(fx, &f) == 1);
	assert_int_equal(referral_filter_ip(&f, "105.66.1.2", &err), HIM_OK);
	assert_true(count_where(fx, &f) == 1);
	assert_int_equal(referral_filter_ip(&f, "105.66.1.3", &err), HIM_OK);
	assert_true(count_where(fx, &f) == 0);
	assert_int_equal(referral_filter_ip(&f, "2001:db8::/32", &err), HIM_OK);
	assert_true(count_where(fx, &f) == 1);
	assert_int_equal(referral_filter_ip(&f, "0.0.0.0/0", &err), HIM_OK);
	assert_true(count_where(fx, &f) == 3); /* every IPv4, not the IPv6 */
	assert_int_equal(referral_filter_ip(&f, "105.66.0.0/33", &err), HIM_EINPUT);
	assert_int_equal(referral_filter_ip(&f, "105.66.0.300", &err), HIM_EINPUT);

	referral_filter_init(&f);
	f.ident = "a@example.invalid";
	assert_true(count_where(fx, &f) == 2);

	referral_filter_init(&f);
	f.from = 1646388672;
	f.to = 1646388672;
	assert_true(count_where(fx, &f) == 4);
	f.from = 1646388673;
	assert_true(count_where(fx, &f) == 0);

	referral_filter_init(&f);
	f.platform = "cps";
	assert_true(count_where(fx, &f) == 0);

	c1 = open_case(fx, "tpi-rabat", "2022/9", "ncmec");
	assert_int_equal(store_case_link_referral(fx->db.st, &(struct scope){ SCOPE_NATIONAL, "", NULL }, c1,
						  referral_id(fx, "ncmec", "2"), &err), HIM_OK);
	referral_filter_init(&f);
	f.linked = 0;
	assert_true(count_where(fx, &f) == 3);
	f.linked = 1;
	assert_true(count_where(fx, &f) == 1);

	/* Keyset paging: two pages of two. */
	referral_filter_init(&f);
	f.limit = 2;
	assert_true(count_where(fx, &f) == 2);
	f.after_id = referral_id(fx, "ncmec", "2");
	assert_true(count_where(fx, &f) == 2);
	f.after_id = referral_id(fx, "ncmec", "4");
	assert_true(count_where(fx, &f) == 0);
}

static void a_referral_without_id_is_refused(void **state)
{
	struct fx *fx = *state;
	struct scope national = scope_national();
	struct referral r;
	struct err err = ERR_INIT;

	make(&r, "ncmec", "", false);
	assert_int_equal(store_referral_put_one(fx->db.st, &national, &r, NULL, &err), HIM_EINPUT);
	assert_non_null(strstr(err.msg, "report or lead id"));
	referral_release(&r);
}

/*
 * 007_referrals_speed rebuilds referral_files as a rowid table: the files
 * a database already holds survive it, in order, and a file given twice
 * is still stored once (the UNIQUE constraint now does that).
 */
static void files_survive_the_rowid_migration(void **state)
{
	struct scope national = scope_national();
	struct referral_record rec;
	struct referral r;
	struct store *st;
	struct err err = ERR_INIT;
	char path[64], side[80];
	sqlite3 *db;
	int fd;

	(void)state;
	memcpy(path, "/tmp/himaya-mig7-XXXXXX", 24);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	/* The schema as it was before 007, with a referral and two files. */
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE schema_version (version INTEGER PRIMARY KEY,"
					  " name TEXT NOT NULL, applied_at TEXT NOT NULL)", NULL, NULL, NULL), SQLITE_OK);
	for (const struct migration *m = sqlite_migrations; m->sql && m->version < 7; m++) {
		char *sql = sqlite3_mprintf("INSERT INTO schema_version VALUES (%d, %Q, '2024-01-01')", m->version,
					    m->name);
		assert_int_equal(sqlite3_exec(db, m->sql, NULL, NULL, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
		sqlite3_free(sql);
	}
	assert_int_equal(sqlite3_exec(db,
		"INSERT INTO referrals (id, platform, external_id, fingerprint, created_at)"
		" VALUES (1, 'ncmec', 'R-1', 'old', '2024-01-01');"
		"INSERT INTO referral_files (referral_id, name, md5, sha1, sha256, md4, infohash, position)"
		" VALUES (1, 'b.jpg', '0123456789abcdef0123456789abcdef', '', '', '', '', 1),"
		" (1, 'a.jpg', 'fedcba9876543210fedcba9876543210', '', '', '', '', 0)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);

	if (store_open(&st, path, &err) != HIM_OK)
		fail_msg("store_open: %s", err.msg);
	assert_true(store_schema_version(st) >= 7);
	referral_record_init(&rec);
	assert_int_equal(store_referral_find(st, &national, "ncmec", "R-1", &rec, &err), HIM_OK);
	assert_int_equal(rec.r.nfiles, 2);
	assert_string_equal(rec.r.files[0].name, "a.jpg");
	assert_string_equal(rec.r.files[0].md5, "fedcba9876543210fedcba9876543210");
	assert_string_equal(rec.r.files[1].name, "b.jpg");
	referral_record_release(&rec);

	/* A report naming the same file twice keeps it once; again, a duplicate. */
	make(&r, "ncmec", "R-2", false);
	add_file(&r, "c.jpg", "00112233445566778899aabbccddeeff");
	add_file(&r, "c.jpg", "00112233445566778899aabbccddeeff");
	enum referral_outcome out;
	assert_int_equal(store_referral_put_one(st, &national, &r, &out, &err), HIM_OK);
	assert_int_equal(out, REFERRAL_IMPORTED);
	assert_int_equal(store_referral_put_one(st, &national, &r, &out, &err), HIM_OK);
	assert_int_equal(out, REFERRAL_DUPLICATE);
	referral_release(&r);
	referral_record_init(&rec);
	assert_int_equal(store_referral_find(st, &national, "ncmec", "R-2", &rec, &err), HIM_OK);
	assert_int_equal(rec.r.nfiles, 1);
	referral_record_release(&rec);

	/* 011 keyed the migrated files as an insert keys them: a row naming
	 * a.jpg again adds nothing; one differing by a single hash is another
	 * file. */
	make(&r, "ncmec", "R-1", true);
	add_file(&r, "a.jpg", "fedcba9876543210fedcba9876543210");
	assert_int_equal(store_referral_put_one(st, &national, &r, &out, &err), HIM_OK);
	assert_int_equal(out, REFERRAL_DUPLICATE);
	snprintf(r.files[0].sha1, sizeof(r.files[0].sha1), "%s", "00112233445566778899aabbccddeeff00112233");
	assert_int_equal(store_referral_put_one(st, &national, &r, &out, &err), HIM_OK);
	assert_int_equal(out, REFERRAL_UPDATED);
	referral_release(&r);
	referral_record_init(&rec);
	assert_int_equal(store_referral_find(st, &national, "ncmec", "R-1", &rec, &err), HIM_OK);
	assert_int_equal(rec.r.nfiles, 3);
	referral_record_release(&rec);

	store_close(st);
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(whole_reports_imported_duplicate_updated, setup, teardown),
		cmocka_unit_test_setup_teardown(fragments_merge, setup, teardown),
		cmocka_unit_test_setup_teardown(a_fingerprint_computed_ahead_is_the_stores, setup, teardown),
		cmocka_unit_test_setup_teardown(batch_abort_and_resume_point, setup, teardown),
		cmocka_unit_test_setup_teardown(linking_adds_the_platform, setup, teardown),
		cmocka_unit_test_setup_teardown(scopes, setup, teardown),
		cmocka_unit_test_setup_teardown(filters_ip_ranges_identifiers_paging, setup, teardown),
		cmocka_unit_test_setup_teardown(a_referral_without_id_is_refused, setup, teardown),
		cmocka_unit_test(files_survive_the_rowid_migration),
	};
	return cmocka_run_group_tests_name("store_referrals", tests, NULL, NULL);
}
