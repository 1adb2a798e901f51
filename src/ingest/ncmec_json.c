/*
 * ncmec_json.c - CyberTipline reports as NCMEC's Case Management Tool
 * exports them in JSON (FORMATS.md §1, "NCMEC report export — JSON"), one
 * report per file or an array of them, read with jansson.
 *
 * An array is streamed: the bytes come through a 1-byte callback, and
 * json_load_callback(JSON_DISABLE_EOF_CHECK) stops right after each
 * element's closing brace, so one report at a time is in memory (a single
 * report is loaded whole, including any file content inside it: jansson
 * has no way to skip a string unread; such content is counted and
 * dropped, never copied into the referral). A syntax error inside an
 * element ends the file (no safe point to resume from), after every
 * report before it was delivered.
 */
#include "referral_reader.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "referral_fields.h"
#include "referral_source.h"
#include "../lib/banned.h"

struct json_in {
	struct referral_source src;
	int pushed; /* a byte given back, or -1 */
	bool failed;
};

static int get_byte(struct json_in *in)
{
	char c;
	long n;

	if (in->pushed >= 0) {
		int b = in->pushed;
		in->pushed = -1;
		return b;
	}
	n = referral_source_read(&in->src, &c, 1);
	if (n < 0)
		in->failed = true;
	return n == 1 ? (unsigned char)c : -1;
}

static size_t feed(void *buffer, size_t buflen, void *data)
{
	int b;

	if (buflen == 0 || (b = get_byte(data)) < 0)
		return 0;
	*(unsigned char *)buffer = (unsigned char)b;
	return 1;
}

static int skip_space(struct json_in *in)
{
	int b;
	while ((b = get_byte(in)) >= 0 && isspace(b))
		;
	return b;
}

/* Pass over a value that is not an object (b its first byte) up to the ','
 * or ']' that follows it at depth 0, which is given back. jansson cannot
 * be used here: after a bare number it keeps the byte that ended it. */
static bool skip_value(struct json_in *in, int b)
{
	int depth = 0;
	bool quoted = false;

	for (; b >= 0; b = get_byte(in)) {
		if (quoted) {
			if (b == '\\')
				get_byte(in);
			else if (b == '"')
				quoted = false;
		} else if (b == '"')
			quoted = true;
		else if (b == '[' || b == '{')
			depth++;
		else if ((b == ']' || b == '}') && depth > 0)
			depth--;
		else if (depth == 0 && (b == ',' || b == ']')) {
			in->pushed = b;
			return true;
		}
	}
	return false;
}

struct json_rec {
	struct referral_rec rec;
	struct json_in *in;
	struct strbuf path;
	long line;
};

