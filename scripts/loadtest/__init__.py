"""The load test's parts (`scripts/load_test.py` runs them): preparing a throwaway site, and driving traffic at it.

Plain modules next to the script, not part of the installed product.
"""
