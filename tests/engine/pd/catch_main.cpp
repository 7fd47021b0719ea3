// tests/engine/pd/catch_main.cpp: the one Catch2 main for engine test binaries
// (built once as medic_engine_test_main).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
