/*
 * Calcom\Store: the Redis connection the components share.
 *
 * A persistent Store borrows its connection from the per-process pool in
 * module globals (one per endpoint, database and credentials), so a PHP-FPM
 * worker keeps one socket across requests. A non-persistent Store owns its
 * connection and closes it when the object dies.
 */
#include "php.h"
#include "zend_exceptions.h"

#include "php_calcom.h"
#include "calcom_ext.h"
#include "../src/lib/clock.h"

typedef struct {
	calcom_redis *redis;        /* NULL until the constructor succeeded */
	bool persistent;            /* redis belongs to the pool, not to us */
	double connect_timeout;
	double read_timeout;
	calcom_on_failure on_failure;
	zend_string *prefix;
	zend_object std;
} calcom_store_object;

static zend_object_handlers store_handlers;

static inline calcom_store_object *store_from_obj(zend_object *obj)
{
	return (calcom_store_object *)((char *)obj - XtOffsetOf(calcom_store_object, std));
}

static zend_object *store_create(zend_class_entry *ce)
{
	calcom_store_object *s = zend_object_alloc(sizeof(calcom_store_object), ce);
	zend_object_std_init(&s->std, ce);
	object_properties_init(&s->std, ce);
	s->std.handlers = &store_handlers;
	return &s->std;
}

static void store_free(zend_object *obj)
{
	calcom_store_object *s = store_from_obj(obj);
	if (s->redis && !s->persistent) {
		calcom_redis_free(s->redis);
	}
	if (s->prefix) {
		zend_string_release(s->prefix);
	}
	zend_object_std_dtor(obj);
}

void calcom_redis_pool_dtor(zval *entry)
{
	calcom_redis_free(Z_PTR_P(entry));
}

/* The pool key names everything that makes two connections different.
 * The password enters only as its hash. */
static zend_string *pool_key(const calcom_dsn *dsn)
{
	char pw_sha[CALCOM_SHA1_HEX_LEN + 1] = "";
	if (dsn->has_password) {
		calcom_sha1_hex(dsn->password, strlen(dsn->password), pw_sha);
	}
	int db = dsn->db < 0 ? 0 : dsn->db;  /* no database named means 0 */
	if (dsn->kind == CALCOM_DSN_UNIX) {
		return strpprintf(0, "unix|%s|%d|%s|%s", dsn->path, db, dsn->username, pw_sha);
	}
	return strpprintf(0, "tcp|%s|%d|%d|%s|%s", dsn->host, dsn->port, db, dsn->username, pw_sha);
}

static calcom_redis *pool_get(const calcom_dsn *dsn, double connect_timeout, double read_timeout)
{
	zend_string *key = pool_key(dsn);
	calcom_redis *r = zend_hash_find_ptr(&CALCOM_G(redis_pool), key);
	if (!r) {
		r = calcom_redis_new(dsn, connect_timeout, read_timeout);
		if (r) {
			/* The str variant copies the key into persistent memory, as the
			 * pool outlives this request's allocator. */
			zend_hash_str_add_new_ptr(&CALCOM_G(redis_pool), ZSTR_VAL(key), ZSTR_LEN(key), r);
		}
	}
	zend_string_release(key);
	return r;
}

/* Reads a timeout option: an int or float, finite, in (0, 3600]. */
static bool option_seconds(zval *value, const char *name, double *out)
{
	double v;
	if (Z_TYPE_P(value) == IS_LONG) {
		v = (double)Z_LVAL_P(value);
	} else if (Z_TYPE_P(value) == IS_DOUBLE) {
		v = Z_DVAL_P(value);
	} else {
		zend_argument_type_error(2, "option \"%s\" must be of type int|float, %s given", name,
			zend_zval_type_name(value));
		return false;
	}
	if (!(v > 0.0 && v <= 3600.0)) {
		zend_argument_value_error(2, "option \"%s\" must be greater than 0 and at most 3600 seconds", name);
		return false;
	}
	*out = v;
	return true;
}

static bool option_string(zval *value, const char *name, bool nullable)
{
	if (Z_TYPE_P(value) == IS_STRING || (nullable && Z_TYPE_P(value) == IS_NULL)) {
		return true;
	}
	zend_argument_type_error(2, "option \"%s\" must be of type %s, %s given", name,
		nullable ? "?string" : "string", zend_zval_type_name(value));
	return false;
}

