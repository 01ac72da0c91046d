/*
 * The queue's operations are one Lua script (ARGV[1] names the operation)
 * called with the queue's ten fixed keys, plus the latches finish sets:
 * every key a call touches is in KEYS and under the one hash tag.
 *
 * A job's record is a JSON object (Redis Lua's cjson) in the jobs hash:
 *   m p q    method, path, params (the JSON text, as a string)
 *   pr       priority 1..4
 *   cb       callback URL (absent: none)
 *   e s      enqueued (ms), place (ms, see queue.h)
 *   st       queued | delayed | running | done | failed
 *   a        attempts counted
 *   t        lease token while running
 *   sa f     started (last lease, ms), finished (ms)
 *   le       the last RETRY payload (a string)
 *   cs       callback state: pending | delivered | failed (absent: none)
 * The result payload sits raw in the field "<id>:r": it never passes
 * through cjson. cjson writes numbers with 14 significant digits, so
 * every number in a record is an integer below 10^14: ms since the epoch
 * (13 digits) and places of at most 3 x 10^13 + now (aging is capped at
 * 10^13 ms, which is what aging 0 stands for).
 *
 * Choices the header leaves open:
 * - A record that is missing or unreadable (not the JSON above) is taken
 *   off whichever zset claim meets it in, so a bad record cannot wedge
 *   the queue; status_get reports it as CALCOM_E_PROTOCOL, finish treats
 *   it as gone (not applied).
 * - A latch expires after min(result_ttl, job_ttl): seq, which ids come
 *   from, lives at least job_ttl after the last write, so no latch
 *   outlives the counter and a reused id never finds an old latch.
 * - await and idle with wait_s <= 0 (or NaN) look without blocking
 *   (EXISTS on the latch, LPOP on wake); a positive wait_s is rounded up to
 *   whole ms, at least 1 ms (Redis reads timeout 0 as forever).
 * - callback_result has no config, so it does not refresh TTLs; it only
 *   rewrites records in the existing jobs hash, whose TTL HSET keeps.
 * - An empty callback (callback_len 0) is no callback.
 * - Ids handed to finish, status_get, await and callback_result must be
 *   16 lowercase hex digits (CALCOM_E_INVALID otherwise): anything else
 *   could name a result field ("<id>:r") instead of a record.
 * - claim with max 0 only does the upkeep and hands out exhausted jobs.
 *   It moves at most 1000 due delayed jobs back per call; next_due_s is
 *   then 0, so the caller comes back for the rest at once.
 * - The queue does not cap attempts on RETRY: a job retried on its last
 *   attempt runs once more. The worker, which sees attempts, finishes it
 *   FAILED instead; only a lapsed lease is the queue's to judge.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "queue.h"

/* KEYS[1..11]: ready:1..4, delayed, leased, jobs, finished, seq, wake,
 * delivering; finish adds done:<id> for each outcome. ARGV[1] the operation, ARGV[2..6]
 * job_ttl ms, result_ttl ms, visibility ms, aging ms (per priority level),
 * max_attempts ("0" where the call has no config), ARGV[7..] the
 * operation's own. */
