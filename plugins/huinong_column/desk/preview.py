"""``huinong serve`` (``make devserver``): live preview on localhost.

Builds the site, serves ``output/`` with ``http.server`` on 127.0.0.1, and rebuilds when an
article, the registry, the theme or the settings change (``watchfiles``). Each rebuild runs
the all-or-nothing build driver in a child process: a broken article prints its one-line
error in this terminal, ``output/`` keeps the last good build, and the server keeps
answering. Stop it with Ctrl+C.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from contextlib import suppress
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import watchfiles
from pelican.settings import read_settings

from ..column.inference import lexicon_path

HOST = "127.0.0.1"  # never on a public interface: drafts are served too


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging every request: the terminal is for build errors."""

    def log_message(self, format, *args):
        pass


class Rebuilder:
    """Runs the builds, and stops the one under way when Ctrl+C stops the preview.

    Each build runs in a session of its own, so Ctrl+C in the terminal reaches the preview
    only. The preview then ends the build's processes at once (SIGTERM to its group: a
    build stopped anywhere, even while Python starts, prints nothing) and waits for them,
    so that nothing prints after the preview's last line. ``output/`` is never left worse
    than a build cut short leaves it: the next build clears the staging folder and repairs
    an update (``placing``).
    """

    def __init__(self, settings_file: str, output: Path):
        self.command = [sys.executable, "-m", "huinong_column", "build", "-s", settings_file]
        self.command += ["-o", str(output)]
        self.stopping = threading.Event()
        self.build: subprocess.Popen | None = None

    def run(self) -> None:
        if self.stopping.is_set():
            return
        self.build = subprocess.Popen(self.command, start_new_session=True)
        try:
            self.build.wait()
        finally:
            self.build = None

    def stop(self, *_) -> None:
        """The SIGINT handler: no KeyboardInterrupt lands in the middle of anything."""
        self.stopping.set()
        build = self.build
        if build is not None:
            with suppress(ProcessLookupError):
                os.killpg(build.pid, signal.SIGTERM)


def _watched(settings_file: str) -> list[Path]:
    settings = read_settings(str(Path(settings_file).resolve()))
    paths = [
        Path(settings["PATH"]),
        Path(settings["COLUMN_REGISTRY"]),
        lexicon_path(settings["COLUMN_REGISTRY"], settings),
        Path(settings["THEME"]),
        Path(settings_file).resolve(),
    ]
    return [p for p in paths if p.exists()]


def serve(settings_file: str, output: str | None, port: int) -> int:
    if not Path(settings_file).is_file():
        print(f"错误: {settings_file}: 找不到设置文件 修改办法：在网站根目录运行，或用 -s 指定")
        return 1
    target = Path(output or read_settings(str(Path(settings_file).resolve()))["OUTPUT_PATH"])
    target = target.resolve()
    rebuilder = Rebuilder(settings_file, target)
    previous = signal.signal(signal.SIGINT, rebuilder.stop)
    try:
        return _serve(settings_file, target, port, rebuilder)
    finally:
        signal.signal(signal.SIGINT, previous)


def _serve(settings_file: str, target: Path, port: int, rebuilder: Rebuilder) -> int:
    rebuilder.run()  # a failed first build still starts the server
    if rebuilder.stopping.is_set():
        print("预览已停止。")
        return 0
    target.mkdir(parents=True, exist_ok=True)

    handler = partial(QuietHandler, directory=str(target))
    try:
        server = ThreadingHTTPServer((HOST, port), handler)
    except OSError as exc:
        print(
            f"错误: {HOST}:{port}: 无法监听（{exc.strerror}） 修改办法："
            "端口可能已被另一个预览占用，先停止它，或用 --port 换一个端口"
        )
        return 1
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # An empty set of changes every 0.1 s: the first says the watcher is running, and only
    # then is the address shown, so that no edit made after it can be missed.
    watching = watchfiles.watch(
        *_watched(settings_file),
        stop_event=rebuilder.stopping,
        raise_interrupt=False,
        yield_on_timeout=True,
        rust_timeout=100,
    )
    address = f"预览地址：http://{HOST}:{server.server_port}/ （改动后自动重新构建，Ctrl+C 停止）"
    try:
        for changes in watching:
            if address:
                print(address, flush=True)
                address = ""
            if not changes:
                continue
            changed = sorted({Path(path).name for _, path in changes})
            print(f"有改动（{'、'.join(changed)}），重新构建……", flush=True)
            rebuilder.run()
            sys.stdout.flush()
            if rebuilder.stopping.is_set():
                break
    finally:
        server.shutdown()
    print("预览已停止。")
    return 0
