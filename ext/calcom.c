/*
 * Module entry of the calcom extension: INI settings bound to module
 * globals, class registration (from the generated arginfo), the persistent
 * connection pool's lifetime, and the phpinfo() section.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <curl/curl.h>

#include "php.h"
#include "php_ini.h"
#include "zend_exceptions.h"
#include "zend_attributes.h" /* #[\SensitiveParameter] in calcom_arginfo.h */
#include "ext/spl/spl_exceptions.h"
#include "ext/standard/info.h"
#include "ext/standard/basic_functions.h"

#include "php_calcom.h"
#include "calcom_ext.h"
#include "calcom_arginfo.h"

ZEND_DECLARE_MODULE_GLOBALS(calcom)

zend_class_entry *calcom_ce_exception;
zend_class_entry *calcom_ce_api_exception;
zend_class_entry *calcom_ce_rate_limit_exception;
zend_class_entry *calcom_ce_circuit_open_exception;
zend_class_entry *calcom_ce_timeout_exception;
zend_class_entry *calcom_ce_store_exception;
zend_class_entry *calcom_ce_store;
zend_class_entry *calcom_ce_rate_limiter;
zend_class_entry *calcom_ce_circuit_breaker;
zend_class_entry *calcom_ce_client;
zend_class_entry *calcom_ce_alternative_finder;
zend_class_entry *calcom_ce_swr_cache;
zend_class_entry *calcom_ce_metrics;
zend_class_entry *calcom_ce_request_queue;

/* Timeouts must be positive: a zero or negative value would mean "wait
 * forever" to the socket layer, which is exactly the hang we exist to stop. */
static ZEND_INI_MH(OnUpdateTimeout)
{
	double value = zend_strtod(ZSTR_VAL(new_value), NULL);
	if (!(value > 0.0 && value <= 3600.0)) {
		return FAILURE;
	}
	return OnUpdateReal(entry, new_value, mh_arg1, mh_arg2, mh_arg3, stage);
}

/* The prefix ends up in every key; braces would add a Cluster hash tag. */
static ZEND_INI_MH(OnUpdatePrefix)
{
	if (strchr(ZSTR_VAL(new_value), '{') || strchr(ZSTR_VAL(new_value), '}')) {
		return FAILURE;
	}
	return OnUpdateString(entry, new_value, mh_arg1, mh_arg2, mh_arg3, stage);
}

PHP_INI_BEGIN()
	STD_PHP_INI_ENTRY("calcom.redis_dsn", "redis://127.0.0.1:6379", PHP_INI_ALL, OnUpdateString, redis_dsn,
		zend_calcom_globals, calcom_globals)
	STD_PHP_INI_ENTRY("calcom.prefix", "calcom:", PHP_INI_ALL, OnUpdatePrefix, prefix, zend_calcom_globals,
		calcom_globals)
	STD_PHP_INI_ENTRY("calcom.connect_timeout", "1.0", PHP_INI_ALL, OnUpdateTimeout, connect_timeout,
		zend_calcom_globals, calcom_globals)
	STD_PHP_INI_ENTRY("calcom.read_timeout", "1.0", PHP_INI_ALL, OnUpdateTimeout, read_timeout,
		zend_calcom_globals, calcom_globals)
	STD_PHP_INI_BOOLEAN("calcom.persistent", "1", PHP_INI_ALL, OnUpdateBool, persistent, zend_calcom_globals,
		calcom_globals)
	STD_PHP_INI_BOOLEAN("calcom.info_ping", "1", PHP_INI_ALL, OnUpdateBool, info_ping, zend_calcom_globals,
		calcom_globals)
PHP_INI_END()

static PHP_GINIT_FUNCTION(calcom)
{
#if defined(COMPILE_DL_CALCOM) && defined(ZTS)
	ZEND_TSRMLS_CACHE_UPDATE();
#endif
	memset(calcom_globals, 0, sizeof *calcom_globals);
	zend_hash_init(&calcom_globals->redis_pool, 4, NULL, calcom_redis_pool_dtor, 1);
	zend_hash_init(&calcom_globals->local_buckets, 4, NULL, calcom_local_state_dtor, 1);
	zend_hash_init(&calcom_globals->local_breakers, 4, NULL, calcom_local_state_dtor, 1);
}

