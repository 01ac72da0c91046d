<?php
/*
 * Generates the payloads of the differential test: Cal.com slot responses of
 * both shapes, valid and broken, written as records
 *
 *     <length> <tag>\n<length bytes>\n
 *
 * to stdout. <tag> is "-" or the name of an intentional difference between
 * calcom_slots_parse and json_decode that the payload exercises (see
 * README.md); compare.php asserts the difference instead of equality there.
 *
 *   php gen.php [count [seed]]     defaults: 2000 payloads, seed 1
 *
 * The same count and seed give the same bytes (mt_rand is seeded; nothing
 * else is random).
 */
declare(strict_types=1);

final class Gen
{
	/** escape probability for string characters in the current payload */
	private float $escRate = 0.0;
	/** fraction style: '' | '.000' | 'rand' */
	private string $frac = '.000';
	private bool $lower = false;

	private const TZS = [
		null, null, 'Etc/UTC', 'Europe/Berlin', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata',
		'Pacific/Chatham', 'Australia/Lord_Howe', 'America/St_Johns', 'Asia/Kathmandu', 'Pacific/Kiritimati',
		'Pacific/Pago_Pago',
	];
	/** base dates: DST changes (Berlin, New York, Lord Howe / Chatham), leap days, the ends of the range */
	private const DATES = [
		'2025-03-30', '2025-10-26', '2025-03-09', '2025-11-02', '2025-04-06', '2025-09-28', '2024-02-28',
		'2000-02-28', '1970-01-01', '1969-12-30', '2100-02-27', '9999-12-29', '0000-01-01', '2025-12-30',
	];
	private const NUMBERS = [
		'0', '-0', '1', '-12', '12.5', '-0.25', '1e9', '1E+2', '0.5e-3', '-1.0E-10', '123456789012345678901234567890',
		'1e400', '3.141592653589793238462643383279',
	];
	private const WORDS = [
		'meta', 'x', 'timestamp', 'path', 'attendees', 'bookingUid', 'name', 'seats', '', 'start', 'time', 'data',
		'status', 'slots', 'Start', 'DATA', 'availability', 'a b', 'ü', '😀', "tab\there", 'quote"d', 'back\\slash', '/',
	];
	private const TEXTS = [
		'', 'success', 'error', 'Müller', '€ 10', '😀 emoji', "line\nbreak", "ctrl\x01\x1f", 'quote " and \\',
		'2025-10-01T09:00:00.000+02:00', '</script>', 'ḁ̸̢', "\u{10FFFF}", "\u{FFFD}", "\x7f",
	];

	public function __construct(int $seed)
	{
		mt_srand($seed, MT_RAND_MT19937);
	}

	private function chance(int $percent): bool
	{
		return mt_rand(0, 99) < $percent;
	}

	/** @template T @param list<T> $a @return T */
	private function pick(array $a): mixed
	{
		return $a[mt_rand(0, count($a) - 1)];
	}

	/** @param list<mixed> $a @return list<mixed> */
	private function shuffled(array $a): array
	{
		for ($i = count($a) - 1; $i > 0; $i--) {
			$j = mt_rand(0, $i);
			[$a[$i], $a[$j]] = [$a[$j], $a[$i]];
		}
		return $a;
	}

	// ---- JSON text ---------------------------------------------------------

	private function ws(): string
	{
		if ($this->chance(70)) {
			return '';
		}
		return $this->pick([' ', "\n", "\t", "\r\n", '  ', "\n\t ", ' ']);
	}

	private function hex4(int $c): string
	{
		$h = sprintf('%04x', $c);
		return '\\u' . ($this->chance(50) ? strtoupper($h) : $h);
	}

	/** The code point of one UTF-8 character (no mbstring needed). */
	private static function codepoint(string $ch): int
	{
		$b = array_values(unpack('C*', $ch));
		return match (count($b)) {
			1 => $b[0],
			2 => ($b[0] & 0x1f) << 6 | ($b[1] & 0x3f),
			3 => ($b[0] & 0x0f) << 12 | ($b[1] & 0x3f) << 6 | ($b[2] & 0x3f),
			default => ($b[0] & 0x07) << 18 | ($b[1] & 0x3f) << 12 | ($b[2] & 0x3f) << 6 | ($b[3] & 0x3f),
		};
	}

