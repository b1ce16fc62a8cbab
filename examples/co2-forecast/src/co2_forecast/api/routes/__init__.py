"""One router per resource: health checks, model metadata, predictions."""
