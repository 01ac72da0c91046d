/*
 * Calcom\CircuitBreaker: the binding of the breaker (src/breaker) that
 * every worker shares through the gate script (src/gate).
 */
#include "php.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"

#include "php_calcom.h"
#include "calcom_ext.h"

typedef struct {
	calcom_ext_breaker breaker;  /* breaker.store NULL until constructed */
	zend_string *name;
	calcom_breaker_config cfg;
	char lease[17];              /* the probe lease allowRequest() took; "" when none */
	zend_object std;
} calcom_circuit_breaker_object;

static zend_object_handlers circuit_breaker_handlers;

static inline calcom_circuit_breaker_object *breaker_from_obj(zend_object *obj)
{
	return (calcom_circuit_breaker_object *)((char *)obj - XtOffsetOf(calcom_circuit_breaker_object, std));
}

static zend_object *breaker_create(zend_class_entry *ce)
{
	calcom_circuit_breaker_object *b = zend_object_alloc(sizeof(calcom_circuit_breaker_object), ce);
	zend_object_std_init(&b->std, ce);
	object_properties_init(&b->std, ce);
	b->std.handlers = &circuit_breaker_handlers;
	return &b->std;
}

static void breaker_free(zend_object *obj)
{
	calcom_circuit_breaker_object *b = breaker_from_obj(obj);
	if (b->breaker.store) OBJ_RELEASE(b->breaker.store);
	if (b->breaker.key) zend_string_release(b->breaker.key);
	if (b->name) zend_string_release(b->name);
	zend_object_std_dtor(obj);
}

static bool parse_weights(zval *v, calcom_breaker_config *cfg)
{
	if (Z_TYPE_P(v) != IS_ARRAY) {
		zend_argument_type_error(6, "option \"weights\" must be of type array, %s given", zend_zval_type_name(v));
		return false;
	}
	zend_ulong status;
	zend_string *key;
	zval *w;
	ZEND_HASH_FOREACH_KEY_VAL(Z_ARRVAL_P(v), status, key, w) {
		ZVAL_DEREF(w);
		int *slot = NULL;
		if (!key && status == 429) slot = &cfg->weight_429;
		else if (!key && status == 503) slot = &cfg->weight_503;
		else if (!key && status == 500) slot = &cfg->weight_500;
		else if (key && zend_string_equals_literal(key, "timeout")) slot = &cfg->weight_timeout;
		else if (key && zend_string_equals_literal(key, "network")) slot = &cfg->weight_network;
		else if (key && zend_string_equals_literal(key, "other")) slot = &cfg->weight_other;
		else if (key && zend_string_equals_literal(key, "client_error")) slot = &cfg->weight_client;
		if (!slot) {
			zend_argument_value_error(6, "option \"weights\" has an unknown key (expected 429, 503, 500, \"timeout\", "
				"\"network\", \"other\" or \"client_error\")");
			return false;
		}
		zend_long n;
		if (!calcom_option_int(w, 6, "weights", 0, CALCOM_BREAKER_MAX_THRESHOLD, &n)) return false;
		*slot = (int)n;
	} ZEND_HASH_FOREACH_END();
	return true;
}

static bool parse_options(HashTable *options, calcom_breaker_config *cfg)
{
	zend_string *key;
	zval *v;
	ZEND_HASH_FOREACH_STR_KEY_VAL(options, key, v) {
		ZVAL_DEREF(v);
		if (!key) {
			zend_argument_value_error(6, "must be an array with string keys");
			return false;
		}
		const char *k = ZSTR_VAL(key);
		zend_long n;
		bool ok;
		if (zend_string_equals_literal(key, "weights")) {
			ok = parse_weights(v, cfg);
		} else if (zend_string_equals_literal(key, "failure_window")) {
			ok = calcom_option_number(v, 6, k, 1.0, 86400.0, &cfg->failure_window_s);
		} else if (zend_string_equals_literal(key, "max_recovery_timeout")) {
			ok = calcom_option_number(v, 6, k, 1.0, 86400.0, &cfg->max_recovery_s);
		} else if (zend_string_equals_literal(key, "half_open_max_calls")) {
			ok = calcom_option_int(v, 6, k, 1, CALCOM_BREAKER_MAX_PROBES, &n);
			cfg->half_open_max_calls = (int)n;
		} else if (zend_string_equals_literal(key, "probe_timeout")) {
			ok = calcom_option_number(v, 6, k, 0.1, 3600.0, &cfg->probe_ttl_s);
		} else if (zend_string_equals_literal(key, "count_client_errors")) {
			ok = calcom_option_bool(v, 6, k, &cfg->count_client_errors);
		} else {
			zend_argument_value_error(6, "contains unknown option \"%s\" (expected weights, failure_window, "
				"max_recovery_timeout, half_open_max_calls, probe_timeout or count_client_errors)", k);
			return false;
		}
		if (!ok) return false;
	} ZEND_HASH_FOREACH_END();
	return true;
}

