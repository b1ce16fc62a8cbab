"""Dependencies shared by the routes, as `Annotated` aliases (`predictor: PredictorDep`)."""

from typing import Annotated

from fastapi import Depends, HTTPException, Request, status

from ..modeling.predict import Predictor
from ..settings import Settings


# Both are `async` on purpose: FastAPI runs plain `def` dependencies in a thread
# pool, a needless hop for a lookup on app.state.
async def get_predictor(request: Request) -> Predictor:
    """The predictor loaded at startup; 503 while there is none."""
    predictor: Predictor | None = request.app.state.predictor
    if predictor is None:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail="model not loaded")
    return predictor


async def get_settings(request: Request) -> Settings:
    """The settings this app was created with (not necessarily the environment's)."""
    settings: Settings = request.app.state.settings
    return settings


PredictorDep = Annotated[Predictor, Depends(get_predictor)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
