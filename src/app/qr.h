/*
 * qr.h - a QR code of a short text (the otpauth:// URI of a TOTP
 * enrolment), drawn for the web page as SVG and for the terminal as
 * UTF-8 block characters (libqrencode).
 */
#ifndef HIMAYA_QR_H
#define HIMAYA_QR_H

#include "../lib/err.h"

/*
 * An <svg> element of the code, module size scale pixels, with the quiet
 * zone of four modules the standard asks for (caller frees). Escaped by
 * construction: the output holds only numbers and fixed markup, never a
 * byte of text, so it can go into a page as it is.
 */
int qr_svg(const char *text, int scale, char **out, struct err *err);

/*
 * The code as lines of UTF-8 half blocks (two modules a character
 * vertically), dark modules drawn as spaces and light ones as blocks, for
 * a terminal with light text on a dark background, as qrencode -t UTF8
 * does (caller frees).
 */
int qr_terminal(const char *text, char **out, struct err *err);

#endif
