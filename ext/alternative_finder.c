/*
 * Calcom\AlternativeFinder: the binding of src/finder. It turns the PHP
 * arguments into local minutes, fetches the horizon once through the
 * Client's availability cache under the search's time budget, asks the
 * engine, and shapes the result (texts, DateTimeImmutable values).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"
#include "zend_smart_str.h"
#include "ext/date/php_date.h"

#include "php_calcom.h"
#include "calcom_ext.h"
#include "../src/calcom/rfc3339.h"
#include "../src/finder/finder.h"
#include "../src/lib/civil.h"
#include "../src/lib/clock.h"

typedef struct {
	zend_object *client;        /* Calcom\Client; NULL until constructed */
	zend_long max_alternatives;
	zend_long window_hours;
	zend_long search_days;
	zend_long timeout_ms;
	unsigned workdays;
	calcom_finder_strategy strategies[CALCOM_FINDER_MAX_STRATEGIES];
	size_t nstrategies;
	int32_t open_min, close_min;
	zend_string *zone;
	zval busy;                  /* callable, or UNDEF */
	bool has_company;
	zend_long company_id;
	zend_string *branch_id;     /* NULL: none */
	zend_object std;
} finder_object;

static zend_object_handlers finder_handlers;

static const char *const strategy_names[] = {
	"same_day_different_time", "next_workday_same_time", "next_week_same_day", "next_available_workday",
};
static const char *const type_names[] = {
	"same_day_earlier", "same_day_later", "next_workday", "next_week", "next_available",
};
static const char *const day_names[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

static const char *const texts[2][4] = {
	{"Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen "
	 "anbieten: ",
	 " oder ", ". Welcher Termin würde Ihnen besser passen?",
	 "Leider konnte ich keine verfügbaren Termine finden. Möchten Sie es zu einem anderen Zeitpunkt versuchen oder "
	 "soll ich Sie zurückrufen?"},
	{"Unfortunately I could not find an appointment at your requested time, but I can offer you the following "
	 "alternatives: ",
	 " or ", ". Which appointment would suit you better?",
	 "Unfortunately I could not find any available appointments. Would you like to try another time, or shall I "
	 "call you back?"},
};

static inline finder_object *finder_from_obj(zend_object *obj)
{
	return (finder_object *)((char *)obj - XtOffsetOf(finder_object, std));
}

static zend_object *finder_create(zend_class_entry *ce)
{
	finder_object *f = zend_object_alloc(sizeof(finder_object), ce);
	zend_object_std_init(&f->std, ce);
	object_properties_init(&f->std, ce);
	f->std.handlers = &finder_handlers;
	ZVAL_UNDEF(&f->busy);
	return &f->std;
}

static void finder_free(zend_object *obj)
{
	finder_object *f = finder_from_obj(obj);
	if (f->client) OBJ_RELEASE(f->client);
	if (f->zone) zend_string_release(f->zone);
	if (f->branch_id) zend_string_release(f->branch_id);
	zval_ptr_dtor(&f->busy);
	zend_object_std_dtor(obj);
}

/* The busy callable may hold the finder (a closure over $this): a cycle
 * the collector must see. */
static HashTable *finder_get_gc(zend_object *obj, zval **table, int *n)
{
	finder_object *f = finder_from_obj(obj);
	zend_get_gc_buffer *buf = zend_get_gc_buffer_create();
	if (f->client) zend_get_gc_buffer_add_obj(buf, f->client);
	zend_get_gc_buffer_add_zval(buf, &f->busy);
	zend_get_gc_buffer_use(buf, table, n);
	return zend_std_get_properties(obj);
}

static finder_object *finder_checked(zval *this_ptr)
{
	finder_object *f = finder_from_obj(Z_OBJ_P(this_ptr));
	if (!f->client) {
		zend_throw_error(NULL, "Calcom\\AlternativeFinder was not constructed");
		return NULL;
	}
	return f;
}

/* ---- config ------------------------------------------------------------- */

static bool config_workdays(finder_object *f, zval *v)
{
	if (Z_TYPE_P(v) != IS_ARRAY) {
		zend_argument_type_error(2, "config \"workdays\" must be of type array, %s given", zend_zval_type_name(v));
		return false;
	}
	unsigned mask = 0;
	zval *d;
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(v), d) {
		ZVAL_DEREF(d);
		int day = -1;
		if (Z_TYPE_P(d) == IS_LONG && Z_LVAL_P(d) >= 1 && Z_LVAL_P(d) <= 7) {
			day = (int)Z_LVAL_P(d) - 1;
		} else if (Z_TYPE_P(d) == IS_STRING) {
			for (int i = 0; i < 7; i++) {
				if (zend_binary_strcasecmp(Z_STRVAL_P(d), Z_STRLEN_P(d), day_names[i], strlen(day_names[i])) == 0) {
					day = i;
				}
			}
		}
		if (day < 0) {
			zend_argument_value_error(2, "config \"workdays\" must list ISO weekday numbers 1 to 7 or English day names");
			return false;
		}
		mask |= 1u << day;
	} ZEND_HASH_FOREACH_END();
	if (!mask) {
		zend_argument_value_error(2, "config \"workdays\" must name at least one day");
		return false;
	}
	f->workdays = mask;
	return true;
}