static const char QUEUE_LUA[] =
	"local t = redis.call('TIME')\n"
	"local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n"
	"local op = ARGV[1]\n"
	"local ready = {KEYS[1], KEYS[2], KEYS[3], KEYS[4]}\n"
	"local delayed, leased, jobs, finished, seq, wake = KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9], KEYS[10]\n"
	"local delivering = KEYS[11]\n"
	"local jttl, rttl, vis, aging, maxa =\n"
	"  tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])\n"
	"local function int(x) return string.format('%d', x) end\n"
	"local function opt(v, ty) return v == nil or type(v) == ty end\n"
	"local function load(id)\n"
	"  local raw = redis.call('HGET', jobs, id)\n"
	"  if not raw then return nil, 'gone' end\n"
	"  local ok, j = pcall(cjson.decode, raw)\n"
	"  if not ok or type(j) ~= 'table' or type(j.st) ~= 'string' or type(j.m) ~= 'string' or\n"
	"    type(j.p) ~= 'string' or type(j.q) ~= 'string' or type(j.e) ~= 'number' or type(j.s) ~= 'number' or\n"
	"    type(j.a) ~= 'number' or not ready[j.pr] or not opt(j.cb, 'string') or not opt(j.t, 'string') or\n"
	"    not opt(j.le, 'string') or not opt(j.cs, 'string') or not opt(j.sa, 'number') or\n"
	"    not opt(j.f, 'number') then\n"
	"    return nil, 'corrupt'\n"
	"  end\n"
	"  return j\n"
	"end\n"
	"local function save(id, j) redis.call('HSET', jobs, id, cjson.encode(j)) end\n"
	/* Finished jobs whose result_ttl ran out, a bounded batch per write. */
	"local function purge()\n"
	"  local ids = redis.call('ZRANGEBYSCORE', finished, '-inf', int(now), 'LIMIT', 0, 200)\n"
	"  for _, id in ipairs(ids) do redis.call('HDEL', jobs, id, id .. ':r') end\n"
	"  if #ids > 0 then redis.call('ZREM', finished, unpack(ids)); redis.call('ZREM', delivering, unpack(ids)) end\n"
	"end\n"
	"local function refresh()\n"
	"  for i = 1, 11 do redis.call('PEXPIRE', KEYS[i], jttl) end\n"
	"end\n"
	"if op == 'enqueue' then\n"
	"  purge()\n"
	"  local pr = tonumber(ARGV[10])\n"
	"  local id = string.format('%016x', redis.call('INCR', seq))\n"
	"  local place = now + (pr - 1) * aging\n"
	"  local j = {m = ARGV[7], p = ARGV[8], q = ARGV[9], pr = pr, e = now, s = place, st = 'queued', a = 0}\n"
	"  if ARGV[11] ~= '' then j.cb = ARGV[11] end\n"
	"  save(id, j)\n"
	"  redis.call('ZADD', ready[pr], int(place), id)\n"
	"  redis.call('LPUSH', wake, '1')\n"
	"  redis.call('LTRIM', wake, 0, 15)\n"
	"  refresh()\n"
	"  return id\n"
	"end\n"
	/* kind 0: run it; 1: exhausted; 2: redeliver its callback (q is then the stored result). */
	"local function job_reply(out, id, j, kind, q)\n"
	"  local n = #out\n"
	"  out[n + 1] = id; out[n + 2] = kind; out[n + 3] = j.pr; out[n + 4] = j.a; out[n + 5] = j.e\n"
	"  out[n + 6] = j.m; out[n + 7] = j.p; out[n + 8] = q or j.q; out[n + 9] = j.cb or false; out[n + 10] = j.le or false\n"
	"end\n"
	"if op == 'claim' then\n"
	"  purge()\n"
	"  local token, max = ARGV[7], tonumber(ARGV[8])\n"
	"  local out = {-1}\n"
	"  for _, id in ipairs(redis.call('ZRANGEBYSCORE', delayed, '-inf', int(now), 'LIMIT', 0, 1000)) do\n"
	"    redis.call('ZREM', delayed, id)\n"
	"    local j = load(id)\n"
	"    if j and j.st == 'delayed' then\n"
	"      j.st = 'queued'; save(id, j)\n"
	"      redis.call('ZADD', ready[j.pr], int(j.s), id)\n"
	"    end\n"
	"  end\n"
	"  for _, id in ipairs(redis.call('ZRANGEBYSCORE', leased, '-inf', int(now), 'LIMIT', 0, 100)) do\n"
	"    local j = load(id)\n"
	"    if not j or j.st ~= 'running' then\n"
	"      redis.call('ZREM', leased, id)\n"
	"    elseif j.a < maxa then\n"
	"      redis.call('ZREM', leased, id)\n"
	"      j.st = 'queued'; j.t = nil; save(id, j)\n"
	"      redis.call('ZADD', ready[j.pr], int(j.s), id)\n"
	"    else\n"
	"      j.t = token; save(id, j)\n"
	"      redis.call('ZADD', leased, int(now + vis), id)\n"
	"      job_reply(out, id, j, 1)\n"
	"    end\n"
	"  end\n"
	/* Deliveries a worker started and never confirmed (it died): again,
	 * under a fresh delivery lease. */
	"  for _, id in ipairs(redis.call('ZRANGEBYSCORE', delivering, '-inf', int(now), 'LIMIT', 0, 100)) do\n"
	"    local j = load(id)\n"
	"    local result = j and j.cb and j.cs == 'pending' and redis.call('HGET', jobs, id .. ':r')\n"
	"    if result then\n"
	"      redis.call('ZADD', delivering, int(now + vis), id)\n"
	"      job_reply(out, id, j, 2, result)\n"
	"    else\n"
	"      redis.call('ZREM', delivering, id)\n"
	"    end\n"
	"  end\n"
	/* Merges the heads of the four ready zsets by (place, priority, id):
	 * `need` from each is enough for `need` picks. A round that met bad
	 * records (dropped) goes again for the rest. */
	"  local need = max\n"
	"  while need > 0 do\n"
	"    local heads, idx = {}, {1, 1, 1, 1}\n"
	"    for q = 1, 4 do heads[q] = redis.call('ZRANGE', ready[q], 0, need - 1, 'WITHSCORES') end\n"
	"    local picked, took = 0, 0\n"
	"    while picked < need do\n"
	"      local bq, bs\n"
	"      for q = 1, 4 do\n"
	"        local sc = heads[q][idx[q] + 1]\n"
	"        if sc then\n"
	"          sc = tonumber(sc)\n"
	"          if not bs or sc < bs then bq, bs = q, sc end\n"
	"        end\n"
	"      end\n"
	"      if not bq then break end\n"
	"      local id = heads[bq][idx[bq]]\n"
	"      idx[bq] = idx[bq] + 2\n"
	"      picked = picked + 1\n"
	"      redis.call('ZREM', ready[bq], id)\n"
	"      local j = load(id)\n"
	"      if j and j.st == 'queued' then\n"
	"        j.a = j.a + 1; j.st = 'running'; j.t = token; j.sa = now\n"
	"        save(id, j)\n"
	"        redis.call('ZADD', leased, int(now + vis), id)\n"
	"        job_reply(out, id, j, 0)\n"
	"        took = took + 1\n"
	"      end\n"
	"    end\n"
	"    need = need - took\n"
	"    if picked == 0 or took == picked then break end\n"
	"  end\n"
	"  local due\n"
	"  local d = redis.call('ZRANGE', delayed, 0, 0, 'WITHSCORES')\n"
	"  local l = redis.call('ZRANGE', leased, 0, 0, 'WITHSCORES')\n"
	"  local c = redis.call('ZRANGE', delivering, 0, 0, 'WITHSCORES')\n"
	"  if d[2] then due = tonumber(d[2]) end\n"
	"  if l[2] and (not due or tonumber(l[2]) < due) then due = tonumber(l[2]) end\n"
	"  if c[2] and (not due or tonumber(c[2]) < due) then due = tonumber(c[2]) end\n"
	"  if due then out[1] = math.max(due - now, 0) end\n"
	"  refresh()\n"
	"  return out\n"
	"end\n"
	"if op == 'finish' then\n"
	"  purge()\n"
	"  local token, n = ARGV[7], tonumber(ARGV[8])\n"
	"  local lttl = math.min(rttl, jttl)\n"
	"  local out = {}\n"
	"  for i = 1, n do\n"
	"    local b = 8 + (i - 1) * 5\n"
	"    local id, kind, delay, payload = ARGV[b + 1], ARGV[b + 2], tonumber(ARGV[b + 3]), ARGV[b + 4]\n"
	"    local latch = KEYS[11 + i]\n"
	"    local j = load(id)\n"
	"    local applied = 0\n"
	"    if not j then\n"
	"    elseif kind == 'D' or kind == 'F' then\n"
	"      if j.st ~= 'done' and j.st ~= 'failed' then\n"
	"        redis.call('ZREM', leased, id); redis.call('ZREM', delayed, id); redis.call('ZREM', ready[j.pr], id)\n"
	"        j.st = kind == 'D' and 'done' or 'failed'; j.f = now; j.t = nil\n"
	"        if ARGV[b + 5] == '1' then\n"
	"          j.cs = 'pending'\n"
	"          redis.call('ZADD', delivering, int(now + vis), id)\n"
	"        end\n"
	"        save(id, j)\n"
	"        redis.call('HSET', jobs, id .. ':r', payload)\n"
	"        redis.call('ZADD', finished, int(now + rttl), id)\n"
	"        if redis.call('LLEN', latch) == 0 then redis.call('RPUSH', latch, '1') end\n"
	"        redis.call('PEXPIRE', latch, lttl)\n"
	"        applied = 1\n"
	"      end\n"
	"    elseif j.st == 'running' and j.t == token then\n"
	"      j.st = 'delayed'; j.t = nil\n"
	"      if kind == 'R' then j.le = payload elseif j.a > 0 then j.a = j.a - 1 end\n"
	"      save(id, j)\n"
	"      redis.call('ZREM', leased, id)\n"
	"      redis.call('ZADD', delayed, int(now + delay), id)\n"
	"      applied = 1\n"
	"    end\n"
	"    out[i] = applied\n"
	"  end\n"
	"  refresh()\n"
	"  return out\n"
	"end\n"
	"if op == 'callback' then\n"
	"  local n, set = tonumber(ARGV[7]), 0\n"
	"  for i = 1, n do\n"
	"    local id, cs = ARGV[6 + 2 * i], ARGV[7 + 2 * i]\n"
	"    local j = load(id)\n"
	"    if j then\n"
	"      if cs == 'none' then j.cs = nil else j.cs = cs end\n"
	"      save(id, j); set = set + 1\n"
	"      if cs ~= 'pending' then redis.call('ZREM', delivering, id) end\n"
	"    end\n"
	"  end\n"
	"  return set\n"
	"end\n"
	/* Position: what claim takes first is the smallest (place, priority,
	 * id), so before this job come the members of its own zset ranked
	 * before it, those of higher priorities placed at or before it, and
	 * those of lower priorities placed strictly before it. */
	"if op == 'status' then\n"
	"  local id = ARGV[7]\n"
	"  local j, why = load(id)\n"
	"  if not j then return {why} end\n"
	"  local pos = -1\n"
	"  if j.st == 'queued' then\n"
	"    local rank = redis.call('ZRANK', ready[j.pr], id)\n"
	"    if rank then\n"
	"      pos = rank\n"
	"      for q = 1, 4 do\n"
	"        if q < j.pr then pos = pos + redis.call('ZCOUNT', ready[q], '-inf', int(j.s))\n"
	"        elseif q > j.pr then pos = pos + redis.call('ZCOUNT', ready[q], '-inf', '(' .. int(j.s)) end\n"
	"      end\n"
	"    end\n"
	"  end\n"
	"  local payload = false\n"
	"  if j.st == 'done' or j.st == 'failed' then payload = redis.call('HGET', jobs, id .. ':r') end\n"
	"  return {'ok', j.st, j.pr, j.a, j.e, j.sa or 0, j.f or 0, pos, j.cs or (j.cb and 'pending') or 'none', payload,\n"
	"    j.le or false}\n"
	"end\n"
	"return redis.error_reply('calcom queue: unknown operation ' .. tostring(op))\n";

