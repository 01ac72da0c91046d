/*
 * Calcom\RequestQueue: jobs in Redis (src/queue) run by work() through a
 * Client, so its limiter (at each job's priority), breakers, retries and
 * metrics apply.
 *
 * A worker leases a batch of up to `concurrency` jobs, runs the bookings
 * one by one through the Client's booking methods (with an idempotency key
 * unique to the job, so a job run again after a lost lease cannot book
 * twice) and the GETs together in one curl-multi batch, stores every
 * outcome in one round trip, then POSTs the finished jobs' results to their
 * callbacks in parallel (a delivery its worker never confirmed is handed
 * out again by a later claim). What a job's outcome means for it:
 *   - an answer: done, with the response's data;
 *   - throttled (our limiter or Cal.com's 429) or a breaker open: not an
 *     attempt; back in line, at its place, after the retry-after;
 *   - a timeout, a network failure, a 5xx, Redis failing: an attempt; back
 *     after retry_delay x 2^(attempts - 1), or failed after max_attempts;
 *   - any other 4xx, or input the Client refuses: failed at once.
 */
#include <math.h>
#include <time.h>

#include "php.h"
#include "zend_exceptions.h"
#include "zend_smart_str.h"
#include "ext/json/php_json.h"
#include "ext/standard/url.h"

#include "php_calcom.h"
#include "calcom_ext.h"
#include "../src/lib/clock.h"
#include "../src/lib/sha1.h"
#include "../src/queue/queue.h"

#define MAX_CONCURRENCY 64
#define MAX_PATH 512
#define MAX_CALLBACK_URL 2048
#define MAX_WAIT 3600.0
/* An idle worker looks again at least this often (due retries, signals). */
#define IDLE_WAIT 1.0

typedef struct {
	zend_object *store;    /* NULL until constructed */
	zend_object *client;
	zend_string *name, *base;
	calcom_queue *q;
	calcom_queue_config cfg;
	int concurrency;
	double retry_delay;
	double callback_timeout;
	int callback_attempts;
	zend_object std;
} calcom_request_queue_object;

static zend_object_handlers request_queue_handlers;

static inline calcom_request_queue_object *queue_from_obj(zend_object *obj)
{
	return (calcom_request_queue_object *)((char *)obj - XtOffsetOf(calcom_request_queue_object, std));
}

static zend_object *queue_create(zend_class_entry *ce)
{
	calcom_request_queue_object *o = zend_object_alloc(sizeof(calcom_request_queue_object), ce);
	zend_object_std_init(&o->std, ce);
	object_properties_init(&o->std, ce);
	o->std.handlers = &request_queue_handlers;
	return &o->std;
}

static void queue_free(zend_object *obj)
{
	calcom_request_queue_object *o = queue_from_obj(obj);
	calcom_queue_free(o->q);
	if (o->store) OBJ_RELEASE(o->store);
	if (o->client) OBJ_RELEASE(o->client);
	if (o->name) zend_string_release(o->name);
	if (o->base) zend_string_release(o->base);
	zend_object_std_dtor(obj);
}

static HashTable *queue_get_gc(zend_object *obj, zval **table, int *n)
{
	calcom_request_queue_object *o = queue_from_obj(obj);
	zend_get_gc_buffer *buf = zend_get_gc_buffer_create();
	if (o->store) zend_get_gc_buffer_add_obj(buf, o->store);
	if (o->client) zend_get_gc_buffer_add_obj(buf, o->client);
	zend_get_gc_buffer_use(buf, table, n);
	return zend_std_get_properties(obj);
}

static calcom_request_queue_object *queue_checked(zval *this_zv)
{
	calcom_request_queue_object *o = queue_from_obj(Z_OBJ_P(this_zv));
	if (!o->store) {
		zend_throw_error(NULL, "Calcom\\RequestQueue object is not initialized");
		return NULL;
	}
	return o;
}

bool calcom_request_queue_watch(zend_object *queue, zend_object *metrics)
{
	calcom_request_queue_object *o = queue_from_obj(queue);
	if (!o->store) {
		zend_throw_error(NULL, "Calcom\\RequestQueue object is not initialized");
		return false;
	}
	calcom_metrics_watch_queue(metrics, o->store, o->name, o->base);
	return true;
}

static bool parse_options(calcom_request_queue_object *o, HashTable *options, zend_string **name)
{
	zend_string *key;
	zval *v;
	ZEND_HASH_FOREACH_STR_KEY_VAL(options, key, v) {
		ZVAL_DEREF(v);
		if (!key) {
			zend_argument_value_error(3, "must be an array with string keys");
			return false;
		}
		const char *k = ZSTR_VAL(key);
		zend_long n;
		if (zend_string_equals_literal(key, "name")) {
			if (Z_TYPE_P(v) != IS_STRING) {
				zend_argument_type_error(3, "option \"name\" must be of type string, %s given", zend_zval_type_name(v));
				return false;
			}
			if (!calcom_component_name_check(Z_STR_P(v), 3, "name")) return false;
			*name = Z_STR_P(v);
		} else if (zend_string_equals_literal(key, "concurrency")) {
			if (!calcom_option_int(v, 3, k, 1, MAX_CONCURRENCY, &n)) return false;
			o->concurrency = (int)n;
		} else if (zend_string_equals_literal(key, "max_attempts")) {
			if (!calcom_option_int(v, 3, k, 1, 100, &n)) return false;
			o->cfg.max_attempts = (int)n;
		} else if (zend_string_equals_literal(key, "callback_attempts")) {
			if (!calcom_option_int(v, 3, k, 1, 10, &n)) return false;
			o->callback_attempts = (int)n;
		} else if (zend_string_equals_literal(key, "aging")) {
			if (!calcom_option_number(v, 3, k, 0.0, 86400.0, &o->cfg.aging_s)) return false;
		} else if (zend_string_equals_literal(key, "visibility_timeout")) {
			if (!calcom_option_number(v, 3, k, 0.01, 86400.0, &o->cfg.visibility_s)) return false;
		} else if (zend_string_equals_literal(key, "retry_delay")) {
			if (!calcom_option_number(v, 3, k, 0.0, 3600.0, &o->retry_delay)) return false;
		} else if (zend_string_equals_literal(key, "result_ttl")) {
			if (!calcom_option_number(v, 3, k, 1.0, 30 * 86400.0, &o->cfg.result_ttl_s)) return false;
		} else if (zend_string_equals_literal(key, "job_ttl")) {
			if (!calcom_option_number(v, 3, k, 1.0, 30 * 86400.0, &o->cfg.job_ttl_s)) return false;
		} else if (zend_string_equals_literal(key, "callback_timeout")) {
			if (!calcom_option_number(v, 3, k, 0.01, 60.0, &o->callback_timeout)) return false;
		} else {
			zend_argument_value_error(3, "contains unknown option \"%s\" (expected name, concurrency, aging, "
				"max_attempts, visibility_timeout, retry_delay, result_ttl, job_ttl, callback_timeout or "
				"callback_attempts)", k);
			return false;
		}
	} ZEND_HASH_FOREACH_END();
	const char *problem = calcom_queue_config_check(&o->cfg);
	if (problem) {
		zend_argument_value_error(3, "%s", problem);
		return false;
	}
	return true;
}

