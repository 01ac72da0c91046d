/*
 * src/metrics: latency buckets, the quantile (checked against a transcription
 * of Prometheus's bucketQuantile), the endpoint/status validators, the field
 * names record() writes and field_parse reads back, the batch limit, and the
 * flush/fetch scripts on the real redis-server tests/unit/run.sh starts
 * (CALCOM_TEST_REDIS_PORT), with keys named after the pid and test and
 * deleted afterwards.
 *
 * Window tests read the minute from the Redis clock and never start within
 * the last 5 s of a minute (they wait for the next one instead), so one test
 * runs inside one minute of the Redis clock.
 */
#include <errno.h>
#include <float.h>
#include <inttypes.h>
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

#include "metrics/metrics.h"

static calcom_redis *redis;

/* |got - want| <= eps (this cmocka has no assert_double_equal). */
#define assert_near(got, want, eps) near_at((got), (want), (eps), #got, __LINE__)
static void near_at(double got, double want, double eps, const char *what, int line)
{
	if (!(fabs(got - want) <= eps)) fail_msg("line %d: %s = %.17g, want %.17g", line, what, got, want);
}

/* ---- helpers ------------------------------------------------------------ */

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
	}
}

/* A heap copy of exactly len bytes (ASan sees any read past it). */
static char *exact(const char *s, size_t len)
{
	char *p = malloc(len ? len : 1);
	assert_non_null(p);
	if (len) memcpy(p, s, len);
	return p;
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

static long long hlen(const char *key)
{
	const char *argv[] = {"HLEN", key};
	const size_t lens[] = {4, strlen(key)};
	redisReply *r = cmd(2, argv, lens);
	assert_int_equal(r->type, REDIS_REPLY_INTEGER);
	long long v = r->integer;
	freeReplyObject(r);
	return v;
}

/* The Redis clock in whole seconds. */
static int64_t redis_s(void)
{
	const char *argv[] = {"TIME"};
	const size_t lens[] = {4};
	redisReply *r = cmd(1, argv, lens);
	assert_int_equal(r->type, REDIS_REPLY_ARRAY);
	int64_t s = strtoll(r->element[0]->str, NULL, 10);
	freeReplyObject(r);
	return s;
}

/* Waits for the next minute of the Redis clock when less than 5 s of this
 * one are left; returns the minute the test then runs in. */
static int64_t minute_with_room(void)
{
	int64_t s = redis_s();
	if (s % 60 >= 55) {
		sleep_ms((int)(60 - s % 60) * 1000 + 200);
		s = redis_s();
	}
	return s / 60;
}

static uint64_t round_trips(void)
{
	return calcom_redis_stats_get(redis)->round_trips;
}

/* The counters and window keys of one test, deleted when made and dropped. */
typedef struct {
	char counters[96], window[96];
} keys;

static void keys_init(keys *k, const char *tag)
{
	snprintf(k->counters, sizeof k->counters, "unit:metrics:{p%d:%s}:counters", (int)getpid(), tag);
	snprintf(k->window, sizeof k->window, "unit:metrics:{p%d:%s}:window", (int)getpid(), tag);
	del(k->counters);
	del(k->window);
}

static void keys_drop(keys *k)
{
	del(k->counters);
	del(k->window);
}

static void flush_ok(keys *k, double ttl, calcom_metrics_batch *b)
{
	calcom_err err;
	calcom_err_clear(&err);
	if (!calcom_metrics_flush(redis, k->counters, strlen(k->counters), k->window, strlen(k->window), ttl, b, &err)) {
		fail_msg("flush: %s", err.msg);
	}
}

static void fetch_ok(keys *k, calcom_metrics_read *rd)
{
	calcom_err err;
	calcom_err_clear(&err);
	if (!calcom_metrics_fetch(redis, k->counters, strlen(k->counters), k->window, strlen(k->window), rd, &err)) {
		fail_msg("fetch: %s", err.msg);
	}
}

/* A counter's value in a fetch, -1 when the field is not there. */
static long long value_of(const calcom_metrics_read *rd, const char *field)
{
	for (size_t i = 0; i < rd->n; i++) {
		const redisReply *f = rd->counters->element[2 * i], *v = rd->counters->element[2 * i + 1];
		if (f->len == strlen(field) && memcmp(f->str, field, f->len) == 0) return strtoll(v->str, NULL, 10);
	}
	return -1;
}

static void record_ok(calcom_metrics_batch *b, const char *endpoint, const char *status, double seconds,
	bool from_cache, int retries)
{
	calcom_err err;
	calcom_err_clear(&err);
	if (!calcom_metrics_record(b, endpoint, strlen(endpoint), status, strlen(status), seconds, from_cache, retries,
		&err)) {
		fail_msg("record %s %s: %s", endpoint, status, err.msg);
	}
}

/* record() must refuse this with CALCOM_E_INVALID and add nothing. */
static void record_invalid(calcom_metrics_batch *b, const char *endpoint, size_t elen, const char *status,
	size_t slen, double seconds, bool from_cache, int retries)
{
	size_t before = calcom_metrics_batch_records(b);
	char *e = exact(endpoint, elen), *s = exact(status, slen);
	calcom_err err;
	calcom_err_clear(&err);
	if (calcom_metrics_record(b, e, elen, s, slen, seconds, from_cache, retries, &err)) {
		fail_msg("record %.*s %.*s %g %d accepted", (int)elen, endpoint, (int)slen, status, seconds, retries);
	}
	assert_int_equal(err.code, CALCOM_E_INVALID);
	assert_true(err.msg[0] != '\0');
	assert_int_equal(calcom_metrics_batch_records(b), before);
	assert_int_equal(calcom_metrics_batch_dropped(b), 0);
	free(e);
	free(s);
}

/* Parses a field from an exact-size copy; checks the pointers lie inside it. */
static bool parse_field(const char *s, size_t len, calcom_metrics_field *out)
{
	char *buf = exact(s, len);
	bool ok = calcom_metrics_field_parse(buf, len, out);
	if (ok) {
		if (out->kind != CALCOM_MF_ERRORS) {
			assert_true(out->endpoint == buf + 2);
			assert_true(out->endpoint_len >= 1 && out->endpoint + out->endpoint_len <= buf + len);
		}
		if (out->kind == CALCOM_MF_REQUESTS || out->kind == CALCOM_MF_ERRORS) {
			assert_true(out->status > buf && out->status + out->status_len <= buf + len);
		}
		/* Point back into the caller's string, for comparisons. */
		if (out->endpoint) out->endpoint = s + (out->endpoint - buf);
		if (out->status) out->status = s + (out->status - buf);
	}
	free(buf);
	return ok;
}

#define PARSES(lit, out) parse_field(lit, sizeof lit - 1, out)

static bool same(const char *p, size_t len, const char *want)
{
	return len == strlen(want) && memcmp(p, want, len) == 0;
}

/* ---- setup -------------------------------------------------------------- */

static int setup(void **state)
{
	(void)state;
	redis = unit_redis("test_metrics", NULL);
	assert_non_null(redis);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	calcom_redis_free(redis);
	return 0;
}

/* ---- buckets ------------------------------------------------------------ */

static void test_bounds(void **state)
{
	(void)state;
	static const double want[CALCOM_METRICS_BUCKETS] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
		10.0, INFINITY};
	for (int i = 0; i < CALCOM_METRICS_BUCKETS; i++) assert_true(calcom_metrics_bounds[i] == want[i]);
}

