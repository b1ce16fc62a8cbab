"""Sentence embeddings from the pre-trained transformer, and the classifier built on them.

all-MiniLM-L6-v2 turns a text into 384 numbers: the mean of its word pieces'
vectors, scaled to length 1, as sentence-transformers computes it. Texts with
similar meanings get nearby vectors even when they share no words, which is what
a bag of words cannot see. A logistic regression on these vectors is "transfer
learning": the transformer's knowledge of English is reused, and only the last
layer is trained here, which takes seconds on a CPU.

torch is a training dependency only: the classifier is exported to ONNX, and the
service runs that.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import torch
from sklearn.linear_model import LogisticRegression
from torch.nn import functional
from transformers import AutoModel

from .predict import ATTENTION_MASK, INPUT_IDS
from .pretrained import encoder_tokenizer, model_dir

# Texts per forward pass: large enough to keep the CPU busy, small enough for memory.
BATCH_SIZE = 64
PROBABILITIES = "probabilities"


def pick_device() -> torch.device:
    """The fastest device present: a CUDA GPU, Apple's MPS, else the CPU."""
    if torch.cuda.is_available():
        return torch.device("cuda")
    if torch.backends.mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


class SentenceEncoder(torch.nn.Module):
    """The transformer with sentence-transformers' pooling: the masked mean, unit length."""

    def __init__(self, transformer: torch.nn.Module, width: int) -> None:
        super().__init__()
        self.transformer = transformer
        self.width = width  # numbers per sentence embedding: 384 for all-MiniLM-L6-v2

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        hidden = self.transformer(
            input_ids=input_ids,
            attention_mask=attention_mask,
            token_type_ids=torch.zeros_like(input_ids),  # one segment per text
        ).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
        return functional.normalize(pooled, p=2, dim=1)


class EmbeddingClassifier(torch.nn.Module):
    """Encoder, then a linear layer and softmax: token ids to class probabilities."""

    def __init__(self, encoder: SentenceEncoder, head: torch.nn.Linear) -> None:
        super().__init__()
        self.encoder = encoder
        self.head = head

    @classmethod
    def from_logistic(
        cls, encoder: SentenceEncoder, head: LogisticRegression
    ) -> EmbeddingClassifier:
        """The logistic regression fitted on the embeddings, as the linear layer."""
        weights = torch.tensor(head.coef_, dtype=torch.float32)
        bias = torch.tensor(head.intercept_, dtype=torch.float32)
        if len(head.classes_) == 2:
            # scikit-learn gives a binary model one score z: P(second class) = sigmoid(z).
            # softmax([-z/2, z/2]) is exactly [1 - sigmoid(z), sigmoid(z)].
            weights, bias = torch.cat([-weights / 2, weights / 2]), torch.cat([-bias / 2, bias / 2])
        linear = torch.nn.Linear(weights.shape[1], weights.shape[0])
        with torch.no_grad():
            linear.weight.copy_(weights)
            linear.bias.copy_(bias)
        return cls(encoder, linear.to(next(encoder.parameters()).device))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        scores = self.head(self.encoder(input_ids, attention_mask))
        return torch.softmax(scores, dim=1)  # columns in the order of the classes


def load_encoder(device: torch.device | None = None) -> SentenceEncoder:
    """The pre-trained encoder, from the files installed with the package, in eval mode."""
    transformer = AutoModel.from_pretrained(str(model_dir()), local_files_only=True)
    encoder = SentenceEncoder(transformer, width=int(transformer.config.hidden_size)).eval()
    return encoder.to(device or pick_device())


@torch.inference_mode()
def embed(encoder: SentenceEncoder, texts: list[str]) -> np.ndarray:
    """One unit-length vector per text, in order; float32, shape [len(texts), 384]."""
    tokenizer = encoder_tokenizer()
    device = next(encoder.parameters()).device
    # Batches of similar lengths carry little padding: about twice as fast as in order.
    order = np.argsort([len(text) for text in texts], kind="stable")
    vectors: np.ndarray | None = None
    for start in range(0, len(texts), BATCH_SIZE):
        rows = order[start : start + BATCH_SIZE]
        encodings = tokenizer.encode_batch([texts[row] for row in rows])
        ids = torch.tensor([e.ids for e in encodings], device=device)
        mask = torch.tensor([e.attention_mask for e in encodings], device=device)
        batch = encoder(ids, mask).float().cpu().numpy()
        if vectors is None:
            vectors = np.zeros((len(texts), batch.shape[1]), dtype=np.float32)
        vectors[rows] = batch
    return vectors if vectors is not None else np.zeros((0, 0), dtype=np.float32)


def export_classifier(classifier: EmbeddingClassifier, path: Path) -> None:
    """Write the classifier as one ONNX graph: input_ids, attention_mask -> probabilities."""
    model = classifier.to("cpu").eval()
    ids = torch.tensor([[101, 2023, 3185, 2001, 2307, 102], [101, 2919, 102, 0, 0, 0]])
    mask = (ids != 0).long()
    axes = {0: "texts", 1: "tokens"}
    # The TorchScript exporter (dynamo=False): the torch.export-based one needs
    # onnxscript, one more dependency. Its deprecation and tracer warnings say nothing
    # about this model, whose export is checked against the head's own predictions
    # before training finishes (onnx_export.check_export).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            model,
            (ids, mask),
            str(path),
            dynamo=False,
            opset_version=17,
            input_names=[INPUT_IDS, ATTENTION_MASK],
            output_names=[PROBABILITIES],
            dynamic_axes={INPUT_IDS: axes, ATTENTION_MASK: axes, PROBABILITIES: {0: "texts"}},
        )
