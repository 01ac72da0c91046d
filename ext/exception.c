/*
 * Calcom\ApiException and its children. They carry the HTTP status, the
 * response body and a message fit to be spoken to a caller.
 */
#include "php.h"
#include "zend_exceptions.h"

#include "calcom_ext.h"

/* What the voice agent may say to the caller: short, spoken, free of
 * internals. One text per situation, German and English. */
static const char *const user_messages[][2] = {
	[CALCOM_USER_UNREACHABLE] = {
		"Der Kalender ist im Moment nicht erreichbar. Bitte versuchen Sie es später noch einmal.",
		"The calendar cannot be reached right now. Please try again later.",
	},
	[CALCOM_USER_RATE_LIMITED] = {
		"Der Kalender ist gerade stark ausgelastet. Bitte versuchen Sie es in einem Moment noch einmal.",
		"The calendar is very busy right now. Please try again in a moment.",
	},
	[CALCOM_USER_SLOT_TAKEN] = {
		"Dieser Termin ist leider nicht mehr frei. Möchten Sie einen anderen Termin wählen?",
		"Sorry, this time is no longer available. Would you like to choose another one?",
	},
	[CALCOM_USER_INVALID_REQUEST] = {
		"Die Terminanfrage war leider unvollständig oder ungültig. Bitte prüfen Sie Datum und Uhrzeit.",
		"The booking request was incomplete or invalid. Please check the date and time.",
	},
	[CALCOM_USER_SERVER_ERROR] = {
		"Beim Kalender ist gerade ein Fehler aufgetreten. Bitte versuchen Sie es später noch einmal.",
		"The calendar reported an error. Please try again later.",
	},
};

calcom_user_case calcom_user_case_for(zend_long status, bool has_status)
{
	if (!has_status || status == 502 || status == 503 || status == 504 || status == 401 || status == 403) {
		return CALCOM_USER_UNREACHABLE;
	}
	if (status == 429) {
		return CALCOM_USER_RATE_LIMITED;
	}
	if (status == 409) {
		return CALCOM_USER_SLOT_TAKEN;
	}
	if (status >= 400 && status < 500) {
		return CALCOM_USER_INVALID_REQUEST;
	}
	return CALCOM_USER_SERVER_ERROR;
}

bool calcom_lang_parse(zend_string *name, calcom_lang *out)
{
	if (zend_string_equals_literal_ci(name, "de")) {
		*out = CALCOM_LANG_DE;
	} else if (zend_string_equals_literal_ci(name, "en")) {
		*out = CALCOM_LANG_EN;
	} else {
		return false;
	}
	return true;
}

static const char *default_user_message(zend_long status, bool has_status)
{
	return user_messages[calcom_user_case_for(status, has_status)][CALCOM_LANG_DE];
}

static void set_api_properties(zend_object *obj, zend_string *message, zend_long status, bool has_status,
	zend_string *body, zend_string *user_message, zval *previous)
{
	zend_update_property_str(zend_ce_exception, obj, "message", sizeof("message") - 1, message);
	zend_update_property_long(zend_ce_exception, obj, "code", sizeof("code") - 1, has_status ? status : 0);
	if (previous) {
		zend_update_property(zend_ce_exception, obj, "previous", sizeof("previous") - 1, previous);
	}
	if (has_status) {
		zend_update_property_long(calcom_ce_api_exception, obj, "statusCode", sizeof("statusCode") - 1, status);
	}
	if (body) {
		zend_update_property_str(calcom_ce_api_exception, obj, "responseBody", sizeof("responseBody") - 1, body);
	}
	if (user_message) {
		zend_update_property_str(calcom_ce_api_exception, obj, "userMessage", sizeof("userMessage") - 1,
			user_message);
	} else {
		zend_update_property_string(calcom_ce_api_exception, obj, "userMessage", sizeof("userMessage") - 1,
			default_user_message(status, has_status));
	}
}

ZEND_METHOD(Calcom_ApiException, __construct)
{
	zend_string *message = ZSTR_EMPTY_ALLOC(), *body = NULL, *user_message = NULL;
	zend_long status = 0;
	bool status_null = true;
	zval *previous = NULL;

	ZEND_PARSE_PARAMETERS_START(0, 5)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR(message)
		Z_PARAM_LONG_OR_NULL(status, status_null)
		Z_PARAM_STR_OR_NULL(body)
		Z_PARAM_STR_OR_NULL(user_message)
		Z_PARAM_OBJECT_OF_CLASS_OR_NULL(previous, zend_ce_throwable)
	ZEND_PARSE_PARAMETERS_END();

	set_api_properties(Z_OBJ_P(ZEND_THIS), message, status, !status_null, body, user_message, previous);
}

/* RateLimitException and CircuitOpenException share one constructor shape:
 * the retry delay comes second. */
