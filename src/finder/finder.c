/*
 * Without allocation there is nowhere to mark which slots a strategy has
 * already collected, so "already collected" is recomputed instead: each
 * strategy that ran is a pass with a predicate (a day and a distance to
 * the desired time, or for NEXT_AVAILABLE the one instant it picked), and a
 * slot was collected before pass s exactly when some copy of its instant
 * matches an earlier pass. Copies are entries with the same epoch_ms; in a
 * sorted array they are neighbours, otherwise every entry is looked at.
 *
 * The result is kept in out as it grows: the best min(max_alternatives,
 * cap) so far, best first, each candidate inserted in place. The order is
 * total (score, then collection order), so the answer does not depend on
 * the order of slots nor on cap beyond the cut.
 */
#include <stdio.h>
#include <string.h>

#include "../lib/civil.h"
#include "finder.h"

#define MINUTES_PER_DAY 1440
#define MS_PER_MINUTE 60000
#define ALL_DAYS 0x7fu

/* One strategy as it ran. */
typedef struct {
	calcom_finder_strategy kind;
	bool live;        /* false: unknown kind, or its day is outside the horizon, or nothing found */
	int64_t day;      /* SAME_DAY, NEXT_WORKDAY, NEXT_WEEK: the day it searched */
	int64_t epoch_ms; /* NEXT_AVAILABLE: the slot it picked */
} finder_pass;

typedef struct {
	const calcom_finder_query *q;
	const calcom_finder_slot *slots;
	size_t nslots;
	const calcom_finder_busy *busy;
	size_t nbusy;
	bool sorted;
	int64_t desired;       /* adjusted, local minutes */
	int64_t desired_day;
	int64_t desired_clock; /* minute of the day */
	int64_t first_day, last_day;
	int64_t duration_ms;
	finder_pass passes[CALCOM_FINDER_MAX_STRATEGIES];
	size_t npasses;
} finder;

static int64_t abs64(int64_t v)
{
	return v < 0 ? -v : v;
}

static int64_t local_minutes(int64_t epoch_ms, int32_t offset_min)
{
	return calcom_floor_div(epoch_ms, MS_PER_MINUTE) + offset_min;
}

static bool is_workday(unsigned workdays, int64_t day)
{
	return (workdays >> calcom_weekday(day) & 1u) != 0;
}

/* workdays must hold a day of the week, so this ends within seven steps. */
static int64_t next_workday(unsigned workdays, int64_t day)
{
	do {
		day++;
	} while (!is_workday(workdays, day));
	return day;
}

/* What adjust needs to do its sums without overflow. */
static bool hours_ok(const calcom_finder_query *q)
{
	return q->open_min >= 0 && q->open_min < q->close_min && q->close_min <= MINUTES_PER_DAY &&
		(q->workdays & ALL_DAYS) != 0 && q->desired_local >= -CALCOM_FINDER_LOCAL_LIMIT &&
		q->desired_local <= CALCOM_FINDER_LOCAL_LIMIT;
}

static bool query_ok(const calcom_finder_query *q)
{
	return hours_ok(q) && q->duration_min > 0 && q->window_min >= 0 && q->max_alternatives >= 1 &&
		q->search_days >= 0 && (q->strategies || q->nstrategies == 0);
}

int64_t calcom_finder_adjust(const calcom_finder_query *q)
{
	if (!hours_ok(q)) {
		return q->desired_local;
	}
	unsigned workdays = q->workdays & ALL_DAYS;
	int64_t day = calcom_floor_div(q->desired_local, MINUTES_PER_DAY);
	int64_t clock = calcom_floor_mod(q->desired_local, MINUTES_PER_DAY);
	if (!is_workday(workdays, day) || clock >= q->close_min) {
		return next_workday(workdays, day) * MINUTES_PER_DAY + q->open_min;
	}
	if (clock < q->open_min) {
		return day * MINUTES_PER_DAY + q->open_min;
	}
	return q->desired_local;
}

