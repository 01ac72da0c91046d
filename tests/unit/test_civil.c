/*
 * src/lib/civil: day numbers, their inverse, weekdays and date validity,
 * checked against an independent day-by-day walk over years 0000-9999 and
 * against well-known dates (the epoch, leap days, the ends of the range).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "lib/civil.h"

static void test_known_days(void **state)
{
	(void)state;
	assert_int_equal(calcom_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(calcom_days_from_civil(1970, 1, 2), 1);
	assert_int_equal(calcom_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(calcom_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(calcom_days_from_civil(2024, 2, 29), 19782);
	assert_int_equal(calcom_days_from_civil(2025, 10, 1), 20362);
	assert_int_equal(calcom_days_from_civil(9999, 12, 31), 2932896);
	assert_int_equal(calcom_days_from_civil(0, 1, 1), -719528);
	assert_int_equal(calcom_days_from_civil(0, 3, 1), -719468);
	assert_int_equal(calcom_days_from_civil(-1, 12, 31), -719529);
	assert_int_equal(calcom_days_from_civil(1600, 1, 1), -135140);
}

/* Walks every day of 0000-01-01 .. 9999-12-31 with a counter and
 * days_in_month, independent of the era arithmetic under test. */
static void test_every_day_of_ten_millennia(void **state)
{
	(void)state;
	int64_t z = calcom_days_from_civil(0, 1, 1);
	for (int y = 0; y <= 9999; y++) {
		for (unsigned m = 1; m <= 12; m++) {
			unsigned dim = calcom_days_in_month(y, m);
			for (unsigned d = 1; d <= dim; d++, z++) {
				if (calcom_days_from_civil(y, m, d) != z) {
					fail_msg("%04d-%02u-%02u: days_from_civil %lld, walk %lld", y, m, d,
						(long long)calcom_days_from_civil(y, m, d), (long long)z);
				}
				int yy;
				unsigned mm, dd;
				calcom_civil_from_days(z, &yy, &mm, &dd);
				if (yy != y || mm != m || dd != d) {
					fail_msg("day %lld: civil_from_days %d-%u-%u, want %04d-%02u-%02u", (long long)z, yy, mm, dd, y, m, d);
				}
			}
		}
	}
	assert_int_equal(z, calcom_days_from_civil(10000, 1, 1));
	/* 10000 years = 25 eras of 146097 days. */
	assert_int_equal(z - calcom_days_from_civil(0, 1, 1), 25 * 146097);
}

static void test_negative_years_round_trip(void **state)
{
	(void)state;
	for (int64_t z = calcom_days_from_civil(-2000, 1, 1); z < calcom_days_from_civil(1, 1, 1); z += 17) {
		int y;
		unsigned m, d;
		calcom_civil_from_days(z, &y, &m, &d);
		assert_true(calcom_valid_date(y, m, d));
		assert_int_equal(calcom_days_from_civil(y, m, d), z);
	}
	int y;
	unsigned m, d;
	calcom_civil_from_days(-719529, &y, &m, &d);
	assert_int_equal(y, -1);
	assert_int_equal(m, 12);
	assert_int_equal(d, 31);
}

static void test_far_years(void **state)
{
	(void)state;
	/* Far outside what Cal.com sends, but inside the documented domain. */
	const int years[] = {-1000000000, -400, -1, 1, 400, 100000, 1000000000, 2000000000};
	for (size_t i = 0; i < sizeof years / sizeof years[0]; i++) {
		for (unsigned m = 1; m <= 12; m++) {
			unsigned dim = calcom_days_in_month(years[i], m);
			int64_t z = calcom_days_from_civil(years[i], m, dim);
			int y;
			unsigned mm, dd;
			calcom_civil_from_days(z, &y, &mm, &dd);
			assert_int_equal(y, years[i]);
			assert_int_equal(mm, m);
			assert_int_equal(dd, dim);
			/* The next day is the first of the next month. */
			calcom_civil_from_days(z + 1, &y, &mm, &dd);
			assert_int_equal(dd, 1);
			assert_int_equal(mm, m == 12 ? 1 : m + 1);
		}
	}
}

