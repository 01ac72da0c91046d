/*
 * Calcom\Metrics: request counters in process memory (src/metrics), added
 * to Redis in one script call per flush, and a snapshot of them together
 * with the live state of the limiter, breakers and queues it watches.
 *
 * A Metrics object with records waiting is held by the request (like a
 * SwrCache with deferred work) until Calcom\runDeferred() flushes it after
 * the response, or RSHUTDOWN does for records made later than that.
 */
#include <math.h>

#include "php.h"
#include "zend_exceptions.h"
#include "zend_smart_str.h"
#include "ext/standard/html.h"

#include "php_calcom.h"
#include "calcom_ext.h"
#include "../src/metrics/metrics.h"
#include "../src/queue/queue.h"

#define DEFAULT_TTL 604800.0
#define MAX_TTL (366.0 * 86400.0)

typedef enum { WATCH_LIMITER, WATCH_BREAKER, WATCH_QUEUE } watch_kind;

/* A component whose state the snapshot shows. It holds the parts it reads
 * through (never a Client or RequestQueue, which may hold this object). */
typedef struct {
	watch_kind kind;
	zend_object *owner;  /* the RateLimiter; the CircuitBreaker whose settings apply; the queue's Store */
	zend_string *name;
	zend_string *key;    /* the breaker's state key; the queue's key base */
} watched;

typedef struct {
	zend_object *store;  /* NULL until constructed */
	zend_string *name;
	zend_string *counters_key, *window_key;
	double ttl;
	calcom_metrics_batch *batch;
	watched *watch;
	size_t nwatch, capwatch;
	zend_object std;
} calcom_metrics_object;

static zend_object_handlers metrics_handlers;

static inline calcom_metrics_object *metrics_from_obj(zend_object *obj)
{
	return (calcom_metrics_object *)((char *)obj - XtOffsetOf(calcom_metrics_object, std));
}

static zend_object *metrics_create(zend_class_entry *ce)
{
	calcom_metrics_object *m = zend_object_alloc(sizeof(calcom_metrics_object), ce);
	zend_object_std_init(&m->std, ce);
	object_properties_init(&m->std, ce);
	m->std.handlers = &metrics_handlers;
	return &m->std;
}

static void metrics_free(zend_object *obj)
{
	calcom_metrics_object *m = metrics_from_obj(obj);
	calcom_metrics_batch_free(m->batch);
	for (size_t i = 0; i < m->nwatch; i++) {
		OBJ_RELEASE(m->watch[i].owner);
		zend_string_release(m->watch[i].name);
		if (m->watch[i].key) zend_string_release(m->watch[i].key);
	}
	if (m->watch) efree(m->watch);
	if (m->store) OBJ_RELEASE(m->store);
	if (m->name) zend_string_release(m->name);
	if (m->counters_key) zend_string_release(m->counters_key);
	if (m->window_key) zend_string_release(m->window_key);
	zend_object_std_dtor(obj);
}

static HashTable *metrics_get_gc(zend_object *obj, zval **table, int *n)
{
	calcom_metrics_object *m = metrics_from_obj(obj);
	zend_get_gc_buffer *buf = zend_get_gc_buffer_create();
	if (m->store) zend_get_gc_buffer_add_obj(buf, m->store);
	for (size_t i = 0; i < m->nwatch; i++) zend_get_gc_buffer_add_obj(buf, m->watch[i].owner);
	zend_get_gc_buffer_use(buf, table, n);
	return zend_std_get_properties(obj);
}

static calcom_metrics_object *metrics_checked(zend_object *obj)
{
	calcom_metrics_object *m = metrics_from_obj(obj);
	if (!m->store) {
		zend_throw_error(NULL, "Calcom\\Metrics object is not initialized");
		return NULL;
	}
	return m;
}

ZEND_METHOD(Calcom_Metrics, __construct)
{
	zend_object *store;
	zend_string *name = NULL;
	HashTable *options = NULL;

	ZEND_PARSE_PARAMETERS_START(1, 3)
		Z_PARAM_OBJ_OF_CLASS(store, calcom_ce_store)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR(name)
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	calcom_metrics_object *m = metrics_from_obj(Z_OBJ_P(ZEND_THIS));
	if (m->store) {
		zend_throw_error(NULL, "Calcom\\Metrics is already constructed");
		RETURN_THROWS();
	}
	zend_string *prefix;
	bool fail_closed;
	if (!calcom_store_connection(store, &prefix, &fail_closed)) RETURN_THROWS();
	if (name && !calcom_component_name_check(name, 2, NULL)) RETURN_THROWS();
	double ttl = DEFAULT_TTL;
	if (options) {
		zend_string *key;
		zval *v;
		ZEND_HASH_FOREACH_STR_KEY_VAL(options, key, v) {
			ZVAL_DEREF(v);
			if (key && zend_string_equals_literal(key, "ttl")) {
				if (!calcom_option_number(v, 3, "ttl", 1.0, MAX_TTL, &ttl)) RETURN_THROWS();
			} else {
				zend_argument_value_error(3, "contains unknown option \"%s\" (expected ttl)", key ? ZSTR_VAL(key) : "");
				RETURN_THROWS();
			}
		} ZEND_HASH_FOREACH_END();
	}
	m->batch = calcom_metrics_batch_new();
	if (!m->batch) {
		zend_throw_error(NULL, "Calcom\\Metrics: out of memory");
		RETURN_THROWS();
	}
	m->name = name ? zend_string_copy(name) : zend_string_init(ZEND_STRL("calcom"), 0);
	m->counters_key = calcom_component_key(store, "metrics", m->name, "counters");
	m->window_key = calcom_component_key(store, "metrics", m->name, "window");
	m->ttl = ttl;
	m->store = store;
	GC_ADDREF(store);
}

