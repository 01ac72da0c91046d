/*
 * src/calcom/slots: both Cal.com response shapes (DESIGN.md's examples
 * verbatim), Z and offsets, fractions, DST days, empty data, format=range,
 * unknown members, escapes, json_decode's duplicate-key rules, and every
 * rejection with its message and byte offset.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "calcom/slots.h"

/* ---- helpers ---------------------------------------------------------- */

/* Parses exactly len bytes from a heap copy of that size, so ASan catches a
 * read past the end (the body is not NUL-terminated). */
static bool parse_n(const char *body, size_t len, calcom_slots *out, calcom_err *err)
{
	char *copy = malloc(len ? len : 1);
	assert_non_null(copy);
	memcpy(copy, body, len);
	calcom_err_clear(err);
	memset(out, 0x5a, sizeof *out);
	bool ok = calcom_slots_parse(copy, len, out, err);
	free(copy);
	assert_non_null(memchr(err->msg, '\0', sizeof err->msg));
	return ok;
}

/* The invariants every successful parse keeps. */
static void check_consistent(const calcom_slots *s)
{
	size_t next = 0;
	assert_true(s->shape == CALCOM_SLOTS_V2 || s->shape == CALCOM_SLOTS_LEGACY);
	for (size_t i = 0; i < s->ndays; i++) {
		assert_int_equal(strlen(s->days[i].date), 10);
		assert_int_equal(s->days[i].first, next);
		next += s->days[i].count;
	}
	assert_int_equal(next, s->nslots);
	if (s->nslots) {
		assert_non_null(s->starts);
		assert_non_null(s->ends);
	}
}

static void parse_ok_n(const char *body, size_t len, calcom_slots *out)
{
	calcom_err err;
	if (!parse_n(body, len, out, &err)) {
		fail_msg("rejected: %s\nbody: %.*s", err.msg, (int)len, body);
	}
	assert_int_equal(err.code, CALCOM_OK);
	check_consistent(out);
}

static void parse_ok(const char *body, calcom_slots *out)
{
	parse_ok_n(body, strlen(body), out);
}

/* Rejects body with CALCOM_E_PROTOCOL and a message containing want; the
 * struct is left zeroed and may be freed (twice). */
static void expect_fail_n(const char *body, size_t len, const char *want)
{
	calcom_slots s;
	calcom_err err;
	if (parse_n(body, len, &s, &err)) {
		fail_msg("accepted: %.*s", (int)len, body);
	}
	assert_int_equal(err.code, CALCOM_E_PROTOCOL);
	if (!strstr(err.msg, want)) {
		fail_msg("message \"%s\" does not contain \"%s\"\nbody: %.*s", err.msg, want, (int)len, body);
	}
	assert_null(s.days);
	assert_null(s.starts);
	assert_null(s.ends);
	assert_int_equal(s.ndays, 0);
	assert_int_equal(s.nslots, 0);
	calcom_slots_free(&s);
	calcom_slots_free(&s);
}

static void expect_fail(const char *body, const char *want)
{
	expect_fail_n(body, strlen(body), want);
}

/* The whole message, for the ones whose byte offsets the test pins down. */
static void expect_message(const char *body, const char *want)
{
	calcom_slots s;
	calcom_err err;
	assert_false(parse_n(body, strlen(body), &s, &err));
	assert_int_equal(err.code, CALCOM_E_PROTOCOL);
	assert_string_equal(err.msg, want);
}

static int64_t ms_of(const char *ts)
{
	calcom_instant t;
	if (!calcom_rfc3339_parse(ts, strlen(ts), &t)) {
		fail_msg("bad test timestamp %s", ts);
	}
	return t.epoch_ms;
}

#define NO_END INT64_MIN
#define H 3600000LL
#define OCT1 1759276800000LL  /* 2025-10-01T00:00:00Z */

/* ---- the shapes ------------------------------------------------------- */

static void test_v2_design_example(void **state)
{
	(void)state;
	calcom_slots s;
	parse_ok("{\"status\":\"success\",\"data\":{\"2025-10-01\":[{\"start\":\"2025-10-01T09:00:00.000+02:00\"}]}}", &s);
	assert_int_equal(s.shape, CALCOM_SLOTS_V2);
	assert_int_equal(s.ndays, 1);
	assert_string_equal(s.days[0].date, "2025-10-01");
	assert_int_equal(s.days[0].first, 0);
	assert_int_equal(s.days[0].count, 1);
	assert_int_equal(s.nslots, 1);
	assert_int_equal(s.starts[0].epoch_ms, OCT1 + 7 * H);
	assert_int_equal(s.starts[0].offset_min, 120);
	assert_true(s.ends[0].epoch_ms == NO_END);
	calcom_slots_free(&s);
	assert_null(s.days);
	calcom_slots_free(&s);
}

static void test_legacy_design_example(void **state)
{
	(void)state;
	calcom_slots s;
	parse_ok("{\"status\":\"success\",\"data\":{\"slots\":{\"2025-10-01\":[{\"time\":\"2025-10-01T09:00:00.000+02:00\"}]}}}",
		&s);
	assert_int_equal(s.shape, CALCOM_SLOTS_LEGACY);
	assert_int_equal(s.ndays, 1);
	assert_string_equal(s.days[0].date, "2025-10-01");
	assert_int_equal(s.days[0].count, 1);
	assert_int_equal(s.starts[0].epoch_ms, OCT1 + 7 * H);
	assert_int_equal(s.starts[0].offset_min, 120);
	assert_true(s.ends[0].epoch_ms == NO_END);
	calcom_slots_free(&s);
}