static void test_bucket_boundaries(void **state)
{
	(void)state;
	assert_int_equal(calcom_metrics_bucket(0.0), 0);
	assert_int_equal(calcom_metrics_bucket(0.001), 0);
	for (int i = 0; i < CALCOM_METRICS_BUCKETS - 1; i++) {
		double b = calcom_metrics_bounds[i];
		/* An exact bound is in its own bucket ("le"), the next double up in the next. */
		assert_int_equal(calcom_metrics_bucket(b), i);
		assert_int_equal(calcom_metrics_bucket(nextafter(b, INFINITY)), i + 1);
		assert_int_equal(calcom_metrics_bucket(nextafter(b, 0.0)), i);
	}
	assert_int_equal(calcom_metrics_bucket(0.3), 6);
	assert_int_equal(calcom_metrics_bucket(10.000001), 11);
	assert_int_equal(calcom_metrics_bucket(86400.0), 11);
	assert_int_equal(calcom_metrics_bucket(DBL_MAX), 11);
	assert_int_equal(calcom_metrics_bucket(INFINITY), 11);
}

/* ---- quantiles ---------------------------------------------------------- */

/* Prometheus's bucketQuantile (promql/quantile.go) over cumulative buckets,
 * transcribed: rank = q * total; the first bucket whose cumulative count
 * reaches it (sort.Search over all but +Inf); the +Inf bucket gives the
 * highest finite bound; otherwise linear between the bucket's bounds. */
static double reference_quantile(const uint64_t counts[CALCOM_METRICS_BUCKETS], double q)
{
	double cum[CALCOM_METRICS_BUCKETS];
	double c = 0.0;
	for (int i = 0; i < CALCOM_METRICS_BUCKETS; i++) {
		c += (double)counts[i];
		cum[i] = c;
	}
	double total = cum[CALCOM_METRICS_BUCKETS - 1];
	if (total == 0.0) return NAN;
	double rank = q * total;
	int b = 0;
	while (b < CALCOM_METRICS_BUCKETS - 1 && !(cum[b] >= rank)) b++;
	if (b == CALCOM_METRICS_BUCKETS - 1) return calcom_metrics_bounds[CALCOM_METRICS_BUCKETS - 2];
	double start = 0.0, end = calcom_metrics_bounds[b], count = cum[b];
	if (b > 0) {
		start = calcom_metrics_bounds[b - 1];
		count -= cum[b - 1];
		rank -= cum[b - 1];
	}
	return start + (end - start) * (rank / count);
}

static void test_quantile_empty(void **state)
{
	(void)state;
	uint64_t counts[CALCOM_METRICS_BUCKETS] = {0};
	assert_true(isnan(calcom_metrics_quantile(counts, 0.5)));
	assert_true(isnan(calcom_metrics_quantile(counts, 0.99)));
}

static void test_quantile_single_bucket(void **state)
{
	(void)state;
	uint64_t counts[CALCOM_METRICS_BUCKETS] = {0};
	/* Four requests between 25 and 50 ms: linear inside the bucket. */
	counts[3] = 4;
	assert_near(calcom_metrics_quantile(counts, 0.5), 0.0375, 1e-12);
	assert_near(calcom_metrics_quantile(counts, 0.25), 0.03125, 1e-12);
	assert_near(calcom_metrics_quantile(counts, 0.99), 0.025 + 0.025 * 0.99, 1e-12);
	/* The first bucket starts at 0. */
	memset(counts, 0, sizeof counts);
	counts[0] = 10;
	assert_near(calcom_metrics_quantile(counts, 0.5), 0.0025, 1e-12);
	assert_near(calcom_metrics_quantile(counts, 0.1), 0.0005, 1e-12);
	/* One request: every quantile lies inside its bucket. */
	memset(counts, 0, sizeof counts);
	counts[7] = 1;
	assert_near(calcom_metrics_quantile(counts, 0.5), 0.75, 1e-12);
	assert_near(calcom_metrics_quantile(counts, 0.99), 0.995, 1e-12);
}

static void test_quantile_inf_bucket(void **state)
{
	(void)state;
	uint64_t counts[CALCOM_METRICS_BUCKETS] = {0};
	counts[CALCOM_METRICS_BUCKETS - 1] = 5;
	assert_near(calcom_metrics_quantile(counts, 0.01), 10.0, 0.0);
	assert_near(calcom_metrics_quantile(counts, 0.5), 10.0, 0.0);
	assert_near(calcom_metrics_quantile(counts, 0.99), 10.0, 0.0);
	/* Mostly fast, the tail past 10 s. */
	counts[0] = 95;
	assert_near(calcom_metrics_quantile(counts, 0.5), 0.005 * (50.0 / 95.0), 1e-12);
	assert_near(calcom_metrics_quantile(counts, 0.96), 10.0, 0.0);
}