#define NUM_LEN 32
#define NKEYS 11
#define NCOMMON 6
/* Bounds on one call's batch (arguments Redis and Lua handle comfortably). */
#define MAX_CLAIM 1000
#define MAX_BATCH 1000
/* What aging 0 stands for, and the cap on any aging (ms per level). */
#define STRICT_AGING_MS 10000000000000LL
/* TTLs, visibility and delays stay below this (s), so now + any of them in
 * ms stays far below 10^14. */
#define MAX_SPAN_S 1e9
#define REPLY_PER_JOB 10

static const char *const KEY_SUFFIX[NKEYS] = {
	"ready:1", "ready:2", "ready:3", "ready:4", "delayed", "leased", "jobs", "finished", "seq", "wake", "delivering",
};
#define KEY_WAKE 9

struct calcom_queue {
	char *base;
	size_t base_len;
	const char *key[NKEYS];
	size_t key_len[NKEYS];
	char *buf;  /* the key names, one allocation */
};

void calcom_queue_config_default(calcom_queue_config *cfg)
{
	cfg->aging_s = 30.0;
	cfg->job_ttl_s = 86400.0;
	cfg->result_ttl_s = 3600.0;
	cfg->visibility_s = 60.0;
	cfg->max_attempts = 3;
}

const char *calcom_queue_config_check(const calcom_queue_config *cfg)
{
	if (!(cfg->aging_s >= 0) || !isfinite(cfg->aging_s)) return "aging must be a finite number >= 0";
	if (!(cfg->job_ttl_s > 0) || !(cfg->job_ttl_s <= MAX_SPAN_S)) return "job_ttl must be > 0 and at most 1e9 s";
	if (!(cfg->result_ttl_s > 0) || !(cfg->result_ttl_s <= MAX_SPAN_S)) {
		return "result_ttl must be > 0 and at most 1e9 s";
	}
	if (!(cfg->visibility_s > 0) || !(cfg->visibility_s <= MAX_SPAN_S)) {
		return "visibility must be > 0 and at most 1e9 s";
	}
	if (cfg->max_attempts < 1) return "max_attempts must be >= 1";
	return NULL;
}

calcom_queue *calcom_queue_new(const char *base, size_t base_len)
{
	calcom_queue *q = calloc(1, sizeof *q);
	if (!q) return NULL;
	size_t total = base_len + 1;
	for (int i = 0; i < NKEYS; i++) total += base_len + strlen(KEY_SUFFIX[i]) + 1;
	q->buf = malloc(total);
	if (!q->buf) {
		free(q);
		return NULL;
	}
	char *p = q->buf;
	q->base = p;
	q->base_len = base_len;
	if (base_len) memcpy(p, base, base_len);
	p[base_len] = '\0';
	p += base_len + 1;
	for (int i = 0; i < NKEYS; i++) {
		size_t sl = strlen(KEY_SUFFIX[i]);
		if (base_len) memcpy(p, base, base_len);
		memcpy(p + base_len, KEY_SUFFIX[i], sl + 1);
		q->key[i] = p;
		q->key_len[i] = base_len + sl;
		p += base_len + sl + 1;
	}
	return q;
}

void calcom_queue_free(calcom_queue *q)
{
	if (!q) return;
	free(q->buf);
	free(q);
}

