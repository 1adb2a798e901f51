/*
 * gen_referrals.c - a deterministic generator of synthetic referrals for
 * the ingest benchmark and the crash tests: NCMEC CyberTipline XML
 * (FORMATS.md §1) and CPS detection CSV (§2).
 *
 *   gen_referrals ncmec-xml N [SEED [FROM [TO]]]   N reports on stdout
 *   gen_referrals cps-csv N [SEED]     N rows (leads of 1 to 12 rows) on stdout
 *
 * The same N and SEED give the same bytes. Sizes and reuse are shaped on
 * real traffic: a report carries 1-4 IP sightings and 1-3 files, and the
 * accounts, IP addresses and file hashes are drawn from pools much smaller
 * than N (the same accounts and addresses recur across reports, a few of
 * them very often, as CGNAT addresses and prolific accounts do). FROM and
 * TO print only reports FROM..TO-1 of the same N (the same bytes as in the
 * whole file): the link benchmark links the first part, then the rest as
 * new referrals about the same people. Nothing
 * here is real: addresses are in Moroccan operators' public prefixes, but
 * every name, account and hash is made up.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state;

/* splitmix64: small, fast, and the same on every machine. */
static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static unsigned below(unsigned n)
{
	return (unsigned)(rnd() % n);
}

/* A pool index skewed towards the start: a few values recur very often. */
static unsigned skewed(unsigned n)
{
	unsigned a = below(n), b = below(n);
	return a < b ? a : b;
}

/* A value derived from a pool index, the same wherever it is drawn. */
static uint64_t mix(uint64_t x, uint64_t salt)
{
	uint64_t z = x * 0x9e3779b97f4a7c15ull + salt;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static const char *const prefixes[] = { "105.66", "105.67", "41.140", "41.141", "196.200", "160.176", "102.50" };
static const char *const isps[] = { "Maroc Telecom", "Orange Maroc", "inwi" };
static const char *const asns[] = { "6713", "36925", "36884" };
static const char *const regions[] = { "Casablanca-Settat", "Rabat-Salé-Kénitra", "Marrakech-Safi", "Fès-Meknès",
				       "Tanger-Tétouan-Al Hoceïma", "Souss-Massa", "Oriental" };
static const char *const cities[] = { "Casablanca", "Rabat", "Marrakech", "Fès", "Tanger", "Agadir", "Oujda" };
static const char *const services[] = { "Example Chat", "PhotoShare", "VideoHub", "Messenger X", "CloudDrive" };
static const char *const incidents[] = {
	"Child Pornography (possession, manufacture, and distribution)",
	"Child Pornography (possession, manufacture, and distribution)",
	"Child Pornography (possession, manufacture, and distribution)",
	"Online Enticement of Children for Sexual Acts",
	"Unsolicited Obscene Material Sent to a Child",
	"Child Sex Trafficking",
};
static const char *const events[] = { "Login", "Upload", "Upload", "Registration", "Other" };
static const char *const priorities[] = { "1", "2", "2", "3", "3", "E" };
static const char *const networks[] = { "BitTorrent", "Gnutella", "eDonkey" };
static const char *const clients[] = { "uTorrent 3.5.5", "qBittorrent 4.4.2", "Shareaza 2.7.10", "eMule 0.50a" };

static void ip_of(unsigned idx, char *out, size_t size)
{
	uint64_t h = mix(idx, 1);
	if (idx % 23 == 7) /* some IPv6 */
		snprintf(out, size, "2a01:%x:%x::%x", (unsigned)(h & 0xfff) + 0x100, (unsigned)((h >> 12) & 0xffff),
			 (unsigned)((h >> 28) & 0xffff) + 1);
	else
		snprintf(out, size, "%s.%u.%u", prefixes[h % 7], (unsigned)((h >> 8) & 0xff),
			 (unsigned)((h >> 16) % 254) + 1);
}

static void hex_of(uint64_t seed, int digits, char *out)
{
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < digits; i++) {
		if (i % 16 == 0)
			seed = mix(seed, (uint64_t)i);
		out[i] = hex[(seed >> ((i % 16) * 4)) & 0xf];
	}
	out[digits] = '\0';
}

