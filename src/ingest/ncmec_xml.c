/*
 * ncmec_xml.c - NCMEC CyberTipline reports in XML (FORMATS.md §1), read
 * with libxml2's streaming xmlTextReader: one node at a time, so memory
 * stays that of one report whatever the file's size.
 *
 * A file is <reports> of <cyberTiplineReport reportId priority
 * receivedDateTime> envelopes (each a <report> and <geoLookup/>s), or one
 * bare <report> (its id in a reportId attribute or child). Elements are
 * recognised by name and by the block they sit in (a person, an
 * ipCaptureEvent, a fileDetails, an estimatedLocation); unknown elements
 * are passed over unread.
 *
 * Safety: XML_PARSE_NONET, and neither NOENT, DTDLOAD nor HUGE, so no
 * external entity is ever fetched, internal entities are not substituted
 * (a field holding an entity reference is refused), and libxml2's
 * amplification limits stop entity bombs. Elements that carry file
 * content by their name are skipped with xmlTextReaderNext, never read;
 * a field whose text is a data: URL or a base64 blob is dropped. Both are
 * counted in content_dropped.
 */
#include "referral_reader.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/xmlreader.h>

#include "referral_fields.h"
#include "referral_source.h"
#include "../lib/banned.h"

#define MAX_DEPTH 300
#define TEXT_MAX 16384 /* no field Himaya reads is longer; beyond it, text is not copied */

enum block { B_NONE, B_EVENT, B_DEVICE, B_FILE, B_LOC };

/*
 * The element names Himaya looks at, interned in the reader's dictionary.
 * libxml2's reader interns every element name it reads there, so two names
 * are the same string exactly when they are the same pointer: comparing
 * a node's name is one pointer comparison instead of a strcmp (the walk
 * compares each element against dozens of names).
 */
struct known_names {
	const xmlChar *additionalInfo, *address, *associatedAccount, *batchedReport, *city, *client, *countryCode,
		*cyberTiplineReport, *dateTime, *deviceId, *displayName, *email, *escalateToHighPriority,
		*espIdentifier, *espService, *estimatedLocation, *eventName, *fileDetails, *fileName, *fileNames,
		*geoLookup, *idType, *idValue, *incidentDateTime, *incidentDateTimeDescription, *incidentSummary,
		*incidentType, *industryClassification, *intendedRecipient, *ipAddress, *ipCaptureEvent,
		*originalFileHash, *originalFileName, *peer2peerIncident, *personOrUserReported, *phone, *platform,
		*port, *possibleProxy, *profileUrl, *region, *report, *reportAnnotations, *reportId,
		*reportingPerson, *screenName, *url, *victim, *webPageIncident;
};

#define K(n) (st->known.n)
#define KNOWN_CACHE 64 /* direct-mapped cache of "is this a content element" */

static const char *const LEAF_NAMES[] = {
	"reportId", "incidentType", "escalateToHighPriority", "incidentDateTime", "incidentDateTimeDescription",
	"platform", "url", "email", "phone", "espIdentifier", "espService", "screenName", "displayName",
	"profileUrl", "ipAddress", "eventName", "dateTime", "port", "possibleProxy", "idType", "idValue",
	"city", "region", "countryCode", "fileName", "originalFileName", "originalFileHash",
	"industryClassification", "client", "fileNames", "additionalInfo",
};

struct xml_person {
	int depth, index;
	enum ident_role role;
};

struct xml_state {
	xmlTextReaderPtr rd;
	struct known_names known;
	const xmlChar *leaves[sizeof(LEAF_NAMES) / sizeof(LEAF_NAMES[0])];
	struct {
		const xmlChar *name;
		bool content;
	} content_cache[KNOWN_CACHE];
	struct referral_source src;
	struct referral_rec rec;
	const char *file;
	const xmlChar *names[MAX_DEPTH];
	long lines[MAX_DEPTH];
	int depth;
	/*
	 * The element path of messages, kept as the walk goes: plen[d] is
	 * its length down to the element at depth d. Built once per element
	 * rather than once per field read (it was a tenth of the walk).
	 */
	struct strbuf path;
	size_t plen[MAX_DEPTH];

