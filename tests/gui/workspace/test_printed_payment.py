"""The printed card carries the payment section the pane showed: the figures with their releases and files,
no links on paper."""

from __future__ import annotations

from medcode_gui.gui.common.payment_data import PaymentChoice
from medcode_gui.gui.workspace.printed_card import card_html
from medcode_gui.store import ReferenceStore
from medcode_gui.views.code_view import lookup_view


def test_the_card_prints_the_payment_figures_with_their_sources(store: ReferenceStore) -> None:
    pfs = {"locality": {"mac": "01112", "number": "05", "name": "SAN FRANCISCO"}, "non_facility_amount": "1339.81"}
    pfs |= {"facility_amount": "1339.80", "conversion_factor": "32.3465", "release": "PFS-2025-D", "file": "P.csv"}
    addon = {"code": "J1100", "is_add_on": True, "primaries": [{"code": "J1094", "edit_type": "1"}], "add_ons": []}
    imported = {s: {"release": f"{s}-1", "file": "f"} for s in ("PFS", "GPCI", "AOC")}
    payment = {"code": "J1100", "choice": PaymentChoice(), "imported": imported, "addon": addon}
    payment["fee"] = {"physician_fee_schedule": pfs}
    html = card_html(lookup_view(store, "J1100") | {"payment": payment})
    assert "<h3>Payment and rules</h3>" in html
    assert "non-facility <b>$1339.81</b>, facility <b>$1339.80</b>" in html
    assert "(PFS-2025-D, P.csv)" in html and "J1094 <small>(edit type 1, in force)</small>" in html
    assert "href=" not in html.split("<h3>Payment and rules</h3>")[1].split("<h3>")[0]  # no links on paper
    assert "choose another" not in html
    assert "Payment and rules" not in card_html(lookup_view(store, "J1100"))
