"""Tests of the Cal.com v2 emulator, over real HTTP against a real emulator process.

    cd tests/emulator && /usr/bin/python3 -m unittest -v test_emulator

setUpModule starts calcom_emulator.py on a free port (--port 0 --port-file); every test
resets it through /__admin/reset first, so tests are independent of each other and of
their order. Expected shapes follow the design document, DESIGN.md, "Cal.com v2 facts
the client and the emulator must follow".
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from urllib.parse import urlencode

HERE = os.path.dirname(os.path.abspath(__file__))
EMULATOR = os.path.join(HERE, "calcom_emulator.py")

API_KEY = "cal_test_key_1234"
SLOTS_V = "2024-09-04"
BOOKINGS_V = "2024-08-13"
EVENT_TYPES_V = "2024-06-14"
TAKEN = "User either already has booking at this time or is not available"
ISO_MS_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
RATE_HEADERS = ("x-ratelimit-limit-default", "x-ratelimit-remaining-default", "x-ratelimit-reset-default")

PORT: int | None = None
_PROC: subprocess.Popen | None = None
_TMP: tempfile.TemporaryDirectory | None = None


# ------------------------------------------------------------------------------------
# Process management
# ------------------------------------------------------------------------------------


def start_emulator(directory: str, *extra: str) -> tuple[subprocess.Popen, int, str]:
    """Start an emulator on a free port; (process, port, port file)."""
    stamp = time.monotonic_ns()
    port_file = os.path.join(directory, f"port-{stamp}")
    # stderr goes to a file, not a pipe nobody reads (a full pipe would block the server).
    with open(os.path.join(directory, f"emulator-{stamp}.log"), "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, EMULATOR, "--port", "0", "--port-file", port_file, "--quiet", *extra],
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if os.path.exists(port_file):
            with open(port_file) as handle:
                return proc, int(handle.read()), port_file
        if proc.poll() is not None:
            with open(log.name, errors="replace") as handle:
                raise RuntimeError(f"emulator exited: {handle.read()}")
        time.sleep(0.02)
    proc.kill()
    proc.wait()
    raise RuntimeError("emulator did not write its port file")


def stop_emulator(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> int:
    proc.send_signal(sig)
    try:
        return proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def setUpModule() -> None:
    global PORT, _PROC, _TMP
    _TMP = tempfile.TemporaryDirectory(prefix="calcom-emulator-test-")
    _PROC, PORT, _ = start_emulator(_TMP.name)


def tearDownModule() -> None:
    if _PROC is not None:
        stop_emulator(_PROC)
    if _TMP is not None:
        _TMP.cleanup()


# ------------------------------------------------------------------------------------
# HTTP helpers
# ------------------------------------------------------------------------------------


class Response:
    def __init__(self, status: int, headers: list[tuple[str, str]], raw: bytes, elapsed: float):
        self.status = status
        self.header_list = headers
        self.headers = {name.lower(): value for name, value in headers}
        self.raw = raw
        self.elapsed = elapsed

    @property
    def json(self):
        return json.loads(self.raw)

    def __repr__(self) -> str:
        return f"<Response {self.status} {self.raw[:200]!r}>"


def request(method: str, path: str, body=None, *, key: str | None = API_KEY, version: str | None = None,
            headers: dict | None = None, conn: http.client.HTTPConnection | None = None,
            port: int | None = None, timeout: float = 10) -> Response:
    """One request; `conn` reuses a keep-alive connection, else a fresh one is used."""
    all_headers = dict(headers or {})
    if key is not None:
        all_headers["Authorization"] = f"Bearer {key}"
    if version is not None:
        all_headers["cal-api-version"] = version
    if body is not None and not isinstance(body, (bytes, str)):
        body = json.dumps(body)
        all_headers.setdefault("Content-Type", "application/json")
    own = conn is None
    if own:
        conn = http.client.HTTPConnection("127.0.0.1", port or PORT, timeout=timeout)
    started = time.monotonic()
    try:
        conn.request(method, path, body=body, headers=all_headers)
        resp = conn.getresponse()
        raw = resp.read()
        return Response(resp.status, resp.getheaders(), raw, time.monotonic() - started)
    finally:
        if own:
            conn.close()


def admin(method: str, path: str, body=None, port: int | None = None):
    resp = request(method, path, body, key=None, port=port)
    if resp.status != 200:
        raise AssertionError(f"admin {method} {path} -> {resp.status} {resp.raw!r}")
    return resp.json


def raw_exchange(data: bytes, timeout: float = 5) -> bytes:
    """Send raw bytes, read until the server closes; everything it sent."""
    with socket.create_connection(("127.0.0.1", PORT), timeout=timeout) as sock:
        sock.sendall(data)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)


def raw_request(method: str, path: str, body: bytes = b"", key: str = API_KEY, version: str | None = None) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{PORT}", f"Authorization: Bearer {key}"]
    if version:
        lines.append(f"cal-api-version: {version}")
    if body:
        lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    return "\r\n".join(lines).encode() + b"\r\n\r\n" + body


def compact(value) -> bytes:
    """JSON the way Cal.com (Express res.json) sends it."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def slots_path(**params) -> str:
    return "/v2/slots?" + urlencode(params)


def day_slots(day: str, offset: str, first: int = 9 * 60, last: int = 17 * 60 + 30, step: int = 30,
              key: str = "start") -> list[dict]:
    """[{"start": "<day>T09:00:00.000+02:00"}, ...] for local minutes first..last."""
    return [
        {key: f"{day}T{m // 60:02d}:{m % 60:02d}:00.000{offset}"} for m in range(first, last + 1, step)
    ]


ATTENDEE = {"name": "Max Mustermann", "email": "max@example.com", "timeZone": "Europe/Berlin", "language": "de"}


class EmulatorTestCase(unittest.TestCase):
    maxDiff = None

    def setUp(self) -> None:
        admin("POST", "/__admin/reset")

    def freeze(self, now: str = "2025-09-29T06:00:00Z") -> None:
        admin("POST", "/__admin/clock", {"now": now})

    def get_slots(self, version: str | None = SLOTS_V, **params) -> Response:
        return request("GET", slots_path(**params), version=version)

    def book(self, start: str, event_type: int = 1001, attendee: dict | None = None, **extra) -> Response:
        body = {"start": start, "eventTypeId": event_type, "attendee": attendee or ATTENDEE, **extra}
        return request("POST", "/v2/bookings", body, version=BOOKINGS_V)

    def assert_error(self, resp: Response, status: int, code: str, message: str | None = None,
                     path: str | None = None) -> dict:
        self.assertEqual(resp.status, status, resp.raw)
        self.assertEqual(resp.headers["content-type"], "application/json; charset=utf-8")
        body = resp.json
        self.assertEqual(list(body), ["status", "timestamp", "path", "error"])
        self.assertEqual(body["status"], "error")
        self.assertRegex(body["timestamp"], ISO_MS_Z)
        self.assertEqual(list(body["error"]), ["code", "message"])
        self.assertEqual(body["error"]["code"], code)
        if message is not None:
            self.assertEqual(body["error"]["message"], message)
        if path is not None:
            self.assertEqual(body["path"], path)
        return body


# ------------------------------------------------------------------------------------
# GET /v2/slots and the legacy shape
# ------------------------------------------------------------------------------------


