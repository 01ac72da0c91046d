/*
 * Calcom\SwrCache: stale-while-revalidate on the engine's entries in Redis
 * (src/swr). Values are PHP-serialized into the envelope's payload.
 *
 * Revalidations that are not inline wait in this object's queue until
 * runDeferred(), which the first queued job registers as a shutdown
 * function (after fastcgi_finish_request() where the SAPI has it, so the
 * caller has its response before the cache refreshes). The Client queues
 * its availability refreshes here too, as native jobs.
 */
#include <math.h>

#include "php.h"
#include "zend_exceptions.h"
#include "zend_smart_str.h"
#include "ext/standard/basic_functions.h"
#include "ext/standard/php_var.h"
#include "ext/random/php_random.h"

#include "php_calcom.h"
#include "calcom_ext.h"
#include "../src/lib/clock.h"
#include "../src/swr/swr.h"

/* A queued revalidation: a PHP callback for one key, or a native job. */
typedef struct {
	zval callback;                 /* UNDEF for native jobs */
	zend_string *key;              /* value key, then its lock key */
	zend_string *lock_key;
	int64_t fresh_ms, stale_ms;
	char token[CALCOM_SWR_TOKEN_LEN + 1];
	int64_t read_ms;               /* Redis clock at the read that queued it */
	double read_mono;              /* and this process's monotonic clock then */
	void (*run)(void *data);
	void (*dtor)(void *data);
	void *data;
} swr_job;

typedef struct {
	calcom_swr_config cfg;         /* cfg.store NULL until constructed */
	calcom_swr_stats stats;
	swr_job *jobs;
	size_t njobs, cap;
	zend_object std;
} calcom_swr_cache_object;

static zend_object_handlers swr_cache_handlers;

static inline calcom_swr_cache_object *swr_from_obj(zend_object *obj)
{
	return (calcom_swr_cache_object *)((char *)obj - XtOffsetOf(calcom_swr_cache_object, std));
}

static zend_object *swr_cache_create(zend_class_entry *ce)
{
	calcom_swr_cache_object *o = zend_object_alloc(sizeof(calcom_swr_cache_object), ce);
	zend_object_std_init(&o->std, ce);
	object_properties_init(&o->std, ce);
	o->std.handlers = &swr_cache_handlers;
	return &o->std;
}

static void job_dtor(swr_job *j)
{
	zval_ptr_dtor(&j->callback);
	if (j->key) zend_string_release(j->key);
	if (j->lock_key) zend_string_release(j->lock_key);
	if (j->dtor) j->dtor(j->data);
}

static void swr_cache_free(zend_object *obj)
{
	calcom_swr_cache_object *o = swr_from_obj(obj);
	/* Jobs that never ran leave their locks to expire after lock_ttl. */
	for (size_t i = 0; i < o->njobs; i++) {
		job_dtor(&o->jobs[i]);
	}
	if (o->jobs) efree(o->jobs);
	if (o->cfg.store) OBJ_RELEASE(o->cfg.store);
	zend_object_std_dtor(obj);
}

/* The callbacks a queued job holds are garbage the cycle collector must see. */
static HashTable *swr_cache_get_gc(zend_object *obj, zval **table, int *n)
{
	calcom_swr_cache_object *o = swr_from_obj(obj);
	zend_get_gc_buffer *buf = zend_get_gc_buffer_create();
	for (size_t i = 0; i < o->njobs; i++) {
		if (Z_TYPE(o->jobs[i].callback) != IS_UNDEF) zend_get_gc_buffer_add_zval(buf, &o->jobs[i].callback);
	}
	if (o->cfg.store) zend_get_gc_buffer_add_obj(buf, o->cfg.store);
	zend_get_gc_buffer_use(buf, table, n);
	return zend_std_get_properties(obj);
}

/* ---- what the Client shares --------------------------------------------- */

const calcom_swr_config *calcom_swr_cache_config(zend_object *cache)
{
	calcom_swr_cache_object *o = swr_from_obj(cache);
	if (!o->cfg.store) {
		zend_throw_error(NULL, "Calcom\\SwrCache object is not initialized");
		return NULL;
	}
	return &o->cfg;
}

calcom_swr_stats *calcom_swr_cache_stats(zend_object *cache)
{
	return &swr_from_obj(cache)->stats;
}

double calcom_swr_draw(void)
{
	/* U in (0, 1]: -ln(U) is an exponential draw, XFetch's randomness. */
	uint64_t bits = php_mt_rand() | ((uint64_t)php_mt_rand() << 32);
	double u = ((double)(bits >> 11) + 1.0) / 9007199254740992.0;
	return -log(u);
}

