/*
 * stats.c - assembling the aggregates of `himaya stats` from the store's
 * GROUP BY queries.
 */
#include "stats.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/banned.h"

void stats_request_init(struct stats_request *r)
{
	memset(r, 0, sizeof(*r));
	r->scope = scope_national();
	case_filter_init(&r->filter);
	r->today = DATE_NONE;
	r->pending_days = 365;
}

unsigned stats_pending_stages(void)
{
	return (1u << STAGE_REGISTERED) | (1u << STAGE_INVESTIGATION) | (1u << STAGE_PROSECUTED);
}

/* The vocabulary kind that labels a dimension's values, or -1. */
static int dim_vocab(enum stats_dim dim)
{
	switch (dim) {
	case STATS_PLATFORM: return VOCAB_PLATFORM;
	case STATS_BODY: return VOCAB_BODY;
	case STATS_SUBJECT: return VOCAB_SUBJECT;
	case STATS_DECISION: return VOCAB_DECISION;
	case STATS_FIRST:
	case STATS_APPEAL:
	case STATS_CASSATION: return VOCAB_OUTCOME;
	default: return -1;
	}
}

/* {"code": …, "label_ar": …, "label_fr": …} for one dimension value. */
static void label_value(json_t *obj, struct store *st, enum stats_dim dim, const char *value)
{
	const char *ar = value, *fr = value;
	int kind = dim_vocab(dim);

	if (dim == STATS_COURT || dim == STATS_DISTRICT) {
		const struct court_term *t = court_map_latest(store_court_map(st), value);
		if (t) {
			ar = t->name_ar;
			fr = t->name_fr;
		}
	} else if (dim == STATS_STAGE) {
		enum case_stage stage;
		if (case_stage_parse(value, &stage)) {
			ar = case_stage_label(stage, LANG_AR);
			fr = case_stage_label(stage, LANG_FR);
		}
	} else if (kind >= 0 && !*value) {
		/* No decision yet / no ruling yet: the template says رائجة or البحث جار. */
		const struct vocab_entry *e = vocab_find(store_vocab(st), kind == VOCAB_DECISION ? VOCAB_DECISION : VOCAB_OUTCOME,
							 kind == VOCAB_DECISION ? "investigating" : "pending");
		if (e) {
			ar = e->label_ar;
			fr = e->label_fr;
		}
	} else if (kind >= 0) {
		const struct vocab_entry *e = vocab_find(store_vocab(st), (enum vocab_kind)kind, value);
		if (e) {
			ar = e->label_ar;
			fr = e->label_fr;
		}
	}
	json_object_set_new(obj, stats_dim_name(dim), *value ? json_string(value) : json_null());
	if (dim != STATS_YEAR) {
		json_object_set_new(obj, "label_ar", json_string(ar));
		json_object_set_new(obj, "label_fr", json_string(fr));
	}
}

struct collect {
	struct store *st;
	json_t *array;
	int64_t sum;
	unsigned sentence_levels; /* for conviction counts */
	int64_t convicted;
};

static int collect_cell(const struct stats_cell *cell, void *ctx)
{
	struct collect *c = ctx;
	json_t *obj = json_object();

	for (size_t i = 0; i < cell->ndims; i++) {
		if (cell->ndims == 1) {
			label_value(obj, c->st, cell->dims[i], cell->values[i]);
		} else {
			json_t *sub = json_object();
			label_value(sub, c->st, cell->dims[i], cell->values[i]);
			json_object_set_new(obj, stats_dim_name(cell->dims[i]), sub);
		}
	}
	json_object_set_new(obj, "count", json_integer(cell->count));
	json_array_append_new(c->array, obj);
	c->sum += cell->count;
	if (cell->ndims == 1 && c->sentence_levels) {
		const struct vocab_entry *e = vocab_find(store_vocab(c->st), VOCAB_OUTCOME, cell->values[0]);
		if (e && e->sentence && (e->levels & c->sentence_levels))
			c->convicted += cell->count;
	}
	return 0;
}

static int group(struct store *st, const struct stats_request *r, const struct case_filter *f,
		 const enum stats_dim *dims, size_t ndims, struct collect *c, struct err *err)
{
	c->st = st;
	c->array = json_array();
	c->sum = 0;
	c->convicted = 0;
	return store_stats_group(st, &r->scope, f, dims, ndims, collect_cell, c, err);
}

static json_t *rate(const char *num_name, int64_t num, const char *den_name, int64_t den)
{
	json_t *o = json_object();
	json_object_set_new(o, num_name, json_integer(num));
	json_object_set_new(o, den_name, json_integer(den));
	json_object_set_new(o, "rate", den ? json_real((double)num / (double)den) : json_null());
	return o;
}