	/** A JSON string literal for valid UTF-8 $s, escaping at random where allowed. */
	public function str(string $s): string
	{
		$out = '"';
		foreach (preg_split('//u', $s, -1, PREG_SPLIT_NO_EMPTY) as $ch) {
			$c = self::codepoint($ch);
			$esc = $this->escRate > 0 && mt_rand() / mt_getrandmax() < $this->escRate;
			if ($ch === '"' || $ch === '\\') {
				$out .= $esc ? $this->hex4($c) : '\\' . $ch;
			} elseif ($c < 0x20) {
				$short = ["\x08" => '\\b', "\x0c" => '\\f', "\n" => '\\n', "\r" => '\\r', "\t" => '\\t'];
				$out .= isset($short[$ch]) && !$esc ? $short[$ch] : $this->hex4($c);
			} elseif ($ch === '/' && $this->chance(50)) {
				$out .= '\\/';
			} elseif ($esc && $c >= 0x10000) {
				$v = $c - 0x10000;
				$out .= $this->hex4(0xd800 | ($v >> 10)) . $this->hex4(0xdc00 | ($v & 0x3ff));
			} elseif ($esc) {
				$out .= $this->hex4($c);
			} else {
				$out .= $ch;
			}
		}
		return $out . '"';
	}

	/**
	 * Serializes a node: ['o', [[key, node], ...]], ['a', [node, ...]],
	 * ['s', string], ['n', number text], ['raw', text], true, false, null.
	 */
	public function enc(mixed $n): string
	{
		if ($n === true) {
			return 'true';
		}
		if ($n === false) {
			return 'false';
		}
		if ($n === null) {
			return 'null';
		}
		switch ($n[0]) {
			case 's':
				return $this->str($n[1]);
			case 'n':
			case 'raw':
				return $n[1];
			case 'a':
				$parts = [];
				foreach ($n[1] as $v) {
					$parts[] = $this->ws() . $this->enc($v) . $this->ws();
				}
				return '[' . ($parts ? implode(',', $parts) : $this->ws()) . ']';
			case 'o':
				$parts = [];
				foreach ($n[1] as [$k, $v]) {
					$key = is_array($k) ? $k[1] : $this->str($k); // ['raw', text] keys stay as given
					$parts[] = $this->ws() . $key . $this->ws() . ':' . $this->ws() . $this->enc($v) . $this->ws();
				}
				return '{' . ($parts ? implode(',', $parts) : $this->ws()) . '}';
		}
		throw new LogicException('bad node');
	}

	// ---- values -------------------------------------------------------------

	/** Any JSON value, nested up to $depth more levels. */
	private function junk(int $depth = 3): mixed
	{
		$r = mt_rand(0, $depth > 0 ? 9 : 5);
		return match ($r) {
			0 => null,
			1 => (bool)mt_rand(0, 1),
			2, 3 => ['n', $this->pick(self::NUMBERS)],
			4, 5 => ['s', $this->pick(self::TEXTS)],
			6, 7 => ['a', array_map(fn() => $this->junk($depth - 1), range(1, mt_rand(0, 3)) ?: [])],
			default => ['o', array_map(fn() => [$this->pick(self::WORDS), $this->junk($depth - 1)], range(1, mt_rand(0, 3)))],
		};
	}

	/** Adds 0..n unknown members, never one named $avoid. */
	private function withUnknown(array $members, int $n, array $avoid): array
	{
		for ($i = mt_rand(0, $n); $i > 0; $i--) {
			$k = $this->pick(self::WORDS);
			if (!in_array($k, $avoid, true)) {
				$members[] = [$k, $this->junk()];
			}
		}
		return $this->shuffled($members);
	}

	/** RFC 3339 text of unix time $ts (+ $ms) at zone $tz (null: Z). */
	private function timestamp(int $ts, ?DateTimeZone $tz): string
	{
		$dt = (new DateTimeImmutable('@' . $ts))->setTimezone($tz ?? new DateTimeZone('UTC'));
		$frac = match ($this->frac) {
			'' => '',
			'.000' => '.000',
			default => '.' . substr(sprintf('%09d', mt_rand(0, 999999999)), 0, mt_rand(1, 9)),
		};
		$t = $this->lower && $this->chance(50) ? 't' : 'T';
		$zone = $tz === null ? ($this->lower && $this->chance(50) ? 'z' : 'Z') : $dt->format('P');
		return $dt->format('Y-m-d') . $t . $dt->format('H:i:s') . $frac . $zone;
	}