static void test_quantile_known(void **state)
{
	(void)state;
	uint64_t counts[CALCOM_METRICS_BUCKETS] = {0};
	counts[0] = 50;  /* <= 5 ms */
	counts[4] = 40;  /* 50-100 ms */
	counts[11] = 10; /* > 10 s */
	/* Exactly on a cumulative count: the upper bound of that bucket. */
	assert_near(calcom_metrics_quantile(counts, 0.50), 0.005, 1e-12);
	assert_near(calcom_metrics_quantile(counts, 0.90), 0.1, 1e-12);
	assert_near(calcom_metrics_quantile(counts, 0.75), 0.05 + 0.05 * (25.0 / 40.0), 1e-12);
	assert_near(calcom_metrics_quantile(counts, 0.25), 0.0025, 1e-12);
	assert_near(calcom_metrics_quantile(counts, 0.95), 10.0, 0.0);
	/* Empty buckets between: skipped, not interpolated over. */
	memset(counts, 0, sizeof counts);
	counts[1] = 1;
	counts[9] = 1;
	assert_near(calcom_metrics_quantile(counts, 0.5), 0.01, 1e-12);
	assert_near(calcom_metrics_quantile(counts, 0.75), 2.5 + 2.5 * 0.5, 1e-12);
}

static void test_quantile_matches_prometheus(void **state)
{
	(void)state;
	static const double qs[] = {0.001, 0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999};
	uint64_t x = 0x9e3779b97f4a7c15u;
	for (int round = 0; round < 2000; round++) {
		uint64_t counts[CALCOM_METRICS_BUCKETS];
		for (int i = 0; i < CALCOM_METRICS_BUCKETS; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			/* Many empty buckets, some big ones. */
			unsigned pick = (unsigned)(x % 8);
			counts[i] = pick < 4 ? 0 : pick < 7 ? (x >> 8) % 10 : (x >> 8) % 100000;
		}
		for (size_t j = 0; j < sizeof qs / sizeof *qs; j++) {
			double want = reference_quantile(counts, qs[j]), got = calcom_metrics_quantile(counts, qs[j]);
			if (isnan(want)) {
				assert_true(isnan(got));
			} else if (!(fabs(got - want) <= 1e-12 * fmax(1.0, fabs(want)))) {
				fail_msg("round %d q %g: %.17g, Prometheus %.17g", round, qs[j], got, want);
			}
		}
	}
}

/* ---- validators --------------------------------------------------------- */

static bool endpoint_ok(const char *s, size_t len)
{
	char *buf = exact(s, len);
	bool ok = calcom_metrics_endpoint_valid(buf, len);
	free(buf);
	return ok;
}

#define EP(lit) endpoint_ok(lit, sizeof lit - 1)

static void test_endpoint_valid(void **state)
{
	(void)state;
	assert_true(EP("a"));
	assert_true(EP("slots"));
	assert_true(EP("event_types"));
	assert_true(EP("a0_9z"));
	assert_true(EP("a_"));
	assert_true(EP("abcdefghijklmnopqrstuvwxyz012345"));   /* 32 */
	assert_false(EP("abcdefghijklmnopqrstuvwxyz0123456")); /* 33 */
	assert_false(EP(""));
	assert_false(EP("Slots"));
	assert_false(EP("slotS"));
	assert_false(EP("1slots"));
	assert_false(EP("_slots"));
	assert_false(EP("slots-x"));
	assert_false(EP("slots:x"));
	assert_false(EP("slots x"));
	assert_false(EP("slots\n"));
	assert_false(EP("sl\0ts"));
	assert_false(EP("sl\xc3\xb6ts"));
	assert_false(EP("{slots}"));
}

static bool status_ok(const char *s, size_t len)
{
	char *buf = exact(s, len);
	bool ok = calcom_metrics_status_valid(buf, len);
	free(buf);
	return ok;
}

#define ST(lit) status_ok(lit, sizeof lit - 1)

static void test_status_valid(void **state)
{
	(void)state;
	assert_true(ST("100"));
	assert_true(ST("200"));
	assert_true(ST("302"));
	assert_true(ST("429"));
	assert_true(ST("599"));
	assert_true(ST("timeout"));
	assert_true(ST("network"));
	assert_true(ST("refused"));
	assert_false(ST(""));
	assert_false(ST("99"));
	assert_false(ST("099"));
	assert_false(ST("600"));
	assert_false(ST("999"));
	assert_false(ST("2000"));
	assert_false(ST("20a"));
	assert_false(ST("5xx"));
	assert_false(ST(" 200"));
	assert_false(ST("+200"));
	assert_false(ST("Timeout"));
	assert_false(ST("timeou"));
	assert_false(ST("timeouts"));
	assert_false(ST("teapot"));
	assert_false(ST("refused\0"));
}

