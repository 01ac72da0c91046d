<?php

declare(strict_types=1);

namespace Calcom\Laravel\Tests {

    use App\Http\Controllers\VoiceAgentController;
    use Calcom\AlternativeFinder;
    use Calcom\CircuitBreaker;
    use Calcom\Laravel\AppointmentAlternativeFinder as Adapter;
    use Calcom\Laravel\CalcomServiceProvider;
    use Calcom\RateLimiter;
    use LogicException;

    /** The app's class names, as config/calcom.php's 'aliases' documents them. */
    final class AliasTest extends TestCase
    {
        protected array $calcomConfig = ['aliases' => [
            'App\Services\CalcomApiRateLimiter' => RateLimiter::class,
            'App\Services\CircuitBreaker' => CircuitBreaker::class,
            'App\Services\AppointmentAlternativeFinder' => Adapter::class,
        ]];

        public function testTheAppsClassNamesResolveToTheNativeInstances(): void
        {
            $limiter = $this->app->make(\App\Services\CalcomApiRateLimiter::class);
            $this->assertSame($this->app->make(RateLimiter::class), $limiter);
            $this->assertFalse(class_exists(\App\Services\CalcomApiRateLimiter::class), 'an extension class gets no class_alias');
            $this->assertSame(150, $limiter->getRemainingRequests(), 'the old method names are there');
            $this->assertTrue($limiter->canMakeRequest());
            $limiter->incrementRequestCount();
            $this->assertSame(149, $limiter->getRemainingRequests(), 'check and count took one token, not two');

            $breaker = $this->app->make(\App\Services\CircuitBreaker::class, ['calcom_api']);
            $this->assertInstanceOf(CircuitBreaker::class, $breaker);
            $this->assertSame('calcom_api', $breaker->getStatus()['service']);
            $this->assertSame('payments', app(\App\Services\CircuitBreaker::class, ['payments'])->getStatus()['service']);

            $finder = $this->app->make(\App\Services\AppointmentAlternativeFinder::class);
            $this->assertInstanceOf(Adapter::class, $finder);
            $this->assertInstanceOf(\App\Services\AppointmentAlternativeFinder::class, $finder, 'the adapter takes the name');
            $this->assertSame($this->app->make(AlternativeFinder::class), $finder->native());
        }

        public function testTypeHintedConstructorsGetTheNativeClasses(): void
        {
            $controller = $this->app->make(VoiceAgentController::class);
            $this->assertSame($this->app->make(RateLimiter::class), $controller->limiter);
            $this->assertSame('calcom_api', $controller->breaker->getStatus()['service']);
            $this->assertInstanceOf(Adapter::class, $controller->finder);
        }

        public function testAnAlreadyLoadedAppClassCannotBeReplaced(): void
        {
            $this->expectException(LogicException::class);
            $this->expectExceptionMessage('App\Services\LoadedBeforeTheProvider is already loaded');
            CalcomServiceProvider::alias($this->app, \App\Services\LoadedBeforeTheProvider::class, Adapter::class);
        }

        public function testAnAliasToANonClassIsRefused(): void
        {
            $this->expectException(LogicException::class);
            $this->expectExceptionMessage('alias target Calcom\NoSuchClass is not a class');
            CalcomServiceProvider::alias($this->app, 'App\Services\Other', 'Calcom\NoSuchClass');
        }
    }
}

namespace App\Services {

    /** An app class some code loaded before the provider ran. */
    final class LoadedBeforeTheProvider
    {
    }
}

namespace App\Http\Controllers {

    use App\Services\AppointmentAlternativeFinder;  // unchanged: the alias makes it the adapter
    use Calcom\CircuitBreaker;                       // was App\Services\CircuitBreaker
    use Calcom\RateLimiter as CalcomApiRateLimiter;  // was App\Services\CalcomApiRateLimiter

    /** The app's controller: only its use lines changed. */
    final class VoiceAgentController
    {
        public function __construct(
            public CalcomApiRateLimiter $limiter,
            public CircuitBreaker $breaker,
            public AppointmentAlternativeFinder $finder,
        ) {
        }
    }
}
