"""What each shipped scene costs to draw from the trainee's eyes, against the headset budgets.

Run with ``make bench-render`` or ``python benchmarks/bench_render.py [--size WxH]``. For
every scene in ``scenes/`` a fresh process opens an offscreen buffer, plays a one-node
scenario in the full 3D player (HUD, SessionFlow ticking, people animating and looking at
the trainee) and reports:

- draw calls (geoms left after view-frustum culling, HUD included) and triangles in view,
  from every ``trainee*`` mark, worst first; texture memory of what is in view;
- the median frame time of the full player against bare Panda3D rendering the same scene
  graph in the same process, its Actors playing their animations by themselves
  (alternating blocks of frames, so drift hits both alike): the framework's overhead ratio;
- startup: from launching the process to the first rendered frame of the scene.

Budgets (so the same scenes can run on a standalone headset later): at most 150 draw calls
and 300,000 triangles in view, overhead ratio at most 1.10. The exit status is 1 when a
scene is over budget. Without an X display the script runs itself under ``xvfb-run``, since
Panda3D's auto shader does not compile through EGL with Mesa here.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MAX_DRAW_CALLS = 150
MAX_TRIANGLES = 300_000
MAX_OVERHEAD = 1.10


def bench_scenario(scene_id: str, marks: list[str], actors: dict[str, str]) -> str:
    """A one-node scenario: every actor at its own mark looking at the trainee at ``marks[0]``."""
    cast = "".join(f"  {a}: {{nl: {a}, en: {a}}}\n" for a in actors)
    staged = "".join(
        f"      {a}: {{mark: {mark}, animation: idle, look_at: trainee}}\n"
        for a, mark in actors.items()
    )
    speaker = next(iter(actors), "narrator")
    return f"""format: 1
id: bench_{scene_id}
version: "1"
title: {{nl: Meting, en: Benchmark}}
description: {{nl: Meting., en: Benchmark.}}
scene: {scene_id}
content_warning: {{nl: Geen., en: None.}}
audience: {{nl: Tests., en: Tests.}}
learning_objectives: [{{nl: Meten., en: Measure.}}]
cast:
{cast or "  {}"}
start: view
stagings:
  here:
    trainee: {{mark: {marks[0]}}}
    actors:
{staged or "      {}"}
nodes:
  view:
    staging: here
    lines:
      - id: words
        speaker: {speaker}
        text:
          nl: Goedenavond. We wilden even met u praten over die vergunning, als het uitkomt.
          en: Good evening. We wanted a word with you about that permit, if it suits you.
    choices:
      - {{id: stay, text: {{nl: Blijf., en: Stay.}}, goto: view, feedback: {{nl: -, en: -}}}}
      - {{id: leave, text: {{nl: Ga., en: Go.}}, goto: done, feedback: {{nl: -, en: -}}}}
  done:
    staging: here
    ending:
      id: done
      outcome: safe_reported
      summary: {{nl: Klaar., en: Done.}}
      feedback: {{nl: Klaar., en: Done.}}
