"""Debian's nginx serving a site folder with the repository's ``deploy/nginx/hnqf.conf``.

nginx runs as a child process with its own prefix (config, logs, temporary files) in a
given folder, on 127.0.0.1 and a free port; of the repository's config only ``listen`` and
``root`` change. Used by ``test_nginx.py``, the browser tests and ``make quality``.
"""

from __future__ import annotations

import http.client
import os
import pwd
import re
import socket
import subprocess
import time
from pathlib import Path

NGINX = "/usr/sbin/nginx"
BROTLI_MODULE = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"
CONFIG = Path(__file__).resolve().parents[1] / "deploy/nginx/hnqf.conf"
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def site_config(port: int, root: Path) -> str:
    """The repository's config with only the address and the served folder changed."""
    text = CONFIG.read_text(encoding="utf-8")
    text, listens = re.subn(r"(?m)^\s*listen\s[^;]*;\n", "", text)
    text, roots = re.subn(
        r"(?m)^(\s*)root\s[^;]*;", rf"\1listen {HOST}:{port};\n\1root {root};", text
    )
    if listens < 1 or roots != 1:
        raise ValueError(f"{CONFIG}: the listen/root lines changed shape")
    return text


def main_config(prefix: Path, port: int, root: Path) -> str:
    (prefix / "hnqf.conf").write_text(site_config(port, root), encoding="utf-8")
    temp = " ".join(
        f"{name}_temp_path {prefix / name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # Run as root (CI), nginx's workers would drop to "nobody", who cannot read pytest's
    # private temporary folders; keep the workers as the user running the test.
    user = pwd.getpwuid(os.geteuid()).pw_name
    return f"""
        daemon off;
        worker_processes 1;
        {"user " + user + ";" if os.geteuid() == 0 else ""}
        pid {prefix / "nginx.pid"};
        error_log {prefix / "error.log"} warn;
        load_module {BROTLI_MODULE};
        events {{ worker_connections 64; }}
        http {{
            include /etc/nginx/mime.types;
            default_type application/octet-stream;
            access_log {prefix / "access.log"};
            {temp}
            include {prefix / "hnqf.conf"};
        }}
    """


class Nginx:
    """``root`` served at ``base_url`` until ``close()`` (or the end of a ``with`` block).

    ``prefix`` is an empty folder for nginx's own files; ``port`` defaults to a free one
    (pass it when the site was published for that address).
    """

    def __init__(self, root: Path, prefix: Path, port: int | None = None):
        self.root, self.port = Path(root).resolve(), port or free_port()  # nginx needs absolute
        self.base_url = f"http://{HOST}:{self.port}"
        prefix.mkdir(parents=True, exist_ok=True)
        (prefix / "nginx.conf").write_text(
            main_config(prefix, self.port, self.root), encoding="utf-8"
        )
        command = [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf")]
        command += ["-e", str(prefix / "error.log")]
        log = prefix / "stderr.log"
        with open(log, "wb") as handle:
            self._process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT)
        for _ in range(600):  # wait until it listens (or has died)
            if self._process.poll() is not None:
                raise RuntimeError(f"nginx stopped: {log.read_text()}")
            try:
                socket.create_connection((HOST, self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        self.close()
        raise RuntimeError("nginx did not start listening")

    def url(self, path: str = "/") -> str:
        return self.base_url + "/" + path.lstrip("/")

    def get(self, path: str, encoding: str | None = None):
        """(status, headers with lower-case names, raw body): nothing is decoded."""
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        headers = {"Accept-Encoding": encoding} if encoding else {}
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        result = (
            response.status,
            {k.lower(): v for k, v in response.getheaders()},
            response.read(),
        )
        connection.close()
        return result

    def pages(self) -> list[str]:
        """URL path of every HTML page in the tree but the 404 page."""
        paths = sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html"))
        return ["/" + p.removesuffix("index.html") for p in paths if p != "404.html"]

    def close(self) -> None:
        self._process.terminate()
        self._process.wait(timeout=60)

    def __enter__(self) -> Nginx:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
