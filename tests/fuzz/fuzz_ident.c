/*
 * libFuzzer target: the identifier normalisers of core/ident.h on any
 * bytes. Properties: a normalised value normalises to itself (IP, time,
 * e-mail, phone, hash, GUID), outputs are valid UTF-8, and the content
 * detector never reads past the length it is given.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/ident.h"
#include "lib/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct ident_ip ip, ip2;
	utc_time_t t, t2;
	char buf[IDENT_TIME_TEXT_MAX], h[IDENT_HASH_MAX], h2[IDENT_HASH_MAX], g[IDENT_GUID_MAX], g2[IDENT_GUID_MAX];
	enum hash_type ht, ht2;

	memcpy(s, data, size);
	s[size] = '\0';
	(void)ident_is_file_content((const char *)data, size);
	(void)ident_is_content_name(s);

	if (ident_ip_parse(s, &ip, NULL) == HIM_OK) {
		if (ident_ip_parse(ip.text, &ip2, NULL) != HIM_OK || strcmp(ip.text, ip2.text) != 0 ||
		    memcmp(ip.addr, ip2.addr, 16) != 0 || ip.v6 != ip2.v6)
			__builtin_trap();
	}
	if (ident_time_parse(s, IDENT_TIME_DATE_OK, TIME_NONE, &t, NULL) == HIM_OK) {
		ident_time_format(t, buf);
		if (ident_time_parse(buf, 0, TIME_NONE, &t2, NULL) != HIM_OK || t != t2)
			__builtin_trap();
	}
	if (ident_email_normalise(s, &a, NULL) == HIM_OK) {
		if (!utf8_valid(a.buf, a.len) || ident_email_normalise(a.buf, &b, NULL) != HIM_OK ||
		    strcmp(a.buf, b.buf) != 0)
			__builtin_trap();
	}
	if (ident_phone_normalise(s, NULL, &a, NULL) == HIM_OK) {
		if (a.buf[0] != '+' || ident_phone_normalise(a.buf, NULL, &b, NULL) != HIM_OK || strcmp(a.buf, b.buf) != 0)
			__builtin_trap();
	}
	(void)ident_phone_normalise(s, "+212", &a, NULL);
	if (ident_hash_normalise(s, NULL, &ht, h, NULL) == HIM_OK) {
		if (ident_hash_normalise(h, ident_hash_type_name(ht), &ht2, h2, NULL) != HIM_OK || ht != ht2 ||
		    strcmp(h, h2) != 0)
			__builtin_trap();
	}
	if (ident_guid_normalise(s, g, NULL) == HIM_OK) {
		if (ident_guid_normalise(g, g2, NULL) != HIM_OK || strcmp(g, g2) != 0)
			__builtin_trap();
	}
	if (ident_text_normalise(s, &a, NULL) == HIM_OK) {
		if (!utf8_text_ok(a.buf, false) || ident_text_normalise(a.buf, &b, NULL) != HIM_OK ||
		    strcmp(a.buf, b.buf) != 0)
			__builtin_trap();
	}
	strbuf_release(&a);
	strbuf_release(&b);
	free(s);
	return 0;
}
