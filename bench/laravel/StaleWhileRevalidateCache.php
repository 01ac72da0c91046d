<?php
/*
 * Port of the architecture document's StaleWhileRevalidateCache that
 * Calcom\SwrCache replaces: one Laravel cache entry ['value', 'timestamp']
 * living stale_ttl, its age checked in PHP against the app server's clock.
 * Every stale hit dispatches a revalidation (no lock: each request that sees
 * the stale value queues one more). Logging is left out: it costs no Redis
 * round trip and the bench has no log channel. The dispatch is a closure
 * pushed onto $dispatched, never run: the bench measures the hit, and a
 * real dispatch() onto a Redis queue would add at least one round trip.
 */
declare(strict_types=1);

namespace App\Services\Calcom;

use Closure;
use Illuminate\Support\Facades\Cache;

class StaleWhileRevalidateCache
{
	private int $freshTtl = 300;      // 5 minutes fresh
	private int $staleTtl = 1800;     // 30 minutes stale

	/** The jobs dispatch() would have queued; the bench counts and clears them. */
	public array $dispatched = [];

	public function remember(string $key, Closure $callback): mixed
	{
		$cached = Cache::get($key);

		if ($cached) {
			$age = now()->timestamp - $cached['timestamp'];

			// If fresh, return immediately
			if ($age < $this->freshTtl) {
				return $cached['value'];
			}

			// If stale but not expired, return stale + revalidate async
			if ($age < $this->staleTtl) {
				// dispatch(new RevalidateCacheJob($key, $callback));
				$this->dispatched[] = static function () use ($key, $callback): void {
				};

				return $cached['value'];
			}
		}

		// Cache miss or expired: fetch now
		try {
			$value = $callback();

			Cache::put($key, [
				'value' => $value,
				'timestamp' => now()->timestamp,
			], $this->staleTtl);

			return $value;
		} catch (\Exception $e) {
			// If fetch fails and we have stale cache, use it
			if ($cached) {
				return $cached['value'];
			}

			throw $e;
		}
	}
}