"""


def measure_scene(scene_path: Path, size: tuple[int, int], frames: int, launched: float) -> dict:
    """Run in a fresh process: build the player for one scene and measure it."""
    import panda3d.core as p3d

    from simulator.render.app import Player, Presentation, WindowOptions, open_window
    from simulator.render.hud import StartChoices
    from simulator.render.stats import view_stats
    from simulator.scenario.loading import load_scenario, load_scene

    scene = load_scene(scene_path)
    marks = [m for m in scene.marks if m.startswith("trainee")] or list(scene.marks)
    actors = {actor_id: spec.mark for actor_id, spec in scene.actors.items()}
    # A throwaway project beside the real one: its scenario, the real scenes and assets.
    project = Path(tempfile.mkdtemp(prefix="bench-render-"))
    (project / "scenes").symlink_to(ROOT / "scenes")
    (project / "assets").symlink_to(ROOT / "assets")
    (project / "scenarios").mkdir()
    path = project / "scenarios" / "bench.yaml"
    path.write_text(bench_scenario(scene.id, marks, actors))
    loaded = load_scenario(path, explore=False)

    base = open_window(WindowOptions(size=size, offscreen=True, title="bench"))
    pipe = base.pipe.get_type().get_name()
    player = Player(base, loaded, Presentation(language="nl", ask_at_start=False))
    player._begin(StartChoices("nl", 2, "BENC-CHM5"))
    player._frame(0.0)
    base.graphics_engine.render_frame()
    base.graphics_engine.sync_frame()
    startup = time.time() - launched

    per_mark = {}
    stage = player.stage_view
    overlays = [base.render2d]
    for mark in marks:
        base.camera.set_pos_hpr(*stage.environment.eye_pose(mark, stage.eye_height))
        stats = view_stats(player.world, base.cam, overlays)
        per_mark[mark] = {
            "draw_calls": stats.draw_calls,
            "scene_draw_calls": stats.scene_draw_calls,
            "hud_draw_calls": stats.overlay_draw_calls,
            "triangles": stats.triangles,
            "texture_mb": round(stats.texture_bytes / 2**20, 2),
        }
    shadow = stage.environment.lights.sun.node().get_shadow_buffer_size()
    shadow_mb = shadow.x * shadow.y * 4 / 2**20  # one 32-bit depth texture
    position, hpr = stage.eye_pose()
    player.viewpoint.set_pose(position, hpr[0], fade=False)

    clock = p3d.ClockObject.get_global_clock()
    last = [clock.get_real_time()]

    python: list[float] = []

    def full_frame() -> None:
        now = clock.get_real_time()
        start = time.perf_counter()
        player._frame(min(0.1, now - last[0]))
        python.append(time.perf_counter() - start)
        last[0] = now
        base.task_mgr.step()

    def bare_frame() -> None:
        base.task_mgr.step()

    def to_bare() -> None:
        # Bare Panda3D animates the same people by itself: each plays its current loop.
        for person in stage.people.values():
            person.actor.loop(person.current, restart=0)

    for _ in range(20):  # warm up: shaders compiled, textures uploaded, people settled
        full_frame()
    # Frames alternate between the two (in turn first), so load from elsewhere on the
    # machine and drift hit both alike; switching is not timed.
    modes = {"bare": (to_bare, bare_frame), "full": (lambda: None, full_frame)}
    times: dict[str, list[float]] = {"full": [], "bare": []}
    cpu: dict[str, list[float]] = {"full": [], "bare": []}
    for index in range(frames):
        order = ("bare", "full") if index % 2 else ("full", "bare")
        for name in order:
            prepare, frame = modes[name]
            prepare()
            last[0] = clock.get_real_time() - 1 / 30
            start, start_cpu = time.perf_counter(), time.process_time()
            frame()
            base.graphics_engine.sync_frame()
            times[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)
    full = statistics.median(times["full"])
    bare = statistics.median(times["bare"])
    full_cpu = statistics.median(cpu["full"])
    bare_cpu = statistics.median(cpu["bare"])
    player.close()
    base.destroy()
    shutil.rmtree(project)
    return {
        "scene": scene.id,
        "pipe": pipe,
        "size": f"{size[0]}x{size[1]}",
        "viewpoint": marks[0],
        "marks": per_mark,
        "frame_ms_full": round(full * 1000, 2),
        "frame_ms_bare": round(bare * 1000, 2),
        "overhead": round(full / bare, 3),
        "cpu_ms_full": round(full_cpu * 1000, 2),
        "cpu_ms_bare": round(bare_cpu * 1000, 2),
        "cpu_overhead": round(full_cpu / bare_cpu, 3),
        "python_ms": round(statistics.median(python) * 1000, 3),
        "startup_s": round(startup, 2),
        "shadow_map_mb": round(shadow_mb, 2),
    }


def over_budget(result: dict) -> list[str]:
    """What in one scene's result breaks a budget, in words; empty when all is well."""
    problems = []
    for mark, stats in result["marks"].items():
        if stats["draw_calls"] > MAX_DRAW_CALLS:
            problems.append(f"{mark}: {stats['draw_calls']} draw calls > {MAX_DRAW_CALLS}")
        if stats["triangles"] > MAX_TRIANGLES:
            problems.append(f"{mark}: {stats['triangles']} triangles > {MAX_TRIANGLES}")
    if result["overhead"] > MAX_OVERHEAD:
        problems.append(f"overhead ratio {result['overhead']} > {MAX_OVERHEAD}")
    return problems


