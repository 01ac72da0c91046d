<?php

declare(strict_types=1);

namespace Calcom\Laravel\Console;

use Calcom\ApiException;
use Calcom\Client;
use Illuminate\Console\Command;

/**
 * Fills the availability cache for the coming days at LOW priority, so
 * the first caller of the morning does not wait for Cal.com. Without
 * --event-type it warms every event type the API key sees.
 */
final class WarmCacheCommand extends Command
{
    /** Event types warmed together in one parallel fetch. */
    private const BATCH = 8;

    protected $signature = 'calcom:warm-cache
        {--days=14 : Days to warm, today first}
        {--event-type=* : Event type ids (default: all of the account\'s)}
        {--tenant= : The cache tenant (default: the client\'s)}';

    protected $description = 'Fetch the availability the cache lacks for the coming days';

    public function handle(Client $client): int
    {
        $days = filter_var($this->option('days'), FILTER_VALIDATE_INT, ['options' => ['min_range' => 1, 'max_range' => 92]]);
        if ($days === false) {
            $this->error('--days must be a whole number from 1 to 92.');
            return self::INVALID;
        }
        $ids = [];
        foreach ((array) $this->option('event-type') as $id) {
            $n = filter_var($id, FILTER_VALIDATE_INT, ['options' => ['min_range' => 1]]);
            if ($n === false) {
                $this->error("--event-type must be a positive event type id, not '$id'.");
                return self::INVALID;
            }
            $ids[] = $n;
        }
        if ($ids === []) {
            $ids = array_map(fn (array $t) => (int) $t['id'], $client->getEventTypes());
        }
        $tenant = $this->option('tenant');

        $bar = $this->output->createProgressBar(count($ids));
        $bar->setFormat(' %current%/%max% event types [%bar%] %message%');
        $bar->setMessage('');
        $bar->start();
        $requests = 0;
        $fetched = 0;
        $failed = [];
        // warm() fetches a batch in parallel; batches keep the bar moving.
        foreach (array_chunk($ids, self::BATCH) as $batch) {
            $bar->setMessage('event type ' . implode(', ', $batch));
            $r = $client->warm($batch, $days, $tenant === null ? null : (string) $tenant);
            $requests += $r['requests'];
            foreach ($batch as $id) {
                $outcome = $r['event_types'][$id] ?? 0;
                if ($outcome instanceof ApiException) {
                    $failed[$id] = $outcome->getMessage();
                } else {
                    $fetched += (int) $outcome;
                }
            }
            $bar->advance(count($batch));
        }
        $bar->setMessage('done');
        $bar->finish();
        $this->newLine();
        $this->info(sprintf('Warmed %d event type(s), %d day(s): %d day(s) fetched in %d request(s).',
            count($ids) - count($failed), $days, $fetched, $requests));
        foreach ($failed as $id => $message) {
            $this->error("Event type $id: $message");
        }
        return $failed === [] ? self::SUCCESS : self::FAILURE;
    }
}
