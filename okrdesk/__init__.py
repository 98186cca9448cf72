"""okrdesk: offline KPI trees and OKRs on your desktop."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("okrdesk")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

APP_NAME = "okrdesk"
ORGANIZATION = "okrdesk"
