/*
 * The AlternativeFinder engine: given the free slots Cal.com returned for
 * the horizon, the busy intervals of the tenant or customer and the
 * business rules, which real slots to offer instead of a desired time that
 * is taken. One fetch answers every strategy, so this is all in memory:
 * no allocation, no clock, no locale, no time zone database.
 *
 * Times are *local minutes*: days since 1970-01-01 * 1440 + minute of the
 * day, in the zone of the search. A slot carries its instant and the UTC
 * offset of the text Cal.com sent, so its local minutes are
 * floor(epoch_ms / 60000) + offset_min, and a slot after a DST change is
 * still compared by its wall-clock time. Distances are local minutes.
 */
#ifndef CALCOM_FINDER_H
#define CALCOM_FINDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
	CALCOM_FINDER_SAME_DAY,
	CALCOM_FINDER_NEXT_WORKDAY,
	CALCOM_FINDER_NEXT_WEEK,
	CALCOM_FINDER_NEXT_AVAILABLE
} calcom_finder_strategy;

typedef enum {
	CALCOM_ALT_SAME_DAY_EARLIER,
	CALCOM_ALT_SAME_DAY_LATER,
	CALCOM_ALT_NEXT_WORKDAY,
	CALCOM_ALT_NEXT_WEEK,
	CALCOM_ALT_NEXT_AVAILABLE
} calcom_alt_type;

typedef enum { CALCOM_FINDER_DE, CALCOM_FINDER_EN } calcom_finder_lang;

typedef struct {
	int64_t epoch_ms;    /* the slot's start, UTC */
	int32_t offset_min;  /* the offset of its text, minutes east of UTC */
} calcom_finder_slot;

typedef struct {
	int64_t start_ms, end_ms;  /* [start, end), UTC; an empty or inverted interval blocks nothing */
} calcom_finder_busy;

typedef struct {
	int64_t epoch_ms;
	int32_t offset_min;
	calcom_alt_type type;
	int64_t score;
} calcom_finder_alt;

typedef struct {
	int64_t desired_local;          /* local minutes of the desired time */
	int32_t duration_min;           /* > 0 */
	int32_t open_min, close_min;    /* business hours, 0 <= open < close <= 1440 */
	unsigned workdays;              /* bit (ISO weekday - 1): Monday = bit 0 ... Sunday = bit 6; non-empty */
	const calcom_finder_strategy *strategies;
	size_t nstrategies;
	int32_t window_min;             /* time_window_hours * 60, >= 0 */
	size_t max_alternatives;        /* >= 1 */
	int32_t search_days;            /* >= 0 */
} calcom_finder_query;

/* desired_local must lie within +-CALCOM_FINDER_LOCAL_LIMIT (about two
 * billion years around 1970), so every sum the engine forms fits. */
#define CALCOM_FINDER_LOCAL_LIMIT (INT64_C(1) << 50)

/* calcom_finder_run runs at most this many entries of q->strategies (the
 * first ones); the rest are ignored. Four distinct strategies exist; only
 * a repeated NEXT_AVAILABLE adds anything when run again (the next
 * not yet collected slot), so the cap costs no real configuration. */
#define CALCOM_FINDER_MAX_STRATEGIES 16

/* A buffer of this many bytes holds any description with its NUL. */
#define CALCOM_FINDER_DESCRIBE_MAX 64

/* The desired time moved into business hours, in local minutes: on a
 * workday before opening -> that day's opening; on a workday at or after
 * closing, or on a non-workday -> the next workday's opening; otherwise
 * unchanged (14:37 stays 14:37). Bits of workdays above bit 6 are ignored.
 * A query whose hours, workdays or desired_local break the bounds above
 * gets desired_local back unchanged. */
int64_t calcom_finder_adjust(const calcom_finder_query *q);

/* The days searched (days since 1970-01-01, both inclusive): the day of
 * the adjusted desired time through that day + search_days (a negative
 * search_days counts as 0). */
void calcom_finder_horizon(const calcom_finder_query *q, int64_t *first_day, int64_t *last_day);

/* Runs the strategies of q in their order over slots (any order; sorted by
 * epoch_ms, as Cal.com sends them, is fastest) and writes the best
 * min(q->max_alternatives, cap) alternatives to out, best first: score
 * descending, ties in collection order (strategy order, then slot time
 * ascending). Every alternative is an eligible slot: on a workday, inside
 * business hours for the whole duration, inside the horizon, not the
 * adjusted desired time, overlapping no busy interval, and offered once
 * (entries with the same epoch_ms are one slot, kept with the first
 * strategy that found it and the offset of the first entry that qualified
 * for it). "Slot time" is the instant, epoch_ms.
 * Returns the number written; 0 when nothing is eligible, when cap is 0, or
 * when the query breaks a bound documented in calcom_finder_query (or a
 * pointer is NULL with a non-zero count). */
size_t calcom_finder_run(const calcom_finder_query *q, const calcom_finder_slot *slots, size_t nslots,
	const calcom_finder_busy *busy, size_t nbusy, calcom_finder_alt *out, size_t cap);

/* Writes the spoken description of a's local date and time, 24 h, UTF-8,
 * no newline, and a NUL:
 *   de: "am gleichen Tag, 13:00 Uhr" (same day, earlier or later),
 *       "Donnerstag, 02.10. um 14:00 Uhr" (next workday, next available),
 *       "nächste Woche Mittwoch, 08.10. um 14:00 Uhr" (next week);
 *   en: "the same day at 13:00", "Thursday, 2 October at 14:00",
 *       "next week Wednesday, 8 October at 14:00".
 * Returns its length without the NUL; 0 if the text and its NUL do not fit
 * in size bytes (then an empty string is written when size > 0), or for an
 * unknown type or language. CALCOM_FINDER_DESCRIBE_MAX bytes always fit. */
size_t calcom_finder_describe(const calcom_finder_alt *a, calcom_finder_lang lang, char *buf, size_t size);

/* Business hours as configured: exactly "HH:MM" or "H:MM" in 00:00..24:00
 * (24 only as 24:00), nothing before or after. All of [s, s+len) must
 * match; s need not be NUL-terminated. Returns minutes of the day in
 * *minutes (0..1440); on false, *minutes is unchanged. */
bool calcom_finder_parse_hhmm(const char *s, size_t len, int32_t *minutes);

#endif