static bool config_strategies(finder_object *f, zval *v)
{
	if (Z_TYPE_P(v) != IS_ARRAY) {
		zend_argument_type_error(2, "config \"search_strategies\" must be of type array, %s given",
			zend_zval_type_name(v));
		return false;
	}
	size_t n = 0;
	zval *s;
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(v), s) {
		ZVAL_DEREF(s);
		int found = -1;
		for (int i = 0; Z_TYPE_P(s) == IS_STRING && i < 4; i++) {
			if (zend_string_equals_cstr(Z_STR_P(s), strategy_names[i], strlen(strategy_names[i]))) found = i;
		}
		if (found < 0) {
			zend_argument_value_error(2, "config \"search_strategies\" must list AlternativeFinder::STRATEGY_* "
				"values (same_day_different_time, next_workday_same_time, next_week_same_day, "
				"next_available_workday)");
			return false;
		}
		if (n == CALCOM_FINDER_MAX_STRATEGIES) {
			zend_argument_value_error(2, "config \"search_strategies\" must have at most %d entries",
				CALCOM_FINDER_MAX_STRATEGIES);
			return false;
		}
		f->strategies[n++] = (calcom_finder_strategy)found;
	} ZEND_HASH_FOREACH_END();
	if (!n) {
		zend_argument_value_error(2, "config \"search_strategies\" must not be empty");
		return false;
	}
	f->nstrategies = n;
	return true;
}

static bool config_hours(finder_object *f, zval *v)
{
	if (Z_TYPE_P(v) != IS_ARRAY) {
		zend_argument_type_error(2, "config \"business_hours\" must be of type array, %s given", zend_zval_type_name(v));
		return false;
	}
	zval *start = zend_hash_str_find_deref(Z_ARRVAL_P(v), ZEND_STRL("start"));
	zval *end = zend_hash_str_find_deref(Z_ARRVAL_P(v), ZEND_STRL("end"));
	int32_t open, close;
	if (zend_hash_num_elements(Z_ARRVAL_P(v)) != 2 || !start || !end || Z_TYPE_P(start) != IS_STRING ||
	    Z_TYPE_P(end) != IS_STRING || !calcom_finder_parse_hhmm(Z_STRVAL_P(start), Z_STRLEN_P(start), &open) ||
	    !calcom_finder_parse_hhmm(Z_STRVAL_P(end), Z_STRLEN_P(end), &close)) {
		zend_argument_value_error(2, "config \"business_hours\" must be ['start' => 'HH:MM', 'end' => 'HH:MM']");
		return false;
	}
	if (open >= close) {
		zend_argument_value_error(2, "config \"business_hours\" must end after it starts");
		return false;
	}
	f->open_min = open;
	f->close_min = close;
	return true;
}

