#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dsn.h"

static bool starts_with_ci(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);
	return len >= n && strncasecmp(s, prefix, n) == 0;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* Percent-decodes [s, s+len) into out (size bytes with the NUL). */
static bool decode(const char *s, size_t len, char *out, size_t size, const char *what, calcom_err *err)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '%') {
			int hi = i + 2 < len ? hex_value(s[i + 1]) : -1;
			int lo = i + 2 < len ? hex_value(s[i + 2]) : -1;
			if (hi < 0 || lo < 0) {
				return calcom_err_set(err, CALCOM_E_INVALID, "invalid percent-encoding in the %s", what);
			}
			c = (char)(hi * 16 + lo);
			i += 2;
		}
		if (c == '\0') {
			return calcom_err_set(err, CALCOM_E_INVALID, "the %s contains a NUL byte", what);
		}
		if (n + 1 >= size) {
			return calcom_err_set(err, CALCOM_E_INVALID, "the %s is longer than %zu bytes", what, size - 1);
		}
		out[n++] = c;
	}
	out[n] = '\0';
	return true;
}

/* A decimal number in [min, max], all of [s, s+len). */
static bool parse_number(const char *s, size_t len, long min, long max, long *out)
{
	if (len == 0 || len > 9) {
		return false;
	}
	long v = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9') {
			return false;
		}
		v = v * 10 + (s[i] - '0');
	}
	if (v < min || v > max) {
		return false;
	}
	*out = v;
	return true;
}

/* True when the DSN may carry a secret somewhere: then no message quotes any
 * of its text. A password with an unencoded '/', '?' or '&' (common in
 * generated passwords) would otherwise end up in the port, database or query
 * parameter that a message quotes, e.g. redis://user:12/34@host -> "34@host". */
static bool may_hold_secret(const char *s, size_t len)
{
	if (memchr(s, '@', len)) {
		return true;
	}
	for (size_t i = 0; i + 8 <= len; i++) {
		if (strncasecmp(s + i, "password", 8) == 0) {
			return true;
		}
	}
	return false;
}

static bool parse_db(const char *s, size_t len, calcom_dsn *out, bool quiet, calcom_err *err)
{
	long db;
	if (!parse_number(s, len, 0, 1000000, &db)) {
		if (quiet) {
			return calcom_err_set(err, CALCOM_E_INVALID, "database must be a number from 0 to 1000000");
		}
		return calcom_err_set(err, CALCOM_E_INVALID, "database must be a number from 0 to 1000000, got \"%.*s\"",
			(int)(len > 32 ? 32 : len), s);
	}
	out->db = (int)db;
	return true;
}

static bool host_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '-' || c == '_';
}

/* userinfo is ":password" (classic AUTH) or "username:password" (Redis 6
 * ACL). A bare "word@" is refused: it is ambiguous, and quoting it back in
 * a message could print a password. */
static bool parse_userinfo(const char *s, size_t len, calcom_dsn *out, calcom_err *err)
{
	const char *colon = memchr(s, ':', len);
	if (!colon) {
		return calcom_err_set(err, CALCOM_E_INVALID,
			"credentials must be written \":password@\" or \"username:password@\"");
	}
	size_t ulen = (size_t)(colon - s);
	if (!decode(s, ulen, out->username, sizeof out->username, "username", err) ||
	    !decode(colon + 1, len - ulen - 1, out->password, sizeof out->password, "password", err)) {
		return false;
	}
	out->has_password = true;
	return true;
}

static bool parse_tcp(const char *s, size_t len, calcom_dsn *out, bool quiet, calcom_err *err)
{
	const char *end = s + len;

	if (memchr(s, '?', len) || memchr(s, '#', len)) {
		return calcom_err_set(err, CALCOM_E_INVALID,
			"redis:// DSNs take no query or fragment; put the database in the path (redis://host:6379/2)");
	}

	/* The authority ends at the first '/'; credentials end at its last '@'. */
	const char *slash = memchr(s, '/', len);
	const char *auth_end = slash ? slash : end;
	const char *at = NULL;
	for (const char *p = s; p < auth_end; p++) {
		if (*p == '@') at = p;
	}
	const char *host = s;
	if (at) {
		if (!parse_userinfo(s, (size_t)(at - s), out, err)) return false;
		host = at + 1;
	}

	const char *port = NULL;
	if (host < auth_end && *host == '[') {
		const char *close = memchr(host, ']', (size_t)(auth_end - host));
		if (!close) {
			return calcom_err_set(err, CALCOM_E_INVALID, "unterminated [IPv6] host");
		}
		size_t hlen = (size_t)(close - host - 1);
		if (hlen == 0 || hlen > CALCOM_DSN_HOST_MAX) {
			return calcom_err_set(err, CALCOM_E_INVALID, "invalid [IPv6] host");
		}
		for (size_t i = 0; i < hlen; i++) {
			char c = host[1 + i];
			if (!(hex_value(c) >= 0 || c == ':' || c == '.')) {
				return calcom_err_set(err, CALCOM_E_INVALID, "invalid character in the [IPv6] host");
			}
		}
		memcpy(out->host, host + 1, hlen);
		out->host[hlen] = '\0';
		if (close + 1 < auth_end) {
			if (close[1] != ':') {
				return calcom_err_set(err, CALCOM_E_INVALID, "expected ':port' after the [IPv6] host");
			}
			port = close + 2;
		}
	} else {
		const char *colon = memchr(host, ':', (size_t)(auth_end - host));
		const char *hend = colon ? colon : auth_end;
		size_t hlen = (size_t)(hend - host);
		if (hlen == 0) {
			return calcom_err_set(err, CALCOM_E_INVALID, "missing host");
		}
		if (hlen > CALCOM_DSN_HOST_MAX) {
			return calcom_err_set(err, CALCOM_E_INVALID, "host is longer than %d bytes", CALCOM_DSN_HOST_MAX);
		}
		for (size_t i = 0; i < hlen; i++) {
			if (!host_char_ok(host[i])) {
				return calcom_err_set(err, CALCOM_E_INVALID, "invalid character in the host name");
			}
		}
		memcpy(out->host, host, hlen);
		out->host[hlen] = '\0';
		if (colon) port = colon + 1;
	}

	out->port = CALCOM_DSN_DEFAULT_PORT;
	if (port) {
		long p;
		if (!parse_number(port, (size_t)(auth_end - port), 1, 65535, &p)) {
			if (quiet) {
				return calcom_err_set(err, CALCOM_E_INVALID, "port must be a number from 1 to 65535");
			}
			return calcom_err_set(err, CALCOM_E_INVALID, "port must be a number from 1 to 65535, got \"%.*s\"",
				(int)((auth_end - port) > 32 ? 32 : (auth_end - port)), port);
		}
		out->port = (int)p;
	}

	if (slash && slash + 1 < end) {
		return parse_db(slash + 1, (size_t)(end - slash - 1), out, quiet, err);
	}
	return true;
}

