#!/usr/bin/env python3
"""Emulator of the Cal.com v2 API, for the calcom extension's tests, demo and benchmarks.

It serves the endpoints and response shapes that the design document, DESIGN.md
("Cal.com v2 facts the client and the emulator must follow"), pins down, from a
configurable weekly schedule; it keeps bookings, enforces the per-key rate limit with
Cal.com's real headers, and injects faults per endpoint (latency, status sequences, 429
storms, dropped connections, truncated or malformed bodies, bookings committed whose
response is lost). Every API request is recorded so tests can count calls. It also
receives callbacks (POST /__callback/...: job results a request queue delivers), records
them in a log of their own and can fail them on purpose. Control is through /__admin/*
routes; see README.md beside this file.

Python 3.11 standard library only, so it runs on a bare Debian 12 box:

    python3 calcom_emulator.py [--host 127.0.0.1] [--port 8787] [--port-file PATH]
                               [--config PATH.json] [--quiet]
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import os
import re
import secrets
import signal
import socket
import string
import sys
import threading
import time
import traceback
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from datetime import time as dtime
from email.message import Message
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

UTC = timezone.utc

# --------------------------------------------------------------------------------------
# Constants of the emulated API
# --------------------------------------------------------------------------------------

SLOTS_VERSION = "2024-09-04"
BOOKINGS_VERSION = "2024-08-13"
EVENT_TYPES_VERSION = "2024-06-14"

BOOKING_UNAVAILABLE = "User either already has booking at this time or is not available"
NO_API_KEY = "No API key provided"

# The single host every booking belongs to (one calendar: bookings of any event type
# block each other).
HOST = {
    "id": 1,
    "name": "Host",
    "email": "host@example.com",
    "username": "host",
    "timeZone": "Europe/Berlin",
}

ENDPOINTS = (
    "slots",
    "slots_available",
    "bookings_create",
    "bookings_reschedule",
    "bookings_cancel",
    "bookings_list",
    "booking_get",
    "event_types",
    "unknown",
)

# Fault rules may also name the callback receiver (POST /__callback/...), which is not an
# API endpoint: it has no request log entries, and the "*" rule does not apply to it.
CALLBACK_ENDPOINT = "callback"
FAULT_ENDPOINTS = ENDPOINTS + (CALLBACK_ENDPOINT,)

# NestJS exception class names and default messages, as Cal.com puts them in
# error.code / error.message.
HTTP_ERRORS = {
    400: ("BadRequestException", "Bad Request"),
    401: ("UnauthorizedException", "Unauthorized"),
    403: ("ForbiddenException", "Forbidden"),
    404: ("NotFoundException", "Not Found"),
    405: ("MethodNotAllowedException", "Method Not Allowed"),
    408: ("RequestTimeoutException", "Request Timeout"),
    409: ("ConflictException", "Conflict"),
    413: ("PayloadTooLargeException", "Payload Too Large"),
    422: ("UnprocessableEntityException", "Unprocessable Entity"),
    429: ("ThrottlerException", "ThrottlerException: Too Many Requests"),
    500: ("InternalServerErrorException", "Internal server error"),
    501: ("NotImplementedException", "Not Implemented"),
    502: ("BadGatewayException", "Bad Gateway"),
    503: ("ServiceUnavailableException", "Service Unavailable"),
    504: ("GatewayTimeoutException", "Gateway Timeout"),
}

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

DEFAULT_CONFIG: dict[str, Any] = {
    "eventTypes": [
        {"id": 1001, "title": "Beratung", "slug": "beratung", "lengthInMinutes": 30},
        {"id": 1002, "title": "Erstgespräch", "slug": "erstgespraech", "lengthInMinutes": 60},
        {"id": 1003, "title": "Kurztermin", "slug": "kurztermin", "lengthInMinutes": 15},
    ],
    "schedule": {
        "timeZone": "Europe/Berlin",
        "weekly": {
            **{day: [["09:00", "18:00"]] for day in WEEKDAYS[:5]},
            "sat": [],
            "sun": [],
        },
        "slotIntervalMinutes": None,
    },
    "rateLimit": {"limit": 120, "windowSeconds": 60, "blockSeconds": 60},
}

# Fields every event type in GET /v2/event-types carries unless the config sets them.
EVENT_TYPE_DEFAULTS = {
    "description": "",
    "hidden": False,
    "locations": [],
    "bookingFields": [],
    "ownerId": HOST["id"],
    "minimumBookingNotice": 0,
    "beforeEventBuffer": 0,
    "afterEventBuffer": 0,
    "slotInterval": None,
    "metadata": {},
}

# Limits that keep an abusive client from exhausting the emulator.
MAX_BODY_BYTES = 1 << 20
MAX_RANGE_DAYS = 1000
LOG_LIMIT = 20000
CALLBACK_LOG_LIMIT = 20000
LOGGED_BODY_LIMIT = 16384
MAX_FAULT_SLEEP_MS = 600_000
MAX_RESET_SECONDS = 86400
MAX_TRACKED_KEYS = 10000

# What a "malformed" fault sends: the start of a slots answer, cut mid-value.
MALFORMED_BODY = b'{"status":"success","data":{"2025-10-01":[{"start":'

UID_ALPHABET = string.ascii_letters + string.digits
JSON_CONTENT_TYPE = "application/json; charset=utf-8"


class ApiError(Exception):
    """An error answered with Cal.com's error envelope."""

    def __init__(self, status: int, message: str | None = None, code: str | None = None):
        default_code, default_message = error_code_and_message(status)
        super().__init__(message or default_message)
        self.status = status
        self.code = code or default_code
        self.message = message or default_message


class ConfigError(ValueError):
    """An invalid configuration (file, admin route)."""


class InjectedFault(Exception):
    """Raised by the "raise" fault action to exercise the 500 path."""


def error_code_and_message(status: int) -> tuple[str, str]:
    if status in HTTP_ERRORS:
        return HTTP_ERRORS[status]
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    return "HttpException", phrase


def error_body(status: int, message: str | None, path: str, code: str | None = None) -> dict:
    """Cal.com's error envelope. The timestamp is the real wall clock (it is server time,
    not part of the emulated calendar)."""
    default_code, default_message = error_code_and_message(status)
    return {
        "status": "error",
        "timestamp": iso_utc(datetime.now(UTC)),
        "path": path,
        "error": {"code": code or default_code, "message": message or default_message},
    }


def json_bytes(value: Any) -> bytes:
    # Compact and UTF-8 like Express's res.json, so "Erstgespräch" is sent as-is.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# --------------------------------------------------------------------------------------
# Time: parsing and Cal.com's timestamp formats
# --------------------------------------------------------------------------------------

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ZONE_NAME = re.compile(r"^[A-Za-z0-9_+\-/]{1,64}$")
_HHMM = re.compile(r"^(\d{2}):(\d{2})$")


def parse_instant(text: Any, *, end_of_day: bool = False) -> datetime:
    """ISO 8601 text → aware UTC datetime.

    A bare date means 00:00:00 UTC, or 23:59:59 UTC with end_of_day (Cal.com's reading of
    `start`/`end`). A timestamp without offset is taken as UTC. Raises ValueError."""
    if not isinstance(text, str):
        raise ValueError("not a string")
    text = text.strip()
    if _DATE_ONLY.match(text):
        day = date.fromisoformat(text)
        clock = dtime(23, 59, 59) if end_of_day else dtime(0, 0)
        return datetime.combine(day, clock, UTC)
    # fromisoformat also takes compact forms like "20251001"; only accept the extended
    # date-time form clients actually send.
    if len(text) < 16 or text[4] != "-" or text[10] not in "Tt ":
        raise ValueError("not an ISO 8601 date-time")
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def load_zone(name: Any) -> ZoneInfo:
    """IANA zone by name; ValueError when unknown (never a path outside the tz database)."""
    if not isinstance(name, str) or not _ZONE_NAME.match(name):
        raise ValueError(f"unknown time zone {name!r}")
    try:
        return ZoneInfo(name)
    except Exception as exc:  # ZoneInfoNotFoundError, ValueError, IsADirectoryError, ...
        raise ValueError(f"unknown time zone {name!r}") from exc


