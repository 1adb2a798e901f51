/*
 * ncmec_tiplist.c - the NCMEC tip list (FORMATS.md §1, "NCMEC tip list"):
 * CyberTipline reports keyed by hand from their PDFs, one CSV row per IP
 * event. Rows with one report_id are fragments of one referral, merged by
 * the store; each row is checked and delivered alone.
 *
 * Hand-keyed data: received may be a date alone (midnight UTC), an IPv4
 * address may carry padding zeros; the e-mail, screen name and phone are
 * kept when they normalise, noted otherwise (referral_fields.h).
 */
#include "referral_reader.h"

#include <string.h>

#include "referral_csv.h"
#include "../lib/banned.h"

enum {
	T_REPORT_ID, T_PRIORITY, T_RECEIVED, T_INCIDENT_TYPE, T_ESP, T_IP, T_PORT, T_IP_DATETIME,
	T_EMAIL, T_SCREEN_NAME, T_PHONE, T_FILE_MD5, T_COUNTRY, T_REGION, T_CITY, T_ISP, T_NFIELDS
};

static const char *const FIELDS[T_NFIELDS] = {
	"report_id", "priority", "received", "incident_type", "esp", "ip", "port", "ip_datetime",
	"email", "screen_name", "phone", "file_md5", "country", "region", "city", "isp",
};

#define CELL(f) referral_csv_cell(c, row, (f))
#define COL(f) referral_csv_colname(c, (f))

static void tip_row(struct referral_csv *c, const struct sheet_row *row)
{
	struct referral_rec *rec = &c->rec;
	struct referral *r = &rec->r;
	long line = row->line;
	const char *ip = CELL(T_IP), *md5 = CELL(T_FILE_MD5);
	char cc[3];

	referral_rec_text(rec, line, COL(T_REPORT_ID), &r->external_id, CELL(T_REPORT_ID));
	referral_rec_text(rec, line, COL(T_PRIORITY), &r->priority, CELL(T_PRIORITY));
	referral_rec_time(rec, line, COL(T_RECEIVED), CELL(T_RECEIVED), IDENT_TIME_DATE_OK, &r->received_at);
	referral_rec_text(rec, line, COL(T_INCIDENT_TYPE), &r->incident_type, CELL(T_INCIDENT_TYPE));
	referral_rec_text(rec, line, COL(T_ESP), &r->esp, CELL(T_ESP));
	if (ip || CELL(T_PORT) || CELL(T_IP_DATETIME))
		referral_rec_ip_event(rec, line, COL(T_IP), IDENT_ROLE_REPORTED, ip, CELL(T_IP_DATETIME),
				      CELL(T_PORT), NULL, NULL);
	referral_rec_ident(rec, IDENT_EMAIL, IDENT_ROLE_REPORTED, -1, CELL(T_EMAIL), NULL, COL(T_EMAIL));
	referral_rec_ident(rec, IDENT_SCREEN_NAME, IDENT_ROLE_REPORTED, referral_rec_person(rec),
			   CELL(T_SCREEN_NAME), NULL, COL(T_SCREEN_NAME));
	referral_rec_ident(rec, IDENT_PHONE, IDENT_ROLE_REPORTED, -1, CELL(T_PHONE), NULL, COL(T_PHONE));
	if (md5) {
		struct referral_file f;
		referral_file_init(&f);
		referral_rec_hash(rec, line, COL(T_FILE_MD5), &f, "md5", md5);
		if (!referral_file_empty(&f))
			referral_add_file(r, &f);
	}
	if (CELL(T_COUNTRY) || CELL(T_REGION) || CELL(T_CITY) || CELL(T_ISP)) {
		struct referral_location loc;
		struct ident_ip addr;
		memset(&loc, 0, sizeof(loc));
		if (ip && ident_ip_parse(ip, &addr, NULL) == HIM_OK)
			loc.ip = xstrdup(addr.text);
		if (CELL(T_COUNTRY) && ident_country(CELL(T_COUNTRY), cc))
			loc.country = xstrdup(cc);
		referral_rec_text(rec, line, COL(T_REGION), &loc.region, CELL(T_REGION));
		referral_rec_text(rec, line, COL(T_CITY), &loc.city, CELL(T_CITY));
		referral_rec_text(rec, line, COL(T_ISP), &loc.isp, CELL(T_ISP));
		referral_add_location(r, &loc);
	}
	if (!r->external_id)
		referral_rec_fail(rec, line, COL(T_REPORT_ID), "no report id in this row");
	/* The screen name is scoped by the ESP the row names. */
	referral_rec_finish(rec, r->esp);
}

int ncmec_tiplist_read(const char *path, const struct referral_reader_ops *ops, void *ctx,
		       utc_time_t now, struct err *err)
{
	static const int required[] = { T_REPORT_ID, -1 };
	struct referral_csv c;
	int rc;

	memset(&c, 0, sizeof(c));
	c.file = path;
	c.platform = "ncmec";
	c.fields = FIELDS;
	c.nfields = T_NFIELDS;
	c.row_fn = tip_row;
	c.ops = ops;
	c.ctx = ctx;
	referral_rec_init(&c.rec, path, now);
	rc = referral_csv_read(&c, required, err);
	referral_rec_release(&c.rec);
	return rc;
}
