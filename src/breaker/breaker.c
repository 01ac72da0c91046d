#include <math.h>
#include <string.h>

#include "breaker.h"

void calcom_breaker_config_default(calcom_breaker_config *cfg)
{
	*cfg = (calcom_breaker_config){
		.failure_threshold = 5,
		.recovery_s = 60.0,
		.success_threshold = 2,
		.failure_window_s = 300.0,
		.max_recovery_s = 600.0,
		.half_open_max_calls = 1,
		.probe_ttl_s = 30.0,
		.count_client_errors = false,
		.weight_429 = 3,
		.weight_503 = 2,
		.weight_500 = 1,
		.weight_timeout = 2,
		.weight_network = 2,
		.weight_other = 1,
		.weight_client = 1,
	};
}

const char *calcom_breaker_config_check(const calcom_breaker_config *cfg)
{
	if (cfg->failure_threshold < 1 || cfg->failure_threshold > CALCOM_BREAKER_MAX_THRESHOLD)
		return "failureThreshold must be between 1 and 1000";
	if (!(cfg->recovery_s >= 1.0 && cfg->recovery_s <= 86400.0)) return "recoveryTimeout must be between 1 and 86400";
	if (cfg->success_threshold < 1 || cfg->success_threshold > 1000) return "successThreshold must be between 1 and 1000";
	if (!(cfg->failure_window_s >= 1.0 && cfg->failure_window_s <= 86400.0))
		return "failure_window must be between 1 and 86400";
	if (!(cfg->max_recovery_s >= cfg->recovery_s && cfg->max_recovery_s <= 86400.0))
		return "max_recovery_timeout must be at least recoveryTimeout and at most 86400";
	if (cfg->half_open_max_calls < 1 || cfg->half_open_max_calls > CALCOM_BREAKER_MAX_PROBES)
		return "half_open_max_calls must be between 1 and 100";
	if (!(cfg->probe_ttl_s >= 0.1 && cfg->probe_ttl_s <= 3600.0)) return "probe_timeout must be between 0.1 and 3600";
	const int w[] = {cfg->weight_429, cfg->weight_503, cfg->weight_500, cfg->weight_timeout, cfg->weight_network,
		cfg->weight_other, cfg->weight_client};
	for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
		if (w[i] < 0 || w[i] > CALCOM_BREAKER_MAX_THRESHOLD) return "weights must be between 0 and 1000";
	}
	return NULL;
}

int calcom_breaker_weight(const calcom_breaker_config *cfg, calcom_failure_kind kind, long status)
{
	switch (kind) {
		case CALCOM_FAILURE_TIMEOUT: return cfg->weight_timeout;
		case CALCOM_FAILURE_NETWORK: return cfg->weight_network;
		case CALCOM_FAILURE_OTHER: return cfg->weight_other;
		case CALCOM_FAILURE_STATUS: break;
	}
	if (status == 429) return cfg->weight_429;
	if (status == 503) return cfg->weight_503;
	if (status >= 500 && status <= 599) return cfg->weight_500;
	if (status >= 400 && status <= 499) return cfg->count_client_errors ? cfg->weight_client : 0;
	return 0;
}

double calcom_breaker_recovery(const calcom_breaker_config *cfg, int n)
{
	/* 2^(n-1) stops mattering long before it overflows. */
	double r = cfg->recovery_s * pow(2.0, n > 1 ? (n < 40 ? n - 1 : 39) : 0);
	return fmin(r, cfg->max_recovery_s);
}

const char *calcom_breaker_state_text(calcom_breaker_state_name s)
{
	switch (s) {
		case CALCOM_BREAKER_OPEN: return "open";
		case CALCOM_BREAKER_HALF_OPEN: return "half_open";
		case CALCOM_BREAKER_CLOSED: break;
	}
	return "closed";
}

void calcom_breaker_state_init(calcom_breaker_state *st)
{
	memset(st, 0, sizeof *st);
	st->state = CALCOM_BREAKER_CLOSED;
}

void calcom_breaker_advance(calcom_breaker_state *st, const calcom_breaker_config *cfg, double now)
{
	int kept = 0;
	for (int i = 0; i < st->nfailures; i++) {
		if (st->failures[i].at > now - cfg->failure_window_s * 1000.0) st->failures[kept++] = st->failures[i];
	}
	st->nfailures = kept;
	if (st->state == CALCOM_BREAKER_OPEN && now >= st->retry_at) {
		st->state = CALCOM_BREAKER_HALF_OPEN;
		st->successes = 0;
		st->nleases = 0;
	}
	kept = 0;
	for (int i = 0; i < st->nleases; i++) {
		if (st->leases[i].until > now) st->leases[kept++] = st->leases[i];
	}
	st->nleases = kept;
}

