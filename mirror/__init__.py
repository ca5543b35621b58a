"""The bundled offline mirror of the five seed sources: small websites with their CMS's markup.

``mirror.build`` renders every page (deterministic bytes) from templates and YAML data in
``mirror/sites/``; ``mirror.server`` serves each site on its own 127.0.0.1 port.
"""