	bool in_rec;
	int rec_depth, nrec;
	long rec_line;
	char *reporter_email, *platform;
	struct strbuf annotations;

	struct xml_person persons[16];
	int npersons;

	/* The field being read: text of the element at text_depth. */
	bool collecting, text_long, text_entity;
	int text_depth;
	struct strbuf text;
	char *attr; /* hashType / countryCallingCode of that element */

	/* Blocks: an ipCaptureEvent, deviceId, fileDetails, estimatedLocation. */
	int ev_depth, dev_depth, file_depth, loc_depth;
	char *ev_ip, *ev_when, *ev_port, *ev_proxy, *ev_name;
	char *dev_type, *dev_value;
	struct referral_file f;
	struct referral_location loc;

	/* The first libxml2 error, for a fatal stop. */
	bool xml_error;
	long xml_error_line;
	char xml_error_msg[200];
};

/* name and known both interned in the reader's dictionary (see known_names). */
static bool is(const xmlChar *name, const xmlChar *known)
{
	return name && name == known;
}

/* Intern the names the walk compares against; false if out of memory. */
static bool known_init(struct xml_state *st)
{
#define KNOWN(n) { offsetof(struct known_names, n), #n }
	static const struct {
		size_t offset;
		const char *name;
	} table[] = {
		KNOWN(additionalInfo), KNOWN(address), KNOWN(associatedAccount), KNOWN(batchedReport),
		KNOWN(city), KNOWN(client), KNOWN(countryCode), KNOWN(cyberTiplineReport), KNOWN(dateTime),
		KNOWN(deviceId), KNOWN(displayName), KNOWN(email), KNOWN(escalateToHighPriority),
		KNOWN(espIdentifier), KNOWN(espService), KNOWN(estimatedLocation), KNOWN(eventName),
		KNOWN(fileDetails), KNOWN(fileName), KNOWN(fileNames), KNOWN(geoLookup), KNOWN(idType),
		KNOWN(idValue), KNOWN(incidentDateTime), KNOWN(incidentDateTimeDescription),
		KNOWN(incidentSummary), KNOWN(incidentType), KNOWN(industryClassification),
		KNOWN(intendedRecipient), KNOWN(ipAddress), KNOWN(ipCaptureEvent), KNOWN(originalFileHash),
		KNOWN(originalFileName), KNOWN(peer2peerIncident), KNOWN(personOrUserReported), KNOWN(phone),
		KNOWN(platform), KNOWN(port), KNOWN(possibleProxy), KNOWN(profileUrl), KNOWN(region),
		KNOWN(report), KNOWN(reportAnnotations), KNOWN(reportId), KNOWN(reportingPerson),
		KNOWN(screenName), KNOWN(url), KNOWN(victim), KNOWN(webPageIncident),
	};
#undef KNOWN
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		const xmlChar *v = xmlTextReaderConstString(st->rd, (const xmlChar *)table[i].name);
		if (!v)
			return false;
		memcpy((char *)&st->known + table[i].offset, &v, sizeof(v));
	}
	for (size_t i = 0; i < sizeof(LEAF_NAMES) / sizeof(LEAF_NAMES[0]); i++)
		if (!(st->leaves[i] = xmlTextReaderConstString(st->rd, (const xmlChar *)LEAF_NAMES[i])))
			return false;
	return true;
}

/* ident_is_content_name() of an interned name, remembered per name. */
static bool content_name(struct xml_state *st, const xmlChar *name)
{
	size_t slot = ((uintptr_t)name >> 4) % KNOWN_CACHE;

	if (st->content_cache[slot].name != name) {
		st->content_cache[slot].name = name;
		st->content_cache[slot].content = ident_is_content_name((const char *)name);
	}
	return st->content_cache[slot].content;
}