static void test_several_days_document_order(void **state)
{
	(void)state;
	calcom_slots s;
	/* Days stay in document order (not sorted); slots too. */
	parse_ok("{\"status\":\"success\",\"data\":{"
	         "\"2025-10-03\":[{\"start\":\"2025-10-03T10:00:00.000Z\"},{\"start\":\"2025-10-03T09:00:00.000Z\"}],"
	         "\"2025-10-01\":[{\"start\":\"2025-10-01T09:00:00.000Z\"}],"
	         "\"2025-10-02\":[{\"start\":\"2025-10-02T09:00:00.000Z\"},{\"start\":\"2025-10-02T09:30:00.000Z\"},"
	         "{\"start\":\"2025-10-02T10:00:00.000Z\"}]}}",
		&s);
	assert_int_equal(s.ndays, 3);
	assert_string_equal(s.days[0].date, "2025-10-03");
	assert_string_equal(s.days[1].date, "2025-10-01");
	assert_string_equal(s.days[2].date, "2025-10-02");
	assert_int_equal(s.days[0].count, 2);
	assert_int_equal(s.days[1].first, 2);
	assert_int_equal(s.days[1].count, 1);
	assert_int_equal(s.days[2].first, 3);
	assert_int_equal(s.days[2].count, 3);
	assert_int_equal(s.nslots, 6);
	assert_int_equal(s.starts[0].epoch_ms, ms_of("2025-10-03T10:00:00Z"));
	assert_int_equal(s.starts[1].epoch_ms, ms_of("2025-10-03T09:00:00Z"));
	assert_int_equal(s.starts[5].epoch_ms, ms_of("2025-10-02T10:00:00Z"));
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(s.starts[i].offset_min, 0);
		assert_true(s.ends[i].epoch_ms == NO_END);
	}
	calcom_slots_free(&s);
}

static void test_zone_forms(void **state)
{
	(void)state;
	calcom_slots s;
	/* No timeZone: Z. Etc/UTC: +00:00. Others: their offset. */
	parse_ok("{\"status\":\"success\",\"data\":{\"2025-10-01\":["
	         "{\"start\":\"2025-10-01T07:00:00.000Z\"},{\"start\":\"2025-10-01T07:00:00.000+00:00\"},"
	         "{\"start\":\"2025-10-01T02:00:00.000-05:00\"},{\"start\":\"2025-10-01T12:30:00.000+05:30\"},"
	         "{\"start\":\"2025-10-01t07:00:00z\"},{\"start\":\"2025-10-01T07:00:00.123456789Z\"}]}}",
		&s);
	assert_int_equal(s.nslots, 6);
	const int32_t offs[] = {0, 0, -300, 330, 0, 0};
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(s.starts[i].epoch_ms, OCT1 + 7 * H + (i == 5 ? 123 : 0));
		assert_int_equal(s.starts[i].offset_min, offs[i]);
	}
	calcom_slots_free(&s);
}

static void test_range_format(void **state)
{
	(void)state;
	calcom_slots s;
	parse_ok("{\"status\":\"success\",\"data\":{\"2025-10-01\":["
	         "{\"start\":\"2025-10-01T09:00:00.000+02:00\",\"end\":\"2025-10-01T09:30:00.000+02:00\"},"
	         "{\"end\":\"2025-10-01T10:30:00.000+02:00\",\"start\":\"2025-10-01T10:00:00.000+02:00\"},"
	         "{\"start\":\"2025-10-01T11:00:00.000+02:00\"}]}}",
		&s);
	assert_int_equal(s.nslots, 3);
	assert_int_equal(s.starts[0].epoch_ms, OCT1 + 7 * H);
	assert_int_equal(s.ends[0].epoch_ms, OCT1 + 7 * H + H / 2);
	assert_int_equal(s.ends[0].offset_min, 120);
	assert_int_equal(s.starts[1].epoch_ms, OCT1 + 8 * H);
	assert_int_equal(s.ends[1].epoch_ms, OCT1 + 8 * H + H / 2);
	assert_true(s.ends[2].epoch_ms == NO_END);
	calcom_slots_free(&s);

	/* Legacy slots may carry an end too. */
	parse_ok("{\"status\":\"success\",\"data\":{\"slots\":{\"2025-10-01\":[{\"time\":\"2025-10-01T09:00:00Z\","
	         "\"end\":\"2025-10-01T09:30:00Z\"}]}}}",
		&s);
	assert_int_equal(s.ends[0].epoch_ms, ms_of("2025-10-01T09:30:00Z"));
	calcom_slots_free(&s);
}

static void test_dst_day(void **state)
{
	(void)state;
	calcom_slots s;
	/* Europe/Berlin, 2025-10-26: the offset changes inside one day's list. */
	parse_ok("{\"status\":\"success\",\"data\":{\"2025-10-26\":["
	         "{\"start\":\"2025-10-26T01:30:00.000+02:00\"},{\"start\":\"2025-10-26T02:00:00.000+02:00\"},"
	         "{\"start\":\"2025-10-26T02:30:00.000+02:00\"},{\"start\":\"2025-10-26T02:00:00.000+01:00\"},"
	         "{\"start\":\"2025-10-26T02:30:00.000+01:00\"},{\"start\":\"2025-10-26T03:00:00.000+01:00\"}],"
	         "\"2025-03-30\":[{\"start\":\"2025-03-30T01:30:00.000+01:00\"},{\"start\":\"2025-03-30T03:00:00.000+02:00\"}]}}",
		&s);
	assert_int_equal(s.ndays, 2);
	assert_int_equal(s.days[0].count, 6);
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(s.starts[i].offset_min, i < 3 ? 120 : 60);
		if (i > 0) {
			assert_int_equal(s.starts[i].epoch_ms - s.starts[i - 1].epoch_ms, 30 * 60000);
		}
	}
	assert_int_equal(s.days[1].count, 2);
	assert_int_equal(s.starts[6].offset_min, 60);
	assert_int_equal(s.starts[7].offset_min, 120);
	assert_int_equal(s.starts[7].epoch_ms - s.starts[6].epoch_ms, 30 * 60000);
	calcom_slots_free(&s);
}

