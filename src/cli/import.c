/*
 * import.c - `himaya import KIND ...`: bringing outside files into the
 * store. One kind so far, `backfill` (the circular's table as the courts
 * kept it, ingest/backfill.c); the referral feeds (`ncmec`, `cps`) are
 * meant to join it as siblings in the table below, each a function that
 * parses its options, runs one use case and reports.
 *
 * Exit statuses of an import: 0 every row imported or already there, 1 some
 * rows rejected (the good ones are kept), 2 usage error or a file that
 * cannot be read as a whole.
 */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../ingest/backfill.h"
#include "../lib/strbuf.h"
#include "../lib/banned.h"

#define USAGE_BACKFILL \
	"usage: himaya import backfill FILE.csv|FILE.xlsx [--court CODE] [--year Y]\n" \
	"                              [--mappings FILE] [--json]\n"

static const char usage_backfill[] =
	USAGE_BACKFILL
	"Reads the circular's table (columns المحكمة, الجهة المكلفة بالبحث, موضوع الإشعار,\n"
	"المنصة المعنية, المتابعة, ابتدائيا, استئنافيا, النقض; optional رقم الملف,\n"
	"تاريخ التسجيل, السنة), one case per row. Values are mapped to the vocabulary\n"
	"through the mappings file (default DATA_DIR/backfill-mappings.tsv); values\n"
	"that map to nothing are listed, and their rows left out until mapped: add\n"
	"them to the file and run the same import again (rows already imported are\n"
	"counted as duplicates, never added twice).\n"
	"  --court CODE   the court of every row (the المحكمة column is then ignored)\n"
	"  --year Y       registration year of rows with no تاريخ التسجيل and no السنة\n"
	"                 (registered on 1 January of that year)\n"
	"exit status: 0 all rows imported or already there, 1 some rows rejected\n"
	"(FILE:LINE: column: reason on stderr), 2 usage error or unreadable file\n";

static const char usage[] =
	USAGE_BACKFILL;

/* Read the whole of path into out. */
static int file_read(const char *path, struct strbuf *out, struct err *err)
{
	char chunk[8192];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (!f)
		return err_set(err, HIM_EIO, "cannot open %s: %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		strbuf_add(out, chunk, n);
	if (ferror(f)) {
		fclose(f);
		return err_set(err, HIM_EIO, "cannot read %s", path);
	}
	fclose(f);
	return HIM_OK;
}

/* A malformed option value is a usage error of the import (exit 2), not a
 * refused row. */
static int usage_fail(struct err *err)
{
	err->code = HIM_EUSAGE;
	return cli_fail(err, usage_backfill);
}

static void report_print(const struct backfill_report *rep, bool json)
{
	struct strbuf sb = STRBUF_INIT;
	struct err err = ERR_INIT;

	if (json) {
		if (cli_json_print(backfill_report_json(rep), &err) != HIM_OK)
			cli_fail(&err, NULL);
		return;
	}
	for (size_t i = 0; i < rep->nerrors; i++) {
		strbuf_reset(&sb);
		backfill_error_format(&rep->errors[i], &sb);
		fprintf(stderr, "%s\n", sb.buf);
	}
	strbuf_reset(&sb);
	backfill_report_render_text(rep, &sb);
	fputs(sb.buf, stdout);
	strbuf_release(&sb);
}

static int import_backfill(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "court", required_argument, NULL, 'c' },
		{ "year", required_argument, NULL, 'y' },
		{ "mappings", required_argument, NULL, 'm' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct backfill_options opt;
	struct backfill_report rep;
	struct backfill_matcher *matcher = NULL;
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	struct err err = ERR_INIT;
	struct store *st;
	char court[CODE_MAX];
	const char *mappings = NULL;
	bool json = false;
	int ch, rc, status;

	backfill_options_init(&opt);
	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (ch) {
		case 'c':
			if (cli_parse_code("--court", optarg, court, &err) != HIM_OK)
				return usage_fail(&err);
			opt.court = court;
			break;
		case 'y':
			if (cli_parse_int("--year", optarg, 1990, date_year(cli->today), &opt.year, &err) != HIM_OK)
				return usage_fail(&err);
			break;
		case 'm': mappings = optarg; break;
		case 'j': json = true; break;
		case 'h': return cli_help(usage_backfill);
		default:
			cli_option_error(argv, ch, &err);
			return cli_fail(&err, usage_backfill);
		}
	}
	if (optind >= argc) {
		err_set(&err, HIM_EUSAGE, "import backfill: which file?");
		return cli_fail(&err, usage_backfill);
	}
	if (optind + 1 < argc) {
		err_set(&err, HIM_EUSAGE, "import backfill takes one file ('%s' is one too many)", argv[optind + 1]);
		return cli_fail(&err, usage_backfill);
	}

	if ((rc = cli_store_get(cli, true, &st, &err)) != HIM_OK)
		return cli_fail(&err, NULL);
	if (mappings)
		strbuf_adds(&path, mappings);
	else
		strbuf_addf(&path, "%s/backfill-mappings.tsv", cli->data_dir);
	rc = file_read(path.buf, &text, &err);
	if (rc == HIM_OK)
		rc = backfill_matcher_new(&matcher, store_vocab(st), store_court_map(st), text.buf, text.len,
					  path.buf, &err);
	strbuf_release(&path);
	strbuf_release(&text);
	if (rc != HIM_OK) {
		/* A broken mappings file stops everything: nothing was read yet. */
		err.code = HIM_EUSAGE;
		return cli_fail(&err, NULL);
	}

	opt.today = cli->today;
	opt.matcher = matcher;
	/* Writes use the national scope until users and roles exist (as case open). */
	opt.scope = scope_national();
	backfill_report_init(&rep);
	rc = backfill_import_file(st, argv[optind], &opt, &rep, &err);
	if (rc != HIM_OK) {
		/* The file as a whole could not be read: rows before the failure
		 * (if any) are in the store, and said so. */
		if (rep.read)
			report_print(&rep, json);
		fprintf(stderr, "himaya: %s\n", err.msg);
		status = CLI_EXIT_FATAL;
	} else {
		report_print(&rep, json);
		status = rep.rejected ? CLI_EXIT_REFUSED : CLI_EXIT_OK;
	}
	backfill_report_release(&rep);
	backfill_matcher_free(matcher);
	return status;
}

/* The kinds of import; ncmec and cps join here. */
static const struct {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
} kinds[] = {
	{ "backfill", import_backfill },
};

int cli_import_command(struct cli *cli, int argc, char **argv)
{
	struct err err = ERR_INIT;
	const char *kind = argc >= 2 ? argv[1] : NULL;

	if (!kind) {
		err_set(&err, HIM_EUSAGE, "import: which kind? (backfill)");
		return cli_fail(&err, usage);
	}
	if (strcmp(kind, "--help") == 0 || strcmp(kind, "-h") == 0)
		return cli_help(usage);
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kind, kinds[i].name) == 0)
			return kinds[i].run(cli, argc - 1, argv + 1);
	err_set(&err, HIM_EUSAGE, "import: unknown kind '%s' (backfill)", kind);
	return cli_fail(&err, usage);
}
