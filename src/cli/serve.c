/*
 * serve.c - `himaya serve`: the web application (src/web/).
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../web/web.h"
#include "../lib/banned.h"

static const char usage[] =
	"usage: himaya serve [--listen HOST:PORT] [--tls-cert FILE --tls-key FILE]\n"
	"                    [--stalled-days N] [--geoip FILE] [--quiet]\n"
	"  --listen      address and port (default 127.0.0.1:8080)\n"
	"  --tls-cert, --tls-key   PEM files: serve HTTPS (cookies are then Secure)\n"
	"  --stalled-days          dashboard: cases with no event for N days (default 90)\n"
	"  --geoip FILE  a MaxMind DB (or HIMAYA_GEOIP): the triage page routes a subject whose\n"
	"                referrals name no place by its IP addresses (as 'himaya triage --geoip')\n"
	"  --quiet       no access log on stderr\n"
	"The triage page reads DATA/locations.tsv and DATA/retention.tsv (--data-dir) once, at start.\n"
	"Stops on SIGTERM or SIGINT after the requests in flight are answered.\n";

int cli_serve_command(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "tls-cert", required_argument, NULL, 'c' },
		{ "tls-key", required_argument, NULL, 'k' },
		{ "stalled-days", required_argument, NULL, 's' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "geoip", required_argument, NULL, 'g' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct web_options o;
	struct err err = ERR_INIT;
	char host[64];
	int ch, rc;

	web_options_init(&o);
	o.db_url = cli->db_url;
	o.today = getenv("HIMAYA_TODAY") ? cli->today : DATE_NONE;
	o.data_dir = cli->data_dir;
	o.geoip_path = getenv("HIMAYA_GEOIP") && getenv("HIMAYA_GEOIP")[0] ? getenv("HIMAYA_GEOIP") : NULL;
	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		rc = HIM_OK;
		switch (ch) {
		case 'l': rc = web_listen_parse(optarg, host, sizeof(host), &o, &err); break;
		case 'c': o.tls_cert = optarg; break;
		case 'k': o.tls_key = optarg; break;
		case 's': rc = cli_parse_int("--stalled-days", optarg, 1, 100000, &o.stalled_days, &err); break;
		case 'q': o.quiet = true; break;
		case 'g':
			if (!optarg[0])
				rc = err_set(&err, HIM_EUSAGE, "--geoip: which MaxMind DB file?");
			o.geoip_path = optarg;
			break;
		case 'h': return cli_help(usage);
		default:
			cli_option_error(argv, ch, &err);
			return cli_fail(&err, usage);
		}
		if (rc != HIM_OK)
			return cli_fail(&err, usage);
	}
	if (optind < argc) {
		err_set(&err, HIM_EUSAGE, "serve takes no argument ('%s')", argv[optind]);
		return cli_fail(&err, usage);
	}
	if (o.db_url && strncmp(o.db_url, "sqlite:", 7) == 0)
		o.db_url += 7;
	rc = web_serve(&o, &err);
	return rc == HIM_OK ? CLI_EXIT_OK : cli_fail(&err, usage);
}
