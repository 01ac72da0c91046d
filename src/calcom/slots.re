/*
 * Cal.com slot responses: a re2c JSON tokenizer, a non-recursive parser
 * that builds a small tree of the levels a slot response uses, and the
 * reading of that tree into calcom_slots.
 *
 * Why a tree and not a streaming reader: JSON lets keys come in any order
 * and repeat, and json_decode (what Cal.com's PHP clients and our
 * differential test use) lets the last value of a repeated key win. Whether
 * the body is the legacy shape depends on a "slots" member that may come
 * after the days, and "status" may come last; a tree answers both without
 * guessing. Only values at depth <= KEEP_DEPTH get a node (deeper values are
 * checked and skipped), so nesting costs nothing beyond the parser's fixed
 * stack.
 *
 * Input is read through re2c's generic API with an index instead of a
 * pointer. YYPEEK yields 0 at the end and re2c:eof = 0 makes the scanner ask
 * YYLESSTHAN whether a 0 it read is the end or a real NUL byte, so nothing
 * past body+len is read and the body needs no terminator or padding.
 *
 * Generated into slots.c by tools/re2c.sh; edit this file, not the .c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slots.h"

/*!re2c
	re2c:api = custom;
	re2c:api:style = free-form;
	re2c:define:YYCTYPE = "unsigned char";
	re2c:define:YYPEEK = "(cur < len ? in[cur] : 0)";
	re2c:define:YYSKIP = "++cur;";
	re2c:define:YYBACKUP = "mar = cur;";
	re2c:define:YYRESTORE = "cur = mar;";
	re2c:define:YYLESSTHAN = "(cur >= len)";
	re2c:eof = 0;
	re2c:yyfill:enable = 0;
	re2c:indent:string = "\t";

	dig  = [0-9];
	hex  = [0-9a-fA-F];

	// RFC 8259 section 6, and a catch-all for what only looks like a number
	// ("01", "1.", "-", "1e"), so the message can say "invalid number".
	number = "-"? ("0" | [1-9] dig*) ("." dig+)? ([eE] [+-]? dig+)?;
	badnum = [-0-9] [-+.eE0-9]*;

	// Well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
	// past U+10FFFF), as json_decode's scanner accepts it.
	u8t   = [\x80-\xbf];
	utf8  = [\xc2-\xdf] u8t
	      | "\xe0" [\xa0-\xbf] u8t | [\xe1-\xec\xee\xef] u8t u8t | "\xed" [\x80-\x9f] u8t
	      | "\xf0" [\x90-\xbf] u8t u8t | [\xf1-\xf3] u8t u8t u8t | "\xf4" [\x80-\x8f] u8t u8t;
	// Unescaped string content: not '"', not '\', not a control character.
	plain = [\x20-\x21\x23-\x5b\x5d-\x7f] | utf8;

	hi = [dD] [89abAB] hex hex;
	lo = [dD] [c-fC-F] hex hex;
*/

#define NONE UINT32_MAX
/* Deepest value that gets a node: legacy "time" strings sit at depth 5
 * (root 0, data 1, slots 2, day 3, slot 4); a v2 "start" at 4. */
#define KEEP_DEPTH 5

typedef enum { J_OBJECT = 1, J_ARRAY, J_STRING, J_NUMBER, J_TRUE, J_FALSE, J_NULL } jtype;

/* One JSON value. Strings and keys live decoded in the parser's arena. */
typedef struct {
	uint32_t off;            /* first byte of the value in the body */
	uint32_t key_off;        /* opening quote of its key (object members) */
	uint32_t key, key_len;   /* its key, decoded (object members) */
	uint32_t str, str_len;   /* a string value, decoded */
	uint32_t child, next;    /* first child, next sibling, or NONE */
	uint32_t count;          /* children */
	uint8_t type;
} jnode;

typedef enum {
	TK_EOF, TK_LBRACE, TK_RBRACE, TK_LBRACKET, TK_RBRACKET, TK_COLON, TK_COMMA,
	TK_STRING, TK_NUMBER, TK_TRUE, TK_FALSE, TK_NULL, TK_ERROR
} tok_kind;

