/*
 * Calcom\Client: the Cal.com v2 API over the engine's curl-multi HTTP.
 *
 * The binding builds requests (URL, headers, validated arguments), hands
 * them to src/http in one batch, and turns answers into PHP values or the
 * exception that says what went wrong. Slot payloads go through the re2c
 * scanner in src/calcom; other JSON through ext/json.
 */
#include "php.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"
#include "zend_smart_str.h"
#include "ext/date/php_date.h"
#include "ext/json/php_json.h"
#include "ext/standard/url.h"

#include "php_calcom.h"
#include "calcom_ext.h"
#include "../src/calcom/avail.h"
#include "../src/calcom/booking_guard.h"
#include "../src/calcom/rfc3339.h"
#include "../src/calcom/slots.h"
#include "../src/http/http.h"
#include "../src/lib/civil.h"
#include "../src/lib/clock.h"
#include "../src/lib/sha1.h"
#include "../src/swr/swr.h"
#include "ext/random/php_random.h"

#define SLOTS_API_VERSION "2024-09-04"
#define EVENT_TYPES_API_VERSION "2024-06-14"
#define BOOKINGS_API_VERSION "2024-08-13"

/* A finished booking is remembered this long under its idempotency key. */
#define BOOKING_DONE_TTL 86400

typedef struct {
	zend_string *api_key;       /* NULL until constructed; never printed */
	zend_string *base_url;      /* without a trailing slash */
	zend_string *time_zone;
	double timeout;
	double connect_timeout;
	calcom_http_retry retry;
	calcom_lang lang;
	zend_object *store;         /* optional Calcom\Store: guards bookings fleet-wide */
	zend_object *limiter;       /* optional Calcom\RateLimiter */
	zend_object *breaker;       /* optional Calcom\CircuitBreaker: the template of the bulkheads */
	double limiter_wait;        /* seconds a request may wait for tokens */
	zend_object *cache;         /* optional Calcom\SwrCache: the availability cache */
	zend_object *metrics;       /* optional Calcom\Metrics: counts every request */
	zend_string *tenant;        /* the cache's default tenant; NULL: derived from the API key */
	double deadline;            /* monotonic s every wait and request must end by; 0: none (a finder's budget) */
	/* One breaker per endpoint group (bulkheads), named "<name>:<group>". */
	calcom_ext_breaker bulkheads[3];
	zend_string *bulkhead_names[3];
	zend_object std;
} calcom_client_object;

/* Endpoint groups: each has its own breaker and its priority at the limiter. */
enum { GROUP_SLOTS, GROUP_BOOKINGS, GROUP_EVENT_TYPES };
static const char *const group_names[] = {"slots", "bookings", "event_types"};
static const int group_priority[] = {CALCOM_PRIORITY_HIGH, CALCOM_PRIORITY_CRITICAL, CALCOM_PRIORITY_NORMAL};
static const char *const group_versions[] = {SLOTS_API_VERSION, BOOKINGS_API_VERSION, EVENT_TYPES_API_VERSION};

static zend_object_handlers client_handlers;

static zend_string *calcom_local_day_edge(const char *date, bool is_end, zend_string *zone);

static inline calcom_client_object *client_from_obj(zend_object *obj)
{
	return (calcom_client_object *)((char *)obj - XtOffsetOf(calcom_client_object, std));
}

static zend_object *client_create(zend_class_entry *ce)
{
	calcom_client_object *c = zend_object_alloc(sizeof(calcom_client_object), ce);
	zend_object_std_init(&c->std, ce);
	object_properties_init(&c->std, ce);
	c->std.handlers = &client_handlers;
	return &c->std;
}

static void client_free(zend_object *obj)
{
	calcom_client_object *c = client_from_obj(obj);
	if (c->api_key) {
		/* The key lived here; do not leave it in freed memory. */
		ZEND_SECURE_ZERO(ZSTR_VAL(c->api_key), ZSTR_LEN(c->api_key));
		zend_string_release(c->api_key);
	}
	if (c->base_url) zend_string_release(c->base_url);
	if (c->time_zone) zend_string_release(c->time_zone);
	if (c->store) OBJ_RELEASE(c->store);
	if (c->limiter) OBJ_RELEASE(c->limiter);
	if (c->breaker) OBJ_RELEASE(c->breaker);
	if (c->cache) OBJ_RELEASE(c->cache);
	if (c->metrics) OBJ_RELEASE(c->metrics);
	if (c->tenant) zend_string_release(c->tenant);
	for (int g = 0; g < 3; g++) {
		if (c->bulkheads[g].key) zend_string_release(c->bulkheads[g].key);
		if (c->bulkhead_names[g]) zend_string_release(c->bulkhead_names[g]);
	}
	zend_object_std_dtor(obj);
}

/* The worker's HTTP engine: created on first use, kept until the process
 * ends, so keep-alive connections and TLS sessions serve later requests. */
static calcom_http *worker_http(void)
{
	if (!CALCOM_G(http)) {
		CALCOM_G(http) = calcom_http_new((uint64_t)getpid() ^ (uint64_t)(zend_ulong)time(NULL));
		if (!CALCOM_G(http)) {
			zend_throw_error(NULL, "Calcom\\Client: cannot initialise libcurl");
		}
	}
	return CALCOM_G(http);
}

/* A tenant name that keeps cache keys intact. */
static bool tenant_valid(zend_string *tenant)
{
	return ZSTR_LEN(tenant) > 0 && ZSTR_LEN(tenant) <= 128 && !strpbrk(ZSTR_VAL(tenant), "{}") &&
		!memchr(ZSTR_VAL(tenant), '\0', ZSTR_LEN(tenant));
}

/* The tenant part of cache keys: the caller's name, the client's, or one
 * derived from the API key, so two keys never read each other's entries.
 * NULL with an Error thrown for a name that would break the key. */
static zend_string *tenant_name(calcom_client_object *c, zend_string *tenant, uint32_t arg_num)
{
	if (!tenant) tenant = c->tenant;
	if (!tenant) {
		char sha[CALCOM_SHA1_HEX_LEN + 1];
		calcom_sha1_hex(ZSTR_VAL(c->api_key), ZSTR_LEN(c->api_key), sha);
		return strpprintf(0, "key-%.16s", sha);
	}
	if (!tenant_valid(tenant)) {
		zend_argument_value_error(arg_num, "must be 1 to 128 bytes without \"{\", \"}\" or NUL bytes");
		return NULL;
	}
	return zend_string_copy(tenant);
}

/* ---- options ------------------------------------------------------------ */

static bool option_positive(zval *v, const char *name, double max, double *out)
{
	if (Z_TYPE_P(v) != IS_LONG && Z_TYPE_P(v) != IS_DOUBLE) {
		zend_argument_type_error(2, "option \"%s\" must be of type int|float, %s given", name, zend_zval_type_name(v));
		return false;
	}
	double d = zval_get_double(v);
	if (!(d > 0.0 && d <= max)) {
		zend_argument_value_error(2, "option \"%s\" must be greater than 0 and at most %g", name, max);
		return false;
	}
	*out = d;
	return true;
}

static bool option_string(zval *v, const char *name)
{
	if (Z_TYPE_P(v) != IS_STRING) {
		zend_argument_type_error(2, "option \"%s\" must be of type string, %s given", name, zend_zval_type_name(v));
		return false;
	}
	return true;
}

/* An http(s) URL with a host and nothing libcurl or a header line would read
 * differently from us: a NUL would cut the host ("http://127.0.0.1\0.evil"
 * is a different server to C than to PHP), spaces and line breaks would
 * split a request line, and an empty host lets curl guess one. */
static bool base_url_valid(const zend_string *url)
{
	size_t scheme;
	if (zend_string_starts_with_literal(url, "https://")) {
		scheme = sizeof("https://") - 1;
	} else if (zend_string_starts_with_literal(url, "http://")) {
		scheme = sizeof("http://") - 1;
	} else {
		return false;
	}
	for (size_t i = 0; i < ZSTR_LEN(url); i++) {
		unsigned char ch = (unsigned char)ZSTR_VAL(url)[i];
		if (ch < 0x21 || ch == 0x7f || ch == '?' || ch == '#') return false;
	}
	/* The host runs to the first "/"; userinfo ("user@") does not count as one. */
	const char *host = ZSTR_VAL(url) + scheme;
	const char *end = ZSTR_VAL(url) + ZSTR_LEN(url);
	const char *slash = memchr(host, '/', (size_t)(end - host));
	if (slash) end = slash;
	const char *at = zend_memrchr(host, '@', (size_t)(end - host));
	if (at) host = at + 1;
	return host < end && *host != ':';
}

static bool parse_client_options(calcom_client_object *c, HashTable *options)
{
	zend_string *key;
	zval *v;
	ZEND_HASH_FOREACH_STR_KEY_VAL(options, key, v) {
		ZVAL_DEREF(v);
		if (!key) {
			zend_argument_value_error(2, "must be an array with string keys");
			return false;
		}
		const char *k = ZSTR_VAL(key);
		if (zend_string_equals_literal(key, "base_url")) {
			if (!option_string(v, k)) return false;
			zend_string *url = Z_STR_P(v);
			if (!base_url_valid(url)) {
				zend_argument_value_error(2, "option \"base_url\" must be an http:// or https:// URL with a host, "
					"without query, fragment, spaces or control characters");
				return false;
			}
			size_t len = ZSTR_LEN(url);
			while (len > 0 && ZSTR_VAL(url)[len - 1] == '/') len--;
			zend_string_release(c->base_url);
			c->base_url = zend_string_init(ZSTR_VAL(url), len, 0);
		} else if (zend_string_equals_literal(key, "timeout")) {
			if (!option_positive(v, k, 600, &c->timeout)) return false;
		} else if (zend_string_equals_literal(key, "connect_timeout")) {
			if (!option_positive(v, k, 600, &c->connect_timeout)) return false;
		} else if (zend_string_equals_literal(key, "retries")) {
			if (Z_TYPE_P(v) != IS_LONG) {
				zend_argument_type_error(2, "option \"retries\" must be of type int, %s given", zend_zval_type_name(v));
				return false;
			}
			if (Z_LVAL_P(v) < 0 || Z_LVAL_P(v) > 10) {
				zend_argument_value_error(2, "option \"retries\" must be between 0 and 10");
				return false;
			}
			c->retry.max_attempts = (int)Z_LVAL_P(v) + 1;
		} else if (zend_string_equals_literal(key, "retry_delay")) {
			if (!option_positive(v, k, 60, &c->retry.base_delay)) return false;
		} else if (zend_string_equals_literal(key, "retry_max_delay")) {
			if (!option_positive(v, k, 600, &c->retry.max_delay)) return false;
		} else if (zend_string_equals_literal(key, "retry_budget")) {
			if (!option_positive(v, k, 3600, &c->retry.budget)) return false;
		} else if (zend_string_equals_literal(key, "time_zone")) {
			if (!option_string(v, k)) return false;
			if (!calcom_valid_time_zone(Z_STR_P(v))) {
				zend_argument_value_error(2, "option \"time_zone\" must be a known time zone identifier");
				return false;
			}
			zend_string_release(c->time_zone);
			c->time_zone = zend_string_copy(Z_STR_P(v));
		} else if (zend_string_equals_literal(key, "store")) {
			if (Z_TYPE_P(v) != IS_OBJECT || Z_OBJCE_P(v) != calcom_ce_store) {
				zend_argument_type_error(2, "option \"store\" must be of type Calcom\\Store, %s given",
					zend_zval_type_name(v));
				return false;
			}
			if (c->store) OBJ_RELEASE(c->store);
			c->store = Z_OBJ_P(v);
			GC_ADDREF(c->store);
		} else if (zend_string_equals_literal(key, "limiter") || zend_string_equals_literal(key, "breaker")) {
			bool limiter = ZSTR_VAL(key)[0] == 'l';
			zend_object *obj;
			if (!calcom_option_object(v, 2, k, limiter ? calcom_ce_rate_limiter : calcom_ce_circuit_breaker, &obj)) {
				return false;
			}
			zend_object **slot = limiter ? &c->limiter : &c->breaker;
			if (*slot) OBJ_RELEASE(*slot);
			*slot = obj;
			GC_ADDREF(obj);
		} else if (zend_string_equals_literal(key, "cache")) {
			zend_object *obj;
			if (!calcom_option_object(v, 2, k, calcom_ce_swr_cache, &obj) || !calcom_swr_cache_config(obj)) return false;
			if (c->cache) OBJ_RELEASE(c->cache);
			c->cache = obj;
			GC_ADDREF(obj);
		} else if (zend_string_equals_literal(key, "metrics")) {
			zend_object *obj;
			if (!calcom_option_object(v, 2, k, calcom_ce_metrics, &obj)) return false;
			if (c->metrics) OBJ_RELEASE(c->metrics);
			c->metrics = obj;
			GC_ADDREF(obj);
		} else if (zend_string_equals_literal(key, "tenant")) {
			if (!option_string(v, k)) return false;
			if (!tenant_valid(Z_STR_P(v))) {
				zend_argument_value_error(2, "option \"tenant\" must be 1 to 128 bytes without \"{\", \"}\" or NUL bytes");
				return false;
			}
			if (c->tenant) zend_string_release(c->tenant);
			c->tenant = zend_string_copy(Z_STR_P(v));
		} else if (zend_string_equals_literal(key, "limiter_wait")) {
			if (!calcom_option_number(v, 2, k, 0.0, 60.0, &c->limiter_wait)) return false;
		} else if (zend_string_equals_literal(key, "language")) {
			if (!option_string(v, k)) return false;
			if (!calcom_lang_parse(Z_STR_P(v), &c->lang)) {
				zend_argument_value_error(2, "option \"language\" must be \"de\" or \"en\"");
				return false;
			}
		} else {
			zend_argument_value_error(2, "contains unknown option \"%s\" (expected base_url, timeout, connect_timeout, "
				"retries, retry_delay, retry_max_delay, retry_budget, time_zone, language, store, limiter, breaker, limiter_wait, "
				"cache, tenant or metrics)", k);
			return false;
		}
	} ZEND_HASH_FOREACH_END();
	return true;
}

/* Derives the bulkheads from the breaker option and checks that limiter and
 * breaker can be asked together: one script needs one connection. */
static bool setup_gate(calcom_client_object *c)
{
	calcom_redis *limiter_redis = NULL;
	if (c->limiter) {
		const calcom_ext_bucket *b = calcom_rate_limiter_bucket(c->limiter);
		zend_string *prefix;
		bool fail_closed;
		if (!b || !(limiter_redis = calcom_store_connection(b->store, &prefix, &fail_closed))) return false;
	}
	if (!c->breaker) return true;
	zend_string *name;
	const calcom_ext_breaker *template = calcom_circuit_breaker_parts(c->breaker, &name);
	if (!template) return false;
	zend_string *prefix;
	bool fail_closed;
	calcom_redis *breaker_redis = calcom_store_connection(template->store, &prefix, &fail_closed);
	if (!breaker_redis) return false;
	if (limiter_redis && limiter_redis != breaker_redis) {
		zend_argument_value_error(2, "options \"limiter\" and \"breaker\" must use the same Redis connection "
			"(one Calcom\\Store, or persistent Stores with the same DSN)");
		return false;
	}
	for (int g = 0; g < 3; g++) {
		if (c->bulkhead_names[g]) zend_string_release(c->bulkhead_names[g]);
		if (c->bulkheads[g].key) zend_string_release(c->bulkheads[g].key);
		zend_string *group = strpprintf(0, "%s:%s", ZSTR_VAL(name), group_names[g]);
		c->bulkhead_names[g] = group;
		c->bulkheads[g] = *template;
		c->bulkheads[g].key = calcom_component_key(template->store, "breaker", group, "state");
		if (!c->bulkheads[g].key) return false;
	}
	return true;
}

