/*
 * src/queue: the request queue's script and blocking waits on the real
 * redis-server tests/unit/run.sh starts (CALCOM_TEST_REDIS_PORT).
 *
 * Every test has its own queue, "unit:queue:{q<pid>-<n>}:", whose keys are
 * deleted when it is dropped. Timing tests use short windows (50 ms leases,
 * aging and TTLs) and sleep well past them; nothing asserts that a short
 * wait is short except by a wide margin.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
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

#include "queue/queue.h"

#define TOKEN_A "aaaaaaaaaaaaaaaa"
#define TOKEN_B "bbbbbbbbbbbbbbbb"

static calcom_redis *redis;
static calcom_dsn test_dsn;
static int queue_seq;

/* ---- helpers ------------------------------------------------------------ */

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
	}
}

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static redisReply *cmd(int argc, const char **argv, const size_t *lens)
{
	calcom_err err;
	redisReply *r = calcom_redis_command(redis, true, argc, argv, lens, &err);
	if (!r) fail_msg("%s: %s", argv[0], err.msg);
	if (r->type == REDIS_REPLY_ERROR) fail_msg("%s: %s", argv[0], r->str);
	return r;
}

static redisReply *cmd3(const char *a, const char *b, const char *c)
{
	const char *argv[] = {a, b, c};
	const size_t lens[] = {strlen(a), strlen(b), c ? strlen(c) : 0};
	return cmd(c ? 3 : 2, argv, lens);
}

static long long pttl(const char *key)
{
	redisReply *r = cmd3("PTTL", key, NULL);
	assert_int_equal(r->type, REDIS_REPLY_INTEGER);
	long long v = r->integer;
	freeReplyObject(r);
	return v;
}

/* The Redis clock in s. */
static double redis_now(void)
{
	double now;
	calcom_err err;
	if (!calcom_redis_time(redis, &now, &err)) fail_msg("TIME: %s", err.msg);
	return now;
}

typedef struct {
	char base[96];
	calcom_queue *q;
	calcom_queue_config cfg;
} tq;

static void drop_keys(const char *base)
{
	char pattern[128];
	snprintf(pattern, sizeof pattern, "%s*", base);
	redisReply *r = cmd3("KEYS", pattern, NULL);
	assert_int_equal(r->type, REDIS_REPLY_ARRAY);
	for (size_t i = 0; i < r->elements; i++) freeReplyObject(cmd3("DEL", r->element[i]->str, NULL));
	freeReplyObject(r);
}

static void tq_init(tq *t)
{
	snprintf(t->base, sizeof t->base, "unit:queue:{q%d-%d}:", (int)getpid(), ++queue_seq);
	drop_keys(t->base);
	t->q = calcom_queue_new(t->base, strlen(t->base));
	assert_non_null(t->q);
	calcom_queue_config_default(&t->cfg);
}

static void tq_free(tq *t)
{
	drop_keys(t->base);
	calcom_queue_free(t->q);
}

static void key_of(const tq *t, const char *suffix, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s", t->base, suffix);
}

static void enq_cb(tq *t, int priority, const char *params, const char *callback, char id[CALCOM_QUEUE_ID_LEN + 1])
{
	calcom_queue_spec spec = {"POST", 4, "/v2/bookings", 12, params, strlen(params), callback,
		callback ? strlen(callback) : 0, priority};
	calcom_err err;
	if (!calcom_queue_enqueue(redis, t->q, &t->cfg, &spec, id, &err)) fail_msg("enqueue: %s", err.msg);
	assert_int_equal(strlen(id), CALCOM_QUEUE_ID_LEN);
}

static void enq(tq *t, int priority, const char *params, char id[CALCOM_QUEUE_ID_LEN + 1])
{
	enq_cb(t, priority, params, NULL, id);
}

static void claim(tq *t, size_t max, const char *token, calcom_queue_claim *c)
{
	calcom_err err;
	if (!calcom_queue_claim_jobs(redis, t->q, &t->cfg, max, token, c, &err)) fail_msg("claim: %s", err.msg);
}

/* Applies one outcome; whether it did. */
static bool finish1(tq *t, const char *token, const char *id, calcom_queue_outcome_kind kind, double delay,
	const char *payload, bool cb)
{
	calcom_queue_outcome o = {id, kind, delay, payload, payload ? strlen(payload) : 0, cb};
	bool applied = true;
	calcom_err err;
	if (!calcom_queue_finish(redis, t->q, &t->cfg, token, &o, 1, &applied, &err)) fail_msg("finish: %s", err.msg);
	return applied;
}

static void status(tq *t, const char *id, calcom_queue_status *s)
{
	calcom_err err;
	if (!calcom_queue_status_get(redis, t->q, id, s, &err)) fail_msg("status: %s", err.msg);
}

static void hset(const tq *t, const char *field, const char *value)
{
	char jobs[128];
	key_of(t, "jobs", jobs, sizeof jobs);
	const char *argv[] = {"HSET", jobs, field, value};
	const size_t lens[] = {4, strlen(jobs), strlen(field), strlen(value)};
	freeReplyObject(cmd(4, argv, lens));
}

static bool hexists(const tq *t, const char *field)
{
	char jobs[128];
	key_of(t, "jobs", jobs, sizeof jobs);
	redisReply *r = cmd3("HEXISTS", jobs, field);
	bool v = r->type == REDIS_REPLY_INTEGER && r->integer == 1;
	freeReplyObject(r);
	return v;
}

/* ---- setup -------------------------------------------------------------- */

static int setup(void **state)
{
	(void)state;
	redis = unit_redis("test_queue", &test_dsn);
	assert_non_null(redis);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	calcom_redis_free(redis);
	return 0;
}

/* ---- tests -------------------------------------------------------------- */

