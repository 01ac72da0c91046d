/*
 * Reading option arrays: the checks every component's constructor shares,
 * with messages that name the argument and the option.
 */
#include "php.h"
#include "zend_exceptions.h"
#include "ext/standard/html.h"

#include "calcom_ext.h"

bool calcom_option_number(zval *v, uint32_t arg, const char *name, double min, double max, double *out)
{
	if (Z_TYPE_P(v) != IS_LONG && Z_TYPE_P(v) != IS_DOUBLE) {
		zend_argument_type_error(arg, "option \"%s\" must be of type int|float, %s given", name, zend_zval_type_name(v));
		return false;
	}
	double d = zval_get_double(v);
	if (!(d >= min && d <= max)) {
		zend_argument_value_error(arg, "option \"%s\" must be between %g and %g", name, min, max);
		return false;
	}
	*out = d;
	return true;
}

bool calcom_option_int(zval *v, uint32_t arg, const char *name, zend_long min, zend_long max, zend_long *out)
{
	if (Z_TYPE_P(v) != IS_LONG) {
		zend_argument_type_error(arg, "option \"%s\" must be of type int, %s given", name, zend_zval_type_name(v));
		return false;
	}
	if (Z_LVAL_P(v) < min || Z_LVAL_P(v) > max) {
		zend_argument_value_error(arg, "option \"%s\" must be between " ZEND_LONG_FMT " and " ZEND_LONG_FMT, name, min,
			max);
		return false;
	}
	*out = Z_LVAL_P(v);
	return true;
}

bool calcom_option_bool(zval *v, uint32_t arg, const char *name, bool *out)
{
	if (Z_TYPE_P(v) != IS_TRUE && Z_TYPE_P(v) != IS_FALSE) {
		zend_argument_type_error(arg, "option \"%s\" must be of type bool, %s given", name, zend_zval_type_name(v));
		return false;
	}
	*out = Z_TYPE_P(v) == IS_TRUE;
	return true;
}

bool calcom_option_object(zval *v, uint32_t arg, const char *name, zend_class_entry *ce, zend_object **out)
{
	if (Z_TYPE_P(v) != IS_OBJECT || !instanceof_function(Z_OBJCE_P(v), ce)) {
		zend_argument_type_error(arg, "option \"%s\" must be of type %s, %s given", name, ZSTR_VAL(ce->name),
			zend_zval_type_name(v));
		return false;
	}
	*out = Z_OBJ_P(v);
	return true;
}

bool calcom_valid_utf8(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		/* The decoder ext/json uses: the same bytes pass both. */
		zend_result status;
		php_next_utf8_char((const unsigned char *)s, len, &i, &status);
		if (status != SUCCESS) return false;
	}
	return true;
}
