--TEST--
AlternativeFinder: a DST transition week in Europe/Berlin — desired Wed 22.10. 14:00 (+02:00), next week Wed 29.10. 14:00 (+01:00) at wall-clock distance 7 × 1440, the ±window by clock time, offsets of the results
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/finder.inc';
// Mon–Fri 09:00–18:00; Wed 22.10. and Thu 23.10. booked all day. Summer time
// ends Sun 26.10.: slots on Wed 29.10. carry +01:00. Horizon 22.10. … 05.11.
finder_emulator(finder_week());
finder_book('2025-10-22 09:00', 540);
finder_book('2025-10-23 09:00', 540);
$prefix = finder_prefix('dst');
$client = finder_client($prefix);
$desired = berlin('2025-10-22 14:00');
$S = Calcom\AlternativeFinder::class;

// Next week only, window 0: Wed 29.10. 14:00 +01:00. Distances are local
// (wall-clock) minutes: 7 × 1440 = 10080 (not the 10140 real minutes),
// 10000−10080+150 = 70.
finder_search('next week only, window 0', new Calcom\AlternativeFinder($client,
	['search_strategies' => [$S::STRATEGY_NEXT_WEEK], 'time_window_hours' => 0]), $desired);

// Default window, max 5. Same day (booked) and next workday (Thu, booked):
// nothing. Next week: clock within ±120 of 14:00: 12:00 13:00 14:00 15:00
// 16:00 (+01:00), local distances 9960 10020 10080 10140 10200:
// 190, 130, 70, 10, −50.
finder_search('default window, max 5', new Calcom\AlternativeFinder($client, ['max_alternatives' => 5]), $desired);

// Window 0, default strategies: next week 29.10. 14:00 (70); next available:
// Thu 23.10. booked, Fri 24.10. 14:00 (+02:00), 2 × 1440 = 2880 away:
// 10000−2880+100 = 7220.
finder_search('window 0', new Calcom\AlternativeFinder($client, ['time_window_hours' => 0]), $desired);

foreach (emulator_requests('slots') as $request) {
	echo 'request: ', finder_request_line($request), "\n";
}
finder_cleanup($prefix);
?>
--EXPECT--
next week only, window 0
  2025-10-29 14:00 +01:00  next_week            70  nächste Woche Mittwoch, 29.10. um 14:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: nächste Woche Mittwoch, 29.10. um 14:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 1
default window, max 5
  2025-10-29 12:00 +01:00  next_week           190  nächste Woche Mittwoch, 29.10. um 12:00 Uhr
  2025-10-29 13:00 +01:00  next_week           130  nächste Woche Mittwoch, 29.10. um 13:00 Uhr
  2025-10-29 14:00 +01:00  next_week            70  nächste Woche Mittwoch, 29.10. um 14:00 Uhr
  2025-10-29 15:00 +01:00  next_week            10  nächste Woche Mittwoch, 29.10. um 15:00 Uhr
  2025-10-29 16:00 +01:00  next_week           -50  nächste Woche Mittwoch, 29.10. um 16:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: nächste Woche Mittwoch, 29.10. um 12:00 Uhr oder nächste Woche Mittwoch, 29.10. um 13:00 Uhr oder nächste Woche Mittwoch, 29.10. um 14:00 Uhr oder nächste Woche Mittwoch, 29.10. um 15:00 Uhr oder nächste Woche Mittwoch, 29.10. um 16:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 0
window 0
  2025-10-24 14:00 +02:00  next_available     7220  Freitag, 24.10. um 14:00 Uhr
  2025-10-29 14:00 +01:00  next_week            70  nächste Woche Mittwoch, 29.10. um 14:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: Freitag, 24.10. um 14:00 Uhr oder nächste Woche Mittwoch, 29.10. um 14:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 0
request: eventTypeId=2001 2025-10-22 … 2025-11-05 timeZone=Europe/Berlin