void calcom_finder_horizon(const calcom_finder_query *q, int64_t *first_day, int64_t *last_day)
{
	int64_t first = calcom_floor_div(calcom_finder_adjust(q), MINUTES_PER_DAY);
	*first_day = first;
	*last_day = first + (q->search_days > 0 ? q->search_days : 0);
}

/* Every rule but "not already collected". The cheap tests come first: most
 * slots of a horizon fail the day test of a pass before the busy scan. */
static bool eligible(const finder *f, int64_t epoch_ms, int32_t offset_min)
{
	const calcom_finder_query *q = f->q;
	int64_t local = local_minutes(epoch_ms, offset_min);
	int64_t day = calcom_floor_div(local, MINUTES_PER_DAY);
	int64_t clock = calcom_floor_mod(local, MINUTES_PER_DAY);
	if (day < f->first_day || day > f->last_day || !is_workday(q->workdays, day)) {
		return false;
	}
	if (clock < q->open_min || clock + q->duration_min > q->close_min || local == f->desired) {
		return false;
	}
	if (epoch_ms > INT64_MAX - f->duration_ms) {
		return false; /* its end is not an instant */
	}
	int64_t end = epoch_ms + f->duration_ms;
	for (size_t i = 0; i < f->nbusy; i++) {
		const calcom_finder_busy *b = &f->busy[i];
		/* Half-open on both sides: a meeting ending at 10:00 leaves a 10:00 slot free. */
		if (b->start_ms < b->end_ms && b->start_ms < end && epoch_ms < b->end_ms) {
			return false;
		}
	}
	return true;
}

/* The pass's own test on a slot, without "not already collected". */
static bool pass_matches(const finder *f, const finder_pass *p, const calcom_finder_slot *s)
{
	if (!p->live) {
		return false;
	}
	if (p->kind == CALCOM_FINDER_NEXT_AVAILABLE) {
		return s->epoch_ms == p->epoch_ms;
	}
	int64_t local = local_minutes(s->epoch_ms, s->offset_min);
	if (calcom_floor_div(local, MINUTES_PER_DAY) != p->day) {
		return false;
	}
	int64_t distance = p->kind == CALCOM_FINDER_SAME_DAY
		? abs64(local - f->desired)
		: abs64(calcom_floor_mod(local, MINUTES_PER_DAY) - f->desired_clock);
	return distance <= f->q->window_min && eligible(f, s->epoch_ms, s->offset_min);
}

/* The entries that may share slot i's epoch_ms: [*lo, *hi). */
static void copies_of(const finder *f, size_t i, size_t *lo, size_t *hi)
{
	if (!f->sorted) {
		*lo = 0;
		*hi = f->nslots;
		return;
	}
	int64_t epoch = f->slots[i].epoch_ms;
	size_t a = i, b = i + 1;
	while (a > 0 && f->slots[a - 1].epoch_ms == epoch) {
		a--;
	}
	while (b < f->nslots && f->slots[b].epoch_ms == epoch) {
		b++;
	}
	*lo = a;
	*hi = b;
}

/* Whether a pass before `before` collected slot i's instant. */
static bool collected(const finder *f, size_t before, size_t i)
{
	int64_t epoch = f->slots[i].epoch_ms;
	size_t lo, hi;
	copies_of(f, i, &lo, &hi);
	for (size_t t = 0; t < before; t++) {
		const finder_pass *p = &f->passes[t];
		if (p->kind == CALCOM_FINDER_NEXT_AVAILABLE) {
			if (p->live && p->epoch_ms == epoch) {
				return true;
			}
			continue;
		}
		for (size_t j = lo; j < hi; j++) {
			if (f->slots[j].epoch_ms == epoch && pass_matches(f, p, &f->slots[j])) {
				return true;
			}
		}
	}
	return false;
}