static bool parse_unix(const char *s, size_t len, calcom_dsn *out, bool quiet, calcom_err *err)
{
	const char *q = memchr(s, '?', len);
	size_t plen = q ? (size_t)(q - s) : len;

	if (plen == 0 || s[0] != '/') {
		return calcom_err_set(err, CALCOM_E_INVALID, "unix:// DSNs need an absolute socket path (unix:///run/redis.sock)");
	}
	if (!decode(s, plen, out->path, sizeof out->path, "socket path", err)) {
		return false;
	}
	if (!q) {
		return true;
	}

	const char *p = q + 1, *end = s + len;
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *pend = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(pend - p));
		if (!eq) {
			return calcom_err_set(err, CALCOM_E_INVALID, "query parameter without a value");
		}
		size_t klen = (size_t)(eq - p);
		if (klen == 2 && memcmp(p, "db", 2) == 0) {
			if (!parse_db(eq + 1, (size_t)(pend - eq - 1), out, quiet, err)) return false;
		} else if (klen == 8 && memcmp(p, "password", 8) == 0) {
			if (!decode(eq + 1, (size_t)(pend - eq - 1), out->password, sizeof out->password, "password", err)) {
				return false;
			}
			out->has_password = true;
		} else if (quiet) {
			return calcom_err_set(err, CALCOM_E_INVALID, "unknown query parameter (expected db or password)");
		} else {
			return calcom_err_set(err, CALCOM_E_INVALID, "unknown query parameter \"%.*s\" (expected db or password)",
				(int)(klen > 32 ? 32 : klen), p);
		}
		p = amp ? amp + 1 : end;
	}
	return true;
}

bool calcom_dsn_parse(const char *s, size_t len, calcom_dsn *out, calcom_err *err)
{
	memset(out, 0, sizeof *out);
	out->db = -1;

	if (memchr(s, '\0', len)) {
		return calcom_err_set(err, CALCOM_E_INVALID, "DSN contains a NUL byte");
	}
	bool quiet = may_hold_secret(s, len);
	if (starts_with_ci(s, len, "redis://")) {
		out->kind = CALCOM_DSN_TCP;
		return parse_tcp(s + 8, len - 8, out, quiet, err);
	}
	if (starts_with_ci(s, len, "unix://")) {
		out->kind = CALCOM_DSN_UNIX;
		return parse_unix(s + 7, len - 7, out, quiet, err);
	}
	if (starts_with_ci(s, len, "rediss://")) {
		return calcom_err_set(err, CALCOM_E_INVALID,
			"rediss:// (TLS) needs hiredis >= 1.0 built with SSL; this build has no Redis TLS");
	}
	return calcom_err_set(err, CALCOM_E_INVALID, "DSN must start with redis:// or unix://");
}

void calcom_dsn_describe(const calcom_dsn *dsn, char *buf, size_t size)
{
	if (dsn->kind == CALCOM_DSN_UNIX) {
		snprintf(buf, size, "%s", dsn->path);
	} else if (strchr(dsn->host, ':')) {
		snprintf(buf, size, "[%s]:%d", dsn->host, dsn->port);
	} else {
		snprintf(buf, size, "%s:%d", dsn->host, dsn->port);
	}
}

/* memset through a volatile pointer: a memset right before free() or the end
 * of a variable's life is a dead store that gcc and clang remove. */
static void *(*const volatile wipe)(void *, int, size_t) = memset;

void calcom_dsn_wipe(calcom_dsn *dsn)
{
	wipe(dsn, 0, sizeof *dsn);
}