/* Makes sure Calcom\runDeferred() runs when the request shuts down
 * (behind fastcgi_finish_request() where the SAPI has it, so the caller has
 * its response first) and that it will see this cache. */
static void register_shutdown(calcom_swr_cache_object *o)
{
	zval self;
	if (!zend_hash_index_exists(&CALCOM_G(deferred_caches), o->std.handle)) {
		ZVAL_OBJ_COPY(&self, &o->std);
		zend_hash_index_add_new(&CALCOM_G(deferred_caches), o->std.handle, &self);
	}
	calcom_register_shutdown_hook();
}

static swr_job *job_push(calcom_swr_cache_object *o)
{
	if (o->njobs == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 4;
		o->jobs = safe_erealloc(o->jobs, o->cap, sizeof *o->jobs, 0);
	}
	swr_job *j = &o->jobs[o->njobs++];
	memset(j, 0, sizeof *j);
	ZVAL_UNDEF(&j->callback);
	/* Registered during shutdown, it still runs: PHP calls shutdown
	 * functions appended while it calls them. */
	register_shutdown(o);
	return j;
}

void calcom_swr_cache_defer(zend_object *cache, void (*run)(void *data), void (*dtor)(void *data), void *data)
{
	swr_job *j = job_push(swr_from_obj(cache));
	j->run = run;
	j->dtor = dtor;
	j->data = data;
}

/* ---- options ------------------------------------------------------------------ */

#define MAX_TTL 31536000  /* a year */

static bool parse_options(calcom_swr_cache_object *o, HashTable *options)
{
	zend_string *key;
	zval *v;
	zend_long fresh = 300, stale = 1800;
	double lock_s = 10.0;
	if (options) ZEND_HASH_FOREACH_STR_KEY_VAL(options, key, v) {
		ZVAL_DEREF(v);
		if (!key) {
			zend_argument_value_error(2, "must be an array with string keys");
			return false;
		}
		const char *k = ZSTR_VAL(key);
		bool ok;
		if (zend_string_equals_literal(key, "fresh_ttl")) {
			ok = calcom_option_int(v, 2, k, 0, MAX_TTL, &fresh);
		} else if (zend_string_equals_literal(key, "stale_ttl")) {
			ok = calcom_option_int(v, 2, k, 1, MAX_TTL, &stale);
		} else if (zend_string_equals_literal(key, "lock_ttl")) {
			ok = calcom_option_number(v, 2, k, 0.001, 3600, &lock_s);
		} else if (zend_string_equals_literal(key, "wait_timeout")) {
			ok = calcom_option_number(v, 2, k, 0, 60, &o->cfg.wait_s);
		} else if (zend_string_equals_literal(key, "early_refresh")) {
			ok = calcom_option_number(v, 2, k, 0, 100, &o->cfg.beta);
		} else if (zend_string_equals_literal(key, "revalidate")) {
			if (Z_TYPE_P(v) != IS_STRING) {
				zend_argument_type_error(2, "option \"revalidate\" must be of type string, %s given", zend_zval_type_name(v));
				return false;
			}
			ok = zend_string_equals_literal(Z_STR_P(v), "deferred") || zend_string_equals_literal(Z_STR_P(v), "inline");
			if (!ok) {
				zend_argument_value_error(2, "option \"revalidate\" must be \"deferred\" or \"inline\"");
			} else {
				o->cfg.inline_revalidate = Z_STRVAL_P(v)[0] == 'i';
			}
		} else {
			zend_argument_value_error(2, "contains unknown option \"%s\" (expected fresh_ttl, stale_ttl, lock_ttl, "
				"wait_timeout, early_refresh or revalidate)", k);
			return false;
		}
		if (!ok) return false;
	} ZEND_HASH_FOREACH_END();
	if (stale < fresh) {
		zend_argument_value_error(2, "option \"stale_ttl\" must not be less than \"fresh_ttl\"");
		return false;
	}
	o->cfg.fresh_ms = (int64_t)fresh * 1000;
	o->cfg.stale_ms = (int64_t)stale * 1000;
	o->cfg.lock_ms = (int64_t)ceil(lock_s * 1000.0);
	return true;
}

ZEND_METHOD(Calcom_SwrCache, __construct)
{
	zend_object *store;
	HashTable *options = NULL;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_OBJ_OF_CLASS(store, calcom_ce_store)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	calcom_swr_cache_object *o = swr_from_obj(Z_OBJ_P(ZEND_THIS));
	if (o->cfg.store) {
		zend_throw_error(NULL, "Calcom\\SwrCache is already constructed");
		RETURN_THROWS();
	}
	zend_string *prefix;
	bool fail_closed;
	if (!calcom_store_connection(store, &prefix, &fail_closed)) RETURN_THROWS();
	o->cfg.wait_s = 3.0;
	o->cfg.beta = 1.0;
	if (!parse_options(o, options)) RETURN_THROWS();
	o->cfg.store = store;
	GC_ADDREF(store);
}