static bool apply_config(finder_object *f, HashTable *config)
{
	zend_string *key;
	zval *v;
	ZEND_HASH_FOREACH_STR_KEY_VAL(config, key, v) {
		ZVAL_DEREF(v);
		const char *k = key ? ZSTR_VAL(key) : "";
		bool ok;
		if (!key) {
			zend_argument_value_error(2, "must be an array with string keys");
			return false;
		} else if (zend_string_equals_literal(key, "max_alternatives")) {
			ok = calcom_option_int(v, 2, k, 1, 100, &f->max_alternatives);
		} else if (zend_string_equals_literal(key, "time_window_hours")) {
			ok = calcom_option_int(v, 2, k, 0, 24, &f->window_hours);
		} else if (zend_string_equals_literal(key, "search_days")) {
			ok = calcom_option_int(v, 2, k, 0, 91, &f->search_days);
		} else if (zend_string_equals_literal(key, "timeout_ms")) {
			ok = calcom_option_int(v, 2, k, 1, 600000, &f->timeout_ms);
		} else if (zend_string_equals_literal(key, "workdays")) {
			ok = config_workdays(f, v);
		} else if (zend_string_equals_literal(key, "search_strategies")) {
			ok = config_strategies(f, v);
		} else if (zend_string_equals_literal(key, "business_hours")) {
			ok = config_hours(f, v);
		} else if (zend_string_equals_literal(key, "timezone")) {
			if (Z_TYPE_P(v) != IS_STRING || !calcom_valid_time_zone(Z_STR_P(v))) {
				zend_argument_value_error(2, "config \"timezone\" must be a known time zone identifier");
				return false;
			}
			zend_string_release(f->zone);
			f->zone = zend_string_copy(Z_STR_P(v));
			ok = true;
		} else if (zend_string_equals_literal(key, "busy")) {
			if (Z_TYPE_P(v) != IS_NULL && !zend_is_callable(v, 0, NULL)) {
				zend_argument_type_error(2, "config \"busy\" must be a valid callback or null, %s given",
					zend_zval_type_name(v));
				return false;
			}
			zval_ptr_dtor(&f->busy);
			ZVAL_UNDEF(&f->busy);
			if (Z_TYPE_P(v) != IS_NULL) ZVAL_COPY(&f->busy, v);
			ok = true;
		} else {
			zend_argument_value_error(2, "contains an unknown key \"%s\" (expected max_alternatives, "
				"time_window_hours, workdays, search_strategies, business_hours, timezone, search_days, "
				"timeout_ms or busy)", k);
			return false;
		}
		if (!ok) return false;
	} ZEND_HASH_FOREACH_END();
	return true;
}

ZEND_METHOD(Calcom_AlternativeFinder, __construct)
{
	zval *client;
	HashTable *config = NULL;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_OBJECT_OF_CLASS(client, calcom_ce_client)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(config)
	ZEND_PARSE_PARAMETERS_END();

	finder_object *f = finder_from_obj(Z_OBJ_P(ZEND_THIS));
	if (f->client) {
		zend_throw_error(NULL, "Calcom\\AlternativeFinder is already constructed");
		RETURN_THROWS();
	}
	f->max_alternatives = 2;
	f->window_hours = 2;
	f->search_days = 14;
	f->timeout_ms = 5000;
	f->workdays = 0x1f;  /* Monday to Friday */
	for (int i = 0; i < 4; i++) f->strategies[i] = (calcom_finder_strategy)i;
	f->nstrategies = 4;
	f->open_min = 9 * 60;
	f->close_min = 18 * 60;
	f->zone = zend_string_init(ZEND_STRL("Europe/Berlin"), 0);
	if (config && !apply_config(f, config)) {
		zend_string_release(f->zone);
		f->zone = NULL;
		zval_ptr_dtor(&f->busy);
		ZVAL_UNDEF(&f->busy);
		RETURN_THROWS();
	}
	GC_ADDREF(Z_OBJ_P(client));
	f->client = Z_OBJ_P(client);
}

