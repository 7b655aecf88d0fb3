"""Every keyboard shortcut of the window, in one table: the actions and the F1 help are built from it."""

from __future__ import annotations

from html import escape

# name -> (keys, menu text, what it does)
SHORTCUTS: dict[str, tuple[list[str], str, str]] = {
    "find": (["Ctrl+L", "Ctrl+F"], "&Find", "Put the cursor in the search box"),
    "back": (["Alt+Left"], "&Back", "The previously viewed code"),
    "forward": (["Alt+Right"], "&Forward", "The next viewed code"),
    "previous_in_range": (["Ctrl+PgUp"], "&Previous code in range", "The code before this one on its outline leaf"),
    "next_in_range": (["Ctrl+PgDown"], "&Next code in range", "The code after this one on its outline leaf"),
    "reveal": (["Ctrl+R"], "&Reveal in tree", "Show the current code in the outline tree"),
    "choose_release": (["Ctrl+Shift+R"], "Choose &release…", "Pick the release the window shows (default: the newest)"),
    "choose_locality": (
        ["Ctrl+G"],
        "Choose &locality…",
        "Put the cursor in the locality box: a ZIP code, a county or a locality (the payment amounts' place)",
    ),
    "star": (["Ctrl+D"], "&Star", "Star or unstar the current code (My codes › Starred)"),
    "add_to_list": (["Ctrl+Shift+A"], "Add to &list…", "Add the current code to one of your code lists"),
    "show_workspace": (["Ctrl+Shift+M"], "&My codes", "Show or hide your starred codes, recent codes and lists"),
    "copy_code": (["Ctrl+C"], "&Copy code", "Copy the current code (copies selected text where there is some)"),
    "copy_with_description": (["Ctrl+Shift+C"], "Copy code and &description", "Copy the code, a tab, its description"),
    "add_to_comparison": (["Ctrl+K"], "&Add to comparison", "Add the current code to the comparison basket"),
    "show_comparison": (["Ctrl+Shift+K"], "Show &comparison", "Open the comparison basket: codes side by side"),
    "level_one": (
        ["Ctrl+Shift+L"],
        "HCPCS &Level I against CPT…",
        "The CMS record of every CPT code beside the AMA CPT record, descriptors diffed",
    ),
    "compare_releases": (
        ["Ctrl+Shift+D"],
        "Compare &releases…",
        "What changed from one release to another: added, removed, terminated, descriptors, fields",
    ),
    "open_database": (["Ctrl+O"], "&Open database…", "Open another reference database"),
    "import": (
        ["Ctrl+I"],
        "&Import release…",
        "Import release files: CMS HCPCS (zip, txt, xlsx), fee schedule (PPRRVU csv), CPT data files, CSV",
    ),
    "import_wizard": (
        ["Ctrl+Shift+I"],
        "Import &wizard…",
        "Add files, see what each was detected as and would add, fix labels and dates, import them at once",
    ),
    "update_from_cms": (
        [],
        "&Update from CMS…",
        "Download the newest quarterly HCPCS file from CMS and import it (the only use of the network)",
    ),
    "import_folder": (
        [],
        "Import &folder…",
        "Import a folder of AMA CPT data files (or drop the folder on the window)",
    ),
    "export_results": (["Ctrl+E"], "&Export results…", "Save the results shown as CSV, with release and source file"),
    "zoom_in": (["Ctrl++", "Ctrl+="], "Zoom &in", "Larger type in the tree, the results and the details"),
    "zoom_out": (["Ctrl+-"], "Zoom &out", "Smaller type"),
    "zoom_reset": (["Ctrl+0"], "&Actual size", "Type at its normal size"),
    "theme_system": ([], "Theme: follow the &system", "Light or dark as the desktop is"),
    "theme_light": ([], "Theme: &light", "Always light"),
    "theme_dark": ([], "Theme: &dark", "Always dark"),
    "print": (["Ctrl+P"], "&Print…", "Print the code shown as a card, with its release, file and checksum"),
    "save_pdf": (["Ctrl+Shift+P"], "Save as &PDF…", "Save the code shown as a card in a PDF file"),
    "print_list": ([], "Print resul&ts…", "Print the codes in the results list as a list, with their releases"),
    "save_list_pdf": ([], "Save &list as PDF…", "Save the codes in the results list as a PDF"),
    "present": (
        ["F11"],
        "Pr&esentation mode",
        "The code shown full screen in large type; arrows step (Esc or F11 leaves)",
    ),
    "about_data": ([], "&About this data…", "Releases, their sources and counts, and the licence notes"),
    "quit": (["Ctrl+Q"], "&Quit", "Close MedCode Browser"),
    "help": (["F1"], "&Keyboard shortcuts", "This list"),
}


def shortcuts_html() -> str:
    rows = "".join(
        f"<tr><td><b>{escape(', '.join(keys) or '—')}</b></td><td>{escape(text.replace('&', '').rstrip('…'))}</td>"
        f"<td>{escape(what)}</td></tr>"
        for keys, text, what in SHORTCUTS.values()
    )
    extra = (
        "<tr><td><b>Enter</b> or <b>Down</b> in the search box</td><td>Go to the results</td><td></td></tr>"
        "<tr><td><b>Up</b>, <b>Down</b></td><td>Move through results; the detail follows</td><td></td></tr>"
        "<tr><td><b>Escape</b> in the search box</td><td>Clear the search</td><td></td></tr>"
    )
    return f"<h2>Keyboard shortcuts</h2><table cellspacing='6'>{rows}{extra}</table>"