ZEND_METHOD(Calcom_Client, __construct)
{
	zend_string *api_key;
	HashTable *options = NULL;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_STR(api_key)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	calcom_client_object *c = client_from_obj(Z_OBJ_P(ZEND_THIS));
	if (c->api_key) {
		zend_throw_error(NULL, "Calcom\\Client is already constructed");
		RETURN_THROWS();
	}
	if (ZSTR_LEN(api_key) == 0) {
		zend_argument_value_error(1, "must not be empty");
		RETURN_THROWS();
	}
	for (size_t i = 0; i < ZSTR_LEN(api_key); i++) {
		unsigned char ch = (unsigned char)ZSTR_VAL(api_key)[i];
		if (ch < 0x21 || ch > 0x7e) {
			/* It goes into a header line: no spaces, controls or line breaks. */
			zend_argument_value_error(1, "must contain only printable ASCII without spaces");
			RETURN_THROWS();
		}
	}

	c->base_url = zend_string_init(ZEND_STRL("https://api.cal.com/v2"), 0);
	c->time_zone = zend_string_init(ZEND_STRL("Europe/Berlin"), 0);
	c->timeout = 10.0;
	c->connect_timeout = 3.0;
	c->retry = (calcom_http_retry){.max_attempts = 3, .base_delay = 0.1, .max_delay = 2.0, .budget = 15.0};
	c->lang = CALCOM_LANG_DE;
	c->limiter_wait = 1.0;
	if (options && !parse_client_options(c, options)) {
		RETURN_THROWS();
	}
	if (!setup_gate(c)) {
		RETURN_THROWS();
	}
	if (c->metrics) {
		if (c->limiter) calcom_metrics_watch_limiter(c->metrics, c->limiter, calcom_rate_limiter_name(c->limiter));
		for (int g = 0; c->breaker && g < 3; g++) {
			calcom_metrics_watch_breaker(c->metrics, c->breaker, c->bulkhead_names[g], c->bulkheads[g].key);
		}
	}
	/* A private copy: client_free wipes it, and the caller's string may be
	 * shared (an interned literal, say). */
	c->api_key = zend_string_init(ZSTR_VAL(api_key), ZSTR_LEN(api_key), 0);
}

static calcom_client_object *client_checked(zval *this_zv)
{
	calcom_client_object *c = client_from_obj(Z_OBJ_P(this_zv));
	if (!c->api_key) {
		zend_throw_error(NULL, "Calcom\\Client object is not initialized");
		return NULL;
	}
	return c;
}

/* The client, when argument #1 is a usable event type id; else NULL with an
 * Error thrown. */
static calcom_client_object *client_for_event_type(zval *this_zv, zend_long event_type_id)
{
	calcom_client_object *c = client_checked(this_zv);
	if (c && event_type_id <= 0) {
		zend_argument_value_error(1, "must be greater than 0");
		return NULL;
	}
	return c;
}

/* ---- requests ------------------------------------------------------------ */

/* What one call needs until the batch is done: the strings the engine
 * request points into. */
typedef struct {
	zend_string *url;
	zend_string *path;        /* for messages: method and path, no host, no key */
	char *headers[4];
	calcom_http_request req;
	zend_string *time_zone;   /* slots only: the zone the answer is shown in */
	calcom_instant from, to;  /* slots only: the range asked for */
	bool refused;             /* the limiter or breaker stopped it: nothing was sent */
	int priority;             /* at the limiter; 0: the endpoint group's */
} call;

static void call_init(call *k, calcom_client_object *c, const char *method, zend_string *path, const char *version)
{
	memset(k, 0, sizeof *k);
	k->path = path;
	k->url = zend_string_concat2(ZSTR_VAL(c->base_url), ZSTR_LEN(c->base_url), ZSTR_VAL(path), ZSTR_LEN(path));
	spprintf(&k->headers[0], 0, "Authorization: Bearer %s", ZSTR_VAL(c->api_key));
	spprintf(&k->headers[1], 0, "cal-api-version: %s", version);
	k->headers[2] = estrdup("Accept: application/json");
	k->headers[3] = estrdup("Content-Type: application/json");
	k->req.method = method;
	k->req.url = ZSTR_VAL(k->url);
	k->req.headers = (const char *const *)k->headers;
	k->req.nheaders = 4;
	k->req.connect_timeout = c->connect_timeout;
	k->req.timeout = c->timeout;
	k->req.idempotent = strcmp(method, "GET") == 0;
	k->req.retry = c->retry;
}

static void call_dtor(call *k)
{
	for (int i = 0; i < 4; i++) {
		if (k->headers[i]) {
			if (i == 0) ZEND_SECURE_ZERO(k->headers[i], strlen(k->headers[i]));
			efree(k->headers[i]);
		}
	}
	if (k->url) zend_string_release(k->url);
	if (k->path) zend_string_release(k->path);
	if (k->time_zone) zend_string_release(k->time_zone);
}

/* A query string value, percent-encoded. */
static void query_param(smart_str *q, const char *name, const char *value, size_t len)
{
	smart_str_appendc(q, q->s ? '&' : '?');
	smart_str_appends(q, name);
	smart_str_appendc(q, '=');
	zend_string *enc = php_raw_url_encode(value, len);
	smart_str_append(q, enc);
	zend_string_release(enc);
}

/* The error envelope's code and message, when the body is one. */
static void error_envelope(const calcom_http_response *r, zend_string **code, zend_string **message)
{
	*code = *message = NULL;
	zval doc;
	if (!r->body_len || php_json_decode_ex(&doc, r->body, r->body_len, PHP_JSON_OBJECT_AS_ARRAY, 16) != SUCCESS) {
		return;
	}
	if (Z_TYPE(doc) == IS_ARRAY) {
		zval *err = zend_hash_str_find(Z_ARRVAL(doc), ZEND_STRL("error"));
		if (err && Z_TYPE_P(err) == IS_ARRAY) {
			zval *c = zend_hash_str_find(Z_ARRVAL_P(err), ZEND_STRL("code"));
			zval *m = zend_hash_str_find(Z_ARRVAL_P(err), ZEND_STRL("message"));
			if (c && Z_TYPE_P(c) == IS_STRING) *code = zend_string_copy(Z_STR_P(c));
			if (m && Z_TYPE_P(m) == IS_STRING) *message = zend_string_copy(Z_STR_P(m));
		}
	}
	zval_ptr_dtor(&doc);
}

static bool response_header(void *ctx, const char *name, const char **value, size_t *len)
{
	return calcom_http_header(ctx, name, value, len);
}

/* What an answer's headers say about Cal.com's rate limit. */
static void rate_limit_signal(const calcom_http_response *r, calcom_limiter_signal *sig)
{
	calcom_limiter_signal_read(sig, r->status, response_header, (void *)r);
}

/* Seconds until Cal.com lets requests through again, from its headers. */
static double retry_after_seconds(const calcom_http_response *r)
{
	calcom_limiter_signal sig;
	rate_limit_signal(r, &sig);
	return sig.reset_s > 0.0 ? sig.reset_s : 0.0;
}

/* The exception for a failed call, or NULL when the status is a success. */
static zend_object *failure(calcom_client_object *c, const call *k, const calcom_http_response *r)
{
	const char *method = k->req.method;
	const char *path = ZSTR_VAL(k->path);
	if (r->status == 0) {
		bool timeout = r->err.code == CALCOM_E_TIMEOUT;
		zend_string *msg = strpprintf(0, "%s %s failed after %d attempt%s: %s", method, path, r->attempts,
			r->attempts == 1 ? "" : "s", r->err.msg);
		zend_object *e = calcom_api_exception_new(timeout ? calcom_ce_timeout_exception : calcom_ce_api_exception,
			msg, 0, false, NULL, CALCOM_USER_UNREACHABLE, c->lang, 0.0);
		zend_string_release(msg);
		return e;
	}
	if (r->status >= 200 && r->status < 300) {
		return NULL;
	}
	zend_string *code, *text;
	error_envelope(r, &code, &text);
	zend_string *msg = strpprintf(0, "%s %s: HTTP %ld%s%s%s%s", method, path, r->status, code ? " " : "",
		code ? ZSTR_VAL(code) : "", text ? ": " : "", text ? ZSTR_VAL(text) : "");
	zend_string *body = zend_string_init(r->body, r->body_len, 0);
	zend_object *e;
	if (r->status == 429) {
		e = calcom_api_exception_new(calcom_ce_rate_limit_exception, msg, 429, true, body, CALCOM_USER_RATE_LIMITED,
			c->lang, retry_after_seconds(r));
	} else {
		/* Cal.com says "taken" with a 400 and this text, or with a 409. */
		bool taken = text && strstr(ZSTR_VAL(text), "already has booking at this time");
		calcom_user_case uc = taken ? CALCOM_USER_SLOT_TAKEN : calcom_user_case_for(r->status, true);
		e = calcom_api_exception_new(calcom_ce_api_exception, msg, r->status, true, body, uc, c->lang, 0.0);
	}
	zend_string_release(body);
	zend_string_release(msg);
	if (code) zend_string_release(code);
	if (text) zend_string_release(text);
	return e;
}

/* ---- dates through ext/date ------------------------------------------------ */

/* A DateTimeZone for name, or false (nothing thrown) when PHP does not know it. */
bool calcom_time_zone_object(zend_string *name, zval *tz)
{
	zval arg;
	object_init_ex(tz, php_date_get_timezone_ce());
	ZVAL_STR(&arg, name);
	zend_call_known_instance_method_with_1_params(Z_OBJCE_P(tz)->constructor, Z_OBJ_P(tz), NULL, &arg);
	if (EG(exception)) {
		zend_clear_exception();
		zval_ptr_dtor(tz);
		ZVAL_UNDEF(tz);
		return false;
	}
	return true;
}

/* Only identifiers ("Europe/Berlin", "UTC"): PHP also takes offsets
 * ("+02:00") and abbreviations ("CEST"), which have no DST rules, so every
 * day edge and cache key in them would be wrong half the year, and Cal.com
 * refuses them as timeZone. */
bool calcom_valid_time_zone(zend_string *name)
{
	zval tz;
	if (!calcom_time_zone_object(name, &tz)) {
		return false;
	}
	bool id = php_timezone_obj_from_obj(Z_OBJ(tz))->type == TIMELIB_ZONETYPE_ID;
	zval_ptr_dtor(&tz);
	return id;
}

/* $date->format($format), or NULL when it did not give a string. */
zend_string *calcom_date_format(zend_object *date, const char *format)
{
	zval fmt, out;
	ZVAL_STRING(&fmt, format);
	zend_call_method_with_1_params(date, date->ce, NULL, "format", &out, &fmt);
	zval_ptr_dtor(&fmt);
	if (Z_TYPE(out) == IS_STRING) {
		return Z_STR(out);
	}
	zval_ptr_dtor(&out);
	return NULL;
}

/* "YYYY-MM-DD" at 00:00:00 (or 23:59:59) in zone, as RFC 3339 with the
 * zone's offset that day. */
static zend_string *calcom_local_day_edge(const char *date, bool is_end, zend_string *zone)
{
	zval tz, dt, args[2];
	if (!calcom_time_zone_object(zone, &tz)) {
		return NULL;
	}
	object_init_ex(&dt, php_date_get_immutable_ce());
	ZVAL_STR(&args[0], strpprintf(0, "%.10s %s", date, is_end ? "23:59:59" : "00:00:00"));
	ZVAL_COPY_VALUE(&args[1], &tz);
	zend_call_known_instance_method(Z_OBJCE(dt)->constructor, Z_OBJ(dt), NULL, 2, args);
	zval_ptr_dtor(&args[0]);
	zval_ptr_dtor(&tz);
	zend_string *result = EG(exception) ? NULL : calcom_date_format(Z_OBJ(dt), "Y-m-d\\TH:i:sP");
	zval_ptr_dtor(&dt);
	return result;
}

/* ---- time arguments ------------------------------------------------------- */

/* A start or end argument as the RFC 3339 text we send. A bare date means
 * the start (00:00:00) or end (23:59:59) of that day in `zone`; a
 * DateTimeInterface is sent with its own offset. `what` names the argument
 * in error messages. */
static zend_string *time_argument(zval *arg, const char *what, bool is_end, zend_string *zone,
	calcom_instant *instant)
{
	zend_string *text = NULL;
	if (Z_TYPE_P(arg) == IS_OBJECT && instanceof_function(Z_OBJCE_P(arg), php_date_get_interface_ce())) {
		text = calcom_date_format(Z_OBJ_P(arg), "Y-m-d\\TH:i:sP");
	} else if (Z_TYPE_P(arg) == IS_STRING) {
		int64_t days;
		zend_string *s = Z_STR_P(arg);
		if (calcom_date_parse(ZSTR_VAL(s), ZSTR_LEN(s), &days)) {
			text = calcom_local_day_edge(ZSTR_VAL(s), is_end, zone);
		} else {
			text = zend_string_copy(s);
		}
	} else {
		zend_type_error("%s must be of type DateTimeInterface|string, %s given", what, zend_zval_type_name(arg));
		return NULL;
	}
	if (!text || !calcom_rfc3339_parse(ZSTR_VAL(text), ZSTR_LEN(text), instant)) {
		if (!EG(exception)) {
			zend_value_error("%s must be a date (YYYY-MM-DD) or an RFC 3339 timestamp", what);
		}
		if (text) zend_string_release(text);
		return NULL;
	}
	return text;
}

/* ---- slots ------------------------------------------------------------------ */

/* Builds the GET /slots call of one query; false with an Error thrown.
 * start_what and end_what name the two times in messages (an argument of
 * getAvailableSlots(), a field of a getAvailableSlotsMany() entry). */
static bool slots_call(calcom_client_object *c, call *k, const char *what, const char *start_what,
	const char *end_what, zend_long event_type_id, zval *start, zval *end, zend_string *zone)
{
	if (event_type_id <= 0) {
		zend_value_error("%s eventTypeId must be greater than 0", what);
		return false;
	}
	calcom_instant from, to;
	zend_string *s = time_argument(start, start_what, false, zone, &from);
	if (!s) {
		return false;
	}
	zend_string *e = time_argument(end, end_what, true, zone, &to);
	if (!e) {
		zend_string_release(s);
		return false;
	}
	if (from.epoch_ms > to.epoch_ms) {
		zend_value_error("%s must not be before start", end_what);
		zend_string_release(s);
		zend_string_release(e);
		return false;
	}

	smart_str q = {0};
	char id[32];
	int id_len = snprintf(id, sizeof id, ZEND_LONG_FMT, event_type_id);
	query_param(&q, "eventTypeId", id, (size_t)id_len);
	query_param(&q, "start", ZSTR_VAL(s), ZSTR_LEN(s));
	query_param(&q, "end", ZSTR_VAL(e), ZSTR_LEN(e));
	query_param(&q, "timeZone", ZSTR_VAL(zone), ZSTR_LEN(zone));
	smart_str_0(&q);
	zend_string *path = zend_string_concat2(ZEND_STRL("/slots"), ZSTR_VAL(q.s), ZSTR_LEN(q.s));
	smart_str_free(&q);
	zend_string_release(s);
	zend_string_release(e);

	call_init(k, c, "GET", path, SLOTS_API_VERSION);
	k->time_zone = zend_string_copy(zone);
	k->from = from;
	k->to = to;
	return true;
}

/* ['YYYY-MM-DD' => ['2025-10-01T09:00:00+02:00', …]]: each slot under the
 * local date of its own offset, which is the requested zone's. */
static bool slots_to_array(const calcom_slots *sl, zval *out)
{
	array_init(out);
	for (size_t i = 0; i < sl->nslots; i++) {
		char text[32];
		size_t n = calcom_rfc3339_format(&sl->starts[i], text, sizeof text);
		if (n == 0) {
			/* A year outside 0000-9999 parses but cannot be shown. */
			zval_ptr_dtor(out);
			ZVAL_UNDEF(out);
			return false;
		}
		zval *day = zend_hash_str_find(Z_ARRVAL_P(out), text, 10);
		if (!day) {
			zval list;
			array_init(&list);
			day = zend_hash_str_add_new(Z_ARRVAL_P(out), text, 10, &list);
		}
		add_next_index_stringl(day, text, n);
	}
	return true;
}

/* The answer to one slots call: the day map, or the exception object. */
static void slots_result(calcom_client_object *c, const call *k, const calcom_http_response *r, zval *out)
{
	zend_object *e = failure(c, k, r);
	if (e) {
		ZVAL_OBJ(out, e);
		return;
	}
	calcom_slots sl = {0};
	calcom_err err;
	bool ok = calcom_slots_parse(r->body, r->body_len, &sl, &err);
	if (ok && !slots_to_array(&sl, out)) {
		calcom_err_set(&err, CALCOM_E_PROTOCOL, "slot time out of range");
		ok = false;
	}
	if (!ok) {
		zend_string *msg = strpprintf(0, "GET %s: unusable response: %s", ZSTR_VAL(k->path), err.msg);
		zend_string *body = zend_string_init(r->body, r->body_len, 0);
		ZVAL_OBJ(out, calcom_api_exception_new(calcom_ce_api_exception, msg, r->status, true, body,
			CALCOM_USER_SERVER_ERROR, c->lang, 0.0));
		zend_string_release(body);
		zend_string_release(msg);
	}
	calcom_slots_free(&sl);
}

/* The endpoint group of a path. */
static int path_group(const zend_string *path)
{
	if (zend_string_starts_with_literal(path, "/slots")) return GROUP_SLOTS;
	if (zend_string_starts_with_literal(path, "/bookings")) return GROUP_BOOKINGS;
	return GROUP_EVENT_TYPES;
}

