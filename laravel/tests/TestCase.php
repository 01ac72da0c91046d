<?php

declare(strict_types=1);

namespace Calcom\Laravel\Tests;

use Illuminate\Foundation\Testing\TestCase as LaravelTestCase;

/**
 * A fresh application per test over its own base directory and Redis
 * prefix. A test that needs other config sets $calcomConfig before
 * parent::setUp(), or calls config([...]) before resolving a class.
 */
abstract class TestCase extends LaravelTestCase
{
    /** Console output goes to Artisan::output(), not a Mockery expectation. */
    public $mockConsoleOutput = false;

    /** @var array<string, mixed> merged over the test app's config/calcom.php */
    protected array $calcomConfig = [];

    protected string $base = '';

    public function createApplication()
    {
        $this->base = TestApp::base($this->calcomConfig);
        return TestApp::boot($this->base);
    }

    protected function tearDown(): void
    {
        parent::tearDown();
        TestApp::remove($this->base);
    }

    /** The emulator's admin API. */
    protected static function emulator(string $method, string $path, ?array $body = null): array
    {
        $ch = curl_init(rtrim((string) getenv('CALCOM_TEST_EMULATOR_URL'), '/') . $path);
        curl_setopt_array($ch, [
            CURLOPT_CUSTOMREQUEST => $method,
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_HTTPHEADER => ['Content-Type: application/json'],
            CURLOPT_TIMEOUT => 10,
        ]);
        if ($body !== null) {
            curl_setopt($ch, CURLOPT_POSTFIELDS, json_encode($body === [] ? new \stdClass() : $body));
        }
        $out = curl_exec($ch);
        if ($out === false || curl_getinfo($ch, CURLINFO_RESPONSE_CODE) >= 400) {
            throw new \RuntimeException("emulator: $method $path: " . ($out === false ? curl_error($ch) : $out));
        }
        return (array) json_decode((string) $out, true);
    }
}
