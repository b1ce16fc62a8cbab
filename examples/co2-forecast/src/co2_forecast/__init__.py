"""Forecast the monthly CO2 concentration at Mauna Loa (Scripps, via statsmodels)."""
