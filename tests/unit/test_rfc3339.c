/*
 * src/calcom/rfc3339: every accepted form (Z, offsets, +00:00, -00:00,
 * fractions, lowercase t/z), every rejected field, the 1970 / leap-year /
 * year-0000 and year-9999 edges, the formatter and bare dates.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "calcom/rfc3339.h"
#include "lib/civil.h"

/* ---- helpers ---------------------------------------------------------- */

/* Parses exactly len bytes from a heap copy of that size, so ASan catches a
 * read past the end (the parser must not need a NUL terminator). */
static bool parse_n(const char *s, size_t len, calcom_instant *out)
{
	char *copy = malloc(len ? len : 1);
	assert_non_null(copy);
	memcpy(copy, s, len);
	bool ok = calcom_rfc3339_parse(copy, len, out);
	free(copy);
	return ok;
}

static calcom_instant parse_ok(const char *s)
{
	calcom_instant t = {0, 0};
	if (!parse_n(s, strlen(s), &t)) {
		fail_msg("\"%s\" was rejected", s);
	}
	return t;
}

static void expect_instant(const char *s, int64_t ms, int32_t offset)
{
	calcom_instant t = parse_ok(s);
	if (t.epoch_ms != ms || t.offset_min != offset) {
		fail_msg("\"%s\": got %lld ms at %d min, want %lld ms at %d min", s, (long long)t.epoch_ms, (int)t.offset_min,
			(long long)ms, (int)offset);
	}
}

static void expect_reject(const char *s)
{
	calcom_instant t = {42, 7};
	if (parse_n(s, strlen(s), &t)) {
		fail_msg("\"%s\" was accepted", s);
	}
	/* *out is untouched on failure. */
	assert_int_equal(t.epoch_ms, 42);
	assert_int_equal(t.offset_min, 7);
}

static void expect_format(calcom_instant t, const char *want)
{
	char buf[64];
	memset(buf, 'x', sizeof buf);
	size_t n = calcom_rfc3339_format(&t, buf, sizeof buf);
	if (n != CALCOM_RFC3339_FORMAT_LEN || strcmp(buf, want) != 0) {
		fail_msg("format(%lld, %d) = %zu \"%s\", want \"%s\"", (long long)t.epoch_ms, (int)t.offset_min, n, buf, want);
	}
}

#define H 3600000LL
/* 2025-10-01T00:00:00Z */
#define OCT1 1759276800000LL

/* ---- accepted forms ----------------------------------------------------- */

static void test_design_example(void **state)
{
	(void)state;
	/* DESIGN.md: {"start":"2025-10-01T09:00:00.000+02:00"} */
	expect_instant("2025-10-01T09:00:00.000+02:00", 1759302000000LL, 120);
	expect_instant("2025-10-01T09:00:00.000+02:00", OCT1 + 7 * H, 120);
}

static void test_utc_forms(void **state)
{
	(void)state;
	/* Without timeZone Cal.com sends Z; with Etc/UTC it sends +00:00. */
	expect_instant("2025-10-01T07:00:00.000Z", OCT1 + 7 * H, 0);
	expect_instant("2025-10-01T07:00:00Z", OCT1 + 7 * H, 0);
	expect_instant("2025-10-01T07:00:00+00:00", OCT1 + 7 * H, 0);
	expect_instant("2025-10-01T07:00:00.000+00:00", OCT1 + 7 * H, 0);
	/* RFC 3339's "unknown local offset" is the same instant. */
	expect_instant("2025-10-01T07:00:00-00:00", OCT1 + 7 * H, 0);
	/* Lowercase separators (RFC 3339 section 5.6 NOTE). */
	expect_instant("2025-10-01t07:00:00z", OCT1 + 7 * H, 0);
	expect_instant("2025-10-01t07:00:00.5z", OCT1 + 7 * H + 500, 0);
}

