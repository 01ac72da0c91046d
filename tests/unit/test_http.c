/*
 * src/http against the Cal.com emulator over real HTTP: parallelism on one
 * multi handle, retries with backoff (and where they stop), faults, reuse
 * of keep-alive connections, header lookup. The emulator's admin routes set
 * faults and report what it saw; the test never trusts its own clock for a
 * claim the server can count.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "http/http.h"

static const char *base_url;
static char url_slots[512];
static char url_bookings[512];
static const char *const headers[] = {"Authorization: Bearer unit-test-key", "cal-api-version: 2024-09-04",
	"Content-Type: application/json"};

/* An admin call with a plain easy handle; returns the body (caller frees). */
static char *admin(const char *method, const char *path, const char *json)
{
	char url[512];
	snprintf(url, sizeof url, "%s%s", base_url, path);
	calcom_http *h = calcom_http_new(1);
	calcom_http_request req = {.method = method, .url = url, .headers = headers + 2, .nheaders = 1,
		.body = json, .body_len = json ? strlen(json) : 0, .connect_timeout = 2, .timeout = 10,
		.retry = {.max_attempts = 1}};
	calcom_http_response resp;
	calcom_http_perform(h, &req, &resp, 1);
	assert_int_equal(resp.status, 200);
	char *body = resp.body;
	resp.body = NULL;
	calcom_http_response_free(&resp);
	calcom_http_free(h);
	return body;
}

static void admin_quiet(const char *method, const char *path, const char *json)
{
	free(admin(method, path, json));
}

/* The integer after "key": in a JSON text (good enough for the stats object). */
static long json_int(const char *json, const char *key)
{
	char needle[64];
	snprintf(needle, sizeof needle, "\"%s\":", key);
	const char *p = strstr(json, needle);
	assert_non_null(p);
	return strtol(p + strlen(needle), NULL, 10);
}

static calcom_http_request get_slots(void)
{
	calcom_http_request req = {.method = "GET", .url = url_slots, .headers = headers, .nheaders = 2,
		.connect_timeout = 2, .timeout = 5, .idempotent = true,
		.retry = {.max_attempts = 4, .base_delay = 0.01, .max_delay = 0.05, .budget = 10}};
	return req;
}

static int reset(void **state)
{
	(void)state;
	admin_quiet("POST", "/__admin/reset", "{}");
	return 0;
}

static void test_parallel_batch_is_in_flight_at_once(void **state)
{
	(void)state;
	admin_quiet("POST", "/__admin/faults", "{\"endpoint\":\"slots\",\"latency_ms\":300}");
	calcom_http *h = calcom_http_new(7);
	calcom_http_request reqs[8];
	calcom_http_response resps[8];
	for (int i = 0; i < 8; i++) reqs[i] = get_slots();
	calcom_http_perform(h, reqs, resps, 8);
	for (int i = 0; i < 8; i++) {
		assert_int_equal(resps[i].status, 200);
		assert_int_equal(resps[i].attempts, 1);
		assert_non_null(strstr(resps[i].body, "\"status\":\"success\""));
		calcom_http_response_free(&resps[i]);
	}
	char *stats = admin("GET", "/__admin/stats", NULL);
	assert_int_equal(json_int(stats, "max_concurrency"), 8);
	free(stats);
	calcom_http_free(h);
}

static void test_5xx_then_success_is_retried(void **state)
{
	(void)state;
	admin_quiet("POST", "/__admin/faults", "{\"endpoint\":\"slots\",\"sequence\":[503,500,502]}");
	calcom_http *h = calcom_http_new(7);
	calcom_http_request req = get_slots();
	calcom_http_response resp;
	calcom_http_perform(h, &req, &resp, 1);
	assert_int_equal(resp.status, 200);
	assert_int_equal(resp.attempts, 4);
	assert_int_equal(calcom_http_stats_get(h)->retries, 3);
	calcom_http_response_free(&resp);
	char *stats = admin("GET", "/__admin/stats", NULL);
	assert_int_equal(json_int(stats, "total"), 4);
	free(stats);
	calcom_http_free(h);
}