static const xmlChar *parent(const struct xml_state *st, int up)
{
	return st->depth - 1 - up >= 0 ? st->names[st->depth - 1 - up] : NULL;
}

static void set(char **field, const char *value)
{
	free(*field);
	*field = value ? xstrdup(value) : NULL;
}

/* The path gets the element at depth (its parents' path is there already). */
static void path_push(struct xml_state *st, int depth, const xmlChar *name)
{
	st->path.len = depth ? st->plen[depth - 1] : 0;
	st->path.buf[st->path.len] = '\0';
	if (depth)
		strbuf_addch(&st->path, '/');
	strbuf_adds(&st->path, (const char *)name);
	st->plen[depth] = st->path.len;
}

/* "reports/cyberTiplineReport[3]/report/…/name" of the current element,
 * valid until the walk moves on. */
static const char *path_now(struct xml_state *st)
{
	if (st->depth <= 0)
		return "";
	st->path.len = st->plen[st->depth - 1];
	st->path.buf[st->path.len] = '\0';
	return st->path.buf;
}

/* The same, copied into sb (to append an attribute's name). */
static const char *path_of(struct xml_state *st, struct strbuf *sb)
{
	strbuf_reset(sb);
	strbuf_adds(sb, path_now(st));
	return sb->buf;
}

static void fail(struct xml_state *st, const char *fmt, const char *detail)
{
	struct strbuf p = STRBUF_INIT;
	referral_rec_fail(&st->rec, st->lines[st->depth - 1], path_of(st, &p), fmt, detail);
	strbuf_release(&p);
}

static void on_xml_error(void *arg, xmlErrorPtr e)
{
	struct xml_state *st = arg;

	if (!e || e->level < XML_ERR_ERROR || st->xml_error)
		return;
	st->xml_error = true;
	st->xml_error_line = e->line;
	snprintf(st->xml_error_msg, sizeof(st->xml_error_msg), "%s", e->message ? e->message : "malformed XML");
	size_t n = strlen(st->xml_error_msg);
	while (n && (st->xml_error_msg[n - 1] == '\n' || st->xml_error_msg[n - 1] == ' '))
		st->xml_error_msg[--n] = '\0';
}

static char *attribute(struct xml_state *st, const char *name)
{
	xmlChar *v = xmlTextReaderGetAttribute(st->rd, (const xmlChar *)name);
	char *copy = v ? xstrdup((const char *)v) : NULL;
	long line;

	xmlFree(v);
	if (copy && st->in_rec && referral_source_bad_text(&st->src, copy, st->rec_line, &line)) {
		struct strbuf p = STRBUF_INIT;
		path_of(st, &p);
		strbuf_addf(&p, "/@%s", name);
		referral_rec_fail(&st->rec, line, p.buf, "invalid UTF-8 in this attribute");
		strbuf_release(&p);
		free(copy);
		return NULL;
	}
	return copy;
}

static void clear_blocks(struct xml_state *st)
{
	set(&st->ev_ip, NULL), set(&st->ev_when, NULL), set(&st->ev_port, NULL);
	set(&st->ev_proxy, NULL), set(&st->ev_name, NULL);
	set(&st->dev_type, NULL), set(&st->dev_value, NULL);
	referral_file_clear(&st->f);
	free(st->loc.ip), free(st->loc.country), free(st->loc.region), free(st->loc.city);
	free(st->loc.isp), free(st->loc.asn);
	memset(&st->loc, 0, sizeof(st->loc));
	st->ev_depth = st->dev_depth = st->file_depth = st->loc_depth = -1;
}