/* ---- recording and flushing ------------------------------------------------ */

/* The request keeps m (a reference) until its records are flushed, so they
 * reach Redis even if the caller drops m first; the flush that empties the
 * batch lets go of it (release_hold). */
static void hold_for_flush(calcom_metrics_object *m)
{
	if (!zend_hash_index_exists(&CALCOM_G(pending_metrics), m->std.handle)) {
		zval self;
		ZVAL_OBJ_COPY(&self, &m->std);
		zend_hash_index_add_new(&CALCOM_G(pending_metrics), m->std.handle, &self);
	}
	calcom_register_shutdown_hook();
}

/* The caller still references m, so this never frees it. */
static void release_hold(calcom_metrics_object *m)
{
	if (calcom_metrics_batch_records(m->batch) == 0) {
		zend_hash_index_del(&CALCOM_G(pending_metrics), m->std.handle);
	}
}

static bool record(calcom_metrics_object *m, const char *endpoint, size_t endpoint_len, const char *status,
	size_t status_len, double seconds, bool from_cache, int retries, calcom_err *err)
{
	if (!calcom_metrics_record(m->batch, endpoint, endpoint_len, status, status_len, seconds, from_cache, retries,
		err)) {
		return false;
	}
	hold_for_flush(m);
	return true;
}

void calcom_metrics_note(zend_object *metrics, const char *endpoint, const char *status, double seconds,
	bool from_cache, int retries)
{
	calcom_metrics_object *m = metrics_from_obj(metrics);
	if (!m->store) return;
	calcom_err err;
	/* A full batch drops the record (counted); metrics never fail a request. */
	(void)record(m, endpoint, strlen(endpoint), status, strlen(status), seconds, from_cache, retries, &err);
}

/* Flushes m's records: one round trip. A failed flush keeps the records
 * for the next one; false with a StoreException thrown when the Store says
 * on_failure "closed", unless quiet (after the response nobody could catch
 * it). */
static bool flush(calcom_metrics_object *m, bool quiet, size_t *flushed)
{
	*flushed = calcom_metrics_batch_records(m->batch);
	if (*flushed == 0) return true;
	zend_string *prefix;
	bool fail_closed;
	calcom_redis *r = calcom_store_connection(m->store, &prefix, &fail_closed);
	if (!r) return false;
	calcom_err err;
	if (!calcom_metrics_flush(r, ZSTR_VAL(m->counters_key), ZSTR_LEN(m->counters_key), ZSTR_VAL(m->window_key),
		ZSTR_LEN(m->window_key), m->ttl, m->batch, &err)) {
		*flushed = 0;
		if (fail_closed && !quiet) {
			calcom_throw_store_error(&err);
			return false;
		}
	}
	release_hold(m);
	return true;
}

bool calcom_metrics_flush_now(zend_object *metrics)
{
	size_t flushed;
	return flush(metrics_from_obj(metrics), false, &flushed);
}

void calcom_metrics_flush_pending(bool at_shutdown)
{
	while (zend_hash_num_elements(&CALCOM_G(pending_metrics)) > 0) {
		HashTable batch;
		memcpy(&batch, &CALCOM_G(pending_metrics), sizeof batch);
		zend_hash_init(&CALCOM_G(pending_metrics), 4, NULL, ZVAL_PTR_DTOR, 0);
		zval *self;
		ZEND_HASH_FOREACH_VAL(&batch, self) {
			size_t flushed;
			(void)flush(metrics_from_obj(Z_OBJ_P(self)), at_shutdown, &flushed);
		} ZEND_HASH_FOREACH_END();
		zend_hash_destroy(&batch);
		if (EG(exception)) return;
	}
}

