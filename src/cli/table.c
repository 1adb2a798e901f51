/*
 * table.c - `himaya table`: the circular's statistics table for a court,
 * a district or the nation, over a year or a period, for one platform or
 * both, in HTML, CSV, XLSX, PDF or JSON (report/table.h).
 *
 * With -o FILE the table is written to a temporary file beside FILE and
 * renamed over it only when complete, so a refused or failed export never
 * leaves half a table where the last good one was; like every file made
 * with mkstemp it is readable by its owner only, which suits case data. Without -o it goes to
 * standard output; the binary formats (XLSX, PDF) are refused on a
 * terminal.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../report/table.h"
#include "../lib/strbuf.h"
#include "../lib/banned.h"

static const char usage[] =
	"usage: himaya table (--court CODE | --district CA_CODE | --national)\n"
	"                    [--year Y | --from YYYY-MM-DD [--to YYYY-MM-DD]] [--platform ncmec|cps]\n"
	"                    [--lang ar|fr] --format html|csv|xlsx|pdf|json [-o FILE]\n"
	"  the circular's table: one row per case, counted at its originating court\n"
	"  (a Court of Appeal's table holds only the cases first registered there);\n"
	"  --json is --format json; without -o the table goes to standard output\n";

enum table_format { FORMAT_NONE, FORMAT_HTML, FORMAT_CSV, FORMAT_XLSX, FORMAT_PDF, FORMAT_JSON };

static int parse_format(const char *text, enum table_format *out, struct err *err)
{
	static const char *const names[] = { "", "html", "csv", "xlsx", "pdf", "json" };

	for (size_t i = 1; i < sizeof(names) / sizeof(*names); i++)
		if (strcmp(text, names[i]) == 0) {
			*out = (enum table_format)i;
			return HIM_OK;
		}
	return err_set(err, HIM_EUSAGE, "--format: '%s' is not one of html, csv, xlsx, pdf, json", text);
}

static int render(struct store *st, const struct table_request *r, enum table_format format, FILE *out,
		  struct err *err)
{
	switch (format) {
	case FORMAT_HTML: return table_render_html(st, r, NULL, out, err);
	case FORMAT_CSV: return table_render_csv(st, r, out, err);
	case FORMAT_XLSX: return table_render_xlsx(st, r, out, err);
	case FORMAT_PDF: return table_render_pdf(st, r, out, err);
	case FORMAT_JSON: return table_render_json(st, r, out, err);
	case FORMAT_NONE: break;
	}
	return err_set(err, HIM_EUSAGE, "no format");
}

/* Render into FILE through a temporary file in the same directory. */
static int render_to_file(struct store *st, const struct table_request *r, enum table_format format,
			  const char *path, struct err *err)
{
	struct strbuf tmp = STRBUF_INIT;
	FILE *f;
	int fd, rc;

	strbuf_addf(&tmp, "%s.tmp-XXXXXX", path);
	fd = mkstemp(tmp.buf);
	if (fd < 0) {
		rc = err_set(err, HIM_EIO, "-o: cannot create a file beside '%s'", path);
		strbuf_release(&tmp);
		return rc;
	}
	f = fdopen(fd, "wb");
	if (!f) {
		close(fd);
		rc = err_set(err, HIM_EIO, "-o: cannot write '%s'", path);
	} else {
		rc = render(st, r, format, f, err);
		if (fclose(f) != 0 && rc == HIM_OK)
			rc = err_set(err, HIM_EIO, "-o: cannot write '%s'", path);
		if (rc == HIM_OK && rename(tmp.buf, path) != 0)
			rc = err_set(err, HIM_EIO, "-o: cannot replace '%s'", path);
	}
	if (rc != HIM_OK)
		unlink(tmp.buf);
	strbuf_release(&tmp);
	return rc;
}

int cli_table_command(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		CLI_REPORT_OPTIONS,
		{ "lang", required_argument, NULL, 'l' },
		{ "format", required_argument, NULL, 'F' },
		{ "json", no_argument, NULL, 'j' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct err err = ERR_INIT;
	struct table_request r;
	struct cli_report_options report;
	enum table_format format = FORMAT_NONE;
	const char *output = NULL;
	int c, rc;
	struct store *st;

	table_request_init(&r);
	r.lang = cli->lang;
	r.today = cli->today;
	cli_report_options_init(&report);
	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":ho:", options, NULL)) != -1) {
		rc = HIM_OK;
		switch (c) {
		case 'c':
		case 'd':
		case 'n':
		case 'y':
		case 'f':
		case 't':
		case 'p':
			rc = cli_report_option(&report, c, optarg, &err);
			break;
		case 'l':
			if (!lang_parse(optarg, &r.lang) || r.lang == LANG_EN)
				rc = err_set(&err, HIM_EUSAGE, "--lang: '%s' is not ar or fr (the circular's table)", optarg);
			break;
		case 'F':
			rc = parse_format(optarg, &format, &err);
			break;
		case 'j':
			format = FORMAT_JSON;
			break;
		case 'o':
			if (!*optarg)
				rc = err_set(&err, HIM_EUSAGE, "-o: empty file name");
			output = optarg;
			break;
		case 'h':
			return cli_help(usage);
		default:
			cli_option_error(argv, c, &err);
			return cli_fail(&err, usage);
		}
		if (rc != HIM_OK)
			return cli_fail(&err, usage);
	}
	if (optind < argc) {
		err_set(&err, HIM_EUSAGE, "table takes no argument ('%s')", argv[optind]);
		return cli_fail(&err, usage);
	}
	if (cli_scope_option_check(&report.scope, &err) != HIM_OK)
		return cli_fail(&err, usage);
	r.scope = report.scope.scope;
	if (format == FORMAT_NONE) {
		err_set(&err, HIM_EUSAGE, "give --format html, csv, xlsx, pdf or json");
		return cli_fail(&err, usage);
	}
	if (cli_period_check(report.year, report.from, report.to, &err) != HIM_OK)
		return cli_fail(&err, usage);
	r.from = report.from;
	r.to = report.to;
	if (report.year)
		table_request_set_year(&r, report.year);
	if (report.platform[0])
		r.platform = report.platform;
	if (!output && (format == FORMAT_XLSX || format == FORMAT_PDF) && isatty(STDOUT_FILENO)) {
		err_set(&err, HIM_EUSAGE, "a %s table is a binary file: give -o FILE", format == FORMAT_PDF ? "PDF" : "XLSX");
		return cli_fail(&err, usage);
	}
	if ((rc = cli_store_get(cli, true, &st, &err)) != HIM_OK)
		return cli_fail(&err, usage);

	if (output)
		rc = render_to_file(st, &r, format, output, &err);
	else
		rc = render(st, &r, format, stdout, &err);
	return rc == HIM_OK ? CLI_EXIT_OK : cli_fail(&err, NULL);
}
