/*
 * migrate.c - `himaya migrate` (a court's database into another one, the
 * national PostgreSQL database usually: app/migrate.h) and `himaya
 * backup` (a consistent copy of an embedded database while it runs).
 *
 * migrate prints what it copied and what was already there, per kind of
 * record, and each record the destination refused with the reason (exit
 * 1; the rest is copied). The destination must exist and be initialised
 * ('himaya --db DEST init'): it is never created by a typo.
 */
#include "cli.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../app/migrate.h"
#include "../lib/strbuf.h"
#include "../lib/banned.h"

static const char migrate_usage[] =
	"usage: himaya migrate --from sqlite:PATH --to URL [--json]\n"
	"\n"
	"Copy a court's database (users, cases and their events, referrals and the\n"
	"cases they led to, difficulties, the audit log) into the database URL\n"
	"(postgresql://... or another SQLite file), which must be initialised.\n"
	"Run again, it copies only what is new; cut short, run again to finish.\n"
	"A user present on both with different secrets keeps the destination's and\n"
	"is reported (exit 1). The source's audit chain must verify.\n";

static const char backup_usage[] =
	"usage: himaya [--db PATH] backup --to FILE [--json]\n"
	"\n"
	"A consistent copy of the SQLite database, taken while it is in use, into\n"
	"FILE (replaced atomically). Restore: use FILE as the database\n"
	"(himaya --db FILE ...). For PostgreSQL, use pg_dump.\n";

/* The file behind a SQLite URL, NULL for PostgreSQL. */
static const char *sqlite_file(const char *url)
{
	if (store_url_is_pg(url))
		return NULL;
	return strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
}

struct progress {
	int64_t stop_after; /* HIMAYA_MIGRATE_STOP_AFTER, 0: none */
	bool tty;
};

/*
 * HIMAYA_MIGRATE_STOP_AFTER=N (tests): the process kills itself, like a
 * power cut, right after the Nth case is committed, so that the test of a
 * migration cut short cuts it at a known place.
 */
static void on_progress(enum migrate_phase phase, int64_t done, void *ctx)
{
	struct progress *p = ctx;

	if (phase == MIGRATE_CASES && p->stop_after > 0 && done == p->stop_after)
		raise(SIGKILL);
	if (p->tty && (done % 100 == 0 || phase == MIGRATE_USERS))
		fprintf(stderr, "\r%s %lld   ", migrate_phase_name(phase), (long long)done);
}

static json_t *count_json(const struct migrate_count *c)
{
	return json_pack("{sIsI}", "copied", (json_int_t)c->copied, "present", (json_int_t)c->present);
}

static int print_json(const struct migrate_report *r, struct err *err)
{
	json_t *o = json_object(), *refused = json_array();

	json_object_set_new(o, "users", count_json(&r->users));
	json_object_set_new(o, "cases", count_json(&r->cases));
	json_object_set_new(o, "events", count_json(&r->events));
	json_object_set_new(o, "referrals", count_json(&r->referrals));
	json_object_set_new(o, "links", count_json(&r->links));
	json_object_set_new(o, "difficulties", count_json(&r->difficulties));
	json_object_set_new(o, "audit", count_json(&r->audit));
	json_object_set_new(o, "audit_up_to", json_integer(r->audit_up_to));
	for (size_t i = 0; i < r->nrefused; i++)
		json_array_append_new(refused, json_pack("{ssss}", "what", r->refused[i].what, "why", r->refused[i].why));
	json_object_set_new(o, "refused", refused);
	return cli_json_print(o, err);
}

static void print_line(struct cli *cli, const char *label, const struct migrate_count *c)
{
	printf("%s: %lld %s%s%lld %s\n", label, (long long)c->copied, cli_pick(cli, "copied", "copiés", "منقول"),
	       cli_pick(cli, ", ", ", ", "، "), (long long)c->present,
	       cli_pick(cli, "already there", "déjà présents", "موجود من قبل"));
}

static void print_text(struct cli *cli, const struct migrate_report *r)
{
	print_line(cli, cli_pick(cli, "users", "utilisateurs", "المستخدمون"), &r->users);
	print_line(cli, cli_pick(cli, "cases", "affaires", "القضايا"), &r->cases);
	print_line(cli, cli_pick(cli, "events", "événements", "الإجراءات"), &r->events);
	print_line(cli, cli_pick(cli, "referrals", "signalements", "الإحالات"), &r->referrals);
	print_line(cli, cli_pick(cli, "case-referral links", "liens affaire-signalement", "روابط القضايا بالإحالات"),
		   &r->links);
	print_line(cli, cli_pick(cli, "difficulties", "difficultés", "الصعوبات"), &r->difficulties);
	print_line(cli, cli_pick(cli, "audit entries", "entrées du journal d'audit", "قيود سجل التدقيق"), &r->audit);
}

