"""The office's props: the folder and the mug stand on the meeting table's top, the folder has
its A4 size and goes in a hand, the furniture stands on the floor (render layer)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("panda3d")

from simulator.render.lighting import mood_for  # noqa: E402
from simulator.render.props import PropContext, build_prop  # noqa: E402
from simulator.render.textures import TextureKit  # noqa: E402
from simulator.scenario.loading import load_scene  # noqa: E402
from simulator.scenario.scene import Lighting, PropSpec  # noqa: E402

pytestmark = pytest.mark.render

ROOT = Path(__file__).resolve().parents[2]
OFFICE = load_scene(ROOT / "scenes" / "town_hall_office.yaml")


def _built(render_base, kind: str, **fields):
    ctx = PropContext(render_base.loader, ROOT / "assets", TextureKit(), mood_for(Lighting()))
    return build_prop(ctx, kind, PropSpec(kind=kind, **fields))


def test_the_folder_is_a_closed_a4_file_that_a_hand_can_hold(render_base):
    built = _built(render_base, "folder", text="Kempers Opslag")
    low, high = built.node.get_tight_bounds()
    assert high.x - low.x == pytest.approx(0.244, abs=0.005)
    assert high.y - low.y == pytest.approx(0.32, abs=0.005)
    assert low.z == pytest.approx(0, abs=1e-4) and high.z < 0.025
    assert built.grip is not None
    built.node.remove_node()


def test_the_mug_stands_upright_on_its_point(render_base):
    built = _built(render_base, "mug")
    low, high = built.node.get_tight_bounds()
    assert low.z == pytest.approx(0, abs=1e-4)
    assert high.z == pytest.approx(0.095, abs=0.002)
    assert built.grip is None
    built.node.remove_node()


@pytest.mark.parametrize("kind", ["meeting_table", "cabinet"])
def test_the_furniture_stands_on_the_floor_and_blocks_its_footprint(render_base, kind):
    built = _built(render_base, kind)
    low, _ = built.node.get_tight_bounds()
    assert low.z == pytest.approx(0, abs=1e-4)
    assert built.blocking
    built.node.remove_node()


def test_the_table_top_carries_the_folder_and_the_mug(render_base):
    table = OFFICE.props["meeting_table"]
    _, high = _built(render_base, "meeting_table").node.get_tight_bounds()
    for name in ("dossier", "mug"):
        prop = OFFICE.props[name]
        assert prop.pos[2] == pytest.approx(high.z, abs=1e-3), name
        reach = ((prop.pos[0] - table.pos[0]) ** 2 + (prop.pos[1] - table.pos[1]) ** 2) ** 0.5
        assert reach < 0.55 - 0.12, name
