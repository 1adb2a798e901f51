/*
 * store.c - the backend-neutral half of the store: opening by URL, the
 * reference-data cache, and the flows that must be identical on every
 * database (a case is validated by core before it is inserted; an event
 * is checked by the stage machine against the case's recorded events
 * inside the same transaction that appends it).
 */
#include "backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/counting.h"
#include "../lib/strbuf.h"
#include "../lib/banned.h"

char *store_now_iso(void)
{
	char buf[32];
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return xstrdup(buf);
}

/*
 * Audit of writes (docs/security.md): every write of case or reference
 * data is audited here, inside the transaction of the write, so the entry
 * exists exactly when the write does (a refused event leaves none). The
 * actor is the store's (store_set_actor), else "system". Reads are audited
 * by the front ends that show them, not here: see store.h.
 */
static const char *audit_actor(const struct store *st)
{
	return st->actor && *st->actor ? st->actor : "system";
}

static int audit_case_write(struct store *st, int64_t case_id, const char *what, const char *court,
			    const char *number, struct err *err)
{
	struct strbuf object = STRBUF_INIT, detail = STRBUF_INIT;
	int rc;

	strbuf_addf(&object, "case:%lld", (long long)case_id);
	strbuf_addf(&detail, "%s %s %s", what, court, number ? number : "");
	rc = store_audit_append_tx(st, audit_actor(st), "case_write", object.buf, detail.buf, err);
	strbuf_release(&object);
	strbuf_release(&detail);
	return rc;
}

static int audit_event_write(struct store *st, const struct case_event *ev, struct err *err)
{
	struct strbuf object = STRBUF_INIT, detail = STRBUF_INIT;
	char day[DATE_ISO_LEN] = "";
	int rc;

	if (ev->date != DATE_NONE)
		date_format(ev->date, day);
	strbuf_addf(&object, "case:%lld", (long long)ev->case_id);
	strbuf_addf(&detail, "event %lld %s %s", (long long)ev->id, event_type_name(ev->type), day);
	if (ev->supersedes > 0)
		strbuf_addf(&detail, " correcting %lld", (long long)ev->supersedes);
	rc = store_audit_append_tx(st, audit_actor(st), "case_write", object.buf, detail.buf, err);
	strbuf_release(&object);
	strbuf_release(&detail);
	return rc;
}

static int audit_reference_sync(struct store *st, const struct reference_sync_report *r, struct err *err)
{
	struct strbuf detail = STRBUF_INIT;
	int rc;

	strbuf_addf(&detail, "courts +%d ~%d, terms %d, vocabulary +%d ~%d", r->courts_added, r->courts_updated,
		    r->court_terms, r->vocab_added, r->vocab_updated);
	rc = store_audit_append_tx(st, audit_actor(st), "reference_sync", "reference", detail.buf, err);
	strbuf_release(&detail);
	return rc;
}

static void reference_reload(struct store *st)
{
	struct court_map map;
	struct vocab v;
	struct err err = ERR_INIT;

	court_map_init(&map);
	vocab_init(&v);
	if (st->be->reference_read(st, &map, &v, &err) == HIM_OK && map.n > 0 && v.n > 0) {
		court_map_release(&st->map);
		vocab_release(&st->vocab);
		st->map = map;
		st->vocab = v;
		st->has_reference = true;
		return;
	}
	court_map_release(&map);
	vocab_release(&v);
}

bool store_url_is_pg(const char *url)
{
	return url && (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0);
}

int store_open(struct store **out, const char *url, struct err *err)
{
	struct store *st;
	int rc;

	*out = NULL;
	if (!url || !*url)
		return err_set(err, HIM_EUSAGE, "no database given");
	if (strncmp(url, "sqlite:", 7) == 0)
		url += 7;

	st = xcalloc(1, sizeof(*st));
	court_map_init(&st->map);
	vocab_init(&st->vocab);
	if (store_url_is_pg(url))
		rc = pg_backend_open(st, url, err);
	else
		rc = sqlite_backend_open(st, url, err);
	if (rc != HIM_OK) {
		free(st);
		return rc;
	}
	reference_reload(st);
	*out = st;
	return HIM_OK;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	if (st->be)
		st->be->close(st);
	court_map_release(&st->map);
	vocab_release(&st->vocab);
	free(st->actor);
	/* The kept secrets (the CSRF key) outlive no connection. */
	explicit_bzero(st->secrets, sizeof(st->secrets));
	free(st);
}

int store_schema_version(struct store *st)
{
	return st->be->schema_version(st);
}

const char *store_backend_name(const struct store *st)
{
	return st->be->name;
}

