/*
 * Where the day-granular availability cache keeps a day: one Redis key per
 * (tenant, event type, time zone, local date),
 *   <prefix>avail:{<tenant>:<eventTypeId>}:<timeZone>:<YYYY-MM-DD>
 * The braces are a Redis Cluster hash tag: all days of one tenant's event
 * type share a slot, so a range read is one MGET and an invalidation one
 * script call. Beside the days, in the same slot, a set of the zones the
 * days are cached under,
 *   <prefix>avail:{<tenant>:<eventTypeId>}:zones
 * (no day key ends that way), so a booking can invalidate every zone's days.
 */
#ifndef CALCOM_AVAIL_H
#define CALCOM_AVAIL_H

#include <stddef.h>
#include <stdint.h>

/* How many days a booking can change: the day before through seven after. */
#define CALCOM_AVAIL_INVALIDATE_DAYS 9

/* Writes the key for the local date `days` (days since 1970-01-01) and
 * returns its length; 0 if it does not fit in size. */
size_t calcom_avail_key(char *buf, size_t size, const char *prefix, const char *tenant, int64_t event_type_id,
	const char *time_zone, int64_t days);

/* Writes the key of the zone set and returns its length; 0 if it does not fit. */
size_t calcom_avail_zones_key(char *buf, size_t size, const char *prefix, const char *tenant, int64_t event_type_id);

#endif