static calcom_swr_cache_object *swr_checked(zval *this_zv)
{
	calcom_swr_cache_object *o = swr_from_obj(Z_OBJ_P(this_zv));
	if (!o->cfg.store) {
		zend_throw_error(NULL, "Calcom\\SwrCache object is not initialized");
		return NULL;
	}
	return o;
}

/* ---- keys and values --------------------------------------------------------- */

/* "<prefix>swr:{<key>}" and its lock key; false with a ValueError thrown
 * for a key that would break the layout. */
static bool entry_keys(calcom_swr_cache_object *o, zend_string *key, uint32_t arg, zend_string **value_key,
	zend_string **lock_key)
{
	if (ZSTR_LEN(key) == 0 || ZSTR_LEN(key) > 1024) {
		zend_argument_value_error(arg, "must be between 1 and 1024 bytes long");
		return false;
	}
	if (memchr(ZSTR_VAL(key), '{', ZSTR_LEN(key)) || memchr(ZSTR_VAL(key), '}', ZSTR_LEN(key)) ||
	    memchr(ZSTR_VAL(key), '\0', ZSTR_LEN(key))) {
		zend_argument_value_error(arg, "must not contain \"{\", \"}\" or NUL bytes");
		return false;
	}
	zend_string *prefix;
	bool fail_closed;
	if (!calcom_store_connection(o->cfg.store, &prefix, &fail_closed)) return false;
	*value_key = strpprintf(0, "%sswr:{%s}", ZSTR_VAL(prefix), ZSTR_VAL(key));
	*lock_key = zend_string_concat2(ZSTR_VAL(*value_key), ZSTR_LEN(*value_key), ZEND_STRL(":lock"));
	return true;
}

/* The TTL arguments (null: the object's own), in ms; false with a ValueError. */
static bool ttl_args(calcom_swr_cache_object *o, zend_long fresh, bool fresh_null, zend_long stale, bool stale_null,
	uint32_t arg, int64_t *fresh_ms, int64_t *stale_ms)
{
	if (!fresh_null && (fresh < 0 || fresh > MAX_TTL)) {
		zend_argument_value_error(arg, "must be between 0 and %d", MAX_TTL);
		return false;
	}
	if (!stale_null && (stale < 1 || stale > MAX_TTL)) {
		zend_argument_value_error(arg + 1, "must be between 1 and %d", MAX_TTL);
		return false;
	}
	*fresh_ms = fresh_null ? o->cfg.fresh_ms : (int64_t)fresh * 1000;
	*stale_ms = stale_null ? o->cfg.stale_ms : (int64_t)stale * 1000;
	if (*stale_ms < *fresh_ms) {
		if (!stale_null) {
			zend_argument_value_error(arg + 1, "must not be less than the fresh TTL");
			return false;
		}
		*stale_ms = *fresh_ms;  /* a longer fresh TTL than the default stale one stretches the entry */
	}
	if (*stale_ms == 0) *stale_ms = 1000;
	return true;
}

zend_string *calcom_swr_serialize(zval *value)
{
	smart_str buf = {0};
	php_serialize_data_t data;
	PHP_VAR_SERIALIZE_INIT(data);
	php_var_serialize(&buf, value, &data);
	PHP_VAR_SERIALIZE_DESTROY(data);
	if (EG(exception)) {
		smart_str_free(&buf);
		return NULL;
	}
	return smart_str_extract(&buf);
}

bool calcom_swr_unserialize(const char *payload, size_t len, zval *out)
{
	const unsigned char *p = (const unsigned char *)payload;
	ZVAL_UNDEF(out);
	php_unserialize_data_t data;
	PHP_VAR_UNSERIALIZE_INIT(data);
	bool ok = php_var_unserialize(out, &p, p + len, &data) && p == (const unsigned char *)payload + len;
	PHP_VAR_UNSERIALIZE_DESTROY(data);
	if (!ok) {
		zval_ptr_dtor(out);
		ZVAL_UNDEF(out);
		if (EG(exception)) zend_clear_exception();
	}
	return ok;
}

/* ---- Redis, and what happens without it ------------------------------------------ */

/* The Store's connection; NULL when not initialized (Error thrown). */
static calcom_redis *connection(calcom_swr_cache_object *o, bool *fail_closed)
{
	zend_string *prefix;
	return calcom_store_connection(o->cfg.store, &prefix, fail_closed);
}

