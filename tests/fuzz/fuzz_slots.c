/*
 * libFuzzer target for src/calcom/slots.c (generated from slots.re):
 * calcom_slots_parse on arbitrary bytes. libFuzzer hands over a heap buffer
 * of exactly `size` bytes, so any read past the end is an ASan report.
 *
 * fuzz-sources: src/calcom/slots.c src/calcom/rfc3339.c src/lib/civil.c src/lib/err.c
 *
 * Invariants:
 *  - failure: CALCOM_E_PROTOCOL (or CALCOM_E_NOMEM) with a non-empty,
 *    terminated message; the struct is zeroed; freeing it is safe;
 *  - success: shape is V2 or LEGACY; days are contiguous slot ranges that
 *    cover [0, nslots) in order; every day's date is a valid YYYY-MM-DD
 *    (calcom_date_parse) and no two days share a date; every start and
 *    every end that is not INT64_MIN carries an offset within +-23:59, and
 *    format(start) parses back to the same instant truncated to the second;
 *  - deterministic: a second parse gives the same days, instants, shape,
 *    or the same error message;
 *  - no leaks (LeakSanitizer).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calcom/slots.h"
#include "lib/civil.h"

#define CHECK(cond)                                                                               \
	do {                                                                                      \
		if (!(cond)) {                                                                    \
			fprintf(stderr, "fuzz_slots: invariant failed at line %d: %s\n", __LINE__, #cond); \
			abort();                                                                  \
		}                                                                                 \
	} while (0)

static void check_instant(calcom_instant t)
{
	CHECK(t.offset_min >= -1439 && t.offset_min <= 1439);
	char buf[CALCOM_RFC3339_FORMAT_LEN + 1];
	size_t n = calcom_rfc3339_format(&t, buf, sizeof buf);
	CHECK(n == CALCOM_RFC3339_FORMAT_LEN);
	calcom_instant back;
	if (!calcom_rfc3339_parse(buf, n, &back)) {
		fprintf(stderr, "fuzz_slots: canonical form \"%s\" rejected\n", buf);
		abort();
	}
	CHECK(back.epoch_ms == t.epoch_ms - calcom_floor_mod(t.epoch_ms, 1000));
	CHECK(back.offset_min == t.offset_min);
}

static bool zeroed(const calcom_slots *s)
{
	return !s->days && !s->starts && !s->ends && s->ndays == 0 && s->nslots == 0 && s->shape == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	calcom_slots s, again;
	calcom_err err, err2;
	memset(&s, 0x5a, sizeof s);
	memset(&err, 0x5a, sizeof err);

	bool ok = calcom_slots_parse((const char *)data, size, &s, &err);
	memset(&again, 0x5a, sizeof again);
	memset(&err2, 0x5a, sizeof err2);
	bool ok2 = calcom_slots_parse((const char *)data, size, &again, &err2);
	CHECK(ok == ok2);

	if (!ok) {
		CHECK(err.code == CALCOM_E_PROTOCOL || err.code == CALCOM_E_NOMEM);
		CHECK(memchr(err.msg, '\0', sizeof err.msg) != NULL);
		CHECK(err.msg[0] != '\0');
		CHECK(zeroed(&s));
		CHECK(err2.code == err.code && strcmp(err.msg, err2.msg) == 0);
		calcom_slots_free(&s);
		calcom_slots_free(&s);
		calcom_slots_free(&again);
		return 0;
	}

	CHECK(s.shape == CALCOM_SLOTS_V2 || s.shape == CALCOM_SLOTS_LEGACY);
	CHECK(s.nslots == 0 || (s.starts && s.ends));
	CHECK(s.ndays == 0 || s.days);
	size_t next = 0;
	for (size_t i = 0; i < s.ndays; i++) {
		const calcom_slot_day *d = &s.days[i];
		CHECK(d->date[10] == '\0' && strlen(d->date) == 10);
		int64_t days;
		CHECK(calcom_date_parse(d->date, 10, &days));
		for (size_t j = 0; j < i; j++) {
			CHECK(strcmp(s.days[j].date, d->date) != 0);
		}
		CHECK(d->first == next);
		CHECK(d->count <= s.nslots && d->first <= s.nslots - d->count);
		next += d->count;
	}
	CHECK(next == s.nslots);
	for (size_t i = 0; i < s.nslots; i++) {
		check_instant(s.starts[i]);
		if (s.ends[i].epoch_ms != INT64_MIN) {
			check_instant(s.ends[i]);
		}
	}

	CHECK(ok2 && again.shape == s.shape && again.ndays == s.ndays && again.nslots == s.nslots);
	CHECK(s.ndays == 0 || memcmp(again.days, s.days, s.ndays * sizeof *s.days) == 0);
	for (size_t i = 0; i < s.nslots; i++) {
		CHECK(again.starts[i].epoch_ms == s.starts[i].epoch_ms && again.starts[i].offset_min == s.starts[i].offset_min);
		CHECK(again.ends[i].epoch_ms == s.ends[i].epoch_ms && again.ends[i].offset_min == s.ends[i].offset_min);
	}
	calcom_slots_free(&again);
	calcom_slots_free(&s);
	CHECK(zeroed(&s));
	return 0;
}