static void start_record(struct xml_state *st, int depth, bool envelope)
{
	long line = st->lines[depth];
	char *v;

	st->in_rec = true;
	st->rec_depth = depth;
	st->rec_line = line;
	st->nrec++;
	/* The record's element carries its number in the path. */
	st->path.len = st->plen[depth];
	strbuf_addf(&st->path, "[%d]", st->nrec);
	st->plen[depth] = st->path.len;
	st->npersons = 0;
	set(&st->reporter_email, NULL);
	set(&st->platform, NULL);
	strbuf_reset(&st->annotations);
	clear_blocks(st);
	referral_source_forget(&st->src, line);
	referral_rec_start(&st->rec, "ncmec", line);
	if ((v = attribute(st, "reportId"))) {
		referral_rec_text(&st->rec, line, NULL, &st->rec.r.external_id, v);
		free(v);
	}
	if (!envelope)
		return;
	if ((v = attribute(st, "priority"))) {
		referral_rec_text(&st->rec, line, NULL, &st->rec.r.priority, v);
		free(v);
	}
	if ((v = attribute(st, "receivedDateTime"))) {
		struct strbuf p = STRBUF_INIT;
		path_of(st, &p);
		strbuf_adds(&p, "/@receivedDateTime");
		referral_rec_time(&st->rec, line, p.buf, v, IDENT_TIME_DATE_OK, &st->rec.r.received_at);
		strbuf_release(&p);
		free(v);
	}
	if ((v = attribute(st, "espName"))) {
		referral_rec_text(&st->rec, line, NULL, &st->rec.r.esp, v);
		free(v);
	}
}

static void geo_lookup(struct xml_state *st)
{
	struct referral_location loc;
	struct ident_ip ip;
	struct err e = ERR_INIT;
	char cc[3];
	char *v;

	memset(&loc, 0, sizeof(loc));
	if ((v = attribute(st, "ipAddress"))) {
		if (ident_ip_parse(v, &ip, &e) != HIM_OK)
			fail(st, "geoLookup: %s", e.msg);
		else
			loc.ip = xstrdup(ip.text);
		free(v);
	}
	if ((v = attribute(st, "country"))) {
		if (ident_country(v, cc))
			loc.country = xstrdup(cc);
		free(v);
	}
	loc.region = attribute(st, "region");
	loc.city = attribute(st, "city");
	loc.isp = attribute(st, "isp");
	loc.asn = attribute(st, "asn");
	referral_add_location(&st->rec.r, &loc);
}

static enum ident_role current_role(const struct xml_state *st)
{
	return st->npersons ? st->persons[st->npersons - 1].role : IDENT_ROLE_REPORTED;
}

static int current_person(const struct xml_state *st)
{
	return st->npersons ? st->persons[st->npersons - 1].index : -1;
}

static bool is_leaf(const struct xml_state *st, const xmlChar *name)
{
	if (is(parent(st, 1), K(reportAnnotations)))
		return true;
	for (size_t i = 0; i < sizeof(st->leaves) / sizeof(st->leaves[0]); i++)
		if (is(name, st->leaves[i]))
			return true;
	return false;
}

static void element_start(struct xml_state *st, const xmlChar *name, int depth)
{
	if (!st->in_rec) {
		if (is(name, K(cyberTiplineReport)))
			start_record(st, depth, true);
		else if (is(name, K(report)))
			start_record(st, depth, false);
		return;
	}
	if (is(name, K(personOrUserReported)) || is(name, K(intendedRecipient)) || is(name, K(victim)) ||
	    is(name, K(associatedAccount))) {
		enum ident_role role = is(name, K(intendedRecipient)) ? IDENT_ROLE_RECIPIENT
				     : is(name, K(victim))            ? IDENT_ROLE_VICTIM
				     : is(name, K(associatedAccount)) ? current_role(st)
								     : IDENT_ROLE_REPORTED;
		if (st->npersons < 16) {
			st->persons[st->npersons].depth = depth;
			st->persons[st->npersons].role = role;
			st->persons[st->npersons].index = referral_rec_person(&st->rec);
			st->npersons++;
		}
	} else if (is(name, K(ipCaptureEvent))) {
		st->ev_depth = depth;
	} else if (is(name, K(deviceId))) {
		st->dev_depth = depth;
	} else if (is(name, K(fileDetails))) {
		referral_file_clear(&st->f);
		st->file_depth = depth;
	} else if (is(name, K(estimatedLocation))) {
		st->loc_depth = depth;
	} else if (is(name, K(geoLookup))) {
		geo_lookup(st);
	} else if (is(name, K(batchedReport))) {
		char *reason = attribute(st, "reason");
		if (st->annotations.len)
			strbuf_addch(&st->annotations, ',');
		strbuf_adds(&st->annotations, "batchedReport");
		if (reason)
			referral_add_note(&st->rec.r, "batchedReport", reason);
		free(reason);
	}
	if (is_leaf(st, name)) {
		st->collecting = true;
		st->text_depth = depth;
		st->text_long = st->text_entity = false;
		strbuf_reset(&st->text);
		free(st->attr);
		st->attr = is(name, K(originalFileHash)) ? attribute(st, "hashType")
			 : is(name, K(phone))            ? attribute(st, "countryCallingCode")
							: NULL;
	}
}