ZEND_METHOD(Calcom_RequestQueue, __construct)
{
	zend_object *store, *client;
	HashTable *options = NULL;

	ZEND_PARSE_PARAMETERS_START(2, 3)
		Z_PARAM_OBJ_OF_CLASS(store, calcom_ce_store)
		Z_PARAM_OBJ_OF_CLASS(client, calcom_ce_client)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	calcom_request_queue_object *o = queue_from_obj(Z_OBJ_P(ZEND_THIS));
	if (o->store) {
		zend_throw_error(NULL, "Calcom\\RequestQueue is already constructed");
		RETURN_THROWS();
	}
	zend_string *prefix;
	bool fail_closed;
	if (!calcom_store_connection(store, &prefix, &fail_closed)) RETURN_THROWS();
	calcom_queue_config_default(&o->cfg);
	o->concurrency = 8;
	o->retry_delay = 1.0;
	o->callback_timeout = 5.0;
	o->callback_attempts = 3;
	zend_string *name = NULL;
	if (options && !parse_options(o, options, &name)) RETURN_THROWS();
	o->name = name ? zend_string_copy(name) : zend_string_init(ZEND_STRL("default"), 0);
	o->base = strpprintf(0, "%squeue:{%s}:", ZSTR_VAL(prefix), ZSTR_VAL(o->name));
	o->q = calcom_queue_new(ZSTR_VAL(o->base), ZSTR_LEN(o->base));
	if (!o->q) {
		zend_throw_error(NULL, "Calcom\\RequestQueue: out of memory");
		RETURN_THROWS();
	}
	o->store = store;
	GC_ADDREF(store);
	o->client = client;
	GC_ADDREF(client);
	zend_object *metrics = calcom_client_metrics(client);
	if (metrics) calcom_metrics_watch_queue(metrics, store, o->name, o->base);
}

/* The queue's connection; NULL with an exception thrown. Every queue
 * operation needs Redis, whatever on_failure says: a job that cannot be
 * stored must not look queued. */
static calcom_redis *connection(calcom_request_queue_object *o)
{
	zend_string *prefix;
	bool fail_closed;
	return calcom_store_connection(o->store, &prefix, &fail_closed);
}

static bool redis_failed(const calcom_err *err)
{
	if (err->code == CALCOM_E_INVALID) {
		zend_value_error("%s", err->msg);
	} else {
		calcom_throw_store_error(err);
	}
	return false;
}

/* ---- enqueue ------------------------------------------------------------------ */

static bool path_chars_valid(zend_string *path)
{
	const char *p = ZSTR_VAL(path);
	size_t n = ZSTR_LEN(path);
	if (n < 2 || n > MAX_PATH || p[0] != '/' || strstr(p, "//") || strstr(p, "..") || p[n - 1] == '/') return false;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '-' ||
			c == '_' || c == '.')) {
			return false;
		}
	}
	return true;
}

/* "/prefix" itself or below it. */
static bool path_under(zend_string *path, const char *prefix)
{
	size_t n = strlen(prefix);
	return ZSTR_LEN(path) >= n && memcmp(ZSTR_VAL(path), prefix, n) == 0 &&
		(ZSTR_LEN(path) == n || ZSTR_VAL(path)[n] == '/');
}

/* The booking uid in "/bookings/{uid}/<action>", or false. */
static bool booking_action(zend_string *path, const char *action, const char **uid, size_t *uid_len)
{
	const char *p = ZSTR_VAL(path);
	size_t n = ZSTR_LEN(path), alen = strlen(action);
	if (n <= 10 + 1 + alen || memcmp(p, "/bookings/", 10) != 0) return false;
	if (p[n - alen - 1] != '/' || memcmp(p + n - alen, action, alen) != 0) return false;
	*uid = p + 10;
	*uid_len = n - 10 - alen - 1;
	return *uid_len > 0 && !memchr(*uid, '/', *uid_len);
}

static bool post_path_valid(zend_string *path)
{
	const char *uid;
	size_t len;
	return zend_string_equals_literal(path, "/bookings") || booking_action(path, "reschedule", &uid, &len) ||
		booking_action(path, "cancel", &uid, &len);
}

static bool callback_valid(zend_string *url)
{
	if (ZSTR_LEN(url) > MAX_CALLBACK_URL) return false;
	if (!zend_string_starts_with_literal(url, "https://") && !zend_string_starts_with_literal(url, "http://")) {
		return false;
	}
	for (size_t i = 0; i < ZSTR_LEN(url); i++) {
		unsigned char c = (unsigned char)ZSTR_VAL(url)[i];
		if (c <= 0x20 || c >= 0x7f) return false;
	}
	php_url *parts = php_url_parse_ex(ZSTR_VAL(url), ZSTR_LEN(url));
	bool host = parts && parts->host && ZSTR_LEN(parts->host) > 0;
	if (parts) php_url_free(parts);
	return host;
}

#define ENQUEUE_PARAMS "Calcom\\RequestQueue::enqueue(): Argument #3 ($params)"

/* A booking job runs as the Client's createBooking(), rescheduleBooking()
 * or cancelBooking() on its params as they come back from the queue (the
 * JSON decoded): check them in that form now, so that a job which can only
 * fail is never queued and its caller hears why at once. False with the
 * error thrown. */
