/*
 * store_copy.c - the store's side of moving a court's database into
 * another one (app/migrate.c) and of backups, backend-neutral.
 *
 * A copied case keeps the times and names its own database recorded (the
 * case's created_at/by, each event's recorded_at/by), which ordinary writes
 * never let a caller set: that is why the copy is a flow of its own here
 * rather than store_case_open + store_case_add_event. The rules still hold:
 * the case is validated by core against this database's reference data
 * and its whole history replayed by the stage machine in the transaction
 * that writes it, so a copy cannot bring in a case this database would
 * refuse. An event is recognised as already copied by its content and
 * recording stamp, so running the copy again adds nothing and a copy cut
 * short (one transaction per case) resumes where it stopped.
 */
#include "backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/counting.h"
#include "../lib/strbuf.h"
#include "../lib/banned.h"

static bool text_equal(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static bool charges_equal(const struct code_list *a, const struct code_list *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->code[i], b->code[i]) != 0)
			return false;
	return true;
}

/* Is here the copy of src, whose correction target is supersedes here? */
static bool event_is_copy(const struct case_event *src, int64_t supersedes, const struct case_event *here)
{
	return src->type == here->type && src->date == here->date && supersedes == here->supersedes &&
	       src->retracts == here->retracts && strcmp(src->code, here->code) == 0 &&
	       strcmp(src->reason, here->reason) == 0 && text_equal(src->note, here->note) &&
	       src->accused == here->accused && src->sentence.prison_months == here->sentence.prison_months &&
	       src->sentence.suspended_months == here->sentence.suspended_months &&
	       src->sentence.fine_mad == here->sentence.fine_mad && src->date_inferred == here->date_inferred &&
	       charges_equal(&src->charges, &here->charges) && text_equal(src->recorded_at, here->recorded_at) &&
	       text_equal(src->recorded_by, here->recorded_by);
}

/* The id here of the source event source_id, among events[0..i). */
static int64_t mapped_id(const struct event_list *events, const int64_t *event_ids, size_t i, int64_t source_id)
{
	for (size_t j = 0; j < i; j++)
		if (events->items[j].id == source_id)
			return event_ids[j];
	return 0;
}

static void event_copy(struct case_event *dst, const struct case_event *src, int64_t case_id, int64_t supersedes)
{
	case_event_init(dst);
	dst->case_id = case_id;
	dst->type = src->type;
	dst->date = src->date;
	dst->supersedes = supersedes;
	dst->retracts = src->retracts;
	memcpy(dst->code, src->code, sizeof(dst->code));
	memcpy(dst->reason, src->reason, sizeof(dst->reason));
	dst->note = src->note ? xstrdup(src->note) : NULL;
	dst->charges = src->charges;
	dst->accused = src->accused;
	dst->sentence = src->sentence;
	dst->date_inferred = src->date_inferred;
	dst->recorded_at = src->recorded_at ? xstrdup(src->recorded_at) : NULL;
	dst->recorded_by = src->recorded_by ? xstrdup(src->recorded_by) : NULL;
}

/* Open the case here, as the source recorded it. */
static int case_open_copy(struct store *st, const struct case_record *src, struct case_record *here,
			  struct err *err)
{
	int rc;

	case_record_copy(here, src);
	here->id = 0;
	/* Validated against this database's judicial map and vocabulary; no
	 * "today" bound: the case was accepted on its own database's day. */
	if ((rc = case_prepare_new(here, &st->map, &st->vocab, DATE_NONE, err)) != HIM_OK)
		return rc;
	case_state_init(&here->state);
	if (!here->created_at)
		here->created_at = store_now_iso();
	return st->be->case_insert(st, here, err);
}

static int case_find_copy(struct store *st, const struct case_record *src, int64_t dest_id, bool for_update,
			  struct case_record *here, struct err *err)
{
	struct scope national = scope_national();
	int rc = st->be->case_read(st, &national, dest_id, for_update, here, err);