/* Whether an earlier entry with slot i's instant already stands for it in pass p. */
static bool earlier_copy_matches(const finder *f, const finder_pass *p, size_t i)
{
	size_t lo, hi;
	copies_of(f, i, &lo, &hi);
	for (size_t j = lo; j < i && j < hi; j++) {
		if (f->slots[j].epoch_ms == f->slots[i].epoch_ms && pass_matches(f, p, &f->slots[j])) {
			return true;
		}
	}
	return false;
}

static calcom_finder_strategy strategy_of(calcom_alt_type type)
{
	switch (type) {
	case CALCOM_ALT_NEXT_WORKDAY:
		return CALCOM_FINDER_NEXT_WORKDAY;
	case CALCOM_ALT_NEXT_WEEK:
		return CALCOM_FINDER_NEXT_WEEK;
	case CALCOM_ALT_NEXT_AVAILABLE:
		return CALCOM_FINDER_NEXT_AVAILABLE;
	default:
		return CALCOM_FINDER_SAME_DAY;
	}
}

/* Whether c ranks before e, e collected before c. On equal scores the
 * earlier collection wins. e comes from an earlier pass unless it has c's
 * strategy: SAME_DAY, NEXT_WORKDAY and NEXT_WEEK collect everything they
 * can the first time they run, and a NEXT_AVAILABLE pass collects one
 * slot. Inside one pass the earlier slot was collected first. */
static bool ranks_before(const calcom_finder_alt *c, const calcom_finder_alt *e)
{
	if (c->score != e->score) {
		return c->score > e->score;
	}
	calcom_finder_strategy k = strategy_of(c->type);
	return k == strategy_of(e->type) && k != CALCOM_FINDER_NEXT_AVAILABLE && c->epoch_ms < e->epoch_ms;
}

static void keep(calcom_finder_alt *out, size_t *n, size_t k, const calcom_finder_alt *c)
{
	size_t pos = 0;
	while (pos < *n && !ranks_before(c, &out[pos])) {
		pos++;
	}
	if (pos >= k) {
		return;
	}
	size_t last = *n < k ? *n : k - 1; /* the entry that moves out of the array, if full */
	memmove(&out[pos + 1], &out[pos], (last - pos) * sizeof *out);
	out[pos] = *c;
	if (*n < k) {
		(*n)++;
	}
}

static calcom_finder_alt make_alt(const finder *f, const calcom_finder_slot *s, calcom_finder_strategy kind)
{
	int64_t local = local_minutes(s->epoch_ms, s->offset_min);
	bool afternoon = f->desired_clock >= 12 * 60;
	calcom_finder_alt a;
	int64_t bonus;
	switch (kind) {
	case CALCOM_FINDER_SAME_DAY:
		if (local < f->desired) {
			a.type = CALCOM_ALT_SAME_DAY_EARLIER;
			bonus = afternoon ? 300 : 500;
		} else {
			a.type = CALCOM_ALT_SAME_DAY_LATER;
			bonus = afternoon ? 500 : 300;
		}
		break;
	case CALCOM_FINDER_NEXT_WORKDAY:
		a.type = CALCOM_ALT_NEXT_WORKDAY;
		bonus = 250;
		break;
	case CALCOM_FINDER_NEXT_WEEK:
		a.type = CALCOM_ALT_NEXT_WEEK;
		bonus = 150;
		break;
	default:
		a.type = CALCOM_ALT_NEXT_AVAILABLE;
		bonus = 100;
		break;
	}
	a.epoch_ms = s->epoch_ms;
	a.offset_min = s->offset_min;
	a.score = 10000 - abs64(local - f->desired) + bonus;
	return a;
}

/* NEXT_AVAILABLE: on the first later day with an uncollected eligible
 * slot, the one closest to the desired clock time; earlier wins a tie.
 * Returns its index, or nslots if there is none. */