const char *calcom_queue_state_name(calcom_queue_state s)
{
	switch (s) {
	case CALCOM_QUEUE_QUEUED: return "queued";
	case CALCOM_QUEUE_DELAYED: return "delayed";
	case CALCOM_QUEUE_RUNNING: return "running";
	case CALCOM_QUEUE_DONE: return "done";
	case CALCOM_QUEUE_FAILED: return "failed";
	case CALCOM_QUEUE_UNKNOWN: break;
	}
	return "unknown";
}

const char *calcom_callback_state_name(calcom_callback_state s)
{
	switch (s) {
	case CALCOM_CALLBACK_PENDING: return "pending";
	case CALCOM_CALLBACK_DELIVERED: return "delivered";
	case CALCOM_CALLBACK_FAILED: return "failed";
	case CALCOM_CALLBACK_NONE: break;
	}
	return "none";
}

/* ---- helpers ------------------------------------------------------------ */

static bool nomem(calcom_err *err)
{
	return calcom_err_set(err, CALCOM_E_NOMEM, "out of memory");
}

static bool protocol_error(calcom_redis *r, redisReply *reply, calcom_err *err)
{
	calcom_err_set(err, CALCOM_E_PROTOCOL, "Redis at %s: unexpected answer from the queue script",
		calcom_redis_endpoint(r));
	if (reply) freeReplyObject(reply);
	return false;
}

static bool id_ok(const char *id)
{
	if (!id) return false;
	for (int i = 0; i < CALCOM_QUEUE_ID_LEN; i++) {
		if (!((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'f'))) return false;
	}
	return id[CALCOM_QUEUE_ID_LEN] == '\0';
}

static bool token_ok(const char *token)
{
	if (!token) return false;
	for (int i = 0; i < CALCOM_QUEUE_TOKEN_LEN; i++) {
		if (token[i] == '\0') return false;
	}
	return token[CALCOM_QUEUE_TOKEN_LEN] == '\0';
}

static long long ms_of(double s)
{
	long long ms = llround(s * 1000.0);
	return ms < 1 ? 1 : ms;
}

static size_t num(char *buf, long long v)
{
	return (size_t)snprintf(buf, NUM_LEN, "%lld", v);
}

/* The latch key of id into buf (base_len + 5 + 16 + 1 bytes). */
static size_t latch_key(const calcom_queue *q, const char *id, char *buf)
{
	memcpy(buf, q->base, q->base_len);
	memcpy(buf + q->base_len, "done:", 5);
	memcpy(buf + q->base_len + 5, id, CALCOM_QUEUE_ID_LEN);
	buf[q->base_len + 5 + CALCOM_QUEUE_ID_LEN] = '\0';
	return q->base_len + 5 + CALCOM_QUEUE_ID_LEN;
}

#define LATCH_EXTRA (5 + CALCOM_QUEUE_ID_LEN + 1)

/* ARGV[1..6]: the operation and the config (zeros without one). */
typedef struct {
	char buf[NCOMMON][NUM_LEN];
	const char *argv[NCOMMON];
	size_t lens[NCOMMON];
} common_args;

static bool common_init(common_args *c, const char *op, const calcom_queue_config *cfg, calcom_err *err)
{
	c->argv[0] = op;
	c->lens[0] = strlen(op);
	long long v[NCOMMON - 1] = {0, 0, 0, 0, 0};
	if (cfg) {
		const char *bad = calcom_queue_config_check(cfg);
		if (bad) return calcom_err_set(err, CALCOM_E_INVALID, "queue config: %s", bad);
		v[0] = ms_of(cfg->job_ttl_s);
		v[1] = ms_of(cfg->result_ttl_s);
		v[2] = ms_of(cfg->visibility_s);
		double aging = cfg->aging_s * 1000.0;
		v[3] = cfg->aging_s == 0 || aging >= (double)STRICT_AGING_MS ? STRICT_AGING_MS : llround(aging);
		v[4] = cfg->max_attempts;
	}
	for (int i = 1; i < NCOMMON; i++) {
		c->argv[i] = c->buf[i];
		c->lens[i] = num(c->buf[i], v[i - 1]);
	}
	return true;
}

/* The script with the fixed keys plus `extra`; an error reply becomes err. */
static redisReply *queue_eval(calcom_redis *r, const calcom_queue *q, size_t nextra, const char *const *extra,
	const size_t *extra_lens, size_t nargs, const char **args, const size_t *arg_lens, calcom_err *err)
{
	static calcom_script script;
	if (!script.len) {
		calcom_script_init(&script, QUEUE_LUA, sizeof QUEUE_LUA - 1);
	}
	const char *fixed[NKEYS];
	size_t fixed_lens[NKEYS];
	const char **keys = fixed;
	size_t *key_lens = fixed_lens;
	if (nextra) {
		keys = malloc((NKEYS + nextra) * sizeof *keys);
		key_lens = malloc((NKEYS + nextra) * sizeof *key_lens);
		if (!keys || !key_lens) {
			free(keys);
			free(key_lens);
			nomem(err);
			return NULL;
		}
		memcpy(keys + NKEYS, extra, nextra * sizeof *extra);
		memcpy(key_lens + NKEYS, extra_lens, nextra * sizeof *extra_lens);
	}
	memcpy(keys, q->key, sizeof q->key);
	memcpy(key_lens, q->key_len, sizeof q->key_len);
	redisReply *reply = calcom_redis_eval(r, &script, (int)(NKEYS + nextra), keys, key_lens, (int)nargs, args,
		arg_lens, err);
	if (nextra) {
		free(keys);
		free(key_lens);
	}
	if (reply && reply->type == REDIS_REPLY_ERROR) {
		calcom_err_set(err, CALCOM_E_SERVER, "Redis at %s: %s", calcom_redis_endpoint(r), reply->str);
		freeReplyObject(reply);
		return NULL;
	}
	return reply;
}

/* A malloc'd NUL-terminated copy of a string element. */
static char *dup_str(const redisReply *e, size_t *len)
{
	char *s = malloc(e->len + 1);
	if (!s) return NULL;
	if (e->len) memcpy(s, e->str, e->len);
	s[e->len] = '\0';
	if (len) *len = e->len;
	return s;
}

static bool is_str(const redisReply *e)
{
	return e->type == REDIS_REPLY_STRING;
}

static bool is_int(const redisReply *e, long long lo, long long hi)
{
	return e->type == REDIS_REPLY_INTEGER && e->integer >= lo && e->integer <= hi;
}