static void test_names_and_config(void **state)
{
	(void)state;
	assert_string_equal(calcom_queue_state_name(CALCOM_QUEUE_UNKNOWN), "unknown");
	assert_string_equal(calcom_queue_state_name(CALCOM_QUEUE_QUEUED), "queued");
	assert_string_equal(calcom_queue_state_name(CALCOM_QUEUE_DELAYED), "delayed");
	assert_string_equal(calcom_queue_state_name(CALCOM_QUEUE_RUNNING), "running");
	assert_string_equal(calcom_queue_state_name(CALCOM_QUEUE_DONE), "done");
	assert_string_equal(calcom_queue_state_name(CALCOM_QUEUE_FAILED), "failed");
	assert_string_equal(calcom_queue_state_name((calcom_queue_state)42), "unknown");
	assert_string_equal(calcom_callback_state_name(CALCOM_CALLBACK_NONE), "none");
	assert_string_equal(calcom_callback_state_name(CALCOM_CALLBACK_PENDING), "pending");
	assert_string_equal(calcom_callback_state_name(CALCOM_CALLBACK_DELIVERED), "delivered");
	assert_string_equal(calcom_callback_state_name(CALCOM_CALLBACK_FAILED), "failed");

	calcom_queue_config cfg;
	calcom_queue_config_default(&cfg);
	assert_true(cfg.aging_s == 30 && cfg.job_ttl_s == 86400 && cfg.result_ttl_s == 3600 && cfg.visibility_s == 60);
	assert_int_equal(cfg.max_attempts, 3);
	assert_null(calcom_queue_config_check(&cfg));
	cfg.aging_s = 0;
	assert_null(calcom_queue_config_check(&cfg));
	calcom_queue_config bad = cfg;
	bad.aging_s = -1;
	assert_non_null(calcom_queue_config_check(&bad));
	bad = cfg;
	bad.aging_s = NAN;
	assert_non_null(calcom_queue_config_check(&bad));
	bad = cfg;
	bad.job_ttl_s = 0;
	assert_non_null(calcom_queue_config_check(&bad));
	bad = cfg;
	bad.result_ttl_s = INFINITY;
	assert_non_null(calcom_queue_config_check(&bad));
	bad = cfg;
	bad.visibility_s = -0.5;
	assert_non_null(calcom_queue_config_check(&bad));
	bad = cfg;
	bad.max_attempts = 0;
	assert_non_null(calcom_queue_config_check(&bad));
}

static void test_invalid_inputs(void **state)
{
	(void)state;
	tq t;
	tq_init(&t);
	calcom_err err;
	char id[CALCOM_QUEUE_ID_LEN + 1];
	calcom_queue_spec spec = {"GET", 3, "/x", 2, "{}", 2, NULL, 0, 0};
	assert_false(calcom_queue_enqueue(redis, t.q, &t.cfg, &spec, id, &err));
	assert_int_equal(err.code, CALCOM_E_INVALID);
	spec.priority = 5;
	assert_false(calcom_queue_enqueue(redis, t.q, &t.cfg, &spec, id, &err));
	assert_int_equal(err.code, CALCOM_E_INVALID);
	spec.priority = 1;
	calcom_queue_config bad = t.cfg;
	bad.visibility_s = 0;
	assert_false(calcom_queue_enqueue(redis, t.q, &bad, &spec, id, &err));
	assert_int_equal(err.code, CALCOM_E_INVALID);

	calcom_queue_claim c;
	const char shorter[CALCOM_QUEUE_TOKEN_LEN + 1] = "short";
	assert_false(calcom_queue_claim_jobs(redis, t.q, &t.cfg, 1, shorter, &c, &err));
	assert_int_equal(err.code, CALCOM_E_INVALID);
	assert_int_equal(c.n, 0);
	assert_false(calcom_queue_claim_jobs(redis, t.q, &t.cfg, 1, TOKEN_A "x", &c, &err));
	assert_int_equal(err.code, CALCOM_E_INVALID);
	assert_false(calcom_queue_claim_jobs(redis, t.q, &t.cfg, 1000000, TOKEN_A, &c, &err));
	assert_int_equal(err.code, CALCOM_E_INVALID);

	calcom_queue_status s;
	assert_false(calcom_queue_status_get(redis, t.q, "0000000000000001:r", &s, &err));
	assert_int_equal(err.code, CALCOM_E_INVALID);
	assert_false(calcom_queue_status_get(redis, t.q, "000000000000000G", &s, &err));
	assert_int_equal(err.code, CALCOM_E_INVALID);
	assert_false(calcom_queue_status_get(redis, t.q, "00000000000001", &s, &err));
	assert_int_equal(err.code, CALCOM_E_INVALID);

	calcom_queue_outcome o = {"0000000000000001", CALCOM_QUEUE_OUTCOME_RETRY, -1, "", 0, false};
	bool applied = true;
	assert_false(calcom_queue_finish(redis, t.q, &t.cfg, TOKEN_A, &o, 1, &applied, &err));
	assert_int_equal(err.code, CALCOM_E_INVALID);
	assert_false(applied);
	o.delay_s = 0;
	o.id = "nope";
	assert_false(calcom_queue_finish(redis, t.q, &t.cfg, TOKEN_A, &o, 1, &applied, &err));
	assert_int_equal(err.code, CALCOM_E_INVALID);
	o.id = "0000000000000001";
	o.kind = (calcom_queue_outcome_kind)9;
	assert_false(calcom_queue_finish(redis, t.q, &t.cfg, TOKEN_A, &o, 1, &applied, &err));
	assert_int_equal(err.code, CALCOM_E_INVALID);
	/* Nothing to do is no round trip and no error. */
	assert_true(calcom_queue_finish(redis, t.q, &t.cfg, TOKEN_A, NULL, 0, NULL, &err));

	bool done = true;
	assert_false(calcom_queue_await(redis, t.q, "x", 0.01, &done, &err));
	assert_int_equal(err.code, CALCOM_E_INVALID);
	const char *ids[] = {"zz"};
	const calcom_callback_state st[] = {CALCOM_CALLBACK_DELIVERED};
	assert_false(calcom_queue_callback_result(redis, t.q, ids, st, 1, &err));
	assert_int_equal(err.code, CALCOM_E_INVALID);
	tq_free(&t);
}

