/*
 * src/redis/redis against real redis-servers, started by tests/unit/run.sh:
 *   CALCOM_TEST_REDIS_PORT           redis-server on 127.0.0.1 (16 databases)
 *   CALCOM_TEST_REDIS_SOCKET         the same server's unix socket
 *   CALCOM_TEST_REDIS_AUTH_PORT      a second one started with --requirepass
 *   CALCOM_TEST_REDIS_AUTH_PASSWORD  its password
 *   CALCOM_TEST_TMPDIR               where this test starts (and restarts) a
 *                                    private redis-server of its own
 * Timeouts are checked with a tiny TCP server thread that accepts and never
 * answers; a connection broken while a command is in flight comes from the
 * real server closing a client whose output exceeds client-output-buffer-limit.
 */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "redis/redis.h"

extern char **environ;

static int redis_port;
static const char *redis_socket;
static int auth_port;
static const char *auth_password;
static const char *tmpdir;

/* ---- helpers ------------------------------------------------------------ */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double wall(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
	}
}

static const char *env_required(const char *name)
{
	const char *v = getenv(name);
	if (!v || !*v) {
		fprintf(stderr, "test_redis: %s is not set; run tests/unit/run.sh, which starts the servers\n", name);
		exit(2);
	}
	return v;
}

/* A port nothing listens on (bound, then released). */
static int free_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	socklen_t alen = sizeof a;
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
	close(fd);
	return ntohs(a.sin_port);
}

static calcom_redis *open_dsn(const char *text, double connect_timeout, double read_timeout)
{
	calcom_dsn dsn;
	calcom_err err;
	calcom_err_clear(&err);
	if (!calcom_dsn_parse(text, strlen(text), &dsn, &err)) {
		fail_msg("bad DSN %s: %s", text, err.msg);
	}
	calcom_redis *r = calcom_redis_new(&dsn, connect_timeout, read_timeout);
	assert_non_null(r);
	return r;
}

/* redis://127.0.0.1:<port><suffix> */
static calcom_redis *open_tcp(int port, const char *userinfo, const char *suffix)
{
	char text[512];
	snprintf(text, sizeof text, "redis://%s127.0.0.1:%d%s", userinfo, port, suffix);
	return open_dsn(text, 2.0, 5.0);
}

static calcom_redis *open_main(const char *suffix)
{
	return open_tcp(redis_port, "", suffix);
}

/* Sends the NULL-terminated argument list; returns the reply or NULL. */
static redisReply *vcmd(calcom_redis *r, bool retry_safe, calcom_err *err, const char *first, va_list ap)
{
	const char *argv[16];
	size_t argvlen[16];
	int argc = 0;
	for (const char *a = first; a; a = va_arg(ap, const char *)) {
		assert_true(argc < 16);
		argv[argc] = a;
		argvlen[argc] = strlen(a);
		argc++;
	}
	calcom_err_clear(err);
	return calcom_redis_command(r, retry_safe, argc, argv, argvlen, err);
}

static redisReply *cmd_err(calcom_redis *r, bool retry_safe, calcom_err *err, const char *first, ...)
{
	va_list ap;
	va_start(ap, first);
	redisReply *reply = vcmd(r, retry_safe, err, first, ap);
	va_end(ap);
	return reply;
}

/* A command that must get a reply (of any type). */
static redisReply *cmd(calcom_redis *r, const char *first, ...)
{
	calcom_err err;
	va_list ap;
	va_start(ap, first);
	redisReply *reply = vcmd(r, true, &err, first, ap);
	va_end(ap);
	if (!reply) {
		fail_msg("%s failed: %s", first, err.msg);
	}
	return reply;
}

static void expect_status(redisReply *reply, const char *want)
{
	assert_non_null(reply);
	if (reply->type != REDIS_REPLY_STATUS && reply->type != REDIS_REPLY_STRING) {
		fail_msg("expected \"%s\", got reply type %d (%s)", want, reply->type,
			reply->type == REDIS_REPLY_ERROR ? reply->str : "");
	}
	assert_string_equal(reply->str, want);
	freeReplyObject(reply);
}

static void expect_nil(redisReply *reply)
{
	assert_non_null(reply);
	assert_int_equal(reply->type, REDIS_REPLY_NIL);
	freeReplyObject(reply);
}

static long long expect_integer(redisReply *reply)
{
	assert_non_null(reply);
	if (reply->type != REDIS_REPLY_INTEGER) {
		fail_msg("expected an integer, got reply type %d (%s)", reply->type,
			reply->type == REDIS_REPLY_ERROR ? reply->str : "");
	}
	long long v = reply->integer;
	freeReplyObject(reply);
	return v;
}

static void expect_contains(const char *s, const char *want)
{
	if (!strstr(s, want)) {
		fail_msg("\"%s\" does not contain \"%s\"", s, want);
	}
}

/* A numeric field from INFO <section>, e.g. ("commandstats", "cmdstat_get:calls="). */
static long long info_field(calcom_redis *admin, const char *section, const char *field)
{
	redisReply *reply = cmd(admin, "INFO", section, NULL);
	assert_int_equal(reply->type, REDIS_REPLY_STRING);
	const char *p = strstr(reply->str, field);
	long long v = p ? strtoll(p + strlen(field), NULL, 10) : 0;
	freeReplyObject(reply);
	return v;
}

