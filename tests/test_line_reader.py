"""Typed lines with a time limit, the same on every platform (a reader thread, not select)."""

from __future__ import annotations

import io
import os
import time

from simulator.session.line_reader import END, LineReader


def test_a_time_limit_passes_and_the_line_typed_later_is_the_next_answer() -> None:
    read_end, write_end = os.pipe()
    with os.fdopen(read_end) as source:
        reader = LineReader(source)
        started = time.monotonic()
        assert reader.next_line(0.2) is None
        assert 0.15 <= time.monotonic() - started < 2.0
        os.write(write_end, b"2\n")
        assert reader.next_line(5.0) == "2\n"  # not lost to the time-out
        os.close(write_end)
        assert reader.next_line(5.0) == END
        assert reader.next_line(0) == END  # and from then on


def test_nothing_is_read_before_it_is_asked_for() -> None:
    source = io.StringIO("1\n2\n")
    reader = LineReader(source)
    assert reader.next_line(5.0) == "1\n"
    time.sleep(0.05)
    assert source.tell() == 2, "the second line stays in the stream"
    assert reader.next_line(5.0) == "2\n"


def test_a_closed_stream_is_the_end_of_input() -> None:
    source = io.StringIO("")
    source.close()
    assert LineReader(source).next_line(5.0) == END