static void test_empty_data(void **state)
{
	(void)state;
	calcom_slots s;
	parse_ok("{\"status\":\"success\",\"data\":{}}", &s);
	assert_int_equal(s.shape, CALCOM_SLOTS_V2);
	assert_int_equal(s.ndays, 0);
	assert_int_equal(s.nslots, 0);
	assert_null(s.days);
	assert_null(s.starts);
	assert_null(s.ends);
	calcom_slots_free(&s);

	parse_ok("{\"status\":\"success\",\"data\":[]}", &s);
	assert_int_equal(s.shape, CALCOM_SLOTS_V2);
	assert_int_equal(s.ndays, 0);
	calcom_slots_free(&s);

	parse_ok(" {\"data\" : [ ] , \"status\" : \"success\" } ", &s);
	assert_int_equal(s.ndays, 0);
	calcom_slots_free(&s);

	parse_ok("{\"status\":\"success\",\"data\":{\"slots\":{}}}", &s);
	assert_int_equal(s.shape, CALCOM_SLOTS_LEGACY);
	assert_int_equal(s.ndays, 0);
	calcom_slots_free(&s);

	parse_ok("{\"status\":\"success\",\"data\":{\"slots\":[]}}", &s);
	assert_int_equal(s.shape, CALCOM_SLOTS_LEGACY);
	assert_int_equal(s.ndays, 0);
	calcom_slots_free(&s);

	/* A day with an empty list is kept, with no slots. */
	parse_ok("{\"status\":\"success\",\"data\":{\"2025-10-01\":[],\"2025-10-02\":[{\"start\":\"2025-10-02T09:00:00Z\"}]}}", &s);
	assert_int_equal(s.ndays, 2);
	assert_int_equal(s.days[0].count, 0);
	assert_int_equal(s.days[1].first, 0);
	assert_int_equal(s.days[1].count, 1);
	calcom_slots_free(&s);

	parse_ok("{\"status\":\"success\",\"data\":{\"2025-10-01\":[]}}", &s);
	assert_int_equal(s.ndays, 1);
	assert_int_equal(s.nslots, 0);
	assert_null(s.starts);
	calcom_slots_free(&s);
}

static void test_whitespace_and_key_order(void **state)
{
	(void)state;
	calcom_slots s;
	parse_ok("\r\n\t {\n\t\"data\"\r\n:\t{ \"2025-10-01\" :\n[ {\n\"start\"\t:\t\"2025-10-01T09:00:00.000+02:00\" } ,"
	         "{ \"start\":\"2025-10-01T09:30:00.000+02:00\"\n}\n]\n}\n,\n\"status\"\n:\n\"success\"\n}\r\n\t ",
		&s);
	assert_int_equal(s.nslots, 2);
	assert_int_equal(s.starts[1].epoch_ms - s.starts[0].epoch_ms, 30 * 60000);
	calcom_slots_free(&s);

	/* Legacy with "slots" after other members of data, status last. */
	parse_ok("{\"data\":{\"2025-10-01\":\"ignored in the legacy shape\",\"slots\":{\"2025-10-02\":[{\"time\":"
	         "\"2025-10-02T09:00:00Z\"}]},\"meta\":null},\"status\":\"success\"}",
		&s);
	assert_int_equal(s.shape, CALCOM_SLOTS_LEGACY);
	assert_int_equal(s.ndays, 1);
	assert_string_equal(s.days[0].date, "2025-10-02");
	calcom_slots_free(&s);
}

static void test_unknown_members(void **state)
{
	(void)state;
	calcom_slots s;
	parse_ok("{\"meta\":{\"a\":[1,-2.5e+3,true,false,null,{\"b\":[[[{}]]]},\"x\"],\"c\":{}},"
	         "\"status\":\"success\",\"timestamp\":1759276800,\"path\":\"/v2/slots\","
	         "\"data\":{\"2025-10-01\":[{\"attendees\":[{\"name\":\"A\",\"n\":[0,1e9,-0,0.5E-2]}],"
	         "\"start\":\"2025-10-01T09:00:00.000+02:00\",\"bookingUid\":null,\"x\":{\"start\":5}}]},"
	         "\"trailer\":[[],{},\"\",0]}",
		&s);
	assert_int_equal(s.nslots, 1);
	assert_int_equal(s.starts[0].epoch_ms, OCT1 + 7 * H);
	calcom_slots_free(&s);

	/* Unknown members deeper than the tree keeps, up to the depth limit. */
	char body[2048];
	int n = snprintf(body, sizeof body, "{\"status\":\"success\",\"data\":{\"2025-10-01\":[{\"start\":"
	                                    "\"2025-10-01T09:00:00Z\",\"deep\":");
	for (int i = 0; i < CALCOM_SLOTS_MAX_DEPTH - 4; i++) body[n++] = '[';
	body[n++] = '"';
	body[n++] = '"';
	for (int i = 0; i < CALCOM_SLOTS_MAX_DEPTH - 4; i++) body[n++] = ']';
	n += snprintf(body + n, sizeof body - (size_t)n, "}]}}");
	parse_ok_n(body, (size_t)n, &s);
	assert_int_equal(s.nslots, 1);
	calcom_slots_free(&s);
}

