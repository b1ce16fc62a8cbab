"""Training, saving and loading the model."""
