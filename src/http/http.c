#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "../lib/clock.h"
#include "http.h"

/* Bodies beyond this are refused: no Cal.com answer is near it, and a
 * runaway body must not eat a PHP worker's memory. */
#define RESPONSE_MAX (8u << 20)

struct calcom_http {
	CURLM *multi;
	CURLSH *share;
	uint64_t rng;
	calcom_http_stats stats;
};

typedef struct {
	char *data;
	size_t len;
	size_t cap;
	bool too_large;
} buffer;

/* One request's progress through its attempts. */
typedef struct {
	const calcom_http_request *req;
	calcom_http_response *resp;
	CURL *easy;
	struct curl_slist *headers;
	buffer body;
	buffer head;
	double first_start;   /* monotonic time of the first attempt */
	double next_start;    /* when a scheduled retry may go out; 0 = not scheduled */
	bool done;
} transfer;

static uint64_t next_random(uint64_t *state)
{
	/* xorshift64*: plenty for jitter, and explicit state keeps tests reproducible. */
	uint64_t x = *state ? *state : 0x9E3779B97F4A7C15ull;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545F4914F6CDD1Dull;
}

double calcom_http_backoff(const calcom_http_retry *retry, int attempt, uint64_t *rng)
{
	double ceiling = retry->base_delay;
	for (int i = 1; i < attempt && ceiling < retry->max_delay; i++) {
		ceiling *= 2.0;
	}
	if (ceiling > retry->max_delay) {
		ceiling = retry->max_delay;
	}
	double unit = (double)(next_random(rng) >> 11) / (double)(1ull << 53);
	return ceiling * unit;
}

bool calcom_http_retryable(const calcom_http_response *r)
{
	if (r->status == 0) {
		return r->err.code == CALCOM_E_CONNECT || r->err.code == CALCOM_E_IO || r->err.code == CALCOM_E_TIMEOUT;
	}
	return r->status == 500 || r->status == 502 || r->status == 503 || r->status == 504;
}

calcom_http *calcom_http_new(uint64_t seed)
{
	calcom_http *h = calloc(1, sizeof *h);
	if (!h) {
		return NULL;
	}
	h->rng = seed;
	h->multi = curl_multi_init();
	h->share = curl_share_init();
	if (!h->multi || !h->share) {
		calcom_http_free(h);
		return NULL;
	}
	curl_share_setopt(h->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
	curl_share_setopt(h->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
	curl_share_setopt(h->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
	return h;
}

void calcom_http_free(calcom_http *h)
{
	if (!h) {
		return;
	}
	if (h->multi) {
		curl_multi_cleanup(h->multi);
	}
	if (h->share) {
		curl_share_cleanup(h->share);
	}
	free(h);
}

const calcom_http_stats *calcom_http_stats_get(const calcom_http *h)
{
	return &h->stats;
}

static size_t append(buffer *b, const char *data, size_t n)
{
	if (b->len + n + 1 > RESPONSE_MAX) {
		b->too_large = true;
		return 0;  /* makes curl fail the transfer with CURLE_WRITE_ERROR */
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n + 1) {
			cap *= 2;
		}
		char *grown = realloc(b->data, cap);
		if (!grown) {
			return 0;
		}
		b->data = grown;
		b->cap = cap;
	}
	memcpy(b->data + b->len, data, n);
	b->len += n;
	b->data[b->len] = '\0';
	return n;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *userdata)
{
	return append(userdata, data, size * nmemb);
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *userdata)
{
	buffer *head = userdata;
	size_t n = size * nmemb;
	/* A new status line starts a new response (after 100 Continue, say):
	 * only the last response's headers count. */
	if (n >= 5 && memcmp(data, "HTTP/", 5) == 0) {
		head->len = 0;
	}
	return append(head, data, n);
}

static void buffer_reset(buffer *b)
{
	b->len = 0;
	b->too_large = false;
	if (b->data) {
		b->data[0] = '\0';
	}
}

static bool start_attempt(calcom_http *h, transfer *t, double now, calcom_err *err)
{
	const calcom_http_request *req = t->req;
	double timeout = req->timeout;
	if (req->retry.budget > 0) {
		double left = t->first_start + req->retry.budget - now;
		if (left < timeout) {
			timeout = left;
		}
	}
	if (timeout < 0.001) {
		return calcom_err_set(err, CALCOM_E_TIMEOUT, "%s %s: no time left for another attempt", req->method, req->url);
	}

	CURL *e = t->easy ? t->easy : curl_easy_init();
	if (!e) {
		return calcom_err_set(err, CALCOM_E_NOMEM, "out of memory starting %s %s", req->method, req->url);
	}
	t->easy = e;
	curl_easy_reset(e);
	buffer_reset(&t->body);
	buffer_reset(&t->head);

	curl_easy_setopt(e, CURLOPT_URL, req->url);
	curl_easy_setopt(e, CURLOPT_SHARE, h->share);
	curl_easy_setopt(e, CURLOPT_PRIVATE, t);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, &t->body);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, &t->head);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, (long)(req->connect_timeout * 1000.0 + 0.5));
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)(timeout * 1000.0 + 0.5));
	curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	/* Explicit, so no build default or environment can turn them off. */
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(e, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(e, CURLOPT_USERAGENT, "calcom-php-extension");
	if (!req->idempotent) {
		/* libcurl resends a request by itself when a reused connection turns
		 * out dead before any answer. For a booking that may be the second
		 * POST of a committed booking: on a fresh connection it never does. */
		curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
	}
	if (strcmp(req->method, "GET") == 0) {
		curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
	} else {
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, req->method);
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(req->body ? req->body_len : 0));
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, req->body ? req->body : "");
	}

	if (curl_multi_add_handle(h->multi, e) != CURLM_OK) {
		return calcom_err_set(err, CALCOM_E_IO, "%s %s: cannot start the transfer", req->method, req->url);
	}
	t->resp->attempts++;
	h->stats.attempts++;
	return true;
}

