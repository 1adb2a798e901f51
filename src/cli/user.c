/*
 * user.c - `himaya user ...`: accounts, administered from the server's
 * command line (the web's administration pages call the same functions
 * of app/auth.h).
 *
 * Passwords are read from standard input only (--password-stdin): a
 * password given as an argument would be visible to every user of the
 * machine in the process list and kept in the shell's history. The TOTP
 * secret is shown once, when it is made (add, reset-totp), as base32, an
 * otpauth:// URI and a QR code to scan; it is never printed again.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/auth.h"
#include "../app/qr.h"
#include "../lib/strbuf.h"
#include "../lib/banned.h"

static const char usage[] =
	"usage: himaya user add NAME --role admin|presidency|appeal|court|police\n"
	"                       [--court CODE] [--body CODE --unit TEXT] [--lang ar|fr]\n"
	"                       --password-stdin [--no-qr] [--json]\n"
	"       himaya user passwd NAME --password-stdin\n"
	"       himaya user disable|enable NAME\n"
	"       himaya user reset-totp NAME [--no-qr] [--json]\n"
	"       himaya user list [--json]\n"
	"       himaya user token NAME [--days N] [--label TEXT] [--json]   an API token, shown once\n"
	"\n"
	"Roles: appeal needs --court with a Court of Appeal (reads its district,\n"
	"writes its court); court needs --court with a First Instance Court; police\n"
	"needs --body and --unit (reads and writes its unit's cases); presidency\n"
	"reads the whole country; admin manages users and reads no case.\n"
	"Passwords: at least 12 characters, read from the first line of stdin.\n";

/* The first line of stdin, without its line end (caller frees). */
static int read_password(char **out, struct err *err)
{
	struct strbuf sb = STRBUF_INIT;
	int c;

	*out = NULL;
	while ((c = getchar()) != EOF && c != '\n') {
		if (sb.len > 4096) {
			strbuf_release(&sb);
			return err_set(err, HIM_EINPUT, "--password-stdin: the line is too long");
		}
		strbuf_addch(&sb, (char)c);
	}
	if (sb.len && sb.buf[sb.len - 1] == '\r')
		sb.buf[--sb.len] = '\0';
	if (!sb.len) {
		strbuf_release(&sb);
		return err_set(err, HIM_EINPUT, "--password-stdin: no password on standard input");
	}
	*out = strbuf_detach(&sb, NULL);
	return HIM_OK;
}

static void forget(char *password)
{
	if (!password)
		return;
	/* volatile: the compiler may not drop a store to memory about to be freed. */
	for (volatile char *p = password; *p; p++)
		*p = '\0';
	free(password);
}

/* Show a new secret once: base32, URI, QR (unless --no-qr), or JSON. */
static int show_secret(const struct user *u, const char *secret, bool json, bool qr, struct err *err)
{
	char *uri = auth_otpauth_uri(u->name, secret), *code = NULL;
	int rc = HIM_OK;

	if (json) {
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(u->id));
		json_object_set_new(o, "name", json_string(u->name));
		json_object_set_new(o, "role", json_string(user_role_name(u->role)));
		json_object_set_new(o, "court", u->court[0] ? json_string(u->court) : json_null());
		json_object_set_new(o, "body", u->body[0] ? json_string(u->body) : json_null());
		json_object_set_new(o, "unit", u->unit[0] ? json_string(u->unit) : json_null());
		json_object_set_new(o, "totp_secret", json_string(secret));
		json_object_set_new(o, "otpauth_uri", json_string(uri));
		rc = cli_json_print(o, err);
	} else {
		printf("TOTP secret (shown once): %s\n%s\n", secret, uri);
		if (qr && (rc = qr_terminal(uri, &code, err)) == HIM_OK)
			fputs(code, stdout);
		free(code);
	}
	free(uri);
	return rc;
}

