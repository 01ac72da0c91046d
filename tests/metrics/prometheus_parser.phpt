--TEST--
tests/lib/prometheus.inc: the strict Prometheus text-format parser accepts valid expositions (counters in both naming conventions, gauges, untyped, histograms and summaries with labels) and refuses every kind of violation with a line number
--FILE--
<?php
require __DIR__ . '/../lib/prometheus.inc';

function show(array $parsed): void
{
	foreach ($parsed['families'] as $name => $f) {
		echo "$name: {$f['type']}, help ", json_encode($f['help']), ', ', count($f['samples']), " sample(s)\n";
		foreach ($f['samples'] as $s) {
			$labels = [];
			foreach ($s['labels'] as $k => $v) {
				$labels[] = "$k=" . json_encode($v, JSON_UNESCAPED_UNICODE);
			}
			$value = is_nan($s['value']) ? 'NaN' : (is_infinite($s['value']) ? ($s['value'] > 0 ? '+Inf' : '-Inf') : var_export($s['value'], true));
			echo '  ', $s['name'], $labels ? '{' . implode(',', $labels) . '}' : '', " = $value",
				$s['timestamp'] === null ? '' : " @{$s['timestamp']}", "\n";
		}
	}
}

function refuse(string $label, string $text): void
{
	try {
		prometheus_parse($text);
		echo "$label: accepted!\n";
	} catch (RuntimeException $e) {
		$line = $e->getCode();
		if (!str_starts_with($e->getMessage(), "line $line: ")) {
			echo "$label: code $line does not match the message\n";
		}
		echo "$label: ", $e->getMessage(), "\n";
	}
}

echo "-- valid\n";
$text = <<<'TXT'
# A comment, then a blank line.

# HELP calcom_requests_total Requests sent to Cal.com.\nBy endpoint and status; a backslash: \\.
# TYPE calcom_requests_total counter
calcom_requests_total{endpoint="slots",status="200"} 1027
calcom_requests_total{endpoint="slots",status="429",} 3 1759309200000
calcom_requests_total{ endpoint = "bookings_create" , status="201" } 5
# TYPE calcom_retries counter
# HELP calcom_retries Retries (TYPE names the base, samples end in _total).
calcom_retries_total 0
# TYPE calcom_breaker_open gauge
calcom_breaker_open{endpoint="slots"} 0
calcom_breaker_open{endpoint="bookings_create"} 1
   # TYPE calcom_temperature gauge
   calcom_temperature	-1.5e1
# TYPE calcom_deadline_seconds gauge
calcom_deadline_seconds{kind="min"} -Inf
calcom_deadline_seconds{kind="max"} +Inf
calcom_deadline_seconds{kind="none"} NaN
calcom_build_info{version="1.0.0",quote="a \"b\" \\ c\nd",unicode="Erstgespräch"} 1
# HELP calcom_empty_total A counter with no samples yet.
# TYPE calcom_empty_total counter
# HELP calcom_untyped_help Only HELP: untyped.
calcom_untyped_help{} .5
# TYPE calcom_request_duration_seconds histogram
calcom_request_duration_seconds_bucket{endpoint="slots",le="0.005"} 0
calcom_request_duration_seconds_bucket{endpoint="slots",le="0.1"} 4
calcom_request_duration_seconds_bucket{endpoint="slots",le="1"} 9
calcom_request_duration_seconds_bucket{endpoint="slots",le="+Inf"} 10
calcom_request_duration_seconds_sum{endpoint="slots"} 3.25
calcom_request_duration_seconds_count{endpoint="slots"} 10
calcom_request_duration_seconds_bucket{le="0.005",endpoint="bookings_create"} 0
calcom_request_duration_seconds_count{endpoint="bookings_create"} 0
calcom_request_duration_seconds_bucket{endpoint="bookings_create",le="0.1"} 0
calcom_request_duration_seconds_bucket{endpoint="bookings_create",le="1"} 0
calcom_request_duration_seconds_bucket{endpoint="bookings_create",le="+Inf"} 0
calcom_request_duration_seconds_sum{endpoint="bookings_create"} 0
# TYPE calcom_rtt_seconds summary
calcom_rtt_seconds{quantile="0.5"} 0.01
calcom_rtt_seconds{quantile="0.99"} 0.2
calcom_rtt_seconds_sum 1.5
calcom_rtt_seconds_count 100
# TYPE calcom_old_seconds summary
calcom_old_seconds_sum{endpoint="x"} 0
calcom_old_seconds_count{endpoint="x"} 0
# HELP calcom_help_only_empty
calcom_help_only_empty -0 -1

