/*
 * libFuzzer target: court_map_parse must refuse or accept any bytes
 * without crashing, leaking or reading out of bounds, and an accepted map
 * must validate and answer lookups.
 */
#include <stddef.h>
#include <stdint.h>

#include "core/court.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct court_map map;
	struct err err = ERR_INIT;

	court_map_init(&map);
	if (court_map_parse(&map, (const char *)data, size, "fuzz", &err) == HIM_OK) {
		if (court_map_validate(&map, &err) != HIM_OK)
			__builtin_trap();
		for (size_t i = 0; i < map.n; i++)
			(void)court_map_district_on(&map, map.terms[i].code, date_from_ymd(2022, 6, 30));
	}
	court_map_release(&map);
	return 0;
}
