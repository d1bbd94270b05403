"""Test-wide settings.

Hypothesis: no deadlines and no 'too slow' health check anywhere.  Property tests here assert
behaviour, never speed (speed lives in bench/), and a loaded CI machine must not turn a slow
example generation into a red run.  Failing examples are still searched for and shrunk as usual.
"""
from hypothesis import HealthCheck, settings

settings.register_profile("corpus", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("corpus")
