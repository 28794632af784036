# policy-timeline: build, preview and test.
#
#   make site    set up (venv, npm packages, vendored assets) and build the site into site/
#   make test    set up (venv, npm packages, vendored assets, Debian chromium) and run all tests
#   make test-fast  the tests for the edit loop: no browser, no real MkDocs build, no wheel
#   make serve   live preview on http://127.0.0.1:8000/
#   make dist    the sdist and the wheel in dist/ (with the vendored TimelineJS)
#
# Every set-up step is idempotent: a stamp file records when it last ran, and it runs
# again only when its input (pyproject.toml, package-lock.json) is newer.
# Downloads come only from PyPI (pip), the npm registry (npm ci) and Debian (apt-get).

PYTHON      ?= $(shell command -v python3.11 || command -v python3)
VENV        ?= .venv
PY          := $(VENV)/bin/python
VENDOR      := generator/policy_timeline/assets/vendor
TIMELINEJS  := node_modules/@knight-lab/timelinejs
# pytest-xdist: two workers (CI has 2 cores). Override, e.g. `make test PYTEST_ARGS=-x`.
PYTEST_ARGS ?= -n 2

export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PYTHONDONTWRITEBYTECODE := 1

.DEFAULT_GOAL := help
.PHONY: help venv node browser vendor site serve test test-fast bench screenshots dist wheel clean distclean messages

help:
	@echo "make site     build the site into site/ (strict)"
	@echo "make test     run the whole test suite (installs what it needs)"
	@echo "make test-fast  the tests without browser, real builds and the wheel (edit loop)"
	@echo "make serve    live preview on http://127.0.0.1:8000/"
	@echo "make bench    build, check and serve benchmark (BENCH_ARGS='--quick', '--against REF', '--write')"
	@echo "make screenshots  build the site, then PNGs of its main pages into screenshots/ (to look at)"
	@echo "make dist     build the sdist and the wheel into dist/"
	@echo "make messages update the message catalogs (locales/) from the templates and the code"
	@echo "make clean    remove site/, vendored assets and caches (distclean: also .venv, node_modules)"

# ---- Python: .venv with the project (editable) and its test extras, from PyPI --------------
venv: $(VENV)/.stamp-pip

$(PY):
	@if ! $(PYTHON) -c 'import ensurepip' 2>/dev/null; then \
	    scripts/apt-ensure.sh /usr/lib/python3.11/ensurepip/__init__.py python3.11-venv; \
	fi
	$(PYTHON) -m venv $(VENV)

# policy_timeline.egg-info at the top: metadata of an install from before the package moved
# into generator/ (its entry points name `generator.plugin`); MkDocs, run from here, would
# find it before the real one.
$(VENV)/.stamp-pip: pyproject.toml | $(PY)
	rm -rf policy_timeline.egg-info
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

# ---- Node: npm packages from the committed package-lock.json -------------------------------
node: node_modules/.stamp-npm

node_modules/.stamp-npm: package.json package-lock.json
	@command -v npm >/dev/null || { echo "*** npm not found: install Node.js 20 and npm" >&2; exit 1; }
	npm ci --no-audit --no-fund
	@touch $@

# ---- Debian's Chromium for the browser tests (apt-get; never `playwright install`) ---------
browser:
	@scripts/apt-ensure.sh --optional /usr/bin/chromium chromium

# ---- Vendored front-end assets: copied from node_modules into the package ------------------
# TimelineJS (MPL-2.0) with the licences of the code bundled in it. The folder is generated
# and gitignored. axe-core is NOT vendored: the browser tests inject it from node_modules.
# VERSION is written last, so it doubles as the stamp (no hidden file ends up in the site).
vendor: $(VENDOR)/timelinejs/VERSION