ZEND_METHOD(Calcom_Metrics, record)
{
	zend_string *endpoint;
	zval *status;
	double seconds;
	bool from_cache = false;
	zend_long retries = 0;

	ZEND_PARSE_PARAMETERS_START(3, 5)
		Z_PARAM_STR(endpoint)
		Z_PARAM_ZVAL(status)
		Z_PARAM_DOUBLE(seconds)
		Z_PARAM_OPTIONAL
		Z_PARAM_BOOL(from_cache)
		Z_PARAM_LONG(retries)
	ZEND_PARSE_PARAMETERS_END();

	calcom_metrics_object *m = metrics_checked(Z_OBJ_P(ZEND_THIS));
	if (!m) RETURN_THROWS();
	if (!calcom_metrics_endpoint_valid(ZSTR_VAL(endpoint), ZSTR_LEN(endpoint))) {
		zend_argument_value_error(1, "must be a letter a-z followed by at most %d of a-z, 0-9 and _", CALCOM_METRICS_NAME_MAX - 1);
		RETURN_THROWS();
	}
	char text[24];
	const char *s = NULL;
	size_t slen = 0;
	if (Z_TYPE_P(status) == IS_LONG) {
		if (Z_LVAL_P(status) < 100 || Z_LVAL_P(status) > 599) {
			zend_argument_value_error(2, "must be an HTTP status (100 to 599) or \"timeout\", \"network\" or \"refused\"");
			RETURN_THROWS();
		}
		slen = (size_t)snprintf(text, sizeof text, ZEND_LONG_FMT, Z_LVAL_P(status));
		s = text;
	} else if (Z_TYPE_P(status) == IS_STRING) {
		s = Z_STRVAL_P(status);
		slen = Z_STRLEN_P(status);
		if (!calcom_metrics_status_valid(s, slen) || (s[0] >= '0' && s[0] <= '9')) {
			zend_argument_value_error(2, "must be an HTTP status (100 to 599) or \"timeout\", \"network\" or \"refused\"");
			RETURN_THROWS();
		}
	} else {
		zend_argument_type_error(2, "must be of type string|int, %s given", zend_zval_type_name(status));
		RETURN_THROWS();
	}
	if (!(seconds >= 0.0) || !isfinite(seconds)) {
		zend_argument_value_error(3, "must be a finite number of seconds, at least 0");
		RETURN_THROWS();
	}
	if (retries < 0 || retries > 1000) {
		zend_argument_value_error(5, "must be between 0 and 1000");
		RETURN_THROWS();
	}
	calcom_err err;
	(void)record(m, ZSTR_VAL(endpoint), ZSTR_LEN(endpoint), s, slen, seconds, from_cache, (int)retries, &err);
}

ZEND_METHOD(Calcom_Metrics, flush)
{
	ZEND_PARSE_PARAMETERS_NONE();
	calcom_metrics_object *m = metrics_checked(Z_OBJ_P(ZEND_THIS));
	if (!m) RETURN_THROWS();
	size_t flushed;
	if (!flush(m, false, &flushed)) RETURN_THROWS();
	RETURN_LONG((zend_long)flushed);
}

ZEND_METHOD(Calcom_Metrics, reset)
{
	ZEND_PARSE_PARAMETERS_NONE();
	calcom_metrics_object *m = metrics_checked(Z_OBJ_P(ZEND_THIS));
	if (!m) RETURN_THROWS();
	calcom_metrics_batch_clear(m->batch);
	zend_string *prefix;
	bool fail_closed;
	calcom_redis *r = calcom_store_connection(m->store, &prefix, &fail_closed);
	if (!r) RETURN_THROWS();
	const char *argv[] = {"DEL", ZSTR_VAL(m->counters_key), ZSTR_VAL(m->window_key)};
	const size_t lens[] = {3, ZSTR_LEN(m->counters_key), ZSTR_LEN(m->window_key)};
	calcom_err err;
	redisReply *reply = calcom_redis_command(r, true, 3, argv, lens, &err);
	if (!reply) {
		calcom_throw_store_error(&err);
		RETURN_THROWS();
	}
	freeReplyObject(reply);
}

/* ---- watching -------------------------------------------------------------- */

static void watch_add(calcom_metrics_object *m, watch_kind kind, zend_object *owner, zend_string *name,
	zend_string *key)
{
	/* The same state twice (by its key: one queue name can live in two
	 * Stores) is shown once. */
	for (size_t i = 0; i < m->nwatch; i++) {
		const watched *w = &m->watch[i];
		if (w->kind == kind && (key ? w->key && zend_string_equals(w->key, key) : zend_string_equals(w->name, name))) {
			return;
		}
	}
	if (m->nwatch == m->capwatch) {
		m->capwatch = m->capwatch ? m->capwatch * 2 : 4;
		m->watch = safe_erealloc(m->watch, m->capwatch, sizeof *m->watch, 0);
	}
	watched *w = &m->watch[m->nwatch++];
	w->kind = kind;
	w->owner = owner;
	GC_ADDREF(owner);
	w->name = zend_string_copy(name);
	w->key = key ? zend_string_copy(key) : NULL;
}

void calcom_metrics_watch_limiter(zend_object *metrics, zend_object *limiter, zend_string *name)
{
	calcom_metrics_object *m = metrics_from_obj(metrics);
	if (m->store) watch_add(m, WATCH_LIMITER, limiter, name, NULL);
}

void calcom_metrics_watch_breaker(zend_object *metrics, zend_object *breaker, zend_string *name, zend_string *key)
{
	calcom_metrics_object *m = metrics_from_obj(metrics);
	if (m->store) watch_add(m, WATCH_BREAKER, breaker, name, key);
}

void calcom_metrics_watch_queue(zend_object *metrics, zend_object *store, zend_string *name, zend_string *base)
{
	calcom_metrics_object *m = metrics_from_obj(metrics);
	if (m->store) watch_add(m, WATCH_QUEUE, store, name, base);
}

