"""Open a model's ONNX export with onnxruntime, as the service runs it."""

from __future__ import annotations

from pathlib import Path

import onnxruntime as ort

from ..errors import ModelLoadError


def open_session(onnx_path: Path) -> ort.InferenceSession:
    """An onnxruntime session on the CPU for the model at `onnx_path`; ModelLoadError if
    onnxruntime cannot load it.

    One thread per session: a prediction takes microseconds to milliseconds, less than
    waking a pool would, and the service's cores are better spent on requests (run more
    workers to use them).
    """
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 3  # errors only
    try:
        return ort.InferenceSession(
            str(onnx_path), sess_options=options, providers=["CPUExecutionProvider"]
        )
    except Exception as err:  # onnxruntime raises its own Fail/InvalidGraph types
        raise ModelLoadError(f"{onnx_path} is not a model onnxruntime can load: {err}") from err
