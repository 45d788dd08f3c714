"""Makes python/dbt_bridge importable as the package `dbt_bridge` (importing it has no side effects:
the bridge starts only from __main__.run())."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
