"""Seeded damage to report files: what a bad disk, a cut download or a broken exporter does.

    from ingest.synth.damage import mutants
    for name, data in mutants(path.read_bytes(), seed=1, count=20):
        ...   # name says what was done ("flip-3", "zip-member-garbage:word/document.xml")

A pure function of (bytes, seed): the same call gives the same mutants, so a
failure found by the fuzz test or ``benchmarks/fuzz.py`` can be rebuilt alone.
Office files (zip archives) also get damage inside their members: a member
whose compressed bytes are corrupt, one that is not XML any more, one missing.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable, Iterator

Mutation = Callable[[bytes, random.Random], tuple[str, bytes]]


def flip(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    out = bytearray(data)
    count = rng.randint(1, 16)
    for _ in range(count):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return f"flip-{count}", bytes(out)


def truncate(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    cut = rng.randrange(1, max(2, len(data)))
    return f"truncate-{cut}", data[:cut]


def duplicate(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    start = rng.randrange(len(data))
    chunk = data[start:start + rng.randint(1, 4096)]
    at = rng.randrange(len(data))
    return f"duplicate-{len(chunk)}@{at}", data[:at] + chunk + data[at:]


def zero(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    start = rng.randrange(len(data))
    length = rng.randint(1, 2048)
    return f"zero-{length}@{start}", data[:start] + bytes(length) + data[start + length:]


GENERIC: tuple[Mutation, ...] = (flip, truncate, duplicate, zero)


def _members(data: bytes) -> list[zipfile.ZipInfo]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [info for info in archive.infolist() if info.file_size]


def _rewrite(data: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """The archive again, each member through ``change`` (None leaves it out)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = change(info.filename, source.read(info))
            if content is not None:
                target.writestr(info.filename, content)
    return buffer.getvalue()


def zip_member_corrupt(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    """A byte flipped inside one member's compressed data: a bad CRC or deflate stream."""
    info = rng.choice(_members(data))
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        out[start + rng.randrange(max(1, info.compress_size))] ^= 0xFF
    return f"zip-member-corrupt:{info.filename}", bytes(out)


def zip_member_garbage(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    """One member's content replaced: XML cut off, or bytes that are no XML at all."""
    info = rng.choice(_members(data))
    cut = rng.random() < 0.5

    def change(name: str, content: bytes) -> bytes:
        if name != info.filename:
            return content
        if cut:
            return content[: rng.randrange(1, max(2, len(content)))]
        return rng.randbytes(rng.randint(1, 512))

    return f"zip-member-{'cut' if cut else 'garbage'}:{info.filename}", _rewrite(data, change)


def zip_member_missing(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    info = rng.choice(_members(data))
    return (f"zip-member-missing:{info.filename}",
            _rewrite(data, lambda name, content: None if name == info.filename else content))


ZIP: tuple[Mutation, ...] = (zip_member_corrupt, zip_member_garbage, zip_member_missing)


def mutants(data: bytes, *, seed: int | str, count: int) -> Iterator[tuple[str, bytes]]:
    """``count`` damaged copies of ``data``, each named by what was done to it."""
    rng = random.Random(f"damage:{seed}")
    kinds = GENERIC + (ZIP if data[:4] == b"PK\x03\x04" else ())
    for _ in range(count):
        yield rng.choice(kinds)(data, rng)
