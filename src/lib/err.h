/*
 * Errors as values. Engine functions that can fail take a calcom_err * and
 * fill it; callers in ext/ turn it into the matching PHP exception.
 */
#ifndef CALCOM_ERR_H
#define CALCOM_ERR_H

#include <stdarg.h>
#include <stdbool.h>

typedef enum {
	CALCOM_OK = 0,
	CALCOM_E_INVALID,   /* bad input from the caller: a ValueError in PHP */
	CALCOM_E_CONNECT,   /* could not reach the server */
	CALCOM_E_IO,        /* connection broke while talking */
	CALCOM_E_TIMEOUT,   /* the server did not answer in time */
	CALCOM_E_PROTOCOL,  /* the server said something we cannot parse */
	CALCOM_E_SERVER,    /* the server answered with an error */
	CALCOM_E_AUTH,      /* the server refused our credentials */
	CALCOM_E_NOMEM
} calcom_err_code;

#define CALCOM_ERR_MSG_MAX 256

typedef struct {
	calcom_err_code code;
	char msg[CALCOM_ERR_MSG_MAX];
} calcom_err;

#if defined(__GNUC__)
#define CALCOM_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CALCOM_PRINTF(f, a)
#endif

/* Sets err (if not NULL) and returns false, so a failing path reads
 * `return calcom_err_set(err, CALCOM_E_INVALID, "...");`. */
CALCOM_PRINTF(3, 4)
bool calcom_err_set(calcom_err *err, calcom_err_code code, const char *fmt, ...);

static inline void calcom_err_clear(calcom_err *err)
{
	err->code = CALCOM_OK;
	err->msg[0] = '\0';
}

#endif