typedef struct {
	const unsigned char *in;
	size_t len;
	size_t cur;                /* scanner position */
	size_t tok;                /* first byte of the last token */
	bool keep;                 /* decode the next string into the arena */
	uint32_t str, str_len;     /* the last string token, when kept */
	unsigned char *arena;      /* len bytes: decoding never lengthens a string */
	size_t arena_used;
	jnode *nodes;
	size_t nnodes, cap;
	calcom_err *err;
} parser;

typedef struct {
	uint32_t node;   /* the container's node, or NONE deeper than KEEP_DEPTH */
	uint32_t last;   /* its last child so far */
	bool object;
} frame;

/* ---- messages ------------------------------------------------------------ */

/* Up to QUOTE_MAX bytes of s for a message, non-printable bytes and '"'
 * as '?': day keys and timestamps come from the network and may hold
 * anything. Returned by value so it can be an argument of the message. */
#define QUOTE_MAX 24
typedef struct {
	char s[QUOTE_MAX + 4];
} quoted;

static quoted quote(const unsigned char *s, size_t n)
{
	quoted q;
	size_t i = 0;
	for (; i < n && i < QUOTE_MAX; i++) {
		q.s[i] = (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '"') ? (char)s[i] : '?';
	}
	if (i < n) {
		memcpy(q.s + i, "...", 3);
		i += 3;
	}
	q.s[i] = '\0';
	return q;
}

static bool fail_nomem(parser *p)
{
	return calcom_err_set(p->err, CALCOM_E_NOMEM, "out of memory parsing slots");
}

/* ---- tokenizer ----------------------------------------------------------- */

