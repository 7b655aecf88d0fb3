"""Back and forward through viewed codes; previous and next code in a range."""

from __future__ import annotations

from medcode_gui.store import ReferenceStore
from medcode_gui.views.navigation_history import History


def test_back_and_forward_like_a_browser() -> None:
    history = History()
    assert history.current is None and not history.can_go_back()
    for code in ("J1100", "E0100", "A0425"):
        history.visit(code)
    assert history.back() == "E0100" and history.back() == "J1100" and not history.can_go_back()
    assert history.forward() == "E0100"
    history.visit("G0121")  # a new visit drops the forward trail
    assert not history.can_go_forward() and history.back() == "E0100"
    history.visit("E0100")  # the same item again is not a new step
    assert history.current == "E0100" and history.can_go_forward()


def test_history_is_bounded() -> None:
    history = History(limit=3)
    for code in ("A", "B", "C", "D"):
        history.visit(code)
    assert history.back() == "C" and history.back() == "B" and not history.can_go_back()


def test_previous_and_next_code_in_the_same_range(store: ReferenceStore) -> None:
    assert store.adjacent_code("J9000", "code", 1) == "J9010"
    assert store.adjacent_code("J9010", "code", -1) == "J9000"
    assert store.adjacent_code("A0021", "code", -1) is None  # the first code of its leaf
    modifiers = [h.record.code for h in store.codes_in_node("hcpcs.modifiers.l_n")]
    after_lt = modifiers[modifiers.index("LT") + 1]
    assert store.adjacent_code("LT", "modifier", 1) == after_lt
