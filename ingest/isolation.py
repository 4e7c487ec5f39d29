"""Run a parse in a child process with a time and a memory limit.

A hostile or broken file must not hang or exhaust the server: the parser runs
in a forked child whose address space is capped with ``RLIMIT_AS`` and whose
wall-clock time the parent enforces (the child is killed when it runs over).
The child never touches the database; it sends back plain JSON-able data
through a pipe, so a crash, a timeout or memory exhaustion leaves nothing
half-written anywhere.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import logging
import multiprocessing
import os
import resource
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from ingest.document import Document
from ingest.errors import ParseError
from ingest.readers import ocr

logger = logging.getLogger(__name__)

TEXT_MAX_CHARS = 400_000


class ParseTimeoutError(ParseError):
    default_message = _(
        "Parsing took longer than the time limit and was stopped. The file may be damaged or "
        "unusually large."
    )
    code = "timeout"


class ParseMemoryError(ParseError):
    default_message = _(
        "Parsing needed more memory than allowed and was stopped. The file may be damaged or a "
        "compression bomb."
    )
    code = "memory"


class ParseCrashError(ParseError):
    default_message = _(
        "The parser stopped unexpectedly on this file. The file may be damaged; the error has "
        "been recorded."
    )
    code = "crash"


def parse_isolated(
    path: str | Path, *, name: str, time_limit: float, memory_mb: int,
    on_progress: Callable[[int, int], None] | None = None, index: bool = False,
    workers: ParseWorkers | None = None, page_time_limit: float = 0.0,
) -> dict[str, Any]:
    """The parse payload for ``path`` (see ``parse_payload``), or a ``ParseError``.

    ``on_progress(page, pages)`` is called in this process as the child starts reading
    each scanned page by OCR. With ``index`` the child also segments the texts the
    report's search entries will hold (``search_tokens``). With ``workers`` the parse
    runs in one of their long-lived children (same limits, same errors) instead of a
    child forked for this file alone. Every page the child starts to read by OCR adds
    ``page_time_limit`` seconds to ``time_limit`` (and the CPU time that buys), as it
    starts: nothing opens the file beforehand to count them.
    """
    if workers is not None:
        return workers.parse(Path(path), name=name, time_limit=time_limit,
                             memory_mb=memory_mb, on_progress=on_progress, index=index,
                             page_time_limit=page_time_limit)
    parsers_load(index=index)
    kwargs = {"index": True} if index else {}
    return run_isolated(
        parse_payload, Path(path), name=name, time_limit=time_limit, memory_mb=memory_mb,
        on_progress=on_progress, page_time_limit=page_time_limit, **kwargs,
    )


# The readers of the formats parsed in a child (OCR's, large and for scans only, is not).
PRELOADED_READERS = ("pdf", "docx", "xlsx", "xls", "doc", "text")


@functools.cache
def _load(index: bool) -> None:
    from importlib import import_module

    import ingest.pipeline  # noqa: F401 (the extractors, their patterns compiled)
    from ingest.readers import READERS

    for fmt in PRELOADED_READERS:
        import_module(f"ingest.readers.{READERS[fmt]}")
    if index:
        from reports.search import tokenizer

        tokenizer()  # the dictionary, read once


def parsers_load(*, index: bool = False) -> None:
    """Import the parser (and with ``index`` load the search dictionary) in this process
    once, so that every forked parse inherits them instead of loading them itself: a
    fresh child spent about half its time importing modules and compiling patterns."""
    _load(index)


def run_isolated(
    function, *args, time_limit: float, memory_mb: int,
    on_progress: Callable[[int, int], None] | None = None, page_time_limit: float = 0.0,
    **kwargs,
) -> Any:
    """``function(*args, **kwargs)`` in a limited child process; its result must pickle.
    Each scanned page it starts to read by OCR adds ``page_time_limit`` seconds."""
    # fork: the child inherits configured Django and the loaded parsers, so it
    # starts at once (and test doubles reach it).
    context = multiprocessing.get_context("fork")
    ocr.release_engine()
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child_main,
        args=(sender, function, args, kwargs, memory_mb, time_limit, page_time_limit),
        daemon=True,
    )
    child.start()
    sender.close()
    try:
        message = _receive(receiver, child, time_limit, on_progress, page_time_limit)
    finally:
        receiver.close()
        _reap(child)
    return _unpack(message)


def _receive(receiver, child, time_limit: float, on_progress=None,
             page_time_limit: float = 0.0):
    # Read before joining: a large payload would block the child on a full pipe.
    deadline = time.monotonic() + time_limit
    while True:
        if not receiver.poll(max(deadline - time.monotonic(), 0)):
            child.kill()
            raise ParseTimeoutError()
        try:
            message = receiver.recv()
        except (EOFError, OSError):
            # The child died without a word: killed by the kernel, a segfault in a
            # C library, or exhausted memory outside Python's reach.
            child.join(1)
            raise ParseCrashError() from None
        if message[0] != "progress":
            return message
        deadline += page_time_limit  # the child starts a page by OCR: its own allowance
        if on_progress is not None:
            on_progress(*message[1])


def _reap(child) -> None:
    child.join(1)
    if child.is_alive():
        child.kill()
        child.join(1)
    with contextlib.suppress(ValueError):
        child.close()


def _unpack(message: tuple) -> dict[str, Any]:
    kind, body = message
    if kind == "ok":
        return body
    code, text = body
    if code == ParseCrashError.code:
        logger.warning("parser crashed in the child process: %s", text)
    for error_class in (ParseTimeoutError, ParseMemoryError, ParseCrashError):
        if error_class.code == code:
            raise error_class()
    error = ParseError(text)
    error.code = code
    raise error


def _child_main(sender, function, args, kwargs, memory_mb: int, time_limit: float,
                page_time_limit: float = 0.0) -> None:
    _die_with_parent()

    def call() -> Any:
        _limit_resources(memory_mb, time_limit)
        return function(*args, **kwargs)

    try:
        message, _ = _answer(call, sender.send, page_time_limit)
        sender.send(message)
    finally:
        sender.close()


def _answer(call: Callable[[], Any], send: Callable[[tuple], None],
            page_time_limit: float) -> tuple[tuple, bool]:
    """What a parse child sends back for ``call()``: its result or its error as a message,
    and whether the child is still sound. Each page OCR starts is reported through
    ``send`` and brings its own CPU allowance."""
    def progress(page: int, pages: int) -> None:
        _allow_cpu(page_time_limit)
        send(("progress", (page, pages)))

    try:
        with ocr.reporting(progress):
            return ("ok", call()), True
    except ParseError as exc:
        return ("error", (exc.code, str(exc))), True
    except MemoryError:
        return ("error", (ParseMemoryError.code, "")), False
    except BaseException as exc:
        return ("error", (ParseCrashError.code, repr(exc)[:500])), False


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with_parent() -> None:
    """A worker killed mid-parse takes its parse with it (Linux), and SIGTERM ends the
    child even where the worker installed a graceful handler of its own."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    parent = multiprocessing.parent_process()
    if parent is not None and os.getppid() != parent.pid:
        os._exit(1)  # the parent died before the request took effect