/* Stores one decoded code point as UTF-8 (when the string is kept). */
static void put_utf8(unsigned char *out, size_t *n, uint32_t c)
{
	if (!out) {
		return;  /* only validating: the string is deeper than KEEP_DEPTH */
	}
	if (c < 0x80) {
		out[(*n)++] = (unsigned char)c;
	} else if (c < 0x800) {
		out[(*n)++] = (unsigned char)(0xc0 | c >> 6);
		out[(*n)++] = (unsigned char)(0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		out[(*n)++] = (unsigned char)(0xe0 | c >> 12);
		out[(*n)++] = (unsigned char)(0x80 | (c >> 6 & 0x3f));
		out[(*n)++] = (unsigned char)(0x80 | (c & 0x3f));
	} else {
		out[(*n)++] = (unsigned char)(0xf0 | c >> 18);
		out[(*n)++] = (unsigned char)(0x80 | (c >> 12 & 0x3f));
		out[(*n)++] = (unsigned char)(0x80 | (c >> 6 & 0x3f));
		out[(*n)++] = (unsigned char)(0x80 | (c & 0x3f));
	}
}

static uint32_t hex4(const unsigned char *p)
{
	uint32_t v = 0;
	for (int i = 0; i < 4; i++) {
		unsigned char c = p[i];
		v = v << 4 | (uint32_t)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
	}
	return v;
}

/* True when [at, len) is a proper beginning of an escape sequence, i.e. the
 * body ended inside it: "\", "\u", "\u00", "\ud83d", "\ud83d\u". */
static bool escape_cut_short(const unsigned char *in, size_t at, size_t len)
{
	static const char shape[] = "\\uXXXX\\uXXXX";
	size_t n = len - at;
	if (n >= sizeof shape - 1) {
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = in[at + i];
		bool ok = shape[i] == 'X' ? ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'))
		                          : c == (unsigned char)shape[i];
		if (!ok) {
			return false;
		}
	}
	return true;
}

/* True when [at, len) is a proper beginning of a well-formed UTF-8
 * sequence, i.e. the body ended inside a character. */
static bool utf8_cut_short(const unsigned char *in, size_t at, size_t len)
{
	unsigned char c = in[at];
	size_t need = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
	size_t n = len - at;
	if (need == 0 || n >= need) {
		return false;
	}
	for (size_t i = 1; i < n; i++) {
		unsigned char lo = 0x80, hi = 0xbf;
		if (i == 1) {  /* the second byte's range depends on the first */
			if (c == 0xe0) lo = 0xa0;
			if (c == 0xed) hi = 0x9f;
			if (c == 0xf0) lo = 0x90;
			if (c == 0xf4) hi = 0x8f;
		}
		if (in[at + i] < lo || in[at + i] > hi) {
			return false;
		}
	}
	return true;
}

/* Scans a string whose opening quote was at p->tok; p->cur is just past it.
 * When p->keep, decodes it into the arena (p->str, p->str_len). */
static tok_kind scan_string(parser *p)
{
	const unsigned char *in = p->in;
	const size_t len = p->len;
	size_t cur = p->cur, mar = cur;
	unsigned char *out = p->keep ? p->arena + p->arena_used : NULL;
	size_t n = 0;

	for (;;) {
		size_t start = cur;
		/*!re2c
			["] {
				p->cur = cur;
				if (out) {
					p->str = (uint32_t)p->arena_used;
					p->str_len = (uint32_t)n;
					p->arena_used += n;
				}
				return TK_STRING;
			}
			plain+ {
				if (out) {
					memcpy(out + n, in + start, cur - start);
				}
				n += cur - start;
				continue;
			}
			"\\" ["\\/] { put_utf8(out, &n, in[start + 1]); continue; }
			"\\b"       { put_utf8(out, &n, '\b'); continue; }
			"\\f"       { put_utf8(out, &n, '\f'); continue; }
			"\\n"       { put_utf8(out, &n, '\n'); continue; }
			"\\r"       { put_utf8(out, &n, '\r'); continue; }
			"\\t"       { put_utf8(out, &n, '\t'); continue; }
			"\\u" hi "\\u" lo {
				uint32_t h = hex4(in + start + 2), l = hex4(in + start + 8);
				put_utf8(out, &n, 0x10000 + ((h - 0xd800) << 10) + (l - 0xdc00));
				continue;
			}
			"\\u" (hi | lo) {
				p->cur = cur;
				if (escape_cut_short(in, start, len)) {  /* "\ud83d" and the body ends */
					calcom_err_set(p->err, CALCOM_E_PROTOCOL, "unexpected end of body at byte %zu (inside a string)", len);
				} else {
					calcom_err_set(p->err, CALCOM_E_PROTOCOL,
						"unpaired UTF-16 surrogate escape in a string at byte %zu", start);
				}
				return TK_ERROR;
			}
			"\\u" hex{4} { put_utf8(out, &n, hex4(in + start + 2)); continue; }
			"\\" {
				p->cur = cur;
				if (escape_cut_short(in, start, len)) {
					calcom_err_set(p->err, CALCOM_E_PROTOCOL, "unexpected end of body at byte %zu (inside a string)", len);
				} else {
					calcom_err_set(p->err, CALCOM_E_PROTOCOL, "invalid escape in a string at byte %zu", start);
				}
				return TK_ERROR;
			}
			[\x00-\x1f] {
				p->cur = cur;
				calcom_err_set(p->err, CALCOM_E_PROTOCOL,
					"unescaped control character 0x%02x in a string at byte %zu", in[start], start);
				return TK_ERROR;
			}
			$ {
				p->cur = cur;
				calcom_err_set(p->err, CALCOM_E_PROTOCOL, "unexpected end of body at byte %zu (inside a string)", len);
				return TK_ERROR;
			}
			* {
				p->cur = cur;
				if (utf8_cut_short(in, start, len)) {
					calcom_err_set(p->err, CALCOM_E_PROTOCOL, "unexpected end of body at byte %zu (inside a string)", len);
				} else {
					calcom_err_set(p->err, CALCOM_E_PROTOCOL, "invalid UTF-8 in a string at byte %zu", start);
				}
				return TK_ERROR;
			}
		*/
	}
}

/* True when [at, len) is a proper beginning of word: "tr" for "true". */
static bool word_cut_short(const unsigned char *in, size_t at, size_t len, const char *word)
{
	size_t n = len - at;
	return n < strlen(word) && memcmp(in + at, word, n) == 0;
}

