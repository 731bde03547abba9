"""Run scim2-tester's check_server against a SCIM base URL and write every result as JSON.

The pinned scim2-tester has no command line of its own and returns Python objects, so this
script counts the statuses itself; scripts/conformance/summarize.py prints them.

Usage: python run_scim2_tester.py BASE_URL TOKEN OUTPUT_JSON [--rfc-models]

--rfc-models describes the server to the tester with the RFC 7643 User (with the enterprise
extension) and Group models instead of discovering them. It is a diagnostic for a server
whose discovery endpoints are missing or broken, where check_server would otherwise stop
after discovery; CI never uses it, because the real clients discover.
"""

import json
import sys
from collections import Counter
from importlib.metadata import version

from httpx2 import Client
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_models import (
    Bulk,
    ChangePassword,
    EnterpriseUser,
    ETag,
    Filter,
    Group,
    Patch,
    ResourceType,
    ScimProvider,
    ServiceProviderConfig,
    Sort,
    User,
)
from scim2_tester import Status, check_server

# SUCCESS meets a MUST, COMPLIANT a SHOULD, ACCEPTABLE uses a MAY: all pass.
PASSING = {Status.SUCCESS, Status.COMPLIANT, Status.ACCEPTABLE}
# ERROR breaks a MUST and DEVIATION ignores a SHOULD: both count as failed.
FAILED = {Status.ERROR, Status.DEVIATION}
# CRITICAL is a security or protocol-level break: counted as an error.
ERRORS = {Status.CRITICAL}


def rfc_provider() -> ScimProvider:
    """What README.md says the service supports, as the RFC models."""
    config = ServiceProviderConfig(
        patch=Patch(supported=True),
        bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
        filter=Filter(supported=True, max_results=200),
        change_password=ChangePassword(supported=False),
        sort=Sort(supported=True),
        etag=ETag(supported=True),
    )
    return ScimProvider(
        models=[User, EnterpriseUser, Group],
        resource_types=[
            ResourceType.from_resource(User[EnterpriseUser]),
            ResourceType.from_resource(Group),
        ],
        config=config,
    )


def result_as_dict(result) -> dict:
    return {
        "check": result.title,
        "resourceType": result.resource_type,
        "status": result.status.name,
        "reason": result.reason,
        "tags": sorted(result.tags),
        # What the server answered (or the exception), cut short for the report.
        "data": None if result.data is None else repr(result.data)[:2000],
    }


def summarize(results) -> dict:
    counts = Counter(r.status for r in results)
    return {
        "total": len(results),
        "passed": sum(counts[s] for s in PASSING),
        "failed": sum(counts[s] for s in FAILED),
        "errors": sum(counts[s] for s in ERRORS),
        "skipped": counts[Status.SKIPPED],
        "byStatus": {s.name: counts[s] for s in Status if counts[s]},
    }


def main() -> int:
    base_url, token, output = sys.argv[1:4]
    rfc_models = "--rfc-models" in sys.argv[4:]
    http = Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"}, timeout=30)
    client = SyncSCIMClient(http, provider=rfc_provider()) if rfc_models else SyncSCIMClient(http)
    results = check_server(client, raise_exceptions=False)

    report = {
        "suite": "scim2-tester",
        "version": version("scim2-tester"),
        "models": "rfc (diagnostic)" if rfc_models else "discovered",
        "summary": summarize(results),
        "results": [result_as_dict(r) for r in results],
    }
    with open(output, "w", encoding="utf-8") as file:
        json.dump(report, file, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