static int call_group(const call *k)
{
	return path_group(k->path);
}

/* When a wait of up to s seconds must end: then, or at the client's
 * deadline if that comes first. */
static double wait_until(const calcom_client_object *c, double s)
{
	double end = calcom_monotonic() + s;
	return c->deadline > 0.0 && c->deadline < end ? c->deadline : end;
}

/* Asks the gate for n requests of a group, waiting for tokens up to the
 * client's limiter_wait. False with an exception thrown (on_failure
 * "closed" and Redis gone). */
static bool gate_admit(calcom_client_object *c, const calcom_ext_bucket *bucket, const calcom_ext_breaker *breaker,
	size_t n, int priority, const char *lease, calcom_gate_pass *pass)
{
	double deadline = wait_until(c, c->limiter_wait);
	for (;;) {
		if (!calcom_ext_before(bucket, breaker, (double)n, priority, lease, pass)) return false;
		if (pass->verdict != CALCOM_GATE_WAIT || pass->retry_s > deadline - calcom_monotonic()) return true;
		calcom_sleep(pass->retry_s);
	}
}

/* The exception a refused request ends with. */
static zend_object *refusal(calcom_client_object *c, const call *k, int group, size_t n, const calcom_gate_pass *pass)
{
	if (pass->verdict == CALCOM_GATE_OPEN) {
		return calcom_circuit_open_exception(c->bulkhead_names[group], pass->retry_s, c->lang);
	}
	zend_string *msg = strpprintf(0, "%s %s: the rate limiter has no capacity for %zu request%s within %.3g s "
		"(next in %.3f s)", k->req.method, ZSTR_VAL(k->path), n, n == 1 ? "" : "s", c->limiter_wait, pass->retry_s);
	zend_object *e = calcom_api_exception_new(calcom_ce_rate_limit_exception, msg, 0, false, NULL,
		CALCOM_USER_RATE_LIMITED, c->lang, pass->retry_s);
	zend_string_release(msg);
	return e;
}

/* Counts a call in the client's metrics: r NULL for one never sent. */
static void note_call(calcom_client_object *c, const call *k, const calcom_http_response *r)
{
	if (!c->metrics) return;
	char status[8];
	const char *s = status;
	if (!r) {
		s = "refused";
	} else if (r->status) {
		snprintf(status, sizeof status, "%ld", r->status);
	} else {
		s = r->err.code == CALCOM_E_TIMEOUT ? "timeout" : "network";
	}
	calcom_metrics_note(c->metrics, group_names[call_group(k)], s, r ? r->elapsed : 0.0, false,
		r && r->attempts > 1 ? r->attempts - 1 : 0);
}

/* The calls of a batch that pass the gate together: one endpoint group at
 * one priority. */
typedef struct {
	int group, priority;
	size_t n;
	char lease[17];
	calcom_gate_pass pass;
} gate_part;

#define MAX_PARTS (3 * 4)

/* Runs calls in one batch and gives each its result through `take`. The
 * calls of each endpoint group and priority pass the limiter and the
 * group's breaker together, in one round trip before and (only when there
 * is something to record) one after; then every admitted call runs at once. */
static void run_calls(calcom_client_object *c, call *calls, size_t n, zval *results,
	void (*take)(calcom_client_object *, const call *, const calcom_http_response *, zval *))
{
	calcom_http *h = worker_http();
	if (!h) {
		return;
	}
	if (c->deadline > 0.0 && calcom_monotonic() >= c->deadline) {
		/* The budget is spent: nothing is sent, and the breaker hears
		 * nothing of a timeout that is ours, not Cal.com's. */
		for (size_t i = 0; i < n; i++) {
			zend_string *msg = strpprintf(0, "%s %s: not sent, the time budget is spent", calls[i].req.method,
				ZSTR_VAL(calls[i].path));
			calls[i].refused = true;
			ZVAL_OBJ(&results[i], calcom_api_exception_new(calcom_ce_timeout_exception, msg, 0, false, NULL,
				CALCOM_USER_UNREACHABLE, c->lang, 0.0));
			zend_string_release(msg);
			note_call(c, &calls[i], NULL);
		}
		return;
	}
	const calcom_ext_bucket *bucket = c->limiter ? calcom_rate_limiter_bucket(c->limiter) : NULL;
	gate_part parts[MAX_PARTS];
	size_t nparts = 0;
	uint8_t *part_of = safe_emalloc(n, sizeof *part_of, 0);
	for (size_t i = 0; i < n; i++) {
		int group = call_group(&calls[i]);
		int priority = calls[i].priority ? calls[i].priority : group_priority[group];
		size_t p = 0;
		while (p < nparts && (parts[p].group != group || parts[p].priority != priority)) p++;
		if (p == nparts) {
			parts[nparts++] = (gate_part){.group = group, .priority = priority,
				.pass = {.verdict = CALCOM_GATE_GO, .breaker_clean = true}};
		}
		parts[p].n++;
		part_of[i] = (uint8_t)p;
	}
	for (size_t p = 0; p < nparts; p++) {
		gate_part *g = &parts[p];
		const calcom_ext_breaker *breaker = c->breaker ? &c->bulkheads[g->group] : NULL;
		if (!bucket && !breaker) continue;
		calcom_lease_id(g->lease);
		if (!gate_admit(c, bucket, breaker, g->n, g->priority, g->lease, &g->pass)) {
			/* Redis failed under on_failure "closed": nothing runs. The
			 * parts admitted so far keep their tokens; a probe lease lapses. */
			efree(part_of);
			return;
		}
		if (g->pass.verdict == CALCOM_GATE_OPEN || g->pass.verdict == CALCOM_GATE_WAIT) {
			for (size_t i = 0; i < n; i++) {
				if (part_of[i] != p) continue;
				calls[i].refused = true;
				ZVAL_OBJ(&results[i], refusal(c, &calls[i], g->group, g->n, &g->pass));
				note_call(c, &calls[i], NULL);
			}
		}
	}

	calcom_http_request *reqs = safe_emalloc(n, sizeof *reqs, 0);
	calcom_http_response *resps = safe_emalloc(n, sizeof *resps, 0);
	size_t *sent = safe_emalloc(n, sizeof *sent, 0);
	int *weights = safe_emalloc(n, sizeof *weights, 0);
	/* Under a deadline every attempt and retry ends by it (at least 1 ms
	 * when the gate's wait used up the rest). */
	double left = c->deadline > 0.0 ? fmax(c->deadline - calcom_monotonic(), 0.001) : 0.0;
	size_t nsent = 0;
	for (size_t i = 0; i < n; i++) {
		if (calls[i].refused) continue;
		calcom_http_request *req = &reqs[nsent];
		*req = calls[i].req;
		if (left > 0.0) {
			req->timeout = fmin(req->timeout, left);
			req->connect_timeout = fmin(req->connect_timeout, left);
			req->retry.budget = req->retry.budget > 0.0 ? fmin(req->retry.budget, left) : left;
		}
		sent[nsent++] = i;
	}
	if (nsent) calcom_http_perform(h, reqs, resps, nsent);

	/* What the answers tell each part's breaker, and the bucket. */
	for (size_t p = 0; p < nparts; p++) {
		gate_part *g = &parts[p];
		const calcom_ext_breaker *breaker = c->breaker ? &c->bulkheads[g->group] : NULL;
		int successes = 0;
		size_t nweights = 0;
		bool failed = false, any = false;
		double hint = 0.0;
		calcom_limiter_signal sig = {.status = 0, .reset_s = -1.0, .remaining = -1.0};
		bool learn = false;
		for (size_t j = 0; j < nsent; j++) {
			size_t i = sent[j];
			if (part_of[i] != p) continue;
			any = true;
			const calcom_http_response *r = &resps[j];
			take(c, &calls[i], r, &results[i]);
			note_call(c, &calls[i], r);
			if (r->status >= 200 && r->status < 300) {
				successes++;
			} else if (breaker) {
				calcom_failure_kind kind = r->status ? CALCOM_FAILURE_STATUS
					: r->err.code == CALCOM_E_TIMEOUT ? CALCOM_FAILURE_TIMEOUT : CALCOM_FAILURE_NETWORK;
				weights[nweights] = calcom_breaker_weight(breaker->cfg, kind, r->status);
				failed = failed || weights[nweights] > 0;
				nweights++;
			}
			if (r->status) {
				calcom_limiter_signal one;
				rate_limit_signal(r, &one);
				if (r->status == 429) hint = fmax(hint, one.reset_s);
				/* A 429 says the most; the first one stands for the part. */
				if (bucket && sig.status != 429 && calcom_limiter_signal_matters(&one)) {
					sig = one;
					learn = true;
				}
			}
		}
		if (!any) continue;
		bool record = breaker && (g->pass.verdict == CALCOM_GATE_PROBE || !g->pass.breaker_clean || failed);
		if ((record || learn) && !EG(exception)) {
			calcom_ext_after(learn ? bucket : NULL, learn ? &sig : NULL, record ? breaker : NULL, successes, weights,
				nweights, hint, g->pass.verdict == CALCOM_GATE_PROBE ? g->lease : NULL);
			if (EG(exception)) {
				/* Redis failed under on_failure "closed" after the requests were
				 * made: their results (a booking, say) matter more than the
				 * record of them. */
				zend_clear_exception();
			}
		}
	}
	for (size_t j = 0; j < nsent; j++) calcom_http_response_free(&resps[j]);
	efree(weights);
	efree(sent);
	efree(reqs);
	efree(resps);
	efree(part_of);
}

/* Hands one call's outcome to PHP: the value returned, or the exception
 * object thrown (UNDEF: an Error is already pending). */
static void return_outcome(zval *outcome, zval *return_value)
{
	if (Z_TYPE_P(outcome) == IS_OBJECT) {
		zend_throw_exception_object(outcome);
	} else if (Z_TYPE_P(outcome) != IS_UNDEF) {
		ZVAL_COPY_VALUE(return_value, outcome);
	}
}

/* Runs a single call (and frees it) into return_value. */
static void run_one(calcom_client_object *c, call *k,
	void (*take)(calcom_client_object *, const call *, const calcom_http_response *, zval *), zval *return_value)
{
	zval outcome;
	ZVAL_UNDEF(&outcome);
	run_calls(c, k, 1, &outcome, take);
	call_dtor(k);
	return_outcome(&outcome, return_value);
}

/* ---- the availability cache ---------------------------------------------------- */

/* Longer ranges go straight to Cal.com: a cache read is one script call. */
#define AVAIL_MAX_DAYS 92
/* Longest day key (and its ":lock") a plan builds; invalidation uses the same. */
#define AVAIL_KEY_MAX 600

bool calcom_instant_object(int64_t epoch_ms, zend_string *zone, zval *out)
{
	zval tz, dt;
	ZVAL_UNDEF(out);
	if (!calcom_time_zone_object(zone, &tz)) return false;
	php_date_instantiate(php_date_get_immutable_ce(), &dt);
	char at[32];
	int n = snprintf(at, sizeof at, "@%lld", (long long)calcom_floor_div(epoch_ms, 1000));
	if (php_date_initialize(Z_PHPDATE_P(&dt), at, (size_t)n, NULL, NULL, 0)) {
		zend_call_method_with_1_params(Z_OBJ(dt), Z_OBJCE(dt), NULL, "settimezone", out, &tz);
	}
	zval_ptr_dtor(&dt);
	zval_ptr_dtor(&tz);
	if (EG(exception)) zend_clear_exception();
	if (Z_TYPE_P(out) == IS_OBJECT) return true;
	zval_ptr_dtor(out);
	ZVAL_UNDEF(out);
	return false;
}

/* The local day (days since 1970-01-01) of an instant in zone; false with
 * nothing thrown when PHP cannot say. */
static bool zone_day(int64_t epoch_ms, zend_string *zone, int64_t *day)
{
	zval moved;
	if (!calcom_instant_object(epoch_ms, zone, &moved)) return false;
	zend_string *date = calcom_date_format(Z_OBJ(moved), "Y-m-d");
	bool ok = date && calcom_date_parse(ZSTR_VAL(date), ZSTR_LEN(date), day);
	if (date) zend_string_release(date);
	zval_ptr_dtor(&moved);
	if (EG(exception)) zend_clear_exception();
	return ok;
}

zend_string *calcom_day_text(int64_t day)
{
	int y;
	unsigned m, d;
	calcom_civil_from_days(day, &y, &m, &d);
	return strpprintf(0, "%04d-%02u-%02u", y, m, d);
}

/* The days of one event type, zone and tenant that a read or fetch covers:
 * their keys, and each day's slots once known (comma-separated texts, ""
 * for a day without slots). */
typedef struct {
	zend_long event_type_id;
	zend_string *zone;
	zend_string *tenant;
	int64_t first;             /* local day number of day 0 */
	size_t ndays;
	char **keys;               /* ndays value keys, then ndays lock keys */
	size_t *key_lens;
	zend_string **payload;     /* per day, NULL until known */
	char token[CALCOM_SWR_TOKEN_LEN + 1];
	int64_t read_ms;           /* Redis clock at the last read */
	double read_mono;          /* our monotonic clock then */
} avail_plan;

static void plan_free(avail_plan *p);

static bool plan_init(avail_plan *p, const calcom_swr_config *cfg, zend_long event_type_id, zend_string *zone,
	zend_string *tenant, int64_t first, size_t ndays)
{
	memset(p, 0, sizeof *p);
	zend_string *prefix;
	bool fail_closed;
	if (!calcom_store_connection(cfg->store, &prefix, &fail_closed)) return false;
	p->event_type_id = event_type_id;
	p->zone = zend_string_copy(zone);
	p->tenant = zend_string_copy(tenant);
	p->first = first;
	p->ndays = ndays;
	p->keys = ecalloc(2 * ndays, sizeof *p->keys);
	p->key_lens = ecalloc(2 * ndays, sizeof *p->key_lens);
	p->payload = ecalloc(ndays, sizeof(zend_string *));
	calcom_lease_id(p->token);
	for (size_t i = 0; i < ndays; i++) {
		char key[AVAIL_KEY_MAX];
		size_t n = calcom_avail_key(key, sizeof key - 5, ZSTR_VAL(prefix), ZSTR_VAL(tenant), event_type_id,
			ZSTR_VAL(zone), first + (int64_t)i);
		if (n == 0) {
			zend_value_error("Calcom\\Client: availability cache key longer than %zu bytes", sizeof key - 6);
			plan_free(p);
			return false;
		}
		memcpy(key + n, ":lock", 6);
		p->keys[i] = estrndup(key, n);
		p->key_lens[i] = n;
		p->keys[ndays + i] = estrndup(key, n + 5);
		p->key_lens[ndays + i] = n + 5;
	}
	return true;
}

static void plan_free(avail_plan *p)
{
	for (size_t i = 0; p->keys && i < 2 * p->ndays; i++) {
		if (p->keys[i]) efree(p->keys[i]);
	}
	for (size_t i = 0; p->payload && i < p->ndays; i++) {
		if (p->payload[i]) zend_string_release(p->payload[i]);
	}
	if (p->keys) efree(p->keys);
	if (p->key_lens) efree(p->key_lens);
	if (p->payload) efree(p->payload);
	if (p->zone) zend_string_release(p->zone);
	if (p->tenant) zend_string_release(p->tenant);
}

/* The keys of days [lo, hi] of a plan, value keys then lock keys, in
 * caller-provided arrays of 2 * (hi - lo + 1). */
static size_t plan_keys(const avail_plan *p, size_t lo, size_t hi, const char **keys, size_t *lens)
{
	size_t n = hi - lo + 1;
	for (size_t i = 0; i < n; i++) {
		keys[i] = p->keys[lo + i];
		lens[i] = p->key_lens[lo + i];
		keys[n + i] = p->keys[p->ndays + lo + i];
		lens[n + i] = p->key_lens[p->ndays + lo + i];
	}
	return n;
}

/* Reads the plan's days that have no payload yet (taking locks when
 * asked); states[i] tells what day i is. False on a Redis failure. */
