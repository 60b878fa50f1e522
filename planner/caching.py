"""The shared cache: results remembered across workers and instances (Flask-Caching).

Every entry is keyed by a digest of everything the result is computed from — the
workshop's plain data (``WorkshopData``, compared field by field), the publication, the
reader, the format — and of the code and templates that compute it. A change to any of
them gives a different key, so a remembered result can never be stale: nothing is ever
invalidated, old entries simply stop being asked for and expire.

On PostgreSQL, results made from more rows than are worth reading to digest them (a page
of the workshop list with every workshop's readiness, a workshop's assembled data, the
agenda editor's days, the prompt library) are keyed instead by the committed data itself
(``remember_committed``): the snapshot PostgreSQL gives a statement names exactly which
transactions' writes it sees, so an entry made at one snapshot is served only to requests
that see the same committed data, and any commit that writes anything gives a new key.

Where: ``CACHE_REDIS_URL`` (or, when that is unset, a ``redis://`` ``RATELIMIT_STORAGE_URI``:
the Redis that already counts sign-in attempts) gives one Redis that every worker and
instance shares; without one, each process remembers in its own memory (the embedded
default, fine for one worker). If Redis stops answering, results are computed as if
nothing were remembered: slower pages, never an error.
"""

from __future__ import annotations

import contextlib
import copyreg
import dataclasses
import functools
import hashlib
import io
import logging
import pickle
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from flask import Flask, current_app, g, has_app_context
from flask_caching import Cache
from sqlalchemy import text

from planner import workshop_data

ROOT = Path(__file__).resolve().parent.parent

#: One day: entries are never stale, the timeout only bounds what Redis keeps.
DEFAULT_TIMEOUT = 24 * 3600
#: Entries kept by the in-process default (per process).
IN_PROCESS_THRESHOLD = 256
KEY_PREFIX = "planner:cache:"

cache = Cache()
log = logging.getLogger(__name__)

T = TypeVar("T")


def redis_url(config) -> str | None:
    """The Redis the cache uses, or None for the in-process default."""
    url = config.get("CACHE_REDIS_URL")
    if url:
        return url
    limits = config.get("RATELIMIT_STORAGE_URI") or ""
    if limits.startswith(("redis://", "rediss://")):
        return limits
    return None


