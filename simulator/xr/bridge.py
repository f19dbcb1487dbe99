"""A thin OpenXR bridge of our own over pyopenxr (xr layer): the only module importing ``xr``.

``XrBridge`` is a context manager. ``open()`` makes the instance and finds the
headset (before any window opens, so a missing runtime or headset is a plain
message and the monitor can take over); ``begin_session()`` binds the OpenGL
context that is current on this thread, creates the reference space, one
sRGB-with-alpha swapchain per eye and the action set with its bindings. Each
frame: ``poll()`` handles session states, ``wait_frame()`` waits, begins and
locates the views, the caller renders each eye between ``acquire(eye)`` and
``release(eye)``, ``controls()`` syncs input, and ``end_frame()`` submits a
projection layer at the predicted display time. ``close()`` destroys
everything in reverse order of creation.

Everything handed out is plain data in OpenXR coordinates (Y up, -Z
forward); ``simulator.xr.maths`` converts it for Panda3D.
"""

from __future__ import annotations

import contextlib
import ctypes
import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from simulator.xr.errors import HeadsetLost, NoHeadset, NoRuntime, XrUnavailable
from simulator.xr.maths import Fov

__all__ = [
    "BINDINGS",
    "BridgeOptions",
    "Controls",
    "Frame",
    "Hand",
    "SessionEnd",
    "View",
    "XrBridge",
]

GL_SRGB8_ALPHA8 = 0x8C43
GL_RGBA8 = 0x8058
SWAPCHAIN_FORMATS = (GL_SRGB8_ALPHA8, GL_RGBA8)
"""Preferred first. Always with alpha: Monado refuses GL_SRGB8."""
VALIDATION_LAYER = "XR_APILAYER_LUNARG_core_validation"

HANDS = ("left", "right")
BINDINGS: dict[str, dict[str, tuple[str, ...]]] = {
    # profile: action -> input paths (for both hands unless the path names a hand)
    "/interaction_profiles/khr/simple_controller": {
        "select": ("input/select/click",),
        "menu": ("input/menu/click",),
        "aim": ("input/aim/pose",),
    },
    "/interaction_profiles/oculus/touch_controller": {
        "select": ("input/trigger/value",),
        "menu": ("/user/hand/left/input/menu/click", "/user/hand/right/input/b/click"),
        "aim": ("input/aim/pose",),
    },
    "/interaction_profiles/valve/index_controller": {
        "select": ("input/trigger/click",),
        "menu": ("input/b/click",),
        "aim": ("input/aim/pose",),
    },
    "/interaction_profiles/htc/vive_controller": {
        "select": ("input/trigger/click",),
        "menu": ("input/menu/click",),
        "aim": ("input/aim/pose",),
    },
}
"""Suggested bindings: select (trigger), menu (pause) and the aim pose, per profile."""


class SessionEnd(enum.Enum):
    """Why a session is over."""

    REQUESTED = "requested"
    """We asked to exit (the scenario ended or the trainee stopped)."""
    RUNTIME = "runtime"
    """The runtime stopped or exited the session (STOPPING or EXITING that we did not ask for)."""
    LOST = "lost"
    """The session or instance was lost (LOSS_PENDING, a disconnected headset, a dead runtime)."""


@dataclass(frozen=True)
class BridgeOptions:
    """How the bridge talks to the runtime."""

    application: str = "Simulator"
    space: str = "local"
    """``local`` (seated, origin at the head) or ``stage`` (standing, origin on the floor)."""
    validation: bool = False
    """Enable the OpenXR core validation layer (tests); errors are reported through it."""
    resolution_scale: float = 1.0
    """Swapchain size as a fraction of the runtime's recommended size."""


@dataclass(frozen=True)
class View:
    """One eye's pose (OpenXR coordinates, in the reference space) and field of view."""

    position: tuple[float, float, float]
    orientation: tuple[float, float, float, float]
    """Quaternion (x, y, z, w)."""
    fov: Fov


