/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: 98f6f41ab156d77d5eccab27a2161bbf01c1a0e7 */

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_Calcom_runDeferred, 0, 0, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Calcom_ApiException___construct, 0, 0, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, message, IS_STRING, 0, "\"\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, statusCode, IS_LONG, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, responseBody, IS_STRING, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, userMessage, IS_STRING, 1, "null")
	ZEND_ARG_OBJ_INFO_WITH_DEFAULT_VALUE(0, previous, Throwable, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_ApiException_getStatusCode, 0, 0, IS_LONG, 1)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_ApiException_getUserMessage, 0, 0, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_ApiException_getResponseBody, 0, 0, IS_STRING, 1)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Calcom_RateLimitException___construct, 0, 0, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, message, IS_STRING, 0, "\"\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, retryAfter, IS_DOUBLE, 0, "0.0")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, statusCode, IS_LONG, 1, "429")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, responseBody, IS_STRING, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, userMessage, IS_STRING, 1, "null")
	ZEND_ARG_OBJ_INFO_WITH_DEFAULT_VALUE(0, previous, Throwable, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_RateLimitException_retryAfter, 0, 0, IS_DOUBLE, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Calcom_CircuitOpenException___construct, 0, 0, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, message, IS_STRING, 0, "\"\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, retryAfter, IS_DOUBLE, 0, "0.0")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, statusCode, IS_LONG, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, responseBody, IS_STRING, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, userMessage, IS_STRING, 1, "null")
	ZEND_ARG_OBJ_INFO_WITH_DEFAULT_VALUE(0, previous, Throwable, 1, "null")
ZEND_END_ARG_INFO()

#define arginfo_class_Calcom_CircuitOpenException_retryAfter arginfo_class_Calcom_RateLimitException_retryAfter

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Calcom_Store___construct, 0, 0, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, dsn, IS_STRING, 0, "\"redis://127.0.0.1:6379\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

#define arginfo_class_Calcom_Store_ping arginfo_class_Calcom_RateLimitException_retryAfter

#define arginfo_class_Calcom_Store_time arginfo_class_Calcom_RateLimitException_retryAfter

#define arginfo_class_Calcom_Store_prefix arginfo_class_Calcom_ApiException_getUserMessage

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_Store_isConnected, 0, 0, _IS_BOOL, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_Store_evalScript, 0, 1, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO(0, script, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, keys, IS_ARRAY, 0, "[]")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, args, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_Store_stats, 0, 0, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Calcom_RateLimiter___construct, 0, 0, 1)
	ZEND_ARG_OBJ_INFO(0, store, Calcom\\Store, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, name, IS_STRING, 0, "\"calcom_api\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_RateLimiter_tryAcquire, 0, 0, IS_DOUBLE, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, cost, IS_LONG, 0, "1")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, priority, IS_LONG, 0, "Calcom\\RateLimiter::PRIORITY_NORMAL")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_RateLimiter_acquire, 0, 0, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, cost, IS_LONG, 0, "1")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, priority, IS_LONG, 0, "Calcom\\RateLimiter::PRIORITY_NORMAL")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, maxWait, IS_DOUBLE, 0, "0.0")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_RateLimiter_observe, 0, 1, IS_VOID, 0)
	ZEND_ARG_TYPE_INFO(0, status, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, headers, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

#define arginfo_class_Calcom_RateLimiter_limit arginfo_class_Calcom_RateLimitException_retryAfter

#define arginfo_class_Calcom_RateLimiter_status arginfo_class_Calcom_Store_stats

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_RateLimiter_reset, 0, 0, IS_VOID, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Calcom_RateLimiter_canMakeRequest arginfo_class_Calcom_Store_isConnected

#define arginfo_class_Calcom_RateLimiter_incrementRequestCount arginfo_class_Calcom_RateLimiter_reset

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_RateLimiter_waitForAvailability, 0, 0, IS_VOID, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, maxWait, IS_DOUBLE, 0, "60.0")
ZEND_END_ARG_INFO()

#define arginfo_class_Calcom_RateLimiter_getRemainingRequests arginfo_Calcom_runDeferred

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Calcom_CircuitBreaker___construct, 0, 0, 2)
	ZEND_ARG_OBJ_INFO(0, store, Calcom\\Store, 0)
	ZEND_ARG_TYPE_INFO(0, serviceName, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, failureThreshold, IS_LONG, 0, "5")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, recoveryTimeout, IS_LONG, 0, "60")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, successThreshold, IS_LONG, 0, "2")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_CircuitBreaker_call, 0, 1, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO(0, operation, IS_CALLABLE, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Calcom_CircuitBreaker_allowRequest arginfo_class_Calcom_Store_isConnected

#define arginfo_class_Calcom_CircuitBreaker_recordSuccess arginfo_class_Calcom_RateLimiter_reset

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_CircuitBreaker_recordFailure, 0, 0, IS_VOID, 0)
	ZEND_ARG_OBJ_TYPE_MASK(0, error, Throwable, MAY_BE_LONG|MAY_BE_STRING, "1")
