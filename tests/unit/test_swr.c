/*
 * src/swr: the envelope parser, and the one Lua script (read + lock, write
 * that never replaces newer data, unlock, tombstones) on the real
 * redis-server tests/unit/run.sh starts (CALCOM_TEST_REDIS_PORT).
 *
 * Every input the parser sees is copied into a heap buffer of exactly its
 * length, so ASan catches a read past it. Time windows in the Redis tests
 * are wide (a minute of freshness, a second of slack on TTLs), except where
 * a test pins an exact millisecond boundary, which it does by reading the
 * entry's own timestamps back from Redis.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "unit_redis.h"

#include "swr/swr.h"

#define TOKEN_A "aaaaaaaaaaaaaaaa"
#define TOKEN_B "bbbbbbbbbbbbbbbb"
#define LOCK_MS 5000
#define MINUTE 60000

static calcom_redis *redis;

/* ---- helpers: the parser ------------------------------------------------ */

/* A heap copy of exactly len bytes (ASan sees any read past it). */
static char *exact(const char *s, size_t len)
{
	char *p = malloc(len ? len : 1);
	assert_non_null(p);
	if (len) memcpy(p, s, len);
	return p;
}

/* Parses s[0..len) from an exact-size copy; the copy is freed. */
static bool parses(const char *s, size_t len)
{
	char *buf = exact(s, len);
	calcom_swr_entry e;
	bool ok = calcom_swr_entry_parse(buf, len, &e);
	if (ok) {
		assert_true(e.payload >= buf + 5 && e.payload <= buf + len);
		assert_true(e.payload + e.payload_len == buf + len);
	}
	free(buf);
	return ok;
}

#define PARSES(lit) parses(lit, sizeof lit - 1)

/* ---- helpers: Redis ----------------------------------------------------- */

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
	}
}

static redisReply *cmd(int argc, const char **argv, const size_t *lens)
{
	calcom_err err;
	redisReply *r = calcom_redis_command(redis, true, argc, argv, lens, &err);
	if (!r) fail_msg("%s: %s", argv[0], err.msg);
	if (r->type == REDIS_REPLY_ERROR) fail_msg("%s: %s", argv[0], r->str);
	return r;
}

static void del(const char *key)
{
	const char *argv[] = {"DEL", key};
	const size_t lens[] = {3, strlen(key)};
	freeReplyObject(cmd(2, argv, lens));
}

static void set_raw(const char *key, const char *val, size_t len)
{
	const char *argv[] = {"SET", key, val, "PX", "600000"};
	const size_t lens[] = {3, strlen(key), len, 2, 6};
	freeReplyObject(cmd(5, argv, lens));
}

/* The key's value (malloc'd, *len set) or NULL when it does not exist. */
static char *get_raw(const char *key, size_t *len)
{
	const char *argv[] = {"GET", key};
	const size_t lens[] = {3, strlen(key)};
	redisReply *r = cmd(2, argv, lens);
	char *out = NULL;
	if (r->type == REDIS_REPLY_STRING) {
		out = exact(r->str, r->len);
		*len = r->len;
	} else {
		assert_int_equal(r->type, REDIS_REPLY_NIL);
	}
	freeReplyObject(r);
	return out;
}

static long long pttl(const char *key)
{
	const char *argv[] = {"PTTL", key};
	const size_t lens[] = {4, strlen(key)};
	redisReply *r = cmd(2, argv, lens);
	assert_int_equal(r->type, REDIS_REPLY_INTEGER);
	long long v = r->integer;
	freeReplyObject(r);
	return v;
}

static bool exists(const char *key)
{
	return pttl(key) != -2;
}

/* The Redis clock in ms, as the script computes it. */
static int64_t redis_ms(void)
{
	const char *argv[] = {"TIME"};
	const size_t lens[] = {4};
	redisReply *r = cmd(1, argv, lens);
	assert_int_equal(r->type, REDIS_REPLY_ARRAY);
	assert_int_equal(r->elements, 2);
	int64_t ms = strtoll(r->element[0]->str, NULL, 10) * 1000 + strtoll(r->element[1]->str, NULL, 10) / 1000;
	freeReplyObject(r);
	return ms;
}

/* True when the lock key holds exactly token. */
static bool locked_by(const char *lock_key, const char *token)
{
	size_t len;
	char *v = get_raw(lock_key, &len);
	bool same = v && len == strlen(token) && memcmp(v, token, len) == 0;
	free(v);
	return same;
}

/* n value keys k[0..n) then their lock keys k[n..2n), unique to this
 * process and test, deleted when made and when dropped. */
#define MAX_N 16
typedef struct {
	size_t n;
	char *k[2 * MAX_N];
	size_t len[2 * MAX_N];
} keyset;

static void ks_init(keyset *ks, const char *tag, size_t n)
{
	assert_true(n >= 1 && n <= MAX_N);
	ks->n = n;
	for (size_t i = 0; i < n; i++) {
		char v[128], l[140];
		snprintf(v, sizeof v, "unit:swr:{p%d:%s}:%zu", (int)getpid(), tag, i);
		snprintf(l, sizeof l, "%s:lock", v);
		ks->k[i] = strdup(v);
		ks->k[n + i] = strdup(l);
		assert_non_null(ks->k[i]);
		assert_non_null(ks->k[n + i]);
		ks->len[i] = strlen(v);
		ks->len[n + i] = strlen(l);
		del(ks->k[i]);
		del(ks->k[n + i]);
	}
}

static void ks_free(keyset *ks)
{
	for (size_t i = 0; i < 2 * ks->n; i++) {
		del(ks->k[i]);
		free(ks->k[i]);
	}
	ks->n = 0;
}

#define VKEY(ks, i) ((ks)->k[i])
#define LKEY(ks, i) ((ks)->k[(ks)->n + (i)])

/* Reads key i alone. */
static void read_one(keyset *ks, size_t i, const calcom_swr_read_args *a, calcom_swr_read_result *res)
{
	const char *keys[2] = {VKEY(ks, i), LKEY(ks, i)};
	const size_t lens[2] = {ks->len[i], ks->len[ks->n + i]};
	calcom_err err;
	if (!calcom_swr_read(redis, 1, keys, lens, a, res, &err)) fail_msg("calcom_swr_read: %s", err.msg);
	assert_int_equal(res->n, 1);
	assert_non_null(res->found);
	assert_non_null(res->reply);
}

/* The state a read of key i alone gives; the result is freed. */
static calcom_swr_state state_of(keyset *ks, size_t i, const char *token, bool lock, int64_t fresh_ms, double beta,
	double rnd)
{
	calcom_swr_read_args a = {.token = token, .lock = lock, .lock_ms = LOCK_MS, .fresh_ms = fresh_ms, .beta = beta,
		.rnd = rnd};
	calcom_swr_read_result res;
	read_one(ks, i, &a, &res);
	calcom_swr_state s = res.found[0].state;
	calcom_swr_read_free(&res);
	return s;
}

static calcom_swr_state plain_read(keyset *ks, size_t i, const char *token)
{
	return state_of(ks, i, token, true, -1, 0.0, 1.0);
}

/* Writes one payload to key i; returns how many were written (0 or 1). */
static size_t write_one(keyset *ks, size_t i, const char *token, int64_t created, int64_t compute, int64_t fresh,
	int64_t stale, const char *payload, size_t plen)
{
	const char *keys[2] = {VKEY(ks, i), LKEY(ks, i)};
	const size_t lens[2] = {ks->len[i], ks->len[ks->n + i]};
	const char *payloads[1] = {payload};
	const size_t plens[1] = {plen};
	calcom_swr_write_args a = {.token = token, .created_ms = created, .compute_ms = compute, .fresh_ms = fresh,
		.stale_ms = stale};
	size_t written = 99;
	calcom_err err;
	if (!calcom_swr_write(redis, 1, keys, lens, payloads, plens, &a, &written, &err)) {
		fail_msg("calcom_swr_write: %s", err.msg);
	}
	assert_true(written <= 1);
	return written;
}

static size_t write_str(keyset *ks, size_t i, const char *token, int64_t created, int64_t fresh, int64_t stale,
	const char *payload)
{
	return write_one(ks, i, token, created, 0, fresh, stale, payload, strlen(payload));
}