static bool is_str_or_nil(const redisReply *e)
{
	return e->type == REDIS_REPLY_STRING || e->type == REDIS_REPLY_NIL;
}

static bool reply_is_id(const redisReply *e)
{
	if (!is_str(e) || e->len != CALCOM_QUEUE_ID_LEN) return false;
	char tmp[CALCOM_QUEUE_ID_LEN + 1];
	memcpy(tmp, e->str, CALCOM_QUEUE_ID_LEN);
	tmp[CALCOM_QUEUE_ID_LEN] = '\0';
	return id_ok(tmp);
}

/* Blocking-command timeouts in seconds, as text: whole ms plus half a ms
 * ("0.0505" for 50 ms), because Redis truncates seconds x 1000 to whole ms
 * and 0.050 read as a long double may come out just below 50. */
static size_t timeout_arg(char *buf, double wait_s)
{
	double ms = ceil(wait_s * 1000.0);
	long long v = ms < 1 ? 1 : ms > 1e12 ? 1000000000000LL : (long long)ms;
	return (size_t)snprintf(buf, NUM_LEN, "%lld.%03lld5", v / 1000, v % 1000);
}

/* ---- enqueue ------------------------------------------------------------ */

bool calcom_queue_enqueue(calcom_redis *r, const calcom_queue *q, const calcom_queue_config *cfg,
	const calcom_queue_spec *spec, char id[CALCOM_QUEUE_ID_LEN + 1], calcom_err *err)
{
	id[0] = '\0';
	if (spec->priority < 1 || spec->priority > 4) {
		return calcom_err_set(err, CALCOM_E_INVALID, "priority must be 1 to 4, not %d", spec->priority);
	}
	if ((!spec->method && spec->method_len) || (!spec->path && spec->path_len) ||
	    (!spec->params && spec->params_len)) {
		return calcom_err_set(err, CALCOM_E_INVALID, "a job's method, path or params is NULL");
	}
	common_args c;
	if (!common_init(&c, "enqueue", cfg, err)) return false;
	char prio[NUM_LEN];
	const char *args[NCOMMON + 5];
	size_t lens[NCOMMON + 5];
	memcpy(args, c.argv, sizeof c.argv);
	memcpy(lens, c.lens, sizeof c.lens);
	bool cb = spec->callback && spec->callback_len;
	args[6] = spec->method ? spec->method : "";
	lens[6] = spec->method_len;
	args[7] = spec->path ? spec->path : "";
	lens[7] = spec->path_len;
	args[8] = spec->params ? spec->params : "";
	lens[8] = spec->params_len;
	args[9] = prio;
	lens[9] = num(prio, spec->priority);
	args[10] = cb ? spec->callback : "";
	lens[10] = cb ? spec->callback_len : 0;
	redisReply *reply = queue_eval(r, q, 0, NULL, NULL, NCOMMON + 5, args, lens, err);
	if (!reply) return false;
	if (!reply_is_id(reply)) return protocol_error(r, reply, err);
	memcpy(id, reply->str, CALCOM_QUEUE_ID_LEN);
	id[CALCOM_QUEUE_ID_LEN] = '\0';
	freeReplyObject(reply);
	return true;
}

/* ---- claim -------------------------------------------------------------- */

static void job_free(calcom_queue_job *j)
{
	free(j->method);
	free(j->path);
	free(j->params);
	free(j->callback);
	free(j->last_error);
}

void calcom_queue_claim_free(calcom_queue_claim *c)
{
	if (!c) return;
	for (size_t i = 0; i < c->n; i++) job_free(&c->jobs[i]);
	free(c->jobs);
	c->jobs = NULL;
	c->n = 0;
	c->next_due_s = -1;
}

/* One job from el[0..REPLY_PER_JOB): 1 on success, 0 bad shape, -1 no memory.
 * On failure j holds whatever was allocated (job_free it). */
static int job_parse(redisReply *const *el, calcom_queue_job *j)
{
	if (!reply_is_id(el[0]) || !is_int(el[1], 0, 2) || !is_int(el[2], 1, 4) || !is_int(el[3], 0, 1000000000) ||
	    !is_int(el[4], 0, INT64_C(100000000000000)) || !is_str(el[5]) || !is_str(el[6]) || !is_str(el[7]) ||
	    !is_str_or_nil(el[8]) || !is_str_or_nil(el[9])) {
		return 0;
	}
	memcpy(j->id, el[0]->str, CALCOM_QUEUE_ID_LEN);
	j->id[CALCOM_QUEUE_ID_LEN] = '\0';
	j->exhausted = el[1]->integer == 1;
	j->redeliver = el[1]->integer == 2;
	j->priority = (int)el[2]->integer;
	j->attempts = (int)el[3]->integer;
	j->enqueued_at = (double)el[4]->integer / 1000.0;
	if (!(j->method = dup_str(el[5], NULL))) return -1;
	if (!(j->path = dup_str(el[6], NULL))) return -1;
	if (!(j->params = dup_str(el[7], &j->params_len))) return -1;
	if (is_str(el[8]) && !(j->callback = dup_str(el[8], NULL))) return -1;
	if (is_str(el[9]) && !(j->last_error = dup_str(el[9], &j->last_error_len))) return -1;
	return 1;
}

