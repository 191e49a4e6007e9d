"""`advisor batch` as a stage of Apache Spark.

    spark-submit [--master ...] advisor_spark.py INPUT [OUTPUT] [--advisor PROGRAM]
                 [--partitions N] [--check] [--expect-rejected K] [-- BATCH OPTIONS...]

INPUT is a text file (or folder, or glob) of profiles as JSON Lines, on any file system Spark
reads (a local path, hdfs://..., s3a://...). Each partition is piped through
`PROGRAM batch - -q BATCH OPTIONS` with RDD.pipe; RDD.pipe keeps the order within a
partition and the partitions keep the order of the file, so the advice is in input order.
The advice is written to OUTPUT with saveAsTextFile (part-00000, part-00001, ... in order),
or, without OUTPUT, to standard output.

Line numbers. Each record of advice carries the "line" of its profile. Piped through standard
input, a partition's lines count from 1 at the partition's first line, so a first, cheap job
counts the records of every partition (empty and blank lines included: Spark keeps them as
records and the advisor counts them as lines), and each record's "line" is moved by its partition's
offset: it is the line of the file. With a folder or glob, lines count from 1 again at each
file's first partition (the records do not name their file). The rewrite touches only the
advisor's own "line" member (the first member, or the second, after "id"): the bytes are
otherwise the advisor's.

BATCH OPTIONS default to `--detail decision` (no texts: far smaller and faster) unless
--detail is given. Only JSON Lines output can be split over partitions and joined again, so
--output-format json|csv, --format json|csv, input files, -o/--output, --errors, --summary
(which would be written per partition, on the executors) and --fail-fast are refused.

The advisor exits 2 when it rejected a record (it reports the record on standard error, which
is the executor's log, and leaves it out): that is expected, not a failure. Those reports name
the line within the partition (`<stdin>:L:C: ...`): the file's line is L + F - 1, where F
is the first line of that task's partition, which the driver writes to spark-submit's standard
error before the advice ("partition K: first line F of FILE"; the task of partition K is
"task K.0" in the log). Any other nonzero status (a crash, a
signal, a usage error), or rules that cannot be loaded, fails the task and so the job.

--check (INPUT a local file): also run one plain `PROGRAM batch INPUT -q BATCH OPTIONS` and
compare: the concatenated advice must be the same bytes, and both must have rejected the same
lines of the file (the plain run's --errors against the lines that have no advice from
Spark), K of them if given. Prints a summary; exits 1 on any difference.
"""
import argparse
import glob
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time

from pyspark.sql import SparkSession

# Only these variables reach the advisor: RDD.pipe starts it with exactly the environment it is
# given (none by default). The locale picks the default language when --lang is not given;
# ADVISOR_RULES a rule set other than the one built in (a path on the executors).
PASSED_ENV = ("PATH", "LANG", "LC_ALL", "LC_MESSAGES", "ADVISOR_RULES")

# The options of `advisor batch` that take a value (`--name VALUE`, `--name=VALUE`, `-s VALUE`),
# as its parser reads them: needed to tell a value from an input file.
VALUE_OPTIONS = {"--output": "-o", "--format": None, "--output-format": None, "--detail": None,
                 "--errors": None, "--summary": None, "--lang": "-l", "--jobs": "-j",
                 "--rules": None, "--max-firings": None}
SHORT_VALUE_OPTIONS = {short: long for long, short in VALUE_OPTIONS.items() if short}

# The start of a record of advice as `advisor batch` writes it in JSON Lines: "{", then "id"
# (always a string; its escapes are skipped whole, so \" and \\ cannot end it early), then its
# "line". With one input (standard input) there is no "file" member between them.
LINE_MEMBER = re.compile(r'\{(?:"id":"(?:[^"\\]|\\.)*",)?"line":(0|[1-9][0-9]*)(?=[,}])')


class Refused(Exception):
    pass


def parse_args():
    p = argparse.ArgumentParser(description="advisor batch as a stage of Apache Spark")
    p.add_argument("input")
    p.add_argument("output", nargs="?")
    p.add_argument("--advisor", default="advisor", help="the advisor program on the executors (default: advisor on PATH)")
    p.add_argument("--partitions", type=int, default=6, help="at least this many partitions of the input")
    p.add_argument("--check", action="store_true", help="compare with one plain run (local INPUT)")
    p.add_argument("--expect-rejected", type=int, help="with --check: the number of bad records in INPUT")
    # What follows "--" goes to 'advisor batch' (e.g. --lang ja); split off by hand, since
    # argparse does not separate it well from the optional OUTPUT.
    argv = sys.argv[1:]
    cut = argv.index("--") if "--" in argv else len(argv)
    args = p.parse_args(argv[:cut])
    try:
        args.batch_options = batch_options(argv[cut + 1:])
    except Refused as refusal:
        p.error(f"{refusal} (BATCH OPTIONS: {shlex.join(argv[cut + 1:])})")
    return args


