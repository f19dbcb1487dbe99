"""The headset's choice menu: every row's text stays inside its row, one line or two."""

from __future__ import annotations

import pytest

p3d = pytest.importorskip("panda3d.core")

from simulator.xr.panels import ROW_WIDTH, TEXT_HEIGHT, Ui  # noqa: E402

pytestmark = pytest.mark.render


def test_a_choice_that_wraps_to_two_lines_is_drawn_smaller_not_22_times_larger(
    render_base,
) -> None:
    rig = render_base.render.attach_new_node("rig")
    head = rig.attach_new_node("head")
    ui = Ui(rig, head, render_base.loader)
    short = "Loop door."
    long = "Zeg rustig dat je hier niet over praat en loop door naar de ingang van het stadhuis."
    ui.show_menu("choices", "Wat doe je?", "", [short, long])
    labels = [
        path
        for path in ui.menu.path.find_all_matches("**/+TextNode")
        if path.node().get_text() in (short, long)
    ]
    by_text = {path.node().get_text(): path for path in labels}
    assert by_text[long].node().get_num_rows() == 2
    assert by_text[short].get_scale(rig)[0] == pytest.approx(TEXT_HEIGHT, rel=0.01)
    assert by_text[long].get_scale(rig)[0] == pytest.approx(TEXT_HEIGHT * 0.8, rel=0.01)
    low, high = by_text[long].get_tight_bounds(rig)
    assert high[0] - low[0] < ROW_WIDTH
    rig.remove_node()