ZEND_METHOD(Calcom_Metrics, watch)
{
	zval *components = NULL;
	uint32_t n = 0;

	ZEND_PARSE_PARAMETERS_START(0, -1)
		Z_PARAM_VARIADIC('*', components, n)
	ZEND_PARSE_PARAMETERS_END();

	calcom_metrics_object *m = metrics_checked(Z_OBJ_P(ZEND_THIS));
	if (!m) RETURN_THROWS();
	for (uint32_t i = 0; i < n; i++) {
		zval *c = &components[i];
		zend_class_entry *ce = Z_TYPE_P(c) == IS_OBJECT ? Z_OBJCE_P(c) : NULL;
		if (ce == calcom_ce_rate_limiter) {
			const calcom_ext_bucket *b = calcom_rate_limiter_bucket(Z_OBJ_P(c));
			if (!b) RETURN_THROWS();
			calcom_metrics_watch_limiter(&m->std, Z_OBJ_P(c), calcom_rate_limiter_name(Z_OBJ_P(c)));
		} else if (ce == calcom_ce_circuit_breaker) {
			zend_string *name;
			const calcom_ext_breaker *br = calcom_circuit_breaker_parts(Z_OBJ_P(c), &name);
			if (!br) RETURN_THROWS();
			calcom_metrics_watch_breaker(&m->std, Z_OBJ_P(c), name, br->key);
		} else if (ce == calcom_ce_request_queue) {
			if (!calcom_request_queue_watch(Z_OBJ_P(c), &m->std)) RETURN_THROWS();
		} else {
			zend_argument_type_error(i + 1, "must be of type Calcom\\RateLimiter|Calcom\\CircuitBreaker|"
				"Calcom\\RequestQueue, %s given", zend_zval_type_name(c));
			RETURN_THROWS();
		}
	}
	RETURN_OBJ_COPY(&m->std);
}

/* ---- the snapshot ---------------------------------------------------------- */

static const char *const priority_names[] = {"", "critical", "high", "normal", "low"};
static const char *const error_types[] = {"429", "5xx", "4xx", "timeout", "network", "refused"};

/* Snapshot order: integer keys (statuses) ascending, then string keys. */
static int key_order(Bucket *a, Bucket *b)
{
	if (a->key && b->key) {
		return zend_binary_strcmp(ZSTR_VAL(a->key), ZSTR_LEN(a->key), ZSTR_VAL(b->key), ZSTR_LEN(b->key));
	}
	if (!a->key && !b->key) return a->h < b->h ? -1 : a->h > b->h;
	return a->key ? 1 : -1;
}

/* The array at key in h, created when missing. */
static zval *sub_array(zval *h, const char *key, size_t len)
{
	zval *v = zend_symtable_str_find(Z_ARRVAL_P(h), key, len);
	if (!v) {
		zval fresh;
		array_init(&fresh);
		v = zend_symtable_str_update(Z_ARRVAL_P(h), key, len, &fresh);
	}
	return v;
}

static void add_to(zval *h, const char *key, size_t len, zend_long n)
{
	/* Statuses are numeric strings: PHP keys them as integers. */
	zval *v = zend_symtable_str_find(Z_ARRVAL_P(h), key, len);
	if (v) {
		Z_LVAL_P(v) += n;
	} else {
		zval z;
		ZVAL_LONG(&z, n);
		zend_symtable_str_update(Z_ARRVAL_P(h), key, len, &z);
	}
}

static void add_quantile(zval *h, const char *key, const uint64_t *counts, double q)
{
	double v = calcom_metrics_quantile(counts, q);
	if (isnan(v)) {
		add_assoc_null(h, key);
	} else {
		add_assoc_double(h, key, v);
	}
}

static void bound_text(int i, char *out, size_t size)
{
	if (i == CALCOM_METRICS_BUCKETS - 1) {
		snprintf(out, size, "+Inf");
	} else {
		snprintf(out, size, "%.15g", calcom_metrics_bounds[i]);
	}
}

