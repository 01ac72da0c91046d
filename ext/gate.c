/*
 * The rate limiter's and breakers' state through a Store: the engine's gate
 * script on Redis, and the Store's on_failure when Redis fails. With
 * "local", this process keeps its own buckets and breakers (module globals,
 * by key) with the same algorithms in C, so a worker cut off from Redis
 * still limits itself and still stops hammering a dead endpoint.
 */
#include "php.h"
#include "zend_exceptions.h"
#include "ext/random/php_random.h"

#include "php_calcom.h"
#include "calcom_ext.h"
#include "../src/lib/clock.h"

const char *calcom_source_name(calcom_source source)
{
	switch (source) {
		case CALCOM_SOURCE_LOCAL: return "local";
		case CALCOM_SOURCE_UNAVAILABLE: return "unavailable";
		case CALCOM_SOURCE_REDIS: break;
	}
	return "redis";
}

void calcom_local_state_dtor(zval *entry)
{
	free(Z_PTR_P(entry));
}

zend_string *calcom_component_key(zend_object *store, const char *component, zend_string *name, const char *field)
{
	zend_string *prefix;
	bool fail_closed;
	if (!calcom_store_connection(store, &prefix, &fail_closed)) {
		return NULL;
	}
	return strpprintf(0, "%s%s:{%s}:%s", ZSTR_VAL(prefix), component, ZSTR_VAL(name), field);
}

bool calcom_component_name_check(zend_string *name, uint32_t arg_num, const char *option)
{
	/* For an option the message names it: "option \"name\" must ...". */
	const char *lead = option ? "option \"" : "";
	const char *what = option ? option : "";
	const char *tail = option ? "\" " : "";
	if (ZSTR_LEN(name) == 0 || ZSTR_LEN(name) > 200) {
		zend_argument_value_error(arg_num, "%s%s%smust be between 1 and 200 bytes long", lead, what, tail);
		return false;
	}
	for (size_t i = 0; i < ZSTR_LEN(name); i++) {
		unsigned char ch = (unsigned char)ZSTR_VAL(name)[i];
		/* Braces would change the key's Redis Cluster hash tag. */
		if (ch < 0x21 || ch == 0x7f || ch == '{' || ch == '}') {
			zend_argument_value_error(arg_num, "%s%s%smust not contain spaces, control characters, \"{\" or \"}\"",
				lead, what, tail);
			return false;
		}
	}
	/* Names come back in stats(), snapshot() and the Prometheus page, which
	 * json_encode() and scrapers read as UTF-8. */
	if (!calcom_valid_utf8(ZSTR_VAL(name), ZSTR_LEN(name))) {
		zend_argument_value_error(arg_num, "%s%s%smust be valid UTF-8", lead, what, tail);
		return false;
	}
	return true;
}

void calcom_lease_id(char out[17])
{
	unsigned char raw[8];
	if (php_random_bytes_silent(raw, sizeof raw) != SUCCESS) {
		uint64_t x = (uint64_t)(calcom_monotonic() * 1e9) ^ ((uint64_t)getpid() << 32);
		memcpy(raw, &x, sizeof raw);
	}
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < sizeof raw; i++) {
		out[2 * i] = hex[raw[i] >> 4];
		out[2 * i + 1] = hex[raw[i] & 15];
	}
	out[16] = '\0';
}

/* The Store's connection, or NULL with an Error thrown. */
static calcom_redis *connection(zend_object *store)
{
	zend_string *prefix;
	bool fail_closed;
	return calcom_store_connection(store, &prefix, &fail_closed);
}

/* After a Redis failure: the policy to follow, or false with the
 * StoreException thrown for "closed". */
static bool fallback(zend_object *store, const calcom_err *err, calcom_on_failure *policy)
{
	*policy = calcom_store_on_failure(store);
	if (*policy == CALCOM_ON_FAILURE_CLOSED) {
		calcom_throw_store_error(err);
		return false;
	}
	return true;
}

static calcom_limiter_state *local_bucket_for(const calcom_ext_bucket *b, double now)
{
	calcom_limiter_state *st = zend_hash_find_ptr(&CALCOM_G(local_buckets), b->key);
	if (!st) {
		st = malloc(sizeof *st);
		if (!st) return NULL;
		calcom_limiter_state_init(st, b->cfg, now);
		zend_hash_str_add_new_ptr(&CALCOM_G(local_buckets), ZSTR_VAL(b->key), ZSTR_LEN(b->key), st);
	}
	return st;
}