static bool post_params_valid(calcom_request_queue_object *o, zend_string *path, zend_string *json)
{
	zval body;
	if (php_json_decode_ex(&body, ZSTR_VAL(json), ZSTR_LEN(json), PHP_JSON_OBJECT_AS_ARRAY, 512) != SUCCESS ||
	    Z_TYPE(body) != IS_ARRAY) {
		if (!EG(exception)) zend_argument_value_error(3, "must be a JSON object the queue can read back");
		zval_ptr_dtor(&body);
		return false;
	}
	const char *uid;
	size_t uid_len;
	bool ok = true;
	if (zend_string_equals_literal(path, "/bookings")) {
		ok = calcom_client_check_booking(o->client, Z_ARRVAL(body), ENQUEUE_PARAMS);
	} else if (booking_action(path, "reschedule", &uid, &uid_len)) {
		ok = calcom_client_check_reschedule(o->client, Z_ARRVAL(body), 3, ENQUEUE_PARAMS);
	} else {
		zend_string *key;
		zval *v;
		ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL(body), key, v) {
			if (!key || !zend_string_equals_literal(key, "cancellationReason")) {
				zend_argument_value_error(3, "has unknown key \"%s\" for a cancellation (expected cancellationReason)",
					key ? ZSTR_VAL(key) : "(int)");
				ok = false;
				break;
			}
			if (Z_TYPE_P(v) != IS_STRING && Z_TYPE_P(v) != IS_NULL) {
				zend_argument_value_error(3, "\"cancellationReason\" must be a string or null");
				ok = false;
				break;
			}
		} ZEND_HASH_FOREACH_END();
	}
	zval_ptr_dtor(&body);
	return ok;
}

ZEND_METHOD(Calcom_RequestQueue, enqueue)
{
	zend_string *method, *path, *callback = NULL;
	zval *params_zv = NULL;
	zend_long priority = CALCOM_PRIORITY_NORMAL;

	ZEND_PARSE_PARAMETERS_START(2, 5)
		Z_PARAM_STR(method)
		Z_PARAM_STR(path)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY(params_zv)
		Z_PARAM_LONG(priority)
		Z_PARAM_STR_OR_NULL(callback)
	ZEND_PARSE_PARAMETERS_END();

	calcom_request_queue_object *o = queue_checked(ZEND_THIS);
	if (!o) RETURN_THROWS();
	bool get = zend_string_equals_literal_ci(method, "GET");
	if (!get && !zend_string_equals_literal_ci(method, "POST")) {
		zend_argument_value_error(1, "must be \"GET\" or \"POST\"");
		RETURN_THROWS();
	}
	if (!path_chars_valid(path)) {
		zend_argument_value_error(2, "must be a path below the base URL such as \"/slots\" (letters, digits, "
			"\"/\", \"-\", \"_\", \".\"; no query)");
		RETURN_THROWS();
	}
	if (get && !path_under(path, "/slots") && !path_under(path, "/bookings") && !path_under(path, "/event-types")) {
		zend_argument_value_error(2, "must be below /slots, /bookings or /event-types for GET");
		RETURN_THROWS();
	}
	if (!get && !post_path_valid(path)) {
		zend_argument_value_error(2, "must be /bookings, /bookings/{uid}/reschedule or /bookings/{uid}/cancel "
			"for POST");
		RETURN_THROWS();
	}
	/* The zval, not its HashTable: a literal array is immutable, and the
	 * JSON encoder must know that before it marks it against recursion. */
	HashTable *params = params_zv ? Z_ARRVAL_P(params_zv) : NULL;
	zval *v;
	zend_string *key;
	if (get && params) {
		ZEND_HASH_FOREACH_STR_KEY_VAL(params, key, v) {
			ZVAL_DEREF(v);
			if (!key || !(Z_TYPE_P(v) == IS_STRING || Z_TYPE_P(v) == IS_LONG || Z_TYPE_P(v) == IS_DOUBLE ||
				Z_TYPE_P(v) == IS_TRUE || Z_TYPE_P(v) == IS_FALSE)) {
				zend_argument_value_error(3, "must map query parameter names to scalars for GET");
				RETURN_THROWS();
			}
		} ZEND_HASH_FOREACH_END();
	}
	if (priority < CALCOM_PRIORITY_CRITICAL || priority > CALCOM_PRIORITY_LOW) {
		zend_argument_value_error(4, "must be one of the RateLimiter::PRIORITY_* constants (1 to 4)");
		RETURN_THROWS();
	}
	if (callback && !callback_valid(callback)) {
		zend_argument_value_error(5, "must be an http:// or https:// URL with a host, of printable ASCII, at most %d bytes",
			MAX_CALLBACK_URL);
		RETURN_THROWS();
	}
	zval pz;
	if (params_zv) {
		ZVAL_COPY_VALUE(&pz, params_zv);
	} else {
		ZVAL_EMPTY_ARRAY(&pz);
	}
	smart_str json = {0};
	/* An object even when empty or a list: a body or a query is a map. */
	if (php_json_encode(&json, &pz, PHP_JSON_UNESCAPED_SLASHES | PHP_JSON_UNESCAPED_UNICODE |
		PHP_JSON_PRESERVE_ZERO_FRACTION | PHP_JSON_FORCE_OBJECT) != SUCCESS || JSON_G(error_code) != PHP_JSON_ERROR_NONE) {
		smart_str_free(&json);
		zend_argument_value_error(3, "must be encodable as JSON (valid UTF-8, no resources, no recursion)");
		RETURN_THROWS();
	}
	smart_str_0(&json);
	zval *start = !get && params ? zend_hash_str_find_deref(params, ZEND_STRL("start")) : NULL;
	if (start && Z_TYPE_P(start) == IS_OBJECT) {
		/* A DateTimeInterface becomes {"date": …} in the queue's JSON, which
		 * the booking methods cannot read when the job runs. */
		smart_str_free(&json);
		zend_argument_value_error(3, "\"start\" must be an RFC 3339 string for a queued job, not an object");
		RETURN_THROWS();
	}
	if (!get && !post_params_valid(o, path, json.s)) {
		smart_str_free(&json);
		RETURN_THROWS();
	}
	char upper[5];
	memcpy(upper, get ? "GET" : "POST", get ? 4 : 5);
	calcom_queue_spec spec = {
		.method = upper, .method_len = strlen(upper),
		.path = ZSTR_VAL(path), .path_len = ZSTR_LEN(path),
		.params = ZSTR_VAL(json.s), .params_len = ZSTR_LEN(json.s),
		.callback = callback ? ZSTR_VAL(callback) : NULL, .callback_len = callback ? ZSTR_LEN(callback) : 0,
		.priority = (int)priority,
	};
	calcom_redis *r = connection(o);
	char id[CALCOM_QUEUE_ID_LEN + 1];
	calcom_err err;
	bool ok = r && calcom_queue_enqueue(r, o->q, &o->cfg, &spec, id, &err);
	smart_str_free(&json);
	if (!ok) {
		if (r) redis_failed(&err);
		RETURN_THROWS();
	}
	RETURN_STRINGL(id, CALCOM_QUEUE_ID_LEN);
}

