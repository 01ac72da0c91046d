#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/cnum.h"
#include "gate.h"

/*
 * ARGV: 1 op, 2 which keys ('L' bucket, 'B' breaker, 'LB' both, in that
 * order in KEYS), 3-9 the limiter's config (limit/min, burst, adaptive,
 * min_limit, decrease_factor, recovery ms, this call's reserve share),
 * 10-16 the breaker's (threshold, recovery ms, success threshold, window ms,
 * max recovery ms, probes, probe lease ms), 17- the op's own.
 * Numbers go back as strings: Redis would truncate a Lua number to an int.
 */
static const char GATE_LUA[] =
	"local t = redis.call('TIME')\n"
	"local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000\n"
	"local op, spec = ARGV[1], ARGV[2]\n"
	"local bkey, ckey\n"
	"if spec == 'L' then bkey = KEYS[1] elseif spec == 'B' then ckey = KEYS[1] else bkey, ckey = KEYS[1], KEYS[2] end\n"
	"local L = {limit = tonumber(ARGV[3]), burst = tonumber(ARGV[4]), adaptive = ARGV[5] == '1',\n"
	"  min = tonumber(ARGV[6]), decrease = tonumber(ARGV[7]), recovery = tonumber(ARGV[8]), reserve = tonumber(ARGV[9])}\n"
	"local B = {threshold = tonumber(ARGV[10]), recovery = tonumber(ARGV[11]), successes = tonumber(ARGV[12]),\n"
	"  window = tonumber(ARGV[13]), max_recovery = tonumber(ARGV[14]), probes = tonumber(ARGV[15]),\n"
	"  probe_ttl = tonumber(ARGV[16])}\n"
	"local function num(x) return string.format('%.17g', x) end\n"
	/* ---- the bucket: src/limiter/limiter.c in Lua ---- */
	"local function bucket_load()\n"
	"  local v = redis.call('HMGET', bkey, 'tokens', 'at', 'eff', 'cut', 'pause')\n"
	"  local b\n"
	"  if v[1] then\n"
	"    b = {tokens = tonumber(v[1]), at = tonumber(v[2]), eff = tonumber(v[3]), cut = tonumber(v[4]), pause = tonumber(v[5])}\n"
	"  else\n"
	"    b = {tokens = L.burst, at = now, eff = L.limit, cut = 0, pause = 0}\n"
	"  end\n"
	"  if b.cut > 0 and now >= b.cut then b.eff = L.limit; b.cut = 0 end\n"
	"  if b.eff > L.limit then b.eff = L.limit end\n"
	"  if now > b.at then\n"
	"    b.tokens = math.min(L.burst * b.eff / L.limit, b.tokens + (now - b.at) * (b.eff / 60000)); b.at = now\n"
	"  end\n"
	"  return b\n"
	"end\n"
	"local function bucket_save(b)\n"
	"  redis.call('HSET', bkey, 'tokens', b.tokens, 'at', b.at, 'eff', b.eff, 'cut', b.cut, 'pause', b.pause)\n"
	"  local full = math.max(now, b.at) + (L.burst * b.eff / L.limit - b.tokens) / (b.eff / 60000)\n"
	"  redis.call('PEXPIRE', bkey, math.ceil(math.max(full, b.cut, b.pause) - now) + 1000)\n"
	"end\n"
	"local function bucket_take(b, cost)\n"
	"  local cap = L.burst * b.eff / L.limit\n"
	"  local need = cost + L.reserve * cap\n"
	"  if cost > cap then\n"
	"    need = cap\n"
	"  elseif need > cap then\n"
	"    local full = cost + L.reserve * L.burst\n"
	"    return math.max(math.max(b.cut, b.at) - now + math.max(0, full - math.max(b.tokens, 0)) / (L.limit / 60000), 0.001)\n"
	"  end\n"
	"  if now >= b.at and b.tokens >= need then b.tokens = b.tokens - cost; return 0 end\n"
	"  return math.max((math.max(now, b.at) - now) + math.max(0, need - b.tokens) / (b.eff / 60000), 0.001)\n"
	"end\n"
	"local function bucket_learn(b, status, reset, remaining)\n"
	"  local pause = 0\n"
	"  if status == 429 then\n"
	"    if L.adaptive and now >= b.pause then b.eff = math.max(L.min, b.eff * L.decrease); b.cut = now + L.recovery end\n"
	"    if reset >= 0 then pause = reset end\n"
	"  elseif remaining >= 0 and remaining < 1 and reset >= 0 then\n"
	"    pause = reset\n"
	"  else\n"
	"    return false\n"
	"  end\n"
	"  if b.tokens > 0 then b.tokens = 0 end\n"
	"  local u = now + pause\n"
	"  if u > b.at then b.at = u end\n"
	"  if u > b.pause then b.pause = u end\n"
	"  return true\n"
	"end\n"
	"local function bucket_view(b)\n"
	"  return {num(b.tokens), num(b.at), num(b.eff), num(b.cut), num(b.pause), num(now)}\n"
	"end\n"
	/* ---- the breaker: src/breaker/breaker.c in Lua ---- */
	"local function breaker_load()\n"
	"  local v = redis.call('HMGET', ckey, 'state', 'fails', 'opened', 'retry', 'opens', 'succ', 'leases')\n"
	"  local s = {state = v[1] or 'closed', fails = {}, opened = tonumber(v[3] or '0'), retry = tonumber(v[4] or '0'),\n"
	"    opens = tonumber(v[5] or '0'), succ = tonumber(v[6] or '0'), leases = {}, dirty = false}\n"
	"  for at, w in string.gmatch(v[2] or '', '([%d.]+):(%d+)') do\n"
	"    if tonumber(at) > now - B.window then s.fails[#s.fails + 1] = {tonumber(at), tonumber(w)} else s.dirty = true end\n"
	"  end\n"
	"  if s.state == 'open' and now >= s.retry then\n"
	"    s.state = 'half_open'; s.succ = 0; s.dirty = true\n"
	"  elseif s.state == 'half_open' then\n"
	"    for id, u in string.gmatch(v[7] or '', '([^:,]+):([%d.]+)') do\n"
	"      if tonumber(u) > now then s.leases[#s.leases + 1] = {id, tonumber(u)} else s.dirty = true end\n"
	"    end\n"
	"  end\n"
	"  return s\n"
	"end\n"
	"local function breaker_save(s)\n"
	"  if s.state == 'closed' and #s.fails == 0 then redis.call('DEL', ckey); return end\n"
	"  local f, l, last = {}, {}, math.max(now, s.retry)\n"
	"  for i, x in ipairs(s.fails) do f[i] = string.format('%.0f:%d', x[1], x[2]) end\n"
	"  for i, x in ipairs(s.leases) do l[i] = x[1] .. ':' .. num(x[2]); last = math.max(last, x[2]) end\n"
	"  redis.call('HSET', ckey, 'state', s.state, 'fails', table.concat(f, ','), 'opened', s.opened, 'retry', s.retry,\n"
	"    'opens', s.opens, 'succ', s.succ, 'leases', table.concat(l, ','))\n"
	"  redis.call('PEXPIRE', ckey, math.ceil(last - now + B.window + B.max_recovery))\n"
	"end\n"
	"local function breaker_allow(s, lease)\n"
	"  if s.state == 'closed' then return 'go', 0 end\n"
	"  if s.state == 'open' then return 'open', s.retry - now end\n"
	"  if #s.leases < B.probes then\n"
	"    s.leases[#s.leases + 1] = {lease, now + B.probe_ttl}; s.dirty = true\n"
	"    return 'probe', 0\n"
	"  end\n"
	"  local first = s.leases[1][2]\n"
	"  for _, x in ipairs(s.leases) do first = math.min(first, x[2]) end\n"
	"  return 'busy', math.min(first - now, 1000)  -- CALCOM_BREAKER_BUSY_RETRY_S\n"
	"end\n"
	"local function trip(s, hint)\n"
	"  s.opens = s.opens + 1\n"
	"  local recovery = math.min(B.max_recovery, B.recovery * 2 ^ (math.min(s.opens, 40) - 1))\n"
	"  s.state = 'open'; s.opened = now; s.retry = now + math.max(recovery, hint); s.succ = 0; s.leases = {}\n"
	"end\n"
	"local function breaker_record(s, successes, weights, hint, lease)\n"
	"  for i, x in ipairs(s.leases) do if x[1] == lease then table.remove(s.leases, i); break end end\n"
	"  local failed = 0\n"
	"  for w in string.gmatch(weights, '%d+') do\n"
	"    w = tonumber(w)\n"
	"    if w > 0 then\n"
	"      if #s.fails >= 1000 then table.remove(s.fails, 1) end\n"
	"      s.fails[#s.fails + 1] = {now, w}; failed = failed + 1\n"
	"    end\n"
	"  end\n"
	"  if s.state == 'closed' then\n"
	"    if failed > 0 then\n"
	"      local sum = 0\n"
	"      for _, x in ipairs(s.fails) do sum = sum + x[2] end\n"
	"      if sum >= B.threshold then trip(s, hint) end\n"
	"    elseif successes > 0 then\n"
	"      s.fails = {}\n"
	"    end\n"
	"  elseif s.state == 'half_open' then\n"
	"    if failed > 0 then\n"
	"      trip(s, hint)\n"
	"    elseif successes > 0 then\n"
	"      s.succ = s.succ + successes\n"
	"      if s.succ >= B.successes then\n"
	"        s.state = 'closed'; s.fails = {}; s.opened = 0; s.retry = 0; s.opens = 0; s.succ = 0; s.leases = {}\n"
	"      end\n"
	"    end\n"
	"  elseif failed > 0 and hint > 0 and now + hint > s.retry then\n"
	"    s.retry = now + hint\n"
	"  end\n"
	"end\n"
	"local function breaker_view(s)\n"
	"  local sum = 0\n"
	"  for _, x in ipairs(s.fails) do sum = sum + x[2] end\n"
	"  return {s.state, tostring(sum), tostring(s.succ), num(s.opened), num(s.retry), tostring(s.opens),\n"
	"    tostring(#s.leases), num(now)}\n"
	"end\n"
	/* ---- the operations ---- */
	"if op == 'take' then\n"
	"  local b = bucket_load()\n"
	"  local w = 0\n"
	"  if ARGV[18] == '1' then\n"
	"    b.tokens = b.tokens - tonumber(ARGV[17])\n"
	"  else\n"
	"    w = bucket_take(b, tonumber(ARGV[17]))\n"
	"  end\n"
	"  if w == 0 then bucket_save(b) end\n"
	"  return num(w)\n"
	"elseif op == 'learn' then\n"
	"  local b = bucket_load()\n"
	"  if bucket_learn(b, tonumber(ARGV[17]), tonumber(ARGV[18]), tonumber(ARGV[19])) then bucket_save(b) end\n"
	"  return bucket_view(b)\n"
	"elseif op == 'peek' then\n"
	"  return bucket_view(bucket_load())\n"
	"elseif op == 'allow' then\n"
	"  local s = breaker_load()\n"
	"  local v, w = breaker_allow(s, ARGV[17])\n"
	"  if s.dirty then breaker_save(s) end\n"
	"  return {v, num(w), (s.state == 'closed' and #s.fails == 0) and '1' or '0'}\n"
	"elseif op == 'record' then\n"
	"  local s = breaker_load()\n"
	"  breaker_record(s, tonumber(ARGV[17]), ARGV[18], tonumber(ARGV[19]), ARGV[20])\n"
	"  breaker_save(s)\n"
	"  return breaker_view(s)\n"
	"elseif op == 'look' then\n"
	"  return breaker_view(breaker_load())\n"
	"elseif op == 'before' then\n"
	"  local s, v, w = nil, 'go', 0\n"
	"  if ckey then\n"
	"    s = breaker_load()\n"
	"    v, w = breaker_allow(s, ARGV[18])\n"
	"    if v == 'open' or v == 'busy' then\n"
	"      if s.dirty then breaker_save(s) end\n"
	"      return {'open', num(w), '0'}\n"
	"    end\n"
	"  end\n"
	"  if bkey then\n"
	"    local b = bucket_load()\n"
	"    local lw = bucket_take(b, tonumber(ARGV[17]))\n"
	"    if lw > 0 then\n"
	"      if v == 'probe' then table.remove(s.leases) end\n"
	"      if s and s.dirty then breaker_save(s) end\n"
	"      return {'wait', num(lw), '0'}\n"
	"    end\n"
	"    bucket_save(b)\n"
	"  end\n"
	"  if s and s.dirty then breaker_save(s) end\n"
	"  local clean = s == nil or (s.state == 'closed' and #s.fails == 0)\n"
	"  return {v, '0', clean and '1' or '0'}\n"
	"elseif op == 'after' then\n"
	"  if ckey then\n"
	"    local s = breaker_load()\n"
	"    breaker_record(s, tonumber(ARGV[17]), ARGV[18], tonumber(ARGV[19]), ARGV[20])\n"
	"    breaker_save(s)\n"
	"  end\n"
	"  if bkey then\n"
	"    local b = bucket_load()\n"
	"    if bucket_learn(b, tonumber(ARGV[21]), tonumber(ARGV[22]), tonumber(ARGV[23])) then bucket_save(b) end\n"
	"  end\n"
	"  return 1\n"
	"end\n"
	"return redis.error_reply('calcom gate: unknown operation ' .. tostring(op))\n";

