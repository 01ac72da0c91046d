/*
 * RFC 3339 timestamps as Cal.com sends them ("2025-10-01T09:00:00.000+02:00",
 * "...Z"), and bare dates ("2025-10-01"). No time zone database: the offset
 * in the text is all we need to find the instant, and it is kept so a slot
 * can be shown in the zone Cal.com was asked for.
 *
 * rfc3339.c is generated from rfc3339.re by re2c (tools/re2c.sh); edit the .re.
 */
#ifndef CALCOM_CALCOM_RFC3339_H
#define CALCOM_CALCOM_RFC3339_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
	int64_t epoch_ms;    /* the UTC instant, ms since 1970-01-01T00:00:00Z */
	int32_t offset_min;  /* the offset the text carried (Z => 0) */
} calcom_instant;

/* Longest text calcom_rfc3339_parse accepts: 19 + '.' + 9 digits + 6. */
#define CALCOM_RFC3339_MAX_LEN 35
/* What calcom_rfc3339_format writes, without the NUL. */
#define CALCOM_RFC3339_FORMAT_LEN 25

/* Accepts exactly YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM), with 't'
 * and 'z' also in lowercase and a fraction of 1 to 9 digits (truncated to
 * milliseconds). Every field is validated: month 01-12, day within the month
 * (leap years included), hour 00-23, minute 00-59, second 00-59 (a leap
 * second 60 is refused: Cal.com never sends one and an instant cannot hold
 * it), offset up to +-23:59 ("-00:00" is read as offset 0). Years 0000-9999.
 * All of [s, s+len) must match; s need not be NUL-terminated and nothing past
 * s+len is read. On false, *out is unchanged. */
bool calcom_rfc3339_parse(const char *s, size_t len, calcom_instant *out);

/* Writes the instant's local time at its own offset, without fraction,
 * and a NUL: "2025-10-01T09:00:00+02:00"; a zero offset is "+00:00".
 * Returns the number of characters written (25), or 0 (writing an empty
 * string when size > 0) if size < 26, if offset_min is outside +-23:59 or
 * if the local year is outside 0000-9999. */
size_t calcom_rfc3339_format(const calcom_instant *t, char *buf, size_t size);

/* The same instant shown at another offset (minutes east of UTC). */
calcom_instant calcom_instant_at_offset(calcom_instant t, int32_t offset_min);

/* A bare date "YYYY-MM-DD" (exactly 10 bytes, a valid date) -> days since
 * 1970-01-01; false, *days unchanged, if invalid. */
bool calcom_date_parse(const char *s, size_t len, int64_t *days);

#endif