static void test_order_priority_then_fifo(void **state)
{
	(void)state;
	tq t;
	tq_init(&t);
	enum { N = 40 };
	char ids[N][CALCOM_QUEUE_ID_LEN + 1];
	int prio[N];
	for (int i = 0; i < N; i++) {
		prio[i] = 4 - (i * 7 % 4);  /* 4 1 2 3 4 1 ... interleaved */
		char params[32];
		snprintf(params, sizeof params, "{\"i\":%d}", i);
		enq(&t, prio[i], params, ids[i]);
		if (i > 0) assert_true(strcmp(ids[i - 1], ids[i]) < 0);
	}
	/* Expected: by priority, then in enqueue order (all within 30 s aging). */
	int expect[N], k = 0;
	for (int p = 1; p <= 4; p++) {
		for (int i = 0; i < N; i++) {
			if (prio[i] == p) expect[k++] = i;
		}
	}
	int got = 0;
	while (got < N) {
		calcom_queue_claim c;
		claim(&t, 7, TOKEN_A, &c);
		assert_true(c.n >= 1 && c.n <= 7);
		for (size_t j = 0; j < c.n; j++, got++) {
			const calcom_queue_job *job = &c.jobs[j];
			int i = expect[got];
			assert_string_equal(job->id, ids[i]);
			assert_int_equal(job->priority, prio[i]);
			assert_int_equal(job->attempts, 1);
			assert_false(job->exhausted);
			assert_string_equal(job->method, "POST");
			assert_string_equal(job->path, "/v2/bookings");
			char params[32];
			snprintf(params, sizeof params, "{\"i\":%d}", i);
			assert_string_equal(job->params, params);
			assert_int_equal(job->params_len, strlen(params));
			assert_null(job->callback);
			assert_null(job->last_error);
		}
		/* Every lease falls due within visibility (60 s). */
		assert_true(c.next_due_s > 59 && c.next_due_s <= 60);
		calcom_queue_claim_free(&c);
	}
	calcom_queue_claim c;
	claim(&t, 5, TOKEN_A, &c);
	assert_int_equal(c.n, 0);
	calcom_queue_claim_free(&c);
	tq_free(&t);
}

static void test_aging_lets_old_low_first(void **state)
{
	(void)state;
	tq t;
	tq_init(&t);
	t.cfg.aging_s = 0.05;
	char low[CALCOM_QUEUE_ID_LEN + 1], crit[CALCOM_QUEUE_ID_LEN + 1], crit2[CALCOM_QUEUE_ID_LEN + 1];
	enq(&t, 4, "{}", low);
	sleep_ms(250);  /* > 3 x aging */
	enq(&t, 1, "{}", crit);
	enq(&t, 1, "{}", crit2);
	calcom_queue_claim c;
	claim(&t, 3, TOKEN_A, &c);
	assert_int_equal(c.n, 3);
	assert_string_equal(c.jobs[0].id, low);
	assert_string_equal(c.jobs[1].id, crit);
	assert_string_equal(c.jobs[2].id, crit2);
	calcom_queue_claim_free(&c);
	tq_free(&t);
}

static void test_aging_zero_is_strict(void **state)
{
	(void)state;
	tq t;
	tq_init(&t);
	t.cfg.aging_s = 0;
	char low[CALCOM_QUEUE_ID_LEN + 1], normal[CALCOM_QUEUE_ID_LEN + 1], crit[CALCOM_QUEUE_ID_LEN + 1];
	enq(&t, 4, "{}", low);
	enq(&t, 3, "{}", normal);
	sleep_ms(120);
	enq(&t, 1, "{}", crit);
	calcom_queue_status s;
	status(&t, low, &s);
	assert_int_equal(s.position, 2);
	calcom_queue_status_free(&s);
	calcom_queue_claim c;
	claim(&t, 3, TOKEN_A, &c);
	assert_int_equal(c.n, 3);
	assert_string_equal(c.jobs[0].id, crit);
	assert_string_equal(c.jobs[1].id, normal);
	assert_string_equal(c.jobs[2].id, low);
	calcom_queue_claim_free(&c);
	tq_free(&t);
}

static void test_lease_lapses_keeps_attempts(void **state)
{
	(void)state;
	tq t;
	tq_init(&t);
	t.cfg.visibility_s = 0.05;
	char a[CALCOM_QUEUE_ID_LEN + 1], b[CALCOM_QUEUE_ID_LEN + 1];
	enq(&t, 2, "{}", a);
	enq(&t, 2, "{}", b);
	calcom_queue_claim c;
	claim(&t, 1, TOKEN_A, &c);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.jobs[0].id, a);
	assert_int_equal(c.jobs[0].attempts, 1);
	assert_true(c.next_due_s > 0 && c.next_due_s <= 0.05);
	calcom_queue_claim_free(&c);
	sleep_ms(100);
	/* The lapsed job went back to its place, before b. */
	calcom_queue_status s;
	claim(&t, 1, TOKEN_B, &c);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.jobs[0].id, a);
	assert_int_equal(c.jobs[0].attempts, 2);
	assert_false(c.jobs[0].exhausted);
	calcom_queue_claim_free(&c);
	status(&t, a, &s);
	assert_int_equal(s.state, CALCOM_QUEUE_RUNNING);
	assert_int_equal(s.attempts, 2);
	calcom_queue_status_free(&s);
	/* The old holder's RETRY no longer applies; the new holder's does. */
	assert_false(finish1(&t, TOKEN_A, a, CALCOM_QUEUE_OUTCOME_RETRY, 0, "{}", false));
	assert_true(finish1(&t, TOKEN_B, a, CALCOM_QUEUE_OUTCOME_RETRY, 0, "{}", false));
	tq_free(&t);
}

