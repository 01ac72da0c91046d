/*
 * libFuzzer target for src/calcom/rfc3339.c (generated from rfc3339.re):
 * calcom_rfc3339_parse and calcom_date_parse on arbitrary bytes, checked
 * against a plain, slow reference written here without re2c or civil.c.
 *
 * fuzz-sources: src/calcom/rfc3339.c src/lib/civil.c
 *
 * Invariants:
 *  - parse accepts exactly what the reference accepts, with the same
 *    instant and offset; date_parse likewise for bare dates;
 *  - on failure *out is untouched; parsing is deterministic;
 *  - on success: |offset| <= 23:59; format() writes 25 characters for every
 *    buffer of 26+ bytes and nothing (an empty string) for smaller ones
 *    (each buffer exactly that big, so ASan sees an overflow); format(parse(x))
 *    parses back to the same instant truncated to the second, at the same
 *    offset; shown at offset 0 and back, the instant is unchanged.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calcom/rfc3339.h"
#include "lib/civil.h"

#define CHECK(cond)                                                                                 \
	do {                                                                                        \
		if (!(cond)) {                                                                      \
			fprintf(stderr, "fuzz_rfc3339: invariant failed at line %d: %s\n", __LINE__, #cond); \
			abort();                                                                    \
		}                                                                                   \
	} while (0)

/* ---- reference ------------------------------------------------------------ */

static bool dig(const uint8_t *s, size_t i)
{
	return s[i] >= '0' && s[i] <= '9';
}

static int num(const uint8_t *s, size_t i, size_t n)
{
	int v = 0;
	for (size_t k = 0; k < n; k++) v = v * 10 + (s[i + k] - '0');
	return v;
}

static bool ref_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int ref_dim(int y, int m)
{
	static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && ref_leap(y) ? 29 : dim[m - 1];
}

/* Days since 1970-01-01 by counting years and months one at a time. */
static int64_t ref_days(int y, int m, int d)
{
	int64_t days = 0;
	for (int yy = 1970; yy < y; yy++) days += ref_leap(yy) ? 366 : 365;
	for (int yy = y; yy < 1970; yy++) days -= ref_leap(yy) ? 366 : 365;
	for (int mm = 1; mm < m; mm++) days += ref_dim(y, mm);
	return days + d - 1;
}

static bool ref_date(const uint8_t *s, size_t n, int64_t *days)
{
	if (n < 10) return false;
	for (size_t i = 0; i < 10; i++) {
		if (i == 4 || i == 7 ? s[i] != '-' : !dig(s, i)) return false;
	}
	int y = num(s, 0, 4), m = num(s, 5, 2), d = num(s, 8, 2);
	if (m < 1 || m > 12 || d < 1 || d > ref_dim(y, m)) return false;
	*days = ref_days(y, m, d);
	return true;
}

static bool ref_parse(const uint8_t *s, size_t n, calcom_instant *out)
{
	int64_t days;
	if (n < 20 || !ref_date(s, n, &days)) return false;
	if (s[10] != 'T' && s[10] != 't') return false;
	if (!dig(s, 11) || !dig(s, 12) || s[13] != ':' || !dig(s, 14) || !dig(s, 15) || s[16] != ':' ||
	    !dig(s, 17) || !dig(s, 18)) {
		return false;
	}
	int hh = num(s, 11, 2), mi = num(s, 14, 2), ss = num(s, 17, 2);
	if (hh > 23 || mi > 59 || ss > 59) return false;
	size_t i = 19;
	int64_t ms = 0;
	if (s[i] == '.') {
		size_t f = ++i;
		while (i < n && dig(s, i)) i++;
		size_t nd = i - f;
		if (nd < 1 || nd > 9) return false;
		for (size_t k = 0; k < 3; k++) ms = ms * 10 + (k < nd ? s[f + k] - '0' : 0);
	}
	if (i >= n) return false;
	int off = 0;
	if (s[i] == 'Z' || s[i] == 'z') {
		i++;
	} else if (s[i] == '+' || s[i] == '-') {
		if (n - i < 6 || !dig(s, i + 1) || !dig(s, i + 2) || s[i + 3] != ':' || !dig(s, i + 4) || !dig(s, i + 5)) {
			return false;
		}
		int oh = num(s, i + 1, 2), om = num(s, i + 4, 2);
		if (oh > 23 || om > 59) return false;
		off = (oh * 60 + om) * (s[i] == '-' ? -1 : 1);
		i += 6;
	} else {
		return false;
	}
	if (i != n) return false;
	out->epoch_ms = ((days * 24 + hh) * 60 + mi - off) * 60000 + ss * 1000 + ms;
	out->offset_min = off;
	return true;
}