/* The next token; p->tok is where it starts. On TK_ERROR err is set. */
static tok_kind next_token(parser *p)
{
	const unsigned char *in = p->in;
	const size_t len = p->len;
	size_t cur = p->cur, mar = cur;

	for (;;) {
		p->tok = cur;
		/*!re2c
			[ \t\n\r]+ { continue; }
			"{"        { p->cur = cur; return TK_LBRACE; }
			"}"        { p->cur = cur; return TK_RBRACE; }
			"["        { p->cur = cur; return TK_LBRACKET; }
			"]"        { p->cur = cur; return TK_RBRACKET; }
			":"        { p->cur = cur; return TK_COLON; }
			","        { p->cur = cur; return TK_COMMA; }
			"true"     { p->cur = cur; return TK_TRUE; }
			"false"    { p->cur = cur; return TK_FALSE; }
			"null"     { p->cur = cur; return TK_NULL; }
			["]        { p->cur = cur; return scan_string(p); }
			number     { p->cur = cur; return TK_NUMBER; }
			badnum {
				p->cur = cur;
				unsigned char last = in[cur - 1];
				if (cur == len && (last == '-' || last == '+' || last == '.' || last == 'e' || last == 'E')) {
					calcom_err_set(p->err, CALCOM_E_PROTOCOL, "unexpected end of body at byte %zu (inside a number)", len);
				} else {
					calcom_err_set(p->err, CALCOM_E_PROTOCOL, "invalid number at byte %zu", p->tok);
				}
				return TK_ERROR;
			}
			$ { p->cur = cur; return TK_EOF; }
			* {
				size_t at = p->tok;
				p->cur = cur;
				if (word_cut_short(in, at, len, "true") || word_cut_short(in, at, len, "false") ||
				    word_cut_short(in, at, len, "null")) {
					calcom_err_set(p->err, CALCOM_E_PROTOCOL, "unexpected end of body at byte %zu", len);
				} else if (in[at] >= 0x21 && in[at] < 0x7f) {
					calcom_err_set(p->err, CALCOM_E_PROTOCOL, "unexpected '%c' at byte %zu", in[at], at);
				} else {
					calcom_err_set(p->err, CALCOM_E_PROTOCOL, "unexpected byte 0x%02x at byte %zu", in[at], at);
				}
				return TK_ERROR;
			}
		*/
	}
}

/* ---- parser ---------------------------------------------------------------- */

static const char *tok_name(tok_kind t)
{
	switch (t) {
	case TK_LBRACE: return "'{'";
	case TK_RBRACE: return "'}'";
	case TK_LBRACKET: return "'['";
	case TK_RBRACKET: return "']'";
	case TK_COLON: return "':'";
	case TK_COMMA: return "','";
	case TK_STRING: return "a string";
	case TK_NUMBER: return "a number";
	case TK_TRUE: return "true";
	case TK_FALSE: return "false";
	case TK_NULL: return "null";
	default: return "end of body";
	}
}

/* err for a token that is not what the grammar wants here. */
static bool unexpected(parser *p, tok_kind t, const char *want)
{
	if (t == TK_ERROR) {
		return false;  /* the tokenizer has said what */
	}
	if (t == TK_EOF) {
		return calcom_err_set(p->err, CALCOM_E_PROTOCOL, "unexpected end of body at byte %zu (expected %s)", p->len, want);
	}
	return calcom_err_set(p->err, CALCOM_E_PROTOCOL, "expected %s at byte %zu, found %s", want, p->tok, tok_name(t));
}

static tok_kind next(parser *p, size_t depth)
{
	p->keep = depth <= KEEP_DEPTH;
	return next_token(p);
}

/* Adds a node for the value starting at p->tok, as the last child of the
 * frame on top (if any), under key (NONE for array elements and the root). */
static bool add_node(parser *p, jtype type, frame *parent, const jnode *key, uint32_t *id)
{
	if (p->nnodes == p->cap) {
		if (p->cap > SIZE_MAX / 2 / sizeof *p->nodes) {
			return fail_nomem(p);
		}
		size_t cap = p->cap ? p->cap * 2 : 64;
		jnode *nodes = realloc(p->nodes, cap * sizeof *nodes);
		if (!nodes) {
			return fail_nomem(p);
		}
		p->nodes = nodes;
		p->cap = cap;
	}
	uint32_t me = (uint32_t)p->nnodes++;
	jnode *n = &p->nodes[me];
	memset(n, 0, sizeof *n);
	n->type = (uint8_t)type;
	n->off = (uint32_t)p->tok;
	n->child = n->next = NONE;
	if (key) {
		n->key = key->key;
		n->key_len = key->key_len;
		n->key_off = key->key_off;
	}
	if (type == J_STRING) {
		n->str = p->str;
		n->str_len = p->str_len;
	}
	if (parent && parent->node != NONE) {
		if (parent->last == NONE) {
			p->nodes[parent->node].child = me;
		} else {
			p->nodes[parent->last].next = me;
		}
		parent->last = me;
		p->nodes[parent->node].count++;
	}
	*id = me;
	return true;
}