static calcom_breaker_state *local_breaker_for(const calcom_ext_breaker *br)
{
	calcom_breaker_state *st = zend_hash_find_ptr(&CALCOM_G(local_breakers), br->key);
	if (!st) {
		st = malloc(sizeof *st);
		if (!st) return NULL;
		calcom_breaker_state_init(st);
		zend_hash_str_add_new_ptr(&CALCOM_G(local_breakers), ZSTR_VAL(br->key), ZSTR_LEN(br->key), st);
	}
	return st;
}

static bool out_of_memory(void)
{
	zend_throw_error(NULL, "Calcom: out of memory for the local fallback state");
	return false;
}

static calcom_gate_bucket gate_bucket(const calcom_ext_bucket *b)
{
	return (calcom_gate_bucket){.key = ZSTR_VAL(b->key), .key_len = ZSTR_LEN(b->key), .cfg = b->cfg};
}

static calcom_gate_breaker gate_breaker(const calcom_ext_breaker *br)
{
	return (calcom_gate_breaker){.key = ZSTR_VAL(br->key), .key_len = ZSTR_LEN(br->key), .cfg = br->cfg};
}

bool calcom_ext_take(const calcom_ext_bucket *b, double cost, int priority, bool force, double *wait_s)
{
	calcom_redis *r = connection(b->store);
	if (!r) return false;
	calcom_err err;
	calcom_gate_bucket gb = gate_bucket(b);
	if (calcom_gate_take(r, &gb, cost, priority, force, wait_s, &err)) return true;
	calcom_on_failure policy;
	if (!fallback(b->store, &err, &policy)) return false;
	*wait_s = 0.0;
	if (policy == CALCOM_ON_FAILURE_LOCAL) {
		double now = calcom_wall_ms();
		calcom_limiter_state *st = local_bucket_for(b, now);
		if (!st) return out_of_memory();
		if (force) {
			calcom_limiter_spend(st, b->cfg, now, cost);
		} else {
			*wait_s = calcom_limiter_take(st, b->cfg, now, cost, priority);
		}
	}
	return true;
}

bool calcom_ext_learn(const calcom_ext_bucket *b, const calcom_limiter_signal *sig)
{
	calcom_redis *r = connection(b->store);
	if (!r) return false;
	calcom_err err;
	calcom_gate_bucket gb = gate_bucket(b);
	if (calcom_gate_learn(r, &gb, sig, &err)) return true;
	calcom_on_failure policy;
	if (!fallback(b->store, &err, &policy)) return false;
	if (policy == CALCOM_ON_FAILURE_LOCAL) {
		double now = calcom_wall_ms();
		calcom_limiter_state *st = local_bucket_for(b, now);
		if (!st) return out_of_memory();
		calcom_limiter_learn(st, b->cfg, now, sig);
	}
	return true;
}

bool calcom_ext_peek(const calcom_ext_bucket *b, calcom_limiter_view *view, calcom_source *source)
{
	calcom_redis *r = connection(b->store);
	if (!r) return false;
	calcom_err err;
	calcom_gate_bucket gb = gate_bucket(b);
	calcom_limiter_state st;
	double now;
	if (calcom_gate_peek(r, &gb, &st, &now, &err)) {
		calcom_limiter_look(&st, b->cfg, now, view);
		*source = CALCOM_SOURCE_REDIS;
		return true;
	}
	calcom_on_failure policy;
	if (!fallback(b->store, &err, &policy)) return false;
	now = calcom_wall_ms();
	const calcom_limiter_state *local = zend_hash_find_ptr(&CALCOM_G(local_buckets), b->key);
	if (policy == CALCOM_ON_FAILURE_LOCAL && local) {
		st = *local;
	} else {
		calcom_limiter_state_init(&st, b->cfg, now);
	}
	calcom_limiter_look(&st, b->cfg, now, view);
	*source = policy == CALCOM_ON_FAILURE_LOCAL ? CALCOM_SOURCE_LOCAL : CALCOM_SOURCE_UNAVAILABLE;
	return true;
}

