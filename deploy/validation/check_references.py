"""Cross-references between the deployment files that no JSON schema can see.

    python check_references.py <repository root>

Compose: every `depends_on` names a service of the same file, every named volume is declared.
Kubernetes: deploy/k8s/kustomization.yaml lists every manifest beside it, and every key that a
container takes from the ConfigMap or the Secret exists there (a missing one stops the pod with
CreateContainerConfigError only at deploy time). Prints one line per problem; exit 1 if any.
"""

import sys
from pathlib import Path

import yaml


def load_all(path: Path) -> list:
    with path.open(encoding="utf-8") as file:
        return [doc for doc in yaml.safe_load_all(file) if doc is not None]


def volume_source(volume: "str | dict") -> "str | None":
    """The named volume a service mounts; None for a bind mount or an anonymous volume."""
    if isinstance(volume, dict):
        source = volume.get("source") if volume.get("type", "volume") == "volume" else None
    else:
        source = volume.split(":")[0] if ":" in volume else None
    if source is None or source.startswith((".", "/", "~", "$")):
        return None
    return source


def compose_problems(path: Path) -> list[str]:
    (compose,) = load_all(path)
    services = compose.get("services") or {}
    declared_volumes = set((compose.get("volumes") or {}).keys())
    problems = []
    for name, service in services.items():
        depends_on = service.get("depends_on") or []
        for dependency in depends_on:
            if dependency not in services:
                problems.append(f"{path}: service {name} depends on unknown service {dependency}")
        for volume in service.get("volumes") or []:
            source = volume_source(volume)
            if source is not None and source not in declared_volumes:
                problems.append(
                    f"{path}: service {name} mounts volume {source}, missing from the top-level volumes"
                )
    return problems


def env_file_keys(path: Path) -> set[str]:
    keys = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            keys.add(line.split("=", 1)[0])
    return keys


def containers_of(resource: dict) -> list[dict]:
    pod = ((resource.get("spec") or {}).get("template") or {}).get("spec") or {}
    return (pod.get("containers") or []) + (pod.get("initContainers") or [])


def kubernetes_problems(folder: Path) -> list[str]:
    problems = []
    kustomization = load_all(folder / "kustomization.yaml")[0]
    listed = set(kustomization.get("resources") or [])
    present = {p.name for p in folder.glob("*.yaml") if p.name != "kustomization.yaml"}
    for missing in sorted(present - listed):
        problems.append(f"{folder}/kustomization.yaml: {missing} is not listed in resources")

    config_keys: dict[str, set[str]] = {}
    for name in listed & present:
        for resource in load_all(folder / name):
            if resource.get("kind") == "ConfigMap":
                config_keys[resource["metadata"]["name"]] = set((resource.get("data") or {}).keys())
    for generator in kustomization.get("secretGenerator") or []:
        keys = set()
        for env_file in generator.get("envs") or []:
            # The real file is the user's (never committed); its example documents the keys.
            keys |= env_file_keys(folder / f"{env_file}.example")
        config_keys[generator["name"]] = keys

    for name in sorted(listed & present):
        for resource in load_all(folder / name):
            for container in containers_of(resource):
                for variable in container.get("env") or []:
                    source = variable.get("valueFrom") or {}
                    ref = source.get("configMapKeyRef") or source.get("secretKeyRef")
                    if ref is None or ref.get("optional"):
                        continue
                    known = config_keys.get(ref["name"])
                    if known is None:
                        problems.append(
                            f"{folder}/{name}: {container['name']} reads {variable['name']} from {ref['name']}, which this base does not define"
                        )
                    elif ref["key"] not in known:
                        problems.append(
                            f"{folder}/{name}: {container['name']} reads key {ref['key']} of {ref['name']}, which has no such key"
                        )
    return problems


def main() -> int:
    root = Path(sys.argv[1])
    compose_files = [root / "docker-compose.yml", *sorted((root / "deploy/compose").glob("*.yml"))]
    problems = [p for f in compose_files for p in compose_problems(f)]
    problems += kubernetes_problems(root / "deploy/k8s")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
