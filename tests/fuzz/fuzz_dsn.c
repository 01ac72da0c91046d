/*
 * libFuzzer target for src/redis/dsn.c: parses arbitrary bytes and, when the
 * parse succeeds, checks what the rest of the engine relies on.
 *
 * fuzz-sources: src/redis/dsn.c src/lib/err.c
 *
 * Invariants:
 *  - failure: CALCOM_E_INVALID with a non-empty, terminated message; when
 *    the input contains '@' or "password" (it may carry a secret), the
 *    message does not contain the marker S3CR3T even if the input does;
 *  - success: every field is NUL-terminated inside its array; TCP has a
 *    host, a port in 1..65535 and no path; UNIX has an absolute path, no
 *    host and no port; db is -1 or 0..1000000; no credentials without
 *    has_password; parsing is deterministic; re-encoding the result as a
 *    canonical DSN parses back to the same struct;
 *  - calcom_dsn_describe writes at most `size` bytes for every size (each
 *    buffer is exactly that big, so ASan sees an overflow), always
 *    terminates, and gives host:port, [v6]:port or the path.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "redis/dsn.h"

#define CHECK(cond)                                                                          \
	do {                                                                                 \
		if (!(cond)) {                                                               \
			fprintf(stderr, "fuzz_dsn: invariant failed at line %d: %s\n", __LINE__, #cond); \
			abort();                                                             \
		}                                                                            \
	} while (0)

static bool terminated(const char *field, size_t size)
{
	return memchr(field, '\0', size) != NULL;
}

static bool contains(const uint8_t *data, size_t size, const char *needle, bool nocase)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= size; i++) {
		if (nocase ? strncasecmp((const char *)data + i, needle, n) == 0 : memcmp(data + i, needle, n) == 0) {
			return true;
		}
	}
	return false;
}

static bool same(const calcom_dsn *a, const calcom_dsn *b)
{
	return a->kind == b->kind && a->port == b->port && a->db == b->db && a->has_password == b->has_password &&
	       strcmp(a->host, b->host) == 0 && strcmp(a->path, b->path) == 0 &&
	       strcmp(a->username, b->username) == 0 && strcmp(a->password, b->password) == 0;
}

/* Appends s percent-encoded (all but unreserved characters and `keep`). */
static size_t encode(char *out, size_t at, size_t cap, const char *s, const char *keep)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		             c == '-' || c == '.' || c == '_' || c == '~' || (keep && strchr(keep, c));
		CHECK(at + 4 < cap);
		if (plain) {
			out[at++] = (char)c;
		} else {
			out[at++] = '%';
			out[at++] = hex[c >> 4];
			out[at++] = hex[c & 15];
		}
	}
	out[at] = '\0';
	return at;
}

static size_t append(char *out, size_t at, size_t cap, const char *s)
{
	size_t n = strlen(s);
	CHECK(at + n < cap);
	memcpy(out + at, s, n + 1);
	return at + n;
}

/* The canonical DSN for a parsed one. */
static size_t canonical(const calcom_dsn *d, char *out, size_t cap)
{
	char num[32];
	size_t at = 0;
	out[0] = '\0';
	if (d->kind == CALCOM_DSN_TCP) {
		at = append(out, at, cap, "redis://");
		if (d->has_password) {
			at = encode(out, at, cap, d->username, NULL);
			at = append(out, at, cap, ":");
			at = encode(out, at, cap, d->password, NULL);
			at = append(out, at, cap, "@");
		}
		bool v6 = strchr(d->host, ':') != NULL;
		at = append(out, at, cap, v6 ? "[" : "");
		at = append(out, at, cap, d->host);
		snprintf(num, sizeof num, "%s:%d", v6 ? "]" : "", d->port);
		at = append(out, at, cap, num);
		if (d->db >= 0) {
			snprintf(num, sizeof num, "/%d", d->db);
			at = append(out, at, cap, num);
		}
	} else {
		at = append(out, at, cap, "unix://");
		at = encode(out, at, cap, d->path, "/");
		const char *sep = "?";
		if (d->db >= 0) {
			snprintf(num, sizeof num, "?db=%d", d->db);
			at = append(out, at, cap, num);
			sep = "&";
		}
		if (d->has_password) {
			at = append(out, at, cap, sep);
			at = append(out, at, cap, "password=");
			at = encode(out, at, cap, d->password, NULL);
		}
	}
	return at;
}