/* The string at obj.key (numbers as their text), NULL if absent or another type. */
static const char *str(struct json_rec *jr, json_t *obj, const char *key, char *numbuf, size_t numsz)
{
	json_t *v = json_object_get(obj, key);
	long bad;

	if (json_is_integer(v)) {
		snprintf(numbuf, numsz, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return numbuf;
	}
	if (!json_is_string(v))
		return NULL;
	if (ident_is_file_content(json_string_value(v), json_string_length(v)))
		return NULL; /* counted by count_content() */
	if (referral_source_bad_text(&jr->in->src, json_string_value(v), jr->line, &bad)) {
		referral_rec_fail(&jr->rec, bad, key, "invalid UTF-8 (bytes that are not text)");
		return NULL;
	}
	return json_string_value(v);
}

#define S(obj, key) str(jr, (obj), (key), num, sizeof(num))

/* Elements of obj.outer.inner (the export's "emails": {"emails": [...]} shape),
 * or of obj.outer when that is itself an array. */
static json_t *list(json_t *obj, const char *outer, const char *inner)
{
	json_t *o = json_object_get(obj, outer);
	if (json_is_array(o))
		return o;
	o = json_object_get(o, inner);
	return json_is_array(o) ? o : NULL;
}

/* "prefix[i]suffix", in jr->path (valid until the next call). */
static const char *at(struct json_rec *jr, const char *prefix, size_t i, const char *suffix)
{
	strbuf_reset(&jr->path);
	strbuf_addf(&jr->path, "%s[%zu]%s", prefix, i, suffix);
	return jr->path.buf;
}

static void captures(struct json_rec *jr, json_t *holder, enum ident_role role, const char *where)
{
	json_t *caps = list(json_object_get(holder, "sourceInformation"), "sourceCaptures", "sourceCaptures");
	size_t i;
	json_t *c;
	char num[32], port[32];

	struct strbuf prefix = STRBUF_INIT;
	strbuf_addf(&prefix, "%s.sourceInformation.sourceCaptures", where);
	const char *w = prefix.buf;
	json_array_foreach(caps, i, c) {
		const char *type = S(c, "captureType");
		if (type && strcasecmp(type, "IP Address") != 0 && strcasecmp(type, "IP") != 0)
			continue;
		const char *p = str(jr, c, "port", port, sizeof(port));
		referral_rec_ip_event(&jr->rec, jr->line, at(jr, w, i, ""),
				      role, S(c, "value"), json_string_value(json_object_get(c, "dateTime")), p, NULL,
				      json_string_value(json_object_get(c, "eventName")));
	}
	strbuf_release(&prefix);
}

static void person(struct json_rec *jr, json_t *p, enum ident_role role, const char *where)
{
	int who = referral_rec_person(&jr->rec);
	json_t *v, *sn;
	size_t i;
	char num[32];

	referral_rec_service(&jr->rec, who, S(p, "espService"));
	referral_rec_ident(&jr->rec, IDENT_ESP_ACCOUNT, role, who, S(p, "espUserId"), NULL, where);
	sn = json_object_get(p, "screenName");
	referral_rec_ident(&jr->rec, IDENT_SCREEN_NAME, role, who,
			   json_is_object(sn) ? S(sn, "value") : S(p, "screenName"), NULL, where);
	referral_rec_ident(&jr->rec, IDENT_DISPLAY_NAME, role, who, S(p, "displayName"), NULL, where);
	json_array_foreach(list(p, "emails", "emails"), i, v)
		referral_rec_ident(&jr->rec, IDENT_EMAIL, role, who,
				   json_is_object(v) ? S(v, "value") : json_string_value(v), NULL,
				   where);
	json_array_foreach(list(p, "phones", "phones"), i, v)
		referral_rec_ident(&jr->rec, IDENT_PHONE, role, who,
				   json_is_object(v) ? S(v, "value") : json_string_value(v),
				   json_is_object(v) ? json_string_value(json_object_get(v, "countryCallingCode")) : NULL,
				   where);
	json_array_foreach(list(p, "profileUrls", "profileUrls"), i, v)
		referral_rec_ident(&jr->rec, IDENT_PROFILE_URL, role, who,
				   json_is_object(v) ? S(v, "value") : json_string_value(v), NULL, where);
	captures(jr, p, role, where);
}

static void files(struct json_rec *jr, json_t *info)
{
	json_t *f;
	size_t i;
	char num[32];

	json_array_foreach(list(info, "uploadedFiles", "uploadedFiles"), i, f) {
		struct referral_file rf;
		const char *name = S(f, "originalFilename");
		json_t *h = json_object_get(f, "verificationHash");
		const char *where = at(jr, "reportedInformation.uploadedFiles.uploadedFiles", i, "");
		char *w = xstrdup(where);

		referral_file_init(&rf);
		referral_rec_text(&jr->rec, jr->line, w, &rf.name, name ? name : S(f, "filename"));
		if (json_is_object(h))
			referral_rec_hash(&jr->rec, jr->line, w, &rf, S(h, "hashType"), S(h, "value"));
		else
			referral_rec_hash(&jr->rec, jr->line, w, &rf, NULL, S(f, "verificationHash"));
		referral_rec_text(&jr->rec, jr->line, w, &rf.industry_class, S(f, "industryClassification"));
		captures(jr, f, IDENT_ROLE_REPORTED, w);
		free(w);
		if (referral_file_empty(&rf))
			referral_file_clear(&rf);
		else
			referral_add_file(&jr->rec.r, &rf);
	}
}

/* Every key that holds file content by its name, every string that is a
 * blob: counted, whether or not Himaya reads that key. */
static int count_content(json_t *v)
{
	int n = 0;
	const char *key;
	json_t *x;
	size_t i;

	if (json_is_string(v))
		return ident_is_file_content(json_string_value(v), json_string_length(v));
	if (json_is_object(v)) {
		json_object_foreach(v, key, x)
			n += ident_is_content_name(key) ? 1 : count_content(x);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			n += count_content(x);
	}
	return n;
}

static void report(struct json_rec *jr, json_t *o)
{
	struct referral *r = &jr->rec.r;
	json_t *info = json_object_get(o, "reportedInformation"), *sum, *v;
	size_t i;
	char num[32];

	r->content_dropped = count_content(o);
	referral_rec_text(&jr->rec, jr->line, "reportId", &r->external_id, S(o, "reportId"));
	referral_rec_text(&jr->rec, jr->line, "priority", &r->priority, S(o, "priority"));
	referral_rec_time(&jr->rec, jr->line, "dateReceived", S(o, "dateReceived"), IDENT_TIME_DATE_OK,
			  &r->received_at);
	referral_rec_text(&jr->rec, jr->line, "reportedInformation.reportingEsp.espName", &r->esp,
			  S(json_object_get(info, "reportingEsp"), "espName"));
	sum = json_object_get(info, "incidentSummary");
	referral_rec_text(&jr->rec, jr->line, "reportedInformation.incidentSummary.incidentType", &r->incident_type,
			  S(sum, "incidentType"));
	referral_rec_time(&jr->rec, jr->line, "reportedInformation.incidentSummary.incidentDateTime",
			  S(sum, "incidentDateTime"), 0, &r->incident_at);
	if ((v = json_object_get(sum, "escalateToHighPriority")) && json_is_string(v) &&
	    ident_bool(json_string_value(v)) != 0)
		referral_rec_text(&jr->rec, jr->line, "escalateToHighPriority", &r->escalation, json_string_value(v));
	json_array_foreach(list(info, "reportedPeople", "reportedPersons"), i, v) {
		char *w = xstrdup(at(jr, "reportedInformation.reportedPeople.reportedPersons", i, ""));
		person(jr, v, IDENT_ROLE_REPORTED, w);
		free(w);
	}
	json_array_foreach(list(info, "intendedRecipients", "intendedRecipients"), i, v) {
		char *w = xstrdup(at(jr, "reportedInformation.intendedRecipients.intendedRecipients", i, ""));
		person(jr, v, IDENT_ROLE_RECIPIENT, w);
		free(w);
	}
	files(jr, info);
	json_array_foreach(json_object_get(o, "additionalInformations"), i, v) {
		const char *t = json_is_object(v) ? S(v, "value") : json_is_string(v) ? json_string_value(v) : NULL;
		long bad;
		if (t && !ident_is_file_content(t, strlen(t)) &&
		    !referral_source_bad_text(&jr->in->src, t, jr->line, &bad))
			referral_add_note(r, "additionalInformation", t);
	}
	if (!r->external_id && !jr->rec.bad)
		referral_rec_fail(&jr->rec, jr->line, "reportId", "no reportId");
	referral_rec_finish(&jr->rec, r->esp);
}
#undef S

/* Parse the next value; HIM_OK with *out, or HIM_EINPUT (fatal). */
static int next_value(struct json_rec *jr, const char *file, json_t **out, struct err *err)
{
	json_error_t je;
	long start = jr->in->src.line;

	*out = json_load_callback(feed, jr->in, JSON_DISABLE_EOF_CHECK | JSON_REJECT_DUPLICATES, &je);
	if (*out)
		return HIM_OK;
	if (jr->in->failed)
		return err_set(err, HIM_EIO, "%s: read error", file);
	return err_set(err, HIM_EINPUT, "%s:%ld: malformed JSON, reading stopped here: %s", file,
		       start + (je.line > 0 ? je.line - 1 : 0), je.text);
}

static int one(struct json_rec *jr, json_t *v, long line, const struct referral_reader_ops *ops, void *ctx,
	       struct err *err)
{
	jr->line = line;
	referral_source_forget(&jr->in->src, line);
	referral_rec_start(&jr->rec, "ncmec", line);
	if (!json_is_object(v))
		referral_rec_fail(&jr->rec, line, NULL, "a report must be a JSON object");
	else
		report(jr, v);
	return referral_rec_deliver(&jr->rec, ops, ctx, err);
}

int ncmec_json_read(const char *path, const struct referral_reader_ops *ops, void *ctx,
		    utc_time_t now, struct err *err)
{
	struct json_in *in = xcalloc(1, sizeof(*in));
	struct json_rec jr;
	json_t *v = NULL;
	int rc, b, n = 0;
	long line;

	if ((rc = referral_source_open(&in->src, path, false, err)) != HIM_OK) {
		free(in);
		return rc;
	}
	in->pushed = -1;
	memset(&jr, 0, sizeof(jr));
	jr.in = in;
	strbuf_init(&jr.path);
	referral_rec_init(&jr.rec, path, now);

	b = skip_space(in);
	if (b == 0xEF && get_byte(in) == 0xBB && get_byte(in) == 0xBF)
		b = skip_space(in); /* a UTF-8 BOM */
	if (b == '{') {
		in->pushed = b;
		line = in->src.line;
		rc = next_value(&jr, path, &v, err);
		if (rc == HIM_OK)
			rc = one(&jr, v, line, ops, ctx, err);
		json_decref(v);
		n = 1;
	} else if (b == '[') {
		for (;;) {
			b = skip_space(in);
			if (b == ']' && n == 0)
				break;
			line = in->src.line;
			if (b != '{') {
				/* Not a report: refused alone, the array goes on. */
				if (!skip_value(in, b)) {
					rc = err_set(err, HIM_EINPUT, "%s:%ld: malformed JSON, reading stopped here: the array is not closed",
						     path, in->src.line);
					break;
				}
				v = json_null();
			} else {
				in->pushed = b;
				if ((rc = next_value(&jr, path, &v, err)) != HIM_OK)
					break;
			}
			rc = one(&jr, v, line, ops, ctx, err);
			json_decref(v);
			n++;
			if (rc)
				break;
			if (ops->on_progress && n % 1000 == 0)
				ops->on_progress(in->src.bytes_read, in->src.size, ctx);
			b = skip_space(in);
			if (b == ']')
				break;
			if (b != ',') {
				rc = err_set(err, HIM_EINPUT, "%s:%ld: malformed JSON, reading stopped here: expected ',' or ']' after report %d",
					     path, in->src.line, n);
				break;
			}
		}
	} else {
		rc = err_set(err, HIM_EINPUT, "%s:%ld: not a CyberTipline JSON export: expected a report object or an array of them",
			     path, in->src.line);
	}
	if (rc == HIM_OK && ops->on_progress)
		ops->on_progress(in->src.bytes_read, in->src.size, ctx);
	referral_rec_release(&jr.rec);
	strbuf_release(&jr.path);
	referral_source_close(&in->src);
	free(in);
	return rc;
}
