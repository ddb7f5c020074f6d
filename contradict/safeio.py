"""Writes that never lose what a user has: checks before work, atomic replacement, fsync, locks.

* ``check_output_file`` says, before any work, why an output path cannot be written (a directory, an
  input, an unwritable place), so a long run never ends in a traceback.
* ``atomic_write`` writes a temporary file beside the target, fsyncs it, renames it over the target and
  fsyncs the directory: readers see the old file or the whole new one.  The new file keeps the old
  file's permissions, or gets the user's umask.  Temporary files carry the writer's pid, so the next
  writer removes those left by a killed process.
* ``writer_lock`` serializes writers of one path across processes (``filelock``).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import stat
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

DEFAULT_LOCK_TIMEOUT = 600.0  # seconds a second writer waits for the first


class OutputError(ValueError):
    """An output path that cannot or must not be written; the message is one line naming it."""


class LockTimeout(OutputError):
    """Another process kept the lock for longer than the caller would wait."""


def umask() -> int:
    """The process umask (read without changing it for good)."""
    with _UMASK_LOCK:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


_UMASK_LOCK = threading.Lock()


def fsync_dir(directory: str | Path) -> None:
    """Make a rename or a new entry in ``directory`` durable (no-op where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def fsync_file(path: str | Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def display(path: str | Path) -> str:
    """A path as one printable line: names with newlines or control characters are repr-escaped."""
    text = str(path)
    return text if text.isprintable() else repr(text)[1:-1]


def temp_name(target: Path, kind: str = "tmp") -> Path:
    """``.NAME.KIND-PID-RANDOM`` beside ``target``: hidden (never read as corpus input), owned by this pid."""
    return target.with_name(f".{target.name}.{kind}-{os.getpid()}-{secrets.token_hex(4)}")


_TEMP_RE = re.compile(r"^\.(?P<name>.+)\.(?P<kind>tmp|old)-(?P<pid>\d+)-[0-9a-f]{8}$")


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stale_temps(target: Path, kinds: Iterable[str] = ("tmp",), any_pid: bool = False) -> list[Path]:
    """Temporary entries beside ``target`` left by writers that are no longer running (or by any writer,
    when the caller holds the target's lock)."""
    kinds = set(kinds)
    try:
        entries = list(target.parent.iterdir())
    except OSError:
        return []
    stale = []
    for entry in entries:
        m = _TEMP_RE.match(entry.name)
        if not m or m["name"] != target.name or m["kind"] not in kinds:
            continue
        if any_pid and int(m["pid"]) != os.getpid() or not _pid_alive(int(m["pid"])):
            stale.append(entry)
    return sorted(stale)


def remove_path(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def new_file_mode(target: Path) -> int:
    """The mode a replacement of ``target`` gets: the old file's, or 0666 less the umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return 0o666 & ~umask()


def write_jsonl_records(records: Iterable, path: str | Path) -> Path:
    """Pydantic records as JSON lines, written atomically (``atomic_write``): readers see the old file
    or the whole new one."""
    path = Path(path)
    with atomic_write(path) as fh:
        for record in records:
            fh.write(record.model_dump_json() + "\n")
    return path


def read_head(path: str | Path, size: int) -> str | None:
    """The first ``size`` characters of a text file (undecodable bytes replaced), or None if unreadable:
    enough to recognise the tool's own outputs in a corpus."""
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.read(size)
    except OSError:
        return None


def nearest_existing(path: Path) -> Path:
    """``path`` or its closest ancestor that exists (where a new file or directory would be created)."""
    while not path.exists():
        path = path.parent
    return path


def check_distinct_outputs(outputs: dict[str, str | Path | None]) -> None:
    """Raise ``OutputError`` when two outputs of one run (by what they are: "findings", "claim table",
    "report", "index") are the same path or one lies inside the other: one would overwrite the other."""
    given = [(what, Path(path).resolve()) for what, path in outputs.items() if path is not None]
    for n, (what, path) in enumerate(given):
        for other, other_path in given[n + 1:]:
            if path == other_path or path.is_relative_to(other_path) or other_path.is_relative_to(path):
                raise OutputError(f"the {what} and the {other} would be written to the same place "
                                  f"({display(path)}, {display(other_path)}); give them different paths")


def check_output_file(path: str | Path, inputs: Iterable[str | Path] = (), what: str = "output",
                      may_replace=None) -> Path:
    """Raise ``OutputError`` (one line) unless ``path`` can be written as a file without harming an input.

    ``inputs`` are files or directories read by the run: the output may not be one of the input files,
    nor hold an input; when it lies inside an input directory and exists, ``may_replace(path)`` must say
    it is safe to replace (e.g. it is one of our own outputs).  The directory is probed by creating and
    removing a temporary file, so the answer is the file system's, not a guess from permission bits.
    """
    path = Path(path)
    shown = display(path)
    if str(path) in ("", "-"):
        raise OutputError(f"{what} {shown!r}: not a file name")
    if path.is_dir():
        raise OutputError(f"{what} {shown} is a directory; give a file name")
    resolved = path.resolve()
    for item in inputs:
        item = Path(item)
        try:
            source = item.resolve()
        except OSError:
            continue
        if source == resolved:
            raise OutputError(f"{what} {shown} is one of the inputs; writing it would overwrite {display(item)}")
        if resolved.is_relative_to(source) and source.is_dir() and path.exists():
            if may_replace is None or not may_replace(path):
                raise OutputError(f"{what} {shown} is a file of the input {display(item)} and not one of this "
                                  "tool's outputs; refusing to overwrite it")
    parent = resolved.parent
    existing = nearest_existing(parent)
    if not existing.is_dir():
        raise OutputError(f"{what} {shown}: {display(existing)} is not a directory")
    if path.exists() and not path.is_file():
        raise OutputError(f"{what} {shown} exists and is not a regular file")
    if existing == parent:
        probe = temp_name(resolved, "tmp")
        try:
            fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            os.close(fd)
            os.unlink(probe)
        except OSError as exc:
            raise OutputError(f"{what} {shown}: cannot write in {display(parent)} ({exc.strerror or exc})") from None
    elif not os.access(existing, os.W_OK):
        raise OutputError(f"{what} {shown}: cannot create directories under {display(existing)}")
    return path


@contextlib.contextmanager
def atomic_write(path: str | Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator:
    """``with atomic_write(p) as fh: ...``: the target is replaced only when the block ends without error."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in stale_temps(path):
        remove_path(stale)
    perm = new_file_mode(path)
    tmp = temp_name(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(fd, perm)
        kwargs = {} if "b" in mode else {"encoding": encoding, "newline": "\n"}
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# One FileLock per lock file in this process: filelock's locks are re-entrant per object, and a second
# object on the same file would wait for the first forever.
_LOCKS: dict[str, object] = {}
_LOCKS_GUARD = threading.Lock()


def lock_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.lock")


@contextlib.contextmanager
def writer_lock(target: str | Path, timeout: float = DEFAULT_LOCK_TIMEOUT, on_wait=None) -> Iterator[None]:
    """Hold the writers' lock of ``target`` (a file ``.NAME.lock`` beside it) for the block.

    Waits up to ``timeout`` seconds for another writer (``on_wait(message)`` is called once when it has
    to wait), then raises ``LockTimeout``.  Re-entrant within a process.
    """
    from filelock import FileLock, Timeout

    target = Path(target).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    path = str(lock_path(target))
    with _LOCKS_GUARD:
        lock = _LOCKS.setdefault(path, FileLock(path))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if on_wait:
            on_wait(f"waiting for another process writing {display(target)} (lock {display(path)}) ...")
        try:
            lock.acquire(timeout=timeout)
        except Timeout:
            raise LockTimeout(f"{display(target)} is being written by another process (lock {display(path)}); "
                              f"waited {timeout:g} s, try again later") from None
    try:
        yield
    finally:
        lock.release()
