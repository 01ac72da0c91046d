/*
 * The request queue's state in Redis: priority queuing with aging, leases
 * that lapse when a worker dies, bounded attempts, stored results.
 *
 * Keys, all under one hash tag (base = "<prefix>queue:{<name>}:"):
 *   ready:1 .. ready:4  zsets of queued job ids per priority, scored by place
 *   delayed             zset: jobs waiting to be retried, scored by due time (ms)
 *   leased              zset: jobs a worker holds, scored by lease expiry (ms)
 *   jobs                hash: id -> the job's record (JSON), id + ":r" -> its result payload
 *   finished            zset: finished jobs, scored by when they are forgotten (ms)
 *   seq                 counter the ids come from
 *   wake                list an enqueue pushes to, so idle workers wake up
 *   delivering          zset: finished jobs whose callback a worker is POSTing,
 *                       scored by when that delivery's lease runs out (ms)
 *   done:<id>           list of one element once the job is finished: the
 *                       latch result waits block on (rotated, never popped)
 * Every write refreshes every key's TTL to job_ttl; a finished job's record
 * and result are deleted result_ttl after it finished (by whichever script
 * runs next), its latch expires then too.
 *
 * Order. A job's place is its enqueue time (Redis TIME, ms) plus
 * (priority - 1) x aging: the worker takes the smallest place first, a tie
 * going to the higher priority (smaller number), then to the earlier id.
 * So among jobs enqueued within `aging` seconds of each other priority is
 * strict and FIFO holds within a priority, and a job is never overtaken by
 * a job of any priority enqueued more than (priority - 1) x aging after it:
 * a LOW job waits at most 3 x aging for newer CRITICAL work plus the time
 * to run what was queued before it. aging 0 means strict priority forever
 * (it stands for 10^13 ms). A retried or released job keeps its place.
 *
 * Ids are 16 lowercase hex digits of the queue's counter, so ids sort in
 * enqueue order.
 */
#ifndef CALCOM_QUEUE_H
#define CALCOM_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/err.h"
#include "../redis/redis.h"

#define CALCOM_QUEUE_ID_LEN 16
#define CALCOM_QUEUE_TOKEN_LEN 16

typedef struct {
	double aging_s;        /* >= 0; 0: strict priority */
	double job_ttl_s;      /* > 0: TTL of every key, refreshed by every write */
	double result_ttl_s;   /* > 0: how long a finished job's result stays */
	double visibility_s;   /* > 0: how long a claim's lease lasts */
	int max_attempts;      /* >= 1 */
} calcom_queue_config;

/* aging 30 s, job_ttl 86400 s, result_ttl 3600 s, visibility 60 s, 3 attempts. */
void calcom_queue_config_default(calcom_queue_config *cfg);
/* NULL when cfg is usable, else what is wrong with it. */
const char *calcom_queue_config_check(const calcom_queue_config *cfg);

/* One queue's key names. */
typedef struct calcom_queue calcom_queue;

/* base is "<prefix>queue:{<name>}:" (copied). NULL when out of memory. */
calcom_queue *calcom_queue_new(const char *base, size_t base_len);
void calcom_queue_free(calcom_queue *q);

typedef enum {
	CALCOM_QUEUE_UNKNOWN = 0,  /* no such job (never was, or forgotten) */
	CALCOM_QUEUE_QUEUED,       /* waiting in ready:<priority> */
	CALCOM_QUEUE_DELAYED,      /* waiting to be retried */
	CALCOM_QUEUE_RUNNING,      /* leased to a worker */
	CALCOM_QUEUE_DONE,
	CALCOM_QUEUE_FAILED
} calcom_queue_state;

const char *calcom_queue_state_name(calcom_queue_state s);

typedef enum {
	CALCOM_CALLBACK_NONE = 0,  /* no callback URL */
	CALCOM_CALLBACK_PENDING,   /* not delivered yet (a job not finished yet, too) */
	CALCOM_CALLBACK_DELIVERED,
	CALCOM_CALLBACK_FAILED     /* every delivery attempt failed; the result stays */
} calcom_callback_state;

const char *calcom_callback_state_name(calcom_callback_state s);

/* What enqueue stores. Strings need not be NUL-terminated; callback may be NULL. */
typedef struct {
	const char *method; size_t method_len;
	const char *path; size_t path_len;
	const char *params; size_t params_len;      /* JSON text, opaque to the queue */
	const char *callback; size_t callback_len;  /* NULL: none */
	int priority;                               /* 1..4 */
} calcom_queue_spec;

/* Adds a job and wakes an idle worker: one script call. id gets the new id,
 * NUL-terminated. */
bool calcom_queue_enqueue(calcom_redis *r, const calcom_queue *q, const calcom_queue_config *cfg,
	const calcom_queue_spec *spec, char id[CALCOM_QUEUE_ID_LEN + 1], calcom_err *err);

/* A job a claim handed out. Strings are malloc'd and NUL-terminated,
 * owned by the claim. */
