/*
 * Unit tests of the subject store (store_subjects.c, sqlite_subjects.c,
 * pg_subjects.c) on a real database of either backend (storeutil.h): the
 * identifier index gives only the reported person's linking identifiers,
 * in key order, and the matches of one referral; the sighting index its
 * neighbours within a window, and every sighting in the order of the
 * 16-byte address on both backends; both asked about many referrals at
 * once give what they give one by one; results written and read back (upsert
 * keeps a needs-port flag, a referral assigned twice in one write; a
 * rebuild forgets; link text of any bytes); decisions and their audit;
 * same content across subjects; the queue of referrals waiting to be
 * linked; a large rebuild keeps the indexes it builds after its rows; a
 * write of subjects read before another write is refused.
 */
#include "storeutil.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include "core/ident.h"
#include "lib/strbuf.h"
#include "store/store.h"

struct fx {
	struct test_db db;
	int64_t ids[4];
};

static void make(struct referral *r, const char *id)
{
	referral_init(r);
	snprintf(r->platform, sizeof(r->platform), "ncmec");
	r->external_id = strdup(id);
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
	ip_event_init(&ev);
	memcpy(ev.ip, parsed.text, sizeof(ev.ip));
	memcpy(ev.addr, parsed.addr, 16);
	ev.at = at;
	ev.port = port;
	assert_true(referral_add_ip_event(r, &ev));
}

static void add_md5(struct referral *r, const char *md5)
{
	struct referral_file f;

	memset(&f, 0, sizeof(f));
	snprintf(f.md5, sizeof(f.md5), "%s", md5);
	assert_true(referral_add_file(r, &f));
}

static int64_t put(struct fx *fx, struct referral *r)
{
	struct scope national = scope_national();
	struct referral_record rec;
	enum referral_outcome out;
	struct err err = ERR_INIT;
	int64_t id;

	if (store_referral_put_one(fx->db.st, &national, r, &out, &err) != HIM_OK)
		fail_msg("put: %s", err.msg);
	referral_record_init(&rec);
	assert_int_equal(store_referral_find(fx->db.st, &national, r->platform, r->external_id, &rec, &err), HIM_OK);
	id = rec.id;
	referral_record_release(&rec);
	referral_release(r);
	return id;
}

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	struct referral r;

	test_db_open(&fx->db, "sub");

	/* 1: reported e-mail, a victim phone, an IP; 2: the same e-mail and
	 * phone as a victim's; 3: the phone as the reported person's, an IP
	 * 20 minutes after 1's; 4: an account without a service, 1's file. */
	make(&r, "1");
	assert_true(referral_add_ident(&r, IDENT_EMAIL, IDENT_ROLE_REPORTED, "a@x.invalid", NULL));
	assert_true(referral_add_ident(&r, IDENT_PHONE, IDENT_ROLE_VICTIM, "+212600000001", NULL));
	add_ip(&r, "105.66.1.1", 1000000, 5000);
	add_md5(&r, "00112233445566778899aabbccddeeff");
	fx->ids[0] = put(fx, &r);
	make(&r, "2");
	assert_true(referral_add_ident(&r, IDENT_EMAIL, IDENT_ROLE_REPORTED, "a@x.invalid", NULL));
	assert_true(referral_add_ident(&r, IDENT_PHONE, IDENT_ROLE_VICTIM, "+212600000001", NULL));
	fx->ids[1] = put(fx, &r);
	make(&r, "3");
	assert_true(referral_add_ident(&r, IDENT_PHONE, IDENT_ROLE_REPORTED, "+212600000001", NULL));
	add_ip(&r, "105.66.1.1", 1000000 + 1200, -1);
	add_ip(&r, "105.66.1.1", 1000000 + 7200, -1);
	fx->ids[2] = put(fx, &r);
	make(&r, "4");
	assert_true(referral_add_ident(&r, IDENT_ESP_ACCOUNT, IDENT_ROLE_REPORTED, "77", NULL));
	add_md5(&r, "00112233445566778899aabbccddeeff");
	fx->ids[3] = put(fx, &r);
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

struct rows {
	char text[8][64];
	int n;
};

static int collect_ident(const struct link_ident_row *row, void *ctx)
{
	struct rows *rs = ctx;

	assert_true(rs->n < 8);
	snprintf(rs->text[rs->n++], 64, "%lld %s %s", (long long)row->referral_id, ident_kind_name(row->kind),
		 row->value);
	return HIM_OK;
}

