#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swr.h"

/* KEYS: n value keys, then (read, write, unlock) their n lock keys.
 * ARGV[1]: the operation. Times are the Redis clock in ms. A read looks at
 * each entry's header only (GETRANGE): the values come from the MGET that
 * runs with it in one transaction, so they never pass through Lua, whose
 * string handling costs Redis far more than a GET. */
static const char SWR_LUA[] =
	"local t = redis.call('TIME')\n"
	"local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n"
	"local op = ARGV[1]\n"
	"local function head(v)\n"
	"  local c, d, f, k = string.match(v, '^swr1 (%d+) (%d+) (%d+) ([vt])\\n')\n"
	"  if not c or #c > 15 or #d > 15 or #f > 15 then return nil end\n"
	"  return tonumber(c), tonumber(d), tonumber(f), k\n"
	"end\n"
	"if op == 'tomb' then\n"
	"  local existed = 0\n"
	"  for i = 1, #KEYS do\n"
	"    local cur = redis.call('GET', KEYS[i])\n"
	"    if cur then\n"
	"      local c, d, f, k = head(cur)\n"
	"      if k == 'v' then existed = existed + 1 end\n"
	"    end\n"
	"    redis.call('SET', KEYS[i], 'swr1 ' .. string.format('%d', now) .. ' 0 0 t\\n', 'PX', ARGV[2])\n"
	"  end\n"
	"  return existed\n"
	"end\n"
	"local n = #KEYS / 2\n"
	"local token = ARGV[2]\n"
	"local function unlock(i)\n"
	"  if token ~= '' and redis.call('GET', KEYS[n + i]) == token then redis.call('DEL', KEYS[n + i]) end\n"
	"end\n"
	"if op == 'read' then\n"
	"  local want, lock_ms, fresh_arg = ARGV[3] == '1', ARGV[4], tonumber(ARGV[5])\n"
	"  local beta, rnd = tonumber(ARGV[6]) / 1e6, tonumber(ARGV[7]) / 1e6\n"
	"  local function lock(i)\n"
	"    return want and redis.call('SET', KEYS[n + i], token, 'PX', lock_ms, 'NX') ~= false\n"
	"  end\n"
	"  local out = {string.format('%d', now)}\n"
	"  for i = 1, n do\n"
	"    local c, d, f, k = head(redis.call('GETRANGE', KEYS[i], 0, 63))\n"
	"    local state\n"
	"    if not c or k ~= 'v' then\n"
	"      state = lock(i) and 'M' or 'W'\n"
	"    else\n"
	"      local expires = c + (fresh_arg >= 0 and fresh_arg or f)\n"
	"      if now < expires then\n"
	"        state = (beta > 0 and now + d * beta * rnd >= expires and lock(i)) and 'E' or 'F'\n"
	"      else\n"
	"        state = lock(i) and 'S' or 's'\n"
	"      end\n"
	"    end\n"
	"    out[#out + 1] = state\n"
	"  end\n"
	"  return out\n"
	"end\n"
	"if op == 'write' then\n"
	"  local created = tonumber(ARGV[3])\n"
	"  if created < 0 then created = now end\n"
	"  local ttl = created + tonumber(ARGV[6]) - now\n"
	"  local written = 0\n"
	"  for i = 1, n do\n"
	"    local cur = redis.call('GET', KEYS[i])\n"
	"    local c, d, f, k\n"
	"    if cur then c, d, f, k = head(cur) end\n"
	"    if ttl > 0 and (not c or c <= created) then\n"
	"      redis.call('SET', KEYS[i], 'swr1 ' .. string.format('%d', created) .. ' ' .. ARGV[4] .. ' ' .. ARGV[5] .. ' v\\n' .. ARGV[6 + i],\n"
	"        'PX', ttl)\n"
	"      written = written + 1\n"
	"    end\n"
	"    unlock(i)\n"
	"  end\n"
	"  return written\n"
	"end\n"
	"if op == 'unlock' then\n"
	"  for i = 1, n do unlock(i) end\n"
	"  return 0\n"
	"end\n"
	"return redis.error_reply('calcom swr: unknown operation')\n";

#define NUM_LEN 32
#define MAX_DIGITS 15

/* One decimal field ending at `stop`; advances *p past it. */
static bool field(const char **p, const char *end, char stop, int64_t *out)
{
	const char *s = *p;
	int64_t v = 0;
	int digits = 0;
	while (s < end && *s >= '0' && *s <= '9') {
		if (++digits > MAX_DIGITS) return false;
		v = v * 10 + (*s - '0');
		s++;
	}
	if (digits == 0 || s >= end || *s != stop) return false;
	*out = v;
	*p = s + 1;
	return true;
}

