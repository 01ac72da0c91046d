/*
 * libFuzzer target for src/finder/finder.c: calcom_finder_parse_hhmm on the
 * business hours text, then one calcom_finder_run over a query, slots and
 * busy intervals decoded from the rest of the input.
 *
 * fuzz-sources: src/finder/finder.c src/lib/civil.c
 *
 * Input: byte 0 % 8 is the length of the hours text that follows (copied
 * into a buffer of exactly that size, so ASan sees any read past it); the
 * remaining bytes are read as little-endian fields (zeros once they run
 * out): the query around 2025-10-01 (or, by a flag bit, raw 64-bit values
 * far out of bounds), up to 63 slots with Berlin, Kiritimati, Pago Pago,
 * UTC or arbitrary offsets (or raw instants), up to 7 busy intervals.
 *
 * Invariants:
 *  - parse_hhmm accepts exactly what a reference grammar here accepts
 *    (H:MM or HH:MM, hours 0-24, minutes 0-59, 24 only as 24:00), with the
 *    same minutes; *minutes is untouched on failure;
 *  - adjust never moves the desired time back nor by 8 days or more, and
 *    lands on a workday inside business hours (for a query in bounds);
 *  - run returns at most min(max_alternatives, cap) alternatives (none for
 *    a query out of bounds); each is an entry of slots (instant and
 *    offset), on a workday, inside business hours for the whole duration,
 *    inside the horizon, not the adjusted desired time, clear of every busy
 *    interval, of the right day for its type, with the documented score;
 *    no instant twice; scores never increase;
 *  - deterministic; with cap 1 the one result is the first of the full
 *    run; with every instant distinct, the slots reversed give the same
 *    result;
 *  - describe writes a NUL-terminated text without newline in both
 *    languages, fits CALCOM_FINDER_DESCRIBE_MAX, and returns 0 with an
 *    empty string for a buffer one byte too small.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finder/finder.h"
#include "lib/civil.h"

#define CHECK(cond)                                                                                    \
	do {                                                                                           \
		if (!(cond)) {                                                                         \
			fprintf(stderr, "fuzz_finder_hours: invariant failed at line %d: %s\n", __LINE__, #cond); \
			abort();                                                                       \
		}                                                                                      \
	} while (0)

#define MAX_SLOTS 63
#define MAX_BUSY 7
#define MAX_STRATEGIES 20
#define MAX_OUT 12

/* ---- hours ------------------------------------------------------------- */

static bool is_digit(uint8_t c)
{
	return c >= '0' && c <= '9';
}

/* The grammar, written independently of the parser. */
static bool reference_hhmm(const uint8_t *s, size_t len, int32_t *minutes)
{
	size_t h_digits;
	if (len == 4 && is_digit(s[0]) && s[1] == ':') {
		h_digits = 1;
	} else if (len == 5 && is_digit(s[0]) && is_digit(s[1]) && s[2] == ':') {
		h_digits = 2;
	} else {
		return false;
	}
	if (!is_digit(s[h_digits + 1]) || !is_digit(s[h_digits + 2])) {
		return false;
	}
	int h = h_digits == 1 ? s[0] - '0' : (s[0] - '0') * 10 + (s[1] - '0');
	int m = (s[h_digits + 1] - '0') * 10 + (s[h_digits + 2] - '0');
	if (h > 24 || m > 59 || (h == 24 && m > 0)) {
		return false;
	}
	*minutes = h * 60 + m;
	return true;
}

static void fuzz_hhmm(const uint8_t *data, size_t len)
{
	char *copy = malloc(len ? len : 1);
	CHECK(copy);
	if (len) {
		memcpy(copy, data, len);
	}
	int32_t got = -12345, want = -1;
	bool ok = calcom_finder_parse_hhmm(copy, len, &got);
	CHECK(ok == reference_hhmm(data, len, &want));
	CHECK(ok ? got == want : got == -12345);
	CHECK(!ok || (got >= 0 && got <= 1440));
	free(copy);
}

