"""Reliability and safety suite (issue #8): each promise of PRODUCT.md §7 proven by a test.

See RELIABILITY.md at the repository root for the map from promise to test and the
figures of the last soak run (``python -m tests.reliability.soak``).
"""