bool calcom_queue_claim_jobs(calcom_redis *r, const calcom_queue *q, const calcom_queue_config *cfg, size_t max,
	const char token[CALCOM_QUEUE_TOKEN_LEN + 1], calcom_queue_claim *out, calcom_err *err)
{
	memset(out, 0, sizeof *out);
	out->next_due_s = -1;
	if (max > MAX_CLAIM) return calcom_err_set(err, CALCOM_E_INVALID, "at most %d jobs per claim", MAX_CLAIM);
	if (!token_ok(token)) {
		return calcom_err_set(err, CALCOM_E_INVALID, "a lease token is %d characters", CALCOM_QUEUE_TOKEN_LEN);
	}
	common_args c;
	if (!common_init(&c, "claim", cfg, err)) return false;
	char maxbuf[NUM_LEN];
	const char *args[NCOMMON + 2];
	size_t lens[NCOMMON + 2];
	memcpy(args, c.argv, sizeof c.argv);
	memcpy(lens, c.lens, sizeof c.lens);
	args[6] = token;
	lens[6] = CALCOM_QUEUE_TOKEN_LEN;
	args[7] = maxbuf;
	lens[7] = num(maxbuf, (long long)max);
	redisReply *reply = queue_eval(r, q, 0, NULL, NULL, NCOMMON + 2, args, lens, err);
	if (!reply) return false;
	if (reply->type != REDIS_REPLY_ARRAY || reply->elements < 1 || (reply->elements - 1) % REPLY_PER_JOB != 0 ||
	    !is_int(reply->element[0], -1, INT64_C(100000000000000))) {
		return protocol_error(r, reply, err);
	}
	size_t n = (reply->elements - 1) / REPLY_PER_JOB;
	if (n > max + 200) return protocol_error(r, reply, err);
	long long due = reply->element[0]->integer;
	if (n) {
		out->jobs = calloc(n, sizeof *out->jobs);
		if (!out->jobs) {
			freeReplyObject(reply);
			return nomem(err);
		}
	}
	for (size_t i = 0; i < n; i++) {
		int ok = job_parse(reply->element + 1 + i * REPLY_PER_JOB, &out->jobs[i]);
		out->n = i + 1;  /* what job_parse allocated is freed with the rest */
		if (ok <= 0) {
			calcom_queue_claim_free(out);
			if (ok < 0) {
				freeReplyObject(reply);
				return nomem(err);
			}
			return protocol_error(r, reply, err);
		}
	}
	out->next_due_s = due < 0 ? -1 : (double)due / 1000.0;
	freeReplyObject(reply);
	return true;
}

/* ---- finish ------------------------------------------------------------- */

/* The arrays one finish call builds (its outcomes' arguments and latches). */
typedef struct {
	const char **args;
	size_t *lens;
	char (*delays)[NUM_LEN];
	char *latch_buf;
	const char **latches;
	size_t *latch_lens;
} finish_bufs;

static bool finish_send(calcom_redis *r, const calcom_queue *q, const common_args *c, const char *token,
	const calcom_queue_outcome *outcomes, size_t n, bool *applied, finish_bufs *b, calcom_err *err)
{
	static const char *const KIND[] = {"D", "F", "R", "L"};
	size_t stride = q->base_len + LATCH_EXTRA;
	char count[NUM_LEN];
	memcpy(b->args, c->argv, sizeof c->argv);
	memcpy(b->lens, c->lens, sizeof c->lens);
	b->args[6] = token;
	b->lens[6] = CALCOM_QUEUE_TOKEN_LEN;
	b->args[7] = count;
	b->lens[7] = num(count, (long long)n);
	for (size_t i = 0; i < n; i++) {
		const calcom_queue_outcome *o = &outcomes[i];
		size_t at = NCOMMON + 2 + 5 * i;
		bool later = o->kind == CALCOM_QUEUE_OUTCOME_RETRY || o->kind == CALCOM_QUEUE_OUTCOME_RELEASE;
		b->args[at] = o->id;
		b->lens[at] = CALCOM_QUEUE_ID_LEN;
		b->args[at + 1] = KIND[o->kind];
		b->lens[at + 1] = 1;
		b->args[at + 2] = b->delays[i];
		b->lens[at + 2] = num(b->delays[i], later ? llround(o->delay_s * 1000.0) : 0);
		b->args[at + 3] = o->payload ? o->payload : "";
		b->lens[at + 3] = o->payload_len;
		b->args[at + 4] = o->callback_pending ? "1" : "0";
		b->lens[at + 4] = 1;
		b->latches[i] = b->latch_buf + i * stride;
		b->latch_lens[i] = latch_key(q, o->id, b->latch_buf + i * stride);
	}
	redisReply *reply = queue_eval(r, q, n, b->latches, b->latch_lens, NCOMMON + 2 + 5 * n, b->args, b->lens, err);
	if (!reply) return false;
	if (reply->type != REDIS_REPLY_ARRAY || reply->elements != n) return protocol_error(r, reply, err);
	for (size_t i = 0; i < n; i++) {
		if (!is_int(reply->element[i], 0, 1)) return protocol_error(r, reply, err);
	}
	for (size_t i = 0; i < n; i++) applied[i] = reply->element[i]->integer == 1;
	freeReplyObject(reply);
	return true;
}

bool calcom_queue_finish(calcom_redis *r, const calcom_queue *q, const calcom_queue_config *cfg,
	const char token[CALCOM_QUEUE_TOKEN_LEN + 1], const calcom_queue_outcome *outcomes, size_t n, bool *applied,
	calcom_err *err)
{
	for (size_t i = 0; i < n; i++) applied[i] = false;
	if (n > MAX_BATCH) return calcom_err_set(err, CALCOM_E_INVALID, "at most %d outcomes per call", MAX_BATCH);
	if (!token_ok(token)) {
		return calcom_err_set(err, CALCOM_E_INVALID, "a lease token is %d characters", CALCOM_QUEUE_TOKEN_LEN);
	}
	for (size_t i = 0; i < n; i++) {
		const calcom_queue_outcome *o = &outcomes[i];
		if (!id_ok(o->id)) return calcom_err_set(err, CALCOM_E_INVALID, "outcome %zu: not a job id", i);
		if (o->kind != CALCOM_QUEUE_OUTCOME_DONE && o->kind != CALCOM_QUEUE_OUTCOME_FAILED &&
		    o->kind != CALCOM_QUEUE_OUTCOME_RETRY && o->kind != CALCOM_QUEUE_OUTCOME_RELEASE) {
			return calcom_err_set(err, CALCOM_E_INVALID, "outcome %zu: unknown kind %d", i, (int)o->kind);
		}
		if ((o->kind == CALCOM_QUEUE_OUTCOME_RETRY || o->kind == CALCOM_QUEUE_OUTCOME_RELEASE) &&
		    !(o->delay_s >= 0 && o->delay_s <= MAX_SPAN_S)) {
			return calcom_err_set(err, CALCOM_E_INVALID, "outcome %zu: delay must be 0 to 1e9 s", i);
		}
		if (!o->payload && o->payload_len) return calcom_err_set(err, CALCOM_E_INVALID, "outcome %zu: NULL payload", i);
	}
	common_args c;
	if (!common_init(&c, "finish", cfg, err)) return false;
	if (n == 0) return true;

	size_t nargs = NCOMMON + 2 + 5 * n;
	finish_bufs b = {
		malloc(nargs * sizeof *b.args), malloc(nargs * sizeof *b.lens), malloc(n * sizeof *b.delays),
		malloc(n * (q->base_len + LATCH_EXTRA)), malloc(n * sizeof *b.latches), malloc(n * sizeof *b.latch_lens),
	};
	bool ok = b.args && b.lens && b.delays && b.latch_buf && b.latches && b.latch_lens
		? finish_send(r, q, &c, token, outcomes, n, applied, &b, err)
		: nomem(err);
	free(b.args);
	free(b.lens);
	free(b.delays);
	free(b.latch_buf);
	free(b.latches);
	free(b.latch_lens);
	return ok;
}