bool calcom_ext_allow(const calcom_ext_breaker *br, const char *lease_id, calcom_breaker_verdict *verdict,
	double *retry_s, bool *clean)
{
	calcom_redis *r = connection(br->store);
	if (!r) return false;
	calcom_err err;
	calcom_gate_breaker gb = gate_breaker(br);
	if (calcom_gate_allow(r, &gb, lease_id, verdict, retry_s, clean, &err)) return true;
	calcom_on_failure policy;
	if (!fallback(br->store, &err, &policy)) return false;
	*verdict = CALCOM_BREAKER_ALLOW;
	*retry_s = 0.0;
	*clean = true;
	if (policy == CALCOM_ON_FAILURE_LOCAL) {
		calcom_breaker_state *st = local_breaker_for(br);
		if (!st) return out_of_memory();
		*verdict = calcom_breaker_allow(st, br->cfg, calcom_wall_ms(), lease_id, retry_s);
		*clean = st->state == CALCOM_BREAKER_CLOSED && st->nfailures == 0;
	}
	return true;
}

bool calcom_ext_record(const calcom_ext_breaker *br, int successes, const int *weights, size_t nweights, double hint_s,
	const char *lease_id)
{
	calcom_redis *r = connection(br->store);
	if (!r) return false;
	calcom_err err;
	calcom_gate_breaker gb = gate_breaker(br);
	if (calcom_gate_record(r, &gb, successes, weights, nweights, hint_s, lease_id, &err)) return true;
	calcom_on_failure policy;
	if (!fallback(br->store, &err, &policy)) return false;
	if (policy == CALCOM_ON_FAILURE_LOCAL) {
		calcom_breaker_state *st = local_breaker_for(br);
		if (!st) return out_of_memory();
		calcom_breaker_record(st, br->cfg, calcom_wall_ms(), successes, weights, nweights, hint_s, lease_id);
	}
	return true;
}

static void local_status(calcom_breaker_state *st, const calcom_breaker_config *cfg, calcom_breaker_status *out)
{
	double now = calcom_wall_ms();
	calcom_breaker_advance(st, cfg, now);
	*out = (calcom_breaker_status){
		.state = st->state,
		.failure_weight = calcom_breaker_failure_weight(st),
		.successes = st->successes,
		.opened_at = st->opened_at,
		.retry_at = st->retry_at,
		.open_count = st->open_count,
		.probes = st->nleases,
		.now = now,
	};
}

bool calcom_ext_look(const calcom_ext_breaker *br, calcom_breaker_status *status, calcom_source *source)
{
	calcom_redis *r = connection(br->store);
	if (!r) return false;
	calcom_err err;
	calcom_gate_breaker gb = gate_breaker(br);
	if (calcom_gate_look(r, &gb, status, &err)) {
		*source = CALCOM_SOURCE_REDIS;
		return true;
	}
	calcom_on_failure policy;
	if (!fallback(br->store, &err, &policy)) return false;
	calcom_breaker_state *local = policy == CALCOM_ON_FAILURE_LOCAL
		? zend_hash_find_ptr(&CALCOM_G(local_breakers), br->key) : NULL;
	if (local) {
		local_status(local, br->cfg, status);
	} else {
		*status = (calcom_breaker_status){.state = CALCOM_BREAKER_CLOSED, .now = calcom_wall_ms()};
	}
	*source = policy == CALCOM_ON_FAILURE_LOCAL ? CALCOM_SOURCE_LOCAL : CALCOM_SOURCE_UNAVAILABLE;
	return true;
}

bool calcom_ext_forget(zend_object *store, zend_string *key, bool breaker)
{
	zend_hash_del(breaker ? &CALCOM_G(local_breakers) : &CALCOM_G(local_buckets), key);
	calcom_redis *r = connection(store);
	if (!r) return false;
	calcom_err err;
	const char *argv[] = {"DEL", ZSTR_VAL(key)};
	const size_t argvlen[] = {3, ZSTR_LEN(key)};
	redisReply *reply = calcom_redis_command(r, true, 2, argv, argvlen, &err);
	if (reply && reply->type == REDIS_REPLY_ERROR) {
		calcom_err_set(&err, CALCOM_E_SERVER, "Redis at %s: %s", calcom_redis_endpoint(r), reply->str);
		freeReplyObject(reply);
		reply = NULL;
	}
	if (reply) {
		freeReplyObject(reply);
		return true;
	}
	calcom_on_failure policy;
	return fallback(store, &err, &policy);
}