/* A failed Redis call: counted, and an exception under on_failure "closed"
 * (returns false then). */
static bool store_failed(calcom_swr_cache_object *o, bool fail_closed, const calcom_err *err)
{
	o->stats.store_errors++;
	if (fail_closed) {
		calcom_throw_store_error(err);
		return false;
	}
	return true;
}

/* Calls the callback; false with its exception pending. */
static bool compute(zval *callback, zval *out, int64_t *compute_ms)
{
	double t0 = calcom_monotonic();
	zend_fcall_info fci;
	zend_fcall_info_cache fcc;
	char *error = NULL;
	if (zend_fcall_info_init(callback, 0, &fci, &fcc, NULL, &error) != SUCCESS) {
		zend_type_error("Calcom\\SwrCache: the callback is not callable: %s", error ? error : "");
		if (error) efree(error);
		return false;
	}
	fci.retval = out;
	ZVAL_UNDEF(out);
	if (zend_call_function(&fci, &fcc) != SUCCESS || EG(exception)) {
		zval_ptr_dtor(out);
		ZVAL_UNDEF(out);
		return false;
	}
	*compute_ms = (int64_t)((calcom_monotonic() - t0) * 1000.0);
	return true;
}

/* Redis failed a read: no cache to share, so the callback computes the
 * value here, as if there were none (or StoreException under "closed"). */
static void compute_uncached(calcom_swr_cache_object *o, bool fail_closed, const calcom_err *err, zval *callback,
	zval *out)
{
	if (!store_failed(o, fail_closed, err)) return;
	o->stats.misses++;
	int64_t ms;
	compute(callback, out, &ms);
}

/* Stores value under the key (releasing token's lock). Redis trouble is
 * counted, not thrown, unless the Store is closed on failure. */
static bool store_value(calcom_swr_cache_object *o, zend_string *key, zend_string *lock_key, zval *value,
	const calcom_swr_write_args *wa)
{
	zend_string *payload = calcom_swr_serialize(value);
	if (!payload) return false;
	bool fail_closed;
	calcom_redis *r = connection(o, &fail_closed);
	if (!r) {
		zend_string_release(payload);
		return false;
	}
	const char *keys[2] = {ZSTR_VAL(key), ZSTR_VAL(lock_key)};
	size_t lens[2] = {ZSTR_LEN(key), ZSTR_LEN(lock_key)};
	const char *payloads[1] = {ZSTR_VAL(payload)};
	size_t plens[1] = {ZSTR_LEN(payload)};
	size_t written;
	calcom_err err;
	bool ok = calcom_swr_write(r, 1, keys, lens, payloads, plens, wa, &written, &err);
	zend_string_release(payload);
	return ok || store_failed(o, fail_closed, &err);
}

static void release_lock(calcom_swr_cache_object *o, zend_string *key, zend_string *lock_key, const char *token)
{
	if (EG(exception) && instanceof_function(EG(exception)->ce, calcom_ce_store_exception)) {
		return;  /* Redis just failed us: the lock lapses by itself */
	}
	bool fail_closed;
	calcom_redis *r = connection(o, &fail_closed);
	if (!r) return;
	const char *keys[2] = {ZSTR_VAL(key), ZSTR_VAL(lock_key)};
	size_t lens[2] = {ZSTR_LEN(key), ZSTR_LEN(lock_key)};
	calcom_err err;
	if (!calcom_swr_unlock(r, 1, keys, lens, token, &err)) {
		o->stats.store_errors++;  /* the lock expires by itself */
	}
}

/* Recomputes a stale entry we hold the lock of; the new value in *out
 * (UNDEF when the callback failed: the failure is counted, the stale
 * value stays). An exception is left pending only for Store trouble under
 * on_failure "closed" or a value that cannot be serialized. */
static void revalidate(calcom_swr_cache_object *o, zval *callback, zend_string *key, zend_string *lock_key,
	const char *token, int64_t fresh_ms, int64_t stale_ms, int64_t read_ms, double read_mono, zval *out)
{
	int64_t started = read_ms + (int64_t)((calcom_monotonic() - read_mono) * 1000.0);
	int64_t compute_ms;
	o->stats.revalidations++;
	if (!compute(callback, out, &compute_ms)) {
		if (EG(exception) && !instanceof_function(EG(exception)->ce, zend_ce_exception)) {
			/* An Error (a bug, not an outage) is not ours to hide. */
			release_lock(o, key, lock_key, token);
			return;
		}
		zend_clear_exception();
		o->stats.errors_served_stale++;
		release_lock(o, key, lock_key, token);
		return;
	}
	calcom_swr_write_args wa = {.token = token, .created_ms = started, .compute_ms = compute_ms,
		.fresh_ms = fresh_ms, .stale_ms = stale_ms};
	if (!store_value(o, key, lock_key, out, &wa)) {
		release_lock(o, key, lock_key, token);
	}
}

