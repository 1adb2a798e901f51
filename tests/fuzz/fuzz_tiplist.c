/*
 * libFuzzer target: the referral reader tiplist on any bytes. It must never
 * crash, leak or trap on the promises checked in fuzz_ingest_common.h
 * (an id, valid UTF-8, canonical IPs, hashes of the right length), and
 * must return one of its documented codes.
 */
#include <stdint.h>

#include "fuzz_ingest_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_write(data, size, ".csv");
	utc_time_t now = ident_time_from_fields(2024, 6, 1, 0, 0, 0);
	struct err err = ERR_INIT;
	int rc = ncmec_tiplist_read(path, &FUZZ_OPS, NULL, now, &err);

	if (rc != HIM_OK && rc != HIM_EINPUT && rc != HIM_EIO)
		__builtin_trap();
	if (rc != HIM_OK && !err.msg[0])
		__builtin_trap();
	return 0;
}