/* ---- looking at jobs ------------------------------------------------------------ */

static bool id_valid(zend_string *id, uint32_t arg)
{
	bool ok = ZSTR_LEN(id) == CALCOM_QUEUE_ID_LEN;
	for (size_t i = 0; ok && i < ZSTR_LEN(id); i++) {
		char c = ZSTR_VAL(id)[i];
		ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
	}
	if (!ok) zend_argument_value_error(arg, "must be a job id (16 hex digits, as enqueue() returns)");
	return ok;
}

/* The job's status; false with an exception thrown. */
static bool job_status(calcom_request_queue_object *o, zend_string *id, calcom_queue_status *st)
{
	calcom_redis *r = connection(o);
	if (!r) return false;
	calcom_err err;
	if (!calcom_queue_status_get(r, o->q, ZSTR_VAL(id), st, &err)) return redis_failed(&err);
	return true;
}

ZEND_METHOD(Calcom_RequestQueue, depth)
{
	zend_long priority = 0;
	bool all = true;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG_OR_NULL(priority, all)
	ZEND_PARSE_PARAMETERS_END();

	calcom_request_queue_object *o = queue_checked(ZEND_THIS);
	if (!o) RETURN_THROWS();
	if (!all && (priority < CALCOM_PRIORITY_CRITICAL || priority > CALCOM_PRIORITY_LOW)) {
		zend_argument_value_error(1, "must be one of the RateLimiter::PRIORITY_* constants (1 to 4) or null");
		RETURN_THROWS();
	}
	calcom_redis *r = connection(o);
	if (!r) RETURN_THROWS();
	calcom_queue_depths d;
	calcom_err err;
	if (!calcom_queue_depths_get(r, o->q, &d, &err)) {
		redis_failed(&err);
		RETURN_THROWS();
	}
	if (!all) RETURN_LONG(d.ready[priority]);
	RETURN_LONG(d.ready[1] + d.ready[2] + d.ready[3] + d.ready[4] + d.delayed);
}

/* How many jobs go before job id (argument 1); -1 when it is not waiting
 * in line. False with an exception thrown. */
static bool line_position(zval *this_zv, zend_string *id, calcom_request_queue_object **out, long *position)
{
	calcom_request_queue_object *o = *out = queue_checked(this_zv);
	if (!o || !id_valid(id, 1)) return false;
	calcom_queue_status st;
	if (!job_status(o, id, &st)) return false;
	*position = st.state == CALCOM_QUEUE_QUEUED ? st.position : -1;
	calcom_queue_status_free(&st);
	return true;
}

ZEND_METHOD(Calcom_RequestQueue, position)
{
	zend_string *id;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(id)
	ZEND_PARSE_PARAMETERS_END();

	calcom_request_queue_object *o;
	long position;
	if (!line_position(ZEND_THIS, id, &o, &position)) RETURN_THROWS();
	if (position < 0) RETURN_NULL();
	RETURN_LONG(position);
}

ZEND_METHOD(Calcom_RequestQueue, estimatedWait)
{
	zend_string *id;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(id)
	ZEND_PARSE_PARAMETERS_END();

	calcom_request_queue_object *o;
	long position;
	if (!line_position(ZEND_THIS, id, &o, &position)) RETURN_THROWS();
	if (position < 0) RETURN_NULL();
	/* The jobs ahead and this one each take a token: those the bucket has
	 * go at once, the rest at the limiter's current rate. Without a
	 * limiter, Cal.com's own 120 per minute. */
	double per_minute = 120.0, tokens = 0.0, paused = 0.0;
	zend_object *limiter = calcom_client_limiter(o->client);
	if (limiter) {
		const calcom_ext_bucket *b = calcom_rate_limiter_bucket(limiter);
		calcom_limiter_view view;
		calcom_source source;
		if (!b || !calcom_ext_peek(b, &view, &source)) RETURN_THROWS();
		per_minute = view.limit;
		tokens = view.tokens;
		paused = view.paused_for;
	}
	double needed = fmax(0.0, (double)position + 1.0 - floor(tokens));
	RETURN_DOUBLE(paused + needed * 60.0 / per_minute);
}

static void add_time(zval *h, const char *key, double t)
{
	if (t > 0.0) {
		add_assoc_double(h, key, t);
	} else {
		add_assoc_null(h, key);
	}
}

/* Decodes JSON text into out; NULL on anything unreadable. */
static void json_value(const char *text, size_t len, zval *out)
{
	if (!text || php_json_decode_ex(out, text, len, PHP_JSON_OBJECT_AS_ARRAY, 512) != SUCCESS) ZVAL_NULL(out);
}

ZEND_METHOD(Calcom_RequestQueue, status)
{
	zend_string *id;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(id)
	ZEND_PARSE_PARAMETERS_END();

	calcom_request_queue_object *o = queue_checked(ZEND_THIS);
	if (!o || !id_valid(id, 1)) RETURN_THROWS();
	calcom_queue_status st;
	if (!job_status(o, id, &st)) RETURN_THROWS();
	if (st.state == CALCOM_QUEUE_UNKNOWN) {
		calcom_queue_status_free(&st);
		RETURN_NULL();
	}
	array_init(return_value);
	add_assoc_str(return_value, "id", zend_string_copy(id));
	add_assoc_string(return_value, "status", calcom_queue_state_name(st.state));
	add_assoc_long(return_value, "priority", st.priority);
	add_assoc_long(return_value, "attempts", st.attempts);
	add_time(return_value, "enqueued_at", st.enqueued_at);
	add_time(return_value, "started_at", st.started_at);
	add_time(return_value, "finished_at", st.finished_at);
	if (st.state == CALCOM_QUEUE_QUEUED) {
		add_assoc_long(return_value, "position", st.position);
	} else {
		add_assoc_null(return_value, "position");
	}
	zval last;
	json_value(st.last_error, st.last_error_len, &last);
	add_assoc_zval(return_value, "last_error", &last);
	if (st.callback == CALCOM_CALLBACK_NONE) {
		add_assoc_null(return_value, "callback");
	} else {
		add_assoc_string(return_value, "callback", calcom_callback_state_name(st.callback));
	}
	calcom_queue_status_free(&st);
}

