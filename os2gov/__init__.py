"""OS2gov: the governance platform for OS2 products."""
