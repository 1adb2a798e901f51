/*
 * table.c - the walk of the circular's table (see table.h): the header
 * block for the scope, the labelling of every cell ("البحث جار", "رائجة",
 * dates, sentences worded by table_text.c), and the grouping of streamed
 * cases by district and court.
 *
 * Cases come from store_case_each in CASE_ORDER_COURT (district, court,
 * registration date, id), so a group is a run of consecutive cases and
 * closing it is a comparison with the previous case: nothing is held but
 * the current row and the names of the current groups.
 */
#include "table.h"

#include <string.h>

#include "../core/counting.h"
#include "../lib/banned.h"

void table_request_init(struct table_request *r)
{
	memset(r, 0, sizeof(*r));
	r->scope = scope_national();
	r->from = DATE_NONE;
	r->to = DATE_NONE;
	r->lang = LANG_AR;
	r->map_date = DATE_NONE;
	r->today = DATE_NONE;
}

void table_request_set_year(struct table_request *r, int year)
{
	r->year = year;
	r->from = date_from_ymd(year, 1, 1);
	r->to = date_from_ymd(year, 12, 31);
}

/* --- the walk -------------------------------------------------------- */

struct walk {
	struct store *st;
	const struct table_request *req;
	const struct table_visitor *vis;
	void *ctx;
	struct err *err;
	const struct court_map *map;
	const struct vocab *vocab;
	const struct table_text *text;
	enum lang lang;
	date_t map_day;
	const char *pending_label;      /* رائجة */
	const char *investigating_label; /* البحث جار */

	struct table_header header;
	struct strbuf lines[3], period, platform, scope_name;

	bool in_district, in_court;
	struct table_group district, court;
	char district_code[CODE_MAX], court_code[CODE_MAX], court_district[CODE_MAX];
	struct strbuf district_name, district_heading, court_name, court_heading, court_ca_name;
	int64_t total;

	/* The current row's strings, reused from row to row. */
	struct strbuf row_court, cells[TABLE_COLUMNS], blocks[TABLE_COLUMNS];
	struct strbuf level_label[TABLE_LEVELS], level_sentence[TABLE_LEVELS];
	struct strbuf level_summary[TABLE_LEVELS], level_date[TABLE_LEVELS];
	struct strbuf decision_date;
};

static void walk_bufs(struct walk *w, bool release)
{
	struct strbuf *bufs[64];
	size_t k = 0;

	for (size_t i = 0; i < 3; i++)
		bufs[k++] = &w->lines[i];
	bufs[k++] = &w->period;
	bufs[k++] = &w->platform;
	bufs[k++] = &w->scope_name;
	bufs[k++] = &w->district_name;
	bufs[k++] = &w->district_heading;
	bufs[k++] = &w->court_name;
	bufs[k++] = &w->court_heading;
	bufs[k++] = &w->court_ca_name;
	bufs[k++] = &w->row_court;
	bufs[k++] = &w->decision_date;
	for (size_t i = 0; i < TABLE_COLUMNS; i++) {
		bufs[k++] = &w->cells[i];
		bufs[k++] = &w->blocks[i];
	}
	for (size_t i = 0; i < TABLE_LEVELS; i++) {
		bufs[k++] = &w->level_label[i];
		bufs[k++] = &w->level_sentence[i];
		bufs[k++] = &w->level_summary[i];
		bufs[k++] = &w->level_date[i];
	}
	for (size_t i = 0; i < k; i++) {
		if (release)
			strbuf_release(bufs[i]);
		else
			strbuf_init(bufs[i]);
	}
}

/* A court's name as the map gave it on day, else its latest name, else
 * its code (a court the map has since lost must still be printable). */
static const char *court_name_on(const struct walk *w, const char *code, date_t day)
{
	const struct court_term *t = day != DATE_NONE ? court_map_on(w->map, code, day) : NULL;

	if (!t)
		t = court_map_latest(w->map, code);
	return t ? court_term_name(t, w->lang) : code;
}

static const struct court_term *court_term_at(const struct walk *w, const char *code)
{
	const struct court_term *t = w->map_day != DATE_NONE ? court_map_on(w->map, code, w->map_day) : NULL;
	return t ? t : court_map_latest(w->map, code);
}

/* The platform's label up to " (": "NCMEC (CyberTipline)" -> "NCMEC",
 * the template's "CPS / NCMEC" wording, while a deployment's relabelling
 * still shows. */
static void add_platform_short(struct strbuf *out, const char *label)
{
	const char *paren = strstr(label, " (");
	strbuf_add(out, label, paren ? (size_t)(paren - label) : strlen(label));
}

