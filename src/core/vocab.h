/*
 * vocab.h - the vocabulary of the circular's table: platforms,
 * investigating bodies, subjects of notification (with Penal Code
 * articles), prosecution decisions, reasons for filing, and outcomes at
 * each court level. Each entry is a stable code with Arabic and French
 * labels, loaded from data/vocabulary.tsv so that a deployment can add a
 * value without a new release.
 *
 * Entries carry the attributes the stage machine reasons with, not their
 * codes: a decision has a class (pending, prosecuted, filed), an outcome
 * the levels it may be given at and whether it carries a sentence or sends
 * the case back (cassation with remand). So a deployment that adds
 * "filed_mediation" with class=filed gets the right rules for free.
 */
#ifndef HIMAYA_VOCAB_H
#define HIMAYA_VOCAB_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/err.h"
#include "code.h"

enum vocab_kind {
	VOCAB_PLATFORM,
	VOCAB_BODY,
	VOCAB_SUBJECT,
	VOCAB_DECISION,
	VOCAB_CLOSING_REASON,
	VOCAB_OUTCOME,
	VOCAB_KIND_COUNT
};

enum decision_class {
	DECISION_PENDING,    /* البحث جار: no decision yet */
	DECISION_PROSECUTED, /* the public action is started */
	DECISION_FILED,      /* حفظ: closed without prosecution */
};

/* Court levels, as a bit set in vocab_entry.levels. */
enum level {
	LEVEL_FIRST = 1,
	LEVEL_APPEAL = 2,
	LEVEL_CASSATION = 4,
};

struct vocab_entry {
	enum vocab_kind kind;
	char code[CODE_MAX];
	char *label_ar; /* owned by the vocab */
	char *label_fr;
	char *articles;  /* subjects: Penal Code articles, "" otherwise */
	char *aliases;   /* other spellings accepted on input, comma-separated */
	int klass;       /* decisions: enum decision_class */
	unsigned levels; /* outcomes: enum level bits */
	bool pending;    /* outcomes: "رائجة", the absence of a ruling, never recorded */
	bool sentence;   /* outcomes: may carry a sentence */
	bool remand;     /* outcomes: sends the case back for a new appeal judgment */
	bool reason_required; /* decisions: a filing that must say why */
	int position;    /* order in the file, for menus and tables */
};

struct vocab {
	struct vocab_entry *entries;
	size_t n, alloc;
};

void vocab_init(struct vocab *v);
void vocab_release(struct vocab *v);

/*
 * Parse data/vocabulary.tsv (kind, code, label_ar, label_fr, attributes;
 * attributes are ';'-separated key[=value]: articles=, aliases=, class=,
 * levels=first,appeal,cassation, pending, sentence, remand,
 * reason=required). On error the vocab is left empty.
 */
int vocab_parse(struct vocab *v, const char *text, size_t len, const char *source, struct err *err);

/* Append a copy (for loading from the store). attrs uses the file syntax. */
int vocab_add(struct vocab *v, enum vocab_kind kind, const char *code, const char *label_ar,
	      const char *label_fr, const char *attrs, struct err *err);

/* Serialise an entry's attributes back to the file syntax (caller frees). */
char *vocab_entry_attrs(const struct vocab_entry *e);

/*
 * Find an entry by code or alias, case-insensitively for aliases
 * ("NECMEC", the circular's spelling, finds ncmec). NULL if none.
 */
const struct vocab_entry *vocab_find(const struct vocab *v, enum vocab_kind kind, const char *code);

const char *vocab_label(const struct vocab_entry *e, enum lang lang);

/* Label of code in kind, or the code itself when unknown (never NULL). */
const char *vocab_label_of(const struct vocab *v, enum vocab_kind kind, const char *code, enum lang lang);

const char *vocab_kind_name(enum vocab_kind kind);
bool vocab_kind_parse(const char *s, enum vocab_kind *out);

#endif
