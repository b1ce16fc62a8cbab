"""The generated k8s/ manifests are valid Kubernetes for every answer that changes them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from tests.conftest import CreateProject

VARIANTS = {
    "default": {},
    "named": {"project_name": "Análisis de precios", "github_user": "Some-Org"},
}


def documents(project: Path) -> dict[str, dict[str, Any]]:
    base = project / "k8s" / "base"
    kustomization = yaml.safe_load((base / "kustomization.yaml").read_text("utf-8"))
    return {
        name: yaml.safe_load((base / name).read_text("utf-8"))
        for name in kustomization["resources"]
    }


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_base_manifests_validate_strictly(new_project: CreateProject, variant: str) -> None:
    project = new_project(variant, **VARIANTS[variant]).destination

    manifests = documents(project)

    assert {doc["kind"] for doc in manifests.values()} == {
        "Deployment",
        "Service",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
    }
    for name, document in manifests.items():
        kubernetes_validate.validate(document, kubernetes_validate.latest_version(), strict=True)
        assert document["metadata"]["name"].isascii(), name


def test_the_image_is_lowercase_as_registries_require(new_project: CreateProject) -> None:
    project = new_project("named", **VARIANTS["named"]).destination

    (container,) = documents(project)["deployment.yaml"]["spec"]["template"]["spec"]["containers"]

    assert container["image"] == "ghcr.io/some-org/analisis-de-precios:latest"