/* requests, cache, retries, errors and latency from the counters. */
static void counters_section(const calcom_metrics_read *rd, zval *out)
{
	zval requests, hits, retries, errors, buckets, sums;
	array_init(&requests);
	array_init(&hits);
	array_init(&retries);
	array_init(&errors);
	array_init(&buckets);
	array_init(&sums);
	for (size_t i = 0; i < sizeof error_types / sizeof *error_types; i++) {
		add_assoc_long(&errors, error_types[i], 0);
	}
	for (size_t i = 0; i < rd->n; i++) {
		const redisReply *f = rd->counters->element[2 * i], *v = rd->counters->element[2 * i + 1];
		calcom_metrics_field mf;
		if (!calcom_metrics_field_parse(f->str, f->len, &mf)) continue;  /* a newer version's */
		zend_long n = ZEND_STRTOL(v->str, NULL, 10);
		switch (mf.kind) {
		case CALCOM_MF_REQUESTS:
			if (mf.from_cache) {
				add_to(&hits, mf.endpoint, mf.endpoint_len, n);
			} else {
				add_to(sub_array(&requests, mf.endpoint, mf.endpoint_len), mf.status, mf.status_len, n);
			}
			break;
		case CALCOM_MF_BUCKET: {
			char idx[4];
			int len = snprintf(idx, sizeof idx, "%d", mf.bucket);
			add_to(sub_array(&buckets, mf.endpoint, mf.endpoint_len), idx, (size_t)len, n);
			break;
		}
		case CALCOM_MF_SUM:
			add_to(&sums, mf.endpoint, mf.endpoint_len, n);
			break;
		case CALCOM_MF_RETRIES:
			add_to(&retries, mf.endpoint, mf.endpoint_len, n);
			break;
		case CALCOM_MF_ERRORS:
			add_to(&errors, mf.status, mf.status_len, n);
			break;
		}
	}
	zend_hash_sort(Z_ARRVAL(requests), key_order, 0);
	zval *per;
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL(requests), per) {
		zend_hash_sort(Z_ARRVAL_P(per), key_order, 0);
	} ZEND_HASH_FOREACH_END();
	zend_hash_sort(Z_ARRVAL(retries), key_order, 0);

	/* The cache's share of each endpoint it answered for. */
	zval cache;
	array_init(&cache);
	zend_long all_hits = 0, all_misses = 0;
	zend_string *ep;
	zval *h;
	zend_hash_sort(Z_ARRVAL(hits), key_order, 0);
	ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL(hits), ep, h) {
		zend_long misses = 0;
		zval *statuses = zend_hash_find(Z_ARRVAL(requests), ep), *c;
		if (statuses) {
			ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(statuses), c) {
				misses += Z_LVAL_P(c);
			} ZEND_HASH_FOREACH_END();
		}
		zval one;
		array_init(&one);
		add_assoc_long(&one, "hits", Z_LVAL_P(h));
		add_assoc_long(&one, "misses", misses);
		add_assoc_double(&one, "hit_rate", (double)Z_LVAL_P(h) / (double)(Z_LVAL_P(h) + misses));
		zend_hash_add_new(Z_ARRVAL(cache), ep, &one);
		all_hits += Z_LVAL_P(h);
		all_misses += misses;
	} ZEND_HASH_FOREACH_END();
	zval_ptr_dtor(&hits);

	zval latency;
	array_init(&latency);
	zend_hash_sort(Z_ARRVAL(buckets), key_order, 0);
	zval *b;
	ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL(buckets), ep, b) {
		uint64_t counts[CALCOM_METRICS_BUCKETS] = {0};
		zval *c;
		zend_ulong idx;
		zend_string *skey;
		ZEND_HASH_FOREACH_KEY_VAL(Z_ARRVAL_P(b), idx, skey, c) {
			/* "0".."11" are integer keys. */
			if (!skey && idx < CALCOM_METRICS_BUCKETS && Z_LVAL_P(c) > 0) counts[idx] = (uint64_t)Z_LVAL_P(c);
		} ZEND_HASH_FOREACH_END();
		uint64_t count = 0;
		zval cumulative;
		array_init(&cumulative);
		for (int i = 0; i < CALCOM_METRICS_BUCKETS; i++) {
			count += counts[i];
			char le[24];
			bound_text(i, le, sizeof le);
			add_assoc_long(&cumulative, le, (zend_long)count);
		}
		zval *sum = zend_hash_find(Z_ARRVAL(sums), ep);
		zval one;
		array_init(&one);
		add_assoc_long(&one, "count", (zend_long)count);
		add_assoc_double(&one, "sum", sum ? (double)Z_LVAL_P(sum) / 1e6 : 0.0);
		add_quantile(&one, "p50", counts, 0.50);
		add_quantile(&one, "p95", counts, 0.95);
		add_quantile(&one, "p99", counts, 0.99);
		add_assoc_zval(&one, "buckets", &cumulative);
		zend_hash_add_new(Z_ARRVAL(latency), ep, &one);
	} ZEND_HASH_FOREACH_END();
	zval_ptr_dtor(&buckets);
	zval_ptr_dtor(&sums);

	add_assoc_zval(out, "requests", &requests);
	add_assoc_zval(out, "cache", &cache);
	if (all_hits + all_misses > 0) {
		add_assoc_double(out, "cache_hit_rate", (double)all_hits / (double)(all_hits + all_misses));
	} else {
		add_assoc_null(out, "cache_hit_rate");
	}
	add_assoc_zval(out, "retries", &retries);
	add_assoc_zval(out, "errors", &errors);
	add_assoc_zval(out, "latency", &latency);
}

