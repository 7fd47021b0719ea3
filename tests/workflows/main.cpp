// The one Catch2 main of drill_tests.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