/* Parses the whole body into p->nodes (node 0 is the root value). An
 * explicit stack instead of recursion: a hostile body cannot exhaust the C
 * stack, and the depth limit is one comparison. */
static bool parse_document(parser *p)
{
	frame stack[CALCOM_SLOTS_MAX_DEPTH];
	size_t depth = 0;
	enum { WANT_VALUE, WANT_KEY, AFTER_VALUE } state = WANT_VALUE;
	jnode key = {0};
	bool has_key = false;

	tok_kind t = next(p, 0);
	if (t == TK_EOF) {
		return calcom_err_set(p->err, CALCOM_E_PROTOCOL, "empty body");
	}
	for (;;) {
		frame *top = depth ? &stack[depth - 1] : NULL;
		switch (state) {
		case WANT_VALUE: {
			jtype type;
			switch (t) {
			case TK_LBRACE: type = J_OBJECT; break;
			case TK_LBRACKET: type = J_ARRAY; break;
			case TK_STRING: type = J_STRING; break;
			case TK_NUMBER: type = J_NUMBER; break;
			case TK_TRUE: type = J_TRUE; break;
			case TK_FALSE: type = J_FALSE; break;
			case TK_NULL: type = J_NULL; break;
			default: return unexpected(p, t, "a value");
			}
			uint32_t id = NONE;
			if (depth <= KEEP_DEPTH && !add_node(p, type, top, has_key ? &key : NULL, &id)) {
				return false;
			}
			has_key = false;
			if (type != J_OBJECT && type != J_ARRAY) {
				state = AFTER_VALUE;
				break;
			}
			if (depth == CALCOM_SLOTS_MAX_DEPTH) {
				return calcom_err_set(p->err, CALCOM_E_PROTOCOL, "nesting deeper than %d levels at byte %zu",
					CALCOM_SLOTS_MAX_DEPTH, p->tok);
			}
			stack[depth++] = (frame){id, NONE, type == J_OBJECT};
			t = next(p, depth);
			if (t == (type == J_OBJECT ? TK_RBRACE : TK_RBRACKET)) {
				depth--;  /* empty: {} or [] */
				state = AFTER_VALUE;
			} else {
				state = type == J_OBJECT ? WANT_KEY : WANT_VALUE;
			}
			break;
		}
		case WANT_KEY:
			if (t != TK_STRING) {
				return unexpected(p, t, "a string key");
			}
			key.key = p->str;
			key.key_len = p->str_len;
			key.key_off = (uint32_t)p->tok;
			has_key = true;
			t = next(p, depth);
			if (t != TK_COLON) {
				return unexpected(p, t, "':' after the key");
			}
			t = next(p, depth);
			state = WANT_VALUE;
			break;
		case AFTER_VALUE:
			t = next(p, depth);
			if (!top) {
				if (t == TK_EOF) {
					return true;
				}
				if (t == TK_ERROR) {
					return false;
				}
				return calcom_err_set(p->err, CALCOM_E_PROTOCOL, "unexpected %s after the JSON value at byte %zu",
					tok_name(t), p->tok);
			}
			if (t == TK_COMMA) {
				t = next(p, depth);
				state = top->object ? WANT_KEY : WANT_VALUE;
			} else if (t == (top->object ? TK_RBRACE : TK_RBRACKET)) {
				depth--;
			} else {
				return unexpected(p, t, top->object ? "',' or '}'" : "',' or ']'");
			}
			break;
		}
	}
}

/* ---- reading the tree ------------------------------------------------------- */

static bool key_is(const parser *p, const jnode *n, const char *key)
{
	size_t klen = strlen(key);
	return n->key_len == klen && memcmp(p->arena + n->key, key, klen) == 0;
}