/* ---- callback results --------------------------------------------------- */

bool calcom_queue_callback_result(calcom_redis *r, const calcom_queue *q, const char *const *ids,
	const calcom_callback_state *states, size_t n, calcom_err *err)
{
	if (n > MAX_BATCH) return calcom_err_set(err, CALCOM_E_INVALID, "at most %d callback results per call", MAX_BATCH);
	for (size_t i = 0; i < n; i++) {
		if (!id_ok(ids[i])) return calcom_err_set(err, CALCOM_E_INVALID, "callback result %zu: not a job id", i);
		if (states[i] != CALCOM_CALLBACK_NONE && states[i] != CALCOM_CALLBACK_PENDING &&
		    states[i] != CALCOM_CALLBACK_DELIVERED && states[i] != CALCOM_CALLBACK_FAILED) {
			return calcom_err_set(err, CALCOM_E_INVALID, "callback result %zu: unknown state %d", i, (int)states[i]);
		}
	}
	if (n == 0) return true;
	common_args c;
	(void)common_init(&c, "callback", NULL, err);
	size_t nargs = NCOMMON + 1 + 2 * n;
	const char **args = malloc(nargs * sizeof *args);
	size_t *lens = malloc(nargs * sizeof *lens);
	if (!args || !lens) {
		free(args);
		free(lens);
		return nomem(err);
	}
	char count[NUM_LEN];
	memcpy(args, c.argv, sizeof c.argv);
	memcpy(lens, c.lens, sizeof c.lens);
	args[6] = count;
	lens[6] = num(count, (long long)n);
	for (size_t i = 0; i < n; i++) {
		const char *name = calcom_callback_state_name(states[i]);
		args[NCOMMON + 1 + 2 * i] = ids[i];
		lens[NCOMMON + 1 + 2 * i] = CALCOM_QUEUE_ID_LEN;
		args[NCOMMON + 2 + 2 * i] = name;
		lens[NCOMMON + 2 + 2 * i] = strlen(name);
	}
	redisReply *reply = queue_eval(r, q, 0, NULL, NULL, nargs, args, lens, err);
	free(args);
	free(lens);
	if (!reply) return false;
	if (!is_int(reply, 0, (long long)n)) return protocol_error(r, reply, err);
	freeReplyObject(reply);
	return true;
}

/* ---- status ------------------------------------------------------------- */

void calcom_queue_status_free(calcom_queue_status *s)
{
	if (!s) return;
	free(s->payload);
	free(s->last_error);
	s->payload = NULL;
	s->last_error = NULL;
	s->payload_len = s->last_error_len = 0;
}

static bool name_is(const redisReply *e, const char *name)
{
	return e->len == strlen(name) && memcmp(e->str, name, e->len) == 0;
}

bool calcom_queue_status_get(calcom_redis *r, const calcom_queue *q, const char *id, calcom_queue_status *out,
	calcom_err *err)
{
	memset(out, 0, sizeof *out);
	out->position = -1;
	if (!id_ok(id)) return calcom_err_set(err, CALCOM_E_INVALID, "not a job id");
	common_args c;
	(void)common_init(&c, "status", NULL, err);
	const char *args[NCOMMON + 1];
	size_t lens[NCOMMON + 1];
	memcpy(args, c.argv, sizeof c.argv);
	memcpy(lens, c.lens, sizeof c.lens);
	args[6] = id;
	lens[6] = CALCOM_QUEUE_ID_LEN;
	redisReply *reply = queue_eval(r, q, 0, NULL, NULL, NCOMMON + 1, args, lens, err);
	if (!reply) return false;
	if (reply->type != REDIS_REPLY_ARRAY || reply->elements < 1 || !is_str(reply->element[0])) {
		return protocol_error(r, reply, err);
	}
	redisReply **el = reply->element;
	if (reply->elements == 1 && name_is(el[0], "gone")) {
		freeReplyObject(reply);
		return true;
	}
	if (reply->elements == 1 && name_is(el[0], "corrupt")) {
		calcom_err_set(err, CALCOM_E_PROTOCOL, "Redis at %s: the record of job %s is not readable",
			calcom_redis_endpoint(r), id);
		freeReplyObject(reply);
		return false;
	}
	const long long MS_MAX = INT64_C(100000000000000);
	if (reply->elements != 11 || !name_is(el[0], "ok") || !is_str(el[1]) || !is_int(el[2], 1, 4) ||
	    !is_int(el[3], 0, 1000000000) || !is_int(el[4], 0, MS_MAX) || !is_int(el[5], 0, MS_MAX) ||
	    !is_int(el[6], 0, MS_MAX) || !is_int(el[7], -1, INT64_C(1) << 40) || !is_str(el[8]) ||
	    !is_str_or_nil(el[9]) || !is_str_or_nil(el[10])) {
		return protocol_error(r, reply, err);
	}
	static const char *const STATES[] = {"queued", "delayed", "running", "done", "failed"};
	static const calcom_queue_state STATE_OF[] = {CALCOM_QUEUE_QUEUED, CALCOM_QUEUE_DELAYED, CALCOM_QUEUE_RUNNING,
		CALCOM_QUEUE_DONE, CALCOM_QUEUE_FAILED};
	calcom_queue_state st = CALCOM_QUEUE_UNKNOWN;
	for (size_t i = 0; i < sizeof STATES / sizeof *STATES; i++) {
		if (name_is(el[1], STATES[i])) st = STATE_OF[i];
	}
	static const calcom_callback_state CALLBACKS[] = {CALCOM_CALLBACK_NONE, CALCOM_CALLBACK_PENDING,
		CALCOM_CALLBACK_DELIVERED, CALCOM_CALLBACK_FAILED};
	int cs = -1;
	for (size_t i = 0; i < sizeof CALLBACKS / sizeof *CALLBACKS; i++) {
		if (name_is(el[8], calcom_callback_state_name(CALLBACKS[i]))) cs = (int)i;
	}
	if (st == CALCOM_QUEUE_UNKNOWN || cs < 0) return protocol_error(r, reply, err);
	out->state = st;
	out->priority = (int)el[2]->integer;
	out->attempts = (int)el[3]->integer;
	out->enqueued_at = (double)el[4]->integer / 1000.0;
	out->started_at = (double)el[5]->integer / 1000.0;
	out->finished_at = (double)el[6]->integer / 1000.0;
	out->position = st == CALCOM_QUEUE_QUEUED ? (long)el[7]->integer : -1;
	out->callback = CALLBACKS[cs];
	if (is_str(el[9]) && (st == CALCOM_QUEUE_DONE || st == CALCOM_QUEUE_FAILED) &&
	    !(out->payload = dup_str(el[9], &out->payload_len))) {
		freeReplyObject(reply);
		calcom_queue_status_free(out);
		return nomem(err);
	}
	if (is_str(el[10]) && !(out->last_error = dup_str(el[10], &out->last_error_len))) {
		freeReplyObject(reply);
		calcom_queue_status_free(out);
		return nomem(err);
	}
	freeReplyObject(reply);
	return true;
}