/* Seconds since 1970 to "YYYY-MM-DDTHH:MM:SSZ" (days from civil, inverse). */
static void iso(int64_t t, char out[32])
{
	int64_t days = t / 86400;
	unsigned rem = (unsigned)(t % 86400); /* t >= 0 here */
	int64_t z = days + 719468, era = z / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = (int64_t)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	unsigned d = doy - (153 * mp + 2) / 5 + 1;
	unsigned m = mp < 10 ? mp + 3 : mp - 9;
	snprintf(out, 32, "%04d-%02u-%02uT%02u:%02u:%02uZ", (int)(y + (m <= 2)), m, d, rem / 3600,
		 rem / 60 % 60, rem % 60);
}

#define T2022 1640995200 /* 2022-01-01 */
#define SPAN (3 * 365 * 86400)

static void ncmec_xml(long n, long from, long to, FILE *sink)
{
	unsigned accounts = (unsigned)(n / 5 + 10), ips = (unsigned)(n / 3 + 10), files = (unsigned)(n / 2 + 10);
	char ip[48], when[32], hash[65], sha1[41];

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<reports>\n", stdout);
	for (long i = 0; i < n; i++) {
		/* Outside FROM..TO the random draws are made, the report not
		 * printed: the stream stays the whole file's. */
		FILE *out = i >= from && i < to ? stdout : sink;
		int64_t received = T2022 + (int64_t)(rnd() % SPAN);
		unsigned acct = skewed(accounts);
		unsigned nev = 1 + below(4), nfiles = 1 + below(3);

		iso(received, when);
		fprintf(out, "  <cyberTiplineReport reportId=\"%ld\" priority=\"%s\" receivedDateTime=\"%s\">\n"
		       "    <report>\n      <incidentSummary>\n        <incidentType>%s</incidentType>\n",
		       100000000L + i, priorities[below(6)], when, incidents[below(6)]);
		if (below(10) == 0)
			fputs("        <escalateToHighPriority>Ongoing contact with a minor; meeting arranged</escalateToHighPriority>\n",
			      out);
		iso(received - 86400 - (int64_t)below(86400 * 5), when);
		fprintf(out, "        <incidentDateTime>%s</incidentDateTime>\n      </incidentSummary>\n", when);
		fprintf(out, "      <internetDetails><webPageIncident><url>https://content.example.invalid/p/%" PRIu64
		       "</url></webPageIncident></internetDetails>\n",
		       mix(i, 9) % 100000000);
		fprintf(out, "      <reporter><reportingPerson><email>safety@%s.example</email></reportingPerson></reporter>\n",
		       services[acct % 5][0] == 'E' ? "examplechat" : "esp");
		fprintf(out, "      <personOrUserReported>\n        <personOrUserReportedPerson><email>user%u@mail%u.example.invalid</email>"
		       "<phone>+2126%08u</phone></personOrUserReportedPerson>\n",
		       acct, acct % 7, (unsigned)(mix(acct, 3) % 100000000));
		fprintf(out, "        <espIdentifier>%u</espIdentifier>\n        <espService>%s</espService>\n"
		       "        <screenName>user_%u</screenName>\n",
		       900000 + acct, services[acct % 5], acct);
		for (unsigned e = 0; e < nev; e++) {
			/* An account's sightings come mostly from its own few addresses. */
			unsigned ipi = below(4) ? (unsigned)((mix(acct, 5) + below(3)) % ips) : skewed(ips);
			ip_of(ipi, ip, sizeof(ip));
			iso(received - 86400 - (int64_t)below(86400 * 10), when);
			fprintf(out, "        <ipCaptureEvent><ipAddress>%s</ipAddress><eventName>%s</eventName>"
			       "<dateTime>%s</dateTime><port>%u</port><possibleProxy>%s</possibleProxy></ipCaptureEvent>\n",
			       ip, events[below(5)], when, 1024 + below(60000), below(20) ? "false" : "true");
		}
		fputs("      </personOrUserReported>\n", out);
		for (unsigned f = 0; f < nfiles; f++) {
			unsigned fi = skewed(files);
			hex_of(mix(fi, 11), 32, hash);
			fprintf(out, "      <fileDetails>\n        <originalFileName>IMG_%04u.jpg</originalFileName>\n"
			       "        <originalFileHash hashType=\"MD5\">%s</originalFileHash>\n",
			       fi % 10000, hash);
			if (fi % 3 == 0) {
				hex_of(mix(fi, 13), 40, sha1);
				fprintf(out, "        <originalFileHash hashType=\"SHA1\">%s</originalFileHash>\n", sha1);
			}
			fputs("      </fileDetails>\n", out);
		}
		ip_of((unsigned)((mix(acct, 5)) % ips), ip, sizeof(ip));
		fprintf(out, "    </report>\n    <geoLookup ipAddress=\"%s\" country=\"MA\" region=\"%s\" city=\"%s\" isp=\"%s\" asn=\"%s\"/>\n"
		       "  </cyberTiplineReport>\n",
		       ip, regions[acct % 7], cities[acct % 7], isps[acct % 3], asns[acct % 3]);
	}
	fputs("</reports>\n", stdout);
}

