/*
 * src/lib/cnum: numbers for Redis and Lua keep "." as the decimal point
 * under a locale whose LC_NUMERIC says ",", as PHP applications set with
 * setlocale(LC_ALL, 'de_DE.UTF-8'). The comma locale is generated with
 * localedef into a temporary LOCPATH when the system has none.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/cnum.h"

static char locpath[40];

/* Switches LC_NUMERIC to de_DE.UTF-8; the test fails if that cannot be had. */
static void comma_locale(void)
{
	if (!setlocale(LC_NUMERIC, "de_DE.UTF-8")) {
		snprintf(locpath, sizeof locpath, "/tmp/calcom-cnum-%d", (int)getpid());
		char cmd[256];
		snprintf(cmd, sizeof cmd, "mkdir -p %s && localedef -i de_DE -f UTF-8 %s/de_DE.UTF-8 2>/dev/null", locpath,
			locpath);
		assert_int_equal(system(cmd) & 0xff00, 0);
		setenv("LOCPATH", locpath, 1);
		assert_non_null(setlocale(LC_NUMERIC, "de_DE.UTF-8"));
	}
	assert_string_equal(localeconv()->decimal_point, ",");
}

static void check_both_ways(void)
{
	char buf[64];
	assert_int_equal(calcom_cnum_format(buf, sizeof buf, 1.5), 3);
	assert_string_equal(buf, "1.5");
	calcom_cnum_format(buf, sizeof buf, -0.25);
	assert_string_equal(buf, "-0.25");
	calcom_cnum_format(buf, sizeof buf, 120.0);
	assert_string_equal(buf, "120");
	calcom_cnum_format(buf, sizeof buf, 1e300);
	assert_string_equal(buf, "1.0000000000000001e+300");
	double v = 0;
	assert_true(calcom_cnum_parse("1.5", &v));
	assert_true(v == 1.5);
	assert_true(calcom_cnum_parse("-2", &v));
	assert_true(v == -2.0);
	assert_true(calcom_cnum_parse("1e3", &v));
	assert_true(v == 1000.0);
	assert_false(calcom_cnum_parse("", &v));
	assert_false(calcom_cnum_parse("1.5x", &v));
	assert_false(calcom_cnum_parse("x", &v));
	assert_false(calcom_cnum_parse("1,5", &v));
	char long_text[80];
	memset(long_text, '1', sizeof long_text - 1);
	long_text[sizeof long_text - 1] = '\0';
	assert_false(calcom_cnum_parse(long_text, &v));
}

static void test_c_locale(void **state)
{
	(void)state;
	setlocale(LC_NUMERIC, "C");
	check_both_ways();
}

static void test_comma_locale(void **state)
{
	(void)state;
	comma_locale();
	char raw[16];
	snprintf(raw, sizeof raw, "%.1f", 1.5);
	assert_string_equal(raw, "1,5");  /* what the fix is for */
	check_both_ways();
	setlocale(LC_NUMERIC, "C");
	if (locpath[0]) {
		char cmd[96];
		snprintf(cmd, sizeof cmd, "rm -rf %s", locpath);
		assert_int_equal(system(cmd), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_c_locale),
		cmocka_unit_test(test_comma_locale),
	};
	return cmocka_run_group_tests_name("cnum", tests, NULL, NULL);
}