bool calcom_swr_entry_parse(const char *buf, size_t len, calcom_swr_entry *out)
{
	const char *end = buf + len;
	if (len < 5 || memcmp(buf, "swr1 ", 5) != 0) return false;
	const char *p = buf + 5;
	calcom_swr_entry e;
	if (!field(&p, end, ' ', &e.created_ms) || !field(&p, end, ' ', &e.compute_ms) ||
	    !field(&p, end, ' ', &e.fresh_ms)) {
		return false;
	}
	if (end - p < 2 || (p[0] != 'v' && p[0] != 't') || p[1] != '\n') return false;
	e.tombstone = p[0] == 't';
	e.payload = p + 2;
	e.payload_len = (size_t)(end - e.payload);
	*out = e;
	return true;
}

static const calcom_script *swr_script(void)
{
	static calcom_script script;
	if (!script.len) {
		calcom_script_init(&script, SWR_LUA, sizeof SWR_LUA - 1);
	}
	return &script;
}

/* An error reply from the script becomes err (and is freed). */
static bool script_failed(calcom_redis *r, redisReply *reply, calcom_err *err)
{
	if (reply->type != REDIS_REPLY_ERROR) return false;
	calcom_err_set(err, CALCOM_E_SERVER, "Redis at %s: %s", calcom_redis_endpoint(r), reply->str);
	freeReplyObject(reply);
	return true;
}

static redisReply *swr_eval(calcom_redis *r, size_t nkeys, const char *const *keys, const size_t *key_lens, size_t nargs,
	const char **args, const size_t *arg_lens, calcom_swr_also *also, calcom_err *err)
{
	redisReply *reply;
	if (also) {
		reply = calcom_redis_eval_with(r, swr_script(), (int)nkeys, (const char **)keys, key_lens, (int)nargs, args,
			arg_lens, also->argc, also->argv, also->lens, &also->reply, err);
	} else {
		reply = calcom_redis_eval(r, swr_script(), (int)nkeys, (const char **)keys, key_lens, (int)nargs, args,
			arg_lens, err);
	}
	return reply && script_failed(r, reply, err) ? NULL : reply;
}

static bool protocol_error(calcom_redis *r, redisReply *reply, calcom_err *err)
{
	calcom_err_set(err, CALCOM_E_PROTOCOL, "Redis at %s: unexpected answer from the cache script",
		calcom_redis_endpoint(r));
	freeReplyObject(reply);
	return false;
}

static size_t num(char *buf, int64_t v)
{
	return (size_t)snprintf(buf, NUM_LEN, "%" PRId64, v);
}

/* Keys are limited by what one script call can take in Lua's unpack(). */
#define MAX_KEYS 4000

/* XFetch's numbers in millionths, as the script gets them (integers: "%f"
 * would follow the locale's decimal point); the C rule uses the same. */
static int64_t millionths(double v)
{
	return isfinite(v) && v > 0 ? llround(fmin(v, 1e6) * 1e6) : 0;
}

/* MGET keys…, in malloc'd arrays the caller frees. */
static bool mget_argv(size_t n, const char *const *keys, const size_t *key_lens, const char ***argv, size_t **lens,
	calcom_err *err)
{
	*argv = malloc((n + 1) * sizeof **argv);
	*lens = malloc((n + 1) * sizeof **lens);
	if (!*argv || !*lens) {
		free(*argv);
		free(*lens);
		calcom_err_set(err, CALCOM_E_NOMEM, "out of memory");
		return false;  /* explicit, as in script_argv() in redis.c */
	}
	(*argv)[0] = "MGET";
	(*lens)[0] = 4;
	memcpy(*argv + 1, keys, n * sizeof *keys);
	memcpy(*lens + 1, key_lens, n * sizeof *key_lens);
	return true;
}

