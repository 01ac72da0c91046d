/*
 * libFuzzer target for calcom_metrics_field_parse (src/metrics/metrics.c):
 * the counter field names ("r:<endpoint>:<status>:<a|c>", "b:<endpoint>:<i>",
 * "s:<endpoint>", "t:<endpoint>", "e:<type>") read back from a Redis hash,
 * where anything may be stored; and the validators and calcom_metrics_record
 * on the same bytes.
 *
 * fuzz-sources: src/metrics/metrics.c src/redis/redis.c src/redis/dsn.c src/lib/sha1.c src/lib/err.c
 * fuzz-pkgs: hiredis
 *
 * (Only the parser, validators and batch run; the rest of metrics.c needs
 * redis.c and hiredis to link.)
 *
 * Invariants: never reads past len (the input is copied into a buffer of
 * exactly len bytes, so ASan sees it); deterministic; it accepts exactly
 * what a reference grammar written here accepts (the fields record() writes:
 * endpoint [a-z][a-z0-9_]{0,31}, status 100-599 or timeout/network/refused,
 * bucket 0-11 without leading zeros, the six error types); on success the
 * pointers lie inside the input (endpoint right after the "x:" prefix), and
 * re-encoding the parsed field gives back the input byte for byte.
 * The validators agree with reference ones, and calcom_metrics_record accepts
 * a record exactly when its endpoint and status are valid.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics/metrics.h"

#define CHECK(cond)                                                                                        \
	do {                                                                                               \
		if (!(cond)) {                                                                             \
			fprintf(stderr, "fuzz_metrics_field: invariant failed at line %d: %s\n", __LINE__, #cond); \
			abort();                                                                           \
		}                                                                                          \
	} while (0)

/* ---- the reference grammar, written independently of the parser ---------- */

static bool ref_endpoint(const char *s, size_t len)
{
	if (len < 1 || len > 32) return false;
	if (!(s[0] >= 'a' && s[0] <= 'z')) return false;
	for (size_t i = 1; i < len; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
	}
	return true;
}

static bool ref_word(const char *s, size_t len, const char *w)
{
	return len == strlen(w) && memcmp(s, w, len) == 0;
}

static bool ref_status(const char *s, size_t len)
{
	if (len == 3 && s[0] >= '1' && s[0] <= '5' && s[1] >= '0' && s[1] <= '9' && s[2] >= '0' && s[2] <= '9') {
		return true;
	}
	return ref_word(s, len, "timeout") || ref_word(s, len, "network") || ref_word(s, len, "refused");
}

static const char *const error_types[] = {"429", "5xx", "4xx", "timeout", "network", "refused"};

static bool ref_error_type(const char *s, size_t len)
{
	for (size_t i = 0; i < 6; i++) {
		if (ref_word(s, len, error_types[i])) return true;
	}
	return false;
}

typedef struct {
	calcom_mf_kind kind;
	size_t endpoint_len;   /* the endpoint starts at s + 2 */
	size_t status_off, status_len;
	bool from_cache;
	int bucket;
	bool canonical;        /* re-encoding gives the input back */
} reference;

static size_t find_colon(const char *s, size_t from, size_t len)
{
	while (from < len && s[from] != ':') from++;
	return from;
}

static bool ref_parse(const char *s, size_t len, reference *ref)
{
	memset(ref, 0, sizeof *ref);
	ref->canonical = true;
	if (len < 3 || s[1] != ':') return false;
	if (s[0] == 'e') {
		ref->kind = CALCOM_MF_ERRORS;
		ref->status_off = 2;
		ref->status_len = len - 2;
		return ref_error_type(s + 2, len - 2);
	}
	size_t end = find_colon(s, 2, len);
	ref->endpoint_len = end - 2;
	if (!ref_endpoint(s + 2, end - 2)) return false;
	switch (s[0]) {
	case 's':
	case 't':
		ref->kind = s[0] == 's' ? CALCOM_MF_SUM : CALCOM_MF_RETRIES;
		return end == len;
	case 'b': {
		if (end == len) return false;
		size_t d = end + 1, n = len - d;
		if (n < 1 || n > 2) return false;
		for (size_t i = d; i < len; i++) {
			if (s[i] < '0' || s[i] > '9') return false;
		}
		int v = n == 1 ? s[d] - '0' : (s[d] - '0') * 10 + (s[d + 1] - '0');
		if (v > 11) return false;
		if (n == 2 && s[d] == '0') {
			return false;
		}
		ref->kind = CALCOM_MF_BUCKET;
		ref->bucket = v;
		return true;
	}
	case 'r': {
		if (end == len) return false;
		size_t st = end + 1;
		size_t st_end = find_colon(s, st, len);
		if (st_end + 2 != len) return false;   /* ":" then one byte, the end */
		if (s[len - 1] != 'a' && s[len - 1] != 'c') return false;
		if (!ref_status(s + st, st_end - st)) return false;
		ref->kind = CALCOM_MF_REQUESTS;
		ref->status_off = st;
		ref->status_len = st_end - st;
		ref->from_cache = s[len - 1] == 'c';
		return true;
	}
	default:
		return false;
	}
}

/* ---- the target ------------------------------------------------------------ */

