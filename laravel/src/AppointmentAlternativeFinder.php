<?php

declare(strict_types=1);

namespace Calcom\Laravel;

use Calcom\AlternativeFinder;
use DateTimeInterface;
use Illuminate\Support\Carbon;

/**
 * The app's AppointmentAlternativeFinder signature over the native
 * Calcom\AlternativeFinder: it takes a Carbon (any DateTimeInterface) like
 * the native one, and gives each alternative's 'datetime' back as a Carbon
 * in the finder's time zone, which is what the app's callers format and
 * compare. With config('calcom.alternatives.carbon') false the native
 * DateTimeImmutable values pass through untouched.
 */
class AppointmentAlternativeFinder
{
    public const STRATEGY_SAME_DAY = AlternativeFinder::STRATEGY_SAME_DAY;
    public const STRATEGY_NEXT_WORKDAY = AlternativeFinder::STRATEGY_NEXT_WORKDAY;
    public const STRATEGY_NEXT_WEEK = AlternativeFinder::STRATEGY_NEXT_WEEK;
    public const STRATEGY_NEXT_AVAILABLE = AlternativeFinder::STRATEGY_NEXT_AVAILABLE;

    public function __construct(private AlternativeFinder $finder, private bool $carbon = true)
    {
    }

    public function setTenantContext(?int $companyId, ?string $branchId = null): static
    {
        $this->finder->setTenantContext($companyId, $branchId);
        return $this;
    }

    /** @return array{alternatives: list<array<string, mixed>>, responseText: string, timeout_hit: bool, api_calls: int} */
    public function findAlternatives(DateTimeInterface $desiredDateTime, int $durationMinutes, int $eventTypeId,
        ?int $customerId = null, ?string $preferredLanguage = 'de'): array
    {
        $result = $this->finder->findAlternatives($desiredDateTime, $durationMinutes, $eventTypeId, $customerId,
            $preferredLanguage);
        if ($this->carbon) {
            foreach ($result['alternatives'] as $i => $alternative) {
                $result['alternatives'][$i]['datetime'] = Carbon::instance($alternative['datetime']);
            }
        }
        return $result;
    }

    public function buildAlternativeResponse(array $alternatives, string $language = 'de'): string
    {
        return $this->finder->buildAlternativeResponse($alternatives, $language);
    }

    /** The native finder underneath. */
    public function native(): AlternativeFinder
    {
        return $this->finder;
    }
}
