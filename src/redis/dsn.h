/*
 * Redis DSNs:
 *   redis://[[username]:password@]host[:port][/db]
 *   unix:///path/to/redis.sock[?db=N][&password=…]
 * Userinfo and query values are percent-decoded. Hosts may be [IPv6].
 */
#ifndef CALCOM_REDIS_DSN_H
#define CALCOM_REDIS_DSN_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/err.h"

#define CALCOM_DSN_DEFAULT_PORT 6379
#define CALCOM_DSN_HOST_MAX 255
#define CALCOM_DSN_PATH_MAX 107   /* sun_path holds 108 bytes with the NUL */
#define CALCOM_DSN_CRED_MAX 255

typedef enum { CALCOM_DSN_TCP, CALCOM_DSN_UNIX } calcom_dsn_kind;

typedef struct {
	calcom_dsn_kind kind;
	char host[CALCOM_DSN_HOST_MAX + 1];   /* TCP: host name or IP, no brackets */
	char path[CALCOM_DSN_PATH_MAX + 1];   /* UNIX: socket path */
	int port;                             /* TCP only */
	int db;                               /* -1 when the DSN names none */
	bool has_password;
	char username[CALCOM_DSN_CRED_MAX + 1];
	char password[CALCOM_DSN_CRED_MAX + 1];
} calcom_dsn;

/* Parses len bytes of s (need not be NUL-terminated). On failure returns
 * false and says what is wrong in err (CALCOM_E_INVALID); the message never
 * contains the password, and quotes no text of a DSN that contains '@' or
 * "password" (a password with an unencoded '/' or '&' would otherwise leak
 * through the port, database or parameter name a message quotes). */
bool calcom_dsn_parse(const char *s, size_t len, calcom_dsn *out, calcom_err *err);

/* Zeroes the struct so the password does not outlive it in memory; unlike a
 * plain memset before free() or return, the compiler cannot drop it. */
void calcom_dsn_wipe(calcom_dsn *dsn);

/* "host:port", "[v6]:port" or the socket path: how messages name the server. */
void calcom_dsn_describe(const calcom_dsn *dsn, char *buf, size_t size);

#endif
