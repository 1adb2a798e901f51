/*
 * import.c - `himaya import KIND ...`: bringing outside files into the
 * store. `backfill` (the circular's table as the courts kept it,
 * ingest/backfill.c), and the referral feeds `ncmec` (CyberTipline XML,
 * CMT JSON, tip-list CSV) and `cps` (CPS detections), which run
 * app/referral_import.c; each kind is a function that parses its options,
 * runs one use case and reports.
 *
 * Exit statuses of an import: 0 every row imported or already there, 1 some
 * rows rejected (the good ones are kept), 2 usage error or a file that
 * cannot be read as a whole.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "../app/referral_import.h"
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

#define USAGE_NCMEC \
	"usage: himaya import ncmec FILE... [--csv] [--json]\n"
#define USAGE_CPS \
	"usage: himaya import cps FILE... [--columns FILE] [--json]\n"

static const char usage_ncmec[] =
	USAGE_NCMEC
	"Imports NCMEC CyberTipline reports: XML (<reports>/<cyberTiplineReport>), the\n"
	"CMT JSON export (FILE.json) or the hand-keyed tip list (FILE.csv, or --csv for\n"
	"any name). A report whose id is already stored is a duplicate when unchanged\n"
	"and a supplement (recorded) when changed; tip-list rows of one report merge.\n"
	"Embedded file content (base64, data: URLs) is dropped unread and counted.\n"
	"An interrupted import run again resumes where it stopped; nothing is doubled.\n"
	"  --csv    read every FILE as a tip list\n"
	"  --json   print the summary as one JSON object (no progress display)\n"
	"exit status: 0 nothing refused, 1 some records refused (FILE:LINE: reason on\n"
	"stderr; the good ones are kept), 2 usage error or a file that cannot be read\n";

static const char usage_cps[] =
	USAGE_CPS
	"Imports CPS peer-to-peer detections (CSV, one row per sighting; the rows of one\n"
	"lead merge into one referral). Header names are matched through the column map\n"
	"(--columns, default DATA_DIR/cps-columns.tsv when present, else the names of\n"
	"FORMATS.md). Re-running an import adds nothing; an interrupted one resumes.\n"
	"  --json   print the summary as one JSON object (no progress display)\n"
	"exit status: 0 nothing refused, 1 some rows refused, 2 usage error or a file\n"
	"that cannot be read\n";

static const char usage[] =
	USAGE_BACKFILL USAGE_NCMEC USAGE_CPS;

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
	rc = cli_file_read(path.buf, &text, &err);
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

/* --- referral feeds --- */

/* The progress line on a terminal: records, rate, bytes, time left. */
struct progress_view {
	struct timespec start, last;
	bool shown;
};

static double seconds_since(const struct timespec *t0, const struct timespec *t1)
{
	return (double)(t1->tv_sec - t0->tv_sec) + (double)(t1->tv_nsec - t0->tv_nsec) / 1e9;
}

static void progress_show(const struct referral_import_progress *p, void *ctx)
{
	struct progress_view *v = ctx;
	struct timespec now;
	double elapsed, rate, left = -1;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (v->shown && seconds_since(&v->last, &now) < 0.25)
		return;
	v->last = now;
	v->shown = true;
	elapsed = seconds_since(&v->start, &now);
	rate = elapsed > 0 ? (double)p->records / elapsed : 0;
	if (p->bytes_total && p->bytes_read && elapsed > 0.5)
		left = elapsed * (double)(p->bytes_total - p->bytes_read) / (double)p->bytes_read;
	fprintf(stderr, "\r%s: %lld records, %.0f/s, %.1f/%.1f MiB", p->file, (long long)p->records, rate,
		(double)p->bytes_read / 1048576.0, (double)p->bytes_total / 1048576.0);
	if (left >= 0)
		fprintf(stderr, ", %.0fs left   ", left);
	else
		fputs("   ", stderr);
}

