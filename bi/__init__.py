"""Superset BI service for the warehouse: snapshot, launcher, dashboards as code."""
