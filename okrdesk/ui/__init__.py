"""Qt user interface: main window, one package per view, dialogs, undo commands."""