def _limit_resources(memory_mb: int, time_limit: float) -> None:
    # The forked child already maps what the parent held; the limit is headroom above that.
    ceiling = _current_address_space() + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    _limit_cpu(time_limit)  # the soft limit only: each OCR page raises it (``_allow_cpu``)


def _cpu_seconds(time_limit: float) -> int:
    """CPU time a parse may use: a second line of defence should the parent die before
    killing it; OCR keeps every core busy, so a second of wall time may cost one per core."""
    return max(1, int(time_limit) + 5) * max(1, os.cpu_count() or 1)


def _current_address_space() -> int:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


def parse_payload(path: Path, *, name: str, index: bool = False) -> dict[str, Any]:
    """Runs in the child: the parse as JSON-able data for ``Upload.result``.

    ``report`` is the whole ParsedReport (pages and sources included) so the
    publish step can rebuild it (and the parse-contract JSON be made from it);
    ``text`` is the document's text, shown beside the extraction for formats
    without page images.
    """
    from ingest.pipeline import read_and_parse

    document, parsed = read_and_parse(path, name=name)
    payload = {
        "report": asdict(parsed),
        "page_count": document.page_count,
        "text": document_text(document)[:TEXT_MAX_CHARS],
    }
    if index:
        payload["search_tokens"] = _search_tokens(parsed)
    return payload


