/*
 * src/redis/dsn: every accepted form, every rejection, what messages say
 * (and never say: the password), and calcom_dsn_describe.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "redis/dsn.h"

/* ---- helpers ---------------------------------------------------------- */

/* Parses exactly len bytes from a heap copy of that size, so ASan catches any
 * read past the end (the parser must not need a NUL terminator). */
static bool parse_n(const char *s, size_t len, calcom_dsn *out, calcom_err *err)
{
	char *copy = malloc(len ? len : 1);
	assert_non_null(copy);
	memcpy(copy, s, len);
	calcom_err_clear(err);
	bool ok = calcom_dsn_parse(copy, len, out, err);
	free(copy);
	/* Whatever happened, the message is a terminated string. */
	assert_non_null(memchr(err->msg, '\0', sizeof err->msg));
	return ok;
}

static calcom_dsn parse_ok(const char *s)
{
	calcom_dsn d;
	calcom_err err;
	bool ok = parse_n(s, strlen(s), &d, &err);
	if (!ok) {
		fail_msg("\"%s\" was rejected: %s", s, err.msg);
	}
	assert_int_equal(err.code, CALCOM_OK);
	return d;
}

/* Rejects s with CALCOM_E_INVALID and a message containing want. */
static void expect_fail_n(const char *s, size_t len, const char *want)
{
	calcom_dsn d;
	calcom_err err;
	if (parse_n(s, len, &d, &err)) {
		fail_msg("\"%.*s\" was accepted", (int)len, s);
	}
	assert_int_equal(err.code, CALCOM_E_INVALID);
	assert_true(err.msg[0] != '\0');
	if (!strstr(err.msg, want)) {
		fail_msg("\"%.*s\": message \"%s\" does not contain \"%s\"", (int)len, s, err.msg, want);
	}
}

static void expect_fail(const char *s, const char *want)
{
	expect_fail_n(s, strlen(s), want);
}

