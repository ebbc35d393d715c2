"""Recipe configs: find a recipe, merge overrides, validate against one schema."""