bool calcom_ext_before(const calcom_ext_bucket *b, const calcom_ext_breaker *br, double cost, int priority,
	const char *lease_id, calcom_gate_pass *out)
{
	zend_object *store;
	if (b) {
		store = b->store;
	} else if (br) {
		store = br->store;
	} else {  /* nothing to pass */
		*out = (calcom_gate_pass){.verdict = CALCOM_GATE_GO, .breaker_clean = true};
		return true;
	}
	calcom_redis *r = connection(store);
	if (!r) return false;
	calcom_err err;
	calcom_gate_bucket gb;
	calcom_gate_breaker gbr;
	if (b) gb = gate_bucket(b);
	if (br) gbr = gate_breaker(br);
	if (calcom_gate_before(r, b ? &gb : NULL, br ? &gbr : NULL, cost, priority, lease_id, out, &err)) return true;
	calcom_on_failure policy;
	if (!fallback(store, &err, &policy)) return false;
	*out = (calcom_gate_pass){.verdict = CALCOM_GATE_GO, .breaker_clean = true};
	if (policy != CALCOM_ON_FAILURE_LOCAL) return true;

	/* The same order as the script: the breaker, then the tokens; a probe
	 * lease is given back when the tokens are not there. */
	double now = calcom_wall_ms();
	calcom_breaker_state *bst = NULL;
	calcom_breaker_verdict v = CALCOM_BREAKER_ALLOW;
	if (br) {
		bst = local_breaker_for(br);
		if (!bst) return out_of_memory();
		double retry;
		v = calcom_breaker_allow(bst, br->cfg, now, lease_id, &retry);
		if (v == CALCOM_BREAKER_REFUSE) {
			*out = (calcom_gate_pass){.verdict = CALCOM_GATE_OPEN, .retry_s = retry};
			return true;
		}
		out->verdict = v == CALCOM_BREAKER_PROBE ? CALCOM_GATE_PROBE : CALCOM_GATE_GO;
		out->breaker_clean = bst->state == CALCOM_BREAKER_CLOSED && bst->nfailures == 0;
	}
	if (b) {
		calcom_limiter_state *lst = local_bucket_for(b, now);
		if (!lst) return out_of_memory();
		double wait = calcom_limiter_take(lst, b->cfg, now, cost, priority);
		if (wait > 0.0) {
			if (v == CALCOM_BREAKER_PROBE) bst->nleases--;
			*out = (calcom_gate_pass){.verdict = CALCOM_GATE_WAIT, .retry_s = wait};
		}
	}
	return true;
}

bool calcom_ext_after(const calcom_ext_bucket *b, const calcom_limiter_signal *sig, const calcom_ext_breaker *br,
	int successes, const int *weights, size_t nweights, double hint_s, const char *lease_id)
{
	if (!sig) b = NULL;
	zend_object *store;
	if (b) {
		store = b->store;
	} else if (br) {
		store = br->store;
	} else {
		return true;
	}
	calcom_redis *r = connection(store);
	if (!r) return false;
	calcom_err err;
	calcom_gate_bucket gb;
	calcom_gate_breaker gbr;
	if (b) gb = gate_bucket(b);
	if (br) gbr = gate_breaker(br);
	if (calcom_gate_after(r, b ? &gb : NULL, sig, br ? &gbr : NULL, successes, weights, nweights, hint_s, lease_id,
	        &err)) {
		return true;
	}
	calcom_on_failure policy;
	if (!fallback(store, &err, &policy)) return false;
	if (policy != CALCOM_ON_FAILURE_LOCAL) return true;
	double now = calcom_wall_ms();
	if (br) {
		calcom_breaker_state *st = local_breaker_for(br);
		if (!st) return out_of_memory();
		calcom_breaker_record(st, br->cfg, now, successes, weights, nweights, hint_s, lease_id);
	}
	if (b) {
		calcom_limiter_state *st = local_bucket_for(b, now);
		if (!st) return out_of_memory();
		calcom_limiter_learn(st, b->cfg, now, sig);
	}
	return true;
}
