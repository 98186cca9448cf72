"""Values imports from foreign spreadsheets in the app (issue #7): File → Import Values…
(the wizard), File → Import Values Again ▸ profile, File → Import History…

Modules: ``controller`` (the File menu entries, background jobs, apply as one undo
step), ``wizard`` and its pages (``pages_source`` with ``start_panel``,
``pages_layout``, ``pages_mapping``, ``pages_preview``, ``page_base``), ``state``
(what the wizard has chosen; no Qt), ``grid_model`` (the raw sheet as Excel shows it), ``mapping_model`` (labels to
nodes), ``plan_panel`` (what an import changes), ``again_dialog`` with
``place_viewer`` (the sheet around a reported cell), ``history_dialog`` and
``rename_dialog`` (renaming a profile). All reading, detection, matching and planning is
``okrdesk.excel.foreign``'s.
"""