ZEND_METHOD(Calcom_CircuitBreaker, __construct)
{
	zend_object *store;
	zend_string *name;
	zend_long threshold = 5, recovery = 60, successes = 2;
	HashTable *options = NULL;

	ZEND_PARSE_PARAMETERS_START(2, 6)
		Z_PARAM_OBJ_OF_CLASS(store, calcom_ce_store)
		Z_PARAM_STR(name)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(threshold)
		Z_PARAM_LONG(recovery)
		Z_PARAM_LONG(successes)
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	calcom_circuit_breaker_object *b = breaker_from_obj(Z_OBJ_P(ZEND_THIS));
	if (b->breaker.store) {
		zend_throw_error(NULL, "Calcom\\CircuitBreaker is already constructed");
		RETURN_THROWS();
	}
	if (!calcom_component_name_check(name, 2, NULL)) RETURN_THROWS();
	if (threshold < 1 || threshold > CALCOM_BREAKER_MAX_THRESHOLD) {
		zend_argument_value_error(3, "must be between 1 and %d", CALCOM_BREAKER_MAX_THRESHOLD);
		RETURN_THROWS();
	}
	if (recovery < 1 || recovery > 86400) {
		zend_argument_value_error(4, "must be between 1 and 86400 seconds");
		RETURN_THROWS();
	}
	if (successes < 1 || successes > 1000) {
		zend_argument_value_error(5, "must be between 1 and 1000");
		RETURN_THROWS();
	}
	calcom_breaker_config_default(&b->cfg);
	b->cfg.failure_threshold = (int)threshold;
	b->cfg.recovery_s = (double)recovery;
	b->cfg.success_threshold = (int)successes;
	if (b->cfg.max_recovery_s < b->cfg.recovery_s) {
		b->cfg.max_recovery_s = b->cfg.recovery_s;
	}
	if (options && !parse_options(options, &b->cfg)) RETURN_THROWS();
	const char *problem = calcom_breaker_config_check(&b->cfg);
	if (problem) {
		zend_argument_value_error(6, "is inconsistent: %s", problem);
		RETURN_THROWS();
	}
	zend_string *key = calcom_component_key(store, "breaker", name, "state");
	if (!key) RETURN_THROWS();
	b->name = zend_string_copy(name);
	b->breaker.key = key;
	b->breaker.cfg = &b->cfg;
	b->breaker.store = store;
	GC_ADDREF(store);
}

static calcom_circuit_breaker_object *breaker_checked(zend_object *obj)
{
	calcom_circuit_breaker_object *b = breaker_from_obj(obj);
	if (!b->breaker.store) {
		zend_throw_error(NULL, "Calcom\\CircuitBreaker object is not initialized");
		return NULL;
	}
	return b;
}

const calcom_ext_breaker *calcom_circuit_breaker_parts(zend_object *breaker, zend_string **name)
{
	calcom_circuit_breaker_object *b = breaker_checked(breaker);
	if (!b) return NULL;
	*name = b->name;
	return &b->breaker;
}

zend_object *calcom_circuit_open_exception(zend_string *service, double retry_s, calcom_lang lang)
{
	double n = ceil(retry_s);
	zend_string *msg = strpprintf(0,
		"Circuit breaker is OPEN for service '%s'. Service appears to be down. Retry after %.0f seconds.",
		ZSTR_VAL(service), n < 1.0 ? 1.0 : n);
	zend_object *e = calcom_api_exception_new(calcom_ce_circuit_open_exception, msg, 0, false, NULL,
		CALCOM_USER_UNREACHABLE, lang, retry_s);
	zend_string_release(msg);
	return e;
}

