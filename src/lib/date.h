/*
 * date.h - calendar dates as day numbers.
 *
 * A date is an int32 count of days since 1970-01-01 (proleptic Gregorian),
 * so that comparing, sorting and subtracting dates is integer arithmetic
 * and the database can store them either as ISO text or as a DATE.
 * DATE_NONE marks "no date".
 */
#ifndef HIMAYA_DATE_H
#define HIMAYA_DATE_H

#include <stdbool.h>
#include <stdint.h>

typedef int32_t date_t;

#define DATE_NONE INT32_MIN
#define DATE_ISO_LEN 11 /* "YYYY-MM-DD" and its NUL */

date_t date_from_ymd(int y, int m, int d);
void date_to_ymd(date_t day, int *y, int *m, int *d);
bool date_ymd_valid(int y, int m, int d);

/* Parse exactly "YYYY-MM-DD" (years 1900-2999); false on anything else. */
bool date_parse(const char *s, date_t *out);

/* Write "YYYY-MM-DD" into buf (DATE_ISO_LEN bytes); "" for DATE_NONE. */
void date_format(date_t day, char buf[DATE_ISO_LEN]);

int date_year(date_t day);

/* Whether s is exactly a stamp as the store writes instants,
 * "YYYY-MM-DDTHH:MM:SSZ" (digits where digits go; values not checked). */
bool date_stamp_shaped(const char *s);

#endif
