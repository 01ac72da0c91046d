#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"

const double calcom_metrics_bounds[CALCOM_METRICS_BUCKETS] = {
	0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, INFINITY};

/* A field is at most "r:" + endpoint + ":" + status + ":a". */
#define FIELD_MAX (2 + CALCOM_METRICS_NAME_MAX + 1 + 8 + 2 + 1)

typedef struct {
	char field[FIELD_MAX];
	size_t len;
	int64_t incr;
} counter;

struct calcom_metrics_batch {
	counter *counters;
	size_t n, cap;
	int64_t attempts, limited;  /* for the window */
	size_t records, dropped;
};

static const char *const word_statuses[] = {"timeout", "network", "refused"};
static const char *const error_types[] = {"429", "5xx", "4xx", "timeout", "network", "refused"};

bool calcom_metrics_endpoint_valid(const char *s, size_t len)
{
	/* A letter first: a numeric name would turn into an integer key in PHP. */
	if (len == 0 || len > CALCOM_METRICS_NAME_MAX || s[0] < 'a' || s[0] > 'z') return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
	}
	return true;
}

bool calcom_metrics_status_valid(const char *s, size_t len)
{
	if (len == 3 && s[0] >= '1' && s[0] <= '5' && s[1] >= '0' && s[1] <= '9' && s[2] >= '0' && s[2] <= '9') {
		return true;
	}
	for (size_t i = 0; i < sizeof word_statuses / sizeof *word_statuses; i++) {
		if (len == strlen(word_statuses[i]) && memcmp(s, word_statuses[i], len) == 0) return true;
	}
	return false;
}

const char *calcom_metrics_error_type(const char *status, size_t len)
{
	if (len != 3 || status[0] < '0' || status[0] > '9') {
		/* The words are their own types. */
		for (size_t i = 0; i < sizeof word_statuses / sizeof *word_statuses; i++) {
			if (len == strlen(word_statuses[i]) && memcmp(status, word_statuses[i], len) == 0) {
				return word_statuses[i];
			}
		}
		return NULL;
	}
	if (memcmp(status, "429", 3) == 0) return "429";
	if (status[0] == '5') return "5xx";
	if (status[0] == '4') return "4xx";
	return NULL;
}

int calcom_metrics_bucket(double seconds)
{
	int i = 0;
	while (i < CALCOM_METRICS_BUCKETS - 1 && !(seconds <= calcom_metrics_bounds[i])) i++;
	return i;
}

double calcom_metrics_quantile(const uint64_t counts[CALCOM_METRICS_BUCKETS], double q)
{
	uint64_t total = 0;
	for (int i = 0; i < CALCOM_METRICS_BUCKETS; i++) total += counts[i];
	if (total == 0) return NAN;
	double rank = q * (double)total;
	uint64_t below = 0;
	for (int i = 0; i < CALCOM_METRICS_BUCKETS; i++) {
		if (counts[i] == 0 || (double)(below + counts[i]) < rank) {
			below += counts[i];
			continue;
		}
		if (i == CALCOM_METRICS_BUCKETS - 1) return calcom_metrics_bounds[CALCOM_METRICS_BUCKETS - 2];
		double lower = i == 0 ? 0.0 : calcom_metrics_bounds[i - 1];
		double upper = calcom_metrics_bounds[i];
		return lower + (upper - lower) * ((rank - (double)below) / (double)counts[i]);
	}
	return calcom_metrics_bounds[CALCOM_METRICS_BUCKETS - 2];
}

calcom_metrics_batch *calcom_metrics_batch_new(void)
{
	return calloc(1, sizeof(calcom_metrics_batch));
}

void calcom_metrics_batch_free(calcom_metrics_batch *b)
{
	if (!b) return;
	free(b->counters);
	free(b);
}

void calcom_metrics_batch_clear(calcom_metrics_batch *b)
{
	b->n = 0;
	b->attempts = b->limited = 0;
	b->records = b->dropped = 0;
}

size_t calcom_metrics_batch_records(const calcom_metrics_batch *b)
{
	return b->records;
}

size_t calcom_metrics_batch_dropped(const calcom_metrics_batch *b)
{
	return b->dropped;
}

/* The counter named field, or NULL. A request touches a handful of fields
 * and a batch holds a few dozen, so a linear search is the cheap one. */
static counter *counter_find(calcom_metrics_batch *b, const char *field, size_t len)
{
	for (size_t i = 0; i < b->n; i++) {
		if (b->counters[i].len == len && memcmp(b->counters[i].field, field, len) == 0) return &b->counters[i];
	}
	return NULL;
}