	/** One day's slots: [dayKey, list of [startTs, endTs|null]]. */
	private function daySlots(string $date, ?DateTimeZone $tz, bool $dst): array
	{
		[$y, $m, $d] = array_map('intval', explode('-', $date));
		$midnight = (new DateTimeImmutable('@0'))->setTimezone($tz ?? new DateTimeZone('UTC'))
			->setDate($y, $m, $d)->setTime(0, 0)->getTimestamp();
		$slots = [];
		if ($dst) {
			// Every 30 minutes of real time across the night: on a change day
			// the offset changes inside the list.
			for ($k = 0; $k < mt_rand(4, 12); $k++) {
				$slots[] = $midnight + $k * 1800;
			}
		} else {
			$step = $this->pick([15, 30, 60]) * 60;
			$first = $midnight + mt_rand(6, 10) * 3600;
			for ($k = 0, $n = mt_rand(0, 8); $k < $n; $k++) {
				$slots[] = $first + $k * $step;
			}
		}
		return $slots;
	}

	/** A valid response as a node tree. */
	public function response(): array
	{
		$legacy = $this->chance(30);
		$tzName = $this->pick(self::TZS);
		$tz = $tzName === null ? null : new DateTimeZone($tzName);
		$range = $this->chance(30);
		$startKey = $legacy ? 'time' : 'start';

		$base = $this->chance(50) ? $this->pick(self::DATES)
			: date('Y-m-d', 1735689600 + mt_rand(-400, 800) * 86400);
		$ndays = $this->pick([0, 0, 1, 1, 2, 3, 4, 7]);
		$days = [];
		for ($i = 0; $i < $ndays; $i++) {
			$date = gmdate('Y-m-d', (int)(new DateTimeImmutable($base . ' 00:00:00', new DateTimeZone('UTC')))->format('U') + $i * 86400);
			$dst = $this->chance(40);
			$list = [];
			foreach ($this->daySlots($date, $tz, $dst) as $ts) {
				$m = [[$startKey, ['s', $this->timestamp($ts, $tz)]]];
				if ($range) {
					$m[] = ['end', ['s', $this->timestamp($ts + $this->pick([15, 30, 45, 60]) * 60, $tz)]];
				}
				if ($this->chance(10)) { // a repeated start: the last one counts
					array_unshift($m, [$startKey, $this->chance(50) ? $this->junk(1) : ['s', $this->timestamp($ts - 3600, $tz)]]);
				}
				$list[] = ['o', $this->withUnknown($m, $this->chance(20) ? 3 : 0, ['start', 'time', 'end'])];
			}
			$days[] = [$date, ['a', $list]];
		}
		if ($this->chance(15)) {
			$days = $this->shuffled($days); // document order, not date order
		}
		if ($days && $this->chance(15)) { // a repeated day: the later value wins, the first position stays
			$j = mt_rand(0, count($days) - 1);
			array_splice($days, mt_rand(0, $j), 0, [[$days[$j][0], $this->chance(50) ? $this->junk(2) : ['a', []]]]);
		}

		if ($legacy) {
			$slots = $days ? ['o', $days] : ($this->chance(50) ? ['o', []] : ['a', []]);
			$data = ['o', $this->withUnknown([['slots', $slots]], 2, ['slots'])];
		} else {
			$data = $days ? ['o', $days] : ($this->chance(70) ? ['o', []] : ['a', []]);
		}
		$root = $this->withUnknown([['status', ['s', 'success']], ['data', $data]], $this->chance(40) ? 3 : 0, ['status', 'data']);
		// Repeated keys before the real ones: the last value counts.
		if ($this->chance(10)) {
			array_unshift($root, ['status', ['s', 'error']]);
		}
		if ($this->chance(10)) {
			array_unshift($root, ['data', $this->junk(2)]);
		}
		return ['o', $root];
	}

	// ---- broken payloads ------------------------------------------------------

