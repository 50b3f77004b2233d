"""nnshape's dashboard: Panel + HoloViews views of the model."""
