/*
 * RFC 3339 timestamps and bare dates. The scanner checks the shape and the
 * ranges a regular expression can express (month 01-12, hour 00-23, ...);
 * C checks the rest (day within the month, with leap years).
 *
 * Input is read through the generic API with an index instead of a pointer:
 * YYPEEK yields 0 at and past the end, a byte no rule accepts there, so the
 * scanner never reads past s+len and needs neither a NUL terminator nor
 * padding, and the cursor may step one past the end without forming an
 * out-of-range pointer.
 *
 * Generated into rfc3339.c by tools/re2c.sh; edit this file, not the .c.
 */
#include <string.h>

#include "rfc3339.h"
#include "../lib/civil.h"

/*!re2c
	re2c:api = custom;
	re2c:api:style = free-form;
	re2c:define:YYCTYPE = "unsigned char";
	re2c:define:YYPEEK = "(cur < len ? in[cur] : 0)";
	re2c:define:YYSKIP = "++cur;";
	re2c:define:YYBACKUP = "mar = cur;";
	re2c:define:YYRESTORE = "cur = mar;";
	re2c:yyfill:enable = 0;
	re2c:indent:string = "\t";

	dig    = [0-9];
	year   = dig{4};
	month  = "0" [1-9] | "1" [0-2];
	day    = "0" [1-9] | [12] dig | "3" [01];
	hour   = [01] dig | "2" [0-3];
	minsec = [0-5] dig;
	date   = year "-" month "-" day;
	time   = hour ":" minsec ":" minsec;
	frac   = "." dig{1,9};
	offset = [Zz] | [+-] hour ":" minsec;
*/

/* Value of n decimal digits at p (the scanner has checked they are digits). */
static unsigned digits(const unsigned char *p, size_t n)
{
	unsigned v = 0;
	for (size_t i = 0; i < n; i++) {
		v = v * 10 + (unsigned)(p[i] - '0');
	}
	return v;
}

/* Days of the date at p ("YYYY-MM-DD", shape already checked), or false
 * when the day does not exist in that month (2025-02-29, 2025-04-31). */
static bool date_days(const unsigned char *p, int64_t *days)
{
	int y = (int)digits(p, 4);
	unsigned m = digits(p + 5, 2), d = digits(p + 8, 2);
	if (!calcom_valid_date(y, m, d)) {
		return false;
	}
	*days = calcom_days_from_civil(y, m, d);
	return true;
}

bool calcom_rfc3339_parse(const char *s, size_t len, calcom_instant *out)
{
	const unsigned char *in = (const unsigned char *)s;
	size_t cur = 0, mar = 0;

	bool matched = false;

	/* The pattern is bounded (at most 35 bytes), so a long input fails
	 * within 36 bytes; only a match that ends exactly at len counts. */
	/*!re2c
		date [Tt] time frac? offset { matched = true; goto done; }
		*                            { goto done; }
	*/
done:
	if (!matched || cur != len) {
		return false;
	}
	int64_t days;
	if (!date_days(in, &days)) {
		return false;
	}
	int64_t secs = days * 86400 + (int64_t)digits(in + 11, 2) * 3600 + (int64_t)digits(in + 14, 2) * 60 +
	               (int64_t)digits(in + 17, 2);

	/* The fraction runs from byte 20 to the zone designator; keep ms. */
	size_t zone = 19;
	unsigned ms = 0;
	if (in[19] == '.') {
		zone = 20;
		while (in[zone] >= '0' && in[zone] <= '9') {
			zone++;
		}
		size_t n = zone - 20;
		ms = digits(in + 20, n < 3 ? n : 3);
		for (size_t i = n; i < 3; i++) {
			ms *= 10;  /* ".5" is 500 ms */
		}
	}

	int32_t offset = 0;
	if (in[zone] == '+' || in[zone] == '-') {
		offset = (int32_t)(digits(in + zone + 1, 2) * 60 + digits(in + zone + 4, 2));
		if (in[zone] == '-') {
			offset = -offset;
		}
	}
	out->epoch_ms = (secs - (int64_t)offset * 60) * 1000 + ms;
	out->offset_min = offset;
	return true;
}

bool calcom_date_parse(const char *s, size_t len, int64_t *days)
{
	const unsigned char *in = (const unsigned char *)s;
	size_t cur = 0, mar = 0;

	bool matched = false;

	/*!re2c
		date { matched = true; goto done; }
		*    { goto done; }
	*/
done:
	return matched && cur == len && date_days(in, days);
}

/* Writes v as n decimal digits (v < 10^n). */
static void put_digits(char *p, unsigned v, size_t n)
{
	while (n-- > 0) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

size_t calcom_rfc3339_format(const calcom_instant *t, char *buf, size_t size)
{
	if (size > 0) {
		buf[0] = '\0';
	}
	int32_t off = t->offset_min;
	if (size < CALCOM_RFC3339_FORMAT_LEN + 1 || off < -1439 || off > 1439) {
		return 0;
	}
	/* Local time = UTC + offset; floor so instants before 1970 split right. */
	int64_t local = calcom_floor_div(t->epoch_ms, 1000) + (int64_t)off * 60;
	int64_t days = calcom_floor_div(local, 86400);
	unsigned sod = (unsigned)(local - days * 86400);
	if (days < calcom_days_from_civil(0, 1, 1) || days > calcom_days_from_civil(9999, 12, 31)) {
		return 0;
	}
	int y;
	unsigned m, d;
	calcom_civil_from_days(days, &y, &m, &d);

	unsigned aoff = (unsigned)(off < 0 ? -off : off);
	memcpy(buf, "0000-00-00T00:00:00+00:00", CALCOM_RFC3339_FORMAT_LEN + 1);
	put_digits(buf, (unsigned)y, 4);
	put_digits(buf + 5, m, 2);
	put_digits(buf + 8, d, 2);
	put_digits(buf + 11, sod / 3600, 2);
	put_digits(buf + 14, sod / 60 % 60, 2);
	put_digits(buf + 17, sod % 60, 2);
	buf[19] = off < 0 ? '-' : '+';
	put_digits(buf + 20, aoff / 60, 2);
	put_digits(buf + 23, aoff % 60, 2);
	return CALCOM_RFC3339_FORMAT_LEN;
}

calcom_instant calcom_instant_at_offset(calcom_instant t, int32_t offset_min)
{
	t.offset_min = offset_min;
	return t;
}
