/*
 * banned.h - functions Himaya must not call (after git's banned.h).
 * Included last by every .c file through common build flags, so a use
 * is a compile error. Unbounded copies and the non-reentrant time
 * functions are the ones that have bitten C servers before.
 */
#ifndef HIMAYA_BANNED_H
#define HIMAYA_BANNED_H

#define BANNED(func) sorry_##func##_is_banned_in_himaya

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef gmtime
#define gmtime(t) BANNED(gmtime)
#undef localtime
#define localtime(t) BANNED(localtime)
#undef atoi
#define atoi(x) BANNED(atoi)

#endif
