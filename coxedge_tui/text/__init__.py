"""Text for people and for files: server text made safe, sentences, times and export formats. No UI."""
