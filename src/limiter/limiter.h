/*
 * The rate limiter's algorithm: a token bucket refilled continuously at the
 * effective limit, adaptive to what Cal.com says.
 *
 * - `limit` tokens per minute flow into a bucket of `burst` capacity; a call
 *   of cost n takes n tokens or nothing.
 * - Priorities: a request at priority p is admitted only while the bucket
 *   keeps reserve[p] x capacity after it, so low-priority traffic leaves
 *   room for bookings (CRITICAL) and live-call checks (HIGH).
 * - A 429 empties the bucket and, when adaptive, cuts the effective limit by
 *   decrease_factor (never below min_limit) for recovery_seconds, after which
 *   the full limit returns; capacity shrinks in proportion. A 429 that
 *   arrives while the bucket is already paused by an earlier one belongs to
 *   the same block and does not cut again.
 * - The server's reset time (a 429's, or any answer's with Remaining 0)
 *   pauses the bucket: refill restarts when the server's window does.
 *
 * Fleet-wide, the state lives in one Redis hash and these rules run as Lua
 * (src/gate); this file is the same algorithm in C for a process that has
 * no Redis (on_failure "local") and the reference the unit tests pin.
 * Times are milliseconds on one clock (Redis TIME, or the process's own).
 */
#ifndef CALCOM_LIMITER_H
#define CALCOM_LIMITER_H

#include <stdbool.h>
#include <stddef.h>

#define CALCOM_PRIORITY_CRITICAL 1
#define CALCOM_PRIORITY_HIGH 2
#define CALCOM_PRIORITY_NORMAL 3
#define CALCOM_PRIORITY_LOW 4

typedef struct {
	double limit;            /* tokens per minute at full rate, > 0 */
	double burst;            /* capacity at full rate, >= 1 */
	bool adaptive;
	double min_limit;        /* floor of the effective limit, in (0, limit] */
	double decrease_factor;  /* in (0, 1) */
	double recovery_s;       /* how long a cut lasts */
	double reserve[5];       /* [priority 1..4]: share of capacity held back; [0] unused */
} calcom_limiter_config;

/* limit 120, burst 150, adaptive, min_limit 60, decrease 0.8, recovery 300 s,
 * reserve CRITICAL 0, HIGH 0.05, NORMAL 0.15, LOW 0.30. */
void calcom_limiter_config_default(calcom_limiter_config *cfg);

/* NULL when cfg is usable, else what is wrong with it. */
const char *calcom_limiter_config_check(const calcom_limiter_config *cfg);

typedef struct {
	double tokens;       /* tokens at time `at` (negative: debt) */
	double at;           /* ms; later than now while paused */
	double eff;          /* effective limit per minute */
	double cut_until;    /* ms; 0 at full rate */
	double pause_until;  /* ms; 0 when never paused */
} calcom_limiter_state;

/* What the server said in one answer. */
typedef struct {
	long status;
	double reset_s;      /* seconds until the server's window resets; < 0 unknown */
	double remaining;    /* requests left in the server's window; < 0 unknown */
} calcom_limiter_signal;

typedef enum {
	CALCOM_LIMITER_NORMAL,   /* full limit */
	CALCOM_LIMITER_REDUCED,  /* cut after a 429, recovering */
	CALCOM_LIMITER_PAUSED    /* waiting for the server's reset */
} calcom_limiter_reason;

typedef struct {
	double limit;        /* effective per minute */
	double capacity;
	double tokens;       /* available now (0 while paused) */
	double paused_for;   /* s */
	double recovers_in;  /* s until the full limit returns; 0 at full rate */
	calcom_limiter_reason reason;
} calcom_limiter_view;

const char *calcom_limiter_reason_name(calcom_limiter_reason reason);

/* A full bucket at the full limit, as a bucket nobody used looks. */
void calcom_limiter_state_init(calcom_limiter_state *st, const calcom_limiter_config *cfg, double now);

/* Refills up to now and ends a cut whose time is over. */
void calcom_limiter_refill(calcom_limiter_state *st, const calcom_limiter_config *cfg, double now);

/* Takes cost tokens at priority (1..4) when they are there and returns 0;
 * else takes nothing and returns the seconds until they would be. */
double calcom_limiter_take(calcom_limiter_state *st, const calcom_limiter_config *cfg, double now, double cost,
	int priority);

/* Takes cost tokens whatever the bucket holds, into debt if need be: for a
 * request that was made anyway. */
void calcom_limiter_spend(calcom_limiter_state *st, const calcom_limiter_config *cfg, double now, double cost);

/* Whether an answer tells the bucket anything: a 429, or no requests left
 * with a known reset. Others leave the state as it is. */
bool calcom_limiter_signal_matters(const calcom_limiter_signal *sig);

/* Learns from an answer; true when the state changed. */
bool calcom_limiter_learn(calcom_limiter_state *st, const calcom_limiter_config *cfg, double now,
	const calcom_limiter_signal *sig);

void calcom_limiter_look(const calcom_limiter_state *st, const calcom_limiter_config *cfg, double now,
	calcom_limiter_view *out);

/* Parses a header value in seconds (Retry-After, X-RateLimit-Reset-Default,
 * X-RateLimit-Remaining-Default): optional blanks, a decimal number >= 0 and
 * < 10^9 with an optional fraction, optional blanks; a value that rounds
 * up to 10^9 fails. */
bool calcom_limiter_parse_seconds(const char *s, size_t len, double *out);

#endif
