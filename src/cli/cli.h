/*
 * cli.h - what the command-line front end's files share: the context of
 * one invocation (database, language, data directory, today), the store
 * opened on first use, the mapping of error codes to exit statuses, and
 * the strict parsers and JSON helpers every command uses.
 *
 * A command is `int cli_X_command(struct cli *, int argc, char **argv)`
 * where argv[0] is the command's own name; it returns the process's exit
 * status (0 success, 1 refused input, 2 usage or fatal error) and has
 * already said why on stderr. Nothing below this layer prints or exits.
 */
#ifndef HIMAYA_CLI_H
#define HIMAYA_CLI_H

#include <getopt.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../core/case.h"
#include "../core/code.h"
#include "../core/link.h"
#include "../core/link_exclude.h"
#include "../core/vocab.h"
#include "../lib/date.h"
#include "../lib/err.h"
#include "../store/store.h"

enum { CLI_EXIT_OK = 0, CLI_EXIT_REFUSED = 1, CLI_EXIT_FATAL = 2 };

struct cli {
	const char *db_url;
	enum lang lang;
	const char *data_dir;
	date_t today;          /* the current UTC date, or HIMAYA_TODAY */
	struct store *store;   /* opened by cli_store_get, closed by cli_release */
};

void cli_init(struct cli *cli);
void cli_release(struct cli *cli);

/*
 * The store, opened on first use. With need_reference, a database that
 * does not exist yet or was never initialised is refused (HIM_EUSAGE,
 * "run 'himaya init' first") instead of being created empty.
 */
int cli_store_get(struct cli *cli, bool need_reference, struct store **out, struct err *err);

/* 0, 1 or 2 for an HIM_* code. */
int cli_exit_status(int code);

/*
 * Say err on stderr as "himaya: <message>" and return its exit status.
 * For usage errors, usage (the command's synopsis, may be NULL) follows.
 */
int cli_fail(const struct err *err, const char *usage);

/* Print usage on stdout (for --help) and return 0. */
int cli_help(const char *usage);

/* The text of the chosen language among three translations. */
const char *cli_pick(const struct cli *cli, const char *en, const char *fr, const char *ar);

/*
 * Reset getopt for a new command line (each command parses its own
 * options with getopt_long; "--" style only, errors reported by us).
 */
void cli_getopt_reset(void);
/* The HIM_EUSAGE error for what getopt_long returned ('?' or ':'). */
int cli_option_error(char **argv, int c, struct err *err);

/*
 * The options of a subcommand whose only option is --json and that takes
 * no argument ("audit verify", "user list"; name is for the message).
 * *help is set when --help comes before any mistake: the caller prints
 * its usage and does nothing else.
 */
int cli_json_only_options(int argc, char **argv, const char *name, bool *json, bool *help,
			  struct err *err);

struct strbuf;
/* Append the whole of the file at path to out. */
int cli_file_read(const char *path, struct strbuf *out, struct err *err);

/* --- strict parsing of option values; every message names the option --- */

/* A decimal integer in [min, max], nothing else ("12abc", "", " 1" refused). */
int cli_parse_int64(const char *option, const char *text, int64_t min, int64_t max,
		    int64_t *out, struct err *err);
int cli_parse_int(const char *option, const char *text, int min, int max, int *out,
		  struct err *err);
int cli_parse_date(const char *option, const char *text, date_t *out, struct err *err);

/* Text from a person: valid UTF-8 without control characters. */
int cli_check_text(const char *option, const char *text, bool multiline, struct err *err);

/* A code ("tpi-rabat"); ASCII letters are folded to lower case first. */
int cli_parse_code(const char *option, const char *text, char out[CODE_MAX], struct err *err);

/*
 * The part of the country a report covers: exactly one of --court CODE,
 * --district CODE, --national (getopt letters 'c', 'd', 'n'). Call
 * cli_scope_option for each, then cli_scope_option_check once.
 */
struct cli_scope_option {
	int given;
	struct scope scope;
};
int cli_scope_option(struct cli_scope_option *o, int letter, const char *arg, struct err *err);
int cli_scope_option_check(const struct cli_scope_option *o, struct err *err);

/* --year, or --from/--to in order; never both. */
int cli_period_check(int year, date_t from, date_t to, struct err *err);

/*
 * What a report covers (stats, table): the scope, --year or --from/--to,
 * and --platform. CLI_REPORT_OPTIONS opens the command's option table;
 * cli_report_option takes each of their letters ('c', 'd', 'n', 'y', 'f',
 * 't', 'p'). The command then checks the scope and the period
 * (cli_scope_option_check, cli_period_check) among its own checks, in the
 * order its messages come.
 */
#define CLI_REPORT_OPTIONS \
	{ "court", required_argument, NULL, 'c' }, \
	{ "district", required_argument, NULL, 'd' }, \
	{ "national", no_argument, NULL, 'n' }, \
	{ "year", required_argument, NULL, 'y' }, \
	{ "from", required_argument, NULL, 'f' }, \
	{ "to", required_argument, NULL, 't' }, \
	{ "platform", required_argument, NULL, 'p' }
struct cli_report_options {
	struct cli_scope_option scope;
	int year;                /* 0 when not given */
	date_t from, to;         /* DATE_NONE when not given */
	char platform[CODE_MAX]; /* "" when not given: both platforms */
};
void cli_report_options_init(struct cli_report_options *o);
int cli_report_option(struct cli_report_options *o, int letter, const char *arg, struct err *err);

