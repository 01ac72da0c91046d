#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "redis.h"

struct calcom_redis {
	calcom_dsn dsn;
	char endpoint[CALCOM_DSN_HOST_MAX + 16];  /* "[" host "]:" port, or the socket path */
	double connect_timeout;
	double read_timeout;
	redisContext *ctx;          /* NULL while disconnected */
	calcom_redis_stats stats;
};

void calcom_script_init(calcom_script *script, const char *body, size_t len)
{
	script->body = body;
	script->len = len;
	calcom_sha1_hex(body, len, script->sha1);
}

static struct timeval to_timeval(double seconds)
{
	struct timeval tv;
	tv.tv_sec = (time_t)seconds;
	tv.tv_usec = (suseconds_t)((seconds - (double)tv.tv_sec) * 1e6);
	return tv;
}

calcom_redis *calcom_redis_new(const calcom_dsn *dsn, double connect_timeout, double read_timeout)
{
	calcom_redis *r = calloc(1, sizeof *r);
	if (!r) {
		return NULL;
	}
	r->dsn = *dsn;
	calcom_dsn_describe(dsn, r->endpoint, sizeof r->endpoint);
	r->connect_timeout = connect_timeout;
	r->read_timeout = read_timeout;
	r->stats.client_id = -1;
	return r;
}

static void disconnect(calcom_redis *r)
{
	if (r->ctx) {
		redisFree(r->ctx);
		r->ctx = NULL;
	}
	r->stats.client_id = -1;
}

void calcom_redis_free(calcom_redis *r)
{
	if (r) {
		disconnect(r);
		calcom_dsn_wipe(&r->dsn);
		free(r);
	}
}

void calcom_redis_set_timeouts(calcom_redis *r, double connect_timeout, double read_timeout)
{
	r->connect_timeout = connect_timeout;
	if (read_timeout == r->read_timeout) {
		return;  /* the common case: no setsockopt per command */
	}
	r->read_timeout = read_timeout;
	if (r->ctx) {
		redisSetTimeout(r->ctx, to_timeval(read_timeout));
	}
}

const char *calcom_redis_endpoint(const calcom_redis *r)
{
	return r->endpoint;
}

const calcom_redis_stats *calcom_redis_stats_get(const calcom_redis *r)
{
	return &r->stats;
}

/* Turns the context's failure into an error value and drops the connection:
 * after an I/O error or a timeout the stream position is unknown. */
static bool fail_io(calcom_redis *r, int saved_errno, calcom_err *err)
{
	redisContext *c = r->ctx;
	if (c->err == REDIS_ERR_IO && (saved_errno == EAGAIN || saved_errno == EWOULDBLOCK)) {
		calcom_err_set(err, CALCOM_E_TIMEOUT, "Redis at %s did not answer within %.3f s", r->endpoint,
			r->read_timeout);
	} else if (c->err == REDIS_ERR_EOF || c->err == REDIS_ERR_IO) {
		calcom_err_set(err, CALCOM_E_IO, "lost the connection to Redis at %s: %s", r->endpoint,
			c->err == REDIS_ERR_EOF ? "server closed the connection" : c->errstr);
	} else if (c->err == REDIS_ERR_OOM) {
		calcom_err_set(err, CALCOM_E_NOMEM, "out of memory talking to Redis at %s", r->endpoint);
	} else {
		calcom_err_set(err, CALCOM_E_PROTOCOL, "protocol error from Redis at %s: %s", r->endpoint, c->errstr);
	}
	disconnect(r);
	return false;
}

/* Reads the reply to one pipelined command; NULL after an I/O failure. */
static redisReply *read_reply(calcom_redis *r, calcom_err *err)
{
	void *reply = NULL;
	if (redisGetReply(r->ctx, &reply) != REDIS_OK) {
		fail_io(r, errno, err);
		return NULL;
	}
	return reply;
}

