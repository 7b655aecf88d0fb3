"""Which normalizer wrote a database's search index (store/search_index.py), read at every open without
loading the normalizer itself: its stemmer is named (a test keeps it equal to search/normalize.py's), so a
database indexed otherwise is re-indexed."""

INDEX_VERSION = "1-english"
INDEX_KEY = "search_index_version"
