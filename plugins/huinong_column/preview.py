"""``huinong serve`` (``make devserver``): live preview on localhost.

Builds the site, serves ``output/`` with ``http.server`` on 127.0.0.1, and rebuilds when an
article, the registry, the theme or the settings change (``watchfiles``). Each rebuild runs
the all-or-nothing build driver in a child process: a broken article prints its one-line
error in this terminal, ``output/`` keeps the last good build, and the server keeps
answering. Stop it with Ctrl+C.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import watchfiles
from pelican.settings import read_settings

HOST = "127.0.0.1"  # never on a public interface: drafts are served too


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging every request: the terminal is for build errors."""

    def log_message(self, format, *args):
        pass


def _rebuild(settings_file: str, output: Path) -> int:
    command = [sys.executable, "-m", "huinong_column", "build", "-s", settings_file]
    build = subprocess.Popen([*command, "-o", str(output)])
    try:
        return build.wait()
    except KeyboardInterrupt:
        # Stopped mid-build: let the build stop too, as Ctrl+C in a terminal does, and wait
        # for it, so that it cleans up after itself and no process of it prints after us.
        build.send_signal(signal.SIGINT)
        build.wait()
        raise


def _watched(settings_file: str) -> list[Path]:
    settings = read_settings(str(Path(settings_file).resolve()))
    paths = [
        Path(settings["PATH"]),
        Path(settings["COLUMN_REGISTRY"]),
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
    _rebuild(settings_file, target)  # a failed first build still starts the server
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
    print(f"预览地址：http://{HOST}:{server.server_port}/ （改动后自动重新构建，Ctrl+C 停止）")
    sys.stdout.flush()
    try:
        for changes in watchfiles.watch(*_watched(settings_file)):
            changed = sorted({Path(path).name for _, path in changes})
            print(f"有改动（{'、'.join(changed)}），重新构建……", flush=True)
            _rebuild(settings_file, target)
            sys.stdout.flush()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    print("预览已停止。")
    return 0
