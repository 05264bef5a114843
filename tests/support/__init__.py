"""Helpers the test modules share (no tests here, and pytest collects none: the names do not
match ``test_*.py``). Fixtures built on them live in tests/conftest.py."""
