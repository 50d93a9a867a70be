"""Reading and writing other tools' file formats. Imports no Qt."""