@dataclass(frozen=True)
class Frame:
    """What ``wait_frame`` learned: when the frame will be shown and from where."""

    display_time: int
    """Predicted display time in nanoseconds of the runtime's clock."""
    period: int
    should_render: bool
    views: tuple[View, ...]
    """Empty when the head is not tracked; then nothing is drawn this frame."""


@dataclass(frozen=True)
class Hand:
    """One controller this frame."""

    select: bool = False
    select_pressed: bool = False
    """The trigger went down since the last sync."""
    menu_pressed: bool = False
    aim: View | None = None
    """The pointing ray's pose (its -Z is the ray) when tracked; ``fov`` unused."""


@dataclass(frozen=True)
class Controls:
    """Both hands; empty when the session is not focused."""

    hands: dict[str, Hand] = field(default_factory=dict)

    @property
    def menu_pressed(self) -> bool:
        return any(hand.menu_pressed for hand in self.hands.values())


_NO_FOV = Fov(0.0, 0.0, 0.0, 0.0)


def _import_xr() -> Any:
    try:
        import xr
    except ImportError:
        raise NoRuntime(
            "headset mode needs pyopenxr: pip install 'weerbaar-simulator[xr]' "
            "(or pip install pyopenxr)"
        ) from None
    except Exception as error:  # a broken GL/loader library on import
        raise NoRuntime(f"pyopenxr could not be loaded ({error})") from None
    return xr


