<?php
/*
 * A minimal Laravel application for the package's tests, built the way a
 * real one boots: Illuminate\Foundation\Application over a base directory
 * with config/, bootstrap/cache and vendor/composer/installed.json, so the
 * provider arrives through package discovery (extra.laravel), not by hand.
 * Debian's php-laravel-framework supplies the framework. The PHPUnit
 * tests, tests/artisan (for the SIGTERM test) and tests/server.php (for
 * the browser test) all boot it from here.
 *
 * Environment: CALCOM_TEST_REDIS_PORT and CALCOM_TEST_EMULATOR_URL, as
 * tests/run.sh exports them; CALCOM_TEST_APP_BASE to reuse a base
 * directory (the subprocess entry points share their parent's).
 */
declare(strict_types=1);

namespace Calcom\Laravel\Tests;

use Illuminate\Contracts\Console\Kernel as ConsoleKernel;
use Illuminate\Foundation\Application;

require_once 'Illuminate/autoload.php';

spl_autoload_register(static function (string $class): void {
    foreach (['Calcom\\Laravel\\Tests\\' => __DIR__ . '/', 'Calcom\\Laravel\\' => __DIR__ . '/../src/'] as $ns => $dir) {
        if (str_starts_with($class, $ns)) {
            $file = $dir . str_replace('\\', '/', substr($class, strlen($ns))) . '.php';
            if (is_file($file)) {
                require $file;
            }
            return;
        }
    }
});

/** An app's HTTP kernel, with the 'web' group the dashboard route runs in. */
final class HttpKernel extends \Illuminate\Foundation\Http\Kernel
{
    protected $middlewareGroups = ['web' => [\Illuminate\Session\Middleware\StartSession::class]];
}

final class TestApp
{
    /**
     * A base directory for one application: the config files, the
     * package manifest a Composer install would leave, and the writable
     * directories. $calcom is merged over the package's config (the app's
     * own config/calcom.php, as after vendor:publish).
     *
     * @param array<string, mixed> $calcom
     */
    public static function base(array $calcom = []): string
    {
        $base = sys_get_temp_dir() . '/calcom-laravel-' . bin2hex(random_bytes(6));
        foreach (['config', 'bootstrap/cache', 'storage/framework/views', 'storage/logs', 'vendor/composer'] as $d) {
            mkdir("$base/$d", 0777, true);
        }
        $package = json_decode((string) file_get_contents(__DIR__ . '/../composer.json'), true);
        $package['version'] = '0.1.0';
        file_put_contents("$base/vendor/composer/installed.json",
            json_encode(['packages' => [$package]], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES));

        $port = (int) (getenv('CALCOM_TEST_REDIS_PORT') ?: 6379);
        $files = [
            'app' => [
                'name' => 'calcom-test', 'env' => 'testing', 'debug' => true, 'url' => 'http://localhost',
                'timezone' => 'UTC', 'locale' => 'en', 'key' => 'base64:' . base64_encode(random_bytes(32)),
                'cipher' => 'AES-256-CBC',
                'providers' => [
                    \Illuminate\Auth\AuthServiceProvider::class,
                    \Illuminate\Filesystem\FilesystemServiceProvider::class,
                    \Illuminate\Session\SessionServiceProvider::class,
                    \Illuminate\Translation\TranslationServiceProvider::class,
                    \Illuminate\View\ViewServiceProvider::class,
                ],
                'aliases' => [],
            ],
            // What a stock config/database.php has for phpredis; the package
            // takes its connection from here unless CALCOM_REDIS_DSN is set.
            'database' => ['redis' => [
                'client' => 'phpredis',
                'default' => ['host' => '127.0.0.1', 'password' => null, 'port' => $port, 'database' => 0],
            ]],
            'view' => ['paths' => [], 'compiled' => "$base/storage/framework/views"],
            'session' => ['driver' => 'array', 'lifetime' => 120, 'cookie' => 'calcom_test_session', 'path' => '/',
                'domain' => null, 'secure' => false, 'http_only' => true, 'same_site' => 'lax',
                'lottery' => [2, 100], 'expire_on_close' => false, 'encrypt' => false],
            // Signed in by an X-Test-User header (see boot()): the gate has a user to judge.
            'auth' => ['defaults' => ['guard' => 'web'], 'guards' => ['web' => ['driver' => 'test-header']],
                'providers' => []],
            'logging' => ['default' => 'single', 'channels' => ['single' => ['driver' => 'single',
                'path' => "$base/storage/logs/laravel.log"]]],
            'calcom' => array_replace_recursive([
                'api_key' => 'cal_test_laravel_key',
                'redis' => ['prefix' => 'lt' . bin2hex(random_bytes(4)) . ':'],
                'client' => ['base_url' => rtrim((string) getenv('CALCOM_TEST_EMULATOR_URL'), '/') . '/v2'],
                'http' => ['token' => 'dashboard-test-token'],
            ], $calcom),
        ];
        foreach ($files as $name => $values) {
            file_put_contents("$base/config/$name.php", '<?php return ' . var_export($values, true) . ";\n");
        }
        return $base;
    }

    /** Boots the application over $base as the console kernel does. */
    public static function boot(string $base): Application
    {
        $app = new Application($base);
        $app->singleton(\Illuminate\Contracts\Http\Kernel::class, HttpKernel::class);
        $app->singleton(ConsoleKernel::class, \Illuminate\Foundation\Console\Kernel::class);
        $app->singleton(\Illuminate\Contracts\Debug\ExceptionHandler::class,
            \Illuminate\Foundation\Exceptions\Handler::class);
        $app->make(ConsoleKernel::class)->bootstrap();
        $app['auth']->viaRequest('test-header', static function (\Illuminate\Http\Request $request) {
            $name = $request->header('X-Test-User');
            return $name === null ? null : new \Illuminate\Auth\GenericUser(['id' => $name, 'name' => $name]);
        });
        return $app;
    }

    public static function remove(string $base): void
    {
        if (!str_starts_with($base, sys_get_temp_dir() . '/calcom-laravel-')) {
            return;
        }
        $it = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($base, \FilesystemIterator::SKIP_DOTS),
            \RecursiveIteratorIterator::CHILD_FIRST);
        foreach ($it as $f) {
            $f->isDir() ? rmdir($f->getPathname()) : unlink($f->getPathname());
        }
        rmdir($base);
    }
}
