/*
 * Calcom\RateLimiter: the binding of the token bucket (src/limiter) that
 * every worker shares through the gate script (src/gate).
 */
#include "php.h"
#include "zend_exceptions.h"

#include "php_calcom.h"
#include "calcom_ext.h"
#include "../src/lib/clock.h"

typedef struct {
	calcom_ext_bucket bucket;   /* bucket.store NULL until constructed */
	zend_string *name;
	calcom_limiter_config cfg;
	bool holding;               /* canMakeRequest() took the token incrementRequestCount() confirms */
	zend_object std;
} calcom_rate_limiter_object;

static zend_object_handlers rate_limiter_handlers;

static inline calcom_rate_limiter_object *limiter_from_obj(zend_object *obj)
{
	return (calcom_rate_limiter_object *)((char *)obj - XtOffsetOf(calcom_rate_limiter_object, std));
}

static zend_object *limiter_create(zend_class_entry *ce)
{
	calcom_rate_limiter_object *l = zend_object_alloc(sizeof(calcom_rate_limiter_object), ce);
	zend_object_std_init(&l->std, ce);
	object_properties_init(&l->std, ce);
	l->std.handlers = &rate_limiter_handlers;
	return &l->std;
}

static void limiter_free(zend_object *obj)
{
	calcom_rate_limiter_object *l = limiter_from_obj(obj);
	if (l->bucket.store) OBJ_RELEASE(l->bucket.store);
	if (l->bucket.key) zend_string_release(l->bucket.key);
	if (l->name) zend_string_release(l->name);
	zend_object_std_dtor(obj);
}

/* reserve: [priority => share], priorities 1-4. */
static bool parse_reserve(zval *v, calcom_limiter_config *cfg)
{
	if (Z_TYPE_P(v) != IS_ARRAY) {
		zend_argument_type_error(3, "option \"reserve\" must be of type array, %s given", zend_zval_type_name(v));
		return false;
	}
	zend_ulong p;
	zend_string *key;
	zval *share;
	ZEND_HASH_FOREACH_KEY_VAL(Z_ARRVAL_P(v), p, key, share) {
		ZVAL_DEREF(share);
		if (key || p < CALCOM_PRIORITY_CRITICAL || p > CALCOM_PRIORITY_LOW) {
			zend_argument_value_error(3, "option \"reserve\" must have the RateLimiter::PRIORITY_* constants (1-4) as keys");
			return false;
		}
		if (!calcom_option_number(share, 3, "reserve", 0.0, 0.99, &cfg->reserve[p])) return false;
	} ZEND_HASH_FOREACH_END();
	return true;
}

static bool parse_options(HashTable *options, calcom_limiter_config *cfg)
{
	zend_string *key;
	zval *v;
	bool min_given = false;
	ZEND_HASH_FOREACH_STR_KEY_VAL(options, key, v) {
		ZVAL_DEREF(v);
		if (!key) {
			zend_argument_value_error(3, "must be an array with string keys");
			return false;
		}
		const char *k = ZSTR_VAL(key);
		bool ok;
		if (zend_string_equals_literal(key, "limit")) {
			ok = calcom_option_number(v, 3, k, 0.001, 1e9, &cfg->limit);
		} else if (zend_string_equals_literal(key, "burst")) {
			ok = calcom_option_number(v, 3, k, 1.0, 1e9, &cfg->burst);
		} else if (zend_string_equals_literal(key, "adaptive")) {
			ok = calcom_option_bool(v, 3, k, &cfg->adaptive);
		} else if (zend_string_equals_literal(key, "min_limit")) {
			ok = calcom_option_number(v, 3, k, 0.001, 1e9, &cfg->min_limit);
			min_given = true;
		} else if (zend_string_equals_literal(key, "decrease_factor")) {
			ok = calcom_option_number(v, 3, k, 0.01, 0.99, &cfg->decrease_factor);
		} else if (zend_string_equals_literal(key, "recovery_seconds")) {
			ok = calcom_option_number(v, 3, k, 0.0, 86400.0, &cfg->recovery_s);
		} else if (zend_string_equals_literal(key, "reserve")) {
			ok = parse_reserve(v, cfg);
		} else {
			zend_argument_value_error(3, "contains unknown option \"%s\" (expected limit, burst, adaptive, min_limit, "
				"decrease_factor, recovery_seconds or reserve)", k);
			return false;
		}
		if (!ok) return false;
	} ZEND_HASH_FOREACH_END();
	if (!min_given && cfg->min_limit > cfg->limit) {
		cfg->min_limit = cfg->limit;
	}
	if (cfg->min_limit > cfg->limit) {
		zend_argument_value_error(3, "option \"min_limit\" must not be greater than option \"limit\"");
		return false;
	}
	return true;
}