class XrBridge:
    """One OpenXR instance with at most one session; see the module docstring for the order."""

    def __init__(self, options: BridgeOptions = BridgeOptions()) -> None:
        self.options = options
        self.xr: Any = None
        self.instance: Any = None
        self.system: Any = None
        self.system_name = ""
        self.runtime_name = ""
        self.session: Any = None
        self.space: Any = None
        self.space_kind = ""
        self.swapchains: list[Any] = []
        self.swapchain_images: list[list[int]] = []
        self.swapchain_format = 0
        self.sizes: list[tuple[int, int]] = []
        self.action_set: Any = None
        self.actions: dict[str, Any] = {}
        self.hand_paths: dict[str, int] = {}
        self.aim_spaces: dict[str, Any] = {}
        self.state_name = "UNKNOWN"
        self.states: list[str] = []
        """Every session state seen, in order (for tests and logs)."""
        self.ended: SessionEnd | None = None
        self.frames_submitted = 0
        self.layers_submitted = 0
        self._exit_requested = False
        self._running = False
        self._frame_begun = False
        self._views: tuple[Any, ...] = ()
        self._frame: Frame | None = None

    # -- lifetime --------------------------------------------------------------------------

    def open(self) -> XrBridge:
        """Create the instance and find the headset; NoRuntime or NoHeadset when impossible."""
        xr = self.xr = _import_xr()
        if self.options.validation:
            from xr.api_layer.layer_path import expose_packaged_api_layers

            expose_packaged_api_layers()
        layers = [VALIDATION_LAYER] if self.options.validation else []
        try:
            self.instance = xr.create_instance(
                xr.InstanceCreateInfo(
                    application_info=xr.ApplicationInfo(
                        application_name=self.options.application,
                        application_version=1,
                        engine_name="simulator",
                        api_version=xr.Version(1, 0, 0),
                    ),
                    enabled_api_layer_names=layers,
                    enabled_extension_names=[xr.KHR_OPENGL_ENABLE_EXTENSION_NAME],
                )
            )
        except xr.ExtensionNotPresentError:
            raise NoRuntime(
                "the OpenXR runtime does not offer OpenGL (XR_KHR_opengl_enable); "
                "use a runtime that does, such as SteamVR or Monado"
            ) from None
        except (xr.XrException, OSError) as error:
            raise NoRuntime(
                "no OpenXR runtime is active: install and start one (SteamVR, Meta Quest Link, "
                f"Monado/WiVRn, ...) and make it the active runtime ({_describe(error)})"
            ) from None
        properties = xr.get_instance_properties(self.instance)
        self.runtime_name = properties.runtime_name.decode(errors="replace")
        try:
            self.system = xr.get_system(
                self.instance, xr.SystemGetInfo(form_factor=xr.FormFactor.HEAD_MOUNTED_DISPLAY)
            )
        except xr.FormFactorUnavailableError:
            self.close()
            raise NoHeadset(
                "no headset found: connect it, switch it on (and start its link app), "
                "then play again"
            ) from None
        except xr.XrException as error:
            self.close()
            raise NoHeadset(f"the OpenXR runtime offers no headset ({_describe(error)})") from None
        system_properties = xr.get_system_properties(self.instance, self.system)
        self.system_name = system_properties.system_name.decode(errors="replace")
        return self

    def begin_session(self) -> None:
        """Create the session on the current GL context, its space, swapchains and actions."""
        xr = self.xr
        try:
            self._create_actions()
            # Required before a GL session; the runtime states its GL version range.
            xr.get_opengl_graphics_requirements_khr(self.instance, self.system)
            binding = _current_glx_binding(xr)
            self.session = xr.create_session(
                self.instance,
                xr.SessionCreateInfo(
                    next=ctypes.cast(ctypes.pointer(binding), ctypes.c_void_p),
                    system_id=self.system,
                ),
            )
            self._binding = binding  # the runtime may read it later; keep it alive
            self._create_space()
            self._create_swapchains()
            for hand, path in self.hand_paths.items():
                self.aim_spaces[hand] = xr.create_action_space(
                    self.session,
                    xr.ActionSpaceCreateInfo(action=self.actions["aim"], subaction_path=path),
                )
            xr.attach_session_action_sets(
                self.session, xr.SessionActionSetsAttachInfo(action_sets=[self.action_set])
            )
        except XrUnavailable:
            raise
        except xr.XrException as error:
            raise HeadsetLost(f"the headset session could not start ({_describe(error)})") from None

    def close(self) -> None:
        """Destroy everything, newest first; safe to call twice and after a lost session."""
        xr = self.xr
        if xr is None:
            return
        for destroy, handle in (
            *((xr.destroy_space, space) for space in self.aim_spaces.values()),
            *((xr.destroy_swapchain, swapchain) for swapchain in reversed(self.swapchains)),
            (xr.destroy_space, self.space),
            (xr.destroy_session, self.session),
            *((xr.destroy_action, action) for action in self.actions.values()),
            (xr.destroy_action_set, self.action_set),
            (xr.destroy_instance, self.instance),
        ):
            if handle is None:
                continue
            # A lost runtime cannot destroy anything; its handles are gone anyway.
            with contextlib.suppress(xr.XrException, OSError):
                destroy(handle)
        self.aim_spaces.clear()
        self.swapchains.clear()
        self.actions.clear()
        self.space = self.session = self.action_set = self.instance = None
        self._running = False

    def __enter__(self) -> XrBridge:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- session states --------------------------------------------------------------------

    @property
    def running(self) -> bool:
        """The session is begun and frames should flow (SYNCHRONIZED, VISIBLE or FOCUSED)."""
        return self._running and self.ended is None

    @property
    def focused(self) -> bool:
        return self.state_name == "FOCUSED" and self.running

    def poll(self) -> None:
        """Handle every pending runtime event; sets ``ended`` when the session is over."""
        xr = self.xr
        while self.instance is not None:
            try:
                event = xr.poll_event(self.instance)
            except xr.EventUnavailable:
                return
            except xr.XrException as error:
                self._lose(error)
                return
            kind = xr.StructureType(event.type)
            if kind == xr.StructureType.EVENT_DATA_SESSION_STATE_CHANGED:
                changed = ctypes.cast(
                    ctypes.byref(event), ctypes.POINTER(xr.EventDataSessionStateChanged)
                ).contents
                self._on_state(xr.SessionState(changed.state))
            elif kind == xr.StructureType.EVENT_DATA_INSTANCE_LOSS_PENDING:
                self.ended = SessionEnd.LOST
                self._running = False

    def request_exit(self) -> None:
        """Ask the runtime to end the session; frames go on until it says STOPPING."""
        if self.session is None or self._exit_requested:
            return
        self._exit_requested = True
        if not self._running:
            self.ended = SessionEnd.REQUESTED
            return
        try:
            self.xr.request_exit_session(self.session)
        except self.xr.XrException as error:
            self._lose(error)

    def _on_state(self, state: Any) -> None:
        xr = self.xr
        self.state_name = state.name
        self.states.append(state.name)
        if state == xr.SessionState.READY:
            xr.begin_session(
                self.session,
                xr.SessionBeginInfo(
                    primary_view_configuration_type=xr.ViewConfigurationType.PRIMARY_STEREO
                ),
            )
            self._running = True
        elif state == xr.SessionState.STOPPING:
            self._running = False
            with contextlib.suppress(xr.XrException):
                xr.end_session(self.session)
            self.ended = SessionEnd.REQUESTED if self._exit_requested else SessionEnd.RUNTIME
        elif state == xr.SessionState.EXITING:
            self._running = False
            if self.ended is None:
                self.ended = SessionEnd.REQUESTED if self._exit_requested else SessionEnd.RUNTIME
        elif state == xr.SessionState.LOSS_PENDING:
            self._running = False
            self.ended = SessionEnd.LOST

    def _lose(self, error: BaseException) -> None:
        self._running = False
        self._frame_begun = False
        if self.ended is None:
            self.ended = SessionEnd.LOST
        self.lost_because = _describe(error)

    # -- frames ----------------------------------------------------------------------------

    def wait_frame(self) -> Frame | None:
        """Wait for the runtime's frame timing, begin the frame and locate the eyes.

        None when the session is not running (then do not render or end a frame).
        """
        if not self.running:
            return None
        xr = self.xr
        try:
            state = xr.wait_frame(self.session, xr.FrameWaitInfo())
            xr.begin_frame(self.session, xr.FrameBeginInfo())
            self._frame_begun = True
            views: tuple[View, ...] = ()
            located: tuple[Any, ...] = ()
            if state.should_render:
                view_state, located_views = xr.locate_views(
                    self.session,
                    xr.ViewLocateInfo(
                        view_configuration_type=xr.ViewConfigurationType.PRIMARY_STEREO,
                        display_time=state.predicted_display_time,
                        space=self.space,
                    ),
                )
                valid = xr.ViewStateFlags.ORIENTATION_VALID_BIT | (
                    xr.ViewStateFlags.POSITION_VALID_BIT
                )
                if int(view_state.view_state_flags) & int(valid) == int(valid):
                    located = tuple(located_views)
                    views = tuple(_view(view.pose, view.fov) for view in located)
        except xr.XrException as error:
            self._lose(error)
            return None
        self._views = located
        self._frame = Frame(
            display_time=int(state.predicted_display_time),
            period=int(state.predicted_display_period),
            should_render=bool(state.should_render),
            views=views,
        )
        return self._frame

    def acquire(self, eye: int) -> int | None:
        """Acquire and wait for eye ``eye``'s next swapchain image: its GL texture name.

        None when the runtime has gone (then ``ended`` is set); draw nothing then.
        """
        xr = self.xr
        swapchain = self.swapchains[eye]
        try:
            index = xr.acquire_swapchain_image(swapchain, xr.SwapchainImageAcquireInfo())
            xr.wait_swapchain_image(
                swapchain, xr.SwapchainImageWaitInfo(timeout=xr.INFINITE_DURATION)
            )
        except xr.XrException as error:
            self._lose(error)
            return None
        return self.swapchain_images[eye][index]

    def release(self, eye: int) -> None:
        xr = self.xr
        try:
            xr.release_swapchain_image(self.swapchains[eye], xr.SwapchainImageReleaseInfo())
        except xr.XrException as error:
            self._lose(error)

    def end_frame(self, *, rendered: bool) -> None:
        """Submit the frame: a projection layer of both eyes when ``rendered``, else nothing."""
        if not self._frame_begun or self._frame is None:
            return
        xr = self.xr
        layers = []
        if rendered and self._views:
            projection_views = [
                xr.CompositionLayerProjectionView(
                    pose=view.pose,
                    fov=view.fov,
                    sub_image=xr.SwapchainSubImage(
                        swapchain=self.swapchains[eye],
                        image_rect=xr.Rect2Di(
                            offset=xr.Offset2Di(0, 0),
                            extent=xr.Extent2Di(*self.sizes[eye]),
                        ),
                        image_array_index=0,
                    ),
                )
                for eye, view in enumerate(self._views)
            ]
            layer = xr.CompositionLayerProjection(space=self.space, views=projection_views)
            layers.append(ctypes.byref(layer))
        try:
            xr.end_frame(
                self.session,
                xr.FrameEndInfo(
                    display_time=self._frame.display_time,
                    environment_blend_mode=xr.EnvironmentBlendMode.OPAQUE,
                    layers=layers,
                ),
            )
        except xr.XrException as error:
            self._lose(error)
            return
        finally:
            self._frame_begun = False
        self.frames_submitted += 1
        self.layers_submitted += len(layers)

    # -- input -----------------------------------------------------------------------------

    def controls(self) -> Controls:
        """Sync the actions and read both hands (empty unless the session is focused)."""
        if not self.focused or self._frame is None:
            return Controls()
        xr = self.xr
        try:
            xr.sync_actions(
                self.session,
                xr.ActionsSyncInfo(active_action_sets=[xr.ActiveActionSet(self.action_set, 0)]),
            )
        except xr.SessionNotFocused:
            return Controls()
        except xr.XrException as error:
            self._lose(error)
            return Controls()
        hands = {}
        for hand, path in self.hand_paths.items():
            select = self._boolean("select", path)
            menu = self._boolean("menu", path)
            aim = None
            located = xr.locate_space(self.aim_spaces[hand], self.space, self._frame.display_time)
            valid = xr.SpaceLocationFlags.ORIENTATION_VALID_BIT | (
                xr.SpaceLocationFlags.POSITION_VALID_BIT
            )
            if int(located.location_flags) & int(valid) == int(valid):
                aim = _view(located.pose, None)
            hands[hand] = Hand(
                select=bool(select.current_state),
                select_pressed=bool(select.current_state and select.changed_since_last_sync),
                menu_pressed=bool(menu.current_state and menu.changed_since_last_sync),
                aim=aim,
            )
        return Controls(hands)

    def current_profile(self, hand: str) -> str:
        """The interaction profile the runtime chose for ``hand`` ('' when none)."""
        xr = self.xr
        state = xr.get_current_interaction_profile(self.session, self.hand_paths[hand])
        if not state.interaction_profile:
            return ""
        return xr.path_to_string(self.instance, state.interaction_profile)

    def _boolean(self, action: str, path: int) -> Any:
        xr = self.xr
        return xr.get_action_state_boolean(
            self.session, xr.ActionStateGetInfo(action=self.actions[action], subaction_path=path)
        )

    # -- creating --------------------------------------------------------------------------

    def _path(self, text: str) -> int:
        return self.xr.string_to_path(self.instance, text)

    def _create_actions(self) -> None:
        xr = self.xr
        self.action_set = xr.create_action_set(
            self.instance,
            xr.ActionSetCreateInfo(
                action_set_name="simulator", localized_action_set_name="Simulator", priority=0
            ),
        )
        self.hand_paths = {hand: self._path(f"/user/hand/{hand}") for hand in HANDS}
        kinds = {
            "select": (xr.ActionType.BOOLEAN_INPUT, "Select"),
            "menu": (xr.ActionType.BOOLEAN_INPUT, "Pause menu"),
            "aim": (xr.ActionType.POSE_INPUT, "Pointing ray"),
        }
        for name, (kind, label) in kinds.items():
            self.actions[name] = xr.create_action(
                self.action_set,
                xr.ActionCreateInfo(
                    action_type=kind,
                    action_name=name,
                    localized_action_name=label,
                    subaction_paths=list(self.hand_paths.values()),
                ),
            )
        for profile, actions in BINDINGS.items():
            suggested = [
                xr.ActionSuggestedBinding(self.actions[action], self._path(path))
                for action, inputs in actions.items()
                for path in _expand(inputs)
            ]
            xr.suggest_interaction_profile_bindings(
                self.instance,
                xr.InteractionProfileSuggestedBinding(
                    interaction_profile=self._path(profile), suggested_bindings=suggested
                ),
            )

    def _create_space(self) -> None:
        xr = self.xr
        available = set(xr.enumerate_reference_spaces(self.session))
        kind = xr.ReferenceSpaceType.STAGE if self.options.space == "stage" else None
        if kind is None or kind not in available:
            kind = xr.ReferenceSpaceType.LOCAL
        self.space_kind = "stage" if kind == xr.ReferenceSpaceType.STAGE else "local"
        self.space = xr.create_reference_space(
            self.session,
            xr.ReferenceSpaceCreateInfo(
                reference_space_type=kind, pose_in_reference_space=xr.Posef()
            ),
        )

    def _create_swapchains(self) -> None:
        xr = self.xr
        offered = list(xr.enumerate_swapchain_formats(self.session))
        chosen = next((f for f in SWAPCHAIN_FORMATS if f in offered), None)
        if chosen is None:
            raise HeadsetLost(
                "the headset offers no colour format with alpha that the simulator can draw "
                f"into (offered: {', '.join(hex(f) for f in offered)})"
            )
        self.swapchain_format = chosen
        configuration = xr.enumerate_view_configuration_views(
            self.instance, self.system, xr.ViewConfigurationType.PRIMARY_STEREO
        )
        scale = self.options.resolution_scale
        for view in configuration:
            width = max(16, int(view.recommended_image_rect_width * scale))
            height = max(16, int(view.recommended_image_rect_height * scale))
            width = min(width, view.max_image_rect_width)
            height = min(height, view.max_image_rect_height)
            swapchain = xr.create_swapchain(
                self.session,
                xr.SwapchainCreateInfo(
                    usage_flags=xr.SwapchainUsageFlags.COLOR_ATTACHMENT_BIT
                    | xr.SwapchainUsageFlags.SAMPLED_BIT,
                    format=chosen,
                    sample_count=1,
                    width=width,
                    height=height,
                    face_count=1,
                    array_size=1,
                    mip_count=1,
                ),
            )
            self.swapchains.append(swapchain)
            self.sizes.append((width, height))
            images = xr.enumerate_swapchain_images(swapchain, xr.SwapchainImageOpenGLKHR)
            self.swapchain_images.append([int(image.image) for image in images])


