<?php

declare(strict_types=1);

namespace Calcom\Laravel\Tests;

use Calcom\CircuitBreaker;
use Calcom\CircuitOpenException;
use Calcom\Client;
use Calcom\Metrics;
use DOMDocument;
use DOMElement;
use DOMXPath;

/**
 * The HTML dashboard as a browser shows it: real state built through the
 * in-process app (two slot reads, one a cache hit; the bookings breaker
 * opened), the app served by `php -S` over the same base directory and
 * Redis prefix, headless Chromium's DOM compared with the JSON report, and
 * its screenshot decoded (tests/Png.php) for the badges' colours. The
 * screenshot stays at sys_get_temp_dir()/calcom-dashboard.png.
 */
final class DashboardBrowserTest extends TestCase
{
    private const WIDTH = 1280;
    private const HEIGHT = 1100;
    private const TOKEN = 'dashboard-test-token';  // what TestApp::base() configures
    /** The view's colours (dashboard.blade.php's $color). */
    private const GREEN = '#2e7d32';
    private const AMBER = '#f9a825';
    private const RED = '#c62828';
    private const BACKGROUND = '#f4f5f7';

    /** @var resource|null the php -S process */
    private $server = null;
    private string $tmp = '';

    protected function tearDown(): void
    {
        if (is_resource($this->server)) {
            proc_terminate($this->server, 9);
            proc_close($this->server);
        }
        $this->server = null;
        if ($this->tmp !== '') {
            self::removeTree($this->tmp);
        }
        parent::tearDown();
    }