static void test_offsets(void **state)
{
	(void)state;
	expect_instant("2025-10-01T09:00:00+02:00", OCT1 + 7 * H, 120);
	expect_instant("2025-10-01T02:00:00-05:00", OCT1 + 7 * H, -300);
	expect_instant("2025-10-01T12:30:00+05:30", OCT1 + 7 * H, 330);
	expect_instant("2025-10-01T20:45:00+13:45", OCT1 + 7 * H, 825);   /* Pacific/Chatham DST */
	expect_instant("2025-10-01T06:00:00-01:00", OCT1 + 7 * H, -60);
	expect_instant("2025-10-02T06:59:00+23:59", OCT1 + 7 * H, 1439);
	expect_instant("2025-09-30T07:01:00-23:59", OCT1 + 7 * H, -1439);
	/* An offset that moves the instant to another UTC day. */
	expect_instant("2025-10-01T00:30:00+02:00", OCT1 - 90 * 60000LL, 120);
	expect_instant("2025-09-30T23:30:00-02:00", OCT1 + 90 * 60000LL, -120);
	expect_instant("2024-02-29T12:00:00-05:30", 1709227800000LL, -330);
}

static void test_fractions(void **state)
{
	(void)state;
	const int64_t base = OCT1 + 7 * H;
	expect_instant("2025-10-01T07:00:00.5Z", base + 500, 0);
	expect_instant("2025-10-01T07:00:00.1Z", base + 100, 0);
	expect_instant("2025-10-01T07:00:00.12Z", base + 120, 0);
	expect_instant("2025-10-01T07:00:00.123Z", base + 123, 0);
	expect_instant("2025-10-01T07:00:00.0Z", base, 0);
	expect_instant("2025-10-01T07:00:00.999Z", base + 999, 0);
	/* Truncated, not rounded, to ms. */
	expect_instant("2025-10-01T07:00:00.1239Z", base + 123, 0);
	expect_instant("2025-10-01T07:00:00.999999999Z", base + 999, 0);
	expect_instant("2025-10-01T07:00:00.123456789+00:00", base + 123, 0);
	expect_instant("2025-10-01T09:00:00.000000001+02:00", base, 120);
	expect_reject("2025-10-01T07:00:00.1234567890Z");  /* 10 digits */
	expect_reject("2025-10-01T07:00:00.Z");
	expect_reject("2025-10-01T07:00:00,5Z");
	expect_reject("2025-10-01T07:00:00.5");
}

static void test_dst_day(void **state)
{
	(void)state;
	/* Europe/Berlin 2025-10-26: 02:00-03:00 happens twice. The same wall
	 * time with the two offsets is one hour apart, and the list Cal.com
	 * sends for that day stays in instant order across the change. */
	const char *day[] = {
		"2025-10-26T01:30:00.000+02:00", "2025-10-26T02:00:00.000+02:00", "2025-10-26T02:30:00.000+02:00",
		"2025-10-26T02:00:00.000+01:00", "2025-10-26T02:30:00.000+01:00", "2025-10-26T03:00:00.000+01:00",
	};
	int64_t prev = INT64_MIN;
	for (size_t i = 0; i < 6; i++) {
		calcom_instant t = parse_ok(day[i]);
		assert_int_equal(t.offset_min, i < 3 ? 120 : 60);
		assert_int_equal(t.epoch_ms - (prev == INT64_MIN ? t.epoch_ms - 30 * 60000 : prev), 30 * 60000);
		prev = t.epoch_ms;
	}
	expect_instant("2025-10-26T02:30:00+02:00", 1761438600000LL, 120);
	expect_instant("2025-10-26T02:30:00+01:00", 1761442200000LL, 60);
	/* Spring forward 2025-03-30: 01:30+01:00 and 03:30+02:00 are an hour apart. */
	expect_instant("2025-03-30T01:30:00+01:00", 1743294600000LL, 60);
	expect_instant("2025-03-30T03:30:00+02:00", 1743298200000LL, 120);
}

static void test_edges(void **state)
{
	(void)state;
	expect_instant("1970-01-01T00:00:00Z", 0, 0);
	expect_instant("1970-01-01T00:00:00.001Z", 1, 0);
	expect_instant("1969-12-31T23:59:59.999Z", -1, 0);
	expect_instant("1969-12-31T23:59:59Z", -1000, 0);
	expect_instant("1970-01-01T00:00:00+01:00", -H, 60);
	expect_instant("1970-01-01T01:00:00+01:00", 0, 60);
	expect_instant("1969-12-31T19:00:00-05:00", 0, -300);
	expect_instant("2000-02-29T00:00:00Z", 951782400000LL, 0);
	expect_instant("2024-02-29T23:59:59Z", 1709251199000LL, 0);
	expect_instant("9999-12-31T23:59:59.999Z", 253402300799999LL, 0);
	expect_instant("9999-12-31T23:59:59+23:59", 253402300799000LL - 1439 * 60000LL, 1439);
	expect_instant("0000-01-01T00:00:00Z", -62167219200000LL, 0);
	expect_instant("0000-02-29T00:00:00Z", -62167219200000LL + 59 * 86400000LL, 0);  /* year 0 is leap */
	expect_instant("0001-01-01T00:00:00Z", -62135596800000LL, 0);
	expect_instant("0000-01-01T00:00:00-23:59", -62167219200000LL + 1439 * 60000LL, -1439);
}