ZEND_METHOD(Calcom_AlternativeFinder, setTenantContext)
{
	zend_long company_id = 0;
	bool company_null = true;
	zend_string *branch = NULL;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_LONG_OR_NULL(company_id, company_null)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(branch)
	ZEND_PARSE_PARAMETERS_END();

	finder_object *f = finder_checked(ZEND_THIS);
	if (!f) RETURN_THROWS();
	if (!company_null && company_id <= 0) {
		zend_argument_value_error(1, "must be greater than 0 or null");
		RETURN_THROWS();
	}
	if (branch && (ZSTR_LEN(branch) == 0 || ZSTR_LEN(branch) > 64 || strpbrk(ZSTR_VAL(branch), "{}") ||
	    zend_str_has_nul_byte(branch))) {
		zend_argument_value_error(2, "must be 1 to 64 bytes without \"{\", \"}\" or NUL bytes, or null");
		RETURN_THROWS();
	}
	f->has_company = !company_null;
	f->company_id = company_id;
	if (f->branch_id) zend_string_release(f->branch_id);
	f->branch_id = branch ? zend_string_copy(branch) : NULL;
	RETURN_OBJ_COPY(Z_OBJ_P(ZEND_THIS));
}

/* ---- one search ------------------------------------------------------- */

/* The cache tenant of the context; NULL without one (the client's own). */
static zend_string *context_tenant(const finder_object *f)
{
	if (f->has_company && f->branch_id) {
		return strpprintf(0, "company:" ZEND_LONG_FMT ":branch:%s", f->company_id, ZSTR_VAL(f->branch_id));
	}
	if (f->has_company) return strpprintf(0, "company:" ZEND_LONG_FMT, f->company_id);
	if (f->branch_id) return strpprintf(0, "branch:%s", ZSTR_VAL(f->branch_id));
	return NULL;
}

/* The local minutes of $desired in zone. */
static bool desired_local(zend_object *desired, zend_string *zone, int64_t *out)
{
	zval tz, moved;
	if (!calcom_time_zone_object(zone, &tz)) return false;
	zval copy;
	/* DateTimeImmutable::createFromInterface() leaves the caller's object alone. */
	zval arg;
	ZVAL_OBJ(&arg, desired);
	zend_call_method_with_1_params(NULL, php_date_get_immutable_ce(), NULL, "createfrominterface", &copy, &arg);
	ZVAL_UNDEF(&moved);
	if (Z_TYPE(copy) == IS_OBJECT) {
		zend_call_method_with_1_params(Z_OBJ(copy), Z_OBJCE(copy), NULL, "settimezone", &moved, &tz);
	}
	zend_string *text = Z_TYPE(moved) == IS_OBJECT ? calcom_date_format(Z_OBJ(moved), "Y-m-d H:i") : NULL;
	int64_t day;
	bool ok = text && ZSTR_LEN(text) == 16 && calcom_date_parse(ZSTR_VAL(text), 10, &day);
	if (ok) {
		const char *t = ZSTR_VAL(text) + 11;
		*out = day * 1440 + ((t[0] - '0') * 10 + (t[1] - '0')) * 60 + (t[3] - '0') * 10 + (t[4] - '0');
	}
	if (text) zend_string_release(text);
	zval_ptr_dtor(&moved);
	zval_ptr_dtor(&copy);
	zval_ptr_dtor(&tz);
	return ok;
}

/* The slots of a getAvailableSlots() day map, in an array of *n (the
 * caller's to efree). */
static calcom_finder_slot *collect_slots(zval *days, size_t *n)
{
	size_t cap = 0;
	zval *list, *s;
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(days), list) {
		if (Z_TYPE_P(list) == IS_ARRAY) cap += zend_hash_num_elements(Z_ARRVAL_P(list));
	} ZEND_HASH_FOREACH_END();
	calcom_finder_slot *out = safe_emalloc(cap ? cap : 1, sizeof *out, 0);
	*n = 0;
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(days), list) {
		if (Z_TYPE_P(list) != IS_ARRAY) continue;
		ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(list), s) {
			calcom_instant at;
			if (Z_TYPE_P(s) == IS_STRING && calcom_rfc3339_parse(Z_STRVAL_P(s), Z_STRLEN_P(s), &at)) {
				out[(*n)++] = (calcom_finder_slot){.epoch_ms = at.epoch_ms, .offset_min = at.offset_min};
			}
		} ZEND_HASH_FOREACH_END();
	} ZEND_HASH_FOREACH_END();
	return out;
}

