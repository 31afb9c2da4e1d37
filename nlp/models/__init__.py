"""Shipped model weights (.npz), installed with the package; see scripts/ for how each is trained."""