static void test_error_type(void **state)
{
	(void)state;
	static const struct {
		const char *status, *type;
	} cases[] = {
		{"429", "429"}, {"500", "5xx"}, {"503", "5xx"}, {"599", "5xx"}, {"400", "4xx"}, {"404", "4xx"},
		{"499", "4xx"}, {"428", "4xx"}, {"430", "4xx"}, {"200", NULL}, {"204", NULL}, {"302", NULL},
		{"100", NULL}, {"timeout", "timeout"}, {"network", "network"}, {"refused", "refused"},
		{"teapot", NULL}, {"", NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		size_t len = strlen(cases[i].status);
		char *buf = exact(cases[i].status, len);
		const char *t = calcom_metrics_error_type(buf, len);
		free(buf);
		if (cases[i].type == NULL) {
			if (t) fail_msg("%s: type %s, want none", cases[i].status, t);
		} else if (!t || strcmp(t, cases[i].type) != 0) {
			fail_msg("%s: type %s, want %s", cases[i].status, t ? t : "(none)", cases[i].type);
		}
	}
}

/* ---- record ------------------------------------------------------------- */

static void test_record_rejects(void **state)
{
	(void)state;
	calcom_metrics_batch *b = calcom_metrics_batch_new();
	assert_non_null(b);
	record_invalid(b, "Slots", 5, "200", 3, 0.1, false, 0);
	record_invalid(b, "", 0, "200", 3, 0.1, false, 0);
	record_invalid(b, "1x", 2, "200", 3, 0.1, false, 0);
	record_invalid(b, "abcdefghijklmnopqrstuvwxyz0123456", 33, "200", 3, 0.1, false, 0);
	record_invalid(b, "slots", 5, "99", 2, 0.1, false, 0);
	record_invalid(b, "slots", 5, "600", 3, 0.1, false, 0);
	record_invalid(b, "slots", 5, "teapot", 6, 0.1, false, 0);
	record_invalid(b, "slots", 5, "200", 3, -0.001, false, 0);
	record_invalid(b, "slots", 5, "200", 3, NAN, false, 0);
	record_invalid(b, "slots", 5, "200", 3, INFINITY, false, 0);
	record_invalid(b, "slots", 5, "200", 3, -INFINITY, false, 0);
	record_invalid(b, "slots", 5, "200", 3, 0.1, false, -1);
	record_invalid(b, "slots", 5, "200", 3, NAN, true, 0);   /* the cache's records are checked too */
	/* A batch that saw only refusals has nothing to send. */
	keys k;
	keys_init(&k, "rejects");
	uint64_t trips = round_trips();
	flush_ok(&k, 60, b);
	assert_int_equal(round_trips(), trips);
	assert_int_equal(pttl(k.counters), -2);
	assert_int_equal(pttl(k.window), -2);
	keys_drop(&k);
	calcom_metrics_batch_free(b);
}

/* Every kind of field record() writes, read back from Redis and parsed. */
static void test_fields_round_trip(void **state)
{
	(void)state;
	keys k;
	keys_init(&k, "fields");
	(void)minute_with_room();
	calcom_metrics_batch *b = calcom_metrics_batch_new();
	assert_non_null(b);
	static const char long_ep[] = "abcdefghijklmnopqrstuvwxyz012345"; /* 32 */
	record_ok(b, "slots", "200", 0.003, false, 0);
	record_ok(b, "slots", "200", 0.3, false, 2);
	record_ok(b, "slots", "429", 0.01, false, 0);
	record_ok(b, "slots", "200", 0.0, true, 0);
	record_ok(b, "bookings", "refused", 0.5, false, 0);
	record_ok(b, "bookings", "timeout", 10.0, false, 1);
	record_ok(b, "event_types", "503", 0.2, true, 4);
	record_ok(b, "event_types", "404", 1.0, false, 0);
	record_ok(b, "event_types", "network", 0.02, false, 0);
	record_ok(b, long_ep, "timeout", 99.0, true, 0);
	record_ok(b, long_ep, "refused", 0.0, false, 0);
	assert_int_equal(calcom_metrics_batch_records(b), 11);

	flush_ok(&k, 600, b);
	assert_int_equal(calcom_metrics_batch_records(b), 0);
	calcom_metrics_read rd;
	fetch_ok(&k, &rd);
	static const struct {
		const char *field;
		long long value;
	} want[] = {
		{"r:slots:200:a", 2}, {"b:slots:0", 1}, {"b:slots:6", 1}, {"b:slots:1", 1}, {"s:slots", 313000},
		{"t:slots", 2}, {"r:slots:429:a", 1}, {"e:429", 1}, {"r:slots:200:c", 1},
		{"r:bookings:refused:a", 1}, {"e:refused", 2}, {"r:bookings:timeout:a", 1}, {"b:bookings:10", 1},
		{"s:bookings", 10000000}, {"t:bookings", 1}, {"e:timeout", 1},
		{"r:event_types:503:c", 1}, {"r:event_types:404:a", 1}, {"b:event_types:7", 1}, {"b:event_types:2", 1},
		{"s:event_types", 1020000}, {"e:4xx", 1}, {"r:event_types:network:a", 1}, {"e:network", 1},
		{"r:abcdefghijklmnopqrstuvwxyz012345:timeout:c", 1}, {"r:abcdefghijklmnopqrstuvwxyz012345:refused:a", 1},
	};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		long long v = value_of(&rd, want[i].field);
		if (v != want[i].value) fail_msg("%s = %lld, want %lld", want[i].field, v, want[i].value);
	}
	/* Nothing else: no timing for the cache or refusals, no retries or
	 * errors from the cache, no 5xx from a cached 503. */
	assert_int_equal(rd.n, sizeof want / sizeof *want);
	/* One attempt each, the retries counted too; neither the cache nor the
	 * refusals. */
	assert_int_equal(rd.requests, 1 + 3 + 1 + 2 + 1 + 1);
	assert_int_equal(rd.limited, 1);

	/* Each field parses as its kind; re-encoded it is the field again. */
	size_t kinds[5] = {0};
	for (size_t i = 0; i < rd.n; i++) {
		const redisReply *f = rd.counters->element[2 * i];
		calcom_metrics_field mf;
		if (!parse_field(f->str, f->len, &mf)) fail_msg("field %s does not parse", f->str);
		char back[64];
		int n = 0;
		switch (mf.kind) {
		case CALCOM_MF_REQUESTS:
			n = snprintf(back, sizeof back, "r:%.*s:%.*s:%c", (int)mf.endpoint_len, mf.endpoint,
				(int)mf.status_len, mf.status, mf.from_cache ? 'c' : 'a');
			assert_true(calcom_metrics_status_valid(mf.status, mf.status_len));
			break;
		case CALCOM_MF_BUCKET:
			assert_true(mf.bucket >= 0 && mf.bucket < CALCOM_METRICS_BUCKETS);
			n = snprintf(back, sizeof back, "b:%.*s:%d", (int)mf.endpoint_len, mf.endpoint, mf.bucket);
			break;
		case CALCOM_MF_SUM:
			n = snprintf(back, sizeof back, "s:%.*s", (int)mf.endpoint_len, mf.endpoint);
			break;
		case CALCOM_MF_RETRIES:
			n = snprintf(back, sizeof back, "t:%.*s", (int)mf.endpoint_len, mf.endpoint);
			break;
		case CALCOM_MF_ERRORS:
			n = snprintf(back, sizeof back, "e:%.*s", (int)mf.status_len, mf.status);
			break;
		}
		kinds[mf.kind]++;
		assert_true(n > 0 && (size_t)n == f->len && memcmp(back, f->str, f->len) == 0);
	}
	assert_int_equal(kinds[CALCOM_MF_REQUESTS], 10);
	assert_int_equal(kinds[CALCOM_MF_BUCKET], 6);
	assert_int_equal(kinds[CALCOM_MF_SUM], 3);
	assert_int_equal(kinds[CALCOM_MF_RETRIES], 2);
	assert_int_equal(kinds[CALCOM_MF_ERRORS], 5);
	calcom_metrics_read_free(&rd);
	assert_null(rd.reply_);
	keys_drop(&k);
	calcom_metrics_batch_free(b);
}