static json_t *referral_report_json(const struct referral_import_report *rep)
{
	json_t *o = json_object(), *errors = json_array();

	json_object_set_new(o, "read", json_integer(rep->counts.read));
	json_object_set_new(o, "imported", json_integer(rep->counts.imported));
	json_object_set_new(o, "updated", json_integer(rep->counts.updated));
	json_object_set_new(o, "duplicates", json_integer(rep->counts.duplicates));
	json_object_set_new(o, "rejected", json_integer(rep->counts.rejected));
	json_object_set_new(o, "content_dropped", json_integer(rep->counts.content_dropped));
	for (size_t i = 0; i < rep->nerrors; i++) {
		const struct referral_import_error *e = &rep->errors[i];
		json_t *x = json_object();
		json_object_set_new(x, "file", json_string(e->file));
		json_object_set_new(x, "line", e->line > 0 ? json_integer(e->line) : json_null());
		json_object_set_new(x, "path", cli_json_text(e->path));
		json_object_set_new(x, "reason", json_string(e->reason));
		json_array_append_new(errors, x);
	}
	json_object_set_new(o, "errors", errors);
	if (rep->errors_total > (int64_t)rep->nerrors)
		json_object_set_new(o, "errors_omitted", json_integer(rep->errors_total - (int64_t)rep->nerrors));
	return o;
}

static void referral_report_print(struct cli *cli, const struct referral_import_report *rep, bool json)
{
	struct err err = ERR_INIT;
	const struct import_counts *c = &rep->counts;

	if (json) {
		if (cli_json_print(referral_report_json(rep), &err) != HIM_OK)
			cli_fail(&err, NULL);
		return;
	}
	for (size_t i = 0; i < rep->nerrors; i++) {
		const struct referral_import_error *e = &rep->errors[i];
		if (e->line > 0)
			fprintf(stderr, "%s:%ld: ", e->file, e->line);
		else
			fprintf(stderr, "%s: ", e->file);
		if (e->path)
			fprintf(stderr, "%s: ", e->path);
		fprintf(stderr, "%s\n", e->reason);
	}
	if (rep->errors_total > (int64_t)rep->nerrors)
		fprintf(stderr, "himaya: ... and %lld more refused records\n",
			(long long)(rep->errors_total - (int64_t)rep->nerrors));
	printf(cli_pick(cli, "read %lld, imported %lld, updated %lld, duplicates %lld, rejected %lld, content dropped %lld\n",
			"lus %lld, importés %lld, mis à jour %lld, doublons %lld, rejetés %lld, contenus écartés %lld\n",
			"المقروء %lld، المستورد %lld، المحدَّث %lld، المكرر %lld، المرفوض %lld، المحتوى المحذوف %lld\n"),
	       (long long)c->read, (long long)c->imported, (long long)c->updated, (long long)c->duplicates,
	       (long long)c->rejected, (long long)c->content_dropped);
}