ZEND_END_ARG_INFO()

#define arginfo_class_Calcom_CircuitBreaker_getState arginfo_class_Calcom_ApiException_getUserMessage

#define arginfo_class_Calcom_CircuitBreaker_isOpen arginfo_class_Calcom_Store_isConnected

#define arginfo_class_Calcom_CircuitBreaker_getFailureCount arginfo_Calcom_runDeferred

#define arginfo_class_Calcom_CircuitBreaker_getSuccessCount arginfo_Calcom_runDeferred

#define arginfo_class_Calcom_CircuitBreaker_getStatus arginfo_class_Calcom_Store_stats

#define arginfo_class_Calcom_CircuitBreaker_reset arginfo_class_Calcom_RateLimiter_reset

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Calcom_SwrCache___construct, 0, 0, 1)
	ZEND_ARG_OBJ_INFO(0, store, Calcom\\Store, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_SwrCache_remember, 0, 2, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO(0, key, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, callback, IS_CALLABLE, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, freshTtl, IS_LONG, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, staleTtl, IS_LONG, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_SwrCache_get, 0, 1, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO(0, key, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, default, IS_MIXED, 0, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_SwrCache_set, 0, 2, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, key, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, value, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, freshTtl, IS_LONG, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, staleTtl, IS_LONG, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_SwrCache_delete, 0, 0, IS_LONG, 0)
	ZEND_ARG_VARIADIC_TYPE_INFO(0, keys, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_SwrCache_has, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, key, IS_STRING, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Calcom_SwrCache_runDeferred arginfo_Calcom_runDeferred

#define arginfo_class_Calcom_SwrCache_stats arginfo_class_Calcom_Store_stats

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Calcom_AlternativeFinder___construct, 0, 0, 1)
	ZEND_ARG_OBJ_INFO(0, client, Calcom\\Client, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, config, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_AlternativeFinder_setTenantContext, 0, 1, IS_STATIC, 0)
	ZEND_ARG_TYPE_INFO(0, companyId, IS_LONG, 1)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, branchId, IS_STRING, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_AlternativeFinder_findAlternatives, 0, 3, IS_ARRAY, 0)
	ZEND_ARG_OBJ_INFO(0, desiredDateTime, DateTimeInterface, 0)
	ZEND_ARG_TYPE_INFO(0, durationMinutes, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, eventTypeId, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, customerId, IS_LONG, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, preferredLanguage, IS_STRING, 1, "\'de\'")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_AlternativeFinder_buildAlternativeResponse, 0, 1, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, alternatives, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, language, IS_STRING, 0, "\'de\'")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Calcom_Client___construct, 0, 0, 1)
	ZEND_ARG_TYPE_INFO(0, apiKey, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_Client_getAvailableSlots, 0, 3, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, eventTypeId, IS_LONG, 0)
	ZEND_ARG_OBJ_TYPE_MASK(0, start, DateTimeInterface, MAY_BE_STRING, NULL)
	ZEND_ARG_OBJ_TYPE_MASK(0, end, DateTimeInterface, MAY_BE_STRING, NULL)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, teamId, IS_LONG, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_Client_getAvailableSlotsMany, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, queries, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_Client_createBooking, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, booking, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, idempotencyKey, IS_STRING, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_Client_rescheduleBooking, 0, 2, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, uid, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, data, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_Client_cancelBooking, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, uid, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, reason, IS_STRING, 1, "null")
ZEND_END_ARG_INFO()

#define arginfo_class_Calcom_Client_getEventTypes arginfo_class_Calcom_Store_stats

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_Client_invalidateAvailability, 0, 2, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, eventTypeId, IS_LONG, 0)
	ZEND_ARG_OBJ_INFO(0, around, DateTimeInterface, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, tenant, IS_STRING, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_Client_warm, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, eventTypeIds, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, days, IS_LONG, 0, "14")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, tenant, IS_STRING, 1, "null")
ZEND_END_ARG_INFO()

#define arginfo_class_Calcom_Client_stats arginfo_class_Calcom_Store_stats

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Calcom_Metrics___construct, 0, 0, 1)
	ZEND_ARG_OBJ_INFO(0, store, Calcom\\Store, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, name, IS_STRING, 0, "\"calcom\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_Metrics_record, 0, 3, IS_VOID, 0)
	ZEND_ARG_TYPE_INFO(0, endpoint, IS_STRING, 0)
	ZEND_ARG_TYPE_MASK(0, status, MAY_BE_LONG|MAY_BE_STRING, NULL)
	ZEND_ARG_TYPE_INFO(0, seconds, IS_DOUBLE, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, fromCache, _IS_BOOL, 0, "false")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, retries, IS_LONG, 0, "0")
