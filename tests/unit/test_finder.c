/*
 * src/finder: the AlternativeFinder engine. Slots are written as local
 * wall-clock times with the offset Cal.com would send for them (Berlin is
 * +120 until 2025-10-26 and from 2025-03-30, +60 between), so each test
 * reads like a calendar; the engine sees only instants and offsets.
 * 2025-10-01 is a Wednesday.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "finder/finder.h"
#include "lib/civil.h"

#define SUMMER 120 /* Europe/Berlin, CEST */
#define WINTER 60  /* Europe/Berlin, CET */
#define MON_FRI 0x1fu

static const calcom_finder_strategy ALL[4] = {CALCOM_FINDER_SAME_DAY, CALCOM_FINDER_NEXT_WORKDAY,
	CALCOM_FINDER_NEXT_WEEK, CALCOM_FINDER_NEXT_AVAILABLE};
static const calcom_finder_strategy SAME_DAY[1] = {CALCOM_FINDER_SAME_DAY};
static const calcom_finder_strategy NEXT_WORKDAY[1] = {CALCOM_FINDER_NEXT_WORKDAY};
static const calcom_finder_strategy NEXT_WEEK[1] = {CALCOM_FINDER_NEXT_WEEK};
static const calcom_finder_strategy NEXT_AVAILABLE[1] = {CALCOM_FINDER_NEXT_AVAILABLE};

static int64_t day_of(int y, unsigned m, unsigned d)
{
	return calcom_days_from_civil(y, m, d);
}

static int64_t local_at(int y, unsigned m, unsigned d, int hh, int mm)
{
	return day_of(y, m, d) * 1440 + hh * 60 + mm;
}

static calcom_finder_slot slot_at(int y, unsigned m, unsigned d, int hh, int mm, int32_t offset)
{
	calcom_finder_slot s = {(local_at(y, m, d, hh, mm) - offset) * 60000, offset};
	return s;
}

/* The binding's defaults: 09:00-18:00 Mon-Fri, window 2 h, 2 results, 14 days. */
static calcom_finder_query query_at(int64_t desired, const calcom_finder_strategy *strategies, size_t n)
{
	calcom_finder_query q;
	memset(&q, 0, sizeof q);
	q.desired_local = desired;
	q.duration_min = 30;
	q.open_min = 9 * 60;
	q.close_min = 18 * 60;
	q.workdays = MON_FRI;
	q.strategies = strategies;
	q.nstrategies = n;
	q.window_min = 120;
	q.max_alternatives = 2;
	q.search_days = 14;
	return q;
}

#define COUNT(a) (sizeof(a) / sizeof(a)[0])
#define RUN(q, slots, out) calcom_finder_run(&(q), (slots), COUNT(slots), NULL, 0, (out), COUNT(out))
#define RUN_BUSY(q, slots, busy, out) calcom_finder_run(&(q), (slots), COUNT(slots), (busy), COUNT(busy), (out), COUNT(out))

static void check_alt(const calcom_finder_alt *a, calcom_finder_slot s, calcom_alt_type type, int line)
{
	if (a->epoch_ms != s.epoch_ms || a->offset_min != s.offset_min || a->type != type) {
		fail_msg("line %d: got epoch %lld offset %d type %d, want epoch %lld offset %d type %d", line,
			(long long)a->epoch_ms, (int)a->offset_min, (int)a->type, (long long)s.epoch_ms, (int)s.offset_min,
			(int)type);
	}
}
#define CHECK_ALT(a, s, type) check_alt(&(a), (s), (type), __LINE__)

/* ---- adjust and horizon ------------------------------------------------ */

static void test_adjust(void **state)
{
	(void)state;
	calcom_finder_query q = query_at(local_at(2025, 10, 1, 7, 30), ALL, 4);
	assert_int_equal(calcom_finder_adjust(&q), local_at(2025, 10, 1, 9, 0)); /* before opening */
	q.desired_local = local_at(2025, 10, 1, 9, 0);
	assert_int_equal(calcom_finder_adjust(&q), local_at(2025, 10, 1, 9, 0)); /* at opening */
	q.desired_local = local_at(2025, 10, 1, 14, 37);
	assert_int_equal(calcom_finder_adjust(&q), local_at(2025, 10, 1, 14, 37)); /* minutes kept */
	q.desired_local = local_at(2025, 10, 1, 17, 59);
	assert_int_equal(calcom_finder_adjust(&q), local_at(2025, 10, 1, 17, 59));
	q.desired_local = local_at(2025, 10, 1, 18, 0);
	assert_int_equal(calcom_finder_adjust(&q), local_at(2025, 10, 2, 9, 0)); /* at closing */
	q.desired_local = local_at(2025, 10, 1, 21, 15);
	assert_int_equal(calcom_finder_adjust(&q), local_at(2025, 10, 2, 9, 0)); /* after closing */
	q.desired_local = local_at(2025, 10, 1, 0, 0);
	assert_int_equal(calcom_finder_adjust(&q), local_at(2025, 10, 1, 9, 0)); /* midnight */
	q.desired_local = local_at(2025, 10, 4, 10, 0);
	assert_int_equal(calcom_finder_adjust(&q), local_at(2025, 10, 6, 9, 0)); /* Saturday */
	q.desired_local = local_at(2025, 10, 5, 7, 0);
	assert_int_equal(calcom_finder_adjust(&q), local_at(2025, 10, 6, 9, 0)); /* Sunday */
	q.desired_local = local_at(2025, 10, 3, 18, 30);
	assert_int_equal(calcom_finder_adjust(&q), local_at(2025, 10, 6, 9, 0)); /* Friday evening */
	q.desired_local = local_at(2025, 10, 3, 18, 0);
	assert_int_equal(calcom_finder_adjust(&q), local_at(2025, 10, 6, 9, 0));

	/* Only Wednesdays: Thursday moves six days on. */
	q.workdays = 1u << 2;
	q.desired_local = local_at(2025, 10, 2, 10, 0);
	assert_int_equal(calcom_finder_adjust(&q), local_at(2025, 10, 8, 9, 0));
	q.desired_local = local_at(2025, 10, 1, 18, 0);
	assert_int_equal(calcom_finder_adjust(&q), local_at(2025, 10, 8, 9, 0));
	/* Bits above Sunday mean nothing. */
	q.workdays = (1u << 2) | 0xff00u;
	q.desired_local = local_at(2025, 10, 2, 10, 0);
	assert_int_equal(calcom_finder_adjust(&q), local_at(2025, 10, 8, 9, 0));

	/* Hours of another shape: 00:00-24:00 every day keeps everything. */
	q.workdays = 0x7f;
	q.open_min = 0;
	q.close_min = 1440;
	q.desired_local = local_at(2025, 10, 5, 23, 59);
	assert_int_equal(calcom_finder_adjust(&q), q.desired_local);

	/* Out of bounds: returned unchanged. */
	q = query_at(local_at(2025, 10, 1, 7, 0), ALL, 4);
	q.open_min = 18 * 60;
	q.close_min = 9 * 60;
	assert_int_equal(calcom_finder_adjust(&q), q.desired_local);
	q = query_at(local_at(2025, 10, 4, 7, 0), ALL, 4);
	q.workdays = 0;
	assert_int_equal(calcom_finder_adjust(&q), q.desired_local);
	q = query_at(INT64_MAX, ALL, 4);
	assert_int_equal(calcom_finder_adjust(&q), INT64_MAX);
	q.desired_local = INT64_MIN;
	assert_int_equal(calcom_finder_adjust(&q), INT64_MIN);
}

