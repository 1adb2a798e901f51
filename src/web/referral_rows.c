/*
 * referral_rows.c - referrals as the lists show them (the referral list,
 * a case's referrals): the fields a row needs, copied out of the store's
 * streaming callback (its record lives only during the call, and a page
 * is written only once its read is audited), and the cells every such
 * row starts with.
 */
#include "handlers.h"
#include "triage_view.h"

#include <stdlib.h>
#include <string.h>

#include "../store/store.h"
#include "../lib/banned.h"

static char *dup_or_null(const char *s)
{
	return s && *s ? xstrdup(s) : NULL;
}

void web_referral_rows_init(struct web_referral_rows *l)
{
	memset(l, 0, sizeof(*l));
}

void web_referral_rows_release(struct web_referral_rows *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->items[i].external_id);
		free(l->items[i].priority);
		free(l->items[i].escalation);
		free(l->items[i].what);
	}
	free(l->items);
	web_referral_rows_init(l);
}

int web_referral_rows_add(const struct referral_record *rec, void *ctx)
{
	struct web_referral_rows *l = ctx;
	const struct referral *ref = &rec->r;
	struct web_referral_row *x;

	if (l->n == l->alloc) {
		l->alloc = l->alloc ? l->alloc * 2 : 16;
		l->items = xrealloc(l->items, l->alloc * sizeof(*l->items));
	}
	x = &l->items[l->n++];
	x->id = rec->id;
	x->case_id = rec->case_id;
	x->nip_events = rec->nip_events;
	memcpy(x->platform, ref->platform, sizeof(x->platform));
	x->external_id = xstrdup(ref->external_id);
	x->priority = dup_or_null(ref->priority);
	x->escalation = dup_or_null(ref->escalation);
	x->what = dup_or_null(ref->incident_type ? ref->incident_type : ref->network);
	x->received_at = ref->received_at;
	return HIM_OK;
}

enum text_id web_ident_kind_text(enum ident_kind kind)
{
	switch (kind) {
	case IDENT_EMAIL: return TX_IDK_EMAIL;
	case IDENT_PHONE: return TX_IDK_PHONE;
	case IDENT_SCREEN_NAME: return TX_IDK_SCREEN_NAME;
	case IDENT_DISPLAY_NAME: return TX_IDK_DISPLAY_NAME;
	case IDENT_PROFILE_URL: return TX_IDK_PROFILE_URL;
	case IDENT_ESP_ACCOUNT: return TX_IDK_ESP_ACCOUNT;
	case IDENT_DEVICE: return TX_IDK_DEVICE;
	case IDENT_P2P_GUID: return TX_IDK_P2P_GUID;
	case IDENT_URL: return TX_IDK_URL;
	}
	return TX_IDK_URL;
}

/*
 * NCMEC's incident types (its schema's closed list, FORMATS.md) in the
 * user's language, NCMEC's own words kept in the title; anything else (a
 * CPS network, a type NCMEC adds later) as given.
 */
void web_incident_type(struct web_request *r, const char *given)
{
	static const struct {
		const char *ncmec;
		enum text_id text;
	} known[] = {
		{ "Child Pornography (possession, manufacture, and distribution)", TX_INC_CSAM },
		{ "Child Sex Trafficking", TX_INC_TRAFFICKING },
		{ "Child Sex Tourism", TX_INC_TOURISM },
		{ "Child Sexual Molestation", TX_INC_MOLESTATION },
		{ "Misleading Domain Name", TX_INC_DOMAIN },
		{ "Misleading Words or Digital Images on the Internet", TX_INC_MISLEADING },
		{ "Online Enticement of Children for Sexual Acts", TX_INC_ENTICEMENT },
		{ "Unsolicited Obscene Material Sent to a Child", TX_INC_UNSOLICITED },
	};

	if (!given)
		return;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (strcmp(given, known[i].ncmec) == 0) {
			page_html(r, "<span title=\"");
			page_text(r, given);
			page_html(r, "\">");
			page_t(r, known[i].text);
			page_html(r, "</span>");
			return;
		}
	}
	page_html(r, "<bdi>");
	page_text(r, given);
	page_html(r, "</bdi>");
}

void web_referral_cells(struct web_request *r, const struct web_referral_row *x)
{
	page_html(r, "<td><a href=\"/referrals/");
	page_int(r, x->id);
	page_html(r, "\">");
	page_int(r, x->id);
	page_html(r, "</a></td><td>");
	page_text(r, vocab_label_of(store_vocab(r->st), VOCAB_PLATFORM, x->platform, r->lang));
	page_html(r, "</td><td><bdi>");
	page_text(r, x->external_id);
	page_html(r, "</bdi></td>");
}

void web_referral_priority(struct web_request *r, const struct web_referral_row *x)
{
	if (x->escalation) {
		page_html(r, "<span class=\"flag escalated\">");
		page_t(r, TX_ESCALATED);
		page_html(r, "</span> ");
	}
	page_text(r, x->priority ? x->priority : "");
}
