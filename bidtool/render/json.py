"""``-f json``: the documents live in :mod:`bidtool.documents.json` (the results'
``to_dict()`` contract); this module is their renderer's name for them."""

from bidtool.documents.json import criteria_document as criteria_document
from bidtool.documents.json import dumps as dumps
from bidtool.documents.json import ranking_document as ranking_document
from bidtool.documents.json import render_ranking as render_ranking
from bidtool.documents.json import scenarios_document as scenarios_document
from bidtool.documents.json import weighting_document as weighting_document