static void test_horizon(void **state)
{
	(void)state;
	int64_t first, last;
	calcom_finder_query q = query_at(local_at(2025, 10, 1, 14, 0), ALL, 4);
	calcom_finder_horizon(&q, &first, &last);
	assert_int_equal(first, day_of(2025, 10, 1));
	assert_int_equal(last, day_of(2025, 10, 15)); /* 15 days, inclusive */

	/* From the adjusted day: Friday evening searches from Monday. */
	q.desired_local = local_at(2025, 10, 3, 19, 0);
	calcom_finder_horizon(&q, &first, &last);
	assert_int_equal(first, day_of(2025, 10, 6));
	assert_int_equal(last, day_of(2025, 10, 20));

	q.search_days = 0;
	calcom_finder_horizon(&q, &first, &last);
	assert_int_equal(first, day_of(2025, 10, 6));
	assert_int_equal(last, first);
	q.search_days = -3;
	calcom_finder_horizon(&q, &first, &last);
	assert_int_equal(last, first);
}

/* ---- strategies -------------------------------------------------------- */

static void test_same_day(void **state)
{
	(void)state;
	const calcom_finder_slot slots[] = {
		slot_at(2025, 10, 1, 11, 30, SUMMER), /* 150 min before: outside the window */
		slot_at(2025, 10, 1, 12, 0, SUMMER),
		slot_at(2025, 10, 1, 13, 0, SUMMER),
		slot_at(2025, 10, 1, 13, 30, SUMMER),
		slot_at(2025, 10, 1, 14, 0, SUMMER),  /* the desired time itself */
		slot_at(2025, 10, 1, 15, 0, SUMMER),
		slot_at(2025, 10, 1, 16, 0, SUMMER),
		slot_at(2025, 10, 1, 16, 30, SUMMER), /* 150 min after */
		slot_at(2025, 10, 2, 14, 0, SUMMER),  /* another day */
	};
	calcom_finder_query q = query_at(local_at(2025, 10, 1, 14, 0), SAME_DAY, 1);
	q.max_alternatives = 10;
	calcom_finder_alt out[10];
	assert_int_equal(RUN(q, slots, out), 5);
	/* Afternoon: later +500, earlier +300. */
	CHECK_ALT(out[0], slots[5], CALCOM_ALT_SAME_DAY_LATER);
	assert_int_equal(out[0].score, 10000 - 60 + 500);
	CHECK_ALT(out[1], slots[6], CALCOM_ALT_SAME_DAY_LATER);
	assert_int_equal(out[1].score, 10000 - 120 + 500);
	CHECK_ALT(out[2], slots[3], CALCOM_ALT_SAME_DAY_EARLIER);
	assert_int_equal(out[2].score, 10000 - 30 + 300);
	CHECK_ALT(out[3], slots[2], CALCOM_ALT_SAME_DAY_EARLIER);
	assert_int_equal(out[3].score, 10000 - 60 + 300);
	CHECK_ALT(out[4], slots[1], CALCOM_ALT_SAME_DAY_EARLIER);
	assert_int_equal(out[4].score, 10000 - 120 + 300);

	/* Window 0: nothing but the desired time, which is never offered. */
	q.window_min = 0;
	assert_int_equal(RUN(q, slots, out), 0);
}

static void test_next_workday(void **state)
{
	(void)state;
	const calcom_finder_slot slots[] = {
		slot_at(2025, 10, 1, 15, 0, SUMMER),  /* desired day: not this strategy */
		slot_at(2025, 10, 2, 11, 30, SUMMER), /* 150 min off the clock time */
		slot_at(2025, 10, 2, 12, 0, SUMMER),
		slot_at(2025, 10, 2, 14, 0, SUMMER),  /* same clock time: offered (another day) */
		slot_at(2025, 10, 2, 16, 0, SUMMER),
		slot_at(2025, 10, 2, 16, 30, SUMMER),
		slot_at(2025, 10, 3, 14, 0, SUMMER),  /* the day after the next workday */
	};
	calcom_finder_query q = query_at(local_at(2025, 10, 1, 14, 0), NEXT_WORKDAY, 1);
	q.max_alternatives = 10;
	calcom_finder_alt out[10];
	assert_int_equal(RUN(q, slots, out), 3);
	/* Ranked by the whole distance: 12:00 tomorrow is nearer than 14:00. */
	CHECK_ALT(out[0], slots[2], CALCOM_ALT_NEXT_WORKDAY);
	assert_int_equal(out[0].score, 10000 - 1320 + 250);
	CHECK_ALT(out[1], slots[3], CALCOM_ALT_NEXT_WORKDAY);
	assert_int_equal(out[1].score, 10000 - 1440 + 250);
	CHECK_ALT(out[2], slots[4], CALCOM_ALT_NEXT_WORKDAY);
	assert_int_equal(out[2].score, 10000 - 1560 + 250);

	/* From a Friday the next workday is Monday; the weekend slot is no workday. */
	const calcom_finder_slot weekend[] = {
		slot_at(2025, 10, 4, 14, 0, SUMMER),
		slot_at(2025, 10, 6, 14, 30, SUMMER),
	};
	q.desired_local = local_at(2025, 10, 3, 14, 0);
	assert_int_equal(RUN(q, weekend, out), 1);
	CHECK_ALT(out[0], weekend[1], CALCOM_ALT_NEXT_WORKDAY);
	assert_int_equal(out[0].score, 10000 - (3 * 1440 + 30) + 250);

	/* Next workday outside the horizon. */
	q.search_days = 2;
	assert_int_equal(RUN(q, weekend, out), 0);
}

static void test_next_week(void **state)
{
	(void)state;
	const calcom_finder_slot slots[] = {
		slot_at(2025, 10, 2, 14, 0, SUMMER),
		slot_at(2025, 10, 8, 14, 0, SUMMER),
		slot_at(2025, 10, 8, 15, 30, SUMMER),
		slot_at(2025, 10, 8, 17, 0, SUMMER), /* 180 min off */
		slot_at(2025, 10, 9, 14, 0, SUMMER),
	};
	calcom_finder_query q = query_at(local_at(2025, 10, 1, 14, 0), NEXT_WEEK, 1);
	q.max_alternatives = 10;
	calcom_finder_alt out[10];
	assert_int_equal(RUN(q, slots, out), 2);
	CHECK_ALT(out[0], slots[1], CALCOM_ALT_NEXT_WEEK);
	assert_int_equal(out[0].score, 10000 - 7 * 1440 + 150);
	CHECK_ALT(out[1], slots[2], CALCOM_ALT_NEXT_WEEK);

	/* Desired day + 7 past the horizon. */
	q.search_days = 6;
	assert_int_equal(RUN(q, slots, out), 0);
	q.search_days = 7;
	assert_int_equal(RUN(q, slots, out), 2);
}