static bool plan_read(avail_plan *p, calcom_redis *r, const calcom_swr_config *cfg, bool lock, bool peek_first,
	char *states, calcom_err *err)
{
	calcom_swr_read_args ra = {.token = p->token, .lock = lock, .lock_ms = cfg->lock_ms, .fresh_ms = cfg->fresh_ms,
		.beta = cfg->beta, .rnd = calcom_swr_draw()};
	if (peek_first) {
		/* Fresh days need no lock: a script runs only for the others. */
		calcom_swr_read_result res;
		p->read_mono = calcom_monotonic();
		if (!calcom_swr_peek(r, p->ndays, (const char *const *)p->keys, p->key_lens, &ra, &res, err)) return false;
		p->read_ms = res.now_ms;
		bool all = true;
		for (size_t i = 0; i < p->ndays; i++) {
			const calcom_swr_found *f = &res.found[i];
			if (f->state == CALCOM_SWR_FRESH && !p->payload[i]) {
				states[i] = (char)f->state;
				p->payload[i] = zend_string_init(f->entry.payload, f->entry.payload_len, 0);
			}
			all = all && p->payload[i];
		}
		calcom_swr_read_free(&res);
		if (all) return true;
	}
	const char **keys = safe_emalloc(2 * p->ndays, sizeof *keys, 0);
	size_t *lens = safe_emalloc(2 * p->ndays, sizeof *lens, 0);
	size_t *index = safe_emalloc(p->ndays, sizeof *index, 0);
	size_t n = 0;
	for (size_t i = 0; i < p->ndays; i++) {
		if (!p->payload[i]) index[n++] = i;
	}
	for (size_t j = 0; j < n; j++) {
		keys[j] = p->keys[index[j]];
		lens[j] = p->key_lens[index[j]];
		keys[n + j] = p->keys[p->ndays + index[j]];
		lens[n + j] = p->key_lens[p->ndays + index[j]];
	}
	calcom_swr_read_result res;
	p->read_mono = calcom_monotonic();
	bool ok = n == 0 || calcom_swr_read(r, n, keys, lens, &ra, &res, err);
	if (ok && n > 0) {
		p->read_ms = res.now_ms;
		for (size_t j = 0; j < n; j++) {
			const calcom_swr_found *f = &res.found[j];
			states[index[j]] = (char)f->state;
			if (f->has_entry) {
				p->payload[index[j]] = zend_string_init(f->entry.payload, f->entry.payload_len, 0);
			}
		}
		calcom_swr_read_free(&res);
	}
	efree(keys);
	efree(lens);
	efree(index);
	return ok;
}

/* One fetch of days [lo, hi] of a plan: its result lands in the plan and
 * the cache; error holds the exception when it failed. */
typedef struct {
	avail_plan *plan;
	size_t lo, hi;
	zend_object *error;
	/* A refresh of stale days: when the limiter or the breaker refuses it, or
	 * Cal.com answers 429, our locks stay until lock_ttl lapses them, so the
	 * stale reads meanwhile serve the days without asking again. */
	bool back_off;
} avail_fetch;

/* Told to come back later: by our limiter or Cal.com's 429 (a
 * RateLimitException either way), or by an open breaker. */
static bool is_throttled(const zend_object *e)
{
	return instanceof_function(e->ce, calcom_ce_rate_limit_exception)
		|| instanceof_function(e->ce, calcom_ce_circuit_open_exception);
}

/* The slots of a day map's day as one payload. */
static zend_string *day_payload(zval *map, int64_t day)
{
	zend_string *date = calcom_day_text(day);
	zval *list = zend_hash_find(Z_ARRVAL_P(map), date);
	zend_string_release(date);
	if (!list || Z_TYPE_P(list) != IS_ARRAY) return ZSTR_EMPTY_ALLOC();
	smart_str out = {0};
	zval *slot;
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(list), slot) {
		if (out.s) smart_str_appendc(&out, ',');
		smart_str_append(&out, Z_STR_P(slot));
	} ZEND_HASH_FOREACH_END();
	smart_str_0(&out);
	return out.s ? out.s : ZSTR_EMPTY_ALLOC();
}

/* Fetches every span in one parallel batch of /slots calls (priority 0:
 * the slots group's), stores the days in the cache (one write per span,
 * releasing our locks) and in their plans. */
/* Plain slots calls that go out with the cache's fetches, in the same
 * batch: the queries the cache cannot answer. Borrowed; results filled in. */
typedef struct {
	call *calls;
	size_t n;
	zval *results;
} extra_calls;

static void fetch_spans(calcom_client_object *c, const calcom_swr_config *cfg, avail_fetch *f, size_t n, int priority,
	const extra_calls *extra)
{
	size_t nextra = extra ? extra->n : 0;
	call *calls = safe_emalloc(n + nextra, sizeof *calls, 0);
	zval *results = safe_emalloc(n + nextra, sizeof *results, 0);
	size_t built = 0;
	for (; built < n; built++) {
		avail_plan *p = f[built].plan;
		zval from, to;
		ZVAL_STR(&from, calcom_day_text(p->first + (int64_t)f[built].lo));
		ZVAL_STR(&to, calcom_day_text(p->first + (int64_t)f[built].hi));
		bool ok = slots_call(c, &calls[built], "Calcom\\Client cache fetch:", "Calcom\\Client cache fetch: start",
			"Calcom\\Client cache fetch: end", p->event_type_id, &from, &to, p->zone);
		zval_ptr_dtor(&from);
		zval_ptr_dtor(&to);
		if (!ok) break;
		calls[built].priority = priority;
		ZVAL_UNDEF(&results[built]);
	}
	for (size_t i = 0; i < nextra; i++) {
		calls[n + i] = extra->calls[i];
		ZVAL_UNDEF(&results[n + i]);
	}
	/* Each span began now, on the Redis clock of its plan's last read. */
	double started_mono = calcom_monotonic();
	if (built == n && n + nextra > 0) {
		run_calls(c, calls, n + nextra, results, slots_result);
	}
	for (size_t i = 0; i < nextra; i++) {
		ZVAL_COPY_VALUE(&extra->results[i], &results[n + i]);
	}
	int64_t compute_ms = (int64_t)((calcom_monotonic() - started_mono) * 1000.0);
	zend_string *prefix;
	bool fail_closed;
	calcom_redis *r = calcom_store_connection(cfg->store, &prefix, &fail_closed);
	for (size_t i = 0; i < n; i++) {
		avail_plan *p = f[i].plan;
		size_t span = f[i].hi - f[i].lo + 1;
		const char **keys = safe_emalloc(2 * span, sizeof *keys, 0);
		size_t *lens = safe_emalloc(2 * span, sizeof *lens, 0);
		plan_keys(p, f[i].lo, f[i].hi, keys, lens);
		calcom_err err;
		if (i < built && Z_TYPE(results[i]) == IS_ARRAY) {
			const char **payloads = safe_emalloc(span, sizeof *payloads, 0);
			size_t *plens = safe_emalloc(span, sizeof *plens, 0);
			for (size_t d = 0; d < span; d++) {
				zend_string *text = day_payload(&results[i], p->first + (int64_t)(f[i].lo + d));
				if (p->payload[f[i].lo + d]) zend_string_release(p->payload[f[i].lo + d]);
				p->payload[f[i].lo + d] = text;
				payloads[d] = ZSTR_VAL(text);
				plens[d] = ZSTR_LEN(text);
			}
			/* The zone joins the set a booking invalidates, in the same round trip. */
			char zones[AVAIL_KEY_MAX];
			const char *sadd[3] = {"SADD", zones, ZSTR_VAL(p->zone)};
			size_t sadd_lens[3] = {4, r ? calcom_avail_zones_key(zones, sizeof zones, ZSTR_VAL(prefix),
				ZSTR_VAL(p->tenant), p->event_type_id) : 0, ZSTR_LEN(p->zone)};
			calcom_swr_also also = {.argc = 3, .argv = sadd, .lens = sadd_lens};
			/* Our token releases the locks we hold in the span, and only those. */
			calcom_swr_write_args wa = {.token = p->token,
				.created_ms = p->read_ms + (int64_t)((started_mono - p->read_mono) * 1000.0),
				.compute_ms = compute_ms, .fresh_ms = cfg->fresh_ms, .stale_ms = cfg->stale_ms,
				.also = sadd_lens[1] ? &also : NULL};
			size_t written;
			if (r && !calcom_swr_write(r, span, keys, lens, payloads, plens, &wa, &written, &err)) {
				calcom_swr_cache_stats(c->cache)->store_errors++;
			}
			if (also.reply) freeReplyObject(also.reply);
			efree(payloads);
			efree(plens);
		} else {
			if (i < built && Z_TYPE(results[i]) == IS_OBJECT) {
				f[i].error = Z_OBJ(results[i]);
				ZVAL_UNDEF(&results[i]);
			}
			bool keep = f[i].back_off && f[i].error && is_throttled(f[i].error);
			if (r && !keep && !calcom_swr_unlock(r, span, keys, lens, p->token, &err)) {
				calcom_swr_cache_stats(c->cache)->store_errors++;  /* the locks lapse by themselves */
			}
		}
		efree(keys);
		efree(lens);
		if (i < built) {
			zval_ptr_dtor(&results[i]);
			call_dtor(&calls[i]);
		}
	}
	efree(calls);
	efree(results);
}

/* The smallest span [*lo, *hi] holding every day whose state is in `which`;
 * false when there is none. */
static bool span_of(const char *states, size_t n, const char *which, size_t *lo, size_t *hi)
{
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		if (states[i] && strchr(which, states[i])) {
			if (!any) *lo = i;
			*hi = i;
			any = true;
		}
	}
	return any;
}

/* A deferred refresh of stale days, run with the cache's revalidations. */
typedef struct {
	zend_object *client;
	avail_plan plan;           /* the span itself, with the read's token and clock */
} avail_refresh;

static void refresh_run(void *data)
{
	avail_refresh *job = data;
	calcom_client_object *c = client_from_obj(job->client);
	const calcom_swr_config *cfg = c->cache ? calcom_swr_cache_config(c->cache) : NULL;
	if (!cfg) return;
	calcom_swr_stats *stats = calcom_swr_cache_stats(c->cache);
	avail_fetch f = {.plan = &job->plan, .lo = 0, .hi = job->plan.ndays - 1, .back_off = true};
	stats->revalidations++;
	/* After the response nobody waits for this answer, and a worker asleep
	 * for tokens serves nobody: a deferred refresh takes tokens or is refused. */
	double limiter_wait = c->limiter_wait;
	if (!cfg->inline_revalidate) c->limiter_wait = 0.0;
	fetch_spans(c, cfg, &f, 1, 0, NULL);
	c->limiter_wait = limiter_wait;
	if (f.error) {
		stats->errors_served_stale++;  /* the stale days stay until their stale TTL */
		OBJ_RELEASE(f.error);
	}
	if (EG(exception) && instanceof_function(EG(exception)->ce, zend_ce_exception)) {
		zend_clear_exception();  /* a failed refresh is counted, not thrown at shutdown */
	}
}

static void refresh_free(void *data)
{
	avail_refresh *job = data;
	plan_free(&job->plan);
	OBJ_RELEASE(job->client);
	efree(job);
}

/* Queues (or, inline, runs) the refresh of a plan's stale days [lo, hi]
 * whose locks we took. */
static void refresh_stale(calcom_client_object *c, const calcom_swr_config *cfg, avail_plan *p, size_t lo, size_t hi)
{
	avail_refresh *job = emalloc(sizeof *job);
	if (!plan_init(&job->plan, cfg, p->event_type_id, p->zone, p->tenant, p->first + (int64_t)lo, hi - lo + 1)) {
		efree(job);
		return;
	}
	memcpy(job->plan.token, p->token, sizeof p->token);
	job->plan.read_ms = p->read_ms;
	job->plan.read_mono = p->read_mono;
	job->client = &c->std;
	GC_ADDREF(job->client);
	if (!cfg->inline_revalidate) {
		calcom_swr_cache_defer(c->cache, refresh_run, refresh_free, job);
		return;
	}
	refresh_run(job);
	for (size_t i = 0; i < job->plan.ndays; i++) {
		if (job->plan.payload[i]) {
			/* A day another process is fetching may lie inside the span. */
			if (p->payload[lo + i]) zend_string_release(p->payload[lo + i]);
			p->payload[lo + i] = zend_string_copy(job->plan.payload[i]);
		}
	}
	refresh_free(job);
}

/* The day map of a plan's days, keeping the slots within [from, to]. */
static void plan_result(const avail_plan *p, const calcom_instant *from, const calcom_instant *to, zval *out)
{
	array_init(out);
	for (size_t i = 0; i < p->ndays; i++) {
		const char *s = ZSTR_VAL(p->payload[i]), *end = s + ZSTR_LEN(p->payload[i]);
		zval list;
		ZVAL_UNDEF(&list);
		while (s < end) {
			const char *comma = memchr(s, ',', (size_t)(end - s));
			size_t len = comma ? (size_t)(comma - s) : (size_t)(end - s);
			calcom_instant at;
			if (calcom_rfc3339_parse(s, len, &at) && at.epoch_ms >= from->epoch_ms && at.epoch_ms <= to->epoch_ms) {
				if (Z_TYPE(list) == IS_UNDEF) array_init(&list);
				add_next_index_stringl(&list, s, len);
			}
			s += len + 1;
		}
		if (Z_TYPE(list) != IS_UNDEF) {
			/* Cal.com leaves out days without slots; so do we. */
			zend_string *date = calcom_day_text(p->first + (int64_t)i);
			zend_hash_update(Z_ARRVAL_P(out), date, &list);
			zend_string_release(date);
		}
	}
}

/* Releases our locks on days [lo, hi] (they lapse anyway if this fails). */
static void plan_unlock(avail_plan *p, calcom_redis *r, size_t lo, size_t hi)
{
	size_t span = hi - lo + 1;
	const char **keys = safe_emalloc(2 * span, sizeof *keys, 0);
	size_t *lens = safe_emalloc(2 * span, sizeof *lens, 0);
	plan_keys(p, lo, hi, keys, lens);
	calcom_err err;
	calcom_swr_unlock(r, span, keys, lens, p->token, &err);
	efree(keys);
	efree(lens);
}

/* One slots query answered through the cache. */
typedef struct {
	calcom_instant from, to;   /* the answer is cut to these */
	avail_plan plan;
	char *states;              /* per day, what the last read found */
	bool planned;              /* plan and states are set up */
	bool fetched;              /* some of its days came from Cal.com */
	zval result;               /* the day map or the exception; UNDEF: ask Cal.com directly */
} cache_query;

/* Sets up the cached answer to a slots call; false (nothing thrown) when
 * the cache cannot give it: a range over AVAIL_MAX_DAYS. */
static bool cache_query_init(cache_query *q, const calcom_swr_config *cfg, const call *k, zend_long event_type_id,
	zend_string *tenant)
{
	memset(q, 0, sizeof *q);
	ZVAL_UNDEF(&q->result);
	q->from = k->from;
	q->to = k->to;
	int64_t first, last;
	if (!zone_day(q->from.epoch_ms, k->time_zone, &first) || !zone_day(q->to.epoch_ms, k->time_zone, &last) ||
	    last - first + 1 > AVAIL_MAX_DAYS) {
		return false;
	}
	if (!plan_init(&q->plan, cfg, event_type_id, k->time_zone, tenant, first, (size_t)(last - first + 1))) return false;
	q->states = ecalloc(q->plan.ndays, 1);
	q->planned = true;
	return true;
}

static void cache_query_dtor(cache_query *q)
{
	if (q->planned) {
		plan_free(&q->plan);
		efree(q->states);
	}
	zval_ptr_dtor(&q->result);
}

/* A query's answer is settled: a result, or no plan (answered directly). */
static bool query_open(const cache_query *q)
{
	return q->planned && Z_TYPE(q->result) == IS_UNDEF;
}

/* Fetches the spans in one parallel batch and files each failure as its
 * query's result (giving back the stale days' locks it took). */
static void fetch_for_queries(calcom_client_object *c, const calcom_swr_config *cfg, calcom_redis *r, cache_query *qs,
	size_t n, avail_fetch *fetches, size_t nfetch, const extra_calls *extra)
{
	if (nfetch == 0 && (!extra || extra->n == 0)) return;
	fetch_spans(c, cfg, fetches, nfetch, 0, extra);
	for (size_t f = 0; f < nfetch; f++) {
		if (!fetches[f].error) continue;
		for (size_t i = 0; i < n; i++) {
			if (&qs[i].plan != fetches[f].plan) continue;
			ZVAL_OBJ(&qs[i].result, fetches[f].error);
			size_t lo = 0, hi = 0;
			if (r && span_of(qs[i].states, qs[i].plan.ndays, "ES", &lo, &hi)) plan_unlock(&qs[i].plan, r, lo, hi);
		}
		fetches[f].error = NULL;
	}
}

/* Slots queries through the cache: each query's fresh and stale days from
 * one read, the missing days of all queries from one parallel batch that
 * fetches the smallest span holding each query's (one process fleet-wide
 * per day: the others wait for it, or for its lock to lapse), stale days
 * refreshed after the response. A query left without a result is to be
 * asked directly (Redis failed under on_failure open). False with a
 * StoreException thrown under on_failure "closed". */
