"""Playing a session in the terminal: the text presenter over the session flow."""