static void test_escapes(void **state)
{
	(void)state;
	calcom_slots s;
	/* Keys and timestamps are unescaped before they are interpreted. */
	parse_ok("{\"\\u0073tatus\":\"succ\\u0065ss\",\"\\u0064ata\":{\"2025\\u002d10-0\\u0031\":[{\"st\\u0061rt\":"
	         "\"2025-10-01\\u005409:00:00.000\\u002b02:00\",\"note\":\"M\\u00fcller \\ud83d\\ude00 \\/ \\\\ \\\" "
	         "\\b\\f\\n\\r\\t \xc3\xbc \xe2\x82\xac \xf0\x9f\x98\x80\"}]}}",
		&s);
	assert_int_equal(s.ndays, 1);
	assert_string_equal(s.days[0].date, "2025-10-01");
	assert_int_equal(s.starts[0].epoch_ms, OCT1 + 7 * H);
	assert_int_equal(s.starts[0].offset_min, 120);
	calcom_slots_free(&s);

	/* Upper-case hex, a NUL escape in an unknown string, a DEL byte. */
	parse_ok("{\"status\":\"success\",\"x\":\"\\u00E9\\u0000\x7f\\uD83D\\uDE00\",\"data\":{}}", &s);
	calcom_slots_free(&s);

	/* "start " or "Start" are other keys. */
	expect_fail("{\"status\":\"success\",\"data\":{\"2025-10-01\":[{\"Start\":\"2025-10-01T09:00:00Z\"}]}}",
		"has no \"start\"");
	expect_fail("{\"status\":\"success\",\"data\":{\"2025-10-01\":[{\"start \":\"2025-10-01T09:00:00Z\"}]}}",
		"has no \"start\"");
	/* A NUL after a key is part of the key. */
	expect_fail("{\"status\\u0000\":\"success\",\"data\":{}}", "status is not success");
}

static void test_duplicate_keys(void **state)
{
	(void)state;
	calcom_slots s;
	calcom_err err;
	/* Last status wins, either way round. */
	parse_ok("{\"status\":\"error\",\"data\":{},\"status\":\"success\"}", &s);
	calcom_slots_free(&s);
	expect_fail("{\"status\":\"success\",\"data\":{},\"status\":\"error\"}", "status is not success");

	/* A repeated day keeps its first position and takes the later value
	 * (json_decode's arrays do the same). */
	parse_ok("{\"status\":\"success\",\"data\":{"
	         "\"2025-10-01\":[{\"start\":\"2025-10-01T09:00:00Z\"},{\"start\":\"2025-10-01T10:00:00Z\"}],"
	         "\"2025-10-02\":[{\"start\":\"2025-10-02T09:00:00Z\"}],"
	         "\"2025-10-01\":[{\"start\":\"2025-10-01T15:00:00Z\"}]}}",
		&s);
	assert_int_equal(s.ndays, 2);
	assert_string_equal(s.days[0].date, "2025-10-01");
	assert_int_equal(s.days[0].count, 1);
	assert_int_equal(s.starts[0].epoch_ms, ms_of("2025-10-01T15:00:00Z"));
	assert_string_equal(s.days[1].date, "2025-10-02");
	assert_int_equal(s.days[1].first, 1);
	assert_int_equal(s.starts[1].epoch_ms, ms_of("2025-10-02T09:00:00Z"));
	calcom_slots_free(&s);

	/* Only the last value is read: an invalid earlier one does not matter. */
	parse_ok("{\"status\":\"success\",\"data\":{\"2025-10-01\":\"junk\",\"2025-10-01\":[]}}", &s);
	assert_int_equal(s.ndays, 1);
	calcom_slots_free(&s);
	expect_fail("{\"status\":\"success\",\"data\":{\"2025-10-01\":[],\"2025-10-01\":\"junk\"}}", "not an array");

	/* The same day spelled with an escape is the same key. */
	parse_ok("{\"status\":\"success\",\"data\":{\"2025-10-01\":[],\"2025-10-02\":[],\"2025-10-0\\u0031\":"
	         "[{\"start\":\"2025-10-01T09:00:00Z\"}]}}",
		&s);
	assert_int_equal(s.ndays, 2);
	assert_string_equal(s.days[0].date, "2025-10-01");
	assert_int_equal(s.days[0].count, 1);
	calcom_slots_free(&s);

	/* Repeated data, slots, start, end: the last one. */
	parse_ok("{\"status\":\"success\",\"data\":{\"2025-10-09\":[]},\"data\":{\"2025-10-01\":[{\"start\":"
	         "\"2025-10-01T09:00:00Z\",\"start\":\"2025-10-01T11:00:00Z\",\"end\":5,\"end\":\"2025-10-01T11:30:00Z\"}]}}",
		&s);
	assert_int_equal(s.ndays, 1);
	assert_string_equal(s.days[0].date, "2025-10-01");
	assert_int_equal(s.starts[0].epoch_ms, ms_of("2025-10-01T11:00:00Z"));
	assert_int_equal(s.ends[0].epoch_ms, ms_of("2025-10-01T11:30:00Z"));
	calcom_slots_free(&s);

	parse_ok("{\"status\":\"success\",\"data\":{\"slots\":{\"2025-10-05\":[]},\"slots\":{\"2025-10-06\":[]}}}", &s);
	assert_int_equal(s.shape, CALCOM_SLOTS_LEGACY);
	assert_int_equal(s.ndays, 1);
	assert_string_equal(s.days[0].date, "2025-10-06");
	calcom_slots_free(&s);

	/* The last "slots" is not an object: the v2 shape, and "slots" is no date. */
	expect_fail("{\"status\":\"success\",\"data\":{\"slots\":{},\"slots\":5}}", "day key \"slots\"");

	/* Many repeats of few days: sorted out in n log n, first positions kept. */
	char *body = malloc(200000);
	assert_non_null(body);
	size_t n = (size_t)sprintf(body, "{\"status\":\"success\",\"data\":{");
	for (int i = 0; i < 3000; i++) {
		n += (size_t)sprintf(body + n, "%s\"2025-10-%02d\":[{\"start\":\"2025-10-%02dT%02d:%02d:00Z\"}]", i ? "," : "",
			28 - i % 28, 28 - i % 28, i / 60 % 24, i % 60);
	}
	n += (size_t)sprintf(body + n, "}}");
	assert_true(parse_n(body, n, &s, &err));
	assert_int_equal(s.ndays, 28);
	for (size_t d = 0; d < 28; d++) {
		char want[11];
		snprintf(want, sizeof want, "2025-10-%02u", (unsigned)(28 - d));
		assert_string_equal(s.days[d].date, want);
		assert_int_equal(s.days[d].count, 1);
		assert_int_equal(s.days[d].first, d);
	}
	/* Day 28 was last written by i = 2996 (2996 % 28 == 0). */
	char want[32];
	snprintf(want, sizeof want, "2025-10-28T%02d:%02d:00Z", 2996 / 60 % 24, 2996 % 60);
	assert_int_equal(s.starts[0].epoch_ms, ms_of(want));
	calcom_slots_free(&s);
	free(body);
}