/* Queues (or, inline, runs) the revalidation of a stale entry we locked. */
static void schedule(calcom_swr_cache_object *o, zval *callback, zend_string *key, zend_string *lock_key,
	const char *token, int64_t fresh_ms, int64_t stale_ms, int64_t read_ms, double read_mono, zval *value)
{
	if (o->cfg.inline_revalidate) {
		zval fresh;
		revalidate(o, callback, key, lock_key, token, fresh_ms, stale_ms, read_ms, read_mono, &fresh);
		if (Z_TYPE(fresh) != IS_UNDEF) {
			zval_ptr_dtor(value);
			ZVAL_COPY_VALUE(value, &fresh);
		}
		return;
	}
	swr_job *j = job_push(o);
	ZVAL_COPY(&j->callback, callback);
	j->key = zend_string_copy(key);
	j->lock_key = zend_string_copy(lock_key);
	j->fresh_ms = fresh_ms;
	j->stale_ms = stale_ms;
	memcpy(j->token, token, sizeof j->token);
	j->read_ms = read_ms;
	j->read_mono = read_mono;
}

/* ---- methods ------------------------------------------------------------------------ */

ZEND_METHOD(Calcom_SwrCache, remember)
{
	zend_string *key;
	zval *callback;
	zend_long fresh = 0, stale = 0;
	bool fresh_null = true, stale_null = true;

	ZEND_PARSE_PARAMETERS_START(2, 4)
		Z_PARAM_STR(key)
		Z_PARAM_ZVAL(callback)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG_OR_NULL(fresh, fresh_null)
		Z_PARAM_LONG_OR_NULL(stale, stale_null)
	ZEND_PARSE_PARAMETERS_END();

	calcom_swr_cache_object *o = swr_checked(ZEND_THIS);
	if (!o) RETURN_THROWS();
	char *why = NULL;
	if (!zend_is_callable_ex(callback, NULL, 0, NULL, NULL, &why)) {
		zend_argument_type_error(2, "must be a valid callback, %s", why ? why : "not callable");
		if (why) efree(why);
		RETURN_THROWS();
	}
	int64_t fresh_ms, stale_ms;
	if (!ttl_args(o, fresh, fresh_null, stale, stale_null, 3, &fresh_ms, &stale_ms)) RETURN_THROWS();
	zend_string *vkey, *lkey;
	if (!entry_keys(o, key, 1, &vkey, &lkey)) RETURN_THROWS();

	char token[CALCOM_SWR_TOKEN_LEN + 1];
	calcom_lease_id(token);
	calcom_swr_read_args ra = {.token = token, .lock = true, .lock_ms = o->cfg.lock_ms, .fresh_ms = fresh_ms,
		.beta = o->cfg.beta, .rnd = calcom_swr_draw()};
	const char *keys[2] = {ZSTR_VAL(vkey), ZSTR_VAL(lkey)};
	size_t lens[2] = {ZSTR_LEN(vkey), ZSTR_LEN(lkey)};
	double deadline = calcom_monotonic() + o->cfg.wait_s;
	double pause = 0.005;
	bool waited = false, locked = false;
	int64_t read_ms = -1;
	double read_mono = 0.0;
	{
		/* A fresh hit needs no lock: one GET's worth of work for Redis. */
		bool fail_closed;
		calcom_redis *r = connection(o, &fail_closed);
		if (!r) goto out;
		calcom_swr_read_result res;
		calcom_err err;
		if (!calcom_swr_peek(r, 1, keys, lens, &ra, &res, &err)) {
			compute_uncached(o, fail_closed, &err, callback, return_value);
			goto out;
		}
		zval value;
		bool hit = res.found[0].state == CALCOM_SWR_FRESH &&
			calcom_swr_unserialize(res.found[0].entry.payload, res.found[0].entry.payload_len, &value);
		calcom_swr_read_free(&res);
		if (hit) {
			o->stats.fresh_hits++;
			ZVAL_COPY_VALUE(return_value, &value);
			goto out;
		}
	}
	for (;;) {
		bool fail_closed;
		calcom_redis *r = connection(o, &fail_closed);
		if (!r) goto out;
		calcom_swr_read_result res;
		calcom_err err;
		read_mono = calcom_monotonic();
		if (!calcom_swr_read(r, 1, keys, lens, &ra, &res, &err)) {
			compute_uncached(o, fail_closed, &err, callback, return_value);
			goto out;
		}
		read_ms = res.now_ms;
		calcom_swr_found f = res.found[0];
		zval value;
		ZVAL_UNDEF(&value);
		bool unreadable = f.has_entry && !calcom_swr_unserialize(f.entry.payload, f.entry.payload_len, &value);
		calcom_swr_read_free(&res);
		if (unreadable) {
			/* Not a value we can serve: recompute it, whoever holds the lock. */
			o->stats.store_errors++;
			locked = f.state == CALCOM_SWR_EARLY || f.state == CALCOM_SWR_STALE_LOCKED;
			break;
		}
		if (f.has_entry) {
			bool is_fresh = f.state == CALCOM_SWR_FRESH || f.state == CALCOM_SWR_EARLY;
			if (waited) {
				o->stats.coalesced_waits++;
			} else if (is_fresh) {
				o->stats.fresh_hits++;
			} else {
				o->stats.stale_hits++;
			}
			if (f.state == CALCOM_SWR_EARLY || f.state == CALCOM_SWR_STALE_LOCKED) {
				schedule(o, callback, vkey, lkey, token, fresh_ms, stale_ms, read_ms, read_mono, &value);
			}
			ZVAL_COPY_VALUE(return_value, &value);
			goto out;
		}
		if (f.state == CALCOM_SWR_MISS_LOCKED || f.state == CALCOM_SWR_EARLY || f.state == CALCOM_SWR_STALE_LOCKED) {
			locked = true;
			break;
		}
		/* Someone else computes it: wait for their value, or their lock to lapse. */
		double left = deadline - calcom_monotonic();
		if (left <= 0) break;
		if (!waited) o->stats.misses++;
		waited = true;
		calcom_sleep(fmin(pause, left));
		pause = fmin(pause * 2, 0.05);
	}
	/* A miss: ours to compute (with the lock, or past wait_timeout without). */
	if (!waited) o->stats.misses++;
	int64_t started = read_ms + (int64_t)((calcom_monotonic() - read_mono) * 1000.0);
	int64_t compute_ms;
	if (!compute(callback, return_value, &compute_ms)) {
		if (locked) {
			zend_object *pending = EG(exception);
			EG(exception) = NULL;
			release_lock(o, vkey, lkey, token);
			if (EG(exception)) zend_clear_exception();
			EG(exception) = pending;
		}
		goto out;
	}
	calcom_swr_write_args wa = {.token = locked ? token : "", .created_ms = started, .compute_ms = compute_ms,
		.fresh_ms = fresh_ms, .stale_ms = stale_ms};
	if (!store_value(o, vkey, lkey, return_value, &wa)) {
		if (locked) release_lock(o, vkey, lkey, token);
	}
out:
	zend_string_release(vkey);
	zend_string_release(lkey);
}