ZEND_METHOD(Calcom_RateLimiter, __construct)
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

	calcom_rate_limiter_object *l = limiter_from_obj(Z_OBJ_P(ZEND_THIS));
	if (l->bucket.store) {
		zend_throw_error(NULL, "Calcom\\RateLimiter is already constructed");
		RETURN_THROWS();
	}
	zend_string *n = name ? zend_string_copy(name) : zend_string_init(ZEND_STRL("calcom_api"), 0);
	calcom_limiter_config_default(&l->cfg);
	if (!calcom_component_name_check(n, 2, NULL) || (options && !parse_options(options, &l->cfg))) {
		zend_string_release(n);
		RETURN_THROWS();
	}
	const char *problem = calcom_limiter_config_check(&l->cfg);
	if (problem) {
		zend_argument_value_error(3, "is inconsistent: %s", problem);
		zend_string_release(n);
		RETURN_THROWS();
	}
	zend_string *key = calcom_component_key(store, "limiter", n, "bucket");
	if (!key) {
		zend_string_release(n);
		RETURN_THROWS();
	}
	l->name = n;
	l->bucket.key = key;
	l->bucket.cfg = &l->cfg;
	l->bucket.store = store;
	GC_ADDREF(store);
}

static calcom_rate_limiter_object *limiter_checked(zend_object *obj)
{
	calcom_rate_limiter_object *l = limiter_from_obj(obj);
	if (!l->bucket.store) {
		zend_throw_error(NULL, "Calcom\\RateLimiter object is not initialized");
		return NULL;
	}
	return l;
}

const calcom_ext_bucket *calcom_rate_limiter_bucket(zend_object *limiter)
{
	calcom_rate_limiter_object *l = limiter_checked(limiter);
	return l ? &l->bucket : NULL;
}

zend_string *calcom_rate_limiter_name(zend_object *limiter)
{
	return limiter_from_obj(limiter)->name;
}

static bool cost_and_priority(const calcom_rate_limiter_object *l, zend_long cost, zend_long priority)
{
	if (cost < 1 || (double)cost > l->cfg.burst) {
		zend_argument_value_error(1, "must be between 1 and the burst (%g)", l->cfg.burst);
		return false;
	}
	if (priority < CALCOM_PRIORITY_CRITICAL || priority > CALCOM_PRIORITY_LOW) {
		zend_argument_value_error(2, "must be one of the RateLimiter::PRIORITY_* constants (1-4)");
		return false;
	}
	return true;
}

static bool max_wait_ok(double max_wait, uint32_t arg)
{
	if (!(max_wait >= 0.0 && max_wait <= 86400.0)) {
		zend_argument_value_error(arg, "must be between 0 and 86400 seconds");
		return false;
	}
	return true;
}

/* Takes the tokens, sleeping exactly as long as the bucket says, while that
 * fits in max_wait. *wait_s is the last answer (0 when granted). */