TXT;
$parsed = prometheus_parse($text);
show($parsed);
echo "empty text: ", json_encode(prometheus_parse('')), "\n";
echo "only comments: ", json_encode(prometheus_parse("# just a comment\n\n#\n")), "\n";

echo "-- prometheus_value\n";
foreach ([
	['calcom_requests_total', ['status' => '429', 'endpoint' => 'slots']],
	['calcom_requests_total', ['endpoint' => 'slots', 'status' => 200]],
	['calcom_requests_total', ['endpoint' => 'slots']],
	['calcom_requests_total', []],
	['calcom_retries_total', []],
	['calcom_retries', []],
	['calcom_temperature', []],
	['calcom_untyped_help', []],
	['calcom_deadline_seconds', ['kind' => 'max']],
	['calcom_request_duration_seconds_bucket', ['le' => '+Inf', 'endpoint' => 'slots']],
	['calcom_request_duration_seconds_bucket', ['endpoint' => 'slots', 'le' => 0.1]],
	['calcom_request_duration_seconds_count', ['endpoint' => 'bookings_create']],
	['calcom_rtt_seconds', ['quantile' => '0.99']],
	['nope', []],
] as [$name, $labels]) {
	echo $name, json_encode((object) $labels), ' => ', var_export(prometheus_value($parsed, $name, $labels), true), "\n";
}
try {
	prometheus_value($parsed, 'calcom_temperature', ['a' => []]);
} catch (InvalidArgumentException $e) {
	echo get_class($e), ': ', $e->getMessage(), "\n";
}

echo "-- text and line syntax\n";
refuse('no final newline', "a 1\nb 2");
refuse('CRLF', "a 1\r\nb 2\r\n");
refuse('invalid UTF-8', "a 1\nb{x=\"\xC3\x28\"} 2\n");
refuse('HELP without name', "# HELP\n");
refuse('HELP bad name', "# HELP 0abc text\n");
refuse('HELP bad escape', "# HELP a tab\\there\n");
refuse('HELP lone backslash', "# HELP a ends \\\n");
refuse('TYPE without type', "# TYPE a\n");
refuse('TYPE unknown type', "# TYPE a Counter\n");
refuse('TYPE extra text', "# TYPE a counter extra\n");
refuse('metric name', "0abc 1\n");
refuse('metric name char', "a-b 1\n");
refuse('label name', "a{0x=\"1\"} 1\n");
refuse('label name char', "a{x-y=\"1\"} 1\n");
refuse('reserved label', "a{__name__=\"b\"} 1\n");
refuse('unquoted label value', "a{x=1} 1\n");
refuse('single quotes', "a{x='1'} 1\n");
refuse('label value escape', "a{x=\"tab\\t\"} 1\n");
refuse('unterminated value', "a{x=\"1} 1\n");
refuse('unterminated value backslash', "a{x=\"1\\\n");
refuse('unterminated label set', "a{x=\"1\",\n");
refuse('missing comma', "a{x=\"1\" y=\"2\"} 1\n");
refuse('leading comma', "a{,x=\"1\"} 1\n");
refuse('duplicate label', "a{x=\"1\",y=\"2\",x=\"3\"} 1\n");
refuse('no value', "a{x=\"1\"}\n");
refuse('no value without labels', "a\n");
refuse('value word', "a abc\n");
refuse('value Inf', "a Inf\n");
refuse('value nan', "a nan\n");
refuse('value hex', "a 0x10\n");
refuse('value comma', "a 1,5\n");
refuse('value out of range', "a 1e999\n");
refuse('timestamp float', "a 1 1.5\n");
refuse('timestamp out of range', "a 1 9223372036854775808\n");
refuse('text after timestamp', "a 1 2 3\n");