/* One end of a busy interval: a DateTimeInterface or an RFC 3339 string. */
static bool busy_edge(zval *v, int64_t *ms)
{
	ZVAL_DEREF(v);
	if (Z_TYPE_P(v) == IS_STRING) {
		calcom_instant at;
		if (!calcom_rfc3339_parse(Z_STRVAL_P(v), Z_STRLEN_P(v), &at)) return false;
		*ms = at.epoch_ms;
		return true;
	}
	if (Z_TYPE_P(v) != IS_OBJECT || !instanceof_function(Z_OBJCE_P(v), php_date_get_interface_ce())) return false;
	zend_string *u = calcom_date_format(Z_OBJ_P(v), "U");
	if (!u) return false;
	*ms = ZEND_STRTOL(ZSTR_VAL(u), NULL, 10) * 1000;
	zend_string_release(u);
	return true;
}

/* The busy intervals the app's callable reports for the horizon. False
 * with an exception thrown (the callable's own, or a ValueError for what
 * it returned). */
static bool busy_intervals(finder_object *f, zval *customer, int64_t first_day, int64_t last_day,
	calcom_finder_busy **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (Z_TYPE(f->busy) == IS_UNDEF) return true;
	zval args[5], ret;
	if (f->has_company) ZVAL_LONG(&args[0], f->company_id); else ZVAL_NULL(&args[0]);
	if (f->branch_id) ZVAL_STR_COPY(&args[1], f->branch_id); else ZVAL_NULL(&args[1]);
	ZVAL_COPY(&args[2], customer);
	/* The horizon's edges: local midnights, found through PHP's zone rules. */
	zend_string *from = calcom_day_text(first_day), *to = calcom_day_text(last_day + 1);
	ZVAL_UNDEF(&args[3]);
	ZVAL_UNDEF(&args[4]);
	zval tz;
	bool made = calcom_time_zone_object(f->zone, &tz);
	if (made) {
		php_date_instantiate(php_date_get_immutable_ce(), &args[3]);
		php_date_instantiate(php_date_get_immutable_ce(), &args[4]);
		made = php_date_initialize(Z_PHPDATE_P(&args[3]), ZSTR_VAL(from), ZSTR_LEN(from), NULL, &tz, 0) &&
			php_date_initialize(Z_PHPDATE_P(&args[4]), ZSTR_VAL(to), ZSTR_LEN(to), NULL, &tz, 0);
		zval_ptr_dtor(&tz);
	}
	zend_string_release(from);
	zend_string_release(to);
	bool ok = made && call_user_function(NULL, NULL, &f->busy, &ret, 5, args) == SUCCESS && !EG(exception);
	for (int i = 0; i < 5; i++) zval_ptr_dtor(&args[i]);
	if (!ok) {
		if (!EG(exception)) zend_throw_error(NULL, "Calcom\\AlternativeFinder: the busy callable could not be called");
		return false;
	}
	if (Z_TYPE(ret) == IS_OBJECT && instanceof_function(Z_OBJCE(ret), zend_ce_traversable)) {
		/* A generator or other Traversable: iterator_to_array($ret, false). */
		zval fn, conv, targs[2];
		ZVAL_STRING(&fn, "iterator_to_array");
		ZVAL_COPY_VALUE(&targs[0], &ret);
		ZVAL_FALSE(&targs[1]);
		ZVAL_UNDEF(&conv);
		call_user_function(NULL, NULL, &fn, &conv, 2, targs);
		zval_ptr_dtor(&fn);
		zval_ptr_dtor(&ret);
		ZVAL_COPY_VALUE(&ret, &conv);
		if (EG(exception)) {
			zval_ptr_dtor(&ret);
			return false;
		}
	}
	if (Z_TYPE(ret) != IS_ARRAY) {
		zval_ptr_dtor(&ret);
		zend_value_error("Calcom\\AlternativeFinder: the busy callable must return an iterable of [start, end] pairs");
		return false;
	}
	size_t cap = zend_hash_num_elements(Z_ARRVAL(ret));
	calcom_finder_busy *b = safe_emalloc(cap ? cap : 1, sizeof *b, 0);
	zval *pair;
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL(ret), pair) {
		ZVAL_DEREF(pair);
		zval *s = NULL, *e = NULL;
		if (Z_TYPE_P(pair) == IS_ARRAY) {
			s = zend_hash_index_find(Z_ARRVAL_P(pair), 0);
			e = zend_hash_index_find(Z_ARRVAL_P(pair), 1);
			if (!s) s = zend_hash_str_find(Z_ARRVAL_P(pair), ZEND_STRL("start"));
			if (!e) e = zend_hash_str_find(Z_ARRVAL_P(pair), ZEND_STRL("end"));
		}
		if (!s || !e || !busy_edge(s, &b[*n].start_ms) || !busy_edge(e, &b[*n].end_ms)) {
			efree(b);
			zval_ptr_dtor(&ret);
			*n = 0;
			zend_value_error("Calcom\\AlternativeFinder: each busy interval must be [start, end] of "
				"DateTimeInterface or RFC 3339 strings");
			return false;
		}
		(*n)++;
	} ZEND_HASH_FOREACH_END();
	zval_ptr_dtor(&ret);
	*out = b;
	return true;
}