/* One read without locks: whether a value is there, and the value. */
static bool peek(calcom_swr_cache_object *o, zend_string *key, zval *value)
{
	zend_string *vkey, *lkey;
	if (!entry_keys(o, key, 1, &vkey, &lkey)) return false;
	const char *keys[2] = {ZSTR_VAL(vkey), ZSTR_VAL(lkey)};
	size_t lens[2] = {ZSTR_LEN(vkey), ZSTR_LEN(lkey)};
	calcom_swr_read_args ra = {.token = "", .lock = false, .fresh_ms = -1};
	bool fail_closed, found = false;
	calcom_redis *r = connection(o, &fail_closed);
	calcom_swr_read_result res;
	calcom_err err;
	/* Fresh or stale, a value is a value: the look without script or lock. */
	if (r && calcom_swr_peek(r, 1, keys, lens, &ra, &res, &err)) {
		found = res.found[0].has_entry &&
			calcom_swr_unserialize(res.found[0].entry.payload, res.found[0].entry.payload_len, value);
		calcom_swr_read_free(&res);
	} else if (r) {
		store_failed(o, fail_closed, &err);
	}
	zend_string_release(vkey);
	zend_string_release(lkey);
	return found;
}

ZEND_METHOD(Calcom_SwrCache, get)
{
	zend_string *key;
	zval *def = NULL;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_STR(key)
		Z_PARAM_OPTIONAL
		Z_PARAM_ZVAL(def)
	ZEND_PARSE_PARAMETERS_END();

	calcom_swr_cache_object *o = swr_checked(ZEND_THIS);
	if (!o) RETURN_THROWS();
	zval value;
	ZVAL_UNDEF(&value);
	if (peek(o, key, &value)) {
		RETURN_COPY_VALUE(&value);
	}
	if (EG(exception)) RETURN_THROWS();
	if (def) RETURN_COPY(def);
	RETURN_NULL();
}

