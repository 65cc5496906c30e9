#!/usr/bin/env python3
"""gcov, less the branches taken only when an exception is thrown.

scripts/coverage.sh hands this to lcov as --gcov-tool. It runs gcov with the
same arguments, then removes every branch that gcov marks "throw" from the
JSON files (*.gcov.json.gz) that gcov wrote in the current directory.

Why: the lcov 1.16 of Debian 12 accepts --rc geninfo_no_exception_branch=1
but ignores it. Its geninfo defines intermediate_json_to_info twice (perl
warns "Subroutine ... redefined" at every run), and the second definition,
the one that is used, copies every branch whatever its "throw" flag. Every
call that may throw has such a branch to its unwinding code; counted, they
would measure how many calls throw rather than which decisions were taken.
With an lcov that honours the setting this changes nothing.
"""
import glob
import gzip
import json
import os
import subprocess
import sys

GCOV = os.environ.get("SEALOG_GCOV", "gcov")


def main() -> int:
    before = set(glob.glob("*.gcov.json.gz"))
    rc = subprocess.call([GCOV] + sys.argv[1:])
    for name in sorted(set(glob.glob("*.gcov.json.gz")) - before):
        with gzip.open(name, "rt", encoding="utf-8") as f:
            data = json.load(f)
        for source in data.get("files", []):
            for line in source.get("lines", []):
                if "branches" in line:
                    line["branches"] = [b for b in line["branches"] if not b.get("throw")]
        with gzip.open(name, "wt", encoding="utf-8") as f:
            json.dump(data, f)
    return rc


if __name__ == "__main__":
    sys.exit(main())
