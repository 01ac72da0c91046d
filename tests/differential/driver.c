/*
 * The C side of the differential test: reads the records gen.php writes
 * ("<length> <tag>\n<bytes>\n") from the file named on the command line,
 * parses each payload with calcom_slots_parse, and prints one line per
 * record, in the canonical form reference.php computes from json_decode:
 *
 *   ok <v2|legacy>[ <date>=[<slot>,...]]...
 *       slot = <start epoch ms>@<offset min>[~<end epoch ms>@<offset min>]
 *   error <class>\t<message>
 *
 * <class> names the rule that refused the payload (json, depth, root,
 * status, data, daykey, day, slot, start, end); compare.php compares the
 * class, not the message. Built from src/ alone: no PHP.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calcom/slots.h"

static const char *error_class(const char *msg)
{
	static const struct {
		const char *prefix;
		const char *cls;
	} map[] = {
		{"nesting deeper than", "depth"},
		{"body is ", "root"},
		{"status is not success", "status"},
		{"the response has no \"data\"", "data"},
		{"\"data\" at byte", "data"},
		{"day key ", "daykey"},
		{"day \"", "day"},
		{"slot \"end\"", "end"},
		{"slot \"start\"", "start"},
		{"slot \"time\"", "start"},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
		if (strncmp(msg, map[i].prefix, strlen(map[i].prefix)) == 0) {
			/* "body is larger than" is a size limit, not a type */
			if (strcmp(map[i].cls, "root") == 0 && strstr(msg, "larger than")) {
				return "size";
			}
			return map[i].cls;
		}
	}
	if (strncmp(msg, "slot at byte", 12) == 0) {
		return strstr(msg, " has no ") ? "start" : "slot";
	}
	if (strncmp(msg, "out of memory", 13) == 0) {
		return "nomem";
	}
	return "json";  /* everything the tokenizer and the grammar refuse */
}

static void print_instant(calcom_instant t)
{
	printf("%lld@%d", (long long)t.epoch_ms, (int)t.offset_min);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s payloads.bin\n", argv[0]);
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	size_t len;
	char tag[64];
	while (fscanf(f, "%zu %63s", &len, tag) == 2) {
		if (fgetc(f) != '\n') {
			fprintf(stderr, "driver: bad record header\n");
			return 2;
		}
		/* Exactly len bytes on the heap: ASan sees any read past the end. */
		char *body = malloc(len ? len : 1);
		if (!body || fread(body, 1, len, f) != len || fgetc(f) != '\n') {
			fprintf(stderr, "driver: short record\n");
			return 2;
		}
		calcom_slots s;
		calcom_err err;
		calcom_err_clear(&err);
		if (calcom_slots_parse(body, len, &s, &err)) {
			printf("ok %s", s.shape == CALCOM_SLOTS_LEGACY ? "legacy" : "v2");
			for (size_t d = 0; d < s.ndays; d++) {
				printf(" %s=[", s.days[d].date);
				for (size_t i = s.days[d].first; i < s.days[d].first + s.days[d].count; i++) {
					if (i > s.days[d].first) {
						putchar(',');
					}
					print_instant(s.starts[i]);
					if (s.ends[i].epoch_ms != INT64_MIN) {
						putchar('~');
						print_instant(s.ends[i]);
					}
				}
				putchar(']');
			}
			putchar('\n');
		} else {
			printf("error %s\t%s\n", error_class(err.msg), err.msg);
		}
		calcom_slots_free(&s);
		free(body);
	}
	fclose(f);
	return 0;
}
