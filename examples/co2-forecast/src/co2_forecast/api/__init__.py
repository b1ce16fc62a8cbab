"""HTTP service that serves the trained model: `create_app()` builds it, `serve()` runs it."""
