<?php
/*
 * The test application behind PHP's built-in server, for the browser test:
 *   CALCOM_TEST_APP_BASE=<base> php -S 127.0.0.1:<port> laravel/tests/server.php
 * With CALCOM_TEST_ALLOW_GUESTS=1 the app defines a viewCalcom gate that
 * lets guests in (a browser cannot send the bearer token from the command line).
 */
declare(strict_types=1);

use Illuminate\Contracts\Http\Kernel;
use Illuminate\Http\Request;
use Illuminate\Support\Facades\Gate;

require __DIR__ . '/app.php';

$app = Calcom\Laravel\Tests\TestApp::boot((string) getenv('CALCOM_TEST_APP_BASE'));
if (getenv('CALCOM_TEST_ALLOW_GUESTS') === '1') {
    Gate::define('viewCalcom', fn ($user = null) => true);
}
$kernel = $app->make(Kernel::class);
$response = $kernel->handle($request = Request::capture());
$response->send();
$kernel->terminate($request, $response);
