"""The read-only open data API (``/api/v1/``): Django REST framework + drf-spectacular."""
