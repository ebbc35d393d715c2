"""Data modules: each turns a dataset on disk (or bundled) into in-memory arrays and a spec."""
