<?php
/*
 * Port of the booking-time cache invalidation of the app's CalcomService
 * that Calcom\Client::invalidateAvailability() (and the invalidation every
 * Client::createBooking() does) replaces, as the architecture review
 * (shared/seeds/000, "2.3 Cache Invalidation Flow" and "Example 2: Smart
 * Cache Invalidation", the "Before" code) describes it: after a booking,
 *   - the CalcomService availability cache, one key per day, is cleared for
 *     the next 30 days and for every team (tenant) the app serves, not only
 *     the one that booked ("Multi-tenant: Clears cache for ALL tenants"):
 *     calcom:slots:<teamId>:<eventTypeId>:<date>:<date>;
 *   - then the AppointmentAlternativeFinder cache, for each service on the
 *     event type, 7 days × the business hours 09..18, one key per hour
 *     window: cal_slots_<eventTypeId>_<date>-<hour>_<date>-<hour+1>;
 * each key one Cache::forget(), one after the other, so 30 days × 10
 * tenants + 7 × 10 = 370 DELs, each one Redis round trip, per booking.
 * $clearedKeys counts the forget() calls of the last run, as the app
 * logged it. Logging is left out: it costs no Redis round trip and the
 * bench has no log channel.
 */
declare(strict_types=1);

namespace App\Services;

use Carbon\Carbon;
use Illuminate\Support\Facades\Cache;

class CalcomService
{
	/** forget() calls of the last clearAvailabilityCacheForEventType(). */
	public int $clearedKeys = 0;

	/**
	 * @param int[] $teamIds the Cal.com teams of every company the app serves
	 * @param int $services the services (one per company branch) booked on an event type
	 */
	public function __construct(private array $teamIds, private int $services = 1)
	{
	}

	public function clearAvailabilityCacheForEventType(int $eventTypeId, ?int $teamId = null): void
	{
		$clearedKeys = 0;
		$today = Carbon::today();

		// Clear 30 days, for every team: a booking by one company's customer
		// empties every company's cache of that event type.
		foreach ($this->teamIds as $team) {
			for ($i = 0; $i < 30; $i++) {
				$date = $today->copy()->addDays($i)->format('Y-m-d');
				Cache::forget("calcom:slots:{$team}:{$eventTypeId}:{$date}:{$date}");
				$clearedKeys++;
			}
		}

		// Clear all hour combinations of the alternative finder's cache
		// (7 days × 10 hours = 70 keys per service).
		for ($s = 0; $s < $this->services; $s++) {
			for ($i = 0; $i < 7; $i++) {
				$date = $today->copy()->addDays($i);
				for ($hour = 9; $hour <= 18; $hour++) {
					$start = $date->copy()->setTime($hour, 0);
					$end = $start->copy()->addHour();
					Cache::forget(sprintf('cal_slots_%d_%s_%s', $eventTypeId, $start->format('Y-m-d-H'),
						$end->format('Y-m-d-H')));
					$clearedKeys++;
				}
			}
		}
		$this->clearedKeys = $clearedKeys;
	}

	/** Every key clearAvailabilityCacheForEventType() forgets, for a bench to fill beforehand. */
	public function keysFor(int $eventTypeId): array
	{
		$keys = [];
		$today = Carbon::today();
		foreach ($this->teamIds as $team) {
			for ($i = 0; $i < 30; $i++) {
				$date = $today->copy()->addDays($i)->format('Y-m-d');
				$keys[] = "calcom:slots:{$team}:{$eventTypeId}:{$date}:{$date}";
			}
		}
		for ($s = 0; $s < $this->services; $s++) {
			for ($i = 0; $i < 7; $i++) {
				$date = $today->copy()->addDays($i);
				for ($hour = 9; $hour <= 18; $hour++) {
					$start = $date->copy()->setTime($hour, 0);
					$keys[] = sprintf('cal_slots_%d_%s_%s', $eventTypeId, $start->format('Y-m-d-H'),
						$start->copy()->addHour()->format('Y-m-d-H'));
				}
			}
		}
		return array_values(array_unique($keys));
	}
}