static void test_many_slots(void **state)
{
	(void)state;
	/* 14 days x 48 half-hour slots, in the range format. */
	size_t cap = 300000, n = 0;
	char *body = malloc(cap);
	assert_non_null(body);
	n += (size_t)snprintf(body + n, cap - n, "{\"status\":\"success\",\"data\":{");
	for (int d = 1; d <= 14; d++) {
		n += (size_t)snprintf(body + n, cap - n, "%s\"2025-10-%02d\":[", d > 1 ? "," : "", d);
		for (int k = 0; k < 48; k++) {
			n += (size_t)snprintf(body + n, cap - n,
				"%s{\"start\":\"2025-10-%02dT%02d:%02d:00.000+02:00\",\"end\":\"2025-10-%02dT%02d:%02d:00.000+02:00\"}",
				k ? "," : "", d, k / 2, k % 2 * 30, d, k / 2, k % 2 * 30 + 29);
		}
		n += (size_t)snprintf(body + n, cap - n, "]");
	}
	n += (size_t)snprintf(body + n, cap - n, "}}");
	assert_true(n < cap);
	calcom_slots s;
	parse_ok_n(body, n, &s);
	assert_int_equal(s.ndays, 14);
	assert_int_equal(s.nslots, 14 * 48);
	for (size_t i = 0; i < s.nslots; i++) {
		int64_t want = OCT1 + (int64_t)(i / 48) * 24 * H - 2 * H + (int64_t)(i % 48) * 30 * 60000;
		assert_int_equal(s.starts[i].epoch_ms, want);
		assert_int_equal(s.ends[i].epoch_ms - s.starts[i].epoch_ms, 29 * 60000);
	}
	calcom_slots_free(&s);
	free(body);
}

static void test_date_edges(void **state)
{
	(void)state;
	calcom_slots s;
	parse_ok("{\"status\":\"success\",\"data\":{\"1970-01-01\":[{\"start\":\"1970-01-01T00:00:00Z\"}],"
	         "\"2024-02-29\":[{\"start\":\"2024-02-29T23:59:59.999-00:00\"}],"
	         "\"9999-12-31\":[{\"start\":\"9999-12-31T23:59:59.999Z\"}],"
	         "\"1969-12-31\":[{\"start\":\"1970-01-01T00:59:59+01:00\"}]}}",
		&s);
	assert_int_equal(s.ndays, 4);
	assert_int_equal(s.starts[0].epoch_ms, 0);
	assert_int_equal(s.starts[1].epoch_ms, ms_of("2024-03-01T00:00:00Z") - 1);
	assert_int_equal(s.starts[2].epoch_ms, 253402300799999LL);
	assert_int_equal(s.starts[3].epoch_ms, -1000);
	calcom_slots_free(&s);

	expect_fail("{\"status\":\"success\",\"data\":{\"2025-02-29\":[]}}", "day key \"2025-02-29\"");
	expect_fail("{\"status\":\"success\",\"data\":{\"2100-02-29\":[]}}", "is not a YYYY-MM-DD date");
	expect_fail("{\"status\":\"success\",\"data\":{\"2025-13-01\":[]}}", "is not a YYYY-MM-DD date");
	expect_fail("{\"status\":\"success\",\"data\":{\"2025-10-1\":[]}}", "is not a YYYY-MM-DD date");
	expect_fail("{\"status\":\"success\",\"data\":{\"2025-10-01T00:00:00Z\":[]}}", "is not a YYYY-MM-DD date");
	expect_fail("{\"status\":\"success\",\"data\":{\"\":[]}}", "day key \"\"");
	expect_fail("{\"status\":\"success\",\"data\":{\"slots\":null}}", "day key \"slots\"");
	expect_fail("{\"status\":\"success\",\"data\":{\"slots\":{\"2025-10-01\":[{\"start\":\"2025-10-01T09:00:00Z\"}]}}}",
		"has no \"time\"");
	expect_fail("{\"status\":\"success\",\"data\":{\"slots\":{\"x\":[]}}}", "day key \"x\"");
}