static void test_next_available(void **state)
{
	(void)state;
	const calcom_finder_slot slots[] = {
		slot_at(2025, 10, 1, 15, 0, SUMMER), /* the desired day is not "after" */
		slot_at(2025, 10, 6, 9, 0, SUMMER),
		slot_at(2025, 10, 6, 13, 0, SUMMER), /* 60 min before the clock time */
		slot_at(2025, 10, 6, 15, 0, SUMMER), /* 60 min after: the earlier wins */
		slot_at(2025, 10, 7, 14, 0, SUMMER), /* a later day, even at the exact clock time */
	};
	calcom_finder_query q = query_at(local_at(2025, 10, 1, 14, 0), NEXT_AVAILABLE, 1);
	q.max_alternatives = 10;
	calcom_finder_alt out[10];
	assert_int_equal(RUN(q, slots, out), 1);
	CHECK_ALT(out[0], slots[2], CALCOM_ALT_NEXT_AVAILABLE);
	assert_int_equal(out[0].score, 10000 - (5 * 1440 - 60) + 100);
}

/* Empty days up to the last one of the horizon, desired day + 14. */
static void test_next_available_last_day(void **state)
{
	(void)state;
	const calcom_finder_slot last[] = {slot_at(2025, 10, 15, 10, 0, SUMMER)};
	const calcom_finder_slot beyond[] = {slot_at(2025, 10, 16, 10, 0, SUMMER)};
	calcom_finder_query q = query_at(local_at(2025, 10, 1, 14, 0), ALL, 4);
	calcom_finder_alt out[4];
	assert_int_equal(RUN(q, last, out), 1);
	CHECK_ALT(out[0], last[0], CALCOM_ALT_NEXT_AVAILABLE);
	assert_int_equal(out[0].score, 10000 - (14 * 1440 - 240) + 100);
	assert_int_equal(RUN(q, beyond, out), 0);
}

static void test_nothing_in_horizon(void **state)
{
	(void)state;
	const calcom_finder_slot slots[] = {
		slot_at(2025, 9, 30, 14, 0, SUMMER),  /* before the desired day */
		slot_at(2025, 10, 1, 14, 0, SUMMER),  /* the desired time */
		slot_at(2025, 10, 1, 8, 30, SUMMER),  /* before opening */
		slot_at(2025, 10, 1, 17, 45, SUMMER), /* does not end by closing */
		slot_at(2025, 10, 4, 14, 0, SUMMER),  /* Saturday */
		slot_at(2025, 10, 5, 14, 0, SUMMER),  /* Sunday */
		slot_at(2025, 10, 16, 14, 0, SUMMER), /* past the horizon */
	};
	calcom_finder_query q = query_at(local_at(2025, 10, 1, 14, 0), ALL, 4);
	calcom_finder_alt out[4];
	assert_int_equal(RUN(q, slots, out), 0);
	assert_int_equal(calcom_finder_run(&q, NULL, 0, NULL, 0, out, 4), 0);
}

static void test_exact_time_excluded(void **state)
{
	(void)state;
	/* The desired time moved to opening: 09:00 is that time now. */
	const calcom_finder_slot slots[] = {
		slot_at(2025, 10, 1, 9, 0, SUMMER),
		slot_at(2025, 10, 1, 9, 30, SUMMER),
	};
	calcom_finder_query q = query_at(local_at(2025, 10, 1, 7, 0), ALL, 4);
	q.max_alternatives = 10;
	calcom_finder_alt out[10];
	assert_int_equal(RUN(q, slots, out), 1);
	CHECK_ALT(out[0], slots[1], CALCOM_ALT_SAME_DAY_LATER);
	/* Morning: later +300. */
	assert_int_equal(out[0].score, 10000 - 30 + 300);

	/* The desired time alone: no strategy offers it. */
	const calcom_finder_slot only[] = {slot_at(2025, 10, 1, 14, 0, SUMMER)};
	q.desired_local = local_at(2025, 10, 1, 14, 0);
	assert_int_equal(RUN(q, only, out), 0);
}

static void test_dedupe_across_strategies(void **state)
{
	(void)state;
	/* Only Wednesdays: the next workday is desired day + 7, found by both. */
	const calcom_finder_slot slots[] = {
		slot_at(2025, 10, 8, 14, 0, SUMMER),
		slot_at(2025, 10, 8, 14, 0, SUMMER), /* the same slot twice (overlapping chunks) */
		slot_at(2025, 10, 8, 15, 0, SUMMER),
	};
	const calcom_finder_strategy nw_nwk[] = {CALCOM_FINDER_NEXT_WORKDAY, CALCOM_FINDER_NEXT_WEEK};
	const calcom_finder_strategy nwk_nw[] = {CALCOM_FINDER_NEXT_WEEK, CALCOM_FINDER_NEXT_WORKDAY};
	calcom_finder_query q = query_at(local_at(2025, 10, 1, 14, 0), nw_nwk, 2);
	q.workdays = 1u << 2;
	q.max_alternatives = 10;
	calcom_finder_alt out[10];
	assert_int_equal(RUN(q, slots, out), 2);
	CHECK_ALT(out[0], slots[0], CALCOM_ALT_NEXT_WORKDAY);
	CHECK_ALT(out[1], slots[2], CALCOM_ALT_NEXT_WORKDAY);
	q.strategies = nwk_nw;
	assert_int_equal(RUN(q, slots, out), 2);
	CHECK_ALT(out[0], slots[0], CALCOM_ALT_NEXT_WEEK);
	CHECK_ALT(out[1], slots[2], CALCOM_ALT_NEXT_WEEK);

	/* NEXT_AVAILABLE skips what NEXT_WORKDAY took: Thursday 14:00 is taken,
	 * so it offers Thursday 17:00 (outside the window), not 14:00 again. */
	const calcom_finder_slot thu[] = {
		slot_at(2025, 10, 2, 14, 0, SUMMER),
		slot_at(2025, 10, 2, 17, 0, SUMMER),
	};
	const calcom_finder_strategy nw_na[] = {CALCOM_FINDER_NEXT_WORKDAY, CALCOM_FINDER_NEXT_AVAILABLE};
	q = query_at(local_at(2025, 10, 1, 14, 0), nw_na, 2);
	q.max_alternatives = 10;
	assert_int_equal(RUN(q, thu, out), 2);
	CHECK_ALT(out[0], thu[0], CALCOM_ALT_NEXT_WORKDAY);
	CHECK_ALT(out[1], thu[1], CALCOM_ALT_NEXT_AVAILABLE);

	/* The other way round the closer one goes to NEXT_AVAILABLE. */
	const calcom_finder_strategy na_nw[] = {CALCOM_FINDER_NEXT_AVAILABLE, CALCOM_FINDER_NEXT_WORKDAY};
	q.strategies = na_nw;
	assert_int_equal(RUN(q, thu, out), 1);
	CHECK_ALT(out[0], thu[0], CALCOM_ALT_NEXT_AVAILABLE);

	/* Every strategy, every slot: each offered once. */
	const calcom_finder_slot many[] = {
		slot_at(2025, 10, 1, 13, 0, SUMMER),
		slot_at(2025, 10, 1, 13, 0, SUMMER),
		slot_at(2025, 10, 2, 14, 0, SUMMER),
		slot_at(2025, 10, 2, 14, 0, SUMMER),
		slot_at(2025, 10, 8, 14, 0, SUMMER),
		slot_at(2025, 10, 9, 10, 0, SUMMER),
	};
	q = query_at(local_at(2025, 10, 1, 14, 0), ALL, 4);
	q.max_alternatives = 10;
	assert_int_equal(RUN(q, many, out), 4);
	CHECK_ALT(out[0], many[0], CALCOM_ALT_SAME_DAY_EARLIER);
	CHECK_ALT(out[1], many[2], CALCOM_ALT_NEXT_WORKDAY);
	CHECK_ALT(out[2], many[4], CALCOM_ALT_NEXT_WEEK);
	/* NEXT_AVAILABLE: the 2nd and the 8th have nothing left, the 9th has. */
	CHECK_ALT(out[3], many[5], CALCOM_ALT_NEXT_AVAILABLE);
	for (size_t i = 0; i < 4; i++) {
		for (size_t j = 0; j < i; j++) {
			assert_true(out[i].epoch_ms != out[j].epoch_ms);
		}
	}
}

