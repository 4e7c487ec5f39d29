"""Long-lived parse children (``ParseWorkers``) for a bulk import: file after file in the
same child, with each file's limits and failures as a child of its own would give."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from ingest import isolation
from ingest.isolation import (
    ParseCrashError,
    ParseMemoryError,
    ParseTimeoutError,
    ParseWorkers,
    parse_isolated,
)
from ingest.readers import ocr
from ingest.synth import FORMATS, generate_report, write_report
from tests.ingest._processes import alive, assert_child_dies_with_its_parent

REPO = Path(__file__).resolve().parents[2]


def _reports(folder: Path) -> list[Path]:
    """A 决算 and a 绩效自评 in every format the generator writes."""
    return [
        write_report(generate_report(1, 3, 2023, kind), folder, fmt, "default")
        for kind in ("final_accounts", "performance_evaluation") for fmt in FORMATS
    ]


def _parse(workers: ParseWorkers, path: Path, *, time_limit: float = 60,
           memory_mb: int = 2048) -> dict:
    return parse_isolated(path, name=path.name, time_limit=time_limit, memory_mb=memory_mb,
                          index=True, workers=workers, page_time_limit=120)


def test_the_workers_give_the_same_payload_as_a_child_per_file(tmp_path):
    paths = _reports(tmp_path)
    with ParseWorkers() as workers:
        pooled = [_parse(workers, path) for path in paths]
    alone = [parse_isolated(path, name=path.name, time_limit=60, memory_mb=2048, index=True)
             for path in paths]
    assert pooled == alone
    assert all(payload["search_tokens"] and payload["report"]["department"] for payload in pooled)


@pytest.fixture
def pid_payload(monkeypatch):
    """A parse that answers with the process it ran in; files named so fail as named."""

    def payload(path: Path, *, name: str, index: bool = False) -> dict:
        if name.startswith("crash"):
            os.kill(os.getpid(), signal.SIGKILL)
        if name.startswith("bug"):
            raise RuntimeError("bug in an extractor")
        if name.startswith("slow"):
            time.sleep(30)
        if name.startswith("greedy"):
            return {"held": [bytearray(16 * 1024 * 1024) for _ in range(64)]}
        if name.startswith("damaged"):
            raise isolation.ParseError("damaged file")
        return {"pid": os.getpid(), "file": name}

    monkeypatch.setattr(isolation, "parse_payload", payload)


def _run(workers: ParseWorkers, name: str, **limits) -> dict:
    return parse_isolated(Path("/dev/null"), name=name, time_limit=limits.get("time_limit", 30),
                          memory_mb=limits.get("memory_mb", 512), workers=workers)


def test_one_child_parses_file_after_file(pid_payload):
    with ParseWorkers() as workers:
        pids = {_run(workers, f"report{n}.pdf")["pid"] for n in range(5)}
    assert len(pids) == 1
    assert pids != {os.getpid()}


def test_a_damaged_file_fails_with_its_reason_and_the_child_parses_the_next(pid_payload):
    with ParseWorkers() as workers:
        first = _run(workers, "a.pdf")["pid"]
        with pytest.raises(isolation.ParseError, match="damaged file"):
            _run(workers, "damaged.pdf")
        assert _run(workers, "b.pdf")["pid"] == first


def test_a_file_that_kills_its_child_fails_as_a_crash_and_the_next_file_parses(pid_payload):
    with ParseWorkers() as workers:
        first = _run(workers, "a.pdf")["pid"]
        with pytest.raises(ParseCrashError):
            _run(workers, "crash.pdf")
        after = _run(workers, "b.pdf")
    assert after["file"] == "b.pdf"
    assert after["pid"] != first  # a new child in place of the dead one


def test_a_bug_in_the_parser_fails_that_file_as_a_crash_and_the_next_parses(pid_payload):
    with ParseWorkers() as workers:
        with pytest.raises(ParseCrashError):
            _run(workers, "bug.pdf")
        assert _run(workers, "b.pdf")["file"] == "b.pdf"


def test_a_file_over_the_time_limit_is_stopped_and_fails_alone(pid_payload):
    with ParseWorkers() as workers:
        assert _run(workers, "a.pdf")["file"] == "a.pdf"
        started = time.monotonic()
        with pytest.raises(ParseTimeoutError):
            _run(workers, "slow.pdf", time_limit=1)
        assert time.monotonic() - started < 10
        assert _run(workers, "b.pdf")["file"] == "b.pdf"


@pytest.mark.parametrize("workers", [True, False], ids=["long-lived child", "child per file"])
def test_each_page_started_by_ocr_adds_its_own_time_to_the_limit(monkeypatch, workers):
    def slow(path, *, name):
        for page in range(1, 3 if name.startswith("scan") else 1):
            ocr.report_progress(page, 2)  # as the reader starts each scanned page
        time.sleep(3)
        return {"file": name}

    monkeypatch.setattr(isolation, "parse_payload", slow)
    with ParseWorkers() as pool:
        def run(name: str) -> dict:
            return parse_isolated(Path("/dev/null"), name=name, time_limit=1, memory_mb=512,
                                  workers=pool if workers else None, page_time_limit=5)

        with pytest.raises(ParseTimeoutError):
            run("text.pdf")
        assert run("scan.pdf") == {"file": "scan.pdf"}


def test_each_file_gets_the_memory_limit_and_one_over_it_fails_alone(pid_payload):
    with ParseWorkers() as workers:
        for n in range(3):  # the headroom is each file's, not used up by the ones before
            assert _run(workers, f"a{n}.pdf", memory_mb=64)["file"] == f"a{n}.pdf"
        with pytest.raises(ParseMemoryError):
            _run(workers, "greedy.pdf", memory_mb=64)
        assert _run(workers, "b.pdf", memory_mb=64)["file"] == "b.pdf"


def test_a_child_is_replaced_after_its_share_of_files(pid_payload):
    with ParseWorkers(files_per_child=2) as workers:
        pids = [_run(workers, f"report{n}.pdf")["pid"] for n in range(4)]
    assert pids[0] == pids[1] != pids[2] == pids[3]


def test_parses_side_by_side_run_in_children_of_their_own(pid_payload):
    from concurrent.futures import ThreadPoolExecutor

    def parse(n: int) -> int:
        return _run(workers, f"report{n}.pdf")["pid"]

    with ParseWorkers() as workers, ThreadPoolExecutor(2) as pool:
        pids = list(pool.map(parse, range(20)))
    assert 1 <= len(set(pids)) <= 2


def test_closed_workers_leave_no_child_behind(pid_payload):
    workers = ParseWorkers()
    pid = _run(workers, "a.pdf")["pid"]
    workers.close()
    assert not alive(pid)
    with pytest.raises(RuntimeError):
        _run(workers, "b.pdf")


# A stand-in import command: its parse child takes a minute over a file.
COMMAND = """
import os, sys, time
sys.path.insert(0, {repo!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django
django.setup()
from pathlib import Path
from ingest import isolation
from ingest.readers import ocr

def parse(path, *, name):
    with open({pid_file!r}, "w") as out:
        out.write(str(os.getpid()))
    time.sleep(60)

isolation.parse_payload = parse
with isolation.ParseWorkers() as workers:
    isolation.parse_isolated(Path("/dev/null"), name="a.pdf", time_limit=120, memory_mb=512,
                             workers=workers)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's parent-death signal")
def test_a_parse_worker_dies_when_the_command_is_killed(tmp_path):
    pid_file = tmp_path / "child.pid"
    assert_child_dies_with_its_parent(
        COMMAND.format(repo=str(REPO), pid_file=str(pid_file)), pid_file)


def test_search_texts_segmented_once_per_child_are_those_the_index_would_make(tmp_path):
    from ingest.pipeline import parse_file
    from reports.search import parsed_tokens

    paths = _reports(tmp_path)
    with ParseWorkers() as workers:
        # Twice over: the second time every text comes from what the child kept.
        payloads = [_parse(workers, path) for path in paths + paths]
    for path, payload in zip(paths + paths, payloads, strict=True):
        assert payload["search_tokens"] == parsed_tokens(parse_file(path, name=path.name))
