"""The PySide6 desktop front end. Widgets call services; no SQL or business rule lives here."""