typedef struct {
	zend_string *prefix;
	double connect_timeout;
	double read_timeout;
	bool persistent;
	calcom_on_failure on_failure;
} store_options;

static bool parse_options(HashTable *options, calcom_dsn *dsn, store_options *o)
{
	zend_string *key;
	zval *value;

	ZEND_HASH_FOREACH_STR_KEY_VAL(options, key, value) {
		ZVAL_DEREF(value);
		if (!key) {
			zend_argument_value_error(2, "must be an array with string keys");
			return false;
		}
		const char *k = ZSTR_VAL(key);
		if (zend_string_equals_literal(key, "prefix")) {
			if (!option_string(value, k, false)) return false;
			if (memchr(Z_STRVAL_P(value), '{', Z_STRLEN_P(value)) || memchr(Z_STRVAL_P(value), '}', Z_STRLEN_P(value)) ||
			    memchr(Z_STRVAL_P(value), '\0', Z_STRLEN_P(value))) {
				/* Braces in keys are Redis Cluster hash tags; the prefix must
				 * not add one. Keys are built as C strings, so a NUL would
				 * cut every key at it and let "app\0:a:" and "app\0:b:" share
				 * all their state. */
				zend_argument_value_error(2, "option \"prefix\" must not contain \"{\", \"}\" or NUL bytes");
				return false;
			}
			o->prefix = Z_STR_P(value);
		} else if (zend_string_equals_literal(key, "connect_timeout")) {
			if (!option_seconds(value, k, &o->connect_timeout)) return false;
		} else if (zend_string_equals_literal(key, "read_timeout")) {
			if (!option_seconds(value, k, &o->read_timeout)) return false;
		} else if (zend_string_equals_literal(key, "persistent")) {
			if (Z_TYPE_P(value) != IS_TRUE && Z_TYPE_P(value) != IS_FALSE) {
				zend_argument_type_error(2, "option \"persistent\" must be of type bool, %s given",
					zend_zval_type_name(value));
				return false;
			}
			o->persistent = Z_TYPE_P(value) == IS_TRUE;
		} else if (zend_string_equals_literal(key, "password")) {
			if (!option_string(value, k, true)) return false;
			if (Z_TYPE_P(value) == IS_NULL) {
				dsn->has_password = false;
				dsn->password[0] = '\0';
				dsn->username[0] = '\0';
			} else if (Z_STRLEN_P(value) > CALCOM_DSN_CRED_MAX || memchr(Z_STRVAL_P(value), '\0', Z_STRLEN_P(value))) {
				zend_argument_value_error(2, "option \"password\" must be at most %d bytes without NUL bytes",
					CALCOM_DSN_CRED_MAX);
				return false;
			} else {
				memcpy(dsn->password, Z_STRVAL_P(value), Z_STRLEN_P(value) + 1);
				dsn->has_password = true;
			}
		} else if (zend_string_equals_literal(key, "database")) {
			if (Z_TYPE_P(value) != IS_LONG) {
				zend_argument_type_error(2, "option \"database\" must be of type int, %s given",
					zend_zval_type_name(value));
				return false;
			}
			if (Z_LVAL_P(value) < 0 || Z_LVAL_P(value) > 1000000) {
				zend_argument_value_error(2, "option \"database\" must be between 0 and 1000000");
				return false;
			}
			dsn->db = (int)Z_LVAL_P(value);
		} else if (zend_string_equals_literal(key, "on_failure")) {
			if (!option_string(value, k, false)) return false;
			if (zend_string_equals_literal(Z_STR_P(value), "open")) {
				o->on_failure = CALCOM_ON_FAILURE_OPEN;
			} else if (zend_string_equals_literal(Z_STR_P(value), "closed")) {
				o->on_failure = CALCOM_ON_FAILURE_CLOSED;
			} else if (zend_string_equals_literal(Z_STR_P(value), "local")) {
				o->on_failure = CALCOM_ON_FAILURE_LOCAL;
			} else {
				zend_argument_value_error(2, "option \"on_failure\" must be \"open\", \"closed\" or \"local\"");
				return false;
			}
		} else {
			zend_argument_value_error(2, "contains unknown option \"%s\" (expected prefix, connect_timeout, "
				"read_timeout, persistent, password, database or on_failure)", k);
			return false;
		}
	} ZEND_HASH_FOREACH_END();
	return true;
}