static int user_add(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "role", required_argument, NULL, 'r' },
		{ "court", required_argument, NULL, 'c' },
		{ "body", required_argument, NULL, 'b' },
		{ "unit", required_argument, NULL, 'u' },
		{ "lang", required_argument, NULL, 'l' },
		{ "password-stdin", no_argument, NULL, 'p' },
		{ "no-qr", no_argument, NULL, 'q' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *role = NULL, *court = NULL, *body = NULL, *unit = NULL, *lang = NULL;
	bool from_stdin = false, qr = true, json = false;
	struct err err = ERR_INIT;
	char *password = NULL, *secret = NULL;
	struct store *st;
	struct user u;
	int c, rc;

	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (c) {
		case 'r': role = optarg; break;
		case 'c': court = optarg; break;
		case 'b': body = optarg; break;
		case 'u': unit = optarg; break;
		case 'l': lang = optarg; break;
		case 'p': from_stdin = true; break;
		case 'q': qr = false; break;
		case 'j': json = true; break;
		case 'h': return cli_help(usage);
		default:
			cli_option_error(argv, c, &err);
			return cli_fail(&err, usage);
		}
	}
	memset(&u, 0, sizeof(u));
	if (optind + 1 != argc) {
		err_set(&err, HIM_EUSAGE, "user add takes one NAME");
		return cli_fail(&err, usage);
	}
	if (strlen(argv[optind]) >= sizeof(u.name)) {
		err_set(&err, HIM_EINPUT, "the user name is longer than %zu bytes", sizeof(u.name) - 1);
		return cli_fail(&err, usage);
	}
	memcpy(u.name, argv[optind], strlen(argv[optind]) + 1);
	if (!role || !user_role_parse(role, &u.role)) {
		err_set(&err, HIM_EUSAGE, "--role: give one of admin, presidency, appeal, court, police");
		return cli_fail(&err, usage);
	}
	if (!from_stdin) {
		err_set(&err, HIM_EUSAGE, "give the password on standard input with --password-stdin");
		return cli_fail(&err, usage);
	}
	if (court && cli_parse_code("--court", court, u.court, &err) != HIM_OK)
		return cli_fail(&err, usage);
	if ((rc = cli_store_get(cli, true, &st, &err)) != HIM_OK)
		return cli_fail(&err, usage);
	if (body) {
		const struct vocab_entry *e = vocab_find(store_vocab(st), VOCAB_BODY, body);
		if (!e) {
			err_set(&err, HIM_EINPUT, "--body: '%s' is not an investigating body", body);
			return cli_fail(&err, usage);
		}
		memcpy(u.body, e->code, sizeof(u.body));
	}
	if (unit) {
		if (cli_check_text("--unit", unit, false, &err) != HIM_OK)
			return cli_fail(&err, usage);
		if (strlen(unit) >= sizeof(u.unit)) {
			err_set(&err, HIM_EINPUT, "--unit: longer than %zu bytes", sizeof(u.unit) - 1);
			return cli_fail(&err, usage);
		}
		memcpy(u.unit, unit, strlen(unit) + 1);
	}
	u.lang = LANG_AR;
	if (lang && (!lang_parse(lang, &u.lang) || u.lang == LANG_EN)) {
		err_set(&err, HIM_EUSAGE, "--lang: ar or fr");
		return cli_fail(&err, usage);
	}
	if ((rc = read_password(&password, &err)) != HIM_OK)
		return cli_fail(&err, usage);
	rc = auth_user_add(st, &u, password, &secret, &err);
	forget(password);
	if (rc == HIM_OK)
		rc = auth_user_get(st, u.name, &u, &err);
	if (rc == HIM_OK && !json)
		printf("%s: %s (%s%s%s)\n", cli_pick(cli, "user added", "utilisateur ajouté", "أضيف المستخدم"),
		       u.name, user_role_name(u.role), u.court[0] ? " " : "", u.court);
	if (rc == HIM_OK)
		rc = show_secret(&u, secret, json, qr, &err);
	forget(secret);
	return rc == HIM_OK ? CLI_EXIT_OK : cli_fail(&err, usage);
}

