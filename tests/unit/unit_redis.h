/*
 * The redis-server tests/unit/run.sh starts for the tests that need one
 * (its port in CALCOM_TEST_REDIS_PORT): one connection per test binary.
 */
#ifndef CALCOM_UNIT_REDIS_H
#define CALCOM_UNIT_REDIS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "redis/redis.h"

/* Connects to it (lazily, like every calcom_redis) and, when dsn is not
 * NULL, gives its DSN; exits 2 when run outside tests/unit/run.sh. */
static inline calcom_redis *unit_redis(const char *test, calcom_dsn *dsn)
{
	const char *port = getenv("CALCOM_TEST_REDIS_PORT");
	if (!port) {
		fprintf(stderr, "%s: CALCOM_TEST_REDIS_PORT is not set; run tests/unit/run.sh\n", test);
		exit(2);
	}
	char text[64];
	snprintf(text, sizeof text, "redis://127.0.0.1:%s", port);
	calcom_dsn local;
	calcom_err err;
	if (!dsn) dsn = &local;
	if (!calcom_dsn_parse(text, strlen(text), dsn, &err)) {
		fprintf(stderr, "%s: %s\n", test, err.msg);
		exit(2);
	}
	return calcom_redis_new(dsn, 2.0, 5.0);
}

#endif