/* The weight of a Throwable, and the server's reset time a 429 names. */
static int throwable_weight(const calcom_breaker_config *cfg, zend_object *ex, double *hint_s)
{
	*hint_s = 0.0;
	if (instanceof_function(ex->ce, calcom_ce_circuit_open_exception)) {
		return 0;   /* a breaker's refusal: nothing was sent */
	}
	if (instanceof_function(ex->ce, calcom_ce_timeout_exception)) {
		return calcom_breaker_weight(cfg, CALCOM_FAILURE_TIMEOUT, 0);
	}
	if (!instanceof_function(ex->ce, calcom_ce_api_exception)) {
		return calcom_breaker_weight(cfg, CALCOM_FAILURE_OTHER, 0);
	}
	zval rv;
	zval *status = zend_read_property(calcom_ce_api_exception, ex, ZEND_STRL("statusCode"), true, &rv);
	bool rate_limit = instanceof_function(ex->ce, calcom_ce_rate_limit_exception);
	if (Z_TYPE_P(status) != IS_LONG) {
		/* A RateLimitException without a status is a local limiter's refusal. */
		return rate_limit ? 0 : calcom_breaker_weight(cfg, CALCOM_FAILURE_NETWORK, 0);
	}
	if (rate_limit) {
		zval *retry = zend_read_property(calcom_ce_rate_limit_exception, ex, ZEND_STRL("retryAfter"), true, &rv);
		if (Z_TYPE_P(retry) == IS_DOUBLE) *hint_s = Z_DVAL_P(retry);
	}
	return calcom_breaker_weight(cfg, CALCOM_FAILURE_STATUS, (long)Z_LVAL_P(status));
}

/* The weight of a status (>= 100) or a bare weight (1-99). */
static bool number_weight(const calcom_breaker_config *cfg, zend_long n, int *weight)
{
	if (n >= 100 && n <= 599) {
		*weight = calcom_breaker_weight(cfg, CALCOM_FAILURE_STATUS, (long)n);
		return true;
	}
	if (n >= 1 && n <= 99) {
		*weight = (int)n;
		return true;
	}
	zend_argument_value_error(1, "must be a weight between 1 and 99 or an HTTP status between 100 and 599");
	return false;
}

static bool failure_weight(const calcom_breaker_config *cfg, zval *error, int *weight, double *hint_s)
{
	*hint_s = 0.0;
	switch (Z_TYPE_P(error)) {
		case IS_OBJECT:
			if (instanceof_function(Z_OBJCE_P(error), zend_ce_throwable)) {
				*weight = throwable_weight(cfg, Z_OBJ_P(error), hint_s);
				return true;
			}
			break;
		case IS_LONG:
			return number_weight(cfg, Z_LVAL_P(error), weight);
		case IS_STRING: {
			zend_string *s = Z_STR_P(error);
			zend_ulong n;
			if (zend_string_equals_literal(s, "timeout")) {
				*weight = calcom_breaker_weight(cfg, CALCOM_FAILURE_TIMEOUT, 0);
			} else if (zend_string_equals_literal(s, "network")) {
				*weight = calcom_breaker_weight(cfg, CALCOM_FAILURE_NETWORK, 0);
			} else if (zend_string_equals_literal(s, "other")) {
				*weight = calcom_breaker_weight(cfg, CALCOM_FAILURE_OTHER, 0);
			} else if (ZEND_HANDLE_NUMERIC_STR(ZSTR_VAL(s), ZSTR_LEN(s), n)) {
				return number_weight(cfg, n > 1000 ? 1000 : (zend_long)n, weight);
			} else {
				zend_argument_value_error(1, "must be \"timeout\", \"network\", \"other\" or a numeric status");
				return false;
			}
			return true;
		}
		default:
			break;
	}
	zend_argument_type_error(1, "must be of type Throwable|string|int, %s given", zend_zval_type_name(error));
	return false;
}

