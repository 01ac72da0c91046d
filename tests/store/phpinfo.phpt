--TEST--
phpinfo(): version, library versions and whether calcom.redis_dsn answers
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../lib/redis.inc';
function section(): string {
	ob_start();
	phpinfo(INFO_MODULES);
	$all = ob_get_clean();
	$start = strpos($all, 'calcom support');
	return substr($all, $start, strpos($all, 'Directive', $start) - $start);
}
ini_set('calcom.redis_dsn', redis_dsn());
$info = section();
var_dump(str_contains($info, 'Version => ' . phpversion('calcom')));
var_dump((bool) preg_match('/hiredis => \d+\.\d+\.\d+/', $info), (bool) preg_match('/libcurl => \d+\.\d+/', $info));
echo preg_replace('/\d{4,5}/', 'PORT', preg_grep('/Redis reachable/', explode("\n", $info))[array_key_first(preg_grep('/Redis reachable/', explode("\n", $info)))]), "\n";

ini_set('calcom.redis_dsn', 'redis://:hunter2@127.0.0.1:' . free_port());
$info = section();
echo preg_replace('/\d{4,5}/', 'PORT', implode('', preg_grep('/Redis reachable/', explode("\n", $info)))), "\n";
var_dump(str_contains($info, 'hunter2'));
ini_set('calcom.redis_dsn', 'nonsense');
echo implode('', preg_grep('/Redis reachable/', explode("\n", section()))), "\n";
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
Redis reachable => yes (127.0.0.1:PORT)
Redis reachable => no: cannot connect to Redis at 127.0.0.1:PORT: Connection refused
bool(false)
Redis reachable => invalid calcom.redis_dsn: DSN must start with redis:// or unix://