ZEND_METHOD(Calcom_RequestQueue, result)
{
	zend_string *id;
	double wait = 0.0;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_STR(id)
		Z_PARAM_OPTIONAL
		Z_PARAM_DOUBLE(wait)
	ZEND_PARSE_PARAMETERS_END();

	calcom_request_queue_object *o = queue_checked(ZEND_THIS);
	if (!o || !id_valid(id, 1)) RETURN_THROWS();
	if (!(wait >= 0.0 && wait <= MAX_WAIT)) {
		zend_argument_value_error(2, "must be between 0 and %g seconds", MAX_WAIT);
		RETURN_THROWS();
	}
	calcom_queue_status st;
	if (!job_status(o, id, &st)) RETURN_THROWS();
	if (st.state != CALCOM_QUEUE_DONE && st.state != CALCOM_QUEUE_FAILED && st.state != CALCOM_QUEUE_UNKNOWN &&
		wait > 0.0) {
		calcom_queue_status_free(&st);
		bool fail_closed, done;
		calcom_redis *r = calcom_store_blocking_connection(o->store, wait, &fail_closed);
		calcom_err err;
		if (!r) RETURN_THROWS();
		if (!calcom_queue_await(r, o->q, ZSTR_VAL(id), wait, &done, &err)) {
			redis_failed(&err);
			RETURN_THROWS();
		}
		if (!job_status(o, id, &st)) RETURN_THROWS();
	}
	if (st.state == CALCOM_QUEUE_DONE || st.state == CALCOM_QUEUE_FAILED) {
		json_value(st.payload, st.payload_len, return_value);
	} else {
		ZVAL_NULL(return_value);
	}
	calcom_queue_status_free(&st);
}

/* ---- the worker ------------------------------------------------------------------- */

/* What one job ended with, before it is stored. */
typedef struct {
	calcom_queue_outcome_kind kind;
	double delay_s;
	zend_string *payload;
} job_end;

static void utc_now(char out[32])
{
	double ms = calcom_wall_ms();
	time_t s = (time_t)(ms / 1000.0);
	struct tm tm;
	gmtime_r(&s, &tm);
	size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + n, 32 - n, ".%03dZ", (int)fmod(ms, 1000.0));
}

/* The stored result: what result() returns and the callback receives. */
static zend_string *payload(const calcom_queue_job *job, bool done, zval *result, zval *error)
{
	char at[32];
	utc_now(at);
	zval doc;
	array_init(&doc);
	add_assoc_stringl(&doc, "request_id", job->id, CALCOM_QUEUE_ID_LEN);
	add_assoc_string(&doc, "status", done ? "done" : "failed");
	if (result) {
		Z_TRY_ADDREF_P(result);
		add_assoc_zval(&doc, "result", result);
	} else {
		add_assoc_null(&doc, "result");
	}
	if (error) {
		Z_TRY_ADDREF_P(error);
		add_assoc_zval(&doc, "error", error);
	} else {
		add_assoc_null(&doc, "error");
	}
	add_assoc_long(&doc, "attempts", job->attempts);
	add_assoc_string(&doc, "processed_at", at);
	smart_str s = {0};
	if (php_json_encode(&s, &doc, PHP_JSON_UNESCAPED_SLASHES | PHP_JSON_UNESCAPED_UNICODE |
		PHP_JSON_PRESERVE_ZERO_FRACTION | PHP_JSON_PARTIAL_OUTPUT_ON_ERROR) != SUCCESS) {
		smart_str_free(&s);
		smart_str_appends(&s, "{}");
	}
	zval_ptr_dtor(&doc);
	smart_str_0(&s);
	return smart_str_extract(&s);
}

static zval *exception_property(zend_object *e, const char *name, zval *rv)
{
	return zend_read_property(e->ce, e, name, strlen(name), 1, rv);
}

/* The error a job records: type, message, status and (for Cal.com's
 * answers) the user message. */
static void error_of(zend_object *e, const char *type, zval *out)
{
	zval rv;
	array_init(out);
	add_assoc_string(out, "type", type);
	zval *message = zend_read_property_ex(zend_get_exception_base(e), e, ZSTR_KNOWN(ZEND_STR_MESSAGE), 1, &rv);
	if (message && Z_TYPE_P(message) == IS_STRING) {
		add_assoc_str(out, "message", zend_string_copy(Z_STR_P(message)));
	} else {
		add_assoc_string(out, "message", ZSTR_VAL(e->ce->name));
	}
	add_assoc_str(out, "class", zend_string_copy(e->ce->name));
	zval *status = instanceof_function(e->ce, calcom_ce_api_exception) ? exception_property(e, "statusCode", &rv)
		: NULL;
	if (status && Z_TYPE_P(status) == IS_LONG) {
		add_assoc_long(out, "status", Z_LVAL_P(status));
	} else {
		add_assoc_null(out, "status");
	}
}

static zend_string *error_json(zval *error)
{
	smart_str s = {0};
	php_json_encode(&s, error, PHP_JSON_UNESCAPED_SLASHES | PHP_JSON_UNESCAPED_UNICODE |
		PHP_JSON_PARTIAL_OUTPUT_ON_ERROR);
	smart_str_0(&s);
	return s.s ? smart_str_extract(&s) : zend_string_init(ZEND_STRL("{}"), 0);
}

