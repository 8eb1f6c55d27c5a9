from hypothesis import given
from hypothesis import strategies as st

from carelab.lib.spans import Segment, segments


def test_overlapping_spans_cut_the_text_where_each_starts_and_ends():
    assert segments(10, [(2, 6), (4, 8)]) == [
        Segment(0, 2, ()),
        Segment(2, 4, (0,)),
        Segment(4, 6, (0, 1)),
        Segment(6, 8, (1,)),
        Segment(8, 10, ()),
    ]


def test_no_spans_is_one_segment_and_empty_text_none():
    assert segments(5, []) == [Segment(0, 5, ())]
    assert segments(0, [(0, 3)]) == []


@given(st.integers(0, 50), st.lists(st.tuples(st.integers(-5, 60), st.integers(-5, 60)), max_size=6))
def test_segments_tile_the_text(length, spans):
    found = segments(length, spans)
    assert [(s.start, s.end) for s in found] == sorted((s.start, s.end) for s in found)
    assert sum(s.end - s.start for s in found) == length
    assert all(s.start < s.end for s in found)