void store_set_actor(struct store *st, const char *actor)
{
	free(st->actor);
	st->actor = actor ? xstrdup(actor) : NULL;
}

bool store_has_reference(const struct store *st)
{
	return st->has_reference;
}

const struct court_map *store_court_map(const struct store *st)
{
	return &st->map;
}

const struct vocab *store_vocab(const struct store *st)
{
	return &st->vocab;
}

int store_reference_sync(struct store *st, const struct court_map *map, const struct vocab *v,
			 struct reference_sync_report *report, struct err *err)
{
	struct reference_sync_report local;
	int rc;

	if (!report)
		report = &local;
	memset(report, 0, sizeof(*report));
	if ((rc = court_map_validate(map, err)) != HIM_OK)
		return rc;
	if ((rc = st->be->begin(st, err)) != HIM_OK)
		return rc;
	rc = st->be->reference_write(st, map, v, report, err);
	if (rc == HIM_OK)
		rc = audit_reference_sync(st, report, err);
	if (rc == HIM_OK)
		rc = st->be->commit(st, err);
	else
		st->be->rollback(st);
	if (rc == HIM_OK)
		reference_reload(st);
	return rc;
}

static int need_reference(const struct store *st, struct err *err)
{
	if (!st->has_reference)
		return err_set(err, HIM_EUSAGE, "the database has no reference data: run 'himaya init' first");
	return HIM_OK;
}

int store_case_open(struct store *st, const struct scope *scope, struct case_record *c,
		    date_t today, struct err *err)
{
	int rc;

	if ((rc = need_reference(st, err)) != HIM_OK)
		return rc;
	if ((rc = case_prepare_new(c, &st->map, &st->vocab, today, err)) != HIM_OK)
		return rc;
	if (!scope_includes(scope, c))
		return err_set(err, HIM_EFORBIDDEN, "court '%s' is outside the scope you may write to", c->court);
	case_state_init(&c->state);
	free(c->created_at);
	c->created_at = store_now_iso();
	free(c->created_by);
	c->created_by = st->actor ? xstrdup(st->actor) : NULL;
	if ((rc = st->be->begin(st, err)) != HIM_OK)
		return rc;
	rc = st->be->case_insert(st, c, err);
	if (rc == HIM_OK)
		rc = audit_case_write(st, c->id, "open", c->court, c->file_number, err);
	if (rc == HIM_OK)
		rc = st->be->commit(st, err);
	else
		st->be->rollback(st);
	if (rc != HIM_OK)
		c->id = 0;
	return rc;
}

int store_case_get(struct store *st, const struct scope *scope, int64_t id,
		   struct case_record *out, struct err *err)
{
	return st->be->case_read(st, scope, id, false, out, err);
}

int store_case_events(struct store *st, const struct scope *scope, int64_t case_id,
		      struct event_list *out, struct err *err)
{
	struct case_record c;
	int rc;

	/* Reading the case first applies the scope to its events too. */
	case_record_init(&c);
	rc = st->be->case_read(st, scope, case_id, false, &c, err);
	case_record_release(&c);
	if (rc == HIM_OK)
		rc = st->be->events_read(st, case_id, out, err);
	return rc;
}

/* The latest change of case c: its newest recorded event, or its opening. */
static void case_change_fill(const struct case_record *c, const struct event_list *recorded,
			     struct case_change *out)
{
	const char *by = c->created_by, *at = c->created_at;

	for (size_t i = 0; i < recorded->n; i++) {
		const struct case_event *e = &recorded->items[i];
		if (e->recorded_at && (!at || strcmp(e->recorded_at, at) >= 0)) {
			at = e->recorded_at;
			by = e->recorded_by;
		}
	}
	out->version = c->version;
	snprintf(out->by, sizeof(out->by), "%s", by ? by : "");
	snprintf(out->at, sizeof(out->at), "%s", at ? at : "");
}

int store_case_add_event(struct store *st, const struct scope *scope, int64_t case_id,
			 struct case_event *ev, date_t today, enum stage_refusal *why,
			 struct err *err)
{
	return store_case_add_event_at(st, scope, case_id, 0, ev, today, why, NULL, err);
}

int store_case_add_event_at(struct store *st, const struct scope *scope, int64_t case_id, int64_t expected_version,
			    struct case_event *ev, date_t today, enum stage_refusal *why,
			    struct case_change *changed, struct err *err)
{
	struct case_record c;
	struct event_list recorded;
	struct case_state state;
	int rc;

