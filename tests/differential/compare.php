<?php
/*
 * Compares driver.c's lines with reference.php's, record by record:
 *
 *   php compare.php payloads.bin ours.txt ref.txt
 *
 * Accepted payloads must give identical lines (same shape, days, instants
 * and offsets); refused payloads must be refused by both for the same
 * reason class (json, depth, root, status, data, daykey, day, slot, start,
 * end). Records gen.php tagged with an intentional difference are checked
 * for exactly that difference instead (README.md, "Intentional
 * differences"):
 *
 *   depth   65..511 nested containers: we refuse ("depth"), json_decode with
 *           its default depth 512 does not refuse for depth, and json_decode
 *           with depth 65 gives exactly our line.
 *   nulkey  a property name starting with NUL: json_decode's objects refuse
 *           it ("The decoded property name is invalid"); we accept, and our
 *           line equals the reference's for the same payload with that NUL
 *           made U+0001.
 *
 * Prints each mismatch with the payload (escaped) and ends with exactly
 *   differential: N passed, N failed
 */
declare(strict_types=1);

require __DIR__ . '/reference.php';

/** The comparable part of a line: all of an ok line, "error <class>" of an error. */
function comparable(string $line): string
{
	return str_starts_with($line, 'error ') ? explode("\t", $line, 2)[0] : $line;
}

function shown(string $payload): string
{
	$s = addcslashes(strlen($payload) > 600 ? substr($payload, 0, 600) . '...' : $payload, "\0..\37\177..\377\\");
	return $s;
}

[$_, $payloadFile, $oursFile, $refFile, $driverStatus] = $argv + [null, null, null, null, '0'];
if ($refFile === null) {
	fwrite(STDERR, "usage: php compare.php payloads.bin ours.txt ref.txt [driver-exit-status]\n");
	exit(2);
}
$records = reference_read_records($payloadFile);
$ours = file($oursFile, FILE_IGNORE_NEW_LINES);
$ref = file($refFile, FILE_IGNORE_NEW_LINES);

$passed = 0;
$failed = 0;
$tags = [];
foreach ($records as $i => [$payload, $tag]) {
	$o = $ours[$i] ?? '(no line)';
	$r = $ref[$i] ?? '(no line)';
	$why = null;
	switch ($tag) {
		case '-':
			if (comparable($o) !== comparable($r)) {
				$why = 'results differ';
			}
			break;
		case 'depth':
			$strict = reference_canonical($payload, CALCOM_MAX_DEPTH + 1);
			if (comparable($o) !== 'error depth') {
				$why = 'expected our nesting limit to refuse it';
			} elseif (comparable($r) === 'error depth') {
				$why = 'expected json_decode (depth 512) to accept this nesting';
			} elseif (comparable($strict) !== comparable($o)) {
				$why = 'expected json_decode with depth ' . (CALCOM_MAX_DEPTH + 1) . " to agree with us: $strict";
			}
			break;
		case 'nulkey':
			$twin = str_replace('"\u0000', '"\u0001', $payload);
			$twinRef = reference_canonical($twin);
			if (!str_starts_with($r, "error json\tThe decoded property name is invalid")) {
				$why = 'expected json_decode to refuse the property name';
			} elseif (comparable($o) !== comparable($twinRef)) {
				$why = "expected us to agree with the reference on the U+0001 twin: $twinRef";
			}
			break;
		default:
			$why = "unknown tag $tag";
	}
	$tags[$tag] = ($tags[$tag] ?? 0) + 1;
	if ($why === null) {
		$passed++;
		continue;
	}
	$failed++;
	if ($failed <= 20) {
		echo "MISMATCH record $i (tag $tag): $why\n";
		echo "  payload: ", shown($payload), "\n";
		echo "  ours:    $o\n";
		echo "  php:     $r\n";
	}
}
if ($failed > 20) {
	echo "... and ", $failed - 20, " more mismatches\n";
}
// Failures beyond a record (extra output, a driver that crashed or leaked
// after its last line) turn one pass into a failure, so the two numbers
// still add up to the number of payloads.
$extra = [];
if (count($ours) > count($records) || count($ref) > count($records)) {
	$extra[] = 'more lines than payloads: ' . count($records) . ' payloads, ' . count($ours) . ' ours, ' . count($ref) . ' reference';
}
if ($driverStatus !== '0') {
	$extra[] = "the driver exited with status $driverStatus (see its stderr above)";
}
if ($extra) {
	echo implode("\n", $extra), "\n";
	if ($passed > 0) {
		$passed--;
		$failed++;
	}
}
ksort($tags);
$accepted = count(array_filter($ref, fn($l) => str_starts_with($l, 'ok ')));
echo 'payloads: ', count($records), " ($accepted accepted by json_decode + rules; tags: ",
	implode(', ', array_map(fn($t, $n) => "$t $n", array_keys($tags), $tags)), ")\n";
echo "differential: $passed passed, $failed failed\n";
exit($failed === 0 ? 0 : 1);