int cli_migrate_command(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct progress prog = { 0, false };
	struct migrate_report report;
	struct err err = ERR_INIT;
	struct store *from = NULL, *to;
	const char *from_url = NULL, *to_url = NULL, *file, *env;
	struct stat sb;
	bool json = false;
	int c, rc, status;

	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (c) {
		case 'f': from_url = optarg; break;
		case 't': to_url = optarg; break;
		case 'j': json = true; break;
		case 'h': return cli_help(migrate_usage);
		default:
			cli_option_error(argv, c, &err);
			return cli_fail(&err, migrate_usage);
		}
	}
	if (optind != argc)
		err_set(&err, HIM_EUSAGE, "migrate takes no argument ('%s')", argv[optind]);
	else if (!from_url || !*from_url || !to_url || !*to_url)
		err_set(&err, HIM_EUSAGE, "migrate needs --from and --to");
	else if (strcmp(from_url, to_url) == 0)
		err_set(&err, HIM_EUSAGE, "--from and --to name the same database");
	else if ((file = sqlite_file(from_url)) && stat(file, &sb) != 0)
		err_set(&err, HIM_EUSAGE, "--from: database '%s' does not exist", file);
	if (err.code)
		return cli_fail(&err, migrate_usage);
	if ((env = getenv("HIMAYA_MIGRATE_STOP_AFTER")) && *env &&
	    cli_parse_int64("HIMAYA_MIGRATE_STOP_AFTER", env, 1, INT64_MAX, &prog.stop_after, &err) != HIM_OK)
		return cli_fail(&err, NULL);
	prog.tty = !json && isatty(STDERR_FILENO);

	/* The destination is the command's database: opened, checked and
	 * attributed (HIMAYA_ACTOR) like every other command's. */
	cli->db_url = to_url;
	if ((rc = cli_store_get(cli, true, &to, &err)) != HIM_OK)
		return cli_fail(&err, NULL);
	if ((rc = store_open(&from, from_url, &err)) != HIM_OK) {
		err_prefix(&err, "--from '%s'", from_url);
		return cli_fail(&err, NULL);
	}
	migrate_report_init(&report);
	rc = migrate_run(from, from_url, to, on_progress, &prog, &report, &err);
	if (prog.tty)
		fputs("\r\033[K", stderr);
	store_close(from);
	if (rc != HIM_OK) {
		migrate_report_release(&report);
		return cli_fail(&err, NULL);
	}
	status = CLI_EXIT_OK;
	if (json) {
		if (print_json(&report, &err) != HIM_OK)
			status = cli_fail(&err, NULL);
	} else {
		print_text(cli, &report);
	}
	for (size_t i = 0; i < report.nrefused; i++)
		fprintf(stderr, "himaya: %s: %s: %s\n", cli_pick(cli, "refused", "refusé", "مرفوض"), report.refused[i].what,
			report.refused[i].why);
	if (status == CLI_EXIT_OK && report.nrefused)
		status = CLI_EXIT_REFUSED;
	migrate_report_release(&report);
	return status;
}

int cli_backup_command(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "to", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct err err = ERR_INIT;
	struct store *st;
	const char *path = NULL;
	struct stat sb;
	bool json = false;
	int c, rc;

	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (c) {
		case 't': path = optarg; break;
		case 'j': json = true; break;
		case 'h': return cli_help(backup_usage);
		default:
			cli_option_error(argv, c, &err);
			return cli_fail(&err, backup_usage);
		}
	}
	if (optind != argc)
		err_set(&err, HIM_EUSAGE, "backup takes no argument ('%s')", argv[optind]);
	else if (!path || !*path)
		err_set(&err, HIM_EUSAGE, "backup needs --to FILE");
	if (err.code)
		return cli_fail(&err, backup_usage);
	if ((rc = cli_store_get(cli, true, &st, &err)) != HIM_OK)
		return cli_fail(&err, NULL);
	/* Recorded first, so that the backup holds the record of itself and a
	 * backup at rest is the database entry for entry. The record needs the
	 * write lock, which a long import holds batch after batch: if it
	 * cannot be had within the busy timeout, the backup (which needs no
	 * write lock) is taken all the same, with a warning. */
	if (!store_url_is_pg(cli->db_url) && store_audit_append(st, NULL, "backup", "database", path, &err) != HIM_OK) {
		fprintf(stderr, "himaya: warning: the backup could not be recorded in the audit log (%s); taking it anyway\n",
			err.msg);
		err_clear(&err);
	}
	if ((rc = store_backup(st, path, &err)) != HIM_OK)
		return cli_fail(&err, NULL);
	if (stat(path, &sb) != 0)
		sb.st_size = 0;
	if (json) {
		if (cli_json_print(json_pack("{sssI}", "file", path, "bytes", (json_int_t)sb.st_size), &err) != HIM_OK)
			return cli_fail(&err, NULL);
	} else {
		printf("%s: %s (%lld %s)\n", cli_pick(cli, "backup written", "sauvegarde écrite", "كُتبت النسخة الاحتياطية"),
		       path, (long long)sb.st_size, cli_pick(cli, "bytes", "octets", "بايت"));
	}
	return CLI_EXIT_OK;
}