static int stop_ident(const struct link_ident_row *row, void *ctx)
{
	(void)row;
	++*(int *)ctx;
	return HIM_EINPUT;
}

static void identifier_index(void **state)
{
	struct fx *fx = *state;
	struct rows rs = { .n = 0 };
	struct err err = ERR_INIT;
	char want[64];

	assert_int_equal(store_link_idents_each(fx->db.st, collect_ident, &rs, &err), HIM_OK);
	/* The victim phones and the account without a service are not there;
	 * one value's rows come together, in referral order (the index's
	 * order, by value: "+212..." before "a@x..."). */
	assert_int_equal(rs.n, 3);
	snprintf(want, sizeof(want), "%lld phone +212600000001", (long long)fx->ids[2]);
	assert_string_equal(rs.text[0], want);
	snprintf(want, sizeof(want), "%lld email a@x.invalid", (long long)fx->ids[0]);
	assert_string_equal(rs.text[1], want);
	snprintf(want, sizeof(want), "%lld email a@x.invalid", (long long)fx->ids[1]);
	assert_string_equal(rs.text[2], want);

	/* A callback's error stops the walk and comes back as it is; the
	 * connection is left ready (PostgreSQL: its cursor's transaction ended). */
	{
		int calls = 0;

		assert_int_equal(store_link_idents_each(fx->db.st, stop_ident, &calls, &err), HIM_EINPUT);
		assert_int_equal(calls, 1);
		rs.n = 0;
		assert_int_equal(store_link_idents_each(fx->db.st, collect_ident, &rs, &err), HIM_OK);
		assert_int_equal(rs.n, 3);
	}

	rs.n = 0;
	assert_int_equal(store_link_ident_matches(fx->db.st, fx->ids[1], false, collect_ident, &rs, &err), HIM_OK);
	assert_int_equal(rs.n, 1);
	snprintf(want, sizeof(want), "%lld email a@x.invalid", (long long)fx->ids[0]);
	assert_string_equal(rs.text[0], want);
	rs.n = 0;
	/* The reported phone of 3 is only a victim's elsewhere: no match. */
	assert_int_equal(store_link_ident_matches(fx->db.st, fx->ids[2], true, collect_ident, &rs, &err), HIM_OK);
	assert_int_equal(rs.n, 0);
}

static int collect_pair(const struct link_ip_event *mine, const struct link_ip_event *other, void *ctx)
{
	struct rows *rs = ctx;

	snprintf(rs->text[rs->n++], 64, "%lld@%lld %lld@%lld p%d", (long long)mine->referral_id,
		 (long long)(mine->at - 1000000), (long long)other->referral_id,
		 (long long)(other->at - 1000000), other->port);
	return HIM_OK;
}

static void sighting_index(void **state)
{
	struct fx *fx = *state;
	struct rows rs = { .n = 0 };
	struct err err = ERR_INIT;
	char want[64];

	assert_int_equal(store_link_ip_neighbours(fx->db.st, fx->ids[0], 3600, collect_pair, &rs, &err), HIM_OK);
	assert_int_equal(rs.n, 1); /* the sighting two hours later is outside the window */
	snprintf(want, sizeof(want), "%lld@0 %lld@1200 p-1", (long long)fx->ids[0], (long long)fx->ids[2]);
	assert_string_equal(rs.text[0], want);
	rs.n = 0;
	assert_int_equal(store_link_ip_neighbours(fx->db.st, fx->ids[0], 7200, collect_pair, &rs, &err), HIM_OK);
	assert_int_equal(rs.n, 2);
}

struct member_rows {
	int64_t sub[8];
	bool np[8];
	int n;
};

static int collect_member(int64_t referral_id, int64_t subject_id, bool needs_port, void *ctx)
{
	struct member_rows *m = ctx;
	(void)referral_id;

	m->sub[m->n] = subject_id;
	m->np[m->n++] = needs_port;
	return HIM_OK;
}

static int count_same(int64_t other_subject, int64_t other_referral, const char *kind, const char *hash, void *ctx)
{
	(void)other_subject;
	(void)kind;
	(void)hash;
	*(int64_t *)ctx = other_referral;
	return HIM_OK;
}