ZEND_METHOD(Calcom_SwrCache, has)
{
	zend_string *key;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(key)
	ZEND_PARSE_PARAMETERS_END();

	calcom_swr_cache_object *o = swr_checked(ZEND_THIS);
	if (!o) RETURN_THROWS();
	zval value;
	ZVAL_UNDEF(&value);
	bool found = peek(o, key, &value);
	zval_ptr_dtor(&value);
	if (EG(exception)) RETURN_THROWS();
	RETURN_BOOL(found);
}

ZEND_METHOD(Calcom_SwrCache, set)
{
	zend_string *key;
	zval *value;
	zend_long fresh = 0, stale = 0;
	bool fresh_null = true, stale_null = true;

	ZEND_PARSE_PARAMETERS_START(2, 4)
		Z_PARAM_STR(key)
		Z_PARAM_ZVAL(value)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG_OR_NULL(fresh, fresh_null)
		Z_PARAM_LONG_OR_NULL(stale, stale_null)
	ZEND_PARSE_PARAMETERS_END();

	calcom_swr_cache_object *o = swr_checked(ZEND_THIS);
	if (!o) RETURN_THROWS();
	int64_t fresh_ms, stale_ms;
	if (!ttl_args(o, fresh, fresh_null, stale, stale_null, 3, &fresh_ms, &stale_ms)) RETURN_THROWS();
	zend_string *vkey, *lkey;
	if (!entry_keys(o, key, 1, &vkey, &lkey)) RETURN_THROWS();
	uint64_t errors = o->stats.store_errors;
	calcom_swr_write_args wa = {.token = "", .created_ms = -1, .fresh_ms = fresh_ms, .stale_ms = stale_ms};
	bool ok = store_value(o, vkey, lkey, value, &wa);
	zend_string_release(vkey);
	zend_string_release(lkey);
	if (!ok) RETURN_THROWS();
	RETURN_BOOL(o->stats.store_errors == errors);
}

ZEND_METHOD(Calcom_SwrCache, delete)
{
	zval *args = NULL;
	uint32_t argc = 0;

	ZEND_PARSE_PARAMETERS_START(0, -1)
		Z_PARAM_VARIADIC('+', args, argc)
	ZEND_PARSE_PARAMETERS_END();

	calcom_swr_cache_object *o = swr_checked(ZEND_THIS);
	if (!o) RETURN_THROWS();
	if (argc == 0) RETURN_LONG(0);
	/* One script call, one round trip (each key has its own hash tag: on
	 * Redis Cluster this would be one call per key). */
	const char **keys = safe_emalloc(argc, sizeof *keys, 0);
	size_t *lens = safe_emalloc(argc, sizeof *lens, 0);
	zend_string **owned = safe_emalloc(argc, sizeof(zend_string *), 0);
	uint32_t built = 0;
	bool ok = true;
	for (uint32_t i = 0; i < argc; i++) {
		zend_string *name;
		if (!zend_parse_arg_str(&args[i], &name, false, i + 1)) {
			if (!EG(exception)) {
				zend_argument_type_error(i + 1, "must be of type string, %s given", zend_zval_type_name(&args[i]));
			}
			ok = false;
			break;
		}
		zend_string *vkey, *lkey;
		if (!entry_keys(o, name, i + 1, &vkey, &lkey)) {
			ok = false;
			break;
		}
		zend_string_release(lkey);
		owned[built] = vkey;
		keys[built] = ZSTR_VAL(vkey);
		lens[built] = ZSTR_LEN(vkey);
		built++;
	}
	zend_long deleted = 0;
	if (ok && built > 0) {
		/* Tombstones, not DEL: a computation that began before this cannot
		 * write its value back. They live as long as an entry could, plus
		 * the longest a computation may hold the lock or wait for it. */
		bool fail_closed;
		calcom_redis *r = connection(o, &fail_closed);
		calcom_err err;
		size_t existed = 0;
		int64_t ttl_ms = o->cfg.stale_ms + o->cfg.lock_ms + (int64_t)(o->cfg.wait_s * 1000.0);
		if (r && calcom_swr_invalidate(r, built, keys, lens, ttl_ms, NULL, &existed, &err)) {
			deleted = (zend_long)existed;
		} else if (r) {
			store_failed(o, fail_closed, &err);
		}
	}
	for (uint32_t i = 0; i < built; i++) {
		zend_string_release(owned[i]);
	}
	efree(owned);
	efree(keys);
	efree(lens);
	if (EG(exception)) RETURN_THROWS();
	RETURN_LONG(deleted);
}