static void test_attempts_are_bounded(void **state)
{
	(void)state;
	admin_quiet("POST", "/__admin/faults", "{\"endpoint\":\"slots\",\"sequence\":[504,504,504,504,504,504]}");
	calcom_http *h = calcom_http_new(7);
	calcom_http_request req = get_slots();
	req.retry.max_attempts = 3;
	calcom_http_response resp;
	calcom_http_perform(h, &req, &resp, 1);
	assert_int_equal(resp.status, 504);
	assert_int_equal(resp.attempts, 3);
	calcom_http_response_free(&resp);
	calcom_http_free(h);
}

static void test_budget_bounds_total_time(void **state)
{
	(void)state;
	/* Each attempt waits 200 ms for its 503; a 0.5 s budget leaves room for
	 * at most three, whatever max_attempts says. */
	admin_quiet("POST", "/__admin/faults",
		"{\"endpoint\":\"slots\",\"latency_ms\":200,\"sequence\":[503,503,503,503,503,503,503,503]}");
	calcom_http *h = calcom_http_new(7);
	calcom_http_request req = get_slots();
	req.retry.max_attempts = 8;
	req.retry.budget = 0.5;
	calcom_http_response resp;
	calcom_http_perform(h, &req, &resp, 1);
	assert_true(resp.attempts >= 2 && resp.attempts <= 3);
	assert_true(resp.status == 503 || resp.err.code == CALCOM_E_TIMEOUT);
	calcom_http_response_free(&resp);
	calcom_http_free(h);
}

static void test_post_is_never_retried(void **state)
{
	(void)state;
	admin_quiet("POST", "/__admin/faults", "{\"endpoint\":\"bookings_create\",\"sequence\":[503]}");
	calcom_http *h = calcom_http_new(7);
	const char *body = "{\"start\":\"2030-01-07T09:00:00Z\"}";
	calcom_http_request req = {.method = "POST", .url = url_bookings, .headers = headers, .nheaders = 3,
		.body = body, .body_len = strlen(body), .connect_timeout = 2, .timeout = 5, .idempotent = false,
		.retry = {.max_attempts = 4, .base_delay = 0.01, .max_delay = 0.05}};
	calcom_http_response resp;
	calcom_http_perform(h, &req, &resp, 1);
	assert_int_equal(resp.status, 503);
	assert_int_equal(resp.attempts, 1);
	calcom_http_response_free(&resp);
	calcom_http_free(h);
}

static void test_dropped_truncated_and_timed_out_attempts(void **state)
{
	(void)state;
	static const char *const faults[] = {"drop", "truncate"};
	for (size_t i = 0; i < 2; i++) {
		char rule[128];
		snprintf(rule, sizeof rule, "{\"endpoint\":\"slots\",\"sequence\":[\"%s\"]}", faults[i]);
		admin_quiet("POST", "/__admin/faults", rule);
		calcom_http *h = calcom_http_new(7);
		calcom_http_request req = get_slots();
		calcom_http_response resp;
		req.retry.max_attempts = 1;
		calcom_http_perform(h, &req, &resp, 1);
		assert_int_equal(resp.status, 0);
		assert_int_equal(resp.err.code, CALCOM_E_IO);
		assert_non_null(strstr(resp.err.msg, "GET http://127.0.0.1:"));
		calcom_http_response_free(&resp);

		admin_quiet("POST", "/__admin/faults", rule);
		req.retry.max_attempts = 2;
		calcom_http_perform(h, &req, &resp, 1);
		assert_int_equal(resp.status, 200);
		assert_int_equal(resp.attempts, 2);
		calcom_http_response_free(&resp);
		calcom_http_free(h);
	}

	admin_quiet("POST", "/__admin/faults", "{\"endpoint\":\"slots\",\"latency_ms\":1500}");
	calcom_http *h = calcom_http_new(7);
	calcom_http_request req = get_slots();
	req.timeout = 0.2;
	req.retry.max_attempts = 1;
	calcom_http_response resp;
	calcom_http_perform(h, &req, &resp, 1);
	assert_int_equal(resp.status, 0);
	assert_int_equal(resp.err.code, CALCOM_E_TIMEOUT);
	calcom_http_response_free(&resp);
	calcom_http_free(h);
}

