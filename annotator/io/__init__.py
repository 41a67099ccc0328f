"""Importers and exporters: text, HTML, JSON/JSONL, CSV and the JSONL span format. No Qt.

The public entry points, used by the CLI and the window alike:

- :func:`annotator.io.importer.import_paths` -- files and folders into a project;
- :func:`annotator.io.export.export_spans` -- spans out as CSV or JSONL;
- :func:`annotator.io.reading.read_text` -- one text file, decoded safely.
"""