	/** Replaces the value at a path of member names/indexes (last match). */
	private static function &at(array &$node, array $path): mixed
	{
		$ref = &$node;
		foreach ($path as $p) {
			if (!is_array($ref) || !isset($ref[1]) || !is_array($ref[1])) {
				throw new RuntimeException('no path');
			}
			if ($ref[0] === 'a') {
				if (!isset($ref[1][$p])) {
					throw new RuntimeException('no path');
				}
				$ref = &$ref[1][$p];
				continue;
			}
			$found = null;
			foreach ($ref[1] as $i => [$k]) {
				if ($k === $p) {
					$found = $i;
				}
			}
			if ($found === null) {
				throw new RuntimeException('no path');
			}
			$ref = &$ref[1][$found][1];
		}
		return $ref;
	}

	private static function set(array &$node, array $path, mixed $value): void
	{
		$ref = &self::at($node, $path);
		$ref = $value;
	}

	private static function append(array &$node, array $path, array $member): void
	{
		$ref = &self::at($node, $path);
		$ref[1][] = $member;
	}

	/** A first day's first slot exists in this response? Returns its path or null. */
	private function slotPath(array $r): ?array
	{
		$data = self::at($r, ['data']);
		if (!is_array($data)) {
			return null;
		}
		$days = $data;
		$prefix = ['data'];
		if ($data[0] === 'o') {
			foreach ($data[1] as [$k, $v]) {
				if ($k === 'slots' && is_array($v) && $v[0] === 'o') {
					$days = $v;
					$prefix = ['data', 'slots'];
				}
			}
		}
		if ($days[0] !== 'o') {
			return null;
		}
		foreach ($days[1] as [$k, $v]) {
			if (is_array($v) && $v[0] === 'a' && $v[1] && is_array($v[1][0]) && $v[1][0][0] === 'o') {
				return [...$prefix, $k, 0];
			}
		}
		return null;
	}

	public const BAD_TIMESTAMPS = [
		'2025-10-01T24:00:00Z', '2025-10-01T09:60:00Z', '2025-10-01T09:00:60Z', '2025-02-29T09:00:00Z',
		'2025-10-01T09:00:00+24:00', '2025-10-01T09:00:00+02:60', '2025-10-01T09:00:00.0000000000Z',
		'2025-10-01T09:00:00', '2025-10-01 09:00:00Z', '2025-10-01T09:00:00+0200', '2025-10-01', '',
		'2025-13-01T09:00:00Z', '2025-10-32T09:00:00Z', '10000-01-01T00:00:00Z', '2025-10-01T9:00:00Z',
		'2025-10-01T09:00:00.Z', '2025-10-01T09:00:00Z ', ' 2025-10-01T09:00:00Z', '2016-12-31T23:59:60Z',
		'2025-10-01T09:00:00UTC', '2025-10-01T09:00:00+02', '2100-02-29T00:00:00Z', '2025-10-01X09:00:00Z',
	];
	public const BAD_DATES = [
		'2025-02-29', '2100-02-29', '2025-13-01', '2025-00-10', '2025-10-00', '2025-10-32', '2025-04-31',
		'2025-1-01', '25-10-01', '2025/10/01', '2025-10-01T00:00:00Z', '', 'slots', 'today', ' 2025-10-01',
	];
	/** raw string bodies (between the quotes) json_decode refuses */
	public const BAD_STRINGS = [
		'\\x', '\\u12', '\\u12G4', '\\U0041', '\\ud800', '\\udc00', '\\ud800\\u0041', '\\ud800\\ud800', '\\udc00\\ud800',
		"\x01", "\n", "\t", "\x1f", "\x00", "\xc0\xaf", "\xff", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82", "\x80",
		"\xc3(", "\xf0\x9f\x98", '\\', "\xe0\x80\xaf",
	];
	/** raw values json_decode refuses */
	public const BAD_VALUES = [
		'01', '1.', '.5', '+1', '-', '1e', '1e+', 'NaN', 'Infinity', '-Infinity', '0x10', '1_000', 'True', 'nul',
		'undefined', "'x'", '1.5.2', '--1', '[1,]', '{"a":1,}', '{"a" 1}', '{a:1}', '[1 2]', '{"a":1 "b":2}',
		'"unterminated', '/* c */ 1', '[', '{',
	];