static void test_exhausted_after_max_attempts(void **state)
{
	(void)state;
	tq t;
	tq_init(&t);
	t.cfg.visibility_s = 0.05;
	t.cfg.max_attempts = 2;
	char a[CALCOM_QUEUE_ID_LEN + 1], b[CALCOM_QUEUE_ID_LEN + 1];
	enq(&t, 1, "{}", a);
	calcom_queue_claim c;
	claim(&t, 1, TOKEN_A, &c);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.jobs[0].attempts, 1);
	calcom_queue_claim_free(&c);
	sleep_ms(80);
	claim(&t, 1, TOKEN_A, &c);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.jobs[0].attempts, 2);
	assert_false(c.jobs[0].exhausted);
	calcom_queue_claim_free(&c);
	enq(&t, 3, "{\"b\":1}", b);
	sleep_ms(80);
	/* a's last lease ran out: handed over exhausted, first and on top of max. */
	claim(&t, 1, TOKEN_B, &c);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.jobs[0].id, a);
	assert_true(c.jobs[0].exhausted);
	assert_int_equal(c.jobs[0].attempts, 2);
	assert_string_equal(c.jobs[1].id, b);
	assert_false(c.jobs[1].exhausted);
	assert_int_equal(c.jobs[1].attempts, 1);
	assert_string_equal(c.jobs[1].params, "{\"b\":1}");
	calcom_queue_claim_free(&c);
	/* Leased to the claimer: its FAILED applies, a RETRY by the old holder not. */
	assert_false(finish1(&t, TOKEN_A, a, CALCOM_QUEUE_OUTCOME_RETRY, 0, "{}", false));
	assert_true(finish1(&t, TOKEN_B, a, CALCOM_QUEUE_OUTCOME_FAILED, 0, "{\"error\":\"exhausted\"}", false));
	calcom_queue_status s;
	status(&t, a, &s);
	assert_int_equal(s.state, CALCOM_QUEUE_FAILED);
	assert_int_equal(s.attempts, 2);
	assert_int_equal(s.payload_len, strlen("{\"error\":\"exhausted\"}"));
	assert_memory_equal(s.payload, "{\"error\":\"exhausted\"}", s.payload_len);
	calcom_queue_status_free(&s);
	tq_free(&t);
}

static void test_retry_delayed_then_back_at_place(void **state)
{
	(void)state;
	tq t;
	tq_init(&t);
	char a[CALCOM_QUEUE_ID_LEN + 1], b[CALCOM_QUEUE_ID_LEN + 1];
	enq(&t, 3, "{}", a);
	enq(&t, 3, "{}", b);
	calcom_queue_claim c;
	claim(&t, 1, TOKEN_A, &c);
	assert_string_equal(c.jobs[0].id, a);
	calcom_queue_claim_free(&c);
	const char *why = "{\"status\":503}";
	assert_true(finish1(&t, TOKEN_A, a, CALCOM_QUEUE_OUTCOME_RETRY, 0.1, why, false));
	/* Applied once: the job is no longer leased to us. */
	assert_false(finish1(&t, TOKEN_A, a, CALCOM_QUEUE_OUTCOME_RETRY, 0.1, why, false));
	calcom_queue_status s;
	status(&t, a, &s);
	assert_int_equal(s.state, CALCOM_QUEUE_DELAYED);
	assert_int_equal(s.attempts, 1);
	assert_int_equal(s.position, -1);
	assert_non_null(s.last_error);
	assert_string_equal(s.last_error, why);
	assert_int_equal(s.last_error_len, strlen(why));
	assert_null(s.payload);
	calcom_queue_status_free(&s);
	calcom_queue_depths d;
	calcom_err err;
	assert_true(calcom_queue_depths_get(redis, t.q, &d, &err));
	assert_int_equal(d.delayed, 1);
	assert_int_equal(d.ready[3], 1);
	assert_int_equal(d.running, 0);
	/* Not due yet: nothing (b stays unclaimed since max 0), next due ~0.1 s. */
	claim(&t, 0, TOKEN_A, &c);
	assert_int_equal(c.n, 0);
	assert_true(c.next_due_s > 0.03 && c.next_due_s <= 0.1);
	calcom_queue_claim_free(&c);
	sleep_ms(150);
	claim(&t, 1, TOKEN_A, &c);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.jobs[0].id, a);  /* back at its place, before b */
	assert_int_equal(c.jobs[0].attempts, 2);
	assert_non_null(c.jobs[0].last_error);
	assert_string_equal(c.jobs[0].last_error, why);
	assert_int_equal(c.jobs[0].last_error_len, strlen(why));
	calcom_queue_claim_free(&c);
	tq_free(&t);
}

static void test_release_gives_attempt_back(void **state)
{
	(void)state;
	tq t;
	tq_init(&t);
	char a[CALCOM_QUEUE_ID_LEN + 1];
	enq(&t, 2, "{}", a);
	calcom_queue_claim c;
	claim(&t, 1, TOKEN_A, &c);
	assert_int_equal(c.jobs[0].attempts, 1);
	calcom_queue_claim_free(&c);
	assert_false(finish1(&t, TOKEN_B, a, CALCOM_QUEUE_OUTCOME_RELEASE, 0, "", false));
	assert_true(finish1(&t, TOKEN_A, a, CALCOM_QUEUE_OUTCOME_RELEASE, 0, "ignored", false));
	calcom_queue_status s;
	status(&t, a, &s);
	assert_int_equal(s.state, CALCOM_QUEUE_DELAYED);
	assert_int_equal(s.attempts, 0);
	assert_null(s.last_error);  /* RELEASE keeps last_error as it was */
	calcom_queue_status_free(&s);
	claim(&t, 1, TOKEN_B, &c);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.jobs[0].id, a);
	assert_int_equal(c.jobs[0].attempts, 1);
	calcom_queue_claim_free(&c);
	tq_free(&t);
}