static void test_field_parse_kinds(void **state)
{
	(void)state;
	calcom_metrics_field f;
	static const char req[] = "r:slots:429:a";
	assert_true(parse_field(req, sizeof req - 1, &f));
	assert_int_equal(f.kind, CALCOM_MF_REQUESTS);
	assert_true(f.endpoint == req + 2 && same(f.endpoint, f.endpoint_len, "slots"));
	assert_true(f.status == req + 8 && same(f.status, f.status_len, "429"));
	assert_false(f.from_cache);
	assert_true(PARSES("r:event_types:timeout:c", &f));
	assert_true(f.from_cache && same(f.status, f.status_len, "timeout"));
	assert_true(PARSES("b:slots:0", &f));
	assert_int_equal(f.kind, CALCOM_MF_BUCKET);
	assert_int_equal(f.bucket, 0);
	assert_true(PARSES("b:slots:11", &f));
	assert_int_equal(f.bucket, 11);
	assert_true(same(f.endpoint, f.endpoint_len, "slots"));
	assert_true(PARSES("s:bookings", &f));
	assert_int_equal(f.kind, CALCOM_MF_SUM);
	assert_true(same(f.endpoint, f.endpoint_len, "bookings"));
	assert_true(PARSES("t:bookings", &f));
	assert_int_equal(f.kind, CALCOM_MF_RETRIES);
	static const char *const types[] = {"429", "5xx", "4xx", "timeout", "network", "refused"};
	for (size_t i = 0; i < 6; i++) {
		char text[16];
		int n = snprintf(text, sizeof text, "e:%s", types[i]);
		if (!parse_field(text, (size_t)n, &f)) fail_msg("%s does not parse", text);
		assert_int_equal(f.kind, CALCOM_MF_ERRORS);
		assert_true(same(f.status, f.status_len, types[i]));
	}
}

static void test_field_parse_rejects(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "r", "r:", "e:", "x:slots", "R:slots:200:a", "r;slots:200:a", "rr:slots:200:a",
		/* requests */
		"r:slots", "r:slots:", "r:slots:200", "r:slots:200:", "r:slots:200:x", "r:slots:200:A", "r:slots:200:ac",
		"r:slots:200:a:", "r:slots::a", "r::200:a", "r:Slots:200:a", "r:1slots:200:a", "r:slots:600:a",
		"r:slots:20:a", "r:slots:2000:a", "r:slots:teapot:a", "r:slots:5xx:a", "r:slots:200:c:x",
		"r:abcdefghijklmnopqrstuvwxyz0123456:200:a",
		/* buckets */
		"b:slots", "b:slots:", "b:slots:12", "b:slots:99", "b:slots:-1", "b:slots:+1", "b:slots:123", "b:slots:1a",
		"b:slots:1:", "b:Slots:1", "b::1", "b:slots: 1",
		/* sums and retries */
		"s:", "s:slots:", "s:slots:1", "s:Slots", "s:1", "t:", "t:slots:", "t:slots:2", "t:SLOTS",
		/* errors */
		"e:200", "e:302", "e:xxx", "e:5xx:", "e:2xx", "e:timeouts", "e:time", "e:refused:",
		"e:Timeout", "e:", "E:5xx",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		calcom_metrics_field f;
		if (parse_field(bad[i], strlen(bad[i]), &f)) fail_msg("\"%s\" parsed (kind %d)", bad[i], (int)f.kind);
	}
	/* Embedded NULs. */
	calcom_metrics_field f;
	assert_false(PARSES("r:slots\0:200:a", &f));
	assert_false(PARSES("s:slots\0", &f));
	assert_false(PARSES("e:429\0", &f));
}

/* ---- the batch limit ---------------------------------------------------- */

static void endpoint_name(char *out, size_t size, const char *tag, size_t i)
{
	snprintf(out, size, "%s%zu", tag, i);
}

static void test_batch_full(void **state)
{
	(void)state;
	keys k;
	keys_init(&k, "full");
	calcom_metrics_batch *b = calcom_metrics_batch_new();
	assert_non_null(b);
	char ep[32];
	/* A cached record is one counter: BATCH_MAX endpoints fill the batch. */
	for (size_t i = 0; i < CALCOM_METRICS_BATCH_MAX; i++) {
		endpoint_name(ep, sizeof ep, "e", i);
		record_ok(b, ep, "200", 0.0, true, 0);
	}
	assert_int_equal(calcom_metrics_batch_records(b), CALCOM_METRICS_BATCH_MAX);
	assert_int_equal(calcom_metrics_batch_dropped(b), 0);
	/* A new counter does not fit: NOMEM, dropped, nothing added. */
	calcom_err err;
	calcom_err_clear(&err);
	assert_false(calcom_metrics_record(b, "another", 7, "200", 3, 0.0, true, 0, &err));
	assert_int_equal(err.code, CALCOM_E_NOMEM);
	calcom_err_clear(&err);
	assert_false(calcom_metrics_record(b, "e0", 2, "500", 3, 0.1, false, 0, &err));
	assert_int_equal(err.code, CALCOM_E_NOMEM);
	assert_int_equal(calcom_metrics_batch_records(b), CALCOM_METRICS_BATCH_MAX);
	assert_int_equal(calcom_metrics_batch_dropped(b), 2);
	/* One that only adds to counters the batch has still counts. */
	record_ok(b, "e7", "200", 0.0, true, 0);
	assert_int_equal(calcom_metrics_batch_records(b), CALCOM_METRICS_BATCH_MAX + 1);
	assert_int_equal(calcom_metrics_batch_dropped(b), 2);

	flush_ok(&k, 60, b);
	assert_int_equal(calcom_metrics_batch_records(b), 0);
	assert_int_equal(calcom_metrics_batch_dropped(b), 0);
	assert_int_equal(hlen(k.counters), CALCOM_METRICS_BATCH_MAX);
	calcom_metrics_read rd;
	fetch_ok(&k, &rd);
	assert_int_equal(rd.n, CALCOM_METRICS_BATCH_MAX);
	assert_int_equal(value_of(&rd, "r:e7:200:c"), 2);
	assert_int_equal(value_of(&rd, "r:e4095:200:c"), 1);
	assert_int_equal(value_of(&rd, "r:another:200:c"), -1);
	assert_int_equal(value_of(&rd, "r:e0:500:a"), -1);
	assert_int_equal(value_of(&rd, "e:5xx"), -1);
	assert_int_equal(rd.requests + rd.prev_requests, 0);
	calcom_metrics_read_free(&rd);

	/* After the flush the batch takes new counters again. */
	record_ok(b, "another", "200", 0.0, true, 0);
	assert_int_equal(calcom_metrics_batch_records(b), 1);
	calcom_metrics_batch_clear(b);
	assert_int_equal(calcom_metrics_batch_records(b), 0);
	uint64_t trips = round_trips();
	flush_ok(&k, 60, b);
	assert_int_equal(round_trips(), trips);
	keys_drop(&k);
	calcom_metrics_batch_free(b);
}

