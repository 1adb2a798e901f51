/*
 * migrate.h - moving a court's database into another one (the national
 * PostgreSQL database, usually): users, cases with their events, referrals
 * and the cases they led to, difficulties, and the audit log.
 *
 * It goes through store.h on both ends, so any pair of backends works.
 * Every step is idempotent, so the same migration run again copies
 * nothing, and one cut short (a kill, a power cut) run again finishes
 * without copying anything twice:
 *   - users by name: a user present on both with a different password or
 *     second factor keeps the destination's, and is reported as refused;
 *   - cases by (court, file number), one transaction per case with its
 *     events (store_case_copy: events recognised by content and recording
 *     stamp, corrections pointed at the new ids);
 *   - referrals by (platform, report id), through the import's upsert, in
 *     batches; each one's case link after its batch;
 *   - difficulties by (court, title, text, creation time);
 *   - the audit log: the source chain is verified first (a broken chain
 *     stops everything before anything is written); its entries not moved
 *     yet are appended to the destination's chain (store_audit_move), in
 *     batches each closed by an entry whose object is "migration:<the
 *     source's database id>" (random, drawn once and kept in the source)
 *     and whose detail ends "up to #N": that is how a later run knows where
 *     to resume. A destination with the source's id (the source itself, or
 *     a copy of it) is refused. The last batch is closed by
 *     the entry recording the move and its counts.
 */
#ifndef HIMAYA_APP_MIGRATE_H
#define HIMAYA_APP_MIGRATE_H

#include <stddef.h>
#include <stdint.h>

#include "../lib/err.h"
#include "../store/store.h"

struct migrate_count {
	int64_t copied, present;
};

/* A record the destination refused, and why (both owned). */
struct migrate_refusal {
	char *what; /* "case tpi-sale 2022/12 (#4)", "user salma", "referral ncmec:123" ... */
	char *why;
};

struct migrate_report {
	struct migrate_count users, cases, events, referrals, links, difficulties, audit;
	int64_t audit_up_to;       /* the last source audit entry moved, by any run */
	char origin_id[AUDIT_HASH_HEX]; /* the source's database id (hex), kept in it */
	struct migrate_refusal *refused;
	size_t nrefused, alloc;
};

void migrate_report_init(struct migrate_report *r);
void migrate_report_release(struct migrate_report *r);

enum migrate_phase {
	MIGRATE_USERS,
	MIGRATE_CASES,
	MIGRATE_REFERRALS,
	MIGRATE_DIFFICULTIES,
	MIGRATE_AUDIT,
};
const char *migrate_phase_name(enum migrate_phase phase);

/* Called after each commit with the number of records of that phase done. */
typedef void (*migrate_progress_fn)(enum migrate_phase phase, int64_t done, void *ctx);

/*
 * Copy everything of from into to. origin names the source in the audit
 * log ("sqlite:/srv/himaya/tpi-sale.db"). Records the destination refuses
 * are listed in out->refused and the rest goes on (HIM_OK); an error of
 * either database, or a broken source audit chain (HIM_EINPUT, nothing
 * written), stops it. progress may be NULL.
 */
int migrate_run(struct store *from, const char *origin, struct store *to, migrate_progress_fn progress,
		void *ctx, struct migrate_report *out, struct err *err);

#endif