static void test_finish_rules(void **state)
{
	(void)state;
	tq t;
	tq_init(&t);
	char a[CALCOM_QUEUE_ID_LEN + 1], b[CALCOM_QUEUE_ID_LEN + 1], q3[CALCOM_QUEUE_ID_LEN + 1];
	enq(&t, 1, "{}", a);
	enq(&t, 1, "{}", b);
	enq(&t, 1, "{}", q3);
	calcom_queue_claim c;
	claim(&t, 2, TOKEN_A, &c);
	assert_int_equal(c.n, 2);
	calcom_queue_claim_free(&c);
	/* A wrong token: RETRY not applied, DONE is (the first finisher wins). */
	assert_false(finish1(&t, TOKEN_B, a, CALCOM_QUEUE_OUTCOME_RETRY, 0, "{}", false));
	calcom_queue_outcome o[5] = {
		{a, CALCOM_QUEUE_OUTCOME_DONE, 0, "first", 5, false},
		{a, CALCOM_QUEUE_OUTCOME_DONE, 0, "second", 6, false},
		{b, CALCOM_QUEUE_OUTCOME_FAILED, 0, "bad", 3, false},
		{"00000000000fffff", CALCOM_QUEUE_OUTCOME_DONE, 0, "x", 1, false},
		{q3, CALCOM_QUEUE_OUTCOME_DONE, 0, "", 0, false},  /* never claimed: finishing still applies */
	};
	bool applied[5];
	calcom_err err;
	assert_true(calcom_queue_finish(redis, t.q, &t.cfg, TOKEN_B, o, 5, applied, &err));
	assert_true(applied[0]);
	assert_false(applied[1]);
	assert_true(applied[2]);
	assert_false(applied[3]);
	assert_true(applied[4]);
	assert_false(finish1(&t, TOKEN_A, a, CALCOM_QUEUE_OUTCOME_FAILED, 0, "late", false));
	assert_false(finish1(&t, TOKEN_A, b, CALCOM_QUEUE_OUTCOME_RETRY, 0, "late", false));
	calcom_queue_status s;
	status(&t, a, &s);
	assert_int_equal(s.state, CALCOM_QUEUE_DONE);
	assert_int_equal(s.payload_len, 5);
	assert_memory_equal(s.payload, "first", 5);
	assert_true(s.finished_at >= s.started_at && s.started_at >= s.enqueued_at && s.enqueued_at > 0);
	assert_true(fabs(s.finished_at - redis_now()) < 5);
	calcom_queue_status_free(&s);
	status(&t, b, &s);
	assert_int_equal(s.state, CALCOM_QUEUE_FAILED);
	assert_memory_equal(s.payload, "bad", 3);
	calcom_queue_status_free(&s);
	status(&t, q3, &s);
	assert_int_equal(s.state, CALCOM_QUEUE_DONE);
	assert_int_equal(s.attempts, 0);
	assert_true(s.started_at == 0);
	assert_non_null(s.payload);
	assert_int_equal(s.payload_len, 0);
	calcom_queue_status_free(&s);
	calcom_queue_depths d;
	assert_true(calcom_queue_depths_get(redis, t.q, &d, &err));
	assert_true(d.ready[1] == 0 && d.running == 0 && d.delayed == 0);
	claim(&t, 5, TOKEN_A, &c);
	assert_int_equal(c.n, 0);
	assert_true(c.next_due_s < 0);
	calcom_queue_claim_free(&c);
	tq_free(&t);
}

/* Positions match the order claim takes the jobs in, across priorities and
 * aging (the mix of places depends on timing, the agreement does not).
 * With 1 ms aging, jobs of different priorities a few ms apart often share
 * a place, which exercises the tie rules. */
static void positions_match_claim_order(double aging_s, int n, int sleep_every)
{
	tq t;
	tq_init(&t);
	t.cfg.aging_s = aging_s;
	enum { MAXN = 48 };
	assert_true(n <= MAXN);
	int prio[MAXN], count[5] = {0};
	char ids[MAXN][CALCOM_QUEUE_ID_LEN + 1];
	double before = redis_now();
	for (int i = 0; i < n; i++) {
		prio[i] = 1 + (i * 5 + i / 3) % 4;
		count[prio[i]]++;
		enq(&t, prio[i], "{}", ids[i]);
		if (sleep_every && i % sleep_every == sleep_every - 1) sleep_ms(25);
	}
	long pos[MAXN];
	for (int i = 0; i < n; i++) {
		calcom_queue_status s;
		status(&t, ids[i], &s);
		assert_int_equal(s.state, CALCOM_QUEUE_QUEUED);
		assert_int_equal(s.priority, prio[i]);
		assert_int_equal(s.attempts, 0);
		assert_true(s.enqueued_at >= before - 0.002 && s.enqueued_at < before + 5);
		assert_true(s.started_at == 0 && s.finished_at == 0);
		assert_int_equal(s.callback, CALCOM_CALLBACK_NONE);
		assert_null(s.payload);
		assert_null(s.last_error);
		pos[i] = s.position;
		calcom_queue_status_free(&s);
	}
	calcom_queue_depths d;
	calcom_err err;
	assert_true(calcom_queue_depths_get(redis, t.q, &d, &err));
	for (int p = 1; p <= 4; p++) assert_int_equal(d.ready[p], count[p]);
	calcom_queue_claim c;
	claim(&t, (size_t)n, TOKEN_A, &c);
	assert_int_equal(c.n, n);
	for (size_t j = 0; j < c.n; j++) {
		int i = 0;
		while (i < n && strcmp(ids[i], c.jobs[j].id) != 0) i++;
		assert_true(i < n);
		if (pos[i] != (long)j) fail_msg("job %d (priority %d): position %ld, claimed %zu-th", i, prio[i], pos[i], j);
	}
	calcom_queue_claim_free(&c);
	assert_true(calcom_queue_depths_get(redis, t.q, &d, &err));
	assert_true(d.ready[1] == 0 && d.ready[2] == 0 && d.ready[3] == 0 && d.ready[4] == 0);
	assert_int_equal(d.running, n);
	calcom_queue_status s;
	status(&t, ids[0], &s);
	assert_int_equal(s.state, CALCOM_QUEUE_RUNNING);
	assert_int_equal(s.position, -1);
	assert_true(s.started_at >= s.enqueued_at);
	calcom_queue_status_free(&s);
	status(&t, "00000000deadbeef", &s);
	assert_int_equal(s.state, CALCOM_QUEUE_UNKNOWN);
	assert_int_equal(s.position, -1);
	calcom_queue_status_free(&s);
	tq_free(&t);
}

static void test_status_position_matches_claim_order(void **state)
{
	(void)state;
	positions_match_claim_order(0.02, 14, 4);
	positions_match_claim_order(0.001, 48, 0);
	positions_match_claim_order(0, 20, 0);
}

static void test_depths_empty(void **state)
{
	(void)state;
	tq t;
	tq_init(&t);
	calcom_queue_depths d;
	calcom_err err;
	assert_true(calcom_queue_depths_get(redis, t.q, &d, &err));
	for (int p = 1; p <= 4; p++) assert_int_equal(d.ready[p], 0);
	assert_int_equal(d.delayed, 0);
	assert_int_equal(d.running, 0);
	tq_free(&t);
}

typedef struct {
	const calcom_queue *q;
	const char *id;
	bool ok, done;
	double took;
} waiter;