static size_t invalidate(keyset *ks, size_t first, size_t n, int64_t ttl_ms)
{
	size_t existed = 99;
	calcom_err err;
	if (!calcom_swr_invalidate(redis, n, (const char *const *)&ks->k[first], &ks->len[first], ttl_ms, NULL, &existed,
		    &err)) {
		fail_msg("calcom_swr_invalidate: %s", err.msg);
	}
	return existed;
}

static void unlock_one(keyset *ks, size_t i, const char *token)
{
	const char *keys[2] = {VKEY(ks, i), LKEY(ks, i)};
	const size_t lens[2] = {ks->len[i], ks->len[ks->n + i]};
	calcom_err err;
	if (!calcom_swr_unlock(redis, 1, keys, lens, token, &err)) fail_msg("calcom_swr_unlock: %s", err.msg);
}

/* The entry stored under key i, parsed; *raw (free it) holds the bytes. */
static calcom_swr_entry stored(keyset *ks, size_t i, char **raw)
{
	size_t len;
	*raw = get_raw(VKEY(ks, i), &len);
	if (!*raw) fail_msg("%s does not exist", VKEY(ks, i));
	calcom_swr_entry e;
	if (!calcom_swr_entry_parse(*raw, len, &e)) fail_msg("%s holds no envelope: %.*s", VKEY(ks, i), (int)len, *raw);
	return e;
}

static void assert_payload(const calcom_swr_entry *e, const char *want, size_t len)
{
	assert_int_equal(e->payload_len, len);
	assert_memory_equal(e->payload, want, len);
}

/* ---- setup -------------------------------------------------------------- */

static int setup(void **state)
{
	(void)state;
	redis = unit_redis("test_swr", NULL);
	assert_non_null(redis);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	calcom_redis_free(redis);
	return 0;
}

/* ---- the envelope parser ------------------------------------------------ */

static void test_parse_value(void **state)
{
	(void)state;
	static const char in[] = "swr1 1700000000123 42 300000 v\n{\"a\":[1,2]}";
	size_t len = sizeof in - 1;
	char *buf = exact(in, len);
	calcom_swr_entry e;
	memset(&e, 0xa5, sizeof e);
	assert_true(calcom_swr_entry_parse(buf, len, &e));
	assert_false(e.tombstone);
	assert_true(e.created_ms == INT64_C(1700000000123));
	assert_true(e.compute_ms == 42);
	assert_true(e.fresh_ms == 300000);
	assert_ptr_equal(e.payload, buf + 31);
	assert_payload(&e, "{\"a\":[1,2]}", 11);
	free(buf);
}

static void test_parse_tombstone(void **state)
{
	(void)state;
	static const char in[] = "swr1 1700000000999 0 0 t\n";
	size_t len = sizeof in - 1;
	char *buf = exact(in, len);
	calcom_swr_entry e;
	assert_true(calcom_swr_entry_parse(buf, len, &e));
	assert_true(e.tombstone);
	assert_true(e.created_ms == INT64_C(1700000000999));
	assert_true(e.compute_ms == 0 && e.fresh_ms == 0);
	assert_ptr_equal(e.payload, buf + len);
	assert_int_equal(e.payload_len, 0);
	free(buf);
	/* A tombstone with bytes after its header still parses as one. */
	static const char more[] = "swr1 5 6 7 t\nleftover";
	buf = exact(more, sizeof more - 1);
	assert_true(calcom_swr_entry_parse(buf, sizeof more - 1, &e));
	assert_true(e.tombstone && e.created_ms == 5 && e.compute_ms == 6 && e.fresh_ms == 7);
	assert_payload(&e, "leftover", 8);
	free(buf);
}

static void test_parse_empty_and_zero(void **state)
{
	(void)state;
	static const char in[] = "swr1 0 0 0 v\n";
	char *buf = exact(in, sizeof in - 1);
	calcom_swr_entry e;
	assert_true(calcom_swr_entry_parse(buf, sizeof in - 1, &e));
	assert_false(e.tombstone);
	assert_true(e.created_ms == 0 && e.compute_ms == 0 && e.fresh_ms == 0);
	assert_ptr_equal(e.payload, buf + sizeof in - 1);
	assert_int_equal(e.payload_len, 0);
	free(buf);
}

static void test_parse_binary_payload(void **state)
{
	(void)state;
	/* Newlines, NULs, a second header and high bytes: all payload. */
	static const char in[] = "swr1 1 2 3 v\n\nline\0NUL\r\nswr1 4 5 6 t\n\xff\x80\0";
	size_t len = sizeof in - 1;
	char *buf = exact(in, len);
	calcom_swr_entry e;
	assert_true(calcom_swr_entry_parse(buf, len, &e));
	assert_false(e.tombstone);
	assert_true(e.created_ms == 1 && e.compute_ms == 2 && e.fresh_ms == 3);
	assert_ptr_equal(e.payload, buf + 13);
	assert_payload(&e, in + 13, len - 13);
	assert_int_equal(e.payload_len, 27);
	free(buf);
	/* A payload that is a single NUL. */
	static const char nul[] = "swr1 1 2 3 v\n\0";
	assert_true(parses(nul, sizeof nul - 1));
}

static void test_parse_digit_limits(void **state)
{
	(void)state;
	calcom_swr_entry e;
	/* 15 digits: the largest allowed, in every field. */
	static const char max[] = "swr1 999999999999999 999999999999999 999999999999999 v\nx";
	char *buf = exact(max, sizeof max - 1);
	assert_true(calcom_swr_entry_parse(buf, sizeof max - 1, &e));
	assert_true(e.created_ms == INT64_C(999999999999999));
	assert_true(e.compute_ms == INT64_C(999999999999999));
	assert_true(e.fresh_ms == INT64_C(999999999999999));
	assert_payload(&e, "x", 1);
	free(buf);
	/* Leading zeros count as digits: 15 are fine, 16 are not. */
	static const char zeros[] = "swr1 000000000000001 0 000000000000000 v\n";
	buf = exact(zeros, sizeof zeros - 1);
	assert_true(calcom_swr_entry_parse(buf, sizeof zeros - 1, &e));
	assert_true(e.created_ms == 1 && e.compute_ms == 0 && e.fresh_ms == 0);
	free(buf);
	assert_false(PARSES("swr1 0000000000000001 0 0 v\n"));
	/* 16 digits in each position. */
	assert_false(PARSES("swr1 1000000000000000 0 0 v\n"));
	assert_false(PARSES("swr1 0 1000000000000000 0 v\n"));
	assert_false(PARSES("swr1 0 0 1000000000000000 v\n"));
	assert_false(PARSES("swr1 9999999999999999 0 0 t\n"));
	/* Far more digits than fit in 64 bits. */
	assert_false(PARSES("swr1 99999999999999999999999999999999999999 0 0 v\n"));
}

static void test_parse_malformed(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		size_t len;
	} bad[] = {
#define BAD(lit) {lit, sizeof lit - 1}
		BAD(""),
		BAD("s"),
		BAD("swr1"),
		BAD("swr1 "),
		BAD("swr2 1 2 3 v\n"),
		BAD("SWR1 1 2 3 v\n"),
		BAD("swr 1 2 3 v\n"),
		BAD(" swr1 1 2 3 v\n"),
		BAD("swr1  1 2 3 v\n"),
		BAD("swr1 1  2 3 v\n"),
		BAD("swr1 1 2  3 v\n"),
		BAD("swr1 1 2 3  v\n"),
		BAD("swr1 1 2 3 v \n"),
		BAD("swr1\t1 2 3 v\n"),
		BAD("swr1 1\t2 3 v\n"),
		/* missing fields */
		BAD("swr1 v\n"),
		BAD("swr1 1 v\n"),
		BAD("swr1 1 2 v\n"),
		BAD("swr1 1 2 3\n"),
		BAD("swr1 1 2 3 \n"),
		BAD("swr1 1 2 3 4 v\n"),
		BAD("swr1  2 3 v\n"),
		/* not digits */
		BAD("swr1 -1 2 3 v\n"),
		BAD("swr1 +1 2 3 v\n"),
		BAD("swr1 1a 2 3 v\n"),
		BAD("swr1 a1 2 3 v\n"),
		BAD("swr1 1 0x2 3 v\n"),
		BAD("swr1 1 2 3.5 v\n"),
		BAD("swr1 1 2 1e3 v\n"),
		BAD("swr1 \xd9\xa1 2 3 v\n"),
		BAD("swr1 1 2 3\0 v\n"),
		/* wrong kind */
		BAD("swr1 1 2 3 x\n"),
		BAD("swr1 1 2 3 V\n"),
		BAD("swr1 1 2 3 T\n"),
		BAD("swr1 1 2 3 vv\n"),
		BAD("swr1 1 2 3 tv\n"),
		BAD("swr1 1 2 3 \0\n"),
		/* no newline after the kind */
		BAD("swr1 1 2 3 v"),
		BAD("swr1 1 2 3 t"),
		BAD("swr1 1 2 3 v\r\n"),
		BAD("swr1 1 2 3 v payload"),
		BAD("swr1 1 2 3 v\0\n"),
		/* garbage */
		BAD("hello"),
		BAD("\0\0\0\0\0\0\0\0\0\0\0\0\0"),
		BAD("{\"swr1\":1}"),
#undef BAD
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (parses(bad[i].s, bad[i].len)) fail_msg("accepted bad[%zu]: %.*s", i, (int)bad[i].len, bad[i].s);
	}
}

