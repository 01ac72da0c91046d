<?php

declare(strict_types=1);

namespace Calcom\Laravel\Http\Middleware;

use Closure;
use Illuminate\Contracts\Auth\Access\Gate;
use Illuminate\Contracts\Container\Container;
use Illuminate\Http\Request;
use Symfony\Component\HttpFoundation\Response;

/**
 * Deny by default. A request passes with "Authorization: Bearer <token>"
 * matching config('calcom.http.token') (a Prometheus scraper), or when the
 * app defines the 'viewCalcom' gate and it allows the signed-in user.
 * Anything else gets 401 (no user) or 403 (a user the gate refuses).
 */
final class Authorize
{
    public function __construct(private Container $app)
    {
    }

    public function handle(Request $request, Closure $next): Response
    {
        $token = (string) $this->app['config']->get('calcom.http.token', '');
        $given = $request->bearerToken();
        if ($token !== '' && is_string($given) && hash_equals($token, $given)) {
            return $next($request);
        }
        $user = $request->user();
        if ($this->app->bound(Gate::class)) {
            $gate = $this->app->make(Gate::class);
            if ($gate->has('viewCalcom') && $gate->forUser($user)->allows('viewCalcom')) {
                return $next($request);
            }
        }
        if ($user === null) {
            return new Response("Unauthorized\n", 401, ['WWW-Authenticate' => 'Bearer', 'Content-Type' => 'text/plain']);
        }
        return new Response("Forbidden\n", 403, ['Content-Type' => 'text/plain']);
    }
}