static void field(struct xml_state *st, const xmlChar *name, const char *text)
{
	const xmlChar *up = parent(st, 1);
	struct referral *r = &st->rec.r;
	long line = st->lines[st->depth - 1];
	const char *path = path_now(st);
	bool in_person = st->npersons > 0;

	if (st->ev_depth >= 0 && is(up, K(ipCaptureEvent))) {
		char **slot = is(name, K(ipAddress)) ? &st->ev_ip : is(name, K(dateTime)) ? &st->ev_when
			    : is(name, K(port)) ? &st->ev_port : is(name, K(possibleProxy)) ? &st->ev_proxy
			    : is(name, K(eventName)) ? &st->ev_name : NULL;
		if (slot)
			set(slot, text);
	} else if (st->dev_depth >= 0 && is(up, K(deviceId))) {
		if (is(name, K(idType)))
			set(&st->dev_type, text);
		else if (is(name, K(idValue)))
			set(&st->dev_value, text);
	} else if (st->loc_depth >= 0 && is(up, K(estimatedLocation))) {
		char cc[3];
		if (is(name, K(city)))
			referral_rec_text(&st->rec, line, path, &st->loc.city, text);
		else if (is(name, K(region)))
			referral_rec_text(&st->rec, line, path, &st->loc.region, text);
		else if (is(name, K(countryCode)) && ident_country(text, cc))
			set(&st->loc.country, cc);
	} else if (st->file_depth >= 0 && is(up, K(fileDetails))) {
		if (is(name, K(originalFileName)) || (is(name, K(fileName)) && !st->f.name))
			referral_rec_text(&st->rec, line, path, &st->f.name, text);
		else if (is(name, K(originalFileHash)))
			referral_rec_hash(&st->rec, line, path, &st->f, st->attr, text);
		else if (is(name, K(industryClassification)))
			referral_rec_text(&st->rec, line, path, &st->f.industry_class, text);
	} else if (is(up, K(reportAnnotations))) {
		if (ident_bool(text) == 1) {
			if (st->annotations.len)
				strbuf_addch(&st->annotations, ',');
			strbuf_adds(&st->annotations, (const char *)name);
		}
	} else if (is(up, K(incidentSummary))) {
		if (is(name, K(incidentType)))
			referral_rec_text(&st->rec, line, path, &r->incident_type, text);
		else if (is(name, K(incidentDateTime)))
			referral_rec_time(&st->rec, line, path, text, 0, &r->incident_at);
		else if (is(name, K(escalateToHighPriority)) && ident_bool(text) != 0)
			referral_rec_text(&st->rec, line, path, &r->escalation, text); /* free text: the why */
		else if (is(name, K(platform)))
			set(&st->platform, text);
		else if (is(name, K(incidentDateTimeDescription)))
			referral_add_note(r, "incidentDateTimeDescription", text);
	} else if (is(up, K(webPageIncident)) && is(name, K(url))) {
		referral_rec_ident(&st->rec, IDENT_URL, IDENT_ROLE_REPORTED, -1, text, NULL, path);
	} else if (is(up, K(peer2peerIncident))) {
		if (is(name, K(client)))
			referral_rec_text(&st->rec, line, path, &r->client, text);
		else if (is(name, K(fileNames))) {
			struct referral_file f;
			referral_file_init(&f);
			referral_rec_text(&st->rec, line, path, &f.name, text);
			if (f.name)
				referral_add_file(r, &f);
		}
	} else if (is(up, K(reportingPerson)) && is(name, K(email))) {
		set(&st->reporter_email, text);
	} else if (in_person && !is(up, K(address))) {
		int who = current_person(st);
		enum ident_role role = current_role(st);
		if (is(name, K(email)))
			referral_rec_ident(&st->rec, IDENT_EMAIL, role, who, text, NULL, path);
		else if (is(name, K(phone)))
			referral_rec_ident(&st->rec, IDENT_PHONE, role, who, text, st->attr, path);
		else if (is(name, K(espIdentifier)))
			referral_rec_ident(&st->rec, IDENT_ESP_ACCOUNT, role, who, text, NULL, path);
		else if (is(name, K(espService)) || (is(name, K(platform)) && is(up, K(associatedAccount))))
			referral_rec_service(&st->rec, who, text);
		else if (is(name, K(screenName)))
			referral_rec_ident(&st->rec, IDENT_SCREEN_NAME, role, who, text, NULL, path);
		else if (is(name, K(displayName)))
			referral_rec_ident(&st->rec, IDENT_DISPLAY_NAME, role, who, text, NULL, path);
		else if (is(name, K(profileUrl)))
			referral_rec_ident(&st->rec, IDENT_PROFILE_URL, role, who, text, NULL, path);
	} else if (st->depth - 1 == st->rec_depth + 1 || (is(up, K(report)) && st->in_rec)) {
		if (is(name, K(reportId)) && !r->external_id)
			referral_rec_text(&st->rec, line, path, &r->external_id, text);
		else if (is(name, K(additionalInfo)))
			referral_add_note(r, "additionalInfo", text);
	}
}

