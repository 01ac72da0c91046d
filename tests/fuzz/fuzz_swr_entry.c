/*
 * libFuzzer target for calcom_swr_entry_parse (src/swr/swr.c): the envelope
 * "swr1 <created> <compute> <fresh> <kind>\n<payload>" a cache entry lives
 * in, read back from Redis (where anything may be stored under a key).
 *
 * fuzz-sources: src/swr/swr.c src/redis/redis.c src/redis/dsn.c src/lib/sha1.c src/lib/err.c
 * fuzz-pkgs: hiredis
 *
 * (Only the parser runs; the rest of swr.c needs redis.c and hiredis to link.)
 *
 * Invariants: never reads past len (the input is copied into a buffer of
 * exactly len bytes, so ASan sees it); it succeeds exactly when a reference
 * grammar written here accepts the input ("swr1 ", three fields of 1-15
 * decimal digits each followed by a space, 'v' or 't', '\n', then anything);
 * on success the payload lies within the input and runs to its end, each
 * field is in [0, 10^15) and equals the digits' value, tombstone is kind 't';
 * re-serialising the header from the parsed fields ("%lld", no leading
 * zeros) and appending the payload gives back exactly the input once the
 * input's fields are stripped of leading zeros (which the parser accepts);
 * the result is the same when parsed twice.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swr/swr.h"

#define CHECK(cond)                                                                                   \
	do {                                                                                          \
		if (!(cond)) {                                                                        \
			fprintf(stderr, "fuzz_swr_entry: invariant failed at line %d: %s\n", __LINE__, #cond); \
			abort();                                                                      \
		}                                                                                     \
	} while (0)

#define LIMIT INT64_C(1000000000000000) /* 10^15 */

typedef struct {
	int64_t field[3];
	size_t canon_len;   /* the header with leading zeros stripped */
	char canon[64];
	size_t header_len;  /* bytes of the input's header, '\n' included */
	char kind;
} reference;

/* The grammar, written independently of the parser. */
static bool well_formed(const char *s, size_t len, reference *ref)
{
	if (len < 5 || memcmp(s, "swr1 ", 5) != 0) return false;
	size_t i = 5;
	memcpy(ref->canon, "swr1 ", 5);
	ref->canon_len = 5;
	for (int f = 0; f < 3; f++) {
		size_t start = i;
		int64_t v = 0;
		while (i < len && s[i] >= '0' && s[i] <= '9' && i - start < 16) {
			v = v * 10 + (s[i] - '0');
			i++;
		}
		size_t digits = i - start;
		if (digits < 1 || digits > 15 || i >= len || s[i] != ' ') return false;
		ref->field[f] = v;
		size_t z = start;
		while (z + 1 < i && s[z] == '0') z++;   /* keep the last digit */
		memcpy(ref->canon + ref->canon_len, s + z, i - z);
		ref->canon_len += i - z;
		ref->canon[ref->canon_len++] = ' ';
		i++;
	}
	if (len - i < 2 || (s[i] != 'v' && s[i] != 't') || s[i + 1] != '\n') return false;
	ref->kind = s[i];
	ref->canon[ref->canon_len++] = s[i];
	ref->canon[ref->canon_len++] = '\n';
	ref->header_len = i + 2;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size ? size : 1);
	if (!copy) return 0;
	if (size) memcpy(copy, data, size);

	calcom_swr_entry e, again;
	memset(&e, 0, sizeof e);
	bool ok = calcom_swr_entry_parse(copy, size, &e);
	reference ref;
	bool grammar = well_formed(copy, size, &ref);
	CHECK(ok == grammar);
	memset(&again, 0, sizeof again);
	CHECK(calcom_swr_entry_parse(copy, size, &again) == ok);

	if (ok) {
		/* Field by field: the struct has padding, which *out = e may fill with anything. */
		CHECK(again.tombstone == e.tombstone && again.created_ms == e.created_ms &&
		      again.compute_ms == e.compute_ms && again.fresh_ms == e.fresh_ms && again.payload == e.payload &&
		      again.payload_len == e.payload_len);
		/* The payload lies within the input and runs to its end. */
		CHECK(e.payload >= copy && e.payload <= copy + size);
		CHECK(e.payload_len == size - (size_t)(e.payload - copy));
		CHECK((size_t)(e.payload - copy) == ref.header_len);
		/* The fields. */
		CHECK(e.created_ms >= 0 && e.created_ms < LIMIT);
		CHECK(e.compute_ms >= 0 && e.compute_ms < LIMIT);
		CHECK(e.fresh_ms >= 0 && e.fresh_ms < LIMIT);
		CHECK(e.created_ms == ref.field[0] && e.compute_ms == ref.field[1] && e.fresh_ms == ref.field[2]);
		CHECK(e.tombstone == (ref.kind == 't'));
		/* Re-serialised: the input, up to leading zeros in its fields. */
		char head[80];
		int n = snprintf(head, sizeof head, "swr1 %" PRId64 " %" PRId64 " %" PRId64 " %c\n", e.created_ms,
			e.compute_ms, e.fresh_ms, e.tombstone ? 't' : 'v');
		CHECK(n > 0 && (size_t)n < sizeof head);
		size_t total = (size_t)n + e.payload_len;
		char *back = malloc(total ? total : 1);
		if (back) {
			memcpy(back, head, (size_t)n);
			if (e.payload_len) memcpy(back + n, e.payload, e.payload_len);
			CHECK((size_t)n == ref.canon_len && memcmp(head, ref.canon, ref.canon_len) == 0);
			if (ref.canon_len == ref.header_len) {
				/* No leading zeros: byte for byte the input. */
				CHECK(total == size && memcmp(back, copy, size) == 0);
			}
			/* The canonical form parses to the same entry. */
			calcom_swr_entry c;
			CHECK(calcom_swr_entry_parse(back, total, &c));
			CHECK(c.tombstone == e.tombstone && c.created_ms == e.created_ms && c.compute_ms == e.compute_ms &&
			      c.fresh_ms == e.fresh_ms && c.payload_len == e.payload_len && c.payload == back + n);
			CHECK(e.payload_len == 0 || memcmp(c.payload, e.payload, e.payload_len) == 0);
			free(back);
		}
	}
	free(copy);
	return 0;
}
