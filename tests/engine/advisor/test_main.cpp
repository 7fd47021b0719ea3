// tests/engine/advisor/test_main.cpp: the one Catch2 main of the advisor tests.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
