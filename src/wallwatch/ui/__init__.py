"""The PySide6 desktop front end. Widgets call services; no SQL or business rule lives here."""

from wallwatch.ui import pyside_imports

pyside_imports.install()  # before the app imports SQLAlchemy or matplotlib (see the module)
