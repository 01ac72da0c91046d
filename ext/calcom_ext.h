/*
 * What the binding files in ext/ share: class entries (set at MINIT by
 * calcom.c from the generated arginfo) and each class's MINIT hook.
 */
#ifndef CALCOM_EXT_H
#define CALCOM_EXT_H

#include "php.h"

#include "../src/lib/err.h"
#include "../src/redis/redis.h"

extern zend_class_entry *calcom_ce_exception;
extern zend_class_entry *calcom_ce_api_exception;
extern zend_class_entry *calcom_ce_rate_limit_exception;
extern zend_class_entry *calcom_ce_circuit_open_exception;
extern zend_class_entry *calcom_ce_timeout_exception;
extern zend_class_entry *calcom_ce_store_exception;
extern zend_class_entry *calcom_ce_store;

extern zend_class_entry *calcom_ce_client;

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

/* client.c */
void calcom_client_minit(void);

/* store.c */
void calcom_store_minit(void);
/* The Store's connection, ready for its timeouts, its key prefix (borrowed)
 * and whether callers must refuse to work without Redis (on_failure
 * "closed"); NULL with an Error thrown for an unconstructed Store. */
calcom_redis *calcom_store_connection(zend_object *store, zend_string **prefix, bool *fail_closed);
void calcom_redis_pool_dtor(zval *entry);

#endif