static void test_parse_truncated(void **state)
{
	(void)state;
	static const char *const whole[] = {"swr1 1700000000123 42 300000 v\n", "swr1 7 0 0 t\n", "swr1 0 0 0 v\n"};
	for (size_t w = 0; w < sizeof whole / sizeof whole[0]; w++) {
		size_t len = strlen(whole[w]);
		assert_true(parses(whole[w], len));
		for (size_t cut = 0; cut < len; cut++) {
			if (parses(whole[w], cut)) fail_msg("accepted a %zu-byte prefix of %s", cut, whole[w]);
		}
	}
	/* len, not a NUL, ends the input: a complete header past len is unseen. */
	static const char in[] = "swr1 1 2 3 v\npayload";
	calcom_swr_entry e;
	assert_false(calcom_swr_entry_parse(in, 12, &e));
	assert_true(calcom_swr_entry_parse(in, 13, &e));
	assert_int_equal(e.payload_len, 0);
	assert_true(calcom_swr_entry_parse(in, 16, &e));
	assert_payload(&e, "pay", 3);
}

/* ---- read, lock, write -------------------------------------------------- */

static void test_miss_locks_then_waits(void **state)
{
	(void)state;
	keyset ks;
	ks_init(&ks, "miss", 1);
	int64_t before = redis_ms();
	calcom_swr_read_args a = {.token = TOKEN_A, .lock = true, .lock_ms = LOCK_MS, .fresh_ms = -1};
	calcom_swr_read_result res;
	read_one(&ks, 0, &a, &res);
	int64_t after = redis_ms();
	assert_int_equal(res.found[0].state, CALCOM_SWR_MISS_LOCKED);
	assert_false(res.found[0].has_entry);
	assert_true(res.now_ms >= before && res.now_ms <= after);
	calcom_swr_read_free(&res);
	assert_null(res.found);
	assert_null(res.reply);
	assert_false(exists(VKEY(&ks, 0)));   /* a read writes no value */
	assert_true(locked_by(LKEY(&ks, 0), TOKEN_A));
	long long t = pttl(LKEY(&ks, 0));
	assert_true(t > LOCK_MS - 1000 && t <= LOCK_MS);

	/* Another reader waits; the lock stays ours. */
	assert_int_equal(plain_read(&ks, 0, TOKEN_B), CALCOM_SWR_MISS);
	assert_true(locked_by(LKEY(&ks, 0), TOKEN_A));
	ks_free(&ks);
}

static void test_write_stores_envelope_and_unlocks(void **state)
{
	(void)state;
	keyset ks;
	ks_init(&ks, "write", 1);
	calcom_swr_read_args a = {.token = TOKEN_A, .lock = true, .lock_ms = LOCK_MS, .fresh_ms = -1};
	calcom_swr_read_result res;
	read_one(&ks, 0, &a, &res);
	assert_int_equal(res.found[0].state, CALCOM_SWR_MISS_LOCKED);
	int64_t began = res.now_ms;
	calcom_swr_read_free(&res);

	static const char payload[] = "{\"id\":7}\nsecond line\0after NUL";
	size_t plen = sizeof payload - 1;
	assert_int_equal(write_one(&ks, 0, TOKEN_A, began, 37, MINUTE, 2 * MINUTE, payload, plen), 1);
	assert_false(exists(LKEY(&ks, 0)));   /* our lock is released */

	char *raw;
	calcom_swr_entry e = stored(&ks, 0, &raw);
	assert_false(e.tombstone);
	assert_true(e.created_ms == began);
	assert_true(e.compute_ms == 37);
	assert_true(e.fresh_ms == MINUTE);
	assert_payload(&e, payload, plen);
	free(raw);

	/* Fresh for everyone now; the reply carries the same entry. */
	read_one(&ks, 0, &(calcom_swr_read_args){.token = TOKEN_B, .lock = true, .lock_ms = LOCK_MS, .fresh_ms = -1},
		&res);
	assert_int_equal(res.found[0].state, CALCOM_SWR_FRESH);
	assert_true(res.found[0].has_entry);
	assert_false(res.found[0].entry.tombstone);
	assert_true(res.found[0].entry.created_ms == began);
	assert_true(res.found[0].entry.compute_ms == 37);
	assert_true(res.found[0].entry.fresh_ms == MINUTE);
	assert_payload(&res.found[0].entry, payload, plen);
	calcom_swr_read_free(&res);
	assert_false(exists(LKEY(&ks, 0)));   /* a fresh read takes no lock */
	ks_free(&ks);
}

static void test_write_empty_token_and_foreign_lock(void **state)
{
	(void)state;
	keyset ks;
	ks_init(&ks, "foreign", 1);
	assert_int_equal(plain_read(&ks, 0, TOKEN_A), CALCOM_SWR_MISS_LOCKED);
	/* B's write (or one with no token) stores, but leaves A's lock alone. */
	assert_int_equal(write_str(&ks, 0, TOKEN_B, -1, MINUTE, MINUTE, "b"), 1);
	assert_true(locked_by(LKEY(&ks, 0), TOKEN_A));
	assert_int_equal(write_str(&ks, 0, "", -1, MINUTE, MINUTE, "none"), 1);
	assert_true(locked_by(LKEY(&ks, 0), TOKEN_A));
	char *raw;
	calcom_swr_entry e = stored(&ks, 0, &raw);
	assert_payload(&e, "none", 4);
	free(raw);
	ks_free(&ks);
}

static void test_fresh_override_makes_stale(void **state)
{
	(void)state;
	keyset ks;
	ks_init(&ks, "stale", 1);
	assert_int_equal(write_str(&ks, 0, "", -1, MINUTE, 2 * MINUTE, "v1"), 1);
	assert_int_equal(plain_read(&ks, 0, TOKEN_A), CALCOM_SWR_FRESH);

	/* fresh_ms 0: stale, served, and we take the lock. */
	calcom_swr_read_args a = {.token = TOKEN_A, .lock = true, .lock_ms = LOCK_MS, .fresh_ms = 0};
	calcom_swr_read_result res;
	read_one(&ks, 0, &a, &res);
	assert_int_equal(res.found[0].state, CALCOM_SWR_STALE_LOCKED);
	assert_true(res.found[0].has_entry);
	assert_payload(&res.found[0].entry, "v1", 2);
	assert_true(res.found[0].entry.fresh_ms == MINUTE);   /* the entry's own, not the override */
	calcom_swr_read_free(&res);
	assert_true(locked_by(LKEY(&ks, 0), TOKEN_A));
	long long t = pttl(LKEY(&ks, 0));
	assert_true(t > LOCK_MS - 1000 && t <= LOCK_MS);

	/* Another token: stale, served, someone else revalidates. */
	a.token = TOKEN_B;
	read_one(&ks, 0, &a, &res);
	assert_int_equal(res.found[0].state, CALCOM_SWR_STALE);
	assert_true(res.found[0].has_entry);
	assert_payload(&res.found[0].entry, "v1", 2);
	calcom_swr_read_free(&res);
	assert_true(locked_by(LKEY(&ks, 0), TOKEN_A));

	/* Without the override it is still fresh (the lock does not matter). */
	assert_int_equal(plain_read(&ks, 0, TOKEN_B), CALCOM_SWR_FRESH);
	ks_free(&ks);
}