static void results_round_trip(void **state)
{
	struct fx *fx = *state;
	struct subject_update up;
	struct member_rows m = { .n = 0 };
	struct err err = ERR_INIT;
	int64_t window, same = 0, decision = 0;
	int i;

	assert_int_equal(store_link_window(fx->db.st, &window, &err), HIM_OK);
	assert_int_equal(window, -1);
	subject_update_init(&up);
	up.rebuild = true;
	up.window = 3600;
	for (i = 0; i < 4; i++)
		subject_update_assign(&up, fx->ids[i], i < 2 ? fx->ids[0] : fx->ids[i], i == 2);
	subject_update_link(&up, fx->ids[0], fx->ids[1], "email", "a@x.invalid", NULL, NULL, 0);
	assert_int_equal(store_subjects_write(fx->db.st, &up, &err), HIM_OK);
	subject_update_release(&up);
	assert_int_equal(store_link_window(fx->db.st, &window, &err), HIM_OK);
	assert_int_equal(window, 3600);
	assert_int_equal(store_subject_members(fx->db.st, 0, collect_member, &m, &err), HIM_OK);
	assert_int_equal(m.n, 4);
	assert_int_equal(m.sub[1], fx->ids[0]);
	assert_true(m.np[2]);

	/* An incremental write: the flag of 3 is kept though not set again. */
	subject_update_init(&up);
	up.window = 3600;
	subject_update_assign(&up, fx->ids[2], fx->ids[0], false);
	assert_int_equal(store_subjects_write(fx->db.st, &up, &err), HIM_OK);
	subject_update_release(&up);
	m.n = 0;
	assert_int_equal(store_subject_members(fx->db.st, fx->ids[0], collect_member, &m, &err), HIM_OK);
	assert_int_equal(m.n, 3);
	assert_true(m.np[2]);

	/* A new referral with 1's e-mail: per subject, 1 and 2 are one row
	 * (the smallest); without, each referral is one. */
	{
		struct referral r;
		struct rows rs = { .n = 0 };
		int64_t id5;

		make(&r, "5");
		assert_true(referral_add_ident(&r, IDENT_EMAIL, IDENT_ROLE_REPORTED, "a@x.invalid", NULL));
		id5 = put(fx, &r);
		assert_int_equal(store_link_ident_matches(fx->db.st, id5, true, collect_ident, &rs, &err), HIM_OK);
		assert_int_equal(rs.n, 1);
		assert_int_equal(strtoll(rs.text[0], NULL, 10), fx->ids[0]);
		rs.n = 0;
		assert_int_equal(store_link_ident_matches(fx->db.st, id5, false, collect_ident, &rs, &err), HIM_OK);
		assert_int_equal(rs.n, 2);
	}

	/* Same content: 4 shares 1's file from another subject. */
	assert_int_equal(store_subject_same_content(fx->db.st, fx->ids[0], count_same, &same, &err), HIM_OK);
	assert_int_equal(same, fx->ids[3]);

	/* A decision with both sides, audited; one side empty is refused. */
	assert_int_equal(store_subject_decision_add(fx->db.st, "split", &fx->ids[0], 1, &fx->ids[2], 1, "x", &decision,
						    &err), HIM_OK);
	assert_true(decision > 0);
	assert_int_equal(store_subject_decision_add(fx->db.st, "split", &fx->ids[0], 1, NULL, 0, NULL, &decision, &err),
			 HIM_EINPUT);
	assert_int_equal(store_subject_decision_add(fx->db.st, "join", &fx->ids[0], 1, &fx->ids[1], 1, NULL, &decision,
						    &err), HIM_EUSAGE);

	/* A rebuild forgets everything before writing. */
	subject_update_init(&up);
	up.rebuild = true;
	up.window = 600;
	subject_update_assign(&up, fx->ids[0], fx->ids[0], false);
	assert_int_equal(store_subjects_write(fx->db.st, &up, &err), HIM_OK);
	subject_update_release(&up);
	m.n = 0;
	assert_int_equal(store_subject_members(fx->db.st, 0, collect_member, &m, &err), HIM_OK);
	assert_int_equal(m.n, 5);
	assert_int_equal(m.sub[1], 0); /* not linked any more */
}

struct ip_rows {
	char text[8][128];
	int n;
};