def batch_options(options):
    """The options for `advisor batch`, checked as its parser reads them, with --detail decision
    added when no --detail is given. Raises Refused for what cannot run per partition."""
    values = {}  # long name -> last value, as the advisor keeps the last of a repeated option
    i = 0
    while i < len(options):
        word = options[i]
        i += 1
        if word == "--" or word == "-" or not word.startswith("-"):
            raise Refused(f"'{word}': give no input to 'advisor batch': each partition is its standard input (INPUT is the file to read)")
        name, value = (word.split("=", 1) + [None])[:2] if word.startswith("--") else (SHORT_VALUE_OPTIONS.get(word, word), None)
        if name in ("-h", "--help"):
            raise Refused("for the options of 'advisor batch', run 'advisor batch --help'")
        if name == "--fail-fast":
            raise Refused("--fail-fast would stop a partition at its first rejected record and lose its advice; leave it out")
        if name in VALUE_OPTIONS and value is None:
            if i == len(options):
                break  # the advisor reports the missing value
            value = options[i]
            i += 1
        if name in VALUE_OPTIONS:
            values[name] = value
    for name in ("--output", "--errors", "--summary"):
        if name in values:
            raise Refused(f"{name} would be written by every partition on its executor; "
                          + ("give OUTPUT to advisor_spark.py instead" if name == "--output"
                             else "the rejected records are reported in the executors' logs" if name == "--errors"
                             else "one partition's summary is not the input's"))
    if values.get("--output-format", "jsonl") != "jsonl":
        raise Refused(f"--output-format {values['--output-format']}: only jsonl (JSON Lines) can be split over partitions "
                      "and joined again (a JSON array or a CSV header per partition cannot be concatenated)")
    if values.get("--format", "jsonl") != "jsonl":
        raise Refused(f"--format {values['--format']}: the input is read as lines, so it must be JSON Lines (jsonl)")
    return options if "--detail" in values else [*options, "--detail", "decision"]


def pipe_command(program, options):
    """`program batch - -q options` under sh, with exit status 2 (records rejected) made 0.

    Exit status 2 also means that the rules could not be loaded, which must fail the task,
    not pass as "every record rejected": so the advisor is first run on no input, which
    exits 0 when it can start at all (rules, options) and reports why not otherwise."""
    script = ('"$0" batch - -q "$@" </dev/null >/dev/null || exit; '
              '"$0" batch - -q "$@"; rc=$?; [ "$rc" -eq 0 ] || [ "$rc" -eq 2 ] || exit "$rc"')
    return shlex.join(["sh", "-c", script, program, *options])


def note(sc, text):
    """Write text to spark-submit's standard error (the JVM's, where Spark logs), not Python's:
    spark-submit merges the driver's Python standard error into its standard output, which
    carries the advice when no OUTPUT is given."""
    sc._jvm.System.err.println(text)


def splits(sc, rdd):
    """The file and first byte of each partition of sc.textFile's RDD, in order, from its Hadoop
    input splits (None when Spark does not show them; then the input is taken as one file)."""
    try:
        hadoop = rdd._jrdd.rdd().dependencies().head().rdd()  # textFile: HadoopRDD.map(...)
        return [(split.getPath().toString(), split.getStart())
                for split in (p.inputSplit().value() for p in hadoop.partitions())]
    except Exception as error:  # py4j: not a HadoopRDD, or an internal changed
        note(sc, f"advisor_spark: the partitions' files are not known ({type(error).__name__}: {error}); "
                 "lines are counted through the whole input as one file")
        return None


def first_lines(sc, profiles):
    """For each partition, the line of its file at which it starts (1 for a file's first)."""
    counts = profiles.mapPartitions(lambda records: [sum(1 for _ in records)]).collect()
    where = splits(sc, profiles)
    if where is not None and len(where) != len(counts):
        note(sc, f"advisor_spark: {len(where)} input splits for {len(counts)} partitions; "
                 "lines are counted through the whole input as one file")
        where = None
    where = where or [(None, None)] * len(counts)
    firsts, line, files = [], 1, []
    for index, (count, (file, start)) in enumerate(zip(counts, where)):
        if index == 0 or start == 0:  # a file's first split (also when a file is read twice)
            line = 1
        firsts.append(line)
        files.append(file)
        line += count
    note(sc, "".join(f"advisor_spark: partition {index}: first line {first}" + (f" of {file}" if file else "") + "\n"
                     for index, (first, file) in enumerate(zip(firsts, files))).rstrip("\n"))
    return firsts


def shift_lines(firsts):
    """A function for mapPartitionsWithIndex that moves each record's "line" by its partition's
    offset, rewriting only those digits; a record that does not start as the advisor's records
    do fails the task."""
    def shift(index, advice):
        offset = firsts.value[index] - 1
        for record in advice:
            m = LINE_MEMBER.match(record)
            if not m:
                raise ValueError(f"advisor_spark: partition {index}: a record of advice without its \"line\" "
                                 f"where the advisor writes it (is this JSON Lines?): {record[:200]!r}")
            yield record[:m.start(1)] + str(int(m.group(1)) + offset) + record[m.end(1):] if offset else record
    return shift


