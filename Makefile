# Two commands do everything, on a fresh machine too:
#   make run    set up .venv (and missing system libraries) and launch WallWatch
#   make test   set up .venv with test tools and run every check and test
# Packaging (slow, so apart from make test): make package, make package-test (packaging/README.md)
.PHONY: run test lint setup setup-test bench clean demo package package-test

VENV := .venv
BIN := $(VENV)/bin
ARGS ?=

run: setup
	$(BIN)/wallwatch $(ARGS)

demo: setup
	$(BIN)/wallwatch --demo $(ARGS)

setup:
	@bash scripts/bootstrap.sh run

setup-test:
	@bash scripts/bootstrap.sh test

lint: setup-test
	$(BIN)/ruff check src tests
	$(BIN)/lint-imports
	$(BIN)/mypy

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(ARGS)

bench: setup-test
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/run.py $(if $(QUICK),--quick,)

# The double-clickable bundle for this platform in dist/ (and, on Linux, its tarball).
package: setup
	$(BIN)/python packaging/build.py

# Build the bundle, then run it as a person would (tests/packaging/test_bundle.py).
package-test: setup-test
	$(BIN)/python packaging/build.py
	QT_QPA_PLATFORM=offscreen WALLWATCH_TEST_BUNDLE=1 $(BIN)/python -m pytest tests/packaging $(ARGS)

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