/* The components' live state; false with an exception thrown. */
static bool components_section(calcom_metrics_object *m, const calcom_metrics_read *rd, zval *out)
{
	zval limiters, breakers, queues;
	array_init(&limiters);
	array_init(&breakers);
	array_init(&queues);
	double first_limit = 0.0;
	bool ok = true;
	for (size_t i = 0; ok && i < m->nwatch; i++) {
		watched *w = &m->watch[i];
		zval one;
		array_init(&one);
		if (w->kind == WATCH_LIMITER) {
			const calcom_ext_bucket *b = calcom_rate_limiter_bucket(w->owner);
			calcom_limiter_view view;
			calcom_source source;
			if (!b || !calcom_ext_peek(b, &view, &source)) {
				ok = false;
			} else {
				if (first_limit == 0.0) first_limit = view.limit;
				add_assoc_double(&one, "limit", b->cfg->limit);
				add_assoc_double(&one, "effective_limit", view.limit);
				add_assoc_double(&one, "capacity", view.capacity);
				add_assoc_double(&one, "tokens", view.tokens);
				add_assoc_string(&one, "reason", calcom_limiter_reason_name(view.reason));
				add_assoc_double(&one, "paused_for", view.paused_for);
				add_assoc_string(&one, "store", calcom_source_name(source));
			}
			if (ok) zend_symtable_update(Z_ARRVAL(limiters), w->name, &one); else zval_ptr_dtor(&one);
		} else if (w->kind == WATCH_BREAKER) {
			zend_string *template_name;
			const calcom_ext_breaker *tpl = calcom_circuit_breaker_parts(w->owner, &template_name);
			calcom_breaker_status st;
			calcom_source source;
			calcom_ext_breaker br;
			if (tpl) {
				br = *tpl;
				br.key = w->key;
			}
			if (!tpl || !calcom_ext_look(&br, &st, &source)) {
				ok = false;
				zval_ptr_dtor(&one);
			} else {
				add_assoc_string(&one, "state", calcom_breaker_state_text(st.state));
				add_assoc_long(&one, "failure_count", st.failure_weight);
				add_assoc_long(&one, "open_count", st.open_count);
				add_assoc_double(&one, "seconds_until_retry",
					st.state == CALCOM_BREAKER_OPEN ? fmax(0.0, (st.retry_at - st.now) / 1000.0) : 0.0);
				add_assoc_string(&one, "store", calcom_source_name(source));
				zend_symtable_update(Z_ARRVAL(breakers), w->name, &one);
			}
		} else {
			zend_string *prefix;
			bool fail_closed;
			calcom_redis *r = calcom_store_connection(w->owner, &prefix, &fail_closed);
			calcom_queue *q = r ? calcom_queue_new(ZSTR_VAL(w->key), ZSTR_LEN(w->key)) : NULL;
			calcom_queue_depths d = {0};
			calcom_err err;
			if (r && !q) {
				zend_throw_error(NULL, "Calcom\\Metrics: out of memory");
			} else if (q && !calcom_queue_depths_get(r, q, &d, &err)) {
				calcom_throw_store_error(&err);
			}
			calcom_queue_free(q);
			if (EG(exception)) {
				ok = false;
				zval_ptr_dtor(&one);
			} else {
				zval ready;
				array_init(&ready);
				long waiting = d.delayed;
				for (int p = 1; p <= 4; p++) {
					add_assoc_long(&ready, priority_names[p], d.ready[p]);
					waiting += d.ready[p];
				}
				add_assoc_long(&one, "depth", waiting);
				add_assoc_zval(&one, "ready", &ready);
				add_assoc_long(&one, "delayed", d.delayed);
				add_assoc_long(&one, "running", d.running);
				zend_symtable_update(Z_ARRVAL(queues), w->name, &one);
			}
		}
	}
	if (!ok) {
		zval_ptr_dtor(&limiters);
		zval_ptr_dtor(&breakers);
		zval_ptr_dtor(&queues);
		return false;
	}
	zval rate;
	array_init(&rate);
	add_assoc_long(&rate, "window_start", (zend_long)(rd->minute * 60));
	add_assoc_long(&rate, "requests", (zend_long)rd->requests);
	add_assoc_long(&rate, "rate_limited", (zend_long)rd->limited);
	add_assoc_long(&rate, "previous_requests", (zend_long)rd->prev_requests);
	add_assoc_long(&rate, "previous_rate_limited", (zend_long)rd->prev_limited);
	if (first_limit > 0.0) {
		add_assoc_double(&rate, "limit", first_limit);
		add_assoc_double(&rate, "usage", (double)rd->requests / first_limit);
	} else {
		add_assoc_null(&rate, "limit");
		add_assoc_null(&rate, "usage");
	}
	add_assoc_zval(&rate, "limiters", &limiters);
	add_assoc_zval(out, "rate_limit", &rate);
	add_assoc_zval(out, "breakers", &breakers);
	add_assoc_zval(out, "queues", &queues);
	return true;
}

static bool snapshot(calcom_metrics_object *m, zval *out)
{
	zend_string *prefix;
	bool fail_closed;
	calcom_redis *r = calcom_store_connection(m->store, &prefix, &fail_closed);
	if (!r) return false;
	calcom_metrics_read rd;
	calcom_err err;
	if (!calcom_metrics_fetch(r, ZSTR_VAL(m->counters_key), ZSTR_LEN(m->counters_key), ZSTR_VAL(m->window_key),
		ZSTR_LEN(m->window_key), &rd, &err)) {
		calcom_throw_store_error(&err);
		return false;
	}
	array_init(out);
	add_assoc_str(out, "name", zend_string_copy(m->name));
	add_assoc_double(out, "time", rd.now);
	counters_section(&rd, out);
	bool ok = components_section(m, &rd, out);
	add_assoc_long(out, "unflushed", (zend_long)calcom_metrics_batch_records(m->batch));
	calcom_metrics_read_free(&rd);
	if (!ok) {
		zval_ptr_dtor(out);
		ZVAL_UNDEF(out);
	}
	return ok;
}

ZEND_METHOD(Calcom_Metrics, snapshot)
{
	ZEND_PARSE_PARAMETERS_NONE();
	calcom_metrics_object *m = metrics_checked(Z_OBJ_P(ZEND_THIS));
	if (!m || !snapshot(m, return_value)) RETURN_THROWS();
}

/* ---- Prometheus ------------------------------------------------------------ */

