/*
 * vocab.c - parsing and looking up the vocabulary.
 */
#include "vocab.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../lib/strbuf.h"
#include "../lib/tsv.h"
#include "../lib/utf8.h"
#include "../lib/banned.h"

static const char *const kind_names[VOCAB_KIND_COUNT] = {
	"platform", "body", "subject", "decision", "closing_reason", "outcome",
};

const char *vocab_kind_name(enum vocab_kind kind)
{
	return (unsigned)kind < VOCAB_KIND_COUNT ? kind_names[kind] : "?";
}

bool vocab_kind_parse(const char *s, enum vocab_kind *out)
{
	for (int i = 0; i < VOCAB_KIND_COUNT; i++)
		if (strcmp(s, kind_names[i]) == 0) {
			*out = (enum vocab_kind)i;
			return true;
		}
	return false;
}

void vocab_init(struct vocab *v)
{
	v->entries = NULL;
	v->n = v->alloc = 0;
}

void vocab_release(struct vocab *v)
{
	for (size_t i = 0; i < v->n; i++) {
		free(v->entries[i].label_ar);
		free(v->entries[i].label_fr);
		free(v->entries[i].articles);
		free(v->entries[i].aliases);
	}
	free(v->entries);
	vocab_init(v);
}

static bool parse_levels(const char *s, unsigned *out)
{
	struct code_list l;

	*out = 0;
	if (!code_list_parse(&l, s))
		return false;
	for (size_t i = 0; i < l.n; i++) {
		if (strcmp(l.code[i], "first") == 0)
			*out |= LEVEL_FIRST;
		else if (strcmp(l.code[i], "appeal") == 0)
			*out |= LEVEL_APPEAL;
		else if (strcmp(l.code[i], "cassation") == 0)
			*out |= LEVEL_CASSATION;
		else
			return false;
	}
	return true;
}

/* Apply one "key[=value]" attribute to e. */
static int apply_attr(struct vocab_entry *e, const char *key, const char *val, struct err *err)
{
	if (strcmp(key, "articles") == 0 && val) {
		free(e->articles);
		e->articles = xstrdup(val);
	} else if (strcmp(key, "aliases") == 0 && val) {
		free(e->aliases);
		e->aliases = xstrdup(val);
	} else if (strcmp(key, "class") == 0 && val && e->kind == VOCAB_DECISION) {
		if (strcmp(val, "pending") == 0)
			e->klass = DECISION_PENDING;
		else if (strcmp(val, "prosecuted") == 0)
			e->klass = DECISION_PROSECUTED;
		else if (strcmp(val, "filed") == 0)
			e->klass = DECISION_FILED;
		else
			return err_set(err, HIM_EINPUT, "unknown decision class '%s'", val);
	} else if (strcmp(key, "levels") == 0 && val && e->kind == VOCAB_OUTCOME) {
		if (!parse_levels(val, &e->levels))
			return err_set(err, HIM_EINPUT, "levels must be a list of first, appeal, cassation: '%s'", val);
	} else if (strcmp(key, "pending") == 0 && !val && e->kind == VOCAB_OUTCOME) {
		e->pending = true;
	} else if (strcmp(key, "sentence") == 0 && !val && e->kind == VOCAB_OUTCOME) {
		e->sentence = true;
	} else if (strcmp(key, "remand") == 0 && !val && e->kind == VOCAB_OUTCOME) {
		e->remand = true;
	} else if (strcmp(key, "reason") == 0 && val && strcmp(val, "required") == 0 &&
		   e->kind == VOCAB_DECISION) {
		e->reason_required = true;
	} else {
		return err_set(err, HIM_EINPUT, "attribute '%s' does not apply to a %s", key,
			       vocab_kind_name(e->kind));
	}
	return HIM_OK;
}

static int parse_attrs(struct vocab_entry *e, const char *attrs, struct err *err)
{
	char *copy = xstrdup(attrs);
	char *p = copy;
	int rc = HIM_OK;

	while (p && *p && rc == HIM_OK) {
		char *semi = strchr(p, ';');
		if (semi)
			*semi = '\0';
		while (*p == ' ')
			p++;
		if (*p) {
			char *eq = strchr(p, '=');
			if (eq)
				*eq = '\0';
			rc = apply_attr(e, p, eq ? eq + 1 : NULL, err);
		}
		p = semi ? semi + 1 : NULL;
	}
	free(copy);
	return rc;
}

