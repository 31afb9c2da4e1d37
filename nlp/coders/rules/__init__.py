"""Rule machinery shared by the pain-point and forces coders: text preparation, cue lexicons and the
clause context (negation, hypotheticals, resolution) around a cue."""
