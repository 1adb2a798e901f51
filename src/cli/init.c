/*
 * init.c - `himaya init`: create or migrate the database and load the
 * reference data (the judicial map and the vocabulary) from the data
 * directory's files.
 *
 * Reading the files is the front end's job; parsing and validating them
 * is core's (court_map_parse, vocab_parse) and writing them the store's
 * (store_reference_sync, which never drops a court or code in use). So
 * running init again after editing a file is how a deployment updates
 * its reference data, and running it twice changes nothing.
 */
#include "cli.h"

#include <stdio.h>

#include "../core/court.h"
#include "../lib/strbuf.h"
#include "../lib/banned.h"

static const char usage[] =
	"usage: himaya init [--json]\n";

/* Read and parse both reference files of the data directory. */
static int reference_load(const char *dir, struct court_map *map, struct vocab *v, struct err *err)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	int rc;

	strbuf_addf(&path, "%s/courts.tsv", dir);
	rc = cli_file_read(path.buf, &text, err);
	if (rc == HIM_OK)
		rc = court_map_parse(map, text.buf, text.len, path.buf, err);
	if (rc == HIM_OK) {
		strbuf_reset(&path);
		strbuf_reset(&text);
		strbuf_addf(&path, "%s/vocabulary.tsv", dir);
		rc = cli_file_read(path.buf, &text, err);
	}
	if (rc == HIM_OK)
		rc = vocab_parse(v, text.buf, text.len, path.buf, err);
	strbuf_release(&path);
	strbuf_release(&text);
	return rc;
}

int cli_init_command(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct reference_sync_report report;
	struct err err = ERR_INIT;
	struct court_map map;
	struct vocab v;
	struct store *st;
	bool json = false;
	int c, rc;

	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'h': return cli_help(usage);
		default:
			cli_option_error(argv, c, &err);
			return cli_fail(&err, usage);
		}
	}
	if (optind < argc) {
		err_set(&err, HIM_EUSAGE, "init takes no argument ('%s')", argv[optind]);
		return cli_fail(&err, usage);
	}

	court_map_init(&map);
	vocab_init(&v);
	rc = reference_load(cli->data_dir, &map, &v, &err);
	if (rc == HIM_OK)
		rc = cli_store_get(cli, false, &st, &err);
	if (rc == HIM_OK)
		rc = store_reference_sync(st, &map, &v, &report, &err);
	court_map_release(&map);
	vocab_release(&v);
	if (rc != HIM_OK)
		return cli_fail(&err, usage);

	if (json) {
		json_t *o = json_pack("{s:s, s:s, s:i, s:s, s:i, s:i, s:i, s:i, s:i, s:i}",
				      "database", cli->db_url,
				      "backend", store_backend_name(st),
				      "schema_version", store_schema_version(st),
				      "data_dir", cli->data_dir,
				      "courts_added", report.courts_added,
				      "courts_updated", report.courts_updated,
				      "court_terms", report.court_terms,
				      "vocab_added", report.vocab_added,
				      "vocab_updated", report.vocab_updated,
				      "vocab_kept", report.vocab_kept);
		/* json_pack refuses strings that are not UTF-8 (a path may not be). */
		if (!o) {
			err_set(&err, HIM_EIO, "the database or data directory name is not UTF-8");
			return cli_fail(&err, NULL);
		}
		if ((rc = cli_json_print(o, &err)) != HIM_OK)
			return cli_fail(&err, NULL);
		return CLI_EXIT_OK;
	}
	printf("database %s (%s, schema version %d)\n", cli->db_url, store_backend_name(st),
	       store_schema_version(st));
	printf("courts: %d added, %d updated, %d terms in the judicial map\n", report.courts_added,
	       report.courts_updated, report.court_terms);
	printf("vocabulary: %d added, %d updated", report.vocab_added, report.vocab_updated);
	if (report.vocab_kept)
		printf(", %d kept (no longer in the file but used by cases)", report.vocab_kept);
	printf("\n");
	return CLI_EXIT_OK;
}
