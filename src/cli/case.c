/*
 * case.c - `himaya case open` and `himaya case list`, and the dispatch of
 * the case subcommands (event and show are in case_event.c and
 * case_show.c).
 *
 * Writes are made with the national scope until users and roles exist;
 * the store still checks every rule (case_prepare_new inside
 * store_case_open), so the front end only parses and reports.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/court.h"
#include "../lib/strbuf.h"
#include "../lib/banned.h"

#define USAGE_OPEN \
	"usage: himaya case open --court CODE --number N --date YYYY-MM-DD --body dgsn|gr\n" \
	"                        [--unit TEXT] --subject CODE[,CODE] --platform ncmec|cps|both\n" \
	"                        [--suspects N] [--notes TEXT] [--json]\n"
#define USAGE_LIST \
	"usage: himaya case list [--court CODE | --district CODE] [--year Y] [--platform P]\n" \
	"                        [--stage S] [--limit N] [--json]\n"

static const char usage_open[] = USAGE_OPEN;
static const char usage_list[] = USAGE_LIST;
static const char usage[] =
	USAGE_OPEN
	"usage: himaya case event ID TYPE --date YYYY-MM-DD [options] [--json]   (see case event --help)\n"
	"usage: himaya case show ID [--json]\n"
	"usage: himaya case link-referral|unlink-referral CASE ID|PLATFORM:REPORTID [--json]\n"
	USAGE_LIST;

/* --platform both: every platform of the vocabulary (NCMEC and CPS). */
static int platforms_parse(const struct vocab *v, const char *text, struct code_list *out,
			   struct err *err)
{
	if (strcasecmp(text, "both") == 0) {
		memset(out, 0, sizeof(*out));
		for (size_t i = 0; i < v->n; i++)
			if (v->entries[i].kind == VOCAB_PLATFORM)
				code_list_add(out, v->entries[i].code);
		return HIM_OK;
	}
	return cli_parse_vocab_list(v, VOCAB_PLATFORM, "--platform", text, out, err);
}

struct open_args {
	const char *court, *number, *date, *body, *unit, *subject, *platform, *suspects, *notes;
};

/* Turn the options into a case record, refusing what is malformed. */
static int open_args_parse(const struct open_args *a, const struct vocab *v, struct case_record *c,
			   struct err *err)
{
	struct code_list body;
	int rc;

	if ((rc = cli_parse_code("--court", a->court, c->court, err)) != HIM_OK)
		return rc;
	if ((rc = cli_check_text("--number", a->number, false, err)) != HIM_OK)
		return rc;
	c->file_number = xstrdup(a->number);
	if ((rc = cli_parse_date("--date", a->date, &c->registered, err)) != HIM_OK)
		return rc;
	if ((rc = cli_parse_vocab_list(v, VOCAB_BODY, "--body", a->body, &body, err)) != HIM_OK)
		return rc;
	if (body.n != 1)
		return err_set(err, HIM_EINPUT, "--body: a case has one investigating body");
	memcpy(c->body, body.code[0], sizeof(c->body));
	if (a->unit) {
		if ((rc = cli_check_text("--unit", a->unit, false, err)) != HIM_OK)
			return rc;
		c->unit = xstrdup(a->unit);
	}
	if ((rc = cli_parse_vocab_list(v, VOCAB_SUBJECT, "--subject", a->subject, &c->subjects, err)) != HIM_OK)
		return rc;
	if ((rc = platforms_parse(v, a->platform, &c->platforms, err)) != HIM_OK)
		return rc;
	if (a->suspects && (rc = cli_parse_int("--suspects", a->suspects, 0, 10000, &c->suspects, err)) != HIM_OK)
		return rc;
	if (a->notes) {
		if ((rc = cli_check_text("--notes", a->notes, true, err)) != HIM_OK)
			return rc;
		c->notes = xstrdup(a->notes);
	}
	return HIM_OK;
}

