<?php
/*
 * Keeps package.xml (the PECL package description) in step with the tree.
 *
 *   php tools/package-xml.php           rewrite the <contents> section of package.xml
 *                                       from `git ls-files`; nothing else in the file
 *                                       changes, byte for byte
 *   php tools/package-xml.php --check   change nothing; exit 1 when package.xml is out
 *                                       of date or config.m4 and config.w32 build
 *                                       different sources, saying what differs
 *
 * Only files git knows are listed: a new file shows up after `git add`, and
 * the run notes untracked files in the packaged trees. Needs the PHP CLI with
 * ext/dom and git; no network.
 *
 * Exit status: 0 up to date (or rewritten), 1 check failed, 2 could not run.
 */

declare(strict_types=1);

const PACKAGE_NS = 'http://pear.php.net/dtd/package-2.0';

/* Files at the top of the tree that go into the package, with their role. */
const ROOT_FILES = [
	'config.m4' => 'src',
	'config.w32' => 'src',
	'php_calcom.h' => 'src',
	'README.md' => 'doc',
	'LICENSE' => 'doc',
	'CHANGELOG.md' => 'doc',
	'CREDITS' => 'doc',
	'NEWS' => 'doc',
	'UPGRADING.md' => 'doc',
	'SECURITY.md' => 'doc',
];

/* Trees that go into the package whole, minus EXCLUDE. Everything else
 * (.ci/ bench/ laravel/ demo/ tools/ .gitignore composer.json ...) stays out. */
const TREES = ['ext/', 'src/', 'stubs/', 'tests/'];

/* Paths inside TREES that are not shippable. */
const EXCLUDE = [
	'#^tests/packaging/#',                                    // needs the git checkout and tools/
	'#(^|/)(corpus|corpora|crashes|artifacts|findings)(/|$)#', // fuzz corpora and findings
	'#(^|/)(crash|leak|timeout|oom|slow-unit)-[0-9a-f]{8,}$#', // libFuzzer reproducers
	'#\.(o|lo|la|a|so|dep|gcda|gcno|profraw|profdata|pyc)$#',  // build products
	'#(^|/)(__pycache__|build)/#',                            // caches, local build output
	'#(^|/)\.#',                                               // dotfiles: .gitignore, .clang-format, ...
];

/* What run-tests.php leaves beside tests/x/NAME.phpt. */
const PHPT_ARTEFACTS = ['php', 'sh', 'diff', 'exp', 'log', 'out', 'mem'];

function fail(string $msg): never
{
	fwrite(STDERR, "package-xml: $msg\n");
	exit(2);
}

/** @return array{0:int,1:string,2:string} */
function run(array $cmd, string $cwd): array
{
	$proc = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, $cwd);
	if (!is_resource($proc)) {
		fail('cannot run ' . implode(' ', $cmd));
	}
	$out = stream_get_contents($pipes[1]);
	$err = stream_get_contents($pipes[2]);
	fclose($pipes[1]);
	fclose($pipes[2]);
	return [proc_close($proc), $out, $err];
}

/** @return list<string> */
function git_list(string $root, array $args): array
{
	[$rc, $out, $err] = run(array_merge(['git', '-c', 'core.quotepath=off', 'ls-files', '-z'], $args), $root);
	if ($rc !== 0) {
		fail('git ls-files failed (is ' . $root . ' a git checkout?): ' . trim($err));
	}
	return array_values(array_filter(explode("\0", $out), static fn ($p) => $p !== ''));
}

function in_trees(string $path): bool
{
	foreach (TREES as $t) {
		if (str_starts_with($path, $t)) {
			return true;
		}
	}
	return false;
}

/**
 * The packaged files and their roles, sorted by path.
 * @param list<string> $tracked
 * @return array<string,string>
 */
function package_files(array $tracked): array
{
	$set = array_flip($tracked);
	$files = [];
	foreach ($tracked as $path) {
		if (isset(ROOT_FILES[$path])) {
			$files[$path] = ROOT_FILES[$path];
			continue;
		}
		if (!in_trees($path)) {
			continue;
		}
		foreach (EXCLUDE as $re) {
			if (preg_match($re, $path)) {
				continue 2;
			}
		}
		$ext = pathinfo($path, PATHINFO_EXTENSION);
		if (str_starts_with($path, 'tests/') && in_array($ext, PHPT_ARTEFACTS, true)
			&& isset($set[substr($path, 0, -strlen($ext)) . 'phpt'])) {
			continue;
		}
		if (str_starts_with($path, 'tests/')) {
			$files[$path] = 'test';
		} elseif ($ext === 'md' || str_starts_with(basename($path), 'README')) {
			$files[$path] = 'doc';
		} else {
			$files[$path] = 'src';
		}
	}
	ksort($files, SORT_STRING);
	return $files;
}

