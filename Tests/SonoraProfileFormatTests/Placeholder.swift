// Tests for this target land with its feature work.
