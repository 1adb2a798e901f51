/*
 * cli.c - the shared machinery of the command-line front end: the store
 * opened lazily, exit statuses, strict option parsing, reading a file
 * whole and JSON output.
 *
 * Parsing is strict on purpose: a prosecutor's typo ("12abc" months, a
 * 31st of February) must be refused with the option named, never read as
 * something else and stored.
 */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/strbuf.h"
#include "../lib/utf8.h"
#include "../lib/banned.h"

void cli_init(struct cli *cli)
{
	memset(cli, 0, sizeof(*cli));
	cli->lang = LANG_AR;
	cli->today = DATE_NONE;
}

void cli_release(struct cli *cli)
{
	store_close(cli->store);
	cli->store = NULL;
}

/* The file an embedded-database URL names, or NULL for a server URL. */
static const char *url_file(const char *url)
{
	if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0)
		return NULL;
	if (strncmp(url, "sqlite:", 7) == 0)
		return url + 7;
	return url;
}

int cli_store_get(struct cli *cli, bool need_reference, struct store **out, struct err *err)
{
	const char *file = url_file(cli->db_url);
	const char *actor;
	int rc;

	*out = NULL;
	if (!cli->store) {
		/* Opening creates the database: only 'init' may do that, so a
		 * mistyped --db is not silently an empty new database. */
		if (need_reference && file && access(file, F_OK) != 0)
			return err_set(err, HIM_EUSAGE, "database '%s' does not exist: run 'himaya --db %s init' first",
				       cli->db_url, cli->db_url);
		actor = getenv("HIMAYA_ACTOR");
		if (actor && *actor && (strlen(actor) > 64 || !utf8_text_ok(actor, false)))
			return err_set(err, HIM_EUSAGE, "HIMAYA_ACTOR: not a name (text of at most 64 bytes)");
		if ((rc = store_open(&cli->store, cli->db_url, err)) != HIM_OK)
			return err_prefix(err, "database '%s'", cli->db_url);
		/* Writes are attributed to HIMAYA_ACTOR (a person's name, for the
		 * audit log) or to "cli"; a claim, not a login: whoever can open
		 * the database file is trusted with it (docs/security.md). */
		store_set_actor(cli->store, actor && *actor ? actor : "cli");
	}
	if (need_reference && !store_has_reference(cli->store))
		return err_set(err, HIM_EUSAGE, "database '%s' has no reference data: run 'himaya --db %s init' first",
			       cli->db_url, cli->db_url);
	*out = cli->store;
	return HIM_OK;
}

int cli_exit_status(int code)
{
	switch (code) {
	case HIM_OK:
		return CLI_EXIT_OK;
	case HIM_EINPUT:
	case HIM_ENOTFOUND:
	case HIM_ECONFLICT:
	case HIM_EFORBIDDEN:
		return CLI_EXIT_REFUSED;
	default:
		return CLI_EXIT_FATAL;
	}
}

int cli_fail(const struct err *err, const char *usage)
{
	fprintf(stderr, "himaya: %s\n", err->msg[0] ? err->msg : err_code_name(err->code));
	if (err->code == HIM_EUSAGE && usage)
		fprintf(stderr, "%s(try 'himaya --help')\n", usage);
	return cli_exit_status(err->code ? err->code : HIM_EUSAGE);
}

int cli_help(const char *usage)
{
	fputs(usage, stdout);
	return CLI_EXIT_OK;
}

const char *cli_pick(const struct cli *cli, const char *en, const char *fr, const char *ar)
{
	switch (cli->lang) {
	case LANG_AR: return ar;
	case LANG_FR: return fr;
	case LANG_EN: return en;
	}
	return en;
}

void cli_getopt_reset(void)
{
	/* 0, not 1: glibc then also forgets its permutation state. */
	optind = 0;
	opterr = 0;
}

int cli_option_error(char **argv, int c, struct err *err)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "?";

	if (c == ':')
		return err_set(err, HIM_EUSAGE, "option '%s' needs a value", arg);
	if (optopt && optopt != '?')
		return err_set(err, HIM_EUSAGE, "unknown option '-%c'", optopt);
	return err_set(err, HIM_EUSAGE, "unknown option '%s'", arg);
}