static PHP_GSHUTDOWN_FUNCTION(calcom)
{
	zend_hash_destroy(&calcom_globals->redis_pool);
	zend_hash_destroy(&calcom_globals->local_buckets);
	zend_hash_destroy(&calcom_globals->local_breakers);
	calcom_http_free(calcom_globals->http);
}

static PHP_MINIT_FUNCTION(calcom)
{
	REGISTER_INI_ENTRIES();
	/* Reference-counted by libcurl: ext/curl doing the same is fine. */
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		return FAILURE;
	}

	calcom_ce_exception = register_class_Calcom_Exception(zend_ce_throwable);
	calcom_ce_api_exception = register_class_Calcom_ApiException(spl_ce_RuntimeException, calcom_ce_exception);
	calcom_ce_rate_limit_exception = register_class_Calcom_RateLimitException(calcom_ce_api_exception);
	calcom_ce_circuit_open_exception = register_class_Calcom_CircuitOpenException(calcom_ce_api_exception);
	calcom_ce_timeout_exception = register_class_Calcom_TimeoutException(calcom_ce_api_exception);
	calcom_ce_store_exception = register_class_Calcom_StoreException(spl_ce_RuntimeException, calcom_ce_exception);
	calcom_ce_store = register_class_Calcom_Store();
	calcom_store_minit();
	calcom_ce_rate_limiter = register_class_Calcom_RateLimiter();
	calcom_rate_limiter_minit();
	calcom_ce_circuit_breaker = register_class_Calcom_CircuitBreaker();
	calcom_circuit_breaker_minit();
	calcom_ce_swr_cache = register_class_Calcom_SwrCache();
	calcom_swr_cache_minit();
	calcom_ce_client = register_class_Calcom_Client();
	calcom_client_minit();
	calcom_ce_alternative_finder = register_class_Calcom_AlternativeFinder();
	calcom_alternative_finder_minit();
	calcom_ce_metrics = register_class_Calcom_Metrics();
	calcom_metrics_minit();
	calcom_ce_request_queue = register_class_Calcom_RequestQueue();
	calcom_request_queue_minit();

	return SUCCESS;
}

static PHP_MSHUTDOWN_FUNCTION(calcom)
{
	UNREGISTER_INI_ENTRIES();
	/* GSHUTDOWN runs after us: libcurl handles must go before its cleanup. */
	calcom_http_free(CALCOM_G(http));
	CALCOM_G(http) = NULL;
	curl_global_cleanup();
	return SUCCESS;
}

static PHP_RINIT_FUNCTION(calcom)
{
#if defined(COMPILE_DL_CALCOM) && defined(ZTS)
	ZEND_TSRMLS_CACHE_UPDATE();
#endif
	zend_hash_init(&CALCOM_G(deferred_caches), 4, NULL, ZVAL_PTR_DTOR, 0);
	zend_hash_init(&CALCOM_G(pending_metrics), 4, NULL, ZVAL_PTR_DTOR, 0);
	CALCOM_G(deferred_registered) = false;
	return SUCCESS;
}

void calcom_register_shutdown_hook(void)
{
	if (CALCOM_G(deferred_registered)) return;
	CALCOM_G(deferred_registered) = true;
	static const char *const hooks[] = {"fastcgi_finish_request", "calcom\\rundeferred"};
	for (size_t i = 0; i < 2; i++) {
		if (!zend_hash_str_exists(CG(function_table), hooks[i], strlen(hooks[i]))) continue;
		php_shutdown_function_entry entry;
		memset(&entry, 0, sizeof entry);
		zval name;
		ZVAL_STRING(&name, hooks[i]);
		if (zend_fcall_info_init(&name, 0, &entry.fci, &entry.fci_cache, NULL, NULL) != SUCCESS ||
		    !append_user_shutdown_function(&entry)) {
			zval_ptr_dtor(&name);
		}
	}
}