static void test_repeated_next_available(void **state)
{
	(void)state;
	const calcom_finder_slot slots[] = {
		slot_at(2025, 10, 2, 9, 0, SUMMER),
		slot_at(2025, 10, 2, 13, 0, SUMMER),
		slot_at(2025, 10, 6, 14, 0, SUMMER),
	};
	const calcom_finder_strategy twice[] = {CALCOM_FINDER_NEXT_AVAILABLE, CALCOM_FINDER_NEXT_AVAILABLE,
		CALCOM_FINDER_NEXT_AVAILABLE, CALCOM_FINDER_NEXT_AVAILABLE};
	calcom_finder_query q = query_at(local_at(2025, 10, 1, 14, 0), twice, 4);
	q.max_alternatives = 10;
	calcom_finder_alt out[10];
	/* Each run takes the next uncollected slot (13:00, then 09:00 on the
	 * 2nd, then the 6th); the fourth finds none. 09:00 is nearer in time. */
	assert_int_equal(RUN(q, slots, out), 3);
	CHECK_ALT(out[0], slots[0], CALCOM_ALT_NEXT_AVAILABLE);
	assert_int_equal(out[0].score, 10000 - (1440 - 300) + 100);
	CHECK_ALT(out[1], slots[1], CALCOM_ALT_NEXT_AVAILABLE);
	CHECK_ALT(out[2], slots[2], CALCOM_ALT_NEXT_AVAILABLE);
}

static void test_busy_overlap(void **state)
{
	(void)state;
	/* One 30-minute slot at 13:00: [13:00, 13:30). */
	const calcom_finder_slot slots[] = {slot_at(2025, 10, 1, 13, 0, SUMMER)};
	int64_t t13 = slots[0].epoch_ms, min = 60000;
	const struct {
		int64_t start, end;
		size_t want;
	} cases[] = {
		{t13 - 15 * min, t13 + 10 * min, 0}, /* overlaps its start */
		{t13 + 20 * min, t13 + 60 * min, 0}, /* overlaps its end */
		{t13 + 5 * min, t13 + 10 * min, 0},  /* inside */
		{t13 - 60 * min, t13 + 90 * min, 0}, /* around */
		{t13, t13 + 30 * min, 0},            /* the same */
		{t13 + 29 * min, t13 + 30 * min, 0}, /* its last minute */
		{t13 - 60 * min, t13, 1},            /* ends as it starts: touching */
		{t13 + 30 * min, t13 + 60 * min, 1}, /* starts as it ends: touching */
		{t13 + 20 * min, t13 + 10 * min, 1}, /* inverted: empty */
		{t13 + 10 * min, t13 + 10 * min, 1}, /* empty */
		{t13 + 24 * 60 * min, t13 + 25 * 60 * min, 1},
	};
	calcom_finder_query q = query_at(local_at(2025, 10, 1, 14, 0), ALL, 4);
	calcom_finder_alt out[4];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const calcom_finder_busy busy[] = {{cases[i].start, cases[i].end}};
		size_t n = RUN_BUSY(q, slots, busy, out);
		if (n != cases[i].want) {
			fail_msg("busy case %zu: %zu alternatives, want %zu", i, n, cases[i].want);
		}
	}
	/* Several intervals: any one overlapping blocks. */
	const calcom_finder_busy busy[] = {{t13 - 60 * min, t13}, {t13 + 30 * min, t13 + 60 * min},
		{t13 + 25 * min, t13 + 26 * min}};
	assert_int_equal(RUN_BUSY(q, slots, busy, out), 0);
	/* The duration decides: a 60-minute meeting at 13:00 reaches a 13:45 interval. */
	const calcom_finder_busy later[] = {{t13 + 45 * min, t13 + 50 * min}};
	assert_int_equal(RUN_BUSY(q, slots, later, out), 1);
	q.duration_min = 60;
	assert_int_equal(RUN_BUSY(q, slots, later, out), 0);
}

static void test_duration_before_closing(void **state)
{
	(void)state;
	const calcom_finder_slot slots[] = {
		slot_at(2025, 10, 1, 17, 0, SUMMER),  /* 17:00-18:00: fits */
		slot_at(2025, 10, 1, 17, 30, SUMMER), /* 17:30-18:30: does not */
		slot_at(2025, 10, 1, 8, 59, SUMMER),  /* starts before opening */
	};
	calcom_finder_query q = query_at(local_at(2025, 10, 1, 16, 0), SAME_DAY, 1);
	q.duration_min = 60;
	q.max_alternatives = 10;
	calcom_finder_alt out[10];
	assert_int_equal(RUN(q, slots, out), 1);
	CHECK_ALT(out[0], slots[0], CALCOM_ALT_SAME_DAY_LATER);
	q.duration_min = 30;
	assert_int_equal(RUN(q, slots, out), 2);
	/* Longer than the business day: nothing fits. */
	q.duration_min = 9 * 60 + 1;
	assert_int_equal(RUN(q, slots, out), 0);
}

/* ---- ranking ----------------------------------------------------------- */

static void test_rank_morning_afternoon(void **state)
{
	(void)state;
	const calcom_finder_slot morning[] = {
		slot_at(2025, 10, 1, 9, 0, SUMMER),
		slot_at(2025, 10, 1, 11, 0, SUMMER),
	};
	calcom_finder_query q = query_at(local_at(2025, 10, 1, 10, 0), ALL, 4);
	calcom_finder_alt out[2];
	/* Desired 10:00 (before noon): earlier +500, later +300. */
	assert_int_equal(RUN(q, morning, out), 2);
	CHECK_ALT(out[0], morning[0], CALCOM_ALT_SAME_DAY_EARLIER);
	assert_int_equal(out[0].score, 10000 - 60 + 500);
	CHECK_ALT(out[1], morning[1], CALCOM_ALT_SAME_DAY_LATER);
	assert_int_equal(out[1].score, 10000 - 60 + 300);

	/* Desired 14:00: later +500, earlier +300. */
	const calcom_finder_slot afternoon[] = {
		slot_at(2025, 10, 1, 13, 0, SUMMER),
		slot_at(2025, 10, 1, 15, 0, SUMMER),
	};
	q.desired_local = local_at(2025, 10, 1, 14, 0);
	assert_int_equal(RUN(q, afternoon, out), 2);
	CHECK_ALT(out[0], afternoon[1], CALCOM_ALT_SAME_DAY_LATER);
	assert_int_equal(out[0].score, 10000 - 60 + 500);
	CHECK_ALT(out[1], afternoon[0], CALCOM_ALT_SAME_DAY_EARLIER);
	assert_int_equal(out[1].score, 10000 - 60 + 300);

	/* 12:00 counts as afternoon, 11:59 does not. */
	const calcom_finder_slot noon[] = {
		slot_at(2025, 10, 1, 11, 0, SUMMER),
		slot_at(2025, 10, 1, 13, 0, SUMMER),
	};
	q.desired_local = local_at(2025, 10, 1, 12, 0);
	assert_int_equal(RUN(q, noon, out), 2);
	CHECK_ALT(out[0], noon[1], CALCOM_ALT_SAME_DAY_LATER);
	q.desired_local = local_at(2025, 10, 1, 11, 59);
	assert_int_equal(RUN(q, noon, out), 2);
	assert_int_equal(out[0].score, 10000 - 59 + 500);
	CHECK_ALT(out[0], noon[0], CALCOM_ALT_SAME_DAY_EARLIER);
}