/* ---- rejections ------------------------------------------------------------- */

static void test_reject_fields(void **state)
{
	(void)state;
	expect_reject("2025-00-01T07:00:00Z");
	expect_reject("2025-13-01T07:00:00Z");
	expect_reject("2025-10-00T07:00:00Z");
	expect_reject("2025-10-32T07:00:00Z");
	expect_reject("2025-09-31T07:00:00Z");
	expect_reject("2025-04-31T07:00:00Z");
	expect_reject("2025-02-29T07:00:00Z");
	expect_reject("2100-02-29T07:00:00Z");
	expect_reject("1900-02-29T07:00:00Z");
	expect_reject("2024-02-30T07:00:00Z");
	expect_reject("2025-10-01T24:00:00Z");
	expect_reject("2025-10-01T25:00:00Z");
	expect_reject("2025-10-01T07:60:00Z");
	expect_reject("2025-10-01T07:00:60Z");  /* leap second */
	expect_reject("2016-12-31T23:59:60Z");
	expect_reject("2025-10-01T07:00:61Z");
	expect_reject("2025-10-01T07:00:00+24:00");
	expect_reject("2025-10-01T07:00:00-24:00");
	expect_reject("2025-10-01T07:00:00+23:60");
	expect_reject("2025-10-01T07:00:00+99:99");
}

static void test_reject_syntax(void **state)
{
	(void)state;
	const char *bad[] = {
		"",
		"2025-10-01",
		"2025-10-01T07:00:00",         /* no offset: local time is not an instant */
		"2025-10-01 07:00:00Z",        /* space separator (RFC 3339 allows it by note; Cal.com never sends it) */
		"2025-10-01T07:00Z",
		"2025-10-01T7:00:00Z",
		"2025-1-01T07:00:00Z",
		"25-10-01T07:00:00Z",
		"+2025-10-01T07:00:00Z",
		"12025-10-01T07:00:00Z",
		"2025/10/01T07:00:00Z",
		"2025-10-01T07.00.00Z",
		"2025-10-01T07:00:00+0200",
		"2025-10-01T07:00:00+02",
		"2025-10-01T07:00:00+2:00",
		"2025-10-01T07:00:00 Z",
		"2025-10-01T07:00:00ZZ",
		"2025-10-01T07:00:00Z ",
		" 2025-10-01T07:00:00Z",
		"2025-10-01T07:00:00UTC",
		"2025-10-01T07:00:00GMT+2",
		"2025-10-01X07:00:00Z",
		"2025-10-01T07:00:00.000+02:00x",
		"2025-10-01T07:00:00.000+02:00.000",
		"２０２５-10-01T07:00:00Z",
		"2025-10-01T07:00:00\xc2\xa0Z",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		expect_reject(bad[i]);
	}
}

static void test_every_prefix_and_nul(void **state)
{
	(void)state;
	const char *s = "2025-10-01T09:00:00.123456789+02:00";
	size_t len = strlen(s);
	assert_int_equal(len, CALCOM_RFC3339_MAX_LEN);
	calcom_instant t;
	/* No proper prefix is complete: each lacks (part of) the offset. */
	for (size_t n = 0; n < len; n++) {
		assert_false(parse_n(s, n, &t));
	}
	assert_true(parse_n(s, len, &t));
	/* A NUL inside, or after the end of, the text is not the end. */
	char buf[40];
	memcpy(buf, s, len + 1);
	assert_false(parse_n(buf, len + 1, &t));
	for (size_t i = 0; i < len; i++) {
		memcpy(buf, s, len + 1);
		buf[i] = '\0';
		assert_false(parse_n(buf, len, &t));
	}
	/* len decides where the text ends, not a terminator. */
	assert_true(parse_n("2025-10-01T09:00:00Zjunk", 20, &t));
	assert_int_equal(t.epoch_ms, OCT1 + 9 * H);
}

/* ---- format -------------------------------------------------------------- */

