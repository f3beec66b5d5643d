// The consensus games behind the registry's erased game, compiled once for the program and the
// Python module (its own unit: see registry/erase_consensus_game.hpp).
#include <gandyn/registry/erase_consensus_game.hpp>