	if (why)
		*why = REFUSE_NONE;
	if ((rc = need_reference(st, err)) != HIM_OK)
		return rc;
	ev->id = 0;
	ev->case_id = case_id;
	case_record_init(&c);
	event_list_init(&recorded);
	if ((rc = st->be->begin(st, err)) != HIM_OK)
		return rc;
	rc = st->be->case_read(st, scope, case_id, true, &c, err);
	if (rc == HIM_OK)
		rc = st->be->events_read(st, case_id, &recorded, err);
	/* Read under the write lock (case_read for update): no other writer
	 * can change the case between this check and the commit. */
	if (rc == HIM_OK && expected_version > 0 && c.version != expected_version) {
		struct case_change now;
		case_change_fill(&c, &recorded, &now);
		if (changed)
			*changed = now;
		rc = err_set(err, HIM_ECONFLICT, "case %lld was changed by %s at %s (version %lld, not %lld): reload it",
			     (long long)case_id, now.by[0] ? now.by : "someone", now.at[0] ? now.at : "an unknown time",
			     (long long)now.version, (long long)expected_version);
	}
	if (rc == HIM_OK)
		rc = stage_check_append(&st->vocab, &c, &recorded, ev, today, &state, why, err);
	if (rc == HIM_OK) {
		free(ev->recorded_at);
		ev->recorded_at = store_now_iso();
		free(ev->recorded_by);
		ev->recorded_by = st->actor ? xstrdup(st->actor) : NULL;
		rc = st->be->event_insert(st, ev, err);
	}
	if (rc == HIM_OK) {
		/* The derived state names the new event by its id, known only
		 * now: replay once more to fill it in. */
		rc = stage_check_append(&st->vocab, &c, &recorded, ev, DATE_NONE, &state, why, err);
	}
	if (rc == HIM_OK)
		rc = st->be->case_state_write(st, case_id, &state, err);
	if (rc == HIM_OK)
		rc = audit_event_write(st, ev, err);
	if (rc == HIM_OK)
		rc = st->be->commit(st, err);
	else
		st->be->rollback(st);
	if (rc != HIM_OK)
		ev->id = 0;
	event_list_release(&recorded);
	case_record_release(&c);
	return rc;
}

void case_filter_init(struct case_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->from = DATE_NONE;
	f->to = DATE_NONE;
	f->stage = -1;
}

int store_case_each(struct store *st, const struct scope *scope, const struct case_filter *f,
		    store_case_fn fn, void *ctx, struct err *err)
{
	return st->be->case_each(st, scope, f, fn, ctx, err);
}

static int collect_case(const struct case_record *c, void *ctx)
{
	case_record_copy(case_list_push(ctx), c);
	return 0;
}

int store_case_list(struct store *st, const struct scope *scope, const struct case_filter *f,
		    struct case_list *out, struct err *err)
{
	return st->be->case_each(st, scope, f, collect_case, out, err);
}

int store_case_count(struct store *st, const struct scope *scope, const struct case_filter *f,
		     int64_t *out, struct err *err)
{
	return st->be->case_count(st, scope, f, out, err);
}

static const char *const stats_dim_names[STATS_DIM_COUNT] = {
	"court", "district", "year", "platform", "body", "subject",
	"decision", "first_instance", "appeal", "cassation", "stage",
};

const char *stats_dim_name(enum stats_dim dim)
{
	return (unsigned)dim < STATS_DIM_COUNT ? stats_dim_names[dim] : "?";
}

bool stats_dim_parse(const char *s, enum stats_dim *out)
{
	for (int i = 0; i < STATS_DIM_COUNT; i++)
		if (s && strcmp(s, stats_dim_names[i]) == 0) {
			*out = (enum stats_dim)i;
			return true;
		}
	return false;
}

int store_stats_group(struct store *st, const struct scope *scope, const struct case_filter *f,
		      const enum stats_dim *dims, size_t ndims, store_stats_fn fn, void *ctx,
		      struct err *err)
{
	if (ndims > STATS_DIMS_MAX)
		return err_set(err, HIM_EUSAGE, "at most %d dimensions", STATS_DIMS_MAX);
	for (size_t i = 0; i < ndims; i++) {
		if ((unsigned)dims[i] >= STATS_DIM_COUNT)
			return err_set(err, HIM_EUSAGE, "unknown statistics dimension");
		for (size_t j = 0; j < i; j++)
			if (dims[i] == dims[j])
				return err_set(err, HIM_EUSAGE, "dimension '%s' given twice", stats_dim_name(dims[i]));
	}
	return st->be->stats_group(st, scope, f, dims, ndims, fn, ctx, err);
}

int store_stats_median(struct store *st, const struct scope *scope, const struct case_filter *f,
		       enum stats_interval interval, double *median_days, int64_t *n, struct err *err)
{
	return st->be->stats_median(st, scope, f, interval, median_days, n, err);
}