static int collect_ip(const struct link_ip_event *ev, void *ctx)
{
	struct ip_rows *rs = ctx;
	char hex[33];
	int i;

	assert_true(rs->n < 8);
	for (i = 0; i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02x", ev->addr[i]);
	snprintf(rs->text[rs->n++], sizeof(rs->text[0]), "%s %s %lld p%d x%d", ev->ip, hex, (long long)ev->at, ev->port, ev->proxy);
	return HIM_OK;
}

/* The linker walks sightings by SQLite's 16-byte address, where an IPv4
 * address is ::ffff:a.b.c.d: between ::1 and 2001:db8::1, not before
 * every IPv6 address as PostgreSQL's inet sorts. Which of two equivalent
 * links is kept depends on it, so both backends must give this order. */
static void sighting_order(void **state)
{
	struct fx *fx = *state;
	struct ip_rows rs = { .n = 0 };
	struct err err = ERR_INIT;
	struct referral r;
	int64_t id5, id6;
	char want[80];

	make(&r, "5");
	add_ip(&r, "2001:db8::1", 500, 443);
	add_ip(&r, "::1", 500, -1);
	id5 = put(fx, &r);
	make(&r, "6");
	add_ip(&r, "[::FFFF:10.0.0.1]", 400, -1); /* the IPv4 host 10.0.0.1 */
	add_ip(&r, "::1", 500, 80);
	id6 = put(fx, &r);

	assert_int_equal(store_link_ips_each(fx->db.st, collect_ip, &rs, &err), HIM_OK);
	/* 1's and 3's 105.66.1.1 (3's at +7200 too), and the new ones; a
	 * sighting without a time is never there. */
	assert_int_equal(rs.n, 7);
	assert_string_equal(rs.text[0], "::1 00000000000000000000000000000001 500 p-1 x-1");
	assert_string_equal(rs.text[1], "::1 00000000000000000000000000000001 500 p80 x-1");
	assert_string_equal(rs.text[2], "10.0.0.1 00000000000000000000ffff0a000001 400 p-1 x-1");
	assert_string_equal(rs.text[3], "105.66.1.1 00000000000000000000ffff69420101 1000000 p5000 x-1");
	assert_string_equal(rs.text[6], "2001:db8::1 20010db8000000000000000000000001 500 p443 x-1");

	/* Neighbours of 5: its ::1 with 6's, whose port is given. */
	{
		struct rows pairs = { .n = 0 };

		assert_int_equal(store_link_ip_neighbours(fx->db.st, id5, 0, collect_pair, &pairs, &err), HIM_OK);
		assert_int_equal(pairs.n, 1);
		snprintf(want, sizeof(want), "%lld@-999500 %lld@-999500 p80", (long long)id5, (long long)id6);
		assert_string_equal(pairs.text[0], want);
	}
}

struct link_rows {
	char text[4][160];
	int64_t decision[4];
	int n;
};

static int collect_link(const struct subject_link *l, void *ctx)
{
	struct link_rows *lr = ctx;

	assert_true(lr->n < 4);
	lr->decision[lr->n] = l->decision_id;
	snprintf(lr->text[lr->n++], 160, "%s|%s|%s|%s", l->kind, l->value, l->service, l->detail);
	return HIM_OK;
}

struct decision_rows {
	int64_t referral[8];
	int side[8];
	int n;
};

static int collect_decision(int64_t decision_id, const char *kind, int64_t referral_id, int side, void *ctx)
{
	struct decision_rows *d = ctx;

	(void)decision_id;
	assert_string_equal(kind, "merge");
	assert_true(d->n < 8);
	d->referral[d->n] = referral_id;
	d->side[d->n++] = side;
	return HIM_OK;
}

/* What SQLite's row-at-a-time writes give, the bulk writes must give too. */
static void writes_in_bulk(void **state)
{
	struct fx *fx = *state;
	struct subject_update up;
	struct member_rows m = { .n = 0 };
	struct link_rows lr = { .n = 0 };
	struct decision_rows dr = { .n = 0 };
	struct err err = ERR_INIT;
	/* Quotes, backslashes, braces, commas, a word some parsers read as
	 * NULL, Arabic, an empty string: the text comes back byte for byte. */
	static const char odd[] = "a\"b\\\\c,{d} NULL";
	int64_t decision = 0;
	int64_t both[2];

	subject_update_init(&up);
	up.window = 3600;
	/* 2 assigned twice: the last subject, the flag set by either. */
	subject_update_assign(&up, fx->ids[1], fx->ids[1], true);
	subject_update_assign(&up, fx->ids[1], fx->ids[0], false);
	subject_update_assign(&up, fx->ids[0], fx->ids[0], false);
	subject_update_link(&up, fx->ids[0], fx->ids[1], "manual", odd, "خدمة", "", 0);
	subject_update_link(&up, fx->ids[0], fx->ids[1], "email", "NULL", "", "{}", 0);
	assert_int_equal(store_subjects_write(fx->db.st, &up, &err), HIM_OK);
	subject_update_release(&up);

	assert_int_equal(store_subject_members(fx->db.st, fx->ids[0], collect_member, &m, &err), HIM_OK);
	assert_int_equal(m.n, 2);
	assert_int_equal(m.sub[1], fx->ids[0]);
	assert_false(m.np[0]);
	assert_true(m.np[1]);
	assert_int_equal(store_subject_links(fx->db.st, fx->ids[0], collect_link, &lr, &err), HIM_OK);
	assert_int_equal(lr.n, 2);
	assert_string_equal(lr.text[0], "manual|a\"b\\\\c,{d} NULL|خدمة|");
	assert_string_equal(lr.text[1], "email|NULL||{}");
	assert_int_equal(lr.decision[0], 0);

	/* A referral on both sides of a decision keeps its first side. */
	both[0] = fx->ids[1];
	both[1] = fx->ids[2];
	assert_int_equal(store_subject_decision_add(fx->db.st, "merge", &fx->ids[0], 1, both, 2, NULL, &decision, &err),
			 HIM_OK);
	assert_int_equal(store_subject_decision_add(fx->db.st, "merge", &fx->ids[3], 1, &fx->ids[3], 1, NULL,
						    &decision, &err), HIM_OK);
	assert_int_equal(store_subject_decisions_each(fx->db.st, collect_decision, &dr, &err), HIM_OK);
	assert_int_equal(dr.n, 4);
	assert_int_equal(dr.referral[0], fx->ids[0]);
	assert_int_equal(dr.side[0], 0);
	assert_int_equal(dr.referral[2], fx->ids[2]);
	assert_int_equal(dr.side[2], 1);
	assert_int_equal(dr.referral[3], fx->ids[3]);
	assert_int_equal(dr.side[3], 0);

	/* A split's reset forgets the links on either side and the flags. */
	{
		int64_t reset[1] = { fx->ids[1] };

		subject_update_init(&up);
		up.window = 3600;
		up.reset = reset;
		up.nreset = 1;
		subject_update_assign(&up, fx->ids[1], fx->ids[1], false);
		assert_int_equal(store_subjects_write(fx->db.st, &up, &err), HIM_OK);
		subject_update_release(&up);
	}
	lr.n = 0;
	assert_int_equal(store_subject_links(fx->db.st, fx->ids[0], collect_link, &lr, &err), HIM_OK);
	assert_int_equal(lr.n, 0);
	m.n = 0;
	assert_int_equal(store_subject_members(fx->db.st, fx->ids[1], collect_member, &m, &err), HIM_OK);
	assert_int_equal(m.n, 1);
	assert_false(m.np[0]);
}

/* A trace of what the linker is told about referrals, in order. */
static int trace_start(int64_t referral_id, void *ctx)
{
	strbuf_addf(ctx, "[%lld]", (long long)referral_id);
	return HIM_OK;
}

static int trace_ident(const struct link_ident_row *row, void *ctx)
{
	strbuf_addf(ctx, " %lld:%s:%s/s%lld", (long long)row->referral_id, ident_kind_name(row->kind), row->value,
		    (long long)row->subject_id);
	return HIM_OK;
}

static int trace_pair(const struct link_ip_event *mine, const struct link_ip_event *other, void *ctx)
{
	strbuf_addf(ctx, " %lld@%lld/s%lld~%lld@%lld/s%lld", (long long)mine->referral_id, (long long)mine->at,
		    (long long)mine->subject_id, (long long)other->referral_id, (long long)other->at,
		    (long long)other->subject_id);
	return HIM_OK;
}

/* Asking about many referrals at once (a backend may batch it) tells the
 * same rows in the same order as asking about each in turn. */
static void around_many(void **state)
{
	struct fx *fx = *state;
	struct strbuf one = STRBUF_INIT, many = STRBUF_INIT;
	struct subject_update up;
	struct err err = ERR_INIT;
	char want[64];
	int per, i;

	/* Stored subjects, so that the rows' subjects say something: 1 and 3
	 * one subject, 2 and 4 not linked yet. */
	subject_update_init(&up);
	up.window = 7200;
	subject_update_assign(&up, fx->ids[0], fx->ids[0], false);
	subject_update_assign(&up, fx->ids[2], fx->ids[0], false);
	assert_int_equal(store_subjects_write(fx->db.st, &up, &err), HIM_OK);
	subject_update_release(&up);
	for (per = 0; per < 2; per++) {
		strbuf_reset(&one);
		strbuf_reset(&many);
		for (i = 0; i < 4; i++) {
			trace_start(fx->ids[i], &one);
			assert_int_equal(store_link_ident_matches(fx->db.st, fx->ids[i], per, trace_ident, &one, &err),
					 HIM_OK);
			assert_int_equal(store_link_ip_neighbours(fx->db.st, fx->ids[i], 7200, trace_pair, &one, &err),
					 HIM_OK);
		}
		assert_int_equal(store_link_around_each(fx->db.st, fx->ids, 4, 7200, per, trace_start, trace_ident,
							trace_pair, &many, &err), HIM_OK);
		assert_string_equal(many.buf, one.buf);
		/* Not vacuous: 1 and 2 share the e-mail, 1 and 3 the address. */
		assert_non_null(strstr(one.buf, "email:a@x.invalid"));
		assert_non_null(strstr(one.buf, "~"));
		/* 2 asked about: 1's e-mail, in 1's subject; 1 asked about: 3's address, in 1's subject. */
		snprintf(want, sizeof(want), "email:a@x.invalid/s%lld", (long long)fx->ids[0]);
		if (per)
			assert_non_null(strstr(one.buf, want));
		snprintf(want, sizeof(want), "/s%lld~%lld@", (long long)fx->ids[0], (long long)fx->ids[2]);
		assert_non_null(strstr(one.buf, want));
	}
	strbuf_release(&one);
	strbuf_release(&many);
}

/* --- the linker's queue (link_pending) --- */

struct pending_rows {
	int64_t row[16], referral[16], subject[16];
	int n;
};

static int collect_pending(int64_t row_id, int64_t referral_id, int64_t subject_id, bool needs_port, void *ctx)
{
	struct pending_rows *p = ctx;

	(void)needs_port;
	assert_true(p->n < 16);
	p->row[p->n] = row_id;
	p->referral[p->n] = referral_id;
	p->subject[p->n++] = subject_id;
	return HIM_OK;
}

static int first_match_subject(const struct link_ident_row *row, void *ctx)
{
	*(int64_t *)ctx = row->subject_id;
	return HIM_OK;
}

static int first_pair_subject(const struct link_ip_event *mine, const struct link_ip_event *other, void *ctx)
{
	(void)mine;
	*(int64_t *)ctx = other->subject_id;
	return HIM_OK;
}

/*
 * Imported and changed referrals wait for the linker; an unchanged
 * re-import adds nothing; a write forgets exactly the rows its run read,
 * not one appended since; the incremental reads name each other
 * referral's stored subject; the counts add the stored subjects up.
 */
static void pending_queue(void **state)
{
	struct fx *fx = *state;
	struct pending_rows p = { .n = 0 };
	struct subject_update up;
	struct link_counts c;
	struct referral r;
	struct err err = ERR_INIT;
	int64_t read[16], subject = -1;
	int i, nread;

	assert_int_equal(store_link_pending(fx->db.st, collect_pending, &p, &err), HIM_OK);
	assert_int_equal(p.n, 4);
	for (i = 0; i < 4; i++) {
		assert_int_equal(p.referral[i], fx->ids[i]);
		assert_int_equal(p.subject[i], 0);
	}
	/* The same report again, unchanged: nothing to link. */
	make(&r, "2");
	assert_true(referral_add_ident(&r, IDENT_EMAIL, IDENT_ROLE_REPORTED, "a@x.invalid", NULL));
	assert_true(referral_add_ident(&r, IDENT_PHONE, IDENT_ROLE_VICTIM, "+212600000001", NULL));
	put(fx, &r);
	p.n = 0;
	assert_int_equal(store_link_pending(fx->db.st, collect_pending, &p, &err), HIM_OK);
	assert_int_equal(p.n, 4);
	nread = p.n;
	for (i = 0; i < nread; i++)
		read[i] = p.row[i];

	/* A supplement to report 4 after the run read the queue... */
	make(&r, "4");
	assert_true(referral_add_ident(&r, IDENT_ESP_ACCOUNT, IDENT_ROLE_REPORTED, "77", NULL));
	assert_true(referral_add_ident(&r, IDENT_EMAIL, IDENT_ROLE_REPORTED, "a@x.invalid", NULL));
	add_md5(&r, "00112233445566778899aabbccddeeff");
	put(fx, &r);
	/* ...and the run's write: 1, 2 and 3 one subject, 4 alone. */
	subject_update_init(&up);
	up.rebuild = true;
	up.window = 3600;
	for (i = 0; i < 4; i++)
		subject_update_assign(&up, fx->ids[i], i < 3 ? fx->ids[0] : fx->ids[3], i == 2);
	up.done = read;
	up.ndone = (size_t)nread;
	assert_int_equal(store_subjects_write(fx->db.st, &up, &err), HIM_OK);
	subject_update_release(&up);

	p.n = 0;
	assert_int_equal(store_link_pending(fx->db.st, collect_pending, &p, &err), HIM_OK);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.referral[0], fx->ids[3]);
	assert_int_equal(p.subject[0], fx->ids[3]);

	/* 4's new e-mail meets 1's subject; 3's address meets 1's. */
	assert_int_equal(store_link_ident_matches(fx->db.st, fx->ids[3], true, first_match_subject, &subject, &err),
			 HIM_OK);
	assert_int_equal(subject, fx->ids[0]);
	subject = -1;
	assert_int_equal(store_link_ip_neighbours(fx->db.st, fx->ids[2], 3600, first_pair_subject, &subject, &err),
			 HIM_OK);
	assert_int_equal(subject, fx->ids[0]);

	assert_int_equal(store_link_counts(fx->db.st, &c, &err), HIM_OK);
	assert_int_equal(c.referrals, 4);
	assert_int_equal(c.subjects, 2);
	assert_int_equal(c.multi_subjects, 1);
	assert_int_equal(c.needs_port, 1);
}

