"""WallWatch: notice your emotional walls — when you withdraw, when you open up."""

__version__ = "0.1.0"
APP_NAME = "WallWatch"
