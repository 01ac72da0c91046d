/*
 * What the binding files in ext/ share: class entries (set at MINIT by
 * calcom.c from the generated arginfo) and each class's MINIT hook.
 */
#ifndef CALCOM_EXT_H
#define CALCOM_EXT_H

#include "php.h"

#include "../src/lib/err.h"
#include "../src/gate/gate.h"
#include "../src/redis/redis.h"
#include "../src/http/http.h"

extern zend_class_entry *calcom_ce_exception;
extern zend_class_entry *calcom_ce_api_exception;
extern zend_class_entry *calcom_ce_rate_limit_exception;
extern zend_class_entry *calcom_ce_circuit_open_exception;
extern zend_class_entry *calcom_ce_timeout_exception;
extern zend_class_entry *calcom_ce_store_exception;
extern zend_class_entry *calcom_ce_store;

extern zend_class_entry *calcom_ce_rate_limiter;
extern zend_class_entry *calcom_ce_circuit_breaker;
extern zend_class_entry *calcom_ce_client;
extern zend_class_entry *calcom_ce_alternative_finder;
extern zend_class_entry *calcom_ce_swr_cache;
extern zend_class_entry *calcom_ce_metrics;
extern zend_class_entry *calcom_ce_request_queue;

/* calcom.c: makes sure Calcom\runDeferred() runs at request shutdown,
 * after fastcgi_finish_request() where the SAPI has it. */
void calcom_register_shutdown_hook(void);

/* exception.c */
typedef enum { CALCOM_LANG_DE = 0, CALCOM_LANG_EN = 1 } calcom_lang;

/* The situations a caller hears about (ApiException::getUserMessage()). */
typedef enum {
	CALCOM_USER_UNREACHABLE,
	CALCOM_USER_RATE_LIMITED,
	CALCOM_USER_SLOT_TAKEN,
	CALCOM_USER_INVALID_REQUEST,
	CALCOM_USER_SERVER_ERROR
} calcom_user_case;

void calcom_throw_store_error(const calcom_err *err);
calcom_user_case calcom_user_case_for(zend_long status, bool has_status);
bool calcom_lang_parse(zend_string *name, calcom_lang *out);
/* A new ApiException (or subclass ce) with its user message in lang;
 * retry_after is used by RateLimitException and CircuitOpenException. */
zend_object *calcom_api_exception_new(zend_class_entry *ce, zend_string *message, zend_long status, bool has_status,
	zend_string *body, calcom_user_case user_case, calcom_lang lang, double retry_after);

/* alternative_finder.c */
void calcom_alternative_finder_minit(void);

/* client.c */
void calcom_client_minit(void);
/* A DateTimeZone for name in tz; false (nothing thrown) if PHP knows no such zone. */
bool calcom_time_zone_object(zend_string *name, zval *tz);
bool calcom_valid_time_zone(zend_string *name);
/* $date->format($format), or NULL when it did not give a string. */
zend_string *calcom_date_format(zend_object *date, const char *format);
/* A DateTimeImmutable of the instant (whole seconds) shown in zone; false
 * with nothing thrown when PHP cannot make it. */
bool calcom_instant_object(int64_t epoch_ms, zend_string *zone, zval *out);
/* "YYYY-MM-DD" of a day number (days since 1970-01-01). */
zend_string *calcom_day_text(int64_t day);
/* For Calcom\AlternativeFinder: client->getAvailableSlots($eventTypeId,
 * $from, $to, null, ['timeZone' => zone, 'tenant' => tenant]) (tenant NULL:
 * the client's own) with every wait and request ending by deadline
 * (monotonic seconds). *sent grows by the requests sent to Cal.com. False
 * with an exception thrown. */
/* For Calcom\RequestQueue: n GETs of targets (path and query below the
 * base URL) at their limiter priorities, in one batch; results[i] is the
 * response's data or the ApiException object (UNDEF for all, with the
 * exception pending, when the gate's Redis failed under on_failure "closed"). */
void calcom_client_get_batch(zend_object *client, zend_string *const *targets, const int *priorities, size_t n,
	zval *results);
/* For Calcom\RequestQueue::enqueue(): whether a booking job's params are
 * what createBooking() (or rescheduleBooking()'s $data) takes; false with
 * the ValueError or TypeError thrown, named by what ("Class::method():
 * Argument #N ($name)") and arg. */