static void test_entry_fresh_and_override_longer(void **state)
{
	(void)state;
	keyset ks;
	ks_init(&ks, "ownfresh", 1);
	/* An entry with fresh 0 is stale from the start... */
	assert_int_equal(write_str(&ks, 0, "", -1, 0, MINUTE, "old"), 1);
	assert_int_equal(plain_read(&ks, 0, TOKEN_B), CALCOM_SWR_STALE_LOCKED);
	assert_int_equal(plain_read(&ks, 0, TOKEN_A), CALCOM_SWR_STALE);
	unlock_one(&ks, 0, TOKEN_B);
	/* ...unless the reader asks for a longer freshness. */
	assert_int_equal(state_of(&ks, 0, TOKEN_A, true, MINUTE, 0.0, 1.0), CALCOM_SWR_FRESH);
	assert_false(exists(LKEY(&ks, 0)));
	ks_free(&ks);
}

static void test_no_lock_asked(void **state)
{
	(void)state;
	keyset ks;
	ks_init(&ks, "nolock", 3);
	/* 0 missing, 1 stale, 2 fresh but due for an XFetch refresh. */
	assert_int_equal(write_str(&ks, 1, "", -1, 0, MINUTE, "stale"), 1);
	assert_int_equal(write_one(&ks, 2, "", -1, 500, MINUTE, MINUTE, "fresh", 5), 1);
	calcom_swr_read_args a = {.token = TOKEN_A, .lock = false, .lock_ms = LOCK_MS, .fresh_ms = -1, .beta = 1e6,
		.rnd = 1.0};
	calcom_swr_read_result res;
	calcom_err err;
	assert_true(calcom_swr_read(redis, 3, (const char *const *)ks.k, ks.len, &a, &res, &err));
	assert_int_equal(res.n, 3);
	assert_int_equal(res.found[0].state, CALCOM_SWR_MISS);
	assert_false(res.found[0].has_entry);
	assert_int_equal(res.found[1].state, CALCOM_SWR_STALE);
	assert_payload(&res.found[1].entry, "stale", 5);
	assert_int_equal(res.found[2].state, CALCOM_SWR_FRESH);
	assert_payload(&res.found[2].entry, "fresh", 5);
	calcom_swr_read_free(&res);
	for (size_t i = 0; i < 3; i++) assert_false(exists(LKEY(&ks, i)));
	/* lock: false with an empty token (a peek) does the same. */
	a.token = "";
	assert_true(calcom_swr_read(redis, 3, (const char *const *)ks.k, ks.len, &a, &res, &err));
	assert_int_equal(res.found[0].state, CALCOM_SWR_MISS);
	assert_int_equal(res.found[1].state, CALCOM_SWR_STALE);
	assert_int_equal(res.found[2].state, CALCOM_SWR_FRESH);
	calcom_swr_read_free(&res);
	for (size_t i = 0; i < 3; i++) assert_false(exists(LKEY(&ks, i)));
	ks_free(&ks);
}

/* ---- never replace newer ------------------------------------------------ */

static void test_older_write_skipped(void **state)
{
	(void)state;
	keyset ks;
	ks_init(&ks, "older", 1);
	int64_t t = redis_ms();
	assert_int_equal(write_str(&ks, 0, "", t, MINUTE, 2 * MINUTE, "new"), 1);
	/* A computation that began a millisecond earlier is skipped, and still
	 * releases its lock. */
	assert_int_equal(plain_read(&ks, 0, TOKEN_A), CALCOM_SWR_FRESH);
	assert_int_equal(state_of(&ks, 0, TOKEN_A, true, 0, 0.0, 1.0), CALCOM_SWR_STALE_LOCKED);
	assert_int_equal(write_str(&ks, 0, TOKEN_A, t - 1, MINUTE, 2 * MINUTE, "old"), 0);
	assert_false(exists(LKEY(&ks, 0)));
	char *raw;
	calcom_swr_entry e = stored(&ks, 0, &raw);
	assert_true(e.created_ms == t);
	assert_payload(&e, "new", 3);
	free(raw);
	/* One that began in the same millisecond is not older: it writes. */
	assert_int_equal(write_str(&ks, 0, "", t, MINUTE, 2 * MINUTE, "same"), 1);
	e = stored(&ks, 0, &raw);
	assert_true(e.created_ms == t);
	assert_payload(&e, "same", 4);
	free(raw);
	/* A later one replaces it. */
	assert_int_equal(write_str(&ks, 0, "", t + 1, MINUTE, 2 * MINUTE, "later"), 1);
	e = stored(&ks, 0, &raw);
	assert_true(e.created_ms == t + 1);
	assert_payload(&e, "later", 5);
	free(raw);
	/* "now", once the clock has moved past t + 1, is later than all of them. */
	sleep_ms(3);
	assert_int_equal(write_str(&ks, 0, "", -1, MINUTE, 2 * MINUTE, "now"), 1);
	ks_free(&ks);
}

static void test_tombstone_blocks_earlier_computation(void **state)
{
	(void)state;
	keyset ks;
	ks_init(&ks, "tomb", 1);
	assert_int_equal(write_str(&ks, 0, "", -1, MINUTE, 2 * MINUTE, "before"), 1);
	/* A revalidation begins (stale read, our lock)... */
	calcom_swr_read_args a = {.token = TOKEN_A, .lock = true, .lock_ms = LOCK_MS, .fresh_ms = 0};
	calcom_swr_read_result res;
	read_one(&ks, 0, &a, &res);
	assert_int_equal(res.found[0].state, CALCOM_SWR_STALE_LOCKED);
	int64_t began = res.now_ms;
	calcom_swr_read_free(&res);
	sleep_ms(3);
	/* ...an invalidation lands... */
	int64_t t0 = redis_ms();
	assert_int_equal(invalidate(&ks, 0, 1, MINUTE), 1);
	int64_t t1 = redis_ms();
	char *raw;
	calcom_swr_entry tomb = stored(&ks, 0, &raw);
	assert_true(tomb.tombstone);
	assert_true(tomb.created_ms >= t0 && tomb.created_ms <= t1);
	assert_true(tomb.created_ms > began);
	assert_true(tomb.compute_ms == 0 && tomb.fresh_ms == 0);
	assert_int_equal(tomb.payload_len, 0);
	free(raw);
	long long t = pttl(VKEY(&ks, 0));
	assert_true(t > MINUTE - 1000 && t <= MINUTE);
	/* ...so its write cannot put the old data back (our lock goes anyway). */
	assert_int_equal(write_str(&ks, 0, TOKEN_A, began, MINUTE, 2 * MINUTE, "stale data"), 0);
	assert_false(exists(LKEY(&ks, 0)));
	int64_t c = tomb.created_ms;
	/* One millisecond before it: still older, still refused. */
	assert_int_equal(write_str(&ks, 0, "", c - 1, MINUTE, 2 * MINUTE, "ms before"), 0);
	tomb = stored(&ks, 0, &raw);
	assert_true(tomb.tombstone && tomb.created_ms == c);
	free(raw);
	/* The tombstone reads as a miss. */
	assert_int_equal(plain_read(&ks, 0, TOKEN_B), CALCOM_SWR_MISS_LOCKED);
	/* Begun in the tombstone's own millisecond: the write wins (swr.h says
	 * why), and releases B's lock. */
	assert_int_equal(write_str(&ks, 0, TOKEN_B, c, MINUTE, 2 * MINUTE, "same ms"), 1);
	assert_false(exists(LKEY(&ks, 0)));
	calcom_swr_entry e = stored(&ks, 0, &raw);
	assert_false(e.tombstone);
	assert_true(e.created_ms == c);
	assert_payload(&e, "same ms", 7);
	free(raw);
	assert_int_equal(plain_read(&ks, 0, TOKEN_A), CALCOM_SWR_FRESH);
	ks_free(&ks);
}