/* The NAME of passwd, disable, enable, reset-totp, with their options. */
static int one_name(int argc, char **argv, bool *from_stdin, bool *qr, bool *json, const char **name,
		    struct err *err)
{
	static const struct option options[] = {
		{ "password-stdin", no_argument, NULL, 'p' },
		{ "no-qr", no_argument, NULL, 'q' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (c) {
		case 'p': *from_stdin = true; break;
		case 'q': *qr = false; break;
		case 'j': *json = true; break;
		case 'h': return 1;
		default: return cli_option_error(argv, c, err);
		}
	}
	if (optind + 1 != argc)
		return err_set(err, HIM_EUSAGE, "user %s takes one NAME", argv[0]);
	*name = argv[optind];
	return HIM_OK;
}

static int user_change(struct cli *cli, int argc, char **argv)
{
	bool from_stdin = false, qr = true, json = false;
	const char *cmd = argv[0], *name = NULL;
	struct err err = ERR_INIT;
	char *password = NULL, *secret = NULL;
	struct store *st;
	struct user u;
	int rc;

	rc = one_name(argc, argv, &from_stdin, &qr, &json, &name, &err);
	if (rc == 1)
		return cli_help(usage);
	if (rc != HIM_OK)
		return cli_fail(&err, usage);
	if ((rc = cli_store_get(cli, true, &st, &err)) != HIM_OK)
		return cli_fail(&err, usage);
	if ((rc = auth_user_get(st, name, &u, &err)) != HIM_OK)
		return cli_fail(&err, usage);
	if (strcmp(cmd, "passwd") == 0) {
		if (!from_stdin) {
			err_set(&err, HIM_EUSAGE, "give the password on standard input with --password-stdin");
			return cli_fail(&err, usage);
		}
		if ((rc = read_password(&password, &err)) == HIM_OK)
			rc = auth_user_passwd(st, name, password, &err);
		forget(password);
		if (rc == HIM_OK && !json)
			printf("%s: %s\n", cli_pick(cli, "password changed, sessions ended", "mot de passe changé",
						    "تم تغيير كلمة المرور"), name);
	} else if (strcmp(cmd, "disable") == 0 || strcmp(cmd, "enable") == 0) {
		bool off = strcmp(cmd, "disable") == 0;
		rc = auth_user_disable(st, name, off, &err);
		if (rc == HIM_OK && !json)
			printf("%s: %s\n", off ? cli_pick(cli, "disabled", "désactivé", "عُطّل")
					       : cli_pick(cli, "enabled", "activé", "فُعّل"), name);
	} else {
		rc = auth_user_reset_totp(st, name, &secret, &err);
		if (rc == HIM_OK)
			rc = show_secret(&u, secret, json, qr, &err);
		forget(secret);
		return rc == HIM_OK ? CLI_EXIT_OK : cli_fail(&err, usage);
	}
	if (rc == HIM_OK && json) {
		json_t *o = json_object();
		json_object_set_new(o, "name", json_string(name));
		json_object_set_new(o, "done", json_string(cmd));
		rc = cli_json_print(o, &err);
	}
	return rc == HIM_OK ? CLI_EXIT_OK : cli_fail(&err, usage);
}

static int user_token(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "days", required_argument, NULL, 'd' },
		{ "label", required_argument, NULL, 'l' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char token[SESSION_TOKEN_HEX];
	const char *label = NULL;
	struct err err = ERR_INIT;
	struct auth_policy p;
	struct store *st;
	bool json = false;
	int c, rc, days = 90;

	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (cli_parse_int("--days", optarg, 1, 366, &days, &err) != HIM_OK)
				return cli_fail(&err, usage);
			break;
		case 'l': label = optarg; break;
		case 'j': json = true; break;
		case 'h': return cli_help(usage);
		default:
			cli_option_error(argv, c, &err);
			return cli_fail(&err, usage);
		}
	}
	if (optind + 1 != argc) {
		err_set(&err, HIM_EUSAGE, "user token takes one NAME");
		return cli_fail(&err, usage);
	}
	if ((rc = cli_store_get(cli, true, &st, &err)) != HIM_OK)
		return cli_fail(&err, usage);
	auth_policy_default(&p);
	if ((rc = auth_api_token_create(st, &p, argv[optind], days, label, token, &err)) != HIM_OK)
		return cli_fail(&err, usage);
	if (json) {
		json_t *o = json_object();
		json_object_set_new(o, "name", json_string(argv[optind]));
		json_object_set_new(o, "token", json_string(token));
		json_object_set_new(o, "days", json_integer(days));
		rc = cli_json_print(o, &err);
	} else {
		printf("%s: %s\n", cli_pick(cli, "API token (shown once)", "jeton d'API (affiché une fois)",
					    "رمز الواجهة البرمجية (يظهر مرة واحدة)"), token);
	}
	memset(token, 0, sizeof(token));
	return rc == HIM_OK ? CLI_EXIT_OK : cli_fail(&err, usage);
}