	/** @return array{0:string,1:string} [payload, tag] */
	public function broken(): array
	{
		$r = $this->response();
		$kind = mt_rand(0, 21);
		$avoid = ['status', 'data'];
		try {
			switch ($kind) {
				case 0: // truncated
				case 1:
					$s = $this->enc($r);
					return [substr($s, 0, mt_rand(0, strlen($s) - 1)), '-'];
				case 2: // garbage after the value
					return [$this->enc($r) . $this->ws() . $this->pick(['x', '}', ']', ',', "\0", '{}', '[]', 'null', '"', "\xff", '1', '{"status":"success"}']), '-'];
				case 3: // one byte replaced, inserted or deleted
					$s = $this->enc($r);
					$i = mt_rand(0, max(0, strlen($s) - 1));
					return [match (mt_rand(0, 2)) {
						0 => substr_replace($s, chr(mt_rand(0, 255)), $i, 1),
						1 => substr_replace($s, chr(mt_rand(0, 255)), $i, 0),
						default => substr_replace($s, '', $i, 1),
					}, '-'];
				case 4: // status wrong
					self::set($r, ['status'], $this->pick([['s', 'error'], ['s', 'Success'], ['s', 'success '], ['n', '1'], true, null, ['a', [['s', 'success']]]]));
					break;
				case 5: // status missing
					$r[1] = array_values(array_filter($r[1], fn($m) => $m[0] !== 'status'));
					break;
				case 6: // data wrong or missing
					if ($this->chance(30)) {
						$r[1] = array_values(array_filter($r[1], fn($m) => $m[0] !== 'data'));
					} else {
						self::set($r, ['data'], $this->pick([null, ['s', ''], ['n', '0'], true, ['a', [['o', []]]], ['a', [null]]]));
					}
					break;
				case 7: // a bad day key
					$d = &self::at($r, ['data']);
					if ($d[0] === 'o') {
						foreach ($d[1] as &$m) {
							if ($m[0] === 'slots' && is_array($m[1]) && $m[1][0] === 'o') {
								$d = &$m[1];
								break;
							}
						}
						unset($m);
						$d[1][] = [$this->pick(self::BAD_DATES), ['a', []]];
						$d[1] = $this->shuffled($d[1]);
					} else {
						$d = ['o', [[$this->pick(self::BAD_DATES), ['a', []]]]];
					}
					unset($d);
					break;
				case 8: // a day that is not an array
				case 9: // a slot that is not an object
				case 10: // a slot without start/time, or with a wrong one
				case 11: // a bad end
				case 12: // a bad timestamp
					$p = $this->slotPath($r);
					if ($p === null) {
						return [$this->enc($r), '-'];
					}
					$legacy = in_array('slots', $p, true);
					$key = $legacy ? 'time' : 'start';
					if ($kind === 8) {
						self::set($r, array_slice($p, 0, -1), $this->pick([['o', []], ['s', '2025-10-01T09:00:00Z'], null, ['n', '1'], ['o', [['0', ['o', [[$key, ['s', '2025-10-01T09:00:00Z']]]]]]]]));
					} elseif ($kind === 9) {
						self::set($r, $p, $this->pick([['s', '2025-10-01T09:00:00Z'], ['a', []], ['n', '1'], null, false]));
					} elseif ($kind === 10) {
						$slot = &self::at($r, $p);
						if ($this->chance(50)) {
							$slot[1] = array_values(array_filter($slot[1], fn($m) => $m[0] !== $key));
							if ($this->chance(50)) {
								$slot[1][] = [$legacy ? 'start' : 'time', ['s', '2025-10-01T09:00:00Z']];
							}
						} else {
							$slot[1][] = [$key, $this->pick([['n', '1759302000'], null, true, ['a', []], ['o', []]])];
						}
						unset($slot);
					} elseif ($kind === 11) {
						self::append($r, $p, ['end', $this->pick([['s', $this->pick(self::BAD_TIMESTAMPS)], ['n', '5'], null, ['o', []]])]);
					} else {
						self::append($r, $p, [$key, ['s', $this->pick(self::BAD_TIMESTAMPS)]]);
					}
					break;
				case 13: // a bad string somewhere
					$r[1][] = [$this->pick(self::WORDS), ['raw', '"' . $this->pick(self::BAD_STRINGS) . '"']];
					$r[1] = $this->shuffled($r[1]);
					if ($this->chance(30)) { // ... or as a key
						$r[1][] = [['raw', '"' . $this->pick(self::BAD_STRINGS) . '"'], ['n', '1']];
					}
					break;
				case 14: // a bad value somewhere
					$r[1][] = [$this->pick(array_values(array_diff(self::WORDS, $avoid))), ['raw', $this->pick(self::BAD_VALUES)]];
					$r[1] = $this->shuffled($r[1]);
					break;
				case 15: // broken structure
					$s = $this->enc($r);
					return [match (mt_rand(0, 6)) {
						0 => "\xef\xbb\xbf" . $s,                          // BOM
						1 => preg_replace('/\}$/', ',}', $s),             // trailing comma
						2 => preg_replace('/":/', '" ', $s, 1),           // missing colon
						3 => preg_replace('/,"/', ' "', $s, 1),           // missing comma
						4 => preg_replace('/"status"/', 'status', $s, 1), // unquoted key
						5 => "// c\n" . $s,                                // comment
						default => str_replace('"', "'", $s),             // single quotes
					}, '-'];
				case 16: // nesting: limits of both sides
					$depth = $this->pick([2, 30, 63, 64, 65, 66, 100, 300, 510, 511, 512, 513, 600, 2000]);
					$inner = $this->chance(50) ? ['a', []] : ['n', '1'];
					for ($i = 1; $i < $depth; $i++) {
						$inner = $this->chance(50) ? ['a', [$inner]] : ['o', [['x', $inner]]];
					}
					// root object (1) + x's containers ($depth, or $depth - 1 if $inner is a number)
					$levels = 1 + self::containers($inner);
					$r[1][] = ['deep', $inner];
					$r[1] = $this->shuffled($r[1]);
					return [$this->enc($r), $levels > 64 && $levels <= 511 ? 'depth' : '-'];
				case 17: // a property name that starts with NUL (json_decode's objects refuse it)
					$r[1][] = ["\0" . $this->pick(['x', 'status', '', 'a b']), $this->junk(1)];
					$r[1] = $this->shuffled($r[1]);
					$this->escRate = 0.0;
					return [$this->enc($r), 'nulkey'];
				case 18: // a NUL later in a name: fine for both
					$r[1][] = ['a' . "\0" . 'b', $this->junk(1)];
					break;
				case 19: // not an object at the top
					return [$this->pick(['[]', '[{"status":"success","data":{}}]', '"success"', '1', 'null', 'true', ' ', '', "\n"]), '-'];
				case 20: // a duplicated day whose last value is wrong
				case 21: // a v2 body whose data also has "slots" that is not an object
					$d = &self::at($r, ['data']);
					if ($d[0] === 'o' && $d[1] && $kind === 20) {
						$d[1][] = [$d[1][0][0], $this->pick([['s', 'x'], ['o', []], ['a', [['n', '1']]]])];
					} elseif ($d[0] === 'o') {
						$d[1][] = ['slots', $this->pick([['n', '5'], null, ['a', [['o', []]]], ['s', '']])];
					}
					unset($d);
					break;
			}
		} catch (RuntimeException) {
			// the response had no such part: it stays valid
		}
		return [$this->enc($r), '-'];
	}

	/** Nesting levels of a node: containers on the deepest path. */
	private static function containers(mixed $n): int
	{
		if (!is_array($n) || ($n[0] !== 'a' && $n[0] !== 'o')) {
			return 0;
		}
		$max = 0;
		foreach ($n[1] as $c) {
			$max = max($max, self::containers($n[0] === 'a' ? $c : $c[1]));
		}
		return 1 + $max;
	}

	/** @return array{0:string,1:string} */
	public function payload(): array
	{
		$this->escRate = $this->pick([0.0, 0.0, 0.0, 0.05, 0.3, 1.0]);
		$this->frac = $this->pick(['', '.000', '.000', 'rand']);
		$this->lower = $this->chance(5);
		if ($this->chance(45)) {
			return [$this->enc($this->response()), '-'];
		}
		return $this->broken();
	}
}

$count = (int)($argv[1] ?? 2000);
$seed = (int)($argv[2] ?? 1);
$gen = new Gen($seed);
$out = fopen('php://stdout', 'wb');
for ($i = 0; $i < $count; $i++) {
	[$payload, $tag] = $gen->payload();
	fwrite($out, strlen($payload) . ' ' . $tag . "\n" . $payload . "\n");
}
