/*
 * calcom — a Redis-backed resilience layer for the Cal.com v2 API.
 *
 * Module header: version, module globals and the symbols the per-class
 * binding files in ext/ share. Nothing in src/ includes this file.
 */
#ifndef PHP_CALCOM_H
#define PHP_CALCOM_H

extern zend_module_entry calcom_module_entry;
#define phpext_calcom_ptr &calcom_module_entry

#define PHP_CALCOM_VERSION "0.1.0"

#include "src/http/http.h"

ZEND_BEGIN_MODULE_GLOBALS(calcom)
	/* INI: defaults that Store options override. */
	char *redis_dsn;
	char *prefix;
	double connect_timeout;
	double read_timeout;
	bool persistent;
	bool info_ping;
	/* Persistent Redis connections of this process (or thread), keyed by
	 * endpoint identity; they outlive requests and die at GSHUTDOWN. */
	HashTable redis_pool;
	/* The Cal.com client's HTTP engine: its connection pool and curl share
	 * (DNS, TLS sessions, connections) serve every request of the worker. */
	calcom_http *http;
	/* Rate limiter buckets and breakers of this process, by Redis key: the
	 * state used while Redis is down and a Store says on_failure "local". */
	HashTable local_buckets;
	HashTable local_breakers;
	/* SwrCache objects with revalidations queued in this request (each
	 * holds a reference), and whether Calcom\runDeferred is registered
	 * as a shutdown function yet. */
	HashTable deferred_caches;
	bool deferred_registered;
	/* Calcom\Metrics objects with records to flush (each holds a reference). */
	HashTable pending_metrics;
ZEND_END_MODULE_GLOBALS(calcom)

ZEND_EXTERN_MODULE_GLOBALS(calcom)
#define CALCOM_G(v) ZEND_MODULE_GLOBALS_ACCESSOR(calcom, v)

#if defined(ZTS) && defined(COMPILE_DL_CALCOM)
ZEND_TSRMLS_CACHE_EXTERN()
#endif

#endif /* PHP_CALCOM_H */