/* Waits (up to 3 s) for the liveness check to notice a server-side close. */
static void wait_until_dead(calcom_redis *r)
{
	for (int i = 0; i < 300; i++) {
		if (!calcom_redis_alive(r)) {
			return;
		}
		sleep_ms(10);
	}
	fail_msg("the connection still looks alive 3 s after the server closed it");
}

static const calcom_redis_stats *stats(calcom_redis *r)
{
	return calcom_redis_stats_get(r);
}

static redisReply *eval(calcom_redis *r, const calcom_script *s, const char *key, const char *arg, calcom_err *err)
{
	const char *keys[] = {key};
	const size_t keylens[] = {key ? strlen(key) : 0};
	const char *args[] = {arg};
	const size_t arglens[] = {arg ? strlen(arg) : 0};
	calcom_err_clear(err);
	return calcom_redis_eval(r, s, key ? 1 : 0, keys, keylens, arg ? 1 : 0, args, arglens, err);
}

/* ---- a TCP server that accepts and never answers ------------------------ */

typedef struct {
	int listen_fd;
	int port;
	atomic_int accepted;
	atomic_bool stop;
	int fds[16];
	pthread_t thread;
} silent_server;

static void *silent_main(void *arg)
{
	silent_server *s = arg;
	while (!atomic_load(&s->stop)) {
		struct pollfd p = {.fd = s->listen_fd, .events = POLLIN};
		if (poll(&p, 1, 20) <= 0) {
			continue;
		}
		int fd = accept(s->listen_fd, NULL, NULL);
		if (fd < 0) {
			continue;
		}
		int n = atomic_load(&s->accepted);
		if (n < 16) {
			s->fds[n] = fd; /* kept open, never read, never answered */
		} else {
			close(fd);
		}
		atomic_fetch_add(&s->accepted, 1);
	}
	return NULL;
}

