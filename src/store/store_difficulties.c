/*
 * store_difficulties.c - the difficulties (الصعوبات) a court reports to
 * the Presidency: the backend-neutral flow. A difficulty belongs to the
 * court that wrote it and to that court's district, so it is read within
 * the same scopes as cases: a court sees its own, a Court of Appeal its
 * district's, the Presidency all. Every write is audited by the backend
 * in the same transaction.
 */
#include "backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/utf8.h"
#include "../lib/banned.h"

void difficulty_init(struct difficulty *d)
{
	memset(d, 0, sizeof(*d));
}

void difficulty_release(struct difficulty *d)
{
	free(d->title);
	free(d->body);
	free(d->author);
	free(d->created_at);
	free(d->answer);
	free(d->answered_by);
	free(d->answered_at);
	difficulty_init(d);
}

void difficulty_list_init(struct difficulty_list *l)
{
	memset(l, 0, sizeof(*l));
}

void difficulty_list_release(struct difficulty_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		difficulty_release(&l->items[i]);
	free(l->items);
	difficulty_list_init(l);
}

struct difficulty *difficulty_list_push(struct difficulty_list *l)
{
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? l->alloc * 2 : 16;
		l->items = xrealloc(l->items, l->alloc * sizeof(*l->items));
	}
	difficulty_init(&l->items[l->n]);
	return &l->items[l->n++];
}

const char *difficulty_status_name(enum difficulty_status s)
{
	switch (s) {
	case DIFFICULTY_OPEN: return "open";
	case DIFFICULTY_ANSWERED: return "answered";
	case DIFFICULTY_CLOSED: return "closed";
	}
	return "open";
}

static int text_check(const char *what, const char *text, size_t max, bool multiline, struct err *err)
{
	if (!text || !*text)
		return err_set(err, HIM_EINPUT, "%s: empty", what);
	if (strlen(text) > max || !utf8_text_ok(text, multiline))
		return err_set(err, HIM_EINPUT, "%s: not valid UTF-8 text of at most %zu bytes", what, max);
	return HIM_OK;
}

int store_difficulty_add(struct store *st, const char *court, const char *title, const char *body,
			 int64_t *id, struct err *err)
{
	const struct court_term *t;
	struct difficulty d;
	int rc;

	if (!st->has_reference)
		return err_set(err, HIM_EUSAGE, "the database has no reference data");
	t = court ? court_map_latest(&st->map, court) : NULL;
	if (!t)
		return err_set(err, HIM_EINPUT, "court '%s' is not in the judicial map", court ? court : "");
	if ((rc = text_check("title", title, 300, false, err)) != HIM_OK ||
	    (rc = text_check("text", body, 8000, true, err)) != HIM_OK)
		return rc;
	difficulty_init(&d);
	memcpy(d.court, t->code, CODE_MAX);
	memcpy(d.district, t->kind == COURT_APPEAL ? t->code : t->appeal_court, CODE_MAX);
	d.title = xstrdup(title);
	d.body = xstrdup(body);
	d.author = st->actor ? xstrdup(st->actor) : NULL;
	d.created_at = store_now_iso();
	rc = st->be->begin(st, err);
	if (rc == HIM_OK)
		rc = st->be->difficulty_insert(st, &d, err);
	if (rc == HIM_OK) {
		char object[40];
		snprintf(object, sizeof(object), "difficulty:%lld", (long long)d.id);
		rc = store_audit_append_tx(st, st->actor ? st->actor : "system", "difficulty_add", object,
					   d.court, err);
	}
	if (rc == HIM_OK)
		rc = st->be->commit(st, err);
	else
		st->be->rollback(st);
	if (rc == HIM_OK && id)
		*id = d.id;
	difficulty_release(&d);
	return rc;
}

int store_difficulty_list(struct store *st, const struct scope *scope, struct difficulty_list *out,
			  struct err *err)
{
	if (scope->kind == SCOPE_UNIT)
		return HIM_OK; /* the police report no difficulty and read none */
	return st->be->difficulty_list(st, scope, 0, out, err);
}

int store_difficulty_get(struct store *st, const struct scope *scope, int64_t id, struct difficulty *out,
			 struct err *err)
{
	struct difficulty_list l;
	int rc;

	difficulty_list_init(&l);
	rc = scope->kind == SCOPE_UNIT ? HIM_OK : st->be->difficulty_list(st, scope, id, &l, err);
	if (rc == HIM_OK && l.n == 0)
		rc = err_set(err, HIM_ENOTFOUND, "no difficulty %lld", (long long)id);
	if (rc == HIM_OK) {
		*out = l.items[0];
		difficulty_init(&l.items[0]);
	}
	difficulty_list_release(&l);
	return rc;
}

static int difficulty_move(struct store *st, int64_t id, const char *answer, enum difficulty_status to,
			   struct err *err)
{
	char *now = store_now_iso();
	int rc;

	rc = st->be->begin(st, err);
	if (rc == HIM_OK)
		rc = st->be->difficulty_update(st, id, answer, st->actor, now, to, err);
	if (rc == HIM_OK) {
		char object[40];
		snprintf(object, sizeof(object), "difficulty:%lld", (long long)id);
		rc = store_audit_append_tx(st, st->actor ? st->actor : "system",
					   to == DIFFICULTY_CLOSED ? "difficulty_close" : "difficulty_answer",
					   object, NULL, err);
	}
	if (rc == HIM_OK)
		rc = st->be->commit(st, err);
	else
		st->be->rollback(st);
	free(now);
	return rc;
}

int store_difficulty_answer(struct store *st, int64_t id, const char *answer, struct err *err)
{
	int rc;

	if ((rc = text_check("answer", answer, 8000, true, err)) != HIM_OK)
		return rc;
	return difficulty_move(st, id, answer, DIFFICULTY_ANSWERED, err);
}

int store_difficulty_close(struct store *st, int64_t id, struct err *err)
{
	return difficulty_move(st, id, NULL, DIFFICULTY_CLOSED, err);
}
