/*
 * Numbers as Redis and its Lua scripts write them ("1.5"), whatever
 * LC_NUMERIC the PHP application set: under de_DE printf writes "1,5" and
 * strtod stops at the ".".
 */
#ifndef CALCOM_CNUM_H
#define CALCOM_CNUM_H

#include <stdbool.h>
#include <stddef.h>

/* "%.17g" with a "." for the decimal point; the length written (as snprintf). */
int calcom_cnum_format(char *buf, size_t size, double v);

/* The whole of s (NUL-terminated, "." for the decimal point) as a double;
 * false for anything else. */
bool calcom_cnum_parse(const char *s, double *out);

#endif
