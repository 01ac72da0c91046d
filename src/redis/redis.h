/*
 * One Redis connection with everything the components need around it:
 * lazy connect with a connect timeout, AUTH and SELECT on connect, a read
 * timeout, a liveness check before reuse, reconnect, round-trip counting
 * and Lua scripts called by SHA-1 (EVALSHA, then EVAL on NOSCRIPT).
 *
 * Not thread-safe: one connection belongs to one PHP worker (or thread).
 */
#ifndef CALCOM_REDIS_H
#define CALCOM_REDIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hiredis/hiredis.h>

#include "../lib/err.h"
#include "../lib/sha1.h"
#include "dsn.h"

typedef struct calcom_redis calcom_redis;

typedef struct {
	uint64_t connects;      /* successful (re)connects, the first one included */
	uint64_t round_trips;   /* request/response exchanges with the server */
	uint64_t script_loads;  /* NOSCRIPT answers that made us send the script body */
	long long client_id;    /* CLIENT ID of the current connection, -1 if none */
} calcom_redis_stats;

/* A Lua script known by its body and its SHA-1. */
typedef struct {
	const char *body;
	size_t len;
	char sha1[CALCOM_SHA1_HEX_LEN + 1];
} calcom_script;

void calcom_script_init(calcom_script *script, const char *body, size_t len);

/* Creates an unconnected handle; no I/O. Timeouts in seconds (> 0). The DSN
 * is copied. Returns NULL only when out of memory. */
calcom_redis *calcom_redis_new(const calcom_dsn *dsn, double connect_timeout, double read_timeout);
void calcom_redis_free(calcom_redis *r);

/* Timeouts for the next connect and command: Stores sharing a persistent
 * connection each apply their own before using it. */
void calcom_redis_set_timeouts(calcom_redis *r, double connect_timeout, double read_timeout);
const char *calcom_redis_endpoint(const calcom_redis *r);
const calcom_redis_stats *calcom_redis_stats_get(const calcom_redis *r);

/* True when a connection is open and, as far as a non-blocking look at the
 * socket can tell, still usable (the server has not closed it). */
bool calcom_redis_alive(calcom_redis *r);

/* Makes sure a usable connection exists: checks an open one for liveness
 * and (re)connects when needed. */
bool calcom_redis_ensure(calcom_redis *r, calcom_err *err);

/* Sends one command and returns its reply (free it with freeReplyObject).
 * Redis error replies are returned as replies of type REDIS_REPLY_ERROR.
 * After any failure the connection is closed, so the next call reconnects.
 * When `retry_safe` and the connection broke (not on a timeout: a slow
 * server gets no second helping), the command is sent once more on a fresh
 * connection. err must not be NULL. */
redisReply *calcom_redis_command(calcom_redis *r, bool retry_safe, int argc, const char **argv,
	const size_t *argvlen, calcom_err *err);

/* EVALSHA with keys then args; on NOSCRIPT the body is sent with EVAL in the
 * same call. Scripts are never retried after a broken connection: the
 * server may have run them. */
redisReply *calcom_redis_eval(calcom_redis *r, const calcom_script *script, int nkeys, const char **keys,
	const size_t *keylens, int nargs, const char **args, const size_t *arglens, calcom_err *err);

/* Sends n commands back to back and reads their n replies: one round trip.
 * False (every reply NULL) after a failure, which closes the connection;
 * never retried. Redis error replies come back as replies. */
bool calcom_redis_pipeline(calcom_redis *r, int n, const int *argcs, const char **const *argvs,
	const size_t *const *argvlens, redisReply **replies, calcom_err *err);

/* The script and one more command as one MULTI/EXEC transaction, in one
 * round trip: the script sees exactly the data the command reads. Returns
 * the script's reply and sets *second to the command's (free both). Like
 * calcom_redis_eval it falls back to EVAL on NOSCRIPT and is never retried
 * after a broken connection. */
redisReply *calcom_redis_eval_with(calcom_redis *r, const calcom_script *script, int nkeys, const char **keys,
	const size_t *keylens, int nargs, const char **args, const size_t *arglens, int argc2, const char **argv2,
	const size_t *argvlen2, redisReply **second, calcom_err *err);

/* The Redis server's clock, in seconds since the epoch. */
bool calcom_redis_time(calcom_redis *r, double *out, calcom_err *err);

#endif
