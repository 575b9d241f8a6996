"""The public face of the network: the public search and story pages, and the public API."""
