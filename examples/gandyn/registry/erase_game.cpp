// The registry's games behind one type, compiled once for the program and the Python module.
#include <gandyn/registry/erase_game.hpp>
