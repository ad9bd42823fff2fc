"""The fuzzers' Hypothesis profile for longer runs (issue 17).

The fuzzers run in the ordinary test command with fixed seeds: about 3,350 examples (3,550 once the
draft hook runs), measured at 74 CPU seconds in all (poll reader 32, model 13, input boundary 23,
data loaders 6; the drafts add about 10), so roughly 40 seconds of wall time on two idle cores.
For a longer, randomised run:

    .venv/bin/python -m pytest tests/fuzz --hypothesis-profile=fuzz-long -p no:cacheprovider

(ten times the examples, a new seed each run; Hypothesis prints the failing example and the
``@reproduce_failure`` line to paste). See fuzz_helpers.fuzz_settings.
"""

from hypothesis import settings

settings.register_profile("fuzz-long", max_examples=1000, deadline=None, database=None)
