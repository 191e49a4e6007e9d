#!/usr/bin/env python3
"""Write N seeded random profiles as JSON Lines, with some bad records mixed in.

    make_profiles.py RULES_DIR N OUT [SEED]

Field names and values come from RULES_DIR/profile.json and the carrier ids from the file
names in RULES_DIR/carriers/, so the profiles follow the real knowledge base. About a third
of the fields are left out of each profile. About 1 record in 100 is bad (invalid JSON, an
unknown field, a wrong type); about 1 in 200 lines is empty and 1 in 400 blank (spaces and a
tab), which `advisor batch` skips without a word but counts as lines, as Spark keeps them as
records. About 1 profile in 100 has no id, and 1 in 50 an id with quotes, a backslash, a tab
and non-ASCII letters (escaped in the advice: the line numbers must be found after them).
Prints "RECORDS GOOD BAD" on standard output: RECORDS counts the profiles (the lines that are
not empty or blank), GOOD + BAD = RECORDS.
"""
import json
import os
import random
import sys


def field_makers(rules):
    """One function per profile field that draws a valid value for it."""
    with open(os.path.join(rules, "profile.json"), encoding="utf-8") as f:
        fields = json.load(f)["profile"]
    carriers = sorted(n[:-5] for n in os.listdir(os.path.join(rules, "carriers")) if n.endswith(".json"))
    makers = {}
    for name, spec in fields.items():
        values = sorted(spec.get("values", {}))
        if name == "carrier":
            makers[name] = lambda r: r.choice(carriers)
        elif name == "languages":
            makers[name] = lambda r: r.sample(["en", "zh", "ko", "vi", "fr", "es", "pt", "th"], r.randint(0, 3))
        elif "minimum" in spec:  # balance, deadlineDays: numbers >= minimum, whole or not
            low = spec["minimum"]
            makers[name] = lambda r, low=low: r.choice([low, r.randint(low, 5000), round(r.uniform(low, 90), 1)])
        elif values == ["false", "true"]:
            makers[name] = lambda r: r.random() < 0.5
        elif values:  # an enumeration: location, japanese, simType
            makers[name] = lambda r, values=values: r.choice(values)
        else:
            sys.exit(f"make_profiles.py: no generator for the profile field '{name}'; add one")
    return makers


def bad_record(r, i):
    """A record `advisor batch` must reject, of one of three kinds."""
    kind = r.randrange(3)
    if kind == 0:
        return '{"id": "p%d", "carrier": ' % i  # invalid JSON: cut off
    if kind == 1:
        return json.dumps({"id": f"p{i}", "carrier": "povo", "colour": "red"})  # an unknown field
    return json.dumps({"id": f"p{i}", "balance": "lots", "keepNumber": "yes"})  # wrong types


def main():
    rules, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    r = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    makers = field_makers(rules)
    good = bad = 0
    with open(out, "w", encoding="utf-8") as f:
        for i in range(n):
            if r.random() < 0.005:
                f.write("\n")
            if r.random() < 0.0025:
                f.write("  \t \n")
            if r.random() < 0.01:
                f.write(bad_record(r, i) + "\n")
                bad += 1
                continue
            kind = r.random()
            profile = {} if kind < 0.01 else {"id": f'p{i} "q\\" \\ \t 日本 é'} if kind < 0.03 else {"id": f"p{i}"}
            for name, make in makers.items():
                if r.random() >= 1 / 3:  # keep about two thirds of the fields
                    profile[name] = make(r)
            f.write(json.dumps(profile, ensure_ascii=False) + "\n")
            good += 1
    print(good + bad, good, bad)


if __name__ == "__main__":
    main()