# Texts segmented in this process (text → tokens): a long-lived parse child sees the same
# table rows, headings and indicator names in file after file.
_segmented: dict[str, str] = {}
SEGMENTED_MAX = 50_000


# Texts this long at most are kept for the children to come: names and headings, which
# recur from report to report (a paragraph seldom does).
RECURRING_MAX_CHARS = 40


def _segmented_keep(tokens: dict[str, str]) -> None:
    short = {text: found for text, found in tokens.items() if len(text) <= RECURRING_MAX_CHARS}
    if len(_segmented) + len(short) > SEGMENTED_MAX:
        _segmented.clear()
    _segmented.update(short)


def _search_tokens(parsed) -> dict[str, str]:
    """``reports.search.parsed_tokens(parsed)``, each distinct text segmented once."""
    from reports.search import index_tokens, parsed_pieces

    if len(_segmented) > SEGMENTED_MAX:
        _segmented.clear()
    tokens: dict[str, str] = {}
    for piece in parsed_pieces(parsed):
        text = piece.indexed
        if text not in tokens:
            known = _segmented.get(text)
            if known is None:
                known = _segmented[text] = index_tokens(text)
            tokens[text] = known
    return tokens


def document_text(document: Document) -> str:
    parts: list[str] = []
    page = 0
    for block in document.blocks:
        if block.page != page:
            page = block.page
            parts.append(f"\n— {page} —\n")
        if block.kind == "table" and block.table is not None:
            parts.extend(" | ".join(row) for row in block.table.grid())
        else:
            parts.append(block.text)
    return "\n".join(parts).strip()


# --- long-lived parse children, for many files ----------------------------------------------


class ParseWorkers:
    """Parse children that each parse many files, one at a time, for a bulk import.

    Forking a child per file cost as much CPU as a small file's parse: copying the page
    tables of a large parent, faulting in the pages the parse touches, starting cold.
    These children are forked once and then receive file after file. The limits are
    those of ``parse_isolated``, per file: the address space may grow by ``memory_mb``
    during a file's parse, its wall-clock time is enforced here (the child is killed
    when it runs over), its CPU time by the child's ``RLIMIT_CPU``; a file that crashes
    its child, exhausts its memory or runs over fails alone, with the same errors, and
    the child is replaced for the next file. A child is also replaced after
    ``files_per_child`` files, so that what a parse leaves behind cannot pile up.

    Thread-safe: each caller takes an idle child (or starts one) for its file, so there
    are as many children as parses at once. ``close`` (or leaving the ``with``) ends them;
    they also die with this process.
    """

    def __init__(self, *, files_per_child: int = 100, nice: int = 0) -> None:
        self.files_per_child = files_per_child
        self.nice = nice  # added to the children's niceness (``os.nice``)
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._closed = False

    def __enter__(self) -> ParseWorkers:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.stop()

    def parse(
        self, path: Path, *, name: str, time_limit: float, memory_mb: int,
        on_progress: Callable[[int, int], None] | None = None, index: bool = False,
        page_time_limit: float = 0.0,
    ) -> dict[str, Any]:
        parsers_load(index=index)
        worker = self._take()
        healthy = False
        try:
            message, healthy = worker.run(
                (str(path), name, index, memory_mb, time_limit, page_time_limit), time_limit,
                on_progress)
        finally:
            self._give_back(worker, healthy)
        payload = _unpack(message)
        if index:
            # Kept here too, so that the children started after this one (each replaces
            # one after its share of files) inherit what their predecessors segmented.
            _segmented_keep(payload.get("search_tokens", {}))
        return payload

    def _take(self) -> _Worker:
        with self._lock:
            if self._closed:
                raise RuntimeError("these parse workers are closed")
            if self._idle:
                return self._idle.pop()
        return _Worker.start(nice=self.nice)

    def _give_back(self, worker: _Worker, healthy: bool) -> None:
        worker.files += 1
        if healthy and worker.files < self.files_per_child:
            with self._lock:
                if not self._closed:
                    self._idle.append(worker)
                    return
        worker.stop()