/* Equal scores keep collection order: strategy order, then slot time. */
static void test_stable_ties(void **state)
{
	(void)state;
	/* Desired 14:00: 13:40 earlier (-20 + 300) ties 17:40 later (-220 + 500). */
	const calcom_finder_slot tie[] = {
		slot_at(2025, 10, 1, 17, 40, SUMMER),
		slot_at(2025, 10, 1, 13, 40, SUMMER),
	};
	calcom_finder_query q = query_at(local_at(2025, 10, 1, 14, 0), SAME_DAY, 1);
	q.window_min = 240;
	q.duration_min = 15;
	q.max_alternatives = 10;
	calcom_finder_alt out[10];
	assert_int_equal(RUN(q, tie, out), 2);
	assert_int_equal(out[0].score, 10280);
	assert_int_equal(out[1].score, 10280);
	CHECK_ALT(out[0], tie[1], CALCOM_ALT_SAME_DAY_EARLIER);
	CHECK_ALT(out[1], tie[0], CALCOM_ALT_SAME_DAY_LATER);
	q.max_alternatives = 1;
	assert_int_equal(RUN(q, tie, out), 1);
	CHECK_ALT(out[0], tie[1], CALCOM_ALT_SAME_DAY_EARLIER);

	/* Across strategies, window 60: NEXT_WORKDAY Thursday 15:00
	 * (-1500 + 250) ties NEXT_AVAILABLE Thursday 12:30 (-1350 + 100). */
	const calcom_finder_slot cross[] = {
		slot_at(2025, 10, 2, 12, 30, SUMMER),
		slot_at(2025, 10, 2, 15, 0, SUMMER),
	};
	const calcom_finder_strategy nw_na[] = {CALCOM_FINDER_NEXT_WORKDAY, CALCOM_FINDER_NEXT_AVAILABLE};
	q = query_at(local_at(2025, 10, 1, 14, 0), nw_na, 2);
	q.window_min = 60;
	q.max_alternatives = 10;
	assert_int_equal(RUN(q, cross, out), 2);
	assert_int_equal(out[0].score, 8750);
	assert_int_equal(out[1].score, 8750);
	CHECK_ALT(out[0], cross[1], CALCOM_ALT_NEXT_WORKDAY);
	CHECK_ALT(out[1], cross[0], CALCOM_ALT_NEXT_AVAILABLE);
	q.max_alternatives = 1;
	/* max 1: NEXT_WORKDAY alone reaches it, NEXT_AVAILABLE does not run. */
	assert_int_equal(RUN(q, cross, out), 1);
	CHECK_ALT(out[0], cross[1], CALCOM_ALT_NEXT_WORKDAY);
	q.max_alternatives = 2;
	calcom_finder_alt one[1];
	assert_int_equal(calcom_finder_run(&q, cross, 2, NULL, 0, one, 1), 1);
	CHECK_ALT(one[0], cross[1], CALCOM_ALT_NEXT_WORKDAY);
}

static void test_max_alternatives_cut(void **state)
{
	(void)state;
	const calcom_finder_slot slots[] = {
		slot_at(2025, 10, 1, 13, 0, SUMMER), /* SAME_DAY: 10240 */
		slot_at(2025, 10, 2, 13, 0, SUMMER), /* NEXT_WORKDAY: 8870 */
		slot_at(2025, 10, 2, 14, 0, SUMMER), /* NEXT_WORKDAY: 8810 */
		slot_at(2025, 10, 2, 15, 0, SUMMER), /* NEXT_WORKDAY: 8750 */
		slot_at(2025, 10, 8, 14, 0, SUMMER), /* NEXT_WEEK: never reached */
	};
	calcom_finder_query q = query_at(local_at(2025, 10, 1, 14, 0), ALL, 4);
	calcom_finder_alt out[10];
	/* One after SAME_DAY (< 2), so NEXT_WORKDAY runs and adds all three;
	 * then four are collected and NEXT_WEEK does not run. */
	q.max_alternatives = 2;
	assert_int_equal(calcom_finder_run(&q, slots, 5, NULL, 0, out, 10), 2);
	CHECK_ALT(out[0], slots[0], CALCOM_ALT_SAME_DAY_EARLIER);
	CHECK_ALT(out[1], slots[1], CALCOM_ALT_NEXT_WORKDAY);
	q.max_alternatives = 4;
	assert_int_equal(calcom_finder_run(&q, slots, 5, NULL, 0, out, 10), 4);
	CHECK_ALT(out[3], slots[3], CALCOM_ALT_NEXT_WORKDAY);
	q.max_alternatives = 5;
	assert_int_equal(calcom_finder_run(&q, slots, 5, NULL, 0, out, 10), 5);
	CHECK_ALT(out[4], slots[4], CALCOM_ALT_NEXT_WEEK);
	/* cap below max_alternatives: the best cap of them. */
	q.max_alternatives = 10;
	assert_int_equal(calcom_finder_run(&q, slots, 5, NULL, 0, out, 3), 3);
	CHECK_ALT(out[0], slots[0], CALCOM_ALT_SAME_DAY_EARLIER);
	CHECK_ALT(out[1], slots[1], CALCOM_ALT_NEXT_WORKDAY);
	CHECK_ALT(out[2], slots[2], CALCOM_ALT_NEXT_WORKDAY);
	assert_int_equal(calcom_finder_run(&q, slots, 5, NULL, 0, out, 0), 0);
}

/* The order of slots changes nothing. */
static void test_unsorted_slots(void **state)
{
	(void)state;
	const calcom_finder_slot sorted[] = {
		slot_at(2025, 10, 1, 12, 0, SUMMER),
		slot_at(2025, 10, 1, 13, 0, SUMMER),
		slot_at(2025, 10, 1, 15, 0, SUMMER),
		slot_at(2025, 10, 2, 13, 0, SUMMER),
		slot_at(2025, 10, 2, 14, 0, SUMMER),
		slot_at(2025, 10, 6, 10, 0, SUMMER),
		slot_at(2025, 10, 8, 14, 0, SUMMER),
	};
	const size_t n = sizeof sorted / sizeof sorted[0];
	calcom_finder_slot shuffled[2 * sizeof sorted / sizeof sorted[0]];
	for (size_t i = 0; i < n; i++) {
		shuffled[i] = sorted[(i * 3 + 2) % n];
		shuffled[n + i] = sorted[(i * 5 + 1) % n]; /* and every slot again */
	}
	calcom_finder_query q = query_at(local_at(2025, 10, 1, 14, 0), ALL, 4);
	q.max_alternatives = 10;
	calcom_finder_alt a[10], b[10];
	size_t na = calcom_finder_run(&q, sorted, n, NULL, 0, a, 10);
	size_t nb = calcom_finder_run(&q, shuffled, 2 * n, NULL, 0, b, 10);
	assert_int_equal(na, 7);
	assert_int_equal(nb, na);
	assert_memory_equal(a, b, na * sizeof a[0]);
}