/* ---- flush and fetch ---------------------------------------------------- */

static void test_flush_fetch_exact(void **state)
{
	(void)state;
	keys k;
	keys_init(&k, "exact");
	int64_t minute = minute_with_room();
	calcom_metrics_batch *b = calcom_metrics_batch_new();
	assert_non_null(b);
	record_ok(b, "slots", "200", 0.004, false, 0);
	record_ok(b, "slots", "200", 0.0042, false, 1);
	record_ok(b, "slots", "429", 0.07, false, 0);
	record_ok(b, "slots", "200", 0.0, true, 0);
	record_ok(b, "slots", "200", 0.0, true, 0);
	record_ok(b, "bookings", "201", 1.5, false, 0);
	/* Latencies add up in microseconds, rounded per record. */
	record_ok(b, "bookings", "503", 0.0000004, false, 3);
	record_ok(b, "bookings", "503", 0.0000006, false, 0);
	assert_int_equal(calcom_metrics_batch_records(b), 8);

	uint64_t trips = round_trips();
	flush_ok(&k, 3600, b);
	/* One script call (its first use may load it: NOSCRIPT then EVAL in the
	 * same call, which is still one exchange counted once or twice). */
	assert_true(round_trips() - trips >= 1 && round_trips() - trips <= 2);
	/* Loaded now: exactly one from here on. */
	record_ok(b, "slots", "200", 0.004, false, 0);
	trips = round_trips();
	flush_ok(&k, 3600, b);
	assert_int_equal(round_trips() - trips, 1);

	long long ttl = pttl(k.counters);
	assert_true(ttl > 3595000 && ttl <= 3600000);
	ttl = pttl(k.window);
	assert_true(ttl > 3595000 && ttl <= 3600000);

	calcom_metrics_read rd;
	trips = round_trips();
	fetch_ok(&k, &rd);
	assert_int_equal(round_trips() - trips, 1);
	assert_int_equal(rd.minute, minute);
	assert_true(rd.now >= (double)minute * 60.0 && rd.now < (double)(minute + 1) * 60.0);
	assert_int_equal(rd.requests, 1 + 2 + 1 + 1 + 4 + 1 + 1);
	assert_int_equal(rd.limited, 1);
	assert_int_equal(rd.prev_requests, 0);
	assert_int_equal(rd.prev_limited, 0);
	assert_int_equal(value_of(&rd, "r:slots:200:a"), 3);
	assert_int_equal(value_of(&rd, "r:slots:429:a"), 1);
	assert_int_equal(value_of(&rd, "r:slots:200:c"), 2);
	assert_int_equal(value_of(&rd, "b:slots:0"), 3);
	assert_int_equal(value_of(&rd, "b:slots:4"), 1);
	assert_int_equal(value_of(&rd, "s:slots"), 4000 + 4200 + 70000 + 4000);
	assert_int_equal(value_of(&rd, "t:slots"), 1);
	assert_int_equal(value_of(&rd, "r:bookings:201:a"), 1);
	assert_int_equal(value_of(&rd, "r:bookings:503:a"), 2);
	assert_int_equal(value_of(&rd, "b:bookings:8"), 1);
	assert_int_equal(value_of(&rd, "b:bookings:0"), 2);
	assert_int_equal(value_of(&rd, "s:bookings"), 1500000 + 0 + 1);
	assert_int_equal(value_of(&rd, "t:bookings"), 3);
	assert_int_equal(value_of(&rd, "e:429"), 1);
	assert_int_equal(value_of(&rd, "e:5xx"), 2);
	assert_int_equal(rd.n, 15);
	calcom_metrics_read_free(&rd);

	/* A fetch of keys that do not exist: empty, this minute, zeros. */
	keys none;
	keys_init(&none, "exact-none");
	fetch_ok(&none, &rd);
	assert_int_equal(rd.n, 0);
	assert_int_equal(rd.requests, 0);
	assert_int_equal(rd.limited, 0);
	assert_int_equal(rd.prev_requests, 0);
	assert_true(rd.minute >= minute);
	calcom_metrics_read_free(&rd);
	assert_int_equal(pttl(none.counters), -2);
	keys_drop(&none);
	keys_drop(&k);
	calcom_metrics_batch_free(b);
}

static void test_flush_empty_sends_nothing(void **state)
{
	(void)state;
	keys k;
	keys_init(&k, "empty");
	calcom_metrics_batch *b = calcom_metrics_batch_new();
	assert_non_null(b);
	uint64_t trips = round_trips();
	flush_ok(&k, 60, b);
	/* Even with a ttl it would refuse: nothing to send is checked first. */
	flush_ok(&k, 0.0, b);
	assert_int_equal(round_trips(), trips);
	assert_int_equal(pttl(k.counters), -2);
	assert_int_equal(pttl(k.window), -2);
	/* After a flush the batch is empty again. */
	record_ok(b, "slots", "200", 0.1, false, 0);
	flush_ok(&k, 60, b);
	trips = round_trips();
	flush_ok(&k, 60, b);
	assert_int_equal(round_trips(), trips);
	keys_drop(&k);
	calcom_metrics_batch_free(b);
}