#define NUM_LEN 32
#define ARGS_MAX 24

/* The argument vector of one call: numbers are formatted into `buf`. */
typedef struct {
	const char *keys[2];
	size_t keylens[2];
	int nkeys;
	const char *argv[ARGS_MAX];
	size_t arglens[ARGS_MAX];
	char buf[ARGS_MAX][NUM_LEN];
	int argc;
} gate_call;

static void arg_str(gate_call *c, const char *s, size_t len)
{
	c->argv[c->argc] = s;
	c->arglens[c->argc] = len;
	c->argc++;
}

static void arg_num(gate_call *c, double v)
{
	int n = calcom_cnum_format(c->buf[c->argc], NUM_LEN, v);
	arg_str(c, c->buf[c->argc], (size_t)n);
}

static void gate_call_init(gate_call *c, const char *op, const calcom_gate_bucket *b, const calcom_gate_breaker *br,
	int priority)
{
	memset(c, 0, sizeof *c);
	arg_str(c, op, strlen(op));
	const char *spec = b && br ? "LB" : b ? "L" : "B";
	arg_str(c, spec, strlen(spec));
	if (b) {
		c->keys[c->nkeys] = b->key;
		c->keylens[c->nkeys++] = b->key_len;
	}
	if (br) {
		c->keys[c->nkeys] = br->key;
		c->keylens[c->nkeys++] = br->key_len;
	}
	if (b) {
		const calcom_limiter_config *l = b->cfg;
		arg_num(c, l->limit);
		arg_num(c, l->burst);
		arg_str(c, l->adaptive ? "1" : "0", 1);
		arg_num(c, l->min_limit);
		arg_num(c, l->decrease_factor);
		arg_num(c, l->recovery_s * 1000.0);
		arg_num(c, priority >= CALCOM_PRIORITY_CRITICAL && priority <= CALCOM_PRIORITY_LOW ? l->reserve[priority] : 0.0);
	} else {
		for (int i = 0; i < 7; i++) arg_str(c, "0", 1);
	}
	if (br) {
		const calcom_breaker_config *k = br->cfg;
		arg_num(c, k->failure_threshold);
		arg_num(c, k->recovery_s * 1000.0);
		arg_num(c, k->success_threshold);
		arg_num(c, k->failure_window_s * 1000.0);
		arg_num(c, k->max_recovery_s * 1000.0);
		arg_num(c, k->half_open_max_calls);
		arg_num(c, k->probe_ttl_s * 1000.0);
	} else {
		for (int i = 0; i < 7; i++) arg_str(c, "0", 1);
	}
}