static void silent_start(silent_server *s)
{
	memset(s, 0, sizeof *s);
	s->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(s->listen_fd >= 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	assert_int_equal(bind(s->listen_fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(s->listen_fd, 16), 0);
	socklen_t alen = sizeof a;
	assert_int_equal(getsockname(s->listen_fd, (struct sockaddr *)&a, &alen), 0);
	s->port = ntohs(a.sin_port);
	assert_int_equal(pthread_create(&s->thread, NULL, silent_main, s), 0);
}

/* The number of accepted connections once it has stopped changing. */
static int silent_accepted(silent_server *s)
{
	int last = -1;
	for (int stable = 0; stable < 10;) {
		sleep_ms(20);
		int n = atomic_load(&s->accepted);
		stable = n == last ? stable + 1 : 0;
		last = n;
	}
	return last;
}

static void silent_stop(silent_server *s)
{
	atomic_store(&s->stop, true);
	pthread_join(s->thread, NULL);
	int n = atomic_load(&s->accepted);
	for (int i = 0; i < n && i < 16; i++) {
		close(s->fds[i]);
	}
	close(s->listen_fd);
}

/* ---- a private redis-server this test may stop and restart -------------- */

static pid_t private_pid = -1;

static void private_start(int port)
{
	char port_s[16], pidfile[512], logfile[512];
	snprintf(port_s, sizeof port_s, "%d", port);
	snprintf(pidfile, sizeof pidfile, "%s/private-redis.pid", tmpdir);
	snprintf(logfile, sizeof logfile, "%s/private-redis.log", tmpdir);
	char *const argv[] = {"redis-server", "--port", port_s, "--bind", "127.0.0.1", "--save", "",
		"--appendonly", "no", "--daemonize", "no", "--pidfile", pidfile, "--logfile", logfile,
		"--dir", (char *)tmpdir, NULL};
	assert_int_equal(posix_spawnp(&private_pid, "redis-server", NULL, NULL, argv, environ), 0);

	char text[64];
	snprintf(text, sizeof text, "redis://127.0.0.1:%d", port);
	for (int i = 0; i < 500; i++) {
		calcom_redis *probe = open_dsn(text, 0.5, 0.5);
		calcom_err err;
		bool up = calcom_redis_ensure(probe, &err);
		calcom_redis_free(probe);
		if (up) {
			return;
		}
		sleep_ms(10);
	}
	fail_msg("private redis-server on port %d did not come up", port);
}

static void private_stop(void)
{
	if (private_pid > 0) {
		kill(private_pid, SIGTERM);
		int status;
		while (waitpid(private_pid, &status, 0) < 0 && errno == EINTR) {
		}
		private_pid = -1;
	}
}

/* ---- fixtures ------------------------------------------------------------- */

static int group_setup(void **state)
{
	(void)state;
	redis_port = atoi(env_required("CALCOM_TEST_REDIS_PORT"));
	redis_socket = env_required("CALCOM_TEST_REDIS_SOCKET");
	auth_port = atoi(env_required("CALCOM_TEST_REDIS_AUTH_PORT"));
	auth_password = env_required("CALCOM_TEST_REDIS_AUTH_PASSWORD");
	tmpdir = env_required("CALCOM_TEST_TMPDIR");
	return 0;
}

/* Every test starts on an empty server with default limits and no paused
 * clients, whatever the previous test left behind. */
static int reset_server(void **state)
{
	(void)state;
	calcom_redis *admin = open_main("");
	calcom_err err;
	redisReply *reply;
	reply = cmd_err(admin, true, &err, "CONFIG", "SET", "client-output-buffer-limit", "normal 0 0 0", NULL);
	if (reply) freeReplyObject(reply);
	reply = cmd_err(admin, true, &err, "CLIENT", "UNPAUSE", NULL);
	if (reply) freeReplyObject(reply);
	reply = cmd_err(admin, true, &err, "FLUSHALL", NULL);
	if (reply) freeReplyObject(reply);
	reply = cmd_err(admin, true, &err, "SCRIPT", "FLUSH", NULL);
	if (reply) freeReplyObject(reply);
	calcom_redis_free(admin);
	private_stop();
	return 0;
}

/* ---- tests ------------------------------------------------------------------ */

/* calcom_redis_new does no I/O: nothing listening is fine, and a live server
 * sees no connection until the first command. */
static void test_new_is_lazy(void **state)
{
	(void)state;
	int port = free_port();
	char text[64];
	snprintf(text, sizeof text, "redis://127.0.0.1:%d/3", port);
	calcom_redis *r = open_dsn(text, 1.0, 1.0);
	const calcom_redis_stats *st = stats(r);
	assert_int_equal(st->connects, 0);
	assert_int_equal(st->round_trips, 0);
	assert_int_equal(st->script_loads, 0);
	assert_int_equal(st->client_id, -1);
	assert_false(calcom_redis_alive(r));
	char want[64];
	snprintf(want, sizeof want, "127.0.0.1:%d", port);
	assert_string_equal(calcom_redis_endpoint(r), want);
	calcom_redis_free(r);

	calcom_redis *admin = open_main("");
	long long before = info_field(admin, "stats", "total_connections_received:");
	r = open_main("");
	assert_false(calcom_redis_alive(r));
	calcom_redis_free(r);
	long long after = info_field(admin, "stats", "total_connections_received:");
	assert_int_equal(after, before);
	calcom_redis_free(admin);

	calcom_redis_free(NULL);
}

/* Connect + handshake (CLIENT SETNAME, CLIENT ID) is one round trip, each
 * command one more; ensure() on a live connection costs nothing. */
static void test_stats_round_trips(void **state)
{
	(void)state;
	calcom_redis *r = open_main("");
	calcom_err err;
	calcom_err_clear(&err);
	assert_true(calcom_redis_ensure(r, &err));
	const calcom_redis_stats *st = stats(r);
	assert_int_equal(st->connects, 1);
	assert_int_equal(st->round_trips, 1);
	assert_true(st->client_id > 0);
	assert_true(calcom_redis_alive(r));

	assert_int_equal(expect_integer(cmd(r, "CLIENT", "ID", NULL)), st->client_id);
	assert_int_equal(st->round_trips, 2);
	expect_status(cmd(r, "CLIENT", "GETNAME", NULL), "calcom");
	assert_int_equal(st->round_trips, 3);
	expect_status(cmd(r, "PING", NULL), "PONG");
	assert_int_equal(st->round_trips, 4);

	assert_true(calcom_redis_ensure(r, &err));
	assert_true(calcom_redis_ensure(r, &err));
	assert_int_equal(st->round_trips, 4);
	assert_int_equal(st->connects, 1);
	assert_int_equal(st->script_loads, 0);
	calcom_redis_free(r);
}

/* A first command connects by itself; arguments are binary-safe. */
static void test_command_binary_safe(void **state)
{
	(void)state;
	calcom_redis *r = open_main("");
	static const char value[] = {'a', '\0', 'b', '\xff', '\r', '\n', 'c'};
	const char *argv[] = {"SET", "calcom:unit:bin", value};
	const size_t argvlen[] = {3, 15, sizeof value};
	calcom_err err;
	calcom_err_clear(&err);
	redisReply *reply = calcom_redis_command(r, false, 3, argv, argvlen, &err);
	expect_status(reply, "OK");
	assert_int_equal(stats(r)->connects, 1);
	assert_int_equal(stats(r)->round_trips, 2);

	reply = cmd(r, "GET", "calcom:unit:bin", NULL);
	assert_int_equal(reply->type, REDIS_REPLY_STRING);
	assert_int_equal(reply->len, sizeof value);
	assert_memory_equal(reply->str, value, sizeof value);
	freeReplyObject(reply);
	assert_int_equal(stats(r)->round_trips, 3);
	calcom_redis_free(r);
}

static void test_unix_socket(void **state)
{
	(void)state;
	char text[256];
	snprintf(text, sizeof text, "unix://%s?db=3", redis_socket);
	calcom_redis *r = open_dsn(text, 2.0, 5.0);
	assert_string_equal(calcom_redis_endpoint(r), redis_socket);
	expect_status(cmd(r, "SET", "calcom:unit:unix", "via-socket", NULL), "OK");
	assert_int_equal(stats(r)->connects, 1);
	assert_int_equal(stats(r)->round_trips, 2);
	assert_true(stats(r)->client_id > 0);
	calcom_redis_free(r);

	calcom_redis *tcp3 = open_main("/3");
	expect_status(cmd(tcp3, "GET", "calcom:unit:unix", NULL), "via-socket");
	calcom_redis_free(tcp3);
}

static void test_time_close_to_wall_clock(void **state)
{
	(void)state;
	calcom_redis *r = open_main("");
	calcom_err err;
	double t1 = 0, t2 = 0;
	double before = wall();
	assert_true(calcom_redis_time(r, &t1, &err));
	double after = wall();
	assert_true(t1 > before - 1.0 && t1 < after + 1.0);
	assert_int_equal(stats(r)->round_trips, 2);
	sleep_ms(20);
	assert_true(calcom_redis_time(r, &t2, &err));
	assert_true(t2 >= t1 + 0.01);
	assert_true(t2 < t1 + 1.0);
	assert_int_equal(stats(r)->round_trips, 3);
	assert_int_equal(stats(r)->connects, 1);
	calcom_redis_free(r);
}

/* EVALSHA first; NOSCRIPT sends the body with EVAL once, and the next call
 * finds the script cached. */
static void test_eval_noscript_then_evalsha(void **state)
{
	(void)state;
	static const char body[] = "return {KEYS[1], ARGV[1], 'calcom-unit-eval'}";
	calcom_script s;
	calcom_script_init(&s, body, strlen(body));

	calcom_redis *r = open_main("");
	calcom_err err;
	expect_status(cmd(r, "SCRIPT", "FLUSH", NULL), "OK");
	uint64_t rt = stats(r)->round_trips;

	redisReply *reply = eval(r, &s, "k1", "a1", &err);
	assert_non_null(reply);
	assert_int_equal(reply->type, REDIS_REPLY_ARRAY);
	assert_int_equal(reply->elements, 3);
	assert_string_equal(reply->element[0]->str, "k1");
	assert_string_equal(reply->element[1]->str, "a1");
	assert_string_equal(reply->element[2]->str, "calcom-unit-eval");
	freeReplyObject(reply);
	assert_int_equal(stats(r)->script_loads, 1);
	assert_int_equal(stats(r)->round_trips, rt + 2); /* EVALSHA → NOSCRIPT, EVAL */

	reply = eval(r, &s, "k2", "a2", &err);
	assert_non_null(reply);
	assert_int_equal(reply->type, REDIS_REPLY_ARRAY);
	assert_string_equal(reply->element[0]->str, "k2");
	freeReplyObject(reply);
	assert_int_equal(stats(r)->script_loads, 1);
	assert_int_equal(stats(r)->round_trips, rt + 3); /* EVALSHA only */

	/* No keys, no args. */
	reply = eval(r, &s, NULL, NULL, &err);
	assert_non_null(reply);
	assert_int_equal(reply->type, REDIS_REPLY_ARRAY);
	freeReplyObject(reply);
	assert_int_equal(stats(r)->script_loads, 1);

	/* The server forgets it again: one more load. */
	expect_status(cmd(r, "SCRIPT", "FLUSH", NULL), "OK");
	reply = eval(r, &s, "k3", "a3", &err);
	assert_non_null(reply);
	freeReplyObject(reply);
	assert_int_equal(stats(r)->script_loads, 2);
	assert_int_equal(stats(r)->connects, 1);

	/* Our SHA-1 is the one Redis computes. */
	expect_status(cmd(r, "SCRIPT", "LOAD", body, NULL), s.sha1);
	calcom_redis_free(r);
}

/* Redis error replies come back as REDIS_REPLY_ERROR replies, not as failures,
 * and leave the connection in use. */
static void test_error_reply(void **state)
{
	(void)state;
	calcom_redis *r = open_main("");
	calcom_err err;
	expect_status(cmd(r, "SET", "calcom:unit:str", "x", NULL), "OK");

	redisReply *reply = cmd_err(r, false, &err, "INCR", "calcom:unit:str", NULL);
	assert_non_null(reply);
	assert_int_equal(reply->type, REDIS_REPLY_ERROR);
	expect_contains(reply->str, "not an integer");
	freeReplyObject(reply);
	assert_int_equal(err.code, CALCOM_OK);

	reply = cmd_err(r, true, &err, "NO-SUCH-COMMAND", NULL);
	assert_non_null(reply);
	assert_int_equal(reply->type, REDIS_REPLY_ERROR);
	expect_contains(reply->str, "unknown command");
	freeReplyObject(reply);

	static const char body[] = "return redis.error_reply('calcom unit boom')";
	calcom_script s;
	calcom_script_init(&s, body, strlen(body));
	for (int i = 0; i < 2; i++) {
		reply = eval(r, &s, NULL, NULL, &err);
		assert_non_null(reply);
		assert_int_equal(reply->type, REDIS_REPLY_ERROR);
		expect_contains(reply->str, "calcom unit boom");
		freeReplyObject(reply);
	}
	assert_int_equal(stats(r)->script_loads, 1);

	static const char bad[] = "return redis.call('INCR', KEYS[1])";
	calcom_script_init(&s, bad, strlen(bad));
	reply = eval(r, &s, "calcom:unit:str", NULL, &err);
	assert_non_null(reply);
	assert_int_equal(reply->type, REDIS_REPLY_ERROR);
	expect_contains(reply->str, "not an integer");
	freeReplyObject(reply);

	assert_true(calcom_redis_alive(r));
	expect_status(cmd(r, "PING", NULL), "PONG");
	assert_int_equal(stats(r)->connects, 1);
	calcom_redis_free(r);
}

/* AUTH (and SELECT) ride in the same single handshake round trip. */
static void test_auth_right_password(void **state)
{
	(void)state;
	char userinfo[300];
	snprintf(userinfo, sizeof userinfo, ":%s@", auth_password);
	calcom_redis *r = open_tcp(auth_port, userinfo, "/2");
	calcom_err err;
	calcom_err_clear(&err);
	assert_true(calcom_redis_ensure(r, &err));
	assert_int_equal(stats(r)->connects, 1);
	assert_int_equal(stats(r)->round_trips, 1);
	expect_status(cmd(r, "PING", NULL), "PONG");
	expect_status(cmd(r, "SET", "calcom:unit:auth", "1", NULL), "OK");
	calcom_redis_free(r);

	/* Redis 6 ACL form: the default user. */
	snprintf(userinfo, sizeof userinfo, "default:%s@", auth_password);
	r = open_tcp(auth_port, userinfo, "");
	expect_status(cmd(r, "PING", NULL), "PONG");
	assert_int_equal(expect_integer(cmd(r, "EXISTS", "calcom:unit:auth", NULL)), 0); /* db 0 */
	expect_status(cmd(r, "SELECT", "2", NULL), "OK");
	assert_int_equal(expect_integer(cmd(r, "DEL", "calcom:unit:auth", NULL)), 1);
	calcom_redis_free(r);
}

static void test_auth_wrong_password(void **state)
{
	(void)state;
	static const char *const wrong[] = {":calcom-wrong-Qz81@", "default:calcom-wrong-Qz81@", "nobody:calcom-wrong-Qz81@"};
	for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
		calcom_redis *r = open_tcp(auth_port, wrong[i], "/1");
		calcom_err err;
		calcom_err_clear(&err);
		assert_false(calcom_redis_ensure(r, &err));
		assert_int_equal(err.code, CALCOM_E_AUTH);
		char want[128];
		snprintf(want, sizeof want, "authentication failed on Redis at 127.0.0.1:%d: WRONGPASS", auth_port);
		expect_contains(err.msg, want);
		assert_null(strstr(err.msg, "calcom-wrong"));
		assert_null(strstr(err.msg, "Qz81"));
		assert_int_equal(stats(r)->connects, 0);
		assert_int_equal(stats(r)->round_trips, 1);
		assert_int_equal(stats(r)->client_id, -1);
		assert_false(calcom_redis_alive(r));

		/* A command tries again (one more handshake) and fails the same way. */
		redisReply *reply = cmd_err(r, true, &err, "PING", NULL);
		assert_null(reply);
		assert_int_equal(err.code, CALCOM_E_AUTH);
		assert_int_equal(stats(r)->round_trips, 2);
		calcom_redis_free(r);
	}
}

static void test_auth_missing_password(void **state)
{
	(void)state;
	static const char *const suffixes[] = {"", "/2"};
	for (size_t i = 0; i < 2; i++) {
		calcom_redis *r = open_tcp(auth_port, "", suffixes[i]);
		calcom_err err;
		calcom_err_clear(&err);
		assert_false(calcom_redis_ensure(r, &err));
		assert_int_equal(err.code, CALCOM_E_AUTH);
		char want[128];
		snprintf(want, sizeof want, "Redis at 127.0.0.1:%d requires a password: NOAUTH", auth_port);
		expect_contains(err.msg, want);
		assert_int_equal(stats(r)->connects, 0);
		assert_false(calcom_redis_alive(r));
		calcom_redis_free(r);
	}
}

/* /2 selects database 2 during the handshake; /0 and no path mean db 0. */
static void test_select_db(void **state)
{
	(void)state;
	calcom_redis *db2 = open_main("/2");
	expect_status(cmd(db2, "SET", "calcom:unit:db", "two", NULL), "OK");
	assert_int_equal(stats(db2)->round_trips, 2);

	calcom_redis *db0 = open_main("");
	expect_nil(cmd(db0, "GET", "calcom:unit:db", NULL));
	calcom_redis *db0x = open_main("/0");
	expect_nil(cmd(db0x, "GET", "calcom:unit:db", NULL));
	assert_int_equal(stats(db0x)->round_trips, 2);
	calcom_redis *db2b = open_main("/2");
	expect_status(cmd(db2b, "GET", "calcom:unit:db", NULL), "two");

	calcom_redis_free(db2);
	calcom_redis_free(db0);
	calcom_redis_free(db0x);
	calcom_redis_free(db2b);
}

static void test_db_out_of_range(void **state)
{
	(void)state;
	static const char *const suffixes[] = {"/16", "/1000000"};
	for (size_t i = 0; i < 2; i++) {
		calcom_redis *r = open_main(suffixes[i]);
		calcom_err err;
		calcom_err_clear(&err);
		assert_false(calcom_redis_ensure(r, &err));
		assert_int_equal(err.code, CALCOM_E_SERVER);
		char want[128];
		snprintf(want, sizeof want, "cannot select the database on Redis at 127.0.0.1:%d: ", redis_port);
		expect_contains(err.msg, want);
		expect_contains(err.msg, "out of range");
		assert_int_equal(stats(r)->connects, 0);
		assert_false(calcom_redis_alive(r));
		calcom_redis_free(r);
	}
}

static void test_connection_refused(void **state)
{
	(void)state;
	int port = free_port();
	calcom_redis *r = open_tcp(port, "", "");
	calcom_err err;
	calcom_err_clear(&err);
	assert_false(calcom_redis_ensure(r, &err));
	assert_int_equal(err.code, CALCOM_E_CONNECT);
	char want[128];
	snprintf(want, sizeof want, "cannot connect to Redis at 127.0.0.1:%d: ", port);
	expect_contains(err.msg, want);
	expect_contains(err.msg, "refused");

	redisReply *reply = cmd_err(r, true, &err, "PING", NULL);
	assert_null(reply);
	assert_int_equal(err.code, CALCOM_E_CONNECT);
	assert_int_equal(stats(r)->connects, 0);
	assert_int_equal(stats(r)->round_trips, 0);
	calcom_redis_free(r);

	char text[512], path[400], want2[512];
	snprintf(path, sizeof path, "%s/no-such.sock", tmpdir);
	snprintf(text, sizeof text, "unix://%s", path);
	r = open_dsn(text, 1.0, 1.0);
	calcom_err_clear(&err);
	assert_false(calcom_redis_ensure(r, &err));
	assert_int_equal(err.code, CALCOM_E_CONNECT);
	snprintf(want2, sizeof want2, "cannot connect to Redis at %s: ", path);
	expect_contains(err.msg, want2);
	calcom_redis_free(r);
}

/* A server that accepts and never answers: the handshake times out after
 * read_timeout, and a timeout is not retried even for retry-safe commands. */
static void test_read_timeout_handshake(void **state)
{
	(void)state;
	silent_server srv;
	silent_start(&srv);
	char text[64];
	snprintf(text, sizeof text, "redis://127.0.0.1:%d", srv.port);
	calcom_redis *r = open_dsn(text, 1.0, 0.2);
	calcom_err err;
	calcom_err_clear(&err);

	double t0 = now();
	assert_false(calcom_redis_ensure(r, &err));
	double elapsed = now() - t0;
	assert_int_equal(err.code, CALCOM_E_TIMEOUT);
	char want[128];
	snprintf(want, sizeof want, "Redis at 127.0.0.1:%d did not answer within 0.200 s", srv.port);
	expect_contains(err.msg, want);
	assert_true(elapsed >= 0.18);
	assert_true(elapsed < 1.5);
	assert_int_equal(stats(r)->connects, 0);
	assert_false(calcom_redis_alive(r));

	redisReply *reply = cmd_err(r, true, &err, "PING", NULL);
	assert_null(reply);
	assert_int_equal(err.code, CALCOM_E_TIMEOUT);
	assert_int_equal(silent_accepted(&srv), 2); /* one connection per call: no retry */

	calcom_redis_free(r);
	silent_stop(&srv);
}

/* A read timeout on an established connection (the server is paused), with
 * the timeout lowered on the live connection: the command fails with
 * CALCOM_E_TIMEOUT, is not retried, and the next one reconnects. */
static void test_read_timeout_command(void **state)
{
	(void)state;
	calcom_redis *r = open_main("");
	calcom_redis *admin = open_main("");
	calcom_err err;
	calcom_err_clear(&err);
	assert_true(calcom_redis_ensure(r, &err));
	assert_true(calcom_redis_ensure(admin, &err));
	calcom_redis_set_timeouts(r, 2.0, 0.2);

	expect_status(cmd(admin, "CLIENT", "PAUSE", "600", "ALL", NULL), "OK");
	double t0 = now();
	redisReply *reply = cmd_err(r, true, &err, "PING", NULL);
	double elapsed = now() - t0;
	assert_null(reply);
	assert_int_equal(err.code, CALCOM_E_TIMEOUT);
	expect_contains(err.msg, "did not answer within 0.200 s");
	assert_true(elapsed >= 0.18 && elapsed < 1.0);
	assert_int_equal(stats(r)->connects, 1);
	assert_false(calcom_redis_alive(r));

	sleep_ms(600);
	calcom_redis_set_timeouts(r, 2.0, 5.0);
	expect_status(cmd(r, "PING", NULL), "PONG");
	assert_int_equal(stats(r)->connects, 2);
	calcom_redis_free(r);
	calcom_redis_free(admin);
}

/* The server closes an idle connection (CLIENT KILL): the liveness check
 * sees it before the next command is sent, so every command, retry-safe or
 * not, reconnects transparently. */
static void test_reconnect_after_client_kill(void **state)
{
	(void)state;
	calcom_redis *admin = open_main("");
	for (int retry_safe = 0; retry_safe < 2; retry_safe++) {
		calcom_redis *r = open_main("/1");
		expect_status(cmd(r, "SET", "calcom:unit:kill", "v", NULL), "OK");
		long long id1 = stats(r)->client_id;
		assert_true(id1 > 0);
		assert_true(calcom_redis_alive(r));

		char id_s[32];
		snprintf(id_s, sizeof id_s, "%lld", id1);
		assert_int_equal(expect_integer(cmd(admin, "CLIENT", "KILL", "ID", id_s, NULL)), 1);
		wait_until_dead(r);

		uint64_t rt = stats(r)->round_trips;
		calcom_err err;
		redisReply *reply = cmd_err(r, retry_safe, &err, "GET", "calcom:unit:kill", NULL);
		expect_status(reply, "v"); /* and in db 1 again */
		assert_int_equal(stats(r)->connects, 2);
		assert_int_equal(stats(r)->round_trips, rt + 2); /* handshake + GET */
		assert_true(stats(r)->client_id > id1);
		calcom_redis_free(r);
	}
	calcom_redis_free(admin);
}

/* Same for a script: nothing was sent on the dead connection, so running it
 * on a fresh one is not a retry. */
static void test_script_after_client_kill(void **state)
{
	(void)state;
	static const char body[] = "return redis.call('INCR', KEYS[1])";
	calcom_script s;
	calcom_script_init(&s, body, strlen(body));
	calcom_redis *admin = open_main("");
	calcom_redis *r = open_main("");
	calcom_err err;

	assert_int_equal(expect_integer(eval(r, &s, "calcom:unit:n", NULL, &err)), 1);
	assert_int_equal(stats(r)->script_loads, 1);
	char id_s[32];
	snprintf(id_s, sizeof id_s, "%lld", stats(r)->client_id);
	assert_int_equal(expect_integer(cmd(admin, "CLIENT", "KILL", "ID", id_s, NULL)), 1);
	wait_until_dead(r);

	assert_int_equal(expect_integer(eval(r, &s, "calcom:unit:n", NULL, &err)), 2);
	assert_int_equal(stats(r)->connects, 2);
	assert_int_equal(stats(r)->script_loads, 1); /* the script cache is the server's */
	calcom_redis_free(r);
	calcom_redis_free(admin);
}

/* Makes the server close any client whose pending output exceeds 1 byte
 * beyond its 16 KiB static buffer, i.e. after running a command whose reply
 * is large: the connection breaks while the command is in flight. */
static void break_large_replies(calcom_redis *admin, bool on)
{
	expect_status(cmd(admin, "CONFIG", "SET", "client-output-buffer-limit", on ? "normal 1 0 0" : "normal 0 0 0", NULL),
		"OK");
}

static void set_large_value(calcom_redis *admin, const char *key)
{
	size_t n = 100000;
	char *big = malloc(n + 1);
	assert_non_null(big);
	memset(big, 'x', n);
	big[n] = '\0';
	expect_status(cmd(admin, "SET", key, big, NULL), "OK");
	free(big);
}

/* A connection that breaks after the command was sent: CALCOM_E_IO; a
 * retry-safe command is sent once more on a fresh connection, any other
 * command is not. */
static void test_broken_in_flight_command(void **state)
{
	(void)state;
	calcom_redis *admin = open_main("");
	set_large_value(admin, "calcom:unit:big");
	calcom_redis *r = open_main("");
	calcom_err err;
	calcom_err_clear(&err);
	assert_true(calcom_redis_ensure(r, &err));
	long long gets = info_field(admin, "commandstats", "cmdstat_get:calls=");
	break_large_replies(admin, true);

	redisReply *reply = cmd_err(r, false, &err, "GET", "calcom:unit:big", NULL);
	assert_null(reply);
	assert_int_equal(err.code, CALCOM_E_IO);
	char want[128];
	snprintf(want, sizeof want, "lost the connection to Redis at 127.0.0.1:%d", redis_port);
	expect_contains(err.msg, want);
	assert_int_equal(stats(r)->connects, 1);
	assert_int_equal(stats(r)->round_trips, 2);
	assert_int_equal(stats(r)->client_id, -1);
	assert_false(calcom_redis_alive(r));
	assert_int_equal(info_field(admin, "commandstats", "cmdstat_get:calls="), gets + 1);

	reply = cmd_err(r, true, &err, "GET", "calcom:unit:big", NULL);
	assert_null(reply);
	assert_int_equal(err.code, CALCOM_E_IO);
	assert_int_equal(stats(r)->connects, 3);    /* one for the call, one for its retry */
	assert_int_equal(stats(r)->round_trips, 6); /* 2 + (handshake + GET) x 2 */
	assert_int_equal(info_field(admin, "commandstats", "cmdstat_get:calls="), gets + 3);

	break_large_replies(admin, false);
	reply = cmd(r, "GET", "calcom:unit:big", NULL);
	assert_int_equal(reply->len, 100000);
	freeReplyObject(reply);
	assert_int_equal(stats(r)->connects, 4);
	calcom_redis_free(r);
	calcom_redis_free(admin);
}

/* A script whose connection breaks after it ran fails with CALCOM_E_IO and
 * is not run again (the header: scripts are never retried). */
static void test_broken_in_flight_script(void **state)
{
	(void)state;
	static const char body[] = "redis.call('INCR', KEYS[1]) return string.rep('x', 100000)";
	calcom_script s;
	calcom_script_init(&s, body, strlen(body));
	calcom_redis *admin = open_main("");
	calcom_redis *r = open_main("");
	calcom_err err;

	redisReply *reply = eval(r, &s, "calcom:unit:ran", NULL, &err);
	assert_non_null(reply);
	assert_int_equal(reply->len, 100000);
	freeReplyObject(reply);
	assert_int_equal(stats(r)->script_loads, 1);

	break_large_replies(admin, true);
	reply = eval(r, &s, "calcom:unit:ran", NULL, &err);
	assert_null(reply);
	assert_int_equal(err.code, CALCOM_E_IO);
	expect_contains(err.msg, "lost the connection to Redis");
	assert_int_equal(stats(r)->connects, 1);
	assert_false(calcom_redis_alive(r));
	expect_status(cmd(admin, "GET", "calcom:unit:ran", NULL), "2"); /* ran once, not twice */

	/* Broken on the NOSCRIPT → EVAL path: still one run. */
	expect_status(cmd(admin, "SCRIPT", "FLUSH", NULL), "OK");
	reply = eval(r, &s, "calcom:unit:ran", NULL, &err);
	assert_null(reply);
	assert_int_equal(err.code, CALCOM_E_IO);
	assert_int_equal(stats(r)->connects, 2);
	assert_int_equal(stats(r)->script_loads, 2);
	expect_status(cmd(admin, "GET", "calcom:unit:ran", NULL), "3");

	break_large_replies(admin, false);
	reply = eval(r, &s, "calcom:unit:ran", NULL, &err);
	assert_non_null(reply);
	freeReplyObject(reply);
	assert_int_equal(stats(r)->connects, 3);
	assert_int_equal(stats(r)->script_loads, 2); /* cached by the EVAL above */
	expect_status(cmd(admin, "GET", "calcom:unit:ran", NULL), "4");
	calcom_redis_free(r);
	calcom_redis_free(admin);
}

/* The server restarts on the same port: while it is down, commands fail with
 * CALCOM_E_CONNECT; once it is back, the next command reconnects and a
 * script is loaded again (the restart emptied the script cache). */
static void test_server_restart(void **state)
{
	(void)state;
	int port = free_port();
	private_start(port);
	static const char body[] = "return 'calcom-unit-restart'";
	calcom_script s;
	calcom_script_init(&s, body, strlen(body));
	char text[64];
	snprintf(text, sizeof text, "redis://127.0.0.1:%d", port);
	calcom_redis *r = open_dsn(text, 1.0, 2.0);
	calcom_err err;

	expect_status(eval(r, &s, NULL, NULL, &err), "calcom-unit-restart");
	expect_status(cmd(r, "SET", "calcom:unit:restart", "v", NULL), "OK");
	assert_int_equal(stats(r)->script_loads, 1);

	private_stop();
	wait_until_dead(r);
	redisReply *reply = cmd_err(r, true, &err, "PING", NULL);
	assert_null(reply);
	assert_int_equal(err.code, CALCOM_E_CONNECT);
	assert_int_equal(stats(r)->connects, 1);

	private_start(port);
	expect_status(cmd(r, "PING", NULL), "PONG");
	assert_int_equal(stats(r)->connects, 2);
	expect_nil(cmd(r, "GET", "calcom:unit:restart", NULL)); /* --save '': nothing survived */
	expect_status(eval(r, &s, NULL, NULL, &err), "calcom-unit-restart");
	assert_int_equal(stats(r)->script_loads, 2);

	/* Restart between two calls on an idle connection: transparent. */
	private_stop();
	private_start(port);
	expect_status(eval(r, &s, NULL, NULL, &err), "calcom-unit-restart");
	assert_int_equal(stats(r)->connects, 3);
	assert_int_equal(stats(r)->script_loads, 3);
	calcom_redis_free(r);
	private_stop();
}

/* The endpoint names the longest host in full (no I/O needed). */
static void test_endpoint_long_host(void **state)
{
	(void)state;
	char host[CALCOM_DSN_HOST_MAX + 1];
	memset(host, 'h', CALCOM_DSN_HOST_MAX);
	host[CALCOM_DSN_HOST_MAX] = '\0';
	char text[512];
	snprintf(text, sizeof text, "redis://%s:65535", host);
	calcom_redis *r = open_dsn(text, 1.0, 1.0);
	char want[512];
	snprintf(want, sizeof want, "%s:65535", host);
	assert_string_equal(calcom_redis_endpoint(r), want);
	calcom_redis_free(r);

	char v6[CALCOM_DSN_HOST_MAX + 1];
	for (int i = 0; i < CALCOM_DSN_HOST_MAX; i++) {
		v6[i] = i % 5 == 4 ? ':' : 'f';
	}
	v6[CALCOM_DSN_HOST_MAX] = '\0';
	snprintf(text, sizeof text, "redis://[%s]:65535", v6);
	r = open_dsn(text, 1.0, 1.0);
	snprintf(want, sizeof want, "[%s]:65535", v6);
	assert_string_equal(calcom_redis_endpoint(r), want);
	calcom_redis_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_new_is_lazy, reset_server),
		cmocka_unit_test_setup(test_stats_round_trips, reset_server),
		cmocka_unit_test_setup(test_command_binary_safe, reset_server),
		cmocka_unit_test_setup(test_unix_socket, reset_server),
		cmocka_unit_test_setup(test_time_close_to_wall_clock, reset_server),
		cmocka_unit_test_setup(test_eval_noscript_then_evalsha, reset_server),
		cmocka_unit_test_setup(test_error_reply, reset_server),
		cmocka_unit_test_setup(test_auth_right_password, reset_server),
		cmocka_unit_test_setup(test_auth_wrong_password, reset_server),
		cmocka_unit_test_setup(test_auth_missing_password, reset_server),
		cmocka_unit_test_setup(test_select_db, reset_server),
		cmocka_unit_test_setup(test_db_out_of_range, reset_server),
		cmocka_unit_test_setup(test_connection_refused, reset_server),
		cmocka_unit_test_setup(test_read_timeout_handshake, reset_server),
		cmocka_unit_test_setup(test_read_timeout_command, reset_server),
		cmocka_unit_test_setup(test_reconnect_after_client_kill, reset_server),
		cmocka_unit_test_setup(test_script_after_client_kill, reset_server),
		cmocka_unit_test_setup_teardown(test_broken_in_flight_command, reset_server, reset_server),
		cmocka_unit_test_setup_teardown(test_broken_in_flight_script, reset_server, reset_server),
		cmocka_unit_test_setup_teardown(test_server_restart, reset_server, reset_server),
		cmocka_unit_test(test_endpoint_long_host),
	};
	return cmocka_run_group_tests_name("redis", tests, group_setup, NULL);
}