/* Room for `more` new counters; false when the batch is full. */
static bool counters_reserve(calcom_metrics_batch *b, size_t more)
{
	if (b->n + more > CALCOM_METRICS_BATCH_MAX) return false;
	if (b->n + more <= b->cap) return true;
	size_t cap = b->cap ? b->cap : 16;
	while (cap < b->n + more) cap *= 2;
	counter *grown = realloc(b->counters, cap * sizeof *grown);
	if (!grown) return false;
	b->counters = grown;
	b->cap = cap;
	return true;
}

bool calcom_metrics_record(calcom_metrics_batch *b, const char *endpoint, size_t endpoint_len, const char *status,
	size_t status_len, double seconds, bool from_cache, int retries, calcom_err *err)
{
	if (!calcom_metrics_endpoint_valid(endpoint, endpoint_len)) {
		return calcom_err_set(err, CALCOM_E_INVALID, "endpoint must be a-z then up to %d characters of a-z, 0-9 and _",
			CALCOM_METRICS_NAME_MAX);
	}
	if (!calcom_metrics_status_valid(status, status_len)) {
		return calcom_err_set(err, CALCOM_E_INVALID, "status must be an HTTP status or timeout, network, refused");
	}
	if (!(seconds >= 0.0) || !isfinite(seconds)) {
		return calcom_err_set(err, CALCOM_E_INVALID, "seconds must be a finite number >= 0");
	}
	if (retries < 0) return calcom_err_set(err, CALCOM_E_INVALID, "retries must be >= 0");

	bool sent = !from_cache && !(status_len == 7 && memcmp(status, "refused", 7) == 0);
	const char *type = from_cache ? NULL : calcom_metrics_error_type(status, status_len);
	char fields[5][FIELD_MAX];
	size_t lens[5];
	int64_t incrs[5];
	size_t nf = 0;
	lens[nf] = (size_t)snprintf(fields[nf], FIELD_MAX, "r:%.*s:%.*s:%c", (int)endpoint_len, endpoint,
		(int)status_len, status, from_cache ? 'c' : 'a');
	incrs[nf++] = 1;
	if (sent) {
		lens[nf] = (size_t)snprintf(fields[nf], FIELD_MAX, "b:%.*s:%d", (int)endpoint_len, endpoint,
			calcom_metrics_bucket(seconds));
		incrs[nf++] = 1;
		lens[nf] = (size_t)snprintf(fields[nf], FIELD_MAX, "s:%.*s", (int)endpoint_len, endpoint);
		/* Microseconds: integers add up exactly in Redis. A latency past
		 * a day is a clock problem, not a request; it is capped. */
		incrs[nf++] = (int64_t)llround(fmin(seconds, 86400.0) * 1e6);
	}
	if (retries > 0 && sent) {
		lens[nf] = (size_t)snprintf(fields[nf], FIELD_MAX, "t:%.*s", (int)endpoint_len, endpoint);
		incrs[nf++] = retries;
	}
	if (type) {
		lens[nf] = (size_t)snprintf(fields[nf], FIELD_MAX, "e:%s", type);
		incrs[nf++] = 1;
	}
	/* All or nothing: room for every new counter first, so a full batch
	 * adds none of them and no pointer outlives a realloc. */
	size_t fresh = 0;
	for (size_t i = 0; i < nf; i++) fresh += counter_find(b, fields[i], lens[i]) == NULL;
	if (!counters_reserve(b, fresh)) {
		b->dropped++;
		return calcom_err_set(err, CALCOM_E_NOMEM, "the metrics batch is full");
	}
	for (size_t i = 0; i < nf; i++) {
		counter *c = counter_find(b, fields[i], lens[i]);
		if (!c) {
			c = &b->counters[b->n++];
			memcpy(c->field, fields[i], lens[i]);
			c->len = lens[i];
			c->incr = 0;
		}
		c->incr += incrs[i];
	}
	if (sent) {
		b->attempts += 1 + retries;
		if (type && strcmp(type, "429") == 0) b->limited++;
	}
	b->records++;
	return true;
}

/* KEYS[1] counters, KEYS[2] window. ARGV: ttl ms, attempts, 429s, then
 * field/increment pairs. The window rolls over on the Redis clock, so
 * every app server counts the same minute. */