bool calcom_client_check_booking(zend_object *client, HashTable *booking, const char *what);
bool calcom_client_check_reschedule(zend_object *client, HashTable *data, uint32_t arg, const char *what);
/* The worker's HTTP engine (NULL with an Error thrown). */
calcom_http *calcom_worker_http(void);
/* The client's metrics and limiter, or NULL. */
zend_object *calcom_client_metrics(zend_object *client);
zend_object *calcom_client_limiter(zend_object *client);
bool calcom_client_slots_by(zend_object *client, zend_long event_type_id, zend_string *from, zend_string *to,
	zend_string *zone, zend_string *tenant, double deadline, zval *out, zend_long *sent);

/* swr_cache.c */
typedef struct {
	zend_object *store;
	int64_t fresh_ms, stale_ms, lock_ms;
	double wait_s;
	double beta;                 /* XFetch early refresh, 0 = off */
	bool inline_revalidate;
} calcom_swr_config;

typedef struct {
	uint64_t fresh_hits, stale_hits, misses, revalidations, coalesced_waits, errors_served_stale, store_errors;
} calcom_swr_stats;

void calcom_swr_cache_minit(void);
/* The cache's settings; NULL with an Error thrown when unconstructed. */
const calcom_swr_config *calcom_swr_cache_config(zend_object *cache);
calcom_swr_stats *calcom_swr_cache_stats(zend_object *cache);
/* Queues a native revalidation to run with the cache's deferred ones;
 * dtor frees data whether or not run ran. */
void calcom_swr_cache_defer(zend_object *cache, void (*run)(void *data), void (*dtor)(void *data), void *data);
/* -ln(U) for U uniform in (0, 1]: the XFetch draw. */
double calcom_swr_draw(void);
/* PHP's serialize() of value (NULL with the exception pending) and its
 * inverse (false, nothing pending, for anything unreadable). */
zend_string *calcom_swr_serialize(zval *value);
bool calcom_swr_unserialize(const char *payload, size_t len, zval *out);

/* store.c */
typedef enum { CALCOM_ON_FAILURE_OPEN, CALCOM_ON_FAILURE_CLOSED, CALCOM_ON_FAILURE_LOCAL } calcom_on_failure;

void calcom_store_minit(void);
/* What the components do when this Store's Redis fails. */
calcom_on_failure calcom_store_on_failure(zend_object *store);
/* The Store's connection, ready for its timeouts, its key prefix (borrowed)
 * and whether callers must refuse to work without Redis (on_failure
 * "closed"); NULL with an Error thrown for an unconstructed Store. */
calcom_redis *calcom_store_connection(zend_object *store, zend_string **prefix, bool *fail_closed);
/* The same for one blocking command of up to wait_s seconds: the read
 * timeout is the Store's plus wait_s until the next use. */
calcom_redis *calcom_store_blocking_connection(zend_object *store, double wait_s, bool *fail_closed);
void calcom_redis_pool_dtor(zval *entry);

/* gate.c: the rate limiter's and breakers' state through a Store, in Redis
 * or, when Redis fails, as the Store's on_failure says: "open" lets every
 * request through, "closed" throws StoreException, "local" keeps this
 * process's own state. Each returns false with an exception thrown. */
typedef struct {
	zend_object *store;
	zend_string *key;
	const calcom_limiter_config *cfg;
} calcom_ext_bucket;

typedef struct {
	zend_object *store;
	zend_string *key;
	const calcom_breaker_config *cfg;
} calcom_ext_breaker;

/* Where a view came from. */
typedef enum { CALCOM_SOURCE_REDIS, CALCOM_SOURCE_LOCAL, CALCOM_SOURCE_UNAVAILABLE } calcom_source;

const char *calcom_source_name(calcom_source source);
void calcom_local_state_dtor(zval *entry);
/* "<prefix><component>:{<name>}:<field>" */
zend_string *calcom_component_key(zend_object *store, const char *component, zend_string *name, const char *field);
/* Validates a component name (argument arg_num, or its option of that name
 * when option is not NULL); false with a ValueError thrown. */
bool calcom_component_name_check(zend_string *name, uint32_t arg_num, const char *option);
/* A random lease id for a half-open probe. */
void calcom_lease_id(char out[17]);