static void test_bad_query(void **state)
{
	(void)state;
	const calcom_finder_slot slots[] = {slot_at(2025, 10, 1, 13, 0, SUMMER)};
	calcom_finder_alt out[2];
	calcom_finder_query q = query_at(local_at(2025, 10, 1, 14, 0), ALL, 4);
	assert_int_equal(RUN(q, slots, out), 1);
	q.duration_min = 0;
	assert_int_equal(RUN(q, slots, out), 0);
	q = query_at(local_at(2025, 10, 1, 14, 0), ALL, 4);
	q.window_min = -1;
	assert_int_equal(RUN(q, slots, out), 0);
	q = query_at(local_at(2025, 10, 1, 14, 0), ALL, 4);
	q.max_alternatives = 0;
	assert_int_equal(RUN(q, slots, out), 0);
	q = query_at(local_at(2025, 10, 1, 14, 0), NULL, 4);
	assert_int_equal(RUN(q, slots, out), 0);
	q = query_at(local_at(2025, 10, 1, 14, 0), ALL, 0);
	assert_int_equal(RUN(q, slots, out), 0);
	q = query_at(local_at(2025, 10, 1, 14, 0), ALL, 4);
	q.close_min = 1441;
	assert_int_equal(RUN(q, slots, out), 0);
	q = query_at(local_at(2025, 10, 1, 14, 0), ALL, 4);
	assert_int_equal(calcom_finder_run(&q, NULL, 1, NULL, 0, out, 2), 0);
	assert_int_equal(calcom_finder_run(&q, slots, 1, NULL, 1, out, 2), 0);
	assert_int_equal(calcom_finder_run(&q, slots, 1, NULL, 0, NULL, 2), 0);
	/* An unknown strategy value collects nothing, the others still run. */
	const calcom_finder_strategy odd[] = {(calcom_finder_strategy)77, CALCOM_FINDER_SAME_DAY};
	q.strategies = odd;
	q.nstrategies = 2;
	assert_int_equal(RUN(q, slots, out), 1);
}

/* ---- time zones -------------------------------------------------------- */

/* Berlin leaves summer time on Sunday 2025-10-26 (03:00 CEST -> 02:00 CET). */
static void test_dst_autumn(void **state)
{
	(void)state;
	const calcom_finder_slot slots[] = {
		slot_at(2025, 10, 23, 15, 0, SUMMER), /* Thursday */
		slot_at(2025, 10, 24, 14, 0, SUMMER), /* Friday */
		slot_at(2025, 10, 27, 14, 0, WINTER), /* Monday */
		slot_at(2025, 10, 30, 13, 0, WINTER), /* Thursday next week */
		slot_at(2025, 10, 30, 14, 0, WINTER),
		/* 14:00 UTC on Thursday 30th: 15:00 local, 60 min off. */
		{slot_at(2025, 10, 30, 14, 0, 0).epoch_ms, WINTER},
	};
	assert_int_equal(slots[0].offset_min, 120);
	assert_int_equal(slots[4].offset_min, 60);
	/* The same clock time a week later is 7 days + 1 hour later in UTC. */
	assert_int_equal(slots[4].epoch_ms - slot_at(2025, 10, 23, 14, 0, SUMMER).epoch_ms, (7 * 24 + 1) * 3600000LL);

	calcom_finder_query q = query_at(local_at(2025, 10, 23, 14, 0), NEXT_WEEK, 1);
	q.max_alternatives = 10;
	calcom_finder_alt out[10];
	assert_int_equal(RUN(q, slots, out), 3);
	/* Wall-clock distances: 13:00 next week is 7 days - 60 min away. */
	CHECK_ALT(out[0], slots[3], CALCOM_ALT_NEXT_WEEK);
	assert_int_equal(out[0].score, 10000 - (7 * 1440 - 60) + 150);
	CHECK_ALT(out[1], slots[4], CALCOM_ALT_NEXT_WEEK);
	assert_int_equal(out[1].score, 10000 - 7 * 1440 + 150);
	CHECK_ALT(out[2], slots[5], CALCOM_ALT_NEXT_WEEK);
	assert_int_equal(out[2].score, 10000 - (7 * 1440 + 60) + 150);
	char buf[CALCOM_FINDER_DESCRIBE_MAX];
	size_t len = calcom_finder_describe(&out[1], CALCOM_FINDER_DE, buf, sizeof buf);
	assert_int_equal(len, strlen(buf));
	assert_string_equal(buf, "n\xc3\xa4" "chste Woche Donnerstag, 30.10. um 14:00 Uhr");
	assert_true(calcom_finder_describe(&out[2], CALCOM_FINDER_EN, buf, sizeof buf) > 0);
	assert_string_equal(buf, "next week Thursday, 30 October at 15:00");

	/* Window 0: only the exact clock time, across the change. */
	q.window_min = 0;
	assert_int_equal(RUN(q, slots, out), 1);
	CHECK_ALT(out[0], slots[4], CALCOM_ALT_NEXT_WEEK);

	/* From Friday the 24th (+120) the next workday is Monday the 27th (+60). */
	q = query_at(local_at(2025, 10, 24, 14, 0), NEXT_WORKDAY, 1);
	q.window_min = 0;
	assert_int_equal(RUN(q, slots, out), 1);
	CHECK_ALT(out[0], slots[2], CALCOM_ALT_NEXT_WORKDAY);
	assert_int_equal(out[0].score, 10000 - 3 * 1440 + 250);
	assert_true(calcom_finder_describe(&out[0], CALCOM_FINDER_EN, buf, sizeof buf) > 0);
	assert_string_equal(buf, "Monday, 27 October at 14:00");

	/* All strategies over the week. */
	q = query_at(local_at(2025, 10, 23, 14, 0), ALL, 4);
	q.max_alternatives = 10;
	assert_int_equal(RUN(q, slots, out), 6);
	CHECK_ALT(out[0], slots[0], CALCOM_ALT_SAME_DAY_LATER);
	CHECK_ALT(out[1], slots[1], CALCOM_ALT_NEXT_WORKDAY);
	/* Friday is taken by NEXT_WORKDAY: NEXT_AVAILABLE goes on to Monday. */
	CHECK_ALT(out[2], slots[2], CALCOM_ALT_NEXT_AVAILABLE);
	assert_int_equal(out[2].score, 10000 - 4 * 1440 + 100);
	CHECK_ALT(out[3], slots[3], CALCOM_ALT_NEXT_WEEK);
	CHECK_ALT(out[4], slots[4], CALCOM_ALT_NEXT_WEEK);
	CHECK_ALT(out[5], slots[5], CALCOM_ALT_NEXT_WEEK);
}