static bool cached_queries(calcom_client_object *c, cache_query *qs, size_t n, const extra_calls *extra)
{
	const calcom_swr_config *cfg = calcom_swr_cache_config(c->cache);
	if (!cfg) return false;
	calcom_swr_stats *stats = calcom_swr_cache_stats(c->cache);
	zend_string *prefix;
	bool fail_closed;
	calcom_redis *r = calcom_store_connection(cfg->store, &prefix, &fail_closed);
	if (!r) return false;
	avail_fetch *fetches = safe_emalloc(n ? n : 1, sizeof *fetches, 0);
	double deadline = wait_until(c, cfg->wait_s), pause = 0.005;
	bool waited = false;
	for (;;) {
		size_t nfetch = 0;
		for (size_t i = 0; i < n; i++) {
			cache_query *q = &qs[i];
			if (!query_open(q)) continue;
			calcom_err err;
			memset(q->states, 0, q->plan.ndays);
			if (!plan_read(&q->plan, r, cfg, true, !waited, q->states, &err)) {
				stats->store_errors++;
				if (fail_closed) {
					calcom_throw_store_error(&err);
					efree(fetches);
					return false;
				}
				/* Redis is gone for now: the rest go straight to Cal.com. */
				for (size_t j = i; j < n; j++) {
					if (query_open(&qs[j])) {
						plan_free(&qs[j].plan);
						efree(qs[j].states);
						qs[j].planned = false;
					}
				}
				break;
			}
			for (size_t d = 0; d < q->plan.ndays; d++) {
				if (!q->states[d] || !q->plan.payload[d]) continue;
				if (waited) stats->coalesced_waits++;  /* a re-read reads only days still missing */
				else if (q->states[d] == CALCOM_SWR_FRESH || q->states[d] == CALCOM_SWR_EARLY) stats->fresh_hits++;
				else stats->stale_hits++;
			}
		}
		/* Past wait_timeout, days others still hold are fetched here too,
		 * without their locks: after one more look, so what they wrote
		 * meanwhile is not asked for again. */
		bool past = calcom_monotonic() >= deadline;
		for (size_t i = 0; i < n; i++) {
			cache_query *q = &qs[i];
			size_t lo = 0, hi = 0;
			if (!query_open(q) || !span_of(q->states, q->plan.ndays, past ? "MW" : "M", &lo, &hi)) continue;
			fetches[nfetch++] = (avail_fetch){.plan = &q->plan, .lo = lo, .hi = hi};
			q->fetched = true;
			for (size_t d = lo; d <= hi; d++) {
				stats->misses += q->states[d] == CALCOM_SWR_MISS_LOCKED || q->states[d] == CALCOM_SWR_MISS;
				if (q->states[d] != 'E' && q->states[d] != 'S') q->states[d] = CALCOM_SWR_FRESH;
			}
		}
		fetch_for_queries(c, cfg, r, qs, n, fetches, nfetch, extra);
		extra = NULL;  /* the plain calls go out once, with the first batch */
		if (EG(exception)) break;
		bool waiting = false;
		for (size_t i = 0; i < n; i++) {
			cache_query *q = &qs[i];
			if (!query_open(q)) continue;
			size_t lo = 0, hi = 0;
			/* Stale days the fetch did not bring: refresh them after the response. */
			for (size_t f = 0; f < nfetch; f++) {
				if (fetches[f].plan != &q->plan) continue;
				for (size_t d = fetches[f].lo; d <= fetches[f].hi; d++) {
					if (q->states[d] == 'E' || q->states[d] == 'S') q->states[d] = CALCOM_SWR_FRESH;
				}
			}
			if (span_of(q->states, q->plan.ndays, "ES", &lo, &hi)) {
				refresh_stale(c, cfg, &q->plan, lo, hi);
				if (EG(exception)) break;
				for (size_t d = lo; d <= hi; d++) {
					if (q->states[d] == 'E' || q->states[d] == 'S') q->states[d] = CALCOM_SWR_FRESH;
				}
			}
			waiting = waiting || span_of(q->states, q->plan.ndays, "W", &lo, &hi);
		}
		if (EG(exception) || !waiting) break;
		/* Another process fetches these days: wait for them, or for its locks to lapse. */
		waited = true;
		calcom_sleep(fmin(pause, fmax(deadline - calcom_monotonic(), 0.0)));
		pause = fmin(pause * 2, 0.05);
	}
	efree(fetches);
	if (EG(exception)) return false;
	for (size_t i = 0; i < n; i++) {
		if (!query_open(&qs[i])) continue;
		plan_result(&qs[i].plan, &qs[i].from, &qs[i].to, &qs[i].result);
		if (c->metrics && !qs[i].fetched) calcom_metrics_note(c->metrics, "slots", "200", 0.0, true, 0);
	}
	return true;
}

ZEND_METHOD(Calcom_Client, getAvailableSlots)
{
	zend_long event_type_id, team_id = 0;
	bool team_null = true;
	zval *start, *end;
	HashTable *options = NULL;

	ZEND_PARSE_PARAMETERS_START(3, 5)
		Z_PARAM_LONG(event_type_id)
		Z_PARAM_ZVAL(start)
		Z_PARAM_ZVAL(end)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG_OR_NULL(team_id, team_null)
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	calcom_client_object *c = client_for_event_type(ZEND_THIS, event_type_id);
	if (!c) RETURN_THROWS();
	if (!team_null && team_id <= 0) {
		zend_argument_value_error(4, "must be greater than 0 or null");
		RETURN_THROWS();
	}
	zend_string *zone = c->time_zone, *tenant = NULL;
	if (options) {
		zend_string *key;
		zval *v;
		ZEND_HASH_FOREACH_STR_KEY_VAL(options, key, v) {
			ZVAL_DEREF(v);
			if (key && zend_string_equals_literal(key, "tenant")) {
				if (Z_TYPE_P(v) != IS_STRING || !tenant_valid(Z_STR_P(v))) {
					zend_argument_value_error(5, "option \"tenant\" must be 1 to 128 bytes without \"{\", \"}\" or NUL bytes");
					RETURN_THROWS();
				}
				tenant = Z_STR_P(v);
				continue;
			}
			if (!key || !zend_string_equals_literal(key, "timeZone")) {
				zend_argument_value_error(5, "contains an unknown option (expected timeZone or tenant)");
				RETURN_THROWS();
			}
			if (Z_TYPE_P(v) != IS_STRING || !calcom_valid_time_zone(Z_STR_P(v))) {
				zend_argument_value_error(5, "option \"timeZone\" must be a known time zone identifier");
				RETURN_THROWS();
			}
			zone = Z_STR_P(v);
		} ZEND_HASH_FOREACH_END();
	}
	call k;
	if (!slots_call(c, &k, "Calcom\\Client::getAvailableSlots():",
	        "Calcom\\Client::getAvailableSlots(): Argument #2 ($start)",
	        "Calcom\\Client::getAvailableSlots(): Argument #3 ($end)", event_type_id, start, end, zone)) {
		RETURN_THROWS();
	}
	if (c->cache) {
		const calcom_swr_config *cfg = calcom_swr_cache_config(c->cache);
		zend_string *t = cfg ? tenant_name(c, tenant, 5) : NULL;
		cache_query q;
		bool usable = t && cache_query_init(&q, cfg, &k, event_type_id, t);
		if (t) zend_string_release(t);
		if (EG(exception) || (usable && !cached_queries(c, &q, 1, NULL))) {
			if (usable) cache_query_dtor(&q);
			call_dtor(&k);
			RETURN_THROWS();
		}
		zval outcome;
		ZVAL_UNDEF(&outcome);
		if (usable) {
			ZVAL_COPY_VALUE(&outcome, &q.result);
			ZVAL_UNDEF(&q.result);
			cache_query_dtor(&q);
		}
		if (Z_TYPE(outcome) != IS_UNDEF) {
			call_dtor(&k);
			return_outcome(&outcome, return_value);
			return;
		}
	}
	run_one(c, &k, slots_result, return_value);
}

/* Runs the calls of queries without a result yet, in one batch. */
static void run_uncached(calcom_client_object *c, const call *calls, uint32_t n, zval *results)
{
	uint32_t *index = safe_emalloc(n, sizeof *index, 0);
	uint32_t m = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (Z_TYPE(results[i]) == IS_UNDEF) index[m++] = i;
	}
	if (m > 0) {
		call *sub = safe_emalloc(m, sizeof *sub, 0);
		zval *out = safe_emalloc(m, sizeof *out, 0);
		for (uint32_t j = 0; j < m; j++) {
			sub[j] = calls[index[j]];  /* borrowed: the originals are freed by the caller */
			ZVAL_UNDEF(&out[j]);
		}
		run_calls(c, sub, m, out, slots_result);
		for (uint32_t j = 0; j < m; j++) {
			ZVAL_COPY_VALUE(&results[index[j]], &out[j]);
		}
		efree(sub);
		efree(out);
	}
	efree(index);
}

ZEND_METHOD(Calcom_Client, getAvailableSlotsMany)
{
	HashTable *queries;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY_HT(queries)
	ZEND_PARSE_PARAMETERS_END();

	calcom_client_object *c = client_checked(ZEND_THIS);
	if (!c) RETURN_THROWS();

	uint32_t n = zend_hash_num_elements(queries);
	call *calls = safe_emalloc(n ? n : 1, sizeof *calls, 0);
	/* What the cache needs of each query (borrowed from $queries). */
	cache_query *cached = c->cache ? safe_emalloc(n ? n : 1, sizeof *cached, 0) : NULL;
	uint32_t built = 0, prepared = 0;
	zval *q;
	bool ok = true;
	const calcom_swr_config *cfg = c->cache ? calcom_swr_cache_config(c->cache) : NULL;
	if (c->cache && !cfg) ok = false;
	ZEND_HASH_FOREACH_VAL(queries, q) {
		if (!ok) break;
		char what[160];
		snprintf(what, sizeof what, "Calcom\\Client::getAvailableSlotsMany(): Argument #1 ($queries) entry %u", built);
		ZVAL_DEREF(q);
		if (Z_TYPE_P(q) != IS_ARRAY) {
			zend_type_error("%s must be of type array, %s given", what, zend_zval_type_name(q));
			ok = false;
			break;
		}
		HashTable *h = Z_ARRVAL_P(q);
		zval *id = zend_hash_str_find_deref(h, ZEND_STRL("eventTypeId"));
		zval *start = zend_hash_str_find_deref(h, ZEND_STRL("start"));
		zval *end = zend_hash_str_find_deref(h, ZEND_STRL("end"));
		zval *zone = zend_hash_str_find_deref(h, ZEND_STRL("timeZone"));
		zval *team = zend_hash_str_find_deref(h, ZEND_STRL("teamId"));
		zval *tenant = zend_hash_str_find_deref(h, ZEND_STRL("tenant"));
		if (!id || Z_TYPE_P(id) != IS_LONG) {
			zend_type_error("%s eventTypeId must be of type int", what);
			ok = false;
			break;
		}
		if (!start || !end) {
			zend_value_error("%s needs start and end", what);
			ok = false;
			break;
		}
		/* A misspelt key ("timezone") would be dropped and the query run
		 * in another zone or without its tenant. */
		zend_string *key;
		ZEND_HASH_FOREACH_STR_KEY(h, key) {
			if (!key || !(zend_string_equals_literal(key, "eventTypeId") || zend_string_equals_literal(key, "start") ||
			              zend_string_equals_literal(key, "end") || zend_string_equals_literal(key, "timeZone") ||
			              zend_string_equals_literal(key, "teamId") || zend_string_equals_literal(key, "tenant"))) {
				zend_value_error("%s has unknown key \"%s\" (expected eventTypeId, start, end, timeZone, teamId or "
					"tenant)", what, key ? ZSTR_VAL(key) : "(int)");
				ok = false;
				break;
			}
		} ZEND_HASH_FOREACH_END();
		if (!ok) break;
		if (team && Z_TYPE_P(team) != IS_NULL && (Z_TYPE_P(team) != IS_LONG || Z_LVAL_P(team) <= 0)) {
			zend_value_error("%s teamId must be a positive int or null", what);
			ok = false;
			break;
		}
		if (tenant && Z_TYPE_P(tenant) != IS_NULL && (Z_TYPE_P(tenant) != IS_STRING || !tenant_valid(Z_STR_P(tenant)))) {
			zend_value_error("%s tenant must be 1 to 128 bytes without \"{\", \"}\" or NUL bytes", what);
			ok = false;
			break;
		}
		zend_string *tz = c->time_zone;
		if (zone && Z_TYPE_P(zone) != IS_NULL) {
			if (Z_TYPE_P(zone) != IS_STRING || !calcom_valid_time_zone(Z_STR_P(zone))) {
				zend_value_error("%s timeZone must be a known time zone identifier", what);
				ok = false;
				break;
			}
			tz = Z_STR_P(zone);
		}
		char start_what[176], end_what[176];
		snprintf(start_what, sizeof start_what, "%s start", what);
		snprintf(end_what, sizeof end_what, "%s end", what);
		if (!slots_call(c, &calls[built], what, start_what, end_what, Z_LVAL_P(id), start, end, tz)) {
			ok = false;
			break;
		}
		built++;
		if (cached) {
			zend_string *t = tenant_name(c, tenant && Z_TYPE_P(tenant) == IS_STRING ? Z_STR_P(tenant) : NULL, 1);
			if (!t) {
				ok = false;
				break;
			}
			cache_query_init(&cached[prepared++], cfg, &calls[built - 1], Z_LVAL_P(id), t);
			zend_string_release(t);
			if (EG(exception)) ok = false;
		}
	} ZEND_HASH_FOREACH_END();

	if (ok && built > 0) {
		zval *results = safe_emalloc(built, sizeof *results, 0);
		for (uint32_t i = 0; i < built; i++) {
			ZVAL_UNDEF(&results[i]);
		}
		if (cached) {
			/* Queries the cache cannot answer go out with its first batch. */
			extra_calls extra = {.calls = safe_emalloc(built, sizeof(call), 0), .results = safe_emalloc(built, sizeof(zval), 0)};
			uint32_t *index = safe_emalloc(built, sizeof *index, 0);
			for (uint32_t i = 0; i < built; i++) {
				ZVAL_UNDEF(&extra.results[i]);
				if (!cached[i].planned) {
					index[extra.n] = i;
					extra.calls[extra.n++] = calls[i];
				}
			}
			ok = cached_queries(c, cached, prepared, &extra);
			for (uint32_t i = 0; ok && i < built; i++) {
				ZVAL_COPY_VALUE(&results[i], &cached[i].result);
				ZVAL_UNDEF(&cached[i].result);
			}
			for (size_t j = 0; j < extra.n; j++) {
				if (ok) ZVAL_COPY_VALUE(&results[index[j]], &extra.results[j]);
				else zval_ptr_dtor(&extra.results[j]);
			}
			efree(extra.calls);
			efree(extra.results);
			efree(index);
		}
		if (ok) {
			run_uncached(c, calls, built, results);
			/* Under the caller's keys, in the caller's order. */
			array_init_size(return_value, built);
			uint32_t i = 0;
			zend_ulong index;
			zend_string *key;
			ZEND_HASH_FOREACH_KEY(queries, index, key) {
				if (Z_TYPE(results[i]) != IS_UNDEF) {
					if (key) {
						zend_hash_update(Z_ARRVAL_P(return_value), key, &results[i]);
					} else {
						zend_hash_index_update(Z_ARRVAL_P(return_value), index, &results[i]);
					}
				}
				i++;
			} ZEND_HASH_FOREACH_END();
		} else {
			for (uint32_t i = 0; i < built; i++) zval_ptr_dtor(&results[i]);
		}
		efree(results);
	} else if (ok) {
		array_init(return_value);
	}
	for (uint32_t i = 0; i < built; i++) {
		call_dtor(&calls[i]);
	}
	for (uint32_t i = 0; i < prepared; i++) {
		cache_query_dtor(&cached[i]);
	}
	if (cached) efree(cached);
	efree(calls);
}

/* The `data` member of a successful JSON answer. */
static void data_result(calcom_client_object *c, const call *k, const calcom_http_response *r, zval *out)
{
	zend_object *e = failure(c, k, r);
	if (e) {
		ZVAL_OBJ(out, e);
		return;
	}
	zval doc;
	zval *data = NULL;
	if (php_json_decode_ex(&doc, r->body, r->body_len, PHP_JSON_OBJECT_AS_ARRAY, 64) == SUCCESS) {
		if (Z_TYPE(doc) == IS_ARRAY) {
			data = zend_hash_str_find(Z_ARRVAL(doc), ZEND_STRL("data"));
		}
		if (data) {
			ZVAL_COPY(out, data);
		}
		zval_ptr_dtor(&doc);
	}
	if (!data) {
		zend_string *msg = strpprintf(0, "%s %s: unusable response: no JSON data member", k->req.method,
			ZSTR_VAL(k->path));
		zend_string *body = zend_string_init(r->body, r->body_len, 0);
		ZVAL_OBJ(out, calcom_api_exception_new(calcom_ce_api_exception, msg, r->status, true, body,
			CALCOM_USER_SERVER_ERROR, c->lang, 0.0));
		zend_string_release(body);
		zend_string_release(msg);
	}
}