/* ---- rejections with messages ------------------------------------------- */

static void test_syntax_messages(void **state)
{
	(void)state;
	expect_message("", "empty body");
	expect_message(" \n\t\r ", "empty body");
	expect_message("{", "unexpected end of body at byte 1 (expected a string key)");
	expect_message("{\"status\":\"success\"", "unexpected end of body at byte 19 (expected ',' or '}')");
	expect_message("{\"status\":", "unexpected end of body at byte 10 (expected a value)");
	expect_message("{\"status\":\"succ", "unexpected end of body at byte 15 (inside a string)");
	expect_message("{\"status\" \"success\"}", "expected ':' after the key at byte 10, found a string");
	expect_message("{\"a\":1,}", "expected a string key at byte 7, found '}'");
	expect_message("{\"a\":[1,]}", "expected a value at byte 8, found ']'");
	expect_message("{\"a\":1 \"b\":2}", "expected ',' or '}' at byte 7, found a string");
	expect_message("{\"a\":[1 2]}", "expected ',' or ']' at byte 8, found a number");
	expect_message("{a:1}", "unexpected 'a' at byte 1");
	expect_message("{'a':1}", "unexpected ''' at byte 1");
	expect_message("{\"a\":01}", "invalid number at byte 5");
	expect_message("{\"a\":1.}", "invalid number at byte 5");
	expect_message("{\"a\":-}", "invalid number at byte 5");
	expect_message("{\"a\":1e}", "invalid number at byte 5");
	expect_message("{\"a\":1.5.2}", "invalid number at byte 5");
	expect_message("{\"a\":.5}", "unexpected '.' at byte 5");
	expect_message("{\"a\":+1}", "unexpected '+' at byte 5");
	expect_message("{\"a\":NaN}", "unexpected 'N' at byte 5");
	expect_message("{\"a\":tru}", "unexpected 't' at byte 5");
	expect_message("{\"a\":True}", "unexpected 'T' at byte 5");
	expect_message("{\"a\":1", "unexpected end of body at byte 6 (expected ',' or '}')");
	expect_message("{\"a\":tr", "unexpected end of body at byte 7");
	expect_message("{\"a\":-", "unexpected end of body at byte 6 (inside a number)");
	expect_message("{\"a\":1.", "unexpected end of body at byte 7 (inside a number)");
	expect_message("{\"a\":\"\\u00", "unexpected end of body at byte 10 (inside a string)");
	expect_message("{\"a\":\"\\ud83d\\u", "unexpected end of body at byte 14 (inside a string)");
	expect_message("{\"a\":\"\xe2\x82", "unexpected end of body at byte 8 (inside a string)");
	expect_message("{} x", "unexpected 'x' at byte 3");
	expect_message("{}{}", "unexpected '{' after the JSON value at byte 2");
	expect_message("{},", "unexpected ',' after the JSON value at byte 2");
	expect_message("\xef\xbb\xbf{}", "unexpected byte 0xef at byte 0");
	expect_message("{\"a\":1}\x01", "unexpected byte 0x01 at byte 7");
	expect_message("{\"a\":\"x\ny\"}", "unescaped control character 0x0a in a string at byte 7");
	expect_message("{\"a\":\"x\ty\"}", "unescaped control character 0x09 in a string at byte 7");
	expect_message("{\"a\":\"\\x\"}", "invalid escape in a string at byte 6");
	expect_message("{\"a\":\"\\u12G4\"}", "invalid escape in a string at byte 6");
	expect_message("{\"a\":\"\\U0041\"}", "invalid escape in a string at byte 6");
	expect_message("{\"a\":\"\\ud800\"}", "unpaired UTF-16 surrogate escape in a string at byte 6");
	expect_message("{\"a\":\"\\udc00\\ud800\"}", "unpaired UTF-16 surrogate escape in a string at byte 6");
	expect_message("{\"a\":\"\\ud800\\u0041\"}", "unpaired UTF-16 surrogate escape in a string at byte 6");
	expect_message("{\"a\":\"\\ud800\\ud800\"}", "unpaired UTF-16 surrogate escape in a string at byte 6");
	expect_message("{\"a\":\"\xff\"}", "invalid UTF-8 in a string at byte 6");
	expect_message("{\"a\":\"\xc0\xaf\"}", "invalid UTF-8 in a string at byte 6");       /* overlong '/' */
	expect_message("{\"a\":\"\xe0\x80\xaf\"}", "invalid UTF-8 in a string at byte 6");   /* overlong */
	expect_message("{\"a\":\"\xed\xa0\x80\"}", "invalid UTF-8 in a string at byte 6");   /* surrogate */
	expect_message("{\"a\":\"\xf4\x90\x80\x80\"}", "invalid UTF-8 in a string at byte 6"); /* > U+10FFFF */
	expect_message("{\"a\":\"ok\x80\"}", "invalid UTF-8 in a string at byte 8");
	expect_message("{\"a\":\"\xc3(\"}", "invalid UTF-8 in a string at byte 6");
	expect_message("{\"\xfe\":1}", "invalid UTF-8 in a string at byte 2");
	expect_fail_n("{\"a\":\"x\0y\"}", 11, "unescaped control character 0x00 in a string at byte 7");
	expect_fail_n("{\"a\":1,\0}", 9, "unexpected byte 0x00 at byte 7");
	expect_fail_n("{}\0", 3, "unexpected byte 0x00 at byte 2");
}

