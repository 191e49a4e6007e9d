"""The baseline: a bare orjson parse and serialize of each line of a JSON Lines file, one core.

python orjson_roundtrip.py FILE -> prints lines/s (best of 3 passes), writing to /dev/null.
"""
import sys
import time

import orjson

path = sys.argv[1]
with open(path, "rb") as f:
    lines = f.readlines()
best = 0.0
for _ in range(3):
    start = time.perf_counter()
    with open("/dev/null", "wb") as out:
        write, loads, dumps = out.write, orjson.loads, orjson.dumps
        for line in lines:
            write(dumps(loads(line)) + b"\n")
    best = max(best, len(lines) / (time.perf_counter() - start))
print(f"orjson round trip {path}: {len(lines)} lines, {int(best)} lines/s (best of 3, one core)")