static PHP_RSHUTDOWN_FUNCTION(calcom)
{
	/* Caches whose jobs came too late for the shutdown functions: their
	 * locks lapse by themselves. Metrics recorded that late are still
	 * flushed (the objects live on in the hash until then). */
	zend_hash_destroy(&CALCOM_G(deferred_caches));
	calcom_metrics_flush_pending(true);
	zend_hash_destroy(&CALCOM_G(pending_metrics));
	return SUCCESS;
}

/* Pings calcom.redis_dsn with a short connect timeout on a throwaway
 * connection, so phpinfo() tells an operator whether Redis answers. */
static void info_redis_reachability(void)
{
	calcom_dsn dsn;
	calcom_err err;
	char line[CALCOM_ERR_MSG_MAX + 64];

	if (!calcom_dsn_parse(CALCOM_G(redis_dsn), strlen(CALCOM_G(redis_dsn)), &dsn, &err)) {
		snprintf(line, sizeof line, "invalid calcom.redis_dsn: %s", err.msg);
		php_info_print_table_row(2, "Redis reachable", line);
		return;
	}
	double timeout = CALCOM_G(connect_timeout) < 0.5 ? CALCOM_G(connect_timeout) : 0.5;
	calcom_redis *r = calcom_redis_new(&dsn, timeout, timeout);
	calcom_dsn_wipe(&dsn);
	if (!r) {
		return;
	}
	double now;
	if (calcom_redis_time(r, &now, &err)) {
		snprintf(line, sizeof line, "yes (%s)", calcom_redis_endpoint(r));
	} else {
		snprintf(line, sizeof line, "no: %s", err.msg);
	}
	calcom_redis_free(r);
	php_info_print_table_row(2, "Redis reachable", line);
}

static PHP_MINFO_FUNCTION(calcom)
{
	char hiredis_version[32];
	snprintf(hiredis_version, sizeof hiredis_version, "%d.%d.%d", HIREDIS_MAJOR, HIREDIS_MINOR, HIREDIS_PATCH);
	curl_version_info_data *curl = curl_version_info(CURLVERSION_NOW);

	php_info_print_table_start();
	php_info_print_table_header(2, "calcom support", "enabled");
	php_info_print_table_row(2, "Version", PHP_CALCOM_VERSION);
	php_info_print_table_row(2, "hiredis", hiredis_version);
	php_info_print_table_row(2, "libcurl", curl->version);
	php_info_print_table_row(2, "libcurl TLS", curl->ssl_version ? curl->ssl_version : "none");
	php_info_print_table_row(2, "Persistent Redis connections",
		zend_hash_num_elements(&CALCOM_G(redis_pool)) ? "in use" : "none yet");
	if (CALCOM_G(info_ping)) {
		info_redis_reachability();
	}
	php_info_print_table_end();

	DISPLAY_INI_ENTRIES();
}

static const zend_module_dep calcom_deps[] = {
	ZEND_MOD_REQUIRED("spl")
	ZEND_MOD_REQUIRED("json")
	ZEND_MOD_REQUIRED("date")
	ZEND_MOD_REQUIRED("standard")
	ZEND_MOD_END
};

zend_module_entry calcom_module_entry = {
	STANDARD_MODULE_HEADER_EX,
	NULL,
	calcom_deps,
	"calcom",
	ext_functions,
	PHP_MINIT(calcom),
	PHP_MSHUTDOWN(calcom),
	PHP_RINIT(calcom),
	PHP_RSHUTDOWN(calcom),
	PHP_MINFO(calcom),
	PHP_CALCOM_VERSION,
	PHP_MODULE_GLOBALS(calcom),
	PHP_GINIT(calcom),
	PHP_GSHUTDOWN(calcom),
	NULL,
	STANDARD_MODULE_PROPERTIES_EX
};

#ifdef COMPILE_DL_CALCOM
#ifdef ZTS
ZEND_TSRMLS_CACHE_DEFINE()
#endif
ZEND_GET_MODULE(calcom)
#endif
