# Opt-in count of the Python processes a test file starts (DBT_TEST_COUNT=<file>; test/helpers/project.ts
# puts this directory on PYTHONPATH then). One line per process: what it is (a dbt CLI command, the
# orchestrator's dbt bridge, or a helper script) so that before/after comparisons of the suite do not
# depend on the load of the machine. Never set in normal runs.
import os

_path = os.environ.get('DBT_TEST_COUNT')
if _path:
    try:
        with open('/proc/self/cmdline', 'rb') as f:
            _argv = [a.decode('utf-8', 'replace') for a in f.read().split(b'\0') if a]
        _rest = _argv[1:]
        _kind = 'python ' + (os.path.basename(_rest[0]) if _rest else '')
        if any('bridge' in a for a in _rest[:3]):
            _kind = 'bridge'
        elif _rest and os.path.basename(_rest[0]) == 'dbt':
            _sub = next((a for a in _rest[1:] if not a.startswith('-')), '?')
            _kind = 'dbt ' + _sub
        elif _rest[:1] == ['-c']:
            _kind = 'python -c'
        elif len(_rest) >= 2 and _rest[0] == '-m':
            _kind = 'python -m ' + _rest[1]
        with open(_path, 'a') as f:
            f.write(_kind + '\n')
    except Exception:
        pass
