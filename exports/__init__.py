"""Excel workbooks and Power BI extracts, built from rows into files."""
