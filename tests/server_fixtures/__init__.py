"""Fixtures of the server tests: a harness that runs the server as a real process, small data and queries."""
