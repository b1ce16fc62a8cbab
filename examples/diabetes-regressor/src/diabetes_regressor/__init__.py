"""Predict diabetes progression one year ahead from baseline health measurements."""
