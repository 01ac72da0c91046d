--TEST--
AlternativeFinder: same day — the desired time itself is never offered (even when free), earlier/later by real direction, the morning/afternoon bonus (desired 10:00, 15:00, 14:37, 11:59, 12:00), ranking across strategies with max_alternatives 9
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/finder.inc';
// Mon–Fri 09:00–18:00, nothing booked: every 60-minute slot 09:00 … 17:00 is free,
// the desired one too.
finder_emulator(finder_week());
$prefix = finder_prefix('same-day');
$client = finder_client($prefix);
$finder = new Calcom\AlternativeFinder($client);

// Desired Wed 01.10. 10:00 (hour < 12: earlier +500, later +300). Same day
// within ±120 min: 09:00 (−60), 11:00 (+60), 12:00 (+120); 10:00 is the
// desired time and never offered. 3 >= 2 collected, stop.
// 09:00 10000−60+500 = 10440; 11:00 10000−60+300 = 10240; 12:00 10000−120+300 = 10180.
finder_search('10:00', $finder, berlin('2025-10-01 10:00'));

// Desired 15:00 (hour >= 12: later +500, earlier +300): 13:00 (−120) 10180,
// 14:00 (−60) 10240, 16:00 (+60) 10440, 17:00 (+120; 17:00+60 = 18:00 fits) 10380.
// The two best are both later. Same horizon: warm, no call.
finder_search('15:00', $finder, berlin('2025-10-01 15:00'));
finder_search('15:00, max 4', new Calcom\AlternativeFinder($client, ['max_alternatives' => 4]), berlin('2025-10-01 15:00'));

// 14:37 is kept as is (inside business hours). ±120 → 12:37 … 16:37:
// 13:00 (−97) 10000−97+300 = 10203; 14:00 (−37) 10263; 15:00 (+23) 10000−23+500 = 10477; 16:00 (+83) 10417.
finder_search('14:37', $finder, berlin('2025-10-01 14:37'));

// The bonus switches at hour 12. 11:59 (morning): 10:00 (−119) 10000−119+500 = 10381,
// 11:00 (−59) 10441, 12:00 (+1) 10000−1+300 = 10299, 13:00 (+61) 10239.
finder_search('11:59', $finder, berlin('2025-10-01 11:59'));
// 12:00 (afternoon): 10:00 (−120) 10180, 11:00 (−60) 10240, 13:00 (+60) 10440, 14:00 (+120) 10380.
finder_search('12:00', $finder, berlin('2025-10-01 12:00'));

// max_alternatives 9, desired 10:00: same day 09:00 11:00 12:00 (3 < 9); next
// workday Thu 02.10. within ±120 of 10:00: 09 10 11 12 (7 < 9); next week Wed
// 08.10.: 09 10 11 12 (11 >= 9, stop). Scores: Thu 09:00 10000−1380+250 = 8870,
// 10:00 −1440 → 8810, 11:00 −1500 → 8750, 12:00 −1560 → 8690; 08.10. 09:00
// 10000−10020+150 = 130, 10:00 −10080 → 70, 11:00 10, 12:00 −50 (the last two
// cut). Neither 01.10. 10:00 nor any slot twice.
finder_search('10:00, max 9', new Calcom\AlternativeFinder($client, ['max_alternatives' => 9]), berlin('2025-10-01 10:00'));

echo 'slots requests: ', finder_slots_calls(), "\n";
finder_cleanup($prefix);
?>
--EXPECT--
10:00
  2025-10-01 09:00 +02:00  same_day_earlier  10440  am gleichen Tag, 09:00 Uhr
  2025-10-01 11:00 +02:00  same_day_later    10240  am gleichen Tag, 11:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: am gleichen Tag, 09:00 Uhr oder am gleichen Tag, 11:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 1
15:00
  2025-10-01 16:00 +02:00  same_day_later    10440  am gleichen Tag, 16:00 Uhr
  2025-10-01 17:00 +02:00  same_day_later    10380  am gleichen Tag, 17:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: am gleichen Tag, 16:00 Uhr oder am gleichen Tag, 17:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 0
15:00, max 4
  2025-10-01 16:00 +02:00  same_day_later    10440  am gleichen Tag, 16:00 Uhr
  2025-10-01 17:00 +02:00  same_day_later    10380  am gleichen Tag, 17:00 Uhr
  2025-10-01 14:00 +02:00  same_day_earlier  10240  am gleichen Tag, 14:00 Uhr
  2025-10-01 13:00 +02:00  same_day_earlier  10180  am gleichen Tag, 13:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: am gleichen Tag, 16:00 Uhr oder am gleichen Tag, 17:00 Uhr oder am gleichen Tag, 14:00 Uhr oder am gleichen Tag, 13:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 0
14:37
  2025-10-01 15:00 +02:00  same_day_later    10477  am gleichen Tag, 15:00 Uhr
  2025-10-01 16:00 +02:00  same_day_later    10417  am gleichen Tag, 16:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: am gleichen Tag, 15:00 Uhr oder am gleichen Tag, 16:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 0
11:59
  2025-10-01 11:00 +02:00  same_day_earlier  10441  am gleichen Tag, 11:00 Uhr
  2025-10-01 10:00 +02:00  same_day_earlier  10381  am gleichen Tag, 10:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: am gleichen Tag, 11:00 Uhr oder am gleichen Tag, 10:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 0
12:00
  2025-10-01 13:00 +02:00  same_day_later    10440  am gleichen Tag, 13:00 Uhr
  2025-10-01 14:00 +02:00  same_day_later    10380  am gleichen Tag, 14:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: am gleichen Tag, 13:00 Uhr oder am gleichen Tag, 14:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 0
10:00, max 9
  2025-10-01 09:00 +02:00  same_day_earlier  10440  am gleichen Tag, 09:00 Uhr
  2025-10-01 11:00 +02:00  same_day_later    10240  am gleichen Tag, 11:00 Uhr
  2025-10-01 12:00 +02:00  same_day_later    10180  am gleichen Tag, 12:00 Uhr
  2025-10-02 09:00 +02:00  next_workday       8870  Donnerstag, 02.10. um 09:00 Uhr
  2025-10-02 10:00 +02:00  next_workday       8810  Donnerstag, 02.10. um 10:00 Uhr
  2025-10-02 11:00 +02:00  next_workday       8750  Donnerstag, 02.10. um 11:00 Uhr
  2025-10-02 12:00 +02:00  next_workday       8690  Donnerstag, 02.10. um 12:00 Uhr
  2025-10-08 09:00 +02:00  next_week           130  nächste Woche Mittwoch, 08.10. um 09:00 Uhr
  2025-10-08 10:00 +02:00  next_week            70  nächste Woche Mittwoch, 08.10. um 10:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: am gleichen Tag, 09:00 Uhr oder am gleichen Tag, 11:00 Uhr oder am gleichen Tag, 12:00 Uhr oder Donnerstag, 02.10. um 09:00 Uhr oder Donnerstag, 02.10. um 10:00 Uhr oder Donnerstag, 02.10. um 11:00 Uhr oder Donnerstag, 02.10. um 12:00 Uhr oder nächste Woche Mittwoch, 08.10. um 09:00 Uhr oder nächste Woche Mittwoch, 08.10. um 10:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 0
slots requests: 1
