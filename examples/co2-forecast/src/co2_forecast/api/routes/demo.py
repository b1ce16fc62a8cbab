"""The demo page at `/`: the series' last observations and the forecast, as a chart.

The page, its script and style sheet are static files (api/demo/); the script reads
the history and the horizon from GET /v1/model and draws what POST /v1/forecast
answers for the horizon chosen. Every asset is served by the app: the page loads
nothing from anywhere else.
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
    """The demo: choose a horizon, see the forecast and its interval after the history."""
    return HTMLResponse(PAGE)


def mount_demo_assets(app: FastAPI) -> None:
    """Serve the page's script and style sheet under /demo/."""
    app.mount("/demo", StaticFiles(directory=DEMO_DIR), name="demo")