    public function testTheDashboardShowsTheReportsValuesAndBadgeColours(): void
    {
        $chromium = self::findChromium();
        if ($chromium === null) {
            $this->markTestSkipped('chromium not installed (Debian: chromium)');
        }
        $extension = (string) getenv('CALCOM_TEST_EXTENSION');
        if ($extension === '' || !is_file($extension)) {
            $this->fail('CALCOM_TEST_EXTENSION must name the calcom.so the php -S server loads'
                . ($extension === '' ? '' : " ($extension does not exist)"));
        }
        $this->tmp = sys_get_temp_dir() . '/calcom-browser-' . bin2hex(random_bytes(6));
        mkdir($this->tmp . '/profile', 0700, true);

        // The state: one request sent to Cal.com and one read from the cache, one breaker open.
        self::emulator('POST', '/__admin/reset', []);
        $client = $this->app->make(Client::class);
        $day = (new \DateTimeImmutable('tomorrow', new \DateTimeZone('Europe/Berlin')))->format('Y-m-d');
        $this->assertSame($client->getAvailableSlots(1001, $day, $day), $client->getAvailableSlots(1001, $day, $day));
        $bookings = $this->app->make(CircuitBreaker::class, ['calcom_api:bookings']);
        $bookings->recordFailure(503);
        $bookings->recordFailure(503);
        $this->assertSame('closed', $bookings->getState(), 'weight 4 is under the threshold of 5');
        $bookings->recordFailure(503);
        $this->assertSame('open', $bookings->getState());
        try {
            $client->cancelBooking('browser-test-' . bin2hex(random_bytes(4)));
            $this->fail('the Client sent a booking call while its breaker calcom_api:bookings was open');
        } catch (CircuitOpenException $e) {
            $this->assertStringContainsString("'calcom_api:bookings'", $e->getMessage(),
                'app(CircuitBreaker::class, [\'calcom_api:bookings\']) is the Client\'s bookings breaker');
        }
        $flushedAt = time();
        $this->app->make(Metrics::class)->flush();

        $url = $this->startServer($extension);

        // The Metrics window is the current minute of the Redis clock: when
        // it turns between the two JSON reports, the DOM may have either
        // minute's count, so take both again (once).
        for ($attempt = 1; ; $attempt++) {
            $report = $this->fetchReport($url);
            $dom = $this->runChromium($chromium, ['--dump-dom', "$url/calcom/health"]);
            $after = $this->fetchReport($url);
            $window = fn (array $r) => array_intersect_key($r['rate_limit'],
                array_flip(['used_this_minute', 'rate_limited_this_minute', 'usage', 'status']));
            if ($window($report) === $window($after) || $attempt === 2) {
                break;
            }
        }
        $this->assertSame($window($report), $window($after), 'the rate-limit window stayed put');

        // The report itself says what was done above.
        $this->assertSame('degraded', $report['status']);
        $this->assertSame(['state' => 'open', 'failure_count' => 6, 'open_count' => 1],
            array_intersect_key($report['breakers']['calcom_api:bookings'] ?? [], array_flip(['state', 'failure_count',
                'open_count'])), 'three 503s of weight 2 opened calcom_api:bookings');
        $this->assertSame('closed', $report['breakers']['calcom_api:slots']['state'] ?? null);
        $this->assertSame(['hits' => 1, 'misses' => 1, 'hit_rate' => 0.5, 'status' => 'warning'], $report['cache']);
        $this->assertSame(['200' => 1], $report['requests']['slots'] ?? null);
        $this->assertSame(['refused' => 1], $report['requests']['bookings'] ?? null);
        $this->assertSame(1, $report['errors']['refused'] ?? null);
        $this->assertSame(1, $report['latency']['slots']['count'] ?? null);
        $this->assertIsFloat($report['latency']['slots']['p95_ms']);
        if (intdiv($flushedAt, 60) === intdiv(time(), 60)) {  // the same minute: the one request sent counts
            $this->assertSame(1, $report['rate_limit']['used_this_minute']);
        }

        // The DOM shows the report's values, formatted as the view does.
        $xpath = self::parseHtml($dom);
        $text = function (string $query, ?\DOMNode $context = null) use ($xpath, $dom): string {
            $nodes = $xpath->query($query, $context);
            $this->assertSame(1, $nodes->length, "one element for $query in:\n" . substr($dom, 0, 2000));
            return trim($nodes->item(0)->textContent);
        };
        $pct = fn (float $x) => number_format($x * 100, 1) . ' %';
        $ms = fn (float $x) => number_format($x, 1) . ' ms';

        $this->assertSame($report['status'], $text('//*[@id="overall-status"]'));
        $this->assertSame((string) $report['rate_limit']['used_this_minute'], $text('//*[@id="rate-limit-used"]'));
        $this->assertSame($pct($report['rate_limit']['usage']), $text('//*[@id="rate-limit-usage"]'));

        $rows = [];
        foreach ($xpath->query('//tr[contains(concat(" ", normalize-space(@class), " "), " breaker ")]'
            . '[@data-name][@data-state]') as $tr) {
            /** @var DOMElement $tr */
            $name = $tr->getAttribute('data-name');
            $rows[$name] = $tr->getAttribute('data-state');
            $this->assertArrayHasKey($name, $report['breakers'], "the dashboard's breaker $name is in the report");
            $this->assertSame($rows[$name], $text('.//span[contains(@class, "badge")]', $tr), "$name's badge");
            $this->assertSame((string) $report['breakers'][$name]['failure_count'], $text('./td[3]', $tr),
                "$name's failure weight");
        }
        $this->assertSame(array_map(fn (array $b) => $b['state'], $report['breakers']), $rows);
        $this->assertSame('open', $rows['calcom_api:bookings'] ?? null);
        $this->assertSame('closed', $rows['calcom_api:slots'] ?? null);

        $this->assertSame('50.0 %', $text('//*[@id="cache-hit-rate"]'));
        $this->assertSame($ms($report['latency']['slots']['p95_ms']),
            $text('//tr[contains(@class, "latency")][@data-endpoint="slots"]/td[contains(@class, "p95")]'));

        $errors = [];
        foreach ($xpath->query('//tr[contains(concat(" ", normalize-space(@class), " "), " error ")][@data-type]') as $tr) {
            /** @var DOMElement $tr */
            $errors[$tr->getAttribute('data-type')] = (int) $text('./td[contains(@class, "num")]', $tr);
        }
        $this->assertSame($report['errors'], $errors);

        // The screenshot: the page as drawn, with the badges in the view's colours.
        $png = sys_get_temp_dir() . '/calcom-dashboard.png';
        @unlink($png);
        $this->runChromium($chromium, ['--screenshot=' . $png, "$url/calcom/health"]);
        $image = Png::fromFile($png);
        $this->assertSame([self::WIDTH, self::HEIGHT], [$image->width, $image->height]);
        $colours = $image->colours();
        // Chromium antialiases text in grey levels, so a page of one text
        // colour on one background has at most ~256 colours; the dashboard
        // (several text colours on several backgrounds, badges, the gauge)
        // measured ~1,560. 500 tells it from a blank or an error page.
        $this->assertGreaterThan(500, count($colours), 'distinct colours in the screenshot');
        arsort($colours);
        $top = array_map(fn ($c) => substr((string) $c, 0, 6), array_slice(array_keys($colours), 0, 2));
        sort($top);
        $this->assertSame([ltrim(self::BACKGROUND, '#'), 'ffffff'], $top,
            'the body background and the white cards are the two most common colours: the stylesheet applied');
        // A badge is a ~60 x 22 px pill; one "open" badge measured 1,090
        // pixels of exact #c62828 beside its white text, one "closed" badge
        // ~1,250 of #2e7d32, the "degraded" one ~2,000 of #f9a825 (with the
        // 50.0 % text). 600 a badge is about half: a badge that is missing,
        // shrunk or recoloured fails, font and antialiasing differences
        // between Chromium builds do not. Nothing else on the page is red.
        $closed = count(array_keys($rows, 'closed', true));
        $this->assertGreaterThanOrEqual(600, $image->count(self::RED), 'pixels of the open breaker\'s red badge');
        $this->assertGreaterThanOrEqual(600 * $closed, $image->count(self::GREEN),
            "pixels of the $closed closed breakers' green badges");
        $this->assertGreaterThanOrEqual(600, $image->count(self::AMBER), 'pixels of the "degraded" badge');
    }

