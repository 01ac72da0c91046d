/*
 * SHA-1, only to name Lua scripts the way Redis does (EVALSHA takes the
 * hex SHA-1 of the script body), so a script can be called by hash without
 * asking the server first. Not for anything security-related.
 */
#ifndef CALCOM_SHA1_H
#define CALCOM_SHA1_H

#include <stddef.h>

#define CALCOM_SHA1_HEX_LEN 40

/* Writes 40 lowercase hex digits and a NUL to hex. */
void calcom_sha1_hex(const void *data, size_t len, char hex[CALCOM_SHA1_HEX_LEN + 1]);

#endif
