"""Loaded by the app's Python (its PYTHONPATH starts with this folder) in the first-start test:
the warm-up waits ``SSASSIST_TEST_WARM_DELAY`` seconds before loading the model, so the page
is seen while the assistant is still getting ready, however fast the model loads."""

import os
import time

import ssassist.assistant as _assistant

_warm_up = _assistant.Assistant.warm_up


def _slow_warm_up(self, *args, **kwargs):  # type: ignore[no-untyped-def]
    time.sleep(float(os.environ.get("SSASSIST_TEST_WARM_DELAY", "0")))
    return _warm_up(self, *args, **kwargs)


_assistant.Assistant.warm_up = _slow_warm_up