/* ---- decoding ---------------------------------------------------------- */

typedef struct {
	const uint8_t *p;
	size_t n;
} reader;

static uint64_t take(reader *r, unsigned bytes)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < bytes; i++) {
		uint64_t b = 0;
		if (r->n > 0) {
			b = *r->p++;
			r->n--;
		}
		v |= b << (8 * i);
	}
	return v;
}

static int64_t take_i16(reader *r)
{
	return (int64_t)(int16_t)(uint16_t)take(r, 2);
}

static int64_t take_raw64(reader *r)
{
	return (int64_t)take(r, 8);
}

/* 2025-10-01 00:00 local. */
#define BASE_DAY INT64_C(20362)
#define BASE_LOCAL (BASE_DAY * 1440)

static int32_t take_offset(reader *r)
{
	static const int32_t common[] = {120, 60, 840, -660, 0, 330, -300};
	unsigned pick = (unsigned)take(r, 1);
	if (pick < 224) {
		return common[pick % (sizeof common / sizeof common[0])];
	}
	return (int32_t)take_i16(r) * (pick & 1 ? 1 : 1000); /* odd offsets, and absurd ones */
}

/* ---- reference checks ----------------------------------------------------- */

static int64_t local_of(int64_t epoch_ms, int32_t offset_min)
{
	return calcom_floor_div(epoch_ms, 60000) + offset_min;
}

static bool workday(unsigned mask, int64_t day)
{
	return (mask >> calcom_weekday(day) & 1u) != 0;
}

static int64_t next_workday_after(unsigned mask, int64_t day)
{
	for (int i = 1; i <= 7; i++) {
		if (workday(mask, day + i)) {
			return day + i;
		}
	}
	return INT64_MIN;
}

static bool in_bounds(const calcom_finder_query *q)
{
	return q->duration_min > 0 && q->open_min >= 0 && q->open_min < q->close_min && q->close_min <= 1440 &&
		(q->workdays & 0x7fu) != 0 && q->window_min >= 0 && q->max_alternatives >= 1 && q->search_days >= 0 &&
		q->desired_local >= -CALCOM_FINDER_LOCAL_LIMIT && q->desired_local <= CALCOM_FINDER_LOCAL_LIMIT;
}