void table_registered_text(const struct case_record *c, char buf[DATE_ISO_LEN])
{
	if (c->registered_inferred && c->registered != DATE_NONE)
		snprintf(buf, DATE_ISO_LEN, "%d", date_year(c->registered));
	else
		date_format(c->registered, buf);
}

static void add_date(struct strbuf *out, date_t day)
{
	char iso[DATE_ISO_LEN];

	date_format(day, iso);
	strbuf_adds(out, iso);
}

static void build_period(struct walk *w)
{
	const struct table_request *r = w->req;
	struct strbuf *p = &w->period;
	bool ar = w->lang == LANG_AR;

	if (r->year && r->from == date_from_ymd(r->year, 1, 1) && r->to == date_from_ymd(r->year, 12, 31)) {
		strbuf_addf(p, ar ? "برسم سنة %d" : "Année %d", r->year);
	} else if (r->from != DATE_NONE && r->to != DATE_NONE) {
		strbuf_adds(p, ar ? "من " : "du ");
		add_date(p, r->from);
		strbuf_adds(p, ar ? " إلى " : " au ");
		add_date(p, r->to);
	} else if (r->from != DATE_NONE) {
		strbuf_adds(p, ar ? "ابتداء من " : "à partir du ");
		add_date(p, r->from);
	} else if (r->to != DATE_NONE) {
		strbuf_adds(p, ar ? "إلى غاية " : "jusqu'au ");
		add_date(p, r->to);
	} else {
		strbuf_adds(p, ar ? "جميع القضايا المسجلة" : "toutes les affaires enregistrées");
	}
}

/* The header block: under المملكة المغربية, the Presidency (national), the
 * Court of Appeal (a district, or a Court of Appeal's own table), or the
 * Court of Appeal and then the First Instance Court (a court's table). */
static int build_header(struct walk *w)
{
	const struct scope *s = &w->req->scope;
	struct table_header *h = &w->header;
	const struct court_term *t;

	h->request = w->req;
	h->text = w->text;
	h->vocab = w->vocab;
	switch (s->kind) {
	case SCOPE_NATIONAL:
		strbuf_adds(&w->lines[0], w->text->presidency);
		strbuf_adds(&w->scope_name, w->text->presidency);
		h->nlines = 1;
		h->footnote = true;
		break;
	case SCOPE_DISTRICT:
		strbuf_adds(&w->lines[0], court_name_on(w, s->code, w->map_day));
		strbuf_addf(&w->scope_name, "%s%s", w->text->district_of, w->lines[0].buf);
		h->nlines = 1;
		h->footnote = true;
		break;
	case SCOPE_COURT:
		t = court_term_at(w, s->code);
		if (!t)
			return err_set(w->err, HIM_EINPUT, "court '%s' is not in the judicial map", s->code);
		if (t->kind == COURT_FIRST) {
			strbuf_adds(&w->lines[0], court_name_on(w, t->appeal_court, w->map_day));
			strbuf_adds(&w->lines[1], court_term_name(t, w->lang));
			h->nlines = 2;
		} else {
			strbuf_adds(&w->lines[0], court_term_name(t, w->lang));
			h->nlines = 1;
			h->footnote = true;
		}
		strbuf_adds(&w->scope_name, court_term_name(t, w->lang));
		break;
	case SCOPE_UNIT:
		return err_set(w->err, HIM_EUSAGE,
			       "the circular's table is drawn for a court, a district or the whole country, not for a police unit");
	}
	for (size_t i = 0; i < h->nlines; i++)
		h->lines[i] = w->lines[i].buf;
	build_period(w);
	h->period = w->period.buf;
	if (w->req->platform) {
		const struct vocab_entry *e = vocab_find(w->vocab, VOCAB_PLATFORM, w->req->platform);
		add_platform_short(&w->platform, vocab_label(e, w->lang));
		h->platform = w->platform.buf;
	}
	h->scope_name = w->scope_name.buf;
	return HIM_OK;
}

/* --- groups ---------------------------------------------------------- */

