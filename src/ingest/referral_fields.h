/*
 * referral_fields.h - filling a struct referral from the text of a field,
 * shared by the four referral parsers so that an IP, a time, a phone or a
 * hash means the same whichever file it came from.
 *
 * A record under construction remembers its first fatal problem (an IP,
 * time or hash that cannot be read, invalid UTF-8): the parser goes on to
 * the end of the record, then hands it to on_reject with that reason, line
 * and path. Weaker problems (an e-mail or phone that cannot be normalised,
 * a hash type Himaya does not keep) leave the record whole and are written
 * in its notes, so one typo in a contact field does not lose a report.
 */
#ifndef HIMAYA_INGEST_REFERRAL_FIELDS_H
#define HIMAYA_INGEST_REFERRAL_FIELDS_H

#include <stdbool.h>

#include "../core/ident.h"
#include "../core/referral.h"
#include "../lib/strbuf.h"
#include "referral_reader.h"

struct referral_rec {
	struct referral r;
	utc_time_t now;
	const char *file;
	bool bad;
	long bad_line;
	struct strbuf bad_path, bad_reason;
	struct strbuf tmp;
	/* Identifiers waiting for their person's service (espService may
	 * come after espIdentifier): resolved by referral_rec_finish(). */
	struct rec_pending {
		enum ident_kind kind;
		enum ident_role role;
		char *value;
		int person;
	} *pend;
	size_t npend;
	char **service; /* per person: its espService, normalised, or NULL */
	int npersons;
};

void referral_rec_init(struct referral_rec *rec, const char *file, utc_time_t now);
/* Start a new record (keeps allocations), platform "ncmec" / "cps". */
void referral_rec_start(struct referral_rec *rec, const char *platform, long line);
void referral_rec_release(struct referral_rec *rec);

/* Record the record's first fatal problem. */
void referral_rec_fail(struct referral_rec *rec, long line, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* A new person block (reported, recipient, victim, associated account):
 * returns its index for referral_rec_ident / _service. */
int referral_rec_person(struct referral_rec *rec);
void referral_rec_service(struct referral_rec *rec, int person, const char *text);

/* An identifier: normalised by kind (e-mail, phone with country_code,
 * others as text). Screen names, display names and ESP accounts of a
 * person (person >= 0) wait for the person's service; fallback_service
 * at finish scopes those whose person named none. */
void referral_rec_ident(struct referral_rec *rec, enum ident_kind kind, enum ident_role role, int person,
			const char *text, const char *country_code, const char *path);

/* An IP event from its fields' texts (NULL when absent). */
void referral_rec_ip_event(struct referral_rec *rec, long line, const char *path, enum ident_role role,
			   const char *ip, const char *when, const char *port, const char *proxy,
			   const char *event);

/* A time field: TIME_NONE stays when text is NULL or fails (then the record is bad). */
void referral_rec_time(struct referral_rec *rec, long line, const char *path, const char *text,
		       unsigned flags, utc_time_t *out);

/* A hash into f: by type_name or length. */
void referral_rec_hash(struct referral_rec *rec, long line, const char *path, struct referral_file *f,
		       const char *type_name, const char *text);

/* Set a free-text field (trimmed, spaces collapsed); invalid text fails the record. */
void referral_rec_text(struct referral_rec *rec, long line, const char *path, char **field, const char *text);

/* Resolve pending identifiers (service scope; fallback the ESP's name). */
void referral_rec_finish(struct referral_rec *rec, const char *fallback_service);

/* Hand the record over: on_referral if good, on_reject otherwise.
 * Returns the callback's nonzero return, else 0. */
int referral_rec_deliver(struct referral_rec *rec, const struct referral_reader_ops *ops, void *ctx,
			 struct err *err);

void referral_file_init(struct referral_file *f);
void referral_file_clear(struct referral_file *f); /* frees the strings, re-inits */
bool referral_file_empty(const struct referral_file *f);

#endif
