#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "booking_guard.h"

static const char CLAIM[] =
	"local t = redis.call('TIME')\n"
	"local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n"
	"local rec = redis.call('HMGET', KEYS[1], 'state', 'request_id', 'lock_until', 'result')\n"
	"if rec[1] == 'done' then return {'done', rec[2], rec[4]} end\n"
	"if rec[1] == 'pending' then\n"
	"  if tonumber(rec[3]) > now then return {'pending', rec[2], ''} end\n"
	"  redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'lock_until', now + tonumber(ARGV[3]))\n"
	"  return {'taken_over', rec[2], ''}\n"
	"end\n"
	"redis.call('HSET', KEYS[1], 'state', 'pending', 'owner', ARGV[1], 'request_id', ARGV[2],\n"
	"  'lock_until', now + tonumber(ARGV[3]))\n"
	"redis.call('EXPIRE', KEYS[1], ARGV[4])\n"
	"return {'claimed', ARGV[2], ''}\n";

static const char COMPLETE[] =
	"if redis.call('HGET', KEYS[1], 'state') == 'done' then return 0 end\n"
	"redis.call('HSET', KEYS[1], 'state', 'done', 'result', ARGV[1])\n"
	"redis.call('EXPIRE', KEYS[1], ARGV[2])\n"
	"return 1\n";

static const char RELEASE[] =
	"if redis.call('HGET', KEYS[1], 'owner') == ARGV[1] and redis.call('HGET', KEYS[1], 'state') == 'pending' then\n"
	"  return redis.call('DEL', KEYS[1])\n"
	"end\n"
	"return 0\n";

static calcom_script script(const char *body, size_t len)
{
	calcom_script s;
	calcom_script_init(&s, body, len);
	return s;
}

/* An error reply as an engine error; frees the reply. */
static bool server_error(calcom_redis *r, redisReply *reply, calcom_err *err)
{
	calcom_err_set(err, CALCOM_E_SERVER, "Redis at %s: %s", calcom_redis_endpoint(r), reply->str);
	freeReplyObject(reply);
	return false;
}

bool calcom_guard_claim(calcom_redis *r, const char *key, size_t key_len, const char *owner, const char *request_id,
	long lock_ms, long record_ttl_s, calcom_guard *out, calcom_err *err)
{
	memset(out, 0, sizeof *out);
	char lock[24], ttl[24];
	snprintf(lock, sizeof lock, "%ld", lock_ms);
	snprintf(ttl, sizeof ttl, "%ld", record_ttl_s);
	const char *args[] = {owner, request_id, lock, ttl};
	const size_t arglens[] = {strlen(owner), strlen(request_id), strlen(lock), strlen(ttl)};
	calcom_script s = script(CLAIM, sizeof CLAIM - 1);

	redisReply *reply = calcom_redis_eval(r, &s, 1, &key, &key_len, 4, args, arglens, err);
	if (!reply) {
		return false;
	}
	if (reply->type == REDIS_REPLY_ERROR) {
		return server_error(r, reply, err);
	}
	bool ok = reply->type == REDIS_REPLY_ARRAY && reply->elements == 3;
	for (size_t i = 0; ok && i < 3; i++) {
		ok = reply->element[i]->type == REDIS_REPLY_STRING;
	}
	if (ok && reply->element[1]->len > CALCOM_GUARD_ID_MAX) {
		ok = false;
	}
	if (ok) {
		const char *state = reply->element[0]->str;
		memcpy(out->request_id, reply->element[1]->str, reply->element[1]->len);
		out->request_id[reply->element[1]->len] = '\0';
		if (strcmp(state, "claimed") == 0) {
			out->state = CALCOM_GUARD_CLAIMED;
		} else if (strcmp(state, "taken_over") == 0) {
			out->state = CALCOM_GUARD_TAKEN_OVER;
		} else if (strcmp(state, "pending") == 0) {
			out->state = CALCOM_GUARD_PENDING;
		} else if (strcmp(state, "done") == 0) {
			out->state = CALCOM_GUARD_DONE;
			out->result = malloc(reply->element[2]->len + 1);
			if (!out->result) {
				freeReplyObject(reply);
				return calcom_err_set(err, CALCOM_E_NOMEM, "out of memory");
			}
			memcpy(out->result, reply->element[2]->str, reply->element[2]->len);
			out->result[reply->element[2]->len] = '\0';
			out->result_len = reply->element[2]->len;
		} else {
			ok = false;
		}
	}
	freeReplyObject(reply);
	if (!ok) {
		return calcom_err_set(err, CALCOM_E_PROTOCOL, "unexpected booking guard reply from Redis at %s",
			calcom_redis_endpoint(r));
	}
	return true;
}

/* Runs a script whose reply only says whether it did something. */
static bool run_simple(calcom_redis *r, const char *body, size_t body_len, const char *key, size_t key_len,
	int nargs, const char **args, const size_t *arglens, calcom_err *err)
{
	calcom_script s = script(body, body_len);
	redisReply *reply = calcom_redis_eval(r, &s, 1, &key, &key_len, nargs, args, arglens, err);
	if (!reply) {
		return false;
	}
	if (reply->type == REDIS_REPLY_ERROR) {
		return server_error(r, reply, err);
	}
	freeReplyObject(reply);
	return true;
}

bool calcom_guard_complete(calcom_redis *r, const char *key, size_t key_len, const char *result, size_t result_len,
	long done_ttl_s, calcom_err *err)
{
	char ttl[24];
	snprintf(ttl, sizeof ttl, "%ld", done_ttl_s);
	const char *args[] = {result, ttl};
	const size_t arglens[] = {result_len, strlen(ttl)};
	return run_simple(r, COMPLETE, sizeof COMPLETE - 1, key, key_len, 2, args, arglens, err);
}

bool calcom_guard_release(calcom_redis *r, const char *key, size_t key_len, const char *owner, calcom_err *err)
{
	const char *args[] = {owner};
	const size_t arglens[] = {strlen(owner)};
	return run_simple(r, RELEASE, sizeof RELEASE - 1, key, key_len, 1, args, arglens, err);
}

void calcom_guard_free(calcom_guard *g)
{
	free(g->result);
	g->result = NULL;
	g->result_len = 0;
}