/* The queue comes in referral order, a referral's rows together in row
 * order, even when a later change of an earlier referral appended its row
 * after the others'. */
static void pending_in_referral_order(void **state)
{
	struct fx *fx = *state;
	struct pending_rows p = { .n = 0 };
	struct referral r;
	struct err err = ERR_INIT;
	int i;

	make(&r, "1");
	assert_true(referral_add_ident(&r, IDENT_EMAIL, IDENT_ROLE_REPORTED, "changed@x.invalid", NULL));
	put(fx, &r);
	assert_int_equal(store_link_pending(fx->db.st, collect_pending, &p, &err), HIM_OK);
	assert_int_equal(p.n, 5);
	assert_int_equal(p.referral[0], fx->ids[0]);
	assert_int_equal(p.referral[1], fx->ids[0]);
	assert_true(p.row[0] < p.row[1]);
	for (i = 1; i < 4; i++)
		assert_int_equal(p.referral[i + 1], fx->ids[i]);
	/* The supplement's row is the newest: it came after the others'. */
	for (i = 2; i < 5; i++)
		assert_true(p.row[1] > p.row[i]);
}

/* Two link runs (or a run and a person's decision) at once: the second
 * write, whose subjects were read before the first was written, is
 * refused whole; its caller reads again. */
static void stale_write_refused(void **state)
{
	struct fx *fx = *state;
	struct subject_update up;
	struct member_rows m = { .n = 0 };
	struct err err = ERR_INIT;
	int64_t g0 = -1, g1 = -1;

	assert_int_equal(store_link_generation(fx->db.st, &g0, &err), HIM_OK);
	assert_int_equal(g0, 0);
	/* The first run writes: 1 and 2 one subject. */
	subject_update_init(&up);
	up.window = 3600;
	up.generation = g0;
	subject_update_assign(&up, fx->ids[0], fx->ids[0], false);
	subject_update_assign(&up, fx->ids[1], fx->ids[0], false);
	assert_int_equal(store_subjects_write(fx->db.st, &up, &err), HIM_OK);
	subject_update_release(&up);
	assert_int_equal(store_link_generation(fx->db.st, &g1, &err), HIM_OK);
	assert_int_equal(g1, g0 + 1);
	/* The second read before it: refused, nothing of it written. */
	subject_update_init(&up);
	up.window = 3600;
	up.generation = g0;
	subject_update_assign(&up, fx->ids[1], fx->ids[1], false);
	subject_update_assign(&up, fx->ids[2], fx->ids[2], false);
	assert_int_equal(store_subjects_write(fx->db.st, &up, &err), HIM_ECONFLICT);
	assert_non_null(strstr(err.msg, "run it again"));
	assert_int_equal(store_subject_members(fx->db.st, fx->ids[0], collect_member, &m, &err), HIM_OK);
	assert_int_equal(m.n, 2);
	m.n = 0;
	assert_int_equal(store_subject_members(fx->db.st, fx->ids[2], collect_member, &m, &err), HIM_OK);
	assert_int_equal(m.n, 0);
	/* Read again, it goes through. */
	up.generation = g1;
	assert_int_equal(store_subjects_write(fx->db.st, &up, &err), HIM_OK);
	subject_update_release(&up);
	assert_int_equal(store_subject_members(fx->db.st, fx->ids[2], collect_member, &m, &err), HIM_OK);
	assert_int_equal(m.n, 1);
}

