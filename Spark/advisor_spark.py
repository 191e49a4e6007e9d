"""`advisor batch` as a stage of Apache Spark.

    spark-submit [--master ...] advisor_spark.py INPUT [OUTPUT] [--advisor PROGRAM]
                 [--partitions N] [--check] [--expect-rejected K] [-- BATCH OPTIONS...]

INPUT is a text file (or folder, or glob) of profiles as JSON Lines, on any file system Spark
reads (a local path, hdfs://..., s3a://...). Each partition is piped through
`PROGRAM batch - -q BATCH OPTIONS` with RDD.pipe; RDD.pipe keeps the order within a
partition and the partitions keep the order of the file, so the advice is in input order.
The advice is written to OUTPUT with saveAsTextFile (part-00000, part-00001, ... in order),
or, without OUTPUT, to standard output.

The advisor exits 2 when it rejected a record (it reports the record on standard error, which
is the executor's log, and leaves it out): that is expected, not a failure. Any other nonzero
status (a crash, a signal, a usage error), or rules that cannot be loaded, fails the task and
so the job.

--check (INPUT a local file): also run one plain `PROGRAM batch INPUT -q BATCH OPTIONS` and
compare: the concatenated advice must be the same bytes and both must have rejected the same
number of records (K, if given). Prints a summary; exits 1 on any difference.
"""
import argparse
import glob
import os
import shlex
import subprocess
import sys
import time

from pyspark.sql import SparkSession

# Only these variables reach the advisor: RDD.pipe starts it with exactly the environment it is
# given (none by default). The locale picks the default language when --lang is not given;
# ADVISOR_RULES a rule set other than the one built in (a path on the executors).
PASSED_ENV = ("PATH", "LANG", "LC_ALL", "LC_MESSAGES", "ADVISOR_RULES")


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
    args.batch_options = argv[cut + 1:]
    return args


def pipe_command(program, options):
    """`program batch - -q options` under sh, with exit status 2 (records rejected) made 0.

    Exit status 2 also means that the rules could not be loaded, which must fail the task,
    not pass as "every record rejected": so the advisor is first run on no input, which
    exits 0 when it can start at all (rules, options) and reports why not otherwise."""
    script = ('"$0" batch - -q "$@" </dev/null >/dev/null || exit; '
              '"$0" batch - -q "$@"; rc=$?; [ "$rc" -eq 0 ] || [ "$rc" -eq 2 ] || exit "$rc"')
    return shlex.join(["sh", "-c", script, program, *options])


def read_parts(folder):
    """The bytes of saveAsTextFile's part files, concatenated in partition order."""
    folder = folder.removeprefix("file://")
    return b"".join(open(f, "rb").read() for f in sorted(glob.glob(os.path.join(folder, "part-*"))))


def check(args, env, spark_bytes, spark_seconds, partitions):
    """Compare the Spark advice with one plain run of the advisor on the same file."""
    with open(args.input.removeprefix("file://"), "rb") as f:
        records = sum(1 for line in f if line.rstrip(b"\r\n"))  # empty lines are no records
    start = time.monotonic()
    single = subprocess.run([args.advisor, "batch", args.input.removeprefix("file://"), "-q", *args.batch_options],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    single_seconds = time.monotonic() - start
    rejected_spark = records - spark_bytes.count(b"\n")
    rejected_single = records - single.stdout.count(b"\n")

    problems = []
    if single.returncode != (2 if rejected_single else 0):
        problems.append(f"the plain run exited {single.returncode} with {rejected_single} rejected records")
    if spark_bytes != single.stdout:
        a, b = spark_bytes.split(b"\n"), single.stdout.split(b"\n")
        first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        problems.append(f"the advice differs, first at output line {first + 1}")
    if rejected_spark != rejected_single:
        problems.append(f"Spark rejected {rejected_spark} records, the plain run {rejected_single}")
    if args.expect_rejected is not None and rejected_single != args.expect_rejected:
        problems.append(f"{args.expect_rejected} bad records were expected, {rejected_single} were rejected")

    print(f"records {records}, rejected {rejected_spark} (Spark) / {rejected_single} (plain), "
          f"partitions {partitions}, advice {len(spark_bytes)} bytes")
    print(f"Spark {spark_seconds:.1f} s, one plain advisor batch {single_seconds:.1f} s")
    for problem in problems:
        print("DIFFERENCE:", problem)
    print("same advice, byte for byte" if not problems else "FAILED")
    return not problems


def main():
    args = parse_args()
    env = {k: os.environ[k] for k in PASSED_ENV if k in os.environ}
    spark = SparkSession.builder.appName("advisor-batch").getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel("WARN")

    start = time.monotonic()
    profiles = sc.textFile(args.input, minPartitions=args.partitions)
    advice = profiles.pipe(pipe_command(args.advisor, args.batch_options), env=env, checkCode=True)
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
