"""The collector is paused while many objects are built, and back on afterwards."""

from __future__ import annotations

import gc

from salesops_drill.gcpause import paused


def test_collection_is_paused_inside_and_restored_after():
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()


def test_objects_are_still_freed_by_reference_counting():
    import weakref

    class Thing:
        pass

    with paused():
        thing = Thing()
        ref = weakref.ref(thing)
        del thing
        assert ref() is None
