/*
 * himaya.c - main(): the global options, the environment, and the table
 * of commands. Everything a command does is in src/cli/; this file only
 * decides which database, language, reference data and "today" the
 * command runs with, and turns its result into the exit status.
 *
 * Exit statuses: 0 success; 1 input refused (the reason on stderr as
 * "himaya: ..."); 2 usage error or fatal failure (database, files).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "lib/strbuf.h"
#include "lib/banned.h"

#define HIMAYA_VERSION "0.1.0"

static const char usage_text[] =
	"usage: himaya [--db URL] [--lang ar|fr|en] [--data-dir DIR] COMMAND [ARGS]\n"
	"\n"
	"Himaya follows the cases of online child sexual exploitation referred by\n"
	"NCMEC and CPS, from the information report to the last court ruling.\n"
	"\n"
	"commands:\n"
	"  init                      create or migrate the database, load data/courts.tsv\n"
	"                            and data/vocabulary.tsv (safe to run again)\n"
	"  court list                the judicial map in force on a date\n"
	"  case open                 open a case at its originating court\n"
	"  case event ID TYPE        record an event: investigation, report, decision,\n"
	"                            judgment, appeal, cassation, correction\n"
	"  case show ID              a case, its derived state and its history\n"
	"  case list                 cases by court, district, year, platform, stage\n"
	"  stats                     the Presidency's aggregates for a court, district or\n"
	"                            the nation (stats --help)\n"
	"  table                     the circular's table for a court, district or the\n"
	"                            nation, as HTML, CSV, XLSX, PDF or JSON (table --help)\n"
	"  import backfill FILE      the circular's table as a court kept it (CSV or XLSX),\n"
	"                            one case per row (import backfill --help)\n"
	"  import ncmec|cps FILE...  NCMEC CyberTipline reports (XML, JSON, tip list) and CPS\n"
	"                            detections (CSV); re-runs add nothing (import ncmec --help)\n"
	"  referral list|show        the imported referrals and the case each led to\n"
	"  case link-referral CASE REF  the referral a case came from (unlink-referral undoes)\n"
	"  link [--rebuild]          group referrals into subjects, one per suspect (link --help)\n"
	"  link common               the values reported most often, to exclude from linking\n"
	"  subject list|show|merge|split  the subjects, why they are linked, corrections\n"
	"  triage [--court C]        subjects without a case, most urgent first, court proposed\n"
	"  demo                      fill an empty database with a synthetic data set\n"
	"  serve                     the web application (serve --help)\n"
	"  user add|passwd|disable|enable|reset-totp|token|list   accounts (user --help)\n"
	"  audit verify|list         the hash-chained audit log (audit --help)\n"
	"  migrate --from sqlite:PATH --to URL   copy a court's database into another one,\n"
	"                            the national PostgreSQL one (migrate --help)\n"
	"  backup --to FILE          a consistent copy of a SQLite database while it runs\n"
	"\n"
	"Every command takes --json (one JSON object on stdout) and --help.\n"
	"\n"
	"global options:\n"
	"  --db URL         database file, or sqlite:PATH (env HIMAYA_DB, default ./himaya.db)\n"
	"  --lang LANG      ar, fr or en: labels and refusal reasons (env HIMAYA_LANG, default ar)\n"
	"  --data-dir DIR   reference data for init (env HIMAYA_DATA, default data/ beside\n"
	"                   the executable, else ./data)\n"
	"  --help, --version\n"
	"\n"
	"environment:\n"
	"  HIMAYA_TODAY=YYYY-MM-DD   the date taken as today (for tests and demos;\n"
	"                            default: the current UTC date)\n"
	"  HIMAYA_ACTOR=NAME         who the command's writes are attributed to in the\n"
	"                            audit log (default: cli)\n"
	"\n"
	"exit status: 0 success, 1 input refused (reason on stderr), 2 usage or fatal error\n";

/* After a usage error: the synopsis only, the rest is one --help away. */
static const char short_usage[] =
	"usage: himaya [--db URL] [--lang ar|fr|en] [--data-dir DIR] COMMAND [ARGS]\n"
	"commands: init, court list, case open|event|show|list|link-referral, stats, table, import,\n"
	"          referral list|show, link, subject, triage, demo, migrate, backup\n";

struct command {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
};

static const struct command commands[] = {
	{ "init", cli_init_command },
	{ "court", cli_court_command },
	{ "case", cli_case_command },
	{ "demo", cli_demo_command },
	{ "stats", cli_stats_command },
	{ "table", cli_table_command },
	{ "import", cli_import_command },
	{ "referral", cli_referral_command },
	{ "link", cli_link_command },
	{ "subject", cli_subject_command },
	{ "triage", cli_triage_command },
	{ "serve", cli_serve_command },
	{ "user", cli_user_command },
	{ "audit", cli_audit_command },
	{ "migrate", cli_migrate_command },
	{ "backup", cli_backup_command },
};