static char *repeat(char c, size_t n)
{
	char *s = malloc(n + 1);
	assert_non_null(s);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

/* ---- TCP: accepted forms ------------------------------------------------ */

static void test_tcp_host_only(void **state)
{
	(void)state;
	calcom_dsn d = parse_ok("redis://localhost");
	assert_int_equal(d.kind, CALCOM_DSN_TCP);
	assert_string_equal(d.host, "localhost");
	assert_int_equal(d.port, CALCOM_DSN_DEFAULT_PORT);
	assert_int_equal(d.db, -1);
	assert_false(d.has_password);
	assert_string_equal(d.username, "");
	assert_string_equal(d.password, "");
	assert_string_equal(d.path, "");

	d = parse_ok("redis://cache-01.internal_net.example");
	assert_string_equal(d.host, "cache-01.internal_net.example");
}

static void test_tcp_host_port(void **state)
{
	(void)state;
	calcom_dsn d = parse_ok("redis://127.0.0.1:6380");
	assert_string_equal(d.host, "127.0.0.1");
	assert_int_equal(d.port, 6380);
	assert_int_equal(d.db, -1);

	assert_int_equal(parse_ok("redis://h:1").port, 1);
	assert_int_equal(parse_ok("redis://h:65535").port, 65535);
	/* Leading zeros are read as decimal. */
	assert_int_equal(parse_ok("redis://h:00080").port, 80);
}

static void test_tcp_db(void **state)
{
	(void)state;
	calcom_dsn d = parse_ok("redis://host/3");
	assert_string_equal(d.host, "host");
	assert_int_equal(d.port, 6379);
	assert_int_equal(d.db, 3);

	d = parse_ok("redis://host:1234/0");
	assert_int_equal(d.port, 1234);
	assert_int_equal(d.db, 0);

	assert_int_equal(parse_ok("redis://host/1000000").db, 1000000);
	/* A bare trailing slash names no database. */
	assert_int_equal(parse_ok("redis://host/").db, -1);
	assert_int_equal(parse_ok("redis://host:6379/").db, -1);
}

static void test_tcp_password(void **state)
{
	(void)state;
	calcom_dsn d = parse_ok("redis://:secret@host");
	assert_true(d.has_password);
	assert_string_equal(d.username, "");
	assert_string_equal(d.password, "secret");
	assert_string_equal(d.host, "host");
	assert_int_equal(d.port, 6379);
	assert_int_equal(d.db, -1);

	d = parse_ok("redis://:secret@host:6390/4");
	assert_string_equal(d.password, "secret");
	assert_int_equal(d.port, 6390);
	assert_int_equal(d.db, 4);
}

static void test_tcp_user_password(void **state)
{
	(void)state;
	calcom_dsn d = parse_ok("redis://alice:s3cret@host:7000/5");
	assert_true(d.has_password);
	assert_string_equal(d.username, "alice");
	assert_string_equal(d.password, "s3cret");
	assert_string_equal(d.host, "host");
	assert_int_equal(d.port, 7000);
	assert_int_equal(d.db, 5);

	/* The first ':' splits user from password; the last '@' ends them. */
	d = parse_ok("redis://bob:pa:ss@w@ord@10.0.0.1");
	assert_string_equal(d.username, "bob");
	assert_string_equal(d.password, "pa:ss@w@ord");
	assert_string_equal(d.host, "10.0.0.1");
}

static void test_tcp_empty_password(void **state)
{
	(void)state;
	/* Accepted: has_password with an empty password, so AUTH "" is sent. */
	calcom_dsn d = parse_ok("redis://:@host");
	assert_true(d.has_password);
	assert_string_equal(d.password, "");
	assert_string_equal(d.username, "");
}

static void test_tcp_percent_decoding(void **state)
{
	(void)state;
	calcom_dsn d = parse_ok("redis://us%65r:p%40ss%3Aw%2Fo%25rd%20%2b@host");
	assert_string_equal(d.username, "user");
	assert_string_equal(d.password, "p@ss:w/o%rd +");

	/* Upper and lower case hex digits, a non-ASCII byte. */
	d = parse_ok("redis://:%c3%A9%7e@host");
	assert_string_equal(d.password, "\xc3\xa9~");

	/* Host, port and db are not decoded: '%' is not a host character. */
	expect_fail("redis://ho%73t", "invalid character in the host name");
}

static void test_tcp_ipv6(void **state)
{
	(void)state;
	calcom_dsn d = parse_ok("redis://[::1]:6380");
	assert_string_equal(d.host, "::1");
	assert_int_equal(d.port, 6380);
	assert_int_equal(d.db, -1);

	d = parse_ok("redis://[::1]");
	assert_string_equal(d.host, "::1");
	assert_int_equal(d.port, 6379);

	d = parse_ok("redis://:pw@[2001:DB8::a:1]:7000/2");
	assert_string_equal(d.host, "2001:DB8::a:1");
	assert_string_equal(d.password, "pw");
	assert_int_equal(d.port, 7000);
	assert_int_equal(d.db, 2);

	d = parse_ok("redis://[::ffff:192.0.2.1]/1");
	assert_string_equal(d.host, "::ffff:192.0.2.1");
	assert_int_equal(d.db, 1);
}

static void test_scheme_case_insensitive(void **state)
{
	(void)state;
	calcom_dsn d = parse_ok("REDIS://Host:1");
	assert_int_equal(d.kind, CALCOM_DSN_TCP);
	assert_string_equal(d.host, "Host");
	d = parse_ok("Unix:///x.sock");
	assert_int_equal(d.kind, CALCOM_DSN_UNIX);
}

/* Only len bytes count; what follows in memory is ignored. */
static void test_length_bounded(void **state)
{
	(void)state;
	const char *s = "redis://host:6379/7 and then garbage";
	calcom_dsn d;
	calcom_err err;
	assert_true(parse_n(s, strlen("redis://host:6379/7"), &d, &err));
	assert_string_equal(d.host, "host");
	assert_int_equal(d.db, 7);

	assert_true(parse_n(s, strlen("redis://host:63"), &d, &err));
	assert_int_equal(d.port, 63);
	assert_int_equal(d.db, -1);
}

static void test_limits_accepted(void **state)
{
	(void)state;
	char buf[1024];
	char *host = repeat('h', CALCOM_DSN_HOST_MAX);
	snprintf(buf, sizeof buf, "redis://%s:1", host);
	calcom_dsn d = parse_ok(buf);
	assert_string_equal(d.host, host);

	char *pw = repeat('p', CALCOM_DSN_CRED_MAX);
	char *user = repeat('u', CALCOM_DSN_CRED_MAX);
	snprintf(buf, sizeof buf, "redis://%s:%s@h", user, pw);
	d = parse_ok(buf);
	assert_string_equal(d.username, user);
	assert_string_equal(d.password, pw);

	/* 255 bytes after decoding: 255 "%41" escapes. */
	size_t n = 0;
	n += (size_t)snprintf(buf + n, sizeof buf - n, "redis://:");
	for (int i = 0; i < CALCOM_DSN_CRED_MAX; i++) {
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%%41");
	}
	snprintf(buf + n, sizeof buf - n, "@h");
	d = parse_ok(buf);
	assert_int_equal(strlen(d.password), CALCOM_DSN_CRED_MAX);
	assert_int_equal(d.password[0], 'A');

	char *path = repeat('s', CALCOM_DSN_PATH_MAX - 1);
	snprintf(buf, sizeof buf, "unix:///%s", path);
	d = parse_ok(buf);
	assert_int_equal(strlen(d.path), CALCOM_DSN_PATH_MAX);

	free(host);
	free(pw);
	free(user);
	free(path);
}

/* ---- UNIX: accepted forms ----------------------------------------------- */

static void test_unix_path(void **state)
{
	(void)state;
	calcom_dsn d = parse_ok("unix:///run/redis/redis.sock");
	assert_int_equal(d.kind, CALCOM_DSN_UNIX);
	assert_string_equal(d.path, "/run/redis/redis.sock");
	assert_string_equal(d.host, "");
	assert_int_equal(d.port, 0);
	assert_int_equal(d.db, -1);
	assert_false(d.has_password);

	d = parse_ok("unix:///tmp/my%20redis.sock");
	assert_string_equal(d.path, "/tmp/my redis.sock");
	/* An empty query changes nothing, nor does a trailing '&'. */
	assert_int_equal(parse_ok("unix:///x.sock?").db, -1);
	assert_int_equal(parse_ok("unix:///x.sock?db=1&").db, 1);
}

static void test_unix_db(void **state)
{
	(void)state;
	calcom_dsn d = parse_ok("unix:///tmp/redis.sock?db=3");
	assert_string_equal(d.path, "/tmp/redis.sock");
	assert_int_equal(d.db, 3);
	assert_false(d.has_password);
	assert_int_equal(parse_ok("unix:///s?db=0").db, 0);
	/* The last db wins. */
	assert_int_equal(parse_ok("unix:///s?db=1&db=2").db, 2);
}

static void test_unix_password(void **state)
{
	(void)state;
	calcom_dsn d = parse_ok("unix:///tmp/redis.sock?password=secret");
	assert_true(d.has_password);
	assert_string_equal(d.password, "secret");
	assert_string_equal(d.username, "");
	assert_int_equal(d.db, -1);

	d = parse_ok("unix:///tmp/redis.sock?db=2&password=p%26w%3Dx");
	assert_int_equal(d.db, 2);
	assert_string_equal(d.password, "p&w=x");

	d = parse_ok("unix:///tmp/redis.sock?password=x&db=4");
	assert_int_equal(d.db, 4);
	assert_string_equal(d.password, "x");
}

/* ---- rejections ---------------------------------------------------------- */

static void test_reject_missing_host(void **state)
{
	(void)state;
	expect_fail("redis://", "missing host");
	expect_fail("redis://:6379", "missing host");
	expect_fail("redis:///2", "missing host");
	expect_fail("redis://:pw@", "missing host");
	expect_fail("redis://:pw@:6379/1", "missing host");
	expect_fail("redis://[]", "invalid [IPv6] host");
}

static void test_reject_bad_port(void **state)
{
	(void)state;
	expect_fail("redis://host:0", "port must be a number from 1 to 65535, got \"0\"");
	expect_fail("redis://host:65536", "port must be a number from 1 to 65535, got \"65536\"");
	expect_fail("redis://host:abc", "got \"abc\"");
	expect_fail("redis://host:", "got \"\"");
	expect_fail("redis://host:-1", "port must be");
	expect_fail("redis://host:+80", "port must be");
	expect_fail("redis://host:80x", "port must be");
	expect_fail("redis://host: 80", "port must be");
	expect_fail("redis://host:1:2", "port must be");
	expect_fail("redis://host:1234567890", "port must be");
	expect_fail("redis://[::1]:0", "port must be");
	expect_fail("redis://[::1]:", "port must be");
	/* Long input is quoted at most 32 bytes. */
	char buf[256];
	char *digits = repeat('9', 100);
	snprintf(buf, sizeof buf, "redis://h:%s", digits);
	calcom_dsn d;
	calcom_err err;
	assert_false(parse_n(buf, strlen(buf), &d, &err));
	assert_null(strstr(err.msg, digits + 100 - 33));
	assert_non_null(strstr(err.msg, digits + 100 - 32));
	free(digits);
}

static void test_reject_bad_db(void **state)
{
	(void)state;
	expect_fail("redis://host/1000001", "database must be a number from 0 to 1000000, got \"1000001\"");
	expect_fail("redis://host/-1", "got \"-1\"");
	expect_fail("redis://host/abc", "got \"abc\"");
	expect_fail("redis://host/1x", "database must be");
	expect_fail("redis://host/2/3", "database must be");
	expect_fail("redis://host:6379/ 1", "database must be");
	expect_fail("unix:///s?db=-1", "got \"-1\"");
	expect_fail("unix:///s?db=x", "got \"x\"");
	expect_fail("unix:///s?db=", "got \"\"");
	expect_fail("unix:///s?db=99999999999", "database must be");
}

static void test_reject_query_on_tcp(void **state)
{
	(void)state;
	const char *want = "redis:// DSNs take no query or fragment";
	expect_fail("redis://host?db=1", want);
	expect_fail("redis://host:6379/1?timeout=1", want);
	expect_fail("redis://host#frag", want);
	expect_fail("redis://host/?", want);
}

static void test_reject_scheme(void **state)
{
	(void)state;
	const char *want = "DSN must start with redis:// or unix://";
	expect_fail("", want);
	expect_fail("localhost:6379", want);
	expect_fail("http://host", want);
	expect_fail("tcp://127.0.0.1:6379", want);
	expect_fail("redis:/host", want);
	expect_fail("redis:", want);
	expect_fail("unix:/tmp/redis.sock", want);
	expect_fail(" redis://host", want);
	expect_fail("redis+sentinel://host", want);
}

static void test_reject_rediss(void **state)
{
	(void)state;
	expect_fail("rediss://host:6380", "rediss:// (TLS) needs hiredis >= 1.0 built with SSL; this build has no Redis TLS");
	expect_fail("REDISS://host", "no Redis TLS");
}

static void test_reject_ipv6(void **state)
{
	(void)state;
	expect_fail("redis://[::1", "unterminated [IPv6] host");
	expect_fail("redis://[::1:6379/0", "unterminated [IPv6] host");
	/* ']' after the authority does not count. */
	expect_fail("redis://[::1/]", "unterminated [IPv6] host");
	expect_fail("redis://[::1]x", "expected ':port' after the [IPv6] host");
	expect_fail("redis://[::1]6379", "expected ':port'");
	expect_fail("redis://[::g]", "invalid character in the [IPv6] host");
	expect_fail("redis://[fe80::1%25eth0]", "invalid character in the [IPv6] host");
	expect_fail("redis://[ ::1]", "invalid character");
}

static void test_reject_nul(void **state)
{
	(void)state;
	expect_fail_n("redis://ho\0st", 13, "DSN contains a NUL byte");
	expect_fail_n("\0redis://host", 13, "DSN contains a NUL byte");
	expect_fail_n("unix:///s\0", 10, "DSN contains a NUL byte");
	/* Encoded NULs are refused where decoding happens. */
	expect_fail("redis://:pw%00@host", "the password contains a NUL byte");
	expect_fail("redis://u%00:pw@host", "the username contains a NUL byte");
	expect_fail("unix:///tmp/a%00b", "the socket path contains a NUL byte");
	expect_fail("unix:///s?password=%00", "the password contains a NUL byte");
}

static void test_reject_too_long(void **state)
{
	(void)state;
	char buf[1024];
	char *host = repeat('h', CALCOM_DSN_HOST_MAX + 1);
	snprintf(buf, sizeof buf, "redis://%s", host);
	expect_fail(buf, "host is longer than 255 bytes");
	char *v6 = repeat('1', CALCOM_DSN_HOST_MAX + 1);
	snprintf(buf, sizeof buf, "redis://[%s]", v6);
	expect_fail(buf, "invalid [IPv6] host");

	char *pw = repeat('p', CALCOM_DSN_CRED_MAX + 1);
	snprintf(buf, sizeof buf, "redis://:%s@h", pw);
	expect_fail(buf, "the password is longer than 255 bytes");
	snprintf(buf, sizeof buf, "unix:///s?password=%s", pw);
	expect_fail(buf, "the password is longer than 255 bytes");
	snprintf(buf, sizeof buf, "redis://%s:x@h", pw);
	expect_fail(buf, "the username is longer than 255 bytes");

	char *path = repeat('s', CALCOM_DSN_PATH_MAX);
	snprintf(buf, sizeof buf, "unix:///%s", path);
	expect_fail(buf, "the socket path is longer than 107 bytes");
	snprintf(buf, sizeof buf, "unix:///%s?db=1", path);
	expect_fail(buf, "the socket path is longer than 107 bytes");

	free(host);
	free(v6);
	free(pw);
	free(path);
}

static void test_reject_bad_percent(void **state)
{
	(void)state;
	expect_fail("redis://:pw%zz@host", "invalid percent-encoding in the password");
	expect_fail("redis://:pw%4g@host", "invalid percent-encoding in the password");
	expect_fail("redis://:pw%4@host", "invalid percent-encoding in the password");
	expect_fail("redis://:pw%@host", "invalid percent-encoding in the password");
	expect_fail("redis://u%q:pw@host", "invalid percent-encoding in the username");
	expect_fail("unix:///tmp/%zz", "invalid percent-encoding in the socket path");
	/* At the very end of the input: must not read past it. */
	expect_fail("unix:///tmp/s%4", "invalid percent-encoding in the socket path");
	expect_fail("unix:///tmp/s%", "invalid percent-encoding in the socket path");
	expect_fail("unix:///s?password=abc%4", "invalid percent-encoding in the password");
	expect_fail("unix:///s?password=abc%", "invalid percent-encoding in the password");
	expect_fail("unix:///s?password=abc%4&db=1", "invalid percent-encoding in the password");
}

static void test_reject_unix(void **state)
{
	(void)state;
	const char *want = "unix:// DSNs need an absolute socket path";
	expect_fail("unix://", want);
	expect_fail("unix://tmp/redis.sock", want);
	expect_fail("unix://?db=1", want);
	expect_fail("unix:///s?database=1", "unknown query parameter \"database\" (expected db or password)");
	expect_fail("unix:///s?db=1&timeout=2", "unknown query parameter \"timeout\"");
	expect_fail("unix:///s?DB=1", "unknown query parameter \"DB\"");
	expect_fail("unix:///s?db", "query parameter without a value");
	expect_fail("unix:///s?&db=1", "query parameter without a value");
}

static void test_reject_credentials_form(void **state)
{
	(void)state;
	const char *want = "credentials must be written \":password@\" or \"username:password@\"";
	expect_fail("redis://user@host", want);
	expect_fail("redis://@host", want);
}

static void test_reject_host_chars(void **state)
{
	(void)state;
	expect_fail("redis://ho st", "invalid character in the host name");
	expect_fail("redis://h\xc3\xa9te", "invalid character in the host name");
	expect_fail("redis://host\\x", "invalid character in the host name");
}

/* ---- secrets --------------------------------------------------------------- */

/* No rejection message contains the password, nor any 4-byte piece of it,
 * including when the password holds characters that end the userinfo early
 * (an unencoded '/', '?', '#', '&') so the parser sees it as host, port, db or
 * parameter text. */
static void test_messages_never_contain_password(void **state)
{
	(void)state;
	static const struct {
		const char *dsn;
		const char *password;
	} cases[] = {
		{"redis://:Zq7xK9wV3jPq@", "Zq7xK9wV3jPq"},
		{"redis://:Zq7xK9wV3jPq@host:99999", "Zq7xK9wV3jPq"},
		{"redis://:Zq7xK9wV3jPq@host:abc", "Zq7xK9wV3jPq"},
		{"redis://:Zq7xK9wV3jPq@host/abc", "Zq7xK9wV3jPq"},
		{"redis://alice:Zq7xK9wV3jPq@host/1000001", "Zq7xK9wV3jPq"},
		{"redis://alice:Zq7xK9wV3jPq@ho st", "Zq7xK9wV3jPq"},
		{"redis://:Zq7xK9wV3jPq%zz@host", "Zq7xK9wV3jPq"},
		{"redis://:Zq7xK9wV3jPq%4@host", "Zq7xK9wV3jPq"},
		{"redis://:Zq7xK9wV3jPq%00@host", "Zq7xK9wV3jPq"},
		{"redis://:Zq7xK9wV3jPq@host?x=1", "Zq7xK9wV3jPq"},
		{"redis://:Zq7xK9wV3jPq@[::1", "Zq7xK9wV3jPq"},
		{"redis://:Zq7xK9wV3jPq@[::1]x", "Zq7xK9wV3jPq"},
		{"rediss://:Zq7xK9wV3jPq@host", "Zq7xK9wV3jPq"},
		{"http://:Zq7xK9wV3jPq@host", "Zq7xK9wV3jPq"},
		{"unix:///tmp/s?password=Zq7xK9wV3jPq&db=x", "Zq7xK9wV3jPq"},
		{"unix:///tmp/s?password=Zq7xK9wV3jPq&foo=1", "Zq7xK9wV3jPq"},
		{"unix:///tmp/s?password=Zq7xK9wV3jPq%4", "Zq7xK9wV3jPq"},
		{"unix:///tmp/s?db=x&password=Zq7xK9wV3jPq", "Zq7xK9wV3jPq"},
		{"unix://tmp/s?password=Zq7xK9wV3jPq", "Zq7xK9wV3jPq"},
		/* Unencoded reserved characters inside the password. */
		{"redis://alice:Zq7xK9/wV3jPq@host", "Zq7xK9/wV3jPq"},
		{"redis://alice:1234/Zq7xK9wV3jPq@host", "1234/Zq7xK9wV3jPq"},
		{"redis://alice:6379/Zq7xK9wV3jPq@host", "6379/Zq7xK9wV3jPq"},
		{"redis://alice:Zq7?xK9wV3jPq@host", "Zq7?xK9wV3jPq"},
		{"redis://alice:Zq7#xK9wV3jPq@host", "Zq7#xK9wV3jPq"},
		{"unix:///tmp/s?password=Zq7xK9&wV3jPq=1", "Zq7xK9&wV3jPq=1"},
		{"unix:///tmp/s?password=Zq7xK9&db=wV3jPq", "Zq7xK9&db=wV3jPq"},
		{"unix:///tmp/s?db=1&PASSWORD=Zq7xK9wV3jPq", "Zq7xK9wV3jPq"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		calcom_dsn d;
		calcom_err err;
		const char *dsn = cases[i].dsn, *pw = cases[i].password;
		if (parse_n(dsn, strlen(dsn), &d, &err)) {
			fail_msg("\"%s\" was accepted", dsn);
		}
		assert_int_equal(err.code, CALCOM_E_INVALID);
		size_t n = strlen(pw);
		for (size_t k = 0; k + 4 <= n; k++) {
			char piece[5];
			memcpy(piece, pw + k, 4);
			piece[4] = '\0';
			if (strstr(err.msg, piece)) {
				fail_msg("\"%s\": message \"%s\" contains \"%s\" from the password", dsn, err.msg, piece);
			}
		}
	}

	/* An over-long password is not echoed either. */
	char buf[1024];
	char *pw = repeat('Q', 600);
	snprintf(buf, sizeof buf, "redis://:%s@host", pw);
	calcom_dsn d;
	calcom_err err;
	assert_false(parse_n(buf, strlen(buf), &d, &err));
	assert_null(strstr(err.msg, "QQQQ"));
	free(pw);
}

/* Without credentials in sight, messages do quote the offending text. */
static void test_messages_quote_without_credentials(void **state)
{
	(void)state;
	expect_fail("redis://host:99x", "got \"99x\"");
	expect_fail("redis://host/abc", "got \"abc\"");
	expect_fail("unix:///s?foo=1", "unknown query parameter \"foo\"");
	/* With an '@' or "password" anywhere, they do not. */
	expect_fail("redis://:pw@host:99x", "port must be a number from 1 to 65535");
	calcom_dsn d;
	calcom_err err;
	const char *s = "redis://:pw@host:99x";
	assert_false(parse_n(s, strlen(s), &d, &err));
	assert_null(strstr(err.msg, "99x"));
	s = "unix:///s?password=x&foo=1";
	assert_false(parse_n(s, strlen(s), &d, &err));
	assert_string_equal(err.msg, "unknown query parameter (expected db or password)");
}

/* ---- describe ---------------------------------------------------------------- */

static void expect_describe(const char *dsn, const char *want)
{
	calcom_dsn d = parse_ok(dsn);
	char buf[512];
	memset(buf, 'Z', sizeof buf);
	calcom_dsn_describe(&d, buf, sizeof buf);
	assert_string_equal(buf, want);
}

static void test_describe(void **state)
{
	(void)state;
	expect_describe("redis://localhost", "localhost:6379");
	expect_describe("redis://:secret@10.1.2.3:6380/4", "10.1.2.3:6380");
	expect_describe("redis://alice:secret@h", "h:6379");
	expect_describe("redis://[::1]:6380", "[::1]:6380");
	expect_describe("redis://[::1]", "[::1]:6379");
	expect_describe("unix:///run/redis.sock?db=3&password=secret", "/run/redis.sock");
	expect_describe("unix:///tmp/a%20b.sock", "/tmp/a b.sock");
}

/* describe() never writes more than size bytes and always terminates. */
static void test_describe_truncates(void **state)
{
	(void)state;
	calcom_dsn d = parse_ok("redis://localhost:6379");
	for (size_t size = 1; size <= 20; size++) {
		char *buf = malloc(size); /* exact size: ASan reports any overflow */
		assert_non_null(buf);
		calcom_dsn_describe(&d, buf, size);
		assert_int_equal(strlen(buf), size - 1 < 14 ? size - 1 : 14);
		assert_memory_equal(buf, "localhost:6379", strlen(buf));
		free(buf);
	}
	/* size 0 writes nothing. */
	char guard = 'G';
	calcom_dsn_describe(&d, &guard, 0);
	assert_int_equal(guard, 'G');

	/* The longest names fit a buffer of HOST_MAX + 9 bytes. */
	char dsn[512];
	char *host = repeat('a', CALCOM_DSN_HOST_MAX);
	snprintf(dsn, sizeof dsn, "redis://%s:65535", host);
	d = parse_ok(dsn);
	char buf[CALCOM_DSN_HOST_MAX + 9];
	calcom_dsn_describe(&d, buf, sizeof buf);
	assert_int_equal(strlen(buf), CALCOM_DSN_HOST_MAX + 6);
	free(host);
	char v6[CALCOM_DSN_HOST_MAX + 1];
	for (int i = 0; i < CALCOM_DSN_HOST_MAX; i++) {
		v6[i] = i % 5 == 4 ? ':' : 'f';
	}
	v6[CALCOM_DSN_HOST_MAX] = '\0';
	snprintf(dsn, sizeof dsn, "redis://[%s]:65535", v6);
	d = parse_ok(dsn);
	calcom_dsn_describe(&d, buf, sizeof buf);
	assert_int_equal(strlen(buf), CALCOM_DSN_HOST_MAX + 8);
}

/* A failed parse leaves `out` in a defined state: kind and fields zeroed
 * except what was parsed before the error, db -1 when never reached. */
static void test_failure_resets_out(void **state)
{
	(void)state;
	calcom_dsn d;
	calcom_err err;
	memset(&d, 0x5a, sizeof d);
	assert_false(parse_n("http://x", 8, &d, &err));
	assert_int_equal(d.db, -1);
	assert_false(d.has_password);
	assert_string_equal(d.host, "");
	assert_string_equal(d.password, "");
	assert_string_equal(d.path, "");
}

/* err may be NULL: the parser still answers. */
static void test_null_err(void **state)
{
	(void)state;
	calcom_dsn d;
	assert_false(calcom_dsn_parse("nope", 4, &d, NULL));
	assert_true(calcom_dsn_parse("redis://h", 9, &d, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcp_host_only),
		cmocka_unit_test(test_tcp_host_port),
		cmocka_unit_test(test_tcp_db),
		cmocka_unit_test(test_tcp_password),
		cmocka_unit_test(test_tcp_user_password),
		cmocka_unit_test(test_tcp_empty_password),
		cmocka_unit_test(test_tcp_percent_decoding),
		cmocka_unit_test(test_tcp_ipv6),
		cmocka_unit_test(test_scheme_case_insensitive),
		cmocka_unit_test(test_length_bounded),
		cmocka_unit_test(test_limits_accepted),
		cmocka_unit_test(test_unix_path),
		cmocka_unit_test(test_unix_db),
		cmocka_unit_test(test_unix_password),
		cmocka_unit_test(test_reject_missing_host),
		cmocka_unit_test(test_reject_bad_port),
		cmocka_unit_test(test_reject_bad_db),
		cmocka_unit_test(test_reject_query_on_tcp),
		cmocka_unit_test(test_reject_scheme),
		cmocka_unit_test(test_reject_rediss),
		cmocka_unit_test(test_reject_ipv6),
		cmocka_unit_test(test_reject_nul),
		cmocka_unit_test(test_reject_too_long),
		cmocka_unit_test(test_reject_bad_percent),
		cmocka_unit_test(test_reject_unix),
		cmocka_unit_test(test_reject_credentials_form),
		cmocka_unit_test(test_reject_host_chars),
		cmocka_unit_test(test_messages_never_contain_password),
		cmocka_unit_test(test_messages_quote_without_credentials),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_describe_truncates),
		cmocka_unit_test(test_failure_resets_out),
		cmocka_unit_test(test_null_err),
	};
	return cmocka_run_group_tests_name("dsn", tests, NULL, NULL);
}
