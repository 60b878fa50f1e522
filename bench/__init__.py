"""`make bench`: the benchmark harness (pages, rules, imports, exports). Not shipped in the app.

Run with ``python -m bench`` from the project root.
"""
