"""Test-wide settings.

Hypothesis: no deadlines and no 'too slow' health check anywhere.  Property tests here assert
behaviour, never speed (speed lives in bench/), and a loaded CI machine must not turn a slow
example generation into a red run.  Failing examples are still searched for and shrunk as usual.
"""
from hypothesis import HealthCheck, settings

settings.register_profile("corpus", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("corpus")


# Tests marked ``slow`` (tens of seconds: the Dask engine on 2,000 synthetic pages) run in CI
# (.ci/run runs with CI=true) and with ``pytest --slow``; a developer's plain ``pytest`` skips them.
import os  # noqa: E402

import pytest  # noqa: E402


def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true", help="also run the tests marked slow (CI runs them)")


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: tens of seconds; run in CI and with --slow")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--slow") or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason="slow: run with --slow (CI runs it)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
