/*
 * Proleptic Gregorian calendar arithmetic, with no time zone database:
 * days are counted from 1970-01-01 (day 0), negative before it. Cal.com
 * sends every slot with its own UTC offset, so the engine never needs tzdata
 * to turn a timestamp into an instant; only the civil date <-> day number
 * mapping, which is pure arithmetic (after Howard Hinnant's "chrono-
 * compatible low-level date algorithms").
 *
 * Years are astronomical: year 0 is 1 BC. Every function is exact for every
 * date whose year fits in an int and whose day number fits in int64_t.
 */
#ifndef CALCOM_CIVIL_H
#define CALCOM_CIVIL_H

#include <stdbool.h>
#include <stdint.h>

/* True for years divisible by 4, except centuries not divisible by 400. */
bool calcom_is_leap_year(int y);

/* 28..31 for m in 1..12; 0 for any other month. */
unsigned calcom_days_in_month(int y, unsigned m);

/* m in 1..12 and d in 1..calcom_days_in_month(y, m). */
bool calcom_valid_date(int y, unsigned m, unsigned d);

/* Days from 1970-01-01 to y-m-d. The date must be valid
 * (calcom_valid_date); otherwise the result is meaningless but defined. */
int64_t calcom_days_from_civil(int y, unsigned m, unsigned d);

/* The inverse: the civil date of day z. z must map to a year that fits in
 * an int (|z| below about 7.8e11). */
void calcom_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d);

/* ISO weekday of day z: 0 = Monday ... 6 = Sunday. Any z. */
unsigned calcom_weekday(int64_t days);

/* Floor division and modulo (rounding toward minus infinity), for splitting
 * instants before 1970 into days and seconds. b > 0. */
static inline int64_t calcom_floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b < 0) ? q - 1 : q;
}

static inline int64_t calcom_floor_mod(int64_t a, int64_t b)
{
	int64_t r = a % b;
	return r < 0 ? r + b : r;
}

#endif