ZEND_METHOD(Calcom_Store, __construct)
{
	zend_string *dsn_str = NULL;
	HashTable *options = NULL;

	ZEND_PARSE_PARAMETERS_START(0, 2)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR(dsn_str)
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	calcom_store_object *s = store_from_obj(Z_OBJ_P(ZEND_THIS));
	if (s->redis) {
		zend_throw_error(NULL, "Calcom\\Store is already constructed");
		RETURN_THROWS();
	}

	calcom_dsn dsn;
	calcom_err err;
	const char *dsn_chars = dsn_str ? ZSTR_VAL(dsn_str) : "redis://127.0.0.1:6379";
	size_t dsn_len = dsn_str ? ZSTR_LEN(dsn_str) : strlen(dsn_chars);
	if (!calcom_dsn_parse(dsn_chars, dsn_len, &dsn, &err)) {
		/* The message describes the problem, never the DSN: it may hold a password. */
		zend_argument_value_error(1, "is not a valid Redis DSN: %s", err.msg);
		RETURN_THROWS();
	}

	store_options o = {
		.prefix = NULL,
		.connect_timeout = CALCOM_G(connect_timeout),
		.read_timeout = CALCOM_G(read_timeout),
		.persistent = CALCOM_G(persistent),
		.on_failure = CALCOM_ON_FAILURE_OPEN,
	};
	bool ok = !options || parse_options(options, &dsn, &o);
	if (ok) {
		calcom_redis *r = o.persistent ? pool_get(&dsn, o.connect_timeout, o.read_timeout)
		                               : calcom_redis_new(&dsn, o.connect_timeout, o.read_timeout);
		if (!r) {
			zend_throw_error(NULL, "Calcom\\Store: out of memory");
			ok = false;
		} else {
			s->redis = r;
			s->persistent = o.persistent;
			s->connect_timeout = o.connect_timeout;
			s->read_timeout = o.read_timeout;
			s->on_failure = o.on_failure;
			s->prefix = o.prefix ? zend_string_copy(o.prefix) : zend_string_init(CALCOM_G(prefix), strlen(CALCOM_G(prefix)), 0);
		}
	}
	calcom_dsn_wipe(&dsn);
	if (!ok) {
		RETURN_THROWS();
	}
}

/* The connection, ready for this Store's timeouts; NULL (with an Error
 * thrown) when the object was never constructed. */
static calcom_redis *store_redis(zval *this_zv)
{
	calcom_store_object *s = store_from_obj(Z_OBJ_P(this_zv));
	if (!s->redis) {
		zend_throw_error(NULL, "Calcom\\Store object is not initialized");
		return NULL;
	}
	calcom_redis_set_timeouts(s->redis, s->connect_timeout, s->read_timeout);
	return s->redis;
}

ZEND_METHOD(Calcom_Store, ping)
{
	ZEND_PARSE_PARAMETERS_NONE();
	calcom_redis *r = store_redis(ZEND_THIS);
	if (!r) RETURN_THROWS();

	calcom_err err;
	/* Connect first so the figure is one round trip, not a handshake. */
	if (!calcom_redis_ensure(r, &err)) {
		calcom_throw_store_error(&err);
		RETURN_THROWS();
	}
	const char *argv[] = {"PING"};
	const size_t argvlen[] = {4};
	double start = calcom_monotonic();
	redisReply *reply = calcom_redis_command(r, true, 1, argv, argvlen, &err);
	double elapsed = calcom_monotonic() - start;
	if (!reply) {
		calcom_throw_store_error(&err);
		RETURN_THROWS();
	}
	if (reply->type == REDIS_REPLY_ERROR) {
		calcom_err_set(&err, CALCOM_E_SERVER, "Redis at %s: %s", calcom_redis_endpoint(r), reply->str);
		freeReplyObject(reply);
		calcom_throw_store_error(&err);
		RETURN_THROWS();
	}
	freeReplyObject(reply);
	RETURN_DOUBLE(elapsed);
}