ZEND_END_ARG_INFO()

#define arginfo_class_Calcom_Metrics_flush arginfo_Calcom_runDeferred

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_Metrics_watch, 0, 0, IS_STATIC, 0)
	ZEND_ARG_VARIADIC_OBJ_TYPE_MASK(0, components, Calcom\\RateLimiter|Calcom\\CircuitBreaker|Calcom\\RequestQueue, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Calcom_Metrics_snapshot arginfo_class_Calcom_Store_stats

#define arginfo_class_Calcom_Metrics_prometheus arginfo_class_Calcom_ApiException_getUserMessage

#define arginfo_class_Calcom_Metrics_reset arginfo_class_Calcom_RateLimiter_reset

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Calcom_RequestQueue___construct, 0, 0, 2)
	ZEND_ARG_OBJ_INFO(0, store, Calcom\\Store, 0)
	ZEND_ARG_OBJ_INFO(0, client, Calcom\\Client, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_RequestQueue_enqueue, 0, 2, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, method, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, path, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, params, IS_ARRAY, 0, "[]")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, priority, IS_LONG, 0, "Calcom\\RateLimiter::PRIORITY_NORMAL")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, callbackUrl, IS_STRING, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_RequestQueue_depth, 0, 0, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, priority, IS_LONG, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_RequestQueue_position, 0, 1, IS_LONG, 1)
	ZEND_ARG_TYPE_INFO(0, id, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_RequestQueue_estimatedWait, 0, 1, IS_DOUBLE, 1)
	ZEND_ARG_TYPE_INFO(0, id, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_RequestQueue_status, 0, 1, IS_ARRAY, 1)
	ZEND_ARG_TYPE_INFO(0, id, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_RequestQueue_result, 0, 1, IS_ARRAY, 1)
	ZEND_ARG_TYPE_INFO(0, id, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, wait, IS_DOUBLE, 0, "0.0")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Calcom_RequestQueue_work, 0, 0, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, maxJobs, IS_LONG, 0, "0")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, maxSeconds, IS_DOUBLE, 0, "0.0")
ZEND_END_ARG_INFO()


ZEND_FUNCTION(Calcom_runDeferred);
ZEND_METHOD(Calcom_ApiException, __construct);
ZEND_METHOD(Calcom_ApiException, getStatusCode);
ZEND_METHOD(Calcom_ApiException, getUserMessage);
ZEND_METHOD(Calcom_ApiException, getResponseBody);
ZEND_METHOD(Calcom_RateLimitException, __construct);
ZEND_METHOD(Calcom_RateLimitException, retryAfter);
ZEND_METHOD(Calcom_CircuitOpenException, __construct);
ZEND_METHOD(Calcom_CircuitOpenException, retryAfter);
ZEND_METHOD(Calcom_Store, __construct);
ZEND_METHOD(Calcom_Store, ping);
ZEND_METHOD(Calcom_Store, time);
ZEND_METHOD(Calcom_Store, prefix);
ZEND_METHOD(Calcom_Store, isConnected);
ZEND_METHOD(Calcom_Store, evalScript);
ZEND_METHOD(Calcom_Store, stats);
ZEND_METHOD(Calcom_RateLimiter, __construct);
ZEND_METHOD(Calcom_RateLimiter, tryAcquire);
ZEND_METHOD(Calcom_RateLimiter, acquire);
ZEND_METHOD(Calcom_RateLimiter, observe);
ZEND_METHOD(Calcom_RateLimiter, limit);
ZEND_METHOD(Calcom_RateLimiter, status);
ZEND_METHOD(Calcom_RateLimiter, reset);
ZEND_METHOD(Calcom_RateLimiter, canMakeRequest);
ZEND_METHOD(Calcom_RateLimiter, incrementRequestCount);
ZEND_METHOD(Calcom_RateLimiter, waitForAvailability);
ZEND_METHOD(Calcom_RateLimiter, getRemainingRequests);
ZEND_METHOD(Calcom_CircuitBreaker, __construct);
ZEND_METHOD(Calcom_CircuitBreaker, call);
ZEND_METHOD(Calcom_CircuitBreaker, allowRequest);
ZEND_METHOD(Calcom_CircuitBreaker, recordSuccess);
ZEND_METHOD(Calcom_CircuitBreaker, recordFailure);
ZEND_METHOD(Calcom_CircuitBreaker, getState);
ZEND_METHOD(Calcom_CircuitBreaker, isOpen);
ZEND_METHOD(Calcom_CircuitBreaker, getFailureCount);
ZEND_METHOD(Calcom_CircuitBreaker, getSuccessCount);
ZEND_METHOD(Calcom_CircuitBreaker, getStatus);
ZEND_METHOD(Calcom_CircuitBreaker, reset);
ZEND_METHOD(Calcom_SwrCache, __construct);
ZEND_METHOD(Calcom_SwrCache, remember);
ZEND_METHOD(Calcom_SwrCache, get);
ZEND_METHOD(Calcom_SwrCache, set);
ZEND_METHOD(Calcom_SwrCache, delete);
ZEND_METHOD(Calcom_SwrCache, has);
ZEND_METHOD(Calcom_SwrCache, runDeferred);
ZEND_METHOD(Calcom_SwrCache, stats);
ZEND_METHOD(Calcom_AlternativeFinder, __construct);
ZEND_METHOD(Calcom_AlternativeFinder, setTenantContext);
ZEND_METHOD(Calcom_AlternativeFinder, findAlternatives);
ZEND_METHOD(Calcom_AlternativeFinder, buildAlternativeResponse);
ZEND_METHOD(Calcom_Client, __construct);
ZEND_METHOD(Calcom_Client, getAvailableSlots);
ZEND_METHOD(Calcom_Client, getAvailableSlotsMany);
ZEND_METHOD(Calcom_Client, createBooking);
ZEND_METHOD(Calcom_Client, rescheduleBooking);
ZEND_METHOD(Calcom_Client, cancelBooking);
ZEND_METHOD(Calcom_Client, getEventTypes);
ZEND_METHOD(Calcom_Client, invalidateAvailability);
ZEND_METHOD(Calcom_Client, warm);
ZEND_METHOD(Calcom_Client, stats);
ZEND_METHOD(Calcom_Metrics, __construct);
ZEND_METHOD(Calcom_Metrics, record);
ZEND_METHOD(Calcom_Metrics, flush);
ZEND_METHOD(Calcom_Metrics, watch);
ZEND_METHOD(Calcom_Metrics, snapshot);
ZEND_METHOD(Calcom_Metrics, prometheus);
ZEND_METHOD(Calcom_Metrics, reset);
ZEND_METHOD(Calcom_RequestQueue, __construct);
ZEND_METHOD(Calcom_RequestQueue, enqueue);
ZEND_METHOD(Calcom_RequestQueue, depth);
ZEND_METHOD(Calcom_RequestQueue, position);
ZEND_METHOD(Calcom_RequestQueue, estimatedWait);
ZEND_METHOD(Calcom_RequestQueue, status);
ZEND_METHOD(Calcom_RequestQueue, result);
ZEND_METHOD(Calcom_RequestQueue, work);