echo "-- families\n";
refuse('second HELP', "# HELP a x\n# HELP a y\na 1\n");
refuse('second TYPE', "# TYPE a gauge\n# TYPE a gauge\na 1\n");
refuse('TYPE after samples', "a 1\n# TYPE a gauge\n");
refuse('HELP after samples', "# TYPE a gauge\na 1\n# HELP a late\n");
refuse('not contiguous', "# TYPE a gauge\na{x=\"1\"} 1\nb 1\na{x=\"2\"} 2\n");
refuse('TYPE after group ended', "# TYPE a gauge\na 1\nb 1\n# TYPE a gauge\n");
refuse('declared, then interrupted', "# TYPE a gauge\n# TYPE b gauge\na 1\n");
refuse('duplicate series', "a{x=\"1\",y=\"2\"} 1\na{y=\"2\",x=\"1\"} 2\n");
refuse('duplicate unlabelled', "a 1\na 2\n");
refuse('gauge sample named otherwise', "# TYPE a gauge\na_total 1\n");
refuse('name collision', "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 0\nh_sum 0\nh_count 0\n# TYPE h_sum gauge\nh_sum 1\n");
refuse('untyped, then claimed', "h_bucket 1\n# TYPE h histogram\n");

echo "-- counters\n";
refuse('counter named base, sample base', "# TYPE c counter\nc 1\n");
refuse('counter _total, sample _total_total', "# TYPE c_total counter\nc_total_total 1\n");
refuse('counter wrong suffix', "# TYPE c counter\nc_count 1\n");
refuse('both conventions', "# TYPE c counter\nc_total 1\n# TYPE c_total counter\n");
refuse('negative counter', "# TYPE c_total counter\nc_total -1\n");
refuse('NaN counter', "# TYPE c_total counter\nc_total{x=\"y\"} NaN\n");

echo "-- histograms\n";
$h = "# TYPE h histogram\n";
refuse('bucket without le', $h . "h_bucket{x=\"1\"} 0\nh_sum{x=\"1\"} 0\nh_count{x=\"1\"} 0\n");
refuse('le not a float', $h . "h_bucket{le=\"big\"} 0\n");
refuse('le NaN', $h . "h_bucket{le=\"NaN\"} 0\n");
refuse('le not increasing', $h . "h_bucket{le=\"1\"} 0\nh_bucket{le=\"0.5\"} 0\nh_bucket{le=\"+Inf\"} 0\nh_sum 0\nh_count 0\n");
refuse('le repeated', $h . "h_bucket{le=\"1\"} 0\nh_bucket{le=\"1.0\"} 0\nh_bucket{le=\"+Inf\"} 0\nh_sum 0\nh_count 0\n");
refuse('le same text twice', $h . "h_bucket{le=\"1\"} 0\nh_bucket{le=\"1\"} 0\n");
refuse('counts decrease', $h . "h_bucket{a=\"b\",le=\"1\"} 5\nh_bucket{a=\"b\",le=\"2\"} 4\nh_bucket{a=\"b\",le=\"+Inf\"} 5\nh_sum{a=\"b\"} 0\nh_count{a=\"b\"} 5\n");
refuse('negative bucket', $h . "h_bucket{le=\"+Inf\"} -1\nh_sum 0\nh_count 0\n");
refuse('no +Inf bucket', $h . "h_bucket{le=\"1\"} 1\nh_bucket{le=\"2\"} 2\nh_sum 3\nh_count 2\n");
refuse('no _count', $h . "h_bucket{le=\"+Inf\"} 2\nh_sum 3\n");
refuse('_count differs', $h . "h_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 3\nh_count 3\n");
refuse('no _sum', $h . "h_bucket{le=\"+Inf\"} 2\nh_count 2\n");
refuse('other label set without buckets', $h . "h_bucket{x=\"1\",le=\"+Inf\"} 0\nh_sum{x=\"1\"} 0\nh_count{x=\"1\"} 0\nh_sum{x=\"2\"} 0\nh_count{x=\"2\"} 0\n");
refuse('_sum with le', $h . "h_bucket{le=\"+Inf\"} 0\nh_sum{le=\"+Inf\"} 0\nh_count 0\n");
refuse('sample named like the family', $h . "h 1\n");

