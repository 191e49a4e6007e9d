"""The differential check: advisor and the CLIPS export on the same profiles (see Clips/check).

Usage: check.py N ADVISOR BATCH_BENCH WORKDIR
"""
import glob
import json
import os
import random
import subprocess
import sys
import time

import clips

N, ADVISOR, BENCH, WORK = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHUNK = 100              # profiles asserted at once in the many-per-run mode: CLIPS is fastest
                         # so (10,000 profiles: 4,400/s in chunks of 100, 3,100 of 500, 1,800 of 10,000)
QUICK = os.environ.get("CLIPS_CHECK_QUICK") == "1"  # the comparison alone, no speed table
PER_PROFILE_SAMPLE = 200 if QUICK else 5_000  # profiles run one by one (reset, assert, run), compared and timed


def rules_json(path):
    with open(os.path.join(ROOT, "Rules", path), encoding="utf-8") as f:
        return json.load(f)


# The knowledge base as the generator and the comparison need it.
schema = rules_json("schema.json")
facts = {f["name"]: f for f in schema["facts"]}
options = schema["options"]
severity_rank = {"critical": 0, "high": 1, "medium": 2, "low": 3}
warning_rank = {w["id"]: severity_rank[w["severity"]] for w in schema["warnings"]}
scope = rules_json("presentation.json")["presentation"].get("warningScope", {})
profile_fields = list(rules_json("profile.json")["profile"].keys())
minimum = {k: v.get("minimum") for k, v in rules_json("profile.json")["profile"].items()}
carriers = sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(ROOT, "Rules/carriers/*.json")))
languages = sorted(rules_json("lexicon.json")["lexicon"]["phrases"].get("languages", {}).keys()) + ["fr", "de"]
derived_facts = [n for n, f in facts.items() if not f.get("input")]

# Every number a rule compares a field with, and its neighbours: where the rules change their mind.
number_constants = {}


def walk(c):
    if "all" in c or "any" in c:
        for part in c.get("all", c.get("any", [])):
            walk(part)
    elif "not" in c:
        walk(c["not"])
    elif isinstance(c.get("value"), (int, float)) and not isinstance(c.get("value"), bool):
        number_constants.setdefault(c["fact"], set()).add(c["value"])


for path in sorted(glob.glob(os.path.join(ROOT, "Rules/rules/*.json"))):
    with open(path, encoding="utf-8") as f:
        for rule in json.load(f).get("rules", []):
            if "when" in rule:
                walk(rule["when"])


def random_value(r, field):
    f = facts[field]
    t = f["type"]
    if field == "carrier":
        return r.choice(carriers + ["other"])
    if t == "bool":
        return r.random() < 0.5
    if t == "enum":
        return r.choice(f["values"])
    if t == "list":
        return r.sample(languages, r.randint(0, 3))
    if t == "number":
        low = minimum.get(field) or 0
        near = sorted(number_constants.get(field, {0}))
        if r.random() < 0.7:
            x = r.choice(near) + r.choice([-1, 0, 0, 1, 0.5])
        else:
            x = r.randint(0, 100_000)
        return max(low, x)
    return "x"


def generate(count, seed, unknown_share):
    r = random.Random(seed)
    out = []
    for n in range(count):
        p = {"id": f"s{seed}-{n}"}
        for field in profile_fields:
            if r.random() >= unknown_share:
                p[field] = random_value(r, field)
        out.append(p)
    return out


def fixtures():
    out = []
    for path in sorted(glob.glob(os.path.join(ROOT, "Fixtures/*.json"))):
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
        if isinstance(d, dict) and isinstance(d.get("profile"), dict):
            p = dict(d["profile"])
            p["id"] = "fixture:" + os.path.basename(path)
            out.append(p)
    return out


# CLIPS side.
def clips_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def clips_value(v):
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, (int, float)):
        return repr(float(v))
    if isinstance(v, list):
        return " ".join(clips_string(x) for x in sorted(set(v)))
    return clips_string(v)


def clips_facts(p, pid):
    out = [f"(fact.{k} (p {pid}) (value {clips_value(v)}))" for k, v in p.items() if k in facts]
    # The profile last: its facts are in place when the rules start to match it.
    out.append(f"(profile (p {pid}))")
    return "\n".join(out)