/** @param array<string,string> $files */
function render_contents(array $files, string $indent, string $unit): string
{
	$x = static fn (string $s) => htmlspecialchars($s, ENT_XML1 | ENT_QUOTES, 'UTF-8');
	$lines = [$indent . '<contents>', $indent . $unit . '<dir name="/">'];
	foreach ($files as $path => $role) {
		$lines[] = $indent . $unit . $unit . '<file name="' . $x($path) . '" role="' . $role . '"/>';
	}
	$lines[] = $indent . $unit . '</dir>';
	$lines[] = $indent . '</contents>';
	return implode("\n", $lines);
}

/**
 * Files and roles as listed in a package.xml (nested <dir>s resolved).
 * @return array<string,string>
 */
function listed_files(string $xml): array
{
	$dom = new DOMDocument();
	if (!@$dom->loadXML($xml, LIBXML_NONET)) {
		return [];
	}
	$xp = new DOMXPath($dom);
	$xp->registerNamespace('p', PACKAGE_NS);
	$files = [];
	foreach ($xp->query('/p:package/p:contents//p:file') as $file) {
		$parts = [$file->getAttribute('name')];
		for ($n = $file->parentNode; $n instanceof DOMElement && $n->localName === 'dir'; $n = $n->parentNode) {
			array_unshift($parts, $n->getAttribute('name'));
		}
		$path = preg_replace('#/+#', '/', ltrim(implode('/', $parts), '/'));
		$files[$path] = $file->getAttribute('role');
	}
	ksort($files, SORT_STRING);
	return $files;
}

/* ---- config.m4 / config.w32 source lists ------------------------------------------ */

/** @return list<string> the .c files config.m4 compiles */
function m4_sources(string $m4): array
{
	$lines = [];
	foreach (preg_split('/\R/', $m4) as $line) {
		if (preg_match('/^\s*#/', $line)) {
			continue;
		}
		$lines[] = preg_replace('/(^|\s)dnl\b.*$/', '', $line);
	}
	$text = preg_replace('~\$\{?\w+\}?/~', '', implode("\n", $lines));
	preg_match_all('~(?<![\w./+-])((?:[\w.+-]+/)*[\w+-][\w.+-]*\.c)(?![\w.])~', $text, $m);
	$out = [];
	foreach ($m[1] as $p) {
		$out[] = preg_replace('#^(\./)+#', '', $p);
	}
	return array_values(array_unique($out));
}

/* JavaScript source with comments blanked out; string literals kept intact. */
function js_strip_comments(string $js): string
{
	$out = '';
	$n = strlen($js);
	for ($i = 0; $i < $n; $i++) {
		$c = $js[$i];
		if ($c === '"' || $c === "'") {
			$j = $i + 1;
			while ($j < $n && $js[$j] !== $c && $js[$j] !== "\n") {
				$j += $js[$j] === '\\' ? 2 : 1;
			}
			$out .= substr($js, $i, $j - $i + 1);
			$i = $j;
		} elseif ($c === '/' && ($js[$i + 1] ?? '') === '/') {
			while ($i < $n && $js[$i] !== "\n") {
				$i++;
			}
			$out .= "\n";
		} elseif ($c === '/' && ($js[$i + 1] ?? '') === '*') {
			$end = strpos($js, '*/', $i + 2);
			$i = $end === false ? $n : $end + 1;
			$out .= ' ';
		} else {
			$out .= $c;
		}
	}
	return $out;
}

/** @return list<string> top-level arguments of the call whose '(' is at $open, raw */
function js_call_args(string $js, int $open): array
{
	$args = [];
	$cur = '';
	$depth = 0;
	$n = strlen($js);
	for ($i = $open + 1; $i < $n; $i++) {
		$c = $js[$i];
		if ($c === '"' || $c === "'") {
			$j = $i + 1;
			while ($j < $n && $js[$j] !== $c) {
				$j += $js[$j] === '\\' ? 2 : 1;
			}
			$cur .= substr($js, $i, $j - $i + 1);
			$i = $j;
			continue;
		}
		if ($c === '(' || $c === '[' || $c === '{') {
			$depth++;
		} elseif ($c === ')' || $c === ']' || $c === '}') {
			if ($depth === 0) {
				$args[] = trim($cur);
				return $args;
			}
			$depth--;
		} elseif ($c === ',' && $depth === 0) {
			$args[] = trim($cur);
			$cur = '';
			continue;
		}
		$cur .= $c;
	}
	return $args;
}