class SlotsTest(EmulatorTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.freeze()  # Monday 2025-09-29 08:00 Berlin: the test dates are in the future

    def test_literal_bytes_with_time_zone(self):
        resp = self.get_slots(eventTypeId=1003, start="2025-10-01T07:00:00Z", end="2025-10-01T07:30:00Z",
                              timeZone="Europe/Berlin")
        self.assertEqual(resp.status, 200)
        self.assertEqual(resp.headers["content-type"], "application/json; charset=utf-8")
        self.assertEqual(int(resp.headers["content-length"]), len(resp.raw))
        self.assertEqual(
            resp.raw,
            b'{"status":"success","data":{"2025-10-01":[{"start":"2025-10-01T09:00:00.000+02:00"},'
            b'{"start":"2025-10-01T09:15:00.000+02:00"},{"start":"2025-10-01T09:30:00.000+02:00"}]}}',
        )

    def test_full_day_with_time_zone(self):
        resp = self.get_slots(eventTypeId=1001, start="2025-10-01", end="2025-10-01", timeZone="Europe/Berlin")
        expected = {"status": "success", "data": {"2025-10-01": day_slots("2025-10-01", "+02:00")}}
        self.assertEqual(resp.raw, compact(expected))
        self.assertEqual(len(expected["data"]["2025-10-01"]), 18)

    def test_without_time_zone_times_are_utc_with_z(self):
        resp = self.get_slots(eventTypeId=1002, start="2025-10-01", end="2025-10-01")
        expected = {"status": "success", "data": {"2025-10-01": day_slots("2025-10-01", "Z", 7 * 60, 15 * 60, 60)}}
        self.assertEqual(resp.raw, compact(expected))
        self.assertEqual(resp.json["data"]["2025-10-01"][0], {"start": "2025-10-01T07:00:00.000Z"})

    def test_etc_utc_and_utc_give_plus_zero_offset_never_z(self):
        for zone in ("Etc/UTC", "UTC"):
            resp = self.get_slots(eventTypeId=1002, start="2025-10-01", end="2025-10-01", timeZone=zone)
            expected = {"status": "success",
                        "data": {"2025-10-01": day_slots("2025-10-01", "+00:00", 7 * 60, 15 * 60, 60)}}
            self.assertEqual(resp.raw, compact(expected), zone)
            self.assertNotIn(b"Z\"", resp.raw)

    def test_days_grouped_by_local_date_of_requested_zone(self):
        # Auckland is UTC+13 in October: Berlin's 13:00 is already the next day there.
        resp = self.get_slots(eventTypeId=1002, start="2025-10-01", end="2025-10-01", timeZone="Pacific/Auckland")
        data = resp.json["data"]
        self.assertEqual(list(data), ["2025-10-01", "2025-10-02"])
        self.assertEqual(data["2025-10-01"], day_slots("2025-10-01", "+13:00", 20 * 60, 23 * 60, 60))
        self.assertEqual(data["2025-10-02"], day_slots("2025-10-02", "+13:00", 0, 4 * 60, 60))

    def test_days_grouped_by_utc_date_without_time_zone(self):
        admin("POST", "/__admin/config", {"schedule": {"timeZone": "America/Los_Angeles"}})
        resp = self.get_slots(eventTypeId=1002, start="2025-10-01", end="2025-10-02T12:00:00Z")
        data = resp.json["data"]
        # 09:00-17:00 PDT starts are 16:00Z..00:00Z (next UTC day): Tuesday's last slot
        # is on Oct 1 in UTC, Wednesday's on Oct 2.
        self.assertEqual(list(data), ["2025-10-01", "2025-10-02"])
        self.assertEqual(data["2025-10-01"], [{"start": "2025-10-01T00:00:00.000Z"}]
                         + day_slots("2025-10-01", "Z", 16 * 60, 23 * 60, 60))
        self.assertEqual(data["2025-10-02"], [{"start": "2025-10-02T00:00:00.000Z"}])

    def test_days_without_slots_are_absent(self):
        # Friday, the weekend, Monday.
        resp = self.get_slots(eventTypeId=1002, start="2025-10-03", end="2025-10-06", timeZone="Europe/Berlin")
        data = resp.json["data"]
        self.assertEqual(list(data), ["2025-10-03", "2025-10-06"])
        self.assertEqual(data["2025-10-03"], day_slots("2025-10-03", "+02:00", 9 * 60, 17 * 60, 60))

    def test_no_slots_gives_empty_data_object(self):
        resp = self.get_slots(eventTypeId=1001, start="2025-10-04", end="2025-10-05", timeZone="Europe/Berlin")
        self.assertEqual(resp.status, 200)
        self.assertEqual(resp.raw, b'{"status":"success","data":{}}')

    def test_bare_dates_mean_utc_midnight_and_utc_end_of_day(self):
        admin("POST", "/__admin/config", {"schedule": {
            "timeZone": "Etc/UTC",
            "weekly": {d: [["00:00", "00:30"], ["23:30", "24:00"]] for d in ("mon", "tue", "wed", "thu", "fri")},
        }})
        resp = self.get_slots(eventTypeId=1003, start="2025-10-01", end="2025-10-01")
        times = [s["start"] for s in resp.json["data"]["2025-10-01"]]
        # 00:00 included (start = 00:00:00 UTC), 23:45 included (end = 23:59:59 UTC),
        # Oct 2 00:00 not.
        self.assertEqual(times, ["2025-10-01T00:00:00.000Z", "2025-10-01T00:15:00.000Z",
                                 "2025-10-01T23:30:00.000Z", "2025-10-01T23:45:00.000Z"])
        self.assertEqual(list(resp.json["data"]), ["2025-10-01"])
        # An explicit end just before 23:45 drops it: slots are selected by start time.
        resp = self.get_slots(eventTypeId=1003, start="2025-10-01", end="2025-10-01T23:44:59Z")
        self.assertEqual(resp.json["data"]["2025-10-01"][-1]["start"], "2025-10-01T23:30:00.000Z")

    def test_bare_start_is_utc_not_local_midnight(self):
        # Berlin 00:00-03:00 windows: 00:00 and 01:00 local on Oct 1 are still Sep 30 in
        # UTC, so a bare start of 2025-10-01 (00:00 UTC = 02:00 Berlin) excludes them.
        admin("POST", "/__admin/config", {"schedule": {"weekly": {"wed": [["00:00", "03:00"]]}}})
        resp = self.get_slots(eventTypeId=1002, start="2025-10-01", end="2025-10-01", timeZone="Europe/Berlin")
        self.assertEqual(resp.json["data"], {"2025-10-01": [{"start": "2025-10-01T02:00:00.000+02:00"}]})

    def test_timestamp_with_offset(self):
        resp = self.get_slots(eventTypeId=1002, start="2025-10-01T15:00:00+02:00", end="2025-10-01T18:00:00+02:00",
                              timeZone="Europe/Berlin")
        self.assertEqual(resp.json["data"], {"2025-10-01": day_slots("2025-10-01", "+02:00", 15 * 60, 17 * 60, 60)})

    def test_dst_week_switches_offset_and_keeps_local_time(self):
        # Europe/Berlin leaves summer time on the last Sunday of October 2025 (the 26th).
        self.freeze("2025-10-19T12:00:00Z")
        resp = self.get_slots(eventTypeId=1002, start="2025-10-20", end="2025-10-31", timeZone="Europe/Berlin")
        data = resp.json["data"]
        self.assertEqual(list(data), ["2025-10-20", "2025-10-21", "2025-10-22", "2025-10-23", "2025-10-24",
                                      "2025-10-27", "2025-10-28", "2025-10-29", "2025-10-30", "2025-10-31"])
        for day, slots in data.items():
            offset = "+02:00" if day <= "2025-10-24" else "+01:00"
            self.assertEqual(slots, day_slots(day, offset, 9 * 60, 17 * 60, 60), day)
        # In UTC the same local 09:00 moves from 07:00Z to 08:00Z.
        utc = self.get_slots(eventTypeId=1002, start="2025-10-20", end="2025-10-31").json["data"]
        self.assertEqual(utc["2025-10-24"][0], {"start": "2025-10-24T07:00:00.000Z"})
        self.assertEqual(utc["2025-10-27"][0], {"start": "2025-10-27T08:00:00.000Z"})
        self.assertEqual(utc["2025-10-27"][-1], {"start": "2025-10-27T16:00:00.000Z"})

    def test_spring_forward_keeps_local_time(self):
        self.freeze("2026-03-20T00:00:00Z")
        data = self.get_slots(eventTypeId=1002, start="2026-03-27", end="2026-03-30",
                              timeZone="Europe/Berlin").json["data"]
        self.assertEqual(data["2026-03-27"][0], {"start": "2026-03-27T09:00:00.000+01:00"})
        self.assertEqual(data["2026-03-30"][0], {"start": "2026-03-30T09:00:00.000+02:00"})

    def test_slots_before_now_are_left_out(self):
        self.freeze("2025-10-01T08:10:00Z")  # 10:10 Berlin
        data = self.get_slots(eventTypeId=1001, start="2025-10-01", end="2025-10-01",
                              timeZone="Europe/Berlin").json["data"]
        self.assertEqual(data["2025-10-01"][0], {"start": "2025-10-01T10:30:00.000+02:00"})
        self.assertEqual(data["2025-10-01"], day_slots("2025-10-01", "+02:00", 10 * 60 + 30))

    def test_duration_overrides_length(self):
        data = self.get_slots(eventTypeId=1001, start="2025-10-01", end="2025-10-01", timeZone="Europe/Berlin",
                              duration=90).json["data"]
        self.assertEqual(data["2025-10-01"], day_slots("2025-10-01", "+02:00", 9 * 60, 16 * 60 + 30, 90))

    def test_range_format(self):
        data = self.get_slots(eventTypeId=1001, start="2025-10-01", end="2025-10-01", timeZone="Europe/Berlin",
                              format="range").json["data"]
        self.assertEqual(data["2025-10-01"][0],
                         {"start": "2025-10-01T09:00:00.000+02:00", "end": "2025-10-01T09:30:00.000+02:00"})
        self.assertEqual(data["2025-10-01"][-1],
                         {"start": "2025-10-01T17:30:00.000+02:00", "end": "2025-10-01T18:00:00.000+02:00"})
        utc = self.get_slots(eventTypeId=1001, start="2025-10-01", end="2025-10-01", format="range").json["data"]
        self.assertEqual(utc["2025-10-01"][0], {"start": "2025-10-01T07:00:00.000Z", "end": "2025-10-01T07:30:00.000Z"})

    def test_interval_and_lunch_break_from_config(self):
        admin("POST", "/__admin/config", {"schedule": {
            "weekly": {"wed": [["09:00", "12:00"], ["13:00", "14:00"]]}, "slotIntervalMinutes": 15}})
        data = self.get_slots(eventTypeId=1001, start="2025-10-01", end="2025-10-01",
                              timeZone="Europe/Berlin").json["data"]
        expected = (day_slots("2025-10-01", "+02:00", 9 * 60, 11 * 60 + 30, 15)
                    + day_slots("2025-10-01", "+02:00", 13 * 60, 13 * 60 + 30, 15))
        self.assertEqual(data["2025-10-01"], expected)

    def test_legacy_endpoint_shape(self):
        resp = request("GET", "/v2/slots/available?" + urlencode({
            "eventTypeId": 1002, "startTime": "2025-10-01T00:00:00Z", "endTime": "2025-10-01T23:59:59Z",
            "timeZone": "Europe/Berlin"}))
        expected = {"status": "success", "data": {"slots": {
            "2025-10-01": day_slots("2025-10-01", "+02:00", 9 * 60, 17 * 60, 60, key="time")}}}
        self.assertEqual(resp.raw, compact(expected))
        utc = request("GET", "/v2/slots/available?" + urlencode({
            "eventTypeId": 1002, "startTime": "2025-10-01", "endTime": "2025-10-01"})).json
        self.assertEqual(utc["data"]["slots"]["2025-10-01"][0], {"time": "2025-10-01T07:00:00.000Z"})
        empty = request("GET", "/v2/slots/available?" + urlencode({
            "eventTypeId": 1002, "startTime": "2025-10-04", "endTime": "2025-10-05"}))
        self.assertEqual(empty.raw, b'{"status":"success","data":{"slots":{}}}')

    def test_missing_or_wrong_version_gets_legacy_shape(self):
        params = dict(eventTypeId=1002, start="2025-10-01", end="2025-10-01", timeZone="Europe/Berlin")
        expected = compact({"status": "success", "data": {"slots": {
            "2025-10-01": day_slots("2025-10-01", "+02:00", 9 * 60, 17 * 60, 60, key="time")}}})
        self.assertEqual(self.get_slots(version=None, **params).raw, expected)
        self.assertEqual(self.get_slots(version=BOOKINGS_V, **params).raw, expected)
        self.assertEqual(self.get_slots(version=SLOTS_V, **params).json["data"]["2025-10-01"][0],
                         {"start": "2025-10-01T09:00:00.000+02:00"})

    def test_validation_errors(self):
        ok = dict(eventTypeId="1001", start="2025-10-01", end="2025-10-02")
        for name in ("eventTypeId", "start", "end"):
            params = {k: v for k, v in ok.items() if k != name}
            body = self.assert_error(self.get_slots(**params), 400, "BadRequestException")
            self.assertIn(name, body["error"]["message"])
            params[name] = "bogus"
            body = self.assert_error(self.get_slots(**params), 400, "BadRequestException")
            self.assertIn(name, body["error"]["message"])
        body = self.assert_error(self.get_slots(eventTypeId=1001, start="2025-10-02", end="2025-10-01"),
                                 400, "BadRequestException")
        self.assertIn("end", body["error"]["message"])
        self.assert_error(self.get_slots(timeZone="Mars/Base", **ok), 400, "BadRequestException")
        self.assert_error(self.get_slots(duration="0", **ok), 400, "BadRequestException")
        path = slots_path(eventTypeId=4242, start="2025-10-01", end="2025-10-02")
        self.assert_error(request("GET", path, version=SLOTS_V), 404, "NotFoundException",
                          "Event type with id=4242 not found", path)

    def test_bookings_remove_overlapping_slots_of_every_event_type(self):
        self.assertEqual(self.book("2025-10-01T07:30:00Z").status, 201)  # 09:30-10:00 Berlin
        short = self.get_slots(eventTypeId=1001, start="2025-10-01", end="2025-10-01",
                               timeZone="Europe/Berlin").json["data"]["2025-10-01"]
        self.assertNotIn({"start": "2025-10-01T09:30:00.000+02:00"}, short)
        self.assertIn({"start": "2025-10-01T09:00:00.000+02:00"}, short)
        self.assertEqual(len(short), 17)
        # The 60-minute type loses 09:00 (09:00-10:00 overlaps 09:30-10:00).
        long = self.get_slots(eventTypeId=1002, start="2025-10-01", end="2025-10-01",
                              timeZone="Europe/Berlin").json["data"]["2025-10-01"]
        self.assertEqual(long[0], {"start": "2025-10-01T10:00:00.000+02:00"})

    def test_rate_limit_headers_on_every_api_response(self):
        resp = self.get_slots(eventTypeId=1001, start="2025-10-01", end="2025-10-01")
        for name in RATE_HEADERS:
            self.assertIn(name, resp.headers)
        self.assertEqual(resp.headers["x-ratelimit-limit-default"], "120")
        self.assertEqual(resp.headers["x-ratelimit-remaining-default"], "119")
        self.assertEqual(resp.headers["x-ratelimit-reset-default"], "60")


# ------------------------------------------------------------------------------------
# Bookings
# ------------------------------------------------------------------------------------


BOOKING_KEYS = ["id", "uid", "title", "description", "hosts", "status", "start", "end", "duration",
                "eventTypeId", "eventType", "attendees", "metadata", "bookingFieldsResponses", "location",
                "absentHost", "createdAt", "updatedAt"]


class BookingsTest(EmulatorTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.freeze()

    def test_create_shape(self):
        resp = self.book("2025-10-01T07:00:00Z", metadata={"call_id": "abc"},
                         attendee={**ATTENDEE, "phoneNumber": "+49 30 1234567"},
                         bookingFieldsResponses={"notes": "Rückruf"})
        self.assertEqual(resp.status, 201, resp.raw)
        self.assertEqual(list(resp.json), ["status", "data"])
        self.assertEqual(resp.json["status"], "success")
        data = resp.json["data"]
        self.assertEqual(list(data), BOOKING_KEYS)
        self.assertIsInstance(data["id"], int)
        self.assertRegex(data["uid"], r"^[A-Za-z0-9]{22}$")
        self.assertEqual(data["title"], "Beratung between Host and Max Mustermann")
        self.assertEqual(data["description"], "")
        self.assertEqual(data["hosts"], [{"id": 1, "name": "Host", "email": "host@example.com",
                                          "username": "host", "timeZone": "Europe/Berlin"}])
        self.assertEqual(data["status"], "accepted")
        self.assertEqual(data["start"], "2025-10-01T07:00:00.000Z")
        self.assertEqual(data["end"], "2025-10-01T07:30:00.000Z")
        self.assertEqual(data["duration"], 30)
        self.assertEqual(data["eventTypeId"], 1001)
        self.assertEqual(data["eventType"], {"id": 1001, "slug": "beratung"})
        self.assertEqual(data["attendees"], [{"name": "Max Mustermann", "email": "max@example.com",
                                              "timeZone": "Europe/Berlin", "phoneNumber": "+49 30 1234567",
                                              "language": "de", "absent": False}])
        self.assertEqual(data["metadata"], {"call_id": "abc"})
        self.assertEqual(data["bookingFieldsResponses"],
                         {"name": "Max Mustermann", "email": "max@example.com", "notes": "Rückruf"})
        self.assertEqual(data["location"], "")
        self.assertIs(data["absentHost"], False)
        self.assertEqual(data["createdAt"], "2025-09-29T06:00:00.000Z")  # the frozen clock
        self.assertRegex(data["updatedAt"], ISO_MS_Z)
        for name in RATE_HEADERS:
            self.assertIn(name, resp.headers)

    def test_ids_increase_and_uids_differ(self):
        first = self.book("2025-10-01T07:00:00Z").json["data"]
        second = self.book("2025-10-01T08:00:00Z", event_type=1002).json["data"]
        self.assertGreater(second["id"], first["id"])
        self.assertNotEqual(first["uid"], second["uid"])
        self.assertEqual(second["duration"], 60)
        self.assertEqual(second["end"], "2025-10-01T09:00:00.000Z")

    def test_length_in_minutes_override(self):
        data = self.book("2025-10-01T07:00:00Z", lengthInMinutes=60).json["data"]
        self.assertEqual((data["duration"], data["end"]), (60, "2025-10-01T08:00:00.000Z"))

    def test_start_with_offset_is_normalised_to_utc(self):
        data = self.book("2025-10-01T09:00:00+02:00").json["data"]
        self.assertEqual(data["start"], "2025-10-01T07:00:00.000Z")

    def test_unavailable_starts_get_the_exact_message(self):
        self.assertEqual(self.book("2025-10-01T07:00:00Z").status, 201)
        cases = {
            "taken": ("2025-10-01T07:00:00Z", 1001),
            "overlapping": ("2025-10-01T07:00:00Z", 1002),
            "saturday": ("2025-10-04T08:00:00Z", 1001),
            "after hours": ("2025-10-01T16:00:00Z", 1001),  # 18:00 Berlin
            "runs past closing": ("2025-10-01T15:30:00Z", 1002),  # 17:30-18:30 Berlin
            "past": ("2025-09-26T08:00:00Z", 1001),
            "off the slot grid": ("2025-10-01T08:10:00Z", 1001),
        }
        for name, (start, event_type) in cases.items():
            with self.subTest(name):
                path = "/v2/bookings"
                self.assert_error(self.book(start, event_type), 400, "BadRequestException", TAKEN, path)
        self.assertEqual(len(admin("GET", "/__admin/bookings")["bookings"]), 1)

    def test_validation_errors_name_the_field(self):
        cases = [
            ({"eventTypeId": 1001, "attendee": ATTENDEE}, "start"),
            ({"start": "tomorrow", "eventTypeId": 1001, "attendee": ATTENDEE}, "start"),
            ({"start": "2025-10-01T07:00:00Z", "attendee": ATTENDEE}, "eventTypeId"),
            ({"start": "2025-10-01T07:00:00Z", "eventTypeId": "1001", "attendee": ATTENDEE}, "eventTypeId"),
            ({"start": "2025-10-01T07:00:00Z", "eventTypeId": 1001}, "attendee"),
            ({"start": "2025-10-01T07:00:00Z", "eventTypeId": 1001, "attendee": {**ATTENDEE, "name": ""}},
             "attendee.name"),
            ({"start": "2025-10-01T07:00:00Z", "eventTypeId": 1001, "attendee": {**ATTENDEE, "email": "nope"}},
             "attendee.email"),
            ({"start": "2025-10-01T07:00:00Z", "eventTypeId": 1001,
              "attendee": {k: v for k, v in ATTENDEE.items() if k != "timeZone"}}, "attendee.timeZone"),
            ({"start": "2025-10-01T07:00:00Z", "eventTypeId": 1001,
              "attendee": {**ATTENDEE, "phoneNumber": "030 1234"}}, "attendee.phoneNumber"),
            ({"start": "2025-10-01T07:00:00Z", "eventTypeId": 1001, "attendee": ATTENDEE, "metadata": []},
             "metadata"),
            ({"start": "2025-10-01T07:00:00Z", "eventTypeId": 1001, "attendee": ATTENDEE, "lengthInMinutes": 0},
             "lengthInMinutes"),
        ]
        for body, field_name in cases:
            with self.subTest(field_name):
                resp = request("POST", "/v2/bookings", body, version=BOOKINGS_V)
                err = self.assert_error(resp, 400, "BadRequestException")
                self.assertIn(field_name, err["error"]["message"])
        bad_json = request("POST", "/v2/bookings", b"{nope", version=BOOKINGS_V,
                           headers={"Content-Type": "application/json"})
        self.assert_error(bad_json, 400, "BadRequestException")
        unknown = self.book("2025-10-01T07:00:00Z", event_type=999)
        self.assert_error(unknown, 404, "NotFoundException", "Event type with id=999 not found")
        self.assertEqual(admin("GET", "/__admin/bookings")["bookings"], [])

    def test_reschedule(self):
        old = self.book("2025-10-01T07:00:00Z", metadata={"k": "v"}).json["data"]
        resp = request("POST", f"/v2/bookings/{old['uid']}/reschedule",
                       {"start": "2025-10-02T08:00:00Z", "reschedulingReason": "Kunde verhindert"},
                       version=BOOKINGS_V)
        self.assertEqual(resp.status, 201, resp.raw)
        new = resp.json["data"]
        self.assertNotEqual(new["uid"], old["uid"])
        self.assertGreater(new["id"], old["id"])
        self.assertEqual(new["rescheduledFromUid"], old["uid"])
        self.assertEqual(new["status"], "accepted")
        self.assertEqual((new["start"], new["end"]), ("2025-10-02T08:00:00.000Z", "2025-10-02T08:30:00.000Z"))
        self.assertEqual(new["attendees"], old["attendees"])
        self.assertEqual(new["metadata"], {"k": "v"})
        self.assertEqual(new["reschedulingReason"], "Kunde verhindert")
        old_now = request("GET", f"/v2/bookings/{old['uid']}", version=BOOKINGS_V).json["data"]
        self.assertEqual(old_now["status"], "cancelled")
        self.assertIs(old_now["rescheduled"], True)
        self.assertEqual(old_now["rescheduledToUid"], new["uid"])
        # The old time is free again.
        self.assertEqual(self.book("2025-10-01T07:00:00Z").status, 201)

    def test_reschedule_may_overlap_its_own_old_slot(self):
        old = self.book("2025-10-01T07:00:00Z", event_type=1002).json["data"]  # 09:00-10:00
        resp = request("POST", f"/v2/bookings/{old['uid']}/reschedule", {"start": "2025-10-01T07:30:00Z"},
                       version=BOOKINGS_V)
        # 60-minute grid: 09:30 is not a slot; 10:00 overlaps nothing; 09:00 (its own) is fine.
        self.assert_error(resp, 400, "BadRequestException", TAKEN)
        resp = request("POST", f"/v2/bookings/{old['uid']}/reschedule", {"start": "2025-10-01T07:00:00Z"},
                       version=BOOKINGS_V)
        self.assertEqual(resp.status, 201, resp.raw)

    def test_reschedule_errors(self):
        a = self.book("2025-10-01T07:00:00Z").json["data"]
        self.book("2025-10-01T08:00:00Z")
        taken = request("POST", f"/v2/bookings/{a['uid']}/reschedule", {"start": "2025-10-01T08:00:00Z"},
                        version=BOOKINGS_V)
        self.assert_error(taken, 400, "BadRequestException", TAKEN)
        path = "/v2/bookings/doesnotexist/reschedule"
        self.assert_error(request("POST", path, {"start": "2025-10-02T08:00:00Z"}, version=BOOKINGS_V),
                          404, "NotFoundException", path=path)
        self.assert_error(request("POST", f"/v2/bookings/{a['uid']}/reschedule", {}, version=BOOKINGS_V),
                          400, "BadRequestException")

    def test_cancel(self):
        booking = self.book("2025-10-01T07:00:00Z").json["data"]
        path = f"/v2/bookings/{booking['uid']}/cancel"
        resp = request("POST", path, {"cancellationReason": "Krank"}, version=BOOKINGS_V)
        self.assertEqual(resp.status, 200, resp.raw)
        data = resp.json["data"]
        self.assertEqual(data["status"], "cancelled")
        self.assertEqual(data["cancellationReason"], "Krank")
        self.assertEqual(data["uid"], booking["uid"])
        self.assert_error(request("POST", path, {}, version=BOOKINGS_V), 400, "BadRequestException")
        self.assert_error(request("POST", "/v2/bookings/nope/cancel", version=BOOKINGS_V), 404, "NotFoundException")
        # Cancelling frees the slot.
        self.assertEqual(self.book("2025-10-01T07:00:00Z").status, 201)

    def test_cancel_without_body(self):
        booking = self.book("2025-10-01T07:00:00Z").json["data"]
        resp = request("POST", f"/v2/bookings/{booking['uid']}/cancel", version=BOOKINGS_V)
        self.assertEqual(resp.status, 200)
        self.assertIsNone(resp.json["data"]["cancellationReason"])

    def test_get(self):
        booking = self.book("2025-10-01T07:00:00Z").json["data"]
        resp = request("GET", f"/v2/bookings/{booking['uid']}", version=BOOKINGS_V)
        self.assertEqual(resp.status, 200)
        self.assertEqual(resp.json, {"status": "success", "data": booking})
        self.assert_error(request("GET", "/v2/bookings/unknown-uid", version=BOOKINGS_V), 404, "NotFoundException",
                          path="/v2/bookings/unknown-uid")

    def test_list_filters_and_pagination(self):
        other = {**ATTENDEE, "email": "erika@example.com", "name": "Erika"}
        b1 = self.book("2025-10-02T07:00:00Z").json["data"]
        b2 = self.book("2025-10-01T07:00:00Z", attendee=other).json["data"]
        b3 = self.book("2025-10-03T07:00:00Z", event_type=1002).json["data"]
        b4 = self.book("2025-10-06T07:00:00Z").json["data"]
        request("POST", f"/v2/bookings/{b4['uid']}/cancel", {}, version=BOOKINGS_V)

        def uids(**params):
            resp = request("GET", "/v2/bookings?" + urlencode(params), version=BOOKINGS_V)
            self.assertEqual(resp.status, 200, resp.raw)
            return [b["uid"] for b in resp.json["data"]]

        self.assertEqual(uids(), [b2["uid"], b1["uid"], b3["uid"], b4["uid"]])  # ordered by start
        self.assertEqual(uids(attendeeEmail="MAX@example.com"), [b1["uid"], b3["uid"], b4["uid"]])
        self.assertEqual(uids(afterStart="2025-10-02T07:00:00Z"), [b1["uid"], b3["uid"], b4["uid"]])
        self.assertEqual(uids(beforeEnd="2025-10-02T07:30:00Z"), [b2["uid"], b1["uid"]])
        self.assertEqual(uids(afterStart="2025-10-02", beforeEnd="2025-10-03"), [b1["uid"], b3["uid"]])
        self.assertEqual(uids(eventTypeId=1002), [b3["uid"]])
        self.assertEqual(uids(status="cancelled"), [b4["uid"]])
        self.assertEqual(uids(status="upcoming"), [b2["uid"], b1["uid"], b3["uid"]])
        self.assertEqual(uids(status="unconfirmed"), [])
        self.freeze("2025-10-02T12:00:00Z")
        self.assertEqual(uids(status="past"), [b2["uid"], b1["uid"]])
        self.assertEqual(uids(status="past,cancelled"), [b2["uid"], b1["uid"], b4["uid"]])
        self.assertEqual(uids(status="upcoming"), [b3["uid"]])
        self.assert_error(request("GET", "/v2/bookings?status=soon", version=BOOKINGS_V), 400, "BadRequestException")

        resp = request("GET", "/v2/bookings?take=2&skip=1", version=BOOKINGS_V).json
        self.assertEqual([b["uid"] for b in resp["data"]], [b1["uid"], b3["uid"]])
        self.assertEqual(resp["pagination"], {
            "totalItems": 4, "remainingItems": 1, "returnedItems": 2, "itemsPerPage": 2, "currentPage": 1,
            "totalPages": 2, "hasNextPage": True, "hasPreviousPage": True})
        resp = request("GET", "/v2/bookings?take=2&skip=2", version=BOOKINGS_V).json
        self.assertEqual(resp["pagination"], {
            "totalItems": 4, "remainingItems": 0, "returnedItems": 2, "itemsPerPage": 2, "currentPage": 2,
            "totalPages": 2, "hasNextPage": False, "hasPreviousPage": True})
        self.assertEqual(list(resp), ["status", "data", "pagination"])


# ------------------------------------------------------------------------------------
# Event types, errors, auth
# ------------------------------------------------------------------------------------


class EventTypesAndErrorsTest(EmulatorTestCase):
    def test_event_types(self):
        resp = request("GET", "/v2/event-types", version=EVENT_TYPES_V)
        self.assertEqual(resp.status, 200)
        data = resp.json["data"]
        self.assertEqual([(e["id"], e["title"], e["slug"], e["lengthInMinutes"]) for e in data], [
            (1001, "Beratung", "beratung", 30), (1002, "Erstgespräch", "erstgespraech", 60),
            (1003, "Kurztermin", "kurztermin", 15)])
        self.assertEqual(list(data[0])[:6], ["id", "title", "slug", "lengthInMinutes", "description", "hidden"])
        self.assertEqual((data[0]["description"], data[0]["hidden"]), ("", False))
        self.assertIn("Erstgespräch".encode(), resp.raw)  # UTF-8, not \u escapes
        one = request("GET", "/v2/event-types/1002", version=EVENT_TYPES_V)
        self.assertEqual(one.json, {"status": "success", "data": data[1]})
        self.assert_error(request("GET", "/v2/event-types/4242", version=EVENT_TYPES_V), 404, "NotFoundException")
        self.assert_error(request("GET", "/v2/event-types/abc", version=EVENT_TYPES_V), 400, "BadRequestException")

    def test_unknown_route(self):
        resp = request("GET", "/v2/nothing/here?x=1&y=2")
        body = self.assert_error(resp, 404, "NotFoundException", "Cannot GET /v2/nothing/here?x=1&y=2",
                                 "/v2/nothing/here?x=1&y=2")
        self.assertEqual(resp.raw, compact(body))
        self.assert_error(request("POST", "/v2/slots", {}), 404, "NotFoundException", "Cannot POST /v2/slots")
        self.assert_error(request("DELETE", "/v2/bookings"), 404, "NotFoundException", "Cannot DELETE /v2/bookings")
        self.assert_error(request("GET", "/"), 404, "NotFoundException", "Cannot GET /")
        for name in RATE_HEADERS:
            self.assertIn(name, resp.headers)

    def test_missing_or_invalid_api_key(self):
        cases = [None, "Basic abc", "Bearer ", "Bearer", "Token xyz"]
        for value in cases:
            with self.subTest(value):
                headers = {} if value is None else {"Authorization": value}
                resp = request("GET", "/v2/event-types?x=1", key=None, headers=headers, version=EVENT_TYPES_V)
                self.assert_error(resp, 401, "UnauthorizedException", "No API key provided", "/v2/event-types?x=1")
                self.assertEqual(resp.headers["x-ratelimit-remaining-default"], "120")
        # 401s count toward nothing: the first authenticated request has the full budget.
        resp = request("GET", "/v2/event-types", version=EVENT_TYPES_V)
        self.assertEqual(resp.headers["x-ratelimit-remaining-default"], "119")
        self.assertEqual(admin("GET", "/__admin/stats")["status_counts"], {"401": 5, "200": 1})

    def test_bearer_scheme_is_case_insensitive(self):
        resp = request("GET", "/v2/event-types", key=None, headers={"authorization": "bearer k-9876"})
        self.assertEqual(resp.status, 200)
        self.assertEqual(admin("GET", "/__admin/requests")["requests"][0]["api_key"], "9876")


# ------------------------------------------------------------------------------------
# Rate limit
# ------------------------------------------------------------------------------------


class RateLimitTest(EmulatorTestCase):
    def test_120_per_window_then_429_and_blocked(self):
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        try:
            for i in range(120):
                resp = request("GET", "/v2/event-types", version=EVENT_TYPES_V, conn=conn)
                self.assertEqual(resp.status, 200)
                self.assertEqual(resp.headers["x-ratelimit-limit-default"], "120")
                self.assertEqual(resp.headers["x-ratelimit-remaining-default"], str(119 - i))
                reset = int(resp.headers["x-ratelimit-reset-default"])
                self.assertTrue(1 <= reset <= 60, reset)  # seconds, not a timestamp
            for _ in range(2):  # the 121st, and still blocked afterwards
                resp = request("GET", "/v2/event-types?n=121", version=EVENT_TYPES_V, conn=conn)
                self.assertEqual(resp.status, 429)
                body = resp.json
                self.assertEqual(list(body), ["status", "timestamp", "path", "error"])
                self.assertEqual(body["status"], "error")
                self.assertEqual(body["path"], "/v2/event-types?n=121")
                self.assertRegex(body["timestamp"], ISO_MS_Z)
                self.assertEqual(body["error"], {"code": "ThrottlerException",
                                                 "message": "ThrottlerException: Too Many Requests"})
                self.assertEqual(resp.headers["x-ratelimit-limit-default"], "120")
                self.assertEqual(resp.headers["x-ratelimit-remaining-default"], "0")
                self.assertTrue(55 <= int(resp.headers["x-ratelimit-reset-default"]) <= 60)
                self.assertNotIn("retry-after", resp.headers)
            # Any endpoint is blocked for that key ...
            self.assertEqual(request("GET", "/v2/slots?eventTypeId=1001&start=2025-10-01&end=2025-10-01",
                                     version=SLOTS_V, conn=conn).status, 429)
        finally:
            conn.close()
        # ... but another key has its own budget, and admin routes are never limited.
        other = request("GET", "/v2/event-types", key="second-key-5678")
        self.assertEqual((other.status, other.headers["x-ratelimit-remaining-default"]), (200, "119"))
        self.assertEqual(admin("GET", "/__admin/health"), {"ok": True})

    def test_block_ends_after_block_seconds(self):
        admin("POST", "/__admin/config", {"rateLimit": {"limit": 3, "windowSeconds": 1, "blockSeconds": 1}})
        self.assertEqual(admin("GET", "/__admin/config")["rateLimit"],
                         {"limit": 3, "windowSeconds": 1, "blockSeconds": 1})
        remaining = [request("GET", "/v2/event-types").headers["x-ratelimit-remaining-default"] for _ in range(3)]
        self.assertEqual(remaining, ["2", "1", "0"])
        blocked = request("GET", "/v2/event-types")
        self.assertEqual(blocked.status, 429)
        self.assertEqual(blocked.headers["x-ratelimit-reset-default"], "1")
        self.assertEqual(blocked.headers["x-ratelimit-limit-default"], "3")
        self.assertEqual(request("GET", "/v2/event-types").status, 429)
        time.sleep(1.15)
        resp = request("GET", "/v2/event-types")
        self.assertEqual(resp.status, 200)
        self.assertEqual(resp.headers["x-ratelimit-remaining-default"], "2")

    def test_limit_can_be_raised_for_bulk_runs(self):
        admin("POST", "/__admin/config", {"rateLimit": {"limit": 100000, "windowSeconds": 60, "blockSeconds": 1}})
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        try:
            statuses = [request("GET", "/v2/event-types", conn=conn).status for _ in range(300)]
            last = request("GET", "/v2/event-types", conn=conn)
        finally:
            conn.close()
        self.assertEqual(statuses, [200] * 300)
        self.assertEqual(last.headers["x-ratelimit-limit-default"], "100000")
        self.assertEqual(last.headers["x-ratelimit-remaining-default"], str(100000 - 301))

    def test_window_resets_without_block(self):
        admin("POST", "/__admin/config", {"rateLimit": {"limit": 3, "windowSeconds": 0.5}})
        self.assertEqual(request("GET", "/v2/event-types").headers["x-ratelimit-remaining-default"], "2")
        self.assertEqual(request("GET", "/v2/event-types").headers["x-ratelimit-remaining-default"], "1")
        time.sleep(0.6)
        self.assertEqual(request("GET", "/v2/event-types").headers["x-ratelimit-remaining-default"], "2")


# ------------------------------------------------------------------------------------
# Fault injection
# ------------------------------------------------------------------------------------


class FaultsTest(EmulatorTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.freeze()

    def fault(self, **rule) -> dict:
        return admin("POST", "/__admin/faults", rule)

    def test_drop_closes_without_a_byte(self):
        self.fault(endpoint="event_types", sequence=["drop"])
        self.assertEqual(raw_exchange(raw_request("GET", "/v2/event-types")), b"")
        self.fault(endpoint="event_types", sequence=["drop"])
        with self.assertRaises((ConnectionError, http.client.BadStatusLine)):
            request("GET", "/v2/event-types")
        self.assertEqual(request("GET", "/v2/event-types").status, 200)  # sequence consumed
        log = admin("GET", "/__admin/requests")["requests"]
        self.assertEqual([(e["status"], e["fault"]) for e in log], [(None, "drop"), (None, "drop"), (200, None)])

    def test_truncate_sends_half_the_announced_body(self):
        self.fault(endpoint="event_types", sequence=["truncate"])
        raw = raw_exchange(raw_request("GET", "/v2/event-types"))
        head, _, body = raw.partition(b"\r\n\r\n")
        self.assertTrue(head.startswith(b"HTTP/1.1 200 "))
        length = int(re.search(rb"(?i)content-length: (\d+)", head).group(1))
        self.assertEqual(len(body), length // 2)
        self.assertLess(len(body), length)
        full = request("GET", "/v2/event-types")  # the sequence is used up
        self.assertEqual((full.status, len(full.raw)), (200, length))
        # http.client notices the short read.
        self.fault(endpoint="event_types", sequence=["truncate"])
        with self.assertRaises(http.client.IncompleteRead):
            request("GET", "/v2/event-types")

    def test_malformed_body(self):
        self.fault(endpoint="slots", sequence=["malformed"])
        resp = request("GET", slots_path(eventTypeId=1001, start="2025-10-01", end="2025-10-01"), version=SLOTS_V)
        self.assertEqual(resp.status, 200)
        self.assertEqual(resp.headers["content-type"], "application/json; charset=utf-8")
        self.assertEqual(int(resp.headers["content-length"]), len(resp.raw))
        with self.assertRaises(ValueError):
            json.loads(resp.raw)

    def test_legacy_action_answers_slots_in_the_old_shape(self):
        self.fault(endpoint="slots", sequence=["legacy"])
        path = slots_path(eventTypeId=1001, start="2025-10-01", end="2025-10-01", timeZone="Europe/Berlin")
        old = request("GET", path, version=SLOTS_V).json
        self.assertEqual(list(old["data"]), ["slots"])
        self.assertEqual(old["data"]["slots"]["2025-10-01"][0], {"time": "2025-10-01T09:00:00.000+02:00"})
        new = request("GET", path, version=SLOTS_V).json  # the sequence is used up
        self.assertEqual(new["data"]["2025-10-01"][0], {"start": "2025-10-01T09:00:00.000+02:00"})

    def test_after_commit_commits_then_answers_the_error(self):
        self.fault(endpoint="bookings_create", sequence=[{"after_commit": 500}])
        resp = self.book("2025-10-01T07:00:00Z")
        self.assertEqual(resp.status, 500)
        bookings = admin("GET", "/__admin/bookings")["bookings"]
        self.assertEqual([(b["start"], b["status"]) for b in bookings], [("2025-10-01T07:00:00.000Z", "accepted")])

    def test_lost_response_commits_the_booking(self):
        self.fault(endpoint="bookings_create", sequence=["lost_response"])
        body = json.dumps({"start": "2025-10-01T07:00:00Z", "eventTypeId": 1001, "attendee": ATTENDEE}).encode()
        self.assertEqual(raw_exchange(raw_request("POST", "/v2/bookings", body, version=BOOKINGS_V)), b"")
        bookings = admin("GET", "/__admin/bookings")["bookings"]
        self.assertEqual([(b["start"], b["status"]) for b in bookings], [("2025-10-01T07:00:00.000Z", "accepted")])
        # A blind retry is refused as a duplicate, as Cal.com does.
        self.assert_error(self.book("2025-10-01T07:00:00Z"), 400, "BadRequestException", TAKEN)
        entry = admin("GET", "/__admin/requests?endpoint=bookings_create")["requests"][0]
        self.assertEqual((entry["status"], entry["fault"]), (None, "lost_response"))
        # http.client sees a closed connection.
        self.fault(endpoint="bookings_create", sequence=["lost_response"])
        with self.assertRaises((ConnectionError, http.client.BadStatusLine)):
            self.book("2025-10-01T08:00:00Z")
        self.assertEqual(len(admin("GET", "/__admin/bookings")["bookings"]), 2)

    def test_status_sequence_consumed_in_order_then_normal(self):
        sequence = [503, 500, 502, 504, 429, 400, "ok", 503]
        self.fault(endpoint="event_types", sequence=sequence)
        codes = {400: "BadRequestException", 429: "ThrottlerException", 500: "InternalServerErrorException",
                 502: "BadGatewayException", 503: "ServiceUnavailableException", 504: "GatewayTimeoutException"}
        seen = []
        for action in sequence:
            resp = request("GET", "/v2/event-types")
            seen.append(resp.status)
            if action == "ok":
                continue
            self.assert_error(resp, action, codes[action], path="/v2/event-types")
            for name in RATE_HEADERS:
                self.assertIn(name, resp.headers)
            self.assertNotIn("retry-after", resp.headers)
            if action == 429:
                self.assertEqual(resp.json["error"]["message"], "ThrottlerException: Too Many Requests")
                self.assertEqual(resp.headers["x-ratelimit-remaining-default"], "0")
        self.assertEqual(seen, [503, 500, 502, 504, 429, 400, 200, 503])
        self.assertEqual([request("GET", "/v2/event-types").status for _ in range(3)], [200, 200, 200])
        rule = admin("GET", "/__admin/faults")["faults"][0]
        self.assertEqual((rule["endpoint"], rule["sequence"], rule["consumed"]), ("event_types", [], 8))
        # Only the targeted endpoint was affected.
        self.assertEqual(request("GET", slots_path(eventTypeId=1001, start="2025-10-01", end="2025-10-01"),
                                 version=SLOTS_V).status, 200)

    def test_429_with_reset_s_sets_the_reset_header(self):
        self.fault(endpoint="event_types", sequence=[429, {"status": 429, "reset_s": 1},
                                                     {"status": 429, "reset_s": 0, "message": "slow down"},
                                                     {"status": 503, "reset_s": 7}])
        plain = request("GET", "/v2/event-types")
        self.assert_error(plain, 429, "ThrottlerException", "ThrottlerException: Too Many Requests")
        # Without reset_s: the seconds left in the key's 60 s window.
        self.assertIn(plain.headers["x-ratelimit-reset-default"], ("59", "60"))
        for reset, message in (("1", "ThrottlerException: Too Many Requests"), ("0", "slow down")):
            resp = request("GET", "/v2/event-types")
            self.assert_error(resp, 429, "ThrottlerException", message)
            self.assertEqual(resp.headers["x-ratelimit-reset-default"], reset)
            self.assertEqual(resp.headers["x-ratelimit-remaining-default"], "0")
            self.assertEqual(resp.headers["x-ratelimit-limit-default"], "120")
            self.assertNotIn("retry-after", resp.headers)
        other = request("GET", "/v2/event-types")
        self.assert_error(other, 503, "ServiceUnavailableException")
        self.assertEqual(other.headers["x-ratelimit-reset-default"], "7")
        ok = request("GET", "/v2/event-types")
        self.assertEqual(ok.status, 200)
        self.assertEqual(ok.headers["x-ratelimit-remaining-default"], "115")  # faulted requests counted
        for bad in ({"status": 429, "reset_s": -1}, {"status": 429, "reset_s": 1.5},
                    {"status": 429, "reset_s": "1"}, {"status": 429, "reset_s": 86401},
                    {"status": "drop"}, {"status": 429, "retry": 1}):
            with self.subTest(bad):
                resp = request("POST", "/__admin/faults", {"endpoint": "slots", "sequence": [bad]}, key=None)
                self.assert_error(resp, 400, "BadRequestException")

    def test_status_with_custom_message(self):
        self.fault(endpoint="bookings_create", sequence=[{"status": 409, "message": "Booking conflict"}])
        self.assert_error(self.book("2025-10-01T07:00:00Z"), 409, "ConflictException", "Booking conflict")
        self.assertEqual(self.book("2025-10-01T07:00:00Z").status, 201)

    def test_latency_applies_to_every_matching_request(self):
        self.fault(endpoint="event_types", latency_ms=300)
        for _ in range(2):
            resp = request("GET", "/v2/event-types")
            self.assertEqual(resp.status, 200)
            self.assertGreaterEqual(resp.elapsed, 0.29)
        fast = request("GET", slots_path(eventTypeId=1001, start="2025-10-01", end="2025-10-01"), version=SLOTS_V)
        self.assertLess(fast.elapsed, 0.25)
        self.assertEqual(admin("GET", "/__admin/requests?endpoint=event_types")["requests"][0]["latency_ms"], 300)

    def test_sleep_action_delays_one_request(self):
        self.fault(endpoint="event_types", sequence=[{"sleep_ms": 300}])
        self.assertGreaterEqual(request("GET", "/v2/event-types").elapsed, 0.29)
        self.assertLess(request("GET", "/v2/event-types").elapsed, 0.25)

    def test_wildcard_rule_and_specific_rule_precedence(self):
        self.fault(endpoint="*", sequence=[503, 503, 503])
        self.fault(endpoint="event_types", sequence=[502])
        self.assertEqual(request("GET", "/v2/event-types").status, 502)
        self.assertEqual(request("GET", "/v2/event-types").status, 200)  # its own rule is used up
        self.assertEqual(request("GET", "/v2/bookings").status, 503)
        self.assertEqual(request("GET", "/v2/bookings/x").status, 503)
        self.assertEqual(request("GET", "/v2/bookings").status, 503)
        self.assertEqual(request("GET", "/v2/bookings").status, 200)

    def test_storm(self):
        admin("POST", "/__admin/storm", {"seconds": 1})
        for path in ("/v2/event-types", "/v2/bookings"):
            resp = request("GET", path)
            self.assertEqual(resp.status, 429)
            self.assertEqual(resp.json["error"], {"code": "ThrottlerException",
                                                  "message": "ThrottlerException: Too Many Requests"})
            self.assertEqual(resp.headers["x-ratelimit-limit-default"], "120")
            self.assertEqual(resp.headers["x-ratelimit-remaining-default"], "0")
            self.assertEqual(resp.headers["x-ratelimit-reset-default"], "1")
            self.assertNotIn("retry-after", resp.headers)
        self.assertEqual(admin("GET", "/__admin/health"), {"ok": True})
        time.sleep(1.05)
        resp = request("GET", "/v2/event-types")
        self.assertEqual(resp.status, 200)
        self.assertEqual(resp.headers["x-ratelimit-remaining-default"], "119")  # the storm cost nothing
        self.assertEqual([e["fault"] for e in admin("GET", "/__admin/requests")["requests"]], ["storm", "storm", None])

    def test_handler_exception_is_a_500_and_server_survives(self):
        self.fault(endpoint="event_types", sequence=["raise"])
        self.assert_error(request("GET", "/v2/event-types"), 500, "InternalServerErrorException",
                          "Internal server error")
        self.assertEqual(request("GET", "/v2/event-types").status, 200)

    def test_list_clear_and_validate_rules(self):
        self.fault(endpoint="slots", latency_ms=50, sequence=[500, "ok", {"sleep_ms": 10}])
        listing = admin("GET", "/__admin/faults")
        self.assertEqual(listing["faults"], [{"endpoint": "slots", "latency_ms": 50,
                                              "sequence": [500, "ok", {"sleep_ms": 10}], "consumed": 0}])
        admin("DELETE", "/__admin/faults")
        self.assertEqual(admin("GET", "/__admin/faults")["faults"], [])
        for bad in ({"endpoint": "nope"}, {"endpoint": "slots", "sequence": ["explode"]},
                    {"endpoint": "slots", "sequence": [200]}, {"endpoint": "slots", "latency_ms": -1},
                    {"endpoint": "slots", "sequence": "drop"}):
            with self.subTest(bad):
                resp = request("POST", "/__admin/faults", bad, key=None)
                self.assert_error(resp, 400, "BadRequestException")


class ParallelismTest(EmulatorTestCase):
    def test_latency_does_not_serialize_requests(self):
        admin("POST", "/__admin/faults", {"endpoint": "slots", "latency_ms": 300})
        path = slots_path(eventTypeId=1001, start="2025-10-01", end="2025-10-01")
        results: list[int] = []
        errors: list[BaseException] = []

        def worker():
            try:
                results.append(request("GET", path, version=SLOTS_V).status)
            except BaseException as exc:  # surfaced below
                errors.append(exc)

        threads = [threading.Thread(target=worker) for _ in range(8)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        self.assertEqual(errors, [])
        self.assertEqual(results, [200] * 8)
        self.assertLess(elapsed, 1.2, "8 x 300 ms run serially would take 2.4 s")
        self.assertGreaterEqual(admin("GET", "/__admin/stats")["max_concurrency"], 4)


# ------------------------------------------------------------------------------------
# The callback receiver
# ------------------------------------------------------------------------------------


def deliver(path: str, body=None, *, headers: dict | None = None, key: str | None = None,
            method: str = "POST") -> Response:
    """A callback delivery as the request queue would make it (no API key by default)."""
    return request(method, path, body, key=key, headers=headers)


def callbacks(query: str = "") -> list[dict]:
    return admin("GET", "/__admin/callbacks" + query)["callbacks"]


class CallbackTest(EmulatorTestCase):
    def fault(self, **rule) -> dict:
        return admin("POST", "/__admin/faults", {"endpoint": "callback", **rule})

    def test_records_the_delivery_and_answers_success(self):
        started = time.time()
        resp = deliver("/__callback/jobs/42?attempt=1&tag=a&tag=b", {"job": 42, "result": {"ok": True}},
                       headers={"X-Job-Id": "42", "X-Signature": "sha256=abc"})
        self.assertEqual(resp.status, 200)
        self.assertEqual(resp.raw, b'{"status":"success"}')
        self.assertEqual(resp.headers["content-type"], "application/json; charset=utf-8")
        for name in RATE_HEADERS:
            self.assertNotIn(name, resp.headers)
        [entry] = callbacks()
        self.assertEqual(entry["seq"], 1)
        self.assertGreaterEqual(entry["ts"], started - 1)
        self.assertEqual(entry["method"], "POST")
        self.assertEqual(entry["path"], "/__callback/jobs/42?attempt=1&tag=a&tag=b")
        self.assertEqual(entry["query"], {"attempt": "1", "tag": ["a", "b"]})
        self.assertEqual(entry["headers"]["x-job-id"], "42")
        self.assertEqual(entry["headers"]["x-signature"], "sha256=abc")
        self.assertEqual(entry["headers"]["content-type"], "application/json")
        self.assertEqual(entry["headers"]["host"], f"127.0.0.1:{PORT}")
        self.assertTrue(all(name == name.lower() for name in entry["headers"]))
        self.assertFalse(entry["has_authorization"])
        self.assertNotIn("authorization", entry["headers"])
        self.assertEqual(entry["body"], '{"job": 42, "result": {"ok": true}}')
        self.assertTrue(entry["is_json"])
        self.assertEqual(entry["json"], {"job": 42, "result": {"ok": True}})
        self.assertEqual((entry["status"], entry["delivered"], entry["accepted"], entry["pending"]),
                         (200, True, True, False))
        self.assertEqual((entry["fault"], entry["latency_ms"]), (None, 0))
        # Not an API request: neither in the request log nor in the stats.
        self.assertEqual(admin("GET", "/__admin/requests"), {"requests": []})
        self.assertEqual(admin("GET", "/__admin/stats")["total"], 0)

    def test_any_path_below_callback_and_any_body(self):
        deliver("/__callback", b"plain text", headers={"Content-Type": "text/plain"})
        deliver("/__callback/", b"")
        deliver("/__callback/a/b/c/", b"NaN")
        deliver("/__callback/x", b"\xff\xfe not utf-8")
        deliver("/__callback/put", {"v": 1}, method="PUT")
        deliver("/__callback/array", b"[1, 2]")
        log = callbacks()
        self.assertEqual([e["path"] for e in log],
                         ["/__callback", "/__callback/", "/__callback/a/b/c/", "/__callback/x",
                          "/__callback/put", "/__callback/array"])
        self.assertEqual([e["seq"] for e in log], [1, 2, 3, 4, 5, 6])
        self.assertEqual([e["status"] for e in log], [200] * 6)
        self.assertEqual([(e["is_json"], e["json"]) for e in log],
                         [(False, None), (False, None), (False, None), (False, None), (True, {"v": 1}),
                          (True, [1, 2])])
        self.assertEqual(log[0]["body"], "plain text")
        self.assertEqual(log[1]["body"], "")
        self.assertEqual(log[3]["body"], "\ufffd\ufffd not utf-8")
        self.assertEqual(log[4]["method"], "PUT")
        # A path that only starts like the receiver is an ordinary unknown API route.
        self.assertEqual(deliver("/__callbackx").status, 404)
        self.assertEqual(len(callbacks()), 6)

    def test_authorization_is_recorded_verbatim(self):
        deliver("/__callback/leak", {"x": 1}, key=API_KEY)
        deliver("/__callback/own", {"x": 2}, headers={"Authorization": "Signature s3cr3t"})
        leak, own = callbacks()
        self.assertTrue(leak["has_authorization"])
        self.assertEqual(leak["headers"]["authorization"], f"Bearer {API_KEY}")
        self.assertTrue(own["has_authorization"])
        self.assertEqual(own["headers"]["authorization"], "Signature s3cr3t")

    def test_not_rate_limited_not_stormed_no_auth_needed(self):
        admin("POST", "/__admin/config", {"rateLimit": {"limit": 2}})
        for _ in range(5):
            self.assertEqual(deliver("/__callback/j", {}, key=API_KEY).status, 200)
        # The callbacks cost the key nothing.
        self.assertEqual(request("GET", "/v2/event-types").headers["x-ratelimit-remaining-default"], "1")
        admin("POST", "/__admin/storm", {"seconds": 5})
        self.assertEqual(request("GET", "/v2/event-types").status, 429)
        self.assertEqual(deliver("/__callback/j", {}).status, 200)
        self.assertEqual(len(callbacks()), 6)

    def test_fault_sequence_fails_the_first_deliveries(self):
        self.fault(sequence=[500, 500, "drop"])
        first = deliver("/__callback/job/1?try=1", {"n": 1})
        self.assert_error(first, 500, "InternalServerErrorException", path="/__callback/job/1?try=1")
        self.assertEqual(deliver("/__callback/job/1?try=2", {"n": 1}).status, 500)
        with self.assertRaises((ConnectionError, http.client.BadStatusLine)):
            deliver("/__callback/job/1?try=3", {"n": 1})
        self.assertEqual(deliver("/__callback/job/1?try=4", {"n": 1}).status, 200)
        self.assertEqual(deliver("/__callback/job/1?try=5", {"n": 1}).status, 200)
        log = callbacks()
        self.assertEqual([(e["status"], e["delivered"], e["accepted"], e["fault"]) for e in log],
                         [(500, True, False, 500), (500, True, False, 500), (None, False, False, "drop"),
                          (200, True, True, None), (200, True, True, None)])
        self.assertEqual([e["json"] for e in log], [{"n": 1}] * 5)  # every attempt is recorded in full
        rule = admin("GET", "/__admin/faults")["faults"][0]
        self.assertEqual((rule["endpoint"], rule["sequence"], rule["consumed"]), ("callback", [], 3))
        self.assertEqual(admin("GET", "/__admin/requests"), {"requests": []})

    def test_other_fault_actions(self):
        self.fault(sequence=["truncate", "lost_response", "malformed", {"status": 429, "reset_s": 1},
                             {"status": 409, "message": "duplicate"}, "raise", {"after_commit": 503},
                             {"sleep_ms": 200}, "ok"])
        raw = raw_exchange(b"POST /__callback/t HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
        head, _, body = raw.partition(b"\r\n\r\n")
        self.assertTrue(head.startswith(b"HTTP/1.1 200 "))
        self.assertEqual(body, b'{"status":"success"}'[:10])
        self.assertEqual(raw_exchange(b"POST /__callback/l HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"),
                         b"")
        malformed = deliver("/__callback/m", {})
        self.assertEqual(malformed.status, 200)
        with self.assertRaises(ValueError):
            json.loads(malformed.raw)
        throttled = deliver("/__callback/r", {})
        self.assert_error(throttled, 429, "ThrottlerException")
        self.assertEqual(throttled.headers["x-ratelimit-reset-default"], "1")
        self.assert_error(deliver("/__callback/c", {}), 409, "ConflictException", "duplicate")
        self.assert_error(deliver("/__callback/e", {}), 500, "InternalServerErrorException")
        self.assert_error(deliver("/__callback/a", {}), 503, "ServiceUnavailableException")
        self.assertGreaterEqual(deliver("/__callback/s", {}).elapsed, 0.19)
        self.assertEqual(deliver("/__callback/o", {}).status, 200)
        log = callbacks()
        self.assertEqual([(e["path"], e["status"], e["delivered"], e["accepted"]) for e in log], [
            ("/__callback/t", 200, False, True),
            ("/__callback/l", None, False, True),
            ("/__callback/m", 200, True, True),
            ("/__callback/r", 429, True, False),
            ("/__callback/c", 409, True, False),
            ("/__callback/e", 500, True, False),
            ("/__callback/a", 503, True, True),
            ("/__callback/s", 200, True, True),
            ("/__callback/o", 200, True, True),
        ])
        self.assertEqual([e["fault"] for e in log],
                         ["truncate", "lost_response", "malformed", {"status": 429, "reset_s": 1},
                          {"status": 409, "message": "duplicate"}, "raise", {"after_commit": 503},
                          {"sleep_ms": 200}, "ok"])

    def test_latency_and_pending_entries(self):
        self.fault(latency_ms=400)
        result: list[Response] = []
        thread = threading.Thread(target=lambda: result.append(deliver("/__callback/slow", {"n": 1})))
        thread.start()
        deadline = time.monotonic() + 2
        while not callbacks() and time.monotonic() < deadline:
            time.sleep(0.01)
        [entry] = callbacks()  # recorded on arrival, before the latency
        self.assertEqual((entry["pending"], entry["status"], entry["delivered"], entry["latency_ms"]),
                         (True, None, False, 400))
        thread.join()
        self.assertEqual(result[0].status, 200)
        self.assertGreaterEqual(result[0].elapsed, 0.39)
        [entry] = callbacks()
        self.assertEqual((entry["pending"], entry["status"], entry["delivered"]), (False, 200, True))

    def test_rules_are_separate_from_the_api(self):
        admin("POST", "/__admin/faults", {"endpoint": "*", "sequence": [503]})
        self.assertEqual(deliver("/__callback/a", {}).status, 200)  # "*" is for API endpoints only
        self.assertEqual(request("GET", "/v2/event-types").status, 503)
        self.fault(sequence=[502])
        self.assertEqual(request("GET", "/v2/event-types").status, 200)
        self.assertEqual(deliver("/__callback/b", {}).status, 502)
        self.fault(sequence=[500])
        admin("DELETE", "/__admin/faults?endpoint=callback")
        self.assertEqual(deliver("/__callback/c", {}).status, 200)
        self.assertEqual(request("GET", "/__admin/requests?endpoint=callback", key=None).status, 400)

    def test_listing_filter_clear_and_reset(self):
        for path in ("/__callback/a/1", "/__callback/b/1", "/__callback/a/2?x=1"):
            deliver(path, {})
        self.assertEqual([e["path"] for e in callbacks("?path=/__callback/a")],
                         ["/__callback/a/1", "/__callback/a/2?x=1"])
        self.assertEqual([e["path"] for e in callbacks("?path=%2F__callback%2Fb")], ["/__callback/b/1"])
        self.assertEqual([e["seq"] for e in callbacks("?since=1")], [2, 3])
        self.assertEqual([e["seq"] for e in callbacks("?path=/__callback/a&since=1")], [3])
        self.assertEqual(callbacks("?path=/nope"), [])
        self.assert_error(request("GET", "/__admin/callbacks?since=x", key=None), 400, "BadRequestException")
        admin("DELETE", "/__admin/requests")  # the API log only
        self.assertEqual(len(callbacks()), 3)
        self.assertEqual(admin("DELETE", "/__admin/callbacks"), {"ok": True})
        self.assertEqual(admin("GET", "/__admin/callbacks"), {"callbacks": []})
        deliver("/__callback/again", {})
        self.assertEqual([e["seq"] for e in callbacks()], [1])  # numbering restarts
        admin("POST", "/__admin/reset")
        self.assertEqual(callbacks(), [])


# ------------------------------------------------------------------------------------
# Request log, admin routes, HTTP behaviour, the process
# ------------------------------------------------------------------------------------


class RequestLogTest(EmulatorTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.freeze()

    def test_entries(self):
        request("GET", slots_path(eventTypeId=1001, start="2025-10-01", end="2025-10-01", timeZone="Europe/Berlin"),
                version=SLOTS_V, headers={"X-Custom": "yes"})
        self.book("2025-10-01T07:00:00Z")
        request("POST", "/v2/bookings", b"not json", version=BOOKINGS_V, headers={"Content-Type": "text/plain"})
        log = admin("GET", "/__admin/requests")["requests"]
        self.assertEqual([e["seq"] for e in log], [1, 2, 3])
        first = log[0]
        for key in ("seq", "ts", "method", "path", "query", "headers", "body", "status", "endpoint", "api_key",
                    "fault"):
            self.assertIn(key, first)
        self.assertEqual(first["method"], "GET")
        self.assertEqual(first["path"], "/v2/slots")
        self.assertEqual(first["query"], {"eventTypeId": "1001", "start": "2025-10-01", "end": "2025-10-01",
                                          "timeZone": "Europe/Berlin"})
        self.assertEqual(first["headers"]["cal-api-version"], "2024-09-04")
        self.assertEqual(first["headers"]["x-custom"], "yes")
        self.assertTrue(all(name == name.lower() for name in first["headers"]))
        self.assertNotIn(API_KEY, json.dumps(log))  # only the last 4 characters are kept
        self.assertEqual(first["headers"]["authorization"], "Bearer ***1234")
        self.assertEqual(first["api_key"], "1234")
        self.assertIsNone(first["body"])
        self.assertEqual((first["status"], first["endpoint"], first["fault"]), (200, "slots", None))
        self.assertIsInstance(first["ts"], float)
        self.assertEqual(log[1]["body"]["attendee"], ATTENDEE)
        self.assertEqual((log[1]["status"], log[1]["endpoint"]), (201, "bookings_create"))
        self.assertEqual(log[1]["headers"]["cal-api-version"], "2024-08-13")
        self.assertEqual(log[2]["body"], "not json")
        self.assertEqual(log[2]["status"], 400)

    def test_endpoint_names_filter_clear_and_stats(self):
        uid = self.book("2025-10-01T07:00:00Z").json["data"]["uid"]
        calls = [
            ("GET", slots_path(eventTypeId=1001, start="2025-10-01", end="2025-10-01"), None),
            ("GET", "/v2/slots/available?eventTypeId=1001&startTime=2025-10-01&endTime=2025-10-01", None),
            ("POST", f"/v2/bookings/{uid}/reschedule", {"start": "2025-10-01T08:00:00Z"}),
            ("GET", "/v2/bookings", None),
            ("GET", f"/v2/bookings/{uid}", None),
            ("GET", "/v2/event-types", None),
            ("GET", "/v2/event-types/1001", None),
            ("GET", "/v2/unknown", None),
        ]
        for method, path, body in calls:
            request(method, path, body)
        new_uid = admin("GET", "/__admin/bookings")["bookings"][1]["uid"]
        request("POST", f"/v2/bookings/{new_uid}/cancel", {})
        log = admin("GET", "/__admin/requests")["requests"]
        self.assertEqual([e["endpoint"] for e in log], [
            "bookings_create", "slots", "slots_available", "bookings_reschedule", "bookings_list", "booking_get",
            "event_types", "event_types", "unknown", "bookings_cancel"])
        filtered = admin("GET", "/__admin/requests?endpoint=event_types")["requests"]
        self.assertEqual([e["path"] for e in filtered], ["/v2/event-types", "/v2/event-types/1001"])
        self.assertEqual([e["seq"] for e in admin("GET", "/__admin/requests?since=8")["requests"]], [9, 10])
        stats = admin("GET", "/__admin/stats")
        self.assertEqual(stats["total"], 10)
        self.assertEqual(stats["by_endpoint"]["event_types"], 2)
        self.assertEqual(stats["status_counts"], {"201": 2, "200": 7, "404": 1})
        self.assertGreaterEqual(stats["max_concurrency"], 1)
        # Admin requests are never logged; DELETE clears the log and the stats.
        self.assertEqual(len(admin("GET", "/__admin/requests")["requests"]), 10)
        admin("DELETE", "/__admin/requests")
        self.assertEqual(admin("GET", "/__admin/requests")["requests"], [])
        self.assertEqual(admin("GET", "/__admin/stats")["total"], 0)
        request("GET", "/v2/event-types")
        self.assertEqual(admin("GET", "/__admin/requests")["requests"][0]["seq"], 1)
        self.assertEqual(request("GET", "/__admin/requests?endpoint=bogus", key=None).status, 400)


class AdminTest(EmulatorTestCase):
    def test_health(self):
        self.assertEqual(admin("GET", "/__admin/health"), {"ok": True})

    def test_reset_restores_everything(self):
        self.freeze()
        admin("POST", "/__admin/config", {"eventTypes": [{"id": 7, "title": "X", "slug": "x", "lengthInMinutes": 5}],
                                          "rateLimit": {"limit": 1}})
        admin("POST", "/__admin/config", {"eventTypes": [{"id": 1001, "title": "B", "slug": "b",
                                                          "lengthInMinutes": 30}]})
        self.assertEqual(self.book("2025-10-01T07:00:00Z").status, 201)
        admin("POST", "/__admin/faults", {"endpoint": "*", "latency_ms": 10})
        admin("POST", "/__admin/storm", {"seconds": 30})
        admin("POST", "/__admin/reset")
        self.assertEqual(admin("GET", "/__admin/bookings"), {"bookings": []})
        self.assertEqual(admin("GET", "/__admin/requests"), {"requests": []})
        self.assertEqual(admin("GET", "/__admin/faults"), {"faults": [], "storm_seconds_remaining": 0.0})
        self.assertFalse(admin("GET", "/__admin/clock")["frozen"])
        config = admin("GET", "/__admin/config")
        self.assertEqual([e["id"] for e in config["eventTypes"]], [1001, 1002, 1003])
        self.assertEqual(config["rateLimit"], {"limit": 120, "windowSeconds": 60, "blockSeconds": 60})
        self.assertEqual(request("GET", "/v2/event-types").headers["x-ratelimit-remaining-default"], "119")

    def test_config_is_partial_and_validated(self):
        config = admin("GET", "/__admin/config")
        self.assertEqual(config["schedule"]["timeZone"], "Europe/Berlin")
        self.assertEqual(config["schedule"]["weekly"]["mon"], [["09:00", "18:00"]])
        self.assertEqual(config["schedule"]["weekly"]["sat"], [])
        self.assertIsNone(config["schedule"]["slotIntervalMinutes"])
        updated = admin("POST", "/__admin/config", {"rateLimit": {"limit": 10}})
        self.assertEqual(updated["rateLimit"], {"limit": 10, "windowSeconds": 60, "blockSeconds": 60})
        self.assertEqual(updated["eventTypes"], config["eventTypes"])
        for bad in ({"schedule": {"timeZone": "Nowhere/City"}}, {"schedule": {"weekly": {"mon": [["10:00", "09:00"]]}}},
                    {"eventTypes": [{"id": 1, "title": "t", "slug": "s"}]}, {"rateLimit": {"limit": 0}},
                    {"bogus": 1}):
            with self.subTest(bad):
                self.assert_error(request("POST", "/__admin/config", bad, key=None), 400, "BadRequestException")
        self.assertEqual(admin("GET", "/__admin/config")["rateLimit"]["limit"], 10)

    def test_config_event_types_are_served(self):
        admin("POST", "/__admin/config", {"eventTypes": [
            {"id": 5, "title": "Neu", "slug": "neu", "lengthInMinutes": 45, "description": "d"}]})
        data = request("GET", "/v2/event-types").json["data"]
        self.assertEqual([(e["id"], e["lengthInMinutes"], e["description"]) for e in data], [(5, 45, "d")])
        self.assertEqual(request("GET", "/v2/event-types/1001").status, 404)

    def test_clock(self):
        self.assertFalse(admin("GET", "/__admin/clock")["frozen"])
        self.assertEqual(admin("POST", "/__admin/clock", {"now": "2025-09-29T08:00:00+02:00"}),
                         {"now": "2025-09-29T06:00:00.000Z", "frozen": True})
        unfrozen = admin("POST", "/__admin/clock", {"now": None})
        self.assertFalse(unfrozen["frozen"])
        self.assert_error(request("POST", "/__admin/clock", {"now": "yesterday"}, key=None), 400,
                          "BadRequestException")

    def test_unknown_admin_route_and_bad_json(self):
        self.assert_error(request("GET", "/__admin/nope", key=None), 404, "NotFoundException",
                          "Cannot GET /__admin/nope")
        self.assert_error(request("POST", "/__admin/faults", b"{", key=None), 400, "BadRequestException")


class HttpBehaviourTest(EmulatorTestCase):
    def test_keep_alive_with_exact_content_length(self):
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
        try:
            request("GET", "/v2/event-types", conn=conn)
            sock = conn.sock
            for path in ("/v2/event-types", "/v2/nope", "/__admin/health", "/v2/bookings"):
                resp = request("GET", path, conn=conn)
                self.assertEqual(int(resp.headers["content-length"]), len(resp.raw))
                self.assertIs(conn.sock, sock, "the connection was reused")
        finally:
            conn.close()

    def test_chunked_request_body(self):
        self.freeze()
        body = json.dumps({"start": "2025-10-01T07:00:00Z", "eventTypeId": 1001, "attendee": ATTENDEE}).encode()
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
        try:
            conn.request("POST", "/v2/bookings", body=iter([body[:10], body[10:]]), encode_chunked=True,
                         headers={"Authorization": f"Bearer {API_KEY}", "Content-Type": "application/json",
                                  "Transfer-Encoding": "chunked"})
            resp = conn.getresponse()
            self.assertEqual(resp.status, 201, resp.read())
        finally:
            conn.close()

    def test_garbage_and_oversized_requests_do_not_kill_the_server(self):
        reply = raw_exchange(b"THIS IS NOT HTTP\r\n\r\n")
        self.assertTrue(reply.startswith(b"HTTP/1.1 400") or reply == b"", reply)
        reply = raw_exchange(b"POST /v2/bookings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\n"
                             b"Content-Length: 99999999\r\n\r\n{}")
        self.assertTrue(reply.startswith(b"HTTP/1.1 413"), reply)
        reply = raw_exchange(b"POST /v2/bookings HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n")
        self.assertTrue(reply.startswith(b"HTTP/1.1 400"), reply)
        with socket.create_connection(("127.0.0.1", PORT)) as sock:
            sock.sendall(b"GET /v2/event-types HTTP/1.1\r\nHost: x\r\n")  # and hang up mid-request
        self.assertEqual(admin("GET", "/__admin/health"), {"ok": True})
        self.assertEqual(request("GET", "/v2/event-types").status, 200)


class ProcessTest(unittest.TestCase):
    def test_sigterm_and_sigint_exit_cleanly(self):
        with tempfile.TemporaryDirectory() as directory:
            for sig in (signal.SIGTERM, signal.SIGINT):
                proc, port, port_file = start_emulator(directory)
                # Hold an idle keep-alive connection open: shutdown must not wait for it.
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                request("GET", "/v2/event-types", conn=conn)
                self.assertEqual(stop_emulator(proc, sig), 0)
                conn.close()
                self.assertFalse(os.path.exists(port_file))

    def test_config_file(self):
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "config.json")
            with open(path, "w") as handle:
                json.dump({"eventTypes": [{"id": 42, "title": "Datei", "slug": "datei", "lengthInMinutes": 20}],
                           "rateLimit": {"limit": 5}}, handle)
            proc, port, _ = start_emulator(directory, "--config", path)
            try:
                resp = request("GET", "/v2/event-types", port=port)
                self.assertEqual([e["id"] for e in resp.json["data"]], [42])
                self.assertEqual(resp.headers["x-ratelimit-remaining-default"], "4")
                admin("POST", "/__admin/reset", port=port)  # reset goes back to the file's config
                self.assertEqual([e["id"] for e in request("GET", "/v2/event-types", port=port).json["data"]], [42])
            finally:
                self.assertEqual(stop_emulator(proc), 0)

    def test_bad_config_file_exits_2(self):
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "config.json")
            with open(path, "w") as handle:
                handle.write('{"rateLimit": {"limit": -1}}')
            result = subprocess.run([sys.executable, EMULATOR, "--port", "0", "--config", path],
                                    capture_output=True, timeout=10)
            self.assertEqual(result.returncode, 2)
            self.assertIn(b"rateLimit.limit", result.stderr)


if __name__ == "__main__":
    unittest.main()
