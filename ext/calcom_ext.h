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

/* exception.c */
void calcom_throw_store_error(const calcom_err *err);

/* store.c */
void calcom_store_minit(void);
void calcom_redis_pool_dtor(zval *entry);

#endif