/* The spoken offer of alternatives (NULL: none). */
static void add_text(zval *result, calcom_finder_lang lang, HashTable *alternatives)
{
	smart_str s = {0};
	size_t i = 0;
	zval *a;
	if (alternatives) ZEND_HASH_FOREACH_VAL(alternatives, a) {
		ZVAL_DEREF(a);
		zval *d = Z_TYPE_P(a) == IS_ARRAY ? zend_hash_str_find_deref(Z_ARRVAL_P(a), ZEND_STRL("description")) : NULL;
		if (!d || Z_TYPE_P(d) != IS_STRING) continue;
		smart_str_appends(&s, i++ ? texts[lang][1] : texts[lang][0]);
		smart_str_append(&s, Z_STR_P(d));
	} ZEND_HASH_FOREACH_END();
	if (i) {
		smart_str_appends(&s, texts[lang][2]);
	} else {
		smart_str_appends(&s, texts[lang][3]);
	}
	smart_str_0(&s);
	ZVAL_STR(result, s.s);
}

/* "de", "de-DE", "de_AT", ... */
static bool lang_is(const zend_string *name, const char *code)
{
	return ZSTR_LEN(name) >= 2 && strncasecmp(ZSTR_VAL(name), code, 2) == 0 &&
		(ZSTR_LEN(name) == 2 || ZSTR_VAL(name)[2] == '-' || ZSTR_VAL(name)[2] == '_');
}

static bool parse_lang(zend_string *name, uint32_t arg, calcom_finder_lang *out)
{
	if (!name || lang_is(name, "de")) {
		*out = CALCOM_FINDER_DE;
		return true;
	}
	if (lang_is(name, "en")) {
		*out = CALCOM_FINDER_EN;
		return true;
	}
	zend_argument_value_error(arg, "must be \"de\" or \"en\" (or a regional form such as \"de-DE\")");
	return false;
}

/* An upstream failure the search absorbs: past the budget it is a
 * timeout (timeout_hit), otherwise an error result. Anything else (a bug,
 * the busy callable's exception) propagates. */