static int open_district(struct walk *w, const char *code)
{
	struct table_group *g = &w->district;

	memset(g, 0, sizeof(*g));
	memcpy(w->district_code, code, strlen(code) + 1);
	strbuf_reset(&w->district_name);
	strbuf_reset(&w->district_heading);
	strbuf_adds(&w->district_name, court_name_on(w, code, w->map_day));
	strbuf_addf(&w->district_heading, "%s%s", w->text->district_of, w->district_name.buf);
	g->kind = TABLE_GROUP_DISTRICT;
	g->code = w->district_code;
	g->district = w->district_code;
	g->name = w->district_name.buf;
	g->heading = w->district_heading.buf;
	g->ca_name = "";
	g->appeal_court = true;
	w->in_district = true;
	return w->vis->group_begin ? w->vis->group_begin(w->ctx, g, w->err) : 0;
}

static int close_district(struct walk *w)
{
	if (!w->in_district)
		return 0;
	w->in_district = false;
	return w->vis->group_end ? w->vis->group_end(w->ctx, &w->district, w->err) : 0;
}

static int open_court(struct walk *w, const char *code, const char *district)
{
	struct table_group *g = &w->court;
	const struct court_term *t = court_term_at(w, code);

	memset(g, 0, sizeof(*g));
	memcpy(w->court_code, code, strlen(code) + 1);
	memcpy(w->court_district, district, strlen(district) + 1);
	strbuf_reset(&w->court_name);
	strbuf_reset(&w->court_heading);
	strbuf_reset(&w->court_ca_name);
	strbuf_adds(&w->court_name, court_name_on(w, code, w->map_day));
	strbuf_adds(&w->court_heading, w->court_name.buf);
	g->kind = TABLE_GROUP_COURT;
	g->code = w->court_code;
	g->district = w->court_district;
	g->name = w->court_name.buf;
	g->heading = w->court_heading.buf;
	g->appeal_court = t ? t->kind == COURT_APPEAL : strcmp(code, district) == 0;
	if (!g->appeal_court)
		strbuf_adds(&w->court_ca_name, court_name_on(w, district, w->map_day));
	g->ca_name = w->court_ca_name.buf;
	w->in_court = true;
	return w->vis->group_begin ? w->vis->group_begin(w->ctx, g, w->err) : 0;
}

static int close_court(struct walk *w)
{
	if (!w->in_court)
		return 0;
	w->in_court = false;
	return w->vis->group_end ? w->vis->group_end(w->ctx, &w->court, w->err) : 0;
}

/* --- rows ------------------------------------------------------------ */

static bool within_deadline(const struct walk *w, date_t ruling)
{
	date_t today = w->req->today;
	return today != DATE_NONE && ruling != DATE_NONE && today >= ruling &&
	       today - ruling <= TABLE_APPEAL_DAYS;
}

static void build_level(struct walk *w, struct table_level *lv, size_t i,
			const struct level_outcome *o, bool awaited)
{
	struct strbuf *label = &w->level_label[i], *sentence = &w->level_sentence[i];
	struct strbuf *summary = &w->level_summary[i], *date = &w->level_date[i];
	bool ar = w->lang == LANG_AR;

	strbuf_reset(label);
	strbuf_reset(sentence);
	strbuf_reset(summary);
	strbuf_reset(date);
	memset(lv, 0, sizeof(*lv));
	lv->code = o->code;
	lv->given = &o->sentence;
	/* A date the source did not give is not shown: the table says only
	 * what is known (backfilled rows have no dates). */
	lv->date = o->date_inferred ? DATE_NONE : o->date;
	if (*o->code) {
		strbuf_adds(label, vocab_label_of(w->vocab, VOCAB_OUTCOME, o->code, w->lang));
		if (sentence_given(&o->sentence))
			table_sentence_text(&o->sentence, w->lang, sentence);
		strbuf_adds(summary, label->buf);
		if (sentence->len)
			strbuf_addf(summary, "%s%s", ar ? ": " : " : ", sentence->buf);
		if (lv->date != DATE_NONE) {
			strbuf_adds(date, ar ? "بتاريخ " : "le ");
			add_date(date, lv->date);
		}
	} else if (awaited) {
		lv->pending = true;
		strbuf_adds(label, w->pending_label);
		strbuf_adds(summary, label->buf);
	}
	lv->label = label->buf;
	lv->sentence = sentence->buf;
	lv->summary = summary->buf;
	lv->date_text = date->buf;
}

/* cells[col] = a; blocks[col] = a, and b on a second line when there is one. */
static void set_cell(struct walk *w, enum table_column col, const char *a, const char *sep, const char *b)
{
	strbuf_reset(&w->cells[col]);
	strbuf_reset(&w->blocks[col]);
	strbuf_adds(&w->cells[col], a);
	strbuf_adds(&w->blocks[col], a);
	if (b && *b) {
		if (*a)
			strbuf_adds(&w->cells[col], sep);
		strbuf_adds(&w->cells[col], b);
		if (*a)
			strbuf_addch(&w->blocks[col], '\n');
		strbuf_adds(&w->blocks[col], b);
	}
}

