--TEST--
AlternativeFinder: next available after empty days — next workday is only the very next workday (no slots there: nothing), next week closed, the first later workday with a slot gives its one slot closest to the desired clock time (earlier wins a tie)
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/finder.inc';

// Only Mondays 14:00–16:00 (slots 14:00, 15:00). Desired Wed 01.10. 10:00.
// Same day: nothing. Next workday Thu 02.10.: no slot (it does not move on to
// Friday). Next week Wed 08.10.: nothing. Next available: Thu, Fri empty,
// Sat/Sun no workdays, Mon 06.10.: 14:00 (240 from 10:00) beats 15:00 (300).
// Distance 5 × 1440 + 240 = 7440: 10000−7440+100 = 2660. One slot only.
finder_emulator(['mon' => [['14:00', '16:00']]]);
$prefix = finder_prefix('next-available');
finder_search('Monday afternoon only', new Calcom\AlternativeFinder(finder_client($prefix)), berlin('2025-10-01 10:00'));
echo 'slots requests: ', finder_slots_calls(), "\n";
finder_cleanup($prefix);

// Mondays 09:00–10:00 and 11:00–12:00 (slots 09:00, 11:00), Tuesdays
// 16:00–17:00. Next available takes Monday (the first workday with a slot):
// 09:00 and 11:00 are both 60 from 10:00, the earlier wins; Tuesday is not
// looked at even with max_alternatives 3. Distance 7200−60 = 7140: 2960.
finder_emulator(['mon' => [['09:00', '10:00'], ['11:00', '12:00']], 'tue' => [['16:00', '17:00']]]);
$prefix = finder_prefix('next-available-tie');
finder_search('tie on Monday, max 3', new Calcom\AlternativeFinder(finder_client($prefix), ['max_alternatives' => 3]),
	berlin('2025-10-01 10:00'));
echo 'slots requests: ', finder_slots_calls(), "\n";
finder_cleanup($prefix);
?>
--EXPECT--
Monday afternoon only
  2025-10-06 14:00 +02:00  next_available     2660  Montag, 06.10. um 14:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: Montag, 06.10. um 14:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 1
slots requests: 1
tie on Monday, max 3
  2025-10-06 09:00 +02:00  next_available     2960  Montag, 06.10. um 09:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: Montag, 06.10. um 09:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 1
slots requests: 1