/**
 * The value of a JS expression made only of string literals joined with '+',
 * optionally starting with configure_module_dirname; null when it is anything else.
 */
function js_string_value(string $expr, bool $allow_module_dir): ?string
{
	$value = '';
	$rest = trim($expr);
	if ($allow_module_dir && preg_match('/^configure_module_dirname\s*(\+\s*|$)/', $rest, $m)) {
		$rest = substr($rest, strlen($m[0]));
	}
	while ($rest !== '') {
		if (!preg_match('/^("((?:[^"\\\\]|\\\\.)*)"|\'((?:[^\'\\\\]|\\\\.)*)\')\s*(\+\s*)?/s', $rest, $m)) {
			return null;
		}
		$raw = $m[2] !== '' ? $m[2] : ($m[3] ?? '');
		$value .= preg_replace('/\\\\(.)/s', '$1', $raw);
		$rest = substr($rest, strlen($m[0]));
	}
	return $value;
}

/**
 * @param list<string> $problems filled with what could not be parsed
 * @return list<string> the .c files config.w32 compiles
 */
function w32_sources(string $js, array &$problems): array
{
	$js = js_strip_comments($js);
	$out = [];
	preg_match_all('/\b(EXTENSION|ADD_SOURCES)\s*\(/', $js, $calls, PREG_OFFSET_CAPTURE);
	foreach ($calls[1] as $k => [$fn, $pos]) {
		$args = js_call_args($js, $calls[0][$k][1] + strlen($calls[0][$k][0]) - 1);
		$line = substr_count($js, "\n", 0, $pos) + 1;
		if (count($args) < 2) {
			$problems[] = "config.w32:$line: $fn() with fewer than two arguments";
			continue;
		}
		$dir = $fn === 'EXTENSION' ? '' : js_string_value($args[0], true);
		$list = js_string_value($args[1], false);
		if ($dir === null || $list === null) {
			$problems[] = "config.w32:$line: cannot read the file list of $fn(); use string literals";
			continue;
		}
		$dir = trim(str_replace('\\', '/', $dir), '/');
		foreach (preg_split('/\s+/', trim($list), -1, PREG_SPLIT_NO_EMPTY) as $f) {
			$f = str_replace('\\', '/', $f);
			$out[] = ltrim(($dir === '' ? '' : $dir . '/') . $f, '/');
		}
	}
	return array_values(array_unique($out));
}

/**
 * Compares the build lists. @return list<string> problems (empty when fine)
 * @param array<string,int> $tracked
 */
function check_build_lists(string $root, array $tracked, array &$notes): array
{
	$problems = [];
	$m4 = @file_get_contents("$root/config.m4");
	$w32 = @file_get_contents("$root/config.w32");
	if ($m4 === false) {
		return ['config.m4 is missing'];
	}
	if ($w32 === false) {
		return ['config.w32 is missing'];
	}
	$from_m4 = m4_sources($m4);
	$from_w32 = w32_sources($w32, $problems);
	sort($from_m4, SORT_STRING);
	sort($from_w32, SORT_STRING);
	foreach (array_diff($from_m4, $from_w32) as $f) {
		$problems[] = "in config.m4 but not in config.w32: $f";
	}
	foreach (array_diff($from_w32, $from_m4) as $f) {
		$problems[] = "in config.w32 but not in config.m4: $f";
	}
	foreach ($from_m4 as $f) {
		if (!is_file("$root/$f")) {
			$problems[] = "config.m4 builds $f, which does not exist";
		} elseif (!isset($tracked[$f])) {
			$problems[] = "config.m4 builds $f, which git does not track (git add it, or the PECL package cannot build)";
		}
	}
	$built = array_flip($from_m4);
	foreach (array_keys($tracked) as $f) {
		if (preg_match('#^(ext|src)/.*\.c$#', $f) && !isset($built[$f])) {
			$notes[] = "$f is tracked but config.m4 does not build it";
		}
	}
	return $problems;
}

