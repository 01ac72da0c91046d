/*
 * The gate every guarded request passes: the rate limiter's bucket and a
 * circuit breaker, fleet-wide in Redis. One Lua script holds both
 * algorithms (the twins of src/limiter and src/breaker) and answers every
 * operation, so each call below is one round trip on Redis's clock:
 *
 *   before  breaker check + token acquisition for a request (or a batch)
 *   after   the outcome: breaker record + what the server said about limits
 *
 * and the single-component operations the PHP classes expose.
 *
 * Keys: the bucket is one hash, <prefix>limiter:{<name>}:bucket, the breaker
 * one hash, <prefix>breaker:{<name>}:state; both expire when they hold
 * nothing a fresh key would not say.
 */
#ifndef CALCOM_GATE_H
#define CALCOM_GATE_H

#include <stdbool.h>
#include <stddef.h>

#include "../breaker/breaker.h"
#include "../lib/err.h"
#include "../limiter/limiter.h"
#include "../redis/redis.h"

typedef struct {
	const char *key;
	size_t key_len;
	const calcom_limiter_config *cfg;
} calcom_gate_bucket;

typedef struct {
	const char *key;
	size_t key_len;
	const calcom_breaker_config *cfg;
} calcom_gate_breaker;

/* The breaker's state as a status page shows it. */
typedef struct {
	calcom_breaker_state_name state;
	int failure_weight;
	int successes;
	double opened_at;    /* ms, 0 when never opened since closing */
	double retry_at;     /* ms */
	int open_count;
	int probes;          /* leases held */
	double now;          /* ms, the clock these were read on */
} calcom_breaker_status;

/* ---- limiter ---- */

/* Takes cost tokens at priority; *wait_s 0 when granted, else the seconds
 * until they would be (nothing taken). force takes them regardless, into
 * debt (calcom_limiter_spend). */
bool calcom_gate_take(calcom_redis *r, const calcom_gate_bucket *b, double cost, int priority, bool force,
	double *wait_s, calcom_err *err);

/* Learns from an answer. */
bool calcom_gate_learn(calcom_redis *r, const calcom_gate_bucket *b, const calcom_limiter_signal *sig, calcom_err *err);

/* Reads the bucket (refilled to now, not written) and Redis's now. */
bool calcom_gate_peek(calcom_redis *r, const calcom_gate_bucket *b, calcom_limiter_state *st, double *now,
	calcom_err *err);

/* ---- breaker ---- */

/* *clean: closed with nothing recorded, so a success needs no record. */
bool calcom_gate_allow(calcom_redis *r, const calcom_gate_breaker *br, const char *lease_id,
	calcom_breaker_verdict *verdict, double *retry_s, bool *clean, calcom_err *err);

bool calcom_gate_record(calcom_redis *r, const calcom_gate_breaker *br, int successes, const int *weights,
	size_t nweights, double hint_s, const char *lease_id, calcom_err *err);

bool calcom_gate_look(calcom_redis *r, const calcom_gate_breaker *br, calcom_breaker_status *out, calcom_err *err);

/* Both, for a request. */

typedef enum {
	CALCOM_GATE_GO,       /* closed breaker, tokens taken */
	CALCOM_GATE_PROBE,    /* half-open: tokens taken, lease held */
	CALCOM_GATE_OPEN,     /* breaker refuses; retry_s says when to ask again */
	CALCOM_GATE_WAIT      /* not enough tokens; retry_s until there are */
} calcom_gate_verdict;

typedef struct {
	calcom_gate_verdict verdict;
	double retry_s;
	bool breaker_clean;   /* closed with nothing recorded: a success needs no `after` */
} calcom_gate_pass;

/* bucket or breaker may be NULL (not both). cost tokens are taken at
 * priority only when the breaker lets the request through; a probe lease is
 * taken only when the tokens are there. */
bool calcom_gate_before(calcom_redis *r, const calcom_gate_bucket *bucket, const calcom_gate_breaker *breaker,
	double cost, int priority, const char *lease_id, calcom_gate_pass *out, calcom_err *err);

/* The outcome of the requests a `before` let through: successes and failure
 * weights for the breaker (with the server's reset hint and the lease), and
 * the server's word for the bucket (sig may be NULL). */
bool calcom_gate_after(calcom_redis *r, const calcom_gate_bucket *bucket, const calcom_limiter_signal *sig,
	const calcom_gate_breaker *breaker, int successes, const int *weights, size_t nweights, double hint_s,
	const char *lease_id, calcom_err *err);

#endif