int vocab_add(struct vocab *v, enum vocab_kind kind, const char *code, const char *label_ar,
	      const char *label_fr, const char *attrs, struct err *err)
{
	struct vocab_entry e;
	int rc;

	if (!code_valid(code))
		return err_set(err, HIM_EINPUT, "invalid code '%s'", code);
	if (vocab_find(v, kind, code))
		return err_set(err, HIM_EINPUT, "%s '%s' is listed twice", vocab_kind_name(kind), code);
	if (!*label_ar || !*label_fr || !utf8_text_ok(label_ar, false) || !utf8_text_ok(label_fr, false))
		return err_set(err, HIM_EINPUT, "%s '%s' needs an Arabic and a French label in UTF-8",
			       vocab_kind_name(kind), code);
	memset(&e, 0, sizeof(e));
	e.kind = kind;
	memcpy(e.code, code, strlen(code) + 1);
	e.articles = xstrdup("");
	e.aliases = xstrdup("");
	e.klass = DECISION_PENDING;
	if ((rc = parse_attrs(&e, attrs ? attrs : "", err)) != HIM_OK) {
		free(e.articles);
		free(e.aliases);
		return err_prefix(err, "%s '%s'", vocab_kind_name(kind), code);
	}
	if (kind == VOCAB_OUTCOME && e.levels == 0) {
		free(e.articles);
		free(e.aliases);
		return err_set(err, HIM_EINPUT, "outcome '%s' needs levels=", code);
	}
	e.label_ar = xstrdup(label_ar);
	e.label_fr = xstrdup(label_fr);
	e.position = (int)v->n;
	if (v->n == v->alloc) {
		v->alloc = v->alloc ? v->alloc * 2 : 64;
		v->entries = xrealloc(v->entries, v->alloc * sizeof(*v->entries));
	}
	v->entries[v->n++] = e;
	return HIM_OK;
}

char *vocab_entry_attrs(const struct vocab_entry *e)
{
	struct strbuf sb = STRBUF_INIT;
	static const char *const classes[] = { "pending", "prosecuted", "filed" };

#define SEP() do { if (sb.len) strbuf_addch(&sb, ';'); } while (0)
	if (e->articles[0]) { SEP(); strbuf_addf(&sb, "articles=%s", e->articles); }
	if (e->aliases[0]) { SEP(); strbuf_addf(&sb, "aliases=%s", e->aliases); }
	if (e->kind == VOCAB_DECISION) { SEP(); strbuf_addf(&sb, "class=%s", classes[e->klass]); }
	if (e->reason_required) { SEP(); strbuf_adds(&sb, "reason=required"); }
	if (e->kind == VOCAB_OUTCOME) {
		const char *names[] = { "first", "appeal", "cassation" };
		bool first = true;
		SEP();
		strbuf_adds(&sb, "levels=");
		for (int i = 0; i < 3; i++)
			if (e->levels & (1u << i)) {
				strbuf_addf(&sb, "%s%s", first ? "" : ",", names[i]);
				first = false;
			}
	}
	if (e->pending) { SEP(); strbuf_adds(&sb, "pending"); }
	if (e->sentence) { SEP(); strbuf_adds(&sb, "sentence"); }
	if (e->remand) { SEP(); strbuf_adds(&sb, "remand"); }
#undef SEP
	return strbuf_detach(&sb, NULL);
}

int vocab_parse(struct vocab *v, const char *text, size_t len, const char *source, struct err *err)
{
	struct tsv_reader r;
	char *f[6];
	int n, rc = HIM_OK;

	tsv_reader_init(&r, text, len);
	while ((n = tsv_reader_next(&r, f, 6)) > 0) {
		enum vocab_kind kind;

		if (n != 4 && n != 5) {
			rc = err_set(err, HIM_EINPUT, "%s:%d: expected 4 or 5 tab-separated fields, found %d",
				     source, r.line, n);
			break;
		}
		if (!vocab_kind_parse(f[0], &kind)) {
			rc = err_set(err, HIM_EINPUT, "%s:%d: unknown vocabulary kind '%s'", source, r.line, f[0]);
			break;
		}
		if ((rc = vocab_add(v, kind, f[1], f[2], f[3], n == 5 ? f[4] : "", err)) != HIM_OK) {
			err_prefix(err, "%s:%d", source, r.line);
			break;
		}
	}
	tsv_reader_release(&r);
	for (int k = 0; rc == HIM_OK && k < VOCAB_KIND_COUNT; k++) {
		bool any = false;
		for (size_t i = 0; i < v->n; i++)
			any |= v->entries[i].kind == (enum vocab_kind)k;
		if (!any)
			rc = err_set(err, HIM_EINPUT, "%s: no entries of kind '%s'", source,
				     vocab_kind_name((enum vocab_kind)k));
	}
	if (rc != HIM_OK)
		vocab_release(v);
	return rc;
}

static bool alias_matches(const char *aliases, const char *code)
{
	size_t n = strlen(code);
	const char *p = aliases;

	while (*p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == n && strncasecmp(p, code, n) == 0)
			return true;
		if (!comma)
			break;
		p = comma + 1;
	}
	return false;
}

const struct vocab_entry *vocab_find(const struct vocab *v, enum vocab_kind kind, const char *code)
{
	if (!code)
		return NULL;
	for (size_t i = 0; i < v->n; i++)
		if (v->entries[i].kind == kind && strcmp(v->entries[i].code, code) == 0)
			return &v->entries[i];
	for (size_t i = 0; i < v->n; i++)
		if (v->entries[i].kind == kind &&
		    (strcasecmp(v->entries[i].code, code) == 0 || alias_matches(v->entries[i].aliases, code)))
			return &v->entries[i];
	return NULL;
}

const char *vocab_label(const struct vocab_entry *e, enum lang lang)
{
	return lang == LANG_AR ? e->label_ar : e->label_fr;
}

const char *vocab_label_of(const struct vocab *v, enum vocab_kind kind, const char *code, enum lang lang)
{
	const struct vocab_entry *e = vocab_find(v, kind, code);
	return e ? vocab_label(e, lang) : code;
}