static int list_text(const struct user *u, void *ctx)
{
	(void)ctx;
	printf("%-20s %-10s %-14s %s%s%s%s\n", u->name, user_role_name(u->role), u->court[0] ? u->court : "-",
	       u->body, u->body[0] ? " / " : "", u->unit, u->disabled ? "  [disabled]" : "");
	return 0;
}

static int list_json(const struct user *u, void *ctx)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(u->id));
	json_object_set_new(o, "name", json_string(u->name));
	json_object_set_new(o, "role", json_string(user_role_name(u->role)));
	json_object_set_new(o, "court", u->court[0] ? json_string(u->court) : json_null());
	json_object_set_new(o, "body", u->body[0] ? json_string(u->body) : json_null());
	json_object_set_new(o, "unit", u->unit[0] ? json_string(u->unit) : json_null());
	json_object_set_new(o, "lang", json_string(lang_name(u->lang)));
	json_object_set_new(o, "disabled", json_boolean(u->disabled));
	json_array_append_new(ctx, o);
	return 0;
}

static int user_list(struct cli *cli, int argc, char **argv)
{
	struct err err = ERR_INIT;
	struct store *st;
	bool json, help;
	json_t *users, *o;
	int rc;

	if (cli_json_only_options(argc, argv, "user list", &json, &help, &err) != HIM_OK)
		return cli_fail(&err, usage);
	if (help)
		return cli_help(usage);
	if ((rc = cli_store_get(cli, true, &st, &err)) != HIM_OK)
		return cli_fail(&err, usage);
	if (!json)
		return auth_user_each(st, list_text, NULL, &err) == HIM_OK ? CLI_EXIT_OK : cli_fail(&err, usage);
	users = json_array();
	if ((rc = auth_user_each(st, list_json, users, &err)) != HIM_OK) {
		json_decref(users);
		return cli_fail(&err, usage);
	}
	o = json_object();
	json_object_set_new(o, "count", json_integer((json_int_t)json_array_size(users)));
	json_object_set_new(o, "users", users);
	rc = cli_json_print(o, &err);
	return rc == HIM_OK ? CLI_EXIT_OK : cli_fail(&err, usage);
}

int cli_user_command(struct cli *cli, int argc, char **argv)
{
	struct err err = ERR_INIT;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return argc < 2 ? (err_set(&err, HIM_EUSAGE, "user: give a subcommand"), cli_fail(&err, usage))
				: cli_help(usage);
	if (strcmp(argv[1], "add") == 0)
		return user_add(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0)
		return user_list(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "token") == 0)
		return user_token(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "passwd") == 0 || strcmp(argv[1], "disable") == 0 || strcmp(argv[1], "enable") == 0 ||
	    strcmp(argv[1], "reset-totp") == 0)
		return user_change(cli, argc - 1, argv + 1);
	err_set(&err, HIM_EUSAGE, "user: unknown subcommand '%s'", argv[1]);
	return cli_fail(&err, usage);
}