typedef struct {
	char id[CALCOM_QUEUE_ID_LEN + 1];
	int priority;
	int attempts;          /* including this one */
	bool exhausted;        /* its lease ran out on its last attempt: do not run it, finish it FAILED */
	bool redeliver;        /* finished; its callback delivery was never confirmed: POST params (the
	                        * stored result) to callback again and record how it went */
	char *method, *path, *params;
	char *callback;        /* NULL: none */
	char *last_error;      /* JSON the last RETRY outcome stored, or NULL */
	size_t params_len, last_error_len;
	double enqueued_at;    /* s since the epoch (Redis clock) */
} calcom_queue_job;

typedef struct {
	calcom_queue_job *jobs;
	size_t n;
	double next_due_s;     /* s until the earliest delayed job or lease falls due; < 0: none */
} calcom_queue_claim;

/* One script call. First it moves due delayed jobs back to their place,
 * and handles leases that ran out: a job with attempts left goes back to
 * its place; one without is handed to this claim as exhausted (leased to
 * token, attempts unchanged; at most 100 per call), and callback deliveries
 * whose lease ran out unconfirmed (the worker died): handed out again as
 * redeliver under a fresh lease (at most 100). Then it leases up to max
 * jobs in order to token for visibility_s, counting an attempt each.
 * Exhausted and redeliver jobs come first and do not count toward max. */
bool calcom_queue_claim_jobs(calcom_redis *r, const calcom_queue *q, const calcom_queue_config *cfg, size_t max,
	const char token[CALCOM_QUEUE_TOKEN_LEN + 1], calcom_queue_claim *out, calcom_err *err);
void calcom_queue_claim_free(calcom_queue_claim *c);

typedef enum {
	CALCOM_QUEUE_OUTCOME_DONE,     /* payload is the result to store */
	CALCOM_QUEUE_OUTCOME_FAILED,   /* payload is the result to store (it tells the error) */
	CALCOM_QUEUE_OUTCOME_RETRY,    /* attempt used: back to its place after delay_s; payload is the error (last_error) */
	CALCOM_QUEUE_OUTCOME_RELEASE   /* not attempted (throttled, breaker open): back after delay_s, attempt given back */
} calcom_queue_outcome_kind;

typedef struct {
	const char *id;                /* NUL-terminated */
	calcom_queue_outcome_kind kind;
	double delay_s;                /* RETRY, RELEASE: >= 0 */
	const char *payload;
	size_t payload_len;
	bool callback_pending;         /* DONE, FAILED: a callback delivery follows */
} calcom_queue_outcome;

/* Applies n outcomes in one script call. DONE and FAILED apply unless the
 * job is already finished or gone (the first finisher wins, even one whose
 * lease ran out); they store the payload, schedule it to be forgotten
 * result_ttl later and set the job's latch; with callback_pending they
 * lease its delivery for visibility_s, until calcom_queue_callback_result. RETRY and RELEASE apply only
 * while the job is leased to token. applied[i] tells which did. */
bool calcom_queue_finish(calcom_redis *r, const calcom_queue *q, const calcom_queue_config *cfg,
	const char token[CALCOM_QUEUE_TOKEN_LEN + 1], const calcom_queue_outcome *outcomes, size_t n, bool *applied,
	calcom_err *err);

/* Records how callback deliveries ended: one round trip. */
bool calcom_queue_callback_result(calcom_redis *r, const calcom_queue *q, const char *const *ids,
	const calcom_callback_state *states, size_t n, calcom_err *err);

typedef struct {
	calcom_queue_state state;
	int priority;
	int attempts;
	double enqueued_at, started_at, finished_at;  /* s since the epoch; 0: not yet */
	long position;          /* QUEUED: jobs that will be taken before it; else -1 */
	calcom_callback_state callback;
	char *payload;          /* DONE, FAILED: the stored result (malloc'd), else NULL */
	size_t payload_len;
	char *last_error;       /* JSON or NULL (malloc'd) */
	size_t last_error_len;
} calcom_queue_status;

/* A job's status in one script call; state UNKNOWN for no such job. */
bool calcom_queue_status_get(calcom_redis *r, const calcom_queue *q, const char *id, calcom_queue_status *out,
	calcom_err *err);
void calcom_queue_status_free(calcom_queue_status *s);

typedef struct {
	long ready[5];          /* [1..4] per priority; [0] unused */
	long delayed;
	long running;
} calcom_queue_depths;

/* How many jobs wait and run: one round trip. */
bool calcom_queue_depths_get(calcom_redis *r, const calcom_queue *q, calcom_queue_depths *out, calcom_err *err);

/* Blocks until the job's latch is set or wait_s passes (BRPOPLPUSH of the
 * latch onto itself, so every waiter sees it): one round trip. *done tells
 * which. The connection's read timeout must exceed wait_s. */
bool calcom_queue_await(calcom_redis *r, const calcom_queue *q, const char *id, double wait_s, bool *done,
	calcom_err *err);

/* Blocks until an enqueue wakes this worker or wait_s passes (BLPOP on
 * wake): one round trip. The connection's read timeout must exceed wait_s. */
bool calcom_queue_idle(calcom_redis *r, const calcom_queue *q, double wait_s, calcom_err *err);

#endif