    /** Starts php -S over this test's base directory; its URL once it answers. */
    private function startServer(string $extension): string
    {
        $probe = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
        $this->assertNotFalse($probe, "no free port: $errstr");
        $port = (int) substr(strrchr((string) stream_socket_get_name($probe, false), ':'), 1);
        fclose($probe);

        $log = $this->tmp . '/server.log';
        $env = ['CALCOM_TEST_APP_BASE' => $this->base, 'CALCOM_TEST_ALLOW_GUESTS' => '1'] + getenv();
        $this->server = proc_open([PHP_BINARY, '-d', "extension=$extension", '-S', "127.0.0.1:$port",
            __DIR__ . '/server.php'], [0 => ['file', '/dev/null', 'r'], 1 => ['file', $log, 'a'], 2 => ['file', $log, 'a']],
            $pipes, __DIR__, $env);
        $this->assertIsResource($this->server, 'php -S did not start');
        $url = "http://127.0.0.1:$port";
        $deadline = microtime(true) + 10;
        while (true) {
            $ch = curl_init("$url/calcom/health?format=json");
            curl_setopt_array($ch, [CURLOPT_RETURNTRANSFER => true, CURLOPT_TIMEOUT => 2,
                CURLOPT_HTTPHEADER => ['Authorization: Bearer ' . self::TOKEN]]);
            if (curl_exec($ch) !== false) {
                return $url;
            }
            if (!proc_get_status($this->server)['running'] || microtime(true) > $deadline) {
                $this->fail("php -S on port $port did not answer: " . (string) @file_get_contents($log));
            }
            usleep(50_000);
        }
    }

    /** @return array<string, mixed> the JSON report, with the bearer token */
    private function fetchReport(string $url): array
    {
        $ch = curl_init("$url/calcom/health?format=json");
        curl_setopt_array($ch, [CURLOPT_RETURNTRANSFER => true, CURLOPT_TIMEOUT => 10,
            CURLOPT_HTTPHEADER => ['Authorization: Bearer ' . self::TOKEN, 'Accept: application/json']]);
        $body = (string) curl_exec($ch);
        $this->assertSame(200, curl_getinfo($ch, CURLINFO_RESPONSE_CODE), "GET /calcom/health?format=json: $body");
        $report = json_decode($body, true);
        $this->assertIsArray($report, "not JSON: $body");
        return $report;
    }

    /**
     * Runs headless Chromium with $args in a private profile, killed after
     * 60 s; its stdout (the DOM for --dump-dom). Its stderr is noise (D-Bus).
     *
     * @param list<string> $args
     */
    private function runChromium(string $binary, array $args): string
    {
        $out = $this->tmp . '/chromium.out';
        $err = $this->tmp . '/chromium.err';
        $env = ['XDG_CONFIG_HOME' => $this->tmp . '/xdg', 'XDG_CACHE_HOME' => $this->tmp . '/xdg'] + getenv();
        $proc = proc_open(array_merge([$binary, '--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars',
            '--disable-dev-shm-usage', '--no-first-run', '--no-default-browser-check', '--disable-extensions',
            '--force-device-scale-factor=1', '--user-data-dir=' . $this->tmp . '/profile',
            '--window-size=' . self::WIDTH . ',' . self::HEIGHT], $args),
            [0 => ['file', '/dev/null', 'r'], 1 => ['file', $out, 'w'], 2 => ['file', $err, 'w']], $pipes, $this->tmp,
            $env);
        $this->assertIsResource($proc, "$binary did not start");
        $deadline = microtime(true) + 60;
        while (($status = proc_get_status($proc))['running']) {
            if (microtime(true) > $deadline) {
                proc_terminate($proc, 9);
                proc_close($proc);
                $this->fail("chromium took over 60 s: " . implode(' ', $args));
            }
            usleep(20_000);
        }
        proc_close($proc);
        $this->assertSame(0, $status['exitcode'], 'chromium ' . implode(' ', $args) . ' failed: '
            . substr((string) @file_get_contents($err), -2000));
        return (string) file_get_contents($out);
    }

    private static function parseHtml(string $html): DOMXPath
    {
        $doc = new DOMDocument();
        $previous = libxml_use_internal_errors(true);  // HTML5 and inline SVG are not libxml's HTML 4
        $doc->loadHTML('<?xml encoding="UTF-8">' . $html, LIBXML_NONET);
        libxml_clear_errors();
        libxml_use_internal_errors($previous);
        return new DOMXPath($doc);
    }

    private static function findChromium(): ?string
    {
        foreach (explode(PATH_SEPARATOR, (string) getenv('PATH')) as $dir) {
            foreach (['chromium', 'chromium-browser'] as $name) {
                if ($dir !== '' && is_file("$dir/$name") && is_executable("$dir/$name")) {
                    return "$dir/$name";
                }
            }
        }
        return is_executable('/usr/bin/chromium') ? '/usr/bin/chromium' : null;
    }

    private static function removeTree(string $dir): void
    {
        if (!is_dir($dir) || is_link($dir)) {
            return;
        }
        $it = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($dir, \FilesystemIterator::SKIP_DOTS),
            \RecursiveIteratorIterator::CHILD_FIRST);
        foreach ($it as $f) {
            $f->isDir() && !$f->isLink() ? @rmdir($f->getPathname()) : @unlink($f->getPathname());
        }
        @rmdir($dir);
    }
}
