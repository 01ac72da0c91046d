--TEST--
AlternativeFinder: next workday near the same clock time, next week on the same weekday, strategy order and the stop at max_alternatives, time_window_hours 0, next available skipping slots already collected (earlier wins a tie)
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/finder.inc';
// Mon–Fri 09:00–18:00; Wed 01.10. is booked all day (09:00 + 540 min), so the
// desired day has no slot at all.
finder_emulator(finder_week());
finder_book('2025-10-01 09:00', 540);
$prefix = finder_prefix('next-workday-week');
$client = finder_client($prefix);
$desired = berlin('2025-10-01 10:00');
$S = Calcom\AlternativeFinder::class;

// Default strategies. Same day: nothing. Next workday Thu 02.10., clock within
// ±120 of 10:00: 09:00 10:00 11:00 12:00 (4 >= 2, stop). Distances are full
// local minutes: 09:00 is 1380 away, 10:00 1440, 11:00 1500, 12:00 1560:
// 10000−1380+250 = 8870, 8810, 8750, 8690 — the earlier one ranks first.
finder_search('default', new Calcom\AlternativeFinder($client), $desired);

// Only next week: Wed 08.10. 09:00 (10020 away) 10000−10020+150 = 130,
// 10:00 (10080) 70, 11:00 10, 12:00 −50.
finder_search('next week only', new Calcom\AlternativeFinder($client, ['search_strategies' => [$S::STRATEGY_NEXT_WEEK]]), $desired);

// Order matters: next week first collects 4 >= 2 and the search stops before
// next workday (which would have scored higher).
finder_search('next week, then next workday', new Calcom\AlternativeFinder($client,
	['search_strategies' => [$S::STRATEGY_NEXT_WEEK, $S::STRATEGY_NEXT_WORKDAY]]), $desired);

// Window 0, max 3. Same day: 0 < |d| <= 0 is empty. Next workday: Thu 10:00 only
// (8810). Next week: Wed 08.10. 10:00 only (70). Next available: the first
// workday after the desired day with an eligible slot not yet collected is
// Thu 02.10.; closest to 10:00 among 09:00, 11:00, … (10:00 is taken by next
// workday): 09:00 and 11:00 tie at 60, the earlier wins: 09:00,
// 10000−1380+100 = 8720. Ranked 8810, 8720, 70.
finder_search('window 0, max 3', new Calcom\AlternativeFinder($client, ['time_window_hours' => 0, 'max_alternatives' => 3]), $desired);

echo 'slots requests: ', finder_slots_calls(), "\n";
finder_cleanup($prefix);
?>
--EXPECT--
default
  2025-10-02 09:00 +02:00  next_workday       8870  Donnerstag, 02.10. um 09:00 Uhr
  2025-10-02 10:00 +02:00  next_workday       8810  Donnerstag, 02.10. um 10:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: Donnerstag, 02.10. um 09:00 Uhr oder Donnerstag, 02.10. um 10:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 1
next week only
  2025-10-08 09:00 +02:00  next_week           130  nächste Woche Mittwoch, 08.10. um 09:00 Uhr
  2025-10-08 10:00 +02:00  next_week            70  nächste Woche Mittwoch, 08.10. um 10:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: nächste Woche Mittwoch, 08.10. um 09:00 Uhr oder nächste Woche Mittwoch, 08.10. um 10:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 0
next week, then next workday
  2025-10-08 09:00 +02:00  next_week           130  nächste Woche Mittwoch, 08.10. um 09:00 Uhr
  2025-10-08 10:00 +02:00  next_week            70  nächste Woche Mittwoch, 08.10. um 10:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: nächste Woche Mittwoch, 08.10. um 09:00 Uhr oder nächste Woche Mittwoch, 08.10. um 10:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 0
window 0, max 3
  2025-10-02 10:00 +02:00  next_workday       8810  Donnerstag, 02.10. um 10:00 Uhr
  2025-10-02 09:00 +02:00  next_available     8720  Donnerstag, 02.10. um 09:00 Uhr
  2025-10-08 10:00 +02:00  next_week            70  nächste Woche Mittwoch, 08.10. um 10:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: Donnerstag, 02.10. um 10:00 Uhr oder Donnerstag, 02.10. um 09:00 Uhr oder nächste Woche Mittwoch, 08.10. um 10:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 0
slots requests: 1
