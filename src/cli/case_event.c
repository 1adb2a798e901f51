/*
 * case_event.c - `himaya case event ID TYPE`: record one dated event of a
 * case (investigation, information report, prosecution decision, a
 * judgment at each level) or a correction of an earlier one.
 *
 * The front end only checks that the options fit the kind of event; the
 * rules of procedure are the stage machine's, applied by the store inside
 * the transaction that appends the event. A refused event changes
 * nothing and exits 1 with the reason in English, and in the chosen
 * language when that is Arabic or French.
 */
#include "cli.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/banned.h"

static const char usage[] =
	"usage: himaya case event ID TYPE --date YYYY-MM-DD [options] [--note TEXT] [--json]\n"
	"  investigation | report\n"
	"  decision   --decision CODE [--reason CODE|TEXT] [--charges CODE,CODE] [--accused N]\n"
	"  judgment | appeal   --outcome CODE [--prison-months N --suspended-months N --fine MAD]\n"
	"  cassation  --outcome CODE\n"
	"  correction --supersedes EVENT_ID [--retract] [the options of the corrected event's type]\n"
	"             (a correction restates the whole event; --date defaults to the corrected one's)\n";

struct event_args {
	const char *date, *note, *decision, *reason, *charges, *accused, *outcome;
	const char *prison, *suspended, *fine, *supersedes;
	bool retract;
};

/* Refuse an option that does not belong to this kind of event. */
static int option_fits(const char *value, const char *option, bool allowed, const char *what,
		       struct err *err)
{
	if (value && !allowed)
		return err_set(err, HIM_EUSAGE, "%s does not apply to %s", option, what);
	return HIM_OK;
}

static int args_fit(const struct event_args *a, enum event_type type, bool correction, struct err *err)
{
	bool decision = type == EVENT_DECISION && !a->retract;
	bool ruling = (type == EVENT_JUDGMENT || type == EVENT_APPEAL || type == EVENT_CASSATION) && !a->retract;
	bool sentence = (type == EVENT_JUDGMENT || type == EVENT_APPEAL) && !a->retract;
	const char *what = a->retract ? "a retraction" : event_type_name(type);
	int rc = HIM_OK;

	if (rc == HIM_OK) rc = option_fits(a->decision, "--decision", decision, what, err);
	if (rc == HIM_OK) rc = option_fits(a->reason, "--reason", decision, what, err);
	if (rc == HIM_OK) rc = option_fits(a->charges, "--charges", decision, what, err);
	if (rc == HIM_OK) rc = option_fits(a->accused, "--accused", decision, what, err);
	if (rc == HIM_OK) rc = option_fits(a->outcome, "--outcome", ruling, what, err);
	if (rc == HIM_OK) rc = option_fits(a->prison, "--prison-months", sentence, what, err);
	if (rc == HIM_OK) rc = option_fits(a->suspended, "--suspended-months", sentence, what, err);
	if (rc == HIM_OK) rc = option_fits(a->fine, "--fine", sentence, what, err);
	if (rc == HIM_OK) rc = option_fits(a->supersedes, "--supersedes", correction, what, err);
	if (rc == HIM_OK && a->retract && !correction)
		rc = err_set(err, HIM_EUSAGE, "--retract applies only to a correction");
	if (rc != HIM_OK)
		return rc;
	if (decision && !a->decision)
		return err_set(err, HIM_EUSAGE, "a decision needs --decision CODE");
	if (ruling && !a->outcome)
		return err_set(err, HIM_EUSAGE, "a %s needs --outcome CODE", event_type_name(type));
	if (!correction && !a->date)
		return err_set(err, HIM_EUSAGE, "an event needs --date YYYY-MM-DD");
	return HIM_OK;
}

/* A decision or outcome code, canonical when the vocabulary knows it; an
 * unknown one is left for the stage machine to refuse with its reason. */
static int event_code(const struct vocab *v, enum vocab_kind kind, const char *option, const char *text,
		      char out[CODE_MAX], struct err *err)
{
	const struct vocab_entry *e;
	int rc;

	if ((rc = cli_parse_code(option, text, out, err)) != HIM_OK)
		return rc;
	if ((e = vocab_find(v, kind, out)))
		memcpy(out, e->code, CODE_MAX);
	return HIM_OK;
}

/*
 * --reason of a filing: a closing-reason code of the vocabulary is stored
 * as such (it feeds the statistics); any other text is the prosecutor's
 * own wording and goes into the note.
 */
