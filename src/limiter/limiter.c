#include <math.h>

#include "limiter.h"

void calcom_limiter_config_default(calcom_limiter_config *cfg)
{
	*cfg = (calcom_limiter_config){
		.limit = 120.0,
		.burst = 150.0,
		.adaptive = true,
		.min_limit = 60.0,
		.decrease_factor = 0.8,
		.recovery_s = 300.0,
		.reserve = {0.0, 0.0, 0.05, 0.15, 0.30},
	};
}

const char *calcom_limiter_config_check(const calcom_limiter_config *cfg)
{
	if (!(cfg->limit > 0.0 && cfg->limit <= 1e9)) return "limit must be greater than 0 and at most 1e9";
	if (!(cfg->burst >= 1.0 && cfg->burst <= 1e9)) return "burst must be at least 1 and at most 1e9";
	if (!(cfg->min_limit > 0.0 && cfg->min_limit <= cfg->limit)) return "min_limit must be greater than 0 and at most limit";
	if (!(cfg->decrease_factor > 0.0 && cfg->decrease_factor < 1.0)) return "decrease_factor must be between 0 and 1";
	if (!(cfg->recovery_s >= 0.0 && cfg->recovery_s <= 86400.0)) return "recovery_seconds must be between 0 and 86400";
	for (int p = CALCOM_PRIORITY_CRITICAL; p <= CALCOM_PRIORITY_LOW; p++) {
		if (!(cfg->reserve[p] >= 0.0 && cfg->reserve[p] < 1.0)) return "reserve shares must be at least 0 and below 1";
	}
	return NULL;
}

const char *calcom_limiter_reason_name(calcom_limiter_reason reason)
{
	switch (reason) {
		case CALCOM_LIMITER_REDUCED: return "reduced";
		case CALCOM_LIMITER_PAUSED: return "paused";
		case CALCOM_LIMITER_NORMAL: break;
	}
	return "normal";
}

void calcom_limiter_state_init(calcom_limiter_state *st, const calcom_limiter_config *cfg, double now)
{
	*st = (calcom_limiter_state){.tokens = cfg->burst, .at = now, .eff = cfg->limit};
}

static double capacity(const calcom_limiter_state *st, const calcom_limiter_config *cfg)
{
	return cfg->burst * st->eff / cfg->limit;
}

static double rate_per_ms(const calcom_limiter_state *st)
{
	return st->eff / 60000.0;
}

void calcom_limiter_refill(calcom_limiter_state *st, const calcom_limiter_config *cfg, double now)
{
	if (st->cut_until > 0.0 && now >= st->cut_until) {
		st->eff = cfg->limit;
		st->cut_until = 0.0;
	}
	/* Another process may run with a lower limit than the one that cut. */
	if (st->eff > cfg->limit) st->eff = cfg->limit;
	if (now > st->at) {
		st->tokens = fmin(capacity(st, cfg), st->tokens + (now - st->at) * rate_per_ms(st));
		st->at = now;
	}
}

double calcom_limiter_take(calcom_limiter_state *st, const calcom_limiter_config *cfg, double now, double cost,
	int priority)
{
	calcom_limiter_refill(st, cfg, now);
	double cap = capacity(st, cfg);
	double need = cost + cfg->reserve[priority] * cap;
	if (cost > cap) {
		need = cap;   /* a cost above a cut capacity passes from a full bucket, into debt */
	} else if (need > cap) {
		/* This priority's share of a cut bucket cannot hold it: wait for
		 * the full limit (callers keep cost within burst x (1 - reserve)). */
		double full_need = cost + cfg->reserve[priority] * cfg->burst;
		double wait_ms = (fmax(st->cut_until, st->at) - now) + fmax(0.0, full_need - fmax(st->tokens, 0.0)) / (cfg->limit / 60000.0);
		return fmax(wait_ms / 1000.0, 1e-6);
	}
	if (now >= st->at && st->tokens >= need) {
		st->tokens -= cost;
		return 0.0;
	}
	double wait_ms = (fmax(now, st->at) - now) + fmax(0.0, need - st->tokens) / rate_per_ms(st);
	/* Never 0 for a refusal: callers read 0 as granted. */
	return fmax(wait_ms / 1000.0, 1e-6);
}

void calcom_limiter_spend(calcom_limiter_state *st, const calcom_limiter_config *cfg, double now, double cost)
{
	calcom_limiter_refill(st, cfg, now);
	st->tokens -= cost;
}

bool calcom_limiter_signal_matters(const calcom_limiter_signal *sig)
{
	return sig->status == 429 || (sig->remaining >= 0.0 && sig->remaining < 1.0 && sig->reset_s >= 0.0);
}

bool calcom_limiter_learn(calcom_limiter_state *st, const calcom_limiter_config *cfg, double now,
	const calcom_limiter_signal *sig)
{
	if (!calcom_limiter_signal_matters(sig)) return false;
	calcom_limiter_refill(st, cfg, now);
	if (sig->status == 429 && cfg->adaptive && now >= st->pause_until) {
		st->eff = fmax(cfg->min_limit, st->eff * cfg->decrease_factor);
		st->cut_until = now + cfg->recovery_s * 1000.0;
	}
	double pause_ms = sig->reset_s >= 0.0 ? sig->reset_s * 1000.0 : 0.0;
	if (st->tokens > 0.0) st->tokens = 0.0;
	double until = now + pause_ms;
	if (until > st->at) st->at = until;
	if (until > st->pause_until) st->pause_until = until;
	return true;
}

void calcom_limiter_look(const calcom_limiter_state *st, const calcom_limiter_config *cfg, double now,
	calcom_limiter_view *out)
{
	calcom_limiter_state s = *st;
	calcom_limiter_refill(&s, cfg, now);
	out->limit = s.eff;
	out->capacity = capacity(&s, cfg);
	out->tokens = now >= s.at ? s.tokens : fmin(s.tokens, 0.0);
	out->paused_for = s.pause_until > now ? (s.pause_until - now) / 1000.0 : 0.0;
	out->recovers_in = s.cut_until > now ? (s.cut_until - now) / 1000.0 : 0.0;
	out->reason = out->paused_for > 0.0 ? CALCOM_LIMITER_PAUSED
	            : out->recovers_in > 0.0 ? CALCOM_LIMITER_REDUCED : CALCOM_LIMITER_NORMAL;
}

bool calcom_limiter_parse_seconds(const char *s, size_t len, double *out)
{
	size_t i = 0;
	while (i < len && (s[i] == ' ' || s[i] == '\t')) i++;
	double v = 0.0;
	size_t digits = 0;
	while (i < len && s[i] >= '0' && s[i] <= '9') {
		v = v * 10.0 + (s[i++] - '0');
		if (++digits > 9) return false;
	}
	if (digits == 0) return false;
	if (i < len && s[i] == '.') {
		i++;
		double scale = 0.1;
		size_t frac = 0;
		while (i < len && s[i] >= '0' && s[i] <= '9') {
			if (frac++ < 9) v += (s[i] - '0') * scale;
			scale /= 10.0;
			i++;
		}
		if (frac == 0) return false;
	}
	while (i < len && (s[i] == ' ' || s[i] == '\t')) i++;
	/* Nine nines and a long fraction round up to 10^9 itself. */
	if (i != len || v >= 1e9) return false;
	*out = v;
	return true;
}