ZEND_METHOD(Calcom_CircuitBreaker, call)
{
	zend_fcall_info fci;
	zend_fcall_info_cache fcc;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_FUNC(fci, fcc)
	ZEND_PARSE_PARAMETERS_END();

	calcom_circuit_breaker_object *b = breaker_checked(Z_OBJ_P(ZEND_THIS));
	if (!b) RETURN_THROWS();
	char lease[17];
	calcom_lease_id(lease);
	calcom_breaker_verdict verdict;
	double retry;
	bool clean;
	if (!calcom_ext_allow(&b->breaker, lease, &verdict, &retry, &clean)) RETURN_THROWS();
	if (verdict == CALCOM_BREAKER_REFUSE) {
		zval e;
		ZVAL_OBJ(&e, calcom_circuit_open_exception(b->name, retry, CALCOM_LANG_DE));
		zend_throw_exception_object(&e);
		RETURN_THROWS();
	}
	const char *held = verdict == CALCOM_BREAKER_PROBE ? lease : NULL;

	fci.retval = return_value;
	zend_call_function(&fci, &fcc);
	if (EG(exception)) {
		zend_object *ex = EG(exception);
		GC_ADDREF(ex);
		zend_clear_exception();
		double hint;
		int weight = throwable_weight(&b->cfg, ex, &hint);
		calcom_ext_record(&b->breaker, 0, &weight, 1, hint, held);
		if (EG(exception)) {
			/* Redis failed under on_failure "closed": the operation's own
			 * exception is the one the caller needs. */
			zend_clear_exception();
		}
		zval e;
		ZVAL_OBJ(&e, ex);
		zend_throw_exception_object(&e);
		RETURN_THROWS();
	}
	/* A success while closed with nothing recorded changes nothing. */
	if (held || !clean) {
		calcom_ext_record(&b->breaker, 1, NULL, 0, 0.0, held);
	}
}

ZEND_METHOD(Calcom_CircuitBreaker, allowRequest)
{
	ZEND_PARSE_PARAMETERS_NONE();
	calcom_circuit_breaker_object *b = breaker_checked(Z_OBJ_P(ZEND_THIS));
	if (!b) RETURN_THROWS();
	char lease[17];
	calcom_lease_id(lease);
	calcom_breaker_verdict verdict;
	double retry;
	bool clean;
	if (!calcom_ext_allow(&b->breaker, lease, &verdict, &retry, &clean)) RETURN_THROWS();
	if (verdict == CALCOM_BREAKER_PROBE) {
		memcpy(b->lease, lease, sizeof lease);
	}
	RETURN_BOOL(verdict != CALCOM_BREAKER_REFUSE);
}

ZEND_METHOD(Calcom_CircuitBreaker, recordSuccess)
{
	ZEND_PARSE_PARAMETERS_NONE();
	calcom_circuit_breaker_object *b = breaker_checked(Z_OBJ_P(ZEND_THIS));
	if (!b) RETURN_THROWS();
	char lease[17];
	memcpy(lease, b->lease, sizeof lease);
	b->lease[0] = '\0';
	if (!calcom_ext_record(&b->breaker, 1, NULL, 0, 0.0, lease[0] ? lease : NULL)) RETURN_THROWS();
}

ZEND_METHOD(Calcom_CircuitBreaker, recordFailure)
{
	zval *error = NULL;
	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_ZVAL(error)
	ZEND_PARSE_PARAMETERS_END();

	calcom_circuit_breaker_object *b = breaker_checked(Z_OBJ_P(ZEND_THIS));
	if (!b) RETURN_THROWS();
	int weight = 1;
	double hint = 0.0;
	if (error && !failure_weight(&b->cfg, error, &weight, &hint)) RETURN_THROWS();
	char lease[17];
	memcpy(lease, b->lease, sizeof lease);
	b->lease[0] = '\0';
	if (!calcom_ext_record(&b->breaker, 0, &weight, 1, hint, lease[0] ? lease : NULL)) RETURN_THROWS();
}

