// tests/bindings/main.cpp: the one Catch2 main of bindings_tests.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