/* AUTH, SELECT and CLIENT ID go out as one pipeline: one round trip. */
static bool handshake(calcom_redis *r, calcom_err *err)
{
	const calcom_dsn *d = &r->dsn;
	int sent = 0;

	if (d->has_password) {
		if (d->username[0]) {
			redisAppendCommand(r->ctx, "AUTH %s %s", d->username, d->password);
		} else {
			redisAppendCommand(r->ctx, "AUTH %s", d->password);
		}
		sent++;
	}
	if (d->db > 0) {
		redisAppendCommand(r->ctx, "SELECT %d", d->db);
		sent++;
	}
	redisAppendCommand(r->ctx, "CLIENT SETNAME calcom");
	redisAppendCommand(r->ctx, "CLIENT ID");
	sent += 2;
	r->stats.round_trips++;

	bool ok = true;
	for (int i = 0; i < sent; i++) {
		redisReply *reply = read_reply(r, err);
		if (!reply) {
			return false;
		}
		bool is_auth = d->has_password && i == 0;
		bool is_select = d->db > 0 && i == (d->has_password ? 1 : 0);
		if (ok && reply->type == REDIS_REPLY_ERROR && strncmp(reply->str, "NOAUTH", 6) == 0) {
			calcom_err_set(err, CALCOM_E_AUTH, "Redis at %s requires a password: %s", r->endpoint, reply->str);
			ok = false;
		} else if (ok && reply->type == REDIS_REPLY_ERROR && (is_auth || is_select)) {
			/* Redis's own text (WRONGPASS…, DB index out of range) names no secret. */
			calcom_err_set(err, is_auth ? CALCOM_E_AUTH : CALCOM_E_SERVER, "%s on Redis at %s: %s",
				is_auth ? "authentication failed" : "cannot select the database", r->endpoint, reply->str);
			ok = false;
		}
		if (i == sent - 1 && reply->type == REDIS_REPLY_INTEGER) {
			r->stats.client_id = reply->integer;
		}
		freeReplyObject(reply);
	}
	if (!ok) {
		disconnect(r);
	}
	return ok;
}

static bool connect_now(calcom_redis *r, calcom_err *err)
{
	struct timeval tv = to_timeval(r->connect_timeout);
	redisContext *c = r->dsn.kind == CALCOM_DSN_UNIX ? redisConnectUnixWithTimeout(r->dsn.path, tv)
	                                                  : redisConnectWithTimeout(r->dsn.host, r->dsn.port, tv);
	if (!c) {
		return calcom_err_set(err, CALCOM_E_NOMEM, "out of memory connecting to Redis at %s", r->endpoint);
	}
	if (c->err) {
		calcom_err_set(err, CALCOM_E_CONNECT, "cannot connect to Redis at %s: %s", r->endpoint, c->errstr);
		redisFree(c);
		return false;
	}
	if (r->dsn.kind == CALCOM_DSN_TCP) {
		redisEnableKeepAlive(c);
	}
	redisSetTimeout(c, to_timeval(r->read_timeout));
	r->ctx = c;
	if (!handshake(r, err)) {
		return false;
	}
	r->stats.connects++;
	return true;
}

