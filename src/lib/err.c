#include <stdbool.h>
#include <stdio.h>

#include "err.h"

bool calcom_err_set(calcom_err *err, calcom_err_code code, const char *fmt, ...)
{
	if (!err) return false;
	va_list ap;
	va_start(ap, fmt);
	err->code = code;
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return false;
}
