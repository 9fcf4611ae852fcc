"""Committee reports: one content model, rendered as HTML, XLSX or Markdown."""