/* What the breaker records (ARGV 17-20 of record and after): successes,
 * the weights comma-separated into the caller's buf, the reset hint in ms
 * (bounded), the lease or "". */
static void arg_outcome(gate_call *c, int successes, const int *weights, size_t n, double hint_s,
	const char *lease_id, char *buf, size_t size)
{
	arg_num(c, successes);
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && len + 12 < size; i++) {
		len += (size_t)snprintf(buf + len, size - len, "%s%d", i ? "," : "", weights[i]);
	}
	arg_str(c, buf, len);
	arg_num(c, hint_s > 0 ? fmin(hint_s, CALCOM_BREAKER_MAX_HINT_S) * 1000.0 : 0.0);
	arg_str(c, lease_id ? lease_id : "", lease_id ? strlen(lease_id) : 0);
}

static redisReply *gate_eval(calcom_redis *r, gate_call *c, calcom_err *err)
{
	static calcom_script script;
	if (!script.len) {
		calcom_script_init(&script, GATE_LUA, sizeof GATE_LUA - 1);
	}
	redisReply *reply = calcom_redis_eval(r, &script, c->nkeys, c->keys, c->keylens, c->argc, c->argv, c->arglens, err);
	if (reply && reply->type == REDIS_REPLY_ERROR) {
		calcom_err_set(err, CALCOM_E_SERVER, "Redis at %s: %s", calcom_redis_endpoint(r), reply->str);
		freeReplyObject(reply);
		return NULL;
	}
	return reply;
}

