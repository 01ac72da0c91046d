/*
 * Cal.com slot responses, both shapes, parsed without PHP:
 *
 *   GET /v2/slots (cal-api-version 2024-09-04):
 *     {"status":"success","data":{"2025-10-01":[{"start":"2025-10-01T09:00:00.000+02:00"}]}}
 *     with format=range each slot also has "end"; no slots is "data":{}.
 *   GET /v2/slots/available (legacy):
 *     {"status":"success","data":{"slots":{"2025-10-01":[{"time":"..."}]}}}
 *
 * The body is read as RFC 8259 JSON with json_decode's semantics where JSON
 * leaves a choice (duplicate keys: the last value wins and keeps the first
 * key's position). What is accepted and what is refused is listed at
 * calcom_slots_parse.
 *
 * slots.c is generated from slots.re by re2c (tools/re2c.sh); edit the .re.
 */
#ifndef CALCOM_CALCOM_SLOTS_H
#define CALCOM_CALCOM_SLOTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/err.h"
#include "rfc3339.h"

/* Containers nested deeper than this are refused (json_decode allows 512;
 * a slot response needs 5). The parser keeps an explicit stack of this
 * size and never recurses. */
#define CALCOM_SLOTS_MAX_DEPTH 64

/* Bodies larger than this are refused (offsets are kept in 32 bits). */
#define CALCOM_SLOTS_MAX_BODY ((size_t)0x7fffffff)

typedef struct {
	char date[11];   /* the day key as sent (after unescaping): "YYYY-MM-DD" */
	size_t first;    /* index of the day's first slot in starts/ends */
	size_t count;    /* number of slots that day (0 for an empty list) */
} calcom_slot_day;

typedef enum { CALCOM_SLOTS_V2 = 1, CALCOM_SLOTS_LEGACY = 2 } calcom_slots_shape;

typedef struct {
	calcom_slot_day *days;
	size_t ndays;
	calcom_instant *starts;
	calcom_instant *ends;    /* ends[i].epoch_ms == INT64_MIN when slot i had no end */
	size_t nslots;
	calcom_slots_shape shape;
} calcom_slots;

/* Parses a slot response body of len bytes (need not be NUL-terminated;
 * nothing past body+len is read). On success fills *out (days in document
 * order, slots within a day in document order, the days' slot ranges
 * contiguous and in day order) and returns true; free it with
 * calcom_slots_free. On failure *out is left zeroed, err says what is wrong
 * and where ("... at byte N"), and the function returns false:
 * CALCOM_E_PROTOCOL for anything in the body, CALCOM_E_NOMEM if memory ran out.
 *
 * JSON: RFC 8259, exactly what json_decode accepts, with these choices:
 *  - strings must be valid UTF-8 (as for json_decode): invalid bytes are
 *    refused, not passed through; \uXXXX escapes must not leave a surrogate
 *    unpaired; unescaped control characters (< 0x20) are refused;
 *  - containers may nest CALCOM_SLOTS_MAX_DEPTH deep (json_decode: 512);
 *  - keys are compared after unescaping; for a key given twice the last
 *    value wins (a repeated day keeps the position of its first occurrence,
 *    with the later day's slots, as json_decode's arrays do).
 * Meaning:
 *  - the top level is an object whose "status" is the string "success"
 *    (otherwise: "status is not success");
 *  - "data" is an object, or an empty array (no slots, as PHP-ish servers
 *    send an empty map);
 *  - if "data" has a "slots" member that is an object (or an empty array),
 *    the shape is legacy and the days are that object's members; other
 *    members of "data" are ignored. Otherwise the shape is v2 and every
 *    member of "data" is a day;
 *  - every day key is a valid date "YYYY-MM-DD"; every day is an array
 *    (possibly empty) of objects; each object has a "start" (v2) or "time"
 *    (legacy) string holding an RFC 3339 timestamp (calcom_rfc3339_parse)
 *    and optionally an "end" string holding another;
 *  - every other member, at any level, is skipped whatever its value. */
bool calcom_slots_parse(const char *body, size_t len, calcom_slots *out, calcom_err *err);

/* Frees what calcom_slots_parse allocated and zeroes the struct; safe on a
 * zeroed struct, after a failed parse, and twice. */
void calcom_slots_free(calcom_slots *s);

#endif