/* ---- checks ------------------------------------------------------------------ */

static void check_format(calcom_instant t)
{
	for (size_t size = 0; size <= CALCOM_RFC3339_FORMAT_LEN + 2; size++) {
		char *buf = malloc(size ? size : 1);
		CHECK(buf);
		buf[0] = 'x';
		size_t n = calcom_rfc3339_format(&t, buf, size);
		if (size <= CALCOM_RFC3339_FORMAT_LEN) {
			CHECK(n == 0);
			CHECK(size == 0 ? buf[0] == 'x' : buf[0] == '\0');
		} else {
			CHECK(n == CALCOM_RFC3339_FORMAT_LEN);
			CHECK(buf[n] == '\0' && strlen(buf) == n);
			calcom_instant back;
			if (!calcom_rfc3339_parse(buf, n, &back)) {
				fprintf(stderr, "fuzz_rfc3339: canonical form \"%s\" rejected\n", buf);
				abort();
			}
			CHECK(back.epoch_ms == t.epoch_ms - calcom_floor_mod(t.epoch_ms, 1000));
			CHECK(back.offset_min == t.offset_min);
		}
		free(buf);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	calcom_instant t = {0x5a5a5a5a, 0x5a5a}, ref = {0, 0};
	bool ok = calcom_rfc3339_parse((const char *)data, size, &t);
	bool want = ref_parse(data, size, &ref);
	if (ok != want) {
		fprintf(stderr, "fuzz_rfc3339: parse says %d, reference says %d for \"%.*s\"\n", ok, want, (int)size, data);
		abort();
	}
	if (!ok) {
		CHECK(t.epoch_ms == 0x5a5a5a5a && t.offset_min == 0x5a5a);
	} else {
		CHECK(t.epoch_ms == ref.epoch_ms);
		CHECK(t.offset_min == ref.offset_min);
		CHECK(t.offset_min >= -1439 && t.offset_min <= 1439);
		calcom_instant again;
		CHECK(calcom_rfc3339_parse((const char *)data, size, &again));
		CHECK(again.epoch_ms == t.epoch_ms && again.offset_min == t.offset_min);
		check_format(t);
		/* Another offset shows the same instant; 0 always has a 4-digit year
		 * unless the local date fell outside 0000-9999. */
		calcom_instant utc = calcom_instant_at_offset(t, 0);
		CHECK(utc.epoch_ms == t.epoch_ms && utc.offset_min == 0);
		char buf[32];
		if (calcom_rfc3339_format(&utc, buf, sizeof buf) == CALCOM_RFC3339_FORMAT_LEN) {
			check_format(utc);
		} else {
			CHECK(t.epoch_ms < ref_days(0, 1, 1) * 86400000 || t.epoch_ms >= ref_days(10000, 1, 1) * 86400000);
		}
	}

	int64_t days = 0x5a5a, ref_d = 0;
	bool dok = calcom_date_parse((const char *)data, size, &days);
	bool dwant = size == 10 && ref_date(data, size, &ref_d);
	CHECK(dok == dwant);
	CHECK(dok ? days == ref_d : days == 0x5a5a);
	if (dok) {
		int y;
		unsigned m, d;
		calcom_civil_from_days(days, &y, &m, &d);
		CHECK(y == num(data, 0, 4) && (int)m == num(data, 5, 2) && (int)d == num(data, 8, 2));
	}
	return 0;
}