static int reason_parse(const struct vocab *v, const char *text, struct case_event *ev, struct err *err)
{
	const struct vocab_entry *e = NULL;
	char code[CODE_MAX];
	size_t n = strlen(text);
	int rc;

	if ((rc = cli_check_text("--reason", text, false, err)) != HIM_OK)
		return rc;
	if (n > 0 && n < CODE_MAX) {
		for (size_t i = 0; i <= n; i++)
			code[i] = (char)tolower((unsigned char)text[i]);
		if (code_valid(code))
			e = vocab_find(v, VOCAB_CLOSING_REASON, code);
	}
	if (e) {
		memcpy(ev->reason, e->code, CODE_MAX);
	} else {
		if (n == 0)
			return err_set(err, HIM_EINPUT, "--reason: empty reason");
		ev->note = xstrdup(text);
	}
	return HIM_OK;
}

static int event_build(const struct event_args *a, const struct vocab *v, const struct case_event *target,
		       struct case_event *ev, struct err *err)
{
	int rc;

	if (a->date) {
		if ((rc = cli_parse_date("--date", a->date, &ev->date, err)) != HIM_OK)
			return rc;
	} else {
		ev->date = target->date;
	}
	if (target) {
		ev->supersedes = target->id;
		ev->retracts = a->retract;
	}
	if (a->decision) {
		const struct vocab_entry *d;
		if ((rc = event_code(v, VOCAB_DECISION, "--decision", a->decision, ev->code, err)) != HIM_OK)
			return rc;
		d = vocab_find(v, VOCAB_DECISION, ev->code);
		if (a->reason && d && d->klass != DECISION_FILED)
			return err_set(err, HIM_EINPUT, "--reason: only a filing has a reason ('%s' is not a filing)",
				       ev->code);
	}
	if (a->reason && (rc = reason_parse(v, a->reason, ev, err)) != HIM_OK)
		return rc;
	if (a->charges && (rc = cli_parse_vocab_list(v, VOCAB_SUBJECT, "--charges", a->charges, &ev->charges, err)) != HIM_OK)
		return rc;
	if (a->accused && (rc = cli_parse_int("--accused", a->accused, 0, 100000, &ev->accused, err)) != HIM_OK)
		return rc;
	if (a->outcome && (rc = event_code(v, VOCAB_OUTCOME, "--outcome", a->outcome, ev->code, err)) != HIM_OK)
		return rc;
	/* Up to a hundred years: beyond that a figure is a typing error. */
	if (a->prison && (rc = cli_parse_int("--prison-months", a->prison, 0, 1200, &ev->sentence.prison_months, err)) != HIM_OK)
		return rc;
	if (a->suspended && (rc = cli_parse_int("--suspended-months", a->suspended, 0, 1200, &ev->sentence.suspended_months, err)) != HIM_OK)
		return rc;
	if (a->fine && (rc = cli_parse_int64("--fine", a->fine, 0, INT64_C(1000000000000), &ev->sentence.fine_mad, err)) != HIM_OK)
		return rc;
	if (a->note) {
		if ((rc = cli_check_text("--note", a->note, true, err)) != HIM_OK)
			return rc;
		if (ev->note) {
			/* A free-text reason and a note: keep both, reason first. */
			struct strbuf sb = STRBUF_INIT;
			strbuf_addf(&sb, "%s\n%s", ev->note, a->note);
			free(ev->note);
			ev->note = strbuf_detach(&sb, NULL);
		} else {
			ev->note = xstrdup(a->note);
		}
	}
	return HIM_OK;
}

/* The refusal in English, then in the user's language if not English. */
static int refusal_report(const struct cli *cli, const struct err *err, enum stage_refusal why)
{
	int status = cli_fail(err, NULL);

	if (why != REFUSE_NONE && cli->lang != LANG_EN)
		fprintf(stderr, "himaya: %s\n", stage_refusal_text(why, cli->lang));
	return status;
}

static int event_print_json(struct store *st, int64_t case_id, int64_t event_id, struct err *err)
{
	struct scope scope = scope_national();
	struct case_record c;
	struct event_list events;
	json_t *o = NULL;
	int rc;

	case_record_init(&c);
	event_list_init(&events);
	rc = store_case_get(st, &scope, case_id, &c, err);
	if (rc == HIM_OK)
		rc = store_case_events(st, &scope, case_id, &events, err);
	for (size_t i = 0; rc == HIM_OK && i < events.n; i++)
		if (events.items[i].id == event_id)
			o = cli_event_json(store_vocab(st), &events.items[i], 0);
	if (rc == HIM_OK && !o)
		rc = err_set(err, HIM_EDB, "event %lld was recorded but cannot be read back", (long long)event_id);
	if (rc == HIM_OK) {
		json_object_set_new(o, "case_id", json_integer(case_id));
		json_object_set_new(o, "case", cli_case_json(st, &c, true));
		rc = cli_json_print(o, err);
	}
	event_list_release(&events);
	case_record_release(&c);
	return rc;
}