ZEND_METHOD(Calcom_Client, getEventTypes)
{
	ZEND_PARSE_PARAMETERS_NONE();
	calcom_client_object *c = client_checked(ZEND_THIS);
	if (!c) RETURN_THROWS();

	call k;
	call_init(&k, c, "GET", zend_string_init(ZEND_STRL("/event-types"), 0), EVENT_TYPES_API_VERSION);
	run_one(c, &k, data_result, return_value);
}

static void invalidate_booking(calcom_client_object *c, zval *booking);

/* ---- bookings ------------------------------------------------------------------ */

/* value as JSON, or NULL when it has none. The encoder reports NAN and INF
 * only in JSON_G(error_code) and writes them as 0, so the return value
 * alone would send a metadata {"x": NAN} as {"x": 0}. With problem given,
 * *problem says why (NULL when an exception is already pending, say from
 * a JsonSerializable). */
static zend_string *json_text_why(zval *value, const char **problem)
{
	smart_str buf = {0};
	zend_result rc = php_json_encode(&buf, value, PHP_JSON_UNESCAPED_SLASHES | PHP_JSON_UNESCAPED_UNICODE);
	int code = JSON_G(error_code);
	if (rc != SUCCESS || code != PHP_JSON_ERROR_NONE || EG(exception)) {
		smart_str_free(&buf);
		if (problem) {
			*problem = EG(exception) ? NULL
				: code == PHP_JSON_ERROR_UTF8 ? "is not valid UTF-8"
				: code == PHP_JSON_ERROR_INF_OR_NAN ? "contains NAN or INF"
				: code == PHP_JSON_ERROR_UNSUPPORTED_TYPE ? "contains a value of a type JSON cannot hold"
				: code == PHP_JSON_ERROR_DEPTH ? "is nested too deeply"
				: code == PHP_JSON_ERROR_RECURSION ? "contains a recursive reference"
				: "cannot be encoded";
		}
		return NULL;
	}
	smart_str_0(&buf);
	if (!buf.s) buf.s = ZSTR_EMPTY_ALLOC();
	return buf.s;
}

static zend_string *json_text(zval *value)
{
	return json_text_why(value, NULL);
}

/* Whether v goes into a JSON body as it is; false with a ValueError naming
 * it ("<what><where> \"<name>\" ... as JSON") thrown: what names the
 * argument ("Calcom\\Client::createBooking(): Argument #1 ($booking)"),
 * where the part of it ("" or " attendee"). */
static bool json_field_check(zval *v, const char *what, const char *where, const char *name)
{
	const char *problem = NULL;
	zend_string *json = json_text_why(v, &problem);
	if (json) {
		zend_string_release(json);
		return true;
	}
	if (problem) {
		zend_value_error("%s%s \"%s\" cannot be encoded as JSON: it %s", what, where, name, problem);
	}
	return false;
}

/* 32 random hex digits: owner tokens and the request id a booking carries. */
static bool random_id(char out[33])
{
	unsigned char bytes[16];
	if (php_random_bytes_throw(bytes, sizeof bytes) != SUCCESS) {
		return false;
	}
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < sizeof bytes; i++) {
		out[2 * i] = digits[bytes[i] >> 4];
		out[2 * i + 1] = digits[bytes[i] & 15];
	}
	out[32] = '\0';
	return true;
}

/* What createBooking learned from its argument. */
typedef struct {
	zval body;               /* the JSON body, metadata without the request id yet */
	zend_string *start_utc;  /* "2025-10-01T07:00:00Z" */
	zend_string *email;
	zend_string *phone;      /* may be NULL */
	zend_long event_type_id;
} booking_input;

static void booking_input_dtor(booking_input *in)
{
	zval_ptr_dtor(&in->body);
	if (in->start_utc) zend_string_release(in->start_utc);
	if (in->email) zend_string_release(in->email);
	if (in->phone) zend_string_release(in->phone);
}

#define BOOKING_ARG "Calcom\\Client::createBooking(): Argument #1 ($booking)"

/* The instant in UTC the way Cal.com takes booking starts:
 * "2025-10-01T07:00:00Z"; NULL (ValueError thrown) outside years 0000-9999. */
static zend_string *utc_text(const calcom_instant *at, const char *what)
{
	char utc[32];
	if (!calcom_rfc3339_format(&(calcom_instant){.epoch_ms = at->epoch_ms, .offset_min = 0}, utc, sizeof utc)) {
		zend_value_error("%s is out of range", what);
		return NULL;
	}
	memcpy(utc + 19, "Z", 2);  /* "…T07:00:00+00:00" -> "…T07:00:00Z" */
	return zend_string_init(utc, 20, 0);
}

static zval *string_field(const char *what, HashTable *h, const char *name, const char *where, bool required)
{
	zval *v = zend_hash_str_find_deref(h, name, strlen(name));
	if (!v || Z_TYPE_P(v) == IS_NULL) {
		if (required) {
			zend_value_error("%s%s \"%s\" is required", what, where, name);
		}
		return NULL;
	}
	if (Z_TYPE_P(v) != IS_STRING) {
		zend_type_error("%s%s \"%s\" must be of type string, %s given", what, where, name,
			zend_zval_type_name(v));
		return NULL;
	}
	if (required && Z_STRLEN_P(v) == 0) {
		zend_value_error("%s%s \"%s\" must not be empty", what, where, name);
		return NULL;
	}
	return v;
}

/* Validates the booking and builds the body Cal.com takes; false with an
 * Error thrown. what names it in messages: createBooking()'s argument, or
 * the params of a booking job RequestQueue::enqueue() takes. */
static bool booking_parse(calcom_client_object *c, HashTable *b, const char *what, booking_input *in)
{
	char start_what[200];
	snprintf(start_what, sizeof start_what, "%s \"start\"", what);
	memset(in, 0, sizeof *in);
	ZVAL_UNDEF(&in->body);
	zend_string *key;
	ZEND_HASH_FOREACH_STR_KEY(b, key) {
		if (!key || !(zend_string_equals_literal(key, "eventTypeId") || zend_string_equals_literal(key, "start") ||
		              zend_string_equals_literal(key, "attendee") || zend_string_equals_literal(key, "metadata") ||
		              zend_string_equals_literal(key, "lengthInMinutes") ||
		              zend_string_equals_literal(key, "bookingFieldsResponses"))) {
			zend_value_error("%s has unknown key \"%s\" (expected eventTypeId, start, attendee, metadata, "
				"lengthInMinutes or bookingFieldsResponses)", what, key ? ZSTR_VAL(key) : "(int)");
			return false;
		}
	} ZEND_HASH_FOREACH_END();

	zval *id = zend_hash_str_find_deref(b, ZEND_STRL("eventTypeId"));
	if (!id || Z_TYPE_P(id) != IS_LONG || Z_LVAL_P(id) <= 0) {
		zend_value_error("%s \"eventTypeId\" must be a positive int", what);
		return false;
	}
	in->event_type_id = Z_LVAL_P(id);

	zval *start = zend_hash_str_find_deref(b, ZEND_STRL("start"));
	int64_t days;
	if (!start || (Z_TYPE_P(start) == IS_STRING && calcom_date_parse(Z_STRVAL_P(start), Z_STRLEN_P(start), &days))) {
		zend_value_error("%s \"start\" must be a timestamp (RFC 3339 or DateTimeInterface)", what);
		return false;
	}
	calcom_instant at;
	zend_string *text = time_argument(start, start_what, false, c->time_zone, &at);
	if (!text) {
		return false;
	}
	zend_string_release(text);
	in->start_utc = utc_text(&at, start_what);
	if (!in->start_utc) {
		return false;
	}

	zval *attendee = zend_hash_str_find_deref(b, ZEND_STRL("attendee"));
	if (!attendee || Z_TYPE_P(attendee) != IS_ARRAY) {
		zend_value_error("%s \"attendee\" must be an array with name and email", what);
		return false;
	}
	HashTable *a = Z_ARRVAL_P(attendee);
	/* An unknown key would be dropped from the body without a word; a
	 * "phone" meant as phoneNumber would also leave it out of the guard key. */
	ZEND_HASH_FOREACH_STR_KEY(a, key) {
		if (!key || !(zend_string_equals_literal(key, "name") || zend_string_equals_literal(key, "email") ||
		              zend_string_equals_literal(key, "timeZone") || zend_string_equals_literal(key, "phoneNumber") ||
		              zend_string_equals_literal(key, "language"))) {
			zend_value_error("%s attendee has unknown key \"%s\" (expected name, email, timeZone, phoneNumber or "
				"language)", what, key ? ZSTR_VAL(key) : "(int)");
			return false;
		}
	} ZEND_HASH_FOREACH_END();
	zval *name = string_field(what, a, "name", " attendee", true);
	if (!name) return false;
	zval *email = string_field(what, a, "email", " attendee", true);
	if (!email) return false;
	if (!memchr(Z_STRVAL_P(email), '@', Z_STRLEN_P(email))) {
		zend_value_error("%s attendee \"email\" must be an email address", what);
		return false;
	}
	zval *tz = string_field(what, a, "timeZone", " attendee", false);
	zval *phone = string_field(what, a, "phoneNumber", " attendee", false);
	zval *language = string_field(what, a, "language", " attendee", false);
	if (EG(exception)) return false;
	if (tz && !calcom_valid_time_zone(Z_STR_P(tz))) {
		zend_value_error("%s attendee \"timeZone\" must be a known time zone identifier", what);
		return false;
	}
	in->email = zend_string_tolower(Z_STR_P(email));
	in->phone = phone ? zend_string_copy(Z_STR_P(phone)) : NULL;

	zval *metadata = zend_hash_str_find_deref(b, ZEND_STRL("metadata"));
	if (metadata && Z_TYPE_P(metadata) != IS_ARRAY && Z_TYPE_P(metadata) != IS_NULL) {
		zend_value_error("%s \"metadata\" must be an array", what);
		return false;
	}
	zval *length = zend_hash_str_find_deref(b, ZEND_STRL("lengthInMinutes"));
	if (length && (Z_TYPE_P(length) != IS_LONG || Z_LVAL_P(length) <= 0)) {
		zend_value_error("%s \"lengthInMinutes\" must be a positive int", what);
		return false;
	}
	zval *fields = zend_hash_str_find_deref(b, ZEND_STRL("bookingFieldsResponses"));
	if (fields && Z_TYPE_P(fields) != IS_ARRAY) {
		zend_value_error("%s \"bookingFieldsResponses\" must be an array", what);
		return false;
	}
	/* Everything that goes into the body must encode now: createBooking()
	 * claims the booking guard in Redis before it posts, and a body that
	 * fails only then would leave a claim that makes the next (valid)
	 * identical booking wait for its lock. */
	if (!json_field_check(name, what, " attendee", "name") ||
	    !json_field_check(email, what, " attendee", "email") ||
	    (tz && !json_field_check(tz, what, " attendee", "timeZone")) ||
	    (phone && !json_field_check(phone, what, " attendee", "phoneNumber")) ||
	    (language && !json_field_check(language, what, " attendee", "language")) ||
	    (metadata && Z_TYPE_P(metadata) == IS_ARRAY && !json_field_check(metadata, what, "", "metadata")) ||
	    (fields && !json_field_check(fields, what, "", "bookingFieldsResponses"))) {
		return false;
	}

	array_init(&in->body);
	add_assoc_str(&in->body, "start", zend_string_copy(in->start_utc));
	add_assoc_long(&in->body, "eventTypeId", in->event_type_id);
	zval att;
	array_init(&att);
	add_assoc_str(&att, "name", zend_string_copy(Z_STR_P(name)));
	add_assoc_str(&att, "email", zend_string_copy(Z_STR_P(email)));
	add_assoc_str(&att, "timeZone", zend_string_copy(tz ? Z_STR_P(tz) : c->time_zone));
	if (phone) add_assoc_str(&att, "phoneNumber", zend_string_copy(Z_STR_P(phone)));
	if (language) add_assoc_str(&att, "language", zend_string_copy(Z_STR_P(language)));
	add_assoc_zval(&in->body, "attendee", &att);
	zval meta;
	if (metadata && Z_TYPE_P(metadata) == IS_ARRAY) {
		ZVAL_ARR(&meta, zend_array_dup(Z_ARRVAL_P(metadata)));
	} else {
		array_init(&meta);
	}
	add_assoc_zval(&in->body, "metadata", &meta);
	if (length) add_assoc_long(&in->body, "lengthInMinutes", Z_LVAL_P(length));
	if (fields) {
		Z_TRY_ADDREF_P(fields);
		add_assoc_zval(&in->body, "bookingFieldsResponses", fields);
	}
	return true;
}

/* The key the booking is guarded under: per API key (tenant), per intent. */
static zend_string *guard_key(calcom_client_object *c, zend_string *prefix, const booking_input *in,
	zend_string *idempotency_key)
{
	char tenant[CALCOM_SHA1_HEX_LEN + 1], intent[CALCOM_SHA1_HEX_LEN + 1];
	calcom_sha1_hex(ZSTR_VAL(c->api_key), ZSTR_LEN(c->api_key), tenant);
	if (idempotency_key) {
		calcom_sha1_hex(ZSTR_VAL(idempotency_key), ZSTR_LEN(idempotency_key), intent);
	} else {
		/* Derived: event type, start, attendee email and phone digits. */
		smart_str raw = {0};
		smart_str_append_long(&raw, in->event_type_id);
		smart_str_appendc(&raw, '|');
		smart_str_append(&raw, in->start_utc);
		smart_str_appendc(&raw, '|');
		smart_str_append(&raw, in->email);
		smart_str_appendc(&raw, '|');
		for (size_t i = 0; in->phone && i < ZSTR_LEN(in->phone); i++) {
			char ch = ZSTR_VAL(in->phone)[i];
			if (ch >= '0' && ch <= '9') smart_str_appendc(&raw, ch);
		}
		smart_str_0(&raw);
		calcom_sha1_hex(ZSTR_VAL(raw.s), ZSTR_LEN(raw.s), intent);
		smart_str_free(&raw);
	}
	return strpprintf(0, "%sbooking:{%.16s:%s}", ZSTR_VAL(prefix), tenant, intent);
}

/* Looks for the booking that carries request_id in its metadata. 1 found
 * (into out), 0 not there, -1 could not ask (exception object in *error). */
static int reconcile(calcom_client_object *c, const booking_input *in, const char *request_id, zval *out,
	zval *error)
{
	ZVAL_UNDEF(error);
	calcom_instant at;
	calcom_rfc3339_parse(ZSTR_VAL(in->start_utc), ZSTR_LEN(in->start_utc), &at);
	char after[32], before[32];
	calcom_rfc3339_format(&(calcom_instant){.epoch_ms = at.epoch_ms - 86400000, .offset_min = 0}, after, sizeof after);
	calcom_rfc3339_format(&(calcom_instant){.epoch_ms = at.epoch_ms + 2 * 86400000, .offset_min = 0}, before,
		sizeof before);
	smart_str q = {0};
	query_param(&q, "attendeeEmail", ZSTR_VAL(in->email), ZSTR_LEN(in->email));
	query_param(&q, "afterStart", after, strlen(after));
	query_param(&q, "beforeEnd", before, strlen(before));
	query_param(&q, "take", "250", 3);
	smart_str_0(&q);
	call k;
	call_init(&k, c, "GET", zend_string_concat2(ZEND_STRL("/bookings"), ZSTR_VAL(q.s), ZSTR_LEN(q.s)),
		BOOKINGS_API_VERSION);
	smart_str_free(&q);
	zval list;
	ZVAL_UNDEF(&list);
	run_calls(c, &k, 1, &list, data_result);
	call_dtor(&k);
	if (Z_TYPE(list) == IS_OBJECT) {
		ZVAL_COPY_VALUE(error, &list);
		return -1;
	}
	if (Z_TYPE(list) != IS_ARRAY) {
		zval_ptr_dtor(&list);
		return EG(exception) ? -1 : 0;
	}
	int found = 0;
	zval *booking;
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL(list), booking) {
		if (Z_TYPE_P(booking) != IS_ARRAY) continue;
		zval *meta = zend_hash_str_find(Z_ARRVAL_P(booking), ZEND_STRL("metadata"));
		zval *rid = meta && Z_TYPE_P(meta) == IS_ARRAY ? zend_hash_str_find(Z_ARRVAL_P(meta), ZEND_STRL("calcomRequestId")) : NULL;
		zval *status = zend_hash_str_find(Z_ARRVAL_P(booking), ZEND_STRL("status"));
		if (rid && Z_TYPE_P(rid) == IS_STRING && zend_string_equals_cstr(Z_STR_P(rid), request_id, strlen(request_id)) &&
		    !(status && Z_TYPE_P(status) == IS_STRING && zend_string_equals_literal(Z_STR_P(status), "cancelled"))) {
			ZVAL_COPY(out, booking);
			found = 1;
			break;
		}
	} ZEND_HASH_FOREACH_END();
	zval_ptr_dtor(&list);
	return found;
}