/* The transport failure as an engine error. */
static void transport_error(const transfer *t, CURLcode code, calcom_err *err)
{
	const calcom_http_request *req = t->req;
	calcom_err_code kind;
	switch (code) {
		case CURLE_COULDNT_RESOLVE_HOST:
		case CURLE_COULDNT_RESOLVE_PROXY:
		case CURLE_COULDNT_CONNECT:
			kind = CALCOM_E_CONNECT;
			break;
		case CURLE_OPERATION_TIMEDOUT:
			kind = CALCOM_E_TIMEOUT;
			break;
		case CURLE_WRITE_ERROR:
			kind = t->body.too_large || t->head.too_large ? CALCOM_E_PROTOCOL : CALCOM_E_NOMEM;
			break;
		case CURLE_PEER_FAILED_VERIFICATION:
		case CURLE_SSL_CONNECT_ERROR:
		case CURLE_UNSUPPORTED_PROTOCOL:
		case CURLE_URL_MALFORMAT:
			kind = CALCOM_E_PROTOCOL;  /* retrying will not change the answer */
			break;
		default:
			kind = CALCOM_E_IO;       /* dropped, reset, truncated, empty reply */
			break;
	}
	if (code == CURLE_WRITE_ERROR && kind == CALCOM_E_PROTOCOL) {
		calcom_err_set(err, kind, "%s %s: response larger than %u bytes", req->method, req->url, RESPONSE_MAX);
	} else {
		calcom_err_set(err, kind, "%s %s: %s", req->method, req->url, curl_easy_strerror(code));
	}
}

static void take_result(transfer *t, CURLcode code)
{
	calcom_http_response *r = t->resp;
	long connects = 0;
	curl_easy_getinfo(t->easy, CURLINFO_NUM_CONNECTS, &connects);
	r->new_connections += connects;
	calcom_err_clear(&r->err);
	r->status = 0;
	if (code == CURLE_OK) {
		curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &r->status);
	} else {
		transport_error(t, code, &r->err);
	}
}

/* Hands the buffers of the final attempt to the response. */
static void finish(transfer *t, double now)
{
	calcom_http_response *r = t->resp;
	free(r->body);
	free(r->headers);
	r->body = t->body.data ? t->body.data : calloc(1, 1);
	r->body_len = t->body.len;
	r->headers = t->head.data ? t->head.data : calloc(1, 1);
	r->headers_len = t->head.len;
	t->body = (buffer){0};
	t->head = (buffer){0};
	r->elapsed = now - t->first_start;
	t->done = true;
	if (!r->body || !r->headers) {
		calcom_err_set(&r->err, CALCOM_E_NOMEM, "out of memory");
	}
}

/* After an attempt ends: another one later, or the final answer now. */
static void settle(calcom_http *h, transfer *t, double now)
{
	const calcom_http_request *req = t->req;
	calcom_http_response *r = t->resp;
	if (req->idempotent && r->attempts < req->retry.max_attempts && calcom_http_retryable(r)) {
		double delay = calcom_http_backoff(&req->retry, r->attempts, &h->rng);
		bool in_budget = req->retry.budget <= 0 || now + delay < t->first_start + req->retry.budget;
		if (in_budget) {
			t->next_start = now + delay;
			h->stats.retries++;
			return;
		}
	}
	finish(t, now);
}

