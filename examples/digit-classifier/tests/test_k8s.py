"""k8s/: whole, valid Kubernetes manifests that run this service as it is built and served."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from digit_classifier.api.routes.health import router as health_routes
from digit_classifier.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "k8s" / "base"
OVERLAY = ROOT / "k8s" / "overlays" / "example"
# Validated against the newest Kubernetes release whose schemas kubernetes-validate ships.
KUBERNETES = kubernetes_validate.latest_version()


def load(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return document


def manifests() -> list[Path]:
    return [BASE / name for name in load(BASE / "kustomization.yaml")["resources"]]


@pytest.fixture(scope="module")
def deployment() -> dict[str, Any]:
    return load(BASE / "deployment.yaml")


@pytest.fixture(scope="module")
def container(deployment: dict[str, Any]) -> dict[str, Any]:
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    return container


@pytest.mark.parametrize("path", manifests(), ids=lambda path: path.name)
def test_each_manifest_is_valid_kubernetes(path: Path) -> None:
    kubernetes_validate.validate(load(path), KUBERNETES, strict=True)


def test_the_base_lists_every_manifest_in_it() -> None:
    listed = {path.name for path in manifests()}
    present = {path.name for path in BASE.glob("*.yaml")} - {"kustomization.yaml"}
    assert listed == present


def test_the_probes_ask_the_routes_the_service_has(container: dict[str, Any]) -> None:
    routes = {route.path for route in health_routes.routes}  # type: ignore[attr-defined]

    assert container["readinessProbe"]["httpGet"]["path"] == "/ready"
    assert container["livenessProbe"]["httpGet"]["path"] == "/health"
    assert {"/ready", "/health"} <= routes


def test_the_port_is_the_one_the_service_listens_on(container: dict[str, Any]) -> None:
    env = {item["name"]: item["value"] for item in container["env"]}

    assert container["ports"][0]["containerPort"] == int(env["PORT"])
    assert Settings(_env_file=None, port=int(env["PORT"])).port == int(env["PORT"])  # type: ignore[call-arg]
    assert int(env["WEB_CONCURRENCY"]) >= 1


def test_the_pod_runs_as_the_images_user_on_a_read_only_root(
    deployment: dict[str, Any], container: dict[str, Any]
) -> None:
    pod = deployment["spec"]["template"]["spec"]["securityContext"]
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    uid = re.search(r"--uid (\d+)", dockerfile)

    assert pod["runAsNonRoot"] is True
    assert uid is not None
    assert pod["runAsUser"] == int(uid[1])
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    assert {"cpu", "memory"} <= set(container["resources"]["limits"])


def test_the_image_is_the_one_the_release_workflow_pushes(container: dict[str, Any]) -> None:
    release = (ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")
    repository, _, _ = container["image"].partition(":")

    assert "images: ghcr.io/${{ github.repository }}" in release
    assert repository.startswith("ghcr.io/")


def test_the_example_overlay_patches_the_base(
    deployment: dict[str, Any], container: dict[str, Any]
) -> None:
    overlay = load(OVERLAY / "kustomization.yaml")
    repository, _, _ = container["image"].partition(":")

    assert (OVERLAY / overlay["resources"][0]).resolve() == BASE
    assert [image["name"] for image in overlay["images"]] == [repository]
    for patch in overlay["patches"]:
        target = load(OVERLAY / patch["path"])
        assert target["kind"] == "Deployment"
        assert target["metadata"]["name"] == deployment["metadata"]["name"]
