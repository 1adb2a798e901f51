/*
 * table_text.c - the wording of the circular's table: the template's
 * fixed text in Arabic and French, sentences ("24 شهرا حبسا نافذا وغرامة
 * 5000 درهم"), short court names for sheet tabs, and the marks that keep
 * dates whole in a right-to-left line. Pure text: no store, no I/O.
 */
#include "table.h"

#include <string.h>

#include "../lib/banned.h"

static const struct table_text text_ar = {
	.kingdom = "المملكة المغربية",
	.presidency = "رئاسة النيابة العامة",
	.title = "جدول الإحصائيات بشأن قضايا الاستغلال الجنسي للأطفال عبر الأنترنت المتعلقة بمنصتي CPS / NCMEC",
	.footnote = "بالنسبة لمحاكم الاستئناف الرجاء الإشعار فقط بالقضايا المسجلة لأول مرة أمامها"
		    " دون القضايا التي يتم النظر فيها بصفتها محكمة درجة ثانية.",
	.columns = { "المحكمة", "الجهة المكلفة بالبحث", "موضوع الإشعار", "المنصة المعنية (CPS / NCMEC)",
		     "المتابعة", "ابتدائيا", "استئنافيا", "النقض" },
	.outcome = "مآل القضية",
	.file_number = "رقم الملف",
	.registered = "تاريخ التسجيل",
	.file_prefix = "ملف عدد",
	.platform_line = "المنصة المعنية:",
	.count_court = "عدد القضايا",
	.count_district = "مجموع الدائرة القضائية",
	.count_total = "المجموع العام",
	.district_of = "الدائرة القضائية ل",
	.summary = "ملخص",
	.district = "الدائرة القضائية",
	.court = "المحكمة",
	.count = "عدد القضايا",
	.page = "صفحة %d من %d",
	.no_cases = "لا توجد قضايا مسجلة خلال هذه الفترة",
	.rtl = true,
};

static const struct table_text text_fr = {
	.kingdom = "Royaume du Maroc",
	.presidency = "Présidence du Ministère Public",
	.title = "Tableau statistique des affaires d'exploitation sexuelle des enfants sur internet"
		 " relatives aux plateformes CPS / NCMEC",
	.footnote = "Les cours d'appel ne déclarent que les affaires enregistrées pour la première fois"
		    " devant elles, à l'exclusion de celles qu'elles examinent en tant que juridiction"
		    " du second degré.",
	.columns = { "Tribunal", "Service chargé de l'enquête", "Objet du signalement",
		     "Plateforme concernée (CPS / NCMEC)", "Poursuites", "En première instance",
		     "En appel", "En cassation" },
	.outcome = "Suite de l'affaire",
	.file_number = "N° du dossier",
	.registered = "Date d'enregistrement",
	.file_prefix = "dossier n°",
	.platform_line = "Plateforme concernée :",
	.count_court = "Nombre d'affaires",
	.count_district = "Total du ressort",
	.count_total = "Total général",
	.district_of = "Ressort de la ",
	.summary = "Synthèse",
	.district = "Ressort",
	.court = "Tribunal",
	.count = "Affaires",
	.page = "Page %d sur %d",
	.no_cases = "Aucune affaire enregistrée pendant cette période",
	.rtl = false,
};

/* The table speaks Arabic or French; English readers get French labels,
 * which the judicial map and the vocabulary have. */
enum lang table_lang(enum lang lang)
{
	return lang == LANG_AR ? LANG_AR : LANG_FR;
}

const struct table_text *table_text_of(enum lang lang)
{
	return table_lang(lang) == LANG_AR ? &text_ar : &text_fr;
}

/* --- sentences ------------------------------------------------------- */

/* Arabic counted nouns agree with the number: 1 شهرا واحدا, 2 شهرين,
 * 3-10 أشهر, 11 and more شهرا. */
static void months_ar(struct strbuf *out, int n)
{
	if (n == 1)
		strbuf_adds(out, "شهرا واحدا");
	else if (n == 2)
		strbuf_adds(out, "شهرين");
	else if (n <= 10)
		strbuf_addf(out, "%d أشهر", n);
	else
		strbuf_addf(out, "%d شهرا", n);
}

/* Arabic joins with "و" attached to the next word; a digit after it
 * reads better with a space. */
static void join_ar(struct strbuf *out, const char *part)
{
	if (out->len)
		strbuf_adds(out, (*part >= '0' && *part <= '9') ? " و " : " و");
	strbuf_adds(out, part);
}

