#!/usr/bin/env python3
"""Verify a consultation's export against the portal's integrity ledger, with nothing but the Python standard library.

    python3 verify_export.py https://portal.example dns-cert-business-case-2010

1. Downloads the ledger through the public API and recomputes every entry's hash and link (docs/ledger.md).
2. Downloads the consultation's submissions.json export and, for every row, the hashed content of its current version
   (.../versions/N.txt): its SHA-256 must be the row's contentHash, its text line must be the row's text, and that
   hash must be recorded by a SubmissionVersion entry of the verified chain.
Prints the ledger head it verified and one line per problem; exits 1 if there is any. See docs/verifying-an-export.md.
"""
import hashlib
import json
import re
import sys
import urllib.parse
import urllib.request

GENESIS = "0" * 64


def get(url):
    with urllib.request.urlopen(url) as response:
        return response.read()


def escape(value):
    return value.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n")


def canonical(*fields):
    return "".join(f"{name}={escape(value)}\n" for name, value in fields)


def sha256(data):
    return hashlib.sha256(data if isinstance(data, bytes) else data.encode("utf-8")).hexdigest()


def instant(text):
    """A JSON instant as the ledger hashes it: UTC with seven fractional digits and a Z."""
    match = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,7}))?(Z|\+00:00)", text)
    if not match:
        raise ValueError(f"not a UTC instant: {text}")
    return f"{match.group(1)}.{(match.group(2) or '').ljust(7, '0')}Z"


def ledger_entries(site):
    cursor = None
    while True:
        query = "?limit=200" + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else "")
        page = json.loads(get(f"{site}/api/v1/ledger/entries{query}"))
        yield from page["items"]
        cursor = page.get("next")
        if not cursor:
            return


def main(site, slug):
    problems = []
    previous, receipts, count = GENESIS, set(), 0
    for entry in ledger_entries(site):
        count += 1
        if entry["sequence"] != count:
            problems.append(f"ledger entry {count} is missing")
        computed = sha256(canonical(("sequence", str(entry["sequence"])), ("kind", entry["kind"]),
                                    ("subject", entry["subjectId"].lower()), ("content", entry["contentHash"]),
                                    ("recordedAt", instant(entry["recordedAt"])), ("previous", entry["previousHash"])))
        if entry["previousHash"] != previous:
            problems.append(f"ledger entry {entry['sequence']} does not chain to the entry before it")
        if computed != entry["hash"]:
            problems.append(f"ledger entry {entry['sequence']} does not match its hash")
        if entry["kind"] == "SubmissionVersion":
            receipts.add(entry["contentHash"])
        previous = entry["hash"]
    print(f"ledger: {count} entries, head {previous}")

    rows = json.loads(get(f"{site}/consultations/{slug}/submissions.json"))
    for row in rows:
        content = get(f"{site}/consultations/{slug}/submissions/{row['id']}/versions/{row['currentVersion']}.txt")
        if sha256(content) != row["contentHash"]:
            problems.append(f"submission {row['id']}: its hashed content does not hash to the exported contentHash")
        if f"\ntext={escape(row['text'])}\n" not in content.decode("utf-8"):
            problems.append(f"submission {row['id']}: the exported text is not the text that was hashed")
        if row["contentHash"] not in receipts:
            problems.append(f"submission {row['id']}: its contentHash is not in the ledger")
    print(f"export: {len(rows)} submissions of {slug} checked")

    for problem in problems:
        print(f"PROBLEM {problem}")
    print("verified" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1].rstrip("/"), sys.argv[2]))