ZEND_METHOD(Calcom_Store, time)
{
	ZEND_PARSE_PARAMETERS_NONE();
	calcom_redis *r = store_redis(ZEND_THIS);
	if (!r) RETURN_THROWS();

	calcom_err err;
	double now;
	if (!calcom_redis_time(r, &now, &err)) {
		calcom_throw_store_error(&err);
		RETURN_THROWS();
	}
	RETURN_DOUBLE(now);
}

ZEND_METHOD(Calcom_Store, prefix)
{
	ZEND_PARSE_PARAMETERS_NONE();
	calcom_store_object *s = store_from_obj(Z_OBJ_P(ZEND_THIS));
	if (!s->prefix) {
		zend_throw_error(NULL, "Calcom\\Store object is not initialized");
		RETURN_THROWS();
	}
	RETURN_STR_COPY(s->prefix);
}

ZEND_METHOD(Calcom_Store, isConnected)
{
	ZEND_PARSE_PARAMETERS_NONE();
	calcom_redis *r = store_redis(ZEND_THIS);
	if (!r) RETURN_THROWS();

	calcom_err err;
	RETURN_BOOL(calcom_redis_ensure(r, &err));
}

/* A script reply as PHP sees it: integers, strings, nulls and lists; a
 * Redis error anywhere in it becomes a StoreException. */
static bool reply_to_zval(const calcom_redis *r, const redisReply *reply, zval *out)
{
	switch (reply->type) {
		case REDIS_REPLY_INTEGER:
			ZVAL_LONG(out, (zend_long)reply->integer);
			return true;
		case REDIS_REPLY_STRING:
		case REDIS_REPLY_STATUS:
			ZVAL_STRINGL(out, reply->str, reply->len);
			return true;
		case REDIS_REPLY_NIL:
			ZVAL_NULL(out);
			return true;
		case REDIS_REPLY_ARRAY:
			array_init_size(out, (uint32_t)reply->elements);
			for (size_t i = 0; i < reply->elements; i++) {
				zval item;
				if (!reply_to_zval(r, reply->element[i], &item)) {
					zval_ptr_dtor(out);
					return false;
				}
				add_next_index_zval(out, &item);
			}
			return true;
		case REDIS_REPLY_ERROR:
		default: {
			calcom_err err;
			calcom_err_set(&err, CALCOM_E_SERVER, "Redis at %s: %.*s", calcom_redis_endpoint(r),
				reply->type == REDIS_REPLY_ERROR ? (int)reply->len : 24,
				reply->type == REDIS_REPLY_ERROR ? reply->str : "unsupported reply type");
			calcom_throw_store_error(&err);
			return false;
		}
	}
}

/* Collects the byte strings of a keys/args array for a script call. The
 * zend_strings in out_strs are owned by the caller (release them). */
static bool script_arguments(HashTable *ht, uint32_t arg_num, zend_string **strs, const char **ptrs, size_t *lens)
{
	zval *value;
	uint32_t i = 0;
	ZEND_HASH_FOREACH_VAL(ht, value) {
		ZVAL_DEREF(value);
		if (Z_TYPE_P(value) != IS_STRING && Z_TYPE_P(value) != IS_LONG && Z_TYPE_P(value) != IS_DOUBLE) {
			zend_argument_type_error(arg_num, "must contain only values of type string|int|float, %s given",
				zend_zval_type_name(value));
			for (uint32_t j = 0; j < i; j++) {
				zend_string_release(strs[j]);
			}
			return false;
		}
		strs[i] = zval_get_string(value);
		ptrs[i] = ZSTR_VAL(strs[i]);
		lens[i] = ZSTR_LEN(strs[i]);
		i++;
	} ZEND_HASH_FOREACH_END();
	return true;
}

