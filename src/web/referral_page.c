/*
 * referral_page.c - GET /referrals/{id}: one referral as the platform
 * sent it and as Himaya normalised it (identifiers, IP sightings, file
 * names and hashes — never content —, the location as given, the
 * supplements that updated it) and the case it led to.
 *
 * Who may open it: the Presidency and the police units any referral; a
 * court or a district a referral linked to one of its cases (the store's
 * rule, store_referral_get), or one of a subject of its triage queue,
 * reached from the subject page (?subject=S, the subject page's rule).
 * Anyone else gets the page of a referral that does not exist. The read
 * is audited first.
 */
#include "handlers.h"
#include "triage_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/store.h"
#include "../lib/banned.h"

/* Values come as the platform wrote them, mostly in Latin script:
 * isolated (<bdi>) so that they read in their own direction where the
 * page's label puts them. */
static void fact(struct web_request *r, enum text_id label, const char *value)
{
	if (!value || !*value)
		return;
	page_html(r, "<dt>");
	page_t(r, label);
	page_html(r, "</dt><dd><bdi>");
	page_text(r, value);
	page_html(r, "</bdi></dd>\n");
}

/* A stamp the store wrote (imported, updated). */
static void instant_fact(struct web_request *r, enum text_id label, const char *iso)
{
	if (!iso || !*iso)
		return;
	page_html(r, "<dt>");
	page_t(r, label);
	page_html(r, "</dt><dd>");
	page_instant(r, iso);
	page_html(r, "</dd>\n");
}

static void time_fact(struct web_request *r, enum text_id label, utc_time_t t)
{
	if (t == TIME_NONE)
		return;
	page_html(r, "<dt>");
	page_t(r, label);
	page_html(r, "</dt><dd>");
	web_time(r, t, true);
	page_html(r, "</dd>\n");
}

static void facts(struct web_request *r, const struct referral_record *rec)
{
	const struct referral *ref = &rec->r;
	char line[32];

	page_html(r, "<section class=\"card\"><dl class=\"facts\">\n");
	fact(r, TX_PLATFORM, vocab_label_of(store_vocab(r->st), VOCAB_PLATFORM, ref->platform, r->lang));
	fact(r, TX_REPORT_ID, ref->external_id);
	if (ref->escalation && *ref->escalation) {
		page_html(r, "<dt>");
		page_t(r, TX_URGENCY);
		page_html(r, "</dt><dd><span class=\"flag escalated\">");
		page_t(r, TX_ESCALATED);
		page_html(r, "</span> <bdi>");
		page_text(r, ref->escalation);
		page_html(r, "</bdi></dd>\n");
	}
	fact(r, TX_PRIORITY, ref->priority);
	if (ref->incident_type && *ref->incident_type) {
		page_html(r, "<dt>");
		page_t(r, TX_INCIDENT_TYPE);
		page_html(r, "</dt><dd>");
		web_incident_type(r, ref->incident_type);
		page_html(r, "</dd>\n");
	}
	fact(r, TX_ESP, ref->esp);
	fact(r, TX_P2P_NETWORK, ref->network);
	fact(r, TX_P2P_CLIENT, ref->client);
	time_fact(r, TX_RECEIVED, ref->received_at);
	time_fact(r, TX_INCIDENT_AT, ref->incident_at);
	fact(r, TX_ANNOTATIONS, ref->annotations);
	if (ref->source_file) {
		struct strbuf src = STRBUF_INIT;
		strbuf_adds(&src, ref->source_file);
		if (ref->source_line > 0) {
			snprintf(line, sizeof(line), ":%lld", (long long)ref->source_line);
			strbuf_adds(&src, line);
		}
		fact(r, TX_SOURCE_FILE, src.buf);
		strbuf_release(&src);
	}
	instant_fact(r, TX_IMPORTED_AT, rec->created_at);
	instant_fact(r, TX_UPDATED_AT, rec->updated_at);
	if (ref->content_dropped > 0) {
		page_html(r, "<dt>");
		page_t(r, TX_CONTENT_DROPPED);
		page_html(r, "</dt><dd>");
		page_int(r, ref->content_dropped);
		page_html(r, "</dd>\n");
	}
	page_html(r, "<dt>");
	page_t(r, TX_CASE);
	page_html(r, "</dt><dd id=\"referral-case\">");
	if (rec->case_id) {
		page_html(r, "<a href=\"/cases/");
		page_int(r, rec->case_id);
		page_html(r, "\">");
		page_int(r, rec->case_id);
		page_html(r, "</a>");
	} else {
		page_t(r, TX_NONE_YET);
	}
	page_html(r, "</dd>\n</dl></section>\n");
}