static void check_describe(const calcom_finder_alt *a)
{
	for (int lang = CALCOM_FINDER_DE; lang <= CALCOM_FINDER_EN; lang++) {
		char buf[CALCOM_FINDER_DESCRIBE_MAX];
		size_t n = calcom_finder_describe(a, (calcom_finder_lang)lang, buf, sizeof buf);
		CHECK(n > 0 && n < sizeof buf && strlen(buf) == n && !strchr(buf, '\n'));
		char *exact = malloc(n + 1);
		CHECK(exact);
		CHECK(calcom_finder_describe(a, (calcom_finder_lang)lang, exact, n + 1) == n);
		CHECK(memcmp(exact, buf, n + 1) == 0);
		char *small = malloc(n);
		CHECK(small);
		memset(small, 'x', n);
		CHECK(calcom_finder_describe(a, (calcom_finder_lang)lang, small, n) == 0 && small[0] == '\0');
		free(small);
		free(exact);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0) {
		return 0;
	}
	size_t hlen = data[0] % 8;
	if (hlen > size - 1) {
		hlen = size - 1;
	}
	fuzz_hhmm(data + 1, hlen);
	reader r = {data + 1 + hlen, size - 1 - hlen};

	unsigned flags = (unsigned)take(&r, 1);
	calcom_finder_query q;
	memset(&q, 0, sizeof q);
	q.desired_local = flags & 1 ? take_raw64(&r) : BASE_LOCAL + take_i16(&r) * 3;
	q.duration_min = flags & 2 ? (int32_t)take(&r, 4) : (int32_t)(take(&r, 1) * 5) - 5;
	q.open_min = (int32_t)(take(&r, 2) % 1500) - 20;
	q.close_min = (int32_t)(take(&r, 2) % 1500) - 20;
	q.workdays = (unsigned)take(&r, 1) | (flags & 4 ? 0xff00u : 0);
	q.window_min = (int32_t)(take(&r, 2) % 3000) - 10;
	q.max_alternatives = (size_t)(take(&r, 1) % MAX_OUT);
	q.search_days = (int32_t)(take(&r, 1) % 100) - 5;
	size_t cap = (size_t)(take(&r, 1) % (MAX_OUT + 1));

	calcom_finder_strategy strategies[MAX_STRATEGIES];
	q.nstrategies = (size_t)(take(&r, 1) % (MAX_STRATEGIES + 1));
	for (size_t i = 0; i < q.nstrategies; i++) {
		strategies[i] = (calcom_finder_strategy)(take(&r, 1) % 6); /* 4 and 5 are not strategies */
	}
	q.strategies = strategies;

	calcom_finder_slot slots[MAX_SLOTS];
	size_t nslots = (size_t)(take(&r, 1) % (MAX_SLOTS + 1));
	for (size_t i = 0; i < nslots; i++) {
		unsigned kind = (unsigned)take(&r, 1);
		int32_t offset = take_offset(&r);
		if (kind >= 250) {
			slots[i].epoch_ms = take_raw64(&r);
		} else if (kind >= 240 && i > 0) {
			slots[i].epoch_ms = slots[i - 1].epoch_ms; /* the same instant again */
		} else {
			/* On a 5-minute grid over about a month, sometimes off the minute. */
			int64_t local = BASE_LOCAL + (int64_t)(take(&r, 2) % 9000) * 5 - 1440;
			slots[i].epoch_ms = (local - offset) * 60000 + (kind >= 200 ? (int64_t)(kind - 200) * 1500 : 0);
		}
		slots[i].offset_min = offset;
	}

	calcom_finder_busy busy[MAX_BUSY];
	size_t nbusy = (size_t)(take(&r, 1) % (MAX_BUSY + 1));
	for (size_t i = 0; i < nbusy; i++) {
		int64_t local = BASE_LOCAL + (int64_t)(take(&r, 2) % 9000) * 5 - 1440;
		busy[i].start_ms = (local - 120) * 60000;
		busy[i].end_ms = busy[i].start_ms + take_i16(&r) * 60000 / 4;
		if (flags & 8 && i == 0) {
			busy[i].start_ms = INT64_MIN;
			busy[i].end_ms = take_raw64(&r);
		}
	}

	/* adjust and horizon */
	int64_t adjusted = calcom_finder_adjust(&q);
	int64_t first, last;
	calcom_finder_horizon(&q, &first, &last);
	bool ok_query = in_bounds(&q);
	if (ok_query) {
		unsigned mask = q.workdays & 0x7fu;
		int64_t clock = calcom_floor_mod(adjusted, 1440);
		CHECK(adjusted >= q.desired_local && adjusted - q.desired_local < 8 * 1440);
		CHECK(workday(mask, calcom_floor_div(adjusted, 1440)));
		CHECK(clock >= q.open_min && clock < q.close_min);
		CHECK(first == calcom_floor_div(adjusted, 1440) && last == first + q.search_days);
	}

	/* run */
	calcom_finder_alt out[MAX_OUT], again[MAX_OUT], one[1];
	memset(out, 0, sizeof out);
	size_t n = calcom_finder_run(&q, slots, nslots, busy, nbusy, out, cap);
	size_t k = q.max_alternatives < cap ? q.max_alternatives : cap;
	CHECK(n <= k);
	CHECK(ok_query || n == 0);

	int64_t desired_day = calcom_floor_div(adjusted, 1440);
	int64_t desired_clock = calcom_floor_mod(adjusted, 1440);
	for (size_t i = 0; i < n; i++) {
		const calcom_finder_alt *a = &out[i];
		bool listed = false;
		for (size_t j = 0; j < nslots && !listed; j++) {
			listed = slots[j].epoch_ms == a->epoch_ms && slots[j].offset_min == a->offset_min;
		}
		CHECK(listed);
		int64_t local = local_of(a->epoch_ms, a->offset_min);
		int64_t day = calcom_floor_div(local, 1440);
		int64_t clock = calcom_floor_mod(local, 1440);
		CHECK(workday(q.workdays & 0x7fu, day));
		CHECK(clock >= q.open_min && clock + q.duration_min <= q.close_min);
		CHECK(day >= first && day <= last);
		CHECK(local != adjusted);
		int64_t end = a->epoch_ms + (int64_t)q.duration_min * 60000;
		for (size_t b = 0; b < nbusy; b++) {
			CHECK(!(busy[b].start_ms < busy[b].end_ms && busy[b].start_ms < end && a->epoch_ms < busy[b].end_ms));
		}
		for (size_t j = 0; j < i; j++) {
			CHECK(out[j].epoch_ms != a->epoch_ms);
		}
		CHECK(i == 0 || out[i - 1].score >= a->score);

		int64_t distance = local > adjusted ? local - adjusted : adjusted - local;
		int64_t clock_distance = clock > desired_clock ? clock - desired_clock : desired_clock - clock;
		bool afternoon = desired_clock >= 720;
		int64_t bonus = 0;
		CHECK(a->type >= CALCOM_ALT_SAME_DAY_EARLIER && a->type <= CALCOM_ALT_NEXT_AVAILABLE);
		switch (a->type) {
		case CALCOM_ALT_SAME_DAY_EARLIER:
			CHECK(day == desired_day && local < adjusted && distance <= q.window_min);
			bonus = afternoon ? 300 : 500;
			break;
		case CALCOM_ALT_SAME_DAY_LATER:
			CHECK(day == desired_day && local > adjusted && distance <= q.window_min);
			bonus = afternoon ? 500 : 300;
			break;
		case CALCOM_ALT_NEXT_WORKDAY:
			CHECK(day == next_workday_after(q.workdays & 0x7fu, desired_day) && clock_distance <= q.window_min);
			bonus = 250;
			break;
		case CALCOM_ALT_NEXT_WEEK:
			CHECK(day == desired_day + 7 && clock_distance <= q.window_min);
			bonus = 150;
			break;
		case CALCOM_ALT_NEXT_AVAILABLE:
			CHECK(day > desired_day);
			bonus = 100;
			break;
		default:
			break;
		}
		CHECK(a->score == 10000 - distance + bonus);
		check_describe(a);
	}

	/* deterministic, and the cut is a prefix */
	size_t n2 = calcom_finder_run(&q, slots, nslots, busy, nbusy, again, cap);
	CHECK(n2 == n && memcmp(again, out, n * sizeof *out) == 0);
	size_t n1 = calcom_finder_run(&q, slots, nslots, busy, nbusy, one, 1);
	if (n > 0) {
		CHECK(n1 == 1 && memcmp(&one[0], &out[0], sizeof *out) == 0);
	} else if (cap > 0) {
		CHECK(n1 == 0); /* cap 0 alone may have hidden some */
	}

	/* the order of distinct slots does not matter */
	bool distinct = true;
	for (size_t i = 0; i < nslots && distinct; i++) {
		for (size_t j = 0; j < i && distinct; j++) {
			distinct = slots[i].epoch_ms != slots[j].epoch_ms;
		}
	}
	if (distinct) {
		calcom_finder_slot reversed[MAX_SLOTS];
		for (size_t i = 0; i < nslots; i++) {
			reversed[i] = slots[nslots - 1 - i];
		}
		size_t nr = calcom_finder_run(&q, reversed, nslots, busy, nbusy, again, cap);
		CHECK(nr == n && memcmp(again, out, n * sizeof *out) == 0);
	}
	return 0;
}
