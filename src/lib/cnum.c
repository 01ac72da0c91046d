#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnum.h"

/* The locale's decimal point when it is one other character, else 0.
 * (Locales with a multi-byte decimal point do not exist in glibc.) */
static char locale_point(void)
{
	const char *p = localeconv()->decimal_point;
	return p && p[0] && !p[1] && p[0] != '.' ? p[0] : 0;
}

int calcom_cnum_format(char *buf, size_t size, double v)
{
	int n = snprintf(buf, size, "%.17g", v);
	char point = locale_point();
	if (point && n > 0) {
		char *at = memchr(buf, point, (size_t)n < size ? (size_t)n : size);
		if (at) *at = '.';
	}
	return n;
}

bool calcom_cnum_parse(const char *s, double *out)
{
	char tmp[64];
	size_t len = strlen(s);
	if (len == 0 || len >= sizeof tmp) return false;
	memcpy(tmp, s, len + 1);
	char point = locale_point();
	if (point) {
		if (memchr(tmp, point, len)) return false;  /* not how Redis writes numbers */
		char *at = memchr(tmp, '.', len);
		if (at) *at = point;
	}
	char *end;
	double v = strtod(tmp, &end);
	if (end == tmp || *end != '\0') return false;
	*out = v;
	return true;
}