static void test_format(void **state)
{
	(void)state;
	expect_format(parse_ok("2025-10-01T09:00:00.000+02:00"), "2025-10-01T09:00:00+02:00");
	expect_format(parse_ok("2025-10-01T07:00:00.000Z"), "2025-10-01T07:00:00+00:00");
	expect_format(parse_ok("2025-10-01T07:00:00-00:00"), "2025-10-01T07:00:00+00:00");
	expect_format(parse_ok("2025-10-01T02:00:00-05:00"), "2025-10-01T02:00:00-05:00");
	expect_format(parse_ok("2025-10-01T12:30:00+05:30"), "2025-10-01T12:30:00+05:30");
	expect_format(parse_ok("2025-09-30T07:01:00-23:59"), "2025-09-30T07:01:00-23:59");
	/* The fraction is dropped (floored), also before 1970. */
	expect_format(parse_ok("2025-10-01T09:00:00.999+02:00"), "2025-10-01T09:00:00+02:00");
	expect_format(parse_ok("1969-12-31T23:59:59.999Z"), "1969-12-31T23:59:59+00:00");
	expect_format((calcom_instant){-1, 0}, "1969-12-31T23:59:59+00:00");
	expect_format((calcom_instant){0, 0}, "1970-01-01T00:00:00+00:00");
	expect_format((calcom_instant){0, 60}, "1970-01-01T01:00:00+01:00");
	expect_format((calcom_instant){0, -1}, "1969-12-31T23:59:00-00:01");
	expect_format(parse_ok("2024-02-29T23:59:59Z"), "2024-02-29T23:59:59+00:00");
	expect_format(parse_ok("9999-12-31T23:59:59.999Z"), "9999-12-31T23:59:59+00:00");
	expect_format(parse_ok("0000-01-01T00:00:00Z"), "0000-01-01T00:00:00+00:00");
	expect_format(parse_ok("0000-01-01T00:00:00+23:59"), "0000-01-01T00:00:00+23:59");
}

static void test_format_sizes_and_range(void **state)
{
	(void)state;
	calcom_instant t = parse_ok("2025-10-01T09:00:00+02:00");
	for (size_t size = 0; size <= CALCOM_RFC3339_FORMAT_LEN + 1; size++) {
		char *buf = malloc(size ? size : 1);  /* exactly size bytes, for ASan */
		assert_non_null(buf);
		buf[0] = 'x';
		size_t n = calcom_rfc3339_format(&t, buf, size);
		if (size <= CALCOM_RFC3339_FORMAT_LEN) {
			assert_int_equal(n, 0);
			if (size > 0) {
				assert_int_equal(buf[0], '\0');
			} else {
				assert_int_equal(buf[0], 'x');
			}
		} else {
			assert_int_equal(n, CALCOM_RFC3339_FORMAT_LEN);
			assert_string_equal(buf, "2025-10-01T09:00:00+02:00");
		}
		free(buf);
	}
	char buf[64];
	/* Offsets that are not +-HH:MM with HH <= 23. */
	calcom_instant bad = {0, 1440};
	assert_int_equal(calcom_rfc3339_format(&bad, buf, sizeof buf), 0);
	assert_string_equal(buf, "");
	bad.offset_min = -1440;
	assert_int_equal(calcom_rfc3339_format(&bad, buf, sizeof buf), 0);
	bad.offset_min = INT32_MIN;
	assert_int_equal(calcom_rfc3339_format(&bad, buf, sizeof buf), 0);
	/* Local years outside 0000-9999 have no 4-digit form. */
	calcom_instant y0 = parse_ok("0000-01-01T00:00:00Z");
	assert_int_equal(calcom_rfc3339_format(&y0, buf, sizeof buf), CALCOM_RFC3339_FORMAT_LEN);
	y0 = calcom_instant_at_offset(y0, -60);
	assert_int_equal(calcom_rfc3339_format(&y0, buf, sizeof buf), 0);
	calcom_instant y9 = parse_ok("9999-12-31T23:30:00Z");
	y9 = calcom_instant_at_offset(y9, 60);
	assert_int_equal(calcom_rfc3339_format(&y9, buf, sizeof buf), 0);
	calcom_instant far = {INT64_MIN, 0};
	assert_int_equal(calcom_rfc3339_format(&far, buf, sizeof buf), 0);
	far.epoch_ms = INT64_MAX;
	far.offset_min = 1439;
	assert_int_equal(calcom_rfc3339_format(&far, buf, sizeof buf), 0);
}