def iso_utc(moment: datetime) -> str:
    """2025-10-01T07:00:00.000Z — JavaScript's toISOString()."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + f".{moment.microsecond // 1000:03d}Z"


def iso_in_zone(moment: datetime, zone: ZoneInfo) -> str:
    """2025-10-01T09:00:00.000+02:00 — always a numeric offset, +00:00 rather than Z."""
    local = moment.astimezone(zone)
    offset = int(local.utcoffset().total_seconds())
    sign = "+" if offset >= 0 else "-"
    offset = abs(offset)
    return (
        local.strftime("%Y-%m-%dT%H:%M:%S")
        + f".{local.microsecond // 1000:03d}{sign}{offset // 3600:02d}:{offset % 3600 // 60:02d}"
    )


def hhmm_to_minutes(text: Any) -> int:
    match = _HHMM.match(text) if isinstance(text, str) else None
    if not match:
        raise ValueError(f"{text!r} is not HH:MM")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        raise ValueError(f"{text!r} is not a time of day")
    return hours * 60 + minutes


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


# --------------------------------------------------------------------------------------
# Configuration
# --------------------------------------------------------------------------------------


def build_config(base: dict, patch: Any) -> dict:
    """A new, validated config: `base` with the sections of `patch` applied.

    `eventTypes` is replaced as a whole; `schedule` and `rateLimit` are merged key by key
    (but `schedule.weekly` is replaced as a whole: a day it leaves out is closed).
    Raises ConfigError naming the bad field."""
    if not isinstance(patch, dict):
        raise ConfigError("config must be a JSON object")
    unknown = set(patch) - {"eventTypes", "schedule", "rateLimit"}
    if unknown:
        raise ConfigError(f"unknown config section(s): {', '.join(sorted(unknown))}")
    config = copy.deepcopy(base)
    if "eventTypes" in patch:
        config["eventTypes"] = validate_event_types(patch["eventTypes"])
    if "schedule" in patch:
        if not isinstance(patch["schedule"], dict):
            raise ConfigError("schedule must be an object")
        config["schedule"] = validate_schedule({**config["schedule"], **patch["schedule"]})
    if "rateLimit" in patch:
        if not isinstance(patch["rateLimit"], dict):
            raise ConfigError("rateLimit must be an object")
        config["rateLimit"] = validate_rate_limit({**config["rateLimit"], **patch["rateLimit"]})
    return config


def validate_event_types(value: Any) -> list[dict]:
    if not isinstance(value, list):
        raise ConfigError("eventTypes must be a list")
    seen: set[int] = set()
    result = []
    for index, item in enumerate(value):
        where = f"eventTypes[{index}]"
        if not isinstance(item, dict):
            raise ConfigError(f"{where} must be an object")
        if not is_int(item.get("id")) or item["id"] <= 0:
            raise ConfigError(f"{where}.id must be a positive integer")
        if item["id"] in seen:
            raise ConfigError(f"{where}.id {item['id']} is a duplicate")
        seen.add(item["id"])
        for key in ("title", "slug"):
            if not isinstance(item.get(key), str) or not item[key]:
                raise ConfigError(f"{where}.{key} must be a non-empty string")
        length = item.get("lengthInMinutes")
        if not is_int(length) or not 1 <= length <= 1440:
            raise ConfigError(f"{where}.lengthInMinutes must be an integer between 1 and 1440")
        result.append(copy.deepcopy(item))
    return result


def validate_schedule(value: dict) -> dict:
    unknown = set(value) - {"timeZone", "weekly", "slotIntervalMinutes"}
    if unknown:
        raise ConfigError(f"unknown schedule key(s): {', '.join(sorted(unknown))}")
    try:
        load_zone(value.get("timeZone"))
    except ValueError as exc:
        raise ConfigError(f"schedule.timeZone: {exc}") from None
    weekly = value.get("weekly")
    if not isinstance(weekly, dict):
        raise ConfigError("schedule.weekly must be an object")
    unknown_days = set(weekly) - set(WEEKDAYS)
    if unknown_days:
        raise ConfigError(f"schedule.weekly: unknown day(s) {', '.join(sorted(unknown_days))}")
    normalized: dict[str, list] = {}
    for day in WEEKDAYS:
        windows = weekly.get(day, [])
        if not isinstance(windows, list):
            raise ConfigError(f"schedule.weekly.{day} must be a list of [start, end] pairs")
        for window in windows:
            if not (isinstance(window, list) and len(window) == 2):
                raise ConfigError(f"schedule.weekly.{day}: {window!r} is not a [start, end] pair")
            try:
                start, end = hhmm_to_minutes(window[0]), hhmm_to_minutes(window[1])
            except ValueError as exc:
                raise ConfigError(f"schedule.weekly.{day}: {exc}") from None
            if start >= end:
                raise ConfigError(f"schedule.weekly.{day}: {window!r} ends before it starts")
        normalized[day] = [list(window) for window in windows]
    interval = value.get("slotIntervalMinutes")
    if interval is not None and (not is_int(interval) or not 1 <= interval <= 1440):
        raise ConfigError("schedule.slotIntervalMinutes must be null or an integer 1..1440")
    return {"timeZone": value["timeZone"], "weekly": normalized, "slotIntervalMinutes": interval}


def validate_rate_limit(value: dict) -> dict:
    unknown = set(value) - {"limit", "windowSeconds", "blockSeconds"}
    if unknown:
        raise ConfigError(f"unknown rateLimit key(s): {', '.join(sorted(unknown))}")
    if not is_int(value.get("limit")) or value["limit"] < 1:
        raise ConfigError("rateLimit.limit must be a positive integer")
    for key in ("windowSeconds", "blockSeconds"):
        if not is_number(value.get(key)) or value[key] <= 0:
            raise ConfigError(f"rateLimit.{key} must be a positive number")
    return dict(value)


# --------------------------------------------------------------------------------------
# Availability
# --------------------------------------------------------------------------------------


def free_slot_starts(
    schedule: dict,
    length_minutes: int,
    range_start: datetime,
    range_end: datetime,
    now: datetime,
    busy: list[tuple[datetime, datetime]],
) -> list[datetime]:
    """Sorted UTC starts of the free slots of the given length starting in [range_start,
    range_end].

    Each schedule window (local wall-clock times in the schedule's zone) yields a start
    every interval (slotIntervalMinutes, else the slot length) from the window's start for
    as long as the whole slot fits in the window. Windows are anchored in local time and
    stepped in absolute time, so DST moves the UTC times, never the local ones. Starts
    before `now` or overlapping a busy interval are dropped."""
    zone = load_zone(schedule["timeZone"])
    length = timedelta(minutes=length_minutes)
    step = timedelta(minutes=schedule["slotIntervalMinutes"] or length_minutes)
    day = range_start.astimezone(zone).date() - timedelta(days=1)
    last_day = range_end.astimezone(zone).date() + timedelta(days=1)
    starts: set[datetime] = set()
    while day <= last_day:
        for window_start, window_end in schedule["weekly"][WEEKDAYS[day.weekday()]]:
            start = _local_minutes_to_utc(day, hhmm_to_minutes(window_start), zone)
            end = _local_minutes_to_utc(day, hhmm_to_minutes(window_end), zone)
            slot = start
            while slot + length <= end:
                if (
                    range_start <= slot <= range_end
                    and slot >= now
                    and not any(slot < b_end and b_start < slot + length for b_start, b_end in busy)
                ):
                    starts.add(slot)
                slot += step
        day += timedelta(days=1)
    return sorted(starts)


def _local_minutes_to_utc(day: date, minutes: int, zone: ZoneInfo) -> datetime:
    day += timedelta(days=minutes // 1440)  # "24:00" is the next day's midnight
    minutes %= 1440
    return datetime.combine(day, dtime(minutes // 60, minutes % 60), zone).astimezone(UTC)


def group_slots(
    starts: list[datetime], length_minutes: int, zone: ZoneInfo | None, key: str, as_range: bool
) -> dict[str, list[dict]]:
    """Group slot starts by date: the date in `zone`, or the UTC date when no zone was
    asked for (then times end in Z). Days without slots are simply absent."""
    length = timedelta(minutes=length_minutes)

    def fmt(moment: datetime) -> str:
        return iso_utc(moment) if zone is None else iso_in_zone(moment, zone)

    grouped: dict[str, list[dict]] = {}
    for start in starts:
        day = (start if zone is None else start.astimezone(zone)).date().isoformat()
        item = {key: fmt(start)}
        if as_range:
            item["end"] = fmt(start + length)
        grouped.setdefault(day, []).append(item)
    return grouped


# --------------------------------------------------------------------------------------
# Rate limiting
# --------------------------------------------------------------------------------------


@dataclass
class _KeyWindow:
    window_start: float
    hits: int = 0
    blocked_until: float | None = None


class RateLimiter:
    """Cal.com's throttler, per API key: `limit` requests in a window of `windowSeconds`
    that starts with the key's first request; the request over the limit is refused and
    the key stays blocked for `blockSeconds`. Uses the monotonic clock (the frozen
    availability clock does not touch it). Not thread-safe: the caller holds the lock."""

    def __init__(self, settings: dict):
        self.limit = settings["limit"]
        self.window = float(settings["windowSeconds"])
        self.block = float(settings["blockSeconds"])
        self.keys: dict[str, _KeyWindow] = {}

    def _headers(self, remaining: int, reset_seconds: float) -> dict[str, str]:
        return {
            "X-RateLimit-Limit-Default": str(self.limit),
            "X-RateLimit-Remaining-Default": str(max(0, remaining)),
            # Seconds until the window (or block) ends, rounded up so it is never 0 while
            # it is still running.
            "X-RateLimit-Reset-Default": str(max(1, math.ceil(reset_seconds - 1e-9))),
        }

    def _current(self, key: str, now: float) -> _KeyWindow | None:
        state = self.keys.get(key)
        if state is None:
            return None
        if state.blocked_until is not None:
            if now < state.blocked_until:
                return state
        elif now < state.window_start + self.window:
            return state
        del self.keys[key]  # window or block over: the next request starts afresh
        return None

    def hit(self, key: str, now: float) -> tuple[bool, dict[str, str]]:
        """Count one request; (allowed, headers for the response)."""
        state = self._current(key, now)
        if state is not None and state.blocked_until is not None:
            return False, self._headers(0, state.blocked_until - now)
        if state is None:
            self._prune(now)
            state = self.keys[key] = _KeyWindow(window_start=now)
        state.hits += 1
        if state.hits > self.limit:
            state.blocked_until = now + self.block
            return False, self._headers(0, self.block)
        return True, self._headers(self.limit - state.hits, state.window_start + self.window - now)

    def peek(self, key: str | None, now: float) -> dict[str, str]:
        """Headers describing the key's budget without counting a request (for answers
        the throttler never sees: 401s and unknown routes)."""
        state = self._current(key, now) if key else None
        if state is None:
            return self._headers(self.limit, self.window)
        if state.blocked_until is not None:
            return self._headers(0, state.blocked_until - now)
        return self._headers(self.limit - state.hits, state.window_start + self.window - now)

    def throttled_headers(self, key: str, now: float) -> dict[str, str]:
        """Headers for an injected 429: nothing left, reset when the key's window ends."""
        headers = self.peek(key, now)
        headers["X-RateLimit-Remaining-Default"] = "0"
        return headers

    def _prune(self, now: float) -> None:
        # Many distinct keys would otherwise grow the table without bound.
        if len(self.keys) >= MAX_TRACKED_KEYS:
            for key in list(self.keys):
                self._current(key, now)


