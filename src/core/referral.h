/*
 * referral.h - a referral (إحالة): one NCMEC CyberTipline report or one
 * CPS lead, as Himaya keeps it.
 *
 * A referral's identity is (platform, external_id): the CyberTipline report
 * number, or the CPS lead id. Everything it carries is already normalised
 * when it reaches this struct (ident.h does that at the parser's edge), so
 * that the store and the linker compare like with like: IPs canonical,
 * times UTC, e-mails lower-cased, phones E.164, hashes lower-case hex of a
 * length that matches their type.
 *
 * A parser may hand over a partial referral: a CPS CSV row or an NCMEC tip
 * list row is one sighting of a lead/report whose other rows may be
 * elsewhere in the file or in another file. The store merges such
 * fragments (see store_referral_put); an NCMEC XML or JSON report is whole
 * and a later one with the same id supersedes it (a supplement).
 *
 * No file content ever reaches this struct: parsers drop it and count it
 * in content_dropped.
 */
#ifndef HIMAYA_REFERRAL_H
#define HIMAYA_REFERRAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "code.h"

/* UTC seconds since 1970-01-01; TIME_NONE when not given. */
typedef int64_t utc_time_t;
#define TIME_NONE INT64_MIN

enum ident_kind {
	IDENT_EMAIL = 1,
	IDENT_PHONE,        /* E.164, "+212600000000" */
	IDENT_SCREEN_NAME,  /* scoped by service */
	IDENT_DISPLAY_NAME, /* scoped by service; weak, never links */
	IDENT_PROFILE_URL,
	IDENT_ESP_ACCOUNT,  /* the ESP's user id, scoped by service */
	IDENT_DEVICE,       /* "idType:idValue" */
	IDENT_P2P_GUID,     /* a peer-to-peer client's GUID, upper-case hex */
	IDENT_URL,          /* a web page of the incident */
};

/* Whose identifier it is: links are made on the reported person's only. */
enum ident_role {
	IDENT_ROLE_REPORTED = 0,
	IDENT_ROLE_RECIPIENT, /* intendedRecipient */
	IDENT_ROLE_VICTIM,
};

struct referral_ident {
	enum ident_kind kind;
	enum ident_role role;
	char *value;   /* normalised, owned */
	char *service; /* the ESP service that scopes value, owned; NULL if none */
};

/* One sighting of an IP address: NCMEC ipCaptureEvent, CPS first/last seen. */
struct ip_event {
	char ip[46];          /* canonical text (inet_ntop of the parsed address) */
	uint8_t addr[16];     /* network order; IPv4 as ::ffff:a.b.c.d */
	bool v6;
	utc_time_t at;        /* TIME_NONE if not given */
	int port;             /* 0-65535, -1 if not given */
	int proxy;            /* possibleProxy: 1, 0, or -1 if not given */
	char event[16];       /* Login, Registration, Purchase, Upload, Other, Unknown, Seen; "" */
	enum ident_role role;
};

/* A file named in a referral: its name and hashes, never its content. */
struct referral_file {
	char *name;        /* owned; NULL if none */
	char md5[33];      /* "" when absent */
	char sha1[41];
	char sha256[65];
	char md4[33];      /* eDonkey */
	char infohash[41]; /* BitTorrent v1 */
	char *industry_class; /* A1/A2/B1/B2, owned; NULL */
};

/* A location as the referral gives it (NCMEC geoLookup/estimatedLocation,
 * CPS country/region/city); never a guess of Himaya's. */
struct referral_location {
	char *ip;       /* the address it was looked up for, owned; NULL */
	char *country;  /* ISO 3166-1 alpha-2 upper-case, owned; NULL */
	char *region, *city, *isp, *asn; /* owned; NULL */
};

struct referral {
	char platform[CODE_MAX]; /* "ncmec" or "cps" */
	char *external_id;       /* reportId / lead_id, owned, never NULL once parsed */
	bool fragment;           /* one row of a multi-row referral: merge, not replace */

	char *priority;          /* "1", "2", "3", "E", "informational"; NULL */
	char *escalation;        /* escalateToHighPriority text; NULL if not escalated */
	char *incident_type;     /* NCMEC's incidentType text; NULL */
	char *esp;               /* reporting ESP's name; NULL */
	char *network, *client;  /* CPS: P2P network and client; NULL */
	char *annotations;       /* comma-separated reportAnnotations; NULL */
	utc_time_t received_at;  /* when NCMEC received it / CPS first saw it */
	utc_time_t incident_at;

	struct referral_ident *idents;       size_t nidents;
	struct ip_event *ip_events;          size_t nip_events;
	struct referral_file *files;         size_t nfiles;
	struct referral_location *locations; size_t nlocations;

	char *notes;         /* unknown elements' text worth keeping; NULL */
	int content_dropped; /* elements/columns of file content dropped unread */

	/* Where it came from, for messages and the referral page. */
	char *source_file;   /* owned */
	long source_line;    /* first line of the record */

	/* Its content's digest (store/referral_fingerprint.h) when an importer
	 * computed it ahead, "" otherwise; only valid for the content as it
	 * was then. */
	char fingerprint[33];
};

void referral_init(struct referral *r);
void referral_release(struct referral *r); /* frees the contents, re-inits */

/* Append helpers: copy their strings; false on allocation failure. */
bool referral_add_ident(struct referral *r, enum ident_kind kind, enum ident_role role,
			const char *value, const char *service);
bool referral_add_ip_event(struct referral *r, const struct ip_event *ev);
bool referral_add_file(struct referral *r, const struct referral_file *f); /* takes ownership of f's strings */
bool referral_add_location(struct referral *r, const struct referral_location *loc); /* takes ownership */

/* Added by the parsers' engineer (A): */
/* Append "label: text" to notes (a line each), capped at REFERRAL_NOTES_MAX bytes. */
#define REFERRAL_NOTES_MAX 8192
bool referral_add_note(struct referral *r, const char *label, const char *text);
/* Replace *field with a copy of value (NULL clears it); false on allocation failure. */
bool referral_set_str(char **field, const char *value);
/*
 * The merge rule of a referral's rows (fragments): fill what into lacks
 * from from (each text field, incident_at), and keep the earliest
 * received_at any row gives, so that the result does not depend on the
 * order the rows come in. The store applies the same rule in SQL to a
 * referral already stored. *filled: whether anything changed. False on
 * allocation failure (into then holds what was filled before it).
 */
bool referral_fill(struct referral *into, const struct referral *from, bool *filled);

/* An event with nothing known: at TIME_NONE, port and proxy -1. */
void ip_event_init(struct ip_event *ev);

const char *ident_kind_name(enum ident_kind kind); /* "email", "phone", ... */
bool ident_kind_parse(const char *s, enum ident_kind *out);
const char *ident_role_name(enum ident_role role); /* "reported", "recipient", "victim" */
bool ident_role_parse(const char *s, enum ident_role *out);

#endif