static int emit_row(struct walk *w, const struct case_record *c)
{
	const struct case_state *s = &c->state;
	const struct vocab_entry *decision = *s->decision ? vocab_find(w->vocab, VOCAB_DECISION, s->decision) : NULL;
	bool ar = w->lang == LANG_AR;
	const char *sep = ar ? "، " : ", ";
	struct table_row row;
	struct strbuf tmp = STRBUF_INIT;
	bool awaited[TABLE_LEVELS];

	memset(&row, 0, sizeof(row));
	row.c = c;
	row.index = ++w->total;

	strbuf_reset(&w->row_court);
	strbuf_adds(&w->row_court, court_name_on(w, c->court, c->registered));
	row.court_name = w->row_court.buf;
	strbuf_addf(&tmp, "%s %s", w->text->file_prefix, c->file_number ? c->file_number : "");
	set_cell(w, TABLE_COL_COURT, row.court_name, NULL, NULL);
	strbuf_addch(&w->blocks[TABLE_COL_COURT], '\n');
	strbuf_adds(&w->blocks[TABLE_COL_COURT], tmp.buf);
	strbuf_reset(&tmp);

	row.body_label = vocab_label_of(w->vocab, VOCAB_BODY, c->body, w->lang);
	set_cell(w, TABLE_COL_BODY, row.body_label, " — ", c->unit);

	for (size_t i = 0; i < c->subjects.n; i++) {
		if (i)
			strbuf_adds(&tmp, ar ? "، " : "; ");
		strbuf_adds(&tmp, vocab_label_of(w->vocab, VOCAB_SUBJECT, c->subjects.code[i], w->lang));
	}
	set_cell(w, TABLE_COL_SUBJECT, tmp.buf, NULL, NULL);
	strbuf_reset(&tmp);

	for (size_t i = 0; i < c->platforms.n; i++) {
		if (i)
			strbuf_adds(&tmp, " / ");
		add_platform_short(&tmp, vocab_label_of(w->vocab, VOCAB_PLATFORM, c->platforms.code[i], w->lang));
	}
	set_cell(w, TABLE_COL_PLATFORM, tmp.buf, NULL, NULL);
	strbuf_reset(&tmp);

	/* No decision yet reads البحث جار, the template's wording. */
	row.decision_label = *s->decision ? vocab_label_of(w->vocab, VOCAB_DECISION, s->decision, w->lang)
					  : w->investigating_label;
	strbuf_reset(&w->decision_date);
	if (*s->decision && s->decision_date != DATE_NONE && !s->decision_date_inferred) {
		strbuf_adds(&w->decision_date, ar ? "بتاريخ " : "le ");
		add_date(&w->decision_date, s->decision_date);
	}
	row.decision_date_text = w->decision_date.buf;
	set_cell(w, TABLE_COL_DECISION, row.decision_label, sep, row.decision_date_text);

	/* Which empty levels read رائجة: see table.h. */
	awaited[TABLE_FIRST] = decision && decision->klass == DECISION_PROSECUTED;
	awaited[TABLE_APPEAL] = s->stage == STAGE_REMANDED ||
				(*s->first.code && within_deadline(w, s->first.date));
	awaited[TABLE_CASSATION] = *s->appeal.code && within_deadline(w, s->appeal.date);
	build_level(w, &row.levels[TABLE_FIRST], TABLE_FIRST, &s->first, awaited[TABLE_FIRST]);
	build_level(w, &row.levels[TABLE_APPEAL], TABLE_APPEAL, &s->appeal, awaited[TABLE_APPEAL]);
	build_level(w, &row.levels[TABLE_CASSATION], TABLE_CASSATION, &s->cassation, awaited[TABLE_CASSATION]);
	for (size_t i = 0; i < TABLE_LEVELS; i++) {
		set_cell(w, (enum table_column)(TABLE_COL_FIRST + i), row.levels[i].summary, sep,
			 row.levels[i].date_text);
		row.levels[i].text = w->cells[TABLE_COL_FIRST + i].buf;
	}
	strbuf_release(&tmp);

	for (size_t i = 0; i < TABLE_COLUMNS; i++) {
		row.cells[i] = w->cells[i].buf;
		row.blocks[i] = w->blocks[i].buf;
	}
	return w->vis->row ? w->vis->row(w->ctx, &row, w->err) : 0;
}

