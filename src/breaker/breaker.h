/*
 * The circuit breaker's algorithm.
 *
 * - Closed: failures are recorded with a weight (a 429 weighs more than a
 *   500) and count for failure_window seconds; when the weights in the
 *   window reach failure_threshold the circuit opens. A success while closed
 *   forgets the recorded failures, as the PHP breaker it replaces did: the
 *   window bounds how long a run of failures may stretch.
 * - Open: everything is refused until the recovery timeout has passed. The
 *   timeout doubles with every re-open (recovery, 2x, 4x ... capped at
 *   max_recovery) and starts over when the circuit closes; a failure that
 *   names the server's reset keeps the circuit open at least that long.
 * - Half-open: half_open_max_calls probes may run at a time, each holding a
 *   lease that expires after probe_ttl if its holder never reports back.
 *   success_threshold successes close the circuit; one failure re-opens it.
 * - A failure of weight 0 (a client error) says the service answered: it
 *   frees its lease and changes nothing else.
 *
 * Fleet-wide the state is one Redis hash and these rules run as Lua
 * (src/gate); this is the same algorithm in C for on_failure "local" and
 * for the unit tests. Times are milliseconds.
 */
#ifndef CALCOM_BREAKER_H
#define CALCOM_BREAKER_H

#include <stdbool.h>
#include <stddef.h>

#define CALCOM_BREAKER_MAX_THRESHOLD 1000
#define CALCOM_BREAKER_MAX_PROBES 100
#define CALCOM_BREAKER_LEASE_MAX 32
/* While the probes are out, others are told to come back after at most this
 * long (s): a probe answers within one request, long before its lease (which
 * only bounds a dead holder) runs out. Its twin is in src/gate's script. */
#define CALCOM_BREAKER_BUSY_RETRY_S 1.0
/* A server's reset hint keeps a circuit open at most this long (s). */
#define CALCOM_BREAKER_MAX_HINT_S 86400.0

typedef enum { CALCOM_BREAKER_CLOSED, CALCOM_BREAKER_OPEN, CALCOM_BREAKER_HALF_OPEN } calcom_breaker_state_name;

/* The kinds of failure the weights table names. */
typedef enum {
	CALCOM_FAILURE_STATUS,    /* an HTTP status */
	CALCOM_FAILURE_TIMEOUT,
	CALCOM_FAILURE_NETWORK,
	CALCOM_FAILURE_OTHER      /* an exception that is not about Cal.com */
} calcom_failure_kind;

typedef struct {
	int failure_threshold;    /* 1..1000 */
	double recovery_s;        /* first recovery timeout */
	int success_threshold;    /* >= 1 */
	double failure_window_s;
	double max_recovery_s;    /* >= recovery_s */
	int half_open_max_calls;  /* 1..100 */
	double probe_ttl_s;       /* a probe's lease */
	bool count_client_errors; /* 4xx other than 429 weigh weight_client instead of 0 */
	int weight_429, weight_503, weight_500, weight_timeout, weight_network, weight_other, weight_client;
} calcom_breaker_config;

/* threshold 5, recovery 60, successes 2, window 300, max recovery 600, one
 * probe with a 30 s lease, weights 429:3 503:2 500:1 timeout:2 network:2,
 * other exceptions 1, client errors 1 when counted. */
void calcom_breaker_config_default(calcom_breaker_config *cfg);
const char *calcom_breaker_config_check(const calcom_breaker_config *cfg);

/* The weight of a failure: statuses 429, 503 and 500 by the table, other
 * 5xx like 500, other 4xx 0 (or weight_client when counted), anything else
 * below 400 0. */
int calcom_breaker_weight(const calcom_breaker_config *cfg, calcom_failure_kind kind, long status);

/* The recovery timeout of the n-th consecutive opening (n >= 1). */
double calcom_breaker_recovery(const calcom_breaker_config *cfg, int n);

typedef struct {
	double at;
	int weight;
} calcom_breaker_failure;

typedef struct {
	char id[CALCOM_BREAKER_LEASE_MAX + 1];
	double until;
} calcom_breaker_lease;

typedef struct {
	calcom_breaker_state_name state;
	calcom_breaker_failure failures[CALCOM_BREAKER_MAX_THRESHOLD];
	int nfailures;
	double opened_at;   /* ms; 0 when closed */
	double retry_at;    /* ms: open until then */
	int open_count;     /* consecutive openings since the last close */
	int successes;      /* in half-open */
	calcom_breaker_lease leases[CALCOM_BREAKER_MAX_PROBES];
	int nleases;
} calcom_breaker_state;

typedef enum {
	CALCOM_BREAKER_ALLOW,     /* closed: go */
	CALCOM_BREAKER_PROBE,     /* half-open: go, holding the lease */
	CALCOM_BREAKER_REFUSE     /* open, or every probe lease taken */
} calcom_breaker_verdict;

void calcom_breaker_state_init(calcom_breaker_state *st);

/* Moves an open circuit whose time is over to half-open, drops failures
 * older than the window and expired leases. */
void calcom_breaker_advance(calcom_breaker_state *st, const calcom_breaker_config *cfg, double now);

/* Decides on one call. lease_id names the probe's lease when half-open.
 * On REFUSE, *retry_s says when to ask again. */
calcom_breaker_verdict calcom_breaker_allow(calcom_breaker_state *st, const calcom_breaker_config *cfg, double now,
	const char *lease_id, double *retry_s);

/* Records the outcome of calls: successes, and failures with their weights
 * (weight 0 entries only free their lease). hint_s >= 0 is the server's
 * reset time that keeps an opening at least that long. lease_id (or NULL)
 * is freed. */
void calcom_breaker_record(calcom_breaker_state *st, const calcom_breaker_config *cfg, double now, int successes,
	const int *weights, size_t nweights, double hint_s, const char *lease_id);

/* The sum of the weights in the window. */
int calcom_breaker_failure_weight(const calcom_breaker_state *st);

const char *calcom_breaker_state_text(calcom_breaker_state_name s);

#endif