def dump_function():
    """A CLIPS function that writes every result fact of the environment to a file, one a line:
    reading them through clipspy's Fact objects instead slows every later reset (they are kept)."""
    def each(template, fields, multi=()):
        out = f'(do-for-all-facts ((?f {template})) TRUE (printout advisor-out "{template}" tab ?f:p'
        for name in fields:
            out += f' tab (type ?f:{name}) " " ?f:{name}'
        for name in multi:
            out += f' tab "MULTI" (foreach ?x ?f:{name} (printout advisor-out " " (type ?x) " " ?x))'
        return out + " crlf))"
    body = [each("fired", ["rule"]), each("score", ["option", "amount"]), each("block", ["option", "reason"]),
            each("warning", ["id"]), each("conflict", ["fact"])]
    for name in derived_facts:
        if facts[name]["type"] == "list":
            body.append(each("fact." + name, [], ["value"]))
        else:
            body.append(each("fact." + name, ["value"]))
    return ('(deffunction advisor-dump (?path) (open ?path advisor-out "w") '
            + " ".join(body) + " (close advisor-out))")


def parse_value(typed):
    kind, _, text = typed.partition(" ")
    if kind in ("FLOAT", "INTEGER"):
        return float(text)
    if kind == "SYMBOL" and text in ("TRUE", "FALSE"):
        return text == "TRUE"
    if kind == "MULTI":
        words = text.split(" ")
        return sorted(parse_value(words[i] + " " + words[i + 1]) for i in range(0, len(words) - 1, 2))
    return text


def collect(env, names):
    """The result of every profile in the environment, by profile id."""
    path = os.path.join(WORK, "results.txt")
    env.call("advisor-dump", path)
    res = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            t, p, *fields = line.rstrip("\n").split("\t")
            p = int(float(p))
            values = [parse_value(x) for x in fields]
            if p not in res:
                res[p] = {"fired": [], "scores": {o: 0.0 for o in options}, "blocks": [], "warnings": [], "derived": {}, "conflict": False}
            r = res[p]
            if t == "fired":
                r["fired"].append(values[0])
            elif t == "score":
                r["scores"][values[0]] += values[1]
            elif t == "block":
                r["blocks"].append([values[0], values[1]])
            elif t == "warning":
                if values[0] not in r["warnings"]:
                    r["warnings"].append(values[0])
            elif t == "conflict":
                r["conflict"] = True
            else:
                r["derived"][t[5:]] = values[0]
    out = {}
    for p, r in res.items():
        r["blocks"].sort(key=lambda b: options.index(b[0]))
        r["warnings"].sort(key=lambda w: warning_rank[w])
        out[names[p]] = r
    return out




def environment(program):
    env = clips.Environment()
    env.load(program)
    env.build(dump_function())
    return env


