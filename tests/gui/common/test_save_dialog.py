"""File names suggested from user text are one plain file name: never a path, a device or a control code."""

from __future__ import annotations

from pathlib import Path

import pytest

from medcode_gui.gui.common import file_dialogs
from medcode_gui.gui.common.save_dialog import safe_file_name
from medcode_gui.gui.workspace.workspace_dock import WorkspaceDock
from medcode_gui.store.user_store import UserStore


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../x.csv", "x.csv"),
        ("..\\..\\x.csv", "x.csv"),
        ("changes-HCPCS/2019-to-HCPCS-2020.csv", "changes-HCPCS-2019-to-HCPCS-2020.csv"),
        ("con.csv", "_con.csv"),
        ("LPT1.pdf", "_LPT1.pdf"),
        ("a\x1b[31m\nred.csv", "a-[31m-red.csv"),
        ("....csv", "export.csv"),
        ("J1100.pdf", "J1100.pdf"),
        ("comparison-J1100-E0100.csv", "comparison-J1100-E0100.csv"),
    ],
)
def test_safe_file_name(name: str, safe: str) -> None:
    assert safe_file_name(name) == safe


def test_a_long_name_is_cut_before_its_extension() -> None:
    assert safe_file_name("x" * 300 + ".csv") == "x" * 100 + ".csv"


def test_a_list_named_like_a_path_is_offered_as_a_plain_file_name(qtbot, tmp_path: Path, monkeypatch) -> None:
    offered: list[str] = []

    def fake_dialog(parent, caption, suggested, file_filter):  # noqa: ANN001, ANN202 - QFileDialog's signature
        offered.append(suggested)
        return "", ""

    monkeypatch.setattr(file_dialogs.QFileDialog, "getSaveFileName", fake_dialog)
    with UserStore(tmp_path / "user.sqlite") as user_store:
        dock = WorkspaceDock(user_store, lambda code, kind: "")
        qtbot.addWidget(dock)
        assert dock.new_list("../../x")
        dock.choose_export()
    assert [Path(path).name for path in offered] == ["x.csv"]
    assert Path(offered[0]).parent == Path(file_dialogs.documents_folder())  # not the current directory
