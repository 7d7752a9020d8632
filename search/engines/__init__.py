"""Search engines behind one interface: embedded (default) and Elasticsearch."""