static bool protocol_error(calcom_redis *r, redisReply *reply, calcom_err *err)
{
	calcom_err_set(err, CALCOM_E_PROTOCOL, "Redis at %s: unexpected answer from the gate script",
		calcom_redis_endpoint(r));
	freeReplyObject(reply);
	return false;
}

/* A finite number from a string reply element. */
static bool reply_num(const redisReply *e, double *out)
{
	if (e->type != REDIS_REPLY_STRING || e->len == 0 || e->len >= NUM_LEN) return false;
	char tmp[NUM_LEN];
	memcpy(tmp, e->str, e->len);
	tmp[e->len] = '\0';
	double v;
	if (!calcom_cnum_parse(tmp, &v) || !isfinite(v)) return false;
	*out = v;
	return true;
}

static bool reply_array(const redisReply *reply, size_t n)
{
	if (reply->type != REDIS_REPLY_ARRAY || reply->elements != n) return false;
	for (size_t i = 0; i < n; i++) {
		if (reply->element[i]->type != REDIS_REPLY_STRING) return false;
	}
	return true;
}

bool calcom_gate_take(calcom_redis *r, const calcom_gate_bucket *b, double cost, int priority, bool force,
	double *wait_s, calcom_err *err)
{
	gate_call c;
	gate_call_init(&c, "take", b, NULL, priority);
	arg_num(&c, cost);
	arg_str(&c, force ? "1" : "0", 1);
	redisReply *reply = gate_eval(r, &c, err);
	if (!reply) return false;
	double ms;
	if (!reply_num(reply, &ms) || ms < 0) return protocol_error(r, reply, err);
	freeReplyObject(reply);
	*wait_s = ms / 1000.0;
	return true;
}

