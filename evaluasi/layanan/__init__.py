"""Services: operations that span several models, called by views, commands and tests."""
