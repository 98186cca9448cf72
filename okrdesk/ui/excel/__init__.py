"""The Excel round trip in the GUI: export selection, progress, import preview and merge."""
