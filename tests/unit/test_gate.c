/*
 * src/gate: the Lua twin of the limiter and the breaker on a real Redis,
 * checked against the C twin on the same sequences of operations (chosen
 * so that the milliseconds between calls do not matter).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "unit_redis.h"

#include "gate/gate.h"

static calcom_redis *redis;
static char bucket_key[64], breaker_key[64];

static int setup(void **state)
{
	(void)state;
	redis = unit_redis("test_gate", NULL);
	snprintf(bucket_key, sizeof bucket_key, "unit:limiter:{t%d}:bucket", (int)getpid());
	snprintf(breaker_key, sizeof breaker_key, "unit:breaker:{t%d}:state", (int)getpid());
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	const char *argv[] = {"DEL", bucket_key, breaker_key};
	const size_t lens[] = {3, strlen(bucket_key), strlen(breaker_key)};
	calcom_err err;
	redisReply *r = calcom_redis_command(redis, true, 3, argv, lens, &err);
	if (r) freeReplyObject(r);
	calcom_redis_free(redis);
	return 0;
}

static void forget(void)
{
	const char *argv[] = {"DEL", bucket_key, breaker_key};
	const size_t lens[] = {3, strlen(bucket_key), strlen(breaker_key)};
	calcom_err err;
	redisReply *r = calcom_redis_command(redis, true, 3, argv, lens, &err);
	assert_non_null(r);
	freeReplyObject(r);
}

static void test_reserve_shares_match(void **state)
{
	(void)state;
	forget();
	calcom_limiter_config cfg;
	calcom_limiter_config_default(&cfg);
	cfg.limit = 0.001;
	cfg.min_limit = 0.001;
	cfg.burst = 100;
	calcom_gate_bucket b = {bucket_key, strlen(bucket_key), &cfg};
	calcom_limiter_state local;
	calcom_limiter_state_init(&local, &cfg, 0);
	for (int p = 4; p >= 1; p--) {
		int in_redis = 0, in_c = 0;
		double wait;
		calcom_err err;
		while (calcom_gate_take(redis, &b, 1, p, false, &wait, &err) && wait == 0.0) in_redis++;
		assert_true(wait > 0.0);
		while (calcom_limiter_take(&local, &cfg, 0, 1, p) == 0.0) in_c++;
		assert_int_equal(in_redis, in_c);
	}
	calcom_limiter_state st;
	double now;
	calcom_err err;
	assert_true(calcom_gate_peek(redis, &b, &st, &now, &err));
	assert_true(st.tokens < 0.01 && st.tokens > -0.01);
}

static void test_429_learned_alike(void **state)
{
	(void)state;
	forget();
	calcom_limiter_config cfg;
	calcom_limiter_config_default(&cfg);
	calcom_gate_bucket b = {bucket_key, strlen(bucket_key), &cfg};
	calcom_limiter_signal sig = {.status = 429, .reset_s = 30, .remaining = 0};
	calcom_err err;
	assert_true(calcom_gate_learn(redis, &b, &sig, &err));
	assert_true(calcom_gate_learn(redis, &b, &sig, &err));   /* same block: no second cut */
	calcom_limiter_state st;
	double now;
	assert_true(calcom_gate_peek(redis, &b, &st, &now, &err));
	calcom_limiter_view v;
	calcom_limiter_look(&st, &cfg, now, &v);
	assert_int_equal(v.reason, CALCOM_LIMITER_PAUSED);
	assert_true(v.limit == 96 && v.capacity == 120 && v.tokens == 0);
	assert_true(v.paused_for > 29.5 && v.paused_for <= 30.0);
	assert_true(v.recovers_in > 299.5 && v.recovers_in <= 300.0);
	double wait;
	assert_true(calcom_gate_take(redis, &b, 1, 1, false, &wait, &err));
	assert_true(wait > 30.0 && wait < 30.7);   /* the pause, then one token at 96/min */
}