static const zend_function_entry ext_functions[] = {
	ZEND_NS_FALIAS("Calcom", runDeferred, Calcom_runDeferred, arginfo_Calcom_runDeferred)
	ZEND_FE_END
};


static const zend_function_entry class_Calcom_Exception_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_Calcom_ApiException_methods[] = {
	ZEND_ME(Calcom_ApiException, __construct, arginfo_class_Calcom_ApiException___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_ApiException, getStatusCode, arginfo_class_Calcom_ApiException_getStatusCode, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_ApiException, getUserMessage, arginfo_class_Calcom_ApiException_getUserMessage, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_ApiException, getResponseBody, arginfo_class_Calcom_ApiException_getResponseBody, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Calcom_RateLimitException_methods[] = {
	ZEND_ME(Calcom_RateLimitException, __construct, arginfo_class_Calcom_RateLimitException___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_RateLimitException, retryAfter, arginfo_class_Calcom_RateLimitException_retryAfter, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Calcom_CircuitOpenException_methods[] = {
	ZEND_ME(Calcom_CircuitOpenException, __construct, arginfo_class_Calcom_CircuitOpenException___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_CircuitOpenException, retryAfter, arginfo_class_Calcom_CircuitOpenException_retryAfter, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Calcom_TimeoutException_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_Calcom_StoreException_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_Calcom_Store_methods[] = {
	ZEND_ME(Calcom_Store, __construct, arginfo_class_Calcom_Store___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_Store, ping, arginfo_class_Calcom_Store_ping, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_Store, time, arginfo_class_Calcom_Store_time, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_Store, prefix, arginfo_class_Calcom_Store_prefix, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_Store, isConnected, arginfo_class_Calcom_Store_isConnected, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_Store, evalScript, arginfo_class_Calcom_Store_evalScript, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_Store, stats, arginfo_class_Calcom_Store_stats, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Calcom_RateLimiter_methods[] = {
	ZEND_ME(Calcom_RateLimiter, __construct, arginfo_class_Calcom_RateLimiter___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_RateLimiter, tryAcquire, arginfo_class_Calcom_RateLimiter_tryAcquire, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_RateLimiter, acquire, arginfo_class_Calcom_RateLimiter_acquire, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_RateLimiter, observe, arginfo_class_Calcom_RateLimiter_observe, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_RateLimiter, limit, arginfo_class_Calcom_RateLimiter_limit, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_RateLimiter, status, arginfo_class_Calcom_RateLimiter_status, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_RateLimiter, reset, arginfo_class_Calcom_RateLimiter_reset, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_RateLimiter, canMakeRequest, arginfo_class_Calcom_RateLimiter_canMakeRequest, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_RateLimiter, incrementRequestCount, arginfo_class_Calcom_RateLimiter_incrementRequestCount, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_RateLimiter, waitForAvailability, arginfo_class_Calcom_RateLimiter_waitForAvailability, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_RateLimiter, getRemainingRequests, arginfo_class_Calcom_RateLimiter_getRemainingRequests, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Calcom_CircuitBreaker_methods[] = {
	ZEND_ME(Calcom_CircuitBreaker, __construct, arginfo_class_Calcom_CircuitBreaker___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_CircuitBreaker, call, arginfo_class_Calcom_CircuitBreaker_call, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_CircuitBreaker, allowRequest, arginfo_class_Calcom_CircuitBreaker_allowRequest, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_CircuitBreaker, recordSuccess, arginfo_class_Calcom_CircuitBreaker_recordSuccess, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_CircuitBreaker, recordFailure, arginfo_class_Calcom_CircuitBreaker_recordFailure, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_CircuitBreaker, getState, arginfo_class_Calcom_CircuitBreaker_getState, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_CircuitBreaker, isOpen, arginfo_class_Calcom_CircuitBreaker_isOpen, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_CircuitBreaker, getFailureCount, arginfo_class_Calcom_CircuitBreaker_getFailureCount, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_CircuitBreaker, getSuccessCount, arginfo_class_Calcom_CircuitBreaker_getSuccessCount, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_CircuitBreaker, getStatus, arginfo_class_Calcom_CircuitBreaker_getStatus, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_CircuitBreaker, reset, arginfo_class_Calcom_CircuitBreaker_reset, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Calcom_SwrCache_methods[] = {
	ZEND_ME(Calcom_SwrCache, __construct, arginfo_class_Calcom_SwrCache___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_SwrCache, remember, arginfo_class_Calcom_SwrCache_remember, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_SwrCache, get, arginfo_class_Calcom_SwrCache_get, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_SwrCache, set, arginfo_class_Calcom_SwrCache_set, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_SwrCache, delete, arginfo_class_Calcom_SwrCache_delete, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_SwrCache, has, arginfo_class_Calcom_SwrCache_has, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_SwrCache, runDeferred, arginfo_class_Calcom_SwrCache_runDeferred, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_SwrCache, stats, arginfo_class_Calcom_SwrCache_stats, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Calcom_AlternativeFinder_methods[] = {
	ZEND_ME(Calcom_AlternativeFinder, __construct, arginfo_class_Calcom_AlternativeFinder___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_AlternativeFinder, setTenantContext, arginfo_class_Calcom_AlternativeFinder_setTenantContext, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_AlternativeFinder, findAlternatives, arginfo_class_Calcom_AlternativeFinder_findAlternatives, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_AlternativeFinder, buildAlternativeResponse, arginfo_class_Calcom_AlternativeFinder_buildAlternativeResponse, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Calcom_Client_methods[] = {
	ZEND_ME(Calcom_Client, __construct, arginfo_class_Calcom_Client___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_Client, getAvailableSlots, arginfo_class_Calcom_Client_getAvailableSlots, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_Client, getAvailableSlotsMany, arginfo_class_Calcom_Client_getAvailableSlotsMany, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_Client, createBooking, arginfo_class_Calcom_Client_createBooking, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_Client, rescheduleBooking, arginfo_class_Calcom_Client_rescheduleBooking, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_Client, cancelBooking, arginfo_class_Calcom_Client_cancelBooking, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_Client, getEventTypes, arginfo_class_Calcom_Client_getEventTypes, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_Client, invalidateAvailability, arginfo_class_Calcom_Client_invalidateAvailability, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_Client, warm, arginfo_class_Calcom_Client_warm, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_Client, stats, arginfo_class_Calcom_Client_stats, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Calcom_Metrics_methods[] = {
	ZEND_ME(Calcom_Metrics, __construct, arginfo_class_Calcom_Metrics___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_Metrics, record, arginfo_class_Calcom_Metrics_record, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_Metrics, flush, arginfo_class_Calcom_Metrics_flush, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_Metrics, watch, arginfo_class_Calcom_Metrics_watch, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_Metrics, snapshot, arginfo_class_Calcom_Metrics_snapshot, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_Metrics, prometheus, arginfo_class_Calcom_Metrics_prometheus, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_Metrics, reset, arginfo_class_Calcom_Metrics_reset, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Calcom_RequestQueue_methods[] = {
	ZEND_ME(Calcom_RequestQueue, __construct, arginfo_class_Calcom_RequestQueue___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_RequestQueue, enqueue, arginfo_class_Calcom_RequestQueue_enqueue, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_RequestQueue, depth, arginfo_class_Calcom_RequestQueue_depth, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_RequestQueue, position, arginfo_class_Calcom_RequestQueue_position, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_RequestQueue, estimatedWait, arginfo_class_Calcom_RequestQueue_estimatedWait, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_RequestQueue, status, arginfo_class_Calcom_RequestQueue_status, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_RequestQueue, result, arginfo_class_Calcom_RequestQueue_result, ZEND_ACC_PUBLIC)
	ZEND_ME(Calcom_RequestQueue, work, arginfo_class_Calcom_RequestQueue_work, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};

static zend_class_entry *register_class_Calcom_Exception(zend_class_entry *class_entry_Throwable)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Calcom", "Exception", class_Calcom_Exception_methods);
	class_entry = zend_register_internal_interface(&ce);
	zend_class_implements(class_entry, 1, class_entry_Throwable);

	return class_entry;
}

static zend_class_entry *register_class_Calcom_ApiException(zend_class_entry *class_entry_RuntimeException, zend_class_entry *class_entry_Calcom_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Calcom", "ApiException", class_Calcom_ApiException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_RuntimeException);
	zend_class_implements(class_entry, 1, class_entry_Calcom_Exception);

	zval property_statusCode_default_value;
	ZVAL_NULL(&property_statusCode_default_value);
	zend_string *property_statusCode_name = zend_string_init("statusCode", sizeof("statusCode") - 1, 1);
	zend_declare_typed_property(class_entry, property_statusCode_name, &property_statusCode_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG|MAY_BE_NULL));
	zend_string_release(property_statusCode_name);

	zval property_responseBody_default_value;
	ZVAL_NULL(&property_responseBody_default_value);
	zend_string *property_responseBody_name = zend_string_init("responseBody", sizeof("responseBody") - 1, 1);
	zend_declare_typed_property(class_entry, property_responseBody_name, &property_responseBody_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_NULL));
	zend_string_release(property_responseBody_name);

	zval property_userMessage_default_value;
	ZVAL_EMPTY_STRING(&property_userMessage_default_value);
	zend_string *property_userMessage_name = zend_string_init("userMessage", sizeof("userMessage") - 1, 1);
	zend_declare_typed_property(class_entry, property_userMessage_name, &property_userMessage_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_userMessage_name);

	return class_entry;
}

static zend_class_entry *register_class_Calcom_RateLimitException(zend_class_entry *class_entry_Calcom_ApiException)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Calcom", "RateLimitException", class_Calcom_RateLimitException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_Calcom_ApiException);

	zval property_retryAfter_default_value;
	ZVAL_DOUBLE(&property_retryAfter_default_value, 0);
	zend_string *property_retryAfter_name = zend_string_init("retryAfter", sizeof("retryAfter") - 1, 1);
	zend_declare_typed_property(class_entry, property_retryAfter_name, &property_retryAfter_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_DOUBLE));
	zend_string_release(property_retryAfter_name);

	return class_entry;
}

static zend_class_entry *register_class_Calcom_CircuitOpenException(zend_class_entry *class_entry_Calcom_ApiException)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Calcom", "CircuitOpenException", class_Calcom_CircuitOpenException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_Calcom_ApiException);

	zval property_retryAfter_default_value;
	ZVAL_DOUBLE(&property_retryAfter_default_value, 0);
	zend_string *property_retryAfter_name = zend_string_init("retryAfter", sizeof("retryAfter") - 1, 1);
	zend_declare_typed_property(class_entry, property_retryAfter_name, &property_retryAfter_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_DOUBLE));
	zend_string_release(property_retryAfter_name);

	return class_entry;
}

static zend_class_entry *register_class_Calcom_TimeoutException(zend_class_entry *class_entry_Calcom_ApiException)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Calcom", "TimeoutException", class_Calcom_TimeoutException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_Calcom_ApiException);

	return class_entry;
}

static zend_class_entry *register_class_Calcom_StoreException(zend_class_entry *class_entry_RuntimeException, zend_class_entry *class_entry_Calcom_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Calcom", "StoreException", class_Calcom_StoreException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_RuntimeException);
	zend_class_implements(class_entry, 1, class_entry_Calcom_Exception);

	return class_entry;
}

static zend_class_entry *register_class_Calcom_Store(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Calcom", "Store", class_Calcom_Store_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NOT_SERIALIZABLE;

	zval const_ON_FAILURE_OPEN_value;
	zend_string *const_ON_FAILURE_OPEN_value_str = zend_string_init("open", strlen("open"), 1);
	ZVAL_STR(&const_ON_FAILURE_OPEN_value, const_ON_FAILURE_OPEN_value_str);
	zend_string *const_ON_FAILURE_OPEN_name = zend_string_init_interned("ON_FAILURE_OPEN", sizeof("ON_FAILURE_OPEN") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_ON_FAILURE_OPEN_name, &const_ON_FAILURE_OPEN_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_ON_FAILURE_OPEN_name);

	zval const_ON_FAILURE_CLOSED_value;
	zend_string *const_ON_FAILURE_CLOSED_value_str = zend_string_init("closed", strlen("closed"), 1);
	ZVAL_STR(&const_ON_FAILURE_CLOSED_value, const_ON_FAILURE_CLOSED_value_str);
	zend_string *const_ON_FAILURE_CLOSED_name = zend_string_init_interned("ON_FAILURE_CLOSED", sizeof("ON_FAILURE_CLOSED") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_ON_FAILURE_CLOSED_name, &const_ON_FAILURE_CLOSED_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_ON_FAILURE_CLOSED_name);

	zval const_ON_FAILURE_LOCAL_value;
	zend_string *const_ON_FAILURE_LOCAL_value_str = zend_string_init("local", strlen("local"), 1);
	ZVAL_STR(&const_ON_FAILURE_LOCAL_value, const_ON_FAILURE_LOCAL_value_str);
	zend_string *const_ON_FAILURE_LOCAL_name = zend_string_init_interned("ON_FAILURE_LOCAL", sizeof("ON_FAILURE_LOCAL") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_ON_FAILURE_LOCAL_name, &const_ON_FAILURE_LOCAL_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_ON_FAILURE_LOCAL_name);


	zend_add_parameter_attribute(zend_hash_str_find_ptr(&class_entry->function_table, "__construct", sizeof("__construct") - 1), 0, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	zend_add_parameter_attribute(zend_hash_str_find_ptr(&class_entry->function_table, "__construct", sizeof("__construct") - 1), 1, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	return class_entry;
}

static zend_class_entry *register_class_Calcom_RateLimiter(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Calcom", "RateLimiter", class_Calcom_RateLimiter_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NOT_SERIALIZABLE;

	zval const_PRIORITY_CRITICAL_value;
	ZVAL_LONG(&const_PRIORITY_CRITICAL_value, 1);
	zend_string *const_PRIORITY_CRITICAL_name = zend_string_init_interned("PRIORITY_CRITICAL", sizeof("PRIORITY_CRITICAL") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_PRIORITY_CRITICAL_name, &const_PRIORITY_CRITICAL_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_PRIORITY_CRITICAL_name);

	zval const_PRIORITY_HIGH_value;
	ZVAL_LONG(&const_PRIORITY_HIGH_value, 2);
	zend_string *const_PRIORITY_HIGH_name = zend_string_init_interned("PRIORITY_HIGH", sizeof("PRIORITY_HIGH") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_PRIORITY_HIGH_name, &const_PRIORITY_HIGH_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_PRIORITY_HIGH_name);

	zval const_PRIORITY_NORMAL_value;
	ZVAL_LONG(&const_PRIORITY_NORMAL_value, 3);
	zend_string *const_PRIORITY_NORMAL_name = zend_string_init_interned("PRIORITY_NORMAL", sizeof("PRIORITY_NORMAL") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_PRIORITY_NORMAL_name, &const_PRIORITY_NORMAL_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_PRIORITY_NORMAL_name);

	zval const_PRIORITY_LOW_value;
	ZVAL_LONG(&const_PRIORITY_LOW_value, 4);
	zend_string *const_PRIORITY_LOW_name = zend_string_init_interned("PRIORITY_LOW", sizeof("PRIORITY_LOW") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_PRIORITY_LOW_name, &const_PRIORITY_LOW_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_PRIORITY_LOW_name);

	return class_entry;
}

static zend_class_entry *register_class_Calcom_CircuitBreaker(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Calcom", "CircuitBreaker", class_Calcom_CircuitBreaker_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NOT_SERIALIZABLE;

	zval const_STATE_CLOSED_value;
	zend_string *const_STATE_CLOSED_value_str = zend_string_init("closed", strlen("closed"), 1);
	ZVAL_STR(&const_STATE_CLOSED_value, const_STATE_CLOSED_value_str);
	zend_string *const_STATE_CLOSED_name = zend_string_init_interned("STATE_CLOSED", sizeof("STATE_CLOSED") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_STATE_CLOSED_name, &const_STATE_CLOSED_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_STATE_CLOSED_name);

	zval const_STATE_OPEN_value;
	zend_string *const_STATE_OPEN_value_str = zend_string_init("open", strlen("open"), 1);
	ZVAL_STR(&const_STATE_OPEN_value, const_STATE_OPEN_value_str);
	zend_string *const_STATE_OPEN_name = zend_string_init_interned("STATE_OPEN", sizeof("STATE_OPEN") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_STATE_OPEN_name, &const_STATE_OPEN_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_STATE_OPEN_name);

	zval const_STATE_HALF_OPEN_value;
	zend_string *const_STATE_HALF_OPEN_value_str = zend_string_init("half_open", strlen("half_open"), 1);
	ZVAL_STR(&const_STATE_HALF_OPEN_value, const_STATE_HALF_OPEN_value_str);
	zend_string *const_STATE_HALF_OPEN_name = zend_string_init_interned("STATE_HALF_OPEN", sizeof("STATE_HALF_OPEN") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_STATE_HALF_OPEN_name, &const_STATE_HALF_OPEN_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_STATE_HALF_OPEN_name);

	return class_entry;
}

static zend_class_entry *register_class_Calcom_SwrCache(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Calcom", "SwrCache", class_Calcom_SwrCache_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NOT_SERIALIZABLE;

	return class_entry;
}

static zend_class_entry *register_class_Calcom_AlternativeFinder(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Calcom", "AlternativeFinder", class_Calcom_AlternativeFinder_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NOT_SERIALIZABLE;

	zval const_STRATEGY_SAME_DAY_value;
	zend_string *const_STRATEGY_SAME_DAY_value_str = zend_string_init("same_day_different_time", strlen("same_day_different_time"), 1);
	ZVAL_STR(&const_STRATEGY_SAME_DAY_value, const_STRATEGY_SAME_DAY_value_str);
	zend_string *const_STRATEGY_SAME_DAY_name = zend_string_init_interned("STRATEGY_SAME_DAY", sizeof("STRATEGY_SAME_DAY") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_STRATEGY_SAME_DAY_name, &const_STRATEGY_SAME_DAY_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_STRATEGY_SAME_DAY_name);

	zval const_STRATEGY_NEXT_WORKDAY_value;
	zend_string *const_STRATEGY_NEXT_WORKDAY_value_str = zend_string_init("next_workday_same_time", strlen("next_workday_same_time"), 1);
	ZVAL_STR(&const_STRATEGY_NEXT_WORKDAY_value, const_STRATEGY_NEXT_WORKDAY_value_str);
	zend_string *const_STRATEGY_NEXT_WORKDAY_name = zend_string_init_interned("STRATEGY_NEXT_WORKDAY", sizeof("STRATEGY_NEXT_WORKDAY") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_STRATEGY_NEXT_WORKDAY_name, &const_STRATEGY_NEXT_WORKDAY_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_STRATEGY_NEXT_WORKDAY_name);

	zval const_STRATEGY_NEXT_WEEK_value;
	zend_string *const_STRATEGY_NEXT_WEEK_value_str = zend_string_init("next_week_same_day", strlen("next_week_same_day"), 1);
	ZVAL_STR(&const_STRATEGY_NEXT_WEEK_value, const_STRATEGY_NEXT_WEEK_value_str);
	zend_string *const_STRATEGY_NEXT_WEEK_name = zend_string_init_interned("STRATEGY_NEXT_WEEK", sizeof("STRATEGY_NEXT_WEEK") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_STRATEGY_NEXT_WEEK_name, &const_STRATEGY_NEXT_WEEK_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_STRATEGY_NEXT_WEEK_name);

	zval const_STRATEGY_NEXT_AVAILABLE_value;
	zend_string *const_STRATEGY_NEXT_AVAILABLE_value_str = zend_string_init("next_available_workday", strlen("next_available_workday"), 1);
	ZVAL_STR(&const_STRATEGY_NEXT_AVAILABLE_value, const_STRATEGY_NEXT_AVAILABLE_value_str);
	zend_string *const_STRATEGY_NEXT_AVAILABLE_name = zend_string_init_interned("STRATEGY_NEXT_AVAILABLE", sizeof("STRATEGY_NEXT_AVAILABLE") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_STRATEGY_NEXT_AVAILABLE_name, &const_STRATEGY_NEXT_AVAILABLE_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_STRATEGY_NEXT_AVAILABLE_name);

	return class_entry;
}

static zend_class_entry *register_class_Calcom_Client(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Calcom", "Client", class_Calcom_Client_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NOT_SERIALIZABLE;


	zend_add_parameter_attribute(zend_hash_str_find_ptr(&class_entry->function_table, "__construct", sizeof("__construct") - 1), 0, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	return class_entry;
}

static zend_class_entry *register_class_Calcom_Metrics(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Calcom", "Metrics", class_Calcom_Metrics_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NOT_SERIALIZABLE;

	return class_entry;
}

static zend_class_entry *register_class_Calcom_RequestQueue(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Calcom", "RequestQueue", class_Calcom_RequestQueue_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NOT_SERIALIZABLE;

	return class_entry;
}
