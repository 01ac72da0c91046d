#!/usr/bin/env python3
"""Load driver of bench/load/run.sh (which starts the servers and passes their
addresses): runs the concurrency levels with wrk, the RSS phase with ab and
bench/load/memory.php, checks the results, prints a summary and writes the
JSON report. Not meant to be run by hand."""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

RSS_BOUND_KB = 1024          # growth allowed per FPM child after the warm-up
EMULATOR_LIMIT = 120         # the emulator's default: requests per 60 s per key
HERE = os.path.dirname(os.path.abspath(__file__))


# ----------------------------------------------------------------------------- helpers

def http(url: str, method: str = "GET", body: dict | None = None, timeout: float = 10.0):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return json.loads(resp.read().decode())


class Redis:
    """One connection for INFO samples, so each sample costs the server exactly
    one command and one read (calibrated away anyway)."""

    def __init__(self, port: int):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.buf = b""

    def _line(self) -> bytes:
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("redis closed the connection")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def info(self) -> dict:
        self.sock.sendall(b"INFO stats commandstats\r\n")
        head = self._line()
        if not head.startswith(b"$"):
            raise RuntimeError(f"unexpected INFO reply {head!r}")
        size = int(head[1:])
        while len(self.buf) < size + 2:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("redis closed the connection")
            self.buf += chunk
        text, self.buf = self.buf[:size].decode(), self.buf[size + 2:]
        stats = {}
        commands = {}
        for line in text.splitlines():
            if line.startswith("cmdstat_"):
                name, rest = line[len("cmdstat_"):].split(":", 1)
                fields = dict(kv.split("=", 1) for kv in rest.split(","))
                commands[name] = int(fields["calls"])
            elif ":" in line:
                k, v = line.split(":", 1)
                stats[k] = v
        return {
            "reads": int(stats["total_reads_processed"]),
            "commands_total": int(stats["total_commands_processed"]),
            "commands": commands,
        }


def redis_delta(a: dict, b: dict, overhead: dict) -> dict:
    names = set(a["commands"]) | set(b["commands"])
    by_cmd = {n: b["commands"].get(n, 0) - a["commands"].get(n, 0) for n in names}
    by_cmd.pop("info", None)   # the samples themselves
    by_cmd = {n: v for n, v in sorted(by_cmd.items()) if v}
    return {
        "commands": sum(by_cmd.values()),
        "scripts": by_cmd.get("evalsha", 0) + by_cmd.get("eval", 0),
        "reads": b["reads"] - a["reads"] - overhead["reads"],
        "by_command": by_cmd,
    }


