"""The fuzzers' Hypothesis profile for longer runs (issue 17).

The fuzzers run in the ordinary test command with fixed seeds: about 3,550 examples, measured at
83 CPU seconds in all (poll reader 31, input boundary 25, model 14, data loaders 6, drafts 5), so
roughly 45 seconds of wall time on two idle cores.
For a longer, randomised run:

    .venv/bin/python -m pytest tests/fuzz --hypothesis-profile=fuzz-long -p no:cacheprovider

(ten times the examples, a new seed each run; Hypothesis prints the failing example and the
``@reproduce_failure`` line to paste). See fuzz_helpers.fuzz_settings.
"""

from hypothesis import settings

settings.register_profile("fuzz-long", max_examples=1000, deadline=None, database=None)