/* Decides what an outcome means for its job (see the top of the file). */
static void job_outcome(calcom_request_queue_object *o, const calcom_queue_job *job, zval *outcome, job_end *end)
{
	memset(end, 0, sizeof *end);
	if (Z_TYPE_P(outcome) != IS_OBJECT) {
		end->kind = CALCOM_QUEUE_OUTCOME_DONE;
		end->payload = payload(job, true, outcome, NULL);
		return;
	}
	zend_object *e = Z_OBJ_P(outcome);
	zval rv, error;
	const char *type;
	bool transient = false, throttled = false;
	if (instanceof_function(e->ce, calcom_ce_rate_limit_exception)) {
		type = "rate_limited";
		throttled = true;
	} else if (instanceof_function(e->ce, calcom_ce_circuit_open_exception)) {
		type = "circuit_open";
		throttled = true;
	} else if (instanceof_function(e->ce, calcom_ce_timeout_exception)) {
		type = "timeout";
		transient = true;
	} else if (instanceof_function(e->ce, calcom_ce_store_exception)) {
		type = "store";
		transient = true;
	} else if (instanceof_function(e->ce, calcom_ce_api_exception)) {
		zval *status = exception_property(e, "statusCode", &rv);
		zend_long code = status && Z_TYPE_P(status) == IS_LONG ? Z_LVAL_P(status) : 0;
		type = code ? "api" : "network";
		transient = code == 0 || code >= 500;
	} else {
		type = "invalid";
	}
	if (throttled) {
		zval *after = exception_property(e, "retryAfter", &rv);
		double s = after && Z_TYPE_P(after) == IS_DOUBLE ? Z_DVAL_P(after) : 0.0;
		end->kind = CALCOM_QUEUE_OUTCOME_RELEASE;
		end->delay_s = s > 0.0 ? fmin(fmax(s, 0.05), 300.0) : 1.0;
		return;
	}
	error_of(e, type, &error);
	if (transient && job->attempts < o->cfg.max_attempts) {
		end->kind = CALCOM_QUEUE_OUTCOME_RETRY;
		end->delay_s = fmin(o->retry_delay * pow(2.0, job->attempts - 1), 300.0);
		end->payload = error_json(&error);
	} else {
		end->kind = CALCOM_QUEUE_OUTCOME_FAILED;
		end->payload = payload(job, false, NULL, &error);
	}
	zval_ptr_dtor(&error);
}

/* "path?query" of a GET job; NULL (nothing thrown) for params that are
 * not a JSON object of scalars. */
static zend_string *get_target(const calcom_queue_job *job)
{
	zval params;
	json_value(job->params, job->params_len, &params);
	if (Z_TYPE(params) != IS_ARRAY) {
		zval_ptr_dtor(&params);
		return NULL;
	}
	smart_str s = {0};
	smart_str_appends(&s, job->path);
	char sep = '?';
	zend_string *key;
	zval *v;
	ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL(params), key, v) {
		if (!key) continue;
		zend_string *text = Z_TYPE_P(v) == IS_TRUE ? zend_string_init(ZEND_STRL("true"), 0)
			: Z_TYPE_P(v) == IS_FALSE ? zend_string_init(ZEND_STRL("false"), 0) : zval_try_get_string(v);
		if (!text) {
			zend_clear_exception();
			continue;
		}
		zend_string *k = php_raw_url_encode(ZSTR_VAL(key), ZSTR_LEN(key));
		zend_string *e = php_raw_url_encode(ZSTR_VAL(text), ZSTR_LEN(text));
		smart_str_appendc(&s, sep);
		smart_str_append(&s, k);
		smart_str_appendc(&s, '=');
		smart_str_append(&s, e);
		sep = '&';
		zend_string_release(k);
		zend_string_release(e);
		zend_string_release(text);
	} ZEND_HASH_FOREACH_END();
	zval_ptr_dtor(&params);
	smart_str_0(&s);
	return smart_str_extract(&s);
}

/* Calls client->$method(...args) and puts its return value, or the
 * exception it threw, in out. */
static void call_client(calcom_request_queue_object *o, const char *method, uint32_t argc, zval *args, zval *out)
{
	zend_function *fn = zend_hash_str_find_ptr(&o->client->ce->function_table, method, strlen(method));
	ZVAL_UNDEF(out);
	if (fn) zend_call_known_instance_method(fn, o->client, out, argc, args);
	if (EG(exception)) {
		zval_ptr_dtor(out);
		ZVAL_OBJ_COPY(out, EG(exception));
		zend_clear_exception();
	}
}

/* A POST job: the matching booking method of the Client. */
static void run_booking(calcom_request_queue_object *o, const calcom_queue_job *job, zval *out)
{
	zval body, args[2];
	json_value(job->params, job->params_len, &body);
	if (Z_TYPE(body) != IS_ARRAY) {
		zval_ptr_dtor(&body);
		array_init(&body);
	}
	zend_string *path = zend_string_init(job->path, strlen(job->path), 0);
	const char *uid;
	size_t uid_len;
	if (zend_string_equals_literal(path, "/bookings")) {
		ZVAL_COPY_VALUE(&args[0], &body);
		/* Unique to this job fleet-wide and for longer than the guard
		 * remembers bookings: ids restart in another queue, or once an
		 * idle queue's keys have expired; its enqueue time does not. */
		zend_string *unique = strpprintf(0, "%s%s@%.0f", ZSTR_VAL(o->base), job->id, job->enqueued_at * 1000.0);
		char digest[CALCOM_SHA1_HEX_LEN + 1];
		calcom_sha1_hex(ZSTR_VAL(unique), ZSTR_LEN(unique), digest);
		zend_string_release(unique);
		ZVAL_STR(&args[1], strpprintf(0, "queue-job:%s", digest));
		call_client(o, "createbooking", 2, args, out);
		zval_ptr_dtor(&args[1]);
	} else if (booking_action(path, "reschedule", &uid, &uid_len)) {
		ZVAL_STRINGL(&args[0], uid, uid_len);
		ZVAL_COPY_VALUE(&args[1], &body);
		call_client(o, "reschedulebooking", 2, args, out);
		zval_ptr_dtor(&args[0]);
	} else if (booking_action(path, "cancel", &uid, &uid_len)) {
		ZVAL_STRINGL(&args[0], uid, uid_len);
		zval *reason = zend_hash_str_find(Z_ARRVAL(body), ZEND_STRL("cancellationReason"));
		if (reason && Z_TYPE_P(reason) == IS_STRING) {
			ZVAL_COPY(&args[1], reason);
		} else {
			ZVAL_NULL(&args[1]);
		}
		call_client(o, "cancelbooking", 2, args, out);
		zval_ptr_dtor(&args[0]);
		zval_ptr_dtor(&args[1]);
	} else {
		zend_value_error("RequestQueue job %s: POST %s is not a booking path", job->id, job->path);
		ZVAL_OBJ_COPY(out, EG(exception));
		zend_clear_exception();
	}
	zend_string_release(path);
	zval_ptr_dtor(&body);
}

