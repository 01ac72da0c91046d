/*
 * HTTP for the Cal.com client: libcurl's multi interface, so a batch of
 * requests runs in parallel on one thread, with per-request retries
 * (exponential backoff with full jitter, bounded attempts and total time)
 * scheduled inside the same event loop.
 *
 * A calcom_http lives as long as its PHP worker: its multi handle keeps the
 * keep-alive connection pool and its share handle the DNS cache, TLS
 * sessions and connections (never cookies) across PHP requests.
 */
#ifndef CALCOM_HTTP_H
#define CALCOM_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/err.h"

typedef struct calcom_http calcom_http;

typedef struct {
	int max_attempts;   /* >= 1; 1 means no retry */
	double base_delay;  /* seconds: the backoff ceiling before the 2nd attempt */
	double max_delay;   /* seconds: the ceiling never grows past this */
	double budget;      /* seconds for all attempts and waits together; 0 = only per-attempt timeouts */
} calcom_http_retry;

typedef struct {
	const char *method;           /* "GET" or "POST" */
	const char *url;
	const char *const *headers;   /* "Name: value" lines */
	size_t nheaders;
	const char *body;             /* request body or NULL */
	size_t body_len;
	double connect_timeout;       /* seconds, > 0 */
	double timeout;               /* seconds per attempt, > 0 */
	bool idempotent;              /* may be sent again after a failure */
	calcom_http_retry retry;
} calcom_http_request;

typedef struct {
	long status;            /* HTTP status of the last attempt; 0 when none arrived */
	calcom_err err;         /* the last attempt's transport failure; code CALCOM_OK when a status arrived */
	int attempts;
	char *body;             /* NUL-terminated; body_len excludes the NUL */
	size_t body_len;
	char *headers;          /* the final response's header block */
	size_t headers_len;
	double elapsed;         /* seconds from the first attempt to the answer */
	long new_connections;   /* connections opened over all attempts: 0 means a reused one */
} calcom_http_response;

typedef struct {
	uint64_t requests;
	uint64_t attempts;
	uint64_t retries;
	uint64_t new_connections;
} calcom_http_stats;

/* NULL when libcurl cannot be set up. seed feeds the jitter. */
calcom_http *calcom_http_new(uint64_t seed);
void calcom_http_free(calcom_http *h);
const calcom_http_stats *calcom_http_stats_get(const calcom_http *h);

/* Runs n requests at once and returns when every one has its final answer
 * (a response, or a failure after its last allowed attempt). responses[i]
 * belongs to requests[i]; free each with calcom_http_response_free. */
void calcom_http_perform(calcom_http *h, const calcom_http_request *requests, calcom_http_response *responses,
	size_t n);

void calcom_http_response_free(calcom_http_response *r);

/* The value of the last header called name (case-insensitive), trimmed, in
 * the final response; false when absent. Not NUL-terminated. */
bool calcom_http_header(const calcom_http_response *r, const char *name, const char **value, size_t *len);

/* Whether a finished attempt deserves another one: transport failures and
 * 500, 502, 503, 504. Never 429: the caller waits for the server's reset. */
bool calcom_http_retryable(const calcom_http_response *r);

/* Full-jitter backoff: a uniform draw in [0, min(max_delay, base_delay * 2^(attempt-1))]. */
double calcom_http_backoff(const calcom_http_retry *retry, int attempt, uint64_t *rng);

#endif
