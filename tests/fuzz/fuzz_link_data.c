/*
 * libFuzzer target: the data files of linking and routing
 * (link_data_cgnat, link_data_places, link_data_retention,
 * link_data_exclusions) on any bytes.
 * They must never crash or leak, and a refusal must carry its message.
 */
#include <stdint.h>

#include "fuzz_ingest_common.h"
#include "ingest/link_data.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int rc, const struct err *err)
{
	if (rc != HIM_OK && rc != HIM_EINPUT && rc != HIM_EIO)
		__builtin_trap();
	if (rc != HIM_OK && !err->msg[0])
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_write(data, size, ".tsv");
	struct ip_range_list ranges;
	struct route_table table;
	struct link_exclusions exclude;
	struct err err = ERR_INIT;

	ip_range_list_init(&ranges);
	check(link_data_cgnat(path, &ranges, &err), &err);
	ip_range_list_release(&ranges);

	err_clear(&err);
	route_table_init(&table);
	check(link_data_places(path, NULL, &table, &err), &err);
	route_table_release(&table);

	err_clear(&err);
	route_table_init(&table);
	check(link_data_retention(path, &table, &err), &err);
	route_table_release(&table);

	err_clear(&err);
	link_exclusions_init(&exclude);
	check(link_data_exclusions(path, &exclude, &err), &err);
	link_exclusions_release(&exclude);
	return 0;
}
