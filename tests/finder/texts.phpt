--TEST--
AlternativeFinder: the 'en' texts (descriptions of every type, the offer and the no-slot sentence) beside the German ones for the same slots; buildAlternativeResponse() joins the descriptions it is given, default German
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/finder.inc';
// Mon–Fri 09:00–18:00; Wed 01.10. 09:00–12:00 booked (09:00 + 180 min).
finder_emulator(finder_week());
finder_book('2025-10-01 09:00', 180);
$prefix = finder_prefix('texts');
$client = finder_client($prefix);
$desired = berlin('2025-10-01 10:00');
$S = Calcom\AlternativeFinder::class;

// Max 3. Same day within ±120 of 10:00: 09:00 and 11:00 booked, 12:00 free
// (+120, later, 10000−120+300 = 10180): 1 < 3. Next workday Thu 02.10.:
// 09:00 (8870) 10:00 (8810) 11:00 (8750) 12:00 (8690). Best three.
$three = new Calcom\AlternativeFinder($client, ['max_alternatives' => 3]);
$en = finder_search('en, max 3', $three, $desired, 60, FINDER_ET60, null, 'en');
$de = finder_search('de, max 3', $three, $desired, 60, FINDER_ET60, null, 'de');

// Next week, then next available, window 0: Wed 08.10. 10:00 (next week, 70);
// next available: Thu 02.10. 10:00 (1440 away, 10000−1440+100 = 8660).
$two = new Calcom\AlternativeFinder($client, ['time_window_hours' => 0,
	'search_strategies' => [$S::STRATEGY_NEXT_WEEK, $S::STRATEGY_NEXT_AVAILABLE]]);
$en2 = finder_search('en, next week + next available', $two, $desired, 60, FINDER_ET60, null, 'en');
finder_search('de, next week + next available', $two, $desired, 60, FINDER_ET60, null, 'de');

// Desired 15:00 (afternoon: later +500, earlier +300) in English. Same day
// within ±120: 13:00 (−120, 10180), 14:00 (−60, 10240), 16:00 (+60, 10440),
// 17:00 (+120, 10380): 16:00 and 17:00.
finder_search('en, 15:00', new Calcom\AlternativeFinder($client), berlin('2025-10-01 15:00'), 60, FINDER_ET60, null, 'en');

// search_days 0, window 0: the horizon is the desired day alone and the same
// day offers nothing within 0 minutes: nothing at all.
$none = new Calcom\AlternativeFinder($client, ['search_days' => 0, 'time_window_hours' => 0]);
finder_search('en, nothing', $none, $desired, 60, FINDER_ET60, null, 'en');
finder_search('de, nothing', $none, $desired);

echo "buildAlternativeResponse\n";
var_dump($three->buildAlternativeResponse($en['alternatives'], 'en') === $en['responseText']);
var_dump($three->buildAlternativeResponse($de['alternatives']) === $de['responseText']);
var_dump($three->buildAlternativeResponse($en2['alternatives'], 'de'));
var_dump($three->buildAlternativeResponse([['description' => 'A'], ['description' => 'B']]));
var_dump($three->buildAlternativeResponse([['description' => 'A']], 'en'));
var_dump($three->buildAlternativeResponse([], 'en'));
var_dump($three->buildAlternativeResponse([]));

echo 'slots requests: ', finder_slots_calls(), "\n";
finder_cleanup($prefix);
?>
--EXPECT--
en, max 3
  2025-10-01 12:00 +02:00  same_day_later    10180  the same day at 12:00
  2025-10-02 09:00 +02:00  next_workday       8870  Thursday, 2 October at 09:00
  2025-10-02 10:00 +02:00  next_workday       8810  Thursday, 2 October at 10:00
  text: Unfortunately I could not find an appointment at your requested time, but I can offer you the following alternatives: the same day at 12:00 or Thursday, 2 October at 09:00 or Thursday, 2 October at 10:00. Which appointment would suit you better?
  timeout_hit false, api_calls 1
de, max 3
  2025-10-01 12:00 +02:00  same_day_later    10180  am gleichen Tag, 12:00 Uhr
  2025-10-02 09:00 +02:00  next_workday       8870  Donnerstag, 02.10. um 09:00 Uhr
  2025-10-02 10:00 +02:00  next_workday       8810  Donnerstag, 02.10. um 10:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: am gleichen Tag, 12:00 Uhr oder Donnerstag, 02.10. um 09:00 Uhr oder Donnerstag, 02.10. um 10:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 0
en, next week + next available
  2025-10-02 10:00 +02:00  next_available     8660  Thursday, 2 October at 10:00
  2025-10-08 10:00 +02:00  next_week            70  next week Wednesday, 8 October at 10:00
  text: Unfortunately I could not find an appointment at your requested time, but I can offer you the following alternatives: Thursday, 2 October at 10:00 or next week Wednesday, 8 October at 10:00. Which appointment would suit you better?
  timeout_hit false, api_calls 0
de, next week + next available
  2025-10-02 10:00 +02:00  next_available     8660  Donnerstag, 02.10. um 10:00 Uhr
  2025-10-08 10:00 +02:00  next_week            70  nächste Woche Mittwoch, 08.10. um 10:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: Donnerstag, 02.10. um 10:00 Uhr oder nächste Woche Mittwoch, 08.10. um 10:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 0
en, 15:00
  2025-10-01 16:00 +02:00  same_day_later    10440  the same day at 16:00
  2025-10-01 17:00 +02:00  same_day_later    10380  the same day at 17:00
  text: Unfortunately I could not find an appointment at your requested time, but I can offer you the following alternatives: the same day at 16:00 or the same day at 17:00. Which appointment would suit you better?
  timeout_hit false, api_calls 0
en, nothing
  (no alternatives)
  text: Unfortunately I could not find any available appointments. Would you like to try another time, or shall I call you back?
  timeout_hit false, api_calls 0
de, nothing
  (no alternatives)
  text: Leider konnte ich keine verfügbaren Termine finden. Möchten Sie es zu einem anderen Zeitpunkt versuchen oder soll ich Sie zurückrufen?
  timeout_hit false, api_calls 0
buildAlternativeResponse
bool(true)
bool(true)
string(236) "Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: Thursday, 2 October at 10:00 oder next week Wednesday, 8 October at 10:00. Welcher Termin würde Ihnen besser passen?"
string(171) "Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: A oder B. Welcher Termin würde Ihnen besser passen?"
string(161) "Unfortunately I could not find an appointment at your requested time, but I can offer you the following alternatives: A. Which appointment would suit you better?"
string(120) "Unfortunately I could not find any available appointments. Would you like to try another time, or shall I call you back?"
string(137) "Leider konnte ich keine verfügbaren Termine finden. Möchten Sie es zu einem anderen Zeitpunkt versuchen oder soll ich Sie zurückrufen?"
slots requests: 1
