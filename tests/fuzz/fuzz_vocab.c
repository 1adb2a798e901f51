/*
 * libFuzzer target: vocab_parse on any bytes; an accepted vocabulary's
 * attributes must survive the round trip through their text form.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/vocab.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vocab v;
	struct err err = ERR_INIT;

	vocab_init(&v);
	if (vocab_parse(&v, (const char *)data, size, "fuzz", &err) == HIM_OK) {
		for (size_t i = 0; i < v.n; i++) {
			struct vocab copy;
			char *attrs = vocab_entry_attrs(&v.entries[i]);
			vocab_init(&copy);
			if (vocab_add(&copy, v.entries[i].kind, v.entries[i].code, v.entries[i].label_ar,
				      v.entries[i].label_fr, attrs, &err) != HIM_OK)
				__builtin_trap();
			char *again = vocab_entry_attrs(&copy.entries[0]);
			if (strcmp(attrs, again) != 0)
				__builtin_trap();
			free(again);
			free(attrs);
			vocab_release(&copy);
			(void)vocab_find(&v, v.entries[i].kind, v.entries[i].code);
		}
	}
	vocab_release(&v);
	return 0;
}