static bool bucket_reply(calcom_redis *r, redisReply *reply, calcom_limiter_state *st, double *now, calcom_err *err)
{
	if (!reply_array(reply, 6) || !reply_num(reply->element[0], &st->tokens) || !reply_num(reply->element[1], &st->at) ||
	    !reply_num(reply->element[2], &st->eff) || !reply_num(reply->element[3], &st->cut_until) ||
	    !reply_num(reply->element[4], &st->pause_until) || !reply_num(reply->element[5], now) || !(st->eff > 0)) {
		return protocol_error(r, reply, err);
	}
	freeReplyObject(reply);
	return true;
}

bool calcom_gate_learn(calcom_redis *r, const calcom_gate_bucket *b, const calcom_limiter_signal *sig, calcom_err *err)
{
	gate_call c;
	gate_call_init(&c, "learn", b, NULL, 0);
	arg_num(&c, (double)sig->status);
	arg_num(&c, sig->reset_s >= 0 ? sig->reset_s * 1000.0 : -1.0);
	arg_num(&c, sig->remaining);
	redisReply *reply = gate_eval(r, &c, err);
	if (!reply) return false;
	calcom_limiter_state st;
	double now;
	return bucket_reply(r, reply, &st, &now, err);
}

bool calcom_gate_peek(calcom_redis *r, const calcom_gate_bucket *b, calcom_limiter_state *st, double *now,
	calcom_err *err)
{
	gate_call c;
	gate_call_init(&c, "peek", b, NULL, 0);
	redisReply *reply = gate_eval(r, &c, err);
	return reply && bucket_reply(r, reply, st, now, err);
}

bool calcom_gate_allow(calcom_redis *r, const calcom_gate_breaker *br, const char *lease_id,
	calcom_breaker_verdict *verdict, double *retry_s, bool *clean, calcom_err *err)
{
	gate_call c;
	gate_call_init(&c, "allow", NULL, br, 0);
	arg_str(&c, lease_id, strlen(lease_id));
	redisReply *reply = gate_eval(r, &c, err);
	if (!reply) return false;
	double ms;
	if (!reply_array(reply, 3) || !reply_num(reply->element[1], &ms)) return protocol_error(r, reply, err);
	const char *v = reply->element[0]->str;
	*clean = strcmp(reply->element[2]->str, "1") == 0;
	if (strcmp(v, "go") == 0) {
		*verdict = CALCOM_BREAKER_ALLOW;
	} else if (strcmp(v, "probe") == 0) {
		*verdict = CALCOM_BREAKER_PROBE;
	} else if (strcmp(v, "open") == 0 || strcmp(v, "busy") == 0) {
		*verdict = CALCOM_BREAKER_REFUSE;
	} else {
		return protocol_error(r, reply, err);
	}
	freeReplyObject(reply);
	*retry_s = fmax(ms, 0.0) / 1000.0;
	return true;
}