void table_sentence_text(const struct sentence *s, enum lang lang, struct strbuf *out)
{
	int prison = s->prison_months > 0 ? s->prison_months : 0;
	int suspended = s->suspended_months > 0 ? s->suspended_months : 0;
	int64_t fine = s->fine_mad > 0 ? s->fine_mad : 0;
	int firm;
	/* The sentence does not record the penalty's nature. Imprisonment
	 * (الحبس) is at most five years for a misdemeanour (Penal Code art.
	 * 17); a longer term is reclusion (السجن), a felony's penalty. */
	bool reclusion = prison > 60;
	struct strbuf part = STRBUF_INIT, acc = STRBUF_INIT;

	if (suspended > prison)
		suspended = prison;
	firm = prison - suspended; /* the suspended months are part of the prison term */

	if (table_lang(lang) == LANG_AR) {
		const char *kind = reclusion ? "سجنا" : "حبسا";
		if (firm > 0) {
			months_ar(&part, firm);
			strbuf_addf(&part, " %s نافذا", kind);
			join_ar(&acc, part.buf);
			strbuf_reset(&part);
		}
		if (suspended > 0) {
			months_ar(&part, suspended);
			strbuf_addf(&part, " %s موقوف التنفيذ", kind);
			join_ar(&acc, part.buf);
			strbuf_reset(&part);
		}
		if (fine > 0) {
			strbuf_addf(&part, "غرامة %lld %s", (long long)fine,
				    fine >= 3 && fine <= 10 ? "دراهم" : "درهم");
			join_ar(&acc, part.buf);
		}
	} else {
		const char *kind = reclusion ? "de réclusion" : "d'emprisonnement";
		const char *parts[3];
		size_t n = 0;
		struct strbuf p[3] = { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT };

		if (firm > 0) {
			strbuf_addf(&p[n], "%d mois %s ferme", firm, kind);
			n++;
		}
		if (suspended > 0) {
			if (firm > 0)
				strbuf_addf(&p[n], "%d mois avec sursis", suspended);
			else
				strbuf_addf(&p[n], "%d mois %s avec sursis", suspended, kind);
			n++;
		}
		if (fine > 0) {
			strbuf_addf(&p[n], "%lld MAD d'amende", (long long)fine);
			n++;
		}
		for (size_t i = 0; i < n; i++) {
			parts[i] = p[i].buf;
			if (i > 0)
				strbuf_adds(&acc, i == n - 1 ? " et " : ", ");
			strbuf_adds(&acc, parts[i]);
		}
		for (size_t i = 0; i < 3; i++)
			strbuf_release(&p[i]);
	}
	strbuf_adds(out, acc.buf);
	strbuf_release(&part);
	strbuf_release(&acc);
}

void table_mark_numbers(const char *text, struct strbuf *out)
{
	const char *p = text;

	while (*p) {
		const char *q = p;
		bool hyphen = false;

		if (*p < '0' || *p > '9' || (p > text && p[-1] >= '0' && p[-1] <= '9')) {
			strbuf_addch(out, *p++);
			continue;
		}
		/* A run of digits and single hyphens between digits. */
		while ((*q >= '0' && *q <= '9') || (*q == '-' && q[1] >= '0' && q[1] <= '9' && q > p)) {
			hyphen |= *q == '-';
			q++;
		}
		if (hyphen)
			strbuf_adds(out, "\xE2\x80\x8E");
		strbuf_add(out, p, (size_t)(q - p));
		p = q;
	}
}

void table_court_short_name(const char *name, enum lang lang, struct strbuf *out)
{
	static const char *const prefixes_ar[][2] = {
		{ "المحكمة الابتدائية ", "ابتدائية " },
		{ "محكمة الاستئناف ", "استئناف " },
	};
	static const char *const prefixes_fr[][2] = {
		{ "Tribunal de première instance ", "TPI " },
		{ "Cour d'appel ", "CA " },
	};
	const char *const (*p)[2] = table_lang(lang) == LANG_AR ? prefixes_ar : prefixes_fr;

	for (size_t i = 0; i < 2; i++) {
		size_t n = strlen(p[i][0]);
		if (strncmp(name, p[i][0], n) == 0) {
			strbuf_adds(out, p[i][1]);
			strbuf_adds(out, name + n);
			return;
		}
	}
	strbuf_adds(out, name);
}
