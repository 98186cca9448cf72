"""Measurement entry: a table of one KPI's values with add, edit, delete and paste from Excel.

``paste`` is plain Python (no Qt); the dialog and its model import Qt.
"""