int stats_build(struct store *st, const struct stats_request *r, json_t **out, struct err *err)
{
	static const enum stats_dim singles[] = {
		STATS_YEAR, STATS_DISTRICT, STATS_COURT, STATS_PLATFORM, STATS_BODY, STATS_SUBJECT,
		STATS_DECISION, STATS_FIRST, STATS_APPEAL, STATS_CASSATION, STATS_STAGE,
	};
	json_t *root = json_object(), *by = json_object();
	struct collect c;
	int64_t total = 0, prosecuted = 0, filed = 0, judged = 0, convicted = 0;
	int rc = HIM_OK;
	char *scope = scope_describe(&r->scope);
	char from[DATE_ISO_LEN] = "", to[DATE_ISO_LEN] = "";

	*out = NULL;
	json_object_set_new(root, "scope", json_string(scope));
	free(scope);
	date_format(r->filter.from, from);
	date_format(r->filter.to, to);
	json_object_set_new(root, "from", *from ? json_string(from) : json_null());
	json_object_set_new(root, "to", *to ? json_string(to) : json_null());
	json_object_set_new(root, "year", r->filter.year ? json_integer(r->filter.year) : json_null());
	json_object_set_new(root, "platform", r->filter.platform ? json_string(r->filter.platform) : json_null());

	for (size_t i = 0; i < sizeof(singles) / sizeof(singles[0]) && rc == HIM_OK; i++) {
		memset(&c, 0, sizeof(c));
		if (singles[i] == STATS_FIRST)
			c.sentence_levels = LEVEL_FIRST;
		rc = group(st, r, &r->filter, &singles[i], 1, &c, err);
		if (rc != HIM_OK) {
			json_decref(c.array);
			break;
		}
		json_object_set_new(by, stats_dim_name(singles[i]), c.array);
		if (singles[i] == STATS_YEAR)
			total = c.sum;
		if (singles[i] == STATS_FIRST) {
			convicted = c.convicted;
			/* Judged = every case with a first-instance outcome. */
			size_t k;
			json_t *cell;
			judged = c.sum;
			json_array_foreach(c.array, k, cell)
				if (json_is_null(json_object_get(cell, "first_instance")))
					judged -= json_integer_value(json_object_get(cell, "count"));
		}
		if (singles[i] == STATS_STAGE) {
			size_t k;
			json_t *cell;
			json_array_foreach(c.array, k, cell) {
				enum case_stage s;
				int64_t n = json_integer_value(json_object_get(cell, "count"));
				if (!case_stage_parse(json_string_value(json_object_get(cell, "stage")), &s))
					continue;
				if (s == STAGE_FILED)
					filed += n;
				else if (s >= STAGE_PROSECUTED)
					prosecuted += n;
			}
		}
	}
	if (rc == HIM_OK && r->ncross) {
		memset(&c, 0, sizeof(c));
		rc = group(st, r, &r->filter, r->cross, r->ncross, &c, err);
		if (rc == HIM_OK)
			json_object_set_new(root, "cross", c.array);
		else
			json_decref(c.array);
	}

	json_t *rates = json_object();
	/* Prosecution rate: of the cases the prosecution has decided (started
	 * the public action or filed), the share prosecuted. */
	json_object_set_new(rates, "prosecution", rate("prosecuted", prosecuted, "decided", prosecuted + filed));
	json_object_set_new(rates, "conviction_first_instance", rate("convicted", convicted, "judged", judged));

	json_t *medians = json_object();
	static const struct { enum stats_interval iv; const char *name; } ivs[] = {
		{ INTERVAL_REGISTRATION_TO_DECISION, "registration_to_decision" },
		{ INTERVAL_DECISION_TO_JUDGMENT, "decision_to_judgment" },
		{ INTERVAL_JUDGMENT_TO_APPEAL, "judgment_to_appeal" },
	};
	for (size_t i = 0; i < sizeof(ivs) / sizeof(ivs[0]) && rc == HIM_OK; i++) {
		double days;
		int64_t n;
		rc = store_stats_median(st, &r->scope, &r->filter, ivs[i].iv, &days, &n, err);
		if (rc == HIM_OK) {
			json_t *m = json_object();
			json_object_set_new(m, "median_days", n ? json_real(days) : json_null());
			json_object_set_new(m, "cases", json_integer(n));
			json_object_set_new(medians, ivs[i].name, m);
		}
	}

	int64_t pending = 0;
	if (rc == HIM_OK && r->today != DATE_NONE) {
		struct case_filter pf = r->filter;
		date_t limit = r->today - r->pending_days;
		pf.stages = stats_pending_stages();
		if (pf.to == DATE_NONE || pf.to > limit)
			pf.to = limit;
		rc = store_case_count(st, &r->scope, &pf, &pending, err);
	}
	json_t *pend = json_object();
	json_object_set_new(pend, "days", json_integer(r->pending_days));
	json_object_set_new(pend, "count", json_integer(pending));

	json_object_set_new(root, "total", json_integer(total));
	json_object_set_new(root, "by", by);
	json_object_set_new(root, "rates", rates);
	json_object_set_new(root, "medians", medians);
	json_object_set_new(root, "pending", pend);
	if (rc != HIM_OK) {
		json_decref(root);
		return rc;
	}
	*out = root;
	return HIM_OK;
}