/* ---- main -------------------------------------------------------------------------- */

$check = false;
foreach (array_slice($argv, 1) as $arg) {
	if ($arg === '--check') {
		$check = true;
	} elseif ($arg === '-h' || $arg === '--help') {
		echo "usage: php tools/package-xml.php [--check]\n";
		exit(0);
	} else {
		fail("unknown argument $arg (usage: php tools/package-xml.php [--check])");
	}
}
if (!extension_loaded('dom')) {
	fail('needs ext/dom (Debian: php8.2-xml)');
}

$root = dirname(__DIR__);
$pkg = "$root/package.xml";
$old = @file_get_contents($pkg);
if ($old === false) {
	fail("cannot read $pkg");
}

$tracked = git_list($root, ['--cached']);
$files = package_files($tracked);
$notes = [];

foreach (git_list($root, ['--deleted']) as $p) {
	if (isset($files[$p])) {
		$notes[] = "$p is tracked but missing from the working tree; `pecl package` will fail";
	}
}
$untracked = array_filter(git_list($root, ['--others', '--exclude-standard']),
	static fn ($p) => isset(ROOT_FILES[$p]) || in_trees($p));
$would = package_files(array_values($untracked));
if ($would) {
	$notes[] = count($would) . ' untracked file(s) will be packaged only once git-added: '
		. implode(' ', array_keys($would));
}

$n = preg_match_all('~^([ \t]*)<contents(?:\s*/>|\b[^>]*>.*?</contents>)~ms', $old, $m, PREG_OFFSET_CAPTURE);
if ($n !== 1) {
	fail("package.xml must contain exactly one <contents> section (found $n)");
}
[$block, $offset] = $m[0][0];
$indent = $m[1][0][0];
$unit = $indent !== '' ? $indent : ' ';
$new = substr($old, 0, $offset) . render_contents($files, $indent, $unit) . substr($old, $offset + strlen($block));

$dom = new DOMDocument();
if (!@$dom->loadXML($new, LIBXML_NONET) || $dom->documentElement->namespaceURI !== PACKAGE_NS
	|| $dom->documentElement->localName !== 'package') {
	fail('the regenerated package.xml is not a well-formed package 2.0 document; not touching it');
}

$problems = check_build_lists($root, array_flip($tracked), $notes);

foreach ($notes as $note) {
	fwrite(STDERR, "note: $note\n");
}

$before = listed_files($old);
$added = array_diff_key($files, $before);
$removed = array_diff_key($before, $files);
$changed = [];
foreach (array_intersect_key($files, $before) as $path => $role) {
	if ($before[$path] !== $role) {
		$changed[$path] = "{$before[$path]} -> $role";
	}
}
$summary = static function () use ($added, $removed, $changed, $files): string {
	$s = sprintf("%d files listed: %d added, %d removed, %d role changes\n",
		count($files), count($added), count($removed), count($changed));
	foreach ($added as $p => $r) {
		$s .= "  + $p ($r)\n";
	}
	foreach ($removed as $p => $r) {
		$s .= "  - $p ($r)\n";
	}
	foreach ($changed as $p => $r) {
		$s .= "  ~ $p ($r)\n";
	}
	if (!$added && !$removed && !$changed) {
		$s .= "  (same files and roles; the <contents> text itself differs)\n";
	}
	return $s;
};

if ($check) {
	$status = 0;
	if ($new !== $old) {
		echo "package.xml is out of date: ", $summary(), "  run: php tools/package-xml.php\n";
		$status = 1;
	} else {
		echo "package.xml is up to date (", count($files), " files)\n";
	}
	if ($problems) {
		echo "config.m4 and config.w32 disagree, or the build list is broken:\n";
		foreach ($problems as $p) {
			echo "  $p\n";
		}
		$status = 1;
	} else {
		echo "config.m4 and config.w32 build the same sources\n";
	}
	exit($status);
}

if ($new === $old) {
	echo "package.xml is up to date (", count($files), " files)\n";
} else {
	$tmp = "$pkg.tmp." . getmypid();
	if (file_put_contents($tmp, $new) !== strlen($new) || !chmod($tmp, fileperms($pkg) & 0777) || !rename($tmp, $pkg)) {
		@unlink($tmp);
		fail("cannot write $pkg");
	}
	echo "package.xml updated: ", $summary();
}
foreach ($problems as $p) {
	fwrite(STDERR, "warning: $p\n");
}
exit(0);
