/*
 * cps_csv.c - Child Protection System detections (FORMATS.md §2): one CSV
 * row per detection of an IP sharing a known file on a peer-to-peer
 * network, a fragment of its lead.
 *
 * Identity: the lead_id column; without it, the lead is the IP, the
 * client GUID and the UTC day of first_seen (of last_seen if first_seen
 * is empty), written "ip/GUID/YYYY-MM-DD" ("ip/-/day" without a GUID),
 * so that re-importing the same rows finds the same lead. A row with
 * neither lead_id nor ip cannot be placed and is refused.
 *
 * Each sighting is an IP event "Seen" at first_seen and another at
 * last_seen (one when they are equal or only one is given), with the
 * row's port. Hashes keep the type their column names (sha1, md5, md4
 * for eDonkey, infohash for BitTorrent, sha256).
 */
#include "referral_reader.h"

#include <string.h>

#include "referral_csv.h"
#include "../lib/banned.h"

enum {
	C_LEAD_ID, C_IP, C_PORT, C_FIRST_SEEN, C_LAST_SEEN, C_NETWORK, C_CLIENT, C_GUID, C_FILE_NAME,
	C_SHA1, C_MD5, C_MD4, C_INFOHASH, C_SHA256, C_COUNTRY, C_REGION, C_CITY, C_ISP, C_ASN, C_NFIELDS
};

const char *const cps_field_names[C_NFIELDS] = {
	"lead_id", "ip", "port", "first_seen", "last_seen", "network", "client", "guid", "file_name",
	"sha1", "md5", "md4", "infohash", "sha256", "country", "region", "city", "isp", "asn",
};
const int cps_nfields = C_NFIELDS;

#define CELL(f) referral_csv_cell(c, row, (f))
#define COL(f) referral_csv_colname(c, (f))

static void seen(struct referral_csv *c, const struct sheet_row *row, const char *ip, const char *when)
{
	struct referral_rec *rec = &c->rec;
	size_t before = rec->r.nip_events;

	referral_rec_ip_event(rec, row->line, when == CELL(C_LAST_SEEN) && when ? COL(C_LAST_SEEN) : COL(C_IP),
			      IDENT_ROLE_REPORTED, ip, when, CELL(C_PORT), NULL, NULL);
	if (rec->r.nip_events > before)
		memcpy(rec->r.ip_events[before].event, "Seen", 5);
}

static void cps_row(struct referral_csv *c, const struct sheet_row *row)
{
	struct referral_rec *rec = &c->rec;
	struct referral *r = &rec->r;
	long line = row->line;
	const char *ip = CELL(C_IP), *first = CELL(C_FIRST_SEEN), *last = CELL(C_LAST_SEEN);
	utc_time_t first_at = TIME_NONE, last_at = TIME_NONE;
	char cc[3];
	static const struct {
		int field;
		const char *type;
	} hashes[] = { { C_SHA1, "sha1" }, { C_MD5, "md5" }, { C_MD4, "md4" },
		       { C_INFOHASH, "infohash" }, { C_SHA256, "sha256" } };

	referral_rec_text(rec, line, COL(C_LEAD_ID), &r->external_id, CELL(C_LEAD_ID));
	referral_rec_time(rec, line, COL(C_FIRST_SEEN), first, 0, &first_at);
	referral_rec_time(rec, line, COL(C_LAST_SEEN), last, 0, &last_at);
	if (first_at != TIME_NONE && last_at != TIME_NONE && last_at < first_at)
		referral_rec_fail(rec, line, COL(C_LAST_SEEN), "last_seen is before first_seen");
	r->received_at = first_at != TIME_NONE ? first_at : last_at;
	if (ip) {
		if (first || !last)
			seen(c, row, ip, first);
		if (last && last_at != first_at)
			seen(c, row, ip, last);
	}
	referral_rec_text(rec, line, COL(C_NETWORK), &r->network, CELL(C_NETWORK));
	referral_rec_text(rec, line, COL(C_CLIENT), &r->client, CELL(C_CLIENT));
	referral_rec_ident(rec, IDENT_P2P_GUID, IDENT_ROLE_REPORTED, -1, CELL(C_GUID), NULL, COL(C_GUID));

	struct referral_file f;
	referral_file_init(&f);
	referral_rec_text(rec, line, COL(C_FILE_NAME), &f.name, CELL(C_FILE_NAME));
	for (size_t i = 0; i < sizeof(hashes) / sizeof(hashes[0]); i++)
		referral_rec_hash(rec, line, COL(hashes[i].field), &f, hashes[i].type, CELL(hashes[i].field));
	if (referral_file_empty(&f))
		referral_file_clear(&f);
	else
		referral_add_file(r, &f);

	if (CELL(C_COUNTRY) || CELL(C_REGION) || CELL(C_CITY) || CELL(C_ISP) || CELL(C_ASN)) {
		struct referral_location loc;
		struct ident_ip addr;
		memset(&loc, 0, sizeof(loc));
		if (ip && ident_ip_parse(ip, &addr, NULL) == HIM_OK)
			loc.ip = xstrdup(addr.text);
		if (CELL(C_COUNTRY) && ident_country(CELL(C_COUNTRY), cc))
			loc.country = xstrdup(cc);
		referral_rec_text(rec, line, COL(C_REGION), &loc.region, CELL(C_REGION));
		referral_rec_text(rec, line, COL(C_CITY), &loc.city, CELL(C_CITY));
		referral_rec_text(rec, line, COL(C_ISP), &loc.isp, CELL(C_ISP));
		referral_rec_text(rec, line, COL(C_ASN), &loc.asn, CELL(C_ASN));
		referral_add_location(r, &loc);
	}

	if (!r->external_id && !rec->bad) {
		/* No lead id: the lead is ip + GUID + day (see the header comment). */
		struct ident_ip addr;
		char day[IDENT_TIME_TEXT_MAX], guid[IDENT_GUID_MAX];
		struct strbuf id = STRBUF_INIT;
		if (!ip || ident_ip_parse(ip, &addr, NULL) != HIM_OK) {
			referral_rec_fail(rec, line, COL(C_LEAD_ID), "no lead_id and no IP address: the row cannot be placed in a lead");
			return;
		}
		ident_time_format(r->received_at, day);
		day[10] = '\0';
		if (!CELL(C_GUID) || ident_guid_normalise(CELL(C_GUID), guid, NULL) != HIM_OK)
			memcpy(guid, "-", 2);
		strbuf_addf(&id, "%s/%s/%s", addr.text, guid, r->received_at == TIME_NONE ? "-" : day);
		r->external_id = strbuf_detach(&id, NULL);
	}
	referral_rec_finish(rec, NULL);
}

int cps_csv_read(const char *path, const struct cps_columns *map,
		 const struct referral_reader_ops *ops, void *ctx, utc_time_t now, struct err *err)
{
	static const int required[] = { C_IP, -1 };
	struct referral_csv c;
	int rc;

	memset(&c, 0, sizeof(c));
	c.file = path;
	c.platform = "cps";
	c.fields = cps_field_names;
	c.nfields = C_NFIELDS;
	c.map = map;
	c.row_fn = cps_row;
	c.ops = ops;
	c.ctx = ctx;
	referral_rec_init(&c.rec, path, now);
	rc = referral_csv_read(&c, required, err);
	referral_rec_release(&c.rec);
	return rc;
}
