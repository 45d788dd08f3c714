"""Makes python/bridge.py importable as `bridge` (importing it has no side effects: main() runs only as a script)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