static bool is_dir(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/*
 * The data/ directory beside the running executable, so that ./himaya
 * finds its reference data from any working directory; else ./data.
 */
static void default_data_dir(struct strbuf *out)
{
	struct strbuf exe = STRBUF_INIT;
	ssize_t n;

	for (size_t size = 256;; size *= 2) {
		strbuf_reset(&exe);
		strbuf_grow(&exe, size);
		n = readlink("/proc/self/exe", exe.buf, size);
		if (n < 0 || (size_t)n < size)
			break;
		if (size > 65536) {
			n = -1;
			break;
		}
	}
	if (n > 0) {
		char *slash;

		exe.buf[n] = '\0';
		exe.len = (size_t)n;
		slash = strrchr(exe.buf, '/');
		if (slash) {
			exe.len = (size_t)(slash - exe.buf);
			exe.buf[exe.len] = '\0';
			strbuf_adds(&exe, "/data");
			if (is_dir(exe.buf)) {
				strbuf_adds(out, exe.buf);
				strbuf_release(&exe);
				return;
			}
		}
	}
	strbuf_release(&exe);
	strbuf_adds(out, "./data");
}

static int today_get(date_t *out, struct err *err)
{
	const char *env = getenv("HIMAYA_TODAY");
	struct tm tm;
	time_t now;

	if (env && *env) {
		if (!date_parse(env, out))
			return err_set(err, HIM_EUSAGE, "HIMAYA_TODAY: '%s' is not a date (YYYY-MM-DD)", env);
		return HIM_OK;
	}
	now = time(NULL);
	if (!gmtime_r(&now, &tm))
		return err_set(err, HIM_EUSAGE, "cannot read the clock");
	*out = date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	return HIM_OK;
}

static int lang_set(struct cli *cli, const char *from, const char *value, struct err *err)
{
	if (!lang_parse(value, &cli->lang))
		return err_set(err, HIM_EUSAGE, "%s: '%s' is not a language (ar, fr or en)", from, value);
	return HIM_OK;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "lang", required_argument, NULL, 'l' },
		{ "data-dir", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct strbuf data_dir = STRBUF_INIT;
	struct err err = ERR_INIT;
	struct cli cli;
	const char *env;
	int c, status;

	cli_init(&cli);
	cli.db_url = (env = getenv("HIMAYA_DB")) && *env ? env : "./himaya.db";
	if ((env = getenv("HIMAYA_LANG")) && *env && lang_set(&cli, "HIMAYA_LANG", env, &err) != HIM_OK)
		return cli_fail(&err, NULL);
	if ((env = getenv("HIMAYA_DATA")) && *env)
		strbuf_adds(&data_dir, env);

	/* '+': stop at the command; its options are its own. */
	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, "+:h", options, NULL)) != -1) {
		switch (c) {
		case 'd':
			cli.db_url = optarg;
			break;
		case 'l':
			if (lang_set(&cli, "--lang", optarg, &err) != HIM_OK) {
				strbuf_release(&data_dir);
				return cli_fail(&err, short_usage);
			}
			break;
		case 'D':
			strbuf_reset(&data_dir);
			strbuf_adds(&data_dir, optarg);
			break;
		case 'h':
			strbuf_release(&data_dir);
			return cli_help(usage_text);
		case 'V':
			strbuf_release(&data_dir);
			printf("himaya %s\n", HIMAYA_VERSION);
			return CLI_EXIT_OK;
		default:
			cli_option_error(argv, c, &err);
			strbuf_release(&data_dir);
			return cli_fail(&err, short_usage);
		}
	}
	if (!*cli.db_url) {
		strbuf_release(&data_dir);
		err_set(&err, HIM_EUSAGE, "--db: empty database name");
		return cli_fail(&err, short_usage);
	}
	if (optind >= argc) {
		strbuf_release(&data_dir);
		err_set(&err, HIM_EUSAGE, "no command given");
		return cli_fail(&err, short_usage);
	}
	if (strcmp(argv[optind], "help") == 0) {
		strbuf_release(&data_dir);
		return cli_help(usage_text);
	}
	if (today_get(&cli.today, &err) != HIM_OK) {
		strbuf_release(&data_dir);
		return cli_fail(&err, NULL);
	}
	if (!data_dir.len)
		default_data_dir(&data_dir);
	cli.data_dir = data_dir.buf;

	status = -1;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[optind], commands[i].name) == 0) {
			status = commands[i].run(&cli, argc - optind, argv + optind);
			break;
		}
	if (status < 0) {
		err_set(&err, HIM_EUSAGE, "unknown command '%s'", argv[optind]);
		status = cli_fail(&err, short_usage);
	}
	cli_release(&cli);
	strbuf_release(&data_dir);
	if (fflush(stdout) != 0 && status == CLI_EXIT_OK) {
		fprintf(stderr, "himaya: cannot write the output\n");
		status = CLI_EXIT_FATAL;
	}
	return status;
}