static void cps_csv(long n)
{
	unsigned ips = (unsigned)(n / 8 + 10), files = (unsigned)(n / 20 + 10);
	char ip[48], first[32], last[32], sha1[41], md5[33], guid[33];
	long row = 0, lead = 0;

	fputs("lead_id,ip,port,first_seen,last_seen,network,client,guid,file_name,sha1,md5,country,region,city,isp,asn\n",
	      stdout);
	while (row < n) {
		unsigned rows = 1 + below(12), net = below(3);
		unsigned peer = skewed(ips);
		int64_t t = T2022 + (int64_t)(rnd() % SPAN);

		hex_of(mix(peer, 17), 32, guid);
		for (char *g = guid; *g; g++)
			if (*g >= 'a')
				*g = (char)(*g - 'a' + 'A');
		for (unsigned k = 0; k < rows && row < n; k++, row++) {
			unsigned fi = skewed(files);
			ip_of(k % 3 ? peer : (peer + k) % ips, ip, sizeof(ip));
			iso(t, first);
			t += 600 + below(86400);
			iso(t, last);
			hex_of(mix(fi, 19), 40, sha1);
			hex_of(mix(fi, 23), 32, md5);
			printf("CPS-%08ld,%s,%u,%s,%s,%s,%s,%s,shared_%u.avi,%s,%s,MA,%s,%s,%s,%s\n", lead, ip,
			       6881 + below(100), first, last, networks[net], clients[net == 0 ? below(2) : net + 1], guid,
			       fi % 5000, sha1, md5, regions[peer % 7], cities[peer % 7], isps[peer % 3], asns[peer % 3]);
		}
		lead++;
	}
}

int main(int argc, char **argv)
{
	long n, from, to;

	if (argc < 3 || argc > 6) {
		fprintf(stderr, "usage: gen_referrals ncmec-xml|cps-csv N [SEED [FROM [TO]]]\n");
		return 2;
	}
	n = strtol(argv[2], NULL, 10);
	rng_state = argc >= 4 ? strtoull(argv[3], NULL, 10) : 1;
	from = argc >= 5 ? strtol(argv[4], NULL, 10) : 0;
	to = argc >= 6 ? strtol(argv[5], NULL, 10) : n;
	if (n <= 0) {
		fprintf(stderr, "gen_referrals: N must be positive\n");
		return 2;
	}
	if (from < 0 || to > n || from > to) {
		fprintf(stderr, "gen_referrals: FROM and TO must satisfy 0 <= FROM <= TO <= N\n");
		return 2;
	}
	if (strcmp(argv[1], "ncmec-xml") == 0) {
		/* Reports outside FROM..TO are formatted into nothing. */
		FILE *sink = fopen("/dev/null", "w");

		if (!sink) {
			perror("gen_referrals: /dev/null");
			return 2;
		}
		ncmec_xml(n, from, to, sink);
		fclose(sink);
	} else if (strcmp(argv[1], "cps-csv") == 0)
		cps_csv(n);
	else {
		fprintf(stderr, "gen_referrals: unknown format '%s'\n", argv[1]);
		return 2;
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