bool calcom_ext_take(const calcom_ext_bucket *b, double cost, int priority, bool force, double *wait_s);
bool calcom_ext_learn(const calcom_ext_bucket *b, const calcom_limiter_signal *sig);
bool calcom_ext_peek(const calcom_ext_bucket *b, calcom_limiter_view *view, calcom_source *source);
bool calcom_ext_allow(const calcom_ext_breaker *br, const char *lease_id, calcom_breaker_verdict *verdict,
	double *retry_s, bool *clean);
bool calcom_ext_record(const calcom_ext_breaker *br, int successes, const int *weights, size_t nweights, double hint_s,
	const char *lease_id);
bool calcom_ext_look(const calcom_ext_breaker *br, calcom_breaker_status *status, calcom_source *source);
/* Deletes a component's key, in Redis and in this process. */
bool calcom_ext_forget(zend_object *store, zend_string *key, bool breaker);
bool calcom_ext_before(const calcom_ext_bucket *b, const calcom_ext_breaker *br, double cost, int priority,
	const char *lease_id, calcom_gate_pass *out);
bool calcom_ext_after(const calcom_ext_bucket *b, const calcom_limiter_signal *sig, const calcom_ext_breaker *br,
	int successes, const int *weights, size_t nweights, double hint_s, const char *lease_id);

/* metrics.c */
void calcom_metrics_minit(void);
/* Counts one request of endpoint group `endpoint` (see src/metrics/metrics.h
 * for the status words); the request flushes it at shutdown. */
void calcom_metrics_note(zend_object *metrics, const char *endpoint, const char *status, double seconds,
	bool from_cache, int retries);
/* Flushes now; false with a StoreException thrown (on_failure "closed"). */
bool calcom_metrics_flush_now(zend_object *metrics);
/* Flushes every Metrics with records; at_shutdown swallows exceptions. */
void calcom_metrics_flush_pending(bool at_shutdown);
/* Components the snapshot shows: a limiter; a breaker's state key with the
 * settings of `breaker`; a queue's key base in `store`. */
void calcom_metrics_watch_limiter(zend_object *metrics, zend_object *limiter, zend_string *name);
void calcom_metrics_watch_breaker(zend_object *metrics, zend_object *breaker, zend_string *name, zend_string *key);
void calcom_metrics_watch_queue(zend_object *metrics, zend_object *store, zend_string *name, zend_string *base);

/* request_queue.c */
void calcom_request_queue_minit(void);
/* Adds the queue to metrics' watch list; false with an Error thrown when unconstructed. */
bool calcom_request_queue_watch(zend_object *queue, zend_object *metrics);

/* options.c: one option of an options array (argument arg); false with a
 * TypeError or ValueError naming it. */
bool calcom_option_number(zval *v, uint32_t arg, const char *name, double min, double max, double *out);
bool calcom_option_int(zval *v, uint32_t arg, const char *name, zend_long min, zend_long max, zend_long *out);
bool calcom_option_bool(zval *v, uint32_t arg, const char *name, bool *out);
bool calcom_option_object(zval *v, uint32_t arg, const char *name, zend_class_entry *ce, zend_object **out);
/* Whether s holds only well-formed UTF-8 (what ext/json and Prometheus take). */
bool calcom_valid_utf8(const char *s, size_t len);

/* rate_limiter.c */
void calcom_rate_limiter_minit(void);
/* The limiter's bucket; NULL with an Error thrown when unconstructed. */
const calcom_ext_bucket *calcom_rate_limiter_bucket(zend_object *limiter);
/* Its name (borrowed); call after calcom_rate_limiter_bucket succeeded. */
zend_string *calcom_rate_limiter_name(zend_object *limiter);
/* The seconds and server's word in a Cal.com answer's headers (header
 * lookup through `find`, so both PHP arrays and raw responses serve). */
void calcom_limiter_signal_read(calcom_limiter_signal *sig, long status,
	bool (*find)(void *ctx, const char *name, const char **value, size_t *len), void *ctx);

/* circuit_breaker.c */
void calcom_circuit_breaker_minit(void);
/* The breaker's parts; NULL with an Error thrown when unconstructed. */
const calcom_ext_breaker *calcom_circuit_breaker_parts(zend_object *breaker, zend_string **name);
/* The CircuitOpenException for a refusal. */
zend_object *calcom_circuit_open_exception(zend_string *service, double retry_s, calcom_lang lang);

#endif
