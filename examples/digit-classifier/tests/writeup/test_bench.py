"""The bench step: the real service, timed over HTTP on 127.0.0.1."""

from __future__ import annotations

import dataclasses
import json

import pytest

from writeup.bench import measure_latency
from writeup.paths import WriteupPaths
from writeup.project import ModelMetadata, ProjectError


def test_latency_is_measured_over_http_and_saved(writeup_paths: WriteupPaths) -> None:
    latency = measure_latency(writeup_paths, requests=10)

    saved = json.loads(writeup_paths.latency_file.read_text())
    assert saved == dataclasses.asdict(latency)
    assert latency.requests == 10
    assert "127.0.0.1" in latency.client
    assert 0 < latency.p50_ms <= latency.p95_ms <= latency.p99_ms
    metadata = ModelMetadata.load(writeup_paths.run.metadata_file)
    assert latency.model_version == metadata.model_version


def test_too_few_requests_are_refused(writeup_paths: WriteupPaths) -> None:
    with pytest.raises(ProjectError, match="at least 2"):
        measure_latency(writeup_paths, requests=1)


def test_a_service_that_cannot_start_is_reported_in_one_line(
    writeup_paths: WriteupPaths,
) -> None:
    writeup_paths.run.metadata_file.with_name("model.onnx").write_bytes(b"not a model")

    with pytest.raises(ProjectError, match="did not start"):
        measure_latency(writeup_paths, requests=2)
