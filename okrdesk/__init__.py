"""okrdesk: offline KPI trees and OKRs on your desktop."""

# The one place the version is written; pyproject.toml reads it from here
# (importlib.metadata would cost ~40 ms at every start).
__version__ = "0.1.0"

APP_NAME = "okrdesk"
ORGANIZATION = "okrdesk"