static size_t pick_next_available(const finder *f, finder_pass *p)
{
	size_t s = f->npasses;
	bool found = false;
	size_t best = f->nslots;
	int64_t best_day = 0, best_distance = 0, best_local = 0, best_epoch = 0;
	for (size_t i = 0; i < f->nslots; i++) {
		const calcom_finder_slot *sl = &f->slots[i];
		int64_t local = local_minutes(sl->epoch_ms, sl->offset_min);
		int64_t day = calcom_floor_div(local, MINUTES_PER_DAY);
		int64_t distance = abs64(calcom_floor_mod(local, MINUTES_PER_DAY) - f->desired_clock);
		if (day <= f->desired_day) {
			continue;
		}
		if (found && (day > best_day || (day == best_day &&
			(distance > best_distance || (distance == best_distance &&
			(local > best_local || (local == best_local && sl->epoch_ms >= best_epoch))))))) {
			continue;
		}
		if (!eligible(f, sl->epoch_ms, sl->offset_min) || collected(f, s, i)) {
			continue;
		}
		found = true;
		best = i;
		best_day = day;
		best_distance = distance;
		best_local = local;
		best_epoch = sl->epoch_ms;
	}
	p->live = found;
	p->epoch_ms = best_epoch;
	return best;
}

/* Runs one strategy as pass f->npasses; adds its candidates to out and
 * returns how many it collected. */
static size_t run_pass(finder *f, calcom_finder_strategy kind, calcom_finder_alt *out, size_t *n, size_t k)
{
	const calcom_finder_query *q = f->q;
	finder_pass *p = &f->passes[f->npasses];
	p->kind = kind;
	p->live = false;
	p->day = 0;
	p->epoch_ms = 0;
	switch (kind) {
	case CALCOM_FINDER_SAME_DAY:
		p->day = f->desired_day;
		p->live = true;
		break;
	case CALCOM_FINDER_NEXT_WORKDAY:
		p->day = next_workday(q->workdays & ALL_DAYS, f->desired_day);
		p->live = p->day <= f->last_day;
		break;
	case CALCOM_FINDER_NEXT_WEEK:
		p->day = f->desired_day + 7;
		p->live = p->day <= f->last_day && is_workday(q->workdays, p->day);
		break;
	case CALCOM_FINDER_NEXT_AVAILABLE: {
		/* The pick is the one entry of its instant that qualified; later
		 * passes match any entry of that instant (pass_matches). */
		size_t i = pick_next_available(f, p);
		f->npasses++;
		if (!p->live) {
			return 0;
		}
		calcom_finder_alt a = make_alt(f, &f->slots[i], kind);
		keep(out, n, k, &a);
		return 1;
	}
	default:
		break; /* not a strategy: collects nothing */
	}
	size_t s = f->npasses++;
	size_t added = 0;
	if (!p->live) {
		return 0;
	}
	for (size_t i = 0; i < f->nslots; i++) {
		const calcom_finder_slot *sl = &f->slots[i];
		if (!pass_matches(f, p, sl) || earlier_copy_matches(f, p, i) || collected(f, s, i)) {
			continue;
		}
		calcom_finder_alt a = make_alt(f, sl, kind);
		keep(out, n, k, &a);
		added++;
	}
	return added;
}

size_t calcom_finder_run(const calcom_finder_query *q, const calcom_finder_slot *slots, size_t nslots,
	const calcom_finder_busy *busy, size_t nbusy, calcom_finder_alt *out, size_t cap)
{
	if (!q || !query_ok(q) || !out || cap == 0 || (!slots && nslots > 0) || (!busy && nbusy > 0)) {
		return 0;
	}
	finder f;
	f.q = q;
	f.slots = slots;
	f.nslots = nslots;
	f.busy = busy;
	f.nbusy = nbusy;
	f.sorted = true;
	for (size_t i = 1; i < nslots && f.sorted; i++) {
		f.sorted = slots[i - 1].epoch_ms <= slots[i].epoch_ms;
	}
	f.desired = calcom_finder_adjust(q);
	f.desired_day = calcom_floor_div(f.desired, MINUTES_PER_DAY);
	f.desired_clock = calcom_floor_mod(f.desired, MINUTES_PER_DAY);
	calcom_finder_horizon(q, &f.first_day, &f.last_day);
	f.duration_ms = (int64_t)q->duration_min * MS_PER_MINUTE;
	f.npasses = 0;

	size_t k = q->max_alternatives < cap ? q->max_alternatives : cap;
	size_t n = 0, total = 0;
	for (size_t i = 0; i < q->nstrategies && i < CALCOM_FINDER_MAX_STRATEGIES && total < q->max_alternatives; i++) {
		total += run_pass(&f, q->strategies[i], out, &n, k);
	}
	return n;
}