static void section_open(struct web_request *r, const char *id, enum text_id title, const enum text_id *cols,
			 size_t ncols)
{
	page_html(r, "<section class=\"card\" id=\"");
	page_text(r, id);
	page_html(r, "\"><h2>");
	page_t(r, title);
	page_html(r, "</h2>\n<div class=\"scroll\"><table class=\"list\">\n<thead><tr>");
	for (size_t i = 0; i < ncols; i++) {
		page_html(r, "<th>");
		page_t(r, cols[i]);
		page_html(r, "</th>");
	}
	page_html(r, "</tr></thead>\n<tbody>\n");
}

static void section_close(struct web_request *r)
{
	page_html(r, "</tbody></table></div></section>\n");
}

/* A cell of data as the platform gave it (addresses, names), isolated. */
static void cell(struct web_request *r, const char *text)
{
	page_html(r, "<td><bdi>");
	page_text(r, text ? text : "");
	page_html(r, "</bdi></td>");
}


/* NCMEC's event names (and CPS's "Seen") in the user's language; any
 * other is shown as given. */
static void event_cell(struct web_request *r, const char *event)
{
	static const struct {
		const char *name;
		enum text_id text;
	} known[] = { { "Login", TX_EV_LOGIN }, { "Registration", TX_EV_REGISTRATION },
		      { "Purchase", TX_EV_PURCHASE }, { "Upload", TX_EV_UPLOAD }, { "Seen", TX_EV_SEEN } };

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (strcmp(event, known[i].name) == 0) {
			page_html(r, "<td>");
			page_t(r, known[i].text);
			page_html(r, "</td>");
			return;
		}
	}
	cell(r, event);
}

static enum text_id role_text(enum ident_role role)
{
	switch (role) {
	case IDENT_ROLE_REPORTED: return TX_ROLE_REPORTED;
	case IDENT_ROLE_RECIPIENT: return TX_ROLE_RECIPIENT;
	case IDENT_ROLE_VICTIM: return TX_ROLE_VICTIM;
	}
	return TX_ROLE_REPORTED;
}

static void identifiers(struct web_request *r, const struct referral *ref)
{
	static const enum text_id cols[] = { TX_KIND, TX_VALUE, TX_SERVICE, TX_ROLE };

	if (!ref->nidents)
		return;
	section_open(r, "identifiers", TX_IDENTIFIERS, cols, sizeof(cols) / sizeof(cols[0]));
	for (size_t i = 0; i < ref->nidents; i++) {
		const struct referral_ident *x = &ref->idents[i];
		page_html(r, "<tr><td>");
		page_t(r, web_ident_kind_text(x->kind));
		page_html(r, "</td>");
		cell(r, x->value);
		cell(r, x->service);
		page_html(r, "<td>");
		page_t(r, role_text(x->role));
		page_html(r, "</td></tr>\n");
	}
	section_close(r);
}

static void ip_events(struct web_request *r, const struct referral *ref)
{
	static const enum text_id cols[] = { TX_IP, TX_TIME_UTC, TX_PORT, TX_EVENT, TX_PROXY, TX_ROLE };
	char port[8];

	if (!ref->nip_events)
		return;
	section_open(r, "ip-events", TX_IP_EVENTS, cols, sizeof(cols) / sizeof(cols[0]));
	for (size_t i = 0; i < ref->nip_events; i++) {
		const struct ip_event *e = &ref->ip_events[i];
		page_html(r, "<tr>");
		cell(r, e->ip);
		page_html(r, "<td>");
		web_time(r, e->at, true);
		page_html(r, "</td>");
		snprintf(port, sizeof(port), "%d", e->port);
		cell(r, e->port >= 0 ? port : "");
		event_cell(r, e->event);
		page_html(r, "<td>");
		if (e->proxy == 1)
			page_t(r, TX_YES);
		else if (e->proxy == 0)
			page_t(r, TX_NO);
		page_html(r, "</td><td>");
		page_t(r, role_text(e->role));
		page_html(r, "</td></tr>\n");
	}
	section_close(r);
}

static void hashes(struct web_request *r, const struct referral_file *f)
{
	const struct {
		const char *name, *value;
	} h[] = { { "md5", f->md5 }, { "sha1", f->sha1 }, { "sha256", f->sha256 }, { "md4", f->md4 },
		  { "btih", f->infohash } };
	bool first = true;

	page_html(r, "<td class=\"mono\"><bdi>");
	for (size_t i = 0; i < sizeof(h) / sizeof(h[0]); i++) {
		if (!h[i].value[0])
			continue;
		page_html_if(r, first, "", "<br>");
		page_text(r, h[i].name);
		page_html(r, ": ");
		page_text(r, h[i].value);
		first = false;
	}
	page_html(r, "</bdi></td>");
}

static void files(struct web_request *r, const struct referral *ref)
{
	static const enum text_id cols[] = { TX_FILE_NAME, TX_HASH, TX_INDUSTRY_CLASS };

	if (!ref->nfiles)
		return;
	section_open(r, "files", TX_FILES, cols, sizeof(cols) / sizeof(cols[0]));
	for (size_t i = 0; i < ref->nfiles; i++) {
		const struct referral_file *f = &ref->files[i];
		page_html(r, "<tr>");
		cell(r, f->name);
		hashes(r, f);
		cell(r, f->industry_class);
		page_html(r, "</tr>\n");
	}
	section_close(r);
}

