/*
 * referral_fields.c - a referral record under construction: fields
 * normalised through core/ident.h, the first fatal problem remembered,
 * service-scoped identifiers resolved at the end (referral_fields.h).
 */
#include "referral_fields.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

void referral_rec_init(struct referral_rec *rec, const char *file, utc_time_t now)
{
	memset(rec, 0, sizeof(*rec));
	referral_init(&rec->r);
	rec->file = file;
	rec->now = now;
	strbuf_init(&rec->bad_path);
	strbuf_init(&rec->bad_reason);
	strbuf_init(&rec->tmp);
}

static void clear_pending(struct referral_rec *rec)
{
	for (size_t i = 0; i < rec->npend; i++)
		free(rec->pend[i].value);
	rec->npend = 0;
	for (int i = 0; i < rec->npersons; i++)
		free(rec->service[i]);
	rec->npersons = 0;
}

void referral_rec_start(struct referral_rec *rec, const char *platform, long line)
{
	referral_release(&rec->r);
	clear_pending(rec);
	snprintf(rec->r.platform, sizeof(rec->r.platform), "%s", platform);
	rec->r.source_file = xstrdup(rec->file);
	rec->r.source_line = line;
	rec->bad = false;
	rec->bad_line = 0;
	strbuf_reset(&rec->bad_path);
	strbuf_reset(&rec->bad_reason);
}

void referral_rec_release(struct referral_rec *rec)
{
	referral_release(&rec->r);
	clear_pending(rec);
	free(rec->pend);
	free(rec->service);
	strbuf_release(&rec->bad_path);
	strbuf_release(&rec->bad_reason);
	strbuf_release(&rec->tmp);
	rec->pend = NULL;
	rec->service = NULL;
}

void referral_rec_fail(struct referral_rec *rec, long line, const char *path, const char *fmt, ...)
{
	va_list ap;
	struct err e = ERR_INIT;

	if (rec->bad)
		return; /* the first problem is the one to fix first */
	rec->bad = true;
	rec->bad_line = line;
	strbuf_adds(&rec->bad_path, path ? path : "");
	va_start(ap, fmt);
	err_setv(&e, HIM_EINPUT, fmt, ap);
	va_end(ap);
	strbuf_adds(&rec->bad_reason, e.msg);
}

int referral_rec_person(struct referral_rec *rec)
{
	rec->service = xrealloc(rec->service, (size_t)(rec->npersons + 1) * sizeof(*rec->service));
	rec->service[rec->npersons] = NULL;
	return rec->npersons++;
}

void referral_rec_service(struct referral_rec *rec, int person, const char *text)
{
	struct err e = ERR_INIT;

	if (person < 0 || person >= rec->npersons || !text)
		return;
	if (ident_service_normalise(text, &rec->tmp, &e) != HIM_OK)
		return;
	free(rec->service[person]);
	rec->service[person] = xstrdup(rec->tmp.buf);
}

static bool scoped(enum ident_kind kind)
{
	return kind == IDENT_ESP_ACCOUNT || kind == IDENT_SCREEN_NAME || kind == IDENT_DISPLAY_NAME;
}

void referral_rec_ident(struct referral_rec *rec, enum ident_kind kind, enum ident_role role, int person,
			const char *text, const char *country_code, const char *path)
{
	struct err e = ERR_INIT;
	int rc;

	if (!text)
		return;
	if (kind == IDENT_EMAIL)
		rc = ident_email_normalise(text, &rec->tmp, &e);
	else if (kind == IDENT_PHONE)
		rc = ident_phone_normalise(text, country_code, &rec->tmp, &e);
	else if (kind == IDENT_P2P_GUID) {
		char guid[IDENT_GUID_MAX];
		rc = ident_guid_normalise(text, guid, &e);
		strbuf_reset(&rec->tmp);
		strbuf_adds(&rec->tmp, guid);
	} else
		rc = ident_text_normalise(text, &rec->tmp, &e);
	if (rc != HIM_OK) {
		/* Text that is empty says nothing; anything else is noted, not lost silently. */
		if (!strstr(e.msg, "empty")) {
			struct strbuf note = STRBUF_INIT;
			strbuf_addf(&note, "%s not kept: %s", path ? path : ident_kind_name(kind), e.msg);
			referral_add_note(&rec->r, NULL, note.buf);
			strbuf_release(&note);
		}
		return;
	}
	if (scoped(kind) && person >= 0) {
		rec->pend = xrealloc(rec->pend, (rec->npend + 1) * sizeof(*rec->pend));
		rec->pend[rec->npend].kind = kind;
		rec->pend[rec->npend].role = role;
		rec->pend[rec->npend].value = xstrdup(rec->tmp.buf);
		rec->pend[rec->npend].person = person;
		rec->npend++;
		return;
	}
	if (!referral_add_ident(&rec->r, kind, role, rec->tmp.buf, NULL))
		referral_rec_fail(rec, 0, path, "out of memory");
}

void referral_rec_time(struct referral_rec *rec, long line, const char *path, const char *text,
		       unsigned flags, utc_time_t *out)
{
	struct err e = ERR_INIT;
	utc_time_t t;

	if (!text)
		return;
	if (ident_time_parse(text, flags, rec->now, &t, &e) != HIM_OK) {
		referral_rec_fail(rec, line, path, "%s", e.msg);
		return;
	}
	*out = t;
}

