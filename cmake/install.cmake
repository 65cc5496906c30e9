# Installed later: headers, the library and an exported CMake package.