int cli_json_only_options(int argc, char **argv, const char *name, bool *json, bool *help,
			  struct err *err)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*json = false;
	*help = false;
	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		if (c == 'j') {
			*json = true;
		} else if (c == 'h') {
			*help = true;
			return HIM_OK;
		} else {
			return cli_option_error(argv, c, err);
		}
	}
	if (optind != argc)
		return err_set(err, HIM_EUSAGE, "%s takes no argument", name);
	return HIM_OK;
}

int cli_file_read(const char *path, struct strbuf *out, struct err *err)
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

int cli_parse_int64(const char *option, const char *text, int64_t min, int64_t max,
		    int64_t *out, struct err *err)
{
	char *end;
	long long v;

	/* strtoll alone accepts " 12", "+12" and "12abc" (as 12). */
	if (!text || !*text || !(isdigit((unsigned char)text[0]) || text[0] == '-'))
		goto bad;
	errno = 0;
	v = strtoll(text, &end, 10);
	if (errno == ERANGE || *end != '\0' || end == text)
		goto bad;
	if (v < min || v > max)
		return err_set(err, HIM_EINPUT, "%s: %s is out of range (%lld to %lld)", option, text,
			       (long long)min, (long long)max);
	*out = v;
	return HIM_OK;
bad:
	return err_set(err, HIM_EINPUT, "%s: '%s' is not a whole number", option,
		       text && utf8_text_ok(text, false) ? text : "?");
}

int cli_parse_int(const char *option, const char *text, int min, int max, int *out,
		  struct err *err)
{
	int64_t v;
	int rc = cli_parse_int64(option, text, min, max, &v, err);

	if (rc == HIM_OK)
		*out = (int)v;
	return rc;
}

int cli_parse_date(const char *option, const char *text, date_t *out, struct err *err)
{
	if (!text || !utf8_text_ok(text, false) || !date_parse(text, out))
		return err_set(err, HIM_EINPUT, "%s: '%s' is not a date (YYYY-MM-DD)", option,
			       text && utf8_text_ok(text, false) ? text : "?");
	return HIM_OK;
}

int cli_check_text(const char *option, const char *text, bool multiline, struct err *err)
{
	if (!utf8_text_ok(text, multiline))
		return err_set(err, HIM_EINPUT, "%s: the text is not valid UTF-8 or has control characters",
			       option);
	return HIM_OK;
}

int cli_parse_code(const char *option, const char *text, char out[CODE_MAX], struct err *err)
{
	size_t n = strlen(text);

	if (!utf8_text_ok(text, false))
		return err_set(err, HIM_EINPUT, "%s: the value is not valid UTF-8 text", option);
	if (n == 0 || n >= CODE_MAX)
		goto bad;
	for (size_t i = 0; i <= n; i++)
		out[i] = (char)tolower((unsigned char)text[i]);
	if (!code_valid(out))
		goto bad;
	return HIM_OK;
bad:
	out[0] = '\0';
	return err_set(err, HIM_EINPUT, "%s: '%s' is not a code (letters, digits, '-' and '_')", option, text);
}

int cli_scope_option(struct cli_scope_option *o, int letter, const char *arg, struct err *err)
{
	char code[CODE_MAX];
	int rc = HIM_OK;

	o->given++;
	if (letter == 'n') {
		o->scope = scope_national();
	} else if (letter == 'c' || letter == 'd') {
		rc = cli_parse_code(letter == 'c' ? "--court" : "--district", arg, code, err);
		o->scope = letter == 'c' ? scope_court(code) : scope_district(code);
	} else {
		rc = err_set(err, HIM_EUSAGE, "not a scope option");
	}
	return rc;
}

int cli_scope_option_check(const struct cli_scope_option *o, struct err *err)
{
	if (o->given != 1)
		return err_set(err, HIM_EUSAGE, "give exactly one of --court, --district, --national");
	return HIM_OK;
}

int cli_period_check(int year, date_t from, date_t to, struct err *err)
{
	if (year && (from != DATE_NONE || to != DATE_NONE))
		return err_set(err, HIM_EUSAGE, "give --year or --from/--to, not both");
	if (from != DATE_NONE && to != DATE_NONE && from > to)
		return err_set(err, HIM_EUSAGE, "--from is after --to");
	return HIM_OK;
}

void cli_report_options_init(struct cli_report_options *o)
{
	memset(o, 0, sizeof(*o));
	o->scope.scope = scope_national();
	o->from = DATE_NONE;
	o->to = DATE_NONE;
}