/* Berlin enters summer time on Sunday 2025-03-30 (02:00 CET -> 03:00 CEST). */
static void test_dst_spring(void **state)
{
	(void)state;
	const calcom_finder_slot slots[] = {
		slot_at(2025, 3, 28, 11, 0, WINTER), /* Friday */
		slot_at(2025, 3, 31, 10, 0, SUMMER), /* Monday */
		slot_at(2025, 4, 4, 10, 0, SUMMER),  /* Friday next week */
		/* 10:00 UTC on the 4th is 12:00 local: outside a 60-minute window. */
		{slot_at(2025, 4, 4, 10, 0, 0).epoch_ms, SUMMER},
	};
	calcom_finder_query q = query_at(local_at(2025, 3, 28, 10, 0), ALL, 4);
	q.window_min = 60;
	q.max_alternatives = 10;
	calcom_finder_alt out[10];
	assert_int_equal(RUN(q, slots, out), 4);
	CHECK_ALT(out[0], slots[0], CALCOM_ALT_SAME_DAY_LATER);
	assert_int_equal(out[0].score, 10000 - 60 + 300);
	CHECK_ALT(out[1], slots[1], CALCOM_ALT_NEXT_WORKDAY);
	assert_int_equal(out[1].score, 10000 - 3 * 1440 + 250);
	CHECK_ALT(out[2], slots[2], CALCOM_ALT_NEXT_WEEK);
	assert_int_equal(out[2].score, 10000 - 7 * 1440 + 150);
	CHECK_ALT(out[3], slots[3], CALCOM_ALT_NEXT_AVAILABLE);
	assert_int_equal(out[3].score, 10000 - (7 * 1440 + 120) + 100);
	char buf[CALCOM_FINDER_DESCRIBE_MAX];
	assert_true(calcom_finder_describe(&out[2], CALCOM_FINDER_DE, buf, sizeof buf) > 0);
	assert_string_equal(buf, "n\xc3\xa4" "chste Woche Freitag, 04.04. um 10:00 Uhr");
	assert_true(calcom_finder_describe(&out[1], CALCOM_FINDER_DE, buf, sizeof buf) > 0);
	assert_string_equal(buf, "Montag, 31.03. um 10:00 Uhr");
}

/* Far from UTC the local date is not the UTC date. */
static void test_far_zones(void **state)
{
	(void)state;
	const int32_t kiritimati = 14 * 60, pago_pago = -11 * 60;
	/* Wednesday 09:00 +14:00 is Tuesday 19:00 UTC. */
	const calcom_finder_slot kiri[] = {
		slot_at(2025, 10, 1, 10, 0, kiritimati),
		slot_at(2025, 10, 2, 9, 30, kiritimati), /* Wednesday in UTC */
		slot_at(2025, 10, 4, 9, 0, kiritimati),  /* Saturday local, Friday UTC */
	};
	assert_int_equal(calcom_weekday(calcom_floor_div(kiri[0].epoch_ms, 86400000)), 1);
	calcom_finder_query q = query_at(local_at(2025, 10, 1, 9, 0), ALL, 4);
	q.max_alternatives = 10;
	calcom_finder_alt out[10];
	assert_int_equal(RUN(q, kiri, out), 2);
	CHECK_ALT(out[0], kiri[0], CALCOM_ALT_SAME_DAY_LATER);
	CHECK_ALT(out[1], kiri[1], CALCOM_ALT_NEXT_WORKDAY);
	char buf[CALCOM_FINDER_DESCRIBE_MAX];
	assert_true(calcom_finder_describe(&out[0], CALCOM_FINDER_DE, buf, sizeof buf) > 0);
	assert_string_equal(buf, "am gleichen Tag, 10:00 Uhr");
	assert_true(calcom_finder_describe(&out[1], CALCOM_FINDER_DE, buf, sizeof buf) > 0);
	assert_string_equal(buf, "Donnerstag, 02.10. um 09:30 Uhr");
	assert_true(calcom_finder_describe(&out[1], CALCOM_FINDER_EN, buf, sizeof buf) > 0);
	assert_string_equal(buf, "Thursday, 2 October at 09:30");

	/* Friday 17:00 -11:00 is Saturday 04:00 UTC: still a Friday. */
	const calcom_finder_slot pago[] = {
		slot_at(2025, 10, 3, 16, 0, pago_pago),  /* Saturday in UTC */
		slot_at(2025, 10, 4, 15, 0, pago_pago),  /* Saturday local */
		slot_at(2025, 10, 5, 20, 0, pago_pago),  /* Sunday local, Monday UTC */
		slot_at(2025, 10, 6, 16, 30, pago_pago), /* Monday */
	};
	assert_int_equal(calcom_weekday(calcom_floor_div(pago[0].epoch_ms, 86400000)), 5);
	assert_int_equal(calcom_weekday(calcom_floor_div(pago[2].epoch_ms, 86400000)), 0);
	q = query_at(local_at(2025, 10, 3, 17, 0), ALL, 4);
	q.max_alternatives = 10;
	q.close_min = 23 * 60;
	assert_int_equal(RUN(q, pago, out), 2);
	CHECK_ALT(out[0], pago[0], CALCOM_ALT_SAME_DAY_EARLIER);
	assert_int_equal(out[0].score, 10000 - 60 + 300);
	CHECK_ALT(out[1], pago[3], CALCOM_ALT_NEXT_WORKDAY);
	assert_true(calcom_finder_describe(&out[0], CALCOM_FINDER_EN, buf, sizeof buf) > 0);
	assert_string_equal(buf, "the same day at 16:00");
	assert_true(calcom_finder_describe(&out[1], CALCOM_FINDER_EN, buf, sizeof buf) > 0);
	assert_string_equal(buf, "Monday, 6 October at 16:30");
}

/* ---- describe ---------------------------------------------------------- */

static calcom_finder_alt alt_at(calcom_finder_slot s, calcom_alt_type type)
{
	calcom_finder_alt a = {s.epoch_ms, s.offset_min, type, 0};
	return a;
}

static void expect_text(const calcom_finder_alt *a, calcom_finder_lang lang, const char *want)
{
	char buf[CALCOM_FINDER_DESCRIBE_MAX];
	memset(buf, 'x', sizeof buf);
	size_t n = calcom_finder_describe(a, lang, buf, sizeof buf);
	assert_string_equal(buf, want);
	assert_int_equal(n, strlen(want));
	assert_null(strchr(buf, '\n'));
}

