"""Dependencies shared by the routes, as `Annotated` aliases (`predictor: PredictorDep`)."""

from typing import Annotated

from fastapi import Depends, HTTPException, Request, status

from ..modeling.predict import SeriesForecaster


# `async` on purpose: FastAPI runs plain `def` dependencies in a thread pool, a
# needless hop for a lookup on app.state.
async def get_predictor(request: Request) -> SeriesForecaster:
    """The forecaster loaded at startup; 503 while there is none."""
    predictor: SeriesForecaster | None = request.app.state.predictor
    if predictor is None:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail="model not loaded")
    return predictor


PredictorDep = Annotated[SeriesForecaster, Depends(get_predictor)]