echo "-- summaries\n";
$s = "# TYPE s summary\n";
refuse('no quantile', $s . "s{x=\"1\"} 1\ns_sum{x=\"1\"} 1\ns_count{x=\"1\"} 1\n");
refuse('quantile out of range', $s . "s{quantile=\"1.5\"} 1\ns_sum 1\ns_count 1\n");
refuse('no _count', $s . "s{quantile=\"0.5\"} 1\ns_sum 1\n");
refuse('_sum with quantile', $s . "s_sum{quantile=\"0.5\"} 1\ns_count 1\n");
?>
--EXPECT--
-- valid
calcom_requests_total: counter, help "Requests sent to Cal.com.\nBy endpoint and status; a backslash: \\.", 3 sample(s)
  calcom_requests_total{endpoint="slots",status="200"} = 1027.0
  calcom_requests_total{endpoint="slots",status="429"} = 3.0 @1759309200000
  calcom_requests_total{endpoint="bookings_create",status="201"} = 5.0
calcom_retries: counter, help "Retries (TYPE names the base, samples end in _total).", 1 sample(s)
  calcom_retries_total = 0.0
calcom_breaker_open: gauge, help null, 2 sample(s)
  calcom_breaker_open{endpoint="slots"} = 0.0
  calcom_breaker_open{endpoint="bookings_create"} = 1.0
calcom_temperature: gauge, help null, 1 sample(s)
  calcom_temperature = -15.0
calcom_deadline_seconds: gauge, help null, 3 sample(s)
  calcom_deadline_seconds{kind="min"} = -Inf
  calcom_deadline_seconds{kind="max"} = +Inf
  calcom_deadline_seconds{kind="none"} = NaN
calcom_build_info: untyped, help null, 1 sample(s)
  calcom_build_info{version="1.0.0",quote="a \"b\" \\ c\nd",unicode="Erstgespräch"} = 1.0
calcom_empty_total: counter, help "A counter with no samples yet.", 0 sample(s)
calcom_untyped_help: untyped, help "Only HELP: untyped.", 1 sample(s)
  calcom_untyped_help = 0.5
calcom_request_duration_seconds: histogram, help null, 12 sample(s)
  calcom_request_duration_seconds_bucket{endpoint="slots",le="0.005"} = 0.0
  calcom_request_duration_seconds_bucket{endpoint="slots",le="0.1"} = 4.0
  calcom_request_duration_seconds_bucket{endpoint="slots",le="1"} = 9.0
  calcom_request_duration_seconds_bucket{endpoint="slots",le="+Inf"} = 10.0
  calcom_request_duration_seconds_sum{endpoint="slots"} = 3.25
  calcom_request_duration_seconds_count{endpoint="slots"} = 10.0
  calcom_request_duration_seconds_bucket{le="0.005",endpoint="bookings_create"} = 0.0
  calcom_request_duration_seconds_count{endpoint="bookings_create"} = 0.0
  calcom_request_duration_seconds_bucket{endpoint="bookings_create",le="0.1"} = 0.0
  calcom_request_duration_seconds_bucket{endpoint="bookings_create",le="1"} = 0.0
  calcom_request_duration_seconds_bucket{endpoint="bookings_create",le="+Inf"} = 0.0
  calcom_request_duration_seconds_sum{endpoint="bookings_create"} = 0.0
