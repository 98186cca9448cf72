"""Small painters and widgets shared by several views (sparkline, progress, status badge)."""
