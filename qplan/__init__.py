"""qplan: Lernpfade für das Fortbildungsprogramm „Qualifiziert ins Quartier!“ planen und prüfen."""

__version__ = "0.1.0"