/* The breaker's state for the read-only methods; NULL with an exception thrown. */
static calcom_circuit_breaker_object *breaker_looked(zval *this_zv, calcom_breaker_status *st)
{
	calcom_circuit_breaker_object *b = breaker_checked(Z_OBJ_P(this_zv));
	calcom_source source;
	return b && calcom_ext_look(&b->breaker, st, &source) ? b : NULL;
}

ZEND_METHOD(Calcom_CircuitBreaker, getState)
{
	ZEND_PARSE_PARAMETERS_NONE();
	calcom_breaker_status st;
	calcom_circuit_breaker_object *b = breaker_looked(ZEND_THIS, &st);
	if (!b) RETURN_THROWS();
	RETURN_STRING(calcom_breaker_state_text(st.state));
}

ZEND_METHOD(Calcom_CircuitBreaker, isOpen)
{
	ZEND_PARSE_PARAMETERS_NONE();
	calcom_breaker_status st;
	calcom_circuit_breaker_object *b = breaker_looked(ZEND_THIS, &st);
	if (!b) RETURN_THROWS();
	RETURN_BOOL(st.state == CALCOM_BREAKER_OPEN);
}

ZEND_METHOD(Calcom_CircuitBreaker, getFailureCount)
{
	ZEND_PARSE_PARAMETERS_NONE();
	calcom_breaker_status st;
	calcom_circuit_breaker_object *b = breaker_looked(ZEND_THIS, &st);
	if (!b) RETURN_THROWS();
	RETURN_LONG(st.failure_weight);
}

ZEND_METHOD(Calcom_CircuitBreaker, getSuccessCount)
{
	ZEND_PARSE_PARAMETERS_NONE();
	calcom_breaker_status st;
	calcom_circuit_breaker_object *b = breaker_looked(ZEND_THIS, &st);
	if (!b) RETURN_THROWS();
	RETURN_LONG(st.successes);
}

ZEND_METHOD(Calcom_CircuitBreaker, getStatus)
{
	ZEND_PARSE_PARAMETERS_NONE();
	calcom_breaker_status st;
	calcom_circuit_breaker_object *b = breaker_looked(ZEND_THIS, &st);
	if (!b) RETURN_THROWS();
	bool open = st.state == CALCOM_BREAKER_OPEN;
	/* Closed, the timeout the next opening would get. */
	double recovery = calcom_breaker_recovery(&b->cfg, st.open_count > 0 ? st.open_count : 1);
	array_init(return_value);
	add_assoc_str(return_value, "service", zend_string_copy(b->name));
	add_assoc_string(return_value, "state", calcom_breaker_state_text(st.state));
	add_assoc_long(return_value, "failure_count", st.failure_weight);
	add_assoc_long(return_value, "success_count", st.successes);
	add_assoc_long(return_value, "failure_threshold", b->cfg.failure_threshold);
	add_assoc_long(return_value, "recovery_timeout", (zend_long)recovery);
	if (st.opened_at > 0) {
		add_assoc_double(return_value, "opened_at", st.opened_at / 1000.0);
	} else {
		add_assoc_null(return_value, "opened_at");
	}
	add_assoc_long(return_value, "seconds_until_retry", open ? (zend_long)ceil((st.retry_at - st.now) / 1000.0) : 0);
	add_assoc_long(return_value, "open_count", st.open_count);
}

ZEND_METHOD(Calcom_CircuitBreaker, reset)
{
	ZEND_PARSE_PARAMETERS_NONE();
	calcom_circuit_breaker_object *b = breaker_checked(Z_OBJ_P(ZEND_THIS));
	if (!b) RETURN_THROWS();
	b->lease[0] = '\0';
	if (!calcom_ext_forget(b->breaker.store, b->breaker.key, true)) RETURN_THROWS();
}

void calcom_circuit_breaker_minit(void)
{
	calcom_ce_circuit_breaker->create_object = breaker_create;
	memcpy(&circuit_breaker_handlers, zend_get_std_object_handlers(), sizeof circuit_breaker_handlers);
	circuit_breaker_handlers.offset = XtOffsetOf(calcom_circuit_breaker_object, std);
	circuit_breaker_handlers.free_obj = breaker_free;
	circuit_breaker_handlers.clone_obj = NULL;
}
