<?php

declare(strict_types=1);

namespace Calcom\Laravel\Console;

use Calcom\RequestQueue;
use Calcom\StoreException;
use Illuminate\Console\Command;

/**
 * Runs the Calcom\RequestQueue until SIGTERM or SIGINT, then returns 0
 * once the jobs in hand are finished: RequestQueue::work() returns between
 * batches as soon as a signal is pending, so no job is cut off mid-call
 * (and one a killed worker held returns to the queue when its lease ends).
 */
final class QueueWorkCommand extends Command
{
    protected $signature = 'calcom:queue:work
        {--max-jobs=0 : Stop after this many jobs (0: no limit)}
        {--max-seconds=0 : Stop after this many seconds (0: no limit)}';

    protected $description = 'Work the Cal.com request queue (SIGTERM-safe)';

    private bool $stop = false;

    public function handle(RequestQueue $queue): int
    {
        $maxJobs = filter_var($this->option('max-jobs'), FILTER_VALIDATE_INT, ['options' => ['min_range' => 0]]);
        $maxSeconds = filter_var($this->option('max-seconds'), FILTER_VALIDATE_FLOAT);
        if ($maxJobs === false || $maxSeconds === false || $maxSeconds < 0) {
            $this->error('--max-jobs and --max-seconds must be numbers of zero or more.');
            return self::INVALID;
        }
        if (!function_exists('pcntl_async_signals')) {
            $this->error('calcom:queue:work needs the pcntl extension to stop cleanly on SIGTERM.');
            return self::FAILURE;
        }
        pcntl_async_signals(true);
        foreach ([SIGTERM, SIGINT] as $signal) {
            pcntl_signal($signal, function () {
                $this->stop = true;
            });
        }

        $queueName = (string) $this->laravel['config']->get('calcom.queue.name', 'default');
        $this->line(sprintf('Working queue %s (pid %d).', $queueName, getmypid()));
        $started = microtime(true);
        $done = 0;
        while (!$this->stop) {
            $left = $maxSeconds > 0 ? $maxSeconds - (microtime(true) - $started) : 0.0;
            if (($maxSeconds > 0 && $left <= 0) || ($maxJobs > 0 && $done >= $maxJobs)) {
                break;
            }
            try {
                $done += $queue->work($maxJobs > 0 ? $maxJobs - $done : 0, $left);
            } catch (StoreException $e) {
                // Redis went away: leases lapse and jobs return by themselves.
                $this->warn($e->getMessage());
                usleep(500000);
            }
        }
        $this->line("Stopped after $done job(s).");
        return self::SUCCESS;
    }
}
