"""The demo page at `/`: a form made from the model's schema, predicting through this API.

The page and its script are static files (api/demo/); the script builds the form from
GET /v1/model and posts to POST /v1/predict (an image model's page uploads the chosen
image, or the one from GET /v1/example, as a form would). Every asset is served by the
app: the page loads nothing from anywhere else.
"""

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

DEMO_DIR = Path(__file__).resolve().parents[1] / "demo"
PAGE = (DEMO_DIR / "index.html").read_text(encoding="utf-8")

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
async def demo_page() -> HTMLResponse:
    """The demo: fill in a record, press Predict, see the model's answer."""
    return HTMLResponse(PAGE)


def mount_demo_assets(app: FastAPI) -> None:
    """Serve the page's script and style sheet under /demo/."""
    app.mount("/demo", StaticFiles(directory=DEMO_DIR), name="demo")
