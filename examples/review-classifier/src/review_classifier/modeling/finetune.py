"""Fine-tuning: train the whole transformer, not only a layer on top of it.

The embedding candidate keeps the pre-trained encoder frozen and fits a logistic
regression on its output. Fine-tuning also adjusts the encoder's 22 million
weights to the task, which usually scores higher, and costs a forward and a
backward pass per text and epoch: minutes on a GPU, far longer on a CPU. So it is a
candidate when training finds a GPU (config.FINE_TUNE = "auto"), or when asked for
("always").

The classifier follows scikit-learn's estimator API, so cross-validation, scoring
and the choice among candidates treat it like the others.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.class_weight import compute_class_weight
from torch.optim.lr_scheduler import LinearLR, SequentialLR

from .embeddings import EmbeddingClassifier, load_encoder, pick_device
from .pretrained import encoder_tokenizer

# The values sentence-transformers' authors fine-tune with: a small learning rate for
# the pre-trained weights, a larger one for the new layer, and 10% of warm-up steps.
ENCODER_LEARNING_RATE = 2e-5
HEAD_LEARNING_RATE = 1e-3
WARMUP_SHARE = 0.1


class FineTunedClassifier(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """all-MiniLM-L6-v2 and a linear layer, trained together on (text, label) pairs."""

    def __init__(
        self, seed: int = 0, epochs: int = 3, batch_size: int = 32, device: str | None = None
    ) -> None:
        self.seed = seed
        self.epochs = epochs
        self.batch_size = batch_size
        self.device = device

    def fit(self, texts: Sequence[str], y: Sequence[str]) -> FineTunedClassifier:
        torch.manual_seed(self.seed)
        rng = np.random.default_rng(self.seed)
        labels = np.asarray(y)
        self.classes_ = np.unique(labels)
        targets = torch.tensor(np.searchsorted(self.classes_, labels))
        device = torch.device(self.device) if self.device else pick_device()
        encoder = load_encoder(device)
        head = torch.nn.Linear(encoder.width, len(self.classes_)).to(device)
        # Balanced class weights, as the other candidates use: the project is judged
        # by balanced accuracy.
        weights = compute_class_weight("balanced", classes=self.classes_, y=labels)
        loss = torch.nn.CrossEntropyLoss(weight=torch.tensor(weights, dtype=torch.float32))
        loss = loss.to(device)
        optimizer = torch.optim.AdamW(
            [
                {"params": encoder.parameters(), "lr": ENCODER_LEARNING_RATE},
                {"params": head.parameters(), "lr": HEAD_LEARNING_RATE},
            ]
        )
        batches = -(-len(labels) // self.batch_size)  # per epoch, the last one partly full
        steps = self.epochs * batches
        # The learning rate rises over the warm-up steps, then falls linearly to zero.
        warmup = max(1, int(WARMUP_SHARE * steps))
        schedule = SequentialLR(
            optimizer,
            [
                LinearLR(optimizer, start_factor=1 / warmup, total_iters=warmup),
                LinearLR(optimizer, start_factor=1.0, end_factor=0.0, total_iters=steps - warmup),
            ],
            milestones=[warmup],
        )
        tokenizer = encoder_tokenizer()
        encoder.train()
        for _ in range(self.epochs):
            for rows in np.array_split(rng.permutation(len(labels)), batches):
                encodings = tokenizer.encode_batch([texts[row] for row in rows])
                ids = torch.tensor([e.ids for e in encodings], device=device)
                mask = torch.tensor([e.attention_mask for e in encodings], device=device)
                batch_loss = loss(head(encoder(ids, mask)), targets[rows].to(device))
                optimizer.zero_grad()
                batch_loss.backward()
                optimizer.step()
                schedule.step()
        self.model_ = EmbeddingClassifier(encoder.eval(), head).eval()
        return self

    @torch.inference_mode()
    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        tokenizer = encoder_tokenizer()
        device = next(self.model_.parameters()).device
        rows = []
        for start in range(0, len(texts), self.batch_size):
            encodings = tokenizer.encode_batch(list(texts[start : start + self.batch_size]))
            ids = torch.tensor([e.ids for e in encodings], device=device)
            mask = torch.tensor([e.attention_mask for e in encodings], device=device)
            rows.append(self.model_(ids, mask).float().cpu().numpy())
        return np.concatenate(rows) if rows else np.zeros((0, len(self.classes_)))

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self.classes_[np.argmax(self.predict_proba(texts), axis=1)])