bool calcom_swr_read(calcom_redis *r, size_t n, const char *const *keys, const size_t *key_lens,
	const calcom_swr_read_args *a, calcom_swr_read_result *out, calcom_err *err)
{
	memset(out, 0, sizeof *out);
	if (n == 0 || n > MAX_KEYS) return calcom_err_set(err, CALCOM_E_INVALID, "between 1 and %d keys per read", MAX_KEYS);
	char lock_ms[NUM_LEN], fresh_ms[NUM_LEN], beta[NUM_LEN], rnd[NUM_LEN];
	const char *args[7] = {"read", a->token, a->lock ? "1" : "0", lock_ms, fresh_ms, beta, rnd};
	size_t lens[7] = {4, strlen(a->token), 1, num(lock_ms, a->lock_ms), num(fresh_ms, a->fresh_ms < 0 ? -1 : a->fresh_ms)};
	lens[5] = num(beta, millionths(a->beta));
	lens[6] = num(rnd, millionths(a->rnd));
	const char **mget;
	size_t *mget_lens;
	if (!mget_argv(n, keys, key_lens, &mget, &mget_lens, err)) return false;
	redisReply *values;
	redisReply *reply = calcom_redis_eval_with(r, swr_script(), (int)(2 * n), (const char **)keys, key_lens, 7, args,
		lens, (int)n + 1, mget, mget_lens, &values, err);
	free(mget);
	free(mget_lens);
	if (!reply) return false;
	if (script_failed(r, reply, err)) {
		freeReplyObject(values);
		return false;
	}
	if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 1 + n || reply->element[0]->type != REDIS_REPLY_STRING ||
	    values->type != REDIS_REPLY_ARRAY || values->elements != n) {
		freeReplyObject(values);
		return protocol_error(r, reply, err);
	}
	char *end;
	out->now_ms = strtoll(reply->element[0]->str, &end, 10);
	if (*end != '\0') {
		freeReplyObject(values);
		return protocol_error(r, reply, err);
	}
	out->found = calloc(n, sizeof *out->found);
	if (!out->found) {
		freeReplyObject(reply);
		freeReplyObject(values);
		return calcom_err_set(err, CALCOM_E_NOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		const redisReply *s = reply->element[1 + i];
		const redisReply *v = values->element[i];
		calcom_swr_found *f = &out->found[i];
		if (s->type != REDIS_REPLY_STRING || s->len != 1 || !strchr("FESsMW", s->str[0])) {
			free(out->found);
			out->found = NULL;
			freeReplyObject(values);
			return protocol_error(r, reply, err);
		}
		f->state = (calcom_swr_state)s->str[0];
		bool servable = f->state == CALCOM_SWR_FRESH || f->state == CALCOM_SWR_EARLY || f->state == CALCOM_SWR_STALE ||
			f->state == CALCOM_SWR_STALE_LOCKED;
		/* The script read the same header in the same transaction. */
		if (servable && (v->type != REDIS_REPLY_STRING || !calcom_swr_entry_parse(v->str, v->len, &f->entry) ||
		                 f->entry.tombstone)) {
			free(out->found);
			out->found = NULL;
			freeReplyObject(values);
			return protocol_error(r, reply, err);
		}
		f->has_entry = servable;
	}
	freeReplyObject(reply);
	out->n = n;
	out->reply = values;
	return true;
}

bool calcom_swr_peek(calcom_redis *r, size_t n, const char *const *keys, const size_t *key_lens,
	const calcom_swr_read_args *a, calcom_swr_read_result *out, calcom_err *err)
{
	memset(out, 0, sizeof *out);
	if (n == 0 || n > MAX_KEYS) return calcom_err_set(err, CALCOM_E_INVALID, "between 1 and %d keys per read", MAX_KEYS);
	const char **mget;
	size_t *mget_lens;
	if (!mget_argv(n, keys, key_lens, &mget, &mget_lens, err)) return false;
	out->found = calloc(n, sizeof *out->found);
	if (!out->found) {
		free(mget);
		free(mget_lens);
		return calcom_err_set(err, CALCOM_E_NOMEM, "out of memory");
	}
	const char *time_cmd[] = {"TIME"};
	const size_t time_len[] = {4};
	const int argcs[2] = {1, (int)n + 1};
	const char **const argvs[2] = {time_cmd, mget};
	const size_t *const argvlens[2] = {time_len, mget_lens};
	redisReply *replies[2];
	bool ok = calcom_redis_pipeline(r, 2, argcs, argvs, argvlens, replies, err);
	free(mget);
	free(mget_lens);
	if (!ok) {
		free(out->found);
		out->found = NULL;
		return false;
	}
	redisReply *t = replies[0], *values = replies[1];
	if (t->type != REDIS_REPLY_ARRAY || t->elements != 2 || t->element[0]->type != REDIS_REPLY_STRING ||
	    t->element[1]->type != REDIS_REPLY_STRING || values->type != REDIS_REPLY_ARRAY || values->elements != n) {
		free(out->found);
		out->found = NULL;
		freeReplyObject(values);
		return protocol_error(r, t, err);
	}
	out->now_ms = strtoll(t->element[0]->str, NULL, 10) * 1000 + strtoll(t->element[1]->str, NULL, 10) / 1000;
	freeReplyObject(t);
	double beta = (double)millionths(a->beta) / 1e6, rnd = (double)millionths(a->rnd) / 1e6;
	for (size_t i = 0; i < n; i++) {
		const redisReply *v = values->element[i];
		calcom_swr_found *f = &out->found[i];
		f->state = CALCOM_SWR_MISS;
		if (v->type != REDIS_REPLY_STRING || !calcom_swr_entry_parse(v->str, v->len, &f->entry) || f->entry.tombstone) {
			continue;
		}
		f->has_entry = true;
		int64_t expires = f->entry.created_ms + (a->fresh_ms >= 0 ? a->fresh_ms : f->entry.fresh_ms);
		bool early = beta > 0 && (double)out->now_ms + (double)f->entry.compute_ms * beta * rnd >= (double)expires;
		if (out->now_ms < expires && !early) f->state = CALCOM_SWR_FRESH;
	}
	out->n = n;
	out->reply = values;
	return true;
}