static void test_breaker_matches(void **state)
{
	(void)state;
	forget();
	calcom_breaker_config cfg;
	calcom_breaker_config_default(&cfg);
	calcom_gate_breaker br = {breaker_key, strlen(breaker_key), &cfg};
	calcom_breaker_state *local = malloc(sizeof *local);
	calcom_breaker_state_init(local);
	const int weights[] = {2, 0, 1, 1};
	calcom_err err;
	calcom_breaker_status st;
	for (size_t i = 0; i < 4; i++) {
		assert_true(calcom_gate_record(redis, &br, 0, &weights[i], 1, 0.0, NULL, &err));
		calcom_breaker_record(local, &cfg, 0, 0, &weights[i], 1, 0.0, NULL);
		assert_true(calcom_gate_look(redis, &br, &st, &err));
		assert_int_equal(st.state, local->state);
		assert_int_equal(st.failure_weight, calcom_breaker_failure_weight(local));
	}
	/* A success forgets; then a 429 with a reset of 90 s opens it for 90 s. */
	assert_true(calcom_gate_record(redis, &br, 1, NULL, 0, 0.0, NULL, &err));
	assert_true(calcom_gate_look(redis, &br, &st, &err));
	assert_int_equal(st.failure_weight, 0);
	const int two429[] = {3, 3};
	assert_true(calcom_gate_record(redis, &br, 0, two429, 2, 90.0, NULL, &err));
	assert_true(calcom_gate_look(redis, &br, &st, &err));
	assert_int_equal(st.state, CALCOM_BREAKER_OPEN);
	assert_int_equal(st.open_count, 1);
	assert_true(st.retry_at - st.opened_at == 90000);
	calcom_breaker_verdict v;
	double retry;
	bool clean;
	assert_true(calcom_gate_allow(redis, &br, "x", &v, &retry, &clean, &err));
	assert_int_equal(v, CALCOM_BREAKER_REFUSE);
	assert_false(clean);
	assert_true(retry > 89.0 && retry <= 90.0);
	free(local);
}

static void test_before_and_after(void **state)
{
	(void)state;
	forget();
	calcom_limiter_config lcfg;
	calcom_limiter_config_default(&lcfg);
	calcom_breaker_config bcfg;
	calcom_breaker_config_default(&bcfg);
	calcom_gate_bucket b = {bucket_key, strlen(bucket_key), &lcfg};
	calcom_gate_breaker br = {breaker_key, strlen(breaker_key), &bcfg};
	calcom_gate_pass pass;
	calcom_err err;
	assert_true(calcom_gate_before(redis, &b, &br, 8, 1, "l1", &pass, &err));
	assert_int_equal(pass.verdict, CALCOM_GATE_GO);
	assert_true(pass.breaker_clean);
	const int w[] = {2, 0, 3};
	assert_true(calcom_gate_after(redis, &b, NULL, &br, 5, w, 3, 0.0, NULL, &err));
	assert_true(calcom_gate_before(redis, &b, &br, 1, 1, "l2", &pass, &err));
	assert_int_equal(pass.verdict, CALCOM_GATE_OPEN);   /* 2 + 3 = the threshold */
	calcom_limiter_state st;
	double now;
	assert_true(calcom_gate_peek(redis, &b, &st, &now, &err));
	assert_true(st.tokens > 141.9 && st.tokens < 142.5);   /* 150 - 8; the refused one took nothing */
	/* Not enough tokens: the breaker's answer stands, nothing is taken. */
	forget();
	assert_true(calcom_gate_before(redis, &b, &br, 150, 1, "l3", &pass, &err));
	assert_int_equal(pass.verdict, CALCOM_GATE_GO);
	assert_true(calcom_gate_before(redis, &b, &br, 10, 1, "l4", &pass, &err));
	assert_int_equal(pass.verdict, CALCOM_GATE_WAIT);
	assert_true(pass.retry_s > 4.5 && pass.retry_s <= 5.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reserve_shares_match),
		cmocka_unit_test(test_429_learned_alike),
		cmocka_unit_test(test_breaker_matches),
		cmocka_unit_test(test_before_and_after),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