static void check_describe(const calcom_dsn *d)
{
	char want[CALCOM_DSN_HOST_MAX + 16];
	if (d->kind == CALCOM_DSN_UNIX) {
		snprintf(want, sizeof want, "%s", d->path);
	} else if (strchr(d->host, ':')) {
		snprintf(want, sizeof want, "[%s]:%d", d->host, d->port);
	} else {
		snprintf(want, sizeof want, "%s:%d", d->host, d->port);
	}
	size_t full = strlen(want);
	CHECK(full <= CALCOM_DSN_HOST_MAX + 8);

	char *zero = malloc(1);
	CHECK(zero);
	*zero = 'Z';
	calcom_dsn_describe(d, zero, 0);
	CHECK(*zero == 'Z');
	free(zero);

	for (size_t size = 1; size <= full + 2; size++) {
		char *buf = malloc(size); /* exactly size bytes */
		CHECK(buf);
		calcom_dsn_describe(d, buf, size);
		CHECK(terminated(buf, size));
		size_t n = strlen(buf);
		CHECK(n == (full < size - 1 ? full : size - 1));
		CHECK(memcmp(buf, want, n) == 0);
		free(buf);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	calcom_dsn d;
	calcom_err err;
	memset(&err, 0x5a, sizeof err);
	memset(&d, 0x5a, sizeof d);

	if (!calcom_dsn_parse((const char *)data, size, &d, &err)) {
		CHECK(err.code == CALCOM_E_INVALID);
		CHECK(terminated(err.msg, sizeof err.msg));
		CHECK(err.msg[0] != '\0');
		if (contains(data, size, "S3CR3T", false) &&
		    (memchr(data, '@', size) || contains(data, size, "password", true))) {
			CHECK(strstr(err.msg, "S3CR3T") == NULL);
		}
		return 0;
	}

	/* Accepted input holds no NUL byte. */
	CHECK(size == 0 || memchr(data, '\0', size) == NULL);

	CHECK(terminated(d.host, sizeof d.host));
	CHECK(terminated(d.path, sizeof d.path));
	CHECK(terminated(d.username, sizeof d.username));
	CHECK(terminated(d.password, sizeof d.password));
	CHECK(d.db == -1 || (d.db >= 0 && d.db <= 1000000));
	if (!d.has_password) {
		CHECK(d.username[0] == '\0');
		CHECK(d.password[0] == '\0');
	}
	if (d.kind == CALCOM_DSN_TCP) {
		CHECK(d.host[0] != '\0');
		CHECK(strlen(d.host) <= CALCOM_DSN_HOST_MAX);
		CHECK(strspn(d.host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_:") == strlen(d.host));
		CHECK(d.port >= 1 && d.port <= 65535);
		CHECK(d.path[0] == '\0');
	} else {
		CHECK(d.kind == CALCOM_DSN_UNIX);
		CHECK(d.path[0] == '/');
		CHECK(d.host[0] == '\0');
		CHECK(d.port == 0);
		CHECK(d.username[0] == '\0');
	}

	/* Deterministic. */
	calcom_dsn again;
	CHECK(calcom_dsn_parse((const char *)data, size, &again, &err));
	CHECK(memcmp(&d, &again, sizeof d) == 0);

	/* Canonical form round-trips. */
	char text[4096];
	size_t n = canonical(&d, text, sizeof text);
	calcom_err err2;
	if (!calcom_dsn_parse(text, n, &again, &err2)) {
		fprintf(stderr, "fuzz_dsn: canonical form \"%s\" rejected: %s\n", text, err2.msg);
		abort();
	}
	/* Field by field: bytes after a field's NUL may differ (a repeated
	 * ?password= leaves the tail of the earlier, longer value behind). */
	CHECK(same(&d, &again));

	check_describe(&d);
	return 0;
}