static bool breaker_reply(calcom_redis *r, redisReply *reply, calcom_breaker_status *out, calcom_err *err)
{
	double fw, succ, opens, probes;
	if (!reply_array(reply, 8) || !reply_num(reply->element[1], &fw) || !reply_num(reply->element[2], &succ) ||
	    !reply_num(reply->element[3], &out->opened_at) || !reply_num(reply->element[4], &out->retry_at) ||
	    !reply_num(reply->element[5], &opens) || !reply_num(reply->element[6], &probes) ||
	    !reply_num(reply->element[7], &out->now)) {
		return protocol_error(r, reply, err);
	}
	const char *state = reply->element[0]->str;
	if (strcmp(state, "closed") == 0) {
		out->state = CALCOM_BREAKER_CLOSED;
	} else if (strcmp(state, "open") == 0) {
		out->state = CALCOM_BREAKER_OPEN;
	} else if (strcmp(state, "half_open") == 0) {
		out->state = CALCOM_BREAKER_HALF_OPEN;
	} else {
		return protocol_error(r, reply, err);
	}
	out->failure_weight = (int)fw;
	out->successes = (int)succ;
	out->open_count = (int)opens;
	out->probes = (int)probes;
	freeReplyObject(reply);
	return true;
}

bool calcom_gate_record(calcom_redis *r, const calcom_gate_breaker *br, int successes, const int *weights,
	size_t nweights, double hint_s, const char *lease_id, calcom_err *err)
{
	gate_call c;
	char wbuf[512];
	gate_call_init(&c, "record", NULL, br, 0);
	arg_outcome(&c, successes, weights, nweights, hint_s, lease_id, wbuf, sizeof wbuf);
	redisReply *reply = gate_eval(r, &c, err);
	calcom_breaker_status st;
	return reply && breaker_reply(r, reply, &st, err);
}

bool calcom_gate_look(calcom_redis *r, const calcom_gate_breaker *br, calcom_breaker_status *out, calcom_err *err)
{
	gate_call c;
	gate_call_init(&c, "look", NULL, br, 0);
	redisReply *reply = gate_eval(r, &c, err);
	return reply && breaker_reply(r, reply, out, err);
}

bool calcom_gate_before(calcom_redis *r, const calcom_gate_bucket *bucket, const calcom_gate_breaker *breaker,
	double cost, int priority, const char *lease_id, calcom_gate_pass *out, calcom_err *err)
{
	gate_call c;
	gate_call_init(&c, "before", bucket, breaker, priority);
	arg_num(&c, cost);
	arg_str(&c, lease_id, strlen(lease_id));
	redisReply *reply = gate_eval(r, &c, err);
	if (!reply) return false;
	double ms;
	if (!reply_array(reply, 3) || !reply_num(reply->element[1], &ms)) return protocol_error(r, reply, err);
	const char *v = reply->element[0]->str;
	if (strcmp(v, "go") == 0) {
		out->verdict = CALCOM_GATE_GO;
	} else if (strcmp(v, "probe") == 0) {
		out->verdict = CALCOM_GATE_PROBE;
	} else if (strcmp(v, "open") == 0) {
		out->verdict = CALCOM_GATE_OPEN;
	} else if (strcmp(v, "wait") == 0) {
		out->verdict = CALCOM_GATE_WAIT;
	} else {
		return protocol_error(r, reply, err);
	}
	out->retry_s = fmax(ms, 0.0) / 1000.0;
	out->breaker_clean = strcmp(reply->element[2]->str, "1") == 0;
	freeReplyObject(reply);
	return true;
}

bool calcom_gate_after(calcom_redis *r, const calcom_gate_bucket *bucket, const calcom_limiter_signal *sig,
	const calcom_gate_breaker *breaker, int successes, const int *weights, size_t nweights, double hint_s,
	const char *lease_id, calcom_err *err)
{
	const calcom_gate_bucket *b = sig ? bucket : NULL;
	if (!b && !breaker) return true;
	gate_call c;
	char wbuf[512];
	gate_call_init(&c, "after", b, breaker, 0);
	arg_outcome(&c, successes, weights, nweights, hint_s, lease_id, wbuf, sizeof wbuf);
	arg_num(&c, sig ? (double)sig->status : 0.0);
	arg_num(&c, sig && sig->reset_s >= 0 ? sig->reset_s * 1000.0 : -1.0);
	arg_num(&c, sig ? sig->remaining : -1.0);
	redisReply *reply = gate_eval(r, &c, err);
	if (!reply) return false;
	freeReplyObject(reply);
	return true;
}