/* Runs one queued job (and frees it). */
static void run_job(calcom_swr_cache_object *o, swr_job *j)
{
	if (j->run) {
		j->run(j->data);
	} else {
		zval fresh;
		revalidate(o, &j->callback, j->key, j->lock_key, j->token, j->fresh_ms, j->stale_ms, j->read_ms,
			j->read_mono, &fresh);
		zval_ptr_dtor(&fresh);
	}

	job_dtor(j);
}

/* Runs a cache's queue until empty (jobs a job queues run too); false
 * when one threw an Error, which stays pending. */
static bool run_queue(calcom_swr_cache_object *o, zend_long *ran, bool at_shutdown)
{
	while (o->njobs > 0) {
		swr_job *jobs = o->jobs;
		size_t n = o->njobs;
		o->jobs = NULL;
		o->njobs = o->cap = 0;
		size_t i = 0;
		for (; i < n && !EG(exception); i++) {
			run_job(o, &jobs[i]);
			(*ran)++;
			/* After the response nobody can catch a StoreException (on_failure
			 * "closed") or a value that does not serialize: count it, the
			 * stale value stays. An Error still propagates. */
			if (at_shutdown && EG(exception) && instanceof_function(EG(exception)->ce, zend_ce_exception)) {
				zend_clear_exception();
				o->stats.store_errors++;
			}
		}
		for (; i < n; i++) {
			job_dtor(&jobs[i]);  /* after an exception: their locks lapse */
		}
		efree(jobs);
		if (EG(exception)) return false;
	}
	return true;
}

ZEND_METHOD(Calcom_SwrCache, runDeferred)
{
	ZEND_PARSE_PARAMETERS_NONE();
	calcom_swr_cache_object *o = swr_checked(ZEND_THIS);
	if (!o) RETURN_THROWS();
	zend_long ran = 0;
	if (!run_queue(o, &ran, false)) RETURN_THROWS();
	RETURN_LONG(ran);
}

ZEND_FUNCTION(Calcom_runDeferred)
{
	ZEND_PARSE_PARAMETERS_NONE();
	zend_long ran = 0;
	zval *self;
	/* Until no cache has work left: a job may queue more, on any cache. */
	while (zend_hash_num_elements(&CALCOM_G(deferred_caches)) > 0) {
		HashTable batch;
		memcpy(&batch, &CALCOM_G(deferred_caches), sizeof batch);
		zend_hash_init(&CALCOM_G(deferred_caches), 4, NULL, ZVAL_PTR_DTOR, 0);
		bool ok = true;
		ZEND_HASH_FOREACH_VAL(&batch, self) {
			if (ok) ok = run_queue(swr_from_obj(Z_OBJ_P(self)), &ran, true);
		} ZEND_HASH_FOREACH_END();
		zend_hash_destroy(&batch);
		if (!ok) RETURN_THROWS();
	}
	/* Last: the revalidations' own requests are among the records. */
	calcom_metrics_flush_pending(true);
	RETURN_LONG(ran);
}

ZEND_METHOD(Calcom_SwrCache, stats)
{
	ZEND_PARSE_PARAMETERS_NONE();
	calcom_swr_cache_object *o = swr_checked(ZEND_THIS);
	if (!o) RETURN_THROWS();
	array_init(return_value);
	add_assoc_long(return_value, "fresh_hits", (zend_long)o->stats.fresh_hits);
	add_assoc_long(return_value, "stale_hits", (zend_long)o->stats.stale_hits);
	add_assoc_long(return_value, "misses", (zend_long)o->stats.misses);
	add_assoc_long(return_value, "revalidations", (zend_long)o->stats.revalidations);
	add_assoc_long(return_value, "coalesced_waits", (zend_long)o->stats.coalesced_waits);
	add_assoc_long(return_value, "errors_served_stale", (zend_long)o->stats.errors_served_stale);
	add_assoc_long(return_value, "store_errors", (zend_long)o->stats.store_errors);
	add_assoc_long(return_value, "deferred", (zend_long)o->njobs);
}

void calcom_swr_cache_minit(void)
{
	calcom_ce_swr_cache->create_object = swr_cache_create;
	memcpy(&swr_cache_handlers, zend_get_std_object_handlers(), sizeof swr_cache_handlers);
	swr_cache_handlers.offset = XtOffsetOf(calcom_swr_cache_object, std);
	swr_cache_handlers.free_obj = swr_cache_free;
	swr_cache_handlers.get_gc = swr_cache_get_gc;
	swr_cache_handlers.clone_obj = NULL;
}
