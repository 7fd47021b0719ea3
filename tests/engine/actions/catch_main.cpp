// tests/engine/actions/catch_main.cpp: the one Catch2 main shared by the
// write-path test binaries (actions, safety).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