static void *await_thread(void *arg)
{
	waiter *w = arg;
	calcom_redis *r = calcom_redis_new(&test_dsn, 2.0, 5.0);
	if (!r) return NULL;
	calcom_err err;
	double t0 = mono();
	w->ok = calcom_queue_await(r, w->q, w->id, 3.0, &w->done, &err);
	w->took = mono() - t0;
	calcom_redis_free(r);
	return NULL;
}

static void test_await(void **state)
{
	(void)state;
	tq t;
	tq_init(&t);
	char a[CALCOM_QUEUE_ID_LEN + 1], b[CALCOM_QUEUE_ID_LEN + 1];
	enq(&t, 1, "{}", a);
	enq(&t, 1, "{}", b);
	calcom_err err;
	bool done = true;
	/* Unfinished: a short wait times out, a zero wait only looks. */
	double t0 = mono();
	assert_true(calcom_queue_await(redis, t.q, a, 0.05, &done, &err));
	double took = mono() - t0;
	assert_false(done);
	assert_true(took >= 0.04 && took < 1.0);
	done = true;
	t0 = mono();
	assert_true(calcom_queue_await(redis, t.q, a, 0, &done, &err));
	assert_false(done);
	assert_true(mono() - t0 < 0.5);
	/* A sub-millisecond wait is a 1 ms wait, not forever. */
	assert_true(calcom_queue_await(redis, t.q, a, 0.0001, &done, &err));
	assert_false(done);

	/* Two waiters on their own connections both see the finish. */
	waiter w[2] = {{t.q, a, false, false, 0}, {t.q, a, false, false, 0}};
	pthread_t th[2];
	for (int i = 0; i < 2; i++) assert_int_equal(pthread_create(&th[i], NULL, await_thread, &w[i]), 0);
	sleep_ms(100);
	assert_true(finish1(&t, TOKEN_A, a, CALCOM_QUEUE_OUTCOME_DONE, 0, "ok", false));
	for (int i = 0; i < 2; i++) {
		pthread_join(th[i], NULL);
		assert_true(w[i].ok);
		assert_true(w[i].done);
		assert_true(w[i].took < 2.0);
	}
	/* Finished: every later wait returns at once, the latch stays. */
	for (int i = 0; i < 3; i++) {
		done = false;
		t0 = mono();
		assert_true(calcom_queue_await(redis, t.q, a, 2.0, &done, &err));
		assert_true(done);
		assert_true(mono() - t0 < 1.0);
	}
	done = false;
	assert_true(calcom_queue_await(redis, t.q, a, 0, &done, &err));
	assert_true(done);
	char latch[128];
	snprintf(latch, sizeof latch, "%sdone:%s", t.base, a);
	redisReply *r = cmd3("LLEN", latch, NULL);
	assert_int_equal(r->integer, 1);
	freeReplyObject(r);
	/* A second finish does not push a second element. */
	assert_false(finish1(&t, TOKEN_A, a, CALCOM_QUEUE_OUTCOME_DONE, 0, "ok", false));
	r = cmd3("LLEN", latch, NULL);
	assert_int_equal(r->integer, 1);
	freeReplyObject(r);
	/* b is still unfinished. */
	assert_true(calcom_queue_await(redis, t.q, b, 0.02, &done, &err));
	assert_false(done);
	tq_free(&t);
}

static void test_idle(void **state)
{
	(void)state;
	tq t;
	tq_init(&t);
	calcom_err err;
	double t0 = mono();
	assert_true(calcom_queue_idle(redis, t.q, 0.05, &err));
	double took = mono() - t0;
	assert_true(took >= 0.04 && took < 1.0);
	assert_true(calcom_queue_idle(redis, t.q, 0, &err));
	char a[CALCOM_QUEUE_ID_LEN + 1];
	enq(&t, 3, "{}", a);
	t0 = mono();
	assert_true(calcom_queue_idle(redis, t.q, 2.0, &err));
	assert_true(mono() - t0 < 1.0);
	/* The wake list stays short however many enqueues. */
	for (int i = 0; i < 20; i++) enq(&t, 3, "{}", a);
	char wake[128];
	key_of(&t, "wake", wake, sizeof wake);
	redisReply *r = cmd3("LLEN", wake, NULL);
	assert_int_equal(r->integer, 16);
	freeReplyObject(r);
	tq_free(&t);
}

static void test_purge_after_result_ttl(void **state)
{
	(void)state;
	tq t;
	tq_init(&t);
	t.cfg.result_ttl_s = 0.05;
	char a[CALCOM_QUEUE_ID_LEN + 1], b[CALCOM_QUEUE_ID_LEN + 1];
	enq(&t, 1, "{}", a);
	calcom_queue_claim c;
	claim(&t, 1, TOKEN_A, &c);
	calcom_queue_claim_free(&c);
	assert_true(finish1(&t, TOKEN_A, a, CALCOM_QUEUE_OUTCOME_DONE, 0, "result", false));
	calcom_queue_status s;
	status(&t, a, &s);
	assert_int_equal(s.state, CALCOM_QUEUE_DONE);
	calcom_queue_status_free(&s);
	char latch[128];
	snprintf(latch, sizeof latch, "%sdone:%s", t.base, a);
	long long ttl = pttl(latch);
	assert_true(ttl > 0 && ttl <= 50);
	char field[32];
	snprintf(field, sizeof field, "%s:r", a);
	assert_true(hexists(&t, a));
	assert_true(hexists(&t, field));
	sleep_ms(120);
	enq(&t, 1, "{}", b);  /* any write purges */
	status(&t, a, &s);
	assert_int_equal(s.state, CALCOM_QUEUE_UNKNOWN);
	calcom_queue_status_free(&s);
	assert_false(hexists(&t, a));
	assert_false(hexists(&t, field));
	assert_int_equal(pttl(latch), -2);
	char finished[128];
	key_of(&t, "finished", finished, sizeof finished);
	redisReply *r = cmd3("ZCARD", finished, NULL);
	assert_int_equal(r->integer, 0);
	freeReplyObject(r);
	status(&t, b, &s);
	assert_int_equal(s.state, CALCOM_QUEUE_QUEUED);
	calcom_queue_status_free(&s);
	tq_free(&t);
}