static void test_write_now_after_tombstone(void **state)
{
	(void)state;
	keyset ks;
	ks_init(&ks, "tombnow", 1);
	assert_int_equal(invalidate(&ks, 0, 1, MINUTE), 0);
	sleep_ms(3);
	/* A computation begun (created < 0: "now") after the tombstone writes. */
	assert_int_equal(write_str(&ks, 0, "", -1, MINUTE, 2 * MINUTE, "fresh"), 1);
	assert_int_equal(plain_read(&ks, 0, TOKEN_A), CALCOM_SWR_FRESH);
	ks_free(&ks);
}

/* ---- times and lifetimes ------------------------------------------------ */

static void test_created_negative_is_now(void **state)
{
	(void)state;
	keyset ks;
	ks_init(&ks, "now", 1);
	int64_t before = redis_ms();
	assert_int_equal(write_one(&ks, 0, "", -1, 9, 1000, 5000, "x", 1), 1);
	int64_t after = redis_ms();
	char *raw;
	calcom_swr_entry e = stored(&ks, 0, &raw);
	assert_true(e.created_ms >= before && e.created_ms <= after);
	assert_true(e.compute_ms == 9 && e.fresh_ms == 1000);
	free(raw);
	long long t = pttl(VKEY(&ks, 0));
	assert_true(t > 4000 && t <= 5000);
	/* Any negative created means now. */
	assert_int_equal(write_one(&ks, 0, "", -12345, 0, 1000, 5000, "y", 1), 1);
	e = stored(&ks, 0, &raw);
	assert_true(e.created_ms >= before && e.created_ms <= redis_ms());
	free(raw);
	ks_free(&ks);
}

static void test_pttl_counts_from_created(void **state)
{
	(void)state;
	keyset ks;
	ks_init(&ks, "pttl", 1);
	int64_t now = redis_ms();
	assert_int_equal(write_str(&ks, 0, "", now - 2000, 1000, 10000, "x"), 1);
	long long t = pttl(VKEY(&ks, 0));
	/* stale_ms - (now - created) = 8000, minus the time since `now`. */
	assert_true(t > 7000 && t <= 8000);
	char *raw;
	calcom_swr_entry e = stored(&ks, 0, &raw);
	assert_true(e.created_ms == now - 2000);
	free(raw);
	/* Created 2 s ago with 1 s of freshness: stale at once. */
	assert_int_equal(plain_read(&ks, 0, TOKEN_A), CALCOM_SWR_STALE_LOCKED);
	ks_free(&ks);
}

static void test_expired_write_stores_nothing(void **state)
{
	(void)state;
	keyset ks;
	ks_init(&ks, "expired", 2);
	int64_t now = redis_ms();
	/* Missing key: stays missing, the lock goes. */
	assert_int_equal(plain_read(&ks, 0, TOKEN_A), CALCOM_SWR_MISS_LOCKED);
	assert_int_equal(write_str(&ks, 0, TOKEN_A, now - 10000, 1000, 5000, "dead"), 0);
	assert_false(exists(VKEY(&ks, 0)));
	assert_false(exists(LKEY(&ks, 0)));
	/* Stale lifetime exactly used up: nothing either. */
	assert_int_equal(write_str(&ks, 0, "", now - 5000, 1000, 5000, "dead"), 0);
	assert_false(exists(VKEY(&ks, 0)));
	/* An existing older entry is left as it is. */
	assert_int_equal(write_str(&ks, 1, "", now - 20000, 1000, MINUTE, "kept"), 1);
	assert_int_equal(write_str(&ks, 1, "", now - 10000, 1000, 5000, "dead"), 0);
	char *raw;
	calcom_swr_entry e = stored(&ks, 1, &raw);
	assert_true(e.created_ms == now - 20000);
	assert_payload(&e, "kept", 4);
	free(raw);
	ks_free(&ks);
}

/* ---- unlock ------------------------------------------------------------- */

static void test_unlock_only_ours(void **state)
{
	(void)state;
	keyset ks;
	ks_init(&ks, "unlock", 3);
	assert_int_equal(plain_read(&ks, 0, TOKEN_A), CALCOM_SWR_MISS_LOCKED);
	assert_int_equal(plain_read(&ks, 1, TOKEN_B), CALCOM_SWR_MISS_LOCKED);
	assert_int_equal(plain_read(&ks, 2, TOKEN_A), CALCOM_SWR_MISS_LOCKED);
	unlock_one(&ks, 0, TOKEN_B);
	assert_true(locked_by(LKEY(&ks, 0), TOKEN_A));
	unlock_one(&ks, 0, "");
	assert_true(locked_by(LKEY(&ks, 0), TOKEN_A));
	unlock_one(&ks, 0, "aaaaaaaaaaaaaaab");
	assert_true(locked_by(LKEY(&ks, 0), TOKEN_A));
	/* All three at once with A's token: A's two go, B's stays. */
	calcom_err err;
	assert_true(calcom_swr_unlock(redis, 3, (const char *const *)ks.k, ks.len, TOKEN_A, &err));
	assert_false(exists(LKEY(&ks, 0)));
	assert_true(locked_by(LKEY(&ks, 1), TOKEN_B));
	assert_false(exists(LKEY(&ks, 2)));
	/* Unlocking what is not locked is fine. */
	assert_true(calcom_swr_unlock(redis, 3, (const char *const *)ks.k, ks.len, TOKEN_A, &err));
	assert_true(locked_by(LKEY(&ks, 1), TOKEN_B));
	/* Now anyone may take key 0. */
	assert_int_equal(plain_read(&ks, 0, TOKEN_B), CALCOM_SWR_MISS_LOCKED);
	ks_free(&ks);
}

/* ---- invalidate --------------------------------------------------------- */

static void test_invalidate_counts_values(void **state)
{
	(void)state;
	keyset ks;
	ks_init(&ks, "inval", 6);
	/* 0 fresh value, 1 stale value, 2 tombstone, 3 missing, 4 garbage, 5 value */
	assert_int_equal(write_str(&ks, 0, "", -1, MINUTE, MINUTE, "a"), 1);
	assert_int_equal(write_str(&ks, 1, "", -1, 0, MINUTE, "b"), 1);
	assert_int_equal(invalidate(&ks, 2, 1, MINUTE), 0);
	set_raw(VKEY(&ks, 4), "not an entry", 12);
	assert_int_equal(write_str(&ks, 5, "", -1, MINUTE, MINUTE, "c"), 1);
	int64_t before = redis_ms();
	assert_int_equal(invalidate(&ks, 0, 6, 30000), 3);
	int64_t after = redis_ms();
	for (size_t i = 0; i < 6; i++) {
		char *raw;
		calcom_swr_entry e = stored(&ks, i, &raw);
		assert_true(e.tombstone);
		assert_true(e.created_ms >= before && e.created_ms <= after);
		assert_true(e.compute_ms == 0 && e.fresh_ms == 0);
		assert_int_equal(e.payload_len, 0);
		free(raw);
		long long t = pttl(VKEY(&ks, i));
		assert_true(t > 29000 && t <= 30000);
	}
	/* Tombstones read as misses: locked for us, waiting for the others. */
	calcom_swr_read_args a = {.token = TOKEN_A, .lock = true, .lock_ms = LOCK_MS, .fresh_ms = -1};
	calcom_swr_read_result res;
	calcom_err err;
	assert_true(calcom_swr_read(redis, 6, (const char *const *)ks.k, ks.len, &a, &res, &err));
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(res.found[i].state, CALCOM_SWR_MISS_LOCKED);
		assert_false(res.found[i].has_entry);
	}
	calcom_swr_read_free(&res);
	assert_int_equal(plain_read(&ks, 0, TOKEN_B), CALCOM_SWR_MISS);
	/* A tombstone over a tombstone: nothing existed. */
	assert_int_equal(invalidate(&ks, 0, 6, MINUTE), 0);
	/* The lock is not the invalidation's business. */
	assert_true(locked_by(LKEY(&ks, 0), TOKEN_A));
	ks_free(&ks);
}

