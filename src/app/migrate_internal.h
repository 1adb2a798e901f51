/*
 * migrate_internal.h - what the files of the migration (migrate.c, the
 * order of the steps and the records; migrate_audit.c, the audit log)
 * share: the map from the source's ids to the destination's.
 */
#ifndef HIMAYA_APP_MIGRATE_INTERNAL_H
#define HIMAYA_APP_MIGRATE_INTERNAL_H

#include "migrate.h"

struct id_list {
	int64_t *id;
	size_t n, alloc;
};

/* Source id -> destination id, appended in increasing source order. */
struct id_map {
	struct id_list from, to;
};

/* The destination's id of source id from, 0 when it was not copied. */
int64_t migrate_id_map_get(const struct id_map *m, int64_t from);

/* List a record the destination refused (copies both strings). */
void migrate_refuse(struct migrate_report *r, const char *what, const char *why);

/* The source's identity (out->origin_id): its database id, drawn at random
 * the first time and kept in it. */
int migrate_audit_origin(struct store *from, struct migrate_report *out, struct err *err);

/* HIM_EUSAGE when the destination has the source's database id: the same
 * database, or a copy of it, whose history would be doubled. */
int migrate_audit_same_origin(struct store *to, const struct migrate_report *out, struct err *err);

/* Move the source's audit entries not moved yet, then record the move
 * (the last step: its record carries the counts of the others). */
int migrate_audit_move(struct store *from, struct store *to, const char *origin, const struct id_map *cases,
		       migrate_progress_fn progress, void *ctx, struct migrate_report *out, struct err *err);

#endif