static void test_flush_failure_keeps_batch(void **state)
{
	(void)state;
	keys k;
	keys_init(&k, "keep");
	(void)minute_with_room();
	calcom_metrics_batch *b = calcom_metrics_batch_new();
	assert_non_null(b);
	record_ok(b, "slots", "200", 0.1, false, 1);
	record_ok(b, "slots", "429", 0.1, false, 0);

	/* A ttl under a second is refused before anything is sent. */
	calcom_err err;
	calcom_err_clear(&err);
	uint64_t trips = round_trips();
	assert_false(calcom_metrics_flush(redis, k.counters, strlen(k.counters), k.window, strlen(k.window), 0.5, b,
		&err));
	assert_int_equal(err.code, CALCOM_E_INVALID);
	assert_int_equal(round_trips(), trips);
	calcom_err_clear(&err);
	assert_false(calcom_metrics_flush(redis, k.counters, strlen(k.counters), k.window, strlen(k.window), NAN, b,
		&err));
	assert_int_equal(err.code, CALCOM_E_INVALID);
	assert_int_equal(calcom_metrics_batch_records(b), 2);

	/* Redis unreachable (port 1 on loopback: the connect is refused). */
	static const char text[] = "redis://127.0.0.1:1";
	calcom_dsn dsn;
	assert_true(calcom_dsn_parse(text, sizeof text - 1, &dsn, &err));
	calcom_redis *down = calcom_redis_new(&dsn, 1.0, 1.0);
	assert_non_null(down);
	calcom_err_clear(&err);
	assert_false(calcom_metrics_flush(down, k.counters, strlen(k.counters), k.window, strlen(k.window), 60, b, &err));
	assert_int_equal(err.code, CALCOM_E_CONNECT);
	calcom_metrics_read rd;
	calcom_err_clear(&err);
	assert_false(calcom_metrics_fetch(down, k.counters, strlen(k.counters), k.window, strlen(k.window), &rd, &err));
	assert_int_equal(err.code, CALCOM_E_CONNECT);
	assert_null(rd.reply_);
	calcom_metrics_read_free(&rd);   /* safe on a failed fetch */
	calcom_redis_free(down);
	assert_int_equal(calcom_metrics_batch_records(b), 2);

	/* The kept records arrive with the next flush that works. */
	record_ok(b, "slots", "200", 0.1, false, 0);
	flush_ok(&k, 60, b);
	fetch_ok(&k, &rd);
	assert_int_equal(value_of(&rd, "r:slots:200:a"), 2);
	assert_int_equal(value_of(&rd, "r:slots:429:a"), 1);
	assert_int_equal(value_of(&rd, "t:slots"), 1);
	assert_int_equal(rd.requests, 2 + 1 + 1);
	assert_int_equal(rd.limited, 1);
	calcom_metrics_read_free(&rd);

	/* A key of the wrong type: the script's error is a server error and
	 * the batch stays. */
	const char *argv[] = {"SET", k.counters, "x"};
	const size_t lens[] = {3, strlen(k.counters), 1};
	freeReplyObject(cmd(3, argv, lens));
	record_ok(b, "slots", "200", 0.1, false, 0);
	calcom_err_clear(&err);
	assert_false(calcom_metrics_flush(redis, k.counters, strlen(k.counters), k.window, strlen(k.window), 60, b, &err));
	assert_int_equal(err.code, CALCOM_E_SERVER);
	assert_int_equal(calcom_metrics_batch_records(b), 1);
	calcom_err_clear(&err);
	assert_false(calcom_metrics_fetch(redis, k.counters, strlen(k.counters), k.window, strlen(k.window), &rd, &err));
	assert_int_equal(err.code, CALCOM_E_SERVER);
	calcom_metrics_read_free(&rd);
	keys_drop(&k);
	calcom_metrics_batch_free(b);
}

/* Writes the window hash as the script would have left it. */
static void set_window(keys *k, int64_t minute, int requests, int limited, int prev_requests, int prev_limited)
{
	char m[24], r[16], l[16], pr[16], pl[16];
	snprintf(m, sizeof m, "%" PRId64, minute);
	snprintf(r, sizeof r, "%d", requests);
	snprintf(l, sizeof l, "%d", limited);
	snprintf(pr, sizeof pr, "%d", prev_requests);
	snprintf(pl, sizeof pl, "%d", prev_limited);
	const char *argv[] = {"HSET", k->window, "minute", m, "requests", r, "429", l, "prev_requests", pr, "prev_429", pl};
	size_t lens[12];
	for (int i = 0; i < 12; i++) lens[i] = strlen(argv[i]);
	freeReplyObject(cmd(12, argv, lens));
}

static void test_window_same_minute(void **state)
{
	(void)state;
	keys k;
	keys_init(&k, "win-same");
	int64_t minute = minute_with_room();
	calcom_metrics_batch *b = calcom_metrics_batch_new();
	assert_non_null(b);
	record_ok(b, "slots", "200", 0.1, false, 1);
	record_ok(b, "slots", "429", 0.1, false, 0);
	flush_ok(&k, 60, b);
	record_ok(b, "slots", "429", 0.1, false, 2);
	record_ok(b, "slots", "200", 0.1, true, 0);
	flush_ok(&k, 60, b);
	calcom_metrics_read rd;
	fetch_ok(&k, &rd);
	assert_int_equal(rd.minute, minute);
	assert_int_equal(rd.requests, 2 + 1 + 3);
	assert_int_equal(rd.limited, 2);
	assert_int_equal(rd.prev_requests, 0);
	assert_int_equal(rd.prev_limited, 0);
	calcom_metrics_read_free(&rd);
	/* A window stored for this minute is added to, its previous minute kept. */
	set_window(&k, minute, 10, 3, 40, 5);
	record_ok(b, "slots", "200", 0.1, false, 0);
	flush_ok(&k, 60, b);
	fetch_ok(&k, &rd);
	assert_int_equal(rd.requests, 11);
	assert_int_equal(rd.limited, 3);
	assert_int_equal(rd.prev_requests, 40);
	assert_int_equal(rd.prev_limited, 5);
	calcom_metrics_read_free(&rd);
	keys_drop(&k);
	calcom_metrics_batch_free(b);
}