	if (rc == HIM_OK && (strcmp(here->court, src->court) != 0 || strcmp(here->file_number, src->file_number) != 0))
		rc = err_set(err, HIM_ECONFLICT, "case %lld here is %s %s, not %s %s", (long long)dest_id, here->court,
			     here->file_number, src->court, src->file_number);
	return rc;
}

/* Append the source's events not yet here; fills event_ids. With dry,
 * nothing is written: *out->events_copied counts what would be. */
static int events_merge(struct store *st, const struct event_list *events, int64_t case_id,
			struct event_list *here, int64_t *event_ids, bool dry, struct case_copy *out,
			struct err *err)
{
	size_t nhere = here->n;
	bool *matched = xcalloc(nhere + 1, sizeof(*matched));
	int rc = HIM_OK;

	for (size_t i = 0; i < events->n && rc == HIM_OK; i++) {
		const struct case_event *src = &events->items[i];
		int64_t supersedes = 0;
		size_t j;

		if (src->supersedes > 0 && !(supersedes = mapped_id(events, event_ids, i, src->supersedes))) {
			rc = err_set(err, HIM_EINPUT, "event %lld corrects event %lld, which is not an earlier event of its case",
				     (long long)src->id, (long long)src->supersedes);
			break;
		}
		for (j = 0; j < nhere; j++)
			if (!matched[j] && event_is_copy(src, supersedes, &here->items[j]))
				break;
		if (j < nhere) {
			matched[j] = true;
			event_ids[i] = here->items[j].id;
			out->events_present++;
			continue;
		}
		if (dry) {
			out->events_copied++;
			break;
		}
		struct case_event *ev = event_list_push(here);
		event_copy(ev, src, case_id, supersedes);
		if ((rc = st->be->event_insert(st, ev, err)) == HIM_OK) {
			event_ids[i] = ev->id;
			out->events_copied++;
		}
	}
	free(matched);
	return rc;
}

static int audit_copy(struct store *st, const struct case_record *c, const char *origin,
		      const struct case_copy *out, struct err *err)
{
	struct strbuf object = STRBUF_INIT, detail = STRBUF_INIT;
	int rc;

	strbuf_addf(&object, "case:%lld", (long long)out->case_id);
	strbuf_addf(&detail, "migrate %s %s from %s: %s, %lld events", c->court, c->file_number, origin,
		    out->opened ? "opened" : "present", (long long)out->events_copied);
	rc = store_audit_append_tx(st, NULL, "case_write", object.buf, detail.buf, err);
	strbuf_release(&object);
	strbuf_release(&detail);
	return rc;
}

int store_case_copy(struct store *st, const struct case_record *c, const struct event_list *events,
		    int64_t dest_id, const char *origin, int64_t *event_ids, struct case_copy *out,
		    enum stage_refusal *why, struct err *err)
{
	struct case_record here;
	struct event_list recorded;
	struct case_state state;
	int rc;

