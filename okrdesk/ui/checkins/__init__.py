"""Check-ins of key results: the dialog (value, confidence, comment, status override)
with the full history listed and charted (PRODUCT.md §2, §3)."""
