"""Turn a FeatureSchema into the preprocessing step of the model pipeline."""

from __future__ import annotations

from sklearn.base import BaseEstimator
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from .schema import MISSING_CATEGORY, FeatureSchema


def build_preprocessor(schema: FeatureSchema, *, scale: bool = True) -> ColumnTransformer:
    """Impute (and, when `scale`, standardise) numbers; impute and one-hot encode categories.

    Imputers are fitted on every column, so a value missing at prediction time is
    filled in even where the training data had none.
    """
    transformers = []
    if schema.numeric:
        steps = [SimpleImputer(strategy="median")] + ([StandardScaler()] if scale else [])
        transformers.append(("numeric", make_pipeline(*steps), schema.numeric))
    if schema.categorical:
        categorical = make_pipeline(
            # The empty string, not NaN, marks a gap: the ONNX export needs string
            # columns without NaN (see schema.MISSING_CATEGORY).
            SimpleImputer(strategy="most_frequent", missing_values=MISSING_CATEGORY),
            # "ignore": a category never seen in training encodes as all zeros instead
            # of failing the request. Dense output, because gradient boosting needs it.
            OneHotEncoder(handle_unknown="ignore", sparse_output=False),
        )
        transformers.append(("categorical", categorical, schema.categorical))
    return ColumnTransformer(transformers)


def build_pipeline(schema: FeatureSchema, estimator: BaseEstimator) -> Pipeline:
    """The one object that is trained, saved and served: preprocessing plus model.

    Only linear models get standardised numbers. Trees split on raw values, and a
    scaler in front of them would make the ONNX export (which computes in float32)
    land scaled values on the other side of a split than scikit-learn does.
    """
    scale = isinstance(estimator, LogisticRegression | Ridge)
    return Pipeline([("preprocess", build_preprocessor(schema, scale=scale)), ("model", estimator)])