/* The time "now" for dates in the future: HIMAYA_TODAY's end, or the clock. */
static utc_time_t import_now(const struct cli *cli)
{
	const char *env = getenv("HIMAYA_TODAY");

	if (env && *env && cli->today != DATE_NONE)
		return (utc_time_t)cli->today * 86400 + 86399;
	return (utc_time_t)time(NULL);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* Import each file with the format format_of() gives it; print the summary. */
static int referral_import_run(struct cli *cli, int nfiles, char **files, bool json, bool force_csv,
			       bool cps, const struct cps_columns *columns)
{
	struct referral_import_options opt;
	struct referral_import_report rep;
	struct progress_view view;
	struct err err = ERR_INIT;
	struct store *st;
	int rc = HIM_OK, status;

	if ((rc = cli_store_get(cli, true, &st, &err)) != HIM_OK)
		return cli_fail(&err, NULL);
	referral_import_options_init(&opt);
	/* HIMAYA_IMPORT_BATCH: records per transaction; the crash tests use
	 * small batches so that a kill lands between commits of a small file. */
	const char *batch = getenv("HIMAYA_IMPORT_BATCH");
	if (batch && *batch &&
	    cli_parse_int("HIMAYA_IMPORT_BATCH", batch, 1, 1000000, &opt.batch_size, &err) != HIM_OK) {
		err.code = HIM_EUSAGE; /* a setting, not a record: fatal (exit 2) */
		return cli_fail(&err, NULL);
	}
	opt.columns = columns;
	opt.now = import_now(cli);
	/* Imports run in the national scope until users and roles exist. */
	opt.scope = scope_national();
	memset(&view, 0, sizeof(view));
	if (!json && isatty(STDERR_FILENO)) {
		clock_gettime(CLOCK_MONOTONIC, &view.start);
		opt.progress = progress_show;
		opt.progress_ctx = &view;
	}
	referral_import_report_init(&rep);
	for (int i = 0; i < nfiles && rc == HIM_OK; i++) {
		if (cps)
			opt.format = REFERRAL_CPS_CSV;
		else if (force_csv || ends_with(files[i], ".csv"))
			opt.format = REFERRAL_NCMEC_TIPLIST;
		else if (ends_with(files[i], ".json"))
			opt.format = REFERRAL_NCMEC_JSON;
		else
			opt.format = REFERRAL_NCMEC_XML;
		rc = referral_import_file(st, files[i], &opt, &rep, &err);
	}
	if (view.shown)
		fputc('\n', stderr);
	referral_report_print(cli, &rep, json);
	if (rc != HIM_OK) {
		/* Files before, and batches committed before the failure, stay. */
		fprintf(stderr, "himaya: %s\n", err.msg);
		status = CLI_EXIT_FATAL;
	} else {
		status = rep.counts.rejected ? CLI_EXIT_REFUSED : CLI_EXIT_OK;
	}
	referral_import_report_release(&rep);
	return status;
}

static int import_ncmec(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "csv", no_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct err err = ERR_INIT;
	bool json = false, csv = false;
	int ch;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (ch) {
		case 'c': csv = true; break;
		case 'j': json = true; break;
		case 'h': return cli_help(usage_ncmec);
		default:
			cli_option_error(argv, ch, &err);
			return cli_fail(&err, usage_ncmec);
		}
	}
	if (optind >= argc) {
		err_set(&err, HIM_EUSAGE, "import ncmec: which file?");
		return cli_fail(&err, usage_ncmec);
	}
	return referral_import_run(cli, argc - optind, argv + optind, json, csv, false, NULL);
}

static int import_cps(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "columns", required_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct strbuf path = STRBUF_INIT;
	struct cps_columns *columns = NULL;
	struct err err = ERR_INIT;
	const char *columns_file = NULL;
	bool json = false;
	int ch, status;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (ch) {
		case 'c': columns_file = optarg; break;
		case 'j': json = true; break;
		case 'h': return cli_help(usage_cps);
		default:
			cli_option_error(argv, ch, &err);
			return cli_fail(&err, usage_cps);
		}
	}
	if (optind >= argc) {
		err_set(&err, HIM_EUSAGE, "import cps: which file?");
		return cli_fail(&err, usage_cps);
	}
	if (columns_file)
		strbuf_adds(&path, columns_file);
	else
		strbuf_addf(&path, "%s/cps-columns.tsv", cli->data_dir);
	if (columns_file || access(path.buf, R_OK) == 0) {
		if (cps_columns_load(path.buf, &columns, &err) != HIM_OK) {
			/* A broken column map stops everything: nothing was read yet. */
			strbuf_release(&path);
			err.code = HIM_EUSAGE;
			return cli_fail(&err, NULL);
		}
	}
	strbuf_release(&path);
	status = referral_import_run(cli, argc - optind, argv + optind, json, false, true, columns);
	cps_columns_free(columns);
	return status;
}

/* The kinds of import. */
static const struct {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
} kinds[] = {
	{ "backfill", import_backfill },
	{ "ncmec", import_ncmec },
	{ "cps", import_cps },
};

int cli_import_command(struct cli *cli, int argc, char **argv)
{
	struct err err = ERR_INIT;
	const char *kind = argc >= 2 ? argv[1] : NULL;

	if (!kind) {
		err_set(&err, HIM_EUSAGE, "import: which kind? (backfill, ncmec, cps)");
		return cli_fail(&err, usage);
	}
	if (strcmp(kind, "--help") == 0 || strcmp(kind, "-h") == 0)
		return cli_help(usage);
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kind, kinds[i].name) == 0)
			return kinds[i].run(cli, argc - 1, argv + 1);
	err_set(&err, HIM_EUSAGE, "import: unknown kind '%s' (backfill, ncmec, cps)", kind);
	return cli_fail(&err, usage);
}
