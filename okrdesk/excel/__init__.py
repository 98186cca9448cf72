"""Excel workbooks: format, reading, validation, merge plans, writing. No Qt."""