static bool acquire_within(calcom_rate_limiter_object *l, double cost, int priority, double max_wait, double *wait_s)
{
	double deadline = calcom_monotonic() + max_wait;
	for (;;) {
		if (!calcom_ext_take(&l->bucket, cost, priority, false, wait_s)) return false;
		if (*wait_s == 0.0) return true;
		/* The wait only grows while others take tokens, so one that does
		 * not fit now never will: give up at once. So for a cost above what
		 * the bucket ever holds for this priority (burst less its reserve). */
		double left = deadline - calcom_monotonic();
		if (*wait_s > left || cost > l->cfg.burst * (1.0 - l->cfg.reserve[priority]) + 1e-9) return true;
		calcom_sleep(*wait_s);
	}
}

ZEND_METHOD(Calcom_RateLimiter, tryAcquire)
{
	zend_long cost = 1, priority = CALCOM_PRIORITY_NORMAL;
	ZEND_PARSE_PARAMETERS_START(0, 2)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(cost)
		Z_PARAM_LONG(priority)
	ZEND_PARSE_PARAMETERS_END();

	calcom_rate_limiter_object *l = limiter_checked(Z_OBJ_P(ZEND_THIS));
	if (!l || !cost_and_priority(l, cost, priority)) RETURN_THROWS();
	double wait;
	if (!calcom_ext_take(&l->bucket, (double)cost, (int)priority, false, &wait)) RETURN_THROWS();
	RETURN_DOUBLE(wait);
}

ZEND_METHOD(Calcom_RateLimiter, acquire)
{
	zend_long cost = 1, priority = CALCOM_PRIORITY_NORMAL;
	double max_wait = 0.0;
	ZEND_PARSE_PARAMETERS_START(0, 3)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(cost)
		Z_PARAM_LONG(priority)
		Z_PARAM_DOUBLE(max_wait)
	ZEND_PARSE_PARAMETERS_END();

	calcom_rate_limiter_object *l = limiter_checked(Z_OBJ_P(ZEND_THIS));
	if (!l || !cost_and_priority(l, cost, priority) || !max_wait_ok(max_wait, 3)) RETURN_THROWS();
	double wait;
	if (!acquire_within(l, (double)cost, (int)priority, max_wait, &wait)) RETURN_THROWS();
	RETURN_BOOL(wait == 0.0);
}

/* Header lookup in a PHP array: name => value or list of values (the last
 * one counts), names in any case. */
typedef struct {
	HashTable *headers;
	char buf[64];
} array_headers;

static bool array_header_find(void *ctx, const char *name, const char **value, size_t *len)
{
	array_headers *a = ctx;
	zend_string *key;
	zval *v;
	ZEND_HASH_FOREACH_STR_KEY_VAL(a->headers, key, v) {
		if (!key || ZSTR_LEN(key) != strlen(name) || strncasecmp(ZSTR_VAL(key), name, ZSTR_LEN(key)) != 0) continue;
		ZVAL_DEREF(v);
		if (Z_TYPE_P(v) == IS_ARRAY) {
			zval *last = NULL, *item;
			ZEND_HASH_REVERSE_FOREACH_VAL(Z_ARRVAL_P(v), item) {
				last = item;
				break;
			} ZEND_HASH_FOREACH_END();
			if (!last) return false;
			v = last;
			ZVAL_DEREF(v);
		}
		if (Z_TYPE_P(v) == IS_STRING) {
			*value = Z_STRVAL_P(v);
			*len = Z_STRLEN_P(v);
			return true;
		}
		if (Z_TYPE_P(v) == IS_LONG || Z_TYPE_P(v) == IS_DOUBLE) {
			int n = Z_TYPE_P(v) == IS_LONG ? snprintf(a->buf, sizeof a->buf, ZEND_LONG_FMT, Z_LVAL_P(v))
			                               : snprintf(a->buf, sizeof a->buf, "%.6f", Z_DVAL_P(v));
			*value = a->buf;
			*len = (size_t)n;
			return true;
		}
		return false;
	} ZEND_HASH_FOREACH_END();
	return false;
}

