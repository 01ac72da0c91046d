/*
 * Stale-while-revalidate entries in Redis: the envelope one value lives in,
 * and the one Lua script that reads, locks, writes and invalidates them.
 *
 * An entry is one Redis string, "swr1 <created> <compute> <fresh> <kind>\n"
 * followed by the payload: created is the Redis clock (ms) when the value's
 * computation began, compute how long it took (ms, for the XFetch early
 * refresh), fresh how long it stays fresh (ms); kind 'v' is a value, 't' a
 * tombstone left by an invalidation. The key expires when the entry stops
 * being servable stale. Every value key has a lock key beside it (the value
 * key + ":lock", same hash tag) naming the one process that recomputes it.
 *
 * Writes never replace an entry created later than their computation began:
 * a fetch that started before an invalidation (or before a fresher fetch)
 * cannot put older data back. The clock has millisecond steps, and within
 * the same millisecond the write wins: a fetch that began as a booking's
 * invalidation ran began after the booking was made.
 */
#ifndef CALCOM_SWR_H
#define CALCOM_SWR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hiredis/hiredis.h>

#include "../lib/err.h"
#include "../redis/redis.h"

/* Lock tokens: 16 hex digits. */
#define CALCOM_SWR_TOKEN_LEN 16

typedef struct {
	bool tombstone;
	int64_t created_ms;
	int64_t compute_ms;
	int64_t fresh_ms;
	const char *payload;     /* points into the parsed buffer */
	size_t payload_len;
} calcom_swr_entry;

/* Parses an envelope; false for anything that is not one. Numbers are
 * decimal digits only, at most 15 each (below 2^53, so Lua agrees). */
bool calcom_swr_entry_parse(const char *buf, size_t len, calcom_swr_entry *out);

/* What a read found for one key. */
typedef enum {
	CALCOM_SWR_FRESH = 'F',        /* serve it */
	CALCOM_SWR_EARLY = 'E',        /* fresh, but XFetch chose us to refresh it: we hold the lock */
	CALCOM_SWR_STALE_LOCKED = 'S', /* stale: serve it, we hold the lock to revalidate */
	CALCOM_SWR_STALE = 's',        /* stale: serve it, someone else revalidates */
	CALCOM_SWR_MISS_LOCKED = 'M',  /* nothing servable: we hold the lock, compute it */
	CALCOM_SWR_MISS = 'W'          /* nothing servable, someone else computes it (or no lock asked) */
} calcom_swr_state;

typedef struct {
	calcom_swr_state state;
	bool has_entry;          /* a value entry came back (fresh or stale) */
	calcom_swr_entry entry;  /* payload points into the read's reply */
} calcom_swr_found;

typedef struct {
	const char *token;       /* lock owner, CALCOM_SWR_TOKEN_LEN chars */
	bool lock;               /* take locks for misses and stale entries */
	int64_t lock_ms;
	int64_t fresh_ms;        /* < 0: each entry's own */
	double beta;             /* XFetch; 0 = no early refresh (sent in millionths) */
	double rnd;              /* -ln(U), U uniform in (0, 1]: the XFetch draw (likewise) */
} calcom_swr_read_args;

typedef struct {
	int64_t now_ms;          /* the Redis clock at the read */
	size_t n;
	calcom_swr_found *found; /* n of them */
	redisReply *reply;       /* owns what the payloads point into */
} calcom_swr_read_result;

/* Reads n entries (one round trip): keys[0..n) are the value keys,
 * keys[n..2n) their lock keys. Free the result with calcom_swr_read_free. */
bool calcom_swr_read(calcom_redis *r, size_t n, const char *const *keys, const size_t *key_lens,
	const calcom_swr_read_args *a, calcom_swr_read_result *out, calcom_err *err);
void calcom_swr_read_free(calcom_swr_read_result *res);

/* The cheap first look (one round trip, TIME and MGET, no script, no
 * locks): keys[0..n) are the value keys. An entry fresh by the same rule as
 * calcom_swr_read (XFetch included) is CALCOM_SWR_FRESH; every other key is
 * CALCOM_SWR_MISS, with has_entry telling whether a value is there: ask
 * calcom_swr_read about those, which takes the locks. Most reads are fresh
 * hits, and they cost Redis a GET instead of a script. */
bool calcom_swr_peek(calcom_redis *r, size_t n, const char *const *keys, const size_t *key_lens,
	const calcom_swr_read_args *a, calcom_swr_read_result *out, calcom_err *err);

/* A command that rides in the same MULTI/EXEC as the script, so a write or
 * an invalidation and its bookkeeping cost one round trip. reply is its
 * answer, the caller's to free (NULL if the transaction failed). */
typedef struct {
	int argc;
	const char **argv;
	const size_t *lens;
	redisReply *reply;
} calcom_swr_also;

typedef struct {
	const char *token;       /* the lock to release after writing; "" for none */
	int64_t created_ms;      /* Redis clock when the computation began; < 0: now */
	int64_t compute_ms;
	int64_t fresh_ms;
	int64_t stale_ms;        /* lifetime from created (>= fresh_ms) */
	calcom_swr_also *also;   /* NULL, or one more command in the same round trip */
} calcom_swr_write_args;

/* Writes n payloads (one round trip) and releases our locks on them;
 * *written counts entries stored (not skipped as older than what is there). */
bool calcom_swr_write(calcom_redis *r, size_t n, const char *const *keys, const size_t *key_lens,
	const char *const *payloads, const size_t *payload_lens, const calcom_swr_write_args *a, size_t *written,
	calcom_err *err);

/* Releases our locks (keys: n value keys then n lock keys), one round trip. */
bool calcom_swr_unlock(calcom_redis *r, size_t n, const char *const *keys, const size_t *key_lens, const char *token,
	calcom_err *err);

/* Replaces n entries by tombstones living ttl_ms (one round trip, with
 * also if not NULL): readers see misses, and a computation that began
 * before now cannot write them back. *existed counts values that were there. */
bool calcom_swr_invalidate(calcom_redis *r, size_t n, const char *const *keys, const size_t *key_lens, int64_t ttl_ms,
	calcom_swr_also *also, size_t *existed, calcom_err *err);

#endif