static bool absorb_failure(zval *result, double deadline, calcom_finder_lang lang, zend_long api_calls)
{
	zend_object *ex = EG(exception);
	if (!ex || !instanceof_function(ex->ce, calcom_ce_exception)) return false;
	GC_ADDREF(ex);
	zend_clear_exception();
	bool timeout = instanceof_function(ex->ce, calcom_ce_timeout_exception) || calcom_monotonic() >= deadline;
	if (!timeout && instanceof_function(ex->ce, calcom_ce_rate_limit_exception)) {
		zval wait;
		zend_call_method_with_0_params(ex, ex->ce, NULL, "retryafter", &wait);
		timeout = calcom_monotonic() + zval_get_double(&wait) >= deadline;
		zval_ptr_dtor(&wait);
	}
	array_init(result);
	zval none;
	array_init(&none);
	add_assoc_zval(result, "alternatives", &none);
	if (timeout) {
		zval text;
		add_text(&text, lang, NULL);
		add_assoc_zval(result, "responseText", &text);
	} else {
		zval msg;
		ZVAL_UNDEF(&msg);
		if (instanceof_function(ex->ce, calcom_ce_api_exception)) {
			zend_call_method_with_0_params(ex, ex->ce, NULL, "getusermessage", &msg);
		}
		if (Z_TYPE(msg) != IS_STRING) {
			zval_ptr_dtor(&msg);
			ZVAL_STRING(&msg, lang == CALCOM_FINDER_EN ? "The appointment service is unavailable right now."
				: "Der Terminservice ist gerade nicht erreichbar.");
		}
		add_assoc_zval(result, "responseText", &msg);
	}
	add_assoc_bool(result, "timeout_hit", timeout);
	add_assoc_long(result, "api_calls", api_calls);
	if (!timeout) {
		zval code;
		ZVAL_LONG(&code, 0);
		if (instanceof_function(ex->ce, calcom_ce_api_exception)) {
			zval status;
			zend_call_method_with_0_params(ex, ex->ce, NULL, "getstatuscode", &status);
			if (Z_TYPE(status) == IS_LONG) ZVAL_LONG(&code, Z_LVAL(status));
			zval_ptr_dtor(&status);
		}
		add_assoc_bool(result, "error", true);
		add_assoc_string(result, "error_type", "calcom_api_error");
		add_assoc_zval(result, "error_code", &code);
	}
	OBJ_RELEASE(ex);
	return true;
}

ZEND_METHOD(Calcom_AlternativeFinder, findAlternatives)
{
	zval *desired;
	zend_long duration, event_type_id, customer_id = 0;
	bool customer_null = true;
	zend_string *lang_name = NULL;

	ZEND_PARSE_PARAMETERS_START(3, 5)
		Z_PARAM_OBJECT_OF_CLASS(desired, php_date_get_interface_ce())
		Z_PARAM_LONG(duration)
		Z_PARAM_LONG(event_type_id)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG_OR_NULL(customer_id, customer_null)
		Z_PARAM_STR_OR_NULL(lang_name)
	ZEND_PARSE_PARAMETERS_END();

	finder_object *f = finder_checked(ZEND_THIS);
	if (!f) RETURN_THROWS();
	double deadline = calcom_monotonic() + (double)f->timeout_ms / 1000.0;
	if (duration <= 0 || duration > f->close_min - f->open_min) {
		zend_argument_value_error(2, "must be greater than 0 and fit in the business hours (%d minutes)",
			(int)(f->close_min - f->open_min));
		RETURN_THROWS();
	}
	if (event_type_id <= 0) {
		zend_argument_value_error(3, "must be greater than 0");
		RETURN_THROWS();
	}
	if (!customer_null && customer_id <= 0) {
		/* Ids are positive; 0 or less is a lookup that went wrong, whose
		 * busy times we would ask for and trust. */
		zend_argument_value_error(4, "must be greater than 0 or null");
		RETURN_THROWS();
	}
	calcom_finder_lang lang;
	if (!parse_lang(lang_name, 5, &lang)) RETURN_THROWS();
	calcom_finder_query q = {.duration_min = (int32_t)duration, .open_min = f->open_min, .close_min = f->close_min,
		.workdays = f->workdays, .strategies = f->strategies, .nstrategies = f->nstrategies,
		.window_min = (int32_t)(f->window_hours * 60), .max_alternatives = (size_t)f->max_alternatives,
		.search_days = (int32_t)f->search_days};
	if (!desired_local(Z_OBJ_P(desired), f->zone, &q.desired_local)) {
		if (!EG(exception)) zend_argument_value_error(1, "must be a date PHP can show in %s", ZSTR_VAL(f->zone));
		RETURN_THROWS();
	}
	int64_t first_day, last_day;
	calcom_finder_horizon(&q, &first_day, &last_day);

	zval customer;
	ZVAL_LONG(&customer, customer_id);
	if (customer_null) ZVAL_NULL(&customer);
	calcom_finder_busy *busy;
	size_t nbusy;
	if (!busy_intervals(f, &customer, first_day, last_day, &busy, &nbusy)) RETURN_THROWS();

	/* One fetch for the whole horizon, from the cache where it can. */
	zend_string *from = calcom_day_text(first_day), *to = calcom_day_text(last_day), *tenant = context_tenant(f);
	zval days;
	zend_long api_calls = 0;
	bool fetched = calcom_client_slots_by(f->client, event_type_id, from, to, f->zone, tenant, deadline, &days,
		&api_calls);
	zend_string_release(from);
	zend_string_release(to);
	if (tenant) zend_string_release(tenant);
	if (!fetched) {
		zval_ptr_dtor(&days);
		if (busy) efree(busy);
		if (!absorb_failure(return_value, deadline, lang, api_calls)) RETURN_THROWS();
		return;
	}

	size_t nslots;
	calcom_finder_slot *slots = collect_slots(&days, &nslots);
	zval_ptr_dtor(&days);
	calcom_finder_alt *alts = safe_emalloc((size_t)f->max_alternatives, sizeof *alts, 0);
	size_t nalts = calcom_finder_run(&q, slots, nslots, busy, nbusy, alts, (size_t)f->max_alternatives);
	efree(slots);
	if (busy) efree(busy);

	zval list;
	array_init_size(&list, (uint32_t)nalts);
	for (size_t i = 0; i < nalts; i++) {
		zval one, when;
		char text[CALCOM_FINDER_DESCRIBE_MAX];
		if (!calcom_instant_object(alts[i].epoch_ms, f->zone, &when)) continue;
		size_t len = calcom_finder_describe(&alts[i], lang, text, sizeof text);
		array_init(&one);
		add_assoc_zval(&one, "datetime", &when);
		add_assoc_string(&one, "type", type_names[alts[i].type]);
		add_assoc_stringl(&one, "description", text, len);
		add_assoc_string(&one, "source", "calcom");
		add_assoc_long(&one, "score", (zend_long)alts[i].score);
		add_next_index_zval(&list, &one);
	}
	efree(alts);
	array_init(return_value);
	add_assoc_zval(return_value, "alternatives", &list);
	zval text;
	add_text(&text, lang, Z_ARRVAL(list));
	add_assoc_zval(return_value, "responseText", &text);
	add_assoc_bool(return_value, "timeout_hit", false);
	add_assoc_long(return_value, "api_calls", api_calls);
}