static const char FLUSH_LUA[] =
	"local t = redis.call('TIME')\n"
	"local minute = math.floor(tonumber(t[1]) / 60)\n"
	"local w = redis.call('HMGET', KEYS[2], 'minute', 'requests', '429')\n"
	"local wm = tonumber(w[1])\n"
	"if wm ~= minute then\n"
	"  local pr, pl = 0, 0\n"
	"  if wm == minute - 1 then pr, pl = w[2] or 0, w[3] or 0 end\n"
	"  redis.call('HSET', KEYS[2], 'minute', minute, 'requests', 0, '429', 0, 'prev_requests', pr, 'prev_429', pl)\n"
	"end\n"
	"if ARGV[2] ~= '0' then redis.call('HINCRBY', KEYS[2], 'requests', ARGV[2]) end\n"
	"if ARGV[3] ~= '0' then redis.call('HINCRBY', KEYS[2], '429', ARGV[3]) end\n"
	"for i = 4, #ARGV, 2 do redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1]) end\n"
	"redis.call('PEXPIRE', KEYS[1], ARGV[1])\n"
	"redis.call('PEXPIRE', KEYS[2], ARGV[1])\n"
	"return minute\n";

/* KEYS as above. The window as of now, then HGETALL of the counters. */
static const char FETCH_LUA[] =
	"local t = redis.call('TIME')\n"
	"local minute = math.floor(tonumber(t[1]) / 60)\n"
	"local w = redis.call('HMGET', KEYS[2], 'minute', 'requests', '429', 'prev_requests', 'prev_429')\n"
	"local wm = tonumber(w[1])\n"
	"local cr, cl, pr, pl = 0, 0, 0, 0\n"
	"if wm == minute then cr, cl, pr, pl = w[2], w[3], w[4], w[5]\n"
	"elseif wm == minute - 1 then pr, pl = w[2], w[3] end\n"
	"return {t[1], t[2], tostring(minute), tostring(cr or 0), tostring(cl or 0), tostring(pr or 0),\n"
	"  tostring(pl or 0), redis.call('HGETALL', KEYS[1])}\n";

static redisReply *metrics_eval(calcom_redis *r, calcom_script *script, const char *body, size_t body_len,
	const char **keys, const size_t *keylens, int nargs, const char **args, const size_t *arglens, calcom_err *err)
{
	if (!script->len) calcom_script_init(script, body, body_len);
	redisReply *reply = calcom_redis_eval(r, script, 2, keys, keylens, nargs, args, arglens, err);
	if (reply && reply->type == REDIS_REPLY_ERROR) {
		calcom_err_set(err, CALCOM_E_SERVER, "Redis at %s: %s", calcom_redis_endpoint(r), reply->str);
		freeReplyObject(reply);
		return NULL;
	}
	return reply;
}

bool calcom_metrics_flush(calcom_redis *r, const char *counters_key, size_t counters_len, const char *window_key,
	size_t window_len, double ttl_s, calcom_metrics_batch *b, calcom_err *err)
{
	if (b->records == 0 && b->n == 0) return true;
	if (!(ttl_s >= 1.0)) return calcom_err_set(err, CALCOM_E_INVALID, "ttl must be at least 1 s");
	size_t nargs = 3 + 2 * b->n;
	const char **args = malloc(nargs * sizeof *args);
	size_t *lens = malloc(nargs * sizeof *lens);
	/* Numbers: three header values and one per counter. */
	char (*nums)[24] = malloc((3 + b->n) * sizeof *nums);
	if (!args || !lens || !nums) {
		free(args);
		free(lens);
		free(nums);
		return calcom_err_set(err, CALCOM_E_NOMEM, "out of memory flushing metrics");
	}
	int64_t head[3] = {(int64_t)llround(ttl_s * 1000.0), b->attempts, b->limited};
	for (size_t i = 0; i < 3; i++) {
		lens[i] = (size_t)snprintf(nums[i], sizeof nums[i], "%" PRId64, head[i]);
		args[i] = nums[i];
	}
	for (size_t i = 0; i < b->n; i++) {
		args[3 + 2 * i] = b->counters[i].field;
		lens[3 + 2 * i] = b->counters[i].len;
		lens[4 + 2 * i] = (size_t)snprintf(nums[3 + i], sizeof nums[3 + i], "%" PRId64, b->counters[i].incr);
		args[4 + 2 * i] = nums[3 + i];
	}
	static calcom_script script;
	const char *keys[2] = {counters_key, window_key};
	const size_t keylens[2] = {counters_len, window_len};
	redisReply *reply = metrics_eval(r, &script, FLUSH_LUA, sizeof FLUSH_LUA - 1, keys, keylens, (int)nargs, args,
		lens, err);
	free(args);
	free(lens);
	free(nums);
	if (!reply) return false;
	freeReplyObject(reply);
	calcom_metrics_batch_clear(b);
	return true;
}