static void test_weekday(void **state)
{
	(void)state;
	assert_int_equal(calcom_weekday(0), 3);                                  /* 1970-01-01 Thursday */
	assert_int_equal(calcom_weekday(-1), 2);                                 /* 1969-12-31 Wednesday */
	assert_int_equal(calcom_weekday(calcom_days_from_civil(2025, 10, 1)), 2);  /* Wednesday */
	assert_int_equal(calcom_weekday(calcom_days_from_civil(2025, 10, 6)), 0);  /* Monday */
	assert_int_equal(calcom_weekday(calcom_days_from_civil(2025, 10, 5)), 6);  /* Sunday */
	assert_int_equal(calcom_weekday(calcom_days_from_civil(2000, 1, 1)), 5);   /* Saturday */
	assert_int_equal(calcom_weekday(calcom_days_from_civil(2024, 2, 29)), 3);  /* Thursday */
	assert_int_equal(calcom_weekday(calcom_days_from_civil(0, 1, 1)), 5);      /* 5 eras before 2000 */
	assert_int_equal(calcom_weekday(calcom_days_from_civil(9999, 12, 31)), 4); /* Friday */
	for (int64_t z = -100000; z < 100000; z++) {
		assert_int_equal(calcom_weekday(z + 1), (calcom_weekday(z) + 1) % 7);
	}
	assert_in_range(calcom_weekday(INT64_MIN), 0, 6);
	assert_in_range(calcom_weekday(INT64_MAX), 0, 6);
	assert_int_equal(calcom_weekday(INT64_MAX), (calcom_weekday(INT64_MAX - 1) + 1) % 7);
	assert_int_equal(calcom_weekday(INT64_MIN + 1), (calcom_weekday(INT64_MIN) + 1) % 7);
}

static void test_leap_years(void **state)
{
	(void)state;
	assert_true(calcom_is_leap_year(2024));
	assert_true(calcom_is_leap_year(2000));
	assert_true(calcom_is_leap_year(1600));
	assert_true(calcom_is_leap_year(0));
	assert_true(calcom_is_leap_year(-4));
	assert_true(calcom_is_leap_year(-400));
	assert_false(calcom_is_leap_year(2025));
	assert_false(calcom_is_leap_year(1900));
	assert_false(calcom_is_leap_year(2100));
	assert_false(calcom_is_leap_year(1970));
	assert_false(calcom_is_leap_year(-100));
	assert_false(calcom_is_leap_year(-1));
	assert_false(calcom_is_leap_year(9999));
}

static void test_valid_date(void **state)
{
	(void)state;
	assert_true(calcom_valid_date(2024, 2, 29));
	assert_true(calcom_valid_date(2000, 2, 29));
	assert_true(calcom_valid_date(0, 2, 29));
	assert_false(calcom_valid_date(2025, 2, 29));
	assert_false(calcom_valid_date(1900, 2, 29));
	assert_false(calcom_valid_date(2100, 2, 29));
	assert_true(calcom_valid_date(2025, 2, 28));
	assert_true(calcom_valid_date(1970, 1, 1));
	assert_true(calcom_valid_date(9999, 12, 31));
	assert_true(calcom_valid_date(2025, 1, 31));
	assert_false(calcom_valid_date(2025, 4, 31));
	assert_false(calcom_valid_date(2025, 6, 31));
	assert_false(calcom_valid_date(2025, 9, 31));
	assert_false(calcom_valid_date(2025, 11, 31));
	assert_true(calcom_valid_date(2025, 12, 31));
	assert_false(calcom_valid_date(2025, 0, 1));
	assert_false(calcom_valid_date(2025, 13, 1));
	assert_false(calcom_valid_date(2025, 1, 0));
	assert_false(calcom_valid_date(2025, 1, 32));
	assert_false(calcom_valid_date(2025, 99, 99));

	const unsigned want[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	for (unsigned m = 1; m <= 12; m++) {
		assert_int_equal(calcom_days_in_month(2025, m), want[m - 1]);
		assert_int_equal(calcom_days_in_month(2024, m), want[m - 1] + (m == 2));
	}
	assert_int_equal(calcom_days_in_month(2025, 0), 0);
	assert_int_equal(calcom_days_in_month(2025, 13), 0);
}

static void test_floor_div_mod(void **state)
{
	(void)state;
	assert_int_equal(calcom_floor_div(7, 2), 3);
	assert_int_equal(calcom_floor_div(-7, 2), -4);
	assert_int_equal(calcom_floor_div(-8, 2), -4);
	assert_int_equal(calcom_floor_div(-1, 86400), -1);
	assert_int_equal(calcom_floor_div(0, 86400), 0);
	assert_int_equal(calcom_floor_mod(-1, 86400), 86399);
	assert_int_equal(calcom_floor_mod(86400, 86400), 0);
	assert_int_equal(calcom_floor_mod(-86400, 86400), 0);
	assert_int_equal(calcom_floor_mod(7, 3), 1);
	assert_int_equal(calcom_floor_div(INT64_MIN, 1000), INT64_MIN / 1000 - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_days),
		cmocka_unit_test(test_every_day_of_ten_millennia),
		cmocka_unit_test(test_negative_years_round_trip),
		cmocka_unit_test(test_far_years),
		cmocka_unit_test(test_weekday),
		cmocka_unit_test(test_leap_years),
		cmocka_unit_test(test_valid_date),
		cmocka_unit_test(test_floor_div_mod),
	};
	return cmocka_run_group_tests_name("civil", tests, NULL, NULL);
}
