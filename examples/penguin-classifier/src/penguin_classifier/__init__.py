"""Predict a penguin's species from its measurements (Palmer penguins)."""