static bool reply_int(const redisReply *e, int64_t *out)
{
	if (e->type == REDIS_REPLY_INTEGER) {
		*out = e->integer;
		return true;
	}
	if (e->type != REDIS_REPLY_STRING || e->len == 0 || e->len > 20) return false;
	char tmp[24];
	memcpy(tmp, e->str, e->len);
	tmp[e->len] = '\0';
	char *end;
	long long v = strtoll(tmp, &end, 10);
	if (*end) return false;
	*out = v;
	return true;
}

bool calcom_metrics_fetch(calcom_redis *r, const char *counters_key, size_t counters_len, const char *window_key,
	size_t window_len, calcom_metrics_read *out, calcom_err *err)
{
	memset(out, 0, sizeof *out);
	static calcom_script script;
	const char *keys[2] = {counters_key, window_key};
	const size_t keylens[2] = {counters_len, window_len};
	redisReply *reply = metrics_eval(r, &script, FETCH_LUA, sizeof FETCH_LUA - 1, keys, keylens, 0, NULL, NULL, err);
	if (!reply) return false;
	int64_t nums[7];
	bool ok = reply->type == REDIS_REPLY_ARRAY && reply->elements == 8;
	for (int i = 0; ok && i < 7; i++) ok = reply_int(reply->element[i], &nums[i]);
	const redisReply *counters = ok ? reply->element[7] : NULL;
	ok = ok && counters->type == REDIS_REPLY_ARRAY && counters->elements % 2 == 0;
	for (size_t i = 0; ok && i < counters->elements; i++) ok = counters->element[i]->type == REDIS_REPLY_STRING;
	if (!ok) {
		freeReplyObject(reply);
		return calcom_err_set(err, CALCOM_E_PROTOCOL, "Redis at %s: unexpected answer from the metrics script",
			calcom_redis_endpoint(r));
	}
	out->now = (double)nums[0] + (double)nums[1] / 1e6;
	out->minute = nums[2];
	out->requests = nums[3];
	out->limited = nums[4];
	out->prev_requests = nums[5];
	out->prev_limited = nums[6];
	out->counters = counters;
	out->n = counters->elements / 2;
	out->reply_ = reply;
	return true;
}

void calcom_metrics_read_free(calcom_metrics_read *m)
{
	if (m->reply_) freeReplyObject(m->reply_);
	memset(m, 0, sizeof *m);
}

/* Splits s at its first ':' from `from`; the piece's length. */
static size_t piece(const char *s, size_t len, size_t from)
{
	const char *colon = memchr(s + from, ':', len - from);
	return colon ? (size_t)(colon - (s + from)) : len - from;
}

bool calcom_metrics_field_parse(const char *s, size_t len, calcom_metrics_field *out)
{
	memset(out, 0, sizeof *out);
	if (len < 3 || s[1] != ':') return false;
	size_t rest = len - 2;
	const char *body = s + 2;
	if (s[0] == 'e') {
		out->kind = CALCOM_MF_ERRORS;
		out->status = body;
		out->status_len = rest;
		for (size_t i = 0; i < sizeof error_types / sizeof *error_types; i++) {
			if (rest == strlen(error_types[i]) && memcmp(body, error_types[i], rest) == 0) return true;
		}
		return false;
	}
	size_t elen = piece(body, rest, 0);
	if (!calcom_metrics_endpoint_valid(body, elen)) return false;
	out->endpoint = body;
	out->endpoint_len = elen;
	switch (s[0]) {
	case 's':
		out->kind = CALCOM_MF_SUM;
		return elen == rest;
	case 't':
		out->kind = CALCOM_MF_RETRIES;
		return elen == rest;
	case 'b': {
		if (elen == rest) return false;
		const char *d = body + elen + 1;
		size_t dlen = rest - elen - 1;
		if (dlen < 1 || dlen > 2 || (dlen == 2 && d[0] == '0')) return false;
		int v = 0;
		for (size_t i = 0; i < dlen; i++) {
			if (d[i] < '0' || d[i] > '9') return false;
			v = v * 10 + (d[i] - '0');
		}
		if (v >= CALCOM_METRICS_BUCKETS) return false;
		out->kind = CALCOM_MF_BUCKET;
		out->bucket = v;
		return true;
	}
	case 'r': {
		if (elen == rest) return false;
		size_t from = elen + 1;
		size_t slen = piece(body, rest, from);
		if (from + slen + 2 != rest || body[from + slen] != ':') return false;
		char source = body[from + slen + 1];
		if (source != 'a' && source != 'c') return false;
		if (!calcom_metrics_status_valid(body + from, slen)) return false;
		out->kind = CALCOM_MF_REQUESTS;
		out->status = body + from;
		out->status_len = slen;
		out->from_cache = source == 'c';
		return true;
	}
	default:
		return false;
	}
}