int stats_filter_add(struct case_filter *f, const char *field, const char *value, date_t today,
		     struct err *err)
{
	enum stats_dim dim;

	if (strcmp(field, "pending") == 0) {
		char *end;
		errno = 0;
		long days = strtol(value, &end, 10);
		if (errno || end == value || *end || days < 0 || days > 100000 || today == DATE_NONE)
			return err_set(err, HIM_EINPUT, "pending=%s: give a number of days", value);
		f->stages = stats_pending_stages();
		f->to = today - (date_t)days;
		return HIM_OK;
	}
	if (!stats_dim_parse(field, &dim))
		return err_set(err, HIM_EINPUT, "unknown field '%s' (court, district, year, platform, body, "
			       "subject, decision, first_instance, appeal, cassation, stage, pending)", field);
	switch (dim) {
	case STATS_COURT: f->court = value; break;
	case STATS_DISTRICT: f->district = value; break;
	case STATS_YEAR: {
		char *end;
		long y = strtol(value, &end, 10);
		if (end == value || *end || y < 1900 || y > 2999)
			return err_set(err, HIM_EINPUT, "year=%s is not a year", value);
		f->year = (int)y;
		break;
	}
	case STATS_PLATFORM: f->platform = value; break;
	case STATS_BODY: f->body = value; break;
	case STATS_SUBJECT: f->subject = value; break;
	case STATS_DECISION: f->decision = value; break;
	case STATS_FIRST: f->first = value; break;
	case STATS_APPEAL: f->appeal = value; break;
	case STATS_CASSATION: f->cassation = value; break;
	case STATS_STAGE: {
		enum case_stage s;
		if (!case_stage_parse(value, &s))
			return err_set(err, HIM_EINPUT, "stage=%s is not a stage", value);
		f->stage = (int)s;
		break;
	}
	case STATS_DIM_COUNT: break;
	}
	return HIM_OK;
}

static const char *label_in(const json_t *cell, enum lang lang)
{
	const json_t *l = json_object_get(cell, lang == LANG_AR ? "label_ar" : "label_fr");
	return l ? json_string_value(l) : "";
}

void stats_render_text(const json_t *stats, enum lang lang, struct strbuf *out)
{
	const json_t *by = json_object_get(stats, "by");
	const char *key;
	json_t *cells;

	strbuf_addf(out, "%s: %lld\n", lang == LANG_AR ? "مجموع القضايا" : lang == LANG_FR ? "Total des affaires" : "Total cases",
		    (long long)json_integer_value(json_object_get(stats, "total")));
	json_object_foreach((json_t *)by, key, cells) {
		size_t i;
		json_t *cell;
		strbuf_addf(out, "\n[%s]\n", key);
		json_array_foreach(cells, i, cell) {
			const json_t *code = json_object_get(cell, key);
			const char *label = label_in(cell, lang);
			strbuf_addf(out, "  %-24s %8lld  %s\n", json_is_string(code) ? json_string_value(code) : "-",
				    (long long)json_integer_value(json_object_get(cell, "count")), label ? label : "");
		}
	}
	const json_t *rates = json_object_get(stats, "rates");
	json_object_foreach((json_t *)rates, key, cells) {
		const json_t *r = json_object_get(cells, "rate");
		if (json_is_real(r))
			strbuf_addf(out, "\nrate %s: %.1f%%", key, 100.0 * json_real_value(r));
		else
			strbuf_addf(out, "\nrate %s: -", key);
	}
	const json_t *medians = json_object_get(stats, "medians");
	json_object_foreach((json_t *)medians, key, cells) {
		const json_t *d = json_object_get(cells, "median_days");
		strbuf_addf(out, "\nmedian %s: ", key);
		if (json_is_real(d))
			strbuf_addf(out, "%.1f days (%lld cases)", json_real_value(d),
				    (long long)json_integer_value(json_object_get(cells, "cases")));
		else
			strbuf_adds(out, "-");
	}
	const json_t *p = json_object_get(stats, "pending");
	strbuf_addf(out, "\npending for more than %lld days: %lld\n",
		    (long long)json_integer_value(json_object_get(p, "days")),
		    (long long)json_integer_value(json_object_get(p, "count")));
}
