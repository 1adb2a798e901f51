/*
 * audit.c - `himaya audit verify` and `himaya audit list`: the
 * hash-chained audit log read from the command line (docs/security.md).
 *
 * verify walks the whole chain and exits 1 naming the first entry whose
 * hash or link is wrong; it also prints the last entry's hash, which an
 * administrator can write down (or send elsewhere) so that removing
 * entries from the end of the log is detectable too.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/banned.h"

static const char usage[] =
	"usage: himaya audit verify [--json]\n"
	"       himaya audit list [--user NAME] [--case ID] [--object OBJECT] [--since YYYY-MM-DD]\n"
	"                         [--after ID] [--limit N] [--json]\n";

struct tail {
	int64_t id;
	char hash[AUDIT_HASH_HEX];
};

static int keep_tail(const struct audit_entry *e, void *ctx)
{
	struct tail *t = ctx;

	t->id = e->id;
	memcpy(t->hash, e->hash, AUDIT_HASH_HEX);
	return 0;
}

static int audit_verify(struct cli *cli, int argc, char **argv)
{
	struct audit_filter last = { NULL, NULL, NULL, 0, 0, true, 1 };
	struct tail tail = { 0, "" };
	struct err err = ERR_INIT;
	int64_t bad = 0, checked = 0;
	struct store *st;
	bool json, help;
	int rc;

	if (cli_json_only_options(argc, argv, "audit verify", &json, &help, &err) != HIM_OK)
		return cli_fail(&err, usage);
	if (help)
		return cli_help(usage);
	if ((rc = cli_store_get(cli, true, &st, &err)) != HIM_OK)
		return cli_fail(&err, usage);
	if ((rc = store_audit_verify(st, &bad, &checked, &err)) != HIM_OK)
		return cli_fail(&err, usage);
	if (!bad && (rc = store_audit_list(st, &last, keep_tail, &tail, &err)) != HIM_OK)
		return cli_fail(&err, usage);
	if (json) {
		json_t *o = json_object();
		json_object_set_new(o, "ok", json_boolean(bad == 0));
		json_object_set_new(o, "checked", json_integer(checked));
		json_object_set_new(o, "first_broken", bad ? json_integer(bad) : json_null());
		json_object_set_new(o, "last_id", bad ? json_null() : json_integer(tail.id));
		json_object_set_new(o, "last_hash", bad || !tail.id ? json_null() : json_string(tail.hash));
		if ((rc = cli_json_print(o, &err)) != HIM_OK)
			return cli_fail(&err, usage);
	} else if (!bad) {
		printf("%s: %lld %s", cli_pick(cli, "audit log intact", "journal d'audit intact", "سجل التدقيق سليم"),
		       (long long)checked, cli_pick(cli, "entries", "entrées", "قيد"));
		if (tail.id)
			printf(", %s %lld: %s", cli_pick(cli, "last", "dernière", "الأخير"), (long long)tail.id, tail.hash);
		putchar('\n');
	}
	if (bad) {
		fprintf(stderr, "himaya: audit entry %lld is broken (changed, removed or inserted): "
				"the chain is intact up to entry %lld\n", (long long)bad, (long long)(bad - 1));
		return CLI_EXIT_REFUSED;
	}
	return CLI_EXIT_OK;
}

struct list_ctx {
	bool json;
	json_t *entries;
	int64_t last_id;
};

static int list_one(const struct audit_entry *e, void *ctx)
{
	struct list_ctx *l = ctx;

	l->last_id = e->id;
	if (l->json) {
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(e->id));
		json_object_set_new(o, "at", json_string(e->at));
		json_object_set_new(o, "actor", json_string(e->actor));
		json_object_set_new(o, "action", json_string(e->action));
		json_object_set_new(o, "object", json_string(e->object));
		json_object_set_new(o, "detail", json_string(e->detail));
		json_object_set_new(o, "prev_hash", json_string(e->prev_hash));
		json_object_set_new(o, "hash", json_string(e->hash));
		json_array_append_new(l->entries, o);
	} else {
		printf("%lld\t%s\t%s\t%s\t%s\t%s\n", (long long)e->id, e->at, e->actor, e->action, e->object, e->detail);
	}
	return 0;
}

static int audit_list(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "user", required_argument, NULL, 'u' },
		{ "case", required_argument, NULL, 'c' },
		{ "object", required_argument, NULL, 'o' },
		{ "since", required_argument, NULL, 's' },
		{ "after", required_argument, NULL, 'a' },
		{ "limit", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct audit_filter f;
	struct list_ctx l = { false, NULL, 0 };
	struct strbuf object = STRBUF_INIT;
	struct err err = ERR_INIT;
	char since[DATE_ISO_LEN];
	struct store *st;
	int64_t num;
	date_t day;
	int c, rc;

	memset(&f, 0, sizeof(f));
	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (c) {
		case 'u':
			if (cli_check_text("--user", optarg, false, &err) != HIM_OK)
				goto fail;
			f.actor = optarg;
			break;
		case 'c':
			if (cli_parse_int64("--case", optarg, 1, INT64_MAX, &num, &err) != HIM_OK)
				goto fail;
			strbuf_reset(&object);
			strbuf_addf(&object, "case:%lld", (long long)num);
			f.object = object.buf;
			break;
		case 'o':
			if (cli_check_text("--object", optarg, false, &err) != HIM_OK)
				goto fail;
			f.object = optarg;
			break;
		case 's':
			if (cli_parse_date("--since", optarg, &day, &err) != HIM_OK)
				goto fail;
			date_format(day, since);
			f.since = since;
			break;
		case 'a':
			if (cli_parse_int64("--after", optarg, 0, INT64_MAX, &f.after_id, &err) != HIM_OK)
				goto fail;
			break;
		case 'n':
			if (cli_parse_int("--limit", optarg, 1, 1000000, &f.limit, &err) != HIM_OK)
				goto fail;
			break;
		case 'j': l.json = true; break;
		case 'h':
			strbuf_release(&object);
			return cli_help(usage);
		default:
			cli_option_error(argv, c, &err);
			goto fail;
		}
	}
	if (optind != argc) {
		err_set(&err, HIM_EUSAGE, "audit list takes no argument ('%s')", argv[optind]);
		goto fail;
	}
	if ((rc = cli_store_get(cli, true, &st, &err)) != HIM_OK)
		goto fail;
	if (l.json)
		l.entries = json_array();
	if ((rc = store_audit_list(st, &f, list_one, &l, &err)) != HIM_OK) {
		json_decref(l.entries);
		goto fail;
	}
	if (l.json) {
		json_t *o = json_object();
		json_object_set_new(o, "count", json_integer((json_int_t)json_array_size(l.entries)));
		json_object_set_new(o, "entries", l.entries);
		/* Keyset paging: pass this as --after for the next page. */
		json_object_set_new(o, "last_id", l.last_id ? json_integer(l.last_id) : json_null());
		if (cli_json_print(o, &err) != HIM_OK)
			goto fail;
	}
	strbuf_release(&object);
	return CLI_EXIT_OK;
fail:
	strbuf_release(&object);
	return cli_fail(&err, usage);
}

int cli_audit_command(struct cli *cli, int argc, char **argv)
{
	struct err err = ERR_INIT;

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
		return cli_help(usage);
	if (argc >= 2 && strcmp(argv[1], "verify") == 0)
		return audit_verify(cli, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return audit_list(cli, argc - 1, argv + 1);
	err_set(&err, HIM_EUSAGE, argc < 2 ? "audit: give a subcommand (verify, list)" : "audit: unknown subcommand '%s'",
		argc < 2 ? "" : argv[1]);
	return cli_fail(&err, usage);
}
