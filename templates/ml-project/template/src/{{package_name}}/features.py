"""Turn a FeatureSchema into the preprocessing step of the model pipeline."""

from __future__ import annotations

from sklearn.base import BaseEstimator
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from .schema import FeatureSchema


def build_preprocessor(schema: FeatureSchema) -> ColumnTransformer:
    """Impute and scale numbers; impute and one-hot encode categories.

    Imputers are fitted on every column, so a value missing at prediction time is
    filled in even where the training data had none.
    """
    transformers = []
    if schema.numeric:
        numeric = make_pipeline(SimpleImputer(strategy="median"), StandardScaler())
        transformers.append(("numeric", numeric, schema.numeric))
    if schema.categorical:
        categorical = make_pipeline(
            SimpleImputer(strategy="most_frequent"),
            # "ignore": a category never seen in training encodes as all zeros instead
            # of failing the request. Dense output, because gradient boosting needs it.
            OneHotEncoder(handle_unknown="ignore", sparse_output=False),
        )
        transformers.append(("categorical", categorical, schema.categorical))
    return ColumnTransformer(transformers)


def build_pipeline(schema: FeatureSchema, estimator: BaseEstimator) -> Pipeline:
    """The one object that is trained, saved and served: preprocessing plus model."""
    return Pipeline([("preprocess", build_preprocessor(schema)), ("model", estimator)])
