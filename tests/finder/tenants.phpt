--TEST--
AlternativeFinder: tenants and event types are isolated — cache entries are keyed "company:<id>:branch:<id>", "company:<id>" or the client's default tenant, per event type; one tenant's warm cache never answers another tenant's search (it makes its own call and sees a booking the first tenant's cache predates); setTenantContext() returns the same object
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/finder.inc';
// Mon–Fri 09:00–18:00. Event type 2001 has 60-minute slots, 2002 30-minute ones.
finder_emulator(finder_week());
$prefix = finder_prefix('tenants');
$client = finder_client($prefix);  // default tenant "acme"
$desired = berlin('2025-10-01 10:00');

$a = new Calcom\AlternativeFinder($client);
echo 'setTenantContext returns $this: ', var_export($a->setTenantContext(1, 'north') === $a, true), "\n";

// Tenant company 1 / branch north, 2001, 60 min: 09:00 (earlier, 10440), 11:00 (later, 10240). Cold: one call.
finder_search('company 1 / north, 2001', $a, $desired);
finder_search('company 1 / north, 2001 again', $a, $desired);

// Cal.com changes behind the caches' back: 09:00–10:00 is booked now.
finder_book('2025-10-01 09:00', 60);
// Tenant 1's cache still holds the old day (fresh for 300 s): the same answer, no call.
finder_search('company 1 / north, 2001, cached', $a, $desired);

// Company 2 (no branch) has no entries of its own: it calls Cal.com and sees
// the booking: same day 11:00 (10240), 12:00 (+120, 10000−120+300 = 10180).
$b = (new Calcom\AlternativeFinder($client))->setTenantContext(2);
finder_search('company 2, 2001', $b, $desired);
// No context: the client's default tenant, its own call.
finder_search('no context, 2001', new Calcom\AlternativeFinder($client), $desired);

// Event type 2002 (30-minute grid) for tenant 1: its own call, after the
// booking: 09:00 and 09:30 overlap it; same day within ±120: 10:30 (+30,
// later 10000−30+300 = 10270), 11:00 (10240), 11:30, 12:00.
finder_search('company 1 / north, 2002, 30 min', $a, $desired, 30, FINDER_ET30);

// Switching the same finder to company 2 reads company 2's entries: no call.
$a->setTenantContext(2);
finder_search('same finder, now company 2, 2001', $a, $desired);
// And back to company 1 / north: its old entries again.
$a->setTenantContext(1, 'north');
finder_search('same finder, back to company 1 / north, 2001', $a, $desired);

echo 'slots requests: ', finder_slots_calls(), "\n";
foreach (finder_cache_keys($prefix) as $line) {
	echo $line, "\n";
}
finder_cleanup($prefix);
?>
--EXPECT--
setTenantContext returns $this: true
company 1 / north, 2001
  2025-10-01 09:00 +02:00  same_day_earlier  10440  am gleichen Tag, 09:00 Uhr
  2025-10-01 11:00 +02:00  same_day_later    10240  am gleichen Tag, 11:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: am gleichen Tag, 09:00 Uhr oder am gleichen Tag, 11:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 1
company 1 / north, 2001 again
  2025-10-01 09:00 +02:00  same_day_earlier  10440  am gleichen Tag, 09:00 Uhr
  2025-10-01 11:00 +02:00  same_day_later    10240  am gleichen Tag, 11:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: am gleichen Tag, 09:00 Uhr oder am gleichen Tag, 11:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 0
company 1 / north, 2001, cached
  2025-10-01 09:00 +02:00  same_day_earlier  10440  am gleichen Tag, 09:00 Uhr
  2025-10-01 11:00 +02:00  same_day_later    10240  am gleichen Tag, 11:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: am gleichen Tag, 09:00 Uhr oder am gleichen Tag, 11:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 0
company 2, 2001
  2025-10-01 11:00 +02:00  same_day_later    10240  am gleichen Tag, 11:00 Uhr
  2025-10-01 12:00 +02:00  same_day_later    10180  am gleichen Tag, 12:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: am gleichen Tag, 11:00 Uhr oder am gleichen Tag, 12:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 1
no context, 2001
  2025-10-01 11:00 +02:00  same_day_later    10240  am gleichen Tag, 11:00 Uhr
  2025-10-01 12:00 +02:00  same_day_later    10180  am gleichen Tag, 12:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: am gleichen Tag, 11:00 Uhr oder am gleichen Tag, 12:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 1
company 1 / north, 2002, 30 min
  2025-10-01 10:30 +02:00  same_day_later    10270  am gleichen Tag, 10:30 Uhr
  2025-10-01 11:00 +02:00  same_day_later    10240  am gleichen Tag, 11:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: am gleichen Tag, 10:30 Uhr oder am gleichen Tag, 11:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 1
same finder, now company 2, 2001
  2025-10-01 11:00 +02:00  same_day_later    10240  am gleichen Tag, 11:00 Uhr
  2025-10-01 12:00 +02:00  same_day_later    10180  am gleichen Tag, 12:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: am gleichen Tag, 11:00 Uhr oder am gleichen Tag, 12:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 0
same finder, back to company 1 / north, 2001
  2025-10-01 09:00 +02:00  same_day_earlier  10440  am gleichen Tag, 09:00 Uhr
  2025-10-01 11:00 +02:00  same_day_later    10240  am gleichen Tag, 11:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: am gleichen Tag, 09:00 Uhr oder am gleichen Tag, 11:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 0
slots requests: 4
{acme:2001}:Europe/Berlin: 15 days 2025-10-01 … 2025-10-15
{company:1:branch:north:2001}:Europe/Berlin: 15 days 2025-10-01 … 2025-10-15
{company:1:branch:north:2002}:Europe/Berlin: 15 days 2025-10-01 … 2025-10-15
{company:2:2001}:Europe/Berlin: 15 days 2025-10-01 … 2025-10-15