def _report(results: list[dict]) -> None:
    for result in results:
        worst = max(result["marks"].items(), key=lambda item: item[1]["draw_calls"])
        print(
            f"\n{result['scene']} ({result['size']}, {result['pipe']}); "
            f"startup to first frame {result['startup_s']:.2f} s"
        )
        print(f"  {'viewpoint':24} {'draws':>6} {'(hud)':>6} {'triangles':>10} {'tex MB':>7}")
        for mark, stats in result["marks"].items():
            print(
                f"  {mark:24} {stats['draw_calls']:6} {stats['hud_draw_calls']:6} "
                f"{stats['triangles']:10,} {stats['texture_mb']:7.2f}"
            )
        print(
            f"  frame at {result['viewpoint']}: full player {result['frame_ms_full']:.2f} ms, "
            f"bare Panda3D {result['frame_ms_bare']:.2f} ms, overhead ratio "
            f"{result['overhead']:.3f} (budget {MAX_OVERHEAD}); process CPU per frame "
            f"{result['cpu_ms_full']:.2f} / {result['cpu_ms_bare']:.2f} ms, ratio "
            f"{result['cpu_overhead']:.3f}"
        )
        print(
            f"  the player's own Python per frame (people, viewpoint, HUD, flow): "
            f"{result['python_ms']:.2f} ms"
        )
        print(
            f"  worst view: {worst[0]} with {worst[1]['draw_calls']} draw calls; "
            f"plus the sun's shadow map, {result['shadow_map_mb']:.0f} MB"
        )
        problems = over_budget(result)
        print("  OVER BUDGET: " + "; ".join(problems) if problems else "  within budget")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1280x720", help="buffer size WxH (default 1280x720)")
    parser.add_argument("--frames", type=int, default=200, help="timed frames per mode")
    parser.add_argument("--scene", action="append", help="only these scene ids")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--launched", type=float, help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    width, height = (int(part) for part in arguments.size.lower().split("x"))

    if arguments.one is not None:
        result = measure_scene(
            arguments.one, (width, height), arguments.frames, arguments.launched or time.time()
        )
        print("RESULT " + json.dumps(result))
        return 0

    if not os.environ.get("DISPLAY") and shutil.which("xvfb-run"):
        command = ["xvfb-run", "-a", "-s", "-screen 0 1920x1080x24", sys.executable]
        return subprocess.call([*command, __file__, *(argv or sys.argv[1:])])

    scenes = sorted((ROOT / "scenes").glob("*.yaml"))
    if arguments.scene:
        scenes = [path for path in scenes if path.stem in arguments.scene]
    results = []
    for path in scenes:
        launched = time.time()
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(path), "--launched", str(launched)]
            + ["--size", arguments.size, "--frames", str(arguments.frames)],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
        if done.returncode != 0 or not lines:
            print(f"{path.stem}: the measurement failed:\n{done.stderr[-3000:]}", file=sys.stderr)
            return 2
        results.append(json.loads(lines[-1][len("RESULT ") :]))
    _report(results)
    if arguments.json:
        arguments.json.write_text(json.dumps(results, indent=2) + "\n")
    return 1 if any(over_budget(result) for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
