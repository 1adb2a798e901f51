/*
 * demo_referrals.c - synthetic referrals beside the demo cases, so that
 * the referral list, the triage queue, the subject pages and the funnel
 * have something to show on a fresh `make run` (demo.h says why the
 * demo exists). Nothing in it is real: addresses are in Moroccan
 * operators' public prefixes, every name, account and hash is made up.
 *
 * Two kinds: one referral behind each demo case that came from NCMEC or
 * CPS (received a few days before the case was registered, and linked to
 * it, as a prosecutor would), and n referrals without a case yet,
 * received during the year before today, about a pool of people smaller
 * than n (so that several referrals make one subject), with the traps
 * triage must show: escalations, sightings whose log-retention deadline
 * is near or past, referrals with no Moroccan place or places of two
 * courts (route by hand), and the same file seen by strangers.
 *
 * Deterministic for a seed and a today; stored through the import's
 * upsert, so running it twice adds nothing.
 */
#include "demo.h"

#include <stdio.h>
#include <string.h>

#include "../core/ident.h"
#include "../lib/strbuf.h"
#include "../lib/banned.h"

struct rng {
	uint64_t s;
};

static uint64_t next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int below(struct rng *r, int n)
{
	return (int)(next(r) % (uint64_t)n);
}

/* Places that data/locations.tsv routes to one court each. */
static const char *const cities[] = { "Casablanca", "Rabat", "Salé", "Fès", "Marrakech", "Tanger", "Agadir",
				      "Oujda", "Meknès", "Kénitra", "Tétouan", "Safi", "Témara", "El Jadida" };
static const char *const isps[] = { "Maroc Telecom", "Orange Maroc", "Inwi" };
static const char *const prefixes[] = { "105.66", "41.250", "196.200", "160.176", "102.50" };
static const char *const incidents[] = { "Child Pornography (possession, manufacture, and distribution)",
					 "Online Enticement of Children for Sexual Acts",
					 "Unsolicited Obscene Material Sent to a Child" };
static const char *const services[] = { "Example Chat", "PhotoShare", "VideoTube" };
static const char *const networks[][2] = { { "Gnutella", "Shareaza" }, { "BitTorrent", "uTorrent" },
					    { "eDonkey", "eMule" } };
/* A file traded widely: strangers share it (same content, never a link). */
#define SHARED_MD5 "5d41402abc4b2a76b9719d911017c592"

static void hex(struct rng *r, char *out, size_t digits)
{
	static const char h[] = "0123456789abcdef";

	for (size_t i = 0; i < digits; i++)
		out[i] = h[below(r, 16)];
	out[digits] = '\0';
}

static int add_sighting(struct referral *ref, const char *ip, utc_time_t at, int port, const char *event,
			struct err *err)
{
	struct ident_ip addr;
	struct ip_event ev;
	int rc;

	if ((rc = ident_ip_parse(ip, &addr, err)) != HIM_OK)
		return rc;
	ip_event_init(&ev);
	memcpy(ev.ip, addr.text, sizeof(ev.ip));
	memcpy(ev.addr, addr.addr, sizeof(ev.addr));
	ev.v6 = addr.v6;
	ev.at = at;
	ev.port = port;
	snprintf(ev.event, sizeof(ev.event), "%s", event);
	return referral_add_ip_event(ref, &ev) ? HIM_OK : err_set(err, HIM_ENOMEM, "out of memory");
}

static bool add_place(struct referral *ref, const char *ip, const char *city, const char *isp)
{
	struct referral_location loc = { 0 };

	loc.ip = ip ? xstrdup(ip) : NULL;
	loc.country = xstrdup("MA");
	loc.city = city ? xstrdup(city) : NULL;
	loc.isp = xstrdup(isp);
	return referral_add_location(ref, &loc);
}

static bool add_file(struct referral *ref, const char *name, const char *md5, const char *sha1)
{
	struct referral_file f = { 0 };

	f.name = xstrdup(name);
	snprintf(f.md5, sizeof(f.md5), "%s", md5 ? md5 : "");
	snprintf(f.sha1, sizeof(f.sha1), "%s", sha1 ? sha1 : "");
	return referral_add_file(ref, &f);
}