static int case_open(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "court", required_argument, NULL, 'c' },
		{ "number", required_argument, NULL, 'n' },
		{ "date", required_argument, NULL, 'd' },
		{ "body", required_argument, NULL, 'b' },
		{ "unit", required_argument, NULL, 'u' },
		{ "subject", required_argument, NULL, 's' },
		{ "platform", required_argument, NULL, 'p' },
		{ "suspects", required_argument, NULL, 'S' },
		{ "notes", required_argument, NULL, 'N' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct open_args a = { 0 };
	struct err err = ERR_INIT;
	struct case_record c;
	struct scope scope = scope_national();
	struct store *st;
	bool json = false;
	int ch, rc;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (ch) {
		case 'c': a.court = optarg; break;
		case 'n': a.number = optarg; break;
		case 'd': a.date = optarg; break;
		case 'b': a.body = optarg; break;
		case 'u': a.unit = optarg; break;
		case 's': a.subject = optarg; break;
		case 'p': a.platform = optarg; break;
		case 'S': a.suspects = optarg; break;
		case 'N': a.notes = optarg; break;
		case 'j': json = true; break;
		case 'h': return cli_help(usage_open);
		default:
			cli_option_error(argv, ch, &err);
			return cli_fail(&err, usage_open);
		}
	}
	if (optind < argc) {
		err_set(&err, HIM_EUSAGE, "case open takes no argument ('%s')", argv[optind]);
		return cli_fail(&err, usage_open);
	}
	{
		const char *missing = !a.court ? "--court" : !a.number ? "--number" : !a.date ? "--date"
				    : !a.body ? "--body" : !a.subject ? "--subject" : !a.platform ? "--platform" : NULL;
		if (missing) {
			err_set(&err, HIM_EUSAGE, "case open needs %s", missing);
			return cli_fail(&err, usage_open);
		}
	}
	if ((rc = cli_store_get(cli, true, &st, &err)) != HIM_OK)
		return cli_fail(&err, usage_open);

	case_record_init(&c);
	rc = open_args_parse(&a, store_vocab(st), &c, &err);
	if (rc == HIM_OK)
		rc = store_case_open(st, &scope, &c, cli->today, &err);
	if (rc == HIM_OK && json) {
		int64_t id = c.id;
		/* Read it back: the JSON shows what the store holds. */
		case_record_release(&c);
		rc = store_case_get(st, &scope, id, &c, &err);
		if (rc == HIM_OK)
			rc = cli_json_print(cli_case_json(st, &c, true), &err);
	} else if (rc == HIM_OK) {
		printf("%lld\n", (long long)c.id);
	}
	case_record_release(&c);
	return rc == HIM_OK ? CLI_EXIT_OK : cli_fail(&err, usage_open);
}

/* --- case list ------------------------------------------------------ */

/* Display width of UTF-8 text: one column per character (the table holds
 * codes, dates and file numbers, so this is close enough). */
static size_t text_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			w++;
	return w;
}

enum { COL_ID, COL_COURT, COL_NUMBER, COL_REGISTERED, COL_PLATFORMS, COL_STAGE, COL_DECISION,
       COL_FIRST, COL_APPEAL, COL_CASSATION, COL_COUNT };

static void row_cells(const struct case_record *c, struct strbuf cells[COL_COUNT])
{
	char day[DATE_ISO_LEN];

	for (int i = 0; i < COL_COUNT; i++)
		strbuf_reset(&cells[i]);
	strbuf_addf(&cells[COL_ID], "%lld", (long long)c->id);
	strbuf_adds(&cells[COL_COURT], c->court);
	strbuf_adds(&cells[COL_NUMBER], c->file_number ? c->file_number : "");
	date_format(c->registered, day);
	strbuf_adds(&cells[COL_REGISTERED], day);
	for (size_t i = 0; i < c->platforms.n; i++)
		strbuf_addf(&cells[COL_PLATFORMS], "%s%s", i ? "," : "", c->platforms.code[i]);
	strbuf_adds(&cells[COL_STAGE], case_stage_name(c->state.stage));
	strbuf_adds(&cells[COL_DECISION], c->state.decision[0] ? c->state.decision : "-");
	strbuf_adds(&cells[COL_FIRST], c->state.first.code[0] ? c->state.first.code : "-");
	strbuf_adds(&cells[COL_APPEAL], c->state.appeal.code[0] ? c->state.appeal.code : "-");
	strbuf_adds(&cells[COL_CASSATION], c->state.cassation.code[0] ? c->state.cassation.code : "-");
}

