<?php
/*
 * The PHP side of the differential test: the same canonical form as
 * driver.c, computed from json_decode (objects as stdClass, so {} and []
 * stay apart) and PHP's own date parsing (DateTimeImmutable::createFromFormat)
 * for the timestamps. The rules are the ones slots.h documents, written
 * again here over json_decode's result:
 *
 *   php reference.php payloads.bin [depth]   prints one line per record
 *
 * depth is json_decode's $depth (default 512, json_decode's own default).
 * compare.php includes this file for reference_canonical().
 */
declare(strict_types=1);

/** json_decode error codes that mean "nesting too deep" */
const REFERENCE_DEPTH_ERRORS = [JSON_ERROR_DEPTH];
/** calcom_slots_parse's CALCOM_SLOTS_MAX_DEPTH (src/calcom/slots.h) */
const CALCOM_MAX_DEPTH = 64;

/** Reads gen.php's records: list of [payload, tag]. */
function reference_read_records(string $file): array
{
	$data = file_get_contents($file);
	if ($data === false) {
		throw new RuntimeException("cannot read $file");
	}
	$records = [];
	$at = 0;
	while ($at < strlen($data)) {
		$nl = strpos($data, "\n", $at);
		[$len, $tag] = explode(' ', substr($data, $at, $nl - $at));
		$records[] = [substr($data, $nl + 1, (int)$len), $tag];
		$at = $nl + 1 + (int)$len + 1;
	}
	return $records;
}

/** A bare date "YYYY-MM-DD" that exists, by PHP's calendar. */
function reference_valid_date(string $s): bool
{
	if (!preg_match('/^\d{4}-\d{2}-\d{2}$/D', $s)) {
		return false;
	}
	$d = DateTimeImmutable::createFromFormat('!Y-m-d', $s, new DateTimeZone('UTC'));
	$errors = DateTimeImmutable::getLastErrors();
	return $d !== false && ($errors === false || ($errors['warning_count'] === 0 && $errors['error_count'] === 0))
		&& $d->format('Y-m-d') === $s;
}

/** "epochms@offsetmin" for an RFC 3339 timestamp, or null if invalid. */
function reference_instant(string $s): ?string
{
	if (!preg_match('/^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/D', $s, $m)) {
		return null;
	}
	$sign = $m[6] ?? '';
	$zone = $sign === '' ? '+00:00' : "$sign$m[7]:$m[8]";
	if ($sign !== '' && ((int)$m[7] > 23 || (int)$m[8] > 59)) {
		return null;
	}
	$local = "$m[1] $m[2]:$m[3]:$m[4]";
	$dt = DateTimeImmutable::createFromFormat('!Y-m-d H:i:sP', $local . $zone);
	$errors = DateTimeImmutable::getLastErrors();
	if ($dt === false || ($errors !== false && ($errors['warning_count'] > 0 || $errors['error_count'] > 0))) {
		return null;
	}
	// PHP rolls 24:00, :60 and Feb 30 over to the next unit: refuse those.
	if ($dt->format('Y-m-d H:i:s') !== $local) {
		return null;
	}
	$ms = (int)substr(($m[5] ?? '') . '000', 0, 3);
	return ((int)$dt->format('U') * 1000 + $ms) . '@' . intdiv($dt->getOffset(), 60);
}

/** The canonical line for one payload. */
function reference_canonical(string $body, int $depth = 512): string
{
	$v = json_decode($body, false, $depth);
	$code = json_last_error();
	if ($code !== JSON_ERROR_NONE) {
		return 'error ' . (in_array($code, REFERENCE_DEPTH_ERRORS, true) ? 'depth' : 'json') . "\t" . json_last_error_msg();
	}
	if (!$v instanceof stdClass) {
		return "error root\tnot an object";
	}
	$root = get_object_vars($v);
	if (($root['status'] ?? null) !== 'success') {
		return "error status\tstatus is not success";
	}
	if (!array_key_exists('data', $root)) {
		return "error data\tno data";
	}
	$data = $root['data'];
	if ($data === []) {
		return 'ok v2';
	}
	if (!$data instanceof stdClass) {
		return "error data\tdata is " . get_debug_type($data);
	}
	$members = get_object_vars($data);
	$shape = 'v2';
	$startKey = 'start';
	$days = $members;
	if (array_key_exists('slots', $members) && ($members['slots'] instanceof stdClass || $members['slots'] === [])) {
		$shape = 'legacy';
		$startKey = 'time';
		$days = $members['slots'] === [] ? [] : get_object_vars($members['slots']);
	}
	foreach ($days as $key => $_) {
		if (!reference_valid_date((string)$key)) {
			return "error daykey\t" . $key;
		}
	}
	$out = "ok $shape";
	foreach ($days as $key => $slots) {
		if (!is_array($slots)) {
			return "error day\t$key is " . get_debug_type($slots);
		}
		$list = [];
		foreach ($slots as $slot) {
			if (!$slot instanceof stdClass) {
				return "error slot\t" . get_debug_type($slot);
			}
			$fields = get_object_vars($slot);
			if (!array_key_exists($startKey, $fields)) {
				return "error start\tno $startKey";
			}
			$start = is_string($fields[$startKey]) ? reference_instant($fields[$startKey]) : null;
			if ($start === null) {
				return "error start\t" . json_encode($fields[$startKey]);
			}
			if (array_key_exists('end', $fields)) {
				$end = is_string($fields['end']) ? reference_instant($fields['end']) : null;
				if ($end === null) {
					return "error end\t" . json_encode($fields['end']);
				}
				$start .= '~' . $end;
			}
			$list[] = $start;
		}
		$out .= " $key=[" . implode(',', $list) . ']';
	}
	return $out;
}

if (realpath($_SERVER['SCRIPT_FILENAME'] ?? '') === __FILE__) {
	if ($argc < 2) {
		fwrite(STDERR, "usage: php reference.php payloads.bin [depth]\n");
		exit(2);
	}
	$depth = (int)($argv[2] ?? 512);
	foreach (reference_read_records($argv[1]) as [$payload]) {
		echo reference_canonical($payload, $depth), "\n";
	}
}