static bool id_ok(const char *id)
{
	size_t n = strlen(id);
	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strchr("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_.", id[i]))
			return false;
	return true;
}

static int end_record(struct xml_state *st, const struct referral_reader_ops *ops, void *ctx,
		      struct err *err)
{
	struct referral *r = &st->rec.r;
	const char *esp = r->esp ? r->esp : st->platform;
	int rc;

	if (!esp && st->reporter_email && strchr(st->reporter_email, '@'))
		esp = strchr(st->reporter_email, '@') + 1; /* the ESP's own contact domain */
	if (!r->esp && esp)
		referral_rec_text(&st->rec, st->rec_line, NULL, &r->esp, esp);
	if (st->annotations.len)
		referral_set_str(&r->annotations, st->annotations.buf);
	if (!r->external_id)
		referral_rec_fail(&st->rec, st->rec_line, NULL,
				  "no reportId (an attribute of cyberTiplineReport or report, or a reportId element)");
	else if (!id_ok(r->external_id))
		referral_rec_fail(&st->rec, st->rec_line, NULL,
				  "reportId '%.40s' is not a report number (letters, digits, - _ . only)", r->external_id);
	referral_rec_finish(&st->rec, r->esp);
	st->in_rec = false;
	rc = referral_rec_deliver(&st->rec, ops, ctx, err);
	if (ops->on_progress && st->nrec % 1000 == 0)
		ops->on_progress(st->src.bytes_read, st->src.size, ctx);
	return rc;
}

static int element_end(struct xml_state *st, const struct referral_reader_ops *ops, void *ctx,
		       struct err *err)
{
	const xmlChar *name = st->names[st->depth - 1];
	int depth = st->depth - 1;
	long line;