ZEND_METHOD(Calcom_AlternativeFinder, buildAlternativeResponse)
{
	HashTable *alternatives;
	zend_string *lang_name = NULL;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_ARRAY_HT(alternatives)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR(lang_name)
	ZEND_PARSE_PARAMETERS_END();

	if (!finder_checked(ZEND_THIS)) RETURN_THROWS();
	calcom_finder_lang lang;
	if (!parse_lang(lang_name, 2, &lang)) RETURN_THROWS();
	/* An entry without a description would be left out of what the caller
	 * hears; a whole findAlternatives() result passed by mistake would
	 * turn into "no alternatives" although there were some. */
	zend_ulong index;
	zend_string *key;
	zval *a;
	ZEND_HASH_FOREACH_KEY_VAL(alternatives, index, key, a) {
		ZVAL_DEREF(a);
		zval *d = Z_TYPE_P(a) == IS_ARRAY ? zend_hash_str_find_deref(Z_ARRVAL_P(a), ZEND_STRL("description")) : NULL;
		if (!d || Z_TYPE_P(d) != IS_STRING) {
			if (key) {
				zend_argument_value_error(1, "must be a list of alternatives (arrays with a string \"description\"), "
					"entry \"%s\" is not one", ZSTR_VAL(key));
			} else {
				zend_argument_value_error(1, "must be a list of alternatives (arrays with a string \"description\"), "
					"entry " ZEND_ULONG_FMT " is not one", index);
			}
			RETURN_THROWS();
		}
	} ZEND_HASH_FOREACH_END();
	add_text(return_value, lang, alternatives);
}

void calcom_alternative_finder_minit(void)
{
	calcom_ce_alternative_finder->create_object = finder_create;
	memcpy(&finder_handlers, zend_get_std_object_handlers(), sizeof finder_handlers);
	finder_handlers.offset = XtOffsetOf(finder_object, std);
	finder_handlers.free_obj = finder_free;
	finder_handlers.get_gc = finder_get_gc;
	finder_handlers.clone_obj = NULL;
}
