"""What is being served: the metadata written next to the model at training time."""

from fastapi import APIRouter

from ..deps import PredictorDep
from ..schemas import ModelInfo

router = APIRouter(prefix="/v1", tags=["model"])


@router.get("/model", summary="The model being served")
async def model_info(predictor: PredictorDep) -> ModelInfo:
    """Name, version, inputs, classes and held-out metrics of the loaded model."""
    return ModelInfo.from_metadata(predictor.metadata)