typedef struct {
	calcom_redis *redis;     /* NULL without a store, or when Redis failed and on_failure allows going on */
	zend_string *key;
	char owner[33];
	bool fail_closed;
} guard_ctx;

/* Remembers the finished booking; a Redis hiccup here costs nothing but the
 * memory of it (the next caller reconciles), so it is not an error. */
static void guard_done(guard_ctx *g, zval *booking)
{
	if (!g->redis) return;
	zend_string *json = json_text(booking);
	if (json) {
		calcom_err err;
		calcom_guard_complete(g->redis, ZSTR_VAL(g->key), ZSTR_LEN(g->key), ZSTR_VAL(json), ZSTR_LEN(json),
			BOOKING_DONE_TTL, &err);
		zend_string_release(json);
	}
}

static void guard_release(guard_ctx *g)
{
	if (!g->redis) return;
	calcom_err err;
	calcom_guard_release(g->redis, ZSTR_VAL(g->key), ZSTR_LEN(g->key), g->owner, &err);
}

/* Posts the booking until it exists, reconciling before any second POST.
 * Returns the booking in out, or the exception object in out. */
static void post_booking(calcom_client_object *c, booking_input *in, const char *request_id, bool reconcile_first,
	guard_ctx *g, zval *out)
{
	zval *meta = zend_hash_str_find(Z_ARRVAL(in->body), ZEND_STRL("metadata"));
	add_assoc_string(meta, "calcomRequestId", (char *)request_id);
	zend_string *json = json_text(&in->body);
	if (!json) {
		/* booking_parse() checked every part, so only a JsonSerializable in
		 * metadata that fails the second time gets here: nothing was posted. */
		guard_release(g);
		if (!EG(exception)) zend_value_error("%s cannot be encoded as JSON", BOOKING_ARG);
		ZVAL_UNDEF(out);
		return;
	}

	uint64_t rng = (uint64_t)(calcom_monotonic() * 1e9);
	zval last_error;
	ZVAL_UNDEF(&last_error);
	bool check_first = reconcile_first;
	for (int attempt = 1; attempt <= c->retry.max_attempts; attempt++) {
		if (check_first) {
			zval error;
			int found = reconcile(c, in, request_id, out, &error);
			if (found == 1) {
				guard_done(g, out);
				goto done;
			}
			if (found < 0) {
				/* Without knowing whether the lost POST committed we must not post again. */
				if (Z_TYPE(error) == IS_OBJECT) {
					ZVAL_COPY_VALUE(out, &error);
				} else {
					ZVAL_UNDEF(out);
				}
				goto done;
			}
		}
		call k;
		call_init(&k, c, "POST", zend_string_init(ZEND_STRL("/bookings"), 0), BOOKINGS_API_VERSION);
		k.req.body = ZSTR_VAL(json);
		k.req.body_len = ZSTR_LEN(json);
		k.req.retry.max_attempts = 1;
		zval result;
		ZVAL_UNDEF(&result);
		run_calls(c, &k, 1, &result, data_result);
		bool refused = k.refused;
		call_dtor(&k);
		if (refused) {
			/* The limiter or breaker stopped it. Before any POST of ours
			 * went out that is a definite "no booking"; after a lost one it
			 * is still unknown, and the record stays for reconciliation. */
			if (attempt == 1 && !reconcile_first) guard_release(g);
			ZVAL_COPY_VALUE(out, &result);
			goto done;
		}
		if (Z_TYPE(result) == IS_ARRAY) {
			ZVAL_COPY_VALUE(out, &result);
			guard_done(g, out);
			goto done;
		}
		if (Z_TYPE(result) != IS_OBJECT) {
			ZVAL_UNDEF(out);   /* an Error is pending */
			goto done;
		}
		zval rv;
		zval *status = zend_read_property(calcom_ce_api_exception, Z_OBJ(result), ZEND_STRL("statusCode"), true, &rv);
		zend_long code = Z_TYPE_P(status) == IS_LONG ? Z_LVAL_P(status) : 0;
		zval_ptr_dtor(&last_error);
		ZVAL_COPY_VALUE(&last_error, &result);
		if (code >= 400 && code < 500) {
			/* A "taken" answer after a lost POST may be our own booking. */
			zval error;
			int found = (code == 400 || code == 409) && attempt > 1 ? reconcile(c, in, request_id, out, &error) : 0;
			if (found == 1) {
				guard_done(g, out);
				goto done;
			}
			if (found < 0) {
				zval_ptr_dtor(&error);
			}
			/* Definitely no booking of ours: let a later call try again. */
			guard_release(g);
			ZVAL_COPY(out, &last_error);
			goto done;
		}
		/* Lost: a transport failure or a 5xx, after which the booking may or
		 * may not exist. Look before posting again. */
		check_first = true;
		if (attempt < c->retry.max_attempts) {
			calcom_sleep(calcom_http_backoff(&c->retry, attempt, &rng));
		}
	}
	/* Still unknown: keep the record pending, its lock expires and the next
	 * caller reconciles. */
	ZVAL_COPY(out, &last_error);
done:
	zval_ptr_dtor(&last_error);
	zend_string_release(json);
}

/* Waits (bounded) while another process holds the booking, then claims it
 * or finds it done. Returns false with an exception thrown, or true with
 * *done set (out holds the booking) or with request_id/reconcile_first set. */
static bool guard_claim(calcom_client_object *c, guard_ctx *g, char request_id[33], bool *reconcile_first,
	bool *done, zval *out)
{
	long lock_ms = (long)(1000.0 * (2.0 * c->retry.max_attempts * c->timeout + 5.0));
	double deadline = calcom_monotonic() + lock_ms / 1000.0 + 2.0;
	double pause = 0.02;
	*done = false;
	for (;;) {
		calcom_guard state;
		calcom_err err;
		if (!calcom_guard_claim(g->redis, ZSTR_VAL(g->key), ZSTR_LEN(g->key), g->owner, request_id, lock_ms,
		        BOOKING_DONE_TTL, &state, &err)) {
			if (g->fail_closed) {
				calcom_throw_store_error(&err);
				return false;
			}
			/* on_failure "open": book without the fleet-wide guard; the
			 * reconciliation before any second POST still holds. */
			g->redis = NULL;
			return true;
		}
		if (state.state == CALCOM_GUARD_DONE) {
			bool ok = php_json_decode_ex(out, state.result, state.result_len, PHP_JSON_OBJECT_AS_ARRAY, 64) == SUCCESS;
			calcom_guard_free(&state);
			if (!ok) {
				zend_throw_exception(calcom_ce_store_exception, "stored booking is not valid JSON", 0);
				return false;
			}
			*done = true;
			return true;
		}
		if (state.state != CALCOM_GUARD_PENDING) {
			memcpy(request_id, state.request_id, strlen(state.request_id) + 1);
			*reconcile_first = state.state == CALCOM_GUARD_TAKEN_OVER;
			calcom_guard_free(&state);
			return true;
		}
		calcom_guard_free(&state);
		if (calcom_monotonic() > deadline) {
			zend_string *msg = zend_string_init(ZEND_STRL("POST /bookings: the same booking is still in progress in another process"), 0);
			zval e;
			ZVAL_OBJ(&e, calcom_api_exception_new(calcom_ce_timeout_exception, msg, 0, false, NULL,
				CALCOM_USER_UNREACHABLE, c->lang, 0.0));
			zend_string_release(msg);
			zend_throw_exception_object(&e);
			return false;
		}
		calcom_sleep(pause);
		pause = pause * 2 > 0.25 ? 0.25 : pause * 2;
	}
}

ZEND_METHOD(Calcom_Client, createBooking)
{
	HashTable *booking;
	zend_string *idempotency_key = NULL;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_ARRAY_HT(booking)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(idempotency_key)
	ZEND_PARSE_PARAMETERS_END();

	calcom_client_object *c = client_checked(ZEND_THIS);
	if (!c) RETURN_THROWS();
	if (idempotency_key && (ZSTR_LEN(idempotency_key) == 0 || ZSTR_LEN(idempotency_key) > 255)) {
		zend_argument_value_error(2, "must be between 1 and 255 bytes long");
		RETURN_THROWS();
	}
	booking_input in;
	if (!booking_parse(c, booking, BOOKING_ARG, &in)) {
		booking_input_dtor(&in);
		RETURN_THROWS();
	}

	guard_ctx g = {0};
	char request_id[33];
	bool reconcile_first = false, done = false;
	zval out;
	ZVAL_UNDEF(&out);
	bool ok = random_id(request_id);
	if (ok && c->store) {
		zend_string *prefix;
		g.redis = calcom_store_connection(c->store, &prefix, &g.fail_closed);
		ok = g.redis && random_id(g.owner);
		if (ok) {
			g.key = guard_key(c, prefix, &in, idempotency_key);
			ok = guard_claim(c, &g, request_id, &reconcile_first, &done, &out);
		}
	}
	if (ok && !done) {
		post_booking(c, &in, request_id, reconcile_first, &g, &out);
	}
	booking_input_dtor(&in);
	if (g.key) zend_string_release(g.key);

	invalidate_booking(c, &out);
	return_outcome(&out, return_value);
}

/* A booking uid as it may appear in a path. */
static bool valid_uid(zend_string *uid)
{
	if (ZSTR_LEN(uid) == 0 || ZSTR_LEN(uid) > 128) return false;
	for (size_t i = 0; i < ZSTR_LEN(uid); i++) {
		char ch = ZSTR_VAL(uid)[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_')) {
			return false;
		}
	}
	return true;
}

/* The client, when the uid argument can go into a path; else NULL with an
 * Error thrown. */
static calcom_client_object *client_for_uid(zval *this_zv, zend_string *uid)
{
	calcom_client_object *c = client_checked(this_zv);
	if (c && !valid_uid(uid)) {
		zend_argument_value_error(1, "must be a booking uid (letters, digits, - and _)");
		return NULL;
	}
	return c;
}

/* One POST about an existing booking: the result, or the exception thrown. */
static void booking_post(calcom_client_object *c, const char *what, zend_string *path, zval *body,
	zval *return_value)
{
	/* The callers checked each field (json_field_check), so this only
	 * catches what they could not foresee. */
	zend_string *json = json_text(body);
	if (!json) {
		zend_string_release(path);
		if (!EG(exception)) zend_value_error("%s cannot be encoded as JSON", what);
		return;
	}
	call k;
	call_init(&k, c, "POST", path, BOOKINGS_API_VERSION);
	k.req.body = ZSTR_VAL(json);
	k.req.body_len = ZSTR_LEN(json);
	run_one(c, &k, data_result, return_value);
	zend_string_release(json);
	/* The booking's (new) days; a rescheduled booking's old days are not in
	 * the answer and refresh when their entries go stale. */
	invalidate_booking(c, return_value);
}

/* Validates rescheduleBooking()'s $data and builds the body; false with an
 * Error thrown. arg and what name it in messages (what: "Class::method():
 * Argument #N ($name)"), so RequestQueue::enqueue() can check a job's. */
static bool reschedule_parse(calcom_client_object *c, HashTable *data, uint32_t arg, const char *what, zval *body)
{
	zval *start = zend_hash_str_find_deref(data, ZEND_STRL("start"));
	zval *reason = zend_hash_str_find_deref(data, ZEND_STRL("reschedulingReason"));
	if (!start) {
		zend_argument_value_error(arg, "must contain \"start\"");
		return false;
	}
	zend_string *key;
	ZEND_HASH_FOREACH_STR_KEY(data, key) {
		/* A misspelt key ("reason") would be dropped and the reschedule
		 * go out without what the caller meant to send. */
		if (!key || !(zend_string_equals_literal(key, "start") ||
		              zend_string_equals_literal(key, "reschedulingReason"))) {
			zend_argument_value_error(arg, "has unknown key \"%s\" (expected start or reschedulingReason)",
				key ? ZSTR_VAL(key) : "(int)");
			return false;
		}
	} ZEND_HASH_FOREACH_END();
	if (reason && Z_TYPE_P(reason) != IS_STRING && Z_TYPE_P(reason) != IS_NULL) {
		zend_argument_type_error(arg, "\"reschedulingReason\" must be of type ?string, %s given",
			zend_zval_type_name(reason));
		return false;
	}
	if (reason && Z_TYPE_P(reason) == IS_STRING && !json_field_check(reason, what, "", "reschedulingReason")) {
		return false;
	}
	/* As in createBooking(): a bare date would mean midnight in the client's
	 * zone, which is never the time a caller agreed to. */
	int64_t days;
	if (Z_TYPE_P(start) == IS_STRING && calcom_date_parse(Z_STRVAL_P(start), Z_STRLEN_P(start), &days)) {
		zend_argument_value_error(arg, "\"start\" must be a timestamp (RFC 3339 or DateTimeInterface)");
		return false;
	}
	char start_what[200];
	snprintf(start_what, sizeof start_what, "%s \"start\"", what);
	calcom_instant at;
	zend_string *text = time_argument(start, start_what, false, c->time_zone, &at);
	if (!text) return false;
	zend_string_release(text);
	zend_string *start_utc = utc_text(&at, start_what);
	if (!start_utc) return false;

	array_init(body);
	add_assoc_str(body, "start", start_utc);
	if (reason && Z_TYPE_P(reason) == IS_STRING) {
		add_assoc_str(body, "reschedulingReason", zend_string_copy(Z_STR_P(reason)));
	}
	return true;
}

ZEND_METHOD(Calcom_Client, rescheduleBooking)
{
	zend_string *uid;
	HashTable *data;

	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_STR(uid)
		Z_PARAM_ARRAY_HT(data)
	ZEND_PARSE_PARAMETERS_END();

	calcom_client_object *c = client_for_uid(ZEND_THIS, uid);
	if (!c) RETURN_THROWS();
	zval body;
	if (!reschedule_parse(c, data, 2, "Calcom\\Client::rescheduleBooking(): Argument #2 ($data)", &body)) {
		RETURN_THROWS();
	}
	booking_post(c, "Calcom\\Client::rescheduleBooking(): Argument #2 ($data)",
		strpprintf(0, "/bookings/%s/reschedule", ZSTR_VAL(uid)), &body, return_value);
	zval_ptr_dtor(&body);
}

ZEND_METHOD(Calcom_Client, cancelBooking)
{
	zend_string *uid, *reason = NULL;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_STR(uid)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(reason)
	ZEND_PARSE_PARAMETERS_END();

	calcom_client_object *c = client_for_uid(ZEND_THIS, uid);
	if (!c) RETURN_THROWS();
	if (reason && !calcom_valid_utf8(ZSTR_VAL(reason), ZSTR_LEN(reason))) {
		zend_argument_value_error(2, "must be valid UTF-8 (it goes into a JSON body)");
		RETURN_THROWS();
	}
	zval body;
	array_init(&body);
	if (reason) {
		add_assoc_str(&body, "cancellationReason", zend_string_copy(reason));
	}
	booking_post(c, "Calcom\\Client::cancelBooking(): Argument #2 ($reason)",
		strpprintf(0, "/bookings/%s/cancel", ZSTR_VAL(uid)), &body, return_value);
	zval_ptr_dtor(&body);
}

/* The Store the availability cache lives in: the cache's, else the
 * client's own (whose keys a cache on the same Store would read). */
static zend_object *cache_store(calcom_client_object *c)
{
	const calcom_swr_config *cfg = c->cache ? calcom_swr_cache_config(c->cache) : NULL;
	return cfg ? cfg->store : c->store;
}

/* A tombstone outlives any fetch that began before it, by any client: the
 * longest request the options allow (retry_budget 3600 s and one more
 * timeout of 600 s) and a margin. Readers see a miss and write over it, so
 * only its few bytes wait that long. */
#define TOMBSTONE_MS ((3600 + 600 + 60) * 1000)

/* The keys of the days a booking at instant at_ms can change in one zone:
 * the day before through seven after its local day there. */