/*
 * A comma-separated list of vocabulary codes or aliases, each resolved to
 * its canonical code; an unknown one is refused with the accepted values.
 */
int cli_parse_vocab_list(const struct vocab *v, enum vocab_kind kind, const char *option,
			 const char *text, struct code_list *out, struct err *err);

/* --- JSON --- */

/* Print obj (a reference is stolen) on stdout as one JSON document. */
int cli_json_print(json_t *obj, struct err *err);

/* "YYYY-MM-DD", or null for DATE_NONE. */
json_t *cli_json_date(date_t day);
/* A string, or null for NULL. */
json_t *cli_json_text(const char *s);
/* Add code, label_ar and label_fr of a vocabulary code to obj under
 * prefix ("" -> "code", "body" -> "body", "body_label_ar", ...). */
void cli_json_add_code(json_t *obj, const char *prefix, const struct vocab *v,
		       enum vocab_kind kind, const char *code);
/* {"code","label_ar","label_fr"}, or null for "". */
json_t *cli_json_code(const struct vocab *v, enum vocab_kind kind, const char *code);
/* [{"code","label_ar","label_fr"}...] */
json_t *cli_json_code_list(const struct vocab *v, enum vocab_kind kind, const struct code_list *l);

/* --- shared by the case commands --- */

/* The case as JSON: codes with labels, derived state; with_meta adds
 * created_at / created_by (left out of lists so they compare across runs). */
json_t *cli_case_json(const struct store *st, const struct case_record *c, bool with_meta);

/* An event as JSON; replaced_by is the id of the event that replaced
 * it, or 0. */
json_t *cli_event_json(const struct vocab *v, const struct case_event *ev, int64_t replaced_by);

/* The command groups, one file each under src/cli/. */
int cli_init_command(struct cli *cli, int argc, char **argv);
int cli_court_command(struct cli *cli, int argc, char **argv);
int cli_case_command(struct cli *cli, int argc, char **argv);
int cli_demo_command(struct cli *cli, int argc, char **argv);
int cli_stats_command(struct cli *cli, int argc, char **argv);
int cli_table_command(struct cli *cli, int argc, char **argv);
int cli_import_command(struct cli *cli, int argc, char **argv);
int cli_serve_command(struct cli *cli, int argc, char **argv); /* serve.c: the web application */
int cli_user_command(struct cli *cli, int argc, char **argv);  /* user.c: accounts */
int cli_audit_command(struct cli *cli, int argc, char **argv); /* audit.c: the audit log */
int cli_migrate_command(struct cli *cli, int argc, char **argv); /* migrate.c: a database into another */
int cli_backup_command(struct cli *cli, int argc, char **argv);  /* migrate.c: a copy of a SQLite database */

/* Subcommands of "case", in their own files. */
int cli_case_event(struct cli *cli, int argc, char **argv);
int cli_case_show(struct cli *cli, int argc, char **argv);
int cli_case_link_referral(struct cli *cli, int argc, char **argv);   /* case_link.c */
int cli_case_unlink_referral(struct cli *cli, int argc, char **argv);

/* Referrals (referral.c). A referral named by its id or PLATFORM:REPORTID. */
int cli_referral_command(struct cli *cli, int argc, char **argv);
int cli_referral_resolve(struct store *st, const char *ref, int64_t *id, struct err *err);

/* Subjects (link.c, subject.c, triage.c): linking referrals into subjects,
 * the subjects, and the police's queue. The data files they read are
 * loaded by these helpers (link.c). */
struct link_options;
struct route_table;
int cli_link_command(struct cli *cli, int argc, char **argv);
int cli_link_common(struct cli *cli, int argc, char **argv); /* link_common.c: link common */
int cli_subject_command(struct cli *cli, int argc, char **argv);
int cli_triage_command(struct cli *cli, int argc, char **argv);
int cli_stats_funnel(struct cli *cli, int argc, char **argv); /* funnel.c: stats --funnel */
/* The data files a link run reads: data/cgnat.tsv, data/link-exclude.tsv. */
struct cli_link_data {
	struct ip_range_list shared;
	struct link_exclusions exclude;
};
void cli_link_data_init(struct cli_link_data *d);
void cli_link_data_release(struct cli_link_data *d);
/* data/link-exclude.tsv into out (init'ed by the caller). */
int cli_link_exclusions(struct cli *cli, struct link_exclusions *out, struct err *err);
/* o for a run with the stored window and d's files (d is init'ed by the
 * caller, and must outlive o). */
int cli_link_options(struct cli *cli, struct store *st, struct link_options *o, struct cli_link_data *d,
		     struct err *err);
struct triage_row;
/* A subject's row (subject.c), shared by subject list and triage. */
json_t *cli_subject_row_json(struct store *st, const struct triage_row *r);
void cli_subject_row_text(struct cli *cli, const struct triage_row *r);
int cli_link_tables(struct cli *cli, struct store *st, struct route_table *places, struct route_table *retention,
		    struct err *err);
struct geoip;
/* The IP geolocation database of --geoip FILE (option, may be NULL), else
 * of HIMAYA_GEOIP; *out NULL when neither names one (link.c). */
int cli_geoip_open(const char *option, struct geoip **out, struct err *err);

#endif