static void locations(struct web_request *r, const struct referral *ref)
{
	static const enum text_id cols[] = { TX_IP, TX_COUNTRY, TX_REGION, TX_CITY, TX_ISP, TX_ASN };

	if (!ref->nlocations)
		return;
	section_open(r, "locations", TX_LOCATIONS, cols, sizeof(cols) / sizeof(cols[0]));
	for (size_t i = 0; i < ref->nlocations; i++) {
		const struct referral_location *l = &ref->locations[i];
		page_html(r, "<tr>");
		cell(r, l->ip);
		cell(r, l->country);
		cell(r, l->region);
		cell(r, l->city);
		cell(r, l->isp);
		cell(r, l->asn);
		page_html(r, "</tr>\n");
	}
	section_close(r);
}

static void revisions(struct web_request *r, const struct referral_record *rec)
{
	static const enum text_id cols[] = { TX_KIND, TX_TIME_UTC, TX_SOURCE_FILE };

	if (!rec->nrevisions)
		return;
	section_open(r, "revisions", TX_REVISIONS, cols, sizeof(cols) / sizeof(cols[0]));
	for (size_t i = 0; i < rec->nrevisions; i++) {
		const struct referral_revision *v = &rec->revisions[i];
		page_html(r, "<tr>");
		cell(r, v->kind);
		page_html(r, "<td>");
		page_instant(r, v->at);
		page_html(r, "</td>");
		cell(r, v->source_file);
		page_html(r, "</tr>\n");
	}
	section_close(r);
}

/* --- a court's way in: a subject of its queue ---------------------------- */

struct member_find {
	int64_t referral_id;
	bool found;
};

static int member_is(int64_t referral_id, int64_t subject_id, bool needs_port, void *ctx)
{
	struct member_find *m = ctx;
	(void)subject_id;
	(void)needs_port;

	m->found |= referral_id == m->referral_id;
	return HIM_OK;
}

/*
 * May the user read referral id as one of subject ?subject=S: is the
 * referral one of S's, and S in the user's triage queue (the subject
 * page's rule)? HIM_ENOTFOUND when not.
 */
static int through_subject(struct web_request *r, int64_t id, struct err *err)
{
	const char *q = web_query(r, "subject");
	struct member_find m = { id, false };
	struct web_triage_view v;
	struct triage_list rows;
	char *end;
	long long subject;
	int rc;

	subject = q ? strtoll(q, &end, 10) : 0;
	if (!q || *end || subject < 1)
		return err_set(err, HIM_ENOTFOUND, "no referral %lld", (long long)id);
	if ((rc = store_subject_members(r->st, subject, member_is, &m, err)) != HIM_OK)
		return rc;
	if (!m.found)
		return err_set(err, HIM_ENOTFOUND, "no referral %lld", (long long)id);
	triage_list_init(&rows);
	rc = web_triage_view_init(r, &v, err);
	if (rc == HIM_OK)
		rc = web_triage_build(r, &v, NULL, subject, &rows, err);
	if (rc == HIM_OK && rows.n == 0)
		rc = err_set(err, HIM_ENOTFOUND, "no referral %lld", (long long)id);
	triage_list_release(&rows);
	web_triage_view_release(&v);
	return rc;
}

void web_referral_page(struct web_request *r)
{
	struct referral_record rec;
	struct scope national = scope_national();
	struct err err = ERR_INIT;
	char object[40], title[160];
	int rc;

	referral_record_init(&rec);
	rc = store_referral_get(r->st, &r->read_scope, r->ids[0], &rec, &err);
	if (rc == HIM_ENOTFOUND && web_query(r, "subject")) {
		err_clear(&err);
		referral_record_init(&rec);
		if ((rc = through_subject(r, r->ids[0], &err)) == HIM_OK)
			rc = store_referral_get(r->st, &national, r->ids[0], &rec, &err);
	}
	if (rc == HIM_ENOTFOUND || rc == HIM_EFORBIDDEN) {
		page_error(r, 404, TX_NOT_FOUND);
		goto out;
	}
	if (rc != HIM_OK) {
		web_internal_error(r, &err);
		goto out;
	}
	snprintf(object, sizeof(object), "referral:%lld", (long long)rec.id);
	if (!web_audit(r, "referral_read", object, NULL))
		goto out;
	snprintf(title, sizeof(title), "%lld — %s:%s", (long long)rec.id, rec.r.platform, rec.r.external_id);
	page_begin(r, TX_REFERRAL, title, NAV_REFERRALS);
	facts(r, &rec);
	identifiers(r, &rec.r);
	ip_events(r, &rec.r);
	files(r, &rec.r);
	locations(r, &rec.r);
	revisions(r, &rec);
	page_end(r);
out:
	referral_record_release(&rec);
}