static void test_depth_limit(void **state)
{
	(void)state;
	/* CALCOM_SLOTS_MAX_DEPTH nested containers are fine, one more is not;
	 * far deeper input fails the same way without recursing. */
	size_t deep = 100000;
	char *body = malloc(2 * deep + 64);
	assert_non_null(body);
	for (size_t depth = CALCOM_SLOTS_MAX_DEPTH - 1; depth <= deep; depth = depth < 70 ? depth + 1 : deep) {
		size_t n = (size_t)sprintf(body, "{\"status\":\"success\",\"data\":{},\"x\":");
		for (size_t i = 1; i < depth; i++) body[n++] = '[';
		for (size_t i = 1; i < depth; i++) body[n++] = ']';
		body[n++] = '}';
		/* the root object is level 1, "x"'s arrays levels 2..depth */
		calcom_slots s;
		calcom_err err;
		bool ok = parse_n(body, n, &s, &err);
		if (depth <= CALCOM_SLOTS_MAX_DEPTH) {
			if (!ok) fail_msg("depth %zu rejected: %s", depth, err.msg);
			calcom_slots_free(&s);
		} else {
			assert_false(ok);
			char want[80];
			snprintf(want, sizeof want, "nesting deeper than %d levels at byte %d", CALCOM_SLOTS_MAX_DEPTH,
				34 + CALCOM_SLOTS_MAX_DEPTH - 1);
			assert_string_equal(err.msg, want);
		}
		if (depth == deep) break;
	}
	/* Unclosed: the limit is met before the end. */
	memset(body, '[', deep);
	expect_fail_n(body, deep, "nesting deeper than 64 levels at byte 64");
	memset(body, '{', 10);
	expect_fail_n(body, 10, "expected a string key at byte 1, found '{'");
	free(body);
}

static void test_meaning_messages(void **state)
{
	(void)state;
	expect_message("[]", "body is an array, not a JSON object");
	expect_message("\"success\"", "body is a string, not a JSON object");
	expect_message("null", "body is null, not a JSON object");
	expect_message("1", "body is a number, not a JSON object");
	expect_message("{}", "status is not success");
	expect_message("{\"data\":{}}", "status is not success");
	expect_message("{\"status\":\"error\",\"data\":{}}", "status is not success");
	expect_message("{\"status\":\"Success\",\"data\":{}}", "status is not success");
	expect_message("{\"status\":\"success \",\"data\":{}}", "status is not success");
	expect_message("{\"status\":true,\"data\":{}}", "status is not success");
	expect_message("{\"status\":null,\"data\":{}}", "status is not success");
	expect_message("{\"status\":[\"success\"],\"data\":{}}", "status is not success");
	/* The error body Cal.com sends. */
	expect_message("{\"status\":\"error\",\"timestamp\":\"2025-10-01T09:00:00.000Z\",\"path\":\"/v2/slots\","
	               "\"error\":{\"code\":\"BadRequestException\",\"message\":\"bad\"}}",
		"status is not success");
	/* JSON errors come first: a broken body with a bad status says so. */
	expect_message("{\"status\":\"error\",}", "expected a string key at byte 18, found '}'");

	expect_message("{\"status\":\"success\"}", "the response has no \"data\"");
	expect_message("{\"status\":\"success\",\"data\":null}", "\"data\" at byte 27 is null, not an object");
	expect_message("{\"status\":\"success\",\"data\":\"\"}", "\"data\" at byte 27 is a string, not an object");
	expect_message("{\"status\":\"success\",\"data\":[{}]}", "\"data\" at byte 27 is an array, not an object");
	expect_message("{\"status\":\"success\",\"data\":0}", "\"data\" at byte 27 is a number, not an object");

	expect_message("{\"status\":\"success\",\"data\":{\"2025-13-01\":[]}}",
		"day key \"2025-13-01\" at byte 28 is not a YYYY-MM-DD date");
	expect_message("{\"status\":\"success\",\"data\":{\"2025-10-01\":{}}}",
		"day \"2025-10-01\" at byte 41 is an object, not an array of slots");
	expect_message("{\"status\":\"success\",\"data\":{\"2025-10-01\":null}}",
		"day \"2025-10-01\" at byte 41 is null, not an array of slots");
	expect_message("{\"status\":\"success\",\"data\":{\"2025-10-01\":[\"2025-10-01T09:00:00Z\"]}}",
		"slot at byte 42 is a string, not an object");
	expect_message("{\"status\":\"success\",\"data\":{\"2025-10-01\":[[]]}}", "slot at byte 42 is an array, not an object");
	expect_message("{\"status\":\"success\",\"data\":{\"2025-10-01\":[{}]}}", "slot at byte 42 has no \"start\"");
	expect_message("{\"status\":\"success\",\"data\":{\"2025-10-01\":[{\"time\":\"2025-10-01T09:00:00Z\"}]}}",
		"slot at byte 42 has no \"start\"");
	expect_message("{\"status\":\"success\",\"data\":{\"2025-10-01\":[{\"start\":1759302000}]}}",
		"slot \"start\" at byte 51 is a number, not a timestamp string");
	expect_message("{\"status\":\"success\",\"data\":{\"2025-10-01\":[{\"start\":null}]}}",
		"slot \"start\" at byte 51 is null, not a timestamp string");
	expect_message("{\"status\":\"success\",\"data\":{\"2025-10-01\":[{\"start\":\"2025-10-01 09:00:00Z\"}]}}",
		"slot \"start\" at byte 51 is not an RFC 3339 timestamp: \"2025-10-01 09:00:00Z\"");
	expect_message("{\"status\":\"success\",\"data\":{\"2025-10-01\":[{\"start\":\"2025-10-01T09:00:00Z\",\"end\":\"soon\"}]}}",
		"slot \"end\" at byte 80 is not an RFC 3339 timestamp: \"soon\"");
	expect_message("{\"status\":\"success\",\"data\":{\"2025-10-01\":[{\"start\":\"2025-10-01T09:00:00Z\",\"end\":false}]}}",
		"slot \"end\" at byte 80 is a boolean, not a timestamp string");
	expect_message("{\"status\":\"success\",\"data\":{\"slots\":{\"2025-10-01\":[{\"time\":7}]}}}",
		"slot \"time\" at byte 59 is a number, not a timestamp string");

	/* Quoted text from the body is cut short and made printable. */
	expect_message("{\"status\":\"success\",\"data\":{\"\\u0001\\\"abcdefghijklmnopqrstuvwxyz\":[]}}",
		"day key \"??abcdefghijklmnopqrstuv...\" at byte 28 is not a YYYY-MM-DD date");
	expect_message("{\"status\":\"success\",\"data\":{\"2025-10-01\":[{\"start\":\"2025-10-01T09:00:00.0000000000+02:00\"}]}}",
		"slot \"start\" at byte 51 is not an RFC 3339 timestamp: \"2025-10-01T09:00:00.0000...\"");
	/* Each bad timestamp form reaches the message. */
	const char *bad_ts[] = {"2025-10-01T24:00:00Z", "2025-10-01T09:60:00Z", "2025-10-01T09:00:60Z",
	                        "2025-02-29T09:00:00Z", "2025-10-01T09:00:00+24:00", "2025-10-01T09:00:00",
	                        "2025-10-01", ""};
	for (size_t i = 0; i < sizeof bad_ts / sizeof bad_ts[0]; i++) {
		char body[256];
		snprintf(body, sizeof body, "{\"status\":\"success\",\"data\":{\"2025-10-01\":[{\"start\":\"%s\"}]}}", bad_ts[i]);
		expect_fail(body, "is not an RFC 3339 timestamp");
	}
}