static void test_ttls_on_every_key(void **state)
{
	(void)state;
	tq t;
	tq_init(&t);
	t.cfg.job_ttl_s = 600;
	t.cfg.result_ttl_s = 300;
	char ids[6][CALCOM_QUEUE_ID_LEN + 1];
	for (int p = 1; p <= 4; p++) enq(&t, p, "{}", ids[p]);
	enq(&t, 4, "{}", ids[5]);
	calcom_queue_claim c;
	claim(&t, 3, TOKEN_A, &c);
	assert_int_equal(c.n, 3);
	calcom_queue_claim_free(&c);
	assert_true(finish1(&t, TOKEN_A, ids[1], CALCOM_QUEUE_OUTCOME_DONE, 0, "r", false));
	assert_true(finish1(&t, TOKEN_A, ids[2], CALCOM_QUEUE_OUTCOME_RETRY, 60, "e", false));
	/* ids[3] is leased, ids[4] and ids[5] ready:4; ready:1..3 are empty now,
	 * so one more job in each. */
	char more[CALCOM_QUEUE_ID_LEN + 1];
	for (int p = 1; p <= 3; p++) enq(&t, p, "{}", more);
	static const char *const keys[] = {"ready:1", "ready:2", "ready:3", "ready:4", "delayed", "leased", "jobs",
		"finished", "seq", "wake"};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		char k[128];
		key_of(&t, keys[i], k, sizeof k);
		long long ttl = pttl(k);
		if (!(ttl > 590000 && ttl <= 600000)) fail_msg("%s: PTTL %lld", keys[i], ttl);
	}
	char latch[128];
	snprintf(latch, sizeof latch, "%sdone:%s", t.base, ids[1]);
	long long ttl = pttl(latch);
	assert_true(ttl > 290000 && ttl <= 300000);
	/* No key of the queue is without a TTL. */
	char pattern[128];
	snprintf(pattern, sizeof pattern, "%s*", t.base);
	redisReply *r = cmd3("KEYS", pattern, NULL);
	assert_int_equal(r->elements, 11);
	for (size_t i = 0; i < r->elements; i++) assert_true(pttl(r->element[i]->str) > 0);
	freeReplyObject(r);
	tq_free(&t);
}

static void test_callback_state(void **state)
{
	(void)state;
	tq t;
	tq_init(&t);
	char a[CALCOM_QUEUE_ID_LEN + 1], b[CALCOM_QUEUE_ID_LEN + 1], e[CALCOM_QUEUE_ID_LEN + 1];
	enq_cb(&t, 2, "{}", "https://example.test/hook?x=1", a);
	enq_cb(&t, 2, "{}", "", e);  /* empty: no callback */
	enq(&t, 2, "{}", b);
	calcom_queue_claim c;
	claim(&t, 3, TOKEN_A, &c);
	assert_int_equal(c.n, 3);
	assert_non_null(c.jobs[0].callback);
	assert_string_equal(c.jobs[0].callback, "https://example.test/hook?x=1");
	assert_null(c.jobs[1].callback);
	assert_null(c.jobs[2].callback);
	calcom_queue_claim_free(&c);
	assert_true(finish1(&t, TOKEN_A, a, CALCOM_QUEUE_OUTCOME_DONE, 0, "{}", true));
	assert_true(finish1(&t, TOKEN_A, b, CALCOM_QUEUE_OUTCOME_DONE, 0, "{}", false));
	calcom_queue_status s;
	status(&t, a, &s);
	assert_int_equal(s.callback, CALCOM_CALLBACK_PENDING);
	calcom_queue_status_free(&s);
	status(&t, b, &s);
	assert_int_equal(s.callback, CALCOM_CALLBACK_NONE);
	calcom_queue_status_free(&s);
	const char *ids[] = {a, "00000000cafebabe", b};
	const calcom_callback_state st[] = {CALCOM_CALLBACK_DELIVERED, CALCOM_CALLBACK_FAILED, CALCOM_CALLBACK_FAILED};
	calcom_err err;
	assert_true(calcom_queue_callback_result(redis, t.q, ids, st, 3, &err));
	status(&t, a, &s);
	assert_int_equal(s.callback, CALCOM_CALLBACK_DELIVERED);
	calcom_queue_status_free(&s);
	status(&t, b, &s);
	assert_int_equal(s.callback, CALCOM_CALLBACK_FAILED);
	calcom_queue_status_free(&s);
	status(&t, "00000000cafebabe", &s);
	assert_int_equal(s.state, CALCOM_QUEUE_UNKNOWN);
	calcom_queue_status_free(&s);
	assert_true(calcom_queue_callback_result(redis, t.q, NULL, NULL, 0, &err));
	tq_free(&t);
}

/* Bytes cjson must carry through: NUL, quotes, backslashes, slashes, bytes
 * above 0x7f; the result payload is stored raw. */
static void test_binary_round_trip(void **state)
{
	(void)state;
	tq t;
	tq_init(&t);
	static const char params[] = "{\"a\":\"x\\\"y\"}\0\x01\xff\xc3\xa9/\\\"";
	static const char payload[] = "\0raw\xff{not json";
	static const char method[] = "PA\0CH";
	calcom_queue_spec spec = {method, sizeof method - 1, "/p\xe9/q", 5, params, sizeof params - 1, NULL, 0, 4};
	char id[CALCOM_QUEUE_ID_LEN + 1];
	calcom_err err;
	assert_true(calcom_queue_enqueue(redis, t.q, &t.cfg, &spec, id, &err));
	calcom_queue_claim c;
	claim(&t, 1, TOKEN_A, &c);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.jobs[0].params_len, sizeof params - 1);
	assert_memory_equal(c.jobs[0].params, params, sizeof params - 1);
	assert_int_equal(c.jobs[0].params[sizeof params - 1], '\0');
	assert_memory_equal(c.jobs[0].method, method, sizeof method);
	assert_string_equal(c.jobs[0].path, "/p\xe9/q");
	calcom_queue_claim_free(&c);
	calcom_queue_outcome o = {id, CALCOM_QUEUE_OUTCOME_DONE, 0, payload, sizeof payload - 1, false};
	bool applied;
	assert_true(calcom_queue_finish(redis, t.q, &t.cfg, TOKEN_A, &o, 1, &applied, &err));
	assert_true(applied);
	calcom_queue_status s;
	status(&t, id, &s);
	assert_int_equal(s.payload_len, sizeof payload - 1);
	assert_memory_equal(s.payload, payload, sizeof payload - 1);
	calcom_queue_status_free(&s);
	tq_free(&t);
}