	memset(out, 0, sizeof(*out));
	if (why)
		*why = REFUSE_NONE;
	if (!st->has_reference)
		return err_set(err, HIM_EUSAGE, "the database has no reference data: run 'himaya init' first");
	case_record_init(&here);
	event_list_init(&recorded);
	/* A case copied before with nothing new (every run after the first,
	 * for most cases) is recognised without a write transaction. */
	if (dest_id > 0 && case_find_copy(st, c, dest_id, false, &here, err) == HIM_OK &&
	    st->be->events_read(st, dest_id, &recorded, err) == HIM_OK &&
	    events_merge(st, events, dest_id, &recorded, event_ids, true, out, err) == HIM_OK && !out->events_copied) {
		out->case_id = dest_id;
		event_list_release(&recorded);
		case_record_release(&here);
		return HIM_OK;
	}
	memset(out, 0, sizeof(*out));
	event_list_release(&recorded);
	event_list_init(&recorded);
	case_record_release(&here);
	case_record_init(&here);
	err_clear(err);
	if ((rc = st->be->begin(st, err)) != HIM_OK)
		return rc;
	if (dest_id > 0) {
		rc = case_find_copy(st, c, dest_id, true, &here, err);
		if (rc == HIM_OK)
			rc = st->be->events_read(st, dest_id, &recorded, err);
	} else {
		rc = case_open_copy(st, c, &here, err);
		out->opened = rc == HIM_OK;
	}
	out->case_id = here.id;
	if (rc == HIM_OK)
		rc = events_merge(st, events, here.id, &recorded, event_ids, false, out, err);
	if (rc == HIM_OK && out->events_copied > 0) {
		const struct case_event **all = xcalloc(recorded.n + 1, sizeof(*all));

		for (size_t i = 0; i < recorded.n; i++)
			all[i] = &recorded.items[i];
		/* The history as it now stands must be one the rules allow. */
		rc = stage_replay(&st->vocab, &here, all, recorded.n, DATE_NONE, &state, why, err);
		free(all);
		if (rc == HIM_OK)
			rc = st->be->case_state_write(st, here.id, &state, err);
	}
	if (rc == HIM_OK && (out->opened || out->events_copied > 0))
		rc = audit_copy(st, c, origin, out, err);
	if (rc == HIM_OK)
		rc = st->be->commit(st, err);
	else
		st->be->rollback(st);
	if (rc != HIM_OK) {
		memset(out, 0, sizeof(*out));
		out->case_id = dest_id;
	}
	event_list_release(&recorded);
	case_record_release(&here);
	return rc;
}

/* A difficulty here with d's court, text and creation time. */
static bool difficulty_here(const struct difficulty_list *l, const struct difficulty *d)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i].court, d->court) == 0 && text_equal(l->items[i].title, d->title) &&
		    text_equal(l->items[i].body, d->body) && text_equal(l->items[i].created_at, d->created_at))
			return true;
	return false;
}

int store_difficulty_copy(struct store *st, const struct difficulty *d, const char *origin, bool *copied,
			  struct err *err)
{
	struct scope national = scope_national();
	struct difficulty_list here;
	struct difficulty copy;
	char object[48];
	int rc;

	*copied = false;
	difficulty_list_init(&here);
	difficulty_init(&copy);
	if ((rc = st->be->begin(st, err)) != HIM_OK)
		return rc;
	rc = st->be->difficulty_list(st, &national, 0, &here, err);
	if (rc == HIM_OK && !difficulty_here(&here, d)) {
		memcpy(copy.court, d->court, sizeof(copy.court));
		memcpy(copy.district, d->district, sizeof(copy.district));
		copy.title = xstrdup(d->title ? d->title : "");
		copy.body = xstrdup(d->body ? d->body : "");
		copy.author = d->author ? xstrdup(d->author) : NULL;
		copy.created_at = d->created_at ? xstrdup(d->created_at) : store_now_iso();
		rc = st->be->difficulty_insert(st, &copy, err);
		if (rc == HIM_OK && d->status != DIFFICULTY_OPEN)
			rc = st->be->difficulty_update(st, copy.id, d->answer, d->answered_by,
						       d->answered_at ? d->answered_at : copy.created_at, d->status, err);
		if (rc == HIM_OK) {
			struct strbuf detail = STRBUF_INIT;

			snprintf(object, sizeof(object), "difficulty:%lld", (long long)copy.id);
			strbuf_addf(&detail, "migrate from %s: difficulty %lld of %s", origin, (long long)d->id, d->court);
			rc = store_audit_append_tx(st, NULL, "difficulty_add", object, detail.buf, err);
			strbuf_release(&detail);
			*copied = rc == HIM_OK;
		}
	}
	if (rc == HIM_OK)
		rc = st->be->commit(st, err);
	else
		st->be->rollback(st);
	if (rc != HIM_OK)
		*copied = false;
	difficulty_release(&copy);
	difficulty_list_release(&here);
	return rc;
}

int store_backup(struct store *st, const char *path, struct err *err)
{
	if (!path || !*path)
		return err_set(err, HIM_EUSAGE, "no backup file given");
	if (!st->be->backup)
		return err_set(err, HIM_EUSAGE, "the %s backend has no built-in backup: use pg_dump (docs/deployment.md)",
			       st->be->name);
	return st->be->backup(st, path, err);
}
