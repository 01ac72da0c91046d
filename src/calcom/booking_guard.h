/*
 * The Redis side of "a booking is never duplicated": one record per
 * idempotency key, claimed by one process at a time (with a lock that
 * expires if its holder dies), naming the request id the booking carries in
 * its metadata, and remembering the finished booking for a day.
 *
 * Record: hash { state pending|done, owner, request_id, lock_until (ms, Redis
 * clock), result }. Every change is one Lua script.
 */
#ifndef CALCOM_BOOKING_GUARD_H
#define CALCOM_BOOKING_GUARD_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/err.h"
#include "../redis/redis.h"

typedef enum {
	CALCOM_GUARD_CLAIMED,     /* ours, new: post the booking */
	CALCOM_GUARD_TAKEN_OVER,  /* ours after an expired lock: reconcile request_id before posting */
	CALCOM_GUARD_PENDING,     /* another process holds it: wait */
	CALCOM_GUARD_DONE         /* finished: result holds the booking */
} calcom_guard_state;

#define CALCOM_GUARD_ID_MAX 64

typedef struct {
	calcom_guard_state state;
	char request_id[CALCOM_GUARD_ID_MAX + 1];
	char *result;   /* DONE only; malloc'd, NUL-terminated */
	size_t result_len;
} calcom_guard;

/* Claims key for owner. request_id is used when the record is new; an
 * existing record keeps its own (out->request_id says which). lock_ms bounds
 * how long a silent holder blocks others; record_ttl_s bounds the record. */
bool calcom_guard_claim(calcom_redis *r, const char *key, size_t key_len, const char *owner, const char *request_id,
	long lock_ms, long record_ttl_s, calcom_guard *out, calcom_err *err);

/* Stores the finished booking (any holder may: it is the same booking) and
 * keeps it for done_ttl_s. */
bool calcom_guard_complete(calcom_redis *r, const char *key, size_t key_len, const char *result, size_t result_len,
	long done_ttl_s, calcom_err *err);

/* Drops owner's pending record after a definite "no booking" (slot taken,
 * invalid request), so a later call may try again. */
bool calcom_guard_release(calcom_redis *r, const char *key, size_t key_len, const char *owner, calcom_err *err);

void calcom_guard_free(calcom_guard *g);

#endif
