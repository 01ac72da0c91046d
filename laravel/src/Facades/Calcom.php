<?php

declare(strict_types=1);

namespace Calcom\Laravel\Facades;

use Illuminate\Support\Facades\Facade;

/**
 * The container's Calcom\Client: Calcom::getAvailableSlots(...),
 * Calcom::createBooking(...).
 *
 * @method static array getAvailableSlots(int $eventTypeId, string|\DateTimeInterface $start, string|\DateTimeInterface $end, ?int $teamId = null, array $options = [])
 * @method static array getAvailableSlotsMany(array $queries)
 * @method static array createBooking(array $booking, ?string $idempotencyKey = null)
 * @method static array rescheduleBooking(string $uid, array $data)
 * @method static array cancelBooking(string $uid, ?string $reason = null)
 * @method static array getEventTypes()
 * @method static int invalidateAvailability(int $eventTypeId, \DateTimeInterface $around, ?string $tenant = null)
 * @method static array warm(array $eventTypeIds, int $days = 14, ?string $tenant = null)
 * @method static array stats()
 *
 * @see \Calcom\Client
 */
final class Calcom extends Facade
{
    protected static function getFacadeAccessor(): string
    {
        return 'calcom';
    }
}
