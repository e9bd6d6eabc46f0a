// Placeholder until the layer's first source lands; delete when adding one.