static void test_describe(void **state)
{
	(void)state;
	calcom_finder_alt a = alt_at(slot_at(2025, 10, 1, 13, 0, SUMMER), CALCOM_ALT_SAME_DAY_EARLIER);
	expect_text(&a, CALCOM_FINDER_DE, "am gleichen Tag, 13:00 Uhr");
	expect_text(&a, CALCOM_FINDER_EN, "the same day at 13:00");
	a.type = CALCOM_ALT_SAME_DAY_LATER;
	expect_text(&a, CALCOM_FINDER_DE, "am gleichen Tag, 13:00 Uhr");
	expect_text(&a, CALCOM_FINDER_EN, "the same day at 13:00");

	a = alt_at(slot_at(2025, 10, 2, 14, 0, SUMMER), CALCOM_ALT_NEXT_WORKDAY);
	expect_text(&a, CALCOM_FINDER_DE, "Donnerstag, 02.10. um 14:00 Uhr");
	expect_text(&a, CALCOM_FINDER_EN, "Thursday, 2 October at 14:00");
	a.type = CALCOM_ALT_NEXT_AVAILABLE;
	expect_text(&a, CALCOM_FINDER_DE, "Donnerstag, 02.10. um 14:00 Uhr");
	expect_text(&a, CALCOM_FINDER_EN, "Thursday, 2 October at 14:00");

	a = alt_at(slot_at(2025, 10, 8, 14, 0, SUMMER), CALCOM_ALT_NEXT_WEEK);
	expect_text(&a, CALCOM_FINDER_DE, "n\xc3\xa4" "chste Woche Mittwoch, 08.10. um 14:00 Uhr");
	expect_text(&a, CALCOM_FINDER_EN, "next week Wednesday, 8 October at 14:00");

	/* Every weekday and month name, minutes and midnight. */
	static const char *const de[7] = {"Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag",
		"Sonntag"};
	static const char *const en[7] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
		"Sunday"};
	for (unsigned i = 0; i < 7; i++) {
		char want[CALCOM_FINDER_DESCRIBE_MAX];
		a = alt_at(slot_at(2025, 10, 6 + i, 9, 5, SUMMER), CALCOM_ALT_NEXT_AVAILABLE);
		snprintf(want, sizeof want, "%s, %02u.10. um 09:05 Uhr", de[i], 6 + i);
		expect_text(&a, CALCOM_FINDER_DE, want);
		snprintf(want, sizeof want, "%s, %u October at 09:05", en[i], 6 + i);
		expect_text(&a, CALCOM_FINDER_EN, want);
	}
	static const char *const months[12] = {"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December"};
	for (unsigned m = 1; m <= 12; m++) {
		char want[CALCOM_FINDER_DESCRIBE_MAX];
		calcom_finder_slot s = slot_at(2026, m, 1, 0, 0, 60);
		a = alt_at(s, CALCOM_ALT_NEXT_WORKDAY);
		int64_t day = day_of(2026, m, 1);
		snprintf(want, sizeof want, "%s, 1 %s at 00:00", en[calcom_weekday(day)], months[m - 1]);
		expect_text(&a, CALCOM_FINDER_EN, want);
		snprintf(want, sizeof want, "%s, 01.%02u. um 00:00 Uhr", de[calcom_weekday(day)], m);
		expect_text(&a, CALCOM_FINDER_DE, want);
	}

	/* The longest texts fit CALCOM_FINDER_DESCRIBE_MAX. */
	a = alt_at(slot_at(2026, 12, 31, 23, 59, WINTER), CALCOM_ALT_NEXT_WEEK); /* a Thursday */
	expect_text(&a, CALCOM_FINDER_DE, "n\xc3\xa4" "chste Woche Donnerstag, 31.12. um 23:59 Uhr");
	a = alt_at(slot_at(2026, 9, 30, 23, 59, SUMMER), CALCOM_ALT_NEXT_WEEK);
	expect_text(&a, CALCOM_FINDER_EN, "next week Wednesday, 30 September at 23:59");
}

/* A buffer too small for the text and its NUL gets an empty string and 0. */
static void test_describe_small_buffer(void **state)
{
	(void)state;
	calcom_finder_alt a = alt_at(slot_at(2025, 10, 1, 13, 0, SUMMER), CALCOM_ALT_SAME_DAY_LATER);
	const char *want = "the same day at 13:00";
	size_t len = strlen(want);
	char buf[64];
	memset(buf, 'x', sizeof buf);
	assert_int_equal(calcom_finder_describe(&a, CALCOM_FINDER_EN, buf, len), 0);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], 'x');
	memset(buf, 'x', sizeof buf);
	assert_int_equal(calcom_finder_describe(&a, CALCOM_FINDER_EN, buf, 1), 0);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], 'x');
	memset(buf, 'x', sizeof buf);
	assert_int_equal(calcom_finder_describe(&a, CALCOM_FINDER_EN, buf, 0), 0);
	assert_int_equal(buf[0], 'x');
	assert_int_equal(calcom_finder_describe(&a, CALCOM_FINDER_EN, NULL, 0), 0);
	assert_int_equal(calcom_finder_describe(&a, CALCOM_FINDER_EN, buf, len + 1), len);
	assert_string_equal(buf, want);
	assert_int_equal(buf[len + 1], 'x');

	/* Unknown type or language: nothing. */
	a.type = (calcom_alt_type)42;
	assert_int_equal(calcom_finder_describe(&a, CALCOM_FINDER_DE, buf, sizeof buf), 0);
	assert_int_equal(buf[0], '\0');
	a.type = CALCOM_ALT_NEXT_WEEK;
	assert_int_equal(calcom_finder_describe(&a, (calcom_finder_lang)9, buf, sizeof buf), 0);
}

/* ---- business hours ---------------------------------------------------- */

static bool hhmm(const char *s, int32_t *m)
{
	return calcom_finder_parse_hhmm(s, strlen(s), m);
}

static void test_parse_hhmm(void **state)
{
	(void)state;
	const struct {
		const char *text;
		int32_t minutes;
	} good[] = {
		{"09:00", 540}, {"9:00", 540}, {"00:00", 0}, {"0:00", 0}, {"18:00", 1080},
		{"23:59", 1439}, {"24:00", 1440}, {"12:30", 750}, {"07:05", 425},
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		int32_t m = -1;
		if (!hhmm(good[i].text, &m) || m != good[i].minutes) {
			fail_msg("\"%s\": got %d, want %d", good[i].text, (int)m, (int)good[i].minutes);
		}
	}
	const char *const bad[] = {
		"", "24:01", "25:00", "12:60", "ab:cd", "09:00x", "09:00 ", " 9:00", "9:0", "09:0", "0900",
		"009:00", "09-00", "+9:00", "-1:00", "9:5", ":00", "09:", "1:2:3", "09.00", "9h00", "24:60", "99:99",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int32_t m = -7;
		if (hhmm(bad[i], &m) || m != -7) {
			fail_msg("\"%s\" accepted (%d)", bad[i], (int)m);
		}
	}
	/* Only [s, s+len) is read. */
	int32_t m = 0;
	assert_true(calcom_finder_parse_hhmm("09:30:00", 5, &m));
	assert_int_equal(m, 570);
	assert_false(calcom_finder_parse_hhmm("09:30", 4, &m)); /* "09:3" */
	assert_false(calcom_finder_parse_hhmm(NULL, 0, &m));
	assert_false(calcom_finder_parse_hhmm("9\0:00", 5, &m));
	assert_int_equal(m, 570);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_adjust),
		cmocka_unit_test(test_horizon),
		cmocka_unit_test(test_same_day),
		cmocka_unit_test(test_next_workday),
		cmocka_unit_test(test_next_week),
		cmocka_unit_test(test_next_available),
		cmocka_unit_test(test_next_available_last_day),
		cmocka_unit_test(test_nothing_in_horizon),
		cmocka_unit_test(test_exact_time_excluded),
		cmocka_unit_test(test_dedupe_across_strategies),
		cmocka_unit_test(test_repeated_next_available),
		cmocka_unit_test(test_busy_overlap),
		cmocka_unit_test(test_duration_before_closing),
		cmocka_unit_test(test_rank_morning_afternoon),
		cmocka_unit_test(test_stable_ties),
		cmocka_unit_test(test_max_alternatives_cut),
		cmocka_unit_test(test_unsorted_slots),
		cmocka_unit_test(test_bad_query),
		cmocka_unit_test(test_dst_autumn),
		cmocka_unit_test(test_dst_spring),
		cmocka_unit_test(test_far_zones),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_describe_small_buffer),
		cmocka_unit_test(test_parse_hhmm),
	};
	return cmocka_run_group_tests_name("finder", tests, NULL, NULL);
}
