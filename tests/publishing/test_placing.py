"""Putting a build in place of ``output/``: an update cut short is repaired by the next build.

The builds here are staging folders written by hand (synthetic file names, no articles), put
in place by ``placing.place`` exactly as the build driver does after a clean build.
"""

from __future__ import annotations

import pytest

from huinong_column.publishing import placing

KEPT = {f"b{i}/index.html": f"B{i}" for i in range(5)}  # pages a rebuild reuses


def write(root, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def tree(root) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def build(tmp_path, number: int, files: dict[str, str], kept=frozenset()) -> str:
    staging = tmp_path / f".output-new-{number}"
    write(staging, files)
    return placing.place(staging, tmp_path / "output", set(kept), str(tmp_path / "cache"))


@pytest.mark.parametrize("record", ["kept", "lost"])
def test_an_update_cut_short_is_repaired_by_the_next(tmp_path, monkeypatch, record):
    first = {"a/index.html": "A1", "old/index.html": "gone later", **KEPT}
    assert build(tmp_path, 1, first) == "swap"
    if record == "lost":  # as after an upgrade from a version that kept no record
        for record in (tmp_path / "cache" / "huinong").glob("files-*.pickle"):
            record.unlink()
    second = {"a/index.html": "A2", "c/index.html": "C"}

    moved = []

    def move_then_stop(source, destination):
        if moved:
            raise OSError("the machine stopped")
        moved.append(destination)
        original_move(source, destination)

    original_move = placing._move
    monkeypatch.setattr(placing, "_move", move_then_stop)
    with pytest.raises(OSError):
        build(tmp_path, 2, second, kept=KEPT)
    monkeypatch.undo()
    assert tree(tmp_path / "output")["a/index.html"] == "A2"  # a mix of both builds
    assert "old/index.html" in tree(tmp_path / "output")

    assert build(tmp_path, 3, second, kept=KEPT) == "update"

    assert tree(tmp_path / "output") == {**second, **KEPT}
    assert not (tmp_path / "output" / "old").exists()


def test_an_update_refuses_an_output_replaced_meanwhile(tmp_path):
    build(tmp_path, 1, {"a/index.html": "A1", **KEPT})
    release = tmp_path / "release"
    (tmp_path / "output").rename(release)
    (tmp_path / "output").symlink_to(release)  # as `huinong publish` leaves it

    with pytest.raises(FileNotFoundError):
        build(tmp_path, 2, {"a/index.html": "A2"}, kept=KEPT)

    assert tree(release)["a/index.html"] == "A1"