$(VENDOR)/timelinejs/VERSION: node_modules/.stamp-npm Makefile
	rm -rf $(VENDOR)/timelinejs
	mkdir -p $(VENDOR)/timelinejs/js/locale $(VENDOR)/timelinejs/css/icons
	cp $(TIMELINEJS)/dist/js/timeline.js \
	   $(TIMELINEJS)/dist/js/timeline.js.map \
	   $(TIMELINEJS)/dist/js/timeline.js.LICENSE.txt  $(VENDOR)/timelinejs/js/
	cp $(TIMELINEJS)/dist/js/locale/*.json            $(VENDOR)/timelinejs/js/locale/
	cp $(TIMELINEJS)/dist/css/timeline.css \
	   $(TIMELINEJS)/dist/css/timeline.css.map        $(VENDOR)/timelinejs/css/
	cp $(TIMELINEJS)/dist/css/icons/tl-icons.*        $(VENDOR)/timelinejs/css/icons/
	cp $(TIMELINEJS)/LICENSE                          $(VENDOR)/timelinejs/LICENSE
	cp node_modules/dompurify/LICENSE                 $(VENDOR)/timelinejs/LICENSE.dompurify
	cp node_modules/wicg-inert/LICENSE.md             $(VENDOR)/timelinejs/LICENSE.wicg-inert.md
	node -e 'const p=require("./$(TIMELINEJS)/package.json"); console.log(p.name+" "+p.version+" ("+p.license+")")' \
	    > $@.tmp
	mv $@.tmp $@

# ---- The site -------------------------------------------------------------------------------
site: venv vendor
	$(VENV)/bin/policy-timeline build --strict

serve: venv vendor
	$(VENV)/bin/policy-timeline serve

# ---- Tests ----------------------------------------------------------------------------------
test: venv vendor browser
	$(PY) -m pytest $(PYTEST_ARGS)

# The edit loop: leaves out the tests marked browser (Chromium), build (a real MkDocs build)
# and wheel (sdist + wheel + fresh venv); the markers are declared in pyproject.toml.
test-fast: venv vendor
	$(PY) -m pytest -m "not browser and not build and not wheel" $(PYTEST_ARGS)

# e.g. make bench BENCH_ARGS='--against main --write'  (see benchmark/README.md)
bench: venv vendor
	$(PY) benchmark/run.py $(BENCH_ARGS)

# Home, timeline, an event, the Mistral AI page and the interactive view; light and dark;
# 1280 and 390 px wide: screenshots/*.png and screenshots/index.html (gitignored), for a
# person to look at. SHOT_ARGS='--site site' shoots an already built site.
screenshots: venv vendor browser
	$(PY) scripts/screenshots.py $(SHOT_ARGS)

# ---- Packages: the sdist, then the wheel built from it (python -m build, isolated) ------------
# Vendoring first, so both carry TimelineJS; tests/test_wheel.py installs such a wheel.
dist: venv vendor
	rm -rf dist
	$(PY) -m build --outdir dist .

wheel: dist

clean:
	rm -rf site .site.build.* .site.old.* build dist $(VENDOR) .pytest_cache .hypothesis benchmark/out screenshots \
	    *.egg-info generator/*.egg-info
	find . -path ./.venv -prune -o -path ./node_modules -prune -o \
	    -name __pycache__ -type d -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) node_modules

# ---- Message catalogs: every _("...") of the templates and N_("...") of the code ----------
# Extracts the message ids into locales/messages.pot and merges them into each language's
# locales/<lang>/LC_MESSAGES/messages.po: new words arrive with an empty msgstr (or a
# "fuzzy" guess from a similar one), removed ones are dropped. Translate the empty and
# fuzzy entries (remove the `#, fuzzy` line), then `make test` (tests/test_catalogs.py fails
# while a word has no translation). A new language: make messages NEW_LANGUAGE=xx.
messages: $(VENV)/.stamp-pip
	$(PY) -c 'import sys; from policy_timeline.catalogs import update_catalogs; \
	    left = update_catalogs(new=tuple(filter(None, sys.argv[1:]))); \
	    print("\n".join(f"{k}: {n} message(s) to translate" for k, n in left.items()))' $(NEW_LANGUAGE)