void referral_rec_ip_event(struct referral_rec *rec, long line, const char *path, enum ident_role role,
			   const char *ip, const char *when, const char *port, const char *proxy,
			   const char *event)
{
	struct ident_ip addr;
	struct ip_event ev;
	struct err e = ERR_INIT;

	ip_event_init(&ev);
	ev.role = role;
	if (!ip) {
		referral_rec_fail(rec, line, path, "an IP capture event without an IP address");
		return;
	}
	if (ident_ip_parse(ip, &addr, &e) != HIM_OK) {
		referral_rec_fail(rec, line, path, "%s", e.msg);
		return;
	}
	memcpy(ev.ip, addr.text, sizeof(ev.ip));
	memcpy(ev.addr, addr.addr, 16);
	ev.v6 = addr.v6;
	referral_rec_time(rec, line, path, when, 0, &ev.at);
	if (port && *port) {
		char *end;
		long p = strtol(port, &end, 10);
		while (*end == ' ')
			end++;
		if (end == port || *end || p < 0 || p > 65535) {
			referral_rec_fail(rec, line, path, "port '%.20s' is not a number from 0 to 65535", port);
			return;
		}
		ev.port = (int)p;
	}
	if (proxy && *proxy)
		ev.proxy = ident_bool(proxy);
	if (event && *event && !ident_event_name(event, ev.event))
		snprintf(ev.event, sizeof(ev.event), "Other"); /* the schema grows; an unknown name is not an error */
	if (!rec->bad && !referral_add_ip_event(&rec->r, &ev))
		referral_rec_fail(rec, line, path, "out of memory");
}

void referral_rec_hash(struct referral_rec *rec, long line, const char *path, struct referral_file *f,
		       const char *type_name, const char *text)
{
	char hex[IDENT_HASH_MAX];
	enum hash_type t;
	struct err e = ERR_INIT;
	int rc;

	if (!text)
		return;
	rc = ident_hash_normalise(text, type_name, &t, hex, &e);
	if (rc == HIM_ENOTFOUND) {
		referral_add_note(&rec->r, "hash not kept", e.msg); /* PhotoDNA and the like */
		return;
	}
	if (rc != HIM_OK) {
		referral_rec_fail(rec, line, path, "%s", e.msg);
		return;
	}
	switch (t) {
	case HASH_MD5: memcpy(f->md5, hex, 33); break;
	case HASH_SHA1: memcpy(f->sha1, hex, 41); break;
	case HASH_SHA256: memcpy(f->sha256, hex, 65); break;
	case HASH_MD4: memcpy(f->md4, hex, 33); break;
	case HASH_INFOHASH: memcpy(f->infohash, hex, 41); break;
	case HASH_NONE: break;
	}
}

void referral_rec_text(struct referral_rec *rec, long line, const char *path, char **field, const char *text)
{
	struct err e = ERR_INIT;

	if (!text)
		return;
	if (ident_text_normalise(text, &rec->tmp, &e) != HIM_OK) {
		if (!strstr(e.msg, "empty"))
			referral_rec_fail(rec, line, path, "%s", e.msg);
		return;
	}
	free(*field);
	*field = xstrdup(rec->tmp.buf);
}

void referral_rec_finish(struct referral_rec *rec, const char *fallback_service)
{
	char *fallback = NULL;
	struct err e = ERR_INIT;

	if (fallback_service && ident_service_normalise(fallback_service, &rec->tmp, &e) == HIM_OK)
		fallback = xstrdup(rec->tmp.buf);
	for (size_t i = 0; i < rec->npend; i++) {
		const struct rec_pending *p = &rec->pend[i];
		const char *svc = rec->service[p->person] ? rec->service[p->person] : fallback;
		if (!referral_add_ident(&rec->r, p->kind, p->role, p->value, svc))
			referral_rec_fail(rec, 0, NULL, "out of memory");
	}
	free(fallback);
	for (size_t i = 0; i < rec->npend; i++)
		free(rec->pend[i].value);
	rec->npend = 0;
}

int referral_rec_deliver(struct referral_rec *rec, const struct referral_reader_ops *ops, void *ctx,
			 struct err *err)
{
	if (!rec->bad && !rec->r.external_id)
		referral_rec_fail(rec, rec->r.source_line, NULL, "no report id");
	if (rec->bad) {
		struct ingest_reject rej = {
			.file = rec->file,
			.line = rec->bad_line ? rec->bad_line : rec->r.source_line,
			.path = rec->bad_path.len ? rec->bad_path.buf : NULL,
			.record_id = rec->r.external_id,
			.reason = rec->bad_reason.buf,
			.content_dropped = rec->r.content_dropped,
		};
		if (ops->on_reject)
			ops->on_reject(&rej, ctx);
		return 0;
	}
	(void)err;
	return ops->on_referral ? ops->on_referral(&rec->r, ctx) : 0;
}

void referral_file_init(struct referral_file *f)
{
	memset(f, 0, sizeof(*f));
}

void referral_file_clear(struct referral_file *f)
{
	free(f->name);
	free(f->industry_class);
	referral_file_init(f);
}

bool referral_file_empty(const struct referral_file *f)
{
	return !f->name && !f->md5[0] && !f->sha1[0] && !f->sha256[0] && !f->md4[0] && !f->infohash[0];
}
