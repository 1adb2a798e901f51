/*
 * sqlite_functions.c - SQL functions Himaya's SQLite schema relies on,
 * registered on every connection the backend opens.
 *
 * himaya_file_key(name, md5, sha1, sha256, md4, infohash): the 16-byte
 * key that makes a file named twice in a referral one row (the UNIQUE
 * (referral_id, file_key) of referral_files since 011_file_key.sql). Why a
 * digest and not the six columns themselves: the unique index carried the
 * whole row, about 140 bytes an entry, and cost as much to write as the
 * table (an import of 1,000,000 CPS rows writes 1,000,000 files). A
 * 128-bit BLAKE2b over the six values, each with its length in front (so
 * no two different sextuples are the same bytes; NULL is "", as the
 * columns store it), is 16 bytes, and two different files of one referral
 * meet with a probability of about 2^-128 per pair.
 */
#include "sqlite_internal.h"

#include <sodium.h>
#include <string.h>

#include "../lib/banned.h"

#define FILE_KEY_BYTES 16

static void file_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	crypto_generichash_state state;
	unsigned char key[FILE_KEY_BYTES];

	crypto_generichash_init(&state, NULL, 0, sizeof(key));
	for (int i = 0; i < argc; i++) {
		const unsigned char *text = sqlite3_value_text(argv[i]);
		uint32_t len = text ? (uint32_t)sqlite3_value_bytes(argv[i]) : 0;

		crypto_generichash_update(&state, (const unsigned char *)&len, sizeof(len));
		if (len)
			crypto_generichash_update(&state, text, len);
	}
	crypto_generichash_final(&state, key, sizeof(key));
	sqlite3_result_blob(ctx, key, sizeof(key), SQLITE_TRANSIENT);
}

int sq_functions_register(sqlite3 *db, struct err *err)
{
	if (sodium_init() < 0)
		return err_set(err, HIM_EUSAGE, "libsodium cannot be initialised");
	if (sqlite3_create_function(db, "himaya_file_key", 6, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, file_key,
				    NULL, NULL) != SQLITE_OK)
		return err_set(err, HIM_EDB, "cannot register SQL functions: %s", sqlite3_errmsg(db));
	return HIM_OK;
}
