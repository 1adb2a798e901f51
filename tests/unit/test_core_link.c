/*
 * Unit tests of core/link.c: the union-find (smallest id is the root,
 * against a naive labelling on seeded random unions), which identifiers
 * link, CIDR ranges and CGNAT detection, and the IP window and port rules.
 */
#include "testutil.h"

#include "core/ident.h"
#include "core/link.h"

static void uf_root_is_smallest_id(void **state)
{
	struct uf u;
	(void)state;

	uf_init(&u);
	assert_int_equal(uf_find(&u, 7), 7); /* never added: itself */
	assert_true(uf_union(&u, 9, 4));
	assert_true(uf_union(&u, 12, 2000));
	assert_false(uf_union(&u, 4, 9));
	assert_int_equal(uf_find(&u, 9), 4);
	assert_true(uf_union(&u, 2000, 9));
	assert_int_equal(uf_find(&u, 12), 4);
	assert_int_equal(uf_find(&u, 2000), 4);
	assert_int_equal(uf_find(&u, 5), 5);
	uf_release(&u);
}

/* Compare with a quadratic relabelling on random unions (seeded). */
static void uf_matches_naive_labels(void **state)
{
	enum { N = 300, OPS = 400 };
	int64_t label[N + 1];
	struct uf u;
	unsigned seed = 20240601;
	int i, j, k;
	(void)state;

	uf_init(&u);
	for (i = 1; i <= N; i++) {
		label[i] = i;
		uf_add(&u, i);
	}
	for (k = 0; k < OPS; k++) {
		int64_t a = 1 + rand_r(&seed) % N, b = 1 + rand_r(&seed) % N;
		int64_t la = label[a], lb = label[b], keep = la < lb ? la : lb;

		assert_int_equal(uf_union(&u, a, b), la != lb);
		for (j = 1; j <= N; j++)
			if (label[j] == la || label[j] == lb)
				label[j] = keep;
	}
	for (i = 1; i <= N; i++)
		assert_int_equal(uf_find(&u, i), label[i]);
	uf_release(&u);
}

static void which_identifiers_link(void **state)
{
	(void)state;
	assert_true(link_ident_links(IDENT_EMAIL, IDENT_ROLE_REPORTED, NULL));
	assert_true(link_ident_links(IDENT_PHONE, IDENT_ROLE_REPORTED, ""));
	assert_true(link_ident_links(IDENT_P2P_GUID, IDENT_ROLE_REPORTED, NULL));
	assert_true(link_ident_links(IDENT_ESP_ACCOUNT, IDENT_ROLE_REPORTED, "example chat"));
	assert_false(link_ident_links(IDENT_ESP_ACCOUNT, IDENT_ROLE_REPORTED, ""));
	assert_false(link_ident_links(IDENT_SCREEN_NAME, IDENT_ROLE_REPORTED, NULL));
	assert_true(link_ident_links(IDENT_SCREEN_NAME, IDENT_ROLE_REPORTED, "x"));
	assert_false(link_ident_links(IDENT_DISPLAY_NAME, IDENT_ROLE_REPORTED, "x"));
	assert_false(link_ident_links(IDENT_URL, IDENT_ROLE_REPORTED, NULL));
	assert_false(link_ident_links(IDENT_EMAIL, IDENT_ROLE_VICTIM, NULL));
	assert_false(link_ident_links(IDENT_EMAIL, IDENT_ROLE_RECIPIENT, NULL));
}

static void ev(struct link_ip_event *e, int64_t ref, const char *ip, utc_time_t at, int port, int proxy)
{
	struct ident_ip p;
	struct err err = ERR_INIT;

	memset(e, 0, sizeof(*e));
	assert_int_equal(ident_ip_parse(ip, &p, &err), HIM_OK);
	memcpy(e->addr, p.addr, 16);
	e->referral_id = ref;
	e->at = at;
	e->port = port;
	e->proxy = proxy;
}