# --------------------------------------------------------------------------------------
# Fault injection
# --------------------------------------------------------------------------------------

SIMPLE_ACTIONS = ("ok", "drop", "truncate", "malformed", "lost_response", "raise", "legacy")


def validate_action(action: Any) -> Any:
    """A sequence action: status int, {"status": int, "message"?: str, "reset_s"?: int},
    {"sleep_ms": int}, {"after_commit": int} or one of SIMPLE_ACTIONS. Raises ValueError."""
    if is_int(action):
        if not 400 <= action <= 599:
            raise ValueError(f"status action {action} must be 400..599")
        return action
    if isinstance(action, str):
        if action not in SIMPLE_ACTIONS:
            raise ValueError(f"unknown action {action!r}; use one of {', '.join(SIMPLE_ACTIONS)}")
        return action
    if isinstance(action, dict):
        if set(action) == {"sleep_ms"}:
            ms = action["sleep_ms"]
            if not is_int(ms) or not 0 <= ms <= MAX_FAULT_SLEEP_MS:
                raise ValueError(f"sleep_ms must be an integer 0..{MAX_FAULT_SLEEP_MS}")
            return dict(action)
        if set(action) == {"after_commit"}:
            validate_action(action["after_commit"])
            if not is_int(action["after_commit"]):
                raise ValueError("after_commit takes a status code")
            return dict(action)
        if "status" in action and set(action) <= {"status", "message", "reset_s"}:
            if not is_int(action["status"]):
                raise ValueError("status takes a status code")
            validate_action(action["status"])
            if "message" in action and not isinstance(action["message"], str):
                raise ValueError("message must be a string")
            if "reset_s" in action:
                reset = action["reset_s"]
                if not is_int(reset) or not 0 <= reset <= MAX_RESET_SECONDS:
                    raise ValueError(f"reset_s must be an integer 0..{MAX_RESET_SECONDS}")
            return dict(action)
    raise ValueError(f"invalid action {action!r}")


@dataclass
class FaultRule:
    endpoint: str
    latency_ms: int = 0
    sequence: deque = field(default_factory=deque)
    consumed: int = 0

    @classmethod
    def from_json(cls, body: Any) -> "FaultRule":
        if not isinstance(body, dict):
            raise ValueError("fault rule must be a JSON object")
        unknown = set(body) - {"endpoint", "latency_ms", "sequence"}
        if unknown:
            raise ValueError(f"unknown fault key(s): {', '.join(sorted(unknown))}")
        endpoint = body.get("endpoint")
        if endpoint != "*" and endpoint not in FAULT_ENDPOINTS:
            raise ValueError(f"endpoint must be \"*\" or one of {', '.join(FAULT_ENDPOINTS)}")
        latency = body.get("latency_ms", 0)
        if latency is None:
            latency = 0
        if not is_int(latency) or not 0 <= latency <= MAX_FAULT_SLEEP_MS:
            raise ValueError(f"latency_ms must be an integer 0..{MAX_FAULT_SLEEP_MS}")
        sequence = body.get("sequence") or []
        if not isinstance(sequence, list):
            raise ValueError("sequence must be a list")
        return cls(endpoint, latency, deque(validate_action(a) for a in sequence))

    def next_action(self) -> Any:
        if not self.sequence:
            return None
        self.consumed += 1
        return self.sequence.popleft()

    def to_json(self) -> dict:
        return {
            "endpoint": self.endpoint,
            "latency_ms": self.latency_ms,
            "sequence": list(self.sequence),
            "consumed": self.consumed,
        }


# --------------------------------------------------------------------------------------
# Requests and replies
# --------------------------------------------------------------------------------------