/* ---- depths ------------------------------------------------------------- */

bool calcom_queue_depths_get(calcom_redis *r, const calcom_queue *q, calcom_queue_depths *out, calcom_err *err)
{
	memset(out, 0, sizeof *out);
	/* ready:1..4, delayed, leased: the first six keys. */
	enum { N = 6 };
	const char *argv[N][2];
	size_t lens[N][2];
	int argcs[N];
	const char **argvs[N];
	const size_t *argvlens[N];
	for (int i = 0; i < N; i++) {
		argv[i][0] = "ZCARD";
		lens[i][0] = 5;
		argv[i][1] = q->key[i];
		lens[i][1] = q->key_len[i];
		argcs[i] = 2;
		argvs[i] = argv[i];
		argvlens[i] = lens[i];
	}
	redisReply *replies[N];
	if (!calcom_redis_pipeline(r, N, argcs, argvs, argvlens, replies, err)) {
		return false;
	}
	bool ok = true;
	for (int i = 0; i < N; i++) {
		if (ok && replies[i]->type == REDIS_REPLY_ERROR) {
			calcom_err_set(err, CALCOM_E_SERVER, "Redis at %s: %s", calcom_redis_endpoint(r), replies[i]->str);
			ok = false;
		} else if (ok && !is_int(replies[i], 0, INT64_C(1) << 40)) {
			protocol_error(r, NULL, err);
			ok = false;
		}
	}
	if (ok) {
		for (int i = 0; i < 4; i++) out->ready[i + 1] = (long)replies[i]->integer;
		out->delayed = (long)replies[4]->integer;
		out->running = (long)replies[5]->integer;
	}
	for (int i = 0; i < N; i++) freeReplyObject(replies[i]);
	if (!ok) memset(out, 0, sizeof *out);
	return ok;
}

/* ---- blocking waits ----------------------------------------------------- */

bool calcom_queue_await(calcom_redis *r, const calcom_queue *q, const char *id, double wait_s, bool *done,
	calcom_err *err)
{
	*done = false;
	if (!id_ok(id)) return calcom_err_set(err, CALCOM_E_INVALID, "not a job id");
	char *key = malloc(q->base_len + LATCH_EXTRA);
	if (!key) return nomem(err);
	size_t key_len = latch_key(q, id, key);
	redisReply *reply;
	bool look = !(wait_s > 0);
	if (look) {
		const char *argv[] = {"EXISTS", key};
		const size_t lens[] = {6, key_len};
		reply = calcom_redis_command(r, true, 2, argv, lens, err);
	} else {
		/* Rotating the one element onto the same list leaves it there. */
		char timeout[NUM_LEN];
		const char *argv[] = {"BRPOPLPUSH", key, key, timeout};
		const size_t lens[] = {10, key_len, key_len, timeout_arg(timeout, wait_s)};
		reply = calcom_redis_command(r, true, 4, argv, lens, err);
	}
	free(key);
	if (!reply) return false;
	if (reply->type == REDIS_REPLY_ERROR) {
		calcom_err_set(err, CALCOM_E_SERVER, "Redis at %s: %s", calcom_redis_endpoint(r), reply->str);
		freeReplyObject(reply);
		return false;
	}
	if (look ? !is_int(reply, 0, 1) : !is_str_or_nil(reply)) return protocol_error(r, reply, err);
	*done = look ? reply->integer == 1 : reply->type == REDIS_REPLY_STRING;
	freeReplyObject(reply);
	return true;
}

bool calcom_queue_idle(calcom_redis *r, const calcom_queue *q, double wait_s, calcom_err *err)
{
	/* Sent again after a broken connection: a wake lost that way costs
	 * only latency, the job waits in ready for the next claim. */
	const char *wake = q->key[KEY_WAKE];
	size_t wake_len = q->key_len[KEY_WAKE];
	redisReply *reply;
	bool look = !(wait_s > 0);
	if (look) {
		const char *argv[] = {"LPOP", wake};
		const size_t lens[] = {4, wake_len};
		reply = calcom_redis_command(r, true, 2, argv, lens, err);
	} else {
		char timeout[NUM_LEN];
		const char *argv[] = {"BLPOP", wake, timeout};
		const size_t lens[] = {5, wake_len, timeout_arg(timeout, wait_s)};
		reply = calcom_redis_command(r, true, 3, argv, lens, err);
	}
	if (!reply) return false;
	if (reply->type == REDIS_REPLY_ERROR) {
		calcom_err_set(err, CALCOM_E_SERVER, "Redis at %s: %s", calcom_redis_endpoint(r), reply->str);
		freeReplyObject(reply);
		return false;
	}
	bool shape = look ? is_str_or_nil(reply)
	                  : reply->type == REDIS_REPLY_NIL || (reply->type == REDIS_REPLY_ARRAY && reply->elements == 2);
	if (!shape) return protocol_error(r, reply, err);
	freeReplyObject(reply);
	return true;
}