static void cidr_ranges_and_cgnat(void **state)
{
	struct ip_range_list l;
	struct err err = ERR_INIT;
	struct link_ip_event a, b;
	(void)state;

	ip_range_list_init(&l);
	assert_int_equal(ip_range_list_add(&l, LINK_CGNAT_RFC6598, &err), HIM_OK);
	assert_int_equal(ip_range_list_add(&l, "2001:db8::/32", &err), HIM_OK);
	assert_int_equal(ip_range_list_add(&l, "41.140.7.9", &err), HIM_OK);
	ev(&a, 1, "100.64.0.0", 0, -1, -1);
	assert_true(ip_range_list_contains(&l, a.addr));
	ev(&a, 1, "100.127.255.255", 0, -1, -1);
	assert_true(ip_range_list_contains(&l, a.addr));
	ev(&a, 1, "100.128.0.0", 0, -1, -1);
	assert_false(ip_range_list_contains(&l, a.addr));
	ev(&a, 1, "100.63.255.255", 0, -1, -1);
	assert_false(ip_range_list_contains(&l, a.addr));
	ev(&a, 1, "2001:db8:ffff::1", 0, -1, -1);
	assert_true(ip_range_list_contains(&l, a.addr));
	ev(&a, 1, "2001:db9::1", 0, -1, -1);
	assert_false(ip_range_list_contains(&l, a.addr));
	ev(&a, 1, "41.140.7.9", 0, -1, -1);
	assert_true(ip_range_list_contains(&l, a.addr));
	ev(&a, 1, "41.140.7.10", 0, -1, -1);
	assert_false(ip_range_list_contains(&l, a.addr));
	/* A proxy flag on either side makes any address shared. */
	ev(&a, 1, "105.66.1.2", 0, -1, 0);
	ev(&b, 2, "105.66.1.2", 0, -1, 1);
	assert_true(link_ip_shared(&l, &a, &b));
	b.proxy = -1;
	assert_false(link_ip_shared(&l, &a, &b));

	assert_int_equal(ip_range_list_add(&l, "10.0.0.0/33", &err), HIM_EINPUT);
	assert_non_null(strstr(err.msg, "prefix"));
	assert_int_equal(ip_range_list_add(&l, "10.0.0/8", &err), HIM_EINPUT);
	assert_int_equal(ip_range_list_add(&l, "10.0.0.0/", &err), HIM_EINPUT);
	assert_int_equal(l.n, 3);
	ip_range_list_release(&l);
}

static void ip_window_and_port_rules(void **state)
{
	struct link_ip_event a, b;
	const int64_t hour = 3600;
	(void)state;

	ev(&a, 1, "105.66.1.2", 1000000, -1, -1);
	ev(&b, 2, "105.66.1.2", 1000000 + hour, -1, -1);
	assert_int_equal(link_ip_pair(&a, &b, hour, false), LINK_IP_LINK); /* the window is inclusive */
	b.at++;
	assert_int_equal(link_ip_pair(&a, &b, hour, false), LINK_IP_NONE);
	assert_int_equal(link_ip_pair(&b, &a, hour, false), LINK_IP_NONE);
	b.at = a.at - 60;
	assert_int_equal(link_ip_pair(&b, &a, hour, false), LINK_IP_LINK);
	/* No time: an address alone is never a person. */
	b.at = TIME_NONE;
	assert_int_equal(link_ip_pair(&a, &b, hour, false), LINK_IP_NONE);
	/* Another address. */
	ev(&b, 2, "105.66.1.3", 1000000, -1, -1);
	assert_int_equal(link_ip_pair(&a, &b, hour, false), LINK_IP_NONE);
	/* Shared: the port decides. */
	ev(&b, 2, "105.66.1.2", 1000000 + 10, -1, -1);
	assert_int_equal(link_ip_pair(&a, &b, hour, true), LINK_IP_NEEDS_PORT);
	a.port = 5000;
	assert_int_equal(link_ip_pair(&a, &b, hour, true), LINK_IP_NEEDS_PORT);
	b.port = 5001;
	assert_int_equal(link_ip_pair(&a, &b, hour, true), LINK_IP_NEEDS_PORT);
	b.port = 5000;
	assert_int_equal(link_ip_pair(&a, &b, hour, true), LINK_IP_LINK);
	/* Outside the window even a matching port is nothing. */
	b.at += 2 * hour;
	assert_int_equal(link_ip_pair(&a, &b, hour, true), LINK_IP_NONE);
	/* The same referral never relates to itself. */
	b = a;
	assert_int_equal(link_ip_pair(&a, &b, hour, false), LINK_IP_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(uf_root_is_smallest_id),
		cmocka_unit_test(uf_matches_naive_labels),
		cmocka_unit_test(which_identifiers_link),
		cmocka_unit_test(cidr_ranges_and_cgnat),
		cmocka_unit_test(ip_window_and_port_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
