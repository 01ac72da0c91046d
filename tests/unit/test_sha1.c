/*
 * src/lib/sha1: FIPS 180 test vectors and the lengths around the padding
 * boundary (55 bytes fit one final block, 56 need two). Expected digests were
 * computed with Python's hashlib and sha1sum and are hard-coded here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/sha1.h"

static void expect_sha1(const void *data, size_t len, const char *want)
{
	/* A canary after the 41 bytes the function may write. */
	char hex[CALCOM_SHA1_HEX_LEN + 1 + 8];
	memset(hex, 'Z', sizeof hex);
	calcom_sha1_hex(data, len, hex);
	assert_int_equal(hex[CALCOM_SHA1_HEX_LEN], '\0');
	assert_string_equal(hex, want);
	for (size_t i = CALCOM_SHA1_HEX_LEN + 1; i < sizeof hex; i++) {
		assert_int_equal(hex[i], 'Z');
	}
}

static void test_empty(void **state)
{
	(void)state;
	expect_sha1("", 0, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
}

static void test_abc(void **state)
{
	(void)state;
	expect_sha1("abc", 3, "a9993e364706816aba3e25717850c26c9cd0d89d");
}

static void test_fips_448_bits(void **state)
{
	(void)state;
	const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	assert_int_equal(strlen(m), 56);
	expect_sha1(m, strlen(m), "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
}

static void test_fips_896_bits(void **state)
{
	(void)state;
	const char *m = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
	                "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
	assert_int_equal(strlen(m), 112);
	expect_sha1(m, strlen(m), "a49b2446a02c645bf419f995b67091253a04a259");
}

static void test_one_million_a(void **state)
{
	(void)state;
	size_t n = 1000000;
	char *m = malloc(n);
	assert_non_null(m);
	memset(m, 'a', n);
	expect_sha1(m, n, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
	free(m);
}

/* n times 'a' for n around the one/two final block boundary (55/56) and the
 * block size (64), and the same boundary one block later (119/120/128). */
static void test_padding_boundary_a(void **state)
{
	(void)state;
	static const struct {
		size_t n;
		const char *sha1;
	} cases[] = {
		{55, "c1c8bbdc22796e28c0e15163d20899b65621d65a"},
		{56, "c2db330f6083854c99d4b5bfb6e8f29f201be699"},
		{57, "f08f24908d682555111be7ff6f004e78283d989a"},
		{63, "03f09f5b158a7a8cdad920bddc29b81c18a551f5"},
		{64, "0098ba824b5c16427bd7a1122a5a442a25ec644d"},
		{65, "11655326c708d70319be2610e8a57d9a5b959d3b"},
		{119, "ee971065aaa017e0632a8ca6c77bb3bf8b1dfc56"},
		{120, "f34c1488385346a55709ba056ddd08280dd4c6d6"},
		{127, "89d95fa32ed44a7c610b7ee38517ddf57e0bb975"},
		{128, "ad5b3fdbcb526778c2839d2f151ea753995e26a0"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		/* Exactly n bytes on the heap, so ASan sees any read past the end. */
		char *m = malloc(cases[i].n);
		assert_non_null(m);
		memset(m, 'a', cases[i].n);
		expect_sha1(m, cases[i].n, cases[i].sha1);
		free(m);
	}
}

/* Non-ASCII bytes (>= 0x80) around the same boundary: catches sign-extension
 * mistakes that an all-'a' message cannot. Byte i is (7 * i + 3) mod 256. */
static void test_padding_boundary_binary(void **state)
{
	(void)state;
	static const struct {
		size_t n;
		const char *sha1;
	} cases[] = {
		{55, "ddf57317ef34bfee3b6df83d359098930eb278bc"},
		{56, "a0d492bb0fc889d0eca3bc137066ab6f4f74f369"},
		{63, "c55856749bef509bdfe6bfebfc7bf4e793e82132"},
		{64, "bede92be29c3874e1b54ddc77988d606fc857a8e"},
		{65, "b05a80522b053d6dc7e0a517d0e70212c7dad11f"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		unsigned char *m = malloc(cases[i].n);
		assert_non_null(m);
		for (size_t j = 0; j < cases[i].n; j++) {
			m[j] = (unsigned char)((j * 7 + 3) & 0xff);
		}
		expect_sha1(m, cases[i].n, cases[i].sha1);
		free(m);
	}
}

static void test_all_byte_values(void **state)
{
	(void)state;
	unsigned char m[256];
	for (int i = 0; i < 256; i++) {
		m[i] = (unsigned char)i;
	}
	expect_sha1(m, sizeof m, "4916d6bdb7f78e6803698cab32d1586ea457dfc8");
}

/* The input need not be aligned. */
static void test_unaligned_input(void **state)
{
	(void)state;
	char buf[1 + 3];
	memcpy(buf + 1, "abc", 3);
	expect_sha1(buf + 1, 3, "a9993e364706816aba3e25717850c26c9cd0d89d");
}

/* What Redis answers to SCRIPT LOAD "return 1" (the name EVALSHA uses). */
static void test_lua_script_name(void **state)
{
	(void)state;
	expect_sha1("return 1", 8, "e0e1f9fabfc9d4800c877a703b823ac0578ff8db");
}

/* Only lowercase hex digits, always 40 of them. */
static void test_output_alphabet(void **state)
{
	(void)state;
	char hex[CALCOM_SHA1_HEX_LEN + 1];
	unsigned char m[200];
	for (size_t n = 0; n < sizeof m; n++) {
		m[n] = (unsigned char)(255 - n);
		calcom_sha1_hex(m, n, hex);
		assert_int_equal(strlen(hex), CALCOM_SHA1_HEX_LEN);
		assert_int_equal(strspn(hex, "0123456789abcdef"), CALCOM_SHA1_HEX_LEN);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_abc),
		cmocka_unit_test(test_fips_448_bits),
		cmocka_unit_test(test_fips_896_bits),
		cmocka_unit_test(test_one_million_a),
		cmocka_unit_test(test_padding_boundary_a),
		cmocka_unit_test(test_padding_boundary_binary),
		cmocka_unit_test(test_all_byte_values),
		cmocka_unit_test(test_unaligned_input),
		cmocka_unit_test(test_lua_script_name),
		cmocka_unit_test(test_output_alphabet),
	};
	return cmocka_run_group_tests_name("sha1", tests, NULL, NULL);
}