calcom_breaker_verdict calcom_breaker_allow(calcom_breaker_state *st, const calcom_breaker_config *cfg, double now,
	const char *lease_id, double *retry_s)
{
	calcom_breaker_advance(st, cfg, now);
	*retry_s = 0.0;
	if (st->state == CALCOM_BREAKER_CLOSED) {
		return CALCOM_BREAKER_ALLOW;
	}
	if (st->state == CALCOM_BREAKER_OPEN) {
		*retry_s = (st->retry_at - now) / 1000.0;
		return CALCOM_BREAKER_REFUSE;
	}
	if (st->nleases < cfg->half_open_max_calls && st->nleases < CALCOM_BREAKER_MAX_PROBES) {
		calcom_breaker_lease *l = &st->leases[st->nleases++];
		size_t n = strlen(lease_id);
		if (n > CALCOM_BREAKER_LEASE_MAX) n = CALCOM_BREAKER_LEASE_MAX;
		memcpy(l->id, lease_id, n);
		l->id[n] = '\0';
		l->until = now + cfg->probe_ttl_s * 1000.0;
		return CALCOM_BREAKER_PROBE;
	}
	double first = st->leases[0].until;
	for (int i = 1; i < st->nleases; i++) first = fmin(first, st->leases[i].until);
	*retry_s = fmin((first - now) / 1000.0, CALCOM_BREAKER_BUSY_RETRY_S);
	return CALCOM_BREAKER_REFUSE;
}

static void trip(calcom_breaker_state *st, const calcom_breaker_config *cfg, double now, double hint_s)
{
	st->open_count++;
	st->state = CALCOM_BREAKER_OPEN;
	st->opened_at = now;
	st->retry_at = now + fmax(calcom_breaker_recovery(cfg, st->open_count), hint_s) * 1000.0;
	st->successes = 0;
	st->nleases = 0;
}

static void add_failure(calcom_breaker_state *st, double now, int weight)
{
	if (st->nfailures == CALCOM_BREAKER_MAX_THRESHOLD) {
		/* Only reachable while open: the oldest matters least. */
		memmove(st->failures, st->failures + 1, sizeof st->failures[0] * (CALCOM_BREAKER_MAX_THRESHOLD - 1));
		st->nfailures--;
	}
	st->failures[st->nfailures++] = (calcom_breaker_failure){.at = now, .weight = weight};
}

void calcom_breaker_record(calcom_breaker_state *st, const calcom_breaker_config *cfg, double now, int successes,
	const int *weights, size_t nweights, double hint_s, const char *lease_id)
{
	calcom_breaker_advance(st, cfg, now);
	hint_s = fmin(hint_s, CALCOM_BREAKER_MAX_HINT_S);
	if (lease_id) {
		for (int i = 0; i < st->nleases; i++) {
			if (strncmp(st->leases[i].id, lease_id, CALCOM_BREAKER_LEASE_MAX) == 0) {
				st->leases[i] = st->leases[--st->nleases];
				break;
			}
		}
	}
	int failed = 0;
	for (size_t i = 0; i < nweights; i++) {
		if (weights[i] > 0) {
			add_failure(st, now, weights[i]);
			failed++;
		}
	}
	switch (st->state) {
		case CALCOM_BREAKER_CLOSED:
			if (failed > 0) {
				if (calcom_breaker_failure_weight(st) >= cfg->failure_threshold) trip(st, cfg, now, hint_s);
			} else if (successes > 0) {
				st->nfailures = 0;
			}
			break;
		case CALCOM_BREAKER_HALF_OPEN:
			if (failed > 0) {
				trip(st, cfg, now, hint_s);
			} else if (successes > 0) {
				st->successes += successes;
				if (st->successes >= cfg->success_threshold) {
					calcom_breaker_state_init(st);
				}
			}
			break;
		case CALCOM_BREAKER_OPEN:
			if (failed > 0 && hint_s > 0.0 && now + hint_s * 1000.0 > st->retry_at) {
				st->retry_at = now + hint_s * 1000.0;
			}
			break;
	}
}

int calcom_breaker_failure_weight(const calcom_breaker_state *st)
{
	int sum = 0;
	for (int i = 0; i < st->nfailures; i++) sum += st->failures[i].weight;
	return sum;
}