@dataclass
class ApiRequest:
    method: str  # as matched: HEAD is routed as GET
    target: str  # raw request target (path + query), what error envelopes call "path"
    path: str
    query: dict[str, list[str]]
    headers: Message
    body: bytes
    endpoint: str
    handler: Callable
    params: dict[str, str]
    api_key: str | None

    def arg(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None

    def header(self, name: str) -> str | None:
        value = self.headers.get(name)
        return value.strip() if value is not None else None

    def json_object(self, *, optional: bool = False) -> dict:
        """The body as a JSON object (an empty body is {} when optional)."""
        if not self.body.strip():
            if optional:
                return {}
            raise ApiError(400, "Request body must be a JSON object")
        try:
            value = json.loads(self.body)
        except (ValueError, UnicodeDecodeError):
            raise ApiError(400, "Request body is not valid JSON") from None
        if not isinstance(value, dict):
            raise ApiError(400, "Request body must be a JSON object")
        return value


@dataclass
class Reply:
    status: int | None
    payload: Any  # dict (sent as JSON) or bytes (sent as is)
    headers: dict[str, str] = field(default_factory=dict)
    delivery: str = "normal"  # normal | drop | truncate | lost_response
    fault: Any = None


def bearer_key(headers: Message) -> str | None:
    value = headers.get("Authorization")
    if not value:
        return None
    scheme, _, token = value.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    return token


def mask_authorization(value: str) -> str:
    # The request log must never hold a full API key.
    scheme, _, token = value.strip().partition(" ")
    return f"{scheme} ***{token.strip()[-4:]}" if token else "***"


# --------------------------------------------------------------------------------------
# Emulator state
# --------------------------------------------------------------------------------------


class Emulator:
    """All shared state, guarded by one lock. API handlers run with the lock held; the
    injected sleeps happen outside it so slow requests never block others."""

    def __init__(self, base_config: dict):
        self.lock = threading.Lock()
        self.base_config = copy.deepcopy(base_config)
        self.in_flight = 0
        self._reset_locked()

    # -- lifecycle ------------------------------------------------------------------

    def _reset_locked(self) -> None:
        self.config = copy.deepcopy(self.base_config)
        self.limiter = RateLimiter(self.config["rateLimit"])
        self.bookings: list[dict] = []
        self.next_booking_id = 1
        self.faults: dict[str, FaultRule] = {}
        self.storm_until = 0.0
        self.frozen_now: datetime | None = None
        self._clear_log_locked()
        self._clear_callbacks_locked()

    def _clear_log_locked(self) -> None:
        self.log: deque[dict] = deque(maxlen=LOG_LIMIT)
        self.next_seq = 1
        self.by_endpoint: Counter = Counter()
        self.status_counts: Counter = Counter()
        self.total = 0
        self.max_concurrency = self.in_flight

    def _clear_callbacks_locked(self) -> None:
        self.callbacks: deque[dict] = deque(maxlen=CALLBACK_LOG_LIMIT)
        self.next_callback_seq = 1

    def now(self) -> datetime:
        """The emulated calendar's "now": the frozen clock, else the real one."""
        return self.frozen_now or datetime.now(UTC)

    # -- request log ----------------------------------------------------------------

    def begin_request(self, req: ApiRequest, command: str) -> dict:
        """Record an API request as it arrives and count it as in flight."""
        headers: dict[str, str] = {}
        for name, value in req.headers.items():
            name = name.lower()
            if name == "authorization":
                value = mask_authorization(value)
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        with self.lock:
            entry = {
                "seq": self.next_seq,
                "ts": time.time(),
                "method": command,  # as sent: HEAD stays HEAD in the log
                "path": req.path,
                "query": {k: v[0] if len(v) == 1 else list(v) for k, v in req.query.items()},
                "headers": headers,
                "body": _loggable_body(req.body),
                "status": None,
                "endpoint": req.endpoint,
                "api_key": req.api_key[-4:] if req.api_key else None,
                "fault": None,
                "latency_ms": 0,
            }
            self.next_seq += 1
            self.log.append(entry)
            self.in_flight += 1
            self.max_concurrency = max(self.max_concurrency, self.in_flight)
            return entry

    def finish_request(self, entry: dict, reply: Reply | None) -> None:
        """Complete the log entry and the stats; called before any response byte is
        written, so a client that has its answer also sees it in the log."""
        with self.lock:
            self.in_flight -= 1
            if reply is not None:
                sent = reply.delivery not in ("drop", "lost_response")
                entry["status"] = reply.status if sent else None
                entry["fault"] = reply.fault
            self.total += 1
            self.by_endpoint[entry["endpoint"]] += 1
            status = entry["status"]
            self.status_counts["dropped" if status is None else str(status)] += 1

    # -- API pipeline ---------------------------------------------------------------

    def handle_api(self, req: ApiRequest, entry: dict) -> Reply:
        """auth → 429 storm → throttler → fault rule (latency, next action) → handler."""
        refusal, rate_headers, latency, action = self._admit(req, entry)
        if refusal is not None:
            return refusal
        # Sleeps happen without the lock, so a slow request never holds up the others.
        if latency:
            time.sleep(latency / 1000)
        if isinstance(action, dict) and "sleep_ms" in action:
            time.sleep(action["sleep_ms"] / 1000)
        try:
            return self._act(req, action, rate_headers)
        except Exception as exc:
            # A bug (or the "raise" fault) answers 500 and leaves the server running.
            if not isinstance(exc, InjectedFault):
                traceback.print_exc(file=sys.stderr)
            return Reply(500, error_body(500, None, req.target), rate_headers, fault=action)

    def _admit(self, req: ApiRequest, entry: dict) -> tuple[Reply | None, dict, int, Any]:
        """(refusal or None, rate-limit headers, latency ms, fault action or None).

        Unknown routes skip auth and the throttler, as NestJS answers 404 before its
        guards run, but still go through the fault rules for "unknown" and "*"."""
        known = req.endpoint != "unknown"
        key = req.api_key
        with self.lock:
            tick = time.monotonic()
            if known and key is None:
                headers = self.limiter.peek(None, tick)
                return Reply(401, error_body(401, NO_API_KEY, req.target), headers), headers, 0, None
            if known and tick < self.storm_until:
                headers = self.limiter.peek(key, tick)
                headers["X-RateLimit-Remaining-Default"] = "0"
                headers["X-RateLimit-Reset-Default"] = str(max(1, math.ceil(self.storm_until - tick)))
                return Reply(429, error_body(429, None, req.target), headers, fault="storm"), headers, 0, None
            if known:
                allowed, headers = self.limiter.hit(key, tick)
                if not allowed:
                    return Reply(429, error_body(429, None, req.target), headers), headers, 0, None
            else:
                headers = self.limiter.peek(key, tick)
            rule = self.faults.get(req.endpoint) or self.faults.get("*")
            if rule is None:
                return None, headers, 0, None
            entry["latency_ms"] = rule.latency_ms
            return None, headers, rule.latency_ms, rule.next_action()

    def _act(self, req: ApiRequest, action: Any, rate_headers: dict) -> Reply:
        """Apply the fault action (None: none), else run the endpoint's handler."""
        if action == "drop":
            return Reply(None, b"", delivery="drop", fault=action)
        if action == "malformed":
            return Reply(200, MALFORMED_BODY, rate_headers, fault=action)
        if action == "raise":
            raise InjectedFault("fault injected: raise")
        if is_int(action) or (isinstance(action, dict) and "status" in action):
            status = action if is_int(action) else action["status"]
            message = None if is_int(action) else action.get("message")
            headers = dict(rate_headers)
            if status == 429 and req.api_key:
                with self.lock:
                    headers = self.limiter.throttled_headers(req.api_key, time.monotonic())
            if isinstance(action, dict) and "reset_s" in action:
                headers["X-RateLimit-Reset-Default"] = str(action["reset_s"])
            return Reply(status, error_body(status, message, req.target), headers, fault=action)
        # "legacy": a slots request answered in the oldest shape, as Cal.com does
        # when a proxy strips cal-api-version.
        handler = api_slots_legacy_shape if action == "legacy" and req.handler is api_slots else req.handler
        with self.lock:
            try:
                status, payload = handler(self, req)
            except ApiError as exc:
                status, payload = exc.status, error_body(exc.status, exc.message, req.target, exc.code)
        if isinstance(action, dict) and "after_commit" in action:
            # The work is done (a booking committed), then the answer is an error:
            # what a gateway timing out in front of Cal.com looks like.
            status = action["after_commit"]
            return Reply(status, error_body(status, None, req.target), rate_headers, fault=action)
        # "truncate" and "lost_response" act on the delivery of a normal answer.
        delivery = action if action in ("truncate", "lost_response") else "normal"
        return Reply(status, payload, rate_headers, delivery, fault=action)

    # -- callback receiver ----------------------------------------------------------

    def begin_callback(self, command: str, target: str, headers: Message, body: bytes) -> dict:
        """Record a delivery to /__callback/... as it arrives (before any fault sleeps),
        with its headers verbatim: a leaked API key must be visible to the tests."""
        recorded: dict[str, str] = {}
        for name, value in headers.items():
            name = name.lower()
            recorded[name] = f"{recorded[name]}, {value}" if name in recorded else value
        query = parse_qs(urlsplit(target).query, keep_blank_values=True)
        is_json, parsed = _parse_json_body(body)
        with self.lock:
            entry = {
                "seq": self.next_callback_seq,
                "ts": time.time(),
                "method": command,
                "path": target,
                "query": {k: v[0] if len(v) == 1 else list(v) for k, v in query.items()},
                "headers": recorded,
                "has_authorization": "authorization" in recorded,
                "body": body.decode("utf-8", "replace"),
                "is_json": is_json,
                "json": parsed,
                "status": None,
                "delivered": False,
                "accepted": False,
                "pending": True,
                "fault": None,
                "latency_ms": 0,
            }
            self.next_callback_seq += 1
            self.callbacks.append(entry)
            return entry

    def finish_callback(self, entry: dict, reply: Reply | None, accepted: bool) -> None:
        """Complete the entry before any response byte is written."""
        with self.lock:
            entry["pending"] = False
            if reply is None:
                return
            sent = reply.delivery not in ("drop", "lost_response")
            entry["status"] = reply.status if sent else None
            entry["delivered"] = reply.delivery == "normal"
            entry["accepted"] = accepted
            entry["fault"] = reply.fault

    def handle_callback(self, entry: dict, target: str) -> tuple[Reply, bool]:
        """(reply, accepted): the "callback" fault rule (latency, next action), else 200
        {"status":"success"}. No auth, no throttler, no storm, and the "*" rule does not
        apply. accepted: the receiver took the callback in (its normal answer was made,
        whether or not it reached the sender)."""
        with self.lock:
            rule = self.faults.get(CALLBACK_ENDPOINT)
            latency = rule.latency_ms if rule else 0
            action = rule.next_action() if rule else None
            entry["latency_ms"] = latency
        if latency:
            time.sleep(latency / 1000)
        if isinstance(action, dict) and "sleep_ms" in action:
            time.sleep(action["sleep_ms"] / 1000)
        if action == "drop":
            return Reply(None, b"", delivery="drop", fault=action), False
        if action == "raise":
            return Reply(500, error_body(500, None, target), fault=action), False
        if is_int(action) or (isinstance(action, dict) and "status" in action):
            status = action if is_int(action) else action["status"]
            message = None if is_int(action) else action.get("message")
            headers = {}
            if isinstance(action, dict) and "reset_s" in action:
                headers["X-RateLimit-Reset-Default"] = str(action["reset_s"])
            return Reply(status, error_body(status, message, target), headers, fault=action), False
        if isinstance(action, dict) and "after_commit" in action:
            status = action["after_commit"]
            return Reply(status, error_body(status, None, target), fault=action), True
        if action == "malformed":
            return Reply(200, MALFORMED_BODY, fault=action), True
        delivery = action if action in ("truncate", "lost_response") else "normal"
        return Reply(200, {"status": "success"}, delivery=delivery, fault=action), True

    # -- calendar -------------------------------------------------------------------

    def event_type(self, event_type_id: int) -> dict:
        for item in self.config["eventTypes"]:
            if item["id"] == event_type_id:
                return item
        raise ApiError(404, f"Event type with id={event_type_id} not found")

    def busy_intervals(self, ignore_uid: str | None = None) -> list[tuple[datetime, datetime]]:
        return [
            (b["start"], b["end"])
            for b in self.bookings
            if b["status"] == "accepted" and b["uid"] != ignore_uid
        ]

    def free_slots(self, length: int, start: datetime, end: datetime) -> list[datetime]:
        return free_slot_starts(self.config["schedule"], length, start, end, self.now(), self.busy_intervals())

    def is_free_slot(self, start: datetime, length: int, ignore_uid: str | None = None) -> bool:
        """Bookable means GET /v2/slots would offer exactly this start for this length:
        on the slot grid, inside the schedule, not past, not overlapping a booking."""
        found = free_slot_starts(
            self.config["schedule"], length, start, start, self.now(), self.busy_intervals(ignore_uid)
        )
        return start in found

    def find_booking(self, uid: str) -> dict:
        for booking in self.bookings:
            if booking["uid"] == uid:
                return booking
        raise ApiError(404, f"Booking with uid={uid} not found")

    def add_booking(self, event_type: dict, start: datetime, length: int, attendee: dict,
                    metadata: dict, responses: dict) -> dict:
        now = self.now()
        booking = {
            "id": self.next_booking_id,
            "uid": "".join(secrets.choice(UID_ALPHABET) for _ in range(22)),
            "eventType": dict(event_type),
            "start": start,
            "end": start + timedelta(minutes=length),
            "duration": length,
            "status": "accepted",
            "attendee": attendee,
            "metadata": metadata,
            "responses": responses,
            "createdAt": now,
            "updatedAt": now,
        }
        self.next_booking_id += 1
        self.bookings.append(booking)
        return booking


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _parse_json_body(body: bytes) -> tuple[bool, Any]:
    """(is JSON, parsed value); NaN/Infinity are not JSON (they could not be sent back)."""
    if not body.strip():
        return False, None
    try:
        return True, json.loads(body, parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return False, None


def _loggable_body(body: bytes) -> Any:
    if not body:
        return None
    if len(body) <= LOGGED_BODY_LIMIT:
        try:
            return json.loads(body)
        except (ValueError, UnicodeDecodeError):
            pass
    return body[:LOGGED_BODY_LIMIT].decode("utf-8", "replace")


def serialize_booking(booking: dict) -> dict:
    """A booking as Cal.com's 2024-08-13 API returns it."""
    event_type = booking["eventType"]
    attendee = booking["attendee"]
    out: dict[str, Any] = {
        "id": booking["id"],
        "uid": booking["uid"],
        "title": f"{event_type['title']} between {HOST['name']} and {attendee['name']}",
        "description": "",
        "hosts": [dict(HOST)],
        "status": booking["status"],
    }
    if booking["status"] == "cancelled":
        out["cancellationReason"] = booking.get("cancellationReason")
    if "reschedulingReason" in booking:
        out["reschedulingReason"] = booking["reschedulingReason"]
    if booking.get("rescheduled"):
        out["rescheduled"] = True
        out["rescheduledToUid"] = booking["rescheduledToUid"]
    if "rescheduledFromUid" in booking:
        out["rescheduledFromUid"] = booking["rescheduledFromUid"]
    out.update(
        {
            "start": iso_utc(booking["start"]),
            "end": iso_utc(booking["end"]),
            "duration": booking["duration"],
            "eventTypeId": event_type["id"],
            "eventType": {"id": event_type["id"], "slug": event_type["slug"]},
            "attendees": [dict(attendee)],
            "metadata": dict(booking["metadata"]),
            "bookingFieldsResponses": {
                "name": attendee["name"],
                "email": attendee["email"],
                **booking["responses"],
            },
            "location": "",
            "absentHost": False,
            "createdAt": iso_utc(booking["createdAt"]),
            "updatedAt": iso_utc(booking["updatedAt"]),
        }
    )
    return out


def serialize_event_type(event_type: dict) -> dict:
    out = {
        "id": event_type["id"],
        "title": event_type["title"],
        "slug": event_type["slug"],
        "lengthInMinutes": event_type["lengthInMinutes"],
    }
    for key, default in EVENT_TYPE_DEFAULTS.items():
        out[key] = copy.deepcopy(default)
    out.update(copy.deepcopy(event_type))  # extra config fields pass through
    return out


# --------------------------------------------------------------------------------------
# API handlers: (emulator, request) -> (status, payload); raise ApiError. Run under lock.
# --------------------------------------------------------------------------------------


def _int_arg(req: ApiRequest, name: str, *, required: bool, minimum: int = 0,
             maximum: int | None = None) -> int | None:
    raw = req.arg(name)
    if raw is None or raw == "":
        if required:
            raise ApiError(400, f"{name} is required")
        return None
    if not re.fullmatch(r"\d{1,9}", raw.strip()) or int(raw) < minimum or (maximum is not None and int(raw) > maximum):
        bounds = f" not less than {minimum}" + (f" and not greater than {maximum}" if maximum else "")
        raise ApiError(400, f"{name} must be an integer number{bounds}")
    return int(raw)


def _instant_arg(req: ApiRequest, name: str, *, end_of_day: bool, required: bool = True) -> datetime | None:
    raw = req.arg(name)
    if raw is None or raw == "":
        if required:
            raise ApiError(400, f"{name} is required")
        return None
    try:
        return parse_instant(raw, end_of_day=end_of_day)
    except ValueError:
        raise ApiError(400, f"{name} must be a valid ISO 8601 date string") from None


def _zone_arg(req: ApiRequest, name: str = "timeZone") -> ZoneInfo | None:
    raw = req.arg(name)
    if raw is None or raw == "":
        return None
    try:
        return load_zone(raw)
    except ValueError:
        raise ApiError(400, f"{name} must be a valid IANA time zone") from None


def _slots_query(emu: Emulator, req: ApiRequest, start_name: str, end_name: str):
    """Validate the common slots parameters; (event type, length, start, end, zone)."""
    event_type_id = _int_arg(req, "eventTypeId", required=True, minimum=1)
    start = _instant_arg(req, start_name, end_of_day=False)
    end = _instant_arg(req, end_name, end_of_day=True)
    if end < start:
        raise ApiError(400, f"{end_name} must be after {start_name}")
    if end - start > timedelta(days=MAX_RANGE_DAYS):
        raise ApiError(400, f"the range from {start_name} to {end_name} must not exceed {MAX_RANGE_DAYS} days")
    zone = _zone_arg(req)
    duration = _int_arg(req, "duration", required=False, minimum=1, maximum=1440)
    event_type = emu.event_type(event_type_id)
    return event_type, duration or event_type["lengthInMinutes"], start, end, zone


def api_slots(emu: Emulator, req: ApiRequest):
    if req.header("cal-api-version") != SLOTS_VERSION:
        # Cal.com silently serves its oldest slots API to requests without the right
        # version: the legacy shape. Take the legacy parameter names, else the new ones.
        start_name = "startTime" if req.arg("startTime") is not None else "start"
        end_name = "endTime" if req.arg("endTime") is not None else "end"
        return _legacy_slots(emu, req, start_name, end_name)
    fmt = req.arg("format")
    if fmt not in (None, "", "time", "range"):
        raise ApiError(400, "format must be one of the following values: time, range")
    event_type, length, start, end, zone = _slots_query(emu, req, "start", "end")
    starts = emu.free_slots(length, start, end)
    return 200, {"status": "success", "data": group_slots(starts, length, zone, "start", fmt == "range")}


def api_slots_legacy_shape(emu: Emulator, req: ApiRequest):
    return _legacy_slots(emu, req, "start", "end")


def api_slots_available(emu: Emulator, req: ApiRequest):
    return _legacy_slots(emu, req, "startTime", "endTime")


def _legacy_slots(emu: Emulator, req: ApiRequest, start_name: str, end_name: str):
    event_type, length, start, end, zone = _slots_query(emu, req, start_name, end_name)
    starts = emu.free_slots(length, start, end)
    return 200, {"status": "success", "data": {"slots": group_slots(starts, length, zone, "time", False)}}


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_SEPARATORS = re.compile(r"[\s().\-]")
_E164 = re.compile(r"^\+[1-9]\d{5,14}$")


def _validate_attendee(value: Any) -> dict:
    if not isinstance(value, dict):
        raise ApiError(400, "attendee must be an object")
    name = value.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ApiError(400, "attendee.name must be a non-empty string")
    email = value.get("email")
    if not isinstance(email, str) or not _EMAIL.match(email):
        raise ApiError(400, "attendee.email must be an email")
    zone = value.get("timeZone")
    try:
        load_zone(zone)
    except ValueError:
        raise ApiError(400, "attendee.timeZone must be a valid IANA time zone") from None
    attendee = {"name": name, "email": email, "timeZone": zone}
    phone = value.get("phoneNumber")
    if phone is not None:
        if not isinstance(phone, str) or not _E164.match(_PHONE_SEPARATORS.sub("", phone)):
            raise ApiError(400, "attendee.phoneNumber must be a valid phone number in international format")
        attendee["phoneNumber"] = phone
    language = value.get("language", "en")
    if not isinstance(language, str) or not language:
        raise ApiError(400, "attendee.language must be a string")
    attendee["language"] = language
    attendee["absent"] = False
    return attendee


def _optional_object(body: dict, name: str) -> dict:
    value = body.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ApiError(400, f"{name} must be an object")
    return value


def _validate_metadata(value: dict) -> dict:
    # Cal.com: at most 50 keys, keys up to 40 characters, string values up to 500.
    if len(value) > 50:
        raise ApiError(400, "metadata must have at most 50 keys")
    for key, item in value.items():
        if len(key) > 40:
            raise ApiError(400, f"metadata key {key!r} is longer than 40 characters")
        if isinstance(item, str):
            if len(item) > 500:
                raise ApiError(400, f"metadata.{key} is longer than 500 characters")
        elif not (isinstance(item, bool) or is_number(item)):
            raise ApiError(400, f"metadata.{key} must be a string, number or boolean")
    return dict(value)


def _start_field(body: dict) -> datetime:
    if "start" not in body or body["start"] in (None, ""):
        raise ApiError(400, "start is required")
    try:
        return parse_instant(body["start"])
    except ValueError:
        raise ApiError(400, "start must be a valid ISO 8601 date string") from None


def api_bookings_create(emu: Emulator, req: ApiRequest):
    body = req.json_object()
    start = _start_field(body)
    event_type_id = body.get("eventTypeId")
    if event_type_id is None:
        raise ApiError(400, "eventTypeId is required")
    if not is_int(event_type_id) or event_type_id < 1:
        raise ApiError(400, "eventTypeId must be an integer number")
    attendee = _validate_attendee(body.get("attendee"))
    metadata = _validate_metadata(_optional_object(body, "metadata"))
    responses = _optional_object(body, "bookingFieldsResponses")
    length = body.get("lengthInMinutes")
    if length is not None and (not is_int(length) or not 1 <= length <= 1440):
        raise ApiError(400, "lengthInMinutes must be an integer between 1 and 1440")
    event_type = emu.event_type(event_type_id)
    length = length or event_type["lengthInMinutes"]
    if not emu.is_free_slot(start, length):
        raise ApiError(400, BOOKING_UNAVAILABLE)
    booking = emu.add_booking(event_type, start, length, attendee, metadata, dict(responses))
    return 201, {"status": "success", "data": serialize_booking(booking)}


def api_bookings_reschedule(emu: Emulator, req: ApiRequest):
    old = emu.find_booking(req.params["uid"])
    body = req.json_object()
    start = _start_field(body)
    reason = body.get("reschedulingReason")
    if reason is not None and not isinstance(reason, str):
        raise ApiError(400, "reschedulingReason must be a string")
    if old["status"] == "cancelled":
        raise ApiError(400, f"Booking with uid={old['uid']} is cancelled and cannot be rescheduled")
    # The booking being moved does not block its own new time.
    if not emu.is_free_slot(start, old["duration"], ignore_uid=old["uid"]):
        raise ApiError(400, BOOKING_UNAVAILABLE)
    new = emu.add_booking(old["eventType"], start, old["duration"], dict(old["attendee"]),
                          dict(old["metadata"]), dict(old["responses"]))
    new["rescheduledFromUid"] = old["uid"]
    if reason is not None:
        new["reschedulingReason"] = reason
        old["reschedulingReason"] = reason
    old.update(status="cancelled", rescheduled=True, rescheduledToUid=new["uid"], updatedAt=emu.now())
    return 201, {"status": "success", "data": serialize_booking(new)}


def api_bookings_cancel(emu: Emulator, req: ApiRequest):
    booking = emu.find_booking(req.params["uid"])
    body = req.json_object(optional=True)
    reason = body.get("cancellationReason")
    if reason is not None and not isinstance(reason, str):
        raise ApiError(400, "cancellationReason must be a string")
    if booking["status"] == "cancelled":
        raise ApiError(400, "This booking has already been cancelled.")
    booking.update(status="cancelled", cancellationReason=reason, updatedAt=emu.now())
    return 200, {"status": "success", "data": serialize_booking(booking)}


BOOKING_STATUS_FILTERS = ("upcoming", "recurring", "past", "cancelled", "unconfirmed")


def api_bookings_list(emu: Emulator, req: ApiRequest):
    statuses: list[str] = []
    if req.arg("status"):
        statuses = [s.strip() for s in req.arg("status").split(",") if s.strip()]
        bad = [s for s in statuses if s not in BOOKING_STATUS_FILTERS]
        if bad:
            raise ApiError(400, f"status must be one of: {', '.join(BOOKING_STATUS_FILTERS)}")
    email = req.arg("attendeeEmail")
    after_start = _instant_arg(req, "afterStart", end_of_day=False, required=False)
    before_end = _instant_arg(req, "beforeEnd", end_of_day=True, required=False)
    event_type_id = _int_arg(req, "eventTypeId", required=False, minimum=1)
    take = _int_arg(req, "take", required=False, minimum=1, maximum=250) or 100
    skip = _int_arg(req, "skip", required=False) or 0
    sort = req.arg("sortStart") or "asc"
    if sort not in ("asc", "desc"):
        raise ApiError(400, "sortStart must be one of: asc, desc")
    now = emu.now()

    def status_matches(b: dict) -> bool:
        # Cal.com's meaning: upcoming/past are not-cancelled bookings by end time;
        # unconfirmed (pending) and recurring bookings never exist here.
        for wanted in statuses:
            if wanted == "upcoming" and b["status"] == "accepted" and b["end"] >= now:
                return True
            if wanted == "past" and b["status"] == "accepted" and b["end"] <= now:
                return True
            if wanted == "cancelled" and b["status"] == "cancelled":
                return True
        return False

    found = [
        b
        for b in emu.bookings
        if (not statuses or status_matches(b))
        and (email is None or b["attendee"]["email"].lower() == email.lower())
        and (after_start is None or b["start"] >= after_start)
        and (before_end is None or b["end"] <= before_end)
        and (event_type_id is None or b["eventType"]["id"] == event_type_id)
    ]
    found.sort(key=lambda b: (b["start"], b["id"]), reverse=sort == "desc")
    page = found[skip : skip + take]
    total = len(found)
    return 200, {
        "status": "success",
        "data": [serialize_booking(b) for b in page],
        "pagination": {
            "totalItems": total,
            "remainingItems": max(0, total - skip - len(page)),
            "returnedItems": len(page),
            "itemsPerPage": take,
            "currentPage": skip // take + 1,
            "totalPages": math.ceil(total / take),
            "hasNextPage": skip + take < total,
            "hasPreviousPage": skip > 0,
        },
    }


def api_booking_get(emu: Emulator, req: ApiRequest):
    return 200, {"status": "success", "data": serialize_booking(emu.find_booking(req.params["uid"]))}


def api_event_types_list(emu: Emulator, req: ApiRequest):
    return 200, {"status": "success", "data": [serialize_event_type(e) for e in emu.config["eventTypes"]]}


def api_event_type_get(emu: Emulator, req: ApiRequest):
    raw = req.params["id"]
    if not re.fullmatch(r"\d{1,9}", raw):
        raise ApiError(400, "Validation failed (numeric string is expected)")
    return 200, {"status": "success", "data": serialize_event_type(emu.event_type(int(raw)))}


def api_unknown(emu: Emulator, req: ApiRequest):
    raise ApiError(404, f"Cannot {req.method} {req.target}")


API_ROUTES: list[tuple[str, re.Pattern, str, Callable]] = [
    (method, re.compile(pattern), endpoint, handler)
    for method, pattern, endpoint, handler in (
        ("GET", r"/v2/slots", "slots", api_slots),
        ("GET", r"/v2/slots/available", "slots_available", api_slots_available),
        ("POST", r"/v2/bookings", "bookings_create", api_bookings_create),
        ("GET", r"/v2/bookings", "bookings_list", api_bookings_list),
        ("POST", r"/v2/bookings/(?P<uid>[^/]+)/reschedule", "bookings_reschedule", api_bookings_reschedule),
        ("POST", r"/v2/bookings/(?P<uid>[^/]+)/cancel", "bookings_cancel", api_bookings_cancel),
        ("GET", r"/v2/bookings/(?P<uid>[^/]+)", "booking_get", api_booking_get),
        ("GET", r"/v2/event-types", "event_types", api_event_types_list),
        ("GET", r"/v2/event-types/(?P<id>[^/]+)", "event_types", api_event_type_get),
    )
]


def route_api(method: str, path: str) -> tuple[str, Callable, dict[str, str]]:
    for route_method, pattern, endpoint, handler in API_ROUTES:
        match = pattern.fullmatch(path)
        if match and route_method == method:
            return endpoint, handler, {k: unquote(v) for k, v in match.groupdict().items()}
    return "unknown", api_unknown, {}


# --------------------------------------------------------------------------------------
# Admin routes: (emulator, query, body) -> (status, payload). Run under the lock.
# --------------------------------------------------------------------------------------


def admin_health(emu, query, body):
    return 200, {"ok": True}


def admin_reset(emu, query, body):
    emu._reset_locked()
    return 200, {"ok": True}


def admin_requests(emu, query, body):
    endpoint = (query.get("endpoint") or [None])[0]
    if endpoint is not None and endpoint not in ENDPOINTS:
        raise ApiError(400, f"endpoint must be one of {', '.join(ENDPOINTS)}")
    since = (query.get("since") or ["0"])[0]
    if not since.isdigit():
        raise ApiError(400, "since must be a sequence number")
    entries = [
        e for e in emu.log
        if (endpoint is None or e["endpoint"] == endpoint) and e["seq"] > int(since)
    ]
    return 200, {"requests": entries}


def admin_clear_requests(emu, query, body):
    emu._clear_log_locked()
    return 200, {"ok": True}


def admin_stats(emu, query, body):
    return 200, {
        "by_endpoint": dict(emu.by_endpoint),
        "total": emu.total,
        "status_counts": dict(emu.status_counts),
        "max_concurrency": emu.max_concurrency,
        "in_flight": emu.in_flight,
    }


def _faults_listing(emu) -> dict:
    return {
        "faults": [rule.to_json() for rule in emu.faults.values()],
        "storm_seconds_remaining": round(max(0.0, emu.storm_until - time.monotonic()), 3),
    }


def admin_faults_get(emu, query, body):
    return 200, _faults_listing(emu)


def admin_faults_set(emu, query, body):
    try:
        rule = FaultRule.from_json(body)
    except ValueError as exc:
        raise ApiError(400, str(exc)) from None
    emu.faults[rule.endpoint] = rule
    return 200, {"ok": True, "rule": rule.to_json()}


def admin_faults_clear(emu, query, body):
    endpoint = (query.get("endpoint") or [None])[0]
    if endpoint is None:
        emu.faults.clear()
        emu.storm_until = 0.0
    else:
        emu.faults.pop(endpoint, None)
    return 200, {"ok": True}


def admin_storm(emu, query, body):
    seconds = body.get("seconds")
    if not is_number(seconds) or not 0 <= seconds <= 3600:
        raise ApiError(400, "seconds must be a number 0..3600")
    emu.storm_until = time.monotonic() + seconds
    return 200, {"ok": True, "seconds": seconds}


def _clock_state(emu) -> dict:
    return {"now": iso_utc(emu.now()), "frozen": emu.frozen_now is not None}


def admin_clock_get(emu, query, body):
    return 200, _clock_state(emu)


def admin_clock_set(emu, query, body):
    if "now" not in body:
        raise ApiError(400, 'body must be {"now": "<ISO 8601>"} or {"now": null}')
    if body["now"] is None:
        emu.frozen_now = None
    else:
        try:
            emu.frozen_now = parse_instant(body["now"])
        except ValueError:
            raise ApiError(400, "now must be an ISO 8601 timestamp or null") from None
    return 200, _clock_state(emu)


def admin_config_get(emu, query, body):
    return 200, emu.config


def admin_config_set(emu, query, body):
    try:
        config = build_config(emu.config, body)
    except ConfigError as exc:
        raise ApiError(400, str(exc)) from None
    emu.config = config
    if "rateLimit" in body:
        # New limits apply from a clean slate rather than to half-used windows.
        emu.limiter = RateLimiter(config["rateLimit"])
    return 200, emu.config


def admin_bookings(emu, query, body):
    return 200, {"bookings": [serialize_booking(b) for b in emu.bookings]}


def admin_callbacks(emu, query, body):
    prefix = (query.get("path") or [""])[0]
    since = (query.get("since") or ["0"])[0]
    if not since.isdigit():
        raise ApiError(400, "since must be a sequence number")
    entries = [e for e in emu.callbacks if e["path"].startswith(prefix) and e["seq"] > int(since)]
    return 200, {"callbacks": entries}


def admin_clear_callbacks(emu, query, body):
    emu._clear_callbacks_locked()
    return 200, {"ok": True}


ADMIN_ROUTES: dict[tuple[str, str], Callable] = {
    ("GET", "/__admin/health"): admin_health,
    ("POST", "/__admin/reset"): admin_reset,
    ("GET", "/__admin/requests"): admin_requests,
    ("DELETE", "/__admin/requests"): admin_clear_requests,
    ("GET", "/__admin/stats"): admin_stats,
    ("GET", "/__admin/faults"): admin_faults_get,
    ("POST", "/__admin/faults"): admin_faults_set,
    ("DELETE", "/__admin/faults"): admin_faults_clear,
    ("POST", "/__admin/storm"): admin_storm,
    ("GET", "/__admin/clock"): admin_clock_get,
    ("POST", "/__admin/clock"): admin_clock_set,
    ("GET", "/__admin/config"): admin_config_get,
    ("POST", "/__admin/config"): admin_config_set,
    ("GET", "/__admin/bookings"): admin_bookings,
    ("GET", "/__admin/callbacks"): admin_callbacks,
    ("DELETE", "/__admin/callbacks"): admin_clear_callbacks,
}


def handle_admin(emu: Emulator, method: str, path: str, target: str, query: dict, body: bytes) -> tuple[int, bytes]:
    handler = ADMIN_ROUTES.get((method, path))
    if handler is None:
        return 404, json_bytes(error_body(404, f"Cannot {method} {target}", target))
    try:
        parsed = json.loads(body) if body.strip() else {}
    except (ValueError, UnicodeDecodeError):
        return 400, json_bytes(error_body(400, "Request body is not valid JSON", target))
    if method == "POST" and not isinstance(parsed, dict):
        return 400, json_bytes(error_body(400, "Request body must be a JSON object", target))
    with emu.lock:
        try:
            status, payload = handler(emu, query, parsed)
        except ApiError as exc:
            status, payload = exc.status, error_body(exc.status, exc.message, target, exc.code)
        # Serialized under the lock: log entries are mutated by request threads.
        return status, json_bytes(payload)


# --------------------------------------------------------------------------------------
# HTTP
# --------------------------------------------------------------------------------------


class BodyError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


class Handler(BaseHTTPRequestHandler):
    """HTTP/1.1 with keep-alive: every response has an exact Content-Length."""

    protocol_version = "HTTP/1.1"
    server_version = "calcom-emulator/1.0"
    timeout = 120  # idle keep-alive connections are closed after this
    # Headers and body go out in separate writes; without TCP_NODELAY, Nagle plus the
    # client's delayed ACK would add ~40 ms to every keep-alive response.
    disable_nagle_algorithm = True

    server: "EmulatorServer"

    def do_GET(self) -> None:
        self._response_started = False
        try:
            self._serve()
        except (BrokenPipeError, ConnectionResetError, socket.timeout):
            self.close_connection = True  # the client went away; nothing to answer
        except Exception:
            traceback.print_exc(file=sys.stderr)
            self.close_connection = True
            if not self._response_started:
                try:
                    self._send(500, json_bytes(error_body(500, None, self.path)), {})
                except OSError:
                    pass

    do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = do_GET

    # -- plumbing -------------------------------------------------------------------

    def _serve(self) -> None:
        target = self.path
        split = urlsplit(target)
        path = split.path
        if len(path) > 1 and path.endswith("/"):
            path = path[:-1]  # Express routes ignore one trailing slash
        query = parse_qs(split.query, keep_blank_values=True)
        method = "GET" if self.command == "HEAD" else self.command
        try:
            body = self._read_body()
        except BodyError as exc:
            self.close_connection = True  # the rest of the stream cannot be trusted
            self._send(exc.status, json_bytes(error_body(exc.status, exc.message, target)), {})
            return
        if path == "/__admin" or path.startswith("/__admin/"):
            status, payload = handle_admin(self.server.emu, method, path, target, query, body)
            self._send(status, payload, {})
            return
        if path == "/__callback" or path.startswith("/__callback/"):
            self._serve_callback(target, body)
            return
        self._serve_api(method, target, path, query, body)

    def _serve_callback(self, target, body) -> None:
        emu = self.server.emu
        entry = emu.begin_callback(self.command, target, self.headers, body)
        reply, accepted = None, False
        try:
            reply, accepted = emu.handle_callback(entry, target)
        finally:
            emu.finish_callback(entry, reply, accepted)
        if reply.delivery in ("drop", "lost_response"):
            self.close_connection = True
            return
        payload = reply.payload if isinstance(reply.payload, bytes) else json_bytes(reply.payload)
        self._send(reply.status, payload, reply.headers, truncate=reply.delivery == "truncate")

    def _serve_api(self, method, target, path, query, body) -> None:
        emu = self.server.emu
        endpoint, handler, params = route_api(method, path)
        req = ApiRequest(method, target, path, query, self.headers, body, endpoint, handler,
                         params, bearer_key(self.headers))
        entry = emu.begin_request(req, self.command)
        reply = None
        try:
            reply = emu.handle_api(req, entry)
        finally:
            emu.finish_request(entry, reply)
        if reply.delivery in ("drop", "lost_response"):
            # No response byte at all: the connection just closes.
            self.close_connection = True
            return
        payload = reply.payload if isinstance(reply.payload, bytes) else json_bytes(reply.payload)
        self._send(reply.status, payload, reply.headers, truncate=reply.delivery == "truncate")

    def _read_body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            return self._read_chunked()
        raw = self.headers.get("Content-Length")
        if raw is None:
            return b""
        if not raw.strip().isdigit():
            raise BodyError(400, "Invalid Content-Length")
        length = int(raw)
        if length > MAX_BODY_BYTES:
            raise BodyError(413, f"Request body larger than {MAX_BODY_BYTES} bytes")
        body = self.rfile.read(length)
        if len(body) < length:
            raise BodyError(400, "Request body shorter than Content-Length")
        return body

    def _read_chunked(self) -> bytes:
        chunks, total = [], 0
        while True:
            line = self.rfile.readline(1024)
            try:
                size = int(line.split(b";")[0].strip(), 16)
            except ValueError:
                raise BodyError(400, "Invalid chunked encoding") from None
            if size == 0:
                while self.rfile.readline(1024).strip():  # trailers
                    pass
                return b"".join(chunks)
            total += size
            if total > MAX_BODY_BYTES:
                raise BodyError(413, f"Request body larger than {MAX_BODY_BYTES} bytes")
            chunks.append(self.rfile.read(size))
            self.rfile.readline(1024)  # CRLF after each chunk

    def _send(self, status: int, body: bytes, headers: dict[str, str], *, truncate: bool = False) -> None:
        self._response_started = True
        self.send_response(status)
        self.send_header("Content-Type", JSON_CONTENT_TYPE)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        if self.close_connection and not truncate:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command == "HEAD":
            return
        if truncate:
            # Full Content-Length announced, half the body sent, then the socket closes.
            self.wfile.write(body[: len(body) // 2])
            self.close_connection = True
        else:
            self.wfile.write(body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Protocol-level errors from the base class (bad request line, oversized
        headers...) answered with the JSON envelope rather than an HTML page."""
        self.close_connection = True
        self._response_started = True
        if self.request_version == "HTTP/0.9":
            # The base class leaves this at 0.9 when the request line is garbage, which
            # would suppress the status line and headers; answer as HTTP/1.1 anyway.
            self.request_version = self.protocol_version
        body = json_bytes(error_body(code, message, getattr(self, "path", "") or ""))
        self.send_response(code)
        self.send_header("Content-Type", JSON_CONTENT_TYPE)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def version_string(self) -> str:
        return self.server_version  # no Python version in the Server header

    def log_message(self, format: str, *args: Any) -> None:
        if not self.server.quiet:
            sys.stderr.write(f"{self.address_string()} - [{self.log_date_time_string()}] {format % args}\n")


class EmulatorServer(ThreadingHTTPServer):
    daemon_threads = True  # a hung client connection never blocks shutdown
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], emu: Emulator, quiet: bool = False):
        self.emu = emu
        self.quiet = quiet
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind does a reverse DNS lookup (getfqdn), which can hang on an
        # offline machine; it is only used for CGI variables we never need.
        import socketserver

        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[0], self.server_address[1]

    def handle_error(self, request, client_address) -> None:
        # Errors escaping a handler (rare: most are answered as 500) are logged, never fatal.
        if not self.quiet:
            traceback.print_exc(file=sys.stderr)


# --------------------------------------------------------------------------------------
# Process
# --------------------------------------------------------------------------------------


def write_port_file(path: str, port: int) -> None:
    """Write atomically (temp file + rename) so a reader never sees a partial number."""
    directory = os.path.dirname(os.path.abspath(path))
    temp = os.path.join(directory, f".{os.path.basename(path)}.{os.getpid()}.tmp")
    with open(temp, "w", encoding="ascii") as handle:
        handle.write(f"{port}\n")
    os.replace(temp, path)


def load_config_file(path: str) -> dict:
    with open(path, encoding="utf-8") as handle:
        patch = json.load(handle)
    return build_config(DEFAULT_CONFIG, patch)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Cal.com v2 API emulator")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8787, help="port (0 picks a free one; default 8787)")
    parser.add_argument("--port-file", help="write the bound port here once listening")
    parser.add_argument("--config", help="JSON file with a (partial) config applied over the defaults")
    parser.add_argument("--quiet", action="store_true", help="no access log on stderr")
    args = parser.parse_args(argv)

    try:
        config = load_config_file(args.config) if args.config else copy.deepcopy(DEFAULT_CONFIG)
    except (OSError, ValueError) as exc:  # ConfigError and JSONDecodeError are ValueErrors
        print(f"calcom_emulator: bad --config {args.config}: {exc}", file=sys.stderr)
        return 2

    try:
        server = EmulatorServer((args.host, args.port), Emulator(config), quiet=args.quiet)
    except OSError as exc:
        print(f"calcom_emulator: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    # serve_forever runs in a thread so the main thread is free to wait for signals:
    # shutdown() called from a signal handler interrupting serve_forever would deadlock.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    thread.start()
    port = server.server_address[1]
    if args.port_file:
        write_port_file(args.port_file, port)
    if not args.quiet:
        print(f"calcom_emulator: listening on http://{args.host}:{port}", file=sys.stderr)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        server.shutdown()
        server.server_close()
        if args.port_file:
            try:
                os.unlink(args.port_file)  # a stale port file would mislead the next start
            except OSError:
                pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