static const char *const WEEKDAYS_DE[7] = {"Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag",
	"Sonntag"};
static const char *const WEEKDAYS_EN[7] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
	"Sunday"};
static const char *const MONTHS_EN[12] = {"January", "February", "March", "April", "May", "June", "July", "August",
	"September", "October", "November", "December"};

size_t calcom_finder_describe(const calcom_finder_alt *a, calcom_finder_lang lang, char *buf, size_t size)
{
	int64_t local = local_minutes(a->epoch_ms, a->offset_min);
	int64_t day = calcom_floor_div(local, MINUTES_PER_DAY);
	int clock = (int)calcom_floor_mod(local, MINUTES_PER_DAY);
	int hh = clock / 60, mm = clock % 60;
	int y;
	unsigned m, d;
	calcom_civil_from_days(day, &y, &m, &d);
	unsigned wd = calcom_weekday(day);
	bool same_day = a->type == CALCOM_ALT_SAME_DAY_EARLIER || a->type == CALCOM_ALT_SAME_DAY_LATER;
	bool dated = a->type == CALCOM_ALT_NEXT_WORKDAY || a->type == CALCOM_ALT_NEXT_AVAILABLE;
	bool next_week = a->type == CALCOM_ALT_NEXT_WEEK;

	char text[CALCOM_FINDER_DESCRIBE_MAX];
	int len = -1;
	if (lang == CALCOM_FINDER_DE) {
		if (same_day) {
			len = snprintf(text, sizeof text, "am gleichen Tag, %02d:%02d Uhr", hh, mm);
		} else if (dated || next_week) {
			len = snprintf(text, sizeof text, "%s%s, %02u.%02u. um %02d:%02d Uhr",
				next_week ? "n\xc3\xa4" "chste Woche " : "", WEEKDAYS_DE[wd], d, m, hh, mm);
		}
	} else if (lang == CALCOM_FINDER_EN) {
		if (same_day) {
			len = snprintf(text, sizeof text, "the same day at %02d:%02d", hh, mm);
		} else if (dated || next_week) {
			len = snprintf(text, sizeof text, "%s%s, %u %s at %02d:%02d", next_week ? "next week " : "",
				WEEKDAYS_EN[wd], d, MONTHS_EN[m - 1], hh, mm);
		}
	}
	if (len < 0 || (size_t)len >= sizeof text || (size_t)len >= size) {
		if (buf && size > 0) {
			buf[0] = '\0';
		}
		return 0;
	}
	memcpy(buf, text, (size_t)len + 1);
	return (size_t)len;
}

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

bool calcom_finder_parse_hhmm(const char *s, size_t len, int32_t *minutes)
{
	if (!s || (len != 4 && len != 5)) {
		return false;
	}
	size_t colon = len - 3; /* after one or two hour digits */
	int32_t h = 0;
	for (size_t i = 0; i < colon; i++) {
		if (!digit(s[i])) {
			return false;
		}
		h = h * 10 + (s[i] - '0');
	}
	if (s[colon] != ':' || !digit(s[colon + 1]) || !digit(s[colon + 2])) {
		return false;
	}
	int32_t m = (s[colon + 1] - '0') * 10 + (s[colon + 2] - '0');
	if (m > 59 || h > 24 || (h == 24 && m != 0)) {
		return false;
	}
	*minutes = h * 60 + m;
	return true;
}
