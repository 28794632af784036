"""`N_()`: marks an English word for readers in Python as a message id of the catalogs.

Python keeps the key -> English message id tables (status labels, kinds, relation words,
page titles...); `make messages` extracts every `N_("...")` into the catalog template, and
the code that builds a page translates the id with the page's catalog
(`templating.environment(language=...)`). No import: models and catalog use it too.
"""


def N_(message: str) -> str:
    """The message id itself: marks it for extraction; translated where it is shown."""
    return message