void calcom_swr_read_free(calcom_swr_read_result *res)
{
	free(res->found);
	if (res->reply) freeReplyObject(res->reply);
	memset(res, 0, sizeof *res);
}

bool calcom_swr_write(calcom_redis *r, size_t n, const char *const *keys, const size_t *key_lens,
	const char *const *payloads, const size_t *payload_lens, const calcom_swr_write_args *a, size_t *written,
	calcom_err *err)
{
	if (n == 0 || n > MAX_KEYS) return calcom_err_set(err, CALCOM_E_INVALID, "between 1 and %d keys per write", MAX_KEYS);
	const char **args = malloc((6 + n) * sizeof *args);
	size_t *lens = malloc((6 + n) * sizeof *lens);
	if (!args || !lens) {
		free(args);
		free(lens);
		return calcom_err_set(err, CALCOM_E_NOMEM, "out of memory");
	}
	char created[NUM_LEN], compute[NUM_LEN], fresh[NUM_LEN], stale[NUM_LEN];
	args[0] = "write";
	lens[0] = 5;
	args[1] = a->token;
	lens[1] = strlen(a->token);
	args[2] = created;
	lens[2] = num(created, a->created_ms < 0 ? -1 : a->created_ms);
	args[3] = compute;
	lens[3] = num(compute, a->compute_ms < 0 ? 0 : a->compute_ms);
	args[4] = fresh;
	lens[4] = num(fresh, a->fresh_ms < 0 ? 0 : a->fresh_ms);
	args[5] = stale;
	lens[5] = num(stale, a->stale_ms);
	for (size_t i = 0; i < n; i++) {
		args[6 + i] = payloads[i];
		lens[6 + i] = payload_lens[i];
	}
	redisReply *reply = swr_eval(r, 2 * n, keys, key_lens, 6 + n, args, lens, a->also, err);
	free(args);
	free(lens);
	if (!reply) return false;
	if (reply->type != REDIS_REPLY_INTEGER || reply->integer < 0) return protocol_error(r, reply, err);
	*written = (size_t)reply->integer;
	freeReplyObject(reply);
	return true;
}

bool calcom_swr_unlock(calcom_redis *r, size_t n, const char *const *keys, const size_t *key_lens, const char *token,
	calcom_err *err)
{
	if (n == 0 || n > MAX_KEYS) return calcom_err_set(err, CALCOM_E_INVALID, "between 1 and %d keys per unlock", MAX_KEYS);
	const char *args[2] = {"unlock", token};
	size_t lens[2] = {6, strlen(token)};
	redisReply *reply = swr_eval(r, 2 * n, keys, key_lens, 2, args, lens, NULL, err);
	if (!reply) return false;
	freeReplyObject(reply);
	return true;
}

bool calcom_swr_invalidate(calcom_redis *r, size_t n, const char *const *keys, const size_t *key_lens, int64_t ttl_ms,
	calcom_swr_also *also, size_t *existed, calcom_err *err)
{
	if (n == 0 || n > MAX_KEYS) return calcom_err_set(err, CALCOM_E_INVALID, "between 1 and %d keys per invalidation", MAX_KEYS);
	char ttl[NUM_LEN];
	const char *args[2] = {"tomb", ttl};
	size_t lens[2] = {4, num(ttl, ttl_ms > 0 ? ttl_ms : 1)};
	redisReply *reply = swr_eval(r, n, keys, key_lens, 2, args, lens, also, err);
	if (!reply) return false;
	if (reply->type != REDIS_REPLY_INTEGER || reply->integer < 0) return protocol_error(r, reply, err);
	*existed = (size_t)reply->integer;
	freeReplyObject(reply);
	return true;
}