static void prom_family(smart_str *s, const char *name, const char *type, const char *help)
{
	smart_str_append_printf(s, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void prom_label_value(smart_str *s, const char *v, size_t len)
{
	smart_str_appendc(s, '"');
	for (size_t i = 0; i < len; i++) {
		if ((unsigned char)v[i] >= 0x80) {
			/* The format is UTF-8: a name that is not gets U+FFFD, not a
			 * page scrapers reject. Component names are checked when made
			 * (calcom_component_name_check); this keeps the page valid
			 * whatever else reaches a label. */
			size_t next = i;
			zend_result status;
			php_next_utf8_char((const unsigned char *)v, len, &next, &status);
			if (status == SUCCESS) {
				smart_str_appendl(s, v + i, next - i);
				i = next - 1;
			} else {
				smart_str_appends(s, "\xef\xbf\xbd");
			}
			continue;
		}
		if (v[i] == '\\' || v[i] == '"') {
			smart_str_appendc(s, '\\');
			smart_str_appendc(s, v[i]);
		} else if (v[i] == '\n') {
			smart_str_appends(s, "\\n");
		} else {
			smart_str_appendc(s, v[i]);
		}
	}
	smart_str_appendc(s, '"');
}

static void prom_number(smart_str *s, double v)
{
	if (isinf(v)) {
		smart_str_appends(s, v > 0 ? "+Inf" : "-Inf");
	} else if (isnan(v)) {
		smart_str_appends(s, "NaN");
	} else {
		/* The shortest text that reads back as v, as json_encode() writes it. */
		smart_str_append_double(s, v, (int)PG(serialize_precision), false);
	}
}

static double zval_number(zval *v)
{
	return Z_TYPE_P(v) == IS_LONG ? (double)Z_LVAL_P(v) : Z_TYPE_P(v) == IS_DOUBLE ? Z_DVAL_P(v) : NAN;
}

/* One sample: name{l1="v1",l2="v2"} value, labels as (name, value) pairs. */
static void prom_sample(smart_str *s, const char *name, const char *suffix, const char *const *labels,
	const zend_string *const *values, size_t nlabels, double value)
{
	smart_str_appends(s, name);
	smart_str_appends(s, suffix);
	if (nlabels) {
		smart_str_appendc(s, '{');
		for (size_t i = 0; i < nlabels; i++) {
			if (i) smart_str_appendc(s, ',');
			smart_str_appends(s, labels[i]);
			smart_str_appendc(s, '=');
			prom_label_value(s, ZSTR_VAL(values[i]), ZSTR_LEN(values[i]));
		}
		smart_str_appendc(s, '}');
	}
	smart_str_appendc(s, ' ');
	prom_number(s, value);
	smart_str_appendc(s, '\n');
}

/* A key as text, integer keys ("10", "1" buckets; numeric names) included. */
static zend_string *key_of(zend_string *k, zend_ulong idx)
{
	return k ? zend_string_copy(k) : zend_long_to_str((zend_long)idx);
}

/* A family with one label over a [label value => number] array. */
static void prom_by_one(smart_str *s, zval *map, const char *name, const char *type, const char *help,
	const char *label)
{
	prom_family(s, name, type, help);
	zend_string *k;
	zend_ulong idx;
	zval *v;
	ZEND_HASH_FOREACH_KEY_VAL(Z_ARRVAL_P(map), idx, k, v) {
		zend_string *key = key_of(k, idx);
		const zend_string *values[] = {key};
		prom_sample(s, name, "", &label, values, 1, zval_number(v));
		zend_string_release(key);
	} ZEND_HASH_FOREACH_END();
}

static zval *field(zval *h, const char *key)
{
	return zend_hash_str_find(Z_ARRVAL_P(h), key, strlen(key));
}

static void prometheus(zval *snap, smart_str *s)
{
	static const char *const endpoint_status[] = {"endpoint", "status"};
	static const char *const endpoint_le[] = {"endpoint", "le"};
	zend_string *ep, *k;
	zend_ulong idx;
	zval *per, *v;

	prom_family(s, "calcom_requests_total", "counter",
		"Requests sent to Cal.com (or refused before sending) by endpoint group and status.");
	ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL_P(field(snap, "requests")), ep, per) {
		ZEND_HASH_FOREACH_KEY_VAL(Z_ARRVAL_P(per), idx, k, v) {
			zend_string *status = key_of(k, idx);
			const zend_string *values[] = {ep, status};
			prom_sample(s, "calcom_requests_total", "", endpoint_status, values, 2, zval_number(v));
			zend_string_release(status);
		} ZEND_HASH_FOREACH_END();
	} ZEND_HASH_FOREACH_END();

	zval hits, ratio;
	array_init(&hits);
	array_init(&ratio);
	ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL_P(field(snap, "cache")), ep, per) {
		add_assoc_zval_ex(&hits, ZSTR_VAL(ep), ZSTR_LEN(ep), field(per, "hits"));
		Z_TRY_ADDREF_P(field(per, "hits"));
		add_assoc_zval_ex(&ratio, ZSTR_VAL(ep), ZSTR_LEN(ep), field(per, "hit_rate"));
	} ZEND_HASH_FOREACH_END();
	prom_by_one(s, &hits, "calcom_cache_hits_total", "counter", "Requests the availability cache answered.",
		"endpoint");
	prom_by_one(s, &ratio, "calcom_cache_hit_ratio", "gauge",
		"Share of an endpoint group's requests the cache answered.", "endpoint");
	zval_ptr_dtor(&hits);
	zval_ptr_dtor(&ratio);
	prom_by_one(s, field(snap, "retries"), "calcom_retries_total", "counter", "Attempts after the first.", "endpoint");
	prom_by_one(s, field(snap, "errors"), "calcom_errors_total", "counter",
		"Failed requests by type: 429, 5xx, 4xx, timeout, network, refused.", "type");

	const char *hist = "calcom_request_duration_seconds";
	prom_family(s, hist, "histogram", "Latency of the requests sent to Cal.com, retries included.");
	ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL_P(field(snap, "latency")), ep, per) {
		ZEND_HASH_FOREACH_KEY_VAL(Z_ARRVAL_P(field(per, "buckets")), idx, k, v) {
			zend_string *le = key_of(k, idx);
			const zend_string *values[] = {ep, le};
			prom_sample(s, hist, "_bucket", endpoint_le, values, 2, zval_number(v));
			zend_string_release(le);
		} ZEND_HASH_FOREACH_END();
		const zend_string *values[] = {ep};
		prom_sample(s, hist, "_sum", endpoint_status, values, 1, zval_number(field(per, "sum")));
		prom_sample(s, hist, "_count", endpoint_status, values, 1, zval_number(field(per, "count")));
	} ZEND_HASH_FOREACH_END();

	zval *rate = field(snap, "rate_limit");
	prom_family(s, "calcom_rate_limit_window_requests", "gauge",
		"Attempts sent to Cal.com in the current minute (Redis clock), fleet-wide.");
	prom_sample(s, "calcom_rate_limit_window_requests", "", NULL, NULL, 0, zval_number(field(rate, "requests")));
	prom_family(s, "calcom_rate_limit_window_429", "gauge", "429 answers in the current minute, fleet-wide.");
	prom_sample(s, "calcom_rate_limit_window_429", "", NULL, NULL, 0, zval_number(field(rate, "rate_limited")));
	static const char *const limiter_label[] = {"limiter"};
	const char *gauges[][3] = {
		{"calcom_rate_limit_effective_limit", "effective_limit", "The limiter's effective limit per minute."},
		{"calcom_rate_limit_tokens", "tokens", "Tokens the limiter has now."},
	};
	for (size_t g = 0; g < 2; g++) {
		prom_family(s, gauges[g][0], "gauge", gauges[g][2]);
		ZEND_HASH_FOREACH_KEY_VAL(Z_ARRVAL_P(field(rate, "limiters")), idx, k, per) {
			zend_string *name = key_of(k, idx);
			const zend_string *values[] = {name};
			prom_sample(s, gauges[g][0], "", limiter_label, values, 1, zval_number(field(per, gauges[g][1])));
			zend_string_release(name);
		} ZEND_HASH_FOREACH_END();
	}

	static const char *const breaker_state[] = {"breaker", "state"};
	static const char *const states[] = {"closed", "open", "half_open"};
	prom_family(s, "calcom_breaker_state", "gauge", "1 for the state each breaker is in, 0 for the others.");
	ZEND_HASH_FOREACH_KEY_VAL(Z_ARRVAL_P(field(snap, "breakers")), idx, k, per) {
		zend_string *breaker = key_of(k, idx);
		zend_string *state = Z_STR_P(field(per, "state"));
		for (size_t i = 0; i < 3; i++) {
			zend_string *name = zend_string_init(states[i], strlen(states[i]), 0);
			const zend_string *values[] = {breaker, name};
			prom_sample(s, "calcom_breaker_state", "", breaker_state, values, 2, zend_string_equals(state, name));
			zend_string_release(name);
		}
		zend_string_release(breaker);
	} ZEND_HASH_FOREACH_END();

	static const char *const queue_priority[] = {"queue", "priority"};
	static const char *const queue_label[] = {"queue"};
	prom_family(s, "calcom_queue_depth", "gauge", "Jobs waiting in line, by priority.");
	ZEND_HASH_FOREACH_KEY_VAL(Z_ARRVAL_P(field(snap, "queues")), idx, k, per) {
		zend_string *queue = key_of(k, idx), *p;
		ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL_P(field(per, "ready")), p, v) {
			const zend_string *values[] = {queue, p};
			prom_sample(s, "calcom_queue_depth", "", queue_priority, values, 2, zval_number(v));
		} ZEND_HASH_FOREACH_END();
		zend_string_release(queue);
	} ZEND_HASH_FOREACH_END();
	const char *qgauges[][3] = {
		{"calcom_queue_delayed", "delayed", "Jobs waiting for a retry."},
		{"calcom_queue_running", "running", "Jobs leased to a worker."},
	};
	for (size_t g = 0; g < 2; g++) {
		prom_family(s, qgauges[g][0], "gauge", qgauges[g][2]);
		ZEND_HASH_FOREACH_KEY_VAL(Z_ARRVAL_P(field(snap, "queues")), idx, k, per) {
			zend_string *queue = key_of(k, idx);
			const zend_string *values[] = {queue};
			prom_sample(s, qgauges[g][0], "", queue_label, values, 1, zval_number(field(per, qgauges[g][1])));
			zend_string_release(queue);
		} ZEND_HASH_FOREACH_END();
	}
}

ZEND_METHOD(Calcom_Metrics, prometheus)
{
	ZEND_PARSE_PARAMETERS_NONE();
	calcom_metrics_object *m = metrics_checked(Z_OBJ_P(ZEND_THIS));
	zval snap;
	if (!m || !snapshot(m, &snap)) RETURN_THROWS();
	smart_str s = {0};
	prometheus(&snap, &s);
	zval_ptr_dtor(&snap);
	RETURN_STR(smart_str_extract(&s));
}

void calcom_metrics_minit(void)
{
	calcom_ce_metrics->create_object = metrics_create;
	memcpy(&metrics_handlers, zend_get_std_object_handlers(), sizeof metrics_handlers);
	metrics_handlers.offset = XtOffsetOf(calcom_metrics_object, std);
	metrics_handlers.free_obj = metrics_free;
	metrics_handlers.get_gc = metrics_get_gc;
	metrics_handlers.clone_obj = NULL;
}
