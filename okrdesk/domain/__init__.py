"""Pure Python rules of okrdesk: scoring, pace, forecast, formulas, rollups,
quality checks. No Qt, no SQLAlchemy: every function takes and returns plain values."""
