"""The schools register in the admin (技工院校): viewsets, views, forms and permission policies."""