class _Worker:
    """One long-lived parse child and this process's end of its pipe."""

    def __init__(self, process, connection) -> None:
        self.process, self.connection = process, connection
        self.files = 0

    @classmethod
    def start(cls, *, nice: int = 0) -> _Worker:
        from ingest.readers.pdf_layout import PDFIUM_LOCK

        context = multiprocessing.get_context("fork")
        ocr.release_engine()
        here, there = context.Pipe(duplex=True)
        process = context.Process(target=_worker_main, args=(there, nice), daemon=True)
        # Forked while no other thread of ours is inside PDFium (the child would inherit
        # the lock held, for ever).
        with PDFIUM_LOCK:
            process.start()
        there.close()
        return cls(process, here)

    def run(self, task: tuple, time_limit: float,
            on_progress: Callable[[int, int], None] | None) -> tuple[tuple, bool]:
        """The child's answer to ``task``, and whether the child can take another file."""
        try:
            self.connection.send(task)
        except OSError:
            self.process.join(1)
            return ("error", (ParseCrashError.code, "the parse worker had stopped")), False
        message = _receive(self.connection, self.process, time_limit, on_progress,
                           page_time_limit=task[5])
        healthy = message[0] == "ok" or message[1][0] not in (
            ParseMemoryError.code, ParseCrashError.code)
        return message, healthy

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.connection.send(None)
        self.connection.close()
        _reap(self.process)


def _worker_main(connection, nice: int = 0) -> None:
    from ingest.readers.pdf_layout import PDFIUM_LOCK

    PDFIUM_LOCK.release()  # held by the thread that forked this process (``_Worker.start``)
    if nice:
        os.nice(nice)
    _die_with_parent()
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            break
        if task is None:
            break
        *parse, page_time_limit = task
        message, healthy = _answer(functools.partial(_parse_task, *parse), connection.send,
                                   page_time_limit)
        try:
            connection.send(message)
        except BaseException:
            healthy = False
        if not healthy:
            break  # a parse that failed this way may have left this process unsound
    connection.close()
    os._exit(0)


def _parse_task(path: str, name: str, index: bool, memory_mb: int,
                time_limit: float) -> dict[str, Any]:
    """One file of a long-lived parse child, within its own limits."""
    _limit_task(memory_mb, time_limit)
    return parse_payload(Path(path), name=name, **({"index": True} if index else {}))


def _limit_task(memory_mb: int, time_limit: float) -> None:
    """``_limit_resources`` for one more file of a long-lived child: the soft limits
    only (a process cannot raise its hard limits again), from where the child is now."""
    ceiling = _current_address_space() + memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (_capped(ceiling, hard), hard))
    _limit_cpu(time_limit)


def _limit_cpu(time_limit: float) -> None:
    used = resource.getrusage(resource.RUSAGE_SELF)
    ceiling = int(used.ru_utime + used.ru_stime) + _cpu_seconds(time_limit)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(resource.RLIMIT_CPU, (_capped(ceiling, hard), hard))


def _allow_cpu(seconds: float) -> None:
    """``seconds`` more of wall-clock time for this parse (a page started by OCR): the
    CPU time they may cost on top of the limit so far."""
    if seconds:
        soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
        if soft != resource.RLIM_INFINITY:
            resource.setrlimit(resource.RLIMIT_CPU,
                               (_capped(soft + _cpu_seconds(seconds), hard), hard))


def _capped(limit: int, hard: int) -> int:
    return limit if hard == resource.RLIM_INFINITY else min(limit, hard)