static void test_invalidate_short_ttl(void **state)
{
	(void)state;
	keyset ks;
	ks_init(&ks, "invalttl", 2);
	assert_int_equal(write_str(&ks, 0, "", -1, MINUTE, MINUTE, "a"), 1);
	assert_int_equal(write_str(&ks, 1, "", -1, MINUTE, MINUTE, "b"), 1);
	/* ttl_ms <= 0 still leaves a (1 ms) tombstone, never a value. */
	assert_int_equal(invalidate(&ks, 0, 1, 0), 1);
	assert_int_equal(invalidate(&ks, 1, 1, -5), 1);
	sleep_ms(20);
	assert_false(exists(VKEY(&ks, 0)));
	assert_false(exists(VKEY(&ks, 1)));
	ks_free(&ks);
}

/* ---- XFetch ------------------------------------------------------------- */

static void test_xfetch(void **state)
{
	(void)state;
	keyset ks;
	ks_init(&ks, "xfetch", 1);
	assert_int_equal(write_one(&ks, 0, "", -1, 50, MINUTE, 2 * MINUTE, "v", 1), 1);
	/* beta 0 never refreshes early, whatever the draw. */
	static const double draws[] = {0.0, 1e-9, 0.5, 1.0, 30.0, 1e6, 1e300, INFINITY};
	for (size_t i = 0; i < sizeof draws / sizeof draws[0]; i++) {
		assert_int_equal(state_of(&ks, 0, TOKEN_A, true, -1, 0.0, draws[i]), CALCOM_SWR_FRESH);
	}
	/* Small beta, 50 ms of computing, a minute to go: not yet. */
	assert_int_equal(state_of(&ks, 0, TOKEN_A, true, -1, 1.0, 1.0), CALCOM_SWR_FRESH);
	/* A draw of 0 never refreshes early. */
	assert_int_equal(state_of(&ks, 0, TOKEN_A, true, -1, 1e6, 0.0), CALCOM_SWR_FRESH);
	assert_false(exists(LKEY(&ks, 0)));

	/* A huge beta: we refresh early, holding the lock, and get the entry. */
	calcom_swr_read_args a = {.token = TOKEN_A, .lock = true, .lock_ms = LOCK_MS, .fresh_ms = -1, .beta = 1e6,
		.rnd = 1.0};
	calcom_swr_read_result res;
	read_one(&ks, 0, &a, &res);
	assert_int_equal(res.found[0].state, CALCOM_SWR_EARLY);
	assert_true(res.found[0].has_entry);
	assert_payload(&res.found[0].entry, "v", 1);
	assert_true(res.found[0].entry.compute_ms == 50);
	calcom_swr_read_free(&res);
	assert_true(locked_by(LKEY(&ks, 0), TOKEN_A));
	/* Others drawing the same just see it fresh: one refresher. */
	assert_int_equal(state_of(&ks, 0, TOKEN_B, true, -1, 1e6, 1.0), CALCOM_SWR_FRESH);
	assert_true(locked_by(LKEY(&ks, 0), TOKEN_A));
	unlock_one(&ks, 0, TOKEN_A);
	/* A huge (even absurd) draw refreshes early too. */
	assert_int_equal(state_of(&ks, 0, TOKEN_B, true, -1, 1.0, 1e300), CALCOM_SWR_EARLY);
	unlock_one(&ks, 0, TOKEN_B);
	/* Non-finite or negative beta is no early refresh. */
	assert_int_equal(state_of(&ks, 0, TOKEN_A, true, -1, INFINITY, 1.0), CALCOM_SWR_FRESH);
	assert_int_equal(state_of(&ks, 0, TOKEN_A, true, -1, NAN, 1.0), CALCOM_SWR_FRESH);
	assert_int_equal(state_of(&ks, 0, TOKEN_A, true, -1, -1e6, 1.0), CALCOM_SWR_FRESH);
	assert_false(exists(LKEY(&ks, 0)));
	/* Stale stays stale ('S', not 'E'), whatever beta says. */
	assert_int_equal(state_of(&ks, 0, TOKEN_A, true, 0, 1e6, 1.0), CALCOM_SWR_STALE_LOCKED);
	unlock_one(&ks, 0, TOKEN_A);

	/* An entry that took no time to compute is never refreshed early. */
	assert_int_equal(write_one(&ks, 0, "", -1, 0, MINUTE, 2 * MINUTE, "w", 1), 1);
	assert_int_equal(state_of(&ks, 0, TOKEN_A, true, -1, 1e6, 1e6), CALCOM_SWR_FRESH);
	assert_false(exists(LKEY(&ks, 0)));

	/* The threshold: 1 ms * 1e6 * 0.001 = 1000 ms ahead of a 1000 ms freshness
	 * reaches expiry already; 1 ms * 1e6 * 0.0001 = 100 ms ahead does not. */
	assert_int_equal(write_one(&ks, 0, "", -1, 1, 1000, MINUTE, "z", 1), 1);
	assert_int_equal(state_of(&ks, 0, TOKEN_A, true, -1, 1e6, 0.0001), CALCOM_SWR_FRESH);
	assert_int_equal(state_of(&ks, 0, TOKEN_A, true, -1, 1e6, 0.001), CALCOM_SWR_EARLY);
	/* Without a lock to take, XFetch says fresh. */
	assert_int_equal(state_of(&ks, 0, TOKEN_B, true, -1, 1e6, 0.001), CALCOM_SWR_FRESH);
	assert_int_equal(state_of(&ks, 0, TOKEN_B, false, -1, 1e6, 0.001), CALCOM_SWR_FRESH);
	ks_free(&ks);
}

/* A beta far beyond any sensible one (it used to be printed with "%.6f"
 * into a 32-byte buffer, and from 1e25 on hiredis read past it): still an
 * early refresh, and no read past anything. */
static void test_xfetch_absurd_beta(void **state)
{
	(void)state;
	keyset ks;
	ks_init(&ks, "bigbeta", 1);
	assert_int_equal(write_one(&ks, 0, "", -1, 50, MINUTE, 2 * MINUTE, "v", 1), 1);
	static const double betas[] = {1e25, 1e30, 1e300, DBL_MAX};
	for (size_t i = 0; i < sizeof betas / sizeof betas[0]; i++) {
		assert_int_equal(state_of(&ks, 0, TOKEN_A, true, -1, betas[i], 1.0), CALCOM_SWR_EARLY);
		unlock_one(&ks, 0, TOKEN_A);
	}
	ks_free(&ks);
}

/* ---- many keys in one round trip ---------------------------------------- */

