"""Old Word (.doc) files: converted to DOCX by LibreOffice, then read as DOCX.

Each conversion runs headless with its own throwaway profile directory, so
parallel conversions never fight over one LibreOffice user profile, and with a
timeout, so a file that hangs the converter cannot hang the worker.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ingest.document import Document
from ingest.errors import ConversionFailedError, ConverterMissingError, EncryptedFileError
from ingest.readers import docx

CONVERT_TIMEOUT_SECONDS = 120
SOFFICE_NAMES = ("soffice", "libreoffice")
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


def find_soffice() -> str | None:
    """The converter: ``$SOFFICE`` if set, else ``soffice``/``libreoffice`` on PATH."""
    configured = os.environ.get("SOFFICE")
    if configured:
        return configured if Path(configured).exists() or shutil.which(configured) else None
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def read(path: str | Path) -> Document:
    path = Path(path)
    # The directory naming the streams may sit anywhere in the file, often near the end.
    if ENCRYPTED_STREAM in path.read_bytes():
        raise EncryptedFileError()
    soffice = find_soffice()
    if soffice is None:
        raise ConverterMissingError()
    with tempfile.TemporaryDirectory(prefix="juesuan-doc-") as work:
        converted = convert_to_docx(soffice, path, Path(work))
        return docx.read(converted)


def convert_to_docx(soffice: str, path: Path, work: Path) -> Path:
    profile, out = work / "profile", work / "out"
    out.mkdir()
    # soffice names the output after the input; a plain name avoids surprises with odd ones.
    source = work / "input.doc"
    shutil.copyfile(path, source)
    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless", "--norestore", "--nolockcheck",
        "--convert-to", "docx:MS Word 2007 XML",
        "--outdir", str(out),
        str(source),
    ]
    try:
        # A session of its own, so a timeout kills soffice.bin too, not just its wrapper.
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True, env={**os.environ, "HOME": str(work)})
    except OSError as exc:
        raise ConverterMissingError() from exc
    try:
        process.wait(timeout=CONVERT_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as exc:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise ConversionFailedError() from exc
    result = out / "input.docx"
    if not result.exists() or result.stat().st_size == 0:
        raise ConversionFailedError()
    return result
