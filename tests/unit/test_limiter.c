/*
 * src/limiter: the token bucket in C (the local fallback and the reference
 * the Lua twin follows), on a clock the test controls.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "limiter/limiter.h"

#define EPS 1e-9

static calcom_limiter_config config(double limit, double burst)
{
	calcom_limiter_config cfg;
	calcom_limiter_config_default(&cfg);
	cfg.limit = limit;
	cfg.burst = burst;
	if (cfg.min_limit > limit) cfg.min_limit = limit;
	return cfg;
}

static void test_defaults_are_valid(void **state)
{
	(void)state;
	calcom_limiter_config cfg;
	calcom_limiter_config_default(&cfg);
	assert_null(calcom_limiter_config_check(&cfg));
	assert_true(cfg.limit == 120 && cfg.burst == 150 && cfg.min_limit == 60 && cfg.decrease_factor == 0.8);
	cfg.min_limit = 200;
	assert_non_null(calcom_limiter_config_check(&cfg));
	calcom_limiter_config_default(&cfg);
	cfg.reserve[4] = 1.0;
	assert_non_null(calcom_limiter_config_check(&cfg));
}

/* Burst first, then exactly limit per minute: the acceptance figure. */
static void test_admits_burst_plus_rate(void **state)
{
	(void)state;
	calcom_limiter_config cfg = config(120, 150);
	calcom_limiter_state st;
	calcom_limiter_state_init(&st, &cfg, 0);
	long admitted = 0;
	for (double now = 0; now < 60000; now += 7) {   /* a caller every 7 ms for a minute */
		while (calcom_limiter_take(&st, &cfg, now, 1, 1) == 0.0) admitted++;
	}
	assert_int_equal(admitted, 150 + 119);   /* the 120th token is due at 60000 ms */
	while (calcom_limiter_take(&st, &cfg, 60000.5, 1, 1) == 0.0) admitted++;
	assert_int_equal(admitted, 150 + 120);
}

static void test_wait_is_exact_and_takes_nothing(void **state)
{
	(void)state;
	calcom_limiter_config cfg = config(60, 2);   /* one token per second */
	calcom_limiter_state st;
	calcom_limiter_state_init(&st, &cfg, 1000);
	assert_true(calcom_limiter_take(&st, &cfg, 1000, 2, 1) == 0.0);
	double w = calcom_limiter_take(&st, &cfg, 1000, 1, 1);
	assert_true(w > 1.0 - EPS && w < 1.0 + EPS);
	w = calcom_limiter_take(&st, &cfg, 1250, 1, 1);
	assert_true(w > 0.75 - EPS && w < 0.75 + EPS);
	assert_true(calcom_limiter_take(&st, &cfg, 2000, 1, 1) == 0.0);
}

static void test_reserve_shares(void **state)
{
	(void)state;
	calcom_limiter_config cfg = config(0.001, 100);   /* no refill to speak of */
	calcom_limiter_state st;
	calcom_limiter_state_init(&st, &cfg, 0);
	int admitted[5] = {0};
	for (int p = 4; p >= 1; p--) {
		while (calcom_limiter_take(&st, &cfg, 0, 1, p) == 0.0) admitted[p]++;
	}
	assert_int_equal(admitted[4], 70);
	assert_int_equal(admitted[3], 15);
	assert_int_equal(admitted[2], 10);
	assert_int_equal(admitted[1], 5);
}