	if (!st->in_rec)
		return 0;
	if (st->collecting && st->text_depth == depth) {
		st->collecting = false;
		if (st->text_entity)
			fail(st, "%s", "an entity reference (&name;) in a field: Himaya expands no DTD entities");
		else if (st->text_long || ident_is_file_content(st->text.buf, st->text.len))
			st->rec.r.content_dropped++; /* never copied further, never stored */
		else if (referral_source_bad_text(&st->src, st->text.buf, st->rec_line, &line)) {
			struct strbuf p = STRBUF_INIT;
			referral_rec_fail(&st->rec, line, path_of(st, &p), "invalid UTF-8 (bytes that are not text)");
			strbuf_release(&p);
		} else
			field(st, name, st->text.buf);
	}
	if (depth == st->ev_depth) {
		referral_rec_ip_event(&st->rec, st->lines[depth], path_now(st), current_role(st), st->ev_ip,
				      st->ev_when, st->ev_port, st->ev_proxy, st->ev_name);
		set(&st->ev_ip, NULL), set(&st->ev_when, NULL), set(&st->ev_port, NULL);
		set(&st->ev_proxy, NULL), set(&st->ev_name, NULL);
		st->ev_depth = -1;
	} else if (depth == st->dev_depth) {
		if (st->dev_type && st->dev_value) {
			struct strbuf v = STRBUF_INIT;
			strbuf_addf(&v, "%s:%s", st->dev_type, st->dev_value);
			referral_rec_ident(&st->rec, IDENT_DEVICE, current_role(st), -1, v.buf, NULL, "deviceId");
			strbuf_release(&v);
		}
		set(&st->dev_type, NULL), set(&st->dev_value, NULL);
		st->dev_depth = -1;
	} else if (depth == st->file_depth) {
		if (!referral_file_empty(&st->f)) {
			referral_add_file(&st->rec.r, &st->f);
			referral_file_init(&st->f);
		}
		referral_file_clear(&st->f);
		st->file_depth = -1;
	} else if (depth == st->loc_depth) {
		if (st->loc.city || st->loc.region || st->loc.country) {
			referral_add_location(&st->rec.r, &st->loc);
			memset(&st->loc, 0, sizeof(st->loc));
		}
		st->loc_depth = -1;
	} else if (st->npersons && st->persons[st->npersons - 1].depth == depth) {
		st->npersons--;
	} else if (depth == st->rec_depth) {
		return end_record(st, ops, ctx, err);
	}
	return 0;
}

static void on_text(struct xml_state *st, int depth)
{
	const xmlChar *v;
	size_t n;

	if (!st->collecting || depth != st->text_depth + 1)
		return;
	v = xmlTextReaderConstValue(st->rd);
	n = v ? strlen((const char *)v) : 0;
	if (st->text.len + n > TEXT_MAX) {
		st->text_long = true; /* a blob: stop copying it */
		return;
	}
	strbuf_add(&st->text, v, n);
}

static int xml_io_read(void *ctx, char *buf, int len)
{
	long n = referral_source_read(ctx, buf, (size_t)len);
	return n < 0 ? -1 : (int)n;
}

static int xml_io_close(void *ctx)
{
	(void)ctx;
	return 0;
}

