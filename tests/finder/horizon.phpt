--TEST--
AlternativeFinder: the horizon is the desired day through desired day + search_days inclusive — a slot found only on day 14, nothing in 14 days (empty alternatives, the "Leider konnte ich …" text) while day 15 has one, search_days 15 finds it; one /v2/slots request covering exactly the horizon
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/finder.inc';

// Wednesdays only; Wed 01.10. and Wed 08.10. booked all day. Desired Wed
// 01.10. 10:00, horizon 01.10. … 15.10. Same day, next workday (Thu 02.10.,
// closed), next week (08.10., booked): nothing. Next available: the first
// later workday with a slot is Wed 15.10. = day 14, closest to 10:00 is 10:00
// itself (another day, so not the desired time): distance 14 × 1440 = 20160,
// 10000−20160+100 = −10060.
finder_emulator(finder_week(['wed']));
finder_book('2025-10-01 09:00', 540);
finder_book('2025-10-08 09:00', 540);
$prefix = finder_prefix('horizon-14');
finder_search('day 14', new Calcom\AlternativeFinder(finder_client($prefix)), berlin('2025-10-01 10:00'));
foreach (emulator_requests('slots') as $request) {
	echo '  request: ', finder_request_line($request), "\n";
}
finder_cleanup($prefix);

// Thursdays only; Thu 02.10. and Thu 09.10. booked all day. Desired Wed 01.10.
// 10:00: the only free Thursday in reach, 16.10., is day 15, one past the
// horizon: nothing.
finder_emulator(finder_week(['thu']));
finder_book('2025-10-02 09:00', 540);
finder_book('2025-10-09 09:00', 540);
$prefix = finder_prefix('horizon-none');
$client = finder_client($prefix);
finder_search('nothing in 14 days', new Calcom\AlternativeFinder($client), berlin('2025-10-01 10:00'));
foreach (emulator_requests('slots') as $request) {
	echo '  request: ', finder_request_line($request), "\n";
}
// search_days 15: Thu 16.10. 10:00 is in reach, next available (Thu 02.10.
// as next workday and Wed 08.10. as next week give nothing): 15 × 1440 =
// 21600 away, 10000−21600+100 = −11500. The first 15 days are cached: one
// call for the missing day.
finder_search('search_days 15', new Calcom\AlternativeFinder($client, ['search_days' => 15]), berlin('2025-10-01 10:00'));
echo 'slots requests: ', finder_slots_calls(), "\n";
finder_cleanup($prefix);
?>
--EXPECT--
day 14
  2025-10-15 10:00 +02:00  next_available   -10060  Mittwoch, 15.10. um 10:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: Mittwoch, 15.10. um 10:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 1
  request: eventTypeId=2001 2025-10-01 … 2025-10-15 timeZone=Europe/Berlin
nothing in 14 days
  (no alternatives)
  text: Leider konnte ich keine verfügbaren Termine finden. Möchten Sie es zu einem anderen Zeitpunkt versuchen oder soll ich Sie zurückrufen?
  timeout_hit false, api_calls 1
  request: eventTypeId=2001 2025-10-01 … 2025-10-15 timeZone=Europe/Berlin
search_days 15
  2025-10-16 10:00 +02:00  next_available   -11500  Donnerstag, 16.10. um 10:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: Donnerstag, 16.10. um 10:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 1
slots requests: 2