static void row_print(struct strbuf cells[COL_COUNT], const size_t width[COL_COUNT])
{
	struct strbuf line = STRBUF_INIT;

	for (int i = 0; i < COL_COUNT; i++) {
		size_t w = text_width(cells[i].buf);
		/* Numbers align right, text left; the last column is not padded. */
		if (i == COL_ID)
			for (; w < width[i]; w++)
				strbuf_addch(&line, ' ');
		strbuf_adds(&line, cells[i].buf);
		if (i + 1 < COL_COUNT) {
			if (i != COL_ID)
				for (; w < width[i]; w++)
					strbuf_addch(&line, ' ');
			strbuf_adds(&line, "  ");
		}
	}
	puts(line.buf);
	strbuf_release(&line);
}

static void list_print_table(const struct cli *cli, const struct case_list *l)
{
	static const char *const heads[COL_COUNT] = {
		"ID", "COURT", "FILE NUMBER", "REGISTERED", "PLATFORMS", "STAGE", "DECISION",
		"FIRST", "APPEAL", "CASSATION",
	};
	struct strbuf cells[COL_COUNT];
	size_t width[COL_COUNT];

	for (int i = 0; i < COL_COUNT; i++) {
		strbuf_init(&cells[i]);
		width[i] = strlen(heads[i]);
	}
	for (size_t k = 0; k < l->n; k++) {
		row_cells(&l->items[k], cells);
		for (int i = 0; i < COL_COUNT; i++) {
			size_t w = text_width(cells[i].buf);
			if (w > width[i])
				width[i] = w;
		}
	}
	for (int i = 0; i < COL_COUNT; i++) {
		strbuf_reset(&cells[i]);
		strbuf_adds(&cells[i], heads[i]);
	}
	row_print(cells, width);
	for (size_t k = 0; k < l->n; k++) {
		row_cells(&l->items[k], cells);
		row_print(cells, width);
	}
	for (int i = 0; i < COL_COUNT; i++)
		strbuf_release(&cells[i]);
	printf(cli_pick(cli, "%zu cases\n", "%zu affaires\n", "%zu قضية\n"), l->n);
}

struct list_args {
	const char *court, *district, *year, *platform, *stage, *limit;
};

static int list_filter_parse(const struct list_args *a, struct store *st, struct case_filter *f,
			     char court[CODE_MAX], char district[CODE_MAX], char platform[CODE_MAX],
			     struct err *err)
{
	const struct court_map *map = store_court_map(st);
	int rc;

	case_filter_init(f);
	/* The table's order: district, court, registration date. */
	f->order = CASE_ORDER_COURT;
	if (a->court) {
		if ((rc = cli_parse_code("--court", a->court, court, err)) != HIM_OK)
			return rc;
		if (!court_map_latest(map, court))
			return err_set(err, HIM_EINPUT, "--court: '%s' is not in the judicial map", court);
		f->court = court;
	}
	if (a->district) {
		const struct court_term *t;
		if ((rc = cli_parse_code("--district", a->district, district, err)) != HIM_OK)
			return rc;
		t = court_map_latest(map, district);
		if (!t || t->kind != COURT_APPEAL)
			return err_set(err, HIM_EINPUT, "--district: '%s' is not a Court of Appeal", district);
		f->district = district;
	}
	if (a->year && (rc = cli_parse_int("--year", a->year, 1900, 2999, &f->year, err)) != HIM_OK)
		return rc;
	if (a->platform) {
		struct code_list l;
		if ((rc = cli_parse_vocab_list(store_vocab(st), VOCAB_PLATFORM, "--platform", a->platform, &l, err)) != HIM_OK)
			return rc;
		if (l.n != 1)
			return err_set(err, HIM_EINPUT, "--platform: give one platform");
		memcpy(platform, l.code[0], CODE_MAX);
		f->platform = platform;
	}
	if (a->stage) {
		enum case_stage stage;
		if (!case_stage_parse(a->stage, &stage)) {
			struct strbuf known = STRBUF_INIT;
			for (int s = 0; s < STAGE_COUNT; s++)
				strbuf_addf(&known, "%s%s", s ? ", " : "", case_stage_name((enum case_stage)s));
			err_set(err, HIM_EINPUT, "--stage: unknown stage '%s' (known: %s)",
				cli_check_text("--stage", a->stage, false, NULL) == HIM_OK ? a->stage : "?", known.buf);
			strbuf_release(&known);
			return HIM_EINPUT;
		}
		f->stage = (int)stage;
	}
	if (a->limit && (rc = cli_parse_int("--limit", a->limit, 1, 1000000, &f->limit, err)) != HIM_OK)
		return rc;
	return HIM_OK;
}

