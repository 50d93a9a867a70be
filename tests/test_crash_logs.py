"""The log file: where it lives, that it costs nothing until used, what a crash writes."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sreplan import logs, paths


@pytest.fixture(autouse=True)
def _detach_log_handler() -> Iterator[None]:
    """Each test configures its own handler; close it so no file stays open."""
    yield
    logs.unconfigure()


def _bug() -> None:
    raise ZeroDivisionError("injected for the test")


def _crash(where: str = "the test") -> logs.Crash:
    try:
        _bug()
    except ZeroDivisionError as exc:
        return logs.record_crash(type(exc), exc, exc.__traceback__, where)
    raise AssertionError("the bug did not raise")


def test_log_dir_follows_sreplan_home(_isolated_home: Path) -> None:
    assert paths.log_dir() == _isolated_home / "logs"
    assert logs.log_file() == _isolated_home / "logs" / "sreplan.log"


def test_log_dir_without_sreplan_home_is_the_platform_log_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import platformdirs

    monkeypatch.delenv("SREPLAN_HOME")
    expected = platformdirs.user_log_dir(paths.APP_NAME, paths.APP_AUTHOR)
    assert paths.log_dir() == Path(expected)


def test_configuring_creates_nothing_until_something_is_logged(_isolated_home: Path) -> None:
    path = logs.configure()

    assert not path.parent.exists()
    logging.getLogger("sreplan.test").info("hello from the test")
    assert "INFO sreplan.test [MainThread] hello from the test" in path.read_text("utf-8")


def test_configure_twice_keeps_one_handler_and_follows_a_new_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = logs.configure()
    assert logs.configure() == first
    monkeypatch.setenv("SREPLAN_HOME", str(tmp_path / "elsewhere"))

    second = logs.configure()
    logging.getLogger("sreplan.test").warning("moved")

    handlers = logging.getLogger(logs.LOGGER).handlers
    assert sum(type(h).__name__ == "_LazyRotatingFile" for h in handlers) == 1
    assert second == tmp_path / "elsewhere" / "logs" / "sreplan.log"
    assert "moved" in second.read_text("utf-8")
    assert not first.exists()


def test_record_crash_writes_the_traceback_and_describes_it() -> None:
    crash = _crash("sreplan budget")

    text = crash.log_file.read_text("utf-8")
    assert "CRITICAL sreplan.crash" in text
    assert "Unhandled ZeroDivisionError in sreplan budget (SRE Plan " in text
    assert "Traceback (most recent call last):" in text
    assert "in _bug" in text
    assert "ZeroDivisionError: injected for the test" in text
    assert crash.summary == "ZeroDivisionError: injected for the test"
    assert crash.log_error is None
    assert crash.details.startswith("Unhandled ZeroDivisionError in sreplan budget")
    assert "in _bug" in crash.details


def test_summary_is_one_short_line() -> None:
    exc = ValueError("first line\nsecond line " + "x" * 500)

    assert logs.summarize(ValueError, exc) == "ValueError: first line"
    long = logs.summarize(ValueError, ValueError("y" * 500))
    assert len(long) == logs.SUMMARY_LIMIT and long.endswith("…")


def test_the_log_rotates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 2_000)
    path = logs.configure()
    for _ in range(30):
        _crash()

    backups = sorted(p.name for p in path.parent.iterdir())
    assert backups == ["sreplan.log", "sreplan.log.1", "sreplan.log.2", "sreplan.log.3"]
    assert all(p.stat().st_size <= 2_000 for p in path.parent.iterdir())


def test_an_unwritable_log_folder_is_reported_not_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the home folder should be")
    monkeypatch.setenv("SREPLAN_HOME", str(blocker))

    crash = _crash()

    assert crash.log_error is not None
    assert crash.log_file == blocker / "logs" / "sreplan.log"
    assert "ZeroDivisionError: injected for the test" in crash.details
    assert capsys.readouterr() == ("", "")  # logging's own complaint stays off stderr


def test_a_failed_write_is_reported_too(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    logs.configure()
    logging.getLogger("sreplan.test").info("the file is open now")

    handler = next(h for h in logging.getLogger(logs.LOGGER).handlers if hasattr(h, "error"))
    file_handler = handler._file  # type: ignore[attr-defined]

    class FullDisk:
        """The open log file, except that nothing more fits."""

        def write(self, text: str) -> int:
            raise OSError(28, "No space left on device")

        def __getattr__(self, name: str) -> object:
            return getattr(real, name)

    real = file_handler.stream
    monkeypatch.setattr(file_handler, "stream", FullDisk())
    crash = _crash()

    assert crash.log_error == "No space left on device"
    assert capsys.readouterr().err == ""


def test_configuring_does_not_import_logging_handlers() -> None:
    """logging.handlers (socket, pickle, queue) costs ~10 ms; start-up does not pay it."""
    import subprocess

    code = (
        "import sys; from sreplan import logs; logs.configure(); "
        "print('logging.handlers' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "False", result.stderr
