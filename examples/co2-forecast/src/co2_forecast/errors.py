"""The project's exceptions: their messages are written for the person at the terminal."""


class ProjectError(Exception):
    """A problem the user can fix; the CLI prints the message without a traceback."""


class DataError(ProjectError):
    """The data cannot be loaded, or cannot train a model as it is."""


class ModelLoadError(ProjectError):
    """A saved model is missing, or is not safe to load."""


class ExportError(ProjectError):
    """The ONNX export of a trained pipeline does not predict what the pipeline does."""


class PredictionLogError(ProjectError):
    """The prediction log (PREDICTION_LOG) cannot be opened or read."""