static int walk(struct xml_state *st, const struct referral_reader_ops *ops, void *ctx, struct err *err)
{
	int ret = xmlTextReaderRead(st->rd), rc = 0;

	while (ret == 1 && !rc) {
		int type = xmlTextReaderNodeType(st->rd);
		int depth = xmlTextReaderDepth(st->rd);
		bool advanced = false;

		if (type == XML_READER_TYPE_ELEMENT) {
			const xmlChar *name = xmlTextReaderConstLocalName(st->rd);
			bool empty = xmlTextReaderIsEmptyElement(st->rd) == 1;

			if (st->in_rec && content_name(st, name)) {
				st->rec.r.content_dropped++;
				if (!empty) {
					ret = xmlTextReaderNext(st->rd); /* the subtree is never read */
					advanced = true;
				}
			} else if (depth < MAX_DEPTH) {
				st->depth = depth + 1;
				st->names[depth] = name;
				st->lines[depth] = xmlGetLineNo(xmlTextReaderCurrentNode(st->rd));
				path_push(st, depth, name);
				element_start(st, name, depth);
				if (empty)
					rc = element_end(st, ops, ctx, err);
			}
		} else if (type == XML_READER_TYPE_END_ELEMENT) {
			if (depth < MAX_DEPTH) {
				st->depth = depth + 1;
				rc = element_end(st, ops, ctx, err);
			}
		} else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
			   type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
			on_text(st, depth);
		} else if (type == XML_READER_TYPE_ENTITY_REFERENCE) {
			if (st->collecting)
				st->text_entity = true;
		}
		if (!advanced && !rc)
			ret = xmlTextReaderRead(st->rd);
	}
	if (rc)
		return rc;
	if (ret < 0 || st->xml_error) {
		long line = st->xml_error ? st->xml_error_line : (long)xmlTextReaderGetParserLineNumber(st->rd);
		const char *msg = st->xml_error ? st->xml_error_msg : "malformed XML";
		if (st->in_rec && ops->on_reject) {
			struct ingest_reject rej = { .file = st->file, .line = line, .path = NULL,
						     .record_id = st->rec.r.external_id,
						     .reason = "the XML breaks off inside this report",
						     .content_dropped = st->rec.r.content_dropped };
			ops->on_reject(&rej, ctx);
		}
		return err_set(err, HIM_EINPUT, "%s:%ld: malformed XML, reading stopped here: %s (%d report%s before it read)",
			       st->file, line, msg, st->nrec - (st->in_rec ? 1 : 0), st->nrec - (st->in_rec ? 1 : 0) == 1 ? "" : "s");
	}
	if (st->nrec == 0)
		return err_set(err, HIM_EINPUT, "%s: no report in this file (expected <reports>, <cyberTiplineReport> or <report>)",
			       st->file);
	if (ops->on_progress)
		ops->on_progress(st->src.bytes_read, st->src.size, ctx);
	return HIM_OK;
}

int ncmec_xml_read(const char *path, const struct referral_reader_ops *ops, void *ctx,
		   utc_time_t now, struct err *err)
{
	struct xml_state *st = xcalloc(1, sizeof(*st));
	int rc;

	st->file = path;
	if ((rc = referral_source_open(&st->src, path, true, err)) != HIM_OK) {
		free(st);
		return rc;
	}
	xmlInitParser();
	/* NONET: nothing fetched; no NOENT, DTDLOAD or HUGE (see the header). */
	st->rd = xmlReaderForIO(xml_io_read, xml_io_close, &st->src, path, NULL,
				XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
	if (!st->rd) {
		referral_source_close(&st->src);
		free(st);
		return err_set(err, HIM_ENOMEM, "%s: cannot start the XML reader", path);
	}
	if (!known_init(st)) {
		xmlFreeTextReader(st->rd);
		referral_source_close(&st->src);
		free(st);
		return err_set(err, HIM_ENOMEM, "%s: cannot start the XML reader", path);
	}
	xmlTextReaderSetStructuredErrorHandler(st->rd, on_xml_error, st);
	referral_rec_init(&st->rec, path, now);
	strbuf_init(&st->text);
	strbuf_init(&st->annotations);
	strbuf_init(&st->path);
	st->ev_depth = st->dev_depth = st->file_depth = st->loc_depth = -1;

	rc = walk(st, ops, ctx, err);

	xmlFreeTextReader(st->rd);
	clear_blocks(st);
	referral_rec_release(&st->rec);
	strbuf_release(&st->text);
	strbuf_release(&st->annotations);
	strbuf_release(&st->path);
	free(st->attr);
	free(st->reporter_email);
	free(st->platform);
	referral_source_close(&st->src);
	free(st);
	return rc;
}