static void test_429_is_not_retried_and_headers_are_read(void **state)
{
	(void)state;
	admin_quiet("POST", "/__admin/storm", "{\"seconds\":5}");
	calcom_http *h = calcom_http_new(7);
	calcom_http_request req = get_slots();
	calcom_http_response resp;
	calcom_http_perform(h, &req, &resp, 1);
	assert_int_equal(resp.status, 429);
	assert_int_equal(resp.attempts, 1);
	const char *v;
	size_t len;
	assert_true(calcom_http_header(&resp, "x-ratelimit-remaining-default", &v, &len));
	assert_int_equal(len, 1);
	assert_memory_equal(v, "0", 1);
	assert_true(calcom_http_header(&resp, "X-RATELIMIT-RESET-DEFAULT", &v, &len));
	assert_true(len >= 1);
	assert_false(calcom_http_header(&resp, "Retry-After", &v, &len));
	calcom_http_response_free(&resp);
	calcom_http_free(h);
}

static void test_keep_alive_connection_is_reused(void **state)
{
	(void)state;
	calcom_http *h = calcom_http_new(7);
	calcom_http_request req = get_slots();
	calcom_http_response resp;
	calcom_http_perform(h, &req, &resp, 1);
	assert_int_equal(resp.status, 200);
	assert_int_equal(resp.new_connections, 1);
	calcom_http_response_free(&resp);
	for (int i = 0; i < 3; i++) {
		calcom_http_perform(h, &req, &resp, 1);
		assert_int_equal(resp.status, 200);
		assert_int_equal(resp.new_connections, 0);
		calcom_http_response_free(&resp);
	}
	assert_int_equal(calcom_http_stats_get(h)->new_connections, 1);
	calcom_http_free(h);
}

static void test_connection_refused(void **state)
{
	(void)state;
	calcom_http *h = calcom_http_new(7);
	calcom_http_request req = get_slots();
	req.url = "http://127.0.0.1:1/v2/slots";
	req.retry.max_attempts = 2;
	calcom_http_response resp;
	calcom_http_perform(h, &req, &resp, 1);
	assert_int_equal(resp.status, 0);
	assert_int_equal(resp.err.code, CALCOM_E_CONNECT);
	assert_int_equal(resp.attempts, 2);
	calcom_http_response_free(&resp);
	calcom_http_free(h);
}

static void test_backoff_is_full_jitter_within_a_doubling_ceiling(void **state)
{
	(void)state;
	calcom_http_retry retry = {.max_attempts = 10, .base_delay = 0.1, .max_delay = 1.0};
	uint64_t rng = 42;
	for (int attempt = 1; attempt <= 8; attempt++) {
		double ceiling = 0.1;
		for (int i = 1; i < attempt; i++) ceiling *= 2;
		if (ceiling > 1.0) ceiling = 1.0;
		double lo = ceiling, hi = 0;
		for (int k = 0; k < 2000; k++) {
			double d = calcom_http_backoff(&retry, attempt, &rng);
			assert_true(d >= 0 && d <= ceiling);
			if (d < lo) lo = d;
			if (d > hi) hi = d;
		}
		/* Full jitter: draws spread over the whole range, not around a point. */
		assert_true(lo < ceiling * 0.05);
		assert_true(hi > ceiling * 0.95);
	}
}

int main(void)
{
	base_url = getenv("CALCOM_TEST_EMULATOR_URL");
	if (!base_url) {
		fprintf(stderr, "CALCOM_TEST_EMULATOR_URL is not set\n");
		return 1;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	snprintf(url_slots, sizeof url_slots, "%s/v2/slots?eventTypeId=1001&start=2030-01-07&end=2030-01-08", base_url);
	snprintf(url_bookings, sizeof url_bookings, "%s/v2/bookings", base_url);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_parallel_batch_is_in_flight_at_once, reset),
		cmocka_unit_test_setup(test_5xx_then_success_is_retried, reset),
		cmocka_unit_test_setup(test_attempts_are_bounded, reset),
		cmocka_unit_test_setup(test_budget_bounds_total_time, reset),
		cmocka_unit_test_setup(test_post_is_never_retried, reset),
		cmocka_unit_test_setup(test_dropped_truncated_and_timed_out_attempts, reset),
		cmocka_unit_test_setup(test_429_is_not_retried_and_headers_are_read, reset),
		cmocka_unit_test_setup(test_keep_alive_connection_is_reused, reset),
		cmocka_unit_test_setup(test_connection_refused, reset),
		cmocka_unit_test(test_backoff_is_full_jitter_within_a_doubling_ceiling),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return failed;
}