def init_app(app: Flask) -> None:
    """Bind the cache: Redis when there is one, the process's memory otherwise."""
    url = None if app.config.get("CACHE_TYPE") else redis_url(app.config)
    settings = {
        "CACHE_DEFAULT_TIMEOUT": app.config.get("CACHE_DEFAULT_TIMEOUT", DEFAULT_TIMEOUT),
        "CACHE_KEY_PREFIX": app.config.get("CACHE_KEY_PREFIX", KEY_PREFIX),
    }
    if app.config.get("CACHE_TYPE"):
        settings["CACHE_TYPE"] = app.config["CACHE_TYPE"]
    elif url:
        settings |= {
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": url,
            # A slow or vanished Redis must not hold a page for long.
            "CACHE_OPTIONS": {"socket_timeout": 0.5, "socket_connect_timeout": 0.5},
        }
    else:
        settings |= {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": IN_PROCESS_THRESHOLD}
    cache.init_app(app, config=settings)
    app.extensions["planner.code_digest"] = code_digest()


# What the code digest reads: code, templates, static files and the interface's catalogues.
_CODE_SUFFIXES = frozenset({".py", ".html", ".txt", ".css", ".js", ".yaml", ".po"})


def _code_digest_of(folders: tuple[Path, ...]) -> str:
    digest = hashlib.blake2b(digest_size=8)
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in _CODE_SUFFIXES:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


_CODE_DIGEST: list[str] = []


def code_digest() -> str:
    """A digest of the code and templates (read once per process): a new release never
    reads what an older one remembered, even in a Redis they share."""
    if not _CODE_DIGEST:
        # Static files too: remembered HTML links them by their hashed names.
        _CODE_DIGEST.append(
            _code_digest_of(
                (ROOT / "planner", ROOT / "templates", ROOT / "static", ROOT / "translations")
            )
        )
    return _CODE_DIGEST[0]


def fingerprint(*parts: object) -> str:
    """A digest of ``parts`` that is the same in every process that has the same values.

    Meant for plain data: frozen dataclasses (of their fields alone, not of what they
    remember about themselves), tuples, strings, numbers, dates and enumerations. Not
    ``hash()``, which is salted per process. Worked out once per request and object, and
    remembered in this process for equal values (``_digest_of``).
    """
    memo = g.setdefault("_planner_fingerprints", {}) if has_app_context() else {}
    key = tuple(id(p) for p in parts)
    found = memo.get(key)
    if found is not None and all(a is b for a, b in zip(found[0], parts, strict=True)):
        return found[1]
    try:
        value = _digest_of(parts)
    except TypeError:  # something unhashable among the parts: digested each time
        value = _pickled_digest(parts)
    # The parts are kept with their digest, so that an id is not reused meanwhile.
    memo[key] = (parts, value)
    return value


def fingerprinted(obj: object, digest: str) -> None:
    """Say that ``fingerprint(obj)`` is ``digest`` for the rest of the request: for data
    read back from the cache with the digest it was remembered with."""
    if has_app_context():
        g.setdefault("_planner_fingerprints", {})[(id(obj),)] = ((obj,), digest)


def _pickled_digest(parts: tuple) -> str:
    buffer = io.BytesIO()
    _FieldsPickler(buffer, protocol=5).dump(parts)
    return hashlib.blake2b(buffer.getbuffer(), digest_size=20).hexdigest()


#: Digests kept per process for values seen again (the next request builds equal data
#: anew: comparing it with the kept one costs a tenth of digesting it again).
DIGESTS_KEPT = 512


@functools.lru_cache(maxsize=DIGESTS_KEPT, typed=True)
def _digest_of(parts: tuple) -> str:
    return _pickled_digest(parts)


def _by_fields(obj) -> tuple:
    # Never unpickled: the class and its fields' values are all the digest needs.
    return (type(obj), tuple(getattr(obj, name) for name in _FIELDS[type(obj)]))


def _workshop_by_fields(obj: workshop_data.WorkshopData) -> tuple:
    # The topic catalogue is the same object in every workshop loaded together (a page of
    # the list): digested once, not once per workshop.
    values = [getattr(obj, name) for name in _FIELDS[workshop_data.WorkshopData]]
    values[_CATALOGUE] = fingerprint(obj.catalogue)
    return (workshop_data.WorkshopData, tuple(values))


def _remembering_dataclasses_of(module) -> dict[type, tuple[str, ...]]:
    """The module's dataclasses whose instances keep more than their fields in their
    ``__dict__`` (cached properties; the workshop its hash), with their fields' names.
    The others are pickled as they are, their ``__dict__`` being their fields alone."""
    return {
        cls: tuple(f.name for f in dataclasses.fields(cls))
        for cls in vars(module).values()
        if isinstance(cls, type)
        and dataclasses.is_dataclass(cls)
        and (
            cls is workshop_data.WorkshopData
            or any(isinstance(v, functools.cached_property) for v in vars(cls).values())
        )
    }


#: Digested by their fields alone (a Python call each, so only where it is needed).
_FIELDS = _remembering_dataclasses_of(workshop_data)


_CATALOGUE = _FIELDS[workshop_data.WorkshopData].index("catalogue")


class _FieldsPickler(pickle.Pickler):
    dispatch_table = (
        copyreg.dispatch_table
        | dict.fromkeys(_FIELDS, _by_fields)
        | {workshop_data.WorkshopData: _workshop_by_fields}
    )


def entry_key(kind: str, key: str) -> str:
    """The cache's key of a result of ``kind`` under ``key``, for this code and the
    request's language (what is remembered is worded and dated in it)."""
    from planner.i18n import current as language

    return f"{kind}:{current_app.extensions['planner.code_digest']}:{language()}:{key}"


def remember(kind: str, key: str, compute: Callable[[], T]) -> T:
    """``compute()``, remembered under ``kind`` and ``key`` (a ``fingerprint``) in the
    shared cache. ``compute``'s result must be picklable and depend on nothing but what
    ``key`` digests."""
    return _remembered(kind, entry_key(kind, key), compute)


def _remembered(
    kind: str, full_key: str, compute: Callable[[], T], keep: Callable[[], bool] | None = None
) -> T:
    """The entry under ``full_key``, else ``compute()`` made once in this process
    (``_computing``) and written, unless ``keep()`` then says it is not for others."""
    value = _read(kind, full_key)
    if value is not None:
        return value
    with _computing(full_key) as first:
        if not first and (value := _read(kind, full_key)) is not None:
            return value
        value = compute()
        if keep is None or keep():
            _write(kind, full_key, value)
    return value


#: How long a request waits for another thread of its process making the same entry
#: before making it itself (seconds): longer than any page takes, shorter than a timeout.
COMPUTING_WAIT = 10.0
_in_hand: dict[str, list] = {}  # full key → [lock, threads holding or waiting for it]
_in_hand_lock = threading.Lock()


@contextlib.contextmanager
def _computing(full_key: str) -> Iterator[bool]:
    """While one thread of this process makes an entry, the others that miss it wait for
    it and then read it, instead of all making it at once (the first views after a write
    would otherwise share the cores, each as slow as all of them). Yields whether this
    thread is the first (no one was making it): the others read the cache again first.
    Threads wait at most ``COMPUTING_WAIT``; entries made while other entries are made
    (a page and the data under it) always nest the same way, page outside."""
    with _in_hand_lock:
        held = _in_hand.setdefault(full_key, [threading.Lock(), 0])
        held[1] += 1
    lock = held[0]
    first = lock.acquire(blocking=False)
    acquired = first or lock.acquire(timeout=COMPUTING_WAIT)
    try:
        yield first
    finally:
        if acquired:
            lock.release()
        with _in_hand_lock:
            held[1] -= 1
            if held[1] == 0:
                del _in_hand[full_key]


def _read(kind: str, full_key: str):
    """The entry under ``full_key``, or None if there is none or the cache cannot say."""
    try:
        return cache.get(full_key)
    except Exception as error:  # noqa: BLE001 - Redis down or unreadable entry: recompute
        log.warning("cache read failed (%s): %s", kind, error)
        return None


def _write(kind: str, full_key: str, value) -> None:
    try:
        cache.set(full_key, value)
    except Exception as error:  # noqa: BLE001 - Redis down: the page still answers
        log.warning("cache write failed (%s): %s", kind, error)


def remember_many(kind: str, keys: list[str], computes: list[Callable[[], T]]) -> list[T]:
    """``remember`` for several results at once: one round trip to read them all, one to
    write those that were missing."""
    full_keys = [entry_key(kind, key) for key in keys]
    try:
        values = cache.get_many(*full_keys) if full_keys else []
    except Exception as error:  # noqa: BLE001 - Redis down: recompute
        log.warning("cache read failed (%s): %s", kind, error)
        values = [None] * len(full_keys)
    missing = {}
    for index, value in enumerate(values):
        if value is None:
            values[index] = missing[full_keys[index]] = computes[index]()
    if missing:
        try:
            cache.set_many(missing)
        except Exception as error:  # noqa: BLE001 - Redis down: the page still answers
            log.warning("cache write failed (%s): %s", kind, error)
    return list(values)


# PostgreSQL's snapshot names exactly which transactions' writes a statement sees: the
# transactions below xmax, less those in progress (xip). Two statements given the same
# snapshot text see the same committed data, however far apart in time; any commit that
# writes anything gives every later statement a different one. Asked together: whether
# this transaction has written anything of its own yet (it then sees its uncommitted rows).
_SNAPSHOT = text("SELECT pg_current_snapshot()::text, pg_current_xact_id_if_assigned() IS NULL")


def committed_version() -> str | None:
    """A name for the committed data this request reads, the same in every process and
    instance for the same data; None when there is none (SQLite, which has no such
    snapshot, or a transaction that has written rows of its own)."""
    from planner.extensions import db

    if db.session.get_bind().dialect.name != "postgresql":
        return None
    snapshot, read_only = db.session.execute(_SNAPSHOT).one()
    return snapshot if read_only else None


def remember_committed(
    kind: str, key: object, compute: Callable[[], T], version: str | None = None
) -> T:
    """``compute()``, remembered under ``kind`` and ``key`` for the committed data as it
    is now (``committed_version``): for results made from more rows than are worth
    reading to digest them (a page of the workshop list, with every workshop's data).

    ``compute`` must depend on nothing but the database, ``key`` (the reader, the page)
    and what ``entry_key`` adds (the code, the language). Without a version (SQLite, or a
    request that has written) it is computed each time, never remembered; a result whose
    computing wrote rows is not kept either. ``version``: ``committed_version()``, if the
    caller has just asked for it.
    """
    version = version or committed_version()
    if version is None:
        return compute()
    # A result made with rows of this request's own is not for anyone else: not kept.
    return _remembered(
        kind,
        entry_key(kind, fingerprint(version, key)),
        compute,
        keep=lambda: committed_version() is not None,
    )


def forget_all() -> None:
    """Drop every remembered result, in every process that shares this cache (and this
    process's digests, which keep the data they were made from)."""
    _digest_of.cache_clear()
    try:
        cache.clear()
    except Exception as error:  # noqa: BLE001 - Redis down: its entries expire on their own
        log.error("cache clear failed, entries expire within their timeout: %s", error)