void calcom_limiter_signal_read(calcom_limiter_signal *sig, long status,
	bool (*find)(void *ctx, const char *name, const char **value, size_t *len), void *ctx)
{
	const char *v;
	size_t len;
	*sig = (calcom_limiter_signal){.status = status, .reset_s = -1.0, .remaining = -1.0};
	/* A proxy's Retry-After wins over Cal.com's own reset. Values that do
	 * not parse are ignored: they come from the network. */
	if (!(find(ctx, "Retry-After", &v, &len) && calcom_limiter_parse_seconds(v, len, &sig->reset_s))) {
		sig->reset_s = -1.0;
		if (!(find(ctx, "X-RateLimit-Reset-Default", &v, &len) && calcom_limiter_parse_seconds(v, len, &sig->reset_s))) {
			sig->reset_s = -1.0;
		}
	}
	/* Cal.com resets within a minute; a day bounds what a broken proxy can pause. */
	if (sig->reset_s > 86400.0) sig->reset_s = 86400.0;
	if (!(find(ctx, "X-RateLimit-Remaining-Default", &v, &len) && calcom_limiter_parse_seconds(v, len, &sig->remaining))) {
		sig->remaining = -1.0;
	}
}

ZEND_METHOD(Calcom_RateLimiter, observe)
{
	zend_long status;
	HashTable *headers = NULL;
	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_LONG(status)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(headers)
	ZEND_PARSE_PARAMETERS_END();

	calcom_rate_limiter_object *l = limiter_checked(Z_OBJ_P(ZEND_THIS));
	if (!l) RETURN_THROWS();
	if (status < 100 || status > 599) {
		zend_argument_value_error(1, "must be an HTTP status between 100 and 599");
		RETURN_THROWS();
	}
	if (headers) {
		zend_string *key;
		ZEND_HASH_FOREACH_STR_KEY(headers, key) {
			/* A list of "Name: value" lines (curl's, PSR-7's getHeaderLine
			 * joined) has no names to look up: it would teach nothing,
			 * and a 429's Retry-After would be lost without a word. */
			if (!key) {
				zend_argument_value_error(2, "must map header names to values (name => value or list of values), "
					"not be a list of header lines");
				RETURN_THROWS();
			}
		} ZEND_HASH_FOREACH_END();
	}
	HashTable empty;
	zend_hash_init(&empty, 0, NULL, NULL, 0);
	array_headers a = {.headers = headers ? headers : &empty};
	calcom_limiter_signal sig;
	calcom_limiter_signal_read(&sig, (long)status, array_header_find, &a);
	zend_hash_destroy(&empty);
	if (!calcom_limiter_signal_matters(&sig)) {
		return;   /* nothing to learn: no round trip */
	}
	if (!calcom_ext_learn(&l->bucket, &sig)) RETURN_THROWS();
}

ZEND_METHOD(Calcom_RateLimiter, limit)
{
	ZEND_PARSE_PARAMETERS_NONE();
	calcom_rate_limiter_object *l = limiter_checked(Z_OBJ_P(ZEND_THIS));
	if (!l) RETURN_THROWS();
	calcom_limiter_view view;
	calcom_source source;
	if (!calcom_ext_peek(&l->bucket, &view, &source)) RETURN_THROWS();
	RETURN_DOUBLE(view.limit);
}

ZEND_METHOD(Calcom_RateLimiter, status)
{
	ZEND_PARSE_PARAMETERS_NONE();
	calcom_rate_limiter_object *l = limiter_checked(Z_OBJ_P(ZEND_THIS));
	if (!l) RETURN_THROWS();
	calcom_limiter_view view;
	calcom_source source;
	if (!calcom_ext_peek(&l->bucket, &view, &source)) RETURN_THROWS();
	array_init(return_value);
	add_assoc_str(return_value, "name", zend_string_copy(l->name));
	add_assoc_double(return_value, "limit", l->cfg.limit);
	add_assoc_double(return_value, "effective_limit", view.limit);
	add_assoc_double(return_value, "burst", l->cfg.burst);
	add_assoc_double(return_value, "capacity", view.capacity);
	add_assoc_double(return_value, "tokens", view.tokens);
	add_assoc_string(return_value, "reason", calcom_limiter_reason_name(view.reason));
	add_assoc_double(return_value, "paused_for", view.paused_for);
	add_assoc_double(return_value, "recovers_in", view.recovers_in);
	add_assoc_string(return_value, "store", calcom_source_name(source));
}