static void test_window_roll_over(void **state)
{
	(void)state;
	keys k;
	keys_init(&k, "win-roll");
	int64_t minute = minute_with_room();
	calcom_metrics_batch *b = calcom_metrics_batch_new();
	assert_non_null(b);
	calcom_metrics_read rd;

	/* Read only: last minute's numbers show as the previous minute's. */
	set_window(&k, minute - 1, 7, 2, 100, 50);
	fetch_ok(&k, &rd);
	assert_int_equal(rd.minute, minute);
	assert_int_equal(rd.requests, 0);
	assert_int_equal(rd.limited, 0);
	assert_int_equal(rd.prev_requests, 7);
	assert_int_equal(rd.prev_limited, 2);
	calcom_metrics_read_free(&rd);

	/* A flush rolls the window over: this minute starts from the batch. */
	record_ok(b, "slots", "429", 0.1, false, 2);
	flush_ok(&k, 60, b);
	fetch_ok(&k, &rd);
	assert_int_equal(rd.requests, 3);
	assert_int_equal(rd.limited, 1);
	assert_int_equal(rd.prev_requests, 7);
	assert_int_equal(rd.prev_limited, 2);
	calcom_metrics_read_free(&rd);

	/* Older than the minute before: nothing carried over. */
	set_window(&k, minute - 2, 7, 2, 100, 50);
	fetch_ok(&k, &rd);
	assert_int_equal(rd.requests, 0);
	assert_int_equal(rd.prev_requests, 0);
	assert_int_equal(rd.prev_limited, 0);
	calcom_metrics_read_free(&rd);
	record_ok(b, "slots", "200", 0.1, false, 0);
	flush_ok(&k, 60, b);
	fetch_ok(&k, &rd);
	assert_int_equal(rd.requests, 1);
	assert_int_equal(rd.limited, 0);
	assert_int_equal(rd.prev_requests, 0);
	assert_int_equal(rd.prev_limited, 0);
	calcom_metrics_read_free(&rd);

	/* Only cache records: the window still rolls over, and stays at zero. */
	set_window(&k, minute - 1, 9, 1, 0, 0);
	record_ok(b, "slots", "200", 0.0, true, 0);
	flush_ok(&k, 60, b);
	fetch_ok(&k, &rd);
	assert_int_equal(rd.requests, 0);
	assert_int_equal(rd.prev_requests, 9);
	assert_int_equal(rd.prev_limited, 1);
	calcom_metrics_read_free(&rd);
	keys_drop(&k);
	calcom_metrics_batch_free(b);
}

/* ---- regressions: bugs the first version of src/metrics had ------------- */

/* calcom_metrics_record looks up all its counters first (cs[i] =
 * counter_for(...)), but counter_for may realloc b->counters while adding a
 * later one, leaving the earlier pointers dangling: the increments go to
 * freed memory (ASan: heap-use-after-free) and the counter is flushed as 0.
 * Five api records of new endpoints make 15 counters (capacity 16); the
 * sixth adds r: (the 16th) and then b: (realloc to 32). */
static void test_bug_counters_survive_growth(void **state)
{
	(void)state;
	keys k;
	keys_init(&k, "bug-grow");
	calcom_metrics_batch *b = calcom_metrics_batch_new();
	assert_non_null(b);
	char ep[32];
	for (size_t i = 0; i < 6; i++) {
		endpoint_name(ep, sizeof ep, "g", i);
		record_ok(b, ep, "200", 0.1, false, 0);
	}
	flush_ok(&k, 60, b);
	calcom_metrics_read rd;
	fetch_ok(&k, &rd);
	for (size_t i = 0; i < 6; i++) {
		char field[48];
		snprintf(field, sizeof field, "r:g%zu:200:a", i);
		assert_int_equal(value_of(&rd, field), 1);
		snprintf(field, sizeof field, "b:g%zu:4", i);
		assert_int_equal(value_of(&rd, field), 1);
	}
	calcom_metrics_read_free(&rd);
	keys_drop(&k);
	calcom_metrics_batch_free(b);
}

/* "All or nothing": a record whose first counters are new and fit but whose
 * later one does not leaves the new ones in the batch (at 0), so the flush
 * writes fields nobody recorded (HINCRBY 0 creates them). */
static void test_bug_full_batch_adds_nothing(void **state)
{
	(void)state;
	keys k;
	keys_init(&k, "bug-full");
	calcom_metrics_batch *b = calcom_metrics_batch_new();
	assert_non_null(b);
	char ep[32];
	for (size_t i = 0; i < CALCOM_METRICS_BATCH_MAX - 1; i++) {
		endpoint_name(ep, sizeof ep, "e", i);
		record_ok(b, ep, "200", 0.0, true, 0);
	}
	calcom_err err;
	calcom_err_clear(&err);
	/* r:late:200:a would be the last counter; b:late:4 does not fit. */
	assert_false(calcom_metrics_record(b, "late", 4, "200", 3, 0.1, false, 0, &err));
	assert_int_equal(err.code, CALCOM_E_NOMEM);
	assert_int_equal(calcom_metrics_batch_dropped(b), 1);
	flush_ok(&k, 60, b);
	assert_int_equal(hlen(k.counters), CALCOM_METRICS_BATCH_MAX - 1);
	calcom_metrics_read rd;
	fetch_ok(&k, &rd);
	assert_int_equal(value_of(&rd, "r:late:200:a"), -1);
	calcom_metrics_read_free(&rd);
	keys_drop(&k);
	calcom_metrics_batch_free(b);
}

/* field_parse is "false for a field this version does not write", but it
 * takes e:<any three bytes starting with 4 or 5> (calcom_metrics_error_type
 * maps "500" to "5xx", so the check passes) and bucket indexes with a
 * leading zero. */
static void test_bug_field_parse_foreign_fields(void **state)
{
	(void)state;
	calcom_metrics_field f;
	assert_false(PARSES("e:500", &f));
	assert_false(PARSES("e:404", &f));
	assert_false(PARSES("e:5zz", &f));
	assert_false(PARSES("e:5XX", &f));
	assert_false(PARSES("e:4\0\0", &f));
	assert_false(PARSES("b:slots:01", &f));
	assert_false(PARSES("b:slots:00", &f));
}


int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_bucket_boundaries),
		cmocka_unit_test(test_quantile_empty),
		cmocka_unit_test(test_quantile_single_bucket),
		cmocka_unit_test(test_quantile_inf_bucket),
		cmocka_unit_test(test_quantile_known),
		cmocka_unit_test(test_quantile_matches_prometheus),
		cmocka_unit_test(test_endpoint_valid),
		cmocka_unit_test(test_status_valid),
		cmocka_unit_test(test_error_type),
		cmocka_unit_test(test_record_rejects),
		cmocka_unit_test(test_fields_round_trip),
		cmocka_unit_test(test_field_parse_kinds),
		cmocka_unit_test(test_field_parse_rejects),
		cmocka_unit_test(test_batch_full),
		cmocka_unit_test(test_flush_fetch_exact),
		cmocka_unit_test(test_flush_empty_sends_nothing),
		cmocka_unit_test(test_flush_failure_keeps_batch),
		cmocka_unit_test(test_window_same_minute),
		cmocka_unit_test(test_window_roll_over),
		cmocka_unit_test(test_bug_full_batch_adds_nothing),
		cmocka_unit_test(test_bug_field_parse_foreign_fields),
		/* Last: ASan aborts the binary on it. */
		cmocka_unit_test(test_bug_counters_survive_growth),
	};
	return cmocka_run_group_tests_name("metrics", tests, setup, teardown);
}