static size_t zone_keys(zend_string *prefix, zend_string *tenant, zend_long event_type_id, int64_t at_ms,
	zend_string *zone, char (*keys)[AVAIL_KEY_MAX], const char **argv, size_t *argvlen)
{
	int64_t day;
	if (!zone_day(at_ms, zone, &day)) return 0;
	size_t n = 0;
	for (int i = 0; i < CALCOM_AVAIL_INVALIDATE_DAYS; i++) {
		size_t len = calcom_avail_key(keys[n], AVAIL_KEY_MAX, ZSTR_VAL(prefix), ZSTR_VAL(tenant), event_type_id,
			ZSTR_VAL(zone), day - 1 + i);
		if (len) {
			argv[n] = keys[n];
			argvlen[n++] = len;
		}
	}
	return n;
}

/* The zones of a SMEMBERS answer other than the one already done. */
static size_t other_zones(const redisReply *members, zend_string *done, zend_string **out, size_t cap)
{
	size_t n = 0;
	if (!members || members->type != REDIS_REPLY_ARRAY) return 0;
	for (size_t i = 0; i < members->elements && n < cap; i++) {
		const redisReply *m = members->element[i];
		if (m->type == REDIS_REPLY_STRING && !(m->len == ZSTR_LEN(done) && !memcmp(m->str, ZSTR_VAL(done), m->len))) {
			out[n++] = zend_string_init(m->str, m->len, 0);
		}
	}
	return n;
}

/* Tombstones n keys (one round trip, with also); false with err set. */
static bool tombstone(calcom_client_object *c, calcom_redis *r, size_t n, const char **argv, const size_t *argvlen,
	calcom_swr_also *also, zend_long *existed, calcom_err *err)
{
	size_t count = 0;
	if (n && !calcom_swr_invalidate(r, n, argv, argvlen, TOMBSTONE_MS, also, &count, err)) {
		if (c->cache) calcom_swr_cache_stats(c->cache)->store_errors++;
		return false;
	}
	*existed += (zend_long)count;
	return true;
}

/* At most this many zones of one tenant's event type are invalidated. */
#define INVALIDATE_MAX_ZONES 32

/* Invalidates the days a booking at instant at_ms can change, for one
 * tenant's event type, in zone and in every other zone its days are cached
 * under: one round trip (the zone set is read with the first tombstones),
 * and one more only when other zones are cached. *existed counts the cached
 * days there were. False with a StoreException thrown only under
 * on_failure "closed". */
static bool invalidate_days(calcom_client_object *c, zend_long event_type_id, int64_t at_ms, zend_string *zone,
	zend_string *tenant, zend_long *existed)
{
	*existed = 0;
	zend_object *store = cache_store(c);
	if (!store) return true;  /* no cache: nothing can be stale */
	zend_string *prefix;
	bool fail_closed;
	calcom_redis *r = calcom_store_connection(store, &prefix, &fail_closed);
	if (!r) return false;
	char zones_key[AVAIL_KEY_MAX];
	const char *smembers[2] = {"SMEMBERS", zones_key};
	size_t smembers_lens[2] = {8, calcom_avail_zones_key(zones_key, sizeof zones_key, ZSTR_VAL(prefix),
		ZSTR_VAL(tenant), event_type_id)};
	calcom_swr_also also = {.argc = 2, .argv = smembers, .lens = smembers_lens};

	char (*keys)[AVAIL_KEY_MAX] = safe_emalloc(INVALIDATE_MAX_ZONES * CALCOM_AVAIL_INVALIDATE_DAYS, AVAIL_KEY_MAX, 0);
	const char **argv = safe_emalloc(INVALIDATE_MAX_ZONES * CALCOM_AVAIL_INVALIDATE_DAYS, sizeof *argv, 0);
	size_t *argvlen = safe_emalloc(INVALIDATE_MAX_ZONES * CALCOM_AVAIL_INVALIDATE_DAYS, sizeof *argvlen, 0);
	zend_string *others[INVALIDATE_MAX_ZONES - 1];
	size_t nothers = 0;
	/* Tombstones, not DEL: a fetch that began before this cannot write its
	 * older answer back. The keys share a hash slot: one script call. */
	calcom_err err;
	size_t n = zone_keys(prefix, tenant, event_type_id, at_ms, zone, keys, argv, argvlen);
	bool ok = tombstone(c, r, n, argv, argvlen, smembers_lens[1] ? &also : NULL, existed, &err);
	if (ok) {
		nothers = other_zones(also.reply, zone, others, INVALIDATE_MAX_ZONES - 1);
		n = 0;
		for (size_t z = 0; z < nothers; z++) {
			n += zone_keys(prefix, tenant, event_type_id, at_ms, others[z], keys + n, argv + n, argvlen + n);
		}
		ok = tombstone(c, r, n, argv, argvlen, NULL, existed, &err);
	}
	if (also.reply) freeReplyObject(also.reply);
	for (size_t z = 0; z < nothers; z++) zend_string_release(others[z]);
	efree(keys);
	efree(argv);
	efree(argvlen);
	if (!ok && fail_closed) {
		calcom_throw_store_error(&err);
		return false;
	}
	return true;
}

/* After a booking, rescheduling or cancellation: its days in every zone
 * the client's tenant has them cached under. Never throws: the booking is
 * done. */
static void invalidate_booking(calcom_client_object *c, zval *booking)
{
	if (Z_TYPE_P(booking) != IS_ARRAY || !cache_store(c)) return;
	zval *start = zend_hash_str_find_deref(Z_ARRVAL_P(booking), ZEND_STRL("start"));
	zval *type = zend_hash_str_find_deref(Z_ARRVAL_P(booking), ZEND_STRL("eventTypeId"));
	calcom_instant at;
	if (!start || Z_TYPE_P(start) != IS_STRING || !type || Z_TYPE_P(type) != IS_LONG ||
	    !calcom_rfc3339_parse(Z_STRVAL_P(start), Z_STRLEN_P(start), &at)) {
		return;
	}
	zend_string *tenant = tenant_name(c, NULL, 1);
	zend_long existed;
	if (tenant) {
		invalidate_days(c, Z_LVAL_P(type), at.epoch_ms, c->time_zone, tenant, &existed);
		zend_string_release(tenant);
	}
	if (EG(exception)) zend_clear_exception();
}

ZEND_METHOD(Calcom_Client, invalidateAvailability)
{
	zend_long event_type_id;
	zval *around;
	zend_string *tenant_arg = NULL;

	ZEND_PARSE_PARAMETERS_START(2, 3)
		Z_PARAM_LONG(event_type_id)
		Z_PARAM_OBJECT_OF_CLASS(around, php_date_get_interface_ce())
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(tenant_arg)
	ZEND_PARSE_PARAMETERS_END();

	calcom_client_object *c = client_for_event_type(ZEND_THIS, event_type_id);
	if (!c) RETURN_THROWS();
	zend_string *tenant = tenant_name(c, tenant_arg, 3);
	if (!tenant) RETURN_THROWS();

	/* The instant and zone the booking lives in, as $around says them. */
	zend_string *where = calcom_date_format(Z_OBJ_P(around), "U e");
	const char *space = where ? memchr(ZSTR_VAL(where), ' ', ZSTR_LEN(where)) : NULL;
	if (!space) {
		if (where) zend_string_release(where);
		zend_string_release(tenant);
		if (!EG(exception)) zend_argument_value_error(2, "must format as a date");
		RETURN_THROWS();
	}
	zend_string *zone = zend_string_init(space + 1, ZSTR_LEN(where) - (size_t)(space + 1 - ZSTR_VAL(where)), 0);
	zend_long existed;
	bool ok = invalidate_days(c, event_type_id, ZEND_STRTOL(ZSTR_VAL(where), NULL, 10) * 1000, zone, tenant, &existed);
	zend_string_release(zone);
	zend_string_release(where);
	zend_string_release(tenant);
	if (!ok) RETURN_THROWS();
	RETURN_LONG(existed);
}

ZEND_METHOD(Calcom_Client, warm)
{
	HashTable *ids;
	zend_long days = 14;
	zend_string *tenant_arg = NULL;

	ZEND_PARSE_PARAMETERS_START(1, 3)
		Z_PARAM_ARRAY_HT(ids)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(days)
		Z_PARAM_STR_OR_NULL(tenant_arg)
	ZEND_PARSE_PARAMETERS_END();

	calcom_client_object *c = client_checked(ZEND_THIS);
	if (!c) RETURN_THROWS();
	if (!c->cache) {
		zend_throw_error(NULL, "Calcom\\Client::warm() needs the client's \"cache\" option");
		RETURN_THROWS();
	}
	if (days < 1 || days > AVAIL_MAX_DAYS) {
		zend_argument_value_error(2, "must be between 1 and %d", AVAIL_MAX_DAYS);
		RETURN_THROWS();
	}
	uint32_t n = zend_hash_num_elements(ids);
	if (n == 0) {
		/* Nothing to warm is a caller's mistake (an empty config list, a
		 * failed lookup), not a successful warm-up. */
		zend_argument_value_error(1, "must not be empty");
		RETURN_THROWS();
	}
	zval *id;
	ZEND_HASH_FOREACH_VAL(ids, id) {
		ZVAL_DEREF(id);
		if (Z_TYPE_P(id) != IS_LONG || Z_LVAL_P(id) <= 0) {
			zend_argument_value_error(1, "must contain only event type ids greater than 0");
			RETURN_THROWS();
		}
	} ZEND_HASH_FOREACH_END();
	const calcom_swr_config *cfg = calcom_swr_cache_config(c->cache);
	zend_string *tenant = tenant_name(c, tenant_arg, 3);
	if (!cfg || !tenant) RETURN_THROWS();
	int64_t today;
	if (!zone_day((int64_t)calcom_wall_ms(), c->time_zone, &today)) {
		zend_string_release(tenant);
		zend_throw_error(NULL, "Calcom\\Client::warm(): cannot tell today's date in %s", ZSTR_VAL(c->time_zone));
		RETURN_THROWS();
	}
	zend_string *prefix;
	bool fail_closed;
	calcom_redis *r = calcom_store_connection(cfg->store, &prefix, &fail_closed);
	avail_plan *plans = safe_emalloc(n ? n : 1, sizeof *plans, 0);
	avail_fetch *fetches = safe_emalloc(n ? n : 1, sizeof *fetches, 0);
	zend_long *fetched = ecalloc(n ? n : 1, sizeof *fetched);
	char *states = emalloc((size_t)days);
	uint32_t built = 0, nfetch = 0;
	ZEND_HASH_FOREACH_VAL(ids, id) {
		ZVAL_DEREF(id);
		if (!r || !plan_init(&plans[built], cfg, Z_LVAL_P(id), c->time_zone, tenant, today, (size_t)days)) break;
		calcom_err err;
		memset(states, 0, (size_t)days);
		if (!plan_read(&plans[built++], r, cfg, true, false, states, &err)) {
			calcom_swr_cache_stats(c->cache)->store_errors++;
			if (fail_closed) calcom_throw_store_error(&err);
			else zend_throw_exception_ex(calcom_ce_store_exception, 0, "Calcom\\Client::warm(): %s", err.msg);
			break;
		}
		/* Missing and stale days whose locks we got are ours; the others
		 * another process is fetching. */
		size_t lo = 0, hi = 0;
		if (span_of(states, (size_t)days, "MES", &lo, &hi)) {
			fetches[nfetch++] = (avail_fetch){.plan = &plans[built - 1], .lo = lo, .hi = hi};
			for (size_t i = lo; i <= hi; i++) fetched[built - 1] += states[i] && strchr("MES", states[i]);
		}
	} ZEND_HASH_FOREACH_END();
	if (!EG(exception) && nfetch) {
		fetch_spans(c, cfg, fetches, nfetch, CALCOM_PRIORITY_LOW, NULL);
	}
	if (!EG(exception)) {
		array_init(return_value);
		add_assoc_long(return_value, "requests", (zend_long)nfetch);
		zval per;
		array_init(&per);
		zend_long total = 0;
		for (uint32_t i = 0, f = 0; i < built; i++) {
			zval v;
			ZVAL_LONG(&v, fetched[i]);
			if (f < nfetch && fetches[f].plan == &plans[i]) {
				if (fetches[f].error) {
					ZVAL_OBJ(&v, fetches[f].error);
					fetches[f].error = NULL;
				} else {
					total += fetched[i];
				}
				f++;
			}
			zend_hash_index_update(Z_ARRVAL(per), (zend_ulong)plans[i].event_type_id, &v);
		}
		add_assoc_long(return_value, "days", total);
		add_assoc_zval(return_value, "event_types", &per);
	}
	for (uint32_t f = 0; f < nfetch; f++) {
		if (fetches[f].error) OBJ_RELEASE(fetches[f].error);
	}
	for (uint32_t i = 0; i < built; i++) plan_free(&plans[i]);
	efree(plans);
	efree(fetches);
	efree(fetched);
	efree(states);
	zend_string_release(tenant);
}

ZEND_METHOD(Calcom_Client, stats)
{
	ZEND_PARSE_PARAMETERS_NONE();
	if (!client_checked(ZEND_THIS)) RETURN_THROWS();
	calcom_http *h = worker_http();
	if (!h) RETURN_THROWS();
	const calcom_http_stats *st = calcom_http_stats_get(h);
	array_init(return_value);
	add_assoc_long(return_value, "requests", (zend_long)st->requests);
	add_assoc_long(return_value, "attempts", (zend_long)st->attempts);
	add_assoc_long(return_value, "retries", (zend_long)st->retries);
	add_assoc_long(return_value, "new_connections", (zend_long)st->new_connections);
}

bool calcom_client_slots_by(zend_object *client, zend_long event_type_id, zend_string *from, zend_string *to,
	zend_string *zone, zend_string *tenant, double deadline, zval *out, zend_long *sent)
{
	calcom_client_object *c = client_from_obj(client);
	calcom_http *h = worker_http();
	if (!h) return false;
	uint64_t before = calcom_http_stats_get(h)->requests;
	zval args[5];
	ZVAL_LONG(&args[0], event_type_id);
	ZVAL_STR(&args[1], from);
	ZVAL_STR(&args[2], to);
	ZVAL_NULL(&args[3]);
	array_init(&args[4]);
	add_assoc_str(&args[4], "timeZone", zend_string_copy(zone));
	if (tenant) add_assoc_str(&args[4], "tenant", zend_string_copy(tenant));
	double outer = c->deadline;
	c->deadline = outer > 0.0 && outer < deadline ? outer : deadline;
	zend_function *fn = zend_hash_str_find_ptr(&client->ce->function_table, ZEND_STRL("getavailableslots"));
	ZVAL_UNDEF(out);
	if (fn) zend_call_known_instance_method(fn, client, out, 5, args);
	c->deadline = outer;
	zval_ptr_dtor(&args[4]);
	*sent += (zend_long)(calcom_http_stats_get(h)->requests - before);
	return !EG(exception) && Z_TYPE_P(out) == IS_ARRAY;
}

calcom_http *calcom_worker_http(void)
{
	return worker_http();
}

zend_object *calcom_client_metrics(zend_object *client)
{
	return client_from_obj(client)->metrics;
}

zend_object *calcom_client_limiter(zend_object *client)
{
	return client_from_obj(client)->limiter;
}

void calcom_client_get_batch(zend_object *client, zend_string *const *targets, const int *priorities, size_t n,
	zval *results)
{
	calcom_client_object *c = client_from_obj(client);
	call *calls = safe_emalloc(n, sizeof *calls, 0);
	for (size_t i = 0; i < n; i++) {
		call_init(&calls[i], c, "GET", zend_string_copy(targets[i]), group_versions[path_group(targets[i])]);
		calls[i].priority = priorities[i];
		ZVAL_UNDEF(&results[i]);
	}
	run_calls(c, calls, n, results, data_result);
	for (size_t i = 0; i < n; i++) call_dtor(&calls[i]);
	efree(calls);
}

bool calcom_client_check_booking(zend_object *client, HashTable *booking, const char *what)
{
	calcom_client_object *c = client_from_obj(client);
	if (!c->api_key) {
		zend_throw_error(NULL, "Calcom\\Client object is not initialized");
		return false;
	}
	booking_input in;
	bool ok = booking_parse(c, booking, what, &in);
	booking_input_dtor(&in);
	return ok;
}

bool calcom_client_check_reschedule(zend_object *client, HashTable *data, uint32_t arg, const char *what)
{
	calcom_client_object *c = client_from_obj(client);
	if (!c->api_key) {
		zend_throw_error(NULL, "Calcom\\Client object is not initialized");
		return false;
	}
	zval body;
	if (!reschedule_parse(c, data, arg, what, &body)) return false;
	zval_ptr_dtor(&body);
	return true;
}

void calcom_client_minit(void)
{
	calcom_ce_client->create_object = client_create;
	memcpy(&client_handlers, zend_get_std_object_handlers(), sizeof client_handlers);
	client_handlers.offset = XtOffsetOf(calcom_client_object, std);
	client_handlers.free_obj = client_free;
	client_handlers.clone_obj = NULL;
}