ZEND_METHOD(Calcom_Store, evalScript)
{
	zend_string *body;
	HashTable *keys = NULL, *args = NULL;

	ZEND_PARSE_PARAMETERS_START(1, 3)
		Z_PARAM_STR(body)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(keys)
		Z_PARAM_ARRAY_HT(args)
	ZEND_PARSE_PARAMETERS_END();

	if (ZSTR_LEN(body) == 0) {
		zend_argument_value_error(1, "must not be empty");
		RETURN_THROWS();
	}
	calcom_redis *r = store_redis(ZEND_THIS);
	if (!r) RETURN_THROWS();

	uint32_t nkeys = keys ? zend_hash_num_elements(keys) : 0;
	uint32_t nargs = args ? zend_hash_num_elements(args) : 0;
	uint32_t n = nkeys + nargs;
	zend_string **strs = safe_emalloc(n + 1, sizeof(zend_string *), 0);
	const char **ptrs = safe_emalloc(n + 1, sizeof *ptrs, 0);
	size_t *lens = safe_emalloc(n + 1, sizeof *lens, 0);

	bool ok = (!keys || script_arguments(keys, 2, strs, ptrs, lens));
	if (ok && args && !script_arguments(args, 3, strs + nkeys, ptrs + nkeys, lens + nkeys)) {
		for (uint32_t i = 0; i < nkeys; i++) {
			zend_string_release(strs[i]);
		}
		ok = false;
	}
	if (ok) {
		calcom_script script;
		calcom_err err;
		calcom_script_init(&script, ZSTR_VAL(body), ZSTR_LEN(body));
		redisReply *reply = calcom_redis_eval(r, &script, (int)nkeys, ptrs, lens, (int)nargs, ptrs + nkeys,
			lens + nkeys, &err);
		for (uint32_t i = 0; i < n; i++) {
			zend_string_release(strs[i]);
		}
		if (!reply) {
			calcom_throw_store_error(&err);
		} else {
			reply_to_zval(r, reply, return_value);
			freeReplyObject(reply);
		}
	}
	efree(strs);
	efree(ptrs);
	efree(lens);
}

ZEND_METHOD(Calcom_Store, stats)
{
	ZEND_PARSE_PARAMETERS_NONE();
	calcom_store_object *s = store_from_obj(Z_OBJ_P(ZEND_THIS));
	if (!s->redis) {
		zend_throw_error(NULL, "Calcom\\Store object is not initialized");
		RETURN_THROWS();
	}
	const calcom_redis_stats *st = calcom_redis_stats_get(s->redis);
	array_init(return_value);
	add_assoc_string(return_value, "endpoint", calcom_redis_endpoint(s->redis));
	add_assoc_bool(return_value, "persistent", s->persistent);
	add_assoc_long(return_value, "connects", (zend_long)st->connects);
	add_assoc_long(return_value, "round_trips", (zend_long)st->round_trips);
	add_assoc_long(return_value, "script_loads", (zend_long)st->script_loads);
	if (st->client_id >= 0) {
		add_assoc_long(return_value, "client_id", (zend_long)st->client_id);
	} else {
		add_assoc_null(return_value, "client_id");
	}
}

calcom_redis *calcom_store_connection(zend_object *store, zend_string **prefix, bool *fail_closed)
{
	calcom_store_object *s = store_from_obj(store);
	if (!s->redis) {
		zend_throw_error(NULL, "Calcom\\Store object is not initialized");
		return NULL;
	}
	calcom_redis_set_timeouts(s->redis, s->connect_timeout, s->read_timeout);
	*prefix = s->prefix;
	*fail_closed = s->on_failure == CALCOM_ON_FAILURE_CLOSED;
	return s->redis;
}

calcom_redis *calcom_store_blocking_connection(zend_object *store, double wait_s, bool *fail_closed)
{
	zend_string *prefix;
	calcom_redis *r = calcom_store_connection(store, &prefix, fail_closed);
	if (r) {
		calcom_store_object *s = store_from_obj(store);
		calcom_redis_set_timeouts(r, s->connect_timeout, s->read_timeout + wait_s);
	}
	return r;
}

calcom_on_failure calcom_store_on_failure(zend_object *store)
{
	return store_from_obj(store)->on_failure;
}

void calcom_store_minit(void)
{
	calcom_ce_store->create_object = store_create;
	memcpy(&store_handlers, zend_get_std_object_handlers(), sizeof store_handlers);
	store_handlers.offset = XtOffsetOf(calcom_store_object, std);
	store_handlers.free_obj = store_free;
	store_handlers.clone_obj = NULL;
}
