/*
 * sentence.h - reading the sentence a clerk wrote in an outcome cell.
 *
 * The table's outcome columns hold phrases such as "الإدانة بـ 6 أشهر حبسا
 * نافذا", "سنتين حبسا منها سنة موقوفة التنفيذ وغرامة قدرها 5.000 درهم" or
 * "شهر واحد موقوف التنفيذ". The domain records a sentence as prison months,
 * the suspended part of them, and a fine in dirhams (case.h); this module
 * turns the phrase into those numbers, and says nothing it cannot read:
 * a field stays -1 (not given) rather than being guessed.
 *
 * Pure: no I/O.
 */
#ifndef HIMAYA_SENTENCE_H
#define HIMAYA_SENTENCE_H

#include <stddef.h>

#include "../lib/err.h"
#include "case.h"

/*
 * Read the sentence in text[0..len) (any spelling: it is normalised here).
 *
 *   - prison: every duration (digits or number words, months or years,
 *     duals such as "سنتين", "شهرين") that is not part of another, summed;
 *     "منها سنة موقوفة" after a duration is a part of it, not an addition;
 *   - suspended: the durations qualified "موقوف"/"وقف التنفيذ"; durations
 *     qualified "نافذ" add nothing; if any duration is unqualified the
 *     suspended part is unknown (-1);
 *   - fine: the amount before "درهم" (or after "غرامة"), thousands
 *     separators allowed ("5.000", "5 000", "٥٬٠٠٠", "5 آلاف").
 *
 * Dates ("12/05/2022") and years ("سنة 2021") are not durations.
 * out is set to SENTENCE_NONE first. HIM_EINPUT only for invalid UTF-8.
 */
int sentence_parse(const char *text, size_t len, struct sentence *out, struct err *err);

#endif
