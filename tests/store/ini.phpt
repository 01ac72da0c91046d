--TEST--
Store: INI defaults apply to new Stores; invalid INI values are refused
--SKIPIF--
<?php if (!extension_loaded('calcom')) die('skip calcom not loaded'); ?>
--INI--
calcom.connect_timeout=0.25
--FILE--
<?php
var_dump(ini_get('calcom.connect_timeout'), ini_get('calcom.read_timeout'), ini_get('calcom.prefix'),
	ini_get('calcom.persistent'), ini_get('calcom.redis_dsn'));
var_dump(ini_set('calcom.connect_timeout', '0'));
var_dump(ini_set('calcom.read_timeout', '-1'));
var_dump(ini_set('calcom.prefix', 'a{b}'));
var_dump(ini_get('calcom.connect_timeout'), ini_get('calcom.read_timeout'), ini_get('calcom.prefix'));
var_dump(ini_set('calcom.prefix', 'tenant:'));
var_dump((new Calcom\Store())->prefix());
?>
--EXPECT--
string(4) "0.25"
string(3) "1.0"
string(7) "calcom:"
string(1) "1"
string(22) "redis://127.0.0.1:6379"
bool(false)
bool(false)
bool(false)
string(4) "0.25"
string(3) "1.0"
string(7) "calcom:"
string(7) "calcom:"
string(7) "tenant:"
