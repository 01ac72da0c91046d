--TEST--
AlternativeFinder: desired times outside business hours — before opening → that day's opening, at or after closing → next workday's opening, weekend → Monday's opening (Friday evening, Saturday), weekends skipped by next workday although Cal.com has Saturday slots, a desired time in another zone, workdays by name, custom business_hours (start >= open, start + duration <= close); the horizon starts on the adjusted day
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/finder.inc';
// Cal.com offers every day of the week, Saturday and Sunday too, 09:00–18:00;
// Fri 03.10. is booked all day. The finder's workdays are Mon–Fri.
finder_emulator(finder_week(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']));
finder_book('2025-10-03 09:00', 540);
$prefix = finder_prefix('adjust');
$client = finder_client($prefix);
$finder = new Calcom\AlternativeFinder($client);

// Fri 03.10. 19:30 is after closing → next workday's opening, Mon 06.10. 09:00
// (not Saturday). 09:00 is then the desired time and not offered; same day
// within ±120: 10:00, 11:00 (later, morning bonus 300): 10000−60+300 = 10240,
// 10000−120+300 = 10180. Horizon 06.10. … 20.10.
finder_search('Fri 19:30', $finder, berlin('2025-10-03 19:30'));
// Saturday is no workday → Monday 09:00 as well. Same horizon: no call.
finder_search('Sat 11:00', $finder, berlin('2025-10-04 11:00'));

// Fri 03.10. 10:00, Friday booked: next workday is Monday 06.10. (Saturday's
// slots skipped): 09:00 10:00 11:00 12:00; 09:00 is 3 × 1440 − 60 = 4260
// away: 10000−4260+250 = 5990, 10:00 (4320) 5930. Days 03.–05.10. are new: one call.
finder_search('Fri 10:00, Friday booked', $finder, berlin('2025-10-03 10:00'));

// Before opening: Wed 01.10. 07:30 → 09:00 the same day: 10:00 10240, 11:00 10180.
// Days 01.–02.10. are new: one call.
finder_search('Wed 07:30', $finder, berlin('2025-10-01 07:30'));
// The same instant given in UTC is read in the finder's zone (Europe/Berlin).
finder_search('Wed 05:30 UTC', $finder, new DateTimeImmutable('2025-10-01 05:30', new DateTimeZone('UTC')));
// At closing: Wed 18:00 → Thu 02.10. 09:00: 10:00 10240, 11:00 10180 (the same day as the adjusted time).
finder_search('Wed 18:00', $finder, berlin('2025-10-01 18:00'));
// Inside hours it stays, even when the 60 minutes would not fit: 17:30,
// afternoon (earlier +300): 17:00 (−30) 10270, 16:00 (−90) 10210.
finder_search('Wed 17:30', $finder, berlin('2025-10-01 17:30'));

// Saturday as a workday (names): Fri 19:30 → Sat 04.10. 09:00: 10:00 10240, 11:00 10180.
finder_search('Fri 19:30, workdays Mon–Sat', new Calcom\AlternativeFinder($client,
	['workdays' => ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']]), berlin('2025-10-03 19:30'));

// Business hours 10:00–16:00.
$short = new Calcom\AlternativeFinder($client, ['business_hours' => ['start' => '10:00', 'end' => '16:00']]);
// 09:30 → 10:00; 09:00 lies within ±120 but before opening: 11:00 10240, 12:00 10180.
finder_search('10–16, Wed 09:30', $short, berlin('2025-10-01 09:30'));
// 15:30 stays; 16:00 would end at 17:00 > 16:00: 15:00 (−30) 10270, 14:00 (−90) 10210.
finder_search('10–16, Wed 15:30', $short, berlin('2025-10-01 15:30'));
// 16:00 is closing → Thu 02.10. 10:00: 11:00 10240, 12:00 10180.
finder_search('10–16, Wed 16:00', $short, berlin('2025-10-01 16:00'));

// Every fetch covers the adjusted day onwards, only what the cache lacked.
foreach (emulator_requests('slots') as $request) {
	echo 'request: ', finder_request_line($request), "\n";
}
finder_cleanup($prefix);
?>
--EXPECT--
Fri 19:30
  2025-10-06 10:00 +02:00  same_day_later    10240  am gleichen Tag, 10:00 Uhr
  2025-10-06 11:00 +02:00  same_day_later    10180  am gleichen Tag, 11:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: am gleichen Tag, 10:00 Uhr oder am gleichen Tag, 11:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 1
Sat 11:00
  2025-10-06 10:00 +02:00  same_day_later    10240  am gleichen Tag, 10:00 Uhr
  2025-10-06 11:00 +02:00  same_day_later    10180  am gleichen Tag, 11:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: am gleichen Tag, 10:00 Uhr oder am gleichen Tag, 11:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 0
Fri 10:00, Friday booked
  2025-10-06 09:00 +02:00  next_workday       5990  Montag, 06.10. um 09:00 Uhr
  2025-10-06 10:00 +02:00  next_workday       5930  Montag, 06.10. um 10:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: Montag, 06.10. um 09:00 Uhr oder Montag, 06.10. um 10:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 1
Wed 07:30
  2025-10-01 10:00 +02:00  same_day_later    10240  am gleichen Tag, 10:00 Uhr
  2025-10-01 11:00 +02:00  same_day_later    10180  am gleichen Tag, 11:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: am gleichen Tag, 10:00 Uhr oder am gleichen Tag, 11:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 1
Wed 05:30 UTC
  2025-10-01 10:00 +02:00  same_day_later    10240  am gleichen Tag, 10:00 Uhr
  2025-10-01 11:00 +02:00  same_day_later    10180  am gleichen Tag, 11:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: am gleichen Tag, 10:00 Uhr oder am gleichen Tag, 11:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 0
Wed 18:00
  2025-10-02 10:00 +02:00  same_day_later    10240  am gleichen Tag, 10:00 Uhr
  2025-10-02 11:00 +02:00  same_day_later    10180  am gleichen Tag, 11:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: am gleichen Tag, 10:00 Uhr oder am gleichen Tag, 11:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 0
Wed 17:30
  2025-10-01 17:00 +02:00  same_day_earlier  10270  am gleichen Tag, 17:00 Uhr
  2025-10-01 16:00 +02:00  same_day_earlier  10210  am gleichen Tag, 16:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: am gleichen Tag, 17:00 Uhr oder am gleichen Tag, 16:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 0
Fri 19:30, workdays Mon–Sat
  2025-10-04 10:00 +02:00  same_day_later    10240  am gleichen Tag, 10:00 Uhr
  2025-10-04 11:00 +02:00  same_day_later    10180  am gleichen Tag, 11:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: am gleichen Tag, 10:00 Uhr oder am gleichen Tag, 11:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 0
10–16, Wed 09:30
  2025-10-01 11:00 +02:00  same_day_later    10240  am gleichen Tag, 11:00 Uhr
  2025-10-01 12:00 +02:00  same_day_later    10180  am gleichen Tag, 12:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: am gleichen Tag, 11:00 Uhr oder am gleichen Tag, 12:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 0
10–16, Wed 15:30
  2025-10-01 15:00 +02:00  same_day_earlier  10270  am gleichen Tag, 15:00 Uhr
  2025-10-01 14:00 +02:00  same_day_earlier  10210  am gleichen Tag, 14:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: am gleichen Tag, 15:00 Uhr oder am gleichen Tag, 14:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 0
10–16, Wed 16:00
  2025-10-02 11:00 +02:00  same_day_later    10240  am gleichen Tag, 11:00 Uhr
  2025-10-02 12:00 +02:00  same_day_later    10180  am gleichen Tag, 12:00 Uhr
  text: Ich habe leider keinen Termin zu Ihrer gewünschten Zeit gefunden, aber ich kann Ihnen folgende Alternativen anbieten: am gleichen Tag, 11:00 Uhr oder am gleichen Tag, 12:00 Uhr. Welcher Termin würde Ihnen besser passen?
  timeout_hit false, api_calls 0
request: eventTypeId=2001 2025-10-06 … 2025-10-20 timeZone=Europe/Berlin
request: eventTypeId=2001 2025-10-03 … 2025-10-05 timeZone=Europe/Berlin
request: eventTypeId=2001 2025-10-01 … 2025-10-02 timeZone=Europe/Berlin