/* Runs the claimed jobs: bookings one by one, GETs in one batch. The
 * outcome of job i goes to outcomes[i]. False with an exception pending
 * when the gate's Redis failed under on_failure "closed". */
static bool run_jobs(calcom_request_queue_object *o, const calcom_queue_claim *claim, zval *outcomes)
{
	size_t n = claim->n;
	zend_string **targets = safe_emalloc(n, sizeof(zend_string *), 0);
	int *priorities = safe_emalloc(n, sizeof *priorities, 0);
	size_t *index = safe_emalloc(n, sizeof *index, 0);
	size_t ngets = 0;
	for (size_t i = 0; i < n; i++) {
		const calcom_queue_job *job = &claim->jobs[i];
		ZVAL_UNDEF(&outcomes[i]);
		if (job->exhausted || job->redeliver) continue;
		if (strcmp(job->method, "POST") == 0) {
			run_booking(o, job, &outcomes[i]);
			continue;
		}
		zend_string *target = get_target(job);
		if (!target) {
			zend_value_error("RequestQueue job %s: its query is not a JSON object", job->id);
			ZVAL_OBJ_COPY(&outcomes[i], EG(exception));
			zend_clear_exception();
			continue;
		}
		targets[ngets] = target;
		priorities[ngets] = job->priority;
		index[ngets++] = i;
	}
	bool ok = true;
	if (ngets) {
		zval *results = safe_emalloc(ngets, sizeof *results, 0);
		calcom_client_get_batch(o->client, targets, priorities, ngets, results);
		ok = !EG(exception);
		for (size_t j = 0; j < ngets; j++) {
			ZVAL_COPY_VALUE(&outcomes[index[j]], &results[j]);
			zend_string_release(targets[j]);
		}
		efree(results);
	}
	efree(targets);
	efree(priorities);
	efree(index);
	return ok;
}

/* Whether job i of the batch ended now (or long ago) and has a callback to hear it. */
static bool owes_callback(const calcom_queue_claim *claim, const job_end *ends, const bool *applied, size_t i)
{
	return applied[i] && claim->jobs[i].callback && ends[i].payload && (ends[i].kind == CALCOM_QUEUE_OUTCOME_DONE ||
		ends[i].kind == CALCOM_QUEUE_OUTCOME_FAILED);
}

/* POSTs finished jobs' payloads to their callbacks, all at once, and
 * records how each delivery ended. Never the API key: only the payload and
 * the job id go out. */
static void deliver_callbacks(calcom_request_queue_object *o, const calcom_queue_claim *claim, const job_end *ends,
	const bool *applied)
{
	size_t n = 0;
	for (size_t i = 0; i < claim->n; i++) n += owes_callback(claim, ends, applied, i);
	if (!n) return;
	calcom_http *h = calcom_worker_http();
	if (!h) {
		zend_clear_exception();
		return;
	}
	calcom_http_request *reqs = safe_emalloc(n, sizeof *reqs, 0);
	calcom_http_response *resps = safe_emalloc(n, sizeof *resps, 0);
	char (*id_headers)[64] = safe_emalloc(n, sizeof *id_headers, 0);
	const char **headers = safe_emalloc(n, 4 * sizeof *headers, 0);
	const char **ids = safe_emalloc(n, sizeof *ids, 0);
	calcom_callback_state *states = safe_emalloc(n, sizeof *states, 0);
	size_t k = 0;
	for (size_t i = 0; i < claim->n; i++) {
		const calcom_queue_job *job = &claim->jobs[i];
		if (!owes_callback(claim, ends, applied, i)) continue;
		snprintf(id_headers[k], sizeof id_headers[k], "X-Calcom-Request-Id: %s", job->id);
		const char **hs = &headers[4 * k];
		hs[0] = "Content-Type: application/json";
		hs[1] = "User-Agent: calcom/" PHP_CALCOM_VERSION;
		hs[2] = id_headers[k];
		hs[3] = "Expect:";
		reqs[k] = (calcom_http_request){
			.method = "POST", .url = job->callback, .headers = hs, .nheaders = 4,
			.body = ZSTR_VAL(ends[i].payload), .body_len = ZSTR_LEN(ends[i].payload),
			.connect_timeout = fmin(o->callback_timeout, 3.0), .timeout = o->callback_timeout,
			/* The receiver gets a delivery at least once: a retry is safe. */
			.idempotent = true,
			.retry = {.max_attempts = o->callback_attempts, .base_delay = 0.2, .max_delay = 2.0,
				.budget = o->callback_timeout * o->callback_attempts + 5.0},
		};
		ids[k] = job->id;
		k++;
	}
	calcom_http_perform(h, reqs, resps, n);
	for (size_t i = 0; i < n; i++) {
		states[i] = resps[i].status >= 200 && resps[i].status < 300 ? CALCOM_CALLBACK_DELIVERED
			: CALCOM_CALLBACK_FAILED;
		calcom_http_response_free(&resps[i]);
	}
	calcom_redis *r = connection(o);
	calcom_err err;
	if (!r || !calcom_queue_callback_result(r, o->q, ids, states, n, &err)) {
		/* The results are stored; only the delivery's record is missing. */
		zend_clear_exception();
	}
	efree(reqs);
	efree(resps);
	efree(id_headers);
	efree(headers);
	efree(ids);
	efree(states);
}

/* One claim, run and stored; false with an exception thrown. *finished
 * counts the jobs that ended, *pause the seconds to hold off (throttled or
 * idle). */
