--TEST--
Client::getAvailableSlots(): day maps in the requested zone from both slot shapes, with DST, UTC, empty days and DateTimeInterface bounds
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/../lib/emulator.inc';
emulator_reset();
$client = test_client();

function show(array $days): void {
	foreach ($days as $day => $slots) {
		printf("  %s: %d slots, %s … %s\n", $day, count($slots), $slots[0], end($slots));
	}
	if (!$days) echo "  (none)\n";
}

echo "Wednesday, default zone Europe/Berlin:\n";
show($client->getAvailableSlots(1001, '2025-10-01', '2025-10-01'));
echo "Friday to Monday across the end of summer time:\n";
show($client->getAvailableSlots(1001, '2025-10-24', '2025-10-27'));
echo "a weekend:\n";
show($client->getAvailableSlots(1001, '2025-10-04', '2025-10-05'));
echo "Etc/UTC, bounds as DateTimeImmutable and an RFC 3339 string with Z:\n";
show($client->getAvailableSlots(1002, new DateTimeImmutable('2025-10-01 12:00', new DateTimeZone('Europe/Berlin')),
	'2025-10-01T23:00:00Z', null, ['timeZone' => 'Etc/UTC']));
echo "America/New_York, the same Berlin hours seen from there:\n";
show($client->getAvailableSlots(1002, '2025-10-01', '2025-10-01', 42, ['timeZone' => 'America/New_York']));

echo "legacy shape (a proxy lost the version header):\n";
emulator('POST', '/__admin/faults', ['endpoint' => 'slots', 'sequence' => ['legacy']]);
show($client->getAvailableSlots(1001, '2025-10-01', '2025-10-01'));

echo "what Cal.com saw:\n";
foreach (emulator_requests('slots') as $r) {
	printf("  %s %s v=%s %s start=%s end=%s tz=%s\n", $r['method'], $r['path'], $r['headers']['cal-api-version'],
		$r['headers']['authorization'], $r['query']['start'], $r['query']['end'], $r['query']['timeZone']);
}
?>
--EXPECT--
Wednesday, default zone Europe/Berlin:
  2025-10-01: 18 slots, 2025-10-01T09:00:00+02:00 … 2025-10-01T17:30:00+02:00
Friday to Monday across the end of summer time:
  2025-10-24: 18 slots, 2025-10-24T09:00:00+02:00 … 2025-10-24T17:30:00+02:00
  2025-10-27: 18 slots, 2025-10-27T09:00:00+01:00 … 2025-10-27T17:30:00+01:00
a weekend:
  (none)
Etc/UTC, bounds as DateTimeImmutable and an RFC 3339 string with Z:
  2025-10-01: 6 slots, 2025-10-01T10:00:00+00:00 … 2025-10-01T15:00:00+00:00
America/New_York, the same Berlin hours seen from there:
  2025-10-01: 9 slots, 2025-10-01T03:00:00-04:00 … 2025-10-01T11:00:00-04:00
legacy shape (a proxy lost the version header):
  2025-10-01: 18 slots, 2025-10-01T09:00:00+02:00 … 2025-10-01T17:30:00+02:00
what Cal.com saw:
  GET /v2/slots v=2024-09-04 Bearer ***cdef start=2025-10-01T00:00:00+02:00 end=2025-10-01T23:59:59+02:00 tz=Europe/Berlin
  GET /v2/slots v=2024-09-04 Bearer ***cdef start=2025-10-24T00:00:00+02:00 end=2025-10-27T23:59:59+01:00 tz=Europe/Berlin
  GET /v2/slots v=2024-09-04 Bearer ***cdef start=2025-10-04T00:00:00+02:00 end=2025-10-05T23:59:59+02:00 tz=Europe/Berlin
  GET /v2/slots v=2024-09-04 Bearer ***cdef start=2025-10-01T12:00:00+02:00 end=2025-10-01T23:00:00Z tz=Etc/UTC
  GET /v2/slots v=2024-09-04 Bearer ***cdef start=2025-10-01T00:00:00-04:00 end=2025-10-01T23:59:59-04:00 tz=America/New_York
  GET /v2/slots v=2024-09-04 Bearer ***cdef start=2025-10-01T00:00:00+02:00 end=2025-10-01T23:59:59+02:00 tz=Europe/Berlin
