"""``huinong serve`` (``make devserver``): live preview on localhost.

Builds the site, serves ``output/`` with ``http.server`` on 127.0.0.1, and rebuilds when an
article, the registry, the theme or the settings change (``watchfiles``). Each rebuild runs
the all-or-nothing build driver in a child process: a broken article prints its one-line
error in this terminal, ``output/`` keeps the last good build, and the server keeps
answering. Stop it with Ctrl+C.

The pages it serves show themselves: the server adds one script tag to each HTML page as
it sends it (``preview.js``, served as a file, so the site's CSP needs no inline script).
The script asks ``/__huinong__/status`` what the last rebuild did: after a good one it
reloads the page, after a failed one it shows that build's messages over the page. The
files in ``output/`` are never changed, and the published site never has the script.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from contextlib import suppress
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import watchfiles

from ..column.inference import lexicon_path
from ..column.sources import read_column_settings

HOST = "127.0.0.1"  # never on a public interface: drafts are served too
SCRIPT_URL = "/__huinong__/reload.js"
STATUS_URL = "/__huinong__/status"
SHOWN = ("错误: ", "警告: ")  # the build's lines an editor must see in the page too


@dataclass
class Status:
    """What the last build did, for the pages' script: a number that changes with every
    build, whether it succeeded, and its error and warning lines."""

    build: int = 0
    ok: bool = True
    messages: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def finished(self, ok: bool, messages: list[str]) -> None:
        with self.lock:
            self.build += 1
            self.ok, self.messages = ok, messages

    def as_json(self) -> bytes:
        with self.lock:
            state = {"build": self.build, "ok": self.ok, "messages": self.messages}
        return json.dumps(state, ensure_ascii=False).encode("utf-8")


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves ``output/``, each HTML page with the preview's script; logs no request (the
    terminal is for build errors)."""

    def __init__(self, *args, status: Status, **kwargs):
        self.status = status
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        path = urlsplit(self.path).path
        if path == STATUS_URL:
            return self._send(self.status.as_json(), "application/json; charset=utf-8")
        if path == SCRIPT_URL:
            script = resources.files(__package__).joinpath("preview.js").read_bytes()
            return self._send(script, "text/javascript; charset=utf-8")
        page = Path(self.translate_path(self.path))
        if page.is_dir() and path.endswith("/"):
            page = page / "index.html"
        if page.suffix == ".html" and page.is_file():
            return self._send(self._with_script(page.read_bytes()), "text/html; charset=utf-8")
        return super().do_GET()

    def _with_script(self, html: bytes) -> bytes:
        with self.status.lock:
            build = self.status.build
        tag = f'<script src="{SCRIPT_URL}" data-build="{build}" defer></script>'.encode()
        end = html.rfind(b"</body>")
        return html[:end] + tag + html[end:] if end >= 0 else html + tag

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")  # always the last build
        self.end_headers()
        self.wfile.write(body)


class Rebuilder:
    """Runs the builds, and stops the one under way when Ctrl+C stops the preview.

    Each build runs in a session of its own, so Ctrl+C in the terminal reaches the preview
    only. The preview then ends the build's processes at once (SIGTERM to its group: a
    build stopped anywhere, even while Python starts, prints nothing) and waits for them,
    so that nothing prints after the preview's last line. ``output/`` is never left worse
    than a build cut short leaves it: the next build clears the staging folder and repairs
    an update (``placing``).
    """

    def __init__(self, settings_file: str, output: Path, extra: tuple[str, ...] = ()):
        self.command = [sys.executable, "-m", "huinong_column", "build", "-s", settings_file]
        self.command += ["-o", str(output), *extra]
        self.stopping = threading.Event()
        self.build: subprocess.Popen | None = None
        self.status = Status()

    def run(self) -> None:
        """One build; its lines are echoed here, and its errors kept for the pages."""
        if self.stopping.is_set():
            return
        self.build = subprocess.Popen(
            self.command,
            start_new_session=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        shown = []
        try:
            for line in self.build.stdout:
                print(line, end="", flush=True)
                if line.startswith(SHOWN):
                    shown.append(line.rstrip("\n"))
            ok = self.build.wait() == 0
        finally:
            self.build.stdout.close()
            self.build = None
        if not self.stopping.is_set():
            self.status.finished(ok, shown)

    def stop(self, *_) -> None:
        """The SIGINT handler: no KeyboardInterrupt lands in the middle of anything."""
        self.stopping.set()
        build = self.build
        if build is not None:
            with suppress(ProcessLookupError):
                os.killpg(build.pid, signal.SIGTERM)


def _watched(settings_file: str) -> list[Path]:
    settings = read_column_settings(settings_file)
    paths = [
        Path(settings["PATH"]),
        Path(settings["COLUMN_REGISTRY"]),
        lexicon_path(settings["COLUMN_REGISTRY"], settings),
        Path(settings["THEME"]),
        Path(settings_file).resolve(),
    ]
    return [p for p in paths if p.exists()]


def serve(settings_file: str, output: str | None, port: int, extra: tuple[str, ...] = ()) -> int:
    """Preview until Ctrl+C; ``extra`` goes to every build (``--quiet``, ``--verbose``)."""
    if not Path(settings_file).is_file():
        print(f"错误: {settings_file}: 找不到设置文件 修改办法：在网站根目录运行，或用 -s 指定")
        return 1
    target = Path(output or read_column_settings(settings_file)["OUTPUT_PATH"])
    target = target.resolve()
    rebuilder = Rebuilder(settings_file, target, extra)
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

    handler = partial(PreviewHandler, directory=str(target), status=rebuilder.status)
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