static void check_field(const char *copy, size_t size)
{
	calcom_metrics_field f, again;
	bool ok = calcom_metrics_field_parse(copy, size, &f);
	CHECK(calcom_metrics_field_parse(copy, size, &again) == ok);
	reference ref;
	bool want = ref_parse(copy, size, &ref);
	CHECK(ok == want);
	if (!ok) return;

	CHECK(f.kind == ref.kind);
	CHECK(again.kind == f.kind && again.endpoint == f.endpoint && again.endpoint_len == f.endpoint_len &&
	      again.status == f.status && again.status_len == f.status_len && again.from_cache == f.from_cache &&
	      again.bucket == f.bucket);
	if (f.kind != CALCOM_MF_ERRORS) {
		CHECK(f.endpoint == copy + 2);
		CHECK(f.endpoint_len == ref.endpoint_len && f.endpoint_len <= size - 2);
		CHECK(calcom_metrics_endpoint_valid(f.endpoint, f.endpoint_len));
	}
	if (f.kind == CALCOM_MF_REQUESTS || f.kind == CALCOM_MF_ERRORS) {
		CHECK(f.status == copy + ref.status_off && f.status_len == ref.status_len);
		CHECK(f.status >= copy && f.status + f.status_len <= copy + size);
	}
	if (f.kind == CALCOM_MF_REQUESTS) {
		CHECK(f.from_cache == ref.from_cache);
		CHECK(calcom_metrics_status_valid(f.status, f.status_len));
	}
	if (f.kind == CALCOM_MF_BUCKET) CHECK(f.bucket == ref.bucket && f.bucket >= 0 && f.bucket < CALCOM_METRICS_BUCKETS);

	/* Re-encoded the way record() writes it (bytes copied: a tolerated
	 * foreign field may hold NULs). */
	char back[128];
	size_t n = 0;
	back[n++] = copy[0];
	back[n++] = ':';
	if (f.kind != CALCOM_MF_ERRORS) {
		memcpy(back + n, f.endpoint, f.endpoint_len);
		n += f.endpoint_len;
	}
	switch (f.kind) {
	case CALCOM_MF_REQUESTS:
		back[n++] = ':';
		memcpy(back + n, f.status, f.status_len);
		n += f.status_len;
		back[n++] = ':';
		back[n++] = f.from_cache ? 'c' : 'a';
		break;
	case CALCOM_MF_BUCKET:
		n += (size_t)snprintf(back + n, sizeof back - n, ":%d", f.bucket);
		break;
	case CALCOM_MF_SUM:
	case CALCOM_MF_RETRIES:
		break;
	case CALCOM_MF_ERRORS:
		CHECK(f.status_len < 100);
		memcpy(back + n, f.status, f.status_len);
		n += f.status_len;
		break;
	}
	CHECK(n < sizeof back);
	if (ref.canonical) CHECK(n == size && memcmp(back, copy, size) == 0);
	calcom_metrics_field c;
	CHECK(calcom_metrics_field_parse(back, n, &c));
	CHECK(c.kind == f.kind && c.endpoint_len == f.endpoint_len && c.status_len == f.status_len &&
	      c.from_cache == f.from_cache && c.bucket == f.bucket);
}

#define BATCH_RECORDS 512

/* The input as "<endpoint>\n<status>" (or all endpoint): validators and a
 * record into a batch that lives across runs (cleared now and then). */
static void check_record(const char *copy, size_t size)
{
	static calcom_metrics_batch *batch;
	if (!batch) batch = calcom_metrics_batch_new();
	if (!batch) return;
	const char *nl = memchr(copy, '\n', size);
	size_t elen = nl ? (size_t)(nl - copy) : size;
	const char *status = nl ? nl + 1 : "200";
	size_t slen = nl ? size - elen - 1 : 3;

	bool ep_ok = calcom_metrics_endpoint_valid(copy, elen);
	CHECK(ep_ok == ref_endpoint(copy, elen));
	bool st_ok = calcom_metrics_status_valid(status, slen);
	CHECK(st_ok == ref_status(status, slen));
	const char *type = calcom_metrics_error_type(status, slen);
	if (st_ok) {
		/* A valid status: 429, 4xx, 5xx, the words as themselves, else none. */
		bool word = slen == 7;
		if (word) CHECK(type && ref_word(status, slen, type));
		else if (memcmp(status, "429", 3) == 0) CHECK(type && strcmp(type, "429") == 0);
		else if (status[0] == '4') CHECK(type && strcmp(type, "4xx") == 0);
		else if (status[0] == '5') CHECK(type && strcmp(type, "5xx") == 0);
		else CHECK(type == NULL);
	}

	size_t records = calcom_metrics_batch_records(batch), dropped = calcom_metrics_batch_dropped(batch);
	double seconds = size ? (double)(unsigned char)copy[0] / 16.0 : 0.0;
	bool from_cache = size > 1 && (copy[1] & 1);
	int retries = size > 2 ? (unsigned char)copy[2] % 4 : 0;
	calcom_err err;
	calcom_err_clear(&err);
	bool ok = calcom_metrics_record(batch, copy, elen, status, slen, seconds, from_cache, retries, &err);
	if (!ep_ok || !st_ok) {
		CHECK(!ok && err.code == CALCOM_E_INVALID);
		CHECK(calcom_metrics_batch_records(batch) == records && calcom_metrics_batch_dropped(batch) == dropped);
	} else if (ok) {
		CHECK(calcom_metrics_batch_records(batch) == records + 1);
	} else {
		CHECK(err.code == CALCOM_E_NOMEM && calcom_metrics_batch_dropped(batch) == dropped + 1);
	}
	if (calcom_metrics_batch_records(batch) + calcom_metrics_batch_dropped(batch) >= BATCH_RECORDS) {
		calcom_metrics_batch_clear(batch);
		CHECK(calcom_metrics_batch_records(batch) == 0 && calcom_metrics_batch_dropped(batch) == 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size ? size : 1);
	if (!copy) return 0;
	if (size) memcpy(copy, data, size);
	check_field(copy, size);
	check_record(copy, size);
	free(copy);
	return 0;
}