def _expand(inputs: Sequence[str]) -> list[str]:
    """Input paths for both hands, unless a path already names its hand."""
    paths = []
    for path in inputs:
        if path.startswith("/user/"):
            paths.append(path)
        else:
            paths.extend(f"/user/hand/{hand}/{path}" for hand in HANDS)
    return paths


def _view(pose: Any, fov: Any) -> View:
    p, o = pose.position, pose.orientation
    return View(
        position=(p.x, p.y, p.z),
        orientation=(o.x, o.y, o.z, o.w),
        fov=_NO_FOV
        if fov is None
        else Fov(fov.angle_left, fov.angle_right, fov.angle_up, fov.angle_down),
    )


def _current_glx_binding(xr: Any) -> Any:
    """The Xlib GL binding of the context current on this thread (Panda3D's window)."""
    from OpenGL import GLX

    context = GLX.glXGetCurrentContext()
    if not context:
        raise HeadsetLost("no OpenGL context is current; render a frame before the session")
    return xr.GraphicsBindingOpenGLXlibKHR(
        x_display=GLX.glXGetCurrentDisplay(),
        glx_drawable=GLX.glXGetCurrentDrawable(),
        glx_context=context,
    )


def _describe(error: BaseException) -> str:
    name = type(error).__name__
    text = str(error).strip()
    return f"{name}: {text}" if text and text != name else name
