"""Response bodies of the API; request bodies depend on the model (see `request_models`)."""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictStr

from ..modeling.metadata import ModelMetadata
from ..results import ModelScores


class HealthStatus(BaseModel):
    """Liveness: the process is up and answering."""

    status: Literal["ok"] = "ok"


class ReadyStatus(BaseModel):
    """Readiness: whether a model is loaded and predictions can be served."""

    status: Literal["ready", "not_ready"]


class Problem(BaseModel):
    """One reason a request was rejected; `loc` is the path to the field."""

    loc: list[str | int]
    msg: str
    type: str


class InvalidRequest(BaseModel):
    """A 422: `message` for people, `detail` (FastAPI's usual shape) for programs."""

    message: str
    detail: list[Problem]


class FeatureInfo(BaseModel):
    """One input feature, as the model saw it in training."""

    name: str
    kind: Literal["numeric", "categorical", "text", "image"]
    dtype: str
    nullable: bool = Field(description="Null is accepted (missing values are imputed).")
    categories: list[Any] | None = Field(description="Accepted values of a categorical feature.")
    min: float | None = Field(
        description="Smallest value seen in training (not enforced); a text's least length."
    )
    max: float | None = Field(
        description="Largest value seen in training (not enforced); a text's greatest length."
    )


class ModelInfo(BaseModel):
    """What is being served: identity, inputs, outputs and how well it did on held-out data."""

    # `model_version` clashes with pydantic's reserved `model_` prefix.
    model_config = ConfigDict(protected_namespaces=())

    name: str = Field(validation_alias="project", description="Project that trained it.")
    model_version: str
    task: Literal["classification", "regression"]
    target: str
    model: str
    estimator: str
    features: list[FeatureInfo]
    classes: list[str] | None
    metrics: ModelScores = Field(description="Model and baseline, on the test split and in CV.")
    trained_at: str
    data_sha256: str
    n_train: int
    n_test: int
    library_versions: dict[str, str]
    example: dict[str, Any] = Field(
        validation_alias="example_record", description="A real record from the test split."
    )

    @classmethod
    def from_metadata(cls, metadata: ModelMetadata) -> "ModelInfo":
        """Describe the model that `metadata` was saved with."""
        return cls.model_validate(metadata, from_attributes=True)


REQUEST_ID = "Names this prediction: send it with the true outcome to POST /v1/feedback."


class ClassificationPrediction(BaseModel):
    """The predicted class and the probability of every class."""

    model_config = ConfigDict(protected_namespaces=())

    prediction: str
    probabilities: dict[str, float]
    model_version: str
    request_id: str = Field(description=REQUEST_ID)


class RegressionPrediction(BaseModel):
    """The predicted value."""

    model_config = ConfigDict(protected_namespaces=())

    prediction: float
    model_version: str
    request_id: str = Field(description=REQUEST_ID)


# Two plain classes rather than one generic: the generic's spelling differs between
# the Python versions a project can target (TypeVar before 3.12, `class C[T]` after).
class BatchClassificationPredictions(BaseModel):
    """One prediction per record, in the order the records were sent."""

    predictions: list[ClassificationPrediction]
    request_id: str = Field(description="The batch's id; its n-th prediction's is `<id>-<n>`.")


class BatchRegressionPredictions(BaseModel):
    """One prediction per record, in the order the records were sent."""

    predictions: list[RegressionPrediction]
    request_id: str = Field(description="The batch's id; its n-th prediction's is `<id>-<n>`.")


class Feedback(BaseModel):
    """The true outcome of a prediction, once it is known."""

    request_id: str = Field(
        min_length=1, max_length=100, description="The `request_id` of the prediction."
    )
    # A number is accepted for a class too: a CSV's classes 0 and 1 are the labels "0", "1".
    # Strict: true is not 1 and "2.5" is not a number.
    actual: StrictStr | StrictFloat = Field(description="The true class label, or the true value.")


class FeedbackReceipt(BaseModel):
    """Feedback recorded next to its prediction (sent again, it replaces the earlier one)."""

    model_config = ConfigDict(protected_namespaces=())

    request_id: str
    actual: str | float
    prediction: str | float
    model_version: str