calcom_rtt_seconds: summary, help null, 4 sample(s)
  calcom_rtt_seconds{quantile="0.5"} = 0.01
  calcom_rtt_seconds{quantile="0.99"} = 0.2
  calcom_rtt_seconds_sum = 1.5
  calcom_rtt_seconds_count = 100.0
calcom_old_seconds: summary, help null, 2 sample(s)
  calcom_old_seconds_sum{endpoint="x"} = 0.0
  calcom_old_seconds_count{endpoint="x"} = 0.0
calcom_help_only_empty: untyped, help "", 1 sample(s)
  calcom_help_only_empty = -0.0 @-1
empty text: {"families":[]}
only comments: {"families":[]}
-- prometheus_value
calcom_requests_total{"status":"429","endpoint":"slots"} => 3.0
calcom_requests_total{"endpoint":"slots","status":200} => 1027.0
calcom_requests_total{"endpoint":"slots"} => NULL
calcom_requests_total{} => NULL
calcom_retries_total{} => 0.0
calcom_retries{} => NULL
calcom_temperature{} => -15.0
calcom_untyped_help{} => 0.5
calcom_deadline_seconds{"kind":"max"} => INF
calcom_request_duration_seconds_bucket{"le":"+Inf","endpoint":"slots"} => 10.0
calcom_request_duration_seconds_bucket{"endpoint":"slots","le":0.1} => 4.0
calcom_request_duration_seconds_count{"endpoint":"bookings_create"} => 0.0
calcom_rtt_seconds{"quantile":"0.99"} => 0.2
nope{} => NULL
InvalidArgumentException: label a: value must be a string or a number
-- text and line syntax
no final newline: line 2: the text does not end with a newline
CRLF: line 1: carriage return (lines must end with "\n" alone)
invalid UTF-8: line 2: invalid UTF-8
HELP without name: line 1: HELP line without a metric name
HELP bad name: line 1: HELP line: invalid metric name "0abc"
HELP bad escape: line 1: invalid escape \t in HELP text (only \\ and \n)
HELP lone backslash: line 1: HELP text ends with a lone backslash
TYPE without type: line 1: TYPE line for a without a type
TYPE unknown type: line 1: TYPE line for a: unknown type "Counter" (counter, gauge, histogram, summary or untyped)
TYPE extra text: line 1: unexpected text after the type in the TYPE line for a: "extra"
metric name: line 1: invalid metric name "0abc"
metric name char: line 1: invalid character "-" after metric name a
label name: line 1: invalid label name at "0x=\"1\"} 1" in a
label name char: line 1: expected = after label name x of a, found "-"
reserved label: line 1: label name __name__ of a is reserved (names starting with __)
unquoted label value: line 1: label x of a: the value must be in double quotes
single quotes: line 1: label x of a: the value must be in double quotes
label value escape: line 1: invalid escape \t in the value of label x of a (only \\, \" and \n)
unterminated value: line 1: unterminated value of label x of a
unterminated value backslash: line 1: unterminated value of label x of a
unterminated label set: line 1: unterminated label set of a
missing comma: line 1: expected , or } after label x of a, found "y"
leading comma: line 1: invalid label name at ",x=\"1\"} 1" in a
duplicate label: line 1: duplicate label name x in a
no value: line 1: sample a without a value
no value without labels: line 1: sample a without a value
value word: line 1: value of a is not a float: "abc"
value Inf: line 1: value of a is not a float: "Inf"
value nan: line 1: value of a is not a float: "nan"
value hex: line 1: value of a is not a float: "0x10"
value comma: line 1: value of a is not a float: "1,5"
value out of range: line 1: value of a is out of range: 1e999
timestamp float: line 1: timestamp is not an integer: "1.5"
timestamp out of range: line 1: timestamp out of the int64 range: 9223372036854775808
text after timestamp: line 1: unexpected text after the timestamp of a: "3"
-- families
second HELP: line 2: second HELP line for a (the first is on line 1)
second TYPE: line 2: second TYPE line for a (the first is on line 1)
TYPE after samples: line 2: TYPE line for a after its samples (line 1)
HELP after samples: line 3: HELP line for a after its samples (line 2)
not contiguous: line 4: sample a of family a is not in the family's group (lines 1-2): all lines of a family must be contiguous
TYPE after group ended: line 4: TYPE line for a after its group (lines 1-2) ended: all lines of a family must be contiguous
declared, then interrupted: line 3: sample a of family a is not in the family's group (line 1): all lines of a family must be contiguous
duplicate series: line 2: duplicate series a{y="2",x="1"} (first on line 1)
duplicate unlabelled: line 2: duplicate series a (first on line 1)
gauge sample named otherwise: line 2: sample a_total does not belong to family a whose HELP/TYPE lines precede it (line 1): a gauge family a has the samples a
name collision: line 5: TYPE line for h_sum, which is a sample name of family h
untyped, then claimed: line 2: family h would own the sample name h_bucket, which belongs to family h_bucket
-- counters
counter named base, sample base: line 2: sample c does not fit its family: a counter family c has the samples c_total
counter _total, sample _total_total: line 2: sample c_total_total does not belong to family c_total whose HELP/TYPE lines precede it (line 1): a counter family c_total has the samples c_total
counter wrong suffix: line 2: sample c_count does not belong to family c whose HELP/TYPE lines precede it (line 1): a counter family c has the samples c_total
both conventions: line 3: TYPE line for c_total, which is a sample name of family c
negative counter: line 2: counter c_total has the value -1 (must be >= 0)
NaN counter: line 2: counter c_total has the value NaN (must be >= 0)
-- histograms
bucket without le: line 2: histogram bucket h_bucket{x="1"} has no le label
le not a float: line 2: le label of h_bucket{le="big"} is not a float: "big"
le NaN: line 2: histogram bucket h_bucket{le="NaN"}: le is NaN
le not increasing: line 3: histogram buckets of h: le="0.5" does not increase over le="1" (line 2)
le repeated: line 3: histogram buckets of h: le="1.0" does not increase over le="1" (line 2)
le same text twice: line 3: duplicate series h_bucket{le="1"} (first on line 2)
counts decrease: line 3: histogram buckets of h{a="b"}: the count 4 at le="2" is less than 5 at le="1" (bucket counts are cumulative)
negative bucket: line 2: histogram bucket h_bucket{le="+Inf"} has the count -1 (must be >= 0)
no +Inf bucket: line 3: histogram buckets of h do not end with le="+Inf" (the last is le="2")
no _count: line 2: histogram h has no h_count
_count differs: line 5: histogram h: h_count is 3 but the le="+Inf" bucket (line 3) is 2
no _sum: line 2: histogram h has no h_sum
other label set without buckets: line 5: histogram h{x="2"} has h_sum/h_count but no h_bucket samples
_sum with le: line 3: histogram sample h_sum{le="+Inf"} must not have an le label
sample named like the family: line 2: sample h does not fit its family: a histogram family h has the samples h_bucket, h_sum, h_count
-- summaries
no quantile: line 2: summary sample s{x="1"} has no quantile label
quantile out of range: line 2: summary sample s{quantile="1.5"}: quantile must be between 0 and 1
no _count: line 2: summary s has no s_count
_sum with quantile: line 2: summary sample s_sum{quantile="0.5"} must not have a quantile label
