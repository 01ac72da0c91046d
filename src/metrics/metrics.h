/*
 * Request metrics: counted in process memory, added to Redis in one script
 * call per flush, read back in one script call.
 *
 * One record is one request as its caller saw it: an endpoint group
 * ([a-z][a-z0-9_]*, at most 32 characters), a status (an HTTP status, or
 * "timeout", "network", "refused" for one that got no answer or was never
 * sent), its latency, whether the cache answered it and how many retries it
 * took. Requests sent to Cal.com ("api") are timed into a histogram with
 * fixed buckets and count toward the current minute's rate-limit usage (one
 * per attempt); requests the cache answered are only counted.
 *
 * Redis: a hash of counters, fields
 *   r:<endpoint>:<status>:<a|c>  requests (api or cache)
 *   b:<endpoint>:<i>             api requests in latency bucket i (not cumulative)
 *   s:<endpoint>                 sum of their latencies, microseconds
 *   t:<endpoint>                 retries
 *   e:<type>                     errors: 429, 5xx, 4xx, timeout, network, refused
 * and a window hash: the current minute of the Redis clock, its attempts and
 * 429s, and the minute before's. Both keys expire ttl after the last flush.
 */
#ifndef CALCOM_METRICS_H
#define CALCOM_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/err.h"
#include "../redis/redis.h"

/* Latency buckets: upper bounds in seconds, the last one +Inf. */
#define CALCOM_METRICS_BUCKETS 12
extern const double calcom_metrics_bounds[CALCOM_METRICS_BUCKETS];

#define CALCOM_METRICS_NAME_MAX 32
/* Distinct counters one batch holds; records past it are dropped. */
#define CALCOM_METRICS_BATCH_MAX 4096

/* Whether an endpoint name is usable: [a-z][a-z0-9_]{0,31}. */
bool calcom_metrics_endpoint_valid(const char *s, size_t len);

/* The status of a request as recorded: "200".."599" style digits, or one of
 * "timeout", "network", "refused". */
bool calcom_metrics_status_valid(const char *s, size_t len);

/* The error type a status counts as, or NULL for none (1xx-3xx). */
const char *calcom_metrics_error_type(const char *status, size_t len);

/* The bucket a latency falls in. */
int calcom_metrics_bucket(double seconds);

/* The q-quantile (0 < q < 1) of a histogram of per-bucket (not cumulative)
 * counts, interpolated linearly inside its bucket as Prometheus's
 * histogram_quantile does; a quantile in the +Inf bucket is the highest
 * finite bound. NAN for an empty histogram. */
double calcom_metrics_quantile(const uint64_t counts[CALCOM_METRICS_BUCKETS], double q);

/* Increments waiting for a flush. */
typedef struct calcom_metrics_batch calcom_metrics_batch;

calcom_metrics_batch *calcom_metrics_batch_new(void);
void calcom_metrics_batch_free(calcom_metrics_batch *b);
void calcom_metrics_batch_clear(calcom_metrics_batch *b);
/* Records since the last flush or clear, and records dropped (full batch). */
size_t calcom_metrics_batch_records(const calcom_metrics_batch *b);
size_t calcom_metrics_batch_dropped(const calcom_metrics_batch *b);

/* Adds one request; false (nothing added) for an invalid endpoint or status
 * (CALCOM_E_INVALID) or when the batch is full or memory ran out. */
bool calcom_metrics_record(calcom_metrics_batch *b, const char *endpoint, size_t endpoint_len, const char *status,
	size_t status_len, double seconds, bool from_cache, int retries, calcom_err *err);

/* Adds the batch to the counters and the window in one script call and
 * clears it; an empty batch sends nothing. On failure the batch is kept. */
bool calcom_metrics_flush(calcom_redis *r, const char *counters_key, size_t counters_len, const char *window_key,
	size_t window_len, double ttl_s, calcom_metrics_batch *b, calcom_err *err);

typedef struct {
	double now;                  /* Redis clock, s */
	int64_t minute;              /* current minute (s / 60) */
	int64_t requests, limited;   /* this minute: attempts sent, 429s */
	int64_t prev_requests, prev_limited;  /* the minute before */
	/* The counters: n field/value pairs, elements 2i and 2i+1 (strings). */
	size_t n;
	const redisReply *counters;
	redisReply *reply_;          /* owned */
} calcom_metrics_read;

/* Reads the window and every counter in one script call. */
bool calcom_metrics_fetch(calcom_redis *r, const char *counters_key, size_t counters_len, const char *window_key,
	size_t window_len, calcom_metrics_read *out, calcom_err *err);
void calcom_metrics_read_free(calcom_metrics_read *m);

/* A counter field taken apart. Pointers into the field; lengths given. */
typedef enum { CALCOM_MF_REQUESTS, CALCOM_MF_BUCKET, CALCOM_MF_SUM, CALCOM_MF_RETRIES, CALCOM_MF_ERRORS } calcom_mf_kind;

typedef struct {
	calcom_mf_kind kind;
	const char *endpoint; size_t endpoint_len;  /* all but ERRORS */
	const char *status; size_t status_len;      /* REQUESTS; ERRORS: the type */
	bool from_cache;                            /* REQUESTS */
	int bucket;                                 /* BUCKET */
} calcom_metrics_field;

/* False for a field this version does not write. */
bool calcom_metrics_field_parse(const char *s, size_t len, calcom_metrics_field *out);

#endif