def facts_file(name, text):
    """The facts written to a file, for CLIPS's own load-facts: clipspy's load_facts from a string
    reads through a string router about 35 times slower, which would be timed as CLIPS."""
    path = os.path.join(WORK, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return '(load-facts ' + clips_string(path) + ')'


def clips_many(program, profiles):
    """Many profiles per run, in chunks: (results by id, seconds of reset + assert + run)."""
    env = environment(program)
    results, spent = {}, 0.0
    for start in range(0, len(profiles), CHUNK):
        chunk = profiles[start:start + CHUNK]
        load = facts_file("chunk.clp", "\n".join(clips_facts(p, i) for i, p in enumerate(chunk)))
        names = {i: p["id"] for i, p in enumerate(chunk)}
        t0 = time.perf_counter()
        env.reset()
        env.eval(load)
        env.run()
        spent += time.perf_counter() - t0
        results.update(collect(env, names))
    return results, spent


def clips_each(program, profiles):
    """Reset, assert, run for each profile: (results by id, seconds of reset + assert + run)."""
    env = environment(program)
    loads = [facts_file(f"profile-{n}.clp", clips_facts(p, 1)) for n, p in enumerate(profiles)]
    results, spent = {}, 0.0
    for p, load in zip(profiles, loads):
        t0 = time.perf_counter()
        env.reset()
        env.eval(load)
        env.run()
        spent += time.perf_counter() - t0
        results.update(collect(env, {1: p["id"]}))
    return results, spent


# advisor side.
def advisor_batch(path, detail):
    out = os.path.join(WORK, os.path.basename(path) + "." + detail)
    t0 = time.perf_counter()
    done = subprocess.run([ADVISOR, "batch", path, "--detail", detail, "--quiet", "-o", out], stderr=subprocess.PIPE, text=True)
    spent = time.perf_counter() - t0
    if done.returncode not in (0, 2):
        sys.exit(f"advisor batch failed ({done.returncode}): {done.stderr}")
    records = {}
    with open(out, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            records[d["id"]] = d
    return records, done.stderr, spent


def decision_of(r):
    """What `--detail decision` shows, computed from a CLIPS result as the advisor does."""
    best = None
    for o in options:
        blocked = any(b[0] == o for b in r["blocks"])
        if not blocked and (best is None or r["scores"][o] > r["scores"][best]):
            best = o
    method = best or "none"
    return {
        "action": r["derived"].get("action", "cancel"),
        "method": method,
        "ranking": [{"method": o, "score": r["scores"][o], "blocked": any(b[0] == o for b in r["blocks"])} for o in options],
        "warnings": [w for w in r["warnings"] if w not in scope or method in scope[w]],
    }


def compare(name, profiles, program):
    path = os.path.join(WORK, name + ".jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for p in profiles:
            f.write(json.dumps(p, ensure_ascii=False) + "\n")
    engine, rejected_text, _ = advisor_batch(path, "engine")
    decisions, _, batch_seconds = advisor_batch(path, "decision")
    ours, many_seconds = clips_many(program, profiles)
    sample = profiles[:PER_PROFILE_SAMPLE]
    each, each_seconds = clips_each(program, sample)
    bad = []
    for p in profiles:
        pid = p["id"]
        c = ours[pid]
        e = engine.get(pid)
        if e is None or c["conflict"]:
            # advisor rejects a profile the rules cannot decide (a conflict); CLIPS marks it.
            if not (e is None and c["conflict"]):
                bad.append((pid, "conflict", "advisor rejected" if e is None else "advisor decided", c["conflict"]))
            continue
        for key in ("fired", "scores", "blocks", "warnings", "derived"):
            ev = e[key]
            if key == "derived":
                ev = {k: sorted(v) if isinstance(v, list) else v for k, v in ev.items()}
            if key == "scores":
                ev = {k: float(v) for k, v in ev.items()}
            if ev != c[key]:
                bad.append((pid, key, ev, c[key]))
        d, cd = decisions[pid], decision_of(c)
        for key in ("action", "method", "ranking", "warnings"):
            dv = d[key] if key != "ranking" else [dict(x, score=float(x["score"])) for x in d[key]]
            if dv != cd[key]:
                bad.append((pid, "decision." + key, dv, cd[key]))
        if pid in each and each[pid] != c:
            bad.append((pid, "clips per-profile run", each[pid], c))
    return {"name": name, "count": len(profiles), "bad": bad, "path": path, "batch": batch_seconds,
            "many": many_seconds, "each": each_seconds, "each_count": len(sample), "rejected": len(profiles) - len(engine)}


def main():
    os.makedirs(WORK, exist_ok=True)
    program = os.path.join(WORK, "advisor.clp")
    done = subprocess.run([ADVISOR, "rules", "export", "--format", "clips", "-o", program])
    if done.returncode != 0:
        sys.exit("advisor rules export failed")
    if os.environ.get("CLIPS_CHECK_PROGRAM"):
        # A program edited by hand, to see that the check finds what differs.
        program = os.environ["CLIPS_CHECK_PROGRAM"]
    sets = [("known", generate(N, 1, 0.0)), ("unknown", generate(N, 2, 1 / 3)), ("fixtures", fixtures())]
    runs = [compare(name, profiles, program) for name, profiles in sets]
    total = 0
    for r in runs:
        total += len(r["bad"])
        print(f"{r['name']:9} {r['count']:>8} profiles: {len(r['bad'])} disagreements"
              + (f" ({r['rejected']} rejected by advisor)" if r["rejected"] else ""))
        for b in r["bad"][:5]:
            print("  ", b[0], b[1], "\n      advisor:", json.dumps(b[2], ensure_ascii=False), "\n      clips:  ", json.dumps(b[3], ensure_ascii=False))
    print(f"disagreements: {total}")
    if QUICK:
        return 1 if total else 0

    # The speed table, from this run, on the set with unknown fields (the harder one) and the known one.
    rows = []
    for r in runs[:2]:
        bench = subprocess.run([BENCH, "evaluate", r["path"], "--detail", "decision", "--rounds", "3", "--jobs", "1"],
                               capture_output=True, text=True, check=True).stdout
        cached = float(bench.split("median ")[1].split(" ")[0])
        uncached = float(bench.rsplit("Advisor.decide: ", 1)[1].split(" ")[0])
        rows.append((r["name"], [
            ("advisor evaluation alone (batch path, class cache, 1 thread)", cached),
            ("advisor evaluation alone (Advisor.decide, no cache)", uncached),
            ("advisor batch end to end (process, read, write; all cores)", r["count"] / r["batch"]),
            (f"CLIPS, {CHUNK} profiles per reset+assert+run", r["count"] / r["many"]),
            (f"CLIPS, reset+assert+run per profile ({r['each_count']} profiles)", r["each_count"] / r["each"]),
        ]))
    print()
    print("| profiles | engine | evaluations/s | ratio to CLIPS per profile |")
    print("| --- | --- | ---: | ---: |")
    for name, cells in rows:
        base = cells[-1][1]
        for label, rate in cells:
            print(f"| {name} | {label} | {rate:,.0f} | {rate / base:,.1f}× |")
    return 1 if total else 0


sys.exit(main())