/* Prepares a request's header list and sends its first attempt; false
 * (with the response's err set) when it cannot even start. */
static bool begin(calcom_http *h, transfer *t, double now)
{
	t->first_start = now;
	for (size_t k = 0; k <= t->req->nheaders; k++) {
		/* The last line turns off "Expect: 100-continue": small JSON bodies
		 * should not wait a round trip for permission. */
		const char *line = k < t->req->nheaders ? t->req->headers[k] : "Expect:";
		struct curl_slist *grown = curl_slist_append(t->headers, line);
		if (!grown) {
			return calcom_err_set(&t->resp->err, CALCOM_E_NOMEM, "out of memory");
		}
		t->headers = grown;
	}
	return start_attempt(h, t, now, &t->resp->err);
}

void calcom_http_perform(calcom_http *h, const calcom_http_request *requests, calcom_http_response *responses,
	size_t n)
{
	memset(responses, 0, n * sizeof *responses);
	transfer *ts = calloc(n ? n : 1, sizeof *ts);
	if (!ts) {
		for (size_t i = 0; i < n; i++) {
			calcom_err_set(&responses[i].err, CALCOM_E_NOMEM, "out of memory");
		}
		return;
	}

	size_t pending = n;
	double now = calcom_monotonic();
	for (size_t i = 0; i < n; i++) {
		transfer *t = &ts[i];
		t->req = &requests[i];
		t->resp = &responses[i];
		h->stats.requests++;
		if (!begin(h, t, now)) {
			finish(t, now);
			pending--;
		}
	}

	while (pending > 0) {
		int running = 0;
		curl_multi_perform(h->multi, &running);

		CURLMsg *msg;
		int left;
		while ((msg = curl_multi_info_read(h->multi, &left))) {
			if (msg->msg != CURLMSG_DONE) {
				continue;
			}
			transfer *t = NULL;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&t);
			CURLcode code = msg->data.result;
			curl_multi_remove_handle(h->multi, msg->easy_handle);
			take_result(t, code);
			now = calcom_monotonic();
			settle(h, t, now);
			if (t->done) {
				pending--;
			}
		}

		/* Start the retries that are due; find the next one's time. */
		now = calcom_monotonic();
		double next = 0;
		for (size_t i = 0; i < n; i++) {
			transfer *t = &ts[i];
			if (t->done || t->next_start == 0) {
				continue;
			}
			if (t->next_start <= now) {
				t->next_start = 0;
				if (!start_attempt(h, t, now, &t->resp->err)) {
					t->resp->status = 0;
					finish(t, now);
					pending--;
				}
			} else if (next == 0 || t->next_start < next) {
				next = t->next_start;
			}
		}
		if (pending == 0) {
			break;
		}

		int wait_ms = 1000;
		if (next > 0) {
			double until = (next - now) * 1000.0;
			wait_ms = until < 1 ? 1 : until > 1000 ? 1000 : (int)until;
		}
		if (running > 0) {
			curl_multi_poll(h->multi, NULL, 0, wait_ms, NULL);
		} else if (next > 0) {
			calcom_sleep(wait_ms / 1000.0);
		}
	}

	for (size_t i = 0; i < n; i++) {
		h->stats.new_connections += (uint64_t)responses[i].new_connections;
		if (ts[i].easy) {
			curl_easy_cleanup(ts[i].easy);
		}
		curl_slist_free_all(ts[i].headers);
		free(ts[i].body.data);
		free(ts[i].head.data);
	}
	free(ts);
}

void calcom_http_response_free(calcom_http_response *r)
{
	free(r->body);
	free(r->headers);
	r->body = r->headers = NULL;
	r->body_len = r->headers_len = 0;
}

bool calcom_http_header(const calcom_http_response *r, const char *name, const char **value, size_t *len)
{
	size_t name_len = strlen(name);
	bool found = false;
	const char *p = r->headers, *end = r->headers ? r->headers + r->headers_len : NULL;
	while (p && p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = eol ? eol : end;
		if ((size_t)(line_end - p) > name_len && p[name_len] == ':' && strncasecmp(p, name, name_len) == 0) {
			const char *v = p + name_len + 1, *ve = line_end;
			while (v < ve && (*v == ' ' || *v == '\t')) v++;
			while (ve > v && (ve[-1] == '\r' || ve[-1] == ' ' || ve[-1] == '\t')) ve--;
			*value = v;
			*len = (size_t)(ve - v);
			found = true;  /* keep going: the last one wins */
		}
		p = eol ? eol + 1 : end;
	}
	return found;
}
