"""OpenXR to Panda3D pose, projection and pointing maths (pure, no runtime needed)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from simulator.xr.maths import (
    Dwell,
    Fov,
    Rect,
    forward_of,
    heading_pitch,
    hit_row,
    position_to_panda,
    projection_matrix,
    quaternion_to_panda,
    ray_hit_panel,
    recentre_offset,
    rotate,
)


def _xr_quaternion_about(axis: tuple[float, float, float], degrees: float) -> tuple:
    half = math.radians(degrees) / 2
    x, y, z = (component * math.sin(half) for component in axis)
    return (x, y, z, math.cos(half))


def _clip(matrix: np.ndarray, point: tuple[float, float, float]) -> np.ndarray:
    clip = np.array([*point, 1.0]) @ matrix
    return clip[:3] / clip[3]


def test_positions_turn_from_y_up_minus_z_forward_to_z_up_y_forward() -> None:
    assert position_to_panda((0, 1.6, 0)).tolist() == [0, 0, 1.6]  # up stays up
    assert position_to_panda((0, 0, -2)).tolist() == [0, 2, 0]  # forward stays forward
    assert position_to_panda((0.3, 0, 0)).tolist() == [0.3, 0, 0]  # right stays right


def test_identity_orientation_looks_forward() -> None:
    q = quaternion_to_panda((0, 0, 0, 1))
    assert np.allclose(forward_of(q), (0, 1, 0))
    assert heading_pitch(forward_of(q)) == pytest.approx((0, 0))


@pytest.mark.parametrize("degrees", [30.0, 90.0, -45.0])
def test_turning_the_head_left_is_a_positive_heading(degrees: float) -> None:
    # OpenXR yaw is about +Y; turning left (counter-clockwise seen from above) is positive.
    q = quaternion_to_panda(_xr_quaternion_about((0, 1, 0), degrees))
    heading, pitch = heading_pitch(forward_of(q))
    assert heading == pytest.approx(degrees)
    assert pitch == pytest.approx(0, abs=1e-9)


def test_looking_up_is_a_positive_pitch() -> None:
    q = quaternion_to_panda(_xr_quaternion_about((1, 0, 0), 20.0))
    assert heading_pitch(forward_of(q)) == pytest.approx((0, 20))


def test_orientation_agrees_with_converting_rotated_vectors() -> None:
    xr_q = _xr_quaternion_about((0.6, 0.0, 0.8), 50.0)
    xr_vector = (0.2, -0.5, 0.9)
    xr_wxyz = (xr_q[3], xr_q[0], xr_q[1], xr_q[2])
    direct = position_to_panda(rotate(xr_wxyz, xr_vector))
    converted = rotate(quaternion_to_panda(xr_q), position_to_panda(xr_vector))
    assert np.allclose(direct, converted)


def test_symmetric_projection_puts_the_edges_on_the_clip_borders() -> None:
    fov = Fov(left=-0.8, right=0.8, up=0.8, down=-0.8)
    matrix = projection_matrix(fov, 0.1, 100.0)
    assert np.allclose(_clip(matrix, (0, 5, 0))[:2], (0, 0))
    tan = math.tan(0.8)
    assert np.allclose(_clip(matrix, (-tan, 1, 0))[:2], (-1, 0))
    assert np.allclose(_clip(matrix, (tan, 1, 0))[:2], (1, 0))
    assert np.allclose(_clip(matrix, (0, 1, tan))[:2], (0, 1))
    assert _clip(matrix, (0, 0.1, 0))[2] == pytest.approx(-1)
    assert _clip(matrix, (0, 100.0, 0))[2] == pytest.approx(1)


def test_asymmetric_projection_shifts_the_centre() -> None:
    # A left eye sees further to the left than to the right (as headsets report).
    fov = Fov(left=-0.9, right=0.7, up=0.75, down=-0.85)
    matrix = projection_matrix(fov, 0.05, 50.0)
    for angle_x, expect_x in ((fov.left, -1), (fov.right, 1)):
        assert _clip(matrix, (math.tan(angle_x), 1, 0))[0] == pytest.approx(expect_x)
    for angle_z, expect_y in ((fov.down, -1), (fov.up, 1)):
        assert _clip(matrix, (0, 1, math.tan(angle_z)))[1] == pytest.approx(expect_y)
    assert _clip(matrix, (0, 1, 0))[0] > 0  # straight ahead lies right of the image centre


def test_projection_refuses_nonsense() -> None:
    with pytest.raises(ValueError, match="near"):
        projection_matrix(Fov(-1, 1, 1, -1), 0.0, 10.0)
    with pytest.raises(ValueError, match="empty"):
        projection_matrix(Fov(0.5, 0.5, 1, -1), 0.1, 10.0)


def test_a_ray_from_the_front_hits_the_panel() -> None:
    hit = ray_hit_panel((0.1, -2.0, 0.2), (0, 1, 0))
    assert hit == pytest.approx((0.1, 0.2, 2.0))
    slanted = ray_hit_panel((0, -1, 0), (0.5, 1, -0.25))
    assert slanted == pytest.approx((0.5, -0.25, 1.0))


def test_rays_from_behind_or_away_miss() -> None:
    assert ray_hit_panel((0, 1.0, 0), (0, -1, 0)) is None  # from behind
    assert ray_hit_panel((0, -1.0, 0), (0, -1, 0)) is None  # pointing away
    assert ray_hit_panel((0, -1.0, 0), (1, 0, 0)) is None  # parallel


def test_hit_row_finds_the_row_under_the_point() -> None:
    rows = [Rect(-0.5, 0.5, 0.1, 0.2), Rect(-0.5, 0.5, -0.05, 0.05)]
    assert hit_row((0.0, 0.15), rows) == 0
    assert hit_row((0.4, 0.0), rows) == 1
    assert hit_row((0.6, 0.0), rows) is None
    assert hit_row(None, rows) is None


def test_recentre_puts_the_head_at_the_origin_facing_forward() -> None:
    head = (1.0, 2.0, 1.7)
    forward = (-math.sin(math.radians(30)), math.cos(math.radians(30)), -0.2)
    dx, dy, dh = recentre_offset(head, forward)
    assert dh == pytest.approx(-30)
    angle = math.radians(dh)
    moved = (
        head[0] * math.cos(angle) - head[1] * math.sin(angle) + dx,
        head[0] * math.sin(angle) + head[1] * math.cos(angle) + dy,
    )
    assert moved == pytest.approx((0, 0), abs=1e-9)


def test_dwell_fires_once_after_resting() -> None:
    dwell = Dwell(1.0)
    assert dwell.update(2, 0.1) is None  # the gaze arrives
    fired = [dwell.update(2, 0.25) for _ in range(6)]
    assert fired == [None, None, None, 2, None, None]
    assert dwell.progress == 1.0
    assert dwell.update(1, 0.1) is None  # moving away starts again
    assert dwell.progress == 0.0
    assert dwell.update(None, 5.0) is None