static void test_multi_key_states_in_order(void **state)
{
	(void)state;
	enum { N = 14 };
	keyset ks;
	ks_init(&ks, "multi", N);
	/* What each key holds, and the state a read with A's token must give. */
	static const struct {
		char what;   /* 'm' missing, 'f' fresh, 'e' fresh + compute 50, 's' stale, 't' tombstone, 'g' garbage */
		const char *locker;
		calcom_swr_state want;
	} plan[N] = {
		{'m', NULL, CALCOM_SWR_MISS_LOCKED},
		{'f', NULL, CALCOM_SWR_FRESH},
		{'s', NULL, CALCOM_SWR_STALE_LOCKED},
		{'t', NULL, CALCOM_SWR_MISS_LOCKED},
		{'g', NULL, CALCOM_SWR_MISS_LOCKED},
		{'m', TOKEN_B, CALCOM_SWR_MISS},
		{'s', TOKEN_B, CALCOM_SWR_STALE},
		{'e', NULL, CALCOM_SWR_EARLY},
		{'f', NULL, CALCOM_SWR_FRESH},
		{'m', NULL, CALCOM_SWR_MISS_LOCKED},
		{'s', NULL, CALCOM_SWR_STALE_LOCKED},
		{'g', NULL, CALCOM_SWR_MISS_LOCKED},
		{'e', TOKEN_B, CALCOM_SWR_FRESH},
		{'f', TOKEN_B, CALCOM_SWR_FRESH},
	};
	char payload[N][32];
	for (size_t i = 0; i < N; i++) {
		snprintf(payload[i], sizeof payload[i], "payload %zu\n", i);
		switch (plan[i].what) {
		case 'f': assert_int_equal(write_str(&ks, i, "", -1, MINUTE, 2 * MINUTE, payload[i]), 1); break;
		case 'e':
			assert_int_equal(write_one(&ks, i, "", -1, 50, MINUTE, 2 * MINUTE, payload[i], strlen(payload[i])), 1);
			break;
		case 's': assert_int_equal(write_str(&ks, i, "", -1, 0, 2 * MINUTE, payload[i]), 1); break;
		case 't': assert_int_equal(invalidate(&ks, i, 1, MINUTE), 0); break;
		case 'g': set_raw(VKEY(&ks, i), i == 4 ? "swr1 1 2 3 x\n" : "{}", i == 4 ? 13 : 2); break;
		default: break;
		}
		if (plan[i].locker) {
			const char *argv[] = {"SET", LKEY(&ks, i), plan[i].locker, "PX", "60000"};
			const size_t lens[] = {3, ks.len[N + i], CALCOM_SWR_TOKEN_LEN, 2, 5};
			freeReplyObject(cmd(5, argv, lens));
		}
	}
	sleep_ms(2);   /* everything above was created before the read's now */

	calcom_swr_read_args a = {.token = TOKEN_A, .lock = true, .lock_ms = LOCK_MS, .fresh_ms = -1, .beta = 1e6,
		.rnd = 1.0};
	calcom_swr_read_result res;
	calcom_err err;
	uint64_t trips = calcom_redis_stats_get(redis)->round_trips;
	assert_true(calcom_swr_read(redis, N, (const char *const *)ks.k, ks.len, &a, &res, &err));
	assert_int_equal(calcom_redis_stats_get(redis)->round_trips - trips, 1);
	assert_int_equal(res.n, N);
	int64_t began = res.now_ms;
	for (size_t i = 0; i < N; i++) {
		const calcom_swr_found *f = &res.found[i];
		if (f->state != plan[i].want) fail_msg("key %zu: state '%c', want '%c'", i, f->state, plan[i].want);
		bool entry = plan[i].what == 'f' || plan[i].what == 'e' || plan[i].what == 's';
		assert_int_equal(f->has_entry, entry);
		if (entry) {
			assert_false(f->entry.tombstone);
			assert_payload(&f->entry, payload[i], strlen(payload[i]));
		}
	}
	calcom_swr_read_free(&res);
	for (size_t i = 0; i < N; i++) {
		bool ours = plan[i].want == CALCOM_SWR_MISS_LOCKED || plan[i].want == CALCOM_SWR_STALE_LOCKED ||
		            plan[i].want == CALCOM_SWR_EARLY;
		if (plan[i].locker) {
			assert_true(locked_by(LKEY(&ks, i), plan[i].locker));
		} else if (ours) {
			assert_true(locked_by(LKEY(&ks, i), TOKEN_A));
		} else {
			assert_false(exists(LKEY(&ks, i)));
		}
	}

	/* One write of all 14 with A's token, begun at the read: every key was
	 * older (or empty), so all are written; A's locks go, B's stay. */
	const char *payloads[N];
	size_t plens[N];
	char fresh_payload[N][32];
	for (size_t i = 0; i < N; i++) {
		snprintf(fresh_payload[i], sizeof fresh_payload[i], "new %zu", i);
		payloads[i] = fresh_payload[i];
		plens[i] = strlen(fresh_payload[i]);
	}
	calcom_swr_write_args w = {.token = TOKEN_A, .created_ms = began, .compute_ms = 3, .fresh_ms = MINUTE,
		.stale_ms = 2 * MINUTE};
	size_t written = 0;
	trips = calcom_redis_stats_get(redis)->round_trips;
	assert_true(calcom_swr_write(redis, N, (const char *const *)ks.k, ks.len, payloads, plens, &w, &written, &err));
	assert_int_equal(calcom_redis_stats_get(redis)->round_trips - trips, 1);
	assert_int_equal(written, N);
	for (size_t i = 0; i < N; i++) {
		char *raw;
		calcom_swr_entry e = stored(&ks, i, &raw);
		assert_true(e.created_ms == began && e.compute_ms == 3 && e.fresh_ms == MINUTE);
		assert_payload(&e, fresh_payload[i], plens[i]);
		free(raw);
		if (plan[i].locker) {
			assert_true(locked_by(LKEY(&ks, i), plan[i].locker));
		} else {
			assert_false(exists(LKEY(&ks, i)));
		}
	}
	ks_free(&ks);
}

static void test_multi_key_write_skips_per_key(void **state)
{
	(void)state;
	keyset ks;
	ks_init(&ks, "multiw", 4);
	int64_t t = redis_ms();
	/* 0 empty, 1 newer value, 2 older value, 3 a tombstone of the write's millisecond */
	assert_int_equal(write_str(&ks, 1, "", t + 1000, MINUTE, 2 * MINUTE, "newer"), 1);
	assert_int_equal(write_str(&ks, 2, "", t - 1000, MINUTE, 2 * MINUTE, "older"), 1);
	assert_int_equal(invalidate(&ks, 3, 1, MINUTE), 0);
	char *raw;
	calcom_swr_entry tomb = stored(&ks, 3, &raw);
	free(raw);
	const char *payloads[4] = {"p0", "p1", "p2", "p3"};
	const size_t plens[4] = {2, 2, 2, 2};
	calcom_swr_write_args w = {.token = "", .created_ms = tomb.created_ms, .compute_ms = 0, .fresh_ms = MINUTE,
		.stale_ms = 2 * MINUTE};
	size_t written = 0;
	calcom_err err;
	assert_true(calcom_swr_write(redis, 4, (const char *const *)ks.k, ks.len, payloads, plens, &w, &written, &err));
	assert_int_equal(written, 3);  /* a tombstone of the write's own millisecond does not block it */
	static const char *const want[4] = {"p0", "newer", "p2", "p3"};
	for (size_t i = 0; i < 4; i++) {
		calcom_swr_entry e = stored(&ks, i, &raw);
		if (want[i]) {
			assert_false(e.tombstone);
			assert_payload(&e, want[i], strlen(want[i]));
		} else {
			assert_true(e.tombstone);
		}
		free(raw);
	}
	ks_free(&ks);
}

/* ---- garbage in the key ------------------------------------------------- */

static void test_garbage_reads_as_miss(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		size_t len;
	} junk[] = {
#define J(lit) {lit, sizeof lit - 1}
		J(""),
		J("hello"),
		J("swr1"),
		J("swr1 1 2 3 v"),
		J("swr1 1 2 3 q\n"),
		J("swr1 a 2 3 v\n"),
		J("swr1 1 2 v\n"),
		J("swr1 -1 2 3 v\n"),
		J("swr2 1 2 3 v\n"),
		J(" swr1 1 2 3 v\n"),
		J("\0swr1 1 2 3 v\n"),
		J("SWR1 1 2 3 v\n"),
#undef J
	};
	enum { N = sizeof junk / sizeof junk[0] };
	keyset ks;
	ks_init(&ks, "garbage", N);
	for (size_t i = 0; i < N; i++) set_raw(VKEY(&ks, i), junk[i].s, junk[i].len);
	calcom_swr_read_args a = {.token = TOKEN_A, .lock = true, .lock_ms = LOCK_MS, .fresh_ms = -1, .beta = 1.0,
		.rnd = 1.0};
	calcom_swr_read_result res;
	calcom_err err;
	assert_true(calcom_swr_read(redis, N, (const char *const *)ks.k, ks.len, &a, &res, &err));
	for (size_t i = 0; i < N; i++) {
		if (res.found[i].state != CALCOM_SWR_MISS_LOCKED) {
			fail_msg("junk[%zu]: state '%c', want 'M'", i, res.found[i].state);
		}
		assert_false(res.found[i].has_entry);
	}
	calcom_swr_read_free(&res);
	/* Nobody else gets anything either, and a write replaces the junk. */
	assert_int_equal(plain_read(&ks, 0, TOKEN_B), CALCOM_SWR_MISS);
	assert_int_equal(write_str(&ks, 1, TOKEN_A, -1, MINUTE, MINUTE, "ok"), 1);
	assert_int_equal(plain_read(&ks, 1, TOKEN_B), CALCOM_SWR_FRESH);
	ks_free(&ks);
}

/* ---- arguments and failures --------------------------------------------- */

