--TEST--
AlternativeFinder: bad input is a ValueError or TypeError naming the argument or option — duration and event type id <= 0, unknown strategy, malformed or inverted business hours, a non-callable busy, bad workdays, zone, limits, unknown keys — and nothing reaches Cal.com; the edges of the valid ranges are accepted
--SKIPIF--
<?php require __DIR__ . '/../lib/skipif_emulator.inc'; ?>
--CONFLICTS--
emulator
--FILE--
<?php
require __DIR__ . '/finder.inc';
finder_emulator(finder_week());
$prefix = finder_prefix('validation');
$client = finder_client($prefix);
$S = Calcom\AlternativeFinder::class;

echo 'constants: ', json_encode([$S::STRATEGY_SAME_DAY, $S::STRATEGY_NEXT_WORKDAY, $S::STRATEGY_NEXT_WEEK, $S::STRATEGY_NEXT_AVAILABLE]), "\n";

function config_case(Calcom\Client $client, string $label, array $config, string $names): void
{
	try {
		new Calcom\AlternativeFinder($client, $config);
		echo "$label: accepted\n";
	} catch (ValueError | TypeError $e) {
		echo "$label: ", get_class($e), ', names ', $names, ': ', var_export(str_contains($e->getMessage(), $names), true), "\n";
	}
}

function search_case(Calcom\Client $client, string $label, int $duration, int $eventTypeId, string $names): void
{
	try {
		(new Calcom\AlternativeFinder($client))->findAlternatives(berlin('2025-10-01 10:00'), $duration, $eventTypeId);
		echo "$label: accepted\n";
	} catch (ValueError | TypeError $e) {
		echo "$label: ", get_class($e), ', names ', $names, ': ', var_export(str_contains($e->getMessage(), $names), true), "\n";
	}
}

search_case($client, 'duration 0', 0, FINDER_ET60, '$durationMinutes');
search_case($client, 'duration -30', -30, FINDER_ET60, '$durationMinutes');
search_case($client, 'eventTypeId 0', 60, 0, '$eventTypeId');
search_case($client, 'eventTypeId -1', 60, -1, '$eventTypeId');

config_case($client, 'unknown strategy', ['search_strategies' => [$S::STRATEGY_SAME_DAY, 'tomorrow_maybe']], 'search_strategies');
config_case($client, 'business hours 9am', ['business_hours' => ['start' => '9am', 'end' => '18:00']], 'business_hours');
config_case($client, 'business hours end 6pm', ['business_hours' => ['start' => '09:00', 'end' => '6pm']], 'business_hours');
config_case($client, 'business hours end before start', ['business_hours' => ['start' => '18:00', 'end' => '09:00']], 'business_hours');
config_case($client, 'business hours empty', ['business_hours' => ['start' => '09:00', 'end' => '09:00']], 'business_hours');
config_case($client, 'business hours 25:00', ['business_hours' => ['start' => '09:00', 'end' => '25:00']], 'business_hours');
config_case($client, 'business hours 09:60', ['business_hours' => ['start' => '09:60', 'end' => '18:00']], 'business_hours');
config_case($client, 'busy 42', ['busy' => 42], 'busy');
config_case($client, 'busy unknown function', ['busy' => 'calcom_no_such_function'], 'busy');
config_case($client, 'max_alternatives 0', ['max_alternatives' => 0], 'max_alternatives');
config_case($client, 'max_alternatives "2"', ['max_alternatives' => '2'], 'max_alternatives');
config_case($client, 'time_window_hours -1', ['time_window_hours' => -1], 'time_window_hours');
config_case($client, 'workdays []', ['workdays' => []], 'workdays');
config_case($client, 'workdays [8]', ['workdays' => [1, 8]], 'workdays');
config_case($client, 'workdays [0]', ['workdays' => [0]], 'workdays');
config_case($client, 'workdays funday', ['workdays' => ['monday', 'funday']], 'workdays');
config_case($client, 'timezone Mars/Olympus', ['timezone' => 'Mars/Olympus'], 'timezone');
config_case($client, 'search_days -1', ['search_days' => -1], 'search_days');
config_case($client, 'search_days 92', ['search_days' => 92], 'search_days');
config_case($client, 'timeout_ms 0', ['timeout_ms' => 0], 'timeout_ms');
config_case($client, 'unknown key', ['colour' => 'blue'], 'colour');

// The edges that are valid.
config_case($client, 'business hours 00:00–24:00', ['business_hours' => ['start' => '00:00', 'end' => '24:00']], '');
config_case($client, 'search_days 0', ['search_days' => 0], '');
config_case($client, 'search_days 91', ['search_days' => 91], '');
config_case($client, 'time_window_hours 0, max_alternatives 1', ['time_window_hours' => 0, 'max_alternatives' => 1], '');
config_case($client, 'workdays 1 … 7', ['workdays' => [1, 2, 3, 4, 5, 6, 7]], '');
config_case($client, 'workdays names', ['workdays' => ['saturday', 'sunday']], '');
config_case($client, 'busy null', ['busy' => null], '');
config_case($client, 'busy closure', ['busy' => fn () => []], '');
config_case($client, 'busy callable string', ['busy' => 'array_values'], '');
config_case($client, 'strategies reordered', ['search_strategies' => [$S::STRATEGY_NEXT_AVAILABLE, $S::STRATEGY_SAME_DAY]], '');

echo 'requests sent: ', count(emulator_requests()), "\n";
finder_cleanup($prefix);
?>
--EXPECT--
constants: ["same_day_different_time","next_workday_same_time","next_week_same_day","next_available_workday"]
duration 0: ValueError, names $durationMinutes: true
duration -30: ValueError, names $durationMinutes: true
eventTypeId 0: ValueError, names $eventTypeId: true
eventTypeId -1: ValueError, names $eventTypeId: true
unknown strategy: ValueError, names search_strategies: true
business hours 9am: ValueError, names business_hours: true
business hours end 6pm: ValueError, names business_hours: true
business hours end before start: ValueError, names business_hours: true
business hours empty: ValueError, names business_hours: true
business hours 25:00: ValueError, names business_hours: true
business hours 09:60: ValueError, names business_hours: true
busy 42: TypeError, names busy: true
busy unknown function: TypeError, names busy: true
max_alternatives 0: ValueError, names max_alternatives: true
max_alternatives "2": TypeError, names max_alternatives: true
time_window_hours -1: ValueError, names time_window_hours: true
workdays []: ValueError, names workdays: true
workdays [8]: ValueError, names workdays: true
workdays [0]: ValueError, names workdays: true
workdays funday: ValueError, names workdays: true
timezone Mars/Olympus: ValueError, names timezone: true
search_days -1: ValueError, names search_days: true
search_days 92: ValueError, names search_days: true
timeout_ms 0: ValueError, names timeout_ms: true
unknown key: ValueError, names colour: true
business hours 00:00–24:00: accepted
search_days 0: accepted
search_days 91: accepted
time_window_hours 0, max_alternatives 1: accepted
workdays 1 … 7: accepted
workdays names: accepted
busy null: accepted
busy closure: accepted
busy callable string: accepted
strategies reordered: accepted
requests sent: 0
