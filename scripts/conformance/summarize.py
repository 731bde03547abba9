"""Print what the conformance suites found and decide whether the run passes.

Usage: python summarize.py SCIM2_TESTER_JSON SCIM_SANITY_JSON [REPORT_JSON]

Reads the JSON written by run_scim2_tester.py and by `scim-sanity probe --json-output`,
prints one summary line per suite and every result that did not pass with its reason, writes
both suites' results to REPORT_JSON when given, and exits 1 when a check failed or errored.

What fails the run:
- scim2-tester: ERROR and DEVIATION (failed), CRITICAL (error), and SKIPPED. We never filter
  by tag, so the tester skips only when /ServiceProviderConfig says PATCH is unsupported or
  when the published schemas leave it nothing to test; both mean discovery misdescribes us.
- scim-sanity: FAIL and ERROR, as its own exit code does. WARN (a tolerated deviation) and
  SKIP (the Agent and AgenticApplication phases, which we do not serve) are only reported.
"""

import json
import sys
from datetime import datetime, timezone
from importlib.metadata import version

TESTER_PASSING = {"SUCCESS", "COMPLIANT", "ACCEPTABLE"}
SANITY_PASSING = {"pass"}


def load(path: str):
    """The suite's JSON, or None when the suite crashed before writing it."""
    try:
        with open(path, encoding="utf-8") as file:
            return json.load(file)
    except (OSError, ValueError):
        return None


def crashed(suite: str) -> dict:
    return {
        "suite": suite,
        "version": version(suite),
        "summary": {"total": 1, "passed": 0, "failed": 0, "errors": 1, "skipped": 0},
        "nonPassing": [
            {
                "check": "suite run",
                "status": "ERROR",
                "reason": "the suite stopped without writing results; see its output above",
            }
        ],
        "results": [],
    }


def tester_suite(raw) -> dict:
    if raw is None:
        return crashed("scim2-tester")
    non_passing = [
        {
            "check": r["check"] + (f" [{r['resourceType']}]" if r["resourceType"] else ""),
            "status": r["status"],
            "reason": r["reason"],
        }
        for r in raw["results"]
        if r["status"] not in TESTER_PASSING
    ]
    return {**raw, "nonPassing": non_passing}


def sanity_suite(raw) -> dict:
    if raw is None:
        return crashed("scim-sanity")
    summary = raw["summary"]
    non_passing = [
        {
            "check": f"{r['phase']}: {r['name']}",
            "status": r["status"].upper(),
            "reason": " ".join(part for part in (r.get("message"), r.get("details")) if part),
        }
        for r in raw["results"]
        if r["status"] not in SANITY_PASSING
    ]
    return {
        "suite": "scim-sanity",
        "version": raw["scim_sanity_version"],
        "mode": raw["mode"],
        "summary": {
            "total": summary["total"],
            "passed": summary["passed"],
            "failed": summary["failed"],
            "errors": summary["errors"],
            "warnings": summary["warnings"],
            "skipped": summary["skipped"],
        },
        "issues": raw.get("issues", []),
        "nonPassing": non_passing,
        "results": raw["results"],
    }


def breaks_the_run(suite: dict) -> bool:
    summary = suite["summary"]
    skips_fail = suite["suite"] == "scim2-tester"
    return summary["failed"] + summary["errors"] + (summary["skipped"] if skips_fail else 0) > 0


def print_suite(suite: dict) -> None:
    s = suite["summary"]
    counts = f"{s['passed']} passed, {s['failed']} failed, {s['errors']} errors"
    if "warnings" in s:
        counts += f", {s['warnings']} warnings"
    counts += f", {s['skipped']} skipped ({s['total']} results)"
    verdict = "FAIL" if breaks_the_run(suite) else "ok"
    models = suite.get("models", "discovered")
    label = f"{suite['suite']} {suite['version']}"
    if models != "discovered":
        label += f" [{models}]"
    print(f"{label}: {counts} -> {verdict}")
    for check in suite["nonPassing"]:
        # Reasons can span lines (expected and returned values); keep them under their check.
        reason = (check["reason"] or "").strip().replace("\n", "\n      ")
        print(f"  {check['status']} {check['check']}: {reason}")


def main() -> int:
    tester_path, sanity_path = sys.argv[1:3]
    report_path = sys.argv[3] if len(sys.argv) > 3 else ""
    suites = [tester_suite(load(tester_path)), sanity_suite(load(sanity_path))]

    print()
    for suite in suites:
        print_suite(suite)

    if report_path:
        report = {
            "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "suites": suites,
        }
        with open(report_path, "w", encoding="utf-8") as file:
            json.dump(report, file, indent=2, ensure_ascii=False)
        print(f"\nResults written to {report_path}")

    return 1 if any(breaks_the_run(s) for s in suites) else 0


if __name__ == "__main__":
    sys.exit(main())
