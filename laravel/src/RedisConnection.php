<?php

declare(strict_types=1);

namespace Calcom\Laravel;

use LogicException;

/**
 * The Calcom\Store arguments for config('calcom.redis'): its own DSN when
 * set, otherwise the app's connection of that name in config('database.redis'),
 * so one REDIS_HOST/REDIS_PASSWORD serves both. The password goes in the
 * options, never into the DSN string.
 */
final class RedisConnection
{
    /**
     * @param array<string, mixed> $calcom   config('calcom.redis')
     * @param array<string, mixed> $database config('database.redis')
     * @return array{0: string, 1: array<string, mixed>} the DSN and the Store options
     */
    public static function storeArguments(#[\SensitiveParameter] array $calcom, #[\SensitiveParameter] array $database): array
    {
        $options = [
            'prefix' => (string) ($calcom['prefix'] ?? 'calcom:'),
            'connect_timeout' => (float) ($calcom['connect_timeout'] ?? 1.0),
            'read_timeout' => (float) ($calcom['read_timeout'] ?? 1.0),
            'persistent' => (bool) ($calcom['persistent'] ?? true),
            'on_failure' => (string) ($calcom['on_failure'] ?? 'open'),
        ];
        if (!empty($calcom['dsn'])) {
            return [(string) $calcom['dsn'], $options];
        }

        $name = (string) ($calcom['connection'] ?? 'default');
        $connection = $database[$name] ?? null;
        if (!is_array($connection)) {
            throw new LogicException("calcom: config('database.redis.$name') does not exist; set calcom.redis.connection or CALCOM_REDIS_DSN");
        }
        if (!empty($connection['url'])) {
            $connection = array_merge($connection, self::parseUrl((string) $connection['url']));
        }
        if (($connection['username'] ?? null) !== null && $connection['username'] !== '' && $connection['username'] !== 'default') {
            throw new LogicException("calcom: Redis ACL users are not supported (database.redis.$name.username); use requirepass");
        }
        $scheme = strtolower((string) ($connection['scheme'] ?? 'tcp'));
        if (in_array($scheme, ['tls', 'rediss'], true)) {
            throw new LogicException("calcom: Redis over TLS is not supported by this build (database.redis.$name)");
        }
        if (($connection['password'] ?? null) !== null && $connection['password'] !== '') {
            $options['password'] = (string) $connection['password'];
        }
        $database = (int) ($connection['database'] ?? 0);
        $host = (string) ($connection['host'] ?? '127.0.0.1');
        if ($scheme === 'unix' || str_starts_with($host, '/')) {
            $path = $connection['path'] ?? $host;
            return ["unix://$path" . ($database ? "?db=$database" : ''), $options];
        }
        if (str_contains($host, ':') && !str_starts_with($host, '[')) {
            $host = "[$host]";  // an IPv6 address
        }
        $port = (int) ($connection['port'] ?? 6379);
        return ["redis://$host:$port/$database", $options];
    }

    /** The fields of a REDIS_URL, as Laravel's ConfigurationUrlParser reads them. */
    private static function parseUrl(string $url): array
    {
        $parts = parse_url($url);
        if ($parts === false || !isset($parts['scheme'])) {
            throw new LogicException('calcom: database.redis url is not a URL');
        }
        $fields = ['scheme' => $parts['scheme'] === 'redis' ? 'tcp' : $parts['scheme']];
        foreach (['host', 'port', 'path'] as $k) {
            if (isset($parts[$k])) {
                $fields[$k] = $k === 'path' ? rawurldecode($parts[$k]) : $parts[$k];
            }
        }
        if (isset($parts['user'])) {
            $fields['username'] = rawurldecode($parts['user']);
        }
        if (isset($parts['pass'])) {
            $fields['password'] = rawurldecode($parts['pass']);
        }
        if (isset($fields['path']) && $fields['scheme'] !== 'unix') {
            $db = ltrim($fields['path'], '/');
            unset($fields['path']);
            if ($db !== '') {
                $fields['database'] = (int) $db;
            }
        }
        return $fields;
    }
}