/* The event a correction supersedes, read from the case's history. */
static int target_find(struct store *st, int64_t case_id, const char *text, struct event_list *events,
		       const struct case_event **out, struct err *err)
{
	struct scope scope = scope_national();
	int64_t id;
	int rc;

	*out = NULL;
	if ((rc = cli_parse_int64("--supersedes", text, 1, INT64_MAX, &id, err)) != HIM_OK)
		return rc;
	if ((rc = store_case_events(st, &scope, case_id, events, err)) != HIM_OK)
		return rc;
	for (size_t i = 0; i < events->n; i++)
		if (events->items[i].id == id) {
			*out = &events->items[i];
			return HIM_OK;
		}
	return err_set(err, HIM_EINPUT, "--supersedes: case %lld has no event %lld", (long long)case_id, (long long)id);
}

int cli_case_event(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "date", required_argument, NULL, 'd' },
		{ "note", required_argument, NULL, 'n' },
		{ "decision", required_argument, NULL, 'D' },
		{ "reason", required_argument, NULL, 'r' },
		{ "charges", required_argument, NULL, 'c' },
		{ "accused", required_argument, NULL, 'a' },
		{ "outcome", required_argument, NULL, 'o' },
		{ "prison-months", required_argument, NULL, 'p' },
		{ "suspended-months", required_argument, NULL, 's' },
		{ "fine", required_argument, NULL, 'f' },
		{ "supersedes", required_argument, NULL, 'S' },
		{ "retract", no_argument, NULL, 'R' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct event_args a;
	struct scope scope = scope_national();
	struct err err = ERR_INIT;
	enum stage_refusal why = REFUSE_NONE;
	enum event_type type = EVENT_INVESTIGATION;
	const struct case_event *target = NULL;
	struct event_list history;
	struct case_event ev;
	struct store *st;
	bool json = false, correction;
	int64_t case_id;
	int ch, rc;

	memset(&a, 0, sizeof(a));
	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (ch) {
		case 'd': a.date = optarg; break;
		case 'n': a.note = optarg; break;
		case 'D': a.decision = optarg; break;
		case 'r': a.reason = optarg; break;
		case 'c': a.charges = optarg; break;
		case 'a': a.accused = optarg; break;
		case 'o': a.outcome = optarg; break;
		case 'p': a.prison = optarg; break;
		case 's': a.suspended = optarg; break;
		case 'f': a.fine = optarg; break;
		case 'S': a.supersedes = optarg; break;
		case 'R': a.retract = true; break;
		case 'j': json = true; break;
		case 'h': return cli_help(usage);
		default:
			cli_option_error(argv, ch, &err);
			return cli_fail(&err, usage);
		}
	}
	if (argc - optind != 2) {
		err_set(&err, HIM_EUSAGE, "case event takes a case id and an event type");
		return cli_fail(&err, usage);
	}
	correction = strcmp(argv[optind + 1], "correction") == 0;
	if (!correction && !event_type_parse(argv[optind + 1], &type)) {
		err_set(&err, HIM_EUSAGE, "unknown event type '%s' (investigation, report, decision, judgment,"
			" appeal, cassation, correction)", argv[optind + 1]);
		return cli_fail(&err, usage);
	}
	if (correction && !a.supersedes) {
		err_set(&err, HIM_EUSAGE, "a correction needs --supersedes EVENT_ID");
		return cli_fail(&err, usage);
	}
	/* Usage first: for a correction the type is known only from the store. */
	if (!correction && (rc = args_fit(&a, type, false, &err)) != HIM_OK)
		return cli_fail(&err, usage);
	if ((rc = cli_parse_int64("case id", argv[optind], 1, INT64_MAX, &case_id, &err)) != HIM_OK)
		return cli_fail(&err, usage);
	if ((rc = cli_store_get(cli, true, &st, &err)) != HIM_OK)
		return cli_fail(&err, usage);

	event_list_init(&history);
	case_event_init(&ev);
	if (correction) {
		rc = target_find(st, case_id, a.supersedes, &history, &target, &err);
		if (rc == HIM_OK) {
			type = target->type;
			rc = args_fit(&a, type, true, &err);
		}
	}
	if (rc == HIM_OK) {
		ev.type = type;
		rc = event_build(&a, store_vocab(st), target, &ev, &err);
	}
	if (rc == HIM_OK)
		rc = store_case_add_event(st, &scope, case_id, &ev, cli->today, &why, &err);
	if (rc == HIM_OK) {
		if (json)
			rc = event_print_json(st, case_id, ev.id, &err);
		else
			printf("%lld\n", (long long)ev.id);
	}
	case_event_release(&ev);
	event_list_release(&history);
	if (rc == HIM_OK)
		return CLI_EXIT_OK;
	if (why != REFUSE_NONE)
		return refusal_report(cli, &err, why);
	return cli_fail(&err, usage);
}
