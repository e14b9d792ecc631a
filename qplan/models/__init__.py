"""Frozen data models of the catalogue, plan documents and providers."""