ZEND_METHOD(Calcom_RateLimiter, reset)
{
	ZEND_PARSE_PARAMETERS_NONE();
	calcom_rate_limiter_object *l = limiter_checked(Z_OBJ_P(ZEND_THIS));
	if (!l) RETURN_THROWS();
	l->holding = false;
	if (!calcom_ext_forget(l->bucket.store, l->bucket.key, false)) RETURN_THROWS();
}

ZEND_METHOD(Calcom_RateLimiter, canMakeRequest)
{
	ZEND_PARSE_PARAMETERS_NONE();
	calcom_rate_limiter_object *l = limiter_checked(Z_OBJ_P(ZEND_THIS));
	if (!l) RETURN_THROWS();
	if (l->holding) RETURN_TRUE;
	double wait;
	if (!calcom_ext_take(&l->bucket, 1.0, CALCOM_PRIORITY_NORMAL, false, &wait)) RETURN_THROWS();
	l->holding = wait == 0.0;
	RETURN_BOOL(l->holding);
}

ZEND_METHOD(Calcom_RateLimiter, incrementRequestCount)
{
	ZEND_PARSE_PARAMETERS_NONE();
	calcom_rate_limiter_object *l = limiter_checked(Z_OBJ_P(ZEND_THIS));
	if (!l) RETURN_THROWS();
	if (l->holding) {
		l->holding = false;
		return;
	}
	double wait;
	if (!calcom_ext_take(&l->bucket, 1.0, CALCOM_PRIORITY_NORMAL, true, &wait)) RETURN_THROWS();
}

ZEND_METHOD(Calcom_RateLimiter, waitForAvailability)
{
	double max_wait = 60.0;
	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_DOUBLE(max_wait)
	ZEND_PARSE_PARAMETERS_END();

	calcom_rate_limiter_object *l = limiter_checked(Z_OBJ_P(ZEND_THIS));
	if (!l || !max_wait_ok(max_wait, 1)) RETURN_THROWS();
	if (l->holding) return;
	double wait;
	if (!acquire_within(l, 1.0, CALCOM_PRIORITY_NORMAL, max_wait, &wait)) RETURN_THROWS();
	if (wait > 0.0) {
		zend_string *msg = strpprintf(0, "Rate limit '%s': no capacity within %.3g seconds (next in %.3f s)",
			ZSTR_VAL(l->name), max_wait, wait);
		zval e;
		ZVAL_OBJ(&e, calcom_api_exception_new(calcom_ce_rate_limit_exception, msg, 0, false, NULL,
			CALCOM_USER_RATE_LIMITED, CALCOM_LANG_DE, wait));
		zend_string_release(msg);
		zend_throw_exception_object(&e);
		RETURN_THROWS();
	}
	l->holding = true;
}

ZEND_METHOD(Calcom_RateLimiter, getRemainingRequests)
{
	ZEND_PARSE_PARAMETERS_NONE();
	calcom_rate_limiter_object *l = limiter_checked(Z_OBJ_P(ZEND_THIS));
	if (!l) RETURN_THROWS();
	calcom_limiter_view view;
	calcom_source source;
	if (!calcom_ext_peek(&l->bucket, &view, &source)) RETURN_THROWS();
	RETURN_LONG(view.tokens > 0.0 ? (zend_long)floor(view.tokens) : 0);
}

void calcom_rate_limiter_minit(void)
{
	calcom_ce_rate_limiter->create_object = limiter_create;
	memcpy(&rate_limiter_handlers, zend_get_std_object_handlers(), sizeof rate_limiter_handlers);
	rate_limiter_handlers.offset = XtOffsetOf(calcom_rate_limiter_object, std);
	rate_limiter_handlers.free_obj = limiter_free;
	rate_limiter_handlers.clone_obj = NULL;
}
