#!/usr/bin/env python3
# Splits [START, END) into calendar windows for dbt-backfill.yml. Standard library only, Python >= 3.8.
# .github/workflows/dbt-backfill.yml embeds this file verbatim (a reusable workflow runs in the caller's
# checkout, where this file does not exist); test/workflows.test.ts checks that both copies are equal.
#
# usage: backfill-windows.py START END WINDOW [--format json|markdown]
#
#   START, END  YYYY-MM-DD, or a timestamp YYYY-MM-DDTHH:MM[:SS] (a space may replace the T), optionally
#               followed by Z or an offset +HH:MM / -HH:MM. START is inclusive, END is exclusive.
#   WINDOW      day | week | month
#
# Rules:
#   - Windows are half-open [start, end), contiguous, and cover exactly [START, END): the first and last
#     window are clipped to START and END, so nothing outside the requested range is touched.
#   - Boundaries are UTC midnights (day), Mondays 00:00 UTC (week), first days of months 00:00 UTC (month).
#   - Timestamps with an offset are converted to UTC; timestamps without one are taken as UTC.
#   - When START and END are both plain dates, windows are printed as YYYY-MM-DD; otherwise as
#     YYYY-MM-DDTHH:MM:SS in UTC without a suffix (the form dbt's --event-time-start/--event-time-end
#     and DBT_EVENT_TIME_START/DBT_EVENT_TIME_END accept; dbt reads them as UTC).
#   - More than 256 windows (GitHub's limit of jobs per matrix) is an error.
#
# Output (json): {"window": [{"index": 1, "start": "...", "end": "...", "label": "..."}, ...]}, usable as
# `strategy.matrix` directly. label is start without characters artifact names forbid.
# Exit codes: 0 ok, 2 bad input (message on stderr, also as a ::error:: command under GitHub Actions).

import json
import os
import re
import sys
from datetime import datetime, timedelta

MAX_WINDOWS = 256
WINDOWS = ("day", "week", "month")

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_TIMESTAMP = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?$"
)


class BadInput(Exception):
    pass


def parse_moment(name, text):
    """Returns (naive UTC datetime, is_plain_date)."""
    text = text.strip()
    try:
        m = _DATE.match(text)
        if m:
            return datetime(int(m.group(1)), int(m.group(2)), int(m.group(3))), True
        m = _TIMESTAMP.match(text)
        if m:
            y, mo, d, h, mi = (int(m.group(i)) for i in range(1, 6))
            moment = datetime(y, mo, d, h, mi, int(m.group(6) or 0))
            offset = m.group(7)
            if offset and offset != "Z":
                sign = -1 if offset[0] == "-" else 1
                digits = offset[1:].replace(":", "")
                hours, minutes = int(digits[:2]), int(digits[2:])
                if hours > 23 or minutes > 59:
                    raise ValueError("offset out of range")
                moment = moment - sign * timedelta(hours=hours, minutes=minutes)
            return moment, False
    except ValueError as error:
        raise BadInput("%s '%s' is not a valid date or timestamp (%s)" % (name, text, error))
    raise BadInput(
        "%s '%s' is not a date (YYYY-MM-DD) or a timestamp (YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM])" % (name, text)
    )


def next_boundary(moment, window):
    """The first window boundary strictly after `moment`."""
    midnight = datetime(moment.year, moment.month, moment.day)
    if window == "day":
        return midnight + timedelta(days=1)
    if window == "week":
        return midnight + timedelta(days=7 - midnight.weekday())  # weekday(): Monday == 0
    if moment.month == 12:
        return datetime(moment.year + 1, 1, 1)
    return datetime(moment.year, moment.month + 1, 1)


def windows(start_text, end_text, window):
    if window not in WINDOWS:
        raise BadInput("window '%s' is not one of %s" % (window, ", ".join(WINDOWS)))
    start, start_is_date = parse_moment("start", start_text)
    end, end_is_date = parse_moment("end", end_text)
    if start >= end:
        raise BadInput("start %s is not before end %s (end is exclusive)" % (start_text, end_text))
    dates_only = start_is_date and end_is_date

    def show(moment):
        return moment.strftime("%Y-%m-%d") if dates_only else moment.strftime("%Y-%m-%dT%H:%M:%S")

    result = []
    cursor = start
    while cursor < end:
        stop = min(next_boundary(cursor, window), end)
        result.append({"index": len(result) + 1, "start": show(cursor), "end": show(stop),
                       "label": show(cursor).replace(":", "")})
        if len(result) > MAX_WINDOWS:
            total = len(result)
            probe = stop
            while probe < end:
                probe = min(next_boundary(probe, window), end)
                total += 1
            raise BadInput(
                "%d %s windows from %s to %s exceed GitHub's limit of %d jobs per matrix; "
                "use a larger window (week or month) or split the range into several runs"
                % (total, window, start_text, end_text, MAX_WINDOWS)
            )
        cursor = stop
    return result


def markdown(items, window):
    lines = ["| # | start (inclusive) | end (exclusive) |", "|---|---|---|"]
    lines += ["| %d | %s | %s |" % (w["index"], w["start"], w["end"]) for w in items]
    return "%d %s window(s)\n\n%s\n" % (len(items), window, "\n".join(lines))


def main(argv):
    fmt = "json"
    args = []
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg == "--format" and rest:
            fmt = rest.pop(0)
        elif arg.startswith("--format="):
            fmt = arg.split("=", 1)[1]
        else:
            args.append(arg)
    try:
        if len(args) != 3:
            raise BadInput("usage: backfill-windows.py START END WINDOW [--format json|markdown]")
        if fmt not in ("json", "markdown"):
            raise BadInput("--format '%s' is not json or markdown" % fmt)
        window = args[2].strip().lower()
        items = windows(args[0], args[1], window)
    except BadInput as error:
        sys.stderr.write("backfill-windows: error: %s\n" % error)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            # stderr too: stdout is captured as the matrix; the runner reads commands from both streams.
            sys.stderr.write("::error title=Backfill windows::%s\n" % str(error).replace("%", "%25"))
        return 2
    if fmt == "json":
        sys.stdout.write(json.dumps({"window": items}, separators=(",", ":")) + "\n")
    else:
        sys.stdout.write(markdown(items, window))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