bool calcom_redis_alive(calcom_redis *r)
{
	if (!r->ctx || r->ctx->err) {
		return false;
	}
	struct pollfd p = {.fd = r->ctx->fd, .events = POLLIN};
	int n = poll(&p, 1, 0);
	if (n == 0) {
		return true;  /* nothing to read: the server has not hung up */
	}
	if (n < 0) {
		return errno == EINTR;
	}
	/* Readable while idle: either EOF (a restart, an idle timeout) or bytes we
	 * never asked for. Both leave the connection unusable. */
	char byte;
	ssize_t k = recv(r->ctx->fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
	return k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

bool calcom_redis_ensure(calcom_redis *r, calcom_err *err)
{
	if (r->ctx) {
		if (calcom_redis_alive(r)) {
			return true;
		}
		disconnect(r);
	}
	return connect_now(r, err);
}

redisReply *calcom_redis_command(calcom_redis *r, bool retry_safe, int argc, const char **argv,
	const size_t *argvlen, calcom_err *err)
{
	for (int attempt = 0;; attempt++) {
		if (!calcom_redis_ensure(r, err)) {
			return NULL;
		}
		redisReply *reply = redisCommandArgv(r->ctx, argc, argv, argvlen);
		int saved_errno = errno;
		r->stats.round_trips++;
		if (reply) {
			return reply;
		}
		fail_io(r, saved_errno, err);
		if (!retry_safe || attempt > 0 || err->code != CALCOM_E_IO) {
			return NULL;
		}
	}
}

/* argv for a script call: EVALSHA sha numkeys keys… args… (numkeys in buf). */
static bool script_argv(const calcom_script *script, int nkeys, const char **keys, const size_t *keylens, int nargs,
	const char **args, const size_t *arglens, char numkeys[16], const char ***argv, size_t **argvlen, calcom_err *err)
{
	int argc = 3 + nkeys + nargs;
	*argv = malloc(sizeof **argv * (size_t)argc);
	*argvlen = malloc(sizeof **argvlen * (size_t)argc);
	if (!*argv || !*argvlen) {
		free(*argv);
		free(*argvlen);
		/* An explicit false: an analyzer that cannot see into calcom_err_set()
		 * would otherwise follow the caller on with the freed arrays. */
		calcom_err_set(err, CALCOM_E_NOMEM, "out of memory building a script call");
		return false;
	}
	(*argv)[0] = "EVALSHA";
	(*argvlen)[0] = 7;
	(*argv)[1] = script->sha1;
	(*argvlen)[1] = CALCOM_SHA1_HEX_LEN;
	(*argvlen)[2] = (size_t)snprintf(numkeys, 16, "%d", nkeys);
	(*argv)[2] = numkeys;
	for (int i = 0; i < nkeys; i++) {
		(*argv)[3 + i] = keys[i];
		(*argvlen)[3 + i] = keylens[i];
	}
	for (int i = 0; i < nargs; i++) {
		(*argv)[3 + nkeys + i] = args[i];
		(*argvlen)[3 + nkeys + i] = arglens[i];
	}
	return true;
}

/* From EVALSHA to EVAL: the server lost its script cache (restart, SCRIPT
 * FLUSH, failover); EVAL runs the body and caches it for the next EVALSHA. */
static void script_by_body(calcom_redis *r, const calcom_script *script, const char **argv, size_t *argvlen)
{
	r->stats.script_loads++;
	argv[0] = "EVAL";
	argvlen[0] = 4;
	argv[1] = script->body;
	argvlen[1] = script->len;
}

static bool is_noscript(const redisReply *reply)
{
	return reply && reply->type == REDIS_REPLY_ERROR && strncmp(reply->str, "NOSCRIPT", 8) == 0;
}

redisReply *calcom_redis_eval(calcom_redis *r, const calcom_script *script, int nkeys, const char **keys,
	const size_t *keylens, int nargs, const char **args, const size_t *arglens, calcom_err *err)
{
	const char **argv;
	size_t *argvlen;
	char numkeys[16];
	if (!script_argv(script, nkeys, keys, keylens, nargs, args, arglens, numkeys, &argv, &argvlen, err)) return NULL;
	int argc = 3 + nkeys + nargs;
	redisReply *reply = calcom_redis_command(r, false, argc, argv, argvlen, err);
	if (is_noscript(reply)) {
		freeReplyObject(reply);
		script_by_body(r, script, argv, argvlen);
		reply = calcom_redis_command(r, false, argc, argv, argvlen, err);
	}
	free(argv);
	free(argvlen);
	return reply;
}

bool calcom_redis_pipeline(calcom_redis *r, int n, const int *argcs, const char **const *argvs,
	const size_t *const *argvlens, redisReply **replies, calcom_err *err)
{
	for (int i = 0; i < n; i++) replies[i] = NULL;
	if (!calcom_redis_ensure(r, err)) return false;
	for (int i = 0; i < n; i++) {
		if (redisAppendCommandArgv(r->ctx, argcs[i], argvs[i], argvlens[i]) != REDIS_OK) {
			calcom_err_set(err, CALCOM_E_NOMEM, "out of memory queueing commands for Redis at %s", r->endpoint);
			disconnect(r);
			return false;
		}
	}
	r->stats.round_trips++;
	for (int i = 0; i < n; i++) {
		if (!(replies[i] = read_reply(r, err))) {
			for (int j = 0; j < i; j++) {
				freeReplyObject(replies[j]);
				replies[j] = NULL;
			}
			return false;
		}
	}
	return true;
}

/* One MULTI, script, command, EXEC exchange: EXEC's reply, or NULL. */
static redisReply *transaction(calcom_redis *r, int argc, const char **argv, const size_t *argvlen, int argc2,
	const char **argv2, const size_t *argvlen2, calcom_err *err)
{
	const char *multi[] = {"MULTI"}, *exec[] = {"EXEC"};
	const size_t multi_len[] = {5}, exec_len[] = {4};
	const int argcs[4] = {1, argc, argc2, 1};
	const char **const argvs[4] = {multi, argv, argv2, exec};
	const size_t *const argvlens[4] = {multi_len, argvlen, argvlen2, exec_len};
	redisReply *replies[4];
	if (!calcom_redis_pipeline(r, 4, argcs, argvs, argvlens, replies, err)) return NULL;
	for (int i = 0; i < 3; i++) freeReplyObject(replies[i]);  /* OK, QUEUED, QUEUED (or the error EXEC repeats) */
	if (replies[3]->type == REDIS_REPLY_ERROR) {
		calcom_err_set(err, CALCOM_E_SERVER, "Redis at %s: %s", r->endpoint, replies[3]->str);
		freeReplyObject(replies[3]);
		return NULL;
	}
	if (replies[3]->type != REDIS_REPLY_ARRAY || replies[3]->elements != 2) {
		calcom_err_set(err, CALCOM_E_PROTOCOL, "unexpected EXEC reply from Redis at %s", r->endpoint);
		freeReplyObject(replies[3]);
		return NULL;
	}
	return replies[3];
}

redisReply *calcom_redis_eval_with(calcom_redis *r, const calcom_script *script, int nkeys, const char **keys,
	const size_t *keylens, int nargs, const char **args, const size_t *arglens, int argc2, const char **argv2,
	const size_t *argvlen2, redisReply **second, calcom_err *err)
{
	*second = NULL;
	const char **argv;
	size_t *argvlen;
	char numkeys[16];
	if (!script_argv(script, nkeys, keys, keylens, nargs, args, arglens, numkeys, &argv, &argvlen, err)) return NULL;
	int argc = 3 + nkeys + nargs;
	redisReply *exec = transaction(r, argc, argv, argvlen, argc2, argv2, argvlen2, err);
	if (exec && is_noscript(exec->element[0])) {
		freeReplyObject(exec);
		script_by_body(r, script, argv, argvlen);
		exec = transaction(r, argc, argv, argvlen, argc2, argv2, argvlen2, err);
	}
	free(argv);
	free(argvlen);
	if (!exec) return NULL;
	redisReply *first = exec->element[0];
	*second = exec->element[1];
	exec->element[0] = exec->element[1] = NULL;
	freeReplyObject(exec);
	return first;
}

bool calcom_redis_time(calcom_redis *r, double *out, calcom_err *err)
{
	const char *argv[] = {"TIME"};
	const size_t argvlen[] = {4};
	redisReply *reply = calcom_redis_command(r, true, 1, argv, argvlen, err);
	if (!reply) {
		return false;
	}
	bool ok = reply->type == REDIS_REPLY_ARRAY && reply->elements == 2 &&
	          reply->element[0]->type == REDIS_REPLY_STRING && reply->element[1]->type == REDIS_REPLY_STRING;
	if (ok) {
		*out = strtod(reply->element[0]->str, NULL) + strtod(reply->element[1]->str, NULL) / 1e6;
	} else {
		calcom_err_set(err, CALCOM_E_PROTOCOL, "unexpected TIME reply from Redis at %s", r->endpoint);
	}
	freeReplyObject(reply);
	return ok;
}
