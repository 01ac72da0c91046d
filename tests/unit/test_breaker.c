/*
 * src/breaker: the circuit breaker in C (the local fallback and the
 * reference the Lua twin follows), on a clock the test controls.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "breaker/breaker.h"

static calcom_breaker_config cfg;

static int setup(void **state)
{
	calcom_breaker_state *st = malloc(sizeof *st);
	calcom_breaker_state_init(st);
	calcom_breaker_config_default(&cfg);
	*state = st;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

static void record_failure(calcom_breaker_state *st, double now, int weight)
{
	calcom_breaker_record(st, &cfg, now, 0, &weight, 1, 0.0, NULL);
}

static void test_weights(void **state)
{
	(void)state;
	assert_int_equal(calcom_breaker_weight(&cfg, CALCOM_FAILURE_STATUS, 429), 3);
	assert_int_equal(calcom_breaker_weight(&cfg, CALCOM_FAILURE_STATUS, 503), 2);
	assert_int_equal(calcom_breaker_weight(&cfg, CALCOM_FAILURE_STATUS, 500), 1);
	assert_int_equal(calcom_breaker_weight(&cfg, CALCOM_FAILURE_STATUS, 502), 1);
	assert_int_equal(calcom_breaker_weight(&cfg, CALCOM_FAILURE_STATUS, 404), 0);
	assert_int_equal(calcom_breaker_weight(&cfg, CALCOM_FAILURE_TIMEOUT, 0), 2);
	assert_int_equal(calcom_breaker_weight(&cfg, CALCOM_FAILURE_NETWORK, 0), 2);
	cfg.count_client_errors = true;
	assert_int_equal(calcom_breaker_weight(&cfg, CALCOM_FAILURE_STATUS, 404), 1);
}

static void test_opens_at_threshold_and_success_forgets(void **state)
{
	calcom_breaker_state *st = *state;
	double retry;
	record_failure(st, 0, 2);
	record_failure(st, 1, 2);
	calcom_breaker_record(st, &cfg, 2, 1, NULL, 0, 0.0, NULL);   /* a success forgets */
	assert_int_equal(calcom_breaker_failure_weight(st), 0);
	record_failure(st, 3, 3);
	record_failure(st, 4, 1);
	assert_int_equal(st->state, CALCOM_BREAKER_CLOSED);
	record_failure(st, 5, 1);
	assert_int_equal(st->state, CALCOM_BREAKER_OPEN);
	assert_int_equal(calcom_breaker_allow(st, &cfg, 1000, "a", &retry), CALCOM_BREAKER_REFUSE);
	assert_true(retry > 59.0 && retry < 59.01);
}

static void test_window_expiry(void **state)
{
	calcom_breaker_state *st = *state;
	record_failure(st, 0, 4);
	record_failure(st, 300000, 1);   /* the first is exactly a window old: gone */
	assert_int_equal(st->state, CALCOM_BREAKER_CLOSED);
	assert_int_equal(calcom_breaker_failure_weight(st), 1);
}

static void test_backoff_doubles_caps_and_resets(void **state)
{
	calcom_breaker_state *st = *state;
	double retry, now = 0;
	const double expect[] = {60, 120, 240, 480, 600, 600};
	record_failure(st, now, 5);
	for (int i = 0; i < 6; i++) {
		assert_int_equal(st->state, CALCOM_BREAKER_OPEN);
		assert_true(st->retry_at - now == expect[i] * 1000);
		now = st->retry_at;
		assert_int_equal(calcom_breaker_allow(st, &cfg, now, "p", &retry), CALCOM_BREAKER_PROBE);
		if (i < 5) record_failure(st, now, 1);   /* the probe fails: re-open, doubled */
	}
	calcom_breaker_record(st, &cfg, now, 1, NULL, 0, 0.0, "p");
	assert_int_equal(st->state, CALCOM_BREAKER_HALF_OPEN);
	assert_int_equal(calcom_breaker_allow(st, &cfg, now, "q", &retry), CALCOM_BREAKER_PROBE);
	calcom_breaker_record(st, &cfg, now, 1, NULL, 0, 0.0, "q");
	assert_int_equal(st->state, CALCOM_BREAKER_CLOSED);
	assert_int_equal(st->open_count, 0);
	record_failure(st, now, 5);
	assert_true(st->retry_at - now == 60000);
}

static void test_probe_lease_and_expiry(void **state)
{
	calcom_breaker_state *st = *state;
	double retry;
	record_failure(st, 0, 5);
	assert_int_equal(calcom_breaker_allow(st, &cfg, 60000, "a", &retry), CALCOM_BREAKER_PROBE);
	/* Refused while a's probe is out: come back in a second, not in 30. */
	assert_int_equal(calcom_breaker_allow(st, &cfg, 60001, "b", &retry), CALCOM_BREAKER_REFUSE);
	assert_true(retry == CALCOM_BREAKER_BUSY_RETRY_S);
	/* Within the last second of the lease, the lease's end. */
	assert_int_equal(calcom_breaker_allow(st, &cfg, 89500, "b", &retry), CALCOM_BREAKER_REFUSE);
	assert_true(retry > 0.49 && retry <= 0.5);
	/* a never reports back: its lease expires after probe_ttl. */
	assert_int_equal(calcom_breaker_allow(st, &cfg, 90000, "b", &retry), CALCOM_BREAKER_PROBE);
	/* A client error frees the lease and counts nothing. */
	int zero = 0;
	calcom_breaker_record(st, &cfg, 90001, 0, &zero, 1, 0.0, "b");
	assert_int_equal(st->nleases, 0);
	assert_int_equal(st->state, CALCOM_BREAKER_HALF_OPEN);
}

static void test_hint_keeps_it_open(void **state)
{
	calcom_breaker_state *st = *state;
	int w = 3;
	calcom_breaker_record(st, &cfg, 0, 0, &w, 1, 0.0, NULL);
	calcom_breaker_record(st, &cfg, 1, 0, &w, 1, 90.0, NULL);
	assert_int_equal(st->state, CALCOM_BREAKER_OPEN);
	assert_true(st->retry_at == 1 + 90000);
	calcom_breaker_record(st, &cfg, 2, 0, &w, 1, 120.0, NULL);
	assert_true(st->retry_at == 2 + 120000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_weights, setup, teardown),
		cmocka_unit_test_setup_teardown(test_opens_at_threshold_and_success_forgets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_window_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backoff_doubles_caps_and_resets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_probe_lease_and_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hint_keeps_it_open, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
