/*
 * court.c - `himaya court list`: the judicial map in force on a date, as
 * the database holds it, district by district (each Court of Appeal,
 * then the First Instance Courts under it). The date matters: decrees
 * redraw the map (2017, 2023), and a year's statistics use that year's.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

#include "../core/court.h"
#include "../lib/banned.h"

static const char usage[] =
	"usage: himaya court list [--on YYYY-MM-DD] [--district CA_CODE] [--json]\n";

static json_t *term_json(const struct court_term *t)
{
	json_t *o = json_object();

	json_object_set_new(o, "code", json_string(t->code));
	json_object_set_new(o, "kind", json_string(court_kind_name(t->kind)));
	json_object_set_new(o, "appeal_court", t->appeal_court[0] ? json_string(t->appeal_court) : json_null());
	json_object_set_new(o, "name_ar", json_string(t->name_ar));
	json_object_set_new(o, "name_fr", json_string(t->name_fr));
	json_object_set_new(o, "valid_from", cli_json_date(t->valid_from));
	json_object_set_new(o, "valid_to", cli_json_date(t->valid_to));
	return o;
}

static int court_list(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "on", required_argument, NULL, 'o' },
		{ "district", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct err err = ERR_INIT;
	const struct court_map *map;
	const char *on_text = NULL, *district_text = NULL;
	char district[CODE_MAX] = "", day[DATE_ISO_LEN];
	struct store *st;
	bool json = false;
	date_t on;
	int c, rc, appeals = 0, firsts = 0;
	json_t *root = NULL, *courts = NULL;

	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'o': on_text = optarg; break;
		case 'd': district_text = optarg; break;
		case 'h': return cli_help(usage);
		default:
			cli_option_error(argv, c, &err);
			return cli_fail(&err, usage);
		}
	}
	if (optind < argc) {
		err_set(&err, HIM_EUSAGE, "court list takes no argument ('%s')", argv[optind]);
		return cli_fail(&err, usage);
	}
	on = cli->today;
	if (on_text && (rc = cli_parse_date("--on", on_text, &on, &err)) != HIM_OK)
		return cli_fail(&err, usage);
	if (district_text && (rc = cli_parse_code("--district", district_text, district, &err)) != HIM_OK)
		return cli_fail(&err, usage);
	if ((rc = cli_store_get(cli, true, &st, &err)) != HIM_OK)
		return cli_fail(&err, usage);
	map = store_court_map(st);
	date_format(on, day);
	if (district[0]) {
		const struct court_term *t = court_map_on(map, district, on);
		if (!t || t->kind != COURT_APPEAL) {
			err_set(&err, HIM_EINPUT, "--district: '%s' is not a Court of Appeal on %s", district, day);
			return cli_fail(&err, usage);
		}
	}

	if (json) {
		root = json_object();
		courts = json_array();
		json_object_set_new(root, "on", json_string(day));
		json_object_set(root, "courts", courts);
		json_decref(courts);
	}
	for (size_t i = 0; i < map->n; i++) {
		const struct court_term *ca = &map->terms[i];

		if (ca->kind != COURT_APPEAL || !court_term_valid_on(ca, on))
			continue;
		if (district[0] && strcmp(ca->code, district) != 0)
			continue;
		appeals++;
		if (json)
			json_array_append_new(courts, term_json(ca));
		else
			printf("%s  %s\n", ca->code, court_term_name(ca, cli->lang));
		for (size_t j = 0; j < map->n; j++) {
			const struct court_term *t = &map->terms[j];

			if (t->kind != COURT_FIRST || !court_term_valid_on(t, on) ||
			    strcmp(t->appeal_court, ca->code) != 0)
				continue;
			firsts++;
			if (json)
				json_array_append_new(courts, term_json(t));
			else
				printf("    %s  %s\n", t->code, court_term_name(t, cli->lang));
		}
	}
	if (json) {
		json_object_set_new(root, "appeal_courts", json_integer(appeals));
		json_object_set_new(root, "first_instance_courts", json_integer(firsts));
		if ((rc = cli_json_print(root, &err)) != HIM_OK)
			return cli_fail(&err, NULL);
		return CLI_EXIT_OK;
	}
	putchar('\n');
	printf(cli_pick(cli, "%d Courts of Appeal, %d First Instance Courts on %s\n",
			"%d cours d'appel, %d tribunaux de première instance au %s\n",
			"%d محكمة استئناف، %d محكمة ابتدائية بتاريخ %s\n"),
	       appeals, firsts, day);
	return CLI_EXIT_OK;
}

int cli_court_command(struct cli *cli, int argc, char **argv)
{
	struct err err = ERR_INIT;

	if (argc < 2) {
		err_set(&err, HIM_EUSAGE, "court: which subcommand? (list)");
		return cli_fail(&err, usage);
	}
	if (strcmp(argv[1], "list") == 0)
		return court_list(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return cli_help(usage);
	err_set(&err, HIM_EUSAGE, "court: unknown subcommand '%s'", argv[1]);
	return cli_fail(&err, usage);
}