/*
 * Referral number i about person p (a CPS lead when cps, else an NCMEC
 * report), received at `received`. What a person is (identifiers,
 * address, place) follows from p alone, so that p's referrals link.
 */
static int make_referral(struct rng *r, int i, int p, utc_time_t received, bool cps, struct referral *ref,
			 struct err *err)
{
	char ip[32], id[48], value[96], md5[33], sha1[41], name[48];
	const char *isp = isps[p % 3], *city = cities[p % (int)(sizeof(cities) / sizeof(cities[0]))];
	const char *second = NULL;
	utc_time_t at;
	int sightings, rc = HIM_OK;
	bool ok = true;

	/* A tenth name no Moroccan place; a few name two. */
	if (p % 10 == 7)
		city = NULL;
	else if (p % 23 == 11)
		second = cities[(p + 3) % (int)(sizeof(cities) / sizeof(cities[0]))];
	snprintf(ip, sizeof(ip), "%s.%d.%d", prefixes[p % 5], (p * 7) % 250 + 1, (p * 13) % 250 + 1);
	ref->received_at = received;
	ref->incident_at = received - 3600 * (utc_time_t)(6 + below(r, 90));
	if (cps) {
		memcpy(ref->platform, "cps", 4);
		snprintf(id, sizeof(id), "L-DEMO-%05d", i);
		ok = referral_set_str(&ref->external_id, id) && referral_set_str(&ref->network, networks[p % 3][0]) &&
		     referral_set_str(&ref->client, networks[p % 3][1]);
		snprintf(value, sizeof(value), "%08X%08X%08X%08X", (unsigned)(p * 2654435761u), (unsigned)p,
			 (unsigned)(p ^ 0x5a5a5a5a), (unsigned)(p * 40503u));
		ok = ok && referral_add_ident(ref, IDENT_P2P_GUID, IDENT_ROLE_REPORTED, value, NULL);
		/* First and last seen on the network, the port given. */
		at = ref->incident_at;
		rc = add_sighting(ref, ip, at, 6346 + p % 100, "Seen", err);
		if (rc == HIM_OK)
			rc = add_sighting(ref, ip, at + 3600 * (1 + below(r, 48)), 6346 + p % 100, "Seen", err);
		hex(r, sha1, 40);
		snprintf(name, sizeof(name), "video_%04d.avi", below(r, 10000));
		ok = ok && add_file(ref, name, NULL, sha1);
	} else {
		int roll = below(r, 100);
		memcpy(ref->platform, "ncmec", 6);
		snprintf(id, sizeof(id), "%d", 190000000 + i);
		ok = referral_set_str(&ref->external_id, id) &&
		     referral_set_str(&ref->priority, roll < 6 ? "E" : roll < 26 ? "1" : roll < 70 ? "2" : "3") &&
		     referral_set_str(&ref->incident_type, incidents[p % 3]) &&
		     referral_set_str(&ref->esp, services[p % 3]);
		if (ok && roll < 4)
			ok = referral_set_str(&ref->escalation, "The user says he will meet the child this weekend");
		snprintf(value, sizeof(value), "user%d@mail.example", p);
		ok = ok && referral_add_ident(ref, IDENT_EMAIL, IDENT_ROLE_REPORTED, value, NULL);
		snprintf(value, sizeof(value), "nick_%d", p);
		ok = ok && referral_add_ident(ref, IDENT_SCREEN_NAME, IDENT_ROLE_REPORTED, value, "example chat");
		if (p % 3 == 0) {
			snprintf(value, sizeof(value), "+2126%08d", (p * 7919) % 100000000);
			ok = ok && referral_add_ident(ref, IDENT_PHONE, IDENT_ROLE_REPORTED, value, NULL);
		}
		sightings = 1 + below(r, 2);
		at = ref->incident_at;
		for (int k = 0; k < sightings && rc == HIM_OK; k++)
			rc = add_sighting(ref, ip, at - 86400 * (utc_time_t)k, 30000 + below(r, 30000),
					  k ? "Login" : "Upload", err);
		hex(r, md5, 32);
		snprintf(name, sizeof(name), "IMG_%04d.jpg", below(r, 10000));
		ok = ok && add_file(ref, name, i % 17 == 5 ? SHARED_MD5 : md5, NULL);
	}
	ok = ok && add_place(ref, ip, city, isp);
	if (second)
		ok = ok && add_place(ref, NULL, second, isp);
	ok = ok && referral_set_str(&ref->source_file, "demo");
	if (rc == HIM_OK && !ok)
		rc = err_set(err, HIM_ENOMEM, "out of memory");
	return rc;
}

