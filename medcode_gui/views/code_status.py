"""A code's status in words, never contradicting the data it comes from: the banner (active, added,
terminated, discontinued, removed), whether it is new in its release and on what evidence, and a warning when
the sources shown beside it are years apart."""

from __future__ import annotations

from datetime import date
from typing import Any

APART_DAYS = 365  # sources whose effective dates are further apart than this get a warning


def status_banner(view: dict[str, Any]) -> dict[str, str]:
    """The one line a coder reads first: active, added in this release, terminated or discontinued.

    CMS dates a discontinuation by its action effective date (the first day the code is invalid) and gives
    the last valid day as the termination date, so the action date normally falls the day after it. For a few
    codes (G0502-G0505, G0507 and G0364 in 2018) CMS left the action date of an earlier action in place: the
    banner then says the dates disagree and shows both, rather than a discontinuation before the last valid day.
    When the view mixes releases (a fee schedule beside the code's release), the banner names its release.
    """
    ended, action = view.get("termination_date"), view.get("action_code")
    if view.get("removed_by"):
        text = f"Removed: not in {view['removed_by']}; last listed in {view['release']}"
        return {"state": "removed", "text": text + (f" (last valid date {ended})" if ended else "")}
    if view.get("in_view") is False:
        return {"state": "elsewhere", "text": f"Not in the releases shown; listed in {view['release']}"}
    if ended:
        return _ended_banner(view, ended, action)
    added = view.get("added") or _added_by_action_code(view)
    if added and added["added"]:
        return {"state": "added", "text": f"Active; {_lower_first(added['text'])}" + _dated(view)}
    if added:  # CMS's action code says added, an earlier release already lists it
        return {"state": "active", "text": f"Active; {added['text']}" + _dated(view)}
    return {"state": "active", "text": "Active" + _dated(view)}


def _ended_banner(view: dict[str, Any], ended: str, action: str | None) -> dict[str, str]:
    acted = view.get("action_effective_date")
    if acted and acted <= ended:
        text = (
            f"Terminated; last valid date {ended}. CMS's dates disagree: the action effective date {acted} is "
            f"{'before' if acted < ended else 'the same day as'} the termination date"
        )
        return {"state": "terminated", "text": text + _dated(view)}
    if action == "D" and acted:
        return {"state": "discontinued", "text": f"Discontinued on {acted}; last valid date {ended}" + _dated(view)}
    return {"state": "terminated", "text": f"Terminated; last valid date {ended}" + _dated(view)}


def _dated(view: dict[str, Any]) -> str:
    """The banner's release and effective date, when the view shows values from another release beside it."""
    fee = view.get("fee_schedule")
    if not fee or fee.get("release") == view.get("release"):
        return ""
    return f" ({view['release']}, effective {view['release_effective_date']})"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def added_status(view: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, Any] | None:
    """Whether the code is new in its release, and on what evidence (None: nothing says it is).

    previous: the release before this one of the same source ({"release": label, "holds": bool}), or None when
    no earlier release of that source is imported. With one, "added" comes from the history (added = not in the
    previous release) and CMS's action code is checked against it; without one, from the action code alone.
    """
    action, release = view.get("action_code"), view["release"]
    marked = action == "A"
    if previous is None:
        return _added_by_action_code(view)
    before = previous["release"]
    status: dict[str, Any] = {"release": release, "basis": "history", "previous": before, "action_code": action}
    if not previous["holds"]:
        text = f"Added in {release} (not in {before})"
        if (dated := view.get("added_date")) and dated < view["release_effective_date"]:
            text += f"; CMS's added date is {dated}"  # added by a quarterly update between the two files
        if action and not marked:
            text += f"; CMS's action code is {action}, not A (added)"
        return status | {"added": True, "disagrees": bool(action) and not marked, "text": text}
    if marked:
        text = f"CMS marks it added (action code A), but {before} already lists it"
        return status | {"added": False, "release": None, "disagrees": True, "text": text}
    return None


def _added_by_action_code(view: dict[str, Any]) -> dict[str, Any] | None:
    if view.get("action_code") != "A" or view.get("starter"):
        return None
    text = "Added in this release, per CMS's action code A; no earlier release imported to check"
    return {
        "added": True,
        "release": view["release"],
        "basis": "action_code",
        "previous": None,
        "action_code": "A",
        "disagrees": False,
        "text": text,
    }


def sources_apart(view: dict[str, Any]) -> dict[str, Any] | None:
    """A warning when the code's release and the fee schedule shown beside it are more than a year apart
    (HCPCS 2019's "Active" beside a 2025 fee schedule's status): each named with its date and file."""
    fee = view.get("fee_schedule")
    if not fee or fee["release"] == view["release"] or not fee.get("effective_date"):
        return None
    dates = [view["release_effective_date"], fee["effective_date"]]
    try:
        days = abs((date.fromisoformat(dates[1]) - date.fromisoformat(dates[0])).days)
    except ValueError:  # a release dated in a form we cannot compare is not claimed to be near or far
        return None
    if days <= APART_DAYS:
        return None
    years = int(days / 365.25)  # whole years: 2019-01-01 to 2025-10-01 is "over 6 years"
    releases = [
        {"release": view["release"], "effective_date": dates[0], "file": view["source"]["file"]},
        {"release": fee["release"], "effective_date": dates[1], "file": fee["file"]},
    ]
    text = (
        f"These sources are over {'a year' if years <= 1 else f'{years} years'} apart: the code's status is from "
        f"{releases[0]['release']} (effective {dates[0]}), the fee schedule from {releases[1]['release']} "
        f"(effective {dates[1]}); either may have changed since."
    )
    return {"text": text, "days": days, "releases": releases}


def describe_status(store: Any, view: dict[str, Any]) -> None:
    """Fill a found view's status from the store: "added" (from the release history where it can), the
    sources-apart warning, and the banner built from both."""
    from ..releases.code_history import previous_listing  # releases loads only when a code is shown

    official = not view["starter"]
    previous = previous_listing(store, view["code"], view["kind"], view["release"]) if official else None
    view["added"] = added_status(view, previous) if official else None
    view["sources_apart"] = sources_apart(view)
    view["banner"] = status_banner(view)