static void test_key_counts_refused(void **state)
{
	(void)state;
	keyset ks;
	ks_init(&ks, "counts", 1);
	const char *payloads[1] = {"x"};
	const size_t plens[1] = {1};
	calcom_swr_read_args ra = {.token = TOKEN_A, .lock = true, .lock_ms = LOCK_MS, .fresh_ms = -1};
	calcom_swr_write_args wa = {.token = TOKEN_A, .created_ms = -1, .fresh_ms = 1, .stale_ms = 1};
	static const size_t counts[] = {0, 4001};
	for (size_t c = 0; c < 2; c++) {
		size_t n = counts[c], out = 99;
		calcom_swr_read_result res;
		calcom_err err;
		calcom_err_clear(&err);
		assert_false(calcom_swr_read(redis, n, (const char *const *)ks.k, ks.len, &ra, &res, &err));
		assert_int_equal(err.code, CALCOM_E_INVALID);
		assert_true(err.msg[0] != '\0');
		assert_null(res.found);
		assert_null(res.reply);
		calcom_swr_read_free(&res);
		calcom_err_clear(&err);
		assert_false(calcom_swr_write(redis, n, (const char *const *)ks.k, ks.len, payloads, plens, &wa, &out, &err));
		assert_int_equal(err.code, CALCOM_E_INVALID);
		calcom_err_clear(&err);
		assert_false(calcom_swr_unlock(redis, n, (const char *const *)ks.k, ks.len, TOKEN_A, &err));
		assert_int_equal(err.code, CALCOM_E_INVALID);
		calcom_err_clear(&err);
		assert_false(calcom_swr_invalidate(redis, n, (const char *const *)ks.k, ks.len, 1000, NULL, &out, &err));
		assert_int_equal(err.code, CALCOM_E_INVALID);
	}
	ks_free(&ks);
}

static void test_unreachable_server(void **state)
{
	(void)state;
	/* Port 1 on loopback: nothing listens, the connect is refused. */
	static const char text[] = "redis://127.0.0.1:1";
	calcom_dsn dsn;
	calcom_err err;
	assert_true(calcom_dsn_parse(text, sizeof text - 1, &dsn, &err));
	calcom_redis *down = calcom_redis_new(&dsn, 1.0, 1.0);
	assert_non_null(down);
	const char *keys[2] = {"k", "k:lock"};
	const size_t lens[2] = {1, 6};
	calcom_swr_read_args ra = {.token = TOKEN_A, .lock = true, .lock_ms = LOCK_MS, .fresh_ms = -1};
	calcom_swr_read_result res;
	calcom_err_clear(&err);
	assert_false(calcom_swr_read(down, 1, keys, lens, &ra, &res, &err));
	assert_int_equal(err.code, CALCOM_E_CONNECT);
	assert_null(res.found);
	calcom_swr_read_free(&res);   /* safe on a failed read */
	const char *payloads[1] = {"x"};
	const size_t plens[1] = {1};
	calcom_swr_write_args wa = {.token = TOKEN_A, .created_ms = -1, .fresh_ms = 1, .stale_ms = 1};
	size_t out;
	calcom_err_clear(&err);
	assert_false(calcom_swr_write(down, 1, keys, lens, payloads, plens, &wa, &out, &err));
	assert_int_equal(err.code, CALCOM_E_CONNECT);
	calcom_err_clear(&err);
	assert_false(calcom_swr_unlock(down, 1, keys, lens, TOKEN_A, &err));
	assert_int_equal(err.code, CALCOM_E_CONNECT);
	calcom_err_clear(&err);
	assert_false(calcom_swr_invalidate(down, 1, keys, lens, 1000, NULL, &out, &err));
	assert_int_equal(err.code, CALCOM_E_CONNECT);
	calcom_redis_free(down);
}


/* ---- regressions: bugs the first version of src/swr had ------------------ */

/* The Lua pattern takes any number of digits (%d+), the C parser at most 15:
 * a value with a 16-digit field is an entry for the script ('F', 'S', ...)
 * and garbage for the parser, so the whole read fails with
 * CALCOM_E_PROTOCOL instead of reading it as a miss (and, when the script
 * said 'S', the lock it took stays behind). */
static void test_bug_16_digit_value_reads_as_miss(void **state)
{
	(void)state;
	static const char *const junk[] = {
		"swr1 1234567890123456 0 0 v\nx",   /* created in the far future: 'F' to Lua */
		"swr1 1 0 1234567890123456 v\nx",   /* fresh for ages: 'F' to Lua */
		"swr1 0 0000000000000000 0 v\nx",   /* stale: 'S' to Lua, which locks */
	};
	keyset ks;
	ks_init(&ks, "bug16", 3);
	for (size_t i = 0; i < 3; i++) {
		set_raw(VKEY(&ks, i), junk[i], strlen(junk[i]));
		calcom_swr_read_args a = {.token = TOKEN_A, .lock = true, .lock_ms = LOCK_MS, .fresh_ms = -1};
		calcom_swr_read_result res;
		calcom_err err;
		const char *keys[2] = {VKEY(&ks, i), LKEY(&ks, i)};
		const size_t lens[2] = {ks.len[i], ks.len[3 + i]};
		if (!calcom_swr_read(redis, 1, keys, lens, &a, &res, &err)) fail_msg("junk %zu: read failed: %s", i, err.msg);
		assert_int_equal(res.found[0].state, CALCOM_SWR_MISS_LOCKED);
		assert_false(res.found[0].has_entry);
		calcom_swr_read_free(&res);
	}
	ks_free(&ks);
}

/* The parser allows 15-digit numbers ("below 2^53, so Lua agrees"), but the
 * script writes created with Lua's number-to-string conversion (%.14g): from
 * 1e14 on the stored header reads "swr1 1.2345678901234e+14 ...", counted as
 * written, then unreadable (a miss) for everyone. */
static void test_bug_15_digit_created_round_trips(void **state)
{
	(void)state;
	keyset ks;
	ks_init(&ks, "bug15", 1);
	int64_t created = INT64_C(123456789012345);
	assert_int_equal(write_str(&ks, 0, "", created, 1000, 1000, "x"), 1);
	size_t len;
	char *raw = get_raw(VKEY(&ks, 0), &len);
	assert_non_null(raw);
	calcom_swr_entry e;
	if (!calcom_swr_entry_parse(raw, len, &e)) fail_msg("stored: %.*s", (int)len, raw);
	assert_true(e.created_ms == created);
	free(raw);
	ks_free(&ks);
}


int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_value),
		cmocka_unit_test(test_parse_tombstone),
		cmocka_unit_test(test_parse_empty_and_zero),
		cmocka_unit_test(test_parse_binary_payload),
		cmocka_unit_test(test_parse_digit_limits),
		cmocka_unit_test(test_parse_malformed),
		cmocka_unit_test(test_parse_truncated),
		cmocka_unit_test(test_miss_locks_then_waits),
		cmocka_unit_test(test_write_stores_envelope_and_unlocks),
		cmocka_unit_test(test_write_empty_token_and_foreign_lock),
		cmocka_unit_test(test_fresh_override_makes_stale),
		cmocka_unit_test(test_entry_fresh_and_override_longer),
		cmocka_unit_test(test_no_lock_asked),
		cmocka_unit_test(test_older_write_skipped),
		cmocka_unit_test(test_tombstone_blocks_earlier_computation),
		cmocka_unit_test(test_write_now_after_tombstone),
		cmocka_unit_test(test_created_negative_is_now),
		cmocka_unit_test(test_pttl_counts_from_created),
		cmocka_unit_test(test_expired_write_stores_nothing),
		cmocka_unit_test(test_unlock_only_ours),
		cmocka_unit_test(test_invalidate_counts_values),
		cmocka_unit_test(test_invalidate_short_ttl),
		cmocka_unit_test(test_xfetch),
		cmocka_unit_test(test_xfetch_absurd_beta),
		cmocka_unit_test(test_multi_key_states_in_order),
		cmocka_unit_test(test_multi_key_write_skips_per_key),
		cmocka_unit_test(test_garbage_reads_as_miss),
		cmocka_unit_test(test_key_counts_refused),
		cmocka_unit_test(test_unreachable_server),
		cmocka_unit_test(test_bug_16_digit_value_reads_as_miss),
		cmocka_unit_test(test_bug_15_digit_created_round_trips),
	};
	return cmocka_run_group_tests_name("swr", tests, setup, teardown);
}