static bool work_batch(calcom_request_queue_object *o, const char *token, size_t want, double time_left,
	zend_long *finished, double *pause)
{
	*pause = 0.0;
	calcom_redis *r = connection(o);
	if (!r) return false;
	calcom_queue_claim claim;
	calcom_err err;
	if (!calcom_queue_claim_jobs(r, o->q, &o->cfg, want, token, &claim, &err)) return redis_failed(&err);
	if (claim.n == 0) {
		double idle = IDLE_WAIT;
		if (claim.next_due_s >= 0.0) idle = fmin(idle, fmax(claim.next_due_s, 0.001));
		if (time_left > 0.0) idle = fmin(idle, time_left);
		calcom_queue_claim_free(&claim);
		bool fail_closed;
		r = calcom_store_blocking_connection(o->store, idle, &fail_closed);
		if (!r) return false;
		if (!calcom_queue_idle(r, o->q, idle, &err)) return redis_failed(&err);
		return true;
	}
	zval *outcomes = safe_emalloc(claim.n, sizeof *outcomes, 0);
	job_end *ends = ecalloc(claim.n, sizeof *ends);
	bool ran = run_jobs(o, &claim, outcomes);
	for (size_t i = 0; i < claim.n; i++) {
		const calcom_queue_job *job = &claim.jobs[i];
		if (job->redeliver) {
			/* Finished long ago; only its callback is owed. */
			ends[i].kind = CALCOM_QUEUE_OUTCOME_DONE;
			ends[i].payload = zend_string_init(job->params, job->params_len, 0);
		} else if (job->exhausted) {
			zval error;
			array_init(&error);
			add_assoc_string(&error, "type", "lease_expired");
			add_assoc_string(&error, "message", "the lease of its last attempt ran out: the worker died or took "
				"longer than visibility_timeout");
			zval last;
			json_value(job->last_error, job->last_error_len, &last);
			add_assoc_zval(&error, "last_error", &last);
			ends[i].kind = CALCOM_QUEUE_OUTCOME_FAILED;
			ends[i].payload = payload(job, false, NULL, &error);
			zval_ptr_dtor(&error);
		} else if (Z_TYPE(outcomes[i]) == IS_UNDEF) {
			/* The gate's Redis failed before it ran: in line again, untried. */
			ends[i].kind = CALCOM_QUEUE_OUTCOME_RELEASE;
			ends[i].delay_s = 1.0;
		} else {
			job_outcome(o, job, &outcomes[i], &ends[i]);
		}
		zval_ptr_dtor(&outcomes[i]);
	}
	efree(outcomes);
	zend_object *pending = NULL;
	if (!ran) {
		pending = EG(exception);
		GC_ADDREF(pending);
		zend_clear_exception();
	}

	calcom_queue_outcome *stored = safe_emalloc(claim.n, sizeof *stored, 0);
	bool *applied = ecalloc(claim.n, sizeof *applied);
	for (size_t i = 0; i < claim.n; i++) {
		stored[i] = (calcom_queue_outcome){
			.id = claim.jobs[i].id, .kind = ends[i].kind, .delay_s = ends[i].delay_s,
			.payload = ends[i].payload ? ZSTR_VAL(ends[i].payload) : NULL,
			.payload_len = ends[i].payload ? ZSTR_LEN(ends[i].payload) : 0,
			.callback_pending = claim.jobs[i].callback != NULL,
		};
		if (ends[i].kind == CALCOM_QUEUE_OUTCOME_RELEASE) *pause = fmax(*pause, ends[i].delay_s);
	}
	r = connection(o);
	bool ok = r && calcom_queue_finish(r, o->q, &o->cfg, token, stored, claim.n, applied, &err);
	if (!ok && r) redis_failed(&err);
	if (ok) {
		for (size_t i = 0; i < claim.n; i++) {
			*finished += applied[i] && (ends[i].kind == CALCOM_QUEUE_OUTCOME_DONE ||
				ends[i].kind == CALCOM_QUEUE_OUTCOME_FAILED);
			/* Its finish did not apply (it is finished); its delivery does. */
			if (claim.jobs[i].redeliver) applied[i] = true;
		}
		deliver_callbacks(o, &claim, ends, applied);
	}
	for (size_t i = 0; i < claim.n; i++) {
		if (ends[i].payload) zend_string_release(ends[i].payload);
	}
	efree(stored);
	efree(applied);
	efree(ends);
	calcom_queue_claim_free(&claim);
	if (pending) {
		if (EG(exception)) {
			OBJ_RELEASE(pending);
		} else {
			zend_throw_exception_object(&(zval){.value.obj = pending, .u1.type_info = IS_OBJECT_EX});
		}
		return false;
	}
	return ok;
}

ZEND_METHOD(Calcom_RequestQueue, work)
{
	zend_long max_jobs = 0;
	double max_seconds = 0.0;

	ZEND_PARSE_PARAMETERS_START(0, 2)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(max_jobs)
		Z_PARAM_DOUBLE(max_seconds)
	ZEND_PARSE_PARAMETERS_END();

	calcom_request_queue_object *o = queue_checked(ZEND_THIS);
	if (!o) RETURN_THROWS();
	if (max_jobs < 0) {
		zend_argument_value_error(1, "must be 0 (no limit) or more");
		RETURN_THROWS();
	}
	if (!(max_seconds >= 0.0) || !isfinite(max_seconds)) {
		zend_argument_value_error(2, "must be 0 (no limit) or a finite number of seconds");
		RETURN_THROWS();
	}
	char token[CALCOM_QUEUE_TOKEN_LEN + 1];
	calcom_lease_id(token);
	double start = calcom_monotonic();
	zend_long finished = 0;
	zend_object *metrics = calcom_client_metrics(o->client);
	for (;;) {
		if (max_jobs > 0 && finished >= max_jobs) break;
		double left = 0.0;
		if (max_seconds > 0.0) {
			left = max_seconds - (calcom_monotonic() - start);
			if (left <= 0.0) break;
		}
		/* A signal PHP has yet to handle (pcntl_async_signals): stop
		 * between batches, so its handler runs with nothing in hand. */
		if (zend_atomic_bool_load_ex(&EG(vm_interrupt))) break;
		size_t want = (size_t)o->concurrency;
		if (max_jobs > 0 && (size_t)(max_jobs - finished) < want) want = (size_t)(max_jobs - finished);
		double pause;
		if (!work_batch(o, token, want, left, &finished, &pause)) RETURN_THROWS();
		if (metrics && !calcom_metrics_flush_now(metrics)) zend_clear_exception();
		if (pause > 0.0) {
			if (max_seconds > 0.0) pause = fmin(pause, fmax(max_seconds - (calcom_monotonic() - start), 0.0));
			calcom_sleep(fmin(pause, IDLE_WAIT));
		}
	}
	RETURN_LONG(finished);
}

void calcom_request_queue_minit(void)
{
	calcom_ce_request_queue->create_object = queue_create;
	memcpy(&request_queue_handlers, zend_get_std_object_handlers(), sizeof request_queue_handlers);
	request_queue_handlers.offset = XtOffsetOf(calcom_request_queue_object, std);
	request_queue_handlers.free_obj = queue_free;
	request_queue_handlers.get_gc = queue_get_gc;
	request_queue_handlers.clone_obj = NULL;
}