/* The subject tables' index definitions, as the database's catalogue has them. */
static void index_defs(struct fx *fx, struct strbuf *out)
{
	static const char sq[] = "SELECT name || ': ' || sql FROM sqlite_master WHERE type = 'index'"
				 " AND tbl_name IN ('referral_subjects', 'subject_links') AND sql IS NOT NULL ORDER BY name";
	static const char pg[] = "SELECT indexname || ': ' || indexdef FROM pg_indexes"
				 " WHERE tablename IN ('referral_subjects', 'subject_links') ORDER BY indexname";

	if (test_db_is_pg()) {
		PGconn *c = PQconnectdb(fx->db.path);
		PGresult *r;
		int i;

		assert_int_equal(PQstatus(c), CONNECTION_OK);
		r = PQexec(c, pg);
		assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
		for (i = 0; i < PQntuples(r); i++)
			strbuf_addf(out, "%s\n", PQgetvalue(r, i, 0));
		PQclear(r);
		PQfinish(c);
	} else {
		sqlite3 *db;
		sqlite3_stmt *st;

		assert_int_equal(sqlite3_open_v2(fx->db.path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(db, sq, -1, &st, NULL), SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW)
			strbuf_addf(out, "%s\n", (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		sqlite3_close(db);
	}
}

/* A rebuild large enough for the backend to build the indexes after the
 * rows (SQLite) leaves every index as it was, and its rows readable
 * through them. */
static void large_rebuild_keeps_indexes(void **state)
{
	struct fx *fx = *state;
	struct strbuf before = STRBUF_INIT, after = STRBUF_INIT;
	struct member_rows m = { .n = 0 };
	struct subject_update up;
	struct err err = ERR_INIT;
	int64_t i;

	index_defs(fx, &before);
	assert_non_null(strstr(before.buf, "referral_subjects_subject"));
	subject_update_init(&up);
	up.rebuild = true;
	up.window = 3600;
	/* The four referrals, and 10,000 rows past them: the store takes the
	 * linker's word for its ids (referrals are never deleted). */
	for (i = 0; i < 4; i++)
		subject_update_assign(&up, fx->ids[i], fx->ids[0], false);
	for (i = 1; i <= 10000; i++)
		subject_update_assign(&up, fx->ids[3] + i, fx->ids[3] + 1 + (i - 1) / 2 * 2, false);
	subject_update_link(&up, fx->ids[0], fx->ids[1], "email", "a@x.invalid", NULL, NULL, 0);
	assert_int_equal(store_subjects_write(fx->db.st, &up, &err), HIM_OK);
	subject_update_release(&up);
	index_defs(fx, &after);
	assert_string_equal(after.buf, before.buf);
	assert_int_equal(store_subject_members(fx->db.st, fx->ids[0], collect_member, &m, &err), HIM_OK);
	assert_int_equal(m.n, 4);
	strbuf_release(&before);
	strbuf_release(&after);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(identifier_index, setup, teardown),
		cmocka_unit_test_setup_teardown(sighting_index, setup, teardown),
		cmocka_unit_test_setup_teardown(results_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(sighting_order, setup, teardown),
		cmocka_unit_test_setup_teardown(writes_in_bulk, setup, teardown),
		cmocka_unit_test_setup_teardown(around_many, setup, teardown),
		cmocka_unit_test_setup_teardown(pending_queue, setup, teardown),
		cmocka_unit_test_setup_teardown(pending_in_referral_order, setup, teardown),
		cmocka_unit_test_setup_teardown(large_rebuild_keeps_indexes, setup, teardown),
		cmocka_unit_test_setup_teardown(stale_write_refused, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
