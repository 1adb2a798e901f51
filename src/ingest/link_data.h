/*
 * link_data.h - the data files linking, routing and triage read
 * (docs/linking.md): data/cgnat.tsv (address ranges shared by many
 * subscribers), data/locations.tsv (place -> First Instance Court) and
 * data/retention.tsv (ISP -> months its connection logs are kept) and
 * data/link-exclude.tsv (values that never link).
 * A bad line is refused as FILE:LINE: reason.
 */
#ifndef HIMAYA_LINK_DATA_H
#define HIMAYA_LINK_DATA_H

#include "../core/court.h"
#include "../core/link.h"
#include "../core/link_exclude.h"
#include "../core/route.h"

/* Each line: a CIDR block or address [TAB comment]. RFC 6598 is always added. */
int link_data_cgnat(const char *path, struct ip_range_list *out, struct err *err);
/* Each line: kind TAB value [TAB service] (link_exclude.h). No file: none. */
int link_data_exclusions(const char *path, struct link_exclusions *out, struct err *err);
/* Each line: place TAB court; the court must be a First Instance Court of map
 * (map may be NULL: not checked). */
int link_data_places(const char *path, const struct court_map *map, struct route_table *out, struct err *err);
/* Each line: ISP name TAB months (1-120). */
int link_data_retention(const char *path, struct route_table *out, struct err *err);
/*
 * DIR/locations.tsv into places (checked against map) and, when retention
 * is not NULL, DIR/retention.tsv into it: what triage and routing read.
 * On return the tables are ready for lookups that only read them (several
 * threads may share them).
 */
int link_data_tables(const char *data_dir, const struct court_map *map, struct route_table *places,
		     struct route_table *retention, struct err *err);

#endif