/* The member of obj named key, the last one if repeated; NULL if none. */
static const jnode *member(const parser *p, const jnode *obj, const char *key)
{
	const jnode *found = NULL;
	for (uint32_t c = obj->child; c != NONE; c = p->nodes[c].next) {
		if (key_is(p, &p->nodes[c], key)) {
			found = &p->nodes[c];
		}
	}
	return found;
}

static const char *type_name(const jnode *n)
{
	switch (n->type) {
	case J_OBJECT: return "an object";
	case J_ARRAY: return "an array";
	case J_STRING: return "a string";
	case J_NUMBER: return "a number";
	case J_NULL: return "null";
	default: return "a boolean";
	}
}

typedef struct {
	int64_t day;
	uint32_t pos;    /* position of the key's first occurrence */
	uint32_t node;   /* the value of its last occurrence */
} day_entry;

static int by_day_then_pos(const void *a, const void *b)
{
	const day_entry *x = a, *y = b;
	if (x->day != y->day) {
		return x->day < y->day ? -1 : 1;
	}
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static int by_pos(const void *a, const void *b)
{
	const day_entry *x = a, *y = b;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* One timestamp member ("start", "time", "end") of a slot. */
static bool read_instant(const parser *p, const jnode *v, const char *name, calcom_instant *out)
{
	if (v->type != J_STRING) {
		return calcom_err_set(p->err, CALCOM_E_PROTOCOL, "slot \"%s\" at byte %u is %s, not a timestamp string",
			name, (unsigned)v->off, type_name(v));
	}
	if (!calcom_rfc3339_parse((const char *)p->arena + v->str, v->str_len, out)) {
		return calcom_err_set(p->err, CALCOM_E_PROTOCOL, "slot \"%s\" at byte %u is not an RFC 3339 timestamp: \"%s\"",
			name, (unsigned)v->off, quote(p->arena + v->str, v->str_len).s);
	}
	return true;
}

/* The days of container c (the "data" object in v2, "data"."slots" in the
 * legacy shape), or none when c is NULL. */
static bool read_days(parser *p, const jnode *c, calcom_slots *out)
{
	const char *start_key = out->shape == CALCOM_SLOTS_LEGACY ? "time" : "start";
	size_t n = c ? c->count : 0;
	if (n == 0) {
		return true;
	}
	day_entry *ents = malloc(n * sizeof *ents);
	if (!ents) {
		return fail_nomem(p);
	}

	/* Every key must be a date; valid "YYYY-MM-DD" strings and day numbers
	 * map one to one, so equal day numbers are exactly repeated keys. */
	size_t i = 0;
	for (uint32_t id = c->child; id != NONE; id = p->nodes[id].next, i++) {
		const jnode *d = &p->nodes[id];
		if (!calcom_date_parse((const char *)p->arena + d->key, d->key_len, &ents[i].day)) {
			quoted q = quote(p->arena + d->key, d->key_len);
			free(ents);
			return calcom_err_set(p->err, CALCOM_E_PROTOCOL, "day key \"%s\" at byte %u is not a YYYY-MM-DD date",
				q.s, (unsigned)d->key_off);
		}
		ents[i].pos = (uint32_t)i;
		ents[i].node = id;
	}

	/* A repeated day keeps its first position and its last value. */
	qsort(ents, n, sizeof *ents, by_day_then_pos);
	size_t ndays = 0;
	for (size_t a = 0; a < n;) {
		size_t b = a + 1;
		while (b < n && ents[b].day == ents[a].day) {
			b++;
		}
		ents[ndays].day = ents[a].day;
		ents[ndays].pos = ents[a].pos;
		ents[ndays].node = ents[b - 1].node;
		ndays++;
		a = b;
	}
	qsort(ents, ndays, sizeof *ents, by_pos);

	/* Sized first, checked in the pass that fills: the first problem in
	 * document order is the one reported, day by day. */
	size_t nslots = 0;
	for (i = 0; i < ndays; i++) {
		const jnode *d = &p->nodes[ents[i].node];
		nslots += d->type == J_ARRAY ? d->count : 0;
	}

	out->days = calloc(ndays, sizeof *out->days);
	out->starts = nslots ? malloc(nslots * sizeof *out->starts) : NULL;
	out->ends = nslots ? malloc(nslots * sizeof *out->ends) : NULL;
	if (!out->days || (nslots && (!out->starts || !out->ends))) {
		free(ents);
		return fail_nomem(p);
	}

	size_t k = 0;
	for (i = 0; i < ndays; i++) {
		const jnode *d = &p->nodes[ents[i].node];
		if (d->type != J_ARRAY) {
			free(ents);
			return calcom_err_set(p->err, CALCOM_E_PROTOCOL, "day \"%.10s\" at byte %u is %s, not an array of slots",
				(const char *)p->arena + d->key, (unsigned)d->off, type_name(d));
		}
		calcom_slot_day *day = &out->days[out->ndays++];
		memcpy(day->date, p->arena + d->key, 10);
		day->date[10] = '\0';
		day->first = k;
		for (uint32_t id = d->child; id != NONE; id = p->nodes[id].next) {
			const jnode *slot = &p->nodes[id];
			if (slot->type != J_OBJECT) {
				free(ents);
				return calcom_err_set(p->err, CALCOM_E_PROTOCOL, "slot at byte %u is %s, not an object",
					(unsigned)slot->off, type_name(slot));
			}
			const jnode *start = member(p, slot, start_key);
			if (!start) {
				free(ents);
				return calcom_err_set(p->err, CALCOM_E_PROTOCOL, "slot at byte %u has no \"%s\"",
					(unsigned)slot->off, start_key);
			}
			if (!read_instant(p, start, start_key, &out->starts[k])) {
				free(ents);
				return false;
			}
			const jnode *end = member(p, slot, "end");
			out->ends[k].epoch_ms = INT64_MIN;
			out->ends[k].offset_min = 0;
			if (end && !read_instant(p, end, "end", &out->ends[k])) {
				free(ents);
				return false;
			}
			k++;
		}
		day->count = k - day->first;
	}
	out->nslots = k;
	free(ents);
	return true;
}

static bool read_response(parser *p, calcom_slots *out)
{
	const jnode *root = &p->nodes[0];
	if (root->type != J_OBJECT) {
		return calcom_err_set(p->err, CALCOM_E_PROTOCOL, "body is %s, not a JSON object", type_name(root));
	}
	const jnode *status = member(p, root, "status");
	if (!status || status->type != J_STRING || status->str_len != 7 ||
	    memcmp(p->arena + status->str, "success", 7) != 0) {
		return calcom_err_set(p->err, CALCOM_E_PROTOCOL, "status is not success");
	}
	const jnode *data = member(p, root, "data");
	if (!data) {
		return calcom_err_set(p->err, CALCOM_E_PROTOCOL, "the response has no \"data\"");
	}
	out->shape = CALCOM_SLOTS_V2;
	if (data->type == J_ARRAY && data->count == 0) {
		return true;  /* "data":[] is an empty map from a PHP-ish server */
	}
	if (data->type != J_OBJECT) {
		return calcom_err_set(p->err, CALCOM_E_PROTOCOL, "\"data\" at byte %u is %s, not an object",
			(unsigned)data->off, type_name(data));
	}
	const jnode *legacy = member(p, data, "slots");
	if (legacy && (legacy->type == J_OBJECT || (legacy->type == J_ARRAY && legacy->count == 0))) {
		out->shape = CALCOM_SLOTS_LEGACY;
		return read_days(p, legacy->type == J_OBJECT ? legacy : NULL, out);
	}
	return read_days(p, data, out);
}

bool calcom_slots_parse(const char *body, size_t len, calcom_slots *out, calcom_err *err)
{
	memset(out, 0, sizeof *out);
	if (len > CALCOM_SLOTS_MAX_BODY) {
		return calcom_err_set(err, CALCOM_E_PROTOCOL, "body is larger than %zu bytes", CALCOM_SLOTS_MAX_BODY);
	}
	parser p = {0};
	p.in = (const unsigned char *)body;
	p.len = len;
	p.err = err;
	p.arena = malloc(len ? len : 1);
	if (!p.arena) {
		return fail_nomem(&p);
	}
	bool ok = parse_document(&p) && read_response(&p, out);
	free(p.arena);
	free(p.nodes);
	if (!ok) {
		calcom_slots_free(out);
	}
	return ok;
}

void calcom_slots_free(calcom_slots *s)
{
	free(s->days);
	free(s->starts);
	free(s->ends);
	memset(s, 0, sizeof *s);
}
