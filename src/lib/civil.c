/*
 * The day-number algorithms count in 400-year eras of 146097 days, with the
 * year starting on March 1st so the leap day is the last day of a year; then
 * the day of the year maps to a month with a linear formula (153 days per
 * five months, March to July and August to December). Written after Howard
 * Hinnant's public-domain descriptions; all intermediate values are int64_t
 * or small unsigned numbers, so nothing overflows in the documented domain.
 */
#include "civil.h"

bool calcom_is_leap_year(int y)
{
	/* % on negative years is 0 exactly when divisible, so this holds for
	 * astronomical years before 1 too (year 0 is leap, like 400). */
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

unsigned calcom_days_in_month(int y, unsigned m)
{
	static const unsigned char days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12) {
		return 0;
	}
	if (m == 2 && calcom_is_leap_year(y)) {
		return 29;
	}
	return days[m - 1];
}

bool calcom_valid_date(int y, unsigned m, unsigned d)
{
	return d >= 1 && d <= calcom_days_in_month(y, m);
}

int64_t calcom_days_from_civil(int y, unsigned m, unsigned d)
{
	/* Years start in March: January and February belong to the year before. */
	int64_t yy = (int64_t)y - (m <= 2 ? 1 : 0);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	uint64_t yoe = (uint64_t)(yy - era * 400);                    /* [0, 399] */
	uint64_t mp = m > 2 ? m - 3 : m + 9;                          /* March = 0 */
	uint64_t doy = (153 * mp + 2) / 5 + (uint64_t)d - 1;          /* [0, 365] */
	uint64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;         /* [0, 146096] */
	/* 719468 = days from 0000-03-01 to 1970-01-01. */
	return era * 146097 + (int64_t)doe - 719468;
}

void calcom_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	uint64_t doe = (uint64_t)(z - era * 146097);                             /* [0, 146096] */
	uint64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;    /* [0, 399] */
	uint64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                  /* [0, 365] */
	uint64_t mp = (5 * doy + 2) / 153;                                       /* [0, 11] */
	unsigned dd = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	unsigned mm = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	int64_t yy = (int64_t)yoe + era * 400 + (mm <= 2 ? 1 : 0);
	*y = (int)yy;
	*m = mm;
	*d = dd;
}

unsigned calcom_weekday(int64_t days)
{
	/* 1970-01-01 was a Thursday (ISO 3). Reduce first so +3 cannot overflow. */
	int64_t r = (days % 7 + 7 + 3) % 7;
	return (unsigned)r;
}
