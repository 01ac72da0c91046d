<?php

declare(strict_types=1);

namespace Calcom\Laravel\Console;

use Calcom\Laravel\BreakerFactory;
use Illuminate\Console\Command;

/**
 * Closes a breaker fleet-wide. The Client keeps one breaker per endpoint
 * group under its service name, so resetting that service resets all of
 * them ("calcom_api" resets calcom_api:slots, :bookings, :event_types);
 * "calcom_api:slots" resets that one.
 */
final class BreakerResetCommand extends Command
{
    /** The Client's endpoint groups, each with its own breaker. */
    private const GROUPS = ['slots', 'bookings', 'event_types'];

    protected $signature = 'calcom:breaker:reset {service : The service name (the Client\'s, or one of its endpoint groups)}';

    protected $description = 'Close a Cal.com circuit breaker for every worker';

    public function handle(BreakerFactory $breakers): int
    {
        $service = (string) $this->argument('service');
        if ($service === '') {
            $this->error('Name a service.');
            return self::INVALID;
        }
        $names = [$service];
        if ($service === $breakers->defaultService()) {
            foreach (self::GROUPS as $group) {
                $names[] = "$service:$group";
            }
        }
        foreach ($names as $name) {
            $breaker = $breakers->get($name);
            $was = $breaker->getState();
            $breaker->reset();
            $this->line("Circuit breaker '$name' reset (was $was, now {$breaker->getState()}).");
        }
        return self::SUCCESS;
    }
}
