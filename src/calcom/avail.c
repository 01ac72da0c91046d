#include <stdio.h>

#include "../lib/civil.h"
#include "avail.h"

size_t calcom_avail_key(char *buf, size_t size, const char *prefix, const char *tenant, int64_t event_type_id,
	const char *time_zone, int64_t days)
{
	int y;
	unsigned m, d;
	calcom_civil_from_days(days, &y, &m, &d);
	int n = snprintf(buf, size, "%savail:{%s:%lld}:%s:%04d-%02u-%02u", prefix, tenant, (long long)event_type_id,
		time_zone, y, m, d);
	return n < 0 || (size_t)n >= size ? 0 : (size_t)n;
}

size_t calcom_avail_zones_key(char *buf, size_t size, const char *prefix, const char *tenant, int64_t event_type_id)
{
	int n = snprintf(buf, size, "%savail:{%s:%lld}:zones", prefix, tenant, (long long)event_type_id);
	return n < 0 || (size_t)n >= size ? 0 : (size_t)n;
}