static void test_every_truncation(void **state)
{
	(void)state;
	/* No proper prefix of a response is a response; each says where the
	 * body ended. */
	const char *bodies[] = {
		"{\"status\":\"success\",\"data\":{\"2025-10-01\":[{\"start\":\"2025-10-01T09:00:00.000+02:00\","
		"\"end\":\"2025-10-01T09:30:00.000+02:00\",\"n\":[-1.5e+3,true,false,null,\"\\u00fc\\ud83d\\ude00\"]}]}}",
		"{\"status\":\"success\",\"data\":{\"slots\":{\"2025-10-01\":[{\"time\":\"2025-10-01T09:00:00Z\","
		"\"x\":\"M\xc3\xbcller \xe2\x82\xac \xf0\x9f\x98\x80\"}]}}}",
	};
	for (size_t b = 0; b < 2; b++) {
		size_t len = strlen(bodies[b]);
		calcom_slots s;
		parse_ok_n(bodies[b], len, &s);
		calcom_slots_free(&s);
		for (size_t n = 1; n < len; n++) {
			expect_fail_n(bodies[b], n, "unexpected end of body");
		}
	}
}

static void test_free_safety(void **state)
{
	(void)state;
	calcom_slots s;
	memset(&s, 0, sizeof s);
	calcom_slots_free(&s);
	calcom_slots_free(&s);
	/* A NULL err is allowed: the failure is still reported by value. */
	assert_false(calcom_slots_parse("{", 1, &s, NULL));
	calcom_slots_free(&s);
	assert_true(calcom_slots_parse("{\"status\":\"success\",\"data\":{}}", 30, &s, NULL));
	calcom_slots_free(&s);
	/* A failure after days were allocated leaves nothing behind. */
	calcom_err err;
	assert_false(parse_n("{\"status\":\"success\",\"data\":{\"2025-10-01\":[{\"start\":\"2025-10-01T09:00:00Z\"}],"
	                     "\"2025-10-02\":[{\"start\":\"x\"}]}}",
		strlen("{\"status\":\"success\",\"data\":{\"2025-10-01\":[{\"start\":\"2025-10-01T09:00:00Z\"}],"
		       "\"2025-10-02\":[{\"start\":\"x\"}]}}"),
		&s, &err));
	assert_null(s.days);
	assert_int_equal(s.ndays, 0);
	calcom_slots_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v2_design_example),
		cmocka_unit_test(test_legacy_design_example),
		cmocka_unit_test(test_several_days_document_order),
		cmocka_unit_test(test_zone_forms),
		cmocka_unit_test(test_range_format),
		cmocka_unit_test(test_dst_day),
		cmocka_unit_test(test_empty_data),
		cmocka_unit_test(test_whitespace_and_key_order),
		cmocka_unit_test(test_unknown_members),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_many_slots),
		cmocka_unit_test(test_date_edges),
		cmocka_unit_test(test_syntax_messages),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_meaning_messages),
		cmocka_unit_test(test_every_truncation),
		cmocka_unit_test(test_free_safety),
	};
	return cmocka_run_group_tests_name("slots", tests, NULL, NULL);
}
