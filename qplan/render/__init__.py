"""Renderers: result objects in, text, JSON-ready data or rich renderables out. No printing here."""