static int on_case(const struct case_record *c, void *arg)
{
	struct walk *w = arg;
	int rc;

	/* The store's scope already says so; the footnote's rule is checked
	 * here too, by core, so that no backend can put an appeal heard by a
	 * Court of Appeal into that court's own table. */
	if (w->req->scope.kind == SCOPE_COURT && !counting_in_table(c, w->req->scope.code))
		return 0;
	if (w->req->scope.kind == SCOPE_NATIONAL &&
	    (!w->in_district || strcmp(w->district_code, c->district) != 0)) {
		if ((rc = close_court(w)) || (rc = close_district(w)) || (rc = open_district(w, c->district)))
			return rc;
	}
	if (w->req->scope.kind != SCOPE_COURT &&
	    (!w->in_court || strcmp(w->court_code, c->court) != 0 || strcmp(w->court_district, c->district) != 0)) {
		if ((rc = close_court(w)) || (rc = open_court(w, c->court, c->district)))
			return rc;
	}
	if ((rc = emit_row(w, c)))
		return rc;
	w->court.count++;
	if (w->in_district)
		w->district.count++;
	return 0;
}

/* The labels the template uses for "nothing yet": the vocabulary's
 * pending outcome (رائجة) and pending decision (البحث جار). */
static void find_pending_labels(struct walk *w)
{
	w->pending_label = w->lang == LANG_AR ? "رائجة" : "en cours";
	w->investigating_label = w->lang == LANG_AR ? "البحث جار" : "enquête en cours";
	for (size_t i = 0; i < w->vocab->n; i++) {
		const struct vocab_entry *e = &w->vocab->entries[i];
		if (e->kind == VOCAB_OUTCOME && e->pending)
			w->pending_label = vocab_label(e, w->lang);
	}
	for (size_t i = w->vocab->n; i-- > 0;) {
		const struct vocab_entry *e = &w->vocab->entries[i];
		if (e->kind == VOCAB_DECISION && e->klass == DECISION_PENDING)
			w->investigating_label = vocab_label(e, w->lang);
	}
}

int table_walk(struct store *st, const struct table_request *req, const struct table_visitor *vis,
	       void *ctx, struct err *err)
{
	struct walk w;
	struct case_filter f;
	const struct scope *s = &req->scope;
	int rc;

	memset(&w, 0, sizeof(w));
	w.st = st;
	w.req = req;
	w.vis = vis;
	w.ctx = ctx;
	w.err = err;
	w.map = store_court_map(st);
	w.vocab = store_vocab(st);
	w.lang = table_lang(req->lang);
	w.text = table_text_of(w.lang);
	w.map_day = req->map_date != DATE_NONE ? req->map_date : req->to;
	walk_bufs(&w, false);

	if (s->kind != SCOPE_UNIT && (rc = scope_validate(s, w.map, err)) != HIM_OK)
		goto out;
	if (req->from != DATE_NONE && req->to != DATE_NONE && req->from > req->to) {
		rc = err_set(err, HIM_EINPUT, "the period starts after it ends");
		goto out;
	}
	case_filter_init(&f);
	f.from = req->from;
	f.to = req->to;
	f.order = CASE_ORDER_COURT;
	if (req->platform) {
		const struct vocab_entry *e = vocab_find(w.vocab, VOCAB_PLATFORM, req->platform);
		if (!e) {
			rc = err_set(err, HIM_EINPUT, "unknown platform '%s'", req->platform);
			goto out;
		}
		f.platform = e->code;
	}
	find_pending_labels(&w);
	if ((rc = build_header(&w)) != HIM_OK)
		goto out;
	if (vis->begin && (rc = vis->begin(ctx, &w.header, err)) != 0)
		goto out;

	/* The scope's own group is given even when it has no case. */
	if (s->kind == SCOPE_DISTRICT && (rc = open_district(&w, s->code)) != 0)
		goto out;
	if (s->kind == SCOPE_COURT) {
		const struct court_term *t = court_term_at(&w, s->code);
		const char *district = t->kind == COURT_APPEAL ? t->code : t->appeal_court;
		if ((rc = open_court(&w, s->code, district)) != 0)
			goto out;
	}
	if ((rc = store_case_each(st, s, &f, on_case, &w, err)) != 0)
		goto out;
	if ((rc = close_court(&w)) || (rc = close_district(&w)))
		goto out;
	if (vis->end)
		rc = vis->end(ctx, w.total, err);
out:
	walk_bufs(&w, true);
	return rc;
}
