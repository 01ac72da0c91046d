/*
 * libFuzzer target for calcom_limiter_parse_seconds (src/limiter/limiter.c):
 * the header values Cal.com and proxies send (Retry-After,
 * X-RateLimit-Reset-Default, X-RateLimit-Remaining-Default).
 *
 * fuzz-sources: src/limiter/limiter.c
 *
 * Invariants: never reads past len (the input is copied into a buffer of
 * exactly len bytes, so ASan sees it); a success is a finite number in
 * [0, 1e9); it succeeds only when the input is blanks, 1-9 digits, an
 * optional '.' with at least one digit, blanks, and fails on such an input
 * only when its value rounds up to 1e9 (nine nines and a long fraction);
 * the value agrees with strtod on the same text.
 */
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limiter/limiter.h"

#define CHECK(cond)                                                                             \
	do {                                                                                    \
		if (!(cond)) {                                                                  \
			fprintf(stderr, "fuzz_seconds: invariant failed at line %d: %s\n", __LINE__, #cond); \
			abort();                                                                \
		}                                                                               \
	} while (0)

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The grammar, written independently of the parser. */
static bool well_formed(const char *s, size_t len)
{
	size_t i = 0, d = 0, f = 0;
	while (i < len && blank(s[i])) i++;
	while (i < len && s[i] >= '0' && s[i] <= '9') i++, d++;
	if (d == 0 || d > 9) return false;
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && s[i] >= '0' && s[i] <= '9') i++, f++;
		if (f == 0) return false;
	}
	while (i < len && blank(s[i])) i++;
	return i == len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size ? size : 1);
	if (!copy) return 0;
	memcpy(copy, data, size);
	double v = -1.0;
	bool ok = calcom_limiter_parse_seconds(copy, size, &v);
	bool grammar = well_formed(copy, size);
	CHECK(!ok || grammar);
	if (grammar && !ok) {
		/* Only 999999999.<fraction> can round up to 1e9. */
		size_t i = 0;
		while (blank(copy[i])) i++;
		CHECK(size - i > 10 && memcmp(copy + i, "999999999.", 10) == 0);
	}
	if (ok) {
		CHECK(isfinite(v) && v >= 0.0 && v < 1e9);
		char text[64];
		size_t n = size < sizeof text - 1 ? size : sizeof text - 1;
		memcpy(text, copy, n);
		text[n] = '\0';
		if (n == size) {
			double ref = strtod(text, NULL);
			CHECK(fabs(ref - v) <= 1e-6 * (ref > 1.0 ? ref : 1.0));
		}
	}
	free(copy);
	return 0;
}
