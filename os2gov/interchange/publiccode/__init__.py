"""publiccode.yml in and out of the product catalogue (PRD-08).

* ``schema``: the JSON Schema of the standard's fields that OS2gov reads and writes;
* ``reader``: bytes -> a checked document, with problems named by field path and line;
* ``mapping``: a checked document -> what the catalogue and the profile hold;
* ``importer``: the writes, through the catalogue's and the registry's services;
* ``exporter``: a product -> a publiccode.yml 0.4 document, checked on the way out.
"""