static int put(struct store *st, struct referral *ref, int64_t case_id, struct demo_referrals_report *out,
	       struct err *err)
{
	struct scope national = scope_national();
	enum referral_outcome outcome;
	struct referral_record rec;
	int rc;

	if ((rc = store_referral_put_one(st, &national, ref, &outcome, err)) != HIM_OK)
		return rc;
	out->referrals += outcome == REFERRAL_IMPORTED;
	if (!case_id)
		return HIM_OK;
	referral_record_init(&rec);
	rc = store_referral_find(st, &national, ref->platform, ref->external_id, &rec, err);
	if (rc == HIM_OK && rec.case_id == 0) {
		rc = store_case_link_referral(st, &national, case_id, rec.id, err);
		out->linked += rc == HIM_OK;
	}
	referral_record_release(&rec);
	return rc;
}

/* One referral behind each case that came from a platform. */
static int case_referrals(struct store *st, struct rng *r, struct demo_referrals_report *out, struct err *err)
{
	struct scope national = scope_national();
	struct case_filter f;
	struct case_list l;
	struct referral ref;
	int rc;

	case_filter_init(&f);
	case_list_init(&l);
	if ((rc = store_case_list(st, &national, &f, &l, err)) != HIM_OK) {
		case_list_release(&l);
		return rc;
	}
	for (size_t i = 0; i < l.n && rc == HIM_OK; i++) {
		const struct case_record *c = &l.items[i];
		bool ncmec = false, cps = false;
		for (size_t k = 0; k < c->platforms.n; k++) {
			ncmec |= strcmp(c->platforms.code[k], "ncmec") == 0;
			cps |= strcmp(c->platforms.code[k], "cps") == 0;
		}
		if (!ncmec && !cps)
			continue;
		referral_init(&ref);
		/* People of their own (above the pool of the unlinked ones). */
		rc = make_referral(r, 50000 + (int)i, 100000 + (int)i,
				   ((utc_time_t)c->registered - 5 - below(r, 20)) * 86400 + 36000, !ncmec, &ref, err);
		if (rc == HIM_OK)
			rc = put(st, &ref, c->id, out, err);
		referral_release(&ref);
	}
	case_list_release(&l);
	return rc;
}

int demo_referrals(struct store *st, uint64_t seed, int n, date_t today, struct demo_referrals_report *out,
		   struct err *err)
{
	struct rng r = { seed ^ 0x7265666572726c73ULL };
	struct referral ref;
	int people = n / 2 > 0 ? n / 2 : 1, rc;

	memset(out, 0, sizeof(*out));
	if ((rc = case_referrals(st, &r, out, err)) != HIM_OK)
		return rc;
	for (int i = 0; i < n && rc == HIM_OK; i++) {
		/* Received 3 to 420 days before today: sightings a year old or
		 * more are past the 12-month retention, some are close to it. */
		utc_time_t received = ((utc_time_t)today - 3 - below(&r, 418)) * 86400 + 3600 * below(&r, 24);
		int p = below(&r, people);

		referral_init(&ref);
		rc = make_referral(&r, i, p, received, p % 4 == 1, &ref, err);
		if (rc == HIM_OK)
			rc = put(st, &ref, 0, out, err);
		referral_release(&ref);
	}
	return rc;
}