static void construct_with_retry_after(INTERNAL_FUNCTION_PARAMETERS, zend_long default_status,
	bool default_has_status)
{
	zend_string *message = ZSTR_EMPTY_ALLOC(), *body = NULL, *user_message = NULL;
	double retry_after = 0.0;
	zend_long status = default_status;
	bool status_null = !default_has_status;
	zval *previous = NULL;

	ZEND_PARSE_PARAMETERS_START(0, 6)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR(message)
		Z_PARAM_DOUBLE(retry_after)
		Z_PARAM_LONG_OR_NULL(status, status_null)
		Z_PARAM_STR_OR_NULL(body)
		Z_PARAM_STR_OR_NULL(user_message)
		Z_PARAM_OBJECT_OF_CLASS_OR_NULL(previous, zend_ce_throwable)
	ZEND_PARSE_PARAMETERS_END();

	if (!(retry_after >= 0.0) || zend_isinf(retry_after)) {
		zend_argument_value_error(2, "must be a finite number greater than or equal to 0");
		RETURN_THROWS();
	}
	zend_object *obj = Z_OBJ_P(ZEND_THIS);
	set_api_properties(obj, message, status, !status_null, body, user_message, previous);
	zend_update_property_double(obj->ce, obj, "retryAfter", sizeof("retryAfter") - 1, retry_after);
}

ZEND_METHOD(Calcom_RateLimitException, __construct)
{
	construct_with_retry_after(INTERNAL_FUNCTION_PARAM_PASSTHRU, 429, true);
}

ZEND_METHOD(Calcom_CircuitOpenException, __construct)
{
	construct_with_retry_after(INTERNAL_FUNCTION_PARAM_PASSTHRU, 0, false);
}

static void return_property(INTERNAL_FUNCTION_PARAMETERS, zend_class_entry *scope, const char *name, size_t len)
{
	ZEND_PARSE_PARAMETERS_NONE();
	zval rv;
	zval *value = zend_read_property(scope, Z_OBJ_P(ZEND_THIS), name, len, true, &rv);
	RETURN_COPY_DEREF(value);
}

ZEND_METHOD(Calcom_ApiException, getStatusCode)
{
	return_property(INTERNAL_FUNCTION_PARAM_PASSTHRU, calcom_ce_api_exception, ZEND_STRL("statusCode"));
}

ZEND_METHOD(Calcom_ApiException, getUserMessage)
{
	ZEND_PARSE_PARAMETERS_NONE();
	zval rv;
	zval *value = zend_read_property(calcom_ce_api_exception, Z_OBJ_P(ZEND_THIS), ZEND_STRL("userMessage"), true, &rv);
	/* A subclass that skipped our constructor still gets a usable text. */
	if (Z_TYPE_P(value) != IS_STRING || Z_STRLEN_P(value) == 0) {
		zval *status = zend_read_property(calcom_ce_api_exception, Z_OBJ_P(ZEND_THIS), ZEND_STRL("statusCode"),
			true, &rv);
		RETURN_STRING(default_user_message(Z_TYPE_P(status) == IS_LONG ? Z_LVAL_P(status) : 0,
			Z_TYPE_P(status) == IS_LONG));
	}
	RETURN_COPY_DEREF(value);
}

ZEND_METHOD(Calcom_ApiException, getResponseBody)
{
	return_property(INTERNAL_FUNCTION_PARAM_PASSTHRU, calcom_ce_api_exception, ZEND_STRL("responseBody"));
}

ZEND_METHOD(Calcom_RateLimitException, retryAfter)
{
	return_property(INTERNAL_FUNCTION_PARAM_PASSTHRU, calcom_ce_rate_limit_exception, ZEND_STRL("retryAfter"));
}

ZEND_METHOD(Calcom_CircuitOpenException, retryAfter)
{
	return_property(INTERNAL_FUNCTION_PARAM_PASSTHRU, calcom_ce_circuit_open_exception, ZEND_STRL("retryAfter"));
}

void calcom_throw_store_error(const calcom_err *err)
{
	zend_throw_exception(calcom_ce_store_exception, err->msg, (zend_long)err->code);
}

zend_object *calcom_api_exception_new(zend_class_entry *ce, zend_string *message, zend_long status, bool has_status,
	zend_string *body, calcom_user_case user_case, calcom_lang lang, double retry_after)
{
	zval zv;
	object_init_ex(&zv, ce);
	zend_object *obj = Z_OBJ(zv);
	zend_string *user = zend_string_init(user_messages[user_case][lang], strlen(user_messages[user_case][lang]), 0);
	set_api_properties(obj, message, status, has_status, body, user, NULL);
	zend_string_release(user);
	if (ce == calcom_ce_rate_limit_exception || ce == calcom_ce_circuit_open_exception) {
		zend_update_property_double(ce, obj, "retryAfter", sizeof("retryAfter") - 1, retry_after);
	}
	return obj;
}
