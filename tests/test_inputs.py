"""read_text: one helper reads every text file a user hands drill, each failure one line."""

from __future__ import annotations

import pytest

from salesops_drill.inputs import InputRefused, read_text


def refused(path, limit=1000, save_as="save the file as UTF-8") -> InputRefused:
    with pytest.raises(InputRefused) as caught:
        read_text(path, limit, "a test file", save_as)
    assert "\n" not in str(caught.value)
    return caught.value


def test_utf8_text_is_read_with_its_bom_dropped(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes("\ufeffcaf\u00e9: 1\n".encode())
    assert read_text(path, 1000, "a test file") == "caf\u00e9: 1\n"


def test_every_failure_says_why_and_where(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"ok: 1\ncaf\xe9: 2\n")
    found = refused(bad)
    assert found.line == 2
    assert str(found) == "not valid UTF-8 (byte 0xe9 at offset 9); save the file as UTF-8"
    wide = tmp_path / "wide.csv"
    wide.write_bytes("front,back\n".encode("utf-16"))
    found = refused(wide, save_as="save it as CSV")
    assert (found.line, str(found)) == (1, "the file is UTF-16 ('Unicode text'); save it as CSV")
    assert str(refused(tmp_path / "nope.yaml")) == "cannot read file: No such file or directory"
    assert "a directory" in str(refused(tmp_path))
    big = tmp_path / "big.yaml"
    big.write_bytes(b"x" * 2048)
    assert "a test file may be at most" in str(refused(big))