static void test_429_pauses_cuts_and_recovers(void **state)
{
	(void)state;
	calcom_limiter_config cfg = config(120, 150);
	cfg.decrease_factor = 0.5;
	cfg.recovery_s = 300;
	calcom_limiter_state st;
	calcom_limiter_state_init(&st, &cfg, 0);
	calcom_limiter_signal s429 = {.status = 429, .reset_s = 30, .remaining = 0};
	assert_true(calcom_limiter_learn(&st, &cfg, 0, &s429));
	calcom_limiter_view v;
	calcom_limiter_look(&st, &cfg, 1000, &v);
	assert_int_equal(v.reason, CALCOM_LIMITER_PAUSED);
	assert_true(v.limit == 60 && v.capacity == 75 && v.tokens == 0);
	/* A second 429 of the same block does not cut again. */
	assert_true(calcom_limiter_learn(&st, &cfg, 500, &s429));
	calcom_limiter_look(&st, &cfg, 1000, &v);
	assert_true(v.limit == 60);
	/* Paused: the wait covers the pause and the first token at the cut rate (1/s). */
	double w = calcom_limiter_take(&st, &cfg, 1000, 1, 1);
	assert_true(w > 30.5 - 1e-6 && w < 30.5 + 1e-6);
	calcom_limiter_look(&st, &cfg, 40000, &v);
	assert_int_equal(v.reason, CALCOM_LIMITER_REDUCED);
	/* Full rate again after recovery_seconds. */
	calcom_limiter_look(&st, &cfg, 300000, &v);
	assert_int_equal(v.reason, CALCOM_LIMITER_NORMAL);
	assert_true(v.limit == 120 && v.capacity == 150);
}

static void test_floor_and_remaining_zero(void **state)
{
	(void)state;
	calcom_limiter_config cfg = config(120, 150);
	calcom_limiter_state st;
	calcom_limiter_state_init(&st, &cfg, 0);
	calcom_limiter_signal s429 = {.status = 429, .reset_s = -1, .remaining = -1};
	for (int i = 0; i < 20; i++) calcom_limiter_learn(&st, &cfg, i, &s429);
	assert_true(st.eff == 60);   /* min_limit */
	calcom_limiter_signal ok = {.status = 200, .reset_s = 5, .remaining = 3};
	assert_false(calcom_limiter_learn(&st, &cfg, 100, &ok));
	calcom_limiter_signal empty = {.status = 200, .reset_s = 5, .remaining = 0};
	assert_true(calcom_limiter_learn(&st, &cfg, 100, &empty));
	assert_true(st.pause_until == 5100 && st.at == 5100);
	calcom_limiter_state_init(&st, &cfg, 0);
	cfg.adaptive = false;
	calcom_limiter_learn(&st, &cfg, 0, &s429);
	assert_true(st.eff == 120 && st.tokens == 0);
}

static void test_spend_goes_into_debt(void **state)
{
	(void)state;
	calcom_limiter_config cfg = config(60, 1);
	calcom_limiter_state st;
	calcom_limiter_state_init(&st, &cfg, 0);
	calcom_limiter_spend(&st, &cfg, 0, 3);
	assert_true(st.tokens == -2);
	double w = calcom_limiter_take(&st, &cfg, 0, 1, 1);
	assert_true(w > 3 - EPS && w < 3 + EPS);
}

static void test_parse_seconds(void **state)
{
	(void)state;
	double v;
	assert_true(calcom_limiter_parse_seconds("60", 2, &v) && v == 60);
	assert_true(calcom_limiter_parse_seconds(" 1.5 ", 5, &v) && v == 1.5);
	assert_true(calcom_limiter_parse_seconds("0", 1, &v) && v == 0);
	assert_false(calcom_limiter_parse_seconds("", 0, &v));
	assert_false(calcom_limiter_parse_seconds("-1", 2, &v));
	assert_false(calcom_limiter_parse_seconds("1.", 2, &v));
	assert_false(calcom_limiter_parse_seconds("1e3", 3, &v));
	assert_false(calcom_limiter_parse_seconds("1234567890", 10, &v));
	assert_false(calcom_limiter_parse_seconds("Wed, 21 Oct 2015 07:28:00 GMT", 29, &v));
	assert_false(calcom_limiter_parse_seconds("5\0", 2, &v));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_are_valid),
		cmocka_unit_test(test_admits_burst_plus_rate),
		cmocka_unit_test(test_wait_is_exact_and_takes_nothing),
		cmocka_unit_test(test_reserve_shares),
		cmocka_unit_test(test_429_pauses_cuts_and_recovers),
		cmocka_unit_test(test_floor_and_remaining_zero),
		cmocka_unit_test(test_spend_goes_into_debt),
		cmocka_unit_test(test_parse_seconds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