def read_parts(folder):
    """The bytes of saveAsTextFile's part files, concatenated in partition order."""
    folder = folder.removeprefix("file://")
    return b"".join(open(f, "rb").read() for f in sorted(glob.glob(os.path.join(folder, "part-*"))))


def listed(lines, most=10):
    """Some line numbers for a message."""
    lines = sorted(lines)
    return ", ".join(map(str, lines[:most])) + (f" and {len(lines) - most} more" if len(lines) > most else "")


def check(args, env, spark_bytes, spark_seconds, partitions):
    """Compare the Spark advice with one plain run of the advisor on the same file."""
    path = args.input.removeprefix("file://")
    with open(path, "rb") as f:  # lines of only JSON whitespace are skipped, the others are records
        record_lines = {n for n, line in enumerate(f, 1) if line.strip(b" \t\r\n")}
    with tempfile.TemporaryDirectory() as folder:
        errors = os.path.join(folder, "errors.jsonl")
        start = time.monotonic()
        single = subprocess.run([args.advisor, "batch", path, "-q", *args.batch_options, "--errors", errors],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        single_seconds = time.monotonic() - start
        rejected_single = {json.loads(l).get("line") for l in open(errors, "rb")} if os.path.exists(errors) else set()
    advised_spark = [int(m.group(1)) if m else None
                     for m in map(LINE_MEMBER.match, spark_bytes.decode("utf-8", "replace").splitlines())]
    rejected_spark = len(record_lines) - len(advised_spark)
    unadvised_spark = record_lines - set(advised_spark)  # with the file's line numbers

    problems = []
    if single.returncode != (2 if rejected_single else 0):
        problems.append(f"the plain run exited {single.returncode} with {len(rejected_single)} rejected records")
    if spark_bytes != single.stdout:
        a, b = spark_bytes.split(b"\n"), single.stdout.split(b"\n")
        first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        problems.append(f"the advice differs, first at output line {first + 1}")
    if None in advised_spark or len(set(advised_spark)) != len(advised_spark) or not set(advised_spark) <= record_lines:
        problems.append("Spark's advice has records without a line, with a line twice, or with a line that is no record")
    if rejected_spark != len(rejected_single):
        problems.append(f"Spark rejected {rejected_spark} records, the plain run {len(rejected_single)}")
    if unadvised_spark != rejected_single:
        problems.append(f"the lines without advice from Spark are not those the plain run rejected: "
                        f"only from Spark, lines {listed(unadvised_spark - rejected_single) or 'none'}; "
                        f"only from the plain run, lines {listed(rejected_single - unadvised_spark) or 'none'}")
    if args.expect_rejected is not None and len(rejected_single) != args.expect_rejected:
        problems.append(f"{args.expect_rejected} bad records were expected, {len(rejected_single)} were rejected")

    print(f"records {len(record_lines)}, rejected {rejected_spark} (Spark) / {len(rejected_single)} (plain), "
          f"partitions {partitions}, advice {len(spark_bytes)} bytes, options {shlex.join(args.batch_options)}")
    print(f"rejected lines of the file: {listed(rejected_single) or 'none'}"
          + (" (the same lines have no advice from Spark)" if unadvised_spark == rejected_single else ""))
    print(f"Spark {spark_seconds:.1f} s (of which counting the partitions' lines {args.count_seconds:.1f} s), "
          f"one plain advisor batch {single_seconds:.1f} s")
    for problem in problems:
        print("DIFFERENCE:", problem)
    print("same advice, byte for byte, with the file's line numbers" if not problems else "FAILED")
    return not problems


def main():
    args = parse_args()
    env = {k: os.environ[k] for k in PASSED_ENV if k in os.environ}
    spark = SparkSession.builder.appName("advisor-batch").getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel("WARN")

    start = time.monotonic()
    profiles = sc.textFile(args.input, minPartitions=args.partitions)
    firsts = sc.broadcast(first_lines(sc, profiles))
    args.count_seconds = time.monotonic() - start
    advice = (profiles.pipe(pipe_command(args.advisor, args.batch_options), env=env, checkCode=True)
              .mapPartitionsWithIndex(shift_lines(firsts), preservesPartitioning=True))
    if args.output:
        advice.saveAsTextFile(args.output)
    elif args.check:
        collected = advice.collect()  # partitions in order, each in its order
    else:
        for line in advice.toLocalIterator():  # one partition at a time, in order
            sys.stdout.write(line + "\n")
    spark_seconds = time.monotonic() - start
    partitions = profiles.getNumPartitions()
    spark.stop()

    if args.check:
        spark_bytes = read_parts(args.output) if args.output else "".join(l + "\n" for l in collected).encode()
        sys.exit(0 if check(args, env, spark_bytes, spark_seconds, partitions) else 1)


if __name__ == "__main__":
    main()