def percentile(sorted_values: list[float], p: float) -> float | None:
    if not sorted_values:
        return None
    k = (len(sorted_values) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


def wrk_duration_ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not m:
        raise ValueError(f"wrk duration {text!r}")
    value, unit = float(m.group(1)), m.group(2)
    return value * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def parse_wrk(out: str) -> dict:
    res: dict = {"latency_ms": {}}
    in_dist = False
    for line in out.splitlines():
        s = line.strip()
        if s.startswith("Latency Distribution"):
            in_dist = True
            continue
        if in_dist:
            m = re.fullmatch(r"(\d+)%\s+(\S+)", s)
            if m:
                res["latency_ms"]["p" + m.group(1)] = round(wrk_duration_ms(m.group(2)), 3)
                continue
            in_dist = False
        m = re.match(r"(\d+) requests in ([\d.]+)(\w+)", s)
        if m:
            res["requests"] = int(m.group(1))
        m = re.match(r"Requests/sec:\s+([\d.]+)", s)
        if m:
            res["requests_per_second"] = float(m.group(1))
        m = re.match(r"Non-2xx or 3xx responses:\s+(\d+)", s)
        if m:
            res["non_2xx_3xx"] = int(m.group(1))
        m = re.match(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", s)
        if m:
            res["socket_errors"] = dict(zip(("connect", "read", "write", "timeout"), map(int, m.groups())))
    res.setdefault("non_2xx_3xx", 0)
    res.setdefault("socket_errors", {"connect": 0, "read": 0, "write": 0, "timeout": 0})
    if "requests" not in res or "requests_per_second" not in res:
        raise RuntimeError("could not parse wrk's output:\n" + out)
    return res


def parse_log(lines: list[str]) -> dict:
    statuses: dict[str, int] = {}
    outcomes: dict[str, int] = {}
    times: list[float] = []
    upstream_429 = 0
    retry_after_missing = 0
    for line in lines:
        parts = line.split()
        if len(parts) < 5:
            continue
        status, rt, outcome, u429, retry_after = parts[:5]
        statuses[status] = statuses.get(status, 0) + 1
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        if status != "499":
            times.append(float(rt) * 1000.0)
        if u429 == "1" or "429" in outcome:
            upstream_429 += 1
        if status == "503" and retry_after == "-":
            retry_after_missing += 1
    times.sort()
    return {
        "requests": sum(statuses.values()),
        "status_counts": dict(sorted(statuses.items())),
        "outcomes": dict(sorted(outcomes.items())),
        "admitted_429": upstream_429,
        "503_without_retry_after": retry_after_missing,
        "latency_ms_nginx": {"p50": percentile(times, 50), "p90": percentile(times, 90), "p99": percentile(times, 99)},
    }


def read_from(path: str, offset: int) -> tuple[list[str], int]:
    with open(path, "rb") as f:
        f.seek(offset)
        data = f.read()
    # Only whole lines; a partial last line waits for the next slice.
    end = data.rfind(b"\n") + 1
    return data[:end].decode(errors="replace").splitlines(), offset + end


# ----------------------------------------------------------------------------- driver

class Driver:
    def __init__(self, a: argparse.Namespace):
        self.a = a
        self.redis = Redis(a.redis_port)
        self.checks: list[dict] = []
        self.load_log = os.path.join(a.tmp, "access-load.log")
        self.mem_log = os.path.join(a.tmp, "access-mem.log")
        for p in (self.load_log, self.mem_log):
            if not os.path.exists(p):
                open(p, "a").close()
        # What one INFO sample costs the counters (reads; the command is excluded by name).
        s1 = self.redis.info()
        s2 = self.redis.info()
        self.redis_overhead = {"reads": s2["reads"] - s1["reads"]}

    def check(self, name: str, ok: bool, detail: str) -> None:
        self.checks.append({"name": name, "ok": bool(ok), "detail": detail})

    def emulator_stats(self) -> dict:
        return http(self.a.emulator + "/__admin/stats")

    def fpm_status(self, base: str) -> dict:
        return http(base + "/__fpm/status?json&full")

    def wait_idle(self, base: str, timeout: float = 30.0, emulator: bool = True) -> None:
        """Until the pool runs nothing but the status request, the deferred work
        after each response (revalidations, metrics flushes) included, and the
        emulator has nothing in flight."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            st = self.fpm_status(base)
            busy = [p for p in st["processes"] if p["state"] not in ("Idle",) and p["request uri"] != "/__fpm/status?json&full"]
            if not busy and (not emulator or self.emulator_stats()["in_flight"] == 0):
                time.sleep(0.2)
                return
            time.sleep(0.1)
        raise RuntimeError(f"{base}: workers still busy after {timeout} s")

    def metrics_snapshot(self) -> dict:
        return http(self.a.load_url + "/__bench/metrics")["snapshot"]

    # --------------------------------------------------------------- load levels

    def run_level(self, concurrency: int, prev_snapshot: dict) -> tuple[dict, dict]:
        a = self.a
        self.wait_idle(a.load_url)
        _, log_off = read_from(self.load_log, 0)
        emu0 = self.emulator_stats()
        r0 = self.redis.info()
        threads = min(2, concurrency)
        cmd = ["wrk", f"-t{threads}", f"-c{concurrency}", f"-d{a.seconds}s", "--latency", "--timeout", "10s",
               "-s", os.path.join(HERE, "mix.lua"), a.load_url, "--", str(a.book_every),
               str(concurrency // threads)]
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=a.seconds + 60)
        if out.returncode != 0:
            raise RuntimeError(f"wrk failed ({out.returncode}): {out.stderr}{out.stdout}")
        w = parse_wrk(out.stdout)
        self.wait_idle(a.load_url)
        r1 = self.redis.info()
        emu1 = self.emulator_stats()
        lines, _ = read_from(self.load_log, log_off)
        log = parse_log(lines)
        snap = self.metrics_snapshot()

        calls = emu1["total"] - emu0["total"]
        by_endpoint = {k: v - emu0["by_endpoint"].get(k, 0) for k, v in emu1["by_endpoint"].items()}
        by_endpoint = {k: v for k, v in sorted(by_endpoint.items()) if v}
        emu_status = {k: v - emu0["status_counts"].get(k, 0) for k, v in emu1["status_counts"].items()}
        emu_status = {k: v for k, v in sorted(emu_status.items()) if v}
        rd = redis_delta(r0, r1, self.redis_overhead)
        n = log["requests"]
        cache = cache_delta(prev_snapshot, snap)
        level = {
            "concurrency": concurrency,
            "threads": threads,
            "seconds": a.seconds,
            "requests": n,
            "throughput_rps": round(w["requests_per_second"], 1),
            "latency_ms": w["latency_ms"],
            "latency_ms_nginx": {k: (round(v, 1) if v is not None else None) for k, v in log["latency_ms_nginx"].items()},
            "status_counts": log["status_counts"],
            "outcomes": log["outcomes"],
            "wrk": {"requests": w["requests"], "non_2xx_3xx": w["non_2xx_3xx"], "socket_errors": w["socket_errors"]},
            "upstream_calls": calls,
            "upstream_calls_by_endpoint": by_endpoint,
            "upstream_calls_per_request": round(calls / n, 5) if n else None,
            "emulator_status_counts": emu_status,
            "emulator_429": emu_status.get("429", 0),
            "admitted_429": log["admitted_429"],
            "redis_round_trips_per_request": round(rd["reads"] / n, 3) if n else None,
            "redis_scripts_per_request": round(rd["scripts"] / n, 3) if n else None,
            "redis_commands_per_request": round(rd["commands"] / n, 3) if n else None,
            "redis_commands_by_name": rd["by_command"],
            "cache": cache,
            "bookings": log["outcomes"].get("booked", 0),
            "refused_by_limiter": log["outcomes"].get("refused_limiter", 0),
            "refused_by_breaker": log["outcomes"].get("refused_breaker", 0),
            "503_without_retry_after": log["503_without_retry_after"],
        }
        return level, snap

    # --------------------------------------------------------------- RSS phase

    def ab(self, n: int, concurrency: int = 8) -> dict:
        url = self.a.mem_url + "/?action=check&rnd=1"
        out = subprocess.run(["ab", "-q", "-k", "-c", str(concurrency), "-n", str(n), url],
                             capture_output=True, text=True, timeout=600)
        if out.returncode != 0:
            raise RuntimeError(f"ab failed ({out.returncode}): {out.stderr}{out.stdout}")
        res = {"requests": n}
        for line in out.stdout.splitlines():
            m = re.match(r"Complete requests:\s+(\d+)", line)
            if m:
                res["complete"] = int(m.group(1))
            m = re.match(r"Non-2xx responses:\s+(\d+)", line)
            if m:
                res["non_2xx"] = int(m.group(1))
            m = re.match(r"Requests per second:\s+([\d.]+)", line)
            if m:
                res["requests_per_second"] = float(m.group(1))
        res.setdefault("non_2xx", 0)
        return res

    def children(self) -> list[dict]:
        st = self.fpm_status(self.a.mem_url)
        out = []
        for p in st["processes"]:
            pid = int(p["pid"])
            vm = {}
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    k, _, v = line.partition(":")
                    if k in ("VmRSS", "RssAnon", "RssFile", "RssShmem", "VmHWM"):
                        vm[k] = int(v.split()[0])
            out.append({"pid": pid, "requests": int(p["requests"]), **{k.lower() + "_kb": v for k, v in vm.items()}})
        return sorted(out, key=lambda c: c["pid"])

    def warm(self, timeout: float = 40.0) -> dict:
        """Client::warm() through the app until every event type is fetched
        (it runs at LOW priority, so it waits while the limiter is drained)."""
        deadline = time.monotonic() + timeout
        tries = 0
        while True:
            tries += 1
            try:
                res = http(self.a.load_url + "/?action=warm", timeout=30)
                self.wait_idle(self.a.load_url)
                res["tries"] = tries
                return res
            except urllib.error.HTTPError as e:
                if e.code != 503 or time.monotonic() > deadline:
                    raise RuntimeError(f"warming the cache failed: {e.code} {e.read()[:300]!r}")
                time.sleep(float(e.headers.get("Retry-After") or 1))

    def start_pressure(self) -> dict:
        """Cold-cache check_availability for random tenants of the long tail
        (same API key, same limiter) from 8 callers who wait out each 503's
        Retry-After, for --pressure-seconds: far more Cal.com demand than
        100/min, sustained past the emulator's 60 s window."""
        _, log_off = read_from(self.load_log, 0)
        state = {"log_off": log_off, "emu0": self.emulator_stats(), "t0": time.monotonic()}
        cmd = ["wrk", "-t1", f"-c{self.a.pressure_connections}", "-d600s", "--latency", "--timeout", "10s",
               "-s", os.path.join(HERE, "pressure.lua"), self.a.load_url, "--", "1000000"]
        state["proc"] = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        return state

    def stop_pressure(self, state: dict) -> dict:
        proc = state["proc"]
        proc.send_signal(2)   # wrk prints its results on SIGINT
        try:
            out, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
        elapsed = time.monotonic() - state["t0"]
        self.wait_idle(self.a.load_url)
        emu1 = self.emulator_stats()
        lines, _ = read_from(self.load_log, state["log_off"])
        log = parse_log(lines)
        try:
            w = parse_wrk(out)
        except RuntimeError:
            w = {"requests": None, "requests_per_second": None, "latency_ms": {}, "error": (err or out)[-500:]}
        e0 = state["emu0"]
        calls = emu1["total"] - e0["total"]
        emu_status = {k: v - e0["status_counts"].get(k, 0) for k, v in emu1["status_counts"].items()}
        emu_status = {k: v for k, v in sorted(emu_status.items()) if v}
        return {
            "connections": self.a.pressure_connections,
            "tenants": 1000000,
            "seconds": round(elapsed, 1),
            "requests": log["requests"],
            "throughput_rps": w.get("requests_per_second"),
            "latency_ms": w.get("latency_ms"),
            "status_counts": log["status_counts"],
            "outcomes": log["outcomes"],
            "upstream_calls": calls,
            "upstream_calls_per_minute": round(calls * 60.0 / elapsed, 1) if elapsed else None,
            "emulator_status_counts": emu_status,
            "emulator_429": emu_status.get("429", 0),
            "admitted_429": log["admitted_429"],
            "503_without_retry_after": log["503_without_retry_after"],
        }

    def ab_timed(self, seconds: int, concurrency: int = 8) -> dict:
        url = self.a.mem_url + "/?action=check&rnd=1"
        out = subprocess.run(["ab", "-q", "-k", "-c", str(concurrency), "-t", str(seconds), "-n", "100000000", url],
                             capture_output=True, text=True, timeout=seconds + 120)
        res = {"seconds": seconds}
        for line in out.stdout.splitlines():
            m = re.match(r"Complete requests:\s+(\d+)", line)
            if m:
                res["requests"] = int(m.group(1))
            m = re.match(r"Requests per second:\s+([\d.]+)", line)
            if m:
                res["requests_per_second"] = float(m.group(1))
        if out.returncode != 0 or "requests" not in res:
            raise RuntimeError(f"ab failed ({out.returncode}): {out.stderr}{out.stdout}")
        return res

    def rss_phase(self) -> tuple[dict, dict | None]:
        """The mem pool's 2 children: RSS after a warm-up, half-way and at the
        end of --rss-requests cache-hot requests; then, while the pressure
        phase saturates the shared limiter, the same hot path for
        --pressure-seconds (its throughput, and one more RSS reading)."""
        total = self.a.rss_requests
        warm = min(5000, max(1, total // 20))
        mid = max(warm, total // 2)
        points = [("warmup", warm), ("mid", mid), ("final", total)]
        done = 0
        snapshots = []
        t0 = time.monotonic()
        _, log_off = read_from(self.mem_log, 0)
        emu0 = self.emulator_stats()
        rps = []
        for label, upto in points:
            if upto > done:
                res = self.ab(upto - done)
                rps.append(res.get("requests_per_second"))
                done = upto
            self.wait_idle(self.a.mem_url, emulator=False)
            snapshots.append({"label": label, "total_requests": done, "children": self.children()})
        elapsed = time.monotonic() - t0
        lines, log_off = read_from(self.mem_log, log_off)
        log = parse_log(lines)
        emu1 = self.emulator_stats()

        pressure = None
        hot_log = None
        if self.a.pressure_seconds > 0:
            print(f"pressure phase: {self.a.pressure_connections} callers of cold tenants on the same API key for "
                  f"{self.a.pressure_seconds} s, the hot path beside them ...", flush=True)
            state = self.start_pressure()
            try:
                hot = self.ab_timed(self.a.pressure_seconds)
            finally:
                pressure = self.stop_pressure(state)
            self.wait_idle(self.a.mem_url, emulator=False)
            lines, _ = read_from(self.mem_log, log_off)
            hot_log = parse_log(lines)
            pressure["hot_path"] = {"requests": hot_log["requests"], "requests_per_second": hot.get("requests_per_second"),
                                    "status_counts": hot_log["status_counts"],
                                    "latency_ms_nginx": hot_log["latency_ms_nginx"],
                                    "requests_per_second_without_pressure": rps[-1] if rps else None}
            snapshots.append({"label": "after_pressure", "total_requests": done + hot_log["requests"],
                              "children": self.children()})

        first, last = snapshots[0]["children"], snapshots[-1]["children"]
        same_pids = [c["pid"] for c in first] == [c["pid"] for c in last]
        per_child = []
        for c in last:
            by_label = {s["label"]: next((x for x in s["children"] if x["pid"] == c["pid"]), None) for s in snapshots}
            rss = {s["label"]: (by_label[s["label"]] or {}).get("vmrss_kb") for s in snapshots}
            warm_rss = rss["warmup"]
            per_child.append({
                "pid": c["pid"],
                "requests_served": c["requests"],
                "rss_kb": rss,
                "rss_anon_kb": {s["label"]: (by_label[s["label"]] or {}).get("rssanon_kb") for s in snapshots},
                "growth_after_warmup_kb": (c["vmrss_kb"] - warm_rss) if warm_rss is not None else None,
            })
        growths = [c["growth_after_warmup_kb"] for c in per_child if c["growth_after_warmup_kb"] is not None]
        max_growth = max(growths) if growths else None
        served = sum(c["requests"] for c in last)
        sent = done + (hot_log["requests"] if hot_log else 0)
        result = {
            "pool": {"pm": "static", "children": len(last)},
            "requests": done,
            "checkpoints": {s["label"]: s["total_requests"] for s in snapshots},
            "seconds": round(elapsed, 1),
            "requests_per_second": [r for r in rps if r is not None],
            "status_counts": log["status_counts"],
            "outcomes": log["outcomes"],
            "upstream_calls": emu1["total"] - emu0["total"],
            "children": per_child,
            "same_pids": same_pids,
            "bound_kb": RSS_BOUND_KB,
            "max_growth_after_warmup_kb": max_growth,
        }
        self.check("rss: the pool's children were not replaced", same_pids and len(last) == 2,
                   f"pids {[c['pid'] for c in first]} -> {[c['pid'] for c in last]}")
        self.check("rss: the children served every request", served >= sent,
                   f"{served} served (status page) for {sent} sent")
        self.check("rss: all answers 200", set(log["status_counts"]) == {"200"} and log["requests"] == done,
                   f"{log['status_counts']} over {log['requests']} logged")
        if hot_log:
            self.check("pressure: the warm default tenant's answers stay 200 (stale days are served)",
                       set(hot_log["status_counts"]) <= {"200", "499"}, f"{hot_log['status_counts']}")
        self.check(f"rss: growth after warm-up <= {RSS_BOUND_KB} kB per child",
                   max_growth is not None and max_growth <= RSS_BOUND_KB,
                   ", ".join(f"pid {c['pid']}: {c['rss_kb']} kB" for c in per_child))
        return result, pressure

    # --------------------------------------------------------------- memory.php

    def memory_per_class(self) -> dict:
        a = self.a
        env = dict(os.environ, BENCH_REDIS_DSN=f"redis://127.0.0.1:{a.redis_port}",
                   BENCH_CALCOM_URL=a.emulator, BENCH_API_KEY="cal_mem_" + os.urandom(8).hex())
        out = subprocess.run(["php", "-d", f"extension={a.ext}", os.path.join(HERE, "memory.php"), "--json"],
                             capture_output=True, text=True, env=env, timeout=120)
        try:
            res = json.loads(out.stdout)
        except json.JSONDecodeError:
            raise RuntimeError(f"memory.php failed ({out.returncode}): {out.stderr}{out.stdout}")
        for c in res["classes"]:
            self.check(f"memory.php: {c['class']} does not grow over iterations", c["ok"], c["detail"])
        if out.returncode != 0 and all(c["ok"] for c in res["classes"]):
            self.check("memory.php exit status", False, f"exit {out.returncode}: {out.stderr.strip()}")
        return res

    # --------------------------------------------------------------- whole run

    def worker_failures(self) -> tuple[list[str], list[str]]:
        """Children the FPM master saw die on a signal; PHP errors logged."""
        crashes, fatals = [], []
        try:
            with open(os.path.join(self.a.tmp, "fpm.log")) as f:
                crashes = [line.strip() for line in f if "exited on signal" in line]
        except OSError:
            pass
        for pool in ("load", "mem"):
            try:
                with open(os.path.join(self.a.tmp, f"php-{pool}.log")) as f:
                    fatals += [line.strip() for line in f if "PHP " in line]
            except OSError:
                pass
        return crashes, fatals

    def peak_calls_60s(self) -> dict:
        """The most Cal.com requests any API key made in a 60 s window (the
        emulator's request log, first request of the window to 60 s later)."""
        reqs = http(self.a.emulator + "/__admin/requests")["requests"]
        by_key: dict[str, list[float]] = {}
        for r in reqs:
            by_key.setdefault(r.get("api_key") or "-", []).append(r["ts"])
        peaks = {}
        for key, ts in by_key.items():
            ts.sort()
            best, j = 0, 0
            for i, t in enumerate(ts):
                while ts[j] <= t - 60.0:
                    j += 1
                best = max(best, i - j + 1)
            peaks[key] = best
        return {"peak_by_key": peaks, "logged": len(reqs)}

    def run(self) -> int:
        a = self.a
        started = time.monotonic()
        print(f"load test: levels {a.concurrency}, {a.seconds} s each; /v2/slots +{a.latency_ms} ms; "
              f"emulator limit {EMULATOR_LIMIT}/min/key; limiter {os.environ.get('BENCH_LIMIT', '100')}/min "
              f"burst {os.environ.get('BENCH_BURST', '10')}; FPM pm=static 4 (load) + 2 (rss)", flush=True)
        emu_start = self.emulator_stats()
        # A deploy warms the cache first (calcom:warm-cache); not part of a level.
        warm = self.warm()
        print(f"cache warmed: {warm['requests']} Cal.com requests, {warm['days']} days", flush=True)
        levels = []
        snap = self.metrics_snapshot()
        for c in [int(x) for x in a.concurrency.split()]:
            level, snap = self.run_level(c, snap)
            levels.append(level)
            print(f"  c={c:<3} {level['throughput_rps']:>8.1f} req/s  p50 {fmt_ms(level['latency_ms'].get('p50'))}"
                  f"  p99 {fmt_ms(level['latency_ms'].get('p99'))}  {level['status_counts']}  "
                  f"calls/req {level['upstream_calls_per_request']}  emu429 {level['emulator_429']}"
                  f"  admitted429 {level['admitted_429']}", flush=True)

        # The RSS phase reads the default tenant's days: warm what the
        # levels' bookings invalidated, then put the long tail on the same key.
        rewarm = self.warm()
        print(f"rss phase: {a.rss_requests} requests through ab -c 8 on 2 children ...", flush=True)
        rss, pressure = self.rss_phase()
        if pressure:
            print(f"  pressure: {pressure['requests']} requests in {pressure['seconds']} s, {pressure['status_counts']}, "
                  f"{pressure['upstream_calls']} Cal.com calls ({pressure['upstream_calls_per_minute']}/min), "
                  f"emu429 {pressure['emulator_429']}, admitted429 {pressure['admitted_429']}", flush=True)
        print("memory per class (memory.php) ...", flush=True)
        per_class = self.memory_per_class()

        emu_end = self.emulator_stats()
        peaks = self.peak_calls_60s()
        app_key = a.api_key[-4:]
        emu_429_total = emu_end["status_counts"].get("429", 0) - emu_start["status_counts"].get("429", 0)
        admitted_total = sum(l["admitted_429"] for l in levels) + sum(
            v for k, v in rss["outcomes"].items() if "429" in k) + (pressure["admitted_429"] if pressure else 0)
        server_errors = {}
        for l in levels:
            for s, n in l["status_counts"].items():
                if s.startswith("5") and s != "503":
                    server_errors[s] = server_errors.get(s, 0) + n
        no_retry_after = sum(l["503_without_retry_after"] for l in levels) + (
            pressure["503_without_retry_after"] if pressure else 0)
        if pressure:
            for s_, n_ in pressure["status_counts"].items():
                if s_.startswith("5") and s_ != "503":
                    server_errors[s_] = server_errors.get(s_, 0) + n_
            self.check("pressure: demand exceeded the budget (the limiter had to refuse)",
                       pressure["outcomes"].get("refused_limiter", 0) + pressure["outcomes"].get("alt_error_0", 0) > 0,
                       f"{pressure['outcomes']}")
        self.check("the emulator sent no 429 (none of its limits exceeded)", emu_429_total == 0,
                   f"{emu_429_total} 429s over the run; emulator status counts {emu_end['status_counts']}")
        self.check("no 429 reached an admitted caller", admitted_total == 0, f"{admitted_total}")
        self.check(f"at most {EMULATOR_LIMIT} Cal.com requests in any 60 s per key",
                   all(v <= EMULATOR_LIMIT for v in peaks["peak_by_key"].values()),
                   f"peak {peaks['peak_by_key']} (app key ...{app_key})")
        # The limiter's own promise: a token bucket admits at most burst + limit
        # in any minute. The emulator times arrivals, a few ms after the tokens
        # were taken, so one more token may fall into its window.
        bound = int(os.environ.get("BENCH_LIMIT", "100")) + int(os.environ.get("BENCH_BURST", "10"))
        app_peak = peaks["peak_by_key"].get(app_key, 0)
        self.check(f"the app's key stayed within the limiter's burst + limit = {bound} per 60 s (+1 for timing)",
                   app_peak <= bound + 1, f"peak {app_peak}")
        self.check("no server errors (5xx other than 503)", not server_errors, f"{server_errors or 'none'}")
        self.check("every 503 carries Retry-After", no_retry_after == 0, f"{no_retry_after} without")
        crashes, fatals = self.worker_failures()
        self.check("no PHP-FPM worker crashed", not crashes, "; ".join(crashes) or "none")
        self.check("no PHP fatal error or warning in the pools' logs", not fatals, "; ".join(fatals[:5]) or "none")
        total_requests = sum(l["requests"] for l in levels)
        self.check("the levels served requests", total_requests > 0 and all(l["requests"] > 0 for l in levels),
                   f"{[l['requests'] for l in levels]}")

        ok = all(c["ok"] for c in self.checks)
        report = {
            "tool": "bench/load/run.sh",
            "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "ok": ok,
            "config": {
                "seconds_per_level": a.seconds,
                "concurrency": [int(x) for x in a.concurrency.split()],
                "slots_latency_ms": a.latency_ms,
                "emulator_rate_limit_per_minute": EMULATOR_LIMIT,
                "limiter": {"limit_per_minute": int(os.environ.get("BENCH_LIMIT", "100")),
                            "burst": int(os.environ.get("BENCH_BURST", "10")),
                            "limiter_wait_s": float(os.environ.get("BENCH_LIMITER_WAIT", "0.5"))},
                "cache": {"fresh_ttl": int(os.environ.get("BENCH_FRESH_TTL", "60")),
                          "stale_ttl": int(os.environ.get("BENCH_STALE_TTL", "900"))},
                "mix": {"event_types": [1001, 1002, 1003], "days": 14, "times": "09:00-17:30 every 30 min",
                        "bookings": f"each wrk connection (a caller) books once every {a.book_every} s"},
                "fpm": {"pm": "static", "load_children": 4, "rss_children": 2},
                "nginx_workers": 1,
                "wrk_threads": 2,
                "redis_counters": "redis_round_trips_per_request = INFO stats total_reads_processed delta "
                                  "(the server reads once per command or pipeline a client sends) / requests, "
                                  "the driver's own INFO samples subtracted; redis_commands_per_request = "
                                  "INFO commandstats calls delta (INFO excluded) / requests, which counts "
                                  "the commands Lua scripts run too; redis_scripts_per_request = EVALSHA+EVAL "
                                  "calls / requests. Deferred work after the response (revalidations, "
                                  "metrics flushes) is included: each level ends when the pool is idle.",
                "latency": "latency_ms: wrk --latency, which corrects for coordinated omission (a slow "
                           "response also stands for the requests a constant-rate sender would have sent "
                           "meanwhile); latency_ms_nginx: nginx $request_time per request, uncorrected, "
                           "millisecond resolution",
                "machine": {"cpus": os.cpu_count(), "load_average_at_start": a.loadavg,
                            "python": platform.python_version()},
            },
            "levels": levels,
            "pressure": pressure,
            "totals": {
                "requests": total_requests,
                "emulator_429": emu_429_total,
                "admitted_429": admitted_total,
                "upstream_calls": emu_end["total"] - emu_start["total"],
                "emulator_status_counts": emu_end["status_counts"],
                "emulator_max_concurrency": emu_end["max_concurrency"],
                "peak_calls_per_60s": peaks["peak_by_key"],
                "app_key_suffix": app_key,
                "refused_by_limiter": sum(l["refused_by_limiter"] for l in levels),
                "bookings": sum(l["bookings"] for l in levels),
                "server_errors": server_errors,
                "worker_crashes": crashes,
                "warm": warm,
                "rewarm_before_rss": rewarm,
                "metrics": summarize_snapshot(self.metrics_snapshot()),
            },
            "memory": {"rss": rss, "per_class": per_class},
            "checks": self.checks,
            "seconds": round(time.monotonic() - started, 1),
        }
        print_summary(report)
        if a.json:
            tmpname = a.json + ".tmp"
            with open(tmpname, "w") as f:
                json.dump(report, f, indent=2, sort_keys=False)
                f.write("\n")
            os.replace(tmpname, a.json)
            print(f"JSON report: {a.json}")
        return 0 if ok else 1


def cache_delta(before: dict, after: dict) -> dict:
    def totals(s: dict) -> tuple[int, int]:
        hits = misses = 0
        for v in (s.get("cache") or {}).values():
            if isinstance(v, dict):
                hits += int(v.get("hits", 0))
                misses += int(v.get("misses", 0))
        return hits, misses
    h0, m0 = totals(before)
    h1, m1 = totals(after)
    hits, misses = h1 - h0, m1 - m0
    return {"hits": hits, "misses": misses,
            "hit_rate": round(hits / (hits + misses), 4) if hits + misses else None}


def summarize_snapshot(s: dict) -> dict:
    return {k: s.get(k) for k in ("requests", "cache", "cache_hit_rate", "errors", "retries", "rate_limit")}


def fmt_ms(v) -> str:
    if v is None:
        return "-"
    return f"{v:.1f}ms" if v < 1000 else f"{v / 1000:.2f}s"


def print_summary(r: dict) -> None:
    print()
    print("wrk p50/p99: coordinated-omission corrected; nginx p99: $request_time as measured")
    print("conc   req/s  wrk p50  wrk p99 ngx p99 requests    200    503 other calls/req redis rt/req cmd/req hit rate emu429 adm429")
    for l in r["levels"]:
        sc = l["status_counts"]
        other = sum(v for k, v in sc.items() if k not in ("200", "503"))
        hr = l["cache"]["hit_rate"]
        print(f"{l['concurrency']:>4} {l['throughput_rps']:>7.1f} {fmt_ms(l['latency_ms'].get('p50')):>8} "
              f"{fmt_ms(l['latency_ms'].get('p99')):>8} {fmt_ms(l['latency_ms_nginx'].get('p99')):>7} "
              f"{l['requests']:>8} {sc.get('200', 0):>6} {sc.get('503', 0):>6} "
              f"{other:>5} {l['upstream_calls_per_request'] or 0:>9.4f} {l['redis_round_trips_per_request'] or 0:>12.2f} "
              f"{l['redis_commands_per_request'] or 0:>7.2f} {('-' if hr is None else f'{hr:.3f}'):>8} "
              f"{l['emulator_429']:>6} {l['admitted_429']:>6}")
    p = r.get("pressure")
    if p:
        h = p.get("hot_path") or {}
        print()
        print(f"pressure: {p['connections']} callers of cold tenants, {p['requests']} requests "
              f"in {p['seconds']} s, {p['status_counts']}, {p['upstream_calls']} Cal.com calls on the key "
              f"({p['upstream_calls_per_minute']}/min), peak per 60 s {r['totals']['peak_calls_per_60s']}, "
              f"emulator 429s {p['emulator_429']}, admitted 429s {p['admitted_429']}")
        print(f"  the warm tenant's hot path beside it: {h.get('requests_per_second')} req/s "
              f"(without pressure {h.get('requests_per_second_without_pressure')}), {h.get('status_counts')}, "
              f"nginx p50/p90/p99 {h.get('latency_ms_nginx')} ms")
    rss = r["memory"]["rss"]
    print()
    print(f"RSS of the 2 FPM children (pm=static), {rss['requests']} requests in {rss['seconds']} s, "
          f"kB at {', '.join(f'{k} {v}' for k, v in rss['checkpoints'].items())} requests:")
    for c in rss["children"]:
        print(f"  pid {c['pid']}: {c['rss_kb']}  growth after warm-up {c['growth_after_warmup_kb']} kB "
              f"(bound {rss['bound_kb']} kB), {c['requests_served']} requests served")
    print()
    print("memory per class (memory_get_usage, bytes): alive after the call, first iteration / later ones; left by the first; growth over the later ones")
    for c in r["memory"]["per_class"]["classes"]:
        print(f"  {c['class']:<18} {c['call']:<44} {c['first_delta']:>7} / {c['steady_delta']:>7} / "
              f"{c['first_residual']:>5}, growth {c['growth']}")
    print()
    for c in r["checks"]:
        print(f"  [{'ok' if c['ok'] else 'FAIL'}] {c['name']}: {c['detail']}")
    print()
    print(f"load: {'passed' if r['ok'] else 'FAILED'} ({r['seconds']} s)")


def main() -> int:
    p = argparse.ArgumentParser()
    for name in ("tmp", "root", "ext", "load-url", "mem-url", "emulator", "api-key", "concurrency"):
        p.add_argument("--" + name, required=True)
    p.add_argument("--redis-port", type=int, required=True)
    p.add_argument("--seconds", type=int, default=10)
    p.add_argument("--rss-requests", type=int, default=100000)
    p.add_argument("--latency-ms", type=int, default=200)
    p.add_argument("--book-every", type=int, default=int(os.environ.get("BENCH_BOOK_EVERY", "60")))
    p.add_argument("--pressure-seconds", type=int, default=65)
    p.add_argument("--pressure-connections", type=int, default=8)
    p.add_argument("--json")
    a = p.parse_args()
    a.loadavg = list(os.getloadavg())
    try:
        return Driver(a).run()
    except Exception as e:  # setup-level failure: say what, exit 2
        print(f"load test could not run: {type(e).__name__}: {e}", file=sys.stderr)
        if a.json:
            with open(a.json, "w") as f:
                json.dump({"tool": "bench/load/run.sh", "ok": False, "error": f"{type(e).__name__}: {e}"}, f)
                f.write("\n")
        return 2


if __name__ == "__main__":
    sys.exit(main())