static int case_list(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "court", required_argument, NULL, 'c' },
		{ "district", required_argument, NULL, 'd' },
		{ "year", required_argument, NULL, 'y' },
		{ "platform", required_argument, NULL, 'p' },
		{ "stage", required_argument, NULL, 's' },
		{ "limit", required_argument, NULL, 'l' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct list_args a = { 0 };
	char court[CODE_MAX], district[CODE_MAX], platform[CODE_MAX];
	struct scope scope = scope_national();
	struct err err = ERR_INIT;
	struct case_filter f;
	struct case_list l;
	struct store *st;
	bool json = false;
	int ch, rc;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (ch) {
		case 'c': a.court = optarg; break;
		case 'd': a.district = optarg; break;
		case 'y': a.year = optarg; break;
		case 'p': a.platform = optarg; break;
		case 's': a.stage = optarg; break;
		case 'l': a.limit = optarg; break;
		case 'j': json = true; break;
		case 'h': return cli_help(usage_list);
		default:
			cli_option_error(argv, ch, &err);
			return cli_fail(&err, usage_list);
		}
	}
	if (optind < argc) {
		err_set(&err, HIM_EUSAGE, "case list takes no argument ('%s')", argv[optind]);
		return cli_fail(&err, usage_list);
	}
	if (a.court && a.district) {
		err_set(&err, HIM_EUSAGE, "case list takes --court or --district, not both");
		return cli_fail(&err, usage_list);
	}
	if ((rc = cli_store_get(cli, true, &st, &err)) != HIM_OK)
		return cli_fail(&err, usage_list);
	if ((rc = list_filter_parse(&a, st, &f, court, district, platform, &err)) != HIM_OK)
		return cli_fail(&err, usage_list);

	case_list_init(&l);
	rc = store_case_list(st, &scope, &f, &l, &err);
	if (rc == HIM_OK && json) {
		json_t *root = json_object(), *cases = json_array();
		for (size_t i = 0; i < l.n; i++)
			json_array_append_new(cases, cli_case_json(st, &l.items[i], false));
		json_object_set_new(root, "count", json_integer((json_int_t)l.n));
		json_object_set_new(root, "cases", cases);
		rc = cli_json_print(root, &err);
	} else if (rc == HIM_OK) {
		list_print_table(cli, &l);
	}
	case_list_release(&l);
	return rc == HIM_OK ? CLI_EXIT_OK : cli_fail(&err, usage_list);
}

int cli_case_command(struct cli *cli, int argc, char **argv)
{
	struct err err = ERR_INIT;
	const char *sub = argc >= 2 ? argv[1] : NULL;

	if (!sub) {
		err_set(&err, HIM_EUSAGE, "case: which subcommand? (open, event, show, list)");
		return cli_fail(&err, usage);
	}
	if (strcmp(sub, "open") == 0)
		return case_open(cli, argc - 1, argv + 1);
	if (strcmp(sub, "event") == 0)
		return cli_case_event(cli, argc - 1, argv + 1);
	if (strcmp(sub, "show") == 0)
		return cli_case_show(cli, argc - 1, argv + 1);
	if (strcmp(sub, "list") == 0)
		return case_list(cli, argc - 1, argv + 1);
	if (strcmp(sub, "link-referral") == 0)
		return cli_case_link_referral(cli, argc - 1, argv + 1);
	if (strcmp(sub, "unlink-referral") == 0)
		return cli_case_unlink_referral(cli, argc - 1, argv + 1);
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0)
		return cli_help(usage);
	err_set(&err, HIM_EUSAGE, "case: unknown subcommand '%s'", sub);
	return cli_fail(&err, usage);
}