int cli_report_option(struct cli_report_options *o, int letter, const char *arg, struct err *err)
{
	switch (letter) {
	case 'c':
	case 'd':
	case 'n':
		return cli_scope_option(&o->scope, letter, arg, err);
	case 'y':
		return cli_parse_int("--year", arg, 1900, 2999, &o->year, err);
	case 'f':
		return cli_parse_date("--from", arg, &o->from, err);
	case 't':
		return cli_parse_date("--to", arg, &o->to, err);
	case 'p':
		return cli_parse_code("--platform", arg, o->platform, err);
	}
	return err_set(err, HIM_EUSAGE, "not a report option");
}

/* "a, b, c": the codes of kind, for messages that say what is accepted. */
static void vocab_codes(const struct vocab *v, enum vocab_kind kind, struct strbuf *out)
{
	for (size_t i = 0; i < v->n; i++) {
		const struct vocab_entry *e = &v->entries[i];
		if (e->kind != kind || (kind == VOCAB_OUTCOME && e->pending))
			continue;
		strbuf_addf(out, "%s%s", out->len ? ", " : "", e->code);
	}
}

int cli_parse_vocab_list(const struct vocab *v, enum vocab_kind kind, const char *option,
			 const char *text, struct code_list *out, struct err *err)
{
	struct strbuf lower = STRBUF_INIT;
	struct code_list raw;
	int rc = HIM_OK;

	memset(out, 0, sizeof(*out));
	if (!utf8_text_ok(text, false))
		return err_set(err, HIM_EINPUT, "%s: the value is not valid UTF-8 text", option);
	for (const char *p = text; *p; p++)
		strbuf_addch(&lower, (char)tolower((unsigned char)*p));
	if (!code_list_parse(&raw, lower.buf)) {
		rc = err_set(err, HIM_EINPUT, "%s: '%s' is not a comma-separated list of codes", option, text);
		goto out;
	}
	for (size_t i = 0; i < raw.n; i++) {
		const struct vocab_entry *e = vocab_find(v, kind, raw.code[i]);
		if (!e) {
			struct strbuf known = STRBUF_INIT;
			vocab_codes(v, kind, &known);
			rc = err_set(err, HIM_EINPUT, "%s: unknown %s '%s' (known: %s)", option,
				     vocab_kind_name(kind), raw.code[i], known.buf);
			strbuf_release(&known);
			goto out;
		}
		code_list_add(out, e->code);
	}
out:
	strbuf_release(&lower);
	return rc;
}

int cli_json_print(json_t *obj, struct err *err)
{
	int rc = HIM_OK;

	if (!obj)
		return err_set(err, HIM_ENOMEM, "out of memory building JSON");
	if (json_dumpf(obj, stdout, JSON_INDENT(2)) != 0 || fputc('\n', stdout) == EOF)
		rc = err_set(err, HIM_EIO, "cannot write the JSON output");
	json_decref(obj);
	return rc;
}

json_t *cli_json_date(date_t day)
{
	char buf[DATE_ISO_LEN];

	if (day == DATE_NONE)
		return json_null();
	date_format(day, buf);
	return json_string(buf);
}

json_t *cli_json_text(const char *s)
{
	return s ? json_string(s) : json_null();
}

void cli_json_add_code(json_t *obj, const char *prefix, const struct vocab *v,
		       enum vocab_kind kind, const char *code)
{
	const struct vocab_entry *e = code && *code ? vocab_find(v, kind, code) : NULL;
	struct strbuf key = STRBUF_INIT;
	const char *base = *prefix ? prefix : "code";

	json_object_set_new(obj, base, code && *code ? json_string(code) : json_null());
	strbuf_addf(&key, "%s%slabel_ar", prefix, *prefix ? "_" : "");
	json_object_set_new(obj, key.buf, e ? json_string(e->label_ar) : json_null());
	strbuf_reset(&key);
	strbuf_addf(&key, "%s%slabel_fr", prefix, *prefix ? "_" : "");
	json_object_set_new(obj, key.buf, e ? json_string(e->label_fr) : json_null());
	strbuf_release(&key);
}

json_t *cli_json_code(const struct vocab *v, enum vocab_kind kind, const char *code)
{
	json_t *o;

	if (!code || !*code)
		return json_null();
	o = json_object();
	cli_json_add_code(o, "", v, kind, code);
	return o;
}

json_t *cli_json_code_list(const struct vocab *v, enum vocab_kind kind, const struct code_list *l)
{
	json_t *a = json_array();

	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, cli_json_code(v, kind, l->code[i]));
	return a;
}