static void test_corrupt_records(void **state)
{
	(void)state;
	tq t;
	tq_init(&t);
	char a[CALCOM_QUEUE_ID_LEN + 1], b[CALCOM_QUEUE_ID_LEN + 1], d[CALCOM_QUEUE_ID_LEN + 1];
	enq(&t, 1, "{}", a);
	enq(&t, 1, "{}", b);
	enq(&t, 1, "{}", d);
	hset(&t, a, "not json {");
	hset(&t, b, "{\"st\":\"queued\",\"pr\":9}");
	calcom_err err;
	calcom_queue_status s;
	assert_false(calcom_queue_status_get(redis, t.q, a, &s, &err));
	assert_int_equal(err.code, CALCOM_E_PROTOCOL);
	assert_null(s.payload);
	assert_false(calcom_queue_status_get(redis, t.q, b, &s, &err));
	assert_int_equal(err.code, CALCOM_E_PROTOCOL);
	hset(&t, b, "[1,2,3]");
	assert_false(calcom_queue_status_get(redis, t.q, b, &s, &err));
	assert_int_equal(err.code, CALCOM_E_PROTOCOL);
	/* claim drops what it cannot read and hands out the next job. */
	calcom_queue_claim c;
	claim(&t, 1, TOKEN_A, &c);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.jobs[0].id, d);
	calcom_queue_claim_free(&c);
	calcom_queue_depths dp;
	assert_true(calcom_queue_depths_get(redis, t.q, &dp, &err));
	assert_int_equal(dp.ready[1], 0);
	/* finish treats them as gone. */
	assert_false(finish1(&t, TOKEN_A, a, CALCOM_QUEUE_OUTCOME_DONE, 0, "x", false));
	/* A record that is valid JSON of the wrong types, under a leased job. */
	hset(&t, d, "{\"st\":\"running\",\"m\":1,\"p\":\"/\",\"q\":\"{}\",\"e\":1,\"s\":1,\"a\":1,\"pr\":1}");
	assert_false(calcom_queue_status_get(redis, t.q, d, &s, &err));
	assert_int_equal(err.code, CALCOM_E_PROTOCOL);
	assert_false(finish1(&t, TOKEN_A, d, CALCOM_QUEUE_OUTCOME_RETRY, 0, "x", false));
	/* A key of the wrong type is the server's error, not a crash. */
	char e[CALCOM_QUEUE_ID_LEN + 1];
	enq(&t, 2, "{}", e);
	char jobs[128];
	key_of(&t, "jobs", jobs, sizeof jobs);
	freeReplyObject(cmd3("DEL", jobs, NULL));
	const char *argv[] = {"SET", jobs, "x"};
	const size_t lens[] = {3, strlen(jobs), 1};
	freeReplyObject(cmd(3, argv, lens));
	assert_false(calcom_queue_status_get(redis, t.q, a, &s, &err));
	assert_int_equal(err.code, CALCOM_E_SERVER);
	assert_false(calcom_queue_claim_jobs(redis, t.q, &t.cfg, 1, TOKEN_A, &c, &err));
	assert_int_equal(err.code, CALCOM_E_SERVER);
	assert_int_equal(c.n, 0);
	assert_null(c.jobs);
	tq_free(&t);
}

static void test_unreachable_server(void **state)
{
	(void)state;
	calcom_dsn dsn;
	calcom_err err;
	const char *text = "redis://127.0.0.1:1";
	assert_true(calcom_dsn_parse(text, strlen(text), &dsn, &err));
	calcom_redis *r = calcom_redis_new(&dsn, 0.5, 0.5);
	calcom_queue *q = calcom_queue_new("unit:queue:{x}:", 15);
	calcom_queue_config cfg;
	calcom_queue_config_default(&cfg);
	char id[CALCOM_QUEUE_ID_LEN + 1] = "junk";
	calcom_queue_spec spec = {"GET", 3, "/", 1, "{}", 2, NULL, 0, 1};
	assert_false(calcom_queue_enqueue(r, q, &cfg, &spec, id, &err));
	assert_int_equal(err.code, CALCOM_E_CONNECT);
	assert_string_equal(id, "");
	calcom_queue_claim c;
	assert_false(calcom_queue_claim_jobs(r, q, &cfg, 1, TOKEN_A, &c, &err));
	assert_int_equal(err.code, CALCOM_E_CONNECT);
	calcom_queue_depths d;
	assert_false(calcom_queue_depths_get(r, q, &d, &err));
	assert_int_equal(err.code, CALCOM_E_CONNECT);
	bool done;
	assert_false(calcom_queue_await(r, q, "0000000000000001", 0.01, &done, &err));
	assert_int_equal(err.code, CALCOM_E_CONNECT);
	calcom_queue_free(q);
	calcom_redis_free(r);
	calcom_queue_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_and_config),
		cmocka_unit_test(test_invalid_inputs),
		cmocka_unit_test(test_order_priority_then_fifo),
		cmocka_unit_test(test_aging_lets_old_low_first),
		cmocka_unit_test(test_aging_zero_is_strict),
		cmocka_unit_test(test_lease_lapses_keeps_attempts),
		cmocka_unit_test(test_exhausted_after_max_attempts),
		cmocka_unit_test(test_retry_delayed_then_back_at_place),
		cmocka_unit_test(test_release_gives_attempt_back),
		cmocka_unit_test(test_finish_rules),
		cmocka_unit_test(test_status_position_matches_claim_order),
		cmocka_unit_test(test_depths_empty),
		cmocka_unit_test(test_await),
		cmocka_unit_test(test_idle),
		cmocka_unit_test(test_purge_after_result_ttl),
		cmocka_unit_test(test_ttls_on_every_key),
		cmocka_unit_test(test_callback_state),
		cmocka_unit_test(test_binary_round_trip),
		cmocka_unit_test(test_corrupt_records),
		cmocka_unit_test(test_unreachable_server),
	};
	return cmocka_run_group_tests_name("queue", tests, setup, teardown);
}