static void test_at_offset(void **state)
{
	(void)state;
	calcom_instant t = parse_ok("2025-10-01T09:00:00.250+02:00");
	calcom_instant u = calcom_instant_at_offset(t, 0);
	assert_int_equal(u.epoch_ms, t.epoch_ms);
	assert_int_equal(u.offset_min, 0);
	expect_format(u, "2025-10-01T07:00:00+00:00");
	expect_format(calcom_instant_at_offset(t, -240), "2025-10-01T03:00:00-04:00");
	expect_format(calcom_instant_at_offset(t, 330), "2025-10-01T12:30:00+05:30");
	expect_format(calcom_instant_at_offset(t, -600), "2025-09-30T21:00:00-10:00");
	/* The input is a value: unchanged. */
	assert_int_equal(t.offset_min, 120);
}

static void test_round_trip(void **state)
{
	(void)state;
	/* format(parse(x)) parses back to the instant truncated to the second,
	 * for a sweep of instants and offsets. */
	const int32_t offs[] = {0, 60, 120, -300, 330, 825, -1439, 1439, -1};
	char buf[32];
	for (int64_t ms = -62167219200000LL + 86400000LL; ms < 253402300799999LL - 86400000LL; ms += 7777777777LL + 123) {
		for (size_t i = 0; i < sizeof offs / sizeof offs[0]; i++) {
			calcom_instant t = {ms, offs[i]}, back;
			assert_int_equal(calcom_rfc3339_format(&t, buf, sizeof buf), CALCOM_RFC3339_FORMAT_LEN);
			assert_true(calcom_rfc3339_parse(buf, strlen(buf), &back));
			assert_int_equal(back.epoch_ms, ms - calcom_floor_mod(ms, 1000));
			assert_int_equal(back.offset_min, offs[i]);
		}
	}
}

/* ---- bare dates ----------------------------------------------------------- */

static bool date_n(const char *s, size_t len, int64_t *days)
{
	char *copy = malloc(len ? len : 1);
	assert_non_null(copy);
	memcpy(copy, s, len);
	bool ok = calcom_date_parse(copy, len, days);
	free(copy);
	return ok;
}

static void test_date_parse(void **state)
{
	(void)state;
	int64_t d = 0;
	assert_true(date_n("2025-10-01", 10, &d));
	assert_int_equal(d, 20362);
	assert_true(date_n("1970-01-01", 10, &d));
	assert_int_equal(d, 0);
	assert_true(date_n("1969-12-31", 10, &d));
	assert_int_equal(d, -1);
	assert_true(date_n("2024-02-29", 10, &d));
	assert_int_equal(d, 19782);
	assert_true(date_n("2000-02-29", 10, &d));
	assert_true(date_n("9999-12-31", 10, &d));
	assert_int_equal(d, 2932896);
	assert_true(date_n("0000-01-01", 10, &d));
	assert_int_equal(d, -719528);

	const char *bad[] = {
		"2025-02-29", "2100-02-29", "1900-02-29", "2025-13-01", "2025-00-01", "2025-10-00", "2025-10-32",
		"2025-04-31", "2025-10-1", "2025-1-01", "25-10-01", "2025/10/01", "2025-10-01T", "2025-10-01 ",
		" 2025-10-01", "2025-10-01Z", "20251001", "", "slots", "２０２５-10-01",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		d = 99;
		if (date_n(bad[i], strlen(bad[i]), &d)) {
			fail_msg("date \"%s\" was accepted", bad[i]);
		}
		assert_int_equal(d, 99);
	}
	assert_false(date_n("2025-10-01", 9, &d));
	assert_false(date_n("2025-10-01\0", 11, &d));
	assert_true(date_n("2025-10-01T09:00:00Z", 10, &d));  /* len decides */
	assert_int_equal(d, 20362);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_design_example),
		cmocka_unit_test(test_utc_forms),
		cmocka_unit_test(test_offsets),
		cmocka_unit_test(test_fractions),
		cmocka_unit_test(test_dst_day),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_reject_fields),
		cmocka_unit_test(test_reject_syntax),
		cmocka_unit_test(test_every_prefix_and_nul),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_sizes_and_range),
		cmocka_unit_test(test_at_offset),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_date_parse),
	};
	return cmocka_run_group_tests_name("rfc3339", tests, NULL, NULL);
}
